//! `ledger init` and how commands find their workspace.

use crate::common::*;
use std::path::Path;
use tempfile::TempDir;

#[test]
fn init_writes_settings_tasks_template_and_an_empty_store() {
    let dir = workspace();
    for file in [
        "ledger.toml",
        "tasks.toml",
        "台账模板.xlsx",
        "store/ledger.db",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let settings = std::fs::read_to_string(dir.path().join("ledger.toml")).unwrap();
    assert!(settings.contains("name = \"测试街道\""));
    for key in [
        "general_days = 0",
        "larger_days = 15",
        "major_days = 15",
        "escalation_days = 3",
        "count = \"calendar\"",
    ] {
        assert!(settings.contains(key), "{key}");
    }
    assert!(settings.contains("\"党的二十大\" = 2022-10-16"));
    assert!(settings.contains("\"党的二十大结束\" = 2022-10-22"));
    assert!(settings.contains("[holidays]") && settings.contains("workdays = ["));
    let (out, _, code) = run(dir.path(), &["list", "--format", "json"]);
    assert_eq!((out.trim(), code), ("[]", 0));
}

#[test]
fn init_refuses_an_existing_workspace_and_changes_nothing() {
    let dir = workspace();
    let before = std::fs::read(dir.path().join("ledger.toml")).unwrap();
    let (_, err, code) = run(dir.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("已是工作区"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("ledger.toml")).unwrap(),
        before
    );
}

#[test]
fn the_template_reads_back_with_no_records_and_no_errors() {
    let dir = workspace();
    let (out, _, code) = run(dir.path(), &["check", "台账模板.xlsx", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let v = json(out.as_bytes());
    assert_eq!(v["summary"]["records"], 0);
    assert_eq!(v["files"][0]["status"], "ok");
}

#[test]
fn the_workspace_is_found_by_flag_environment_or_a_parent_folder() {
    let dir = workspace();
    let sub = dir.path().join("ledgers/2022-06");
    std::fs::create_dir_all(&sub).unwrap();
    let elsewhere = TempDir::new().unwrap();
    let root = dir.path().to_str().unwrap();
    assert_eq!(run(&sub, &["list"]).2, 0, "found in a parent folder");
    assert_eq!(run(elsewhere.path(), &["--workspace", root, "list"]).2, 0);
    let out = ledger(elsewhere.path())
        .env("LEDGER_DIR", root)
        .arg("list")
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn commands_outside_a_workspace_say_how_to_make_one() {
    let dir = TempDir::new().unwrap();
    for cmd in [
        &["list"][..],
        &["overdue"],
        &["show", "YH-2022-0001"],
        &["import", "x.csv"],
    ] {
        let (_, err, code) = run(dir.path(), cmd);
        assert_eq!(code, 2, "{cmd:?}");
        assert!(err.contains("ledger init"), "{cmd:?}: {err}");
    }
    let (_, err, _) = run(dir.path(), &["--lang", "en", "list"]);
    assert!(err.contains("no workspace"), "{err}");
}

#[test]
fn commands_that_need_no_workspace_run_outside_one() {
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("应急办.csv");
    std::fs::write(&csv, annex3_csv(&[])).unwrap();
    for cmd in [
        &["check", csv.to_str().unwrap()][..],
        &["template", "-o", "模板.xlsx"],
        &["completions", "bash"],
        &["man"],
    ] {
        let (_, err, code) = run(dir.path(), cmd);
        assert_eq!(code, 0, "{cmd:?}: {err}");
    }
    // Completions and manual pages do not look for the workspace named.
    let missing = dir.path().join("nowhere");
    for cmd in [&["completions", "bash"][..], &["man"]] {
        let args = [&["--workspace", missing.to_str().unwrap()][..], cmd].concat();
        let (_, err, code) = run(dir.path(), &args);
        assert_eq!(code, 0, "{cmd:?}: {err}");
    }
}

fn broken_config(dir: &Path, text: &str) -> String {
    std::fs::write(dir.join("ledger.toml"), text).unwrap();
    run(dir, &["--lang", "en", "list"]).1
}

#[test]
fn config_errors_name_the_file_the_line_and_the_key() {
    let dir = workspace();
    let err = broken_config(
        dir.path(),
        "[organisation]\nname = \"x\"\n\n[rules]\nmajor_dayz = 10\n",
    );
    assert!(
        err.contains("ledger.toml") && err.contains("line 5") && err.contains("major_dayz"),
        "{err}"
    );
    let err = broken_config(
        dir.path(),
        "[organisation]\nname = \"x\"\n[holidays]\ndates = [2022-02-30]\n",
    );
    assert!(err.contains("line 4"), "{err}");
    let err = broken_config(
        dir.path(),
        "[organisation]\nname = \"x\"\n[rules]\ncount = \"weekdays\"\n",
    );
    assert!(err.contains("line 4") && err.contains("weekdays"), "{err}");
    let err = broken_config(dir.path(), "[organisation\n");
    assert!(err.contains("line 1"), "{err}");
}
