//! How people ask the team for something without running anything: the GitHub issue forms
//! of `.github/ISSUE_TEMPLATE/` (propose an event or a theme, ask for help filming, report
//! a problem with a video), reached from the site through `site.yaml`'s `repository`, and
//! the `contact_email` for those without a GitHub account. The two `site.yaml` values are
//! checked here; the forms themselves are checked against GitHub's schema by
//! `tests/issue_forms.rs`.

use email_address::{EmailAddress, Options};

use crate::fields::FieldError;

/// One issue form of `.github/ISSUE_TEMPLATE/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueForm {
    /// The file name, which is also the `template=` of its link.
    pub file: &'static str,
    /// What it is for, as a link text.
    pub label: &'static str,
}

/// The issue forms, in the order the « Participer » page offers them.
pub const ISSUE_FORMS: [IssueForm; 4] = [
    IssueForm {
        file: "evenement.yml",
        label: "Proposer un événement",
    },
    IssueForm {
        file: "theme.yml",
        label: "Proposer un thème",
    },
    IssueForm {
        file: "aide-video.yml",
        label: "Demander de l'aide pour réaliser une vidéo",
    },
    IssueForm {
        file: "probleme-video.yml",
        label: "Signaler un problème sur une vidéo",
    },
];

/// The address that opens the issue form `file` of the GitHub repository `repository`
/// (as [`github_repository`] gives it).
pub fn issue_form_url(repository: &str, file: &str) -> String {
    format!("{repository}/issues/new?template={file}")
}

/// `contact_email`: an e-mail address (RFC 5322, checked by the `email_address` crate) whose
/// domain has a top-level part, as written.
pub fn contact_email(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let bare = text.strip_prefix("mailto:").unwrap_or(text);
    let options = Options::default().with_required_tld();
    if EmailAddress::parse_with_options(bare, options).is_ok() && !bare.starts_with('"') {
        return match bare.len() == text.len() {
            true => Ok(bare.to_string()),
            false => Err(FieldError {
                message: format!("`{text}` est un lien, pas une adresse électronique"),
                help: Some(format!(
                    "écrivez seulement l'adresse : `contact_email: {bare}`"
                )),
            }),
        };
    }
    Err(FieldError {
        message: format!("`{text}` n'est pas une adresse électronique"),
        help: Some(
            "écrivez l'adresse à laquelle l'équipe répond, par exemple \
             `contact_email: contact@devoirsfaits.example.org`"
                .to_string(),
        ),
    })
}

/// `repository`: the address of the site's repository on GitHub,
/// `https://github.com/OWNER/REPO`, returned without a trailing `/` or `.git`.
pub fn github_repository(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let parsed = url::Url::parse(text).ok();
    let on_github = parsed
        .as_ref()
        .is_some_and(|u| u.scheme() == "https" && u.host_str() == Some("github.com"));
    let segments: Vec<&str> = parsed
        .as_ref()
        .and_then(|u| u.path_segments())
        .map(|s| s.filter(|part| !part.is_empty()).collect())
        .unwrap_or_default();
    let owner_ok = |owner: &str| {
        !owner.is_empty() && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let repo_ok = |repo: &str| {
        !repo.is_empty()
            && repo
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match segments.as_slice() {
        [owner, repo, rest @ ..] if on_github && owner_ok(owner) && repo_ok(repo) => {
            let repo = repo.strip_suffix(".git").unwrap_or(repo);
            let address = format!("https://github.com/{owner}/{repo}");
            let exact = rest.is_empty() && parsed.as_ref().is_some_and(|u| u.query().is_none());
            match exact {
                true => Ok(address),
                false => Err(FieldError {
                    message: format!("`{text}` est une page du dépôt, pas le dépôt lui-même"),
                    help: Some(format!("écrivez `repository: {address}`")),
                }),
            }
        }
        _ => Err(FieldError {
            message: format!("`{text}` n'est pas l'adresse d'un dépôt GitHub"),
            help: Some(
                "écrivez l'adresse de la page d'accueil du dépôt, telle que le navigateur \
                 l'affiche : `https://github.com/PROPRIÉTAIRE/DÉPÔT`"
                    .to_string(),
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_addresses() {
        assert_eq!(
            contact_email(" contact@devoirsfaits.example.org ")
                .ok()
                .as_deref(),
            Some("contact@devoirsfaits.example.org")
        );
        let refused = |text: &str| contact_email(text).unwrap_err();
        assert_eq!(
            refused("mailto:contact@example.org").help.as_deref(),
            Some("écrivez seulement l'adresse : `contact_email: contact@example.org`")
        );
        for wrong in [
            "contact",
            "contact@",
            "contact@localhost",
            "a b@example.org",
            "",
        ] {
            assert!(
                refused(wrong)
                    .message
                    .contains("n'est pas une adresse électronique"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn repositories_are_github_home_pages() {
        for written in [
            "https://github.com/devoirsfaits/communaute",
            "https://github.com/devoirsfaits/communaute/",
            "https://github.com/devoirsfaits/communaute.git",
        ] {
            assert_eq!(
                github_repository(written).ok().as_deref(),
                Some("https://github.com/devoirsfaits/communaute"),
                "{written}"
            );
        }
        let help = |text: &str| {
            github_repository(text)
                .unwrap_err()
                .help
                .unwrap_or_default()
        };
        assert_eq!(
            help("https://github.com/devoirsfaits/communaute/issues"),
            "écrivez `repository: https://github.com/devoirsfaits/communaute`"
        );
        for wrong in [
            "github.com/devoirsfaits/communaute",
            "http://github.com/devoirsfaits/communaute",
            "https://gitlab.com/devoirsfaits/communaute",
            "https://github.com/devoirsfaits",
        ] {
            assert!(help(wrong).contains("PROPRIÉTAIRE/DÉPÔT"), "{wrong}");
        }
        assert_eq!(
            issue_form_url("https://github.com/o/r", "evenement.yml"),
            "https://github.com/o/r/issues/new?template=evenement.yml"
        );
    }
}
