//! End to end: whatever accepted form of video address a contributor pastes, the built page's
//! click-to-load player gets an address that plays that very video (an unlisted Vimeo keeps
//! its hash, a start time is kept), and a refused form is explained in French at its line.

mod common;

use common::{has, stderr, stdout, video, Fixture};

const UNLISTED_VIMEO: &str = "https://player.vimeo.com/video/76979871?h=8272103f6e";
const YOUTUBE_AT_42: &str = "https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjKl&t=42";

fn site_with(slug: &str, address: &str) -> Fixture {
    let site = Fixture::small();
    site.write(
        &format!("content/videos/{slug}.md"),
        &video(
            "Une vidéo à tester",
            "2026-10-05",
            address,
            "[claire]",
            "[lecture]",
            "",
        ),
    );
    site
}

fn built_page(slug: &str, address: &str) -> String {
    let site = site_with(slug, address);
    let output = site.build();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    site.page(&format!("/videos/{slug}/"))
}

#[test]
fn an_unlisted_vimeo_pasted_as_its_player_address_plays_with_its_hash() {
    let html = built_page("non-repertoriee", UNLISTED_VIMEO);
    let player = "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1&autoplay=1";
    assert!(
        has(
            &html,
            &format!("[data-player][data-kind='vimeo'][data-embed='{player}']"),
            None
        ),
        "{html}"
    );
    let page = "https://vimeo.com/76979871/8272103f6e";
    assert!(has(&html, &format!("a.player__start[href='{page}']"), None));
    assert!(has(
        &html,
        &format!(".player__host a[href='{page}']"),
        Some("Voir la vidéo sur son site")
    ));
    assert!(has(
        &html,
        "meta[name='twitter:player'][content='https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1']",
        None
    ));
}

#[test]
fn a_youtube_address_with_a_start_time_starts_there_on_the_page() {
    let html = built_page("depart-42", YOUTUBE_AT_42);
    let player = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0&start=42";
    assert!(
        has(
            &html,
            &format!("[data-player][data-kind='youtube'][data-embed='{player}']"),
            None
        ),
        "{html}"
    );
    let page = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s";
    assert!(has(&html, &format!("a.player__start[href='{page}']"), None));
    assert!(
        !html.contains("si=AbCdEfGhIjKl"),
        "the share tracker is not published"
    );
}

#[test]
fn a_youtube_channel_is_refused_in_french_at_the_line_of_the_address() {
    let site = site_with("chaine", "https://www.youtube.com/@ClassesA12");
    let output = site.run(&["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("file=content/videos/chaine.md,line=4,col=8")
            && report.contains("cette adresse YouTube est celle d'une chaîne, pas d'une vidéo")
            && report.contains("ouvrez la vidéo elle-même"),
        "{report}"
    );
}
