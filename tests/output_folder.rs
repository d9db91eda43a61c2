//! End to end: `capsule build --output` can never replace the sources. Each refused output
//! exits with code 2 and a French message, and leaves every file around the site, the
//! previous output included, byte for byte as it was.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{stderr, Fixture};

/// A site at `<temp>/site`, built once into `site/public`, so that `..` stays in the
/// temp dir whose whole tree the tests compare.
struct Nested {
    outer: tempfile::TempDir,
}

impl Nested {
    fn new() -> Nested {
        let small = Fixture::small();
        let outer = tempfile::tempdir().expect("temp dir");
        for (rel, bytes) in common::tree(small.root()) {
            let path = outer.path().join("site").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, bytes).expect("write");
        }
        common::link_theme(&outer.path().join("site"));
        let nested = Nested { outer };
        let first = nested.build(&[]);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        nested
    }

    fn site(&self) -> PathBuf {
        self.outer.path().join("site")
    }

    /// `capsule build ARGS` run from the site root, as a maintainer types it.
    fn build(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_capsule"))
            .arg("build")
            .args(args)
            .current_dir(self.site())
            .env("SOURCE_DATE_EPOCH", common::NOW)
            .env("NO_COLOR", "1")
            .output()
            .expect("run capsule")
    }

    /// Every file and symbolic link under the temp dir, with its bytes or target.
    fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut entries: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(self.outer.path())
            .into_iter()
            .map(|e| e.expect("walk"))
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(self.outer.path())
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                let bytes = if e.path_is_symlink() {
                    let target = std::fs::read_link(e.path()).expect("link");
                    format!("-> {}", target.display()).into_bytes()
                } else if e.file_type().is_file() {
                    std::fs::read(e.path()).expect("read")
                } else {
                    b"folder".to_vec()
                };
                (rel, bytes)
            })
            .collect();
        entries.sort();
        entries
    }
}

/// Runs `build ARGS`, expects a refusal whose message holds `expected`, and nothing touched.
fn assert_refused(site: &Nested, args: &[&str], expected: &str) {
    let before = site.snapshot();
    let output = site.build(args);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
    assert!(message.starts_with("erreur : "), "{args:?}: {message}");
    assert!(message.contains(expected), "{args:?}: {message}");
    assert!(
        message.contains("rien n'a été modifié"),
        "{args:?}: {message}"
    );
    assert!(site.snapshot() == before, "{args:?} changed files on disk");
}

#[test]
fn an_output_that_is_holds_or_lies_in_the_sources_is_refused_and_nothing_moves() {
    let site = Nested::new();
    let holds_the_site = "contient le site lui-même : la construction remplacerait ses sources (site.yaml, content/, themes/)";
    let cases: [(&[&str], &str); 9] = [
        (
            &["--output", "content"],
            "le dossier de sortie `content` est `content/`, une source du site : la construction le remplacerait",
        ),
        (&["--output", "."], holds_the_site),
        (&["--output", ".."], holds_the_site),
        (
            &["--output", "content/videos"],
            "le dossier de sortie `content/videos` se trouve dans `content/`, une source du site",
        ),
        (
            &["--output", "themes/default"],
            "le dossier de sortie `themes/default` se trouve dans `themes/`, une source du site",
        ),
        (&["--output", "public/../content"], "est `content/`, une source"),
        (&["--output", "data"], "est `data/`, une source du site"),
        (&["--output", "site.yaml"], "est `site.yaml`, une source du site"),
        // Forcing never reaches the sources.
        (
            &["--output", "content", "--force-output"],
            "est `content/`, une source du site",
        ),
    ];
    for (args, expected) in cases {
        assert_refused(&site, args, expected);
    }
}

#[test]
fn a_symbolic_link_into_the_sources_is_followed_and_refused() {
    let site = Nested::new();
    std::os::unix::fs::symlink(
        site.site().join("content/videos"),
        site.site().join("sortie"),
    )
    .expect("symlink");
    assert_refused(
        &site,
        &["--output", "sortie"],
        "se trouve dans `content/`, une source du site",
    );
    assert_refused(
        &site,
        &["--output", "sortie/.."],
        "est `content/`, une source du site",
    );
}

#[test]
fn a_folder_capsule_did_not_write_is_refused_unless_forced() {
    let site = Nested::new();
    std::fs::create_dir_all(site.site().join("notes")).expect("mkdir");
    std::fs::write(site.site().join("notes/à-garder.txt"), "mes notes").expect("write");
    assert_refused(
        &site,
        &["--output", "notes"],
        "le dossier de sortie `notes` n'est pas vide et n'a pas été écrit par Capsule (il n'a pas de fichier .capsule-output) : la construction le remplacerait entièrement\n  aide : videz ou supprimez ce dossier, choisissez-en un autre, ou ajoutez `--force-output` pour le remplacer quand même",
    );

    let forced = site.build(&["--output", "notes", "--force-output"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(!site.site().join("notes/à-garder.txt").exists());
    assert!(site.site().join("notes/index.html").is_file());
    let again = site.build(&["--output", "notes"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "Capsule's own output is replaced without asking: {}",
        stderr(&again)
    );
}

#[test]
fn the_output_is_marked_and_an_unmarked_output_of_an_older_capsule_is_accepted() {
    let site = Nested::new();
    let public = site.site().join("public");
    let marker = public.join(".capsule-output");
    assert!(marker.is_file());
    std::fs::remove_file(&marker).expect("remove marker");
    let rebuilt = site.build(&[]);
    assert_eq!(rebuilt.status.code(), Some(0), "{}", stderr(&rebuilt));
    assert!(marker.is_file());
    assert!(
        !Path::new(&site.site().join(".public.capsule-previous")).exists()
            && !site.site().join(".public.capsule-staging").exists(),
        "no folder left beside the output"
    );
}

#[test]
fn serve_applies_the_same_rule_to_its_temporary_folder() {
    let site = Nested::new();
    let before = site.snapshot();
    let output = Command::new(env!("CARGO_BIN_EXE_capsule"))
        .args(["serve", "--port", "0"])
        .current_dir(site.site())
        .env("TMPDIR", site.site().join("content"))
        .output()
        .expect("run serve");
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains("se trouve dans `content/`, une source du site"),
        "{message}"
    );
    assert!(message.contains("TMPDIR"), "{message}");
    assert!(site.snapshot() == before, "serve changed files on disk");
}

/// Every file of the output folder, with its inode number and bytes.
fn inodes(public: &Path) -> std::collections::BTreeMap<String, (u64, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;
    common::tree(public)
        .into_iter()
        .map(|(rel, bytes)| {
            let inode = std::fs::metadata(public.join(&rel)).expect("stat").ino();
            (rel, (inode, bytes))
        })
        .collect()
}

#[test]
fn a_rebuild_writes_only_the_files_whose_bytes_changed() {
    let site = common::Fixture::small();
    let first = site.build();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = inodes(&site.public());

    let unchanged = site.build();
    assert_eq!(unchanged.status.code(), Some(0), "{}", stderr(&unchanged));
    assert!(
        stderr(&unchanged).contains(" 0 écrits, "),
        "{}",
        stderr(&unchanged)
    );
    assert!(
        inodes(&site.public()) == before,
        "a rebuild with nothing changed keeps every file, same inode, same bytes"
    );

    let edited = common::video(
        "Calcul mental avec les ardoises",
        "2026-10-01",
        "https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5",
        "[karim, claire]",
        "[calcul]",
        "levels: [CE2]\n",
    )
    .replace("Corps de la vidéo", "Nouveau texte de la vidéo");
    site.write("content/videos/ardoises.md", &edited);
    let rebuilt = site.build();
    assert_eq!(rebuilt.status.code(), Some(0), "{}", stderr(&rebuilt));
    let after = inodes(&site.public());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    let mut new_inodes = Vec::new();
    for (rel, (inode, bytes)) in &after {
        let (old_inode, old_bytes) = &before[rel];
        assert_eq!(
            inode != old_inode,
            bytes != old_bytes,
            "{rel}: a file gets a new inode exactly when its bytes change"
        );
        if inode != old_inode {
            new_inodes.push(rel.as_str());
        }
    }
    assert!(
        new_inodes.contains(&"videos/ardoises/index.html"),
        "{new_inodes:?}"
    );
    // The other texts come from the previous build's rendered Markdown, this one not.
    assert!(site
        .page("/videos/ardoises/")
        .contains("Nouveau texte de la vidéo"));
    assert!(site
        .page("/videos/rituel-lecture/")
        .contains("Corps de la vidéo"));
    assert!(
        !new_inodes.contains(&"videos/rituel-lecture/index.html"),
        "{new_inodes:?}"
    );
    assert!(
        new_inodes.len() < before.len() / 4,
        "{} of {} files rewritten: {new_inodes:?}",
        new_inodes.len(),
        before.len()
    );
    let summary = stderr(&rebuilt);
    let written = format!(" {} écrits, ", new_inodes.len());
    assert!(summary.contains(&written), "{summary}");
}

#[test]
fn a_page_replaced_in_the_output_is_rendered_again_by_the_next_build() {
    let site = common::Fixture::small();
    let first = site.build();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let page = site.public().join("videos/ardoises/index.html");
    let built = std::fs::read(&page).expect("page");
    std::fs::remove_file(&page).expect("remove");
    std::fs::write(&page, "<p>changé à la main</p>").expect("write");

    let rebuilt = site.build();
    assert_eq!(rebuilt.status.code(), Some(0), "{}", stderr(&rebuilt));
    assert_eq!(std::fs::read(&page).expect("page"), built);
    assert!(
        stderr(&rebuilt).contains(" 1 écrits, "),
        "{}",
        stderr(&rebuilt)
    );
}

/// A feed of videos is kept from the previous output while nothing it shows moved: a
/// contributor renamed, a theme retitled or a video edited makes its feeds again, and the
/// rebuilt site is the one a first build makes; a feed changed by hand is made again.
#[test]
fn a_feed_kept_from_the_previous_output_follows_what_its_items_show() {
    let site = common::Fixture::small();
    let first = site.build();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let read = |rel: &str| common::read(&site.public().join(rel));
    assert!(read("contributeurs/karim/feed.xml").contains("Karim Benali"));

    site.write(
        "content/contributors/karim.md",
        "---\nname: Karim Benali-Durand\nrole: conseiller pédagogique\n---\n",
    );
    site.write(
        "content/themes/calcul.md",
        "---\ntitle: Calcul réfléchi\ngroup: Mathématiques\n---\n",
    );
    let rebuilt = site.build();
    assert_eq!(rebuilt.status.code(), Some(0), "{}", stderr(&rebuilt));
    // Claire's feed shows the video Karim made with her: his new name is in it too.
    for feed in [
        "contributeurs/karim/feed.xml",
        "contributeurs/claire/feed.xml",
        "feed.xml",
    ] {
        assert!(read(feed).contains("Karim Benali-Durand"), "{feed}");
        assert!(read(feed).contains("Calcul réfléchi"), "{feed}");
    }
    assert!(read("themes/calcul/feed.xml").contains("Thème : Calcul réfléchi"));
    let feed = site.public().join("themes/lecture/feed.xml");
    let built = std::fs::read(&feed).expect("feed");
    std::fs::remove_file(&feed).expect("remove");
    std::fs::write(&feed, "<rss>changé à la main</rss>").expect("write");
    let again = site.build();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(std::fs::read(&feed).expect("feed"), built);
    let rebuilt_tree = common::tree(&site.public());

    std::fs::remove_dir_all(site.public()).expect("remove the output");
    std::fs::remove_dir_all(site.root().join(".capsule-cache")).expect("remove the cache");
    let cold = site.build();
    assert_eq!(cold.status.code(), Some(0), "{}", stderr(&cold));
    assert!(
        common::tree(&site.public()) == rebuilt_tree,
        "a rebuild keeping feeds gives the site a first build gives"
    );
}

/// A file that is neither a page nor a feed is kept without being read when the previous
/// build recorded the same bytes for it; one changed in the output since (here in place:
/// same file, same length) is written again.
#[test]
fn a_file_changed_in_place_in_the_output_is_written_again() {
    use std::io::Write;
    let site = common::Fixture::small();
    let first = site.build();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let sitemap = site.public().join("sitemap.xml");
    let built = std::fs::read(&sitemap).expect("sitemap");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(&sitemap)
        .expect("open");
    file.write_all(&vec![b'x'; built.len()]).expect("write");
    drop(file);

    let rebuilt = site.build();
    assert_eq!(rebuilt.status.code(), Some(0), "{}", stderr(&rebuilt));
    assert_eq!(std::fs::read(&sitemap).expect("sitemap"), built);
    assert!(
        stderr(&rebuilt).contains(" 1 écrits, "),
        "{}",
        stderr(&rebuilt)
    );
    let again = site.build();
    assert!(stderr(&again).contains(" 0 écrits, "), "{}", stderr(&again));
}
