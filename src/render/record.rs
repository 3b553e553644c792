//! The shape of a record for scripts: JSON (RECORD in the issues), shared by
//! `check`, `list`, `show` and `overdue`; its CSV columns are
//! [`super::tables::RECORD`].

use crate::record::Hazard;
use chrono::NaiveDate;
use serde::Serialize;

/// A hazard as scripts see it. Field names are the contract; keep them.
#[derive(Serialize)]
pub struct RecordJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    /// The 镇街 a district's hazard belongs to; absent in a sub-district.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<&'a str>,
    pub sheet: &'a str,
    pub row: u32,
    pub seq: &'a str,
    pub unit: &'a str,
    pub address: &'a str,
    pub unit_head: &'a str,
    pub phone: &'a str,
    pub dept: &'a str,
    pub owner: &'a str,
    pub hazard: &'a str,
    pub measures: &'a str,
    pub deadline_text: &'a str,
    pub deadline: Option<NaiveDate>,
    pub long_term: bool,
    pub level: &'static str,
    pub found: NaiveDate,
    pub found_assumed: bool,
    pub status: &'static str,
    pub closed: Option<NaiveDate>,
    pub closed_source: Option<&'static str>,
    pub extended_deadline: Option<NaiveDate>,
    pub extension_approval: &'a str,
    pub extension_approved: bool,
    pub interview: Option<NaiveDate>,
    pub sector: &'a str,
    pub remarks: &'a str,
    /// 整改资金 in 元.
    pub funds: Option<f64>,
    pub code: &'a str,
    pub location: &'a str,
    pub inspector: &'a str,
    pub reviewer: &'a str,
    pub extras: serde_json::Map<String, serde_json::Value>,
}

impl<'a> RecordJson<'a> {
    /// The record; `with_id` for stored records (a file being checked has none).
    pub fn new(h: &'a Hazard, with_id: bool) -> RecordJson<'a> {
        RecordJson {
            id: with_id.then_some(h.id.as_str()),
            org: h.org(),
            sheet: &h.source.sheet,
            row: h.source.row,
            seq: &h.seq,
            unit: &h.unit,
            address: &h.address,
            unit_head: &h.unit_head,
            phone: &h.phone,
            dept: &h.dept,
            owner: &h.owner,
            hazard: &h.hazard,
            measures: &h.measures,
            deadline_text: &h.deadline_text,
            deadline: h.deadline,
            long_term: h.long_term,
            level: h.level.zh(),
            found: h.found,
            found_assumed: h.found_assumed,
            status: h.status.zh(),
            closed: h.closed,
            closed_source: h.closed_source.map(|s| s.key()),
            extended_deadline: h.extended_deadline,
            extension_approval: &h.extension_approval,
            extension_approved: h.extension_approved,
            interview: h.interview,
            sector: &h.sector,
            remarks: &h.remarks,
            funds: h.funds.map(yuan),
            code: &h.code,
            location: &h.location,
            inspector: &h.inspector,
            reviewer: &h.reviewer,
            extras: h
                .extras
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        }
    }
}

/// 分 as 元.
pub fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}
