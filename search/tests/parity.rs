//! The exported static index must rank exactly like tantivy: for many queries
//! the browser-side algorithm (its Rust twin, `StaticIndex`) returns the same
//! documents, in the same order, with the same scores as `Engine::rank`.

use capsule_search::export::format::{Meta, Shard};
use capsule_search::ranker::StaticIndex;
use capsule_search::sample::{corpus, synthetic};
use capsule_search::{Engine, ExportFile, ExportOptions, SearchError};

const QUERIES: &[&str] = &[
    "dictee",
    "dictée négociée ",
    "DICTÉE",
    "lectures",
    "lecture ",
    "l'école",
    "l’école ",
    "d'écriture ",
    "ecriture",
    "élèves",
    "eleve ",
    "calcul mental",
    "compléments à dix ",
    "fractions ",
    "symetrie",
    "symétrie axiale ",
    "jardin",
    "graines ",
    "chorale",
    "voix",
    "conseil d'élèves ",
    "orthographe",
    "grammaire nature ",
    "conjuguer",
    "verbes ",
    "problèmes",
    "anglais",
    "frise chronologique",
    "histoire",
    "comprendre",
    "vocabulaire mer ",
    "motricité",
    "Miró",
    "robot",
    "programmer",
    "son ou ",
    "CE1",
    "cm2 ",
    "Émilie",
    "Hélène Martin",
    "lec",
    "ecri",
    "prob",
    "dict",
    "gram",
    "simétrie ",
    "ortografe ",
    "orthographe lecture ",
    "symétrie chorale ",
    "débat",
    "philosophique",
    "œuvre",
    "oeuvre ",
    "qu'est-ce qu'un ami ",
    "apprendre",
    "élève dictée lecture",
    "xyzzy",
    "",
];

/// Checks one query; returns how many documents matched. Scores are recomputed in
/// `f32` with tantivy's operations; only the order of additions may differ (an ulp).
fn assert_same_ranking(
    engine: &Engine,
    files: &[ExportFile],
    query: &str,
) -> Result<usize, SearchError> {
    let expected = engine.rank(query)?;
    let mut index = StaticIndex::open(files)?;
    let actual = index.rank(query)?;
    let docs = |r: &[(usize, f32)]| r.iter().map(|(d, _)| *d).collect::<Vec<_>>();
    assert_eq!(
        docs(&actual),
        docs(&expected),
        "order differs for {query:?}"
    );
    for ((doc, want), (_, got)) in expected.iter().zip(&actual) {
        let close = (want - got).abs() <= 1e-6 * want.abs();
        assert!(close, "{query:?} doc {doc}: tantivy {want} export {got}");
    }
    Ok(actual.len())
}

fn check_all(engine: &Engine, options: &ExportOptions) -> Result<(), SearchError> {
    let files = engine.export_with(options)?;
    let mut answered = 0;
    for query in QUERIES {
        if assert_same_ranking(engine, &files, query)? > 0 {
            answered += 1;
        }
    }
    assert!(answered >= 50, "only {answered} queries found something");
    Ok(())
}

/// Options that put the vocabulary in the shards and typo slices, not in `meta.json`.
fn sliced(shard_target_bytes: usize) -> ExportOptions {
    ExportOptions {
        shard_target_bytes,
        inline_vocab_bytes: 0,
        ..ExportOptions::default()
    }
}

fn meta_of(files: &[ExportFile]) -> Result<Meta, SearchError> {
    Ok(serde_json::from_slice(&files[0].bytes)?)
}

#[test]
fn export_reproduces_tantivy_scores() -> Result<(), SearchError> {
    let engine = Engine::build(corpus())?;
    let hits = engine.rank("lecture ")?;
    assert!(hits.len() >= 4, "corpus too small to be meaningful");
    assert!(meta_of(&engine.export()?)?.vocab.inline.is_some());
    check_all(&engine, &ExportOptions::default())
}

#[test]
fn sliced_vocabulary_ranks_the_same() -> Result<(), SearchError> {
    let engine = Engine::build(corpus())?;
    let meta = meta_of(&engine.export_with(&sliced(40_000))?)?;
    assert!(meta.vocab.inline.is_none() && !meta.vocab.slices.is_empty());
    check_all(&engine, &sliced(40_000))
}

#[test]
fn tiny_shards_and_spilled_prefixes_rank_the_same() -> Result<(), SearchError> {
    let engine = Engine::build(corpus())?;
    let options = sliced(400);
    let files = engine.export_with(&options)?;
    let meta = meta_of(&files)?;
    assert!(meta.shards.len() > 20, "only {} shards", meta.shards.len());
    let spilled = files
        .iter()
        .filter(|f| f.path.starts_with("shards/"))
        .any(|f| serde_json::from_slice::<Shard>(&f.bytes).is_ok_and(|s| !s.spill.is_empty()));
    assert!(spilled, "no prefix spans two shards");
    check_all(&engine, &options)?;
    check_all(
        &engine,
        &ExportOptions {
            shard_target_bytes: 400,
            ..ExportOptions::default()
        },
    )
}

#[test]
fn synthetic_catalogue_ranks_the_same() -> Result<(), SearchError> {
    let engine = Engine::build(synthetic(400, 7))?;
    let queries = [
        "eleve classe",
        "lecture ",
        "dicte",
        "musique rythme ",
        "grap",
        "ortographe ",
        "élèves lecture musique",
        "ba",
    ];
    for options in [sliced(6_000), ExportOptions::default()] {
        let files = engine.export_with(&options)?;
        for query in queries {
            assert_same_ranking(&engine, &files, query)?;
        }
    }
    Ok(())
}

#[test]
fn search_hits_match_export_top_results() -> Result<(), SearchError> {
    let engine = Engine::build(corpus())?;
    for options in [ExportOptions::default(), sliced(400)] {
        let files = engine.export_with(&options)?;
        for query in ["lecture ", "dictée flash ", "élèves", "symétrie chorale "] {
            let mut index = StaticIndex::open(&files)?;
            let cards = index.results(query, 5)?;
            let hits = engine.search(query, 5)?;
            let card_urls: Vec<&str> = cards.iter().map(|c| c.1.as_str()).collect();
            let hit_urls: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
            assert_eq!(card_urls, hit_urls, "{query}");
        }
    }
    Ok(())
}

#[test]
fn export_is_deterministic_and_well_formed() -> Result<(), SearchError> {
    let first = Engine::build(corpus())?.export()?;
    let second = Engine::build(corpus())?.export()?;
    assert_eq!(first, second);
    assert_eq!(first[0].path, "meta.json");
    let meta = meta_of(&first)?;
    assert_eq!(meta.doc_count, 24);
    for (index, _) in meta.shards.iter().enumerate() {
        let path = format!("shards/{index}.json");
        let file = first.iter().find(|f| f.path == path);
        let shard: Shard =
            serde_json::from_slice(&file.map(|f| f.bytes.clone()).unwrap_or_default())?;
        assert!(shard.terms.windows(2).all(|w| w[0].0 < w[1].0));
    }
    for path in ["contributors.json", "docs/0.json"] {
        assert!(first.iter().any(|f| f.path == path), "{path} missing");
    }
    Ok(())
}
