//! Live-preview benchmark: on a generated 10 000-video catalogue (`CAPSULE_BENCH_VIDEOS`),
//! starts `capsule serve`, edits one video's title, and measures the time from the save to
//! the reload event and to the page showing the new title — what a maintainer waits for.
//!
//! `cargo bench --bench serve`

use std::path::Path;
use std::time::{Duration, Instant};

use capsule_synth::{generate, SynthOptions};

#[allow(dead_code)]
#[path = "../tests/common/serve.rs"]
mod serve;

use serve::{serve_command, Server};

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
    let temp = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let server = Server::start(
        serve_command(dir.path(), temp.path()),
        Duration::from_secs(600),
    );
    println!(
        "{videos} videos: first build served after {} ms",
        started.elapsed().as_millis()
    );
    let video = first_video(dir.path());
    let original = std::fs::read_to_string(&video).expect("video");
    let slug = video
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let events = server.events();
    let mut reload = Vec::new();
    let mut visible = Vec::new();
    for edit in 0..EDITS {
        let title = format!("Titre modifié numéro {edit}");
        let text = original.replacen("title: \"", &format!("title: \"{title} "), 1);
        let saved = Instant::now();
        std::fs::write(&video, text).expect("save");
        events.wait_for("reload");
        reload.push(saved.elapsed());
        while !server.get(&format!("/videos/{slug}/")).1.contains(&title) {
            std::thread::sleep(Duration::from_millis(2));
        }
        visible.push(saved.elapsed());
        server.wait_for_line("Reconstruit");
        // A person saves again seconds later, not the instant the last pass ended.
        std::thread::sleep(Duration::from_millis(500));
    }
    drop(server);
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
