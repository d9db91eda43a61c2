//! Build benchmark: generates synthetic catalogues (`capsule_synth`, the dev-only `synth/`
//! crate) of 250, 10 000 and 100 000 videos, builds each with the release `capsule` binary
//! in its own process cold (no output, no cache), warm (nothing changed) and after editing
//! one video, and prints wall and CPU time, peak memory, files written and kept, the bytes
//! of new files in the output, the load average and the build's phases. Then the picture
//! case: 500 videos, each with its own 1280×720 JPEG thumbnail, the same three builds.
//!
//! `cargo bench --bench build` runs all sizes; `CAPSULE_BENCH_SIZES=250,10000` picks some,
//! `CAPSULE_BENCH_PICTURES=500` the picture case (either alone runs only that part).

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use capsule_synth::{add_thumbnails, generate, SynthOptions};

fn main() {
    let (sizes, pictures) = match (
        std::env::var("CAPSULE_BENCH_SIZES"),
        std::env::var("CAPSULE_BENCH_PICTURES"),
    ) {
        (Err(_), Err(_)) => ("250,10000,100000".to_string(), "500".to_string()),
        (sizes, pictures) => (sizes.unwrap_or_default(), pictures.unwrap_or_default()),
    };
    let sizes = numbers(&sizes);
    if !sizes.is_empty() {
        bench_sizes(&sizes);
    }
    for count in numbers(&pictures) {
        bench_pictures(count);
    }
}

fn numbers(list: &str) -> Vec<usize> {
    list.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn bench_sizes(sizes: &[usize]) {
    for &videos in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let started = Instant::now();
        generate(dir.path(), &SynthOptions { videos, seed: 42 }).expect("generate");
        println!(
            "{videos} videos without pictures (generated in {} ms):",
            started.elapsed().as_millis()
        );
        copy_theme(dir.path());
        bench_rebuilds(dir.path(), false);
    }
}

/// Builds the site at `root` cold (no output, no cache), warm (nothing changed), then
/// after editing one video's title, and prints one line each; with `pictures`, the
/// CPU time per thumbnail and the `Images` line too.
fn bench_rebuilds(root: &Path, pictures: bool) {
    println!(
        "  {:<9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9}  {:<5} phases (ms)",
        "case", "wall s", "user s", "sys s", "peak MB", "written", "kept", "new MB", "load"
    );
    let _ = std::fs::remove_dir_all(root.join("public"));
    let _ = std::fs::remove_dir_all(root.join(".capsule-cache"));
    let mut inodes = HashSet::new();
    for case in ["cold", "warm", "one edit"] {
        if case == "one edit" {
            edit_one_video(root);
        }
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let load = load.split(' ').next().unwrap_or("?").to_string();
        let run = run_build(root);
        let new_bytes = new_bytes(&root.join("public"), &mut inodes);
        let phase = |name: &str| phase_ms(&run.report, name);
        let counted = |word: &str| {
            run.report
                .split(&format!(" {word}"))
                .next()
                .and_then(|s| s.rsplit([' ', '(']).next())
                .unwrap_or("?")
                .to_string()
        };
        println!(
            "  {case:<9} {:>8.2} {:>8.2} {:>8.2} {:>8.0} {:>8} {:>9} {:>9.1}  {load:<5} load {} validate {} index {} render {} write {}",
            run.wall.as_secs_f64(),
            run.user.as_secs_f64(),
            run.system.as_secs_f64(),
            run.peak_kb as f64 / 1024.0,
            counted("écrits"),
            counted("inchangés"),
            new_bytes as f64 / 1e6,
            phase("chargement"),
            phase("validation"),
            phase("index"),
            phase("rendu"),
            phase("écriture"),
        );
        if pictures {
            println!(
                "            {}",
                run.report
                    .lines()
                    .find(|l| l.starts_with("Images"))
                    .unwrap_or("?")
            );
        }
    }
}

// Prepends a word to the title of the first video (by file name).
fn edit_one_video(root: &Path) {
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("content/videos"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let file = files.first().expect("a video");
    let text = std::fs::read_to_string(file).expect("read video");
    let edited = text.replacen("title: \"", "title: \"Modifié ", 1);
    assert_ne!(text, edited, "{} has no quoted title", file.display());
    std::fs::write(file, edited).expect("write video");
}

// Bytes of the files of `public` whose inode was not there after the previous build
// (what this build wrote, or linked from the picture cache); `inodes` becomes this build's.
fn new_bytes(public: &Path, inodes: &mut HashSet<u64>) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut now = HashSet::new();
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if metadata.is_file() {
            if !inodes.contains(&metadata.ino()) {
                bytes += metadata.len();
            }
            now.insert(metadata.ino());
        }
    }
    *inodes = now;
    bytes
}

/// `count` videos with a thumbnail each, built cold, warm, then after one edit.
fn bench_pictures(count: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(
        dir.path(),
        &SynthOptions {
            videos: count,
            seed: 42,
        },
    )
    .expect("generate");
    add_thumbnails(dir.path(), count, 42).expect("thumbnails");
    copy_theme(dir.path());
    println!("{count} videos with a 1280×720 thumbnail each:");
    bench_rebuilds(dir.path(), true);
}

/// What one `capsule build` child cost.
struct Run {
    report: String,
    wall: std::time::Duration,
    user: std::time::Duration,
    system: std::time::Duration,
    peak_kb: i64,
}

/// Runs `capsule build` in a child process and collects its own resource usage (wait4).
#[allow(clippy::zombie_processes)] // wait4 reaps the child
fn run_build(root: &Path) -> Run {
    use std::io::Read;
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["build", "--root"])
        .arg(root)
        .env("SOURCE_DATE_EPOCH", "1795435200")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run capsule");
    let mut report = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut report)
        .expect("read stderr");
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: the child is ours and not yet waited for; wait4 fills the rusage it is given.
    let usage = unsafe {
        libc::wait4(
            child.id() as libc::pid_t,
            &mut status,
            0,
            usage.as_mut_ptr(),
        );
        usage.assume_init()
    };
    let wall = started.elapsed();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "build failed: {report}"
    );
    let time = |t: libc::timeval| {
        std::time::Duration::from_secs(t.tv_sec as u64)
            + std::time::Duration::from_micros(t.tv_usec as u64)
    };
    Run {
        report,
        wall,
        user: time(usage.ru_utime),
        system: time(usage.ru_stime),
        peak_kb: usage.ru_maxrss,
    }
}

fn phase_ms(report: &str, name: &str) -> String {
    report
        .split(&format!("{name} "))
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or("?")
        .to_string()
}

fn copy_theme(root: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.expect("theme entry");
        let target = root
            .join("themes/default")
            .join(entry.path().strip_prefix(&source).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
