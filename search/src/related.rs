//! "More like this": for each document, the documents sharing its most characteristic
//! terms of the title, topic labels and text.
//!
//! A document's query is its `MAX_QUERY_TERMS` terms with the highest BM25 impact over
//! the related fields (title, topics, summary, body, transcript), ignoring terms found in
//! one document only or in more than a quarter of the catalogue. Other documents are
//! scored like a tantivy `BooleanQuery` of those terms (sum of their impacts), but each
//! term only brings the `CANDIDATES_PER_TERM` documents it describes best: the work per
//! document is bounded, so the whole pass is linear in the catalogue. Every tie is broken
//! by term, then input order, so the result is deterministic; documents run in parallel.
//! A document is only related to documents of its own kind (a video to videos), and each
//! term brings its best documents of every kind.

use rayon::prelude::*;

use crate::index::InvertedIndex;

/// Terms kept to describe a document.
const MAX_QUERY_TERMS: usize = 20;
/// Terms in more than this share of the documents are too common to relate.
const MAX_DOC_FREQ_RATIO: f32 = 0.25;
/// Documents a term can bring: those where its related impact is highest.
const CANDIDATES_PER_TERM: usize = 64;

/// A term's best documents, `(document, related impact)`, best first.
type Candidates = Vec<(u32, f32)>;

/// For each document, up to `limit` other documents of the same kind (`kinds[doc]`, any
/// number per kind), most related first.
pub fn related(index: &InvertedIndex, kinds: &[u32], limit: usize) -> Vec<Vec<usize>> {
    let doc_count = index.doc_count as usize;
    let max_df = ((doc_count as f32 * MAX_DOC_FREQ_RATIO) as usize).max(2);
    let per_term: Vec<(Candidates, Candidates)> = (0..index.terms.len())
        .into_par_iter()
        .map(|term| {
            let list = index.postings(term);
            if list.len() < 2 || list.len() > max_df {
                return (Vec::new(), Vec::new());
            }
            let mut impacts: Candidates = index
                .impacts(&list)
                .iter()
                .filter(|i| i.related > 0.0)
                .map(|i| (i.doc, i.related))
                .collect();
            let all = impacts.clone();
            keep_best_per_kind(&mut impacts, kinds, CANDIDATES_PER_TERM);
            (all, impacts)
        })
        .collect();
    let doc_terms = terms_by_doc(&per_term, doc_count);
    doc_terms
        .par_iter()
        .enumerate()
        .map_init(
            || vec![0f32; doc_count],
            |scores, (doc, query)| {
                let same_kind = |other: usize| kinds[other] == kinds[doc];
                rank_others(doc, query, &per_term, scores, &same_kind, limit)
            },
        )
        .collect()
}

/// Keeps the `count` best `(doc, impact)` pairs, best first, ties by document.
fn keep_best(pairs: &mut Candidates, count: usize) {
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if pairs.len() > count {
        pairs.select_nth_unstable_by(count, order);
        pairs.truncate(count);
    }
    pairs.sort_unstable_by(order);
}

/// Keeps the `count` best pairs of each kind, best first, ties by document.
fn keep_best_per_kind(pairs: &mut Candidates, kinds: &[u32], count: usize) {
    let first = pairs.first().map(|&(doc, _)| kinds[doc as usize]);
    if pairs
        .iter()
        .all(|&(doc, _)| Some(kinds[doc as usize]) == first)
    {
        return keep_best(pairs, count);
    }
    let mut by_kind: std::collections::BTreeMap<u32, Candidates> = Default::default();
    for &pair in pairs.iter() {
        by_kind
            .entry(kinds[pair.0 as usize])
            .or_default()
            .push(pair);
    }
    pairs.clear();
    for mut group in by_kind.into_values() {
        keep_best(&mut group, count);
        pairs.extend(group);
    }
    keep_best(pairs, pairs.len());
}

/// Each document's query terms: `(term index, impact)`, best first.
fn terms_by_doc(per_term: &[(Candidates, Candidates)], doc_count: usize) -> Vec<Vec<(usize, f32)>> {
    let mut doc_terms: Vec<Vec<(usize, f32)>> = vec![Vec::new(); doc_count];
    for (term, (all, _)) in per_term.iter().enumerate() {
        for &(doc, impact) in all {
            doc_terms[doc as usize].push((term, impact));
        }
    }
    doc_terms.par_iter_mut().for_each(|terms| {
        let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if terms.len() > MAX_QUERY_TERMS {
            terms.select_nth_unstable_by(MAX_QUERY_TERMS, order);
            terms.truncate(MAX_QUERY_TERMS);
        }
        terms.sort_unstable_by(order);
    });
    doc_terms
}

fn rank_others(
    doc: usize,
    query: &[(usize, f32)],
    per_term: &[(Candidates, Candidates)],
    scores: &mut [f32],
    same_kind: &dyn Fn(usize) -> bool,
    limit: usize,
) -> Vec<usize> {
    let mut touched = Vec::new();
    for (term, _) in query {
        for &(other, impact) in &per_term[*term].1 {
            let other = other as usize;
            if other == doc || !same_kind(other) {
                continue;
            }
            if scores[other] == 0.0 {
                touched.push(other);
            }
            scores[other] += impact;
        }
    }
    let mut ranked: Vec<(u32, f32)> = touched.iter().map(|&d| (d as u32, scores[d])).collect();
    for &d in &touched {
        scores[d] = 0.0;
    }
    keep_best(&mut ranked, limit);
    ranked.into_iter().map(|(d, _)| d as usize).collect()
}
