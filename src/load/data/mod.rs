//! The site's figures that are not content pages, in `data/`: view counts
//! (`vues.yaml`, written by `capsule views`), survey results (`enquetes.yaml`) and
//! objectives (`objectifs.yaml`). Read with the content (`read`), validated with the
//! catalogue (`SiteData::validate`) and kept read-only on it. A missing folder or file is
//! no problem: there is nothing to show yet.
//!
//! Problems are diagnostics like content's: French, at the file's line and column, with the
//! fix; the YAML is parsed by the same bounded door (`load::yaml`).

pub mod checks;
pub mod located;
pub mod objectives;
pub mod surveys;
pub mod view_counts;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

use yaml_serde::Value;

use crate::diagnostics::{Diagnostic, Source};
use crate::load::yaml::{self, Limits};
use crate::load::yaml_layout::{self, Shape};
use checks::Checker;
pub use objectives::{Indicator, Objective};
pub use surveys::{Percent, Question, Survey, SurveySource};
pub use view_counts::{Platform, ViewCount, ViewCounts};

/// The folder of data files under the site root.
pub const DATA_DIR: &str = "data";

/// The files of `data/` Capsule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataFile {
    Views,
    Surveys,
    Objectives,
}

impl DataFile {
    pub const ALL: [DataFile; 3] = [DataFile::Views, DataFile::Surveys, DataFile::Objectives];

    pub fn file_name(self) -> &'static str {
        match self {
            DataFile::Views => "vues.yaml",
            DataFile::Surveys => "enquetes.yaml",
            DataFile::Objectives => "objectifs.yaml",
        }
    }

    pub fn from_file_name(name: &str) -> Option<DataFile> {
        DataFile::ALL.into_iter().find(|f| f.file_name() == name)
    }

    /// What a file may cost to parse. `vues.yaml` holds a line per video (about 70 bytes
    /// and 8 values each): room for 50 000 videos.
    pub fn limits(self) -> Limits {
        match self {
            DataFile::Views => Limits {
                bytes: 8 * 1024 * 1024,
                nodes: 500_000,
                text_bytes: 16 * 1024 * 1024,
            },
            DataFile::Surveys | DataFile::Objectives => Limits {
                bytes: 256 * 1024,
                ..yaml::FRONT_MATTER
            },
        }
    }
}

/// The data files as read from disk, with the problems met finding and reading them.
#[derive(Debug, Default, Clone)]
pub struct DataSources {
    pub files: Vec<(DataFile, Source)>,
    pub problems: Vec<Diagnostic>,
    /// Every text read (a file not in UTF-8 too), for quoting in diagnostics.
    pub texts: BTreeMap<String, Arc<str>>,
    /// The last validation of these files, with the hash of the video ids it used:
    /// `serve` rebuilds the catalogue on each save, and `vues.yaml` may hold 10 000 lines.
    validated: Arc<Mutex<Option<Validated>>>,
}

/// A validation, with the hash of the video ids it was made against.
type Validated = (u64, SiteData, Vec<Diagnostic>);

/// The validated figures, read-only on the catalogue.
#[derive(Debug, Default, Clone)]
pub struct SiteData {
    /// View counts by video slug (every slug is a video of the site).
    pub views: ViewCounts,
    /// In the file's order.
    pub surveys: Vec<Survey>,
    /// In the file's order.
    pub objectives: Vec<Objective>,
}

/// Reads the data files of `root/data/` (see `load::layout::discover_data` for what else
/// the folder may hold).
pub fn read(root: &Path) -> DataSources {
    let layout = crate::load::layout::discover_data(root);
    let mut sources = DataSources {
        problems: layout.problems,
        ..DataSources::default()
    };
    for (file, path) in layout.files {
        let empty = Source::new(root, path.as_path(), "");
        let too_big = std::fs::metadata(&path).is_ok_and(|m| m.len() > file.limits().bytes as u64);
        if too_big {
            sources.problems.push(empty.file_error(format!(
                "le fichier dépasse {} Ko",
                file.limits().bytes / 1024
            )).with_help("ce fichier ne contient que des chiffres courts : retirez ce qui n'en est pas"));
            continue;
        }
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => {
                let source = Source::new(root, &path, text);
                sources
                    .texts
                    .insert(source.rel_path.clone(), source.text.clone());
                sources.files.push((file, source));
            }
            Ok(Err(not_utf8)) => {
                let at = not_utf8.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(not_utf8.as_bytes()).into_owned();
                let source = Source::new(root, &path, text);
                sources.problems.push(
                    source
                        .error(at..at + 1, "caractère illisible : le fichier n'est pas enregistré en UTF-8")
                        .with_help("retapez ce caractère, puis enregistrez le fichier en UTF-8, ce que fait l'éditeur de GitHub"),
                );
                sources.texts.insert(source.rel_path, source.text);
            }
            Err(error) => sources
                .problems
                .push(empty.file_error(format!("fichier illisible : {error}"))),
        }
    }
    sources
}

impl SiteData {
    /// Validates the data files; `video_ids` are every video file's slug. Returns what is
    /// right, and every problem (errors, and warnings such as a count of a removed video).
    pub fn validate(sources: &DataSources, video_ids: &[String]) -> (SiteData, Vec<Diagnostic>) {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        video_ids.hash(&mut hasher);
        let ids = hasher.finish();
        let mut last = sources
            .validated
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, data, problems)) = last.as_ref().filter(|(hash, ..)| *hash == ids) {
            return (data.clone(), problems.clone());
        }
        let (data, problems) = SiteData::validate_now(sources, video_ids);
        *last = Some((ids, data.clone(), problems.clone()));
        (data, problems)
    }

    fn validate_now(sources: &DataSources, video_ids: &[String]) -> (SiteData, Vec<Diagnostic>) {
        let mut problems = sources.problems.clone();
        let mut data = SiteData::default();
        let mut sorted_ids = video_ids.to_vec();
        sorted_ids.sort_unstable();
        // Surveys first: objectives refer to their questions.
        let mut ordered: Vec<&(DataFile, Source)> = sources.files.iter().collect();
        ordered.sort_by_key(|(file, _)| match file {
            DataFile::Surveys => 0,
            _ => 1,
        });
        let mut surveys_right = true;
        for (file, source) in ordered {
            let mut checker = Checker::new(source);
            match parse(source, *file) {
                Ok(None) => {}
                Ok(Some(value)) => match file {
                    DataFile::Views => {
                        data.views = view_counts::read(&value, &sorted_ids, &mut checker)
                    }
                    DataFile::Surveys => data.surveys = surveys::read(&value, &mut checker),
                    DataFile::Objectives => {
                        let surveys = surveys_right.then_some(data.surveys.as_slice());
                        data.objectives = objectives::read(&value, surveys, &mut checker)
                    }
                },
                Err(problem) => checker.problems.push(problem),
            }
            if *file == DataFile::Surveys {
                surveys_right = !crate::diagnostics::has_errors(&checker.problems);
            }
            problems.extend(checker.problems);
        }
        (data, problems)
    }
}

// The file's YAML value; `None` when it holds nothing but comments.
fn parse(source: &Source, file: DataFile) -> Result<Option<Value>, Diagnostic> {
    let text: &str = &source.text;
    let blank = yaml_layout::lines(text)
        .iter()
        .all(|line| matches!(line.shape, Shape::Blank | Shape::Comment));
    if blank {
        return Ok(None);
    }
    match yaml::parse_value_within(text, file.limits()) {
        Ok(Value::Null) => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(error) => {
            let explained = crate::load::yaml_errors::explain(text, &error, &[]);
            let problem = source.error(explained.range, explained.message);
            Err(match explained.help {
                Some(help) => problem.with_help(help),
                None => problem,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_is_reused_until_the_videos_change() {
        let source = Source {
            rel_path: "data/vues.yaml".into(),
            text: "a: { views: 3, source: vimeo, fetched: 2026-01-02 }\n".into(),
        };
        let sources = DataSources {
            files: vec![(DataFile::Views, source)],
            ..DataSources::default()
        };
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (data, problems) = SiteData::validate(&sources, &ids(&["a", "b"]));
        assert_eq!((data.views.len(), problems.len()), (1, 0));
        let again = SiteData::validate(&sources.clone(), &ids(&["a", "b"]));
        assert_eq!(again.0.views, data.views);
        // `a` was renamed: its count is now a warning.
        let (data, problems) = SiteData::validate(&sources, &ids(&["b"]));
        assert_eq!(data.views.len(), 0);
        assert_eq!(problems[0].message, "vidéo inconnue : `a`");
        assert!(!problems[0].is_error());
    }
}
