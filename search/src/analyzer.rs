//! French text analysis shared by indexing, querying and the exported index.
//!
//! The pipeline is, in order: split on non-alphanumeric characters, lower-case,
//! fold accents to ASCII, drop elided articles (`l'`, `qu'`…), drop tokens longer
//! than [`MAX_TOKEN_BYTES`], drop stop words, Snowball French stemming. The
//! browser client (`client/capsule-search.js`) replays the same steps; the stop
//! words and elisions are exported in `meta.json` so both sides share one list.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name under which the French analyzer is registered in the tantivy index.
pub const TOKENIZER_NAME: &str = "capsule_fr";

/// Tokens whose folded form has this many bytes or more are dropped.
pub const MAX_TOKEN_BYTES: usize = 40;

/// Articles and pronouns that French elides before a vowel (`l'école`).
/// Compared with the lower-cased, folded token that precedes an apostrophe.
pub const ELISIONS: &[&str] = &[
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "puisqu", "qu", "quoiqu", "s", "t",
];

/// Apostrophes that trigger elision: ASCII and typographic.
pub const APOSTROPHES: &[char] = &['\'', '\u{2019}'];

/// Short French stop-word list, in folded form (accents removed).
///
/// Deliberately absent: `son`, `ou`, `on` and `an`, which are phonics lessons
/// ("le son ou") in a primary-school catalogue. Single letters left alone by a
/// missing apostrophe (`l ecole`) are stop words too.
pub const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "avec", "c", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
    "elle", "elles", "en", "est", "et", "il", "ils", "j", "je", "l", "la", "le", "les", "leur",
    "leurs", "lui", "m", "mais", "me", "n", "ne", "nous", "par", "pas", "pour", "qu", "que", "qui",
    "s", "sa", "se", "ses", "sont", "sur", "t", "te", "tu", "un", "une", "vous", "y",
];

/// Builds the full indexing analyzer (stemmed terms).
pub fn french_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(ElisionFilter)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| w.to_string()),
        ))
        .filter(Stemmer::new(Language::French))
        .build()
}

/// Same pipeline without the stemmer: yields folded words, used for prefixes and by the
/// indexer, which stems each distinct word once.
pub(crate) fn folding_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(ElisionFilter)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| w.to_string()),
        ))
        .build()
}

/// The words of texts, folded and filtered exactly like [`folding_analyzer`] (split on
/// non-alphanumerics, lower-case, fold, drop elided articles, long tokens and stop
/// words), without token streams: the indexer's hot loop. Only words with non-ASCII
/// letters go through tantivy's filters.
pub(crate) struct WordSplitter {
    fold: TextAnalyzer,
    stop_words: rustc_hash::FxHashSet<&'static str>,
    buffer: String,
}

impl WordSplitter {
    pub(crate) fn new() -> WordSplitter {
        WordSplitter {
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            stop_words: STOP_WORDS.iter().copied().collect(),
            buffer: String::new(),
        }
    }

    /// Calls `each` with every kept word of `text`, in order.
    pub(crate) fn words(&mut self, text: &str, mut each: impl FnMut(&str)) {
        let mut start = None;
        for (index, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(index),
                (false, Some(from)) => {
                    start = None;
                    self.word(text, from, index, &mut each);
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            self.word(text, from, text.len(), &mut each);
        }
    }

    fn word(&mut self, text: &str, start: usize, end: usize, each: &mut impl FnMut(&str)) {
        let raw = &text[start..end];
        self.buffer.clear();
        if raw.is_ascii() {
            self.buffer.push_str(raw);
            self.buffer.make_ascii_lowercase();
        } else {
            let mut stream = self.fold.token_stream(raw);
            if let Some(token) = stream.next() {
                self.buffer.push_str(&token.text);
            }
        }
        let word = self.buffer.as_str();
        let elided = ELISIONS.contains(&word) && text[end..].starts_with(APOSTROPHES);
        if elided || word.len() >= MAX_TOKEN_BYTES || self.stop_words.contains(word) {
            return;
        }
        each(word);
    }
}

/// Analyses `text` into the terms stored in the index.
#[cfg(any(test, feature = "testing"))]
pub fn analyze(text: &str) -> Vec<String> {
    let mut analyzer = french_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(token.text.clone());
    }
    terms
}

/// Lower-cases and folds a whole string to ASCII (sort keys, comparisons).
#[cfg(any(test, feature = "testing"))]
pub fn fold(text: &str) -> String {
    let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(text);
    match stream.next() {
        Some(token) => token.text.clone(),
        None => String::new(),
    }
}

/// Stems one already folded, lower-cased word with tantivy's French stemmer.
pub fn stem(word: &str) -> String {
    let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::French))
        .build();
    let mut stream = analyzer.token_stream(word);
    match stream.next() {
        Some(token) => token.text.clone(),
        None => String::new(),
    }
}

/// One analysed word of a user query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Lower-cased, folded word after elision (prefix matching uses it).
    pub folded: String,
    /// The indexed term: `folded` after Snowball stemming.
    pub stem: String,
    /// True when the word ends the query text (search as you type: a prefix).
    pub at_end: bool,
}

/// Analyses a query, keeping for each word its folded and stemmed forms.
pub fn analyze_query(text: &str) -> Vec<QueryWord> {
    let mut analyzer = folding_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while let Some(token) = stream.next() {
        words.push(QueryWord {
            stem: stem(&token.text),
            folded: token.text.clone(),
            at_end: token.offset_to == text.len(),
        });
    }
    words
}

/// Token filter dropping an elided article: a token from [`ELISIONS`] that is
/// immediately followed by an apostrophe in the original text (`l'`, `qu’`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ElisionFilter;

impl TokenFilter for ElisionFilter {
    type Tokenizer<T: Tokenizer> = ElisionWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ElisionWrapper<T> {
        ElisionWrapper { inner: tokenizer }
    }
}

/// Tokenizer produced by [`ElisionFilter`].
#[derive(Clone)]
pub struct ElisionWrapper<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ElisionWrapper<T> {
    type TokenStream<'a> = ElisionStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ElisionStream {
            text,
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream produced by [`ElisionFilter`]; it sees the original text.
pub struct ElisionStream<'a, T> {
    text: &'a str,
    tail: T,
}

impl<T> ElisionStream<'_, T> {
    fn is_elided(&self, token: &Token) -> bool {
        let followed_by_apostrophe = self
            .text
            .get(token.offset_to..)
            .is_some_and(|rest| rest.starts_with(APOSTROPHES));
        followed_by_apostrophe && ELISIONS.contains(&token.text.as_str())
    }
}

impl<T: TokenStream> TokenStream for ElisionStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if !self.is_elided(self.tail.token()) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(analyze("ÉCRITURE"), analyze("ecriture"));
        assert_eq!(analyze("Écriture"), vec!["ecritur"]);
        assert_eq!(analyze("cœur Noël ça"), vec!["coeur", "noel", "ca"]);
    }

    #[test]
    fn removes_elided_articles() {
        assert_eq!(analyze("l'école"), vec!["ecol"]);
        assert_eq!(analyze("l’école"), vec!["ecol"]);
        assert_eq!(analyze("d'abord"), vec!["abord"]);
        assert_eq!(analyze("qu'il"), Vec::<String>::new());
        assert_eq!(analyze("jusqu’à l’Élysée"), vec!["elyse"]);
        assert_eq!(analyze("aujourd'hui"), vec!["aujourd", "hui"]);
    }

    #[test]
    fn elision_needs_an_apostrophe() {
        assert_eq!(analyze("qu est"), Vec::<String>::new());
        assert_eq!(analyze("vitamine c"), vec!["vitamin"]);
    }

    #[test]
    fn stems_plurals_and_inflections() {
        assert_eq!(analyze("lectures"), analyze("lecture"));
        assert_eq!(analyze("négociées"), analyze("négociée"));
        assert_eq!(analyze("élèves"), analyze("élève"));
        assert_eq!(analyze("chevaux"), analyze("cheval"));
    }

    #[test]
    fn drops_stop_words() {
        assert_eq!(analyze("le chat et la souris"), vec!["chat", "sour"]);
        assert_eq!(analyze("à l'école des élèves"), vec!["ecol", "elev"]);
        assert!(analyze("le son ou").contains(&"son".to_string()));
    }

    #[test]
    fn drops_very_long_tokens() {
        let long = "a".repeat(MAX_TOKEN_BYTES);
        assert!(analyze(&long).is_empty());
        assert_eq!(analyze(&"b".repeat(MAX_TOKEN_BYTES - 1)).len(), 1);
    }

    #[test]
    fn query_words_keep_folded_form_and_end_flag() {
        let words = analyze_query("Lectures d'écol");
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].folded, "lectures");
        assert_eq!(words[0].stem, "lectur");
        assert!(!words[0].at_end);
        assert_eq!(words[1].folded, "ecol");
        assert!(words[1].at_end);
        assert!(!analyze_query("ecol ")[0].at_end);
    }

    #[test]
    fn word_splitter_matches_the_folding_analyzer() {
        let texts = [
            "La dictée négociée : l'École d’aujourd'hui, jusqu’à l’Élysée !",
            "Œuvres, cœur, Ægée, straße, Łódź, ﬁn, déjà-vu, ÉCRITURE, naïveté",
            "Σίσυφος ΣΊΣΥΦΟΣ Ärger Ñandú İstanbul 東京 ١٢٣ x²",
            "qu'il l ecole vitamine c 3,5 km CE1/CE2 6e l'",
            &format!("{} court {}", "a".repeat(39), "é".repeat(20)),
        ];
        let mut splitter = WordSplitter::new();
        for text in texts {
            let mut ours = Vec::new();
            splitter.words(text, |w| ours.push(w.to_string()));
            let mut analyzer = folding_analyzer();
            let mut stream = analyzer.token_stream(text);
            let mut theirs = Vec::new();
            while let Some(token) = stream.next() {
                theirs.push(token.text.clone());
            }
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn query_analysis_matches_index_analysis() {
        let text = "Les élèves de CE1 lisent l’histoire d’Émile à voix haute.";
        let stems: Vec<String> = analyze_query(text).into_iter().map(|w| w.stem).collect();
        assert_eq!(stems, analyze(text));
    }
}
