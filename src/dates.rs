//! Dates as the site shows them: in French ("14 septembre 2026", "1er mars"), in the site's
//! time zone, and the build's clock (overridable with `SOURCE_DATE_EPOCH` for reproducible
//! builds and tests).

use chrono::{DateTime, Datelike, FixedOffset, Locale, TimeZone, Utc};
use chrono_tz::Tz;

/// "14 septembre 2026"; the first of the month is "1er".
pub fn long_date(moment: &DateTime<FixedOffset>, zone: Tz) -> String {
    let local = moment.with_timezone(&zone);
    let month_year = local.format_localized("%B %Y", Locale::fr_FR).to_string();
    format!("{} {month_year}", day_ordinal(local.day()))
}

/// A day without a time: "2 mars 2026", "1er juin 2027".
pub fn long_day(day: chrono::NaiveDate) -> String {
    let month_year = day.format_localized("%B %Y", Locale::fr_FR).to_string();
    format!("{} {month_year}", day_ordinal(day.day()))
}

/// "mercredi 9 décembre 2026 à 17 h 00"
pub fn long_moment(moment: &DateTime<FixedOffset>, zone: Tz) -> String {
    let local = moment.with_timezone(&zone);
    let weekday = local.format_localized("%A", Locale::fr_FR);
    let month_year = local.format_localized("%B %Y", Locale::fr_FR);
    let time = local.format("%H h %M");
    format!(
        "{weekday} {} {month_year} à {time}",
        day_ordinal(local.day())
    )
}

/// When something happens, from `start` to `end`: "mercredi 9 décembre 2026 de 17 h 00 à
/// 18 h 00" within a day, "du 11 janvier 2027 au 12 février 2027" across days.
pub fn span(start: &DateTime<FixedOffset>, end: &DateTime<FixedOffset>, zone: Tz) -> String {
    let start_day = start.with_timezone(&zone).date_naive();
    let end_day = end.with_timezone(&zone).date_naive();
    if start_day == end_day {
        let moment = long_moment(start, zone);
        if end == start {
            moment
        } else {
            let day = moment.split(" à ").next().unwrap_or_default().to_string();
            format!(
                "{day} de {} à {}",
                time_of_day(start, zone),
                time_of_day(end, zone)
            )
        }
    } else {
        format!("du {} au {}", long_date(start, zone), long_date(end, zone))
    }
}

/// "17 h 00"
pub fn time_of_day(moment: &DateTime<FixedOffset>, zone: Tz) -> String {
    moment.with_timezone(&zone).format("%H h %M").to_string()
}

/// "septembre 2026"
pub fn month_year(moment: &DateTime<FixedOffset>, zone: Tz) -> String {
    moment
        .with_timezone(&zone)
        .format_localized("%B %Y", Locale::fr_FR)
        .to_string()
}

fn day_ordinal(day: u32) -> String {
    if day == 1 {
        "1er".to_string()
    } else {
        day.to_string()
    }
}

/// The build's clock: `SOURCE_DATE_EPOCH` when set (reproducible builds, tests), else now.
pub fn build_clock() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| Utc.timestamp_opt(secs, 0).single())
        .unwrap_or_else(Utc::now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_long_dates() {
        let paris = chrono_tz::Europe::Paris;
        let date = DateTime::parse_from_rfc3339("2026-09-14T00:00:00+02:00").unwrap();
        assert_eq!(long_date(&date, paris), "14 septembre 2026");
        let first = DateTime::parse_from_rfc3339("2026-03-01T10:00:00+01:00").unwrap();
        assert_eq!(long_date(&first, paris), "1er mars 2026");
        let event = DateTime::parse_from_rfc3339("2026-12-09T16:00:00Z").unwrap();
        assert_eq!(
            long_moment(&event, paris),
            "mercredi 9 décembre 2026 à 17 h 00"
        );
        assert_eq!(month_year(&event, paris), "décembre 2026");
        let day = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
        assert_eq!(long_day(day), "1er juin 2027");
    }
}
