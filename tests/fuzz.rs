//! Property tests (fuzzing) of what contributors type: front matter and Markdown bodies of
//! videos, contributors, themes and events, generated valid, mutated the way web-editor
//! mistakes mutate them, or arbitrary. Each case is written into a small site in a temp
//! folder and loaded in-process through capsule's public API, so thousands of cases run in
//! seconds. Properties: nothing panics or hangs; every content error names a file and a line
//! of it; a valid file loads with the values written and its page renders; a body's HTML
//! never carries script, event handlers, remote images or links of other schemes.
//!
//! `cargo test --test fuzz` runs 3 160 cases; `CAPSULE_FUZZ_CASES=100000 cargo test --release
//! --test fuzz` is a longer run of that many cases in all (README, Tests).

mod common;

use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use capsule::catalog::{Catalog, Publication};
use capsule::render::{Job, Site};
use capsule::Error;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

// ---------------------------------------------------------------------------------------
// The site every case is written into.

const SITE_YAML: &str = "title: \"Fuzz\"\nbase_url: \"https://fuzz.example.org\"\ntimezone: Europe/Paris\npeertube_hosts: [tube-cycle-2.apps.education.fr]\n";
const CONTRIBUTORS: [&str; 2] = ["claire", "karim"];
const TOPICS: [&str; 2] = ["lecture", "calcul"];
const VIDEOS: [&str; 1] = ["rituel"];
const LEVELS: [&str; 8] = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"];

/// The kinds of content file under test, and where the fuzzed one is written.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Video,
    Contributor,
    Topic,
    Event,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Video => "content/videos/fuzz.md",
            Kind::Contributor => "content/contributors/fuzz.md",
            Kind::Topic => "content/themes/fuzz.md",
            Kind::Event => "content/events/fuzz.md",
        }
    }
}

/// A valid site in a temp folder; each case replaces one file.
struct Sandbox {
    site: common::Fixture,
}

impl Sandbox {
    fn new() -> Sandbox {
        let site = common::Fixture::empty();
        site.write("site.yaml", SITE_YAML);
        site.write("content/themes/lecture.md", "---\ntitle: Lecture\n---\n");
        site.write("content/themes/calcul.md", "---\ntitle: Calcul\n---\n");
        site.write(
            "content/contributors/claire.md",
            "---\nname: Claire\nrole: professeure des écoles\n---\n",
        );
        site.write(
            "content/contributors/karim.md",
            "---\nname: Karim\nrole: conseiller pédagogique\n---\n",
        );
        site.write(
            "content/videos/rituel.md",
            &common::video(
                "Rituel",
                "2026-01-05",
                "https://vimeo.com/1",
                "[claire]",
                "[lecture]",
                "",
            ),
        );
        common::link_theme(site.root());
        Sandbox { site }
    }

    fn root(&self) -> &Path {
        self.site.root()
    }

    fn load(&self, kind: Kind, bytes: &[u8]) -> Result<Catalog, Error> {
        for other in KINDS {
            let _ = std::fs::remove_file(self.root().join(other.path()));
        }
        let path = self.root().join(kind.path());
        std::fs::create_dir_all(path.parent().expect("folder")).expect("content folder");
        std::fs::write(path, bytes).expect("write the case");
        let publication = Publication {
            drafts: true,
            future: true,
            now: chrono::DateTime::from_timestamp(1_795_435_200, 0).expect("time"),
        };
        capsule::load_catalog(self.root(), None, publication).map(|(catalog, _)| catalog)
    }

    /// Any input: loads or is refused with located errors; what loads is safe HTML.
    fn any(&self, kind: Kind, bytes: &[u8]) -> Result<(), TestCaseError> {
        match self.load(kind, bytes) {
            Ok(catalog) => bodies_are_safe(&catalog),
            Err(Error::Content { diagnostics, .. }) => {
                prop_assert!(!diagnostics.is_empty(), "refused without a reason");
                for d in &diagnostics {
                    let lines = lines_of(&self.root().join(&d.file));
                    let line = d.line.checked_sub(1).and_then(|i| lines.get(i));
                    let columns = line.map_or(0, |l| l.chars().count() + 1);
                    prop_assert!(
                        line.is_some() && d.column >= 1 && d.column <= columns,
                        "{}:{}:{} ({} lines, {} columns there): {}",
                        d.file,
                        d.line,
                        d.column,
                        lines.len(),
                        columns,
                        d.message
                    );
                    prop_assert!(!d.message.trim().is_empty(), "empty message at {}", d.file);
                }
                Ok(())
            }
            Err(other) => Err(TestCaseError::fail(format!("not a content error: {other}"))),
        }
    }

    /// A valid file, whatever its body: loads, keeps its title, and its body is safe HTML.
    fn loads(&self, kind: Kind, doc: &Doc) -> Result<(Catalog, Job, String), TestCaseError> {
        let catalog = match self.load(kind, doc.text.as_bytes()) {
            Ok(catalog) => catalog,
            Err(Error::Content { diagnostics, .. }) => {
                return Err(TestCaseError::fail(format!("{diagnostics:#?}")))
            }
            Err(other) => return Err(TestCaseError::fail(other.to_string())),
        };
        bodies_are_safe(&catalog)?;
        let (job, title) = find(&catalog, kind)
            .ok_or_else(|| TestCaseError::fail("the fuzzed entity is missing"))?;
        prop_assert_eq!(&title, doc.title.trim());
        Ok((catalog, job, title))
    }

    /// A valid file: loads, and its page renders with its title.
    fn renders(&self, kind: Kind, doc: &Doc) -> Result<(), TestCaseError> {
        let (catalog, job, title) = self.loads(kind, doc)?;
        let related = vec![Vec::new(); catalog.videos.len()];
        let theme = self.root().join("themes/default");
        let fail = |e: Error| TestCaseError::fail(e.to_string());
        let site = Site::new(&catalog, &theme, &related).map_err(fail)?;
        let (_, html) = site.render(job).map_err(fail)?;
        let shown = heading(&html);
        prop_assert!(
            shown.contains(title.split_whitespace().next().unwrap_or_default()),
            "the page's heading `{}` does not show `{}`",
            shown,
            title
        );
        Ok(())
    }
}

// The page job of the fuzzed entity, and its title (or name) as the catalogue holds it.
fn find(catalog: &Catalog, kind: Kind) -> Option<(Job, String)> {
    match kind {
        Kind::Video => catalog
            .videos
            .iter()
            .position(|v| v.slug == "fuzz")
            .map(|i| (Job::Video(i), catalog.videos[i].title.clone())),
        Kind::Contributor => catalog
            .contributors
            .iter()
            .position(|c| c.id == "fuzz")
            .map(|i| (Job::Contributor(i, 1), catalog.contributors[i].name.clone())),
        Kind::Topic => catalog
            .topics
            .iter()
            .position(|t| t.id == "fuzz")
            .map(|i| (Job::Topic(i, 1), catalog.topics[i].title.clone())),
        Kind::Event => catalog
            .events
            .iter()
            .position(|e| e.slug == "fuzz")
            .map(|i| (Job::Event(i), catalog.events[i].title.clone())),
    }
}

fn heading(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let h1 = scraper::Selector::parse("h1").expect("selector");
    document
        .select(&h1)
        .next()
        .map(|e| e.text().collect())
        .unwrap_or_default()
}

// The lines of a file as an editor numbers them (the last may be empty: a diagnostic may
// point at the end of the file), without their end of line; none if it is missing.
fn lines_of(path: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&bytes)
        .split('\n')
        .map(|line| line.trim_end_matches('\r').to_string())
        .collect()
}

// Every rendered body of the catalogue: no script, no handler, no remote image, no link
// with another scheme than http, https or mailto.
fn bodies_are_safe(catalog: &Catalog) -> Result<(), TestCaseError> {
    let bodies = catalog
        .videos
        .iter()
        .flat_map(|v| std::iter::once(&v.body).chain(v.transcript.as_ref()))
        .chain(catalog.contributors.iter().map(|c| &c.bio))
        .chain(catalog.topics.iter().map(|t| &t.intro))
        .chain(catalog.events.iter().map(|e| &e.body));
    for body in bodies {
        html_is_safe(&body.html)?;
    }
    Ok(())
}

const FORBIDDEN_ELEMENTS: [&str; 14] = [
    "script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "svg", "math",
    "frame", "frameset", "template",
];

fn html_is_safe(html: &str) -> Result<(), TestCaseError> {
    let fragment = scraper::Html::parse_fragment(html);
    for element in fragment
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let name = element.value().name();
        prop_assert!(
            !FORBIDDEN_ELEMENTS.contains(&name),
            "<{}> in {}",
            name,
            html
        );
        for (attribute, value) in element.value().attrs() {
            prop_assert!(!attribute.starts_with("on"), "{}= in {}", attribute, html);
            if matches!(
                attribute,
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                prop_assert!(
                    url_is_safe(value),
                    "{}=\"{}\" in {}",
                    attribute,
                    value,
                    html
                );
            }
            if name == "img" && attribute == "src" {
                prop_assert!(is_local(value), "remote image {} in {}", value, html);
            }
        }
    }
    Ok(())
}

// The scheme a browser reads (URL standard): leading spaces and controls trimmed, tabs and
// newlines removed, then letters, digits, `+`, `-`, `.` before a colon; anything else is a
// relative address.
fn scheme_of(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (before, _) = cleaned.split_once(':')?;
    let is_scheme = before.starts_with(|c: char| c.is_ascii_alphabetic())
        && before
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| before.to_ascii_lowercase())
}

fn url_is_safe(url: &str) -> bool {
    scheme_of(url).is_none_or(|s| matches!(s.as_str(), "http" | "https" | "mailto"))
}

// Browsers drop tabs and newlines and read `\` as `/` in web addresses: `/\host/x.png` is
// another origin too.
fn is_local(url: &str) -> bool {
    let trimmed = url
        .trim_start_matches(|c: char| c <= ' ')
        .replace(['\t', '\n', '\r'], "")
        .replace('\\', "/");
    scheme_of(url).is_none() && !trimmed.starts_with("//")
}

/// Aborts the run, with the input, if one case takes more than a minute: a hang must fail
/// the test command, not stall it. (A case takes milliseconds; this bounds a hang, it does
/// not measure speed.)
struct Watchdog;

/// The case each test thread is running, and since when.
type Case = (ThreadId, Instant, Box<dyn std::fmt::Debug + Send>);

static RUNNING: Mutex<Vec<Case>> = Mutex::new(Vec::new());

fn running() -> std::sync::MutexGuard<'static, Vec<Case>> {
    RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Watchdog {
    fn start(input: Box<dyn std::fmt::Debug + Send>) -> Watchdog {
        static THREAD: OnceLock<()> = OnceLock::new();
        THREAD.get_or_init(|| {
            std::thread::spawn(watch);
        });
        running().push((std::thread::current().id(), Instant::now(), input));
        Watchdog
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let me = std::thread::current().id();
        running().retain(|(thread, _, _)| *thread != me);
    }
}

fn watch() {
    loop {
        std::thread::sleep(Duration::from_secs(1));
        for (_, started, input) in running().iter() {
            if started.elapsed() > Duration::from_secs(60) {
                let shown: String = format!("{input:?}").chars().take(5000).collect();
                eprintln!("a case has run for a minute (a hang); its input:\n{shown}");
                std::process::abort();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Running.

/// Cases per kind of file in the default run, by property.
const VALID_CASES: u32 = 40;
const MUTATED_CASES: u32 = 350;
const ARBITRARY_CASES: u32 = 200;
const BODY_CASES: u32 = 200;
const DEFAULT_TOTAL: u32 = 4 * (VALID_CASES + MUTATED_CASES + ARBITRARY_CASES + BODY_CASES);

/// `default` cases, or the same share of `CAPSULE_FUZZ_CASES`, the total number of cases
/// of a longer run.
fn config(default: u32) -> Config {
    let total = std::env::var("CAPSULE_FUZZ_CASES")
        .ok()
        .and_then(|total| total.parse::<u64>().ok());
    let cases = total.map_or(default, |total| {
        u32::try_from(total * u64::from(default) / u64::from(DEFAULT_TOTAL))
            .unwrap_or(u32::MAX)
            .max(1)
    });
    Config {
        cases,
        failure_persistence: None,
        // A failing input of 200 kB shrinks slowly: half a minute of it is enough to read.
        max_shrink_time: 30_000,
        ..Config::default()
    }
}

fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: Clone + std::fmt::Debug + Send + 'static,
{
    let mut runner = TestRunner::new(config(cases));
    let watched = |value: S::Value| {
        let _watch = Watchdog::start(Box::new(value.clone()));
        test(value)
    };
    if let Err(failure) = runner.run(&strategy, watched) {
        panic!("{failure}");
    }
}

// ---------------------------------------------------------------------------------------
// Writing YAML the ways contributors do (the test writes text, never a YAML library's).

/// A front-matter value.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    /// Written as is (dates, booleans).
    Bare(String),
    List(Vec<String>),
    Map(Vec<(String, String)>),
}

/// How a value is spelled.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// 0: double quotes, 1: single quotes, 2: plain when safe.
    quotes: u8,
    block_lists: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (0u8..3, any::<bool>()).prop_map(|(quotes, block_lists)| Style {
        quotes,
        block_lists,
    })
}

const YAML_WORDS: [&str; 14] = [
    "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "nan", "inf", "none", "ok",
];

fn scalar(text: &str, style: Style) -> String {
    let plain_is_safe = text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '\''))
        && !text.ends_with(' ')
        && !YAML_WORDS.contains(&text.to_lowercase().as_str());
    match style.quotes {
        2 if plain_is_safe => text.to_string(),
        1 => format!("'{}'", text.replace('\'', "''")),
        _ => serde_json::to_string(text).expect("json string"),
    }
}

fn write_value(key: &str, value: &Value, style: Style) -> String {
    match value {
        Value::Text(text) => format!("{key}: {}\n", scalar(text, style)),
        Value::Bare(text) => format!("{key}: {text}\n"),
        Value::List(items) if style.block_lists && !items.is_empty() => {
            let lines: String = items
                .iter()
                .map(|i| format!("  - {}\n", scalar(i, style)))
                .collect();
            format!("{key}:\n{lines}")
        }
        Value::List(items) => {
            let inline: Vec<String> = items.iter().map(|i| scalar(i, style)).collect();
            format!("{key}: [{}]\n", inline.join(", "))
        }
        Value::Map(pairs) => {
            let lines: String = pairs
                .iter()
                .map(|(k, v)| format!("  {}: {}\n", scalar(k, style), scalar(v, style)))
                .collect();
            format!("{key}:\n{lines}")
        }
    }
}

/// A generated file: its text, and the title (or name) it gives.
#[derive(Debug, Clone)]
struct Doc {
    text: String,
    title: String,
}

fn doc(
    fields: Vec<(&'static str, Value)>,
    title_key: &'static str,
    style: Style,
    body: String,
    line_end: &'static str,
) -> Doc {
    let title = fields
        .iter()
        .find_map(|(k, v)| match (k, v) {
            (k, Value::Text(t)) if *k == title_key => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let front: String = fields
        .iter()
        .map(|(k, v)| write_value(k, v, style))
        .collect();
    let text = format!("---\n{front}---\n{body}").replace('\n', line_end);
    Doc { text, title }
}

// ---------------------------------------------------------------------------------------
// Valid values.

/// Text a contributor may write on one line: anything printable, not blank. U+2028 and
/// U+2029 are line and paragraph separators, not one line: YAML (1.1, which the parser
/// follows) reads them as line breaks and folds the spaces around them.
fn line_text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[\\p{{L}}\\p{{N}}][^\\p{{C}}\\p{{Zl}}\\p{{Zp}}]{{0,{}}}",
        max - 1
    ))
    .expect("regex")
}

fn ids(known: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(known.to_vec(), 1..=known.len())
        .prop_map(|ids| ids.into_iter().map(str::to_string).collect())
}

fn date() -> impl Strategy<Value = String> {
    (2000u32..2030, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
}

fn moment() -> impl Strategy<Value = (String, String)> {
    (date(), 0u32..22, 0u32..60, -11i32..=12, 0u32..600).prop_map(
        |(day, h, min, offset, minutes)| {
            let sign = if offset < 0 { '-' } else { '+' };
            let zone = format!("{sign}{:02}:00", offset.abs());
            let start = format!("{day}T{h:02}:{min:02}:00{zone}");
            let end_minutes = h * 60 + min + minutes;
            let end = if end_minutes < 24 * 60 {
                format!(
                    "{day}T{:02}:{:02}:00{zone}",
                    end_minutes / 60,
                    end_minutes % 60
                )
            } else {
                start.clone()
            };
            (start, end)
        },
    )
}

/// Every accepted form of video address, with generated ids.
fn video_address() -> impl Strategy<Value = String> {
    let youtube = (
        "[A-Za-z0-9_-]{11}",
        0usize..6,
        proptest::option::of(1u32..600),
    )
        .prop_map(|(id, form, start)| {
            let t = start
                .map(|s| format!("t={s}"))
                .unwrap_or_else(|| "si=AbC".into());
            match form {
                0 => format!("https://www.youtube.com/watch?v={id}&{t}"),
                1 => format!("https://youtu.be/{id}?{t}"),
                2 => format!("https://m.youtube.com/watch?v={id}"),
                3 => format!("https://www.youtube.com/shorts/{id}"),
                4 => format!("https://www.youtube.com/embed/{id}"),
                _ => format!("https://www.youtube.com/live/{id}"),
            }
        });
    let vimeo =
        ("[1-9][0-9]{5,9}", "[0-9a-f]{10}", 0usize..3).prop_map(|(id, hash, form)| match form {
            0 => format!("https://vimeo.com/{id}"),
            1 => format!("https://vimeo.com/{id}/{hash}"),
            _ => format!("https://player.vimeo.com/video/{id}?h={hash}"),
        });
    let others = prop_oneof![
        "x[0-9a-z]{6}".prop_map(|id| format!("https://www.dailymotion.com/video/{id}")),
        "x[0-9a-z]{6}".prop_map(|id| format!("https://dai.ly/{id}")),
        "[1-9A-HJ-NP-Za-km-z]{22}"
            .prop_map(|id| format!("https://tube-cycle-2.apps.education.fr/w/{id}")),
        "[a-z0-9]{1,12}".prop_map(|name| format!("https://media.example.org/{name}.mp4")),
    ];
    prop_oneof![youtube, vimeo, others]
}

fn valid_video() -> impl Strategy<Value = Doc> {
    let required = (
        line_text(120),
        date(),
        video_address(),
        1u32..=120,
        ids(&CONTRIBUTORS),
        ids(&TOPICS),
        line_text(300),
    );
    let optional = (
        proptest::option::of(ids(&LEVELS)),
        proptest::option::of(line_text(200)),
        proptest::collection::btree_set("/ancien/[a-z0-9-]{1,12}/", 0..3),
        any::<bool>(),
    );
    (required, optional, style(), markdown_body(), line_end()).prop_flat_map(
        |(required, optional, style, body, end)| {
            let (title, date, video, seconds, contributors, themes, summary) = required;
            let (levels, transcript, aliases, draft) = optional;
            let mut fields = vec![
                ("title", Value::Text(title)),
                ("date", Value::Bare(date)),
                ("video", Value::Text(video)),
                (
                    "duration",
                    Value::Text(format!("{}:{:02}", seconds / 60, seconds % 60)),
                ),
                ("contributors", Value::List(contributors)),
                ("themes", Value::List(themes)),
                ("summary", Value::Text(summary)),
                ("aliases", Value::List(aliases.into_iter().collect())),
                ("draft", Value::Bare(draft.to_string())),
            ];
            fields.extend(levels.map(|l| ("levels", Value::List(l))));
            fields.extend(transcript.map(|t| ("transcript", Value::Text(t))));
            shuffled(fields, "title", style, body, end)
        },
    )
}

fn valid_contributor() -> impl Strategy<Value = Doc> {
    let links = proptest::collection::btree_map(
        "[A-Z][a-zé]{1,10}",
        "[a-z]{1,10}".prop_map(|p| format!("https://{p}.example.org/@moi")),
        0..3,
    );
    (
        (line_text(80), line_text(120)),
        (
            proptest::option::of(line_text(40)),
            proptest::option::of(line_text(80)),
            proptest::option::of(
                "[a-z]{1,10}".prop_map(|n| format!("https://img.example.org/{n}.jpg")),
            ),
            links,
        ),
        style(),
        markdown_body(),
        line_end(),
    )
        .prop_flat_map(
            |((name, role), (academie, school, avatar, links), style, body, end)| {
                let mut fields = vec![("name", Value::Text(name)), ("role", Value::Text(role))];
                fields.extend(academie.map(|a| ("academie", Value::Text(a))));
                fields.extend(school.map(|s| ("school", Value::Text(s))));
                fields.extend(avatar.map(|a| ("avatar", Value::Text(a))));
                if !links.is_empty() {
                    fields.push(("links", Value::Map(links.into_iter().collect())));
                }
                shuffled(fields, "name", style, body, end)
            },
        )
}

fn valid_topic() -> impl Strategy<Value = Doc> {
    (
        line_text(120),
        proptest::option::of(line_text(200)),
        proptest::option::of(line_text(40)),
        style(),
        markdown_body(),
        line_end(),
    )
        .prop_flat_map(|(title, description, group, style, body, end)| {
            let mut fields = vec![("title", Value::Text(title))];
            fields.extend(description.map(|d| ("description", Value::Text(d))));
            fields.extend(group.map(|g| ("group", Value::Text(g))));
            shuffled(fields, "title", style, body, end)
        })
}

fn valid_event() -> impl Strategy<Value = Doc> {
    let place = prop_oneof![
        line_text(80).prop_map(|l| ("location", Value::Text(l))),
        "[a-z]{1,10}".prop_map(|p| (
            "online",
            Value::Text(format!("https://visio.example.org/{p}"))
        )),
    ];
    (
        (line_text(120), any::<bool>(), moment(), place),
        (
            proptest::option::of(ids(&CONTRIBUTORS)),
            proptest::option::of(ids(&TOPICS)),
            ids(&VIDEOS),
            any::<bool>(),
        ),
        style(),
        markdown_body(),
        line_end(),
    )
        .prop_flat_map(
            |((title, focus, (start, end_at), place), refs, style, body, end)| {
                let (facilitators, themes, videos, registration) = refs;
                let kind = if focus { "focus" } else { "challenge" };
                let mut fields = vec![
                    ("title", Value::Text(title)),
                    ("kind", Value::Text(kind.into())),
                    ("start", Value::Bare(start)),
                    ("end", Value::Bare(end_at)),
                    place,
                    ("videos", Value::List(videos)),
                ];
                fields.extend(facilitators.map(|f| ("facilitators", Value::List(f))));
                fields.extend(themes.map(|t| ("themes", Value::List(t))));
                if registration {
                    fields.push((
                        "registration",
                        Value::Text("https://inscription.example.org".into()),
                    ));
                }
                shuffled(fields, "title", style, body, end)
            },
        )
}

fn line_end() -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => Just("\n"), 1 => Just("\r\n")]
}

// The fields in any order.
fn shuffled(
    fields: Vec<(&'static str, Value)>,
    title_key: &'static str,
    style: Style,
    body: String,
    end: &'static str,
) -> impl Strategy<Value = Doc> {
    Just(fields)
        .prop_shuffle()
        .prop_map(move |fields| doc(fields, title_key, style, body.clone(), end))
}

fn valid(kind: Kind) -> BoxedStrategy<Doc> {
    match kind {
        Kind::Video => valid_video().boxed(),
        Kind::Contributor => valid_contributor().boxed(),
        Kind::Topic => valid_topic().boxed(),
        Kind::Event => valid_event().boxed(),
    }
}

// ---------------------------------------------------------------------------------------
// Markdown bodies: the constructs a body may hold, and hostile ones.

const HOSTILE_HTML: [&str; 18] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"/local.png\">",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#x6a;avascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<div onclick=\"x()\" style=\"background:url(https://evil.example/t.png)\">",
    "<style>body{background:url(https://evil.example/t.png)}</style>",
    "<svg onload=alert(1)><circle/></svg>",
    "<details open ontoggle=alert(1)><summary>x</summary>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(2)\">x</button></form>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<!-- un commentaire jamais fermé",
    "</div></td></table></p>",
];

const SCHEMES: [&str; 19] = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example/x.png",
    "/\\evil.example/x.png",
    "\\\\evil.example/x.png",
    "/\t/evil.example/x.png",
    "https://example.org/a_b(c)",
    "http://example.org",
    "mailto:a@b.fr",
    "#note",
    "?q=1",
    "/videos/",
    "",
    "<javascript:alert(1)>",
];

fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        proptest::sample::select(HOSTILE_HTML.to_vec()).prop_map(str::to_string),
        (proptest::sample::select(SCHEMES.to_vec()), 0usize..4).prop_map(
            |(url, form)| match form {
                0 => format!("[lien]({url})"),
                1 => format!("![image]({url})"),
                2 => format!("[lien][r]\n\n[r]: {url}\n"),
                _ => format!("<{url}>"),
            }
        ),
        (1usize..60, 0usize..3).prop_map(|(depth, form)| match form {
            0 => (0..depth)
                .map(|i| format!("{}- niveau {i}\n", "  ".repeat(i)))
                .collect(),
            1 => format!("{} citation\n", ">".repeat(depth)),
            _ => format!("{}1. liste\n", "   ".repeat(depth)),
        }),
        (1u8..5, 0usize..3).prop_map(|(n, form)| match form {
            0 => format!("Note[^{n}] et [^{n}].\n\n[^{n}]: Définition[^{n}] avec *accent*.\n"),
            1 => format!("Référence orpheline[^x{n}].\n"),
            _ => format!("[^{n}]: > citation\n    - liste\n"),
        }),
        (1usize..5, 1usize..4).prop_map(|(columns, rows)| {
            let header = format!("|{}\n", " a |".repeat(columns));
            let rule = format!("|{}\n", "---|".repeat(columns.saturating_sub(1).max(1)));
            let row = format!("|{}\n", " b | c |".repeat(rows));
            format!("{header}{rule}{}", row.repeat(rows))
        }),
        proptest::sample::select(vec![
            "# Titre {#id .classe onclick=x}\n",
            "####### sept\n",
            "## Deux\n\n## Deux\n",
            "```\ncode <script>\n",
            "~~~rust\nfn x() {}\n~~~\n",
            "Il dit \"bonjour\" : vraiment ? ... -- oui !\n",
            "Titre\n=====\n",
            "***\n",
            "&amp; &#0; &#x110000; &nbsp; &bogus;\n",
            "ligne  \ncassée\\\nici\n",
            "| seule |\n",
            "---\n",
            "\u{feff}\u{202e}\u{2028}\u{0}\r\n",
        ])
        .prop_map(str::to_string),
        // Many times the same thing: what makes a parser's cost grow faster than the text.
        (1usize..6000, proptest::sample::select(REPEATED.to_vec()))
            .prop_map(|(n, unit)| unit.repeat(n)),
    ]
}

const REPEATED: [&str; 22] = [
    "[",
    "*",
    "_",
    "`",
    ">",
    "<",
    "![",
    "\\",
    "(",
    "|",
    "## Titre\n\n",
    "<div>",
    "<i>",
    "> ",
    "- ",
    "1. ",
    "[^1]",
    "[^a]: x\n",
    "[a](",
    "*a",
    "<a>",
    "[x]: /\n",
];

/// Bodies within the length a file accepts, even once its lines end in CRLF.
fn markdown_body() -> impl Strategy<Value = String> {
    proptest::collection::vec(markdown_piece(), 0..12).prop_map(|pieces| {
        let body = pieces.join("\n");
        body.chars()
            .take(capsule::load::MAX_MARKDOWN_CHARS / 2)
            .collect()
    })
}

// ---------------------------------------------------------------------------------------
// Mutations of a valid file, as the web editor's typing mistakes make them.

#[derive(Debug, Clone)]
enum Mutation {
    DropLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    Insert(Index, Vec<u8>),
    Indent(Index, usize),
    LongLine(Index, usize),
    Bom,
    Crlf,
    Truncate(Index),
}

fn snippet() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b"\t",
        b":",
        b": ",
        b"\"",
        b"'",
        b"---\n",
        b"\n---\n",
        b"#",
        b" #",
        b"- ",
        b"\n- x\n",
        b"[",
        b"]",
        b"{",
        b"}",
        b"&a ",
        b"*a",
        b"!!binary ",
        b"|",
        b">",
        b"%YAML 1.2\n",
        b"? ",
        b",",
        b"\\",
        b"\r",
        b"\0",
        b"\n",
        b"  ",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\xe2\x80\xa8",
        b"\xe2\x80\xae",
        "é".as_bytes(),
        "🙂".as_bytes(),
        b"~",
        b"null",
        b"0x1F",
        b"1e999",
        b"-.inf",
        b"2026-02-30",
        b"<<: *a\n",
    ];
    prop_oneof![
        4 => proptest::sample::select(fixed).prop_map(<[u8]>::to_vec),
        1 => proptest::collection::vec(any::<u8>(), 1..8),
        1 => any::<String>().prop_map(String::into_bytes),
        1 => (1usize..2000, proptest::sample::select(vec!["[", "{", "- ", "? "]))
            .prop_map(|(n, unit)| unit.repeat(n).into_bytes()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::DropLine),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        4 => (any::<Index>(), snippet()).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        1 => (any::<Index>(), prop_oneof![1usize..8, 100usize..3000])
            .prop_map(|(at, n)| Mutation::Indent(at, n)),
        1 => (any::<Index>(), 1000usize..200_000).prop_map(|(at, n)| Mutation::LongLine(at, n)),
        1 => Just(Mutation::Bom),
        1 => Just(Mutation::Crlf),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    match mutation {
        Mutation::DropLine(i) => {
            lines.remove(i.index(lines.len()));
        }
        Mutation::DuplicateLine(i) => {
            let line = lines[i.index(lines.len())].clone();
            lines.insert(i.index(lines.len()), line);
        }
        Mutation::SwapLines(a, b) => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }
        Mutation::Indent(i, n) => {
            let at = i.index(lines.len());
            lines[at].splice(0..0, std::iter::repeat_n(b' ', *n));
        }
        Mutation::Insert(at, snippet) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, snippet.iter().copied());
            return bytes;
        }
        Mutation::LongLine(at, n) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, std::iter::repeat_n(b'a', *n));
            return bytes;
        }
        Mutation::Bom => return [&b"\xef\xbb\xbf"[..], &bytes].concat(),
        Mutation::Crlf => {
            let text = String::from_utf8_lossy(&bytes)
                .replace("\r\n", "\n")
                .replace('\n', "\r\n");
            return text.into_bytes();
        }
        Mutation::Truncate(at) => {
            bytes.truncate(at.index(bytes.len() + 1));
            return bytes;
        }
    }
    lines.concat()
}

/// A file's bytes, shown as text when they are UTF-8 (failing inputs are read by people).
#[derive(Clone)]
struct Bytes(Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match std::str::from_utf8(&self.0) {
            Ok(text) => write!(f, "{text:?}"),
            Err(_) => write!(f, "b\"{}\"", self.0.escape_ascii()),
        }
    }
}

fn mutated(kind: Kind) -> impl Strategy<Value = Bytes> {
    (valid(kind), proptest::collection::vec(mutation(), 1..5))
        .prop_map(|(doc, mutations)| mutations.iter().fold(doc.text.into_bytes(), apply))
        .prop_map(Bytes)
}

// ---------------------------------------------------------------------------------------
// Arbitrary front matter.

fn arbitrary_front_matter() -> impl Strategy<Value = Bytes> {
    let key = prop_oneof![
        proptest::sample::select(vec![
            "title", "date", "video", "name", "kind", "start", "themes", "links"
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
        any::<String>(),
    ];
    let value = prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        snippet().prop_map(|b| String::from_utf8_lossy(&b).into_owned())
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        any::<String>().prop_map(|yaml| format!("---\n{yaml}\n---\n").into_bytes()),
        proptest::collection::vec((key, value), 0..10).prop_map(|pairs| {
            let lines: String = pairs.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            format!("---\n{lines}---\nCorps.\n").into_bytes()
        }),
    ]
    .prop_map(Bytes)
}

// ---------------------------------------------------------------------------------------
// The properties, for each kind.

const KINDS: [Kind; 4] = [Kind::Video, Kind::Contributor, Kind::Topic, Kind::Event];

#[test]
fn valid_files_load_with_their_values_and_their_page_renders() {
    let sandbox = Sandbox::new();
    for kind in KINDS {
        run(VALID_CASES, valid(kind), |doc| sandbox.renders(kind, &doc));
    }
}

#[test]
fn mutated_files_never_panic_and_every_error_is_located() {
    let sandbox = Sandbox::new();
    for kind in KINDS {
        run(MUTATED_CASES, mutated(kind), |bytes| {
            sandbox.any(kind, &bytes.0)
        });
    }
}

#[test]
fn arbitrary_front_matter_never_panics_and_every_error_is_located() {
    let sandbox = Sandbox::new();
    for kind in KINDS {
        run(ARBITRARY_CASES, arbitrary_front_matter(), |bytes| {
            sandbox.any(kind, &bytes.0)
        });
    }
}

#[test]
fn any_body_of_a_valid_file_loads_as_safe_html() {
    let sandbox = Sandbox::new();
    for kind in KINDS {
        run(BODY_CASES, valid(kind), |doc| {
            sandbox.loads(kind, &doc).map(drop)
        });
    }
}
