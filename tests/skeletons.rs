//! End to end: the skeletons of `capsule new` (and the guide's template) stay valid when their
//! own instructions are followed to the letter: fill the « À REMPLIR » values, then remove
//! the `#` that starts an optional line (each optional line on its own, with the file the
//! comment above it asks for), and `capsule check` passes.

mod common;

use std::path::{Path, PathBuf};

use common::{fill, jpeg, stderr, stdout, Fixture};

/// Runs `capsule new KIND TITLE` and returns the path it printed.
fn new(site: &Fixture, kind: &str, title: &str) -> PathBuf {
    let output = site.run(&["new", kind, title]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    PathBuf::from(stdout(&output).trim())
}

/// The optional lines of a skeleton's front matter: a commented `#key: value` line, with the
/// commented lines that continue it (`#  more`), as line indices.
fn optional_groups(text: &str) -> Vec<Vec<usize>> {
    let front_matter_end = text
        .lines()
        .skip(1)
        .position(|l| l == "---")
        .map_or(0, |i| i + 1);
    let is_key = |line: &str| {
        line.strip_prefix('#').is_some_and(|rest| {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            rest.split_once(':').is_some_and(|(key, _)| {
                !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
        })
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut open = false;
    for (index, line) in text.lines().enumerate().take(front_matter_end) {
        if is_key(line) {
            groups.push(vec![index]);
            open = true;
        } else if open && line.starts_with("#  ") {
            groups.last_mut().expect("group").push(index);
        } else {
            open = false;
        }
    }
    groups
}

/// `text` with the `#` that starts each line of `group` removed, and nothing else.
fn uncomment(text: &str, group: &[usize]) -> String {
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(index, line)| match line.strip_prefix('#') {
            Some(rest) if group.contains(&index) => rest.to_string(),
            _ => line.to_string(),
        })
        .collect();
    lines.join("\n") + "\n"
}

/// The value of the first line of `group` once uncommented (`thumbnail: vignette.jpg` →
/// `vignette.jpg`).
fn value_of(text: &str, group: &[usize]) -> (String, String) {
    let line = text.lines().nth(group[0]).expect("line");
    let (key, value) = line
        .trim_start_matches(['#', ' '])
        .split_once(':')
        .expect("key: value");
    (
        key.trim().to_string(),
        value.trim().trim_matches('"').to_string(),
    )
}

fn assert_checks_clean(site: &Fixture, what: &str) {
    let output = site.run(&["check"]);
    assert_eq!(
        (output.status.code(), stderr(&output)),
        (Some(0), "Aucun problème trouvé.\n".to_string()),
        "{what}"
    );
}

/// For each optional group of `filled` (written at `path`), uncomments it alone, writes the
/// file its comment asks for, checks, and puts everything back.
fn each_optional_line_checks_clean(site: &Fixture, path: &Path, filled: &str, expected: &[&str]) {
    let groups = optional_groups(filled);
    let keys: Vec<String> = groups.iter().map(|g| value_of(filled, g).0).collect();
    assert_eq!(keys, expected, "optional lines of {}", path.display());
    for group in &groups {
        let (key, value) = value_of(filled, group);
        let text = uncomment(filled, group);
        let written = place(site, path, &key, &value, &text);
        assert_checks_clean(site, &format!("{key} uncommented:\n{text}"));
        for file in &written {
            std::fs::remove_file(file).expect("remove");
        }
        if written.iter().any(|f| f.ends_with("index.md")) {
            std::fs::remove_dir_all(written[0].parent().expect("bundle")).ok();
        }
        std::fs::write(path, filled).expect("write");
    }
}

// Writes `text` where it belongs, with the file the optional line names, as its comment
// says: a bundle image or captions beside the video's (or news item's) `index.md`, a photo
// in `content/contributors/`. Returns the files written besides `path`.
fn place(site: &Fixture, path: &Path, key: &str, value: &str, text: &str) -> Vec<PathBuf> {
    match key {
        "thumbnail" | "captions" | "image" => {
            let slug = path.file_stem().expect("stem");
            let bundle = path.parent().expect("videos").join(slug);
            std::fs::create_dir_all(&bundle).expect("bundle");
            std::fs::remove_file(path).expect("move the video into its folder");
            let index = bundle.join("index.md");
            std::fs::write(&index, text).expect("index");
            let attachment = bundle.join(value);
            let bytes = if key != "captions" {
                jpeg(64, 48)
            } else {
                b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour.\n".to_vec()
            };
            std::fs::write(&attachment, bytes).expect("attachment");
            vec![index, attachment]
        }
        "avatar" => {
            let photo = site.root().join("content/contributors").join(value);
            std::fs::write(&photo, jpeg(64, 64)).expect("photo");
            std::fs::write(path, text).expect("write");
            vec![photo]
        }
        _ => {
            std::fs::write(path, text).expect("write");
            Vec::new()
        }
    }
}

#[test]
fn video_skeleton_stays_valid_line_by_line() {
    let site = Fixture::small();
    let path = new(&site, "video", "La dictée du jour");
    let text = std::fs::read_to_string(&path).expect("read");
    let filled = fill(
        &text,
        &[
            (
                "video:",
                "video: \"https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5\"",
            ),
            ("duration:", "duration: \"1:45\""),
            ("contributors:", "contributors: [claire]"),
            ("themes:", "themes: [lecture]"),
            ("summary:", "summary: \"Une dictée courte, chaque matin.\""),
        ],
    );
    std::fs::write(&path, &filled).expect("write");
    assert_checks_clean(&site, "filled");
    let with_levels = fill(&filled, &[("levels:", "levels: [CP, CE1]")]);
    std::fs::write(&path, &with_levels).expect("write");
    assert_checks_clean(&site, "the levels of the example");
    each_optional_line_checks_clean(
        &site,
        &path,
        &filled,
        &["thumbnail", "captions", "transcript", "aliases", "draft"],
    );
}

#[test]
fn contributor_skeleton_stays_valid_line_by_line() {
    let site = Fixture::small();
    let path = new(&site, "contributor", "Léa Dupré");
    let text = std::fs::read_to_string(&path).expect("read");
    let filled = fill(&text, &[("role:", "role: \"professeure des écoles\"")]);
    std::fs::write(&path, &filled).expect("write");
    assert_checks_clean(&site, "filled");
    each_optional_line_checks_clean(
        &site,
        &path,
        &filled,
        &["academie", "school", "avatar", "links"],
    );
}

#[test]
fn event_skeleton_stays_valid_line_by_line() {
    let site = Fixture::small();
    let path = new(&site, "event", "Défi : une minute pour raconter");
    let text = std::fs::read_to_string(&path).expect("read");
    let groups = optional_groups(&text);
    let place_lines: Vec<&Vec<usize>> = groups
        .iter()
        .filter(|g| matches!(value_of(&text, g).0.as_str(), "location" | "online"))
        .collect();
    assert_eq!(place_lines.len(), 2, "{text}");
    // « À REMPLIR, l'un des deux » : either line, uncommented as it is.
    for place_line in place_lines {
        let filled = uncomment(&text, place_line);
        std::fs::write(&path, &filled).expect("write");
        assert_checks_clean(&site, &format!("place given:\n{filled}"));
    }
    let filled = uncomment(&text, groups[0].as_slice());
    std::fs::write(&path, &filled).expect("write");
    each_optional_line_checks_clean(&site, &path, &filled, &["online", "registration"]);
}

#[test]
fn the_guide_template_stays_valid_line_by_line() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("CONTRIBUTING.md"))
            .expect("guide");
    let template = guide
        .split("```yaml\n")
        .filter_map(|block| {
            block
                .split_once("\n```")
                .map(|(yaml, _)| format!("{yaml}\n"))
        })
        .find(|block| block.contains("À REMPLIR"))
        .expect("template");
    let site = Fixture::small();
    let path = site.root().join("content/videos/modele.md");
    let filled = fill(
        &template,
        &[
            ("date:", "date: 2026-09-14"),
            ("video:", "video: \"https://youtu.be/dQw4w9WgXcQ\""),
            ("duration:", "duration: \"1:45\""),
            ("contributors:", "contributors: [claire]"),
            ("themes:", "themes: [lecture]"),
            ("summary:", "summary: \"Un résumé.\""),
        ],
    );
    std::fs::write(&path, &filled).expect("write");
    assert_checks_clean(&site, "filled");
    each_optional_line_checks_clean(
        &site,
        &path,
        &filled,
        &["thumbnail", "captions", "transcript", "aliases", "draft"],
    );
}

#[test]
fn training_path_skeleton_stays_valid_line_by_line() {
    let site = Fixture::small();
    let path = new(&site, "parcours", "La fluence au cycle 2");
    assert!(
        path.ends_with("content/parcours/la-fluence-au-cycle-2.md"),
        "{path:?}"
    );
    let text = std::fs::read_to_string(&path).expect("read");
    let filled = fill(
        &text,
        &[
            ("authors:", "authors: [karim]"),
            ("  - video:", "  - video: fluence"),
        ],
    );
    std::fs::write(&path, &filled).expect("write");
    assert_checks_clean(&site, "filled");
    let with_levels = fill(&filled, &[("levels:", "levels: [CP, CE1, CE2]")]);
    std::fs::write(&path, &with_levels).expect("write");
    assert_checks_clean(&site, "the levels of the example");
    each_optional_line_checks_clean(&site, &path, &filled, &["draft"]);
}

#[test]
fn news_skeleton_stays_valid_line_by_line() {
    let site = Fixture::small();
    let path = new(&site, "actualite", "Le défi d'hiver est lancé");
    assert!(
        path.ends_with("content/actualites/le-defi-d-hiver-est-lance.md"),
        "{path:?}"
    );
    let text = std::fs::read_to_string(&path).expect("read");
    let filled = fill(
        &text,
        &[("summary:", "summary: \"Le défi commence lundi.\"")],
    );
    std::fs::write(&path, &filled).expect("write");
    assert_checks_clean(&site, "filled");
    let with_references = fill(
        &filled,
        &[
            ("videos:", "videos: [fluence]"),
            ("events:", "events: [focus-fluence]"),
        ],
    );
    std::fs::write(&path, &with_references).expect("write");
    assert_checks_clean(&site, "the references of the example");
    each_optional_line_checks_clean(&site, &path, &filled, &["image", "draft"]);
}

#[test]
fn each_unfilled_value_of_the_new_skeletons_is_named_by_check() {
    let site = Fixture::small();
    new(&site, "parcours", "Un parcours");
    new(&site, "actualite", "Une actualité");
    let output = site.run(&["check"]);
    let report = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    for expected in [
        "il faut au moins un auteur dans `authors`",
        "vidéo inconnue : `nom-de-la-video`",
        "`summary` est vide",
    ] {
        assert!(report.contains(expected), "{expected}:\n{report}");
    }
    assert!(report.contains("3 problèmes trouvés."), "{report}");
}
