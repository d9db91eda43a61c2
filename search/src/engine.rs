//! The engine over the catalogue: our own parallel inverted index (for related documents
//! and the static export, which a site build needs) and, built on first use, a tantivy
//! index that answers queries (`capsule search`) and is the reference for every score.

use std::collections::HashSet;
use std::sync::OnceLock;

use tantivy::query::Occur;

use crate::export::{export_files, export_to, ExportError, ExportFile, ExportOptions, ExportSink};
use crate::index::InvertedIndex;
use crate::planner::{plan, Vocabulary};
use crate::tantivy_index::TantivyIndex;
use crate::{Document, Hit, SearchError};

/// The indexed documents, their inverted index and vocabulary.
pub struct Engine {
    docs: Vec<Document>,
    index: InvertedIndex,
    vocab: Vocabulary,
    tantivy: OnceLock<TantivyIndex>,
    /// The documents' bodies and transcripts were dropped (see [`Engine::drop_texts`]).
    texts_dropped: bool,
}

impl Engine {
    /// Indexes `docs`; their order is the tie-breaker everywhere.
    pub fn build(docs: Vec<Document>) -> Result<Engine, SearchError> {
        check_unique_urls(&docs)?;
        let index = InvertedIndex::build(&docs);
        let vocab = index
            .iter()
            .map(|(term, list)| (term.to_string(), list.len() as u32))
            .collect();
        Ok(Engine {
            docs,
            index,
            vocab,
            tantivy: OnceLock::new(),
            texts_dropped: false,
        })
    }

    /// Drops the documents' bodies and transcripts, which only the indexes need: a site
    /// build exports and relates documents from our own index, built already, and never
    /// builds the tantivy index (its stored pages are ranked from our own index). A query
    /// that needs tantivy afterwards fails with [`SearchError::TextsDropped`].
    pub fn drop_texts(&mut self) {
        for doc in &mut self.docs {
            doc.body = String::new();
            doc.transcript = String::new();
        }
        self.texts_dropped = true;
    }

    /// The indexed documents, in input order.
    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    /// Every indexed term with its document frequency.
    #[cfg(test)]
    pub(crate) fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// The inverted index (terms, postings, field statistics).
    #[cfg(test)]
    pub(crate) fn index(&self) -> &InvertedIndex {
        &self.index
    }

    /// Top `limit` hits for `query`, by tantivy BM25 score then input order.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let ranked = self.rank(query)?;
        let hits = ranked
            .into_iter()
            .take(limit)
            .map(|(doc, score)| Hit::new(&self.docs[doc], score));
        Ok(hits.collect())
    }

    /// Every matching document as `(input index, score)`, best first, ranked by tantivy.
    ///
    /// All query words must match (conjunction); when no document matches them
    /// all, documents matching any word are returned (disjunction fallback).
    pub fn rank(&self, query: &str) -> Result<Vec<(usize, f32)>, SearchError> {
        let groups = plan(query, &self.vocab);
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let tantivy = self.tantivy()?;
        let ranked = tantivy.rank(&groups, Occur::Must)?;
        if !ranked.is_empty() || groups.len() == 1 {
            return Ok(ranked);
        }
        tantivy.rank(&groups, Occur::Should)
    }

    /// For each document (input order), up to `limit` related document indices, all of
    /// the document's own kind.
    pub fn related(&self, limit: usize) -> Vec<Vec<usize>> {
        let tables = crate::facets::FacetTables::collect(&self.docs);
        crate::related::related(&self.index, &tables.kind_codes(&self.docs), limit)
    }

    /// The static index with default options (see `FORMAT.md`).
    pub fn export(&self) -> Result<Vec<ExportFile>, SearchError> {
        self.export_with(&ExportOptions::default())
    }

    /// The static index with explicit options.
    pub fn export_with(&self, options: &ExportOptions) -> Result<Vec<ExportFile>, SearchError> {
        let rank = |query: &str| self.rank_own(query);
        export_files(&self.docs, &self.index, options, &rank)
    }

    /// The static index with default options, each file handed to `sink` as soon as it is
    /// made, `meta.json` last: a site build never holds all of them at once.
    pub fn export_to<E>(&self, sink: &mut ExportSink<E>) -> Result<(), ExportError<E>> {
        let rank = |query: &str| self.rank_own(query);
        export_to(
            &self.docs,
            &self.index,
            &ExportOptions::default(),
            &rank,
            sink,
        )
    }

    /// Like [`Engine::rank`], from our own index for a one-word query (the stored first
    /// pages of the export ask only those): no tantivy index is built for a site build.
    /// Scores are summed as tantivy sums them, terms of the word in plan order.
    fn rank_own(&self, query: &str) -> Result<Vec<(usize, f32)>, SearchError> {
        let groups = plan(query, &self.vocab);
        let [group] = groups.as_slice() else {
            return self.rank(query);
        };
        let mut scores = vec![0f32; self.docs.len()];
        let mut matched = vec![false; self.docs.len()];
        for planned in &group.terms {
            let Ok(t) = self.index.terms.binary_search(&planned.term) else {
                continue;
            };
            let postings = self.index.postings(t);
            for (doc, score) in self.index.weighted_scores(&postings, planned.weight) {
                scores[doc as usize] += score;
                matched[doc as usize] = true;
            }
        }
        let mut ranked: Vec<(usize, f32)> = (0..self.docs.len())
            .filter(|&doc| matched[doc])
            .map(|doc| (doc, scores[doc]))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked)
    }

    /// The tantivy index, built on first use.
    pub(crate) fn tantivy(&self) -> Result<&TantivyIndex, SearchError> {
        if let Some(index) = self.tantivy.get() {
            return Ok(index);
        }
        if self.texts_dropped {
            return Err(SearchError::TextsDropped);
        }
        let built = TantivyIndex::build(&self.docs)?;
        Ok(self.tantivy.get_or_init(|| built))
    }
}

fn check_unique_urls(docs: &[Document]) -> Result<(), SearchError> {
    let mut seen = HashSet::new();
    for doc in docs {
        if !seen.insert(doc.url.as_str()) {
            return Err(SearchError::DuplicateUrl(doc.url.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tantivy::query::QueryParser;

    use super::*;
    use crate::testing::sample::{corpus, synthetic};

    /// What tantivy's own `QueryParser` returns for a plain query (conjunction,
    /// field boosts), with the same tie-break.
    fn parser_rank(engine: &Engine, query: &str) -> Vec<(usize, f32)> {
        let tantivy = engine.tantivy().unwrap_or_else(|e| panic!("{e}"));
        let (searcher, fields) = tantivy.parts();
        let mut parser = QueryParser::for_index(searcher.index(), fields.to_vec());
        parser.set_conjunction_by_default();
        for (field, spec) in fields.iter().zip(crate::fields::FIELDS.iter()) {
            parser.set_field_boost(*field, spec.boost);
        }
        let parsed = parser.parse_query(query).map_err(|e| e.to_string());
        let parsed = parsed.unwrap_or_else(|e| panic!("{query}: {e}"));
        tantivy.collect(parsed.as_ref()).unwrap_or_default()
    }

    #[test]
    fn plain_queries_score_like_the_query_parser() -> Result<(), SearchError> {
        let engine = Engine::build(corpus())?;
        for query in [
            "lecture",
            "dictée négociée",
            "élèves école",
            "calcul",
            "CE1 orthographe",
        ] {
            let ours = engine.rank(&format!("{query} "))?;
            let theirs = parser_rank(&engine, query);
            assert!(!ours.is_empty(), "{query}");
            assert_eq!(ours.len(), theirs.len(), "{query}");
            for ((doc, score), (their_doc, their_score)) in ours.iter().zip(&theirs) {
                assert_eq!(doc, their_doc, "{query}");
                assert!((score - their_score).abs() <= 1e-5 * score.abs(), "{query}");
            }
        }
        Ok(())
    }

    /// Our own index gives, for every term and document, tantivy's score: the same
    /// operations in `f32`, fields summed in a fixed order where tantivy's order depends
    /// on its traversal (a difference of an ulp or two).
    fn assert_impacts_match_tantivy(docs: Vec<Document>) -> Result<(), SearchError> {
        let engine = Engine::build(docs)?;
        let tantivy = engine.tantivy()?;
        let index = engine.index();
        assert_eq!(index.terms.len(), engine.vocabulary().len());
        for (term, list) in index.iter() {
            let expected = tantivy.collect(tantivy.term_query(term).as_ref())?;
            let mut ours: Vec<(usize, f32)> = index
                .impacts(&list)
                .iter()
                .map(|i| (i.doc as usize, i.all))
                .collect();
            ours.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            assert_same_ranking(&ours, &expected, 1e-6, term);
        }
        Ok(())
    }

    /// The same documents in the same order, each score within `tolerance` (relative).
    fn assert_same_ranking(
        ours: &[(usize, f32)],
        theirs: &[(usize, f32)],
        tolerance: f32,
        what: &str,
    ) {
        let docs = |r: &[(usize, f32)]| r.iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(docs(ours), docs(theirs), "order of {what:?}");
        for ((_, mine), (_, their)) in ours.iter().zip(theirs) {
            assert!(
                (mine - their).abs() <= tolerance * their,
                "{what:?}: {mine} {their}"
            );
        }
    }

    /// One-word queries (words and prefixes of every term) rank the same documents in
    /// the same order from our index as from tantivy, scores within float rounding.
    fn assert_one_word_ranking_matches_tantivy(docs: Vec<Document>) -> Result<(), SearchError> {
        let engine = Engine::build(docs)?;
        let words: Vec<String> = engine
            .index()
            .terms
            .iter()
            .flat_map(|term| {
                let cut = term.char_indices().nth(3).map_or(term.len(), |(i, _)| i);
                [term.clone(), term[..cut].to_string()]
            })
            .collect();
        for word in &words {
            let ours = engine.rank_own(word)?;
            assert_same_ranking(&ours, &engine.rank(word)?, 1e-5, word);
        }
        Ok(())
    }

    #[test]
    fn one_word_rankings_from_our_index_match_tantivy() -> Result<(), SearchError> {
        assert_one_word_ranking_matches_tantivy(corpus())?;
        assert_one_word_ranking_matches_tantivy(synthetic(300, 3))
    }

    /// A site build drops the texts once indexed: the export (stored first pages included)
    /// and related documents do not change; a query that needs tantivy says why it fails.
    #[test]
    fn dropping_texts_changes_no_export_file() -> Result<(), SearchError> {
        let options = ExportOptions {
            inline_vocab_bytes: 0,
            ..ExportOptions::default()
        };
        let mut engine = Engine::build(synthetic(600, 3))?;
        let (files, related) = (engine.export_with(&options)?, engine.related(4));
        let pages = |f: &ExportFile| f.bytes.windows(8).any(|w| w == b"\"pages\":");
        assert!(files.iter().any(pages), "no stored first page to rank");
        engine.drop_texts();
        assert!(engine.documents().iter().all(|d| d.body.is_empty()));
        assert_eq!(engine.export_with(&options)?, files);
        assert_eq!(engine.related(4), related);
        assert!(matches!(
            engine.search("lecture", 10),
            Err(SearchError::TextsDropped)
        ));
        Ok(())
    }

    #[test]
    fn own_index_scores_exactly_like_tantivy() -> Result<(), SearchError> {
        assert_impacts_match_tantivy(corpus())?;
        assert_impacts_match_tantivy(synthetic(300, 3))
    }
}
