//! Time as a parameter. Every deadline, validity and session check asks a [`Clock`]; this is the
//! only module allowed to read the system time (see `clippy.toml`).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Vietnam's civil time zone (UTC+7, no daylight saving).
///
/// # Panics
/// Never: +7 hours is a valid offset.
#[must_use]
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// A source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Vietnam.
    fn today(&self) -> NaiveDate {
        self.now().with_timezone(&vietnam()).date_naive()
    }
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods, reason = "the one place that reads the system time")]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock fixed at one instant, for tests and reproducible runs.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::{Clock, FixedClock};
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn today_is_the_vietnamese_date() {
        // 18:30 UTC on 30 June is already 1 July in Vietnam.
        let clock = FixedClock(Utc.with_ymd_and_hms(2025, 6, 30, 18, 30, 0).unwrap());
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2025, 7, 1).unwrap());
    }
}
