//! Fixtures for the browser client's tests (`client/test/`): tantivy's stems
//! and analyses of French words, and the export of the sample corpus (vocabulary
//! inline in `index/`, in shards and slices in `index-sliced/`) with the rankings
//! tantivy gives. Written by `examples/client_fixtures.rs`; the test
//! `tests/client_fixtures.rs` fails when the committed copies are stale.

use serde_json::json;

use crate::analyzer::{analyze, analyze_query, fold, stem};
use crate::export::{ExportFile, ExportOptions};
use crate::sample::{corpus, LEXICON};
use crate::{Engine, SearchError};

/// Directory of the fixtures, relative to the crate root.
pub const FIXTURE_DIR: &str = "client/test/fixtures";

/// Queries whose tantivy ranking the client must reproduce.
pub const CLIENT_QUERIES: &[&str] = &[
    "dictee",
    "dictée négociée ",
    "lectures",
    "l’école ",
    "d'écriture ",
    "élèves",
    "calcul mental",
    "symetrie",
    "conseil d'élèves ",
    "orthographe lecture ",
    "symétrie chorale ",
    "lec",
    "ecri",
    "prob",
    "simétrie ",
    "orthografe ",
    "grammiare ",
    "œuvre",
    "Hélène Martin",
    "CE1",
    "son ou ",
    "qu'est-ce qu'un ami ",
    "xyzzy",
    "",
];

/// Every fixture file, paths relative to [`FIXTURE_DIR`].
pub fn client_fixtures() -> Result<Vec<ExportFile>, SearchError> {
    let mut files = vec![
        json_file("stemmer.json", &json!({ "words": stem_cases() }))?,
        json_file("analyzer.json", &analyzer_cases())?,
    ];
    let engine = Engine::build(corpus())?;
    let options = ExportOptions {
        shard_target_bytes: 1_500,
        cards_per_term: 3,
        doc_chunk: 8,
        ..ExportOptions::default()
    };
    let sliced = ExportOptions {
        inline_vocab_bytes: 0,
        ..options.clone()
    };
    for (folder, options) in [("index", options), ("index-sliced", sliced)] {
        for file in engine.export_with(&options)? {
            files.push(ExportFile {
                path: format!("{folder}/{}", file.path),
                bytes: file.bytes,
            });
        }
    }
    let mut expected = Vec::new();
    for query in CLIENT_QUERIES {
        expected.push(json!([query, engine.rank(query)?]));
    }
    files.push(json_file("expected.json", &json!({ "queries": expected }))?);
    Ok(files)
}

fn json_file(path: &str, value: &serde_json::Value) -> Result<ExportFile, SearchError> {
    let mut bytes = serde_json::to_vec(value)?;
    bytes.push(b'\n');
    Ok(ExportFile {
        path: path.to_string(),
        bytes,
    })
}

const SUFFIXES: &[&str] = &[
    "",
    "s",
    "e",
    "es",
    "er",
    "ez",
    "ant",
    "ent",
    "ait",
    "aient",
    "ions",
    "ation",
    "ations",
    "ement",
    "ements",
    "ment",
    "ité",
    "ités",
    "eur",
    "eurs",
    "euse",
    "euses",
    "ique",
    "iques",
    "isme",
    "iste",
    "able",
    "ible",
    "if",
    "ive",
    "ives",
    "eux",
    "aux",
    "al",
    "ance",
    "ence",
    "logie",
    "issement",
    "issant",
    "irent",
    "èrent",
    "âmes",
    "îtes",
    "ée",
    "ées",
    "é",
    "és",
    "ier",
    "ière",
    "ion",
    "amment",
    "emment",
    "usion",
    "ution",
    "atrice",
    "ateur",
    "issiez",
    "erions",
    "eraient",
    "ellement",
    "ativement",
    "icité",
    "abilité",
    "ivité",
    "euse",
    "ouille",
];

const SPECIAL_WORDS: &[&str] = &[
    "noël",
    "maïs",
    "aïeul",
    "payer",
    "croyant",
    "quelque",
    "enquête",
    "qu'il",
    "l'école",
    "yeux",
    "ennuyeux",
    "aiguë",
    "naïveté",
    "châteaux",
    "chevaux",
    "travaux",
    "genoux",
    "hiboux",
    "épluchage",
    "épleurer",
    "auvergne",
    "colère",
    "niaiserie",
    "parfaitement",
    "tapisserie",
    "vraiment",
    "évidemment",
    "couramment",
    "crédibilité",
    "logiquement",
    "compréhensible",
    "ceux",
    "appelle",
    "nouvelle",
    "bonnette",
    "vieillesse",
    "cœur",
    "a",
    "à",
    "y",
    "ça",
    "çà",
    "façade",
    "reçu",
    "leçons",
    "hélas",
    "vis",
    "fils",
    "brebis",
];

/// Words and their tantivy stems: lexicon, corpus words and suffixed forms.
fn stem_cases() -> Vec<(String, String)> {
    let mut words: Vec<String> = SPECIAL_WORDS.iter().map(|w| w.to_string()).collect();
    let mut bases: Vec<String> = LEXICON.iter().map(|w| w.to_string()).collect();
    for doc in corpus() {
        let text = format!("{} {} {}", doc.title, doc.summary, doc.body);
        bases.extend(
            text.split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase),
        );
    }
    bases.retain(|w| w.chars().count() > 2);
    bases.sort();
    bases.dedup();
    for (index, base) in bases.iter().enumerate() {
        let root = base.trim_end_matches('e');
        for (offset, suffix) in SUFFIXES.iter().enumerate() {
            if (index + offset) % 7 == 0 || suffix.is_empty() {
                words.push(format!("{root}{suffix}"));
            }
        }
    }
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    words.extend(folded);
    words.sort();
    words.dedup();
    words
        .into_iter()
        .map(|w| (stem(&w), w))
        .map(|(s, w)| (w, s))
        .collect()
}

const ANALYZER_TEXTS: &[&str] = &[
    "La dictée négociée",
    "L'ÉCOLE d’aujourd'hui : jusqu’à l’Élysée",
    "Qu'est-ce qu'un ami ? C'est quelqu'un.",
    "Œuvres, cœur, Ægée, straße, Łódź, ﬁn, déjà-vu",
    "CE1/CE2 ; 6e ; 2026-09-14 ; 3,5 km",
    "Les élèves de CM2 lisent des lectures offertes",
    "Σίσυφος ΣΊΣΥΦΟΣ Ärger Ñandú İstanbul",
    "le son ou, le son on, vitamine c, l ecole",
    "anticonstitutionnellementanticonstitutionnellement court",
];

fn analyzer_cases() -> serde_json::Value {
    let texts: Vec<_> = ANALYZER_TEXTS
        .iter()
        .map(|t| json!([t, analyze(t)]))
        .collect();
    let queries: Vec<_> = ["Lectures d'écol", "l’école ", "dictée négo", "ÉCRI"]
        .iter()
        .map(|q| {
            let words: Vec<_> = analyze_query(q)
                .into_iter()
                .map(|w| json!([w.folded, w.stem, w.at_end]))
                .collect();
            json!([q, words])
        })
        .collect();
    json!({ "texts": texts, "queries": queries, "fold": fold_cases() })
}

/// Lower-case then fold every alphanumeric character of the Latin blocks.
fn fold_cases() -> Vec<(String, String)> {
    let ranges = [
        0xC0..0x250,
        0x1E00..0x1F00,
        0x2C60..0x2C80,
        0xA720..0xA800,
        0xFB00..0xFB07,
    ];
    ranges
        .into_iter()
        .flatten()
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphanumeric())
        .map(|c| {
            let lower: String = c.to_lowercase().collect();
            (c.to_string(), fold(&lower))
        })
        .collect()
}
