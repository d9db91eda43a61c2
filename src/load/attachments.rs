//! Attachments nothing uses: a file in a video's folder that neither `thumbnail`,
//! `captions` nor a link or image of its text names (in a news item's folder: neither
//! `image` nor its text), a photo in `content/contributors/` that no `avatar` names. Each is a warning: it is published (or kept) for nothing, and
//! often the sign of a misspelt name.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use super::{Bundle, Content, Loaded, NewsFront, VideoFront};
use crate::diagnostics::{Diagnostic, Source};

/// A warning for every attachment of `content` that nothing names.
pub fn unused(content: &Content) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = content.videos.iter().flat_map(unused_in_bundle).collect();
    warnings.extend(content.news.iter().flat_map(unused_in_news_bundle));
    // A contributor file that does not parse may name a photo: say nothing until it does.
    if content.contributors.len() == content.contributor_ids.len() {
        warnings.extend(unused_photos(content));
    }
    warnings
}

fn unused_in_bundle(video: &Loaded<VideoFront>) -> Vec<Diagnostic> {
    let Some(bundle) = &video.bundle else {
        return Vec::new();
    };
    let front = &video.front;
    let mut named: HashSet<String> = [&front.thumbnail, &front.captions]
        .into_iter()
        .flatten()
        .map(|name| name.trim().to_string())
        .collect();
    let own_folder = crate::paths::video(&video.id);
    for text in std::iter::once(video.body()).chain(front.transcript.as_deref()) {
        named.extend(bundle_targets(text, &own_folder));
    }
    unused_files(
        bundle,
        &video.source.rel_path,
        &named,
        "`thumbnail` ou `captions`",
    )
}

fn unused_in_news_bundle(news: &Loaded<NewsFront>) -> Vec<Diagnostic> {
    let Some(bundle) = &news.bundle else {
        return Vec::new();
    };
    let mut named: HashSet<String> = news
        .front
        .image
        .iter()
        .map(|name| name.trim().to_string())
        .collect();
    named.extend(bundle_targets(
        news.body(),
        &format!("/actualites/{}/", news.id),
    ));
    unused_files(bundle, &news.source.rel_path, &named, "`image`")
}

// The files of a bundle its text names, as file names of the bundle: `photo.jpg`,
// `./photo.jpg` or the bundle's own site folder followed by the name.
fn bundle_targets(text: &str, own_folder: &str) -> Vec<String> {
    link_targets(text)
        .into_iter()
        .map(|target| {
            target
                .strip_prefix(own_folder)
                .or_else(|| target.strip_prefix("./"))
                .unwrap_or(&target)
                .to_string()
        })
        .collect()
}

// A warning for each file of `bundle` (whose `index.md` is `index_rel`) not in `named`.
fn unused_files(
    bundle: &Bundle,
    index_rel: &str,
    named: &HashSet<String>,
    keys: &str,
) -> Vec<Diagnostic> {
    let folder = index_rel.strip_suffix("index.md").unwrap_or_default();
    bundle
        .files
        .iter()
        .filter(|file| !named.contains(*file))
        .map(|file| {
            let rel = format!("{folder}{file}");
            Source {
                rel_path: rel,
                text: "".into(),
            }
            .file_error(format!("fichier joint inutilisé : `{file}`"))
            .with_help(format!(
                "nommez-le dans {keys} de `{index_rel}`, ou dans son texte (`![description]({file})`) ; sinon, supprimez-le"
            ))
            .as_warning()
        })
        .collect()
}

// Photos of `content/contributors/` that no `avatar` names.
fn unused_photos(content: &Content) -> Vec<Diagnostic> {
    let named: Vec<std::path::PathBuf> = content
        .contributors
        .iter()
        .filter_map(|contributor| {
            let avatar = contributor.front.avatar.as_deref()?.trim();
            let folder = contributor.path.parent()?;
            Some(folder.join(Path::new(avatar)))
        })
        .collect();
    content
        .contributor_files
        .iter()
        .filter(|(path, _)| !named.contains(path))
        .map(|(_, rel)| {
            Source {
                rel_path: rel.clone(),
                text: "".into(),
            }
            .file_error(format!("fichier inutilisé : `{rel}`"))
            .with_help("aucune fiche ne le nomme dans `avatar` : nommez-le dans la fiche du contributeur (`avatar: photo.jpg`), ou supprimez-le")
            .as_warning()
        })
        .collect()
}

// Targets of the links and images of a Markdown text, percent-decoded, without query
// or fragment.
fn link_targets(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let target = dest_url.split(['?', '#']).next().unwrap_or_default();
                let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
                Some(decoded.into_owned())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_are_decoded_without_query_or_fragment() {
        let text = "![schéma](mon%20sch%C3%A9ma.png) et [notes](./notes.pdf#page=2), [x][r]\n\n[r]: fiche.pdf?v=1\n";
        assert_eq!(
            link_targets(text),
            ["mon schéma.png", "./notes.pdf", "fiche.pdf"]
        );
    }
}
