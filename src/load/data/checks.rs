//! The checks shared by the data files: a mapping's keys against its schema (every unknown
//! and missing key at once, with a suggestion), and values read as text, whole numbers,
//! dates and identifiers. Each problem is a French diagnostic at the value's line.

use chrono::NaiveDate;
use yaml_serde::{Mapping, Value};

use std::cell::OnceCell;

use super::located::{child, Locator, Step};
use crate::diagnostics::{suggest, Diagnostic, Source};

/// The keys one kind of entry accepts.
pub struct Schema {
    /// What a contributor calls the entry, with its article: "une enquête", "un objectif".
    pub what: &'static str,
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

/// Collects the problems of one data file.
pub struct Checker<'s> {
    source: &'s Source,
    /// Built at the first problem: a valid file (10 000 lines of counts) never needs it.
    locator: OnceCell<Locator<'s>>,
    pub problems: Vec<Diagnostic>,
}

/// The text of a key of a mapping, for the keys written as plain words.
pub fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

impl<'s> Checker<'s> {
    pub fn new(source: &'s Source) -> Checker<'s> {
        Checker {
            source,
            locator: OnceCell::new(),
            problems: Vec::new(),
        }
    }

    /// Finds where paths of the file are written.
    pub fn locator(&self) -> &Locator<'s> {
        self.locator.get_or_init(|| Locator::new(self.source))
    }

    /// Records an error at the value written at `path`, with `help`.
    pub fn value_error(&mut self, path: &[Step], message: impl Into<String>, help: &str) {
        let problem = self.locator().at_value(path, message).with_help(help);
        self.problems.push(problem);
    }

    /// `value` as a mapping whose keys `schema` accepts, or `None` after saying why.
    pub fn mapping<'v>(
        &mut self,
        value: &'v Value,
        path: &[Step],
        schema: &Schema,
    ) -> Option<&'v Mapping> {
        let Value::Mapping(mapping) = value else {
            let example = schema.required.first().copied().unwrap_or("clé");
            self.value_error(
                path,
                format!("il faut ici {} : des lignes `clé: valeur`", schema.what),
                &format!(
                    "écrivez les clés de {}, par exemple `{example}: …`",
                    schema.what
                ),
            );
            return None;
        };
        let known: Vec<&str> = schema
            .required
            .iter()
            .chain(schema.optional)
            .copied()
            .collect();
        for key in mapping.keys() {
            let name = key_text(key).unwrap_or_default();
            if known.contains(&name.as_str()) {
                continue;
            }
            let help = match suggest(&name, known.iter().copied()) {
                Some(close) => format!("vouliez-vous dire `{close}` ?"),
                None => format!(
                    "clés possibles : {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let problem = self
                .locator()
                .at_key(
                    &child(path, Step::Key(name.clone())),
                    format!("clé inconnue pour {} : `{name}`", schema.what),
                )
                .with_help(help);
            self.problems.push(problem);
        }
        for required in schema.required {
            if !mapping.contains_key(*required) {
                let problem = self
                    .locator()
                    .at_key(
                        path,
                        format!(
                            "clé obligatoire manquante pour {} : `{required}`",
                            schema.what
                        ),
                    )
                    .with_help(format!("ajoutez la clé `{required}` à {}", schema.what));
                self.problems.push(problem);
            }
        }
        Some(mapping)
    }

    /// `value` as a list, or `None` after saying why (`what`: "une liste d'enquêtes").
    pub fn list<'v>(&mut self, value: &'v Value, path: &[Step], what: &str) -> Option<&'v [Value]> {
        match value {
            Value::Sequence(items) => Some(items),
            _ => {
                self.value_error(
                    path,
                    format!("il faut ici {what}"),
                    "écrivez chaque élément sur sa ligne, après un tiret : `- …`",
                );
                None
            }
        }
    }

    /// A text value (a number or `true` written unquoted is taken as its text), or `None`
    /// when the key is absent or the value is not text.
    pub fn text(&mut self, map: &Mapping, path: &[Step], key: &str) -> Option<String> {
        let value = map.get(key)?;
        let here = child(path, Step::Key(key.to_string()));
        let text = match value {
            Value::String(text) => text.trim().to_string(),
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => {
                self.value_error(
                    &here,
                    format!("type incorrect pour `{key}` : il faut un texte"),
                    "écrivez un seul texte, entre guillemets",
                );
                return None;
            }
        };
        if text.is_empty() {
            self.value_error(
                &here,
                format!("`{key}` est vide"),
                "écrivez la valeur après les deux-points, ou retirez la clé si elle est facultative",
            );
            return None;
        }
        Some(text)
    }

    /// A whole number, zero or more (`1 234` with spaces is read too).
    pub fn count(&mut self, map: &Mapping, path: &[Step], key: &str) -> Option<u64> {
        let value = map.get(key)?;
        let here = child(path, Step::Key(key.to_string()));
        let read = match value {
            Value::Number(number) => number.as_u64(),
            Value::String(text) => whole_number(text),
            _ => None,
        };
        if read.is_none() {
            let shown = shown(value);
            self.value_error(
                &here,
                format!("`{key}` doit être un nombre entier positif, pas {shown}"),
                "écrivez le nombre en chiffres, sans virgule, par exemple `250`",
            );
        }
        read
    }

    /// A calendar date, `YYYY-MM-DD`.
    pub fn date(&mut self, map: &Mapping, path: &[Step], key: &str) -> Option<NaiveDate> {
        let value = map.get(key)?;
        let here = child(path, Step::Key(key.to_string()));
        let read = value
            .as_str()
            .and_then(|text| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok());
        if read.is_none() {
            let shown = shown(value);
            self.value_error(
                &here,
                format!("`{key}` doit être une date, pas {shown}"),
                "écrivez la date sous la forme année-mois-jour, par exemple `2026-06-30`",
            );
        }
        read
    }

    /// An identifier: `[a-z0-9]+(-[a-z0-9]+)*`.
    pub fn id(&mut self, map: &Mapping, path: &[Step], key: &str) -> Option<String> {
        let text = self.text(map, path, key)?;
        if crate::fields::is_valid_slug(&text) {
            return Some(text);
        }
        let here = child(path, Step::Key(key.to_string()));
        let respelled = crate::load::layout::slug_or_placeholder(&text);
        self.value_error(
            &here,
            format!("identifiant invalide : `{text}`"),
            &format!("un identifiant s'écrit en minuscules, chiffres et tirets, sans accents ni espaces : `{respelled}`"),
        );
        None
    }
}

/// `1234`, `1 234` (spaces, no-break spaces) → 1234.
pub fn whole_number(text: &str) -> Option<u64> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A value as a contributor wrote it, for messages: "`abc`", "une liste"…
pub fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => format!("`{}`", text.trim()),
        Value::Number(number) => format!("`{number}`"),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Null => "une valeur vide".to_string(),
        Value::Sequence(_) => "une liste".to_string(),
        Value::Mapping(_) => "un ensemble de clés".to_string(),
        Value::Tagged(_) => "une valeur étiquetée".to_string(),
    }
}
