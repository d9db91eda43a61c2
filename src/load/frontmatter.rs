//! Splits a content file into YAML front matter and Markdown body, and parses the front
//! matter strictly, reporting every unknown or missing key at once with its position.
//!
//! serde with `deny_unknown_fields` stays the single source of truth for types; the key
//! checks before it only exist so that a contributor sees all key problems together, in
//! French, with a suggestion, instead of serde's first English error.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diagnostics::{suggest, Diagnostic, Source};

/// The keys a kind of content accepts.
pub struct Schema {
    /// What a contributor calls this kind of file, e.g. "vidéo".
    pub kind: &'static str,
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

/// A content file cut in two, with the positions needed to point into it.
pub struct FrontMatter<'s> {
    pub source: &'s Source,
    yaml: &'s str,
    yaml_offset: usize,
    pub body: &'s str,
}

/// Cuts `source` at its `---` lines.
pub fn split(source: &Source) -> Result<FrontMatter<'_>, Diagnostic> {
    let text: &str = &source.text;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let after_open = ["---\n", "---\r\n"]
        .iter()
        .find(|open| text[start..].starts_with(**open))
        .map(|open| start + open.len())
        .ok_or_else(|| {
            source
                .file_error("le fichier doit commencer par une ligne `---` suivie de l'en-tête")
                .with_help("ajoutez `---` en première ligne, les clés, puis une autre ligne `---`")
        })?;
    let (yaml_end, body_start) = find_closing_line(text, after_open).ok_or_else(|| {
        source
            .error(start..after_open, "l'en-tête ouvert ici n'est jamais fermé")
            .with_help("ajoutez une ligne `---` après la dernière clé de l'en-tête")
    })?;
    Ok(FrontMatter {
        source,
        yaml: &text[after_open..yaml_end],
        yaml_offset: after_open,
        body: &text[body_start..],
    })
}

// The byte where the closing `---` line starts, and where the body starts after it.
fn find_closing_line(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut line_start = from;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        if line == "---" {
            return Some((line_start, (line_end + 1).min(text.len())));
        }
        if line_end == text.len() {
            return None;
        }
        line_start = line_end + 1;
    }
    None
}

impl<'s> FrontMatter<'s> {
    /// A file that is all YAML, such as `site.yaml`.
    pub fn whole(source: &'s Source) -> FrontMatter<'s> {
        FrontMatter {
            source,
            yaml: &source.text,
            yaml_offset: 0,
            body: "",
        }
    }

    /// Parses the front matter as `T`, after checking its keys against `schema`.
    pub fn parse<T: DeserializeOwned>(&self, schema: &Schema) -> Result<T, Vec<Diagnostic>> {
        let value: Value =
            serde_yaml::from_str(self.yaml).map_err(|e| vec![self.yaml_error(&e)])?;
        let Value::Mapping(mapping) = &value else {
            return Err(vec![self.source.error(
                self.yaml_range(),
                "l'en-tête doit être une liste de clés `clé: valeur`",
            )]);
        };
        let mut problems = Vec::new();
        for key in mapping.keys() {
            match key.as_str() {
                Some(key) if schema.required.contains(&key) || schema.optional.contains(&key) => {}
                Some(key) => problems.push(self.unknown_key(key, schema)),
                None => problems.push(self.source.error(
                    self.yaml_range(),
                    "une clé de l'en-tête n'est pas un simple mot",
                )),
            }
        }
        for required in schema.required {
            if !mapping.contains_key(*required) {
                problems.push(
                    self.source
                        .error(
                            self.yaml_range(),
                            format!("clé obligatoire manquante : `{required}`"),
                        )
                        .with_help(format!(
                            "toute {} doit avoir la clé `{required}`",
                            schema.kind
                        )),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Converting the parsed value is fast; only a failure pays for a second, located parse.
        serde_yaml::from_value(value)
            .or_else(|_| serde_yaml::from_str(self.yaml).map_err(|e| vec![self.yaml_error(&e)]))
    }

    fn unknown_key(&self, key: &str, schema: &Schema) -> Diagnostic {
        let known = schema.required.iter().chain(schema.optional).copied();
        let diagnostic = self.source.error(
            self.key_span(key),
            format!("clé inconnue pour une {} : `{key}`", schema.kind),
        );
        match suggest(key, known) {
            Some(close) => diagnostic.with_help(format!("vouliez-vous dire `{close}` ?")),
            None => diagnostic.with_help(format!(
                "clés possibles : {}",
                schema
                    .required
                    .iter()
                    .chain(schema.optional)
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    fn yaml_error(&self, error: &serde_yaml::Error) -> Diagnostic {
        let at = error
            .location()
            .map_or(self.yaml_offset, |l| self.yaml_offset + l.index());
        let diagnostic = self.source.error(at..at + 1, french_yaml_message(error));
        if error.location().is_some() && is_syntax_error(error) {
            diagnostic.with_help(
                "vérifiez l'indentation, les deux-points après chaque clé et les guillemets",
            )
        } else {
            diagnostic
        }
    }

    fn yaml_range(&self) -> Range<usize> {
        let first_line = self.yaml.find('\n').unwrap_or(self.yaml.len());
        self.yaml_offset..self.yaml_offset + first_line
    }

    /// Byte range of a top-level `key:` in the file, or of the front matter's first line.
    pub fn key_span(&self, key: &str) -> Range<usize> {
        self.key_line(key)
            .map(|start| start..start + key.len())
            .unwrap_or_else(|| self.yaml_range())
    }

    // Byte offset (in the file) of the line where top-level `key:` starts.
    fn key_line(&self, key: &str) -> Option<usize> {
        let mut offset = 0;
        for line in self.yaml.split_inclusive('\n') {
            let bare = line.strip_prefix(key).map(str::trim_start);
            if bare.is_some_and(|rest| rest.starts_with(':')) {
                return Some(self.yaml_offset + offset);
            }
            offset += line.len();
        }
        None
    }

    /// Byte range of `value` written under top-level `key` (inline or as a list item), or of
    /// the key when the value cannot be found as a whole word.
    pub fn value_span(&self, key: &str, value: &str) -> Range<usize> {
        let Some(key_start) = self.key_line(key) else {
            return self.key_span(key);
        };
        let yaml_start = key_start - self.yaml_offset;
        let block_end = self.block_end(yaml_start);
        let block = &self.yaml[yaml_start..block_end];
        find_word(block, value, key.len())
            .map(|at| key_start + at..key_start + at + value.len())
            .unwrap_or_else(|| self.key_span(key))
    }

    // End of the lines that belong to the key starting at `yaml_start`.
    fn block_end(&self, yaml_start: usize) -> usize {
        let mut offset = yaml_start;
        for (index, line) in self.yaml[yaml_start..].split_inclusive('\n').enumerate() {
            let starts_key = !line.starts_with([' ', '\t', '-', '#', '\n', '\r']);
            if index > 0 && starts_key {
                return offset;
            }
            offset += line.len();
        }
        self.yaml.len()
    }

    /// An error pointing at `value` under `key` (or at the key itself).
    pub fn error_at(
        &self,
        key: &str,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = match value {
            Some(value) if !value.is_empty() => self.value_span(key, value),
            _ => self.key_span(key),
        };
        self.source.error(span, message)
    }
}

// First occurrence of `word` in `block` after `skip` bytes, not inside a longer word.
fn find_word(block: &str, word: &str, skip: usize) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut from = skip.min(block.len());
    while let Some(found) = block[from..].find(word) {
        let at = from + found;
        let before_ok = !block[..at].chars().next_back().is_some_and(is_word);
        let after_ok = !block[at + word.len()..].chars().next().is_some_and(is_word);
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + word.len().max(1);
    }
    None
}

fn is_syntax_error(error: &serde_yaml::Error) -> bool {
    let full = error.to_string();
    let (_, message) = split_key_path(&full);
    !(message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("unknown field")
        || message.starts_with("missing field")
        || message.starts_with("duplicate"))
}

/// serde_yaml's English message, said in French for the usual cases.
fn french_yaml_message(error: &serde_yaml::Error) -> String {
    let full = error.to_string();
    let message = full.split(" at line ").next().unwrap_or(&full).trim();
    let (key, message) = split_key_path(message);
    let for_key = key.map(|k| format!(" pour `{k}`")).unwrap_or_default();
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "type incorrect{for_key} : {} alors qu'il faut {}",
                french_found(found),
                french_expected(expected)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("duplicate entry with key ") {
        return format!("clé répétée : {rest}");
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("clé obligatoire manquante : {rest}");
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return format!("valeur incorrecte : {rest}");
    }
    format!("erreur de syntaxe YAML : {message}")
}

// serde_yaml prefixes nested errors with the key path: `themes: invalid type…`.
fn split_key_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')) =>
        {
            (Some(path), rest)
        }
        _ => (None, message),
    }
}

fn french_found(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches('`');
    match kind {
        "string" => format!("le texte {value}"),
        "integer" | "floating" => format!("le nombre {value}"),
        "boolean" => format!("la valeur {value}"),
        "sequence" => "une liste".to_string(),
        "map" => "un ensemble de clés".to_string(),
        "unit" => "une valeur vide".to_string(),
        _ => found.to_string(),
    }
}

fn french_expected(expected: &str) -> String {
    match expected {
        "a string" => "un texte".into(),
        "a sequence" => "une liste (`[a, b]` ou des lignes `- a`)".into(),
        "a boolean" => "`true` ou `false`".into(),
        "a map" => "un ensemble de clés `clé: valeur`".into(),
        e if e.starts_with("struct") => "un ensemble de clés `clé: valeur`".into(),
        e if e.starts_with('u') || e.starts_with('i') => "un nombre entier".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(default)]
        themes: Vec<String>,
    }

    const SCHEMA: Schema = Schema {
        kind: "vidéo",
        required: &["title"],
        optional: &["themes"],
    };

    fn source(text: &str) -> Source {
        Source {
            rel_path: "content/videos/x.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn splits_front_matter_and_body() {
        let src = source("---\ntitle: A\n---\nCorps\n");
        let fm = split(&src).unwrap();
        let sample: Sample = fm.parse(&SCHEMA).unwrap();
        assert_eq!(sample.title, "A");
        assert_eq!(fm.body, "Corps\n");
    }

    #[test]
    fn missing_opening_line_is_reported_on_line_one() {
        let src = source("title: A\n");
        let error = split(&src).err().unwrap();
        assert_eq!((error.line, error.column), (1, 1));
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let src = source("---\ntitle: A\n");
        assert!(split(&src).err().unwrap().message.contains("jamais fermé"));
    }

    #[test]
    fn all_unknown_and_missing_keys_are_reported_together() {
        let src = source("---\ntheme: [a]\ncolor: red\n---\n");
        let fm = split(&src).unwrap();
        let errors = fm.parse::<Sample>(&SCHEMA).unwrap_err();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].message, "clé inconnue pour une vidéo : `theme`");
        assert_eq!(
            errors[0].help.as_deref(),
            Some("vouliez-vous dire `themes` ?")
        );
        assert_eq!((errors[0].line, errors[0].column), (2, 1));
        assert_eq!((errors[1].line, errors[1].column), (3, 1));
        assert!(errors[2].message.contains("`title`"));
    }

    #[test]
    fn type_errors_are_french_and_located() {
        let src = source("---\ntitle: A\nthemes: lecture\n---\n");
        let fm = split(&src).unwrap();
        let errors = fm.parse::<Sample>(&SCHEMA).unwrap_err();
        assert_eq!(errors[0].line, 3);
        assert!(
            errors[0]
                .message
                .starts_with("type incorrect pour `themes` : le texte"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn yaml_syntax_errors_point_at_their_line() {
        let src = source("---\ntitle: A\nthemes: [a, b\n---\n");
        let fm = split(&src).unwrap();
        let errors = fm.parse::<Sample>(&SCHEMA).unwrap_err();
        assert!(errors[0].message.starts_with("erreur de syntaxe YAML"));
        assert!(errors[0].line >= 3, "line {}", errors[0].line);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let src = source("---\ntitle: A\ntitle: B\n---\n");
        let fm = split(&src).unwrap();
        let errors = fm.parse::<Sample>(&SCHEMA).unwrap_err();
        assert!(
            errors[0].message.contains("répétée"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn values_are_located_inline_and_in_lists() {
        let src = source("---\ntitle: A\nthemes:\n  - lecture\n  - lectur\n---\n");
        let fm = split(&src).unwrap();
        let span = fm.value_span("themes", "lectur");
        let error = src.error(span, "x");
        assert_eq!((error.line, error.column), (5, 5));
        let src = source("---\ntitle: A\nthemes: [lecture, lectur]\n---\n");
        let fm = split(&src).unwrap();
        let error = src.error(fm.value_span("themes", "lectur"), "x");
        assert_eq!((error.line, error.column), (3, 19));
    }
}
