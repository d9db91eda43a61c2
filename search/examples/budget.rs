//! Measures what the browser downloads per query: gzip bytes and requests of a first query
//! for varied queries (one to three words, prefix, typo), then of follow-up queries on
//! other words, then percentiles over queries sampled from the titles (as typed, the
//! last word a prefix), plus the size of the whole export.
//!
//! Run on a synthetic catalogue: `cargo run --release -p capsule-search --example budget -- 10000`
//! or on a site's export: `cargo run --release -p capsule-search --example budget -- public/search`

use std::io::Write;
use std::path::Path;

use capsule_search::ranker::StaticIndex;
use capsule_search::sample::synthetic;
use capsule_search::{Engine, ExportFile, SearchError};
use flate2::write::GzEncoder;
use flate2::Compression;

/// First queries, each in a fresh session: `(kind, query)`.
const FIRST_QUERIES: &[(&str, &str)] = &[
    ("1 mot", "lecture"),
    ("1 mot", "élèves"),
    ("1 mot", "dictée"),
    ("2 mots", "géométrie symétrie"),
    ("2 mots", "calcul mental"),
    ("2 mots", "élèves autonomie"),
    ("3 mots", "atelier lecture autonomie"),
    ("3 mots", "élèves classe groupe"),
    ("préfixe", "orth"),
    ("préfixe", "lecture compr"),
    ("faute", "ortographe"),
    ("faute", "grammiare conjugaison"),
];

/// Sessions: a first query then follow-ups on other words.
const SESSIONS: &[&[&str]] = &[
    &["lecture", "géométrie symétrie", "calcul mental"],
    &["dictée", "musique rythme", "robot"],
    &["élèves autonomie", "orthographe", "ortographe grammaire"],
    &["orth", "orthographe", "conseil citoyen"],
    &["coopération", "fractions décimales", "jardin graines"],
];

/// Results shown on the first screen.
const FIRST_PAGE: usize = 10;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let source = std::env::args().nth(1).unwrap_or_else(|| "10000".into());
    let files = match source.parse::<usize>() {
        Ok(count) => synthetic_export(count)?,
        Err(_) => read_export(Path::new(&source))?,
    };
    let sizes = Sizes::of(&files)?;
    sizes.print_totals();
    println!(
        "\nfirst query (fresh session, results page: meta, shards, cards of the top {FIRST_PAGE})"
    );
    println!(
        "  {:<8} {:<28} {:>8} {:>9} {:>10}  files",
        "kind", "query", "results", "requests", "gzip B"
    );
    for (kind, query) in FIRST_QUERIES {
        let mut index = StaticIndex::open(&files)?;
        let found = index.results(query, FIRST_PAGE)?.len();
        let fetched = index.fetched();
        println!(
            "  {kind:<8} {query:<28} {found:>8} {:>9} {:>10}  {}",
            fetched.len(),
            sizes.gzip_of(fetched),
            fetched.join(" ")
        );
    }
    for session in SESSIONS {
        run_session(&files, &sizes, session)?;
    }
    println!("\nfirst query, {SAMPLED} queries per row made of words of a random title (fresh session each)");
    println!(
        "  {:<8} {:>14} {:>14} {:>14} {:>22} {:>12}",
        "words",
        "requests p50",
        "requests p90",
        "requests max",
        "gzip B p50/p90/max",
        "≤ 3 requests"
    );
    let titles = titles(&files)?;
    for words in 1..=3 {
        sampled_queries(&files, &sizes, &titles, words)?;
    }
    Ok(())
}

/// Queries sampled per word count.
const SAMPLED: usize = 300;

/// Every document title, from the `docs/` chunks.
fn titles(files: &[ExportFile]) -> Result<Vec<String>, SearchError> {
    let mut titles = Vec::new();
    for file in files.iter().filter(|f| f.path.starts_with("docs/")) {
        let chunk: capsule_search::export::format::DocChunk = serde_json::from_slice(&file.bytes)?;
        titles.extend(chunk.cards.into_iter().map(|card| card.2));
    }
    Ok(titles)
}

/// First queries of `words` words of 4+ letters taken in order from random titles:
/// percentiles of requests and gzip bytes.
fn sampled_queries(
    files: &[ExportFile],
    sizes: &Sizes,
    titles: &[String],
    words: usize,
) -> Result<(), SearchError> {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64 ^ words as u64;
    let (mut requests, mut bytes) = (Vec::new(), Vec::new());
    while requests.len() < SAMPLED {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let title = &titles[(seed >> 33) as usize % titles.len()];
        let candidates: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .collect();
        if candidates.len() < words {
            continue;
        }
        let start = (seed >> 13) as usize % (candidates.len() - words + 1);
        let query = candidates[start..start + words].join(" ");
        let mut index = StaticIndex::open(files)?;
        index.results(&query, FIRST_PAGE)?;
        requests.push(index.fetched().len());
        bytes.push(sizes.gzip_of(index.fetched()));
    }
    let within = requests.iter().filter(|&&r| r <= 3).count();
    let (r, b) = (percentiles(&mut requests), percentiles(&mut bytes));
    println!(
        "  {words:<8} {:>14} {:>14} {:>14} {:>22} {:>11}%",
        r.0,
        r.1,
        r.2,
        format!("{}/{}/{}", b.0, b.1, b.2),
        within * 100 / SAMPLED
    );
    Ok(())
}

/// p50, p90 and max.
fn percentiles(values: &mut [usize]) -> (usize, usize, usize) {
    values.sort_unstable();
    let at = |q: usize| values[(values.len() - 1) * q / 100];
    (at(50), at(90), at(100))
}

fn synthetic_export(count: usize) -> Result<Vec<ExportFile>, SearchError> {
    let start = std::time::Instant::now();
    let engine = Engine::build(synthetic(count, 42))?;
    let built = start.elapsed();
    let files = engine.export()?;
    println!(
        "{count} synthetic documents, indexed in {built:.1?}, exported in {:.1?}",
        start.elapsed() - built
    );
    Ok(files)
}

/// Every file under `root`, paths relative to it.
fn read_export(root: &Path) -> std::io::Result<Vec<ExportFile>> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let name = relative.to_string_lossy().replace('\\', "/");
                files.push(ExportFile {
                    path: name,
                    bytes: std::fs::read(&path)?,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    println!(
        "export read from {} ({} files)",
        root.display(),
        files.len()
    );
    Ok(files)
}

/// Raw and gzip size of every file.
struct Sizes {
    files: Vec<(String, usize, usize)>,
}

impl Sizes {
    fn of(files: &[ExportFile]) -> std::io::Result<Sizes> {
        let mut sizes = Vec::new();
        for file in files {
            sizes.push((file.path.clone(), file.bytes.len(), gzip_len(&file.bytes)?));
        }
        Ok(Sizes { files: sizes })
    }

    fn gzip_of(&self, paths: &[String]) -> usize {
        let size = |path: &String| self.files.iter().find(|f| &f.0 == path).map_or(0, |f| f.2);
        paths.iter().map(size).sum()
    }

    fn print_totals(&self) {
        let mut kinds: Vec<(&str, usize, usize, usize, usize)> = Vec::new();
        for (path, raw, gz) in &self.files {
            let kind = path.split('/').next().unwrap_or_default();
            match kinds.iter_mut().find(|k| k.0 == kind) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += raw;
                    entry.3 += gz;
                    entry.4 = entry.4.max(*gz);
                }
                None => kinds.push((kind, 1, *raw, *gz, *gz)),
            }
        }
        let (mut files, mut raw_total, mut gz_total) = (0, 0, 0);
        for (kind, n, raw, gz, max) in kinds {
            println!(
                "  {kind:<18} {n:>5} files  raw {raw:>10} B  gzip {gz:>9} B  (mean {:>6} B, max {max:>6} B)",
                gz / n
            );
            (files, raw_total, gz_total) = (files + n, raw_total + raw, gz_total + gz);
        }
        println!(
            "  {:<18} {files:>5} files  raw {raw_total:>10} B  gzip {gz_total:>9} B",
            "total"
        );
    }
}

fn run_session(files: &[ExportFile], sizes: &Sizes, queries: &[&str]) -> Result<(), SearchError> {
    let mut index = StaticIndex::open(files)?;
    let (mut seen, mut total) = (0, 0);
    println!("\nsession:");
    for query in queries {
        let found = index.results(query, FIRST_PAGE)?.len();
        let fetched = &index.fetched()[seen..];
        let bytes = sizes.gzip_of(fetched);
        total += bytes;
        println!(
            "  {query:<28} {found:>2} results  {:>2} requests  {bytes:>7} B gzip  ({})",
            fetched.len(),
            fetched.join(" ")
        );
        seen = index.fetched().len();
    }
    println!("  session total {total} B gzip, {seen} requests");
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> std::io::Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
