//! Inputs parsed once at the edge into values that are known to be valid.

use chrono::{Datelike, NaiveDate};

use super::RuleError;

fn invalid(message: String) -> RuleError {
    RuleError::Invalid(message)
}

/// Whether a text may run over several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// Names, titles, codes: they end up in mail headers and page titles, where a line break
    /// would start a new header.
    One,
    /// Notes and descriptions keep their line breaks and tabs.
    Many,
}

/// The first character of `text` that has no place in it: every control character (NUL,
/// escapes, line breaks in one-line text), which databases, mail headers and terminals treat
/// as commands rather than text.
fn forbidden_character(text: &str, lines: Lines) -> Option<char> {
    text.chars().find(|&c| {
        let line_break_or_tab = matches!(c, '\n' | '\r' | '\t');
        c.is_control() && !(lines == Lines::Many && line_break_or_tab)
    })
}

/// Trims `raw` and checks it has between `min` and `max` characters (not bytes: Vietnamese
/// letters take several bytes) and no control characters.
fn bounded_text(
    raw: &str,
    what: &str,
    min: usize,
    max: usize,
    lines: Lines,
) -> Result<String, RuleError> {
    let text = raw.trim();
    if let Some(bad) = forbidden_character(text, lines) {
        let allowed = match lines {
            Lines::One => "it must be one line of text",
            Lines::Many => "only text, line breaks and tabs are allowed",
        };
        return Err(invalid(format!(
            "{what} contains a control character (U+{:04X}): {allowed}.",
            u32::from(bad)
        )));
    }
    let length = text.chars().count();
    if length < min {
        return Err(invalid(format!("{what} must not be empty.")));
    }
    if length > max {
        return Err(invalid(format!(
            "{what} is too long: {length} characters, at most {max} are allowed."
        )));
    }
    Ok(text.to_string())
}

/// A task or meeting title: 1 to 500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    /// # Errors
    /// `Invalid` when empty or longer than 500 characters.
    pub fn parse(raw: &str) -> Result<Self, RuleError> {
        bounded_text(raw, "The title", 1, 500, Lines::One).map(Title)
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A note, reason or other free text that must say something: 1 to 10,000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(String);

impl Note {
    /// # Errors
    /// `Invalid` when empty or longer than 10,000 characters; `what` names the field.
    pub fn parse(raw: &str, what: &str) -> Result<Self, RuleError> {
        bounded_text(raw, what, 1, 10_000, Lines::Many).map(Note)
    }

    /// Like [`Note::parse`], but an absent or blank text is simply absent.
    ///
    /// # Errors
    /// `Invalid` when longer than 10,000 characters.
    pub fn parse_optional(raw: Option<&str>, what: &str) -> Result<Option<Self>, RuleError> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => Note::parse(text, what).map(Some),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A name of a person, department or committee: 1 to 300 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    /// # Errors
    /// `Invalid` when empty or longer than 300 characters.
    pub fn parse(raw: &str) -> Result<Self, RuleError> {
        bounded_text(raw, "The name", 1, 300, Lines::One).map(Name)
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A committee's short name for e-mail subjects, such as "BCĐ KTTT": 1 to 60 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortName(String);

impl ShortName {
    /// # Errors
    /// `Invalid` when empty, longer than 60 characters or not one line.
    pub fn parse(raw: &str) -> Result<Self, RuleError> {
        bounded_text(raw, "The short name", 1, 60, Lines::One).map(ShortName)
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A meeting's document number, such as "Thông báo số 112/TB-UBND": 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference(String);

impl Reference {
    /// An absent or blank reference is simply absent.
    ///
    /// # Errors
    /// `Invalid` when longer than 100 characters or not one line.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, RuleError> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => {
                bounded_text(text, "The reference", 1, 100, Lines::One).map(|r| Some(Reference(r)))
            }
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Words to search for: up to 200 characters on one line; blank means no search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText(String);

impl SearchText {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// # Errors
    /// `Invalid` when longer than 200 characters or holding control characters.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, RuleError> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => {
                bounded_text(text, "The search", 1, 200, Lines::One).map(|s| Some(SearchText(s)))
            }
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The years a date may fall in. Deadlines, meetings and report days of a committee are within
/// a lifetime of today; years outside are typing mistakes, and years beyond four digits would
/// sort wrongly where dates are stored as text (SQLite).
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A calendar date inside [`YEARS`]; `what` names the field in the refusal.
///
/// # Errors
/// `Invalid` for a year before 1900 or after 2200.
pub fn plausible_day(day: NaiveDate, what: &str) -> Result<NaiveDate, RuleError> {
    if YEARS.contains(&day.year()) {
        Ok(day)
    } else {
        Err(invalid(format!(
            "{what} must fall between the years {} and {}, not {day}.",
            YEARS.start(),
            YEARS.end()
        )))
    }
}

/// A department's short code such as "SCT": letters, digits, '-' and '_', up to 32.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentCode(String);

impl DepartmentCode {
    /// Codes are compared in upper case, so "sct" and "SCT" are the same department.
    ///
    /// # Errors
    /// `Invalid` for an empty code, one over 32 characters, or other characters.
    pub fn parse(raw: &str) -> Result<Self, RuleError> {
        let code =
            bounded_text(raw, "The department code", 1, 32, Lines::One)?.to_ascii_uppercase();
        if code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            Ok(DepartmentCode(code))
        } else {
            Err(invalid(format!(
                "The department code \"{code}\" may only use letters A-Z, digits, '-' and '_'."
            )))
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Percent done, 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress(i32);

impl Progress {
    /// # Errors
    /// `Invalid` outside 0..=100.
    pub fn parse(raw: i32) -> Result<Self, RuleError> {
        if (0..=100).contains(&raw) {
            Ok(Progress(raw))
        } else {
            Err(invalid(format!(
                "Progress is a percentage from 0 to 100, not {raw}."
            )))
        }
    }

    pub fn value(self) -> i32 {
        self.0
    }
}

/// An e-mail address, kept in lower case so that one person has one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// A pragmatic check: one '@', a non-empty local part, a dotted domain, no spaces or
    /// characters that could break a mail header.
    ///
    /// # Errors
    /// `Invalid` when the text is not an e-mail address.
    pub fn parse(raw: &str) -> Result<Self, RuleError> {
        let address = raw.trim().to_lowercase();
        let refuse = || invalid(format!("\"{}\" is not an e-mail address.", raw.trim()));
        if address.len() > 254
            || address
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c))
        {
            return Err(refuse());
        }
        let (local, domain) = address.split_once('@').ok_or_else(refuse)?;
        let domain_ok = domain.contains('.')
            && !domain.contains('@')
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(refuse());
        }
        Ok(Email(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The language of a committee's reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Vietnamese,
    English,
}

impl Language {
    /// # Errors
    /// `Invalid` for anything but "vi" or "en".
    pub fn parse(raw: &str) -> Result<Self, RuleError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "vi" => Ok(Language::Vietnamese),
            "en" => Ok(Language::English),
            other => Err(invalid(format!(
                "The language must be \"vi\" (Vietnamese) or \"en\" (English), not \"{other}\"."
            ))),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::Vietnamese => "vi",
            Language::English => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_to_five_hundred_characters() {
        let vietnamese_500: String = "ữ".repeat(500);
        let cases = [
            ("Kiện toàn Ban Chỉ đạo", true),
            ("  padded  ", true),
            ("", false),
            ("   ", false),
            (vietnamese_500.as_str(), true),
        ];
        for (raw, ok) in cases {
            assert_eq!(Title::parse(raw).is_ok(), ok, "{raw:?}");
        }
        assert!(Title::parse(&"a".repeat(501)).is_err());
        assert_eq!(
            Title::parse("  padded  ").map(Title::into_inner),
            Ok("padded".into())
        );
    }

    #[test]
    fn one_line_texts_refuse_control_characters() {
        let cases = [
            ("Sở Công Thương", true),
            ("Evil\r\nBcc: x@example.org", false),
            ("tab\there", false),
            ("nul\0byte", false),
            ("escape \u{1b}[31m red", false),
            ("bell\u{7}", false),
            ("next\u{85}line", false),
        ];
        for (raw, ok) in cases {
            assert_eq!(Name::parse(raw).is_ok(), ok, "name {raw:?}");
            assert_eq!(Title::parse(raw).is_ok(), ok, "title {raw:?}");
            assert_eq!(ShortName::parse(raw).is_ok(), ok, "short name {raw:?}");
            assert_eq!(
                Reference::parse_optional(Some(raw)).is_ok(),
                ok,
                "reference {raw:?}"
            );
            assert_eq!(
                SearchText::parse_optional(Some(raw)).is_ok(),
                ok,
                "search {raw:?}"
            );
        }
        let refusal = Name::parse("a\r\nb").err();
        assert_eq!(
            refusal,
            Some(RuleError::Invalid(
                "The name contains a control character (U+000D): it must be one line of text."
                    .into()
            ))
        );
    }

    #[test]
    fn notes_keep_line_breaks_but_refuse_other_control_characters() {
        assert!(Note::parse("Dòng một\r\nDòng hai\tcột", "The note").is_ok());
        assert!(Note::parse("nul\0byte", "The note").is_err());
        assert!(Note::parse_optional(Some("x\u{1b}"), "The note").is_err());
    }

    #[test]
    fn column_limits_are_checked_before_the_database() {
        assert!(ShortName::parse(&"Đ".repeat(60)).is_ok());
        assert!(ShortName::parse(&"Đ".repeat(61)).is_err());
        assert!(Reference::parse_optional(Some(&"ố".repeat(100))).is_ok());
        assert!(Reference::parse_optional(Some(&"ố".repeat(101))).is_err());
        assert_eq!(Reference::parse_optional(Some("  ")), Ok(None));
        assert!(SearchText::parse_optional(Some(&"a".repeat(201))).is_err());
        assert_eq!(SearchText::parse_optional(Some(" ")), Ok(None));
    }

    #[test]
    fn dates_fall_between_1900_and_2200() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        for (date, ok) in [
            (day(1900, 1, 1), true),
            (day(2022, 9, 30), true),
            (day(2200, 12, 31), true),
            (day(1899, 12, 31), false),
            (day(2201, 1, 1), false),
            (day(-200_000, 1, 1), false),
            (day(10_000, 1, 1), false),
        ] {
            assert_eq!(plausible_day(date, "The deadline").is_ok(), ok, "{date}");
        }
    }

    #[test]
    fn progress_is_a_percentage() {
        for (raw, ok) in [
            (0, true),
            (100, true),
            (55, true),
            (-1, false),
            (101, false),
        ] {
            assert_eq!(Progress::parse(raw).is_ok(), ok, "{raw}");
        }
    }

    #[test]
    fn email_addresses_are_checked_and_lowercased() {
        let cases = [
            ("lienminh@thaibinh.gov.vn", Some("lienminh@thaibinh.gov.vn")),
            (
                " Chu.Tich@ThaiBinh.gov.vn ",
                Some("chu.tich@thaibinh.gov.vn"),
            ),
            ("no-at-sign.gov.vn", None),
            ("two@@signs.vn", None),
            ("@thaibinh.gov.vn", None),
            ("user@localhost", None),
            ("user@-bad.vn", None),
            ("a b@thaibinh.gov.vn", None),
            ("x@y.vn\r\nBcc: evil@example.com", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                Email::parse(raw).ok().map(Email::into_inner).as_deref(),
                expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn department_codes_are_short_upper_case_words() {
        assert_eq!(
            DepartmentCode::parse("sct").map(DepartmentCode::into_inner),
            Ok("SCT".into())
        );
        assert_eq!(
            DepartmentCode::parse("UBND-DH").map(DepartmentCode::into_inner),
            Ok("UBND-DH".into())
        );
        assert!(DepartmentCode::parse("Sở CT").is_err());
        assert!(DepartmentCode::parse("").is_err());
    }

    #[test]
    fn languages_are_vietnamese_or_english() {
        assert_eq!(Language::parse("VI"), Ok(Language::Vietnamese));
        assert_eq!(Language::parse("en"), Ok(Language::English));
        assert!(Language::parse("fr").is_err());
    }

    #[test]
    fn optional_notes_treat_blank_as_absent() {
        assert_eq!(Note::parse_optional(Some("  "), "The note"), Ok(None));
        assert_eq!(Note::parse_optional(None, "The note"), Ok(None));
        assert!(Note::parse("", "The reason").is_err());
    }
}
