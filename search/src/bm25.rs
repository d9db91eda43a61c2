//! tantivy's BM25, operation for operation in `f32`, so that scores computed from our own
//! index statistics (and by the browser client, which replays these steps with
//! `Math.fround`) are bit-identical to what a tantivy `TermQuery` returns.
//!
//! A field's score for a term is `weight × tf / (tf + cache[norm id])` where
//! `weight = idf × (1 + K1)` depends on the term's document frequency in that field, and
//! `cache` depends on the field's average length (see tantivy's `query/bm25.rs`).

use tantivy::fieldnorm::FieldNormReader;

/// tantivy's `K1`.
pub const K1: f32 = 1.2;
/// tantivy's `B`.
pub const B: f32 = 0.75;

/// `idf × (1 + K1)`, tantivy's `Bm25Weight` for one term.
pub fn term_weight(doc_freq: u64, doc_count: u64) -> f32 {
    let doc_freq = doc_freq.min(doc_count);
    let x = ((doc_count - doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln() * (1.0 + K1)
}

/// Average field length, as tantivy computes it for a field.
pub fn average_fieldnorm(total_tokens: u64, doc_count: u64) -> f32 {
    total_tokens as f32 / doc_count as f32
}

/// The length part of BM25 for every quantised field norm.
pub fn tf_cache(average_fieldnorm: f32) -> [f32; 256] {
    let mut cache = [0f32; 256];
    for (id, slot) in cache.iter_mut().enumerate() {
        let fieldnorm = FieldNormReader::id_to_fieldnorm(id as u8);
        *slot = K1 * (1.0 - B + B * fieldnorm as f32 / average_fieldnorm);
    }
    cache
}

/// tantivy's quantised field norm id of a field of `tokens` tokens.
pub fn norm_id(tokens: u32) -> u8 {
    FieldNormReader::fieldnorm_to_id(tokens)
}

/// Every field norm id's field length: the table the client needs to rebuild caches.
pub fn fieldnorm_table() -> Vec<u32> {
    (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect()
}

/// One field's BM25 score: `weight × tf / (tf + cache[norm])`.
pub fn field_score(weight: f32, cache: &[f32; 256], norm_id: u8, tf: u32) -> f32 {
    let tf = tf as f32;
    weight * (tf / (tf + cache[norm_id as usize]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_terms_weigh_more() {
        assert!(term_weight(1, 100) > term_weight(50, 100));
        assert!(term_weight(100, 100) > 0.0);
    }

    #[test]
    fn longer_fields_score_less() {
        let cache = tf_cache(10.0);
        let short = field_score(2.0, &cache, norm_id(5), 1);
        let long = field_score(2.0, &cache, norm_id(40), 1);
        assert!(short > long);
        assert_eq!(fieldnorm_table()[usize::from(norm_id(12))], 12);
    }
}
