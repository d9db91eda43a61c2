//! "More like this": for each document, the documents sharing its most
//! characteristic terms of the title, topic labels and text.
//!
//! A document's query is its `MAX_QUERY_TERMS` terms with the highest BM25
//! impact over the related fields (title, topics, summary, body, transcript),
//! ignoring terms found in one document only or in more than a quarter of the
//! catalogue. Other documents are scored like a tantivy `BooleanQuery` of those
//! terms (sum of their impacts). Every tie is broken by term, then input order,
//! so the result is deterministic.

use crate::postings::PostingTable;

/// Terms kept to describe a document.
const MAX_QUERY_TERMS: usize = 20;
/// Terms in more than this share of the documents are too common to relate.
const MAX_DOC_FREQ_RATIO: f32 = 0.25;

/// For each document, up to `limit` other documents, most related first.
pub fn related(postings: &PostingTable, doc_count: usize, limit: usize) -> Vec<Vec<usize>> {
    let lists: Vec<&[crate::postings::Posting]> = postings.values().map(Vec::as_slice).collect();
    let max_df = ((doc_count as f32 * MAX_DOC_FREQ_RATIO) as usize).max(2);
    let doc_terms = terms_by_doc(&lists, doc_count, max_df);
    let mut scores = vec![0f32; doc_count];
    (0..doc_count)
        .map(|doc| {
            let query = &doc_terms[doc];
            rank_others(doc, query, &lists, &mut scores, limit)
        })
        .collect()
}

/// Each document's query terms: `(term index, impact)`, best first.
fn terms_by_doc(
    lists: &[&[crate::postings::Posting]],
    doc_count: usize,
    max_df: usize,
) -> Vec<Vec<(usize, f32)>> {
    let mut doc_terms: Vec<Vec<(usize, f32)>> = vec![Vec::new(); doc_count];
    for (term, list) in lists.iter().enumerate() {
        if list.len() < 2 || list.len() > max_df {
            continue;
        }
        for posting in list.iter().filter(|p| p.related > 0.0) {
            doc_terms[posting.doc as usize].push((term, posting.related));
        }
    }
    for terms in &mut doc_terms {
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(MAX_QUERY_TERMS);
    }
    doc_terms
}

fn rank_others(
    doc: usize,
    query: &[(usize, f32)],
    lists: &[&[crate::postings::Posting]],
    scores: &mut [f32],
    limit: usize,
) -> Vec<usize> {
    let mut touched = Vec::new();
    for (term, _) in query {
        for posting in lists[*term] {
            let other = posting.doc as usize;
            if other == doc || posting.related <= 0.0 {
                continue;
            }
            if scores[other] == 0.0 {
                touched.push(other);
            }
            scores[other] += posting.related;
        }
    }
    let mut ranked: Vec<(usize, f32)> = touched.iter().map(|&d| (d, scores[d])).collect();
    for &d in &touched {
        scores[d] = 0.0;
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(limit).map(|(d, _)| d).collect()
}
