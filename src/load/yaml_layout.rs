//! The layout of YAML lines (indentation, `key:` lines, `- item` lines), read without the
//! parser, to explain in plain words the mistakes the parser reports vaguely or not at all:
//! a tab in the indentation, a stray space before a key, a list item indented differently from
//! the one above (which YAML silently folds into the previous item: `lecture - fluence`).
//!
//! This is a diagnosis aid, not a parser: it only runs on text the parser refused, or to
//! locate a folding the parsed value already shows.

use std::ops::Range;

/// One line of front matter, as far as its layout goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// Byte offset of the line in the YAML text.
    pub start: usize,
    /// 0-based line number.
    pub number: usize,
    /// The line without its end of line.
    pub text: &'a str,
    /// Spaces (and tabs) before the first character.
    pub indent: usize,
    pub shape: Shape<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape<'a> {
    Blank,
    Comment,
    /// `key: value` (value trimmed, without a trailing comment; empty when on the next lines).
    Key {
        name: &'a str,
        value: &'a str,
    },
    /// `- item` (item trimmed, without a trailing comment).
    Dash {
        item: &'a str,
    },
    /// Anything else: the continuation of a value started above.
    Other,
}

impl<'a> Line<'a> {
    /// Byte range of the line's value (or item) in the YAML text, when it has one.
    pub fn value_range(&self) -> Option<Range<usize>> {
        let value = match self.shape {
            Shape::Key { value, .. } | Shape::Dash { item: value } if !value.is_empty() => value,
            _ => return None,
        };
        let offset = value.as_ptr() as usize - self.text.as_ptr() as usize;
        Some(self.start + offset..self.start + offset + value.len())
    }

    /// Byte offset of the first tab among the leading blanks, if any.
    pub fn leading_tab(&self) -> Option<usize> {
        self.text[..self.indent]
            .find('\t')
            .map(|offset| self.start + offset)
    }
}

/// Every line of `yaml`, classified.
pub fn lines(yaml: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    yaml.split_inclusive('\n')
        .enumerate()
        .map(|(number, raw)| {
            let line = read_line(start, number, raw);
            start += raw.len();
            line
        })
        .collect()
}

fn read_line(start: usize, number: usize, raw: &str) -> Line<'_> {
    let text = raw.trim_end_matches(['\n', '\r']);
    let body = text.trim_start_matches([' ', '\t']);
    let indent = text.len() - body.len();
    let shape = if body.trim().is_empty() {
        Shape::Blank
    } else if body.starts_with('#') {
        Shape::Comment
    } else if body == "-" || body.starts_with("- ") || body.starts_with("-\t") {
        Shape::Dash {
            item: without_comment(&body[1..]).trim(),
        }
    } else {
        key_shape(body)
    };
    Line {
        start,
        number,
        text,
        indent,
        shape,
    }
}

// `name: value` when `body` starts with a plain key followed by a colon and a blank.
fn key_shape(body: &str) -> Shape<'_> {
    let Some(colon) = key_colon(body) else {
        return Shape::Other;
    };
    let name = &body[..colon];
    let plain = !name.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !name.ends_with([' ', '\t'])
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '));
    if !plain {
        return Shape::Other;
    }
    Shape::Key {
        name,
        value: without_comment(&body[colon + 1..]).trim(),
    }
}

// Byte offset of the first `:` followed by a blank or the end of the line.
fn key_colon(body: &str) -> Option<usize> {
    body.char_indices()
        .find(|&(i, c)| {
            c == ':'
                && body[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(|n| n == ' ' || n == '\t')
        })
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
}

// A value without its ` # comment`, unless the `#` may be inside quotes.
fn without_comment(value: &str) -> &str {
    if value.trim_start().starts_with(['"', '\'']) {
        return value;
    }
    match value.find(" #").or_else(|| value.find("\t#")) {
        Some(at) => &value[..at],
        None => value,
    }
}

/// A line whose indentation fits no block above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem<'a> {
    /// A tab among the leading blanks of `line`, at byte `at`.
    Tab { line: Line<'a>, at: usize },
    /// `line` is indented by `line.indent` where the block it continues is at `expected`.
    Misaligned {
        line: Line<'a>,
        expected: usize,
        /// The line above it, in the same file (not blank, not a comment).
        previous: Option<Line<'a>>,
        /// The top-level key whose block holds `line`.
        owner: Option<&'a str>,
    },
}

impl Problem<'_> {
    pub fn line_number(&self) -> usize {
        match self {
            Problem::Tab { line, .. } | Problem::Misaligned { line, .. } => line.number,
        }
    }
}

/// Every layout problem of `yaml`, top to bottom.
pub fn problems(yaml: &str) -> Vec<Problem<'_>> {
    Walk::default().run(&lines(yaml))
}

#[derive(Default)]
struct Walk<'a> {
    /// Indentations of the blocks open above the current line; the first is 0.
    levels: Vec<usize>,
    /// Indentation of a `key:` or `-` whose value starts on the next line.
    pending: Option<usize>,
    /// Indentation of a `key: |` whose text runs while lines are more indented.
    block_text: Option<usize>,
    previous: Option<Line<'a>>,
    owner: Option<&'a str>,
    found: Vec<Problem<'a>>,
}

impl<'a> Walk<'a> {
    fn run(mut self, lines: &[Line<'a>]) -> Vec<Problem<'a>> {
        self.levels.push(0);
        for line in lines {
            self.step(*line);
        }
        self.found
    }

    fn step(&mut self, line: Line<'a>) {
        if let Some(owner_indent) = self.block_text {
            if line.shape == Shape::Blank || line.indent > owner_indent {
                return;
            }
            self.block_text = None;
        }
        if matches!(line.shape, Shape::Blank | Shape::Comment) {
            return;
        }
        if let Some(at) = line.leading_tab() {
            self.found.push(Problem::Tab { line, at });
            return;
        }
        if line.shape == Shape::Other {
            return;
        }
        if line.indent == 0 {
            if let Shape::Key { name, .. } = line.shape {
                self.owner = Some(name);
            }
        }
        let open_levels = self.levels.clone();
        if self.fits(&line) {
            self.open(&line);
        } else {
            self.found.push(Problem::Misaligned {
                line,
                expected: closest(&open_levels, line.indent),
                previous: self.previous,
                owner: self.owner,
            });
            // Judge the next lines against the blocks as they were, not against this slip.
            self.levels = open_levels;
        }
        self.previous = Some(line);
    }

    // Whether `line` starts a block opened above or continues an open one.
    fn fits(&mut self, line: &Line<'a>) -> bool {
        let is_dash = matches!(line.shape, Shape::Dash { .. });
        if let Some(parent) = self.pending.take() {
            if line.indent > parent || (is_dash && line.indent == parent) {
                if line.indent > parent {
                    self.levels.push(line.indent);
                }
                return true;
            }
        }
        while self.levels.len() > 1 && self.levels.last().is_some_and(|&l| l > line.indent) {
            self.levels.pop();
        }
        self.levels.last() == Some(&line.indent)
    }

    // What the line opens for the lines below it.
    fn open(&mut self, line: &Line<'a>) {
        match line.shape {
            Shape::Key { value: "", .. } | Shape::Dash { item: "" } => {
                self.pending = Some(line.indent)
            }
            Shape::Key { value, .. } if value.starts_with(['|', '>']) => {
                self.block_text = Some(line.indent)
            }
            Shape::Dash { item } => {
                // `- key: value`: a mapping whose keys line up after the dash.
                let item_column = item.as_ptr() as usize - line.text.as_ptr() as usize;
                if let Shape::Key { value, .. } = key_shape(item) {
                    self.levels.push(item_column);
                    if value.is_empty() {
                        self.pending = Some(item_column);
                    }
                }
            }
            _ => {}
        }
    }
}

// The open block indentation nearest to `indent` (the deeper one on a tie).
fn closest(levels: &[usize], indent: usize) -> usize {
    levels
        .iter()
        .copied()
        .min_by_key(|&level| (level.abs_diff(indent), usize::MAX - level))
        .unwrap_or(0)
}

/// The items written for the top-level `key` (on its line and as `- item` lines below),
/// for suggesting the list in one line.
pub fn list_items<'a>(yaml: &'a str, key: &str) -> Vec<&'a str> {
    let all = lines(yaml);
    let Some(position) = all
        .iter()
        .position(|l| l.indent == 0 && matches!(l.shape, Shape::Key { name, .. } if name == key))
    else {
        return Vec::new();
    };
    let mut items = Vec::new();
    if let Shape::Key { value, .. } = all[position].shape {
        if !value.is_empty() && !value.starts_with(['[', '|', '>']) {
            items.push(value);
        }
    }
    for line in &all[position + 1..] {
        match line.shape {
            Shape::Dash { item } if !item.is_empty() => items.push(item),
            Shape::Key { .. } | Shape::Other if line.indent == 0 => break,
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn misaligned_lines(yaml: &str) -> Vec<(usize, usize)> {
        problems(yaml)
            .iter()
            .map(|p| match p {
                Problem::Misaligned { line, expected, .. } => (line.number, *expected),
                Problem::Tab { line, .. } => (line.number, usize::MAX),
            })
            .collect()
    }

    #[test]
    fn well_indented_yaml_has_no_problem() {
        let yaml = "title: A\nthemes:\n  - a\n  - b\nlevels:\n- CP\n- CE1\nlinks:\n  Site: x\n  Blog: y\n\ntranscript: |\n  - dit\n      - encore\n\n  fin\nsummary: >\n  texte\n# note\nsteps:\n  - video: a\n    prompt: b\n  - video: c\n";
        assert_eq!(misaligned_lines(yaml), vec![]);
    }

    #[test]
    fn stray_spaces_and_folded_items_are_found() {
        assert_eq!(misaligned_lines("title: A\n date: b\n"), vec![(1, 0)]);
        assert_eq!(misaligned_lines(" title: A\ndate: b\n"), vec![(0, 0)]);
        assert_eq!(misaligned_lines("themes:\n  - a\n    - b\n"), vec![(2, 2)]);
        assert_eq!(misaligned_lines("themes:\n  - a\n - b\n"), vec![(2, 2)]);
        assert_eq!(misaligned_lines("themes: a\n  - b\n"), vec![(1, 0)]);
        assert_eq!(misaligned_lines("links:\n  A: x\n B: y\n"), vec![(2, 2)]);
    }

    #[test]
    fn tabs_in_indentation_are_found() {
        let found = problems("themes:\n\t- a\n");
        assert!(matches!(found[0], Problem::Tab { at: 8, .. }), "{found:?}");
        assert!(problems("title:\tA\n").is_empty());
    }

    #[test]
    fn list_items_on_the_key_line_and_below() {
        let yaml = "title: A\nthemes: lecture\n  - fluence\nlevels: [CP]\n";
        assert_eq!(list_items(yaml, "themes"), vec!["lecture", "fluence"]);
        let yaml = "themes:\n  - lecture\n    - fluence # x\ntitle: A\n";
        assert_eq!(list_items(yaml, "themes"), vec!["lecture", "fluence"]);
    }
}
