//! End to end: training paths (`content/parcours/`) and news (`content/actualites/`) are
//! checked like the other kinds — every mistake said in French at its file, line and
//! column, with a suggestion — and the catalogue publishes and links them by the same
//! rules as videos (drafts, future dates), read here on real sites through the library.

mod common;

use capsule::catalog::{Catalog, Publication};
use common::{stderr, stdout, Fixture, NOW};
use serde_json::Value;

/// (file, line, column, message, help, severity) of each problem `check --format json`
/// reports.
fn problems(site: &Fixture) -> Vec<(String, u64, u64, String, String, String)> {
    let output = site.run(&["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&output), stderr(&output)));
    json.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
            (
                text("file"),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                text("message"),
                text("help"),
                text("severity"),
            )
        })
        .collect()
}

/// `(line, column, message, help)` of each problem in `file`.
fn in_file(site: &Fixture, file: &str) -> Vec<(u64, u64, String, String)> {
    problems(site)
        .into_iter()
        .filter(|p| p.0 == file)
        .map(|p| (p.1, p.2, p.3, p.4))
        .collect()
}

fn found(line: u64, column: u64, message: &str, help: &str) -> (u64, u64, String, String) {
    (line, column, message.to_string(), help.to_string())
}

const PATH: &str = "---
title: \"La fluence en CP\"
authors: [claire, karim]
levels: [CP, CE1]
duration: \"1 h 30\"
date: 2026-10-08
steps:
  - video: rituel-lecture
    prompt: \"Qui lit à voix haute, et combien de temps ?\"
  - video: fluence
    prompt: \"Par deux, jouez la scène du coach.\"
---
Une séance d'une heure trente.
";

const NEWS: &str = "---
title: \"Bilan du défi d'automne\"
date: 2026-11-02
summary: \"Le défi a réuni vingt classes.\"
image: photo.jpg
events: [defi-ancien]
videos: [ardoises, fluence]
---
Merci à tous ! ![La salle](photo.jpg)
";

/// The small site with one valid path and one valid news bundle.
fn site_with_path_and_news() -> Fixture {
    let site = Fixture::small();
    site.write("content/parcours/fluence-cp.md", PATH);
    site.write("content/actualites/bilan/index.md", NEWS);
    site.write_bytes(
        "content/actualites/bilan/photo.jpg",
        &common::jpeg(320, 200),
    );
    site
}

fn catalog(site: &Fixture, drafts: bool, future: bool) -> Catalog {
    common::link_theme(site.root());
    let now = chrono::DateTime::from_timestamp(NOW.parse().expect("NOW"), 0).expect("now");
    let publication = Publication {
        drafts,
        future,
        now,
    };
    match capsule::load_catalog(site.root(), None, publication) {
        Ok((catalog, _)) => catalog,
        Err(capsule::Error::Content { diagnostics, .. }) => panic!("{diagnostics:#?}"),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn valid_paths_and_news_check_clean() {
    let site = site_with_path_and_news();
    let output = site.run(&["check"]);
    assert_eq!(
        (output.status.code(), stderr(&output)),
        (Some(0), "Aucun problème trouvé.\n".to_string())
    );
    assert_eq!(site.build().status.code(), Some(0));
}

#[test]
fn a_step_with_an_unknown_video_points_at_it_with_the_closest_slug() {
    let site = site_with_path_and_news();
    site.write(
        "content/parcours/fluence-cp.md",
        &PATH.replace("video: fluence\n", "video: fluense\n"),
    );
    assert_eq!(
        in_file(&site, "content/parcours/fluence-cp.md"),
        [found(
            10,
            12,
            "vidéo inconnue : `fluense`",
            "vouliez-vous dire `fluence` ?"
        )]
    );
}

#[test]
fn each_malformed_step_is_said_at_its_own_line() {
    let site = Fixture::small();
    site.write(
        "content/parcours/casse.md",
        "---
title: Cassé
authors: [claire]
steps:
  - video: fluence
  - rituel-lecture
  - video: ardoises
    promt: \"Pourquoi ?\"
  - prompt: \"Et alors ?\"
  - video: fluence
    prompt: \"\"
---
",
    );
    let file = "content/parcours/casse.md";
    assert_eq!(
        in_file(&site, file),
        [
            found(
                5,
                5,
                "l'étape 1 n'a pas de consigne : il manque `prompt`",
                "ajoutez, sous `video` et décalée comme elle, la ligne `prompt: \"…\"` : la question ou l'activité qui suit la vidéo"
            ),
            found(
                6,
                5,
                "l'étape 2 ne donne que la vidéo `rituel-lecture`, sans consigne",
                "écrivez-la sur deux lignes, la vidéo puis ce que fait le groupe après l'avoir vue :\n  - video: rituel-lecture\n    prompt: \"…\""
            ),
            found(
                8,
                5,
                "clé inconnue dans l'étape 3 : `promt`",
                "vouliez-vous dire `prompt` ?"
            ),
            found(
                9,
                5,
                "l'étape 4 n'a pas de vidéo : il manque `video`",
                "ajoutez `video:` suivi du nom de fichier de la vidéo, sans .md (content/videos/)"
            ),
            found(11, 5, "`prompt` est vide dans l'étape 5", ""),
        ]
    );
}

#[test]
fn a_path_needs_authors_and_steps_that_resolve() {
    let site = Fixture::small();
    site.write(
        "content/parcours/vide.md",
        "---\ntitle: Vide\nauthors: [clair]\nlevels: [CE3]\nsteps: []\ncycle: 2\n---\n",
    );
    let file = "content/parcours/vide.md";
    assert_eq!(
        in_file(&site, file),
        [found(
            6,
            1,
            "clé inconnue pour une fiche de parcours : `cycle`",
            "clés possibles : `title`, `authors`, `steps`, `levels`, `duration`, `date`, `draft`"
        )],
        "an unknown key is said first, alone"
    );
    site.write(
        file,
        "---\ntitle: Vide\nauthors: [clair]\nlevels: [CE3]\nsteps: []\n---\n",
    );
    let problems = in_file(&site, file);
    assert_eq!(
        problems[..2],
        [
            found(
                3,
                11,
                "contributeur inconnu : `clair`",
                "vouliez-vous dire `claire` ?"
            ),
            found(4, 10, "niveau inconnu : `CE3`", "vouliez-vous dire `CE1` ?"),
        ]
    );
    assert_eq!(
        (problems[2].0, problems[2].1, problems[2].2.as_str()),
        (5, 1, "il faut au moins une étape dans `steps`")
    );
    assert!(problems[2].3.contains("  - video: "), "{:?}", problems[2]);
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

#[test]
fn session_durations_are_written_as_people_say_them() {
    let site = site_with_path_and_news();
    let file = "content/parcours/fluence-cp.md";
    for written in ["45 min", "1 h", "1h30", "2 h 15 min"] {
        site.write(file, &PATH.replace("\"1 h 30\"", &format!("\"{written}\"")));
        assert_eq!(in_file(&site, file), [], "{written}");
    }
    for (written, message, help) in [
        (
            "90",
            "`90` n'est pas une durée de séance",
            "précisez l'unité : `90 min`",
        ),
        (
            "1:30",
            "`1:30` n'est pas une durée de séance",
            "écrivez `1 h 30` (heures et minutes, comme on les dit)",
        ),
        (
            "8 h",
            "une séance de 8 h dépasse la durée maximale de 6 h",
            "un parcours se suit en une séance, au plus une journée de formation : découpez-le en plusieurs parcours",
        ),
    ] {
        site.write(
            file,
            &PATH.replace("\"1 h 30\"", &format!("\"{written}\"")),
        );
        assert_eq!(
            in_file(&site, file),
            [found(5, 12, message, help)],
            "{written}"
        );
    }
}

#[test]
fn news_references_and_image_are_checked_where_written() {
    let site = site_with_path_and_news();
    let file = "content/actualites/bilan/index.md";
    site.write(
        file,
        &NEWS
            .replace("image: photo.jpg", "image: photos.jpg")
            .replace("[defi-ancien]", "[defi-ancient]")
            .replace("[ardoises, fluence]", "[ardoise, fluence]"),
    );
    assert_eq!(
        in_file(&site, file),
        [
            found(
                5,
                8,
                "fichier introuvable à côté de l'actualité : `photos.jpg`",
                "fichiers présents : photo.jpg"
            ),
            found(
                6,
                10,
                "événement inconnu : `defi-ancient`",
                "vouliez-vous dire `defi-ancien` ?"
            ),
            found(
                7,
                10,
                "vidéo inconnue : `ardoise`",
                "vouliez-vous dire `ardoises` ?"
            ),
        ]
    );
    // The photo is still named in the text: no warning about it.
    assert!(problems(&site).iter().all(|p| p.5 == "error"));
}

#[test]
fn a_news_image_must_be_a_file_of_its_own_folder() {
    let site = Fixture::small();
    let text = NEWS.replace("Merci à tous ! ![La salle](photo.jpg)", "Merci.");
    site.write("content/actualites/bilan.md", &text);
    assert_eq!(
        in_file(&site, "content/actualites/bilan.md"),
        [found(
            5,
            8,
            "le fichier `photo.jpg` doit être dans le dossier de l'actualité",
            "transformez l'actualité en dossier : content/actualites/<nom>/index.md, avec l'image à côté"
        )]
    );
    site.write(
        "content/actualites/bilan.md",
        &text.replace("photo.jpg", "https://images.example.org/photo.jpg"),
    );
    let problems = in_file(&site, "content/actualites/bilan.md");
    assert_eq!(
        problems[0].2,
        "l'image d'une actualité est un fichier de son dossier, pas une adresse : `https://images.example.org/photo.jpg`"
    );
}

#[test]
fn news_bundles_follow_the_video_bundle_rules() {
    let site = site_with_path_and_news();
    site.write_bytes("content/actualites/bilan/autre.jpg", &common::jpeg(10, 10));
    site.write("content/actualites/bilan.md", NEWS);
    site.write("content/actualites/sans-index/Index.md", NEWS);
    let found = problems(&site);
    let says = |file: &str, message: &str, severity: &str| {
        found
            .iter()
            .any(|p| p.0 == file && p.3 == message && p.5 == severity)
    };
    assert!(
        says(
            "content/actualites/bilan/index.md",
            "l'actualité `bilan` existe déjà (content/actualites/bilan.md)",
            "error"
        ) || says(
            "content/actualites/bilan.md",
            "l'actualité `bilan` existe déjà (content/actualites/bilan/index.md)",
            "error"
        ),
        "{found:#?}"
    );
    assert!(
        says(
            "content/actualites/bilan/autre.jpg",
            "fichier joint inutilisé : `autre.jpg`",
            "warning"
        ),
        "{found:#?}"
    );
    let index = found
        .iter()
        .find(|p| p.0 == "content/actualites/sans-index/Index.md")
        .expect("misnamed index");
    assert_eq!(
        (index.3.as_str(), index.4.as_str()),
        (
            "dossier d'actualité sans `index.md` : `content/actualites/sans-index`",
            "renommez `content/actualites/sans-index/Index.md` en `content/actualites/sans-index/index.md`"
        )
    );
}

#[test]
fn misplaced_files_and_folders_name_the_new_kinds() {
    let site = Fixture::small();
    site.write("content/actualite/bilan.md", NEWS);
    site.write("content/mon-parcours.md", PATH);
    site.write("content/parcours/anciens/vieux.md", PATH);
    let found = problems(&site);
    let help_of = |file: &str| {
        found
            .iter()
            .find(|p| p.0 == file)
            .map(|p| p.4.clone())
            .unwrap_or_else(|| panic!("{file}: {found:#?}"))
    };
    assert_eq!(
        help_of("content/actualite"),
        "renommez `content/actualite` en `content/actualites`"
    );
    assert_eq!(
        help_of("content/mon-parcours.md"),
        "renommez `content/mon-parcours.md` en `content/parcours/mon-parcours.md`"
    );
    assert_eq!(
        help_of("content/parcours/anciens"),
        "les fichiers vont directement dans content/parcours/ : déplacez-y ses fichiers"
    );
}

#[test]
fn drafts_and_future_dates_are_held_back_like_videos() {
    let site = site_with_path_and_news();
    site.write(
        "content/parcours/brouillon.md",
        &PATH.replace("date: 2026-10-08", "draft: true"),
    );
    site.write(
        "content/parcours/demain.md",
        &PATH.replace("date: 2026-10-08", "date: 2026-12-01"),
    );
    site.write(
        "content/actualites/a-venir.md",
        "---\ntitle: À venir\ndate: 2026-12-01\nsummary: Bientôt.\n---\n",
    );
    site.write(
        "content/actualites/brouillon.md",
        "---\ntitle: Brouillon\ndate: 2026-11-01\nsummary: Pas encore.\ndraft: true\n---\n",
    );
    let slugs = |catalog: &Catalog| {
        let paths: Vec<String> = catalog
            .training_paths
            .iter()
            .map(|p| p.slug.clone())
            .collect();
        let news: Vec<String> = catalog.news.iter().map(|n| n.slug.clone()).collect();
        (paths, news)
    };
    assert_eq!(
        slugs(&catalog(&site, false, false)),
        (vec!["fluence-cp".to_string()], vec!["bilan".to_string()])
    );
    let (paths, news) = slugs(&catalog(&site, true, true));
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert_eq!(news, ["a-venir", "bilan", "brouillon"], "newest first");
    let (paths, news) = slugs(&catalog(&site, false, true));
    assert_eq!(
        (paths.len(), news),
        (2, vec!["a-venir".to_string(), "bilan".to_string()])
    );
}

#[test]
fn a_path_waits_for_its_videos_and_build_says_so() {
    let site = site_with_path_and_news();
    let waiting = PATH.replace("video: fluence\n", "video: futur\n");
    site.write("content/parcours/fluence-cp.md", &waiting);
    assert!(catalog(&site, false, false).training_paths.is_empty());
    assert_eq!(catalog(&site, false, true).training_paths.len(), 1);
    let output = site.build();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stderr(&output);
    assert!(
        report.contains("le parcours attend la vidéo `futur`, qui n'est pas encore publiée")
            && report.contains("content/parcours/fluence-cp.md:10:12"),
        "{report}"
    );
    let check = site.run(&["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "check validates future content"
    );
    assert!(!stderr(&check).contains("attend"), "{}", stderr(&check));
}

#[test]
fn references_resolve_both_ways() {
    let site = site_with_path_and_news();
    let catalog = catalog(&site, false, false);
    let path = &catalog.training_paths[0];
    let video = |slug: &str| {
        catalog
            .videos
            .iter()
            .position(|v| v.slug == slug)
            .expect(slug)
    };
    let steps: Vec<usize> = path.steps.iter().map(|s| s.video).collect();
    assert_eq!(steps, [video("rituel-lecture"), video("fluence")]);
    assert_eq!(
        path.steps[1].prompt.text.trim(),
        "Par deux, jouez la scène du coach."
    );
    let authors: Vec<&str> = path
        .authors
        .iter()
        .map(|&a| catalog.contributors[a].id.as_str())
        .collect();
    assert_eq!(authors, ["claire", "karim"]);
    assert_eq!(path.cycles, [2]);
    assert_eq!(path.duration().as_deref(), Some("1 h 30"));
    assert_eq!(catalog.videos[video("fluence")].training_paths, [0]);
    assert!(catalog.videos[video("ardoises")].training_paths.is_empty());
    assert_eq!(catalog.videos[video("ardoises")].news, [0]);
    assert_eq!(catalog.videos[video("fluence")].news, [0]);
    let event = catalog
        .events
        .iter()
        .find(|e| e.slug == "defi-ancien")
        .expect("event");
    assert_eq!(event.news, [0]);
    let claire = catalog
        .contributors
        .iter()
        .find(|c| c.id == "claire")
        .expect("claire");
    assert_eq!(claire.training_paths, [0]);
    let news = &catalog.news[0];
    assert_eq!(news.image.as_deref(), Some("photo.jpg"));
    assert_eq!(news.summary, "Le défi a réuni vingt classes.");
}

#[test]
fn the_sample_site_has_paths_and_news_that_resolve() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let now = chrono::DateTime::from_timestamp(NOW.parse().expect("NOW"), 0).expect("now");
    // Whatever the day: a sample item dated after NOW is published when its day comes.
    let publication = Publication {
        drafts: false,
        future: true,
        now,
    };
    let (catalog, _) = capsule::load_catalog(root, None, publication).expect("sample site");
    assert_eq!(catalog.training_paths.len(), 2);
    assert!(catalog
        .training_paths
        .iter()
        .all(|p| p.steps.len() >= 4 && !p.authors.is_empty() && p.duration().is_some()));
    assert_eq!(catalog.news.len(), 3);
    assert!(catalog
        .news
        .iter()
        .any(|n| !n.events.is_empty() && !n.videos.is_empty()));
    assert!(catalog.news.iter().any(|n| n.image.is_some()));
}

#[test]
fn site_yaml_contact_and_repository_are_checked() {
    let site = Fixture::small();
    site.write(
        "site.yaml",
        &format!(
            "{}contact_email: mailto:contact@example.org\nrepository: https://github.com/devoirsfaits/communaute/issues\n",
            common::SITE_YAML
        ),
    );
    assert_eq!(
        in_file(&site, "site.yaml"),
        [
            found(
                9,
                16,
                "`mailto:contact@example.org` est un lien, pas une adresse électronique",
                "écrivez seulement l'adresse : `contact_email: contact@example.org`"
            ),
            found(
                10,
                13,
                "`https://github.com/devoirsfaits/communaute/issues` est une page du dépôt, pas le dépôt lui-même",
                "écrivez `repository: https://github.com/devoirsfaits/communaute`"
            ),
        ]
    );
    site.write(
        "site.yaml",
        &format!(
            "{}contact_email: contact@example.org\nrepository: https://github.com/devoirsfaits/communaute\n",
            common::SITE_YAML
        ),
    );
    assert_eq!(site.run(&["check"]).status.code(), Some(0));
}
