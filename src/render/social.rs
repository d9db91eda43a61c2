//! What other sites read in a page's head — Open Graph, Twitter cards, JSON-LD (schema.org)
//! — and the share links of video and event pages. One owned view per page, in `Meta`;
//! every URL in it is absolute, every image is the 1200×630 JPEG card of `images`.

use serde::Serialize;
use serde_json::{json, Value};
use url::form_urlencoded::byte_serialize;

use crate::catalog::{Catalog, Contributor, Event, NewsItem, Thumbnail, Topic, Video};
use crate::images::{card_mime, news_card_path, video_card_path, CARD_HEIGHT, CARD_WIDTH};
use crate::paths;

/// Players are 16:9; hosts scale their embeds to the size asked.
const PLAYER_WIDTH: u32 = 1280;
const PLAYER_HEIGHT: u32 = 720;

/// Metadata for social networks and search engines, and the page's share links.
#[derive(Debug, Clone, Serialize)]
pub struct Social {
    /// `website`, or `video.other` on video pages.
    pub og_type: &'static str,
    pub image: SocialImage,
    pub video: Option<SocialVideo>,
    /// `player` on pages of embeddable videos, else `summary_large_image`.
    pub twitter_card: &'static str,
    /// `@handle` of the community on X.
    pub twitter_site: Option<String>,
    /// JSON-LD documents, escaped so that no text can close their `<script>` element.
    pub json_ld: Vec<String>,
    pub share: Vec<ShareLink>,
    /// The page's address, for the "Copier le lien" button (pages with share links only).
    pub copy_url: Option<String>,
    /// The Atom feed, announced on the home page.
    pub atom_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SocialImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
    pub alt: String,
}

/// `og:video`: the player (an HTML page to embed) or the video file.
#[derive(Debug, Clone, Serialize)]
pub struct SocialVideo {
    pub url: String,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// The player for `twitter:player`, when the video has one.
    pub player: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShareLink {
    /// Short name of the network, for styles: `mastodon`, `x`…
    pub id: &'static str,
    pub label: &'static str,
    pub url: String,
}

impl Social {
    /// Any page: the site's card, no structured data.
    pub fn website(catalog: &Catalog) -> Social {
        let config = &catalog.config;
        Social {
            og_type: "website",
            image: card(catalog, paths::SITE_CARD, &config.title),
            video: None,
            twitter_card: "summary_large_image",
            twitter_site: twitter_handle(config.social.twitter.as_deref()),
            json_ld: Vec::new(),
            share: Vec::new(),
            copy_url: None,
            atom_url: None,
        }
    }

    /// The home page: the site as a `WebSite` with its search, and the Atom feed.
    pub fn home(catalog: &Catalog) -> Social {
        let config = &catalog.config;
        let website = json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": config.title,
            "description": config.description,
            "url": config.absolute(paths::HOME),
            "inLanguage": config.language,
            "potentialAction": {
                "@type": "SearchAction",
                "target": format!("{}?q={{search_term_string}}", config.absolute(paths::SEARCH)),
                "query-input": "required name=search_term_string",
            },
        });
        Social {
            json_ld: vec![script_safe(&website)],
            atom_url: Some(config.absolute(paths::SITE_ATOM)),
            ..Social::website(catalog)
        }
    }

    /// A video page: its card, its player, a `VideoObject` and where it sits.
    pub fn video(catalog: &Catalog, video: &Video) -> Social {
        let config = &catalog.config;
        let page = config.absolute(&paths::video(&video.slug));
        let player = embed_url(&video.embed.embed_url);
        let social_video = match (&player, video.embed.file_url.is_empty()) {
            (Some(player), _) => Some(SocialVideo::player(player)),
            (None, false) => Some(SocialVideo::file(
                &video.embed.file_url,
                video.embed.file_mime,
            )),
            (None, true) => None,
        };
        let crumbs = breadcrumbs(
            catalog,
            &[
                ("Vidéos", paths::VIDEOS),
                (&video.title, &paths::video(&video.slug)),
            ],
        );
        Social {
            og_type: "video.other",
            image: card(catalog, &video_card_path(video), &video.title),
            twitter_card: if player.is_some() {
                "player"
            } else {
                "summary_large_image"
            },
            video: social_video,
            json_ld: vec![
                script_safe(&video_object(catalog, video, player.as_deref())),
                script_safe(&crumbs),
            ],
            share: share_links(&page, &video.title, &video.summary),
            copy_url: Some(page),
            ..Social::website(catalog)
        }
    }

    /// An event page: its card, an `Event` and where it sits.
    pub fn event(catalog: &Catalog, event: &Event) -> Social {
        let config = &catalog.config;
        let page = config.absolute(&paths::event(&event.slug));
        let when = crate::dates::span(&event.start, &event.end, config.timezone);
        let crumbs = breadcrumbs(
            catalog,
            &[
                ("Événements", paths::EVENTS),
                (&event.title, &paths::event(&event.slug)),
            ],
        );
        Social {
            image: card(catalog, &paths::event_card(&event.slug), &event.title),
            json_ld: vec![
                script_safe(&event_object(catalog, event)),
                script_safe(&crumbs),
            ],
            share: share_links(
                &page,
                &event.title,
                &format!("{} — {when}", event.kind.label()),
            ),
            copy_url: Some(page),
            ..Social::website(catalog)
        }
    }

    /// A news item's page: its card, a `NewsArticle` and where it sits.
    pub fn news(catalog: &Catalog, item: &NewsItem) -> Social {
        let config = &catalog.config;
        let page = config.absolute(&paths::news_item(&item.slug));
        let card_path = news_card_path(item);
        let crumbs = breadcrumbs(
            catalog,
            &[
                ("Actualités", paths::NEWS),
                (&item.title, &paths::news_item(&item.slug)),
            ],
        );
        let article = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item.title,
            "description": item.summary,
            "datePublished": item.date.with_timezone(&config.timezone).to_rfc3339(),
            "image": [config.absolute(&card_path)],
            "url": page,
            "inLanguage": config.language,
            "publisher": organization(catalog),
        });
        Social {
            og_type: "article",
            image: card(catalog, &card_path, &item.title),
            json_ld: vec![script_safe(&article), script_safe(&crumbs)],
            share: share_links(&page, &item.title, &item.summary),
            copy_url: Some(page),
            ..Social::website(catalog)
        }
    }

    /// A theme page: where it sits.
    pub fn topic(catalog: &Catalog, topic: &Topic) -> Social {
        let crumbs = breadcrumbs(
            catalog,
            &[
                ("Thèmes", paths::TOPICS),
                (&topic.title, &paths::topic(&topic.id)),
            ],
        );
        Social {
            json_ld: vec![script_safe(&crumbs)],
            ..Social::website(catalog)
        }
    }

    /// A contributor's page: where it sits.
    pub fn contributor(catalog: &Catalog, person: &Contributor) -> Social {
        let crumbs = breadcrumbs(
            catalog,
            &[
                ("Contributeurs", paths::CONTRIBUTORS),
                (&person.name, &paths::contributor(&person.id)),
            ],
        );
        Social {
            json_ld: vec![script_safe(&crumbs)],
            ..Social::website(catalog)
        }
    }
}

impl SocialVideo {
    fn player(url: &str) -> SocialVideo {
        SocialVideo {
            url: url.to_string(),
            mime: "text/html",
            width: PLAYER_WIDTH,
            height: PLAYER_HEIGHT,
            player: Some(url.to_string()),
        }
    }

    fn file(url: &str, mime: &'static str) -> SocialVideo {
        SocialVideo {
            url: url.to_string(),
            mime,
            width: PLAYER_WIDTH,
            height: PLAYER_HEIGHT,
            player: None,
        }
    }
}

fn card(catalog: &Catalog, path: &str, alt: &str) -> SocialImage {
    SocialImage {
        url: catalog.config.absolute(path),
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        mime: card_mime(path),
        alt: alt.to_string(),
    }
}

/// `LesClassesa12`, `@LesClassesa12` or `https://x.com/LesClassesa12` → `@LesClassesa12`.
fn twitter_handle(configured: Option<&str>) -> Option<String> {
    let handle = configured?.trim().trim_end_matches('/');
    let handle = handle
        .rsplit('/')
        .next()
        .unwrap_or(handle)
        .trim_start_matches('@');
    (!handle.is_empty()).then(|| format!("@{handle}"))
}

/// The player's address for other sites: the embed without autoplay (it starts on a click
/// on our pages only). `None` for video files, which have no player page.
fn embed_url(embed: &str) -> Option<String> {
    let mut url = url::Url::parse(embed).ok()?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "autoplay")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

fn person(catalog: &Catalog, person: &Contributor) -> Value {
    json!({ "@type": "Person", "name": person.name, "url": catalog.config.absolute(&paths::contributor(&person.id)) })
}

fn video_object(catalog: &Catalog, video: &Video, player: Option<&str>) -> Value {
    let config = &catalog.config;
    let mut thumbnails = vec![config.absolute(&video_card_path(video))];
    match &video.thumbnail {
        Thumbnail::Remote(url) => thumbnails.push(url.clone()),
        _ => thumbnails.extend(video.source.remote_thumbnail()),
    }
    let mut object = json!({
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.title,
        "description": video.summary,
        "thumbnailUrl": thumbnails,
        "uploadDate": video.date.with_timezone(&config.timezone).to_rfc3339(),
        "duration": crate::fields::iso_duration(video.duration_secs),
        "url": config.absolute(&paths::video(&video.slug)),
        "inLanguage": config.language,
        "author": video.contributors.iter().map(|&c| person(catalog, &catalog.contributors[c])).collect::<Vec<_>>(),
        "publisher": organization(catalog),
    });
    if let Some(player) = player {
        object["embedUrl"] = json!(player);
    }
    if !video.embed.file_url.is_empty() {
        object["contentUrl"] = json!(video.embed.file_url);
    }
    object
}

fn organization(catalog: &Catalog) -> Value {
    json!({ "@type": "Organization", "name": catalog.config.title, "url": catalog.config.absolute(paths::HOME) })
}

fn event_object(catalog: &Catalog, event: &Event) -> Value {
    let config = &catalog.config;
    let mut places = Vec::new();
    if let Some(location) = &event.location {
        places.push(json!({ "@type": "Place", "name": location, "address": location }));
    }
    if let Some(online) = &event.online {
        places.push(json!({ "@type": "VirtualLocation", "url": online }));
    }
    let mode = match (event.location.is_some(), event.online.is_some()) {
        (true, true) => "MixedEventAttendanceMode",
        (false, true) => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    let organizer = if event.facilitators.is_empty() {
        vec![organization(catalog)]
    } else {
        event
            .facilitators
            .iter()
            .map(|&c| person(catalog, &catalog.contributors[c]))
            .collect()
    };
    let description: String = event.body.text.chars().take(300).collect();
    json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": if description.trim().is_empty() { event.title.clone() } else { description },
        "startDate": event.start.with_timezone(&config.timezone).to_rfc3339(),
        "endDate": event.end.with_timezone(&config.timezone).to_rfc3339(),
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "eventStatus": "https://schema.org/EventScheduled",
        "location": if places.len() == 1 { places.remove(0) } else { Value::Array(places) },
        "organizer": organizer,
        "url": config.absolute(&paths::event(&event.slug)),
        "image": [config.absolute(&paths::event_card(&event.slug))],
        "inLanguage": config.language,
    })
}

/// Home, then each (name, site path) of `trail`.
fn breadcrumbs(catalog: &Catalog, trail: &[(&str, &str)]) -> Value {
    let home = [("Accueil", paths::HOME)];
    let items: Vec<Value> = home
        .iter()
        .chain(trail)
        .enumerate()
        .map(|(index, (name, path))| {
            json!({ "@type": "ListItem", "position": index + 1, "name": name, "item": catalog.config.absolute(path) })
        })
        .collect();
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items })
}

/// JSON for an inline `<script>`: `<`, `>` and `&` written as `\u003c`… so that no text,
/// even `</script>` or `<!--`, can end the element or change how it is parsed.
pub fn script_safe(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Plain links (no script, nothing loaded before a click) to share `url`.
fn share_links(url: &str, title: &str, text: &str) -> Vec<ShareLink> {
    let (url_q, title_q) = (encode(url), encode(title));
    let mail_body = encode(&format!("{text}\n\n{url}")).replace('+', "%20");
    vec![
        ShareLink {
            id: "mastodon",
            label: "Mastodon",
            url: format!("https://mastodonshare.com/?text={title_q}&url={url_q}"),
        },
        ShareLink {
            id: "x",
            label: "X",
            url: format!("https://x.com/intent/post?text={title_q}&url={url_q}"),
        },
        ShareLink {
            id: "linkedin",
            label: "LinkedIn",
            url: format!("https://www.linkedin.com/sharing/share-offsite/?url={url_q}"),
        },
        ShareLink {
            id: "facebook",
            label: "Facebook",
            url: format!("https://www.facebook.com/sharer/sharer.php?u={url_q}"),
        },
        // Mail clients read `+` literally: spaces are `%20` there.
        ShareLink {
            id: "email",
            label: "E-mail",
            url: format!(
                "mailto:?subject={}&body={mail_body}",
                title_q.replace('+', "%20")
            ),
        },
    ]
}

fn encode(text: &str) -> String {
    byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let text = script_safe(&json!({ "name": "</script><script>alert(1)</script> & <!--" }));
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn embeds_for_other_sites_do_not_autoplay() {
        assert_eq!(
            embed_url("https://www.youtube-nocookie.com/embed/abc?autoplay=1&rel=0").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/abc?rel=0")
        );
        assert_eq!(
            embed_url("https://player.vimeo.com/video/1?autoplay=1").as_deref(),
            Some("https://player.vimeo.com/video/1")
        );
        assert_eq!(embed_url(""), None);
    }

    #[test]
    fn handles_and_share_links() {
        assert_eq!(
            twitter_handle(Some("LesClassesa12")).as_deref(),
            Some("@LesClassesa12")
        );
        assert_eq!(
            twitter_handle(Some("https://x.com/LesClassesa12/")).as_deref(),
            Some("@LesClassesa12")
        );
        assert_eq!(twitter_handle(Some(" ")), None);
        let links = share_links("https://e.org/v/?a=1&b=2", "Lire & écrire", "Résumé");
        assert_eq!(links[1].url, "https://x.com/intent/post?text=Lire+%26+%C3%A9crire&url=https%3A%2F%2Fe.org%2Fv%2F%3Fa%3D1%26b%3D2");
        assert!(links[4].url.starts_with(
            "mailto:?subject=Lire%20%26%20%C3%A9crire&body=R%C3%A9sum%C3%A9%0A%0Ahttps"
        ));
    }
}
