//! Committees after their creation: their members (secretaries and viewers, a person serving
//! any number of committees), changes to their settings journaled field by field, and how a
//! person stands towards one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::directory::policy_override;
use super::entities::{committee, committee_change, committee_member, user};
use super::{Store, StoreError};
use crate::domain::calendar::parse_time_zone;
use crate::domain::committees::{
    changed_settings, check_member, CommitteeSettings, SettingsChange,
};
use crate::domain::permissions::CommitteeStanding;
use crate::domain::reminders::PolicyOverride;
use crate::domain::{Actor, Role, RuleError};

/// Whose memberships a page sets at once.
#[derive(Debug, Clone, Copy)]
pub enum Memberships {
    /// A committee's members.
    OfCommittee(i32),
    /// The committees a person serves.
    OfPerson(i32),
}

/// How `actor` stands towards `committee`: whether they chair it, and (for secretaries, the
/// only role whose rights depend on it) whether they serve it.
pub(super) async fn standing_in(
    db: &impl ConnectionTrait,
    actor: &Actor,
    committee: &committee::Model,
) -> Result<CommitteeStanding, StoreError> {
    let member = actor.role == Role::Secretary
        && committee_member::Entity::find_by_id((committee.id, actor.user_id))
            .one(db)
            .await?
            .is_some();
    Ok(CommitteeStanding::of(actor, committee.chair_id, member))
}

/// A committee's settings as the domain compares them.
fn settings_of(committee: &committee::Model) -> CommitteeSettings {
    CommitteeSettings {
        name: committee.name.clone(),
        short_name: committee.short_name.clone(),
        chair_id: committee.chair_id,
        time_zone: committee.time_zone.clone(),
        language: committee.language.clone(),
        reminders: policy_override(committee),
    }
}

/// Checks that a chair given for a committee is a person whose role is CHAIR.
pub(super) async fn check_chair(
    db: &impl ConnectionTrait,
    chair: Option<i32>,
) -> Result<(), StoreError> {
    let Some(chair) = chair else {
        return Ok(());
    };
    let person = user::Entity::find_by_id(chair)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("The chair"))?;
    if person.role != Role::Chair.as_str() || person.revoked_at.is_some() {
        return Err(RuleError::Invalid(format!(
            "{} is not an active CHAIR and cannot chair a committee.",
            person.name
        ))
        .into());
    }
    Ok(())
}

async fn journal_change(
    db: &impl ConnectionTrait,
    committee_id: i32,
    author_id: i32,
    at: DateTime<Utc>,
    field: &str,
    from: Option<String>,
    to: Option<String>,
) -> Result<(), StoreError> {
    committee_change::ActiveModel {
        committee_id: Set(committee_id),
        author_id: Set(author_id),
        at: Set(at),
        field: Set(field.to_string()),
        value_from: Set(from),
        value_to: Set(to),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Lists `user_ids` among a new committee's members, each checked to be one.
pub(super) async fn add_first_members(
    db: &impl ConnectionTrait,
    committee_id: i32,
    user_ids: &[i32],
) -> Result<(), StoreError> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids.iter().copied()))
        .all(db)
        .await?;
    let distinct: std::collections::BTreeSet<i32> = user_ids.iter().copied().collect();
    if people.len() != distinct.len() {
        return Err(StoreError::not_found("One of the members given"));
    }
    for person in &people {
        check_member(person.role.parse()?, &person.name)?;
    }
    committee_member::Entity::insert_many(distinct.into_iter().map(|user_id| {
        committee_member::ActiveModel {
            committee_id: Set(committee_id),
            user_id: Set(user_id),
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

impl Store {
    /// Changes a committee's settings; each changed field is journaled with its value before
    /// and after. Sending the current values again changes nothing.
    ///
    /// # Errors
    /// `Forbidden` unless an administrator; `NotFound` for an unknown committee or chair;
    /// `Invalid` for an unknown time zone or a chair who is not a CHAIR.
    pub async fn update_committee(
        &self,
        actor: &Actor,
        id: i32,
        change: SettingsChange,
        now: DateTime<Utc>,
    ) -> Result<committee::Model, StoreError> {
        actor.may_manage_directory()?;
        let txn = self.begin_write().await?;
        let current = committee::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The committee"))?;
        let before = settings_of(&current);
        let after = change.applied_to(&before);
        let changed = changed_settings(&before, &after);
        if changed.is_empty() {
            return Ok(current);
        }
        parse_time_zone(&after.time_zone)?;
        if after.chair_id != before.chair_id {
            check_chair(&txn, after.chair_id).await?;
        }
        let reminders = (after.reminders != PolicyOverride::default())
            .then(|| serde_json::to_string(&after.reminders))
            .transpose()
            .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(e.to_string())))?;
        let updated = committee::ActiveModel {
            id: Set(id),
            name: Set(after.name.clone()),
            short_name: Set(after.short_name.clone()),
            chair_id: Set(after.chair_id),
            time_zone: Set(after.time_zone.clone()),
            language: Set(after.language.clone()),
            reminder_policy: Set(reminders),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        for field in changed {
            journal_change(
                &txn,
                id,
                actor.user_id,
                now,
                field.name,
                field.from,
                field.to,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(updated)
    }

    /// Adds a person to a committee's members (or takes them off), journaled.
    ///
    /// # Errors
    /// `Forbidden` unless an administrator; `NotFound` for an unknown committee or person;
    /// `Invalid` for a role that is not served by membership (a chair chairs, a liaison belongs
    /// to a department).
    pub async fn set_committee_member(
        &self,
        actor: &Actor,
        committee_id: i32,
        user_id: i32,
        member: bool,
        now: DateTime<Utc>,
    ) -> Result<committee::Model, StoreError> {
        actor.may_manage_directory()?;
        let txn = self.begin_write().await?;
        let committee = committee::Entity::find_by_id(committee_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The committee"))?;
        let person = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The person"))?;
        if member {
            check_member(person.role.parse()?, &person.name)?;
        }
        let link = committee_member::Entity::find_by_id((committee_id, user_id))
            .one(&txn)
            .await?;
        match (member, link) {
            (true, None) => {
                committee_member::Entity::insert(committee_member::ActiveModel {
                    committee_id: Set(committee_id),
                    user_id: Set(user_id),
                })
                .on_conflict(
                    OnConflict::columns([
                        committee_member::Column::CommitteeId,
                        committee_member::Column::UserId,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(&txn)
                .await?;
                journal_change(
                    &txn,
                    committee_id,
                    actor.user_id,
                    now,
                    "member",
                    None,
                    Some(user_id.to_string()),
                )
                .await?;
            }
            (false, Some(_)) => {
                committee_member::Entity::delete_by_id((committee_id, user_id))
                    .exec(&txn)
                    .await?;
                journal_change(
                    &txn,
                    committee_id,
                    actor.user_id,
                    now,
                    "member",
                    Some(user_id.to_string()),
                    None,
                )
                .await?;
            }
            _ => {}
        }
        txn.commit().await?;
        Ok(committee)
    }

    /// Makes the members of one committee, or the committees of one person, exactly `wanted`
    /// (people, or committees), each addition and removal journaled.
    ///
    /// # Errors
    /// As [`Store::set_committee_member`].
    pub async fn set_memberships(
        &self,
        actor: &Actor,
        scope: Memberships,
        wanted: &[i32],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        actor.may_manage_directory()?;
        let (column, id) = match scope {
            Memberships::OfCommittee(id) => (committee_member::Column::CommitteeId, id),
            Memberships::OfPerson(id) => (committee_member::Column::UserId, id),
        };
        let current: Vec<i32> = committee_member::Entity::find()
            .filter(column.eq(id))
            .all(self.connection())
            .await?
            .into_iter()
            .map(|link| match scope {
                Memberships::OfCommittee(_) => link.user_id,
                Memberships::OfPerson(_) => link.committee_id,
            })
            .collect();
        let pair = |other: i32| match scope {
            Memberships::OfCommittee(committee) => (committee, other),
            Memberships::OfPerson(person) => (other, person),
        };
        let added = wanted
            .iter()
            .filter(|o| !current.contains(o))
            .map(|o| (*o, true));
        let removed = current
            .iter()
            .filter(|o| !wanted.contains(o))
            .map(|o| (*o, false));
        for (other, member) in added.chain(removed).collect::<Vec<_>>() {
            let (committee, person) = pair(other);
            self.set_committee_member(actor, committee, person, member, now)
                .await?;
        }
        Ok(())
    }

    /// The members of each committee, by name.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn members_of(
        &self,
        committee_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<user::Model>>, StoreError> {
        let links = committee_member::Entity::find()
            .filter(committee_member::Column::CommitteeId.is_in(committee_ids.iter().copied()))
            .all(self.connection())
            .await?;
        let people = self
            .users_by_ids(&links.iter().map(|l| l.user_id).collect::<Vec<_>>())
            .await?;
        let mut by_committee: HashMap<i32, Vec<user::Model>> = HashMap::new();
        for link in links {
            if let Some(person) = people.get(&link.user_id) {
                by_committee
                    .entry(link.committee_id)
                    .or_default()
                    .push(person.clone());
            }
        }
        for members in by_committee.values_mut() {
            members.sort_by(|a, b| a.name.cmp(&b.name));
        }
        Ok(by_committee)
    }

    /// The committees each person serves (as a member) or chairs.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn committees_of(
        &self,
        user_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<committee::Model>>, StoreError> {
        let links = committee_member::Entity::find()
            .filter(committee_member::Column::UserId.is_in(user_ids.iter().copied()))
            .all(self.connection())
            .await?;
        let chaired = committee::Entity::find()
            .filter(committee::Column::ChairId.is_in(user_ids.iter().copied()))
            .all(self.connection())
            .await?;
        let served = self
            .committees_by_ids(&links.iter().map(|l| l.committee_id).collect::<Vec<_>>())
            .await?;
        let mut by_person: HashMap<i32, Vec<committee::Model>> = HashMap::new();
        for link in links {
            if let Some(committee) = served.get(&link.committee_id) {
                by_person
                    .entry(link.user_id)
                    .or_default()
                    .push(committee.clone());
            }
        }
        for committee in chaired {
            if let Some(chair) = committee.chair_id {
                by_person.entry(chair).or_default().push(committee);
            }
        }
        for committees in by_person.values_mut() {
            committees.sort_by_key(|c| c.id);
            committees.dedup_by_key(|c| c.id);
        }
        Ok(by_person)
    }

    /// A committee's journal of changes, newest first (at most `limit`).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn committee_changes(
        &self,
        committee_id: i32,
        limit: u64,
    ) -> Result<Vec<committee_change::Model>, StoreError> {
        use sea_orm::QuerySelect;
        Ok(committee_change::Entity::find()
            .filter(committee_change::Column::CommitteeId.eq(committee_id))
            .order_by_desc(committee_change::Column::Id)
            .limit(limit)
            .all(self.connection())
            .await?)
    }
}
