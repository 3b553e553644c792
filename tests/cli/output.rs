//! Where output goes: `-o` by its extension (workbooks read back with
//! calamine), CSV for people and for scripts, and a closed pipe as success.

use crate::common::{self, run};
use calamine::{Data, Reader, Xlsx, open_workbook};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou")
}

/// Runs `ledger` on the example workspace from a scratch folder that takes its files.
fn on_example(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let ws = example();
    let mut all = vec!["--workspace", ws.to_str().unwrap()];
    all.extend_from_slice(args);
    run(dir, &all)
}

/// The part of a workbook named `name`, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn header_row(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<String> {
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn overdue_to_xlsx_is_a_workbook_with_chinese_headers_a_frozen_header_and_an_autofilter() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = on_example(
        dir.path(),
        &["overdue", "--as-of", "2022-07-31", "-o", "逾期.xlsx"],
    );
    assert_eq!(code, 0, "{err}");
    let path = dir.path().join("逾期.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), vec!["逾期".to_string()]);
    let header = header_row(&mut book, "逾期");
    assert_eq!(header[0], "编号");
    assert!(header.contains(&"逾期天数".to_string()), "{header:?}");
    let range = book.worksheet_range("逾期").unwrap();
    let (json, _, _) = on_example(
        dir.path(),
        &["overdue", "--as-of", "2022-07-31", "--format", "json"],
    );
    let overdue = common::json(json.as_bytes())["overdue"]
        .as_array()
        .unwrap()
        .len();
    assert!(overdue > 0);
    assert_eq!(
        range.rows().count(),
        2 + overdue,
        "title, header, one row an item"
    );
    let found = header.iter().position(|h| h == "发现日期").unwrap();
    assert!(
        matches!(range.rows().nth(2).unwrap()[found], Data::DateTime(_)),
        "dates are date cells"
    );
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"ySplit="2""#) && sheet.contains(r#"state="frozen""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A2:"#), "{sheet}");
    assert!(part(&path, "xl/styles.xml").contains("宋体"));
}

#[test]
fn summary_to_xlsx_holds_the_summary_and_the_statistics_and_list_holds_every_record() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        on_example(
            dir.path(),
            &["summary", "--month", "2022-07", "-o", "s.xlsx"]
        )
        .2,
        0
    );
    let mut book: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["汇总".to_string(), "统计".to_string()]
    );
    assert_eq!(header_row(&mut book, "汇总")[2], "上月结转");
    assert_eq!(header_row(&mut book, "统计")[1], "检查单位数");
    let total = book.worksheet_range("汇总").unwrap();
    assert_eq!(
        total.rows().next_back().unwrap()[1],
        Data::String("合计".into())
    );

    assert_eq!(on_example(dir.path(), &["list", "-o", "l.xlsx"]).2, 0);
    let (csv, _, _) = on_example(dir.path(), &["list", "--format", "csv"]);
    let records = csv::Reader::from_reader(csv.as_bytes()).records().count();
    let mut book: Xlsx<_> = open_workbook(dir.path().join("l.xlsx")).unwrap();
    assert_eq!(
        book.worksheet_range("台账").unwrap().rows().count(),
        2 + records
    );
}

#[test]
fn a_csv_file_is_for_people_and_csv_on_stdout_is_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(on_example(dir.path(), &["list", "-o", "l.csv"]).2, 0);
    let bytes = std::fs::read(dir.path().join("l.csv")).unwrap();
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM")).unwrap();
    let mut file = csv::Reader::from_reader(text.as_bytes());
    let headers = file.headers().unwrap().clone();
    assert_eq!(&headers[0], "编号");
    let long_term = headers.iter().position(|h| h == "长期整改").unwrap();
    let cells: Vec<String> = file
        .records()
        .map(|r| r.unwrap()[long_term].to_string())
        .collect();
    assert!(
        !cells.is_empty() && cells.iter().all(|c| c == "是" || c == "否"),
        "{cells:?}"
    );

    let (out, _, _) = on_example(dir.path(), &["list", "--format", "csv"]);
    assert!(out.starts_with("id,seq,unit,"), "{out}");
    let mut script = csv::Reader::from_reader(out.as_bytes());
    let long_term = script
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "long_term")
        .unwrap();
    assert!(
        script
            .records()
            .all(|r| matches!(&r.unwrap()[long_term], "true" | "false"))
    );

    assert_eq!(
        on_example(
            dir.path(),
            &["summary", "--month", "2022-07", "-o", "s.csv"]
        )
        .2,
        0
    );
    let s = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    assert!(s.starts_with("\u{FEFF}排名,责任单位,上月结转"), "{s}");
    assert!(s.contains('%'), "rates as percentages: {s}");
}

#[test]
fn an_extension_a_command_does_not_write_is_refused_naming_those_it_does() {
    let dir = tempfile::tempdir().unwrap();
    for (args, named) in [
        (
            &["overdue", "-o", "逾期.doc"][..],
            ".xlsx、.csv、.json、.txt",
        ),
        (
            &["report", "--month", "2022-07", "-o", "r.csv"][..],
            ".xlsx",
        ),
        (&["export", "-o", "e.json"][..], ".xlsx、.csv"),
        (&["list", "-o", "noextension"][..], ".xlsx"),
    ] {
        let (out, err, code) = on_example(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(named), "{args:?}: {err}");
        assert!(out.is_empty());
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
    let (_, err, code) = run(dir.path(), &["template", "-o", "t.xls"]);
    assert_eq!(code, 2);
    assert!(err.contains(".xlsx"), "{err}");
}

#[test]
fn a_format_contradicting_the_extension_is_refused_and_one_agreeing_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = on_example(dir.path(), &["list", "--format", "json", "-o", "l.csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--format json") && err.contains(".csv"),
        "{err}"
    );
    let (_, err, code) = on_example(
        dir.path(),
        &["--lang", "en", "list", "--format", "csv", "-o", "l.xlsx"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("contradicts"), "{err}");
    assert_eq!(
        on_example(dir.path(), &["list", "--format", "json", "-o", "l.json"]).2,
        0
    );
    assert_eq!(
        on_example(dir.path(), &["list", "--format", "table", "-o", "l.txt"]).2,
        0
    );
    let table = std::fs::read_to_string(dir.path().join("l.txt")).unwrap();
    assert!(table.contains("共 ") && !table.contains('\x1b'), "{table}");
}

/// Spawns `ledger` with its stdout a pipe closed before it writes a byte.
fn closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ledger"))
        .args(args)
        .current_dir(example())
        .env_remove("LEDGER_DIR")
        .env_remove("LEDGER_LANG")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_reader_closing_the_pipe_early_is_success_and_says_nothing() {
    let (out, _, _) = run(&example(), &["list", "--format", "csv"]);
    let id = out
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    for args in [
        vec!["list", "--format", "json"],
        vec!["list", "--format", "csv"],
        vec!["list"],
        vec!["show", &id],
        vec!["overdue", "--as-of", "2022-07-31"],
        vec!["summary", "--month", "2022-07", "--format", "csv"],
        vec!["completions", "bash"],
    ] {
        let (code, err) = closed_pipe(&args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

/// The text without its escape codes (`ESC [ … letter`).
fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_coloured_table_is_as_wide_on_every_line_as_its_borders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.csv"),
        common::annex3_csv(&[
            "1,甲店,,,,应急办,赵家平,插座老化,,,",
            "2,,,,,应急办,赵家平,,,明天,",
        ]),
    )
    .unwrap();
    let (coloured, _, code) = run(dir.path(), &["--color", "always", "check", "t.csv"]);
    assert_eq!(code, 1);
    assert!(
        coloured.contains("\x1b["),
        "--color always colours: {coloured}"
    );
    let table: Vec<String> = strip_escapes(&coloured)
        .lines()
        .filter(|l| l.starts_with(['+', '|']))
        .map(str::to_string)
        .collect();
    assert!(table.len() > 4, "{coloured}");
    let width = |l: &String| unicode_width::UnicodeWidthStr::width(l.as_str());
    assert!(
        table.iter().all(|l| width(l) == width(&table[0])),
        "{}",
        table.join("\n")
    );
    let (plain, _, _) = run(dir.path(), &["--color", "never", "check", "t.csv"]);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert_eq!(
        plain,
        strip_escapes(&coloured),
        "colour changes nothing else"
    );
}

/// The exit-code table of docs/commands.md, one line of it a command.
#[test]
fn every_command_keeps_the_exit_code_contract() {
    let ex = example();
    for (args, expected) in [
        (&["--help"][..], 0),
        (&["verify"][..], 0),
        (&["overdue", "--as-of", "2022-07-31"][..], 0),
        (
            &["overdue", "--as-of", "2022-07-31", "--fail-if-any"][..],
            1,
        ),
        (
            &["status", "--month", "2022-07", "--fail-if-missing"][..],
            1,
        ),
        (&["show", "YH-1999-0001"][..], 2),
        (&["list", "--format", "xml"][..], 2),
        (&["list", "--dept", "安全办"][..], 2),
        (&["tasks", "--dept", "安全办"][..], 2),
        (&["report", "--month", "2022-07", "-o", "r.csv"][..], 2),
    ] {
        let (_, err, code) = run(&ex, args);
        assert_eq!(code, expected, "{args:?}: {err}");
    }
    let (_, err, _) = run(&ex, &["tasks", "--dept", "安全办"]);
    assert!(err.contains("应急办"), "the closest name: {err}");
}

#[test]
fn status_duties_tasks_and_check_write_workbooks_and_csv_for_people_too() {
    let dir = tempfile::tempdir().unwrap();
    for (args, sheets, first) in [
        (
            &["status", "--month", "2022-07", "-o", "x.xlsx"][..],
            &["报送"][..],
            "责任单位",
        ),
        (
            &["duties", "--month", "2022-07", "-o", "x.xlsx"][..],
            &["责任人履职", "科室检查"][..],
            "责任人",
        ),
        (
            &["tasks", "--as-of", "2022-07-31", "-o", "x.xlsx"][..],
            &["任务"][..],
            "编号",
        ),
    ] {
        let (_, err, code) = on_example(dir.path(), args);
        assert!(code <= 1, "{args:?}: {err}");
        let mut book: Xlsx<_> = open_workbook(dir.path().join("x.xlsx")).unwrap();
        assert_eq!(book.sheet_names(), sheets, "{args:?}");
        assert_eq!(header_row(&mut book, sheets[0])[0], first, "{args:?}");
        let xml = part(&dir.path().join("x.xlsx"), "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains("<autoFilter") && xml.contains(r#"state="frozen""#),
            "{args:?}"
        );
    }
    let (_, _, code) = on_example(dir.path(), &["status", "--month", "2022-07", "-o", "s.csv"]);
    assert_eq!(
        code, 0,
        "without --fail-if-missing a missing department is no failure"
    );
    let s = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    assert!(
        s.starts_with("\u{FEFF}责任单位,报送情况") && s.contains("未报送"),
        "{s}"
    );

    std::fs::write(
        dir.path().join("t.csv"),
        common::annex3_csv(&["1,甲店,,,,应急办,赵家平,插座老化,,,"]),
    )
    .unwrap();
    let (out, _, code) = run(dir.path(), &["check", "t.csv", "-o", "问题.xlsx"]);
    assert_eq!(
        code, 1,
        "the findings decide the exit, wherever they are written"
    );
    assert!(out.is_empty(), "{out}");
    let mut book: Xlsx<_> = open_workbook(dir.path().join("问题.xlsx")).unwrap();
    let range = book.worksheet_range("问题").unwrap();
    let row: Vec<String> = range
        .rows()
        .nth(2)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row[..4], ["t.csv", "错误", "J2", "deadline-missing"]);
}
