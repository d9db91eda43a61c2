//! Times the phases of indexing a synthetic catalogue (profiling aid).
use capsule_search::sample::synthetic;
use capsule_search::Engine;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let docs = synthetic(count, 42);
    let t = Instant::now();
    let engine = Engine::build(docs)?;
    eprintln!("build {:?}", t.elapsed());
    let t = Instant::now();
    let related = engine.related(4);
    eprintln!("related {:?} {}", t.elapsed(), related.len());
    let t = Instant::now();
    let files = engine.export()?;
    eprintln!(
        "export {:?} {} files {} bytes",
        t.elapsed(),
        files.len(),
        files.iter().map(|f| f.bytes.len()).sum::<usize>()
    );
    Ok(())
}
