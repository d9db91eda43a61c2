//! The newsletter digest, `/lettre/feed.xml`: RSS 2.0 made for RSS-to-email tools (Mailchimp's
//! RSS campaigns, Brevo's), one item per period (`newsletter.period` in `site.yaml`: an ISO
//! week, Monday to Sunday, or a calendar month, in the site's time zone), each item one
//! issue's worth: the videos published in the period, the news of the period, and the
//! events starting in the period after it (« les prochains rendez-vous »: each event is
//! announced once, in the issue just before it starts).
//!
//! A period is published once it has ended by the build clock: a tool sends each new item
//! once, so an item must not be published while it can still grow. The build clock is the
//! same schedule that publishes future-dated videos on their day; a nightly rebuild publishes
//! each issue the night its period ends. Everything else is dated by the content: the item's
//! `pubDate` is the end of its period, its `guid` the period's id (`2026-09`, `2026-W38`),
//! so a rebuild never sends an issue twice.
//!
//! The item's HTML is for e-mail clients: simple elements, no table, no script, no style
//! element, text escaped, every link and image absolute; each video's 1200×630 card is its
//! picture (also `media:content`, and the first one the item's `enclosure`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;
use quick_xml::escape::escape;
use rss::extension::{Extension, ExtensionMap};
use rss::{Enclosure, Guid, Item};

use super::entry::image_html;
use super::{rss as rss_writer, FeedSpec};
use crate::catalog::{Catalog, Event, NewsItem, Video};
use crate::config::DigestPeriod;
use crate::dates;
use crate::fields::spoken_duration;
use crate::images::{card_mime, video_card_path, CARD_HEIGHT, CARD_WIDTH};
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// The newest issues the feed keeps: a tool only ever sends the newest.
pub const ISSUES: usize = 12;
/// Videos shown in full in one issue; the others are counted, with a link to them all.
pub const ISSUE_VIDEOS: usize = 20;

/// One period of the digest: from `start` (included) to `end` (excluded), local midnights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// `2026-09` (a month) or `2026-W38` (an ISO week): the issue's identity.
    pub id: String,
    /// « Lettre de septembre 2026 », « Semaine du 14 septembre 2026 ».
    pub title: String,
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
}

impl Period {
    /// The period of `kind` that holds `moment`.
    pub fn holding(moment: DateTime<Tz>, kind: DigestPeriod) -> Period {
        let zone = moment.timezone();
        let day = moment.date_naive();
        let (first, next) = match kind {
            DigestPeriod::Monthly => {
                let first = day.with_day(1).unwrap_or(day);
                (first, first + chrono::Months::new(1))
            }
            DigestPeriod::Weekly => {
                let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
                (monday, monday + Duration::days(7))
            }
        };
        let start = midnight(zone, first);
        let (id, title) = match kind {
            DigestPeriod::Monthly => (
                format!("{:04}-{:02}", first.year(), first.month()),
                format!(
                    "Lettre {}",
                    crate::french::de(&dates::month_year(&start.fixed_offset(), zone))
                ),
            ),
            DigestPeriod::Weekly => {
                let week = first.iso_week();
                (
                    format!("{:04}-W{:02}", week.year(), week.week()),
                    format!(
                        "Semaine du {}",
                        dates::long_date(&start.fixed_offset(), zone)
                    ),
                )
            }
        };
        Period {
            id,
            title,
            start,
            end: midnight(zone, next),
        }
    }

    /// The period just before this one.
    pub fn previous(&self, kind: DigestPeriod) -> Period {
        Period::holding(self.start - Duration::seconds(1), kind)
    }
}

// The first moment of `day` in `zone` (midnight, or the end of a gap that skips it).
fn midnight(zone: Tz, day: NaiveDate) -> DateTime<Tz> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    (0..4)
        .find_map(|hour| {
            zone.from_local_datetime(&(local + Duration::hours(hour)))
                .earliest()
        })
        .unwrap_or_else(|| zone.from_utc_datetime(&local))
}

/// What one issue holds, by index into the catalogue.
#[derive(Debug, Clone)]
pub struct Issue {
    pub period: Period,
    /// Newest first.
    pub videos: Vec<usize>,
    /// Newest first.
    pub news: Vec<usize>,
    /// Soonest first: the events starting in the next period.
    pub events: Vec<usize>,
}

/// The newest [`ISSUES`] issues with something in them, of the periods over by the build
/// clock, newest first.
pub fn issues(catalog: &Catalog) -> Vec<Issue> {
    let kind = catalog.config.newsletter_period;
    let now = catalog.now;
    let mut by_start: BTreeMap<i64, Issue> = BTreeMap::new();
    let zone = catalog.config.timezone;
    let ended = |period: &Period| period.end <= now;
    for (index, video) in catalog.videos.iter().enumerate() {
        let period = Period::holding(video.date.with_timezone(&zone), kind);
        if ended(&period) {
            issue_of(&mut by_start, period).videos.push(index);
        }
    }
    for (index, item) in catalog.news.iter().enumerate() {
        let period = Period::holding(item.date.with_timezone(&zone), kind);
        if ended(&period) {
            issue_of(&mut by_start, period).news.push(index);
        }
    }
    for (index, event) in catalog.events.iter().enumerate() {
        let period = Period::holding(event.start.with_timezone(&zone), kind).previous(kind);
        if ended(&period) {
            issue_of(&mut by_start, period).events.push(index);
        }
    }
    by_start.into_values().rev().take(ISSUES).collect()
}

// The issue of `period` in `issues`, by the period's start, made empty if it is not there.
fn issue_of(issues: &mut BTreeMap<i64, Issue>, period: Period) -> &mut Issue {
    issues
        .entry(period.start.timestamp())
        .or_insert_with(|| Issue {
            period,
            videos: Vec::new(),
            news: Vec::new(),
            events: Vec::new(),
        })
}

/// Writes `/lettre/feed.xml`.
pub fn write_feed(catalog: &Catalog, writer: &Writer) -> Result<(), Error> {
    let config = &catalog.config;
    let issues = issues(catalog);
    let items = issues.iter().map(|issue| item(catalog, issue)).collect();
    let newest = issues.first().map(|issue| issue.period.end.fixed_offset());
    let cadence = match config.newsletter_period {
        DigestPeriod::Weekly => "Chaque semaine",
        DigestPeriod::Monthly => "Chaque mois",
    };
    let spec = FeedSpec::new(
        catalog,
        paths::NEWSLETTER_FEED,
        paths::HOME,
        format!("Lettre d'information — {}", config.title),
        format!(
            "{cadence}, les nouvelles vidéos, les actualités et les prochains rendez-vous {}.",
            crate::french::de(&config.title)
        ),
    );
    writer.write(&spec.path, &rss_writer::write_items(&spec, items, newest)?)
}

fn item(catalog: &Catalog, issue: &Issue) -> Item {
    let config = &catalog.config;
    let html = issue_html(catalog, issue);
    let cards: Vec<String> = issue
        .videos
        .iter()
        .take(ISSUE_VIDEOS)
        .map(|&v| config.absolute(&video_card_path(&catalog.videos[v])))
        .collect();
    Item {
        title: Some(issue.period.title.clone()),
        link: Some(config.absolute(paths::HOME)),
        description: Some(html.clone()),
        content: Some(html),
        guid: Some(Guid {
            value: config.absolute(&paths::newsletter_issue(&issue.period.id)),
            permalink: false,
        }),
        pub_date: Some(issue.period.end.fixed_offset().to_rfc2822()),
        // RSS allows one enclosure; its size is not known here, and the RSS Best Practices
        // Profile says to write 0 then.
        enclosure: cards.first().map(|url| Enclosure {
            url: url.clone(),
            length: "0".to_string(),
            mime_type: card_mime(url).to_string(),
        }),
        extensions: media_contents(&cards),
        ..Item::default()
    }
}

/// One `media:content` per card (attributes escaped by the crate).
fn media_contents(cards: &[String]) -> ExtensionMap {
    if cards.is_empty() {
        return ExtensionMap::default();
    }
    let contents = cards
        .iter()
        .map(|url| Extension {
            name: "media:content".to_string(),
            attrs: BTreeMap::from([
                ("url".to_string(), url.clone()),
                ("type".to_string(), card_mime(url).to_string()),
                ("medium".to_string(), "image".to_string()),
                ("width".to_string(), CARD_WIDTH.to_string()),
                ("height".to_string(), CARD_HEIGHT.to_string()),
            ]),
            ..Extension::default()
        })
        .collect();
    BTreeMap::from([(
        "media".to_string(),
        BTreeMap::from([("content".to_string(), contents)]),
    )])
}

/// The issue as HTML an e-mail client renders: sections of headings, paragraphs, links and
/// the videos' cards, every address absolute, every text escaped.
fn issue_html(catalog: &Catalog, issue: &Issue) -> String {
    let config = &catalog.config;
    let mut html = format!("<p>{}</p>", escape(summary(issue)));
    if !issue.videos.is_empty() {
        html.push_str("<h2>Nouvelles vidéos</h2>");
        for &v in issue.videos.iter().take(ISSUE_VIDEOS) {
            html.push_str(&video_html(catalog, &catalog.videos[v]));
        }
        let more = issue.videos.len().saturating_sub(ISSUE_VIDEOS);
        if more > 0 {
            html.push_str(&format!(
                "<p><a href=\"{}\">Et {more} autre{} vidéo{} : toutes les vidéos</a></p>",
                escape(config.absolute(paths::VIDEOS)),
                plural(more),
                plural(more)
            ));
        }
    }
    if !issue.news.is_empty() {
        html.push_str("<h2>Actualités</h2>");
        for &n in &issue.news {
            html.push_str(&news_html(catalog, &catalog.news[n]));
        }
    }
    if !issue.events.is_empty() {
        html.push_str("<h2>Prochains rendez-vous</h2>");
        for &e in &issue.events {
            html.push_str(&event_html(catalog, &catalog.events[e]));
        }
    }
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>",
        escape(config.absolute(paths::HOME)),
        escape(&config.title)
    ));
    // `&apos;` is XML and HTML5, unknown to HTML 4 e-mail clients (older Outlook): the
    // numeric reference means the same everywhere. Escaped text holds no other `&apos;`.
    html.replace("&apos;", "&#39;")
}

// « Au programme : 3 nouvelles vidéos, 1 actualité et 2 rendez-vous à venir. »
fn summary(issue: &Issue) -> String {
    let counts = [
        (issue.videos.len(), "nouvelle vidéo", "nouvelles vidéos"),
        (issue.news.len(), "actualité", "actualités"),
        (
            issue.events.len(),
            "rendez-vous à venir",
            "rendez-vous à venir",
        ),
    ];
    let parts: Vec<String> = counts
        .iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|&(count, one, many)| format!("{count} {}", if count > 1 { many } else { one }))
        .collect();
    let listed = match parts.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [first @ .., last] => format!("{} et {last}", first.join(", ")),
    };
    format!("Au programme : {listed}.")
}

fn plural(count: usize) -> &'static str {
    if count > 1 {
        "s"
    } else {
        ""
    }
}

fn video_html(catalog: &Catalog, video: &Video) -> String {
    let config = &catalog.config;
    let link = config.absolute(&paths::video(&video.slug));
    let card = config.absolute(&video_card_path(video));
    let names: Vec<&str> = video
        .contributors
        .iter()
        .map(|&c| catalog.contributors[c].name.as_str())
        .collect();
    format!(
        "<h3><a href=\"{}\">{}</a></h3>{}<p>{}</p><p>Par {} · {}</p>",
        escape(&link),
        escape(&video.title),
        image_html(&link, &card, &video.title),
        escape(&video.summary),
        escape(names.join(", ")),
        spoken_duration(video.duration_secs),
    )
}

fn news_html(catalog: &Catalog, item: &NewsItem) -> String {
    let config = &catalog.config;
    let link = config.absolute(&paths::news_item(&item.slug));
    format!(
        "<h3><a href=\"{}\">{}</a></h3><p>{} — {}</p>",
        escape(&link),
        escape(&item.title),
        dates::long_date(&item.date, config.timezone),
        escape(&item.summary),
    )
}

fn event_html(catalog: &Catalog, event: &Event) -> String {
    let config = &catalog.config;
    let link = config.absolute(&paths::event(&event.slug));
    let place = event.location.as_deref().unwrap_or("En ligne");
    format!(
        "<h3><a href=\"{}\">{}</a></h3><p>{} — {}, {}</p>",
        escape(&link),
        escape(&event.title),
        event.kind.label(),
        escape(dates::span(&event.start, &event.end, config.timezone)),
        escape(place),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Tz> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&chrono_tz::Europe::Paris)
    }

    #[test]
    fn months_run_from_local_midnight_to_local_midnight() {
        let period = Period::holding(at("2026-09-14T10:00:00+02:00"), DigestPeriod::Monthly);
        assert_eq!(period.id, "2026-09");
        assert_eq!(period.title, "Lettre de septembre 2026");
        assert_eq!(period.start.to_rfc3339(), "2026-09-01T00:00:00+02:00");
        assert_eq!(period.end.to_rfc3339(), "2026-10-01T00:00:00+02:00");
        let april = Period::holding(at("2026-04-30T23:30:00+02:00"), DigestPeriod::Monthly);
        assert_eq!(april.title, "Lettre d'avril 2026");
        let december = Period::holding(at("2026-12-31T23:59:59+01:00"), DigestPeriod::Monthly);
        assert_eq!(december.end.to_rfc3339(), "2027-01-01T00:00:00+01:00");
        assert_eq!(december.previous(DigestPeriod::Monthly).id, "2026-11");
    }

    #[test]
    fn weeks_are_iso_weeks_from_monday() {
        let week = Period::holding(at("2026-09-20T23:00:00+02:00"), DigestPeriod::Weekly);
        assert_eq!(week.id, "2026-W38");
        assert_eq!(week.title, "Semaine du 14 septembre 2026");
        assert_eq!(week.start.to_rfc3339(), "2026-09-14T00:00:00+02:00");
        assert_eq!(week.end.to_rfc3339(), "2026-09-21T00:00:00+02:00");
        // The week of the change to winter time is 169 hours long.
        let change = Period::holding(at("2026-10-25T12:00:00+01:00"), DigestPeriod::Weekly);
        assert_eq!((change.end - change.start).num_hours(), 169);
        // ISO years: 2027-01-01 is in the last week of 2026.
        let new_year = Period::holding(at("2027-01-01T12:00:00+01:00"), DigestPeriod::Weekly);
        assert_eq!(new_year.id, "2026-W53");
    }
}
