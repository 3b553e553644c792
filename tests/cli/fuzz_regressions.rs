//! Files the fuzzers found that once crashed a reader or broke its memory
//! limit. Each is kept in `tests/fixtures/fuzz/` and must be reported as
//! unreadable (corrupt, or refused), naming the file, while the other files
//! of the same run are still read; `tests/hostile.rs` runs each under the
//! memory bound.

use crate::common::*;
use std::path::PathBuf;

fn crashers() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_crasher_is_an_unreadable_file_and_the_rest_of_the_run_goes_on() {
    let ws = workspace();
    let good = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yingji-2022-06.xlsx");
    let crashers = crashers();
    assert!(!crashers.is_empty(), "the regression corpus is missing");
    for crasher in crashers {
        let (out, err, code) = run(
            ws.path(),
            &[
                "check",
                "--format",
                "json",
                crasher.to_str().unwrap(),
                good.to_str().unwrap(),
            ],
        );
        assert_eq!(
            code,
            2,
            "{}: an unreadable file exits 2: {err}",
            crasher.display()
        );
        assert!(!err.contains("panicked"), "{}: {err}", crasher.display());
        let report = json(out.as_bytes());
        let files = report["files"].as_array().unwrap();
        assert_eq!(files[0]["status"], "unreadable", "{}", crasher.display());
        let error = files[0]["error"].as_str().unwrap();
        assert!(
            error.contains("损坏") || error.contains("拒绝读取"),
            "{}: {error}",
            crasher.display()
        );
        assert_eq!(files[1]["status"], "ok");
        assert_eq!(files[1]["records"].as_array().unwrap().len(), 10);
    }
}

#[test]
fn importing_a_crasher_changes_nothing() {
    let ws = workspace();
    let before = store_snapshot(ws.path());
    for crasher in crashers() {
        let (_, err, code) = run(ws.path(), &["import", crasher.to_str().unwrap()]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(crasher.file_name().unwrap().to_str().unwrap()),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(store_snapshot(ws.path()), before);
}
