//! `site.yaml`: the raw file as written, and the validated configuration the rest of the
//! pipeline reads. Validation happens here, once; nothing downstream re-checks it.

use chrono_tz::Tz;
use serde::Deserialize;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::config_values;
use crate::diagnostics::{Diagnostic, Source};
use crate::fields::{parse_duration, FieldError};
use crate::load::frontmatter::{FrontMatter, Schema};
use crate::Error;

/// `site.yaml` as written. Every key but `title` and `base_url` has a default.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    max_duration: Option<String>,
    #[serde(default)]
    per_page: Option<usize>,
    #[serde(default)]
    levels: Option<Vec<String>>,
    #[serde(default)]
    peertube_hosts: Option<Vec<String>>,
    #[serde(default)]
    social: Option<Social>,
    #[serde(default)]
    newsletter: Option<Newsletter>,
    #[serde(default)]
    feed_items: Option<usize>,
    #[serde(default)]
    contact_email: Option<String>,
    #[serde(default)]
    repository: Option<String>,
}

const SCHEMA: Schema = Schema {
    kind: "configuration",
    required: &["title", "base_url"],
    optional: &[
        "language",
        "description",
        "theme",
        "timezone",
        "max_duration",
        "per_page",
        "levels",
        "peertube_hosts",
        "social",
        "newsletter",
        "feed_items",
        "contact_email",
        "repository",
    ],
};

/// Accounts of the community on social networks (handles, not URLs).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Social {
    pub twitter: Option<String>,
    pub instagram: Option<String>,
    pub mastodon: Option<String>,
    pub youtube: Option<String>,
    pub facebook: Option<String>,
    pub linkedin: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Newsletter {
    pub signup_url: Option<String>,
    /// `weekly` or `monthly`, as written: validated into [`Config::newsletter_period`].
    #[serde(default)]
    pub period: Option<String>,
}

/// How much time one issue of the newsletter digest (`/lettre/feed.xml`) covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DigestPeriod {
    /// An ISO week, Monday to Sunday, in the site's time zone.
    Weekly,
    /// A calendar month, in the site's time zone.
    #[default]
    Monthly,
}

impl DigestPeriod {
    /// `weekly` / `monthly`, as `site.yaml` says it.
    pub fn parse(text: &str) -> Result<DigestPeriod, FieldError> {
        match text.trim() {
            "weekly" => Ok(DigestPeriod::Weekly),
            "monthly" => Ok(DigestPeriod::Monthly),
            other => Err(FieldError {
                message: format!("période de lettre inconnue (`newsletter.period`) : `{other}`"),
                help: Some(
                    "écrivez `weekly` (une lettre par semaine, du lundi au dimanche) ou `monthly` (une par mois)"
                        .to_string(),
                ),
            }),
        }
    }
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute, without trailing slash: `https://example.org` or `https://example.org/sub`.
    pub base_url: String,
    /// Path part of `base_url`, always ending with `/`: `/` or `/sub/`.
    pub base_path: String,
    /// Scheme and host of `base_url`: `https://example.org`.
    pub origin: String,
    pub language: String,
    pub description: String,
    pub theme: String,
    pub timezone: Tz,
    pub max_duration_secs: u32,
    pub per_page: usize,
    pub levels: Vec<String>,
    pub peertube_hosts: Vec<String>,
    pub social: Social,
    pub newsletter: Newsletter,
    /// The period of the newsletter digest's issues (`newsletter.period`).
    pub newsletter_period: DigestPeriod,
    pub feed_items: usize,
    /// The team's e-mail address, for requests from people without a GitHub account.
    pub contact_email: Option<String>,
    /// The site's repository on GitHub (`https://github.com/OWNER/REPO`): its issue forms
    /// take requests (see [`crate::requests`]).
    pub repository: Option<String>,
}

pub const DEFAULT_LEVELS: [&str; 8] = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"];

impl Config {
    /// Validates `site.yaml`'s text; `base_url_override` replaces its `base_url`.
    pub fn parse(
        source: &Source,
        base_url_override: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let (config, problems) = Config::parse_lenient(source, base_url_override)?;
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// Like [`Config::parse`], but a file that reads as a configuration gives one even when
    /// some values are refused: those get their default (or, for an address given as a
    /// PeerTube host, its host), and are returned as problems. The content can then be
    /// checked in the same run.
    pub fn parse_lenient(
        source: &Source,
        base_url_override: Option<&str>,
    ) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let document = FrontMatter::whole(source);
        let raw: RawConfig = document.parse(&SCHEMA)?;
        let mut problems = Vec::new();
        let base_url_text = base_url_override.unwrap_or(&raw.base_url);
        let (origin, base_path) = match normalize_base_url(base_url_text) {
            Ok(pair) => pair,
            Err(message) => {
                problems.push(
                    document
                        .error_at("base_url", Some(&raw.base_url), message)
                        .with_help(config_values::base_url_help(base_url_text)),
                );
                (String::new(), "/".to_string())
            }
        };
        let language = match raw.language.as_deref() {
            Some(text) => checked(&document, "language", text, config_values::language(text))
                .unwrap_or_else(|problem| {
                    problems.push(problem);
                    "fr".to_string()
                }),
            None => "fr".to_string(),
        };
        let mut peertube_hosts = Vec::new();
        for entry in raw.peertube_hosts.iter().flatten() {
            match checked(
                &document,
                "peertube_hosts",
                entry,
                config_values::peertube_host(entry),
            ) {
                Ok(host) => peertube_hosts.push(host),
                Err(problem) => {
                    problems.push(problem);
                    peertube_hosts.extend(config_values::host_of(entry));
                }
            }
        }
        let timezone_text = raw.timezone.unwrap_or_else(|| "Europe/Paris".to_string());
        let timezone = timezone_text.parse::<Tz>().unwrap_or_else(|_| {
            problems.push(document.error_at(
                "timezone",
                Some(&timezone_text),
                format!("fuseau horaire inconnu : `{timezone_text}` (exemple : `Europe/Paris`)"),
            ));
            chrono_tz::Europe::Paris
        });
        let max_duration_text = raw.max_duration.unwrap_or_else(|| "2:00".to_string());
        let max_duration_secs = parse_duration(&max_duration_text).unwrap_or_else(|| {
            problems.push(document.error_at(
                "max_duration",
                Some(&max_duration_text),
                format!("`{max_duration_text}` n'est pas une durée au format m:ss"),
            ));
            120
        });
        let per_page = positive(&document, "per_page", raw.per_page, 24, &mut problems);
        let feed_items = positive(&document, "feed_items", raw.feed_items, 50, &mut problems);
        let theme = raw.theme.unwrap_or_else(|| "default".to_string());
        if theme.is_empty() || theme.contains(['/', '\\', '.']) {
            problems.push(document.error_at(
                "theme",
                Some(&theme),
                "nom de thème graphique invalide",
            ));
        }
        let contact_email = raw.contact_email.as_deref().and_then(|text| {
            checked(
                &document,
                "contact_email",
                text,
                crate::requests::contact_email(text),
            )
            .map_err(|problem| problems.push(problem))
            .ok()
        });
        let repository = raw.repository.as_deref().and_then(|text| {
            checked(
                &document,
                "repository",
                text,
                crate::requests::github_repository(text),
            )
            .map_err(|problem| problems.push(problem))
            .ok()
        });
        let newsletter = raw.newsletter.unwrap_or_default();
        let newsletter_period =
            newsletter
                .period
                .as_deref()
                .map_or(Ok(DigestPeriod::default()), |text| {
                    // `period` sits under `newsletter`: found there, inline or on its own line.
                    checked(&document, "newsletter", text, DigestPeriod::parse(text))
                });
        let newsletter_period = newsletter_period.unwrap_or_else(|problem| {
            problems.push(problem);
            DigestPeriod::default()
        });
        let config = Config {
            title: raw.title,
            base_url: format!("{origin}{}", base_path.trim_end_matches('/')),
            base_path,
            origin,
            language,
            description: raw.description.unwrap_or_default(),
            theme,
            timezone,
            max_duration_secs,
            per_page,
            levels: raw
                .levels
                .unwrap_or_else(|| DEFAULT_LEVELS.iter().map(|l| l.to_string()).collect()),
            peertube_hosts,
            social: raw.social.unwrap_or_default(),
            newsletter,
            newsletter_period,
            feed_items,
            contact_email,
            repository,
        };
        Ok((config, problems))
    }

    /// Absolute URL of a site path (`/videos/x/` → `https://example.org/videos/x/`).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.url(site_path))
    }

    /// Root-relative URL of a site path, with the base path in front.
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path.trim_end_matches('/'), site_path)
    }
}

// `result` for the value `text` of `key`, its refusal located at the value.
fn checked<T>(
    document: &FrontMatter,
    key: &str,
    text: &str,
    result: Result<T, FieldError>,
) -> Result<T, Diagnostic> {
    result.map_err(|error| {
        let diagnostic = document.error_at(key, Some(text.trim()), error.message);
        match error.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// `site.yaml` as read from a site root: its text, the configuration when the file reads as
/// one (refused values replaced by their defaults), and every problem found in it, its theme
/// folder's included.
pub struct SiteFile {
    pub source: Source,
    pub config: Option<Config>,
    pub problems: Vec<Diagnostic>,
    /// Problems of the values themselves, as opposed to the theme folder's.
    value_problems: usize,
}

impl SiteFile {
    /// Reads and validates `root/site.yaml`; `base_url_override` replaces its `base_url`.
    ///
    /// A missing `site.yaml` is a content problem (exit code 1) when `root` has a `content/`
    /// folder: the site is there, its configuration is not. Without either, the command was
    /// run outside a site: an error of usage (exit code 2).
    pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<SiteFile, Error> {
        let path = root.join("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return missing(root);
            }
            Err(error) => return Err(Error::io(path, error)),
        };
        let source = Source::new(root, &path, String::from_utf8_lossy(&text).into_owned());
        if std::str::from_utf8(&text).is_err() {
            let problem = source
                .file_error("site.yaml n'est pas enregistré en UTF-8")
                .with_help("enregistrez le fichier en UTF-8 (le choix par défaut de GitHub)");
            return Ok(SiteFile::broken(source, problem));
        }
        let (config, mut problems) = match Config::parse_lenient(&source, base_url_override) {
            Ok((config, problems)) => (Some(config), problems),
            Err(problems) => (None, problems),
        };
        let value_problems = problems.len();
        if let Some(config) = &config {
            problems.extend(theme_problem(root, &source, &config.theme));
        }
        Ok(SiteFile {
            source,
            config,
            problems,
            value_problems,
        })
    }

    fn broken(source: Source, problem: Diagnostic) -> SiteFile {
        SiteFile {
            source,
            config: None,
            problems: vec![problem],
            value_problems: 1,
        }
    }

    /// The configuration when every value of `site.yaml` is valid (its theme folder aside),
    /// or every problem of `site.yaml` as a content error.
    pub fn into_config(self) -> Result<Config, Error> {
        match self.config {
            Some(config) if self.value_problems == 0 => Ok(config),
            _ => Err(Error::Content {
                diagnostics: self.problems,
                sources: BTreeMap::from([(self.source.rel_path, self.source.text)]),
            }),
        }
    }
}

fn missing(root: &Path) -> Result<SiteFile, Error> {
    if !root.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "{} n'est pas la racine d'un site : ni site.yaml ni dossier content/ ; lancez la \
             commande depuis le dossier du site, ou donnez-le avec --root DOSSIER",
            root.display()
        )));
    }
    let source = Source {
        rel_path: "site.yaml".to_string(),
        text: Arc::from(""),
    };
    let near_miss = [
        "site.yml",
        "Site.yaml",
        "site.yaml.txt",
        "site.YAML",
        "_config.yml",
    ]
    .into_iter()
    .find(|name| root.join(name).is_file());
    let help = match near_miss {
        Some(name) => format!("renommez `{name}` en `site.yaml`"),
        None => "créez site.yaml à la racine du site, avec au moins `title` et `base_url` \
                 (voir CONTRIBUTING.md)"
            .to_string(),
    };
    let problem = source
        .file_error("fichier site.yaml introuvable à la racine du site")
        .with_help(help);
    Ok(SiteFile::broken(source, problem))
}

// The theme folder problem, at `theme:` in site.yaml (or its first line).
fn theme_problem(root: &Path, source: &Source, theme: &str) -> Option<Diagnostic> {
    let error = config_values::theme_problem(root, theme)?;
    let document = FrontMatter::whole(source);
    checked(&document, "theme", theme, Err::<(), _>(error)).err()
}

fn positive(
    document: &FrontMatter,
    key: &str,
    value: Option<usize>,
    default: usize,
    problems: &mut Vec<Diagnostic>,
) -> usize {
    match value {
        Some(0) => {
            problems.push(document.error_at(key, None, format!("`{key}` doit être au moins 1")));
            default
        }
        Some(n) => n,
        None => default,
    }
}

/// `https://host/path/` → (`https://host`, `/path/`).
pub fn normalize_base_url(text: &str) -> Result<(String, String), String> {
    let parsed = url::Url::parse(text)
        .map_err(|_| format!("`{text}` n'est pas une adresse absolue (https://…)"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("`{text}` doit commencer par https:// ou http://"));
    }
    let path = parsed.path().trim_end_matches('/');
    let origin = parsed.origin().ascii_serialization();
    Ok((origin, format!("{path}/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let source = Source {
            rel_path: "site.yaml".into(),
            text: text.into(),
        };
        Config::parse(&source, None)
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse("title: T\nbase_url: https://example.org/\n").unwrap();
        assert_eq!(config.base_url, "https://example.org");
        assert_eq!(config.base_path, "/");
        assert_eq!(config.per_page, 24);
        assert_eq!(config.max_duration_secs, 120);
        assert_eq!(config.levels.len(), 8);
        assert_eq!(config.absolute("/videos/"), "https://example.org/videos/");
    }

    #[test]
    fn base_url_with_a_path() {
        let config = parse("title: T\nbase_url: https://example.org/capsule\n").unwrap();
        assert_eq!(config.base_path, "/capsule/");
        assert_eq!(config.url("/videos/"), "/capsule/videos/");
        assert_eq!(config.absolute("/"), "https://example.org/capsule/");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located() {
        let errors =
            parse("title: T\nbase_url: nope\nper_pag: 3\ntimezone: Mars/Olympus\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 3);
        assert_eq!(
            errors[0].help.as_deref(),
            Some("vouliez-vous dire `per_page` ?")
        );
        let errors = parse("title: T\nbase_url: nope\ntimezone: Mars/Olympus\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[1].line, 3);
    }
}
