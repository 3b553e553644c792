//! The bundled example workspace stays true: its committed store is what
//! importing its ledgers gives, and importing them again changes nothing.

use crate::common::*;
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

/// What the store holds, as rows of text: every hazard with its checksum,
/// and the history, imports and numbering without the times they ran at
/// (and the history's hashes, which cover those times).
fn contents(workspace: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open_with_flags(
        workspace.join("store/ledger.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
    )
    .unwrap();
    let mut rows = Vec::new();
    for sql in [
        "SELECT * FROM hazards ORDER BY pos",
        "SELECT seq, hazard, op, file, sheet, row, observed, changes FROM history ORDER BY seq",
        "SELECT seq, file, fingerprint, as_of, rows, inserted, updated, unchanged, stale, depts FROM imports ORDER BY seq",
        "SELECT * FROM numbers ORDER BY year",
    ] {
        let mut stmt = db.prepare(sql).unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            rows.push(cells.join("|"));
        }
    }
    rows
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
        // The example ledgers hold real mistakes: merged, and exit 1 says so.
        assert_eq!(run(fresh.path(), &args).2, 1);
    }
    let fresh = contents(fresh.path());
    assert!(fresh.len() > 50, "{fresh:?}");
    // Read from a copy: reading makes the database's side files for a while,
    // which other tests copying the example must not pick up.
    let committed = tempfile::TempDir::new().unwrap();
    copy_dir(&example(), committed.path());
    assert_eq!(fresh, contents(committed.path()));
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
    assert_eq!(code, 1, "the rows' errors are said again");
    assert!(!out.contains("新增 1") && out.contains("未变"), "{out}");
    assert_eq!(store_snapshot(&ws), before);
}

/// `tests/fixtures/format1` is the example workspace's store as ledger
/// wrote it before the packed table: a CSV table (store format 1), and
/// `format2` as it wrote it before SQLite: the packed table.
#[test]
fn stores_of_format_1_and_2_are_converted_keeping_their_files_and_hold_the_same_hazards() {
    let tmp = tempfile::TempDir::new().unwrap();
    let list = |ws: &Path| {
        let (out, err, code) = run(ws, &["list", "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let new = tmp.path().join("new");
    copy_dir(&example(), &new);
    let expected = list(&new);
    assert!(expected.lines().count() > 20, "{expected}");
    let august = tmp.path().join("8月台账.csv");
    std::fs::write(
        &august,
        "序号,单位名称,单位地址,单位负责人,联系电话,责任单位,责任人,问题隐患,整改措施及情况,整改时限,备注\n\
         1,磁器口新店,磁器口正街1号,王五,13800000000,应急办,赵家平,疏散通道堵塞,,立即整改,\n",
    )
    .unwrap();
    let (_, err, code) = run(&new, &["import", august.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for format in ["format1", "format2"] {
        let old = tmp.path().join(format);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(format),
            &old,
        );
        let files: Vec<String> = std::fs::read_dir(old.join("store"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(list(&old), expected, "{format}");
        let backups: Vec<_> = std::fs::read_dir(old.join("store"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(backups.len(), 1, "{format}: {backups:?}");
        assert!(
            backups[0]
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("backup-")
        );
        for name in &files {
            assert!(backups[0].join(name).is_file(), "{format}: {name} kept");
            assert!(
                !old.join("store").join(name).exists(),
                "{format}: {name} moved"
            );
        }
        let (out, err, code) = run(&old, &["verify"]);
        assert_eq!(code, 0, "{format}: {out}{err}");
        let (_, err, code) = run(&old, &["import", august.to_str().unwrap()]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(list(&old).contains("疏散通道堵塞"));
        assert_eq!(list(&old), list(&new), "{format}");
        let (out, _, _) = run(&old, &["show", "YH-2022-0001", "--format", "json"]);
        let history = json(out.as_bytes())["history"].as_array().unwrap().len();
        assert!(history >= 1, "{format}: the history came along: {out}");
    }
}

#[test]
fn a_damaged_database_is_refused_naming_it_and_nothing_is_written() {
    let tmp = tempfile::TempDir::new().unwrap();
    let ws = tmp.path().join("ciqikou");
    copy_dir(&example(), &ws);
    let db = ws.join("store/ledger.db");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    let before = store_snapshot(&ws);
    for args in [
        &["list"][..],
        &["overdue"],
        &["import", "--dry-run", "x.csv"],
    ] {
        let (_, err, code) = run(&ws, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("已损坏") && err.contains("ledger.db") && err.contains("ledger verify"),
            "{args:?}: {err}"
        );
    }
    let (out, _, code) = run(&ws, &["verify"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(store_snapshot(&ws), before);
}
