//! The development server: static files of the output folder (never outside it), `404.html`
//! for unknown paths, and live reload over Server-Sent Events with an error overlay.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::paths;

const EVENTS_PATH: &str = "/__capsule/events";
const SCRIPT_PATH: &str = "/__capsule/livereload.js";
const SCRIPT_TAG: &str = "<script src=\"/__capsule/livereload.js\"></script>";
const WORKERS: usize = 4;

/// Browsers listening for reloads, and the current error if the last build failed.
#[derive(Clone, Default)]
pub struct Clients {
    inner: Arc<Mutex<ClientsInner>>,
}

#[derive(Default)]
struct ClientsInner {
    senders: Vec<Sender<String>>,
    last_error: Option<String>,
}

impl Clients {
    /// Sends an event to every browser; remembers errors for browsers that connect later.
    pub fn send(&self, event: &str, data: &str) {
        let message = sse_message(event, data);
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.last_error = (event == "error").then(|| data.to_string());
        inner
            .senders
            .retain(|sender| sender.send(message.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        if let Ok(mut inner) = self.inner.lock() {
            if let Some(error) = &inner.last_error {
                let _ = sender.send(sse_message("error", error));
            }
            inner.senders.push(sender);
        }
        receiver
    }
}

fn sse_message(event: &str, data: &str) -> String {
    let mut message = format!("event: {event}\n");
    for line in data.lines() {
        message.push_str("data: ");
        message.push_str(line);
        message.push('\n');
    }
    if data.is_empty() {
        message.push_str("data:\n");
    }
    message.push('\n');
    message
}

/// Serves `root` on `server` from a few worker threads.
pub fn start(server: Server, root: PathBuf, clients: Clients) {
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, root, clients) = (Arc::clone(&server), root.clone(), clients.clone());
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                let clients = clients.clone();
                let root = root.clone();
                // Event streams stay open: give each request its own thread.
                std::thread::spawn(move || handle(request, &root, &clients));
            }
        });
    }
}

fn handle(request: Request, root: &Path, clients: &Clients) {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let response = match path.as_str() {
        EVENTS_PATH => return stream_events(request, clients.subscribe()),
        SCRIPT_PATH => file_response(
            200,
            LIVE_RELOAD.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        _ => static_file(root, &path),
    };
    let _ = request.respond(response);
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn static_file(root: &Path, url_path: &str) -> Reply {
    match resolve(root, url_path) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => typed(200, &file, bytes),
            Err(_) => not_found(root),
        },
        None => not_found(root),
    }
}

/// The file under `root` that `url_path` names, if it stays inside `root` and exists.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        && !decoded.contains(['\\', '\0']);
    if !inside {
        return None;
    }
    let candidate = root.join(relative);
    let file = if candidate.is_dir() {
        candidate.join(paths::PAGE_FILE)
    } else {
        candidate
    };
    let canonical = file.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (canonical.starts_with(&root) && canonical.is_file()).then_some(canonical)
}

fn not_found(root: &Path) -> Reply {
    let file = paths::file_for(paths::NOT_FOUND);
    match std::fs::read(root.join(&file)) {
        Ok(bytes) => typed(404, Path::new(&file), bytes),
        Err(_) => typed(
            404,
            Path::new(&file),
            b"<!doctype html><title>Introuvable</title><p>Le site n'est pas encore construit.</p>"
                .to_vec(),
        ),
    }
}

fn typed(status: u16, file: &Path, mut bytes: Vec<u8>) -> Reply {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    if is_html {
        bytes.extend_from_slice(SCRIPT_TAG.as_bytes());
    }
    let content_type = if mime.type_() == "text" || is_html {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    file_response(status, bytes, &content_type)
}

fn file_response(status: u16, bytes: Vec<u8>, content_type: &str) -> Reply {
    Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Capsule"[..], &b"1"[..]).expect("static header")
    })
}

/// Keeps the connection open and writes each event as it comes, flushed at once (a
/// buffered response body would hold events back), with a keep-alive comment when idle.
fn stream_events(request: Request, receiver: Receiver<String>) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Reloads on `reload`; shows the error report in an overlay on `error`.
const LIVE_RELOAD: &str = r#"// Capsule serve: live reload and content error overlay.
(function () {
  "use strict";
  var source = new EventSource("/__capsule/events");
  function overlay(text) {
    var box = document.getElementById("capsule-error-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "capsule-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:15px/1.5 ui-monospace,monospace";
      var title = document.createElement("p");
      title.textContent = "Le contenu contient des erreurs : le site affiché est la dernière version valide.";
      title.style.cssText = "font:bold 18px system-ui,sans-serif;color:#ffb4a9";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.lastChild.textContent = text;
  }
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("error", function (event) { if (event.data) overlay(event.data); });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_resolves_outside_the_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("a")).expect("mkdir");
        std::fs::write(root.join("a/index.html"), "a").expect("write");
        std::fs::write(dir.path().join("secret.txt"), "secret").expect("write");
        assert!(resolve(&root, "/a/").is_some());
        assert!(resolve(&root, "/../secret.txt").is_none());
        assert!(resolve(&root, "/%2e%2e/secret.txt").is_none());
        assert!(resolve(&root, "/a/..%2f..%2fsecret.txt").is_none());
        assert!(resolve(&root, "/nope/").is_none());
    }

    #[test]
    fn sse_messages_carry_every_line() {
        assert_eq!(
            sse_message("error", "a\nb"),
            "event: error\ndata: a\ndata: b\n\n"
        );
        assert_eq!(sse_message("reload", ""), "event: reload\ndata:\n\n");
    }
}
