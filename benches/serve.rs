//! Live-preview benchmark: on a generated 10 000-video catalogue (`CAPSULE_BENCH_VIDEOS`),
//! starts `capsule serve`, edits one video's title, and measures the time from the save to
//! the reload event and to the page showing the new title — what a maintainer waits for.
//!
//! `cargo bench --bench serve`

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use capsule_synth::{generate, SynthOptions};

const EDITS: usize = 15;

fn main() {
    let videos = std::env::var("CAPSULE_BENCH_VIDEOS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), &SynthOptions { videos, seed: 42 }).expect("generate");
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        dir.path().join("themes"),
    )
    .expect("theme");
    let mut child = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let (sender, log) = mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(sender.send(l)))
    });
    let started = Instant::now();
    let line = wait_line(&log, "Site servi sur");
    println!(
        "{videos} videos: first build served after {} ms",
        started.elapsed().as_millis()
    );
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("port");
    let video = first_video(dir.path());
    let original = std::fs::read_to_string(&video).expect("video");
    let slug = video
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let events = open_events(port);
    std::thread::sleep(Duration::from_millis(500));
    let mut reload = Vec::new();
    let mut visible = Vec::new();
    for edit in 0..EDITS {
        let title = format!("Titre modifié numéro {edit}");
        let text = original.replacen("title: \"", &format!("title: \"{title} "), 1);
        let saved = Instant::now();
        std::fs::write(&video, text).expect("save");
        wait_event(&events, "reload");
        reload.push(saved.elapsed());
        while !get(port, &format!("/videos/{slug}/")).contains(&title) {
            std::thread::sleep(Duration::from_millis(2));
        }
        visible.push(saved.elapsed());
        wait_line(&log, "Reconstruit");
        // A person saves again seconds later, not the instant the last pass ended.
        std::thread::sleep(Duration::from_millis(500));
    }
    let _ = child.kill();
    let _ = child.wait();
    report("save → reload event", &mut reload);
    report("save → new title served", &mut visible);
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms: Vec<u128> = times.iter().map(Duration::as_millis).collect();
    println!(
        "{what}: median {} ms, min {} ms, max {} ms ({ms:?})",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1]
    );
}

fn first_video(root: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(root.join("content/videos"))
        .expect("videos")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files.into_iter().next().expect("a video")
}

fn wait_line(log: &mpsc::Receiver<String>, needle: &str) -> String {
    loop {
        let line = log
            .recv_timeout(Duration::from_secs(600))
            .expect("serve output");
        if line.contains(needle) {
            return line;
        }
    }
}

fn open_events(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET /__capsule/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("request");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        BufReader::new(stream)
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(sender.send(l)))
    });
    receiver
}

fn wait_event(events: &mpsc::Receiver<String>, name: &str) {
    while !events
        .recv_timeout(Duration::from_secs(600))
        .expect("event")
        .contains(&format!("event: {name}"))
    {}
}

fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}
