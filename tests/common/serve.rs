//! A running `capsule serve` seen from outside, the way a terminal and a browser see it: its
//! log lines, raw HTTP GETs and the live-reload event stream. One copy, used by the tests
//! (through `common`) and by `benches/serve.rs` (through `#[path]`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `capsule serve`, stopped on drop.
pub struct Server {
    pub child: Child,
    pub port: u16,
    log: mpsc::Receiver<String>,
    /// How long to wait for a line or an event before giving up.
    patience: Duration,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `capsule serve --port 0 --root ROOT`, building into a temporary folder under `temp`.
pub fn serve_command(root: &Path, temp: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_capsule"));
    command
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("TMPDIR", temp);
    command
}

impl Server {
    /// Runs `command` and waits until it says where it serves (its first build is done).
    pub fn start(mut command: Command, patience: Duration) -> Server {
        let mut child = command.stderr(Stdio::piped()).spawn().expect("start serve");
        let stderr = child.stderr.take().expect("stderr");
        let (sender, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
            patience,
        };
        let line = server.wait_for_line("Site servi sur");
        server.port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("port");
        server
    }

    /// The next log line containing `needle` (earlier lines are passed over).
    pub fn wait_for_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + self.patience;
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(200)) {
                if line.contains(needle) {
                    return line;
                }
            }
        }
        panic!("serve never printed {needle:?}");
    }

    /// Waits until serve has printed nothing for `window`, and returns how many rebuilds
    /// ended meanwhile. One save may reach the watcher as two batches (a file's events
    /// split by the debouncer's tick): serve then rebuilds twice, and a test comparing
    /// files must wait for the second.
    pub fn quiet_for(&self, window: Duration) -> usize {
        let mut rebuilds = 0;
        while let Ok(line) = self.log.recv_timeout(window) {
            rebuilds += usize::from(line.contains("Reconstruit"));
        }
        rebuilds
    }

    /// A raw HTTP GET: (status, body). The path is sent as is (no client-side normalisation).
    pub fn get(&self, path: &str) -> (u16, String) {
        let (status, body) = self.get_bytes(path);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// A raw HTTP/1.0 GET (so never chunked) of any file: (status, body bytes).
    pub fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("response");
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        let head = String::from_utf8_lossy(&response[..split]);
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, response[split + 4..].to_vec())
    }

    /// An open event stream, read in a thread, once subscribed: the server subscribes a
    /// stream before it sends the response's status line, so that line is the handshake.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__capsule/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .expect("request");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let status = lines
            .recv_timeout(self.patience)
            .expect("event stream answers");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        Events {
            lines,
            patience: self.patience,
        }
    }
}

/// The live-reload event stream, as a browser receives it.
pub struct Events {
    lines: mpsc::Receiver<String>,
    patience: Duration,
}

/// One server-sent event: its name and its data lines.
#[derive(Debug)]
pub struct Event {
    pub name: String,
    pub data: String,
}

impl Events {
    /// The next complete event.
    pub fn next(&self) -> Event {
        let deadline = Instant::now() + self.patience;
        let mut event: Option<Event> = None;
        while Instant::now() < deadline {
            let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) else {
                continue;
            };
            if let Some(name) = line.strip_prefix("event:") {
                event = Some(Event {
                    name: name.trim().to_string(),
                    data: String::new(),
                });
            } else if let (Some(event), Some(data)) = (event.as_mut(), line.strip_prefix("data:")) {
                event.data.push_str(data.trim_start());
                event.data.push('\n');
            } else if line.trim().is_empty() {
                if let Some(event) = event.take() {
                    return event;
                }
            }
        }
        panic!("no event within {:?}", self.patience);
    }

    /// The data of the first `name` event; events of other names are passed over.
    pub fn wait_for(&self, name: &str) -> String {
        loop {
            let event = self.next();
            if event.name == name {
                return event.data;
            }
        }
    }

    /// Forgets the events already received (those of extra rebuilds).
    pub fn drain(&self) {
        while self.lines.try_recv().is_ok() {}
    }

    /// The data of the first `name` event whose data holds `needle`. A file saved by
    /// truncating then writing may be read in between and reported first (as an editor's
    /// save can be): what counts is that the saved text's own report comes.
    pub fn wait_for_holding(&self, name: &str, needle: &str) -> String {
        loop {
            let data = self.wait_for(name);
            if data.contains(needle) {
                return data;
            }
        }
    }

    /// The names of the events received until (and with) the first `name` event.
    pub fn until(&self, name: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let event = self.next();
            seen.push(event.name.clone());
            if event.name == name {
                return seen;
            }
        }
    }
}
