//! Black-box tests of the API: the real server over HTTP, on SQLite and on PostgreSQL.

// The harness both suites share (tests/common).
#[path = "../common/helpers.rs"]
mod helpers;
#[path = "../common/smtp.rs"]
mod smtp;
#[path = "../common/world.rs"]
mod world;

mod access;
mod calendar;
mod cli;
mod committees;
mod concurrency;
mod documents;
mod drafting;
mod drills;
mod edits;
mod exports;
mod guarantees;
mod hardening;
mod http;
mod imports;
mod limits;
mod lists;
mod matrix;
mod pages;
mod people;
mod reminder_api;
mod reminders;
mod report;
mod restart;
mod schema;
mod scorecards;
mod tasks;
