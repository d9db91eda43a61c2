//! The GitHub workflows do what the README promises: pull requests are checked, Netlify's
//! build hook is called on schedule, a tag releases a static binary, code changes are tested.

mod common;

use common::{read, repository};

#[test]
fn github_workflows_check_pull_requests_and_call_the_build_hook() {
    let workflow = |name: &str| -> yaml_serde::Value {
        let text = read(&repository().join(".github/workflows").join(name));
        yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let check = workflow("check.yml");
    assert!(
        check["on"].get("pull_request").is_some(),
        "check.yml runs on pull requests"
    );
    let steps = check["jobs"]["check"]["steps"]
        .as_sequence()
        .expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.contains(&"bash scripts/run-capsule check --format github"),
        "{runs:?}"
    );
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter().any(|u| u.starts_with("actions/checkout@")),
        "{uses:?}"
    );

    let rebuild = workflow("rebuild.yml");
    assert!(
        rebuild["on"]["schedule"][0]["cron"].as_str().is_some(),
        "rebuild.yml is scheduled"
    );
    let step = &rebuild["jobs"]["rebuild"]["steps"][0];
    assert_eq!(
        step["env"]["NETLIFY_BUILD_HOOK"].as_str(),
        Some("${{ secrets.NETLIFY_BUILD_HOOK }}")
    );
    assert!(step["run"]
        .as_str()
        .is_some_and(|run| run.contains("curl") && run.contains("-X POST")));
}

#[test]
fn github_workflows_release_a_static_binary_and_test_every_code_change() {
    let workflow = |name: &str| -> yaml_serde::Value {
        let text = read(&repository().join(".github/workflows").join(name));
        yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let runs = |job: &yaml_serde::Value| -> Vec<String> {
        job["steps"]
            .as_sequence()
            .expect("steps")
            .iter()
            .filter_map(|s| s["run"].as_str().map(str::to_string))
            .collect()
    };

    let release = workflow("release.yml");
    assert_eq!(release["on"]["push"]["tags"][0].as_str(), Some("v*"));
    let job = &release["jobs"]["release"];
    assert_eq!(
        job["env"]["TARGET"].as_str(),
        Some("x86_64-unknown-linux-musl"),
        "the archive name scripts/run-capsule downloads"
    );
    let release_runs = runs(job).join("\n");
    for expected in [
        "musl-tools",
        "cargo build --locked --profile dist --target \"$TARGET\" --bin capsule",
        "archive=\"capsule-$GITHUB_REF_NAME-$TARGET.tar.gz\"",
        "sha256sum \"$archive\"",
        "bash scripts/run-capsule --print-pin \"$GITHUB_REF_NAME\"",
        "gh release create",
    ] {
        assert!(release_runs.contains(expected), "release.yml: {expected}");
    }
    let manifest: toml::Table =
        toml::from_str(&read(&repository().join("Cargo.toml"))).expect("Cargo.toml");
    let dist = &manifest["profile"]["dist"];
    assert_eq!(dist["inherits"].as_str(), Some("release"));
    assert_eq!(dist["strip"].as_bool(), Some(true), "{dist:?}");

    let ci = workflow("ci.yml");
    for event in ["push", "pull_request"] {
        let paths: Vec<&str> = ci["on"][event]["paths"]
            .as_sequence()
            .unwrap_or_else(|| panic!("ci.yml: {event} paths"))
            .iter()
            .filter_map(yaml_serde::Value::as_str)
            .collect();
        for code in ["src/**", "search/**", "tests/**", "themes/**", "Cargo.lock"] {
            assert!(paths.contains(&code), "ci.yml {event}: {code} in {paths:?}");
        }
        assert!(
            !paths.iter().any(|p| p.starts_with("content")),
            "content-only changes run only check.yml: {paths:?}"
        );
    }
    let job = &ci["jobs"]["test"];
    assert!(runs(job).iter().any(|r| r == "bash scripts/test"));
    let uses: Vec<&str> = job["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(
        uses.iter().any(|u| u.starts_with("Swatinem/rust-cache@")),
        "{uses:?}"
    );
}
