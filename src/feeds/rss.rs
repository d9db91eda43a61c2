//! RSS 2.0 with the `rss` crate: Dublin Core creators, `content:encoded`, the `atom:link` to
//! itself, and Media RSS (`media:content`, `media:thumbnail`) through the crate's extension
//! maps. Dates are RFC 822 with the site's offset; `lastBuildDate` is the newest item's date,
//! so that two builds of the same content are byte-identical.

use std::collections::BTreeMap;

use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::{Extension, ExtensionMap};
use rss::{Category, Channel, Guid, Image, Item};

use super::entry::{text_html, Entry};
use super::{FeedSpec, MEDIA_NAMESPACE};
use crate::images::{card_mime, CARD_HEIGHT, CARD_WIDTH};
use crate::Error;

/// The feed's XML.
pub fn write(spec: &FeedSpec, entries: &[&Entry]) -> Result<Vec<u8>, Error> {
    let newest = entries.iter().map(|e| e.date).max();
    write_items(spec, entries.iter().map(|e| item(e)).collect(), newest)
}

/// The XML of a feed of `items`, whose newest is dated `newest` (the channel's dates).
pub fn write_items(
    spec: &FeedSpec,
    items: Vec<Item>,
    newest: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Result<Vec<u8>, Error> {
    let newest = newest.map(|d| d.to_rfc2822());
    let channel = Channel {
        title: spec.title.clone(),
        link: spec.page.clone(),
        description: spec.description.clone(),
        language: Some(spec.language.clone()),
        generator: Some("Capsule".to_string()),
        pub_date: newest.clone(),
        last_build_date: newest,
        image: Some(Image {
            url: spec.image.clone(),
            title: spec.title.clone(),
            link: spec.page.clone(),
            ..Image::default()
        }),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: spec.self_url.clone(),
                rel: "self".to_string(),
                mime_type: Some("application/rss+xml".to_string()),
                ..Link::default()
            }],
        }),
        namespaces: BTreeMap::from([("media".to_string(), MEDIA_NAMESPACE.to_string())]),
        items,
        ..Channel::default()
    };
    channel.write_to(Vec::new()).map_err(|source| Error::Rss {
        path: spec.path.clone(),
        source,
    })
}

fn item(entry: &Entry) -> Item {
    Item {
        title: Some(entry.title.clone()),
        link: Some(entry.link.clone()),
        // HTML by every reader's convention (and written as CDATA): the text escaped.
        description: Some(text_html(&entry.summary)),
        categories: entry
            .categories
            .iter()
            .map(|c| Category {
                name: c.label.clone(),
                domain: c.url.clone(),
            })
            .collect(),
        guid: Some(Guid {
            value: entry.link.clone(),
            permalink: true,
        }),
        pub_date: Some(entry.date.to_rfc2822()),
        content: Some(entry.html.clone()),
        dublin_core_ext: Some(DublinCoreExtension {
            creators: entry.authors.iter().map(|a| a.name.clone()).collect(),
            ..DublinCoreExtension::default()
        }),
        extensions: media(&entry.image),
        ..Item::default()
    }
}

/// `media:content` and `media:thumbnail` for the card (attributes escaped by the crate).
fn media(image: &str) -> ExtensionMap {
    let size = [
        ("width", CARD_WIDTH.to_string()),
        ("height", CARD_HEIGHT.to_string()),
    ];
    let mut content: BTreeMap<String, String> = size
        .clone()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    content.extend(
        [
            ("url", image),
            ("type", card_mime(image)),
            ("medium", "image"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    let mut thumbnail: BTreeMap<String, String> =
        size.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    thumbnail.insert("url".to_string(), image.to_string());
    let element = |name: &str, attrs| Extension {
        name: format!("media:{name}"),
        attrs,
        ..Extension::default()
    };
    let elements = BTreeMap::from([
        ("content".to_string(), vec![element("content", content)]),
        (
            "thumbnail".to_string(),
            vec![element("thumbnail", thumbnail)],
        ),
    ]);
    BTreeMap::from([("media".to_string(), elements)])
}
