//! A Rust twin of the browser client over the exported files: it fetches only the files
//! the client would, wave by wave (each wave a set of requests made in parallel once the
//! previous wave has arrived), plans the query with the same rules, recomputes tantivy's
//! BM25 from the exported term frequencies and field norms in `f32`, proves its first
//! results from the tiers' score ranges (fetching the document chunks of the documents
//! they leave in doubt, which carry those documents' postings), and counts facets. Tests use it to check that
//! the export reproduces tantivy's ranking and the catalogue's facets; the budget example
//! uses its fetch log to count bytes, requests and round trips.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::de::DeserializeOwned;

use crate::analyzer::QueryWord;
use crate::export::format::{
    decode_column, decode_digits, decode_numbers, front_decode, Card, ContributorsFile, DocChunk,
    FacetCounts, FacetFile, ListFile, Meta, Shard, ShardTerm, StoredPage, TailFile, VocabFile,
};
use crate::export::routing::{shard_key, shard_of};
use crate::export::terms::{tier_file_of, BUCKETS, FIRST_TIER};
use crate::export::ExportFile;
use crate::planner::{fuzzy_matches, is_prefix, prefix_completions, query_words, Vocabulary};
use crate::SearchError;

/// Per field: boost and BM25 length cache, rebuilt from `meta.json`.
struct FieldModel {
    boost: f32,
    cache: [f32; 256],
}

/// One field of a posting: `(field, tf, norm id)`.
type FieldEntry = (u8, u32, u8);

/// A term's entry.
struct TermData {
    /// BM25 weight of the term in each field (0 where absent).
    weights: Vec<f32>,
    mask: u8,
    /// Every posting's document; only the head's until the list file is loaded.
    docs: Vec<u32>,
    /// Whether `docs` lists every posting (false for a frequent term without its list).
    complete: bool,
    /// Number of documents holding the term.
    df: usize,
    /// Per posting, its fields when in the head or a loaded tier.
    fields: Vec<Option<Vec<FieldEntry>>>,
    /// Per posting, its tier (0: the head); empty without a tail.
    tiers: Vec<u8>,
    tail: Option<Tail>,
}

/// The tiers of a term's postings beyond its head.
struct Tail {
    id: u32,
    /// The highest and lowest scores of the term alone among its labelled postings beyond
    /// the head, then (when some are not labelled) among the others.
    ranges: Vec<(f32, f32)>,
    counts: FacetCounts,
    /// Documents per kind.
    kinds: Vec<u32>,
}

/// The facet values of a document (indices into the tables).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocFacets {
    pub topics: Vec<u32>,
    pub levels: Vec<u32>,
    pub duration: u32,
}

/// Facet filters: selected ids per group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub topics: Vec<String>,
    pub levels: Vec<String>,
    pub duration: Vec<String>,
    pub contributors: Vec<String>,
    pub kinds: Vec<String>,
}

impl Filters {
    fn any(&self) -> bool {
        self.groups().iter().any(|ids| !ids.is_empty())
    }

    /// Filters on topics, levels or duration (what per-document facets answer).
    fn on_facets(&self) -> bool {
        self.groups()[..3].iter().any(|ids| !ids.is_empty())
    }

    fn groups(&self) -> [&Vec<String>; 5] {
        [
            &self.topics,
            &self.levels,
            &self.duration,
            &self.contributors,
            &self.kinds,
        ]
    }
}

/// What a search asks for, as the client's `search()` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    /// Count facet values (the results page); false for the header's suggestions.
    pub facets: bool,
    /// Count contributors too (the contributor filter is open).
    pub contributors: bool,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            facets: true,
            contributors: false,
        }
    }
}

/// A facet value with the number of results having it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub id: String,
    pub label: String,
    pub count: u32,
    pub selected: bool,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub results: Vec<Card>,
    /// Results passing the filters.
    pub total: usize,
    /// Per group ("topics", "levels", "duration", "contributors"), the values shown.
    pub facets: BTreeMap<&'static str, Vec<FacetCount>>,
    /// Whether the counts of topics, levels and durations are estimates.
    pub estimated: bool,
    /// Whether `total` is an estimate (a one-word query completed to several frequent
    /// terms whose lists were not needed).
    pub total_estimated: bool,
}

/// A planned term as the client sees it: term and weight.
type Alternative = (String, f32);

/// The facet groups, in the client's order.
pub const FACET_GROUPS: [&str; 5] = ["topics", "levels", "duration", "contributors", "kinds"];

/// The exported index, read lazily file by file like the browser does.
pub struct StaticIndex<'a> {
    /// The export's files by path, borrowed: opening many sessions copies nothing.
    files: HashMap<&'a str, &'a [u8]>,
    meta: Meta,
    fields: Vec<FieldModel>,
    /// The whole vocabulary when `meta.json` carries it.
    inline_vocab: Option<Vocabulary>,
    /// Frequent terms (sorted) with their document frequency; file `terms/{rank}.json`.
    big: Vec<(String, u32)>,
    terms: BTreeMap<String, TermData>,
    /// From document chunks: per document, its postings beyond the heads, by tail id.
    tail_postings: HashMap<u32, HashMap<u32, Vec<FieldEntry>>>,
    tail_terms: HashMap<u32, String>,
    prefixes: HashMap<String, Vec<String>>,
    /// First pages stored for typed words, from the shards loaded.
    pages: HashMap<String, StoredPage>,
    cards: HashMap<u32, Card>,
    facets: HashMap<u32, DocFacets>,
    contributors: Option<Vec<Vec<u32>>>,
    contributor_labels: Vec<(String, String)>,
    /// Each document's kind (index into `meta.facets.kinds`), from `meta.facets.kindRuns`.
    kinds: Vec<u32>,
    /// Vocabulary slices loaded so far (typo candidates), merged.
    slice_vocab: Vocabulary,
    /// Facet files loaded before their term's list, applied with it.
    early_facets: HashMap<String, FacetFile>,
    /// List files loaded before their term's file (same round trip), applied with it.
    early_lists: HashMap<String, ListFile>,
    loaded: HashSet<String>,
    /// How many documents the last unproven page left in doubt.
    doubt: std::cell::Cell<usize>,
    /// Every file fetched, with the round trip (wave) that brought it; `meta.json` is 1.
    fetched: Vec<(String, usize)>,
    wave: usize,
}

impl<'a> StaticIndex<'a> {
    /// Opens an export; reads `meta.json` only.
    pub fn open(files: &'a [ExportFile]) -> Result<StaticIndex<'a>, SearchError> {
        let files: HashMap<&str, &[u8]> = files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        let meta: Meta = parse(&files, "meta.json")?;
        let inline_vocab = match &meta.vocab.inline {
            Some(text) => Some(decode_vocab(text)?.into_iter().collect()),
            None => None,
        };
        let kinds = kinds_of(&meta)?;
        Ok(StaticIndex {
            kinds,
            fields: field_models(&meta),
            big: decode_vocab(&meta.shards.big)?,
            files,
            meta,
            inline_vocab,
            terms: BTreeMap::new(),
            tail_postings: HashMap::new(),
            tail_terms: HashMap::new(),
            prefixes: HashMap::new(),
            pages: HashMap::new(),
            cards: HashMap::new(),
            facets: HashMap::new(),
            contributors: None,
            contributor_labels: Vec::new(),
            slice_vocab: Vocabulary::new(),
            early_facets: HashMap::new(),
            early_lists: HashMap::new(),
            doubt: std::cell::Cell::new(0),
            loaded: HashSet::from(["meta.json".to_string()]),
            fetched: vec![("meta.json".to_string(), 1)],
            wave: 1,
        })
    }

    /// The parsed `meta.json`.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// Paths fetched so far, in order.
    pub fn fetched(&self) -> Vec<String> {
        self.fetched.iter().map(|(path, _)| path.clone()).collect()
    }

    /// Paths fetched so far with the round trip (wave) of each.
    pub fn fetch_log(&self) -> &[(String, usize)] {
        &self.fetched
    }

    /// Every matching document `(index, score)`, best first, as the client ranks them
    /// when every tier is loaded.
    pub fn rank(&mut self, query: &str) -> Result<Vec<(usize, f32)>, SearchError> {
        let groups = self.plan(query)?;
        self.fetch_wave(self.missing_lists(&groups))?;
        let (docs, _) = self.candidates(&groups);
        let inexact: Vec<u32> = docs
            .iter()
            .copied()
            .filter(|&d| self.score(&groups, d).exact.is_none())
            .collect();
        self.fetch_wave(self.chunks(&inexact))?;
        let mut ranked: Vec<(usize, f32)> = docs
            .iter()
            .filter_map(|&doc| self.score(&groups, doc).exact.map(|s| (doc as usize, s)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked)
    }

    /// The results page of `query`: its first `limit` cards, facets counted.
    pub fn results(&mut self, query: &str, limit: usize) -> Result<Vec<Card>, SearchError> {
        let options = SearchOptions {
            limit,
            ..SearchOptions::default()
        };
        Ok(self.search(query, &options)?.results)
    }

    /// One page of results with its total and facet counts, as the client's `search()`.
    pub fn search(
        &mut self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<SearchPage, SearchError> {
        let groups = self.plan(query)?;
        if let Some(page) = self.stored_page(query, options)? {
            return Ok(page);
        }
        if let Some(page) = self.head_page(&groups, options)? {
            return Ok(page);
        }
        self.fetch_wave(self.missing_lists(&groups))?;
        let (matching, conjunction) = self.candidates(&groups);
        let precounted = self.precounted(&groups, options);
        let mut pending = self.facet_files(&groups, conjunction, precounted.as_deref(), options);
        let estimate = self.estimate_from(&groups, &pending, options);
        if estimate.is_some() {
            pending.clear();
        }
        if options.contributors || !options.filters.contributors.is_empty() {
            pending.push("contributors.json".to_string());
        }
        if options.filters.any() {
            self.fetch_wave(std::mem::take(&mut pending))?;
        }
        let kept: Vec<u32> = matching
            .iter()
            .copied()
            .filter(|&doc| self.failures(doc, &options.filters) == 0)
            .collect();
        let need = options.offset + options.limit;
        let top = loop {
            match self.certify(&groups, &kept, need) {
                Ok(top) => break top,
                Err(chunks) => {
                    pending.extend(chunks);
                    self.fetch_wave(std::mem::take(&mut pending))?;
                }
            }
        };
        let page: Vec<u32> = top.into_iter().skip(options.offset).collect();
        pending.extend(self.missing_cards(&page));
        self.fetch_wave(pending)?;
        let facets = match (&estimate, options.facets) {
            (_, false) => BTreeMap::new(),
            (Some(reference), _) => self.estimate_facets(&matching, reference),
            (None, _) => self.count_facets(&matching, &options.filters, precounted.as_deref()),
        };
        let results = self.page_cards(&page)?;
        Ok(SearchPage {
            results,
            total: kept.len(),
            facets,
            estimated: estimate.is_some() && options.facets,
            total_estimated: false,
        })
    }

    /// The page of a one-word query without filters whose frequent terms' lists are not
    /// loaded, when their heads (and chunks of the documents they leave in doubt) prove it:
    /// the documents not listed hold those terms beyond their heads, so they score at most
    /// the sum of their best scores there. The total is the document frequency of a single
    /// term, else an estimate; the counts a single term's own, else scaled from the most
    /// frequent term's. `None` when the lists are needed.
    fn head_page(
        &mut self,
        groups: &[Vec<Alternative>],
        options: &SearchOptions,
    ) -> Result<Option<SearchPage>, SearchError> {
        let [group] = groups else { return Ok(None) };
        if options.filters.any() || options.contributors || self.contributors.is_some() {
            return Ok(None);
        }
        let terms: Vec<(&TermData, f32)> = group
            .iter()
            .filter_map(|(t, w)| Some((self.terms.get(t)?, *w)))
            .collect();
        let partial: Vec<&(&TermData, f32)> = terms.iter().filter(|(d, _)| !d.complete).collect();
        if partial.is_empty() || partial.iter().any(|(d, _)| d.tail.is_none()) {
            return Ok(None);
        }
        let outside: f64 = partial
            .iter()
            .map(|(d, w)| f64::from(*w) * beyond_head(d))
            .sum::<f64>()
            * (1.0 + BOUND_MARGIN);
        let dfs: Vec<usize> = terms.iter().map(|(d, _)| d.df).collect();
        let reference = partial
            .iter()
            .max_by_key(|(d, _)| d.df)
            .and_then(|(d, _)| Some((d.tail.as_ref()?, d.df.max(1))))
            .map(|(t, df)| (t.counts.clone(), t.kinds.clone(), df));
        let single = terms.len() == 1;
        let listed = self.group_docs(group);
        let need = options.offset + options.limit;
        let mut waves = 0;
        let top = loop {
            let page = match self.certify(groups, &listed, need) {
                Ok(page) => page,
                // One round trip of chunks at most; beyond, the lists settle it.
                Err(chunks) if chunks.iter().all(|c| !c.starts_with("tails/")) => {
                    let settles = waves == 0 && self.doubt.get() <= self.meta.cards.wave as usize;
                    if !settles {
                        return self.give_up_heads(groups);
                    }
                    self.fetch_wave(chunks)?;
                    waves += 1;
                    continue;
                }
                Err(_) => return self.give_up_heads(groups),
            };
            let last = page.last().map(|&d| self.score(groups, d).lower);
            match page.len() == need && last.is_none_or(|l| l > outside) {
                true => break page,
                false => return self.give_up_heads(groups),
            }
        };
        let page: Vec<u32> = top.into_iter().skip(options.offset).collect();
        self.fetch_wave(self.missing_cards(&page))?;
        let total = match single {
            true => dfs[0],
            false => estimated_union(&dfs, self.meta.doc_count as usize, listed.len()),
        };
        let mut facets = BTreeMap::new();
        if let (true, Some(((t, l, d), kinds, df))) = (options.facets, &reference) {
            let scale = |own: &[u32]| -> Vec<u32> {
                match single {
                    true => own.to_vec(),
                    false => own
                        .iter()
                        .map(|&c| (f64::from(c) * total as f64 / *df as f64).round() as u32)
                        .collect(),
                }
            };
            let [t, l, d, k] = [t, l, d, kinds].map(|own| scale(own));
            facets = self.own_facets([&t, &l, &d, &k]);
        }
        let results = self.page_cards(&page)?;
        Ok(Some(SearchPage {
            results,
            total,
            facets,
            estimated: !single && options.facets,
            total_estimated: !single,
        }))
    }

    /// A head page that cannot be proven: fetches the lists of the query's terms (the
    /// chunks that bounds from heads alone would ask for are mostly wasted once labels
    /// are known: fetching them too measured heavier).
    fn give_up_heads(
        &mut self,
        groups: &[Vec<Alternative>],
    ) -> Result<Option<SearchPage>, SearchError> {
        self.fetch_wave(self.missing_lists(groups))?;
        Ok(None)
    }

    /// The stored first page of a one-word query without filters (a word completing to
    /// several frequent terms): its documents, total and counts as tantivy gives them.
    fn stored_page(
        &mut self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Option<SearchPage>, SearchError> {
        let words = query_words(query);
        let [word] = words.as_slice() else {
            return Ok(None);
        };
        if !is_prefix(word) || options.filters.any() || options.contributors {
            return Ok(None);
        }
        let Some(stored) = self
            .pages
            .get(&word.folded)
            .filter(|_| self.contributors.is_none())
        else {
            return Ok(None);
        };
        let (total, docs, topics, levels, duration, kinds) = stored.clone();
        let need = options.offset + options.limit;
        if need > docs.len() && docs.len() < total as usize {
            return Ok(None);
        }
        let page: Vec<u32> = docs
            .iter()
            .copied()
            .skip(options.offset)
            .take(options.limit)
            .collect();
        self.fetch_wave(self.missing_cards(&page))?;
        let facets = match options.facets {
            true => self.own_facets([&topics, &levels, &duration, &kinds]),
            false => BTreeMap::new(),
        };
        let results = self.page_cards(&page)?;
        Ok(Some(SearchPage {
            results,
            total: total as usize,
            facets,
            estimated: false,
            total_estimated: false,
        }))
    }

    /// The cards of `docs`, in order (their chunks already fetched).
    fn page_cards(&self, docs: &[u32]) -> Result<Vec<Card>, SearchError> {
        docs.iter().map(|&doc| self.card(doc)).collect()
    }

    /// Facets from counts of topics, levels, durations and kinds (table order): the values
    /// counted.
    fn own_facets(&self, counts: [&[u32]; 4]) -> BTreeMap<&'static str, Vec<FacetCount>> {
        let groups = [0, 1, 2, 4].into_iter().zip(counts);
        groups
            .map(|(g, own)| (FACET_GROUPS[g], shown(&[], &self.labels(g), own, false)))
            .collect()
    }

    /// Fetches the contributor facet, as opening the contributor filter does.
    pub fn load_contributors(&mut self) -> Result<(), SearchError> {
        self.fetch_wave(vec!["contributors.json".to_string()])
    }

    /* ------------------------------------------------------------------ */
    /* Files                                                              */
    /* ------------------------------------------------------------------ */

    /// Fetches `paths` (those not loaded yet) in one round trip.
    fn fetch_wave(&mut self, mut paths: Vec<String>) -> Result<(), SearchError> {
        paths.retain(|p| !self.loaded.contains(p));
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            return Ok(());
        }
        self.wave += 1;
        for path in paths {
            self.load(&path)?;
            self.loaded.insert(path.clone());
            self.fetched.push((path, self.wave));
        }
        Ok(())
    }

    fn load(&mut self, path: &str) -> Result<(), SearchError> {
        let (folder, name) = path.split_once('/').unwrap_or(("", path));
        let stem = name.trim_end_matches(".json");
        match folder {
            "shards" | "terms" => {
                let shard: Shard = parse(&self.files, path)?;
                self.load_shard(shard)
            }
            "tails" => self.load_tier(path, stem),
            "lists" => self.load_list(path, stem),
            "facets" => self.load_facet_file(path, stem),
            "docs" => {
                let chunk: DocChunk = parse(&self.files, path)?;
                self.load_chunk(chunk)
            }
            "vocab" => {
                let file: VocabFile = parse(&self.files, path)?;
                self.slice_vocab.extend(decode_vocab(&file.terms)?);
                Ok(())
            }
            _ => self.load_contributor_file(path),
        }
    }

    fn load_shard(&mut self, shard: Shard) -> Result<(), SearchError> {
        for entry in &shard.terms {
            if !self.terms.contains_key(&entry.0) {
                let data = self.decode(entry)?;
                self.terms.insert(entry.0.clone(), data);
                if let Some(list) = self.early_lists.remove(&entry.0) {
                    self.complete_term(&entry.0, list)?;
                }
            }
        }
        shard.cards.into_iter().for_each(|c| self.add_card(c));
        self.prefixes.extend(shard.prefixes);
        self.pages.extend(shard.pages);
        Ok(())
    }

    /// Decodes a term's entry: documents, head postings' fields, inline facets.
    fn decode(&mut self, entry: &ShardTerm) -> Result<TermData, SearchError> {
        let (term, mask, weight_bits, docs, tiers, tfs, bases, norms, facets, tail) = entry;
        let in_mask: Vec<usize> = (0..self.fields.len())
            .filter(|f| mask >> f & 1 == 1)
            .collect();
        let bad = |what: &str| SearchError::Format(format!("{what} of {term:?}"));
        if weight_bits.len() != in_mask.len() {
            return Err(bad("weights"));
        }
        let mut weights = vec![0f32; self.fields.len()];
        for (field, bits) in in_mask.iter().zip(weight_bits) {
            weights[*field] = f32::from_bits(*bits);
        }
        let (docs, complete, df) = match docs.strip_prefix('!') {
            Some(head) => {
                let df = self.big_df(term).ok_or_else(|| bad("list"))?;
                (running_sums(&numbers(head)?), false, df)
            }
            None => {
                let docs = decode_docs(docs, self.meta.doc_count)?;
                let df = docs.len();
                (docs, true, df)
            }
        };
        let tiers = decode_labels(tiers, docs.len()).ok_or_else(|| bad("tiers"))?;
        let positions: Vec<u32> = (0..docs.len() as u32)
            .filter(|&p| tiers.get(p as usize).is_none_or(|&t| t == 0))
            .collect();
        let mut data = TermData {
            weights,
            mask: *mask,
            fields: vec![None; docs.len()],
            docs,
            complete,
            df,
            tiers,
            tail: None,
        };
        fill_fields(&mut data, &in_mask, &positions, tfs, bases, norms).map_err(|w| bad(&w))?;
        if let Some((id, ranges, counts, kinds)) = tail {
            self.tail_terms.insert(*id, term.clone());
            let ranges = ranges
                .iter()
                .map(|(high, low)| (f32::from_bits(*high), f32::from_bits(*low)))
                .collect();
            data.tail = Some(Tail {
                id: *id,
                ranges,
                counts: counts.clone(),
                kinds: kinds.clone(),
            });
        }
        if let Some((topics, levels, duration)) = facets {
            self.add_facets(&data.docs, topics, levels, duration)?;
        }
        Ok(data)
    }

    /// A document chunk: cards, and each document's postings beyond the heads.
    fn load_chunk(&mut self, chunk: DocChunk) -> Result<(), SearchError> {
        let bad = || SearchError::Format("bad document chunk".into());
        let count = chunk.cards.len();
        if chunk.norms.len() != count || chunk.postings.len() != count {
            return Err(bad());
        }
        for (i, card) in chunk.cards.iter().enumerate() {
            let norms = numbers(&chunk.norms[i])?;
            let values = numbers(&chunk.postings[i])?;
            let mut found = HashMap::new();
            let (mut at, mut id) = (0, 0);
            while at < values.len() {
                let (gap, mask) = (values[at], *values.get(at + 1).ok_or_else(bad)?);
                id += gap;
                at += 2;
                let mut fields = Vec::new();
                for field in (0..self.fields.len()).filter(|f| mask >> f & 1 == 1) {
                    let tf = *values.get(at).ok_or_else(bad)?;
                    let norm = *norms.get(field).ok_or_else(bad)?;
                    fields.push((field as u8, tf, u8::try_from(norm).map_err(|_| bad())?));
                    at += 1;
                }
                found.insert(id, fields);
            }
            self.tail_postings.insert(card.0, found);
        }
        chunk.cards.into_iter().for_each(|c| self.add_card(c));
        Ok(())
    }

    fn load_tier(&mut self, path: &str, name: &str) -> Result<(), SearchError> {
        let file: TailFile = parse(&self.files, path)?;
        let bad = || SearchError::Format(format!("unknown tier {path}"));
        let id: u32 = name
            .split('-')
            .next()
            .and_then(|i| i.parse().ok())
            .ok_or_else(bad)?;
        let term = self.tail_terms.get(&id).cloned().ok_or_else(bad)?;
        let fields = self.fields.len();
        let data = self.terms.get_mut(&term).ok_or_else(bad)?;
        let in_mask: Vec<usize> = (0..fields).filter(|f| data.mask >> f & 1 == 1).collect();
        let positions = running_sums(&numbers(&file.postings)?);
        fill_fields(
            data,
            &in_mask,
            &positions,
            &file.tfs,
            &file.norm_bases,
            &file.norms,
        )
        .map_err(SearchError::Format)
    }

    fn load_facet_file(&mut self, path: &str, name: &str) -> Result<(), SearchError> {
        let file: FacetFile = parse(&self.files, path)?;
        let id: u32 = name
            .parse()
            .map_err(|_| SearchError::Format(path.to_string()))?;
        let term = self.tail_terms.get(&id).cloned();
        let data = term
            .as_ref()
            .and_then(|t| self.terms.get(t))
            .ok_or_else(|| SearchError::Format(format!("unknown facets {path}")))?;
        if !data.complete {
            self.early_facets.insert(term.unwrap_or_default(), file);
            return Ok(());
        }
        let docs = data.docs.clone();
        self.add_facets(&docs, &file.topics, &file.levels, &file.duration)
    }

    /// A frequent term's list file: every posting's document and label; the head's
    /// fields move to their positions in the full list.
    fn load_list(&mut self, path: &str, name: &str) -> Result<(), SearchError> {
        let file: ListFile = parse(&self.files, path)?;
        let bad = || SearchError::Format(format!("unknown list {path}"));
        let rank: usize = name.parse().map_err(|_| bad())?;
        let term = self.big.get(rank).map(|(t, _)| t.clone()).ok_or_else(bad)?;
        match self.terms.contains_key(&term) {
            true => self.complete_term(&term, file),
            false => {
                self.early_lists.insert(term, file);
                Ok(())
            }
        }
    }

    fn complete_term(&mut self, term: &str, file: ListFile) -> Result<(), SearchError> {
        let bad = || SearchError::Format(format!("bad list of {term:?}"));
        let docs = decode_docs(&file.docs, self.meta.doc_count)?;
        let tiers = decode_labels(&file.tiers, docs.len()).ok_or_else(bad)?;
        let data = self.terms.get_mut(term).ok_or_else(bad)?;
        if data.complete {
            return Ok(());
        }
        let mut fields = vec![None; docs.len()];
        let mut head = std::mem::take(&mut data.fields).into_iter();
        for (slot, _) in fields.iter_mut().zip(&tiers).filter(|(_, &t)| t == 0) {
            *slot = head.next().ok_or_else(bad)?;
        }
        (data.docs, data.tiers, data.fields, data.complete) = (docs, tiers, fields, true);
        if let Some(file) = self.early_facets.remove(term) {
            let docs = self.terms[term].docs.clone();
            self.add_facets(&docs, &file.topics, &file.levels, &file.duration)?;
        }
        Ok(())
    }

    /// The document frequency of a frequent term, from `meta.json`.
    fn big_df(&self, term: &str) -> Option<usize> {
        let rank = self
            .big
            .binary_search_by(|(t, _)| t.as_str().cmp(term))
            .ok()?;
        Some(self.big[rank].1 as usize)
    }

    /// The list file of `term` when it is a frequent term with one.
    fn list_path(&self, term: &str) -> Option<String> {
        let rank = self
            .big
            .binary_search_by(|(t, _)| t.as_str().cmp(term))
            .ok()?;
        let has_list = self.big[rank].1 > self.meta.shards.lists_above;
        has_list.then(|| format!("lists/{rank}.json"))
    }

    /// The list files of the planned terms not loaded yet.
    fn missing_lists(&self, groups: &[Vec<Alternative>]) -> Vec<String> {
        let incomplete = groups
            .iter()
            .flatten()
            .filter(|(t, _)| self.terms.get(t).is_some_and(|data| !data.complete));
        incomplete.filter_map(|(t, _)| self.list_path(t)).collect()
    }

    fn add_facets(
        &mut self,
        docs: &[u32],
        topics: &str,
        levels: &str,
        duration: &str,
    ) -> Result<(), SearchError> {
        let tables = &self.meta.facets;
        let count = docs.len();
        let topics = decode_column(topics, count, tables.topics.len());
        let levels = decode_column(levels, count, tables.levels.len());
        let duration = decode_digits(duration.as_bytes(), 1);
        let (topics, levels, duration) = match (topics, levels, duration) {
            (Ok(t), Ok(l), Ok(d)) if d.len() == count => (t, l, d),
            _ => return Err(SearchError::Format("bad facet columns".into())),
        };
        for (i, doc) in docs.iter().enumerate() {
            let facets = DocFacets {
                topics: topics[i].clone(),
                levels: levels[i].clone(),
                duration: duration[i],
            };
            self.facets.insert(*doc, facets);
        }
        Ok(())
    }

    fn load_contributor_file(&mut self, path: &str) -> Result<(), SearchError> {
        let file: ContributorsFile = parse(&self.files, path)?;
        let count = self.meta.doc_count as usize;
        let docs =
            decode_column(&file.docs, count, file.labels.len()).map_err(SearchError::Format)?;
        self.contributors = Some(docs);
        self.contributor_labels = file.labels;
        Ok(())
    }

    fn add_card(&mut self, card: Card) {
        let bucket = self
            .meta
            .facets
            .duration
            .iter()
            .position(|(_, _, min, max)| card.5 >= *min && max.is_none_or(|m| card.5 < m))
            .unwrap_or(0) as u32;
        let facets = DocFacets {
            topics: card.6.clone(),
            levels: card.7.clone(),
            duration: bucket,
        };
        self.facets.entry(card.0).or_insert(facets);
        self.cards.entry(card.0).or_insert(card);
    }

    /// Where `term` lives: its own file when frequent, else its key's shard.
    fn home(&self, term: &str) -> String {
        let big = self.big.binary_search_by(|(t, _)| t.as_str().cmp(term));
        match big {
            Ok(rank) => format!("terms/{rank}.json"),
            Err(_) => self.shard_path(term),
        }
    }

    fn shard_path(&self, key: &str) -> String {
        let shards = &self.meta.shards;
        let index = shard_of(key, shards.count, shards.key_chars as usize);
        format!("shards/{index}.json")
    }

    /* ------------------------------------------------------------------ */
    /* Planning                                                           */
    /* ------------------------------------------------------------------ */

    /// The query's groups of weighted terms, every planned term loaded: a round trip
    /// for each step that needs files the previous ones named.
    fn plan(&mut self, query: &str) -> Result<Vec<Vec<Alternative>>, SearchError> {
        let words = query_words(query);
        loop {
            let mut needed = Vec::new();
            let groups: Vec<Vec<Alternative>> = words
                .iter()
                .map(|word| self.plan_word(word, &mut needed))
                .collect();
            // A completion may already be loaded from its prefix's shard (a copy).
            for (term, _) in groups.iter().flatten() {
                if !self.terms.contains_key(term) {
                    needed.push(self.home(term));
                }
            }
            if self.prefetches_lists(&words) {
                let lists: Vec<String> =
                    needed.iter().filter_map(|p| self.list_of_home(p)).collect();
                needed.extend(lists);
            }
            needed.retain(|p| !self.loaded.contains(p));
            if needed.is_empty() {
                return Ok(groups.into_iter().filter(|g| !g.is_empty()).collect());
            }
            self.fetch_wave(needed)?;
        }
    }

    /// Whether the query will likely need the lists of its frequent terms, fetched then with
    /// their files: with several words (a one-word page comes from a stored page or from
    /// heads).
    fn prefetches_lists(&self, words: &[QueryWord]) -> bool {
        words.len() > 1
    }

    /// The list file going with a frequent term's file `terms/{rank}.json`, if it has one.
    fn list_of_home(&self, path: &str) -> Option<String> {
        let rank: usize = path
            .strip_prefix("terms/")?
            .strip_suffix(".json")?
            .parse()
            .ok()?;
        let has_list = self.big.get(rank)?.1 > self.meta.shards.lists_above;
        has_list.then(|| format!("lists/{rank}.json"))
    }

    /// The word's terms as far as the loaded files tell; the files still needed to decide
    /// go to `needed` (the plan is then incomplete).
    fn plan_word(&self, word: &QueryWord, needed: &mut Vec<String>) -> Vec<Alternative> {
        let q = &self.meta.query;
        let mut group = Vec::new();
        match self.has_term(&word.stem) {
            Some(true) => group.push((word.stem.clone(), 1.0)),
            Some(false) => {}
            None => needed.push(self.home(&word.stem)),
        }
        if is_prefix(word) {
            match self.completions(word) {
                Ok(terms) => group.extend(terms.into_iter().map(|t| (t, q.prefix_weight))),
                Err(path) => {
                    // Frequent completions outrank the others: they are known already.
                    needed.push(path);
                    needed.extend(self.big_completions(word).iter().map(|t| self.home(t)));
                }
            }
        }
        if group.is_empty() && needed.is_empty() {
            match self.corrections(word) {
                Ok(terms) => group.extend(terms.into_iter().map(|t| (t, q.fuzzy_weight))),
                Err(path) => needed.push(path),
            }
        }
        group
    }

    /// Whether `term` is indexed; `None` until its home is loaded.
    fn has_term(&self, term: &str) -> Option<bool> {
        if let Some(vocab) = &self.inline_vocab {
            return Some(vocab.contains_key(term));
        }
        if self.terms.contains_key(term) {
            return Some(true);
        }
        self.loaded.contains(&self.home(term)).then_some(false)
    }

    /// The prefix completions of the word, or the file that lists them.
    fn completions(&self, word: &QueryWord) -> Result<Vec<String>, String> {
        if let Some(vocab) = &self.inline_vocab {
            return Ok(prefix_completions(&word.folded, &word.stem, vocab));
        }
        let key_chars = self.meta.shards.key_chars as usize;
        let short = word.folded.chars().count() < key_chars;
        let path = self.shard_path(shard_key(&word.folded, key_chars));
        if !self.loaded.contains(&path) {
            return Err(path);
        }
        let ranked = if short {
            self.prefixes.get(&word.folded).cloned().unwrap_or_default()
        } else {
            self.loaded_completions(&word.folded)
        };
        let others = ranked.into_iter().filter(|t| *t != word.stem);
        Ok(others.take(self.meta.query.max_prefix as usize).collect())
    }

    /// The frequent terms among the word's completions (all of them come first).
    fn big_completions(&self, word: &QueryWord) -> Vec<String> {
        let prefix = word.folded.as_str();
        let start = self.big.partition_point(|(t, _)| t.as_str() < prefix);
        let mut found: Vec<&(String, u32)> = self.big[start..]
            .iter()
            .take_while(|(t, _)| t.starts_with(prefix))
            .filter(|(t, _)| *t != word.stem)
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let limit = self.meta.query.max_prefix as usize;
        found
            .into_iter()
            .take(limit)
            .map(|(t, _)| t.clone())
            .collect()
    }

    /// Terms starting with `prefix` (its key's shard loaded), frequent ones included: by
    /// document frequency, then alphabetical.
    fn loaded_completions(&self, prefix: &str) -> Vec<String> {
        let mut found: Vec<(&str, u32)> = self
            .terms
            .range(prefix.to_string()..)
            .take_while(|(t, _)| t.starts_with(prefix))
            .map(|(t, data)| (t.as_str(), data.df as u32))
            .collect();
        let start = self.big.partition_point(|(t, _)| t.as_str() < prefix);
        for (term, df) in self.big[start..].iter() {
            if !term.starts_with(prefix) {
                break;
            }
            if !self.terms.contains_key(term) {
                found.push((term, *df));
            }
        }
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        found.into_iter().map(|(t, _)| t.to_string()).collect()
    }

    /// Typo corrections, or the vocabulary slice they need.
    fn corrections(&self, word: &QueryWord) -> Result<Vec<String>, String> {
        if let Some(vocab) = &self.inline_vocab {
            return Ok(fuzzy_matches(word, vocab));
        }
        let Some(first) = word.stem.chars().next() else {
            return Ok(Vec::new());
        };
        let hex = format!("{:x}", u32::from(first));
        let path = format!("vocab/{hex}.json");
        if self.meta.vocab.slices.contains(&hex) && !self.loaded.contains(&path) {
            return Err(path);
        }
        Ok(fuzzy_matches(word, &self.slice_vocab))
    }

    /* ------------------------------------------------------------------ */
    /* Ranking                                                            */
    /* ------------------------------------------------------------------ */

    /// The documents matching every group (or, when none does, any group), sorted, and
    /// whether that is the conjunction.
    fn candidates(&self, groups: &[Vec<Alternative>]) -> (Vec<u32>, bool) {
        let sets: Vec<Vec<u32>> = groups.iter().map(|g| self.group_docs(g)).collect();
        let Some((first, rest)) = sets.split_first() else {
            return (Vec::new(), true);
        };
        let all: Vec<u32> = first
            .iter()
            .copied()
            .filter(|d| rest.iter().all(|s| s.binary_search(d).is_ok()))
            .collect();
        if !all.is_empty() || rest.is_empty() {
            return (all, true);
        }
        let mut any: Vec<u32> = sets.concat();
        any.sort_unstable();
        any.dedup();
        (any, false)
    }

    fn group_docs(&self, group: &[Alternative]) -> Vec<u32> {
        let mut docs: Vec<u32> = group
            .iter()
            .filter_map(|(t, _)| self.terms.get(t))
            .flat_map(|t| t.docs.iter().copied())
            .collect();
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    /// The `need` best of `kept`, best first, if the loaded postings prove their order (not
    /// necessarily their scores); else the document chunks to load: those of every document
    /// that could still reach the page (its own chunk gives its exact score), best upper
    /// bounds first, and of the page's documents still without a card; or, with more
    /// documents in doubt than `meta.cards.wave`, the tiers holding their postings.
    fn certify(
        &self,
        groups: &[Vec<Alternative>],
        kept: &[u32],
        need: usize,
    ) -> Result<Vec<u32>, Vec<String>> {
        let mut scored: Vec<(u32, Score)> =
            kept.iter().map(|&d| (d, self.score(groups, d))).collect();
        scored.sort_by(|a, b| b.1.lower.total_cmp(&a.1.lower).then(a.0.cmp(&b.0)));
        let (page, rest) = scored.split_at(need.min(scored.len()));
        let mut proven = page.windows(2).all(|p| before(&p[0], &p[1]) == Some(true));
        if let Some(last) = page.last() {
            proven &= rest.iter().all(|other| before(last, other) == Some(true));
        }
        if proven {
            return Ok(page.iter().map(|(d, _)| *d).collect());
        }
        let threshold = page.last().map_or(f64::NEG_INFINITY, |(_, s)| s.lower);
        let mut open: Vec<&(u32, Score)> = scored
            .iter()
            .filter(|(_, s)| s.exact.is_none() && s.upper >= threshold)
            .collect();
        open.sort_by(|a, b| b.1.upper.total_cmp(&a.1.upper).then(a.0.cmp(&b.0)));
        let doubtful: Vec<u32> = open.iter().map(|(d, _)| *d).collect();
        self.doubt.set(doubtful.len());
        let wave = self.meta.cards.wave as usize;
        if doubtful.len() > wave {
            let tiers = self.tiers_of(groups, &doubtful);
            if !tiers.is_empty() {
                return Err(tiers);
            }
        }
        let page_docs: Vec<u32> = page.iter().map(|(d, _)| *d).collect();
        // The chunks of the documents in doubt and of the page's documents without a card.
        let without_card = page_docs.iter().filter(|d| !self.cards.contains_key(d));
        let docs: Vec<u32> = doubtful
            .into_iter()
            .take(wave)
            .chain(without_card.copied())
            .collect();
        let paths = self.chunks(&docs);
        match paths.is_empty() {
            // Unreachable: a loaded chunk makes its documents' scores exact.
            true => Ok(page_docs),
            false => Err(paths),
        }
    }

    /// The tier files holding the unknown postings of `docs`, not loaded yet.
    fn tiers_of(&self, groups: &[Vec<Alternative>], docs: &[u32]) -> Vec<String> {
        let mut paths = Vec::new();
        for (term, _) in groups.iter().flatten() {
            let Some((data, tail)) = self
                .terms
                .get(term)
                .and_then(|d| Some((d, d.tail.as_ref()?)))
            else {
                continue;
            };
            for doc in docs {
                let Ok(p) = data.docs.binary_search(doc) else {
                    continue;
                };
                let chunked = self
                    .tail_postings
                    .get(doc)
                    .is_some_and(|c| c.contains_key(&tail.id));
                let file = data.tiers.get(p).and_then(|&label| tier_file_of(label));
                if let Some(g) = file.filter(|_| data.fields[p].is_none() && !chunked) {
                    paths.push(format!("tails/{}-{g}.json", tail.id));
                }
            }
        }
        paths.sort();
        paths.dedup();
        paths.retain(|p| !self.loaded.contains(p));
        paths
    }

    /// The chunks holding `docs`, not loaded yet.
    fn chunks(&self, docs: &[u32]) -> Vec<String> {
        let chunk = self.meta.cards.chunk.max(1);
        let mut paths: Vec<String> = docs
            .iter()
            .map(|d| format!("docs/{}.json", d / chunk))
            .filter(|p| !self.loaded.contains(p))
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// A document's score: exact when every posting it has among the planned terms is
    /// known (in a head, or from its chunk), bounds from the postings' tiers otherwise.
    /// Sums are `f32` in tantivy's order: terms of a group in plan order, then groups.
    fn score(&self, groups: &[Vec<Alternative>], doc: u32) -> Score {
        let (mut total, mut known) = (0f32, true);
        let (mut lower, mut upper) = (0f64, 0f64);
        let chunked = self.tail_postings.get(&doc);
        for group in groups {
            let (mut sum, mut present) = (0f32, false);
            for (term, weight) in group {
                let Some(data) = self.terms.get(term) else {
                    continue;
                };
                let tail = data.tail.as_ref();
                let p = match data.docs.binary_search(&doc) {
                    Ok(p) => p,
                    Err(_) if data.complete => continue,
                    // Beyond the head of a term whose list is not loaded: the document's
                    // chunk tells whether it holds the term; without it, 0 to the best
                    // score beyond the head.
                    Err(_) => {
                        match chunked.zip(tail).map(|(c, t)| c.get(&t.id)) {
                            Some(Some(fields)) => {
                                present = true;
                                sum += self.impact(data, fields, *weight);
                            }
                            Some(None) => {}
                            None => {
                                known = false;
                                upper += f64::from(*weight) * beyond_head(data);
                            }
                        }
                        continue;
                    }
                };
                present = true;
                let from_chunk = chunked.zip(tail).and_then(|(c, t)| c.get(&t.id));
                match data.fields[p].as_ref().or(from_chunk) {
                    Some(fields) => sum += self.impact(data, fields, *weight),
                    None => {
                        known = false;
                        let (high, low) = tier_range(data, p);
                        lower += f64::from(*weight) * low;
                        upper += f64::from(*weight) * high;
                    }
                }
            }
            if present {
                total += sum;
                lower += f64::from(sum);
                upper += f64::from(sum);
            }
        }
        match known {
            true => Score {
                exact: Some(total),
                lower: f64::from(total),
                upper: f64::from(total),
            },
            false => Score {
                exact: None,
                lower: lower * (1.0 - BOUND_MARGIN),
                upper: upper * (1.0 + BOUND_MARGIN),
            },
        }
    }

    /// tantivy's score of one posting for a term weighted `weight`: the weight and the
    /// field boost are folded into the BM25 weight before the length factor.
    fn impact(&self, data: &TermData, fields: &[FieldEntry], weight: f32) -> f32 {
        let mut impact = 0f32;
        for &(field, tf, norm) in fields {
            let model = &self.fields[field as usize];
            let boosted = data.weights[field as usize] * (weight * model.boost);
            let tf = tf as f32;
            impact += boosted * (tf / (tf + model.cache[norm as usize]));
        }
        impact
    }

    /* ------------------------------------------------------------------ */
    /* Facets and cards                                                   */
    /* ------------------------------------------------------------------ */

    /// The term whose facet counts (over all its documents) the counts start from: a
    /// one-word query without filters, its most frequent term that has counts.
    fn precounted(&self, groups: &[Vec<Alternative>], options: &SearchOptions) -> Option<String> {
        if !options.facets || options.filters.any() || groups.len() != 1 {
            return None;
        }
        groups[0]
            .iter()
            .filter_map(|(t, _)| Some((t, self.terms.get(t)?)))
            .filter(|(_, data)| data.tail.is_some())
            .max_by(|a, b| a.1.df.cmp(&b.1.df).then(b.0.cmp(a.0)))
            .map(|(t, _)| t.clone())
    }

    /// The facet files to fetch so that every counted or filtered document has its
    /// facets: those of the frequent terms of the cheapest group that holds them all.
    fn facet_files(
        &self,
        groups: &[Vec<Alternative>],
        conjunction: bool,
        precounted: Option<&str>,
        options: &SearchOptions,
    ) -> Vec<String> {
        if !options.facets && !options.filters.on_facets() {
            return Vec::new();
        }
        let files = |group: &[Alternative]| -> Vec<(String, usize)> {
            group
                .iter()
                .filter(|(t, _)| Some(t.as_str()) != precounted)
                .filter_map(|(t, _)| {
                    let data = self.terms.get(t)?;
                    let tail = data.tail.as_ref()?;
                    Some((format!("facets/{}.json", tail.id), data.df))
                })
                .filter(|(path, _)| !self.loaded.contains(path))
                .collect()
        };
        let per_group: Vec<Vec<(String, usize)>> = groups.iter().map(|g| files(g)).collect();
        let chosen: Vec<(String, usize)> = if conjunction {
            let cost = |f: &Vec<(String, usize)>| f.iter().map(|(_, n)| n).sum::<usize>();
            per_group.into_iter().min_by_key(cost).unwrap_or_default()
        } else {
            per_group.concat()
        };
        chosen.into_iter().map(|(path, _)| path).collect()
    }

    /// When counting exactly would fetch facet files of more postings than `meta.json`
    /// allows (a results page without filters), the term whose counts to scale instead:
    /// the most frequent term with counts of the group with the fewest documents.
    fn estimate_from(
        &self,
        groups: &[Vec<Alternative>],
        pending: &[String],
        options: &SearchOptions,
    ) -> Option<String> {
        if options.filters.any() || pending.is_empty() {
            return None;
        }
        let postings: usize = pending
            .iter()
            .filter_map(|path| {
                let id: u32 = path
                    .strip_prefix("facets/")?
                    .strip_suffix(".json")?
                    .parse()
                    .ok()?;
                Some(self.terms.get(self.tail_terms.get(&id)?)?.df)
            })
            .sum();
        if postings <= self.meta.facets.exact_up_to as usize {
            return None;
        }
        let smallest = groups.iter().min_by_key(|g| self.group_docs(g).len())?;
        smallest
            .iter()
            .filter_map(|(t, _)| Some((t, self.terms.get(t)?)))
            .filter(|(_, data)| data.tail.is_some())
            .max_by(|a, b| a.1.df.cmp(&b.1.df).then(b.0.cmp(a.0)))
            .map(|(t, _)| t.clone())
    }

    /// Counts of topics, levels and durations estimated from `reference`'s own counts,
    /// scaled to the number of matching documents; contributors counted when loaded.
    fn estimate_facets(
        &self,
        matching: &[u32],
        reference: &str,
    ) -> BTreeMap<&'static str, Vec<FacetCount>> {
        let mut facets = self.count_facets(matching, &Filters::default(), None);
        let Some(data) = self.terms.get(reference) else {
            return facets;
        };
        let Some(tail) = &data.tail else {
            return facets;
        };
        let (t, l, d) = &tail.counts;
        let scale = matching.len() as f64 / data.df.max(1) as f64;
        for (g, own) in [t, l, d].into_iter().enumerate() {
            let labels = self.labels(g);
            let counts: Vec<u32> = own
                .iter()
                .map(|&c| (f64::from(c) * scale).round() as u32)
                .collect();
            facets.insert(FACET_GROUPS[g], shown(&[], &labels, &counts, false));
        }
        facets
    }

    /// Bit `g` set when `doc` has none of the values selected in group `g`.
    fn failures(&self, doc: u32, filters: &Filters) -> u32 {
        let mut failed = 0;
        for (g, ids) in filters.groups().iter().enumerate() {
            if ids.is_empty() {
                continue;
            }
            let found = self
                .values(doc, g)
                .iter()
                .any(|v| ids.contains(&self.value_id(g, *v as usize)));
            if !found {
                failed |= 1 << g;
            }
        }
        failed
    }

    /// The value indices of `doc` in facet group `g`.
    fn values(&self, doc: u32, g: usize) -> Vec<u32> {
        match (g, self.facets.get(&doc)) {
            (0, Some(f)) => f.topics.clone(),
            (1, Some(f)) => f.levels.clone(),
            (2, Some(f)) => vec![f.duration],
            (4, _) => self
                .kinds
                .get(doc as usize)
                .map(|&k| vec![k])
                .unwrap_or_default(),
            (3, _) => self
                .contributors
                .as_ref()
                .and_then(|c| c.get(doc as usize).cloned())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn labels(&self, g: usize) -> Vec<(String, String)> {
        let tables = &self.meta.facets;
        match g {
            0 => tables.topics.clone(),
            1 => tables.levels.clone(),
            2 => tables
                .duration
                .iter()
                .map(|(id, label, _, _)| (id.clone(), label.clone()))
                .collect(),
            4 => tables.kinds.clone(),
            _ => self.contributor_labels.clone(),
        }
    }

    fn value_id(&self, g: usize, value: usize) -> String {
        self.labels(g)
            .get(value)
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    }

    /// Counts per value over the matching documents kept by the other groups' filters;
    /// values shown are those counted or selected (contributors by decreasing count).
    fn count_facets(
        &self,
        matching: &[u32],
        filters: &Filters,
        precounted: Option<&str>,
    ) -> BTreeMap<&'static str, Vec<FacetCount>> {
        let mut facets = BTreeMap::new();
        let base = precounted.and_then(|t| self.terms.get(t));
        for (g, group) in FACET_GROUPS.iter().enumerate() {
            if g == 3 && self.contributors.is_none() {
                continue;
            }
            let labels = self.labels(g);
            let mut counts = vec![0u32; labels.len()];
            let start = base.and_then(|data| data.tail.as_ref()).filter(|_| g < 3);
            if let Some(tail) = start {
                let (t, l, d) = &tail.counts;
                counts.copy_from_slice([t, l, d][g]);
            }
            for &doc in matching {
                let counted = start.is_some()
                    && base.is_some_and(|data| data.docs.binary_search(&doc).is_ok());
                if counted || self.failures(doc, filters) & !(1 << g) != 0 {
                    continue;
                }
                for v in self.values(doc, g) {
                    counts[v as usize] += 1;
                }
            }
            facets.insert(*group, shown(filters.groups()[g], &labels, &counts, g == 3));
        }
        facets
    }

    /// The chunks holding the cards of `page` that no loaded file has.
    fn missing_cards(&self, page: &[u32]) -> Vec<String> {
        let without: Vec<u32> = page
            .iter()
            .copied()
            .filter(|d| !self.cards.contains_key(d))
            .collect();
        self.chunks(&without)
    }

    fn card(&self, doc: u32) -> Result<Card, SearchError> {
        self.cards
            .get(&doc)
            .cloned()
            .ok_or_else(|| SearchError::Format(format!("no card for document {doc}")))
    }
}

/// Relative margin on score bounds: `f32` rounding never moves a score that much.
const BOUND_MARGIN: f64 = 1e-5;

/// A document's score as far as the loaded postings tell.
struct Score {
    exact: Option<f32>,
    lower: f64,
    upper: f64,
}

/// Whether document `a` surely ranks before `b` (`Some(false)`: surely after; `None`:
/// the loaded postings cannot tell). Equal scores go to the lower document.
fn before((a, sa): &(u32, Score), (b, sb): &(u32, Score)) -> Option<bool> {
    if let (Some(x), Some(y)) = (sa.exact, sb.exact) {
        return Some(x > y || (x == y && a < b));
    }
    if sa.lower > sb.upper {
        Some(true)
    } else if sb.lower > sa.upper {
        Some(false)
    } else {
        None
    }
}

/// The best score of the term alone beyond its head (0 without a tail).
fn beyond_head(data: &TermData) -> f64 {
    let best = data.tail.as_ref().and_then(|t| t.ranges.first());
    best.map_or(0.0, |&(high, _)| f64::from(high))
}

/// An estimate of the number of documents holding any of terms found in `dfs` documents
/// each out of `count`, as if they were independent, rounded to two significant digits
/// (the client shows « environ … »), within what the known documents allow.
pub fn estimated_union(dfs: &[usize], count: usize, known: usize) -> usize {
    let n = count.max(1) as f64;
    let missing: f64 = dfs.iter().map(|&df| 1.0 - df as f64 / n).product();
    let largest = dfs.iter().copied().max().unwrap_or(0).max(known);
    let sum: usize = dfs.iter().sum();
    let raw = ((n * (1.0 - missing)).round() as usize).clamp(largest, sum.max(largest));
    let scale = 10usize.pow((raw.max(1).ilog10()).saturating_sub(1));
    (raw + scale / 2) / scale * scale
}

/// Each posting's label from the entry's `tiers` (one digit each; empty when every
/// posting is in the head).
fn decode_labels(text: &str, count: usize) -> Option<Vec<u8>> {
    let labels = decode_digits(text.as_bytes(), 1).ok()?;
    let fits = labels.is_empty() || labels.len() == count;
    fits.then(|| labels.into_iter().map(|l| l as u8).collect())
}

/// The highest and lowest scores of the term alone that the label of posting `p` allows:
/// its bucket's bounds, computed in f64 from the span of the bucketed postings, or its
/// tier's range.
fn tier_range(data: &TermData, p: usize) -> (f64, f64) {
    let label = data.tiers.get(p).copied().unwrap_or(0);
    let Some(tail) = &data.tail else {
        return (0.0, 0.0);
    };
    let range = |i: usize| {
        let (high, low) = tail.ranges.get(i).copied().unwrap_or((0.0, 0.0));
        (f64::from(high), f64::from(low))
    };
    match label {
        0 => (0.0, 0.0),
        1..=BUCKETS => {
            let (high, low) = range(0);
            let step = (high - low) / f64::from(BUCKETS);
            let top = match label == BUCKETS {
                true => high,
                false => low + f64::from(label) * step,
            };
            (top.max(low), low + f64::from(label - 1) * step)
        }
        _ => range(usize::from(label - FIRST_TIER) + 1),
    }
}

/// The values to show for one facet group.
fn shown(
    selected: &[String],
    labels: &[(String, String)],
    counts: &[u32],
    by_count: bool,
) -> Vec<FacetCount> {
    let mut values: Vec<FacetCount> = labels
        .iter()
        .zip(counts)
        .map(|((id, label), &count)| FacetCount {
            id: id.clone(),
            label: label.clone(),
            count,
            selected: selected.contains(id),
        })
        .filter(|v| v.count > 0 || v.selected)
        .collect();
    if by_count {
        values.sort_by_key(|v| std::cmp::Reverse(v.count));
    }
    values
}

/// Sets the fields of the postings at `positions` from encoded columns (one per field of
/// the mask): term frequencies of every listed posting, norms of those holding the term.
fn fill_fields(
    data: &mut TermData,
    in_mask: &[usize],
    positions: &[u32],
    tfs: &[String],
    bases: &[u32],
    norms: &[String],
) -> Result<(), String> {
    if [tfs.len(), bases.len(), norms.len()] != [in_mask.len(); 3] {
        return Err("columns".into());
    }
    let tfs: Vec<Vec<u32>> = tfs
        .iter()
        .map(|t| decode_numbers(t))
        .collect::<Result<_, _>>()?;
    let norms: Vec<Vec<u32>> = norms
        .iter()
        .map(|n| decode_numbers(n))
        .collect::<Result<_, _>>()?;
    let mut cursors = vec![0usize; in_mask.len()];
    for (i, &position) in positions.iter().enumerate() {
        let mut fields = Vec::new();
        for (c, &field) in in_mask.iter().enumerate() {
            let tf = *tfs[c].get(i).ok_or("tfs")?;
            if tf == 0 {
                continue;
            }
            let norm = norms[c].get(cursors[c]).ok_or("norms")? + bases[c];
            cursors[c] += 1;
            let norm = u8::try_from(norm).map_err(|_| "norms")?;
            fields.push((field as u8, tf, norm));
        }
        let slot = data.fields.get_mut(position as usize).ok_or("positions")?;
        *slot = Some(fields);
    }
    Ok(())
}

fn numbers(text: &str) -> Result<Vec<u32>, SearchError> {
    decode_numbers(text).map_err(SearchError::Format)
}

/// A term's documents (see `encode_docs`): gaps, or `~` and the gaps of the others.
fn decode_docs(text: &str, doc_count: u32) -> Result<Vec<u32>, SearchError> {
    let Some(missing) = text.strip_prefix('~') else {
        return Ok(running_sums(&numbers(text)?));
    };
    let mut missing = running_sums(&numbers(missing)?).into_iter().peekable();
    Ok((0..doc_count)
        .filter(|&d| missing.next_if_eq(&d).is_none())
        .collect())
}

/// Each document's kind, expanded from `meta.facets.kindRuns`.
fn kinds_of(meta: &Meta) -> Result<Vec<u32>, SearchError> {
    let runs = numbers(&meta.facets.kind_runs)?;
    let kinds: Vec<u32> = runs
        .chunks(2)
        .flat_map(|run| std::iter::repeat_n(run[0], run.get(1).copied().unwrap_or(0) as usize))
        .collect();
    if !kinds.is_empty() && kinds.len() != meta.doc_count as usize {
        return Err(SearchError::Format(
            "kind runs do not cover the documents".into(),
        ));
    }
    Ok(kinds)
}

/// Gaps back to values.
fn running_sums(gaps: &[u32]) -> Vec<u32> {
    let mut total = 0;
    gaps.iter()
        .map(|gap| {
            total += gap;
            total
        })
        .collect()
}

fn decode_vocab(text: &str) -> Result<Vec<(String, u32)>, SearchError> {
    front_decode(text).map_err(SearchError::Format)
}

/// Boost and length cache of each field, exactly as the client rebuilds them.
fn field_models(meta: &Meta) -> Vec<FieldModel> {
    let (k1, b) = (meta.bm25.k1, meta.bm25.b);
    meta.fields
        .iter()
        .map(|(_, boost, average_bits, _)| {
            let average = f32::from_bits(*average_bits);
            let mut cache = [0f32; 256];
            for (slot, fieldnorm) in cache.iter_mut().zip(&meta.bm25.fieldnorms) {
                *slot = k1 * (1.0 - b + b * *fieldnorm as f32 / average);
            }
            FieldModel {
                boost: *boost,
                cache,
            }
        })
        .collect()
}

fn parse<T: DeserializeOwned>(files: &HashMap<&str, &[u8]>, path: &str) -> Result<T, SearchError> {
    let bytes = files
        .get(path)
        .ok_or_else(|| SearchError::Format(format!("missing file {path}")))?;
    Ok(serde_json::from_slice(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::estimated_union;

    /// The same cases as the client's test (`client/test/ranking.test.mjs`).
    #[test]
    fn estimated_unions_assume_independent_terms_and_keep_two_digits() {
        assert_eq!(estimated_union(&[48_123, 30_000], 100_000, 100), 64_000);
        assert_eq!(estimated_union(&[95], 1_000, 10), 95);
        assert_eq!(estimated_union(&[600, 500], 1_000, 700), 800);
        assert_eq!(estimated_union(&[5, 3], 100_000, 2), 8);
    }
}
