//! The static index the browser reads: `meta.json` (settings, shard keys, vocabulary
//! when small, per-document facets), term shards with each term's postings (term
//! frequencies and field norms, from which the client recomputes tantivy's BM25) and the
//! cards of its best documents, document chunks, the contributor facet and, for large
//! vocabularies, typo slices. See `FORMAT.md`.

pub mod format;
pub mod shards;

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::FxHasher;

use crate::analyzer::{APOSTROPHES, ELISIONS, MAX_TOKEN_BYTES, STOP_WORDS};
use crate::bm25::{fieldnorm_table, B, K1};
use crate::facets::{duration_bucket, duration_buckets, FacetTables};
use crate::fields::FIELDS;
use crate::index::{InvertedIndex, PostingList};
use crate::planner::{self, Vocabulary, FUZZY_MIN_DOC_FREQ};
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
    /// A term in more than `cards_per_term` titles brings the cards of as many of its
    /// best documents as it has titles, up to this many.
    pub title_cards: usize,
    /// Cards beyond `cards_per_term` stop where the term's entry and its cards would
    /// pass this many raw bytes: a common word's shard then stays about 28 kB gzip, so
    /// a second query on it fits the 30 kB budget.
    pub term_max_bytes: usize,
    /// Documents per `docs/{j}.json` chunk.
    pub doc_chunk: usize,
    /// Summaries are cut to about this many characters in cards.
    pub summary_chars: usize,
    /// The vocabulary goes inline in `meta.json` when its front-coded text is at most
    /// this long; otherwise it is spread over the shards and typo slices.
    pub inline_vocab_bytes: usize,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            shard_target_bytes: 40_000,
            cards_per_term: 10,
            title_cards: 200,
            term_max_bytes: 100_000,
            doc_chunk: 16,
            summary_chars: 160,
            inline_vocab_bytes: 48_000,
        }
    }
}

/// Bit of the title field in a posting's field mask (the title is `FIELDS[0]`).
const TITLE_BIT: u8 = 1;

/// A term ready to be placed in a shard: its JSON and the documents of its cards.
struct TermExport {
    json: String,
    top_docs: Vec<u32>,
}

/// Builds every file of the static index.
pub fn export_files(
    docs: &[Document],
    index: &InvertedIndex,
    options: &ExportOptions,
) -> Result<Vec<ExportFile>, SearchError> {
    let cards: Vec<String> = docs
        .par_iter()
        .enumerate()
        .map(|(doc, d)| serde_json::to_string(&card(doc, d, options.summary_chars)))
        .collect::<Result<_, _>>()?;
    let terms: Vec<TermExport> = (0..index.terms.len())
        .into_par_iter()
        .map(|t| term_export(index, &index.terms[t], &index.postings(t), &cards, options))
        .collect::<Result<_, _>>()?;
    let sized: Vec<(&str, usize)> = index
        .terms
        .iter()
        .zip(&terms)
        .map(|(term, t)| (term.as_str(), estimated_size(t, &cards)))
        .collect();
    let ranges = partition(&sized, options.shard_target_bytes);
    let keys: Vec<String> = ranges.iter().map(|r| r.key.clone()).collect();
    let vocab = vocabulary(index);
    let inline = inline_vocabulary(index, options.inline_vocab_bytes);
    let mut spilled = if inline.is_some() {
        Default::default()
    } else {
        spill(&keys, &vocab)
    };
    let spills: Vec<_> = (0..ranges.len())
        .map(|i| spilled.remove(&i).unwrap_or_default())
        .collect();
    let mut files: Vec<ExportFile> = ranges
        .par_iter()
        .zip(spills)
        .enumerate()
        .map(|(i, (range, spill))| shard_file(i, range, &terms, &cards, &spill))
        .collect::<Result<_, _>>()?;
    files.extend(doc_chunks(&cards, options.doc_chunk.max(1)));
    let tables = FacetTables::collect(docs);
    files.push(json_file(
        "contributors.json".into(),
        &contributors_file(docs, &tables),
    )?);
    let slices = if inline.is_some() {
        Vec::new()
    } else {
        vocab_slices(index)
    };
    let slice_names = slices.iter().map(|(hex, _)| hex.clone()).collect();
    for (hex, file) in &slices {
        files.push(json_file(format!("vocab/{hex}.json"), file)?);
    }
    let meta = Meta {
        format: "capsule-search".into(),
        version: FORMAT_VERSION,
        build: content_hash(&files),
        doc_count: docs.len() as u32,
        analyzer: analyzer_config(),
        query: query_config(),
        bm25: Bm25Config {
            k1: K1,
            b: B,
            fieldnorms: fieldnorm_table(),
        },
        fields: field_configs(index),
        shards: keys,
        vocab: VocabConfig {
            inline,
            slices: slice_names,
        },
        cards: CardsConfig {
            chunk: options.doc_chunk.max(1) as u32,
            per_term: options.cards_per_term as u32,
            title_cards: options.title_cards as u32,
        },
        doc_facets: doc_facets(docs, &tables),
        facets: facet_config(tables),
    };
    files.insert(0, json_file("meta.json".into(), &meta)?);
    Ok(files)
}

/// A term's shard entry (see [`ShardTerm`]) as JSON, and its best documents.
fn term_export(
    index: &InvertedIndex,
    term: &str,
    list: &PostingList,
    cards: &[String],
    options: &ExportOptions,
) -> Result<TermExport, SearchError> {
    let mask = list.field_mask();
    let weights = index.weights(list);
    let weight_bits = (0..FIELDS.len())
        .filter(|f| mask >> f & 1 == 1)
        .map(|f| weights[f].to_bits())
        .collect();
    let mut previous = 0;
    let deltas = list
        .docs
        .iter()
        .map(|&doc| {
            let delta = doc - previous;
            previous = doc;
            delta
        })
        .collect();
    let (tfs, norm_bases, norms) = field_columns(list, mask);
    let entry: ShardTerm = (
        term.to_string(),
        mask,
        weight_bits,
        deltas,
        tfs,
        norm_bases,
        norms,
    );
    let json = serde_json::to_string(&entry)?;
    let mut top_docs = top_docs(index, list, card_count(list, options));
    let room = options.term_max_bytes.saturating_sub(json.len());
    top_docs.truncate(fitting(&top_docs, cards, room).max(options.cards_per_term));
    Ok(TermExport { json, top_docs })
}

/// Per field of `mask`: the tf column (every posting), the norm base and the norm
/// column (postings holding the term in that field), encoded.
fn field_columns(list: &PostingList, mask: u8) -> (Vec<String>, Vec<u32>, Vec<String>) {
    let fields: Vec<usize> = (0..FIELDS.len()).filter(|f| mask >> f & 1 == 1).collect();
    let mut tfs = vec![Vec::with_capacity(list.len()); fields.len()];
    let mut norms = vec![Vec::new(); fields.len()];
    let mut cursor = 0;
    for &posting_mask in list.masks {
        for (column, &field) in fields.iter().enumerate() {
            if posting_mask >> field & 1 == 1 {
                tfs[column].push(list.tfs[cursor]);
                norms[column].push(u32::from(list.norms[cursor]));
                cursor += 1;
            } else {
                tfs[column].push(0);
            }
        }
    }
    let bases: Vec<u32> = norms
        .iter()
        .map(|n| n.iter().copied().min().unwrap_or(0))
        .collect();
    let norm_columns = norms
        .iter()
        .zip(&bases)
        .map(|(column, base)| encode_numbers(column.iter().map(|n| n - base)))
        .collect();
    (
        tfs.into_iter().map(encode_numbers).collect(),
        bases,
        norm_columns,
    )
}

/// How many of a term's best documents have their card in its shard: as many as hold
/// the term in their title, at least `cards_per_term` and at most `title_cards`. Title
/// words are what visitors search with, and title matches score the most (field boost
/// 3): the best results of a query of several words mostly hold its words in their
/// titles, and their cards then come with the shards instead of costing one `docs/`
/// request each.
fn card_count(list: &PostingList, options: &ExportOptions) -> usize {
    let in_title = list
        .masks
        .iter()
        .filter(|&&mask| mask & TITLE_BIT != 0)
        .count();
    in_title
        .min(options.title_cards)
        .max(options.cards_per_term)
}

/// The term's `count` best documents, best first (impact, then input order).
fn top_docs(index: &InvertedIndex, list: &PostingList, count: usize) -> Vec<u32> {
    let mut best: Vec<(u32, f32)> = index.impacts(list).iter().map(|i| (i.doc, i.all)).collect();
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if best.len() > count {
        best.select_nth_unstable_by(count, order);
        best.truncate(count);
    }
    best.sort_unstable_by(order);
    best.into_iter().map(|(doc, _)| doc).collect()
}

/// How many of the first `docs` have cards that fit in `room` bytes together.
fn fitting(docs: &[u32], cards: &[String], room: usize) -> usize {
    let mut used = 0;
    docs.iter()
        .take_while(|&&doc| {
            used += cards[doc as usize].len() + 1;
            used <= room
        })
        .count()
}

/// Raw JSON size of a term in a shard, its cards included (before deduplication).
fn estimated_size(term: &TermExport, cards: &[String]) -> usize {
    let card_bytes: usize = term
        .top_docs
        .iter()
        .map(|&d| cards[d as usize].len() + 1)
        .sum();
    term.json.len() + 1 + card_bytes
}

/// `shards/{index}.json`, written from the pre-serialised terms and cards.
fn shard_file(
    index: usize,
    range: &ShardRange,
    terms: &[TermExport],
    cards: &[String],
    spill: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<ExportFile, SearchError> {
    let members = &terms[range.terms.clone()];
    let mut card_docs: Vec<u32> = members
        .iter()
        .flat_map(|t| t.top_docs.iter().copied())
        .collect();
    card_docs.sort_unstable();
    card_docs.dedup();
    let mut json = String::from("{\"terms\":[");
    join_into(&mut json, members.iter().map(|t| t.json.as_str()));
    json.push_str("],\"cards\":[");
    join_into(
        &mut json,
        card_docs.iter().map(|&d| cards[d as usize].as_str()),
    );
    json.push(']');
    if !spill.is_empty() {
        json.push_str(",\"spill\":");
        json.push_str(&serde_json::to_string(spill)?);
    }
    json.push('}');
    Ok(ExportFile {
        path: format!("shards/{index}.json"),
        bytes: json.into_bytes(),
    })
}

fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = &'a str>) {
    for (i, part) in parts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(part);
    }
}

/// `docs/{j}.json`: every card, `chunk` documents a file.
fn doc_chunks(cards: &[String], chunk: usize) -> Vec<ExportFile> {
    cards
        .chunks(chunk)
        .enumerate()
        .map(|(index, group)| {
            let mut json = String::from("{\"cards\":[");
            join_into(&mut json, group.iter().map(String::as_str));
            json.push_str("]}");
            ExportFile {
                path: format!("docs/{index}.json"),
                bytes: json.into_bytes(),
            }
        })
        .collect()
}

fn vocabulary(index: &InvertedIndex) -> Vocabulary {
    index
        .iter()
        .map(|(t, p)| (t.to_string(), p.len() as u32))
        .collect()
}

/// Every term with its document frequency, front-coded, if short enough.
fn inline_vocabulary(index: &InvertedIndex, max_bytes: usize) -> Option<String> {
    let coded = front_code(index.iter().map(|(t, p)| (t, p.len() as u32)));
    (coded.len() <= max_bytes).then_some(coded)
}

/// One front-coded slice per first character, typo candidates only.
fn vocab_slices(index: &InvertedIndex) -> Vec<(String, VocabFile)> {
    let mut slices: Vec<(char, Vec<(&str, u32)>)> = Vec::new();
    for (term, list) in index.iter() {
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

fn card(doc: usize, d: &Document, summary_chars: usize) -> Card {
    let summary = shorten(&d.summary, summary_chars);
    let (url, title, thumbnail) = (d.url.clone(), d.title.clone(), d.thumbnail.clone());
    (doc as u32, url, title, summary, thumbnail, d.duration_secs)
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

fn doc_facets(docs: &[Document], tables: &FacetTables) -> DocFacets {
    let lookup = tables.lookup();
    let codes: Vec<[Vec<u32>; 3]> = docs.par_iter().map(|d| lookup.codes(d)).collect();
    let column = |i: usize| codes.iter().map(|c| c[i].clone()).collect::<Vec<_>>();
    let mut duration = String::with_capacity(docs.len());
    for doc in docs {
        push_digits(&mut duration, duration_bucket(doc.duration_secs) as u32, 1);
    }
    DocFacets {
        topics: encode_column(&column(0), tables.topics.len()),
        levels: encode_column(&column(1), tables.levels.len()),
        duration,
    }
}

fn contributors_file(docs: &[Document], tables: &FacetTables) -> ContributorsFile {
    let lookup = tables.lookup();
    let column: Vec<Vec<u32>> = docs
        .par_iter()
        .map(|d| lookup.codes(d)[2].clone())
        .collect();
    ContributorsFile {
        docs: encode_column(&column, tables.contributors.len()),
        labels: tables.contributors.clone(),
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
        fuzzy_min_doc_freq: FUZZY_MIN_DOC_FREQ,
        one_edit: ONE_EDIT_MIN_CHARS as u32,
        two_edits: TWO_EDITS_MIN_CHARS as u32,
    }
}

fn field_configs(index: &InvertedIndex) -> Vec<FieldConfig> {
    FIELDS
        .iter()
        .zip(&index.fields)
        .map(|(spec, stats)| {
            (
                spec.name.to_string(),
                spec.boost,
                stats.average.to_bits(),
                spec.related,
            )
        })
        .collect()
}

fn facet_config(tables: FacetTables) -> FacetConfig {
    let duration = duration_buckets()
        .into_iter()
        .map(|b| (b.id, b.label, b.min, b.max))
        .collect();
    FacetConfig {
        topics: tables.topics,
        levels: tables.levels,
        duration,
        contributors: tables.contributors.len() as u32,
    }
}

fn json_file<T: serde::Serialize>(path: String, value: &T) -> Result<ExportFile, SearchError> {
    Ok(ExportFile {
        path,
        bytes: serde_json::to_vec(value)?,
    })
}

/// A 64-bit hash of every file (paths and contents), as 16 hex digits: changes whenever
/// the index does.
fn content_hash(files: &[ExportFile]) -> String {
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|file| {
            let mut hasher = FxHasher::default();
            file.path.hash(&mut hasher);
            hasher.write(&file.bytes);
            hasher.finish()
        })
        .collect();
    let mut hasher = FxHasher::default();
    hashes.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::corpus;
    use crate::Engine;

    #[test]
    fn title_bit_is_the_title_field() {
        assert_eq!(FIELDS[TITLE_BIT.trailing_zeros() as usize].name, "title");
    }

    /// The documents whose card is in the shard of `term`.
    fn shard_cards(files: &[ExportFile], term: &str) -> Vec<u32> {
        let meta: Meta = serde_json::from_slice(&files[0].bytes).unwrap();
        let path = format!("shards/{}.json", shards::locate(&meta.shards, term));
        let file = files.iter().find(|f| f.path == path).unwrap();
        let shard: Shard = serde_json::from_slice(&file.bytes).unwrap();
        shard.cards.iter().map(|card| card.0).collect()
    }

    #[test]
    fn shards_hold_the_cards_of_every_title_holding_their_term() {
        let docs = corpus();
        let engine = Engine::build(docs.clone()).unwrap();
        let in_title: Vec<u32> = (0..docs.len() as u32)
            .filter(|&d| docs[d as usize].title.contains("dictée"))
            .collect();
        assert!(in_title.len() >= 2);
        let options = |title_cards, term_max_bytes| ExportOptions {
            cards_per_term: 1,
            title_cards,
            term_max_bytes,
            shard_target_bytes: 1,
            ..ExportOptions::default()
        };
        let all = engine
            .export_with(&options(in_title.len(), 100_000))
            .unwrap();
        let stem = &crate::analyzer::analyze_query("dictée")[0].stem;
        let cards = shard_cards(&all, stem);
        assert!(in_title.iter().all(|d| cards.contains(d)), "{cards:?}");
        for capped in [options(in_title.len() - 1, 100_000), options(99, 0)] {
            let capped_cards = shard_cards(&engine.export_with(&capped).unwrap(), stem);
            assert!(
                !in_title.iter().all(|d| capped_cards.contains(d)),
                "{capped_cards:?}"
            );
        }
    }

    #[test]
    fn cards_stop_at_the_byte_budget() {
        let cards = ["aa", "bbb", "c"].map(String::from);
        assert_eq!(fitting(&[0, 1, 2], &cards, 7), 2);
        assert_eq!(fitting(&[2, 0, 1], &cards, 7), 2);
        assert_eq!(fitting(&[0, 1, 2], &cards, 100), 3);
        assert_eq!(fitting(&[0, 1, 2], &cards, 0), 0);
    }

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
