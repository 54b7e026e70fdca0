//! The rules of following up a committee's directives, in plain Rust: no database, no HTTP, no
//! async. Everything here is decided from values passed in, so each rule is tested by a table.

pub mod calendar;
pub mod changes;
pub mod committees;
pub mod documents;
pub mod drafting;
pub mod edits;
pub mod import;
pub mod journal;
pub mod ordering;
pub mod periods;
pub mod permissions;
pub mod reminders;
pub mod rollup;
pub mod scorecard;
pub mod search;
pub mod status;
pub mod timeliness;
pub mod validate;

pub use permissions::{Actor, Role, TaskRelation};
pub use status::TaskStatus;
pub use timeliness::Timeliness;

/// A rule of the domain that a request broke, described for the person who made it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The input itself is wrong, whatever the state of the data.
    #[error("{0}")]
    Invalid(String),
    /// The person may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The input is fine but the record is in a state that does not allow it.
    #[error("{0}")]
    Conflict(String),
}
