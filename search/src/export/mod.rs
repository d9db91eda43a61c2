//! The static index the browser reads: `meta.json`, term shards with their
//! postings (BM25 impacts) and result cards, document chunks, per-document
//! facet values and the front-coded vocabulary. See `FORMAT.md`.

pub mod format;
pub mod shards;

use std::collections::BTreeSet;

use crate::analyzer::{APOSTROPHES, ELISIONS, MAX_TOKEN_BYTES, STOP_WORDS};
use crate::facets::{duration_bucket, duration_buckets, FacetTables};
use crate::planner::{self, Vocabulary, FUZZY_MIN_DOC_FREQ};
use crate::postings::{Posting, PostingTable};
use crate::typo::{ONE_EDIT_MIN_CHARS, TWO_EDITS_MIN_CHARS};
use crate::{Document, SearchError};
use format::*;
use shards::{partition, spill, ShardRange};

/// One file of the static index, to be written under `public/search/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// Relative path, e.g. "meta.json", "shards/12.json".
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Knobs of the static export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Aimed-at raw JSON size of a shard (gzip divides it by about 3).
    pub shard_target_bytes: usize,
    /// Cards stored in a shard for each of its terms (its best documents).
    pub cards_per_term: usize,
    /// Documents per `docs/{j}.json` chunk.
    pub doc_chunk: usize,
    /// Significant digits kept for impacts.
    pub impact_digits: i32,
    /// Summaries are cut to about this many characters in cards.
    pub summary_chars: usize,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            shard_target_bytes: 30_000,
            cards_per_term: 10,
            doc_chunk: 8,
            impact_digits: 6,
            summary_chars: 180,
        }
    }
}

/// Builds every file of the static index.
pub fn export_files(
    docs: &[Document],
    postings: &PostingTable,
    options: &ExportOptions,
) -> Result<Vec<ExportFile>, SearchError> {
    let doc_chunk = options.doc_chunk.max(1);
    let exporter = Exporter {
        docs,
        postings,
        options,
    };
    let card = |doc: usize, d: &Document| card(doc, d, options.summary_chars);
    let terms: Vec<(&String, &Vec<Posting>)> = postings.iter().collect();
    let ranges = exporter.partition(&terms);
    let keys: Vec<String> = ranges.iter().map(|r| r.key.clone()).collect();
    let mut spilled = spill(&keys, &exporter.vocab());
    let mut files = Vec::new();
    for (index, range) in ranges.iter().enumerate() {
        let mut shard = exporter.shard(&terms[range.terms.clone()]);
        shard.spill = spilled.remove(&index).unwrap_or_default();
        files.push(json_file(format!("shards/{index}.json"), &shard)?);
    }
    for (index, chunk) in docs.chunks(doc_chunk).enumerate() {
        let cards = chunk
            .iter()
            .enumerate()
            .map(|(i, d)| card(index * doc_chunk + i, d));
        let file = DocChunk {
            cards: cards.collect(),
        };
        files.push(json_file(format!("docs/{index}.json"), &file)?);
    }
    let tables = FacetTables::collect(docs);
    files.push(json_file(
        "facets.json".into(),
        &facets_file(docs, &tables),
    )?);
    let mut slices = Vec::new();
    for (hex, file) in exporter.vocab_slices() {
        files.push(json_file(format!("vocab/{hex}.json"), &file)?);
        slices.push(hex);
    }
    let build = content_hash(&files);
    let meta = exporter.meta(keys, tables, build, slices);
    files.insert(0, json_file("meta.json".into(), &meta)?);
    Ok(files)
}

struct Exporter<'a> {
    docs: &'a [Document],
    postings: &'a PostingTable,
    options: &'a ExportOptions,
}

impl Exporter<'_> {
    fn partition(&self, terms: &[(&String, &Vec<Posting>)]) -> Vec<ShardRange> {
        let sized: Vec<(&str, usize)> = terms
            .iter()
            .map(|(term, list)| (term.as_str(), self.estimated_size(term, list)))
            .collect();
        partition(&sized, self.options.shard_target_bytes)
    }

    /// Rough raw JSON size of a term: postings plus its cards.
    fn estimated_size(&self, term: &str, list: &[Posting]) -> usize {
        let postings = term.len() + 12 + list.len() * 5;
        let cards: usize = self
            .top_docs(list)
            .iter()
            .map(|&doc| card_size(&self.docs[doc as usize], self.options.summary_chars))
            .sum();
        postings + cards
    }

    /// The term's `cards_per_term` best documents (impact, then input order).
    fn top_docs(&self, list: &[Posting]) -> Vec<u32> {
        let mut best: Vec<&Posting> = list.iter().collect();
        best.sort_by(|a, b| b.impact.total_cmp(&a.impact).then(a.doc.cmp(&b.doc)));
        best.iter()
            .take(self.options.cards_per_term)
            .map(|p| p.doc)
            .collect()
    }

    fn shard(&self, terms: &[(&String, &Vec<Posting>)]) -> Shard {
        let mut card_docs = BTreeSet::new();
        let entries = terms
            .iter()
            .map(|(term, list)| {
                card_docs.extend(self.top_docs(list));
                self.shard_term(term, list)
            })
            .collect();
        let cards = card_docs
            .into_iter()
            .map(|doc| {
                card(
                    doc as usize,
                    &self.docs[doc as usize],
                    self.options.summary_chars,
                )
            })
            .collect();
        Shard {
            terms: entries,
            cards,
            spill: Default::default(),
        }
    }

    fn shard_term(&self, term: &str, list: &[Posting]) -> ShardTerm {
        let mut previous = 0;
        let deltas = list
            .iter()
            .map(|p| {
                let delta = p.doc - previous;
                previous = p.doc;
                delta
            })
            .collect();
        let digits = self.options.impact_digits;
        let impacts: Vec<f64> = list
            .iter()
            .map(|p| round_significant(p.impact, digits))
            .collect();
        let (indices, values) = encode_impacts(&impacts);
        (term.to_string(), deltas, indices, values)
    }

    fn vocab(&self) -> Vocabulary {
        self.postings
            .iter()
            .map(|(t, p)| (t.clone(), p.len() as u32))
            .collect()
    }

    /// One front-coded slice per first character, typo candidates only.
    fn vocab_slices(&self) -> Vec<(String, VocabFile)> {
        let mut slices: Vec<(char, Vec<(&String, u32)>)> = Vec::new();
        for (term, list) in self.postings {
            let df = list.len() as u32;
            let Some(first) = term.chars().next().filter(|_| df >= FUZZY_MIN_DOC_FREQ) else {
                continue;
            };
            match slices.last_mut() {
                Some((c, terms)) if *c == first => terms.push((term, df)),
                _ => slices.push((first, vec![(term, df)])),
            }
        }
        slices
            .into_iter()
            .map(|(first, terms)| {
                let file = VocabFile {
                    terms: front_code(terms.into_iter()),
                };
                (format!("{:x}", u32::from(first)), file)
            })
            .collect()
    }

    fn meta(
        &self,
        keys: Vec<String>,
        tables: FacetTables,
        build: String,
        vocab: Vec<String>,
    ) -> Meta {
        Meta {
            format: "capsule-search".into(),
            version: FORMAT_VERSION,
            build,
            doc_count: self.docs.len() as u32,
            analyzer: analyzer_config(),
            query: query_config(),
            shards: keys,
            doc_chunk: self.options.doc_chunk.max(1) as u32,
            vocab,
            facets: facet_config(tables),
        }
    }
}

fn card(doc: usize, d: &Document, summary_chars: usize) -> Card {
    let summary = shorten(&d.summary, summary_chars);
    let (url, title, thumbnail) = (d.url.clone(), d.title.clone(), d.thumbnail.clone());
    (doc as u32, url, title, summary, thumbnail, d.duration_secs)
}

fn card_size(d: &Document, summary_chars: usize) -> usize {
    24 + d.url.len() + d.title.len() + d.summary.len().min(summary_chars) + d.thumbnail.len()
}

/// Cuts `text` at a word boundary near `max` characters, adding "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max + 1).collect();
    let hard: String = text.chars().take(max).collect();
    let kept = match cut.rfind(char::is_whitespace) {
        Some(space) if space > max / 2 => &cut[..space],
        _ => hard.as_str(),
    };
    format!(
        "{}…",
        kept.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
    )
}

fn facets_file(docs: &[Document], tables: &FacetTables) -> FacetsFile {
    let mut columns: [Vec<Vec<u32>>; 3] = Default::default();
    let mut duration = String::with_capacity(docs.len());
    for doc in docs {
        for (column, codes) in columns.iter_mut().zip(tables.codes(doc)) {
            column.push(codes);
        }
        let bucket = duration_bucket(doc.duration_secs) as u32;
        duration.push(char::from_digit(bucket, 10).unwrap_or('0'));
    }
    FacetsFile {
        topics: encode_column(&columns[0]),
        levels: encode_column(&columns[1]),
        contributors: encode_column(&columns[2]),
        duration,
    }
}

fn analyzer_config() -> AnalyzerConfig {
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
    AnalyzerConfig {
        stop_words: strings(STOP_WORDS),
        elisions: strings(ELISIONS),
        apostrophes: APOSTROPHES.iter().map(|c| c.to_string()).collect(),
        max_token_bytes: MAX_TOKEN_BYTES as u32,
    }
}

fn query_config() -> QueryConfig {
    QueryConfig {
        min_prefix: planner::MIN_PREFIX_CHARS as u32,
        max_prefix: planner::MAX_PREFIX_EXPANSIONS as u32,
        prefix_weight: planner::PREFIX_WEIGHT,
        max_fuzzy: planner::MAX_FUZZY_EXPANSIONS as u32,
        fuzzy_weight: planner::FUZZY_WEIGHT,
        one_edit: ONE_EDIT_MIN_CHARS as u32,
        two_edits: TWO_EDITS_MIN_CHARS as u32,
    }
}

fn facet_config(tables: FacetTables) -> FacetConfig {
    let duration = duration_buckets()
        .into_iter()
        .map(|b| (b.id, b.label, b.min, b.max))
        .collect();
    FacetConfig {
        topics: tables.topics,
        levels: tables.levels,
        contributors: tables.contributors,
        duration,
    }
}

fn json_file<T: serde::Serialize>(path: String, value: &T) -> Result<ExportFile, SearchError> {
    Ok(ExportFile {
        path,
        bytes: serde_json::to_vec(value)?,
    })
}

/// FNV-1a over every file, as 16 hex digits: changes whenever the index does.
fn content_hash(files: &[ExportFile]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in files
        .iter()
        .flat_map(|f| f.path.bytes().chain(f.bytes.iter().copied()))
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shortens_summaries_at_word_boundaries() {
        assert_eq!(shorten("Court.", 10), "Court.");
        assert_eq!(
            shorten("Les élèves discutent longuement", 20),
            "Les élèves discutent…"
        );
        assert_eq!(shorten("abcdefghij", 5), "abcde…");
    }
}
