//! End to end: what newsletter tools, feed readers, calendars, social networks and search
//! engines read from a built site, checked with real parsers (feed-rs, icalendar, scraper +
//! serde_json, image) on real files.

mod common;

use std::process::Command;

use chrono::{DateTime, Utc};
use common::{stderr, tree, Fixture, NOW};
use icalendar::{Component, EventLike};
use scraper::{Html, Selector};
use serde_json::Value;

const BASE: &str = "https://test.example.org";

fn built(site: Fixture) -> Fixture {
    let output = site.build();
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    site
}

fn feed(site: &Fixture, path: &str) -> feed_rs::model::Feed {
    let xml = site.page(path);
    feed_rs::parser::parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{xml}"))
}

fn utc(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("date")
        .with_timezone(&Utc)
}

fn text(value: &Option<feed_rs::model::Text>) -> &str {
    value
        .as_ref()
        .map(|t| t.content.as_str())
        .unwrap_or_default()
}

fn select<'a>(document: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    document
        .select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn meta_content(document: &Html, attribute: &str, name: &str) -> Option<String> {
    select(document, &format!("meta[{attribute}=\"{name}\"]"))
        .first()
        .and_then(|m| m.value().attr("content"))
        .map(str::to_string)
}

fn json_ld(document: &Html) -> Vec<Value> {
    select(document, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|script| {
            let text = script.text().collect::<String>();
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
        })
        .collect()
}

fn of_type<'a>(documents: &'a [Value], kind: &str) -> &'a Value {
    documents
        .iter()
        .find(|d| d["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {documents:?}"))
}

/// Every `href`/`src` in an item's HTML is absolute.
fn assert_absolute_urls(html: &str, context: &str) {
    for attribute in ["href=\"", "src=\""] {
        for (index, _) in html.match_indices(attribute) {
            let url = &html[index + attribute.len()..];
            assert!(
                url.starts_with("https://") || url.starts_with("http://"),
                "{context}: relative {attribute} in {html}"
            );
        }
    }
}

#[test]
fn rss_feed_of_the_newest_videos() {
    let site = built(Fixture::small());
    let xml = site.page("/feed.xml");
    let parsed = feed(&site, "/feed.xml");
    assert_eq!(text(&parsed.title), "Classe test");
    assert_eq!(
        parsed.language.as_deref(),
        Some("fr-fr"),
        "feed-rs lower-cases the tag"
    );
    assert!(xml.contains("<language>fr-FR</language>"));
    assert!(
        parsed.links.iter().any(|l| l.href == format!("{BASE}/")),
        "{:?}",
        parsed.links
    );
    assert_eq!(
        parsed.updated,
        Some(utc("2026-10-01T00:00:00+02:00")),
        "lastBuildDate is the newest item's date"
    );
    assert!(
        xml.contains("<lastBuildDate>Thu, 1 Oct 2026 00:00:00 +0200</lastBuildDate>"),
        "{xml}"
    );
    assert!(
        xml.contains(&format!(
            "<atom:link href=\"{BASE}/feed.xml\" rel=\"self\" type=\"application/rss+xml\""
        )),
        "{xml}"
    );
    assert_eq!(
        parsed.logo.as_ref().map(|i| i.uri.as_str()),
        Some(&*format!("{BASE}/carte.png"))
    );
    let slugs: Vec<&str> = parsed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        slugs,
        [
            format!("{BASE}/videos/ardoises/"),
            format!("{BASE}/videos/rituel-lecture/"),
            format!("{BASE}/videos/fluence/")
        ]
    );

    let entry = &parsed.entries[0];
    assert_eq!(text(&entry.title), "Calcul mental avec les ardoises");
    assert_eq!(entry.links[0].href, format!("{BASE}/videos/ardoises/"));
    assert_eq!(entry.published, Some(utc("2026-10-01T00:00:00+02:00")));
    let authors: Vec<&str> = entry
        .authors
        .iter()
        .filter_map(|a| a.name.as_deref())
        .collect();
    assert_eq!(authors, ["Karim Benali", "Claire Martin"]);
    assert_eq!(
        entry
            .categories
            .iter()
            .map(|c| c.term.as_str())
            .collect::<Vec<_>>(),
        ["Calcul mental"]
    );
    assert_eq!(
        text(&entry.summary),
        "<p>Résumé de Calcul mental avec les ardoises.</p>",
        "the description is HTML: the summary, escaped"
    );
    let html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .expect("content:encoded");
    assert!(html.contains(&format!("<img src=\"{BASE}/videos/ardoises/carte.png\" alt=\"Calcul mental avec les ardoises\" width=\"600\" height=\"315\"")), "{html}");
    assert!(
        html.contains("Voir la vidéo")
            && html.contains("1 min 45 s")
            && html.contains(">Calcul mental</a>"),
        "{html}"
    );
    assert_absolute_urls(html, "content:encoded");
    let media = &entry.media[0];
    let content = &media.content[0];
    assert_eq!(
        content.url.as_ref().map(|u| u.as_str()),
        Some(&*format!("{BASE}/videos/ardoises/carte.png"))
    );
    assert_eq!((content.width, content.height), (Some(1200), Some(630)));
    assert_eq!(
        content
            .content_type
            .as_ref()
            .map(|t| t.to_string())
            .as_deref(),
        Some("image/png")
    );
    let thumbnail = &media.thumbnails[0].image;
    assert_eq!(
        (thumbnail.uri.as_str(), thumbnail.width, thumbnail.height),
        (
            &*format!("{BASE}/videos/ardoises/carte.png"),
            Some(1200),
            Some(630)
        )
    );

    assert!(
        xml.contains("<pubDate>Sun, 1 Mar 2026 00:00:00 +0100</pubDate>"),
        "winter offset: {xml}"
    );
    assert!(
        xml.contains("<pubDate>Mon, 14 Sep 2026 00:00:00 +0200</pubDate>"),
        "summer offset"
    );
    assert!(
        xml.contains(&format!("<guid>{BASE}/videos/ardoises/</guid>")),
        "permalink guid (isPermaLink defaults to true)"
    );
    assert!(
        xml.contains("<dc:creator>Karim Benali</dc:creator><dc:creator>Claire Martin</dc:creator>")
    );
}

#[test]
fn atom_feed_of_the_newest_videos() {
    let site = built(Fixture::small());
    let xml = site.page("/atom.xml");
    let parsed = feed(&site, "/atom.xml");
    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(parsed.id, format!("{BASE}/atom.xml"));
    assert_eq!(parsed.updated, Some(utc("2026-10-01T00:00:00+02:00")));
    assert!(parsed
        .links
        .iter()
        .any(|l| l.rel.as_deref() == Some("self") && l.href == format!("{BASE}/atom.xml")));
    let entry = &parsed.entries[1];
    assert_eq!(entry.id, format!("{BASE}/videos/rituel-lecture/"));
    assert_eq!(entry.published, Some(utc("2026-09-14T00:00:00+02:00")));
    assert_eq!(entry.updated, Some(utc("2026-09-14T00:00:00+02:00")));
    assert!(
        xml.contains("<published>2026-09-14T00:00:00+02:00</published>"),
        "{xml}"
    );
    assert!(
        xml.contains("<updated>2026-03-01T00:00:00+01:00</updated>"),
        "winter offset"
    );
    assert_eq!(entry.authors[0].name.as_deref(), Some("Claire Martin"));
    assert_eq!(
        entry.authors[0].uri.as_deref(),
        Some(&*format!("{BASE}/contributeurs/claire/"))
    );
    assert_eq!(entry.categories[0].label.as_deref(), Some("Lecture"));
    assert_eq!(text(&entry.summary), "Résumé de Le rituel de lecture.");
    let content = entry.content.as_ref().expect("content");
    assert_eq!(content.content_type.to_string(), "text/html");
    assert_absolute_urls(content.body.as_deref().unwrap_or_default(), "atom content");
    assert!(entry
        .links
        .iter()
        .any(|l| l.rel.as_deref() == Some("alternate")
            && l.href == format!("{BASE}/videos/rituel-lecture/")));
    let media = &entry.media[0];
    assert_eq!(
        media.content[0].url.as_ref().map(|u| u.to_string()),
        Some(format!("{BASE}/videos/rituel-lecture/carte.png"))
    );
    assert_eq!(media.thumbnails[0].image.width, Some(1200));
}

#[test]
fn theme_contributor_and_event_feeds_with_autodiscovery() {
    let site = built(Fixture::small());
    let lecture = feed(&site, "/themes/lecture/feed.xml");
    let ids: Vec<&str> = lecture.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            format!("{BASE}/videos/rituel-lecture/"),
            format!("{BASE}/videos/fluence/")
        ]
    );
    assert!(text(&lecture.title).contains("Lecture"));
    let karim = feed(&site, "/contributeurs/karim/feed.xml");
    assert_eq!(karim.entries.len(), 1);
    assert_eq!(karim.entries[0].id, format!("{BASE}/videos/ardoises/"));

    let alternate = |path: &str, kind: &str, href: &str| {
        let page = Html::parse_document(&site.page(path));
        let found = select(&page, &format!("link[rel=alternate][type=\"{kind}\"]"))
            .iter()
            .any(|l| l.value().attr("href") == Some(href));
        assert!(found, "{path} announces {href}");
    };
    alternate("/", "application/rss+xml", "/feed.xml");
    alternate("/", "application/atom+xml", &format!("{BASE}/atom.xml"));
    alternate(
        "/themes/lecture/",
        "application/rss+xml",
        "/themes/lecture/feed.xml",
    );
    alternate(
        "/contributeurs/karim/",
        "application/rss+xml",
        "/contributeurs/karim/feed.xml",
    );
    alternate(
        "/evenements/",
        "application/rss+xml",
        "/evenements/feed.xml",
    );
}

#[test]
fn event_feed_gives_date_place_and_registration() {
    let site = built(Fixture::small());
    let xml = site.page("/evenements/feed.xml");
    let parsed = feed(&site, "/evenements/feed.xml");
    let ids: Vec<&str> = parsed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            format!("{BASE}/evenements/focus-fluence/"),
            format!("{BASE}/evenements/defi-ancien/")
        ]
    );
    let focus = &parsed.entries[0];
    assert_eq!(
        focus.published,
        Some(utc("2026-12-09T17:00:00+01:00")),
        "dated by its start"
    );
    assert!(
        xml.contains("<pubDate>Wed, 9 Dec 2026 17:00:00 +0100</pubDate>"),
        "{xml}"
    );
    assert!(xml.contains("<pubDate>Wed, 1 Oct 2025 09:00:00 +0200</pubDate>"));
    let summary = shown(focus.summary.as_ref().expect("summary"), "event summary");
    assert!(
        summary.contains("mercredi 9 décembre 2026 à 17 h 00"),
        "{summary}"
    );
    assert!(summary.contains("En ligne : https://visio.example.org/fluence"));
    assert!(summary.contains("Inscription : https://inscription.example.org"));
    assert!(summary.contains("Venez échanger."));
    let html = focus
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .expect("content");
    assert!(
        html.contains("<a href=\"https://inscription.example.org\">"),
        "{html}"
    );
    assert_absolute_urls(html, "event content");
    assert!(shown(
        parsed.entries[1].summary.as_ref().expect("summary"),
        "event"
    )
    .contains("Lieu : Atelier Canopé de Lille"));
    assert_eq!(
        focus.media[0].content[0]
            .url
            .as_ref()
            .map(|u| u.to_string()),
        Some(format!("{BASE}/evenements/focus-fluence/carte.png"))
    );
}

#[test]
fn feeds_and_calendars_do_not_follow_the_build_clock() {
    let site = built(Fixture::small());
    let later = (NOW.parse::<i64>().expect("epoch") + 3 * 3600).to_string();
    let again = site.root().join("again");
    let output = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&again)
        .env("SOURCE_DATE_EPOCH", later)
        .output()
        .expect("run capsule");
    assert!(output.status.success(), "{}", stderr(&output));
    let first = tree(&site.public());
    let second = tree(&again);
    for (path, bytes) in &first {
        if path.ends_with(".xml")
            || path.ends_with(".ics")
            || path.ends_with(".jpg")
            || path.ends_with(".png")
            || path.ends_with(".webp")
        {
            let other = second
                .iter()
                .find(|(p, _)| p == path)
                .unwrap_or_else(|| panic!("{path} missing"));
            assert!(&other.1 == bytes, "{path} changed with the clock");
        }
    }
}

fn calendar(site: &Fixture, path: &str) -> (String, icalendar::Calendar) {
    let raw = site.page(path);
    assert!(
        raw.starts_with("BEGIN:VCALENDAR\r\n") && raw.ends_with("END:VCALENDAR\r\n"),
        "{raw}"
    );
    assert!(
        !raw.replace("\r\n", "").contains(['\n', '\r']),
        "{path}: every line ends with CRLF"
    );
    for line in raw.as_bytes().split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.len() <= 75,
            "{path}: line of {} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "{path}: a fold splits a character"
        );
    }
    let parsed: icalendar::Calendar = raw
        .parse()
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{raw}"));
    (raw, parsed)
}

fn unfolded(raw: &str) -> String {
    raw.replace("\r\n ", "")
}

#[test]
fn calendars_follow_rfc_5545() {
    let site = built(Fixture::small());
    let (raw, parsed) = calendar(&site, "/evenements/calendrier.ics");
    for property in [
        "PRODID:",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Événements — Classe test",
    ] {
        assert!(
            raw.contains(&format!("\r\n{property}")),
            "{property} in {raw}"
        );
    }
    let zone = parsed.components.iter().find_map(|c| match c {
        icalendar::CalendarComponent::Other(other) if other.component_kind() == "VTIMEZONE" => {
            Some(other)
        }
        _ => None,
    });
    let zone = zone.expect("VTIMEZONE");
    assert_eq!(zone.property_value("TZID"), Some("Europe/Paris"));
    let kinds: Vec<String> = zone
        .components()
        .iter()
        .map(|c| c.component_kind())
        .collect();
    assert!(
        kinds.contains(&"STANDARD".to_string()) && kinds.contains(&"DAYLIGHT".to_string()),
        "{kinds:?}"
    );
    assert!(
        raw.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU") && raw.contains("TZOFFSETTO:+0100")
    );

    let events: Vec<&icalendar::Event> = parsed.events().collect();
    assert_eq!(events.len(), 2);
    let focus = events
        .iter()
        .find(|e| e.get_uid() == Some("focus-fluence@test.example.org"))
        .expect("focus by UID");
    assert_eq!(focus.get_summary(), Some("Focus fluence"));
    assert_eq!(
        focus.get_url(),
        Some(&*format!("{BASE}/evenements/focus-fluence/"))
    );
    assert_eq!(
        focus.get_location(),
        Some("https://visio.example.org/fluence")
    );
    let description = focus.get_description().expect("description");
    assert!(
        description.contains("Venez échanger.")
            && description.contains("Inscription : https://inscription.example.org"),
        "{description}"
    );
    let text = unfolded(&raw);
    assert!(
        text.contains("DTSTART;TZID=Europe/Paris:20261209T170000\r\n"),
        "{text}"
    );
    assert!(text.contains("DTEND;TZID=Europe/Paris:20261209T180000\r\n"));
    assert!(
        text.contains("DTSTAMP:20261209T160000Z\r\n"),
        "stable DTSTAMP: the start"
    );
    assert!(
        text.contains("DTSTART;TZID=Europe/Paris:20251001T090000\r\n"),
        "summer time, local"
    );
    let defi = events
        .iter()
        .find(|e| e.get_uid() == Some("defi-ancien@test.example.org"))
        .expect("defi");
    assert_eq!(defi.get_location(), Some("Atelier Canopé de Lille"));

    let (one, parsed_one) = calendar(&site, "/evenements/focus-fluence/evenement.ics");
    assert_eq!(parsed_one.events().count(), 1);
    assert!(one.contains("X-WR-CALNAME:Focus fluence") && one.contains("BEGIN:VTIMEZONE"));
    assert!(common::has(
        &site.page("/evenements/focus-fluence/"),
        "a[href='/evenements/focus-fluence/evenement.ics']",
        None
    ));
}

/// A site whose video and event carry every character that breaks naive serializers.
fn hostile_site() -> (Fixture, String) {
    let site = Fixture::small();
    let hostile =
        "Guillemets \"doubles\" l'apostrophe <b>gras</b> & ]]> </script><!-- ; virgule, \\ fin";
    let yaml = hostile.replace('\'', "''");
    site.write(
        "content/videos/hostile.md",
        &format!(
            "---\ntitle: '{yaml}'\ndate: 2026-10-02\nvideo: https://youtu.be/dQw4w9WgXcQ\nduration: \"1:00\"\ncontributors: [claire]\nthemes: [lecture]\nsummary: '{yaml}'\n---\nCorps.\n"
        ),
    );
    let long = "Une très longue description accentuée — éèàùç, 😀 emoji — ".repeat(6);
    site.write(
        "content/events/hostile.md",
        &format!(
            "---\ntitle: '{yaml}'\nkind: challenge\nstart: 2027-01-11T09:00:00+01:00\nend: 2027-02-12T18:00:00+01:00\nlocation: 'Salle 3; bâtiment B, étage 2'\n---\n{long}\n\nLigne ; avec, des \\ signes.\n"
        ),
    );
    (built(site), hostile.to_string())
}

#[test]
fn hostile_text_keeps_feeds_calendars_and_json_ld_valid() {
    let (site, hostile) = hostile_site();
    for path in [
        "/feed.xml",
        "/atom.xml",
        "/themes/lecture/feed.xml",
        "/contributeurs/claire/feed.xml",
    ] {
        let parsed = feed(&site, path);
        let entry = parsed
            .entries
            .iter()
            .find(|e| e.id.ends_with("/videos/hostile/"))
            .unwrap_or_else(|| panic!("{path}"));
        assert_eq!(text(&entry.title), hostile, "{path}: title round-trips");
        assert_eq!(
            shown(entry.summary.as_ref().expect("summary"), path),
            hostile,
            "{path}: summary round-trips"
        );
        let html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .expect("content");
        let card = Html::parse_fragment(html);
        assert_eq!(
            select(&card, "img")[0].value().attr("alt"),
            Some(hostile.as_str()),
            "{path}: alt text"
        );
        assert!(
            select(&card, "b, script").is_empty(),
            "{path}: no markup from the title"
        );
    }
    let events = feed(&site, "/evenements/feed.xml");
    assert_eq!(text(&events.entries[0].title), hostile);

    let (raw, parsed) = calendar(&site, "/evenements/calendrier.ics");
    let event = parsed
        .events()
        .find(|e| e.get_uid() == Some("hostile@test.example.org"))
        .expect("event");
    assert_eq!(
        event.get_summary(),
        Some(hostile.as_str()),
        "SUMMARY round-trips"
    );
    assert_eq!(event.get_location(), Some("Salle 3; bâtiment B, étage 2"));
    let description = event
        .get_description()
        .expect("description")
        .replace(['\u{202F}', '\u{a0}'], " ");
    assert!(
        description.contains("Ligne ; avec, des \\ signes.") && description.contains("😀"),
        "{description}"
    );
    assert!(
        unfolded(&raw).contains("LOCATION:Salle 3\\; bâtiment B\\, étage 2\r\n"),
        "escaped"
    );

    for path in ["/videos/hostile/", "/evenements/hostile/"] {
        let page = Html::parse_document(&site.page(path));
        let documents = json_ld(&page);
        assert!(
            documents.iter().any(|d| d["name"] == hostile.as_str()),
            "{path}: name round-trips"
        );
        for script in select(&page, "script[type=\"application/ld+json\"]") {
            let text = script.text().collect::<String>();
            assert!(
                text.trim_end().ends_with('}'),
                "{path}: script closed early: {text}"
            );
        }
        assert_eq!(
            meta_content(&page, "property", "og:title").as_deref(),
            Some(hostile.as_str())
        );
    }
}

#[test]
fn video_pages_carry_open_graph_twitter_and_video_object() {
    let site = built(Fixture::small());
    let page = Html::parse_document(&site.page("/videos/rituel-lecture/"));
    let og = |name: &str| meta_content(&page, "property", name);
    let card = format!("{BASE}/videos/rituel-lecture/carte.png");
    assert_eq!(og("og:site_name").as_deref(), Some("Classe test"));
    assert_eq!(og("og:type").as_deref(), Some("video.other"));
    assert_eq!(og("og:locale").as_deref(), Some("fr_FR"));
    assert_eq!(
        og("og:url").as_deref(),
        Some(&*format!("{BASE}/videos/rituel-lecture/"))
    );
    assert_eq!(og("og:title").as_deref(), Some("Le rituel de lecture"));
    assert_eq!(
        og("og:description").as_deref(),
        Some("Résumé de Le rituel de lecture.")
    );
    assert_eq!(og("og:image").as_deref(), Some(card.as_str()));
    assert_eq!(
        (
            og("og:image:width").as_deref(),
            og("og:image:height").as_deref()
        ),
        (Some("1200"), Some("630"))
    );
    assert_eq!(og("og:image:type").as_deref(), Some("image/png"));
    assert_eq!(og("og:image:alt").as_deref(), Some("Le rituel de lecture"));
    let embed = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0";
    assert_eq!(og("og:video").as_deref(), Some(embed));
    assert_eq!(og("og:video:type").as_deref(), Some("text/html"));
    let twitter = |name: &str| meta_content(&page, "name", name);
    assert_eq!(twitter("twitter:card").as_deref(), Some("player"));
    assert_eq!(twitter("twitter:player").as_deref(), Some(embed));
    assert_eq!(twitter("twitter:image").as_deref(), Some(card.as_str()));

    let documents = json_ld(&page);
    let video = of_type(&documents, "VideoObject");
    assert_eq!(video["name"], "Le rituel de lecture");
    assert_eq!(video["description"], "Résumé de Le rituel de lecture.");
    assert_eq!(video["thumbnailUrl"][0], card.as_str());
    assert_eq!(
        video["thumbnailUrl"][1],
        "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    );
    assert_eq!(video["uploadDate"], "2026-09-14T00:00:00+02:00");
    assert_eq!(video["duration"], "PT1M45S");
    assert_eq!(video["embedUrl"], embed);
    assert_eq!(video["inLanguage"], "fr");
    assert_eq!(video["author"][0]["@type"], "Person");
    assert_eq!(video["author"][0]["name"], "Claire Martin");
    let crumbs = of_type(&documents, "BreadcrumbList");
    let names: Vec<&str> = crumbs["itemListElement"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["Accueil", "Vidéos", "Le rituel de lecture"]);
    assert_eq!(
        crumbs["itemListElement"][2]["item"],
        format!("{BASE}/videos/rituel-lecture/")
    );

    let file = Html::parse_document(&site.page("/videos/fluence/"));
    let documents = json_ld(&file);
    assert_eq!(
        of_type(&documents, "VideoObject")["contentUrl"],
        "https://media.example.org/fluence.mp4"
    );
    assert_eq!(
        meta_content(&file, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        meta_content(&file, "property", "og:video:type").as_deref(),
        Some("video/mp4")
    );
    assert_eq!(
        meta_content(&file, "name", "twitter:site"),
        None,
        "no account configured"
    );
}

#[test]
fn event_topic_contributor_and_home_pages_carry_their_metadata() {
    let site = built(Fixture::small());
    let focus = json_ld(&Html::parse_document(
        &site.page("/evenements/focus-fluence/"),
    ));
    let event = of_type(&focus, "Event");
    assert_eq!(event["name"], "Focus fluence");
    assert_eq!(event["startDate"], "2026-12-09T17:00:00+01:00");
    assert_eq!(event["endDate"], "2026-12-09T18:00:00+01:00");
    assert_eq!(
        event["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(event["location"]["@type"], "VirtualLocation");
    assert_eq!(
        event["location"]["url"],
        "https://visio.example.org/fluence"
    );
    assert_eq!(event["organizer"][0]["@type"], "Person");
    assert_eq!(event["organizer"][0]["name"], "Claire Martin");
    assert_eq!(event["url"], format!("{BASE}/evenements/focus-fluence/"));
    assert_eq!(
        event["image"][0],
        format!("{BASE}/evenements/focus-fluence/carte.png")
    );
    assert_eq!(
        of_type(&focus, "BreadcrumbList")["itemListElement"][1]["name"],
        "Événements"
    );
    let defi = json_ld(&Html::parse_document(
        &site.page("/evenements/defi-ancien/"),
    ));
    let defi = of_type(&defi, "Event");
    assert_eq!(
        defi["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(defi["location"]["@type"], "Place");

    let topic = json_ld(&Html::parse_document(&site.page("/themes/lecture/")));
    assert_eq!(
        of_type(&topic, "BreadcrumbList")["itemListElement"][2]["name"],
        "Lecture"
    );
    let person = json_ld(&Html::parse_document(&site.page("/contributeurs/claire/")));
    assert_eq!(
        of_type(&person, "BreadcrumbList")["itemListElement"][2]["name"],
        "Claire Martin"
    );
    let home = json_ld(&Html::parse_document(&site.page("/")));
    assert_eq!(of_type(&home, "WebSite")["url"], format!("{BASE}/"));

    for path in [
        "/",
        "/videos/",
        "/themes/",
        "/a-propos/",
        "/evenements/",
        "/recherche/",
    ] {
        let page = Html::parse_document(&site.page(path));
        let image = meta_content(&page, "property", "og:image")
            .unwrap_or_else(|| panic!("{path}: og:image"));
        assert!(image.starts_with(BASE), "{path}: {image}");
        assert_eq!(
            meta_content(&page, "name", "twitter:card").as_deref(),
            Some("summary_large_image"),
            "{path}"
        );
        assert_eq!(
            meta_content(&page, "property", "og:type").as_deref(),
            Some("website"),
            "{path}"
        );
    }
}

#[test]
fn share_links_are_plain_encoded_links() {
    let site = built(Fixture::small());
    let page = Html::parse_document(&site.page("/videos/rituel-lecture/"));
    let links: Vec<String> = select(&page, ".share a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    let url = "https%3A%2F%2Ftest.example.org%2Fvideos%2Frituel-lecture%2F";
    assert_eq!(
        links,
        [
            format!("https://mastodonshare.com/?text=Le+rituel+de+lecture&url={url}"),
            format!("https://x.com/intent/post?text=Le+rituel+de+lecture&url={url}"),
            format!("https://www.linkedin.com/sharing/share-offsite/?url={url}"),
            format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
            format!("mailto:?subject=Le%20rituel%20de%20lecture&body=R%C3%A9sum%C3%A9%20de%20Le%20rituel%20de%20lecture.%0A%0A{url}"),
        ]
    );
    assert!(select(&page, ".share a")
        .iter()
        .all(|a| a.value().attr("rel") == Some("noopener")));
    let copy = select(&page, "button.share__copy");
    assert_eq!(
        copy[0].value().attr("data-copy"),
        Some(&*format!("{BASE}/videos/rituel-lecture/"))
    );
    assert!(
        copy[0].value().attr("hidden").is_some(),
        "hidden without JavaScript"
    );
    assert_eq!(
        select(
            &Html::parse_document(&site.page("/evenements/focus-fluence/")),
            ".share a"
        )
        .len(),
        5
    );
    assert!(select(
        &Html::parse_document(&site.page("/themes/lecture/")),
        ".share"
    )
    .is_empty());
}

fn decode_card(site: &Fixture, path: &str) -> image::DynamicImage {
    let bytes = std::fs::read(site.public().join(path.trim_start_matches('/')))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let format = match path.ends_with(".png") {
        true => image::ImageFormat::Png,
        false => image::ImageFormat::Jpeg,
    };
    image::load_from_memory_with_format(&bytes, format)
        .unwrap_or_else(|e| panic!("{path} is no {format:?}: {e}"))
}

#[test]
fn every_video_event_and_the_site_have_a_1200_by_630_card() {
    let site = built(Fixture::small());
    site.write(
        "content/videos/cassee/index.md",
        &common::video(
            "Vignette illisible",
            "2026-05-01",
            "https://vimeo.com/77",
            "[karim]",
            "[calcul]",
            "thumbnail: vignette.png\n",
        ),
    );
    site.write("content/videos/cassee/vignette.png", "pas une image");
    let site = built(site);
    for path in [
        "/videos/ardoises/carte.png",
        "/videos/rituel-lecture/carte.png",
        "/videos/fluence/carte.jpg",
        "/videos/cassee/carte.jpg",
        "/evenements/focus-fluence/carte.png",
        "/carte.png",
    ] {
        let card = decode_card(&site, path);
        assert_eq!((card.width(), card.height()), (1200, 630), "{path}");
    }
    let titled = std::fs::metadata(site.public().join("videos/ardoises/carte.png")).unwrap();
    assert!(
        titled.len() < 15_000,
        "a titled card is small: {} bytes",
        titled.len()
    );
    let photo = decode_card(&site, "/videos/fluence/carte.jpg").to_rgb8();
    let corner = photo.get_pixel(20, 600).0;
    assert!(
        corner[2] > 100 && corner[1] > 150,
        "cropped from the gradient thumbnail: {corner:?}"
    );
    for (name, width) in [("vignette-480.webp", 480), ("vignette-960.webp", 960)] {
        let bytes = std::fs::read(site.public().join("videos/fluence").join(name)).expect(name);
        let picture =
            image::load_from_memory_with_format(&bytes, image::ImageFormat::WebP).expect(name);
        assert_eq!(
            (picture.width(), picture.height()),
            (width, width * 9 / 16),
            "{name}"
        );
    }
    let page = Html::parse_document(&site.page("/videos/fluence/"));
    let source = select(&page, ".player picture source[type=\"image/webp\"]");
    assert_eq!(
        source[0].value().attr("srcset"),
        Some("/videos/fluence/vignette-480.webp 480w, /videos/fluence/vignette-960.webp 960w")
    );
    let img = select(&page, ".player picture img");
    assert_eq!(
        img[0].value().attr("src"),
        Some("/videos/fluence/vignette.jpg"),
        "browsers without WebP get the bundle's own file"
    );
    assert_eq!(
        (img[0].value().attr("width"), img[0].value().attr("height")),
        (Some("1280"), Some("720"))
    );
    let broken = Html::parse_document(&site.page("/videos/cassee/"));
    assert!(
        select(&broken, ".player img").is_empty(),
        "an unreadable thumbnail gives the placeholder, never a broken image"
    );
}

#[test]
fn pages_show_only_images_of_the_site() {
    let site = built(Fixture::small());
    site.write(
        "content/videos/distante.md",
        &common::video(
            "Vignette distante",
            "2026-06-01",
            "https://youtu.be/dQw4w9WgXcQ",
            "[claire]",
            "[lecture]",
            "thumbnail: https://images.example.net/v.jpg\n",
        ),
    );
    let site = built(site);
    for (path, bytes) in tree(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let page = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for element in select(
            &page,
            "img, source, video, audio, iframe, script[src], link[rel=stylesheet], link[rel=icon]",
        ) {
            for attribute in ["src", "srcset", "href"] {
                if let Some(value) = element.value().attr(attribute) {
                    for candidate in value.split(',') {
                        let url = candidate.trim();
                        assert!(
                            url.starts_with('/') && !url.starts_with("//"),
                            "{path}: <{}> loads {url}",
                            element.value().name()
                        );
                    }
                }
            }
        }
    }
    let remote = Html::parse_document(&site.page("/videos/distante/"));
    assert_eq!(
        meta_content(&remote, "property", "og:image").as_deref(),
        Some(&*format!("{BASE}/videos/distante/carte.png"))
    );
    assert_eq!(
        of_type(&json_ld(&remote), "VideoObject")["thumbnailUrl"][1],
        "https://images.example.net/v.jpg",
        "remote thumbnails only in metadata"
    );
}

/// A feed parsed without feed-rs's own sanitiser: what a reader that trusts the feed gets.
fn raw_feed(site: &Fixture, path: &str) -> feed_rs::model::Feed {
    let xml = site.page(path);
    feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build()
        .parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{xml}"))
}

/// What a reader shows of a feed text: HTML parsed (and checked harmless), or the text.
fn shown(value: &feed_rs::model::Text, context: &str) -> String {
    if value.content_type.subty().as_str() != "html" {
        return value.content.clone();
    }
    assert_harmless(&value.content, context);
    let fragment = Html::parse_fragment(&value.content);
    fragment.root_element().text().collect()
}

/// No element that runs or styles anything, no event handler, no `javascript:` address,
/// and every address absolute (a feed reader has no page to resolve it against).
fn assert_harmless(html: &str, context: &str) {
    let fragment = Html::parse_fragment(html);
    let forbidden = select(
        &fragment,
        "script, iframe, style, object, embed, form, img[onerror], base, meta, link",
    );
    assert!(
        forbidden.is_empty(),
        "{context}: {:?} in {html}",
        forbidden.iter().map(|e| e.html()).collect::<Vec<_>>()
    );
    for element in select(&fragment, "*") {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "{context}: handler {name} in {html}"
            );
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(
                !squeezed.contains("javascript:") && !squeezed.starts_with("data:"),
                "{context}: {name}={value} in {html}"
            );
            if name == "href" || name == "src" {
                assert!(
                    value.starts_with("https://") || value.starts_with("mailto:"),
                    "{context}: {name}={value} is not absolute in {html}"
                );
            }
        }
    }
}

/// A catalogue where every text a contributor types is an attack on a feed reader.
fn trap_site() -> Fixture {
    let site = Fixture::small();
    site.write(
        "content/contributors/piege.md",
        &format!("---\nname: '{NAME}'\nrole: '{ROLE}'\nacademie: '{ROLE}'\n---\n{BODY}\n"),
    );
    site.write(
        "content/themes/piege.md",
        &format!("---\ntitle: '{NAME}'\ndescription: '{SUMMARY}'\n---\n{BODY}\n"),
    );
    site.write(
        "content/videos/piege.md",
        &format!(
            "---\ntitle: '{NAME}'\ndate: 2026-10-03\nvideo: https://vimeo.com/42\nduration: \"1:00\"\ncontributors: [piege]\nthemes: [piege]\nsummary: '{SUMMARY}'\n---\n{BODY}\n"
        ),
    );
    site.write(
        "content/events/piege.md",
        &format!(
            "---\ntitle: '{NAME}'\nkind: challenge\nstart: 2026-12-20T09:00:00+01:00\nlocation: '{SUMMARY}'\nregistration: https://inscription.example.org/?a=1&b=<2>\nfacilitators: [piege]\nthemes: [piege]\n---\n{BODY}\n"
        ),
    );
    built(site)
}

const NAME: &str = "Piège <b onmouseover=alert(1)>gras</b> & </title><script>alert(2)</script>";
const SUMMARY: &str = "\"><img src=x onerror=alert(3)> ]]> <style>*{display:none}</style>";
const ROLE: &str = "<iframe src=javascript:alert(4)></iframe>";
const BODY: &str = "Corps <script>alert(5)</script> <img src=\"x\" onerror=\"alert(6)\"> \
<a href=\"javascript:alert(7)\">lien</a> [clic](javascript:alert(8)) \
<iframe src=\"https://evil.example\"></iframe> <style>body{display:none}</style> \
<p onclick=\"alert(9)\" style=\"position:fixed\">para</p> [voisine](/videos/ardoises/) \
[note](#bas) <svg onload=alert(10)></svg> <math><mi xlink:href=\"javascript:alert(11)\">m</mi></math>\n\n\
Fin du corps.";

#[test]
fn every_feed_field_carries_contributor_text_as_text() {
    let site = trap_site();
    let feeds = [
        "/feed.xml",
        "/atom.xml",
        "/themes/piege/feed.xml",
        "/contributeurs/piege/feed.xml",
        "/evenements/feed.xml",
    ];
    for path in feeds {
        let parsed = raw_feed(&site, path);
        for (field, value) in [
            ("title", &parsed.title),
            ("description", &parsed.description),
        ] {
            if let Some(value) = value {
                shown(value, &format!("{path} {field}"));
            }
        }
        let item = parsed
            .entries
            .iter()
            .find(|e| e.id.ends_with("/piege/"))
            .unwrap_or_else(|| panic!("{path}: no item of the trap"));
        for entry in &parsed.entries {
            let context = format!("{path} {}", entry.id);
            for (field, value) in [("title", &entry.title), ("summary", &entry.summary)] {
                if let Some(value) = value {
                    shown(value, &format!("{context} {field}"));
                }
            }
            if let Some(body) = entry.content.as_ref().and_then(|c| c.body.as_deref()) {
                assert_harmless(body, &format!("{context} content"));
            }
        }
        let title = shown(item.title.as_ref().expect("title"), path);
        assert_eq!(title, NAME, "{path}: the title is shown as typed");
        let summary = shown(item.summary.as_ref().expect("summary"), path);
        let content = item
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .expect("content");
        let content_text: String = Html::parse_fragment(content)
            .root_element()
            .text()
            .collect();
        if path.starts_with("/evenements/") {
            assert!(
                summary.contains(SUMMARY),
                "{path}: the place as text: {summary}"
            );
            assert!(content_text.contains(SUMMARY), "{path}: {content_text}");
        } else {
            assert_eq!(summary, SUMMARY, "{path}: the summary is shown as typed");
            assert!(content_text.contains(SUMMARY), "{path}: {content_text}");
        }
        assert!(
            content_text.contains("Fin du corps.") && content_text.contains("para"),
            "{path}: the body is there, sanitised: {content_text}"
        );
        let fragment = Html::parse_fragment(content);
        let hrefs: Vec<&str> = select(&fragment, "a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(
            hrefs.contains(&&*format!("{BASE}/videos/ardoises/")),
            "{path}: site links made absolute: {hrefs:?}"
        );
        assert!(
            hrefs.iter().any(|h| h.ends_with("/piege/#bas")),
            "{path}: anchors point into the item's page: {hrefs:?}"
        );
    }
}

#[test]
fn the_old_cdata_hole_is_closed() {
    let site = trap_site();
    let xml = site.page("/feed.xml");
    assert!(
        !xml.contains("<img src=x onerror"),
        "the summary is escaped before it goes into CDATA"
    );
    let description = select(
        &Html::parse_fragment(
            &raw_feed(&site, "/feed.xml")
                .entries
                .iter()
                .find(|e| e.id.ends_with("/videos/piege/"))
                .and_then(|e| e.summary.clone())
                .expect("description")
                .content,
        ),
        "img",
    )
    .len();
    assert_eq!(description, 0, "no image in the description");
}

#[test]
fn a_calendar_text_cannot_open_a_component() {
    let site = Fixture::small();
    site.write(
        "content/events/injection.md",
        "---\ntitle: \"Titre\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:faux@pirate\\nSUMMARY:Faux; ici, là \\\\ fin\"\nkind: challenge\nstart: 2026-12-20T09:00:00+01:00\nlocation: \"Salle\\r\\nBEGIN:VALARM\\u0007\"\n---\nLigne 1\nEND:VCALENDAR\n",
    );
    let site = built(site);
    for path in [
        "/evenements/calendrier.ics",
        "/evenements/injection/evenement.ics",
    ] {
        let (raw, parsed) = calendar(&site, path);
        let lines: Vec<&str> = raw.split("\r\n").collect();
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.starts_with("BEGIN:VEVENT"))
                .count(),
            parsed.events().count(),
            "{path}"
        );
        assert!(
            !lines
                .iter()
                .any(|l| l.starts_with("UID:faux") || l.starts_with("BEGIN:VALARM")),
            "{path}: {raw}"
        );
        assert_eq!(
            lines.iter().filter(|l| **l == "END:VCALENDAR").count(),
            1,
            "{path}"
        );
        assert!(!raw.contains('\u{7}'), "{path}: control characters dropped");
        let event = parsed
            .events()
            .find(|e| e.get_uid() == Some("injection@test.example.org"))
            .expect("the event, by its own UID");
        assert_eq!(
            event.get_summary(),
            Some("Titre\nEND:VEVENT\nBEGIN:VEVENT\nUID:faux@pirate\nSUMMARY:Faux; ici, là \\ fin"),
            "{path}: the title is text"
        );
        assert_eq!(event.get_location(), Some("Salle\nBEGIN:VALARM"));
        assert!(unfolded(&raw).contains(
            "SUMMARY:Titre\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:faux@pirate\\nSUMMARY:Faux\\; ici\\, là \\\\ fin\r\n"
        ));
    }
    assert_eq!(
        calendar(&site, "/evenements/calendrier.ics")
            .1
            .events()
            .count(),
        3
    );
}

/// The calendar's lines for the event `slug` (unfolded).
fn event_lines(site: &Fixture, slug: &str) -> Vec<String> {
    let (raw, _) = calendar(site, "/evenements/calendrier.ics");
    let text = unfolded(&raw);
    let uid = format!("UID:{slug}@test.example.org");
    text.split("BEGIN:VEVENT\r\n")
        .find(|block| block.contains(&uid))
        .unwrap_or_else(|| panic!("{slug} in {text}"))
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

fn property<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
}

#[test]
fn a_moved_event_is_a_new_version_for_subscribed_calendars() {
    let site = built(Fixture::small());
    let before = event_lines(&site, "focus-fluence");
    assert_eq!(property(&before, "SEQUENCE"), Some("0"), "never updated");
    assert_eq!(property(&before, "LAST-MODIFIED"), None);
    assert_eq!(property(&before, "DTSTAMP"), Some("20261209T160000Z"));

    let focus = "content/events/focus-fluence.md";
    let moved = std::fs::read_to_string(site.root().join(focus))
        .expect("event")
        .replace("2026-12-09T17:00", "2026-12-08T17:00")
        .replace("2026-12-09T18:00", "2026-12-08T18:00")
        .replace("kind: focus\n", "kind: focus\nupdated: 2026-11-20\n");
    site.write(focus, &moved);
    let site = built(site);
    let after = event_lines(&site, "focus-fluence");
    assert_eq!(property(&after, "LAST-MODIFIED"), Some("20261119T230000Z"));
    assert_eq!(property(&after, "DTSTAMP"), Some("20261119T230000Z"));
    let sequence = |lines: &[String]| -> u64 {
        property(lines, "SEQUENCE")
            .expect("SEQUENCE")
            .parse()
            .expect("a number")
    };
    let first = sequence(&after);
    assert!(first > 0, "{after:?}");
    let parsed = calendar(&site, "/evenements/calendrier.ics").1;
    let event = parsed
        .events()
        .find(|e| e.get_uid() == Some("focus-fluence@test.example.org"))
        .expect("focus");
    assert_eq!(event.get_sequence(), Some(first as u32));

    site.write(
        focus,
        &moved.replace("updated: 2026-11-20", "updated: 2026-11-21T08:30:00+01:00"),
    );
    let site = built(site);
    let again = event_lines(&site, "focus-fluence");
    assert_eq!(property(&again, "LAST-MODIFIED"), Some("20261121T073000Z"));
    assert!(sequence(&again) > first, "a later update, a higher version");
    assert_eq!(
        property(&event_lines(&site, "defi-ancien"), "SEQUENCE"),
        Some("0"),
        "the other event is unchanged"
    );
}

#[test]
fn an_unreadable_updated_date_is_reported_at_its_place() {
    let site = Fixture::small();
    let focus = "content/events/focus-fluence.md";
    let text = std::fs::read_to_string(site.root().join(focus))
        .expect("event")
        .replace("kind: focus\n", "kind: focus\nupdated: hier\n");
    site.write(focus, &text);
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stderr(&output);
    assert!(
        report.contains("content/events/focus-fluence.md:4:10"),
        "{report}"
    );
    assert!(report.contains("`hier`"), "{report}");
}

#[test]
fn the_events_page_offers_a_subscription_and_a_download() {
    let site = built(Fixture::small());
    let page = site.page("/evenements/");
    assert!(common::has(
        &page,
        "a[href='webcal://test.example.org/evenements/calendrier.ics']",
        Some("S'abonner au calendrier")
    ));
    assert!(common::has(
        &page,
        "a[href='/evenements/calendrier.ics'][download]",
        None
    ));
}
