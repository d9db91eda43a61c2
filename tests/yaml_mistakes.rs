//! End to end: the mistakes teachers really make in front matter and `site.yaml`, each
//! reported by `capsule check` in French at the line and column to fix, with the fix; and
//! hostile YAML (alias bombs, deep nesting, huge values and files) refused in French,
//! within a bounded memory.

mod common;

use std::process::Command;

use common::{stderr, stdout, Fixture, NOW, SITE_YAML};
use serde_json::Value;

/// One problem as `check --format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    file: String,
    line: u64,
    column: u64,
    message: String,
    help: String,
}

fn problem(file: &str, line: u64, column: u64, message: &str, help: &str) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column,
        message: message.to_string(),
        help: help.to_string(),
    }
}

fn parse(output: &std::process::Output) -> Vec<Problem> {
    let json: Value = serde_json::from_str(&stdout(output))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(output), stderr(output)));
    json.as_array()
        .expect("array")
        .iter()
        .map(|d| Problem {
            file: d["file"].as_str().unwrap_or_default().to_string(),
            line: d["line"].as_u64().unwrap_or_default(),
            column: d["column"].as_u64().unwrap_or_default(),
            message: d["message"].as_str().unwrap_or_default().to_string(),
            help: d["help"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// Every problem `check` finds; it must exit with 1 (content errors).
fn problems(site: &Fixture) -> Vec<Problem> {
    let output = site.run(&["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    parse(&output)
}

/// The one problem `check` finds.
fn only_problem(site: &Fixture) -> Problem {
    let found = problems(site);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.into_iter().next().expect("one")
}

/// The small site with `content/videos/ardoises.md` replaced by this front matter.
fn site_with_video(front_matter: &str) -> Fixture {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &format!("---\n{front_matter}---\nCorps.\n"),
    );
    site
}

const VIDEO: &str = "content/videos/ardoises.md";

/// A valid video's front matter, each line replaceable by key.
fn video_lines(changes: &[(&str, &str)]) -> String {
    let mut lines = vec![
        ("title", "title: \"Les ardoises\"".to_string()),
        ("date", "date: 2026-10-01".to_string()),
        ("video", "video: https://vimeo.com/123456".to_string()),
        ("duration", "duration: \"1:45\"".to_string()),
        ("contributors", "contributors: [karim]".to_string()),
        ("themes", "themes: [calcul]".to_string()),
        ("summary", "summary: \"Un résumé.\"".to_string()),
    ];
    for (key, text) in changes {
        let line = lines
            .iter_mut()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("no key {key}"));
        line.1 = text.to_string();
    }
    lines.into_iter().map(|(_, l)| l + "\n").collect()
}

// ---------------------------------------------------------------------------------------
// YAML layout and quoting

#[test]
fn a_colon_in_an_unquoted_value_asks_for_quotes_with_the_corrected_line() {
    let site = site_with_video(&video_lines(&[(
        "title",
        "title: Calcul mental : la méthode des ardoises",
    )]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            2,
            8,
            "deux-points dans la valeur de `title`, qui n'est pas entre guillemets",
            "mettez la valeur entre guillemets : title: \"Calcul mental : la méthode des ardoises\"",
        )
    );
}

#[test]
fn a_tab_in_the_indentation_asks_for_spaces() {
    let site = site_with_video(&video_lines(&[("themes", "themes:\n\t- calcul")]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            8,
            1,
            "tabulation dans le décalage de la ligne",
            "remplacez la tabulation par des espaces : l'en-tête se décale uniquement avec des \
             espaces (deux par niveau)",
        )
    );
}

#[test]
fn a_stray_space_before_a_key_is_pointed_at() {
    let site = site_with_video(&video_lines(&[("duration", " duration: \"1:45\"")]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            5,
            1,
            "espace en trop au début de la ligne, avant `duration`",
            "supprimez les espaces avant `duration` : les clés de l'en-tête commencent tout à \
             gauche, au début de la ligne",
        )
    );
    // The very first key too (the parser alone says nothing useful there).
    let site = site_with_video(&video_lines(&[("title", " title: \"Les ardoises\"")]));
    let found = only_problem(&site);
    assert_eq!(
        (found.line, found.column, found.message.as_str()),
        (2, 1, "espace en trop au début de la ligne, avant `title`")
    );
}

#[test]
fn a_list_item_indented_deeper_is_not_folded_into_an_unknown_theme() {
    let site = site_with_video(&video_lines(&[(
        "themes",
        "themes:\n  - calcul\n    - lecture",
    )]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            9,
            5,
            "élément `- lecture` mal aligné dans la liste `themes`",
            "placez ce tiret exactement sous celui de la ligne du dessus (2 espaces avant le \
             `-`), ou écrivez la liste sur une ligne : `themes: [calcul, lecture]`",
        )
    );
}

#[test]
fn a_list_item_indented_less_or_after_a_value_is_explained() {
    let site = site_with_video(&video_lines(&[(
        "themes",
        "themes:\n  - calcul\n - lecture",
    )]));
    let found = only_problem(&site);
    assert_eq!(
        (found.line, found.column, found.message.as_str()),
        (
            9,
            2,
            "élément `- lecture` mal aligné dans la liste `themes`"
        )
    );
    let site = site_with_video(&video_lines(&[("themes", "themes: calcul\n  - lecture")]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            8,
            3,
            "élément de liste `- lecture` inattendu : `themes` a déjà une valeur sur sa ligne",
            "écrivez toute la liste entre crochets : `themes: [calcul, lecture]` ; ou laissez \
             `themes:` seul sur sa ligne, et chaque élément sur la sienne, décalé de deux \
             espaces : `  - lecture`",
        )
    );
}

#[test]
fn unclosed_quotes_and_brackets_point_at_where_they_open() {
    let site = site_with_video(&video_lines(&[("summary", "summary: \"Un résumé.")]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            8,
            10,
            "guillemet `\"` ouvert ici, jamais fermé",
            "fermez le guillemet à la fin de la valeur, sur la même ligne : summary: \"Un résumé.\"",
        )
    );
    let site = site_with_video(&video_lines(&[("themes", "themes: [calcul, lecture")]));
    let found = only_problem(&site);
    assert_eq!(
        (found.line, found.column, found.message.as_str()),
        (7, 9, "crochet `[` ouvert ici, jamais fermé")
    );
}

#[test]
fn a_value_starting_with_a_reserved_sign_asks_for_quotes() {
    let site = site_with_video(&video_lines(&[(
        "summary",
        "summary: *Trois* minutes d'ardoise",
    )]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            8,
            10,
            "la valeur de `summary` commence par « * », un signe réservé en YAML",
            "mettez la valeur entre guillemets : summary: \"*Trois* minutes d'ardoise\"",
        )
    );
}

#[test]
fn a_key_glued_to_its_value_asks_for_the_space() {
    let site = site_with_video(&video_lines(&[("duration", "duration:\"1:45\"")]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            5,
            1,
            "il manque une espace après `duration:`",
            "écrivez `duration: \"1:45\"`, avec une espace après les deux-points",
        )
    );
}

#[test]
fn a_repeated_key_is_reported_where_it_repeats() {
    let site = site_with_video(&(video_lines(&[]) + "title: \"Encore\"\n"));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            9,
            1,
            "clé répétée : `title`",
            "la même clé apparaît deux fois : gardez-en une seule",
        )
    );
}

// ---------------------------------------------------------------------------------------
// Dates and durations

#[test]
fn a_date_with_a_time_but_no_offset_asks_for_the_offset_or_the_date_alone() {
    let site = site_with_video(&video_lines(&[("date", "date: 2026-09-14T08:30:00")]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            3,
            7,
            "il manque le décalage horaire après l'heure : `2026-09-14T08:30:00`",
            "ajoutez-le : `2026-09-14T08:30:00+02:00` (le décalage du fuseau Europe/Paris ce \
             jour-là), ou ne gardez que la date : `2026-09-14`",
        )
    );
}

#[test]
fn an_event_start_without_offset_gets_the_offset_of_that_day() {
    let site = Fixture::small();
    site.write(
        "content/events/defi-ancien.md",
        "---\ntitle: Défi\nkind: challenge\nstart: 2025-12-10 17:00\nlocation: Lille\n---\n",
    );
    assert_eq!(
        only_problem(&site),
        problem(
            "content/events/defi-ancien.md",
            4,
            8,
            "il manque le décalage horaire après l'heure : `2025-12-10 17:00`",
            "écrivez `2025-12-10T17:00:00+01:00` (le décalage du fuseau Europe/Paris ce \
             jour-là : +01:00 en hiver, +02:00 en été)",
        )
    );
}

#[test]
fn french_dates_get_their_iso_form() {
    for written in ["14/09/2026", "14 septembre 2026", "lundi 14 septembre 2026"] {
        let site = site_with_video(&video_lines(&[("date", &format!("date: {written}"))]));
        assert_eq!(
            only_problem(&site),
            problem(
                VIDEO,
                3,
                7,
                &format!("`{written}` n'est pas une date au format AAAA-MM-JJ"),
                "écrivez `2026-09-14` : l'année, le mois, puis le jour",
            ),
            "{written}"
        );
    }
}

#[test]
fn impossible_durations_are_errors_with_the_right_form() {
    let cases = [
        (
            "\"0:00\"",
            "une durée de `0:00` n'est pas possible",
            "indiquez la durée réelle de la vidéo, par exemple `duration: \"1:45\"`",
        ),
        (
            "\"1:75\"",
            "`1:75` n'est pas une durée au format m:ss",
            "les secondes vont de 00 à 59 : 1 minute(s) 75 secondes s'écrivent `\"2:15\"`",
        ),
        (
            "\"1:5\"",
            "`1:5` n'est pas une durée au format m:ss",
            "les secondes s'écrivent avec deux chiffres : `\"1:05\"` pour 1 min 5 s, ou \
             `\"1:50\"` pour 1 min 50 s",
        ),
        (
            "90",
            "`90` n'est pas une durée au format m:ss",
            "écrivez `duration: \"1:30\"` (minutes:secondes, entre guillemets)",
        ),
        (
            "1'45",
            "`1'45` n'est pas une durée au format m:ss",
            "écrivez `duration: \"1:45\"` (minutes:secondes, entre guillemets)",
        ),
        (
            "\"2:30\"",
            "la vidéo dure 2:30, plus que le maximum de 2:00",
            "les vidéos de la communauté durent moins de deux minutes : raccourcissez le montage",
        ),
        (
            "\"1:45:00\"",
            "la vidéo dure 105:00, plus que le maximum de 2:00",
            "vouliez-vous dire `\"1:45\"` (minutes:secondes) ?",
        ),
    ];
    for (written, message, help) in cases {
        let site = site_with_video(&video_lines(&[(
            "duration",
            &format!("duration: {written}"),
        )]));
        let column = if written.starts_with('"') { 12 } else { 11 };
        assert_eq!(
            only_problem(&site),
            problem(VIDEO, 5, column, message, help),
            "{written}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// References

#[test]
fn lower_case_levels_and_capitalised_ids_get_their_spelling() {
    let site =
        site_with_video(&(video_lines(&[("themes", "themes: [Calcul]")]) + "levels: [cp, CE1]\n"));
    assert_eq!(
        problems(&site),
        vec![
            problem(
                VIDEO,
                7,
                10,
                "thème inconnu : `Calcul`",
                "écrivez `calcul` : un identifiant s'écrit en minuscules, sans accents ni espaces",
            ),
            problem(
                VIDEO,
                9,
                10,
                "niveau inconnu : `cp`",
                "écrivez `CP`, en majuscules",
            ),
        ]
    );
}

#[test]
fn two_items_folded_in_a_bracket_list_are_explained() {
    let site = site_with_video(&video_lines(&[("themes", "themes: [calcul - lecture]")]));
    assert_eq!(
        only_problem(&site),
        problem(
            VIDEO,
            7,
            10,
            "thème inconnu : `calcul - lecture`",
            "`calcul - lecture` réunit plusieurs éléments : écrivez `[calcul, lecture]`, ou \
             alignez chaque tiret `-` exactement sous celui du dessus",
        )
    );
}

// ---------------------------------------------------------------------------------------
// site.yaml

fn site_yaml(changes: &[(&str, &str)]) -> String {
    let mut text = SITE_YAML.to_string();
    for (from, to) in changes {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    text
}

/// Runs `capsule ARGS --root ROOT` without giving the site the repository's theme.
fn run_as_is(site: &Fixture, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run capsule")
}

#[test]
fn a_misspelled_theme_folder_is_reported_at_its_line_with_a_suggestion() {
    let site = Fixture::small();
    site.write("site.yaml", &(SITE_YAML.to_string() + "theme: defaut\n"));
    assert_eq!(
        only_problem(&site),
        problem(
            "site.yaml",
            9,
            8,
            "thème graphique introuvable : `defaut` (pas de dossier `themes/defaut/`)",
            "vouliez-vous dire `default` ?",
        )
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("thème graphique introuvable : `defaut`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_themes_folder_is_a_content_error_not_an_english_io_error() {
    let site = Fixture::small();
    let output = run_as_is(&site, &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        parse(&output),
        vec![problem(
            "site.yaml",
            1,
            1,
            "le dossier `themes/` est introuvable à côté de site.yaml : le site n'a aucun \
             thème graphique",
            "copiez le dossier `themes/` du dépôt Capsule à côté de site.yaml",
        )]
    );
    let output = run_as_is(&site, &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("le dossier `themes/` est introuvable"),
        "{}",
        stderr(&output)
    );
    assert!(!site.public().exists(), "nothing built");
}

#[test]
fn a_missing_site_yaml_is_a_content_error_reported_with_the_other_problems() {
    let site = Fixture::small();
    site.remove("site.yaml");
    site.write(
        "content/themes/calcul.md",
        "---\ntitle: Calcul\ngroup: [Maths\n---\n",
    );
    let found = problems(&site);
    assert_eq!(
        found,
        vec![
            problem(
                "content/themes/calcul.md",
                3,
                8,
                "crochet `[` ouvert ici, jamais fermé",
                "fermez le crochet à la fin de la valeur, sur la même ligne : group: [Maths]",
            ),
            problem(
                "site.yaml",
                1,
                1,
                "fichier site.yaml introuvable à la racine du site",
                "créez site.yaml à la racine du site, avec au moins `title` et `base_url` (voir \
                 CONTRIBUTING.md)",
            ),
        ]
    );
    site.write("site.yml", SITE_YAML);
    let found = problems(&site);
    assert_eq!(found[1].help, "renommez `site.yml` en `site.yaml`");
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("erreur : fichier site.yaml introuvable à la racine du site"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_folder_that_is_no_site_is_a_usage_error_in_french() {
    let site = Fixture::empty();
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("n'est pas la racine d'un site : ni site.yaml ni dossier content/"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn site_yaml_values_are_checked_and_all_reported_together() {
    let site = Fixture::small();
    site.write(
        "site.yaml",
        &site_yaml(&[
            ("https://test.example.org", "test.example.org"),
            (
                "timezone: Europe/Paris\n",
                "timezone: Europe/Paris\nlanguage: français\n",
            ),
            (
                "[tube-cycle-2.apps.education.fr]",
                "[https://tube-cycle-2.apps.education.fr/, tube cycle 3]",
            ),
        ]),
    );
    assert_eq!(
        problems(&site),
        vec![
            problem(
                "site.yaml",
                2,
                12,
                "`test.example.org` n'est pas une adresse absolue (https://…)",
                "écrivez l'adresse complète du site, avec https:// : `https://test.example.org`",
            ),
            problem(
                "site.yaml",
                5,
                11,
                "`français` n'est pas un code de langue",
                "écrivez `language: fr`",
            ),
            problem(
                "site.yaml",
                8,
                18,
                "`https://tube-cycle-2.apps.education.fr/` est une adresse, pas un nom de serveur",
                "écrivez seulement le nom du serveur : `tube-cycle-2.apps.education.fr`",
            ),
            problem(
                "site.yaml",
                8,
                59,
                "`tube cycle 3` n'est pas un nom de serveur",
                "un nom de serveur s'écrit en un seul mot, avec des points, comme \
                 `tube-cycle-2.apps.education.fr`",
            ),
        ]
    );
}

#[test]
fn language_tags_in_other_shapes_get_their_bcp47_form() {
    let site = Fixture::small();
    site.write("site.yaml", &(SITE_YAML.to_string() + "language: fr_FR\n"));
    assert_eq!(
        only_problem(&site),
        problem(
            "site.yaml",
            9,
            11,
            "`fr_FR` n'est pas un code de langue",
            "écrivez `language: fr-FR`",
        )
    );
    site.write("site.yaml", &(SITE_YAML.to_string() + "language: FR-fr\n"));
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(common::has(&site.page("/"), "html[lang=fr-FR]", None));
}

// ---------------------------------------------------------------------------------------
// One run, every problem

#[test]
fn mistakes_in_several_files_are_all_reported_in_one_run() {
    let site = site_with_video(&video_lines(&[("title", "title: Calcul : ardoises")]));
    site.write(
        "content/contributors/karim.md",
        "---\nname: Karim\n role: CPC\n---\n",
    );
    site.write(
        "content/events/defi-ancien.md",
        "---\ntitle: Défi\nkind: challenge\nstart: 10/12/2025\nlocation: Lille\n---\n",
    );
    site.write("site.yaml", &(SITE_YAML.to_string() + "language: french\n"));
    let found: Vec<(String, u64, u64)> = problems(&site)
        .into_iter()
        .map(|p| (p.file, p.line, p.column))
        .collect();
    assert_eq!(
        found,
        vec![
            ("content/contributors/karim.md".to_string(), 3, 1),
            ("content/events/defi-ancien.md".to_string(), 4, 8),
            (VIDEO.to_string(), 2, 8),
            ("site.yaml".to_string(), 9, 11),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Hostile YAML

/// Runs `check --format json` with at most `megabytes` of address space: a parser that
/// expands aliases or nests without bound fails here instead of slowing the machine.
fn check_within(site: &Fixture, megabytes: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    common::link_theme(site.root());
    let limit = libc::rlimit {
        rlim_cur: megabytes * 1024 * 1024,
        rlim_max: megabytes * 1024 * 1024,
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_capsule"));
    command
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", NOW);
    // SAFETY: setrlimit is async-signal-safe; the closure touches nothing else.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    command.output().expect("run capsule")
}

fn hostile(site: &Fixture) -> Problem {
    let output = check_within(site, 1024);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = parse(&output);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.into_iter().next().expect("one")
}

#[test]
fn a_valid_site_checks_within_the_memory_limit() {
    let site = Fixture::small();
    let output = check_within(&site, 1024);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn an_alias_bomb_is_refused_in_french() {
    // 6 000 aliases of a 6 000-item list: 30 KB that the parser's own repetition limit lets
    // expand to 36 million values.
    let items = vec!["x"; 6_000].join(", ");
    let aliases = vec!["*a"; 6_000].join(", ");
    let site = site_with_video(
        &(video_lines(&[]) + &format!("aliases: &a [{items}]\ndraft: [{aliases}]\n")),
    );
    assert_eq!(
        hostile(&site),
        problem(
            VIDEO,
            10,
            9,
            "l'en-tête est bien trop gros une fois ses alias (`*nom`) recopiés",
            "n'utilisez ni ancre `&nom` ni alias `*nom` : écrivez chaque valeur en toutes lettres",
        )
    );
    // The classic "billion laughs": nine levels of ten.
    let mut laughs = String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for level in b'b'..=b'i' {
        let (name, previous) = (level as char, (level - 1) as char);
        laughs.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 10].join(", ")
        ));
    }
    let site = site_with_video(&(video_lines(&[]) + &laughs));
    let found = hostile(&site);
    assert_eq!(
        found.message,
        "l'en-tête est bien trop gros une fois ses alias (`*nom`) recopiés"
    );
    assert!(found.line >= 9, "{found:?}");
}

#[test]
fn deep_nesting_is_refused_in_french() {
    let depth = 10_000;
    let site = site_with_video(&video_lines(&[(
        "themes",
        &format!("themes: {}{}", "[".repeat(depth), "]".repeat(depth)),
    )]));
    let found = hostile(&site);
    assert_eq!(
        (found.file.as_str(), found.line, found.message.as_str()),
        (
            VIDEO,
            7,
            "l'en-tête est imbriqué trop profondément (plus de 128 niveaux)"
        )
    );
}

#[test]
fn huge_values_and_files_are_refused_before_parsing() {
    let huge_title = format!("title: \"{}\"", "a".repeat(200_000));
    let site = site_with_video(&video_lines(&[("title", &huge_title)]));
    assert_eq!(
        hostile(&site),
        problem(
            VIDEO,
            2,
            1,
            "l'en-tête fait 196 Ko, plus que le maximum de 64 Ko",
            "l'en-tête ne contient que des valeurs courtes : le texte long (description, \
             transcription) va sous la seconde ligne `---`, en Markdown",
        )
    );
    // 20 MB of front matter lines, then a closing line.
    let site = site_with_video(&(video_lines(&[]) + &"# commentaire\n".repeat(1_500_000)));
    let found = hostile(&site);
    assert_eq!((found.line, found.column), (2, 1));
    assert!(found.message.starts_with("l'en-tête fait 20"), "{found:?}");
    // The same cap holds for site.yaml.
    let site = Fixture::small();
    site.write(
        "site.yaml",
        &(SITE_YAML.to_string() + &format!("description: \"{}\"\n", "é".repeat(40_000))),
    );
    let found = hostile(&site);
    assert_eq!(
        (found.file.as_str(), found.line, found.column),
        ("site.yaml", 1, 1)
    );
    assert_eq!(
        found.message,
        "le fichier fait 79 Ko, plus que le maximum de 64 Ko"
    );
}

#[test]
fn a_large_but_legitimate_value_still_gets_its_own_check() {
    let long_title = format!("title: \"{}\"", "a".repeat(5_000));
    let site = site_with_video(&video_lines(&[("title", &long_title)]));
    let found = hostile(&site);
    assert_eq!(
        (found.line, found.message.as_str()),
        (2, "`title` fait 5000 caractères, le maximum est 120")
    );
}
