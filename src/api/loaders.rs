//! DataLoaders: every related record a page of results needs is fetched in one batch per kind,
//! so a page costs the same few statements whatever its size.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::error::ApiError;
use crate::store::entities::{
    attachment, committee, department, extension_request, meeting, reminder, task, user,
};
use crate::store::Store;

/// Loads records from the store in batches.
pub struct StoreLoader(pub Store);

macro_rules! key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub i32);
    };
}

key!(
    /// A department by id.
    DepartmentKey
);
key!(
    /// A person by id.
    UserKey
);
key!(
    /// A committee by id.
    CommitteeKey
);
key!(
    /// A meeting by id.
    MeetingKey
);
key!(
    /// A task by id.
    TaskKey
);
key!(
    /// The subtasks of a task.
    SubtasksOf
);
key!(
    /// The co-owning departments' ids of a task.
    CoOwnersOf
);
key!(
    /// The liaisons of a department.
    LiaisonsOf
);
key!(
    /// The extension requests of a task.
    ExtensionsOf
);
key!(
    /// The reminders about a task.
    RemindersOf
);
key!(
    /// The files attached to a journal entry.
    AttachmentsOf
);
key!(
    /// The members of a committee.
    MembersOf
);
key!(
    /// The committees a person serves or chairs.
    CommitteesOf
);

fn ids<K: Copy>(keys: &[K], id: impl Fn(K) -> i32) -> Vec<i32> {
    keys.iter().map(|k| id(*k)).collect()
}

fn rekey<K: std::hash::Hash + Eq, V>(
    map: HashMap<i32, V>,
    key: impl Fn(i32) -> K,
) -> HashMap<K, V> {
    map.into_iter()
        .map(|(id, value)| (key(id), value))
        .collect()
}

macro_rules! loader {
    ($key:ident => $value:ty, $method:ident) => {
        impl Loader<$key> for StoreLoader {
            type Value = $value;
            type Error = ApiError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, ApiError> {
                let found = self.0.$method(&ids(keys, |k| k.0)).await?;
                Ok(rekey(found, $key))
            }
        }
    };
}

loader!(DepartmentKey => department::Model, departments_by_ids);
loader!(UserKey => user::Model, users_by_ids);
loader!(CommitteeKey => committee::Model, committees_by_ids);
loader!(MeetingKey => meeting::Model, meetings_by_ids);
loader!(TaskKey => task::Model, tasks_by_ids);
loader!(SubtasksOf => Vec<task::Model>, subtasks_of);
loader!(CoOwnersOf => Vec<i32>, co_owner_ids_of);
loader!(LiaisonsOf => Vec<user::Model>, liaisons_of);
loader!(ExtensionsOf => Vec<extension_request::Model>, extension_requests_of);
loader!(RemindersOf => Vec<reminder::Model>, reminders_of);
loader!(AttachmentsOf => Vec<attachment::Model>, attachments_of_updates);
loader!(MembersOf => Vec<user::Model>, members_of);
loader!(CommitteesOf => Vec<committee::Model>, committees_of);
