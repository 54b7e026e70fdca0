//! A committee's settings after its creation: what a change asks for, and what it changes,
//! field by field, for the committee's journal.

use super::reminders::PolicyOverride;
use super::validate::{Language, Name, ShortName};
use super::{Role, RuleError};

/// Checks that a person may be listed among a committee's members: its secretaries (who act on
/// it) and viewers. A chair is the committee's chair; a liaison belongs to a department.
///
/// # Errors
/// `Invalid` for any other role.
pub fn check_member(role: Role, name: &str) -> Result<(), RuleError> {
    match role {
        Role::Secretary | Role::Viewer => Ok(()),
        _ => Err(RuleError::Invalid(format!(
            "{name} is a {role}: committees list their secretaries and viewers; a chair is set as the committee's chair."
        ))),
    }
}

/// The settings of a committee as they stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeSettings {
    pub name: String,
    pub short_name: Option<String>,
    pub chair_id: Option<i32>,
    pub time_zone: String,
    /// "vi" or "en".
    pub language: String,
    pub reminders: PolicyOverride,
}

/// What a change asks for: `None` keeps a setting; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct SettingsChange {
    pub name: Option<Name>,
    pub short_name: Option<Option<ShortName>>,
    pub chair_id: Option<Option<i32>>,
    pub time_zone: Option<String>,
    pub language: Option<Language>,
    /// The committee's own reminder settings, replacing the ones it had.
    pub reminders: Option<PolicyOverride>,
}

impl SettingsChange {
    /// The settings after the change.
    pub fn applied_to(&self, before: &CommitteeSettings) -> CommitteeSettings {
        CommitteeSettings {
            name: self
                .name
                .clone()
                .map_or_else(|| before.name.clone(), Name::into_inner),
            short_name: self.short_name.clone().map_or_else(
                || before.short_name.clone(),
                |s| s.map(ShortName::into_inner),
            ),
            chair_id: self.chair_id.unwrap_or(before.chair_id),
            time_zone: self
                .time_zone
                .clone()
                .unwrap_or_else(|| before.time_zone.clone()),
            language: self
                .language
                .map_or_else(|| before.language.clone(), |l| l.code().to_string()),
            reminders: self
                .reminders
                .clone()
                .unwrap_or_else(|| before.reminders.clone()),
        }
    }
}

/// One changed setting, as the committee's journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The setting's name as the API calls it.
    pub name: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn reminders_text(reminders: &PolicyOverride) -> Option<String> {
    (*reminders != PolicyOverride::default())
        .then(|| serde_json::to_string(reminders).unwrap_or_default())
}

/// Every setting that differs between `before` and `after`.
pub fn changed_settings(before: &CommitteeSettings, after: &CommitteeSettings) -> Vec<FieldChange> {
    let fields: [(&'static str, Option<String>, Option<String>); 6] = [
        ("name", Some(before.name.clone()), Some(after.name.clone())),
        (
            "shortName",
            before.short_name.clone(),
            after.short_name.clone(),
        ),
        (
            "chair",
            before.chair_id.map(|id| id.to_string()),
            after.chair_id.map(|id| id.to_string()),
        ),
        (
            "timeZone",
            Some(before.time_zone.clone()),
            Some(after.time_zone.clone()),
        ),
        (
            "language",
            Some(before.language.clone()),
            Some(after.language.clone()),
        ),
        (
            "reminders",
            reminders_text(&before.reminders),
            reminders_text(&after.reminders),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, from, to)| from != to)
        .map(|(name, from, to)| FieldChange { name, from, to })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> CommitteeSettings {
        CommitteeSettings {
            name: "Ban Chỉ đạo Phát triển KTTT".into(),
            short_name: None,
            chair_id: None,
            time_zone: "Asia/Ho_Chi_Minh".into(),
            language: "vi".into(),
            reminders: PolicyOverride::default(),
        }
    }

    #[test]
    fn committees_list_their_secretaries_and_viewers() {
        for role in Role::ALL {
            assert_eq!(
                check_member(role, "A").is_ok(),
                matches!(role, Role::Secretary | Role::Viewer),
                "{role}"
            );
        }
    }

    #[test]
    fn only_what_differs_is_a_change() {
        let before = settings();
        assert!(
            changed_settings(&before, &SettingsChange::default().applied_to(&before)).is_empty()
        );
        let change = SettingsChange {
            chair_id: Some(Some(7)),
            short_name: Some(Some(ShortName::parse("BCĐ KTTT").expect("short"))),
            name: Some(Name::parse("Ban Chỉ đạo Phát triển KTTT").expect("the same name")),
            reminders: Some(PolicyOverride {
                due_soon_days: Some(5),
                ..PolicyOverride::default()
            }),
            ..SettingsChange::default()
        };
        let after = change.applied_to(&before);
        let changed = changed_settings(&before, &after);
        let names: Vec<&str> = changed.iter().map(|c| c.name).collect();
        assert_eq!(names, ["shortName", "chair", "reminders"]);
        assert_eq!(changed[1].from, None);
        assert_eq!(changed[1].to.as_deref(), Some("7"));
        assert_eq!(changed[2].to.as_deref(), Some("{\"send_at\":null,\"due_soon_days\":5,\"overdue_every\":null,\"escalate_after_days\":null,\"notify_co_owners\":null}"));
        let cleared = SettingsChange {
            chair_id: Some(None),
            ..SettingsChange::default()
        }
        .applied_to(&after);
        assert_eq!(cleared.chair_id, None);
        assert_eq!(cleared.short_name.as_deref(), Some("BCĐ KTTT"));
    }
}
