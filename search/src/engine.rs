//! The in-RAM tantivy index over the catalogue: building, BM25 search, and the
//! entry points for related documents and the static export.

use std::collections::HashSet;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::{DocAddress, Index, IndexWriter, Searcher, TantivyDocument, Term};

use crate::analyzer::{french_analyzer, TOKENIZER_NAME};
use crate::export::{export_files, ExportFile, ExportOptions};
use crate::fields::{field_values, FIELDS};
use crate::planner::{plan, Group, Vocabulary};
use crate::postings::{read_postings, PostingTable};
use crate::{Document, Hit, SearchError};

/// Memory budget of the (single-threaded) index writer.
const WRITER_MEMORY: usize = 100_000_000;
/// Fast field holding each document's position in the input.
const ORD_FIELD: &str = "ord";

/// A built tantivy index (in RAM) plus the documents and their impacts.
pub struct Engine {
    docs: Vec<Document>,
    searcher: Searcher,
    fields: Vec<Field>,
    /// `ords[segment][doc_id]`: input position of a tantivy document.
    ords: Vec<Vec<u32>>,
    postings: PostingTable,
    vocab: Vocabulary,
}

impl Engine {
    /// Indexes `docs`; their order is the tie-breaker everywhere.
    pub fn build(docs: Vec<Document>) -> Result<Engine, SearchError> {
        check_unique_urls(&docs)?;
        let (schema, fields, ord) = build_schema();
        let index = Index::create_in_ram(schema);
        index
            .tokenizers()
            .register(TOKENIZER_NAME, french_analyzer());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        for (position, doc) in docs.iter().enumerate() {
            writer.add_document(to_tantivy(doc, &fields, ord, position))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let ords = read_ords(&searcher)?;
        let postings = read_postings(&searcher, &fields, &ords)?;
        let vocab = postings
            .iter()
            .map(|(t, p)| (t.clone(), p.len() as u32))
            .collect();
        Ok(Engine {
            docs,
            searcher,
            fields,
            ords,
            postings,
            vocab,
        })
    }

    /// The indexed documents, in input order.
    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    /// Every indexed term with its document frequency.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// Top `limit` hits for `query`, by tantivy BM25 score then input order.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let ranked = self.rank(query)?;
        let hits = ranked.into_iter().take(limit).map(|(doc, score)| Hit {
            url: self.docs[doc].url.clone(),
            title: self.docs[doc].title.clone(),
            score,
        });
        Ok(hits.collect())
    }

    /// Every matching document as `(input index, score)`, best first.
    ///
    /// All query words must match (conjunction); when no document matches them
    /// all, documents matching any word are returned (disjunction fallback).
    pub fn rank(&self, query: &str) -> Result<Vec<(usize, f32)>, SearchError> {
        let groups = plan(query, &self.vocab);
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let ranked = self.collect(&self.tantivy_query(&groups, Occur::Must))?;
        if !ranked.is_empty() || groups.len() == 1 {
            return Ok(ranked);
        }
        self.collect(&self.tantivy_query(&groups, Occur::Should))
    }

    /// For each document (input order), up to `limit` related document indices.
    pub fn related(&self, limit: usize) -> Vec<Vec<usize>> {
        crate::related::related(&self.postings, self.docs.len(), limit)
    }

    /// The static index with default options (see `FORMAT.md`).
    pub fn export(&self) -> Result<Vec<ExportFile>, SearchError> {
        self.export_with(&ExportOptions::default())
    }

    /// The static index with explicit sharding options.
    pub fn export_with(&self, options: &ExportOptions) -> Result<Vec<ExportFile>, SearchError> {
        export_files(&self.docs, &self.postings, options)
    }

    /// The same query tantivy's `QueryParser` builds for one analysed term over
    /// the default fields with field boosts: a `Should` over boosted fields.
    fn term_query(&self, term: &str) -> Box<dyn Query> {
        let clauses = self.fields.iter().zip(FIELDS.iter()).map(|(field, spec)| {
            let term = Term::from_field_text(*field, term);
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            let boosted: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(query), spec.boost));
            (Occur::Should, boosted)
        });
        Box::new(BooleanQuery::new(clauses.collect()))
    }

    fn tantivy_query(&self, groups: &[Group], occur: Occur) -> BooleanQuery {
        let clauses = groups.iter().map(|group| {
            let alternatives = group.terms.iter().map(|planned| {
                let query = BoostQuery::new(self.term_query(&planned.term), planned.weight);
                (Occur::Should, Box::new(query) as Box<dyn Query>)
            });
            let group_query: Box<dyn Query> = Box::new(BooleanQuery::new(alternatives.collect()));
            (occur, group_query)
        });
        BooleanQuery::new(clauses.collect())
    }

    fn collect(&self, query: &dyn Query) -> Result<Vec<(usize, f32)>, SearchError> {
        let limit = self.docs.len().max(1);
        let top = self
            .searcher
            .search(query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut ranked: Vec<(usize, f32)> = top
            .into_iter()
            .map(|(score, address)| (self.position(address), score))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked)
    }

    fn position(&self, address: DocAddress) -> usize {
        self.ords[address.segment_ord as usize][address.doc_id as usize] as usize
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

fn build_schema() -> (Schema, Vec<Field>, Field) {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqs);
    let options = TextOptions::default().set_indexing_options(indexing);
    let mut builder = Schema::builder();
    let fields = FIELDS
        .iter()
        .map(|spec| builder.add_text_field(spec.name, options.clone()))
        .collect();
    let ord = builder.add_u64_field(ORD_FIELD, FAST);
    (builder.build(), fields, ord)
}

fn to_tantivy(doc: &Document, fields: &[Field], ord: Field, position: usize) -> TantivyDocument {
    let mut tantivy_doc = TantivyDocument::default();
    for (index, field) in fields.iter().enumerate() {
        for value in field_values(doc, index) {
            tantivy_doc.add_text(*field, value);
        }
    }
    tantivy_doc.add_u64(ord, position as u64);
    tantivy_doc
}

fn read_ords(searcher: &Searcher) -> Result<Vec<Vec<u32>>, SearchError> {
    let mut ords = Vec::new();
    for reader in searcher.segment_readers() {
        let column = reader.fast_fields().u64(ORD_FIELD)?;
        let segment: Vec<u32> = (0..reader.max_doc())
            .map(|doc| column.first(doc).unwrap_or_default() as u32)
            .collect();
        ords.push(segment);
    }
    Ok(ords)
}

#[cfg(test)]
mod tests {
    use tantivy::query::QueryParser;

    use super::*;
    use crate::sample::corpus;

    /// What tantivy's own `QueryParser` returns for a plain query (conjunction,
    /// field boosts), with the same tie-break.
    fn parser_rank(engine: &Engine, query: &str) -> Vec<(usize, f32)> {
        let mut parser = QueryParser::for_index(engine.searcher.index(), engine.fields.clone());
        parser.set_conjunction_by_default();
        for (field, spec) in engine.fields.iter().zip(FIELDS.iter()) {
            parser.set_field_boost(*field, spec.boost);
        }
        let parsed = parser.parse_query(query).map_err(|e| e.to_string());
        let parsed = parsed.unwrap_or_else(|e| panic!("{query}: {e}"));
        engine.collect(parsed.as_ref()).unwrap_or_default()
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
}
