//! Keyset paging: a page is the rows after a cursor, in id order, plus whether more follow.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::domain::RuleError;

/// The largest page a client may ask for.
pub const MAX_PAGE: u64 = 100;
/// The page size when the client does not say.
pub const DEFAULT_PAGE: u64 = 20;

/// A validated request for one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub first: u64,
    /// Rows strictly after this id (before it, for newest-first lists).
    pub after: Option<i32>,
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
        Ok(PageRequest { first, after })
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
    pub fn from_overfetch(mut rows: Vec<T>, request: PageRequest) -> Self {
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

fn decode_cursor(cursor: &str) -> Result<i32, RuleError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("cursor:").and_then(|id| id.parse().ok()))
        .ok_or_else(|| {
            RuleError::Invalid("The `after` cursor is not one this server gave out.".into())
        })
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
    fn an_overfetched_row_means_another_page() {
        let request = PageRequest {
            first: 2,
            after: None,
        };
        let page = Page::from_overfetch(vec![1, 2, 3], request);
        assert_eq!((page.items, page.has_next_page), (vec![1, 2], true));
        let last = Page::from_overfetch(vec![1, 2], request);
        assert!(!last.has_next_page);
    }
}
