//! The `Date` scalar: a calendar date such as "2022-09-30".

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

use crate::domain::validate::plausible_day;

/// A calendar date, ISO 8601 ("2022-09-30"), in the committee's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => {
                let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                    InputValueError::custom(format!(
                        "\"{text}\" is not a real calendar date; write it as YYYY-MM-DD, e.g. 2022-09-30."
                    ))
                })?;
                plausible_day(day, "A date")
                    .map(Date)
                    .map_err(|rule| InputValueError::custom(rule.to_string()))
            }
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}
