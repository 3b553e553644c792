//! `ledger report --month YYYY-MM`: the monthly submission workbook.

use super::output::{self, Kind};
use super::{Context, Outcome, PeriodArgs};
use crate::atomic;
use crate::progress::Progress;
use crate::render::redact::Redactor;
use crate::render::report::{self as workbook, Dress, Signature};
use crate::report::monthly;
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    period: PeriodArgs,
    /// Where to write (default: <organisation>安全生产大检查月报-YYYY年MM月.xlsx here;
    /// 季报/年报 for a quarter or year).
    #[arg(short, long, value_name = "FILE.xlsx")]
    output: Option<PathBuf>,
    /// Mask phone numbers and unit heads' given names, for sharing outside the office.
    #[arg(long)]
    redact: bool,
    /// Take the figures on this day instead of the month's last (if earlier).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<NaiveDate>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let ws = ctx.workspace()?;
    let organisation = &ws.config.organisation.name;
    let period = args.period.period();
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(workbook::default_name(organisation, period)));
    output::file_kind(&path, &[Kind::Xlsx])?;
    let progress = Progress::start(lang.pick("读取台账库", "loading the store"));
    let store = ctx.store()?;
    progress.set_message(lang.pick("统计并生成工作簿", "computing and writing the workbook"));
    let log = store.imports_log()?;
    let hazards = monthly::hazards_of(&store, period, ws.config.organisation.district)?;
    let report = monthly::report(
        &hazards,
        period,
        args.as_of,
        &ws.config,
        ws.division.as_ref(),
        &log,
    );
    let dress = Dress {
        organisation,
        redact: args.redact.then(|| Redactor::new(people(&report))),
        signature: Signature::of(&ws.config.organisation),
        district: ws.config.organisation.district,
    };
    let bytes = workbook::xlsx(&report, &dress)?;
    atomic::write(&path, &bytes)?;
    drop(progress);
    output::print(&format!("{}\n", path.display()))?;
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "已生成月报：台账 {} 条，逾期 {} 项，重大隐患 {} 项{}",
                report.ledger.len(),
                report.overdue.overdue.len(),
                report.majors.len(),
                if args.redact { "（已脱敏）" } else { "" }
            ),
            format!(
                "monthly report written: {} ledger rows, {} overdue, {} open major hazards{}",
                report.ledger.len(),
                report.overdue.overdue.len(),
                report.majors.len(),
                if args.redact { " (redacted)" } else { "" }
            ),
        )
    );
    Ok(Outcome::Ok)
}

/// The unit heads and owners of every hazard the report shows: the people a
/// redacted workbook must not name.
fn people<'r>(report: &'r monthly::Report<'_>) -> impl Iterator<Item = &'r str> {
    let overdue = report.overdue.overdue.iter().map(|i| i.hazard);
    report
        .ledger
        .iter()
        .copied()
        .chain(overdue)
        .chain(report.majors.iter().copied())
        .flat_map(|h| [h.unit_head.as_str(), h.owner.as_str()])
}
