//! dondoc follows up the directives a steering committee hands out at its meetings until each one
//! is done.
//!
//! Layers, each depending only on those below it:
//! - [`domain`]: the rules (status machine, timeliness, roll-up, permissions, validation) in
//!   plain Rust, without a database or HTTP.
//! - [`store`]: persistence with sea-orm on SQLite or PostgreSQL; transactions live there.
//! - [`api`], [`web`] and [`reminders`]: the GraphQL API, the pages and the e-mail reminders,
//!   each reading the store and the domain, never each other; [`mail`], [`html`], [`clock`]
//!   and [`incident`] are what they share.
//! - [`server`]: wires them to HTTP; `main` parses the command line.
pub mod api;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod extract;
pub mod generate;
pub mod html;
pub mod incident;
pub mod mail;
pub mod reading;
pub mod reminders;
pub mod server;
pub mod store;
pub mod tabular;
pub mod web;
