//! Fixture builders shared by the integration tests: ledgers are written in
//! the test, as real clerks' files look, rather than committed as binaries.

use assert_cmd::Command;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::path::{Path, PathBuf};

/// The Annex 3 header as the seed prints it, line breaks included.
pub const ANNEX3: [&str; 11] = [
    "序号",
    "单位\n\n名称",
    "单位\n\n地址",
    "单位\n负责人",
    "联系电话",
    "责任\n单位",
    "责任人",
    "问题隐患",
    "整改措施及情况",
    "整改\n时限",
    "备注",
];

/// The `ledger` binary with a clean environment: no workspace from the
/// caller's shell, Chinese messages, no colour.
pub fn ledger(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ledger").expect("binary built");
    cmd.current_dir(dir)
        .env_remove("LEDGER_DIR")
        .env_remove("LEDGER_LANG")
        .env("NO_COLOR", "1");
    cmd
}

/// A cell of a fixture sheet.
#[derive(Clone, Copy)]
pub enum C<'a> {
    T(&'a str),
    N(f64),
    D(u16, u8, u8),
    E,
}

impl<'a> From<&'a str> for C<'a> {
    fn from(s: &'a str) -> Self {
        if s.is_empty() { C::E } else { C::T(s) }
    }
}

/// Writes `rows` from `first_row` down, strings by default.
pub fn write_rows(ws: &mut Worksheet, first_row: u32, rows: &[Vec<C<'_>>]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (first_row + r as u32, c as u16);
            match *cell {
                C::T(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, n).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                C::E => {}
            }
        }
    }
}

/// Text rows as fixture cells.
pub fn text_rows(rows: &[&[&str]]) -> Vec<Vec<C<'static>>> {
    rows.iter()
        .map(|r| r.iter().map(|s| C::from(leak(s))).collect())
        .collect()
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// A one-sheet xlsx: a merged title row, the Annex 3 header, then `rows`.
pub fn annex3_xlsx(path: &Path, sheet: &str, rows: &[&[&str]]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(sheet).unwrap();
    ws.merge_range(0, 0, 0, 10, "磁器口安全生产大检查台账", &Format::new())
        .unwrap();
    write_rows(ws, 1, &text_rows(&[&ANNEX3]));
    write_rows(ws, 2, &text_rows(rows));
    wb.save(path).unwrap();
    path.to_path_buf()
}

/// CSV text in GB18030, as Excel on Chinese Windows saves it.
pub fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// CSV lines with the Annex 3 header (one line, no breaks) and `rows`.
pub fn annex3_csv(rows: &[&str]) -> String {
    let mut s = String::from(
        "序号,单位名称,单位地址,单位负责人,联系电话,责任单位,责任人,问题隐患,整改措施及情况,整改时限,备注\n",
    );
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

/// Parses stdout as JSON.
pub fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

/// A fresh workspace made by `ledger init` in a temporary folder.
pub fn workspace() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let out = ledger(dir.path())
        .args(["init", "--name", "测试街道"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// Every file under `dir/store` with its bytes, for byte-for-byte comparison.
pub fn store_snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("store"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The header of a ledger with every optional column the tests need.
pub const FULL_HEADER: &str = "序号,单位名称,责任单位,责任人,问题隐患,整改措施及情况,整改时限,隐患等级,发现日期,延期时限,延期审批,约谈日期,完成日期,联系电话";

/// Writes a UTF-8 CSV ledger with [`FULL_HEADER`] and `rows` into `dir/name`.
pub fn full_csv(dir: &Path, name: &str, rows: &[&str]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{FULL_HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

/// Runs a command and returns (stdout, stderr, exit code).
pub fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = ledger(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        out.status.code().unwrap(),
    )
}
