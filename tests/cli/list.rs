//! `ledger list` and `ledger show`.

use crate::common::*;
use serde_json::Value;

fn setup() -> tempfile::TempDir {
    let dir = workspace();
    full_csv(
        dir.path(),
        "f.csv",
        &[
            "1,甲店,应急办,赵家平,灭火器过期,,2022-06-20,一般,2022-06-01,,,,,",
            "2,乙厂,应急办,赵家平,配电房重大隐患,整改完毕,2022-06-20,重大,2022-06-05,,,,2022-06-18,",
            "3,丙路,市政办,崔恺,路灯损坏,,2022-07-20,一般,2022-07-02,,,,,",
        ],
    );
    run(dir.path(), &["import", "f.csv", "--as-of", "2022-07-10"]);
    dir
}

fn ids(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let (out, _, code) = run(dir, &all);
    assert_eq!(code, 0);
    json(out.as_bytes())
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_filters_by_department_level_status_and_month() {
    let dir = setup();
    let d = dir.path();
    assert_eq!(ids(d, &[]), ["甲店", "乙厂", "丙路"]);
    assert_eq!(ids(d, &["--dept", "市政办"]), ["丙路"]);
    assert_eq!(ids(d, &["--dept", " 应急办 "]), ["甲店", "乙厂"]);
    assert_eq!(ids(d, &["--level", "重大"]), ["乙厂"]);
    assert_eq!(ids(d, &["--level", "major"]), ["乙厂"]);
    assert_eq!(ids(d, &["--status", "已整改"]), ["乙厂"]);
    assert_eq!(ids(d, &["--status", "open"]), ["甲店", "丙路"]);
    assert_eq!(ids(d, &["--month", "2022-07"]), ["丙路"]);
    assert_eq!(run(d, &["list", "--month", "2022-13"]).2, 2);
    assert_eq!(run(d, &["list", "--level", "高"]).2, 2);
}

#[test]
fn list_json_records_carry_their_id_and_every_record_key() {
    let dir = setup();
    let (out, _, _) = run(dir.path(), &["list", "--format", "json"]);
    let r = &json(out.as_bytes())[1];
    assert_eq!(r["id"], "YH-2022-0002");
    for key in [
        "sheet",
        "row",
        "seq",
        "unit",
        "address",
        "unit_head",
        "phone",
        "dept",
        "owner",
        "hazard",
        "measures",
        "deadline_text",
        "deadline",
        "long_term",
        "level",
        "found",
        "found_assumed",
        "status",
        "closed",
        "closed_source",
        "extended_deadline",
        "extension_approved",
        "interview",
        "remarks",
    ] {
        assert!(r.get(key).is_some(), "{key}");
    }
    assert_eq!(r["closed"], "2022-06-18");
    assert_eq!(r["closed_source"], "column");
}

#[test]
fn list_table_and_csv() {
    let dir = setup();
    let (out, _, _) = run(dir.path(), &["list"]);
    assert!(
        out.contains("YH-2022-0003") && out.contains("丙路") && out.contains("共 3 条"),
        "{out}"
    );
    let (out, _, _) = run(dir.path(), &["list", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(rows.headers().unwrap().get(0), Some("id"));
    assert_eq!(rows.records().count(), 3);
    assert_eq!(run(dir.path(), &["list", "-o", "all.csv"]).2, 0);
    assert!(
        std::fs::read(dir.path().join("all.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );
    assert_eq!(run(dir.path(), &["list", "-o", "all.json"]).2, 0);
    let v: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("all.json")).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
}

#[test]
fn show_gives_one_record_and_its_history_or_exits_2_for_an_unknown_id() {
    let dir = setup();
    let (out, _, code) = run(dir.path(), &["show", "yh-2022-0002", "--format", "json"]);
    assert_eq!(code, 0);
    let v = json(out.as_bytes());
    assert_eq!(v["unit"], "乙厂");
    assert_eq!(v["history"][0]["op"], "insert");
    let (_, err, code) = run(dir.path(), &["show", "YH-1999-0001"]);
    assert_eq!(code, 2);
    assert!(err.contains("YH-1999-0001"), "{err}");
}
