//! End to end: each hole the fuzzer (`tests/fuzz.rs`) found, kept as a plain case through
//! the real binary, so that it stays closed whatever the generators draw next time.

mod common;

use common::{has, stderr, stdout, video, Fixture};

/// Bytes saved by an editor in Latin-1: `é` as the single byte 0xE9.
#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_first_bad_character_in_french() {
    let site = Fixture::small();
    let text = video(
        "Ardoises",
        "2026-10-01",
        "https://vimeo.com/1",
        "[karim]",
        "[calcul]",
        "",
    );
    let mut bytes = text.replace("Résumé", "R?sum?").into_bytes();
    let at = bytes.iter().position(|&b| b == b'?').expect("a mark");
    bytes[at] = 0xE9;
    site.write_bytes("content/videos/ardoises.md", &bytes);
    let output = site.run(&["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("file=content/videos/ardoises.md,line=8,col=12::caractère illisible : le fichier n'est pas enregistré en UTF-8"),
        "{report}"
    );
    assert!(report.contains("retapez ce caractère"), "{report}");
    let human = site.run(&["check"]);
    assert!(
        stderr(&human).contains("summary: \"R\u{FFFD}sum?"),
        "the line is quoted: {}",
        stderr(&human)
    );
}

/// `{.class key=value}` after a heading used to reach the page as attributes.
#[test]
fn heading_attributes_in_a_body_never_reach_the_page() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &format!(
            "{}## Étape {{#etape .player onclick=alert(1) style=display:none}}\n",
            video(
                "Ardoises",
                "2026-10-01",
                "https://vimeo.com/1",
                "[karim]",
                "[calcul]",
                ""
            )
        ),
    );
    let output = site.build();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = site.page("/videos/ardoises/");
    assert!(has(&html, ".prose h2#etape", Some("Étape")), "{html}");
    assert!(!has(&html, ".prose [onclick]", None), "{html}");
    assert!(
        !has(&html, ".prose .player, .prose [style]", None),
        "{html}"
    );
}

/// Raw HTML nested 40 000 deep took 6 s to sanitise, 200 000 deep minutes: a body has a
/// bound, reported at its first line, alongside the front matter's own problems.
#[test]
fn an_overlong_body_is_refused_at_its_first_line_with_the_other_problems() {
    let site = Fixture::small();
    let front = video(
        "Ardoises",
        "2026-10-01",
        "https://vimeo.com/1",
        "[karim]",
        "[calcul]",
        "couleur: bleu\n",
    );
    let front = front.trim_end_matches("Corps de la vidéo **Ardoises**.\n");
    site.write(
        "content/videos/ardoises.md",
        &format!("{front}{}", "<div>".repeat(10_001)),
    );
    let output = site.run(&["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("file=content/videos/ardoises.md,line=11,col=1::le texte sous l'en-tête fait 50005 caractères, le maximum est 50000"),
        "{report}"
    );
    assert!(
        report.contains("clé inconnue pour une vidéo : `couleur`"),
        "{report}"
    );
}

#[test]
fn an_overlong_transcript_is_refused_at_its_key() {
    let site = Fixture::small();
    site.write(
        "content/videos/ardoises.md",
        &video(
            "Ardoises",
            "2026-10-01",
            "https://vimeo.com/1",
            "[karim]",
            "[calcul]",
            &format!("transcript: \"{}\"\n", "> ".repeat(25_001)),
        ),
    );
    let output = site.run(&["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("file=content/videos/ardoises.md,line=9,col=1::`transcript` fait 50002 caractères, le maximum est 50000"),
        "{report}"
    );
}
