//! Ranking quality at scale, on a catalogue of 10 000 videos whose titles nearly repeat
//! (every practice at every level, in a dozen variants): the level named in a query
//! decides, typos and a word still being typed find the video, and the exported static
//! index shows the same first page as `capsule search`.

use capsule_search::testing::ranker::StaticIndex;
use capsule_search::testing::sample::{near_duplicates, NEAR_LEVELS, PRACTICES};
use capsule_search::{Document, Engine, SearchError};

const VIDEOS: usize = 10_000;

/// `(query, practice, level)`: the video the query means.
const NAMED_LEVEL: &[(&str, usize, usize)] = &[
    ("rituel lecture CE2", 0, 5),
    ("Rituel de lecture en CM1", 0, 6),
    ("dictée négociée CP", 1, 3),
    ("calcul mental GS", 2, 2),
    ("jogging écriture CM2", 3, 7),
    ("lecture offerte 6e", 5, 8),
    ("conseil d'élèves CE1", 9, 4),
    ("rituel calcul MS", 10, 1),
];

/// Misspelled or unfinished queries and the video they mean.
const APPROXIMATE: &[(&str, usize, usize)] = &[
    ("rituel lectrue CE2", 0, 5),
    ("ritual de lecture CE2", 0, 5),
    ("dictée négosiée CP", 1, 3),
    ("calcul mentla GS", 2, 2),
    ("CE2 rituel lect", 0, 5),
    ("CP dictée négo", 1, 3),
    ("CM2 jogging écri", 3, 7),
    ("6e lecture offe", 5, 8),
];

fn target(docs: &[Document], practice: usize, level: usize) -> &str {
    let doc = &docs[practice + level * PRACTICES.len()];
    assert!(doc.title.ends_with(&format!(" en {}", NEAR_LEVELS[level])));
    &doc.url
}

fn first_urls(engine: &Engine, query: &str) -> Result<Vec<String>, SearchError> {
    Ok(engine
        .search(query, 10)?
        .into_iter()
        .map(|h| h.url)
        .collect())
}

#[test]
fn near_duplicate_titles_rank_the_named_level_first() -> Result<(), SearchError> {
    let engine = Engine::build(near_duplicates(VIDEOS))?;
    let docs = engine.documents();
    let files = engine.export()?;
    for &(query, practice, level) in NAMED_LEVEL {
        let shown = first_urls(&engine, query)?;
        assert_eq!(
            shown[0],
            target(docs, practice, level),
            "{query}: {shown:?}"
        );
        assert_static_page(&files, query, &shown)?;
    }
    for &(query, practice, level) in APPROXIMATE {
        let shown = first_urls(&engine, query)?;
        let wanted = target(docs, practice, level);
        assert!(shown[..3].iter().any(|u| u == wanted), "{query}: {shown:?}");
        assert_static_page(&files, query, &shown)?;
    }
    Ok(())
}

/// The browser's ranking (its Rust twin on the export) shows the same first page.
fn assert_static_page(
    files: &[capsule_search::ExportFile],
    query: &str,
    expected: &[String],
) -> Result<(), SearchError> {
    let mut index = StaticIndex::open(files)?;
    let cards = index.results(query, 10)?;
    let shown: Vec<&str> = cards.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(shown, expected, "static index for {query}");
    Ok(())
}
