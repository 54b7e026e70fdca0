//! Keyset paging: a page is the rows after a cursor, plus whether more follow. A cursor names
//! the row it stands for and, in a list with an order, that row's sort value and the order, so
//! that rows added or changed elsewhere never shift the pages a client is reading.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::domain::RuleError;

/// The largest page a client may ask for.
pub const MAX_PAGE: u64 = 100;
/// The page size when the client does not say.
pub const DEFAULT_PAGE: u64 = 20;

/// A validated request for one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub first: u64,
    /// Rows strictly after this id (before it, for newest-first lists).
    pub after: Option<i32>,
    /// In an ordered list, the cursor row's sort value (`None` inside: it had none).
    pub after_key: Option<Option<String>>,
}

impl PageRequest {
    /// Parses the Relay `first` and `after` arguments.
    ///
    /// # Errors
    /// `Invalid` when `first` is outside 1 to 100 or the cursor was not made by us.
    pub fn parse(first: Option<i32>, after: Option<&str>) -> Result<Self, RuleError> {
        let first = match first {
            None => DEFAULT_PAGE,
            Some(n) if (1..=100).contains(&n) => u64::try_from(n).unwrap_or(DEFAULT_PAGE),
            Some(n) => {
                return Err(RuleError::Invalid(format!(
                    "`first` must be between 1 and {MAX_PAGE}, not {n}."
                )))
            }
        };
        let after = after.map(decode_cursor).transpose()?;
        Ok(PageRequest {
            first,
            after,
            after_key: None,
        })
    }

    /// Parses `first` and `after` for a list in the order `label` names, or in id order.
    ///
    /// # Errors
    /// `Invalid` as [`PageRequest::parse`], and for a cursor made for a list in another order.
    pub fn parse_ordered(
        first: Option<i32>,
        after: Option<&str>,
        label: Option<&str>,
    ) -> Result<Self, RuleError> {
        let Some(label) = label else {
            return Self::parse(first, after);
        };
        let mut request = Self::parse(first, None)?;
        if let Some(cursor) = after {
            let (id, key) = decode_ordered_cursor(cursor, label)?;
            request.after = Some(id);
            request.after_key = Some(key);
        }
        Ok(request)
    }

    /// The first `first` rows.
    pub fn first(first: u64) -> Self {
        PageRequest {
            first,
            after: None,
            after_key: None,
        }
    }
}

/// One page of rows.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// Builds a page from a query that fetched one row more than asked, to learn whether more follow.
    pub fn from_overfetch(mut rows: Vec<T>, request: &PageRequest) -> Self {
        let wanted = usize::try_from(request.first).unwrap_or(usize::MAX);
        let has_next_page = rows.len() > wanted;
        rows.truncate(wanted);
        Page {
            items: rows,
            has_next_page,
        }
    }
}

/// The opaque cursor of the row with this id.
pub fn encode_cursor(id: i32) -> String {
    URL_SAFE_NO_PAD.encode(format!("cursor:{id}"))
}

/// The opaque cursor of the row with this id and sort value in the list ordered as `label` says.
pub fn encode_ordered_cursor(label: &str, id: i32, key: Option<&str>) -> String {
    let key = key.map_or_else(|| "-".to_string(), |value| format!("={value}"));
    URL_SAFE_NO_PAD.encode(format!("cursor:{label}:{id}:{key}"))
}

/// The refusal of a cursor this server did not make.
pub(crate) fn not_ours() -> RuleError {
    RuleError::Invalid("The `after` cursor is not one this server gave out.".into())
}

fn decoded(cursor: &str) -> Result<String, RuleError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("cursor:").map(str::to_string))
        .ok_or_else(not_ours)
}

fn decode_cursor(cursor: &str) -> Result<i32, RuleError> {
    let text = decoded(cursor)?;
    text.parse().map_err(|_| {
        if text.contains(':') {
            in_another_order()
        } else {
            not_ours()
        }
    })
}

fn in_another_order() -> RuleError {
    RuleError::Invalid(
        "The `after` cursor belongs to the same list in another order; start again from the first page.".into(),
    )
}

fn decode_ordered_cursor(cursor: &str, label: &str) -> Result<(i32, Option<String>), RuleError> {
    let text = decoded(cursor)?;
    let mut parts = text.splitn(3, ':');
    let (made_for, id, key) = (parts.next(), parts.next(), parts.next());
    let (Some(id), Some(key)) = (id.and_then(|id| id.parse().ok()), key) else {
        return Err(if text.parse::<i32>().is_ok() {
            in_another_order()
        } else {
            not_ours()
        });
    };
    if made_for != Some(label) {
        return Err(in_another_order());
    }
    match (key, key.strip_prefix('=')) {
        ("-", _) => Ok((id, None)),
        (_, Some(value)) => Ok((id, Some(value.to_string()))),
        _ => Err(not_ours()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_are_one_to_a_hundred() {
        let cases = [
            (None, Some(20)),
            (Some(1), Some(1)),
            (Some(100), Some(100)),
            (Some(0), None),
            (Some(101), None),
            (Some(-5), None),
        ];
        for (first, expected) in cases {
            assert_eq!(
                PageRequest::parse(first, None).ok().map(|p| p.first),
                expected,
                "{first:?}"
            );
        }
    }

    #[test]
    fn cursors_round_trip_and_forgeries_are_refused() {
        let cursor = encode_cursor(42);
        assert_eq!(
            PageRequest::parse(None, Some(&cursor)).map(|p| p.after),
            Ok(Some(42))
        );
        assert!(PageRequest::parse(None, Some("bm9wZQ")).is_err());
        assert!(PageRequest::parse(None, Some("%%%")).is_err());
    }

    #[test]
    fn ordered_cursors_carry_their_order_and_sort_value() {
        let by_title = "TITLE.ASC";
        for key in [Some("Báo cáo: quý 3"), Some(""), None] {
            let cursor = encode_ordered_cursor(by_title, 7, key);
            let request = PageRequest::parse_ordered(Some(5), Some(&cursor), Some(by_title));
            assert_eq!(
                request.map(|r| (r.after, r.after_key)),
                Ok((Some(7), Some(key.map(str::to_string)))),
                "{key:?}"
            );
            assert_eq!(
                PageRequest::parse_ordered(None, Some(&cursor), Some("TITLE.DESC")),
                Err(in_another_order())
            );
            assert_eq!(
                PageRequest::parse(None, Some(&cursor)),
                Err(in_another_order())
            );
        }
        assert_eq!(
            PageRequest::parse_ordered(None, Some(&encode_cursor(7)), Some(by_title)),
            Err(in_another_order())
        );
        let forged = URL_SAFE_NO_PAD.encode("cursor:TITLE.ASC:7:x");
        assert_eq!(
            PageRequest::parse_ordered(None, Some(&forged), Some(by_title)),
            Err(not_ours())
        );
    }

    #[test]
    fn an_overfetched_row_means_another_page() {
        let request = PageRequest::first(2);
        let page = Page::from_overfetch(vec![1, 2, 3], &request);
        assert_eq!((page.items, page.has_next_page), (vec![1, 2], true));
        let last = Page::from_overfetch(vec![1, 2], &request);
        assert!(!last.has_next_page);
    }
}
