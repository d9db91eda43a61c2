//! End to end: the social kit, `/kit-reseaux/`, as whoever runs the community's accounts
//! uses it — each of the newest videos with a 1080×1350 portrait (cropped from its
//! thumbnail, or titled), its card, its address and a ready caption; the page kept out of
//! the menu, the sitemap and search engines; portraits only for the videos it shows, and
//! taken from the picture cache on the next build.

mod common;

use common::{has, stderr, video, Fixture};

/// The small site with the community's Instagram account.
fn site() -> Fixture {
    let site = Fixture::small();
    let yaml = format!(
        "{}social: {{ instagram: \"@classe_test\" }}\n",
        common::SITE_YAML
    );
    site.write("site.yaml", &yaml);
    site
}

fn build(site: &Fixture) -> String {
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

fn caption(html: &str, title: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let videos = scraper::Selector::parse(".kit__video").expect("selector");
    let heading = scraper::Selector::parse(".kit__title").expect("selector");
    let field = scraper::Selector::parse("textarea.kit__caption").expect("selector");
    document
        .select(&videos)
        .find(|v| {
            v.select(&heading)
                .any(|h| h.text().collect::<String>().trim() == title)
        })
        .and_then(|v| v.select(&field).next())
        .map(|t| t.text().collect())
        .unwrap_or_else(|| panic!("no caption for {title}"))
}

#[test]
fn each_video_has_a_portrait_a_card_and_a_ready_caption() {
    let site = site();
    build(&site);
    let html = site.page("/kit-reseaux/");
    assert!(has(&html, "h1", Some("Kit réseaux sociaux")));
    let text = caption(&html, "Calcul mental avec les ardoises");
    assert_eq!(
        text,
        "Calcul mental avec les ardoises\n\nPar Karim Benali et Claire Martin\n\nRésumé de Calcul mental avec les ardoises.\n\n▶ La vidéo en entier : lien en bio (@classe_test)\n\n#CalculMental #CE2"
    );
    assert!(has(&html, "textarea.kit__caption[readonly]", None));
    assert!(has(
        &html,
        "a[href='/videos/fluence/portrait.jpg'][download='fluence-portrait.jpg']",
        None
    ));
    assert!(has(
        &html,
        "a[href='/videos/ardoises/carte.png'][download='ardoises-carte.png']",
        None
    ));
    assert!(html.contains("https://test.example.org/videos/ardoises/"));
    let photo = image::open(site.public().join("videos/fluence/portrait.jpg")).expect("jpeg");
    assert_eq!((photo.width(), photo.height()), (1080, 1350));
    let bytes = std::fs::read(site.public().join("videos/ardoises/portrait.png")).expect("png");
    let titled =
        image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).expect("a PNG");
    assert_eq!((titled.width(), titled.height()), (1080, 1350));
}

#[test]
fn the_kit_is_for_the_team_not_for_visitors_nor_search_engines() {
    let site = site();
    build(&site);
    let html = site.page("/kit-reseaux/");
    assert!(has(&html, "meta[name=robots][content=noindex]", None));
    let home = site.page("/");
    assert!(!home.contains("/kit-reseaux/"), "linked from no page");
    let sitemap = site.page("/sitemap.xml");
    assert!(!sitemap.contains("kit-reseaux"), "{sitemap}");
}

#[test]
fn only_the_newest_videos_get_portraits_and_a_rebuild_takes_them_from_the_cache() {
    let site = site();
    for day in 1..=50 {
        site.write(
            &format!("content/videos/serie-{day:02}.md"),
            &video(
                &format!("Série numéro {day}"),
                &format!("2026-08-{:02}", day.min(28)),
                "https://vimeo.com/1",
                "[karim]",
                "[calcul]",
                "",
            ),
        );
    }
    build(&site);
    let html = site.page("/kit-reseaux/");
    let document = scraper::Html::parse_document(&html);
    let shown = scraper::Selector::parse(".kit__video").expect("selector");
    assert_eq!(document.select(&shown).count(), 50, "the newest 50 of 53");
    assert!(site.public().join("videos/ardoises/portrait.png").is_file());
    assert!(
        !site.public().join("videos/fluence/portrait.jpg").exists(),
        "the oldest video (March) is not in the kit: no portrait"
    );
    assert!(site.public().join("videos/fluence/carte.jpg").is_file());
    let second = build(&site);
    assert!(second.contains("Images : 0 générées"), "{second}");
}
