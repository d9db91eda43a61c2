//! The JSON documents of the static index (see `FORMAT.md`), shared by the
//! exporter and the Rust reference ranker that reads them back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Format version written in `meta.json`.
pub const FORMAT_VERSION: u32 = 1;

/// `meta.json`: everything the client needs before its first shard.
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
    /// Shard `i` is `shards/{i}.json`; its key is ≤ all its terms and > all
    /// terms of the previous shards. The first key is "".
    pub shards: Vec<String>,
    /// Documents per `docs/{j}.json` chunk.
    pub doc_chunk: u32,
    /// First characters (as lower-case hex code points) having a vocabulary
    /// slice `vocab/{hex}.json`.
    pub vocab: Vec<String>,
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
    pub one_edit: u32,
    pub two_edits: u32,
}

/// Facet labels; per-document values live in `facets.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetConfig {
    /// `[id, label]` pairs.
    pub topics: Vec<(String, String)>,
    pub levels: Vec<(String, String)>,
    pub contributors: Vec<(String, String)>,
    /// `[id, label, min secs, max secs or null]`.
    pub duration: Vec<(String, String, u32, Option<u32>)>,
}

/// One term of a shard: `[term, document deltas, value indices, values]`.
/// The impact of the i-th posting is `values[indices[i]]`; `indices` is empty
/// when every posting has `values[0]`. Values are sorted by decreasing use.
pub type ShardTerm = (String, Vec<u32>, Vec<u32>, Vec<f64>);

/// What a result needs to be shown:
/// `[doc, url, title, summary (shortened), thumbnail, duration secs]`.
pub type Card = (u32, String, String, String, String, u32);

/// `shards/{i}.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// Sorted by term.
    pub terms: Vec<ShardTerm>,
    /// Cards of each term's best documents, sorted by document.
    pub cards: Vec<Card>,
    /// For each prefix located in this shard whose terms span several shards:
    /// its best completions (document frequency, then alphabetical).
    pub spill: BTreeMap<String, Vec<String>>,
}

/// `docs/{j}.json`: the cards of documents `j × docChunk ..`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocChunk {
    pub cards: Vec<Card>,
}

/// `facets.json`: per document (input order) facet value indices, as text:
/// documents separated by `;`, indices by `,` (see [`encode_column`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetsFile {
    pub topics: String,
    pub levels: String,
    pub contributors: String,
    /// Duration bucket index of each document, one digit per document.
    pub duration: String,
}

/// Encodes per-document index lists: `[[0, 3], [], [1]]` → `"0,3;;1"`.
pub fn encode_column(column: &[Vec<u32>]) -> String {
    let docs: Vec<String> = column
        .iter()
        .map(|values| {
            values
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    docs.join(";")
}

/// Decodes [`encode_column`]'s output for `count` documents.
pub fn decode_column(text: &str, count: usize) -> Result<Vec<Vec<u32>>, String> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let column: Result<Vec<Vec<u32>>, String> = text
        .split(';')
        .map(|doc| {
            doc.split(',')
                .filter(|v| !v.is_empty())
                .map(|v| v.parse().map_err(|_| format!("bad facet index {v:?}")))
                .collect()
        })
        .collect();
    column.and_then(|c| {
        if c.len() == count {
            Ok(c)
        } else {
            Err("facet count mismatch".into())
        }
    })
}

/// `vocab/{hex code point}.json`: the terms starting with one character (and
/// found in at least two documents), front-coded, for typo tolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocabFile {
    /// Lines `shared,suffix,df`, `shared` counting characters.
    pub terms: String,
}

/// Splits impacts into per-posting value indices and the distinct values.
pub fn encode_impacts(impacts: &[f64]) -> (Vec<u32>, Vec<f64>) {
    let mut counts: Vec<(f64, usize)> = Vec::new();
    for value in impacts {
        match counts.iter_mut().find(|(v, _)| v == value) {
            Some(entry) => entry.1 += 1,
            None => counts.push((*value, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.total_cmp(&a.0)));
    let values: Vec<f64> = counts.into_iter().map(|(v, _)| v).collect();
    if values.len() == 1 {
        return (Vec::new(), values);
    }
    let index = |value: &f64| values.iter().position(|v| v == value).unwrap_or(0) as u32;
    (impacts.iter().map(index).collect(), values)
}

/// Inverse of [`encode_impacts`] for `count` postings.
pub fn decode_impacts(indices: &[u32], values: &[f64], count: usize) -> Vec<f64> {
    let value = |i: usize| {
        let index = indices.get(i).copied().unwrap_or(0) as usize;
        values.get(index).copied().unwrap_or(0.0)
    };
    (0..count).map(value).collect()
}

/// Rounds to `digits` significant digits, printed as the shortest decimal.
pub fn round_significant(value: f32, digits: i32) -> f64 {
    let value = f64::from(value);
    if value == 0.0 || !value.is_finite() {
        return 0.0;
    }
    let exponent = value.abs().log10().floor() as i32;
    let scale = digits - 1 - exponent;
    if scale >= 0 {
        let factor = 10f64.powi(scale);
        (value * factor).round() / factor
    } else {
        let factor = 10f64.powi(-scale);
        (value / factor).round() * factor
    }
}

/// Front-codes sorted `(term, df)` pairs into [`VocabFile::terms`].
pub fn front_code<'a>(terms: impl Iterator<Item = (&'a String, u32)>) -> String {
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
    fn rounds_to_significant_digits() {
        assert_eq!(round_significant(1.234_567, 5), 1.2346);
        assert_eq!(round_significant(0.012_345_67, 5), 0.012346);
        assert_eq!(round_significant(123_456.7, 5), 123_460.0);
        assert_eq!(
            serde_json::to_string(&round_significant(4.56789, 4)).ok(),
            Some("4.568".into())
        );
    }

    #[test]
    fn impacts_round_trip_through_value_indices() {
        let impacts = vec![1.5, 2.25, 1.5, 1.5, 0.75];
        let (indices, values) = encode_impacts(&impacts);
        assert_eq!(values[0], 1.5);
        assert_eq!(decode_impacts(&indices, &values, 5), impacts);
        let (indices, values) = encode_impacts(&[3.0, 3.0]);
        assert!(indices.is_empty());
        assert_eq!(decode_impacts(&indices, &values, 2), vec![3.0, 3.0]);
    }

    #[test]
    fn facet_columns_round_trip() {
        let column = vec![vec![0, 3], vec![], vec![12]];
        assert_eq!(encode_column(&column), "0,3;;12");
        assert_eq!(decode_column("0,3;;12", 3), Ok(column));
        assert_eq!(decode_column("", 1), Ok(vec![vec![]]));
        assert!(decode_column("0;1", 3).is_err());
    }

    #[test]
    fn front_coding_round_trips() {
        let terms: Vec<(String, u32)> = ["ecol", "ecoli", "ecritur", "été"]
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), i as u32 + 1))
            .collect();
        let coded = front_code(terms.iter().map(|(t, df)| (t, *df)));
        assert_eq!(coded.lines().nth(1), Some("4,i,2"));
        assert_eq!(front_decode(&coded), Ok(terms));
    }
}
