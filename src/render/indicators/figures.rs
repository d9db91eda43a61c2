//! The indicators' figures, computed once per build from the catalogue and `data/`: the
//! headline figures, each objective's progress and the series over time. The page, the home
//! page's line and the open data files (CSV, JSON) all show these, so they agree.
//!
//! Nothing here reads the build clock: the series run from the first video to the last, and
//! "events held" is the catalogue's split into past and upcoming events.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::roles::{role_group, RoleGroup};
use crate::catalog::{Catalog, EventKind};
use crate::load::data::{Indicator, Objective, SurveySource};

/// A contributor counts as active in a month when they published a video in the 90 days
/// before its end.
pub const ACTIVE_DAYS: u64 = 90;

#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub headline: Headline,
    pub objectives: Vec<ObjectiveFigure>,
    pub series: Series,
}

#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// Views of the published videos with a known count; `None` without `data/vues.yaml`.
    pub views: Option<ViewsTotal>,
    /// Published videos.
    pub videos: usize,
    /// The day the newest video was published: the videos count holds from that day.
    pub newest_video: Option<NaiveDate>,
    /// Contributors with at least one published video.
    pub contributors: usize,
    /// The survey results marked `headline` in `data/enquetes.yaml`, in the file's order.
    pub surveys: Vec<SurveyResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ViewsTotal {
    pub total: u64,
    /// Published videos with a count (the total is at least what they add up to).
    pub videos_counted: usize,
    pub first_fetched: NaiveDate,
    pub last_fetched: NaiveDate,
    /// Where the counts were read, by name.
    pub sources: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyResult {
    /// `survey-id/question-id`.
    pub id: String,
    pub question: String,
    pub headline: String,
    pub low: f64,
    pub high: f64,
    /// « 76 % », « 80 à 86 % ».
    pub label: String,
    pub survey: String,
    pub date: NaiveDate,
    pub asked: String,
    pub respondents: u64,
    /// The document in words, or the link.
    pub source: String,
    pub source_is_link: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveFigure {
    /// `videos`, `views`, `contributors`, `events` or `survey`.
    pub indicator: &'static str,
    /// `survey-id/question-id` for a survey objective.
    pub question: Option<String>,
    pub label: String,
    /// Where the indicator stands now; `None` when it is not known (no view counts).
    pub current: Option<f64>,
    pub target: f64,
    pub baseline: f64,
    pub deadline: NaiveDate,
    /// From 0 (at the baseline) to 1 (target reached).
    pub progress: f64,
    pub reached: bool,
    pub unit: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub videos_per_month: Vec<Point>,
    pub active_contributors_per_month: Vec<Point>,
    pub new_contributors_per_quarter: Vec<Point>,
    pub contributors_by_role: Vec<Point>,
    pub videos_per_level: Vec<Point>,
    pub videos_per_topic: Vec<Point>,
    pub events_held: Vec<EventHeld>,
}

/// One value of a series: its period or category as an id (`2026-03`, `2026-T1`,
/// `enseignant`, `CP`, a theme's id) and as people read it.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub key: String,
    pub label: String,
    pub value: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventHeld {
    pub slug: String,
    pub title: String,
    pub kind: &'static str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub facilitators: Vec<Person>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
}

impl Figures {
    pub fn new(catalog: &Catalog) -> Figures {
        let headline = headline(catalog);
        let objectives = catalog
            .data
            .objectives
            .iter()
            .map(|o| objective(catalog, &headline, o))
            .collect();
        Figures {
            headline,
            objectives,
            series: Series::new(catalog),
        }
    }
}

fn headline(catalog: &Catalog) -> Headline {
    let zone = catalog.config.timezone;
    Headline {
        views: views_total(catalog),
        videos: catalog.videos.len(),
        newest_video: catalog
            .videos
            .iter()
            .map(|v| v.date.with_timezone(&zone).date_naive())
            .max(),
        contributors: catalog
            .contributors
            .iter()
            .filter(|c| !c.videos.is_empty())
            .count(),
        surveys: survey_results(catalog),
    }
}

fn views_total(catalog: &Catalog) -> Option<ViewsTotal> {
    let views = &catalog.data.views;
    let counts: Vec<_> = catalog
        .videos
        .iter()
        .filter_map(|v| views.get(&v.slug))
        .collect();
    let sources: BTreeSet<_> = counts.iter().map(|c| c.source).collect();
    Some(ViewsTotal {
        total: counts.iter().map(|c| c.views).sum(),
        videos_counted: counts.len(),
        first_fetched: counts.iter().map(|c| c.fetched).min()?,
        last_fetched: counts.iter().map(|c| c.fetched).max()?,
        sources: sources.into_iter().map(|p| p.name()).collect(),
    })
}

fn survey_results(catalog: &Catalog) -> Vec<SurveyResult> {
    let mut results = Vec::new();
    for survey in &catalog.data.surveys {
        for question in &survey.questions {
            let Some(headline) = &question.headline else {
                continue;
            };
            let (source, source_is_link) = match &survey.source {
                SurveySource::Link(url) => (url.clone(), true),
                SurveySource::Document(text) => (text.clone(), false),
            };
            results.push(SurveyResult {
                id: format!("{}/{}", survey.id, question.id),
                question: question.question.clone(),
                headline: headline.clone(),
                low: question.result.low,
                high: question.result.high,
                label: question.result.label(),
                survey: survey.title.clone(),
                date: survey.date,
                asked: survey.asked.clone(),
                respondents: survey.respondents,
                source,
                source_is_link,
            });
        }
    }
    results
}

fn objective(catalog: &Catalog, headline: &Headline, objective: &Objective) -> ObjectiveFigure {
    let (indicator, unit, current, question) = match &objective.indicator {
        Indicator::Videos => ("videos", "vidéos", Some(headline.videos as f64), None),
        Indicator::Views => (
            "views",
            "vues",
            headline.views.as_ref().map(|v| v.total as f64),
            None,
        ),
        Indicator::Contributors => (
            "contributors",
            "contributeurs",
            Some(headline.contributors as f64),
            None,
        ),
        Indicator::Events => (
            "events",
            "événements",
            Some(catalog.events.iter().filter(|e| !e.upcoming).count() as f64),
            None,
        ),
        Indicator::Survey { survey, question } => {
            let result = catalog
                .data
                .surveys
                .iter()
                .filter(|s| &s.id == survey)
                .flat_map(|s| &s.questions)
                .find(|q| &q.id == question)
                .map(|q| q.result.low);
            ("survey", "%", result, Some(format!("{survey}/{question}")))
        }
    };
    let baseline = objective.baseline.unwrap_or(0.0);
    let reached = current.is_some_and(|c| c >= objective.target);
    let progress = match current {
        _ if reached => 1.0,
        Some(c) if objective.target > baseline => {
            ((c - baseline) / (objective.target - baseline)).clamp(0.0, 1.0)
        }
        _ => 0.0,
    };
    let label = objective.label.clone().unwrap_or_else(|| {
        let meaning = crate::load::data::objectives::INDICATORS
            .iter()
            .find(|(id, _)| *id == indicator)
            .map_or("", |(_, meaning)| meaning);
        let mut label = meaning.to_string();
        if let Some(first) = label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        label
    });
    ObjectiveFigure {
        indicator,
        question,
        label,
        current,
        target: objective.target,
        baseline,
        deadline: objective.deadline,
        progress,
        reached,
        unit,
    }
}

impl Series {
    fn new(catalog: &Catalog) -> Series {
        let zone = catalog.config.timezone;
        let days: Vec<NaiveDate> = catalog
            .videos
            .iter()
            .map(|v| v.date.with_timezone(&zone).date_naive())
            .collect();
        Series {
            videos_per_month: videos_per_month(&days),
            active_contributors_per_month: active_per_month(catalog, &days),
            new_contributors_per_quarter: new_per_quarter(catalog, &days),
            contributors_by_role: by_role(catalog),
            videos_per_level: catalog
                .levels
                .iter()
                .map(|l| Point {
                    key: l.name.clone(),
                    label: l.name.clone(),
                    value: l.videos.len() as u64,
                })
                .collect(),
            videos_per_topic: per_topic(catalog),
            events_held: events_held(catalog),
        }
    }
}

type Month = (i32, u32);

fn month_of(day: NaiveDate) -> Month {
    (day.year(), day.month())
}

fn next_month((year, month): Month) -> Month {
    match month {
        12 => (year + 1, 1),
        _ => (year, month + 1),
    }
}

fn first_day((year, month): Month) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
}

fn month_point(month: Month, value: u64) -> Point {
    Point {
        key: format!("{:04}-{:02}", month.0, month.1),
        label: first_day(month)
            .format_localized("%B %Y", chrono::Locale::fr_FR)
            .to_string(),
        value,
    }
}

// Every month from the first to the last of `days`, empty months included.
fn months_spanned(days: &[NaiveDate]) -> Vec<Month> {
    let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
        return Vec::new();
    };
    let mut months = Vec::new();
    let mut month = month_of(*first);
    while month <= month_of(*last) {
        months.push(month);
        month = next_month(month);
    }
    months
}

fn videos_per_month(days: &[NaiveDate]) -> Vec<Point> {
    let mut counts: BTreeMap<Month, u64> = BTreeMap::new();
    days.iter()
        .for_each(|d| *counts.entry(month_of(*d)).or_default() += 1);
    months_spanned(days)
        .into_iter()
        .map(|m| month_point(m, counts.get(&m).copied().unwrap_or(0)))
        .collect()
}

// Per month, the contributors who published in the `ACTIVE_DAYS` days before its end: a
// video of day `d` makes its contributors active from `d`'s month while that month ends
// less than `ACTIVE_DAYS` days after `d`.
fn active_per_month(catalog: &Catalog, days: &[NaiveDate]) -> Vec<Point> {
    // A sorted, deduplicated list: a set would cost ten times as much at 100 000 videos.
    let mut active: Vec<(Month, usize)> = Vec::with_capacity(days.len() * 4);
    for (video, day) in catalog.videos.iter().zip(days) {
        let last = day.checked_add_days(Days::new(ACTIVE_DAYS)).unwrap_or(*day);
        let mut month = month_of(*day);
        while first_day(next_month(month)) <= last {
            active.extend(video.contributors.iter().map(|&c| (month, c)));
            month = next_month(month);
        }
    }
    active.sort_unstable();
    active.dedup();
    let mut counts: BTreeMap<Month, u64> = BTreeMap::new();
    active
        .iter()
        .for_each(|(month, _)| *counts.entry(*month).or_default() += 1);
    months_spanned(days)
        .into_iter()
        .map(|m| month_point(m, counts.get(&m).copied().unwrap_or(0)))
        .collect()
}

// Per quarter, the contributors whose first published video is of that quarter.
fn new_per_quarter(catalog: &Catalog, days: &[NaiveDate]) -> Vec<Point> {
    let quarter = |day: NaiveDate| (day.year(), day.month0() / 3 + 1);
    let mut first: BTreeMap<usize, NaiveDate> = BTreeMap::new();
    for (video, day) in catalog.videos.iter().zip(days) {
        for &c in &video.contributors {
            first
                .entry(c)
                .and_modify(|d| *d = (*d).min(*day))
                .or_insert(*day);
        }
    }
    let mut counts: BTreeMap<(i32, u32), u64> = BTreeMap::new();
    first
        .values()
        .for_each(|d| *counts.entry(quarter(*d)).or_default() += 1);
    let (Some(from), Some(to)) = (
        days.iter().min().map(|d| quarter(*d)),
        days.iter().max().map(|d| quarter(*d)),
    ) else {
        return Vec::new();
    };
    let mut points = Vec::new();
    let mut at = from;
    while at <= to {
        let ordinal = if at.1 == 1 { "1er" } else { "" };
        points.push(Point {
            key: format!("{:04}-T{}", at.0, at.1),
            label: match ordinal {
                "" => format!("{}e trimestre {}", at.1, at.0),
                first => format!("{first} trimestre {}", at.0),
            },
            value: counts.get(&at).copied().unwrap_or(0),
        });
        at = if at.1 == 4 {
            (at.0 + 1, 1)
        } else {
            (at.0, at.1 + 1)
        };
    }
    points
}

// Every contributor of the site (with videos or not), by kind of role.
fn by_role(catalog: &Catalog) -> Vec<Point> {
    let mut counts: BTreeMap<RoleGroup, u64> = BTreeMap::new();
    catalog
        .contributors
        .iter()
        .for_each(|c| *counts.entry(role_group(&c.role)).or_default() += 1);
    RoleGroup::ALL
        .into_iter()
        .filter(|g| *g != RoleGroup::Other || counts.contains_key(g))
        .map(|g| Point {
            key: g.id().to_string(),
            label: g.label().to_string(),
            value: counts.get(&g).copied().unwrap_or(0),
        })
        .collect()
}

// Themes by number of videos, most first, then in French order.
fn per_topic(catalog: &Catalog) -> Vec<Point> {
    let mut topics: Vec<&crate::catalog::Topic> = catalog.topics.iter().collect();
    topics.sort_by(|a, b| {
        b.videos
            .len()
            .cmp(&a.videos.len())
            .then_with(|| a.sort_key.cmp(&b.sort_key))
            .then_with(|| a.id.cmp(&b.id))
    });
    topics
        .into_iter()
        .map(|t| Point {
            key: t.id.clone(),
            label: t.title.clone(),
            value: t.videos.len() as u64,
        })
        .collect()
}

// Events that are over, in the order they were held.
fn events_held(catalog: &Catalog) -> Vec<EventHeld> {
    let zone = catalog.config.timezone;
    catalog
        .events
        .iter()
        .filter(|e| !e.upcoming)
        .map(|e| EventHeld {
            slug: e.slug.clone(),
            title: e.title.clone(),
            kind: match e.kind {
                EventKind::Challenge => "challenge",
                EventKind::Focus => "focus",
            },
            start: e.start.with_timezone(&zone).date_naive(),
            end: e.end.with_timezone(&zone).date_naive(),
            facilitators: e
                .facilitators
                .iter()
                .map(|&c| Person {
                    id: catalog.contributors[c].id.clone(),
                    name: catalog.contributors[c].name.clone(),
                })
                .collect(),
        })
        .collect()
}

/// What a contributor's profile says of their contribution.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Contribution {
    pub videos: usize,
    /// Views of their videos with a known count; `None` when none has one.
    pub views: Option<u64>,
    /// Events they facilitate, or that present one of their videos.
    pub events: usize,
}

impl Contribution {
    pub fn of(catalog: &Catalog, person: &crate::catalog::Contributor) -> Contribution {
        let counts: Vec<u64> = person
            .videos
            .iter()
            .filter_map(|&v| catalog.data.views.get(&catalog.videos[v].slug))
            .map(|c| c.views)
            .collect();
        let mut events: BTreeSet<usize> = person.events.iter().copied().collect();
        person
            .videos
            .iter()
            .for_each(|&v| events.extend(catalog.videos[v].events.iter().copied()));
        Contribution {
            videos: person.videos.len(),
            views: (!counts.is_empty()).then(|| counts.iter().sum()),
            events: events.len(),
        }
    }
}
