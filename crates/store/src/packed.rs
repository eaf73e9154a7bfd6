//! Reading many reports' values at once, one row per report: the database joins a report's
//! values into one text (`string_agg`, which `SQLite` has had since 3.44 and `PostgreSQL` always),
//! fields split by the unit separator (U+001F) and rows by the record separator (U+001E). A
//! national export or the analytics engine's load reads about ten million values; as one row per
//! value the driver hands them over one by one, which took most of the time. As one row per
//! report it hands over thirty times fewer rows, and the values are split in place without a
//! copy.
//!
//! A report whose text holds a separator of its own (a comment with a control character) cannot
//! be split reliably; it is read again row by row, so what is read is always exactly what is
//! stored.

use sqlx::Row;

use crate::{Result, Store};

/// Between the fields of a value.
const UNIT: char = '\u{1f}';
/// Between the values of a report.
const RECORD: char = '\u{1e}';

/// The columns of `report_values` a reader asks for, in order.
pub trait Columns<const N: usize> {
    /// The column names.
    const NAMES: [&'static str; N];
}

/// Element, option combination and value: what the analytics engine reads.
#[derive(Debug, Clone, Copy)]
pub struct Figures;

impl Columns<3> for Figures {
    const NAMES: [&'static str; 3] = ["element", "option_combo", "value"];
}

/// Element, option combination, value, comment, source and entry time: what an export writes.
#[derive(Debug, Clone, Copy)]
pub struct Exported;

impl Columns<6> for Exported {
    const NAMES: [&'static str; 6] = ["element", "option_combo", "value", "comment", "source", "entered_at"];
}

/// One report's values as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedReport<const N: usize> {
    /// The report.
    pub report: i64,
    body: Body<N>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Body<const N: usize> {
    /// Joined by the database.
    Packed(String),
    /// Read row by row (a field held a separator).
    Rows(Vec<[String; N]>),
}

impl<const N: usize> PackedReport<N> {
    /// The values, ordered by element and option combination, each as its `N` columns.
    #[must_use]
    pub fn rows(&self) -> Vec<[&str; N]> {
        match &self.body {
            Body::Packed(text) => text.split(RECORD).filter_map(split_fields::<N>).collect(),
            Body::Rows(rows) => rows.iter().map(|r| std::array::from_fn(|i| r[i].as_str())).collect(),
        }
    }
}

/// A value's `N` fields, if it has exactly `N`.
fn split_fields<const N: usize>(row: &str) -> Option<[&str; N]> {
    let mut parts = row.split(UNIT);
    let mut out = [""; N];
    for slot in &mut out {
        *slot = parts.next()?;
    }
    parts.next().is_none().then_some(out)
}

/// Whether the joined text of `values` values holds no separator of its own: exactly the
/// separators the join put in (separators in a field could only add to them).
fn splits_cleanly<const N: usize>(text: &str, values: usize) -> bool {
    let (mut units, mut records) = (0, 0);
    for b in text.bytes() {
        match b {
            0x1f => units += 1,
            0x1e => records += 1,
            _ => {}
        }
    }
    values > 0 && records == values - 1 && units == values * (N - 1)
}

impl Store {
    /// The values of `reports` (ids; at most a few thousand at a time), one entry per report that
    /// has values, in the order of the ids given; each report's values ordered by element and
    /// option combination.
    pub async fn packed_values<C: Columns<N>, const N: usize>(&self, reports: &[i64]) -> Result<Vec<PackedReport<N>>> {
        if reports.is_empty() {
            return Ok(Vec::new());
        }
        let joined = C::NAMES.join(&format!(" || '{UNIT}' || "));
        let list = reports.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let rows = sqlx::query(&format!(
            "SELECT report_id, COUNT(*) AS n, string_agg({joined}, '{RECORD}' ORDER BY element, option_combo) AS packed \
             FROM report_values WHERE report_id IN ({list}) GROUP BY report_id"
        ))
        .fetch_all(self.pool())
        .await?;
        let mut by_id = std::collections::HashMap::with_capacity(rows.len());
        for row in &rows {
            let report: i64 = row.try_get("report_id")?;
            let text: String = row.try_get("packed")?;
            let values: i64 = row.try_get("n")?;
            let body = if splits_cleanly::<N>(&text, usize::try_from(values).unwrap_or(0)) {
                Body::Packed(text)
            } else {
                Body::Rows(self.value_rows::<C, N>(report).await?)
            };
            by_id.insert(report, body);
        }
        Ok(reports.iter().filter_map(|id| by_id.remove(id).map(|body| PackedReport { report: *id, body })).collect())
    }

    /// One report's values row by row (the rare report whose text cannot be split).
    async fn value_rows<C: Columns<N>, const N: usize>(&self, report: i64) -> Result<Vec<[String; N]>> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM report_values WHERE report_id = $1 ORDER BY element, option_combo",
            C::NAMES.join(", ")
        ))
        .bind(report)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let mut out: [String; N] = std::array::from_fn(|_| String::new());
                for (i, slot) in out.iter_mut().enumerate() {
                    *slot = row.try_get(i)?;
                }
                Ok(out)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_splits_only_into_exactly_its_fields() {
        assert_eq!(split_fields::<3>("A\u{1f}nu\u{1f}12"), Some(["A", "nu", "12"]));
        assert_eq!(split_fields::<3>("A\u{1f}nu"), None);
        assert_eq!(split_fields::<3>("A\u{1f}nu\u{1f}12\u{1f}x"), None);
        assert_eq!(split_fields::<2>("A\u{1f}"), Some(["A", ""]));
        assert!(splits_cleanly::<2>("A\u{1f}1\u{1e}B\u{1f}2", 2));
        // A field holding separators, even when every row still has its fields.
        assert!(!splits_cleanly::<2>("A\u{1f}1\u{1e}B\u{1f}2\u{1e}C\u{1f}3", 2));
        assert!(!splits_cleanly::<2>("A\u{1f}1\u{1f}x", 1));
    }
}
