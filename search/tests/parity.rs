//! The exported static index must rank exactly like tantivy: for many queries
//! the browser-side algorithm (its Rust twin, `StaticIndex`) returns the same
//! documents, in the same order, with the same scores as `Engine::rank`.

use capsule_search::testing::format::{DocChunk, Meta, Shard};
use capsule_search::testing::ranker::{SearchOptions, StaticIndex};
use capsule_search::testing::sample::{corpus, synthetic};
use capsule_search::{Engine, ExportError, ExportFile, ExportOptions, SearchError, SINK_BATCH};

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
        assert_same_first_page(engine, &files, query, 0, 10)?;
    }
    assert!(answered >= 50, "only {answered} queries found something");
    Ok(())
}

/// The results page (first postings only, tiers fetched when their bounds leave the page
/// in doubt) shows exactly `capsule search`'s documents, in its order.
fn assert_same_first_page(
    engine: &Engine,
    files: &[ExportFile],
    query: &str,
    offset: usize,
    limit: usize,
) -> Result<(), SearchError> {
    let expected: Vec<String> = engine
        .search(query, offset + limit)?
        .into_iter()
        .skip(offset)
        .map(|hit| hit.url)
        .collect();
    let mut index = StaticIndex::open(files)?;
    let options = SearchOptions {
        offset,
        limit,
        ..SearchOptions::default()
    };
    let page = index.search(query, &options)?;
    let shown: Vec<String> = page.results.into_iter().map(|card| card.1).collect();
    assert_eq!(shown, expected, "page of {query:?} from {offset}");
    assert_eq!(page.total, engine.rank(query)?.len(), "total of {query:?}");
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

/// Tiny heads and many frequent terms: most scores come from tiers, and the documents
/// in doubt from their chunks, or (inline vocabulary) from tier files.
fn tiered(inline_vocab_bytes: usize) -> ExportOptions {
    ExportOptions {
        shard_target_bytes: 400,
        head_postings: 2,
        big_min_docs: 3,
        cards_per_term: 1,
        chunk_wave: if inline_vocab_bytes > 0 { 1 } else { 48 },
        inline_vocab_bytes,
        ..ExportOptions::default()
    }
}

fn meta_of(files: &[ExportFile]) -> Result<Meta, SearchError> {
    Ok(serde_json::from_slice(&files[0].bytes)?)
}

fn shards_of(files: &[ExportFile]) -> impl Iterator<Item = Shard> + '_ {
    files
        .iter()
        .filter(|f| f.path.starts_with("shards/") || f.path.starts_with("terms/"))
        .filter_map(|f| serde_json::from_slice::<Shard>(&f.bytes).ok())
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
fn tiers_frequent_terms_and_short_prefixes_rank_the_same() -> Result<(), SearchError> {
    let engine = Engine::build(corpus())?;
    for inline in [0, 48_000] {
        let options = tiered(inline);
        let files = engine.export_with(&options)?;
        let meta = meta_of(&files)?;
        assert!(meta.shards.count > 20, "only {} shards", meta.shards.count);
        assert!(!meta.shards.big.is_empty(), "no frequent term");
        let tailed = shards_of(&files)
            .flat_map(|s| s.terms)
            .filter(|t| t.9.is_some())
            .count();
        assert!(tailed > 10, "only {tailed} terms with tiers");
        let chunk: DocChunk = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.path == "docs/0.json")
                .map(|f| f.bytes.clone())
                .unwrap_or_default(),
        )?;
        assert!(
            chunk.postings.iter().any(|p| !p.is_empty()),
            "chunks without postings"
        );
        let prefixed = shards_of(&files).any(|s| !s.prefixes.is_empty());
        assert_eq!(prefixed, inline == 0, "short prefixes listed");
        check_all(&engine, &options)?;
        for query in [
            "élèves",
            "lecture ",
            "élève dictée lecture",
            "Hélène Martin",
        ] {
            assert_same_first_page(&engine, &files, query, 3, 4)?;
        }
    }
    Ok(())
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
    let small_heads = ExportOptions {
        head_postings: 8,
        ..sliced(6_000)
    };
    for options in [sliced(6_000), ExportOptions::default(), small_heads] {
        let files = engine.export_with(&options)?;
        for query in queries {
            assert_same_ranking(&engine, &files, query)?;
            assert_same_first_page(&engine, &files, query, 0, 10)?;
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
    for index in 0..meta.shards.count {
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

/// A site build writes the export file by file: the same files as in memory, `meta.json`
/// (whose hash covers the others) handed over last; a failing sink stops the export.
#[test]
fn streamed_export_hands_over_the_same_files_meta_last() -> Result<(), SearchError> {
    let engine = Engine::build(corpus())?;
    let mut streamed = Vec::new();
    let mut collect = |batch: &[ExportFile]| -> Result<(), String> {
        assert!(!batch.is_empty() && batch.len() <= SINK_BATCH);
        streamed.extend_from_slice(batch);
        Ok(())
    };
    engine
        .export_to(&mut collect)
        .map_err(|e| SearchError::Format(format!("{e:?}")))?;
    let mut in_memory = engine.export()?;
    assert_eq!(streamed.last().map(|f| f.path.as_str()), Some("meta.json"));
    in_memory.rotate_left(1);
    assert_eq!(streamed, in_memory);
    let mut refuse = |batch: &[ExportFile]| Err(format!("disque plein : {}", batch[0].path));
    let stopped = engine.export_to(&mut refuse);
    assert!(matches!(stopped, Err(ExportError::Sink(e)) if e == "disque plein : shards/0.json"));
    Ok(())
}

/// `meta.json` holds settings and the bounded list of frequent terms, nothing per
/// document: eight times the documents leave it about the same size.
#[test]
fn meta_does_not_grow_with_the_catalogue() -> Result<(), SearchError> {
    let options = ExportOptions {
        inline_vocab_bytes: 0,
        big_share: 0.05,
        big_min_docs: 1,
        ..ExportOptions::default()
    };
    let size = |count| -> Result<usize, SearchError> {
        let files = Engine::build(synthetic(count, 3))?.export_with(&options)?;
        Ok(files[0].bytes.len())
    };
    let (small, large) = (size(250)?, size(2_000)?);
    assert!(
        large * 10 < small * 11,
        "meta.json: {small} B, then {large} B"
    );
    Ok(())
}
