//! Capsule's search engine: French analysis and BM25 ranking with tantivy, plus a
//! static, sharded export that lets the browser rank exactly as tantivy does.
//!
//! The site hands in plain [`Document`]s; [`Engine`] indexes them in RAM (in parallel,
//! with tantivy's analyzer and statistics), computes related documents
//! ([`Engine::related`]), writes the static index described in `FORMAT.md`
//! ([`Engine::export`], or file by file with [`Engine::export_to`]), and answers queries
//! with a real tantivy index ([`Engine::search`]).

mod analyzer;
mod bm25;
mod engine;
mod export;
mod facets;
mod fields;
mod index;
mod planner;
mod related;
mod tantivy_index;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod typo;

use serde::{Deserialize, Serialize};

pub use engine::Engine;
pub use export::{ExportError, ExportFile, ExportOptions, ExportSink, SINK_BATCH};

/// A facet value: a stable id and a human label ("lecture", "Lecture").
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Facet {
    pub id: String,
    pub label: String,
}

impl Facet {
    /// Builds a facet from its id and label.
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Facet {
        Facet {
            id: id.into(),
            label: label.into(),
        }
    }
}

/// Plain data handed in by the site for one searchable page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Unique key, site-relative, e.g. "/videos/dictee-negociee/".
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Plain text.
    pub body: String,
    /// Plain text, may be empty.
    pub transcript: String,
    /// Pedagogical themes.
    pub topics: Vec<Facet>,
    pub contributors: Vec<Facet>,
    /// School levels: "CP", "CE1"...
    pub levels: Vec<String>,
    pub duration_secs: u32,
    /// ISO date, e.g. "2026-09-14".
    pub date: String,
    /// Site-relative image URL.
    pub thumbnail: String,
    /// What the document is, e.g. ("video", "Vidéo"): a result type the client shows and
    /// filters on; related documents are of the same kind. Empty in a one-kind catalogue.
    #[serde(default)]
    pub kind: Facet,
}

/// One search result, with the facet values the search page filters on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    /// tantivy's BM25 score (field boosts included).
    pub score: f32,
    /// Topic ids.
    pub topics: Vec<String>,
    pub levels: Vec<String>,
    /// Contributor ids.
    pub contributors: Vec<String>,
    pub duration_secs: u32,
    /// The document's kind (see [`Document::kind`]).
    pub kind: Facet,
}

impl Hit {
    /// The hit for `doc` with its score.
    pub fn new(doc: &Document, score: f32) -> Hit {
        let ids = |facets: &[Facet]| facets.iter().map(|f| f.id.clone()).collect();
        Hit {
            url: doc.url.clone(),
            title: doc.title.clone(),
            score,
            topics: ids(&doc.topics),
            levels: doc.levels.clone(),
            contributors: ids(&doc.contributors),
            duration_secs: doc.duration_secs,
            kind: doc.kind.clone(),
        }
    }
}

/// Everything that can go wrong while building, searching or exporting.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy refused to build or query the index.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Two documents share the same URL.
    #[error("two documents share the URL {0}")]
    DuplicateUrl(String),
    /// Serialising the export failed.
    #[error("search export JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// The exported files are inconsistent (reading them back).
    #[error("malformed search export: {0}")]
    Format(String),
    /// A query needed tantivy after the documents' texts were dropped (see
    /// [`Engine::drop_texts`]).
    #[error("the documents' texts were dropped after indexing: no tantivy index can be built")]
    TextsDropped,
}

/// The browser client, embedded so that a site build needs no bundler and no network:
/// `(file name, source)`. The UI module imports the engine module, which imports the
/// stemmer, by relative path, so all must be published side by side in one folder.
pub const CLIENT_FILES: [(&str, &str); 3] = [
    (
        "capsule-search.js",
        include_str!("../client/capsule-search.js"),
    ),
    (
        "french-stemmer.js",
        include_str!("../client/french-stemmer.js"),
    ),
    (
        "capsule-search-ui.js",
        include_str!("../client/capsule-search-ui.js"),
    ),
];

/// The client file a page loads (it imports the other).
pub const CLIENT_ENTRY: &str = "capsule-search-ui.js";
