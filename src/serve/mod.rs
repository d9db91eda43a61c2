//! `capsule serve`: builds the site, serves it on localhost (tiny_http), watches content,
//! themes and `site.yaml` (notify, debounced), rebuilds what a save touches, reloads open
//! browsers, and shows content errors in the terminal and as an overlay without stopping.

mod http;
pub mod project;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode, DebounceEventResult};

use crate::Error;
use http::Clients;
use project::{report_text, Project};

/// What `capsule serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// The picture cache's folder, shared with `build`.
    pub cache: PathBuf,
}

/// How long file events settle before a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// Runs until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    let root =
        std::path::absolute(&options.root).map_err(|e| Error::io(options.root.display(), e))?;
    let output = tempfile::Builder::new()
        .prefix("capsule-serve-")
        .tempdir()
        .map_err(|e| Error::io("dossier temporaire", e))?;
    let server = tiny_http::Server::http((options.bind, options.port))
        .map_err(|e| Error::Io(format!("port {} : {e}", options.port)))?;
    let address = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let base_url = format!("http://{address}/");
    let mut project = Project::open(&root, output.path(), &base_url, &options.cache)?;
    let clients = Clients::default();
    rebuild(&mut project, &clients, None);
    http::start(server, output.path().to_path_buf(), clients.clone());
    eprintln!("Site servi sur http://{address}/ (Ctrl+C pour arrêter)");
    watch(&root, &mut project, &clients)
}

fn watch(root: &Path, project: &mut Project, clients: &Clients) -> Result<(), Error> {
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, sender).map_err(|e| Error::Io(format!("surveillance : {e}")))?;
    for watched in ["content", "themes"] {
        let dir = root.join(watched);
        if dir.is_dir() {
            debouncer
                .watcher()
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Error::Io(format!("surveillance de {} : {e}", dir.display())))?;
        }
    }
    debouncer
        .watcher()
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Io(format!("surveillance : {e}")))?;
    let mut seen = Snapshots::new();
    for events in receiver {
        let Ok(events) = events else { continue };
        let paths: Vec<PathBuf> = events
            .into_iter()
            .map(|e| e.path)
            .filter(|p| is_source(root, p) && seen.changed(p))
            .collect();
        if paths.is_empty() {
            continue;
        }
        let only_content = paths.iter().all(|p| {
            p.starts_with(root.join("content")) && p.extension().is_some_and(|e| e == "md")
        });
        rebuild(project, clients, only_content.then_some(paths.as_slice()));
    }
    Ok(())
}

/// Last known size and modification time of watched files. Watchers also report reads
/// (our own rebuild reads every template): only a real change triggers a rebuild.
struct Snapshots {
    started: std::time::SystemTime,
    known: std::collections::HashMap<PathBuf, Option<(std::time::SystemTime, u64)>>,
}

impl Snapshots {
    fn new() -> Snapshots {
        Snapshots {
            started: std::time::SystemTime::now(),
            known: std::collections::HashMap::new(),
        }
    }

    fn changed(&mut self, path: &Path) -> bool {
        let current = std::fs::metadata(path)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        let changed = match self.known.get(path) {
            Some(previous) => *previous != current,
            None => current.is_none_or(|(modified, _)| modified >= self.started),
        };
        self.known.insert(path.to_path_buf(), current);
        changed
    }
}

// Files whose change matters: content, theme, site.yaml (not editors' temporary files).
fn is_source(root: &Path, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let hidden = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp");
    !hidden
        && (path.starts_with(root.join("content"))
            || path.starts_with(root.join("themes"))
            || path == root.join("site.yaml"))
}

fn rebuild(project: &mut Project, clients: &Clients, changed: Option<&[PathBuf]>) {
    let started = Instant::now();
    let result = project.refresh(changed).and_then(|()| {
        project.rebuild(crate::dates::build_clock(), || {
            clients.send("reload", "");
            eprintln!("Pages à jour en {} ms", started.elapsed().as_millis());
        })
    });
    match result {
        Ok(outcome) => eprintln!(
            "Reconstruit : {} pages, puis {} pour les vidéos proches, recherche et flux ; {} fichiers écrits, {} inchangés, en {} ms",
            outcome.pages,
            outcome.related_pages,
            outcome.files_written,
            outcome.files_unchanged,
            started.elapsed().as_millis()
        ),
        Err(Error::Content {
            diagnostics,
            sources,
        }) => {
            let text = report_text(&diagnostics, &sources);
            eprintln!("{text}");
            clients.send("error", &text);
        }
        Err(other) => {
            let text = format!("erreur : {other}");
            eprintln!("{text}");
            clients.send("error", &text);
        }
    }
}
