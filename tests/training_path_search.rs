//! End to end: training paths are a search result type. On a small site with one path,
//! `capsule search` finds the path by a word of one of its prompts (and by its author),
//! marked « [Parcours] » and linking to its page; on the test catalogue, the built index
//! says which documents are paths and a video's related videos never include one.

mod common;

use common::{stderr, stdout, Fixture};
use scraper::{Html, Selector};

const PATH: &str = "---
title: \"Lire et compter en rituel\"
authors: [karim]
levels: [CP]
duration: \"40 min\"
steps:
  - video: rituel-lecture
    prompt: \"Comment le rituel installe-t-il la concentration des élèves ?\"
  - video: ardoises
    prompt: \"Que montrent les ardoises levées sur les stratégies de calcul ?\"
---

Un parcours court pour une animation pédagogique.
";

fn site_with_a_path() -> Fixture {
    let site = Fixture::small();
    site.write("content/parcours/lire-et-compter.md", PATH);
    site
}

#[test]
fn capsule_search_finds_a_path_by_a_word_of_its_prompt() {
    let site = site_with_a_path();
    let output = site.run(&["search", "concentration"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("[Parcours] Lire et compter en rituel")
            && first.contains("/parcours/lire-et-compter/"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "only the path says it: {text}");

    let output = site.run(&["search", "stratégies calcul", "--json"]);
    let hits: serde_json::Value =
        serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}"));
    let path = hits.as_array().and_then(|hits| {
        hits.iter()
            .find(|h| h["url"] == "/parcours/lire-et-compter/")
    });
    let path = path.unwrap_or_else(|| panic!("no path among {hits}"));
    assert_eq!(path["kind"]["label"], "Parcours");
    assert_eq!(path["contributors"], serde_json::json!(["karim"]));
    assert_eq!(path["levels"], serde_json::json!(["CP"]));
    assert_eq!(path["duration_secs"], 2400);
}

#[test]
fn videos_stay_videos_in_results_and_related_lists() {
    let site = site_with_a_path();
    let output = site.run(&["search", "ardoises", "--json"]);
    let hits: serde_json::Value =
        serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}"));
    let video = &hits[0];
    assert_eq!(video["url"], "/videos/ardoises/", "{hits}");
    assert_eq!(video["kind"]["id"], "video");

    // Related videos: on the test catalogue (two paths), whose videos relate to each other.
    let site = Fixture::copy_of("catalogue");
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let meta = common::read(&site.public().join("search/meta.json"));
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        meta["facets"]["kinds"],
        serde_json::json!([["video", "Vidéo"], ["parcours", "Parcours"]])
    );
    let related = Selector::parse("section[aria-labelledby=related-title] a[href]").expect("css");
    let mut links = Vec::new();
    let videos = std::fs::read_dir(site.public().join("videos")).expect("videos folder");
    for entry in videos.flatten() {
        let page = entry.path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        let page = Html::parse_document(&html);
        links.extend(
            page.select(&related)
                .map(|a| a.value().attr("href").unwrap_or_default().to_string()),
        );
    }
    assert!(links.len() > 10, "few related videos: {links:?}");
    assert!(
        !links.iter().any(|href| href.contains("/parcours/")),
        "{links:?}"
    );
}
