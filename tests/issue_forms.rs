//! The requests people make without a server: the GitHub issue forms of
//! `.github/ISSUE_TEMPLATE/` follow GitHub's issue-form schema (GitHub refuses a form that
//! does not, and then shows only a blank issue), the template chooser's `config.yml`
//! follows its own, and the « Participer » page and the contributors' guide link every
//! form of the repository named in `site.yaml`, and its contact address.
//!
//! The schema is GitHub's documentation, « Syntax for issue forms », « Syntax for GitHub's
//! form schema » and « Common validation errors when creating issue forms », written down
//! below as rules; `the_checker_refuses_what_github_refuses` proves each rule can fail.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use capsule::requests::{issue_form_url, ISSUE_FORMS};
use yaml_serde::{Mapping, Value};

const TOP_LEVEL_REQUIRED: [&str; 3] = ["name", "description", "body"];
const TOP_LEVEL_OPTIONAL: [&str; 5] = ["title", "labels", "assignees", "projects", "type"];
const ELEMENT_TYPES: [&str; 5] = ["markdown", "textarea", "input", "dropdown", "checkboxes"];
/// Keys YAML 1.1 reads as booleans, which GitHub forbids as keys.
const FORBIDDEN_KEYS: [&str; 22] = [
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
];

/// What each element type accepts: its element keys, its attributes (required ones
/// first, `required_attributes` of them).
struct ElementSchema {
    keys: &'static [&'static str],
    attributes: &'static [&'static str],
    required_attributes: usize,
}

fn element_schema(kind: &str) -> ElementSchema {
    let with_input = &["type", "id", "attributes", "validations"][..];
    match kind {
        "markdown" => ElementSchema {
            keys: &["type", "attributes"],
            attributes: &["value"],
            required_attributes: 1,
        },
        "textarea" => ElementSchema {
            keys: with_input,
            attributes: &["label", "description", "placeholder", "value", "render"],
            required_attributes: 1,
        },
        "input" => ElementSchema {
            keys: with_input,
            attributes: &["label", "description", "placeholder", "value"],
            required_attributes: 1,
        },
        "dropdown" => ElementSchema {
            keys: with_input,
            attributes: &["label", "options", "description", "multiple", "default"],
            required_attributes: 2,
        },
        _ => ElementSchema {
            keys: &["type", "id", "attributes"],
            attributes: &["label", "options", "description"],
            required_attributes: 2,
        },
    }
}

/// Every way `yaml` breaks GitHub's issue-form schema, each said with where it is.
fn form_problems(yaml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let top: Mapping = match yaml_serde::from_str(yaml) {
        Ok(Value::Mapping(top)) => top,
        other => return vec![format!("not a YAML mapping: {other:?}")],
    };
    let allowed: Vec<&str> = TOP_LEVEL_REQUIRED
        .iter()
        .chain(&TOP_LEVEL_OPTIONAL)
        .copied()
        .collect();
    check_keys(
        &top,
        "top level",
        &allowed,
        &TOP_LEVEL_REQUIRED,
        &mut problems,
    );
    for key in ["name", "description", "title", "type"] {
        if let Some(value) = top.get(key) {
            check_text(value, key, &mut problems);
        }
    }
    for key in ["labels", "assignees", "projects"] {
        if let Some(value) = top.get(key) {
            check_names(value, key, &mut problems);
        }
    }
    match top.get("body") {
        Some(Value::Sequence(body)) => check_body(body, &mut problems),
        Some(_) => problems.push("body: must be a list of elements".into()),
        None => {}
    }
    problems
}

fn check_keys(
    map: &Mapping,
    at: &str,
    allowed: &[&str],
    required: &[&str],
    problems: &mut Vec<String>,
) {
    // GitHub says « attribute » for the keys of `attributes`.
    let noun = if at.ends_with(".attributes") {
        "attribute"
    } else {
        "key"
    };
    for key in map.keys() {
        match key.as_str() {
            Some(name) if FORBIDDEN_KEYS.contains(&name) => {
                problems.push(format!("{at}: `{name}` is a forbidden key"))
            }
            Some(name) if allowed.contains(&name) => {}
            Some(name) => problems.push(format!("{at}: `{name}` is not a permitted {noun}")),
            None => problems.push(format!("{at}: a key is not a string ({key:?})")),
        }
    }
    for key in required {
        if !map.contains_key(*key) {
            problems.push(format!("{at}: required key `{key}` is missing"));
        }
    }
}

fn check_text(value: &Value, at: &str, problems: &mut Vec<String>) {
    if value.as_str().is_none_or(|text| text.trim().is_empty()) {
        problems.push(format!("{at}: must be a non-empty string"));
    }
}

// Labels, assignees, projects: a list of distinct non-empty strings, or one
// comma-separated string.
fn check_names(value: &Value, at: &str, problems: &mut Vec<String>) {
    let names: Vec<Option<&str>> = match value {
        Value::String(text) => text.split(',').map(|n| Some(n.trim())).collect(),
        Value::Sequence(items) => items.iter().map(Value::as_str).collect(),
        _ => vec![None],
    };
    let mut seen = HashSet::new();
    for name in names {
        match name {
            Some(name) if !name.trim().is_empty() && seen.insert(name) => {}
            Some(name) if !name.trim().is_empty() => {
                problems.push(format!("{at}: `{name}` is listed twice"))
            }
            _ => problems.push(format!("{at}: each must be a non-empty string")),
        }
    }
}

fn check_body(body: &[Value], problems: &mut Vec<String>) {
    if body.is_empty() {
        problems.push("body: cannot be empty".into());
    }
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    let mut inputs = 0;
    for (index, element) in body.iter().enumerate() {
        let at = format!("body[{index}]");
        let Value::Mapping(element) = element else {
            problems.push(format!("{at}: must be a mapping"));
            continue;
        };
        let kind = element.get("type").and_then(Value::as_str).unwrap_or("");
        if !ELEMENT_TYPES.contains(&kind) {
            problems.push(format!("{at}: `{kind}` is not a valid input type"));
            continue;
        }
        inputs += usize::from(kind != "markdown");
        let schema = element_schema(kind);
        check_keys(element, &at, schema.keys, &["type", "attributes"], problems);
        if let Some(id) = element.get("id") {
            check_id(id, &at, index, &mut ids, problems);
        }
        if let Some(validations) = element.get("validations") {
            check_validations(validations, &at, problems);
        }
        match element.get("attributes") {
            Some(Value::Mapping(attributes)) => {
                check_attributes(attributes, kind, &schema, &at, problems);
                let mut label = |text: &str| {
                    if let Some(first) = labels.insert(text.to_lowercase(), index) {
                        problems.push(format!("{at}: label `{text}` is also body[{first}]'s"));
                    }
                };
                if let Some(text) = attributes.get("label").and_then(Value::as_str) {
                    label(text);
                }
                for option in checkbox_labels(attributes, kind) {
                    label(option);
                }
            }
            Some(_) => problems.push(format!("{at}: attributes must be a mapping")),
            None => {}
        }
    }
    if !body.is_empty() && inputs == 0 {
        problems.push("body: must contain at least one non-markdown field".into());
    }
}

fn check_id(
    id: &Value,
    at: &str,
    index: usize,
    ids: &mut BTreeMap<String, usize>,
    problems: &mut Vec<String>,
) {
    let Some(id) = id.as_str() else {
        return problems.push(format!("{at}: id must be a string"));
    };
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        problems.push(format!(
            "{at}: id `{id}` can only contain numbers, letters, -, _"
        ));
    }
    if let Some(first) = ids.insert(id.to_string(), index) {
        problems.push(format!("{at}: id `{id}` is also body[{first}]'s"));
    }
}

fn check_validations(validations: &Value, at: &str, problems: &mut Vec<String>) {
    let Value::Mapping(validations) = validations else {
        return problems.push(format!("{at}: validations must be a mapping"));
    };
    let at = format!("{at}.validations");
    check_keys(validations, &at, &["required"], &[], problems);
    if validations.get("required").is_some_and(|v| !v.is_bool()) {
        problems.push(format!("{at}: required must be true or false"));
    }
}

fn check_attributes(
    attributes: &Mapping,
    kind: &str,
    schema: &ElementSchema,
    at: &str,
    problems: &mut Vec<String>,
) {
    let required = &schema.attributes[..schema.required_attributes];
    let at = format!("{at}.attributes");
    check_keys(attributes, &at, schema.attributes, required, problems);
    for key in ["label", "description", "placeholder", "value", "render"] {
        if let Some(value) = attributes.get(key) {
            check_text(value, &format!("{at}.{key}"), problems);
        }
    }
    let label = attributes
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or("");
    if matches!(kind, "input" | "textarea") && label.to_lowercase().contains("password") {
        problems.push(format!("{at}.label: contains a forbidden word"));
    }
    if attributes.get("multiple").is_some_and(|v| !v.is_bool()) {
        problems.push(format!("{at}.multiple: must be true or false"));
    }
    match (kind, attributes.get("options")) {
        ("dropdown", Some(options)) => {
            check_dropdown(options, attributes.get("default"), &at, problems)
        }
        ("checkboxes", Some(options)) => check_checkboxes(options, &at, problems),
        _ => {}
    }
}

fn check_dropdown(options: &Value, default: Option<&Value>, at: &str, problems: &mut Vec<String>) {
    let Some(options) = options.as_sequence().filter(|o| !o.is_empty()) else {
        return problems.push(format!("{at}.options: must be a non-empty list"));
    };
    let mut seen = HashSet::new();
    for option in options {
        match option {
            Value::Bool(_) => problems.push(format!(
                "{at}.options: must not include booleans (quote values such as 'yes')"
            )),
            Value::String(text) if text.trim().eq_ignore_ascii_case("none") => problems.push(
                format!("{at}.options: must not include the reserved word, none"),
            ),
            Value::String(text) if text.trim().is_empty() => {
                problems.push(format!("{at}.options: an option is empty"))
            }
            Value::String(text) if !seen.insert(text.as_str()) => {
                problems.push(format!("{at}.options: `{text}` must be unique"))
            }
            Value::String(_) => {}
            other => problems.push(format!("{at}.options: `{other:?}` is not a string")),
        }
    }
    if let Some(default) = default {
        let in_range = default
            .as_u64()
            .is_some_and(|i| (i as usize) < options.len());
        if !in_range {
            problems.push(format!("{at}.default: must be the index of an option"));
        }
    }
}

fn check_checkboxes(options: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(options) = options.as_sequence().filter(|o| !o.is_empty()) else {
        return problems.push(format!("{at}.options: must be a non-empty list"));
    };
    for (index, option) in options.iter().enumerate() {
        let at = format!("{at}.options[{index}]");
        let Value::Mapping(option) = option else {
            problems.push(format!("{at}: must be a mapping with a label"));
            continue;
        };
        check_keys(option, &at, &["label", "required"], &["label"], problems);
        if let Some(label) = option.get("label") {
            check_text(label, &format!("{at}.label"), problems);
        }
        if option.get("required").is_some_and(|v| !v.is_bool()) {
            problems.push(format!("{at}.required: must be true or false"));
        }
    }
}

fn checkbox_labels<'a>(attributes: &'a Mapping, kind: &str) -> Vec<&'a str> {
    if kind != "checkboxes" {
        return Vec::new();
    }
    attributes
        .get("options")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|option| option.get("label").and_then(Value::as_str))
        .collect()
}

/// Every way `yaml` breaks the schema of the template chooser's `config.yml`.
fn config_problems(yaml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let top: Mapping = match yaml_serde::from_str(yaml) {
        Ok(Value::Mapping(top)) => top,
        other => return vec![format!("not a YAML mapping: {other:?}")],
    };
    let allowed = ["blank_issues_enabled", "contact_links"];
    check_keys(&top, "config.yml", &allowed, &[], &mut problems);
    if top
        .get("blank_issues_enabled")
        .is_some_and(|v| !v.is_bool())
    {
        problems.push("blank_issues_enabled: must be true or false".into());
    }
    let links = top.get("contact_links").map(|links| links.as_sequence());
    for (index, link) in links.flatten().into_iter().flatten().enumerate() {
        let at = format!("contact_links[{index}]");
        let Value::Mapping(link) = link else {
            problems.push(format!("{at}: must be a mapping"));
            continue;
        };
        let keys = ["name", "url", "about"];
        check_keys(link, &at, &keys, &keys, &mut problems);
        for key in keys {
            if let Some(value) = link.get(key) {
                check_text(value, &format!("{at}.{key}"), &mut problems);
            }
        }
        let url = link.get("url").and_then(Value::as_str).unwrap_or("");
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            problems.push(format!("{at}.url: must be an http(s) address"));
        }
    }
    if matches!(links, Some(None)) {
        problems.push("contact_links: must be a list".into());
    }
    problems
}

fn repository_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn template_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/ISSUE_TEMPLATE")
}

/// The forms' file names, as found in `.github/ISSUE_TEMPLATE/` (every `.yml` or `.yaml`
/// but `config.yml`), sorted.
fn form_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(template_dir())
        .expect("ISSUE_TEMPLATE")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yml") || name.ends_with(".yaml"))
        .filter(|name| name != "config.yml")
        .collect();
    files.sort();
    files
}

#[test]
fn every_issue_form_follows_githubs_schema() {
    let mut names = HashSet::new();
    for file in form_files() {
        let yaml = repository_file(&format!(".github/ISSUE_TEMPLATE/{file}"));
        assert_eq!(form_problems(&yaml), Vec::<String>::new(), "{file}");
        let form: Value = yaml_serde::from_str(&yaml).expect("yaml");
        let name = form["name"].as_str().expect("name").to_string();
        assert!(names.insert(name.clone()), "two forms are named {name}");
    }
    let mut offered: Vec<&str> = ISSUE_FORMS.iter().map(|form| form.file).collect();
    offered.sort_unstable();
    assert_eq!(
        form_files(),
        offered,
        "the forms of capsule::requests::ISSUE_FORMS"
    );
}

#[test]
fn the_template_chooser_config_follows_githubs_schema() {
    let yaml = repository_file(".github/ISSUE_TEMPLATE/config.yml");
    assert_eq!(config_problems(&yaml), Vec::<String>::new());
}

#[test]
fn the_checker_refuses_what_github_refuses() {
    let valid = "name: N\ndescription: D\nbody:\n  - type: input\n    id: a\n    attributes:\n      label: A\n";
    assert_eq!(form_problems(valid), Vec::<String>::new());
    let element = |yaml: &str| format!("name: N\ndescription: D\nbody:\n{yaml}");
    let cases = [
        (
            "description: D\nbody: []\n".to_string(),
            "top level: required key `name` is missing",
        ),
        (format!("{valid}about: x\n"), "top level: `about` is not a permitted key"),
        (format!("{valid}yes: x\n"), "top level: `yes` is a forbidden key"),
        (valid.replace("name: N", "name: \"\""), "name: must be a non-empty string"),
        (format!("{valid}labels: [a, a]\n"), "labels: `a` is listed twice"),
        (
            element("  - type: markdown\n    attributes:\n      value: Bonjour\n"),
            "body: must contain at least one non-markdown field",
        ),
        (
            element("  - type: markdown\n    id: intro\n    attributes:\n      value: x\n  - type: input\n    attributes:\n      label: A\n"),
            "body[0]: `id` is not a permitted key",
        ),
        (
            element("  - type: radio\n    attributes:\n      label: A\n"),
            "body[0]: `radio` is not a valid input type",
        ),
        (
            element("  - type: input\n    attributes:\n      lable: A\n"),
            "body[0].attributes: `lable` is not a permitted attribute",
        ),
        (
            element("  - type: input\n    attributes:\n      placeholder: A\n"),
            "body[0].attributes: required key `label` is missing",
        ),
        (
            element("  - type: input\n    id: a b\n    attributes:\n      label: A\n"),
            "body[0]: id `a b` can only contain numbers, letters, -, _",
        ),
        (
            element("  - type: input\n    id: a\n    attributes:\n      label: A\n  - type: input\n    id: a\n    attributes:\n      label: B\n"),
            "body[1]: id `a` is also body[0]'s",
        ),
        (
            element("  - type: input\n    attributes:\n      label: A\n  - type: textarea\n    attributes:\n      label: A\n"),
            "body[1]: label `A` is also body[0]'s",
        ),
        (
            element("  - type: input\n    attributes:\n      label: A\n    validations:\n      requird: true\n"),
            "body[0].validations: `requird` is not a permitted key",
        ),
        (
            element("  - type: dropdown\n    attributes:\n      label: A\n      options: [x, None]\n"),
            "must not include the reserved word, none",
        ),
        (
            element("  - type: dropdown\n    attributes:\n      label: A\n      options: [x, x]\n"),
            "body[0].attributes.options: `x` must be unique",
        ),
        (
            element("  - type: checkboxes\n    attributes:\n      label: A\n      options:\n        - lable: x\n"),
            "body[0].attributes.options[0]: `lable` is not a permitted key",
        ),
        (
            element("  - type: checkboxes\n    attributes:\n      label: A\n      options:\n        - label: x\n    validations:\n      required: true\n"),
            "body[0]: `validations` is not a permitted key",
        ),
        (
            element("  - type: input\n    attributes:\n      label: Password\n"),
            "body[0].attributes.label: contains a forbidden word",
        ),
    ];
    for (yaml, expected) in cases {
        let found = form_problems(&yaml);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "expected « {expected} » for:\n{yaml}\nfound {found:?}"
        );
    }
    let config = "blank_issues_enabled: yes please\ncontact_links:\n  - name: Courriel\n    url: mailto:a@b.org\n    about: x\n    extra: y\n";
    let found = config_problems(config);
    for expected in [
        "blank_issues_enabled: must be true or false",
        "contact_links[0]: `extra` is not a permitted key",
        "contact_links[0].url: must be an http(s) address",
    ] {
        assert!(found.iter().any(|p| p == expected), "{expected}: {found:?}");
    }
}

#[test]
fn the_participer_page_and_the_guide_link_every_form_and_the_contact_address() {
    let site: Value = yaml_serde::from_str(&repository_file("site.yaml")).expect("site.yaml");
    let repository = site["repository"].as_str().expect("site.yaml: repository");
    let email = site["contact_email"]
        .as_str()
        .expect("site.yaml: contact_email");
    let page = repository_file("content/pages/participer.md");
    let guide = repository_file("CONTRIBUTING.md");
    for form in ISSUE_FORMS {
        let link = format!("({})", issue_form_url(repository, form.file));
        assert!(page.contains(&link), "participer.md lacks {link}");
        assert!(guide.contains(&link), "CONTRIBUTING.md lacks {link}");
    }
    assert!(
        page.contains(&format!("(mailto:{email})")),
        "participer.md: {email}"
    );
    assert!(
        !page.contains("capsule "),
        "participer.md still tells to run capsule"
    );
    // No link to a form that does not exist, nor to another repository.
    let forms = form_files();
    for (name, text) in [("participer.md", &page), ("CONTRIBUTING.md", &guide)] {
        for (at, _) in text.match_indices("/issues/new") {
            let start = text[..at].rfind('(').map_or(0, |i| i + 1);
            let end = at + text[at..].find(')').unwrap_or(0);
            let link = &text[start..end];
            let template = link.split("template=").nth(1).unwrap_or("");
            assert!(
                link.starts_with(repository) && forms.iter().any(|f| f == template),
                "{name}: {link}"
            );
        }
    }
    let config = repository_file(".github/ISSUE_TEMPLATE/config.yml");
    assert!(config.contains(email), "config.yml names {email}");
}
