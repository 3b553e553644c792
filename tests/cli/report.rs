//! The monthly submission (`report`, `summary`), the blank `template` and the
//! `export` that round-trips through Excel. Workbooks are read back with
//! calamine and checked cell by cell.

use crate::common::*;
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::path::Path;

/// Found 2022-06/07, judged at the end of July. By department:
/// 应急办: A carried (overdue), B carried and rectified in July (late), C new and
///   rectified on time, D new major still open (not yet due).
/// 市政办: E carried, rectified in June on time (not carried), F new, overdue.
const ROWS: &[&str] = &[
    "1,A店,应急办,赵家平,A隐患,,2022-06-20,一般,2022-06-10,,,,,13812345678",
    "2,B店,应急办,赵家平,B隐患,整改完毕,2022-06-25,一般,2022-06-12,,,,2022-07-05,",
    "3,C店,应急办,赵家平,C隐患,整改完毕,2022-07-10,一般,2022-07-02,,,,2022-07-08,",
    "4,D厂,应急办,赵家平,D重大隐患,,2022-08-10,重大,2022-07-26,,,,,",
    "5,E路,市政办,崔恺,E隐患,整改完毕,2022-06-20,一般,2022-06-05,,,,2022-06-18,",
    "6,F路,市政办,崔恺,F隐患,,2022-07-15,一般,2022-07-03,,,,,023-65301234",
];

fn setup() -> tempfile::TempDir {
    let dir = workspace();
    std::fs::write(
        dir.path().join("heads.csv"),
        "序号,单位名称,单位负责人,联系电话,责任单位,责任人,问题隐患,整改时限,发现日期\n\
         7,G店,欧阳修,13912345678,应急办,赵家平,G隐患,2022-05-20,2022-05-10\n",
    )
    .unwrap();
    full_csv(dir.path(), "f.csv", ROWS);
    let (out, err, code) = run(
        dir.path(),
        &["import", "heads.csv", "f.csv", "--as-of", "2022-07-31"],
    );
    assert_eq!(code, 0, "{out}{err}");
    dir
}

fn book(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn rows(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<Vec<String>> {
    wb.worksheet_range(sheet)
        .unwrap()
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect()
}

fn report(dir: &Path, args: &[&str]) -> std::path::PathBuf {
    let mut all = vec!["report", "--month", "2022-07"];
    all.extend_from_slice(args);
    let (out, err, code) = run(dir, &all);
    assert_eq!(code, 0, "{err}");
    dir.join(out.trim())
}

#[test]
fn the_report_has_its_sheets_in_order_under_the_default_name() {
    let dir = setup();
    let path = report(dir.path(), &[]);
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        "测试街道安全生产大检查月报-2022年07月.xlsx"
    );
    let wb = book(&path);
    assert_eq!(
        wb.sheet_names(),
        [
            "汇总",
            "统计",
            "台账",
            "逾期",
            "重大隐患",
            "履职",
            "任务",
            "报送"
        ]
    );
}

#[test]
fn the_summary_figures_match_the_store_and_the_total_row_adds_up() {
    let dir = setup();
    let mut wb = book(&report(dir.path(), &[]));
    let sheet = rows(&mut wb, "汇总");
    assert_eq!(sheet[0][0], "测试街道安全生产大检查月报（2022年7月）");
    assert!(sheet[1][0].contains("统计截至 2022-07-31"));
    assert_eq!(
        sheet[2],
        [
            "排名",
            "责任单位",
            "上月结转",
            "本月新增",
            "本月整改",
            "月末未整改",
            "其中逾期",
            "重大隐患",
            "整改率",
            "按期整改率",
            "备注"
        ]
    );
    let row = |dept: &str| {
        sheet
            .iter()
            .find(|r| r[1] == dept)
            .unwrap_or_else(|| panic!("{dept}"))
            .clone()
    };
    // 应急办: carried A, B, G (3); new C, D (2); rectified B, C (2); open A, D, G (3);
    // overdue A, G (2); open major D (1); found 5, rectified 2 → 40%; on time C → 50%.
    assert_eq!(
        row("应急办")[2..10],
        ["3", "2", "2", "3", "2", "1", "0.4", "0.5"]
    );
    // 市政办: carried none (E closed in June); new F; rectified 0; open F, overdue F;
    // found 2, rectified 1 (E) → 50%; on time 1 → 100%.
    assert_eq!(
        row("市政办")[2..10],
        ["0", "1", "0", "1", "1", "0", "0.5", "1"]
    );
    assert_eq!(row("市政办")[0], "1", "50% beats 40%");
    assert_eq!(
        (row("应急办")[0].as_str(), row("应急办")[10].as_str()),
        ("2", "末位")
    );
    let total = row("合计");
    assert_eq!(
        total[2..10],
        [
            "3",
            "3",
            "2",
            "4",
            "3",
            "1",
            "0.42857142857142855",
            "0.6666666666666666"
        ]
    );
    for col in 2..8 {
        let sum: i64 = sheet[3..]
            .iter()
            .take_while(|r| r[1] != "合计")
            .map(|r| r[col].parse::<i64>().unwrap())
            .sum();
        assert_eq!(sum.to_string(), total[col], "column {col}");
    }
}

#[test]
fn summary_prints_the_same_figures_as_the_report() {
    let dir = setup();
    let (out, _, _) = run(
        dir.path(),
        &["summary", "--month", "2022-07", "--format", "json"],
    );
    let v = json(out.as_bytes());
    let yj = v["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dept"] == "应急办")
        .unwrap()
        .clone();
    assert_eq!(
        [
            &yj["carried"],
            &yj["new"],
            &yj["rectified"],
            &yj["open"],
            &yj["overdue"],
            &yj["open_major"]
        ]
        .map(|v| v.as_u64().unwrap()),
        [3, 2, 2, 3, 2, 1]
    );
    assert_eq!(yj["rectification_rate"], 0.4);
    assert_eq!(
        (yj["rank"].clone(), yj["last"].clone()),
        (2.into(), true.into())
    );
    assert_eq!(v["total"]["open"], 4);
    let (table, _, _) = run(dir.path(), &["summary", "--month", "2022-07"]);
    assert!(
        table.contains("末位") && table.contains("40.0%") && table.contains("合计"),
        "{table}"
    );
    let (csv, _, _) = run(
        dir.path(),
        &["summary", "--month", "2022-07", "--format", "csv"],
    );
    assert!(
        csv.lines().any(|l| l.starts_with(",合计,3,3,2,4,3,1,")),
        "{csv}"
    );
}

#[test]
fn the_ledger_sheet_is_annex3_in_the_seeds_order_with_dates_as_date_cells() {
    let dir = setup();
    let path = report(dir.path(), &[]);
    let mut wb = book(&path);
    let sheet = rows(&mut wb, "台账");
    assert_eq!(
        sheet[0][0],
        "测试街道安全生产大检查问题整改台账（2022年7月）"
    );
    assert_eq!(
        sheet[2],
        [
            "序号",
            "单位名称",
            "单位地址",
            "单位负责人",
            "联系电话",
            "责任单位",
            "责任人",
            "问题隐患",
            "整改措施及情况",
            "整改时限",
            "备注",
            "编号",
            "隐患等级",
            "发现日期",
            "整改状态"
        ]
    );
    let units: Vec<_> = sheet[3..].iter().map(|r| r[1].as_str()).collect();
    // Found in July or open at its start, departments in the division's order.
    assert_eq!(units, ["F路", "G店", "A店", "B店", "C店", "D厂"]);
    let range = wb.worksheet_range("台账").unwrap();
    assert!(
        matches!(range.get_value((4, 13)), Some(Data::DateTime(_))),
        "发现日期 is a date cell"
    );
    assert!(
        matches!(range.get_value((4, 9)), Some(Data::DateTime(_))),
        "整改时限 is a date cell"
    );
}

#[test]
fn overdue_majors_duties_and_tasks_sheets() {
    let dir = setup();
    let mut wb = book(&report(dir.path(), &[]));
    let overdue = rows(&mut wb, "逾期");
    let units: Vec<_> = overdue[3..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(units, ["G店", "A店", "F路"]);
    assert_eq!(overdue[3][7], "72", "days overdue");
    assert_eq!(overdue[3][9], "约谈逾期");
    let majors = rows(&mut wb, "重大隐患");
    assert_eq!(majors[3][2], "D厂");
    assert_eq!(majors.len(), 4);
    let duties = rows(&mut wb, "履职");
    assert!(
        duties
            .iter()
            .any(|r| r[0] == "赵家平" && r[2] == "2" && r[3] == "2" && r[4] == "达标"),
        "{duties:?}"
    );
    let tasks = rows(&mut wb, "任务");
    assert!(
        tasks.iter().any(|r| r[0] == "24.2" && r[7] == "即将到期"),
        "the monthly 2-2-2 task falls due on 07-31"
    );
    assert!(
        tasks[3..].iter().all(|r| r[6].as_str() <= "2022-07-31"),
        "only tasks due by the month's end"
    );
}

#[test]
fn no_cell_holds_a_formula_even_when_the_data_looks_like_one() {
    let dir = workspace();
    full_csv(
        dir.path(),
        "f.csv",
        &[
            "1,=HYPERLINK(\"http://x\"),应急办,赵家平,+cmd|' /C calc'!A0,@SUM(1),2022-07-20,一般,2022-07-01,,,,,",
        ],
    );
    run(dir.path(), &["import", "f.csv", "--as-of", "2022-07-31"]);
    let path = report(dir.path(), &[]);
    let mut wb = book(&path);
    for sheet in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has a formula"
        );
    }
    let sheet = rows(&mut wb, "台账");
    assert_eq!(sheet[3][1], "=HYPERLINK(\"http://x\")", "kept as text");
    let (_, _, code) = run(dir.path(), &["export", "-o", "e.xlsx"]);
    assert_eq!(code, 0);
    let mut wb = book(&dir.path().join("e.xlsx"));
    assert!(
        wb.worksheet_formula("台账")
            .unwrap()
            .used_cells()
            .all(|(_, _, f)| f.is_empty())
    );
}

#[test]
fn redact_masks_phones_and_unit_heads_given_names() {
    let dir = setup();
    let mut plain = book(&report(dir.path(), &["-o", "plain.xlsx"]));
    let mut masked = book(&report(dir.path(), &["-o", "masked.xlsx", "--redact"]));
    let (plain, masked) = (rows(&mut plain, "台账"), rows(&mut masked, "台账"));
    let g = |sheet: &Vec<Vec<String>>| sheet.iter().find(|r| r[1] == "G店").unwrap().clone();
    assert_eq!(
        (g(&plain)[3].as_str(), g(&plain)[4].as_str()),
        ("欧阳修", "13912345678")
    );
    assert_eq!(
        (g(&masked)[3].as_str(), g(&masked)[4].as_str()),
        ("欧阳*", "139****5678")
    );
    let f = masked.iter().find(|r| r[1] == "F路").unwrap();
    assert_eq!(f[4], "023-****1234");
    assert_eq!(
        f[6], "崔*",
        "owners are people too: no name in the store leaves"
    );
}

#[test]
fn the_template_has_drop_downs_and_reads_back_empty() {
    let dir = workspace();
    let (out, _, code) = run(dir.path(), &["template", "-o", "t.xlsx"]);
    assert_eq!((out.trim(), code), ("t.xlsx", 0));
    let (out, _, code) = run(dir.path(), &["check", "t.xlsx", "--format", "json"]);
    assert_eq!(code, 0);
    let v = json(out.as_bytes());
    assert_eq!(
        (
            v["summary"]["records"].clone(),
            v["summary"]["errors"].clone()
        ),
        (0.into(), 0.into())
    );
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("t.xlsx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("\"一般,较大,重大\""), "level drop-down");
    assert!(
        xml.contains("\"未整改,整改中,已整改,已销号\""),
        "status drop-down"
    );
    assert!(xml.contains("type=\"date\""), "date validation");
    assert!(xml.contains("promptTitle=\"整改时限\""), "input hints");
    assert!(
        xml.contains("<pane ") && xml.contains("state=\"frozen\""),
        "frozen header"
    );
    assert!(
        xml.contains("orientation=\"landscape\"") && xml.contains("paperSize=\"9\""),
        "A4 landscape"
    );
    let mut wb = book(&dir.path().join("t.xlsx"));
    let sheet = rows(&mut wb, "台账");
    assert_eq!(sheet[0][0], "测试街道安全生产大检查问题整改台账");
    assert_eq!(
        sheet[2][..11],
        [
            "序号",
            "单位名称",
            "单位地址",
            "单位负责人",
            "联系电话",
            "责任单位",
            "责任人",
            "问题隐患",
            "整改措施及情况",
            "整改时限",
            "备注"
        ]
    );
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data-templates/台账模板.xlsx");
    let (_, _, code) = run(dir.path(), &["check", shipped.to_str().unwrap()]);
    assert_eq!(code, 0, "the shipped template reads back clean");
}

#[test]
fn an_unedited_export_imports_with_no_change_at_all() {
    let dir = setup();
    for file in ["e.xlsx", "e.csv"] {
        let (_, err, code) = run(dir.path(), &["export", "-o", file]);
        assert_eq!(code, 0, "{err}");
        let before = store_snapshot(dir.path());
        let (out, err, code) = run(dir.path(), &["import", file]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("新增 0，更新 0，未变 7"), "{file}: {out}");
        assert_eq!(
            store_snapshot(dir.path()),
            before,
            "{file}: byte-identical store"
        );
    }
}

/// The `<dataValidation …>` element over `range`.
fn validation_of<'x>(xml: &'x str, range: &str) -> &'x str {
    let at = xml
        .find(&format!("sqref=\"{range}\""))
        .unwrap_or_else(|| panic!("no validation on {range}"));
    let start = xml[..at].rfind("<dataValidation ").unwrap();
    let end = at + xml[at..].find("</dataValidation>").unwrap_or(0);
    &xml[start..end]
}

#[test]
fn the_export_has_the_templates_drop_downs_date_checks_frozen_header_and_filter() {
    let dir = setup();
    let (_, err, code) = run(dir.path(), &["export", "-o", "e.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let path = dir.path().join("e.xlsx");
    let xml = parts(&path)
        .into_iter()
        .find(|(name, _)| name == "xl/worksheets/sheet1.xml")
        .unwrap()
        .1;
    let mut wb = book(&path);
    let sheet = rows(&mut wb, "台账");
    let header = &sheet[1];
    let column = |label: &str| {
        let i = header
            .iter()
            .position(|h| h == label)
            .unwrap_or_else(|| panic!("{label} in {header:?}"));
        (b'A' + i as u8) as char
    };
    let range = |label: &str| format!("{c}3:{c}1048576", c = column(label));
    assert!(validation_of(&xml, &range("隐患等级")).contains("\"一般,较大,重大\""));
    assert!(validation_of(&xml, &range("整改状态")).contains("\"未整改,整改中,已整改,已销号\""));
    for date in ["发现日期", "完成日期", "约谈日期"] {
        assert!(
            validation_of(&xml, &range(date)).contains("type=\"date\""),
            "{date}"
        );
    }
    let dept = validation_of(&xml, &range("责任单位"));
    assert!(
        dept.contains("type=\"list\"")
            && dept.contains("党政办")
            && dept.contains("errorStyle=\"warning\""),
        "the division's departments, an alias still allowed: {dept}"
    );
    assert!(
        xml.contains("<pane ySplit=\"2\"") && xml.contains("state=\"frozen\""),
        "frozen header"
    );
    let filter = format!(
        "<autoFilter ref=\"A2:{}{}\"/>",
        column(header.last().unwrap()),
        sheet.len()
    );
    assert!(xml.contains(&filter), "{filter}");
    // The checks change nothing that comes back.
    let before = store_snapshot(dir.path());
    let (out, err, code) = run(dir.path(), &["import", "e.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("新增 0，更新 0，未变 7"), "{out}");
    assert_eq!(store_snapshot(dir.path()), before);
}

#[test]
fn an_edited_export_updates_only_what_was_changed() {
    let dir = setup();
    run(dir.path(), &["export", "-o", "e.csv"]);
    let text = std::fs::read_to_string(dir.path().join("e.csv")).unwrap();
    assert!(
        text.starts_with("\u{feff}测试街道安全生产大检查问题整改台账（ledger导出"),
        "{text}"
    );
    let edited = text.replacen("F路,", "F路（已更名）,", 1);
    assert_ne!(edited, text);
    std::fs::write(dir.path().join("e.csv"), edited).unwrap();
    let (out, _, _) = run(dir.path(), &["import", "e.csv"]);
    assert!(out.contains("新增 0，更新 1，未变 6"), "{out}");
    let (out, _, _) = run(dir.path(), &["list", "--format", "json"]);
    let f: Vec<Value> = json(out.as_bytes())
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["hazard"] == "F隐患")
        .cloned()
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["unit"], "F路（已更名）");
    assert_eq!(f[0]["phone"], "023-65301234");
    let id = f[0]["id"].as_str().unwrap();
    let (out, _, _) = run(dir.path(), &["show", id, "--format", "json"]);
    let history = json(out.as_bytes())["history"].clone();
    assert_eq!(history[1]["changes"][0]["field"], "unit");
    assert_eq!(
        history[1]["observed"], "2022-07-31",
        "a correction, not a new observation"
    );
}

/// People and phones written where clerks write them: in their columns, in
/// free text, in full-width digits, in the name of the file handed in.
fn setup_people() -> tempfile::TempDir {
    let dir = workspace();
    std::fs::write(
        dir.path().join("王五13812345672的台账.csv"),
        "序号,单位名称,单位负责人,联系电话,责任单位,责任人,问题隐患,整改措施及情况,整改时限,发现日期\n\
         1,张记小吃（负责人张建业）,张建业,１３８１２３４５６８０,应急办,王五,灭火器过期,已约谈欧阳娜娜（电话13812345671）,2022-07-10,2022-07-02\n\
         2,李记五金,欧阳娜娜,138-1234-5673,应急办,赵六,\"疏散通道堵塞，联系人钱七 139 1234 5674\",,2022-08-10,2022-07-05\n",
    )
    .unwrap();
    let (out, err, code) = run(
        dir.path(),
        &[
            "import",
            "王五13812345672的台账.csv",
            "--as-of",
            "2022-07-31",
        ],
    );
    assert!(code < 2, "{out}{err}");
    dir
}

/// The text of every part of an xlsx package, by part name.
fn parts(path: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut part, &mut text).unwrap();
            (part.name().unwrap().into_owned(), text)
        })
        .collect()
}

/// Every digit run of `text`, full-width digits read as ASCII, groups joined
/// across one hyphen or space: how a phone number may be written.
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    let mut gap = false;
    for c in text.chars() {
        let d = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '0'..='9' => Some(c),
            _ => None,
        };
        let run = runs.last_mut().unwrap();
        match d {
            Some(d) => {
                run.push(d);
                gap = false;
            }
            None if matches!(c, '-' | ' ' | '－') && !gap && !run.is_empty() => gap = true,
            None if !run.is_empty() => {
                runs.push(String::new());
                gap = false;
            }
            None => {}
        }
    }
    runs
}

fn looks_like_a_phone(digits: &str) -> bool {
    let b = digits.as_bytes();
    (b.len() == 11 && b[0] == b'1' && b[1] >= b'3')
        || (b.len() >= 10 && b.len() <= 12 && b[0] == b'0')
}

#[test]
fn a_redacted_report_names_no_one_and_shows_no_phone_in_any_part() {
    let dir = setup_people();
    let path = report(dir.path(), &["-o", "对外.xlsx", "--redact"]);
    let names = ["张建业", "王五", "欧阳娜娜", "赵六", "钱七"];
    let all = parts(&path);
    for (part, text) in &all {
        for name in names {
            assert!(!text.contains(name), "{part} names {name}");
        }
        for run in digit_runs(text) {
            assert!(!looks_like_a_phone(&run), "{part} holds {run}");
        }
    }
    let everything: String = all.iter().map(|(_, t)| t.as_str()).collect();
    for kept in [
        "欧阳**",
        "138****5671",
        "张**",
        "王*138****5672的台账.csv",
        "已脱敏",
    ] {
        assert!(everything.contains(kept), "{kept} is what a reader needs");
    }
    let plain = report(dir.path(), &["-o", "内部.xlsx"]);
    let plain: String = parts(&plain).into_iter().map(|(_, t)| t).collect();
    assert!(plain.contains("欧阳娜娜") && plain.contains("13812345671"));
}

/// The workspace of [`setup`] with a 填报人 and no 审核人 in ledger.toml.
fn setup_signed() -> tempfile::TempDir {
    let dir = setup();
    let path = dir.path().join("ledger.toml");
    let toml = std::fs::read_to_string(&path).unwrap().replacen(
        "[organisation]\n",
        "[organisation]\nfilled_by = \"李晓燕\"\n",
        1,
    );
    std::fs::write(path, toml).unwrap();
    dir
}

#[test]
fn the_summary_and_statistics_end_with_a_signature_line_from_ledger_toml() {
    let dir = setup_signed();
    let path = report(dir.path(), &["--as-of", "2022-07-30"]);
    let mut wb = book(&path);
    for sheet in ["汇总", "统计"] {
        let rows = rows(&mut wb, sheet);
        let line = rows
            .iter()
            .map(|r| r[0].clone())
            .find(|c| c.starts_with("填报单位（盖章）："))
            .unwrap_or_else(|| panic!("{sheet}: no signature line in {rows:?}"));
        assert!(line.contains("：　测试街道　"), "{sheet}: {line}");
        assert!(line.contains("填报人：　李晓燕　"), "{sheet}: {line}");
        assert!(
            line.contains("审核人：　　　　　　　　　　填报日期"),
            "{sheet}: an unset name is a blank: {line}"
        );
        assert!(
            line.ends_with("填报日期：　2022年7月30日　"),
            "{sheet}: the as-of day: {line}"
        );
    }
    let styles = parts(&path)
        .into_iter()
        .find(|(name, _)| name == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    assert!(
        styles.contains("<u/>"),
        "the names and blanks are underlined"
    );
}

#[test]
fn the_data_sheets_have_an_autofilter_over_header_and_rows() {
    let dir = setup();
    let path = report(dir.path(), &[]);
    let mut wb = book(&path);
    let parts = parts(&path);
    for (i, sheet) in ["台账", "逾期", "重大隐患"].into_iter().enumerate() {
        let rows = rows(&mut wb, sheet);
        let last_col = (b'A' + rows[2].len() as u8 - 1) as char;
        let xml = &parts
            .iter()
            .find(|(name, _)| *name == format!("xl/worksheets/sheet{}.xml", i + 3))
            .unwrap()
            .1;
        let want = format!("<autoFilter ref=\"A3:{last_col}{}\"/>", rows.len());
        assert!(
            xml.contains(&want),
            "{sheet}: {want} in {}",
            &xml[xml.len().saturating_sub(600)..]
        );
    }
}
