//! The only place that writes the built site. Files go into a staging folder beside the
//! output (HTML minified on the way, unless it comes from templates minified once, see
//! `render::compact`); `finish` swaps it in, so a failed build leaves the previous output
//! untouched and a visitor of `serve` never sees half a site.
//!
//! A rebuild writes only what changed. When the output is already Capsule's, the staging
//! folder receives only the files whose bytes are new; a file equal to the previous
//! output's file at its path is left where it is (claimed, not copied). `finish` then
//! patches the output: removes the files the new site no longer has, and renames each
//! staged file into place. Until `finish`, the previous output is untouched, so a failed
//! build changes nothing; a build killed while patching leaves some files new and some
//! old, which the next build repairs (kept pages are checked by stamp, other files by
//! bytes, stray files removed). A first build stages the whole site and renames the
//! folder into place. Nothing ever writes into an existing file (staging creates new
//! files, in place replaces by rename), so a file shared by a hard link with the picture
//! cache can never be changed through the output.
//!
//! Swapping replaces a whole folder, so a writer only starts on a [`Destination`], an
//! output folder checked first: never the site root nor anything around or inside its
//! sources, never a non-empty folder Capsule did not write (it marks its own output with
//! a [`MARKER`] file), unless the maintainer forces it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use crate::hashing::hash_of;
use crate::paths;
use crate::Error;

mod patch;

/// The file Capsule writes at the top of every output folder, to know it as its own.
pub const MARKER: &str = ".capsule-output";

const MARKER_TEXT: &str =
    "Ce dossier est écrit par Capsule et remplacé à chaque construction : n'y rangez rien.\n";

/// What an output folder may never be, contain or lie inside, relative to the site root.
const SOURCES: [&str; 5] = ["content", "themes", "data", ".git", "site.yaml"];

/// An output folder that was checked to be safe to replace (see [`Destination::check`]).
#[derive(Debug, Clone)]
pub struct Destination {
    /// Absolute, symbolic links resolved.
    path: PathBuf,
    /// Replace a folder Capsule did not write (`--force-output`).
    force: bool,
}

impl Destination {
    /// Accepts `output` as the output folder of the site at `root`, or says why not, in
    /// French: it is, contains or lies inside the site root's sources (`content/`,
    /// `themes/`, `data/`, `.git`, `site.yaml`, following `..` and symbolic links), it is
    /// not a folder, or (unless `force`) it holds files and no [`MARKER`]. A folder left
    /// by a version of Capsule without the marker (`index.html` and `search/meta.json`)
    /// is accepted.
    pub fn check(root: &Path, output: &Path, force: bool) -> Result<Destination, Error> {
        let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        let path = resolve(output)?;
        let shown = Shown {
            output,
            path: &path,
        };
        refuse_sources(&root, &path, &shown)?;
        for suffix in ["capsule-staging", "capsule-previous"] {
            refuse_sources(&root, &sibling(&path, suffix), &shown)?;
        }
        if path.exists() && !path.is_dir() {
            return Err(refusal(
                format!("{shown} existe et n'est pas un dossier"),
                "choisissez un dossier, par exemple `--output public`",
            ));
        }
        if !force && !is_replaceable(&path) {
            return Err(refusal(
                format!("le dossier de sortie {shown} n'est pas vide et n'a pas été écrit par Capsule (il n'a pas de fichier {MARKER}) : la construction le remplacerait entièrement"),
                "videz ou supprimez ce dossier, choisissez-en un autre, ou ajoutez `--force-output` pour le remplacer quand même",
            ));
        }
        Ok(Destination { path, force })
    }

    /// The folder, absolute, symbolic links resolved.
    pub fn path(&self) -> &Path {
        &self.path
    }

    // Removes a folder beside the output left by an interrupted build, if it is one.
    fn clear_sibling(&self, sibling: &Path) -> Result<(), Error> {
        if !self.force && !is_replaceable(sibling) {
            return Err(refusal(
                format!(
                    "`{}` existe et n'a pas été écrit par Capsule",
                    sibling.display()
                ),
                "supprimez-le ou déplacez-le, ou ajoutez `--force-output` pour le remplacer",
            ));
        }
        remove_if_present(sibling)
    }
}

// The output as typed, and where it leads when that differs.
struct Shown<'a> {
    output: &'a Path,
    path: &'a Path,
}

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.output.display())?;
        let typed = std::path::absolute(self.output).unwrap_or_default();
        if typed != self.path {
            write!(f, " (c'est-à-dire `{}`)", self.path.display())?;
        }
        Ok(())
    }
}

fn refusal(message: String, help: &str) -> Error {
    Error::Usage(format!("{message}\n  aide : {help} ; rien n'a été modifié"))
}

// Refuses a `path` that is, contains or lies inside the site root or one of its sources.
fn refuse_sources(root: &Path, path: &Path, shown: &Shown) -> Result<(), Error> {
    let help = "choisissez un dossier à part, hors de content/, themes/ et data/, par exemple `--output public` (la valeur par défaut)";
    if root.starts_with(path) {
        return Err(refusal(
            format!("le dossier de sortie {shown} contient le site lui-même : la construction remplacerait ses sources (site.yaml, content/, themes/)"),
            help,
        ));
    }
    for name in SOURCES {
        let lexical = root.join(name);
        let targets = [Some(lexical.clone()), std::fs::canonicalize(&lexical).ok()];
        for source in targets.iter().flatten() {
            let problem = if path == source {
                Some("est")
            } else if path.starts_with(source) {
                Some("se trouve dans")
            } else if source.starts_with(path) {
                Some("contient")
            } else {
                None
            };
            if let Some(relation) = problem {
                let shown_name = match name {
                    "site.yaml" => name.to_string(),
                    folder => format!("{folder}/"),
                };
                return Err(refusal(
                    format!("le dossier de sortie {shown} {relation} `{shown_name}`, une source du site : la construction le remplacerait"),
                    help,
                ));
            }
        }
    }
    Ok(())
}

// Absent, empty, marked as Capsule's, or left by a Capsule without the marker.
fn is_replaceable(folder: &Path) -> bool {
    let Ok(mut items) = std::fs::read_dir(folder) else {
        return !folder.exists();
    };
    items.next().is_none()
        || folder.join(MARKER).is_file()
        || (folder.join(paths::file_for(paths::HOME)).is_file()
            && folder
                .join(paths::file_for(&paths::search_file("meta.json")))
                .is_file())
}

/// `path` made absolute, `..` applied and the symbolic links of its existing part resolved.
fn resolve(path: &Path) -> Result<PathBuf, Error> {
    let absolute = absolute(path)?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => {
                resolved.push(name);
                if std::fs::symlink_metadata(&resolved).is_ok() {
                    resolved =
                        std::fs::canonicalize(&resolved).map_err(|e| Error::io(resolved, e))?;
                }
            }
            other => resolved.push(other),
        }
    }
    Ok(resolved)
}

/// Writes files under a staging folder, then swaps it into place; or, for `serve`, in place.
pub struct Writer {
    /// Where files are written now.
    staging: PathBuf,
    destination: Destination,
    written: AtomicUsize,
    /// The previous output, marked as Capsule's, whose unchanged files stay where they are:
    /// then `staging` holds only new bytes and `finish` patches the output.
    previous: Option<PathBuf>,
    /// Files of `previous` kept because their bytes were already there.
    kept: AtomicUsize,
    /// Patching `previous`: the site paths staged with new bytes, moved in by `finish`.
    staged: Mutex<HashSet<String>>,
    /// Files skipped because their bytes were already on disk (see [`Writer::remembering`]).
    unchanged: AtomicUsize,
    /// In place: a hash of every file on disk, by site path.
    on_disk: Option<Mutex<OnDisk>>,
    /// In place or patching: the files of the site this writer wrote, found unchanged, or
    /// was told to keep; the others on disk are stale (see [`Writer::remove_unclaimed`]).
    claimed: Mutex<HashSet<String>>,
    /// Patching: the digest and stamp of the files the previous build wrote (see
    /// [`Writer::knowing`]), by site path.
    known: HashMap<String, (Digest, Stamp)>,
    /// Patching: the digest of each file given to [`Writer::write`], for the next build.
    digests: Mutex<Vec<(String, Digest)>>,
    /// Nothing left to swap or clean: finished, or writing in place.
    finished: bool,
    /// In place, while nobody reads the folder yet: files are written directly, without
    /// a temporary file and a rename (see [`Writer::unread`]).
    unread: AtomicBool,
}

/// The digest of a file's bytes (BLAKE3, first 128 bits).
pub type Digest = [u64; 2];

fn digest_of(bytes: &[u8]) -> Digest {
    let hash = blake3::hash(bytes);
    let (first, second) = hash.as_bytes().split_at(8);
    let word = |b: &[u8]| u64::from_le_bytes(b[..8].try_into().unwrap_or_default());
    [word(first), word(second)]
}

/// Which file a path holds: device, inode, length and modification time. A file of the
/// output is never written into (see the module's note), so while its stamp stays the
/// same, so do its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    device: u64,
    inode: u64,
    length: u64,
    modified_ns: i128,
}

impl Stamp {
    /// The stamp of the regular file at `path`, if there is one.
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::symlink_metadata(path).ok()?;
        metadata.is_file().then(|| Stamp {
            device: metadata.dev(),
            inode: metadata.ino(),
            length: metadata.len(),
            modified_ns: i128::from(metadata.mtime()) * 1_000_000_000
                + i128::from(metadata.mtime_nsec()),
        })
    }
}

/// Hashes of the files an in-place writer left on disk, by site path.
pub type OnDisk = HashMap<String, u64>;

impl Writer {
    /// Prepares an empty staging folder next to `destination`.
    pub fn start(destination: &Destination) -> Result<Writer, Error> {
        let staging = sibling(destination.path(), "capsule-staging");
        destination.clear_sibling(&staging)?;
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        let previous = destination.path();
        let previous = previous
            .join(MARKER)
            .is_file()
            .then(|| previous.to_path_buf());
        let writer = Writer {
            staging,
            destination: destination.clone(),
            written: AtomicUsize::new(0),
            previous,
            kept: AtomicUsize::new(0),
            staged: Mutex::default(),
            unchanged: AtomicUsize::new(0),
            on_disk: None,
            claimed: Mutex::default(),
            known: HashMap::new(),
            digests: Mutex::default(),
            finished: false,
            unread: AtomicBool::new(false),
        };
        writer.write_bytes(MARKER, MARKER_TEXT.as_bytes())?;
        writer.kept.store(0, Ordering::Relaxed);
        writer.written.store(0, Ordering::Relaxed);
        Ok(writer)
    }

    /// Writes straight into `destination`, each file atomically (`serve` rebuilds a few
    /// files of a site being served; a visitor never reads half a file).
    pub fn in_place(destination: &Destination) -> Result<Writer, Error> {
        let folder = destination.path();
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        write_marker(folder)?;
        Ok(Writer {
            staging: folder.to_path_buf(),
            destination: destination.clone(),
            written: AtomicUsize::new(0),
            previous: None,
            kept: AtomicUsize::new(0),
            staged: Mutex::default(),
            unchanged: AtomicUsize::new(0),
            on_disk: None,
            claimed: Mutex::default(),
            known: HashMap::new(),
            digests: Mutex::default(),
            finished: true,
            unread: AtomicBool::new(false),
        })
    }

    /// Patching, takes the files the previous build wrote, each with the digest of its
    /// bytes and the stamp of the file it left (recorded by `reuse`): a file given again
    /// with bytes of the same digest, whose file in the previous output still has that
    /// stamp, is kept without reading it.
    pub fn knowing(mut self, files: impl IntoIterator<Item = (String, Digest, Stamp)>) -> Writer {
        self.known = files
            .into_iter()
            .map(|(path, digest, stamp)| (path, (digest, stamp)))
            .collect();
        self
    }

    /// Patching, the digest of every file given to [`Writer::write`] so far, for the next
    /// build's record.
    pub fn take_digests(&self) -> Vec<(String, Digest)> {
        std::mem::take(&mut lock(&self.digests))
    }

    /// In place, writes each file directly until [`Writer::read_from_now`]: nobody reads
    /// the folder yet (`serve`'s first build, before it starts serving), so the rename
    /// that keeps a reader from seeing half a file is not needed.
    pub fn unread(self) -> Writer {
        self.unread.store(true, Ordering::Relaxed);
        self
    }

    /// The folder may be read from now on: each file is replaced atomically again.
    pub fn read_from_now(&self) {
        self.unread.store(false, Ordering::Relaxed);
    }

    /// Skips files whose bytes are those `on_disk` says an earlier in-place writer left:
    /// `serve` recomputes search and feeds but rewrites only the files that changed.
    pub fn remembering(mut self, on_disk: OnDisk) -> Writer {
        self.on_disk = Some(Mutex::new(on_disk));
        self
    }

    /// What is on disk now, for the next [`Writer::remembering`].
    pub fn into_on_disk(mut self) -> OnDisk {
        self.on_disk
            .take()
            .map(|m| {
                m.into_inner()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
            })
            .unwrap_or_default()
    }

    /// Marks a file an earlier in-place writer left as still part of the site, unwritten
    /// (a page whose fingerprint did not move, a picture made before).
    pub fn keep(&self, rel_path: &str) {
        if self.on_disk.is_some() {
            self.claimed().insert(rel_path.to_string());
        }
    }

    /// Removes the files an earlier in-place writer left that this one neither wrote nor
    /// was told to keep: they no longer belong to the site (a removed video's card, an
    /// alias no longer declared…), and a full build would not have them. Returns how many.
    pub fn remove_unclaimed(&self) -> Result<usize, Error> {
        let stale: Vec<String> = match self.on_disk() {
            Some(on_disk) => {
                let claimed = self.claimed();
                let stale = on_disk.keys().filter(|path| !claimed.contains(*path));
                stale.cloned().collect()
            }
            None => return Ok(0),
        };
        stale.iter().try_for_each(|path| self.remove(path))?;
        Ok(stale.len())
    }

    fn claimed(&self) -> MutexGuard<'_, HashSet<String>> {
        lock(&self.claimed)
    }

    /// How many files were skipped as unchanged.
    pub fn unchanged(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }

    // The remembered files, when remembering.
    fn on_disk(&self) -> Option<MutexGuard<'_, OnDisk>> {
        self.on_disk.as_ref().map(lock)
    }

    /// Removes a file written by an earlier build (in-place mode).
    pub fn remove(&self, rel_path: &str) -> Result<(), Error> {
        let path = self.target(rel_path)?;
        if let Some(mut on_disk) = self.on_disk() {
            on_disk.remove(rel_path);
        }
        remove_file_if_present(&path)
    }

    /// Writes `bytes` at the site path `rel_path` (e.g. `videos/x/index.html`). HTML is minified.
    pub fn write(&self, rel_path: &str, bytes: &[u8]) -> Result<(), Error> {
        let minified;
        let bytes = if rel_path.ends_with(".html") {
            minified = minify_html::minify(bytes, minify_config());
            &minified[..]
        } else {
            bytes
        };
        self.write_bytes(rel_path, bytes)
    }

    fn write_bytes(&self, rel_path: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.target(rel_path)?;
        self.keep(rel_path);
        let hash = self.on_disk.is_some().then(|| hash_of(bytes));
        let unchanged = hash.is_some_and(|hash| {
            self.on_disk()
                .is_some_and(|on_disk| on_disk.get(rel_path) == Some(&hash))
        });
        if unchanged {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let in_place = self.staging == self.destination.path();
        if !in_place {
            let digest = digest_of(bytes);
            let kept =
                self.known_unchanged(rel_path, &digest) || self.previous_holds(rel_path, bytes);
            lock(&self.digests).push((rel_path.to_string(), digest));
            if kept {
                self.keep_unchanged(rel_path, &path);
                return Ok(());
            }
        }
        if in_place && !self.unread.load(Ordering::Relaxed) {
            write_atomically(&path, bytes)?;
        } else if in_place {
            write_new(&path, bytes)?;
        } else {
            write_new(&path, bytes)?;
            self.stage(rel_path);
        }
        if let (Some(mut on_disk), Some(hash)) = (self.on_disk(), hash) {
            on_disk.insert(rel_path.to_string(), hash);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    // Whether the previous output's file at `rel_path` is the one the previous build
    // wrote with bytes of `digest`.
    fn known_unchanged(&self, rel_path: &str, digest: &Digest) -> bool {
        self.known
            .get(rel_path)
            .is_some_and(|(known, stamp)| known == digest && self.previous_is(rel_path, stamp))
    }

    // Whether the previous output's file at `rel_path` is still the very file `stamp`
    // describes.
    fn previous_is(&self, rel_path: &str, stamp: &Stamp) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|previous| Stamp::of(&previous.join(rel_path)).as_ref() == Some(stamp))
    }

    // Whether the previous output's file at `rel_path` holds exactly `bytes`.
    fn previous_holds(&self, rel_path: &str, bytes: &[u8]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        holds_exactly(&previous.join(rel_path), bytes)
    }

    // Keeps the previous output's file at `rel_path` (staged at `path`): the last bytes
    // given for a path win, so a file staged there earlier in this build is dropped.
    fn keep_unchanged(&self, rel_path: &str, path: &Path) {
        self.claimed().insert(rel_path.to_string());
        if lock(&self.staged).remove(rel_path) {
            let _ = std::fs::remove_file(path);
            self.written.fetch_sub(1, Ordering::Relaxed);
        }
        self.kept.fetch_add(1, Ordering::Relaxed);
    }

    // Notes a file staged with new bytes, to be moved in by `finish`.
    fn stage(&self, rel_path: &str) {
        if self.previous.is_some() {
            self.claimed().insert(rel_path.to_string());
            lock(&self.staged).insert(rel_path.to_string());
        }
    }

    /// Keeps the previous output's file at `rel_path` when it is still the very file
    /// `stamp` describes (same inode, length and modification time): a page whose inputs
    /// did not change (see `reuse`), kept without rendering it or reading it. False
    /// when there is no such file (then render it).
    pub fn keep_previous(&self, rel_path: &str, stamp: &Stamp) -> bool {
        let Ok(path) = self.target(rel_path) else {
            return false;
        };
        if !self.previous_is(rel_path, stamp) {
            return false;
        }
        self.keep_unchanged(rel_path, &path);
        true
    }

    /// Writes `bytes` at the site path `rel_path` as they are (HTML already minified).
    pub fn write_as_is(&self, rel_path: &str, bytes: &[u8]) -> Result<(), Error> {
        self.write_bytes(rel_path, bytes)
    }

    /// Publishes the picture cache's entry `cached` at the site path `rel_path`: the
    /// previous output's file when it is that entry or holds its bytes (kept), else the
    /// entry itself, hard-linked (neither is ever written into: see the module's note), so
    /// its bytes are neither read nor written again. Copied when linking fails (another
    /// filesystem) and when writing in place.
    pub fn copy_cached(&self, rel_path: &str, cached: &Path) -> Result<(), Error> {
        self.publish_cached(rel_path, cached, None)
    }

    /// [`Writer::copy_cached`] for an entry just made, whose bytes are `made`: they are
    /// not read back from the cache.
    pub fn copy_made(&self, rel_path: &str, cached: &Path, made: &[u8]) -> Result<(), Error> {
        self.publish_cached(rel_path, cached, Some(made))
    }

    fn publish_cached(
        &self,
        rel_path: &str,
        cached: &Path,
        made: Option<&[u8]>,
    ) -> Result<(), Error> {
        // The entry's bytes, read only when they are needed and not at hand.
        let bytes = || -> Result<Cow<[u8]>, Error> {
            match made {
                Some(bytes) => Ok(Cow::Borrowed(bytes)),
                None => std::fs::read(cached)
                    .map(Cow::Owned)
                    .map_err(|e| Error::io(cached, e)),
            }
        };
        if self.staging == self.destination.path() {
            return self.write(rel_path, &bytes()?);
        }
        let path = self.target(rel_path)?;
        if let Some(previous) = &self.previous {
            let old = previous.join(rel_path);
            let same_file = Stamp::of(&old).zip(Stamp::of(cached));
            let same_file =
                same_file.is_some_and(|(a, b)| (a.device, a.inode) == (b.device, b.inode));
            if same_file || holds_exactly(&old, &bytes()?) {
                self.keep_unchanged(rel_path, &path);
                return Ok(());
            }
        }
        if !self.link_into(cached, &path) {
            write_new(&path, &bytes()?)?;
        }
        self.stage(rel_path);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    // Hard-links `from` at the staged `path` (its folder made when missing; a file already
    // there, written twice in one build, is replaced, never written into). False when that
    // fails.
    fn link_into(&self, from: &Path, path: &Path) -> bool {
        let make_folder = || {
            path.parent()
                .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
        };
        match std::fs::hard_link(from, path) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                make_folder() && std::fs::hard_link(from, path).is_ok()
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(path).is_ok() && std::fs::hard_link(from, path).is_ok()
            }
            Err(_) => false,
        }
    }

    /// Copies the file at `source` to the site path `rel_path`.
    pub fn copy(&self, rel_path: &str, source: &Path) -> Result<(), Error> {
        let bytes = std::fs::read(source).map_err(|e| Error::io(source, e))?;
        self.write(rel_path, &bytes)
    }

    /// How many files were written so far.
    pub fn count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// How many files were kept from the previous output (linked, not written) so far.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    // Refuses paths that would leave the staging folder.
    fn target(&self, rel_path: &str) -> Result<PathBuf, Error> {
        let relative = Path::new(rel_path);
        let inside = !rel_path.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(Error::OutsideOutput(rel_path.to_string()));
        }
        Ok(self.staging.join(relative))
    }

    /// Puts the staged site in place of the destination: the previous output patched (see
    /// the module's note), or a first site renamed into place.
    pub fn finish(mut self) -> Result<(), Error> {
        if self.finished {
            return Ok(());
        }
        if let Some(previous) = self.previous.clone() {
            patch::apply(
                &previous,
                &self.staging,
                &self.claimed(),
                &lock(&self.staged),
            )?;
            self.finished = true;
            return remove_if_present(&self.staging);
        }
        let destination = self.destination.path();
        let previous = sibling(destination, "capsule-previous");
        self.destination.clear_sibling(&previous)?;
        if destination.exists() {
            std::fs::rename(destination, &previous).map_err(|e| Error::io(destination, e))?;
        }
        std::fs::rename(&self.staging, destination).map_err(|e| Error::io(destination, e))?;
        self.finished = true;
        remove_if_present(&previous)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

// The guarded value, even when another thread panicked holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write_marker(folder: &Path) -> Result<(), Error> {
    let marker = folder.join(MARKER);
    if holds_exactly(&marker, MARKER_TEXT.as_bytes()) {
        return Ok(());
    }
    write_atomically(&marker, MARKER_TEXT.as_bytes())
}

// Whether the regular file at `path` holds exactly `bytes`: length first, then bytes.
fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    let same_length =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_length && std::fs::read(path).is_ok_and(|old| old == bytes)
}

// Creates a new file at `path`, and its folder when missing (tried after the file, which
// spares two system calls a file in a folder that exists): a staged file may be a hard
// link into the previous output, so an existing one is unlinked first, never truncated or
// written into.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            create()
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
            create()
        }
        other => other,
    }
    .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}

// Same folder, then rename: readers see the old file or the new one, never a mix; and a
// file shared with another tree by a hard link is replaced, never written into.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.capsule-tmp"));
    write_new(&temporary, bytes)?;
    std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e))
}

fn minify_config() -> &'static minify_html::Cfg {
    static CONFIG: OnceLock<minify_html::Cfg> = OnceLock::new();
    CONFIG.get_or_init(|| minify_html::Cfg {
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::new()
    })
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).map_err(|e| Error::io(path, e))
}

// `/a/public` + "x" → `/a/.public.x`
fn sibling(destination: &Path, suffix: &str) -> PathBuf {
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    destination.with_file_name(format!(".{name}.{suffix}"))
}

// Removes the file at `path`; one already gone is fine.
fn remove_file_if_present(path: &Path) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

fn remove_if_present(path: &Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A site root with its sources, and the default output folder in it.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["content/videos", "themes/default", "data"] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        std::fs::write(dir.path().join("site.yaml"), "title: x\n").unwrap();
        let out = dir.path().join("public");
        (dir, out)
    }

    fn writer_for(root: &Path, out: &Path) -> Writer {
        Writer::start(&Destination::check(root, out, false).unwrap()).unwrap()
    }

    // One whole build: `files` written in this order, then the site put in place.
    fn publish(root: &Path, out: &Path, files: &[(&str, &[u8])]) {
        let writer = writer_for(root, out);
        for (path, bytes) in files {
            writer.write(path, bytes).unwrap();
        }
        writer.finish().unwrap();
    }

    #[test]
    fn swaps_in_the_new_site_and_drops_the_old() {
        let (dir, out) = site();
        publish(dir.path(), &out, &[("old.txt", b"old")]);
        let writer = writer_for(dir.path(), &out);
        writer.write("a/index.html", b"<p>  bonjour  </p>").unwrap();
        assert!(
            out.join("old.txt").exists(),
            "old output stays until finish"
        );
        writer.finish().unwrap();
        assert!(!out.join("old.txt").exists());
        assert!(out.join(MARKER).is_file(), "the output is marked");
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "<p>bonjour"
        );
    }

    #[test]
    fn an_abandoned_build_leaves_the_output_untouched() {
        let (dir, out) = site();
        publish(dir.path(), &out, &[("old.txt", b"old")]);
        {
            let writer = writer_for(dir.path(), &out);
            writer.write("new.txt", b"new").unwrap();
        }
        assert!(out.join("old.txt").exists());
        assert!(!out.join("new.txt").exists());
        assert!(
            !dir.path().join(".public.capsule-staging").exists(),
            "staging removed"
        );
    }

    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn an_unchanged_file_is_linked_and_a_changed_one_written() {
        let (dir, out) = site();
        publish(
            dir.path(),
            &out,
            &[("same.txt", b"same"), ("changed.txt", b"old")],
        );
        let (same, changed) = (
            inode(&out.join("same.txt")),
            inode(&out.join("changed.txt")),
        );
        let writer = writer_for(dir.path(), &out);
        writer.write("same.txt", b"same").unwrap();
        writer.write("changed.txt", b"new").unwrap();
        writer.write("added.txt", b"added").unwrap();
        assert_eq!((writer.count(), writer.kept()), (2, 1));
        writer.finish().unwrap();
        assert_eq!(inode(&out.join("same.txt")), same);
        assert_ne!(inode(&out.join("changed.txt")), changed);
        assert_eq!(std::fs::read(out.join("changed.txt")).unwrap(), b"new");
        assert_eq!(std::fs::read(out.join("added.txt")).unwrap(), b"added");
    }

    #[test]
    fn a_path_written_twice_never_changes_the_previous_output() {
        let (dir, out) = site();
        publish(dir.path(), &out, &[("a.txt", b"same")]);
        {
            let writer = writer_for(dir.path(), &out);
            writer.write("a.txt", b"same").unwrap();
            writer.write("a.txt", b"other").unwrap();
            assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"same");
        }
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"same");
    }

    #[test]
    fn a_rebuild_removes_what_the_site_no_longer_has_and_its_emptied_folders() {
        let (dir, out) = site();
        publish(
            dir.path(),
            &out,
            &[
                ("videos/gone/index.html", b"gone"),
                ("videos/gone/carte.png", b"card"),
                ("videos/kept/index.html", b"kept"),
                ("feed.xml", b"old feed"),
            ],
        );
        std::fs::write(out.join("stray.txt"), b"put there by hand").unwrap();
        publish(
            dir.path(),
            &out,
            &[
                ("videos/kept/index.html", b"kept"),
                ("feed.xml", b"new feed"),
            ],
        );
        assert!(
            !out.join("videos/gone").exists(),
            "a removed video's folder goes"
        );
        assert!(
            !out.join("stray.txt").exists(),
            "the output holds only the site"
        );
        assert_eq!(std::fs::read(out.join("feed.xml")).unwrap(), b"new feed");
        assert_eq!(
            std::fs::read(out.join("videos/kept/index.html")).unwrap(),
            b"kept"
        );
        assert!(out.join(MARKER).is_file());
        assert!(!dir.path().join(".public.capsule-staging").exists());
    }

    #[test]
    fn a_rebuild_turns_a_file_into_a_folder_and_back() {
        let (dir, out) = site();
        publish(
            dir.path(),
            &out,
            &[("a", b"file"), ("b/index.html", b"page")],
        );
        publish(
            dir.path(),
            &out,
            &[("a/index.html", b"page"), ("b", b"file")],
        );
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"page");
        assert_eq!(std::fs::read(out.join("b")).unwrap(), b"file");
    }

    #[test]
    fn the_last_bytes_given_for_a_path_win_even_when_they_are_the_previous_ones() {
        let (dir, out) = site();
        publish(dir.path(), &out, &[("a.txt", b"same")]);
        publish(dir.path(), &out, &[("a.txt", b"other"), ("a.txt", b"same")]);
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"same");
    }

    #[test]
    fn a_symbolic_link_in_the_output_is_removed_never_followed() {
        let (dir, out) = site();
        publish(dir.path(), &out, &[("index.html", b"page")]);
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("precious.txt"), b"keep me").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        publish(dir.path(), &out, &[("index.html", b"page")]);
        assert!(std::fs::symlink_metadata(out.join("linked")).is_err());
        assert_eq!(
            std::fs::read(elsewhere.join("precious.txt")).unwrap(),
            b"keep me"
        );
    }

    #[test]
    fn writing_in_place_replaces_a_shared_file_without_changing_the_other_link() {
        let (dir, out) = site();
        publish(dir.path(), &out, &[("a.txt", b"old")]);
        let other_tree = dir.path().join("elsewhere.txt");
        std::fs::hard_link(out.join("a.txt"), &other_tree).unwrap();
        let destination = Destination::check(dir.path(), &out, false).unwrap();
        let writer = Writer::in_place(&destination).unwrap();
        writer.write("a.txt", b"new").unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"new");
        assert_eq!(std::fs::read(&other_tree).unwrap(), b"old");
    }

    #[test]
    fn a_previous_file_is_kept_only_while_it_is_the_very_file_recorded() {
        let (dir, out) = site();
        publish(dir.path(), &out, &[("a.txt", b"old")]);
        let stamp = Stamp::of(&out.join("a.txt")).unwrap();
        let writer = writer_for(dir.path(), &out);
        assert!(writer.keep_previous("a.txt", &stamp));
        assert_eq!((writer.count(), writer.kept()), (0, 1));
        writer.finish().unwrap();
        assert_eq!(Stamp::of(&out.join("a.txt")), Some(stamp));
        std::fs::remove_file(out.join("a.txt")).unwrap();
        std::fs::write(out.join("a.txt"), b"new").unwrap();
        let writer = writer_for(dir.path(), &out);
        assert!(!writer.keep_previous("a.txt", &stamp), "replaced since");
        assert!(!writer.keep_previous("b.txt", &stamp), "no such file");
    }

    #[test]
    fn a_cached_picture_is_linked_from_the_cache_and_kept_while_unchanged() {
        let (dir, out) = site();
        let cached = dir.path().join("entry.png");
        std::fs::write(&cached, b"picture").unwrap();
        let writer = writer_for(dir.path(), &out);
        writer.copy_cached("p/card.png", &cached).unwrap();
        assert_eq!((writer.count(), writer.kept()), (1, 0));
        writer.finish().unwrap();
        assert_eq!(inode(&out.join("p/card.png")), inode(&cached));
        let writer = writer_for(dir.path(), &out);
        writer.copy_cached("p/card.png", &cached).unwrap();
        assert_eq!((writer.count(), writer.kept()), (0, 1));
        writer.finish().unwrap();
        assert_eq!(std::fs::read(out.join("p/card.png")).unwrap(), b"picture");
    }

    #[test]
    fn refuses_paths_outside_the_output() {
        let (dir, out) = site();
        let writer = writer_for(dir.path(), &out);
        assert!(writer.write("../evil.txt", b"x").is_err());
        assert!(writer.write("/etc/evil", b"x").is_err());
    }

    #[test]
    fn refuses_the_root_its_sources_and_what_surrounds_them() {
        let (dir, _) = site();
        let root = dir.path();
        for output in [
            root.to_path_buf(),
            root.join(".."),
            root.join("content"),
            root.join("content/videos"),
            root.join("content/nouveau"),
            root.join("public/../content"),
            root.join("themes/default"),
            root.join("data"),
            root.join(".git"),
            root.join("site.yaml"),
        ] {
            let refused = Destination::check(root, &output, true);
            assert!(
                matches!(refused, Err(Error::Usage(_))),
                "{}",
                output.display()
            );
        }
    }

    #[test]
    fn follows_symbolic_links_before_judging() {
        let (dir, _) = site();
        let root = dir.path();
        std::os::unix::fs::symlink(root.join("content"), root.join("lien")).unwrap();
        let refused = Destination::check(root, &root.join("lien/sortie"), true);
        assert!(matches!(refused, Err(Error::Usage(_))));
    }

    #[test]
    fn refuses_a_foreign_folder_unless_forced_and_accepts_an_older_capsule_output() {
        let (dir, out) = site();
        std::fs::create_dir_all(&out).unwrap();
        assert!(Destination::check(dir.path(), &out, false).is_ok(), "empty");
        std::fs::write(out.join("notes.txt"), "à garder").unwrap();
        assert!(Destination::check(dir.path(), &out, false).is_err());
        assert!(Destination::check(dir.path(), &out, true).is_ok());
        std::fs::create_dir_all(out.join("search")).unwrap();
        std::fs::write(out.join("index.html"), "").unwrap();
        std::fs::write(out.join("search/meta.json"), "{}").unwrap();
        assert!(Destination::check(dir.path(), &out, false).is_ok());
    }

    #[test]
    fn a_foreign_folder_where_staging_goes_is_left_alone() {
        let (dir, out) = site();
        let staging = dir.path().join(".public.capsule-staging");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("mine.txt"), "à garder").unwrap();
        let destination = Destination::check(dir.path(), &out, false).unwrap();
        assert!(Writer::start(&destination).is_err());
        assert!(staging.join("mine.txt").is_file());
    }
}
