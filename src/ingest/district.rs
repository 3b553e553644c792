//! Which 镇街 a submission comes from, for a district: the member its title
//! or 填报单位 line names, else the one `--org` names; and its records
//! rewritten to carry it (`磁器口街道/YH-2022-0024`).

use crate::division::Division;
use crate::i18n::{Lang, Localized};
use crate::read::submission::LISTED_COLUMN;
use crate::record::supervision::is_column;
use crate::record::{Hazard, ORG_SEPARATOR, Text};
use crate::text::{compact, trim};

/// Why no member could be settled on.
#[derive(Debug, PartialEq)]
pub enum OrgError {
    /// Neither the file nor `--org` names a member.
    Unnamed,
    /// `--org` (or the file) names no member; the closest members.
    Unknown { name: String, closest: Vec<String> },
    /// The file names one member and `--org` another.
    Conflict { file: String, flag: String },
}

/// A submission refused because its 镇街 could not be settled.
#[derive(Debug)]
pub struct Refused {
    /// The file as messages name it.
    pub file: String,
    pub why: OrgError,
}

crate::i18n::localized_error!(Refused);

impl Localized for Refused {
    fn message(&self, lang: Lang) -> String {
        let file = &self.file;
        match &self.why {
            OrgError::Unnamed => lang.pick(
                format!("{file}：标题和填报单位都没有写明是哪个镇街报送的，请用 --org 指定"),
                format!("{file}: neither its title nor a 填报单位 line names the 镇街 it comes from; name it with --org"),
            ),
            OrgError::Unknown { name, closest } => {
                let near = if closest.is_empty() {
                    String::new()
                } else {
                    lang.pick(
                        format!("；最接近的是：{}", closest.join("、")),
                        format!("; the closest: {}", closest.join(", ")),
                    )
                };
                lang.pick(
                    format!("{file}：“{name}”不是本区的镇街（tasks.toml 的 [[members]] 中没有）{near}"),
                    format!("{file}: '{name}' is not a member of this district (not in tasks.toml's [[members]]){near}"),
                )
            }
            OrgError::Conflict { file: named, flag } => lang.pick(
                format!("{file}：文件写明由“{named}”报送，与 --org {flag} 不符"),
                format!("{file}: the file says it comes from '{named}', not --org {flag}"),
            ),
        }
    }
}

/// The member `texts` (titles, 填报单位) name, else `flag`'s, by canonical name.
pub fn resolve<'d>(
    texts: &[&str],
    flag: Option<&str>,
    division: &'d Division,
) -> Result<&'d str, OrgError> {
    let named = named_member(texts, division);
    match (named, flag) {
        (Some(m), None) => Ok(m),
        (Some(m), Some(f)) => match division.canonical(f) {
            Some(c) if c == m => Ok(m),
            _ => Err(OrgError::Conflict {
                file: m.to_string(),
                flag: f.to_string(),
            }),
        },
        (None, Some(f)) => division.canonical(f).ok_or_else(|| OrgError::Unknown {
            name: f.to_string(),
            closest: closest(f, division),
        }),
        (None, None) => match texts.iter().find_map(|t| org_in(t)) {
            Some(name) => Err(OrgError::Unknown {
                closest: closest(&name, division),
                name,
            }),
            None => Err(OrgError::Unnamed),
        },
    }
}

/// The member whose name or alias the texts contain, the longest match first
/// (磁器口街道 before 磁器口).
fn named_member<'d>(texts: &[&str], division: &'d Division) -> Option<&'d str> {
    let texts: Vec<String> = texts.iter().map(|t| compact(t)).collect();
    division
        .departments
        .iter()
        .filter(|d| d.member)
        .flat_map(|d| {
            std::iter::once(&d.name)
                .chain(&d.aliases)
                .map(move |n| (compact(n), d.name.as_str()))
        })
        .filter(|(n, _)| !n.is_empty() && texts.iter().any(|t| t.contains(n.as_str())))
        .max_by_key(|(n, _)| n.chars().count())
        .map(|(_, name)| name)
}

/// A 镇街's name at the head of a title ("某某街道安全生产…" → 某某街道).
fn org_in(text: &str) -> Option<String> {
    let text = compact(text);
    ["街道", "镇", "乡"]
        .iter()
        .filter_map(|w| text.find(w).map(|at| at + w.len()))
        .min()
        .map(|end| text[..end].to_string())
        .filter(|name| name.chars().count() > 2)
}

/// Up to three members nearest `name`.
pub fn closest(name: &str, division: &Division) -> Vec<String> {
    let key = compact(name);
    let mut scored: Vec<(f64, &str)> = division
        .departments
        .iter()
        .filter(|d| d.member)
        .map(|d| {
            let other = compact(&d.name);
            let contains = other.contains(&key) || key.contains(&other);
            let score =
                strsim::normalized_levenshtein(&other, &key) + if contains { 0.5 } else { 0.0 };
            (score, d.name.as_str())
        })
        .filter(|(score, _)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, n)| n.into()).collect()
}

/// Gives `h` the listed-supervision tier its report's 重大隐患 sheet states,
/// unless a column of its own already does.
pub fn list(h: &mut Hazard, tier: &str) {
    if !h.extras.iter().any(|(header, _)| is_column(header)) {
        h.extras.push((LISTED_COLUMN.to_string(), tier.to_string()));
    }
}

/// Marks `h` as `org`'s: its id becomes `org/编号` (`org/` when the file
/// gave none, for the store to number).
pub fn assign(h: &mut Hazard, org: &str) {
    let own = trim(&h.id).to_string();
    let mut id = Text::from(org);
    id.push(ORG_SEPARATOR);
    id.push_str(&own);
    h.id = id;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn district() -> Division {
        let text = r#"
[plan]
name = "沙坪坝区安全生产大检查"
start = 2022-05-01

[[members]]
name = "磁器口街道"
aliases = ["磁器口"]

[[members]]
name = "童家桥街道"

[[members]]
name = "石井坡街道"
"#;
        Division::parse(text, "tasks.toml", &Config::builtin()).unwrap()
    }

    #[test]
    fn the_title_or_reporting_line_names_the_member_before_the_flag() {
        let d = district();
        let title = "磁器口街道安全生产大检查月报（2022年7月）";
        assert_eq!(resolve(&[title], None, &d), Ok("磁器口街道"));
        assert_eq!(
            resolve(&["应急办台账", "磁器口"], None, &d),
            Ok("磁器口街道")
        );
        assert_eq!(resolve(&["台账"], Some("童家桥街道"), &d), Ok("童家桥街道"));
        assert_eq!(
            resolve(&[title], Some("童家桥街道"), &d),
            Err(OrgError::Conflict {
                file: "磁器口街道".into(),
                flag: "童家桥街道".into()
            })
        );
        assert_eq!(resolve(&["台账"], None, &d), Err(OrgError::Unnamed));
    }

    #[test]
    fn an_unknown_member_is_refused_with_the_closest_names() {
        let d = district();
        let Err(OrgError::Unknown { name, closest }) = resolve(&["台账"], Some("石井街道"), &d)
        else {
            panic!("not refused");
        };
        assert_eq!(name, "石井街道");
        assert_eq!(closest[0], "石井坡街道");
        let Err(OrgError::Unknown { name, .. }) =
            resolve(&["歌乐山街道安全生产大检查台账"], None, &d)
        else {
            panic!("not refused");
        };
        assert_eq!(name, "歌乐山街道");
    }
}
