//! `data/vues.yaml`: each video's public view count, with where it was read and when.
//! Written by `capsule views` (never by `build`), one line per video sorted by slug so that
//! its weekly update reads as a short diff; read and validated like the other data files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use yaml_serde::Value;

use super::checks::{key_text, Checker, Schema};
use super::located::{child, Step};

/// Where a count was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Platform {
    PeerTube,
    YouTube,
    Vimeo,
    Dailymotion,
}

impl Platform {
    pub const ALL: [Platform; 4] = [
        Platform::PeerTube,
        Platform::YouTube,
        Platform::Vimeo,
        Platform::Dailymotion,
    ];

    /// As written in the file: `peertube`, `youtube`, `vimeo`, `dailymotion`.
    pub fn id(self) -> &'static str {
        match self {
            Platform::PeerTube => "peertube",
            Platform::YouTube => "youtube",
            Platform::Vimeo => "vimeo",
            Platform::Dailymotion => "dailymotion",
        }
    }

    /// As people read it.
    pub fn name(self) -> &'static str {
        match self {
            Platform::PeerTube => "PeerTube",
            Platform::YouTube => "YouTube",
            Platform::Vimeo => "Vimeo",
            Platform::Dailymotion => "Dailymotion",
        }
    }

    pub fn from_id(id: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// One video's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewCount {
    pub views: u64,
    pub source: Platform,
    /// The day it was read (site time).
    pub fetched: NaiveDate,
}

/// Counts by video slug.
pub type ViewCounts = BTreeMap<String, ViewCount>;

const ENTRY: Schema = Schema {
    what: "un relevé de vues",
    required: &["views", "source", "fetched"],
    optional: &[],
};

/// The counts of the file whose values are right. A slug that is no video (`video_ids`:
/// every video file, published or not) is a warning: the video was renamed or removed, and
/// the next `capsule views` drops its line.
pub fn read(value: &Value, video_ids: &[String], checker: &mut Checker) -> ViewCounts {
    let mut counts = ViewCounts::new();
    let Value::Mapping(entries) = value else {
        checker.value_error(
            &[],
            "data/vues.yaml doit associer chaque vidéo à son relevé : `identifiant: { views: …, source: …, fetched: … }`",
            "ce fichier est écrit par `capsule views` : lancez la commande pour le refaire",
        );
        return counts;
    };
    for (key, entry) in entries {
        let slug = key_text(key).unwrap_or_default();
        let path = [Step::Key(slug.clone())];
        if video_ids.binary_search(&slug).is_err() {
            let problem = checker
                .locator()
                .at_key(&path, format!("vidéo inconnue : `{slug}`"))
                .with_help("la vidéo a été renommée ou supprimée : la ligne disparaîtra au prochain relevé (`capsule views`), ou supprimez-la")
                .as_warning();
            checker.problems.push(problem);
            continue;
        }
        if let Some(count) = count(entry, &path, checker) {
            counts.insert(slug, count);
        }
    }
    counts
}

fn count(value: &Value, path: &[Step], checker: &mut Checker) -> Option<ViewCount> {
    let map = checker.mapping(value, path, &ENTRY)?;
    let views = checker.count(map, path, "views");
    let fetched = checker.date(map, path, "fetched");
    let source = checker.text(map, path, "source").and_then(|id| {
        let platform = Platform::from_id(&id);
        if platform.is_none() {
            let possible: Vec<&str> = Platform::ALL.iter().map(|p| p.id()).collect();
            checker.value_error(
                &child(path, Step::Key("source".into())),
                format!("hébergeur inconnu : `{id}`"),
                &format!("hébergeurs possibles : {}", possible.join(", ")),
            );
        }
        platform
    });
    Some(ViewCount {
        views: views?,
        source: source?,
        fetched: fetched?,
    })
}

/// The file's text for `counts`: a comment, then one line per video, sorted by slug.
pub fn format(counts: &ViewCounts) -> String {
    let mut text = String::from(
        "# Nombre de vues de chaque vidéo, relevé sur son hébergeur par `capsule views`\n\
         # (chaque semaine, par .github/workflows/views.yml). Ne pas modifier à la main.\n",
    );
    for (slug, count) in counts {
        let key = match plain_key(slug) {
            true => slug.clone(),
            false => format!("\"{slug}\""),
        };
        let _ = writeln!(
            text,
            "{key}: {{ views: {}, source: {}, fetched: {} }}",
            count.views,
            count.source.id(),
            count.fetched.format("%Y-%m-%d")
        );
    }
    text
}

// Whether a slug reads back as text when written without quotes (not `true`, `null`, `2024`…).
fn plain_key(slug: &str) -> bool {
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    slug.starts_with(|c: char| c.is_ascii_lowercase()) && !reserved.contains(&slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Source;

    #[test]
    fn formats_and_reads_back_the_same_counts() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let mut counts = ViewCounts::new();
        for (slug, views, source) in [
            ("le-nombre-du-jour", 1523, Platform::PeerTube),
            ("2024", 7, Platform::YouTube),
            ("la-dictee", 0, Platform::Dailymotion),
        ] {
            counts.insert(
                slug.to_string(),
                ViewCount {
                    views,
                    source,
                    fetched: day,
                },
            );
        }
        let text = format(&counts);
        assert!(text.ends_with(
            "\"2024\": { views: 7, source: youtube, fetched: 2026-03-02 }\n\
             la-dictee: { views: 0, source: dailymotion, fetched: 2026-03-02 }\n\
             le-nombre-du-jour: { views: 1523, source: peertube, fetched: 2026-03-02 }\n"
        ));
        let source = Source {
            rel_path: "data/vues.yaml".into(),
            text: text.clone().into(),
        };
        let mut checker = Checker::new(&source);
        let value = crate::load::yaml::parse_value(&text).unwrap();
        let ids: Vec<String> = ["2024", "la-dictee", "le-nombre-du-jour"]
            .map(String::from)
            .to_vec();
        assert_eq!(read(&value, &ids, &mut checker), counts);
        assert!(checker.problems.is_empty(), "{:?}", checker.problems);
    }
}
