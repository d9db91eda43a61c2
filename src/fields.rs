//! Parsing and formatting of the small value types found in front matter: durations,
//! slugs, dates. Shared by the site configuration and the content checks.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use chrono_tz::Tz;

/// `m:ss` (or `h:mm:ss`) → seconds. `None` when the text is not such a duration.
pub fn parse_duration(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            let digits_only =
                !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
            digits_only.then(|| p.parse().ok()).flatten()
        })
        .collect();
    let numbers = numbers?;
    let (rest, seconds) = numbers.split_at(numbers.len() - 1);
    if seconds[0] >= 60 || parts[parts.len() - 1].len() != 2 {
        return None;
    }
    if rest.len() == 2 && (rest[1] >= 60 || parts[1].len() != 2) {
        return None;
    }
    Some(rest.iter().fold(0, |acc, n| acc * 60 + n) * 60 + seconds[0])
}

/// Seconds → `m:ss`.
pub fn format_duration(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Seconds → ISO 8601 duration (`PT1M45S`), for metadata.
pub fn iso_duration(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("PT{s}S"),
        (m, 0) => format!("PT{m}M"),
        (m, s) => format!("PT{m}M{s}S"),
    }
}

/// Seconds → "1 min 45 s", for screen readers and text.
pub fn spoken_duration(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s:02} s"),
    }
}

/// `[a-z0-9]+(-[a-z0-9]+)*`
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A publication date: `YYYY-MM-DD` (midnight in the site's time zone) or RFC 3339.
pub fn parse_publication_date(text: &str, zone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let midnight = date.and_hms_opt(0, 0, 0).ok_or("date impossible")?;
        return zone
            .from_local_datetime(&midnight)
            .earliest()
            .map(|d| d.fixed_offset())
            .ok_or_else(|| "cette date n'existe pas dans le fuseau du site".to_string());
    }
    DateTime::parse_from_rfc3339(text).map_err(|_| {
        if looks_like_date(text) {
            format!("la date `{text}` n'existe pas")
        } else {
            format!("`{text}` n'est pas une date au format AAAA-MM-JJ")
        }
    })
}

/// A moment with its offset, RFC 3339 (`2026-12-09T17:00:00+01:00`).
pub fn parse_moment(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
        format!(
            "`{}` n'est pas une date et heure complète avec fuseau, comme `2026-12-09T17:00:00+01:00`",
            text.trim()
        )
    })
}

fn looks_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..4].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1:45"), Some(105));
        assert_eq!(parse_duration("0:59"), Some(59));
        assert_eq!(parse_duration("2:00"), Some(120));
        assert_eq!(parse_duration("1:02:03"), Some(3723));
        assert_eq!(parse_duration("1:5"), None);
        assert_eq!(parse_duration("1:60"), None);
        assert_eq!(parse_duration("90"), None);
        assert_eq!(parse_duration("a:bc"), None);
        assert_eq!(format_duration(105), "1:45");
        assert_eq!(iso_duration(105), "PT1M45S");
        assert_eq!(iso_duration(60), "PT1M");
        assert_eq!(spoken_duration(65), "1 min 05 s");
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("dictee-negociee-2"));
        assert!(!is_valid_slug("Dictee"));
        assert!(!is_valid_slug("dictée"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug("-a"));
        assert!(!is_valid_slug(""));
    }

    #[test]
    fn publication_dates() {
        let paris = chrono_tz::Europe::Paris;
        let date = parse_publication_date("2026-09-14", paris).unwrap();
        assert_eq!(date.to_rfc3339(), "2026-09-14T00:00:00+02:00");
        let winter = parse_publication_date("2026-01-14", paris).unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-01-14T00:00:00+01:00");
        assert!(parse_publication_date("2026-02-30", paris)
            .unwrap_err()
            .contains("n'existe pas"));
        assert!(parse_publication_date("14/09/2026", paris).is_err());
        let moment = parse_publication_date("2026-09-14T08:30:00Z", paris).unwrap();
        assert_eq!(moment.to_rfc3339(), "2026-09-14T08:30:00+00:00");
    }
}
