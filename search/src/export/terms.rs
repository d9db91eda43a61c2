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
    encode_column, encode_numbers, push_digits, FacetColumns, FacetCounts, FacetFile, ListFile,
    ShardTerm, TailFile, DIGITS,
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

/// A term ready to be written: its entry, the documents whose cards go with it, its
/// facet file, (with a tail) the tier of each posting (0 for the head) and the
/// files of tiers 1, 2, …, and (a frequent term with a tail) its list file.
pub struct TermExport {
    pub entry: String,
    pub top_docs: Vec<u32>,
    pub facets: Option<String>,
    pub tiers: Vec<u8>,
    pub tier_files: Vec<(u8, String)>,
    pub list: Option<String>,
}

/// What a term's export depends on besides its postings.
pub struct TermContext<'a> {
    pub index: &'a InvertedIndex,
    pub codes: &'a [DocCodes],
    /// Each document's kind, and how many kinds there are.
    pub kinds: &'a [u32],
    pub kind_count: usize,
    pub sizes: TableSizes,
    pub head_postings: usize,
    pub labelled_postings: usize,
    pub cards_per_term: usize,
    pub cards_min_docs: usize,
}

/// Builds the entry of `term` (postings `list`); `tail_id` numbers its tail files when
/// it has more than `head_postings` postings. With a tail, a frequent term (`own_file`)
/// lists only its head's documents in its entry, the others and the labels going to its
/// list file.
pub fn term_export(
    context: &TermContext,
    term: &str,
    list: &PostingList,
    tail_id: Option<u32>,
    own_file: bool,
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
    let (head, labels, tier_code, facets, tail) = match split {
        None => {
            let all: Vec<usize> = (0..list.len()).collect();
            let facets = facet_columns(context, list.docs);
            (all, Vec::new(), String::new(), Some(facets), None)
        }
        Some(id) => {
            let layout = TierLayout::of(&ranked, &impacts, context);
            for (g, group) in layout.groups() {
                tier_files.push((g, serde_json::to_string(&tier_file(&columns, &group))?));
            }
            let counts = facet_counts(context, list.docs);
            let kinds = kind_counts(context, list.docs);
            let (head, code) = (layout.head(), layout.code());
            let ranges = layout.ranges.clone();
            (
                head,
                layout.labels,
                code,
                None,
                Some((id, ranges, counts, kinds)),
            )
        }
    };
    let (tfs, norm_bases, norms) = columns.encode(&head);
    let all_docs = encode_docs(list.docs, context.index.doc_count);
    let (docs, tier_code, list_file) = match split.is_some() && own_file {
        true => {
            let head_docs = encode_gaps(head.iter().map(|&p| list.docs[p]));
            let file = ListFile {
                docs: all_docs,
                tiers: tier_code,
            };
            (
                format!("!{head_docs}"),
                String::new(),
                Some(serde_json::to_string(&file)?),
            )
        }
        false => (all_docs, tier_code, None),
    };
    let entry: ShardTerm = (
        term.to_string(),
        mask,
        weight_bits,
        docs,
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
        list: list_file,
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

/// How a term's postings are bounded, one digit per posting: 0 for the head (exact in
/// the entry); 1 to [`BUCKETS`] for the next postings by score up to the
/// `labelled_postings` best, their score's bucket (equal ranges between the lowest and
/// highest of them); then [`FIRST_TIER`], [`FIRST_TIER`] + 1, … for tiers of the others
/// by decreasing score, each twice as large as the previous, bounded by their lowest and
/// highest scores.
struct TierLayout {
    /// Per posting (position in the term's list), its label.
    labels: Vec<u8>,
    /// Highest and lowest score of the bucketed postings, then of each tier (f32 bits).
    ranges: Vec<(u32, u32)>,
}

impl TierLayout {
    fn of(ranked: &[usize], impacts: &[f32], context: &TermContext) -> TierLayout {
        let head = context.head_postings.max(1).min(ranked.len());
        let bucketed = context.labelled_postings.max(head).min(ranked.len());
        let range = |part: &[usize]| -> (f32, f32) {
            let scores = part.iter().map(|&p| impacts[p]);
            let low = scores.clone().fold(f32::INFINITY, f32::min);
            (
                scores.fold(0f32, f32::max),
                if part.is_empty() { 0.0 } else { low },
            )
        };
        let span = range(&ranked[head..bucketed]);
        let mut labels = vec![0u8; ranked.len()];
        for &p in &ranked[head..bucketed] {
            labels[p] = bucket_of(impacts[p], span);
        }
        let mut ranges = vec![(span.0.to_bits(), span.1.to_bits())];
        let (mut start, mut size) = (bucketed, bucketed.max(1));
        while start < ranked.len() {
            let label = FIRST_TIER + (ranges.len() - 1) as u8;
            let end = match usize::from(label) + 1 == DIGITS.len() {
                true => ranked.len(),
                false => (start + size).min(ranked.len()),
            };
            ranked[start..end].iter().for_each(|&p| labels[p] = label);
            let (high, low) = range(&ranked[start..end]);
            ranges.push((high.to_bits(), low.to_bits()));
            (start, size) = (end, size * TIER_GROWTH);
        }
        TierLayout { labels, ranges }
    }

    /// Head positions, in list order.
    fn head(&self) -> Vec<usize> {
        (0..self.labels.len())
            .filter(|&p| self.labels[p] == 0)
            .collect()
    }

    /// The entry's `tiers`: each posting's label, one digit.
    fn code(&self) -> String {
        let digit = |&label: &u8| char::from(DIGITS[usize::from(label)]);
        self.labels.iter().map(digit).collect()
    }

    /// The postings of each tier file (see [`tier_file_of`]), in list order.
    fn groups(&self) -> Vec<(u8, Vec<usize>)> {
        let mut groups: Vec<(u8, Vec<usize>)> = Vec::new();
        for (p, &label) in self.labels.iter().enumerate() {
            let Some(file) = tier_file_of(label) else {
                continue;
            };
            match groups.iter_mut().find(|(g, _)| *g == file) {
                Some((_, list)) => list.push(p),
                None => groups.push((file, vec![p])),
            }
        }
        groups.sort_unstable_by_key(|(g, _)| *g);
        groups
    }
}

/// Score buckets of the best postings beyond the head (labels 1 to 31).
pub const BUCKETS: u8 = 31;
/// Label of the first tier beyond the bucketed postings.
pub const FIRST_TIER: u8 = 32;
/// Each tier holds this many times more postings than the previous one.
const TIER_GROWTH: usize = 4;
/// Buckets per tier file.
pub const BUCKETS_PER_FILE: u8 = 8;

/// The tier file `tails/{id}-{g}.json` holding the postings labelled `label`: `g` is 1 to
/// 4 for buckets (eight a file), then one file a tier.
pub fn tier_file_of(label: u8) -> Option<u8> {
    match label {
        0 => None,
        1..=BUCKETS => Some((label - 1) / BUCKETS_PER_FILE + 1),
        _ => Some(label - FIRST_TIER + BUCKETS.div_ceil(BUCKETS_PER_FILE) + 1),
    }
}

/// The bucket (1 to [`BUCKETS`]) of `score` within `(highest, lowest)`: bucket `k` spans
/// `lowest + (k - 1) × step ..= lowest + k × step`, `step = (highest - lowest) / BUCKETS`
/// computed in f64 (the client computes the same bounds).
pub fn bucket_of(score: f32, (high, low): (f32, f32)) -> u8 {
    let step = (f64::from(high) - f64::from(low)) / f64::from(BUCKETS);
    if step <= 0.0 {
        return 1;
    }
    let k = ((f64::from(score) - f64::from(low)) / step).floor() as i64 + 1;
    k.clamp(1, i64::from(BUCKETS)) as u8
}

/// A term's documents: their gaps, or, when the term is in more than half of the
/// `doc_count` documents, `~` then the gaps of the documents without it (shorter).
pub fn encode_docs(docs: &[u32], doc_count: u32) -> String {
    if docs.len() * 2 <= doc_count as usize {
        return encode_gaps(docs.iter().copied());
    }
    let mut held = docs.iter().copied().peekable();
    let missing = (0..doc_count).filter(|&d| match held.peek() {
        Some(&next) if next == d => {
            held.next();
            false
        }
        _ => true,
    });
    format!("~{}", encode_gaps(missing))
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

/// How many of `docs` are of each kind.
fn kind_counts(context: &TermContext, docs: &[u32]) -> Vec<u32> {
    let mut counts = vec![0; context.kind_count];
    for &doc in docs {
        if let Some(count) = context
            .kinds
            .get(doc as usize)
            .and_then(|&k| counts.get_mut(k as usize))
        {
            *count += 1;
        }
    }
    counts
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
    fn buckets_split_the_span_evenly() {
        let span = (4.1, 1.0);
        assert_eq!(bucket_of(1.0, span), 1);
        assert_eq!(bucket_of(1.05, span), 1);
        assert_eq!(bucket_of(1.11, span), 2);
        assert_eq!(bucket_of(4.1, span), BUCKETS);
        assert_eq!(bucket_of(2.0, (2.0, 2.0)), 1);
    }

    #[test]
    fn tier_files_hold_eight_buckets_then_one_tier() {
        let files: Vec<Option<u8>> = [0, 1, 8, 9, 31, 32, 33].map(tier_file_of).to_vec();
        let expected = [None, Some(1), Some(1), Some(2), Some(4), Some(5), Some(6)];
        assert_eq!(files, expected);
    }

    #[test]
    fn frequent_terms_list_the_documents_without_them() {
        assert_eq!(encode_docs(&[1, 3], 10), encode_gaps([1, 3]));
        assert_eq!(
            encode_docs(&[0, 1, 2, 4], 6),
            format!("~{}", encode_gaps([3, 5]))
        );
    }

    #[test]
    fn gaps_round_trip() {
        let text = encode_gaps([3, 4, 40, 41]);
        let values = crate::export::format::decode_numbers(&text).unwrap_or_default();
        assert_eq!(values, vec![3, 1, 36, 1]);
    }
}
