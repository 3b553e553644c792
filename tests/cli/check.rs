//! `ledger check`: reading every kind of real ledger file and reporting what
//! is wrong with it, by file, sheet and cell.

use crate::common::*;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

/// Runs `ledger check --format json` and returns the JSON and exit code.
fn check(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = ledger(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    (json(&out.stdout), out.status.code().unwrap())
}

fn records(v: &Value) -> &Vec<Value> {
    v["files"][0]["records"].as_array().unwrap()
}

fn codes_at(v: &Value) -> Vec<(String, Option<String>)> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["cell"].as_str().map(str::to_string),
            )
        })
        .collect()
}

const CLEAN: &[&str] = &[
    "1",
    "磁器口陈麻花店",
    "磁器口正街12号",
    "陈明",
    "13812345678",
    "应急办",
    "赵家平",
    "灭火器压力不足",
    "已于6月12日更换灭火器，整改完毕",
    "立即整改",
    "",
];

#[test]
fn reads_an_annex3_xlsx_under_a_merged_title() {
    let dir = TempDir::new().unwrap();
    annex3_xlsx(&dir.path().join("6月台账.xlsx"), "台账", &[CLEAN]);
    let (v, code) = check(dir.path(), &["6月台账.xlsx", "--as-of", "2022-06-10"]);
    assert_eq!(code, 0, "{v}");
    let file = &v["files"][0];
    assert_eq!(file["status"], "ok");
    assert_eq!(file["sheets"][0]["name"], "台账");
    assert_eq!(file["sheets"][0]["header_row"], 2);
    assert_eq!(file["sheets"][0]["rows"], 1);
    let r = &records(&v)[0];
    assert_eq!(r["row"], 3);
    assert_eq!(r["unit"], "磁器口陈麻花店");
    assert_eq!(r["address"], "磁器口正街12号");
    assert_eq!(r["unit_head"], "陈明");
    assert_eq!(r["phone"], "13812345678");
    assert_eq!(r["dept"], "应急办");
    assert_eq!(r["owner"], "赵家平");
    assert_eq!(r["deadline_text"], "立即整改");
    assert_eq!(r["deadline"], "2022-06-10");
    assert_eq!(r["found"], "2022-06-10");
    assert_eq!(r["found_assumed"], true);
    assert_eq!(r["level"], "一般");
    assert_eq!(r["status"], "已整改");
    assert_eq!(r["closed"], "2022-06-12");
    assert_eq!(r["closed_source"], "text");
    assert_eq!(v["summary"]["records"], 1);
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn a_department_merged_down_several_rows_belongs_to_each_and_blank_cells_stay_blank() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("merged.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(
        0,
        0,
        1,
        10,
        "磁器口街道\n安全生产大检查台账",
        &Format::new(),
    )
    .unwrap();
    write_rows(ws, 2, &text_rows(&[&ANNEX3]));
    let rows: Vec<Vec<&str>> = (1..=3)
        .map(|i| {
            let mut r = CLEAN.to_vec();
            r[0] = ["1", "2", "3"][i - 1];
            r[1] = ["甲店", "乙店", "丙店"][i - 1];
            r[5] = "";
            r
        })
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_rows(ws, 3, &text_rows(&rows));
    ws.merge_range(3, 5, 5, 5, "市政办", &Format::new())
        .unwrap();
    ws.write_string(4, 2, "").unwrap();
    wb.save(&path).unwrap();

    let (v, _) = check(dir.path(), &["merged.xlsx"]);
    let recs = records(&v);
    assert_eq!(recs.len(), 3);
    for r in recs {
        assert_eq!(r["dept"], "市政办", "{r}");
    }
    assert_eq!(v["files"][0]["sheets"][0]["header_row"], 3);
    assert_eq!(recs[0]["address"], "磁器口正街12号");
}

#[test]
fn blank_rows_pre_numbered_rows_and_footers_are_not_hazards_and_the_footer_dates_the_file() {
    let dir = TempDir::new().unwrap();
    annex3_xlsx(
        &dir.path().join("f.xlsx"),
        "Sheet1",
        &[
            &[
                "1",
                "甲店",
                "",
                "",
                "",
                "应急办",
                "赵家平",
                "插座老化",
                "",
                "6月底",
                "",
            ],
            &[],
            &["2"],
            &["3", "", " "],
            &[
                "填报人：张三",
                "",
                "",
                "审核人：李四",
                "",
                "",
                "",
                "填报日期：2022年6月15日",
            ],
        ],
    );
    let (v, _) = check(dir.path(), &["f.xlsx"]);
    let recs = records(&v);
    assert_eq!(recs.len(), 1, "{v}");
    assert_eq!(recs[0]["found"], "2022-06-15");
    assert_eq!(recs[0]["found_assumed"], true);
    assert_eq!(recs[0]["deadline"], "2022-06-30");
}

#[test]
fn a_title_row_fill_date_dates_the_file_and_as_of_beats_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("t.csv");
    let text = format!(
        "填报单位：应急办,,填报日期：2022年7月5日\n{}",
        annex3_csv(&["1,甲店,,,,应急办,赵家平,插座老化,,15日内,"])
    );
    std::fs::write(&path, text).unwrap();
    let (v, _) = check(dir.path(), &["t.csv"]);
    assert_eq!(records(&v)[0]["found"], "2022-07-05");
    assert_eq!(records(&v)[0]["deadline"], "2022-07-20");
    let (v, _) = check(dir.path(), &["t.csv", "--as-of", "2022-08-01"]);
    assert_eq!(records(&v)[0]["found"], "2022-08-01");
}

#[test]
fn a_notes_sheet_is_skipped_with_an_info_line() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("two.xlsx");
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet().set_name("填表说明").unwrap();
    write_rows(
        notes,
        0,
        &text_rows(&[&["1. 序号按顺序填写"], &["2. 整改时限写明日期"]]),
    );
    let ws = wb.add_worksheet().set_name("台账").unwrap();
    write_rows(ws, 0, &text_rows(&[&ANNEX3, CLEAN]));
    wb.save(&path).unwrap();

    let out = ledger(dir.path())
        .args(["check", "two.xlsx"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("填表说明") && stderr.contains("跳过"),
        "{stderr}"
    );
    let (v, _) = check(dir.path(), &["two.xlsx"]);
    let sheets = v["files"][0]["sheets"].as_array().unwrap();
    assert_eq!(sheets[0]["header_row"], Value::Null);
    assert_eq!(sheets[1]["rows"], 1);
}

#[test]
fn a_header_split_over_two_rows_with_merged_upper_labels() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("split.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = Format::new();
    ws.merge_range(0, 0, 1, 0, "序号", &f).unwrap();
    ws.merge_range(0, 1, 0, 3, "单位", &f).unwrap();
    ws.merge_range(0, 4, 1, 4, "责任单位", &f).unwrap();
    ws.merge_range(0, 5, 1, 5, "责任人", &f).unwrap();
    ws.merge_range(0, 6, 1, 6, "问题隐患", &f).unwrap();
    ws.merge_range(0, 7, 0, 8, "整改", &f).unwrap();
    write_rows(
        ws,
        1,
        &text_rows(&[&[
            "",
            "名称",
            "地址",
            "负责人",
            "",
            "",
            "",
            "措施及情况",
            "时限",
        ]]),
    );
    write_rows(
        ws,
        2,
        &text_rows(&[&[
            "1",
            "甲店",
            "正街1号",
            "陈明",
            "应急办",
            "赵家平",
            "电线私拉",
            "",
            "2022-06-20",
        ]]),
    );
    wb.save(&path).unwrap();
    let (v, _) = check(dir.path(), &["split.xlsx"]);
    let r = &records(&v)[0];
    assert_eq!(r["unit"], "甲店");
    assert_eq!(r["address"], "正街1号");
    assert_eq!(r["unit_head"], "陈明");
    assert_eq!(r["deadline"], "2022-06-20");
    assert_eq!(r["row"], 3);
}

#[test]
fn date_cells_serial_numbers_and_text_all_count_in_the_deadline_column() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("dates.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "序号",
        "单位名称",
        "责任单位",
        "责任人",
        "问题隐患",
        "整改时限",
        "发现日期",
    ];
    write_rows(ws, 0, &text_rows(&[&header]));
    let row = |seq, deadline, found| {
        vec![
            C::T(seq),
            C::T("甲店"),
            C::T("应急办"),
            C::T("赵家平"),
            C::T(seq),
            deadline,
            found,
        ]
    };
    write_rows(
        ws,
        1,
        &[
            row("1", C::D(2022, 6, 30), C::D(2022, 6, 10)),
            row("2", C::N(44742.0), C::T("2022.6.10")),
            row("3", C::N(20220630.0), C::N(20220610.0)),
            row("4", C::T("6月底"), C::T("2022年6月10日")),
            row("5", C::T("１５日内"), C::D(2022, 6, 10)),
            row("6", C::T("7个工作日内"), C::D(2022, 6, 10)),
        ],
    );
    wb.save(&path).unwrap();
    let (v, _) = check(dir.path(), &["dates.xlsx"]);
    let got: Vec<_> = records(&v)
        .iter()
        .map(|r| r["deadline"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        got,
        [
            "2022-06-30",
            "2022-06-30",
            "2022-06-30",
            "2022-06-30",
            "2022-06-25",
            "2022-06-21"
        ]
    );
    for r in records(&v) {
        assert_eq!(r["found"], "2022-06-10");
        assert_eq!(r["found_assumed"], false);
    }
    assert_eq!(records(&v)[0]["deadline_text"], "2022-06-30");
}

#[test]
fn gb18030_csv_as_excel_on_chinese_windows_saves_it() {
    let dir = TempDir::new().unwrap();
    let text = annex3_csv(&[
        "1,磁器口陈麻花店,磁器口正街12号,陈明,13812345678,应急办,赵家平,灭火器压力不足,,6月底,",
    ]);
    std::fs::write(dir.path().join("gbk.csv"), gb18030(&text)).unwrap();
    let (v, code) = check(dir.path(), &["gbk.csv", "--as-of", "2022-06-10"]);
    assert_eq!(records(&v)[0]["unit"], "磁器口陈麻花店");
    assert_eq!(records(&v)[0]["deadline"], "2022-06-30");
    assert_eq!(v["files"][0]["sheets"][0]["name"], "");
    assert_eq!(
        code, 0,
        "a general hazard given 20 days is only a warning: {v}"
    );
    assert_eq!(
        codes_at(&v),
        [("general-not-immediate".to_string(), Some("J2".to_string()))]
    );
}

#[test]
fn utf8_bom_tab_and_semicolon_files_with_quoted_multiline_cells() {
    let dir = TempDir::new().unwrap();
    let rows = "1,甲店,,,,应急办,赵家平,\"疏散通道\n堆放杂物\",\"已清理，\n整改完毕\",立即整改,";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(annex3_csv(&[rows]).as_bytes());
    std::fs::write(dir.path().join("bom.csv"), bom).unwrap();
    std::fs::write(
        dir.path().join("tab.txt"),
        annex3_csv(&[rows]).replace(',', "\t"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("semi.csv"),
        annex3_csv(&[rows]).replace(',', ";"),
    )
    .unwrap();
    for file in ["bom.csv", "tab.txt", "semi.csv"] {
        let (v, _) = check(dir.path(), &[file]);
        let r = &records(&v)[0];
        assert_eq!(r["hazard"], "疏散通道\n堆放杂物", "{file}");
        assert_eq!(r["status"], "已整改", "{file}");
        assert_eq!(r["dept"], "应急办", "{file}");
    }
}

/// Rows that each break one rule, in the Annex 3 layout; the deadline is column J.
fn rule_breakers() -> Vec<Vec<&'static str>> {
    let base = |seq: &'static str, unit, hazard, deadline, remarks| {
        vec![
            seq,
            unit,
            "磁器口正街",
            "陈明",
            "13812345678",
            "应急办",
            "赵家平",
            hazard,
            "",
            deadline,
            remarks,
        ]
    };
    let mut rows = vec![
        base("1", "甲店", "灭火器过期", "下个月吧", ""),
        base("2", "乙店", "通道堵塞", "", ""),
        base("3", "丙店", "制度不全", "长期坚持", ""),
        base("4", "丁店", "电线老化", "2022-06-01", ""),
        base("5", "戊店", "消防栓损坏", "三中全会召开前", ""),
        base("6", "己厂", "配电房存在重大事故隐患", "7月31日", ""),
        base("7", "", "无证经营", "立即整改", ""),
        base("8", "庚店", "插座老化", "6月30日", ""),
        base("9", "辛店", "油烟管道积油", "7月31日", "较大隐患"),
        base("10", "壬店", "线路裸露", "立即整改", ""),
        base("11", "庚店", "插座老化", "6月30日", ""),
    ];
    rows[9][4] = "12345";
    rows
}

#[test]
fn every_annex3_rule_is_reported_at_its_cell() {
    let dir = TempDir::new().unwrap();
    let rows = rule_breakers();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    annex3_xlsx(&dir.path().join("bad.xlsx"), "台账", &rows);
    let (v, code) = check(dir.path(), &["bad.xlsx", "--as-of", "2022-06-10"]);
    assert_eq!(code, 1);
    let got = codes_at(&v);
    let want = [
        ("deadline-unparsed", Some("J3")),
        ("deadline-missing", Some("J4")),
        ("deadline-long-term", Some("J5")),
        // The discovery date is only the file's date, so a deadline before it
        // is not an error: the hazard is simply overdue, with no 约谈日期 column.
        ("interview-overdue", None),
        ("named-date-unknown", Some("J7")),
        ("major-over-limit", Some("J8")),
        ("required-missing", Some("B9")),
        ("general-not-immediate", Some("J10")),
        ("larger-over-limit", Some("J11")),
        ("phone-invalid", Some("E12")),
        ("general-not-immediate", Some("J13")),
        ("duplicate-row", None),
    ];
    for (code, cell) in want {
        assert!(
            got.contains(&(code.to_string(), cell.map(str::to_string))),
            "missing {code} at {cell:?} in {got:?}"
        );
    }
    assert_eq!(got.len(), want.len(), "no other findings: {got:?}");
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["sheet"], "台账");
    assert_eq!(f["row"], 3);
    assert!(f["message"].as_str().unwrap().contains("下个月吧"));
    let unknown = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "named-date-unknown")
        .unwrap();
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("[named_dates]")
    );
    let r = &records(&v)[0];
    assert_eq!(
        r["deadline"],
        Value::Null,
        "a bad field is unknown, not guessed"
    );
    assert_eq!(records(&v)[5]["level"], "重大");
    assert_eq!(records(&v)[8]["level"], "较大");
    assert_eq!(records(&v).len(), 11, "rows with errors are still records");
}

#[test]
fn optional_columns_extensions_interviews_levels_and_statuses() {
    let dir = TempDir::new().unwrap();
    let header = "序号,单位名称,责任单位,责任人,问题隐患,整改措施及情况,整改时限,隐患等级,发现日期,延期时限,延期审批,约谈日期,整改状态,完成日期";
    let rows = [
        "1,甲厂,应急办,赵家平,配电房重大隐患,,2022-06-15,重大,2022-06-01,2022-07-15,园区攻坚指挥部,,,",
        "2,乙厂,应急办,赵家平,储罐区重大隐患,,2022-07-15,重大,2022-06-01,2022-07-15,园区攻坚指挥部、区经信局,,,",
        "3,丙店,应急办,赵家平,插座老化,,立即整改,一般,上周,,,,,",
        "4,丁店,应急办,赵家平,插座老化,,立即整改,高,2022-06-10,,,,,",
        "5,戊店,应急办,赵家平,插座老化,,立即整改,一般,2022-06-10,,,,待定,",
        "6,己店,应急办,赵家平,通道堵塞,,2022-06-01,一般,2022-06-01,,,,,",
        "7,庚店,应急办,赵家平,通道堵塞,,2022-06-01,一般,2022-06-01,,,2022-06-03,,",
        "8,辛店,应急办,赵家平,通道堵塞,已责令整改,2022-06-01,一般,2022-06-01,,,,,2022-06-05",
        "9,壬店,应急办,赵家平,通道堵塞,整改完毕,2022-06-12,一般,2022-06-10,,,,整改中,",
        "10,癸店,应急办,赵家平,电线老化,,2022-06-01,一般,2022-06-05,,,,,",
    ];
    let text = format!("{header}\n{}\n", rows.join("\n"));
    std::fs::write(dir.path().join("opt.csv"), text).unwrap();
    let (v, _) = check(dir.path(), &["opt.csv", "--as-of", "2022-06-10"]);
    let got = codes_at(&v);
    for want in [
        ("extension-unapproved", "K2"),
        ("date-unparsed", "I4"),
        ("level-unknown", "H5"),
        ("status-unknown", "M6"),
        ("interview-overdue", "L7"),
        ("deadline-before-found", "G11"),
        ("status-disagrees", "M10"),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), Some(want.1.to_string()))),
            "{want:?} in {got:?}"
        );
    }
    assert!(
        !got.iter().any(|(c, _)| c == "major-over-limit"),
        "44 days with an approved extension: {got:?}"
    );
    assert_eq!(
        got.len(),
        9,
        "the seven above, row 11's missing interview, and the general hazard given 2 days: {got:?}"
    );
    let recs = records(&v);
    assert_eq!(recs[0]["extension_approved"], false);
    assert_eq!(recs[1]["extension_approved"], true);
    assert_eq!(recs[1]["extended_deadline"], "2022-07-15");
    assert_eq!(
        recs[2]["found"], "2022-06-10",
        "an unreadable date is assumed"
    );
    assert_eq!(recs[2]["found_assumed"], true);
    assert_eq!(recs[6]["interview"], "2022-06-03");
    assert_eq!(recs[7]["status"], "已整改", "a completion date means done");
    assert_eq!(recs[7]["closed"], "2022-06-05");
    assert_eq!(recs[7]["closed_source"], "column");
    assert_eq!(
        recs[8]["status"], "整改中",
        "the status column beats the text"
    );
}

#[test]
fn a_cell_over_excels_limit_is_refused_and_a_5mb_cell_does_not_break_anything() {
    let dir = TempDir::new().unwrap();
    let long = "隐".repeat(40_000);
    let huge = "x".repeat(5 * 1024 * 1024);
    let text = annex3_csv(&[
        &format!("1,甲店,,,,应急办,赵家平,{long},,立即整改,"),
        &format!("2,乙店,,,,应急办,赵家平,通道堵塞,,立即整改,{huge}"),
    ]);
    std::fs::write(dir.path().join("long.csv"), text).unwrap();
    let (v, code) = check(dir.path(), &["long.csv"]);
    assert_eq!(code, 1);
    let got = codes_at(&v);
    assert!(
        got.contains(&("cell-too-long".into(), Some("H2".into()))),
        "{got:?}"
    );
    assert!(
        got.contains(&("cell-too-long".into(), Some("K3".into()))),
        "{got:?}"
    );
    assert_eq!(records(&v)[0]["hazard"], "");
    assert_eq!(records(&v)[1]["remarks"], "");
}

#[test]
fn unreadable_files_are_named_with_the_reason_and_the_others_still_checked() {
    let dir = TempDir::new().unwrap();
    let good = annex3_xlsx(&dir.path().join("good.xlsx"), "台账", &[CLEAN]);
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(dir.path().join("truncated.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(dir.path().join("corrupt.xlsx"), zip).unwrap();
    std::fs::write(
        dir.path().join("random.csv"),
        (0..4000u32)
            .map(|i| (i * 31 % 256) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.csv"), b"").unwrap();
    std::fs::write(dir.path().join("notes.csv"), "这是一份说明，不是台账\n").unwrap();
    let files = [
        "truncated.xlsx",
        "corrupt.xlsx",
        "random.csv",
        "empty.csv",
        "notes.csv",
        "missing.xlsx",
        "good.xlsx",
    ];
    let (v, code) = check(dir.path(), &files);
    assert_eq!(code, 2);
    let statuses: Vec<_> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "unreadable",
            "unreadable",
            "unreadable",
            "unreadable",
            "unreadable",
            "unreadable",
            "ok"
        ]
    );
    for f in &v["files"].as_array().unwrap()[..6] {
        assert!(!f["error"].as_str().unwrap().is_empty());
    }
    // A damaged workbook's message says what a clerk can do about it.
    let truncated = v["files"][0]["error"].as_str().unwrap();
    assert!(
        truncated.contains("损坏") && truncated.contains("另存"),
        "{truncated}"
    );
    assert_eq!(v["summary"]["records"], 1);

    let out = ledger(dir.path())
        .args(["check", "empty.csv", "good.xlsx"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("empty.csv") && stdout.contains("无法读取"),
        "{stdout}"
    );
}

#[test]
fn exit_status_zero_for_clean_one_for_errors_and_strict_warnings() {
    let dir = TempDir::new().unwrap();
    annex3_xlsx(&dir.path().join("clean.xlsx"), "台账", &[CLEAN]);
    let mut warn = CLEAN.to_vec();
    warn[4] = "12345";
    annex3_xlsx(&dir.path().join("warn.xlsx"), "台账", &[&warn]);
    let status = |args: &[&str]| {
        ledger(dir.path())
            .arg("check")
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(status(&["clean.xlsx"]), Some(0));
    assert_eq!(status(&["warn.xlsx"]), Some(0));
    assert_eq!(status(&["warn.xlsx", "--strict"]), Some(1));
    assert_eq!(status(&["clean.xlsx", "--format", "yaml"]), Some(2));
    assert_eq!(status(&[]), Some(2));
}

#[test]
fn table_output_names_file_sheet_and_cell_in_chinese_or_english() {
    let dir = TempDir::new().unwrap();
    let mut bad = CLEAN.to_vec();
    bad[9] = "下个月吧";
    annex3_xlsx(&dir.path().join("6月台账.xlsx"), "台账", &[&bad]);
    let out = ledger(dir.path())
        .args(["check", "6月台账.xlsx"])
        .output()
        .unwrap();
    let zh = String::from_utf8(out.stdout).unwrap();
    assert!(zh.contains("6月台账.xlsx"), "{zh}");
    assert!(zh.contains("台账!J3"), "{zh}");
    assert!(zh.contains("错误") && zh.contains("无法识别"), "{zh}");
    assert!(zh.contains("合计：1 个文件，1 条记录，1 个错误"), "{zh}");
    assert!(!zh.contains('\u{1b}'), "no colour when not a terminal");

    let out = ledger(dir.path())
        .args(["check", "6月台账.xlsx", "--lang", "en"])
        .output()
        .unwrap();
    let en = String::from_utf8(out.stdout).unwrap();
    assert!(en.contains("deadline '下个月吧' is not understood"), "{en}");
    let out = ledger(dir.path())
        .env("LEDGER_LANG", "en")
        .args(["check", "6月台账.xlsx"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), en);
}

#[test]
fn a_workspace_config_sets_the_limits() {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("ledger.toml"),
        "[organisation]\nname = \"测试街道\"\n[rules]\nmajor_days = 60\n[named_dates]\n\"三中全会\" = 2022-07-01\n",
    )
    .unwrap();
    let rows = rule_breakers();
    annex3_xlsx(&dir.path().join("bad.xlsx"), "台账", &[&rows[4], &rows[5]]);
    let (v, _) = check(dir.path(), &["bad.xlsx", "--as-of", "2022-06-10"]);
    let got = codes_at(&v);
    assert!(!got.iter().any(|(c, _)| c == "major-over-limit"), "{got:?}");
    assert!(
        !got.iter().any(|(c, _)| c == "named-date-unknown"),
        "{got:?}"
    );
    assert_eq!(records(&v)[0]["deadline"], "2022-07-01");
}

#[test]
fn a_closing_date_in_the_text_follows_a_stated_discovery_date() {
    let dir = TempDir::new().unwrap();
    let text = "序号,单位名称,责任单位,责任人,问题隐患,整改措施及情况,整改时限,发现日期\n1,甲店,应急办,赵家平,插座老化,已于1月15日整改完毕,1月20日,2022-01-10\n";
    std::fs::write(dir.path().join("f.csv"), text).unwrap();
    let (v, _) = check(dir.path(), &["f.csv", "--as-of", "2022-12-31"]);
    assert_eq!(
        records(&v)[0]["closed"],
        "2022-01-15",
        "not 2023-01-15, nearer the file's date"
    );
    assert_eq!(records(&v)[0]["deadline"], "2022-01-20");
}

#[test]
fn a_carried_over_row_keeps_its_past_dates_when_discovery_is_only_the_file_date() {
    let dir = TempDir::new().unwrap();
    let text = annex3_csv(&[
        "1,云间民宿,,,,磁器口社区,王芳,安全出口锁闭,已于7月1日打开安全出口，整改完毕,6月底前,",
    ]);
    std::fs::write(dir.path().join("7月.csv"), gb18030(&text)).unwrap();
    let (v, _) = check(dir.path(), &["7月.csv", "--as-of", "2022-07-31"]);
    let r = &records(&v)[0];
    assert_eq!(r["found"], "2022-07-31");
    assert_eq!(r["deadline"], "2022-06-30", "not 2023-06-30");
    assert_eq!(r["closed"], "2022-07-01", "not 2023-07-01");
    assert!(
        codes_at(&v).is_empty(),
        "rectified late, nothing to flag: {:?}",
        codes_at(&v)
    );
}

#[test]
fn xls_and_ods_read_as_the_same_records_as_the_xlsx_they_were_saved_from() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let essentials = |file: &str| -> Vec<Vec<Value>> {
        let (v, code) = check(&fixtures, &[file]);
        assert_ne!(code, 2, "{file}: {v}");
        records(&v)
            .iter()
            .map(|r| {
                [
                    "row", "unit", "phone", "dept", "owner", "hazard", "deadline", "found",
                    "level", "status", "closed",
                ]
                .iter()
                .map(|k| r[*k].clone())
                .collect()
            })
            .collect()
    };
    let xlsx = essentials("yingji-2022-06.xlsx");
    assert_eq!(xlsx.len(), 10);
    assert!(
        xlsx.iter().all(|r| r[3] == "应急办"),
        "merged department on every row"
    );
    assert_eq!(essentials("yingji-2022-06.xls"), xlsx);
    assert_eq!(essentials("yingji-2022-06.ods"), xlsx);
}

#[test]
fn a_missing_file_and_a_folder_are_named_as_such_in_either_language() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("6月")).unwrap();
    let (v, code) = check(dir.path(), &["6月台账.xlsx", "6月"]);
    assert_eq!(code, 2);
    let errors: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["error"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["文件不存在", "这是文件夹，不是文件"]);
    let out = ledger(dir.path())
        .args(["--lang", "en", "check", "6月台账.xlsx", "6月"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("unreadable: no such file")
            && stdout.contains("unreadable: a folder, not a file"),
        "{stdout}"
    );
}

/// A ledger with a hazard header nothing here knows (隐患简述) and a photo column.
fn unknown_headers(dir: &Path) {
    std::fs::write(
        dir.join("商户台账.csv"),
        "序号,商户名称,隐患简述,责任单位,责任人,整改时限,照片\n1,陈麻花店,灭火器过期,应急办,赵家平,2022-06-30,IMG_1.jpg\n",
    )
    .unwrap();
}

#[test]
fn columns_shows_how_each_header_cell_was_read_and_why() {
    let dir = TempDir::new().unwrap();
    unknown_headers(dir.path());
    let out = ledger(dir.path())
        .args(["check", "商户台账.csv", "--columns", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let columns = v[0]["sheets"][0]["columns"].as_array().unwrap();
    let read = |label: &str| {
        columns
            .iter()
            .find(|c| c["label"] == label)
            .map(|c| (c["cell"].clone(), c["field"].clone()))
            .unwrap()
    };
    assert_eq!(read("责任单位"), ("D1".into(), "dept".into()));
    assert_eq!(read("整改时限"), ("F1".into(), "deadline".into()));
    assert_eq!(read("隐患简述").1, Value::Null);
    assert!(
        columns
            .iter()
            .all(|c| !c["why"].as_str().unwrap().is_empty()),
        "every cell says why"
    );
}

#[test]
fn a_workspace_teaches_header_names_in_one_line_each() {
    let dir = TempDir::new().unwrap();
    ledger(dir.path())
        .args(["init", "ws", "--name", "磁器口街道"])
        .assert()
        .success();
    let ws = dir.path().join("ws");
    let config = ws.join("ledger.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "# hazard = [\"隐患简述\"]\n# ignore = [\"照片\"]",
        "hazard = [\"隐患简述\"]\nignore = [\"照片\"]",
    );
    std::fs::write(&config, text).unwrap();
    unknown_headers(&ws);
    let (v, code) = check(&ws, &["商户台账.csv"]);
    assert_eq!(code, 0, "{v}");
    let r = &records(&v)[0];
    assert_eq!(r["hazard"], "灭火器过期");
    assert_eq!(r["unit"], "陈麻花店");
    assert!(
        r["extras"].get("照片").is_none(),
        "an ignored column is not kept"
    );

    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("ignore = [\"照片\"]", "shop = [\"商户\"]");
    std::fs::write(&config, text).unwrap();
    let out = ledger(&ws)
        .args(["check", "商户台账.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ledger.toml") && err.contains("shop"), "{err}");
    assert!(
        err.contains("hazard, measures"),
        "lists the keys that work: {err}"
    );
}
