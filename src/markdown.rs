//! Markdown written by contributors → safe HTML for pages, and plain text for search and
//! descriptions. Content is untrusted: raw HTML is reduced to a safe subset by ammonia,
//! links keep only http, https, mailto and site-relative targets, and remote images become
//! links (a page never loads anything from another origin).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use crate::hashing::hash_text;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// A rendered Markdown text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    /// Hash of the Markdown source, the key of [`Cache`].
    pub source_hash: u64,
}

/// Markdown rendered by an earlier build, by source hash: `serve` re-links the whole
/// catalogue on every save but renders only the texts that changed. Read-only once built.
#[derive(Debug, Default, Clone)]
pub struct Cache {
    rendered: HashMap<u64, Arc<Rendered>>,
}

impl Cache {
    /// A cache of the given rendered texts.
    pub fn from_rendered<'a>(texts: impl IntoIterator<Item = &'a Arc<Rendered>>) -> Cache {
        Cache {
            rendered: texts
                .into_iter()
                .map(|r| (r.source_hash, Arc::clone(r)))
                .collect(),
        }
    }

    /// `markdown` rendered, from the cache when it was rendered before.
    pub fn render(&self, markdown: &str) -> Arc<Rendered> {
        match self.rendered.get(&hash_text(markdown)) {
            Some(rendered) => Arc::clone(rendered),
            None => Arc::new(render(markdown)),
        }
    }

    pub fn len(&self) -> usize {
        self.rendered.len()
    }

    /// Every rendered text, in no particular order.
    pub fn texts(&self) -> impl Iterator<Item = &Arc<Rendered>> {
        self.rendered.values()
    }

    /// Whether both caches hold texts of the same sources.
    pub fn same_sources(&self, other: &Cache) -> bool {
        self.len() == other.len() && self.rendered.keys().all(|k| other.rendered.contains_key(k))
    }

    pub fn is_empty(&self) -> bool {
        self.rendered.is_empty()
    }
}

const NARROW_NBSP: char = '\u{202F}';
const NBSP: char = '\u{00A0}';

/// Renders `markdown` to sanitized HTML and plain text.
pub fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let demote = events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    let text = plain_text(&events);
    let events = rewrite(events, demote);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html {
        html = sanitizer().clean(&html).to_string();
    }
    Rendered {
        html,
        text,
        source_hash: hash_text(markdown),
    }
}

/// Plain text of a Markdown fragment, for summaries and search.
pub fn to_text(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, Options::empty()).collect();
    plain_text(&events)
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    let collapsed: Vec<&str> = text.split_whitespace().collect();
    collapsed.join(" ")
}

// Heading ids, French punctuation, safe links, no remote images, demoted headings.
fn rewrite(events: Vec<Event>, demote: bool) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut heading_ids = HeadingIds::default();
    let mut in_code = false;
    let mut dropped_links = Vec::new();
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        match event {
            // `{#id .class key=value}` after a heading: the id stays (it is the anchor), but
            // classes and attributes go, or a body could set `onclick` or restyle the page.
            Event::Start(Tag::Heading { level, id, .. }) => {
                let mut inner = Vec::new();
                for e in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(e);
                }
                let level = if demote { lower(level) } else { level };
                let wanted = id
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| slug::slugify(plain_text(&inner)));
                let id = heading_ids.unique(&wanted);
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                out.extend(rewrite(inner, demote));
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if !in_code => out.push(Event::Text(french_typography(&text).into())),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let safe = is_safe_url(&dest_url);
                dropped_links.push(!safe);
                if safe {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if !is_site_relative(&dest_url) => {
                image_as_link(&mut out, &mut iter, dest_url, title, id);
            }
            other => out.push(other),
        }
    }
    out
}

// A remote image is shown as a link to it, labelled by its alt text.
fn image_as_link<'a>(
    out: &mut Vec<Event<'a>>,
    iter: &mut impl Iterator<Item = Event<'a>>,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
) {
    let alt: Vec<Event> = iter
        .by_ref()
        .take_while(|e| !matches!(e, Event::End(TagEnd::Image)))
        .collect();
    let label = plain_text(&alt);
    let label = if label.is_empty() {
        "image".to_string()
    } else {
        label
    };
    if is_safe_url(&dest_url) {
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            title,
            id,
        }));
        out.push(Event::Text(label.into()));
        out.push(Event::End(TagEnd::Link));
    } else {
        out.push(Event::Text(label.into()));
    }
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Heading ids given so far, and for each wanted id the last suffix tried, so that a body
/// of thousands of identical headings costs linear time, not quadratic.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    last_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// `wanted`, or `wanted-2`, `wanted-3`… the first not given yet.
    fn unique(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let suffix = self.last_suffix.entry(base.to_string()).or_insert(1);
        loop {
            *suffix += 1;
            let id = format!("{base}-{suffix}");
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// `http`, `https`, `mailto` or a relative/site-relative target.
pub fn is_safe_url(url: &str) -> bool {
    match scheme(url) {
        Some(scheme) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto"
        ),
        None => !url.trim_start().starts_with("//"),
    }
}

fn is_site_relative(url: &str) -> bool {
    scheme(url).is_none() && !url.trim_start().starts_with("//")
}

fn scheme(url: &str) -> Option<&str> {
    let url = url.trim_start();
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let valid = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let before_path = !url[..colon].contains(['/', '?', '#']);
    (valid && before_path).then_some(candidate)
}

/// French quotes and spaces: “ ” → « », and a no-break space before : ; ! ? ».
pub fn french_typography(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{201C}' => {
                out.push('«');
                out.push(NARROW_NBSP);
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            '\u{201D}' => {
                trim_trailing_space(&mut out);
                out.push(NARROW_NBSP);
                out.push('»');
            }
            ' ' if matches!(chars.peek(), Some(';' | '!' | '?')) => out.push(NARROW_NBSP),
            ' ' if chars.peek() == Some(&':') => out.push(NBSP),
            _ => out.push(c),
        }
    }
    out
}

fn trim_trailing_space(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = page_policy();
        builder.rm_tags(["img"]);
        builder
    })
}

// What a body may keep: ammonia's safe subset, links to http, https and mailto only, and
// the anchors of headings and footnotes.
fn page_policy() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .add_tag_attributes("div", ["id", "class"])
        .add_tag_attributes("sup", ["class"])
        .add_tag_attributes("li", ["id"]);
    builder
}

/// A rendered body (`Rendered::html`) for a feed, which has no page to resolve addresses
/// against: sanitised again with the pages' policy, every relative `href` and `src`
/// resolved against `page`. An image left in a rendered body is a file of the site (raw
/// `<img>` and remote images are gone by then), so it may stay.
pub fn feed_html(html: &str, page: &url::Url) -> String {
    let mut builder = page_policy();
    builder.url_relative(ammonia::UrlRelative::RewriteWithBase(page.clone()));
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_footnotes_and_heading_anchors() {
        let out =
            render("## Étape 1\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nVoir[^n].\n\n[^n]: Note.\n");
        assert!(
            out.html.contains("<h2 id=\"etape-1\">Étape 1</h2>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("footnote-reference"));
    }

    #[test]
    fn french_punctuation() {
        let out = render("Il dit \"bonjour\" : vraiment ?");
        assert_eq!(
            out.html,
            "<p>Il dit «\u{202F}bonjour\u{202F}»\u{a0}: vraiment\u{202F}?</p>\n"
        );
    }

    #[test]
    fn raw_html_is_reduced_to_a_safe_subset() {
        let out = render("Texte <script>alert(1)</script> <b onclick=\"x()\">gras</b> <iframe src=\"https://evil\"></iframe>");
        assert!(!out.html.contains("<script"), "{}", out.html);
        assert!(!out.html.contains("onclick"));
        assert!(!out.html.contains("<iframe"));
        assert!(out.html.contains("<b>gras</b>"));
    }

    #[test]
    fn unsafe_links_lose_their_target_and_remote_images_become_links() {
        let out = render("[clic](javascript:alert(1)) [ok](https://example.org) [rel](/videos/) ![photo](https://cdn.example.org/a.jpg)");
        assert!(!out.html.contains("javascript"), "{}", out.html);
        assert!(out.html.contains("href=\"https://example.org\""));
        assert!(out.html.contains("href=\"/videos/\""));
        assert!(!out.html.contains("<img"));
        assert!(out
            .html
            .contains("<a href=\"https://cdn.example.org/a.jpg\">photo</a>"));
    }

    #[test]
    fn heading_attributes_keep_the_anchor_and_nothing_else() {
        let out = render("# Titre {#ancre .player onclick=alert(1) style=color:red}\n");
        assert_eq!(out.html, "<h2 id=\"ancre\">Titre</h2>\n");
    }

    #[test]
    fn h1_in_the_body_is_demoted_below_the_page_title() {
        let out = render("# Un\n\n## Deux\n\n## Deux\n");
        assert!(out.html.contains("<h2 id=\"un\">"), "{}", out.html);
        assert!(out.html.contains("<h3 id=\"deux\">"));
        assert!(out.html.contains("<h3 id=\"deux-2\">"));
    }

    #[test]
    fn thousands_of_identical_headings_get_distinct_ids_in_linear_time() {
        let out = render(&"## Étape\n\n## Étape-2\n\n".repeat(5000));
        let document = out.html.as_str();
        assert!(document.contains("<h2 id=\"etape\">Étape</h2>"));
        assert!(document.contains("<h2 id=\"etape-2\">Étape-2</h2>"));
        assert!(document.contains("<h2 id=\"etape-3\">Étape</h2>"));
        assert!(document.contains("<h2 id=\"etape-2-2\">Étape-2</h2>"));
        assert!(document.contains("<h2 id=\"etape-5001\">Étape</h2>"));
        assert!(document.contains("<h2 id=\"etape-2-5000\">Étape-2</h2>"));
    }

    #[test]
    fn plain_text_for_search() {
        assert_eq!(
            render("# Titre\n\nUn *mot* et `code`.").text,
            "Titre Un mot et code."
        );
    }

    #[test]
    fn url_safety() {
        assert!(is_safe_url("https://a.b"));
        assert!(is_safe_url("mailto:a@b.c"));
        assert!(is_safe_url("/a/b"));
        assert!(is_safe_url("page.html#x"));
        assert!(!is_safe_url("JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("//evil.example"));
    }
}
