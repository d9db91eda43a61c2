//! End to end: a site with view counts, a survey and objectives, built by the real binary.
//! The indicators page shows the headline figures (dated, sourced), each objective's
//! progress in words, and the series with their data tables; the CSV (read with the `csv`
//! crate) and the JSON hold the same figures; the home page, a video page and the
//! contributors' profiles show theirs; and text from the data files, which arrives by pull
//! request, stays text in HTML, CSV and JSON.

mod common;

use common::{has, stderr, Fixture};

const VIEWS: &str = "\
ardoises: { views: 200000, source: peertube, fetched: 2026-11-15 }
futur: { views: 5, source: vimeo, fetched: 2026-11-15 }
rituel-lecture: { views: 1234, source: youtube, fetched: 2026-11-01 }
";

const SURVEYS: &str = "\
- id: usages-2025
  title: \"Enquête <script>alert('titre')</script>\"
  date: 2025-06-20
  asked: \"Les enseignants abonnés\"
  respondents: 412
  source: \"https://enquete.example.org/rapport.pdf\"
  questions:
    - id: nouvelles-pratiques
      question: \"Avez-vous découvert de nouvelles pratiques ?\"
      result: 76 %
      headline: \"des enseignants ont découvert de nouvelles pratiques\"
    - id: pratique-changee
      question: \"Votre pratique a-t-elle changé ?\"
      result: 80–86 %
      headline: \"<img src=x onerror=alert(1)> ont changé leur pratique\"
    - id: pas-en-une
      question: \"Question sans titre\"
      result: 12 %
";

const OBJECTIVES: &str = "\
- indicator: videos
  label: \"10 vidéos\"
  target: 10
  baseline: 1
  deadline: 2027-06-30
- indicator: views
  label: \"=HYPERLINK(\\\"https://piege.example\\\")\"
  target: 200000
  deadline: 2027-06-30
- indicator: survey
  question: usages-2025/nouvelles-pratiques
  target: 85 %
  baseline: 70 %
  deadline: 2027-12-31
";

fn site() -> Fixture {
    let site = Fixture::small();
    site.write("data/vues.yaml", VIEWS);
    site.write("data/enquetes.yaml", SURVEYS);
    site.write("data/objectifs.yaml", OBJECTIVES);
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

/// The text of the elements matching `selector`, their text nodes joined by a space (pages
/// are minified: no space is left between two paragraphs), spaces collapsed.
fn texts(html: &str, selector: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    document
        .select(&selector)
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

// French thousands use a narrow no-break space; these tests write it as a plain space.
fn plain(text: &str) -> String {
    text.replace(['\u{202f}', '\u{a0}'], " ")
}

#[test]
fn the_page_shows_headline_figures_objectives_and_series() {
    let site = site();
    let page = site.page("/indicateurs/");
    let headline: Vec<String> = texts(&page, ".headline__item")
        .iter()
        .map(|t| plain(t))
        .collect();
    assert_eq!(headline.len(), 4, "{headline:?}");
    // Only the counts of published videos add up: `futur` is not published yet.
    assert!(headline[0].starts_with("201 234 vues des vidéos au moins : relevés du 1er novembre 2026 au 15 novembre 2026, sur 2 des 3 vidéos"), "{}", headline[0]);
    assert!(headline[0].contains("Source : compteurs publics de PeerTube et YouTube"));
    assert!(headline[1].starts_with("3 vidéos publiées dernière publication le 1er octobre 2026"));
    assert!(headline[2].starts_with("76 % des enseignants ont découvert de nouvelles pratiques"));
    assert!(headline[2].contains("20 juin 2025 : 412 réponses"));
    assert!(headline[3].starts_with("80 à 86 %"));
    assert!(has(
        &page,
        ".headline__source a[href='https://enquete.example.org/rapport.pdf']",
        None
    ));

    let objectives: Vec<String> = texts(&page, ".objective")
        .iter()
        .map(|t| plain(t))
        .collect();
    assert_eq!(
        objectives,
        [
            "10 vidéos 3 sur 10 vidéos (départ : 1) — 22 % du chemin — échéance : 30 juin 2027",
            "=HYPERLINK(\"https://piege.example\") atteint 201 234 sur 200 000 vues — 100 % du chemin — échéance : 30 juin 2027",
            "Résultat d'une enquête 76 % (objectif : 85 %) (départ : 70 %) — 40 % du chemin — échéance : 31 décembre 2027",
        ]
    );
    assert!(has(
        &page,
        ".objective--reached .objective__state",
        Some("atteint")
    ));

    let table = |id: &str| -> Vec<String> {
        texts(&page, &format!("#{id}-title ~ details tbody tr"))
            .iter()
            .map(|t| plain(t))
            .collect()
    };
    assert_eq!(
        table("active-per-month"),
        [
            "mars 2026 1",
            "avril 2026 1",
            "mai 2026 0",
            "juin 2026 0",
            "juillet 2026 0",
            "août 2026 0",
            "septembre 2026 1",
            "octobre 2026 2"
        ]
    );
    assert_eq!(
        table("new-per-quarter"),
        [
            "1er trimestre 2026 1",
            "2e trimestre 2026 0",
            "3e trimestre 2026 0",
            "4e trimestre 2026 1"
        ]
    );
    assert_eq!(
        table("by-role"),
        [
            "Enseignants 1",
            "Formateurs 0",
            "Conseillers pédagogiques 1",
            "Inspecteurs 0"
        ]
    );
    assert!(table("per-level").contains(&"CP 1".to_string()));
    assert_eq!(
        texts(&page, ".events-held tbody tr"),
        ["1er octobre 2025 Défi d'automne (Défi) Karim Benali"]
    );
}

#[test]
fn the_open_data_files_hold_the_same_figures() {
    let site = site();
    let bytes = std::fs::read(site.public().join("indicateurs/indicateurs.csv")).expect("csv");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 byte order mark"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "indicateur",
            "libelle",
            "periode",
            "categorie",
            "valeur",
            "valeur_haute",
            "depart",
            "cible",
            "unite",
            "source",
            "date"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let find = |indicator: &str, key: &str| {
        rows.iter()
            .find(|r| &r[0] == indicator && (key.is_empty() || &r[2] == key || &r[3] == key))
            .unwrap_or_else(|| panic!("no row {indicator} {key}"))
    };
    let views = find("vues", "");
    assert_eq!((&views[4], &views[10]), ("201234", "2026-11-15"));
    assert_eq!(&find("videos", "")[4], "3");
    let range = find("enquete", "usages-2025/pratique-changee");
    assert_eq!((&range[4], &range[5], &range[8]), ("80", "86", "%"));
    let views_objective = find("objectif:views", "");
    // A formula from a data file is text in a spreadsheet.
    assert_eq!(
        &views_objective[1],
        "'=HYPERLINK(\"https://piege.example\")"
    );
    assert_eq!(
        (&views_objective[4], &views_objective[7]),
        ("201234", "200000")
    );
    assert_eq!(&find("contributeurs_actifs_par_mois", "2026-10")[4], "2");
    assert_eq!(
        &find("nouveaux_contributeurs_par_trimestre", "2026-T4")[4],
        "1"
    );
    assert_eq!(
        &find("contributeurs_par_fonction", "conseiller-pedagogique")[4],
        "1"
    );
    assert_eq!(&find("evenement_tenu", "2025-10-01")[1], "Défi d'automne");

    let text = common::read(&site.public().join("indicateurs/indicateurs.json"));
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["schema"], "capsule-indicateurs");
    assert_eq!(json["version"], 1);
    assert_eq!(json["headline"]["views"]["total"], 201234);
    assert_eq!(json["headline"]["videos"], 3);
    assert_eq!(
        json["headline"]["surveys"][1]["headline"],
        "<img src=x onerror=alert(1)> ont changé leur pratique"
    );
    assert_eq!(
        json["headline"]["surveys"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(json["objectives"][0]["progress"].as_f64(), Some(2.0 / 9.0));
    assert_eq!(json["objectives"][1]["reached"], true);
    assert_eq!(
        json["series"]["events_held"][0]["facilitators"][0]["name"],
        "Karim Benali"
    );
}

#[test]
fn home_video_and_profile_pages_show_their_figures() {
    let site = site();
    let home = plain(&texts(&site.page("/"), ".hero__stats")[0]);
    assert_eq!(
        home,
        "201 234 vues · 3 vidéos · 2 contributeurs et contributrices · 76 % des enseignants ont découvert de nouvelles pratiques · 80 à 86 % <img src=x onerror=alert(1)> ont changé leur pratique — tous les indicateurs"
    );
    let video = site.page("/videos/rituel-lecture/");
    assert_eq!(
        plain(&texts(&video, ".video-meta__views")[0]),
        "1 234 vues (au 1er novembre 2026)"
    );
    let fluence = site.page("/videos/fluence/");
    assert!(texts(&fluence, ".video-meta__views").is_empty());
    let claire = site.page("/contributeurs/claire/");
    assert_eq!(
        plain(&texts(&claire, ".profile__contribution")[0]),
        "3 vidéos · 201 234 vues de ses vidéos · 1 événement animé ou présenté"
    );
    let karim = site.page("/contributeurs/karim/");
    assert_eq!(
        plain(&texts(&karim, ".profile__contribution")[0]),
        "1 vidéo · 200 000 vues de ses vidéos · 1 événement animé ou présenté"
    );
}

#[test]
fn text_from_data_files_stays_text() {
    let site = site();
    for path in ["/indicateurs/", "/"] {
        let page = site.page(path);
        assert!(!has(&page, "main script", None), "{path}");
        assert!(!has(&page, "main img[onerror]", None), "{path}");
    }
    let page = site.page("/indicateurs/");
    assert!(texts(&page, ".headline__detail")
        .iter()
        .any(|t| t.starts_with("Enquête <script>alert('titre')</script>, 20 juin 2025")));
}

#[test]
fn without_data_files_the_page_shows_the_catalogue() {
    let site = Fixture::small();
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = site.page("/indicateurs/");
    let headline: Vec<String> = texts(&page, ".headline__item");
    assert_eq!(headline.len(), 1, "{headline:?}");
    assert!(headline[0].starts_with("3 vidéos publiées"));
    assert!(!has(&page, ".objectives", None));
    let home = plain(&texts(&site.page("/"), ".hero__stats")[0]);
    assert!(home.starts_with("3 vidéos · 2 contributeurs"), "{home}");
    assert!(site.public().join("indicateurs/indicateurs.json").exists());
}

#[test]
fn the_page_lists_the_latest_events_held_and_the_files_all_of_them() {
    let site = Fixture::small();
    for day in 1..=13 {
        site.write(
            &format!("content/events/atelier-{day}.md"),
            &format!("---\ntitle: Atelier {day}\nkind: challenge\nstart: 2026-01-{day:02}T17:00:00+01:00\nend: 2026-01-{day:02}T18:00:00+01:00\nlocation: École\n---\n"),
        );
    }
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = site.page("/indicateurs/");
    let rows = texts(&page, ".events-held tbody th");
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0], "Atelier 13 (Défi)");
    assert!(texts(&page, "#events-held-title ~ p").contains(
        &"Les 12 plus récents sur 14 ; tous sont dans les données ouvertes.".to_string()
    ));
    let json = common::read(&site.public().join("indicateurs/indicateurs.json"));
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        json["series"]["events_held"].as_array().map(Vec::len),
        Some(14)
    );
}
