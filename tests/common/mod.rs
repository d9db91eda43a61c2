//! Small sites written to temp dirs for end-to-end tests, and helpers to run `capsule`.
#![allow(dead_code)]

pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site root in a temp dir.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const SITE_YAML: &str = r#"title: "Classe test"
base_url: "https://test.example.org"
description: "Un site de test."
timezone: Europe/Paris
max_duration: "2:00"
per_page: 2
peertube_hosts: [tube-cycle-2.apps.education.fr]
feed_items: 10
"#;

/// 2026-11-23T12:00:00Z: the tests' "today".
pub const NOW: &str = "1795435200";

impl Fixture {
    /// A small valid site: 2 topics, 2 contributors, 3 videos (one bundle), 2 events, 1 page.
    pub fn small() -> Fixture {
        let fixture = Fixture::empty();
        fixture.write("site.yaml", SITE_YAML);
        fixture.write("content/themes/lecture.md", "---\ntitle: Lecture\ngroup: Français\ndescription: Lire chaque jour.\n---\nLire, c'est **grandir**.\n");
        fixture.write(
            "content/themes/calcul.md",
            "---\ntitle: Calcul mental\ngroup: Mathématiques\n---\n",
        );
        fixture.write("content/contributors/claire.md", "---\nname: Claire Martin\nrole: professeure des écoles\nacademie: Lille\nlinks:\n  Mastodon: https://mastodon.example/@claire\n---\nClaire enseigne en CP.\n");
        fixture.write(
            "content/contributors/karim.md",
            "---\nname: Karim Benali\nrole: conseiller pédagogique\n---\n",
        );
        fixture.write("content/videos/rituel-lecture.md", &video("Le rituel de lecture", "2026-09-14", "https://youtu.be/dQw4w9WgXcQ", "[claire]", "[lecture]", "aliases: [/video/ancien-rituel/]\nlevels: [CP, CE1]\ntranscript: |\n  Bonjour, voici notre rituel.\n"));
        fixture.write(
            "content/videos/ardoises.md",
            &video(
                "Calcul mental avec les ardoises",
                "2026-10-01",
                "https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5",
                "[karim, claire]",
                "[calcul]",
                "levels: [CE2]\n",
            ),
        );
        fixture.write(
            "content/videos/fluence/index.md",
            &video(
                "Fluence à deux",
                "2026-03-01",
                "https://media.example.org/fluence.mp4",
                "[claire]",
                "[lecture]",
                "thumbnail: vignette.jpg\ncaptions: sous-titres.vtt\n",
            ),
        );
        fixture.write_bytes("content/videos/fluence/vignette.jpg", &jpeg(1280, 720));
        fixture.write(
            "content/videos/fluence/sous-titres.vtt",
            "WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n",
        );
        fixture.write(
            "content/videos/futur.md",
            &video(
                "Une vidéo du futur",
                "2026-12-15",
                "https://vimeo.com/123456",
                "[claire]",
                "[lecture]",
                "",
            ),
        );
        fixture.write(
            "content/videos/brouillon.md",
            &video(
                "Un brouillon",
                "2026-01-15",
                "https://vimeo.com/654321",
                "[karim]",
                "[calcul]",
                "draft: true\n",
            ),
        );
        fixture.write("content/events/focus-fluence.md", "---\ntitle: Focus fluence\nkind: focus\nstart: 2026-12-09T17:00:00+01:00\nend: 2026-12-09T18:00:00+01:00\nonline: https://visio.example.org/fluence\nfacilitators: [claire]\nthemes: [lecture]\nvideos: [fluence]\nregistration: https://inscription.example.org\n---\nVenez échanger.\n");
        fixture.write("content/events/defi-ancien.md", "---\ntitle: Défi d'automne\nkind: challenge\nstart: 2025-10-01T09:00:00+02:00\nend: 2025-10-20T18:00:00+02:00\nlocation: Atelier Canopé de Lille\nfacilitators: [karim]\n---\nUn défi.\n");
        fixture.write(
            "content/pages/a-propos.md",
            "---\ntitle: À propos\nmenu: 1\n---\n## Qui sommes-nous ?\n\nUne communauté.\n",
        );
        fixture
    }

    /// A copy of the committed site `tests/fixtures/<name>/` (the browser suites' catalogue).
    pub fn copy_of(name: &str) -> Fixture {
        let fixture = Fixture::empty();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&source, fixture.root());
        fixture
    }

    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
    }

    /// Runs `capsule ARGS --root ROOT` with the theme of the repository.
    pub fn run(&self, args: &[&str]) -> Output {
        link_theme(self.root());
        Command::new(env!("CARGO_BIN_EXE_capsule"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("SOURCE_DATE_EPOCH", NOW)
            .env("NO_COLOR", "1")
            .output()
            .expect("run capsule")
    }

    pub fn build(&self) -> Output {
        self.run(&["build"])
    }

    /// A built page's HTML, by site path (`/videos/x/`).
    pub fn page(&self, site_path: &str) -> String {
        let rel = site_path.trim_start_matches('/');
        let path = if rel.is_empty() || rel.ends_with('/') {
            self.public().join(rel).join("index.html")
        } else {
            self.public().join(rel)
        };
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// The repository's root (its `netlify.toml`, `CONTRIBUTING.md`, workflows…).
pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A text file's content; the test fails with its path when it cannot be read.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Copies the repository's theme into the fixture (once).
pub fn link_theme(root: &Path) {
    let target = root.join("themes/default");
    if target.exists() {
        return;
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&source, &target);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read theme") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// A real JPEG photo-like picture (a gradient), for bundle thumbnails.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 140])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    bytes.into_inner()
}

/// A video file's text.
pub fn video(
    title: &str,
    date: &str,
    url: &str,
    contributors: &str,
    themes: &str,
    extra: &str,
) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nvideo: {url}\nduration: \"1:45\"\ncontributors: {contributors}\nthemes: {themes}\nsummary: \"Résumé de {title}.\"\n{extra}---\nCorps de la vidéo **{title}**.\n"
    )
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, relative, with its bytes, sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Whether `html` has an element matching the CSS `selector` (and, when given, whose
/// text is `text`): assertions on what a browser parses, not on minified spelling.
pub fn has(html: &str, selector: &str, text: Option<&str>) -> bool {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    document
        .select(&selector)
        .any(|element| text.is_none_or(|text| element.text().collect::<String>().trim() == text))
}

/// `text` with the line starting with each `prefix` replaced by its new line.
pub fn fill(text: &str, edits: &[(&str, &str)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (prefix, new_line) in edits {
        let line = lines
            .iter_mut()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line `{prefix}` in:\n{text}"));
        *line = (*new_line).to_string();
    }
    lines.join("\n") + "\n"
}
