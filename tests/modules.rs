//! The crate's layering, read from its sources: top-level modules depend on each other
//! without a cycle (the pipeline `load` → `catalog` → `images`, search, `render`, `feeds` →
//! `output` only flows one way), and the URL map, `paths`, depends on no other module, so
//! that every stage may ask it for addresses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn top_level_modules_depend_on_each_other_without_a_cycle() {
    let graph = module_graph();
    assert!(graph.len() > 10, "modules read: {:?}", graph.keys());
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_url_map_depends_on_no_other_module() {
    let graph = module_graph();
    assert_eq!(graph.get("paths"), Some(&BTreeSet::new()));
}

#[test]
fn feeds_images_and_search_do_not_reach_into_render() {
    let graph = module_graph();
    for module in [
        "feeds",
        "images",
        "search_index",
        "catalog",
        "load",
        "output",
    ] {
        assert!(
            !graph[module].contains("render"),
            "{module} uses render: {:?}",
            graph[module]
        );
    }
}

// Each top-level module of `src/` (a `name.rs` or a `name/` folder) and the modules its
// files name as `crate::other`.
fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src/") {
        let path = entry.expect("entry of src/").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            rust_files(&path, &mut |file| files.push((name.clone(), file)));
        } else if path.extension().is_some_and(|e| e == "rs") && name != "lib" && name != "main" {
            files.push((name, path));
        }
    }
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).expect("source file");
        let used = crate_paths(&text)
            .into_iter()
            .filter(|name| modules.contains(name) && name != module);
        graph.get_mut(module).unwrap().extend(used);
    }
    graph
}

fn rust_files(dir: &Path, found: &mut impl FnMut(PathBuf)) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found(path);
        }
    }
}

// The first name after each `crate::` outside line comments, groups included:
// `use crate::{a::b, c};` names `a` and `c`.
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => names.extend(group_heads(group)),
            None => names.push(identifier(rest)),
        }
    }
    names
}

// The leading name of each item of a `{…}` group, up to its closing brace.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = vec![identifier(group.trim_start())];
    let mut depth = 0;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(identifier(group[at + 1..].trim_start())),
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

// A cycle of the graph, as the modules along it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = visit(graph, start, &mut path, &mut done) {
            return Some(cycle);
        }
    }
    None
}

fn visit(
    graph: &Graph,
    module: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|m| m == module) {
        let mut cycle = path[at..].to_vec();
        cycle.push(module.to_string());
        return Some(cycle);
    }
    if done.contains(module) {
        return None;
    }
    path.push(module.to_string());
    for next in &graph[module] {
        if let Some(cycle) = visit(graph, next, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(module.to_string());
    None
}

#[test]
fn the_reader_finds_grouped_and_nested_names() {
    let text = "use crate::{a::b, c, d::{e, f}};\n// crate::commented\nlet x = crate::g::h();";
    assert_eq!(crate_paths(text), ["a", "c", "d", "g"]);
}
