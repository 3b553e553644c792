//! A district workspace (区安办): submissions of three kinds from its 镇街,
//! the 镇街 each is filed under, the cross-check of a report's own figures,
//! the ranking, who has not reported, and listed supervision.

use crate::common::*;
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A district made by `ledger init --district`; its template lists
/// 磁器口街道, 童家桥街道, 石井坡街道, 詹家溪街道 and 井口街道.
fn district() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let (out, err, code) = run(
        dir.path(),
        &["init", ".", "--district", "--name", "沙坪坝区"],
    );
    assert_eq!(code, 0, "{out}{err}");
    dir
}

/// 童家桥街道's July ledger, named in its title: found in July, two
/// rectified on time, one late, one open and overdue on 31 July.
fn tongjiaqiao(dir: &Path) -> PathBuf {
    let path = dir.join("童家桥-7月.csv");
    std::fs::write(
        &path,
        format!(
            "童家桥街道安全生产大检查问题整改台账\n{FULL_HEADER}\n{}\n",
            [
                "1,甲店,应急办,王一,甲隐患,整改完毕,2022-07-05,一般,2022-07-01,,,,2022-07-04,",
                "2,乙店,应急办,王一,乙隐患,整改完毕,2022-07-10,一般,2022-07-02,,,,2022-07-09,",
                "3,丙店,城管办,李二,丙隐患,整改完毕,2022-07-10,一般,2022-07-03,,,,2022-07-20,",
                "4,丁店,城管办,李二,丁隐患,,2022-07-15,一般,2022-07-04,,,,,",
            ]
            .join("\n")
        ),
    )
    .unwrap();
    path
}

/// 石井坡街道's ledger, which names no 镇街: one rectified on time, one
/// open and not yet due; the second is listed at 区级.
fn shijingpo(dir: &Path) -> PathBuf {
    let path = dir.join("ledger.csv");
    std::fs::write(
        &path,
        format!(
            "{FULL_HEADER},挂牌督办\n{}\n",
            [
                "1,戊厂,安监办,赵三,戊隐患,整改完毕,2022-07-12,一般,2022-07-05,,,,2022-07-10,,",
                "2,己厂,安监办,赵三,己隐患,,2022-08-03,重大,2022-07-20,,,,,,区级",
            ]
            .join("\n")
        ),
    )
    .unwrap();
    path
}

/// A monthly report workbook as `ledger report` lays it out, from
/// 磁器口街道: its 台账 holds an open major overdue since 20 July and one
/// rectified hazard; its 汇总 states `rectified` for 本月整改 (1 is true).
fn ciqikou_report(dir: &Path, rectified: f64) -> PathBuf {
    let path = dir.join("磁器口街道安全生产大检查月报-2022年07月.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("汇总").unwrap();
    write_rows(
        ws,
        0,
        &[
            vec![C::T("磁器口街道安全生产大检查月报（2022年7月）")],
            vec![C::T("统计截至 2022-07-31。整改率 = 累计已整改 ÷ 累计查出")],
            [
                "排名",
                "责任单位",
                "上月结转",
                "本月新增",
                "本月整改",
                "月末未整改",
                "其中逾期",
                "重大隐患",
            ]
            .map(C::T)
            .to_vec(),
            vec![
                C::N(1.0),
                C::T("应急办"),
                C::N(0.0),
                C::N(2.0),
                C::N(rectified),
                C::N(1.0),
                C::N(1.0),
                C::N(1.0),
            ],
            vec![
                C::E,
                C::T("合计"),
                C::N(0.0),
                C::N(2.0),
                C::N(1.0),
                C::N(1.0),
                C::N(1.0),
                C::N(1.0),
            ],
        ],
    );
    let ws = wb.add_worksheet().set_name("台账").unwrap();
    write_rows(
        ws,
        0,
        &text_rows(&[
            &["磁器口街道安全生产大检查问题整改台账（2022年7月）"],
            &[
                "序号",
                "单位名称",
                "责任单位",
                "责任人",
                "问题隐患",
                "整改时限",
                "编号",
                "隐患等级",
                "发现日期",
                "整改状态",
            ],
            &[
                "1",
                "液化气站",
                "应急办",
                "赵家平",
                "储罐区报警装置失效",
                "2022-07-20",
                "YH-2022-0011",
                "重大",
                "2022-07-06",
                "整改中",
            ],
            &[
                "2",
                "麻花店",
                "应急办",
                "赵家平",
                "灭火器过期",
                "2022-07-31",
                "YH-2022-0024",
                "一般",
                "2022-07-10",
                "已整改",
            ],
        ]),
    );
    let ws = wb.add_worksheet().set_name("重大隐患").unwrap();
    write_rows(
        ws,
        0,
        &text_rows(&[
            &["磁器口街道重大隐患挂牌督办清单（2022年7月）"],
            &["编号", "责任单位", "单位名称", "挂牌督办", "督办单位"],
            &["YH-2022-0011", "应急办", "液化气站", "市级", "市安委办"],
        ]),
    );
    wb.save(&path).unwrap();
    path
}

fn import_all(dir: &Path) {
    let (out, err, code) = run(dir, &["import", "童家桥-7月.csv", "--as-of", "2022-07-31"]);
    assert_eq!(code, 0, "{out}{err}");
    let (out, err, code) = run(
        dir,
        &[
            "import",
            "ledger.csv",
            "--org",
            "石井坡",
            "--as-of",
            "2022-07-31",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (out, err, code) = run(
        dir,
        &["import", "磁器口街道安全生产大检查月报-2022年07月.xlsx"],
    );
    assert_eq!(code, 0, "{out}{err}");
}

fn setup() -> tempfile::TempDir {
    let dir = district();
    tongjiaqiao(dir.path());
    shijingpo(dir.path());
    ciqikou_report(dir.path(), 1.0);
    import_all(dir.path());
    dir
}

fn ids(dir: &Path) -> Vec<String> {
    let (out, err, code) = run(dir, &["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(out.as_bytes());
    let list = v
        .as_array()
        .or_else(|| v["hazards"].as_array())
        .unwrap()
        .clone();
    let mut ids: Vec<String> = list
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn each_submission_is_filed_under_its_member_and_a_report_keeps_its_own_numbers() {
    let dir = setup();
    let ids = ids(dir.path());
    assert_eq!(ids.len(), 8, "{ids:?}");
    // The report's 台账 sheet only: its 编号 kept under the member's name.
    assert!(
        ids.contains(&"磁器口街道/YH-2022-0011".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"磁器口街道/YH-2022-0024".to_string()),
        "{ids:?}"
    );
    assert_eq!(
        ids.iter().filter(|i| i.starts_with("童家桥街道/")).count(),
        4
    );
    assert_eq!(
        ids.iter().filter(|i| i.starts_with("石井坡街道/")).count(),
        2
    );
    // Scripts read the member apart from the id.
    let (out, _, _) = run(dir.path(), &["list", "--format", "json"]);
    for h in json(out.as_bytes()).as_array().unwrap() {
        let (id, org) = (h["id"].as_str().unwrap(), h["org"].as_str().unwrap());
        assert!(id.starts_with(&format!("{org}/")), "{id} {org}");
    }
    // Importing the same submissions again changes nothing.
    import_all(dir.path());
    assert_eq!(self::ids(dir.path()).len(), 8);
}

#[test]
fn two_members_reporting_the_same_unit_and_hazard_keep_two_hazards() {
    let dir = district();
    let path = shijingpo(dir.path());
    for org in ["石井坡街道", "童家桥街道"] {
        let (out, err, code) = run(
            dir.path(),
            &[
                "import",
                path.to_str().unwrap(),
                "--org",
                org,
                "--as-of",
                "2022-07-31",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
    }
    assert_eq!(ids(dir.path()).len(), 4);
}

#[test]
fn an_unknown_member_is_refused_with_the_closest_names_and_nothing_is_written() {
    let dir = district();
    let path = shijingpo(dir.path());
    let before = store_snapshot(dir.path());
    let (_, err, code) = run(
        dir.path(),
        &["import", path.to_str().unwrap(), "--org", "石井街道"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("石井街道") && err.contains("石井坡街道"),
        "{err}"
    );
    let (_, err, code) = run(dir.path(), &["import", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--org"), "{err}");
    assert_eq!(store_snapshot(dir.path()), before);
}

#[test]
fn a_doctored_summary_figure_is_found_naming_the_member_and_the_cell() {
    let dir = district();
    ciqikou_report(dir.path(), 2.0);
    let (out, err, code) = run(
        dir.path(),
        &["import", "磁器口街道安全生产大检查月报-2022年07月.xlsx"],
    );
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("核对不符")).collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].contains("磁器口街道 汇总!E4"), "{out}");
    assert!(
        lines[0].contains("本月整改") && lines[0].contains("报 2"),
        "{out}"
    );
    assert!(lines[0].contains("应为 1"), "{out}");
    // The rows were imported all the same.
    assert_eq!(ids(dir.path()).len(), 2);
}

#[test]
fn the_summary_ranks_the_members_by_hand_computed_rates_and_marks_the_last() {
    let dir = setup();
    let (out, err, code) = run(
        dir.path(),
        &["summary", "--month", "2022-07", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v = json(out.as_bytes());
    let rows: Vec<&Value> = v["departments"].as_array().unwrap().iter().collect();
    let row = |name: &str| *rows.iter().find(|r| r["dept"] == name).unwrap();
    // The clerk's table and file head the rows 镇街; the script keys stay.
    let (table, _, _) = run(dir.path(), &["summary", "--month", "2022-07"]);
    assert!(
        table.contains("镇街") && !table.contains("责任单位"),
        "{table}"
    );
    let (_, err, code) = run(
        dir.path(),
        &["summary", "--month", "2022-07", "-o", "汇总.csv"],
    );
    assert_eq!(code, 0, "{err}");
    let file = std::fs::read_to_string(dir.path().join("汇总.csv")).unwrap();
    assert!(
        file.contains("镇街") && !file.contains("责任单位"),
        "{file}"
    );
    // 童家桥: 3 of 4 rectified, 2 of them on time, 1 overdue.
    let t = row("童家桥街道");
    assert_eq!(t["rank"], 1);
    assert_eq!(t["rectification_rate"], 0.75);
    assert!((t["on_time_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(t["overdue"], 1);
    // 石井坡 and 磁器口 both 1 of 2, on time; 石井坡 has nothing overdue.
    let s = row("石井坡街道");
    assert_eq!(
        (s["rank"].clone(), s["rectification_rate"].clone()),
        (2.into(), 0.5.into())
    );
    let c = row("磁器口街道");
    assert_eq!(c["rank"], 3);
    assert_eq!(c["last"], true);
    assert_eq!(c["overdue"], 1);
    assert_eq!(c["open_major"], 1);
    assert_eq!(row("詹家溪街道")["rank"], Value::Null);
    assert_eq!(v["total"]["found_to_date"], 8);
}

#[test]
fn status_lists_the_members_that_have_not_reported() {
    let dir = setup();
    let (out, _, code) = run(
        dir.path(),
        &["status", "--month", "2022-07", "--fail-if-missing"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("未报送 2 个：詹家溪街道、井口街道"), "{out}");
}

#[test]
fn overdue_groups_by_member_then_department_with_listed_hazards_first() {
    let dir = setup();
    let (out, err, code) = run(dir.path(), &["overdue", "--as-of", "2022-08-15"]);
    assert_eq!(code, 0, "{err}");
    for group in [
        "【童家桥街道·城管办】",
        "【石井坡街道·安监办】",
        "【磁器口街道·应急办】",
    ] {
        assert!(out.contains(group), "{out}");
    }
    // --dept still names a department, now in every 镇街.
    let (out, _, _) = run(
        dir.path(),
        &["overdue", "--as-of", "2022-08-15", "--dept", "安监办"],
    );
    assert!(
        out.contains("【石井坡街道·安监办】") && !out.contains("童家桥"),
        "{out}"
    );
    let (out, _, _) = run(
        dir.path(),
        &["overdue", "--as-of", "2022-08-15", "--format", "json"],
    );
    let v = json(out.as_bytes());
    let ids: Vec<&str> = v["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    // 磁器口's 市级 major (26 days), then 己厂 at 区级 (12 days), then the
    // unlisted 丁店 though it is overdue longest (31 days).
    assert_eq!(
        ids[..3],
        [
            "磁器口街道/YH-2022-0011",
            "石井坡街道/YH-2022-0006",
            "童家桥街道/YH-2022-0004"
        ],
        "{v}"
    );
}

#[test]
fn the_district_report_lists_majors_with_their_supervision_tier_and_body() {
    let dir = setup();
    let (out, err, code) = run(
        dir.path(),
        &["report", "--month", "2022-07", "-o", "区月报.xlsx"],
    );
    assert_eq!(code, 0, "{out}{err}");
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("区月报.xlsx")).unwrap();
    let majors = wb.worksheet_range("重大隐患").unwrap();
    let rows: Vec<Vec<String>> = majors
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    let listed = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "己隐患"))
        .expect("己隐患 listed");
    assert!(listed.contains(&"区级".to_string()), "{listed:?}");
    assert!(listed.contains(&"区安委办".to_string()), "{listed:?}");
    assert!(listed.contains(&"石井坡街道".to_string()), "{listed:?}");
    // 磁器口's tier came up with its report, from its 重大隐患 sheet.
    let city = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "磁器口街道/YH-2022-0011"))
        .expect("磁器口's major listed");
    assert!(city.contains(&"市安委办".to_string()), "{city:?}");
    let summary = wb.worksheet_range("汇总").unwrap();
    let last = summary
        .rows()
        .find(|r| r.iter().any(|c| *c == "末位"))
        .unwrap();
    assert!(last.iter().any(|c| *c == "磁器口街道"), "{last:?}");
    // Its rows are 镇街, and its headers say so.
    let mut head = |sheet: &str| -> Vec<String> {
        let range = wb.worksheet_range(sheet).unwrap();
        let row = range
            .rows()
            .find(|r| {
                r.iter()
                    .any(|c| ["整改率", "隐患整改率", "报送情况"].contains(&c.to_string().as_str()))
            })
            .unwrap();
        row.iter().map(Data::to_string).collect()
    };
    assert!(head("汇总").contains(&"镇街".to_string()));
    assert!(head("统计").contains(&"镇街".to_string()));
    assert!(head("报送").contains(&"镇街".to_string()));
    // A district has no duties or tasks of its own to report.
    assert_eq!(
        wb.sheet_names(),
        ["汇总", "统计", "台账", "逾期", "重大隐患", "报送"]
    );
}

#[test]
fn a_submission_older_than_the_store_says_how_many_rows_it_left_as_they_were() {
    let dir = district();
    tongjiaqiao(dir.path());
    let (out, err, code) = run(
        dir.path(),
        &["import", "童家桥-7月.csv", "--as-of", "2022-07-31"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let older = ["import", "童家桥-7月.csv", "--as-of", "2022-07-20"];
    let (out, err, code) = run(
        dir.path(),
        &["--lang", "en", "import", "--dry-run"]
            .iter()
            .chain(&older[1..])
            .copied()
            .collect::<Vec<_>>(),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("4 older than the store, not applied"), "{out}");
    let (out, err, code) = run(dir.path(), &older);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("未变 0，4 条早于库中记录未更新"), "{out}");
}

#[test]
fn a_corrected_submission_for_the_month_replaces_its_members_view_with_history() {
    let dir = setup();
    // 童家桥 resends July without 丁店's row (entered by mistake) and with
    // 丙店 rectified on time.
    std::fs::write(
        dir.path().join("童家桥-7月-更正.csv"),
        format!(
            "童家桥街道安全生产大检查问题整改台账\n{FULL_HEADER}\n{}\n",
            [
                "1,甲店,应急办,王一,甲隐患,整改完毕,2022-07-05,一般,2022-07-01,,,,2022-07-04,",
                "2,乙店,应急办,王一,乙隐患,整改完毕,2022-07-10,一般,2022-07-02,,,,2022-07-09,",
                "3,丙店,城管办,李二,丙隐患,整改完毕,2022-07-10,一般,2022-07-03,,,,2022-07-08,",
            ]
            .join("\n")
        ),
    )
    .unwrap();
    let (out, err, code) = run(
        dir.path(),
        &["import", "童家桥-7月-更正.csv", "--as-of", "2022-07-31"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("撤回当月此前报送而本次未列的 1 条"), "{out}");
    let ids = ids(dir.path());
    assert_eq!(
        ids.iter().filter(|i| i.starts_with("童家桥街道/")).count(),
        3
    );
    // Other members' hazards of the month stay.
    assert_eq!(ids.len(), 7);
    let (out, _, _) = run(
        dir.path(),
        &["summary", "--month", "2022-07", "--format", "json"],
    );
    let v = json(out.as_bytes());
    let t = v["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dept"] == "童家桥街道")
        .unwrap()
        .clone();
    assert_eq!(
        (t["rectification_rate"].clone(), t["on_time_rate"].clone()),
        (1.0.into(), 1.0.into())
    );
    // The withdrawn hazard's history says so, and the store still verifies.
    let conn = rusqlite::Connection::open(dir.path().join("store/ledger.db")).unwrap();
    let events: Vec<(String, String)> = conn
        .prepare(
            "SELECT op, file FROM history WHERE hazard = '童家桥街道/YH-2022-0004' ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        events,
        [
            ("insert".to_string(), "童家桥-7月.csv".to_string()),
            ("withdraw".to_string(), "童家桥-7月-更正.csv".to_string())
        ]
    );
    drop(conn);
    let (out, err, code) = run(dir.path(), &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn undo_refuses_a_correction_that_withdrew_hazards_and_the_submission_it_corrected() {
    let dir = setup();
    std::fs::write(
        dir.path().join("童家桥-7月-更正.csv"),
        format!(
            "童家桥街道安全生产大检查问题整改台账\n{FULL_HEADER}\n{}\n",
            "1,甲店,应急办,王一,甲隐患,整改完毕,2022-07-05,一般,2022-07-01,,,,2022-07-04,"
        ),
    )
    .unwrap();
    let (out, err, code) = run(
        dir.path(),
        &["import", "童家桥-7月-更正.csv", "--as-of", "2022-07-31"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let before = ids(dir.path());
    // The correction itself: a withdrawn row cannot be brought back by undo.
    let (out, err, code) = run(dir.path(), &["undo"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("撤回了先前报送中的隐患"), "{err}");
    // The submission it corrected: the correction touched its hazards since.
    let (out, err, code) = run(dir.path(), &["undo", "1"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("之后的导入"), "{err}");
    assert_eq!(ids(dir.path()), before);
    let (out, err, code) = run(dir.path(), &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shapingba")
}

fn submissions() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(example().join("submissions/2022-07"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

#[test]
fn the_example_district_runs_its_monthly_routine_on_three_kinds_of_submission() {
    // The committed store is what importing the three submissions gives.
    let fresh = district();
    let mut args = vec!["import".to_string(), "--as-of".into(), "2022-07-31".into()];
    args.extend(submissions());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // 磁器口's report carries its ledger's real mistakes: exit 1 says so.
    let (out, err, code) = run(fresh.path(), &args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        !out.contains("核对不符"),
        "a report as ledger writes it bears out its figures: {out}"
    );
    let committed = tempfile::TempDir::new().unwrap();
    copy_dir(&example(), committed.path());
    assert_eq!(contents(fresh.path()), contents(committed.path()));

    let ws = committed.path();
    let (out, _, _) = run(ws, &["status", "--month", "2022-07"]);
    assert!(out.contains("未报送 2 个：詹家溪街道、井口街道"), "{out}");
    let (out, _, _) = run(ws, &["summary", "--month", "2022-07", "--format", "json"]);
    let v = json(out.as_bytes());
    let ranked: Vec<(String, bool)> = v["departments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["rank"].is_null())
        .map(|r| (r["dept"].as_str().unwrap().to_string(), r["last"] == true))
        .collect();
    assert_eq!(
        ranked,
        [
            ("石井坡街道".to_string(), false),
            ("磁器口街道".to_string(), false),
            ("童家桥街道".to_string(), true)
        ]
    );
    let (out, err, code) = run(ws, &["report", "--month", "2022-07", "-o", "区月报.xlsx"]);
    assert_eq!(code, 0, "{out}{err}");
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(ws.join("区月报.xlsx")).unwrap();
    let majors: Vec<String> = wb
        .worksheet_range("重大隐患")
        .unwrap()
        .rows()
        .flat_map(|r| r.iter().map(Data::to_string).collect::<Vec<_>>())
        .collect();
    for word in ["市级", "市安委办", "区级", "区安委办"] {
        assert!(majors.iter().any(|c| c == word), "{word}: {majors:?}");
    }
}

#[test]
fn a_members_export_corrects_the_hazards_its_report_sent_by_their_own_numbers() {
    let sub = tempfile::TempDir::new().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou"),
        sub.path(),
    );
    let (out, err, code) = run(sub.path(), &["export", "-o", "磁器口导出.xlsx"]);
    assert_eq!(code, 0, "{out}{err}");
    let district = tempfile::TempDir::new().unwrap();
    copy_dir(&example(), district.path());
    let export = sub.path().join("磁器口导出.xlsx");
    let (out, err, _) = run(
        district.path(),
        &[
            "import",
            export.to_str().unwrap(),
            "--org",
            "磁器口街道",
            "--as-of",
            "2022-07-31",
        ],
    );
    // The 23 hazards of the July report are found by their 编号; the four
    // closed before July, which the report did not list, are new.
    assert!(
        out.contains("磁器口街道，填报日期 2022-07-31：新增 4，"),
        "{out}{err}"
    );
    let ids = ids(district.path());
    assert_eq!(
        ids.iter().filter(|i| i.starts_with("磁器口街道/")).count(),
        27
    );
}
