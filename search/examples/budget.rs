//! Measures what the browser downloads per query: gzip bytes, requests and round trips
//! (waves of parallel requests) of the results page (ten results, facet counts) for
//! sample first queries (one to three words, prefix, typo), follow-up queries, then
//! percentiles over queries sampled from the titles (as typed, the last word a prefix):
//! first queries of one, two and three words, a second query in the same session, and a
//! filter ticked after a first query. Also the size of the whole export.
//!
//! Run on the search crate's synthetic catalogue:
//! `cargo run --release -p capsule-search --example budget -- 10000`
//! on a site's export (`public/search`, or the folder written by
//! `cargo run --release --example search_export -- SITE DIR`):
//! `cargo run --release -p capsule-search --example budget -- public/search`
//! or on a site's documents (`search_export -- SITE docs.json`), indexed and exported here:
//! `cargo run --release -p capsule-search --example budget -- docs.json`
//!
//! Environment knobs (for profiling): `BUDGET_TRACE=1` prints to stderr where the bytes of
//! the queries between the 80th and 95th percentile of each row go (files and gzip bytes per
//! folder); `BUDGET_DUMP=DIR` writes the export there; `BUDGET_FACETS=N` exports with
//! `ExportOptions::facet_fetch_max` = N; `BUDGET_WAVE=N` with `ExportOptions::chunk_wave` =
//! N (document chunks fetched in one round trip before tier files are fetched instead).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use capsule_search::testing::ranker::{Filters, SearchOptions, StaticIndex};
use capsule_search::testing::sample::synthetic;
use capsule_search::{Document, Engine, ExportFile, SearchError};
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
    ("3 mots", "lecture à voix haute"),
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
/// Queries sampled per row.
const SAMPLED: usize = 300;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let source = std::env::args().nth(1).unwrap_or_else(|| "10000".into());
    let files = match source.parse::<usize>() {
        Ok(count) => timed_export(synthetic(count, 42), "synthetic documents")?,
        Err(_) if source.ends_with(".json") => {
            let docs: Vec<Document> = serde_json::from_slice(&std::fs::read(&source)?)?;
            timed_export(docs, &format!("documents of {source}"))?
        }
        Err(_) => read_export(Path::new(&source))?,
    };
    if let Some(dir) = std::env::var_os("BUDGET_DUMP") {
        for file in &files {
            let path = Path::new(&dir).join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            std::fs::write(path, &file.bytes)?;
        }
    }
    let sizes = Sizes::of(&files)?;
    sizes.print_totals();
    println!("\nfirst query (fresh session, results page: {FIRST_PAGE} results and facet counts)");
    println!(
        "  {:<8} {:<28} {:>8} {:>9} {:>6} {:>10}  files",
        "kind", "query", "results", "requests", "waves", "gzip B"
    );
    for (kind, query) in FIRST_QUERIES {
        let mut index = StaticIndex::open(&files)?;
        let found = index.results(query, FIRST_PAGE)?.len();
        let cost = Cost::since(&index, 0, &sizes);
        println!(
            "  {kind:<8} {query:<28} {found:>8} {:>9} {:>6} {:>10}  {}",
            cost.requests,
            cost.waves,
            cost.bytes,
            cost.paths.join(" ")
        );
    }
    for session in SESSIONS {
        run_session(&files, &sizes, session)?;
    }
    let titles = titles(&files)?;
    println!("\nfirst query, {SAMPLED} queries per row made of words of a random title (fresh session each)");
    print_header();
    for words in 1..=3 {
        let queries = sample(&titles, words, words as u64);
        let costs = first_costs(&files, &sizes, &queries)?;
        print_row(&format!("{words} word(s)"), costs);
    }
    println!("\nafter a first query of one to three words, in the same session");
    print_header();
    let firsts: Vec<String> = (1..=3)
        .flat_map(|w| {
            sample(&titles, w, 10 + w as u64)
                .into_iter()
                .take(SAMPLED / 3)
        })
        .collect();
    let seconds = sample(&titles, 1, 20);
    print_row(
        "2nd query",
        follow_up_costs(&files, &sizes, &firsts, Follow::Query(&seconds))?,
    );
    print_row(
        "filter",
        follow_up_costs(&files, &sizes, &firsts, Follow::Filter)?,
    );
    Ok(())
}

/// What one query cost: requests, round trips, gzip bytes.
struct Cost {
    requests: usize,
    waves: usize,
    bytes: usize,
    paths: Vec<String>,
    /// Gzip bytes per file.
    split: Vec<(String, usize)>,
}

impl Cost {
    /// The files fetched by `index` after its first `mark` fetches.
    fn since(index: &StaticIndex, mark: usize, sizes: &Sizes) -> Cost {
        let log = &index.fetch_log()[mark..];
        let paths: Vec<String> = log.iter().map(|(p, _)| p.clone()).collect();
        let mut waves: Vec<usize> = log.iter().map(|(_, w)| *w).collect();
        waves.dedup();
        Cost {
            requests: paths.len(),
            waves: waves.len(),
            bytes: sizes.gzip_of(&paths),
            split: paths
                .iter()
                .map(|p| (p.clone(), sizes.gzip_of(std::slice::from_ref(p))))
                .collect(),
            paths,
        }
    }
}

fn first_costs(
    files: &[ExportFile],
    sizes: &Sizes,
    queries: &[String],
) -> Result<Vec<Cost>, SearchError> {
    queries
        .iter()
        .map(|query| {
            let mut index = StaticIndex::open(files)?;
            index.results(query, FIRST_PAGE)?;
            let cost = Cost::since(&index, 0, sizes);
            Ok(cost)
        })
        .collect()
}

/// The second step of a session: another query, or a filter ticked on the first one.
enum Follow<'a> {
    Query(&'a [String]),
    Filter,
}

fn follow_up_costs(
    files: &[ExportFile],
    sizes: &Sizes,
    firsts: &[String],
    follow: Follow,
) -> Result<Vec<Cost>, SearchError> {
    let mut costs = Vec::new();
    for (i, first) in firsts.iter().enumerate() {
        let mut index = StaticIndex::open(files)?;
        let page = index.search(first, &SearchOptions::default())?;
        let mark = index.fetch_log().len();
        match &follow {
            Follow::Query(seconds) => {
                index.results(&seconds[i % seconds.len()], FIRST_PAGE)?;
            }
            Follow::Filter => {
                // The level with the most results, as a visitor would tick first.
                let Some(level) = page.facets["levels"].iter().max_by_key(|v| v.count) else {
                    continue;
                };
                let options = SearchOptions {
                    filters: Filters {
                        levels: vec![level.id.clone()],
                        ..Filters::default()
                    },
                    ..SearchOptions::default()
                };
                index.search(first, &options)?;
            }
        }
        costs.push(Cost::since(&index, mark, sizes));
    }
    Ok(costs)
}

fn print_header() {
    println!(
        "  {:<10} {:>16} {:>13} {:>26} {:>10} {:>10}",
        "queries",
        "requests 50/90/max",
        "waves 50/90/max",
        "gzip B p50/p90/max",
        "≤ 3 waves",
        "≤ 100 kB"
    );
}

fn print_row(label: &str, mut costs: Vec<Cost>) {
    if std::env::var_os("BUDGET_TRACE").is_some() {
        let mut sorted: Vec<&Cost> = costs.iter().collect();
        sorted.sort_by_key(|c| c.bytes);
        for cost in &sorted[sorted.len() * 8 / 10..sorted.len() * 95 / 100] {
            let mut folders: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
            for (path, bytes) in &cost.split {
                let entry = folders
                    .entry(path.split('/').next().unwrap_or(""))
                    .or_default();
                entry.0 += 1;
                entry.1 += bytes;
            }
            eprintln!("{label} {} B {} waves: {folders:?}", cost.bytes, cost.waves);
        }
    }
    let n = costs.len().max(1);
    let within = |pass: &dyn Fn(&Cost) -> bool| costs.iter().filter(|c| pass(c)).count() * 100 / n;
    let (three, light) = (within(&|c| c.waves <= 3), within(&|c| c.bytes <= 100_000));
    let mut column = |pick: fn(&Cost) -> usize| {
        let mut values: Vec<usize> = costs.iter_mut().map(|c| pick(c)).collect();
        let (p50, p90, max) = percentiles(&mut values);
        format!("{p50}/{p90}/{max}")
    };
    let (requests, waves, bytes) = (
        column(|c| c.requests),
        column(|c| c.waves),
        column(|c| c.bytes),
    );
    println!("  {label:<10} {requests:>16} {waves:>13} {bytes:>26} {three:>9}% {light:>9}%");
    print_heaviest(&costs);
}

/// Where the bytes of the heaviest tenth of `costs` go: mean gzip bytes per folder.
fn print_heaviest(costs: &[Cost]) {
    let mut sorted: Vec<&Cost> = costs.iter().collect();
    sorted.sort_by_key(|c| std::cmp::Reverse(c.bytes));
    let heaviest = &sorted[..sorted.len().div_ceil(10)];
    let mut folders: std::collections::BTreeMap<&str, usize> = Default::default();
    for cost in heaviest {
        for (path, bytes) in &cost.split {
            *folders
                .entry(path.split('/').next().unwrap_or(""))
                .or_default() += bytes;
        }
    }
    let parts: Vec<String> = folders
        .iter()
        .map(|(folder, bytes)| format!("{folder} {}", bytes / heaviest.len().max(1)))
        .collect();
    println!(
        "  {:<10} heaviest 10 %, mean gzip B: {}",
        "",
        parts.join(", ")
    );
}

/// Every document title, from the `docs/` chunks.
fn titles(files: &[ExportFile]) -> Result<Vec<String>, SearchError> {
    let mut titles = Vec::new();
    for file in files.iter().filter(|f| f.path.starts_with("docs/")) {
        let chunk: capsule_search::testing::format::DocChunk = serde_json::from_slice(&file.bytes)?;
        titles.extend(chunk.cards.into_iter().map(|card| card.2));
    }
    Ok(titles)
}

/// [`SAMPLED`] queries of `words` words of 4+ letters taken in order from random titles.
fn sample(titles: &[String], words: usize, stream: u64) -> Vec<String> {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64 ^ stream;
    let mut queries = Vec::new();
    while queries.len() < SAMPLED {
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
        queries.push(candidates[start..start + words].join(" "));
    }
    queries
}

/// p50, p90 and max.
fn percentiles(values: &mut [usize]) -> (usize, usize, usize) {
    if values.is_empty() {
        return (0, 0, 0);
    }
    values.sort_unstable();
    let at = |q: usize| values[(values.len() - 1) * q / 100];
    (at(50), at(90), at(100))
}

fn timed_export(docs: Vec<Document>, what: &str) -> Result<Vec<ExportFile>, SearchError> {
    let count = docs.len();
    let start = Instant::now();
    let engine = Engine::build(docs)?;
    let built = start.elapsed();
    let related = engine.related(4);
    let related_time = start.elapsed() - built;
    let mut options = capsule_search::ExportOptions::default();
    if let Some(max) = std::env::var("BUDGET_FACETS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        options.facet_fetch_max = max;
    }
    if let Some(wave) = std::env::var("BUDGET_WAVE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        options.chunk_wave = wave;
    }
    let files = engine.export_with(&options)?;
    println!(
        "{count} {what}: indexed in {built:.1?}, related ({} lists) in {related_time:.1?}, exported in {:.1?}",
        related.len(),
        start.elapsed() - built - related_time
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
    let meta = files.iter().position(|f| f.path == "meta.json");
    if let Some(meta) = meta {
        let file = files.remove(meta);
        files.insert(0, file);
    }
    println!(
        "export read from {} ({} files)",
        root.display(),
        files.len()
    );
    Ok(files)
}

/// Raw and gzip size of every file.
struct Sizes {
    gzip: std::collections::HashMap<String, usize>,
    files: Vec<(String, usize, usize)>,
}

impl Sizes {
    fn of(files: &[ExportFile]) -> std::io::Result<Sizes> {
        let mut sizes = Vec::new();
        for file in files {
            sizes.push((file.path.clone(), file.bytes.len(), gzip_len(&file.bytes)?));
        }
        let gzip = sizes.iter().map(|(p, _, gz)| (p.clone(), *gz)).collect();
        Ok(Sizes { gzip, files: sizes })
    }

    fn gzip_of(&self, paths: &[String]) -> usize {
        paths.iter().filter_map(|path| self.gzip.get(path)).sum()
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
                "  {kind:<18} {n:>6} files  raw {raw:>10} B  gzip {gz:>9} B  (mean {:>6} B, max {max:>6} B)",
                gz / n
            );
            (files, raw_total, gz_total) = (files + n, raw_total + raw, gz_total + gz);
        }
        println!(
            "  {:<18} {files:>6} files  raw {raw_total:>10} B  gzip {gz_total:>9} B",
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
        let cost = Cost::since(&index, seen, sizes);
        total += cost.bytes;
        println!(
            "  {query:<28} {found:>2} results  {:>2} requests  {} waves  {:>7} B gzip  ({})",
            cost.requests,
            cost.waves,
            cost.bytes,
            cost.paths.join(" ")
        );
        seen = index.fetch_log().len();
    }
    println!("  session total {total} B gzip, {seen} requests");
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> std::io::Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
