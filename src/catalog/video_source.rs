//! Where a video is hosted, recognised from the address a contributor pasted, and how to
//! play it once the visitor clicks: PeerTube on the configured hosts, YouTube
//! (privacy-enhanced), Vimeo (do not track), Dailymotion, or a plain video file. What
//! identifies the video (its id, a Vimeo unlisted hash, a start time) is kept in both the
//! player's address and the public link, whichever accepted form was pasted.

use serde::Serialize;
use url::Url;

use crate::diagnostics::suggest;

/// A recognised video. `start` is the second it starts at, when the address says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoSource {
    PeerTube {
        host: String,
        id: String,
        start: Option<u32>,
    },
    YouTube {
        id: String,
        start: Option<u32>,
    },
    /// `hash` is the private part of an unlisted video's address: without it, it never plays.
    Vimeo {
        id: String,
        hash: Option<String>,
        start: Option<u32>,
    },
    Dailymotion {
        id: String,
        start: Option<u32>,
    },
    File {
        url: String,
        mime: &'static str,
    },
}

/// Everything the player needs, computed once per video.
#[derive(Debug, Clone, Serialize)]
pub struct Embed {
    /// "peertube", "youtube", "vimeo", "dailymotion" or "file".
    pub kind: &'static str,
    /// What the visitor reads: "PeerTube (tube-cycle-2.apps.education.fr)", "YouTube"…
    pub host_label: String,
    /// The video's public page on its host, always linked.
    pub page_url: String,
    /// The iframe's `src` (empty for files), with autoplay since a click created it.
    pub embed_url: String,
    /// Origin contacted after the click, for the CSP `frame-src`.
    pub origin: String,
    /// For files: the file's URL and type.
    pub file_url: String,
    pub file_mime: &'static str,
}

/// The hosts known by name (PeerTube hosts come from `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Site {
    YouTube,
    YouTubeShort,
    Vimeo,
    Dailymotion,
    DailymotionShort,
    DailymotionPlayer,
    Other,
}

fn site_of(host: &str) -> Site {
    let bare = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(host);
    match bare {
        // YouTube Music pages carry ordinary video ids, which the ordinary player plays.
        "youtube.com" | "music.youtube.com" | "youtube-nocookie.com" => Site::YouTube,
        "youtu.be" => Site::YouTubeShort,
        "vimeo.com" | "player.vimeo.com" => Site::Vimeo,
        "dailymotion.com" => Site::Dailymotion,
        "dai.ly" => Site::DailymotionShort,
        "geo.dailymotion.com" => Site::DailymotionPlayer,
        _ => Site::Other,
    }
}

/// A parsed address, with what every host's rules look at.
struct Address<'u> {
    url: &'u Url,
    host: String,
    segments: Vec<&'u str>,
}

impl Address<'_> {
    fn query(&self, key: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    // `t=…` in the fragment (`#t=1m30s`), as Vimeo and old YouTube links write it.
    fn fragment_time(&self) -> Option<String> {
        self.url
            .fragment()?
            .split('&')
            .find_map(|part| part.strip_prefix("t="))
            .map(str::to_string)
    }
}

impl VideoSource {
    /// Recognises `page_url`; `peertube_hosts` are the PeerTube instances allowed.
    pub fn parse(page_url: &str, peertube_hosts: &[String]) -> Result<VideoSource, SourceError> {
        let url = Url::parse(page_url.trim()).map_err(|_| SourceError::NotAUrl)?;
        if url.scheme() != "https" {
            return Err(SourceError::NotHttps);
        }
        let address = Address {
            host: url.host_str().unwrap_or_default().to_ascii_lowercase(),
            segments: url
                .path_segments()
                .map(|s| s.filter(|p| !p.is_empty()).collect())
                .unwrap_or_default(),
            url: &url,
        };
        match site_of(&address.host) {
            Site::YouTube => youtube(&address),
            Site::YouTubeShort => match address.segments.as_slice() {
                [id] => youtube_video(id, &address),
                _ => Err(SourceError::not_a_video("YouTube", None)),
            },
            Site::Vimeo => vimeo(&address),
            site @ (Site::Dailymotion | Site::DailymotionShort | Site::DailymotionPlayer) => {
                dailymotion(&address, site)
            }
            Site::Other => other_host(&address, peertube_hosts),
        }
    }

    /// The player's data for this video.
    pub fn embed(&self) -> Embed {
        let (kind, host_label, origin) = match self {
            VideoSource::PeerTube { host, .. } => (
                "peertube",
                format!("PeerTube ({host})"),
                format!("https://{host}"),
            ),
            VideoSource::YouTube { .. } => (
                "youtube",
                "YouTube".to_string(),
                "https://www.youtube-nocookie.com".to_string(),
            ),
            VideoSource::Vimeo { .. } => (
                "vimeo",
                "Vimeo".to_string(),
                "https://player.vimeo.com".to_string(),
            ),
            VideoSource::Dailymotion { .. } => (
                "dailymotion",
                "Dailymotion".to_string(),
                "https://www.dailymotion.com".to_string(),
            ),
            VideoSource::File { url, .. } => file_host(url),
        };
        let (file_url, file_mime) = match self {
            VideoSource::File { url, mime } => (url.clone(), *mime),
            _ => (String::new(), ""),
        };
        Embed {
            kind,
            host_label,
            page_url: self.page_url(),
            embed_url: self.player_url(),
            origin,
            file_url,
            file_mime,
        }
    }

    /// The video's public page, in its host's usual form, keeping id, hash and start time.
    pub fn page_url(&self) -> String {
        match self {
            VideoSource::PeerTube { host, id, start } => {
                // Short ids live under /w/; a UUID's page is /videos/watch/ on every version.
                let path = if id.contains('-') {
                    "videos/watch"
                } else {
                    "w"
                };
                format!("https://{host}/{path}/{id}{}", at("?start=", *start, ""))
            }
            VideoSource::YouTube { id, start } => {
                format!(
                    "https://www.youtube.com/watch?v={id}{}",
                    at("&t=", *start, "s")
                )
            }
            VideoSource::Vimeo { id, hash, start } => format!(
                "https://vimeo.com/{id}{}{}",
                hash.as_ref().map(|h| format!("/{h}")).unwrap_or_default(),
                at("#t=", *start, "s")
            ),
            VideoSource::Dailymotion { id, start } => format!(
                "https://www.dailymotion.com/video/{id}{}",
                at("?start=", *start, "")
            ),
            VideoSource::File { url, .. } => url.clone(),
        }
    }

    /// The iframe's address, with autoplay (a click created it); empty for files.
    pub fn player_url(&self) -> String {
        match self {
            VideoSource::PeerTube { host, id, start } => format!(
                "https://{host}/videos/embed/{id}?autoplay=1&title=0&warningTitle=0{}",
                at("&start=", *start, "")
            ),
            VideoSource::YouTube { id, start } => format!(
                "https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0{}",
                at("&start=", *start, "")
            ),
            VideoSource::Vimeo { id, hash, start } => format!(
                "https://player.vimeo.com/video/{id}?{}dnt=1&autoplay=1{}",
                hash.as_ref().map(|h| format!("h={h}&")).unwrap_or_default(),
                at("#t=", *start, "s")
            ),
            VideoSource::Dailymotion { id, start } => format!(
                "https://www.dailymotion.com/embed/video/{id}?autoplay=1{}",
                at("&start=", *start, "")
            ),
            VideoSource::File { .. } => String::new(),
        }
    }

    /// YouTube's own thumbnail, for feeds and metadata only (never shown on pages).
    pub fn remote_thumbnail(&self) -> Option<String> {
        match self {
            VideoSource::YouTube { id, .. } => {
                Some(format!("https://i.ytimg.com/vi/{id}/hqdefault.jpg"))
            }
            _ => None,
        }
    }
}

// `{prefix}{seconds}{unit}` when the video starts later than its beginning.
fn at(prefix: &str, start: Option<u32>, unit: &str) -> String {
    start
        .map(|seconds| format!("{prefix}{seconds}{unit}"))
        .unwrap_or_default()
}

// A file's host label and origin.
fn file_host(url: &str) -> (&'static str, String, String) {
    let parsed = Url::parse(url).ok();
    let label = parsed
        .as_ref()
        .and_then(Url::host_str)
        .unwrap_or("un serveur web")
        .to_string();
    let origin = parsed
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    ("file", label, origin)
}

fn youtube(address: &Address) -> Result<VideoSource, SourceError> {
    match address.segments.as_slice() {
        ["embed", "videoseries"] | ["playlist"] => {
            Err(SourceError::not_a_video("YouTube", Some("d'une playlist")))
        }
        ["watch"] => match address.query("v") {
            Some(id) => youtube_video(&id, address),
            None if address.query("list").is_some() => {
                Err(SourceError::not_a_video("YouTube", Some("d'une playlist")))
            }
            None => Err(SourceError::not_a_video("YouTube", None)),
        },
        ["shorts" | "embed" | "live" | "v", id] => youtube_video(id, address),
        [first, ..] if first.starts_with('@') || matches!(*first, "channel" | "c" | "user") => {
            Err(SourceError::not_a_video("YouTube", Some("d'une chaîne")))
        }
        _ => Err(SourceError::not_a_video("YouTube", None)),
    }
}

fn youtube_video(id: &str, address: &Address) -> Result<VideoSource, SourceError> {
    let well_formed = id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(SourceError::BadId("YouTube"));
    }
    let written = address
        .query("t")
        .or_else(|| address.query("start"))
        .or_else(|| address.fragment_time());
    Ok(VideoSource::YouTube {
        id: id.to_string(),
        start: start_time(written)?,
    })
}

fn vimeo(address: &Address) -> Result<VideoSource, SourceError> {
    let (id, hash) = match address.segments.as_slice() {
        ["video", id]
        | ["channels", _, id]
        | ["groups", _, "videos", id]
        | ["showcase" | "album", _, "video", id] => (*id, None),
        [id, hash] if is_digits(id) => (*id, Some(hash.to_string())),
        [id] => (*id, None),
        _ => return Err(SourceError::not_a_video("Vimeo", None)),
    };
    if !is_digits(id) {
        return Err(SourceError::not_a_video(
            "Vimeo",
            Some("d'un compte ou d'une chaîne"),
        ));
    }
    let hash = hash.or_else(|| address.query("h"));
    if hash
        .as_ref()
        .is_some_and(|h| h.is_empty() || !h.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(SourceError::BadId("Vimeo"));
    }
    let written = address.fragment_time().or_else(|| address.query("t"));
    Ok(VideoSource::Vimeo {
        id: id.to_string(),
        hash,
        start: start_time(written)?,
    })
}

fn dailymotion(address: &Address, site: Site) -> Result<VideoSource, SourceError> {
    let id = match (site, address.segments.as_slice()) {
        (Site::DailymotionShort, [id]) => Some(id.to_string()),
        (Site::Dailymotion, ["video", id] | ["embed", "video", id]) => Some(id.to_string()),
        (Site::DailymotionPlayer, _) => address.query("video"),
        _ => None,
    };
    let Some(id) = id else {
        let playlist =
            address.segments.first() == Some(&"playlist") || address.query("playlist").is_some();
        return Err(SourceError::not_a_video(
            "Dailymotion",
            playlist.then_some("d'une playlist"),
        ));
    };
    // Old addresses add the title after the id: `/video/x8abc12_le-titre`.
    let id = id.split('_').next().unwrap_or_default();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SourceError::BadId("Dailymotion"));
    }
    Ok(VideoSource::Dailymotion {
        id: id.to_string(),
        start: start_time(address.query("start"))?,
    })
}

/// What a path on a PeerTube host shows.
enum PeerTubePage<'a> {
    Video(&'a str),
    Playlist,
}

fn peertube_page<'a>(segments: &[&'a str]) -> Option<PeerTubePage<'a>> {
    match segments {
        ["w", "p", _] | ["videos", "watch", "playlist", _] | ["video-playlists", ..] => {
            Some(PeerTubePage::Playlist)
        }
        ["w", id] | ["videos", "watch" | "embed", id] => Some(PeerTubePage::Video(id)),
        _ => None,
    }
}

fn other_host(address: &Address, peertube_hosts: &[String]) -> Result<VideoSource, SourceError> {
    let configured = peertube_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(&address.host));
    match peertube_page(&address.segments) {
        Some(_) if !configured => Err(SourceError::UnknownPeerTubeHost {
            host: address.host.clone(),
            suggestion: suggest(&address.host, peertube_hosts.iter().map(String::as_str))
                .map(str::to_string),
        }),
        Some(PeerTubePage::Video(id)) => peertube_video(address, id),
        Some(PeerTubePage::Playlist) => Err(SourceError::not_a_video(
            "PeerTube",
            Some("d'une liste de lecture"),
        )),
        None => match file_mime(address.url) {
            Some(mime) => Ok(VideoSource::File {
                url: address.url.to_string(),
                mime,
            }),
            None if configured => Err(SourceError::not_a_video("PeerTube", None)),
            None => Err(SourceError::Unrecognised),
        },
    }
}

fn peertube_video(address: &Address, id: &str) -> Result<VideoSource, SourceError> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(SourceError::BadId("PeerTube"));
    }
    Ok(VideoSource::PeerTube {
        host: address.host.clone(),
        id: id.to_string(),
        start: start_time(address.query("start"))?,
    })
}

fn file_mime(url: &Url) -> Option<&'static str> {
    let path = url.path().to_ascii_lowercase();
    if path.ends_with(".mp4") {
        Some("video/mp4")
    } else if path.ends_with(".webm") {
        Some("video/webm")
    } else {
        None
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

// The start time an address asks for, if any; 0 is the beginning, so no start at all.
fn start_time(written: Option<String>) -> Result<Option<u32>, SourceError> {
    let Some(written) = written else {
        return Ok(None);
    };
    let seconds = seconds_of(&written).ok_or(SourceError::BadStart(written))?;
    Ok((seconds > 0).then_some(seconds))
}

/// Seconds of a start time as video hosts write it: `90`, `90s`, `1m30s`, `1h2m3s`, `1m30`.
fn seconds_of(written: &str) -> Option<u32> {
    let lower = written.trim().to_ascii_lowercase();
    if let Ok(seconds) = lower.parse::<u32>() {
        return Some(seconds);
    }
    let mut rest = lower.as_str();
    let mut units: &[(char, u32)] = &[('h', 3600), ('m', 60), ('s', 1)];
    let mut total: u32 = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let value: u32 = rest[..digits].parse().ok()?;
        // A bare number at the end counts seconds: `1m30`.
        let unit = rest[digits..].chars().next().unwrap_or('s');
        let position = units.iter().position(|(u, _)| *u == unit)?;
        total = total.checked_add(value.checked_mul(units[position].1)?)?;
        units = &units[position + 1..];
        rest = rest.get(digits + 1..).unwrap_or_default();
    }
    Some(total)
}

/// Why a video URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    NotAUrl,
    NotHttps,
    Unrecognised,
    BadId(&'static str),
    /// A page of a known host that is not one video (a channel, a playlist…): `what` says
    /// which, when known, as « d'une chaîne ».
    NotAVideo {
        host: &'static str,
        what: Option<&'static str>,
    },
    /// The start time written in the address (`t=…`, `start=…`), unreadable.
    BadStart(String),
    UnknownPeerTubeHost {
        host: String,
        suggestion: Option<String>,
    },
}

impl SourceError {
    fn not_a_video(host: &'static str, what: Option<&'static str>) -> SourceError {
        SourceError::NotAVideo { host, what }
    }

    /// Message and help, in French.
    pub fn explain(&self, peertube_hosts: &[String]) -> (String, String) {
        let kinds = "une page PeerTube (https://HÔTE/w/…), YouTube, Vimeo, Dailymotion, ou un fichier https://….mp4 ou .webm";
        match self {
            SourceError::NotAUrl => (
                "l'adresse de la vidéo n'est pas une adresse web complète".into(),
                format!("copiez l'adresse de la page de la vidéo : {kinds}"),
            ),
            SourceError::NotHttps => (
                "l'adresse de la vidéo doit commencer par https://".into(),
                "remplacez http:// par https://".into(),
            ),
            SourceError::Unrecognised => (
                "hébergeur de vidéo non reconnu".into(),
                format!("adresses acceptées : {kinds}"),
            ),
            SourceError::BadId(host) => (
                format!("identifiant de vidéo {host} illisible dans cette adresse"),
                "copiez l'adresse depuis la barre d'adresse, sur la page de la vidéo".into(),
            ),
            SourceError::NotAVideo { host, what } => (
                match what {
                    Some(what) => format!("cette adresse {host} est celle {what}, pas d'une vidéo"),
                    None => format!("cette adresse {host} n'est pas celle d'une vidéo"),
                },
                format!(
                    "ouvrez la vidéo elle-même, puis copiez l'adresse de sa page, de la forme {}",
                    video_page_example(host)
                ),
            ),
            SourceError::BadStart(written) => (
                format!("le moment de départ `{written}` écrit dans l'adresse est illisible"),
                "écrivez-le en secondes (t=90) ou en minutes et secondes (t=1m30s), ou retirez-le pour partir du début".into(),
            ),
            SourceError::UnknownPeerTubeHost { host, suggestion } => (
                format!(
                    "le serveur PeerTube `{host}` n'est pas dans la liste `peertube_hosts` du site"
                ),
                match suggestion {
                    Some(close) => format!("vouliez-vous dire `{close}` ?"),
                    None => format!("serveurs acceptés : {}", peertube_hosts.join(", ")),
                },
            ),
        }
    }
}

fn video_page_example(host: &str) -> &'static str {
    match host {
        "YouTube" => "https://www.youtube.com/watch?v=…",
        "Vimeo" => "https://vimeo.com/123456789",
        "Dailymotion" => "https://www.dailymotion.com/video/x…",
        _ => "https://HÔTE/w/…",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEERTUBE: &str = "tube-cycle-2.apps.education.fr";
    const UUID: &str = "0b6f1e4c-8a7d-4c53-9a55-2f3c1b7e9d10";
    const YOUTUBE_EMBED: &str =
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0";
    const YOUTUBE_PAGE: &str = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";

    fn hosts() -> Vec<String> {
        vec![PEERTUBE.to_string()]
    }

    fn parse(url: &str) -> Result<VideoSource, SourceError> {
        VideoSource::parse(url, &hosts())
    }

    /// Every accepted form: (pasted address, player address, public link).
    fn accepted() -> Vec<(String, String, String)> {
        let youtube_at_42 = (
            format!("{YOUTUBE_EMBED}&start=42"),
            format!("{YOUTUBE_PAGE}&t=42s"),
        );
        let youtube = (YOUTUBE_EMBED.to_string(), YOUTUBE_PAGE.to_string());
        let vimeo_public = (
            "https://player.vimeo.com/video/123456789?dnt=1&autoplay=1".to_string(),
            "https://vimeo.com/123456789".to_string(),
        );
        let vimeo_unlisted = (
            "https://player.vimeo.com/video/123456789?h=a1b2c3d4e5&dnt=1&autoplay=1".to_string(),
            "https://vimeo.com/123456789/a1b2c3d4e5".to_string(),
        );
        let dailymotion = (
            "https://www.dailymotion.com/embed/video/x8abc12?autoplay=1".to_string(),
            "https://www.dailymotion.com/video/x8abc12".to_string(),
        );
        let peertube_short = (
            format!("https://{PEERTUBE}/videos/embed/9xFq2kLmN3pQ7rT5?autoplay=1&title=0&warningTitle=0"),
            format!("https://{PEERTUBE}/w/9xFq2kLmN3pQ7rT5"),
        );
        let peertube_uuid = (
            format!("https://{PEERTUBE}/videos/embed/{UUID}?autoplay=1&title=0&warningTitle=0"),
            format!("https://{PEERTUBE}/videos/watch/{UUID}"),
        );
        let table: Vec<(&str, (String, String))> = vec![
            // YouTube: every page a video is shown on, with the parameters its share menus add.
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", youtube.clone()),
            ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", youtube_at_42.clone()),
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=3", youtube.clone()),
            ("https://www.youtube.com/watch?t=42&v=dQw4w9WgXcQ&si=AbCdEfGh", youtube_at_42.clone()),
            ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", youtube.clone()),
            ("https://music.youtube.com/watch?v=dQw4w9WgXcQ&feature=share", youtube.clone()),
            ("https://www.youtube.com/shorts/dQw4w9WgXcQ?feature=share", youtube.clone()),
            ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=42", youtube_at_42.clone()),
            ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", youtube.clone()),
            ("https://www.youtube.com/live/dQw4w9WgXcQ?si=AbCdEfGh", youtube.clone()),
            ("https://youtu.be/dQw4w9WgXcQ", youtube.clone()),
            ("https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjKl&t=42", youtube_at_42.clone()),
            (
                "https://youtu.be/dQw4w9WgXcQ?t=1m30s",
                (format!("{YOUTUBE_EMBED}&start=90"), format!("{YOUTUBE_PAGE}&t=90s")),
            ),
            (
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1h2m3s",
                (format!("{YOUTUBE_EMBED}&start=3723"), format!("{YOUTUBE_PAGE}&t=3723s")),
            ),
            ("https://youtu.be/dQw4w9WgXcQ?t=0", youtube.clone()),
            // Vimeo: public, unlisted (hash in the path or in the player's `h=`), in a channel.
            ("https://vimeo.com/123456789", vimeo_public.clone()),
            ("https://vimeo.com/123456789?share=copy", vimeo_public.clone()),
            ("https://vimeo.com/channels/staffpicks/123456789", vimeo_public.clone()),
            ("https://vimeo.com/showcase/4242/video/123456789", vimeo_public.clone()),
            ("https://player.vimeo.com/video/123456789", vimeo_public.clone()),
            ("https://vimeo.com/123456789/a1b2c3d4e5", vimeo_unlisted.clone()),
            ("https://player.vimeo.com/video/123456789?h=a1b2c3d4e5", vimeo_unlisted.clone()),
            (
                "https://player.vimeo.com/video/123456789?h=a1b2c3d4e5&badge=0#t=1m5s",
                (
                    format!("{}#t=65s", vimeo_unlisted.0),
                    format!("{}#t=65s", vimeo_unlisted.1),
                ),
            ),
            (
                "https://vimeo.com/123456789#t=42s",
                (format!("{}#t=42s", vimeo_public.0), format!("{}#t=42s", vimeo_public.1)),
            ),
            // Dailymotion.
            ("https://www.dailymotion.com/video/x8abc12", dailymotion.clone()),
            ("https://www.dailymotion.com/video/x8abc12_le-rituel", dailymotion.clone()),
            ("https://dai.ly/x8abc12", dailymotion.clone()),
            ("https://geo.dailymotion.com/player.html?video=x8abc12", dailymotion.clone()),
            (
                "https://www.dailymotion.com/video/x8abc12?start=42",
                (
                    format!("{}&start=42", dailymotion.0),
                    format!("{}?start=42", dailymotion.1),
                ),
            ),
            // PeerTube, on a host of `peertube_hosts` (any letter case).
            ("https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5", peertube_short.clone()),
            ("https://Tube-Cycle-2.apps.education.fr/videos/embed/9xFq2kLmN3pQ7rT5", peertube_short.clone()),
            (
                "https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5?start=1m30s",
                (
                    format!("{}&start=90", peertube_short.0),
                    format!("{}?start=90", peertube_short.1),
                ),
            ),
            (
                "https://tube-cycle-2.apps.education.fr/videos/watch/0b6f1e4c-8a7d-4c53-9a55-2f3c1b7e9d10",
                peertube_uuid.clone(),
            ),
            (
                "https://tube-cycle-2.apps.education.fr/videos/embed/0b6f1e4c-8a7d-4c53-9a55-2f3c1b7e9d10",
                peertube_uuid.clone(),
            ),
            // A plain file: played by the browser, linked as is.
            (
                "https://media.example.org/v/fluence.mp4",
                (String::new(), "https://media.example.org/v/fluence.mp4".to_string()),
            ),
            (
                "https://media.example.org/v/A.WEBM?v=2",
                (String::new(), "https://media.example.org/v/A.WEBM?v=2".to_string()),
            ),
        ];
        table
            .into_iter()
            .map(|(pasted, (player, page))| (pasted.to_string(), player, page))
            .collect()
    }

    #[test]
    fn every_accepted_form_keeps_the_video_in_its_player_and_its_public_link() {
        for (pasted, player, page) in accepted() {
            let source = parse(&pasted).unwrap_or_else(|e| panic!("{pasted}: {e:?}"));
            let embed = source.embed();
            assert_eq!(embed.embed_url, player, "player of {pasted}");
            assert_eq!(embed.page_url, page, "public link of {pasted}");
        }
    }

    #[test]
    fn the_player_and_the_public_link_are_recognised_as_the_same_video() {
        for (pasted, _, _) in accepted() {
            let source = parse(&pasted).expect("accepted");
            let embed = source.embed();
            assert_eq!(parse(&embed.page_url), Ok(source.clone()), "{pasted}");
            if !embed.embed_url.is_empty() {
                assert_eq!(parse(&embed.embed_url), Ok(source), "{pasted}");
            }
        }
    }

    #[test]
    fn players_are_the_privacy_friendly_ones() {
        for (pasted, _, _) in accepted() {
            let embed = parse(&pasted).expect("accepted").embed();
            match embed.kind {
                "youtube" => assert!(embed
                    .embed_url
                    .starts_with("https://www.youtube-nocookie.com/embed/")),
                "vimeo" => assert!(embed.embed_url.contains("dnt=1"), "{pasted}"),
                "peertube" => assert_eq!(embed.origin, format!("https://{PEERTUBE}")),
                _ => {}
            }
            if embed.kind != "file" {
                assert!(embed.embed_url.starts_with(&embed.origin), "{pasted}");
                assert!(embed.embed_url.contains("autoplay=1"), "{pasted}");
            }
        }
    }

    #[test]
    fn an_unlisted_vimeo_keeps_its_hash_from_the_player_address() {
        assert_eq!(
            parse("https://player.vimeo.com/video/76979871?h=8272103f6e").unwrap(),
            VideoSource::Vimeo {
                id: "76979871".into(),
                hash: Some("8272103f6e".into()),
                start: None
            }
        );
    }

    /// Every refused form, with the start of its French message and of its fix.
    #[test]
    fn refused_forms_say_why_and_how_to_fix_them_in_french() {
        let table = [
            ("http://youtu.be/dQw4w9WgXcQ", "doit commencer par https://", "remplacez http://"),
            ("youtu.be/dQw4w9WgXcQ", "pas une adresse web complète", "copiez l'adresse"),
            ("https://youtu.be/short", "identifiant de vidéo YouTube illisible", "copiez l'adresse"),
            ("https://www.youtube.com/@ClassesA12", "cette adresse YouTube est celle d'une chaîne", "ouvrez la vidéo elle-même"),
            ("https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv", "celle d'une chaîne", "https://www.youtube.com/watch?v=…"),
            ("https://www.youtube.com/c/ClassesA12/videos", "celle d'une chaîne", "ouvrez la vidéo"),
            ("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG", "celle d'une playlist", "ouvrez la vidéo"),
            ("https://www.youtube.com/watch?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG", "celle d'une playlist", "ouvrez la vidéo"),
            ("https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG", "celle d'une playlist", "ouvrez la vidéo"),
            ("https://www.youtube.com/", "n'est pas celle d'une vidéo", "ouvrez la vidéo"),
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=bientôt", "moment de départ `bientôt`", "t=1m30s"),
            ("https://vimeo.com/classesa12", "cette adresse Vimeo est celle d'un compte", "https://vimeo.com/123456789"),
            ("https://vimeo.com/channels/staffpicks", "n'est pas celle d'une vidéo", "https://vimeo.com/123456789"),
            ("https://vimeo.com/123456789/a1b2-c3", "identifiant de vidéo Vimeo illisible", "copiez l'adresse"),
            ("https://player.vimeo.com/video/123456789?h=", "identifiant de vidéo Vimeo illisible", "copiez l'adresse"),
            ("https://vimeo.com/123456789#t=2m1h", "moment de départ `2m1h`", "en secondes"),
            ("https://www.dailymotion.com/playlist/x6hynp", "celle d'une playlist", "https://www.dailymotion.com/video/x…"),
            ("https://www.dailymotion.com/classesa12", "cette adresse Dailymotion n'est pas celle d'une vidéo", "ouvrez la vidéo"),
            ("https://tube-cycle-2.apps.education.fr/w/p/7sJ8kQ2m", "celle d'une liste de lecture", "https://HÔTE/w/…"),
            ("https://tube-cycle-2.apps.education.fr/c/classes_a12/videos", "cette adresse PeerTube n'est pas celle d'une vidéo", "ouvrez la vidéo"),
            ("https://tube-cycle-2.apps.education.fr/w/9xF!q", "identifiant de vidéo PeerTube illisible", "copiez l'adresse"),
            ("https://tube-cycle-3.apps.education.fr/w/abc", "le serveur PeerTube `tube-cycle-3.apps.education.fr` n'est pas dans la liste `peertube_hosts`", "vouliez-vous dire `tube-cycle-2.apps.education.fr` ?"),
            ("https://video.example.net/videos/watch/abc", "`video.example.net` n'est pas dans la liste `peertube_hosts`", "serveurs acceptés : tube-cycle-2.apps.education.fr"),
            ("https://example.org/page.html", "hébergeur de vidéo non reconnu", "adresses acceptées"),
            ("https://media.example.org/v/fluence.avi", "hébergeur de vidéo non reconnu", "adresses acceptées"),
        ];
        for (pasted, message, help) in table {
            let error = parse(pasted).expect_err(pasted);
            let (said, fix) = error.explain(&hosts());
            assert!(said.contains(message), "{pasted}: « {said} »");
            assert!(fix.contains(help), "{pasted}: « {fix} »");
        }
    }

    #[test]
    fn start_times_read_as_hosts_write_them() {
        for (written, seconds) in [
            ("90", Some(90)),
            ("90s", Some(90)),
            ("1m30s", Some(90)),
            ("1m30", Some(90)),
            ("1H2M3S", Some(3723)),
            ("2m", Some(120)),
            ("", Some(0)),
            ("1s2m", None),
            ("abc", None),
            ("-5", None),
            ("99999999999", None),
            ("4294967295h", None),
        ] {
            assert_eq!(seconds_of(written), seconds, "{written}");
        }
    }
}
