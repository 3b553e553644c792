//! What a clerk meets first: help in Chinese with examples (English on
//! request), forgiving month and date input, the built-in holidays, and the
//! shell completions and manual page.

use crate::common::*;

fn stdout_of(args: &[&str], lang_env: Option<&str>) -> (String, String, i32) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut cmd = ledger(dir.path());
    if let Some(lang) = lang_env {
        cmd.env("LEDGER_LANG", lang);
    }
    let out = cmd.args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

#[test]
fn help_is_chinese_with_examples_by_default() {
    for args in [
        &["--help"][..],
        &["import", "--help"],
        &["help", "report"],
        &["tasks", "import", "-h"],
    ] {
        let (out, _, code) = stdout_of(args, None);
        assert_eq!(code, 0, "{args:?}");
        for words in ["用法：", "选项:", "示例：", "显示帮助"] {
            assert!(out.contains(words), "{args:?}: {words} not in\n{out}");
        }
        assert!(
            !out.contains("Usage:") && !out.contains("Options:"),
            "{args:?}\n{out}"
        );
    }
}

#[test]
fn help_is_english_with_lang_en_or_ledger_lang() {
    for (args, env) in [
        (&["--lang", "en", "--help"][..], None),
        (&["import", "--help"], Some("en")),
    ] {
        let (out, _, code) = stdout_of(args, env);
        assert_eq!(code, 0);
        for words in ["Usage:", "Options:", "Examples:"] {
            assert!(out.contains(words), "{args:?}: {words} not in\n{out}");
        }
        assert!(!out.contains("用法") && !out.contains("示例"), "{out}");
    }
}

#[test]
fn argument_errors_are_chinese_and_list_the_accepted_forms() {
    let (_, err, code) = stdout_of(&["summary", "--month", "七月"], None);
    assert_eq!(code, 2);
    assert!(err.starts_with("错误："), "{err}");
    for form in ["2022-07", "2022年7月", "202207", "2022.7"] {
        assert!(err.contains(form), "{form} not in {err}");
    }
    let (_, err, code) = stdout_of(&["overdue", "--as-of", "下周一"], None);
    assert_eq!(code, 2);
    for form in ["2022-07-31", "2022年7月31日", "2022/7/31", "20220731"] {
        assert!(err.contains(form), "{form} not in {err}");
    }
    let (_, err, _) = stdout_of(&["--lang", "en", "summary", "--month", "July"], None);
    assert!(
        err.contains("is not a month") && err.contains("2022年7月"),
        "{err}"
    );
}

#[test]
fn an_unknown_level_or_status_is_said_in_the_clerks_language_with_the_words_that_work() {
    let (_, err, code) = stdout_of(&["list", "--level", "特大"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("“特大”不是隐患等级") && err.contains("一般、较大、重大"),
        "{err}"
    );
    let (_, err, code) = stdout_of(&["overdue", "--level", "特大"], None);
    assert_eq!(code, 2);
    assert!(err.contains("不是隐患等级"), "{err}");
    let (_, err, code) = stdout_of(&["list", "--status", "完成"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("“完成”不是整改状态") && err.contains("已销号"),
        "{err}"
    );
    let (_, err, _) = stdout_of(&["--lang", "en", "list", "--status", "done"], None);
    assert!(
        err.contains("'done' is not a status") && err.contains("rectified"),
        "{err}"
    );
}

#[test]
fn every_month_and_date_form_reads_the_same() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou");
    let ws = example.to_str().unwrap();
    let summary = |month: &str| {
        let (out, err, code) = stdout_of(
            &[
                "--workspace",
                ws,
                "summary",
                "--month",
                month,
                "--format",
                "json",
            ],
            None,
        );
        assert_eq!(code, 0, "{month}: {err}");
        out
    };
    let expected = summary("2022-07");
    for month in ["2022年7月", "202207", "2022.7", "2022/7", "2022-7"] {
        assert_eq!(summary(month), expected, "{month}");
    }
    let overdue = |date: &str| {
        let (out, err, code) = stdout_of(
            &[
                "--workspace",
                ws,
                "overdue",
                "--as-of",
                date,
                "--format",
                "csv",
            ],
            None,
        );
        assert_eq!(code, 0, "{date}: {err}");
        out
    };
    let expected = overdue("2022-07-31");
    for date in ["2022年7月31日", "2022/7/31", "20220731"] {
        assert_eq!(overdue(date), expected, "{date}");
    }
}

#[test]
fn seven_workdays_skip_national_day_2026_and_a_year_without_holidays_is_a_finding() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = full_csv(
        dir.path(),
        "台账.csv",
        &[
            "1,甲店,应急办,张三,通道堵塞,,7个工作日内,一般,2026-09-28,,,,,13812345678",
            "2,乙店,应急办,张三,灭火器过期,,7个工作日内,一般,2026-12-28,,,,,13812345678",
        ],
    );
    let out = ledger(dir.path())
        .args([
            "check",
            path.to_str().unwrap(),
            "--as-of",
            "2026-12-31",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let records = v["files"][0]["records"].as_array().unwrap();
    assert_eq!(
        records[0]["deadline"], "2026-10-13",
        "National Day and the 10-10 make-up day"
    );
    let findings: Vec<(u64, String)> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "holidays-unknown")
        .map(|f| {
            (
                f["row"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].1.contains("2027年"), "{findings:?}");
}

#[test]
fn completions_generate_for_each_shell() {
    for (shell, words) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef ledger"),
        ("fish", "complete -c ledger"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (out, err, code) = stdout_of(&["completions", shell], None);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(
            out.contains(words) && out.contains("overdue"),
            "{shell}:\n{out}"
        );
    }
}

#[test]
fn the_man_page_is_roff_in_the_chosen_language() {
    let (out, _, code) = stdout_of(&["man"], None);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH ledger"),
        "{out}"
    );
    assert!(out.contains("整改台账") && out.contains("overdue"), "{out}");
    let dir = tempfile::TempDir::new().unwrap();
    let pages = dir.path().join("man");
    let (_, err, code) = stdout_of(&["man", "--dir", pages.to_str().unwrap()], Some("en"));
    assert_eq!(code, 0, "{err}");
    assert!(pages.join("ledger.1").exists() && pages.join("ledger-import.1").exists());
}
