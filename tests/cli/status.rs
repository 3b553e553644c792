//! Who has not reported (`status`), the standard statistics for a month, a
//! quarter or a year (`summary`, `report --quarter/--year`), and the 整改资金
//! column in 元 and 万元.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const DIVISION: &str = r#"
[plan]
name = "测试"
start = 2022-01-01

[[departments]]
name = "应急办"
aliases = ["街道应急办"]
sectors = ["消防"]

[[departments]]
name = "市政办"
sectors = ["城市运行"]
"#;

fn division_workspace() -> tempfile::TempDir {
    let dir = workspace();
    std::fs::write(dir.path().join("tasks.toml"), DIVISION).unwrap();
    dir
}

fn status(dir: &Path, month: &str) -> (Value, i32) {
    let (out, err, code) = run(
        dir,
        &[
            "status",
            "--month",
            month,
            "--format",
            "json",
            "--fail-if-missing",
        ],
    );
    assert!(code < 2, "{err}");
    (json(out.as_bytes()), code)
}

fn reported(v: &Value) -> Vec<(String, bool)> {
    v["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["dept"].as_str().unwrap().to_string(),
                d["reported"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn submissions_are_tracked_month_by_month() {
    let dir = division_workspace();
    full_csv(
        dir.path(),
        "yj6.csv",
        &["1,甲店,街道应急办,赵家平,插座老化,,2022-06-20,一般,2022-06-10,,,,,"],
    );
    full_csv(
        dir.path(),
        "sz6.csv",
        &["1,乙路,市政办,崔恺,路灯损坏,,2022-06-20,一般,2022-06-10,,,,,"],
    );
    full_csv(
        dir.path(),
        "yj7.csv",
        &["1,丙店,应急办,赵家平,通道堵塞,,2022-07-20,一般,2022-07-10,,,,,"],
    );
    run(
        dir.path(),
        &["import", "yj6.csv", "sz6.csv", "--as-of", "2022-06-30"],
    );
    run(dir.path(), &["import", "yj7.csv", "--as-of", "2022-07-31"]);
    let (june, code) = status(dir.path(), "2022-06");
    assert_eq!(code, 0);
    assert_eq!(
        reported(&june),
        [("应急办".into(), true), ("市政办".into(), true)]
    );
    assert_eq!(
        june["departments"][0]["files"][0]["file"], "yj6.csv",
        "an alias reports for its department"
    );
    assert_eq!(june["departments"][0]["files"][0]["rows"], 1);
    let (july, code) = status(dir.path(), "2022-07");
    assert_eq!(code, 1, "--fail-if-missing");
    assert_eq!(
        reported(&july),
        [("应急办".into(), true), ("市政办".into(), false)]
    );
    assert_eq!(july["quarterly"]["quarter"], "2022Q3");
    assert_eq!(july["quarterly"]["due"], "2022-10-15");
    let (table, _, _) = run(dir.path(), &["status", "--month", "2022-07"]);
    assert!(table.contains("未报送 1 个：市政办"), "{table}");
    assert!(
        table.contains("2022年第三季度隐患排查治理统计应于 2022-10-15 前报送"),
        "{table}"
    );
}

/// A workbook dated by `--as-of` whose rows name their department is read
/// and merged row by row, its footer reaching the import only at its end;
/// without `--as-of` the footer's 填报日期 must date the rows, so the sheet is
/// read whole first. Either way the footer's 填报单位 has reported.
#[test]
fn a_workbook_footer_names_who_reported_whether_its_rows_were_merged_as_read_or_after() {
    for as_of in [Some("2022-07-31"), None] {
        let dir = division_workspace();
        let file = annex3_xlsx(
            &dir.path().join("七月.xlsx"),
            "台账",
            &[
                &[
                    "1",
                    "张记小吃",
                    "",
                    "",
                    "",
                    "应急办",
                    "张三",
                    "灭火器过期",
                    "",
                    "立即整改",
                    "",
                ],
                &["填报单位：市政办  填报日期：2022年7月30日"],
            ],
        );
        let mut args = vec!["import", file.to_str().unwrap()];
        args.extend(as_of.iter().flat_map(|day| ["--as-of", day]));
        let (out, err, code) = run(dir.path(), &args);
        assert_eq!(code, 0, "{as_of:?}: {out}{err}");
        let day = as_of.unwrap_or("2022-07-30");
        assert!(out.contains(&format!("填报日期 {day}")), "{as_of:?}: {out}");
        let (july, code) = status(dir.path(), "2022-07");
        assert_eq!(
            reported(&july),
            [("应急办".into(), true), ("市政办".into(), true)],
            "{as_of:?}"
        );
        assert_eq!(code, 0);
    }
}

#[test]
fn an_empty_ledger_counts_as_reported_by_its_title_or_by_dept() {
    let dir = division_workspace();
    std::fs::write(
        dir.path().join("无隐患.csv"),
        format!("填报单位：市政办,,填报日期：2022年7月30日\n{FULL_HEADER}\n填报人：崔恺\n"),
    )
    .unwrap();
    full_csv(dir.path(), "blank.csv", &[]);
    let (out, err, code) = run(dir.path(), &["import", "无隐患.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("填报日期 2022-07-30：新增 0"), "{out}");
    let (_, err, code) = run(
        dir.path(),
        &[
            "import",
            "blank.csv",
            "--dept",
            "街道应急办",
            "--as-of",
            "2022-07-31",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (july, code) = status(dir.path(), "2022-07");
    assert_eq!(
        reported(&july),
        [("应急办".into(), true), ("市政办".into(), true)]
    );
    assert_eq!(code, 0);
    assert_eq!(list_len(dir.path()), 0);
}

fn list_len(dir: &Path) -> usize {
    let (out, _, _) = run(dir, &["list", "--format", "json"]);
    json(out.as_bytes()).as_array().unwrap().len()
}

/// Hazards across 2022 (found; deadline; closed; level; funds column in 万元):
const YEAR: &[&str] = &[
    // Q3, 应急办: A rectified on time, B late, C major open (overdue at 09-30), D major rectified.
    "1,A店,应急办,赵家平,A隐患,,2022-07-10,一般,2022-07-01,,,,2022-07-05,",
    "2,B店,应急办,赵家平,B隐患,,2022-07-10,一般,2022-07-01,,,,2022-07-20,",
    "3,C厂,应急办,赵家平,C隐患,,2022-08-10,重大,2022-08-01,,,,,",
    "4,D厂,应急办,赵家平,D隐患,,2022-09-30,重大,2022-09-20,,,,2022-09-25,",
    // Q3, 市政办: E open, due in Q4 (not overdue at 09-30); F rectified in Q4.
    "5,E路,市政办,崔恺,E隐患,,2022-10-10,一般,2022-09-28,,,,,",
    "6,F路,市政办,崔恺,F隐患,,2022-09-10,一般,2022-09-01,,,,2022-10-05,",
    // Q2, 应急办: G still open and overdue at 09-30; H rectified.
    "7,G店,应急办,赵家平,G隐患,,2022-05-10,一般,2022-05-01,,,,,",
    "8,A店,应急办,赵家平,H隐患,,2022-05-10,一般,2022-05-01,,,,2022-05-08,",
];

fn year_workspace() -> tempfile::TempDir {
    let dir = division_workspace();
    full_csv(dir.path(), "y.csv", YEAR);
    let (_, err, code) = run(dir.path(), &["import", "y.csv", "--as-of", "2022-12-31"]);
    assert_eq!(code, 0, "{err}");
    dir
}

fn statistics(dir: &Path, period: &[&str]) -> Value {
    let mut args = vec!["summary", "--format", "json"];
    args.extend_from_slice(period);
    let (out, err, code) = run(dir, &args);
    assert_eq!(code, 0, "{err}");
    json(out.as_bytes())["statistics"].clone()
}

fn row(stats: &Value, dept: &str) -> Value {
    stats["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dept"] == dept)
        .unwrap()
        .clone()
}

fn figures(v: &Value) -> [u64; 7] {
    [
        "units_checked",
        "found",
        "found_major",
        "rectified",
        "rectified_major",
        "overdue",
        "funds",
    ]
    .map(|k| v[k].as_f64().unwrap() as u64)
}

#[test]
fn quarterly_statistics_against_a_hand_count() {
    let dir = year_workspace();
    let q3 = statistics(dir.path(), &["--quarter", "2022Q3"]);
    // 应急办: units A,B,C,D = 4; found 4, majors C,D; rectified A,B,D (by 09-30); majors rectified D;
    // overdue at 09-30: C (deadline 08-10) and G (from Q2) = 2.
    let yj = row(&q3, "应急办");
    assert_eq!(figures(&yj), [4, 4, 2, 3, 1, 2, 0]);
    assert_eq!(yj["rectification_rate"], 0.75);
    assert_eq!(yj["major_rate"], 0.5);
    assert!(
        (yj["on_time_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9,
        "A and D on time, B late"
    );
    // 市政办: E, F found; F rectified only in Q4; F overdue at 09-30 (deadline 09-10).
    assert_eq!(figures(&row(&q3, "市政办")), [2, 2, 0, 0, 0, 1, 0]);
    assert_eq!(figures(&q3["total"]), [6, 6, 2, 3, 1, 3, 0]);
}

#[test]
fn yearly_statistics_and_the_report_for_a_quarter_and_a_year() {
    let dir = year_workspace();
    let y = statistics(dir.path(), &["--year", "2022"]);
    // 应急办 over the year: A店 twice (A隐患, H隐患) is one unit: A,B,C,D,G = 5 units, 6 hazards.
    let yj = row(&y, "应急办");
    assert_eq!(figures(&yj)[..5], [5, 6, 2, 4, 1]);
    assert_eq!(figures(&y["total"])[1], 8);
    let (out, _, _) = run(dir.path(), &["report", "--quarter", "2022Q3"]);
    assert!(
        out.trim()
            .ends_with("测试街道安全生产大检查季报-2022年第三季度.xlsx"),
        "{out}"
    );
    let (out, _, _) = run(dir.path(), &["report", "--year", "2022"]);
    assert!(
        out.trim()
            .ends_with("测试街道安全生产大检查年报-2022年度.xlsx"),
        "{out}"
    );
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join(out.trim())).unwrap();
    use calamine::Reader;
    let stats = wb.worksheet_range("统计").unwrap();
    assert_eq!(
        stats.get_value((0, 0)),
        Some(&calamine::Data::String(
            "测试街道隐患排查治理统计表（2022年）".into()
        ))
    );
    let summary = wb.worksheet_range("汇总").unwrap();
    assert_eq!(
        summary.get_value((2, 2)),
        Some(&calamine::Data::String("期初结转".into()))
    );
    let subs = wb.worksheet_range("报送").unwrap();
    assert!(subs.rows().count() > 12, "a row per department and month");
    assert_eq!(
        run(
            dir.path(),
            &["summary", "--month", "2022-07", "--quarter", "2022Q3"]
        )
        .2,
        2,
        "one period at a time"
    );
}

#[test]
fn funds_in_yuan_and_in_wan_yuan_columns() {
    let dir = division_workspace();
    std::fs::write(
        dir.path().join("wan.csv"),
        "序号,单位名称,责任单位,责任人,问题隐患,整改时限,发现日期,整改资金（万元）\n1,甲厂,应急办,赵家平,储罐泄漏,2022-07-20,2022-07-01,1.5\n2,乙厂,应急办,赵家平,管道锈蚀,2022-07-20,2022-07-02,2000元\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("yuan.csv"),
        "序号,单位名称,责任单位,责任人,问题隐患,整改时限,发现日期,整改资金\n1,丙路,市政办,崔恺,井盖破损,2022-07-20,2022-07-03,\"3,000\"\n2,丁路,市政办,崔恺,护栏缺失,2022-07-20,2022-07-03,约两千\n",
    )
    .unwrap();
    let (out, _, _) = run(
        dir.path(),
        &["import", "wan.csv", "yuan.csv", "--as-of", "2022-07-31"],
    );
    assert!(out.contains("funds-unparsed"), "{out}");
    let (out, _, _) = run(dir.path(), &["list", "--format", "json"]);
    let funds: Vec<Value> = json(out.as_bytes())
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["funds"].clone())
        .collect();
    assert_eq!(
        funds,
        [
            Value::from(15000.0),
            Value::from(2000.0),
            Value::from(3000.0),
            Value::Null
        ]
    );
    let stats = statistics(dir.path(), &["--month", "2022-07"]);
    assert_eq!(row(&stats, "应急办")["funds"], 17000.0);
    assert_eq!(stats["total"]["funds"], 20000.0);
    let (csv, _, _) = run(
        dir.path(),
        &[
            "summary",
            "--month",
            "2022-07",
            "--statistics",
            "--format",
            "csv",
        ],
    );
    assert!(
        csv.lines()
            .any(|l| l == "合计,4,4,0,0,0.0000,0,,,4,20000.00"),
        "{csv}"
    );
}

/// A person reads the import time in the office's zone, to the minute;
/// scripts get the instant with its offset.
#[test]
fn import_times_are_local_for_people_and_exact_for_scripts() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou");
    let run = |format: &str| {
        let out = ledger(&example)
            .env("TZ", "Asia/Shanghai")
            .args(["status", "--month", "2022-07", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let at = json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["files"].as_array().unwrap())
        .map(|f| f["imported_at"].as_str().unwrap().to_string())
        .next()
        .expect("a file was reported");
    let instant = chrono::DateTime::parse_from_rfc3339(&at).expect("scripts get RFC 3339");
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let shown = instant
        .with_timezone(&beijing)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let table = run("table");
    assert!(table.contains(&shown), "{shown} in {table}");
    assert!(!table.contains(&at), "no RFC 3339 text for people: {table}");
}
