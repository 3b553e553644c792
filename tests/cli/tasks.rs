//! The task division: `ledger tasks`, `tasks import`, `duties`, and matching
//! of 责任单位 against departments and aliases.

use crate::common::*;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use std::path::Path;

const DIVISION: &str = r#"
[plan]
name = "测试计划"
start = 2022-05-01
end = "党的二十大结束"

[[departments]]
name = "应急办"
aliases = ["街道应急办", "应急管理办"]
head = "赵家平"
sectors = ["消防"]

[[departments]]
name = "市政办"
head = "崔恺"
sectors = ["城市运行"]

[[measures]]
no = 1
title = "落实责任"

[[measures.tasks]]
id = "1.1"
task = "建立责任制"
requirement = "建立五有责任制"
departments = ["应急办"]
deadline = "5月底"
done = 2022-05-28

[[measures.tasks]]
id = "1.2"
task = "安全必查机制"
requirement = "建立安全必查机制"
departments = ["市政办"]
deadline = "6月底"

[[measures.tasks]]
id = "1.3"
task = "一线责任制"
requirement = "7月上旬完成试点"
departments = ["应急办"]
deadline = "7月上旬"

[[measures.tasks]]
id = "1.4"
task = "全覆盖"
requirement = "年底全覆盖"
departments = ["应急办", "市政办"]
deadline = "年底"

[[measures.tasks]]
id = "1.5"
task = "宣传"
requirement = "常态化宣传"
departments = ["应急办"]
deadline = "长期"

[[measures.tasks]]
id = "3.1"
task = "专题研究"
requirement = "每季度组织1次专题研究"
departments = ["街道应急办"]
deadline = "2022年5月至党的二十大结束"
every = "quarter"
"#;

fn division_workspace() -> tempfile::TempDir {
    let dir = workspace();
    std::fs::write(dir.path().join("tasks.toml"), DIVISION).unwrap();
    dir
}

fn tasks(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["tasks", "--format", "json"];
    all.extend_from_slice(args);
    let (out, err, code) = run(dir, &all);
    assert_eq!(code, 0, "{err}");
    json(out.as_bytes())
}

fn states(v: &Value) -> Vec<(String, String, Value)> {
    v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().into(),
                t["state"].as_str().unwrap().into(),
                t["due"].clone(),
            )
        })
        .collect()
}

#[test]
fn every_task_state_on_a_day() {
    let dir = division_workspace();
    let v = tasks(dir.path(), &["--as-of", "2022-07-05"]);
    assert_eq!(v["as_of"], "2022-07-05");
    let s = |id: &str, state: &str, due: Value| (id.to_string(), state.to_string(), due);
    assert_eq!(
        states(&v),
        [
            s("1.1", "done", "2022-05-31".into()),
            s("1.2", "overdue", "2022-06-30".into()),
            s("1.3", "due-soon", "2022-07-10".into()),
            s("1.4", "open", "2022-12-31".into()),
            s("1.5", "long-term", Value::Null),
            s("3.1", "open", "2022-09-30".into()),
        ]
    );
    let t = &v["tasks"][5];
    assert_eq!(t["every"], "quarter");
    assert_eq!(t["measure"], 1);
    assert_eq!(
        t["departments"][0], "应急办",
        "aliases resolve to the department"
    );
    assert_eq!(t["deadline_text"], "2022年5月至党的二十大结束");
    assert_eq!(t["requirement"], "每季度组织1次专题研究");
}

#[test]
fn a_recurring_task_falls_due_at_each_period_end_and_due_within_widens_due_soon() {
    let dir = division_workspace();
    let v = tasks(dir.path(), &["--as-of", "2022-09-26"]);
    assert_eq!(states(&v)[5].1, "due-soon");
    assert_eq!(states(&v)[5].2, "2022-09-30");
    let v = tasks(dir.path(), &["--as-of", "2022-10-01"]);
    assert_eq!(
        states(&v)[5].2,
        "2022-10-22",
        "the next quarter, capped by the campaign's end"
    );
    let v = tasks(
        dir.path(),
        &["--as-of", "2022-07-05", "--due-within", "200"],
    );
    assert_eq!(states(&v)[3].1, "due-soon");
}

#[test]
fn tasks_filter_by_department_name_or_alias() {
    let dir = division_workspace();
    let ids = |v: Value| {
        states(&v)
            .into_iter()
            .map(|(id, ..)| id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(tasks(
            dir.path(),
            &["--as-of", "2022-07-05", "--dept", "市政办"]
        )),
        ["1.2", "1.4"]
    );
    assert_eq!(
        ids(tasks(
            dir.path(),
            &["--as-of", "2022-07-05", "--dept", "应急管理办"]
        )),
        ["1.1", "1.3", "1.4", "1.5", "3.1"]
    );
    let (out, _, _) = run(dir.path(), &["tasks", "--as-of", "2022-07-05"]);
    assert!(
        out.contains("逾期") && out.contains("即将到期") && out.contains("长期"),
        "{out}"
    );
}

#[test]
fn a_broken_division_stops_every_command_with_its_line() {
    let dir = division_workspace();
    std::fs::write(
        dir.path().join("tasks.toml"),
        DIVISION.replace("departments = [\"市政办\"]", "departments = [\"市政局\"]"),
    )
    .unwrap();
    let (_, err, code) = run(dir.path(), &["--lang", "en", "tasks"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("tasks.toml line 34")
            && err.contains("'市政局'")
            && err.contains("did you mean '市政办'"),
        "{err}"
    );
    assert_eq!(run(dir.path(), &["list"]).2, 2);
}

#[test]
fn departments_match_by_alias_everywhere_and_unknown_names_are_warned_with_a_suggestion() {
    let dir = division_workspace();
    full_csv(
        dir.path(),
        "f.csv",
        &[
            "1,甲店,街道应急办,赵家平,插座老化,,2022-06-20,一般,2022-06-01,,,,,",
            "2,乙店,应急局,赵家平,通道堵塞,,2022-06-20,一般,2022-06-01,,,,,",
            "3,丙店, 应急办 ,赵家平,线路老化,,2022-06-20,一般,2022-06-01,,,,,",
        ],
    );
    let (out, _, _) = run(dir.path(), &["check", "f.csv", "--format", "json"]);
    let findings: Vec<Value> = json(out.as_bytes())["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unknown-dept")
        .cloned()
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["cell"], "C3");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("是否为“应急办”")
    );
    run(dir.path(), &["import", "f.csv", "--as-of", "2022-07-01"]);
    let (out, _, _) = run(
        dir.path(),
        &[
            "overdue",
            "--as-of",
            "2022-07-01",
            "--dept",
            "应急办",
            "--format",
            "json",
        ],
    );
    let units: Vec<_> = json(out.as_bytes())["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["unit"].clone())
        .collect();
    assert_eq!(units, ["甲店", "丙店"]);
    let (out, _, _) = run(dir.path(), &["overdue", "--as-of", "2022-07-01"]);
    assert!(
        out.contains("【应急办】2 项") && out.contains("【应急局】1 项"),
        "{out}"
    );
    let (out, _, _) = run(
        dir.path(),
        &["list", "--dept", "应急管理办", "--format", "json"],
    );
    assert_eq!(json(out.as_bytes()).as_array().unwrap().len(), 2);
}

#[test]
fn duties_count_units_checked_and_hazards_rectified_per_official_and_checks_per_department() {
    let dir = division_workspace();
    full_csv(
        dir.path(),
        "f.csv",
        &[
            "1,甲店,应急办,赵家平,插座老化,,2022-07-20,一般,2022-07-03,,,,,",
            "2,甲店,应急办,赵家平,通道堵塞,整改完毕,2022-07-20,一般,2022-07-03,,,,2022-07-08,",
            "3,乙店,街道应急办,赵家平,线路老化,整改完毕,2022-07-20,一般,2022-07-10,,,,2022-07-12,",
            "4,丙店,应急办,李四,灭火器过期,整改完毕,2022-06-20,一般,2022-06-10,,,,2022-07-02,",
            "5,丁店,应急办,李四,灭火器过期,整改完毕,2022-06-20,一般,2022-06-10,,,,2022-06-15,",
        ],
    );
    run(dir.path(), &["import", "f.csv", "--as-of", "2022-07-31"]);
    let (out, err, code) = run(
        dir.path(),
        &["duties", "--month", "2022-07", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v = json(out.as_bytes());
    assert_eq!(v["month"], "2022-07");
    let owner = |name: &str| {
        v["owners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["owner"] == name)
            .unwrap()
            .clone()
    };
    let zhao = owner("赵家平");
    assert_eq!(
        (
            zhao["dept"].clone(),
            zhao["units_checked"].clone(),
            zhao["hazards_rectified"].clone(),
            zhao["short"].clone()
        ),
        ("应急办".into(), 2.into(), 2.into(), false.into())
    );
    let li = owner("李四");
    assert_eq!(
        (
            li["units_checked"].clone(),
            li["hazards_rectified"].clone(),
            li["short"].clone()
        ),
        (0.into(), 1.into(), true.into())
    );
    let cui = owner("崔恺");
    assert_eq!(
        (
            cui["dept"].clone(),
            cui["units_checked"].clone(),
            cui["short"].clone()
        ),
        ("市政办".into(), 0.into(), true.into()),
        "heads are listed even with no records"
    );
    let dept = |name: &str| {
        v["departments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["dept"] == name)
            .unwrap()
            .clone()
    };
    let yj = dept("应急办");
    assert_eq!(
        (
            yj["inspections_month"].clone(),
            yj["inspections_quarter"].clone(),
            yj["short"].clone()
        ),
        (2.into(), 2.into(), false.into())
    );
    let sz = dept("市政办");
    assert_eq!(
        (sz["inspections_month"].clone(), sz["short"].clone()),
        (0.into(), true.into())
    );
    let (out, _, _) = run(
        dir.path(),
        &["duties", "--month", "2022-06", "--format", "json"],
    );
    let june = json(out.as_bytes());
    let yj = june["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dept"] == "应急办")
        .unwrap()
        .clone();
    assert_eq!(
        (
            yj["inspections_month"].clone(),
            yj["inspections_quarter"].clone()
        ),
        (1.into(), 1.into())
    );
}

/// An Annex 2 table as the seed lays it out: measures and tasks merged down
/// their rows, a blank deadline under a filled one, several departments in
/// one cell; and an Annex 1 table on a second sheet.
fn annex_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let f = Format::new();
    let ws = wb.add_worksheet().set_name("重点任务分工").unwrap();
    ws.merge_range(0, 0, 0, 4, "磁器口落实“十五条硬措施”重点任务分工", &f)
        .unwrap();
    write_rows(
        ws,
        1,
        &text_rows(&[&[
            "十五条硬措施",
            "重点任务分解",
            "具体要求",
            "责任科室",
            "时限",
        ]]),
    );
    ws.merge_range(2, 0, 5, 0, "一、严格落实地方党委安全生产责任", &f)
        .unwrap();
    ws.merge_range(
        2,
        1,
        3,
        1,
        "1.严格落实责任制实施细则。加大约束性指标权重。",
        &f,
    )
    .unwrap();
    ws.merge_range(4, 1, 5, 1, "3.主要负责人每季度至少组织召开1次会议", &f)
        .unwrap();
    write_rows(
        ws,
        2,
        &text_rows(&[
            &["", "", "（1）5月底，建立“五有”责任制。", "应急办", "5月底"],
            &[
                "",
                "",
                "（2）加大安全生产约束性指标权重。",
                "经发办",
                "2022年5月至党的二十大结束",
            ],
            &[
                "",
                "",
                "（1）每季度组织1次专题研究。",
                "应急办\n党政办",
                "2022年5月至党的二十大结束",
            ],
            &["", "", "（2）细化支持保障措施。", "党政办、纪工委", ""],
            &[
                "五、企业主要负责人必须严格履行第一责任人责任",
                "26.纳入日常监管检查执法必查内容",
                "检查执法“两个必查”。",
                "经发办\n\n应急办",
                "长期",
            ],
        ]),
    );
    let ws = wb.add_worksheet().set_name("任务分工").unwrap();
    write_rows(
        ws,
        0,
        &text_rows(&[
            &["领  导", "行业领域", "检查对象", "牵头科室", "负责人"],
            &[
                "陈维薇",
                "消防、电力燃气",
                "商家、企业、超市",
                "经发办（产业办）",
                "程盈",
            ],
            &[
                "姜  毅",
                "城市运行",
                "城市基础设施、消防通道",
                "市政办",
                "崔恺",
            ],
            &["", "道路交通", "支路干道、停车场", "", ""],
            &[
                "",
                "消防、危险化学品",
                "烟花爆竹、危险化学品",
                "应急办",
                "赵家平",
            ],
        ]),
    );
    wb.save(path).unwrap();
}

#[test]
fn tasks_import_converts_merged_annex_tables_into_a_division_that_loads() {
    let dir = workspace();
    annex_workbook(&dir.path().join("分工.xlsx"));
    let (_, err, code) = run(
        dir.path(),
        &[
            "tasks",
            "import",
            "分工.xlsx",
            "-o",
            "converted.toml",
            "--start",
            "2022-05-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 项措施、5 项任务、3 个科室"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("converted.toml")).unwrap();
    let toml: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(
        toml["plan"]["name"].as_str(),
        Some("磁器口落实“十五条硬措施”重点任务分工")
    );
    assert_eq!(toml["plan"]["start"].to_string(), "2022-05-01");
    let measures = toml["measures"].as_array().unwrap();
    assert_eq!(measures[0]["no"].as_integer(), Some(1));
    assert_eq!(
        measures[0]["title"].as_str(),
        Some("严格落实地方党委安全生产责任")
    );
    assert_eq!(measures[1]["no"].as_integer(), Some(5));
    let converted = measures[0]["tasks"].as_array().unwrap();
    let ids: Vec<_> = converted
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1.1", "1.2", "3.1", "3.2"]);
    assert_eq!(
        converted[0]["task"].as_str(),
        Some("严格落实责任制实施细则")
    );
    assert_eq!(converted[2]["departments"].as_array().unwrap().len(), 2);
    assert_eq!(converted[3]["departments"][1].as_str(), Some("纪工委"));
    assert_eq!(
        converted[3]["deadline"].as_str(),
        Some("2022年5月至党的二十大结束"),
        "blank deadline carries down"
    );
    assert_eq!(converted[2]["every"].as_str(), Some("quarter"));
    let t26 = &measures[1]["tasks"][0];
    assert_eq!(
        (t26["id"].as_str(), t26["deadline"].as_str()),
        (Some("26"), Some("长期"))
    );
    assert_eq!(t26["departments"].as_array().unwrap().len(), 2);
    let depts = toml["departments"].as_array().unwrap();
    let names: Vec<_> = depts.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["经发办", "市政办", "应急办", "党政办", "纪工委"],
        "Annex 1's, then those only tasks name"
    );
    assert_eq!(
        depts[1]["sectors"].as_array().unwrap().len(),
        2,
        "道路交通 joins 市政办 above it"
    );
    assert_eq!(
        depts[2]["leader"].as_str(),
        Some("姜毅"),
        "a blank leader is the one above"
    );

    std::fs::rename(
        dir.path().join("converted.toml"),
        dir.path().join("tasks.toml"),
    )
    .unwrap();
    let v = tasks(dir.path(), &["--as-of", "2022-06-01"]);
    assert_eq!(v["tasks"].as_array().unwrap().len(), 5);
    assert_eq!(v["tasks"][0]["state"], "overdue");
}

#[test]
fn tasks_import_of_a_file_with_neither_table_fails_clearly() {
    let dir = workspace();
    std::fs::write(dir.path().join("x.csv"), "a,b\n1,2\n").unwrap();
    let (_, err, code) = run(dir.path(), &["tasks", "import", "x.csv", "-o", "t.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("x.csv"), "{err}");
    assert!(!dir.path().join("t.toml").exists());
}
