//! The front matter of each kind of content file, as written by contributors, and the keys
//! each accepts. Types only: meaning and cross-checks belong to `catalog`.

use std::collections::BTreeMap;

use serde::{de, Deserialize, Deserializer};

use super::frontmatter::Schema;

/// A text, or a number written without quotes taken as the text it was written as
/// (`duration: 90`, `title: 1984`), so that the value's own check explains the right form
/// instead of a type error.
fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct ScalarText;

    impl de::Visitor<'_> for ScalarText {
        type Value = String;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
            Ok(text.to_string())
        }

        fn visit_i64<E: de::Error>(self, number: i64) -> Result<String, E> {
            Ok(number.to_string())
        }

        fn visit_u64<E: de::Error>(self, number: u64) -> Result<String, E> {
            Ok(number.to_string())
        }

        fn visit_f64<E: de::Error>(self, number: f64) -> Result<String, E> {
            Ok(number.to_string())
        }
    }

    deserializer.deserialize_any(ScalarText)
}

/// `content/videos/<slug>.md` or `content/videos/<slug>/index.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoFront {
    #[serde(deserialize_with = "scalar_text")]
    pub title: String,
    #[serde(deserialize_with = "scalar_text")]
    pub date: String,
    pub video: String,
    #[serde(deserialize_with = "scalar_text")]
    pub duration: String,
    pub contributors: Vec<String>,
    pub themes: Vec<String>,
    #[serde(default)]
    pub levels: Vec<String>,
    #[serde(deserialize_with = "scalar_text")]
    pub summary: String,
    pub thumbnail: Option<String>,
    pub captions: Option<String>,
    pub transcript: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub draft: bool,
}

pub const VIDEO: Schema = Schema {
    kind: "vidéo",
    required: &[
        "title",
        "date",
        "video",
        "duration",
        "contributors",
        "themes",
        "summary",
    ],
    optional: &[
        "levels",
        "thumbnail",
        "captions",
        "transcript",
        "aliases",
        "draft",
    ],
};

/// `content/contributors/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributorFront {
    pub name: String,
    pub role: String,
    pub academie: Option<String>,
    pub school: Option<String>,
    pub avatar: Option<String>,
    #[serde(default)]
    pub links: BTreeMap<String, String>,
}

pub const CONTRIBUTOR: Schema = Schema {
    kind: "fiche de contributeur",
    required: &["name", "role"],
    optional: &["academie", "school", "avatar", "links"],
};

/// `content/themes/<id>.md`: a pedagogical theme (a `Topic` in code).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFront {
    pub title: String,
    pub description: Option<String>,
    pub group: Option<String>,
}

pub const TOPIC: Schema = Schema {
    kind: "fiche de thème",
    required: &["title"],
    optional: &["description", "group"],
};

/// `content/events/<slug>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFront {
    #[serde(deserialize_with = "scalar_text")]
    pub title: String,
    pub kind: String,
    #[serde(deserialize_with = "scalar_text")]
    pub start: String,
    pub end: Option<String>,
    pub location: Option<String>,
    pub online: Option<String>,
    #[serde(default)]
    pub facilitators: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub videos: Vec<String>,
    pub registration: Option<String>,
    pub updated: Option<String>,
}

pub const EVENT: Schema = Schema {
    kind: "fiche d'événement",
    required: &["title", "kind", "start"],
    optional: &[
        "end",
        "location",
        "online",
        "facilitators",
        "themes",
        "videos",
        "registration",
        "updated",
    ],
};

/// `content/pages/<slug>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    pub menu: Option<i32>,
}

pub const PAGE: Schema = Schema {
    kind: "page",
    required: &["title"],
    optional: &["menu"],
};

/// `content/parcours/<slug>.md`: a training path, videos to watch in order in a session,
/// each followed by a question or an activity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingPathFront {
    #[serde(deserialize_with = "scalar_text")]
    pub title: String,
    pub authors: Vec<String>,
    #[serde(default)]
    pub levels: Vec<String>,
    #[serde(default, deserialize_with = "optional_scalar_text")]
    pub duration: Option<String>,
    #[serde(default, deserialize_with = "optional_scalar_text")]
    pub date: Option<String>,
    /// Each step as written: `catalog::training_paths` reads its `video` and `prompt`, so
    /// that a step written as a bare slug, without its prompt or with a misspelt key gets
    /// its own located message instead of serde's.
    pub steps: Vec<yaml_serde::Value>,
    #[serde(default)]
    pub draft: bool,
}

pub const TRAINING_PATH: Schema = Schema {
    kind: "fiche de parcours",
    required: &["title", "authors", "steps"],
    optional: &["levels", "duration", "date", "draft"],
};

/// `content/actualites/<slug>.md` or `content/actualites/<slug>/index.md`: a news item of
/// the project.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsFront {
    #[serde(deserialize_with = "scalar_text")]
    pub title: String,
    #[serde(deserialize_with = "scalar_text")]
    pub date: String,
    #[serde(deserialize_with = "scalar_text")]
    pub summary: String,
    pub image: Option<String>,
    #[serde(default)]
    pub videos: Vec<String>,
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub draft: bool,
}

pub const NEWS: Schema = Schema {
    kind: "actualité",
    required: &["title", "date", "summary"],
    optional: &["image", "videos", "events", "draft"],
};

/// [`scalar_text`] for an optional key.
fn optional_scalar_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    scalar_text(deserializer).map(Some)
}
