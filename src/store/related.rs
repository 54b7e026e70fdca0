//! What a page of tasks refers to, read in as few statements as the page needs: the departments
//! it names (leads and co-owners, with the co-owner links, in one statement) and its meetings
//! with their committees (in one).

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement, UnionType, Value};
use sea_orm::{ColumnTrait, FromQueryResult, IdenStatic, Iterable};

use super::entities::{committee, department, meeting, task_co_owner};
use super::{Store, StoreError};

/// A statement that selects every column of `departments`, under its own name.
fn department_columns() -> SelectStatement {
    let mut statement = Query::select();
    for column in department::Column::iter() {
        statement.expr_as(
            Expr::col((department::Entity, column)),
            Alias::new(column.as_str()),
        );
    }
    statement
}

/// A department, and the task it co-owns when it was read as a co-owner.
#[derive(FromQueryResult)]
struct DepartmentRow {
    #[sea_orm(nested)]
    department: department::Model,
    co_owned_task: Option<i32>,
}

/// A meeting with its committee, whose columns carry the prefix `committee_`.
#[derive(FromQueryResult)]
struct MeetingRow {
    #[sea_orm(nested)]
    meeting: meeting::Model,
    #[sea_orm(nested(prefix = "committee_"))]
    committee: committee::Model,
}

/// The departments of tasks: by id, and each task's co-owners (department ids, in order).
#[derive(Debug, Default)]
pub struct TaskDepartments {
    pub departments: HashMap<i32, department::Model>,
    pub co_owners: HashMap<i32, Vec<i32>>,
}

impl Store {
    /// The departments with these ids, and the co-owners of these tasks with their departments.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn departments_and_co_owners(
        &self,
        department_ids: &[i32],
        co_owned_tasks: &[i32],
    ) -> Result<TaskDepartments, StoreError> {
        // Two index lookups joined by UNION ALL: the departments asked for by id, and the
        // co-owner links of the tasks with their departments.
        let mut statement = department_columns()
            .expr_as(Expr::value(Value::Int(None)), Alias::new("co_owned_task"))
            .from(department::Entity)
            .and_where(department::Column::Id.is_in(department_ids.iter().copied()))
            .to_owned();
        let co_owners = department_columns()
            .expr_as(
                Expr::col((task_co_owner::Entity, task_co_owner::Column::TaskId)),
                Alias::new("co_owned_task"),
            )
            .from(task_co_owner::Entity)
            .inner_join(
                department::Entity,
                Expr::col((department::Entity, department::Column::Id))
                    .equals((task_co_owner::Entity, task_co_owner::Column::DepartmentId)),
            )
            .and_where(task_co_owner::Column::TaskId.is_in(co_owned_tasks.iter().copied()))
            .to_owned();
        statement.union(UnionType::All, co_owners);
        let rows = self.rows::<DepartmentRow>(&statement).await?;
        let mut found = TaskDepartments::default();
        for row in rows {
            if let Some(task) = row.co_owned_task {
                found
                    .co_owners
                    .entry(task)
                    .or_default()
                    .push(row.department.id);
            }
            found.departments.insert(row.department.id, row.department);
        }
        for co_owners in found.co_owners.values_mut() {
            co_owners.sort_unstable();
        }
        Ok(found)
    }

    /// These meetings, each with its committee.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn meetings_with_committees(
        &self,
        ids: &[i32],
    ) -> Result<Vec<(meeting::Model, committee::Model)>, StoreError> {
        let mut statement = Query::select();
        for column in meeting::Column::iter() {
            statement.expr_as(
                Expr::col((meeting::Entity, column)),
                Alias::new(column.as_str()),
            );
        }
        for column in committee::Column::iter() {
            statement.expr_as(
                Expr::col((committee::Entity, column)),
                Alias::new(format!("committee_{}", column.as_str())),
            );
        }
        statement
            .from(meeting::Entity)
            .inner_join(
                committee::Entity,
                Expr::col((committee::Entity, committee::Column::Id))
                    .equals((meeting::Entity, meeting::Column::CommitteeId)),
            )
            .and_where(meeting::Column::Id.is_in(ids.iter().copied()));
        let rows = self.rows::<MeetingRow>(&statement).await?;
        Ok(rows
            .into_iter()
            .map(|row| (row.meeting, row.committee))
            .collect())
    }

    async fn rows<T: FromQueryResult>(
        &self,
        statement: &SelectStatement,
    ) -> Result<Vec<T>, StoreError> {
        let backend = self.backend();
        Ok(T::find_by_statement(backend.build(statement))
            .all(self.connection())
            .await?)
    }
}
