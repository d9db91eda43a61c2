//! What training paths cost a build on a large catalogue: a synthetic site of `VIDEOS`
//! videos (default 10 000) with `PATHS` paths (default 500) of seven steps each, timed
//! stage by stage: the search index with and without the paths, and the path pages (their
//! 3 500 QR codes included) beside the rendering of every page of the site.
//!
//! `cargo run --release --example path_costs [-- VIDEOS PATHS]`

use std::path::Path;
use std::time::{Duration, Instant};

use capsule::catalog::{Catalog, Publication};
use capsule::images::Pictures;
use capsule::output::{Destination, Writer};
use capsule::render::{Job, Site};
use capsule::search_index::SiteSearch;
use capsule_synth::{generate, SynthOptions};

/// Steps of every generated path.
const STEPS: usize = 7;

fn main() {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse().ok());
    let videos: usize = args.next().unwrap_or(10_000);
    let paths: usize = args.next().unwrap_or(500);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    generate(&root, &SynthOptions { videos, seed: 42 }).expect("generate");
    write_paths(&root, paths);
    copy_theme(&root);
    let publication = Publication {
        drafts: false,
        future: false,
        now: capsule::dates::build_clock(),
    };
    let (mut catalog, _) = capsule::load_catalog(&root, None, publication).expect("catalogue");
    let pictures = Pictures::default();
    let (_, search_with) = time(|| SiteSearch::build(&catalog, &pictures).expect("search"));
    let training_paths = std::mem::take(&mut catalog.training_paths);
    let (_, search_without) = time(|| SiteSearch::build(&catalog, &pictures).expect("search"));
    catalog.training_paths = training_paths;
    let (all, path_pages, jobs) = render(&catalog, &root, dir.path());
    println!(
        "{} videos, {} paths published ({} steps), {} pages",
        catalog.videos.len(),
        catalog.training_paths.len(),
        catalog
            .training_paths
            .iter()
            .map(|p| p.steps.len())
            .sum::<usize>(),
        jobs
    );
    let row = |name: &str, spent: Duration| println!("{name:<52} {:>9.1} ms", ms(spent));
    row("search index, videos only", search_without);
    row("search index, videos and paths", search_with);
    row("every page of the site, rendered and written", all);
    row(
        "  of which the path pages (index and paths, QR codes)",
        path_pages,
    );
}

/// Renders every page, then the path pages alone on a fresh site (QR codes not made yet):
/// (all pages, path pages, number of pages).
fn render(catalog: &Catalog, root: &Path, dir: &Path) -> (Duration, Duration, usize) {
    let output = dir.join("public");
    let destination = Destination::check(root, &output, false).expect("output");
    let writer = Writer::start(&destination).expect("writer");
    let related = vec![Vec::new(); catalog.videos.len()];
    let theme = root.join("themes/default");
    let site = Site::new(catalog, &theme, &related).expect("theme");
    let jobs = site.jobs();
    let (_, all) = time(|| site.render_pages(&jobs, &writer).expect("pages"));
    let site = Site::new(catalog, &theme, &related).expect("theme");
    let path_jobs: Vec<Job> = jobs
        .iter()
        .copied()
        .filter(|job| matches!(job, Job::TrainingPath(_) | Job::TrainingPaths))
        .collect();
    let (_, paths) = time(|| site.render_pages(&path_jobs, &writer).expect("paths"));
    (all, paths, jobs.len())
}

fn time<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = work();
    (result, started.elapsed())
}

fn ms(spent: Duration) -> f64 {
    spent.as_secs_f64() * 1000.0
}

// `count` paths of seven steps by the generated contributors, each step a video taken
// along the catalogue (paths share some videos, as real ones do).
fn write_paths(root: &Path, count: usize) {
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
    let (videos, people) = (names("videos"), names("contributors"));
    let folder = root.join("content/parcours");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for index in 0..count {
        let steps: String = (0..STEPS)
            .map(|step| {
                let video = &videos[(13 * index + 17 * step) % videos.len()];
                format!("  - video: {video}\n    prompt: \"Question {step} : qu'avez-vous observé dans la classe ?\"\n")
            })
            .collect();
        let text = format!(
            "---\ntitle: \"Parcours numéro {index}\"\nauthors: [{}]\nlevels: [CP, CE1]\nduration: \"1 h\"\nsteps:\n{steps}---\nUne animation pédagogique autour de sept vidéos, numéro {index}.\n",
            people[index % people.len()],
        );
        std::fs::write(folder.join(format!("parcours-{index}.md")), text).expect("write");
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
