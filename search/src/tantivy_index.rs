//! The reference ranking: a real tantivy index in RAM, queried with the `BooleanQuery` the
//! planner describes. `capsule search` answers with it, and the tests hold the exported
//! index (and the browser client) to its scores and order. The site build does not need it.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::{DocAddress, Index, IndexWriter, Searcher, TantivyDocument, Term};

use crate::analyzer::{french_analyzer, TOKENIZER_NAME};
use crate::fields::{field_values, FIELDS};
use crate::planner::Group;
use crate::{Document, SearchError};

/// Memory budget of the (single-threaded) index writer.
const WRITER_MEMORY: usize = 100_000_000;
/// Fast field holding each document's position in the input.
const ORD_FIELD: &str = "ord";

/// A searchable tantivy index over the documents.
pub struct TantivyIndex {
    searcher: Searcher,
    fields: Vec<Field>,
    /// `ords[segment][doc_id]`: input position of a tantivy document.
    ords: Vec<Vec<u32>>,
}

impl TantivyIndex {
    /// Indexes `docs`, remembering their input positions.
    pub fn build(docs: &[Document]) -> Result<TantivyIndex, SearchError> {
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
        Ok(TantivyIndex {
            searcher,
            fields,
            ords,
        })
    }

    /// Every document matching the groups (combined with `occur`), as `(position, score)`,
    /// best first, ties in input order.
    pub fn rank(&self, groups: &[Group], occur: Occur) -> Result<Vec<(usize, f32)>, SearchError> {
        self.collect(&self.query(groups, occur))
    }

    /// Like [`TantivyIndex::rank`] for an arbitrary query.
    pub fn collect(&self, query: &dyn Query) -> Result<Vec<(usize, f32)>, SearchError> {
        let limit = self.ords.iter().map(Vec::len).sum::<usize>().max(1);
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

    /// The searcher and the text fields, for tests that use tantivy's own query parser.
    #[cfg(test)]
    pub fn parts(&self) -> (&Searcher, &[Field]) {
        (&self.searcher, &self.fields)
    }

    /// The same query tantivy's `QueryParser` builds for one analysed term over the
    /// default fields with field boosts: a `Should` over boosted fields.
    pub fn term_query(&self, term: &str) -> Box<dyn Query> {
        let clauses = self.fields.iter().zip(FIELDS.iter()).map(|(field, spec)| {
            let term = Term::from_field_text(*field, term);
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            let boosted: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(query), spec.boost));
            (Occur::Should, boosted)
        });
        Box::new(BooleanQuery::new(clauses.collect()))
    }

    fn query(&self, groups: &[Group], occur: Occur) -> BooleanQuery {
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

    fn position(&self, address: DocAddress) -> usize {
        self.ords[address.segment_ord as usize][address.doc_id as usize] as usize
    }
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
