//! Patches a previous output into the new site: a rebuild that changed a few files moves
//! those in and removes what the site no longer has, instead of swapping in a new tree
//! of tens of thousands of links (see the note of `output`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::remove_file_if_present;
use crate::Error;

/// Makes `output` hold the new site: removes its files not in `claimed` (files of the new
/// site, kept or staged), then renames each `staged` site path from `staging` into place.
pub fn apply(
    output: &Path,
    staging: &Path,
    claimed: &HashSet<String>,
    staged: &HashSet<String>,
) -> Result<(), Error> {
    let stale: Vec<PathBuf> = files_under(output)?
        .into_par_iter()
        .filter(|(_, site_path)| !claimed.contains(site_path))
        .map(|(path, _)| path)
        .collect();
    stale
        .par_iter()
        .try_for_each(|path| remove_file_if_present(path))?;
    staged.par_iter().try_for_each(|site_path| {
        move_in(&staging.join(site_path), &output.join(site_path), output)
    })?;
    remove_emptied_folders(output, &stale);
    Ok(())
}

// Every file under `root` (anything not a folder), with its site path; the folders of the
// first two levels are walked in parallel (`videos/` alone holds a folder per video).
fn files_under(root: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut starts = Vec::new();
    for entry in read_folder(root)? {
        // A symbolic link is a file here: never followed, out of the output.
        match std::fs::symlink_metadata(&entry).is_ok_and(|m| m.is_dir()) {
            true => starts.extend(read_folder(&entry)?),
            false => starts.push(entry),
        }
    }
    let files: Vec<Vec<PathBuf>> = starts
        .par_iter()
        .map(|start| walk(start))
        .collect::<Result<_, _>>()?;
    Ok(files
        .into_iter()
        .flatten()
        .map(|path| {
            let site_path = path.strip_prefix(root).unwrap_or(&path);
            let site_path = site_path.to_string_lossy().into_owned();
            (path, site_path)
        })
        .collect())
}

// The entries of the folder `path` (symbolic links are not followed).
fn read_folder(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
    entries
        .map(|entry| entry.map(|e| e.path()).map_err(|e| Error::io(path, e)))
        .collect()
}

// The files at or under `start`.
fn walk(start: &Path) -> Result<Vec<PathBuf>, Error> {
    walkdir::WalkDir::new(start)
        .follow_root_links(false)
        .into_iter()
        .filter(|entry| entry.as_ref().map_or(true, |e| !e.file_type().is_dir()))
        .map(|entry| {
            entry
                .map(walkdir::DirEntry::into_path)
                .map_err(|e| Error::io(start, e.into()))
        })
        .collect()
}

// Renames the staged file `from` to `to` in the output. When that fails, makes room and
// tries again: its folder is missing, a file stands where a folder goes, or a folder
// stands where the file goes (a page became a file).
fn move_in(from: &Path, to: &Path, output: &Path) -> Result<(), Error> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    let folder = to.parent().unwrap_or(output);
    for ancestor in folder.ancestors().take_while(|a| a.starts_with(output)) {
        if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
            remove_file_if_present(ancestor)?;
        }
    }
    std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    if std::fs::symlink_metadata(to).is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(to).map_err(|e| Error::io(to, e))?;
    }
    std::fs::rename(from, to).map_err(|e| Error::io(to, e))
}

// Removes the folders left empty by removing `removed` (a removed video's folder), the
// deepest first, up to the output itself.
fn remove_emptied_folders(output: &Path, removed: &[PathBuf]) {
    let mut folders: Vec<&Path> = removed
        .iter()
        .flat_map(|path| path.ancestors().skip(1))
        .filter(|folder| folder.starts_with(output) && *folder != output)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    folders.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    for folder in folders {
        // Fails, as it should, for a folder that still holds files.
        let _ = std::fs::remove_dir(folder);
    }
}
