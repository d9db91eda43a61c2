//! What the news pages, the news feed and the newsletter digest cost on a large catalogue:
//! a synthetic site of `VIDEOS` videos (default 10 000) with `NEWS` news items (default 500,
//! each naming two videos and an event), timed stage by stage beside the rendering of every
//! page of the site, the whole it is a part of.
//!
//! `cargo run --example news_costs [-- VIDEOS NEWS]`

use std::path::Path;
use std::time::{Duration, Instant};

use capsule::catalog::Publication;
use capsule::output::{Destination, Writer};
use capsule::render::{Job, Site};
use capsule_synth::{generate, SynthOptions};

fn main() {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse().ok());
    let videos: usize = args.next().unwrap_or(10_000);
    let news: usize = args.next().unwrap_or(500);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    generate(&root, &SynthOptions { videos, seed: 42 }).expect("generate");
    write_news(&root, news);
    copy_theme(&root);
    let publication = Publication {
        drafts: false,
        future: false,
        now: capsule::dates::build_clock(),
    };
    let (catalog, _) = capsule::load_catalog(&root, None, publication).expect("catalogue");
    let output = dir.path().join("public");
    let destination = Destination::check(&root, &output, false).expect("output");
    let writer = Writer::start(&destination).expect("writer");
    let related = vec![Vec::new(); catalog.videos.len()];
    let site = Site::new(&catalog, &root.join("themes/default"), &related).expect("theme");
    let jobs = site.jobs();
    let news_jobs: Vec<Job> = jobs
        .iter()
        .copied()
        .filter(|job| matches!(job, Job::News(_) | Job::NewsList(_)))
        .collect();
    let (_, all) = time(|| site.render_pages(&jobs, &writer).expect("pages"));
    let (_, news_pages) = time(|| site.render_pages(&news_jobs, &writer).expect("news"));
    let (_, news_feed) = time(|| capsule::feeds::news::write_feed(&catalog, &writer));
    let (issues, digest_plan) = time(|| capsule::feeds::newsletter::issues(&catalog));
    let (_, digest) = time(|| capsule::feeds::newsletter::write_feed(&catalog, &writer));
    let (_, feeds) =
        time(|| capsule::feeds::write_all(&catalog, &writer, &Default::default()).expect("feeds"));
    println!(
        "{} videos, {} news items published, {} pages ({} of news), {} digest issues",
        catalog.videos.len(),
        catalog.news.len(),
        jobs.len(),
        news_jobs.len(),
        issues.len()
    );
    let row = |name: &str, spent: Duration| println!("{name:<44} {:>9.1} ms", ms(spent));
    row("every page of the site, rendered and written", all);
    row("  of which the news pages (index and items)", news_pages);
    row("every feed and calendar", feeds);
    row("  of which the news feed", news_feed);
    row("  of which the digest (periods chosen)", digest_plan);
    row("  of which the digest (chosen and written)", digest);
}

fn time<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = work();
    (result, started.elapsed())
}

fn ms(spent: Duration) -> f64 {
    spent.as_secs_f64() * 1000.0
}

// `count` news items, one every three days back from 2026-11-01, each naming two of the
// generated videos and one of the events.
fn write_news(root: &Path, count: usize) {
    let names = |folder: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.join("content").join(folder))
            .expect("content folder")
            .filter_map(|e| e.ok())
            .map(|e| {
                e.file_name()
                    .to_string_lossy()
                    .trim_end_matches(".md")
                    .to_string()
            })
            .collect();
        names.sort();
        names
    };
    let (videos, events) = (names("videos"), names("events"));
    let folder = root.join("content/actualites");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    for index in 0..count {
        let date = first - chrono::Duration::days(3 * index as i64);
        let text = format!(
            "---\ntitle: \"Actualité numéro {index}\"\ndate: {date}\nsummary: \"Ce qui s'est passé.\"\nvideos: [{}, {}]\nevents: [{}]\n---\nLe récit de l'actualité {index}, avec **du gras**.\n",
            videos[(7 * index) % videos.len()],
            videos[(7 * index + 3) % videos.len()],
            events[index % events.len()],
        );
        std::fs::write(folder.join(format!("actualite-{index}.md")), text).expect("write");
    }
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
