//! End to end: the newsletter digest `/lettre/feed.xml` as an RSS-to-email tool reads it —
//! one item per ended period (monthly by default, weekly when `site.yaml` says so), each
//! with the period's videos and news and the events starting in the next period, stable
//! identity and dates; and its HTML as an e-mail client gets it: every link and picture
//! absolute, no script, no style element, no table, contributors' text escaped.

mod common;

use std::process::Command;

use common::{stderr, Fixture};

const BASE: &str = "https://test.example.org";
/// 2026-12-01T00:00:00+01:00: November is over.
const DECEMBER_FIRST: &str = "1796079600";

/// The small site with a news item in October whose text is hostile.
fn site(period: Option<&str>) -> Fixture {
    let site = Fixture::small();
    if let Some(period) = period {
        let yaml = format!("{}newsletter: {{ period: {period} }}\n", common::SITE_YAML);
        site.write("site.yaml", &yaml);
    }
    site.write(
        "content/actualites/annonce.md",
        "---\ntitle: \"<script>alert(1)</script> Annonce & « test »\"\ndate: 2026-10-10\nsummary: \"Un résumé <img src=x onerror=alert(1)> [lien](/relatif/).\"\n---\nLe corps.\n",
    );
    site
}

/// Builds `site` with the build clock at `now` (seconds since the epoch); the digest.
fn digest(site: &Fixture, now: &str) -> (Vec<u8>, feed_rs::model::Feed) {
    common::link_theme(site.root());
    let output = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", now)
        .env("NO_COLOR", "1")
        .output()
        .expect("run capsule");
    assert!(output.status.success(), "{}", stderr(&output));
    let xml = std::fs::read(site.public().join("lettre/feed.xml")).expect("digest");
    let feed = feed_rs::parser::parse(xml.as_slice()).expect("a feed parser reads it");
    (xml, feed)
}

fn ids(feed: &feed_rs::model::Feed) -> Vec<&str> {
    feed.entries.iter().map(|e| e.id.as_str()).collect()
}

fn content(entry: &feed_rs::model::Entry) -> String {
    entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("content:encoded")
}

fn select<'d>(document: &'d scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'d>> {
    let selector = scraper::Selector::parse(selector).expect("selector");
    document.select(&selector).collect()
}

#[test]
fn monthly_issues_hold_their_month_and_the_next_month_s_events() {
    let site = site(None);
    let (_, feed) = digest(&site, common::NOW);
    assert_eq!(
        ids(&feed),
        [
            format!("{BASE}/lettre/#2026-10"),
            format!("{BASE}/lettre/#2026-09"),
            format!("{BASE}/lettre/#2026-03"),
            format!("{BASE}/lettre/#2025-09"),
        ],
        "months with something new, newest first; November is not over"
    );
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles[0], "Lettre d'octobre 2026");
    assert_eq!(titles[3], "Lettre de septembre 2025");
    let october = &feed.entries[0];
    assert_eq!(
        october.published.map(|d| d.to_rfc3339()),
        Some("2026-10-31T23:00:00+00:00".to_string()),
        "dated by the end of its month (midnight in Paris), not the build clock"
    );
    let html = content(october);
    assert!(html.contains("Calcul mental avec les ardoises"), "{html}");
    assert!(html.contains(&format!("href=\"{BASE}/actualites/annonce/\"")));
    assert!(!html.contains("Le rituel de lecture"), "a September video");
    let september_2025 = content(&feed.entries[3]);
    assert!(
        september_2025.contains("Prochains rendez-vous")
            && september_2025.contains("Défi d&#39;automne"),
        "an event starting in October is announced in September's issue: {september_2025}"
    );
    assert!(!september_2025.contains("Nouvelles vidéos"));
}

#[test]
fn a_period_is_published_once_over_and_earlier_issues_do_not_change() {
    let site = site(None);
    let (before, _) = digest(&site, common::NOW);
    let (after, feed) = digest(&site, DECEMBER_FIRST);
    assert_eq!(feed.entries[0].id, format!("{BASE}/lettre/#2026-11"));
    let november = content(&feed.entries[0]);
    assert!(
        november.contains("Focus fluence"),
        "December's focus announced: {november}"
    );
    assert!(
        !november.contains("Une vidéo du futur"),
        "a December video waits for December's issue"
    );
    let item = |xml: &[u8], id: &str| {
        let text = String::from_utf8_lossy(xml).into_owned();
        let at = text.find(&format!("#{id}</guid>")).expect("item");
        let start = text[..at].rfind("<item>").expect("start");
        let end = at + text[at..].find("</item>").expect("end");
        text[start..end].to_string()
    };
    assert_eq!(
        item(&before, "2026-10"),
        item(&after, "2026-10"),
        "an issue already sent never changes"
    );
}

#[test]
fn weekly_issues_are_iso_weeks() {
    let site = site(Some("weekly"));
    let (_, feed) = digest(&site, common::NOW);
    assert_eq!(
        ids(&feed)[..3],
        [
            format!("{BASE}/lettre/#2026-W41"),
            format!("{BASE}/lettre/#2026-W40"),
            format!("{BASE}/lettre/#2026-W38"),
        ]
    );
    let week = &feed.entries[1];
    assert_eq!(
        week.title.as_ref().map(|t| t.content.as_str()),
        Some("Semaine du 28 septembre 2026")
    );
    assert_eq!(
        week.published.map(|d| d.to_rfc3339()),
        Some("2026-10-04T22:00:00+00:00".to_string()),
        "Monday 5 October, midnight in Paris"
    );
}

#[test]
fn each_video_s_card_is_an_absolute_media_content_and_the_first_the_enclosure() {
    let site = site(None);
    let (xml, feed) = digest(&site, common::NOW);
    let xml = String::from_utf8(xml).expect("utf-8");
    let october = &feed.entries[0];
    let card = format!("{BASE}/videos/ardoises/carte.png");
    let urls: Vec<String> = october
        .media
        .iter()
        .flat_map(|m| m.content.iter())
        .filter_map(|c| c.url.as_ref().map(|u| u.to_string()))
        .collect();
    assert!(urls.contains(&card), "{urls:?}");
    assert!(
        xml.contains(&format!(
            "<enclosure url=\"{card}\" length=\"0\" type=\"image/png\"/>"
        )),
        "{xml}"
    );
    assert!(xml.contains(&format!(
        "<guid isPermaLink=\"false\">{BASE}/lettre/#2026-10</guid>"
    )));
    assert!(xml.contains("<pubDate>Sun, 1 Nov 2026 00:00:00 +0100</pubDate>"));
}

#[test]
fn the_html_is_for_e_mail_absolute_links_no_script_and_escaped_text() {
    let site = site(None);
    let (_, feed) = digest(&site, common::NOW);
    for entry in &feed.entries {
        let html = content(entry);
        let document = scraper::Html::parse_fragment(&html);
        let addresses: Vec<&str> = select(&document, "[href]")
            .iter()
            .filter_map(|e| e.value().attr("href"))
            .chain(
                select(&document, "[src]")
                    .iter()
                    .filter_map(|e| e.value().attr("src")),
            )
            .collect();
        assert!(!addresses.is_empty());
        for address in addresses {
            assert!(
                address.starts_with(&format!("{BASE}/")),
                "{}: {address}",
                entry.id
            );
        }
        for element in ["script", "style", "table", "iframe", "form"] {
            assert!(select(&document, element).is_empty(), "{element} in {html}");
        }
        let onerror = select(&document, "[onerror]");
        assert!(onerror.is_empty(), "{html}");
    }
    let october = content(&feed.entries[0]);
    let document = scraper::Html::parse_fragment(&october);
    let headings: Vec<String> = select(&document, "h3")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert!(
        headings.contains(&"<script>alert(1)</script> Annonce & « test »".to_string()),
        "the hostile title is shown as text: {headings:?}"
    );
    let images: Vec<&str> = select(&document, "img")
        .iter()
        .filter_map(|e| e.value().attr("alt"))
        .collect();
    assert_eq!(images, ["Calcul mental avec les ardoises"]);
}

#[test]
fn an_unknown_period_is_refused_in_french_where_it_is_written() {
    let site = site(Some("hebdo"));
    let output = site.run(&["check"]);
    assert!(!output.status.success());
    let text = stderr(&output) + &common::stdout(&output);
    assert!(
        text.contains("période de lettre inconnue (`newsletter.period`) : `hebdo`"),
        "{text}"
    );
    assert!(text.contains("site.yaml:9"), "{text}");
    assert!(text.contains("`weekly`"), "{text}");
}
