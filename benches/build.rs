//! Build benchmark: generates synthetic catalogues (`capsule_synth`, the dev-only `synth/` crate) of 250, 10 000 and
//! 100 000 videos, builds each with the release `capsule` binary in its own process, and
//! prints per-phase wall time and the process's peak memory. Then the picture case: 500
//! videos, each with its own 1280×720 JPEG thumbnail, built cold (empty picture cache and
//! output) and warm (again, nothing changed), with the CPU time per thumbnail.
//!
//! `cargo bench --bench build` runs all sizes; `CAPSULE_BENCH_SIZES=250,10000` picks some,
//! `CAPSULE_BENCH_PICTURES=500` the picture case (either alone runs only that part).

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
    println!(
        "{:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>8}",
        "videos",
        "generate",
        "load",
        "validate",
        "index",
        "render",
        "write",
        "total",
        "peak MB",
        "files"
    );
    for &videos in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let started = Instant::now();
        generate(dir.path(), &SynthOptions { videos, seed: 42 }).expect("generate");
        let generated = started.elapsed();
        copy_theme(dir.path());
        let (report, total, peak_kb) = build(dir.path());
        let phase = |name: &str| phase_ms(&report, name);
        let files = report
            .split(" vidéos, ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap_or("?")
            .to_string();
        println!(
            "{videos:>8} {:>7}ms {:>7}ms {:>7}ms {:>7}ms {:>7}ms {:>7}ms {:>7}ms {:>10.0} {files:>8}",
            generated.as_millis(),
            phase("chargement"),
            phase("validation"),
            phase("index"),
            phase("rendu"),
            phase("écriture"),
            total.as_millis(),
            peak_kb as f64 / 1024.0,
        );
    }
}

/// `count` videos with a thumbnail each, built cold then warm.
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
    println!(
        "{count} videos with a 1280×720 thumbnail each: {:>6} {:>13} {:>9} {:>9}  pictures",
        "wall", "CPU/thumbnail", "CPU", "peak MB"
    );
    for case in ["cold", "warm"] {
        let run = run_build(dir.path());
        let cpu = run.user + run.system;
        println!(
            "  {case}: {:>37.2}s {:>11.1}ms {:>8.2}s {:>9.0}  {}",
            run.wall.as_secs_f64(),
            cpu.as_secs_f64() * 1000.0 / count as f64,
            cpu.as_secs_f64(),
            run.peak_kb as f64 / 1024.0,
            run.report
                .lines()
                .find(|l| l.starts_with("Images"))
                .unwrap_or("?")
        );
    }
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

/// Runs `capsule build` in a child process: its report line, wall time and peak RSS (KiB).
fn build(root: &Path) -> (String, std::time::Duration, i64) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["build", "--root"])
        .arg(root)
        .env("SOURCE_DATE_EPOCH", "1795435200")
        .output()
        .expect("run capsule");
    let total = started.elapsed();
    let report = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "build failed: {report}");
    (report, total, children_peak_rss_kb())
}

// The largest resident set of any child so far; sizes grow, so it is the last build's.
fn children_peak_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a full rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss
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
