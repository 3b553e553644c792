//! Real ledgers nobody on this project wrote: the exports and templates of
//! other hazard systems in `../shared/realworld/`, with what a clerk expects
//! of each (its README). Skipped, with a message, where that folder is absent.

use crate::common::ledger;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if dir.join("README.md").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// The one file of the corpus whose name starts with `prefix`.
fn file(dir: &Path, prefix: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    assert_eq!(found.len(), 1, "{prefix} in {}", dir.display());
    found.remove(0)
}

/// `ledger check --format json` of one file: its records and findings.
fn check(path: &Path) -> (Vec<Value>, Vec<Value>) {
    let out = ledger(path.parent().unwrap())
        .args(["check", "--format", "json", "--as-of", "2026-12-06"])
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).expect("check prints JSON");
    let f = &json["files"][0];
    let list = |key: &str| f[key].as_array().cloned().unwrap_or_default();
    (list("records"), list("findings"))
}

fn text<'a>(record: &'a Value, key: &str) -> &'a str {
    record[key].as_str().unwrap_or("")
}

fn errors(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| format!("{} {}", f["code"].as_str().unwrap(), text(f, "cell")))
        .collect()
}

#[test]
fn closed_exports_read_as_closed_with_their_review_dates() {
    let Some(dir) = corpus() else { return };
    for (prefix, hazards) in [("F01", 57), ("F02", 98), ("F03", 38)] {
        let (records, _) = check(&file(&dir, prefix));
        assert_eq!(records.len(), hazards, "{prefix}");
        for r in &records {
            let status = text(r, "status");
            assert!(
                status == "已整改" || status == "已销号",
                "{prefix} row {}: {status}",
                r["row"]
            );
            assert!(
                r["closed"].is_string(),
                "{prefix} row {} has a closing date",
                r["row"]
            );
        }
    }
    // F03's 复查日期 are bare serial numbers: 43613 is 2019-05-28.
    let (records, _) = check(&file(&dir, "F03"));
    assert_eq!(records[0]["closed"], "2019-05-28");
    assert_eq!(records[0]["closed_source"], "column");
    assert_eq!(text(&records[0], "reviewer"), "王魁");
}

#[test]
fn only_the_true_errors_of_the_closed_exports_are_errors() {
    let Some(dir) = corpus() else { return };
    let mut rows = 0;
    let mut all = Vec::new();
    for prefix in ["F01", "F02", "F03"] {
        let (records, findings) = check(&file(&dir, prefix));
        rows += records.len();
        all.extend(
            errors(&findings)
                .into_iter()
                .map(|e| format!("{prefix} {e}")),
        );
    }
    let mut want: Vec<String> = (59..=63)
        .map(|r| format!("F02 required-missing B{r}"))
        .collect();
    want.push("F02 deadline-before-found H17".into());
    all.sort();
    want.sort();
    assert_eq!(all, want);
    assert!(all.len() as f64 / rows as f64 <= 0.2);
}

#[test]
fn a_column_the_file_lacks_is_said_once() {
    let Some(dir) = corpus() else { return };
    let (records, findings) = check(&file(&dir, "F13"));
    assert_eq!(records.len(), 106);
    let codes: Vec<&str> = findings.iter().map(|f| text(f, "code")).collect();
    for code in ["deadline-missing", "required-missing"] {
        assert!(!codes.contains(&code), "no {code} row by row: {codes:?}");
    }
    let missing = codes.iter().filter(|c| **c == "column-missing").count();
    assert_eq!(missing, 3, "责任单位, 责任人, 整改时限: {codes:?}");
}

#[test]
fn the_same_hazard_text_at_two_places_is_two_hazards() {
    let Some(dir) = corpus() else { return };
    let (records, findings) = check(&file(&dir, "F13"));
    let duplicates: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "duplicate-row")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        duplicates.len(),
        1,
        "only the row repeated whole: {duplicates:?}"
    );
    assert!(duplicates[0].contains("74"), "{duplicates:?}");
    let first = records
        .iter()
        .find(|r| text(r, "hazard") == "消火栓水压不足")
        .unwrap();
    assert_eq!(text(first, "unit"), "北京钢铁集团");
    assert_eq!(text(first, "location"), "食堂");
}

/// A workspace in a temporary folder.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ledger(dir.path())
        .args(["init", "ws", "--name", "五环项目部"])
        .assert()
        .success();
    dir
}

fn stored(ws: &Path) -> usize {
    let out = ledger(ws)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().len()
}

#[test]
fn importing_an_export_without_units_twice_changes_nothing() {
    let Some(dir) = corpus() else { return };
    let tmp = workspace();
    let ws = tmp.path().join("ws");
    let files: Vec<PathBuf> = ["F01", "F02", "F03", "F13"]
        .iter()
        .map(|p| file(&dir, p))
        .collect();
    ledger(&ws).arg("import").args(&files).output().unwrap();
    let once = stored(&ws);
    // F13 repeats one row (厦门航空维修, 配电房), a duplicate said as such.
    assert_eq!(once, 57 + 98 + 38 + 105);
    ledger(&ws).arg("import").args(&files).output().unwrap();
    assert_eq!(stored(&ws), once);
}

#[test]
fn nothing_in_the_closed_exports_is_overdue() {
    let Some(dir) = corpus() else { return };
    let tmp = workspace();
    let ws = tmp.path().join("ws");
    // A close the export states without a date is dated by the import's
    // as-of day, so both commands name the same day.
    for prefix in ["F01", "F02", "F03"] {
        ledger(&ws)
            .args(["import", "--as-of", "2026-12-06"])
            .arg(file(&dir, prefix))
            .output()
            .unwrap();
    }
    let out = ledger(&ws)
        .args(["overdue", "--format", "csv", "--as-of", "2026-12-06"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");
}

/// What the README says of each template with a typed row: the header is
/// found and the hazard, the deadline and the department land in their
/// fields; 李四 (inspector or acceptor) is never the owner, and the
/// inspected object never the unit.
#[test]
fn templates_with_a_row_land_in_their_fields() {
    let Some(dir) = corpus() else { return };
    let dir = dir.join("with-a-row");
    for prefix in ["D06b", "D07", "D08", "D10", "D11"] {
        let (records, _) = check(&file(&dir, prefix));
        assert_eq!(records.len(), 1, "{prefix}");
        let r = &records[0];
        assert!(
            text(r, "hazard").contains("消防通道堆放杂物"),
            "{prefix}: {r}"
        );
        assert_eq!(r["deadline"], "2020-09-15", "{prefix}");
        assert_eq!(text(r, "dept"), "运行部", "{prefix}");
        assert_ne!(text(r, "owner"), "李四", "{prefix}");
        assert_ne!(text(r, "unit"), "#1锅炉", "{prefix}");
        if prefix != "D08" {
            assert_eq!(text(r, "owner"), "张三", "{prefix}");
        }
    }
}

#[test]
fn the_fuller_description_wins_and_the_other_is_kept() {
    let Some(dir) = corpus() else { return };
    let (records, _) = check(&file(&dir.join("with-a-row"), "D07"));
    let r = &records[0];
    assert_eq!(text(r, "hazard"), "锅炉房东侧消防通道堆放杂物");
    assert_eq!(r["extras"]["隐患名称"], "消防通道堵塞");
    assert_eq!(text(r, "code"), "202009010001");
    assert_eq!(text(r, "reviewer"), "李四");
}

#[test]
fn a_yes_no_column_and_a_fix_on_the_spot_close_the_hazard() {
    let Some(dir) = corpus() else { return };
    let (records, _) = check(&file(&dir.join("with-a-row"), "D04"));
    assert_eq!(records[0]["status"], "已整改");
    assert_eq!(text(&records[0], "hazard"), "测试检查项1");
    let (records, _) = check(&file(&dir, "F01"));
    let on_the_spot = &records[0];
    assert_eq!(text(on_the_spot, "measures"), "当场纠正");
    assert_eq!(on_the_spot["closed"], on_the_spot["found"]);
}

#[test]
fn a_closures_only_template_is_refused_with_a_reason() {
    let Some(dir) = corpus() else { return };
    let out = ledger(&dir)
        .arg("check")
        .arg(file(&dir, "F09"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("F09"), "{stderr}");
    assert!(
        stderr.contains("没有问题隐患（隐患描述）列") && stderr.contains("[columns]"),
        "says what is missing and how to teach it: {stderr}"
    );
}

#[test]
fn show_gives_the_place_the_code_and_the_people_other_systems_record() {
    let Some(dir) = corpus() else { return };
    let tmp = workspace();
    let ws = tmp.path().join("ws");
    ledger(&ws)
        .args(["import", "--as-of", "2026-12-06"])
        .arg(file(&dir.join("with-a-row"), "D07"))
        .output()
        .unwrap();
    let out = ledger(&ws).args(["show", "YH-2026-0001"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "隐患编号",
        "202009010001",
        "隐患位置",
        "#1锅炉",
        "复查人",
        "李四",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
}
