//! Where a video is hosted, recognised from its page URL, and how to embed it once the
//! visitor clicks: PeerTube on the configured hosts, YouTube (privacy-enhanced), Vimeo (do
//! not track), Dailymotion, or a plain video file.

use serde::Serialize;
use url::Url;

use crate::diagnostics::suggest;

/// A recognised video.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoSource {
    PeerTube { host: String, id: String },
    YouTube { id: String },
    Vimeo { id: String, hash: Option<String> },
    Dailymotion { id: String },
    File { url: String, mime: &'static str },
}

/// Everything the player needs, computed once per video.
#[derive(Debug, Clone, Serialize)]
pub struct Embed {
    /// "peertube", "youtube", "vimeo", "dailymotion" or "file".
    pub kind: &'static str,
    /// What the visitor reads: "PeerTube (tube-cycle-2.apps.education.fr)", "YouTube"…
    pub host_label: String,
    /// The page on the host, always linked.
    pub page_url: String,
    /// The iframe's `src` (empty for files), with autoplay since a click created it.
    pub embed_url: String,
    /// Origin contacted after the click, for the CSP `frame-src`.
    pub origin: String,
    /// For files: the file's URL and type.
    pub file_url: String,
    pub file_mime: &'static str,
}

impl VideoSource {
    /// Recognises `page_url`; `peertube_hosts` are the PeerTube instances allowed.
    pub fn parse(page_url: &str, peertube_hosts: &[String]) -> Result<VideoSource, SourceError> {
        let url = Url::parse(page_url.trim()).map_err(|_| SourceError::NotAUrl)?;
        if url.scheme() != "https" {
            return Err(SourceError::NotHttps);
        }
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        match host.trim_start_matches("www.").trim_start_matches("m.") {
            "youtube.com" | "youtube-nocookie.com" => youtube_from_long(&url, &segments),
            "youtu.be" => youtube_id(segments.first().copied()),
            "vimeo.com" | "player.vimeo.com" => vimeo(&segments),
            "dailymotion.com" => match segments.as_slice() {
                ["video", id, ..] | ["embed", "video", id, ..] => dailymotion_id(id),
                _ => Err(SourceError::Unrecognised),
            },
            "dai.ly" => dailymotion_id(segments.first().copied().unwrap_or_default()),
            _ => other_host(&url, &host, &segments, peertube_hosts),
        }
    }

    /// The player's data for this video.
    pub fn embed(&self, page_url: &str) -> Embed {
        let (kind, host_label, embed_url, origin) = match self {
            VideoSource::PeerTube { host, id } => (
                "peertube",
                format!("PeerTube ({host})"),
                format!("https://{host}/videos/embed/{id}?autoplay=1&title=0&warningTitle=0"),
                format!("https://{host}"),
            ),
            VideoSource::YouTube { id } => (
                "youtube",
                "YouTube".to_string(),
                format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0"),
                "https://www.youtube-nocookie.com".to_string(),
            ),
            VideoSource::Vimeo { id, hash } => (
                "vimeo",
                "Vimeo".to_string(),
                match hash {
                    Some(h) => {
                        format!("https://player.vimeo.com/video/{id}?h={h}&dnt=1&autoplay=1")
                    }
                    None => format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
                },
                "https://player.vimeo.com".to_string(),
            ),
            VideoSource::Dailymotion { id } => (
                "dailymotion",
                "Dailymotion".to_string(),
                format!("https://www.dailymotion.com/embed/video/{id}?autoplay=1"),
                "https://www.dailymotion.com".to_string(),
            ),
            VideoSource::File { url, .. } => {
                let parsed = Url::parse(url).ok();
                (
                    "file",
                    parsed
                        .as_ref()
                        .and_then(Url::host_str)
                        .unwrap_or("un serveur web")
                        .to_string(),
                    String::new(),
                    parsed
                        .map(|u| u.origin().ascii_serialization())
                        .unwrap_or_default(),
                )
            }
        };
        let (file_url, file_mime) = match self {
            VideoSource::File { url, mime } => (url.clone(), *mime),
            _ => (String::new(), ""),
        };
        Embed {
            kind,
            host_label,
            page_url: page_url.trim().to_string(),
            embed_url,
            origin,
            file_url,
            file_mime,
        }
    }

    /// YouTube's own thumbnail, for feeds and metadata only (never shown on pages).
    pub fn remote_thumbnail(&self) -> Option<String> {
        match self {
            VideoSource::YouTube { id } => {
                Some(format!("https://i.ytimg.com/vi/{id}/hqdefault.jpg"))
            }
            _ => None,
        }
    }
}

fn youtube_from_long(url: &Url, segments: &[&str]) -> Result<VideoSource, SourceError> {
    match segments {
        ["watch"] => youtube_id(
            url.query_pairs()
                .find(|(k, _)| k == "v")
                .map(|(_, v)| v.into_owned())
                .as_deref(),
        ),
        ["shorts", id] | ["embed", id] | ["live", id] => youtube_id(Some(id)),
        _ => Err(SourceError::Unrecognised),
    }
}

fn youtube_id(id: Option<&str>) -> Result<VideoSource, SourceError> {
    match id {
        Some(id)
            if id.len() == 11
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            Ok(VideoSource::YouTube { id: id.to_string() })
        }
        _ => Err(SourceError::BadId("YouTube")),
    }
}

fn vimeo(segments: &[&str]) -> Result<VideoSource, SourceError> {
    let (id, hash) = match segments {
        ["video", id, ..] => (*id, None),
        [id, hash] => (*id, Some(hash.to_string())),
        [id] => (*id, None),
        _ => return Err(SourceError::Unrecognised),
    };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SourceError::BadId("Vimeo"));
    }
    let hash = hash.filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric()));
    Ok(VideoSource::Vimeo {
        id: id.to_string(),
        hash,
    })
}

fn dailymotion_id(id: &str) -> Result<VideoSource, SourceError> {
    let id = id.split('_').next().unwrap_or_default();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SourceError::BadId("Dailymotion"));
    }
    Ok(VideoSource::Dailymotion { id: id.to_string() })
}

fn other_host(
    url: &Url,
    host: &str,
    segments: &[&str],
    peertube_hosts: &[String],
) -> Result<VideoSource, SourceError> {
    let peertube_id = match segments {
        ["w", id] | ["videos", "watch", id] | ["videos", "embed", id] => Some(*id),
        _ => None,
    };
    if let Some(id) = peertube_id {
        if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') || id.is_empty() {
            return Err(SourceError::BadId("PeerTube"));
        }
        if !peertube_hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            let close =
                suggest(host, peertube_hosts.iter().map(String::as_str)).map(str::to_string);
            return Err(SourceError::UnknownPeerTubeHost {
                host: host.to_string(),
                suggestion: close,
            });
        }
        return Ok(VideoSource::PeerTube {
            host: host.to_string(),
            id: id.to_string(),
        });
    }
    let path = url.path().to_ascii_lowercase();
    let mime = if path.ends_with(".mp4") {
        "video/mp4"
    } else if path.ends_with(".webm") {
        "video/webm"
    } else {
        return Err(SourceError::Unrecognised);
    };
    Ok(VideoSource::File {
        url: url.to_string(),
        mime,
    })
}

/// Why a video URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    NotAUrl,
    NotHttps,
    Unrecognised,
    BadId(&'static str),
    UnknownPeerTubeHost {
        host: String,
        suggestion: Option<String>,
    },
}

impl SourceError {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        vec!["tube-cycle-2.apps.education.fr".to_string()]
    }

    fn parse(url: &str) -> Result<VideoSource, SourceError> {
        VideoSource::parse(url, &hosts())
    }

    #[test]
    fn recognises_every_host_kind() {
        assert_eq!(
            parse("https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5").unwrap(),
            VideoSource::PeerTube {
                host: "tube-cycle-2.apps.education.fr".into(),
                id: "9xFq2kLmN3pQ7rT5".into()
            }
        );
        assert!(matches!(
            parse("https://tube-cycle-2.apps.education.fr/videos/watch/0b6f1e4c-8a7d-4c53-9a55-2f3c1b7e9d10"),
            Ok(VideoSource::PeerTube { .. })
        ));
        let youtube = VideoSource::YouTube {
            id: "dQw4w9WgXcQ".into(),
        };
        assert_eq!(
            parse("https://www.youtube.com/watch?v=dQw4w9WgXcQ").unwrap(),
            youtube
        );
        assert_eq!(parse("https://youtu.be/dQw4w9WgXcQ").unwrap(), youtube);
        assert_eq!(
            parse("https://www.youtube.com/shorts/dQw4w9WgXcQ").unwrap(),
            youtube
        );
        assert_eq!(
            parse("https://vimeo.com/123456789").unwrap(),
            VideoSource::Vimeo {
                id: "123456789".into(),
                hash: None
            }
        );
        assert_eq!(
            parse("https://www.dailymotion.com/video/x8abc12").unwrap(),
            VideoSource::Dailymotion {
                id: "x8abc12".into()
            }
        );
        assert_eq!(
            parse("https://media.example.org/v/a.webm").unwrap(),
            VideoSource::File {
                url: "https://media.example.org/v/a.webm".into(),
                mime: "video/webm"
            }
        );
    }

    #[test]
    fn refuses_what_it_cannot_play() {
        assert_eq!(
            parse("http://youtu.be/dQw4w9WgXcQ"),
            Err(SourceError::NotHttps)
        );
        assert_eq!(parse("youtu.be/dQw4w9WgXcQ"), Err(SourceError::NotAUrl));
        assert_eq!(
            parse("https://youtu.be/short"),
            Err(SourceError::BadId("YouTube"))
        );
        assert_eq!(
            parse("https://example.org/page.html"),
            Err(SourceError::Unrecognised)
        );
        assert_eq!(
            parse("https://tube-cycle-3.apps.education.fr/w/abc"),
            Err(SourceError::UnknownPeerTubeHost {
                host: "tube-cycle-3.apps.education.fr".into(),
                suggestion: Some("tube-cycle-2.apps.education.fr".into())
            })
        );
    }

    #[test]
    fn embeds_use_privacy_friendly_players() {
        let youtube = parse("https://youtu.be/dQw4w9WgXcQ")
            .unwrap()
            .embed("https://youtu.be/dQw4w9WgXcQ");
        assert!(youtube
            .embed_url
            .starts_with("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"));
        let vimeo = parse("https://vimeo.com/1234").unwrap().embed("");
        assert!(vimeo.embed_url.contains("dnt=1"));
        let peertube = parse("https://tube-cycle-2.apps.education.fr/w/abc")
            .unwrap()
            .embed("");
        assert_eq!(peertube.origin, "https://tube-cycle-2.apps.education.fr");
        assert!(peertube
            .embed_url
            .starts_with("https://tube-cycle-2.apps.education.fr/videos/embed/abc"));
    }
}
