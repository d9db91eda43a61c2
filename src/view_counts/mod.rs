//! `capsule views`: reads every video's public view count on its host and writes
//! `data/vues.yaml`. This is the only part of Capsule that goes on the network, and it never
//! runs during `build`, which stays offline and deterministic: the counts reach the site
//! through the file, committed (weekly, by `.github/workflows/views.yml`).
//!
//! A host without its key (YouTube, Vimeo) is skipped and said so; a video whose count cannot
//! be read keeps its previous line (count and date) and is reported; a few worker threads
//! (8 at most) share the requests, and a host that keeps failing is not asked further.

pub mod apis;
pub mod http;

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use apis::{Apis, Request, Target};
use http::{Client, Failure, Patience};

use crate::catalog::Publication;
use crate::load::data::{DataFile, Platform, ViewCount, ViewCounts, DATA_DIR};
use crate::Error;

/// Worker threads at most: polite to the hosts, and plenty for a weekly run.
pub const MAX_THREADS: usize = 8;

/// After this many requests in a row fail on a host (timeouts, 429, 5xx, no connection),
/// its other videos are not asked this time.
const HOST_DOWN_AFTER: u32 = 5;

/// What `capsule views` is asked to do.
#[derive(Debug, Clone)]
pub struct ViewsOptions {
    pub root: PathBuf,
    pub apis: Apis,
    pub patience: Patience,
    pub threads: usize,
}

impl ViewsOptions {
    /// The site at `root`, the APIs and secrets of the environment, default patience.
    pub fn from_env(root: &Path) -> ViewsOptions {
        ViewsOptions {
            root: root.to_path_buf(),
            apis: Apis::from_env(),
            patience: Patience::default(),
            threads: MAX_THREADS,
        }
    }
}

/// A video whose count could not be read.
#[derive(Debug, Clone)]
pub struct Failed {
    pub slug: String,
    pub host: String,
    pub failure: Failure,
    /// The count kept from the previous file.
    pub kept: Option<ViewCount>,
}

/// What one run did.
#[derive(Debug, Clone, Default)]
pub struct ViewsReport {
    pub videos: usize,
    pub counted: usize,
    /// Videos not asked, by reason ("YouTube : pas de clé YOUTUBE_API_KEY").
    pub skipped: BTreeMap<String, usize>,
    pub failed: Vec<Failed>,
    pub requests: usize,
    pub file: PathBuf,
    /// The whole run, and the requests alone.
    pub elapsed: Duration,
    pub fetching: Duration,
}

/// Runs `capsule views` on the site of `options.root`.
pub fn run(options: &ViewsOptions) -> Result<ViewsReport, Error> {
    let started = Instant::now();
    let publication = Publication {
        drafts: true,
        future: true,
        now: crate::dates::build_clock(),
    };
    let (catalog, _) = crate::load_catalog(&options.root, None, publication)?;
    let today = publication
        .now
        .with_timezone(&catalog.config.timezone)
        .date_naive();
    let mut report = ViewsReport {
        videos: catalog.videos.len(),
        ..ViewsReport::default()
    };
    let mut targets = Vec::new();
    for video in &catalog.videos {
        match Target::of(&video.slug, &video.source) {
            Some(target) => targets.push(target),
            None => {
                *report
                    .skipped
                    .entry("fichiers vidéo : pas de compteur".into())
                    .or_default() += 1
            }
        }
    }
    let mut asked = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        match options.apis.missing_secret(target.platform) {
            Some(why) => {
                let reason = format!("{} : {why}", target.platform.name());
                *report.skipped.entry(reason).or_default() += 1;
            }
            None => asked.push(index),
        }
    }
    let requests = apis::plan(&targets, &asked, &options.apis);
    report.requests = requests.len();
    let user_agent = format!(
        "capsule-views/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        catalog.config.base_url
    );
    let client = Client::new(options.patience, &user_agent);
    let fetching = Instant::now();
    let results = fetch_all(&client, &requests, &targets, options.threads);
    report.fetching = fetching.elapsed();
    let previous = &catalog.data.views;
    let mut counts = ViewCounts::new();
    for (target, result) in targets.iter().zip(results) {
        let kept = previous.get(&target.slug).copied();
        match result {
            Some(Ok(views)) => {
                report.counted += 1;
                let count = ViewCount {
                    views,
                    source: target.platform,
                    fetched: today,
                };
                counts.insert(target.slug.clone(), count);
                continue;
            }
            Some(Err(failure)) => report.failed.push(Failed {
                slug: target.slug.clone(),
                host: target.host_label(),
                failure,
                kept,
            }),
            None => {}
        }
        if let Some(kept) = kept {
            counts.insert(target.slug.clone(), kept);
        }
    }
    report.file = write(&options.root, &counts)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

// Every request on `threads` workers; each target's count, failure, or `None` if not asked.
fn fetch_all(
    client: &Client,
    requests: &[Request],
    targets: &[Target],
    threads: usize,
) -> Vec<Option<Result<u64, Failure>>> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![None; targets.len()]);
    let troubles: Mutex<HashMap<&str, u32>> = Mutex::new(HashMap::new());
    let workers = threads.clamp(1, MAX_THREADS).min(requests.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(request) = requests.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let answer = ask(client, request, &troubles);
                    let counts = read_counts(request, targets, answer);
                    let mut results = lock(&results);
                    for (index, count) in counts {
                        results[index] = Some(count);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

// One request, unless its host already failed too often in a row; counts its failures.
fn ask<'r>(
    client: &Client,
    request: &'r Request,
    troubles: &Mutex<HashMap<&'r str, u32>>,
) -> Result<String, Failure> {
    let host = request.host.as_str();
    if lock(troubles).get(host).copied() >= Some(HOST_DOWN_AFTER) {
        return Err(Failure::HostDown);
    }
    let answer = client.get(&request.url, request.authorization.as_deref());
    let mut troubles = lock(troubles);
    let in_a_row = troubles.entry(host).or_default();
    match &answer {
        Err(failure) if failure.is_host_trouble() => *in_a_row += 1,
        _ => *in_a_row = 0,
    }
    answer
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

// The count of each target of `request`, from its answer.
fn read_counts(
    request: &Request,
    targets: &[Target],
    answer: Result<String, Failure>,
) -> Vec<(usize, Result<u64, Failure>)> {
    let every = |failure: Failure| -> Vec<(usize, Result<u64, Failure>)> {
        request
            .targets
            .iter()
            .map(|&i| (i, Err(failure.clone())))
            .collect()
    };
    let body = match answer {
        Ok(body) => body,
        Err(failure) => return every(failure),
    };
    let first = &targets[request.targets[0]];
    if first.platform != Platform::YouTube {
        return vec![(request.targets[0], apis::read_one(first.platform, &body))];
    }
    match apis::read_youtube(&body) {
        Ok(by_id) => request
            .targets
            .iter()
            .map(|&i| {
                let count = by_id.get(&targets[i].id).cloned();
                (i, count.unwrap_or(Err(Failure::NotFound)))
            })
            .collect(),
        Err(failure) => every(failure),
    }
}

// Writes `data/vues.yaml` whole or not at all (a temporary file renamed over it).
fn write(root: &Path, counts: &ViewCounts) -> Result<PathBuf, Error> {
    let dir = root.join(DATA_DIR);
    let path = dir.join(DataFile::Views.file_name());
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut file = tempfile::NamedTempFile::new_in(&dir).map_err(|e| Error::io(&dir, e))?;
    file.write_all(crate::load::data::view_counts::format(counts).as_bytes())
        .and_then(|()| readable_by_all(file.as_file()))
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Error::io(&path, e))?;
    file.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    Ok(path)
}

// A temporary file is created readable by its owner only; the data file is not secret.
#[cfg(unix)]
fn readable_by_all(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

impl ViewsReport {
    /// « 245 vidéos : 230 comptées, 10 ignorées (YouTube : pas de clé YOUTUBE_API_KEY),
    /// 5 en échec (gardent leur ancien compte) »
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("{} comptée{}", self.counted, plural(self.counted))];
        let skipped: usize = self.skipped.values().sum();
        if skipped > 0 {
            let reasons: Vec<&str> = self.skipped.keys().map(String::as_str).collect();
            parts.push(format!(
                "{skipped} ignorée{} ({})",
                plural(skipped),
                reasons.join(" ; ")
            ));
        }
        if !self.failed.is_empty() {
            let kept = self.failed.iter().filter(|f| f.kept.is_some()).count();
            let what = match kept {
                k if k == self.failed.len() => "gardent leur ancien compte".to_string(),
                0 => "aucun compte précédent".to_string(),
                k => format!("{k} gardent leur ancien compte"),
            };
            parts.push(format!("{} en échec ({what})", self.failed.len()));
        }
        format!(
            "{} vidéo{} : {}",
            self.videos,
            plural(self.videos),
            parts.join(", ")
        )
    }

    /// One line per host and reason of failure, with the videos (the first ten).
    pub fn failure_lines(&self) -> Vec<String> {
        let mut groups: BTreeMap<(String, String), Vec<&Failed>> = BTreeMap::new();
        for failed in &self.failed {
            groups
                .entry((failed.host.clone(), failed.failure.describe()))
                .or_default()
                .push(failed);
        }
        groups
            .into_iter()
            .map(|((host, why), videos)| {
                let mut named: Vec<String> =
                    videos.iter().take(10).map(|f| kept_label(f)).collect();
                if videos.len() > 10 {
                    named.push(format!("et {} autres", videos.len() - 10));
                }
                format!(
                    "{host} : {why} — {} vidéo{} : {}",
                    videos.len(),
                    plural(videos.len()),
                    named.join(", ")
                )
            })
            .collect()
    }
}

// "la-dictee (garde 3 318 vues du 2026-03-02)" / "la-dictee (aucun compte précédent)".
fn kept_label(failed: &Failed) -> String {
    match failed.kept {
        Some(kept) => format!(
            "{} (garde {} vues du {})",
            failed.slug,
            crate::french::thousands(kept.views),
            kept.fetched.format("%Y-%m-%d")
        ),
        None => format!("{} (aucun compte précédent)", failed.slug),
    }
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// Exit code when some counts could not be read (the file is written all the same, with
/// their previous counts): distinct from 1 (content errors) and 2 (usage or I/O errors).
pub const EXIT_SOME_FAILED: i32 = 3;

/// Prints the report on stderr, in French, and returns the exit code: 0 when every video
/// was counted or skipped, [`EXIT_SOME_FAILED`] when some failed.
pub fn print(report: &ViewsReport) -> i32 {
    if report.skipped.len() > 1 {
        for (reason, count) in &report.skipped {
            eprintln!(
                "ignorée{} : {reason} — {count} vidéo{}",
                plural(*count),
                plural(*count)
            );
        }
    }
    for line in report.failure_lines() {
        eprintln!("en échec : {line}");
    }
    eprintln!("{}", report.summary());
    eprintln!(
        "Écrit : {} ({} requêtes, {} ms)",
        report.file.display(),
        report.requests,
        report.elapsed.as_millis()
    );
    match report.failed.is_empty() {
        true => 0,
        false => EXIT_SOME_FAILED,
    }
}
