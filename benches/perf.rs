//! The performance benchmark: `cargo bench --bench perf`.
//!
//! In one run it generates deterministic Annex 3 ledgers, measures the floor
//! (the bare cost of reading or writing every cell with the same crates) and
//! `ledger` on the same files, and prints each ratio against its target.
//! Every figure is the median of several runs. `ledger` runs as the real
//! binary, process start included.
//!
//! `LEDGER_BENCH_SCALE=0.1` shrinks every size tenfold for a quick look;
//! `LEDGER_BENCH_RUNS=3` takes fewer runs; `LEDGER_BENCH_BIN=PATH` measures
//! another build of `ledger` (an older one, for before-and-after figures;
//! `LEDGER_BENCH_SKIP_DISTRICT=1` leaves out the district's part, which a
//! build older than the district level cannot run).
//! `cargo bench --bench perf -- gen ROWS FILE.xlsx|FILE.csv` only writes a ledger;
//! `cargo bench --bench perf -- floor FILE` prints the seconds of its bare read;
//! `cargo bench --bench perf -- district` measures only the district's monthly
//! report (30 sub-districts × 5,000 hazards).

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary measured: this build, unless `LEDGER_BENCH_BIN` names another.
fn binary() -> String {
    std::env::var("LEDGER_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ledger").into())
}

/// Runs of each measurement; the medians are reported.
fn runs() -> usize {
    std::env::var("LEDGER_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(5)
}

// ---------------------------------------------------------------------------
// The generator

/// A small deterministic generator (xorshift64*), so every run and every
/// machine sees the same ledgers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const DEPTS: [&str; 12] = [
    "应急办",
    "市政办",
    "经发办",
    "建设办",
    "规建办",
    "文旅中心",
    "文服中心",
    "民政办",
    "党政办",
    "磁器口社区",
    "街道应急办",
    "应急管理办",
];
const OWNERS: [&str; 8] = [
    "赵家平",
    "崔恺",
    "程盈",
    "徐振荃",
    "何陵芸",
    "马敏",
    "冉凌",
    "刘洋",
];
const KINDS: [&str; 10] = [
    "餐馆",
    "茶馆",
    "民宿",
    "商贸有限公司",
    "仓库",
    "加油站",
    "超市",
    "五金店",
    "火锅店",
    "建材市场",
];
const HAZARDS: [&str; 10] = [
    "灭火器压力不足",
    "疏散通道堆放杂物",
    "电线私拉乱接",
    "燃气软管老化",
    "安全出口指示灯损坏",
    "消防栓被遮挡",
    "电动车楼道充电",
    "油烟管道积油",
    "配电箱未上锁",
    "液化气瓶未固定",
];
const OPEN_MEASURES: [&str; 4] = ["", "已责令整改", "正在整改", "部分整改"];
const DEADLINES: [&str; 8] = [
    "立即整改",
    "6月底",
    "15日内",
    "7个工作日内",
    "2022-07-15",
    "7月上旬",
    "一个月内",
    "2022年5月至党的二十大结束",
];
const REMARKS: [&str; 5] = ["", "", "重大隐患", "较大隐患", ""];

const HEADER: [&str; 13] = [
    "序号",
    "单位名称",
    "单位地址",
    "单位负责人",
    "联系电话",
    "责任单位",
    "责任人",
    "问题隐患",
    "整改措施及情况",
    "整改时限",
    "备注",
    "隐患等级",
    "发现日期",
];

/// One generated row: every hazard distinct (unit number and hazard), found
/// across 2022, mixed deadline phrases, all three levels. As in real ledgers
/// most hazards are rectified within weeks ("已于M月D日整改完毕"); about one in
/// ten is still open or under way.
fn row(n: usize, rng: &mut Rng) -> [String; 13] {
    let found = 1 + (rng.next() % 360) as u32;
    let date = chrono::NaiveDate::from_yo_opt(2022, found).expect("a day of 2022");
    let measures = if rng.next().is_multiple_of(10) {
        rng.pick(&OPEN_MEASURES).to_string()
    } else {
        let closed = date + chrono::Days::new(rng.next() % 30);
        format!(
            "已于{}月{}日整改完毕",
            chrono::Datelike::month(&closed),
            chrono::Datelike::day(&closed)
        )
    };
    let level = match rng.next() % 20 {
        0 => "重大",
        1..=3 => "较大",
        _ => "一般",
    };
    [
        (n + 1).to_string(),
        format!("磁器口{}{}号", rng.pick(&KINDS), n),
        format!("磁器口正街{}号", rng.next() % 500),
        format!(
            "{}{}",
            rng.pick(&["陈", "王", "李", "张", "刘"]),
            rng.pick(&["明", "红", "强", "芳", "伟"])
        ),
        format!("138{:08}", rng.next() % 100_000_000),
        rng.pick(&DEPTS).to_string(),
        rng.pick(&OWNERS).to_string(),
        format!("{}（第{}处）", rng.pick(&HAZARDS), n % 7 + 1),
        measures,
        rng.pick(&DEADLINES).to_string(),
        rng.pick(&REMARKS).to_string(),
        level.to_string(),
        date.format("%Y-%m-%d").to_string(),
    ]
}

/// A small monthly ledger for a store of `stored` generated hazards: the
/// first ten of them with new measures, and ten new hazards that no other
/// `run` shares.
fn small_ledger(stored: usize, run: usize, path: &Path) {
    let mut rng = Rng(0x5EED_1ED6_E200_0001);
    let mut w = csv::Writer::from_path(path).expect("create csv");
    w.write_record(HEADER).expect("write");
    for n in 0..10 {
        let mut r = row(n, &mut rng);
        r[8] = format!("第{}次复查：已整改完毕", run + 1);
        w.write_record(r).expect("write");
    }
    for n in 0..10 {
        w.write_record(row(stored + run * 10 + n, &mut rng))
            .expect("write");
    }
    w.flush().expect("flush");
}

/// Writes `rows` generated rows as xlsx (discovery dates as date cells) or CSV.
fn generate(rows: usize, path: &Path) {
    let mut rng = Rng(0x5EED_1ED6_E200_0001);
    if path.extension().is_some_and(|e| e == "csv") {
        let mut w = csv::Writer::from_path(path).expect("create csv");
        w.write_record(HEADER).expect("write");
        for n in 0..rows {
            w.write_record(row(n, &mut rng)).expect("write");
        }
        w.flush().expect("flush");
        return;
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账").expect("name");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    for n in 0..rows {
        let r = row(n, &mut rng);
        for (c, v) in r.iter().enumerate() {
            let at = (n as u32 + 1, c as u16);
            if c == 12 {
                let d = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").expect("date");
                let dt = ExcelDateTime::parse_from_str(&d.to_string()).expect("date");
                ws.write_datetime_with_format(at.0, at.1, &dt, &date)
                    .expect("write");
            } else if !v.is_empty() {
                ws.write_string(at.0, at.1, v).expect("write");
            }
        }
    }
    wb.save(path).expect("save");
}

// ---------------------------------------------------------------------------
// Floors: the bare cost of touching every cell with the same crates

fn floor_xlsx_read(path: &Path) -> usize {
    let mut book = open_workbook_auto(path).expect("open");
    let mut cells = 0;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        cells += range
            .used_cells()
            .filter(|(_, _, d)| !matches!(d, Data::Empty))
            .count();
    }
    cells
}

fn floor_csv_read(path: &Path) -> usize {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("open");
    let mut rec = csv::StringRecord::new();
    let mut fields = 0;
    while r.read_record(&mut rec).expect("read") {
        fields += rec.len();
    }
    fields
}

/// Writing the cells an export of `rows` hazards writes: 20 columns, four of
/// them dates, as rust_xlsxwriter writes them with no work of ours around.
fn floor_xlsx_write(rows: usize, path: &Path) {
    let mut rng = Rng(7);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let dt = ExcelDateTime::from_ymd(2022, 6, 30).expect("date");
    for n in 0..rows as u32 {
        let r = row(n as usize, &mut rng);
        for c in 0..20u16 {
            if matches!(c, 13 | 15 | 19) {
                ws.write_datetime_with_format(n + 1, c, &dt, &date)
                    .expect("write");
            } else {
                ws.write_string(n + 1, c, &r[c as usize % 13])
                    .expect("write");
            }
        }
    }
    wb.save(path).expect("save");
}

// ---------------------------------------------------------------------------
// Running ledger

/// The line for [`floor_sqlite_copy`] of the store in `ws`, against the
/// bare read of the file that filled it.
fn store_floor_line(work: &str, ws: &Path, root: &Path, read: Duration) -> Line {
    let copies: Vec<Duration> = (0..runs())
        .map(|_| floor_sqlite_copy(&ws.join("store/ledger.db"), root))
        .collect();
    let copy = median(copies);
    Line {
        work: work.to_string(),
        floor: secs(read),
        ledger: secs(copy),
        ratio: format!("{:.2}×", copy.as_secs_f64() / read.as_secs_f64()),
        target: "(the store's own floor)".into(),
        pass: true,
    }
}

/// How long SQLite itself takes to write what an import stored: the same
/// hazard and history rows copied by one INSERT … SELECT each into an empty
/// database with the store's tables, indexes, page size and journal, in one
/// transaction, then checkpointed, as an import commits. No import that keeps
/// those rows can cost less.
fn floor_sqlite_copy(stored: &Path, root: &Path) -> Duration {
    let copy = root.join("floor-copy.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    let source = rusqlite::Connection::open(stored).expect("the imported store");
    let page_size: i64 = source
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    let schema: Vec<String> = source
        .prepare(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL \
             AND (name IN ('hazards', 'history') OR (type = 'index' AND tbl_name IN ('hazards', 'history')))",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("schema");
    drop(source);
    let conn = rusqlite::Connection::open(&copy).expect("copy");
    conn.execute_batch(&format!(
        "PRAGMA page_size = {page_size}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
         PRAGMA cache_size = -65536"
    ))
    .expect("pragmas");
    let (tables, indexes): (Vec<&String>, Vec<&String>) = schema
        .iter()
        .partition(|sql| sql.starts_with("CREATE TABLE"));
    for sql in tables {
        conn.execute_batch(sql).expect("table");
    }
    let start = Instant::now();
    conn.execute("ATTACH ?1 AS stored", [stored.to_str().expect("utf-8")])
        .expect("attach");
    conn.execute_batch("BEGIN; INSERT INTO hazards SELECT * FROM stored.hazards; INSERT INTO history SELECT * FROM stored.history;")
        .expect("copy rows");
    for sql in indexes {
        conn.execute_batch(sql).expect("index");
    }
    conn.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("commit");
    start.elapsed()
}

/// Runs `ledger` and returns its wall time and peak resident memory (bytes,
/// where the platform reports it).
fn ledger(dir: &Path, args: &[&str]) -> (Duration, Option<u64>) {
    let start = Instant::now();
    let (ok, rss) = run_measured(dir, args);
    let elapsed = start.elapsed();
    assert!(ok, "ledger {args:?} failed");
    (elapsed, rss)
}

/// Runs `ledger` through a small process of this bench (`measure`), which
/// reports the child's peak memory: a child spawned straight from the bench
/// is charged the bench's own peak, since Linux carries the memory high-water
/// mark of the process that spawned it across `exec`.
#[cfg(unix)]
fn run_measured(dir: &Path, args: &[&str]) -> (bool, Option<u64>) {
    let out = Command::new(std::env::current_exe().expect("bench path"))
        .arg("measure")
        .arg(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .output()
        .expect("spawn the measuring process");
    let report = String::from_utf8_lossy(&out.stdout);
    let mut fields = report.split_whitespace();
    let ok = fields.next() == Some("ok");
    let rss = fields.next().and_then(|r| r.parse().ok());
    (ok && out.status.success(), rss)
}

#[cfg(not(unix))]
fn run_measured(dir: &Path, args: &[&str]) -> (bool, Option<u64>) {
    let status = Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn ledger");
    (status.code().is_some_and(|c| c <= 1), None)
}

/// `measure BIN ARGS…`: runs BIN and prints `ok|failed PEAK_BYTES`.
#[cfg(unix)]
fn measure(bin: &str, args: &[String]) {
    let child = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn ledger");
    let (ok, peak) = wait(child);
    let word = if ok { "ok" } else { "failed" };
    println!("{word} {peak}");
}

/// Waits for `child`, returning whether it succeeded and its peak resident memory.
#[cfg(unix)]
fn wait(child: std::process::Child) -> (bool, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    // Exit 1 is a finding (check reports the generated rule breaks), not a failure.
    let ok = waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1;
    (ok, usage.ru_maxrss as u64 * 1024)
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn fresh_workspace(root: &Path, name: &str) -> PathBuf {
    let ws = root.join(name);
    let _ = std::fs::remove_dir_all(&ws);
    ledger(root, &["init", ws.to_str().expect("utf-8 path")]);
    ws
}

/// Imports `file` into a fresh workspace `name` (each measurement its own,
/// so that a later one never replaces a store still to be measured): the
/// time, the peak memory, and the workspace.
fn import(
    root: &Path,
    name: &str,
    file: &Path,
    extra: &[&str],
) -> (Duration, Option<u64>, PathBuf) {
    let ws = fresh_workspace(root, name);
    let mut args = vec![
        "import",
        file.to_str().expect("utf-8"),
        "--as-of",
        "2022-12-31",
    ];
    args.extend_from_slice(extra);
    let (t, rss) = ledger(&ws, &args);
    (t, rss, ws)
}

/// Runs the floor and ledger's work alternately `runs` times and returns the
/// median of each. Alternating keeps a change in the machine's load (a shared
/// virtual machine drifts by a quarter within minutes) from falling on one
/// side of a ratio only.
fn paired<T>(
    runs: usize,
    mut floor: impl FnMut() -> T,
    mut ours: impl FnMut() -> Duration,
) -> (Duration, Runs) {
    let (mut floors, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(floor());
        floors.push(t.elapsed());
        theirs.push(ours());
    }
    (median(floors), Runs::of(theirs))
}

/// `ledger`'s times over the runs of a pairing: the median the target is
/// held to, and the spread around it. On a shared machine whose runs fall
/// into a fast and a slow mode, the spread shows which one the median
/// landed in.
struct Runs {
    median: Duration,
    fastest: Duration,
    slowest: Duration,
}

impl Runs {
    /// "0.622 s (0.60–0.65)", with `more` inside the brackets.
    fn cell(&self, more: &str) -> String {
        format!(
            "{} ({:.2}–{:.2}{more})",
            secs(self.median),
            self.fastest.as_secs_f64(),
            self.slowest.as_secs_f64()
        )
    }

    fn of(times: Vec<Duration>) -> Runs {
        let fastest = times.iter().min().copied().unwrap_or_default();
        let slowest = times.iter().max().copied().unwrap_or_default();
        Runs {
            median: median(times),
            fastest,
            slowest,
        }
    }
}

// ---------------------------------------------------------------------------

struct Line {
    work: String,
    floor: String,
    ledger: String,
    ratio: String,
    target: String,
    pass: bool,
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn ratio_line(work: String, floor: Duration, ours: &Runs, target: f64) -> Line {
    let r = ours.median.as_secs_f64() / floor.as_secs_f64();
    Line {
        work,
        floor: secs(floor),
        ledger: ours.cell(""),
        ratio: format!("{r:.2}×"),
        target: format!("≤ {target}×"),
        pass: r <= target,
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    #[cfg(unix)]
    if args.first().map(String::as_str) == Some("measure") {
        measure(&args[1], &args[2..]);
        return;
    }
    if args.first().map(String::as_str) == Some("floor") {
        // The bare read of one file, to set a ratio measured by hand beside
        // a run of `ledger`.
        let path = Path::new(&args[1]);
        let start = Instant::now();
        if path.extension().is_some_and(|e| e == "csv") {
            std::hint::black_box(floor_csv_read(path));
        } else {
            std::hint::black_box(floor_xlsx_read(path));
        }
        println!("{:.3}", start.elapsed().as_secs_f64());
        return;
    }
    if args.first().map(String::as_str) == Some("gen") {
        let rows = args[1].parse().expect("row count");
        generate(rows, Path::new(&args[2]));
        return;
    }
    let scale: f64 = std::env::var("LEDGER_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    if args.first().map(String::as_str) == Some("district") {
        let tmp = tempfile::TempDir::new().expect("temp dir");
        print_lines(&district(tmp.path(), scale));
        return;
    }
    let n = |rows: f64| ((rows * scale) as usize).max(100);
    let (big, huge, small) = (n(100_000.0), n(1_000_000.0), 1_000);
    let tmp = tempfile::TempDir::new().expect("temp dir");
    let root = tmp.path();
    let say = |s: &str| {
        eprintln!("{s}");
        let _ = std::io::stderr().flush();
    };
    let mut lines = Vec::new();

    say(&format!(
        "generating {big}-row xlsx, {huge}-row csv, {small}-row csv …"
    ));
    let (xlsx, csv, small_csv) = (
        root.join("big.xlsx"),
        root.join("huge.csv"),
        root.join("small.csv"),
    );
    generate(big, &xlsx);
    generate(huge, &csv);
    generate(small, &small_csv);

    say("xlsx: floor and import …");
    let mut ws_big = PathBuf::new();
    let (floor_read, import_big) = paired(
        runs(),
        || floor_xlsx_read(&xlsx),
        || {
            let (t, _, ws) = import(root, "ws-xlsx", &xlsx, &[]);
            ws_big = ws;
            t
        },
    );
    lines.push(ratio_line(
        format!("import {big}-row xlsx into an empty workspace"),
        floor_read,
        &import_big,
        2.0,
    ));
    lines.push(store_floor_line(
        &format!("SQLite alone writing the {big} hazards and history rows that import stored (vs xlsx read)"),
        &ws_big,
        root,
        floor_read,
    ));

    say("xlsx: re-import into the store that holds it …");
    let db = ws_big.join("store/ledger.db");
    let before = std::fs::read(&db).ok();
    let reimport_args = [
        "import",
        xlsx.to_str().expect("utf-8"),
        "--as-of",
        "2022-12-31",
    ];
    let (floor_read, reimport) = paired(
        runs(),
        || floor_xlsx_read(&xlsx),
        || ledger(&ws_big, &reimport_args).0,
    );
    let mut line = ratio_line(
        format!("re-import the {big}-row xlsx already imported (writes nothing)"),
        floor_read,
        &reimport,
        1.2,
    );
    let unchanged = before.is_some() && std::fs::read(&db).ok() == before;
    line.target = "≤ 1.2×, file unchanged".into();
    line.pass &= unchanged;
    if !unchanged {
        line.ledger.push_str(", the file changed");
    }
    lines.push(line);

    say("overdue --format csv …");
    let overdue_args = ["overdue", "--as-of", "2022-12-31", "--format", "csv"];
    let (floor_read, overdue) = paired(
        runs(),
        || floor_xlsx_read(&xlsx),
        || ledger(&ws_big, &overdue_args).0,
    );
    lines.push(ratio_line(
        format!("overdue --format csv on {big} hazards (vs xlsx read)"),
        floor_read,
        &overdue,
        0.5,
    ));

    say("export …");
    let (floor_write, export) = paired(
        runs(),
        || floor_xlsx_write(big, &root.join("floor.xlsx")),
        || ledger(&ws_big, &["export", "-o", "export.xlsx"]).0,
    );
    lines.push(ratio_line(
        format!("export -o {big} hazards to xlsx"),
        floor_write,
        &export,
        2.0,
    ));

    say("csv: floor and import …");
    let (mut peak, mut ws_huge) = (None, PathBuf::new());
    let (floor_csv, import_huge) = paired(
        runs(),
        || floor_csv_read(&csv),
        || {
            let (t, rss, ws) = import(root, "ws-csv", &csv, &[]);
            peak = peak.max(rss);
            ws_huge = ws;
            t
        },
    );
    let mut line = ratio_line(
        format!("import {huge}-row csv into an empty workspace"),
        floor_csv,
        &import_huge,
        8.0,
    );
    if let Some(peak) = peak {
        let gb = peak as f64 / 1e9;
        line.ledger = import_huge.cell(&format!(", peak {gb:.2} GB"));
        line.target = "≤ 8×, ≤ 1 GB".into();
        line.pass &= gb <= 1.0;
    }
    lines.push(line);

    say("csv: SQLite alone copying what the import stored …");
    lines.push(store_floor_line(
        &format!("SQLite alone writing the {huge} hazards and history rows that import stored (vs csv read)"),
        &ws_huge,
        root,
        floor_csv,
    ));

    say("show on the large store …");
    let mut show_peak = None;
    let show = Runs::of(
        (0..runs())
            .map(|_| {
                let (t, rss) = ledger(&ws_huge, &["show", "YH-2022-0001"]);
                show_peak = show_peak.max(rss);
                t
            })
            .collect(),
    );
    let mb = show_peak.map_or(0.0, |p| p as f64 / 1e6);
    lines.push(Line {
        work: format!("show ID on {huge} hazards"),
        floor: "—".into(),
        ledger: show.cell(&format!(", peak {mb:.0} MB")),
        ratio: "—".into(),
        target: "≤ 50 ms, ≤ 50 MB".into(),
        pass: show.median.as_millis() <= 50 && mb <= 50.0,
    });

    say("a 20-row ledger into the large store …");
    let small_imports = Runs::of(
        (0..runs())
            .map(|run| {
                let file = root.join(format!("month-{run}.csv"));
                small_ledger(huge, run, &file);
                let day = format!("2023-01-{:02}", run + 1);
                ledger(
                    &ws_huge,
                    &["import", file.to_str().expect("utf-8"), "--as-of", &day],
                )
                .0
            })
            .collect(),
    );
    lines.push(Line {
        work: format!("import a 20-row ledger (10 changed, 10 new) into {huge} hazards"),
        floor: "—".into(),
        ledger: small_imports.cell(""),
        ratio: "—".into(),
        target: "≤ 150 ms".into(),
        pass: small_imports.median.as_millis() <= 150,
    });

    say("overdue --format csv on the large store …");
    let overdue_huge = Runs::of(
        (0..runs())
            .map(|_| ledger(&ws_huge, &overdue_args).0)
            .collect(),
    );
    lines.push(Line {
        work: format!("overdue --format csv on {huge} hazards"),
        floor: "—".into(),
        ledger: overdue_huge.cell(""),
        ratio: "—".into(),
        target: "≤ 1.5 s".into(),
        pass: overdue_huge.median.as_secs_f64() <= 1.5,
    });

    // No target: the import without its commit, so that every run shows how
    // the time divides.
    say("csv: floor and import --dry-run …");
    let (floor_dry, dry_run) = paired(
        runs(),
        || floor_csv_read(&csv),
        || import(root, "ws-dry-run", &csv, &["--dry-run"]).0,
    );
    let dry_run_line = format!(
        "The same import with --dry-run (read, built and merged into the transaction, then rolled back): {} against a floor of {}, {:.2}×; the rest of the import's time is the commit (indexes, WAL, checkpoint).",
        dry_run.cell(""),
        secs(floor_dry),
        dry_run.median.as_secs_f64() / floor_dry.as_secs_f64()
    );

    say("report on the large store …");
    let report = median(
        (0..runs())
            .map(|_| ledger(&ws_huge, &["report", "--month", "2022-07", "-o", "r.xlsx"]).0)
            .collect(),
    );
    lines.push(Line {
        work: format!("report --month on {huge} hazards"),
        floor: "—".into(),
        ledger: secs(report),
        ratio: "—".into(),
        target: "≤ 3 s".into(),
        pass: report.as_secs_f64() <= 3.0,
    });

    say("commands on a 1,000-hazard store …");
    let (_, _, ws_small) = import(root, "ws-small", &small_csv, &[]);
    let small_file = small_csv.to_str().expect("utf-8");
    let commands: Vec<Vec<&str>> = vec![
        vec!["list", "--format", "json"],
        vec!["overdue", "--as-of", "2022-12-31"],
        vec!["show", "YH-2022-0001"],
        vec!["summary", "--month", "2022-07"],
        vec!["duties", "--month", "2022-07"],
        vec!["tasks", "--as-of", "2022-07-01"],
        vec!["report", "--month", "2022-07", "-o", "r.xlsx"],
        vec!["export", "-o", "e.xlsx"],
        vec!["check", small_file],
        vec!["import", small_file, "--as-of", "2022-12-31"],
    ];
    let mut slowest = (Duration::ZERO, String::new());
    for cmd in &commands {
        let t = median((0..runs()).map(|_| ledger(&ws_small, cmd).0).collect());
        if t > slowest.0 {
            slowest = (t, cmd[0].to_string());
        }
    }
    lines.push(Line {
        work: format!("slowest command on {small} hazards ({})", slowest.1),
        floor: "—".into(),
        ledger: secs(slowest.0),
        ratio: "—".into(),
        target: "≤ 50 ms".into(),
        pass: slowest.0.as_millis() <= 50,
    });

    // Builds from before the district level cannot run its part.
    if std::env::var_os("LEDGER_BENCH_SKIP_DISTRICT").is_none() {
        lines.extend(district(root, scale));
    }

    print_lines(&lines);
    println!();
    println!("{dry_run_line}");
    println!(
        "machine: {} cores; medians of {} runs (ledger's fastest–slowest in brackets), floor and ledger alternating; scale {scale}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        runs()
    );
}

fn print_lines(lines: &[Line]) {
    println!();
    println!("| work | floor | ledger | ratio | target | |");
    println!("|---|---|---|---|---|---|");
    for l in lines {
        let mark = if l.pass { "ok" } else { "MISSED" };
        println!(
            "| {} | {} | {} | {} | {} | {mark} |",
            l.work, l.floor, l.ledger, l.ratio, l.target
        );
    }
}

/// The district's month: 30 sub-districts (第1街道 … 第30街道) each send a
/// 5,000-hazard ledger naming itself in its title; all are imported into one
/// district workspace, whose monthly report is then measured.
fn district(root: &Path, scale: f64) -> Vec<Line> {
    const MEMBERS: usize = 30;
    let per = ((5_000.0 * scale) as usize).max(100);
    eprintln!("district: generating {MEMBERS} ledgers of {per} hazards …");
    let ws = root.join("district");
    let _ = std::fs::remove_dir_all(&ws);
    ledger(
        root,
        &[
            "init",
            ws.to_str().expect("utf-8 path"),
            "--district",
            "--name",
            "某区",
        ],
    );
    let mut tasks = String::from("[plan]\nname = \"安全生产大检查\"\nstart = 2022-01-01\n");
    let mut files = Vec::new();
    for m in 1..=MEMBERS {
        let name = format!("第{m}街道");
        tasks.push_str(&format!("\n[[members]]\nname = \"{name}\"\n"));
        let path = root.join(format!("{name}-台账.csv"));
        let mut rng = Rng(0x5EED_1ED6_E200_0001 ^ m as u64);
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(&path)
            .expect("create csv");
        w.write_record([format!("{name}安全生产大检查问题整改台账")])
            .expect("write");
        w.write_record(HEADER).expect("write");
        for n in 0..per {
            w.write_record(row(m * 1_000_000 + n, &mut rng))
                .expect("write");
        }
        w.flush().expect("flush");
        files.push(path.to_string_lossy().into_owned());
    }
    std::fs::write(ws.join("tasks.toml"), tasks).expect("tasks.toml");
    let mut args = vec!["import", "--as-of", "2022-12-31"];
    args.extend(files.iter().map(String::as_str));
    eprintln!("district: importing …");
    let (import, _) = ledger(&ws, &args);
    eprintln!("district: report --month 2022-07 …");
    let report = Runs::of(
        (0..runs())
            .map(|_| ledger(&ws, &["report", "--month", "2022-07", "-o", "r.xlsx"]).0)
            .collect(),
    );
    let total = MEMBERS * per;
    vec![
        Line {
            work: format!("district: import {MEMBERS} ledgers of {per} hazards"),
            floor: "—".into(),
            ledger: secs(import),
            ratio: "—".into(),
            target: "—".into(),
            pass: true,
        },
        Line {
            work: format!("district: report --month on {MEMBERS} × {per} = {total} hazards"),
            floor: "—".into(),
            ledger: report.cell(""),
            ratio: "—".into(),
            target: "≤ 3 s".into(),
            pass: report.median.as_secs_f64() <= 3.0,
        },
    ]
}
