//! A Rust twin of the browser client's ranking over the exported files: it
//! loads only the files the client would fetch, plans the query with the same
//! rules and sums impacts. Tests use it to check that the export reproduces
//! tantivy's scores; the budget example uses its fetch log to count bytes.

use std::collections::{BTreeMap, HashMap};

use serde::de::DeserializeOwned;

use crate::analyzer::QueryWord;
use crate::export::format::{
    decode_impacts, front_decode, Card, DocChunk, FacetsFile, Meta, Shard, VocabFile,
};
use crate::export::shards::locate;
use crate::export::ExportFile;
use crate::planner::FUZZY_MIN_DOC_FREQ;
use crate::planner::{fuzzy_matches, is_prefix, query_words, Vocabulary};
use crate::SearchError;

/// One parsed shard: postings by term, and its cards by document.
struct LoadedShard {
    terms: BTreeMap<String, Vec<(u32, f64)>>,
    cards: HashMap<u32, Card>,
    spill: BTreeMap<String, Vec<String>>,
}

/// The exported index, read lazily file by file like the browser does.
pub struct StaticIndex {
    files: HashMap<String, Vec<u8>>,
    meta: Meta,
    shards: HashMap<usize, LoadedShard>,
    doc_chunks: HashMap<usize, DocChunk>,
    /// Vocabulary slices loaded so far (typo candidates), merged.
    vocab: Vocabulary,
    vocab_slices: Vec<String>,
    facets: Option<FacetsFile>,
    fetched: Vec<String>,
}

/// A planned term as the client sees it: term and weight.
type Alternative = (String, f64);

impl StaticIndex {
    /// Opens an export; reads `meta.json` only.
    pub fn open(files: &[ExportFile]) -> Result<StaticIndex, SearchError> {
        let files: HashMap<String, Vec<u8>> = files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        let meta = parse(&files, "meta.json")?;
        Ok(StaticIndex {
            files,
            meta,
            shards: HashMap::new(),
            doc_chunks: HashMap::new(),
            vocab: Vocabulary::new(),
            vocab_slices: Vec::new(),
            facets: None,
            fetched: vec!["meta.json".to_string()],
        })
    }

    /// The parsed `meta.json`.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// Paths fetched so far, in order.
    pub fn fetched(&self) -> &[String] {
        &self.fetched
    }

    /// Every matching document `(index, score)`, best first, as the client ranks.
    pub fn rank(&mut self, query: &str) -> Result<Vec<(usize, f64)>, SearchError> {
        let mut groups = Vec::new();
        for word in query_words(query) {
            let alternatives = self.plan_word(&word)?;
            if !alternatives.is_empty() {
                groups.push(self.group_scores(&alternatives)?);
            }
        }
        Ok(combine(&groups))
    }

    /// Ranks, then loads what the results list shows: facet values for the
    /// whole result set and the cards of the first `limit` results.
    pub fn results(&mut self, query: &str, limit: usize) -> Result<Vec<Card>, SearchError> {
        let ranked = self.rank(query)?;
        if !ranked.is_empty() && self.facets.is_none() {
            self.facets = Some(self.fetch("facets.json")?);
        }
        let mut cards = Vec::new();
        for (doc, _) in ranked.into_iter().take(limit) {
            cards.push(self.card(doc as u32)?);
        }
        Ok(cards)
    }

    fn plan_word(&mut self, word: &QueryWord) -> Result<Vec<Alternative>, SearchError> {
        let q = self.meta.query.clone();
        let mut alternatives = Vec::new();
        if self.postings(&word.stem)?.is_some() {
            alternatives.push((word.stem.clone(), 1.0));
        }
        if is_prefix(word) {
            for term in self.completions(word)? {
                alternatives.push((term, f64::from(q.prefix_weight)));
            }
        }
        if alternatives.is_empty() {
            let vocab = self.vocab_slice(&word.stem)?;
            for term in fuzzy_matches(word, vocab) {
                alternatives.push((term, f64::from(q.fuzzy_weight)));
            }
        }
        Ok(alternatives)
    }

    fn completions(&mut self, word: &QueryWord) -> Result<Vec<String>, SearchError> {
        let limit = self.meta.query.max_prefix as usize;
        let shard = self.shard(&word.folded)?;
        let ranked = match shard.spill.get(&word.folded) {
            Some(list) => list.clone(),
            None => {
                let mut found: Vec<(&String, usize)> = shard
                    .terms
                    .range(word.folded.clone()..)
                    .take_while(|(t, _)| t.starts_with(&word.folded))
                    .map(|(t, p)| (t, p.len()))
                    .collect();
                found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                found.into_iter().map(|(t, _)| t.clone()).collect()
            }
        };
        let others = ranked.into_iter().filter(|t| *t != word.stem);
        Ok(others.take(limit).collect())
    }

    fn group_scores(
        &mut self,
        alternatives: &[Alternative],
    ) -> Result<HashMap<u32, f64>, SearchError> {
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for (term, weight) in alternatives {
            for (doc, impact) in self.postings(term)?.unwrap_or_default() {
                *scores.entry(doc).or_default() += weight * impact;
            }
        }
        Ok(scores)
    }

    fn postings(&mut self, term: &str) -> Result<Option<Vec<(u32, f64)>>, SearchError> {
        Ok(self.shard(term)?.terms.get(term).cloned())
    }

    fn shard(&mut self, term: &str) -> Result<&LoadedShard, SearchError> {
        let index = locate(&self.meta.shards, term);
        if !self.shards.contains_key(&index) {
            let shard: Shard = self.fetch(&format!("shards/{index}.json"))?;
            self.shards.insert(index, load_shard(shard));
        }
        self.shards
            .get(&index)
            .ok_or_else(|| SearchError::Format(format!("shard {index} missing")))
    }

    /// The typo candidates sharing the first character of `stem`.
    fn vocab_slice(&mut self, stem: &str) -> Result<&Vocabulary, SearchError> {
        let Some(first) = stem.chars().next() else {
            return Ok(&self.vocab);
        };
        let hex = format!("{:x}", u32::from(first));
        let exported = self.meta.vocab.contains(&hex);
        if exported && !self.vocab_slices.contains(&hex) {
            let file: VocabFile = self.fetch(&format!("vocab/{hex}.json"))?;
            let terms = front_decode(&file.terms).map_err(SearchError::Format)?;
            let frequent = terms
                .into_iter()
                .filter(|(_, df)| *df >= FUZZY_MIN_DOC_FREQ);
            self.vocab.extend(frequent);
            self.vocab_slices.push(hex);
        }
        Ok(&self.vocab)
    }

    fn card(&mut self, doc: u32) -> Result<Card, SearchError> {
        if let Some(card) = self.shards.values().find_map(|s| s.cards.get(&doc)) {
            return Ok(card.clone());
        }
        let chunk = (doc / self.meta.doc_chunk) as usize;
        if !self.doc_chunks.contains_key(&chunk) {
            let file: DocChunk = self.fetch(&format!("docs/{chunk}.json"))?;
            self.doc_chunks.insert(chunk, file);
        }
        let cards = self
            .doc_chunks
            .get(&chunk)
            .map(|c| c.cards.as_slice())
            .unwrap_or(&[]);
        let card = cards.iter().find(|c| c.0 == doc);
        card.cloned()
            .ok_or_else(|| SearchError::Format(format!("no card for document {doc}")))
    }

    fn fetch<T: DeserializeOwned>(&mut self, path: &str) -> Result<T, SearchError> {
        let value = parse(&self.files, path)?;
        if !self.fetched.iter().any(|p| p == path) {
            self.fetched.push(path.to_string());
        }
        Ok(value)
    }
}

fn load_shard(shard: Shard) -> LoadedShard {
    let terms = shard
        .terms
        .into_iter()
        .map(|(term, deltas, indices, values)| {
            let impacts = decode_impacts(&indices, &values, deltas.len());
            let mut doc = 0;
            let postings = deltas
                .into_iter()
                .zip(impacts)
                .map(|(delta, impact)| {
                    doc += delta;
                    (doc, impact)
                })
                .collect();
            (term, postings)
        })
        .collect();
    let cards = shard.cards.into_iter().map(|c| (c.0, c)).collect();
    LoadedShard {
        terms,
        cards,
        spill: shard.spill,
    }
}

/// Conjunction of the groups, or their disjunction when nothing matches all.
fn combine(groups: &[HashMap<u32, f64>]) -> Vec<(usize, f64)> {
    let Some(first) = groups.first() else {
        return Vec::new();
    };
    let mut ranked: Vec<(usize, f64)> = first
        .keys()
        .filter(|doc| groups.iter().all(|g| g.contains_key(doc)))
        .map(|doc| (*doc as usize, groups.iter().map(|g| g[doc]).sum()))
        .collect();
    if ranked.is_empty() && groups.len() > 1 {
        let mut union: HashMap<u32, f64> = HashMap::new();
        for group in groups {
            for (doc, score) in group {
                *union.entry(*doc).or_default() += score;
            }
        }
        ranked = union.into_iter().map(|(d, s)| (d as usize, s)).collect();
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

fn parse<T: DeserializeOwned>(
    files: &HashMap<String, Vec<u8>>,
    path: &str,
) -> Result<T, SearchError> {
    let bytes = files
        .get(path)
        .ok_or_else(|| SearchError::Format(format!("missing file {path}")))?;
    Ok(serde_json::from_slice(bytes)?)
}
