//! Deterministic generator of synthetic catalogues in the content format (`docs/content.md`), for benchmarks and scale tests.
//!
//! [`generate`] writes a complete site root (`site.yaml` and `content/…`) that is valid under
//! `docs/content.md`, using only the keys listed there. Everything is derived
//! from `(videos, seed)` through the crate's PRNG ([`SplitMix64`]), so the same options
//! give byte-identical files on every machine and with every version of the dependencies.
//!
//! Each video, contributor and event draws from its own random stream (seed, kind, index),
//! so items are generated in parallel (rayon) without affecting the output; one writer
//! thread creates the files meanwhile.
//!
//! The text is built from a vocabulary of about 600 French pedagogical words (accents,
//! elisions, agreement of articles and adjectives), drawn with Zipf-like frequencies so that
//! search indexes see realistic term distributions; each theme adds its own keywords.
//!
//! The generator only adds or overwrites files: give it an empty (or fresh) root.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::{Datelike, Days, NaiveDate, TimeDelta};
use rayon::prelude::*;

use crate::rng::SplitMix64;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthOptions {
    /// Number of videos.
    pub videos: usize,
    /// Seed of every random choice.
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthSummary {
    pub videos: usize,
    pub contributors: usize,
    pub topics: usize,
    pub events: usize,
}

/// Writes `root/site.yaml` and `root/content/{videos,contributors,themes,events,pages}/…` for a catalogue of `videos` videos.
pub fn generate(root: &Path, options: &SynthOptions) -> io::Result<SynthSummary> {
    let dirs = Dirs::create(root)?;
    let vocab = Vocab::new();
    let people = make_people(options.seed, (options.videos / 4).max(3));
    let ctx = Ctx::new(options.seed, &vocab, &people);
    fs::write(root.join("site.yaml"), SITE_YAML)?;
    write_topics(&dirs.themes, &vocab)?;
    write_people(&dirs.contributors, &ctx)?;
    let videos = write_videos(&dirs.videos, &ctx, options.videos)?;
    let events = write_events(&dirs.events, &ctx, &videos, (options.videos / 20).max(2))?;
    write_pages(&dirs.pages)?;
    Ok(SynthSummary {
        videos: videos.len(),
        contributors: people.len(),
        topics: vocab.topics.len(),
        events,
    })
}

// ---------------------------------------------------------------------------------------------
// Zipf sampling
// ---------------------------------------------------------------------------------------------

/// Zipf-like sampling over ranks `0..len`: weight of rank k ∝ 1 / (k + offset).
/// Integer cumulative weights keep it exact and platform-independent.
struct Zipf {
    cumulative: Vec<u64>,
}

impl Zipf {
    fn new(len: usize, offset: u64) -> Self {
        let mut total = 0u64;
        let cumulative = (0..len as u64)
            .map(|k| {
                total += (1u64 << 40) / (k + offset);
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut SplitMix64) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let x = rng.below_u64(total);
        self.cumulative.partition_point(|&c| c <= x)
    }
}

/// A list of items ranked by frequency, drawn with Zipf-like weights.
struct Pool<T> {
    items: Vec<T>,
    zipf: Zipf,
}

impl<T> Pool<T> {
    fn new(items: Vec<T>) -> Self {
        let zipf = Zipf::new(items.len(), 2);
        Self { items, zipf }
    }

    fn draw(&self, rng: &mut SplitMix64) -> &T {
        &self.items[self.zipf.sample(rng)]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/// A noun with its gender and plural.
struct Noun {
    one: String,
    many: String,
    fem: bool,
}

/// An adjective's four forms.
struct Adj {
    forms: [String; 4],
}

impl Adj {
    fn form(&self, fem: bool, plural: bool) -> &str {
        &self.forms[usize::from(fem) * 2 + usize::from(plural)]
    }
}

/// A verb in the third person: singular and plural.
struct Verb {
    one: String,
    many: String,
}

struct Topic {
    id: &'static str,
    title: &'static str,
    group: &'static str,
    /// The theme with its article, e.g. "la lecture".
    phrase: &'static str,
    description: &'static str,
    keywords: Pool<Noun>,
}

struct Vocab {
    nouns: Pool<Noun>,
    adjs: Pool<Adj>,
    infinitives: Pool<String>,
    verbs: Pool<Verb>,
    subjects: Pool<&'static str>,
    plural_subjects: Pool<&'static str>,
    adverbials: Pool<&'static str>,
    connectors: Pool<&'static str>,
    prepositions: Pool<&'static str>,
    topics: Vec<Topic>,
}

impl Vocab {
    fn new() -> Self {
        let mut nouns = parse_nouns(NOUNS_M, false);
        nouns.extend(parse_nouns(NOUNS_F, true));
        // Interleave genders by rank so both are frequent.
        nouns.sort_by_key(|n| n.rank);
        Self {
            nouns: Pool::new(nouns.into_iter().map(|n| n.noun).collect()),
            adjs: Pool::new(ADJECTIVES.split_whitespace().map(parse_adj).collect()),
            infinitives: Pool::new(words(INFINITIVES).collect()),
            verbs: Pool::new(VERBS.split_whitespace().map(parse_verb).collect()),
            subjects: Pool::new(SUBJECTS.to_vec()),
            plural_subjects: Pool::new(SUBJECTS_PLURAL.to_vec()),
            adverbials: Pool::new(ADVERBIALS.to_vec()),
            connectors: Pool::new(CONNECTORS.to_vec()),
            prepositions: Pool::new(PREPOSITIONS.to_vec()),
            topics: TOPICS.iter().map(parse_topic).collect(),
        }
    }
}

struct RankedNoun {
    rank: usize,
    noun: Noun,
}

/// Words separated by whitespace; `_` stands for a space inside a word.
fn words(list: &'static str) -> impl Iterator<Item = String> {
    list.split_whitespace().map(|w| w.replace('_', " "))
}

/// Nouns written `singular` or `singular|plural`, feminine if `fem` or marked with a leading `+`.
fn parse_nouns(list: &'static str, fem: bool) -> Vec<RankedNoun> {
    words(list)
        .enumerate()
        .map(|(rank, w)| {
            let (fem, w) = match w.strip_prefix('+') {
                Some(rest) => (true, rest.to_owned()),
                None => (fem, w),
            };
            let (one, many) = match w.split_once('|') {
                Some((one, many)) => (one.to_owned(), many.to_owned()),
                None => (w.clone(), plural(&w)),
            };
            RankedNoun {
                rank,
                noun: Noun { one, many, fem },
            }
        })
        .collect()
}

/// Adjectives written `masc` (same feminine) or `masc/fem`.
fn parse_adj(token: &str) -> Adj {
    let (m, f) = token.split_once('/').unwrap_or((token, token));
    let fp = if f.ends_with('s') {
        f.to_owned()
    } else {
        format!("{f}s")
    };
    Adj {
        forms: [m.to_owned(), plural(m), f.to_owned(), fp],
    }
}

/// Verbs written `singular` (regular: plural adds `nt`) or `singular|plural`.
fn parse_verb(token: &str) -> Verb {
    let token = token.replace('_', " ");
    match token.split_once('|') {
        Some((one, many)) => Verb {
            one: one.to_owned(),
            many: many.to_owned(),
        },
        None => Verb {
            many: format!("{token}nt"),
            one: token,
        },
    }
}

/// The regular French plural (the word lists avoid the exceptions or spell them out).
fn plural(word: &str) -> String {
    if word.ends_with(['s', 'x', 'z']) {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix("al") {
        format!("{stem}aux")
    } else if word.ends_with("au") || word.ends_with("eu") {
        format!("{word}x")
    } else {
        format!("{word}s")
    }
}

fn parse_topic(def: &TopicDef) -> Topic {
    let keywords = parse_nouns(def.5, false);
    Topic {
        id: def.0,
        title: def.1,
        group: def.2,
        phrase: def.3,
        description: def.4,
        keywords: Pool::new(keywords.into_iter().map(|n| n.noun).collect()),
    }
}

// ---------------------------------------------------------------------------------------------
// French text
// ---------------------------------------------------------------------------------------------

fn vowel_initial(word: &str) -> bool {
    let first = word
        .chars()
        .next()
        .unwrap_or('x')
        .to_lowercase()
        .next()
        .unwrap_or('x');
    "aeiouhàâéèêëîïôœûü".contains(first)
}

/// "de" or "d'" before `word`.
fn de(word: &str) -> &'static str {
    if vowel_initial(word) {
        "d'"
    } else {
        "de"
    }
}

/// `de` + a phrase starting with an article: "du vocabulaire", "de la lecture", "des arts".
fn de_phrase(phrase: &str) -> String {
    if let Some(rest) = phrase.strip_prefix("le ") {
        format!("du {rest}")
    } else if let Some(rest) = phrase.strip_prefix("les ") {
        format!("des {rest}")
    } else {
        join(de(phrase), phrase)
    }
}

/// `à` + a phrase starting with an article: "au calcul", "à la lecture", "aux arts".
fn a_phrase(phrase: &str) -> String {
    if let Some(rest) = phrase.strip_prefix("le ") {
        format!("au {rest}")
    } else if let Some(rest) = phrase.strip_prefix("les ") {
        format!("aux {rest}")
    } else {
        format!("à {phrase}")
    }
}

/// Appends `word` after a space, or directly after an elided word ("l'", "d'").
fn glue(out: &mut String, word: &str) {
    if !out.is_empty() && !out.ends_with('\'') {
        out.push(' ');
    }
    out.push_str(word);
}

fn join(a: &str, b: &str) -> String {
    let mut out = a.to_owned();
    glue(&mut out, b);
    out
}

fn capitalize(s: &str) -> String {
    let mut out = s.to_owned();
    capitalize_at(&mut out, 0);
    out
}

/// Words, counting an elided form ("l'élève") as one; punctuation alone is not a word.
fn word_count(s: &str) -> usize {
    s.split_ascii_whitespace()
        .filter(|w| w.bytes().any(|b| b.is_ascii_alphanumeric() || b >= 0x80))
        .count()
}

/// Cuts `s` at a word boundary so that it holds at most `max` characters.
fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for word in s.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        glue(&mut out, word);
    }
    out.trim_end_matches([',', ':', ';']).to_owned() + "…"
}

#[derive(Clone, Copy)]
enum Det {
    Le,
    Un,
    Ce,
    Chaque,
    Son,
    Notre,
    Les,
    Des,
    Ces,
    Ses,
    Quelques,
    Plusieurs,
}

const DETS: [Det; 12] = [
    Det::Le,
    Det::Un,
    Det::Ce,
    Det::Chaque,
    Det::Son,
    Det::Notre,
    Det::Les,
    Det::Des,
    Det::Ces,
    Det::Ses,
    Det::Quelques,
    Det::Plusieurs,
];
const DET_WEIGHTS: [u64; 12] = [32, 15, 6, 3, 5, 2, 20, 10, 3, 2, 1, 1];

impl Det {
    fn plural(self) -> bool {
        matches!(
            self,
            Det::Les | Det::Des | Det::Ces | Det::Ses | Det::Quelques | Det::Plusieurs
        )
    }

    fn word(self, fem: bool, vowel: bool) -> &'static str {
        match self {
            Det::Le if vowel => "l'",
            Det::Le if fem => "la",
            Det::Le => "le",
            Det::Un if fem => "une",
            Det::Un => "un",
            Det::Ce if fem => "cette",
            Det::Ce if vowel => "cet",
            Det::Ce => "ce",
            Det::Chaque => "chaque",
            Det::Son if fem && !vowel => "sa",
            Det::Son => "son",
            Det::Notre => "notre",
            Det::Les => "les",
            Det::Des => "des",
            Det::Ces => "ces",
            Det::Ses => "ses",
            Det::Quelques => "quelques",
            Det::Plusieurs => "plusieurs",
        }
    }
}

/// Appends `word` to the phrase that starts at `start`: after a space, or directly at the start
/// of the phrase or after an elided word ("l'", "d'").
fn put(out: &mut String, start: usize, word: &str) {
    if out.len() > start && !out.ends_with('\'') && !word.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Upper-cases the character at byte `pos` in place.
fn capitalize_at(out: &mut String, pos: usize) {
    let Some(first) = out[pos..].chars().next() else {
        return;
    };
    if first.is_ascii() {
        out[pos..=pos].make_ascii_uppercase();
    } else {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(pos..pos + first.len_utf8(), &upper);
    }
}

/// Sentence templates. Slots: `{S}` subject, `{P}` plural subject, `{V}` / `{W}` verb agreeing with
/// them, `{N}` noun phrase, `{I}` infinitive, `{D}` "de" + infinitive, `{T}` optional ending,
/// `{A}` adverbial, `{C}` connector, `{K}` kind of activity, `{E}` announced list, `{L}` level,
/// `{U}` title opening, `{M}` summary opening, `{H}` challenge name, `{Q}` length of a challenge.
const SENTENCES: &[&str] = &[
    "{S} {V} {N}{T}.",
    "{S} {V} {N}{T}.",
    "{C}, {S} {V} {N}{T}.",
    "Pour {I} {N}, {S} {V} {N}.",
    "Cette {K} permet aux élèves {D} {N}{T}.",
    "Il s'agit {D} {N}{T}.",
    "{P} {W} {N}{T}.",
    "L'objectif est {D} {N}{T}.",
    "On peut aussi {I} {N}{T}.",
    "{S} {V} {E} : {N}, {N} et {N}.",
    "{A}, {S} {V} {N}.",
    "Comment {I} {N}{T} ?",
];

const SPOKEN: &[&str] = &[
    "Aujourd'hui, je vous montre comment {I} {N}.",
    "Je propose aux élèves {D} {N}{T}.",
    "Vous voyez, {S} {V} {N}.",
    "On {V} {N}{T}.",
    "Ici, {P} {W} {N}.",
    "C'est important {D} {N} {A}.",
    "Et voilà : {S} {V} {N} !",
    "Ensuite, nous allons {I} {N}{T}.",
];

const TITLES: &[&str] = &[
    "{I} {N}{T}",
    "{N} : {I} {N}",
    "{U} pour {I} {N}",
    "Comment {I} {N}{T} ?",
    "{N} en {L}",
    "{I} {N} en {L}",
];

const SUMMARY_OPENINGS: &[&str] = &["{I} {N}{T}.", "{M} pour {I} {N}{T}."];

/// A text generator over one random stream, biased toward a theme's keywords.
struct Text<'a> {
    rng: SplitMix64,
    vocab: &'a Vocab,
    focus: &'a Pool<Noun>,
    level: &'static str,
}

impl<'a> Text<'a> {
    fn noun(&mut self) -> &'a Noun {
        if self.rng.chance(3, 10) {
            self.focus.draw(&mut self.rng)
        } else {
            self.vocab.nouns.draw(&mut self.rng)
        }
    }

    fn inf(&mut self) -> &'a str {
        self.vocab.infinitives.draw(&mut self.rng)
    }

    fn phrase(&mut self, pool: fn(&Vocab) -> &Pool<&'static str>) -> &'static str {
        pool(self.vocab).draw(&mut self.rng)
    }

    /// Appends `template` with its slots filled in, its first letter upper-cased.
    fn render(&mut self, out: &mut String, template: &str) {
        let start = out.len();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let slot = rest.as_bytes().get(open + 1).copied().unwrap_or(b'?');
            self.slot(out, slot);
            rest = rest.get(open + 3..).unwrap_or("");
        }
        out.push_str(rest);
        capitalize_at(out, start);
    }

    fn slot(&mut self, out: &mut String, slot: u8) {
        let word: &str = match slot {
            b'S' => self.phrase(|v| &v.subjects),
            b'P' => self.phrase(|v| &v.plural_subjects),
            b'V' => &self.vocab.verbs.draw(&mut self.rng).one,
            b'W' => &self.vocab.verbs.draw(&mut self.rng).many,
            b'I' => self.inf(),
            b'A' => self.phrase(|v| &v.adverbials),
            b'C' => self.phrase(|v| &v.connectors),
            b'K' => self
                .rng
                .word(&["séance", "activité", "démarche", "situation", "routine"]),
            b'E' => self.rng.word(&[
                "plusieurs choses",
                "trois éléments",
                "différents supports",
                "quelques outils",
            ]),
            b'L' => self.level,
            b'U' => self.rng.word(TITLE_KINDS),
            b'M' => self.rng.word(SUMMARY_KINDS),
            b'H' => self.rng.word(CHALLENGE_KINDS),
            b'Q' => self
                .rng
                .word(&["une semaine", "deux semaines", "un mois", "une période"]),
            b'N' => return self.np(out, ""),
            b'D' => return self.de_inf(out),
            _ => return self.tail(out),
        };
        out.push_str(word);
    }

    /// "d'observer", "de lire".
    fn de_inf(&mut self, out: &mut String) {
        let inf = self.inf();
        let start = out.len();
        put(out, start, de(inf));
        put(out, start, inf);
    }

    /// A noun phrase after `prep` ("" for none), with French contractions and elisions.
    fn np(&mut self, out: &mut String, prep: &str) {
        let noun = self.noun();
        let det = DETS[self.rng.weighted(&DET_WEIGHTS)];
        let plural = det.plural();
        let head = if plural { &noun.many } else { &noun.one };
        let d = det.word(noun.fem, vowel_initial(head));
        let start = out.len();
        match (prep, d) {
            ("de", "le") => put(out, start, "du"),
            ("de", "les") => put(out, start, "des"),
            ("de", "des") => put(out, start, de(head)),
            ("à", "le") => put(out, start, "au"),
            ("à", "les") => put(out, start, "aux"),
            ("de", _) => {
                put(out, start, de(d));
                put(out, start, d);
            }
            (p, _) => {
                put(out, start, p);
                put(out, start, d);
            }
        }
        put(out, start, head);
        if self.rng.chance(1, 3) {
            let adj = self.vocab.adjs.draw(&mut self.rng);
            put(out, start, adj.form(noun.fem, plural));
        }
    }

    /// A prepositional phrase: "avec des jetons", "à partir de l'album".
    fn pp(&mut self, out: &mut String) {
        let prep = self.phrase(|v| &v.prepositions);
        for tail in ["de", "à"] {
            if let Some(stem) = prep.strip_suffix(tail).and_then(|s| s.strip_suffix(' ')) {
                out.push_str(stem);
                out.push(' ');
                return self.np(out, tail);
            }
        }
        self.np(out, prep);
    }

    /// An optional ending, with its leading space: a prepositional phrase or an adverbial.
    fn tail(&mut self, out: &mut String) {
        match self.rng.below(3) {
            0 => {}
            1 => {
                out.push(' ');
                self.pp(out);
            }
            _ => {
                out.push(' ');
                out.push_str(self.phrase(|v| &v.adverbials));
            }
        }
    }

    /// Sentences from `templates` until about `target` words.
    fn paragraph(&mut self, out: &mut String, templates: &[&str], target: usize) {
        let mut words = 0;
        while words < target {
            if words > 0 {
                out.push(' ');
            }
            let start = out.len();
            let template = *self.rng.pick(templates);
            self.render(out, template);
            words += word_count(&out[start..]);
        }
    }

    /// A title of 4 to 10 words and at most 120 characters.
    fn title(&mut self) -> String {
        let mut out = String::with_capacity(96);
        for _ in 0..16 {
            out.clear();
            let template = *self.rng.pick(TITLES);
            self.render(&mut out, template);
            if (4..=10).contains(&word_count(&out)) && out.chars().count() <= 120 {
                return out;
            }
        }
        format!("Une activité pour la classe de {}", self.level)
    }

    /// One or two sentences, at most 300 characters.
    fn summary(&mut self) -> String {
        let mut out = String::with_capacity(256);
        if self.rng.chance(2, 3) {
            let template = *self.rng.pick(SUMMARY_OPENINGS);
            self.render(&mut out, template);
        } else {
            self.paragraph(&mut out, SENTENCES, 1);
        }
        let first = out.len();
        if self.rng.chance(1, 2) {
            out.push(' ');
            self.paragraph(&mut out, SENTENCES, 1);
        }
        if out.chars().count() > 300 {
            out.truncate(first);
        }
        fit(&out, 300)
    }

    /// 2–4 paragraphs, about 80–200 words, sometimes with a material line or a numbered list.
    fn body(&mut self, out: &mut String) {
        // Paragraphs overshoot their target by half a sentence on average.
        let total = self.rng.range(76, 170);
        let count = self.rng.range(2, 4);
        let extra = self.rng.below(16);
        for i in 0..count {
            if i > 0 {
                out.push_str("\n\n");
            }
            self.paragraph(out, SENTENCES, total / count);
            if i == 0 && extra < 4 {
                self.render(out, "\n\n**Matériel :** {N}, {N} et {N}.");
            } else if i == 0 && extra < 7 {
                self.steps(out);
            }
        }
        out.push('\n');
    }

    fn steps(&mut self, out: &mut String) {
        out.push_str("\n\nLes étapes :\n");
        for i in 1..=self.rng.range(2, 4) {
            let _ = write!(out, "\n{i}. ");
            self.render(out, "{I} {N}.");
        }
    }

    /// What is said in the video: 40–120 words in one or two paragraphs.
    fn transcript(&mut self) -> String {
        let mut out = String::with_capacity(1024);
        out.push_str(self.rng.word(OPENINGS));
        let target = self.rng.range(40, 120);
        if self.rng.chance(1, 2) {
            out.push(' ');
            self.paragraph(&mut out, SPOKEN, target / 2);
            out.push_str("\n\n");
            self.paragraph(&mut out, SPOKEN, target / 2);
        } else {
            out.push(' ');
            self.paragraph(&mut out, SPOKEN, target);
        }
        out.push(' ');
        out.push_str(self.rng.word(CLOSINGS));
        out
    }
}

// ---------------------------------------------------------------------------------------------
// YAML front matter
// ---------------------------------------------------------------------------------------------

/// Appends `s` as a YAML double-quoted scalar.
fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    // Fast path: no quote, backslash, C0/C1 control, U+2028/U+2029 (lead byte E2) or BOM (EF).
    let special = |b: u8| b < 0x20 || matches!(b, b'"' | b'\\' | 0x7F | 0xC2 | 0xE2 | 0xEF);
    if !s.bytes().any(special) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A Markdown file with YAML front matter, built key by key.
struct Doc(String);

impl Doc {
    fn new() -> Self {
        Self(String::from("---\n"))
    }

    fn text(&mut self, key: &str, value: &str) -> &mut Self {
        self.0.push_str(key);
        self.0.push_str(": ");
        push_quoted(&mut self.0, value);
        self.0.push('\n');
        self
    }

    fn list<S: AsRef<str>>(&mut self, key: &str, values: &[S]) -> &mut Self {
        self.0.push_str(key);
        self.0.push_str(": [");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.0.push_str(", ");
            }
            push_quoted(&mut self.0, v.as_ref());
        }
        self.0.push_str("]\n");
        self
    }

    fn int(&mut self, key: &str, value: usize) -> &mut Self {
        let _ = writeln!(self.0, "{key}: {value}");
        self
    }

    /// Closes the front matter and appends the body written by `body`.
    fn finish_with(&mut self, body: impl FnOnce(&mut String)) -> String {
        let mut out = std::mem::take(&mut self.0);
        out.push_str("---\n\n");
        body(&mut out);
        out
    }

    fn finish(&mut self, body: &str) -> String {
        let mut out = std::mem::take(&mut self.0);
        out.push_str("---\n\n");
        out.push_str(body.trim_end());
        out.push('\n');
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------

const TAG_VIDEO: u64 = 1;
const TAG_PERSON: u64 = 2;
const TAG_BIO: u64 = 3;
const TAG_EVENT: u64 = 4;

struct Dirs {
    videos: PathBuf,
    contributors: PathBuf,
    themes: PathBuf,
    events: PathBuf,
    pages: PathBuf,
}

impl Dirs {
    fn create(root: &Path) -> io::Result<Self> {
        let content = root.join("content");
        let dirs = Self {
            videos: content.join("videos"),
            contributors: content.join("contributors"),
            themes: content.join("themes"),
            events: content.join("events"),
            pages: content.join("pages"),
        };
        for dir in [
            &dirs.videos,
            &dirs.contributors,
            &dirs.themes,
            &dirs.events,
            &dirs.pages,
        ] {
            fs::create_dir_all(dir)?;
        }
        Ok(dirs)
    }
}

/// Generates `count` files of `dir` with `make(index)` and returns the items in index order.
///
/// Items are generated in parallel and handed to a single writer thread: files created
/// concurrently in one directory contend on its lock, and the writer's system time then
/// overlaps with the generation.
fn write_files<T: Send>(
    dir: &Path,
    count: usize,
    make: impl Fn(usize) -> (T, String, String) + Sync,
) -> io::Result<Vec<T>> {
    let (sender, receiver) = mpsc::sync_channel::<(String, String)>(256);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            receiver
                .into_iter()
                .try_for_each(|(name, text)| fs::write(dir.join(name), text))
        });
        let items: Result<Vec<T>, _> = (0..count)
            .into_par_iter()
            .map_with(sender, |sender, i| {
                let (item, name, text) = make(i);
                sender.send((name, text)).map(|()| item)
            })
            .collect();
        // Every sender is dropped by now, so the writer has finished or failed.
        writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("file writer panicked")))?;
        items.map_err(|_| io::Error::other("file writer stopped early"))
    })
}

struct Person {
    id: String,
    name: String,
    fem: bool,
    role: usize,
    academie: &'static str,
}

/// Everything the per-item generators share.
struct Ctx<'a> {
    seed: u64,
    vocab: &'a Vocab,
    people: &'a [Person],
    authors: Zipf,
    topics: Zipf,
    epoch: NaiveDate,
}

impl<'a> Ctx<'a> {
    fn new(seed: u64, vocab: &'a Vocab, people: &'a [Person]) -> Self {
        Self {
            seed,
            vocab,
            people,
            // 1 / (rank + 10): a few prolific contributors (~1 % of videos for the first of 25 000).
            authors: Zipf::new(people.len(), 10),
            topics: Zipf::new(vocab.topics.len(), 3),
            epoch: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default(),
        }
    }

    fn text(&self, rng: SplitMix64, topic: usize, level: &'static str) -> Text<'a> {
        Text {
            rng,
            vocab: self.vocab,
            focus: &self.vocab.topics[topic].keywords,
            level,
        }
    }

    fn day(&self, offset: usize) -> NaiveDate {
        self.epoch
            .checked_add_days(Days::new(offset as u64))
            .unwrap_or(self.epoch)
    }

    /// Distinct contributors: a Zipf draw, except that every fourth video goes round-robin
    /// so that (nearly) every contributor has a video.
    fn authors(&self, rng: &mut SplitMix64, index: usize) -> Vec<usize> {
        let n = self.people.len();
        let first = if index.is_multiple_of(4) {
            (index / 4) % n
        } else {
            self.authors.sample(rng)
        };
        let count = if rng.chance(1, 4) { 2 } else { 1 };
        distinct(first, count, n, || self.authors.sample(rng))
    }

    /// Distinct themes, the first one round-robin for the first videos so that all are used.
    fn themes(&self, rng: &mut SplitMix64, index: usize, count: usize) -> Vec<usize> {
        let n = self.vocab.topics.len();
        let first = if index < n {
            index
        } else {
            self.topics.sample(rng)
        };
        distinct(first, count, n, || self.topics.sample(rng))
    }
}

/// `count` distinct indices below `len`, starting with `first`; duplicates move to the next free index.
fn distinct(first: usize, count: usize, len: usize, mut draw: impl FnMut() -> usize) -> Vec<usize> {
    let mut out = vec![first];
    while out.len() < count.min(len) {
        let mut next = draw();
        while out.contains(&next) {
            next = (next + 1) % len;
        }
        out.push(next);
    }
    out
}

/// A slug from the first words of `title` (at most ~60 characters) and a numeric suffix.
fn slug_with_suffix(title: &str, suffix: usize) -> String {
    let full = slug::slugify(title);
    let mut out = String::new();
    for part in full.split('-').filter(|p| !p.is_empty()) {
        if !out.is_empty() && out.len() + part.len() > 60 {
            break;
        }
        glue_with(&mut out, part, '-');
    }
    if out.is_empty() {
        out.push_str("item");
    }
    format!("{out}-{suffix}")
}

fn glue_with(out: &mut String, part: &str, sep: char) {
    if !out.is_empty() {
        out.push(sep);
    }
    out.push_str(part);
}

// --- site, pages, themes ---------------------------------------------------------------------

const SITE_YAML: &str = "title: \"Catalogue synthétique\"
base_url: \"https://synth.example.org\"
language: \"fr\"
timezone: \"Europe/Paris\"
max_duration: \"2:00\"
per_page: 24
levels: [\"PS\", \"MS\", \"GS\", \"CP\", \"CE1\", \"CE2\", \"CM1\", \"CM2\"]
peertube_hosts: [\"tube-cycle-2.apps.education.fr\", \"tube-cycle-3.apps.education.fr\"]
feed_items: 50
";

const LEVELS: [&str; 8] = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"];

fn write_pages(dir: &Path) -> io::Result<()> {
    let about = Doc::new().text("title", "À propos").int("menu", 1).finish(
        "Ce catalogue est **synthétique** : il est généré automatiquement pour mesurer les \
         performances de Capsule. Les vidéos, les contributeurs et les événements sont fictifs.\n\n\
         Toute ressemblance avec des personnes existantes serait une pure coïncidence.",
    );
    let join_us = Doc::new()
        .text("title", "Participer")
        .int("menu", 2)
        .finish(
        "Vous enseignez et vous souhaitez partager une pratique de classe ? Filmez une vidéo de \
         moins de deux minutes, puis proposez-la à l'équipe de rédaction.\n\n\
         Chaque vidéo est relue avant sa publication.",
    );
    fs::write(dir.join("a-propos.md"), about)?;
    fs::write(dir.join("participer.md"), join_us)
}

fn write_topics(dir: &Path, vocab: &Vocab) -> io::Result<()> {
    for topic in &vocab.topics {
        let body = format!(
            "Retrouvez ici des pratiques de classe autour {} : {}",
            de_phrase(topic.phrase),
            lowercase_first(topic.description)
        );
        let text = Doc::new()
            .text("title", topic.title)
            .text("description", topic.description)
            .text("group", topic.group)
            .finish(&body);
        fs::write(dir.join(format!("{}.md", topic.id)), text)?;
    }
    Ok(())
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

// --- contributors ----------------------------------------------------------------------------

const ROLES: [&str; 6] = [
    "professeure des écoles",
    "professeur des écoles",
    "conseillère pédagogique",
    "formateur",
    "IEN",
    "directrice d'école",
];

/// The contributors, with ids made unique by a numeric suffix.
fn make_people(seed: u64, count: usize) -> Vec<Person> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    (0..count)
        .map(|i| {
            let mut rng = SplitMix64::stream(seed, TAG_PERSON, i);
            let role = i % ROLES.len();
            let fem = match role {
                0 | 2 | 5 => true,
                1 | 3 => false,
                _ => rng.chance(1, 2),
            };
            let first = rng.pick(if fem { FIRST_NAMES_F } else { FIRST_NAMES_M });
            let name = format!("{first} {}", rng.pick(LAST_NAMES));
            let base = slug::slugify(&name);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}-{n}") };
            Person {
                id,
                name,
                fem,
                role,
                academie: rng.word(ACADEMIES),
            }
        })
        .collect()
}

fn write_people(dir: &Path, ctx: &Ctx) -> io::Result<()> {
    write_files(dir, ctx.people.len(), |i| {
        let person = &ctx.people[i];
        let text = Doc::new()
            .text("name", &person.name)
            .text("role", ROLES[person.role])
            .text("academie", person.academie)
            .finish(&biography(ctx, person, i));
        ((), format!("{}.md", person.id), text)
    })?;
    Ok(())
}

/// One or two sentences about a contributor.
fn biography(ctx: &Ctx, person: &Person, index: usize) -> String {
    let mut rng = SplitMix64::stream(ctx.seed, TAG_BIO, index);
    let topic = &ctx.vocab.topics[rng.below(ctx.vocab.topics.len())];
    let (pronoun, academie) = (
        if person.fem { "elle" } else { "il" },
        de_phrase(person.academie),
    );
    let first = match person.role {
        0 | 1 => format!(
            "{} enseigne en {} dans une école {} de l'académie {academie} depuis {}.",
            capitalize(pronoun),
            rng.pick(&LEVELS),
            rng.pick(SCHOOL_KINDS),
            rng.range(1998, 2022)
        ),
        2 => format!("Conseillère pédagogique dans l'académie {academie}, elle accompagne les équipes d'école."),
        3 => format!("Formateur à l'INSPÉ {}, il suit les professeurs stagiaires.", de_phrase(rng.word(TOWNS))),
        4 => format!(
            "{} de l'Éducation nationale dans l'académie {academie}, {pronoun} s'intéresse particulièrement {}.",
            if person.fem { "Inspectrice" } else { "Inspecteur" },
            a_phrase(topic.phrase)
        ),
        _ => format!("Directrice d'une école de {} classes, elle partage les outils de son équipe.", rng.range(3, 14)),
    };
    if rng.chance(1, 2) {
        return first;
    }
    let second = match rng.below(2) {
        0 => format!("Ses vidéos portent surtout sur {}.", topic.phrase),
        _ => format!(
            "{} anime aussi des ateliers {}.",
            capitalize(pronoun),
            de_phrase(topic.phrase)
        ),
    };
    join(&first, &second)
}

// --- videos ----------------------------------------------------------------------------------

/// What events need to know about a video.
struct VideoRef {
    slug: String,
    title: String,
    topic: usize,
}

fn write_videos(dir: &Path, ctx: &Ctx, count: usize) -> io::Result<Vec<VideoRef>> {
    write_files(dir, count, |i| {
        let (video, text) = make_video(ctx, i);
        let name = format!("{}.md", video.slug);
        (video, name, text)
    })
}

fn make_video(ctx: &Ctx, index: usize) -> (VideoRef, String) {
    let mut rng = SplitMix64::stream(ctx.seed, TAG_VIDEO, index);
    let topic_count = 1 + rng.weighted(&[50, 35, 15]);
    let themes = ctx.themes(&mut rng, index, topic_count);
    let authors = ctx.authors(&mut rng, index);
    let levels = pick_levels(&mut rng);
    let mut text = ctx.text(rng, themes[0], levels[0]);
    let title = text.title();
    let slug = slug_with_suffix(&title, index + 1);
    let mut doc = Doc::new();
    doc.text("title", &title)
        .text("date", &video_date(ctx, &mut text.rng))
        .text("video", &video_url(&mut text.rng, index, &slug))
        .text("duration", &duration(&mut text.rng))
        .list(
            "contributors",
            &authors
                .iter()
                .map(|&a| ctx.people[a].id.as_str())
                .collect::<Vec<_>>(),
        )
        .list(
            "themes",
            &themes
                .iter()
                .map(|&t| ctx.vocab.topics[t].id)
                .collect::<Vec<_>>(),
        )
        .list("levels", &levels)
        .text("summary", &text.summary());
    if text.rng.chance(1, 3) {
        doc.text("transcript", &text.transcript());
    }
    let file = doc.finish_with(|out| text.body(out));
    (
        VideoRef {
            slug,
            title,
            topic: themes[0],
        },
        file,
    )
}

/// 1–3 consecutive levels.
fn pick_levels(rng: &mut SplitMix64) -> Vec<&'static str> {
    let count = 1 + rng.weighted(&[40, 40, 20]);
    let start = rng.below(LEVELS.len() - count + 1);
    LEVELS[start..start + count].to_vec()
}

/// A day in 2019-01-01..=2026-10-31, more often recent (the catalogue grows).
fn video_date(ctx: &Ctx, rng: &mut SplitMix64) -> String {
    let last = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
    let span = usize::try_from(last.signed_duration_since(ctx.epoch).num_days()).unwrap_or(0) + 1;
    let day = ctx.day(rng.below(span).max(rng.below(span)));
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const YOUTUBE_ID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const HEX: &[u8] = b"0123456789abcdef";

/// The hosted video's URL, rotating through the supported hosts.
fn video_url(rng: &mut SplitMix64, index: usize, slug: &str) -> String {
    match index % 6 {
        0 => format!(
            "https://tube-cycle-2.apps.education.fr/w/{}",
            rng.chars(ALNUM, 16)
        ),
        1 => format!(
            "https://tube-cycle-3.apps.education.fr/videos/watch/{}",
            uuid(rng)
        ),
        2 => format!(
            "https://www.youtube.com/watch?v={}",
            rng.chars(YOUTUBE_ID, 11)
        ),
        3 => format!("https://vimeo.com/{}", rng.range(100_000_000, 999_999_999)),
        4 => format!(
            "https://www.dailymotion.com/video/x{}",
            rng.chars(LOWER_ALNUM, 6)
        ),
        _ => format!("https://media.example.org/v/{slug}.mp4"),
    }
}

/// A version-4-looking UUID.
fn uuid(rng: &mut SplitMix64) -> String {
    format!(
        "{}-{}-4{}-{}{}-{}",
        rng.chars(HEX, 8),
        rng.chars(HEX, 4),
        rng.chars(HEX, 3),
        char::from(*rng.pick(b"89ab")),
        rng.chars(HEX, 3),
        rng.chars(HEX, 12)
    )
}

/// `m:ss` between 0:30 and 2:00.
fn duration(rng: &mut SplitMix64) -> String {
    let seconds = rng.range(30, 120);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

// --- events ----------------------------------------------------------------------------------

fn write_events(dir: &Path, ctx: &Ctx, videos: &[VideoRef], count: usize) -> io::Result<usize> {
    write_files(dir, count, |i| {
        let (slug, text) = make_event(ctx, videos, i);
        ((), format!("{slug}.md"), text)
    })?;
    Ok(count)
}

fn make_event(ctx: &Ctx, videos: &[VideoRef], index: usize) -> (String, String) {
    let mut rng = SplitMix64::stream(ctx.seed, TAG_EVENT, index);
    let focus = (index % 2 == 1 && !videos.is_empty()).then(|| &videos[rng.below(videos.len())]);
    let topic = focus.map_or_else(|| ctx.topics.sample(&mut rng), |v| v.topic);
    let theme_count = 1 + usize::from(rng.chance(1, 2));
    let themes = distinct(topic, theme_count, ctx.vocab.topics.len(), || {
        ctx.topics.sample(&mut rng)
    });
    let facilitator_count = 1 + usize::from(rng.chance(1, 2));
    let first = ctx.authors.sample(&mut rng);
    let facilitators = distinct(first, facilitator_count, ctx.people.len(), || {
        ctx.authors.sample(&mut rng)
    });
    let mut text = ctx.text(rng, topic, "CP");
    let title = match focus {
        Some(v) => format!(
            "{} : {}",
            text.rng.pick(&["Focus", "Focus vidéo", "Regards croisés"]),
            v.title
        ),
        None => {
            let mut title = String::new();
            text.render(&mut title, "{H} : {I} {N}");
            title
        }
    };
    let slug = slug_with_suffix(&title, index + 1);
    let (start, end) = event_times(ctx, &mut text.rng);
    let mut doc = Doc::new();
    doc.text("title", &title)
        .text(
            "kind",
            if focus.is_some() {
                "focus"
            } else {
                "challenge"
            },
        )
        .text("start", &start)
        .text("end", &end);
    if (index / 2).is_multiple_of(2) {
        doc.text("location", &venue(&mut text.rng));
    } else {
        doc.text("online", &format!("https://visio.example.org/{slug}"));
    }
    doc.list(
        "facilitators",
        &facilitators
            .iter()
            .map(|&p| ctx.people[p].id.as_str())
            .collect::<Vec<_>>(),
    )
    .list(
        "themes",
        &themes
            .iter()
            .map(|&t| ctx.vocab.topics[t].id)
            .collect::<Vec<_>>(),
    );
    if let Some(v) = focus {
        doc.list("videos", &[v.slug.as_str()]);
    }
    let body = event_body(&mut text, focus);
    (slug, doc.finish(&body))
}

/// Start and end (1–3 hours later) in 2019–2027, RFC 3339 with a +01:00 offset.
fn event_times(ctx: &Ctx, rng: &mut SplitMix64) -> (String, String) {
    let day = ctx.day(rng.below(3287)); // 2019-01-01..=2027-12-31
    let hour = *rng.pick(&[9u32, 10, 14, 16, 17, 18]);
    let minute = *rng.pick(&[0u32, 30]);
    let start = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
    let end = start + TimeDelta::minutes(*rng.pick(&[60i64, 90, 120, 150, 180]));
    let format = "%Y-%m-%dT%H:%M:%S+01:00";
    (
        start.format(format).to_string(),
        end.format(format).to_string(),
    )
}

fn venue(rng: &mut SplitMix64) -> String {
    let town = *rng.pick(TOWNS);
    match rng.below(4) {
        0 => format!("Atelier Canopé {}", de_phrase(town)),
        1 => format!("École {}, {town}", rng.pick(SCHOOL_NAMES)),
        2 => format!("Médiathèque {}", de_phrase(town)),
        _ => format!("INSPÉ {}, salle {}", de_phrase(town), rng.range(1, 24)),
    }
}

fn event_body(text: &mut Text, focus: Option<&VideoRef>) -> String {
    let mut out = String::with_capacity(1024);
    match focus {
        Some(v) => {
            let title = v.title.replace(['[', ']'], "");
            let _ = write!(out, "Une rencontre en direct autour de la vidéo [{title}](/videos/{}/), avec ses auteurs.", v.slug);
        }
        None => text.render(
            &mut out,
            "Pendant {Q}, les classes inscrites relèvent le défi : {I} {N}{T}.",
        ),
    }
    out.push_str("\n\n");
    let target = text.rng.range(30, 80);
    text.paragraph(&mut out, SENTENCES, target);
    out
}

// ---------------------------------------------------------------------------------------------
// Word lists (ranked: the first words are the most frequent)
// ---------------------------------------------------------------------------------------------

const NOUNS_M: &str = "élève enseignant groupe atelier exercice support matériel outil cahier tableau \
texte mot objectif projet jeu temps moment travail|travaux défi album livre problème nombre calcul \
dessin document exemple résultat échange débat apprentissage rituel coin espace conseil parcours \
carnet classeur affichage cercle binôme tutorat repère indice schéma modèle plateau dé jeton crayon \
feutre papier carton fichier manuel cartable bureau couloir préau gymnase jardin potager quartier \
musée spectacle concert récit conte poème dialogue message courrier journal compte_rendu|comptes_rendus \
bilan progrès effort geste regard silence bruit signal calendrier emploi_du_temps|emplois_du_temps \
thème sujet domaine chapitre passage paragraphe titre personnage lieu décor objet animal \
caillou|cailloux bâtonnet cube boulier compteur chronomètre sablier ordinateur écran enregistrement \
film diaporama questionnaire entraînement retour encouragement contrat engagement plan brouillon \
vocabulaire lexique sens indicateur critère niveau cycle programme savoir concept geste_professionnel|gestes_professionnels \
oral écrit code élément ensemble type principe détail accueil matin après-midi|après-midis goûter \
protocole tri classement rangement imagier abécédaire répertoire mémo aide-mémoire|aide-mémoires \
pictogramme tapis banc";

const NOUNS_F: &str = "classe séance activité consigne notion compétence démarche stratégie trace \
fiche carte image histoire phrase lettre question réponse règle étape situation production lecture \
écriture leçon méthode école équipe progression séquence évaluation difficulté erreur idée correction \
collection boîte ardoise bande frise affiche chanson comptine illustration tâche mission expérience \
observation manipulation mémoire attention autonomie coopération entraide confiance motivation posture \
parole écoute discussion présentation vidéo capsule tablette photo maquette grille liste table \
récréation cour bibliothèque matinée semaine période journée famille différenciation remédiation \
explication démonstration recherche solution piste hypothèse conclusion synthèse trousse gomme \
étiquette pochette enveloppe boussole balance loupe plante graine saison météo sortie visite rencontre \
exposition fête chorale danse course rentrée main voix langue pratique habitude routine organisation \
préparation anticipation consolidation mise_en_commun|mises_en_commun mise_en_scène|mises_en_scène \
ressource variable contrainte aide fluence compréhension dictée orthographe syllabe unité dizaine \
centaine figure mesure longueur durée nature matière salle porte fenêtre chaise";

const ADJECTIVES: &str = "simple court/courte collectif/collective individuel/individuelle ludique \
efficace progressif/progressive concret/concrète nouveau/nouvelle quotidien/quotidienne oral/orale \
écrit/écrite visuel/visuelle rapide précis/précise clair/claire différent/différente adapté/adaptée \
guidé/guidée autonome régulier/régulière complet/complète créatif/créative attentif/attentive pratique \
utile facile difficile essentiel/essentielle commun/commune partagé/partagée structuré/structurée \
explicite numérique mathématique scientifique motivant/motivante bienveillant/bienveillante calme \
dynamique original/originale habituel/habituelle coloré/colorée illustré/illustrée silencieux/silencieuse \
joyeux/joyeuse précieux/précieuse ambitieux/ambitieuse sonore musical/musicale artistique \
culturel/culturelle littéraire grammatical/grammaticale logique mental/mentale spécifique accessible \
lisible fiable souple rigoureux/rigoureuse inclusif/inclusive coopératif/coopérative interactif/interactive \
manipulable mobile libre ouvert/ouverte long/longue entier/entière spontané/spontanée réfléchi/réfléchie \
enrichi/enrichie varié/variée vivant/vivante préparé/préparée connu/connue inconnu/inconnue";

const INFINITIVES: &str = "comprendre lire écrire observer manipuler découvrir construire utiliser \
présenter expliquer organiser préparer réviser mémoriser comparer classer trier ranger chercher résoudre \
calculer mesurer dessiner décrire raconter inventer créer jouer chanter écouter répéter reformuler \
vérifier corriger évaluer valoriser encourager accompagner différencier anticiper partager échanger \
justifier représenter schématiser modéliser coder programmer enregistrer filmer photographier afficher \
coller découper colorier tracer compter dénombrer estimer décomposer illustrer copier dicter épeler \
segmenter identifier repérer reconnaître nommer associer relier compléter transformer enrichir \
structurer planifier gérer installer instaurer apprendre enseigner travailler réinvestir consolider \
automatiser verbaliser expérimenter questionner interpréter rédiger relire produire retrouver explorer \
fabriquer imaginer mettre_en_scène mettre_en_voix mettre_en_place s'approprier";

const VERBS: &str = "propose présente montre explique utilise construit|construisent découvre \
organise prépare observe manipule compare lit|lisent écrit|écrivent choisit|choisissent reformule \
vérifie corrige complète partage enrichit|enrichissent structure transforme illustre anime accompagne \
guide valorise encourage installe invente reprend|reprennent note affiche range classe trie \
décrit|décrivent raconte résout|résolvent retrouve mémorise cherche dessine colle découpe trace mesure \
calcule compte nomme repère identifie associe relie prend|prennent apprend|apprennent \
comprend|comprennent produit|produisent réunit|réunissent remplit|remplissent relit|relisent \
met_en_place|mettent_en_place met_en_valeur|mettent_en_valeur fabrique enregistre filme";

#[rustfmt::skip]
const SUBJECTS: &[&str] = &[
    "l'enseignante", "l'enseignant", "chaque élève", "la classe", "le groupe", "l'élève", "on",
    "la maîtresse", "le maître", "la professeure", "le professeur", "l'équipe", "chaque binôme",
    "le tuteur", "la tutrice", "l'AESH", "l'adulte", "le meneur de jeu", "chacun", "le rapporteur",
];

#[rustfmt::skip]
const SUBJECTS_PLURAL: &[&str] = &[
    "les élèves", "les enfants", "les groupes", "les binômes", "les petits", "les grands",
    "les tuteurs", "les équipes", "les camarades", "les plus rapides",
];

#[rustfmt::skip]
const ADVERBIALS: &[&str] = &[
    "en classe", "chaque matin", "en petits groupes", "en binôme", "en autonomie", "à voix haute",
    "au tableau", "sur l'ardoise", "dans le cahier", "pas à pas", "en fin de séance",
    "en début de journée", "à tour de rôle", "de façon ludique", "en silence", "tous les jours",
    "chaque semaine", "sans difficulté", "avec soin", "en quelques minutes", "dès la maternelle",
    "tout au long de l'année", "en demi-classe", "dans la cour", "au coin regroupement",
    "le lundi matin", "après la récréation", "en fin de période", "collectivement",
    "individuellement", "progressivement", "régulièrement", "rapidement", "ensemble", "calmement",
    "librement",
];

#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "d'abord", "ensuite", "puis", "enfin", "par ailleurs", "de plus", "ainsi", "en effet",
    "pourtant", "cependant", "au départ", "pour commencer", "dans un second temps", "à la fin",
    "par exemple", "grâce à cela", "petit à petit", "au fil des semaines", "très vite",
    "en général", "souvent", "parfois", "au bout de quelques jours", "dans ce cas",
];

#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "avec", "pour", "dans", "sur", "grâce à", "à partir de", "autour de", "en lien avec",
    "au moyen de", "à côté de", "après", "avant", "pendant", "sans", "près de", "face à",
];

#[rustfmt::skip]
const TITLE_KINDS: &[&str] = &[
    "Un rituel", "Un jeu", "Une astuce", "Un outil", "Une activité", "Une méthode", "Un défi",
    "Une routine", "Un atelier", "Une idée", "Un dispositif",
];

#[rustfmt::skip]
const SUMMARY_KINDS: &[&str] = &[
    "Une séance", "Une vidéo", "Une capsule", "Un rituel", "Une activité courte",
    "Un exemple concret", "Une astuce",
];

const OPENINGS: &[&str] = &[
    "Bonjour à tous !",
    "Bonjour !",
    "Bonjour, bienvenue dans ma classe.",
    "Salut les collègues !",
    "Bonjour à toutes et à tous.",
];

const CLOSINGS: &[&str] = &[
    "Merci et à bientôt !",
    "À vous de jouer !",
    "Bonne séance !",
    "Voilà, c'est tout pour aujourd'hui.",
    "N'hésitez pas à essayer en classe.",
];

const CHALLENGE_KINDS: &[&str] = &[
    "Défi",
    "Défi de la semaine",
    "Grand défi",
    "Défi inter-classes",
];

#[rustfmt::skip]
const SCHOOL_KINDS: &[&str] = &[
    "rurale", "de centre-ville", "de quartier", "en éducation prioritaire", "à classe unique",
    "maternelle", "élémentaire", "primaire",
];

#[rustfmt::skip]
const SCHOOL_NAMES: &[&str] = &[
    "Jules-Ferry", "Jean-Jaurès", "Victor-Hugo", "Marie-Curie", "Jacques-Prévert", "Louise-Michel",
    "Simone-Veil", "Paul-Bert", "Pasteur", "Les Tilleuls",
];

#[rustfmt::skip]
const TOWNS: &[&str] = &[
    "Lyon", "Villeurbanne", "Grenoble", "Annecy", "Chambéry", "Valence", "Saint-Étienne",
    "Clermont-Ferrand", "Dijon", "Besançon", "Nancy", "Metz", "Strasbourg", "Lille", "Amiens",
    "Rouen", "Caen", "Rennes", "Nantes", "Angers", "Tours", "Orléans", "Poitiers", "Limoges",
    "Bordeaux", "Pau", "Toulouse", "Montpellier", "Nîmes", "Marseille", "Nice", "Ajaccio",
    "Créteil", "Versailles", "Paris",
];

#[rustfmt::skip]
const ACADEMIES: &[&str] = &[
    "Aix-Marseille", "Amiens", "Besançon", "Bordeaux", "Clermont-Ferrand", "Corse", "Créteil",
    "Dijon", "Grenoble", "Guadeloupe", "Guyane", "La Réunion", "Lille", "Limoges", "Lyon",
    "Martinique", "Mayotte", "Montpellier", "Nancy-Metz", "Nantes", "Nice", "Normandie",
    "Orléans-Tours", "Paris", "Poitiers", "Reims", "Rennes", "Strasbourg", "Toulouse", "Versailles",
];

#[rustfmt::skip]
const FIRST_NAMES_F: &[&str] = &[
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Julie", "Marie", "Sophie", "Claire",
    "Anne", "Isabelle", "Nathalie", "Céline", "Aurélie", "Émilie", "Sandrine", "Valérie", "Hélène",
    "Laure", "Élodie", "Caroline", "Stéphanie", "Virginie", "Agnès", "Mathilde", "Pauline", "Lucie",
    "Charlotte", "Juliette", "Margaux", "Audrey", "Delphine", "Florence", "Géraldine", "Karine",
    "Laëtitia", "Maëlle", "Noémie", "Océane", "Solène", "Yasmina", "Fatima", "Nadia", "Amina",
    "Sarah", "Léna", "Zoé", "Anaïs", "Béatrice", "Anne-Sophie", "Marie-Claire", "Aïcha", "Corinne",
    "Gaëlle",
];

#[rustfmt::skip]
const FIRST_NAMES_M: &[&str] = &[
    "Thomas", "Nicolas", "Julien", "Pierre", "Antoine", "Mathieu", "Guillaume", "Sébastien",
    "Jérôme", "Olivier", "François", "Laurent", "Stéphane", "David", "Vincent", "Benoît",
    "Christophe", "Frédéric", "Hugo", "Lucas", "Louis", "Maxime", "Romain", "Alexandre", "Cédric",
    "Damien", "Fabien", "Grégory", "Jean", "Karim", "Mehdi", "Yannick", "Loïc", "Gaël", "Mathis",
    "Noé", "Théo", "Raphaël", "Hervé", "Éric", "Didier", "Patrick", "Sylvain", "Arnaud", "Bruno",
    "Rémi", "Samir", "Youssef", "Baptiste", "Clément", "Jean-Pierre", "Jean-Marc", "Pierre-Yves",
    "Joël", "Anthony",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
    "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen",
    "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël",
    "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour", "Blanchard", "Marie",
    "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Pierre",
    "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois",
    "Renaud", "Lemoine", "Picard", "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis",
    "Olivier", "Rodriguez", "Da Silva", "Hubert", "Louis", "Charles", "Guillot", "Rivière",
    "Le Gall", "Collet", "Benoît", "Haddad", "Diallo", "Benali", "Le Goff", "Kerboul", "Mendes",
    "Traoré",
];

/// id, title, group, phrase with article, description, keywords (`+` marks a feminine noun).
type TopicDef = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const TOPICS: &[TopicDef] = &[
    ("lecture", "Lecture", "Français", "la lecture",
     "Apprendre à lire et comprendre des textes variés.",
     "+lecture texte +compréhension album +fluence déchiffrage +histoire"),
    ("ecriture", "Écriture", "Français", "l'écriture",
     "Produire des écrits, du geste graphique au texte.",
     "+écriture geste_graphique|gestes_graphiques +rédaction brouillon texte +calligraphie"),
    ("vocabulaire", "Vocabulaire", "Français", "le vocabulaire",
     "Enrichir le lexique et jouer avec les mots.",
     "mot lexique synonyme +famille_de_mots|familles_de_mots dictionnaire +définition"),
    ("grammaire", "Grammaire", "Français", "la grammaire",
     "Observer la langue et manipuler la phrase.",
     "+phrase verbe sujet nom adjectif groupe_nominal|groupes_nominaux +nature"),
    ("orthographe", "Orthographe", "Français", "l'orthographe",
     "Mémoriser les mots et réussir les accords.",
     "+dictée accord +orthographe mot +règle homophone"),
    ("conjugaison", "Conjugaison", "Français", "la conjugaison",
     "Reconnaître et employer les temps du verbe.",
     "verbe temps présent passé_composé|passés_composés imparfait +terminaison"),
    ("langage-oral", "Langage oral", "Français", "le langage oral",
     "Prendre la parole, écouter et débattre.",
     "+parole débat exposé +prise_de_parole|prises_de_parole vocabulaire +récitation"),
    ("poesie", "Poésie", "Français", "la poésie",
     "Lire, dire et écrire des poèmes.",
     "+poésie poème +rime vers +récitation +comptine"),
    ("litterature-jeunesse", "Littérature de jeunesse", "Français", "la littérature de jeunesse",
     "Découvrir des albums, des contes et des romans.",
     "album roman personnage auteur +illustration conte récit"),
    ("phonologie", "Phonologie", "Français", "la phonologie",
     "Entendre les sons et jouer avec les syllabes.",
     "son +syllabe phonème +rime +lettre alphabet"),
    ("numeration", "Numération", "Mathématiques", "la numération",
     "Comprendre les nombres et leur écriture.",
     "nombre chiffre +dizaine +centaine +unité boulier"),
    ("calcul-mental", "Calcul mental", "Mathématiques", "le calcul mental",
     "Calculer vite et bien, de tête.",
     "calcul +addition +soustraction résultat +stratégie complément"),
    ("resolution-de-problemes", "Résolution de problèmes", "Mathématiques", "la résolution de problèmes",
     "Chercher, modéliser et résoudre des problèmes.",
     "problème énoncé +donnée schéma +solution +question"),
    ("geometrie", "Géométrie", "Mathématiques", "la géométrie",
     "Reconnaître, décrire et tracer des figures.",
     "+figure carré triangle cercle +droite +règle compas"),
    ("grandeurs-et-mesures", "Grandeurs et mesures", "Mathématiques", "les grandeurs et mesures",
     "Comparer et mesurer des longueurs, des masses et des durées.",
     "+mesure +longueur +masse +durée +balance mètre"),
    ("fractions", "Fractions et décimaux", "Mathématiques", "les fractions",
     "Partager, comparer et écrire des fractions et des décimaux.",
     "+fraction nombre_décimal|nombres_décimaux partage +virgule dénominateur"),
    ("tables-de-multiplication", "Tables de multiplication", "Mathématiques", "les tables de multiplication",
     "Comprendre et mémoriser les tables.",
     "+table +multiplication produit facteur résultat"),
    ("rituels", "Rituels", "Vie de la classe", "les rituels",
     "Installer des repères qui rythment la journée.",
     "rituel calendrier +date +météo appel matin"),
    ("gestion-de-classe", "Gestion de la classe", "Vie de la classe", "la gestion de la classe",
     "Organiser l'espace, le temps et le groupe.",
     "bruit silence signal +règle +consigne rangement"),
    ("autonomie", "Autonomie", "Vie de la classe", "l'autonomie",
     "Apprendre à travailler seul et à s'organiser.",
     "+autonomie plan_de_travail|plans_de_travail atelier contrat +tâche"),
    ("cooperation", "Coopération", "Vie de la classe", "la coopération",
     "Apprendre ensemble et s'entraider.",
     "+coopération tutorat +entraide binôme +équipe"),
    ("emotions", "Émotions et climat scolaire", "Vie de la classe", "les émotions",
     "Reconnaître ses émotions et vivre ensemble sereinement.",
     "+émotion +colère +peur calme +respiration conflit"),
    ("conseil-d-eleves", "Conseil d'élèves", "Vie de la classe", "le conseil d'élèves",
     "Débattre et décider ensemble des règles de vie.",
     "conseil vote +proposition délégué +décision"),
    ("evaluation", "Évaluation", "Vie de la classe", "l'évaluation",
     "Évaluer pour faire progresser chaque élève.",
     "+évaluation progrès +compétence +ceinture bilan +réussite"),
    ("sciences", "Sciences et technologie", "Autres enseignements", "les sciences",
     "Observer, expérimenter et comprendre le monde.",
     "+expérience +hypothèse +plante circuit +matière aimant"),
    ("histoire-geographie", "Histoire et géographie", "Autres enseignements", "l'histoire et la géographie",
     "Se repérer dans le temps et dans l'espace.",
     "+frise document +carte paysage siècle monument"),
    ("arts-plastiques", "Arts plastiques", "Autres enseignements", "les arts plastiques",
     "Créer, regarder des œuvres et en parler.",
     "+peinture collage +couleur +œuvre croquis +matière"),
    ("education-musicale", "Éducation musicale", "Autres enseignements", "l'éducation musicale",
     "Chanter, écouter et jouer ensemble.",
     "chant rythme instrument +chorale +écoute +percussion"),
    ("eps", "Éducation physique et sportive", "Autres enseignements", "l'éducation physique",
     "Courir, sauter, lancer, danser et coopérer.",
     "+course jeu_collectif|jeux_collectifs ballon parcours +danse équilibre"),
    ("langues-vivantes", "Langues vivantes", "Autres enseignements", "les langues vivantes",
     "Comprendre et parler une autre langue.",
     "anglais +langue +chanson dialogue +flashcard accent"),
    ("numerique", "Numérique éducatif", "Autres enseignements", "le numérique",
     "Utiliser les outils numériques avec les élèves.",
     "+tablette robot code logiciel podcast +vidéo"),
    ("emc", "Enseignement moral et civique", "Autres enseignements", "l'enseignement moral et civique",
     "Comprendre les règles, les droits et la citoyenneté.",
     "+règle droit débat +citoyenneté respect +laïcité"),
];

// ---------------------------------------------------------------------------------------------
// Thumbnails
// ---------------------------------------------------------------------------------------------

const TAG_THUMBNAIL: u64 = 5;
/// Size of the generated thumbnails, the usual export of a video platform.
pub const THUMBNAIL_WIDTH: u32 = 1280;
pub const THUMBNAIL_HEIGHT: u32 = 720;

/// Gives the first `count` videos (by file name) of a generated catalogue a thumbnail of
/// their own: each becomes a bundle (`<slug>/index.md` with `thumbnail: vignette.jpg`) with
/// a distinct photo-like 1280×720 JPEG beside it. Returns how many videos got one.
pub fn add_thumbnails(root: &Path, count: usize, seed: u64) -> io::Result<usize> {
    let videos = root.join("content/videos");
    let mut files: Vec<PathBuf> = fs::read_dir(&videos)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    files.retain(|path| path.extension().is_some_and(|e| e == "md"));
    files.sort();
    files.truncate(count);
    files
        .par_iter()
        .enumerate()
        .try_for_each(|(index, file)| make_bundle(file, seed, index))?;
    Ok(files.len())
}

// `videos/x.md` → `videos/x/index.md` naming `vignette.jpg`, and the picture itself.
fn make_bundle(file: &Path, seed: u64, index: usize) -> io::Result<()> {
    let text = fs::read_to_string(file)?;
    let end = text
        .find("\n---\n")
        .ok_or_else(|| io::Error::other("front matter without end"))?;
    let text = format!("{}\nthumbnail: vignette.jpg{}", &text[..end], &text[end..]);
    let bundle = file.with_extension("");
    fs::create_dir_all(&bundle)?;
    fs::write(bundle.join("index.md"), text)?;
    fs::write(bundle.join("vignette.jpg"), thumbnail_jpeg(seed, index)?)?;
    fs::remove_file(file)
}

/// A photo-like picture: a gradient between random colours, soft shapes, waves and grain;
/// no two indices give the same one.
pub fn thumbnail_jpeg(seed: u64, index: usize) -> io::Result<Vec<u8>> {
    let mut rng = SplitMix64::stream(seed, TAG_THUMBNAIL, index);
    let (width, height) = (THUMBNAIL_WIDTH as usize, THUMBNAIL_HEIGHT as usize);
    let corners: Vec<[f32; 3]> = (0..4).map(|_| colour(&mut rng)).collect();
    let shapes: Vec<Shape> = (0..rng.range(4, 9))
        .map(|_| Shape::new(&mut rng, width, height))
        .collect();
    let waves: Vec<[f32; 3]> = (0..3)
        .map(|_| {
            let unit = |rng: &mut SplitMix64| rng.below(1000) as f32 / 1000.0;
            [
                0.005 + unit(&mut rng) * 0.04,
                0.005 + unit(&mut rng) * 0.04,
                unit(&mut rng) * 6.3,
            ]
        })
        .collect();
    let mut grain = SplitMix64::stream(seed, TAG_THUMBNAIL, index + (1 << 40));
    let mut rgb = Vec::with_capacity(width * height * 3);
    for y in 0..height {
        let v = y as f32 / (height - 1) as f32;
        for x in 0..width {
            let u = x as f32 / (width - 1) as f32;
            let mut pixel = [0.0f32; 3];
            for (channel, value) in pixel.iter_mut().enumerate() {
                let top = corners[0][channel] * (1.0 - u) + corners[1][channel] * u;
                let bottom = corners[2][channel] * (1.0 - u) + corners[3][channel] * u;
                *value = top * (1.0 - v) + bottom * v;
            }
            for shape in &shapes {
                shape.paint(&mut pixel, x as f32, y as f32);
            }
            let texture: f32 = waves
                .iter()
                .map(|[fx, fy, phase]| (x as f32 * fx + y as f32 * fy + phase).sin())
                .sum();
            let noise = grain.next_u64();
            for (channel, value) in pixel.iter().enumerate() {
                let jitter = ((noise >> (8 * channel)) & 0xF) as f32 - 7.5;
                rgb.push((value + texture * 6.0 + jitter).clamp(0.0, 255.0) as u8);
            }
        }
    }
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 85)
        .encode(
            &rgb,
            THUMBNAIL_WIDTH as u16,
            THUMBNAIL_HEIGHT as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(io::Error::other)?;
    Ok(bytes)
}

fn colour(rng: &mut SplitMix64) -> [f32; 3] {
    [0, 1, 2].map(|_| rng.below(256) as f32)
}

/// A soft-edged disc or rectangle of one colour, half transparent.
struct Shape {
    centre: (f32, f32),
    radius: (f32, f32),
    round: bool,
    colour: [f32; 3],
}

impl Shape {
    fn new(rng: &mut SplitMix64, width: usize, height: usize) -> Shape {
        Shape {
            centre: (rng.below(width) as f32, rng.below(height) as f32),
            radius: (rng.range(30, 300) as f32, rng.range(30, 200) as f32),
            round: rng.chance(1, 2),
            colour: colour(rng),
        }
    }

    fn paint(&self, pixel: &mut [f32; 3], x: f32, y: f32) {
        let (dx, dy) = (
            (x - self.centre.0) / self.radius.0,
            (y - self.centre.1) / self.radius.1,
        );
        let distance = match self.round {
            true => (dx * dx + dy * dy).sqrt(),
            false => dx.abs().max(dy.abs()),
        };
        let cover = ((1.0 - distance) * 8.0).clamp(0.0, 1.0) * 0.6;
        for (value, target) in pixel.iter_mut().zip(self.colour) {
            *value += (target - *value) * cover;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    #[test]
    fn thumbnails_make_bundles_with_distinct_pictures() {
        let (dir, _) = run(6, 42);
        assert_eq!(add_thumbnails(dir.path(), 4, 42).expect("thumbnails"), 4);
        let videos = dir.path().join("content/videos");
        let mut bundles: Vec<PathBuf> = fs::read_dir(&videos)
            .expect("videos")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        bundles.sort();
        assert_eq!(bundles.len(), 4);
        let mut pictures = HashSet::new();
        for bundle in &bundles {
            let text = fs::read_to_string(bundle.join("index.md")).expect("index.md");
            assert!(text.contains("\nthumbnail: vignette.jpg\n---\n"), "{text}");
            let bytes = fs::read(bundle.join("vignette.jpg")).expect("picture");
            let picture = image::load_from_memory(&bytes).expect("a JPEG");
            assert_eq!((picture.width(), picture.height()), (1280, 720));
            pictures.insert(bytes);
        }
        assert_eq!(pictures.len(), 4, "no two alike");
        assert_eq!(
            thumbnail_jpeg(42, 1).expect("jpeg"),
            thumbnail_jpeg(42, 1).expect("jpeg")
        );
    }

    fn run(videos: usize, seed: u64) -> (tempfile::TempDir, SynthSummary) {
        let dir = tempfile::tempdir().expect("temp dir");
        let summary = generate(dir.path(), &SynthOptions { videos, seed }).expect("generate");
        (dir, summary)
    }

    /// Every file under `root`, by relative path.
    fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("read dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let bytes = fs::read(&path).expect("read");
                    out.insert(
                        path.strip_prefix(root).expect("prefix").to_path_buf(),
                        bytes,
                    );
                }
            }
        }
        out
    }

    /// The front matter of every `.md` file of `content/<kind>`, by file stem.
    fn front_matters(root: &Path, kind: &str) -> BTreeMap<String, yaml_serde::Mapping> {
        let mut out = BTreeMap::new();
        for entry in fs::read_dir(root.join("content").join(kind)).expect("read dir") {
            let path = entry.expect("entry").path();
            let text = fs::read_to_string(&path).expect("read");
            let yaml = text
                .strip_prefix("---\n")
                .and_then(|t| t.split_once("\n---\n"))
                .expect("front matter")
                .0;
            let map =
                yaml_serde::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let stem = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            out.insert(stem, map);
        }
        out
    }

    fn strings(map: &yaml_serde::Mapping, key: &str) -> Vec<String> {
        match map.get(key) {
            Some(yaml_serde::Value::Sequence(seq)) => seq
                .iter()
                .map(|v| v.as_str().expect("string item").to_owned())
                .collect(),
            None => Vec::new(),
            Some(other) => panic!("{key} is not a list: {other:?}"),
        }
    }

    fn text<'m>(map: &'m yaml_serde::Mapping, key: &str) -> &'m str {
        map.get(key)
            .and_then(yaml_serde::Value::as_str)
            .unwrap_or_else(|| panic!("{key} missing"))
    }

    fn check_keys(map: &yaml_serde::Mapping, allowed: &[&str]) {
        for key in map.keys() {
            let key = key.as_str().expect("string key");
            assert!(allowed.contains(&key), "unexpected key {key}");
        }
    }

    fn is_slug(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    #[test]
    fn same_options_give_identical_files() {
        let (a, _) = run(300, 7);
        let (b, _) = run(300, 7);
        let (c, _) = run(300, 8);
        let (sa, sb, sc) = (snapshot(a.path()), snapshot(b.path()), snapshot(c.path()));
        assert!(sa == sb, "two runs with the same seed differ");
        assert!(sa != sc, "another seed gives the same catalogue");
    }

    #[test]
    fn output_does_not_depend_on_the_thread_count() {
        let (a, _) = run(200, 3);
        let b = tempfile::tempdir().expect("temp dir");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        pool.install(|| {
            generate(
                b.path(),
                &SynthOptions {
                    videos: 200,
                    seed: 3,
                },
            )
        })
        .expect("generate");
        assert!(snapshot(a.path()) == snapshot(b.path()));
    }

    #[test]
    fn counts_match_the_summary() {
        let (dir, summary) = run(400, 1);
        assert_eq!(
            summary,
            SynthSummary {
                videos: 400,
                contributors: 100,
                topics: TOPICS.len(),
                events: 20
            }
        );
        for (kind, count) in [
            ("videos", 400),
            ("contributors", 100),
            ("themes", TOPICS.len()),
            ("events", 20),
        ] {
            assert_eq!(
                fs::read_dir(dir.path().join("content").join(kind))
                    .expect("dir")
                    .count(),
                count,
                "{kind}"
            );
        }
        let (_, tiny) = run(1, 1);
        assert_eq!((tiny.videos, tiny.contributors, tiny.events), (1, 3, 2));
    }

    #[test]
    fn references_resolve_and_fields_are_valid() {
        let (dir, _) = run(500, 42);
        let root = dir.path();
        let people = front_matters(root, "contributors");
        let themes = front_matters(root, "themes");
        let videos = front_matters(root, "videos");
        let events = front_matters(root, "events");
        for map in people.values() {
            check_keys(
                map,
                &["name", "role", "academie", "school", "avatar", "links"],
            );
        }
        for map in themes.values() {
            check_keys(map, &["title", "description", "group"]);
        }
        let mut used_themes = HashSet::new();
        for (slug, map) in &videos {
            check_video(slug, map, &people, &themes);
            used_themes.extend(strings(map, "themes"));
        }
        assert_eq!(used_themes.len(), themes.len(), "every theme is used");
        let kinds: HashSet<&str> = events.values().map(|m| text(m, "kind")).collect();
        assert_eq!(kinds.len(), 2);
        for map in events.values() {
            check_event(map, &people, &themes, &videos);
        }
        let pages = front_matters(root, "pages");
        assert_eq!(pages.keys().collect::<Vec<_>>(), ["a-propos", "participer"]);
    }

    fn check_video(
        slug: &str,
        map: &yaml_serde::Mapping,
        people: &BTreeMap<String, yaml_serde::Mapping>,
        themes: &BTreeMap<String, yaml_serde::Mapping>,
    ) {
        check_keys(
            map,
            &[
                "title",
                "date",
                "video",
                "duration",
                "contributors",
                "themes",
                "levels",
                "summary",
                "transcript",
            ],
        );
        assert!(is_slug(slug), "{slug}");
        let title = text(map, "title");
        assert!(
            title.chars().count() <= 120 && (4..=10).contains(&word_count(title)),
            "{title}"
        );
        assert!(text(map, "summary").chars().count() <= 300);
        let date = text(map, "date");
        assert!(("2019-01-01"..="2026-10-31").contains(&date), "{date}");
        let (m, s) = text(map, "duration").split_once(':').expect("m:ss");
        let seconds = m.parse::<u32>().expect("m") * 60 + s.parse::<u32>().expect("ss");
        assert!((30..=120).contains(&seconds) && s.len() == 2);
        assert!(text(map, "video").starts_with("https://"));
        let contributors = strings(map, "contributors");
        assert!(!contributors.is_empty() && contributors.iter().all(|c| people.contains_key(c)));
        let topics = strings(map, "themes");
        assert!(!topics.is_empty() && topics.iter().all(|t| themes.contains_key(t)));
        let levels = strings(map, "levels");
        let first = LEVELS.iter().position(|l| *l == levels[0]).expect("level");
        assert_eq!(levels, LEVELS[first..first + levels.len()]);
    }

    fn check_event(
        map: &yaml_serde::Mapping,
        people: &BTreeMap<String, yaml_serde::Mapping>,
        themes: &BTreeMap<String, yaml_serde::Mapping>,
        videos: &BTreeMap<String, yaml_serde::Mapping>,
    ) {
        check_keys(
            map,
            &[
                "title",
                "kind",
                "start",
                "end",
                "location",
                "online",
                "facilitators",
                "themes",
                "videos",
            ],
        );
        let start = chrono::DateTime::parse_from_rfc3339(text(map, "start")).expect("start");
        let end = chrono::DateTime::parse_from_rfc3339(text(map, "end")).expect("end");
        assert!(end > start && end - start <= TimeDelta::hours(3));
        assert!(map.contains_key("location") != map.contains_key("online"));
        assert!(strings(map, "facilitators")
            .iter()
            .all(|p| people.contains_key(p)));
        assert!(strings(map, "themes")
            .iter()
            .all(|t| themes.contains_key(t)));
        let shown = strings(map, "videos");
        assert!(shown.iter().all(|v| videos.contains_key(v)));
        assert_eq!(text(map, "kind") == "focus", shown.len() == 1);
    }

    #[test]
    fn quoting_escapes_yaml_specials() {
        let mut out = String::new();
        push_quoted(&mut out, "a \"b\" \\ c\nd\u{7}");
        let back: String = yaml_serde::from_str(&out).expect("yaml");
        assert_eq!(back, "a \"b\" \\ c\nd\u{7}");
    }

    #[test]
    fn french_elisions_and_contractions() {
        assert_eq!(de_phrase("le calcul mental"), "du calcul mental");
        assert_eq!(de_phrase("l'écriture"), "de l'écriture");
        assert_eq!(de_phrase("Orléans"), "d'Orléans");
        assert_eq!(a_phrase("les rituels"), "aux rituels");
        assert_eq!(plural("journal"), "journaux");
        assert_eq!(plural("jeu"), "jeux");
    }
}
