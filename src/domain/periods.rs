//! Reporting periods: a month, a quarter or a year, cut either at the calendar's month ends or,
//! as periodic reports in Vietnamese offices are, on the 15th (a quarter runs from the 15th of
//! the month before it to the 14th of its last month; a year from 15/12 to 14/12).

use chrono::{Datelike, Days, Months, NaiveDate};

use super::RuleError;

/// Where periods are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodScheme {
    /// Calendar months, quarters and years.
    #[default]
    Calendar,
    /// From the 15th to the 14th (Decree 09/2019/NĐ-CP's cut-off for periodic reports).
    Fifteenth,
}

/// Which kind of period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodUnit {
    Month(u32),
    Quarter(u32),
    Year,
}

/// The days a report covers, both included, with the name people call it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// "Quý III/2022", "Tháng 10/2022", "Năm 2022", or the two days.
    pub label: String,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// The earliest and latest years a period may name: a committee's records do not go further.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

fn first_of(year: i32, month: u32) -> Result<NaiveDate, RuleError> {
    NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| RuleError::Invalid(format!("There is no month {month}/{year}.")))
}

impl ReportPeriod {
    /// A named period.
    ///
    /// # Errors
    /// `Invalid` for a month outside 1 to 12, a quarter outside 1 to 4 or a year outside
    /// 2000 to 2100.
    pub fn named(year: i32, unit: PeriodUnit, scheme: PeriodScheme) -> Result<Self, RuleError> {
        if !YEARS.contains(&year) {
            return Err(RuleError::Invalid(format!(
                "The year {year} is outside the years a report may cover ({} to {}).",
                YEARS.start(),
                YEARS.end()
            )));
        }
        let (first_month, months, label) = match unit {
            PeriodUnit::Month(month) if (1..=12).contains(&month) => {
                (month, 1, format!("Tháng {month}/{year}"))
            }
            PeriodUnit::Quarter(quarter) if (1..=4).contains(&quarter) => (
                quarter * 3 - 2,
                3,
                format!("Quý {}/{year}", ROMAN[quarter as usize - 1]),
            ),
            PeriodUnit::Year => (1, 12, format!("Năm {year}")),
            PeriodUnit::Month(month) => {
                return Err(RuleError::Invalid(format!(
                    "There is no month {month}: choose 1 to 12."
                )))
            }
            PeriodUnit::Quarter(quarter) => {
                return Err(RuleError::Invalid(format!(
                    "There is no quarter {quarter}: choose 1 to 4."
                )))
            }
        };
        let start = first_of(year, first_month)?;
        let end = start + Months::new(months);
        let (from, to) = match scheme {
            PeriodScheme::Calendar => (start, end - Days::new(1)),
            PeriodScheme::Fifteenth => (
                start - Months::new(1) + Days::new(14),
                end - Months::new(1) + Days::new(13),
            ),
        };
        let label = match scheme {
            PeriodScheme::Calendar => label,
            PeriodScheme::Fifteenth => format!("{label} ({} – {})", dmy(from), dmy(to)),
        };
        Ok(ReportPeriod { from, to, label })
    }

    /// The days from `from` to `to`.
    ///
    /// # Errors
    /// `Invalid` when `to` comes before `from`.
    pub fn between(from: NaiveDate, to: NaiveDate) -> Result<Self, RuleError> {
        if to < from {
            return Err(RuleError::Invalid(format!(
                "The period ends ({}) before it starts ({}).",
                dmy(to),
                dmy(from)
            )));
        }
        Ok(ReportPeriod {
            from,
            to,
            label: format!("{} – {}", dmy(from), dmy(to)),
        })
    }

    /// The quarter that holds `day`, cut by `scheme`.
    pub fn quarter_of(day: NaiveDate, scheme: PeriodScheme) -> Self {
        // In the 15th scheme, a day from the 15th on belongs to the next month's period.
        let shifted = match scheme {
            PeriodScheme::Fifteenth if day.day() >= 15 => {
                day.with_day(1).unwrap_or(day) + Months::new(1)
            }
            _ => day,
        };
        let quarter = (shifted.month() - 1) / 3 + 1;
        ReportPeriod::named(shifted.year(), PeriodUnit::Quarter(quarter), scheme).unwrap_or_else(
            |_| ReportPeriod {
                from: day,
                to: day,
                label: dmy(day),
            },
        )
    }
}

/// A period as a person asks for it: a year, a quarter or a month of a year, or two days; with
/// nothing asked, the quarter that holds today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodChoice {
    pub year: Option<i32>,
    pub quarter: Option<u32>,
    pub month: Option<u32>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub scheme: PeriodScheme,
}

impl PeriodChoice {
    /// The period meant.
    ///
    /// # Errors
    /// `Invalid` for a mix that names no one period (a quarter and a month, a quarter without a
    /// year, one of the two days without the other), or an impossible one.
    pub fn resolve(&self, today: NaiveDate) -> Result<ReportPeriod, RuleError> {
        let mixed = || {
            RuleError::Invalid(
                "Choose a year (with a quarter or a month, or neither), or a first and a last day."
                    .into(),
            )
        };
        match *self {
            PeriodChoice {
                year: None,
                quarter: None,
                month: None,
                from: None,
                to: None,
                scheme,
            } => Ok(ReportPeriod::quarter_of(today, scheme)),
            PeriodChoice {
                year: None,
                quarter: None,
                month: None,
                from: Some(from),
                to: Some(to),
                ..
            } => ReportPeriod::between(from, to),
            PeriodChoice {
                year: Some(year),
                quarter,
                month,
                from: None,
                to: None,
                scheme,
            } => {
                let unit = match (quarter, month) {
                    (None, None) => PeriodUnit::Year,
                    (Some(quarter), None) => PeriodUnit::Quarter(quarter),
                    (None, Some(month)) => PeriodUnit::Month(month),
                    (Some(_), Some(_)) => return Err(mixed()),
                };
                ReportPeriod::named(year, unit, scheme)
            }
            _ => Err(mixed()),
        }
    }
}

/// A day as Vietnamese documents write it: 05/02/2026.
pub fn dmy(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use PeriodScheme::{Calendar, Fifteenth};
    use PeriodUnit::{Month, Quarter, Year};

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a test day")
    }

    #[test]
    fn periods_are_cut_at_month_ends_or_on_the_fifteenth() {
        let cases = [
            (
                2022,
                Quarter(3),
                Calendar,
                "2022-07-01",
                "2022-09-30",
                "Quý III/2022",
            ),
            (
                2022,
                Quarter(1),
                Calendar,
                "2022-01-01",
                "2022-03-31",
                "Quý I/2022",
            ),
            (
                2024,
                Month(2),
                Calendar,
                "2024-02-01",
                "2024-02-29",
                "Tháng 2/2024",
            ),
            (2022, Year, Calendar, "2022-01-01", "2022-12-31", "Năm 2022"),
            (
                2022,
                Quarter(3),
                Fifteenth,
                "2022-06-15",
                "2022-09-14",
                "Quý III/2022 (15/06/2022 – 14/09/2022)",
            ),
            (
                2022,
                Quarter(1),
                Fifteenth,
                "2021-12-15",
                "2022-03-14",
                "Quý I/2022 (15/12/2021 – 14/03/2022)",
            ),
            (
                2022,
                Year,
                Fifteenth,
                "2021-12-15",
                "2022-12-14",
                "Năm 2022 (15/12/2021 – 14/12/2022)",
            ),
            (
                2022,
                Month(1),
                Fifteenth,
                "2021-12-15",
                "2022-01-14",
                "Tháng 1/2022 (15/12/2021 – 14/01/2022)",
            ),
        ];
        for (year, unit, scheme, from, to, label) in cases {
            let period = ReportPeriod::named(year, unit, scheme).expect("a valid period");
            assert_eq!(
                (period.from, period.to, period.label.as_str()),
                (day(from), day(to), label),
                "{unit:?} {year} {scheme:?}"
            );
        }
    }

    #[test]
    fn impossible_periods_are_refused() {
        for (year, unit) in [
            (2022, Month(13)),
            (2022, Month(0)),
            (2022, Quarter(5)),
            (1999, Year),
        ] {
            assert!(
                matches!(
                    ReportPeriod::named(year, unit, Calendar),
                    Err(RuleError::Invalid(_))
                ),
                "{unit:?} {year}"
            );
        }
        assert!(ReportPeriod::between(day("2022-10-01"), day("2022-09-30")).is_err());
        assert_eq!(
            ReportPeriod::between(day("2022-09-30"), day("2022-09-30"))
                .map(|p| p.label)
                .ok(),
            Some("30/09/2022 – 30/09/2022".to_string())
        );
    }

    #[test]
    fn a_choice_names_one_period_or_is_refused() {
        let today = day("2022-11-20");
        let choose = |year, quarter, month, from: Option<&str>, to: Option<&str>| {
            PeriodChoice {
                year,
                quarter,
                month,
                from: from.map(day),
                to: to.map(day),
                scheme: Calendar,
            }
            .resolve(today)
            .map(|p| p.label)
        };
        let cases = [
            (choose(None, None, None, None, None), Some("Quý IV/2022")),
            (
                choose(Some(2022), Some(3), None, None, None),
                Some("Quý III/2022"),
            ),
            (
                choose(Some(2022), None, Some(9), None, None),
                Some("Tháng 9/2022"),
            ),
            (choose(Some(2023), None, None, None, None), Some("Năm 2023")),
            (
                choose(None, None, None, Some("2022-08-26"), Some("2022-09-30")),
                Some("26/08/2022 – 30/09/2022"),
            ),
            (choose(Some(2022), Some(3), Some(9), None, None), None),
            (choose(None, Some(3), None, None, None), None),
            (choose(None, None, None, Some("2022-08-26"), None), None),
            (
                choose(
                    Some(2022),
                    None,
                    None,
                    Some("2022-08-26"),
                    Some("2022-09-30"),
                ),
                None,
            ),
        ];
        for (index, (got, wanted)) in cases.into_iter().enumerate() {
            assert_eq!(got.ok().as_deref(), wanted, "case {index}");
        }
    }

    #[test]
    fn the_quarter_of_a_day_follows_the_scheme() {
        let cases = [
            ("2022-09-30", Calendar, "2022-07-01"),
            ("2022-10-01", Calendar, "2022-10-01"),
            ("2022-09-14", Fifteenth, "2022-06-15"),
            ("2022-09-15", Fifteenth, "2022-09-15"),
            ("2022-12-20", Fifteenth, "2022-12-15"),
        ];
        for (today, scheme, from) in cases {
            assert_eq!(
                ReportPeriod::quarter_of(day(today), scheme).from,
                day(from),
                "{today} {scheme:?}"
            );
        }
    }
}
