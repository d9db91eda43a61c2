//! End to end: the data files of `data/` (surveys, objectives, view counts) checked like
//! content by `capsule check`: every mistake in French, at its file, line and column, with
//! the fix; a count for a video that no longer exists is only a warning.

mod common;

use common::{stderr, stdout, Fixture};
use serde_json::Value;

/// (file, line, column, message, help, severity) of each problem `check --format json` prints.
type Problem = (String, u64, u64, String, String, String);

fn check(site: &Fixture, expected_code: i32) -> Vec<Problem> {
    let output = site.run(&["check", "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let json: Value = serde_json::from_str(&stdout(&output)).expect("json");
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

fn error(file: &str, line: u64, column: u64, message: &str, help: &str) -> Problem {
    (
        file.into(),
        line,
        column,
        message.into(),
        help.into(),
        "error".into(),
    )
}

const SURVEYS: &str = "\
- id: usages-2025
  title: \"Enquête sur les usages du site\"
  date: 2025-06-20
  asked: \"Les enseignants abonnés à la lettre\"
  respondents: 412
  source: \"https://enquete.example.org/rapport-2025.pdf\"
  questions:
    - id: nouvelles-pratiques
      question: \"Avez-vous découvert de nouvelles pratiques grâce au site ?\"
      result: 76 %
    - id: pratique-changee
      question: \"Les vidéos ont-elles changé votre pratique en classe ?\"
      result: 80–86 %
";

const OBJECTIVES: &str = "\
- indicator: videos
  target: 250
  deadline: 2027-06-30
  baseline: 34
- indicator: survey
  question: usages-2025/nouvelles-pratiques
  target: 85 %
  deadline: 2027-06-30
";

#[test]
fn valid_surveys_objectives_and_counts_check_clean() {
    let site = Fixture::small();
    site.write("data/enquetes.yaml", SURVEYS);
    site.write("data/objectifs.yaml", OBJECTIVES);
    site.write(
        "data/vues.yaml",
        "# relevé\nardoises: { views: 1207, source: peertube, fetched: 2026-11-23 }\n",
    );
    assert_eq!(check(&site, 0), vec![]);
}

#[test]
fn survey_mistakes_are_located_in_french() {
    let site = Fixture::small();
    let wrong = SURVEYS
        .replace(
            "  respondents: 412\n",
            "  respondents: 412\n  public: tous\n",
        )
        .replace("result: 76 %", "result: 176 %")
        .replace("80–86 %", "86–80 %");
    site.write("data/enquetes.yaml", &wrong);
    assert_eq!(
        check(&site, 1),
        vec![
            error(
                "data/enquetes.yaml",
                6,
                3,
                "clé inconnue pour une enquête : `public`",
                "clés possibles : `id`, `title`, `date`, `asked`, `respondents`, `source`, `questions`"
            ),
            error(
                "data/enquetes.yaml",
                11,
                15,
                "un pourcentage va de 0 à 100 : `176 %` dépasse 100",
                "vérifiez le chiffre dans le document de l'enquête"
            ),
            error(
                "data/enquetes.yaml",
                14,
                15,
                "fourchette à l'envers : `86–80 %`",
                "écrivez la plus petite valeur d'abord : `80–86 %`"
            ),
        ]
    );
}

#[test]
fn objective_mistakes_are_located_in_french() {
    let site = Fixture::small();
    site.write("data/enquetes.yaml", SURVEYS);
    let wrong = OBJECTIVES
        .replace(
            "deadline: 2027-06-30\n  baseline",
            "deadline: fin 2027\n  baseline",
        )
        .replace("indicator: videos", "indicator: video")
        .replace("  target: 85 %", "  cible: 85 %")
        .replace(
            "usages-2025/nouvelles-pratiques",
            "usages-2025/nouvelle-pratique",
        );
    site.write("data/objectifs.yaml", &wrong);
    assert_eq!(
        check(&site, 1),
        vec![
            error(
                "data/objectifs.yaml",
                1,
                14,
                "indicateur inconnu : `video`",
                "vouliez-vous dire `videos` ?"
            ),
            error(
                "data/objectifs.yaml",
                3,
                13,
                "`deadline` doit être une date, pas `fin 2027`",
                "écrivez la date sous la forme année-mois-jour, par exemple `2026-06-30`"
            ),
            error(
                "data/objectifs.yaml",
                5,
                1,
                "clé obligatoire manquante pour un objectif : `target`",
                "ajoutez la clé `target` à un objectif"
            ),
            error(
                "data/objectifs.yaml",
                6,
                13,
                "question d'enquête inconnue : `usages-2025/nouvelle-pratique`",
                "vouliez-vous dire `usages-2025/nouvelles-pratiques` ?"
            ),
            error(
                "data/objectifs.yaml",
                7,
                3,
                "clé inconnue pour un objectif : `cible`",
                "clés possibles : `indicator`, `target`, `deadline`, `baseline`, `label`, `question`"
            ),
        ]
    );
}

#[test]
fn view_count_mistakes_are_errors_and_a_removed_video_a_warning() {
    let site = Fixture::small();
    site.write(
        "data/vues.yaml",
        "ardoises: { views: beaucoup, source: peertub, fetched: 2026-11-23 }\nancienne-video: { views: 3, source: youtube, fetched: 2026-11-23 }\n",
    );
    let found = check(&site, 1);
    assert_eq!(
        found,
        vec![
            error(
                "data/vues.yaml",
                1,
                20,
                "`views` doit être un nombre entier positif, pas `beaucoup`",
                "écrivez le nombre en chiffres, sans virgule, par exemple `250`"
            ),
            error(
                "data/vues.yaml",
                1,
                38,
                "hébergeur inconnu : `peertub`",
                "hébergeurs possibles : peertube, youtube, vimeo, dailymotion"
            ),
            (
                "data/vues.yaml".into(),
                2,
                1,
                "vidéo inconnue : `ancienne-video`".into(),
                "la vidéo a été renommée ou supprimée : la ligne disparaîtra au prochain relevé (`capsule views`), ou supprimez-la".into(),
                "warning".into()
            ),
        ]
    );
}

#[test]
fn yaml_syntax_errors_in_data_files_are_explained() {
    let site = Fixture::small();
    site.write(
        "data/objectifs.yaml",
        "- indicator: videos\n  target: 250\n deadline: 2027-06-30\n",
    );
    let found = check(&site, 1);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (file, line, _, message, help, _) = &found[0];
    assert_eq!((file.as_str(), *line), ("data/objectifs.yaml", 3));
    assert_eq!(
        message,
        "ligne mal alignée : 1 espace avant le texte, au lieu de 2 espaces"
    );
    assert!(help.starts_with("alignez cette ligne"), "{help}");
}

#[test]
fn data_folder_holds_only_its_three_files() {
    let site = Fixture::small();
    site.write("data/enquete.yaml", SURVEYS);
    site.write("data/notes.txt", "à faire\n");
    let found = check(&site, 1);
    assert_eq!(
        found,
        vec![
            error(
                "data/enquete.yaml",
                1,
                1,
                "nom de fichier inattendu : `data/enquete.yaml`",
                "renommez `data/enquete.yaml` en `data/enquetes.yaml`"
            ),
            (
                "data/notes.txt".into(),
                1,
                1,
                "fichier inutilisé : `data/notes.txt`".into(),
                "data/ ne contient que vues.yaml, enquetes.yaml et objectifs.yaml (voir CONTRIBUTING.md) : supprimez ce fichier, ou déplacez-le".into(),
                "warning".into()
            ),
        ]
    );
}

#[test]
fn the_human_report_quotes_the_data_file_line() {
    let site = Fixture::small();
    site.write("data/enquetes.yaml", &SURVEYS.replace("76 %", "176 %"));
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    let printed = stderr(&output);
    assert!(printed.contains("┌─ data/enquetes.yaml:10:15"), "{printed}");
    assert!(printed.contains("result: 176 %"), "{printed}");
}

#[test]
fn a_build_reports_data_errors_too() {
    let site = Fixture::small();
    site.write(
        "data/objectifs.yaml",
        "- indicator: videos\n  target: 250\n  deadline: demain\n",
    );
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("`deadline` doit être une date, pas `demain`"));
    assert!(!site.public().exists());
}

#[test]
fn the_guide_s_examples_of_data_files_check_clean() {
    let guide = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("CONTRIBUTING.md"),
    )
    .expect("CONTRIBUTING.md");
    let example = |containing: &str| -> String {
        guide
            .split("```yaml\n")
            .skip(1)
            .filter_map(|block| {
                block
                    .split_once("\n```")
                    .map(|(yaml, _)| format!("{yaml}\n"))
            })
            .find(|block| block.contains(containing))
            .unwrap_or_else(|| panic!("no example with `{containing}` in CONTRIBUTING.md"))
    };
    let site = Fixture::small();
    site.write("data/enquetes.yaml", &example("respondents:"));
    site.write("data/objectifs.yaml", &example("indicator: videos"));
    assert_eq!(check(&site, 0), vec![]);
}

#[test]
fn a_headline_is_text_and_any_other_key_of_a_question_is_refused() {
    let site = Fixture::small();
    let headline = SURVEYS.replace(
        "      result: 76 %\n",
        "      result: 76 %\n      headline: \"\"\n      titre: oui\n",
    );
    site.write("data/enquetes.yaml", &headline);
    let located: Vec<(u64, u64, String)> = check(&site, 1)
        .into_iter()
        .map(|p| (p.1, p.2, p.3))
        .collect();
    assert_eq!(
        located,
        [
            (11, 17, "`headline` est vide".to_string()),
            (
                12,
                7,
                "clé inconnue pour une question : `titre`".to_string()
            ),
        ]
    );
}
