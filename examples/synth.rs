//! Writes a synthetic catalogue for manual runs and profiling:
//! `cargo run --release --example synth -- DIR [VIDEOS] [SEED] [THUMBNAILS]`, then
//! `capsule build --root DIR` (copy or link `themes/` into DIR first). THUMBNAILS videos
//! get a photo-like 1280×720 JPEG thumbnail of their own.

use capsule_synth::{add_thumbnails, generate, SynthOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: synth DIR [VIDEOS] [SEED]");
        std::process::exit(2);
    };
    let videos = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let seed = args.next().and_then(|n| n.parse().ok()).unwrap_or(42);
    let thumbnails = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let root = std::path::Path::new(&dir);
    let generated = generate(root, &SynthOptions { videos, seed })
        .and_then(|summary| add_thumbnails(root, thumbnails, seed).map(|_| summary));
    match generated {
        Ok(summary) => println!("{summary:?}"),
        Err(error) => {
            eprintln!("{dir}: {error}");
            std::process::exit(2);
        }
    }
}
