//! The layers run one way (docs/design.md): no module names one above its
//! layer, and no two modules import each other, directly or round a circle.
//! Read from the source, so that a new `use` that breaks the rule fails here
//! rather than in a reviewer's head.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top. A module may use its own layer and those below.
const LAYERS: &[&[&str]] = &[
    &[
        "text", "i18n", "ooxml", "columns", "level", "calendar", "atomic", "progress", "pipeline",
    ],
    &["field", "status"],
    &["read"],
    &["config"],
    &["finding"],
    &["record"],
    &["division"],
    &["workspace", "rules"],
    &["ingest"],
    &["store"],
    &["report"],
    &["render"],
    &["cli"],
];

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let graph = modules();
    let rank = |m: &str| {
        let top = m.split("::").next().unwrap();
        LAYERS
            .iter()
            .position(|l| l.contains(&top))
            .unwrap_or_else(|| panic!("module `{top}` is in no layer: add it to LAYERS"))
    };
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(from, to)| to.iter().map(move |t| (from, t)))
        .filter(|(from, to)| rank(from) < rank(to))
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect();
    assert!(upward.is_empty(), "uses reaching up: {upward:#?}");
}

#[test]
fn no_modules_import_each_other() {
    let graph = modules();
    let circles: Vec<Vec<String>> = graph
        .keys()
        .filter_map(|m| circle_through(&graph, m))
        .collect();
    assert!(circles.is_empty(), "import circles: {circles:#?}");
}

/// What every command may use: the parent's arguments and parsers, output
/// and help. A command's own submodules are its own.
const SHARED_BY_COMMANDS: &[&str] = &["cli", "cli::output", "cli::help"];

#[test]
fn no_command_uses_another() {
    let shared = |m: &str| SHARED_BY_COMMANDS.contains(&m);
    let mut crossing = Vec::new();
    for (m, deps) in modules() {
        if !m.starts_with("cli::") || shared(&m) {
            continue;
        }
        for d in deps {
            let related = d.starts_with(&format!("{m}::")) || m.starts_with(&format!("{d}::"));
            if d.starts_with("cli::") && !shared(&d) && !related {
                crossing.push(format!("{m} -> {d}"));
            }
        }
    }
    assert!(
        crossing.is_empty(),
        "commands using each other: {crossing:#?}"
    );
}

#[test]
fn the_checker_sees_a_circle_and_an_upward_use() {
    let mut graph = Graph::new();
    graph.insert("a".into(), ["b".into()].into());
    graph.insert("b".into(), ["a".into()].into());
    assert!(circle_through(&graph, "a").is_some());
    let deps = dependencies(
        "field",
        "use crate::read::header::Column;\n#[cfg(test)]\nmod tests { use crate::cli; }",
        &["field", "read", "read::header", "cli"]
            .map(String::from)
            .into(),
    );
    assert_eq!(deps, ["read::header".to_string()].into());
}

/// A path from `start` back to itself, if there is one.
fn circle_through(graph: &Graph, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![next.clone()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push([path.clone(), vec![next.clone()]].concat());
            }
        }
    }
    None
}

/// Every module of `src/` and the modules its code (tests left out) names.
fn modules() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    collect(&src, &src, &mut sources);
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(m, text)| (m.clone(), dependencies(m, text, &names)))
        .collect()
}

/// Each module's name (`report::period`) and source, with `mod.rs` files
/// named for their folder.
fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let name = rel.to_string_lossy().replace('\\', "/");
            let name = name.trim_end_matches("/mod").replace('/', "::");
            if name != "lib" && name != "main" {
                let text = std::fs::read_to_string(&path).unwrap();
                // `super` in a folder's mod.rs is the folder's parent.
                let is_folder = path.file_name().is_some_and(|f| f == "mod.rs");
                let parent = match name.rsplit_once("::") {
                    Some((parent, _)) if !is_folder => parent.to_string(),
                    _ if !is_folder => String::new(),
                    _ => name
                        .rsplit_once("::")
                        .map(|(p, _)| p.to_string())
                        .unwrap_or_default(),
                };
                let text = text.replace("super::", &format!("crate::{parent}::"));
                out.insert(name, text);
            }
        }
    }
}

/// The modules `text` names through `crate::` paths (`use crate::{a, b::C}`
/// too), each resolved to the longest known module, outside `#[cfg(test)]`
/// code and comments.
fn dependencies(module: &str, text: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut deps = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        for path in paths(rest) {
            let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
            let found = (1..=parts.len())
                .rev()
                .map(|n| parts[..n].join("::"))
                .find(|m| names.contains(m));
            if let Some(m) = found.filter(|m| m != module) {
                deps.insert(m);
            }
        }
    }
    deps
}

/// The paths that start `rest`: one, or each item of a `{…}` group.
fn paths(rest: &str) -> Vec<String> {
    let is_path = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    let lead: String = rest.chars().take_while(|c| is_path(*c)).collect();
    let Some(group) = rest[lead.len()..].strip_prefix('{') else {
        return vec![lead];
    };
    let mut depth = 0;
    let inner: String = group
        .chars()
        .take_while(|c| {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            depth >= 0
        })
        .collect();
    let mut items = Vec::new();
    let mut depth = 0;
    let mut item = String::new();
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => items.push(std::mem::take(&mut item)),
            _ => {}
        }
        item.push(c);
    }
    items.push(item);
    items
        .iter()
        .map(|i| {
            let i = i.trim_start_matches(',').trim();
            format!(
                "{lead}{}",
                i.chars().take_while(|c| is_path(*c)).collect::<String>()
            )
        })
        .collect()
}
