//! The org registry: administrative areas and agencies, each valid over a date range, linked to
//! their successors. A unit's identity is its [`UnitId`]; a code (GSO code for areas, a registry
//! code for agencies) means something only as of a date, because codes are reused across the
//! 2025 reform (91 is Kiên Giang until 30/06/2025 and the new An Giang after).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{Error, FieldError};

/// The internal identity of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitId(pub i64);

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

crate::named_enum! {
    /// What a unit is: an area (nation, province, district, commune) or an agency.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum UnitKind: "kind", "loại đơn vị" {
        /// Quốc gia.
        Nation = "nation", "Quốc gia", "Nation";
        /// Tỉnh or thành phố trực thuộc trung ương.
        Province = "province", "Tỉnh, thành phố", "Province";
        /// Huyện, quận, thị xã, thành phố thuộc tỉnh (until 30/06/2025).
        District = "district", "Huyện, quận, thị xã", "District";
        /// Xã, phường, thị trấn, đặc khu.
        Commune = "commune", "Xã, phường, đặc khu", "Commune";
        /// Bộ, cơ quan ngang bộ.
        Ministry = "ministry", "Bộ, cơ quan ngang bộ", "Ministry";
        /// Other central bodies: Chính phủ, Văn phòng Chính phủ, Ủy ban Dân tộc…
        CentralBody = "central_body", "Cơ quan trung ương", "Central body";
        /// Ủy ban nhân dân tỉnh.
        ProvincialCommittee = "provincial_committee", "UBND tỉnh", "Provincial People's Committee";
        /// Văn phòng Ủy ban nhân dân tỉnh.
        ProvincialOffice = "provincial_office", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee";
        /// Sở and equivalent provincial agencies (Công an tỉnh).
        Department = "department", "Sở, ngành", "Department";
        /// Mass organisations (Hội Liên hiệp Phụ nữ…).
        Organisation = "organisation", "Hội, đoàn thể", "Mass organisation";
        /// Ủy ban nhân dân xã.
        CommuneCommittee = "commune_committee", "UBND xã", "Commune People's Committee";
    }
}

impl UnitKind {
    /// Whether this is an area (as opposed to an agency).
    #[must_use]
    pub fn is_area(self) -> bool {
        matches!(self, Self::Nation | Self::Province | Self::District | Self::Commune)
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::named_enum! {
    /// How a unit passed into a successor.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum LineageKind: "kind", "kiểu kế thừa" {
        /// The whole unit went into the successor.
        Merged = "merged";
        /// The unit was split; the successor took a part.
        Divided = "divided";
    }
}

/// A date range, both ends inclusive; an open end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// First day of validity; `None` when it predates the registry's records.
    pub from: Option<NaiveDate>,
    /// Last day of validity; `None` while the unit exists.
    pub to: Option<NaiveDate>,
}

impl Validity {
    /// Valid on `day`.
    #[must_use]
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }

    /// The two ranges share at least one day.
    #[must_use]
    pub fn overlaps(&self, other: &Self) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        let other_starts_before_end = match (other.from, self.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// Checks that the range is not reversed.
    pub fn check(&self) -> Result<(), FieldError> {
        match (self.from, self.to) {
            (Some(f), Some(t)) if t < f => Err(FieldError::new(
                "valid_to",
                format!("ngày hết hiệu lực {} trước ngày có hiệu lực {}", vn_date(t), vn_date(f)),
            )),
            _ => Ok(()),
        }
    }
}

/// A unit of the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// Identity.
    pub id: UnitId,
    /// GSO code for areas, registry code for agencies; unique as of any date.
    pub code: String,
    /// Official name ("Tỉnh Kiên Giang", "Sở Nội vụ tỉnh An Giang").
    pub name: String,
    /// What the unit is.
    pub kind: UnitKind,
    /// The enclosing area, or the superior agency.
    pub parent_id: Option<UnitId>,
    /// For an agency, the area it serves (its scope); for an area, itself.
    pub area_id: Option<UnitId>,
    /// When it existed.
    pub validity: Validity,
    /// Incremented by every edit; an edit based on an older version is a conflict.
    pub version: i64,
}

impl Unit {
    /// The area whose subtree is this unit's scope: the unit itself for an area, the served
    /// area for an agency.
    #[must_use]
    pub fn scope_area(&self) -> UnitId {
        if self.kind.is_area() { self.id } else { self.area_id.unwrap_or(self.id) }
    }
}

/// The contact point of an agency for gender-equality work (cán bộ đầu mối).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// The focal person's full name.
    pub focal_person: String,
    /// Their position.
    #[serde(default)]
    pub position: String,
    /// Telephone.
    #[serde(default)]
    pub phone: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
}

impl Contact {
    /// Checks every field, reporting all problems at once.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.focal_person.trim().is_empty() {
            errors.push(FieldError::new("focal_person", "họ tên cán bộ đầu mối không được để trống"));
        }
        let phone_ok = self.phone.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '+' | '-' | '(' | ')'));
        if !phone_ok {
            errors.push(FieldError::new("phone", "số điện thoại chỉ gồm chữ số, dấu cách và + - . ( )"));
        }
        let email = self.email.trim();
        let email_ok =
            email.is_empty() || (email.contains('@') && email.rsplit('@').next().is_some_and(|d| d.contains('.')));
        if !email_ok {
            errors.push(FieldError::new("email", format!("địa chỉ thư \"{email}\" không hợp lệ")));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }
}

/// A lineage edge: `predecessor` passed (wholly or partly) into `successor`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lineage {
    /// The earlier unit.
    pub predecessor: UnitId,
    /// The later unit.
    pub successor: UnitId,
    /// Merged whole or divided.
    pub kind: LineageKind,
    /// Share of the predecessor that went into this successor (0–1).
    pub weight: f64,
    /// This successor took the main part of the predecessor.
    pub is_main: bool,
}

/// A unit to insert. `parent` and `area` refer to other new units by their index in the batch,
/// or to stored units by id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUnit {
    /// A stable key from the source data, so re-importing updates instead of duplicating.
    pub source_key: String,
    /// See [`Unit::code`].
    pub code: String,
    /// See [`Unit::name`].
    pub name: String,
    /// See [`Unit::kind`].
    pub kind: UnitKind,
    /// The parent.
    pub parent: Option<UnitRef>,
    /// The served area (agencies).
    pub area: Option<UnitRef>,
    /// When it existed.
    pub validity: Validity,
}

/// A reference from a new unit to another unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitRef {
    /// The unit at this index of the same batch.
    New(usize),
    /// A stored unit.
    Stored(UnitId),
}

/// A lineage edge between units of a batch (indexes into [`UnitBatch::units`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewLineage {
    /// Index of the predecessor.
    pub predecessor: usize,
    /// Index of the successor.
    pub successor: usize,
    /// Merged whole or divided.
    pub kind: LineageKind,
    /// Share that went to this successor.
    pub weight: f64,
    /// Main successor.
    pub is_main: bool,
}

/// A whole set of units and lineage to load at once (all or nothing).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitBatch {
    /// Units, parents before children.
    pub units: Vec<NewUnit>,
    /// Lineage between them.
    pub lineage: Vec<NewLineage>,
    /// The registry's point of a unit of the batch (communes; the others have none).
    pub points: Vec<UnitPoint>,
}

/// Where a unit of a batch lies: the registry's centroid, in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitPoint {
    /// Index into [`UnitBatch::units`].
    pub unit: usize,
    /// Latitude, −90…90.
    pub lat: f64,
    /// Longitude, −180…180.
    pub lon: f64,
}

/// Filters of a unit listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFilter {
    /// Only units valid on this day.
    pub as_of: NaiveDate,
    /// Name contains this text, compared folded (no diacritics, any case).
    pub q: Option<String>,
    /// Only this kind.
    pub kind: Option<UnitKind>,
    /// Only children of this unit.
    pub parent: Option<UnitId>,
    /// Page size.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

/// Formats a date the Vietnamese way: dd/mm/yyyy.
#[must_use]
pub fn vn_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Parses an "as of" date (`YYYY-MM-DD`), naming the field in the error.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, Error> {
    read_date(text).ok_or_else(|| {
        Error::invalid(field, format!("ngày \"{}\" không đúng dạng ngày/tháng/năm (ví dụ 25/02/2021)", text.trim()))
    })
}

/// A date as people type it, whatever their browser's language: `25/02/2021` (also `25-02-2021`,
/// `25.02.2021`, one-digit day and month) or `2021-02-25`.
#[must_use]
pub fn read_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [day, month, year] = parts.as_slice() else { return None };
    if year.len() != 4 || day.is_empty() || day.len() > 2 || month.is_empty() || month.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Checks the fields of a unit an administrator adds or edits.
pub fn check_unit_fields(code: &str, name: &str, validity: &Validity) -> Result<(), Error> {
    let mut errors = Vec::new();
    if code.trim().is_empty() {
        errors.push(FieldError::new("code", "mã đơn vị không được để trống"));
    } else if !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')) {
        errors.push(FieldError::new("code", "mã đơn vị chỉ gồm chữ không dấu, chữ số và các dấu - . _"));
    }
    if name.trim().is_empty() {
        errors.push(FieldError::new("name", "tên đơn vị không được để trống"));
    }
    if let Err(e) = validity.check() {
        errors.push(e);
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn validity_contains_its_inclusive_ends() {
        let v = Validity { from: None, to: Some(d(2025, 6, 30)) };
        assert!(v.contains(d(2021, 2, 25)));
        assert!(v.contains(d(2025, 6, 30)));
        assert!(!v.contains(d(2025, 7, 1)));
        let w = Validity { from: Some(d(2025, 7, 1)), to: None };
        assert!(!w.contains(d(2025, 6, 30)));
        assert!(w.contains(d(2026, 1, 1)));
        assert!(!v.overlaps(&w));
        assert!(w.overlaps(&Validity { from: None, to: None }));
    }

    #[test]
    fn reversed_validity_is_refused() {
        let v = Validity { from: Some(d(2025, 7, 1)), to: Some(d(2025, 6, 30)) };
        assert_eq!(v.check().unwrap_err().field, "valid_to");
    }

    #[test]
    fn kinds_round_trip_and_unknown_is_named() {
        for k in UnitKind::ALL {
            assert_eq!(k.as_str().parse::<UnitKind>().unwrap(), k);
        }
        let err = "tinh".parse::<UnitKind>().unwrap_err().to_string();
        assert!(err.contains("tinh") && err.contains("province"), "{err}");
    }

    #[test]
    fn dates_are_read_day_first_or_iso_and_bad_ones_explained() {
        for text in ["25/02/2021", "2021-02-25", " 25-02-2021 ", "25.2.2021"] {
            assert_eq!(parse_date("as_of", text).unwrap(), d(2021, 2, 25), "{text}");
        }
        assert_eq!(read_date("5/3/2021"), Some(d(2021, 3, 5)));
        for bad in ["02/25/2021", "31/02/2021", "25/02/21", "hôm nay", ""] {
            let err = parse_date("as_of", bad).unwrap_err().to_string();
            assert!(err.contains("as_of") && err.contains("25/02/2021"), "{err}");
        }
    }
}
