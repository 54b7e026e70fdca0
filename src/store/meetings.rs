//! Meetings of a committee.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};

use super::entities::meeting;
use super::page::{Page, PageRequest};
use super::{Store, StoreError};
use crate::domain::validate::{Note, Reference, Title};
use crate::domain::Actor;

/// A meeting to record, already validated.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub committee_id: i32,
    pub title: Title,
    pub held_on: NaiveDate,
    pub reference: Option<Reference>,
    pub summary: Option<Note>,
}

fn in_committee(committee_id: Option<i32>) -> Select<meeting::Entity> {
    let query = meeting::Entity::find();
    match committee_id {
        Some(id) => query.filter(meeting::Column::CommitteeId.eq(id)),
        None => query,
    }
}

impl Store {
    /// # Errors
    /// `NotFound` for an unknown committee, `Forbidden` unless the actor records meetings for it.
    pub async fn create_meeting(
        &self,
        actor: &Actor,
        new: NewMeeting,
        now: DateTime<Utc>,
    ) -> Result<meeting::Model, StoreError> {
        let committee = self.committee(new.committee_id).await?;
        actor.may_record_meetings(
            super::committees::standing_in(self.connection(), actor, &committee).await?,
        )?;
        Ok(meeting::ActiveModel {
            committee_id: Set(committee.id),
            title: Set(new.title.into_inner()),
            held_on: Set(new.held_on),
            reference: Set(new.reference.map(Reference::into_inner)),
            summary: Set(new.summary.map(Note::into_inner)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(self.connection())
        .await?)
    }

    /// Meetings in the order they were recorded.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn meetings_page(
        &self,
        committee_id: Option<i32>,
        request: PageRequest,
    ) -> Result<Page<meeting::Model>, StoreError> {
        let mut query = in_committee(committee_id).order_by_asc(meeting::Column::Id);
        if let Some(after) = request.after {
            query = query.filter(meeting::Column::Id.gt(after));
        }
        let rows = query
            .limit(request.first + 1)
            .all(self.connection())
            .await?;
        Ok(Page::from_overfetch(rows, &request))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_meetings(&self, committee_id: Option<i32>) -> Result<u64, StoreError> {
        Ok(in_committee(committee_id).count(self.connection()).await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn meetings_by_ids(
        &self,
        ids: &[i32],
    ) -> Result<HashMap<i32, meeting::Model>, StoreError> {
        let rows = meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|m| (m.id, m)).collect())
    }
}
