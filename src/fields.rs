//! Parsing and formatting of the small value types found in front matter: durations,
//! slugs, dates. Shared by the site configuration and the content checks.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
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

/// Why a value was refused, and how to write it, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub message: String,
    pub help: Option<String>,
}

impl FieldError {
    fn new(message: impl Into<String>, help: Option<String>) -> FieldError {
        FieldError {
            message: message.into(),
            help,
        }
    }
}

/// A video's duration, `m:ss`, more than zero and at most `max` seconds.
pub fn video_duration(text: &str, max: u32) -> Result<u32, FieldError> {
    let text = text.trim();
    let Some(seconds) = parse_duration(text) else {
        return Err(unreadable_duration(text));
    };
    if seconds == 0 {
        return Err(FieldError::new(
            format!("une durée de `{text}` n'est pas possible"),
            Some("indiquez la durée réelle de la vidéo, par exemple `duration: \"1:45\"`".into()),
        ));
    }
    if seconds > max {
        let parts: Vec<&str> = text.split(':').collect();
        let help = match parts.as_slice() {
            // `1:45:00` for 1 min 45 s: the hours were not meant.
            [m, ss, "00"] if parse_duration(&format!("{m}:{ss}")).is_some_and(|s| s <= max) => {
                format!("vouliez-vous dire `\"{m}:{ss}\"` (minutes:secondes) ?")
            }
            _ => "les vidéos de la communauté durent moins de deux minutes : raccourcissez le montage".into(),
        };
        return Err(FieldError::new(
            format!(
                "la vidéo dure {}, plus que le maximum de {}",
                format_duration(seconds),
                format_duration(max)
            ),
            Some(help),
        ));
    }
    Ok(seconds)
}

fn unreadable_duration(text: &str) -> FieldError {
    let message = format!("`{text}` n'est pas une durée au format m:ss");
    let parts: Vec<&str> = text.split(':').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let help = match parts.as_slice() {
        [m, ss] if digits(m) && digits(ss) && ss.len() == 2 => {
            let total = m.parse::<u32>().unwrap_or(0) * 60 + ss.parse::<u32>().unwrap_or(0);
            format!(
                "les secondes vont de 00 à 59 : {m} minute(s) {ss} secondes s'écrivent `\"{}\"`",
                format_duration(total)
            )
        }
        [m, s] if digits(m) && digits(s) && s.len() == 1 => format!(
            "les secondes s'écrivent avec deux chiffres : `\"{m}:0{s}\"` pour {m} min {s} s, ou `\"{m}:{s}0\"` pour {m} min {s}0 s"
        ),
        _ => match crate::handwritten::loose_duration(text) {
            Some(seconds) => format!("écrivez `duration: \"{}\"` (minutes:secondes, entre guillemets)", format_duration(seconds)),
            None => "écrivez par exemple `duration: \"1:45\"` pour 1 minute 45 secondes".into(),
        },
    };
    FieldError::new(message, Some(help))
}

/// A publication date: `YYYY-MM-DD` (midnight in the site's time zone) or RFC 3339.
pub fn parse_publication_date(text: &str, zone: Tz) -> Result<DateTime<FixedOffset>, FieldError> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let midnight = date
            .and_hms_opt(0, 0, 0)
            .ok_or_else(|| FieldError::new("date impossible", None))?;
        return zone
            .from_local_datetime(&midnight)
            .earliest()
            .map(|d| d.fixed_offset())
            .ok_or_else(|| {
                FieldError::new("cette date n'existe pas dans le fuseau du site", None)
            });
    }
    DateTime::parse_from_rfc3339(text).map_err(|_| publication_date_error(text, zone))
}

fn publication_date_error(text: &str, zone: Tz) -> FieldError {
    match crate::handwritten::loose_moment(text) {
        Some(moment) if moment.iso_date && moment.time.is_some() => FieldError::new(
            format!("il manque le décalage horaire après l'heure : `{text}`"),
            Some(format!(
                "ajoutez-le : `{}` (le décalage du fuseau {zone} ce jour-là), ou ne gardez que la date : `{}`",
                moment.rfc3339(zone, NaiveTime::MIN),
                moment.iso_date()
            )),
        ),
        Some(moment) => FieldError::new(
            format!("`{text}` n'est pas une date au format AAAA-MM-JJ"),
            Some(format!(
                "écrivez `{}` : l'année, le mois, puis le jour",
                moment.iso_date()
            )),
        ),
        None if looks_like_date(text) => FieldError::new(
            format!("la date `{text}` n'existe pas"),
            Some("vérifiez le jour et le mois : `AAAA-MM-JJ`, par exemple `2026-09-14`".into()),
        ),
        None => FieldError::new(
            format!("`{text}` n'est pas une date au format AAAA-MM-JJ"),
            Some("écrivez l'année, le mois, puis le jour : `2026-09-14`".into()),
        ),
    }
}

/// A moment with its offset, RFC 3339 (`2026-12-09T17:00:00+01:00`); `zone` only serves to
/// suggest the offset when it is missing.
pub fn parse_moment(text: &str, zone: Tz) -> Result<DateTime<FixedOffset>, FieldError> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text).map_err(|_| moment_error(text, zone))
}

fn moment_error(text: &str, zone: Tz) -> FieldError {
    let example_time = NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN);
    match crate::handwritten::loose_moment(text) {
        Some(moment) if moment.iso_date && moment.time.is_some() => FieldError::new(
            format!("il manque le décalage horaire après l'heure : `{text}`"),
            Some(format!(
                "écrivez `{}` (le décalage du fuseau {zone} ce jour-là : +01:00 en hiver, +02:00 en été)",
                moment.rfc3339(zone, example_time)
            )),
        ),
        Some(moment) if moment.time.is_none() => FieldError::new(
            format!("il manque l'heure et le décalage horaire : `{text}`"),
            Some(format!(
                "écrivez la date, `T`, l'heure puis le décalage, par exemple `{}`",
                moment.rfc3339(zone, example_time)
            )),
        ),
        Some(moment) => FieldError::new(
            format!("`{text}` n'est pas une date et heure complète avec fuseau, comme `2026-12-09T17:00:00+01:00`"),
            Some(format!("écrivez `{}`", moment.rfc3339(zone, example_time))),
        ),
        None if looks_like_date(text) => FieldError::new(
            format!("la date `{text}` n'existe pas"),
            Some("vérifiez le jour, le mois et l'heure, par exemple `2026-12-09T17:00:00+01:00`".into()),
        ),
        None => FieldError::new(
            format!("`{text}` n'est pas une date et heure complète avec fuseau, comme `2026-12-09T17:00:00+01:00`"),
            Some("écrivez la date, `T`, l'heure puis le décalage horaire : +01:00 en hiver, +02:00 en été".into()),
        ),
    }
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
    fn moments_written_by_hand_get_their_rfc3339_form() {
        let paris = chrono_tz::Europe::Paris;
        let error = parse_moment("9 décembre 2026 à 17h", paris).unwrap_err();
        assert_eq!(
            error.message,
            "`9 décembre 2026 à 17h` n'est pas une date et heure complète avec fuseau, comme `2026-12-09T17:00:00+01:00`"
        );
        assert_eq!(
            error.help.as_deref(),
            Some("écrivez `2026-12-09T17:00:00+01:00`")
        );
        let error = parse_moment("2026-06-09", paris).unwrap_err();
        assert_eq!(
            error.message,
            "il manque l'heure et le décalage horaire : `2026-06-09`"
        );
        assert_eq!(
            error.help.as_deref(),
            Some("écrivez la date, `T`, l'heure puis le décalage, par exemple `2026-06-09T17:00:00+02:00`")
        );
        assert!(parse_moment("2026-02-30T17:00:00+01:00", paris)
            .unwrap_err()
            .message
            .contains("n'existe pas"));
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
            .message
            .contains("n'existe pas"));
        assert!(parse_publication_date("14/09/2026", paris).is_err());
        let moment = parse_publication_date("2026-09-14T08:30:00Z", paris).unwrap();
        assert_eq!(moment.to_rfc3339(), "2026-09-14T08:30:00+00:00");
    }
}
