//! The picture cache: every derived picture (resized copy, card) and what pages need to know
//! about a thumbnail, kept under a key made of everything it is made of, in a folder outside
//! the output (`.capsule-cache/` under the site root, or `--cache DIR`). `build` and `serve`
//! share it, so a picture costs its decoding and encoding once, not once per build.
//!
//! An entry is one file, `<key>-<length>.<extension>`, holding exactly the bytes to publish
//! (so the writer may later link it rather than copy it). It is written to a temporary file
//! and renamed into place: a killed build leaves at most a temporary file, never a partial
//! entry under a real name. An entry whose length is not the one in its name (a file cut
//! short by a crash of the machine) is ignored and made again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::Error;

/// Changes every key: bump it whenever the code changes the bytes of a picture.
const VERSION: &str = "capsule-pictures-2";
/// Temporary files start with this; older than [`STALE`], pruning removes them.
const TEMPORARY: &str = ".tmp-";
const STALE: Duration = Duration::from_secs(3600);

/// What a cached picture is made of, hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 16]);

impl Key {
    /// The key of a product described by `parts` (source bytes' hash, transform, settings).
    pub fn of(parts: &[&[u8]]) -> Key {
        let mut hasher = blake3::Hasher::new();
        hasher.update(VERSION.as_bytes());
        for part in parts {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        let mut key = [0; 16];
        key.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        Key(key)
    }

    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn parse(hex: &str) -> Option<Key> {
        if hex.len() != 32 {
            return None;
        }
        let mut key = [0; 16];
        for (index, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * index..2 * index + 2)?, 16).ok()?;
        }
        Some(Key(key))
    }
}

/// Hash of a source file's bytes, the first part of its products' keys.
pub fn source_hash(bytes: &[u8]) -> [u8; 32] {
    *blake3::hash(bytes).as_bytes()
}

/// An entry's file name: `<key>-<length>.<extension>`.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    length: u64,
}

/// The cache folder, what it held when opened and what this build used.
#[derive(Debug)]
pub struct PictureCache {
    dir: PathBuf,
    entries: Mutex<HashMap<Key, Entry>>,
    used: Mutex<HashSet<Key>>,
    made: AtomicUsize,
    reused: AtomicUsize,
    temporaries: AtomicUsize,
}

impl PictureCache {
    /// Opens (creating it if needed) the cache folder `dir` and lists its entries.
    pub fn open(dir: &Path) -> Result<PictureCache, Error> {
        let failed = |source| Error::PictureCache {
            dir: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        let mut entries = HashMap::new();
        for item in std::fs::read_dir(dir).map_err(failed)? {
            let name = item
                .map_err(failed)?
                .file_name()
                .to_string_lossy()
                .into_owned();
            if let Some((key, entry)) = parse_name(&name) {
                entries.insert(key, entry);
            }
        }
        Ok(PictureCache {
            dir: dir.to_path_buf(),
            entries: Mutex::new(entries),
            used: Mutex::new(HashSet::new()),
            made: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            temporaries: AtomicUsize::new(0),
        })
    }

    /// The path of the whole entry for `key`, if there is one; marks it used.
    pub fn get(&self, key: Key) -> Option<PathBuf> {
        lock(&self.used).insert(key);
        let entry = lock(&self.entries).get(&key).cloned()?;
        let path = self.dir.join(&entry.name);
        let whole = std::fs::metadata(&path).is_ok_and(|m| m.len() == entry.length);
        if !whole {
            lock(&self.entries).remove(&key);
            let _ = std::fs::remove_file(&path);
            return None;
        }
        Some(path)
    }

    /// The bytes of the entry for `key`, if there is a whole one (small entries).
    pub fn read(&self, key: Key) -> Option<Vec<u8>> {
        let path = self.get(key)?;
        std::fs::read(path).ok()
    }

    /// Stores `bytes` under `key` (a temporary file renamed into place); returns its path.
    pub fn put(&self, key: Key, extension: &str, bytes: &[u8]) -> Result<PathBuf, Error> {
        lock(&self.used).insert(key);
        let name = format!("{}-{}.{extension}", key.hex(), bytes.len());
        let path = self.dir.join(&name);
        let temporary = self.dir.join(format!(
            "{TEMPORARY}{}-{}-{name}",
            std::process::id(),
            self.temporaries.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&temporary, bytes).map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| Error::io(&path, e))?;
        let replaced = lock(&self.entries).insert(
            key,
            Entry {
                name: name.clone(),
                length: bytes.len() as u64,
            },
        );
        if let Some(old) = replaced.filter(|old| old.name != name) {
            let _ = std::fs::remove_file(self.dir.join(old.name));
        }
        Ok(path)
    }

    /// Counts a picture taken from the cache.
    pub fn count_reused(&self) {
        self.reused.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a picture made (decoded and encoded, or drawn).
    pub fn count_made(&self) {
        self.made.fetch_add(1, Ordering::Relaxed);
    }

    /// Pictures made and pictures taken from the cache since it was opened.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.made.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
        )
    }

    /// Removes the entries nothing asked for since the cache was opened, and temporary files
    /// left by a killed build; returns how many entries went. Only names this cache writes
    /// are ever removed, whatever else the folder holds.
    pub fn prune(&self) -> Result<usize, Error> {
        let used = lock(&self.used).clone();
        let mut entries = lock(&self.entries);
        let mut removed = 0;
        for item in std::fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, e))? {
            let Ok(item) = item else { continue };
            let name = item.file_name().to_string_lossy().into_owned();
            let unused = parse_name(&name).is_some_and(|(key, _)| !used.contains(&key));
            if unused {
                entries.retain(|_, entry| entry.name != name);
                removed += 1;
            }
            if unused || is_stale_temporary(&name, &item) {
                let path = item.path();
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Error::io(path, e))
                    }
                    _ => {}
                }
            }
        }
        Ok(removed)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

// `<32 hex>-<length>.<extension>`
fn parse_name(name: &str) -> Option<(Key, Entry)> {
    let (stem, extension) = name.rsplit_once('.')?;
    let (hex, length) = stem.split_once('-')?;
    let valid_extension =
        !extension.is_empty() && extension.bytes().all(|b| b.is_ascii_alphanumeric());
    let length = length
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| length.parse().ok())??;
    let key = Key::parse(hex).filter(|_| valid_extension)?;
    Some((
        key,
        Entry {
            name: name.to_string(),
            length,
        },
    ))
}

fn is_stale_temporary(name: &str, item: &std::fs::DirEntry) -> bool {
    name.starts_with(TEMPORARY)
        && item
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| {
                SystemTime::now()
                    .duration_since(modified)
                    .is_ok_and(|age| age > STALE)
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        Key::of(&[text.as_bytes()])
    }

    #[test]
    fn a_stored_entry_is_found_again_by_a_later_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PictureCache::open(dir.path()).unwrap();
        assert_eq!(cache.get(key("carte")), None, "miss");
        cache.put(key("carte"), "png", b"octets").unwrap();
        let reopened = PictureCache::open(dir.path()).unwrap();
        let path = reopened.get(key("carte")).expect("hit");
        assert_eq!(std::fs::read(&path).unwrap(), b"octets");
        assert!(path.to_string_lossy().ends_with("-6.png"), "{path:?}");
        assert_eq!(reopened.read(key("carte")).unwrap(), b"octets");
        assert_eq!(reopened.get(key("autre")), None);
    }

    #[test]
    fn keys_differ_by_every_part() {
        assert_ne!(Key::of(&[b"ab", b"c"]), Key::of(&[b"a", b"bc"]));
        assert_ne!(key("webp 480"), key("webp 960"));
        assert_eq!(Key::parse(&key("x").hex()), Some(key("x")));
    }

    #[test]
    fn an_entry_cut_short_is_a_miss_and_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = PictureCache::open(dir.path())
            .unwrap()
            .put(key("carte"), "jpg", b"0123456789")
            .unwrap();
        std::fs::write(&path, b"01234").unwrap();
        let cache = PictureCache::open(dir.path()).unwrap();
        assert_eq!(cache.get(key("carte")), None, "truncated entry ignored");
        assert!(!path.exists(), "and removed");
        let again = cache.put(key("carte"), "jpg", b"0123456789").unwrap();
        assert_eq!(std::fs::read(again).unwrap(), b"0123456789");
    }

    #[test]
    fn a_killed_build_leaves_only_temporary_files_that_pruning_removes_once_stale() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir
            .path()
            .join(format!(".tmp-1-0-{}-4.png", key("a").hex()));
        let fresh = dir
            .path()
            .join(format!(".tmp-2-0-{}-4.png", key("b").hex()));
        std::fs::write(&stale, b"ab").unwrap();
        std::fs::write(&fresh, b"ab").unwrap();
        let two_hours_ago = SystemTime::now() - Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        let cache = PictureCache::open(dir.path()).unwrap();
        assert_eq!(cache.get(key("a")), None, "a temporary file is no entry");
        cache.prune().unwrap();
        assert!(!stale.exists(), "left by a killed build long ago");
        assert!(fresh.exists(), "maybe being written by another build");
    }

    #[test]
    fn pruning_keeps_what_this_build_used_and_nothing_else_of_ours() {
        let dir = tempfile::tempdir().unwrap();
        let first = PictureCache::open(dir.path()).unwrap();
        for name in ["a", "b", "c"] {
            first.put(key(name), "webp", name.as_bytes()).unwrap();
        }
        std::fs::write(dir.path().join("LISEZMOI.txt"), "pas à nous").unwrap();
        let second = PictureCache::open(dir.path()).unwrap();
        assert!(second.get(key("a")).is_some());
        second.put(key("d"), "webp", b"d").unwrap();
        assert_eq!(second.prune().unwrap(), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!("{}-1.webp", key("a").hex()),
                format!("{}-1.webp", key("d").hex()),
                "LISEZMOI.txt".to_string()
            ]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
        );
    }
}
