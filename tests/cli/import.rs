//! `ledger import`: merging files into the store without ever losing a record
//! or its history.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const JUNE: &[&str] = &[
    "1,甲店,应急办,赵家平,灭火器过期,,2022-06-20,较大,2022-06-10,,,,,13812345678",
    "2,乙店,应急办,赵家平,通道堵塞,已责令整改,2022-06-15,较大,2022-06-05,,,,,",
    "3,丙厂,市政办,崔恺,配电房重大隐患,,2022-06-25,重大,2022-06-12,,,,,",
];

fn import(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run(dir, &all)
}

fn list(dir: &Path) -> Vec<Value> {
    let (out, _, code) = run(dir, &["list", "--format", "json"]);
    assert_eq!(code, 0);
    json(out.as_bytes()).as_array().unwrap().clone()
}

#[test]
fn every_kind_of_file_imports() {
    let dir = workspace();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let xls = fixtures.join("yingji-2022-06.xls");
    let ods = fixtures.join("yingji-2022-06.ods");
    let xlsx = annex3_xlsx(
        &dir.path().join("a.xlsx"),
        "台账",
        &[&[
            "1",
            "新店",
            "",
            "",
            "",
            "市政办",
            "崔恺",
            "路灯损坏",
            "",
            "6月底",
            "",
        ]],
    );
    std::fs::write(
        dir.path().join("gbk.csv"),
        gb18030(&annex3_csv(&[
            "1,社区店,,,,磁器口社区,王芳,楼道堆物,,立即整改,",
        ])),
    )
    .unwrap();
    let (out, err, code) = import(
        dir.path(),
        &[
            xls.to_str().unwrap(),
            xlsx.to_str().unwrap(),
            "gbk.csv",
            "--as-of",
            "2022-06-30",
        ],
    );
    assert_eq!(
        code, 1,
        "the fixtures' real mistakes are errors: {out}{err}"
    );
    assert!(out.contains("新增 10") && out.contains("新增 1"), "{out}");
    assert_eq!(list(dir.path()).len(), 12);
    let (out, _, _) = import(
        dir.path(),
        &[ods.to_str().unwrap(), "--as-of", "2022-06-30"],
    );
    assert!(
        out.contains("新增 0，更新 0，未变 10"),
        "the ods is the same ledger as the xls: {out}"
    );
}

#[test]
fn ids_are_stable_and_numbered_by_discovery_year() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    import(dir.path(), &["6月.csv", "--as-of", "2022-06-30"]);
    let ids: Vec<_> = list(dir.path())
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["YH-2022-0001", "YH-2022-0002", "YH-2022-0003"]);
}

#[test]
fn importing_the_same_file_again_changes_nothing_at_all() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    import(dir.path(), &["6月.csv", "--as-of", "2022-06-30"]);
    let before = store_snapshot(dir.path());
    let (out, _, code) = import(dir.path(), &["6月.csv", "--as-of", "2022-06-30"]);
    assert_eq!(code, 0);
    assert!(out.contains("新增 0，更新 0，未变 3"), "{out}");
    assert_eq!(
        store_snapshot(dir.path()),
        before,
        "byte-identical store, history included"
    );
}

#[test]
fn a_later_file_updates_fields_and_the_history_says_what_changed() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    import(dir.path(), &["6月.csv", "--as-of", "2022-06-30"]);
    full_csv(
        dir.path(),
        "7月.csv",
        &[
            "1,甲店,应急办,赵家平,灭火器过期,已于7月2日更换，整改完毕,,,,,,,,",
            "9,新店,应急办,赵家平,电线老化,,7月底,一般,2022-07-20,,,,,",
        ],
    );
    let (out, _, _) = import(dir.path(), &["7月.csv", "--as-of", "2022-07-31"]);
    assert!(out.contains("新增 1，更新 1，未变 0"), "{out}");

    let (out, _, code) = run(dir.path(), &["show", "YH-2022-0001", "--format", "json"]);
    assert_eq!(code, 0);
    let v = json(out.as_bytes());
    assert_eq!(v["status"], "已整改");
    assert_eq!(v["closed"], "2022-07-02");
    assert_eq!(v["phone"], "13812345678", "a blank cell erases nothing");
    assert_eq!(
        v["deadline"], "2022-06-20",
        "a blank deadline keeps the old one"
    );
    let history = v["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["op"], "insert");
    assert_eq!(history[0]["file"], "6月.csv");
    assert_eq!(history[0]["row"], 2);
    assert_eq!(history[0]["observed"], "2022-06-30");
    assert_eq!(history[1]["op"], "update");
    assert_eq!(history[1]["file"], "7月.csv");
    assert_eq!(history[1]["observed"], "2022-07-31");
    let changes: Vec<(String, String, String)> = history[1]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("field"), s("from"), s("to"))
        })
        .collect();
    assert!(
        changes.contains(&("status".into(), "未整改".into(), "已整改".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&("closed".into(), "".into(), "2022-07-02".into())),
        "{changes:?}"
    );

    let (table, _, _) = run(dir.path(), &["show", "YH-2022-0001"]);
    assert!(
        table.contains("首次导入") && table.contains("status: 未整改 → 已整改"),
        "{table}"
    );
}

#[test]
fn a_row_matches_by_its_id_column_before_its_text() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    import(dir.path(), &["6月.csv", "--as-of", "2022-06-30"]);
    std::fs::write(
        dir.path().join("edited.csv"),
        "编号,单位名称,责任单位,责任人,问题隐患,整改时限\nYH-2022-0002,乙店（更名）,应急办,赵家平,疏散通道堵塞,2022-06-15\n",
    )
    .unwrap();
    let (out, _, _) = import(dir.path(), &["edited.csv", "--as-of", "2022-07-01"]);
    assert!(out.contains("新增 0，更新 1"), "{out}");
    let records = list(dir.path());
    assert_eq!(records.len(), 3);
    assert_eq!(records[1]["unit"], "乙店（更名）");
}

#[test]
fn an_older_file_never_rolls_a_field_back() {
    let dir = workspace();
    full_csv(
        dir.path(),
        "7月.csv",
        &["1,甲店,应急办,赵家平,灭火器过期,整改完毕,2022-06-20,较大,2022-06-10,,,,2022-07-02,"],
    );
    import(dir.path(), &["7月.csv", "--as-of", "2022-07-31"]);
    full_csv(dir.path(), "6月.csv", JUNE);
    let (out, _, _) = import(dir.path(), &["6月.csv", "--as-of", "2022-06-30"]);
    assert!(
        out.contains("新增 2") && out.contains("1 条早于库中记录未更新"),
        "{out}"
    );
    let r = &list(dir.path())[0];
    assert_eq!(r["status"], "已整改");
    assert_eq!(r["closed"], "2022-07-02");
    assert_eq!(r["phone"], "");
}

#[test]
fn a_dry_run_reports_but_writes_nothing() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    let before = store_snapshot(dir.path());
    let (out, err, code) = import(
        dir.path(),
        &["6月.csv", "--as-of", "2022-06-30", "--dry-run"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("新增 3"), "{out}");
    assert!(err.contains("试运行"), "{err}");
    assert_eq!(store_snapshot(dir.path()), before);
}

#[test]
fn an_unreadable_file_leaves_the_store_byte_identical_and_exits_2() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    import(dir.path(), &["6月.csv", "--as-of", "2022-06-30"]);
    let before = store_snapshot(dir.path());
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend(std::iter::repeat_n(0x5a, 500));
    std::fs::write(dir.path().join("坏文件.xlsx"), zip).unwrap();
    full_csv(
        dir.path(),
        "7月.csv",
        &["7,丁店,应急办,赵家平,新隐患,,立即整改,一般,2022-07-01,,,,,"],
    );
    let (_, err, code) = import(dir.path(), &["7月.csv", "坏文件.xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("坏文件.xlsx"), "{err}");
    assert_eq!(store_snapshot(dir.path()), before);
}

#[test]
fn errors_in_rows_do_not_block_the_import_unless_strict() {
    let dir = workspace();
    full_csv(
        dir.path(),
        "bad.csv",
        &["1,甲店,应急办,赵家平,灭火器过期,,尽快,一般,2022-06-10,,,,,"],
    );
    let before = store_snapshot(dir.path());
    let (out, _, code) = import(dir.path(), &["bad.csv", "--strict"]);
    assert_eq!(code, 1);
    assert!(out.contains("deadline-unparsed"), "{out}");
    assert_eq!(store_snapshot(dir.path()), before);
    let (_, err, code) = import(dir.path(), &["bad.csv"]);
    assert_eq!(code, 1, "merged, but the exit status says rows had errors");
    assert!(err.contains("已导入"), "{err}");
    let r = &list(dir.path())[0];
    assert_eq!(r["deadline"], Value::Null);
    assert_eq!(r["deadline_text"], "尽快");
}

#[test]
fn a_second_writer_waits_then_gives_up_with_a_clear_message() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    // Another writer: a transaction holding the database's write lock.
    let db = dir.path().join("store/ledger.db");
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let before = std::fs::read(&db).unwrap();
    let started = std::time::Instant::now();
    let out = ledger(dir.path())
        .env("LEDGER_LOCK_TIMEOUT", "0.3")
        .args(["import", "6月.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("另一个导入正在进行") && err.contains("稍后再试") && err.contains("ledger.db"),
        "{err}"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(300),
        "it waited"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(import(dir.path(), &["6月.csv"]).2, 0);
}

#[test]
fn on_the_rollback_journal_a_reader_waits_for_an_import_and_never_reads_around_it() {
    let dir = workspace();
    full_csv(dir.path(), "6月.csv", JUNE);
    assert_eq!(import(dir.path(), &["6月.csv"]).2, 0);
    // An import on the rollback journal (LEDGER_JOURNAL=delete, for a network
    // share) that has begun writing: its rows are in the file, the pages
    // they replace in the journal, and the database is its own until it commits.
    let db = dir.path().join("store/ledger.db");
    let writer = rusqlite::Connection::open(&db).unwrap();
    let mode: String = writer
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    writer
        .execute_batch(
            "PRAGMA cache_size = 1; BEGIN EXCLUSIVE; UPDATE hazards SET unit = '写了一半'",
        )
        .unwrap();
    let started = std::time::Instant::now();
    let out = ledger(dir.path())
        .env("LEDGER_LOCK_TIMEOUT", "0.3")
        .args(["--lang", "en", "list"])
        .output()
        .unwrap();
    let (stdout, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stdout}{err}");
    assert!(err.contains("another import is running"), "{err}");
    assert!(
        !err.contains("damaged") && !stdout.contains("写了一半"),
        "{stdout}{err}"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(300),
        "it waited"
    );
    writer.execute_batch("ROLLBACK").unwrap();
    drop(writer);
    let (out, err, code) = run(dir.path(), &["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("甲店") && !out.contains("写了一半"), "{out}");
}

#[test]
fn the_file_date_in_the_footer_is_the_default_as_of() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("f.csv"),
        format!(
            "{}填报人：张三,,填报日期：2022年6月28日\n",
            annex3_csv(&["1,甲店,,,,应急办,赵家平,插座老化,,立即整改,"])
        ),
    )
    .unwrap();
    let (out, _, _) = import(dir.path(), &["f.csv"]);
    assert!(out.contains("填报日期 2022-06-28"), "{out}");
    assert_eq!(list(dir.path())[0]["found"], "2022-06-28");
}

#[test]
fn imports_lists_every_imported_file_newest_first_with_what_it_changed() {
    let dir = workspace();
    let (out, _, code) = run(dir.path(), &["imports"]);
    assert_eq!(code, 0);
    assert!(out.contains("还没有导入过"), "{out}");
    full_csv(
        dir.path(),
        "六月.csv",
        &["1,甲店,应急办,赵家平,灭火器过期,,2022-06-30,一般,2022-06-10,,,,,"],
    );
    full_csv(
        dir.path(),
        "七月.csv",
        &[
            "1,甲店,应急办,赵家平,灭火器过期,已整改完毕,2022-06-30,一般,2022-06-10,,,,,",
            "2,乙店,应急办,赵家平,通道堵塞,,2022-07-20,一般,2022-07-05,,,,,",
        ],
    );
    import(dir.path(), &["六月.csv", "--as-of", "2022-06-30"]);
    import(dir.path(), &["七月.csv", "--as-of", "2022-07-31"]);
    let (out, _, code) = run(dir.path(), &["imports", "--format", "json"]);
    assert_eq!(code, 0);
    let lines = json(out.as_bytes());
    let got: Vec<(String, u64, u64)> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["file"].as_str().unwrap().to_string(),
                l["inserted"].as_u64().unwrap(),
                l["updated"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("七月.csv".to_string(), 1, 1),
            ("六月.csv".to_string(), 1, 0)
        ]
    );
    let (table, _, _) = run(dir.path(), &["imports"]);
    assert!(
        table.contains("七月.csv") && table.contains("2022-07-31"),
        "{table}"
    );
}
