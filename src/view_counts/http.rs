//! The HTTP side of `capsule views`: one blocking `ureq` agent (rustls; no async runtime)
//! with timeouts, and polite retries: a 429 or a 5xx answer, a timeout or a failed
//! connection is tried again after the wait the server asks for (`Retry-After`, capped) or
//! a doubling pause, a few times at most.

use std::time::Duration;

/// Why a count could not be read, said in French in the command's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 404 or 410: the video is gone, private, or its address is wrong.
    NotFound,
    /// 401 or 403: a key or token refused, a quota spent, a video not shared.
    Refused(u16),
    /// 429 after every attempt.
    TooManyRequests,
    /// Another status after every attempt (5xx) or at once (other 4xx).
    Status(u16),
    /// The answer is not the JSON the API documents.
    Unreadable,
    /// The host shows no count for this video (Vimeo's `stats.plays: null`).
    Hidden,
    Timeout,
    /// No connection (name unknown, refused, TLS…).
    Unreachable,
    /// Not asked: the host failed too many times in a row during this run.
    HostDown,
}

impl Failure {
    /// "vidéo introuvable (404)", in French.
    pub fn describe(&self) -> String {
        match self {
            Failure::NotFound => "vidéo introuvable (404)".into(),
            Failure::Refused(status) => {
                format!(
                    "accès refusé ({status} : clé ou jeton refusé, quota dépassé, ou vidéo privée)"
                )
            }
            Failure::TooManyRequests => {
                "trop de requêtes (429), même après plusieurs essais".into()
            }
            Failure::Status(status) if *status >= 500 => {
                format!("erreur du serveur ({status}), même après plusieurs essais")
            }
            Failure::Status(status) => format!("réponse inattendue ({status})"),
            Failure::Unreadable => "réponse illisible (pas le JSON attendu)".into(),
            Failure::Hidden => "compteur masqué par le propriétaire de la vidéo".into(),
            Failure::Timeout => "délai dépassé, même après plusieurs essais".into(),
            Failure::Unreachable => "hébergeur injoignable".into(),
            Failure::HostDown => "non demandé : l'hébergeur a échoué trop de fois de suite".into(),
        }
    }

    /// Whether this failure says something about the host rather than about one video.
    pub fn is_host_trouble(&self) -> bool {
        matches!(
            self,
            Failure::TooManyRequests
                | Failure::Timeout
                | Failure::Unreachable
                | Failure::Status(500..)
        )
    }
}

/// How patient the client is.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Whole request, connection to last byte.
    pub timeout: Duration,
    /// Tries per request (the first included).
    pub attempts: u32,
    /// First pause between tries when the server names none; doubled each time.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one is waited this long.
    pub max_wait: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Patience {
            timeout: Duration::from_secs(20),
            attempts: 3,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(30),
        }
    }
}

/// The largest answer read: a video's JSON is a few kilobytes.
const MAX_BODY: u64 = 2 * 1024 * 1024;

/// A blocking HTTP client shared by the worker threads.
pub struct Client {
    agent: ureq::Agent,
    patience: Patience,
}

enum Attempt {
    Done(Result<String, Failure>),
    Again(Failure, Option<Duration>),
}

impl Client {
    pub fn new(patience: Patience, user_agent: &str) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(patience.timeout))
            .user_agent(user_agent)
            .max_idle_connections_per_host(8)
            .build();
        Client {
            agent: config.into(),
            patience,
        }
    }

    /// The body of a 200 answer to `GET url`, with `authorization` as that header.
    pub fn get(&self, url: &str, authorization: Option<&str>) -> Result<String, Failure> {
        let mut pause = self.patience.backoff;
        let mut attempt = 1;
        loop {
            match self.try_once(url, authorization) {
                Attempt::Done(result) => return result,
                Attempt::Again(failure, _) if attempt >= self.patience.attempts => {
                    return Err(failure)
                }
                Attempt::Again(_, asked) => {
                    let wait = asked.map_or(pause, |asked| asked.min(self.patience.max_wait));
                    std::thread::sleep(wait);
                    pause *= 2;
                    attempt += 1;
                }
            }
        }
    }

    fn try_once(&self, url: &str, authorization: Option<&str>) -> Attempt {
        let mut request = self.agent.get(url).header("Accept", "application/json");
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        let mut response = match request.call() {
            Ok(response) => response,
            Err(ureq::Error::Timeout(_)) => return Attempt::Again(Failure::Timeout, None),
            Err(_) => return Attempt::Again(Failure::Unreachable, None),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        match status {
            200 => {
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(MAX_BODY)
                    .read_to_string();
                match body {
                    Ok(text) => Attempt::Done(Ok(text)),
                    Err(ureq::Error::Timeout(_)) => Attempt::Again(Failure::Timeout, None),
                    Err(_) => Attempt::Done(Err(Failure::Unreadable)),
                }
            }
            404 | 410 => Attempt::Done(Err(Failure::NotFound)),
            401 | 403 => Attempt::Done(Err(Failure::Refused(status))),
            429 => Attempt::Again(Failure::TooManyRequests, retry_after),
            500.. => Attempt::Again(Failure::Status(status), retry_after),
            _ => Attempt::Done(Err(Failure::Status(status))),
        }
    }
}
