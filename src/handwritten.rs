//! Dates, times and durations as people write them by hand (`14/09/2026`,
//! `lundi 14 septembre 2026 à 17h`, `2026-09-14 08:30`, `1'45`, `1 min 45`), read only to
//! suggest the exact form the contract asks for. Nothing here is accepted as valid input.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// A date, and a time of day when one was written, read from `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseMoment {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Whether the date was already written `AAAA-MM-JJ`.
    pub iso_date: bool,
}

impl LooseMoment {
    /// RFC 3339 with the offset `zone` has at that moment (`2026-09-14T08:30:00+02:00`);
    /// `default_time` when no time was written.
    pub fn rfc3339(&self, zone: Tz, default_time: NaiveTime) -> String {
        let local = NaiveDateTime::new(self.date, self.time.unwrap_or(default_time));
        zone.from_local_datetime(&local)
            .earliest()
            .map(|moment| moment.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
            .unwrap_or_else(|| local.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
    }

    pub fn iso_date(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }
}

/// Reads `text` as a date (ISO or French) followed, optionally, by a time of day.
pub fn loose_moment(text: &str) -> Option<LooseMoment> {
    let text = text.trim();
    let (date, rest, iso_date) = match iso_prefix(text) {
        Some((date, rest)) => (date, rest, true),
        None => {
            let (date, rest) = french_date(text)?;
            (date, rest, false)
        }
    };
    let rest = rest.trim_start_matches(['T', 't']).trim();
    let rest = rest
        .strip_prefix("à ")
        .or_else(|| rest.strip_prefix("a "))
        .unwrap_or(rest)
        .trim();
    let time = if rest.is_empty() {
        None
    } else {
        Some(time_of_day(rest)?)
    };
    Some(LooseMoment {
        date,
        time,
        iso_date,
    })
}

fn iso_prefix(text: &str) -> Option<(NaiveDate, &str)> {
    let head = text.get(..10)?;
    let date = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    Some((date, &text[10..]))
}

const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

// `14/09/2026`, `14-09-2026`, `14.09.26`, `2026/09/14`, `14 septembre 2026`,
// `lundi 1er mars 2026`; the rest of the text after the date.
fn french_date(text: &str) -> Option<(NaiveDate, &str)> {
    numeric_date(text).or_else(|| worded_date(text))
}

fn numeric_date(text: &str) -> Option<(NaiveDate, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '/' | '-' | '.')))
        .unwrap_or(text.len());
    let parts: Vec<&str> = text[..end].split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |p: &str| {
        p.parse::<u32>()
            .ok()
            .filter(|_| !p.is_empty() && p.len() <= 4)
    };
    let (day, month, year) = if a.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else {
        let year = number(c)?;
        let year = if c.len() == 2 { 2000 + year } else { year };
        (number(a)?, number(b)?, year)
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some((date, &text[end..]))
}

fn worded_date(text: &str) -> Option<(NaiveDate, &str)> {
    let lower = text.to_lowercase();
    let mut words = lower.split_whitespace().map(fold_accents).peekable();
    let mut consumed = 0;
    if words.peek().is_some_and(|w| WEEKDAYS.contains(&w.as_str())) {
        words.next();
        consumed += 1;
    }
    let day_word = words.next()?;
    let day: u32 = day_word.trim_end_matches("er").parse().ok()?;
    let month_word = words.next()?;
    let month = MONTHS.iter().position(|m| *m == month_word)? as u32 + 1;
    let year: i32 = words.next()?.parse().ok()?;
    consumed += 3;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some((date, after_words(text, consumed)))
}

fn fold_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'û' | 'ù' => 'u',
            'à' | 'â' => 'a',
            other => other,
        })
        .collect()
}

// `text` after its first `count` words.
fn after_words(text: &str, count: usize) -> &str {
    let mut rest = text.trim_start();
    for _ in 0..count {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    rest
}

// `17:00`, `17:00:00`, `17h`, `17h30`, `17 h 30`.
fn time_of_day(text: &str) -> Option<NaiveTime> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.to_lowercase();
    if let Some((hours, minutes)) = compact.split_once('h') {
        let minutes = if minutes.is_empty() { "0" } else { minutes };
        return NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0);
    }
    NaiveTime::parse_from_str(&compact, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(&compact, "%H:%M"))
        .ok()
}

/// A duration written another way than `m:ss` (`90`, `1'45`, `1 min 45`, `1m45s`, `1:5`
/// excluded since it is ambiguous), as seconds.
pub fn loose_duration(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let spaced: String = text
        .chars()
        .map(|c| if c.is_ascii_digit() { c } else { ' ' })
        .collect();
    let numbers: Vec<u32> = spaced
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let has_minutes_mark = text.contains('\'') || text.contains('m') || text.contains('’');
    match numbers.as_slice() {
        [minutes, seconds] if has_minutes_mark && *seconds < 60 => Some(minutes * 60 + seconds),
        [minutes] if text.contains("min") || text.ends_with('m') => Some(minutes * 60),
        [seconds] if text.ends_with('s') => Some(*seconds),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn french_dates_are_read() {
        for text in [
            "14/09/2026",
            "14-09-2026",
            "14.09.2026",
            "14/9/26",
            "2026/09/14",
            "14 septembre 2026",
            "lundi 14 Septembre 2026",
        ] {
            let found = loose_moment(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(found.date, date(2026, 9, 14), "{text}");
            assert_eq!(found.time, None, "{text}");
        }
        let first = loose_moment("1er décembre 2026").unwrap();
        assert_eq!(first.date, date(2026, 12, 1));
        assert!(loose_moment("31/02/2026").is_none());
        assert!(loose_moment("demain").is_none());
    }

    #[test]
    fn times_are_read_after_a_date() {
        let paris = chrono_tz::Europe::Paris;
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        let cases = [
            ("2026-09-14T08:30:00", "2026-09-14T08:30:00+02:00"),
            ("2026-09-14 08:30", "2026-09-14T08:30:00+02:00"),
            ("2026-12-09 17h", "2026-12-09T17:00:00+01:00"),
            ("9 décembre 2026 à 17 h 30", "2026-12-09T17:30:00+01:00"),
            ("09/12/2026", "2026-12-09T12:00:00+01:00"),
        ];
        for (text, expected) in cases {
            let found = loose_moment(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(found.rfc3339(paris, noon), expected, "{text}");
        }
        assert!(loose_moment("2026-09-14 à la récré").is_none());
    }

    #[test]
    fn durations_written_by_hand() {
        assert_eq!(loose_duration("90"), Some(90));
        assert_eq!(loose_duration("1'45"), Some(105));
        assert_eq!(loose_duration("1 min 45"), Some(105));
        assert_eq!(loose_duration("1m45s"), Some(105));
        assert_eq!(loose_duration("2 min"), Some(120));
        assert_eq!(loose_duration("45 s"), Some(45));
        assert_eq!(loose_duration("1:5"), None);
        assert_eq!(loose_duration("m:ss"), None);
    }
}
