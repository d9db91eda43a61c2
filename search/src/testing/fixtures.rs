//! Fixtures for the browser client's tests (`client/test/`): tantivy's analyses
//! of French texts, and the export of the sample corpus (vocabulary
//! inline in `index/`, in shards and slices in `index-sliced/`; tiny heads, so that most
//! scores come from tiers, and frequent terms from four documents) with the rankings
//! tantivy gives, and results pages (first documents, total, facet counts) as the
//! catalogue's facets make them. Written by `examples/client_fixtures.rs`; the test
//! `tests/client_fixtures.rs` fails when the committed copies are stale.

use serde_json::json;

use super::ranker::{SearchOptions, StaticIndex};
use super::sample::corpus;
use crate::analyzer::{analyze, analyze_query, fold};
use crate::export::{ExportFile, ExportOptions};
use crate::{Engine, SearchError};

/// Directory of the fixtures, relative to the crate root.
pub const FIXTURE_DIR: &str = "client/test/fixtures";

/// Queries whose tantivy ranking the client must reproduce.
pub const CLIENT_QUERIES: &[&str] = &[
    "dictee",
    "dictée négociée ",
    "lectures",
    "l’école ",
    "d'écriture ",
    "élèves",
    "calcul mental",
    "symetrie",
    "conseil d'élèves ",
    "orthographe lecture ",
    "symétrie chorale ",
    "lec",
    "ecri",
    "prob",
    "simétrie ",
    "orthografe ",
    "grammiare ",
    "œuvre",
    "Hélène Martin",
    "CE1",
    "son ou ",
    "qu'est-ce qu'un ami ",
    "xyzzy",
    "",
];

/// Every fixture file, paths relative to [`FIXTURE_DIR`].
pub fn client_fixtures() -> Result<Vec<ExportFile>, SearchError> {
    let mut files = vec![json_file("analyzer.json", &analyzer_cases())?];
    let engine = Engine::build(corpus())?;
    let options = ExportOptions {
        shard_target_bytes: 1_500,
        head_postings: 2,
        big_min_docs: 4,
        cards_per_term: 3,
        cards_min_docs: 1,
        doc_chunk: 8,
        ..ExportOptions::default()
    };
    let sliced = ExportOptions {
        inline_vocab_bytes: 0,
        chunk_wave: 1,
        ..options.clone()
    };
    let mut twin = serde_json::Map::new();
    for (folder, options) in [("index", options), ("index-sliced", sliced)] {
        let export = engine.export_with(&options)?;
        twin.insert(folder.to_string(), twin_pages(&export)?);
        for file in export {
            files.push(ExportFile {
                path: format!("{folder}/{}", file.path),
                bytes: file.bytes,
            });
        }
    }
    let mut expected = Vec::new();
    for query in CLIENT_QUERIES {
        expected.push(json!([query, engine.rank(query)?]));
    }
    let mut pages = Vec::new();
    for (query, filters) in CLIENT_PAGES {
        pages.push(json!([query, filters, page(&engine, query, filters)?]));
    }
    let expected = json!({ "queries": expected, "pages": pages, "twin": twin });
    files.push(json_file("expected.json", &expected)?);
    Ok(files)
}

/// What the Rust twin shows and fetches for each of [`CLIENT_QUERIES`] in a fresh session
/// (two results, no filters): `[query, docs, total, totalEstimated, estimated, facets
/// (group → id → count), fetched paths (sorted)]`; the client must do the same.
fn twin_pages(export: &[ExportFile]) -> Result<serde_json::Value, SearchError> {
    let mut pages = Vec::new();
    for query in CLIENT_QUERIES {
        let mut index = StaticIndex::open(export)?;
        let options = SearchOptions {
            limit: 2,
            ..SearchOptions::default()
        };
        let page = index.search(query, &options)?;
        let docs: Vec<u32> = page.results.iter().map(|c| c.0).collect();
        let facets: std::collections::BTreeMap<&str, std::collections::BTreeMap<String, u32>> =
            page.facets
                .iter()
                .map(|(g, values)| (*g, values.iter().map(|v| (v.id.clone(), v.count)).collect()))
                .collect();
        let mut fetched = index.fetched();
        fetched.sort();
        let flags = (page.total_estimated, page.estimated);
        pages.push(json!([
            query, docs, page.total, flags.0, flags.1, facets, fetched
        ]));
    }
    Ok(json!(pages))
}

/// Results pages the client must show: `(query, filters as (group, id) pairs)`.
pub const CLIENT_PAGES: &[(&str, &[(&str, &str)])] = &[
    ("élèves", &[]),
    ("lecture ", &[]),
    ("lec", &[]),
    ("élève dictée lecture", &[]),
    ("symétrie chorale ", &[]),
    ("élèves", &[("levels", "CE1")]),
    ("lecture ", &[("duration", "1-2"), ("duration", "5-plus")]),
    ("élèves", &[("topics", "lecture"), ("contributors", "c1")]),
    ("élèves", &[("kinds", "parcours")]),
    ("lecture ", &[("kinds", "video"), ("levels", "CP")]),
];

/// The first 10 documents, the total and the facet counts (value id → count, per group)
/// of `query` under `filters`, from tantivy's ranking and the documents' own facets.
fn page(
    engine: &Engine,
    query: &str,
    filters: &[(&str, &str)],
) -> Result<serde_json::Value, SearchError> {
    let docs = engine.documents();
    let matching: Vec<usize> = engine.rank(query)?.into_iter().map(|(d, _)| d).collect();
    let passes = |doc: usize, skip: Option<&str>| {
        let groups = ["topics", "levels", "duration", "contributors", "kinds"];
        groups.iter().all(|group| {
            let wanted: Vec<&str> = filters
                .iter()
                .filter(|(g, _)| g == group)
                .map(|(_, id)| *id)
                .collect();
            Some(*group) == skip
                || wanted.is_empty()
                || facet_values(&docs[doc], group)
                    .iter()
                    .any(|v| wanted.contains(&v.as_str()))
        })
    };
    let kept: Vec<usize> = matching
        .iter()
        .copied()
        .filter(|&d| passes(d, None))
        .collect();
    let mut facets = serde_json::Map::new();
    for group in ["topics", "levels", "duration", "contributors", "kinds"] {
        let mut counts = std::collections::BTreeMap::new();
        for &doc in matching.iter().filter(|&&d| passes(d, Some(group))) {
            for value in facet_values(&docs[doc], group) {
                *counts.entry(value).or_insert(0u32) += 1;
            }
        }
        facets.insert(group.to_string(), json!(counts));
    }
    let first: Vec<usize> = kept.iter().copied().take(10).collect();
    Ok(json!({ "docs": first, "total": kept.len(), "facets": facets }))
}

fn facet_values(doc: &crate::Document, group: &str) -> Vec<String> {
    match group {
        "topics" => doc.topics.iter().map(|t| t.id.clone()).collect(),
        "levels" => doc.levels.clone(),
        "duration" => {
            let buckets = crate::facets::duration_buckets();
            vec![buckets[crate::facets::duration_bucket(doc.duration_secs)]
                .id
                .clone()]
        }
        "kinds" => vec![doc.kind.id.clone()],
        _ => doc.contributors.iter().map(|c| c.id.clone()).collect(),
    }
}

fn json_file(path: &str, value: &serde_json::Value) -> Result<ExportFile, SearchError> {
    let mut bytes = serde_json::to_vec(value)?;
    bytes.push(b'\n');
    Ok(ExportFile {
        path: path.to_string(),
        bytes,
    })
}

const ANALYZER_TEXTS: &[&str] = &[
    "La dictée négociée",
    "L'ÉCOLE d’aujourd'hui : jusqu’à l’Élysée",
    "Qu'est-ce qu'un ami ? C'est quelqu'un.",
    "Œuvres, cœur, Ægée, straße, Łódź, ﬁn, déjà-vu",
    "CE1/CE2 ; 6e ; 2026-09-14 ; 3,5 km",
    "Les élèves de CM2 lisent des lectures offertes",
    "Σίσυφος ΣΊΣΥΦΟΣ Ärger Ñandú İstanbul",
    "le son ou, le son on, vitamine c, l ecole",
    "anticonstitutionnellementanticonstitutionnellement court",
];

fn analyzer_cases() -> serde_json::Value {
    let texts: Vec<_> = ANALYZER_TEXTS
        .iter()
        .map(|t| json!([t, analyze(t)]))
        .collect();
    let queries: Vec<_> = ["Lectures d'écol", "l’école ", "dictée négo", "ÉCRI"]
        .iter()
        .map(|q| {
            let words: Vec<_> = analyze_query(q)
                .into_iter()
                .map(|w| json!([w.folded, w.stem, w.at_end]))
                .collect();
            json!([q, words])
        })
        .collect();
    json!({ "texts": texts, "queries": queries, "fold": fold_cases() })
}

/// Lower-case then fold every alphanumeric character of the Latin blocks.
fn fold_cases() -> Vec<(String, String)> {
    let ranges = [
        0xC0..0x250,
        0x1E00..0x1F00,
        0x2C60..0x2C80,
        0xA720..0xA800,
        0xFB00..0xFB07,
    ];
    ranges
        .into_iter()
        .flatten()
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphanumeric())
        .map(|c| {
            let lower: String = c.to_lowercase().collect();
            (c.to_string(), fold(&lower))
        })
        .collect()
}
