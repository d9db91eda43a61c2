//! The browser's French stemmer (`client/french-stemmer.js`) is a port of tantivy's; its
//! node test checks it on the word list `client/test/french-stems.tsv`, whose second
//! column must be what tantivy's stemmer gives. This test fails when that column is stale
//! and rewrites it when run with `UPDATE_STEMS=1`:
//! `UPDATE_STEMS=1 cargo test -p capsule-search --test french_stems`.

use std::path::Path;

use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer};

const WORD_LIST: &str = "client/test/french-stems.tsv";

/// The word list with every word's stem as tantivy's French stemmer gives it: comment
/// lines (`#`) kept, a word's old stem replaced.
fn with_tantivy_stems(list: &str) -> String {
    let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::French))
        .build();
    let mut out = String::with_capacity(list.len());
    for line in list.lines() {
        if line.starts_with('#') || line.is_empty() {
            out.push_str(line);
        } else {
            let word = line.split('\t').next().unwrap_or(line);
            let mut tokens = stemmer.token_stream(word);
            let stem = tokens.next().map(|t| t.text.clone()).unwrap_or_default();
            out.push_str(&format!("{word}\t{stem}"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_word_list_carries_tantivys_stems() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(WORD_LIST);
    let list = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let expected = with_tantivy_stems(&list);
    if std::env::var_os("UPDATE_STEMS").is_some() {
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let stale: Vec<(&str, &str)> = list
        .lines()
        .zip(expected.lines())
        .filter(|(ours, theirs)| ours != theirs)
        .take(5)
        .collect();
    assert!(
        list == expected,
        "{WORD_LIST} is stale (line in the file, then with tantivy's stem): {stale:?}; \
         run `UPDATE_STEMS=1 cargo test -p capsule-search --test french_stems`"
    );
}
