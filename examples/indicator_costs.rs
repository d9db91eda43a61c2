//! What the indicators cost a build, stage by stage, on a generated site:
//! `cargo run --release --example synth -- DIR 10000`, then
//! `cargo run --release --example indicator_costs -- DIR`. Writes `DIR/data/vues.yaml` with a
//! count for every video (up to the file's 50 000-line budget) so that every figure is made.

use std::time::Instant;

use capsule::catalog::Publication;
use capsule::load::data::{Platform, ViewCount, ViewCounts};
use capsule::render::indicators::{self, open_data, Figures, Indicators};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: indicator_costs DIR");
        std::process::exit(2);
    };
    let root = std::path::Path::new(&dir);
    if let Err(error) = write_counts(root) {
        eprintln!("{dir}: {error}");
        std::process::exit(2);
    }
    let publication = Publication {
        drafts: false,
        future: false,
        now: capsule::dates::build_clock(),
    };
    let started = Instant::now();
    let (catalog, _) = match capsule::load_catalog(root, None, publication) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{dir}: {error}");
            std::process::exit(1);
        }
    };
    println!(
        "load and validate: {:?} ({} videos, {} contributors, {} view counts)",
        started.elapsed(),
        catalog.videos.len(),
        catalog.contributors.len(),
        catalog.data.views.len()
    );
    let time = |what: &str, run: &mut dyn FnMut() -> usize| {
        let started = Instant::now();
        let size = run();
        println!("{what}: {:?} ({size})", started.elapsed());
    };
    let figures = Figures::new(&catalog);
    time("figures", &mut || {
        Figures::new(&catalog).series.videos_per_month.len()
    });
    time("page view", &mut || {
        Indicators::new(&catalog, &figures).charts.len()
    });
    time("csv", &mut || {
        open_data::csv(&figures).map_or(0, |b| b.len())
    });
    time("json", &mut || {
        open_data::json(&catalog, &figures).map_or(0, |t| t.len())
    });
    time("home line", &mut || indicators::home_line(&figures).len());
    time("every profile's contribution", &mut || {
        catalog
            .contributors
            .iter()
            .map(|p| indicators::contribution_line(&catalog, p).len())
            .sum()
    });
    time("every video's count", &mut || {
        catalog
            .videos
            .iter()
            .filter_map(|v| indicators::video_views(&catalog, v))
            .count()
    });
}

// A count for each video file (sorted by slug), as `capsule views` would write them.
fn write_counts(root: &std::path::Path) -> std::io::Result<()> {
    let mut slugs: Vec<String> = std::fs::read_dir(root.join("content/videos"))?
        .filter_map(Result::ok)
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".md")
                .to_string()
        })
        .collect();
    slugs.sort();
    let fetched = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap_or_default();
    let counts: ViewCounts = slugs
        .into_iter()
        .take(50_000)
        .enumerate()
        .map(|(i, slug)| {
            let count = ViewCount {
                views: (i as u64 * 7919) % 100_000,
                source: Platform::ALL[i % 4],
                fetched,
            };
            (slug, count)
        })
        .collect();
    std::fs::create_dir_all(root.join("data"))?;
    std::fs::write(
        root.join("data/vues.yaml"),
        capsule::load::data::view_counts::format(&counts),
    )
}
