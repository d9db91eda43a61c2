//! Splits the sorted vocabulary into shards of bounded size along prefix
//! boundaries, so that the terms starting with a typed prefix usually live in
//! a single shard; prefixes that still span shards get a `spill` entry.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::planner::{ranked_completions, Vocabulary, MAX_PREFIX_EXPANSIONS, MIN_PREFIX_CHARS};

/// A shard: its key and the range of term indices it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardRange {
    pub key: String,
    pub terms: Range<usize>,
    size: usize,
}

/// Partitions sorted `(term, size)` pairs into shards of about `target` bytes.
/// A term is never split, so a single huge term can exceed `target`.
pub fn partition(terms: &[(&str, usize)], target: usize) -> Vec<ShardRange> {
    let mut shards = Vec::new();
    partition_level(terms, 0..terms.len(), 1, target, &mut shards);
    if let Some(first) = shards.first_mut() {
        first.key = String::new();
    }
    shards
}

/// Packs the groups of `range` at `level` into the shards of `out`, splitting a group
/// that is too big by its next character. The last shard stays open across levels, so
/// the small neighbours of a big group share shards with its pieces.
fn partition_level(
    terms: &[(&str, usize)],
    range: Range<usize>,
    level: usize,
    target: usize,
    out: &mut Vec<ShardRange>,
) {
    for group in groups(terms, range, level) {
        if group.size > target && group.terms.len() > 1 {
            partition_level(terms, group.terms, level + 1, target, out);
            continue;
        }
        match out.last_mut() {
            Some(shard) if shard.size + group.size <= target => {
                shard.terms.end = group.terms.end;
                shard.size += group.size;
            }
            _ => out.push(group),
        }
    }
}

/// Consecutive runs of terms sharing their first `level` characters.
fn groups(terms: &[(&str, usize)], range: Range<usize>, level: usize) -> Vec<ShardRange> {
    let mut groups: Vec<ShardRange> = Vec::new();
    for index in range {
        let (term, size) = terms[index];
        let key: String = term.chars().take(level).collect();
        match groups.last_mut() {
            Some(group) if group.key == key => {
                group.terms.end = index + 1;
                group.size += size;
            }
            _ => groups.push(ShardRange {
                key,
                terms: index..index + 1,
                size,
            }),
        }
    }
    groups
}

/// Index of the shard holding `term`: the last one whose key is ≤ `term`.
pub fn locate(keys: &[String], term: &str) -> usize {
    keys.partition_point(|key| key.as_str() <= term)
        .saturating_sub(1)
}

/// Prefix → completions, grouped by the shard that [`locate`]s the prefix.
pub type Spill = BTreeMap<usize, BTreeMap<String, Vec<String>>>;

/// Completions of every prefix (of at least [`MIN_PREFIX_CHARS`]) whose terms
/// span several shards: exactly the proper prefixes of shard keys. Each is
/// stored in the shard a client fetches first for that prefix.
pub fn spill(keys: &[String], vocab: &Vocabulary) -> Spill {
    let mut spill = Spill::new();
    for key in keys {
        let chars: Vec<char> = key.chars().collect();
        for len in MIN_PREFIX_CHARS..chars.len() {
            let prefix: String = chars[..len].iter().collect();
            let entries = spill.entry(locate(keys, &prefix)).or_default();
            entries.entry(prefix.clone()).or_insert_with(|| {
                let mut completions = ranked_completions(&prefix, vocab);
                completions.truncate(MAX_PREFIX_EXPANSIONS + 1);
                completions
            });
        }
    }
    spill
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sized(terms: &[&'static str]) -> Vec<(&'static str, usize)> {
        terms.iter().map(|t| (*t, 10)).collect()
    }

    #[test]
    fn groups_whole_prefixes_together() {
        let terms = sized(&["aa", "ab", "ba", "bb", "bc", "ca"]);
        let shards = partition(&terms, 30);
        let keys: Vec<&str> = shards.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, vec!["", "b", "c"]);
        assert_eq!(shards[1].terms, 2..5);
    }

    #[test]
    fn splits_big_prefixes_deeper() {
        let terms = sized(&["coa", "cob", "con", "conc", "cond", "conf", "cong", "d"]);
        let shards = partition(&terms, 20);
        let keys: Vec<String> = shards.iter().map(|s| s.key.clone()).collect();
        for (index, (term, _)) in terms.iter().enumerate() {
            let shard = &shards[locate(&keys, term)];
            assert!(shard.terms.contains(&index), "{term} not in its shard");
        }
        let vocab: Vocabulary = terms.iter().map(|(t, _)| (t.to_string(), 1)).collect();
        let spill = spill(&keys, &vocab);
        let home = locate(&keys, "con");
        assert!(spill[&home].contains_key("con"));
    }

    #[test]
    fn locates_terms_before_the_first_key() {
        let keys = vec![String::new(), "m".to_string()];
        assert_eq!(locate(&keys, "abc"), 0);
        assert_eq!(locate(&keys, "m"), 1);
        assert_eq!(locate(&keys, "zz"), 1);
    }
}
