//! Writes the browser client's test fixtures (`client/test/fixtures/`).
//!
//! Run after changing the analyzer or the export format:
//! `cargo run -p capsule-search --example client_fixtures`

use std::path::Path;

use capsule_search::testing::fixtures::{client_fixtures, FIXTURE_DIR};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE_DIR);
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    for file in client_fixtures()? {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.bytes)?;
    }
    println!("fixtures written to {}", root.display());
    Ok(())
}
