//! End to end: the project's news on a built site — the index (newest first, paginated,
//! future items held back), each item's page (French date, resized image, card for social
//! networks, body, the videos and events it is about), the home page's block, the news
//! listed on the video and event pages they name, the menu, the sitemap, and the news
//! feed as a real feed parser reads it.

mod common;

use common::{has, Fixture};

const BASE: &str = "https://test.example.org";

/// The small site with five news items: four published (one a bundle with a photo, one
/// with hostile text), one dated after the tests' "today".
fn site_with_news() -> Fixture {
    let site = Fixture::small();
    site.write(
        "content/actualites/atelier/index.md",
        "---\ntitle: \"Retour sur l'atelier\"\ndate: 2026-11-02\nsummary: \"Vingt stagiaires ont filmé leur classe.\"\nimage: photo.jpg\nvideos: [ardoises, fluence]\nevents: [defi-ancien]\n---\nUne belle journée. ![La salle](photo.jpg)\n",
    );
    site.write_bytes(
        "content/actualites/atelier/photo.jpg",
        &common::jpeg(1200, 800),
    );
    site.write(
        "content/actualites/annonce.md",
        "---\ntitle: \"Annonce <b>importante</b> & « test »\"\ndate: 2026-10-10\nsummary: \"Un résumé <script>alert(1)</script>.\"\nvideos: [rituel-lecture]\nevents: [focus-fluence]\n---\nLe corps.\n",
    );
    site.write(
        "content/actualites/rentree.md",
        "---\ntitle: \"C'est la rentrée\"\ndate: 2026-09-01\nsummary: \"Bonne rentrée à toutes et à tous.\"\n---\nBonne rentrée.\n",
    );
    site.write(
        "content/actualites/ete.md",
        "---\ntitle: \"Bel été\"\ndate: 2026-07-04\nsummary: \"Le site fait une pause.\"\n---\nÀ bientôt.\n",
    );
    site.write(
        "content/actualites/bientot.md",
        "---\ntitle: \"Une annonce à venir\"\ndate: 2026-12-01\nsummary: \"Pas encore publiée.\"\n---\nPlus tard.\n",
    );
    let output = site.build();
    assert!(output.status.success(), "{}", common::stderr(&output));
    site
}

fn titles(html: &str, selector: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    document
        .select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attribute(html: &str, selector: &str, name: &str) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    let found = document.select(&selector).next()?;
    found.value().attr(name).map(str::to_string)
}

#[test]
fn the_index_lists_published_news_newest_first_a_page_at_a_time() {
    let site = site_with_news();
    let first = site.page("/actualites/");
    assert_eq!(
        titles(&first, ".news-card__title"),
        [
            "Retour sur l'atelier",
            "Annonce <b>importante</b> & « test »"
        ],
        "per_page is 2"
    );
    assert!(has(&first, "h1", Some("Actualités")));
    assert!(has(&first, "a[href='/actualites/page/2/']", None));
    assert!(
        has(
            &first,
            "link[rel=alternate][href='/actualites/feed.xml']",
            None
        ),
        "the feed is announced"
    );
    let second = site.page("/actualites/page/2/");
    assert_eq!(
        titles(&second, ".news-card__title"),
        ["C'est la rentrée", "Bel été"]
    );
    assert!(!site.public().join("actualites/page/3").exists());
    assert!(
        !site.public().join("actualites/bientot").exists(),
        "a future item waits for its day"
    );
}

#[test]
fn an_item_page_shows_its_date_picture_body_videos_and_events() {
    let site = site_with_news();
    let html = site.page("/actualites/atelier/");
    assert!(has(&html, "h1", Some("Retour sur l'atelier")));
    assert!(has(
        &html,
        "time[datetime='2026-11-02']",
        Some("2 novembre 2026")
    ));
    let srcset = attribute(&html, ".news-page__picture source", "srcset").expect("srcset");
    assert!(
        srcset.contains("/actualites/atelier/photo-480.webp 480w"),
        "{srcset}"
    );
    for file in ["photo.jpg", "photo-480.webp", "photo-960.webp", "carte.jpg"] {
        assert!(
            site.public()
                .join("actualites/atelier")
                .join(file)
                .is_file(),
            "{file} is published"
        );
    }
    let card = image::open(site.public().join("actualites/atelier/carte.jpg")).expect("card");
    assert_eq!((card.width(), card.height()), (1200, 630));
    assert_eq!(
        attribute(&html, "meta[property='og:image']", "content").as_deref(),
        Some(&*format!("{BASE}/actualites/atelier/carte.jpg"))
    );
    assert!(
        has(&html, ".prose img[src='photo.jpg']", None),
        "the body's picture is the bundle's file beside the page"
    );
    assert!(has(&html, ".card a[href='/videos/ardoises/']", None));
    assert!(has(&html, ".card a[href='/videos/fluence/']", None));
    assert!(has(
        &html,
        ".event-card a[href='/evenements/defi-ancien/']",
        Some("Défi d'automne")
    ));
}

#[test]
fn an_item_without_image_gets_a_titled_card_and_hostile_text_stays_text() {
    let site = site_with_news();
    let html = site.page("/actualites/annonce/");
    assert!(has(
        &html,
        "h1",
        Some("Annonce <b>importante</b> & « test »")
    ));
    assert!(!has(&html, "h1 b", None), "the title's markup is text");
    assert!(!has(&html, "main script", None));
    assert!(!has(&html, ".news-page__picture", None));
    let card = format!("{BASE}/actualites/annonce/carte.png");
    assert_eq!(
        attribute(&html, "meta[property='og:image']", "content"),
        Some(card)
    );
    let card = image::open(site.public().join("actualites/annonce/carte.png")).expect("card");
    assert_eq!((card.width(), card.height()), (1200, 630));
}

#[test]
fn the_home_page_shows_the_three_newest_and_the_menu_leads_to_them() {
    let site = site_with_news();
    let home = site.page("/");
    assert!(has(&home, "h2#news-title", Some("Actualités")));
    assert_eq!(
        titles(&home, ".news-card__title"),
        [
            "Retour sur l'atelier",
            "Annonce <b>importante</b> & « test »",
            "C'est la rentrée"
        ]
    );
    assert!(has(
        &home,
        "a[href='/actualites/']",
        Some("Toutes les actualités")
    ));
    assert!(has(
        &home,
        ".site-nav a[href='/actualites/']",
        Some("Actualités")
    ));
}

#[test]
fn video_and_event_pages_list_the_news_that_name_them() {
    let site = site_with_news();
    let ardoises = site.page("/videos/ardoises/");
    assert_eq!(
        titles(&ardoises, "#news-title ~ .news-list .news-card__title"),
        ["Retour sur l'atelier"]
    );
    let rituel = site.page("/videos/rituel-lecture/");
    assert!(has(
        &rituel,
        ".news-card a[href='/actualites/annonce/']",
        None
    ));
    let event = site.page("/evenements/defi-ancien/");
    assert!(has(&event, "h2#news-title", Some("Dans les actualités")));
    assert!(has(
        &event,
        ".news-card a[href='/actualites/atelier/']",
        None
    ));
    let focus = site.page("/evenements/focus-fluence/");
    assert!(has(
        &focus,
        ".news-card a[href='/actualites/annonce/']",
        None
    ));
}

#[test]
fn the_sitemap_lists_the_news_with_their_dates() {
    let site = site_with_news();
    let sitemap = site.page("/sitemap.xml");
    assert!(
        sitemap.contains(&format!(
            "<url><loc>{BASE}/actualites/atelier/</loc><lastmod>2026-11-02</lastmod></url>"
        )),
        "{sitemap}"
    );
    assert!(sitemap.contains(&format!("<loc>{BASE}/actualites/page/2/</loc>")));
}

#[test]
fn the_news_feed_reads_as_rss_with_content_dates_and_permalinks() {
    let site = site_with_news();
    let xml = std::fs::read(site.public().join("actualites/feed.xml")).expect("feed");
    let feed = feed_rs::parser::parse(xml.as_slice()).expect("parse");
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            format!("{BASE}/actualites/atelier/"),
            format!("{BASE}/actualites/annonce/"),
            format!("{BASE}/actualites/rentree/"),
            format!("{BASE}/actualites/ete/"),
        ]
    );
    let atelier = &feed.entries[0];
    assert_eq!(
        atelier.published.map(|d| d.to_rfc3339()),
        Some("2026-11-01T23:00:00+00:00".to_string()),
        "midnight of the front-matter date in Paris"
    );
    let content = atelier
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("content");
    assert!(
        content.contains(&format!("{BASE}/actualites/atelier/photo.jpg")),
        "the body's picture made absolute: {content}"
    );
    assert!(content.contains(&format!("href=\"{BASE}/videos/ardoises/\"")));
    let hostile = &feed.entries[1];
    assert_eq!(
        hostile.title.as_ref().map(|t| t.content.as_str()),
        Some("Annonce <b>importante</b> & « test »")
    );
    let body = hostile
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .unwrap();
    assert!(!body.contains("<script"), "{body}");
}
