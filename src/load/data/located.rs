//! Where a value of a data file is written, from its path in the parsed YAML
//! (`[0].questions[1].result`), so that a problem found in the parsed value is reported at
//! its line and column, like a front-matter problem.
//!
//! The path is followed through the layout of the lines (`key:` lines and `- item` lines,
//! read by `yaml_layout`); a value written inline (`{ views: 3 }`) is found on its
//! parent's line. When a step cannot be found, the problem points at the closest parent.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Source};
use crate::load::yaml_layout::{self, Shape};

/// One step of a path into a parsed YAML value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// `path` followed by `step`.
pub fn child(path: &[Step], step: Step) -> Vec<Step> {
    let mut longer = path.to_vec();
    longer.push(step);
    longer
}

/// A `key:` or a `-` of the file (the first key of a `- key: value` item counts apart).
#[derive(Debug, Clone)]
struct Mark<'s> {
    /// Bytes from the start of its line.
    column: usize,
    /// Byte offset in the file.
    start: usize,
    /// Byte offset of the end of its line.
    line_end: usize,
    /// `None` for a `-`.
    key: Option<&'s str>,
    /// Byte range of the value written on the same line, if any.
    value: Option<Range<usize>>,
}

/// Finds where paths of one file are written.
pub struct Locator<'s> {
    source: &'s Source,
    marks: Vec<Mark<'s>>,
}

/// Where a path was found: the key (or dash) and the value on its line.
#[derive(Clone)]
struct Found {
    key: Range<usize>,
    value: Option<Range<usize>>,
    line_end: usize,
}

impl<'s> Locator<'s> {
    pub fn new(source: &'s Source) -> Locator<'s> {
        let text: &'s str = &source.text;
        let mut marks = Vec::new();
        for line in yaml_layout::lines(text) {
            let piece = &line.text[line.indent..];
            let line_end = line.start + line.text.len();
            read_piece(
                &mut marks,
                piece,
                line.start + line.indent,
                line.indent,
                line_end,
            );
        }
        Locator { source, marks }
    }

    pub fn source(&self) -> &'s Source {
        self.source
    }

    /// An error at the key (or list item) written at `path`.
    pub fn at_key(&self, path: &[Step], message: impl Into<String>) -> Diagnostic {
        match self.find(path) {
            Some(found) => self.source.error(found.key, message),
            None => self.source.file_error(message),
        }
    }

    /// An error at the value written at `path` (at its key when the value is below it).
    pub fn at_value(&self, path: &[Step], message: impl Into<String>) -> Diagnostic {
        match self.find(path) {
            Some(found) => self.source.error(found.value.unwrap_or(found.key), message),
            None => self.source.file_error(message),
        }
    }

    fn find(&self, path: &[Step]) -> Option<Found> {
        let (mut low, mut high) = (0, self.marks.len());
        let mut found: Option<Found> = None;
        for step in path {
            let hit = self
                .marks
                .get(low)
                .filter(|_| low < high)
                .and_then(|first| {
                    let column = first.column;
                    let mut level = (low..high).filter(|&i| self.marks[i].column == column);
                    match step {
                        Step::Key(name) => {
                            level.find(|&i| self.marks[i].key == Some(name.as_str()))
                        }
                        Step::Index(n) => level.filter(|&i| self.marks[i].key.is_none()).nth(*n),
                    }
                });
            let Some(at) = hit else {
                return match (&found, step) {
                    (Some(parent), Step::Key(name)) => {
                        Some(self.inline(parent, name).unwrap_or_else(|| parent.clone()))
                    }
                    _ => found,
                };
            };
            let mark = &self.marks[at];
            let column = mark.column;
            found = Some(Found {
                key: mark.start..mark.start + mark.key.map_or(1, str::len),
                value: mark.value.clone(),
                line_end: mark.line_end,
            });
            low = at + 1;
            high = (low..high)
                .find(|&i| self.marks[i].column <= column)
                .unwrap_or(high);
        }
        found
    }

    // `name: value` inside the flow mapping written on `parent`'s line.
    fn inline(&self, parent: &Found, name: &str) -> Option<Found> {
        let from = parent.value.as_ref()?.start;
        let line = &self.source.text[from..parent.line_end];
        let pattern = format!("{name}:");
        let mut search = 0;
        while let Some(found) = line[search..].find(&pattern) {
            let at = search + found;
            let boundary = line[..at]
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '{' | ',' | ' '));
            if boundary {
                let after = at + pattern.len();
                let rest = &line[after..];
                let value_len = rest.find([',', '}']).unwrap_or(rest.len());
                let raw = &rest[..value_len];
                let lead = raw.len() - raw.trim_start().len();
                let value = from + after + lead..from + after + raw.trim_end().len();
                return Some(Found {
                    key: from + at..from + at + name.len(),
                    value: (!value.is_empty()).then_some(value),
                    line_end: parent.line_end,
                });
            }
            search = at + pattern.len();
        }
        None
    }
}

// The marks of one line from its first non-blank character (`piece`), which starts at byte
// `start` of the file and column `column` of its line.
fn read_piece<'s>(
    marks: &mut Vec<Mark<'s>>,
    piece: &'s str,
    start: usize,
    column: usize,
    line_end: usize,
) {
    let Some(line) = yaml_layout::lines(piece).into_iter().next() else {
        return;
    };
    let value = line
        .value_range()
        .map(|range| start + range.start..start + range.end);
    match line.shape {
        Shape::Key { name, .. } => marks.push(Mark {
            column,
            start,
            line_end,
            key: Some(name),
            value,
        }),
        Shape::Dash { item } => {
            marks.push(Mark {
                column,
                start,
                line_end,
                key: None,
                value,
            });
            if !item.is_empty() {
                let offset = item.as_ptr() as usize - piece.as_ptr() as usize;
                read_piece(
                    marks,
                    &piece[offset..],
                    start + offset,
                    column + offset,
                    line_end,
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            rel_path: "data/x.yaml".into(),
            text: text.into(),
        }
    }

    fn key(name: &str) -> Step {
        Step::Key(name.to_string())
    }

    fn line_column(locator: &Locator, path: &[Step], value: bool) -> (usize, usize) {
        let d = if value {
            locator.at_value(path, "x")
        } else {
            locator.at_key(path, "x")
        };
        (d.line, d.column)
    }

    #[test]
    fn follows_keys_and_list_items() {
        let text = "# note\n- id: a\n  title: A\n  questions:\n    - id: q1\n      result: 76 %\n    - id: q2\n      result: 80-86\n- id: b\n  title: B\n";
        let src = source(text);
        let locator = Locator::new(&src);
        let path = [
            Step::Index(0),
            key("questions"),
            Step::Index(1),
            key("result"),
        ];
        assert_eq!(line_column(&locator, &path, false), (8, 7));
        assert_eq!(line_column(&locator, &path, true), (8, 15));
        assert_eq!(
            line_column(&locator, &[Step::Index(1), key("title")], false),
            (10, 3)
        );
        assert_eq!(
            line_column(&locator, &[Step::Index(1), key("id")], true),
            (9, 7)
        );
        // A missing key points at its parent.
        assert_eq!(
            line_column(&locator, &[Step::Index(1), key("date")], false),
            (9, 1)
        );
    }

    #[test]
    fn finds_keys_of_inline_mappings() {
        let text = "a-b: { views: 12, source: peertube, fetched: 2026-01-02 }\nc: { views: x }\n";
        let src = source(text);
        let locator = Locator::new(&src);
        assert_eq!(
            line_column(&locator, &[key("a-b"), key("source")], true),
            (1, 27)
        );
        assert_eq!(
            line_column(&locator, &[key("c"), key("views")], true),
            (2, 13)
        );
        assert_eq!(line_column(&locator, &[key("c")], false), (2, 1));
    }
}
