//! The catalogue's entities and the checks that turn each loaded file into one. Every rule
//! of `docs/content.md` about a single file lives here; references are checked against `Ids`.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use super::video_source::{Embed, VideoSource};
use super::{Ids, Known, Located};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fields::{
    format_duration, is_valid_slug, parse_moment, parse_publication_date, video_duration,
};
use crate::load::{
    Bundle, ContributorFront, EventFront, Loaded, PageFront, TopicFront, VideoFront,
    MAX_MARKDOWN_CHARS,
};
use std::sync::Arc;

use crate::hashing::hash_text;
use crate::markdown::{Cache, Rendered};

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_SUMMARY_CHARS: usize = 300;
pub(crate) const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "webp", "gif", "avif"];

#[derive(Debug, Clone)]
pub struct Video {
    /// Hash of the whole source file: what `serve` compares to know what changed.
    pub fingerprint: u64,
    pub slug: String,
    pub title: String,
    pub date: DateTime<FixedOffset>,
    pub source: VideoSource,
    pub embed: Embed,
    pub duration_secs: u32,
    pub duration: String,
    pub contributor_ids: Vec<String>,
    pub topic_ids: Vec<String>,
    pub level_ids: Vec<String>,
    /// Indices into the catalogue, filled by `link`.
    pub contributors: Vec<usize>,
    pub topics: Vec<usize>,
    pub levels: Vec<usize>,
    /// Events that present this video.
    pub events: Vec<usize>,
    /// Published training paths with a step on this video, and published news that
    /// mention it (indices into the catalogue's `training_paths` and `news`).
    pub training_paths: Vec<usize>,
    pub news: Vec<usize>,
    pub summary: String,
    pub body: Arc<Rendered>,
    pub transcript: Option<Arc<Rendered>>,
    pub thumbnail: Thumbnail,
    /// A `.vtt` file of the bundle.
    pub captions: Option<String>,
    /// Site paths that redirect here, each ending with `/` or a file name.
    pub aliases: Vec<String>,
    pub draft: bool,
    pub bundle: Option<Bundle>,
    /// Path of the file relative to the site root.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thumbnail {
    /// A file of the bundle.
    Bundle(String),
    /// An `https` image, used only by feeds and metadata.
    Remote(String),
    None,
}

#[derive(Debug, Clone)]
pub struct Contributor {
    /// Hash of the whole source file: what `serve` compares to know what changed.
    pub fingerprint: u64,
    pub id: String,
    pub name: String,
    /// The name's French collation key (see [`crate::french::sort_key`]).
    pub sort_key: Vec<u8>,
    pub role: String,
    pub academie: Option<String>,
    pub school: Option<String>,
    pub avatar: Avatar,
    pub links: Vec<(String, String)>,
    pub bio: Arc<Rendered>,
    /// Their published videos, newest first.
    pub videos: Vec<usize>,
    pub events: Vec<usize>,
    /// Published training paths they wrote.
    pub training_paths: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Avatar {
    /// A file next to the contributor's file, copied to the site.
    Local(std::path::PathBuf),
    Remote(String),
    None,
}

#[derive(Debug, Clone)]
pub struct Topic {
    /// Hash of the whole source file: what `serve` compares to know what changed.
    pub fingerprint: u64,
    pub id: String,
    pub title: String,
    /// The title's French collation key (see [`crate::french::sort_key`]).
    pub sort_key: Vec<u8>,
    pub description: String,
    pub group: String,
    pub intro: Arc<Rendered>,
    pub videos: Vec<usize>,
    pub events: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct TopicGroup {
    pub name: String,
    pub topics: Vec<usize>,
}

impl TopicGroup {
    pub(crate) fn from_sorted(topics: &[Topic]) -> Vec<TopicGroup> {
        let mut groups: Vec<TopicGroup> = Vec::new();
        for (index, topic) in topics.iter().enumerate() {
            match groups.last_mut() {
                Some(group) if group.name == topic.group => group.topics.push(index),
                _ => groups.push(TopicGroup {
                    name: topic.group.clone(),
                    topics: vec![index],
                }),
            }
        }
        groups
    }
}

#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    /// Lower case, for the URL.
    pub slug: String,
    pub videos: Vec<usize>,
}

impl Level {
    pub fn new(name: &str) -> Level {
        Level {
            name: name.to_string(),
            slug: name.to_lowercase(),
            videos: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Challenge,
    Focus,
}

impl EventKind {
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Challenge => "Défi",
            EventKind::Focus => "Focus",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    /// Hash of the whole source file: what `serve` compares to know what changed.
    pub fingerprint: u64,
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub location: Option<String>,
    pub online: Option<String>,
    pub facilitator_ids: Vec<String>,
    pub topic_ids: Vec<String>,
    pub video_slugs: Vec<String>,
    pub facilitators: Vec<usize>,
    pub topics: Vec<usize>,
    /// Published videos only.
    pub videos: Vec<usize>,
    pub registration: Option<String>,
    /// When the event was last changed (front matter `updated`): calendars that subscribed
    /// take a later one as a new version of the event.
    pub updated: Option<DateTime<FixedOffset>>,
    pub body: Arc<Rendered>,
    /// Not over yet at build time.
    pub upcoming: bool,
    /// Published news that mention this event.
    pub news: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Hash of the whole source file: what `serve` compares to know what changed.
    pub fingerprint: u64,
    pub slug: String,
    pub title: String,
    pub menu: Option<i32>,
    pub body: Arc<Rendered>,
}

/// Slug syntax of every file, duplicate video slugs, reserved page slugs.
pub(crate) fn check_ids(
    videos: &[Loaded<VideoFront>],
    contributors: &[Loaded<ContributorFront>],
    topics: &[Loaded<TopicFront>],
    events: &[Loaded<EventFront>],
    pages: &[Loaded<PageFront>],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut check = |id: &str, source: &crate::diagnostics::Source| {
        problems.extend(check_slug(id, source));
    };
    videos.iter().for_each(|l| check(&l.id, &l.source));
    contributors.iter().for_each(|l| check(&l.id, &l.source));
    topics.iter().for_each(|l| check(&l.id, &l.source));
    events.iter().for_each(|l| check(&l.id, &l.source));
    pages.iter().for_each(|l| check(&l.id, &l.source));
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for video in videos {
        if let Some(first) = seen.insert(&video.id, &video.source.rel_path) {
            problems.push(
                video
                    .source
                    .file_error(format!("la vidéo `{}` existe déjà ({first})", video.id))
                    .with_help("chaque vidéo doit avoir un nom de fichier unique"),
            );
        }
    }
    for page in pages {
        if crate::paths::RESERVED_SLUGS.contains(&page.id.as_str()) {
            problems.push(page.source.file_error(format!(
                "le nom `{}` est réservé par le site ; choisissez-en un autre",
                page.id
            )));
        }
    }
    problems
}

/// The problem with a file name that is not a valid slug, with the rename that makes it one.
pub(crate) fn check_slug(id: &str, source: &crate::diagnostics::Source) -> Option<Diagnostic> {
    if is_valid_slug(id) {
        return None;
    }
    let (from, to) = crate::load::layout::rename_for_slug(&source.rel_path, id);
    Some(
        source
            .file_error(format!("nom de fichier invalide : `{id}`"))
            .with_help(format!(
                "renommez `{from}` en `{to}` (des minuscules sans accents, des chiffres et des tirets)"
            )),
    )
}

pub(crate) fn video(
    loaded: &Loaded<VideoFront>,
    config: &Config,
    ids: &Ids,
    cache: &Cache,
) -> Result<Video, Vec<Diagnostic>> {
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
    check_text(
        &located,
        "summary",
        &front.summary,
        MAX_SUMMARY_CHARS,
        &mut problems,
    );
    check_transcript(&located, front.transcript.as_deref(), &mut problems);
    let date = parse_publication_date(&front.date, config.timezone)
        .map_err(|e| problems.push(located.field_error("date", &front.date, e)))
        .ok();
    let source = VideoSource::parse(&front.video, &config.peertube_hosts)
        .map_err(|error| {
            let (message, help) = error.explain(&config.peertube_hosts);
            problems.push(
                located
                    .at("video", Some(&front.video), message)
                    .with_help(help),
            );
        })
        .ok();
    let duration_secs = check_duration(
        &located,
        &front.duration,
        config.max_duration_secs,
        &mut problems,
    );
    check_not_empty(
        &located,
        "contributors",
        &front.contributors,
        "au moins un contributeur",
        &mut problems,
    );
    check_not_empty(
        &located,
        "themes",
        &front.themes,
        "au moins un thème",
        &mut problems,
    );
    ids.check(
        &located,
        "contributors",
        &front.contributors,
        Known::Contributor,
        &mut problems,
    );
    ids.check(
        &located,
        "themes",
        &front.themes,
        Known::Topic,
        &mut problems,
    );
    ids.check(
        &located,
        "levels",
        &front.levels,
        Known::Level,
        &mut problems,
    );
    let thumbnail = check_thumbnail(
        &located,
        front.thumbnail.as_deref(),
        loaded.bundle.as_ref(),
        &mut problems,
    );
    let captions = check_captions(
        &located,
        front.captions.as_deref(),
        loaded.bundle.as_ref(),
        &mut problems,
    );
    let aliases = check_aliases(&located, &front.aliases, &mut problems);
    let (Some(date), Some(source), Some(duration_secs), true) =
        (date, source, duration_secs, problems.is_empty())
    else {
        return Err(problems);
    };
    Ok(Video {
        fingerprint: hash_text(&loaded.source.text),
        slug: loaded.id.clone(),
        title: front.title.trim().to_string(),
        date,
        embed: source.embed(),
        source,
        duration_secs,
        duration: format_duration(duration_secs),
        contributor_ids: front.contributors.clone(),
        topic_ids: front.themes.clone(),
        level_ids: front.levels.clone(),
        contributors: Vec::new(),
        topics: Vec::new(),
        levels: Vec::new(),
        events: Vec::new(),
        training_paths: Vec::new(),
        news: Vec::new(),
        summary: one_line(&front.summary),
        body: cache.render(loaded.body()),
        transcript: front
            .transcript
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| cache.render(t)),
        thumbnail,
        captions,
        aliases,
        draft: front.draft,
        bundle: loaded.bundle.clone(),
        file: loaded.source.rel_path.clone(),
    })
}

pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn check_text(
    located: &Located,
    key: &str,
    value: &str,
    max: usize,
    problems: &mut Vec<Diagnostic>,
) {
    let count = value.trim().chars().count();
    if count == 0 {
        problems.push(located.at(key, None, format!("`{key}` est vide")));
    } else if count > max {
        problems.push(
            located
                .at(
                    key,
                    None,
                    format!("`{key}` fait {count} caractères, le maximum est {max}"),
                )
                .with_help(format!("raccourcissez-le de {} caractères", count - max)),
        );
    }
}

// A transcript is Markdown too: the same bound as bodies (see `MAX_MARKDOWN_CHARS`).
fn check_transcript(located: &Located, transcript: Option<&str>, problems: &mut Vec<Diagnostic>) {
    let count = transcript.map_or(0, |t| t.chars().count());
    if count > MAX_MARKDOWN_CHARS {
        problems.push(
            located
                .at(
                    "transcript",
                    None,
                    format!(
                        "`transcript` fait {count} caractères, le maximum est {MAX_MARKDOWN_CHARS}"
                    ),
                )
                .with_help("raccourcissez-la : elle transcrit une vidéo de deux minutes au plus"),
        );
    }
}

pub(crate) fn check_not_empty(
    located: &Located,
    key: &str,
    values: &[String],
    what: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if values.is_empty() {
        problems.push(located.at(key, None, format!("il faut {what} dans `{key}`")));
    }
}

fn check_duration(
    located: &Located,
    text: &str,
    max: u32,
    problems: &mut Vec<Diagnostic>,
) -> Option<u32> {
    video_duration(text, max)
        .map_err(|e| problems.push(located.field_error("duration", text, e)))
        .ok()
}

fn check_thumbnail(
    located: &Located,
    value: Option<&str>,
    bundle: Option<&Bundle>,
    problems: &mut Vec<Diagnostic>,
) -> Thumbnail {
    let Some(value) = value.map(str::trim) else {
        return Thumbnail::None;
    };
    if value.starts_with("https://") && url::Url::parse(value).is_ok() {
        return Thumbnail::Remote(value.to_string());
    }
    match bundle_file(
        located,
        "thumbnail",
        value,
        bundle,
        &IMAGE_EXTENSIONS,
        problems,
    ) {
        Some(name) => Thumbnail::Bundle(name),
        None => Thumbnail::None,
    }
}

fn check_captions(
    located: &Located,
    value: Option<&str>,
    bundle: Option<&Bundle>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    bundle_file(
        located,
        "captions",
        value?.trim(),
        bundle,
        &["vtt"],
        problems,
    )
}

// A file name of the bundle, with an allowed extension.
fn bundle_file(
    located: &Located,
    key: &str,
    name: &str,
    bundle: Option<&Bundle>,
    extensions: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let problem = if !extensions.contains(&extension.as_str()) {
        Some((
            format!("`{name}` n'a pas une extension acceptée"),
            format!("extensions possibles : {}", extensions.join(", ")),
        ))
    } else if bundle.is_none() {
        Some((
            format!("le fichier `{name}` doit être dans le dossier de la vidéo"),
            "transformez la vidéo en dossier : content/videos/<nom>/index.md, avec le fichier à côté".to_string(),
        ))
    } else if name.contains(['/', '\\'])
        || !bundle.is_some_and(|b| b.files.iter().any(|f| f == name))
    {
        let files = bundle.map(|b| b.files.join(", ")).unwrap_or_default();
        Some((
            format!("fichier introuvable à côté de la vidéo : `{name}`"),
            format!("fichiers présents : {files}"),
        ))
    } else {
        None
    };
    match problem {
        Some((message, help)) => {
            problems.push(located.at(key, Some(name), message).with_help(help));
            None
        }
        None => Some(name.to_string()),
    }
}

fn check_aliases(
    located: &Located,
    aliases: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut clean = Vec::new();
    for alias in aliases {
        let bad = !alias.starts_with('/')
            || alias.contains("..")
            || alias.contains(|c: char| c.is_whitespace() || c == '\\' || c == '?' || c == '#')
            || alias == "/";
        if bad {
            problems.push(
                located
                    .at("aliases", Some(alias), format!("ancienne adresse invalide : `{alias}`"))
                    .with_help("écrivez un chemin du site qui commence par /, par exemple `/video/ancien-nom/`"),
            );
        } else {
            clean.push(alias.clone());
        }
    }
    clean
}

pub(crate) fn contributor(
    loaded: &Loaded<ContributorFront>,
    cache: &Cache,
) -> Result<Contributor, Vec<Diagnostic>> {
    let located = Located::new(loaded);
    let front = &loaded.front;
    let mut problems = Vec::new();
    check_text(
        &located,
        "name",
        &front.name,
        MAX_TITLE_CHARS,
        &mut problems,
    );
    check_text(
        &located,
        "role",
        &front.role,
        MAX_TITLE_CHARS,
        &mut problems,
    );
    for (label, url) in &front.links {
        check_web_url(&located, "links", url, &mut problems);
        if label.trim().is_empty() {
            problems.push(located.at("links", None, "un lien n'a pas de nom"));
        }
    }
    let avatar = check_avatar(&located, loaded, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Contributor {
        fingerprint: hash_text(&loaded.source.text),
        id: loaded.id.clone(),
        name: front.name.trim().to_string(),
        sort_key: crate::french::sort_key(front.name.trim()),
        role: front.role.trim().to_string(),
        academie: front.academie.clone(),
        school: front.school.clone(),
        avatar,
        links: front
            .links
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        bio: cache.render(loaded.body()),
        videos: Vec::new(),
        events: Vec::new(),
        training_paths: Vec::new(),
    })
}

fn check_avatar(
    located: &Located,
    loaded: &Loaded<ContributorFront>,
    problems: &mut Vec<Diagnostic>,
) -> Avatar {
    let Some(value) = loaded.front.avatar.as_deref().map(str::trim) else {
        return Avatar::None;
    };
    if value.starts_with("https://") && url::Url::parse(value).is_ok() {
        return Avatar::Remote(value.to_string());
    }
    let relative = std::path::Path::new(value);
    let stays_inside = relative
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let extension = value
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let path = loaded.path.parent().map(|dir| dir.join(relative));
    match path {
        Some(path)
            if stays_inside && IMAGE_EXTENSIONS.contains(&extension.as_str()) && path.is_file() =>
        {
            Avatar::Local(path)
        }
        _ => {
            problems.push(
                located
                    .at("avatar", Some(value), format!("image introuvable : `{value}`"))
                    .with_help("placez l'image dans content/contributors/ (jpg, png, webp) ou donnez une adresse https://"),
            );
            Avatar::None
        }
    }
}

fn check_web_url(located: &Located, key: &str, value: &str, problems: &mut Vec<Diagnostic>) {
    let ok = url::Url::parse(value.trim())
        .is_ok_and(|u| matches!(u.scheme(), "https" | "http" | "mailto"));
    if !ok {
        problems.push(
            located
                .at(
                    key,
                    Some(value),
                    format!("`{value}` n'est pas une adresse web valide"),
                )
                .with_help("une adresse complète commence par https://"),
        );
    }
}

pub(crate) fn topic(loaded: &Loaded<TopicFront>, cache: &Cache) -> Result<Topic, Vec<Diagnostic>> {
    let located = Located::new(loaded);
    let mut problems = Vec::new();
    check_text(
        &located,
        "title",
        &loaded.front.title,
        MAX_TITLE_CHARS,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    let front = &loaded.front;
    Ok(Topic {
        fingerprint: hash_text(&loaded.source.text),
        id: loaded.id.clone(),
        title: front.title.trim().to_string(),
        sort_key: crate::french::sort_key(front.title.trim()),
        description: front.description.clone().unwrap_or_default(),
        group: front
            .group
            .clone()
            .unwrap_or_else(|| "Autres thèmes".to_string()),
        intro: cache.render(loaded.body()),
        videos: Vec::new(),
        events: Vec::new(),
    })
}

pub(crate) fn event(
    loaded: &Loaded<EventFront>,
    ids: &Ids,
    now: DateTime<Tz>,
    cache: &Cache,
) -> Result<Event, Vec<Diagnostic>> {
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
    let kind = match front.kind.as_str() {
        "challenge" => Some(EventKind::Challenge),
        "focus" => Some(EventKind::Focus),
        other => {
            problems.push(
                located
                    .at(
                        "kind",
                        Some(other),
                        format!("type d'événement inconnu : `{other}`"),
                    )
                    .with_help(
                        "écrivez `challenge` (un défi) ou `focus` (une séance autour d'une vidéo)",
                    ),
            );
            None
        }
    };
    let (start, end) = check_event_dates(&located, front, now.timezone(), &mut problems);
    let updated = front.updated.as_ref().and_then(|text| {
        parse_publication_date(text, now.timezone())
            .map_err(|e| problems.push(located.field_error("updated", text, e)))
            .ok()
    });
    check_event_place(&located, front, &mut problems);
    if let Some(registration) = &front.registration {
        check_web_url(&located, "registration", registration, &mut problems);
    }
    ids.check(
        &located,
        "facilitators",
        &front.facilitators,
        Known::Contributor,
        &mut problems,
    );
    ids.check(
        &located,
        "themes",
        &front.themes,
        Known::Topic,
        &mut problems,
    );
    ids.check(
        &located,
        "videos",
        &front.videos,
        Known::Video,
        &mut problems,
    );
    if kind == Some(EventKind::Focus) && front.videos.is_empty() {
        problems.push(located.at(
            "kind",
            Some("focus"),
            "un focus présente une vidéo : ajoutez-la dans `videos`",
        ));
    }
    let (Some(kind), Some(start), Some(end), true) = (kind, start, end, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(Event {
        fingerprint: hash_text(&loaded.source.text),
        slug: loaded.id.clone(),
        title: front.title.trim().to_string(),
        kind,
        start,
        end,
        location: front.location.clone(),
        online: front.online.clone(),
        facilitator_ids: front.facilitators.clone(),
        topic_ids: front.themes.clone(),
        video_slugs: front.videos.clone(),
        facilitators: Vec::new(),
        topics: Vec::new(),
        videos: Vec::new(),
        registration: front.registration.clone(),
        updated,
        body: cache.render(loaded.body()),
        upcoming: end >= now.fixed_offset(),
        news: Vec::new(),
    })
}

type Span = (Option<DateTime<FixedOffset>>, Option<DateTime<FixedOffset>>);

fn check_event_dates(
    located: &Located,
    front: &EventFront,
    zone: Tz,
    problems: &mut Vec<Diagnostic>,
) -> Span {
    let start = parse_moment(&front.start, zone)
        .map_err(|e| problems.push(located.field_error("start", &front.start, e)))
        .ok();
    let end = match &front.end {
        Some(text) => parse_moment(text, zone)
            .map_err(|e| problems.push(located.field_error("end", text, e)))
            .ok(),
        None => start,
    };
    if let (Some(s), Some(e), Some(text)) = (start, end, &front.end) {
        if e < s {
            problems.push(located.at(
                "end",
                Some(text),
                "l'événement finit avant d'avoir commencé",
            ));
        }
    }
    (start, end)
}

fn check_event_place(located: &Located, front: &EventFront, problems: &mut Vec<Diagnostic>) {
    if front
        .location
        .as_deref()
        .is_none_or(|l| l.trim().is_empty())
        && front.online.is_none()
    {
        problems.push(
            located
                .at(
                    "start",
                    None,
                    "il manque le lieu : `location` (une adresse) ou `online` (un lien https)",
                )
                .with_help("ajoutez `location: \"…\"` ou `online: https://…`"),
        );
    }
    if let Some(online) = &front.online {
        let ok = url::Url::parse(online).is_ok_and(|u| u.scheme() == "https");
        if !ok {
            problems.push(located.at(
                "online",
                Some(online),
                format!("`{online}` n'est pas un lien https://"),
            ));
        }
    }
}

pub(crate) fn page(loaded: &Loaded<PageFront>, cache: &Cache) -> Result<Page, Vec<Diagnostic>> {
    let located = Located::new(loaded);
    let mut problems = Vec::new();
    check_text(
        &located,
        "title",
        &loaded.front.title,
        MAX_TITLE_CHARS,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Page {
        fingerprint: hash_text(&loaded.source.text),
        slug: loaded.id.clone(),
        title: loaded.front.title.trim().to_string(),
        menu: loaded.front.menu,
        body: cache.render(loaded.body()),
    })
}
