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

fn current_table(workspace: &Path) -> Vec<u8> {
    let head: serde_json::Value =
        serde_json::from_slice(&std::fs::read(workspace.join("store/HEAD")).unwrap()).unwrap();
    std::fs::read(
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

fn head_format(workspace: &Path) -> u64 {
    let head: serde_json::Value =
        serde_json::from_slice(&std::fs::read(workspace.join("store/HEAD")).unwrap()).unwrap();
    head["format"].as_u64().unwrap()
}

/// `tests/fixtures/format1` is the example workspace's store as ledger
/// wrote it before the packed table: a CSV table (store format 1).
#[test]
fn a_store_of_format_1_loads_the_same_hazards_and_is_repacked_by_the_next_import() {
    let tmp = tempfile::TempDir::new().unwrap();
    let old = tmp.path().join("old");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format1"),
        &old,
    );
    assert_eq!(head_format(&old), 1);
    let list = |ws: &Path| {
        let (out, err, code) = run(ws, &["list", "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let expected = list(&example());
    assert!(expected.lines().count() > 20, "{expected}");
    assert_eq!(list(&old), expected);

    let new = tmp.path().join("new");
    copy_dir(&example(), &new);
    let august = tmp.path().join("8月台账.csv");
    std::fs::write(
        &august,
        "序号,单位名称,单位地址,单位负责人,联系电话,责任单位,责任人,问题隐患,整改措施及情况,整改时限,备注\n\
         1,磁器口新店,磁器口正街1号,王五,13800000000,应急办,赵家平,疏散通道堵塞,,立即整改,\n",
    )
    .unwrap();
    for ws in [&old, &new] {
        let (_, err, code) = run(ws, &["import", august.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(head_format(&old), 2);
    assert!(list(&old).contains("疏散通道堵塞"));
    assert_eq!(list(&old), list(&new));
    let tables: Vec<String> = std::fs::read_dir(old.join("store"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("hazards-"))
        .collect();
    assert_eq!(tables.len(), 1, "the CSV table is removed: {tables:?}");
}

#[test]
fn a_damaged_table_is_refused_naming_it_and_nothing_is_written() {
    let tmp = tempfile::TempDir::new().unwrap();
    let ws = tmp.path().join("ciqikou");
    copy_dir(&example(), &ws);
    let head: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.join("store/HEAD")).unwrap()).unwrap();
    let table = ws.join("store").join(head["hazards"].as_str().unwrap());
    let bytes = std::fs::read(&table).unwrap();
    std::fs::write(&table, &bytes[..bytes.len() / 2]).unwrap();
    let before = store_snapshot(&ws);
    for args in [
        &["list"][..],
        &["overdue"],
        &["import", "--dry-run", "x.csv"],
    ] {
        let (_, err, code) = run(&ws, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("已损坏") && err.contains(&*table.file_name().unwrap().to_string_lossy()),
            "{args:?}: {err}"
        );
    }
    assert_eq!(store_snapshot(&ws), before);
}
