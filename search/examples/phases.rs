//! Times the three things a site build asks of the engine (indexing, related documents,
//! static export) on a synthetic catalogue, to profile them and check they scale linearly.
//!
//! Run: `cargo run --release -p capsule-search --example phases -- 100000`

use std::time::Instant;

use capsule_search::testing::sample::synthetic;
use capsule_search::Engine;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let docs = synthetic(count, 42);
    let start = Instant::now();
    let engine = Engine::build(docs)?;
    println!("{count} documents: index {:.0?}", start.elapsed());
    let start = Instant::now();
    let related = engine.related(4);
    println!("related ({} lists) {:.0?}", related.len(), start.elapsed());
    let start = Instant::now();
    let files = engine.export()?;
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "export ({} files, {bytes} bytes) {:.0?}",
        files.len(),
        start.elapsed()
    );
    Ok(())
}
