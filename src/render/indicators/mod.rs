//! The community's indicators, as a follow-up meeting projects them: the headline figures
//! (views, videos, survey results, each dated and sourced), the objectives' progress, then
//! the series over time, drawn as inline SVG at build time with a data table as each
//! chart's text alternative; and the same figures as open data (`open_data`). The figures
//! themselves are computed once (`figures`); the home page's line, the video pages' view
//! counts and the contributors' profiles take theirs from here too.

mod charts;
pub mod figures;
pub mod open_data;
pub mod roles;

use serde::Serialize;

use crate::catalog::{Catalog, Contributor, Video};
use crate::dates::long_day;
use crate::french::thousands;
use crate::paths;
pub use figures::{Contribution, Figures};
use figures::{Headline, ObjectiveFigure, Point};

/// The events-held table shows the latest ones; the open data files hold them all.
pub const EVENTS_SHOWN: usize = 12;

/// What `indicators.html` sees.
#[derive(Serialize)]
pub struct Indicators {
    pub headline: Vec<HeadlineCard>,
    pub objectives: Vec<ObjectiveView>,
    pub totals: Totals,
    pub charts: Vec<Chart>,
    pub events_held: Vec<EventRow>,
    pub csv_url: String,
    pub json_url: String,
}

/// One headline figure, with its date and source.
#[derive(Serialize)]
pub struct HeadlineCard {
    /// « 24 217 », « 76 % ».
    pub figure: String,
    /// What it counts: « vues des vidéos ».
    pub text: String,
    /// When and over what: « relevé du 2 mars 2026, 9 vidéos sur 34 ».
    pub detail: String,
    pub source: String,
    /// The source's address, when it is one.
    pub source_url: Option<String>,
}

#[derive(Serialize)]
pub struct ObjectiveView {
    pub label: String,
    /// « 34 sur 250 vidéos ».
    pub figures: String,
    /// « départ : 34 ».
    pub baseline: Option<String>,
    pub deadline: String,
    pub deadline_iso: String,
    pub reached: bool,
    /// Progress from the starting value to the target, 0 to 100.
    pub percent: u32,
}

#[derive(Serialize)]
pub struct Totals {
    pub videos: usize,
    pub contributors: usize,
    pub topics: usize,
    pub events_held: usize,
    pub events_upcoming: usize,
    pub total_minutes: u32,
}

/// A chart and its data table.
#[derive(Serialize)]
pub struct Chart {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: String,
    pub svg: String,
    /// The table's column headings.
    pub key_heading: &'static str,
    pub value_heading: &'static str,
    pub rows: Vec<Row>,
}

#[derive(Serialize)]
pub struct Row {
    pub label: String,
    pub count: u64,
}

#[derive(Serialize)]
pub struct EventRow {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub date: String,
    pub date_iso: String,
    pub facilitators: Vec<PersonLink>,
}

#[derive(Serialize)]
pub struct PersonLink {
    pub url: String,
    pub name: String,
}

impl Indicators {
    pub fn new(catalog: &Catalog, figures: &Figures) -> Indicators {
        let config = &catalog.config;
        Indicators {
            headline: headline_cards(&figures.headline),
            objectives: figures.objectives.iter().map(ObjectiveView::new).collect(),
            totals: Totals {
                videos: catalog.videos.len(),
                contributors: figures.headline.contributors,
                topics: catalog.topics.len(),
                events_held: figures.series.events_held.len(),
                events_upcoming: catalog.events.iter().filter(|e| e.upcoming).count(),
                total_minutes: catalog.videos.iter().map(|v| v.duration_secs).sum::<u32>() / 60,
            },
            charts: charts(figures),
            events_held: figures
                .series
                .events_held
                .iter()
                .rev()
                .take(EVENTS_SHOWN)
                .map(|e| EventRow {
                    url: config.url(&paths::event(&e.slug)),
                    title: e.title.clone(),
                    kind: match e.kind {
                        "challenge" => "Défi",
                        _ => "Focus",
                    },
                    date: long_day(e.start),
                    date_iso: e.start.format("%Y-%m-%d").to_string(),
                    facilitators: e
                        .facilitators
                        .iter()
                        .map(|p| PersonLink {
                            url: config.url(&paths::contributor(&p.id)),
                            name: p.name.clone(),
                        })
                        .collect(),
                })
                .collect(),
            csv_url: config.url(paths::INDICATORS_CSV),
            json_url: config.url(paths::INDICATORS_JSON),
        }
    }
}

fn headline_cards(headline: &Headline) -> Vec<HeadlineCard> {
    let mut cards = Vec::new();
    if let Some(views) = &headline.views {
        let when = match views.first_fetched == views.last_fetched {
            true => format!("relevé du {}", long_day(views.last_fetched)),
            false => format!(
                "relevés du {} au {}",
                long_day(views.first_fetched),
                long_day(views.last_fetched)
            ),
        };
        cards.push(HeadlineCard {
            figure: thousands(views.total),
            text: "vues des vidéos".into(),
            detail: format!(
                "au moins : {when}, sur {} des {} vidéos",
                views.videos_counted, headline.videos
            ),
            source: format!("compteurs publics de {}", french_list(&views.sources)),
            source_url: None,
        });
    }
    cards.push(HeadlineCard {
        figure: thousands(headline.videos as u64),
        text: "vidéos publiées".into(),
        detail: match headline.newest_video {
            Some(day) => format!("dernière publication le {}", long_day(day)),
            None => "pas encore de vidéo".into(),
        },
        source: "le catalogue du site".into(),
        source_url: None,
    });
    for result in &headline.surveys {
        cards.push(HeadlineCard {
            figure: result.label.clone(),
            text: result.headline.clone(),
            detail: format!(
                "{}, {} : {} réponses ({})",
                result.survey,
                long_day(result.date),
                thousands(result.respondents),
                result.asked
            ),
            source: result.source.clone(),
            source_url: result.source_is_link.then(|| result.source.clone()),
        });
    }
    cards
}

/// « PeerTube », « PeerTube et YouTube », « PeerTube, Vimeo et YouTube ».
fn french_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// A figure of an objective in its unit: « 1 234 », « 76 % ».
fn amount(value: f64, unit: &str) -> String {
    match unit {
        "%" => crate::load::data::Percent {
            low: value,
            high: value,
        }
        .label(),
        _ => thousands(value.max(0.0).round() as u64),
    }
}

impl ObjectiveView {
    fn new(objective: &ObjectiveFigure) -> ObjectiveView {
        let unit = objective.unit;
        let target = amount(objective.target, unit);
        let figures = match (objective.current, unit) {
            (Some(current), "%") => format!("{} (objectif : {target})", amount(current, unit)),
            (Some(current), _) => format!("{} sur {target} {unit}", amount(current, unit)),
            (None, "%") => format!("pas encore de relevé (objectif : {target})"),
            (None, _) => format!("pas encore de relevé (objectif : {target} {unit})"),
        };
        ObjectiveView {
            label: objective.label.clone(),
            figures,
            baseline: (objective.baseline > 0.0)
                .then(|| format!("départ : {}", amount(objective.baseline, unit))),
            deadline: long_day(objective.deadline),
            deadline_iso: objective.deadline.format("%Y-%m-%d").to_string(),
            reached: objective.reached,
            percent: (objective.progress * 100.0).round() as u32,
        }
    }
}

fn rows(points: &[Point]) -> Vec<Row> {
    points
        .iter()
        .map(|p| Row {
            label: p.label.clone(),
            count: p.value,
        })
        .collect()
}

// « D'avril 2025 à mars 2026. » (with `what` before it: « …, d'avril 2025 à mars 2026. »);
// quarters read « du 1er trimestre 2025 au 4e trimestre 2026 ».
fn span_intro(points: &[Point], what: &str) -> String {
    match (points.first(), points.last()) {
        (Some(first), Some(last)) if first.key.contains("-T") => {
            format!("{what} du {} au {}.", first.label, last.label)
        }
        (Some(first), Some(last)) if what.is_empty() => format!(
            "{} à {}.",
            crate::french::de_capitalised(&first.label),
            last.label
        ),
        (Some(first), Some(last)) => format!(
            "{what} {} à {}.",
            crate::french::de(&first.label),
            last.label
        ),
        _ => "Pas encore de vidéo.".into(),
    }
}

fn charts(figures: &Figures) -> Vec<Chart> {
    let series = &figures.series;
    let over_time = |id, title, points: &[Point], what: &str, heading, value_heading| Chart {
        id,
        title,
        intro: span_intro(points, what),
        svg: charts::columns(id, title, points),
        key_heading: heading,
        value_heading,
        rows: rows(points),
    };
    let by_kind = |id, title, points: &[Point], intro: &str, heading, value_heading| Chart {
        id,
        title,
        intro: intro.to_string(),
        svg: charts::bars(id, title, points),
        key_heading: heading,
        value_heading,
        rows: rows(points),
    };
    vec![
        over_time(
            "videos-per-month",
            "Vidéos publiées par mois",
            &series.videos_per_month,
            "",
            "Mois",
            "Vidéos",
        ),
        over_time(
            "active-per-month",
            "Contributeurs actifs par mois",
            &series.active_contributors_per_month,
            "Personnes ayant publié une vidéo dans les 90 jours précédant la fin du mois,",
            "Mois",
            "Contributeurs actifs",
        ),
        over_time(
            "new-per-quarter",
            "Nouveaux contributeurs par trimestre",
            &series.new_contributors_per_quarter,
            "Personnes dont la première vidéo est parue ce trimestre,",
            "Trimestre",
            "Nouveaux contributeurs",
        ),
        by_kind(
            "by-role",
            "Contributeurs par fonction",
            &series.contributors_by_role,
            "Toutes les personnes du site, selon la fonction indiquée sur leur fiche.",
            "Fonction",
            "Contributeurs",
        ),
        by_kind(
            "per-level",
            "Vidéos par niveau de classe",
            &series.videos_per_level,
            "Une vidéo peut concerner plusieurs niveaux.",
            "Niveau",
            "Vidéos",
        ),
        by_kind(
            "per-topic",
            "Vidéos par thème",
            &series.videos_per_topic,
            "Une vidéo peut relever de plusieurs thèmes.",
            "Thème",
            "Vidéos",
        ),
    ]
}

/// The home page's line of headline figures: « 24 217 vues », « 34 vidéos », « 76 % des
/// enseignants ont découvert de nouvelles pratiques »…
pub fn home_line(figures: &Figures) -> Vec<String> {
    let headline = &figures.headline;
    let mut line = Vec::new();
    if let Some(views) = &headline.views {
        line.push(format!("{} vues", thousands(views.total)));
    }
    line.push(format!(
        "{} vidéo{}",
        thousands(headline.videos as u64),
        if headline.videos > 1 { "s" } else { "" }
    ));
    line.push(format!(
        "{} contributeurs et contributrices",
        thousands(headline.contributors as u64)
    ));
    line.extend(
        headline
            .surveys
            .iter()
            .map(|s| format!("{} {}", s.label, s.headline)),
    );
    line
}

/// A video's view count as its page shows it: « 1 234 vues (au 2 mars 2026) ».
pub fn video_views(catalog: &Catalog, video: &Video) -> Option<String> {
    let count = catalog.data.views.get(&video.slug)?;
    Some(format!(
        "{} vue{} (au {})",
        thousands(count.views),
        if count.views > 1 { "s" } else { "" },
        long_day(count.fetched)
    ))
}

/// A contributor's contribution as their profile says it: « 3 vidéos · 4 512 vues · 2
/// événements animés ou présentés ».
pub fn contribution_line(catalog: &Catalog, person: &Contributor) -> Vec<String> {
    let contribution = Contribution::of(catalog, person);
    let plural = |n: usize| if n > 1 { "s" } else { "" };
    let mut line = vec![format!(
        "{} vidéo{}",
        contribution.videos,
        plural(contribution.videos)
    )];
    if let Some(views) = contribution.views {
        line.push(format!(
            "{} vue{} de ses vidéos",
            thousands(views),
            if views > 1 { "s" } else { "" }
        ));
    }
    if contribution.events > 0 {
        line.push(format!(
            "{} événement{} animé{} ou présenté{}",
            contribution.events,
            plural(contribution.events),
            plural(contribution.events),
            plural(contribution.events)
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_amounts_in_french() {
        assert_eq!(french_list(&["PeerTube"]), "PeerTube");
        assert_eq!(
            french_list(&["PeerTube", "Vimeo", "YouTube"]),
            "PeerTube, Vimeo et YouTube"
        );
        assert_eq!(amount(212345.0, "vues"), "212\u{202f}345");
        assert_eq!(amount(85.0, "%"), "85\u{a0}%");
        assert_eq!(amount(12.5, "%"), "12,5\u{a0}%");
    }
}
