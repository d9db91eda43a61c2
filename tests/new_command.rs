//! End to end: `capsule new` writes skeletons that fail `check` only on what is to fill,
//! and pass once filled; so does the template of the contributors' guide (CONTRIBUTING.md),
//! whose examples check clean.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{fill, read, repository, stderr, stdout, Fixture};
use serde_json::Value;

/// `(line, message)` of every problem `check --format json` finds, all in `file`.
fn problems_in(site: &Fixture, file: &str) -> Vec<(u64, String)> {
    let output = site.run(&["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&output), stderr(&output)));
    let problems = json.as_array().expect("array");
    let elsewhere: Vec<&Value> = problems.iter().filter(|p| p["file"] != file).collect();
    assert!(
        elsewhere.is_empty(),
        "problems outside {file}: {elsewhere:#?}"
    );
    problems
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap_or_default(),
                p["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// 1-based line of the first line of `text` starting with `prefix`.
fn line_of(text: &str, prefix: &str) -> u64 {
    let index = text
        .lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line `{prefix}` in:\n{text}"));
    index as u64 + 1
}

/// Runs `capsule new KIND TITLE` and returns the path it printed.
fn new(site: &Fixture, kind: &str, title: &str) -> PathBuf {
    let output = site.run(&["new", kind, title]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    PathBuf::from(stdout(&output).trim())
}

fn assert_checks_clean(site: &Fixture) {
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("Aucun problème trouvé."));
}

#[test]
fn new_video_fails_only_on_what_to_fill_then_checks_clean() {
    let site = Fixture::small();
    let path = new(&site, "video", "Élèves & Maîtres : l'été");
    assert_eq!(
        path,
        site.root().join("content/videos/eleves-maitres-l-ete.md")
    );
    let text = read(&path);
    assert!(
        text.contains("title: \"Élèves & Maîtres : l'été\"\n"),
        "{text}"
    );
    assert!(
        text.contains("date: 2026-11-23\n"),
        "today, from SOURCE_DATE_EPOCH: {text}"
    );
    assert!(
        text.contains("#   calcul, lecture\n"),
        "the site's themes are listed: {text}"
    );
    assert!(
        text.contains("tube-cycle-2.apps.education.fr"),
        "the site's PeerTube hosts are listed: {text}"
    );

    let expected = vec![
        (
            line_of(&text, "video:"),
            "l'adresse de la vidéo n'est pas une adresse web complète".to_string(),
        ),
        (
            line_of(&text, "duration:"),
            "`m:ss` n'est pas une durée au format m:ss".to_string(),
        ),
        (
            line_of(&text, "contributors:"),
            "il faut au moins un contributeur dans `contributors`".to_string(),
        ),
        (
            line_of(&text, "themes:"),
            "il faut au moins un thème dans `themes`".to_string(),
        ),
        (line_of(&text, "summary:"), "`summary` est vide".to_string()),
    ];
    assert_eq!(
        problems_in(&site, "content/videos/eleves-maitres-l-ete.md"),
        expected
    );
    let lines: Vec<&str> = text.lines().collect();
    for (line, _) in &expected {
        let comment: Vec<&&str> = lines[..*line as usize - 1]
            .iter()
            .rev()
            .take_while(|l| l.starts_with('#'))
            .collect();
        assert!(
            comment.iter().any(|l| l.contains("À REMPLIR")),
            "line {line} is not marked À REMPLIR"
        );
    }

    let filled = fill(
        &text,
        &[
            (
                "video:",
                "video: https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5",
            ),
            ("duration:", "duration: \"1:52\""),
            ("contributors:", "contributors: [claire]"),
            ("themes:", "themes: [lecture, calcul]"),
            ("levels:", "levels: [CM1, CM2]"),
            (
                "summary:",
                "summary: \"Des élèves qui enseignent à leurs maîtres.\"",
            ),
            ("#transcript:", "transcript: |"),
            ("#  Ce qui est dit", "  Bonjour à tous."),
            ("#aliases:", "aliases: [/videos/ancien-nom/]"),
            ("#draft:", "draft: true"),
        ],
    );
    std::fs::write(&path, filled).expect("write");
    assert_checks_clean(&site);
}

#[test]
fn new_contributor_fails_only_on_the_role_then_checks_clean() {
    let site = Fixture::small();
    let path = new(&site, "contributor", "Léa Dupré-Nguyen");
    assert_eq!(
        path,
        site.root().join("content/contributors/lea-dupre-nguyen.md")
    );
    let text = read(&path);
    assert!(text.contains("name: \"Léa Dupré-Nguyen\"\n"), "{text}");
    assert_eq!(
        problems_in(&site, "content/contributors/lea-dupre-nguyen.md"),
        vec![(line_of(&text, "role:"), "`role` est vide".to_string())]
    );
    let filled = fill(
        &text,
        &[
            ("role:", "role: \"professeure des écoles\""),
            ("#academie:", "academie: \"Lille\""),
            ("#school:", "school: \"École Jean-Jaurès, Roubaix\""),
            ("#links:", "links:"),
            ("#  Mastodon:", "  Mastodon: https://mastodon.example/@lea"),
        ],
    );
    std::fs::write(&path, filled).expect("write");
    assert_checks_clean(&site);
}

#[test]
fn new_event_fails_only_on_the_place_then_checks_clean() {
    let site = Fixture::small();
    let path = new(&site, "event", "Défi : la lecture offerte");
    assert_eq!(
        path,
        site.root()
            .join("content/events/defi-la-lecture-offerte.md")
    );
    let text = read(&path);
    assert!(
        text.contains("start: 2026-11-23T17:00:00+01:00\n"),
        "today 17 h, Paris in winter: {text}"
    );
    assert!(text.contains("end: 2026-11-23T18:00:00+01:00\n"), "{text}");
    let found = problems_in(&site, "content/events/defi-la-lecture-offerte.md");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.starts_with("il manque le lieu"), "{found:?}");
    let filled = fill(
        &text,
        &[
            ("#location:", "location: \"Salle polyvalente de l'école\""),
            ("facilitators:", "facilitators: [karim]"),
        ],
    );
    std::fs::write(&path, filled).expect("write");
    assert_checks_clean(&site);
}

#[test]
fn new_refuses_to_overwrite_with_exit_code_two() {
    let site = Fixture::small();
    let path = new(&site, "video", "La dictée du jour");
    std::fs::write(&path, "mon travail\n").expect("write");
    let again = site.run(&["new", "video", "La dictée du jour"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("content/videos/la-dictee-du-jour.md existe déjà"),
        "{}",
        stderr(&again)
    );
    assert_eq!(read(&path), "mon travail\n", "the file was overwritten");

    // A bundle folder of the same name is the same video.
    let bundle = site.run(&["new", "video", "Fluence"]);
    assert_eq!(bundle.status.code(), Some(2));
    assert!(
        stderr(&bundle).contains("content/videos/fluence/index.md existe déjà"),
        "{}",
        stderr(&bundle)
    );
    assert!(!site.root().join("content/videos/fluence.md").exists());
}

#[test]
fn new_needs_a_title_with_letters_and_a_site() {
    let site = Fixture::small();
    for title in ["", "   ", "?!"] {
        let output = site.run(&["new", "video", title]);
        assert_eq!(output.status.code(), Some(2), "{title:?}");
        assert!(
            stderr(&output).starts_with("erreur : "),
            "{}",
            stderr(&output)
        );
    }
    let output = Fixture::empty().run(&["new", "video", "Titre"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("site.yaml"), "{}", stderr(&output));
}

#[test]
fn new_dates_are_today_in_the_site_time_zone() {
    let site = Fixture::small();
    common::link_theme(site.root());
    // 2026-11-23T23:30:00Z is already the 24th in Paris.
    let output = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["new", "vidéo", "Après minuit", "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", "1795476600")
        .output()
        .expect("run capsule");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = read(&site.root().join("content/videos/apres-minuit.md"));
    assert!(text.contains("date: 2026-11-24\n"), "{text}");
}

// ---------------------------------------------------------------------------------------
// The guide's template and examples

/// The ```yaml blocks of CONTRIBUTING.md.
fn guide_examples() -> Vec<String> {
    let guide = read(&repository().join("CONTRIBUTING.md"));
    guide
        .split("```yaml\n")
        .skip(1)
        .filter_map(|block| {
            block
                .split_once("\n```")
                .map(|(yaml, _)| format!("{yaml}\n"))
        })
        .collect()
}

fn guide_example(containing: &str) -> String {
    guide_examples()
        .into_iter()
        .find(|block| block.contains(containing))
        .unwrap_or_else(|| panic!("no example with `{containing}` in CONTRIBUTING.md"))
}

/// A site with the repository's configuration, themes and contributors.
fn site_like_the_repository() -> Fixture {
    let site = Fixture::empty();
    site.write("site.yaml", &read(&repository().join("site.yaml")));
    for folder in ["content/themes", "content/contributors"] {
        for entry in std::fs::read_dir(repository().join(folder))
            .expect(folder)
            .filter_map(Result::ok)
        {
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                let name = entry.file_name().to_string_lossy().into_owned();
                let target = site.root().join(folder).join(&name);
                std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                std::fs::copy(entry.path(), target).expect("copy");
            }
        }
    }
    site
}

#[test]
fn the_guide_template_fails_only_on_what_to_fill_and_its_examples_check_clean() {
    let site = site_like_the_repository();
    let template = guide_example("À REMPLIR");
    site.write("content/videos/modele.md", &template);
    let found: Vec<String> = problems_in(&site, "content/videos/modele.md")
        .into_iter()
        .map(|(_, message)| message)
        .collect();
    assert_eq!(
        found,
        [
            "`AAAA-MM-JJ` n'est pas une date au format AAAA-MM-JJ",
            "l'adresse de la vidéo n'est pas une adresse web complète",
            "`m:ss` n'est pas une durée au format m:ss",
            "il faut au moins un contributeur dans `contributors`",
            "il faut au moins un thème dans `themes`",
            "`summary` est vide",
        ]
    );
    let filled = fill(
        &template,
        &[
            ("date:", "date: 2026-09-14"),
            ("video:", "video: https://youtu.be/dQw4w9WgXcQ"),
            ("duration:", "duration: \"1:45\""),
            ("contributors:", "contributors: [claire-martin]"),
            ("themes:", "themes: [lecture]"),
            ("summary:", "summary: \"Un résumé.\""),
        ],
    );
    site.write("content/videos/modele.md", &filled);
    site.write(
        "content/videos/la-dictee-negociee.md",
        &guide_example("title: \"La dictée négociée"),
    );
    site.write(
        "content/contributors/exemple.md",
        &guide_example("name: \"Claire Martin\""),
    );
    site.write("content/videos/fluence-a-deux.md", &filled);
    site.write(
        "content/events/focus-exemple.md",
        &guide_example("kind: focus"),
    );
    assert_checks_clean(&site);
}
