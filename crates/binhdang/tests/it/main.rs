//! The one integration-test binary: the real router over real databases (`SQLite` always,
//! `PostgreSQL` when the test script provides a server), driven over HTTP.

// A test reads as one story of requests and checks; splitting it would hide the story.
#![allow(clippy::too_many_lines, clippy::unreadable_literal, clippy::float_cmp)]

mod support;

mod activities;
mod analytics;
mod auth;
mod bulk;
mod cli;
mod dashboards;
mod difficulties;
mod documents;
mod english;
mod exchange;
mod import;
mod indicators;
mod lists;
mod pick;
mod plans;
mod reports;
mod scope;
mod security;
mod store;
mod tasks;
mod units;
mod work;
mod yearly;
