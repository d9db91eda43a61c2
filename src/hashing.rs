//! Hashes of values for caches and fingerprints: what `serve` compares to know what changed,
//! what the picture cache and the writer key their entries by. Stable within one process.

use std::hash::{Hash, Hasher};

/// Hash of a text.
pub fn hash_text(text: &str) -> u64 {
    hash_of(text)
}

/// Hash of any value.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
