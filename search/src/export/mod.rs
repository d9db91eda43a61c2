//! The static index the browser reads (see `FORMAT.md`): `meta.json` (settings, facet
//! labels, the list of frequent terms; nothing per document), term entries in hashed
//! shards or, for frequent terms, files of their own, with the cards of their best
//! documents, the tiers of frequent terms' postings and their facets, document chunks,
//! the contributor facet and, for large vocabularies, typo slices.

pub mod format;
pub mod routing;
pub mod terms;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::FxHasher;

use crate::analyzer::{APOSTROPHES, ELISIONS, MAX_TOKEN_BYTES, STOP_WORDS};
use crate::bm25::{fieldnorm_table, B, K1};
use crate::facets::{duration_bucket, duration_buckets, FacetTables};
use crate::fields::FIELDS;
use crate::index::InvertedIndex;
use crate::planner::{self, Vocabulary, FUZZY_MIN_DOC_FREQ};
use crate::typo::{ONE_EDIT_MIN_CHARS, TWO_EDITS_MIN_CHARS};
use crate::{Document, SearchError};
use format::*;
use routing::{shard_of, short_prefixes};
use terms::{term_export, DocCodes, TableSizes, TermContext, TermExport};

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
    /// Aimed-at mean raw JSON size of a shard (gzip divides it by about 3): the number of
    /// shards is the total size of the terms they hold divided by it.
    pub shard_target_bytes: usize,
    /// A term's shard is chosen by its first this many characters.
    pub key_chars: usize,
    /// Terms found in at least this share of the documents have a file of their own…
    pub big_share: f64,
    /// …and in at least this many documents.
    pub big_min_docs: usize,
    /// A term with more postings has this many in its entry (those with its best scores),
    /// the others in tiers; a term with fewer has them all, with their facets.
    pub head_postings: usize,
    /// Postings (head included) whose entry says the score bucket; the others are only
    /// bounded by the lowest and highest score among them.
    pub labelled_postings: usize,
    /// Cards stored next to each term: those of its best documents…
    pub cards_per_term: usize,
    /// …when it is found in at least this many documents.
    pub cards_min_docs: usize,
    /// A results page without filters fetches the facet files of at most this many
    /// postings to count facet values exactly; beyond, counts are estimated.
    pub facet_fetch_max: usize,
    /// Documents per `docs/{j}.json` chunk (one: a neighbour's postings would be bytes
    /// fetched for nothing, as settling a page's documents in doubt fetches scattered ones).
    pub doc_chunk: usize,
    /// A round trip fetches the chunks of at most this many documents in doubt; with
    /// more, it fetches the tiers holding their postings.
    pub chunk_wave: usize,
    /// Summaries are cut to about this many characters in cards.
    pub summary_chars: usize,
    /// The vocabulary goes inline in `meta.json` when its front-coded text is at most
    /// this long; otherwise it is spread over the shards and typo slices.
    pub inline_vocab_bytes: usize,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            shard_target_bytes: 12_000,
            key_chars: 6,
            big_share: 0.01,
            big_min_docs: 64,
            head_postings: 512,
            labelled_postings: 4096,
            cards_per_term: 10,
            cards_min_docs: 32,
            facet_fetch_max: 8_192,
            doc_chunk: 1,
            chunk_wave: 48,
            summary_chars: 160,
            inline_vocab_bytes: 48_000,
        }
    }
}

/// tantivy's ranking of a query: every matching document `(index, score)`, best first.
pub type Ranker<'a> = dyn Fn(&str) -> Result<Vec<(usize, f32)>, SearchError> + Sync + 'a;

/// Where a streamed export puts its files: a batch at a time, in export order, so that a
/// sink may write the files of one batch in parallel.
pub type ExportSink<'a, E> = dyn FnMut(&[ExportFile]) -> Result<(), E> + 'a;

/// Why a streamed export stopped: building the index failed, or its sink did.
#[derive(Debug)]
pub enum ExportError<E> {
    Export(SearchError),
    Sink(E),
}

impl<E> From<SearchError> for ExportError<E> {
    fn from(error: SearchError) -> ExportError<E> {
        ExportError::Export(error)
    }
}

/// Builds every file of the static index in memory, `meta.json` first; `rank` ranks the
/// typed words whose first page is stored (see [`prefix_pages`]).
pub fn export_files(
    docs: &[Document],
    index: &InvertedIndex,
    options: &ExportOptions,
    rank: &Ranker,
) -> Result<Vec<ExportFile>, SearchError> {
    let mut files = Vec::new();
    let mut collect = |batch: &[ExportFile]| -> Result<(), std::convert::Infallible> {
        files.extend_from_slice(batch);
        Ok(())
    };
    export_to(docs, index, options, rank, &mut collect).map_err(|error| match error {
        ExportError::Export(error) => error,
        ExportError::Sink(never) => match never {},
    })?;
    files.rotate_right(1);
    Ok(files)
}

/// Builds every file of the static index and hands each to `sink` as soon as it is made,
/// `meta.json` last (its `build` hash covers the others): at no time are all files in
/// memory. Files are handed over in batches of at most [`SINK_BATCH`] files.
pub fn export_to<E>(
    docs: &[Document],
    index: &InvertedIndex,
    options: &ExportOptions,
    rank: &Ranker,
    sink: &mut ExportSink<E>,
) -> Result<(), ExportError<E>> {
    let mut out = Stream {
        sink,
        hashes: Vec::new(),
        pending: Vec::new(),
    };
    let tables = FacetTables::collect(docs);
    let codes = doc_codes(docs, &tables);
    let cards: Vec<String> = docs
        .par_iter()
        .zip(&codes)
        .enumerate()
        .map(|(doc, (d, c))| serde_json::to_string(&card(doc, d, c, options.summary_chars)))
        .collect::<Result<_, _>>()
        .map_err(SearchError::from)?;
    let big_min_docs = big_threshold(docs.len(), options);
    let is_big = |t: usize| index.postings(t).len() >= big_min_docs;
    let kinds = tables.kind_codes(docs);
    let terms = term_exports(index, &codes, &kinds, &tables, &is_big, options)?;
    let vocab = vocabulary(index);
    let inline = inline_vocabulary(index, options.inline_vocab_bytes);
    let prefixes = match inline {
        Some(_) => BTreeMap::new(),
        None => short_prefixes(&vocab, options.key_chars),
    };
    let layout = Layout::plan(index, &terms, &cards, &prefixes, &is_big, options);
    let coded = (codes.as_slice(), kinds.as_slice(), &tables);
    let pages = prefix_pages(index, coded, &is_big, rank, layout.count, options)?;
    for file in layout.shard_files(&terms, &prefixes, &pages)? {
        out.owned(file)?;
    }
    drop(pages);
    let big_list = write_big_terms(&mut out, index, &terms, &cards, &is_big)?;
    write_facet_files(&mut out, &terms)?;
    let forward = DocPostings::collect(index, &terms);
    drop(terms);
    write_doc_chunks(&mut out, &cards, &forward, options.doc_chunk.max(1))?;
    drop((forward, cards));
    let contributors = json_file(
        "contributors.json".into(),
        &contributors_file(docs, &tables),
    )?;
    out.owned(contributors)?;
    let slices = match inline {
        Some(_) => Vec::new(),
        None => write_vocab_slices(&mut out, index)?,
    };
    let meta = Meta {
        format: "capsule-search".into(),
        version: FORMAT_VERSION,
        build: out.content_hash(),
        doc_count: docs.len() as u32,
        analyzer: analyzer_config(),
        query: query_config(),
        bm25: Bm25Config {
            k1: K1,
            b: B,
            fieldnorms: fieldnorm_table(),
        },
        fields: field_configs(index),
        shards: ShardConfig {
            count: layout.count,
            key_chars: options.key_chars as u32,
            big: front_code(big_list.into_iter()),
            big_min_docs: big_min_docs as u32,
            lists_above: options.head_postings as u32,
        },
        vocab: VocabConfig { inline, slices },
        cards: CardsConfig {
            chunk: options.doc_chunk.max(1) as u32,
            per_term: options.cards_per_term as u32,
            min_docs: options.cards_min_docs as u32,
            wave: options.chunk_wave as u32,
        },
        facets: facet_config(docs, tables, options.facet_fetch_max),
    };
    let meta = json_file("meta.json".into(), &meta)?;
    out.flush()?;
    (out.sink)(&[meta]).map_err(ExportError::Sink)
}

/// Files handed to a sink at once, at most: enough for a sink to spread them over its
/// threads, few enough that a batch of the largest files stays small in memory.
pub const SINK_BATCH: usize = 256;

/// The sink of a streamed export, the files not handed over yet, and the hash of each
/// file, in order.
struct Stream<'s, 'a, E> {
    sink: &'s mut ExportSink<'a, E>,
    hashes: Vec<u64>,
    pending: Vec<ExportFile>,
}

impl<E> Stream<'_, '_, E> {
    fn file(&mut self, path: &str, bytes: &[u8]) -> Result<(), ExportError<E>> {
        self.owned(ExportFile {
            path: path.to_string(),
            bytes: bytes.to_vec(),
        })
    }

    fn owned(&mut self, file: ExportFile) -> Result<(), ExportError<E>> {
        let mut hasher = FxHasher::default();
        file.path.hash(&mut hasher);
        hasher.write(&file.bytes);
        self.hashes.push(hasher.finish());
        self.pending.push(file);
        match self.pending.len() >= SINK_BATCH {
            true => self.flush(),
            false => Ok(()),
        }
    }

    /// Hands the pending files over.
    fn flush(&mut self) -> Result<(), ExportError<E>> {
        let batch = std::mem::take(&mut self.pending);
        match batch.is_empty() {
            true => Ok(()),
            false => (self.sink)(&batch).map_err(ExportError::Sink),
        }
    }

    /// A 64-bit hash of every file handed over (paths and contents), as 16 hex digits:
    /// changes whenever the index does.
    fn content_hash(&self) -> String {
        let mut hasher = FxHasher::default();
        self.hashes.hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }
}

/// `terms/{i}.json` and (with a tail) `lists/{i}.json` of each frequent term, `i`
/// counting them in term order; returns them with their document frequencies.
fn write_big_terms<'i, E>(
    out: &mut Stream<E>,
    index: &'i InvertedIndex,
    terms: &[TermExport],
    cards: &[String],
    is_big: &dyn Fn(usize) -> bool,
) -> Result<Vec<(&'i str, u32)>, ExportError<E>> {
    let mut big_list = Vec::new();
    for t in (0..index.terms.len()).filter(|&t| is_big(t)) {
        let path = format!("terms/{}.json", big_list.len());
        let file = shard_file(path, &[&terms[t]], Some(cards), &BTreeMap::new())?;
        out.owned(file)?;
        if let Some(list) = &terms[t].list {
            out.file(&format!("lists/{}.json", big_list.len()), list.as_bytes())?;
        }
        big_list.push((index.terms[t].as_str(), index.postings(t).len() as u32));
    }
    Ok(big_list)
}

/// Terms found in at least this many documents have a file of their own.
fn big_threshold(doc_count: usize, options: &ExportOptions) -> usize {
    let share = (doc_count as f64 * options.big_share).ceil() as usize;
    share.max(options.big_min_docs).max(1)
}

/// Every term's export, in term order; terms with more postings than a head get their
/// tail files numbered in that order.
fn term_exports(
    index: &InvertedIndex,
    codes: &[DocCodes],
    kinds: &[u32],
    tables: &FacetTables,
    is_big: &(dyn Fn(usize) -> bool + Sync),
    options: &ExportOptions,
) -> Result<Vec<TermExport>, SearchError> {
    let mut next = 0;
    let tail_ids: Vec<Option<u32>> = (0..index.terms.len())
        .map(|t| {
            (index.postings(t).len() > options.head_postings).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect();
    let context = TermContext {
        index,
        codes,
        kinds,
        kind_count: tables.kinds.len(),
        sizes: TableSizes {
            topics: tables.topics.len(),
            levels: tables.levels.len(),
            duration: duration_buckets().len(),
        },
        head_postings: options.head_postings,
        labelled_postings: options.labelled_postings,
        cards_per_term: options.cards_per_term,
        cards_min_docs: options.cards_min_docs,
    };
    (0..index.terms.len())
        .into_par_iter()
        .map(|t| {
            let postings = index.postings(t);
            term_export(&context, &index.terms[t], &postings, tail_ids[t], is_big(t))
        })
        .collect()
}

/// Which shard holds each term that is not frequent, and each short prefix.
struct Layout {
    count: u32,
    /// Per shard: its terms (indices, in term order: its own and copies of the
    /// completions of its short prefixes) and its short prefixes.
    members: Vec<(Vec<usize>, Vec<String>)>,
}

impl Layout {
    fn plan(
        index: &InvertedIndex,
        terms: &[TermExport],
        cards: &[String],
        prefixes: &BTreeMap<String, Vec<String>>,
        is_big: &(dyn Fn(usize) -> bool + Sync),
        options: &ExportOptions,
    ) -> Layout {
        let position = |term: &String| index.terms.binary_search(term).ok();
        let small: Vec<usize> = (0..index.terms.len()).filter(|&t| !is_big(t)).collect();
        let copies: Vec<(&String, Vec<usize>)> = prefixes
            .iter()
            .map(|(prefix, list)| {
                let others = list.iter().filter_map(position).filter(|&t| !is_big(t));
                (prefix, others.collect())
            })
            .collect();
        let term_bytes: usize = small
            .iter()
            .chain(copies.iter().flat_map(|(_, c)| c))
            .map(|&t| estimated_size(&terms[t], cards))
            .sum();
        let prefix_bytes: usize = prefixes
            .iter()
            .map(|(p, list)| p.len() + list.iter().map(|t| t.len() + 3).sum::<usize>() + 6)
            .sum();
        let total = term_bytes + prefix_bytes;
        let count = total.div_ceil(options.shard_target_bytes.max(1)).max(1) as u32;
        let mut members = vec![(Vec::new(), Vec::new()); count as usize];
        for t in small {
            let shard = shard_of(&index.terms[t], count, options.key_chars);
            members[shard as usize].0.push(t);
        }
        for (prefix, completions) in copies {
            let shard = &mut members[shard_of(prefix, count, options.key_chars) as usize];
            shard.0.extend(completions);
            shard.1.push(prefix.clone());
        }
        for (held, _) in &mut members {
            held.sort_unstable();
            held.dedup();
        }
        Layout { count, members }
    }

    fn shard_files(
        &self,
        terms: &[TermExport],
        prefixes: &BTreeMap<String, Vec<String>>,
        pages: &[BTreeMap<String, String>],
    ) -> Result<Vec<ExportFile>, SearchError> {
        self.members
            .par_iter()
            .enumerate()
            .map(|(i, (members, short))| {
                let held: Vec<&TermExport> = members.iter().map(|&t| &terms[t]).collect();
                let listed = short
                    .iter()
                    .map(|p| (p.clone(), prefixes[p].clone()))
                    .collect();
                // Shards carry no cards: most are fetched for a word's completions, not its
                // page; a rare word's page takes its cards from the document chunks.
                let path = format!("shards/{i}.json");
                let mut file = shard_file(path, &held, None, &listed)?;
                if let Some(stored) = pages.get(i).filter(|p| !p.is_empty()) {
                    add_pages(&mut file, stored)?;
                }
                Ok(file)
            })
            .collect()
    }
}

/// First result pages stored in the shards, per shard: typed word → its page (JSON).
///
/// A one-word query (its last word, typed) that completes to several frequent terms would
/// need their lists, tens of kB, to prove its first page and total. So for every such word
/// (a prefix of at least `MIN_PREFIX_CHARS` characters of a frequent term, whose planned
/// group holds at least two frequent terms, one with a list), the shard of the word stores
/// `[total, first documents, topic counts, level counts, duration counts, kind counts]`
/// from tantivy's ranking: its first `cards_per_term` documents.
fn prefix_pages(
    index: &InvertedIndex,
    (codes, kinds, tables): (&[DocCodes], &[u32], &FacetTables),
    is_big: &(dyn Fn(usize) -> bool + Sync),
    rank: &Ranker,
    count: u32,
    options: &ExportOptions,
) -> Result<Vec<BTreeMap<String, String>>, SearchError> {
    let big: std::collections::HashMap<&str, bool> = (0..index.terms.len())
        .filter(|&t| is_big(t))
        .map(|t| {
            let listed = index.postings(t).len() > options.head_postings;
            (index.terms[t].as_str(), listed)
        })
        .collect();
    let mut words = std::collections::BTreeSet::new();
    for t in (0..index.terms.len()).filter(|&t| is_big(t)) {
        let term = &index.terms[t];
        let ends = term
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain([term.len()]);
        words.extend(
            ends.map(|end| &term[..end])
                .filter(|w| w.chars().count() >= planner::MIN_PREFIX_CHARS),
        );
    }
    let vocab = vocabulary(index);
    let needs_page = |word: &&str| -> bool {
        let words = planner::query_words(word);
        let [query] = words.as_slice() else {
            return false;
        };
        if query.folded != *word || !planner::is_prefix(query) {
            return false;
        }
        let groups = planner::plan(word, &vocab);
        let frequent: Vec<bool> = groups
            .iter()
            .flat_map(|g| &g.terms)
            .filter_map(|t| big.get(t.term.as_str()).copied())
            .collect();
        frequent.len() >= 2 && frequent.contains(&true)
    };
    let words: Vec<&str> = words.into_iter().collect();
    let chosen: Vec<&str> = words.into_par_iter().filter(needs_page).collect();
    let stored: Vec<(String, String)> = chosen
        .par_iter()
        .map(|word| {
            let ranked = rank(word)?;
            let page = stored_page(&ranked, codes, kinds, tables, options.cards_per_term);
            Ok((word.to_string(), serde_json::to_string(&page)?))
        })
        .collect::<Result<_, SearchError>>()?;
    let mut shards = vec![BTreeMap::new(); count as usize];
    for (word, page) in stored {
        let shard = shard_of(&word, count, options.key_chars) as usize;
        shards[shard].insert(word, page);
    }
    Ok(shards)
}

/// `[total, docs, topics, levels, duration, kinds]` of a ranking.
fn stored_page(
    ranked: &[(usize, f32)],
    codes: &[DocCodes],
    kinds: &[u32],
    tables: &FacetTables,
    first: usize,
) -> StoredPage {
    let mut counts = (
        vec![0u32; tables.topics.len()],
        vec![0u32; tables.levels.len()],
        vec![0u32; duration_buckets().len()],
        vec![0u32; tables.kinds.len()],
    );
    for &(doc, _) in ranked {
        let code = &codes[doc];
        code.topics.iter().for_each(|&t| counts.0[t as usize] += 1);
        code.levels.iter().for_each(|&l| counts.1[l as usize] += 1);
        counts.2[code.duration as usize] += 1;
        if let Some(count) = kinds.get(doc).and_then(|&k| counts.3.get_mut(k as usize)) {
            *count += 1;
        }
    }
    let docs = ranked.iter().take(first).map(|&(d, _)| d as u32).collect();
    (
        ranked.len() as u32,
        docs,
        counts.0,
        counts.1,
        counts.2,
        counts.3,
    )
}

/// Adds `"pages": {word: page, …}` to a shard file.
fn add_pages(file: &mut ExportFile, pages: &BTreeMap<String, String>) -> Result<(), SearchError> {
    let mut json = String::from(",\"pages\":{");
    for (i, (word, page)) in pages.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(word)?);
        json.push(':');
        json.push_str(page);
    }
    json.push_str("}}");
    file.bytes.pop();
    file.bytes.extend(json.into_bytes());
    Ok(())
}

/// Raw JSON size of a term in a shard, its cards included (before deduplication).
fn estimated_size(term: &TermExport, cards: &[String]) -> usize {
    let card_bytes: usize = term
        .top_docs
        .iter()
        .map(|&d| cards[d as usize].len() + 1)
        .sum();
    term.entry.len() + 1 + card_bytes
}

/// A shard or term file, written from the pre-serialised entries and (term files) cards.
fn shard_file(
    path: String,
    members: &[&TermExport],
    cards: Option<&[String]>,
    prefixes: &BTreeMap<String, Vec<String>>,
) -> Result<ExportFile, SearchError> {
    let cards = cards.unwrap_or_default();
    let mut card_docs: Vec<u32> = members
        .iter()
        .filter(|_| !cards.is_empty())
        .flat_map(|t| t.top_docs.iter().copied())
        .collect();
    card_docs.sort_unstable();
    card_docs.dedup();
    let mut json = String::from("{\"terms\":[");
    join_into(&mut json, members.iter().map(|t| t.entry.as_str()));
    json.push_str("],\"cards\":[");
    join_into(
        &mut json,
        card_docs.iter().map(|&d| cards[d as usize].as_str()),
    );
    json.push(']');
    if !prefixes.is_empty() {
        json.push_str(",\"prefixes\":");
        json.push_str(&serde_json::to_string(prefixes)?);
    }
    json.push('}');
    Ok(ExportFile {
        path,
        bytes: json.into_bytes(),
    })
}

/// `facets/{id}.json` and `tails/{id}-{k}.json` of every term with a tail, `id` counting
/// those terms in term order.
fn write_facet_files<E>(out: &mut Stream<E>, terms: &[TermExport]) -> Result<(), ExportError<E>> {
    for (id, term) in terms.iter().filter(|t| t.facets.is_some()).enumerate() {
        for (g, tier) in &term.tier_files {
            out.file(&format!("tails/{id}-{g}.json"), tier.as_bytes())?;
        }
        if let Some(facets) = &term.facets {
            out.file(&format!("facets/{id}.json"), facets.as_bytes())?;
        }
    }
    Ok(())
}

/// What document chunks carry besides cards: each document's field norm ids and its
/// postings beyond the heads of terms with a tail, encoded.
struct DocPostings {
    norms: Vec<String>,
    postings: Vec<String>,
}

impl DocPostings {
    /// Terms are visited in order, so each document's tail postings come by growing term
    /// id: they are encoded as they come, each id as the gap from the document's previous
    /// one (nothing holds every tail posting at once: at 100 000 documents, hundreds of MB).
    fn collect(index: &InvertedIndex, terms: &[TermExport]) -> DocPostings {
        let count = index.doc_count as usize;
        let mut norms = vec![[0u32; FIELDS.len()]; count];
        let mut postings = vec![String::new(); count];
        let mut previous = vec![0u32; count];
        let mut id = 0u32;
        for (t, term) in terms.iter().enumerate() {
            let list = index.postings(t);
            let mut cursor = 0;
            for (p, (&doc, &mask)) in list.docs.iter().zip(list.masks).enumerate() {
                let (doc, width) = (doc as usize, mask.count_ones() as usize);
                let fields = (0..FIELDS.len()).filter(|f| mask >> f & 1 == 1);
                for (field, &norm) in fields.zip(&list.norms[cursor..cursor + width]) {
                    norms[doc][field] = u32::from(norm);
                }
                if term.tiers.get(p).is_some_and(|&tier| tier > 0) {
                    let tfs = &list.tfs[cursor..cursor + width];
                    let numbers = [id - previous[doc], u32::from(mask)];
                    let numbers = numbers.into_iter().chain(tfs.iter().copied());
                    format::encode_numbers_into(&mut postings[doc], numbers);
                    previous[doc] = id;
                }
                cursor += width;
            }
            if term.facets.is_some() {
                id += 1;
            }
        }
        DocPostings {
            norms: norms
                .iter()
                .map(|n| format::encode_numbers(n.iter().copied()))
                .collect(),
            postings,
        }
    }
}

fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = &'a str>) {
    for (i, part) in parts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(part);
    }
}

/// Document chunks made in parallel at a time, then handed over (a few MB).
const CHUNK_BATCH: usize = 4096;

/// `docs/{j}.json` of every chunk of `chunk` documents, by batches.
fn write_doc_chunks<E>(
    out: &mut Stream<E>,
    cards: &[String],
    forward: &DocPostings,
    chunk: usize,
) -> Result<(), ExportError<E>> {
    let count = cards.len().div_ceil(chunk);
    for first in (0..count).step_by(CHUNK_BATCH) {
        let files: Vec<ExportFile> = (first..(first + CHUNK_BATCH).min(count))
            .into_par_iter()
            .map(|index| doc_chunk(cards, forward, chunk, index))
            .collect();
        for file in files {
            out.owned(file)?;
        }
    }
    Ok(())
}

/// `docs/{index}.json`: `chunk` documents, their cards, norms and tail postings.
fn doc_chunk(cards: &[String], forward: &DocPostings, chunk: usize, index: usize) -> ExportFile {
    let quoted = |texts: &[String]| -> String {
        let items: Vec<String> = texts.iter().map(|t| format!("\"{t}\"")).collect();
        items.join(",")
    };
    let range = index * chunk..((index + 1) * chunk).min(cards.len());
    let mut json = String::from("{\"cards\":[");
    join_into(&mut json, cards[range.clone()].iter().map(String::as_str));
    json.push_str("],\"norms\":[");
    json.push_str(&quoted(&forward.norms[range.clone()]));
    json.push_str("],\"postings\":[");
    json.push_str(&quoted(&forward.postings[range]));
    json.push_str("]}");
    ExportFile {
        path: format!("docs/{index}.json"),
        bytes: json.into_bytes(),
    }
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

/// `vocab/{hex}.json` of every slice; returns their names.
fn write_vocab_slices<E>(
    out: &mut Stream<E>,
    index: &InvertedIndex,
) -> Result<Vec<String>, ExportError<E>> {
    let slices = vocab_slices(index);
    for (hex, slice) in &slices {
        out.owned(json_file(format!("vocab/{hex}.json"), slice)?)?;
    }
    Ok(slices.into_iter().map(|(hex, _)| hex).collect())
}

/// Every document's facet values as indices into the tables.
fn doc_codes(docs: &[Document], tables: &FacetTables) -> Vec<DocCodes> {
    let lookup = tables.lookup();
    docs.par_iter()
        .map(|d| {
            let [topics, levels, _] = lookup.codes(d);
            DocCodes {
                topics,
                levels,
                duration: duration_bucket(d.duration_secs) as u32,
            }
        })
        .collect()
}

fn card(doc: usize, d: &Document, codes: &DocCodes, summary_chars: usize) -> Card {
    let summary = shorten(&d.summary, summary_chars);
    let (url, title, thumbnail) = (d.url.clone(), d.title.clone(), d.thumbnail.clone());
    (
        doc as u32,
        url,
        title,
        summary,
        thumbnail,
        d.duration_secs,
        codes.topics.clone(),
        codes.levels.clone(),
    )
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

fn facet_config(docs: &[Document], tables: FacetTables, exact_up_to: usize) -> FacetConfig {
    let kind_runs = encode_numbers(crate::facets::runs(&tables.kind_codes(docs)));
    let duration = duration_buckets()
        .into_iter()
        .map(|b| (b.id, b.label, b.min, b.max))
        .collect();
    FacetConfig {
        topics: tables.topics,
        levels: tables.levels,
        duration,
        contributors: tables.contributors.len() as u32,
        kinds: tables.kinds,
        kind_runs,
        exact_up_to: exact_up_to as u32,
    }
}

fn json_file<T: serde::Serialize>(path: String, value: &T) -> Result<ExportFile, SearchError> {
    Ok(ExportFile {
        path,
        bytes: serde_json::to_vec(value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_summaries_at_word_boundaries() {
        assert_eq!(shorten("Court.", 10), "Court.");
        assert_eq!(
            shorten("Les élèves discutent longuement", 20),
            "Les élèves discutent…"
        );
        assert_eq!(shorten("abcdefghij", 5), "abcde…");
    }

    #[test]
    fn frequent_terms_are_a_bounded_share() {
        let options = ExportOptions::default();
        assert_eq!(big_threshold(1_000, &options), 64);
        assert_eq!(big_threshold(100_000, &options), 1_000);
    }
}
