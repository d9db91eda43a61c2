//! Old addresses of videos (`aliases`) become redirects; one that is also a page of the
//! site, or the old address of two videos, would silently replace a page or send visitors
//! to the wrong video. Checked once every file is read, since it takes them all.

use std::collections::HashMap;

use super::entities::{Page, Video};
use super::Located;
use crate::diagnostics::Diagnostic;
use crate::load::kinds::VideoFront;
use crate::load::{Content, Loaded};
use crate::paths;

/// Aliases that collide with a page of the site or with another video's alias.
pub(crate) fn check(videos: &[Video], pages: &[Page], content: &Content) -> Vec<Diagnostic> {
    let files: HashMap<&str, &Loaded<VideoFront>> = content
        .videos
        .iter()
        .map(|loaded| (loaded.source.rel_path.as_str(), loaded))
        .collect();
    let pages_by_path: HashMap<String, String> = videos
        .iter()
        .map(|v| {
            (
                paths::video(&v.slug),
                format!("l'adresse de la vidéo `{}`", v.slug),
            )
        })
        .chain(pages.iter().map(|p| {
            (
                paths::page(&p.slug),
                format!("l'adresse de la page `{}`", p.slug),
            )
        }))
        .collect();
    let mut owners: HashMap<String, &str> = HashMap::new();
    let mut problems = Vec::new();
    for video in videos {
        for alias in &video.aliases {
            let path = paths::alias_page(alias);
            let message = match taken_by(&path, &pages_by_path) {
                Some(page) => Some(format!("l'ancienne adresse `{alias}` est {page}")),
                None => owners
                    .insert(path, &video.slug)
                    .filter(|other| *other != video.slug)
                    .map(|other| {
                        format!(
                            "l'ancienne adresse `{alias}` est aussi celle de la vidéo `{other}`"
                        )
                    }),
            };
            if let (Some(message), Some(loaded)) = (message, files.get(video.file.as_str())) {
                problems.push(
                    Located::new(loaded)
                        .at("aliases", Some(alias), message)
                        .with_help("une ancienne adresse ne peut mener qu'à une seule vidéo et ne doit pas être une page existante du site"),
                );
            }
        }
    }
    problems
}

// What page of the site `path` already is, in words ("l'adresse de la vidéo `x`").
fn taken_by(path: &str, pages_by_path: &HashMap<String, String>) -> Option<String> {
    let generated = |folder: &&str| path.starts_with(folder);
    if path == paths::VIDEOS || paths::GENERATED_FOLDERS.iter().any(generated) {
        return Some("une page produite par le site".to_string());
    }
    pages_by_path.get(path).cloned()
}
