//! The one integration-test binary: the real router over real databases (SQLite always,
//! PostgreSQL when the test script provides a server), driven over HTTP.

mod support;

mod auth;
mod import;
mod scope;
mod store;
mod units;
