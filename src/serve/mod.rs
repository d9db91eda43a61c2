//! `capsule serve`: builds the site, serves it on localhost (tiny_http), watches content,
//! themes and `site.yaml` (notify), rebuilds what a save touches, reloads open
//! browsers, and shows content errors in the terminal and as an overlay without stopping.
//! A stop signal (ctrlc) ends the loop and removes the temporary folder it builds into.

mod http;
pub mod project;
mod timings;

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::output::Destination;
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

/// How long a file's events settle before a rebuild, when the platform does not say that
/// the save is complete (no close-after-write event).
const SETTLE: Duration = Duration::from_millis(30);
/// How long to wait for more events once every file seen is complete: the files of one
/// operation (a `git checkout`, a folder copied) arrive together.
const TOGETHER: Duration = Duration::from_millis(3);

/// What the main loop waits for: a file event, or a signal to stop.
enum Message {
    Files(notify::Event),
    Stop,
}

/// Runs until the process is stopped (Ctrl+C, SIGTERM, SIGHUP), then removes its
/// temporary folder.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    let root = std::path::absolute(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let (sender, receiver) = mpsc::channel::<Message>();
    // The rule of `build --output` holds for the temporary folder too, checked before it
    // is created (TMPDIR could point into the sources).
    check_temporary(&root, &std::env::temp_dir().join("capsule-serve"))?;
    let output = tempfile::Builder::new()
        .prefix("capsule-serve-")
        .tempdir()
        .map_err(Error::TempDir)?;
    stop_on_signals(sender.clone(), output.path().to_path_buf())?;
    let destination = check_temporary(&root, output.path())?;
    let server =
        tiny_http::Server::http((options.bind, options.port)).map_err(|source| Error::Port {
            port: options.port,
            source,
        })?;
    let address = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    // Watch first, then note what is on disk, then read: a save at any moment from here
    // on is either read by the first build or seen as a change after it.
    let mut watcher = watch(&root, sender)?;
    let mut seen = Snapshots::of(&root);
    let mut project = Project::open(
        &root,
        destination,
        &format!("http://{address}/"),
        &options.cache,
    )?;
    let clients = Clients::default();
    let mut warnings = Vec::new();
    // The site is served as soon as its pages are written (search and feeds follow), or
    // once the first build failed: the browser then shows the error.
    let mut waiting = Some(server);
    let mut start_serving = || {
        if let Some(server) = waiting.take() {
            http::start(server, output.path().to_path_buf(), clients.clone());
            eprintln!("Site servi sur http://{address}/ (Ctrl+C pour arrêter)");
        }
    };
    // `Project::open` has just read every file: nothing to re-read.
    rebuild(
        &mut project,
        &clients,
        Some(&[]),
        &mut warnings,
        &mut start_serving,
    );
    start_serving();
    while let Some(mut paths) = next_changes(&receiver) {
        let created = watch_created_folders(&mut watcher, &root, &paths);
        paths.extend(created);
        let changed: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| is_source(&root, p) && seen.changed(p))
            .collect();
        if changed.is_empty() {
            continue;
        }
        let only_content = changed.iter().all(|p| {
            p.starts_with(root.join("content")) && p.extension().is_some_and(|e| e == "md")
        });
        rebuild(
            &mut project,
            &clients,
            only_content.then_some(changed.as_slice()),
            &mut warnings,
            &mut || {},
        );
    }
    drop(output);
    eprintln!("Serveur arrêté, dossier temporaire supprimé.");
    Ok(())
}

fn check_temporary(root: &Path, folder: &Path) -> Result<Destination, Error> {
    Destination::check(root, folder, false).map_err(|error| match error {
        Error::Usage(message) => Error::Usage(format!(
            "{message}\n  capsule serve construit le site dans le dossier temporaire du système : donnez à la variable TMPDIR un dossier hors du site"
        )),
        other => other,
    })
}

// The first signal stops the main loop, which removes the temporary folder once the
// current rebuild is over; a second one does it at once.
fn stop_on_signals(sender: mpsc::Sender<Message>, output: PathBuf) -> Result<(), Error> {
    let stopping = AtomicBool::new(false);
    ctrlc::set_handler(move || {
        if stopping.swap(true, Ordering::SeqCst) {
            let _ = std::fs::remove_dir_all(&output);
            std::process::exit(130);
        }
        let _ = sender.send(Message::Stop);
    })
    .map_err(Error::Signals)
}

/// The folders of sources, watched with everything in them.
const SOURCE_FOLDERS: [&str; 3] = ["content", "themes", crate::load::data::DATA_DIR];

// Watches content, themes, data and `site.yaml`; changes arrive on `sender`. Reads are
// left out (a file or folder opened, or closed unwritten): our own rebuild reads every source.
fn watch(root: &Path, sender: mpsc::Sender<Message>) -> Result<RecommendedWatcher, Error> {
    let on_event = move |event: notify::Result<notify::Event>| {
        if let Some(event) = event.ok().filter(|e| !is_read(&e.kind)) {
            let _ = sender.send(Message::Files(event));
        }
    };
    let mut watcher = notify::recommended_watcher(on_event).map_err(Error::Watcher)?;
    for watched in SOURCE_FOLDERS {
        let dir = root.join(watched);
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|source| Error::Watch {
                    dir: dir.clone(),
                    source,
                })?;
        }
    }
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(Error::Watcher)?;
    Ok(watcher)
}

/// A source folder created after `serve` started (`data/` for the first survey file, say)
/// is watched from now on; the files already in it are returned as changed, since those
/// written before the watch began sent no event.
fn watch_created_folders(
    watcher: &mut RecommendedWatcher,
    root: &Path,
    changes: &[PathBuf],
) -> Vec<PathBuf> {
    let created = SOURCE_FOLDERS
        .iter()
        .map(|name| root.join(name))
        .filter(|folder| changes.contains(folder) && folder.is_dir());
    let mut files = Vec::new();
    for folder in created {
        if let Err(error) = watcher.watch(&folder, RecursiveMode::Recursive) {
            eprintln!(
                "attention : {} n'est pas surveillé ({error}) : relancez capsule serve",
                folder.display()
            );
        }
        let walk = WalkDir::new(&folder).follow_links(false).into_iter();
        files.extend(walk.flatten().map(|entry| entry.into_path()));
    }
    files
}

fn is_read(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if *access != AccessKind::Close(AccessMode::Write))
}

// Whether an event ends what happens to its paths: a file closed after writing, renamed
// into place or away, removed; a folder created. After any other (a write under way), the
// file may be half written.
fn is_complete(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(
                RenameMode::To | RenameMode::From | RenameMode::Both
            ))
            | EventKind::Remove(_)
            | EventKind::Create(CreateKind::Folder)
    )
}

// The paths of the next save, or `None` when it is time to stop. The rebuild starts as
// soon as every path touched is complete (then after a short wait for the rest of the
// same operation), or once events settled for `SETTLE` where the platform never says so.
// Events already waiting are merged: one rebuild for all.
fn next_changes(receiver: &mpsc::Receiver<Message>) -> Option<Vec<PathBuf>> {
    let mut complete: BTreeMap<PathBuf, bool> = BTreeMap::new();
    let mut message = receiver.recv().ok()?;
    loop {
        let Message::Files(event) = message else {
            return None;
        };
        let done = is_complete(&event.kind);
        event.paths.into_iter().for_each(|path| {
            complete.insert(path, done);
        });
        message = match receiver.try_recv() {
            Ok(next) => next,
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {
                let all_complete = complete.values().all(|&done| done);
                let wait = if all_complete { TOGETHER } else { SETTLE };
                match receiver.recv_timeout(wait) {
                    Ok(next) => next,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
    }
    Some(complete.into_keys().collect())
}

/// Size and modification time of the watched files, as last read. Watchers also report
/// files that came and went (an editor's temporary file renamed over the real one) and
/// folders whose time moved: only a real change triggers a rebuild.
struct Snapshots {
    known: HashMap<PathBuf, Option<Stamp>>,
}

type Stamp = (SystemTime, u64);

impl Snapshots {
    /// Every watched file and folder as it is now, before the first build reads them.
    fn of(root: &Path) -> Snapshots {
        let content = WalkDir::new(root.join("content")).follow_links(false);
        let themes = WalkDir::new(root.join("themes")).follow_links(true);
        let known = content
            .into_iter()
            .chain(themes)
            .filter_map(Result::ok)
            .map(|item| item.into_path())
            .chain([root.join("site.yaml")])
            .map(|path| {
                let stamp = stamp(&path);
                (path, stamp)
            })
            .collect();
        Snapshots { known }
    }

    fn changed(&mut self, path: &Path) -> bool {
        let current = stamp(path);
        match self.known.insert(path.to_path_buf(), current) {
            Some(previous) => previous != current,
            None => current.is_some(),
        }
    }
}

// A folder counts by its existence only: its own time moves with every file added to it
// (a temporary file included), and the files themselves are watched.
fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    if metadata.is_dir() {
        return Some((SystemTime::UNIX_EPOCH, 0));
    }
    Some((metadata.modified().ok()?, metadata.len()))
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
            || path.starts_with(root.join(crate::load::data::DATA_DIR))
            || path == root.join("site.yaml"))
}

// Rebuilds, reloads browsers (then calls `on_pages`) or shows the error; prints warnings
// when they change.
fn rebuild(
    project: &mut Project,
    clients: &Clients,
    changed: Option<&[PathBuf]>,
    warnings: &mut Vec<Diagnostic>,
    on_pages: &mut dyn FnMut(),
) {
    let started = Instant::now();
    timings::begin();
    let result = project.refresh(changed).and_then(|()| {
        project.rebuild(crate::dates::build_clock(), || {
            clients.send("reload", "");
            eprintln!("Pages à jour en {} ms", started.elapsed().as_millis());
            on_pages();
        })
    });
    match result {
        Ok(outcome) => {
            if outcome.warnings != *warnings && !outcome.warnings.is_empty() {
                eprint!("{}", report_text(&outcome.warnings, &Default::default()));
            }
            *warnings = outcome.warnings;
            eprintln!(
                "Reconstruit : {} pages, puis {} pour les vidéos proches, recherche et flux ; {} fichiers écrits, {} inchangés ; images : {} générées, {} reprises du cache ; en {} ms",
                outcome.pages,
                outcome.related_pages,
                outcome.files_written,
                outcome.files_unchanged,
                outcome.pictures_made,
                outcome.pictures_reused,
                started.elapsed().as_millis()
            );
            timings::report();
        }
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
