//! The national overview: each indicator of the catalog with its series of approved values
//! computed by the analytics engine on today's map, its latest value, its 2025 and 2030 targets
//! and its progress status (`core::progress`); and the completeness of the yearly report by
//! province. The other dashboards: provinces compared on an indicator (`compare`), a unit's
//! page (`unit`), the completeness heat map (`heatmap`).

pub mod compare;
pub mod heatmap;
pub mod unit;

pub use compare::{Comparison, MapChoice, RankRow, area_points, compare};
pub use heatmap::{HeatCell, HeatInput, HeatMap, HeatRow, HeatState, heat_map};
pub use unit::{UnitPage, unit_page};

use std::sync::Arc;

use chrono::Datelike;
use serde::Serialize;

use binhdang_core::access::{Action, Record};
use binhdang_core::activities::period_year;
use binhdang_core::indicators::Indicator;
use binhdang_core::progress::{Point, Progress, progress};
use binhdang_core::reporting::Period;
use binhdang_core::units::UnitKind;
use binhdang_core::users::User;

use crate::reports::AreaCompleteness;
use crate::units::require_role;
use crate::{Error, Services};

/// An indicator on the overview.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    /// The catalog's entry.
    pub indicator: Indicator,
    /// Approved national values by year, on today's map.
    pub series: Vec<Point>,
    /// The base (the catalog's baseline, else the first value).
    pub base: Option<Point>,
    /// The latest value.
    pub latest: Option<Point>,
    /// The milestone the status is measured against (2025, then 2030).
    pub target: Option<Point>,
    /// The status.
    pub progress: Progress,
}

/// The overview.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Every tracked indicator.
    pub indicators: Vec<IndicatorRow>,
    /// The yearly report's period shown.
    pub period: String,
    /// Its completeness for the nation.
    pub national: Option<AreaCompleteness>,
    /// And per province.
    pub provinces: Vec<AreaCompleteness>,
}

/// The status of an indicator from its series: the base is the catalog's baseline or the first
/// value; the target the 2025 milestone until a value after 2025 exists, then 2030.
#[must_use]
pub fn row(indicator: Indicator, series: Vec<Point>) -> IndicatorRow {
    let base = indicator.baseline.map(|b| (b.year, b.value)).or_else(|| series.first().copied());
    let latest = series.last().copied().filter(|l| base.is_some_and(|b| l.0 > b.0));
    let milestone = if latest.is_some_and(|l| l.0 > 2025) { 2030 } else { 2025 };
    let target = indicator
        .target(milestone)
        .map(|v| (milestone, v))
        .or_else(|| indicator.targets.iter().map(|t| (t.year, t.value)).next_back());
    let status = progress(base, latest, target, indicator.direction);
    IndicatorRow { indicator, series, base, latest, target, progress: status }
}

/// Every tracked indicator with its approved national series on today's map and its status.
/// Approved data only: what the public portal shows too.
pub async fn indicator_rows(state: &Services) -> Result<Vec<IndicatorRow>, Error> {
    let today = state.clock.today();
    let engine = crate::analytics::fresh(state).await?;
    let years: Vec<Period> = (2021..=today.year()).map(Period::year).collect();
    let nation = engine.areas(UnitKind::Nation, None, today);
    let mut indicators = Vec::new();
    for stored in state.store.indicators(false).await? {
        let indicator = stored.indicator;
        let series = match &indicator.formula {
            Some(f) => crate::analytics::indicator_memo(state, "nation", f, &years, &nation)
                .await?
                .iter()
                .map(|((p, _), v)| (years[*p].year, *v))
                .collect(),
            None => Vec::new(),
        };
        indicators.push(row(indicator, series));
    }
    Ok(indicators)
}

/// An indicator's approved values by year for each province of today's map: (province code,
/// name, year, value).
pub async fn by_province(state: &Services, indicator: &Indicator) -> Result<Vec<(String, String, i32, f64)>, Error> {
    let Some(formula) = &indicator.formula else { return Ok(Vec::new()) };
    let today = state.clock.today();
    let engine = crate::analytics::fresh(state).await?;
    let years: Vec<Period> = (2021..=today.year()).map(Period::year).collect();
    let provinces = engine.areas(UnitKind::Province, None, today);
    let names = state.store.names_of(&provinces).await?;
    let codes = state.store.codes_of(&provinces).await?;
    let mut out: Vec<(String, String, i32, f64)> =
        crate::analytics::indicator_memo(state, "provinces", formula, &years, &provinces)
            .await?
            .iter()
            .map(|((p, o), v)| {
                let u = provinces[*o];
                (
                    codes.get(&u).cloned().unwrap_or_default(),
                    names.get(&u).cloned().unwrap_or_default(),
                    years[*p].year,
                    *v,
                )
            })
            .collect();
    out.sort_by(|a, b| (a.2, &a.1).cmp(&(b.2, &b.1)));
    Ok(out)
}

/// The overview on today's map.
pub async fn overview(state: &Services, user: &User) -> Result<Overview, Error> {
    require_role(state, user, Record::Report, Action::Read).await?;
    let today = state.clock.today();
    let indicators = indicator_rows(state).await?;
    // The yearly report of the last period whose deadline has passed.
    let period = Period::year(period_year(today) - 1).code();
    let all = crate::reports::completeness_everywhere(state, user, "BDG_NAM", &period, None).await?;
    let national = all.iter().find(|a| a.kind == UnitKind::Nation).cloned();
    let mut provinces: Vec<AreaCompleteness> = all.into_iter().filter(|a| a.kind == UnitKind::Province).collect();
    provinces.sort_by(|a, b| b.rate.total_cmp(&a.rate).then_with(|| a.unit_name.cmp(&b.unit_name)));
    Ok(Overview { indicators, period, national, provinces })
}

/// The overview as `draw` presents it (a page's body in one language, say), computed once per
/// change of the reports for everyone of the same agency and role, within
/// [`crate::analytics::ANSWER_TTL`]: the page every leader keeps open costs a lookup, not a pass
/// over every area's reports. The user's right to read reports is checked first, every time.
pub async fn overview_drawn<T, E, F>(state: &Services, user: &User, variant: &str, draw: F) -> Result<Arc<T>, E>
where
    T: Send + Sync + 'static,
    E: From<Error>,
    F: FnOnce(&Overview) -> Result<T, E>,
{
    require_role(state, user, Record::Report, Action::Read).await?;
    let key = format!("overview|{}|{}|{variant}", user.agency_id, user.role.as_str());
    crate::analytics::answer(state, key, || async { draw(&overview(state, user).await?) }).await
}
