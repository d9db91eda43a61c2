//! Minifies the theme's templates once, so that pages need no minifier: minify-html costs
//! about as much as rendering itself, and per template it is paid a few dozen times
//! instead of once per page. A template is used minified only when minify-html kept every
//! template tag in place; if any template loses one (a tag written inside an element's
//! attribute list, say), the theme is used as written and each page is minified instead.

use std::sync::OnceLock;

/// What minifying a theme's templates gave.
pub struct Templates {
    /// `(name, text)` of every template, minified when `minified` is true.
    pub texts: Vec<(String, String)>,
    /// Whether pages rendered from `texts` are minified already.
    pub minified: bool,
}

/// Minifies every template, or none (see the module's documentation).
pub fn minify_all(texts: Vec<(String, String)>) -> Templates {
    let minified: Option<Vec<(String, String)>> = texts
        .iter()
        .map(|(name, text)| minify_template(text).map(|small| (name.clone(), small)))
        .collect();
    match minified {
        Some(texts) => Templates {
            texts,
            minified: true,
        },
        None => Templates {
            texts,
            minified: false,
        },
    }
}

/// `text` minified with its template tags kept verbatim, or `None` when minify-html
/// altered one of them or changed the order of the statements (`{% … %}`, `{# … #}`).
/// Expressions (`{{ … }}`) may change places within an element, as minify-html sorts
/// attributes; none may appear or vanish.
pub fn minify_template(text: &str) -> Option<String> {
    let minified = String::from_utf8(minify_html::minify(text.as_bytes(), config())).ok()?;
    (shape(text) == shape(&minified)).then_some(minified)
}

// The statements of `text` in order, and its expressions sorted.
fn shape(text: &str) -> (Vec<&str>, Vec<&str>) {
    let (mut expressions, statements): (Vec<&str>, Vec<&str>) = template_tags(text)
        .into_iter()
        .partition(|tag| tag.starts_with("{{"));
    expressions.sort_unstable();
    (statements, expressions)
}

fn config() -> &'static minify_html::Cfg {
    static CONFIG: OnceLock<minify_html::Cfg> = OnceLock::new();
    CONFIG.get_or_init(|| minify_html::Cfg {
        minify_css: false,
        minify_js: false,
        preserve_brace_template_syntax: true,
        // Which end tags may be left out depends on what a template's tags produce.
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::new()
    })
}

// Every `{{ … }}`, `{% … %}` and `{# … #}` of `text`, in order.
fn template_tags(text: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let close = match rest[start..].get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                rest = &rest[start + 1..];
                continue;
            }
        };
        let Some(length) = rest[start + 2..].find(close) else {
            tags.push(&rest[start..]);
            break;
        };
        let end = start + 2 + length + 2;
        tags.push(&rest[start..end]);
        rest = &rest[end..];
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_may_be_reordered_but_statements_keep_their_order() {
        let moved = "<img src=\"{{ a }}\" alt=\"{{ b }}\">";
        assert!(minify_template(moved).is_some());
        assert_eq!(
            shape("{% if x %}{{ b }}{{ a }}{% endif %}").1,
            vec!["{{ a }}", "{{ b }}"]
        );
        assert_ne!(
            shape("{% if x %}{% endif %}{% if y %}{% endif %}"),
            shape("{% if y %}{% endif %}{% if x %}{% endif %}")
        );
    }

    #[test]
    fn markup_is_minified_and_template_tags_kept() {
        let text = "<ul>\n  {% for x in xs %}\n    <li class=\"a  b\">{{ x.name }} · {{ x.n }}</li>\n  {% endfor %}\n</ul>\n";
        let small = minify_template(text).expect("minifiable");
        assert!(small.len() < text.len(), "{small}");
        assert!(small.contains("{% for x in xs %}") && small.contains("{{ x.name }} · {{ x.n }}"));
        assert!(small.contains("</li>"), "end tags kept: {small}");
    }

    #[test]
    fn a_tag_inside_an_attribute_list_makes_the_theme_unminified() {
        let good = ("a.html".to_string(), "<p> {{ a }} </p>".to_string());
        let bad = (
            "b.html".to_string(),
            "<a href=\"{{ u }}\"{% if c %} aria-current=\"page\"{% endif %}>x</a>".to_string(),
        );
        assert!(minify_template(&bad.1).is_none());
        let templates = minify_all(vec![good.clone(), bad.clone()]);
        assert!(!templates.minified);
        assert_eq!(templates.texts, vec![good, bad]);
    }

    #[test]
    fn the_default_theme_is_minified_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.expect("theme");
            if entry.file_type().is_file() {
                let text = std::fs::read_to_string(entry.path()).expect("template");
                assert!(
                    minify_template(&text).is_some(),
                    "{}",
                    entry.path().display()
                );
            }
        }
    }

    #[test]
    fn template_tags_are_listed_in_order() {
        assert_eq!(
            template_tags("a {{ b }} {c} {% if d %}{# e #}{% endif %} {{ open"),
            vec!["{{ b }}", "{% if d %}", "{# e #}", "{% endif %}", "{{ open"]
        );
    }
}
