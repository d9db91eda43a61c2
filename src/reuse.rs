//! Pages and feeds a build need not make again: `build` notes, in the cache folder, each
//! page's fingerprint (see [`crate::render::fingerprint`]; a feed's, see
//! [`crate::feeds`]), its output path and the stamp of the file it left (see [`Stamp`]).
//! The next build into the same output links a file whose fingerprint did not move and
//! which is still that very file from the previous output, and makes only the others: a
//! rebuild with nothing changed renders nothing. For the other files it wrote (search
//! index, calendars, assets…), it notes their bytes' digest and stamp: the next build
//! keeps such a file without reading it when the new bytes have the same digest.
//!
//! The record is only a shortcut, never trusted for bytes it cannot vouch for: it belongs
//! to one site root, output folder, capsule binary and set of build options (its seed),
//! a page whose file was replaced or touched since (by `serve`, say) has another stamp,
//! and a record missing, unreadable or from another seed is simply not used.

use std::collections::HashMap;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tempfile::NamedTempFile;

use crate::hashing::hash_of;
use crate::output::{Digest, Stamp};
use crate::Error;

/// Changes every seed: bump it when the record's meaning changes.
const VERSION: &str = "capsule-pages-2";

/// A page this build left: its key, fingerprint and output path.
pub type BuiltPage = (String, u64, String);

/// One page as the previous build left it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRecord {
    pub key: String,
    pub fingerprint: u64,
    pub path: String,
    pub stamp: Stamp,
}

/// One other file the previous build wrote (a feed, a search file, an asset…): the digest
/// of its bytes and the stamp of the file it left.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub digest: Digest,
    pub stamp: Stamp,
}

/// The pages of the previous build into an output, by key, and its other files.
#[derive(Debug, Default)]
pub struct PageRecords {
    file: Option<PathBuf>,
    seed: u64,
    pages: HashMap<String, PageRecord>,
    files: Vec<FileRecord>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    seed: u64,
    pages: Vec<PageRecord>,
    files: Vec<FileRecord>,
}

impl PageRecords {
    /// The record for building the site at `root` into `output` with options `options`
    /// (anything that changes pages without changing their fingerprint: drafts shown,
    /// minifying, …), kept under the cache folder `cache`. Empty when there is none yet,
    /// or when it was written by another capsule or for other options.
    pub fn load(cache: &Path, root: &Path, output: &Path, options: &str) -> PageRecords {
        let Some(binary) = binary_identity() else {
            return PageRecords::default();
        };
        let place = hash_of(&(root, output));
        let seed = hash_of(&(VERSION, place, binary, options));
        let file = cache.join("pages").join(format!("{place:016x}.json"));
        let (pages, files) = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .filter(|stored| stored.seed == seed)
            .map(|stored| (stored.pages, stored.files))
            .unwrap_or_default();
        PageRecords {
            file: Some(file),
            seed,
            pages: pages.into_iter().map(|p| (p.key.clone(), p)).collect(),
            files,
        }
    }

    /// The previous build's page `key` when its fingerprint was `fingerprint`.
    pub fn unchanged(&self, key: &str, fingerprint: u64) -> Option<&PageRecord> {
        self.pages
            .get(key)
            .filter(|page| page.fingerprint == fingerprint)
    }

    /// The other files of the previous build (see `output::Writer::knowing`).
    pub fn take_files(&mut self) -> Vec<FileRecord> {
        std::mem::take(&mut self.files)
    }

    /// Records `pages` (key, fingerprint, output path) and the other `files` (output
    /// path, digest) as the files now in `output`, replacing the record atomically. A file
    /// that cannot be found is left out.
    pub fn save(
        &self,
        output: &Path,
        pages: &[BuiltPage],
        files: &[(String, Digest)],
    ) -> Result<(), Error> {
        match &self.file {
            Some(file) => self
                .write(file, output, pages, files)
                .map_err(|e| Error::io(file, e)),
            None => Ok(()),
        }
    }

    fn write(
        &self,
        file: &Path,
        output: &Path,
        pages: &[BuiltPage],
        files: &[(String, Digest)],
    ) -> std::io::Result<()> {
        let pages: Vec<PageRecord> = pages
            .par_iter()
            .filter_map(|(key, fingerprint, path)| {
                Some(PageRecord {
                    key: key.clone(),
                    fingerprint: *fingerprint,
                    stamp: Stamp::of(&output.join(path))?,
                    path: path.clone(),
                })
            })
            .collect();
        let files: Vec<FileRecord> = files
            .par_iter()
            .filter_map(|(path, digest)| {
                Some(FileRecord {
                    path: path.clone(),
                    digest: *digest,
                    stamp: Stamp::of(&output.join(path))?,
                })
            })
            .collect();
        let stored = Stored {
            seed: self.seed,
            pages,
            files,
        };
        replace_file(file, |writer| {
            serde_json::to_writer(writer, &stored).map_err(std::io::Error::other)
        })
    }
}

/// Replaces the cache folder's `file` with what `write` writes, atomically: through a
/// buffer into a temporary file beside it, then renamed into place (a killed build leaves
/// the previous file or the new one, never half of it).
pub(crate) fn replace_file(
    file: &Path,
    write: impl FnOnce(&mut BufWriter<NamedTempFile>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let temporary = NamedTempFile::new_in(folder)?;
    let mut writer = BufWriter::with_capacity(1 << 20, temporary);
    write(&mut writer)?;
    let temporary = writer.into_inner().map_err(|e| e.into_error())?;
    temporary.persist(file).map_err(|e| e.error)?;
    Ok(())
}

// Which capsule this is: its version, and the length and time of its executable (another
// build of the code renders other bytes, whatever the fingerprints say); none when it
// cannot be known, and then nothing is reused.
pub(crate) fn binary_identity() -> Option<(&'static str, u64, std::time::SystemTime)> {
    let executable = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    Some((
        env!("CARGO_PKG_VERSION"),
        executable.len(),
        executable.modified().ok()?,
    ))
}
