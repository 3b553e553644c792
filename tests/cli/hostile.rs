//! Files crafted to exhaust memory or hang a reader. Each is built here, at
//! test time, and `ledger check` runs on it under an address-space limit: it
//! must refuse the file cleanly (exit 2, the file named) and stay within the
//! bound, the larger of 1 GB and ten times the file plus 200 MB.
#![cfg(unix)]

use crate::common::*;
use flate2::{Compress, Compression, Crc, FlushCompress};
use std::path::{Path, PathBuf};

const MB: u64 = 1 << 20;

/// What a run of `ledger` gave: exit code, stdout and stderr together, and
/// the peak resident memory in bytes.
struct Run {
    code: i32,
    output: String,
    peak: u64,
}

/// Runs `ledger check FILE` in `dir` with its address space limited to 3 GB,
/// so that a runaway allocation fails at once rather than taking the machine.
// The child is reaped by `wait4`, which alone reports its own peak memory.
#[allow(clippy::zombie_processes)]
fn check_under_limit(dir: &Path, file: &Path) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ledger"));
    cmd.args(["check", file.to_str().unwrap()])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: between fork and exec only setrlimit, which is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 3 << 30,
                rlim_max: 3 << 30,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let (mut out, mut err) = (String::new(), String::new());
    use std::io::Read;
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let (status, peak) = wait_with_peak(child.id());
    Run {
        code: status,
        output: out + &err,
        peak,
    }
}

/// Waits for process `pid` and returns its exit code (128 + signal when
/// killed) and its own peak resident memory, which `wait4` reports per child.
fn wait_with_peak(pid: u32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for.
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid as libc::pid_t);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    (code, usage.ru_maxrss as u64 * 1024)
}

/// The issue's bound for a file of `size` bytes.
fn bound(size: u64) -> u64 {
    (1 << 30).max(10 * size + 200 * MB)
}

/// Asserts that `file` is refused cleanly, named, within the bound.
fn assert_refused_within_bound(file: &Path) -> Run {
    let ws = workspace();
    let run = check_under_limit(ws.path(), file);
    let name = file.file_name().unwrap().to_str().unwrap();
    assert_eq!(run.code, 2, "{name}: {}", run.output);
    assert!(
        run.output.contains(name) && run.output.contains("无法读取"),
        "{}",
        run.output
    );
    assert!(!run.output.contains("panicked"), "{}", run.output);
    let size = std::fs::metadata(file).unwrap().len();
    assert!(
        run.peak <= bound(size),
        "{name}: peak {} MB over the bound",
        run.peak / MB
    );
    run
}

/// One part of a hand-made zip: its name, deflated data, checksum and the
/// inflated size its headers declare.
struct Part {
    name: &'static str,
    deflated: Vec<u8>,
    crc: u32,
    declared: u32,
}

impl Part {
    /// A part that declares what it holds.
    fn honest(name: &'static str, text: &str) -> Part {
        let mut crc = Crc::new();
        crc.update(text.as_bytes());
        Part {
            name,
            deflated: deflate_repeated(text.as_bytes(), 1),
            crc: crc.sum(),
            declared: text.len() as u32,
        }
    }
}

/// `input` deflated as non-final blocks ending in a full flush, which forgets
/// the dictionary: such pieces can be joined, or one repeated, into a stream.
fn flushed(input: &[u8]) -> Vec<u8> {
    let mut z = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(input.len() + 64);
    z.compress_vec(input, &mut out, FlushCompress::Full)
        .unwrap();
    out
}

/// The final block that ends a stream of [`flushed`] pieces.
fn finish() -> Vec<u8> {
    let mut z = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(64);
    z.compress_vec(&[], &mut out, FlushCompress::Finish)
        .unwrap();
    out
}

/// `chunk` deflated `times` over in one raw deflate stream: a gigabyte of
/// text costs a megabyte to build.
fn deflate_repeated(chunk: &[u8], times: usize) -> Vec<u8> {
    let mut stream = flushed(chunk).repeat(times);
    stream.extend(finish());
    stream
}

/// A zip archive of `parts`, each deflated, headers written as the format
/// lays them out (local headers, central directory, end record).
fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let fields = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(8u16.to_le_bytes()); // deflate
            h.extend(0u32.to_le_bytes()); // time and date
            h.extend(p.crc.to_le_bytes());
            h.extend((p.deflated.len() as u32).to_le_bytes());
            h.extend(p.declared.to_le_bytes());
            h.extend((p.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra field
            h
        };
        out.extend(fields(0x0403_4b50, false));
        out.extend(p.name.as_bytes());
        out.extend(&p.deflated);
        central.extend(fields(0x0201_4b50, true));
        central.extend([0u8; 6]); // comment, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(p.name.as_bytes());
    }
    let (at, len) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend(len.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const WORKBOOK: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const PACKAGE_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const CONTENT_TYPES: &str = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A ledger sheet's XML: a header, one hazard, then `extra` inside
/// `sheetData`. It claims the whole grid, as a hostile file would.
fn sheet_xml(extra: &str) -> String {
    let header: String = ["序号", "单位名称", "问题隐患", "整改时限"]
        .iter()
        .zip(["A1", "B1", "C1", "D1"])
        .map(|(text, cell)| inline(cell, text))
        .collect();
    let hazard = [
        inline("A2", "1"),
        inline("B2", "张记小吃"),
        inline("C2", "灭火器过期"),
        inline("D2", "2022-07-31"),
    ]
    .concat();
    format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1">{header}</row><row r="2">{hazard}</row>{extra}</sheetData></worksheet>"#
    )
}

/// The package parts around a sheet.
fn package(sheet: Part) -> Vec<u8> {
    zip(&[
        Part::honest("[Content_Types].xml", CONTENT_TYPES),
        Part::honest("_rels/.rels", PACKAGE_RELS),
        Part::honest("xl/workbook.xml", WORKBOOK),
        Part::honest("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        sheet,
    ])
}

/// An xlsx whose sheet holds the ledger and one more cell `text` at `cell`.
fn xlsx_with_cell(dir: &Path, name: &str, cell: &str) -> PathBuf {
    let row: String = cell.chars().filter(char::is_ascii_digit).collect();
    let extra = format!(r#"<row r="{row}">{}</row>"#, inline(cell, "x"));
    let path = dir.join(name);
    let sheet = Part::honest("xl/worksheets/sheet1.xml", &sheet_xml(&extra));
    std::fs::write(&path, package(sheet)).unwrap();
    path
}

#[test]
fn a_cell_past_the_last_row_of_a_sheet_is_refused_without_allocating_the_rows() {
    let dir = tempfile::TempDir::new().unwrap();
    for (name, cell) in [
        ("最后一行之后.xlsx", "A1048577"),
        ("第一亿行.xlsx", "A99999999"),
        ("第四十亿行.xlsx", "A4294967295"),
    ] {
        let run = assert_refused_within_bound(&xlsx_with_cell(dir.path(), name, cell));
        assert!(run.output.contains("行有内容"), "{}", run.output);
        assert!(run.peak < 200 * MB, "{name}: {} MB", run.peak / MB);
    }
}

#[test]
fn a_cell_on_the_last_row_is_read_and_costs_only_what_the_rows_hold() {
    let dir = tempfile::TempDir::new().unwrap();
    let ws = workspace();
    for cell in ["A1048576", "AMJ1048576"] {
        let file = xlsx_with_cell(dir.path(), &format!("{cell}.xlsx"), cell);
        let run = check_under_limit(ws.path(), &file);
        assert_ne!(run.code, 2, "{}", run.output);
        assert!(!run.output.contains("无法读取"), "{}", run.output);
        assert!(run.peak < 200 * MB, "{cell}: {} MB", run.peak / MB);
    }
}

#[test]
fn a_cell_far_to_the_right_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    let run = assert_refused_within_bound(&xlsx_with_cell(dir.path(), "最右列.xlsx", "XFD3"));
    assert!(run.output.contains("XFD"), "{}", run.output);
}

#[test]
fn a_sheet_that_inflates_past_its_declared_size_is_refused_before_it_is_held() {
    let dir = tempfile::TempDir::new().unwrap();
    // A gigabyte of blanks in a comment after the ledger, declared as 100 MB:
    // one XML item, which a parser would hold whole.
    let xml = sheet_xml("");
    let (head, tail) = xml.split_at(xml.find("</sheetData>").unwrap());
    let mut sheet = flushed(format!("{head}<!--").as_bytes());
    sheet.extend(flushed(&vec![b' '; MB as usize]).repeat(1024));
    sheet.extend(flushed(format!("-->{tail}").as_bytes()));
    sheet.extend(finish());
    let path = dir.path().join("谎报大小.xlsx");
    let part = Part {
        name: "xl/worksheets/sheet1.xml",
        deflated: sheet,
        crc: 0,
        declared: 100 << 20,
    };
    std::fs::write(&path, package(part)).unwrap();
    let run = assert_refused_within_bound(&path);
    assert!(
        run.output.contains("xl/worksheets/sheet1.xml") && run.output.contains("16 MB"),
        "{}",
        run.output
    );
    assert!(run.peak < 300 * MB, "{} MB", run.peak / MB);
}

#[test]
fn an_xls_whose_workbook_stream_has_a_nameless_entry_is_still_checked() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/xls-cell-beyond-grid.xls");
    let mut bytes = std::fs::read(fixture).unwrap();
    let name: Vec<u8> = "Workbook"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let at = bytes.windows(name.len()).position(|w| w == name).unwrap();
    bytes[at + 64..at + 66].copy_from_slice(&[0, 0]);
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("无名工作簿流.xls");
    std::fs::write(&path, bytes).unwrap();
    let run = assert_refused_within_bound(&path);
    assert!(run.peak < 200 * MB, "{} MB", run.peak / MB);
}

#[test]
fn a_pipe_named_like_a_ledger_is_refused_at_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("6月台账.csv");
    let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let run = assert_refused_within_bound(&path);
    assert!(run.output.contains("不是普通文件"), "{}", run.output);
    let (_, err, code) = run_import(&path);
    assert_eq!(code, 2);
    assert!(
        err.contains("6月台账.csv") && err.contains("不是普通文件"),
        "{err}"
    );
}

#[test]
fn every_input_the_fuzzers_found_is_refused_within_the_bound() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    assert!(found.len() >= 4);
    for file in found {
        let run = assert_refused_within_bound(&file);
        assert!(
            run.peak < 300 * MB,
            "{}: {} MB",
            file.display(),
            run.peak / MB
        );
    }
}

fn run_import(path: &Path) -> (String, String, i32) {
    let ws = workspace();
    run(ws.path(), &["import", path.to_str().unwrap()])
}
