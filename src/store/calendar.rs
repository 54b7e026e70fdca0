//! Calendar feeds: a person's unguessable feed address (a new one replaces the old; either may
//! be revoked), and the open deadlines it shows: those of their department for a liaison, of
//! the committees they chair or serve for the others, of every committee for an administrator.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::directory::{new_token, token_hash};
use super::entities::{calendar_feed, task, user};
use super::page::PageRequest;
use super::tasks::TaskQuery;
use super::{Store, StoreError};
use crate::domain::ordering::TaskOrder;
use crate::domain::{Actor, Role, TaskStatus, Timeliness};

/// How many deadlines one feed shows, the most pressing first.
pub const FEED_EVENTS: u64 = 500;

impl Store {
    /// A new feed address for `actor` (returned once in clear); the old ones stop working.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn renew_calendar_feed(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let txn = self.begin_write().await?;
        revoke(&txn, actor.user_id, now).await?;
        let token = new_token();
        calendar_feed::ActiveModel {
            user_id: Set(actor.user_id),
            token_hash: Set(token_hash(&token)),
            created_at: Set(now),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(token)
    }

    /// Stops every feed address of `actor`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn revoke_calendar_feeds(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        revoke(self.connection(), actor.user_id, now).await
    }

    /// Whether `actor` has a working feed address.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn has_calendar_feed(&self, actor: &Actor) -> Result<bool, StoreError> {
        Ok(calendar_feed::Entity::find()
            .filter(calendar_feed::Column::UserId.eq(actor.user_id))
            .filter(calendar_feed::Column::RevokedAt.is_null())
            .one(self.connection())
            .await?
            .is_some())
    }

    /// The active person a feed address belongs to, if it still works.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn calendar_feed_owner(
        &self,
        token: &str,
    ) -> Result<Option<user::Model>, StoreError> {
        let Some(feed) = calendar_feed::Entity::find()
            .filter(calendar_feed::Column::TokenHash.eq(token_hash(token)))
            .filter(calendar_feed::Column::RevokedAt.is_null())
            .one(self.connection())
            .await?
        else {
            return Ok(None);
        };
        Ok(user::Entity::find_by_id(feed.user_id)
            .filter(user::Column::RevokedAt.is_null())
            .one(self.connection())
            .await?)
    }

    /// The open tasks with a deadline that `actor`'s feed shows, the most pressing first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn calendar_tasks(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<task::Model>, StoreError> {
        let open: Vec<TaskStatus> = TaskStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        // Open tasks with a deadline are on track, due soon or overdue (the other standings
        // are finished or without a deadline).
        let base = TaskQuery {
            statuses: open,
            timeliness: vec![
                Timeliness::OnTrack,
                Timeliness::DueSoon,
                Timeliness::Overdue,
            ],
            ..TaskQuery::default()
        };
        let scopes: Vec<TaskQuery> = match actor.role {
            Role::Liaison => vec![TaskQuery {
                department_id: actor.department_id,
                ..base
            }],
            Role::Admin => vec![base],
            _ => self
                .committees_of(&[actor.user_id])
                .await?
                .remove(&actor.user_id)
                .unwrap_or_default()
                .into_iter()
                .map(|committee| TaskQuery {
                    committee_id: Some(committee.id),
                    ..base.clone()
                })
                .collect(),
        };
        let mut tasks = Vec::new();
        for scope in scopes {
            let room = FEED_EVENTS.saturating_sub(tasks.len() as u64);
            if room == 0 {
                break;
            }
            let page = self
                .tasks_page(
                    &scope,
                    Some(TaskOrder::MOST_PRESSING),
                    PageRequest::first(room),
                    now,
                )
                .await?;
            tasks.extend(page.items);
        }
        Ok(tasks)
    }
}

async fn revoke(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    calendar_feed::Entity::update_many()
        .col_expr(calendar_feed::Column::RevokedAt, Expr::value(now))
        .filter(calendar_feed::Column::UserId.eq(user_id))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
