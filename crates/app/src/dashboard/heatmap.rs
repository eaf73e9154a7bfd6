//! The completeness heat map: an area's child areas × a form's periods, each cell the state of
//! the child's own report for the period (approved, submitted, waived, missing, overdue, or not
//! expected), on the map of the day chosen. For a period before an area existed (today's An
//! Giang in 2023) the cell stands for the areas it came from (An Giang and Kiên Giang then), and
//! for a period after it ended (Kiên Giang in 2025) for the areas it passed into: the least
//! advanced of their reports.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use binhdang_core::access::{Action, Record};
use binhdang_core::activities::period_year;
use binhdang_core::reporting::{self, Period, PeriodType, Status};
use binhdang_core::units::{Unit, UnitId, UnitKind};
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};

use super::compare::MapChoice;
use crate::units::{require, scope_of};
use crate::{Error, Services};

/// What a cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = HeatState))]
pub enum HeatState {
    /// Approved by the level above.
    Approved,
    /// Sent, not yet approved.
    Submitted,
    /// Waived by the level above.
    Waived,
    /// Not sent; the deadline has not passed.
    Missing,
    /// Not sent and the deadline passed.
    Overdue,
    /// Not expected: neither the area nor the areas it came from (or went into) reported on this
    /// form then.
    NotExpected,
}

impl HeatState {
    /// Every state, in the legend's order.
    pub const ALL: [Self; 6] =
        [Self::Approved, Self::Submitted, Self::Waived, Self::Missing, Self::Overdue, Self::NotExpected];

    /// The API name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Submitted => "submitted",
            Self::Waived => "waived",
            Self::Missing => "missing",
            Self::Overdue => "overdue",
            Self::NotExpected => "not_expected",
        }
    }

    /// Vietnamese label.
    #[must_use]
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Approved => "Đã duyệt",
            Self::Submitted => "Đã gửi",
            Self::Waived => "Miễn nộp",
            Self::Missing => "Chưa gửi",
            Self::Overdue => "Quá hạn",
            Self::NotExpected => "Không phải nộp",
        }
    }

    /// English label.
    #[must_use]
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Approved => "Approved",
            Self::Submitted => "Submitted",
            Self::Waived => "Waived",
            Self::Missing => "Not yet sent",
            Self::Overdue => "Overdue",
            Self::NotExpected => "Not expected",
        }
    }

    /// How far from done: of several reports standing for one area, the cell shows the least
    /// advanced.
    #[must_use]
    pub fn severity(self) -> u8 {
        match self {
            Self::NotExpected => 0,
            Self::Waived => 1,
            Self::Approved => 2,
            Self::Submitted => 3,
            Self::Missing => 4,
            Self::Overdue => 5,
        }
    }

    /// The state of a report with `status` (none: never saved), due on `deadline`.
    #[must_use]
    pub fn of(status: Option<Status>, deadline: NaiveDate, today: NaiveDate) -> Self {
        match status {
            Some(Status::DaDuyet) => Self::Approved,
            Some(Status::DaGui) => Self::Submitted,
            Some(Status::MienNop) => Self::Waived,
            _ if today > deadline => Self::Overdue,
            _ => Self::Missing,
        }
    }
}

/// A cell.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = HeatCell))]
pub struct HeatCell {
    /// The period's code.
    pub period: String,
    /// The report's status (none: never saved, or not expected).
    pub status: Option<Status>,
    /// What the cell shows.
    pub state: HeatState,
    /// The day the report was due (none when not expected).
    pub deadline: Option<NaiveDate>,
}

/// A row: a child area.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = HeatRow))]
pub struct HeatRow {
    /// Its code on the map.
    pub code: String,
    /// Its name.
    pub name: String,
    /// One cell per period, in the order of [`HeatMap::periods`].
    pub cells: Vec<HeatCell>,
}

/// The heat map.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = HeatMap))]
pub struct HeatMap {
    /// The form's code.
    pub form: String,
    /// Its name.
    pub form_name: String,
    /// Its English name.
    pub form_name_en: String,
    /// The area's code.
    pub area_code: String,
    /// Its name.
    pub area_name: String,
    /// The map.
    pub map: MapChoice,
    /// Period codes (columns).
    pub periods: Vec<String>,
    /// Child areas (rows), by name.
    pub rows: Vec<HeatRow>,
    /// Cells of each state, in the order of [`HeatState::ALL`].
    pub totals: Vec<(HeatState, usize)>,
}

/// What a heat map asks for.
#[derive(Debug, Clone, Default)]
pub struct HeatInput {
    /// The form (default `BDG_NAM`).
    pub form: Option<String>,
    /// The area's code (default: the user's scope).
    pub area: Option<String>,
    /// First year (default: five years up to the last).
    pub from: Option<i32>,
    /// Last year (default: the last year whose reports are due).
    pub to: Option<i32>,
    /// The map.
    pub map: MapChoice,
}

/// The periods of a form in a year.
#[must_use]
pub fn periods_of(kind: PeriodType, year: i32) -> Vec<Period> {
    let n = match kind {
        PeriodType::Month => 12,
        PeriodType::Quarter => 4,
        PeriodType::HalfYear => 2,
        PeriodType::NineMonths | PeriodType::Year => 1,
    };
    (1..=n).map(|index| Period { year, kind, index }).collect()
}

fn bad(field: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![FieldError::new(field, message)])
}

/// The area asked for on the map (default: the user's scope area).
async fn heat_area(state: &Services, user: &User, code: Option<&str>, as_of: NaiveDate) -> Result<Unit, Error> {
    if let Some(code) = code.map(str::trim).filter(|a| !a.is_empty()) {
        return match state.store.unit_by_code(code, as_of).await? {
            Some(u) if u.kind.is_area() => Ok(u),
            _ => Err(bad("area", crate::units::missing_code(state, code, as_of).await?)),
        };
    }
    let home = state.store.unit(scope_of(state, user).await?.area).await?;
    state.store.unit_by_code(&home.code, as_of).await?.ok_or_else(|| {
        DomainError::invalid("map", format!("{} không có trên bản đồ ngày {}", home.name, as_of.format("%d/%m/%Y")))
            .into()
    })
}

/// Validity of every area, by id.
type Validities = HashMap<UnitId, (Option<NaiveDate>, Option<NaiveDate>)>;

/// For the areas that did not exist yet at the first period's end, the areas they came from; for
/// those that no longer existed at the last period's end, the areas they passed into.
async fn related(
    state: &Services,
    children: &[&binhdang_store::reports::AreaNode],
    validity: &Validities,
    kind_of: &HashMap<UnitId, UnitKind>,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
) -> Result<HashMap<UnitId, Vec<(UnitId, UnitKind)>>, Error> {
    let mut out = HashMap::new();
    for c in children {
        let (from, until) = validity.get(&c.id).copied().unwrap_or_default();
        let newer = from.is_some_and(|f| first_day.is_some_and(|d| f > d));
        let older = until.is_some_and(|t| last_day.is_some_and(|d| t < d));
        if newer || older {
            let mut ids = if newer { state.store.predecessors_from(c.id).await? } else { Vec::new() };
            if older {
                ids.extend(state.store.successors_from(c.id).await?);
            }
            let found: Vec<(UnitId, UnitKind)> =
                ids.into_iter().filter(|id| *id != c.id).filter_map(|id| kind_of.get(&id).map(|k| (id, *k))).collect();
            out.insert(c.id, found);
        }
    }
    Ok(out)
}

/// The heat map of an area in the user's scope.
pub async fn heat_map(state: &Services, user: &User, input: &HeatInput) -> Result<HeatMap, Error> {
    let form = reporting::form(input.form.as_deref().map(str::trim).filter(|f| !f.is_empty()).unwrap_or("BDG_NAM"))?;
    let today = state.clock.today();
    let last = period_year(today) - 1;
    let to = input.to.unwrap_or(last);
    let from = input.from.unwrap_or(to - 4);
    if !(2000..=2100).contains(&from) || !(2000..=2100).contains(&to) || from > to {
        return Err(bad("from", "khoảng năm không hợp lệ: năm đầu không sau năm cuối, trong 2000…2100"));
    }
    if to - from > 9 {
        return Err(bad("from", "tối đa 10 năm một lần"));
    }
    let as_of = input.map.day(today);
    let area = heat_area(state, user, input.area.as_deref(), as_of).await?;
    require(state, user, Record::Report, Action::Read, &area).await?;
    let nodes = state.store.area_nodes(as_of).await?;
    let mut children: Vec<&binhdang_store::reports::AreaNode> =
        nodes.iter().filter(|n| n.parent == Some(area.id)).collect();
    children.sort_by_cached_key(|c| (vanban::fold(&c.name), c.name.clone()));
    let directory = state.store.area_directory().await?;
    let validity: Validities = directory.iter().map(|a| (a.id, (a.from, a.to))).collect();
    let kind_of: HashMap<UnitId, UnitKind> = directory.iter().map(|a| (a.id, a.kind)).collect();
    let obligations = state.store.obligations().await?;
    let periods: Vec<Period> = (from..=to).flat_map(|y| periods_of(form.period_type, y)).collect();
    let mut rows: Vec<HeatRow> = children
        .iter()
        .map(|c| HeatRow { code: c.code.clone(), name: c.name.clone(), cells: Vec::with_capacity(periods.len()) })
        .collect();
    // An area that did not exist yet at a period's end answers for the areas it came from; one
    // that no longer existed, for the areas it passed into.
    let first_day = periods.first().map(|p| p.dates(form.regime).1);
    let last_day = periods.last().map(|p| p.dates(form.regime).1);
    let predecessors = related(state, &children, &validity, &kind_of, first_day, last_day).await?;
    for period in &periods {
        let code = period.code();
        let last_day = period.dates(form.regime).1;
        let kinds = reporting::obliged_kinds(&obligations, form.code, last_day);
        let heads: HashMap<UnitId, Status> =
            state.store.report_heads(form.code, &code).await?.into_iter().map(|h| (h.unit, h.status)).collect();
        for (row, child) in rows.iter_mut().zip(&children) {
            let valid = |id: &UnitId| {
                validity
                    .get(id)
                    .is_some_and(|(f, t)| f.is_none_or(|f| f <= last_day) && t.is_none_or(|t| t >= last_day))
            };
            let cell_of = |id: &UnitId, kind: UnitKind| {
                let deadline = form.deadline(period, kind, &state.settings.calendar);
                let status = heads.get(id).copied();
                HeatCell {
                    period: code.clone(),
                    status,
                    state: HeatState::of(status, deadline, today),
                    deadline: Some(deadline),
                }
            };
            let none = HeatCell { period: code.clone(), status: None, state: HeatState::NotExpected, deadline: None };
            let cell = if valid(&child.id) {
                if kinds.contains(&child.kind) { cell_of(&child.id, child.kind) } else { none }
            } else {
                // The areas it came from or went into, as they stood then: the least advanced of
                // their reports.
                predecessors
                    .get(&child.id)
                    .into_iter()
                    .flatten()
                    .filter(|(id, kind)| valid(id) && kinds.contains(kind))
                    .map(|(id, kind)| cell_of(id, *kind))
                    .max_by_key(|c| c.state.severity())
                    .unwrap_or(none)
            };
            row.cells.push(cell);
        }
    }
    let totals = HeatState::ALL
        .into_iter()
        .map(|s| (s, rows.iter().flat_map(|r| &r.cells).filter(|c| c.state == s).count()))
        .collect();
    Ok(HeatMap {
        form: form.code.to_owned(),
        form_name: form.name_vi.to_owned(),
        form_name_en: form.name_en.to_owned(),
        area_code: area.code.clone(),
        area_name: area.name.clone(),
        map: input.map,
        periods: periods.iter().map(Period::code).collect(),
        rows,
        totals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_tells_approved_submitted_waived_missing_and_overdue() {
        let due = NaiveDate::from_ymd_opt(2025, 12, 20).expect("date");
        let before = NaiveDate::from_ymd_opt(2025, 12, 1).expect("date");
        let after = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
        assert_eq!(HeatState::of(Some(Status::DaDuyet), due, after), HeatState::Approved);
        assert_eq!(HeatState::of(Some(Status::DaGui), due, after), HeatState::Submitted);
        assert_eq!(HeatState::of(Some(Status::MienNop), due, after), HeatState::Waived);
        assert_eq!(HeatState::of(Some(Status::DangNhap), due, before), HeatState::Missing);
        assert_eq!(HeatState::of(None, due, after), HeatState::Overdue);
        assert_eq!(HeatState::of(Some(Status::TraLai), due, after), HeatState::Overdue);
        assert_eq!(periods_of(PeriodType::Quarter, 2025).len(), 4);
        assert_eq!(periods_of(PeriodType::Year, 2025)[0].code(), "2025");
    }
}
