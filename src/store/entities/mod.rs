//! sea-orm entities, one per table. Rows only: the rules live in `crate::domain`.

pub mod api_token;
pub mod attachment;
pub mod calendar_feed;
pub mod committee;
pub mod committee_change;
pub mod committee_member;
pub mod department;
pub mod extension_request;
pub mod login_link;
pub mod meeting;
pub mod reminder;
pub mod session;
pub mod task;
pub mod task_co_owner;
pub mod task_history;
pub mod task_update;
pub mod user;
