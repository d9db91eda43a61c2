//! The inverted index the export and related documents are computed from, built in
//! parallel without tantivy's writer but with tantivy's analyzer and statistics: for each
//! term and document, the term frequency and quantised length of every field. BM25
//! impacts derived from it ([`InvertedIndex::impacts`]) are tantivy's scores (same `f32`
//! operations; the engine tests check them against a real tantivy index).
//!
//! Postings live in a few flat arrays (term `t` owns `docs[term_starts[t]..term_starts[t + 1]]`),
//! which keeps a 100 000-document catalogue to a handful of allocations.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, TokenStream};

use crate::analyzer::WordSplitter;
use crate::bm25::{average_fieldnorm, field_score, norm_id, term_weight, tf_cache};
use crate::fields::{field_values, FIELDS};
use crate::Document;

/// Number of indexed fields.
pub const FIELD_COUNT: usize = FIELDS.len();
/// Documents analysed per parallel task: enough tasks to balance the cores, few
/// enough that each chunk stems its vocabulary once.
fn chunk_docs(doc_count: usize) -> usize {
    (doc_count / (4 * rayon::current_num_threads())).clamp(256, 4096)
}

/// The postings of one term, sorted by document. For each posting, `masks` says which
/// fields hold the term (bit `i` for `FIELDS[i]`); `tfs` and `norms` list, for each posting
/// and each field of its mask in field order, the term frequency and field norm id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostingList<'a> {
    pub docs: &'a [u32],
    pub masks: &'a [u8],
    pub tfs: &'a [u32],
    pub norms: &'a [u8],
}

impl PostingList<'_> {
    /// Document frequency.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Union of the posting masks: every field holding the term.
    pub fn field_mask(&self) -> u8 {
        self.masks.iter().fold(0, |acc, m| acc | m)
    }
}

/// Per-field corpus statistics for BM25.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStats {
    pub total_tokens: u64,
    pub average: f32,
    pub cache: [f32; 256],
}

/// Sorted terms and their postings, with the field statistics of the corpus.
pub struct InvertedIndex {
    pub terms: Vec<String>,
    pub doc_count: u32,
    pub fields: Vec<FieldStats>,
    /// `term_starts[t]..term_starts[t + 1]`: term `t`'s postings in `docs` and `masks`.
    term_starts: Vec<usize>,
    /// Same for `tfs` and `norms` (one entry per posting and field).
    field_starts: Vec<usize>,
    docs: Vec<u32>,
    masks: Vec<u8>,
    tfs: Vec<u32>,
    norms: Vec<u8>,
}

/// A term's score contribution in one document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Impact {
    pub doc: u32,
    /// Over all fields, with boosts: tantivy's score for the term alone.
    pub all: f32,
    /// Over the fields that describe content (see `FieldSpec::related`).
    pub related: f32,
}

impl InvertedIndex {
    /// Analyses `docs` on every core; document order is input order.
    pub fn build(docs: &[Document]) -> InvertedIndex {
        let size = chunk_docs(docs.len());
        let chunks: Vec<ChunkIndex> = docs
            .par_chunks(size)
            .enumerate()
            .map(|(i, chunk)| ChunkIndex::build((i * size) as u32, chunk))
            .collect();
        merge(chunks, docs.len() as u32)
    }

    /// The postings of term `term` (an index into `terms`).
    pub fn postings(&self, term: usize) -> PostingList<'_> {
        let (start, end) = (self.term_starts[term], self.term_starts[term + 1]);
        let (field_start, field_end) = (self.field_starts[term], self.field_starts[term + 1]);
        PostingList {
            docs: &self.docs[start..end],
            masks: &self.masks[start..end],
            tfs: &self.tfs[field_start..field_end],
            norms: &self.norms[field_start..field_end],
        }
    }

    /// Every term with its postings, in term order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, PostingList<'_>)> {
        self.terms
            .iter()
            .enumerate()
            .map(|(t, term)| (term.as_str(), self.postings(t)))
    }

    /// `weights[field]` of a term: tantivy's BM25 weight in each field, 0 where absent.
    pub fn weights(&self, list: &PostingList) -> [f32; FIELD_COUNT] {
        let mut doc_freqs = [0u64; FIELD_COUNT];
        for mask in list.masks {
            for (field, freq) in doc_freqs.iter_mut().enumerate() {
                *freq += u64::from(mask >> field & 1);
            }
        }
        let doc_count = u64::from(self.doc_count);
        doc_freqs.map(|df| {
            if df == 0 {
                0.0
            } else {
                term_weight(df, doc_count)
            }
        })
    }

    /// Every posting's score when the term weighs `weight` in a query (a completion
    /// weighs less than the word typed), in posting order: as tantivy's boosted query
    /// scores it, the weight folded into each field's boost before the length factor.
    pub fn weighted_scores(&self, list: &PostingList, weight: f32) -> Vec<(u32, f32)> {
        let mut scores = Vec::with_capacity(list.len());
        self.score_postings(list, weight, |doc, all, _| scores.push((doc, all)));
        scores
    }

    /// Every posting's impact, in posting order.
    pub fn impacts(&self, list: &PostingList) -> Vec<Impact> {
        let mut impacts = Vec::with_capacity(list.len());
        self.score_postings(list, 1.0, |doc, all, related| {
            impacts.push(Impact { doc, all, related })
        });
        impacts
    }

    // Calls `each` with every posting's document, its score over all fields and over the
    // fields that relate documents, the term weighing `weight`. tantivy folds the query
    // weight and the field boost into the term's weight before the length factor.
    fn score_postings(&self, list: &PostingList, weight: f32, mut each: impl FnMut(u32, f32, f32)) {
        let weights = self.weights(list);
        let boosted: Vec<f32> = FIELDS
            .iter()
            .zip(weights)
            .map(|(spec, w)| w * (weight * spec.boost))
            .collect();
        let mut cursor = 0;
        for (&doc, &mask) in list.docs.iter().zip(list.masks) {
            let (mut all, mut related) = (0f32, 0f32);
            for (field, spec) in FIELDS
                .iter()
                .enumerate()
                .filter(|(f, _)| mask >> f & 1 == 1)
            {
                let (tf, norm) = (list.tfs[cursor], list.norms[cursor]);
                cursor += 1;
                let score = field_score(boosted[field], &self.fields[field].cache, norm, tf);
                all += score;
                if spec.related {
                    related += score;
                }
            }
            each(doc, all, related);
        }
    }
}

/// One posting of a chunk, with its chunk-local term id.
struct ChunkPosting {
    term: u32,
    doc: u32,
    mask: u8,
}

/// The index of one run of consecutive documents: postings in document order, their
/// field entries (tf, norm id) in the same order, chunk-local term ids.
struct ChunkIndex {
    stems: Vec<String>,
    postings: Vec<ChunkPosting>,
    tfs: Vec<u32>,
    norms: Vec<u8>,
    total_tokens: [u64; FIELD_COUNT],
}

/// Folded word → chunk-local term id, stemming each distinct word once.
struct Dictionary {
    stemmer: TextAnalyzer,
    by_word: FxHashMap<String, u32>,
    by_stem: FxHashMap<String, u32>,
    stems: Vec<String>,
}

/// Term counts of the field being analysed.
#[derive(Default)]
struct FieldCounts {
    /// `counts[term]`: occurrences so far.
    counts: Vec<u32>,
    touched: Vec<u32>,
    tokens: u32,
}

impl ChunkIndex {
    fn build(first_doc: u32, docs: &[Document]) -> ChunkIndex {
        let mut splitter = WordSplitter::new();
        let mut dictionary = Dictionary {
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::French))
                .build(),
            by_word: FxHashMap::default(),
            by_stem: FxHashMap::default(),
            stems: Vec::new(),
        };
        let mut index = ChunkIndex {
            stems: Vec::new(),
            postings: Vec::new(),
            tfs: Vec::new(),
            norms: Vec::new(),
            total_tokens: [0; FIELD_COUNT],
        };
        let mut counts = FieldCounts::default();
        let mut entries = Vec::new();
        for (offset, doc) in docs.iter().enumerate() {
            for field in 0..FIELD_COUNT {
                for value in field_values(doc, field) {
                    splitter.words(value, |word| counts.add(dictionary.term(word)));
                }
                index.total_tokens[field] += u64::from(counts.tokens);
                counts.drain_into(field as u8, &mut entries);
            }
            index.add_document(first_doc + offset as u32, &mut entries);
        }
        index.stems = dictionary.stems;
        index
    }

    /// Turns a document's `(term, field, tf, norm id)` entries into postings.
    fn add_document(&mut self, doc: u32, entries: &mut Vec<(u32, u8, u32, u8)>) {
        entries.sort_unstable_by_key(|&(term, field, _, _)| (term, field));
        for group in entries.chunk_by(|a, b| a.0 == b.0) {
            let mask = group.iter().fold(0, |mask, e| mask | 1 << e.1);
            self.postings.push(ChunkPosting {
                term: group[0].0,
                doc,
                mask,
            });
            self.tfs.extend(group.iter().map(|e| e.2));
            self.norms.extend(group.iter().map(|e| e.3));
        }
        entries.clear();
    }
}

impl FieldCounts {
    fn add(&mut self, term: u32) {
        let slot = term as usize;
        if slot >= self.counts.len() {
            self.counts.resize(slot + 1, 0);
        }
        if self.counts[slot] == 0 {
            self.touched.push(term);
        }
        self.counts[slot] += 1;
        self.tokens += 1;
    }

    /// Moves the field's `(term, field, tf, norm id)` into `entries` and resets.
    fn drain_into(&mut self, field: u8, entries: &mut Vec<(u32, u8, u32, u8)>) {
        let norm = norm_id(std::mem::take(&mut self.tokens));
        for term in self.touched.drain(..) {
            let tf = std::mem::take(&mut self.counts[term as usize]);
            entries.push((term, field, tf, norm));
        }
    }
}

impl Dictionary {
    /// The term id of a folded word.
    fn term(&mut self, word: &str) -> u32 {
        match self.by_word.get(word) {
            Some(&term) => term,
            None => self.intern(word.to_string()),
        }
    }

    /// Stems a word seen for the first time and gives its stem an id.
    fn intern(&mut self, word: String) -> u32 {
        let stem = {
            let mut stream = self.stemmer.token_stream(&word);
            stream.next().map(|t| t.text.clone()).unwrap_or_default()
        };
        let next = self.stems.len() as u32;
        let term = *self.by_stem.entry(stem.clone()).or_insert(next);
        if term == next {
            self.stems.push(stem);
        }
        self.by_word.insert(word, term);
        term
    }
}

/// Joins the chunks into one sorted dictionary with flat postings in document order.
fn merge(chunks: Vec<ChunkIndex>, doc_count: u32) -> InvertedIndex {
    let mut terms: Vec<String> = chunks
        .iter()
        .flat_map(|c| c.stems.iter().cloned())
        .collect();
    terms.par_sort_unstable();
    terms.dedup();
    let ids: FxHashMap<&str, u32> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    let global: Vec<Vec<u32>> = chunks
        .par_iter()
        .map(|c| c.stems.iter().map(|s| ids[s.as_str()]).collect())
        .collect();
    let (term_starts, field_starts) = starts(&chunks, &global, terms.len());
    let mut index = InvertedIndex {
        doc_count,
        fields: field_stats(&chunks, doc_count),
        docs: vec![0; term_starts[terms.len()]],
        masks: vec![0; term_starts[terms.len()]],
        tfs: vec![0; field_starts[terms.len()]],
        norms: vec![0; field_starts[terms.len()]],
        terms,
        term_starts,
        field_starts,
    };
    fill(&mut index, &chunks, &global);
    index
}

/// Where each term's postings and field entries start in the flat arrays.
fn starts(
    chunks: &[ChunkIndex],
    global: &[Vec<u32>],
    term_count: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut postings = vec![0usize; term_count + 1];
    let mut fields = vec![0usize; term_count + 1];
    for (chunk, ids) in chunks.iter().zip(global) {
        for posting in &chunk.postings {
            let term = ids[posting.term as usize] as usize;
            postings[term + 1] += 1;
            fields[term + 1] += posting.mask.count_ones() as usize;
        }
    }
    for t in 0..term_count {
        postings[t + 1] += postings[t];
        fields[t + 1] += fields[t];
    }
    (postings, fields)
}

/// Copies every chunk's postings to their place, chunk after chunk (document order).
fn fill(index: &mut InvertedIndex, chunks: &[ChunkIndex], global: &[Vec<u32>]) {
    let mut next_posting = index.term_starts.clone();
    let mut next_field = index.field_starts.clone();
    for (chunk, ids) in chunks.iter().zip(global) {
        let mut cursor = 0;
        for posting in &chunk.postings {
            let term = ids[posting.term as usize] as usize;
            let slot = next_posting[term];
            index.docs[slot] = posting.doc;
            index.masks[slot] = posting.mask;
            next_posting[term] += 1;
            let width = posting.mask.count_ones() as usize;
            let target = next_field[term];
            index.tfs[target..target + width].copy_from_slice(&chunk.tfs[cursor..cursor + width]);
            index.norms[target..target + width]
                .copy_from_slice(&chunk.norms[cursor..cursor + width]);
            next_field[term] += width;
            cursor += width;
        }
    }
}

fn field_stats(chunks: &[ChunkIndex], doc_count: u32) -> Vec<FieldStats> {
    (0..FIELD_COUNT)
        .map(|field| {
            let total: u64 = chunks.iter().map(|c| c.total_tokens[field]).sum();
            let average = average_fieldnorm(total, u64::from(doc_count));
            FieldStats {
                total_tokens: total,
                average,
                cache: tf_cache(average),
            }
        })
        .collect()
}
