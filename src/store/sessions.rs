//! Sign-in for people: single-use links that expire, and the sessions they open. Tokens are
//! stored only as hashes, like API tokens.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
};

use super::directory::{new_token, token_hash};
use super::entities::{login_link, session, user};
use super::{Store, StoreError};
use crate::domain::validate::Email;

/// The address a sign-in link's token is used at; `public_url` is where people reach dondoc.
pub fn sign_in_url(public_url: &str, token: &str) -> String {
    format!("{}/login/{token}", public_url.trim_end_matches('/'))
}

/// How many links a person may ask for on the sign-in page within a window.
#[derive(Debug, Clone, Copy)]
pub struct LinkLimit {
    pub links: u32,
    pub window: chrono::Duration,
}

fn new_login_link(
    user_id: i32,
    token: &str,
    next_path: &str,
    now: DateTime<Utc>,
    lifetime: chrono::Duration,
    asked_on_page: bool,
) -> login_link::ActiveModel {
    login_link::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash(token)),
        next_path: Set(next_path.to_string()),
        expires_at: Set(now + lifetime),
        used_at: Set(None),
        created_at: Set(now),
        asked_on_page: Set(asked_on_page),
        ..Default::default()
    }
}

/// A signed-in person and the token their forms must carry.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: user::Model,
    pub csrf_token: String,
}

impl Store {
    /// The active account with this address, if any.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn active_user_by_email(
        &self,
        email: &Email,
    ) -> Result<Option<user::Model>, StoreError> {
        Ok(user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .filter(user::Column::RevokedAt.is_null())
            .one(self.connection())
            .await?)
    }

    /// A single-use sign-in link for `user_id` that leads to `next_path`, for a reminder e-mail;
    /// returns the token.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_login_link(
        &self,
        user_id: i32,
        next_path: &str,
        now: DateTime<Utc>,
        lifetime: chrono::Duration,
    ) -> Result<String, StoreError> {
        let token = new_token();
        new_login_link(user_id, &token, next_path, now, lifetime, false)
            .insert(self.connection())
            .await?;
        Ok(token)
    }

    /// A link asked for on the sign-in page, unless the person already had `limit.links` of
    /// those within `limit.window`: then `None`, and nothing is written.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_asked_login_link(
        &self,
        user_id: i32,
        next_path: &str,
        now: DateTime<Utc>,
        lifetime: chrono::Duration,
        limit: LinkLimit,
    ) -> Result<Option<String>, StoreError> {
        let txn = self.begin_write().await?;
        // Requests for one person are counted one at a time (the row lock), so that several
        // at once cannot all see room for one more.
        user::Entity::find_by_id(user_id)
            .lock_exclusive()
            .one(&txn)
            .await?;
        let recent = login_link::Entity::find()
            .filter(login_link::Column::UserId.eq(user_id))
            .filter(login_link::Column::AskedOnPage.eq(true))
            .filter(login_link::Column::CreatedAt.gt(now - limit.window))
            .count(&txn)
            .await?;
        if recent >= u64::from(limit.links) {
            return Ok(None);
        }
        let token = new_token();
        new_login_link(user_id, &token, next_path, now, lifetime, true)
            .insert(&txn)
            .await?;
        txn.commit().await?;
        Ok(Some(token))
    }

    /// Whether a sign-in link would still work, without using it up.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_link_works(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(login_link::Entity::find()
            .filter(login_link::Column::TokenHash.eq(token_hash(token)))
            .filter(login_link::Column::UsedAt.is_null())
            .filter(login_link::Column::ExpiresAt.gt(now))
            .count(self.connection())
            .await?
            == 1)
    }

    /// Uses a sign-in link: it works once, before it expires, for an account still active.
    /// Returns the person and where the link leads.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn redeem_login_link(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(user::Model, String)>, StoreError> {
        let txn = self.begin_write().await?;
        let hash = token_hash(token);
        let used = login_link::Entity::update_many()
            .col_expr(login_link::Column::UsedAt, Expr::value(now))
            .filter(login_link::Column::TokenHash.eq(hash.clone()))
            .filter(login_link::Column::UsedAt.is_null())
            .filter(login_link::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?;
        if used.rows_affected != 1 {
            return Ok(None);
        }
        let Some(link) = login_link::Entity::find()
            .filter(login_link::Column::TokenHash.eq(hash))
            .one(&txn)
            .await?
        else {
            return Ok(None);
        };
        let person = user::Entity::find_by_id(link.user_id)
            .filter(user::Column::RevokedAt.is_null())
            .one(&txn)
            .await?;
        txn.commit().await?;
        Ok(person.map(|p| (p, link.next_path)))
    }

    /// Opens a session; returns its token (for the cookie).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_session(
        &self,
        user_id: i32,
        now: DateTime<Utc>,
        lifetime: chrono::Duration,
    ) -> Result<String, StoreError> {
        let token = new_token();
        session::ActiveModel {
            user_id: Set(user_id),
            token_hash: Set(token_hash(&token)),
            csrf_token: Set(new_token()),
            expires_at: Set(now + lifetime),
            revoked_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(self.connection())
        .await?;
        Ok(token)
    }

    /// The person signed in with this session token, unless it ended or they were revoked.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn session(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SignedIn>, StoreError> {
        let Some(found) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(token_hash(token)))
            .filter(session::Column::RevokedAt.is_null())
            .filter(session::Column::ExpiresAt.gt(now))
            .one(self.connection())
            .await?
        else {
            return Ok(None);
        };
        let person = user::Entity::find_by_id(found.user_id)
            .filter(user::Column::RevokedAt.is_null())
            .one(self.connection())
            .await?;
        Ok(person.map(|user| SignedIn {
            user,
            csrf_token: found.csrf_token,
        }))
    }

    /// Ends a session (signing out).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn end_session(&self, token: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::TokenHash.eq(token_hash(token)))
            .exec(self.connection())
            .await?;
        Ok(())
    }
}
