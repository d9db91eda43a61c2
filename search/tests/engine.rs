//! Behaviour of `Engine::search` and `Engine::related` on the sample corpus.

use capsule_search::testing::sample::corpus;
use capsule_search::{Document, Engine, Facet, SearchError};

fn engine() -> Result<Engine, SearchError> {
    Engine::build(corpus())
}

fn urls(engine: &Engine, query: &str) -> Result<Vec<String>, SearchError> {
    Ok(engine
        .search(query, 10)?
        .into_iter()
        .map(|h| h.url)
        .collect())
}

#[test]
fn finds_accented_words_without_accents() -> Result<(), SearchError> {
    let engine = engine()?;
    assert_eq!(
        urls(&engine, "dictee negociee ")?[0],
        "/videos/dictee-negociee/"
    );
    assert_eq!(
        urls(&engine, "ecriture cursive ")?[0],
        "/videos/ecriture-cursive/"
    );
    Ok(())
}

#[test]
fn plural_finds_singular_and_title_wins() -> Result<(), SearchError> {
    let engine = engine()?;
    let hits = urls(&engine, "lectures ")?;
    assert!(hits.len() >= 4);
    assert!(hits[..2].contains(&"/videos/lectures-offertes/".to_string()));
    Ok(())
}

#[test]
fn elided_queries_match() -> Result<(), SearchError> {
    let engine = engine()?;
    assert_eq!(urls(&engine, "l’école ")?, urls(&engine, "ecole ")?);
    assert!(!urls(&engine, "l'ecole ")?.is_empty());
    Ok(())
}

#[test]
fn facets_labels_are_searchable() -> Result<(), SearchError> {
    let engine = engine()?;
    assert!(urls(&engine, "Hélène Martin ")?.contains(&"/videos/jardin-ecole/".to_string()));
    assert!(urls(&engine, "CM2 ")?.contains(&"/videos/debat-philo/".to_string()));
    assert!(urls(&engine, "citoyennete ")?.contains(&"/videos/conseil-eleves/".to_string()));
    Ok(())
}

#[test]
fn all_words_must_match_unless_nothing_does() -> Result<(), SearchError> {
    let engine = engine()?;
    assert_eq!(
        urls(&engine, "dictée flash ")?,
        vec!["/videos/dictee-flash/"]
    );
    let fallback = urls(&engine, "symétrie chorale ")?;
    assert_eq!(fallback.len(), 2);
    Ok(())
}

#[test]
fn last_word_is_a_prefix_and_typos_are_forgiven() -> Result<(), SearchError> {
    let engine = engine()?;
    assert!(urls(&engine, "sym")?.contains(&"/videos/geometrie-symetrie/".to_string()));
    assert!(urls(&engine, "orthografe ")?.contains(&"/videos/dictee-flash/".to_string()));
    assert!(urls(&engine, "grammiare ")?.contains(&"/videos/grammaire-nature/".to_string()));
    assert!(urls(&engine, "sym ")?.is_empty());
    Ok(())
}

#[test]
fn stop_words_and_empty_queries_give_nothing() -> Result<(), SearchError> {
    let engine = engine()?;
    assert!(engine.search("", 10)?.is_empty());
    assert!(engine.search("le la les de ", 10)?.is_empty());
    Ok(())
}

#[test]
fn ties_follow_input_order() -> Result<(), SearchError> {
    let twin = |url: &str| Document {
        url: url.to_string(),
        title: "Atelier jumeau".to_string(),
        ..Document::default()
    };
    let engine = Engine::build(vec![twin("/b/"), twin("/a/"), twin("/c/")])?;
    let hits = engine.search("atelier ", 10)?;
    let order: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
    assert_eq!(order, vec!["/b/", "/a/", "/c/"]);
    assert_eq!(hits[0].score, hits[2].score);
    Ok(())
}

#[test]
fn duplicate_urls_are_rejected() {
    let doc = Document {
        url: "/same/".into(),
        topics: vec![Facet::new("x", "X")],
        ..Document::default()
    };
    assert!(matches!(
        Engine::build(vec![doc.clone(), doc]),
        Err(SearchError::DuplicateUrl(_))
    ));
}

#[test]
fn related_is_deterministic_and_relevant() -> Result<(), SearchError> {
    let first = engine()?.related(3);
    let second = engine()?.related(3);
    assert_eq!(first, second);
    assert_eq!(first.len(), corpus().len());
    for (doc, list) in first.iter().enumerate() {
        assert!(!list.contains(&doc), "document {doc} related to itself");
        assert!(list.len() <= 3);
    }
    let docs = corpus();
    let index = |slug: &str| docs.iter().position(|d| d.url.contains(slug));
    let dictee = index("dictee-negociee").unwrap_or_default();
    let flash = index("dictee-flash").unwrap_or_default();
    assert!(first[dictee].contains(&flash), "{:?}", first[dictee]);
    Ok(())
}

/// A video is related to videos only, a path to paths, whatever their words share.
#[test]
fn related_documents_are_of_the_same_kind() -> Result<(), SearchError> {
    let docs = corpus();
    let crossing = |related: Vec<Vec<usize>>| {
        let pairs = related
            .iter()
            .enumerate()
            .flat_map(|(doc, list)| list.iter().map(move |&o| (doc, o)));
        let pairs: Vec<(usize, usize)> = pairs.collect();
        assert!(pairs.len() > docs.len(), "too few related documents");
        pairs
            .iter()
            .filter(|(d, o)| docs[*d].kind != docs[*o].kind)
            .count()
    };
    assert_eq!(crossing(Engine::build(docs.clone())?.related(5)), 0);
    let one_kind: Vec<Document> = docs
        .iter()
        .map(|d| Document {
            kind: Facet::default(),
            ..d.clone()
        })
        .collect();
    let mixed = crossing(Engine::build(one_kind)?.related(5));
    assert!(mixed > 0, "without kinds, words relate videos and paths");
    Ok(())
}

#[test]
fn related_survives_shuffled_ties() -> Result<(), SearchError> {
    let twin = |url: &str| Document {
        url: url.to_string(),
        title: "Jardin potager".to_string(),
        body: "graines et semis".to_string(),
        ..Document::default()
    };
    let filler = |i: usize| Document {
        url: format!("/filler-{i}/"),
        title: format!("Filler {}", "x".repeat(i + 1)),
        ..Document::default()
    };
    let mut docs = vec![twin("/a/"), twin("/b/"), twin("/c/"), twin("/d/")];
    docs.extend((0..12).map(filler));
    let related = Engine::build(docs)?.related(2);
    assert_eq!(
        related[..4],
        [vec![1, 2], vec![0, 2], vec![0, 1], vec![0, 1]]
    );
    Ok(())
}
