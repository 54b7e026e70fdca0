//! Days in a committee's time zone: deadlines are calendar dates there, instants are UTC.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::RuleError;

/// The time zone a committee works in.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Ho_Chi_Minh";

/// Parses an IANA time zone name such as "Asia/Ho_Chi_Minh".
///
/// # Errors
/// `Invalid` when the name is not a known IANA zone.
pub fn parse_time_zone(name: &str) -> Result<Tz, RuleError> {
    name.parse::<Tz>().map_err(|_| {
        RuleError::Invalid(format!(
            "\"{name}\" is not a time zone name; use an IANA name such as Asia/Ho_Chi_Minh."
        ))
    })
}

/// The calendar day it is at `now` in `zone`.
pub fn local_day(zone: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&zone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_day_changes_at_local_midnight() {
        let zone = parse_time_zone(DEFAULT_TIME_ZONE).expect("known zone");
        let cases = [
            ("2022-09-29T16:59:00Z", "2022-09-29"),
            ("2022-09-29T17:00:00Z", "2022-09-30"),
            ("2022-09-30T16:59:59Z", "2022-09-30"),
        ];
        for (instant, expected) in cases {
            let now: DateTime<Utc> = instant.parse().expect("valid instant");
            assert_eq!(local_day(zone, now).to_string(), expected, "{instant}");
        }
    }

    #[test]
    fn unknown_time_zones_are_refused() {
        assert!(parse_time_zone("Europe/Paris").is_ok());
        assert!(parse_time_zone("UTC+7").is_err());
        assert!(parse_time_zone("").is_err());
    }
}
