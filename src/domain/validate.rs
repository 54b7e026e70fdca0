//! Inputs parsed once at the edge into values that are known to be valid.

use super::RuleError;

fn invalid(message: String) -> RuleError {
    RuleError::Invalid(message)
}

/// Trims `raw` and checks it has between `min` and `max` characters (not bytes: Vietnamese
/// letters take several bytes).
fn bounded_text(raw: &str, what: &str, min: usize, max: usize) -> Result<String, RuleError> {
    let text = raw.trim();
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
        bounded_text(raw, "The title", 1, 500).map(Title)
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
        bounded_text(raw, what, 1, 10_000).map(Note)
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
        bounded_text(raw, "The name", 1, 300).map(Name)
    }

    pub fn into_inner(self) -> String {
        self.0
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
        let code = bounded_text(raw, "The department code", 1, 32)?.to_ascii_uppercase();
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
