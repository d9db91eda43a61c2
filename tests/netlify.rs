//! End to end: `netlify.toml` fits the site it serves: cache rules against a built site's
//! files, the CSP against `site.yaml`'s video hosts, the build and preview commands against
//! real builds (previews never indexed, production indexed).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use capsule::catalog::video_source::VideoSource;
use capsule::config::Config;
use capsule::diagnostics::Source;
use common::{read, repository, stderr, Fixture};

fn netlify() -> toml::Table {
    let text = read(&repository().join("netlify.toml"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("netlify.toml: {e}"))
}

fn string<'a>(table: &'a toml::Table, path: &[&str]) -> &'a str {
    let mut value: Option<&toml::Value> = None;
    let mut current = table;
    for key in path {
        value = current.get(*key);
        if let Some(toml::Value::Table(next)) = value {
            current = next;
        }
    }
    value
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("netlify.toml has no string at {}", path.join(".")))
}

/// `(for, name, value)` of every `[[headers]]` value.
fn header_rules(netlify: &toml::Table) -> Vec<(String, String, String)> {
    let rules = netlify
        .get("headers")
        .and_then(toml::Value::as_array)
        .expect("[[headers]]");
    let mut out = Vec::new();
    for rule in rules {
        let path = rule.get("for").and_then(toml::Value::as_str).expect("for");
        let values = rule
            .get("values")
            .and_then(toml::Value::as_table)
            .expect("values");
        for (name, value) in values {
            out.push((
                path.to_string(),
                name.to_string(),
                value.as_str().expect("a string header").to_string(),
            ));
        }
    }
    out
}

/// The one value of header `name` set on every path (`/*`).
fn site_wide(netlify: &toml::Table, name: &str) -> String {
    let values: Vec<String> = header_rules(netlify)
        .into_iter()
        .filter(|(path, n, _)| path == "/*" && n == name)
        .map(|(_, _, v)| v)
        .collect();
    assert_eq!(
        values.len(),
        1,
        "netlify.toml must set {name} once on \"/*\""
    );
    values.into_iter().next().expect("one")
}

/// Netlify's `for` matching: case-insensitive, `*` matches any characters (slashes too), a
/// trailing slash is optional.
fn netlify_matches(rule: &str, path: &str) -> bool {
    fn glob(pattern: &[u8], text: &[u8]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some((b'*', rest)) => (0..=text.len()).any(|skip| glob(rest, &text[skip..])),
            Some((c, rest)) => text.first() == Some(c) && glob(rest, &text[1..]),
        }
    }
    let (rule, path) = (rule.to_lowercase(), path.to_lowercase());
    glob(rule.as_bytes(), path.as_bytes())
        || glob(rule.as_bytes(), path.trim_end_matches('/').as_bytes())
}

/// The CSP's directives: name → sources.
fn csp_directives(csp: &str) -> Vec<(String, Vec<String>)> {
    csp.split(';')
        .map(str::split_whitespace)
        .filter_map(|mut words| {
            Some((
                words.next()?.to_string(),
                words.map(str::to_string).collect(),
            ))
        })
        .collect()
}

fn directive(csp: &str, name: &str) -> Vec<String> {
    let found: Vec<Vec<String>> = csp_directives(csp)
        .into_iter()
        .filter(|(n, _)| n == name)
        .map(|(_, s)| s)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "the CSP must have one `{name}` directive: {csp}"
    );
    found.into_iter().next().expect("one")
}

/// The origins the site frames after a click: the three fixed players, then one per
/// `peertube_hosts` entry of the repository's `site.yaml`, as the code computes them.
fn video_origins() -> BTreeSet<String> {
    let path = repository().join("site.yaml");
    let source = Source::new(repository(), &path, read(&path));
    let config = Config::parse(&source, None).unwrap_or_else(|e| panic!("site.yaml: {e:?}"));
    let mut pages = vec![
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ".to_string(),
        "https://vimeo.com/123456".to_string(),
        "https://www.dailymotion.com/video/x8abc12".to_string(),
    ];
    pages.extend(
        config
            .peertube_hosts
            .iter()
            .map(|host| format!("https://{host}/w/9xFq2kLmN3pQ7rT5")),
    );
    pages
        .iter()
        .map(|page| {
            VideoSource::parse(page, &config.peertube_hosts)
                .expect(page)
                .embed()
                .origin
        })
        .collect()
}

#[test]
fn netlify_builds_with_run_capsule_and_previews_with_their_own_address_and_drafts() {
    let netlify = netlify();
    assert_eq!(
        string(&netlify, &["build", "command"]),
        "bash scripts/run-capsule build"
    );
    assert_eq!(string(&netlify, &["build", "publish"]), "public");
    for context in ["deploy-preview", "branch-deploy"] {
        let command = string(&netlify, &["context", context, "command"]);
        assert!(
            command.starts_with("bash scripts/run-capsule build "),
            "{context}: {command}"
        );
        assert!(
            command.contains(r#"--base-url "$DEPLOY_PRIME_URL""#),
            "{context}: {command}"
        );
        assert!(command.contains(" --drafts"), "{context}: {command}");
    }
}

/// The arguments a shell gives capsule through `bash scripts/run-capsule` in `command`,
/// `$VAR`s replaced.
fn capsule_arguments(command: &str, variables: &[(&str, &str)]) -> Vec<String> {
    let mut command = command.to_string();
    for (name, value) in variables {
        command = command.replace(&format!("${name}"), value);
    }
    let mut words: Vec<String> = Vec::new();
    let mut quoted = false;
    let mut word: Option<String> = None;
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    assert_eq!(words[..2], ["bash", "scripts/run-capsule"], "{command}");
    words.split_off(2)
}

#[test]
fn the_preview_command_builds_drafts_linked_to_the_preview_address() {
    let preview = "https://deploy-preview-42--capsule.netlify.app";
    let command = string(&netlify(), &["context", "deploy-preview", "command"]).to_string();
    let mut args = capsule_arguments(&command, &[("DEPLOY_PRIME_URL", preview)]);
    let site = Fixture::small();
    let output_dir = site.root().join("preview");
    args.extend(["--output".to_string(), output_dir.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = site.run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let draft = read(&output_dir.join("videos/brouillon/index.html"));
    assert!(
        draft.contains(&format!("{preview}/videos/brouillon/")),
        "the draft's canonical link is the preview's"
    );
}

#[test]
fn netlify_security_headers_fit_the_players_of_site_yaml() {
    let netlify = netlify();
    let csp = site_wide(&netlify, "Content-Security-Policy");
    let expected = video_origins();
    let framed: BTreeSet<String> = directive(&csp, "frame-src").into_iter().collect();
    assert_eq!(
        framed, expected,
        "netlify.toml: the CSP frame-src must list exactly the video players, https://www.youtube-nocookie.com \
         https://player.vimeo.com https://www.dailymotion.com and https://HOST for each peertube_hosts entry of \
         site.yaml. When peertube_hosts changes, update frame-src and the autoplay, fullscreen and \
         picture-in-picture allowlists of Permissions-Policy in netlify.toml."
    );
    assert_eq!(directive(&csp, "default-src"), ["'self'"]);
    for name in ["script-src", "style-src"] {
        assert_eq!(
            directive(&csp, name),
            ["'self'"],
            "{name}: no 'unsafe-inline', no 'unsafe-eval'"
        );
    }
    for (name, sources) in [
        ("connect-src", vec!["'self'"]),
        ("base-uri", vec!["'self'"]),
        ("form-action", vec!["'self'"]),
        ("frame-ancestors", vec!["'self'"]),
        ("object-src", vec!["'none'"]),
    ] {
        assert_eq!(directive(&csp, name), sources, "{name}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");

    let permissions = site_wide(&netlify, "Permissions-Policy");
    for feature in ["autoplay", "fullscreen", "picture-in-picture"] {
        let allowed = permission(&permissions, feature);
        let origins: BTreeSet<String> = allowed.iter().filter(|o| *o != "self").cloned().collect();
        assert!(
            allowed.contains(&"self".to_string()),
            "{feature} must allow self"
        );
        assert_eq!(origins, expected, "netlify.toml: Permissions-Policy {feature} must allow self and exactly the video players of frame-src");
    }
    for feature in [
        "camera",
        "microphone",
        "geolocation",
        "interest-cohort",
        "browsing-topics",
        "payment",
        "usb",
    ] {
        assert!(
            permission(&permissions, feature).is_empty(),
            "{feature} must be denied: {permissions}"
        );
    }
    assert_eq!(
        site_wide(&netlify, "Referrer-Policy"),
        "strict-origin-when-cross-origin",
        "YouTube refuses embeds without a referrer"
    );
    assert_eq!(site_wide(&netlify, "X-Content-Type-Options"), "nosniff");
}

/// The allowlist of `feature` in a Permissions-Policy: `self` and origins, unquoted.
fn permission(policy: &str, feature: &str) -> Vec<String> {
    let entry = policy
        .split(',')
        .map(str::trim)
        .find_map(|entry| entry.strip_prefix(feature)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("Permissions-Policy has no `{feature}`: {policy}"));
    let list = entry
        .strip_prefix('(')
        .and_then(|e| e.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{feature}={entry}"));
    list.split_whitespace()
        .map(|o| o.trim_matches('"').to_string())
        .collect()
}

/// Every served file of a built site, as the path a browser requests (`/videos/x/` for
/// `videos/x/index.html`).
fn request_paths(public: &Path) -> Vec<String> {
    common::tree(public)
        .into_iter()
        .map(|(rel, _)| rel.replace('\\', "/"))
        .filter(|rel| rel != "_redirects")
        .map(|rel| match rel.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{rel}"),
        })
        .collect()
}

/// A built asset's name carries a content hash: `name.0123456789.ext`, or a file in a
/// `search-0123456789/` folder.
fn is_hashed(path: &str) -> bool {
    let is_hash = |s: &str| s.len() == 10 && s.bytes().all(|b| b.is_ascii_hexdigit());
    path.split('/').any(|part| {
        part.strip_prefix("search-").is_some_and(is_hash) || part.split('.').any(is_hash)
    })
}

#[test]
fn netlify_cache_rules_fit_a_built_site() {
    let site = Fixture::small();
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let rules: Vec<(String, String)> = header_rules(&netlify())
        .into_iter()
        .filter(|(_, name, _)| name == "Cache-Control")
        .map(|(path, _, value)| (path, value))
        .collect();
    let paths = request_paths(&site.public());
    assert!(
        paths.iter().any(|p| p.starts_with("/assets/"))
            && paths.iter().any(|p| p.starts_with("/search/"))
    );
    for path in &paths {
        let matching: Vec<&(String, String)> = rules
            .iter()
            .filter(|(rule, _)| netlify_matches(rule, path))
            .collect();
        assert!(
            matching.len() <= 1,
            "{path} gets Cache-Control from several rules of netlify.toml: {matching:?}"
        );
        let cache = matching.first().map(|(_, value)| value.as_str());
        if path.starts_with("/assets/") {
            assert!(
                is_hashed(path),
                "{path} is served as immutable but its name has no content hash"
            );
            assert_eq!(cache, Some("public, max-age=31536000, immutable"), "{path}");
        } else if path.ends_with(".xml") || path.ends_with(".ics") || path == "/search/meta.json" {
            assert_eq!(cache, Some("public, max-age=0, must-revalidate"), "{path}");
        } else if path.starts_with("/search/") {
            assert_eq!(
                cache,
                Some("public, max-age=86400"),
                "{path}: fetched with ?v=<build>"
            );
        } else {
            assert_eq!(
                cache, None,
                "{path} keeps Netlify's default (max-age=0, must-revalidate)"
            );
        }
    }
    assert!(
        site.public().join("404.html").is_file(),
        "Netlify serves /404.html for unknown paths"
    );
    assert!(
        read(&site.public().join("_redirects")).contains("/video/ancien-rituel/"),
        "aliases reach Netlify"
    );
}

#[test]
fn built_pages_run_under_the_netlify_csp() {
    let site = Fixture::small();
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let csp = site_wide(&netlify(), "Content-Security-Policy");
    let framed: BTreeSet<String> = directive(&csp, "frame-src").into_iter().collect();
    let scripts = scraper::Selector::parse("script").expect("selector");
    let styled = scraper::Selector::parse("style, [style]").expect("selector");
    let players = scraper::Selector::parse("[data-embed], [data-file]").expect("selector");
    let mut embeds = 0;
    for path in request_paths(&site.public())
        .iter()
        .filter(|p| p.ends_with('/') || p.ends_with(".html"))
    {
        let html = scraper::Html::parse_document(&site.page(path));
        for script in html.select(&scripts) {
            let element = script.value();
            let data_only = element.attr("type") == Some("application/ld+json");
            let local = element.attr("src").is_some_and(|src| src.starts_with('/'));
            assert!(
                data_only || local,
                "{path}: script-src 'self' blocks {}",
                script.html()
            );
        }
        assert!(
            html.select(&styled).next().is_none(),
            "{path}: style-src 'self' blocks inline styles"
        );
        let handlers = html
            .root_element()
            .descendent_elements()
            .filter(|e| e.value().attrs().any(|(name, _)| name.starts_with("on")))
            .count();
        assert_eq!(
            handlers, 0,
            "{path}: script-src 'self' blocks inline event handlers"
        );
        for player in html.select(&players) {
            embeds += 1;
            // Attributes a player kind does not use are present but empty.
            let used = |name| player.value().attr(name).filter(|v| !v.is_empty());
            if let Some(embed) = used("data-embed") {
                let origin = url::Url::parse(embed)
                    .expect("embed URL")
                    .origin()
                    .ascii_serialization();
                assert!(
                    framed.contains(&origin),
                    "{path}: {origin} is not in the CSP frame-src"
                );
            }
            if let Some(file) = used("data-file") {
                assert!(
                    file.starts_with("https://"),
                    "{path}: media-src allows https: only"
                );
            }
        }
    }
    assert!(embeds >= 3, "the sample site's players were not found");
}

/// The site built by the command of a Netlify context (`None`: production), into `output`.
fn build_as_netlify(site: &Fixture, context: Option<&str>, output: &Path) {
    let netlify = netlify();
    let command = match context {
        Some(context) => string(&netlify, &["context", context, "command"]),
        None => string(&netlify, &["build", "command"]),
    };
    let preview = "https://deploy-preview-42--capsule.netlify.app";
    let mut args = capsule_arguments(command, &[("DEPLOY_PRIME_URL", preview)]);
    args.extend(["--output".to_string(), output.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = site.run(&args);
    assert!(result.status.success(), "{context:?}: {}", stderr(&result));
}

/// `(path rule, header name, value)` of a Netlify `_headers` file.
fn netlify_headers_file(text: &str) -> Vec<(String, String, String)> {
    let mut rules = Vec::new();
    let mut path = None;
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            path = Some(line.trim().to_string());
        } else if let (Some(path), Some((name, value))) = (&path, line.trim().split_once(':')) {
            rules.push((
                path.clone(),
                name.trim().to_string(),
                value.trim().to_string(),
            ));
        }
    }
    rules
}

/// Every built HTML page, but the 404 page and the alias redirections (never indexed).
fn content_pages(public: &Path) -> Vec<(String, String)> {
    common::tree(public)
        .into_iter()
        .filter(|(path, _)| {
            path.ends_with(".html") && path != "404.html" && !path.starts_with("video/")
        })
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[test]
fn previews_tell_search_engines_not_to_index_them_and_production_does_not() {
    let site = Fixture::small();
    let noindex = "meta[name=robots][content=noindex]";
    for context in ["deploy-preview", "branch-deploy"] {
        let output = site.root().join(context);
        build_as_netlify(&site, Some(context), &output);
        let pages = content_pages(&output);
        assert!(pages.len() > 20, "{context}: {} pages", pages.len());
        for (path, html) in &pages {
            assert!(
                common::has(html, noindex, None),
                "{context}: {path} is indexable"
            );
        }
        let headers = netlify_headers_file(&read(&output.join("_headers")));
        assert!(
            headers.iter().any(|(rule, name, value)| {
                netlify_matches(rule, "/feed.xml")
                    && netlify_matches(rule, "/videos/brouillon/")
                    && name == "X-Robots-Tag"
                    && value == "noindex"
            }),
            "{context}: every file, pages and feeds, is noindex: {headers:?}"
        );
        let robots = read(&output.join("robots.txt"));
        assert!(
            robots.contains("Allow: /") && !robots.contains("Sitemap:"),
            "{context}: crawlers may read the noindex, no sitemap is announced: {robots}"
        );
    }

    let production = site.root().join("production");
    build_as_netlify(&site, None, &production);
    let pages = content_pages(&production);
    assert!(pages.len() > 20);
    for (path, html) in &pages {
        // The social kit is a tool for the team, never for search engines.
        let tool = path == "kit-reseaux/index.html";
        assert_eq!(
            common::has(html, "meta[name=robots][content=noindex]", None),
            tool,
            "production: {path}"
        );
    }
    assert!(
        !production.join("_headers").exists(),
        "no header file: netlify.toml's headers alone"
    );
    assert!(read(&production.join("robots.txt"))
        .contains("Sitemap: https://test.example.org/sitemap.xml"));
    assert!(common::has(
        &read(&production.join("404.html")),
        "meta[name=robots][content=noindex]",
        None
    ));
}
