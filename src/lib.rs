//! dondoc follows up the directives a steering committee hands out at its meetings until each one
//! is done.
//!
//! Layers, each depending only on those below it:
//! - [`domain`]: the rules (status machine, timeliness, roll-up, permissions, validation) in
//!   plain Rust, without a database or HTTP.
//! - [`store`]: persistence with sea-orm on SQLite or PostgreSQL; transactions live there.
pub mod api;
pub mod config;
pub mod demo;
pub mod domain;
pub mod html;
pub mod incident;
pub mod mail;
pub mod reminders;
pub mod server;
pub mod store;
pub mod web;

/// Chooses the TLS crypto provider once per process. The dependencies link two (ring and
/// aws-lc-rs); a TLS client that asks rustls for the process default, rather than naming a
/// provider as lettre does, would otherwise stop the program (the tests' WebDriver client did).
pub fn tls_ready() {
    // Already chosen is fine: the first choice stands.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
