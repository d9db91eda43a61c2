//! Training paths (`content/parcours/`): videos a trainer shows in order during a session,
//! each followed by a question or an activity. Checks each file (its steps one by one, with
//! a located message for each mistake), then keeps the published paths and links them to
//! their authors, levels and videos, both ways.
//!
//! The audience's *cycle* is not a key: it follows from `levels` (cycle 1: PS, MS, GS;
//! cycle 2: CP, CE1, CE2; cycle 3: CM1, CM2), so the two can never disagree.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use yaml_serde::Value;

use super::entities::{check_not_empty, check_slug, check_text, MAX_TITLE_CHARS};
use super::{
    collect, index_of, resolve, unknown_id_help, Catalog, Ids, Known, Located, Publication,
};
use crate::config::Config;
use crate::diagnostics::{suggest, Diagnostic};
use crate::fields::{parse_publication_date, FieldError};
use crate::hashing::hash_text;
use crate::load::frontmatter::Entry;
use crate::load::{Content, Loaded, TrainingPathFront};
use crate::markdown::{Cache, Rendered};

/// The keys of one step.
const STEP_KEYS: [&str; 2] = ["video", "prompt"];

/// The longest session a path may announce, in minutes: a day of training.
pub const MAX_SESSION_MINUTES: u32 = 6 * 60;

#[derive(Debug, Clone)]
pub struct TrainingPath {
    /// Hash of the whole source file: what `serve` compares to know what changed.
    pub fingerprint: u64,
    pub slug: String,
    pub title: String,
    /// The title's French collation key (see [`crate::french::sort_key`]).
    pub sort_key: Vec<u8>,
    pub author_ids: Vec<String>,
    pub level_ids: Vec<String>,
    /// Indices into the catalogue, filled by `attach`.
    pub authors: Vec<usize>,
    pub levels: Vec<usize>,
    /// The school cycles of `levels` (1, 2, 3), in order, each once.
    pub cycles: Vec<u8>,
    /// The expected length of the session, in minutes (front matter `duration`).
    pub duration_minutes: Option<u32>,
    /// Publication date: a later one is left out until then, like a video's.
    pub date: Option<DateTime<FixedOffset>>,
    pub steps: Vec<Step>,
    /// The body: the path's introduction.
    pub intro: Arc<Rendered>,
    pub draft: bool,
    /// Path of the file relative to the site root.
    pub file: String,
}

impl TrainingPath {
    /// The session's length as people write it: "45 min", "1 h 30".
    pub fn duration(&self) -> Option<String> {
        self.duration_minutes.map(format_session_minutes)
    }

    /// The audience's cycles as people say them: `cycle 2`, `cycles 2 et 3`; empty without
    /// levels in a cycle.
    pub fn cycles_label(&self) -> String {
        let numbers: Vec<String> = self.cycles.iter().map(u8::to_string).collect();
        match numbers.as_slice() {
            [] => String::new(),
            [one] => format!("cycle {one}"),
            [first @ .., last] => format!("cycles {} et {last}", first.join(", ")),
        }
    }

    /// The introduction's opening, plain text, for lists and feeds: cut at a word before
    /// [`SUMMARY_CHARS`] characters.
    pub fn summary(&self) -> String {
        let flat = &self.intro.text;
        if flat.chars().count() <= SUMMARY_CHARS {
            return flat.clone();
        }
        let mut cut: String = flat.chars().take(SUMMARY_CHARS).collect();
        if let Some(space) = cut.rfind(' ') {
            cut.truncate(space);
        }
        format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
    }
}

/// The longest summary of a path's introduction, in characters (a video's summary's).
pub const SUMMARY_CHARS: usize = 300;

/// One step of a path: a video, then what the group does after watching it.
#[derive(Debug, Clone)]
pub struct Step {
    pub video_slug: String,
    /// Index of the video in the catalogue, filled by `attach`.
    pub video: usize,
    /// The question or activity, Markdown.
    pub prompt: Arc<Rendered>,
    /// Said by `build` when the video is not published: the path waits for it.
    waiting: Diagnostic,
}

/// Checks every training path of `content`; the valid ones, every problem in `problems`.
pub(crate) fn check_all(
    content: &Content,
    config: &Config,
    ids: &Ids,
    cache: &Cache,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TrainingPath> {
    problems.extend(
        content
            .training_paths
            .iter()
            .filter_map(|loaded| check_slug(&loaded.id, &loaded.source)),
    );
    collect(
        content
            .training_paths
            .par_iter()
            .map(|loaded| training_path(loaded, config, ids, cache))
            .collect(),
        problems,
    )
}

fn training_path(
    loaded: &Loaded<TrainingPathFront>,
    config: &Config,
    ids: &Ids,
    cache: &Cache,
) -> Result<TrainingPath, Vec<Diagnostic>> {
    let located = Located::new(loaded);
    let front = &loaded.front;
    let mut problems = Vec::new();
    check_text(
        &located,
        "title",
        &front.title,
        MAX_TITLE_CHARS,
        &mut problems,
    );
    check_not_empty(
        &located,
        "authors",
        &front.authors,
        "au moins un auteur",
        &mut problems,
    );
    let checks = [
        ("authors", &front.authors, Known::Contributor),
        ("levels", &front.levels, Known::Level),
    ];
    for (key, values, known) in checks {
        ids.check(&located, key, values, known, &mut problems);
    }
    let duration_minutes = front.duration.as_deref().and_then(|text| {
        session_minutes(text)
            .map_err(|e| problems.push(located.field_error("duration", text, e)))
            .ok()
    });
    let date = front.date.as_deref().and_then(|text| {
        parse_publication_date(text, config.timezone)
            .map_err(|e| problems.push(located.field_error("date", text, e)))
            .ok()
    });
    let steps = check_steps(&located, &front.steps, ids, cache, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(TrainingPath {
        fingerprint: hash_text(&loaded.source.text),
        slug: loaded.id.clone(),
        title: front.title.trim().to_string(),
        sort_key: crate::french::sort_key(front.title.trim()),
        author_ids: front.authors.clone(),
        cycles: cycles(&front.levels),
        level_ids: front.levels.clone(),
        authors: Vec::new(),
        levels: Vec::new(),
        duration_minutes,
        date,
        steps,
        intro: cache.render(loaded.body()),
        draft: front.draft,
        file: loaded.source.rel_path.clone(),
    })
}

fn check_steps(
    located: &Located,
    written: &[Value],
    ids: &Ids,
    cache: &Cache,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Step> {
    if written.is_empty() {
        problems.push(
            located
                .at("steps", None, "il faut au moins une étape dans `steps`")
                .with_help(STEP_EXAMPLE),
        );
    }
    written
        .iter()
        .enumerate()
        .filter_map(|(index, value)| {
            let step = StepAt { located, index };
            step.check(value, ids, cache, problems)
        })
        .collect()
}

const STEP_EXAMPLE: &str = "chaque étape s'écrit sur deux lignes, la vidéo puis la consigne :\n  - video: la-lecture-offerte\n    prompt: \"Qu'est-ce qui aide les élèves à comprendre ?\"";

/// One step of the file being checked, for locating its problems.
struct StepAt<'a, 's> {
    located: &'a Located<'s>,
    index: usize,
}

impl StepAt<'_, '_> {
    fn check(
        &self,
        value: &Value,
        ids: &Ids,
        cache: &Cache,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Step> {
        let number = self.index + 1;
        let mapping = match value {
            Value::Mapping(mapping) => mapping,
            Value::String(slug) => {
                problems.push(
                    self.at(None, format!("l'étape {number} ne donne que la vidéo `{slug}`, sans consigne"))
                        .with_help(format!(
                            "écrivez-la sur deux lignes, la vidéo puis ce que fait le groupe après l'avoir vue :\n  - video: {slug}\n    prompt: \"…\""
                        )),
                );
                return None;
            }
            _ => {
                problems.push(
                    self.at(None, format!("l'étape {number} n'a pas la forme attendue"))
                        .with_help(STEP_EXAMPLE),
                );
                return None;
            }
        };
        let before = problems.len();
        // A misspelt key already says what is missing: `promt` is not also « no prompt ».
        let misspelt: Vec<&str> = mapping
            .keys()
            .filter_map(|key| self.check_key(key, problems))
            .collect();
        let video = self.text(mapping.get("video"), "video", &misspelt, problems);
        let prompt = self.text(mapping.get("prompt"), "prompt", &misspelt, problems);
        if let Some(slug) = &video {
            self.check_video(slug, ids, problems);
        }
        let (Some(video_slug), Some(prompt), true) = (video, prompt, problems.len() == before)
        else {
            return None;
        };
        let waiting = self
            .at(
                Some(("video", Entry::Value)),
                format!("le parcours attend la vidéo `{video_slug}`, qui n'est pas encore publiée"),
            )
            .with_help("il paraîtra avec elle (brouillon publié, ou date de publication venue)")
            .as_warning();
        Some(Step {
            video_slug,
            video: usize::MAX,
            prompt: cache.render(&prompt),
            waiting,
        })
    }

    // A problem for a key that is not a step's; the step key it is close to, if any.
    fn check_key(&self, key: &Value, problems: &mut Vec<Diagnostic>) -> Option<&'static str> {
        let number = self.index + 1;
        let name = key.as_str().unwrap_or_default();
        if STEP_KEYS.contains(&name) {
            return None;
        }
        let close = suggest(name, STEP_KEYS);
        let help = match close {
            Some(close) => format!("vouliez-vous dire `{close}` ?"),
            None => "une étape a deux clés : `video` (la vidéo) et `prompt` (la consigne qui suit)"
                .to_string(),
        };
        problems.push(
            self.at(
                Some((name, Entry::Key)),
                format!("clé inconnue dans l'étape {number} : `{name}`"),
            )
            .with_help(help),
        );
        close
    }

    // The text of `key` in this step, or a problem when it is missing (and not `misspelt`),
    // empty or not a text.
    fn text(
        &self,
        value: Option<&Value>,
        key: &str,
        misspelt: &[&str],
        problems: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let number = self.index + 1;
        let text = match value {
            Some(Value::String(text)) => text.trim().to_string(),
            Some(Value::Number(number)) => number.to_string(),
            None if misspelt.contains(&key) => return None,
            None => {
                let (message, help) = match key {
                    "video" => (
                        format!("l'étape {number} n'a pas de vidéo : il manque `video`"),
                        "ajoutez `video:` suivi du nom de fichier de la vidéo, sans .md (content/videos/)",
                    ),
                    _ => (
                        format!("l'étape {number} n'a pas de consigne : il manque `prompt`"),
                        "ajoutez, sous `video` et décalée comme elle, la ligne `prompt: \"…\"` : la question ou l'activité qui suit la vidéo",
                    ),
                };
                problems.push(self.at(None, message).with_help(help));
                return None;
            }
            Some(_) => {
                problems.push(
                    self.at(
                        Some((key, Entry::Value)),
                        format!(
                            "type incorrect pour `{key}` dans l'étape {number} : il faut un texte"
                        ),
                    )
                    .with_help("écrivez un seul texte, entre guillemets"),
                );
                return None;
            }
        };
        if text.is_empty() {
            problems.push(self.at(
                Some((key, Entry::Key)),
                format!("`{key}` est vide dans l'étape {number}"),
            ));
            return None;
        }
        Some(text)
    }

    fn check_video(&self, slug: &str, ids: &Ids, problems: &mut Vec<Diagnostic>) {
        if ids.videos.contains(slug) {
            return;
        }
        let help = unknown_id_help(slug, &ids.videos, Known::Video);
        problems.push(
            self.at(
                Some(("video", Entry::Value)),
                format!("vidéo inconnue : `{slug}`"),
            )
            .with_help(help),
        );
    }

    fn at(&self, entry: Option<(&str, Entry)>, message: impl Into<String>) -> Diagnostic {
        match &self.located.front {
            Some(front) => front
                .source
                .error(front.item_span("steps", self.index, entry), message),
            None => self.located.source.file_error(message),
        }
    }
}

/// The school cycle of a class level: 1 for PS, MS, GS; 2 for CP, CE1, CE2; 3 for CM1, CM2.
/// `None` for a level a site adds that is in none of them.
pub fn cycle_of(level: &str) -> Option<u8> {
    match level.trim().to_uppercase().as_str() {
        "TPS" | "PS" | "MS" | "GS" => Some(1),
        "CP" | "CE1" | "CE2" => Some(2),
        "CM1" | "CM2" | "6E" | "6EME" => Some(3),
        _ => None,
    }
}

fn cycles(levels: &[String]) -> Vec<u8> {
    let mut cycles: Vec<u8> = levels.iter().filter_map(|l| cycle_of(l)).collect();
    cycles.sort_unstable();
    cycles.dedup();
    cycles
}

/// A session's length as written in French: `45 min`, `1 h`, `1 h 30`, `1 h 30 min`, `1h30`
/// (spaces optional) → minutes, more than zero and at most [`MAX_SESSION_MINUTES`].
pub fn session_minutes(text: &str) -> Result<u32, FieldError> {
    let text = text.trim();
    let minutes = read_session_minutes(text).ok_or_else(|| unreadable_session(text))?;
    if minutes == 0 {
        return Err(FieldError {
            message: format!("une durée de `{text}` n'est pas possible"),
            help: Some(
                "indiquez la durée prévue de la séance, par exemple `duration: 45 min`".into(),
            ),
        });
    }
    if minutes > MAX_SESSION_MINUTES {
        return Err(FieldError {
            message: format!(
                "une séance de {} dépasse la durée maximale de {}",
                format_session_minutes(minutes),
                format_session_minutes(MAX_SESSION_MINUTES)
            ),
            help: Some("un parcours se suit en une séance, au plus une journée de formation : découpez-le en plusieurs parcours".into()),
        });
    }
    Ok(minutes)
}

fn read_session_minutes(text: &str) -> Option<u32> {
    let compact: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (rest, with_unit) = match compact
        .strip_suffix("min")
        .or_else(|| compact.strip_suffix("mn"))
    {
        Some(rest) => (rest, true),
        None => (compact.as_str(), false),
    };
    let number = |digits: &str| {
        let ok =
            !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| digits.parse::<u32>().ok()).flatten()
    };
    match rest.split_once('h') {
        Some((hours, "")) if !with_unit => Some(number(hours)? * 60),
        Some((hours, minutes)) => {
            let minutes = number(minutes).filter(|m| *m < 60)?;
            Some(number(hours)? * 60 + minutes)
        }
        None if with_unit => number(rest),
        None => None,
    }
}

fn unreadable_session(text: &str) -> FieldError {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let help = match text.split(':').collect::<Vec<_>>().as_slice() {
        [n] if digits(n) => format!("précisez l'unité : `{n} min`"),
        [h, m] if digits(h) && digits(m) && m.len() == 2 => {
            let minutes = h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0);
            format!(
                "écrivez `{}` (heures et minutes, comme on les dit)",
                format_session_minutes(minutes)
            )
        }
        _ => "écrivez la durée prévue de la séance en heures et minutes, par exemple `45 min`, `1 h` ou `1 h 30`".to_string(),
    };
    FieldError {
        message: format!("`{text}` n'est pas une durée de séance"),
        help: Some(help),
    }
}

/// Minutes → `45 min`, `1 h`, `1 h 05`.
pub fn format_session_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// Keeps the published paths of `paths`, sorts them by title and links them to the
/// catalogue's contributors, levels and videos, and those back to them.
pub(crate) fn attach(catalog: &mut Catalog, paths: Vec<TrainingPath>, publication: &Publication) {
    let video_index = index_of(catalog.videos.iter().map(|v| v.slug.as_str()));
    let mut published: Vec<TrainingPath> = Vec::new();
    for path in paths {
        let own_rules = (publication.drafts || !path.draft)
            && (publication.future
                || path
                    .date
                    .is_none_or(|d| d <= publication.now.fixed_offset()));
        if !own_rules {
            continue;
        }
        let waiting: Vec<Diagnostic> = path
            .steps
            .iter()
            .filter(|step| !video_index.contains_key(&step.video_slug))
            .map(|step| step.waiting.clone())
            .collect();
        if waiting.is_empty() {
            published.push(path);
        } else {
            catalog.warnings.extend(waiting);
        }
    }
    published.sort_by(|a, b| (&a.sort_key, &a.slug).cmp(&(&b.sort_key, &b.slug)));
    let contributor_index = index_of(catalog.contributors.iter().map(|c| c.id.as_str()));
    let level_index = index_of(catalog.config.levels.iter().map(String::as_str));
    for (position, path) in published.iter_mut().enumerate() {
        path.authors = resolve(&path.author_ids, &contributor_index);
        path.levels = resolve(&path.level_ids, &level_index);
        for &c in &path.authors {
            catalog.contributors[c].training_paths.push(position);
        }
        for step in &mut path.steps {
            step.video = video_index[&step.video_slug];
            let uses = &mut catalog.videos[step.video].training_paths;
            if uses.last() != Some(&position) {
                uses.push(position);
            }
        }
    }
    crate::diagnostics::sort(&mut catalog.warnings);
    catalog.training_paths = published;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_lengths_are_read_as_people_write_them() {
        for (text, minutes) in [
            ("45 min", 45),
            ("45min", 45),
            ("90 min", 90),
            ("1 h", 60),
            ("1 h 30", 90),
            ("1h30", 90),
            ("1 h 30 min", 90),
            ("2 H 05", 125),
            ("3 mn", 3),
        ] {
            assert_eq!(session_minutes(text), Ok(minutes), "{text}");
        }
        assert_eq!(format_session_minutes(45), "45 min");
        assert_eq!(format_session_minutes(60), "1 h");
        assert_eq!(format_session_minutes(65), "1 h 05");
    }

    #[test]
    fn unreadable_session_lengths_say_how_to_write_them() {
        let help = |text: &str| session_minutes(text).unwrap_err().help.unwrap_or_default();
        assert_eq!(help("45"), "précisez l'unité : `45 min`");
        assert_eq!(
            help("1:30"),
            "écrivez `1 h 30` (heures et minutes, comme on les dit)"
        );
        assert!(help("une heure").contains("`1 h 30`"));
        assert!(session_minutes("1 h 75").is_err());
        assert!(session_minutes("h").is_err());
        assert!(session_minutes("0 min")
            .unwrap_err()
            .message
            .contains("pas possible"));
        assert_eq!(
            session_minutes("7 h").unwrap_err().message,
            "une séance de 7 h dépasse la durée maximale de 6 h"
        );
    }

    #[test]
    fn cycles_are_said_in_french() {
        let label = |cycles: Vec<u8>| {
            let cache = Cache::default();
            let path = TrainingPath {
                fingerprint: 0,
                slug: "p".into(),
                title: "P".into(),
                sort_key: Vec::new(),
                author_ids: Vec::new(),
                level_ids: Vec::new(),
                authors: Vec::new(),
                levels: Vec::new(),
                cycles,
                duration_minutes: None,
                date: None,
                steps: Vec::new(),
                intro: cache.render(&format!("{}\n\nSuite.", "Mot ".repeat(100))),
                draft: false,
                file: String::new(),
            };
            (path.cycles_label(), path.summary())
        };
        assert_eq!(label(vec![]).0, "");
        assert_eq!(label(vec![2]).0, "cycle 2");
        assert_eq!(label(vec![2, 3]).0, "cycles 2 et 3");
        assert_eq!(label(vec![1, 2, 3]).0, "cycles 1, 2 et 3");
        let summary = label(vec![]).1;
        assert!(summary.ends_with("Mot…") && summary.chars().count() <= SUMMARY_CHARS + 1);
    }

    #[test]
    fn cycles_follow_from_levels() {
        let levels = |l: &[&str]| cycles(&l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(levels(&["CE1", "CP", "CE2"]), [2]);
        assert_eq!(levels(&["GS", "CP"]), [1, 2]);
        assert_eq!(levels(&["CM2", "PS"]), [1, 3]);
        assert_eq!(levels(&["ULIS"]), [] as [u8; 0]);
    }
}
