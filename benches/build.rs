//! Build benchmark: generates synthetic catalogues (`capsule::synth`) of 250, 10 000 and
//! 100 000 videos, builds each with the release `capsule` binary in its own process, and
//! prints per-phase wall time and the process's peak memory.
//!
//! `cargo bench --bench build` runs all sizes; `CAPSULE_BENCH_SIZES=250,10000` picks some.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use capsule::synth::{generate, SynthOptions};

fn main() {
    let sizes: Vec<usize> = std::env::var("CAPSULE_BENCH_SIZES")
        .unwrap_or_else(|_| "250,10000,100000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
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
    for videos in sizes {
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
