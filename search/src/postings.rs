//! Per (term, document) BM25 impacts read back from the tantivy index.
//!
//! For every term and document, the impact is what tantivy scores for a query
//! made of that single term over all boosted fields: the sum over fields of
//! `boost × BM25`, computed with tantivy's own [`Bm25Weight`] from the real
//! document frequencies, field norms and term frequencies.

use std::collections::BTreeMap;

use tantivy::postings::Postings;
use tantivy::query::Bm25Weight;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, SegmentReader, Term, TERMINATED};

use crate::fields::FIELDS;

/// One posting: a document (input order) and its impacts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posting {
    pub doc: u32,
    /// Score contribution of the term, all fields.
    pub impact: f32,
    /// Same over the fields used for related documents only.
    pub related: f32,
}

/// Every term with its postings, sorted by document.
pub type PostingTable = BTreeMap<String, Vec<Posting>>;

/// Reads all impacts; `ords[segment][doc_id]` maps tantivy ids to input order.
pub fn read_postings(
    searcher: &Searcher,
    fields: &[Field],
    ords: &[Vec<u32>],
) -> tantivy::Result<PostingTable> {
    let mut table = PostingTable::new();
    for (index, field) in fields.iter().enumerate() {
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let context = FieldContext {
                searcher,
                field: *field,
                index,
                ords: &ords[segment],
            };
            context.read_segment(reader, &mut table)?;
        }
    }
    for postings in table.values_mut() {
        merge_postings(postings);
    }
    Ok(table)
}

struct FieldContext<'a> {
    searcher: &'a Searcher,
    field: Field,
    index: usize,
    ords: &'a [u32],
}

impl FieldContext<'_> {
    fn read_segment(
        &self,
        reader: &SegmentReader,
        table: &mut PostingTable,
    ) -> tantivy::Result<()> {
        let inverted = reader.inverted_index(self.field)?;
        let norms = reader.get_fieldnorms_reader(self.field)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let text = String::from_utf8_lossy(terms.key()).into_owned();
            let term = Term::from_field_text(self.field, &text);
            let weight = Bm25Weight::for_terms(self.searcher, &[term])?;
            let mut postings = inverted
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)?;
            let entry = table.entry(text).or_default();
            while postings.doc() != TERMINATED {
                let doc = postings.doc();
                let score = weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                entry.push(self.posting(doc, score));
                postings.advance();
            }
        }
        Ok(())
    }

    fn posting(&self, doc: u32, score: f32) -> Posting {
        let spec = FIELDS[self.index];
        let impact = score * spec.boost;
        Posting {
            doc: self.ords[doc as usize],
            impact,
            related: if spec.related { impact } else { 0.0 },
        }
    }
}

/// Sorts by document and sums the per-field entries of a same document.
fn merge_postings(postings: &mut Vec<Posting>) {
    postings.sort_by_key(|p| p.doc);
    let mut merged: Vec<Posting> = Vec::with_capacity(postings.len());
    for posting in postings.drain(..) {
        match merged.last_mut() {
            Some(last) if last.doc == posting.doc => {
                last.impact += posting.impact;
                last.related += posting.related;
            }
            _ => merged.push(posting),
        }
    }
    *postings = merged;
}
