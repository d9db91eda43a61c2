//! End to end: after each kind of save (a video, a contributor, a theme, an event, a page,
//! a news item, a training path, `site.yaml`, a template, a data file, a file added or
//! removed), the folder `capsule serve` rebuilt in place holds byte for byte what a full
//! `capsule build` makes of the same files: serve re-renders only the pages whose fingerprint
//! moved, and none may be left stale.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::serve::{serve_command, Events, Server};
use common::{fill, jpeg, tree, video, Fixture};

/// A small site served from a temporary folder this test can read.
struct Session {
    site: Fixture,
    /// serve's TMPDIR: it holds serve's output folder and nothing else.
    temp: tempfile::TempDir,
    server: Server,
    events: Events,
}

impl Session {
    /// Serves a small site, with `extra` files `(path, text)` written before it starts.
    fn start(extra: &[(&str, &str)]) -> Session {
        let site = Fixture::small();
        // Written before serve watches: a save that makes a folder may reach the watcher as
        // two changes (the folder, then the file), hence two rebuilds for one save.
        for (rel, text) in extra {
            site.write(rel, text);
        }
        common::link_theme(site.root());
        // serve watches `data/` when it exists as it starts (a folder made later is not
        // watched until serve restarts): this site gets its data files while served.
        std::fs::create_dir_all(site.root().join("data")).expect("data/");
        let temp = tempfile::tempdir().expect("temp dir");
        let mut command = serve_command(site.root(), temp.path());
        command.env("SOURCE_DATE_EPOCH", common::NOW);
        let server = Server::start(command, Duration::from_secs(60));
        // The site is served once its pages are written; search and feeds follow.
        server.wait_for_line("Reconstruit");
        let events = server.events();
        Session {
            site,
            temp,
            server,
            events,
        }
    }

    /// Where serve writes the site: the one folder it made in its TMPDIR.
    fn served(&self) -> PathBuf {
        let mut folders: Vec<PathBuf> = std::fs::read_dir(self.temp.path())
            .expect("read TMPDIR")
            .map(|entry| entry.expect("entry").path())
            .collect();
        assert_eq!(folders.len(), 1, "serve's TMPDIR: {folders:?}");
        folders.remove(0)
    }

    /// Saves `text` at `rel` (or removes the file), waits until serve has rebuilt, and
    /// compares its folder with a full build; returns serve's line about the rebuild.
    fn save(&self, what: &str, rel: &str, text: Option<&str>) -> String {
        match text {
            Some(text) => self.write_whole(rel, text),
            None => self.site.remove(rel),
        }
        self.rebuilt(what)
    }

    // Saves as editors that rename a finished file into place do, so that one save is one
    // change: a save written in two steps (truncate, then write) may be seen as two, and a
    // busy machine would then rebuild twice while this test compares after the first.
    fn write_whole(&self, rel: &str, text: &str) {
        let target = self.site.root().join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        let staged = self.site.root().with_extension("saving");
        std::fs::write(&staged, text).expect("write");
        std::fs::rename(&staged, &target).expect("rename into place");
    }

    fn rebuilt(&self, what: &str) -> String {
        let event = self.events.next();
        assert_eq!(event.name, "reload", "after {what}: {}", event.data);
        // The reload comes once the pages are written; this line once everything is.
        let line = self.server.wait_for_line("Reconstruit");
        // A save seen as two batches is rebuilt twice: compare once serve is idle.
        self.server.quiet_for(Duration::from_millis(1500));
        self.events.drain();
        self.assert_same_as_full_build(what);
        line
    }

    /// The pictures serve published for the video `slug` made from its thumbnail (its
    /// resized copies, its photo card and its social-kit portrait).
    fn pictures_of(&self, slug: &str) -> usize {
        let folder = self.served().join("videos").join(slug);
        std::fs::read_dir(&folder)
            .expect("the video's folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".webp") || name == "carte.jpg" || name == "portrait.jpg")
            .count()
    }

    /// `capsule build` of the same files, as serve reads them (drafts and future videos,
    /// served at its address), into a fresh folder: every file must be the same.
    fn assert_same_as_full_build(&self, what: &str) {
        let out = tempfile::tempdir().expect("temp dir");
        let built = out.path().join("site");
        let base_url = format!("http://127.0.0.1:{}/", self.server.port);
        let output = Command::new(env!("CARGO_BIN_EXE_capsule"))
            .args(["build", "--drafts", "--future", "--base-url", &base_url])
            .arg("--root")
            .arg(self.site.root())
            .arg("--output")
            .arg(&built)
            .env("SOURCE_DATE_EPOCH", common::NOW)
            .env("NO_COLOR", "1")
            .output()
            .expect("run capsule build");
        assert!(output.status.success(), "{}", common::stderr(&output));
        let differences = differences(&self.served(), &built);
        assert!(
            differences.is_empty(),
            "after {what}, serve's folder differs from a full build:\n{}",
            differences.join("\n")
        );
    }
}

// Files present on one side only, or with other bytes; the marker of a build's output
// folder is a build's own.
fn differences(served: &std::path::Path, built: &std::path::Path) -> Vec<String> {
    let served = files(served);
    let built = files(built);
    let mut found = Vec::new();
    for (path, bytes) in &served {
        match built.get(path) {
            None => found.push(format!("  only in serve's folder: {path}")),
            Some(other) if other != bytes => found.push(format!("  differs: {path}")),
            Some(_) => {}
        }
    }
    for path in built.keys().filter(|p| !served.contains_key(*p)) {
        found.push(format!("  only in the full build: {path}"));
    }
    found
}

// (made, taken from the cache) in serve's line about a rebuild: « images : 0 générées,
// 3 reprises du cache ».
fn picture_counts(line: &str) -> (usize, usize) {
    let count_before = |word: &str| {
        let head = line.split(word).next().unwrap_or_default();
        head.split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count before {word:?} in {line:?}"))
    };
    (
        count_before(" générées"),
        count_before(" reprises du cache"),
    )
}

fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(dir)
        .into_iter()
        .filter(|(path, _)| path != ".capsule-output")
        .collect()
}

/// A training path of the small site, on two of its videos.
const PATH_FILE: &str = "content/parcours/seance.md";
const TRAINING_PATH: &str = "---\ntitle: \"Une séance de calcul\"\nauthors: [claire]\nlevels: [CE2]\nduration: \"45 min\"\nsteps:\n  - video: ardoises\n    prompt: \"Que montre l'ardoise ?\"\n  - video: fluence\n    prompt: \"Et le coach ?\"\n---\nUne séance.\n";

#[test]
fn every_kind_of_save_leaves_serve_with_the_bytes_of_a_full_build() {
    let session = Session::start(&[(PATH_FILE, TRAINING_PATH)]);
    session.assert_same_as_full_build("the first build");

    let ardoises = "content/videos/ardoises.md";
    let edited = video(
        "Les ardoises du matin",
        "2026-10-01",
        "https://tube-cycle-2.apps.education.fr/w/9xFq2kLmN3pQ7rT5",
        "[karim, claire]",
        "[calcul]",
        "levels: [CE2]\n",
    )
    .replace("Corps de la vidéo", "Nouveau corps de la vidéo");
    session.save("a video's title and body", ardoises, Some(&edited));

    let moved = video(
        "Les ardoises du matin",
        "2025-06-02",
        "https://vimeo.com/1",
        "[claire]",
        "[lecture, calcul]",
        "levels: [CP]\n",
    );
    session.save(
        "a video's date, contributors, themes and levels",
        ardoises,
        Some(&moved),
    );

    // A video with a thumbnail: its pictures come from the cache again, and no other's.
    let fluence = "content/videos/fluence/index.md";
    let text = std::fs::read_to_string(session.site.root().join(fluence)).expect("fluence");
    let line = session.save(
        "a video with a thumbnail",
        fluence,
        Some(&text.replace("Fluence à deux", "Fluence à deux voix")),
    );
    let own = session.pictures_of("fluence");
    assert!(
        own >= 3,
        "copies, card and portrait of the thumbnail: {own}"
    );
    assert_eq!(picture_counts(&line), (0, own), "{line}");

    let claire = "content/contributors/claire.md";
    let text = std::fs::read_to_string(session.site.root().join(claire)).expect("claire");
    let renamed = fill(
        &text,
        &[
            ("name:", "name: Claire Martin-Dupuis"),
            ("academie:", "academie: Amiens"),
        ],
    );
    session.save("a contributor", claire, Some(&renamed));

    session.save(
        "a theme",
        "content/themes/lecture.md",
        Some("---\ntitle: Lecture et écriture\ngroup: Langage\ndescription: Lire et écrire.\n---\nÉcrire aussi.\n"),
    );

    let fluence = "content/events/focus-fluence.md";
    let text = std::fs::read_to_string(session.site.root().join(fluence)).expect("event");
    let past = fill(
        &text,
        &[
            ("title:", "title: Focus fluence, bilan"),
            ("start:", "start: 2026-11-04T17:00:00+01:00"),
            ("end:", "end: 2026-11-04T18:00:00+01:00"),
        ],
    );
    session.save("an event (now past)", fluence, Some(&past));

    session.save(
        "a page",
        "content/pages/a-propos.md",
        Some("---\ntitle: Qui sommes-nous\n---\nUne communauté d'enseignants.\n"),
    );

    // The indicators page, the home page, video pages and profiles show figures of data/.
    session.save(
        "view counts",
        "data/vues.yaml",
        Some("ardoises: { views: 1500, source: peertube, fetched: 2026-11-15 }\nrituel-lecture: { views: 20, source: youtube, fetched: 2026-11-15 }\n"),
    );
    session.save(
        "a survey",
        "data/enquetes.yaml",
        Some("- id: e\n  title: Enquête\n  date: 2025-06-20\n  asked: Tous\n  respondents: 12\n  source: Rapport\n  questions:\n    - id: q\n      question: Alors ?\n      result: 76 %\n      headline: ont aimé\n"),
    );
    session.save(
        "an objective",
        "data/objectifs.yaml",
        Some("- indicator: views\n  target: 2000\n  deadline: 2027-06-30\n"),
    );
    session.save(
        "new view counts",
        "data/vues.yaml",
        Some("ardoises: { views: 2500, source: peertube, fetched: 2026-11-22 }\n"),
    );
    // A training path: its page, the index, the feed, its videos' pages and its authors'.
    let edited = TRAINING_PATH
        .replace("Une séance de calcul", "Une séance de calcul et de lecture")
        .replace("authors: [claire]", "authors: [karim]")
        .replace("video: ardoises", "video: ardoise-x")
        .replace("video: fluence", "video: ardoises")
        .replace("video: ardoise-x", "video: fluence")
        .replace("Et le coach ?", "Et le **coach** ?");
    session.save(
        "a training path's title, authors and steps",
        PATH_FILE,
        Some(&edited),
    );
    let renamed = video(
        "Les ardoises du soir",
        "2025-06-02",
        "https://vimeo.com/1",
        "[claire]",
        "[lecture, calcul]",
        "levels: [CP]\n",
    );
    session.save("a video a training path shows", ardoises, Some(&renamed));
    session.save("a removed training path", PATH_FILE, None);
    // Back, on a video that stays to the end (its thumbnail changes last).
    let fluence_only = TRAINING_PATH.replace(
        "  - video: ardoises\n    prompt: \"Que montre l'ardoise ?\"\n",
        "",
    );
    session.save("a new training path", PATH_FILE, Some(&fluence_only));

    let config = common::SITE_YAML
        .replace("title: \"Classe test\"", "title: \"Classe modifiée\"")
        .replace("per_page: 2", "per_page: 1");
    session.save("site.yaml", "site.yaml", Some(&config));

    let template = "themes/default/templates/partials/card.html";
    let text = std::fs::read_to_string(session.site.root().join(template)).expect("card");
    session.save(
        "a template",
        template,
        Some(&format!(
            "<!-- carte -->{}",
            text.replacen('<', "<i>neuf</i><", 1)
        )),
    );

    // A broken template stops a rebuild halfway; serve keeps track of its files anyway.
    let repaired = std::fs::read_to_string(session.site.root().join(template)).expect("card");
    session.site.write(template, "{% if %}");
    let error = session.events.next();
    assert_eq!(error.name, "error", "{}", error.data);
    session.save(
        "a template repaired after an error",
        template,
        Some(&repaired),
    );

    let news = "content/actualites/nouvelle.md";
    let item = |title: &str| {
        format!("---\ntitle: \"{title}\"\ndate: 2026-11-10\nsummary: \"Du nouveau.\"\nvideos: [fluence]\nevents: [focus-fluence]\n---\nLe corps.\n")
    };
    session.save("a new news item", news, Some(&item("Une actualité")));
    session.save(
        "a news item's title",
        news,
        Some(&item("Une actualité renommée")),
    );
    session.save("a removed news item", news, None);

    session.save(
        "a new video",
        "content/videos/nouvelle.md",
        Some(&video(
            "Une nouvelle vidéo",
            "2026-11-20",
            "https://vimeo.com/42",
            "[karim]",
            "[calcul]",
            "levels: [CM1]\n",
        )),
    );
    session.save("a removed video", "content/videos/rituel-lecture.md", None);
    session.save("another removed video", ardoises, None);

    session
        .site
        .write_bytes("content/videos/fluence/vignette.jpg", &jpeg(640, 360));
    let line = session.rebuilt("a smaller thumbnail in a video's folder");
    let own = session.pictures_of("fluence");
    assert_eq!(
        picture_counts(&line),
        (own, 0),
        "only its pictures are made: {line}"
    );
}
