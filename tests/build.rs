//! End to end: `capsule build` on small sites in temp dirs, asserting on what visitors,
//! crawlers and hosts get.

mod common;

use common::{has, stderr, tree, Fixture};

fn built() -> Fixture {
    let site = Fixture::small();
    let output = site.build();
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    site
}

#[test]
fn every_page_kind_of_the_contract_exists() {
    let site = built();
    for path in [
        "/",
        "/videos/",
        "/videos/page/2/",
        "/videos/rituel-lecture/",
        "/themes/",
        "/themes/lecture/",
        "/contributeurs/",
        "/contributeurs/claire/",
        "/niveaux/",
        "/niveaux/cp/",
        "/evenements/",
        "/evenements/focus-fluence/",
        "/recherche/",
        "/indicateurs/",
        "/a-propos/",
        "/404.html",
        "/sitemap.xml",
        "/robots.txt",
        "/_redirects",
    ] {
        let html = site.page(path);
        assert!(!html.is_empty(), "{path} is empty");
    }
}

#[test]
fn every_page_has_the_common_frame() {
    let site = built();
    for path in [
        "/",
        "/videos/",
        "/videos/ardoises/",
        "/themes/",
        "/contributeurs/karim/",
        "/evenements/",
        "/a-propos/",
        "/recherche/",
        "/indicateurs/",
    ] {
        let html = site.page(path);
        assert!(
            html.to_lowercase().starts_with("<!doctype html>") && has(&html, "html[lang=fr]", None),
            "{path}: lang"
        );
        assert!(html.contains("<title>"), "{path}: title");
        assert!(
            has(&html, "meta[name=description][content]", None),
            "{path}: description"
        );
        assert!(
            has(&html, "link[rel=canonical][href]", None),
            "{path}: canonical"
        );
        assert!(
            has(&html, "a.skip-link[href='#contenu']", None),
            "{path}: skip link"
        );
        assert!(has(&html, "form[role=search]", None), "{path}: search box");
        assert!(html.contains("Navigation principale"), "{path}: navigation");
        assert!(html.contains("<footer"), "{path}: footer");
        assert!(
            has(
                &html,
                "meta[name=referrer][content=strict-origin-when-cross-origin]",
                None
            ),
            "{path}: referrer"
        );
    }
    let canonical = site.page("/videos/ardoises/");
    assert!(has(
        &canonical,
        "link[rel=canonical][href='https://test.example.org/videos/ardoises/']",
        None
    ));
}

#[test]
fn home_shows_newest_videos_upcoming_events_and_themes() {
    let site = built();
    let home = site.page("/");
    let newest = home
        .find("Calcul mental avec les ardoises")
        .expect("newest video");
    let older = home.find("Le rituel de lecture").expect("older video");
    assert!(newest < older, "newest first");
    assert!(home.contains("Focus fluence"), "upcoming event");
    assert!(
        !home.contains("Défi d'automne"),
        "past event not in upcoming"
    );
    assert!(
        home.contains("Mathématiques") && home.contains("Français"),
        "theme groups"
    );
}

#[test]
fn drafts_and_future_videos_are_left_out_unless_asked() {
    let site = built();
    assert!(!site.public().join("videos/futur").exists());
    assert!(!site.public().join("videos/brouillon").exists());
    let output = site.run(&["build", "--drafts", "--future"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.page("/videos/futur/").contains("Une vidéo du futur"));
    assert!(site.page("/videos/brouillon/").contains("Un brouillon"));
}

#[test]
fn video_lists_are_paginated_newest_first() {
    let site = built();
    let first = site.page("/videos/");
    let second = site.page("/videos/page/2/");
    assert!(
        first.contains("Calcul mental avec les ardoises") && first.contains("Le rituel de lecture")
    );
    assert!(second.contains("Fluence à deux"));
    assert!(has(&first, "a[rel=next][href='/videos/page/2/']", None));
    assert!(has(&second, "a[rel=prev][href='/videos/']", None));
    assert!(!site.public().join("videos/page/3").exists());
}

#[test]
fn video_page_has_a_click_to_load_player_and_everything_about_the_video() {
    let site = built();
    let html = site.page("/videos/rituel-lecture/");
    assert!(
        has(
            &html,
            "[data-player][data-embed='https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0']",
            None
        ),
        "{html}"
    );
    assert!(!html.contains("<iframe"), "no embed before the click");
    assert!(
        has(
            &html,
            "a[href='https://www.youtube.com/watch?v=dQw4w9WgXcQ']",
            None
        ),
        "plain link to the video's page on its host"
    );
    assert!(html.contains("14 septembre 2026"), "French date");
    assert!(html.contains("1 min 45 s"));
    assert!(
        html.contains("Transcription de la vidéo") && html.contains("Bonjour, voici notre rituel.")
    );
    assert!(has(
        &html,
        "a[href='/contributeurs/claire/']",
        Some("Claire Martin")
    ));
    assert!(has(&html, "a[href='/themes/lecture/']", Some("Lecture")));
    assert!(has(&html, "a[href='/niveaux/cp/']", Some("CP")));
    assert!(html.contains("Corps de la vidéo <strong>Le rituel de lecture</strong>"));
    assert!(
        html.contains("Vidéos proches") && html.contains("Fluence à deux"),
        "related videos"
    );
}

#[test]
fn a_file_video_carries_its_captions_and_its_bundle_files_are_published() {
    let site = built();
    let html = site.page("/videos/fluence/");
    assert!(has(
        &html,
        "[data-file='https://media.example.org/fluence.mp4']",
        None
    ));
    assert!(has(
        &html,
        "[data-captions='/videos/fluence/sous-titres.vtt']",
        None
    ));
    assert!(has(&html, "img[src='/videos/fluence/vignette.jpg']", None));
    assert!(site.public().join("videos/fluence/vignette.jpg").is_file());
    assert!(site
        .public()
        .join("videos/fluence/sous-titres.vtt")
        .is_file());
    assert!(html.contains("Focus fluence"), "the event presenting it");
}

#[test]
fn no_page_loads_anything_from_another_origin() {
    let site = built();
    for (path, bytes) in tree(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        for attribute in ["src=http", "src=\"http", "src=//", "href=//"] {
            assert!(!html.contains(attribute), "{path} loads {attribute}");
        }
        assert!(!html.contains("<iframe"), "{path} embeds before a click");
        let stylesheets = html.matches("rel=stylesheet").count();
        assert!(stylesheets <= 1, "{path}");
    }
}

#[test]
fn topics_contributors_levels_and_events_pages() {
    let site = built();
    let topics = site.page("/themes/");
    assert!(topics.find("Français").expect("group") < topics.find("Mathématiques").expect("group"));
    let topic = site.page("/themes/lecture/");
    assert!(topic.contains("Lire, c’est <strong>grandir</strong>"));
    assert!(topic.contains("Le rituel de lecture") && topic.contains("Fluence à deux"));
    let profile = site.page("/contributeurs/claire/");
    assert!(profile.contains("professeure des écoles") && profile.contains("académie de Lille"));
    assert!(profile.contains("Claire enseigne en CP."));
    assert!(has(
        &profile,
        "a[href='https://mastodon.example/@claire']",
        None
    ));
    assert!(profile.contains("Focus fluence"), "events they facilitate");
    assert!(site.page("/contributeurs/").contains("Karim Benali"));
    let level = site.page("/niveaux/ce2/");
    assert!(
        level.contains("Calcul mental avec les ardoises")
            && !level.contains("Le rituel de lecture")
    );
    let events = site.page("/evenements/");
    let upcoming = events.find("Focus fluence").expect("upcoming");
    let past = events
        .find("Défi d&#39;automne")
        .or_else(|| events.find("Défi d'automne"))
        .expect("past");
    assert!(upcoming < past, "upcoming before past");
    let event = site.page("/evenements/focus-fluence/");
    assert!(
        event.contains("mercredi 9 décembre 2026 de 17 h 00 à 18 h 00"),
        "{event}"
    );
    assert!(
        has(&event, "a[href='/contributeurs/claire/']", None),
        "facilitator linked"
    );
    assert!(
        has(&event, "a[href='/videos/fluence/']", None),
        "focus links its video"
    );
    assert!(has(
        &event,
        "a[href^='https://inscription.example.org']",
        None
    ));
}

#[test]
fn indicators_draw_charts_with_text_alternatives() {
    let site = built();
    let html = site.page("/indicateurs/");
    assert!(html.contains("<svg"), "charts");
    assert!(has(&html, "svg[role=img]", None));
    assert!(html.contains("<table>"), "data table alternative");
    assert!(html.contains("<strong>3</strong> vidéos"), "{html}");
    assert!(html.contains("<strong>1</strong> événements tenus"));
}

#[test]
fn sitemap_robots_and_redirects() {
    let site = built();
    let sitemap = site.page("/sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://test.example.org/videos/rituel-lecture/</loc><lastmod>2026-09-14</lastmod>"
    ));
    assert!(!sitemap.contains("404"));
    assert!(site
        .page("/robots.txt")
        .contains("Sitemap: https://test.example.org/sitemap.xml"));
    assert_eq!(
        site.page("/_redirects"),
        "/video/ancien-rituel/  /videos/rituel-lecture/  301\n"
    );
    let alias = site.page("/video/ancien-rituel/");
    assert!(alias.contains("url=https://test.example.org/videos/rituel-lecture/"));
}

#[test]
fn assets_carry_a_content_hash() {
    let site = built();
    let assets: Vec<String> = std::fs::read_dir(site.public().join("assets"))
        .expect("assets")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        assets.iter().any(|name| name.starts_with("style.")
            && name.ends_with(".css")
            && name.len() == "style.0123456789.css".len()),
        "{assets:?}"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = built();
    let first = tree(&site.public());
    let output = site.run(&[
        "build",
        "--output",
        site.root().join("again").to_str().expect("utf-8"),
    ]);
    assert!(output.status.success());
    let second = tree(&site.root().join("again"));
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs", a.0);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = built();
    let before = tree(&site.public());
    site.write("content/videos/casse.md", "---\ntitle: Cassée\n---\n");
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(tree(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("root")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder removed");
}

#[test]
fn output_and_base_url_options() {
    let site = Fixture::small();
    let out = site.root().join("ailleurs");
    let output = site.run(&[
        "build",
        "--output",
        out.to_str().expect("utf-8"),
        "--base-url",
        "https://preview.example.net/sous/",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(out.join("videos/ardoises/index.html")).expect("page");
    assert!(has(
        &html,
        "link[rel=canonical][href='https://preview.example.net/sous/videos/ardoises/']",
        None
    ));
    assert!(
        has(&html, "a[href='/sous/themes/calcul/']", None),
        "links carry the base path"
    );
}

#[test]
fn hostile_text_never_reaches_a_page_as_markup() {
    let site = Fixture::small();
    let attack = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    site.write(
        "content/videos/hostile.md",
        &format!(
            "---\ntitle: \"{attack}\"\ndate: 2026-10-02\nvideo: https://vimeo.com/1\nduration: \"1:00\"\ncontributors: [claire]\nthemes: [lecture]\nsummary: \"{attack}\"\n---\nCorps {attack} [clic](javascript:alert(3))\n"
        ),
    );
    site.write(
        "content/contributors/karim.md",
        &format!("---\nname: \"Karim {attack}\"\nrole: conseiller\n---\nBio {attack}\n"),
    );
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    for (path, bytes) in tree(&site.public()) {
        if !path.ends_with(".html") {
            continue; // data files (search index, feeds) carry the text as data, checked by their own tests
        }
        let document = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let select = |css: &str| scraper::Selector::parse(css).expect("selector");
        for script in document.select(&select("script:not([type=\"application/ld+json\"])")) {
            assert!(
                !script.inner_html().contains("alert"),
                "{path} runs injected script"
            );
        }
        for data in document.select(&select("script[type=\"application/ld+json\"]")) {
            let json = data.text().collect::<String>();
            assert!(
                serde_json::from_str::<serde_json::Value>(&json).is_ok(),
                "{path}: JSON-LD closed early: {json}"
            );
        }
        assert_eq!(
            document.select(&select("[onerror]")).count(),
            0,
            "{path} carries an event handler"
        );
        assert_eq!(
            document.select(&select("img[src=x]")).count(),
            0,
            "{path} carries an injected image"
        );
        assert_eq!(
            document.select(&select("a[href^=javascript]")).count(),
            0,
            "{path} carries a javascript: link"
        );
    }
    let page = scraper::Html::parse_document(&site.page("/videos/hostile/"));
    let h1 = page
        .select(&scraper::Selector::parse("h1").expect("h1"))
        .next()
        .expect("h1")
        .text()
        .collect::<String>();
    assert_eq!(h1, attack, "shown as text");
}

/// A page as a browser builds it: parsed by html5ever and serialized (`<noscript>`
/// content parsed too), white space between tags dropped and other runs made one space
/// (the template minifier keeps white space next to template tags; minify-html is no
/// normalizer: minifying its own output drops more end tags).
fn normalized(html: &[u8]) -> String {
    let document = scraper::Html::parse_document(&String::from_utf8_lossy(html));
    let mut serialized = document.root_element().html();
    let noscript = scraper::Selector::parse("noscript").expect("selector");
    for element in document.select(&noscript) {
        let inner = element.inner_html();
        let parsed = scraper::Html::parse_fragment(&element.text().collect::<String>());
        serialized = serialized.replace(&inner, &parsed.root_element().html());
    }
    let collapsed = serialized.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("> <", "><")
}

#[test]
fn pages_from_minified_templates_equal_pages_minified_one_by_one() {
    let site = Fixture::copy_of("catalogue");
    common::link_theme(site.root());
    let root = site.root();
    let fast = tempfile::tempdir().expect("temp dir");
    let reference = tempfile::tempdir().expect("temp dir");
    for (output, minify_each_page) in [(fast.path(), false), (reference.path(), true)] {
        let options = capsule::BuildOptions {
            root: root.to_path_buf(),
            output: output.join("public"),
            base_url: None,
            drafts: false,
            future: false,
            minify_each_page,
            force_output: false,
            cache: output.join("cache"),
        };
        capsule::build(&options).expect("test catalogue builds");
    }
    let fast = tree(&fast.path().join("public"));
    let reference = tree(&reference.path().join("public"));
    let names =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fast), names(&reference));
    let (mut fast_bytes, mut reference_bytes) = (0, 0);
    for ((name, ours), (_, theirs)) in fast.iter().zip(&reference) {
        if name.ends_with(".html") {
            assert_eq!(normalized(ours), normalized(theirs), "{name}");
            fast_bytes += ours.len();
            reference_bytes += theirs.len();
        } else {
            assert!(ours == theirs, "{name} differs");
        }
    }
    // Quotes kept around values that come from templates, end tags kept, Markdown as
    // pulldown-cmark writes it: measured +4 % raw on the test catalogue.
    assert!(
        fast_bytes * 100 <= reference_bytes * 106,
        "pages from minified templates are at most 6 % larger: {fast_bytes} vs {reference_bytes}"
    );
}

#[test]
fn a_theme_the_template_minifier_cannot_keep_is_minified_page_by_page() {
    let site = Fixture::small();
    common::link_theme(site.root());
    let base = site.root().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).expect("base.html");
    let old = r#"aria-current="{% if meta.path is starting_with(pat=item.path) %}page{% else %}false{% endif %}""#;
    assert!(text.contains(old), "the default theme's menu link changed");
    // The classic spelling: a statement inside the tag's attribute list.
    let classic =
        r#"{% if meta.path is starting_with(pat=item.path) %}aria-current="page"{% endif %}"#;
    std::fs::write(&base, text.replace(old, classic)).expect("write");
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = site.page("/videos/");
    assert!(
        has(&page, "a[href='/videos/'][aria-current=page]", None),
        "the statement still works"
    );
    assert!(!has(&page, "a[href='/themes/'][aria-current]", None));
    assert!(!page.contains("\n  "), "the page is minified all the same");
}

/// The text of every element matching `css`, in document order.
fn texts(html: &str, css: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).expect("selector");
    document
        .select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn lists_follow_french_alphabetical_order() {
    let site = Fixture::small();
    for (id, title, group) in [
        ("vocabulaire", "Vocabulaire", "Français"),
        ("ecriture", "Écriture", "Français"),
        ("espace", "Espace", "Français"),
        ("musique", "Chant", "Éducation musicale"),
        ("conseil", "Conseil", "Vie de la classe"),
    ] {
        site.write(
            &format!("content/themes/{id}.md"),
            &format!("---\ntitle: {title}\ngroup: {group}\n---\n"),
        );
    }
    for (id, name) in [
        ("zoe", "Zoé Roux"),
        ("emilie", "Émilie Dubois"),
        ("denis", "Denis Petit"),
    ] {
        site.write(
            &format!("content/contributors/{id}.md"),
            &format!("---\nname: {name}\nrole: professeur des écoles\n---\n"),
        );
    }
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let topics = site.page("/themes/");
    assert_eq!(
        texts(&topics, "main h2"),
        [
            "Éducation musicale",
            "Français",
            "Mathématiques",
            "Vie de la classe"
        ]
    );
    assert_eq!(
        texts(&topics, ".topic-list li > a"),
        [
            "Chant",
            "Écriture",
            "Espace",
            "Lecture",
            "Vocabulaire",
            "Calcul mental",
            "Conseil"
        ]
    );
    assert_eq!(
        texts(&site.page("/contributeurs/"), ".person__text > a"),
        [
            "Claire Martin",
            "Denis Petit",
            "Émilie Dubois",
            "Karim Benali",
            "Zoé Roux"
        ]
    );
}

#[test]
fn de_is_elided_before_a_vowel_in_what_the_site_writes() {
    let site = Fixture::small();
    site.write(
        "content/contributors/karim.md",
        "---\nname: Karim Benali\nrole: conseiller pédagogique\nacademie: Aix-Marseille\n---\n",
    );
    site.write(
        "content/contributors/anne.md",
        "---\nname: Anne Roy\nrole: IEN\nacademie: Orléans-Tours\n---\n",
    );
    site.write(
        "content/videos/anne.md",
        &common::video(
            "Une vidéo d'Anne",
            "2025-08-01",
            "https://vimeo.com/5",
            "[anne]",
            "[lecture]",
            "",
        ),
    );
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let roles = |path: &str, css: &str| texts(&site.page(path), css).join(" | ");
    let karim = roles("/contributeurs/karim/", ".profile__role");
    assert_eq!(karim, "conseiller pédagogique, académie d'Aix-Marseille");
    assert_eq!(
        roles("/contributeurs/claire/", ".profile__role"),
        "professeure des écoles, académie de Lille"
    );
    assert!(
        roles("/videos/ardoises/", ".person__role").contains("académie d'Aix-Marseille"),
        "the person card too"
    );
    assert!(roles("/videos/anne/", ".person__role").contains("académie d'Orléans-Tours"));
    let period = texts(&site.page("/indicateurs/"), "main p")
        .into_iter()
        .find(|p| p.ends_with("à octobre 2026."))
        .unwrap_or_default();
    assert_eq!(
        period, "D'août 2025 à octobre 2026.",
        "a sentence opening with « de »"
    );
    let feed = site.page("/contributeurs/anne/feed.xml");
    let feed = feed_rs::parser::parse(feed.as_bytes()).expect("feed");
    assert_eq!(
        feed.description.map(|d| d.content).as_deref(),
        Some("Les vidéos d'Anne Roy, IEN.")
    );
}

/// The site with one line of one of its theme's templates replaced.
fn broken_theme(template: &str, old: &str, new: &str) -> (Fixture, usize) {
    let site = Fixture::small();
    common::link_theme(site.root());
    let path = site.root().join("themes/default/templates").join(template);
    let text = std::fs::read_to_string(&path).expect("template");
    assert!(text.contains(old), "{template} changed: {old}");
    let line = text[..text.find(old).expect("found")].matches('\n').count() + 1;
    std::fs::write(&path, text.replacen(old, new, 1)).expect("write");
    (site, line)
}

#[test]
fn a_template_syntax_error_is_reported_in_the_file_as_written() {
    let (site, line) = broken_theme(
        "events.html",
        "{% for event in page.upcoming %}",
        "{% for event in page.upcoming %",
    );
    assert!(line > 1, "the error is past the first line");
    let output = site.build();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("themes/default/templates/events.html:{line}:")),
        "line {line} of the file as written: {message}"
    );
    let quoted = message
        .lines()
        .find(|l| l.contains(&format!("{line} | ")))
        .unwrap_or_else(|| panic!("the line is quoted: {message}"));
    assert!(
        quoted.len() < 400,
        "the theme's line, not the whole minified template: {quoted}"
    );
    assert!(!site.public().exists(), "nothing written");
}

#[test]
fn a_template_rendering_error_is_reported_in_the_file_as_written() {
    // `round` on a text: an error only when a page shows a person.
    let (site, line) = broken_theme(
        "partials/person.html",
        "{{ person.role }}",
        "{{ person.role | round }}",
    );
    let output = site.build();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "themes/default/templates/partials/person.html:{line}:"
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!("{line} |   <span class=\"person__text\">")),
        "the line as written, indentation included: {message}"
    );
    assert!(
        message.contains("called from themes/default/templates/"),
        "{message}"
    );

    let (site, line) = broken_theme(
        "partials/person.html",
        "{{ person.role }}",
        "{{ person.role | no_such_filter }}",
    );
    let output = site.build();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "themes/default/templates/partials/person.html:{line}:"
        )),
        "an unknown filter, found when the theme is loaded: {}",
        stderr(&output)
    );
}
