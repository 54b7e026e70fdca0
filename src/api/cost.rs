//! What a request costs: the records it may read, not the fields it names. A connection costs
//! its page size times what each of its nodes costs, so nesting multiplies, the way it does in
//! the database. An operation over what remains of the request's budget is refused before it
//! runs, with BAD_USER_INPUT saying what it asked for and what is allowed; the operations of a
//! batch share one budget.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::{ServerError, ValidationResult};

use crate::store::page::{DEFAULT_PAGE, MAX_PAGE};

/// Lists that are not paged (a task's subtasks, co-owners, liaisons, extension requests,
/// reminders; the committees) are short by nature; each counts as this many records.
pub const UNPAGED_LIST_RECORDS: usize = 10;

/// No single field costs more than this, so sums over a whole document cannot overflow.
const CEILING: usize = u32::MAX as usize;

/// The cost of a connection: one for the connection, plus its page size (`first`, or the
/// default page) times the cost of what it selects for each node.
pub fn connection(first: Option<i32>, child_complexity: usize) -> usize {
    let rows = first.map_or(DEFAULT_PAGE as usize, |n| {
        usize::try_from(n.clamp(1, MAX_PAGE as i32)).unwrap_or(1)
    });
    rows.saturating_mul(child_complexity)
        .saturating_add(1)
        .min(CEILING)
}

/// The cost of a list that is not paged.
pub fn list(child_complexity: usize) -> usize {
    UNPAGED_LIST_RECORDS
        .saturating_mul(child_complexity)
        .saturating_add(1)
        .min(CEILING)
}

/// What one HTTP request may spend, shared by the operations of a batch.
#[derive(Debug)]
pub struct CostBudget {
    limit: usize,
    spent: AtomicUsize,
}

impl CostBudget {
    pub fn new(limit: usize) -> Arc<CostBudget> {
        Arc::new(CostBudget {
            limit,
            spent: AtomicUsize::new(0),
        })
    }

    /// Takes `cost` from the budget, or refuses the operation and takes nothing.
    fn charge(&self, cost: usize) -> Result<(), String> {
        let mut spent = self.spent.load(Ordering::Acquire);
        loop {
            let total = spent.saturating_add(cost);
            if total > self.limit {
                let earlier = if spent > 0 {
                    format!(" (the earlier operations of this batch used {spent})")
                } else {
                    String::new()
                };
                return Err(format!(
                    "This request could read up to {cost} records, and at most {} are allowed per request{earlier}. \
                     Ask for smaller pages with `first`, nest fewer lists, or split it into several requests.",
                    self.limit
                ));
            }
            match self
                .spent
                .compare_exchange(spent, total, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return Ok(()),
                Err(now) => spent = now,
            }
        }
    }
}

/// Set on an operation that passed parsing, validation and the cost check, and so runs: one
/// that did not is a request error (GraphQL over HTTP answers it with 400 and no `data`).
#[derive(Debug, Default, Clone)]
pub struct Admitted(Arc<std::sync::atomic::AtomicBool>);

impl Admitted {
    pub fn was_admitted(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Charges each operation's cost to the request's [`CostBudget`] once it is validated.
pub struct CostLimit;

impl ExtensionFactory for CostLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CostLimit)
    }
}

#[async_trait::async_trait]
impl Extension for CostLimit {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let Some(budget) = ctx.data_opt::<Arc<CostBudget>>() else {
            tracing::error!("a GraphQL request ran without a cost budget; refused");
            return Err(vec![ServerError::new(
                "This request could not be costed; it was refused.",
                None,
            )]);
        };
        budget
            .charge(result.complexity)
            .map_err(|message| vec![ServerError::new(message, None)])?;
        if let Some(admitted) = ctx.data_opt::<Admitted>() {
            admitted.0.store(true, Ordering::Release);
        }
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_costs_its_page_times_its_nodes() {
        assert_eq!(connection(Some(100), 3), 301);
        assert_eq!(connection(None, 3), DEFAULT_PAGE as usize * 3 + 1);
        assert_eq!(connection(Some(-5), 3), 4, "a refused `first` still costs");
        assert_eq!(connection(Some(100), usize::MAX), CEILING);
        assert_eq!(list(2), 21);
    }

    #[test]
    fn a_batch_shares_one_budget() {
        let budget = CostBudget::new(1_000);
        assert!(budget.charge(600).is_ok());
        let refusal = budget.charge(600).err().unwrap_or_default();
        assert!(refusal.contains("up to 600 records"), "{refusal}");
        assert!(refusal.contains("at most 1000"), "{refusal}");
        assert!(refusal.contains("used 600"), "{refusal}");
        assert!(budget.charge(400).is_ok(), "a refusal takes nothing");
    }
}
