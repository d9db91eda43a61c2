//! The four hosts' public APIs: where to ask (overridable, for tests and mirrors), with what
//! key, and how to read the count in the answer.
//!
//! - PeerTube: `GET https://HOST/api/v1/videos/{id}` → `views` (no key).
//! - YouTube Data API v3: `GET …/videos?part=statistics&id=a,b,…&key=KEY`, 50 ids a request
//!   → `items[].statistics.viewCount` (a string); needs `YOUTUBE_API_KEY`.
//! - Vimeo: `GET https://api.vimeo.com/videos/{id}` with `Authorization: bearer TOKEN`
//!   → `stats.plays`; needs `VIMEO_TOKEN`.
//! - Dailymotion: `GET https://api.dailymotion.com/video/{id}?fields=views_total`
//!   → `views_total` (no key).

use std::collections::HashMap;

use serde::Deserialize;

use super::http::Failure;
use crate::catalog::video_source::VideoSource;
use crate::load::data::Platform;

/// The YouTube Data API takes at most this many ids a request.
pub const YOUTUBE_BATCH: usize = 50;

/// Where each API is, and the secrets some need.
#[derive(Debug, Clone)]
pub struct Apis {
    /// `{host}` stands for the PeerTube instance.
    pub peertube: String,
    pub youtube: String,
    pub vimeo: String,
    pub dailymotion: String,
    pub youtube_key: Option<String>,
    pub vimeo_token: Option<String>,
}

impl Apis {
    /// From the environment: `YOUTUBE_API_KEY`, `VIMEO_TOKEN`; `CAPSULE_VIEWS_API_BASE`
    /// sends every API to one server (`BASE/peertube/{host}`, `BASE/youtube/v3`,
    /// `BASE/vimeo`, `BASE/dailymotion`), and `CAPSULE_VIEWS_PEERTUBE_BASE` (with `{host}`),
    /// `…_YOUTUBE_BASE`, `…_VIMEO_BASE`, `…_DAILYMOTION_BASE` move one.
    pub fn from_env() -> Apis {
        Apis::from_vars(|name| std::env::var(name).ok())
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Apis {
        let set = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let common = set("CAPSULE_VIEWS_API_BASE").map(|b| b.trim_end_matches('/').to_string());
        let base = |name: &str, default: &str, under_common: &str| {
            set(name)
                .map(|b| b.trim_end_matches('/').to_string())
                .or_else(|| common.as_ref().map(|c| format!("{c}{under_common}")))
                .unwrap_or_else(|| default.to_string())
        };
        Apis {
            peertube: base(
                "CAPSULE_VIEWS_PEERTUBE_BASE",
                "https://{host}",
                "/peertube/{host}",
            ),
            youtube: base(
                "CAPSULE_VIEWS_YOUTUBE_BASE",
                "https://www.googleapis.com/youtube/v3",
                "/youtube/v3",
            ),
            vimeo: base(
                "CAPSULE_VIEWS_VIMEO_BASE",
                "https://api.vimeo.com",
                "/vimeo",
            ),
            dailymotion: base(
                "CAPSULE_VIEWS_DAILYMOTION_BASE",
                "https://api.dailymotion.com",
                "/dailymotion",
            ),
            youtube_key: set("YOUTUBE_API_KEY"),
            vimeo_token: set("VIMEO_TOKEN"),
        }
    }

    /// Why `platform` cannot be asked at all, when it cannot.
    pub fn missing_secret(&self, platform: Platform) -> Option<&'static str> {
        match platform {
            Platform::YouTube if self.youtube_key.is_none() => Some("pas de clé YOUTUBE_API_KEY"),
            Platform::Vimeo if self.vimeo_token.is_none() => Some("pas de jeton VIMEO_TOKEN"),
            _ => None,
        }
    }
}

/// One video to count.
#[derive(Debug, Clone)]
pub struct Target {
    pub slug: String,
    pub platform: Platform,
    /// The PeerTube instance, or the platform's name: requests to one host share its fate.
    pub host: String,
    /// The id the API takes.
    pub id: String,
}

impl Target {
    /// The video's host and id, or `None` for a plain video file (no counter to read).
    pub fn of(slug: &str, source: &VideoSource) -> Option<Target> {
        let (platform, host, id) = match source {
            VideoSource::PeerTube { host, id, .. } => {
                (Platform::PeerTube, host.clone(), id.clone())
            }
            VideoSource::YouTube { id, .. } => (Platform::YouTube, "YouTube".into(), id.clone()),
            // An unlisted video is asked for as `id:hash`.
            VideoSource::Vimeo { id, hash, .. } => (
                Platform::Vimeo,
                "Vimeo".into(),
                match hash {
                    Some(hash) => format!("{id}:{hash}"),
                    None => id.clone(),
                },
            ),
            VideoSource::Dailymotion { id, .. } => {
                (Platform::Dailymotion, "Dailymotion".into(), id.clone())
            }
            VideoSource::File { .. } => return None,
        };
        Some(Target {
            slug: slug.to_string(),
            platform,
            host,
            id,
        })
    }

    /// "PeerTube (tube-cycle-2.apps.education.fr)", "YouTube"…
    pub fn host_label(&self) -> String {
        match self.platform {
            Platform::PeerTube => format!("PeerTube ({})", self.host),
            other => other.name().to_string(),
        }
    }
}

/// One HTTP request and the targets it counts.
#[derive(Debug, Clone)]
pub struct Request {
    /// Indices into the targets.
    pub targets: Vec<usize>,
    pub url: String,
    pub authorization: Option<String>,
    /// The host whose failures this request shares.
    pub host: String,
}

/// The requests for `targets` (indices of those whose platform can be asked): one per
/// video, YouTube's 50 at a time.
pub fn plan(targets: &[Target], asked: &[usize], apis: &Apis) -> Vec<Request> {
    let mut requests = Vec::new();
    let mut youtube: Vec<usize> = Vec::new();
    for &index in asked {
        let target = &targets[index];
        let (url, authorization) = match target.platform {
            Platform::YouTube => {
                youtube.push(index);
                continue;
            }
            Platform::PeerTube => (
                format!(
                    "{}/api/v1/videos/{}",
                    apis.peertube.replace("{host}", &target.host),
                    target.id
                ),
                None,
            ),
            Platform::Vimeo => (
                format!("{}/videos/{}?fields=uri,stats", apis.vimeo, target.id),
                apis.vimeo_token.as_ref().map(|t| format!("bearer {t}")),
            ),
            Platform::Dailymotion => (
                format!(
                    "{}/video/{}?fields=views_total",
                    apis.dailymotion, target.id
                ),
                None,
            ),
        };
        requests.push(Request {
            targets: vec![index],
            url,
            authorization,
            host: target.host.clone(),
        });
    }
    let key = apis.youtube_key.clone().unwrap_or_default();
    for batch in youtube.chunks(YOUTUBE_BATCH) {
        let mut ids: Vec<&str> = batch.iter().map(|&i| targets[i].id.as_str()).collect();
        ids.dedup();
        requests.push(Request {
            targets: batch.to_vec(),
            url: format!(
                "{}/videos?part=statistics&id={}&key={}",
                apis.youtube,
                ids.join(","),
                url::form_urlencoded::byte_serialize(key.as_bytes()).collect::<String>()
            ),
            authorization: None,
            host: "YouTube".into(),
        });
    }
    requests
}

#[derive(Deserialize)]
struct PeerTubeVideo {
    views: u64,
}

#[derive(Deserialize)]
struct DailymotionVideo {
    views_total: u64,
}

#[derive(Deserialize)]
struct VimeoVideo {
    stats: VimeoStats,
}

#[derive(Deserialize)]
struct VimeoStats {
    plays: Option<u64>,
}

#[derive(Deserialize)]
struct YouTubeList {
    #[serde(default)]
    items: Vec<YouTubeVideo>,
}

#[derive(Deserialize)]
struct YouTubeVideo {
    id: String,
    statistics: YouTubeStatistics,
}

#[derive(Deserialize)]
struct YouTubeStatistics {
    #[serde(rename = "viewCount")]
    view_count: Option<String>,
}

/// The count in one video's answer (PeerTube, Vimeo, Dailymotion).
pub fn read_one(platform: Platform, body: &str) -> Result<u64, Failure> {
    let unreadable = |_| Failure::Unreadable;
    match platform {
        Platform::PeerTube => serde_json::from_str::<PeerTubeVideo>(body)
            .map(|v| v.views)
            .map_err(unreadable),
        Platform::Dailymotion => serde_json::from_str::<DailymotionVideo>(body)
            .map(|v| v.views_total)
            .map_err(unreadable),
        Platform::Vimeo => serde_json::from_str::<VimeoVideo>(body)
            .map_err(unreadable)?
            .stats
            .plays
            .ok_or(Failure::Hidden),
        Platform::YouTube => Err(Failure::Unreadable),
    }
}

/// The counts of a YouTube answer by video id; an id left out of `items` is a video gone or
/// private, and a hidden count is left out too.
pub fn read_youtube(body: &str) -> Result<HashMap<String, Result<u64, Failure>>, Failure> {
    let list: YouTubeList = serde_json::from_str(body).map_err(|_| Failure::Unreadable)?;
    Ok(list
        .items
        .into_iter()
        .map(|video| {
            let count = match video.statistics.view_count {
                Some(text) => text.parse().map_err(|_| Failure::Unreadable),
                None => Err(Failure::Hidden),
            };
            (video.id, count)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_base_sends_every_api_to_a_local_server() {
        let apis = Apis::from_vars(|name| match name {
            "CAPSULE_VIEWS_API_BASE" => Some("http://127.0.0.1:9/".into()),
            "CAPSULE_VIEWS_VIMEO_BASE" => Some("http://127.0.0.1:8/v".into()),
            "YOUTUBE_API_KEY" => Some("  ".into()),
            _ => None,
        });
        assert_eq!(apis.peertube, "http://127.0.0.1:9/peertube/{host}");
        assert_eq!(apis.youtube, "http://127.0.0.1:9/youtube/v3");
        assert_eq!(apis.vimeo, "http://127.0.0.1:8/v");
        assert_eq!(
            apis.missing_secret(Platform::YouTube),
            Some("pas de clé YOUTUBE_API_KEY")
        );
        let defaults = Apis::from_vars(|_| None);
        assert_eq!(defaults.dailymotion, "https://api.dailymotion.com");
    }

    #[test]
    fn youtube_ids_go_fifty_to_a_request() {
        let targets: Vec<Target> = (0..120)
            .map(|i| Target {
                slug: format!("v{i}"),
                platform: Platform::YouTube,
                host: "YouTube".into(),
                id: format!("id{i:09}"),
            })
            .collect();
        let apis = Apis::from_vars(|name| (name == "YOUTUBE_API_KEY").then(|| "k&y".into()));
        let asked: Vec<usize> = (0..120).collect();
        let requests = plan(&targets, &asked, &apis);
        let sizes: Vec<usize> = requests.iter().map(|r| r.targets.len()).collect();
        assert_eq!(sizes, [50, 50, 20]);
        assert!(
            requests[2].url.ends_with("id000000119&key=k%26y"),
            "{}",
            requests[2].url
        );
    }
}
