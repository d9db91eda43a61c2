//! Turns a user query into weighted term groups, identically in Rust and in the
//! browser client: one group per query word, the exact stem plus, for the last
//! word, prefix completions ("search as you type"), and typo corrections when
//! the word is unknown. A document must match every group (conjunction); if none
//! does, any group will do (disjunction fallback). Its score is the sum over the
//! matched terms of `weight × impact`, which is tantivy's BM25 `BooleanQuery` score.

use std::collections::BTreeMap;

use crate::analyzer::{analyze_query, QueryWord};
use crate::typo::{distance, max_edits};

/// The last word is expanded as a prefix from this many characters.
pub const MIN_PREFIX_CHARS: usize = 3;
/// At most this many completions per prefix, best document frequency first.
pub const MAX_PREFIX_EXPANSIONS: usize = 4;
/// Weight of a prefix completion (the exact term weighs 1).
pub const PREFIX_WEIGHT: f32 = 0.8;
/// At most this many typo corrections per unknown word.
pub const MAX_FUZZY_EXPANSIONS: usize = 3;
/// Weight of a typo correction.
pub const FUZZY_WEIGHT: f32 = 0.5;
/// Typo corrections are only terms found in at least this many documents.
pub const FUZZY_MIN_DOC_FREQ: u32 = 2;

/// Vocabulary: every indexed term with its document frequency (all fields).
pub type Vocabulary = BTreeMap<String, u32>;

/// How a term entered the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    Exact,
    Prefix,
    Fuzzy,
}

/// One term of a group and its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedTerm {
    pub term: String,
    pub weight: f32,
    pub expansion: Expansion,
}

/// The alternatives for one query word.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub word: QueryWord,
    pub terms: Vec<PlannedTerm>,
}

/// Plans `query` against `vocab`; words with no known term are dropped.
pub fn plan(query: &str, vocab: &Vocabulary) -> Vec<Group> {
    query_words(query)
        .into_iter()
        .map(|word| Group {
            terms: plan_word(&word, vocab),
            word,
        })
        .filter(|group| !group.terms.is_empty())
        .collect()
}

/// The analysed words of a query; a word repeating an earlier one is dropped.
pub fn query_words(query: &str) -> Vec<QueryWord> {
    let mut words: Vec<QueryWord> = Vec::new();
    for word in analyze_query(query) {
        let duplicate = words
            .iter()
            .any(|w| w.stem == word.stem && w.at_end == word.at_end);
        if !duplicate {
            words.push(word);
        }
    }
    words
}

/// Whether the word's last characters are still being typed.
pub fn is_prefix(word: &QueryWord) -> bool {
    word.at_end && word.folded.chars().count() >= MIN_PREFIX_CHARS
}

fn plan_word(word: &QueryWord, vocab: &Vocabulary) -> Vec<PlannedTerm> {
    let mut terms = Vec::new();
    if vocab.contains_key(&word.stem) {
        terms.push(planned(&word.stem, 1.0, Expansion::Exact));
    }
    if is_prefix(word) {
        for term in prefix_completions(&word.folded, &word.stem, vocab) {
            terms.push(planned(&term, PREFIX_WEIGHT, Expansion::Prefix));
        }
    }
    if terms.is_empty() {
        for term in fuzzy_matches(word, vocab) {
            terms.push(planned(&term, FUZZY_WEIGHT, Expansion::Fuzzy));
        }
    }
    terms
}

fn planned(term: &str, weight: f32, expansion: Expansion) -> PlannedTerm {
    PlannedTerm {
        term: term.to_string(),
        weight,
        expansion,
    }
}

/// Terms starting with `prefix`, except `stem`, best document frequency first.
pub fn prefix_completions(prefix: &str, stem: &str, vocab: &Vocabulary) -> Vec<String> {
    ranked_completions(prefix, vocab)
        .into_iter()
        .filter(|term| term != stem)
        .take(MAX_PREFIX_EXPANSIONS)
        .collect()
}

/// All terms starting with `prefix`, by document frequency then alphabetically.
pub fn ranked_completions(prefix: &str, vocab: &Vocabulary) -> Vec<String> {
    let mut found: Vec<(&String, u32)> = vocab
        .range(prefix.to_string()..)
        .take_while(|(term, _)| term.starts_with(prefix))
        .map(|(term, df)| (term, *df))
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    found.into_iter().map(|(term, _)| term.clone()).collect()
}

/// Terms within the allowed edit distance of the word's stem: closest first,
/// then most frequent, then alphabetical. Candidates start with the same
/// character as the stem (a typo rarely hits the first letter, and the client
/// then needs one vocabulary slice) and occur in at least
/// [`FUZZY_MIN_DOC_FREQ`] documents.
pub fn fuzzy_matches(word: &QueryWord, vocab: &Vocabulary) -> Vec<String> {
    let limit = max_edits(word.folded.chars().count());
    let Some(first) = word.stem.chars().next().filter(|_| limit > 0) else {
        return Vec::new();
    };
    let start = first.to_string();
    let mut found: Vec<(usize, u32, &String)> = vocab
        .range(start..)
        .take_while(|(term, _)| term.starts_with(first))
        .filter(|(_, df)| **df >= FUZZY_MIN_DOC_FREQ)
        .filter_map(|(term, df)| distance(&word.stem, term, limit).map(|d| (d, *df, term)))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(b.2)));
    found
        .into_iter()
        .take(MAX_FUZZY_EXPANSIONS)
        .map(|(_, _, term)| term.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        [
            ("lectur", 10),
            ("lecteur", 4),
            ("lecon", 7),
            ("ecritur", 5),
            ("dicte", 3),
        ]
        .into_iter()
        .map(|(t, df)| (t.to_string(), df))
        .collect()
    }

    fn terms(group: &Group) -> Vec<(&str, Expansion)> {
        group
            .terms
            .iter()
            .map(|t| (t.term.as_str(), t.expansion))
            .collect()
    }

    #[test]
    fn exact_words_are_not_expanded_unless_last() {
        let groups = plan("lecture dictée", &vocab());
        assert_eq!(terms(&groups[0]), vec![("lectur", Expansion::Exact)]);
        assert_eq!(terms(&groups[1]), vec![("dicte", Expansion::Exact)]);
    }

    #[test]
    fn last_word_is_a_prefix() {
        let groups = plan("lec", &vocab());
        let expected = vec![
            ("lectur", Expansion::Prefix),
            ("lecon", Expansion::Prefix),
            ("lecteur", Expansion::Prefix),
        ];
        assert_eq!(terms(&groups[0]), expected);
        assert!(plan("lec ", &vocab()).is_empty());
    }

    #[test]
    fn unknown_words_get_typo_corrections() {
        let groups = plan("ecirture ", &vocab());
        assert_eq!(terms(&groups[0]), vec![("ecritur", Expansion::Fuzzy)]);
        let groups = plan("lecon lectrue", &vocab());
        assert_eq!(terms(&groups[1]), vec![("lectur", Expansion::Fuzzy)]);
        assert!(plan("lectrue", &Vocabulary::new()).is_empty());
    }

    #[test]
    fn duplicate_words_are_merged() {
        assert_eq!(plan("lecture lectures dictée", &vocab()).len(), 2);
    }
}
