//! The bundled example workspace stays true: its committed store is what
//! importing its ledgers gives, and importing them again changes nothing.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou")
}

fn ledgers(month: &str) -> Vec<String> {
    let dir = example().join("ledgers").join(month);
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

fn current_table(workspace: &Path) -> String {
    let head: serde_json::Value =
        serde_json::from_slice(&std::fs::read(workspace.join("store/HEAD")).unwrap()).unwrap();
    std::fs::read_to_string(
        workspace
            .join("store")
            .join(head["hazards"].as_str().unwrap()),
    )
    .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_committed_store_is_what_importing_the_example_ledgers_gives() {
    let fresh = workspace();
    for month in ["2022-06", "2022-07"] {
        let mut args = vec!["import".to_string()];
        args.extend(ledgers(month));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(fresh.path(), &args).2, 0);
    }
    assert_eq!(current_table(fresh.path()), current_table(&example()));
}

#[test]
fn importing_the_example_ledgers_again_changes_nothing() {
    let tmp = tempfile::TempDir::new().unwrap();
    let ws = tmp.path().join("ciqikou");
    copy_dir(&example(), &ws);
    let before = store_snapshot(&ws);
    let mut args = vec!["import".to_string()];
    args.extend(ledgers("2022-06"));
    args.extend(ledgers("2022-07"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, _, code) = run(&ws, &args);
    assert_eq!(code, 0);
    assert!(!out.contains("新增 1") && out.contains("未变"), "{out}");
    assert_eq!(store_snapshot(&ws), before);
}
