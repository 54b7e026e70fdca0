//! Black-box tests of the API: the real server over HTTP, on SQLite and on PostgreSQL.

mod helpers;
mod world;

mod access;
mod concurrency;
mod limits;
mod lists;
mod restart;
mod tasks;
