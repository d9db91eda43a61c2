//! The `VTIMEZONE` of the site's zone, written by hand: the `icalendar` crate stamps every
//! component it writes with a `DTSTAMP` of the clock and a random `UID`, which a VTIMEZONE
//! must not carry (and which would change every build). Observances come from chrono-tz for
//! the years the events span: a change that falls every year on the last Sunday of one
//! month at one hour (the EU rule of Europe/Paris) is one yearly `RRULE`, anything else is
//! listed as `RDATE`s.

use std::ops::RangeInclusive;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// One change of offset.
#[derive(Debug, Clone)]
struct Change {
    at: DateTime<Utc>,
    from: i32,
    to: i32,
    daylight: bool,
    name: String,
}

impl Change {
    /// Local time of the change, in the offset before it (how RFC 5545 writes `DTSTART`).
    fn local_onset(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.from))
    }

    fn kind(&self) -> (bool, i32, i32, &str) {
        (self.daylight, self.from, self.to, self.name.as_str())
    }
}

/// The component's lines (no line ends), covering `years` and the year before them.
pub fn vtimezone(zone: Tz, years: RangeInclusive<i32>) -> Vec<String> {
    let first = years.start() - 1;
    let changes = changes(zone, first, *years.end() + 1);
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_string(),
        format!("TZID:{}", zone.name()),
    ];
    if changes.is_empty() {
        lines.extend(fixed_observance(zone, first));
    }
    let mut kinds: Vec<(bool, i32, i32, &str)> = changes.iter().map(Change::kind).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let group: Vec<&Change> = changes.iter().filter(|c| c.kind() == kind).collect();
        lines.extend(observance(&group));
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}

fn offset_at(zone: Tz, at: DateTime<Utc>) -> (i32, bool, String) {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    let name = offset.abbreviation().map_or_else(
        || format_offset(offset.fix().local_minus_utc()),
        str::to_string,
    );
    (
        offset.fix().local_minus_utc(),
        !offset.dst_offset().is_zero(),
        name,
    )
}

// Every change from 1 January of `from_year` to 1 January of `to_year`, found day by day,
// then to the second by bisection.
fn changes(zone: Tz, from_year: i32, to_year: i32) -> Vec<Change> {
    let start = |year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1)
            .map(|d| Utc.from_utc_datetime(&d.and_time(Default::default())))
    };
    let (Some(mut day), Some(end)) = (start(from_year), start(to_year)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    while day < end {
        let next = day + Duration::days(1);
        let (before, after) = (offset_at(zone, day), offset_at(zone, next));
        if before.0 != after.0 || before.1 != after.1 {
            let at = bisect(zone, day, next);
            let (to, daylight, name) = offset_at(zone, at);
            found.push(Change {
                at,
                from: before.0,
                to,
                daylight,
                name,
            });
        }
        day = next;
    }
    found
}

// The first second in (low, high] with the offset of `high`.
fn bisect(zone: Tz, mut low: DateTime<Utc>, mut high: DateTime<Utc>) -> DateTime<Utc> {
    let target = offset_at(zone, high).0;
    while high - low > Duration::seconds(1) {
        let middle = low + (high - low) / 2;
        if offset_at(zone, middle).0 == target {
            high = middle;
        } else {
            low = middle;
        }
    }
    high
}

fn fixed_observance(zone: Tz, year: i32) -> Vec<String> {
    let at = NaiveDate::from_ymd_opt(year, 1, 1)
        .map(|d| Utc.from_utc_datetime(&d.and_time(Default::default())))
        .unwrap_or_default();
    let (offset, _, name) = offset_at(zone, at);
    vec![
        "BEGIN:STANDARD".to_string(),
        "DTSTART:19700101T000000".to_string(),
        format!("TZOFFSETFROM:{}", format_offset(offset)),
        format!("TZOFFSETTO:{}", format_offset(offset)),
        format!("TZNAME:{name}"),
        "END:STANDARD".to_string(),
    ]
}

// One STANDARD or DAYLIGHT block for changes of the same kind, oldest first.
fn observance(group: &[&Change]) -> Vec<String> {
    let Some(first) = group.first() else {
        return Vec::new();
    };
    let component = if first.daylight {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    let mut lines = vec![
        format!("BEGIN:{component}"),
        format!("DTSTART:{}", first.local_onset().format("%Y%m%dT%H%M%S")),
        format!("TZOFFSETFROM:{}", format_offset(first.from)),
        format!("TZOFFSETTO:{}", format_offset(first.to)),
        format!("TZNAME:{}", first.name),
    ];
    match yearly_last_sunday(group) {
        Some(month) => lines.push(format!("RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY=-1SU")),
        None => lines.extend(
            group[1..]
                .iter()
                .map(|c| format!("RDATE:{}", c.local_onset().format("%Y%m%dT%H%M%S"))),
        ),
    }
    lines.push(format!("END:{component}"));
    lines
}

// The month, when every change falls once a year on its last Sunday at the same hour.
fn yearly_last_sunday(group: &[&Change]) -> Option<u32> {
    let onsets: Vec<NaiveDateTime> = group.iter().map(|c| c.local_onset()).collect();
    let first = onsets.first()?;
    let consecutive_years = onsets.windows(2).all(|w| w[1].year() == w[0].year() + 1);
    let same_rule = onsets.iter().all(|onset| {
        onset.month() == first.month()
            && onset.time() == first.time()
            && onset.weekday() == chrono::Weekday::Sun
            && (onset.date() + Duration::days(7)).month() != onset.month()
    });
    (onsets.len() >= 2 && consecutive_years && same_rule && first.second() == 0)
        .then_some(first.month())
}

/// `+0100`, `-0330`, `+053028` (seconds only when there are some).
fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_follows_the_eu_rule() {
        let lines = vtimezone(chrono_tz::Europe::Paris, 2026..=2026).join("\n");
        assert!(lines.contains("TZID:Europe/Paris"), "{lines}");
        assert!(lines.contains(
            "BEGIN:DAYLIGHT\nDTSTART:20250330T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nEND:DAYLIGHT"
        ), "{lines}");
        assert!(lines.contains(
            "BEGIN:STANDARD\nDTSTART:20251026T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nEND:STANDARD"
        ), "{lines}");
    }

    #[test]
    fn zones_without_changes_have_one_standard_observance() {
        let lines = vtimezone(chrono_tz::Asia::Tokyo, 2026..=2026).join("\n");
        assert!(lines.contains("BEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0900\nTZOFFSETTO:+0900\nTZNAME:JST"), "{lines}");
        assert_eq!(format_offset(-12600), "-0330");
    }
}
