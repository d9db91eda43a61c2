//! The values of `site.yaml` that need more than a type: the site's language tag, the
//! PeerTube host names, the base URL, the theme folder. Each refusal says, in French, what
//! to write instead.

use std::path::Path;

use icu_locale_core::LanguageIdentifier;

use crate::diagnostics::suggest;
use crate::fields::FieldError;

fn refused(message: String, help: String) -> FieldError {
    FieldError {
        message,
        help: Some(help),
    }
}

/// A BCP 47 language tag such as `fr` or `fr-FR`, in its canonical case.
///
/// ICU4X (the Unicode consortium's library, already in the build through `url`) checks the
/// tag's grammar; on top of it the language itself must be a two- or three-letter ISO 639
/// code, since the grammar's 5-to-8-letter form is unassigned and lets `french` through.
pub fn language(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let parsed = LanguageIdentifier::try_from_str(text)
        .ok()
        .filter(|tag| (2..=3).contains(&tag.language.as_str().len()));
    if let Some(tag) = parsed {
        return Ok(tag.to_string());
    }
    let help = match language_meant(text) {
        Some(tag) => format!("écrivez `language: {tag}`"),
        None => "écrivez un code de langue, comme `fr` (français) ou `fr-FR` (français de France)"
            .to_string(),
    };
    Err(refused(
        format!("`{text}` n'est pas un code de langue"),
        help,
    ))
}

// The tag a contributor most likely meant: `fr_FR` → `fr-FR`, `français` → `fr`.
fn language_meant(text: &str) -> Option<String> {
    let dashed = text.replace('_', "-");
    if let Ok(tag) = LanguageIdentifier::try_from_str(&dashed) {
        if (2..=3).contains(&tag.language.as_str().len()) {
            return Some(tag.to_string());
        }
    }
    let names = [
        ("fr", ["français", "francais", "french", "france"]),
        ("en", ["anglais", "english", "angleterre", "england"]),
        ("de", ["allemand", "german", "deutsch", "allemagne"]),
        ("es", ["espagnol", "spanish", "español", "espagne"]),
        ("it", ["italien", "italian", "italiano", "italie"]),
    ];
    let lower = text.to_lowercase();
    names
        .iter()
        .find(|(_, words)| words.contains(&lower.as_str()))
        .map(|(tag, _)| tag.to_string())
}

/// A PeerTube server's host name (`tube-cycle-2.apps.education.fr`), in lower case.
pub fn peertube_host(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.contains("://") || text.contains('/') {
        let host = host_of(text);
        return Err(refused(
            format!("`{text}` est une adresse, pas un nom de serveur"),
            match host {
                Some(host) => format!("écrivez seulement le nom du serveur : `{host}`"),
                None => "écrivez seulement le nom du serveur, par exemple `tube-cycle-2.apps.education.fr`".to_string(),
            },
        ));
    }
    let is_domain = matches!(url::Host::parse(text), Ok(url::Host::Domain(_)));
    let labels_ok = text.split('.').count() >= 2
        && text.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if is_domain && labels_ok {
        return Ok(text.to_ascii_lowercase());
    }
    Err(refused(
        format!("`{text}` n'est pas un nom de serveur"),
        "un nom de serveur s'écrit en un seul mot, avec des points, comme \
         `tube-cycle-2.apps.education.fr`"
            .to_string(),
    ))
}

/// The host name of an address written where a host name was expected.
pub fn host_of(text: &str) -> Option<String> {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    url::Url::parse(&with_scheme)
        .ok()?
        .host_str()
        .filter(|host| host.contains('.'))
        .map(str::to_ascii_lowercase)
}

/// What to write when `base_url` is not an absolute http(s) address.
pub fn base_url_help(text: &str) -> String {
    let text = text.trim();
    let bare = text.split("://").last().unwrap_or(text).trim_matches('/');
    let looks_like_host =
        !bare.is_empty() && bare.contains('.') && !bare.contains(char::is_whitespace);
    if looks_like_host {
        format!("écrivez l'adresse complète du site, avec https:// : `https://{bare}`")
    } else {
        "écrivez l'adresse complète du site publié, par exemple `https://devoirsfaits.example.org`"
            .to_string()
    }
}

/// Why the theme named `theme` cannot be used from `root`, if it cannot.
pub fn theme_problem(root: &Path, theme: &str) -> Option<FieldError> {
    let themes = root.join("themes");
    if !themes.is_dir() {
        return Some(refused(
            "le dossier `themes/` est introuvable à côté de site.yaml : le site n'a aucun thème \
             graphique"
                .to_string(),
            "copiez le dossier `themes/` du dépôt Capsule à côté de site.yaml".to_string(),
        ));
    }
    if themes.join(theme).join("templates").is_dir() {
        return None;
    }
    let present = theme_names(&themes);
    let help = match suggest(theme, present.iter().map(String::as_str)) {
        Some(close) => format!("vouliez-vous dire `{close}` ?"),
        None if present.is_empty() => {
            "le dossier `themes/` est vide : copiez-y `themes/default` du dépôt Capsule".to_string()
        }
        None => format!(
            "thèmes présents dans `themes/` : {}",
            present
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let message = if themes.join(theme).is_dir() {
        format!("le thème graphique `{theme}` n'a pas de dossier `templates/`")
    } else {
        format!("thème graphique introuvable : `{theme}` (pas de dossier `themes/{theme}/`)")
    };
    Some(refused(message, help))
}

// Folders of `themes/` that hold templates, sorted.
fn theme_names(themes: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(themes) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("templates").is_dir())
        .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert_eq!(language("fr").ok().as_deref(), Some("fr"));
        assert_eq!(language("FR-fr").ok().as_deref(), Some("fr-FR"));
        assert_eq!(language("oc").ok().as_deref(), Some("oc"));
        let refused = |text: &str| language(text).unwrap_err().help.unwrap_or_default();
        assert_eq!(refused("fr_FR"), "écrivez `language: fr-FR`");
        assert_eq!(refused("Français"), "écrivez `language: fr`");
        assert_eq!(refused("french"), "écrivez `language: fr`");
        assert!(refused("klingon!").starts_with("écrivez un code de langue"));
    }

    #[test]
    fn peertube_hosts_are_host_names() {
        assert_eq!(
            peertube_host("Tube-Cycle-2.apps.education.fr")
                .ok()
                .as_deref(),
            Some("tube-cycle-2.apps.education.fr")
        );
        let error = peertube_host("https://tube-cycle-2.apps.education.fr/w/abc").unwrap_err();
        assert_eq!(
            error.message,
            "`https://tube-cycle-2.apps.education.fr/w/abc` est une adresse, pas un nom de serveur"
        );
        assert_eq!(
            error.help.as_deref(),
            Some("écrivez seulement le nom du serveur : `tube-cycle-2.apps.education.fr`")
        );
        assert!(peertube_host("tube cycle 2").is_err());
        assert!(peertube_host("localhost").is_err());
    }

    #[test]
    fn base_url_help_adds_the_scheme() {
        assert_eq!(
            base_url_help("devoirsfaits.example.org"),
            "écrivez l'adresse complète du site, avec https:// : `https://devoirsfaits.example.org`"
        );
        assert!(base_url_help("nope").contains("par exemple"));
    }
}
