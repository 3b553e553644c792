//! Instants as a person reads them: the store keeps RFC 3339 with its
//! offset, which scripts get as it is; a table or a workbook shows the
//! local time to the minute (`2022-07-31 09:15`), since the UTC text
//! `2026-11-26T16:27:12+00:00` is past midnight the next day in Beijing.

use chrono::{DateTime, Local, TimeZone};

/// `at` in this computer's time zone, to the minute; text that is not an
/// instant is shown as it is.
pub fn local(at: &str) -> String {
    local_in(at, &Local)
}

fn local_in<Tz: TimeZone>(at: &str, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.with_timezone(zone).format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn an_instant_is_shown_in_the_readers_zone_to_the_minute() {
        let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
        assert_eq!(
            local_in("2026-11-26T16:27:12+00:00", &beijing),
            "2026-11-27 00:27"
        );
        assert_eq!(
            local_in("2022-07-31T09:15:59+08:00", &beijing),
            "2022-07-31 09:15"
        );
        assert_eq!(local_in("not a time", &beijing), "not a time");
    }
}
