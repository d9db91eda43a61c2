//! iCalendar (RFC 5545) files of the events, with the `icalendar` crate, which escapes text
//! and folds lines at 75 octets on character boundaries, with CRLF ends. The VTIMEZONE is
//! ours (`timezone`). Everything is derived from the content, never from the clock, so that
//! two builds of the same events are byte-identical and a calendar that subscribed sees no
//! change: the `UID` is `<slug>@<host>`; an event never changed has `SEQUENCE:0` and its
//! start as `DTSTAMP`; one whose front matter says `updated` carries that moment as
//! `LAST-MODIFIED` and `DTSTAMP`, and as `SEQUENCE` the minutes from 1970 to it, so that each
//! later `updated` is a higher version and subscribed calendars replace their copy.

use chrono::Utc;
use icalendar::{
    Calendar, CalendarDateTime, Component, Event as IcalEvent, EventLike, EventStatus,
};

use super::timezone::vtimezone;
use crate::catalog::{Catalog, Event};
use crate::paths;
use crate::Error;

const CRLF: &str = "\r\n";

/// A calendar named `name` with `events`.
pub fn calendar(catalog: &Catalog, name: &str, events: &[&Event]) -> Result<String, Error> {
    let zone = catalog.config.timezone;
    let mut header = Calendar::empty();
    header
        .append_property((
            "PRODID",
            format!("-//Capsule//{}//FR", host(catalog)).as_str(),
        ))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        // The crate escapes only the properties it knows as text: these two are done here.
        .append_property(("X-WR-CALNAME", escape_text(name).as_str()))
        .append_property(("X-WR-TIMEZONE", escape_text(zone.name()).as_str()));
    let mut text = header.to_string();
    text.truncate(text.len() - format!("END:VCALENDAR{CRLF}").len());
    let years = events.iter().map(|e| start_year(catalog, e));
    if let (Some(first), Some(last)) = (years.clone().min(), years.max()) {
        vtimezone(zone, first..=last)
            .iter()
            .for_each(|line| text.push_str(&format!("{line}{CRLF}")));
    }
    for event in events {
        text.push_str(
            &ical_event(catalog, event)
                .try_into_string()
                .map_err(Error::Calendar)?,
        );
    }
    text.push_str(&format!("END:VCALENDAR{CRLF}"));
    Ok(text)
}

fn start_year(catalog: &Catalog, event: &Event) -> i32 {
    chrono::Datelike::year(&event.start.with_timezone(&catalog.config.timezone))
}

fn host(catalog: &Catalog) -> String {
    url::Url::parse(&catalog.config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

fn ical_event(catalog: &Catalog, event: &Event) -> IcalEvent {
    let config = &catalog.config;
    let zone = config.timezone;
    let local = |moment: &chrono::DateTime<chrono::FixedOffset>| CalendarDateTime::WithTimezone {
        date_time: moment.with_timezone(&zone).naive_local(),
        tzid: zone.name().to_string(),
    };
    let page = config.absolute(&paths::event(&event.slug));
    let mut ical = IcalEvent::new();
    ical.uid(&format!("{}@{}", event.slug, host(catalog)))
        .timestamp(event.updated.unwrap_or(event.start).with_timezone(&Utc))
        .sequence(sequence(event))
        .starts(local(&event.start))
        .ends(local(&event.end))
        .summary(&plain(&event.title))
        .description(&plain(&description(catalog, event, &page)))
        .url(&page)
        .status(EventStatus::Confirmed);
    if let Some(place) = event.location.as_deref().or(event.online.as_deref()) {
        ical.location(&plain(place));
    }
    if let Some(updated) = event.updated {
        ical.last_modified(updated.with_timezone(&Utc));
    }
    ical.done()
}

/// The event's version: 0 until it is `updated`, then the minutes from 1970 to that moment,
/// which grow with each later `updated` (and fit RFC 5545's integer until the year 6053).
fn sequence(event: &Event) -> u32 {
    event.updated.map_or(0, |updated| {
        u32::try_from(updated.timestamp().div_euclid(60).clamp(0, i32::MAX.into())).unwrap_or(0)
    })
}

/// When, the body as text, then where to connect and register, then the page.
fn description(catalog: &Catalog, event: &Event, page: &str) -> String {
    let mut parts = vec![format!(
        "{} — {}",
        event.kind.label(),
        crate::dates::span(&event.start, &event.end, catalog.config.timezone)
    )];
    let body = event.body.text.trim();
    if !body.is_empty() {
        parts.push(body.to_string());
    }
    let mut links = Vec::new();
    if let Some(online) = &event.online {
        links.push(format!("En ligne : {online}"));
    }
    if let Some(registration) = &event.registration {
        links.push(format!("Inscription : {registration}"));
    }
    links.push(format!("Page de l'événement : {page}"));
    parts.push(links.join("\n"));
    parts.join("\n\n")
}

// Line ends as `\n` only: the crate escapes `\n`, and a bare `\r` has no place in a value;
// nor has any other control character but the tab (RFC 5545, TEXT), nor Unicode's line and
// paragraph separators, which some readers take for line ends.
fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}', '\u{85}'], "\n")
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

/// RFC 5545 TEXT escaping (`\\`, `\;`, `\,`, `\n`).
fn escape_text(text: &str) -> String {
    plain(text)
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}
