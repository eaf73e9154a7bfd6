//! One way to check input: the problems of a form or a JSON body gathered field by field, so
//! that every one is reported at once (the page shows each beside its field, the API lists them),
//! and the checks every use case makes written once — a date typed as people type it, a unit
//! code resolved on the day it is read for, of the kind the field needs.

use chrono::NaiveDate;

use binhdang_core::units::{Unit, parse_date};
use binhdang_core::{Error as DomainError, FieldError};

use crate::{Error, Services};

/// What a unit code must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// An agency (a committee, a department, a ministry…), which holds registers, tasks, plans.
    Agency,
    /// An area (a commune, a province, the nation), where activities happen and reports are of.
    Area,
    /// Either (the superior of a unit an administrator adds).
    Any,
}

impl Expect {
    fn noun(self) -> &'static str {
        match self {
            Self::Agency => "cơ quan",
            Self::Area => "địa bàn",
            Self::Any => "đơn vị",
        }
    }
}

/// The problems found so far, field by field.
#[derive(Debug, Default)]
pub struct Fields {
    errors: Vec<FieldError>,
}

impl Fields {
    /// Nothing found yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem of `field`.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A check's result: its value, or its field errors recorded (`None`). Errors other than
    /// invalid input are not the officer's to fix and are returned.
    pub fn take<T>(&mut self, result: Result<T, DomainError>) -> Result<Option<T>, Error> {
        match result {
            Ok(v) => Ok(Some(v)),
            Err(DomainError::Invalid(mut e)) => {
                self.errors.append(&mut e);
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A date typed as people type it (`25/02/2021`, `2021-02-25`); `None` when left empty or
    /// wrong (then recorded).
    pub fn optional_date(&mut self, field: &str, text: Option<&str>) -> Option<NaiveDate> {
        let t = text.map(str::trim).filter(|t| !t.is_empty())?;
        match parse_date(field, t) {
            Ok(d) => Some(d),
            Err(DomainError::Invalid(mut e)) => {
                self.errors.append(&mut e);
                None
            }
            Err(_) => None,
        }
    }

    /// The unit `code` names on the first of `days` on which it names one, when it is of the
    /// kind expected. Otherwise the problem is recorded in words the officer can act on: what
    /// the code meant at other times and what that became (codes are reused across the 2025
    /// reform), or why the unit found is not of the kind the field needs. An empty code gives
    /// `None` and records nothing (the caller decides whether the field is required).
    pub async fn unit(
        &mut self,
        state: &Services,
        field: &str,
        code: &str,
        days: &[NaiveDate],
        expect: Expect,
    ) -> Result<Option<Unit>, Error> {
        let code = code.trim();
        let Some(&first) = days.first() else { return Ok(None) };
        if code.is_empty() {
            return Ok(None);
        }
        let mut found = None;
        for day in days {
            if let Some(u) = state.store.unit_by_code(code, *day).await? {
                found = Some(u);
                break;
            }
        }
        match found {
            Some(u) if expect == Expect::Any || u.kind.is_area() == (expect == Expect::Area) => Ok(Some(u)),
            Some(u) => {
                let message = match expect {
                    Expect::Agency => {
                        format!("{} là địa bàn, không phải cơ quan; hãy chọn một cơ quan (ví dụ {code}-UBND)", u.name)
                    }
                    Expect::Area | Expect::Any => {
                        format!("{} là cơ quan; ở đây cần một địa bàn (xã, tỉnh…)", u.name)
                    }
                };
                self.push(field, message);
                Ok(None)
            }
            None => {
                let message = crate::units::missing_named(state, expect.noun(), code, first).await?;
                self.push(field, message);
                Ok(None)
            }
        }
    }

    /// Whether nothing was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The problems recorded.
    #[must_use]
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// `Ok` when nothing was recorded, else the invalid-input error listing every problem.
    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() { Ok(()) } else { Err(Error::Invalid(self.errors)) }
    }
}
