//! Splits a content file into YAML front matter and Markdown body, and parses the front
//! matter strictly, reporting every unknown or missing key at once with its position.
//!
//! serde with `deny_unknown_fields` stays the single source of truth for types; the key
//! checks before it only exist so that a contributor sees all key problems together, in
//! French, with a suggestion, instead of serde's first English error.

use std::ops::Range;

use serde::de::DeserializeOwned;
use yaml_serde::{Mapping, Value};

use super::yaml::{self, MAX_YAML_BYTES};
use super::{yaml_errors, yaml_layout};
use crate::diagnostics::{suggest, Diagnostic, Source};

/// The keys a kind of content accepts.
pub struct Schema {
    /// What a contributor calls this kind of file, e.g. "vidéo".
    pub kind: &'static str,
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Schema {
    /// Every key, required ones first.
    pub fn keys(&self) -> Vec<&'static str> {
        self.required.iter().chain(self.optional).copied().collect()
    }
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
        let keys = schema.keys();
        if self.yaml.len() > MAX_YAML_BYTES {
            // Only a whole file (`site.yaml`) starts at its first byte: front matter follows `---`.
            let (message, help) = yaml_errors::too_big(self.yaml.len(), self.yaml_offset == 0);
            return Err(vec![self
                .source
                .error(self.yaml_range(), message)
                .with_help(help)]);
        }
        let value = yaml::parse_value(self.yaml).map_err(|e| vec![self.yaml_error(&e, &keys)])?;
        let Value::Mapping(mapping) = &value else {
            return Err(vec![self.not_a_mapping(&keys)]);
        };
        let mut problems = self.folded_lists(mapping, &keys, Folded::InLists);
        for key in mapping.keys() {
            match key.as_str() {
                Some(key) if keys.contains(&key) => {}
                Some(key) => problems.push(self.unknown_key(key, schema)),
                None => problems.push(
                    self.source
                        .error(
                            self.yaml_range(),
                            "une clé de l'en-tête n'est pas un simple mot",
                        )
                        .with_help("chaque clé est un mot, suivi des deux-points : `clé: valeur`"),
                ),
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
        T::deserialize(&value).or_else(|_| {
            let folded = self.folded_lists(mapping, &keys, Folded::AnyWhere);
            if !folded.is_empty() {
                return Err(folded);
            }
            yaml_serde::from_str(self.yaml).map_err(|e| vec![self.yaml_error(&e, &keys)])
        })
    }

    // A front matter that parsed as a text or a list: most often `title:Calcul`, a key glued
    // to its value, or no key at all.
    fn not_a_mapping(&self, keys: &[&str]) -> Diagnostic {
        let glued = yaml_layout::lines(self.yaml).into_iter().find_map(|line| {
            let key = keys.iter().find(|k| {
                line.text
                    .strip_prefix(**k)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .is_some_and(|rest| rest.starts_with(|c: char| !c.is_whitespace()))
            })?;
            Some((line.start, *key, line.text[key.len() + 1..].trim()))
        });
        match glued {
            Some((at, key, value)) => self
                .source
                .error(
                    self.yaml_offset + at..self.yaml_offset + at + key.len() + 1,
                    format!("il manque une espace après `{key}:`"),
                )
                .with_help(format!(
                    "écrivez `{key}: {value}`, avec une espace après les deux-points"
                )),
            None => self
                .source
                .error(
                    self.yaml_range(),
                    "l'en-tête doit être une liste de clés `clé: valeur`",
                )
                .with_help("chaque ligne de l'en-tête s'écrit `clé: valeur`, avec une espace après les deux-points"),
        }
    }

    // List items indented unlike the one above: YAML folds them into the previous item
    // (`lecture - fluence`), or into the key's own value. Reported where the item is.
    fn folded_lists(&self, mapping: &Mapping, keys: &[&str], folded: Folded) -> Vec<Diagnostic> {
        if !mapping.values().any(|v| folded.holds(v)) {
            return Vec::new();
        }
        yaml_layout::problems(self.yaml)
            .into_iter()
            .filter(|problem| match problem {
                yaml_layout::Problem::Misaligned {
                    line,
                    owner: Some(owner),
                    ..
                } => {
                    matches!(line.shape, yaml_layout::Shape::Dash { .. })
                        && mapping.get(*owner).is_some_and(|v| folded.holds(v))
                }
                _ => false,
            })
            .map(|problem| {
                let explained = yaml_errors::explain_layout(self.yaml, &problem, keys);
                self.explained(explained)
            })
            .collect()
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

    fn yaml_error(&self, error: &yaml_serde::Error, keys: &[&str]) -> Diagnostic {
        self.explained(yaml_errors::explain(self.yaml, error, keys))
    }

    fn explained(&self, explained: yaml_errors::Explanation) -> Diagnostic {
        let range =
            self.yaml_offset + explained.range.start..self.yaml_offset + explained.range.end;
        let diagnostic = self.source.error(range, explained.message);
        match explained.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
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

    /// Byte range of the `index`-th item (from 0) of the block list under top-level `key`:
    /// with `entry`, of that key inside the item (`Entry::Key`) or of its value
    /// (`Entry::Value`, the key when it has none). Falls back to the item, then to `key`
    /// itself, for a list written on one line (`[…]`) or an entry not found.
    pub fn item_span(&self, key: &str, index: usize, entry: Option<(&str, Entry)>) -> Range<usize> {
        let Some(lines) = self.item_lines(key, index) else {
            return self.key_span(key);
        };
        let (first_at, first) = lines[0];
        let item = first_at + (first.len() - first.trim_start_matches([' ', '-']).len());
        let item = item..first_at + first.trim_end().len();
        let Some((name, part)) = entry else {
            return item;
        };
        lines
            .iter()
            .find_map(|&(at, line)| {
                let bare = line.trim_start_matches([' ', '-']);
                let key_at = at + line.len() - bare.len();
                let rest = bare.strip_prefix(name)?.strip_prefix(':')?;
                let value = rest.trim();
                let value_at = key_at + name.len() + 1 + (rest.len() - rest.trim_start().len());
                Some(match part {
                    Entry::Value if !value.is_empty() => value_at..value_at + value.len(),
                    _ => key_at..key_at + name.len(),
                })
            })
            .unwrap_or(item)
    }

    // The lines (with their offsets in the file) of the `index`-th item of the block list
    // under top-level `key`: its `- ` line and the more indented lines after it.
    fn item_lines(&self, key: &str, index: usize) -> Option<Vec<(usize, &'s str)>> {
        let key_start = self.key_line(key)?;
        let yaml_start = key_start - self.yaml_offset;
        let block = &self.yaml[yaml_start..self.block_end(yaml_start)];
        let mut offset = key_start;
        let mut lines = Vec::new();
        for line in block.split_inclusive('\n') {
            lines.push((offset, line.trim_end_matches(['\n', '\r'])));
            offset += line.len();
        }
        let dash = |line: &str| {
            let bare = line.trim_start_matches(' ');
            (bare == "-" || bare.starts_with("- ")).then(|| line.len() - bare.len())
        };
        let indent = lines.iter().skip(1).find_map(|(_, line)| dash(line))?;
        let starts: Vec<usize> = (1..lines.len())
            .filter(|&i| dash(lines[i].1) == Some(indent))
            .collect();
        let first = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(lines.len());
        Some(lines[first..end].to_vec())
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

/// Which part of a `key: value` entry inside a list item [`FrontMatter::item_span`] locates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Key,
    Value,
}

/// Where a text with ` - ` inside, what YAML makes of a misaligned `- item`, is a mistake.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Folded {
    /// In a list: `[lecture - fluence]`, always two items run together.
    InLists,
    /// Also as a key's whole value (`themes: lecture` + `  - fluence`), once that value
    /// proved to be of the wrong type: a summary may well hold ` - `.
    AnyWhere,
}

impl Folded {
    fn holds(self, value: &Value) -> bool {
        let is_folded = |v: &Value| v.as_str().is_some_and(|t| t.contains(" - "));
        match value {
            Value::Sequence(items) => items.iter().any(is_folded),
            text => self == Folded::AnyWhere && is_folded(text),
        }
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
        assert_eq!(errors[0].message, "crochet `[` ouvert ici, jamais fermé");
        assert_eq!((errors[0].line, errors[0].column), (3, 9));
        assert_eq!(
            errors[0].help.as_deref(),
            Some("fermez le crochet à la fin de la valeur, sur la même ligne : themes: [a, b]")
        );
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
    fn folded_list_items_are_errors_only_where_a_list_is_meant() {
        let src = source("---\ntitle: Trois étapes\n  - lire\n---\n");
        let sample: Sample = split(&src).unwrap().parse(&SCHEMA).unwrap();
        assert_eq!(sample.title, "Trois étapes - lire");
        for yaml in [
            "title: A\nthemes: lecture\n  - fluence\n",
            "title: A\nthemes:\n  - lecture\n    - fluence\n",
        ] {
            let src = source(&format!("---\n{yaml}---\n"));
            let errors = split(&src).unwrap().parse::<Sample>(&SCHEMA).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].message.contains("`- fluence`"), "{errors:?}");
            assert_eq!(
                errors[0].line,
                5 - usize::from(yaml.contains("themes: lecture"))
            );
        }
    }

    #[test]
    fn entries_of_list_items_are_located() {
        let text = "---\ntitle: A\nthemes:\n  - video: a\n    prompt: Pourquoi ?\n  - video: b\n    promt: x\n---\n";
        let src = source(text);
        let fm = split(&src).unwrap();
        let at = |span: Range<usize>| {
            let error = src.error(span, "x");
            (error.line, error.column)
        };
        assert_eq!(at(fm.item_span("themes", 0, None)), (4, 5));
        assert_eq!(
            at(fm.item_span("themes", 1, Some(("video", Entry::Value)))),
            (6, 12)
        );
        assert_eq!(
            at(fm.item_span("themes", 1, Some(("promt", Entry::Key)))),
            (7, 5)
        );
        assert_eq!(
            at(fm.item_span("themes", 0, Some(("prompt", Entry::Value)))),
            (5, 13)
        );
        // Not found: the item; a list on one line: the key.
        assert_eq!(
            at(fm.item_span("themes", 1, Some(("prompt", Entry::Key)))),
            (6, 5)
        );
        let src = source("---\ntitle: A\nthemes: [{video: a}]\n---\n");
        let fm = split(&src).unwrap();
        assert_eq!(at(fm.item_span("themes", 0, None)), (3, 1));
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
