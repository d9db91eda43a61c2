//! Live-preview benchmark: on a generated 10 000-video catalogue (`CAPSULE_BENCH_VIDEOS`)
//! where the first video has a photo thumbnail of its own, starts `capsule serve`, then
//! edits the title of a video without a picture and of the video with the thumbnail, and
//! measures the time from the save to the reload event and to the page showing the new
//! title — what a maintainer waits for. The first build is timed too: until the site is
//! served, and until search and feeds follow. Each edit of the video with a thumbnail
//! must take only that video's pictures, from the picture cache, none made again.
//!
//! `cargo bench --bench serve`

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use capsule_synth::{add_thumbnails, generate, SynthOptions};

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
    add_thumbnails(dir.path(), 1, 42).expect("thumbnail");
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        dir.path().join("themes"),
    )
    .expect("theme");
    // Pictures are made by the first run; later runs take them from the cache, as a
    // maintainer's serve does.
    let cache = tempfile::tempdir().expect("cache dir");
    for pictures in ["made", "in the cache"] {
        let serving = Serving::start(dir.path(), cache.path());
        serving.server.wait_for_line("Reconstruit");
        println!(
            "{videos} videos, pictures {pictures}: first build served after {} ms, complete after {} ms",
            serving.served_after.as_millis(),
            serving.started.elapsed().as_millis()
        );
    }
    let serving = Serving::start(dir.path(), cache.path());
    serving.server.wait_for_line("Reconstruit");
    let server = &serving.server;
    let plain = first_file(dir.path(), |path| {
        path.extension().is_some_and(|e| e == "md")
    });
    let pictured = first_file(dir.path(), |path| path.is_dir()).join("index.md");
    let own_pictures = serving.pictures_of(&slug_of(&pictured));
    for (what, file) in [
        ("a video without a picture", &plain),
        ("a video with a thumbnail", &pictured),
    ] {
        let (reload, visible) = edit_many(server, file, |line| {
            if file == &pictured {
                let counts = picture_counts(line);
                assert_eq!(counts, (0, own_pictures), "only its pictures: {line}");
            }
        });
        println!("{what}:");
        report("  save → reload event", reload);
        report("  save → new title served", visible);
    }
}

/// A running `capsule serve`, and when it started and began to serve.
struct Serving {
    server: Server,
    started: Instant,
    served_after: Duration,
    /// serve's TMPDIR: it holds serve's output folder and nothing else.
    temp: tempfile::TempDir,
}

impl Serving {
    /// Starts `capsule serve` on `root` with the picture cache `cache`.
    fn start(root: &Path, cache: &Path) -> Serving {
        let temp = tempfile::tempdir().expect("temp dir");
        let mut command = serve_command(root, temp.path());
        command.arg("--cache").arg(cache);
        let started = Instant::now();
        let server = Server::start(command, Duration::from_secs(600));
        Serving {
            server,
            started,
            served_after: started.elapsed(),
            temp,
        }
    }

    /// The pictures serve published for the video `slug` from its thumbnail: its resized
    /// copies and its photo card.
    fn pictures_of(&self, slug: &str) -> usize {
        let served = std::fs::read_dir(self.temp.path())
            .expect("serve's TMPDIR")
            .next()
            .expect("serve's folder")
            .expect("entry")
            .path();
        std::fs::read_dir(served.join("videos").join(slug))
            .expect("the video's folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".webp") || name == "carte.jpg")
            .count()
    }
}

// Edits the title of the video in `file` EDITS times: the times from each save to the
// reload event and to its page showing the new title. `check` sees each rebuild's line.
fn edit_many(server: &Server, file: &Path, check: impl Fn(&str)) -> (Vec<Duration>, Vec<Duration>) {
    let original = std::fs::read_to_string(file).expect("video");
    let slug = slug_of(file);
    let events = server.events();
    let mut reload = Vec::new();
    let mut visible = Vec::new();
    for edit in 0..EDITS {
        let title = format!("Titre modifié numéro {edit}");
        let text = original.replacen("title: \"", &format!("title: \"{title} "), 1);
        let saved = Instant::now();
        std::fs::write(file, text).expect("save");
        events.wait_for("reload");
        reload.push(saved.elapsed());
        while !server.get(&format!("/videos/{slug}/")).1.contains(&title) {
            std::thread::sleep(Duration::from_millis(2));
        }
        visible.push(saved.elapsed());
        check(&server.wait_for_line("Reconstruit"));
        // A person saves again seconds later, not the instant the last pass ended.
        std::thread::sleep(Duration::from_millis(500));
    }
    std::fs::write(file, original).expect("restore");
    events.wait_for("reload");
    server.wait_for_line("Reconstruit");
    (reload, visible)
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms: Vec<u128> = times.iter().map(Duration::as_millis).collect();
    println!(
        "{what}: median {} ms, min {} ms, max {} ms ({ms:?})",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1]
    );
}

// The first entry of `content/videos` (by name) that `wanted` accepts.
fn first_file(root: &Path, wanted: impl Fn(&Path) -> bool) -> PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(root.join("content/videos"))
        .expect("videos")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|path| wanted(path))
        .collect();
    files.sort();
    files.into_iter().next().expect("a video")
}

// `videos/x.md` or `videos/x/index.md` → `x`.
fn slug_of(file: &Path) -> String {
    let path = match file.file_name().is_some_and(|n| n == "index.md") {
        true => file.parent().expect("bundle"),
        false => file,
    };
    path.file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned()
}

// (made, taken from the cache) in serve's line about a rebuild.
fn picture_counts(line: &str) -> (usize, usize) {
    let count_before = |word: &str| {
        let head = line.split(word).next().unwrap_or_default();
        head.split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count before {word:?} in {line:?}"))
    };
    (
        count_before(" générées"),
        count_before(" reprises du cache"),
    )
}
