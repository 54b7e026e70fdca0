//! Relay connections built from the store's pages.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, OutputType, SimpleObject};

use crate::store::page::{encode_cursor, Page, PageRequest};

/// The fields a connection carries besides its edges.
#[derive(SimpleObject)]
pub struct Totals {
    /// How many records match, over all pages.
    pub total_count: i32,
}

/// Whether the query asks for `totalCount`; counting costs a statement, so only then.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Turns a page of a list in id order into a connection.
pub fn build<M, N: OutputType>(
    page: Page<M>,
    request: &PageRequest,
    total: u64,
    id_of: impl Fn(&M) -> i32,
    node: impl Fn(M) -> N,
) -> Connection<String, N, Totals> {
    build_with_cursors(page, request, total, |m| encode_cursor(id_of(m)), node)
}

/// Turns a page into a connection whose edges carry the cursors `cursor_of` makes.
pub fn build_with_cursors<M, N: OutputType>(
    page: Page<M>,
    request: &PageRequest,
    total: u64,
    cursor_of: impl Fn(&M) -> String,
    node: impl Fn(M) -> N,
) -> Connection<String, N, Totals> {
    let mut connection = Connection::with_additional_fields(
        request.after.is_some(),
        page.has_next_page,
        Totals {
            total_count: i32::try_from(total).unwrap_or(i32::MAX),
        },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(cursor_of(&item), node(item))),
    );
    connection
}
