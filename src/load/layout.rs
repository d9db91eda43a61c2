//! Where each file under `content/` belongs. Every file is a content file, an attachment
//! (a bundle's file, a contributor's photo), well-known operating-system clutter, or a
//! reported problem: a misnamed or misplaced Markdown file is an error with the exact
//! rename to make, a file nothing can use is a warning. Nothing is skipped in silence.

use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{classify, Entry, LoadError};
use crate::diagnostics::{suggest, Diagnostic, Source};
use crate::load::data::{DataFile, DATA_DIR};

/// The folders of `content/`, one per kind of content file.
pub const KIND_FOLDERS: [&str; 7] = [
    "videos",
    "contributors",
    "themes",
    "events",
    "pages",
    "parcours",
    "actualites",
];

/// The kinds whose files may be bundles, `<slug>/index.md` with their files beside it, and
/// what a contributor calls one of them.
const BUNDLE_KINDS: [(&str, &str); 2] = [("videos", "vidéo"), ("actualites", "actualité")];

/// Extensions people give Markdown files, in lower case (`.md` itself included).
const MARKDOWN_EXTENSIONS: [&str; 8] = [
    ".md",
    ".markdown",
    ".mdown",
    ".mkd",
    ".mkdn",
    ".mdwn",
    ".mdtxt",
    ".mdtext",
];

/// What the walk of `content/` found.
#[derive(Debug, Default)]
pub struct Layout {
    pub entries: Vec<Entry>,
    /// Errors and warnings about files that are neither content nor attachments.
    pub problems: Vec<Diagnostic>,
    /// Files of `content/contributors/` that are not Markdown: photos an `avatar` may name.
    pub contributor_files: Vec<PathBuf>,
}

/// Files that operating systems and tools drop in folders by themselves: ignored.
pub fn is_os_clutter(name: &str) -> bool {
    matches!(
        name,
        ".DS_Store" | "Thumbs.db" | "ehthumbs.db" | "desktop.ini" | ".directory" | ".gitkeep"
    ) || name.starts_with("._")
}

/// Finds the content files and says where each belongs (see the module's documentation).
pub fn discover(root: &Path) -> Result<Layout, LoadError> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(LoadError::NoContent(content_dir));
    }
    let mut walk = Walk {
        root,
        content_dir: &content_dir,
        layout: Layout::default(),
    };
    let mut items = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(item) = items.next() {
        let item = item.map_err(LoadError::Walk)?;
        if walk.visit(&item) == Descend::No && item.file_type().is_dir() {
            items.skip_current_dir();
        }
    }
    Ok(walk.layout)
}

#[derive(PartialEq, Eq)]
enum Descend {
    Yes,
    No,
}

struct Walk<'a> {
    root: &'a Path,
    content_dir: &'a Path,
    layout: Layout,
}

impl Walk<'_> {
    fn visit(&mut self, item: &walkdir::DirEntry) -> Descend {
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        let is_dir = item.file_type().is_dir();
        if let Some(descend) = self.set_aside(item, &name, is_dir) {
            return descend;
        }
        let owned: Vec<String> = path
            .strip_prefix(self.content_dir)
            .unwrap_or(path)
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let parts: Vec<&str> = owned.iter().map(String::as_str).collect();
        match (parts.as_slice(), is_dir) {
            ([folder], true) => self.top_folder(path, folder),
            ([_], false) => self.misplaced_or_unused(path, &name, None),
            ([kind, _], false) => self.kind_file(path, kind, &name),
            ([kind, _], true) => self.kind_folder(path, kind),
            (["contributors", ..], false) => self.contributor_file(path, &name),
            ([_, _, _], false) => Descend::No, // a bundle's attachment: see `attachments`
            ([kind, _, _], true) if is_bundle_kind(kind) => self.folder_in_bundle(path, &name),
            _ => Descend::Yes,
        }
    }

    // Clutter, links and hidden folders, wherever they are.
    fn set_aside(&mut self, item: &walkdir::DirEntry, name: &str, is_dir: bool) -> Option<Descend> {
        let path = item.path();
        if is_os_clutter(name) {
            return Some(Descend::No);
        }
        if item.path_is_symlink() {
            let help = "Capsule ne suit pas les liens symboliques : remplacez le lien par le fichier ou le dossier lui-même";
            self.error(
                path,
                format!("lien symbolique refusé : `{name}`"),
                help.to_string(),
            );
            return Some(Descend::No);
        }
        if is_dir && name.starts_with('.') {
            let help = "son contenu n'est pas publié : déplacez ses fichiers, ou supprimez-le";
            let message = format!("dossier caché ignoré : `{}`", self.rel(path));
            self.warning(path, message, help.to_string());
            return Some(Descend::No);
        }
        None
    }

    // `content/videos/<slug>/<folder>` (or a news item's): its files are not published.
    fn folder_in_bundle(&mut self, path: &Path, name: &str) -> Descend {
        let what = bundle_noun(path.parent().and_then(Path::parent));
        let help = format!(
            "les fichiers d'une {what} vont directement dans son dossier, à côté de index.md : déplacez-les dans `{}`",
            self.rel(path.parent().unwrap_or(path))
        );
        self.warning(
            path,
            format!("dossier ignoré dans une {what} : `{name}`"),
            help,
        );
        Descend::No
    }

    // `content/<folder>`.
    fn top_folder(&mut self, path: &Path, folder: &str) -> Descend {
        if KIND_FOLDERS.contains(&folder) {
            return Descend::Yes;
        }
        let help = match suggest(folder, KIND_FOLDERS) {
            Some(kind) => format!("renommez `content/{folder}` en `content/{kind}`"),
            None => "les dossiers de content/ sont videos, contributors, themes, events, pages, parcours et actualites : déplacez-y ses fichiers".to_string(),
        };
        self.error(
            path,
            format!("dossier inattendu : `content/{folder}`"),
            help,
        );
        Descend::No
    }

    // `content/<kind>/<name>`, a file.
    fn kind_file(&mut self, path: &Path, kind: &str, name: &str) -> Descend {
        if let Some(entry) = classify(self.content_dir, path) {
            self.layout.entries.push(entry);
        } else if let Some(stem) = content_stem(path, name) {
            let wanted = format!("{}.md", slug_or_placeholder(&stem));
            let help = format!(
                "renommez `{}` en `{}`",
                self.rel(path),
                self.rel(&path.with_file_name(&wanted))
            );
            self.error(
                path,
                format!(
                    "nom de fichier inattendu : `{name}` (un fichier de contenu finit par `.md`)"
                ),
                help,
            );
        } else if kind == "contributors" {
            self.layout.contributor_files.push(path.to_path_buf());
        } else {
            self.unused(path, kind);
        }
        Descend::No
    }

    // `content/<kind>/<name>`, a folder: a video's bundle, a folder of photos, or a mistake.
    fn kind_folder(&mut self, path: &Path, kind: &str) -> Descend {
        match kind {
            "contributors" => Descend::Yes,
            kind if is_bundle_kind(kind) => self.bundle_folder(path),
            _ => {
                self.error(
                    path,
                    format!("dossier inattendu : `{}`", self.rel(path)),
                    format!("les fichiers vont directement dans content/{kind}/ : déplacez-y ses fichiers"),
                );
                Descend::No
            }
        }
    }

    // `content/videos/<slug>/` (or `content/actualites/<slug>/`): needs its `index.md`.
    fn bundle_folder(&mut self, path: &Path) -> Descend {
        let index = path.join("index.md");
        if index.is_file() && !is_symlink(&index) {
            if let Some(entry) = classify(self.content_dir, &index) {
                self.layout.entries.push(entry);
            }
            return Descend::Yes;
        }
        let candidates = markdown_like_files(path);
        let named_index = candidates
            .iter()
            .find(|(_, stem)| stem.eq_ignore_ascii_case("index"));
        let message = format!(
            "dossier {} sans `index.md` : `{}`",
            match bundle_noun(path.parent()) {
                "actualité" => "d'actualité",
                _ => "de vidéo",
            },
            self.rel(path)
        );
        match (named_index, candidates.as_slice()) {
            (Some((file, _)), _) | (None, [(file, _)]) => {
                let help = format!("renommez `{}` en `{}`", self.rel(file), self.rel(&index));
                self.error(file, message, help);
            }
            _ => {
                let help = format!(
                    "créez `{}` avec l'en-tête de la {}, ou supprimez le dossier",
                    self.rel(&index),
                    bundle_noun(path.parent())
                );
                self.error(path, message, help);
            }
        }
        Descend::No
    }

    // A file under `content/contributors/<folder>/…`.
    fn contributor_file(&mut self, path: &Path, name: &str) -> Descend {
        match content_stem(path, name) {
            Some(stem) => self.misplaced_or_unused(path, name, Some(&stem)),
            None => {
                self.layout.contributor_files.push(path.to_path_buf());
                Descend::No
            }
        }
    }

    // A file where no file belongs: an error when it looks like content, else a warning.
    fn misplaced_or_unused(&mut self, path: &Path, name: &str, stem: Option<&str>) -> Descend {
        let stem = stem
            .map(str::to_string)
            .or_else(|| content_stem(path, name));
        let Some(stem) = stem else {
            self.unused(path, "");
            return Descend::No;
        };
        let help = match sniff_kind(path) {
            Some(kind) => format!(
                "renommez `{}` en `content/{kind}/{}.md`",
                self.rel(path),
                slug_or_placeholder(&stem)
            ),
            None => "les fichiers vont dans content/videos, contributors, themes, events, pages, parcours ou actualites"
                .to_string(),
        };
        self.error(
            path,
            "fichier Markdown à un emplacement inattendu".to_string(),
            help,
        );
        Descend::No
    }

    // A file nothing can use: a warning that says where it would be used.
    fn unused(&mut self, path: &Path, kind: &str) {
        let help = match kind {
            "videos" => "une vignette ou des sous-titres vont dans le dossier de la vidéo, à côté de son index.md (content/videos/<nom>/) ; sinon, supprimez ce fichier".to_string(),
            "actualites" => "l'image d'une actualité va dans son dossier, à côté de son index.md (content/actualites/<nom>/) ; sinon, supprimez ce fichier".to_string(),
            _ => "une image va dans le dossier d'une vidéo (content/videos/<nom>/) ou, pour une photo de contributeur, dans content/contributors/ ; sinon, supprimez ce fichier".to_string(),
        };
        self.warning(
            path,
            format!("fichier inutilisé : `{}`", self.rel(path)),
            help,
        );
    }

    fn rel(&self, path: &Path) -> String {
        crate::diagnostics::relative_display(self.root, path)
    }

    fn error(&mut self, path: &Path, message: String, help: String) {
        let problem = Source::new(self.root, path, "")
            .file_error(message)
            .with_help(help);
        self.layout.problems.push(problem);
    }

    fn warning(&mut self, path: &Path, message: String, help: String) {
        let problem = Source::new(self.root, path, "")
            .file_error(message)
            .with_help(help)
            .as_warning();
        self.layout.problems.push(problem);
    }
}

/// What `data/` holds: the data files Capsule reads, and problems with anything else.
#[derive(Debug, Default)]
pub struct DataLayout {
    pub files: Vec<(DataFile, PathBuf)>,
    pub problems: Vec<Diagnostic>,
}

/// Finds the data files of `root/data/` (a missing folder holds none). A misnamed data file
/// (`vues.yml`, `enquete.yaml`) is an error with the rename to make; any other file or
/// folder is a warning, since nothing reads it; links are refused as in `content/`.
pub fn discover_data(root: &Path) -> DataLayout {
    let mut found = DataLayout::default();
    let dir = root.join(DATA_DIR);
    let problem = |path: &Path, message: String, help: String| {
        Source::new(root, path, "")
            .file_error(message)
            .with_help(help)
    };
    match std::fs::symlink_metadata(&dir) {
        Err(_) => return found,
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            found.problems.push(problem(
                &dir,
                "`data` doit être un dossier".into(),
                "remplacez ce fichier (ou ce lien) par le dossier data/ et ses fichiers".into(),
            ));
            return found;
        }
    }
    let Ok(items) = std::fs::read_dir(&dir) else {
        found.problems.push(problem(
            &dir,
            "dossier data/ illisible".into(),
            "vérifiez ses droits d'accès".into(),
        ));
        return found;
    };
    let mut items: Vec<(String, PathBuf, Option<std::fs::FileType>)> = items
        .filter_map(Result::ok)
        .map(|item| {
            (
                item.file_name().to_string_lossy().into_owned(),
                item.path(),
                item.file_type().ok(),
            )
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let known: Vec<&str> = DataFile::ALL.iter().map(|f| f.file_name()).collect();
    for (name, path, kind) in items {
        let rel = crate::diagnostics::relative_display(root, &path);
        if is_os_clutter(&name) {
            continue;
        }
        if kind.is_some_and(|k| k.is_symlink()) {
            found.problems.push(problem(&path, format!("lien symbolique refusé : `{name}`"), "Capsule ne suit pas les liens symboliques : remplacez le lien par le fichier lui-même".into()));
        } else if kind.is_some_and(|k| k.is_dir()) {
            let help = "data/ ne contient que vues.yaml, enquetes.yaml et objectifs.yaml : déplacez ou supprimez ce dossier".to_string();
            found
                .problems
                .push(problem(&path, format!("dossier ignoré : `{rel}`"), help).as_warning());
        } else if let Some(file) = DataFile::from_file_name(&name) {
            found.files.push((file, path));
        } else if let Some(meant) = meant_data_file(&name, &known) {
            found.problems.push(problem(
                &path,
                format!("nom de fichier inattendu : `{rel}`"),
                format!("renommez `{rel}` en `data/{meant}`"),
            ));
        } else {
            let help = "data/ ne contient que vues.yaml, enquetes.yaml et objectifs.yaml (voir CONTRIBUTING.md) : supprimez ce fichier, ou déplacez-le".to_string();
            found
                .problems
                .push(problem(&path, format!("fichier inutilisé : `{rel}`"), help).as_warning());
        }
    }
    found
}

// The data file a misnamed one was meant to be: same name in another case or with `.yml`,
// or a close spelling (`enquete.yaml`).
fn meant_data_file<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase();
    let stem = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
        .or_else(|| lower.strip_suffix(".txt"))
        .unwrap_or(&lower);
    let stems = known.iter().map(|k| k.trim_end_matches(".yaml"));
    let close = suggest(stem, stems)?;
    known
        .iter()
        .copied()
        .find(|k| k.trim_end_matches(".yaml") == close)
}

/// The name a file was meant to have without its extension, when it looks like a content
/// file: a Markdown extension in any case (`.MD`, `.markdown`, `.md.txt`), no extension at
/// all, or text that opens with the `---` of a front matter.
pub fn content_stem(path: &Path, name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let without_txt = lower.strip_suffix(".txt").unwrap_or(&lower);
    if let Some(extension) = MARKDOWN_EXTENSIONS
        .iter()
        .find(|e| without_txt.ends_with(**e) && without_txt.len() > e.len())
    {
        return Some(name[..without_txt.len() - extension.len()].to_string());
    }
    let stem = match name.rfind('.') {
        None => return Some(name.to_string()),
        Some(0) => name,
        Some(dot) => &name[..dot],
    };
    opens_with_front_matter(path).then(|| stem.to_string())
}

fn opens_with_front_matter(path: &Path) -> bool {
    let mut start = [0u8; 6];
    let read = std::fs::File::open(path)
        .and_then(|mut file| file.read(&mut start))
        .unwrap_or(0);
    let start = &start[..read];
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    start.starts_with(b"---")
}

// The Markdown-like files directly in `dir`, with their stems.
fn markdown_like_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|item| item.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|item| {
            let name = item.file_name().to_string_lossy().into_owned();
            let stem = content_stem(&item.path(), &name)?;
            Some((item.path(), stem))
        })
        .collect();
    found.sort();
    found
}

// The kind folder a misplaced content file belongs in, from the keys of its front matter.
fn sniff_kind(path: &Path) -> Option<&'static str> {
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(8192)
        .read_to_string(&mut text)
        .ok()?;
    let keys: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|line| line.trim_end() != "---")
        .filter_map(|line| line.split_once(':').map(|(key, _)| key))
        .collect();
    let has = |key: &str| keys.contains(&key);
    if has("video") {
        Some("videos")
    } else if has("steps") {
        Some("parcours")
    } else if has("role") {
        Some("contributors")
    } else if has("kind") || has("start") {
        Some("events")
    } else if has("group") {
        Some("themes")
    } else if has("menu") {
        Some("pages")
    } else if has("summary") && has("date") {
        Some("actualites")
    } else {
        None
    }
}

/// `stem` as a valid slug (`Ma Vidéo` → `ma-video`), or a placeholder when nothing is left.
pub fn slug_or_placeholder(stem: &str) -> String {
    let slug = slug::slugify(stem);
    if slug.is_empty() {
        "nom-du-fichier".to_string()
    } else {
        slug
    }
}

/// The rename that gives a content file (or a video's folder) whose name `id` is not a
/// valid slug a valid one: `content/videos/Ma Vidéo.md` → `content/videos/ma-video.md`,
/// `content/videos/Ma Vidéo/index.md` → the folder `content/videos/ma-video`.
pub fn rename_for_slug(rel_path: &str, id: &str) -> (String, String) {
    let slug = slug_or_placeholder(id);
    let bundle = rel_path
        .strip_suffix("/index.md")
        .filter(|folder| folder.rsplit('/').next() == Some(id));
    match bundle {
        Some(folder) => {
            let parent = &folder[..folder.len() - id.len()];
            (folder.to_string(), format!("{parent}{slug}"))
        }
        None => {
            let parent = rel_path.rsplit_once('/').map_or("", |(parent, _)| parent);
            (rel_path.to_string(), format!("{parent}/{slug}.md"))
        }
    }
}

fn is_bundle_kind(folder: &str) -> bool {
    BUNDLE_KINDS.iter().any(|(kind, _)| *kind == folder)
}

// What a contributor calls one file of the kind folder `kind_dir` (`content/videos`).
fn bundle_noun(kind_dir: Option<&Path>) -> &'static str {
    let folder = kind_dir
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    BUNDLE_KINDS
        .iter()
        .find(|(kind, _)| *kind == folder)
        .map_or("vidéo", |(_, noun)| noun)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_stem_is_found_whatever_the_extension_looks_like() {
        let here = Path::new("/nonexistent");
        for (name, stem) in [
            ("ma-video.MD", "ma-video"),
            ("ma-video.markdown", "ma-video"),
            ("ma-video.md.txt", "ma-video"),
            ("Index.md", "Index"),
            ("ma-video", "ma-video"),
        ] {
            assert_eq!(content_stem(here, name).as_deref(), Some(stem), "{name}");
        }
        assert_eq!(content_stem(here, "vignette.jpg"), None);
        assert_eq!(content_stem(here, "notes.pdf"), None);
    }

    #[test]
    fn renames_a_file_or_a_bundle_folder_to_a_valid_slug() {
        assert_eq!(
            rename_for_slug("content/videos/Ma Vidéo.md", "Ma Vidéo"),
            (
                "content/videos/Ma Vidéo.md".to_string(),
                "content/videos/ma-video.md".to_string()
            )
        );
        assert_eq!(
            rename_for_slug("content/videos/Ma_Vidéo/index.md", "Ma_Vidéo"),
            (
                "content/videos/Ma_Vidéo".to_string(),
                "content/videos/ma-video".to_string()
            )
        );
    }
}
