//! Measures `capsule views` on a synthetic site against a local server answering like each
//! host's API (the recorded bodies of `tests/fixtures/views/`), never the network:
//! `cargo run --release --example views_fetch -- [VIDEOS] [LATENCY_MS]` (default 10 000
//! videos, no added latency). `LATENCY_MS` makes each answer wait, as a distant API does,
//! to see what the bounded concurrency (8 threads) gives. Prints the report and the time.

#[path = "../tests/common/views_server.rs"]
mod views_server;

use std::path::Path;
use std::time::{Duration, Instant};

use capsule::view_counts::apis::Apis;
use capsule::view_counts::http::Patience;
use capsule::view_counts::{run, ViewsOptions, MAX_THREADS};
use capsule_synth::{generate, SynthOptions};
use views_server::{Answer, ApiServer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let videos = args.first().copied().unwrap_or(10_000) as usize;
    let latency = Duration::from_millis(args.get(1).copied().unwrap_or(0));
    let site = tempfile::tempdir()?;
    let generating = Instant::now();
    generate(site.path(), &SynthOptions { videos, seed: 1 })?;
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &site.path().join("themes"),
    )?;
    eprintln!(
        "site de {videos} vidéos généré en {} ms",
        generating.elapsed().as_millis()
    );

    let server = ApiServer::start(move |url, _| {
        std::thread::sleep(latency);
        match url.split('/').nth(1) {
            Some("peertube") => Answer::ok("peertube-video.json"),
            Some("youtube") => youtube_answer(url),
            Some("vimeo") => Answer::ok("vimeo-video.json"),
            Some("dailymotion") => Answer::ok("dailymotion-video.json"),
            _ => Answer::text(404, "{}"),
        }
    });
    let base = server.base.clone();
    let options = ViewsOptions {
        root: site.path().to_path_buf(),
        apis: Apis::from_vars(|name| match name {
            "CAPSULE_VIEWS_API_BASE" => Some(base.clone()),
            "YOUTUBE_API_KEY" => Some("cle".into()),
            "VIMEO_TOKEN" => Some("jeton".into()),
            _ => None,
        }),
        patience: Patience::default(),
        threads: MAX_THREADS,
    };
    let started = Instant::now();
    let report = run(&options)?;
    let elapsed = started.elapsed();
    for line in report.failure_lines() {
        eprintln!("en échec : {line}");
    }
    println!("{}", report.summary());
    println!(
        "{} requêtes, {} fils, latence ajoutée {} ms : {} ms en tout, dont {} ms de requêtes",
        report.requests,
        MAX_THREADS,
        latency.as_millis(),
        elapsed.as_millis(),
        report.fetching.as_millis(),
    );
    let written = std::fs::metadata(&report.file)?.len();
    println!("data/vues.yaml : {} Ko", written / 1024);
    Ok(())
}

// The recorded YouTube answer's shape, with an item for each id asked.
fn youtube_answer(url: &str) -> Answer {
    let ids = url
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("id="))
        .unwrap_or_default();
    let items: Vec<serde_json::Value> = ids
        .split(',')
        .map(|id| {
            serde_json::json!({
                "kind": "youtube#video",
                "etag": "Qm3nP8rS2tU5vX7yZ9aB1cD4eF6",
                "id": id,
                "statistics": {"viewCount": "2841", "likeCount": "57", "favoriteCount": "0", "commentCount": "3"}
            })
        })
        .collect();
    let body = serde_json::json!({
        "kind": "youtube#videoListResponse",
        "etag": "kX9nM2pQ7rT5vW8yZ1aB3cD4eF6",
        "items": items,
        "pageInfo": {"totalResults": items.len(), "resultsPerPage": items.len()}
    });
    Answer {
        status: 200,
        body: body.to_string().into_bytes(),
        retry_after: None,
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
