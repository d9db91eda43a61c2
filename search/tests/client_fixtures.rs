//! The committed fixtures of the JS client tests must match what tantivy gives
//! today; regenerate them with `cargo run -p capsule-search --example client_fixtures`.

use std::path::Path;

use capsule_search::testing::fixtures::{client_fixtures, FIXTURE_DIR};

#[test]
fn client_fixtures_are_up_to_date() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE_DIR);
    for file in client_fixtures()? {
        let on_disk = std::fs::read(root.join(&file.path)).unwrap_or_default();
        assert!(
            on_disk == file.bytes,
            "{} is stale: run `cargo run -p capsule-search --example client_fixtures`",
            file.path
        );
    }
    Ok(())
}
