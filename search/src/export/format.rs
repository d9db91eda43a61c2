//! The JSON documents of the static index (see `FORMAT.md`), shared by the exporter and
//! the Rust reference ranker that reads them back, with their compact encodings.

#[cfg(any(test, feature = "testing"))]
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Format version written in `meta.json`.
pub const FORMAT_VERSION: u32 = 6;

/// `meta.json`: everything the client needs before its first shard. Its size does not
/// depend on the number of documents: per-document data lives in the shards, the term
/// files and the document chunks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub format: String,
    pub version: u32,
    /// Content hash of the export, appended as `?v=` to every other file.
    pub build: String,
    pub doc_count: u32,
    pub analyzer: AnalyzerConfig,
    pub query: QueryConfig,
    pub bm25: Bm25Config,
    pub fields: Vec<FieldConfig>,
    pub shards: ShardConfig,
    pub vocab: VocabConfig,
    pub cards: CardsConfig,
    pub facets: FacetConfig,
}

/// The analysis constants the client must apply exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzerConfig {
    pub stop_words: Vec<String>,
    pub elisions: Vec<String>,
    pub apostrophes: Vec<String>,
    pub max_token_bytes: u32,
}

/// Query planning constants (see the `planner` module).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryConfig {
    pub min_prefix: u32,
    pub max_prefix: u32,
    pub prefix_weight: f32,
    pub max_fuzzy: u32,
    pub fuzzy_weight: f32,
    pub fuzzy_min_doc_freq: u32,
    pub one_edit: u32,
    pub two_edits: u32,
}

/// tantivy's BM25 constants and its field norm table (length of each norm id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bm25Config {
    pub k1: f32,
    pub b: f32,
    pub fieldnorms: Vec<u32>,
}

/// One indexed field, in scoring order: `[name, boost, average length as f32 bits,
/// related]`.
pub type FieldConfig = (String, f32, u32, bool);

/// Where a term lives (see `FORMAT.md`): a frequent term (`big`, front-coded with its
/// document frequency) in `terms/{its rank in that list}.json`; any other term in
/// `shards/{fnv1a(key) mod count}.json`, its key being its first `keyChars` characters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShardConfig {
    pub count: u32,
    pub key_chars: u32,
    /// Terms found in at least `big_min_docs` documents, front-coded with their document
    /// frequency; at most `1 / share` of them exist whatever the catalogue's size.
    pub big: String,
    pub big_min_docs: u32,
    /// A frequent term with more postings than this (a head and tiers) has its documents
    /// and labels in `lists/{rank}.json`; its entry lists only its head's documents.
    pub lists_above: u32,
}

/// Where the vocabulary lives: inline (front-coded, every term) when small, otherwise in
/// the shards (each holds its terms) plus `vocab/{hex}.json` slices for typo tolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocabConfig {
    pub inline: Option<String>,
    /// First characters (lower-case hex code points) having a slice.
    pub slices: Vec<String>,
}

/// Result cards: the best `perTerm` documents of each term found in at least `minDocs`
/// documents have theirs next to the term; every document has its card in
/// `docs/{doc / chunk}.json`. A round trip fetches the chunks of at most `wave`
/// documents in doubt; with more, it fetches the tiers holding their postings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardsConfig {
    pub chunk: u32,
    pub per_term: u32,
    pub min_docs: u32,
    pub wave: u32,
}

/// Facet labels, and how far counts are exact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FacetConfig {
    /// `[id, label]` pairs.
    pub topics: Vec<(String, String)>,
    pub levels: Vec<(String, String)>,
    /// `[id, label, min secs, max secs or null]`.
    pub duration: Vec<(String, String, u32, Option<u32>)>,
    /// Number of contributors; their labels and values are in `contributors.json`.
    pub contributors: u32,
    /// `[id, label]` of each document kind (result type), in order of first appearance.
    #[serde(default)]
    pub kinds: Vec<(String, String)>,
    /// Each document's kind as runs along the documents: `[kind, count, kind, count, …]`
    /// ([`encode_numbers`]); a catalogue grouped by kind needs two numbers a kind.
    #[serde(default)]
    pub kind_runs: String,
    /// A results page without filters fetches facet files of at most this many postings
    /// to count exactly; beyond, it estimates counts from those of its rarest group.
    pub exact_up_to: u32,
}

/// `contributors.json`, fetched when the contributor filter is opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContributorsFile {
    pub labels: Vec<(String, String)>,
    pub docs: String,
}

/// The topics, levels and duration bucket of a list of documents: two facet columns
/// ([`encode_column`]) and one digit per document.
pub type FacetColumns = (String, String, String);

/// Facet value counts over all the documents of a term: per topic, per level, per
/// duration bucket (table order).
pub type FacetCounts = (Vec<u32>, Vec<u32>, Vec<u32>);

/// A term's postings beyond its head: `[id, ranges, counts, kinds]`. `ranges[k - 1]` is
/// `[highest, lowest]` score of the term alone (f32 bits) among the postings of tier `k`;
/// the document chunks carry those postings under `id`. The facets of all its postings
/// are in `facets/{id}.json`, `counts` sums them; `kinds` counts its documents per kind.
pub type TailRef = (u32, Vec<(u32, u32)>, FacetCounts, Vec<u32>);

/// One term: `[term, field mask, weights, docs, tiers, tfs, norm bases, norms, facets,
/// tail]` (see `FORMAT.md`). `docs` lists every posting's document (gaps,
/// [`encode_numbers`]); `tiers` has one digit per posting, its tier (0 for the head, whose
/// term frequencies and norms follow), empty when every posting is in the head. Weights are f32 bit patterns, one per
/// field of the mask; `tfs` has one [`encode_numbers`] column per field of the mask (the
/// term frequency of every head posting, 0 when the field lacks the term); `norms` one
/// column per field of the mask (the field norm id minus that field's base, for the head
/// postings holding it there). `facets` (every posting's, when there is no tail) and
/// `tail` exclude each other.
pub type ShardTerm = (
    String,
    u8,
    Vec<u32>,
    String,
    String,
    Vec<String>,
    Vec<u32>,
    Vec<String>,
    Option<FacetColumns>,
    Option<TailRef>,
);

/// A one-word query's stored first page: `[total, first documents, topic counts, level
/// counts, duration counts, kind counts]` (see `FORMAT.md`, `pages`).
pub type StoredPage = (u32, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>);

/// What a result needs to be shown: `[doc, url, title, summary (shortened), thumbnail,
/// duration secs, topics, levels]`, topics and levels as indices into the tables.
pub type Card = (u32, String, String, String, String, u32, Vec<u32>, Vec<u32>);

/// `shards/{i}.json` and `terms/{i}.json`.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// Sorted by term.
    pub terms: Vec<ShardTerm>,
    /// Cards of each term's best documents, sorted by document.
    pub cards: Vec<Card>,
    /// When the vocabulary is not inline, for each prefix shorter than a key that hashes
    /// here: its best completions (document frequency, then alphabetical); the terms
    /// then include those completions that are not frequent terms.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prefixes: BTreeMap<String, Vec<String>>,
    /// Typed words completing to several frequent terms, with their first page.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pages: BTreeMap<String, StoredPage>,
}

/// `lists/{rank}.json`: the documents and labels of a frequent term with a tail, as its
/// entry's `docs` and `tiers` would hold them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListFile {
    pub docs: String,
    pub tiers: String,
}

/// `tails/{id}-{k}.json`: tier `k` (from 1) of the postings of the term with tiers `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TailFile {
    /// Positions of its postings in the term's posting list (gaps).
    pub postings: String,
    pub tfs: Vec<String>,
    pub norm_bases: Vec<u32>,
    pub norms: Vec<String>,
}

/// `facets/{id}.json`: the facets of every posting of a frequent term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetFile {
    pub topics: String,
    pub levels: String,
    pub duration: String,
}

/// `docs/{j}.json`: documents `j × chunk ..`: their cards, and for each its field norm
/// ids (one number per field, [`encode_numbers`]) and its postings beyond the head of
/// terms with a tail: for each such term, by increasing id, the id's gap from the previous
/// one, the fields holding the term (a mask) and the term frequency in each of them.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocChunk {
    pub cards: Vec<Card>,
    pub norms: Vec<String>,
    pub postings: Vec<String>,
}

/// `vocab/{hex code point}.json`: the terms starting with one character (and
/// found in at least two documents), front-coded, for typo tolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocabFile {
    /// Lines `shared,suffix,df`, `shared` counting characters.
    pub terms: String,
}

/// Digits of the column encoding (URL-safe base 64).
pub const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Separates documents in an encoded column.
const DOC_SEPARATOR: char = '.';

/// Base-64 digits needed for values below `table_len`.
pub fn column_width(table_len: usize) -> usize {
    let mut width = 1;
    while 64usize.pow(width as u32) < table_len {
        width += 1;
    }
    width
}

/// Encodes per-document index lists: each value as `column_width` base-64 digits,
/// documents separated by `.`: `[[0, 3], [], [1]]` → `"AD..B"`.
pub fn encode_column(column: &[Vec<u32>], table_len: usize) -> String {
    let width = column_width(table_len);
    let mut out = String::with_capacity(column.len() * (width + 1));
    for (index, values) in column.iter().enumerate() {
        if index > 0 {
            out.push(DOC_SEPARATOR);
        }
        for &value in values {
            push_digits(&mut out, value, width);
        }
    }
    out
}

/// One value as `width` base-64 digits (duration buckets use width 1, no separator).
pub fn push_digits(out: &mut String, value: u32, width: usize) {
    for position in (0..width).rev() {
        let digit = (value >> (6 * position)) & 63;
        out.push(char::from(DIGITS[digit as usize]));
    }
}

/// Decodes [`encode_column`]'s output for `count` documents.
#[cfg(any(test, feature = "testing"))]
pub fn decode_column(text: &str, count: usize, table_len: usize) -> Result<Vec<Vec<u32>>, String> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let width = column_width(table_len);
    let column: Result<Vec<Vec<u32>>, String> = text
        .split(DOC_SEPARATOR)
        .map(|doc| decode_digits(doc.as_bytes(), width))
        .collect();
    column.and_then(|c| {
        if c.len() == count {
            Ok(c)
        } else {
            Err("facet count mismatch".into())
        }
    })
}

/// Values of `width` base-64 digits each.
#[cfg(any(test, feature = "testing"))]
pub fn decode_digits(bytes: &[u8], width: usize) -> Result<Vec<u32>, String> {
    if !bytes.len().is_multiple_of(width) {
        return Err(format!(
            "bad facet codes {:?}",
            String::from_utf8_lossy(bytes)
        ));
    }
    let digit = |b: &u8| DIGITS.iter().position(|d| d == b).map(|d| d as u32);
    bytes
        .chunks(width)
        .map(|value| {
            value.iter().try_fold(0u32, |acc, b| {
                digit(b)
                    .map(|d| acc << 6 | d)
                    .ok_or_else(|| format!("bad facet digit {:?}", char::from(*b)))
            })
        })
        .collect()
}

/// Small numbers as base-64 digits, least significant first: digits 0–31 end a number,
/// digits 32–63 carry five more bits. Numbers below 32 take one character.
pub fn encode_numbers(values: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    encode_numbers_into(&mut out, values);
    out
}

/// [`encode_numbers`], appended to `out`: encoding numbers one after the other gives the
/// encoding of them all.
pub fn encode_numbers_into(out: &mut String, values: impl IntoIterator<Item = u32>) {
    for mut value in values {
        while value >= 32 {
            out.push(char::from(DIGITS[32 + (value & 31) as usize]));
            value >>= 5;
        }
        out.push(char::from(DIGITS[value as usize]));
    }
}

/// Decodes [`encode_numbers`]'s output.
#[cfg(any(test, feature = "testing"))]
pub fn decode_numbers(text: &str) -> Result<Vec<u32>, String> {
    let mut values = Vec::new();
    let (mut value, mut shift) = (0u32, 0u32);
    for byte in text.bytes() {
        let digit = DIGITS
            .iter()
            .position(|d| *d == byte)
            .ok_or_else(|| format!("bad digit {:?}", char::from(byte)))? as u32;
        if shift > 25 {
            return Err("number too large".into());
        }
        value |= (digit & 31) << shift;
        if digit < 32 {
            values.push(value);
            (value, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    if shift > 0 {
        return Err("truncated number".into());
    }
    Ok(values)
}

/// Front-codes sorted `(term, df)` pairs: lines `shared,suffix,df`.
pub fn front_code<'a>(terms: impl Iterator<Item = (&'a str, u32)>) -> String {
    let mut out = String::new();
    let mut previous: Vec<char> = Vec::new();
    for (term, df) in terms {
        let chars: Vec<char> = term.chars().collect();
        let shared = previous
            .iter()
            .zip(&chars)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix: String = chars[shared..].iter().collect();
        out.push_str(&format!("{shared},{suffix},{df}\n"));
        previous = chars;
    }
    out
}

/// Decodes [`front_code`]'s output.
#[cfg(any(test, feature = "testing"))]
pub fn front_decode(text: &str) -> Result<Vec<(String, u32)>, String> {
    let mut terms = Vec::new();
    let mut previous: Vec<char> = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, ',');
        let (shared, suffix, df) = match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => return Err(format!("bad vocabulary line {line:?}")),
        };
        let shared: usize = shared
            .parse()
            .map_err(|_| format!("bad prefix in {line:?}"))?;
        let df: u32 = df.parse().map_err(|_| format!("bad df in {line:?}"))?;
        let mut chars: Vec<char> = previous.iter().take(shared).copied().collect();
        chars.extend(suffix.chars());
        terms.push((chars.iter().collect(), df));
        previous = chars;
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_columns_round_trip() {
        let column = vec![vec![0, 3], vec![], vec![63]];
        assert_eq!(encode_column(&column, 64), "AD.._");
        assert_eq!(decode_column("AD.._", 3, 64), Ok(column));
        let wide = vec![vec![64, 4095], vec![1]];
        assert_eq!(encode_column(&wide, 2500), "BA__.AB");
        assert_eq!(decode_column("BA__.AB", 2, 2500), Ok(wide));
        assert_eq!(decode_column("", 1, 8), Ok(vec![vec![]]));
        assert!(decode_column("A.B", 3, 8).is_err());
        assert!(decode_column("ABC", 1, 100).is_err());
    }

    #[test]
    fn numbers_round_trip() {
        let values = [0, 1, 31, 32, 255, 1023, 70_000];
        let text = encode_numbers(values);
        assert_eq!(&text[..5], "ABfgB");
        assert_eq!(decode_numbers(&text), Ok(values.to_vec()));
        assert!(decode_numbers("g").is_err());
        assert!(decode_numbers("A*").is_err());
    }

    #[test]
    fn front_coding_round_trips() {
        let terms: Vec<(String, u32)> = ["ecol", "ecoli", "ecritur", "été"]
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), i as u32 + 1))
            .collect();
        let coded = front_code(terms.iter().map(|(t, df)| (t.as_str(), *df)));
        assert_eq!(coded.lines().nth(1), Some("4,i,2"));
        assert_eq!(front_decode(&coded), Ok(terms));
    }
}
