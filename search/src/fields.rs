//! The searchable fields of a document and their BM25 boosts.
//!
//! Boosts multiply tantivy's per-field BM25 score; a term's score for a document
//! is the sum over fields (what a tantivy `BooleanQuery` of `Should` clauses
//! gives). Title matters most, then topic labels and the summary, then people
//! and levels, then the body, and the transcript least (spoken, noisy text).

use crate::Document;

/// One indexed text field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub boost: f32,
    /// Whether the field feeds "related documents" (title, topics, text).
    pub related: bool,
}

/// All text fields, in scoring order.
pub const FIELDS: [FieldSpec; 7] = [
    FieldSpec {
        name: "title",
        boost: 3.0,
        related: true,
    },
    FieldSpec {
        name: "topics",
        boost: 2.0,
        related: true,
    },
    FieldSpec {
        name: "summary",
        boost: 2.0,
        related: true,
    },
    FieldSpec {
        name: "contributors",
        boost: 1.5,
        related: false,
    },
    FieldSpec {
        name: "levels",
        boost: 1.5,
        related: false,
    },
    FieldSpec {
        name: "body",
        boost: 1.0,
        related: true,
    },
    FieldSpec {
        name: "transcript",
        boost: 0.7,
        related: true,
    },
];

/// The text values a document puts in the field at `index` of [`FIELDS`].
pub fn field_values(doc: &Document, index: usize) -> Vec<&str> {
    match FIELDS[index].name {
        "title" => vec![doc.title.as_str()],
        "topics" => doc.topics.iter().map(|t| t.label.as_str()).collect(),
        "summary" => vec![doc.summary.as_str()],
        "contributors" => doc.contributors.iter().map(|c| c.label.as_str()).collect(),
        "levels" => doc.levels.iter().map(String::as_str).collect(),
        "body" => vec![doc.body.as_str()],
        _ => vec![doc.transcript.as_str()],
    }
}
