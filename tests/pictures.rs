//! End-to-end tests of the picture cache: the real binary builds a small site with a bundle
//! thumbnail twice, after the output is deleted, after a thumbnail changes and with an entry
//! cut short, and what a visitor gets stays the same bytes.

mod common;

use common::{stderr, tree, Fixture};

// « Images : 3 générées, 5 reprises du cache », without the time it took.
fn images_line(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{}", stderr(output));
    let line = stderr(output)
        .lines()
        .find(|line| line.starts_with("Images :"))
        .unwrap_or_else(|| panic!("no « Images » line: {}", stderr(output)))
        .to_string();
    line.split(" (")
        .next()
        .expect("split gives one piece")
        .to_string()
}

fn cache_entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("cache folder")
        .map(|e| e.expect("entry"))
        // The folder `pages/` holds the build's record of pages, not pictures.
        .filter(|e| e.file_type().expect("type").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// The small site's pictures: 2 titled video cards and portraits, the fluence thumbnail's 2
// WebP copies, card and portrait, 2 event cards and the site's card.
const PICTURES: usize = 11;

#[test]
fn a_rebuild_takes_every_picture_from_the_cache_and_writes_the_same_bytes() {
    let site = Fixture::small();
    assert_eq!(
        images_line(&site.build()),
        format!("Images : {PICTURES} générées, 0 reprises du cache")
    );
    let first = tree(&site.public());
    let cache = site.root().join(".capsule-cache");
    assert_eq!(
        cache_entries(&cache).len(),
        PICTURES + 1,
        "every picture and the thumbnail's size"
    );

    assert_eq!(
        images_line(&site.build()),
        format!("Images : 0 générées, {PICTURES} reprises du cache")
    );
    assert_eq!(tree(&site.public()), first, "same output");

    std::fs::remove_dir_all(site.public()).expect("remove public");
    assert_eq!(
        images_line(&site.build()),
        format!("Images : 0 générées, {PICTURES} reprises du cache")
    );
    assert_eq!(tree(&site.public()), first, "same output without public/");
}

#[test]
fn a_changed_thumbnail_is_made_again_and_the_old_pictures_leave_the_cache() {
    let site = Fixture::small();
    images_line(&site.build());
    let cache = site.root().join(".capsule-cache");
    let before = cache_entries(&cache);
    site.write_bytes(
        "content/videos/fluence/vignette.jpg",
        &common::jpeg(640, 360),
    );
    assert_eq!(
        images_line(&site.build()),
        format!("Images : 4 générées, {} reprises du cache", PICTURES - 4)
    );
    let after = cache_entries(&cache);
    assert_eq!(after.len(), before.len(), "old entries pruned");
    assert_eq!(
        after.iter().filter(|name| before.contains(name)).count(),
        before.len() - 5,
        "the thumbnail's four pictures and its size were replaced"
    );
    assert!(
        site.page("/videos/fluence/")
            .contains("/videos/fluence/vignette-640.webp 640w"),
        "pages show the new size"
    );
}

#[test]
fn an_entry_cut_short_is_made_again() {
    let site = Fixture::small();
    images_line(&site.build());
    let first = tree(&site.public());
    let cache = site.root().join(".capsule-cache");
    let webp = cache_entries(&cache)
        .into_iter()
        .find(|name| name.ends_with(".webp"))
        .expect("a cached WebP");
    let bytes = std::fs::read(cache.join(&webp)).expect("entry");
    std::fs::write(cache.join(&webp), &bytes[..bytes.len() / 2]).expect("cut short");
    assert_eq!(
        images_line(&site.build()),
        format!("Images : 1 générées, {} reprises du cache", PICTURES - 1)
    );
    assert_eq!(tree(&site.public()), first);
    assert_eq!(std::fs::read(cache.join(&webp)).expect("entry"), bytes);
}

#[test]
fn the_cache_option_moves_the_cache() {
    let site = Fixture::small();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let folder = elsewhere.path().join("images");
    let folder_arg = folder.to_string_lossy().into_owned();
    let build = || site.run(&["build", "--cache", &folder_arg]);
    images_line(&build());
    assert!(!site.root().join(".capsule-cache").exists());
    assert_eq!(cache_entries(&folder).len(), PICTURES + 1);
    assert_eq!(
        images_line(&build()),
        format!("Images : 0 générées, {PICTURES} reprises du cache")
    );
}

#[test]
fn serve_takes_the_pictures_build_left_in_the_cache() {
    use std::io::{BufRead, BufReader};
    let site = Fixture::small();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let folder = elsewhere.path().join("images");
    let folder_arg = folder.to_string_lossy().into_owned();
    images_line(&site.run(&["build", "--cache", &folder_arg]));
    let modified = |name: &String| {
        std::fs::metadata(folder.join(name))
            .and_then(|m| m.modified())
            .expect("entry")
    };
    let entries = cache_entries(&folder);
    let stamps: Vec<_> = entries.iter().map(modified).collect();
    let mut serve = std::process::Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["serve", "--port", "0", "--cache", &folder_arg, "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", common::NOW)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = serve.stderr.take().expect("stderr");
    let served = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("Site servi sur"));
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(served, "serve started after its first build");
    assert_eq!(
        entries.iter().map(modified).collect::<Vec<_>>(),
        stamps,
        "every picture build made is still there, none made again"
    );
    assert_eq!(
        cache_entries(&folder).len(),
        entries.len() + 5,
        "only the cards and portraits of the draft and the future video (serve shows them) \
         and the site's card at serve's address are new"
    );
    assert!(!site.root().join(".capsule-cache").exists());
}
