//! A report's values as they are stored: one row per report in `report_data`, its values in one
//! text. Values are read and written by report everywhere — the entry grid saves a report, an
//! exchange or a bulk load writes reports, the exports and the analytics engine read reports —
//! so one row per report is what every reader asks for, and it turns the ten million rows of a
//! national data set into three hundred thousand (see `ARCHITECTURE.md`, "Values stored by
//! report").
//!
//! The text is a list of records separated by U+001E, ordered by element and option
//! combination; a record's fields are separated by U+001F: element, option combination, value,
//! comment, then the entry's source, override reason, user id (empty: none) and instant. What
//! repeats the record before is left out: a record whose entry fields are those of the record
//! before it has four fields instead of eight (a report's values are mostly entered together),
//! and the element of a record with the element before it is empty (an element's option
//! combinations follow each other). Inside a field, ESC (U+001B), the two separators and NUL are
//! written as ESC followed by `e`, `r`, `u` or `0`, and an element that really is empty as ESC
//! `z`, so any text a field holds reads back exactly.

use std::borrow::Cow;
use std::collections::BTreeMap;

use sqlx::Row;

pub use crate::reports::{Key, StoredValue};
use crate::{Result, Store, StoreError};

/// Between the fields of a value.
const UNIT: char = '\u{1f}';
/// Between the values of a report.
const RECORD: char = '\u{1e}';
/// Before an escaped character.
const ESC: char = '\u{1b}';

/// How a value was entered: the fields a record shares with the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// `activities`, `typed`, `import` ….
    pub source: &'a str,
    /// Why a value the activities yield was overridden.
    pub override_reason: &'a str,
    /// Who entered it.
    pub entered_by: Option<i64>,
    /// When (RFC 3339).
    pub entered_at: &'a str,
}

/// Appends `text` to a record, escaped.
fn push_field(out: &mut String, text: &str) {
    if !text.bytes().any(|b| matches!(b, 0x1b | 0x1e | 0x1f | 0)) {
        out.push_str(text);
        return;
    }
    for ch in text.chars() {
        match ch {
            ESC => out.push_str("\u{1b}e"),
            RECORD => out.push_str("\u{1b}r"),
            UNIT => out.push_str("\u{1b}u"),
            '\0' => out.push_str("\u{1b}0"),
            c => out.push(c),
        }
    }
}

/// Builds a report's stored text value by value, in key order.
#[derive(Debug, Default)]
pub struct Encoder {
    text: String,
    count: usize,
    /// The element of the last record.
    last_element: String,
    /// The entry fields of the last record, as written.
    last_entry: Option<(String, String, Option<i64>, String)>,
}

impl Encoder {
    /// The record's separator and its first four fields.
    fn push_fields(&mut self, element: &str, option: &str, value: &str, comment: &str) {
        if self.count > 0 {
            self.text.push(RECORD);
        }
        if element.is_empty() {
            self.text.push_str("\u{1b}z");
            self.last_element.clear();
        } else if self.count == 0 || self.last_element != element {
            push_field(&mut self.text, element);
            self.last_element.clear();
            self.last_element.push_str(element);
        }
        for field in [option, value, comment] {
            self.text.push(UNIT);
            push_field(&mut self.text, field);
        }
    }

    /// Appends one value; values must come in (element, option combination) order.
    pub fn push(&mut self, element: &str, option: &str, value: &str, comment: &str, entry: Entry<'_>) {
        self.push_fields(element, option, value, comment);
        let same = self.last_entry.as_ref().is_some_and(|(s, o, b, a)| {
            s == entry.source && o == entry.override_reason && *b == entry.entered_by && a == entry.entered_at
        });
        if !same {
            for field in [entry.source, entry.override_reason] {
                self.text.push(UNIT);
                push_field(&mut self.text, field);
            }
            self.text.push(UNIT);
            if let Some(user) = entry.entered_by {
                self.text.push_str(&user.to_string());
            }
            self.text.push(UNIT);
            push_field(&mut self.text, entry.entered_at);
            self.last_entry = Some((
                entry.source.to_owned(),
                entry.override_reason.to_owned(),
                entry.entered_by,
                entry.entered_at.to_owned(),
            ));
        }
        self.count += 1;
    }

    /// Appends one value entered as the value before it (the first value of a text has to
    /// give its entry: then it is [`Encoder::push`]'s, with an empty entry).
    pub fn push_like_last(&mut self, element: &str, option: &str, value: &str, comment: &str) {
        if self.last_entry.is_none() {
            let entry = Entry { source: "", override_reason: "", entered_by: None, entered_at: "" };
            self.push(element, option, value, comment, entry);
            return;
        }
        self.push_fields(element, option, value, comment);
        self.count += 1;
    }

    /// Values pushed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no value was pushed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The stored text.
    #[must_use]
    pub fn finish(self) -> String {
        self.text
    }
}

/// The stored text of a report's values.
#[must_use]
pub fn encode(values: &BTreeMap<Key, StoredValue>) -> String {
    let mut e = Encoder::default();
    for ((element, option), v) in values {
        e.push(
            element,
            option,
            &v.value,
            &v.comment,
            Entry {
                source: &v.source,
                override_reason: &v.override_reason,
                entered_by: v.entered_by,
                entered_at: &v.entered_at,
            },
        );
    }
    e.finish()
}

/// A field read back: borrowed when it held nothing escaped.
fn unescape(field: &str) -> Result<Cow<'_, str>> {
    if !field.contains(ESC) {
        return Ok(Cow::Borrowed(field));
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != ESC {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('e') => ESC,
            Some('r') => RECORD,
            Some('u') => UNIT,
            Some('0') => '\0',
            Some('z') => continue,
            _ => return Err(StoreError::Corrupt("giá trị lưu có ký tự thoát không hợp lệ".into())),
        });
    }
    Ok(Cow::Owned(out))
}

/// The eight fields of each value of a stored text, in order: element, option combination,
/// value, comment, source, override reason, user id, instant. A text written by [`Encoder`]
/// always reads; anything else is reported corrupt.
pub fn decode(text: &str) -> Result<Vec<[Cow<'_, str>; 8]>> {
    let mut out: Vec<[Cow<'_, str>; 8]> = Vec::new();
    if text.is_empty() {
        return Ok(out);
    }
    for record in text.split(RECORD) {
        let mut fields = record.split(UNIT);
        let mut row: [Cow<'_, str>; 8] = Default::default();
        for slot in row.iter_mut().take(4) {
            *slot = unescape(fields.next().ok_or_else(|| corrupt(record))?)?;
        }
        if record.starts_with(UNIT) {
            row[0].clone_from(&out.last().ok_or_else(|| corrupt(record))?[0]);
        }
        let rest: Vec<&str> = fields.collect();
        match (rest.len(), out.last()) {
            (4, _) => {
                for (slot, field) in row.iter_mut().skip(4).zip(rest) {
                    *slot = unescape(field)?;
                }
            }
            (0, Some(before)) => {
                row[4..8].clone_from_slice(&before[4..8]);
            }
            _ => return Err(corrupt(record)),
        }
        out.push(row);
    }
    Ok(out)
}

fn corrupt(record: &str) -> StoreError {
    StoreError::Corrupt(format!("giá trị lưu \"{}\" không đủ trường", record.replace([UNIT, RECORD], " | ")))
}

/// A report's values read into the map every writer starts from.
pub fn decode_map(text: &str) -> Result<BTreeMap<Key, StoredValue>> {
    decode(text)?
        .into_iter()
        .map(|[element, option, value, comment, source, override_reason, user, at]| {
            let entered_by = if user.is_empty() {
                None
            } else {
                Some(user.parse::<i64>().map_err(|_| StoreError::Corrupt(format!("người nhập \"{user}\"")))?)
            };
            Ok((
                (element.into_owned(), option.into_owned()),
                StoredValue {
                    value: value.into_owned(),
                    comment: comment.into_owned(),
                    source: source.into_owned(),
                    override_reason: override_reason.into_owned(),
                    entered_by,
                    entered_at: at.into_owned(),
                },
            ))
        })
        .collect()
}

/// The fields of a stored value a reader asks for, by position in the record.
pub trait Columns<const N: usize> {
    /// Positions among element (0), option combination (1), value (2), comment (3), source
    /// (4), override reason (5), user id (6) and instant (7).
    const FIELDS: [usize; N];
}

/// Element, option combination and value: what the analytics engine reads.
#[derive(Debug, Clone, Copy)]
pub struct Figures;

impl Columns<3> for Figures {
    const FIELDS: [usize; 3] = [0, 1, 2];
}

/// Element, option combination, value, comment, source and entry time: what an export writes.
#[derive(Debug, Clone, Copy)]
pub struct Exported;

impl Columns<6> for Exported {
    const FIELDS: [usize; 6] = [0, 1, 2, 3, 4, 7];
}

/// One report's values as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedReport<const N: usize> {
    /// The report.
    pub report: i64,
    fields: [usize; N],
    body: Body<N>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Body<const N: usize> {
    /// The stored text, holding nothing escaped: its fields are read in place.
    Plain(String),
    /// Read out of a text with escaped characters.
    Rows(Vec<[String; N]>),
}

impl<const N: usize> PackedReport<N> {
    /// The values, ordered by element and option combination, each as its `N` columns.
    #[must_use]
    pub fn rows(&self) -> Vec<[&str; N]> {
        match &self.body {
            Body::Plain(text) => {
                let mut out: Vec<[&str; N]> = Vec::new();
                let mut entry = [""; 4];
                let mut element = "";
                for record in text.split(RECORD).filter(|r| !r.is_empty()) {
                    let mut fields = [""; 8];
                    let mut n = 0;
                    for (slot, f) in fields.iter_mut().zip(record.split(UNIT)) {
                        *slot = f;
                        n += 1;
                    }
                    if fields[0].is_empty() {
                        fields[0] = element;
                    } else {
                        element = fields[0];
                    }
                    if n == 8 {
                        entry.copy_from_slice(&fields[4..]);
                    } else {
                        fields[4..].copy_from_slice(&entry);
                    }
                    out.push(std::array::from_fn(|i| fields[self.fields[i]]));
                }
                out
            }
            Body::Rows(rows) => rows.iter().map(|r| std::array::from_fn(|i| r[i].as_str())).collect(),
        }
    }
}

/// Whether a text without escapes has the shape [`Encoder`] writes: the first record of eight
/// fields with its element, every other of four or eight.
fn well_formed(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    if text.starts_with(UNIT) {
        return false;
    }
    let mut first = true;
    let mut units = 0;
    for b in text.bytes().chain(std::iter::once(0x1e)) {
        match b {
            0x1f => units += 1,
            0x1e => {
                if !(units == 7 || (units == 3 && !first)) {
                    return false;
                }
                first = false;
                units = 0;
            }
            _ => {}
        }
    }
    true
}

impl Store {
    /// The values of `reports` (ids; at most a few thousand at a time), one entry per report that
    /// has values, in the order of the ids given; each report's values ordered by element and
    /// option combination.
    pub async fn packed_values<C: Columns<N>, const N: usize>(&self, reports: &[i64]) -> Result<Vec<PackedReport<N>>> {
        let mut by_id = self.stored_texts(reports).await?;
        let mut out = Vec::with_capacity(by_id.len());
        for id in reports {
            let Some(text) = by_id.remove(id) else { continue };
            let body = if text.contains(ESC) {
                Body::Rows(
                    decode(&text)?
                        .into_iter()
                        .map(|row| std::array::from_fn(|i| row[C::FIELDS[i]].clone().into_owned()))
                        .collect(),
                )
            } else if well_formed(&text) {
                Body::Plain(text)
            } else {
                return Err(StoreError::Corrupt(format!("số liệu của báo cáo số {id}")));
            };
            out.push(PackedReport { report: *id, fields: C::FIELDS, body });
        }
        Ok(out)
    }

    /// The stored texts of `reports` that have values, by report, in one query per 500.
    pub(crate) async fn stored_texts(&self, reports: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
        let mut out = std::collections::HashMap::with_capacity(reports.len());
        for chunk in reports.chunks(500) {
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            let rows = sqlx::query(&format!("SELECT report_id, body FROM report_data WHERE report_id IN ({list})"))
                .fetch_all(self.pool())
                .await?;
            for row in &rows {
                out.insert(row.try_get("report_id")?, row.try_get("body")?);
            }
        }
        Ok(out)
    }

    /// The values of several reports, decoded, by report.
    pub async fn stored_value_maps(&self, reports: &[i64]) -> Result<BTreeMap<i64, BTreeMap<Key, StoredValue>>> {
        self.stored_texts(reports).await?.into_iter().map(|(id, text)| Ok((id, decode_map(&text)?))).collect()
    }
}

/// A report's stored values inside a transaction.
pub(crate) async fn read_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    report: i64,
) -> Result<BTreeMap<Key, StoredValue>> {
    let text: Option<String> = sqlx::query_scalar("SELECT body FROM report_data WHERE report_id = $1")
        .bind(report)
        .fetch_optional(&mut **tx)
        .await?;
    text.as_deref().map_or_else(|| Ok(BTreeMap::new()), decode_map)
}

/// Replaces a report's stored values inside a transaction (none: the row goes).
pub(crate) async fn write_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    report: i64,
    values: &BTreeMap<Key, StoredValue>,
) -> Result<()> {
    sqlx::query("DELETE FROM report_data WHERE report_id = $1").bind(report).execute(&mut **tx).await?;
    if !values.is_empty() {
        sqlx::query("INSERT INTO report_data (report_id, value_count, body) VALUES ($1, $2, $3)")
            .bind(report)
            .bind(i64::try_from(values.len()).unwrap_or(i64::MAX))
            .bind(encode(values))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Moves the values of the table of one row per value (before migration 15) into
/// `report_data`, a few hundred reports at a time, inside the migration's transaction.
pub(crate) async fn convert_value_rows(tx: &mut sqlx::Transaction<'static, sqlx::Any>) -> Result<()> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT report_id FROM report_values GROUP BY report_id ORDER BY report_id")
        .fetch_all(&mut **tx)
        .await?;
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let rows = sqlx::query(&format!(
            "SELECT report_id, element, option_combo, value, comment, source, override_reason, entered_by, entered_at \
             FROM report_values WHERE report_id IN ({list})"
        ))
        .fetch_all(&mut **tx)
        .await?;
        let mut by_report: BTreeMap<i64, BTreeMap<Key, StoredValue>> = BTreeMap::new();
        for r in &rows {
            by_report.entry(r.try_get("report_id")?).or_default().insert(
                (r.try_get("element")?, r.try_get("option_combo")?),
                StoredValue {
                    value: r.try_get("value")?,
                    comment: r.try_get("comment")?,
                    source: r.try_get("source")?,
                    override_reason: r.try_get("override_reason")?,
                    entered_by: r.try_get("entered_by")?,
                    entered_at: r.try_get("entered_at")?,
                },
            );
        }
        for (id, values) in &by_report {
            write_in(tx, *id, values).await?;
        }
    }
    sqlx::query("DROP TABLE report_values").execute(&mut **tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: &str, comment: &str, source: &str, by: Option<i64>, at: &str) -> StoredValue {
        StoredValue {
            value: v.into(),
            comment: comment.into(),
            source: source.into(),
            override_reason: String::new(),
            entered_by: by,
            entered_at: at.into(),
        }
    }

    #[test]
    fn values_read_back_exactly_whatever_their_text_holds() {
        let mut values = BTreeMap::new();
        values.insert(("A".into(), "nu".into()), value("12", "", "typed", Some(3), "2026-01-01T00:00:00Z"));
        values.insert(("A".into(), "nam".into()), value("10", "", "typed", Some(3), "2026-01-01T00:00:00Z"));
        values.insert(
            ("B".into(), "default".into()),
            value("x\u{1f}y\u{1e}z\u{1b}e\0", "ghi chú\tmới", "import", None, "2026-02-01T00:00:00Z"),
        );
        values.insert(("C".into(), "default".into()), value("", "", "", None, ""));
        values.insert((String::new(), "default".into()), value("1", "", "typed", Some(3), "2026-01-01T00:00:00Z"));
        values.insert((String::new(), "nu".into()), value("2", "", "typed", Some(3), "2026-01-01T00:00:00Z"));
        let text = encode(&values);
        // An element after an empty one is written out.
        let mut e = Encoder::default();
        let entry = Entry { source: "s", override_reason: "", entered_by: None, entered_at: "t" };
        for element in ["X", "", "X"] {
            e.push(element, "default", "1", "", entry);
        }
        let rows: Vec<String> = decode(&e.finish()).expect("reads").iter().map(|r| r[0].to_string()).collect();
        assert_eq!(rows, ["X", "", "X"]);
        assert_eq!(decode_map(&text).expect("reads"), values);
        // The fourth value (A / nu) shares its entry and its element with the third and leaves
        // them out.
        assert_eq!(text.split(RECORD).nth(3), Some("\u{1f}nu\u{1f}12\u{1f}"));
        assert!(decode_map("").expect("empty").is_empty());
    }

    #[test]
    fn a_plain_text_is_read_in_place_and_a_bad_one_refused() {
        let mut values = BTreeMap::new();
        values.insert(("A".into(), "nam".into()), value("1", "c", "typed", Some(1), "t1"));
        values.insert(("A".into(), "nu".into()), value("2", "", "typed", Some(1), "t1"));
        values.insert(("B".into(), "default".into()), value("3", "", "import", None, "t2"));
        let text = encode(&values);
        assert!(well_formed(&text));
        let report = PackedReport::<6> { report: 1, fields: Exported::FIELDS, body: Body::Plain(text) };
        assert_eq!(
            report.rows(),
            vec![
                ["A", "nam", "1", "c", "typed", "t1"],
                ["A", "nu", "2", "", "typed", "t1"],
                ["B", "default", "3", "", "import", "t2"]
            ]
        );
        assert!(!well_formed("A\u{1f}nu\u{1f}1\u{1f}"));
        assert!(!well_formed("\u{1f}nu\u{1f}1\u{1f}\u{1f}s\u{1f}\u{1f}\u{1f}t"));
        assert!(decode("\u{1f}nu\u{1f}1\u{1f}\u{1f}s\u{1f}\u{1f}\u{1f}t").is_err());
        assert!(!well_formed("A\u{1f}nu\u{1f}1\u{1f}\u{1f}s\u{1f}\u{1f}\u{1f}t\u{1e}B\u{1f}x"));
        assert!(decode("A\u{1f}nu\u{1f}1\u{1f}").is_err());
        assert!(decode("A\u{1f}n\u{1b}qu\u{1f}1\u{1f}\u{1f}s\u{1f}\u{1f}\u{1f}t").is_err());
    }

    /// Random reports over an alphabet of the characters the format treats specially: every one
    /// reads back exactly, and through the in-place reader when it holds no escape.
    #[test]
    fn random_reports_read_back_exactly() {
        const ALPHABET: [char; 9] = ['a', 'B', '\u{1b}', '\u{1e}', '\u{1f}', '\0', 'z', 'ữ', '\\'];
        struct Lcg(u64);
        impl Lcg {
            fn next(&mut self, n: u64) -> u64 {
                self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (self.0 >> 33) % n
            }
            fn text(&mut self, max: u64) -> String {
                let len = self.next(max + 1);
                (0..len).map(|_| ALPHABET[usize::try_from(self.next(9)).unwrap_or(0)]).collect()
            }
        }
        let mut rng = Lcg(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2_000 {
            let mut values = BTreeMap::new();
            for _ in 0..rng.next(6) {
                let key = (rng.text(2), rng.text(2));
                let v = StoredValue {
                    value: rng.text(3),
                    comment: rng.text(3),
                    source: rng.text(1),
                    override_reason: rng.text(1),
                    entered_by: (rng.next(2) == 0).then_some(7),
                    entered_at: rng.text(1),
                };
                values.insert(key, v);
            }
            let encoded = encode(&values);
            assert_eq!(decode_map(&encoded).expect("reads"), values, "{encoded:?}");
            if !encoded.contains(ESC) {
                assert!(well_formed(&encoded), "{encoded:?}");
                let report = PackedReport::<3> { report: 1, fields: Figures::FIELDS, body: Body::Plain(encoded) };
                let read: Vec<[String; 3]> = report.rows().iter().map(|r| r.map(str::to_owned)).collect();
                let expected: Vec<[String; 3]> =
                    values.iter().map(|((e, o), v)| [e.clone(), o.clone(), v.value.clone()]).collect();
                assert_eq!(read, expected);
            }
        }
    }
}
