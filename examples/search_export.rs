//! Writes a site's search index alone, without building the site (no pictures, no
//! pages), to measure it at sizes whose full build would not fit on the disk:
//! `cargo run --release --example search_export -- SITE_ROOT OUT_DIR`, then
//! `cargo run --release -p capsule-search --example budget -- OUT_DIR`.
//! With `OUT_DIR` ending in `.json`, writes the documents handed to the search engine
//! instead, which the budget example indexes itself (to try export options).
//! Results show the videos' thumbnails as written in their front matter (a build shows
//! their resized copies): the ranking is the same. Prints the index phase's times.

use std::path::Path;
use std::time::Instant;

use capsule::catalog::Publication;
use capsule::search_index::SiteSearch;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: search_export SITE_ROOT OUT_DIR");
        std::process::exit(2);
    };
    if let Err(error) = export(Path::new(root), Path::new(out)) {
        eprintln!("{error}");
        std::process::exit(1);
    }
}

fn export(root: &Path, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let publication = Publication {
        drafts: false,
        future: false,
        now: capsule::dates::build_clock(),
    };
    let (catalog, _) = capsule::load_catalog(root, None, publication)?;
    if out.extension().is_some_and(|e| e == "json") {
        let engine = capsule::search_index::engine(&catalog)?;
        std::fs::write(out, serde_json::to_vec(engine.documents())?)?;
        println!(
            "{} documents written to {}",
            engine.documents().len(),
            out.display()
        );
        return Ok(());
    }
    let started = Instant::now();
    let search = SiteSearch::build(&catalog, &Default::default())?;
    let indexed = started.elapsed();
    let files = search.engine.export()?;
    let exported = started.elapsed() - indexed;
    let mut bytes = 0;
    for file in &files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.bytes)?;
        bytes += file.bytes.len();
    }
    println!(
        "{} videos: index and related videos {indexed:.1?}, export {exported:.1?} ({} files, {bytes} bytes) into {}",
        catalog.videos.len(),
        files.len(),
        out.display()
    );
    Ok(())
}
