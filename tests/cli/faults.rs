//! Trustworthy under faults and hostile input: killed processes, concurrent
//! writers, a full disk, a read-only workspace, zip bombs, far-out cells,
//! and values that would run as formulas.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A CSV ledger of `rows` hazards; `offset` shifts the units so that two
/// files overlap or not, and `state` is written into the measures.
fn ledger_file(dir: &Path, name: &str, rows: usize, offset: usize, state: &str) -> PathBuf {
    let lines: Vec<String> = (0..rows)
        .map(|i| {
            let n = i + offset;
            format!("{n},单位{n},应急办,赵家平,隐患{n},{state},2022-07-{:02},一般,2022-07-01,,,,,1381234{:04}", 1 + n % 28, n % 10000)
        })
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    full_csv(dir, name, &refs)
}

fn list(dir: &Path) -> Value {
    let (out, err, code) = run(dir, &["list", "--format", "json"]);
    assert_eq!(code, 0, "the store must stay loadable: {err}");
    json(out.as_bytes())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("ledger"))
        .args(args)
        .current_dir(dir)
        .env_remove("LEDGER_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Deterministic kill times spread over a run of `span`.
fn kill_times(span: Duration, n: u32) -> impl Iterator<Item = Duration> {
    let mut x: u64 = 0x9E37_79B9;
    (0..n).map(move |_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        span.mul_f64((x % 1000) as f64 / 1000.0)
    })
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_state_before_or_after_and_the_next_import_proceeds() {
    let base = workspace();
    ledger_file(base.path(), "june.csv", 1500, 0, "已责令整改");
    assert_eq!(
        run(
            base.path(),
            &["import", "june.csv", "--as-of", "2022-07-05"]
        )
        .2,
        0
    );
    let july = ledger_file(base.path(), "july.csv", 3000, 1000, "整改完毕");
    let before = list(base.path());

    let finished = tempfile::TempDir::new().unwrap();
    copy_dir(base.path(), finished.path());
    let started = Instant::now();
    assert_eq!(
        run(
            finished.path(),
            &["import", july.to_str().unwrap(), "--as-of", "2022-07-31"]
        )
        .2,
        0
    );
    let span = started.elapsed();
    let after = list(finished.path());
    assert_ne!(before, after);

    let (mut saw_before, mut saw_after) = (0, 0);
    for wait in kill_times(span, 16) {
        let ws = tempfile::TempDir::new().unwrap();
        copy_dir(base.path(), ws.path());
        let mut child = spawn(
            ws.path(),
            &["import", july.to_str().unwrap(), "--as-of", "2022-07-31"],
        );
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        let state = list(ws.path());
        if state == before {
            saw_before += 1;
        } else {
            assert_eq!(
                state, after,
                "killed after {wait:?}: neither before nor after"
            );
            saw_after += 1;
        }
        let (_, err, code) = run(
            ws.path(),
            &["import", july.to_str().unwrap(), "--as-of", "2022-07-31"],
        );
        assert_eq!(code, 0, "the next import proceeds: {err}");
        assert_eq!(list(ws.path()), after);
        let mut files: Vec<String> = std::fs::read_dir(ws.path().join("store"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(
            files,
            ["ledger.db"],
            "no temporary or orphaned files remain"
        );
    }
    assert!(saw_before > 0, "some kills landed before the commit");
    eprintln!("killed imports: {saw_before} left the state before, {saw_after} after");
}

#[test]
fn an_export_or_report_killed_at_any_moment_leaves_no_file_or_a_whole_one() {
    let ws = workspace();
    ledger_file(ws.path(), "f.csv", 3000, 0, "正在整改");
    run(ws.path(), &["import", "f.csv", "--as-of", "2022-07-31"]);
    let started = Instant::now();
    run(ws.path(), &["export", "-o", "probe.xlsx"]);
    let span = started.elapsed();
    for (i, wait) in kill_times(span, 8).enumerate() {
        let (out, args): (String, Vec<String>) = if i % 2 == 0 {
            (
                format!("e{i}.xlsx"),
                vec!["export".into(), "-o".into(), format!("e{i}.xlsx")],
            )
        } else {
            (
                format!("r{i}.xlsx"),
                vec![
                    "report".into(),
                    "--month".into(),
                    "2022-07".into(),
                    "-o".into(),
                    format!("r{i}.xlsx"),
                ],
            )
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = spawn(ws.path(), &args);
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        let path = ws.path().join(&out);
        if path.exists() {
            let book: Result<calamine::Xlsx<_>, _> = calamine::open_workbook(&path);
            assert!(book.is_ok(), "{out} exists but is not a whole workbook");
        }
    }
}

#[test]
fn two_imports_at_once_never_corrupt_the_store_one_waits_for_the_other() {
    let ws = workspace();
    let a = ledger_file(ws.path(), "a.csv", 800, 0, "");
    let b = ledger_file(ws.path(), "b.csv", 800, 5000, "");
    let mut first = spawn(ws.path(), &["import", a.to_str().unwrap()]);
    let mut second = spawn(ws.path(), &["import", b.to_str().unwrap()]);
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    let records = list(ws.path());
    assert_eq!(records.as_array().unwrap().len(), 1600);
    let mut ids: Vec<&str> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1600, "every id distinct");
}

#[test]
fn a_lock_left_by_a_killed_process_does_not_block_the_next_writer() {
    let ws = workspace();
    let f = ledger_file(ws.path(), "f.csv", 3000, 0, "");
    let mut child = spawn(ws.path(), &["import", f.to_str().unwrap()]);
    std::thread::sleep(Duration::from_millis(30));
    let _ = child.kill();
    let _ = child.wait();
    let started = Instant::now();
    let out = ledger(ws.path())
        .env("LEDGER_LOCK_TIMEOUT", "1")
        .args(["import", "f.csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[cfg(unix)]
#[test]
fn a_full_disk_gives_a_clear_error_and_leaves_the_previous_state_intact() {
    use std::os::unix::process::CommandExt;
    let ws = workspace();
    ledger_file(ws.path(), "small.csv", 10, 0, "");
    run(ws.path(), &["import", "small.csv", "--as-of", "2022-07-01"]);
    ledger_file(ws.path(), "big.csv", 4000, 100, "");
    let before = store_snapshot(ws.path());
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ledger"));
    cmd.args(["import", "big.csv", "--as-of", "2022-07-31"])
        .current_dir(ws.path())
        .env("NO_COLOR", "1");
    // SAFETY: between fork and exec only async-signal-safe calls: a file
    // size limit of 200 KB, as a nearly full disk would give, with SIGXFSZ
    // ignored so that the write fails instead of killing the process.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 200 << 10,
                rlim_max: 200 << 10,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("无法写入") && err.contains("台账库保持原样") && err.contains("ledger.db"),
        "the file that could not be written is named: {err}"
    );
    assert_eq!(
        store_snapshot(ws.path()),
        before,
        "byte-identical, no temporary files"
    );
}

/// `ledger ARGS` in `dir` with files limited to `bytes`, as a nearly full
/// disk would leave room for.
#[cfg(unix)]
fn run_with_file_limit(dir: &Path, args: &[&str], bytes: u64) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ledger"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    // SAFETY: between fork and exec only async-signal-safe calls, with
    // SIGXFSZ ignored so that the write fails instead of killing the process.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap(), err)
}

#[cfg(unix)]
#[test]
fn an_output_file_that_cannot_be_written_is_named_and_leaves_nothing_behind() {
    let ws = workspace();
    ledger_file(ws.path(), "f.csv", 10, 0, "");
    run(ws.path(), &["import", "f.csv", "--as-of", "2022-07-31"]);
    let before: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let (code, err) = run_with_file_limit(
        ws.path(),
        &["report", "--month", "2022-07", "-o", "7月月报.xlsx"],
        4 << 10,
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("7月月报.xlsx") && err.contains("磁盘空间不足") && err.contains("保持原样"),
        "{err}"
    );
    let after: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(after, before, "no report and no temporary file");
    let (code, err) = run_with_file_limit(
        ws.path(),
        &["--lang", "en", "export", "-o", "out.csv"],
        1 << 10,
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("out.csv")
            && err.contains("the disk is full")
            && err.contains("left as it was"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_workspace_can_be_read_and_refuses_writes_clearly() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!(
            "skipped: permissions do not bind root; run as another user to test read-only workspaces"
        );
        return;
    }
    let ws = workspace();
    ledger_file(ws.path(), "f.csv", 10, 0, "");
    run(ws.path(), &["import", "f.csv", "--as-of", "2022-07-01"]);
    let before = store_snapshot(ws.path());
    let lock_down = |mode| {
        for dir in [ws.path().join("store"), ws.path().to_path_buf()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    lock_down(0o555);
    let records = list(ws.path());
    let (_, err, code) = run(ws.path(), &["import", "f.csv", "--as-of", "2022-08-01"]);
    lock_down(0o755);
    assert_eq!(records.as_array().unwrap().len(), 10);
    assert_eq!(code, 2);
    assert!(err.contains("没有写入权限"), "{err}");
    assert_eq!(store_snapshot(ws.path()), before);
}

/// A zip with one highly compressible part, dressed as an xlsx.
fn zip_bomb(path: &Path) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_zip_bomb_is_refused_quickly_naming_the_file() {
    let dir = workspace();
    zip_bomb(&dir.path().join("炸弹.xlsx"));
    assert!(
        std::fs::metadata(dir.path().join("炸弹.xlsx"))
            .unwrap()
            .len()
            < 1 << 20
    );
    let before = store_snapshot(dir.path());
    let started = Instant::now();
    let (out, _, code) = run(dir.path(), &["check", "炸弹.xlsx", "--format", "json"]);
    assert_eq!(code, 2);
    let v = json(out.as_bytes());
    assert_eq!(v["files"][0]["status"], "unreadable");
    assert!(
        v["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("压缩炸弹"),
        "{v}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let (_, err, code) = run(dir.path(), &["import", "炸弹.xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("炸弹.xlsx"), "{err}");
    assert_eq!(store_snapshot(dir.path()), before);
}

#[test]
fn a_sheet_with_cells_far_to_the_right_is_refused_not_allocated() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("wide.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("台账").unwrap();
    write_rows(ws, 0, &text_rows(&[&ANNEX3]));
    ws.write_string(5000, 16_000, "x").unwrap();
    wb.save(&path).unwrap();
    let (out, _, code) = run(
        dir.path(),
        &["check", "wide.xlsx", "--format", "json", "--lang", "en"],
    );
    assert_eq!(code, 2);
    let error = json(out.as_bytes())["files"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        error.contains("sheet '台账'") && error.contains("column 16001"),
        "{error}"
    );
}

#[test]
fn formula_like_values_round_trip_through_a_csv_export_unchanged() {
    let ws = workspace();
    full_csv(
        ws.path(),
        "f.csv",
        &[
            "1,=1+1,应急办,赵家平,@cmd,-5度以下,2022-07-20,一般,2022-07-01,,,,,",
            "2,'=1+1,应急办,赵家平,'引号开头,+86 电话,2022-07-20,一般,2022-07-01,,,,,",
            "3,'',应急办,赵家平,',''=x,2022-07-20,一般,2022-07-01,,,,,",
        ],
    );
    run(ws.path(), &["import", "f.csv", "--as-of", "2022-07-31"]);
    run(ws.path(), &["export", "-o", "e.csv"]);
    let text = std::fs::read_to_string(ws.path().join("e.csv")).unwrap();
    assert!(
        text.contains("'=1+1") && text.contains("'@cmd") && text.contains("'-5度以下"),
        "{text}"
    );
    let before = store_snapshot(ws.path());
    let (out, _, _) = run(ws.path(), &["import", "e.csv"]);
    assert!(out.contains("更新 0"), "{out}");
    assert_eq!(store_snapshot(ws.path()), before);
    let records = list(ws.path());
    let fields = |i: usize| {
        let r = &records[i];
        [&r["unit"], &r["hazard"], &r["measures"]].map(|v| v.as_str().unwrap().to_string())
    };
    assert_eq!(fields(0), ["=1+1", "@cmd", "-5度以下"]);
    assert_eq!(fields(1), ["'=1+1", "'引号开头", "+86 电话"]);
    assert_eq!(fields(2), ["''", "'", "''=x"]);
}

#[test]
fn a_redacted_export_masks_and_importing_it_back_never_overwrites_the_real_values() {
    let ws = workspace();
    std::fs::write(
        ws.path().join("f.csv"),
        "序号,单位名称,单位负责人,联系电话,责任单位,责任人,问题隐患,整改时限,发现日期\n1,甲店,陈小明,13812345678,应急办,赵家平,插座老化,2022-07-20,2022-07-01\n",
    )
    .unwrap();
    run(ws.path(), &["import", "f.csv", "--as-of", "2022-07-31"]);
    run(ws.path(), &["export", "-o", "masked.csv", "--redact"]);
    let text = std::fs::read_to_string(ws.path().join("masked.csv")).unwrap();
    assert!(
        text.contains("138****5678") && text.contains("陈**") && !text.contains("13812345678"),
        "{text}"
    );
    let (out, _, _) = run(ws.path(), &["import", "masked.csv"]);
    assert!(out.contains("更新 0"), "{out}");
    let r = &list(ws.path())[0];
    assert_eq!(
        (r["phone"].as_str(), r["unit_head"].as_str()),
        (Some("13812345678"), Some("陈小明"))
    );
}

/// Every hazard and history row as text, read straight from the database.
fn rows(ws: &Path) -> Option<Vec<String>> {
    let db = rusqlite::Connection::open_with_flags(
        ws.join("store/ledger.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
    )
    .ok()?;
    let mut all = Vec::new();
    for sql in [
        "SELECT * FROM hazards ORDER BY pos",
        "SELECT * FROM history ORDER BY seq",
    ] {
        let mut stmt = db.prepare(sql).ok()?;
        let n = stmt.column_count();
        let mut q = stmt.query([]).ok()?;
        while let Some(r) = q.next().ok()? {
            let cells: Vec<String> = (0..n)
                .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<Result<_, _>>()
                .ok()?;
            all.push(cells.join("|"));
        }
    }
    Some(all)
}

/// A store of 40 hazards, half of them updated by a second import.
fn damage_base() -> tempfile::TempDir {
    let ws = workspace();
    ledger_file(ws.path(), "june.csv", 40, 0, "已责令整改");
    ledger_file(ws.path(), "july.csv", 20, 0, "整改完毕");
    for (file, day) in [("june.csv", "2022-06-30"), ("july.csv", "2022-07-31")] {
        let (_, err, code) = run(ws.path(), &["import", file, "--as-of", day]);
        assert_eq!(code, 0, "{err}");
    }
    ws
}

fn flipped(base: &Path, at: usize, mask: u8) -> tempfile::TempDir {
    let ws = tempfile::TempDir::new().unwrap();
    copy_dir(base, ws.path());
    let db = ws.path().join("store/ledger.db");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[at] ^= mask;
    std::fs::write(&db, bytes).unwrap();
    ws
}

#[test]
fn a_byte_changed_in_any_hazard_or_history_row_is_found_and_named() {
    let base = damage_base();
    let bytes = std::fs::read(base.path().join("store/ledger.db")).unwrap();
    // Units and 隐患 texts are in hazard rows, file names in hazard and
    // history rows, operations in history rows.
    let mut texts: Vec<String> = ["july.csv", "update", "insert"].map(String::from).to_vec();
    for n in [0, 7, 19, 33] {
        texts.push(format!("单位{n}"));
        texts.push(format!("隐患{n}"));
    }
    // Every place each text is stored; none is the start of another (no 单位70).
    let mut targets: Vec<(String, usize)> = Vec::new();
    for text in texts {
        let needle = text.as_bytes();
        let hits: Vec<usize> = bytes
            .windows(needle.len())
            .enumerate()
            .filter(|(_, w)| *w == needle)
            .map(|(i, _)| i + needle.len() - 1)
            .collect();
        assert!(!hits.is_empty(), "{text} is in the file");
        targets.extend(hits.into_iter().map(|at| (text.clone(), at)));
    }
    let original = rows(base.path()).unwrap();
    let mut named = std::collections::BTreeSet::new();
    for (what, at) in &targets {
        let ws = flipped(base.path(), *at, 0x01);
        let (out, err, code) = run(ws.path(), &["verify"]);
        if code == 0 {
            // A copy a rewritten row left in free space: no row changed.
            assert_eq!(rows(ws.path()).as_ref(), Some(&original), "{what} at {at}");
            continue;
        }
        assert_eq!(code, 1, "{what} at {at}: {out}{err}");
        assert!(
            out.contains("YH-2022-") || out.contains("损坏"),
            "{what} at {at}: names the damage: {out}"
        );
        named.insert(what.clone());
        let (_, err, code) = run(ws.path(), &["import", "july.csv", "--as-of", "2022-08-31"]);
        if code == 0 {
            // Only a row the import neither touched nor checked: the damage
            // must then still be found, never committed as a change.
            let (_, _, again) = run(ws.path(), &["verify"]);
            assert_eq!(again, 1, "{what} at {at}");
        } else {
            assert!(
                err.contains("verify") || err.contains("损坏"),
                "{what}: {err}"
            );
        }
    }
    let all: std::collections::BTreeSet<String> = targets.into_iter().map(|(w, _)| w).collect();
    assert_eq!(named, all, "every row's change was found");
}

#[test]
fn a_flipped_byte_anywhere_is_found_or_changes_no_row() {
    let base = damage_base();
    let original = rows(base.path()).unwrap();
    let len = std::fs::metadata(base.path().join("store/ledger.db"))
        .unwrap()
        .len() as usize;
    let mut x: u64 = 0x2545_F491;
    let (mut found, mut harmless) = (0, 0);
    for _ in 0..40 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let ws = flipped(base.path(), (x as usize) % len, 1 << (x % 8));
        let (out, err, code) = run(ws.path(), &["verify"]);
        if code == 1 {
            found += 1;
        } else {
            assert_eq!(code, 0, "{out}{err}");
            assert_eq!(
                rows(ws.path()).as_ref(),
                Some(&original),
                "silently changed: {out}"
            );
            harmless += 1;
        }
    }
    eprintln!("flips: {found} found, {harmless} in unused bytes");
    assert!(found > 0);
}

#[test]
fn a_history_cut_by_hand_is_found_and_the_next_import_refuses_to_write() {
    let base = damage_base();
    let db = base.path().join("store/ledger.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let e = conn
            .execute(
                "DELETE FROM history WHERE seq = (SELECT MAX(seq) FROM history)",
                [],
            )
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        let e = conn
            .execute("UPDATE history SET file = 'x'", [])
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        conn.execute_batch(
            "DROP TRIGGER history_no_delete; DELETE FROM history WHERE seq = (SELECT MAX(seq) FROM history)",
        )
        .unwrap();
    }
    let (out, _, code) = run(base.path(), &["verify", "--lang", "en"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("history was cut"), "{out}");
    let before = std::fs::read(&db).unwrap();
    let (_, err, code) = run(
        base.path(),
        &["import", "june.csv", "--as-of", "2022-09-30"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("ledger.db") && err.contains("ledger verify"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
