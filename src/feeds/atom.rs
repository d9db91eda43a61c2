//! Atom (RFC 4287) with the `atom_syndication` crate: `id` is the permalink, `published` and
//! `updated` the video's date with the site's offset, HTML content, and the card as Media RSS
//! extension elements. The feed's `updated` is the newest entry's date, never the clock.

use std::collections::BTreeMap;

use atom_syndication::extension::{Extension, ExtensionMap};
use atom_syndication::{
    Category, Content, Entry as AtomEntry, Feed, Generator, Link, Person, Text,
};
use quick_xml::escape::escape;

use super::entry::Entry;
use super::{FeedSpec, MEDIA_NAMESPACE};
use crate::images::{card_mime, CARD_HEIGHT, CARD_WIDTH};
use crate::Error;

/// The feed's XML.
pub fn write(spec: &FeedSpec, entries: &[&Entry]) -> Result<Vec<u8>, Error> {
    let updated = entries.iter().map(|e| e.date).max().unwrap_or_default();
    let feed = Feed {
        title: Text::plain(spec.title.clone()),
        id: spec.self_url.clone(),
        updated,
        subtitle: Some(Text::plain(spec.description.clone())),
        links: vec![
            link("self", &spec.self_url, Some("application/atom+xml")),
            link("alternate", &spec.page, Some("text/html")),
        ],
        logo: Some(spec.image.clone()),
        generator: Some(Generator {
            value: "Capsule".to_string(),
            ..Generator::default()
        }),
        lang: Some(spec.language.clone()),
        namespaces: BTreeMap::from([("media".to_string(), MEDIA_NAMESPACE.to_string())]),
        entries: entries.iter().map(|e| entry(e)).collect(),
        ..Feed::default()
    };
    feed.write_to(Vec::new()).map_err(|source| Error::Atom {
        path: spec.path.clone(),
        source,
    })
}

fn link(rel: &str, href: &str, mime: Option<&str>) -> Link {
    Link {
        rel: rel.to_string(),
        href: href.to_string(),
        mime_type: mime.map(str::to_string),
        ..Link::default()
    }
}

fn entry(entry: &Entry) -> AtomEntry {
    AtomEntry {
        title: Text::plain(entry.title.clone()),
        id: entry.link.clone(),
        updated: entry.date,
        published: Some(entry.date),
        authors: entry
            .authors
            .iter()
            .map(|a| Person {
                name: a.name.clone(),
                uri: Some(a.url.clone()),
                ..Person::default()
            })
            .collect(),
        categories: entry
            .categories
            .iter()
            .map(|c| Category {
                term: c.term.clone(),
                scheme: None,
                label: Some(c.label.clone()),
            })
            .collect(),
        links: vec![link("alternate", &entry.link, Some("text/html"))],
        summary: Some(Text::plain(entry.summary.clone())),
        content: Some(Content {
            value: Some(entry.html.clone()),
            content_type: Some("html".to_string()),
            ..Content::default()
        }),
        extensions: media(&entry.image),
        ..AtomEntry::default()
    }
}

/// `media:content` and `media:thumbnail` for the card. This crate writes extension
/// attributes verbatim, so their values are escaped here.
fn media(image: &str) -> ExtensionMap {
    let url = escape(image).into_owned();
    let attrs = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let (width, height) = (CARD_WIDTH.to_string(), CARD_HEIGHT.to_string());
    let content = Extension {
        name: "media:content".to_string(),
        attrs: attrs(&[
            ("url", &url),
            ("type", card_mime(image)),
            ("medium", "image"),
            ("width", &width),
            ("height", &height),
        ]),
        ..Extension::default()
    };
    let thumbnail = Extension {
        name: "media:thumbnail".to_string(),
        attrs: attrs(&[("url", &url), ("width", &width), ("height", &height)]),
        ..Extension::default()
    };
    let elements = BTreeMap::from([
        ("content".to_string(), vec![content]),
        ("thumbnail".to_string(), vec![thumbnail]),
    ]);
    BTreeMap::from([("media".to_string(), elements)])
}
