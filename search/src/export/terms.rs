//! A term's entry in the static index. Every posting's document is listed (so that the
//! client knows exactly which documents match, hence totals and filter counts); the term
//! frequencies and norms from which the client recomputes tantivy's score come for the
//! `head`, the postings with the best scores of the term alone. The other postings are
//! ranked in tiers of growing size; the entry gives each posting's tier and each tier's
//! lowest and highest score, so the client bounds every score without more data, and the
//! document chunks (`docs/`) carry those postings document by document, with the cards:
//! fetching the chunks of the few documents the bounds leave in doubt settles the order.
//! A term with few postings has them all in its entry, with their facets; a term with
//! more has the facet counts of all its documents, and their facets in `facets/`.

use crate::export::format::{
    encode_column, encode_numbers, push_digits, FacetColumns, FacetCounts, FacetFile, ShardTerm,
    TailFile, DIGITS,
};
use crate::fields::FIELDS;
use crate::index::{InvertedIndex, PostingList};
use crate::SearchError;

/// The facet values of one document, as indices into the tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocCodes {
    pub topics: Vec<u32>,
    pub levels: Vec<u32>,
    pub duration: u32,
}

/// Sizes of the facet tables (topics, levels, duration buckets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSizes {
    pub topics: usize,
    pub levels: usize,
    pub duration: usize,
}

/// Each tier beyond the head holds this many times more postings than the previous one.
const TIER_GROWTH: usize = 4;

/// A term ready to be written: its entry, the documents whose cards go with it, its
/// facet file, and (with a tail) the tier of each posting (0 for the head) and the
/// files of tiers 1, 2, ….
pub struct TermExport {
    pub entry: String,
    pub top_docs: Vec<u32>,
    pub facets: Option<String>,
    pub tiers: Vec<u8>,
    pub tier_files: Vec<String>,
}

/// What a term's export depends on besides its postings.
pub struct TermContext<'a> {
    pub index: &'a InvertedIndex,
    pub codes: &'a [DocCodes],
    pub sizes: TableSizes,
    pub head_postings: usize,
    pub cards_per_term: usize,
    pub cards_min_docs: usize,
}

/// Builds the entry of `term` (postings `list`); `tail_id` numbers its tail files when
/// it has more than `head_postings` postings.
pub fn term_export(
    context: &TermContext,
    term: &str,
    list: &PostingList,
    tail_id: Option<u32>,
) -> Result<TermExport, SearchError> {
    let mask = list.field_mask();
    let weights = context.index.weights(list);
    let weight_bits = (0..FIELDS.len())
        .filter(|f| mask >> f & 1 == 1)
        .map(|f| weights[f].to_bits())
        .collect();
    let impacts: Vec<f32> = context.index.impacts(list).iter().map(|i| i.all).collect();
    let ranked = best_first(list.docs, &impacts);
    let cards = if list.len() >= context.cards_min_docs {
        context.cards_per_term
    } else {
        0
    };
    let top_docs = ranked.iter().take(cards).map(|&p| list.docs[p]).collect();
    let columns = FieldColumns::new(list, mask);
    let split = tail_id.filter(|_| list.len() > context.head_postings);
    let mut tier_files = Vec::new();
    let (head, labels, facets, tail) = match split {
        None => {
            let all: Vec<usize> = (0..list.len()).collect();
            let facets = facet_columns(context, list.docs);
            (all, Vec::new(), Some(facets), None)
        }
        Some(id) => {
            let tiers = tiers_of(&ranked, context.head_postings);
            let mut labels = vec![0u8; list.len()];
            for (k, tier) in tiers.iter().enumerate() {
                tier.iter().for_each(|&p| labels[p] = k as u8);
            }
            let bounds = tiers[1..]
                .iter()
                .map(|tier| tier_range(tier, &impacts))
                .collect();
            for tier in &tiers[1..] {
                tier_files.push(serde_json::to_string(&tier_file(&columns, tier))?);
            }
            let counts = facet_counts(context, list.docs);
            (tiers[0].clone(), labels, None, Some((id, bounds, counts)))
        }
    };
    let (tfs, norm_bases, norms) = columns.encode(&head);
    let tier_code = labels
        .iter()
        .map(|&k| char::from(DIGITS[k as usize]))
        .collect();
    let entry: ShardTerm = (
        term.to_string(),
        mask,
        weight_bits,
        encode_gaps(list.docs.iter().copied()),
        tier_code,
        tfs,
        norm_bases,
        norms,
        facets,
        tail,
    );
    let facet_file = match split {
        Some(_) => {
            let (topics, levels, duration) = facet_columns(context, list.docs);
            Some(serde_json::to_string(&FacetFile {
                topics,
                levels,
                duration,
            })?)
        }
        None => None,
    };
    Ok(TermExport {
        entry: serde_json::to_string(&entry)?,
        top_docs,
        facets: facet_file,
        tiers: labels,
        tier_files,
    })
}

/// Posting positions by decreasing score of the term alone, ties by document.
fn best_first(docs: &[u32], impacts: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        impacts[b]
            .total_cmp(&impacts[a])
            .then(docs[a].cmp(&docs[b]))
    });
    order
}

/// The head (`head` best postings) then tiers growing `TIER_GROWTH` times, each sorted by
/// position; the last tier takes what is left (at most 63 tiers: one digit each).
fn tiers_of(ranked: &[usize], head: usize) -> Vec<Vec<usize>> {
    let mut tiers = Vec::new();
    let (mut start, mut size) = (0, head.max(1));
    while start < ranked.len() {
        let last = tiers.len() + 1 == DIGITS.len();
        let end = if last {
            ranked.len()
        } else {
            (start + size).min(ranked.len())
        };
        let mut tier = ranked[start..end].to_vec();
        tier.sort_unstable();
        tiers.push(tier);
        start = end;
        size *= TIER_GROWTH;
    }
    tiers
}

/// The highest and lowest scores of the term alone among the postings of `tier`, as f32
/// bits.
fn tier_range(tier: &[usize], impacts: &[f32]) -> (u32, u32) {
    let high = tier.iter().map(|&p| impacts[p]).fold(0f32, f32::max);
    let low = tier
        .iter()
        .map(|&p| impacts[p])
        .fold(f32::INFINITY, f32::min);
    (high.to_bits(), low.to_bits())
}

/// Increasing numbers as their differences (the first one as is).
pub fn encode_gaps(values: impl IntoIterator<Item = u32>) -> String {
    let mut previous = 0;
    encode_numbers(values.into_iter().map(|value| {
        let gap = value - previous;
        previous = value;
        gap
    }))
}

fn tier_file(columns: &FieldColumns, tier: &[usize]) -> TailFile {
    let (tfs, norm_bases, norms) = columns.encode(tier);
    TailFile {
        postings: encode_gaps(tier.iter().map(|&p| p as u32)),
        tfs,
        norm_bases,
        norms,
    }
}

/// Per posting and per field of the term's mask, its term frequency and norm id (0 and
/// `None` where the field lacks the term).
struct FieldColumns {
    tfs: Vec<Vec<u32>>,
    norms: Vec<Vec<Option<u32>>>,
}

impl FieldColumns {
    fn new(list: &PostingList, mask: u8) -> FieldColumns {
        let fields: Vec<usize> = (0..FIELDS.len()).filter(|f| mask >> f & 1 == 1).collect();
        let mut tfs = vec![Vec::with_capacity(list.len()); fields.len()];
        let mut norms = vec![Vec::with_capacity(list.len()); fields.len()];
        let mut cursor = 0;
        for &posting_mask in list.masks {
            for (column, &field) in fields.iter().enumerate() {
                if posting_mask >> field & 1 == 1 {
                    tfs[column].push(list.tfs[cursor]);
                    norms[column].push(Some(u32::from(list.norms[cursor])));
                    cursor += 1;
                } else {
                    tfs[column].push(0);
                    norms[column].push(None);
                }
            }
        }
        FieldColumns { tfs, norms }
    }

    /// The encoded tf columns, norm bases and norm columns of the postings at `positions`.
    fn encode(&self, positions: &[usize]) -> (Vec<String>, Vec<u32>, Vec<String>) {
        let mut tfs = Vec::new();
        let mut bases = Vec::new();
        let mut norms = Vec::new();
        for (tf_column, norm_column) in self.tfs.iter().zip(&self.norms) {
            tfs.push(encode_numbers(positions.iter().map(|&p| tf_column[p])));
            let present: Vec<u32> = positions.iter().filter_map(|&p| norm_column[p]).collect();
            let base = present.iter().copied().min().unwrap_or(0);
            bases.push(base);
            norms.push(encode_numbers(present.iter().map(|n| n - base)));
        }
        (tfs, bases, norms)
    }
}

/// The facets of `docs`, as columns.
fn facet_columns(context: &TermContext, docs: &[u32]) -> FacetColumns {
    let codes = |doc: &u32| &context.codes[*doc as usize];
    let topics: Vec<Vec<u32>> = docs.iter().map(|d| codes(d).topics.clone()).collect();
    let levels: Vec<Vec<u32>> = docs.iter().map(|d| codes(d).levels.clone()).collect();
    let mut duration = String::with_capacity(docs.len());
    for doc in docs {
        push_digits(&mut duration, codes(doc).duration, 1);
    }
    (
        encode_column(&topics, context.sizes.topics),
        encode_column(&levels, context.sizes.levels),
        duration,
    )
}

/// How many of `docs` have each facet value.
fn facet_counts(context: &TermContext, docs: &[u32]) -> FacetCounts {
    let sizes = context.sizes;
    let (mut topics, mut levels, mut duration) = (
        vec![0; sizes.topics],
        vec![0; sizes.levels],
        vec![0; sizes.duration],
    );
    for doc in docs {
        let codes = &context.codes[*doc as usize];
        codes.topics.iter().for_each(|&t| topics[t as usize] += 1);
        codes.levels.iter().for_each(|&l| levels[l as usize] += 1);
        duration[codes.duration as usize] += 1;
    }
    (topics, levels, duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_grow_and_cover_every_posting() {
        let ranked: Vec<usize> = (0..30).rev().collect();
        let tiers = tiers_of(&ranked, 2);
        let sizes: Vec<usize> = tiers.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![2, 8, 20]);
        assert_eq!(tiers[0], vec![28, 29]);
        assert!(tiers.iter().all(|t| t.windows(2).all(|w| w[0] < w[1])));
    }

    #[test]
    fn gaps_round_trip() {
        let text = encode_gaps([3, 4, 40, 41]);
        let values = crate::export::format::decode_numbers(&text).unwrap_or_default();
        assert_eq!(values, vec![3, 1, 36, 1]);
    }
}
