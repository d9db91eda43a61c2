//! End to end: `capsule check` on broken sites tells, in French, what is wrong and where,
//! to people and, as GitHub annotations or JSON, to programs.

mod common;

use common::{stderr, stdout, video, Fixture};
use serde_json::{json, Value};

/// Runs `check --format json` and returns (file, line, column, message, help) tuples.
fn problems(site: &Fixture) -> Vec<(String, u64, u64, String, String)> {
    let output = site.run(&["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&output), stderr(&output)));
    json.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
                d["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn only_problem(site: &Fixture) -> (String, u64, u64, String, String) {
    let found = problems(site);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.into_iter().next().expect("one")
}

#[test]
fn a_valid_site_checks_clean_with_exit_code_zero() {
    let site = Fixture::small();
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("Aucun problème trouvé."));
}

#[test]
fn unknown_theme_with_suggestion_points_at_the_value() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &video(
            "Ardoises",
            "2026-10-01",
            "https://vimeo.com/1",
            "[karim]",
            "[lectur]",
            "",
        ),
    );
    let (file, line, column, message, help) = only_problem(&site);
    assert_eq!(file, "content/videos/ardoises.md");
    assert_eq!((line, column), (7, 10));
    assert_eq!(message, "thème inconnu : `lectur`");
    assert_eq!(help, "vouliez-vous dire `lecture` ?");
}

#[test]
fn every_problem_is_reported_at_once_across_files() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        "---\ntitle: Ardoises\ndate: 2026-02-30\nvideo: http://youtu.be/dQw4w9WgXcQ\nduration: \"2:30\"\ncontributors: [clair]\nthemes: [calcul]\nlevels: [CM3]\nsummary: Un résumé.\ncolour: bleu\n---\n",
    );
    site.write("content/events/defi-ancien.md", "---\ntitle: Défi\nkind: defi\nstart: 2025-10-20T09:00:00+02:00\nend: 2025-10-01T18:00:00+02:00\n---\n");
    let found = problems(&site);
    let messages: Vec<&str> = found.iter().map(|p| p.3.as_str()).collect();
    assert_eq!(
        found
            .iter()
            .filter(|p| p.0 == "content/videos/ardoises.md")
            .count(),
        1,
        "unknown key first: {messages:?}"
    );
    assert!(
        messages.contains(&"clé inconnue pour une vidéo : `colour`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"type d'événement inconnu : `defi`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"l'événement finit avant d'avoir commencé"),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("il manque le lieu")),
        "{messages:?}"
    );

    site.write(
        "content/videos/ardoises.md",
        "---\ntitle: Ardoises\ndate: 2026-02-30\nvideo: http://youtu.be/dQw4w9WgXcQ\nduration: \"2:30\"\ncontributors: [clair]\nthemes: [calcul]\nlevels: [CM3]\nsummary: Un résumé.\n---\n",
    );
    let found = problems(&site);
    let video: Vec<(u64, &str)> = found
        .iter()
        .filter(|p| p.0 == "content/videos/ardoises.md")
        .map(|p| (p.1, p.3.as_str()))
        .collect();
    assert_eq!(
        video,
        vec![
            (3, "la date `2026-02-30` n'existe pas"),
            (4, "l'adresse de la vidéo doit commencer par https://"),
            (5, "la vidéo dure 2:30, plus que le maximum de 2:00"),
            (6, "contributeur inconnu : `clair`"),
            (8, "niveau inconnu : `CM3`"),
        ]
    );
}

#[test]
fn yaml_syntax_errors_point_at_their_line() {
    let site = Fixture::small();
    site.write(
        "content/themes/calcul.md",
        "---\ntitle: Calcul\ngroup: [Maths\n---\n",
    );
    let (file, line, column, message, help) = only_problem(&site);
    assert_eq!(file, "content/themes/calcul.md");
    assert_eq!((line, column), (3, 8));
    assert_eq!(message, "crochet `[` ouvert ici, jamais fermé");
    assert_eq!(
        help,
        "fermez le crochet à la fin de la valeur, sur la même ligne : group: [Maths]"
    );
}

#[test]
fn missing_required_keys_and_wrong_types() {
    let site = Fixture::small();
    site.write("content/contributors/karim.md", "---\nname: Karim\n---\n");
    let (_, line, _, message, _) = only_problem(&site);
    assert_eq!(message, "clé obligatoire manquante : `role`");
    assert_eq!(line, 2);
    site.write(
        "content/contributors/karim.md",
        "---\nname: Karim\nrole: [a, b]\n---\n",
    );
    let (_, line, _, message, _) = only_problem(&site);
    assert_eq!(line, 3);
    assert!(
        message.starts_with("type incorrect pour `role` : une liste alors qu'il faut un texte"),
        "{message}"
    );
}

#[test]
fn duplicate_slugs_bad_file_names_and_missing_bundle_files() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises/index.md",
        &video(
            "Bis",
            "2026-10-01",
            "https://vimeo.com/1",
            "[karim]",
            "[calcul]",
            "thumbnail: image.png\n",
        ),
    );
    site.write(
        "content/videos/Mauvais Nom.md",
        &video(
            "Nom",
            "2026-10-01",
            "https://vimeo.com/1",
            "[karim]",
            "[calcul]",
            "",
        ),
    );
    let found = problems(&site);
    let messages: Vec<&str> = found.iter().map(|p| p.3.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("la vidéo `ardoises` existe déjà")),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"nom de fichier invalide : `Mauvais Nom`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"fichier introuvable à côté de la vidéo : `image.png`"),
        "{messages:?}"
    );
}

#[test]
fn unknown_peertube_host_and_unrecognised_video_urls() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &video(
            "Ardoises",
            "2026-10-01",
            "https://tube-cycle-3.apps.education.fr/w/abc",
            "[karim]",
            "[calcul]",
            "",
        ),
    );
    let (_, line, column, message, help) = only_problem(&site);
    assert_eq!((line, column), (4, 8));
    assert_eq!(message, "le serveur PeerTube `tube-cycle-3.apps.education.fr` n'est pas dans la liste `peertube_hosts` du site");
    assert_eq!(help, "vouliez-vous dire `tube-cycle-2.apps.education.fr` ?");
}

#[test]
fn site_yaml_errors_are_located_too() {
    let site = Fixture::small();
    site.write(
        "site.yaml",
        &common::SITE_YAML.replace("per_page: 2", "par_page: 2"),
    );
    let (file, line, column, message, help) = only_problem(&site);
    assert_eq!(file, "site.yaml");
    assert_eq!((line, column), (6, 1));
    assert_eq!(message, "clé inconnue pour une configuration : `par_page`");
    assert_eq!(help, "vouliez-vous dire `per_page` ?");
}

#[test]
fn human_report_quotes_the_line_and_exits_with_one() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &video(
            "Ardoises",
            "2026-10-01",
            "https://vimeo.com/1",
            "[karim]",
            "[lectur]",
            "",
        ),
    );
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&output));
}

#[test]
fn io_and_usage_errors_exit_with_two() {
    let site = Fixture::empty();
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("site.yaml"), "{}", stderr(&output));
    let output = site.run(&["build", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn aliases_may_not_replace_a_page_or_lead_to_two_videos() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &video(
            "Ardoises",
            "2026-10-01",
            "https://vimeo.com/1",
            "[karim]",
            "[calcul]",
            "aliases: [\"/video/ancien-rituel/\", \"/videos/fluence\", \"/themes/vieux/\"]\n",
        ),
    );
    let found = problems(&site);
    let messages: Vec<&str> = found.iter().map(|p| p.3.as_str()).collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(messages
        .contains(&"l'ancienne adresse `/videos/fluence` est l'adresse de la vidéo `fluence`"));
    assert!(
        messages.contains(&"l'ancienne adresse `/themes/vieux/` est une page produite par le site")
    );
    let shared = found
        .iter()
        .find(|p| p.3.contains("est aussi celle de la vidéo"))
        .expect("shared alias");
    assert!(shared.3.contains("`/video/ancien-rituel/`"), "{shared:?}");
    assert!(shared.1 > 0 && shared.2 > 0, "located: {shared:?}");
}

// ---------------------------------------------------------------------------------------
// check --format github | json

/// The small site with one error in a video and one in a contributor.
fn broken_site() -> Fixture {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &common::video(
            "Ardoises",
            "2026-10-01",
            "https://vimeo.com/1",
            "[karim]",
            "[lectur]",
            "",
        ),
    );
    site.write("content/contributors/karim.md", "---\nname: Karim\n---\n");
    site
}

#[test]
fn check_prints_github_annotations() {
    let output = broken_site().run(&["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "::error file=content/contributors/karim.md,line=2,col=1::clé obligatoire manquante : `role` — toute fiche de contributeur doit avoir la clé `role`\n\
         ::error file=content/videos/ardoises.md,line=7,col=10::thème inconnu : `lectur` — vouliez-vous dire `lecture` ?\n"
    );
    let clean = Fixture::small().run(&["check", "--format", "github"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert_eq!(stdout(&clean), "");
}

#[test]
fn check_prints_json() {
    let output = broken_site().run(&["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(
        json,
        json!([
            {
                "severity": "error",
                "file": "content/contributors/karim.md", "line": 2, "column": 1,
                "message": "clé obligatoire manquante : `role`",
                "help": "toute fiche de contributeur doit avoir la clé `role`"
            },
            {
                "severity": "error",
                "file": "content/videos/ardoises.md", "line": 7, "column": 10,
                "message": "thème inconnu : `lectur`",
                "help": "vouliez-vous dire `lecture` ?"
            }
        ])
    );
    let clean = Fixture::small().run(&["check", "--format", "json"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&clean)).expect("json"),
        json!([])
    );
}
