//! End to end: `capsule views` on a real temp site against a local server that answers like
//! each host's API (recorded bodies of `tests/fixtures/views/`), never the network. Counts
//! are written to `data/vues.yaml`; a host without its key is skipped and said so; a video
//! whose count cannot be read (404, 429, malformed JSON, hidden count, host unreachable)
//! keeps its previous line and is reported, with exit code 3.

mod common;
#[path = "common/views_server.rs"]
mod views_server;

use std::process::{Command, Output};

use common::{stderr, Fixture, NOW};
use views_server::{Answer, ApiServer};

const HEADER: &str = "# Nombre de vues de chaque vidéo, relevé sur son hébergeur par `capsule views`\n# (chaque semaine, par .github/workflows/views.yml). Ne pas modifier à la main.\n";

const PEERTUBE: &str = "/peertube/tube-cycle-2.apps.education.fr/api/v1/videos/9xFq2kLmN3pQ7rT5";
const YOUTUBE: &str = "/youtube/v3/videos?part=statistics&id=dQw4w9WgXcQ&key=cle-youtube";
const FUTUR: &str = "/vimeo/videos/123456?fields=uri,stats";
const BROUILLON: &str = "/vimeo/videos/654321?fields=uri,stats";
const DAILYMOTION: &str = "/dailymotion/video/x8abcde?fields=views_total";

/// The small site (YouTube, PeerTube, two Vimeo videos, a video file) and a Dailymotion video.
fn site() -> Fixture {
    let site = Fixture::small();
    site.write(
        "content/videos/message-clair.md",
        "---\ntitle: Le message clair\ndate: 2026-05-04\nvideo: \"https://www.dailymotion.com/video/x8abcde\"\nduration: \"1:30\"\ncontributors: [karim]\nthemes: [lecture]\nsummary: Régler un conflit avec des mots.\n---\n",
    );
    site
}

/// Every API answering with its recorded count.
fn every_count(url: &str, _times: usize) -> Answer {
    match url {
        PEERTUBE => Answer::ok("peertube-video.json"),
        YOUTUBE => Answer::ok("youtube-videos.json"),
        FUTUR | BROUILLON => Answer::ok("vimeo-video.json"),
        DAILYMOTION => Answer::ok("dailymotion-video.json"),
        _ => Answer::text(500, "route inconnue du test"),
    }
}

/// `capsule views` on `site` with the APIs at `server`, and secrets when `keys`.
fn views(site: &Fixture, server: &ApiServer, keys: bool) -> Output {
    common::link_theme(site.root());
    let mut command = Command::new(env!("CARGO_BIN_EXE_capsule"));
    command
        .args(["views", "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", NOW)
        .env("CAPSULE_VIEWS_API_BASE", &server.base)
        .env_remove("YOUTUBE_API_KEY")
        .env_remove("VIMEO_TOKEN")
        .env_remove("CAPSULE_VIEWS_PEERTUBE_BASE");
    if keys {
        command
            .env("YOUTUBE_API_KEY", "cle-youtube")
            .env("VIMEO_TOKEN", "jeton-vimeo");
    }
    command.output().expect("run capsule views")
}

fn counts_file(site: &Fixture) -> String {
    std::fs::read_to_string(site.root().join("data/vues.yaml")).expect("data/vues.yaml")
}

const OLD_COUNTS: &str = "ardoises: { views: 500, source: peertube, fetched: 2026-01-05 }\nmessage-clair: { views: 40, source: dailymotion, fetched: 2026-01-05 }\nrituel-lecture: { views: 100, source: youtube, fetched: 2026-01-05 }\n";

#[test]
fn counts_every_host_into_data_vues_yaml() {
    let site = site();
    let server = ApiServer::start(every_count);
    let output = views(&site, &server, true);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        counts_file(&site),
        format!(
            "{HEADER}ardoises: {{ views: 1207, source: peertube, fetched: 2026-11-23 }}\n\
             brouillon: {{ views: 1630, source: vimeo, fetched: 2026-11-23 }}\n\
             futur: {{ views: 1630, source: vimeo, fetched: 2026-11-23 }}\n\
             message-clair: {{ views: 954, source: dailymotion, fetched: 2026-11-23 }}\n\
             rituel-lecture: {{ views: 2841, source: youtube, fetched: 2026-11-23 }}\n"
        )
    );
    assert!(
        stderr(&output)
            .contains("6 vidéos : 5 comptées, 1 ignorée (fichiers vidéo : pas de compteur)"),
        "{}",
        stderr(&output)
    );
    let vimeo = server.seen_under("/vimeo/");
    assert_eq!(vimeo.len(), 2);
    assert!(vimeo
        .iter()
        .all(|s| s.authorization.as_deref() == Some("bearer jeton-vimeo")));
    assert_eq!(server.seen_under("/youtube/").len(), 1);
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(site.root().join("data/vues.yaml"))
            .expect("metadata")
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o644);
    // The file it wrote is valid data: the site checks clean.
    let check = site.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn without_keys_youtube_and_vimeo_are_skipped_and_keep_their_counts() {
    let site = site();
    site.write("data/vues.yaml", &format!("{HEADER}{OLD_COUNTS}"));
    let server = ApiServer::start(every_count);
    let output = views(&site, &server, false);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stderr(&output);
    assert!(
        printed.contains("6 vidéos : 2 comptées, 4 ignorées (Vimeo : pas de jeton VIMEO_TOKEN ; YouTube : pas de clé YOUTUBE_API_KEY ; fichiers vidéo : pas de compteur)"),
        "{printed}"
    );
    assert_eq!(
        counts_file(&site),
        format!(
            "{HEADER}ardoises: {{ views: 1207, source: peertube, fetched: 2026-11-23 }}\n\
             message-clair: {{ views: 954, source: dailymotion, fetched: 2026-11-23 }}\n\
             rituel-lecture: {{ views: 100, source: youtube, fetched: 2026-01-05 }}\n"
        )
    );
    assert!(server.seen_under("/youtube/").is_empty());
    assert!(server.seen_under("/vimeo/").is_empty());
}

#[test]
fn failures_keep_the_old_counts_are_reported_and_exit_with_three() {
    let site = site();
    site.write("data/vues.yaml", &format!("{HEADER}{OLD_COUNTS}"));
    let server = ApiServer::start(|url, _| match url {
        PEERTUBE => Answer::status(404, "peertube-404.json"),
        YOUTUBE => Answer::status(429, "youtube-429.json").retry_after(0),
        FUTUR => Answer::status(404, "vimeo-404.json"),
        BROUILLON => Answer::ok("vimeo-hidden.json"),
        DAILYMOTION => Answer::ok("malformed.json"),
        _ => Answer::text(500, "route inconnue du test"),
    });
    let output = views(&site, &server, true);
    let printed = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{printed}");
    assert_eq!(counts_file(&site), format!("{HEADER}{OLD_COUNTS}"));
    for line in [
        "en échec : PeerTube (tube-cycle-2.apps.education.fr) : vidéo introuvable (404) — 1 vidéo : ardoises (garde 500 vues du 2026-01-05)",
        "en échec : YouTube : trop de requêtes (429), même après plusieurs essais — 1 vidéo : rituel-lecture (garde 100 vues du 2026-01-05)",
        "en échec : Dailymotion : réponse illisible (pas le JSON attendu) — 1 vidéo : message-clair (garde 40 vues du 2026-01-05)",
        "en échec : Vimeo : vidéo introuvable (404) — 1 vidéo : futur (aucun compte précédent)",
        "en échec : Vimeo : compteur masqué par le propriétaire de la vidéo — 1 vidéo : brouillon (aucun compte précédent)",
        "6 vidéos : 0 comptée, 1 ignorée (fichiers vidéo : pas de compteur), 5 en échec (3 gardent leur ancien compte)",
    ] {
        assert!(printed.contains(line), "missing « {line} » in:\n{printed}");
    }
    // A 429 is tried again (three times in all); a 404 is not.
    assert_eq!(server.seen_under("/youtube/").len(), 3);
    assert_eq!(server.seen_under("/peertube/").len(), 1);
}

#[test]
fn a_429_is_tried_again_after_the_retry_after_the_server_asks() {
    let site = site();
    let server = ApiServer::start(|url, times| match (url, times) {
        (PEERTUBE, 0) => Answer::status(429, "peertube-429.txt").retry_after(1),
        (url, times) => every_count(url, times),
    });
    let output = views(&site, &server, true);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(counts_file(&site).contains("ardoises: { views: 1207, source: peertube"));
    assert_eq!(server.seen_under("/peertube/").len(), 2);
}

#[test]
fn an_unreachable_host_keeps_its_counts() {
    let site = site();
    site.write("data/vues.yaml", &format!("{HEADER}{OLD_COUNTS}"));
    let server = ApiServer::start(every_count);
    // Nothing listens on port 9 (discard) of this machine's loopback.
    let output = {
        common::link_theme(site.root());
        let mut command = Command::new(env!("CARGO_BIN_EXE_capsule"));
        command
            .args(["views", "--root"])
            .arg(site.root())
            .env("SOURCE_DATE_EPOCH", NOW)
            .env("CAPSULE_VIEWS_API_BASE", &server.base)
            .env("CAPSULE_VIEWS_PEERTUBE_BASE", "http://127.0.0.1:9/{host}")
            .env_remove("YOUTUBE_API_KEY")
            .env_remove("VIMEO_TOKEN");
        command.output().expect("run capsule views")
    };
    let printed = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{printed}");
    assert!(
        printed.contains("en échec : PeerTube (tube-cycle-2.apps.education.fr) : hébergeur injoignable — 1 vidéo : ardoises (garde 500 vues du 2026-01-05)"),
        "{printed}"
    );
    assert!(counts_file(&site)
        .contains("ardoises: { views: 500, source: peertube, fetched: 2026-01-05 }"));
    assert!(counts_file(&site)
        .contains("message-clair: { views: 954, source: dailymotion, fetched: 2026-11-23 }"));
}

#[test]
fn build_and_check_never_fetch_counts() {
    let site = site();
    site.write("data/vues.yaml", &format!("{HEADER}{OLD_COUNTS}"));
    let server = ApiServer::start(every_count);
    for args in [["build"], ["check"]] {
        let output = {
            common::link_theme(site.root());
            Command::new(env!("CARGO_BIN_EXE_capsule"))
                .args(args)
                .arg("--root")
                .arg(site.root())
                .env("SOURCE_DATE_EPOCH", NOW)
                .env("CAPSULE_VIEWS_API_BASE", &server.base)
                .env("YOUTUBE_API_KEY", "cle-youtube")
                .output()
                .expect("run capsule")
        };
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    assert!(server.seen().is_empty(), "{:?}", server.seen());
    assert_eq!(counts_file(&site), format!("{HEADER}{OLD_COUNTS}"));
}

#[test]
fn content_errors_stop_views_before_any_request() {
    let site = site();
    site.write(
        "data/vues.yaml",
        "ardoises: { views: beaucoup, source: peertube, fetched: 2026-01-05 }\n",
    );
    let server = ApiServer::start(every_count);
    let output = views(&site, &server, true);
    let printed = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("`views` doit être un nombre entier positif, pas `beaucoup`"),
        "{printed}"
    );
    assert!(printed.contains("data/vues.yaml:1:"), "{printed}");
    assert!(server.seen().is_empty());
}

#[test]
fn a_refused_key_is_said_and_not_tried_again() {
    let site = site();
    let server = ApiServer::start(|url, times| match url {
        YOUTUBE => Answer::status(403, "youtube-403-quota.json"),
        _ => every_count(url, times),
    });
    let output = views(&site, &server, true);
    let printed = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{printed}");
    assert!(
        printed.contains("en échec : YouTube : accès refusé (403 : clé ou jeton refusé, quota dépassé, ou vidéo privée) — 1 vidéo : rituel-lecture (aucun compte précédent)"),
        "{printed}"
    );
    assert_eq!(server.seen_under("/youtube/").len(), 1);
    assert!(!counts_file(&site).contains("rituel-lecture"));
}

#[test]
fn the_weekly_workflow_runs_views_and_proposes_the_file() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/views.yml");
    let text = std::fs::read_to_string(&path).expect("views.yml");
    let workflow: yaml_serde::Value = yaml_serde::from_str(&text).expect("YAML");
    assert!(workflow["on"]["schedule"][0]["cron"].as_str().is_some());
    assert!(workflow["on"].get("workflow_dispatch").is_some());
    let steps = workflow["jobs"]["views"]["steps"]
        .as_sequence()
        .expect("steps");
    let fetch = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("bash scripts/run-capsule views"))
        })
        .expect("a step runs capsule views");
    assert_eq!(
        fetch["env"]["YOUTUBE_API_KEY"].as_str(),
        Some("${{ secrets.YOUTUBE_API_KEY }}")
    );
    let propose = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("peter-evans/create-pull-request@"))
        })
        .expect("a step proposes a pull request");
    assert_eq!(
        propose["with"]["add-paths"].as_str(),
        Some("data/vues.yaml")
    );
    // No secret but the optional keys: the pull request is made with the repository's token.
    let secrets: Vec<&str> = text
        .match_indices("secrets.")
        .map(|(at, _)| &text[at..])
        .collect();
    assert!(
        secrets
            .iter()
            .all(|s| s.starts_with("secrets.YOUTUBE_API_KEY")
                || s.starts_with("secrets.VIMEO_TOKEN")),
        "{secrets:?}"
    );
}
