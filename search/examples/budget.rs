//! Measures what the browser downloads per query on a synthetic catalogue:
//! gzip bytes and requests for a first query, then for follow-up queries.
//!
//! Run: `cargo run --release -p capsule-search --example budget -- 10000`

use std::io::Write;

use capsule_search::ranker::StaticIndex;
use capsule_search::sample::synthetic;
use capsule_search::{Engine, ExportFile, SearchError};
use flate2::write::GzEncoder;
use flate2::Compression;

/// Sessions: a first query then follow-ups on other words.
const SESSIONS: &[&[&str]] = &[
    &["lecture", "géométrie symétrie", "calcul mental"],
    &["dictée", "musique rythme", "robot"],
    &["élèves autonomie", "orthographe", "ortographe grammaire"],
    &["orth", "orthographe", "conseil citoyen"],
    &["coopération", "fractions décimales", "jardin graines"],
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let start = std::time::Instant::now();
    let engine = Engine::build(synthetic(count, 42))?;
    let built = start.elapsed();
    let files = engine.export()?;
    println!(
        "{count} documents, built in {built:.1?}, exported in {:.1?}",
        start.elapsed() - built
    );
    print_totals(&files)?;
    for session in SESSIONS {
        run_session(&files, session)?;
    }
    Ok(())
}

fn print_totals(files: &[ExportFile]) -> std::io::Result<()> {
    let mut by_kind: Vec<(&str, usize, usize, usize)> = Vec::new();
    for file in files {
        let kind = file.path.split('/').next().unwrap_or_default();
        let gz = gzip_len(&file.bytes)?;
        match by_kind.iter_mut().find(|k| k.0 == kind) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += file.bytes.len();
                entry.3 += gz;
            }
            None => by_kind.push((kind, 1, file.bytes.len(), gz)),
        }
    }
    for (kind, n, raw, gz) in by_kind {
        println!(
            "  {kind:<12} {n:>5} files  raw {raw:>9} B  gzip {gz:>9} B  (mean {} B)",
            gz / n
        );
    }
    Ok(())
}

fn run_session(files: &[ExportFile], queries: &[&str]) -> Result<(), SearchError> {
    let mut index = StaticIndex::open(files)?;
    let mut seen = 0;
    let mut total = 0;
    println!("session:");
    for query in queries {
        let results = index.results(query, 10)?;
        let fetched = &index.fetched()[seen..];
        let bytes: usize = fetched.iter().map(|p| gzip_of(files, p)).sum();
        total += bytes;
        println!(
            "  {query:<24} {:>2} results  {:>2} requests  {:>7} B gzip  ({})",
            results.len(),
            fetched.len(),
            bytes,
            fetched.join(", ")
        );
        seen = index.fetched().len();
    }
    println!("  session total {total} B gzip, {seen} requests");
    Ok(())
}

fn gzip_of(files: &[ExportFile], path: &str) -> usize {
    let file = files.iter().find(|f| f.path == path);
    file.and_then(|f| gzip_len(&f.bytes).ok())
        .unwrap_or_default()
}

fn gzip_len(bytes: &[u8]) -> std::io::Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
