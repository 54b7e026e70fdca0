//! A meeting's directives imported from a spreadsheet in one transaction: every row is checked
//! against the departments first, and one problem anywhere imports nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use super::entities::{department, task};
use super::task_writes::NewTask;
use super::{Store, StoreError};
use crate::domain::changes::check_new_deadline;
use crate::domain::edits::check_takes_new_work;
use crate::domain::import::{ImportRow, RowProblem};
use crate::domain::journal::AssignedFrom;
use crate::domain::Actor;

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportRefusal {
    /// These rows have problems (each named by its row number).
    Rows(Vec<RowProblem>),
    /// The import as a whole was refused (permission, meeting) or the database failed.
    Store(StoreError),
}

impl From<StoreError> for ImportRefusal {
    fn from(error: StoreError) -> Self {
        ImportRefusal::Store(error)
    }
}

impl Store {
    /// Checks, before a file is even kept, that `actor` may assign directives at the meeting.
    ///
    /// # Errors
    /// `NotFound` for an unknown meeting, `Forbidden` for someone who may not.
    pub async fn may_assign_at(&self, actor: &Actor, meeting_id: i32) -> Result<(), StoreError> {
        // A plain transaction: nothing is written, so no writer's lock is taken.
        let txn = self.connection().begin().await?;
        self.meeting_to_assign_at(&txn, actor, meeting_id).await?;
        Ok(())
    }

    /// Assigns every row's directive at the meeting, all or nothing, journaled as coming `from`
    /// a spreadsheet or the meeting's text. A row with several leads
    /// becomes a split directive: one task per department, led by the first.
    ///
    /// # Errors
    /// `Rows` with every row's problem (an unknown or deactivated department, a deadline before
    /// the meeting); `Store` when the person may not assign at this meeting or it is unknown.
    pub async fn import_directives(
        &self,
        actor: &Actor,
        meeting_id: i32,
        rows: Vec<ImportRow>,
        from: AssignedFrom,
        now: DateTime<Utc>,
    ) -> Result<Vec<task::Model>, ImportRefusal> {
        let txn = self.begin_write().await.map_err(StoreError::from)?;
        let (meeting, committee) = self.meeting_to_assign_at(&txn, actor, meeting_id).await?;
        let codes: Vec<String> = rows
            .iter()
            .flat_map(|r| r.leads.iter().chain(&r.co_owners).cloned())
            .collect();
        let departments: HashMap<String, department::Model> = department::Entity::find()
            .filter(department::Column::Code.is_in(codes))
            .all(&txn)
            .await
            .map_err(StoreError::from)?
            .into_iter()
            .map(|d| (d.code.clone(), d))
            .collect();
        let mut problems = Vec::new();
        let mut directives = Vec::new();
        for row in rows {
            let mut reasons = Vec::new();
            let mut id_of = |code: &String| match departments.get(code) {
                Some(found) => {
                    let active = found.deactivated_at.is_none();
                    match check_takes_new_work(&found.name, active, None) {
                        Ok(()) => Some(found.id),
                        Err(rule) => {
                            reasons.push(rule.to_string());
                            None
                        }
                    }
                }
                None => {
                    reasons.push(format!("no department has the code {code}"));
                    None
                }
            };
            let leads: Vec<i32> = row.leads.iter().filter_map(&mut id_of).collect();
            let co_owners: Vec<i32> = row.co_owners.iter().filter_map(&mut id_of).collect();
            if let Err(rule) = check_new_deadline(row.deadline, meeting.held_on) {
                reasons.push(rule.to_string());
            }
            if !reasons.is_empty() {
                problems.push(RowProblem {
                    line: row.line,
                    problem: reasons.join("; "),
                });
                continue;
            }
            let Some(&lead) = leads.first() else {
                continue;
            };
            directives.push((
                row.line,
                NewTask {
                    meeting_id,
                    title: row.title,
                    description: row.description,
                    lead_id: lead,
                    co_owner_ids: co_owners,
                    deadline: row.deadline,
                    split_across: if leads.len() > 1 { leads } else { Vec::new() },
                },
            ));
        }
        if !problems.is_empty() {
            return Err(ImportRefusal::Rows(problems));
        }
        let mut assigned = Vec::with_capacity(directives.len());
        for (line, new) in directives {
            match self
                .insert_directive(&txn, actor, (&meeting, &committee), new, from, now)
                .await
            {
                Ok(task) => assigned.push(task),
                Err(StoreError::Rule(rule)) => {
                    return Err(ImportRefusal::Rows(vec![RowProblem {
                        line,
                        problem: rule.to_string(),
                    }]))
                }
                Err(other) => return Err(other.into()),
            }
        }
        txn.commit().await.map_err(StoreError::from)?;
        Ok(assigned)
    }
}
