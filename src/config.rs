//! `ledger.toml`: the office's rules, holidays and named dates.
//!
//! The defaults are the shipped template itself (`data-templates/ledger.toml`),
//! so `ledger check` outside a workspace and a fresh `ledger init` agree.

use crate::calendar::WorkCalendar;
use crate::field::Field;
use crate::i18n::{Lang, Localized};
use crate::level::Level;
use crate::read::header::Taught;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The template `ledger init` writes, and the defaults without a workspace.
pub const TEMPLATE: &str = include_str!("../data-templates/ledger.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub organisation: Organisation,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default)]
    holidays: Holidays,
    #[serde(default, deserialize_with = "named_dates")]
    pub named_dates: BTreeMap<String, NaiveDate>,
    /// `[columns]`: header names this office's files use, per field, and
    /// names to ignore.
    #[serde(default, deserialize_with = "columns")]
    pub columns: Taught,
    /// Built from `holidays` once, after parsing.
    #[serde(skip)]
    pub calendar: WorkCalendar,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    /// 填报单位（盖章） on the report's signature line; default `name`.
    #[serde(default)]
    pub reporting_unit: Option<String>,
    /// 填报人: who fills in the report; left blank to sign by hand.
    #[serde(default)]
    pub filled_by: Option<String>,
    /// 审核人: who checks it before it is sent.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// A district office (区安办) over sub-districts: its members are 镇街,
    /// each hazard belongs to one of them, and reports rank them.
    #[serde(default)]
    pub district: bool,
}

/// The limits of the grade table in docs/rules.md, and how days are counted.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    pub general_days: i64,
    pub larger_days: i64,
    pub major_days: i64,
    pub escalation_days: i64,
    pub count: DayCount,
    pub default_level: Level,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            general_days: 0,
            larger_days: 15,
            major_days: 15,
            escalation_days: 3,
            count: DayCount::Calendar,
            default_level: Level::General,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    Calendar,
    Workdays,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Holidays {
    #[serde(default, deserialize_with = "dates")]
    dates: Vec<NaiveDate>,
    #[serde(default, deserialize_with = "dates")]
    workdays: Vec<NaiveDate>,
}

/// Why `ledger.toml` could not be used.
#[derive(Debug)]
pub enum ConfigError {
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not TOML, or a key or value the settings do not take; `detail` is the
    /// parser's own account, with line and key.
    Invalid { file: String, detail: String },
}

impl Localized for ConfigError {
    fn message(&self, lang: Lang) -> String {
        match self {
            ConfigError::Unreadable { path, source } => lang.pick(
                format!("无法读取配置文件 {}：{source}", path.display()),
                format!("cannot read config file {}: {source}", path.display()),
            ),
            ConfigError::Invalid { file, detail } => lang.pick(
                format!("配置文件 {file} 有误：{detail}"),
                format!("error in config file {file}: {detail}"),
            ),
        }
    }
}

crate::i18n::localized_error!(ConfigError);

impl Config {
    /// Parses a config file's text; `file` names it in error messages.
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            file: file.to_string(),
            detail: e.to_string(),
        })?;
        config.calendar = WorkCalendar::with_builtin(
            config.holidays.dates.iter().copied(),
            config.holidays.workdays.iter().copied(),
        );
        Ok(config)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, &path.display().to_string())
    }

    /// What `ledger check` uses outside a workspace: the shipped template.
    pub fn builtin() -> Config {
        Config::parse(TEMPLATE, "ledger.toml").expect("the shipped template parses")
    }
}

/// `[columns]`: `field = ["header", …]` for each field key, and
/// `ignore = [...]`; an unknown key names the keys that work.
fn columns<'de, D: Deserializer<'de>>(d: D) -> Result<Taught, D::Error> {
    let table = BTreeMap::<String, Vec<String>>::deserialize(d)?;
    let mut names = Vec::new();
    for (key, headers) in table {
        let column = if key == IGNORE {
            None
        } else {
            let field = Field::ALL.into_iter().find(|f| f.key() == key);
            let Some(field) = field else {
                let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
                return Err(serde::de::Error::custom(format!(
                    "[columns] 没有“{key}”这一项 / no field '{key}'; 可用 / use: {}, {IGNORE}",
                    keys.join(", ")
                )));
            };
            Some(field.index())
        };
        names.extend(headers.into_iter().map(|h| (h, column)));
    }
    Ok(Taught::new(names))
}

/// The `[columns]` key of header names to leave unread.
const IGNORE: &str = "ignore";

/// A TOML date (`2022-10-16`) or a quoted one (`"2022-10-16"`).
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Toml(dt) => dt.to_string(),
        Raw::Text(s) => s,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(format!("'{text}' is not a date (YYYY-MM-DD)")))
}

struct Date(NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        date(d).map(Date)
    }
}

fn dates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    Ok(Vec::<Date>::deserialize(d)?
        .into_iter()
        .map(|d| d.0)
        .collect())
}

fn named_dates<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, NaiveDate>, D::Error> {
    Ok(BTreeMap::<String, Date>::deserialize(d)?
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect())
}

/// Deserialises a TOML date field; shared with the task division.
pub fn deserialize_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    date(d)
}

/// Deserialises an optional TOML date field.
pub fn deserialize_opt_date<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_template_is_the_default() {
        let c = Config::builtin();
        assert_eq!(c.organisation.name, "某某街道");
        assert_eq!(c.rules, Rules::default());
        assert_eq!(c.named_dates["党的二十大"], ymd(2022, 10, 16));
        assert_eq!(c.named_dates["党的二十大结束"], ymd(2022, 10, 22));
        assert!(!c.calendar.is_workday(ymd(2022, 10, 3)));
        assert!(c.calendar.is_workday(ymd(2022, 10, 8)), "make-up Saturday");
        assert!(
            !c.calendar.is_workday(ymd(2026, 10, 7)),
            "built-in 2026 notice"
        );
    }

    #[test]
    fn holidays_in_the_config_add_a_year() {
        let text = "[organisation]\nname = \"x\"\n[holidays]\ndates = [2027-01-01]\nworkdays = [2027-01-09]\n";
        let c = Config::parse(text, "ledger.toml").unwrap();
        assert!(!c.calendar.is_workday(ymd(2027, 1, 1)));
        assert!(c.calendar.is_workday(ymd(2027, 1, 9)));
        assert_eq!(
            c.calendar
                .first_unknown_year(ymd(2027, 1, 1), ymd(2027, 2, 1)),
            None
        );
        assert_eq!(
            Config::builtin()
                .calendar
                .first_unknown_year(ymd(2027, 1, 1), ymd(2027, 2, 1)),
            Some(2027)
        );
    }

    #[test]
    fn unknown_keys_are_errors_naming_file_line_and_key() {
        let text = "[organisation]\nname = \"x\"\n[rules]\nmajor_dayz = 3\n";
        let e = Config::parse(text, "ledger.toml").unwrap_err().to_string();
        assert!(e.contains("ledger.toml"), "{e}");
        assert!(e.contains("line 4"), "{e}");
        assert!(e.contains("major_dayz"), "{e}");
    }

    #[test]
    fn bad_dates_are_errors_naming_the_line() {
        let text = "[organisation]\nname = \"x\"\n[named_dates]\n\"国庆\" = \"10月1日\"\n";
        let e = Config::parse(text, "ledger.toml").unwrap_err().to_string();
        assert!(e.contains("line 4") && e.contains("10月1日"), "{e}");
    }

    #[test]
    fn levels_and_day_count_parse_from_chinese_and_english_words() {
        let text = "[organisation]\nname = \"x\"\n[rules]\ncount = \"workdays\"\ndefault_level = \"较大\"\n";
        let c = Config::parse(text, "ledger.toml").unwrap();
        assert_eq!(c.rules.count, DayCount::Workdays);
        assert_eq!(c.rules.default_level, Level::Larger);
        assert_eq!(c.rules.major_days, 15);
    }
}
