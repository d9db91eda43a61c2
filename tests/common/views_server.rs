//! A local HTTP server standing for the video hosts' APIs in `capsule views` tests and its
//! benchmark: it answers each request with what a route function says (a recorded body of
//! `tests/fixtures/views/`, a status, a `Retry-After`), and remembers every request.
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, Mutex};

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Path and query, as sent.
    pub url: String,
    pub authorization: Option<String>,
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<u64>,
}

impl Answer {
    /// A 200 with a recorded body.
    pub fn ok(fixture_name: &str) -> Answer {
        Answer::status(200, fixture_name)
    }

    /// `status` with a recorded body.
    pub fn status(status: u16, fixture_name: &str) -> Answer {
        Answer {
            status,
            body: fixture(fixture_name),
            retry_after: None,
        }
    }

    pub fn text(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: body.as_bytes().to_vec(),
            retry_after: None,
        }
    }

    pub fn retry_after(mut self, seconds: u64) -> Answer {
        self.retry_after = Some(seconds);
        self
    }
}

/// A recorded API body of `tests/fixtures/views/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/views")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The running server; stops when dropped.
pub struct ApiServer {
    /// `http://127.0.0.1:PORT`, for `CAPSULE_VIEWS_API_BASE`.
    pub base: String,
    server: Arc<tiny_http::Server>,
    seen: Arc<Mutex<Vec<Seen>>>,
    threads: usize,
}

type Route = dyn Fn(&str, usize) -> Answer + Send + Sync;

impl ApiServer {
    /// Serves with `route(url, times)`, `times` being how often that URL was asked before.
    pub fn start(route: impl Fn(&str, usize) -> Answer + Send + Sync + 'static) -> ApiServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("local server"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let route: Arc<Route> = Arc::new(route);
        let threads = 8;
        for _ in 0..threads {
            let (server, seen, route) = (server.clone(), seen.clone(), route.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    answer(request, &seen, route.as_ref());
                }
            });
        }
        ApiServer {
            base: format!("http://127.0.0.1:{port}"),
            server,
            seen,
            threads,
        }
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("requests").clone()
    }

    /// The requests whose URL starts with `prefix`.
    pub fn seen_under(&self, prefix: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.url.starts_with(prefix))
            .collect()
    }
}

fn answer(request: tiny_http::Request, seen: &Mutex<Vec<Seen>>, route: &Route) {
    let url = request.url().to_string();
    let authorization = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .map(|h| h.value.to_string());
    let times = {
        let mut seen = seen.lock().expect("requests");
        let times = seen.iter().filter(|s| s.url == url).count();
        seen.push(Seen {
            url: url.clone(),
            authorization,
        });
        times
    };
    let answer = route(&url, times);
    let mut response = tiny_http::Response::from_data(answer.body)
        .with_status_code(answer.status)
        .with_header(
            tiny_http::Header::from_bytes("Content-Type", "application/json; charset=utf-8")
                .expect("header"),
        );
    if let Some(seconds) = answer.retry_after {
        response = response.with_header(
            tiny_http::Header::from_bytes("Retry-After", seconds.to_string()).expect("header"),
        );
    }
    let _ = request.respond(response);
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        for _ in 0..self.threads {
            self.server.unblock();
        }
    }
}
