//! Days in a committee's time zone: deadlines are calendar dates there, instants are UTC.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
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

/// Which days offices work: the working weekdays, less public holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    working_weekdays: [bool; 7],
    holidays: std::collections::BTreeSet<NaiveDate>,
}

/// The longest run of days off the calendar looks through for the next working day; a calendar
/// with no working day at all would otherwise never answer.
const LONGEST_BREAK: u64 = 60;

impl WorkCalendar {
    /// A calendar working on `weekdays` except on `holidays`.
    pub fn new(
        weekdays: &[chrono::Weekday],
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> WorkCalendar {
        let mut working_weekdays = [false; 7];
        for day in weekdays {
            working_weekdays[day.num_days_from_monday() as usize] = true;
        }
        WorkCalendar {
            working_weekdays,
            holidays: holidays.into_iter().collect(),
        }
    }

    /// Monday to Friday, no holidays.
    pub fn weekdays_only() -> WorkCalendar {
        use chrono::Weekday::{Fri, Mon, Thu, Tue, Wed};
        WorkCalendar::new(&[Mon, Tue, Wed, Thu, Fri], [])
    }

    /// Reads a holiday list: one `YYYY-MM-DD description` per line, `#` for comments.
    ///
    /// # Errors
    /// `Invalid`, naming the line, when a line does not start with a real date.
    pub fn parse_holidays(text: &str) -> Result<Vec<NaiveDate>, RuleError> {
        text.lines()
            .enumerate()
            .map(|(number, line)| (number + 1, line.trim()))
            .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
            .map(|(number, line)| {
                let date = line.split_whitespace().next().unwrap_or_default();
                NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
                    RuleError::Invalid(format!(
                        "line {number} of the holiday list does not start with a date (YYYY-MM-DD): {line}"
                    ))
                })
            })
            .collect()
    }

    /// Parses weekday names such as "Mon".
    ///
    /// # Errors
    /// `Invalid` for a name that is not a weekday.
    pub fn parse_weekdays(names: &[String]) -> Result<Vec<chrono::Weekday>, RuleError> {
        names
            .iter()
            .map(|name| {
                name.parse::<chrono::Weekday>().map_err(|_| {
                    RuleError::Invalid(format!(
                        "\"{name}\" is not a weekday; use Mon, Tue, …, Sun."
                    ))
                })
            })
            .collect()
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.working_weekdays[day.weekday().num_days_from_monday() as usize]
            && !self.holidays.contains(&day)
    }

    /// The first working day on or after `day`.
    pub fn working_day_from(&self, day: NaiveDate) -> NaiveDate {
        (0..LONGEST_BREAK)
            .filter_map(|offset| day.checked_add_days(chrono::Days::new(offset)))
            .find(|candidate| self.is_working_day(*candidate))
            .unwrap_or(day)
    }

    /// The day a deadline really ends: a deadline on a weekend or holiday ends at the end of the
    /// next working day (Civil Code 2015, article 148).
    pub fn due_day(&self, deadline: NaiveDate) -> NaiveDate {
        self.working_day_from(deadline)
    }

    /// Working days in `(after, until]`.
    pub fn working_days_between(&self, after: NaiveDate, until: NaiveDate) -> u32 {
        after
            .iter_days()
            .skip(1)
            .take_while(|day| *day <= until)
            .filter(|day| self.is_working_day(*day))
            .count()
            .try_into()
            .unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod calendar_tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn vietnam() -> WorkCalendar {
        let holidays = WorkCalendar::parse_holidays(include_str!("../../config/holidays-vn.txt"))
            .expect("the shipped holiday list parses");
        let base = WorkCalendar::weekdays_only();
        WorkCalendar {
            holidays: holidays.into_iter().collect(),
            ..base
        }
    }

    #[test]
    fn deadlines_on_days_off_move_to_the_next_working_day() {
        let calendar = vietnam();
        let cases = [
            ("2025-09-30", "2025-09-30"),
            ("2025-10-04", "2025-10-06"),
            ("2025-04-30", "2025-05-05"),
            ("2026-02-14", "2026-02-23"),
            ("2025-12-31", "2025-12-31"),
            ("2026-01-01", "2026-01-02"),
        ];
        for (deadline, due) in cases {
            assert_eq!(calendar.due_day(day(deadline)), day(due), "{deadline}");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let calendar = vietnam();
        assert!(!calendar.is_working_day(day("2026-02-17")), "Tết");
        assert!(!calendar.is_working_day(day("2026-11-28")), "Saturday");
        assert!(calendar.is_working_day(day("2026-11-27")));
        assert_eq!(
            calendar.working_days_between(day("2026-11-27"), day("2026-11-30")),
            1
        );
        assert_eq!(
            calendar.working_days_between(day("2026-11-27"), day("2026-11-27")),
            0
        );
        assert_eq!(
            calendar.working_days_between(day("2026-04-24"), day("2026-05-04")),
            3
        );
    }

    #[test]
    fn a_bad_holiday_line_is_named() {
        let error = WorkCalendar::parse_holidays("# ok\n2025-01-01 Tết\n2025-13-01 wrong\n")
            .expect_err("bad month");
        assert!(error.to_string().contains("line 3"), "{error}");
        assert!(WorkCalendar::parse_weekdays(&["Mon".into(), "Funday".into()]).is_err());
    }

    #[test]
    fn a_calendar_without_working_days_still_answers() {
        let calendar = WorkCalendar::new(&[], []);
        assert_eq!(calendar.due_day(day("2026-01-01")), day("2026-01-01"));
    }
}
