//! First stage of a build: walk `content/`, read every file, split and parse its front
//! matter strictly. Nothing here knows about other files; cross-references are `catalog`'s.

pub mod attachments;
pub mod data;
pub mod frontmatter;
pub mod kinds;
pub mod layout;
pub mod yaml;
pub mod yaml_errors;
pub mod yaml_layout;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Source};
use frontmatter::{split, Schema};
pub use kinds::{
    ContributorFront, EventFront, NewsFront, PageFront, TopicFront, TrainingPathFront, VideoFront,
};
pub use layout::{discover, Layout};

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The file name without `.md` (or the bundle folder's name).
    pub id: String,
    /// Where the file is on disk.
    pub path: PathBuf,
    pub source: Source,
    pub front: T,
    /// Where the Markdown after the front matter starts in the source's text (the body is
    /// not copied: at 100 000 videos, a copy of every text stays alive through validation).
    body_start: usize,
    /// For a bundle (`<slug>/index.md`): its folder and the names of the files beside it.
    pub bundle: Option<Bundle>,
}

#[derive(Debug, Clone)]
pub struct Bundle {
    pub dir: PathBuf,
    /// File names (no folders) present in the bundle, sorted.
    pub files: Vec<String>,
}

impl<T> Loaded<T> {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// Everything read from `content/`, with the problems met on the way.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub videos: Vec<Loaded<VideoFront>>,
    pub contributors: Vec<Loaded<ContributorFront>>,
    pub topics: Vec<Loaded<TopicFront>>,
    pub events: Vec<Loaded<EventFront>>,
    pub pages: Vec<Loaded<PageFront>>,
    pub training_paths: Vec<Loaded<TrainingPathFront>>,
    pub news: Vec<Loaded<NewsFront>>,
    /// Ids of every file found, parsed or not, so that one broken file does not make every
    /// reference to it an error too.
    pub video_ids: Vec<String>,
    pub contributor_ids: Vec<String>,
    pub topic_ids: Vec<String>,
    pub event_ids: Vec<String>,
    /// Every file read, for quoting in diagnostics.
    pub sources: BTreeMap<String, Arc<str>>,
    /// Problems met reading and parsing files.
    pub problems: Vec<Diagnostic>,
    /// Problems with where files are (misnamed, misplaced, unused), from the last walk.
    pub layout: Vec<Diagnostic>,
    /// Files of `content/contributors/` that are not Markdown (photos), with their paths
    /// relative to the site root.
    pub contributor_files: Vec<(PathBuf, String)>,
    /// The data files of `data/` (validated by `catalog`).
    pub data: crate::load::data::DataSources,
}

/// The kind of a content file, from where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Video,
    Contributor,
    Topic,
    Event,
    Page,
    /// `content/parcours/`.
    TrainingPath,
    /// `content/actualites/`.
    News,
}

/// A content file found by the walk, not read yet.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    pub id: String,
    pub path: PathBuf,
    pub bundle_dir: Option<PathBuf>,
}

/// Walks `root/content`, then reads and parses every file in parallel.
pub fn load(root: &Path) -> Result<Content, LoadError> {
    let layout = discover(root)?;
    let mut content = Content::default();
    content.set_layout(root, &layout);
    let files: Vec<ReadFile> = layout
        .entries
        .into_par_iter()
        .map(|entry| ReadFile::read(root, &entry, std::fs::read(&entry.path)))
        .collect();
    files.into_iter().for_each(|file| content.file(file));
    content.data = crate::load::data::read(root);
    content.sources.extend(content.data.texts.clone());
    Ok(content)
}

/// One content file read and parsed, not yet filed into a [`Content`] (files are parsed
/// in parallel, then filed in the walk's order).
pub struct ReadFile {
    /// The text, for quoting in diagnostics (absent when the file could not be read).
    source: Option<Source>,
    parsed: Result<Parsed, Vec<Diagnostic>>,
}

/// A parsed file, by kind.
enum Parsed {
    Video(Loaded<VideoFront>),
    Contributor(Loaded<ContributorFront>),
    Topic(Loaded<TopicFront>),
    Event(Loaded<EventFront>),
    Page(Loaded<PageFront>),
    TrainingPath(Loaded<TrainingPathFront>),
    News(Loaded<NewsFront>),
}

impl ReadFile {
    /// Parses what reading `entry`'s file gave, or says why it cannot be read.
    pub fn read(root: &Path, entry: &Entry, read: std::io::Result<Vec<u8>>) -> ReadFile {
        match read.map(String::from_utf8) {
            Ok(Ok(text)) => ReadFile::parse(root, entry, text),
            Ok(Err(not_utf8)) => {
                // The lossy text keeps every byte before the first bad one where it was.
                let at = not_utf8.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(not_utf8.as_bytes()).into_owned();
                let source = Source::new(root, &entry.path, text);
                let problem = source
                    .error(at..at + 1, "caractère illisible : le fichier n'est pas enregistré en UTF-8")
                    .with_help("retapez ce caractère (souvent un accent ou une apostrophe collés depuis un traitement de texte), puis enregistrez le fichier en UTF-8, ce que fait l'éditeur de GitHub");
                ReadFile {
                    source: Some(source),
                    parsed: Err(vec![problem]),
                }
            }
            Err(error) => {
                let why = match error.kind() {
                    std::io::ErrorKind::PermissionDenied => "accès refusé",
                    _ => "erreur de lecture",
                };
                let problem = Source::new(root, &entry.path, "")
                    .file_error(format!("fichier illisible ({why})"));
                ReadFile {
                    source: None,
                    parsed: Err(vec![problem]),
                }
            }
        }
    }

    /// Parses one file's text by its kind.
    pub fn parse(root: &Path, entry: &Entry, text: String) -> ReadFile {
        let source = Source::new(root, &entry.path, text);
        let quoted = source.clone();
        let parsed = match entry.kind {
            Kind::Video => parse(entry, source, &kinds::VIDEO).map(Parsed::Video),
            Kind::Contributor => parse(entry, source, &kinds::CONTRIBUTOR).map(Parsed::Contributor),
            Kind::Topic => parse(entry, source, &kinds::TOPIC).map(Parsed::Topic),
            Kind::Event => parse(entry, source, &kinds::EVENT).map(Parsed::Event),
            Kind::Page => parse(entry, source, &kinds::PAGE).map(Parsed::Page),
            Kind::TrainingPath => {
                parse(entry, source, &kinds::TRAINING_PATH).map(Parsed::TrainingPath)
            }
            Kind::News => parse(entry, source, &kinds::NEWS).map(Parsed::News),
        };
        ReadFile {
            source: Some(quoted),
            parsed,
        }
    }
}

impl Content {
    /// Records what a walk of `content/` found: the ids of every file, whether it parses
    /// or not, the problems with where files are, and the contributors' photos.
    pub fn set_layout(&mut self, root: &Path, layout: &Layout) {
        self.set_ids(&layout.entries);
        self.layout = layout.problems.clone();
        self.contributor_files = layout
            .contributor_files
            .iter()
            .map(|path| {
                (
                    path.clone(),
                    crate::diagnostics::relative_display(root, path),
                )
            })
            .collect();
    }

    fn set_ids(&mut self, entries: &[Entry]) {
        let ids = |kind: Kind| {
            entries
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| e.id.clone())
                .collect()
        };
        self.video_ids = ids(Kind::Video);
        self.contributor_ids = ids(Kind::Contributor);
        self.topic_ids = ids(Kind::Topic);
        self.event_ids = ids(Kind::Event);
    }

    /// Forgets everything read from `path` (before reading it again, or after its removal).
    pub fn forget(&mut self, root: &Path, path: &Path) {
        let rel = crate::diagnostics::relative_display(root, path);
        self.videos.retain(|l| l.path != path);
        self.contributors.retain(|l| l.path != path);
        self.topics.retain(|l| l.path != path);
        self.events.retain(|l| l.path != path);
        self.pages.retain(|l| l.path != path);
        self.training_paths.retain(|l| l.path != path);
        self.news.retain(|l| l.path != path);
        self.problems.retain(|d| d.file != rel);
        self.sources.remove(&rel);
    }

    /// Reads and parses one file and files it (`serve`, one changed file).
    pub fn add_read(&mut self, root: &Path, entry: &Entry, read: std::io::Result<Vec<u8>>) {
        self.file(ReadFile::read(root, entry, read));
    }

    /// Parses one file's text and files it under its kind.
    pub fn add(&mut self, root: &Path, entry: &Entry, text: String) {
        self.file(ReadFile::parse(root, entry, text));
    }

    /// Files a read file under its kind, or its problems.
    pub fn file(&mut self, file: ReadFile) {
        if let Some(source) = file.source {
            self.sources.insert(source.rel_path, source.text);
        }
        match file.parsed {
            Ok(Parsed::Video(loaded)) => self.videos.push(loaded),
            Ok(Parsed::Contributor(loaded)) => self.contributors.push(loaded),
            Ok(Parsed::Topic(loaded)) => self.topics.push(loaded),
            Ok(Parsed::Event(loaded)) => self.events.push(loaded),
            Ok(Parsed::Page(loaded)) => self.pages.push(loaded),
            Ok(Parsed::TrainingPath(loaded)) => self.training_paths.push(loaded),
            Ok(Parsed::News(loaded)) => self.news.push(loaded),
            Err(problems) => self.problems.extend(problems),
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(
    entry: &Entry,
    source: Source,
    schema: &Schema,
) -> Result<Loaded<T>, Vec<Diagnostic>> {
    let document = split(&source).map_err(|d| vec![d])?;
    let body_start = source.text.len() - document.body.len();
    let too_long = body_too_long(&source, document.body, body_start);
    let front = document.parse::<T>(schema).map_err(|mut problems| {
        problems.extend(too_long.clone());
        problems
    })?;
    if let Some(problem) = too_long {
        return Err(vec![problem]);
    }
    let bundle = match &entry.bundle_dir {
        Some(dir) => Some(Bundle {
            dir: dir.clone(),
            files: bundle_files(dir)
                .map_err(|e| vec![source.file_error(format!("dossier illisible : {e}"))])?,
        }),
        None => None,
    };
    Ok(Loaded {
        id: entry.id.clone(),
        path: entry.path.clone(),
        source,
        front,
        body_start,
        bundle,
    })
}

/// The longest Markdown text accepted, in characters. Sanitising raw HTML takes time
/// quadratic in its nesting depth (the HTML parser's scope checks), so an unbounded text
/// could stall the preview build of a hostile pull request; this is ten times the longest
/// page of the sample site.
pub const MAX_MARKDOWN_CHARS: usize = 50_000;

/// The problem with a body (starting at byte `start` of the source) longer than
/// [`MAX_MARKDOWN_CHARS`], at its first line.
fn body_too_long(source: &Source, body: &str, start: usize) -> Option<Diagnostic> {
    let count = body.chars().count();
    (count > MAX_MARKDOWN_CHARS).then(|| {
        source
            .error(
                start..start,
                format!("le texte sous l'en-tête fait {count} caractères, le maximum est {MAX_MARKDOWN_CHARS}"),
            )
            .with_help("raccourcissez-le, ou répartissez-le sur plusieurs pages")
    })
}

// Regular files directly in a bundle folder, except index.md and operating-system
// clutter (`.DS_Store`…). Links are not followed.
fn bundle_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut files = Vec::new();
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        if item.file_type()?.is_file() {
            let name = item.file_name().to_string_lossy().into_owned();
            if name != "index.md" && !layout::is_os_clutter(&name) {
                files.push(name);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// What a file at `path` is, or `None` when it is not a content file.
pub fn classify(content_dir: &Path, path: &Path) -> Option<Entry> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let kind_of = |folder: &str| match folder {
        "videos" => Some(Kind::Video),
        "contributors" => Some(Kind::Contributor),
        "themes" => Some(Kind::Topic),
        "events" => Some(Kind::Event),
        "pages" => Some(Kind::Page),
        "parcours" => Some(Kind::TrainingPath),
        "actualites" => Some(Kind::News),
        _ => None,
    };
    match parts.as_slice() {
        [folder, file] => Some(Entry {
            kind: kind_of(folder)?,
            id: file.strip_suffix(".md")?.to_string(),
            path: path.to_path_buf(),
            bundle_dir: None,
        }),
        [folder @ ("videos" | "actualites"), slug, "index.md"] => Some(Entry {
            kind: kind_of(folder)?,
            id: slug.to_string(),
            path: path.to_path_buf(),
            bundle_dir: path.parent().map(Path::to_path_buf),
        }),
        _ => None,
    }
}

/// Why `content/` could not be walked at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("dossier de contenu introuvable : {}", .0.display())]
    NoContent(PathBuf),
    #[error("lecture du dossier de contenu impossible : {0}")]
    Walk(#[source] walkdir::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_files_by_folder() {
        let content = Path::new("/site/content");
        let video = classify(content, Path::new("/site/content/videos/a-b.md")).unwrap();
        assert_eq!((video.kind, video.id.as_str()), (Kind::Video, "a-b"));
        let bundle = classify(content, Path::new("/site/content/videos/c/index.md")).unwrap();
        assert_eq!(bundle.id, "c");
        assert_eq!(
            bundle.bundle_dir.as_deref(),
            Some(Path::new("/site/content/videos/c"))
        );
        let topic = classify(content, Path::new("/site/content/themes/lecture.md")).unwrap();
        assert_eq!(topic.kind, Kind::Topic);
        assert!(classify(content, Path::new("/site/content/misc/x.md")).is_none());
        assert!(classify(content, Path::new("/site/content/videos/c/notes.md")).is_none());
        let news = classify(content, Path::new("/site/content/actualites/n/index.md")).unwrap();
        assert_eq!((news.kind, news.id.as_str()), (Kind::News, "n"));
        let path = classify(content, Path::new("/site/content/parcours/p.md")).unwrap();
        assert_eq!(path.kind, Kind::TrainingPath);
        assert!(classify(content, Path::new("/site/content/parcours/p/index.md")).is_none());
    }
}
