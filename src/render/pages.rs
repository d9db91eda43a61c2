//! One function per kind of page: picks the slice of the catalogue the page shows, builds its
//! view, and renders its template.

use serde::Serialize;

use super::news::{self, NewsCard};
use super::social::Social;
use super::views::{CardValue, EventCard, Link, Meta, Pager, PersonView, ThumbView};
use super::{contents, indicators, social_kit, training_paths, Assets, Job, Site};
use crate::catalog::video_source::Embed;
use crate::catalog::Catalog;
use crate::dates;
use crate::fields::{iso_duration, spoken_duration};
use crate::paths;
use crate::Error;

/// Shared by every page, set once in the global context as `site`.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'a str,
    pub base_url: &'a str,
    pub home: String,
    /// The lists templates link to from any page.
    pub videos_url: String,
    pub topics_url: String,
    pub levels_url: String,
    pub training_paths_url: String,
    pub events_url: String,
    /// The newest videos, RSS.
    pub feed_url: String,
    pub search_url: String,
    pub search_index: String,
    /// The search engine's browser client, when the engine ships one.
    pub search_client: Option<&'a str>,
    pub indicators_url: String,
    pub menu: Vec<MenuItem>,
    pub footer: Vec<MenuItem>,
    pub assets: &'a std::collections::BTreeMap<String, String>,
    pub newsletter: Option<&'a str>,
    pub social: Vec<MenuItem>,
}

#[derive(Serialize)]
pub struct MenuItem {
    pub url: String,
    pub label: String,
    /// Site path, to mark the current section.
    pub path: String,
}

impl<'a> SiteView<'a> {
    pub fn new(catalog: &'a Catalog, assets: &'a Assets) -> SiteView<'a> {
        let config = &catalog.config;
        let item = |path: &str, label: &str| MenuItem {
            url: config.url(path),
            label: label.to_string(),
            path: path.to_string(),
        };
        let mut menu = vec![
            item(paths::VIDEOS, "Vidéos"),
            item(paths::TOPICS, "Thèmes"),
            item(paths::CONTRIBUTORS, "Contributeurs"),
            item(paths::EVENTS, "Événements"),
            item(paths::NEWS, "Actualités"),
            item(paths::TRAINING_PATHS, "Parcours"),
        ];
        menu.extend(
            catalog
                .pages
                .iter()
                .filter(|p| p.menu.is_some())
                .map(|p| item(&paths::page(&p.slug), &p.title)),
        );
        let mut footer = vec![
            item(paths::INDICATORS, "Indicateurs"),
            item(paths::LEVELS, "Niveaux"),
        ];
        footer.extend(
            catalog
                .pages
                .iter()
                .filter(|p| p.menu.is_none())
                .map(|p| item(&paths::page(&p.slug), &p.title)),
        );
        let social = social_links(&config.social);
        SiteView {
            title: &config.title,
            description: &config.description,
            lang: &config.language,
            base_url: &config.base_url,
            home: config.url(paths::HOME),
            videos_url: config.url(paths::VIDEOS),
            topics_url: config.url(paths::TOPICS),
            levels_url: config.url(paths::LEVELS),
            training_paths_url: config.url(paths::TRAINING_PATHS),
            events_url: config.url(paths::EVENTS),
            feed_url: config.url(paths::SITE_FEED),
            search_url: config.url(paths::SEARCH),
            search_index: config.url(paths::SEARCH_INDEX),
            search_client: assets.search_client(),
            indicators_url: config.url(paths::INDICATORS),
            menu,
            footer,
            assets: &assets.urls,
            newsletter: config.newsletter.signup_url.as_deref(),
            social,
        }
    }
}

fn social_links(social: &crate::config::Social) -> Vec<MenuItem> {
    let accounts = [
        (&social.twitter, "X (Twitter)", "https://x.com/"),
        (&social.instagram, "Instagram", "https://www.instagram.com/"),
        (&social.mastodon, "Mastodon", ""),
        (&social.youtube, "YouTube", "https://www.youtube.com/@"),
        (&social.facebook, "Facebook", "https://www.facebook.com/"),
        (
            &social.linkedin,
            "LinkedIn",
            "https://www.linkedin.com/company/",
        ),
    ];
    accounts
        .into_iter()
        .filter_map(|(handle, label, prefix)| {
            let handle = handle.as_deref()?.trim().trim_start_matches('@');
            let url = if handle.starts_with("https://") {
                handle.to_string()
            } else {
                format!("{prefix}{handle}")
            };
            Some(MenuItem {
                url,
                label: label.to_string(),
                path: String::new(),
            })
        })
        .collect()
}

/// Renders `job`: its output path (relative to the site root) and HTML.
pub fn render(site: &Site, job: Job) -> Result<(String, String), Error> {
    match job {
        Job::Home => home(site),
        Job::VideoList(n) => video_list(site, n),
        Job::Video(i) => video(site, i),
        Job::Topics => topics(site),
        Job::Topic(i, n) => topic(site, i, n),
        Job::Contributors(n) => contributors(site, n),
        Job::Contributor(i, n) => contributor(site, i, n),
        Job::Levels => levels(site),
        Job::Level(i, n) => level(site, i, n),
        Job::Events(n) => events(site, n),
        Job::Event(i) => event(site, i),
        Job::Page(i) => static_page(site, i),
        Job::Search => search(site),
        Job::Indicators => indicators_page(site),
        Job::TrainingPaths => training_paths::index(site),
        Job::TrainingPath(i) => training_paths::path_page(site, i),
        Job::NotFound => not_found(site),
        Job::NewsList(n) => news::news_list(site, n),
        Job::News(i) => news::news_item(site, i),
        Job::SocialKit => social_kit::social_kit(site),
    }
}

pub(super) fn meta(catalog: &Catalog, path: &str, title: String, description: &str) -> Meta {
    let description = if description.is_empty() {
        catalog.config.description.clone()
    } else {
        description.to_string()
    };
    let social = Social::website(catalog);
    Meta {
        title,
        description,
        canonical: catalog.config.absolute(path),
        path: path.to_string(),
        noindex: catalog.preview,
        social,
    }
}

pub(super) fn page<T: Serialize>(
    site: &Site,
    template: &str,
    meta: Meta,
    view: &T,
) -> Result<(String, String), Error> {
    let html = site.render_template(template, &meta, view)?;
    Ok((paths::file_for(&meta.path), html))
}

#[derive(Serialize)]
struct HomeView<'a> {
    latest: Vec<&'a CardValue>,
    upcoming: Vec<EventCard<'a>>,
    news: Vec<&'a NewsCard<'a>>,
    news_url: String,
    groups: Vec<GroupView<'a>>,
    video_count: usize,
    contributor_count: usize,
    /// The headline figures, in one line (see [`indicators::home_line`]).
    figures: Vec<String>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    name: &'a str,
    topics: Vec<TopicLink<'a>>,
}

#[derive(Serialize)]
struct TopicLink<'a> {
    url: String,
    title: &'a str,
    description: &'a str,
    count: usize,
}

fn groups(catalog: &Catalog) -> Vec<GroupView<'_>> {
    catalog
        .groups
        .iter()
        .map(|group| GroupView {
            name: &group.name,
            topics: group
                .topics
                .iter()
                .map(|&t| {
                    let topic = &catalog.topics[t];
                    TopicLink {
                        url: catalog.config.url(&paths::topic(&topic.id)),
                        title: &topic.title,
                        description: &topic.description,
                        count: topic.videos.len(),
                    }
                })
                .collect(),
        })
        .collect()
}

fn home(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let view = HomeView {
        latest: contents::home_videos(catalog)
            .map(|v| site.card(v))
            .collect(),
        upcoming: contents::home_events(catalog)
            .map(|e| EventCard::new(catalog, e))
            .collect(),
        news: news::cards(site, contents::home_news(catalog)),
        news_url: catalog.config.url(paths::NEWS),
        groups: groups(catalog),
        video_count: catalog.videos.len(),
        contributor_count: catalog.contributors.len(),
        figures: indicators::home_line(&site.figures),
    };
    let mut meta = meta(catalog, paths::HOME, catalog.config.title.clone(), "");
    meta.social = Social::home(catalog);
    page(site, "index.html", meta, &view)
}

/// A paginated list of videos, with what is shown above it.
#[derive(Serialize)]
struct ListView<'a> {
    heading: String,
    intro_html: Option<&'a str>,
    cards: Vec<&'a CardValue>,
    pager: Pager,
    count: usize,
    feed_url: Option<String>,
    person: Option<PersonView<'a>>,
    person_links: Vec<Link<'a>>,
    person_bio: Option<&'a str>,
    /// What a contributor's work adds up to (see [`indicators::contribution_line`]).
    contribution: Vec<String>,
    events: Vec<EventCard<'a>>,
    /// The training paths a contributor wrote (their profile's first page).
    training_paths: Vec<Link<'a>>,
}

impl<'a> ListView<'a> {
    fn new(
        site: &'a Site,
        base: &str,
        heading: String,
        videos: &[usize],
        number: usize,
    ) -> ListView<'a> {
        let total = contents::video_pages(site.catalog, videos.len());
        let cards = contents::video_page(site.catalog, videos, number)
            .iter()
            .map(|&v| site.card(v))
            .collect();
        ListView {
            heading,
            intro_html: None,
            cards,
            pager: Pager::new(site.catalog, base, number, total),
            count: videos.len(),
            feed_url: None,
            person: None,
            person_links: Vec::new(),
            person_bio: None,
            contribution: Vec::new(),
            events: Vec::new(),
            training_paths: Vec::new(),
        }
    }
}

pub(super) fn page_title(title: &str, number: usize) -> String {
    if number > 1 {
        format!("{title} — page {number}")
    } else {
        title.to_string()
    }
}

fn video_list(site: &Site, number: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let all: Vec<usize> = (0..catalog.videos.len()).collect();
    let list = ListView::new(
        site,
        paths::VIDEOS,
        "Toutes les vidéos".into(),
        &all,
        number,
    );
    let description = format!(
        "Les {} vidéos de la communauté, des plus récentes aux plus anciennes.",
        catalog.videos.len()
    );
    let meta = meta(
        catalog,
        &paths::list_page(paths::VIDEOS, number),
        page_title("Toutes les vidéos", number),
        &description,
    );
    page(site, "list.html", meta, &list)
}

fn topic(site: &Site, index: usize, number: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let topic = &catalog.topics[index];
    let base = paths::topic(&topic.id);
    let mut list = ListView::new(site, &base, topic.title.clone(), &topic.videos, number);
    list.intro_html = (number == 1).then_some(topic.intro.html.as_str());
    list.feed_url = Some(catalog.config.url(&paths::topic_feed(&topic.id)));
    list.events = contents::topic_events(topic)
        .map(|e| EventCard::new(catalog, &catalog.events[e]))
        .collect();
    let description = if topic.description.is_empty() {
        format!("Les vidéos du thème {}.", topic.title)
    } else {
        topic.description.clone()
    };
    let mut meta = meta(
        catalog,
        &paths::list_page(&base, number),
        page_title(&format!("Thème : {}", topic.title), number),
        &description,
    );
    meta.social = Social::topic(catalog, topic);
    page(site, "list.html", meta, &list)
}

fn contributor(site: &Site, index: usize, number: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let person = &catalog.contributors[index];
    let base = paths::contributor(&person.id);
    let mut list = ListView::new(site, &base, person.name.clone(), &person.videos, number);
    list.person = Some(PersonView::new(catalog, person));
    list.person_links = person
        .links
        .iter()
        .map(|(label, url)| Link {
            url: url.clone(),
            label,
        })
        .collect();
    list.person_bio = (number == 1).then_some(person.bio.html.as_str());
    list.contribution = indicators::contribution_line(catalog, person);
    list.feed_url = Some(catalog.config.url(&paths::contributor_feed(&person.id)));
    list.events = contents::contributor_events(person)
        .map(|e| EventCard::new(catalog, &catalog.events[e]))
        .collect();
    let paths_written = contents::contributor_paths(person, number).iter().copied();
    list.training_paths = training_paths::path_links(catalog, paths_written);
    let description = format!(
        "{}, {} : ses vidéos sur {}.",
        person.name, person.role, catalog.config.title
    );
    let mut meta = meta(
        catalog,
        &paths::list_page(&base, number),
        page_title(&person.name, number),
        &description,
    );
    meta.social = Social::contributor(catalog, person);
    page(site, "list.html", meta, &list)
}

fn level(site: &Site, index: usize, number: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let level = &catalog.levels[index];
    let base = paths::level(&level.slug);
    let heading = format!("Niveau {}", level.name);
    let list = ListView::new(site, &base, heading.clone(), &level.videos, number);
    let description = format!("Les vidéos de classe pour le niveau {}.", level.name);
    let meta = meta(
        catalog,
        &paths::list_page(&base, number),
        page_title(&heading, number),
        &description,
    );
    page(site, "list.html", meta, &list)
}

#[derive(Serialize)]
struct TopicsView<'a> {
    groups: Vec<GroupView<'a>>,
}

fn topics(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let meta = meta(
        catalog,
        paths::TOPICS,
        "Thèmes".into(),
        "Les thèmes pédagogiques des vidéos, par domaine.",
    );
    page(
        site,
        "topics.html",
        meta,
        &TopicsView {
            groups: groups(catalog),
        },
    )
}

#[derive(Serialize)]
struct LevelsView {
    levels: Vec<LevelLink>,
}

#[derive(Serialize)]
struct LevelLink {
    url: String,
    name: String,
    count: usize,
}

fn levels(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let levels = catalog
        .levels
        .iter()
        .map(|l| LevelLink {
            url: catalog.config.url(&paths::level(&l.slug)),
            name: l.name.clone(),
            count: l.videos.len(),
        })
        .collect();
    let meta = meta(
        catalog,
        paths::LEVELS,
        "Niveaux de classe".into(),
        "Les vidéos par niveau de classe, de la petite section au CM2.",
    );
    page(site, "levels.html", meta, &LevelsView { levels })
}

#[derive(Serialize)]
struct PeopleView<'a> {
    people: Vec<PersonView<'a>>,
    pager: Pager,
    count: usize,
}

fn contributors(site: &Site, number: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let people = contents::people_page(catalog, number)
        .iter()
        .map(|p| PersonView::new(catalog, p))
        .collect();
    let view = PeopleView {
        people,
        pager: Pager::new(
            catalog,
            paths::CONTRIBUTORS,
            number,
            contents::people_pages(catalog),
        ),
        count: catalog.contributors.len(),
    };
    let description =
        "Les enseignants, conseillers et formateurs qui partagent leurs pratiques en vidéo.";
    let meta = meta(
        catalog,
        &paths::list_page(paths::CONTRIBUTORS, number),
        page_title("Contributeurs", number),
        description,
    );
    page(site, "contributors.html", meta, &view)
}

#[derive(Serialize)]
struct EventsView<'a> {
    upcoming: Vec<EventCard<'a>>,
    past: Vec<EventCard<'a>>,
    pager: Pager,
    ics_url: String,
    /// The same calendar as a `webcal://` address: a calendar application subscribes to it
    /// (and follows its changes) instead of importing a copy once.
    webcal_url: String,
    feed_url: String,
}

fn events(site: &Site, number: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let (upcoming, past) = contents::events_page(catalog, number);
    let view = EventsView {
        upcoming: upcoming
            .into_iter()
            .map(|e| EventCard::new(catalog, e))
            .collect(),
        past: past
            .into_iter()
            .map(|e| EventCard::new(catalog, e))
            .collect(),
        pager: Pager::new(
            catalog,
            paths::EVENTS,
            number,
            contents::event_pages(catalog),
        ),
        ics_url: catalog.config.url(paths::CALENDAR),
        webcal_url: webcal(&catalog.config.absolute(paths::CALENDAR)),
        feed_url: catalog.config.url(paths::EVENTS_FEED),
    };
    let description =
        "Défis et focus de la communauté : les prochains rendez-vous, puis les événements passés.";
    let meta = meta(
        catalog,
        &paths::list_page(paths::EVENTS, number),
        page_title("Événements", number),
        description,
    );
    page(site, "events.html", meta, &view)
}

/// `https://host/x.ics` → `webcal://host/x.ics` (the scheme calendar applications subscribe
/// with; they fetch it over HTTPS).
fn webcal(absolute: &str) -> String {
    let rest = absolute
        .strip_prefix("https://")
        .or_else(|| absolute.strip_prefix("http://"))
        .unwrap_or(absolute);
    format!("webcal://{rest}")
}

#[derive(Serialize)]
struct EventView<'a> {
    card: EventCard<'a>,
    end_iso: String,
    online_url: Option<&'a str>,
    location: Option<&'a str>,
    registration: Option<&'a str>,
    facilitators: Vec<PersonView<'a>>,
    topics: Vec<Link<'a>>,
    videos: Vec<&'a CardValue>,
    body_html: &'a str,
    ics_url: String,
    news: Vec<&'a NewsCard<'a>>,
}

fn event(site: &Site, index: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let event = &catalog.events[index];
    let path = paths::event(&event.slug);
    let view = EventView {
        card: EventCard::new(catalog, event),
        end_iso: event.end.to_rfc3339(),
        online_url: event.online.as_deref(),
        location: event.location.as_deref(),
        registration: event.registration.as_deref(),
        facilitators: event
            .facilitators
            .iter()
            .map(|&c| PersonView::new(catalog, &catalog.contributors[c]))
            .collect(),
        topics: event
            .topics
            .iter()
            .map(|&t| topic_link(catalog, t))
            .collect(),
        videos: event.videos.iter().map(|&v| site.card(v)).collect(),
        body_html: &event.body.html,
        ics_url: catalog.config.url(&paths::event_calendar(&event.slug)),
        news: news::cards(site, contents::news_naming(&event.news)),
    };
    let description = format!(
        "{} — {}, {}.",
        event.kind.label(),
        dates::span(&event.start, &event.end, catalog.config.timezone),
        view.card.place
    );
    let mut meta = meta(catalog, &path, event.title.clone(), &description);
    meta.social = Social::event(catalog, event);
    page(site, "event.html", meta, &view)
}

fn topic_link(catalog: &Catalog, index: usize) -> Link<'_> {
    let topic = &catalog.topics[index];
    Link {
        url: catalog.config.url(&paths::topic(&topic.id)),
        label: &topic.title,
    }
}

#[derive(Serialize)]
struct VideoView<'a> {
    title: &'a str,
    summary: &'a str,
    date: String,
    date_iso: String,
    duration: &'a str,
    duration_spoken: String,
    duration_iso: String,
    /// « 1 234 vues (au 2 mars 2026) », when `data/vues.yaml` has the video.
    views: Option<String>,
    embed: &'a Embed,
    thumb: &'a ThumbView,
    captions_url: Option<String>,
    contributors: Vec<PersonView<'a>>,
    topics: Vec<Link<'a>>,
    levels: Vec<Link<'a>>,
    body_html: &'a str,
    transcript_html: Option<&'a str>,
    related: Vec<&'a CardValue>,
    events: Vec<EventCard<'a>>,
    news: Vec<&'a NewsCard<'a>>,
    training_paths: Vec<Link<'a>>,
}

fn video(site: &Site, index: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let video = &catalog.videos[index];
    let card = site.card_fields(index);
    let view = VideoView {
        title: &video.title,
        summary: &video.summary,
        date: dates::long_date(&video.date, catalog.config.timezone),
        date_iso: card.date_iso.clone(),
        duration: &video.duration,
        duration_spoken: spoken_duration(video.duration_secs),
        duration_iso: iso_duration(video.duration_secs),
        views: indicators::video_views(catalog, video),
        embed: &video.embed,
        thumb: &card.thumb,
        captions_url: video
            .captions
            .as_ref()
            .map(|f| catalog.config.url(&paths::video_file(&video.slug, f))),
        contributors: video
            .contributors
            .iter()
            .map(|&c| PersonView::new(catalog, &catalog.contributors[c]))
            .collect(),
        topics: video
            .topics
            .iter()
            .map(|&t| topic_link(catalog, t))
            .collect(),
        levels: video
            .levels
            .iter()
            .map(|&l| Link {
                url: catalog.config.url(&paths::level(&catalog.levels[l].slug)),
                label: &catalog.levels[l].name,
            })
            .collect(),
        body_html: &video.body.html,
        transcript_html: video.transcript.as_ref().map(|t| t.html.as_str()),
        related: site
            .related
            .get(index)
            .into_iter()
            .flatten()
            .map(|&i| site.card(i))
            .collect(),
        events: video
            .events
            .iter()
            .map(|&e| EventCard::new(catalog, &catalog.events[e]))
            .collect(),
        news: news::cards(site, contents::news_naming(&video.news)),
        training_paths: training_paths::path_links(catalog, contents::video_paths(video)),
    };
    let mut meta = meta(
        catalog,
        &paths::video(&video.slug),
        video.title.clone(),
        &video.summary,
    );
    meta.social = Social::video(catalog, video);
    page(site, "video.html", meta, &view)
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    body_html: &'a str,
}

fn static_page(site: &Site, index: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let static_page = &catalog.pages[index];
    let text = &static_page.body.text;
    let description: String = text.chars().take(160).collect();
    let meta = meta(
        catalog,
        &paths::page(&static_page.slug),
        static_page.title.clone(),
        &description,
    );
    page(
        site,
        "page.html",
        meta,
        &PageView {
            title: &static_page.title,
            body_html: &static_page.body.html,
        },
    )
}

#[derive(Serialize)]
struct Empty {}

fn search(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let meta = meta(
        catalog,
        paths::SEARCH,
        "Rechercher une vidéo".into(),
        "Rechercher parmi les vidéos de la communauté.",
    );
    page(site, "search.html", meta, &Empty {})
}

fn indicators_page(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let view = indicators::Indicators::new(catalog, &site.figures);
    let meta = meta(
        catalog,
        paths::INDICATORS,
        "Indicateurs de la communauté".into(),
        "Vues, vidéos, résultats d'enquête, objectifs et engagement de la communauté au fil du temps.",
    );
    page(site, "indicators.html", meta, &view)
}

fn not_found(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let mut meta = meta(catalog, paths::NOT_FOUND, "Page introuvable".into(), "");
    meta.noindex = true;
    let html = site.render_template("404.html", &meta, &Empty {})?;
    Ok((paths::file_for(paths::NOT_FOUND), html))
}
