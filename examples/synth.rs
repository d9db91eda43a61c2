//! Writes a synthetic catalogue for manual runs and profiling:
//! `cargo run --release --example synth -- DIR [VIDEOS] [SEED]`, then
//! `capsule build --root DIR` (copy or link `themes/` into DIR first).

use capsule::synth::{generate, SynthOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: synth DIR [VIDEOS] [SEED]");
        std::process::exit(2);
    };
    let videos = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let seed = args.next().and_then(|n| n.parse().ok()).unwrap_or(42);
    match generate(std::path::Path::new(&dir), &SynthOptions { videos, seed }) {
        Ok(summary) => println!("{summary:?}"),
        Err(error) => {
            eprintln!("{dir}: {error}");
            std::process::exit(2);
        }
    }
}
