//! `binhdang-core`: the domain of binhdang — the time-valid org registry, accounts, roles and
//! scopes, and the clock. Rules here are plain functions over plain data, unit-tested without a
//! database; storage lives in `binhdang-store`, HTTP in `binhdang-web`.
#![deny(missing_docs)]

pub mod access;
pub mod activities;
pub mod clock;
pub mod difficulties;
pub mod documents;
pub mod error;
pub mod indicators;
pub mod names;
pub mod passwords;
pub mod plans;
pub mod progress;
pub mod reporting;
pub mod search;
pub mod tasks;
pub mod units;
pub mod users;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, FieldError};
