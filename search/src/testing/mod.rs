//! Tooling for the crate's tests, examples and benchmarks, compiled only for them (the
//! `testing` feature, which the crate's dev-dependencies turn on): sample documents, the
//! browser client's fixtures, and a Rust twin of the client that reads an export back.
//! None of it is part of what a site build uses.

pub mod fixtures;
pub mod ranker;
pub mod sample;

/// The exported files' types (see `FORMAT.md`), to read an export back.
pub use crate::export::format;
/// The duration buckets a video's facet value comes from.
pub use crate::facets::{duration_bucket, duration_buckets};
