//! People after their account is made: their details and role change, and they leave (their
//! access ends at once) or come back.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::directory::lock_out;
use super::entities::{committee, user};
use super::page::{Page, PageRequest};
use super::{Store, StoreError};
use crate::domain::validate::{Email, Name};
use crate::domain::{Actor, Role, RuleError};

/// What to change of a person; `None` keeps a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PersonChange {
    pub name: Option<Name>,
    pub email: Option<Email>,
    pub role: Option<Role>,
    /// `Some(None)` for no department (every role but LIAISON).
    pub department_id: Option<Option<i32>>,
}

impl Store {
    /// Changes a person's name, address, role or department.
    ///
    /// # Errors
    /// `Forbidden` unless an administrator; `NotFound` for an unknown person or department;
    /// `Invalid` when the role and the department do not go together, or a chair who chairs a
    /// committee would stop being one; `Conflict` when the address is taken.
    pub async fn update_person(
        &self,
        actor: &Actor,
        id: i32,
        change: PersonChange,
    ) -> Result<user::Model, StoreError> {
        actor.may_manage_directory()?;
        let txn = self.begin_write().await?;
        let current = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The person"))?;
        let role = change.role.unwrap_or(current.role.parse()?);
        let department = change.department_id.unwrap_or(current.department_id);
        role.check_department(department)?;
        if let Some(department) = department {
            super::entities::department::Entity::find_by_id(department)
                .one(&txn)
                .await?
                .ok_or_else(|| StoreError::not_found("The department"))?;
        }
        if role != Role::Chair {
            let chaired = committee::Entity::find()
                .filter(committee::Column::ChairId.eq(id))
                .one(&txn)
                .await?;
            if let Some(committee) = chaired {
                return Err(RuleError::Invalid(format!(
                    "{} chairs {}: give the committee another chair first.",
                    current.name, committee.name
                ))
                .into());
            }
        }
        let email = change
            .email
            .map_or_else(|| current.email.clone(), Email::into_inner);
        let updated = user::ActiveModel {
            id: Set(id),
            name: Set(change
                .name
                .map_or_else(|| current.name.clone(), Name::into_inner)),
            email: Set(email.clone()),
            role: Set(role.as_str().to_string()),
            department_id: Set(department),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(|e| StoreError::unique_or(e, || format!("{email} already has an account.")))?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Ends a person's access at once (every token and session), or lets them back in: they
    /// then sign in with an e-mail link, or get a new token from `dondoc user add`.
    ///
    /// # Errors
    /// `Forbidden` unless an administrator, or for an administrator's own account (so that
    /// someone is always left to manage the rest); `NotFound` for an unknown person.
    pub async fn set_person_active(
        &self,
        actor: &Actor,
        id: i32,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<user::Model, StoreError> {
        actor.may_manage_directory()?;
        if !active && id == actor.user_id {
            return Err(RuleError::Forbidden(
                "You cannot deactivate your own account: ask another administrator.".into(),
            )
            .into());
        }
        let txn = self.begin_write().await?;
        let current = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The person"))?;
        match (active, current.revoked_at) {
            (false, None) => lock_out(&txn, id, now).await?,
            (true, Some(_)) => {
                user::ActiveModel {
                    id: Set(id),
                    revoked_at: Set(None),
                    ..Default::default()
                }
                .update(&txn)
                .await?;
            }
            _ => {}
        }
        let updated = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The person"))?;
        txn.commit().await?;
        Ok(updated)
    }

    /// People in the order their accounts were made.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn people_page(&self, request: PageRequest) -> Result<Page<user::Model>, StoreError> {
        let mut query = user::Entity::find().order_by_asc(user::Column::Id);
        if let Some(after) = request.after {
            query = query.filter(user::Column::Id.gt(after));
        }
        let rows = query
            .limit(request.first + 1)
            .all(self.connection())
            .await?;
        Ok(Page::from_overfetch(rows, &request))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_people(&self) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(user::Entity::find().count(self.connection()).await?)
    }

    /// People with this role who may be given work (not deactivated), in the order their
    /// accounts were made, at most `limit`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn active_people_with_role(
        &self,
        roles: &[Role],
        limit: u64,
    ) -> Result<Vec<user::Model>, StoreError> {
        Ok(user::Entity::find()
            .filter(user::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
            .filter(user::Column::RevokedAt.is_null())
            .order_by_asc(user::Column::Id)
            .limit(limit)
            .all(self.connection())
            .await?)
    }
}
