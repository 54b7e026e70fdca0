//! Departments, people, their API tokens, and committees.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};

use super::entities::{api_token, committee, department, session, user};
use super::page::{Page, PageRequest};
use super::{Store, StoreError};
use crate::domain::calendar::parse_time_zone;
use crate::domain::reminders::PolicyOverride;
use crate::domain::validate::{DepartmentCode, Email, Language, Name, ShortName};
use crate::domain::{Actor, Role};

/// A department to create, already validated.
#[derive(Debug, Clone)]
pub struct NewDepartment {
    pub code: DepartmentCode,
    pub name: Name,
    pub email: Option<Email>,
    pub parent_id: Option<i32>,
}

/// What to change of a department; `None` keeps a field as it is.
#[derive(Debug, Clone, Default)]
pub struct DepartmentChange {
    pub code: Option<DepartmentCode>,
    pub name: Option<Name>,
    pub email: Option<Option<Email>>,
    /// Other names a meeting's text may use for it.
    pub aliases: Option<Vec<Name>>,
    /// Groups it belongs to ("huyện").
    pub groups: Option<Vec<Name>>,
}

/// Names kept one per line.
fn lines(names: Vec<Name>) -> String {
    names
        .into_iter()
        .map(Name::into_inner)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A person to create, already validated.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: Name,
    pub email: Email,
    pub role: Role,
    pub department_id: Option<i32>,
}

/// A committee to create, already validated.
#[derive(Debug, Clone)]
pub struct NewCommittee {
    pub name: Name,
    /// For e-mail subjects, e.g. "BCĐ KTTT".
    pub short_name: Option<ShortName>,
    /// The committee's own reminder settings, already checked.
    pub reminder_policy: Option<PolicyOverride>,
    pub time_zone: String,
    pub language: Language,
    pub chair_id: Option<i32>,
    /// Its first members: the secretaries who will act on it, and viewers.
    pub member_ids: Vec<i32>,
}

/// A committee's own reminder settings; settings that cannot be read (written by hand) are
/// logged and left out, so the server's settings apply.
pub fn policy_override(committee: &committee::Model) -> PolicyOverride {
    let Some(raw) = committee
        .reminder_policy
        .as_deref()
        .filter(|r| !r.trim().is_empty())
    else {
        return PolicyOverride::default();
    };
    serde_json::from_str(raw).unwrap_or_else(|error| {
        tracing::error!(committee = committee.id, %error, "a committee's reminder settings cannot be read; the server's apply");
        PolicyOverride::default()
    })
}

/// Ends a person's access: the account, every API token and every session, at once.
pub(super) async fn lock_out(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::RevokedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Hashes an API token for storage and lookup; the token itself is never stored.
pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("dd_{}", hex::encode(bytes))
}

/// The actor a user acts as.
pub fn actor_of(user: &user::Model) -> Result<Actor, StoreError> {
    let role = user.role.parse::<Role>()?;
    Ok(Actor {
        user_id: user.id,
        role,
        department_id: user.department_id,
    })
}

impl Store {
    /// # Errors
    /// `Conflict` when the code is taken, `NotFound` for an unknown parent.
    pub async fn create_department(
        &self,
        new: NewDepartment,
        now: DateTime<Utc>,
    ) -> Result<department::Model, StoreError> {
        if let Some(parent) = new.parent_id {
            self.department(parent).await?;
        }
        let code = new.code.into_inner();
        department::ActiveModel {
            code: Set(code.clone()),
            name: Set(new.name.into_inner()),
            email: Set(new.email.map(Email::into_inner)),
            parent_id: Set(new.parent_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(self.connection())
        .await
        .map_err(|e| {
            StoreError::unique_or(e, || {
                format!("A department with code {code} already exists.")
            })
        })
    }

    /// Renames a department, gives it a new code or address (`Some(None)` removes the address).
    ///
    /// # Errors
    /// `NotFound` when there is no such department, `Conflict` when the code is taken.
    pub async fn update_department(
        &self,
        id: i32,
        change: DepartmentChange,
    ) -> Result<department::Model, StoreError> {
        let txn = self.begin_write().await?;
        let current = department::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The department"))?;
        let code = change
            .code
            .map_or_else(|| current.code.clone(), DepartmentCode::into_inner);
        let updated = department::ActiveModel {
            id: Set(id),
            code: Set(code.clone()),
            name: Set(change
                .name
                .map_or_else(|| current.name.clone(), Name::into_inner)),
            email: Set(change
                .email
                .map_or_else(|| current.email.clone(), |e| e.map(Email::into_inner))),
            aliases: Set(change
                .aliases
                .map_or_else(|| current.aliases.clone(), lines)),
            groups: Set(change.groups.map_or_else(|| current.groups.clone(), lines)),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(|e| {
            StoreError::unique_or(e, || {
                format!("A department with code {code} already exists.")
            })
        })?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Deactivates a department (it keeps its tasks and history but takes no new ones), or
    /// makes it active again (which also forgets its successor).
    ///
    /// # Errors
    /// `NotFound` when there is no such department.
    pub async fn set_department_active(
        &self,
        id: i32,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<department::Model, StoreError> {
        let current = self.department(id).await?;
        if current.deactivated_at.is_none() == active {
            return Ok(current);
        }
        let mut change = department::ActiveModel {
            id: Set(id),
            deactivated_at: Set((!active).then_some(now)),
            ..Default::default()
        };
        if active {
            change.successor_id = Set(None);
        }
        Ok(change.update(self.connection()).await?)
    }

    /// # Errors
    /// `NotFound` when there is no such department.
    pub async fn department(&self, id: i32) -> Result<department::Model, StoreError> {
        department::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found("The department"))
    }

    /// # Errors
    /// `NotFound` when no department has this code.
    pub async fn department_by_code(&self, code: &str) -> Result<department::Model, StoreError> {
        department::Entity::find()
            .filter(department::Column::Code.eq(code.trim().to_ascii_uppercase()))
            .one(self.connection())
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("There is no department with code {code}."))
            })
    }

    /// The first `limit` departments that still take new work (not deactivated), oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn departments_taking_work(
        &self,
        limit: u64,
    ) -> Result<Vec<department::Model>, StoreError> {
        Ok(department::Entity::find()
            .filter(department::Column::DeactivatedAt.is_null())
            .order_by_asc(department::Column::Id)
            .limit(limit)
            .all(self.connection())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn departments_page(
        &self,
        request: PageRequest,
    ) -> Result<Page<department::Model>, StoreError> {
        let mut query = department::Entity::find().order_by_asc(department::Column::Id);
        if let Some(after) = request.after {
            query = query.filter(department::Column::Id.gt(after));
        }
        let rows = query
            .limit(request.first + 1)
            .all(self.connection())
            .await?;
        Ok(Page::from_overfetch(rows, &request))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_departments(&self) -> Result<u64, StoreError> {
        Ok(department::Entity::find().count(self.connection()).await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn departments_by_ids(
        &self,
        ids: &[i32],
    ) -> Result<HashMap<i32, department::Model>, StoreError> {
        let rows = department::Entity::find()
            .filter(department::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|d| (d.id, d)).collect())
    }

    /// Creates a person and their first API token, returned once in clear.
    ///
    /// # Errors
    /// `Invalid` when a liaison has no department (or another role has one), `Conflict` when
    /// the address is taken, `NotFound` for an unknown department.
    pub async fn create_user(
        &self,
        new: NewUser,
        now: DateTime<Utc>,
    ) -> Result<(user::Model, String), StoreError> {
        new.role.check_department(new.department_id)?;
        if let Some(department) = new.department_id {
            self.department(department).await?;
        }
        let txn = self.begin_write().await?;
        let email = new.email.into_inner();
        let user = user::ActiveModel {
            name: Set(new.name.into_inner()),
            email: Set(email.clone()),
            role: Set(new.role.as_str().to_string()),
            department_id: Set(new.department_id),
            created_at: Set(now),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique_or(e, || format!("{email} already has an account.")))?;
        let token = issue_token(&txn, user.id, now).await?;
        txn.commit().await?;
        Ok((user, token))
    }

    /// The person holding this API token, unless it or they were revoked.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn authenticate(&self, token: &str) -> Result<Option<user::Model>, StoreError> {
        // One statement: it runs before every API request.
        Ok(user::Entity::find()
            .filter(
                user::Column::Id.in_subquery(
                    Query::select()
                        .column(api_token::Column::UserId)
                        .from(api_token::Entity)
                        .and_where(api_token::Column::TokenHash.eq(token_hash(token)))
                        .and_where(api_token::Column::RevokedAt.is_null())
                        .to_owned(),
                ),
            )
            .filter(user::Column::RevokedAt.is_null())
            .one(self.connection())
            .await?)
    }

    /// Revokes a person's access: their tokens stop working at once. Returns false when no
    /// active account has this address.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn revoke_user(&self, email: &Email, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let txn = self.begin_write().await?;
        let Some(found) = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .filter(user::Column::RevokedAt.is_null())
            .one(&txn)
            .await?
        else {
            return Ok(false);
        };
        lock_out(&txn, found.id, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// # Errors
    /// When the database fails.
    pub async fn users_by_ids(&self, ids: &[i32]) -> Result<HashMap<i32, user::Model>, StoreError> {
        let rows = user::Entity::find()
            .filter(user::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }

    /// The active liaisons of each department.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn liaisons_of(
        &self,
        department_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<user::Model>>, StoreError> {
        let rows = user::Entity::find()
            .filter(user::Column::DepartmentId.is_in(department_ids.iter().copied()))
            .filter(user::Column::Role.eq(Role::Liaison.as_str()))
            .filter(user::Column::RevokedAt.is_null())
            .order_by_asc(user::Column::Id)
            .all(self.connection())
            .await?;
        let mut by_department: HashMap<i32, Vec<user::Model>> = HashMap::new();
        for liaison in rows {
            if let Some(department) = liaison.department_id {
                by_department.entry(department).or_default().push(liaison);
            }
        }
        Ok(by_department)
    }

    /// # Errors
    /// `Invalid` for an unknown time zone or a chair who is not a CHAIR, `NotFound` for an
    /// unknown chair.
    pub async fn create_committee(
        &self,
        new: NewCommittee,
        now: DateTime<Utc>,
    ) -> Result<committee::Model, StoreError> {
        parse_time_zone(&new.time_zone)?;
        super::committees::check_chair(self.connection(), new.chair_id).await?;
        let txn = self.begin_write().await?;
        let created = committee::ActiveModel {
            name: Set(new.name.into_inner()),
            time_zone: Set(new.time_zone),
            language: Set(new.language.code().to_string()),
            chair_id: Set(new.chair_id),
            created_at: Set(now),
            short_name: Set(new.short_name.map(ShortName::into_inner)),
            reminder_policy: Set(new
                .reminder_policy
                .map(|own| serde_json::to_string(&own))
                .transpose()
                .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(e.to_string())))?),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        super::committees::add_first_members(&txn, created.id, &new.member_ids).await?;
        txn.commit().await?;
        Ok(created)
    }

    /// # Errors
    /// When the database fails.
    /// The departments that take new work, as the drafting of directives matches them.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn drafting_candidates(
        &self,
    ) -> Result<Vec<crate::domain::drafting::Candidate>, StoreError> {
        use crate::domain::drafting::{lines_of, Candidate};
        Ok(department::Entity::find()
            .filter(department::Column::DeactivatedAt.is_null())
            .order_by_asc(department::Column::Id)
            .all(self.connection())
            .await?
            .into_iter()
            .map(|d| Candidate {
                id: d.id,
                aliases: lines_of(&d.aliases),
                groups: lines_of(&d.groups),
                code: d.code,
                name: d.name,
            })
            .collect())
    }

    pub async fn committees(&self) -> Result<Vec<committee::Model>, StoreError> {
        Ok(committee::Entity::find()
            .order_by_asc(committee::Column::Id)
            .all(self.connection())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn committees_by_ids(
        &self,
        ids: &[i32],
    ) -> Result<HashMap<i32, committee::Model>, StoreError> {
        let rows = committee::Entity::find()
            .filter(committee::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|c| (c.id, c)).collect())
    }

    /// # Errors
    /// `NotFound` when there is no such committee.
    pub async fn committee(&self, id: i32) -> Result<committee::Model, StoreError> {
        committee::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found("The committee"))
    }
}

async fn issue_token(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let token = new_token();
    api_token::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}
