//! The command line: global flags, subcommands, exit codes.
//!
//! Exit codes are a contract for scripts: 0 success; 1 the command ran and
//! found what it reports as a failure (errors in a ledger, `--fail-if-any`);
//! 2 it could not run (bad arguments, unreadable input, no workspace, lock
//! held). Data goes to stdout, messages to stderr.

mod check;
mod completions;
mod context;
mod duties;
mod export;
pub mod help;
mod import;
mod imports;
mod init;
mod list;
mod man;
mod output;
mod overdue;
mod report;
mod show;
mod status;
mod summary;
mod tasks;
mod template;
mod undo;
mod verify;

pub use context::Context;
pub use init::TASKS_TEMPLATE;

use crate::i18n::{Lang, Localized};
use chrono::NaiveDate;
use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

#[derive(Parser)]
#[command(
    name = "ledger",
    version,
    about = "The hazard rectification ledger of a sub-district work-safety office"
)]
pub struct Cli {
    /// Message language: zh (default) or en.
    #[arg(long, global = true, env = "LEDGER_LANG", default_value = "zh")]
    pub lang: Lang,
    /// The workspace folder (else LEDGER_DIR, else the nearest parent holding ledger.toml).
    #[arg(long, global = true, env = "LEDGER_DIR", value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    pub color: ColorWhen,
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
    /// The files imported so far, newest first, and what each changed.
    Imports(imports::Args),
    /// Revert the latest import (or import N): its new hazards taken out, what it changed put back.
    Undo(undo::Args),
    /// Check the store for damage: the database file, every hazard's checksum and the history's hash chain.
    Verify(verify::Args),
    /// Tab completion for bash, zsh, fish or PowerShell.
    Completions(completions::Args),
    /// The manual pages (roff).
    Man(man::Args),
}

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl From<ColorWhen> for crate::render::ColorChoice {
    fn from(c: ColorWhen) -> Self {
        match c {
            ColorWhen::Auto => Self::Auto,
            ColorWhen::Always => Self::Always,
            ColorWhen::Never => Self::Never,
        }
    }
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

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Table => Format::Table,
            ReportFormat::Json => Format::Json,
        }
    }
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
    /// A month (2022-07, 2022年7月, 202207 or 2022.7).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month_arg)]
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

/// The filters every record-listing command takes.
#[derive(clap::Args, Clone)]
pub struct FilterArgs {
    /// 责任单位 (department or community).
    #[arg(long, value_name = "X")]
    pub dept: Option<String>,
    /// 一般, 较大 or 重大.
    #[arg(long, value_name = "L", value_parser = parse_level_arg)]
    pub level: Option<crate::level::Level>,
    /// 未整改, 整改中, 已整改 or 已销号.
    #[arg(long, value_name = "S", value_parser = parse_status_arg)]
    pub status: Option<crate::status::Status>,
    /// Found in this month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month_arg)]
    pub month: Option<crate::report::filter::Month>,
}

impl FilterArgs {
    pub fn filter<'a>(
        &self,
        names: crate::division::DeptNames<'a>,
    ) -> crate::report::filter::Filter<'a> {
        crate::report::filter::Filter {
            level: self.level,
            status: self.status,
            month: self.month,
            ..crate::report::filter::Filter::all(names).with_dept(self.dept.as_deref())
        }
    }
}

/// The language of this run, set once by [`main`] before parsing, so that
/// argument parsers can say what is wrong in it.
static LANG: OnceLock<Lang> = OnceLock::new();

fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// Parses a month argument in any form [`Month`](crate::report::filter::Month) reads.
pub fn parse_month_arg(s: &str) -> Result<crate::report::filter::Month, String> {
    s.parse().map_err(|_| month_error(s, lang()))
}

fn month_error(s: &str, lang: Lang) -> String {
    lang.pick(
        format!("“{s}”不是可识别的月份；可写作 2022-07、2022年7月、202207 或 2022.7"),
        format!("'{s}' is not a month; write 2022-07, 2022年7月, 202207 or 2022.7"),
    )
}

/// Parses `--level`: 一般/较大/重大 or general/larger/major.
pub fn parse_level_arg(s: &str) -> Result<crate::level::Level, String> {
    crate::level::Level::from_cell(s).ok_or_else(|| {
        lang().pick(
            format!("“{s}”不是隐患等级；可写作 一般、较大、重大"),
            format!("'{s}' is not a level; write 一般, 较大, 重大 (or general, larger, major)"),
        )
    })
}

/// Parses `--status`: 未整改/整改中/已整改/已销号 or open/in-progress/rectified/closed.
pub fn parse_status_arg(s: &str) -> Result<crate::status::Status, String> {
    crate::status::Status::ALL
        .into_iter()
        .find(|st| st.zh() == s || st.en() == s.to_ascii_lowercase())
        .ok_or_else(|| {
            lang().pick(
                format!("“{s}”不是整改状态；可写作 未整改、整改中、已整改、已销号"),
                format!(
                    "'{s}' is not a status; write 未整改, 整改中, 已整改, 已销号 (or open, in-progress, rectified, closed)"
                ),
            )
        })
}

/// Parses a date argument: `2022-07-31`, `2022年7月31日`, `2022/7/31`, `20220731` …
pub fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::record::deadline::parse_date(s, today()).map_err(|_| date_error(s, lang()))
}

fn date_error(s: &str, lang: Lang) -> String {
    lang.pick(
        format!("“{s}”不是可识别的日期；可写作 2022-07-31、2022年7月31日、2022/7/31 或 20220731"),
        format!("'{s}' is not a date; write 2022-07-31, 2022年7月31日, 2022/7/31 or 20220731"),
    )
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The error as one of the layers' own types, which say themselves in
/// either language.
fn localized<'e>(e: &'e (dyn std::error::Error + 'static)) -> Option<&'e dyn Localized> {
    use crate::{config, division, ingest, report, workspace};
    None.or_else(|| {
        e.downcast_ref::<workspace::WorkspaceError>()
            .map(|e| e as &dyn Localized)
    })
    .or_else(|| {
        e.downcast_ref::<config::ConfigError>()
            .map(|e| e as &dyn Localized)
    })
    .or_else(|| {
        e.downcast_ref::<division::DivisionError>()
            .map(|e| e as &dyn Localized)
    })
    .or_else(|| {
        e.downcast_ref::<report::filter::UnknownDept>()
            .map(|e| e as &dyn Localized)
    })
    .or_else(|| {
        e.downcast_ref::<output::OutputError>()
            .map(|e| e as &dyn Localized)
    })
    .or_else(|| {
        e.downcast_ref::<crate::store::undo::Refusal>()
            .map(|e| e as &dyn Localized)
    })
    .or_else(|| {
        e.downcast_ref::<ingest::district::Refused>()
            .map(|e| e as &dyn Localized)
    })
}

/// An error as the clerk reads it: a department nothing answers to, or a
/// file that could not be written, named with why and what was left as it was.
fn words(e: &anyhow::Error, lang: Lang) -> String {
    if let Some(said) = e.chain().find_map(localized) {
        return said.message(lang);
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
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = help::lang_of(&args);
    LANG.get_or_init(|| lang);
    let color = help::color_of(&args);
    if let Some(color) = color {
        crate::render::set_color(color.into());
    }
    let clap_color = match color {
        Some(ColorWhen::Always) => clap::ColorChoice::Always,
        Some(ColorWhen::Never) => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let cli = match help::command(lang)
        .color(clap_color)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e, lang),
    };
    let lang = cli.lang;
    crate::render::set_color(cli.color.into());
    let ctx = Context::new(cli.lang, cli.workspace);
    let result = match cli.command {
        Command::Check(args) => check::run(args, &ctx),
        Command::Init(args) => init::run(args, &ctx),
        Command::Import(args) => import::run(args, &ctx),
        Command::List(args) => list::run(args, &ctx),
        Command::Show(args) => show::run(args, &ctx),
        Command::Overdue(args) => overdue::run(args, &ctx),
        Command::Tasks(args) => tasks::run(args, &ctx),
        Command::Duties(args) => duties::run(args, &ctx),
        Command::Report(args) => report::run(args, &ctx),
        Command::Summary(args) => summary::run(args, &ctx),
        Command::Template(args) => template::run(args, &ctx),
        Command::Export(args) => export::run(args, &ctx),
        Command::Status(args) => status::run(args, &ctx),
        Command::Verify(args) => verify::run(args, &ctx),
        Command::Imports(args) => imports::run(args, &ctx),
        Command::Undo(args) => undo::run(args, &ctx),
        Command::Completions(args) => completions::run(args, &ctx),
        Command::Man(args) => man::run(args, &ctx),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::Incomplete) => ExitCode::from(2),
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
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

/// Shows help or version as clap renders them, and tells other parse errors
/// in the run's language; exit 2 for errors, as for every command that
/// could not run.
fn clap_exit(e: &clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind;
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if shown || lang == Lang::En {
        // A closed pipe (`ledger --help | head`) is not worth a word.
        let _ = e.print();
    } else {
        let style = crate::render::Style::stderr();
        eprintln!("{}{}", style.red("错误："), help::zh_error(e));
    }
    ExitCode::from(if e.exit_code() == 0 { 0 } else { 2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_date_form_parses() {
        let july_31 = NaiveDate::from_ymd_opt(2022, 7, 31).unwrap();
        for text in [
            "2022-07-31",
            "2022年7月31日",
            "2022/7/31",
            "20220731",
            "2022.7.31",
            "２０２２年７月３１日",
        ] {
            assert_eq!(parse_date_arg(text), Ok(july_31), "{text}");
        }
    }

    #[test]
    fn unreadable_months_and_dates_list_the_accepted_forms() {
        let zh = month_error("7月份", Lang::Zh);
        assert!(
            zh.contains("2022年7月") && zh.contains("202207") && zh.contains("2022.7"),
            "{zh}"
        );
        let en = month_error("July", Lang::En);
        assert!(en.contains("not a month") && en.contains("2022-07"), "{en}");
        assert!(parse_month_arg("July").unwrap_err().contains("2022年7月"));
        let zh = date_error("下周一", Lang::Zh);
        assert!(
            zh.contains("2022年7月31日") && zh.contains("20220731"),
            "{zh}"
        );
        assert!(date_error("soon", Lang::En).contains("2022/7/31"));
        assert!(parse_date_arg("下周一").is_err());
    }
}
