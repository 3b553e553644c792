//! `ledger undo`: an import reverted by appending to the history, never by
//! deleting it; refused when a later import built on it.

use crate::common::*;
use std::path::Path;

const JUNE: &[&str] = &[
    "1,甲店,应急办,赵家平,灭火器过期,,2022-06-20,较大,2022-06-10,,,,,13812345678",
    "2,乙店,应急办,赵家平,通道堵塞,已责令整改,2022-06-15,较大,2022-06-05,,,,,",
];

const JULY: &[&str] = &[
    "1,甲店,应急办,赵家平,灭火器过期,已于7月3日更换，整改完毕,2022-06-20,较大,2022-06-10,,,,,13812345678",
    "2,乙店,应急办,赵家平,通道堵塞,正在整改,2022-06-15,较大,2022-06-05,,,,,",
    "3,丙厂,市政办,崔恺,配电房重大隐患,,2022-07-25,重大,2022-07-12,,,,,",
];

fn listed(dir: &Path) -> String {
    let (out, err, code) = run(dir, &["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    out
}

fn verified(dir: &Path) {
    let (out, err, code) = run(dir, &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}

fn history_len(dir: &Path, id: &str) -> usize {
    let (out, err, code) = run(dir, &["show", id, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    json(out.as_bytes())["history"].as_array().unwrap().len()
}

/// A workspace with June imported, and July's file beside it.
fn june_imported() -> tempfile::TempDir {
    let dir = workspace();
    full_csv(dir.path(), "六月.csv", JUNE);
    full_csv(dir.path(), "七月.csv", JULY);
    let (_, err, code) = run(dir.path(), &["import", "六月.csv", "--as-of", "2022-06-30"]);
    assert_eq!(code, 0, "{err}");
    dir
}

#[test]
fn undoing_an_import_gives_back_the_store_as_it_was_before_it_and_keeps_the_history() {
    let dir = june_imported();
    let before = listed(dir.path());
    let before_history = history_len(dir.path(), "YH-2022-0001");
    run(dir.path(), &["import", "七月.csv", "--as-of", "2022-07-31"]);
    assert_ne!(listed(dir.path()), before);
    let (out, err, code) = run(dir.path(), &["undo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("YH-2022-0003"), "{out}");
    assert!(out.contains("整改状态：已整改 → 未整改"), "{out}");
    assert!(err.contains("七月.csv"), "{err}");
    assert_eq!(listed(dir.path()), before);
    verified(dir.path());
    // The update and its inverse both stay in the history.
    assert_eq!(history_len(dir.path(), "YH-2022-0001"), before_history + 2);
    let (_, err, code) = run(dir.path(), &["show", "YH-2022-0003"]);
    assert_eq!(code, 2);
    assert!(err.contains("撤销"), "{err}");
    let (table, _, _) = run(dir.path(), &["imports", "--format", "json"]);
    let lines = json(table.as_bytes());
    assert!(lines[0]["undone"].is_string(), "{lines}");
    assert!(lines[1].get("undone").is_none(), "{lines}");
}

#[test]
fn a_dry_run_says_what_would_change_and_writes_nothing() {
    let dir = june_imported();
    run(dir.path(), &["import", "七月.csv", "--as-of", "2022-07-31"]);
    let snapshot = store_snapshot(dir.path());
    let (out, err, code) = run(dir.path(), &["undo", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("YH-2022-0003") && out.contains("丙厂"),
        "{out}"
    );
    assert!(err.contains("未写入"), "{err}");
    assert_eq!(store_snapshot(dir.path()), snapshot);
}

#[test]
fn an_import_whose_hazards_a_later_import_changed_is_refused_naming_both() {
    let dir = june_imported();
    run(dir.path(), &["import", "七月.csv", "--as-of", "2022-07-31"]);
    let snapshot = store_snapshot(dir.path());
    let (_, err, code) = run(dir.path(), &["undo", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("七月.csv") && err.contains("YH-2022-0001"),
        "{err}"
    );
    let (_, err, code) = run(dir.path(), &["--lang", "en", "undo", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("later import"), "{err}");
    assert_eq!(store_snapshot(dir.path()), snapshot);
    // Once the later one is undone, the earlier one can be.
    assert_eq!(run(dir.path(), &["undo"]).2, 0);
    assert_eq!(run(dir.path(), &["undo", "1"]).2, 0);
    assert_eq!(listed(dir.path()).trim(), "[]");
    verified(dir.path());
    let (_, err, code) = run(dir.path(), &["undo"]);
    assert_eq!(code, 2);
    assert!(err.contains("没有可撤销"), "{err}");
    let (_, err, code) = run(dir.path(), &["undo", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("已于"), "{err}");
}

#[test]
fn a_file_imported_again_after_an_undo_is_merged_with_new_ids() {
    let dir = june_imported();
    run(dir.path(), &["import", "七月.csv", "--as-of", "2022-07-31"]);
    let with_july = listed(dir.path());
    assert_eq!(run(dir.path(), &["undo"]).2, 0);
    let (out, err, code) = run(dir.path(), &["import", "七月.csv", "--as-of", "2022-07-31"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("新增 1，更新 2"), "{out}");
    let again = json(listed(dir.path()).as_bytes());
    let ids: Vec<&str> = again
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["YH-2022-0001", "YH-2022-0002", "YH-2022-0004"]);
    assert_eq!(
        json(with_july.as_bytes())[0]["status"],
        again[0]["status"],
        "the re-import applies the same changes"
    );
    verified(dir.path());
    let (table, _, _) = run(dir.path(), &["imports"]);
    assert_eq!(table.matches("七月.csv").count(), 2, "{table}");
}

#[test]
fn an_undone_import_no_longer_counts_as_handed_in() {
    let dir = june_imported();
    let (before, _, _) = run(
        dir.path(),
        &["status", "--month", "2022-06", "--format", "json"],
    );
    assert_eq!(run(dir.path(), &["undo"]).2, 0);
    let (after, _, _) = run(
        dir.path(),
        &["status", "--month", "2022-06", "--format", "json"],
    );
    assert_ne!(before, after);
    assert!(before.contains("应急办"), "{before}");
}

#[test]
fn a_hazard_two_files_of_one_import_both_changed_gets_back_what_it_held_before_either() {
    let dir = june_imported();
    full_csv(
        dir.path(),
        "八月.csv",
        &[
            "1,甲店,应急办,赵家平,灭火器过期,复查合格，已销号,2022-06-20,较大,2022-06-10,,,,2022-08-02,13812345678",
        ],
    );
    let before = listed(dir.path());
    let (_, err, code) = run(
        dir.path(),
        &["import", "七月.csv", "八月.csv", "--as-of", "2022-08-05"],
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = run(dir.path(), &["undo"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("七月.csv、八月.csv"),
        "both files, undone together: {err}"
    );
    assert!(out.contains("整改状态：已销号 → 未整改"), "{out}");
    assert_eq!(listed(dir.path()), before);
    verified(dir.path());
}
