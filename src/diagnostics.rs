//! Content problems, located by file, line and column, collected and reported together.
//!
//! Every check of `load` and `catalog` pushes a [`Diagnostic`] instead of stopping, so that
//! a contributor sees every problem of a pull request in one run. Messages are in French:
//! they are read by teachers. Rendering is done here in three formats: human (with the
//! offending line quoted, by codespan-reporting), GitHub annotations and JSON. A warning
//! (e.g. a file nothing uses) is reported the same way but does not fail a check.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

/// How serious a diagnostic is: an error fails `check` and `build`, a warning does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte range in the file, for quoting the line.
    #[serde(skip)]
    pub span: Range<usize>,
    /// What is wrong, in French.
    pub message: String,
    /// How to fix it, in French, when we know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The text of one source file, shared so that diagnostics can point into it.
#[derive(Debug, Clone)]
pub struct Source {
    pub rel_path: String,
    pub text: Arc<str>,
}

impl Source {
    pub fn new(root: &Path, path: &Path, text: impl Into<Arc<str>>) -> Source {
        Source {
            rel_path: relative_display(root, path),
            text: text.into(),
        }
    }

    /// A diagnostic at a byte range of this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = span.start.min(self.text.len());
        let (line, column) = line_column(&self.text, start);
        Diagnostic {
            severity: Severity::Error,
            file: self.rel_path.clone(),
            line,
            column,
            span: start..span.end.clamp(start, self.text.len()),
            message: message.into(),
            help: None,
        }
    }

    /// A diagnostic about the whole file (points at its first line).
    pub fn file_error(&self, message: impl Into<String>) -> Diagnostic {
        let first_line_end = self.text.find('\n').unwrap_or(self.text.len());
        self.error(0..first_line_end, message)
    }
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The same problem, reported as a warning.
    pub fn as_warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any of `diagnostics` is an error (not only warnings).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// `path` relative to `root`, with forward slashes, for messages.
pub fn relative_display(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// "did you mean `x`?" for the closest known id, when one is close enough.
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wrong, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// Output format of `capsule check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Github,
    Json,
}

/// Diagnostics sorted by file and position, with the sources they point into.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a BTreeMap<String, Arc<str>>,
}

impl Report<'_> {
    /// Writes the report in `format`. Human output is coloured when `out` supports it.
    pub fn write(&self, format: Format, out: &mut dyn WriteColor) -> std::io::Result<()> {
        match format {
            Format::Human => self.write_human(out),
            Format::Github => self.write_github(out),
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, self.diagnostics)?;
                writeln!(out)
            }
        }
    }

    fn write_human(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (name, text) in self.sources {
            ids.insert(name.as_str(), files.add(name.as_str(), text.as_ref()));
        }
        let config = term::Config::default();
        for diagnostic in self.diagnostics {
            let (shown, english, header) = match diagnostic.severity {
                Severity::Error => (CsDiagnostic::error(), "error: ", "erreur"),
                Severity::Warning => (CsDiagnostic::warning(), "warning: ", "attention"),
            };
            match ids.get(diagnostic.file.as_str()) {
                Some(&id) => {
                    let mut shown = shown
                        .with_message(&diagnostic.message)
                        .with_labels(vec![Label::primary(id, diagnostic.span.clone())]);
                    if let Some(help) = &diagnostic.help {
                        shown = shown.with_notes(vec![format!("aide : {help}")]);
                    }
                    let mut plain = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
                    term::emit_to_write_style(&mut plain, &config, &files, &shown)
                        .map_err(std::io::Error::other)?;
                    let text = String::from_utf8_lossy(&plain.into_inner()).into_owned();
                    // codespan-reporting's header word is English; contributors read French.
                    let french = format!("{header} : ");
                    out.write_all(text.replacen(english, &french, 1).as_bytes())?;
                }
                None => {
                    writeln!(
                        out,
                        "{header} : {}:{}:{}: {}",
                        diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message
                    )?;
                    if let Some(help) = &diagnostic.help {
                        writeln!(out, "  = aide : {help}")?;
                    }
                }
            }
        }
        writeln!(out, "{}", self.summary())
    }

    /// The closing line: how many errors, how many warnings.
    pub fn summary(&self) -> String {
        let warnings = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        summary_with_warnings(self.diagnostics.len() - warnings, warnings)
    }

    fn write_github(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        for d in self.diagnostics {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(" — ");
                message.push_str(help);
            }
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={}::{}",
                escape_github_property(&d.file),
                d.line,
                d.column,
                escape_github_data(&message)
            )?;
        }
        Ok(())
    }
}

/// "1 problème trouvé" / "3 problèmes trouvés".
pub fn summary_line(count: usize) -> String {
    match count {
        0 => "Aucun problème trouvé.".to_string(),
        1 => "1 problème trouvé.".to_string(),
        n => format!("{n} problèmes trouvés."),
    }
}

/// [`summary_line`] followed by the number of warnings, when there are some:
/// "Aucun problème trouvé, 1 avertissement." / "2 problèmes trouvés, 3 avertissements."
pub fn summary_with_warnings(errors: usize, warnings: usize) -> String {
    let line = summary_line(errors);
    match warnings {
        0 => line,
        1 => format!("{}, 1 avertissement.", line.trim_end_matches('.')),
        n => format!("{}, {n} avertissements.", line.trim_end_matches('.')),
    }
}

// GitHub workflow commands escape %, CR and LF in data, plus : and , in properties.
fn escape_github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Sorts diagnostics by file, line and column, and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column, a.message.as_str()).cmp(&(
            b.file.as_str(),
            b.line,
            b.column,
            b.message.as_str(),
        ))
    });
    diagnostics.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a: 1\nétoile: x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let offset = text.find('x').unwrap();
        assert_eq!(line_column(text, offset), (2, 9));
    }

    #[test]
    fn suggests_the_closest_id() {
        let known = ["lecture", "ecriture", "geometrie"];
        assert_eq!(suggest("lectur", known), Some("lecture"));
        assert_eq!(suggest("zzz", known), None);
    }

    #[test]
    fn github_annotations_escape_newlines_and_separators() {
        let source = Source {
            rel_path: "content/videos/a,b.md".into(),
            text: "title: x\n".into(),
        };
        let diagnostics = vec![source.error(7..8, "ligne 1\nligne 2 100%")];
        let sources = BTreeMap::new();
        let report = Report {
            diagnostics: &diagnostics,
            sources: &sources,
        };
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        report.write(Format::Github, &mut out).unwrap();
        let printed = String::from_utf8(out.into_inner()).unwrap();
        assert_eq!(
            printed,
            "::error file=content/videos/a%2Cb.md,line=1,col=8::ligne 1%0Aligne 2 100%25\n"
        );
    }
}
