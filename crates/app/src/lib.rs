//! `binhdang-app`: the use cases of binhdang — register a letter, give directions, create and
//! fan out tasks, record progress, plan, record activities, draft the yearly report, manage the
//! registry and users — as functions over [`Services`] (the store, the clock and the settings).
//! The web pages, the JSON API, the command line and the demo loader call the same functions; none of them decides a
//! permission or checks a domain rule itself. Domain rules and permission decisions are pure
//! functions in `binhdang-core`; SQL is in `binhdang-store`; this crate knows no HTTP.
#![deny(missing_docs)]

pub mod activities;
pub mod analytics;
pub mod dashboard;
pub mod difficulties;
pub mod documents;
pub mod error;
pub mod exchange;
pub mod fields;
pub mod indicators;
pub mod pick;
pub mod plans;
pub mod reports;
pub mod tasks;
pub mod units;
pub mod uploads;
pub mod users;
pub mod work;
pub mod yearly;

use std::sync::Arc;

use binhdang_core::Clock;
use binhdang_store::Store;

pub use error::{Error, Result};

/// Settings the use cases follow.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Working days meant by a deadline of "ngay" (at once).
    pub task_at_once_days: u32,
    /// The working-day calendar, with the year's adjustments.
    pub calendar: vanban::date::Calendar,
}

impl Default for Settings {
    fn default() -> Self {
        Self { task_at_once_days: 5, calendar: vanban::date::Calendar::new() }
    }
}

/// What every use case works with.
#[derive(Debug, Clone)]
pub struct Services {
    /// The database.
    pub store: Store,
    /// The clock (time is a parameter).
    pub clock: Arc<dyn Clock>,
    /// Settings.
    pub settings: Settings,
    /// The in-memory analytics engine (shared by every clone; loaded on first use).
    pub analytics: Arc<analytics::Analytics>,
    /// Users' scopes recently worked out (see [`units::subject`]).
    pub(crate) subjects: Arc<units::Subjects>,
}

impl Services {
    /// Builds the services.
    #[must_use]
    pub fn new(store: Store, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        Self {
            store,
            clock,
            settings,
            analytics: Arc::new(analytics::Analytics::default()),
            subjects: Arc::new(units::subjects()),
        }
    }
}
