//! `ledger overdue`: what is overdue on a day, what falls due, and where each
//! escalation interview stands.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// Found 2022-06-01; judged on 2022-07-01 unless a test says otherwise.
const ROWS: &[&str] = &[
    "1,A店,应急办,赵家平,A隐患,,2022-06-20,一般,2022-06-01,,,,,",
    "2,B店,应急办,赵家平,B隐患,,2022-06-29,一般,2022-06-01,,,,,",
    "3,C店,应急办,赵家平,C隐患,,2022-06-25,一般,2022-06-01,,,2022-06-27,,",
    "4,D店,应急办,赵家平,D隐患,,2022-07-01,一般,2022-06-01,,,,,",
    "5,E店,应急办,赵家平,E隐患,整改完毕,2022-06-20,一般,2022-06-01,,,,2022-06-25,",
    "6,F店,应急办,赵家平,F隐患,整改完毕,2022-06-20,一般,2022-06-01,,,,2022-07-05,",
    "7,G厂,应急办,赵家平,G重大隐患,,2022-06-20,重大,2022-06-01,2022-07-10,园区攻坚指挥部、区应急局,,,",
    "8,H厂,应急办,赵家平,H重大隐患,,2022-06-20,重大,2022-06-01,2022-07-10,园区攻坚指挥部,,,",
    "9,I店,应急办,赵家平,I隐患,,2022-07-08,一般,2022-06-01,,,,,",
    "10,J店,应急办,赵家平,J隐患,,2022-07-09,一般,2022-06-01,,,,,",
    "11,K路,市政办,崔恺,K隐患,,2022-06-30,一般,2022-06-01,,,,,",
];

fn setup() -> tempfile::TempDir {
    let dir = workspace();
    full_csv(dir.path(), "ledger.csv", ROWS);
    let (out, err, code) = run(
        dir.path(),
        &["import", "ledger.csv", "--as-of", "2022-07-10"],
    );
    assert_eq!(code, 1, "merged, with the rows' errors said: {out}{err}");
    dir
}

fn overdue(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["overdue", "--format", "json"];
    all.extend_from_slice(args);
    let (out, err, code) = run(dir, &all);
    assert!(code == 0 || code == 1, "{err}");
    json(out.as_bytes())
}

fn units(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["unit"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn overdue_is_past_the_effective_deadline_and_not_rectified_by_then_most_overdue_first() {
    let dir = setup();
    let v = overdue(dir.path(), &["--as-of", "2022-07-01"]);
    assert_eq!(v["as_of"], "2022-07-01");
    // E was rectified on 06-25, before the day; F only on 07-05, after it.
    // G's extension to 07-10 is approved by two parties; H's by one, so it does not count.
    // D falls due on the day itself, which is not yet overdue.
    assert_eq!(
        units(&v["overdue"]),
        ["A店", "F店", "H厂", "C店", "B店", "K路"]
    );
    let a = &v["overdue"][0];
    assert_eq!(a["id"], "YH-2022-0001");
    assert_eq!(a["days_overdue"], 11);
    assert_eq!(a["effective_deadline"], "2022-06-20");
    assert_eq!(a["interview_due"], "2022-06-23");
    assert_eq!(v["upcoming"], Value::Array(vec![]));
}

#[test]
fn interview_state_is_pending_then_overdue_then_done() {
    let dir = setup();
    let v = overdue(dir.path(), &["--as-of", "2022-07-01"]);
    let state = |unit: &str| {
        let item = v["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["unit"] == unit)
            .unwrap();
        (
            item["interview_state"].as_str().unwrap().to_string(),
            item["interview_due"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(state("A店"), ("overdue".into(), "2022-06-23".into()));
    assert_eq!(state("B店"), ("pending".into(), "2022-07-02".into()));
    assert_eq!(state("C店"), ("done".into(), "2022-06-28".into()));
}

#[test]
fn an_approved_extension_moves_the_deadline() {
    let dir = setup();
    let v = overdue(dir.path(), &["--as-of", "2022-07-11"]);
    let g = v["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["unit"] == "G厂")
        .unwrap()
        .clone();
    assert_eq!(g["effective_deadline"], "2022-07-10");
    assert_eq!(g["days_overdue"], 1);
    let h = v["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["unit"] == "H厂")
        .unwrap()
        .clone();
    assert_eq!(h["effective_deadline"], "2022-06-20");
}

#[test]
fn upcoming_lists_what_falls_due_within_n_days_today_included() {
    let dir = setup();
    let v = overdue(dir.path(), &["--as-of", "2022-07-01", "--upcoming", "7"]);
    assert_eq!(units(&v["upcoming"]), ["D店", "I店"]);
    assert_eq!(v["upcoming"][0]["days_left"], 0);
    assert_eq!(v["upcoming"][1]["days_left"], 7);
    assert_eq!(v["upcoming"][0]["interview_state"], Value::Null);
    let v = overdue(dir.path(), &["--as-of", "2022-07-01", "--upcoming", "9"]);
    assert_eq!(units(&v["upcoming"]), ["D店", "I店", "J店", "G厂"]);
}

#[test]
fn filters_by_department_and_level() {
    let dir = setup();
    assert_eq!(
        units(&overdue(dir.path(), &["--as-of", "2022-07-01", "--dept", "市政办"])["overdue"]),
        ["K路"]
    );
    assert_eq!(
        units(&overdue(dir.path(), &["--as-of", "2022-07-01", "--level", "重大"])["overdue"]),
        ["H厂"]
    );
}

#[test]
fn fail_if_any_exits_1_only_when_something_is_overdue() {
    let dir = setup();
    assert_eq!(
        run(
            dir.path(),
            &["overdue", "--as-of", "2022-07-01", "--fail-if-any"]
        )
        .2,
        1
    );
    assert_eq!(
        run(
            dir.path(),
            &["overdue", "--as-of", "2022-06-15", "--fail-if-any"]
        )
        .2,
        0
    );
    assert_eq!(run(dir.path(), &["overdue", "--as-of", "2022-07-01"]).2, 0);
}

#[test]
fn the_table_groups_by_department() {
    let dir = setup();
    let (out, _, _) = run(
        dir.path(),
        &["overdue", "--as-of", "2022-07-01", "--upcoming", "7"],
    );
    assert!(out.contains("截至 2022-07-01，逾期未整改 6 项"), "{out}");
    let (yj, sz) = (
        out.find("【应急办】5 项").unwrap(),
        out.find("【市政办】1 项").unwrap(),
    );
    assert!(yj < sz, "the department with the most overdue item first");
    assert!(
        out.contains("约谈逾期 2022-06-23") && out.contains("待约谈 2022-07-02"),
        "{out}"
    );
    assert!(out.contains("未来 7 天内到期 2 项"), "{out}");
}

#[test]
fn csv_goes_to_stdout_plain_and_to_a_file_with_a_bom_and_no_formulas() {
    let dir = workspace();
    full_csv(
        dir.path(),
        "f.csv",
        &["1,=HYPERLINK(\"http://x\"),应急办,赵家平,灭火器过期,,2022-06-20,一般,2022-06-01,,,,,"],
    );
    run(dir.path(), &["import", "f.csv", "--as-of", "2022-06-30"]);
    let (out, _, _) = run(
        dir.path(),
        &["overdue", "--as-of", "2022-07-01", "--format", "csv"],
    );
    assert!(out.starts_with("id,seq,unit,"), "{out}");
    assert!(
        out.lines().next().unwrap().ends_with(
            "list,effective_deadline,days_overdue,days_left,interview_due,interview_state"
        )
    );
    assert!(out.contains("'=HYPERLINK"), "neutralised: {out}");
    let (raw, _, _) = run(
        dir.path(),
        &[
            "overdue",
            "--as-of",
            "2022-07-01",
            "--format",
            "csv",
            "--raw",
        ],
    );
    assert!(
        raw.contains(",\"=HYPERLINK") || raw.contains(",=HYPERLINK"),
        "{raw}"
    );
    run(
        dir.path(),
        &["overdue", "--as-of", "2022-07-01", "-o", "overdue.csv"],
    );
    let bytes = std::fs::read(dir.path().join("overdue.csv")).unwrap();
    assert!(bytes.starts_with("\u{FEFF}编号,".as_bytes()));
}

/// Before the weekly meeting a misspelt department must not read as
/// "nothing overdue": it is refused with the closest names.
#[test]
fn an_unknown_department_is_refused_with_the_closest_names() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou");
    let out = ledger(&example)
        .args(["overdue", "--dept", "安全办", "--as-of", "2022-07-31"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("安全办") && err.contains("应急办"), "{err}");
    assert!(out.stdout.is_empty(), "no answer on stdout");
    for known in ["应急管理办", "党政办"] {
        let out = ledger(&example)
            .args(["overdue", "--dept", known, "--as-of", "2022-07-31"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{known} is a department (an alias, or one with no hazards)"
        );
    }
    let out = ledger(&example)
        .args(["--lang", "en", "list", "--dept", "应急"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("closest: 应急办"));
}

#[test]
fn a_ledger_without_units_shows_where_each_hazard_is() {
    // Many systems' exports have no 单位名称, only where the hazard is.
    let dir = workspace();
    std::fs::write(
        dir.path().join("巡查.csv"),
        "序号,隐患位置,责任单位,问题隐患,整改时限,发现日期\n\
         1,3号楼楼梯间,物业办,消防通道堆放杂物,2022-06-20,2022-06-01\n\
         2,地下车库B区,物业办,应急照明损坏,2022-07-12,2022-06-01\n",
    )
    .unwrap();
    run(dir.path(), &["import", "巡查.csv", "--as-of", "2022-07-01"]);
    let (out, err, code) = run(
        dir.path(),
        &["overdue", "--as-of", "2022-07-08", "--upcoming", "7"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("单位名称或位置"), "{out}");
    assert!(
        out.contains("3号楼楼梯间") && out.contains("地下车库B区"),
        "{out}"
    );
    let (out, _, _) = run(
        dir.path(),
        &["--lang", "en", "overdue", "--as-of", "2022-07-08"],
    );
    assert!(
        out.contains("unit or location") && out.contains("3号楼楼梯间"),
        "{out}"
    );
    // Where every row names its unit, the heading stays the Annex 3 one.
    let dir = setup();
    let (out, _, _) = run(dir.path(), &["overdue", "--as-of", "2022-07-01"]);
    assert!(
        out.contains("单位名称") && !out.contains("单位名称或位置"),
        "{out}"
    );
}
