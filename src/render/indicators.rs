//! The community's indicators page: totals and two charts (videos per month, videos per
//! theme) drawn as inline SVG at build time, each with a data table as its text alternative.

use std::collections::BTreeMap;

use chrono::Datelike;
use quick_xml::escape::escape;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::dates;

#[derive(Serialize)]
pub struct Indicators {
    pub videos: usize,
    pub contributors: usize,
    pub topics: usize,
    pub events_held: usize,
    pub events_upcoming: usize,
    pub total_minutes: u32,
    pub months_chart: String,
    pub months: Vec<Row>,
    pub topics_chart: String,
    pub per_topic: Vec<Row>,
    pub first_month: String,
    pub last_month: String,
}

#[derive(Serialize)]
pub struct Row {
    pub label: String,
    pub count: usize,
}

impl Indicators {
    pub fn new(catalog: &Catalog) -> Indicators {
        let months = videos_per_month(catalog);
        let mut per_topic: Vec<Row> = catalog
            .topics
            .iter()
            .map(|t| Row {
                label: t.title.clone(),
                count: t.videos.len(),
            })
            .collect();
        per_topic.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| crate::french::compare(&a.label, &b.label))
                .then_with(|| a.label.cmp(&b.label))
        });
        Indicators {
            videos: catalog.videos.len(),
            contributors: catalog
                .contributors
                .iter()
                .filter(|c| !c.videos.is_empty())
                .count(),
            topics: catalog.topics.len(),
            events_held: catalog.events.iter().filter(|e| !e.upcoming).count(),
            events_upcoming: catalog.events.iter().filter(|e| e.upcoming).count(),
            total_minutes: catalog.videos.iter().map(|v| v.duration_secs).sum::<u32>() / 60,
            months_chart: month_chart(&months),
            first_month: months.first().map(|r| r.label.clone()).unwrap_or_default(),
            last_month: months.last().map(|r| r.label.clone()).unwrap_or_default(),
            months,
            topics_chart: topic_chart(&per_topic),
            per_topic,
        }
    }
}

// Every month from the first video to the last, empty months included.
fn videos_per_month(catalog: &Catalog) -> Vec<Row> {
    let zone = catalog.config.timezone;
    let mut counts: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut sample = BTreeMap::new();
    for video in &catalog.videos {
        let local = video.date.with_timezone(&zone);
        *counts.entry((local.year(), local.month())).or_default() += 1;
        sample
            .entry((local.year(), local.month()))
            .or_insert(video.date);
    }
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let (mut year, mut month) = first;
    while (year, month) <= last {
        let label = match sample.get(&(year, month)) {
            Some(date) => dates::month_year(date, zone),
            None => month_label(year, month),
        };
        rows.push(Row {
            label,
            count: counts.get(&(year, month)).copied().unwrap_or(0),
        });
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    rows
}

fn month_label(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1)
        .map(|d| {
            d.format_localized("%B %Y", chrono::Locale::fr_FR)
                .to_string()
        })
        .unwrap_or_default()
}

const WIDTH: f64 = 720.0;

fn month_chart(months: &[Row]) -> String {
    let height = 220.0;
    let max = months.iter().map(|r| r.count).max().unwrap_or(1).max(1) as f64;
    let slot = WIDTH / months.len().max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {}" role="img" aria-labelledby="chart-months-title" preserveAspectRatio="none"><title id="chart-months-title">Vidéos publiées par mois</title>"#,
        height + 24.0
    );
    for (i, row) in months.iter().enumerate() {
        let h = (row.count as f64 / max) * height;
        svg.push_str(&format!(
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{} : {}</title></rect>"#,
            i as f64 * slot + slot * 0.1,
            height - h,
            slot * 0.8,
            h,
            escape(&row.label),
            row.count
        ));
        if row.label.starts_with("janvier") || i == 0 {
            let year = row.label.rsplit(' ').next().unwrap_or_default();
            svg.push_str(&format!(
                r#"<text x="{:.1}" y="{}">{}</text>"#,
                i as f64 * slot,
                height + 18.0,
                escape(year)
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

fn topic_chart(rows: &[Row]) -> String {
    let bar = 22.0;
    let label_width = 230.0;
    let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart chart--bars" viewBox="0 0 {WIDTH} {}" role="img" aria-labelledby="chart-topics-title"><title id="chart-topics-title">Vidéos par thème</title>"#,
        rows.len() as f64 * bar + 4.0
    );
    for (i, row) in rows.iter().enumerate() {
        let y = i as f64 * bar;
        let w = (row.count as f64 / max) * (WIDTH - label_width - 60.0);
        svg.push_str(&format!(
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{label_width}" y="{:.1}" width="{:.1}" height="{:.1}"></rect><text x="{:.1}" y="{:.1}">{}</text>"#,
            label_width - 8.0,
            y + 15.0,
            escape(&row.label),
            y + 3.0,
            w,
            bar - 6.0,
            label_width + w + 6.0,
            y + 15.0,
            row.count
        ));
    }
    svg.push_str("</svg>");
    svg
}
