//! The help in the reader's language: Chinese by default, English with
//! `--lang en` or `LEDGER_LANG=en`.
//!
//! clap renders help while it parses, before `--lang` has a value, so the
//! language is read from the raw arguments first ([`lang_of`]) and the
//! command is built in it ([`command`]). The doc comments on the `Args`
//! structs are the English text; [`ZH`] holds the Chinese, one entry per
//! command and argument, and a test keeps the two complete. Every command's
//! help ends with examples ([`EXAMPLES`]).

use super::Cli;
use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory};
use std::ffi::OsString;

/// The language the arguments or the environment ask for: the last
/// `--lang X` / `--lang=X`, else `LEDGER_LANG`, else Chinese. An unknown name
/// is Chinese here; the parser then reports it.
pub fn lang_of(args: &[OsString]) -> Lang {
    last_value(args, "--lang")
        .or_else(|| std::env::var("LEDGER_LANG").ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_default()
}

/// The colour the arguments ask for, if they name one, so that help and
/// parse errors (said before the arguments are parsed) follow it too.
pub fn color_of(args: &[OsString]) -> Option<super::ColorWhen> {
    use clap::ValueEnum;
    last_value(args, "--color").and_then(|v| super::ColorWhen::from_str(&v, true).ok())
}

/// The value of the last `NAME X` / `NAME=X` before any `--`.
fn last_value(args: &[OsString], name: &str) -> Option<String> {
    let mut asked = None;
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == name {
            asked = args.next().map(|v| v.into_owned());
        } else if let Some(v) = arg.strip_prefix(name).and_then(|v| v.strip_prefix('=')) {
            asked = Some(v.to_string());
        }
    }
    asked
}

/// The whole command line, its help in `lang`.
pub fn command(lang: Lang) -> Command {
    // "ledger", not the file's name: on Windows that is ledger.exe.
    let mut cmd = Cli::command().bin_name("ledger");
    // Building first adds the help flag, `help` subcommand and the global
    // arguments to every subcommand, so they are translated too.
    cmd.build();
    localize(cmd, "", lang)
}

/// One command and, recursively, its subcommands; `path` is its name under
/// the root, e.g. "tasks import" (empty for the root).
fn localize(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let path = key_path(path);
    if let Some(about) = text(path, lang) {
        cmd = cmd.about(about).long_about(None);
    }
    if let Some(examples) = examples(path, lang) {
        cmd = cmd.after_help(examples);
    }
    if lang == Lang::Zh {
        cmd = cmd
            .help_template(ZH_TEMPLATE)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令");
    }
    let ids: Vec<_> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        let key = format!("{path}.{id}");
        cmd = cmd.mut_arg(id, |arg| localize_arg(arg, &key, !path.is_empty(), lang));
    }
    if lang == Lang::Zh {
        cmd = zh_usage(cmd);
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    // The `help` command's own subcommands are bare names for completion.
    for name in names.into_iter().filter(|_| path != "help") {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name, |sub| localize(sub, &sub_path, lang));
    }
    cmd
}

/// clap's usage line with its one English word, [OPTIONS], in Chinese; the
/// help and the errors both show it.
fn zh_usage(mut cmd: Command) -> Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage: ")
        .replace("[OPTIONS]", "[选项]");
    cmd.override_usage(usage)
}

/// The key of a command's texts: its path, but "help" for the `help`
/// command clap adds to every command that has subcommands.
fn key_path(path: &str) -> &str {
    if path == "help" || path.ends_with(" help") {
        "help"
    } else {
        path
    }
}

/// clap's own template with the heading of the usage line in Chinese.
const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// One argument's help; in Chinese also its headings and the notes clap
/// would add in English ([default: …], [possible values: …], [env: …]).
/// Under a subcommand the flags every command takes go last, apart from
/// the command's own.
fn localize_arg(arg: Arg, key: &str, in_subcommand: bool, lang: Lang) -> Arg {
    let Some(help) = text(key, lang) else {
        return arg;
    };
    if lang == Lang::En {
        return arg.help(help);
    }
    let notes = zh_notes(&arg);
    let heading = if arg.is_positional() {
        "参数"
    } else if in_subcommand && arg.is_global_set() {
        "全局选项"
    } else {
        "选项"
    };
    arg.help(format!("{help}{notes}"))
        .help_heading(heading)
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
}

/// "［可选：table、json］［默认：table］［环境变量：LEDGER_DIR］" for an argument.
fn zh_notes(arg: &Arg) -> String {
    let mut notes = String::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && arg.get_action().takes_values() {
        notes.push_str(&format!(" [可选：{}]", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        notes.push_str(&format!(" [默认：{}]", defaults.join("、")));
    }
    if let Some(env) = arg.get_env() {
        notes.push_str(&format!(" [环境变量：{}]", env.to_string_lossy()));
    }
    notes
}

/// The text of a command ("import") or argument ("import.as_of") in `lang`.
/// Arguments every command shares are keyed "*.id". English comes from the
/// doc comments, except where clap's own words or none are there.
fn text(key: &str, lang: Lang) -> Option<String> {
    let shared = key.split_once('.').map(|(_, id)| format!("*.{id}"));
    let find = |table: &[(&str, &str)]| {
        table
            .iter()
            .find(|(k, _)| *k == key || Some(*k) == shared.as_deref())
            .map(|(_, t)| t.to_string())
    };
    match lang {
        Lang::Zh => find(ZH),
        Lang::En => find(EN),
    }
}

/// English where the doc comments give none or clap's wording is not ours.
const EN: &[(&str, &str)] = &[
    (
        "",
        "The hazard rectification ledger (安全生产大检查问题整改台账) of a sub-district work-safety office",
    ),
    ("*.help", "Show this help"),
    ("*.version", "Show the version"),
    ("help", "Show the help of a command"),
    ("help.subcommand", "The command"),
];

/// The Chinese of every command and argument.
const ZH: &[(&str, &str)] = &[
    (
        "",
        "安全生产大检查问题整改台账工具：合并各科室、社区的隐患整改台账，催办逾期，生成月报",
    ),
    ("*.lang", "提示语言：zh（中文，默认）或 en（英文）"),
    (
        "*.color",
        "颜色：auto（默认，仅在终端上，且未设 NO_COLOR、TERM 不是 dumb）、always 或 never",
    ),
    (
        "*.workspace",
        "工作区文件夹（默认：环境变量 LEDGER_DIR，否则向上查找含 ledger.toml 的文件夹）",
    ),
    ("*.help", "显示帮助"),
    ("*.version", "显示版本"),
    ("help", "显示某个命令的帮助"),
    ("help.subcommand", "命令名"),
    (
        "check",
        "检查台账文件，列出其中的问题（不需要工作区，不写入）",
    ),
    ("check.files", "台账文件：.xlsx .xlsm .xls .ods .csv .txt"),
    (
        "check.as_of",
        "台账所反映的日期：无发现日期的行以此为发现日期，并以此日判断逾期",
    ),
    ("check.format", "屏幕输出格式：table（表格，默认）或 json"),
    (
        "check.output",
        "把检查出的问题写入文件而不是屏幕，格式由扩展名决定：.xlsx、.csv、.json 或 .txt（--columns 时只能 .json、.txt）",
    ),
    ("check.strict", "警告也按错误计入退出码"),
    (
        "check.columns",
        "不检查各行，改为列出每个表头单元格被识别成哪一列及原因",
    ),
    (
        "init",
        "新建工作区：ledger.toml、tasks.toml、空白台账模板和空的台账库",
    ),
    (
        "init.dir",
        "要建成工作区的文件夹（不存在则新建）；默认 --workspace 指定的文件夹，否则当前文件夹",
    ),
    ("init.name", "单位名称，用于报表标题（如 磁器口街道）"),
    (
        "init.district",
        "建区级工作区（区安办）：tasks.toml 以 [[members]] 列出各镇街，报表按镇街排名",
    ),
    ("import", "检查台账文件并合并进工作区的台账库"),
    ("import.files", "台账文件：.xlsx .xlsm .xls .ods .csv .txt"),
    (
        "import.as_of",
        "台账的填报日期：无发现日期的行以此为发现日期，整改状态也记为此日所见；默认取文件中的“填报日期”，否则今天",
    ),
    ("import.dry_run", "只读取、检查并报告将发生的变化，不写入"),
    ("import.strict", "任何一行有错误就不写入"),
    (
        "import.dept",
        "文件所报送的科室或社区（除各行的责任单位外）：空台账加 --dept 也算已报送",
    ),
    (
        "import.org",
        "区级工作区：文件的标题和填报单位都没写明时，指定报送的镇街",
    ),
    ("list", "列出库中的隐患"),
    ("list.dept", "责任单位（科室或社区）"),
    ("list.level", "隐患等级：一般、较大或重大"),
    ("list.status", "整改状态：未整改、整改中、已整改或已销号"),
    ("list.month", "发现于该月（如 2022-07、2022年7月）"),
    (
        "list.format",
        "屏幕输出格式：table（表格，默认）、csv（供脚本，英文列名）或 json",
    ),
    (
        "list.output",
        "写入文件而不是屏幕，格式由扩展名决定：.xlsx、.csv（中文列名，带 BOM，Excel 可直接打开）、.json 或 .txt",
    ),
    (
        "list.raw",
        "CSV 中以 = + - @ 开头的单元格保持原样（默认加引号防公式注入）",
    ),
    ("show", "查看一条隐患及其变更历史"),
    ("show.id", "隐患编号，如 YH-2022-0001"),
    ("show.format", "输出格式"),
    ("overdue", "列出逾期未整改的隐患，以及即将到期的隐患"),
    ("overdue.as_of", "以哪一天判断（默认今天）"),
    ("overdue.dept", "责任单位（科室或社区）"),
    ("overdue.level", "隐患等级：一般、较大或重大"),
    ("overdue.upcoming", "同时列出未来 N 天内到期的隐患"),
    (
        "overdue.format",
        "屏幕输出格式：table（表格，默认）、csv（供脚本，英文列名）或 json",
    ),
    (
        "overdue.output",
        "写入文件而不是屏幕，格式由扩展名决定：.xlsx、.csv（中文列名，带 BOM，Excel 可直接打开）、.json 或 .txt",
    ),
    (
        "overdue.raw",
        "CSV 中以 = + - @ 开头的单元格保持原样（默认加引号防公式注入）",
    ),
    (
        "overdue.fail_if_any",
        "有逾期时退出码为 1（供定时任务和脚本使用）",
    ),
    (
        "tasks",
        "任务分工中的各项任务及完成情况；tasks import 转换附件1、2表格",
    ),
    ("tasks.as_of", "以哪一天判断（默认今天）"),
    ("tasks.dept", "只看该科室的任务（名称或别名）"),
    ("tasks.due_within", "多少天内到期算“即将到期”"),
    ("tasks.format", "屏幕输出格式：table（表格，默认）或 json"),
    (
        "tasks.output",
        "写入文件而不是屏幕，格式由扩展名决定：.xlsx、.csv（中文列名，带 BOM）、.json 或 .txt",
    ),
    (
        "tasks import",
        "把附件2（措施/重点任务分解/具体要求/责任科室/时限）和附件1（领导/行业领域/检查对象/牵头科室/负责人）表格转换为 tasks.toml",
    ),
    (
        "tasks import.files",
        "附件1和/或附件2表格：.xlsx .xls .ods .csv",
    ),
    ("tasks import.output", "写入的 TOML 文件"),
    (
        "tasks import.start",
        "方案开始日期，作为无年份时限的基准（默认今年1月1日）",
    ),
    ("duties", "本月各责任人“2-2-2”履职情况和各科室检查次数"),
    ("duties.month", "月份（如 2022-07、2022年7月）"),
    ("duties.format", "屏幕输出格式：table（表格，默认）或 json"),
    (
        "duties.output",
        "写入文件而不是屏幕，格式由扩展名决定：.xlsx、.csv（中文列名，带 BOM）、.json 或 .txt",
    ),
    (
        "report",
        "生成报送用的月报工作簿（汇总、台账、逾期、重大隐患、履职、任务）",
    ),
    ("report.month", "月份（如 2022-07、2022年7月、202207）"),
    ("report.quarter", "季度（如 2022Q3）"),
    ("report.year", "年度（如 2022）"),
    (
        "report.output",
        "写到哪里（默认当前文件夹下的“<单位>安全生产大检查月报-YYYY年MM月.xlsx”，季报、年报同理）",
    ),
    (
        "report.redact",
        "隐去电话号码和单位负责人的名字，供对外发送",
    ),
    (
        "report.as_of",
        "以这一天的数字为准，而不是月末（须早于月末）",
    ),
    ("summary", "本期汇总数字（月报的“汇总”表）"),
    ("summary.month", "月份（如 2022-07、2022年7月、202207）"),
    ("summary.quarter", "季度（如 2022Q3）"),
    ("summary.year", "年度（如 2022）"),
    (
        "summary.statistics",
        "表格和 CSV 输出标准统计表（统计）而不是汇总",
    ),
    (
        "summary.as_of",
        "以这一天的数字为准，而不是期末（须早于期末）",
    ),
    (
        "summary.format",
        "屏幕输出格式：table（表格，默认）、csv（供脚本，英文列名）或 json",
    ),
    (
        "summary.output",
        "写入文件而不是屏幕，格式由扩展名决定：.xlsx、.csv（中文列名，带 BOM，Excel 可直接打开）、.json 或 .txt",
    ),
    ("template", "生成发给各科室、社区填写的空白附件3台账工作簿"),
    ("template.output", "写到哪里"),
    ("export", "导出全部台账供 Excel 编辑，改后可再导入"),
    (
        "export.output",
        "FILE.xlsx 或 FILE.csv（默认当前文件夹下的“<单位>台账导出-YYYY-MM-DD.xlsx”）",
    ),
    ("export.dept", "责任单位（科室或社区）"),
    ("export.level", "隐患等级：一般、较大或重大"),
    ("export.status", "整改状态：未整改、整改中、已整改或已销号"),
    ("export.month", "发现于该月（如 2022-07、2022年7月）"),
    (
        "export.raw",
        "CSV 中以 = + - @ 开头的单元格保持原样（默认加引号防公式注入）",
    ),
    (
        "export.redact",
        "隐去电话号码和单位负责人的名字；这样的导出再导入时不会覆盖真实信息",
    ),
    ("status", "本月哪些科室、社区已报送台账，哪些未报送"),
    ("status.month", "月份（默认本月；如 2022-07、2022年7月）"),
    ("status.format", "屏幕输出格式：table（表格，默认）或 json"),
    (
        "status.output",
        "写入文件而不是屏幕，格式由扩展名决定：.xlsx、.csv（中文列名，带 BOM）、.json 或 .txt",
    ),
    ("status.fail_if_missing", "有单位未报送时退出码为 1"),
    (
        "verify",
        "检查台账库是否损坏：数据库文件、每条隐患的校验和、历史记录的哈希链",
    ),
    ("imports", "已导入的文件（最近的在前）及每次导入的增改"),
    ("imports.format", "输出格式"),
    (
        "undo",
        "撤销最近一次导入（或第 N 号导入）：移出它新增的隐患，恢复它改动的内容",
    ),
    (
        "undo.number",
        "导入编号，见 `ledger imports`（默认：最近一次未撤销的导入）",
    ),
    ("undo.dry_run", "只显示将改动什么，不写入"),
    (
        "completions",
        "生成命令行自动补全脚本（bash、zsh、fish、powershell）",
    ),
    ("completions.shell", "哪种命令行"),
    ("man", "生成 man 手册页（roff 格式）"),
    (
        "man.dir",
        "把每个命令的手册页写入该文件夹（默认只把 ledger.1 写到屏幕）",
    ),
];

/// An example: the command line, and what it does in Chinese and English.
type Example = (&'static str, &'static str, &'static str);

/// Each command's examples.
const EXAMPLES: &[(&str, &[Example])] = &[
    (
        "",
        &[
            (
                "ledger init 磁器口 --name 磁器口街道",
                "新建工作区（只需一次）",
                "make a workspace (once)",
            ),
            (
                "ledger import 收件箱/2022-07/*",
                "导入本月各单位交来的台账",
                "import the month's ledgers",
            ),
            (
                "ledger overdue --upcoming 7",
                "周例会前：逾期和 7 天内到期的隐患",
                "before the weekly meeting: overdue and due within 7 days",
            ),
            (
                "ledger report --month 2022年7月",
                "生成月报",
                "write the monthly report",
            ),
        ],
    ),
    (
        "check",
        &[
            (
                "ledger check 应急办-2022年7月台账.xlsx",
                "检查一个文件",
                "check one file",
            ),
            (
                "ledger check 台账.csv --format json",
                "给脚本用的 JSON",
                "JSON for scripts",
            ),
            (
                "ledger check 外系统导出.xlsx --columns",
                "看表头各列是怎样识别的",
                "how each header cell was read",
            ),
        ],
    ),
    (
        "init",
        &[
            (
                "ledger init 磁器口 --name 磁器口街道",
                "在“磁器口”文件夹中新建工作区",
                "make a workspace in the folder 磁器口",
            ),
            (
                "ledger init",
                "把当前文件夹建成工作区",
                "make the current folder a workspace",
            ),
            (
                "ledger init 沙坪坝区 --district --name 沙坪坝区",
                "新建区级工作区，接收各镇街的月报",
                "make a district workspace that receives its 镇街's reports",
            ),
        ],
    ),
    (
        "import",
        &[
            (
                "ledger import 收件箱/2022-07/*",
                "导入本月收到的全部台账",
                "import every ledger received this month",
            ),
            (
                "ledger import 应急办-7月台账.xlsx --as-of 2022年7月31日",
                "指定填报日期",
                "give the date the file describes",
            ),
            (
                "ledger import 童家桥-7月台账.csv --org 童家桥街道 --as-of 2022-07-31",
                "区级工作区：导入镇街报送的台账，并指定镇街",
                "in a district: import a 镇街's ledger, naming the 镇街",
            ),
            (
                "ledger import 市政办.xlsx --dept 市政办 --dry-run",
                "先看会有什么变化，不写入",
                "see what would change, write nothing",
            ),
        ],
    ),
    (
        "list",
        &[
            (
                "ledger list --dept 应急办 --status 未整改",
                "应急办未整改的隐患",
                "应急办's open hazards",
            ),
            (
                "ledger list --month 2022年7月 --level 重大",
                "7月发现的重大隐患",
                "major hazards found in July",
            ),
            (
                "ledger list -o 隐患清单.csv",
                "导出为 CSV，Excel 可直接打开",
                "as CSV that Excel opens",
            ),
        ],
    ),
    (
        "show",
        &[
            (
                "ledger show YH-2022-0001",
                "查看一条隐患及其历史",
                "one hazard and its history",
            ),
            (
                "ledger show YH-2022-0001 --format json",
                "JSON 格式",
                "as JSON",
            ),
        ],
    ),
    (
        "overdue",
        &[
            (
                "ledger overdue --upcoming 7",
                "逾期和 7 天内到期的隐患",
                "overdue and due within 7 days",
            ),
            (
                "ledger overdue --as-of 2022-07-31 --dept 应急办",
                "以 7 月 31 日判断应急办的逾期",
                "应急办's overdue hazards on 31 July",
            ),
            (
                "ledger overdue -o 逾期清单.csv",
                "导出为 CSV，Excel 可直接打开",
                "as CSV that Excel opens",
            ),
        ],
    ),
    (
        "tasks",
        &[
            (
                "ledger tasks",
                "各项任务的完成情况",
                "where each task stands",
            ),
            (
                "ledger tasks --dept 应急办 --due-within 14",
                "应急办 14 天内到期的任务",
                "应急办's tasks due within 14 days",
            ),
            (
                "ledger tasks import 附件1.xlsx 附件2.xlsx -o tasks.toml",
                "转换分工表",
                "convert the division tables",
            ),
        ],
    ),
    (
        "tasks import",
        &[
            (
                "ledger tasks import 附件2.xlsx -o tasks.toml",
                "转换附件2任务分解表",
                "convert Annex 2",
            ),
            (
                "ledger tasks import 附件1.xlsx 附件2.xlsx -o tasks.toml --start 2022-05-01",
                "指定方案开始日期",
                "give the plan's start",
            ),
        ],
    ),
    (
        "duties",
        &[
            (
                "ledger duties --month 2022年7月",
                "7月履职情况",
                "July's duties",
            ),
            (
                "ledger duties --month 202207 --format json",
                "JSON 格式",
                "as JSON",
            ),
        ],
    ),
    (
        "report",
        &[
            (
                "ledger report --month 2022年7月",
                "生成 7 月月报",
                "July's monthly report",
            ),
            (
                "ledger report --quarter 2022Q3 -o 三季度报.xlsx",
                "季报",
                "a quarterly report",
            ),
            (
                "ledger report --month 2022-07 --redact",
                "隐去电话和姓名，供对外发送",
                "masked for sharing outside the office",
            ),
        ],
    ),
    (
        "summary",
        &[
            (
                "ledger summary --month 2022年7月",
                "7月汇总数字",
                "July's figures",
            ),
            (
                "ledger summary --year 2022 --statistics",
                "全年标准统计表",
                "the year's standard statistics",
            ),
            (
                "ledger summary --month 2022.7 -o 汇总.csv",
                "导出为 CSV",
                "as CSV",
            ),
        ],
    ),
    (
        "template",
        &[
            (
                "ledger template",
                "在当前文件夹生成 台账模板.xlsx",
                "write 台账模板.xlsx here",
            ),
            (
                "ledger template -o 磁器口社区台账.xlsx",
                "指定文件名",
                "under another name",
            ),
        ],
    ),
    (
        "export",
        &[
            (
                "ledger export",
                "导出全部台账为 xlsx",
                "the whole ledger as xlsx",
            ),
            (
                "ledger export --dept 应急办 -o 应急办台账.xlsx",
                "只导出应急办",
                "only 应急办's",
            ),
            (
                "ledger export --redact -o 台账.csv",
                "隐去电话和姓名，CSV 格式",
                "masked, as CSV",
            ),
        ],
    ),
    (
        "status",
        &[
            ("ledger status", "本月报送情况", "this month's submissions"),
            (
                "ledger status --month 2022年7月 --fail-if-missing",
                "有未报送时退出码为 1",
                "exit 1 when anyone has not reported",
            ),
        ],
    ),
    (
        "imports",
        &[
            (
                "ledger imports",
                "导入过哪些文件",
                "which files were imported",
            ),
            ("ledger imports --format json", "供脚本使用", "for scripts"),
        ],
    ),
    (
        "undo",
        &[
            (
                "ledger undo --dry-run",
                "先看撤销最近一次导入会改动什么",
                "see what undoing the latest import would change",
            ),
            ("ledger undo", "撤销最近一次导入", "undo the latest import"),
            ("ledger undo 3", "撤销第 3 号导入", "undo import #3"),
        ],
    ),
    (
        "verify",
        &[
            (
                "ledger verify",
                "检查当前工作区的台账库",
                "check this workspace's store",
            ),
            (
                "ledger --workspace D:/台账/磁器口街道 verify",
                "检查指定工作区",
                "check another workspace",
            ),
        ],
    ),
    (
        "completions",
        &[
            (
                "ledger completions bash > /etc/bash_completion.d/ledger",
                "bash 自动补全",
                "bash completion",
            ),
            (
                "ledger completions powershell >> $PROFILE",
                "PowerShell 自动补全",
                "PowerShell completion",
            ),
            (
                "ledger completions zsh > ~/.zfunc/_ledger",
                "zsh 自动补全",
                "zsh completion",
            ),
        ],
    ),
    (
        "man",
        &[
            ("ledger man > ledger.1", "主手册页", "the main page"),
            (
                "ledger man --dir man/",
                "每个命令一页",
                "a page per command",
            ),
        ],
    ),
];

/// A command's examples as the text after its help, or None if it has none.
fn examples(path: &str, lang: Lang) -> Option<String> {
    let (_, lines) = EXAMPLES.iter().find(|(p, _)| *p == path)?;
    let width = lines.iter().map(|(c, _, _)| display_width(c)).max()?;
    let mut text = lang.pick("示例：\n", "Examples:\n").to_string();
    for (line, zh, en) in *lines {
        let pad = " ".repeat(width - display_width(line));
        text.push_str(&format!("  {line}{pad}  # {}\n", lang.pick(zh, en)));
    }
    Some(text.trim_end().to_string())
}

fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// clap's error in Chinese: its kind and the facts it carries, then the
/// usage line and where to find more. Kinds this does not know keep
/// clap's English text after a Chinese prefix.
pub fn zh_error(e: &clap::Error) -> String {
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut message = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if value.is_empty() {
                format!("{arg} 需要一个值")
            } else {
                format!("{arg} 的值“{value}”无效；可选：{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let cause = std::error::Error::source(e)
                .map(|c| c.to_string())
                .unwrap_or_default();
            format!("{arg} 的值“{value}”无效：{cause}")
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("不认识的命令“{}”", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值个数不对：“{value}”")
        }
        ErrorKind::NoEquals => format!("{arg} 的值须用 = 连接"),
        ErrorKind::InvalidUtf8 => "参数含有无效的字符".to_string(),
        _ => e
            .to_string()
            .trim_start_matches("error: ")
            .trim_end()
            .to_string(),
    };
    let suggested = match e.get(ContextKind::SuggestedSubcommand) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        // clap lists them from the least to the most alike.
        Some(ContextValue::Strings(v)) if !v.is_empty() => {
            Some(v.iter().rev().cloned().collect::<Vec<_>>().join("”或“"))
        }
        _ => None,
    }
    .or_else(|| match e.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    });
    if let Some(s) = suggested {
        message.push_str(&format!("\n\n  提示：是不是要用“{s}”？"));
    }
    if let Some(usage) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim_start_matches("Usage: ");
        message.push_str(&format!("\n\n用法：{usage}"));
    }
    message.push_str("\n\n更多信息请加 --help 查看。");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_colour_asked_for_is_known_before_parsing_and_the_last_one_counts() {
        use super::super::ColorWhen;
        let c = |list: &[&str]| color_of(&args(list));
        assert_eq!(
            c(&["ledger", "--color=never", "list"]),
            Some(ColorWhen::Never)
        );
        assert_eq!(
            c(&["ledger", "--color", "never", "list", "--color", "always"]),
            Some(ColorWhen::Always)
        );
        assert_eq!(c(&["ledger", "list", "--", "--color", "always"]), None);
        assert_eq!(c(&["ledger", "--color", "sometimes"]), None);
        assert_eq!(c(&["ledger", "--colour", "never"]), None);
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(
            lang_of(&args(&["ledger", "--lang", "en", "--help"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["ledger", "import", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&args(&["ledger", "--lang", "zh", "x"])), Lang::Zh);
        assert_eq!(
            lang_of(&args(&["ledger", "--", "--lang", "en"])),
            lang_of(&args(&["ledger"]))
        );
    }

    /// Every command and argument (hidden ones aside) has its Chinese, so a
    /// new flag cannot slip into the help untranslated.
    #[test]
    fn every_command_and_argument_has_chinese() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            let path = key_path(path);
            if text(path, Lang::Zh).is_none() {
                missing.push(format!("command '{path}'"));
            }
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let key = format!("{path}.{}", arg.get_id());
                if text(&key, Lang::Zh).is_none() {
                    missing.push(key);
                }
            }
            for sub in cmd.get_subcommands().filter(|_| path != "help") {
                let name = sub.get_name();
                let sub_path = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path} {name}")
                };
                walk(sub, &sub_path, missing);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Chinese for {missing:?}");
    }

    #[test]
    fn every_command_but_help_has_examples() {
        let cmd = command(Lang::Zh);
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let after = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(after.starts_with("示例："), "{}: {after}", sub.get_name());
            assert!(after.lines().count() >= 3, "{}: {after}", sub.get_name());
        }
    }

    #[test]
    fn the_chinese_help_has_chinese_headings_and_notes() {
        let help = command(Lang::Zh)
            .find_subcommand_mut("overdue")
            .unwrap()
            .render_help()
            .to_string();
        for words in [
            "用法：ledger overdue [选项]",
            "选项:",
            "全局选项:",
            "示例：",
            "逾期",
            "[可选：table、csv、json]",
            "[默认：zh]",
            "显示帮助",
        ] {
            assert!(help.contains(words), "{words} not in\n{help}");
        }
        for words in [
            "Usage:",
            "Options:",
            "[OPTIONS]",
            "Print help",
            "[default:",
            "[possible values:",
        ] {
            assert!(!help.contains(words), "{words} in\n{help}");
        }
    }

    #[test]
    fn the_english_help_is_english() {
        let help = command(Lang::En)
            .find_subcommand_mut("import")
            .unwrap()
            .render_help()
            .to_string();
        for words in [
            "Usage:",
            "Options:",
            "Examples:",
            "Show this help",
            "dry-run",
        ] {
            assert!(help.contains(words), "{words} not in\n{help}");
        }
        assert!(!help.contains("示例") && !help.contains("用法"), "{help}");
    }

    #[test]
    fn clap_errors_are_told_in_chinese() {
        let cases: &[(&[&str], &str)] = &[
            (&["ledger", "imprt"], "不认识的命令“imprt”"),
            (&["ledger", "imprt"], "是不是要用“import”"),
            (&["ledger", "import"], "缺少必需的参数"),
            (&["ledger", "overdue", "--bogus"], "不认识的参数“--bogus”"),
            (&["ledger", "overdue", "--format", "xml"], "可选："),
            (&["ledger", "summary", "--month", "7月"], "可写作"),
        ];
        for (argv, words) in cases {
            let e = command(Lang::Zh).try_get_matches_from(*argv).unwrap_err();
            let message = zh_error(&e);
            assert!(message.contains(words), "{argv:?}: {message}");
            assert!(
                message.contains("更多信息请加 --help"),
                "{argv:?}: {message}"
            );
            assert!(!message.contains("error:"), "{argv:?}: {message}");
        }
    }
}
