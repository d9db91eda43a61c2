//! Why a command failed: the one error type every stage returns. Each failure keeps its
//! cause (`source()`) and what it happened to (a file, a port, a feed); its text is the
//! French line `capsule` prints after « erreur : ».

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use capsule_search::SearchError;

use crate::diagnostics::Diagnostic;
use crate::load::LoadError;

/// Why a build or a check failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the content, reported as diagnostics (exit code 1).
    #[error("le contenu contient des erreurs")]
    Content {
        diagnostics: Vec<Diagnostic>,
        sources: BTreeMap<String, Arc<str>>,
    },
    /// Reading or writing a file or folder failed.
    #[error("{} : {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `content/` is missing or could not be walked.
    #[error("content : {0}")]
    Load(#[source] LoadError),
    /// The picture cache folder could not be created or listed.
    #[error("cache des images {} : {source}", dir.display())]
    PictureCache {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// A picture could not be decoded, resized or encoded, or the cards' fonts could not
    /// be read (`target` is then « cartes »): the image code reports these as text.
    #[error("{target} : {reason}")]
    Picture { target: String, reason: String },
    /// The RSS feed at `path` could not be written out.
    #[error("{path} : {source}")]
    Rss { path: String, source: rss::Error },
    /// The Atom feed at `path` could not be written out.
    #[error("{path} : {source}")]
    Atom {
        path: String,
        source: atom_syndication::Error,
    },
    /// An open-data file of the indicators could not be written out as JSON.
    #[error("{path} : {source}")]
    Json {
        path: &'static str,
        source: serde_json::Error,
    },
    /// An open-data file of the indicators could not be written out as CSV.
    #[error("{path} : {source}")]
    Csv {
        path: &'static str,
        source: csv::Error,
    },
    /// An event could not be written out as iCalendar.
    #[error("calendrier : {0}")]
    Calendar(#[source] std::fmt::Error),
    /// The search engine refused the catalogue.
    #[error("index de recherche : {0}")]
    SearchIndex(#[source] SearchError),
    /// The search engine could not export its static index.
    #[error("export de la recherche : {0}")]
    SearchExport(#[source] SearchError),
    /// `capsule search` could not answer the query.
    #[error("recherche : {0}")]
    Search(#[source] SearchError),
    /// A page's path would leave the output folder (a bug, never the content's fault).
    #[error("chemin de sortie refusé : {0}")]
    OutsideOutput(String),
    /// Writing to the terminal failed (a closed pipe).
    #[error("sortie standard : {0}")]
    Stdout(#[source] std::io::Error),
    /// `serve` could not create its folder in the system's temporary folder.
    #[error("dossier temporaire : {0}")]
    TempDir(#[source] std::io::Error),
    /// `serve` could not listen on its port.
    #[error("port {port} : {source}")]
    Port {
        port: u16,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// `serve` could not install its Ctrl+C handler.
    #[error("signaux : {0}")]
    Signals(#[source] ctrlc::Error),
    /// `serve` could not start watching files.
    #[error("surveillance : {0}")]
    Watcher(#[source] notify::Error),
    /// `serve` could not watch the folder `dir`.
    #[error("surveillance de {} : {source}", dir.display())]
    Watch { dir: PathBuf, source: notify::Error },
    /// A command that must not run as asked (e.g. an output folder that would replace
    /// the sources, a file `capsule new` would overwrite): exit code 2, like I/O errors.
    #[error("{0}")]
    Usage(String),
    #[error("gabarit : {0}")]
    Template(String),
}

impl Error {
    /// Reading or writing `path` failed with `source`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;
    use std::path::Path;

    use super::*;

    #[test]
    fn a_file_error_names_the_file_and_keeps_its_cause() {
        let missing = Path::new("/nonexistent/capsule/site.yaml");
        let cause = std::fs::read(missing).expect_err("the file does not exist");
        let text = cause.to_string();
        let error = Error::io(missing, cause);
        assert_eq!(
            error.to_string(),
            format!("/nonexistent/capsule/site.yaml : {text}")
        );
        let source = error.source().expect("the I/O error is kept");
        let io = source
            .downcast_ref::<std::io::Error>()
            .expect("an io::Error");
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn a_search_failure_keeps_the_engine_error() {
        let cause = SearchError::DuplicateUrl("/videos/a/".to_string());
        let error = Error::SearchIndex(cause);
        assert_eq!(
            error.to_string(),
            "index de recherche : two documents share the URL /videos/a/"
        );
        assert!(error.source().is_some_and(|s| s.is::<SearchError>()));
    }
}
