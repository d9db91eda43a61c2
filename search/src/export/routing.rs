//! Which file holds a term, computed from `meta.json`'s few numbers rather than a list
//! of shard keys that would grow with the catalogue: a frequent term has a file of its
//! own (`terms/{rank}.json`, its rank in the list of frequent terms, which is bounded
//! whatever the catalogue's size); any other term lives in the shard its key (its first
//! `key_chars` characters) hashes to, so that the terms completing a typed word of at
//! least `key_chars` characters share one shard. A shorter prefix has its best
//! completions listed, and copied when they are not frequent terms, in the shard it
//! hashes to: a typed word needs one shard whatever its length.

use std::collections::BTreeMap;

use crate::planner::{Vocabulary, MAX_PREFIX_EXPANSIONS, MIN_PREFIX_CHARS};

/// FNV-1a (32 bits) of the UTF-8 bytes of `text`: cheap, and easy to write identically
/// in the browser.
pub fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// The first `key_chars` characters of `term` (all of it when shorter).
pub fn shard_key(term: &str, key_chars: usize) -> &str {
    match term.char_indices().nth(key_chars) {
        Some((end, _)) => &term[..end],
        None => term,
    }
}

/// Index of the shard holding `term` (when it is not a frequent term) or the completions
/// of `term` as a prefix shorter than a key.
pub fn shard_of(term: &str, count: u32, key_chars: usize) -> u32 {
    fnv1a(shard_key(term, key_chars)) % count.max(1)
}

/// For every prefix of at least [`MIN_PREFIX_CHARS`] and fewer than `key_chars`
/// characters, its best completions (document frequency, then alphabetical), one more
/// than the planner uses since the word's own stem is left out.
pub fn short_prefixes(vocab: &Vocabulary, key_chars: usize) -> BTreeMap<String, Vec<String>> {
    let mut best: BTreeMap<String, Vec<(u32, &str)>> = BTreeMap::new();
    for (term, &df) in vocab {
        let chars: Vec<(usize, char)> = term.char_indices().collect();
        for len in MIN_PREFIX_CHARS..key_chars.min(chars.len() + 1) {
            let end = chars.get(len).map_or(term.len(), |(at, _)| *at);
            let list = best.entry(term[..end].to_string()).or_default();
            list.push((df, term.as_str()));
            list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            list.truncate(MAX_PREFIX_EXPANSIONS + 1);
        }
    }
    best.into_iter()
        .map(|(prefix, list)| {
            (
                prefix,
                list.into_iter().map(|(_, t)| t.to_string()).collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::ranked_completions;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn keys_are_the_first_characters() {
        assert_eq!(shard_key("lectur", 4), "lect");
        assert_eq!(shard_key("été", 4), "été");
        assert_eq!(shard_key("éléphant", 2), "él");
        assert_eq!(shard_of("lecteur", 7, 4), shard_of("lectur", 7, 4));
    }

    #[test]
    fn short_prefixes_list_the_planner_s_completions() {
        let vocab: Vocabulary = [
            ("lectur", 9),
            ("lecon", 7),
            ("lec", 2),
            ("leg", 1),
            ("lecteur", 7),
        ]
        .into_iter()
        .map(|(t, df)| (t.to_string(), df))
        .collect();
        let prefixes = short_prefixes(&vocab, 4);
        assert_eq!(prefixes.keys().collect::<Vec<_>>(), vec!["lec", "leg"]);
        assert_eq!(prefixes["lec"], ranked_completions("lec", &vocab));
        assert!(short_prefixes(&vocab, 3).is_empty());
    }
}
