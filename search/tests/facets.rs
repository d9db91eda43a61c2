//! The static index's totals, filters and facet counts are the catalogue's: for a query
//! and filters, each facet value counts the matching documents that have it among those
//! kept by the other groups' filters, whichever files (entries, facet files, cards) the
//! client read them from.

use std::collections::BTreeMap;

use capsule_search::testing::ranker::{
    Filters, SearchOptions, SearchPage, StaticIndex, FACET_GROUPS,
};
use capsule_search::testing::sample::{corpus, synthetic};
use capsule_search::testing::{duration_bucket, duration_buckets};
use capsule_search::{Document, Engine, ExportFile, ExportOptions, SearchError};

/// A document's value ids in facet group `g` (topics, levels, duration, contributors,
/// kinds).
fn values(doc: &Document, g: usize) -> Vec<String> {
    match g {
        0 => doc.topics.iter().map(|t| t.id.clone()).collect(),
        1 => doc.levels.clone(),
        2 => vec![duration_buckets()[duration_bucket(doc.duration_secs)]
            .id
            .clone()],
        4 => vec![doc.kind.id.clone()],
        _ => doc.contributors.iter().map(|c| c.id.clone()).collect(),
    }
}

fn passes(doc: &Document, filters: &Filters, skip: Option<usize>) -> bool {
    let groups = [
        &filters.topics,
        &filters.levels,
        &filters.duration,
        &filters.contributors,
        &filters.kinds,
    ];
    groups.iter().enumerate().all(|(g, ids)| {
        Some(g) == skip || ids.is_empty() || values(doc, g).iter().any(|v| ids.contains(v))
    })
}

/// Per facet group, value id → count.
type Counts = BTreeMap<&'static str, BTreeMap<String, u32>>;

/// What the sidebar must show: the total and the counts.
fn truth(engine: &Engine, query: &str, filters: &Filters) -> Result<(usize, Counts), SearchError> {
    let docs = engine.documents();
    let matching: Vec<&Document> = engine.rank(query)?.iter().map(|(d, _)| &docs[*d]).collect();
    let total = matching.iter().filter(|d| passes(d, filters, None)).count();
    let mut groups = BTreeMap::new();
    for (g, name) in FACET_GROUPS.iter().enumerate() {
        let mut counts = BTreeMap::new();
        for doc in matching.iter().filter(|d| passes(d, filters, Some(g))) {
            for value in values(doc, g) {
                *counts.entry(value).or_insert(0) += 1;
            }
        }
        groups.insert(*name, counts);
    }
    Ok((total, groups))
}

fn check(
    engine: &Engine,
    files: &[ExportFile],
    query: &str,
    filters: Filters,
) -> Result<(), SearchError> {
    let (total, expected) = truth(engine, query, &filters)?;
    let mut index = StaticIndex::open(files)?;
    let options = SearchOptions {
        filters: filters.clone(),
        contributors: true,
        ..SearchOptions::default()
    };
    let page = index.search(query, &options)?;
    let context = format!("{query:?} {filters:?}");
    assert_eq!(page.total, total, "total of {context}");
    for (name, counts) in &expected {
        let shown: BTreeMap<String, u32> = page.facets[name]
            .iter()
            .filter(|v| v.count > 0)
            .map(|v| (v.id.clone(), v.count))
            .collect();
        assert_eq!(&shown, counts, "{name} of {context}");
    }
    let urls: Vec<&str> = page.results.iter().map(|c| c.1.as_str()).collect();
    for card in &page.results {
        let doc = engine.documents().iter().find(|d| d.url == card.1);
        assert!(
            doc.is_some_and(|d| passes(d, &filters, None)),
            "{} in {context}",
            card.1
        );
    }
    assert!(urls.len() == total.min(10), "{context}: {urls:?}");
    Ok(())
}

// A page shows exactly `counts` for topics, levels, durations and kinds.
fn assert_counts_shown(page: &SearchPage, counts: &Counts, query: &str) {
    for name in ["topics", "levels", "duration", "kinds"] {
        let shown: BTreeMap<String, u32> = page.facets[name]
            .iter()
            .map(|v| (v.id.clone(), v.count))
            .collect();
        assert_eq!(shown, counts[name], "{name} of {query:?}");
    }
}

fn filters(group: usize, ids: &[&str]) -> Filters {
    let mut filters = Filters::default();
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    match group {
        0 => filters.topics = ids,
        1 => filters.levels = ids,
        2 => filters.duration = ids,
        4 => filters.kinds = ids,
        _ => filters.contributors = ids,
    }
    filters
}

fn check_all(
    engine: &Engine,
    options: &ExportOptions,
    queries: &[&str],
) -> Result<(), SearchError> {
    let files = engine.export_with(options)?;
    let docs = engine.documents();
    let topic = docs[0].topics[0].id.clone();
    let level = docs[1].levels[0].clone();
    let person = docs[2].contributors[0].id.clone();
    let kind = docs[2].kind.id.clone();
    for query in queries {
        check(engine, &files, query, filters(4, &[&kind]))?;
        check(engine, &files, query, Filters::default())?;
        check(engine, &files, query, filters(1, &[&level]))?;
        check(engine, &files, query, filters(2, &["1-2", "5-plus"]))?;
        let mut both = filters(0, &[&topic]);
        both.contributors = vec![person.clone()];
        check(engine, &files, query, both)?;
    }
    Ok(())
}

const CORPUS_QUERIES: &[&str] = &[
    "élèves",
    "lecture ",
    "lec",
    "dictée flash ",
    "élève dictée lecture",
    "symétrie chorale ",
    "orthografe ",
    "CE1",
];

#[test]
fn counts_match_the_corpus_whatever_the_layout() -> Result<(), SearchError> {
    let engine = Engine::build(corpus())?;
    let tiered = ExportOptions {
        shard_target_bytes: 400,
        head_postings: 2,
        big_min_docs: 3,
        inline_vocab_bytes: 0,
        ..ExportOptions::default()
    };
    for options in [ExportOptions::default(), tiered] {
        check_all(&engine, &options, CORPUS_QUERIES)?;
    }
    Ok(())
}

#[test]
fn counts_match_a_synthetic_catalogue() -> Result<(), SearchError> {
    let engine = Engine::build(synthetic(600, 11))?;
    let options = ExportOptions {
        head_postings: 16,
        inline_vocab_bytes: 0,
        ..ExportOptions::default()
    };
    check_all(
        &engine,
        &options,
        &["lecture", "élèves classe", "musique rythme ", "ba"],
    )
}

/// Beyond `facet_fetch_max` postings of facet files, a results page without filters
/// estimates its counts (and says so); its results and total stay exact, and a filter
/// counts exactly again.
#[test]
fn large_result_sets_estimate_counts_and_filters_stay_exact() -> Result<(), SearchError> {
    let engine = Engine::build(synthetic(600, 11))?;
    let options = ExportOptions {
        head_postings: 16,
        facet_fetch_max: 0,
        inline_vocab_bytes: 0,
        ..ExportOptions::default()
    };
    let files = engine.export_with(&options)?;
    let query = "élèves classe";
    let mut index = StaticIndex::open(&files)?;
    let page = index.search(query, &SearchOptions::default())?;
    assert!(page.estimated, "counts of {query:?} should be estimates");
    assert!(!index.fetched().iter().any(|p| p.starts_with("facets/")));
    let (total, exact) = truth(&engine, query, &Filters::default())?;
    assert_eq!(page.total, total);
    let estimated: u32 = page.facets["levels"].iter().map(|v| v.count).sum();
    let actual: u32 = exact["levels"].values().sum();
    assert!(
        estimated.abs_diff(actual) * 5 < actual,
        "{estimated} vs {actual}"
    );
    let level = engine.documents()[0].levels[0].clone();
    check(&engine, &files, query, filters(1, &[&level]))?;
    check(&engine, &files, "lecture", Filters::default())?;
    Ok(())
}

/// A one-word results page without filters comes from the heads of its frequent terms,
/// without their list files (documents and labels): tantivy's first documents; with a
/// single term, its exact total and counts; with several, a total and counts said to be
/// estimates, near the truth.
#[test]
fn one_word_pages_come_from_heads_without_lists() -> Result<(), SearchError> {
    let engine = Engine::build(synthetic(2000, 11))?;
    let options = ExportOptions {
        head_postings: 64,
        inline_vocab_bytes: 0,
        ..ExportOptions::default()
    };
    let files = engine.export_with(&options)?;
    assert!(files.iter().any(|f| f.path.starts_with("lists/")));
    let (mut exact, mut estimated) = (0, 0);
    let mut queries: Vec<String> = ["lecture", "élèves", "cla", "mus", "ba"]
        .map(String::from)
        .to_vec();
    for doc in &engine.documents()[..40] {
        let words = doc.title.split(|c: char| !c.is_alphanumeric());
        queries.extend(
            words
                .filter(|w| w.chars().count() >= 4)
                .map(str::to_lowercase),
        );
    }
    for query in &queries {
        let query = query.as_str();
        let mut index = StaticIndex::open(&files)?;
        let page = index.search(query, &SearchOptions::default())?;
        let first: Vec<usize> = page.results.iter().map(|c| c.0 as usize).collect();
        let ranked: Vec<usize> = engine.rank(query)?.iter().take(10).map(|r| r.0).collect();
        assert_eq!(first, ranked, "first documents of {query:?}");
        if index.fetched().iter().any(|p| p.starts_with("lists/")) {
            continue;
        }
        let (total, counts) = truth(&engine, query, &Filters::default())?;
        if page.total_estimated {
            estimated += 1;
            assert!(page.estimated, "counts of {query:?} should be estimates");
            assert!(
                page.total * 3 > total * 2 && page.total * 2 < total * 3,
                "{query:?}: about {} of {total}",
                page.total
            );
            continue;
        }
        exact += 1;
        assert_eq!(page.total, total, "total of {query:?}");
        assert_counts_shown(&page, &counts, query);
    }
    assert!(
        exact >= 2 && estimated >= 1,
        "{exact} exact, {estimated} estimated"
    );
    Ok(())
}

/// A typed word completing to several frequent terms has its first page stored in its
/// shard: tantivy's first documents, total and counts, shown without any list file.
#[test]
fn words_completing_to_frequent_terms_have_their_first_page_stored() -> Result<(), SearchError> {
    let engine = Engine::build(synthetic(2000, 11))?;
    let options = ExportOptions {
        head_postings: 64,
        inline_vocab_bytes: 0,
        ..ExportOptions::default()
    };
    let files = engine.export_with(&options)?;
    let mut words = Vec::new();
    for file in files.iter().filter(|f| f.path.starts_with("shards/")) {
        let shard: capsule_search::testing::format::Shard = serde_json::from_slice(&file.bytes)?;
        words.extend(shard.pages.into_keys());
    }
    assert!(words.len() >= 5, "{words:?}");
    for word in words.iter().take(30) {
        let mut index = StaticIndex::open(&files)?;
        let page = index.search(word, &SearchOptions::default())?;
        let ranked = engine.rank(word)?;
        let first: Vec<usize> = ranked.iter().take(10).map(|r| r.0).collect();
        let shown: Vec<usize> = page.results.iter().map(|c| c.0 as usize).collect();
        assert_eq!(shown, first, "first documents of {word:?}");
        let (total, counts) = truth(&engine, word, &Filters::default())?;
        assert_eq!(
            (page.total, page.total_estimated),
            (total, false),
            "{word:?}"
        );
        assert_counts_shown(&page, &counts, word);
        let fetched = index.fetched();
        assert!(
            !fetched.iter().any(|p| p.starts_with("lists/")),
            "{word:?}: {fetched:?}"
        );
    }
    Ok(())
}
