//! Synthetic data for Capsule's tests, examples and benchmarks, kept out of the production
//! crates: the catalogue generator (a whole site in the content format, with photo-like
//! thumbnails) and the workspace's one pseudo-random generator, which the search crate's
//! sample documents also draw from.

mod catalogue;
mod rng;

pub use catalogue::{
    add_thumbnails, generate, thumbnail_jpeg, SynthOptions, SynthSummary, THUMBNAIL_HEIGHT,
    THUMBNAIL_WIDTH,
};
pub use rng::SplitMix64;
