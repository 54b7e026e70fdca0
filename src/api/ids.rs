//! Opaque global IDs: the kind of record and its number, base64-encoded ("Task:12").

use async_graphql::ID;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::error::{ApiError, ApiResult};

/// The kinds of record that have an ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    Department,
    Committee,
    Meeting,
    Task,
    ProgressUpdate,
    ExtensionRequest,
    Reminder,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::User,
        Kind::Department,
        Kind::Committee,
        Kind::Meeting,
        Kind::Task,
        Kind::ProgressUpdate,
        Kind::ExtensionRequest,
        Kind::Reminder,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Department => "Department",
            Kind::Committee => "Committee",
            Kind::Meeting => "Meeting",
            Kind::Task => "Task",
            Kind::ProgressUpdate => "ProgressUpdate",
            Kind::ExtensionRequest => "ExtensionRequest",
            Kind::Reminder => "Reminder",
        }
    }

    fn described(self) -> &'static str {
        match self {
            Kind::User => "a person",
            Kind::Department => "a department",
            Kind::Committee => "a committee",
            Kind::Meeting => "a meeting",
            Kind::Task => "a task",
            Kind::ProgressUpdate => "a journal entry",
            Kind::ExtensionRequest => "an extension request",
            Kind::Reminder => "a reminder",
        }
    }
}

/// The global ID of record `id` of `kind`.
pub fn encode(kind: Kind, id: i32) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name())))
}

/// Reads any global ID; `None` when it is not one of ours.
pub fn decode_any(id: &ID) -> Option<(Kind, i32)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(id.as_str()).ok()?).ok()?;
    let (name, number) = text.split_once(':')?;
    let kind = Kind::ALL.into_iter().find(|k| k.name() == name)?;
    Some((kind, number.parse().ok()?))
}

/// Reads a global ID that must be of `kind`.
///
/// # Errors
/// BAD_USER_INPUT when the ID is malformed or names another kind of record.
pub fn decode(kind: Kind, id: &ID) -> ApiResult<i32> {
    match decode_any(id) {
        Some((found, number)) if found == kind => Ok(number),
        _ => Err(ApiError::BadUserInput(format!(
            "\"{}\" is not the ID of {}.",
            id.as_str(),
            kind.described()
        ))),
    }
}

/// Reads an optional list of IDs of one kind.
///
/// # Errors
/// As [`decode`], for the first bad ID.
pub fn decode_all(kind: Kind, ids: Option<&[ID]>) -> ApiResult<Vec<i32>> {
    ids.unwrap_or_default()
        .iter()
        .map(|id| decode(kind, id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_keep_their_kind() {
        let id = encode(Kind::Task, 12);
        assert_eq!(decode(Kind::Task, &id).ok(), Some(12));
        assert!(decode(Kind::Department, &id).is_err());
        assert!(decode(Kind::Task, &ID("12".into())).is_err());
        assert_eq!(
            decode_any(&encode(Kind::ExtensionRequest, 3)),
            Some((Kind::ExtensionRequest, 3))
        );
    }
}
