//! The URL map: the one place where every address of the site is made (pages, feeds,
//! calendars, cards, pictures, bundle files, aliases, the search export, the files for
//! crawlers and hosts), and the output file each address is written to. Every other module
//! asks here; `docs/urls.md` is the same map in words.
//!
//! Addresses are site paths (`/videos/x/`): `Config::url` adds the base path for links
//! inside pages, `Config::absolute` the origin for what other sites read. This module takes
//! slugs and ids as text and depends on no other module of the crate, so every stage, from
//! `load` to `output`, may use it.

/// The file a page's folder holds: the address `/videos/x/` is `videos/x/index.html`.
pub const PAGE_FILE: &str = "index.html";

pub const HOME: &str = "/";
pub const VIDEOS: &str = "/videos/";
pub const TOPICS: &str = "/themes/";
pub const CONTRIBUTORS: &str = "/contributeurs/";
pub const LEVELS: &str = "/niveaux/";
pub const EVENTS: &str = "/evenements/";
pub const SEARCH: &str = "/recherche/";
pub const INDICATORS: &str = "/indicateurs/";
/// The indicators as open data: a spreadsheet's CSV and a program's JSON.
pub const INDICATORS_CSV: &str = "/indicateurs/indicateurs.csv";
pub const INDICATORS_JSON: &str = "/indicateurs/indicateurs.json";
pub const TRAINING_PATHS: &str = "/parcours/";
pub const NEWS: &str = "/actualites/";
/// The newsletter digest's folder (its feed is all it holds).
pub const NEWSLETTER: &str = "/lettre/";
/// The page for whoever runs the community's social accounts: portrait images and captions
/// of the newest videos (not in the menu, not in the sitemap).
pub const SOCIAL_KIT: &str = "/kit-reseaux/";
/// The page hosts serve for an unknown address.
pub const NOT_FOUND: &str = "/404.html";

/// The newest videos, RSS 2.0 and Atom.
pub const SITE_FEED: &str = "/feed.xml";
pub const SITE_ATOM: &str = "/atom.xml";
pub const EVENTS_FEED: &str = "/evenements/feed.xml";
/// The project's news, RSS 2.0.
pub const NEWS_FEED: &str = "/actualites/feed.xml";
/// The newsletter digest, RSS 2.0 for RSS-to-email tools: one item per period.
pub const NEWSLETTER_FEED: &str = "/lettre/feed.xml";
/// Every published training path, RSS 2.0.
pub const TRAINING_PATHS_FEED: &str = "/parcours/feed.xml";
/// Every event, iCalendar.
pub const CALENDAR: &str = "/evenements/calendrier.ics";

/// The site's own card, for pages without one of their own and for feed channels.
pub const SITE_CARD: &str = "/carte.png";

pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
/// Netlify redirect rules: one per alias.
pub const REDIRECTS: &str = "/_redirects";
/// Netlify headers, written only for a preview.
pub const HEADERS: &str = "/_headers";

/// The folder of the precomputed search index the browser fetches.
pub const SEARCH_INDEX: &str = "/search/";
/// The folder of the theme's hashed static files.
pub const ASSETS: &str = "/assets/";

/// Folders the build fills itself: no alias may lead into them.
pub const GENERATED_FOLDERS: [&str; 13] = [
    TOPICS,
    TRAINING_PATHS,
    NEWS,
    NEWSLETTER,
    SOCIAL_KIT,
    CONTRIBUTORS,
    LEVELS,
    EVENTS,
    SEARCH,
    INDICATORS,
    SEARCH_INDEX,
    ASSETS,
    "/videos/page/",
];

/// Slugs a static page may not take: the site's own sections and files.
pub const RESERVED_SLUGS: [&str; 17] = [
    "videos",
    "parcours",
    "actualites",
    "lettre",
    "kit-reseaux",
    "themes",
    "contributeurs",
    "niveaux",
    "evenements",
    "recherche",
    "indicateurs",
    "search",
    "assets",
    "feed",
    "atom",
    "sitemap",
    "404",
];

/// The file type of a card: a photo card is a JPEG, a titled card a PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardFormat {
    Jpeg,
    Png,
}

impl CardFormat {
    fn extension(self) -> &'static str {
        match self {
            CardFormat::Jpeg => "jpg",
            CardFormat::Png => "png",
        }
    }
}

/// The output file of an address, relative to the output folder: a page's folder holds
/// `index.html` (`/videos/x/` → `videos/x/index.html`), any other file is as named
/// (`/feed.xml` → `feed.xml`).
pub fn file_for(address: &str) -> String {
    let relative = address.trim_start_matches('/');
    match address.ends_with('/') {
        true => format!("{relative}{PAGE_FILE}"),
        false => relative.to_string(),
    }
}

/// The address of the page written to `file` (`videos/x/index.html` → `/videos/x/`).
pub fn page_of_file(file: &str) -> String {
    format!("/{}", file.trim_end_matches(PAGE_FILE))
}

/// Page `number` (1-based) of the list at `list`: page 1 is the list itself,
/// page N is `<list>page/N/`.
pub fn list_page(list: &str, number: usize) -> String {
    if number <= 1 {
        list.to_string()
    } else {
        format!("{list}page/{number}/")
    }
}

pub fn video(slug: &str) -> String {
    format!("{VIDEOS}{slug}/")
}

/// A file of a video's bundle, as named (thumbnail, captions, …): `/videos/<slug>/<file>`.
pub fn video_file(slug: &str, file: &str) -> String {
    format!("{}{file}", video(slug))
}

/// A video's card: a JPEG made from its bundle thumbnail, or a titled PNG.
pub fn video_card(slug: &str, format: CardFormat) -> String {
    video_file(slug, &format!("carte.{}", format.extension()))
}

/// A resized WebP copy of a picture, from its address without extension:
/// `/videos/x/vignette` → `/videos/x/vignette-480.webp`.
pub fn resized_webp(stem: &str, width: u32) -> String {
    format!("{stem}-{width}.webp")
}

/// A video's portrait picture for Instagram (1080×1350): a JPEG made from its bundle
/// thumbnail, or a titled PNG.
pub fn video_portrait(slug: &str, format: CardFormat) -> String {
    video_file(slug, &format!("portrait.{}", format.extension()))
}

/// A news item's page.
pub fn news_item(slug: &str) -> String {
    format!("{NEWS}{slug}/")
}

/// A file of a news item's bundle, as named (its image): `/actualites/<slug>/<file>`.
pub fn news_file(slug: &str, file: &str) -> String {
    format!("{}{file}", news_item(slug))
}

/// A news item's card: a JPEG made from its image, or a titled PNG.
pub fn news_card(slug: &str, format: CardFormat) -> String {
    news_file(slug, &format!("carte.{}", format.extension()))
}

/// One issue of the newsletter digest, by its period (`2026-09`, `2026-W38`): the item's
/// identity in the digest feed (an anchor of the digest's folder, never a page of its own).
pub fn newsletter_issue(period: &str) -> String {
    format!("{NEWSLETTER}#{period}")
}

pub fn topic(id: &str) -> String {
    format!("{TOPICS}{id}/")
}

pub fn topic_feed(id: &str) -> String {
    format!("{}feed.xml", topic(id))
}

pub fn contributor(id: &str) -> String {
    format!("{CONTRIBUTORS}{id}/")
}

pub fn contributor_feed(id: &str) -> String {
    format!("{}feed.xml", contributor(id))
}

/// A contributor's local avatar, as named: `/contributeurs/<id>/<file>`.
pub fn avatar(id: &str, file: &str) -> String {
    format!("{}{file}", contributor(id))
}

/// A class level's page, by its slug (the level's name in lower case).
pub fn level(slug: &str) -> String {
    format!("{LEVELS}{slug}/")
}

pub fn event(slug: &str) -> String {
    format!("{EVENTS}{slug}/")
}

/// One event as iCalendar.
pub fn event_calendar(slug: &str) -> String {
    format!("{}evenement.ics", event(slug))
}

/// An event's card (always titled).
pub fn event_card(slug: &str) -> String {
    format!("{}carte.{}", event(slug), CardFormat::Png.extension())
}

/// A training path's page: its introduction, its steps, session mode and handout.
pub fn training_path(slug: &str) -> String {
    format!("{TRAINING_PATHS}{slug}/")
}

/// The anchor of step `number` (1-based) on a training path's page: `etape-2`.
pub fn step_anchor(number: usize) -> String {
    format!("etape-{number}")
}

/// Step `number` (1-based) of a training path: `/parcours/<slug>/#etape-2`.
pub fn training_path_step(slug: &str, number: usize) -> String {
    format!("{}#{}", training_path(slug), step_anchor(number))
}

/// A static page: `/<slug>/`.
pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

/// Part `number` (1-based) of a sitemap split past the protocol's limit.
pub fn sitemap_part(number: usize) -> String {
    format!("/sitemap-{number}.xml")
}

/// A file of the search export, by its name inside the index (`meta.json`, `docs/3.json`).
pub fn search_file(name: &str) -> String {
    format!("{SEARCH_INDEX}{name}")
}

/// A static file of the theme, named after the hash of its bytes:
/// `/assets/style.1a2b3c4d5e.css`.
pub fn asset(stem: &str, hash: &str, extension: &str) -> String {
    format!("{ASSETS}{stem}.{hash}.{extension}")
}

/// One of the search engine's browser modules, in a folder named after the hash of them
/// all (they import each other by relative name): `/assets/search-1a2b3c4d5e/search.js`.
pub fn search_client_file(hash: &str, name: &str) -> String {
    format!("{ASSETS}search-{hash}/{name}")
}

/// An alias as the page it takes: a folder (`/old` → `/old/`) unless its last part names a
/// file (`/old.html`).
pub fn alias_page(alias: &str) -> String {
    let names_a_file = alias
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    match alias.ends_with('/') || names_a_file {
        true => alias.to_string(),
        false => format!("{alias}/"),
    }
}

/// The file of an alias's redirect page: `/video/x/` → `video/x/index.html`;
/// `/old.html` → `old.html`.
pub fn alias_file(alias: &str) -> String {
    let trimmed = alias.trim_start_matches('/');
    if trimmed.ends_with(".html") {
        trimmed.to_string()
    } else {
        format!("{}/{PAGE_FILE}", trimmed.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_folders_with_an_index() {
        assert_eq!(file_for(HOME), "index.html");
        assert_eq!(file_for(&video("x")), "videos/x/index.html");
        assert_eq!(file_for(NOT_FOUND), "404.html");
        assert_eq!(file_for(&topic_feed("lecture")), "themes/lecture/feed.xml");
        assert_eq!(file_for(INDICATORS_CSV), "indicateurs/indicateurs.csv");
        assert_eq!(page_of_file("videos/x/index.html"), "/videos/x/");
        assert_eq!(page_of_file("index.html"), "/");
    }

    #[test]
    fn list_pages() {
        assert_eq!(list_page(VIDEOS, 1), "/videos/");
        assert_eq!(list_page(VIDEOS, 3), "/videos/page/3/");
        assert_eq!(list_page(&level("ce1"), 2), "/niveaux/ce1/page/2/");
    }

    #[test]
    fn pictures() {
        assert_eq!(
            video_card("x", CardFormat::Jpeg),
            "/videos/x/carte.jpg".to_string()
        );
        assert_eq!(event_card("defi"), "/evenements/defi/carte.png");
        assert_eq!(
            resized_webp(&video_file("x", "vignette"), 480),
            "/videos/x/vignette-480.webp"
        );
        assert_eq!(avatar("claire", "a.jpg"), "/contributeurs/claire/a.jpg");
        assert_eq!(
            video_portrait("x", CardFormat::Png),
            "/videos/x/portrait.png"
        );
        assert_eq!(
            news_card("atelier", CardFormat::Jpeg),
            "/actualites/atelier/carte.jpg"
        );
    }

    #[test]
    fn news_and_newsletter() {
        assert_eq!(news_item("bilan"), "/actualites/bilan/");
        assert_eq!(list_page(NEWS, 2), "/actualites/page/2/");
        assert_eq!(file_for(NEWS_FEED), "actualites/feed.xml");
        assert_eq!(file_for(NEWSLETTER_FEED), "lettre/feed.xml");
        assert_eq!(newsletter_issue("2026-09"), "/lettre/#2026-09");
    }

    #[test]
    fn alias_files() {
        assert_eq!(alias_file("/video/ancien/"), "video/ancien/index.html");
        assert_eq!(alias_file("/video/ancien"), "video/ancien/index.html");
        assert_eq!(alias_file("/old.html"), "old.html");
        assert_eq!(alias_page("/video/ancien"), "/video/ancien/");
        assert_eq!(alias_page("/old.html"), "/old.html");
    }

    #[test]
    fn training_paths() {
        assert_eq!(training_path("fluence"), "/parcours/fluence/");
        assert_eq!(
            training_path_step("fluence", 2),
            "/parcours/fluence/#etape-2"
        );
        assert_eq!(file_for(TRAINING_PATHS_FEED), "parcours/feed.xml");
    }
}
