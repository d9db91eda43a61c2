//! End to end: `scripts/run-capsule`, the command Netlify and the content check run, takes
//! the release pinned in `capsule-release.toml` from a local HTTP server only when its
//! SHA-256 matches and the code is the release's, and otherwise compiles (a fake `cargo`
//! first on PATH), saying why in the log; on Netlify it keeps the picture cache and cargo's
//! target/ between builds. The script runs as committed, in a git checkout of its own.
//!
//! The release archive holds a stub `capsule`, a shell script that records its arguments:
//! what is under test is the fetcher, not capsule.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tempfile::TempDir;

const VERSION: &str = "v9.9.9";
const ARCHIVE: &str = "capsule-v9.9.9-x86_64-unknown-linux-musl.tar.gz";
const PREVIEW: &str = "https://deploy-preview-42--capsule.netlify.app";

/// Records each call as `NAME|ARG|ARG…` in $RUN_LOG, lists the picture cache it finds, adds
/// a picture to it, and exits with $STUB_EXIT.
fn stub_capsule(name: &str) -> String {
    format!(
        "#!/bin/sh\n(IFS='|'; echo \"{name}|$*\") >> \"$RUN_LOG\"\n\
         for f in .capsule-cache/*; do [ -e \"$f\" ] && echo \"{name} sees $f\" >> \"$RUN_LOG\"; done\n\
         mkdir -p .capsule-cache && touch .capsule-cache/picture-\"$$\"\n\
         exit \"${{STUB_EXIT:-0}}\"\n"
    )
}

/// Records `cargo ARGS`, whether target/ and the registry were already there, and leaves a
/// compiled stub.
const FAKE_CARGO: &str = "#!/bin/sh\n\
echo \"cargo $*\" >> \"$RUN_LOG\"\n\
[ -e target/release/capsule ] && echo \"cargo finds target/release/capsule\" >> \"$RUN_LOG\"\n\
[ -d \"$CARGO_HOME/registry\" ] && echo \"cargo finds its registry\" >> \"$RUN_LOG\"\n\
mkdir -p target/release\n\
cp \"$COMPILED_STUB\" target/release/capsule\n\
chmod +x target/release/capsule\n";

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    write(path, text);
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn succeed(command: &mut Command) -> Output {
    let output = command.output().expect("spawn");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A git checkout holding the repository's script and pin file and some stand-in code, plus
/// beside it (outside the checkout) the fake cargo, the call log and Netlify's cache folder.
struct Checkout {
    repo: TempDir,
    outside: TempDir,
}

/// What one run of the script did.
struct Run {
    status: Option<i32>,
    /// The script's log (stderr), and capsule's own output.
    log: String,
    /// One line per call to cargo or a capsule, in order.
    calls: Vec<String>,
}

impl Run {
    /// The programs that ran, without what they noticed (target/, the picture cache).
    fn programs(&self) -> Vec<&str> {
        self.calls
            .iter()
            .map(String::as_str)
            .filter(|call| !call.contains(" finds ") && !call.contains(" sees "))
            .collect()
    }
}

impl Checkout {
    fn new() -> Checkout {
        let checkout = Checkout {
            repo: tempfile::tempdir().expect("temp dir"),
            outside: tempfile::tempdir().expect("temp dir"),
        };
        let real = Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in ["scripts/run-capsule", "capsule-release.toml"] {
            let text = fs::read_to_string(real.join(file)).expect(file);
            write(&checkout.path(file), &text);
        }
        write(
            &checkout.path("Cargo.toml"),
            "[package]\nname = \"capsule\"\n",
        );
        write(&checkout.path("src/main.rs"), "fn main() {}\n");
        write(&checkout.path("themes/default/base.html"), "<html>\n");
        write(&checkout.path(".gitignore"), "/target\n/.capsule-cache\n");
        executable(&checkout.outside("bin/cargo"), FAKE_CARGO);
        executable(
            &checkout.outside("compiled-capsule"),
            &stub_capsule("compiled capsule"),
        );
        checkout.git(&["init", "-q"]);
        checkout.commit("code");
        checkout
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.repo.path().join(rel)
    }

    fn outside(&self, rel: &str) -> PathBuf {
        self.outside.path().join(rel)
    }

    fn git(&self, args: &[&str]) {
        succeed(
            Command::new("git")
                .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
                .args(args)
                .current_dir(self.repo.path()),
        );
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// `bash scripts/run-capsule ARGS` with the fake cargo first on PATH, outside Netlify.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("bash");
        command
            .arg(self.path("scripts/run-capsule"))
            .args(args)
            .current_dir(self.outside.path())
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.outside("bin").display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("RUN_LOG", self.outside("calls.log"))
            .env("COMPILED_STUB", self.outside("compiled-capsule"))
            .env("HOME", self.outside("home"))
            .env("CARGO_HOME", self.outside("cargo-home"));
        for name in [
            "CAPSULE_RELEASE_BASE_URL",
            "CARGO_TARGET_DIR",
            "NETLIFY",
            "NETLIFY_CACHE_DIR",
            "GITHUB_REPOSITORY",
            "GITHUB_SERVER_URL",
            "STUB_EXIT",
        ] {
            command.env_remove(name);
        }
        command
    }

    fn run(&self, command: &mut Command) -> Run {
        let output = command.output().expect("run scripts/run-capsule");
        let calls = fs::read_to_string(self.outside("calls.log")).unwrap_or_default();
        let _ = fs::remove_file(self.outside("calls.log"));
        Run {
            status: output.status.code(),
            log: String::from_utf8_lossy(&output.stderr).into_owned(),
            calls: calls.lines().map(str::to_string).collect(),
        }
    }

    /// Packs a stub capsule as the release archive; returns its bytes.
    fn release_archive(&self) -> Vec<u8> {
        executable(
            &self.outside("release/capsule"),
            &stub_capsule("downloaded capsule"),
        );
        let archive = self.outside(ARCHIVE);
        succeed(
            Command::new("tar")
                .arg("-czf")
                .arg(&archive)
                .arg("-C")
                .arg(self.outside("release"))
                .arg("capsule"),
        );
        fs::read(archive).expect("archive")
    }

    /// Pins the release archive as the release workflow does (`--print-pin` on GitHub),
    /// naming the archive relative to the current folder.
    fn pin_release(&self) -> toml::Table {
        let output = succeed(
            self.command(&["--print-pin", VERSION, ARCHIVE])
                .env("GITHUB_SERVER_URL", "https://github.com")
                .env("GITHUB_REPOSITORY", "example/capsule"),
        );
        let pin = String::from_utf8(output.stdout).expect("utf-8");
        write(&self.path("capsule-release.toml"), &pin);
        toml::from_str(&pin).unwrap_or_else(|e| panic!("{e}: {pin}"))
    }

    fn edit_pin(&self, key: &str, value: &str) {
        let path = self.path("capsule-release.toml");
        let text = fs::read_to_string(&path).expect("pin");
        let edited: Vec<String> = text
            .lines()
            .map(|line| {
                if line.starts_with(&format!("{key} = ")) {
                    format!("{key} = \"{value}\"")
                } else {
                    line.to_string()
                }
            })
            .collect();
        write(&path, &(edited.join("\n") + "\n"));
    }
}

/// A loopback HTTP server that serves one file and answers 404 to anything else, recording
/// the paths asked for.
struct ReleaseServer {
    server: Arc<tiny_http::Server>,
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl ReleaseServer {
    fn serving(path: &str, body: Vec<u8>) -> ReleaseServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (server, requests, path) = (server.clone(), requests.clone(), path.to_string());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    requests
                        .lock()
                        .expect("lock")
                        .push(request.url().to_string());
                    let response = if request.url() == path {
                        tiny_http::Response::from_data(body.clone()).boxed()
                    } else {
                        tiny_http::Response::from_string("Not Found")
                            .with_status_code(404)
                            .boxed()
                    };
                    let _ = request.respond(response);
                }
            })
        };
        ReleaseServer {
            server,
            base: format!("http://127.0.0.1:{port}/releases"),
            requests,
            thread: Some(thread),
        }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("lock").clone()
    }
}

impl Drop for ReleaseServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A checkout pinning the release that a local server serves.
fn pinned() -> (Checkout, ReleaseServer) {
    let checkout = Checkout::new();
    let archive = checkout.release_archive();
    let server = ReleaseServer::serving(&format!("/releases/{VERSION}/{ARCHIVE}"), archive);
    checkout.pin_release();
    (checkout, server)
}

fn preview_arguments() -> Vec<&'static str> {
    vec!["build", "--base-url", PREVIEW, "--drafts", "--future"]
}

const COMPILE: &str = "cargo build --release --locked --bin capsule";

#[test]
fn the_release_workflow_s_pin_names_the_version_its_checksum_its_code_and_github() {
    let checkout = Checkout::new();
    checkout.release_archive();
    let pin = checkout.pin_release();
    let text = fs::read_to_string(checkout.path("capsule-release.toml")).expect("pin");
    assert!(
        text.starts_with("# The prebuilt capsule"),
        "the pin keeps the format's documentation: {text}"
    );
    let value = |key: &str| pin[key].as_str().expect(key).to_string();
    assert_eq!(value("version"), VERSION);
    assert_eq!(
        value("releases"),
        "https://github.com/example/capsule/releases/download"
    );
    for key in ["sha256", "source"] {
        let hex = value(key);
        assert!(
            hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()),
            "{key} = {hex}"
        );
    }
    assert_eq!(pin.len(), 4, "{pin:?}");
}

#[test]
fn a_pinned_release_with_its_checksum_runs_without_compiling() {
    let (checkout, server) = pinned();
    let run = checkout.run(
        checkout
            .command(&preview_arguments())
            .env("CAPSULE_RELEASE_BASE_URL", &server.base),
    );
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert!(
        run.log.contains(&format!(
            "capsule : téléchargement de {}/{VERSION}/{ARCHIVE}",
            server.base
        )),
        "{}",
        run.log
    );
    assert!(
        run.log.contains(
            "capsule : version v9.9.9 téléchargée, somme SHA-256 vérifiée : pas de compilation."
        ),
        "{}",
        run.log
    );
    assert_eq!(
        run.programs(),
        [format!(
            "downloaded capsule|build|--base-url|{PREVIEW}|--drafts|--future"
        )],
        "only the downloaded capsule ran, with the arguments given; cargo never did"
    );
    assert_eq!(
        server.requests(),
        [format!("/releases/{VERSION}/{ARCHIVE}")]
    );
}

#[test]
fn capsule_s_exit_status_is_the_script_s() {
    let (checkout, server) = pinned();
    let run = checkout.run(
        checkout
            .command(&["check", "--format", "github"])
            .env("CAPSULE_RELEASE_BASE_URL", &server.base)
            .env("STUB_EXIT", "1"),
    );
    assert_eq!(run.programs(), ["downloaded capsule|check|--format|github"]);
    assert_eq!(
        run.status,
        Some(1),
        "a content error fails the deploy or the check: {}",
        run.log
    );
}

#[test]
fn a_wrong_checksum_refuses_the_download_and_compiles() {
    let (checkout, server) = pinned();
    let wrong = "0".repeat(64);
    checkout.edit_pin("sha256", &wrong);
    let run = checkout.run(
        checkout
            .command(&["build"])
            .env("CAPSULE_RELEASE_BASE_URL", &server.base),
    );
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert_eq!(server.requests().len(), 1, "the archive was downloaded");
    assert!(
        run.log.contains(&format!(
            "capsule : la somme SHA-256 de {}/{VERSION}/{ARCHIVE} ne correspond pas à capsule-release.toml (attendue {wrong}, obtenue ",
            server.base
        )),
        "{}",
        run.log
    );
    assert!(
        run.log.contains(
            ") : ce binaire est refusé : compilation depuis les sources (cargo build --release"
        ),
        "{}",
        run.log
    );
    assert_eq!(
        run.programs(),
        [COMPILE, "compiled capsule|build"],
        "the downloaded capsule never ran"
    );
}

#[test]
fn a_release_the_server_does_not_have_falls_back_to_compiling() {
    let (checkout, server) = pinned();
    checkout.edit_pin("version", "v9.9.8");
    let run = checkout.run(
        checkout
            .command(&preview_arguments())
            .env("CAPSULE_RELEASE_BASE_URL", &server.base),
    );
    assert_eq!(run.status, Some(0), "{}", run.log);
    let url = format!(
        "{}/v9.9.8/capsule-v9.9.8-x86_64-unknown-linux-musl.tar.gz",
        server.base
    );
    assert!(
        run.log.contains(&format!("capsule : échec du téléchargement de {url} (curl: (22) The requested URL returned error: 404) : compilation depuis les sources")),
        "{}",
        run.log
    );
    assert_eq!(
        run.programs(),
        [
            COMPILE.to_string(),
            format!("compiled capsule|build|--base-url|{PREVIEW}|--drafts|--future")
        ]
    );
}

#[test]
fn without_a_pinned_release_it_compiles_and_says_so() {
    let checkout = Checkout::new();
    for key in ["version", "sha256", "source", "releases"] {
        checkout.edit_pin(key, "");
    }
    let run = checkout.run(&mut checkout.command(&["build"]));
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert!(
        run.log.contains("capsule : aucune version publiée n'est épinglée dans capsule-release.toml : compilation depuis les sources (cargo build --release, plusieurs minutes sans cache)."),
        "{}",
        run.log
    );
    assert_eq!(run.programs(), [COMPILE, "compiled capsule|build"]);
}

#[test]
fn code_changed_since_the_pinned_release_is_compiled_not_downloaded() {
    let (checkout, server) = pinned();
    write(
        &checkout.path("src/main.rs"),
        "fn main() { println!(\"new\"); }\n",
    );
    let uncommitted = checkout.run(
        checkout
            .command(&["build"])
            .env("CAPSULE_RELEASE_BASE_URL", &server.base),
    );
    checkout.commit("new code");
    let committed = checkout.run(
        checkout
            .command(&["build"])
            .env("CAPSULE_RELEASE_BASE_URL", &server.base),
    );
    for run in [uncommitted, committed] {
        assert!(
            run.log.contains("capsule : le code (Cargo.toml Cargo.lock rust-toolchain.toml src search themes) a changé depuis la version épinglée v9.9.9 : compilation depuis les sources"),
            "{}",
            run.log
        );
        assert_eq!(run.programs(), [COMPILE, "compiled capsule|build"]);
    }
    assert!(server.requests().is_empty(), "nothing downloaded");

    let content = Checkout::new();
    let archive = content.release_archive();
    let server = ReleaseServer::serving(&format!("/releases/{VERSION}/{ARCHIVE}"), archive);
    content.pin_release();
    write(&content.path("content/videos/nouvelle.md"), "---\n");
    content.commit("a new video");
    let run = content.run(
        content
            .command(&["build"])
            .env("CAPSULE_RELEASE_BASE_URL", &server.base),
    );
    assert_eq!(
        run.programs(),
        ["downloaded capsule|build"],
        "content changes keep the release: {}",
        run.log
    );
}

#[test]
fn on_netlify_the_picture_cache_and_cargo_s_work_persist_between_builds() {
    let checkout = Checkout::new();
    let cache = checkout.outside("netlify-cache");
    let registry = checkout.outside("cargo-home/registry/index.crates.io");
    fs::create_dir_all(&registry).expect("registry");
    let netlify_build = || {
        checkout.run(
            checkout
                .command(&["build"])
                .env("NETLIFY", "true")
                .env("NETLIFY_CACHE_DIR", &cache),
        )
    };

    let first = netlify_build();
    assert_eq!(first.status, Some(0), "{}", first.log);
    assert_eq!(
        first.calls,
        [
            COMPILE,
            "cargo finds its registry",
            "compiled capsule|build"
        ]
    );
    for kept in ["picture-cache", "target/release/capsule", "cargo-registry"] {
        assert!(
            cache.join("capsule").join(kept).exists(),
            "{kept} kept in Netlify's cache: {}",
            first.log
        );
    }
    assert!(first.log.contains(
        "capsule : cache de Netlify : .capsule-cache gardé pour la prochaine construction."
    ));
    assert!(!checkout.path(".capsule-cache").exists());
    assert!(!registry.exists());

    let second = netlify_build();
    assert_eq!(second.status, Some(0), "{}", second.log);
    assert!(
        second
            .log
            .contains("capsule : cache de Netlify : .capsule-cache restauré."),
        "{}",
        second.log
    );
    let picture = second
        .calls
        .iter()
        .find(|call| call.starts_with("compiled capsule sees .capsule-cache/picture-"))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "the build sees the previous one's pictures: {:?}",
                second.calls
            )
        });
    assert_eq!(
        second.calls,
        [
            COMPILE,
            "cargo finds target/release/capsule",
            "cargo finds its registry",
            "compiled capsule|build",
            &picture
        ],
        "cargo starts from the previous build's target/ and registry"
    );
}

#[test]
fn the_repository_s_pin_file_has_the_four_keys_the_script_reads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("capsule-release.toml");
    let text = fs::read_to_string(&path).expect("capsule-release.toml");
    let pin: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let keys: Vec<&str> = pin.keys().map(String::as_str).collect();
    assert_eq!(keys, ["releases", "sha256", "source", "version"]);
    for (key, value) in &pin {
        let value = value
            .as_str()
            .unwrap_or_else(|| panic!("{key} is a string"));
        assert!(
            text.contains(&format!("\n{key} = \"{value}\"\n")),
            "one `{key} = \"…\"` line, as the script reads it"
        );
    }
    if !pin["version"].as_str().unwrap_or_default().is_empty() {
        let sha256 = pin["sha256"].as_str().unwrap_or_default();
        assert!(
            sha256.len() == 64 && sha256.chars().all(|c| c.is_ascii_hexdigit()),
            "a pinned release has its SHA-256: {sha256}"
        );
    }
}
