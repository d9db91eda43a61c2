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

/// Every request, and how often each URL was asked.
#[derive(Default)]
struct Log {
    requests: Vec<Seen>,
    times: std::collections::HashMap<String, usize>,
    /// Connections held open from the start, closed at the first real request (see `warm`).
    warm: Vec<std::net::TcpStream>,
}

/// The path of the warming requests, not logged.
const WARM: &str = "/__warm";

/// The running server; stops when dropped.
pub struct ApiServer {
    /// `http://127.0.0.1:PORT`, for `CAPSULE_VIEWS_API_BASE`.
    pub base: String,
    server: Arc<tiny_http::Server>,
    seen: Arc<Mutex<Log>>,
    threads: usize,
}

type Route = dyn Fn(&str, usize) -> Answer + Send + Sync;

impl ApiServer {
    /// Serves with `route(url, times)`, `times` being how often that URL was asked before.
    pub fn start(route: impl Fn(&str, usize) -> Answer + Send + Sync + 'static) -> ApiServer {
        let server = Arc::new(
            tiny_http::Server::from_listener(no_delay_listener(), None).expect("local server"),
        );
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let seen: Arc<Mutex<Log>> = Arc::default();
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
        warm(port, &seen);
        ApiServer {
            base: format!("http://127.0.0.1:{port}"),
            server,
            seen,
            threads,
        }
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("requests").requests.clone()
    }

    /// The requests whose URL starts with `prefix`.
    pub fn seen_under(&self, prefix: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.url.starts_with(prefix))
            .collect()
    }
}

// tiny_http serves each connection on a thread of its pool, which adds a thread only when
// none is idle, judged by a count that lags when connections arrive together: of the 8
// connections a client opens at once, some can wait for a thread until another connection
// closes (20 s and more). So the server first opens 8 connections of its own, one after
// the other (each gets its thread), and closes them at the first real request: their
// threads are then idle for the client's connections.
fn warm(port: u16, log: &Mutex<Log>) {
    use std::io::{Read, Write};
    for _ in 0..8 {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(stream, "GET {WARM} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("warm");
        let mut answer = [0u8; 512];
        let _ = stream.read(&mut answer).expect("warm answer");
        log.lock().expect("requests").warm.push(stream);
    }
}

// A loopback listener whose connections send at once (TCP_NODELAY, inherited by accepted
// sockets on Linux). tiny_http writes a response's head and a body over 1 KB in two
// writes: with Nagle's algorithm the second waits for the client's delayed ACK, 40 ms a
// request, which a real API does not add.
fn no_delay_listener() -> std::net::TcpListener {
    use std::os::fd::AsRawFd;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let on: libc::c_int = 1;
    // SAFETY: a valid socket descriptor, and a pointer to a c_int of the size given.
    let set = unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(set, 0, "TCP_NODELAY");
    listener
}

fn answer(request: tiny_http::Request, seen: &Mutex<Log>, route: &Route) {
    let url = request.url().to_string();
    let authorization = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .map(|h| h.value.to_string());
    if url == WARM {
        let _ = request.respond(tiny_http::Response::empty(200));
        return;
    }
    let times = {
        let mut log = seen.lock().expect("requests");
        log.warm.clear();
        let count = log.times.entry(url.clone()).or_default();
        let times = *count;
        *count += 1;
        log.requests.push(Seen {
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
