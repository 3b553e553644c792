//! The whole ledger for Excel (`ledger export`): every field under its Chinese
//! header, Annex 3 first, so that a clerk can edit it and import it again.
//!
//! The title row carries [`EXPORT_MARK`]; `import` recognises an export by it and
//! treats its rows as corrections of the records they name by 编号 rather
//! than as a department's new submission.

use super::large_table::LargeTables;
use super::xlsx::{self, Formats, XCell, XRow};
use crate::field::Field;
use crate::read::{EXPORT_MARK, REDACTED_MARK};
use crate::record::Hazard;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Workbook, XlsxError};

/// The exported columns: Annex 3, 编号, then the optional columns. A review
/// verdict is not among them: it is read into the status, which is.
pub const FIELDS: &[Field] = Field::ALL.split_at(Field::COUNT - 1).0;

/// What an export holds: the records and the extra columns any of them has.
pub struct Export<'a> {
    pub title: String,
    pub records: Vec<&'a Hazard>,
    pub extras: Vec<String>,
    /// Phones and unit heads masked (`--redact`).
    pub redact: bool,
    /// The division's departments, offered in a drop-down on 责任单位.
    pub depts: Vec<String>,
}

impl<'a> Export<'a> {
    pub fn new(
        organisation: &str,
        today: chrono::NaiveDate,
        records: Vec<&'a Hazard>,
        redact: bool,
    ) -> Export<'a> {
        let mut extras: Vec<String> = Vec::new();
        for (k, _) in records.iter().flat_map(|h| &h.extras) {
            if !extras.contains(k) {
                extras.push(k.clone());
            }
        }
        let mark = if redact {
            format!("{EXPORT_MARK}·{REDACTED_MARK}")
        } else {
            EXPORT_MARK.to_string()
        };
        Export {
            title: format!(
                "{organisation}安全生产大检查问题整改台账（{mark} {today}，共 {} 条；按编号修改后可重新导入）",
                records.len()
            ),
            records,
            extras,
            redact,
            depts: Vec::new(),
        }
    }

    /// The check Excel applies to a column while a clerk edits, as on the
    /// blank template. 延期时限 and 整改资金 are left free: the export writes
    /// them as the text they were read as, which a date or number check
    /// would flag.
    fn validation(&self, field: Field) -> Result<Option<DataValidation>, XlsxError> {
        match field {
            Field::Extension | Field::Funds => Ok(None),
            Field::Dept if self.depts.is_empty() => Ok(None),
            Field::Dept => {
                let names: Vec<&str> = self.depts.iter().map(String::as_str).collect();
                // Excel holds a list of at most 255 characters in the rule;
                // a longer one is left out rather than cut.
                let Ok(list) = DataValidation::new().allow_list_strings(&names) else {
                    return Ok(None);
                };
                // A warning, not a stop: an alias or a community is still a
                // valid 责任单位.
                Ok(Some(
                    list.set_error_style(DataValidationErrorStyle::Warning)
                        .set_error_title("责任单位")?
                        .set_error_message("不在任务分工的责任单位之中；仍要使用请点“是”")?,
                ))
            }
            _ => xlsx::validation(field),
        }
    }

    pub fn headers(&self) -> Vec<&str> {
        FIELDS
            .iter()
            .map(|f| xlsx::written_label(*f))
            .chain(self.extras.iter().map(String::as_str))
            .collect()
    }

    /// One record's cells: dates as dates, everything else as the text it was
    /// read as, so that importing an unedited export changes nothing.
    pub fn cells(&self, h: &Hazard) -> Vec<XCell> {
        let mut cells: Vec<XCell> = FIELDS
            .iter()
            .map(|f| match f {
                Field::Seq => h.seq.as_str().into(),
                Field::Unit => h.unit.as_str().into(),
                Field::Address => h.address.as_str().into(),
                Field::UnitHead if self.redact => super::redact::given_names(&h.unit_head).into(),
                Field::UnitHead => h.unit_head.as_str().into(),
                Field::Phone if self.redact => super::redact::phone(&h.phone).into(),
                Field::Phone => h.phone.as_str().into(),
                Field::Dept => h.dept.as_str().into(),
                Field::Owner => h.owner.as_str().into(),
                Field::Hazard => h.hazard.as_str().into(),
                Field::Measures => h.measures.as_str().into(),
                Field::Deadline => h.deadline_text.as_str().into(),
                Field::Remarks => h.remarks.as_str().into(),
                Field::Id => h.id.as_str().into(),
                Field::Level => h.level.zh().into(),
                Field::Found => XCell::Date(Some(h.found)),
                Field::Status => h.status.zh().into(),
                Field::Closed => XCell::Date(h.closed),
                Field::Sector => h.sector.as_str().into(),
                Field::Extension => h.extension_text.as_str().into(),
                Field::Approval => h.extension_approval.as_str().into(),
                Field::Interview => XCell::Date(h.interview),
                Field::Funds => h.funds.map_or(XCell::Text(String::new()), |f| {
                    XCell::Text(super::record::yuan(f).to_string())
                }),
                Field::Code => h.code.as_str().into(),
                Field::Location => h.location.as_str().into(),
                Field::Inspector => h.inspector.as_str().into(),
                Field::Reviewer => h.reviewer.as_str().into(),
                Field::ReviewResult => XCell::Text(String::new()),
            })
            .collect();
        for key in &self.extras {
            let value = h
                .extras
                .iter()
                .find(|(k, _)| k == key)
                .map_or("", |(_, v)| v.as_str());
            cells.push(value.into());
        }
        cells
    }

    /// The text of a cell for CSV.
    pub fn text(cell: &XCell) -> String {
        match cell {
            XCell::Text(s) => s.clone(),
            XCell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            XCell::Int(n) => n.to_string(),
            XCell::Percent(p) => p.map(|p| format!("{:.1}%", p * 100.0)).unwrap_or_default(),
            XCell::Money(m) => format!("{m:.2}"),
        }
    }

    /// The workbook's bytes.
    pub fn xlsx(&self) -> anyhow::Result<Vec<u8>> {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let mut tables = LargeTables::default();
        let ws = wb.add_worksheet().set_name("台账")?;
        let headers: Vec<(&str, f64)> = FIELDS
            .iter()
            .map(|f| (xlsx::written_label(*f), xlsx::width(*f)))
            .chain(self.extras.iter().map(|e| (e.as_str(), 12.0)))
            .collect();
        let first = xlsx::title(ws, &f, &headers, &self.title, None)?;
        tables.add(
            ws,
            &f,
            first,
            &headers,
            self.records.iter().map(|h| XRow::plain(self.cells(h))),
        )?;
        // To the sheet's last row: rows a clerk adds are new hazards.
        for (c, field) in FIELDS.iter().enumerate() {
            if let Some(v) = self.validation(*field)? {
                ws.add_data_validation(first + 1, c as u16, 1_048_575, c as u16, &v)?;
            }
        }
        xlsx::page_setup(ws, first + 1, headers.len() as u16)?;
        tables.save(&mut wb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_has_every_stored_field_but_the_review_verdict() {
        let mut want: Vec<Field> = Field::ALL.to_vec();
        want.retain(|f| *f != Field::ReviewResult);
        assert_eq!(FIELDS, want.as_slice());
    }
}
