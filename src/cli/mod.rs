//! The command line: global flags, subcommands, exit codes.
//!
//! Exit codes are a contract for scripts: 0 success; 1 the command ran and
//! found what it reports as a failure (errors in a ledger, `--fail-if-any`);
//! 2 it could not run (bad arguments, unreadable input, no workspace, lock
//! held). Data goes to stdout, messages to stderr.

mod check;
mod duties;
mod export;
mod import;
mod init;
mod list;
mod output;
mod overdue;
mod report;
mod show;
mod status;
mod summary;
mod tasks;
mod template;
mod verify;

pub use init::TASKS_TEMPLATE;

use crate::i18n::Lang;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ledger",
    version,
    about = "安全生产大检查问题整改台账工具 — the hazard rectification ledger of a sub-district work-safety office"
)]
pub struct Cli {
    /// Message language: zh (default) or en.
    #[arg(long, global = true, env = "LEDGER_LANG", default_value = "zh")]
    pub lang: Lang,
    /// The workspace folder (else LEDGER_DIR, else the nearest parent holding ledger.toml).
    #[arg(long, global = true, env = "LEDGER_DIR", value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Read ledger files and report what is wrong with them (no workspace needed).
    Check(check::Args),
    /// Create a workspace: ledger.toml, tasks.toml, a blank template and an empty store.
    Init(init::Args),
    /// Check ledger files and merge them into the workspace's store.
    Import(import::Args),
    /// List stored hazards.
    List(list::Args),
    /// Show one hazard and its history.
    Show(show::Args),
    /// What is overdue, and what falls due soon.
    Overdue(overdue::Args),
    /// The task division's tasks and their state; `tasks import` converts Annex 1/2 tables.
    Tasks(tasks::Args),
    /// The month's 2-2-2 duty of each official and checks of each department.
    Duties(duties::Args),
    /// The monthly submission workbook (汇总, 台账, 逾期, 重大隐患, 履职, 任务).
    Report(report::Args),
    /// The month's summary figures (the report's 汇总).
    Summary(summary::Args),
    /// A blank Annex 3 workbook for departments to fill in.
    Template(template::Args),
    /// The whole ledger for Excel, to edit and import again.
    Export(export::Args),
    /// Who has handed in the month's ledger, and who has not (未报送).
    Status(status::Args),
    /// Check the store for damage: the database file, every hazard's checksum and the history's hash chain.
    Verify(verify::Args),
}

/// Output formats of data commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// Output formats of commands whose output is a report rather than rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

/// Outcome of a command that ran.
pub enum Outcome {
    Ok,
    /// The command ran and reports a failure (exit 1).
    Failed,
    /// The command reported what it could, but some input could not be read (exit 2).
    Incomplete,
}

/// The period a report covers: exactly one of --month, --quarter, --year.
#[derive(clap::Args, Clone, Copy)]
#[group(required = true, multiple = false)]
pub struct PeriodArgs {
    /// A month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<crate::report::filter::Month>,
    /// A quarter (e.g. 2022Q3).
    #[arg(long, value_name = "YYYYQn", value_parser = crate::report::period::parse_quarter)]
    quarter: Option<crate::report::period::Period>,
    /// A year (e.g. 2022).
    #[arg(long, value_name = "YYYY", value_parser = crate::report::period::parse_year)]
    year: Option<crate::report::period::Period>,
}

impl PeriodArgs {
    pub fn period(self) -> crate::report::period::Period {
        use crate::report::period::Period;
        self.month
            .map(Period::Month)
            .or(self.quarter)
            .or(self.year)
            .expect("clap requires one of them")
    }
}

/// Parses a date argument: `2022-06-30`, `2022/6/30`, `2022年6月30日` …
pub fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    let today = chrono::Local::now().date_naive();
    crate::record::deadline::parse_date(s, today)
        .map_err(|_| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An error as the clerk reads it: a department nothing answers to, or a
/// file that could not be written, named with why and what was left as it was.
fn words(e: &anyhow::Error, lang: Lang) -> String {
    if let Some(unknown) = e.downcast_ref::<crate::report::filter::UnknownDept>() {
        return unknown.message(lang);
    }
    let failed = e
        .chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .find_map(crate::atomic::failed_write);
    let Some(f) = failed else {
        return format!("{e:#}");
    };
    let why = crate::atomic::reason(&f.source, lang);
    lang.pick(
        format!(
            "无法写入 {}：{why}；该文件保持原样（原有的未改动，新的未生成），没有留下临时文件",
            f.path.display()
        ),
        format!(
            "cannot write {}: {why}; it is left as it was (an existing file unchanged, a new one not created), and no temporary file remains",
            f.path.display()
        ),
    )
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        Command::Check(args) => check::run(args, lang, cli.workspace.as_deref()),
        Command::Init(args) => init::run(args, lang, cli.workspace.as_deref()),
        Command::Import(args) => import::run(args, lang, cli.workspace.as_deref()),
        Command::List(args) => list::run(args, lang, cli.workspace.as_deref()),
        Command::Show(args) => show::run(args, lang, cli.workspace.as_deref()),
        Command::Overdue(args) => overdue::run(args, lang, cli.workspace.as_deref()),
        Command::Tasks(args) => tasks::run(args, lang, cli.workspace.as_deref()),
        Command::Duties(args) => duties::run(args, lang, cli.workspace.as_deref()),
        Command::Report(args) => report::run(args, lang, cli.workspace.as_deref()),
        Command::Summary(args) => summary::run(args, lang, cli.workspace.as_deref()),
        Command::Template(args) => template::run(args, lang, cli.workspace.as_deref()),
        Command::Export(args) => export::run(args, lang, cli.workspace.as_deref()),
        Command::Status(args) => status::run(args, lang, cli.workspace.as_deref()),
        Command::Verify(args) => verify::run(args, lang, cli.workspace.as_deref()),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::Incomplete) => ExitCode::from(2),
        Err(e) => {
            let style = crate::render::Style::stderr();
            eprintln!(
                "{}{}",
                style.red(lang.pick("错误：", "error: ")),
                words(&e, lang)
            );
            ExitCode::from(2)
        }
    }
}
