//! The orders a list of tasks can be read in. Ties are broken by the order of assignment, and
//! tasks without a deadline come last whichever way the list runs.

/// What a list of tasks is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOrderField {
    /// The deadline as the chair set it.
    Deadline,
    /// The day the deadline really ends (the next working day when it falls on a day off).
    DueOn,
    UpdatedAt,
    CreatedAt,
    /// Titles by character code, alike on both databases.
    Title,
    Progress,
}

impl TaskOrderField {
    /// The name the API uses and cursors carry, such as `DUE_ON`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskOrderField::Deadline => "DEADLINE",
            TaskOrderField::DueOn => "DUE_ON",
            TaskOrderField::UpdatedAt => "UPDATED_AT",
            TaskOrderField::CreatedAt => "CREATED_AT",
            TaskOrderField::Title => "TITLE",
            TaskOrderField::Progress => "PROGRESS",
        }
    }
}

/// Which way a list runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    Asc,
    Desc,
}

impl SortDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            SortDirection::Asc => "ASC",
            SortDirection::Desc => "DESC",
        }
    }
}

/// An order for a list of tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskOrder {
    pub field: TaskOrderField,
    pub direction: SortDirection,
}

impl TaskOrder {
    /// The most pressing first: the earliest real due day, the most days late at the top.
    pub const MOST_PRESSING: TaskOrder = TaskOrder {
        field: TaskOrderField::DueOn,
        direction: SortDirection::Asc,
    };

    /// The label a cursor carries, so that a cursor made for one order is refused by another.
    pub fn label(self) -> String {
        format!("{}.{}", self.field.as_str(), self.direction.as_str())
    }
}
