//! The only place that writes the built site. Files go into a staging folder beside the
//! output (HTML minified on the way, unless it comes from templates minified once, see
//! `render::compact`); `finish` swaps it in, so a failed build leaves the previous output
//! untouched and a visitor of `serve` never sees half a site.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use crate::markdown::hash_of;
use crate::Error;

/// Writes files under a staging folder, then swaps it into place; or, for `serve`, in place.
pub struct Writer {
    /// Where files are written now.
    staging: PathBuf,
    destination: PathBuf,
    written: AtomicUsize,
    /// Files skipped because their bytes were already on disk (see [`Writer::remembering`]).
    unchanged: AtomicUsize,
    /// In place: a hash of every file on disk, by site path.
    on_disk: Option<Mutex<OnDisk>>,
    /// Nothing left to swap or clean: finished, or writing in place.
    finished: bool,
}

/// Hashes of the files an in-place writer left on disk, by site path.
pub type OnDisk = HashMap<String, u64>;

impl Writer {
    /// Prepares an empty staging folder next to `destination`.
    pub fn start(destination: &Path) -> Result<Writer, Error> {
        let destination = absolute(destination)?;
        let staging = sibling(&destination, "capsule-staging");
        remove_if_present(&staging)?;
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(staging.display(), e))?;
        Ok(Writer {
            staging,
            destination,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            on_disk: None,
            finished: false,
        })
    }

    /// Writes straight into `destination`, each file atomically (`serve` rebuilds a few
    /// files of a site being served; a visitor never reads half a file).
    pub fn in_place(destination: &Path) -> Result<Writer, Error> {
        let destination = absolute(destination)?;
        std::fs::create_dir_all(&destination).map_err(|e| Error::io(destination.display(), e))?;
        Ok(Writer {
            staging: destination.clone(),
            destination,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            on_disk: None,
            finished: true,
        })
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

    /// How many files were skipped as unchanged.
    pub fn unchanged(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }

    // The remembered files, when remembering.
    fn on_disk(&self) -> Option<MutexGuard<'_, OnDisk>> {
        let on_disk = self.on_disk.as_ref()?;
        Some(
            on_disk
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// Removes a file written by an earlier build (in-place mode).
    pub fn remove(&self, rel_path: &str) -> Result<(), Error> {
        let path = self.target(rel_path)?;
        if let Some(mut on_disk) = self.on_disk() {
            on_disk.remove(rel_path);
        }
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path.display(), e)),
            _ => Ok(()),
        }
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
        let hash = self.on_disk.is_some().then(|| hash_of(bytes));
        let unchanged = hash.is_some_and(|hash| {
            self.on_disk()
                .is_some_and(|on_disk| on_disk.get(rel_path) == Some(&hash))
        });
        if unchanged {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent.display(), e))?;
        }
        if self.staging == self.destination {
            write_atomically(&path, bytes)?;
        } else {
            std::fs::write(&path, bytes).map_err(|e| Error::io(path.display(), e))?;
        }
        if let (Some(mut on_disk), Some(hash)) = (self.on_disk(), hash) {
            on_disk.insert(rel_path.to_string(), hash);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes `bytes` at the site path `rel_path` as they are (HTML already minified).
    pub fn write_as_is(&self, rel_path: &str, bytes: &[u8]) -> Result<(), Error> {
        self.write_bytes(rel_path, bytes)
    }

    /// Copies the file at `source` to the site path `rel_path`.
    pub fn copy(&self, rel_path: &str, source: &Path) -> Result<(), Error> {
        let bytes = std::fs::read(source).map_err(|e| Error::io(source.display(), e))?;
        self.write(rel_path, &bytes)
    }

    /// How many files were written so far.
    pub fn count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    // Refuses paths that would leave the staging folder.
    fn target(&self, rel_path: &str) -> Result<PathBuf, Error> {
        let relative = Path::new(rel_path);
        let inside = !rel_path.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(Error::Io(format!("chemin de sortie refusé : {rel_path}")));
        }
        Ok(self.staging.join(relative))
    }

    /// Puts the staged site in place of the destination, atomically per folder rename.
    pub fn finish(mut self) -> Result<(), Error> {
        if self.finished {
            return Ok(());
        }
        let previous = sibling(&self.destination, "capsule-previous");
        remove_if_present(&previous)?;
        if self.destination.exists() {
            std::fs::rename(&self.destination, &previous)
                .map_err(|e| Error::io(self.destination.display(), e))?;
        }
        std::fs::rename(&self.staging, &self.destination)
            .map_err(|e| Error::io(self.destination.display(), e))?;
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

// Same folder, then rename: readers see the old file or the new one, never a mix.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.capsule-tmp"));
    std::fs::write(&temporary, bytes).map_err(|e| Error::io(temporary.display(), e))?;
    std::fs::rename(&temporary, path).map_err(|e| Error::io(path.display(), e))
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
    std::path::absolute(path).map_err(|e| Error::io(path.display(), e))
}

// `/a/public` + "x" → `/a/.public.x`
fn sibling(destination: &Path, suffix: &str) -> PathBuf {
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    destination.with_file_name(format!(".{name}.{suffix}"))
}

fn remove_if_present(path: &Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path.display(), e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_in_the_new_site_and_drops_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();
        let writer = Writer::start(&out).unwrap();
        writer.write("a/index.html", b"<p>  bonjour  </p>").unwrap();
        assert!(
            out.join("old.txt").exists(),
            "old output stays until finish"
        );
        writer.finish().unwrap();
        assert!(!out.join("old.txt").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "<p>bonjour"
        );
    }

    #[test]
    fn an_abandoned_build_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();
        {
            let writer = Writer::start(&out).unwrap();
            writer.write("new.txt", b"new").unwrap();
        }
        assert!(out.join("old.txt").exists());
        assert!(!out.join("new.txt").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "staging removed"
        );
    }

    #[test]
    fn refuses_paths_outside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::start(&dir.path().join("public")).unwrap();
        assert!(writer.write("../evil.txt", b"x").is_err());
        assert!(writer.write("/etc/evil", b"x").is_err());
    }
}
