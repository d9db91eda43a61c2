//! A Rust twin of the browser client's ranking over the exported files: it loads only the
//! files the client would fetch, plans the query with the same rules and recomputes
//! tantivy's BM25 from the exported term frequencies and field norms, in `f32` like the
//! client. Tests use it to check that the export reproduces tantivy's scores; the budget
//! example uses its fetch log to count bytes and requests.

use std::collections::{BTreeMap, HashMap};

use serde::de::DeserializeOwned;

use crate::analyzer::QueryWord;
use crate::export::format::{
    decode_numbers, front_decode, Card, DocChunk, Meta, Shard, ShardTerm, VocabFile,
};
use crate::export::shards::locate;
use crate::export::ExportFile;
use crate::planner::{fuzzy_matches, is_prefix, prefix_completions, query_words, Vocabulary};
use crate::SearchError;

/// Per field: boost and BM25 length cache, rebuilt from `meta.json`.
struct FieldModel {
    boost: f32,
    cache: [f32; 256],
}

/// A term's postings, decoded: per posting its document and, for each field holding
/// the term, `(field, tf, norm id)`.
struct TermPostings {
    /// BM25 weight of the term in each field (0 where absent).
    weights: Vec<f32>,
    docs: Vec<u32>,
    fields: Vec<Vec<(u8, u32, u8)>>,
}

/// One parsed shard: postings by term, its cards by document.
struct LoadedShard {
    terms: BTreeMap<String, TermPostings>,
    cards: HashMap<u32, Card>,
    spill: BTreeMap<String, Vec<String>>,
}

/// The exported index, read lazily file by file like the browser does.
pub struct StaticIndex<'a> {
    /// The export's files by path, borrowed: opening many sessions copies nothing.
    files: HashMap<&'a str, &'a [u8]>,
    meta: Meta,
    fields: Vec<FieldModel>,
    /// The whole vocabulary when `meta.json` carries it.
    inline_vocab: Option<Vocabulary>,
    shards: HashMap<usize, LoadedShard>,
    doc_chunks: HashMap<usize, HashMap<u32, Card>>,
    /// Vocabulary slices loaded so far (typo candidates), merged.
    slice_vocab: Vocabulary,
    slices: Vec<String>,
    fetched: Vec<String>,
}

/// A planned term as the client sees it: term and weight.
type Alternative = (String, f32);

impl<'a> StaticIndex<'a> {
    /// Opens an export; reads `meta.json` only.
    pub fn open(files: &'a [ExportFile]) -> Result<StaticIndex<'a>, SearchError> {
        let files: HashMap<&str, &[u8]> = files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        let meta: Meta = parse(&files, "meta.json")?;
        let inline_vocab = match &meta.vocab.inline {
            Some(text) => Some(
                front_decode(text)
                    .map_err(SearchError::Format)?
                    .into_iter()
                    .collect(),
            ),
            None => None,
        };
        Ok(StaticIndex {
            fields: field_models(&meta),
            files,
            meta,
            inline_vocab,
            shards: HashMap::new(),
            doc_chunks: HashMap::new(),
            slice_vocab: Vocabulary::new(),
            slices: Vec::new(),
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
    pub fn rank(&mut self, query: &str) -> Result<Vec<(usize, f32)>, SearchError> {
        let mut plan = Vec::new();
        for word in query_words(query) {
            let alternatives = self.plan_word(&word)?;
            if !alternatives.is_empty() {
                plan.push(alternatives);
            }
        }
        for (term, _) in plan.iter().flatten() {
            self.shard(term)?;
        }
        let groups: Vec<HashMap<u32, f32>> = plan.iter().map(|g| self.group_scores(g)).collect();
        Ok(combine(&groups))
    }

    /// Ranks, then loads the cards of the first `limit` results, as the results list does.
    pub fn results(&mut self, query: &str, limit: usize) -> Result<Vec<Card>, SearchError> {
        let ranked = self.rank(query)?;
        let page: Vec<u32> = ranked.iter().take(limit).map(|(d, _)| *d as u32).collect();
        let missing: Vec<u32> = page
            .iter()
            .copied()
            .filter(|d| self.shard_card(*d).is_none())
            .collect();
        for doc in missing {
            self.doc_chunk(doc)?;
        }
        page.into_iter().map(|doc| self.card(doc)).collect()
    }

    /// Fetches the contributor facet, as opening the contributor filter does.
    pub fn load_contributors(&mut self) -> Result<(), SearchError> {
        self.fetch::<serde_json::Value>("contributors.json")
            .map(|_| ())
    }

    fn plan_word(&mut self, word: &QueryWord) -> Result<Vec<Alternative>, SearchError> {
        let q = self.meta.query.clone();
        let mut alternatives = Vec::new();
        if self.has_term(&word.stem)? {
            alternatives.push((word.stem.clone(), 1.0));
        }
        if is_prefix(word) {
            for term in self.completions(word)? {
                alternatives.push((term, q.prefix_weight));
            }
        }
        if alternatives.is_empty() {
            for term in self.corrections(word)? {
                alternatives.push((term, q.fuzzy_weight));
            }
        }
        Ok(alternatives)
    }

    fn has_term(&mut self, term: &str) -> Result<bool, SearchError> {
        match &self.inline_vocab {
            Some(vocab) => Ok(vocab.contains_key(term)),
            None => Ok(self.shard(term)?.terms.contains_key(term)),
        }
    }

    fn completions(&mut self, word: &QueryWord) -> Result<Vec<String>, SearchError> {
        if let Some(vocab) = &self.inline_vocab {
            return Ok(prefix_completions(&word.folded, &word.stem, vocab));
        }
        let limit = self.meta.query.max_prefix as usize;
        let shard = self.shard(&word.folded)?;
        let ranked = match shard.spill.get(&word.folded) {
            Some(list) => list.clone(),
            None => {
                let mut found: Vec<(&String, usize)> = shard
                    .terms
                    .range(word.folded.clone()..)
                    .take_while(|(t, _)| t.starts_with(&word.folded))
                    .map(|(t, p)| (t, p.docs.len()))
                    .collect();
                found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                found.into_iter().map(|(t, _)| t.clone()).collect()
            }
        };
        let others = ranked.into_iter().filter(|t| *t != word.stem);
        Ok(others.take(limit).collect())
    }

    fn corrections(&mut self, word: &QueryWord) -> Result<Vec<String>, SearchError> {
        if let Some(vocab) = &self.inline_vocab {
            return Ok(fuzzy_matches(word, vocab));
        }
        let Some(first) = word.stem.chars().next() else {
            return Ok(Vec::new());
        };
        let hex = format!("{:x}", u32::from(first));
        if self.meta.vocab.slices.contains(&hex) && !self.slices.contains(&hex) {
            let file: VocabFile = self.fetch(&format!("vocab/{hex}.json"))?;
            let terms = front_decode(&file.terms).map_err(SearchError::Format)?;
            self.slice_vocab.extend(terms);
            self.slices.push(hex);
        }
        Ok(fuzzy_matches(word, &self.slice_vocab))
    }

    /// Scores of one group: the sum over its terms of `weight × impact`, where tantivy
    /// folds `weight × field boost` into each field's BM25 weight; all in `f32`, in order.
    fn group_scores(&self, alternatives: &[Alternative]) -> HashMap<u32, f32> {
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for (term, weight) in alternatives {
            let index = locate(&self.meta.shards, term);
            let Some(postings) = self.shards.get(&index).and_then(|s| s.terms.get(term)) else {
                continue;
            };
            let boosted: Vec<f32> = self
                .fields
                .iter()
                .zip(&postings.weights)
                .map(|(model, w)| w * (weight * model.boost))
                .collect();
            for (doc, fields) in postings.docs.iter().zip(&postings.fields) {
                let mut impact = 0f32;
                for &(field, tf, norm) in fields {
                    let (tf, cache) = (tf as f32, &self.fields[field as usize].cache);
                    impact += boosted[field as usize] * (tf / (tf + cache[norm as usize]));
                }
                *scores.entry(*doc).or_default() += impact;
            }
        }
        scores
    }

    fn shard(&mut self, term: &str) -> Result<&LoadedShard, SearchError> {
        let index = locate(&self.meta.shards, term);
        if !self.shards.contains_key(&index) {
            let shard: Shard = self.fetch(&format!("shards/{index}.json"))?;
            let loaded = self.load_shard(shard)?;
            self.shards.insert(index, loaded);
        }
        self.shards
            .get(&index)
            .ok_or_else(|| SearchError::Format(format!("shard {index} missing")))
    }

    fn load_shard(&self, shard: Shard) -> Result<LoadedShard, SearchError> {
        let mut terms = BTreeMap::new();
        for entry in shard.terms {
            let postings = self.decode(&entry)?;
            terms.insert(entry.0, postings);
        }
        Ok(LoadedShard {
            terms,
            cards: shard.cards.into_iter().map(|c| (c.0, c)).collect(),
            spill: shard.spill,
        })
    }

    /// Decodes a term's postings: documents, and each posting's fields.
    fn decode(&self, entry: &ShardTerm) -> Result<TermPostings, SearchError> {
        let (term, mask, weight_bits, deltas, tfs, norm_bases, norms) = entry;
        let field_count = self.fields.len();
        let in_mask: Vec<usize> = (0..field_count).filter(|f| mask >> f & 1 == 1).collect();
        let bad = |what: &str| SearchError::Format(format!("{what} of {term:?}"));
        let columns = |texts: &[String]| -> Result<Vec<Vec<u32>>, SearchError> {
            texts
                .iter()
                .map(|t| decode_numbers(t).map_err(SearchError::Format))
                .collect()
        };
        let (tfs, norms) = (columns(tfs)?, columns(norms)?);
        if [weight_bits.len(), tfs.len(), norms.len(), norm_bases.len()] != [in_mask.len(); 4] {
            return Err(bad("columns"));
        }
        let mut weights = vec![0f32; field_count];
        for (field, bits) in in_mask.iter().zip(weight_bits) {
            weights[*field] = f32::from_bits(*bits);
        }
        let mut postings = TermPostings {
            weights,
            docs: Vec::with_capacity(deltas.len()),
            fields: Vec::with_capacity(deltas.len()),
        };
        let mut norm_cursors = vec![0usize; in_mask.len()];
        let mut doc = 0u32;
        for (i, delta) in deltas.iter().enumerate() {
            doc += delta;
            let mut fields = Vec::new();
            for (column, &field) in in_mask.iter().enumerate() {
                let tf = *tfs[column].get(i).ok_or_else(|| bad("tfs"))?;
                if tf == 0 {
                    continue;
                }
                let norm = norms[column]
                    .get(norm_cursors[column])
                    .ok_or_else(|| bad("norms"))?;
                norm_cursors[column] += 1;
                let norm = u8::try_from(norm + norm_bases[column]).map_err(|_| bad("norms"))?;
                fields.push((field as u8, tf, norm));
            }
            postings.docs.push(doc);
            postings.fields.push(fields);
        }
        Ok(postings)
    }

    fn shard_card(&self, doc: u32) -> Option<&Card> {
        self.shards.values().find_map(|s| s.cards.get(&doc))
    }

    fn doc_chunk(&mut self, doc: u32) -> Result<(), SearchError> {
        let chunk = (doc / self.meta.cards.chunk.max(1)) as usize;
        if !self.doc_chunks.contains_key(&chunk) {
            let file: DocChunk = self.fetch(&format!("docs/{chunk}.json"))?;
            let cards = file.cards.into_iter().map(|c| (c.0, c)).collect();
            self.doc_chunks.insert(chunk, cards);
        }
        Ok(())
    }

    fn card(&self, doc: u32) -> Result<Card, SearchError> {
        let from_chunks = || self.doc_chunks.values().find_map(|c| c.get(&doc));
        self.shard_card(doc)
            .or_else(from_chunks)
            .cloned()
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

/// Conjunction of the groups, or their disjunction when nothing matches all; scores
/// summed in group order, in `f32`.
fn combine(groups: &[HashMap<u32, f32>]) -> Vec<(usize, f32)> {
    let Some(first) = groups.first() else {
        return Vec::new();
    };
    let sum = |doc: &u32| {
        groups
            .iter()
            .filter_map(|g| g.get(doc))
            .fold(0f32, |acc, s| acc + s)
    };
    let mut ranked: Vec<(usize, f32)> = first
        .keys()
        .filter(|doc| groups.iter().all(|g| g.contains_key(doc)))
        .map(|doc| (*doc as usize, sum(doc)))
        .collect();
    if ranked.is_empty() && groups.len() > 1 {
        let mut docs: Vec<u32> = groups.iter().flat_map(|g| g.keys().copied()).collect();
        docs.sort_unstable();
        docs.dedup();
        ranked = docs.iter().map(|doc| (*doc as usize, sum(doc))).collect();
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

fn parse<T: DeserializeOwned>(files: &HashMap<&str, &[u8]>, path: &str) -> Result<T, SearchError> {
    let bytes = files
        .get(path)
        .ok_or_else(|| SearchError::Format(format!("missing file {path}")))?;
    Ok(serde_json::from_slice(bytes)?)
}
