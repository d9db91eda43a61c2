//! End to end: the pages of training paths on the test catalogue (`tests/fixtures/catalogue`,
//! two paths): `/parcours/` lists them, each path's page shows its steps in order as
//! anchored sections with the click-to-load player, the prompt and a QR code that decodes
//! (rasterised by resvg, read by rqrr) to its video's address; the feed, the video pages,
//! the profiles, the sitemap and the menu follow.

mod common;

use std::process::Command;

use common::{stderr, Fixture, NOW};
use scraper::{ElementRef, Html, Selector};

const CALCUL: &str = "/parcours/le-calcul-mental-au-quotidien/";
const LECTURE: &str = "/parcours/un-rituel-de-lecture/";
const ORIGIN: &str = "https://devoirsfaits.example.org";

/// The steps of the calcul path, in the order of its file.
const CALCUL_VIDEOS: [&str; 7] = [
    "calcul-mental-avec-les-ardoises",
    "le-nombre-du-jour",
    "les-ceintures-de-calcul-mental",
    "le-probleme-du-jour",
    "la-boite-a-mots-de-la-grande-section",
    "fluence-a-deux",
    "piege-a-balises",
];

fn built_catalogue() -> Fixture {
    let site = Fixture::copy_of("catalogue");
    let output = site.build();
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    site
}

fn select<'a>(document: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    document
        .select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn inside<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element
        .select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn text(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn attr<'a>(element: ElementRef<'a>, name: &str) -> &'a str {
    element.value().attr(name).unwrap_or_default()
}

/// The text a QR code of the page holds: its SVG rasterised as a browser would print it,
/// then read by a QR decoder.
fn decode_qr(svg: &str) -> String {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .unwrap_or_else(|e| panic!("the QR code is not valid SVG ({e}): {svg}"));
    let scale = 8.0;
    let size = tree.size();
    let (width, height) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).expect("pixmap");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let gray = image::GrayImage::from_fn(width, height, |x, y| {
        let pixel = pixmap.pixel(x, y).expect("pixel");
        image::Luma([pixel.red()])
    });
    let mut prepared = rqrr::PreparedImage::prepare(gray);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {svg}");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

#[test]
fn a_path_page_shows_its_steps_in_order_as_anchored_sections() {
    let site = built_catalogue();
    let page = Html::parse_document(&site.page(CALCUL));
    assert_eq!(
        text(select(&page, "h1")[0]),
        "Le calcul mental au quotidien : sept rituels à essayer"
    );
    let authors: Vec<&str> = select(&page, ".path-facts .person a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        authors,
        [
            "/contributeurs/karim-benali/",
            "/contributeurs/sophie-lemaire/"
        ]
    );
    let facts: Vec<(String, String)> = select(&page, ".path-facts dt")
        .into_iter()
        .zip(select(&page, ".path-facts dd"))
        .skip(1)
        .map(|(term, value)| (text(term), text(value)))
        .collect();
    let fact = |term: &str, value: &str| (term.to_string(), value.to_string());
    assert_eq!(
        facts,
        [
            fact("Public", "CP, CE1, CE2, CM1, CM2 (cycles 2 et 3)"),
            fact("Durée de la séance", "1 h 30"),
            fact("Vidéos", "7"),
        ]
    );
    let intro = select(&page, ".path-intro strong");
    assert_eq!(text(intro[0]), "calcul mental");

    let steps = select(&page, "li.step");
    assert_eq!(steps.len(), CALCUL_VIDEOS.len());
    for (index, (step, slug)) in steps.iter().zip(CALCUL_VIDEOS).enumerate() {
        let number = index + 1;
        assert_eq!(attr(*step, "id"), format!("etape-{number}"));
        let title = inside(*step, ".step__title")[0];
        assert!(text(title).starts_with(&format!("Étape {number} sur 7")));
        let link = inside(title, "a")[0];
        assert_eq!(attr(link, "href"), format!("/videos/{slug}/"));
        // The player is the site's picture and a link to the host: no iframe before a click.
        let player = inside(*step, ".player[data-player]");
        assert_eq!(player.len(), 1, "step {number} has one player");
        assert!(inside(*step, "iframe, video").is_empty());
        for image in inside(*step, "img") {
            assert!(attr(image, "src").starts_with('/'), "a picture of the site");
        }
        assert!(!text(inside(*step, ".step__prompt .prose")[0]).is_empty());
        let previous: Vec<&str> = inside(*step, "a[rel=prev]")
            .into_iter()
            .map(|a| attr(a, "href"))
            .collect();
        let next: Vec<&str> = inside(*step, "a[rel=next]")
            .into_iter()
            .map(|a| attr(a, "href"))
            .collect();
        let expected_previous = (number > 1).then(|| format!("#etape-{}", number - 1));
        let expected_next = (number < 7).then(|| format!("#etape-{}", number + 1));
        assert_eq!(previous, expected_previous.as_slice(), "step {number}");
        assert_eq!(next, expected_next.as_slice(), "step {number}");
    }
    // A prompt is Markdown made safe: its markup is text or gone, never an element.
    let hostile = inside(steps[6], ".step__prompt")[0];
    assert!(inside(hostile, "script").is_empty());
    assert_eq!(text(inside(hostile, "strong")[0]), "entre guillemets");
    // The session mode's button waits for its script; the script is the theme's own.
    assert!(attr(select(&page, "[data-session-bar]")[0], "hidden").is_empty());
    assert!(select(&page, "[data-session-bar][hidden]").len() == 1);
    let scripts: Vec<&str> = select(&page, "script[src]")
        .into_iter()
        .map(|s| attr(s, "src"))
        .collect();
    assert!(
        scripts.iter().all(|s| s.starts_with("/assets/")),
        "{scripts:?}"
    );
    assert!(scripts.iter().any(|s| s.starts_with("/assets/seance.")));
}

#[test]
fn each_step_has_a_qr_code_in_black_and_white_that_opens_its_video() {
    let site = built_catalogue();
    let page = Html::parse_document(&site.page(CALCUL));
    let steps = select(&page, "li.step");
    for (step, slug) in steps.into_iter().zip(CALCUL_VIDEOS) {
        let address = format!("{ORIGIN}/videos/{slug}/");
        let svg = inside(step, ".step__qr svg")[0];
        assert_eq!(attr(svg, "role"), "img");
        assert!(attr(svg, "aria-label").ends_with(&address));
        let colours: Vec<&str> = inside(svg, "[fill]")
            .into_iter()
            .map(|e| attr(e, "fill"))
            .collect();
        assert_eq!(colours, ["#fff", "#000"], "black on white");
        assert_eq!(text(inside(step, ".step__address")[0]), address);
        assert_eq!(decode_qr(&svg.html()), address, "step {slug}");
    }
}

#[test]
fn the_index_lists_every_path_with_its_audience_and_feed() {
    let site = built_catalogue();
    let page = Html::parse_document(&site.page("/parcours/"));
    let cards = select(&page, ".path-card");
    let titles: Vec<String> = cards
        .iter()
        .map(|c| text(inside(*c, ".path-card__title a")[0]))
        .collect();
    assert_eq!(
        titles,
        [
            "Le calcul mental au quotidien : sept rituels à essayer",
            "Un rituel de lecture"
        ]
    );
    let links: Vec<&str> = cards
        .iter()
        .map(|c| attr(inside(*c, ".path-card__title a")[0], "href"))
        .collect();
    assert_eq!(links, [CALCUL, LECTURE]);
    assert_eq!(
        text(inside(cards[0], ".path-card__facts")[0]),
        "CP, CE1, CE2, CM1, CM2 (cycles 2 et 3) · 1 h 30 · 7 vidéos"
    );
    assert_eq!(
        text(inside(cards[1], ".path-card__facts")[0]),
        "CP (cycle 2) · 45 min · 2 vidéos"
    );
    assert!(text(inside(cards[0], ".path-card__summary")[0]).starts_with("Ce parcours sert"));
    assert_eq!(
        attr(
            select(&page, "link[rel=alternate][href=\"/parcours/feed.xml\"]")[0],
            "type"
        ),
        "application/rss+xml"
    );
    let menu: Vec<String> = select(&page, ".site-nav a").into_iter().map(text).collect();
    assert!(menu.contains(&"Parcours".to_string()), "{menu:?}");
    let current = select(&page, ".site-nav a[aria-current=page]");
    assert_eq!(text(current[0]), "Parcours");
}

#[test]
fn the_feed_has_one_item_per_path_dated_by_the_content() {
    let site = built_catalogue();
    let xml = site.page("/parcours/feed.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("the feed parses");
    let items: Vec<(String, String, String)> = feed
        .entries
        .iter()
        .map(|e| {
            let title = e.title.as_ref().map(|t| t.content.clone());
            let date = e.published.map(|d| d.to_rfc3339());
            (
                e.id.clone(),
                title.unwrap_or_default(),
                date.unwrap_or_default(),
            )
        })
        .collect();
    // The lecture path says its date; the calcul path has none and takes its newest
    // video's (les-ceintures-de-calcul-mental, 2025-01-30, midnight in Paris).
    assert_eq!(
        items,
        [
            (
                format!("{ORIGIN}{LECTURE}"),
                "Un rituel de lecture".to_string(),
                "2025-08-31T22:00:00+00:00".to_string()
            ),
            (
                format!("{ORIGIN}{CALCUL}"),
                "Le calcul mental au quotidien : sept rituels à essayer".to_string(),
                "2025-01-29T23:00:00+00:00".to_string()
            ),
        ]
    );
    let calcul = &feed.entries[1];
    let html = calcul
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .unwrap_or_default();
    let content = Html::parse_fragment(&html);
    let steps: Vec<&str> = select(&content, "ol > li > p > a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    let expected: Vec<String> = CALCUL_VIDEOS
        .iter()
        .map(|slug| format!("{ORIGIN}/videos/{slug}/"))
        .collect();
    assert_eq!(steps, expected);
    assert!(select(&content, "script").is_empty(), "{html}");
    assert!(!xml.contains("<script"), "escaped everywhere");
}

#[test]
fn the_feed_does_not_follow_the_build_clock() {
    let site = built_catalogue();
    let first = site.page("/parcours/feed.xml");
    let later = site.root().join("later");
    let output = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["build", "--output"])
        .arg(&later)
        .arg("--root")
        .arg(site.root())
        .env(
            "SOURCE_DATE_EPOCH",
            (NOW.parse::<u64>().unwrap() + 86_400 * 40).to_string(),
        )
        .output()
        .expect("run capsule");
    assert!(output.status.success(), "{}", stderr(&output));
    let second = std::fs::read_to_string(later.join("parcours/feed.xml")).expect("feed");
    assert_eq!(first, second);
}

#[test]
fn videos_profiles_and_the_sitemap_link_to_the_paths() {
    let site = built_catalogue();
    let video = Html::parse_document(&site.page("/videos/fluence-a-deux/"));
    let used_in: Vec<&str> = select(&video, ".path-links a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(used_in, [CALCUL, LECTURE]);
    assert_eq!(
        text(select(&video, "#paths-title")[0]),
        "Utilisée dans les parcours"
    );
    let unused = Html::parse_document(&site.page("/videos/la-dictee-negociee/"));
    assert!(select(&unused, ".path-links").is_empty());

    let profile = Html::parse_document(&site.page("/contributeurs/claire-martin/"));
    let written: Vec<&str> = select(&profile, ".path-links a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(written, [LECTURE]);

    let sitemap = site.page("/sitemap.xml");
    for path in ["/parcours/", CALCUL, LECTURE] {
        assert!(
            sitemap.contains(&format!("<loc>{ORIGIN}{path}</loc>")),
            "{path} in the sitemap"
        );
    }
}
