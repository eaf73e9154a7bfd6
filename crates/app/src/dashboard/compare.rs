//! Provinces compared on one indicator, on the 2021 map (63 provinces) or today's (34): each
//! province's latest approved value computed by the analytics engine on that map, its rank in
//! the indicator's desired direction, and its point (the mean of its communes' registry points).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use binhdang_core::access::{Action, Record};
use binhdang_core::indicators::{Indicator, TargetDirection};
use binhdang_core::reporting::Period;
use binhdang_core::units::{UnitId, UnitKind};
use binhdang_core::users::User;

use crate::units::{require_role, scope_of};
use crate::{Error, Services};

/// Which map of provinces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComparisonMap))]
pub enum MapChoice {
    /// Before the 2025 reform: 63 provinces, districts, communes (as on 31/12/2021).
    #[serde(rename = "2021")]
    Map2021,
    /// Today's map: 34 provinces and their communes.
    #[default]
    Today,
}

impl MapChoice {
    /// Reads `2021` or `today` (empty: today).
    pub fn parse(text: Option<&str>) -> Result<Self, Error> {
        match text.map(str::trim).unwrap_or_default() {
            "" | "today" => Ok(Self::Today),
            "2021" => Ok(Self::Map2021),
            other => Err(Error::Invalid(vec![binhdang_core::FieldError::new(
                "map",
                format!("bản đồ \"{other}\" không có: chọn 2021 (63 tỉnh) hoặc today (hôm nay)"),
            )])),
        }
    }

    /// The API name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Map2021 => "2021",
            Self::Today => "today",
        }
    }

    /// The day whose map it is.
    #[must_use]
    pub fn day(self, today: NaiveDate) -> NaiveDate {
        match self {
            Self::Map2021 => NaiveDate::from_ymd_opt(2021, 12, 31).unwrap_or(today),
            Self::Today => today,
        }
    }
}

/// A province in the ranking.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComparisonRow))]
pub struct RankRow {
    /// Its code on the map.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its latest approved value (none: no approved data).
    pub value: Option<f64>,
    /// The year of that value.
    pub year: Option<i32>,
    /// 1 is best in the indicator's direction; equal values share a rank; none without a value.
    pub rank: Option<usize>,
    /// Latitude of its point (the mean of its communes').
    pub lat: Option<f64>,
    /// Longitude of its point.
    pub lon: Option<f64>,
    /// Whether the user may open its page (in their scope).
    pub readable: bool,
}

/// The comparison.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Comparison))]
pub struct Comparison {
    /// The indicator's code.
    pub indicator: String,
    /// Its name.
    pub name: String,
    /// Its English name.
    pub name_en: String,
    /// What is written after a value (`%`, nothing).
    pub suffix: String,
    /// The desired direction.
    pub direction: TargetDirection,
    /// The map.
    pub map: MapChoice,
    /// The day of the map.
    pub as_of: NaiveDate,
    /// The year asked (none: each province's latest).
    pub year: Option<i32>,
    /// Provinces, ranked; those without a value last, by name.
    pub rows: Vec<RankRow>,
}

/// Ranks values in a direction: the best first, equal values sharing a rank (1, 2, 2, 4).
/// `Exactly` ranks by distance to `target` (or like `AtLeast` without one).
#[must_use]
pub fn ranks(values: &[f64], direction: TargetDirection, target: Option<f64>) -> Vec<usize> {
    let score = |v: f64| match (direction, target) {
        (TargetDirection::AtLeast, _) | (TargetDirection::Exactly, None) => -v,
        (TargetDirection::AtMost, _) => v,
        (TargetDirection::Exactly, Some(t)) => (v - t).abs(),
    };
    values.iter().map(|v| 1 + values.iter().filter(|o| score(**o) < score(*v)).count()).collect()
}

/// The points of areas on a day's map: each the mean of the registry points of the communes
/// under it on that day (a commune its own point); areas without any are left out.
pub async fn area_points(
    state: &Services,
    areas: &[UnitId],
    as_of: NaiveDate,
) -> Result<HashMap<UnitId, (f64, f64)>, Error> {
    let nodes = state.store.area_nodes(as_of).await?;
    let parent: HashMap<UnitId, Option<UnitId>> = nodes.iter().map(|n| (n.id, n.parent)).collect();
    let points = state.store.unit_points().await?;
    let wanted: std::collections::HashSet<UnitId> = areas.iter().copied().collect();
    let mut sums: HashMap<UnitId, (f64, f64, u32)> = HashMap::new();
    for n in nodes.iter().filter(|n| n.kind == UnitKind::Commune) {
        let Some((lat, lon)) = points.get(&n.id) else { continue };
        let mut at = Some(n.id);
        let mut steps = 0;
        while let Some(id) = at {
            if wanted.contains(&id) {
                let s = sums.entry(id).or_insert((0.0, 0.0, 0));
                s.0 += lat;
                s.1 += lon;
                s.2 += 1;
            }
            at = parent.get(&id).copied().flatten();
            steps += 1;
            if steps > 16 {
                break;
            }
        }
    }
    Ok(sums.into_iter().map(|(id, (lat, lon, n))| (id, (lat / f64::from(n), lon / f64::from(n)))).collect())
}

/// Resolves a catalog indicator that has a formula.
pub async fn indicator(state: &Services, code: &str) -> Result<Indicator, Error> {
    let stored = state.store.indicator(code.trim()).await.map_err(|_| {
        Error::Invalid(vec![binhdang_core::FieldError::new(
            "indicator",
            format!("không có chỉ tiêu mã \"{}\" trong danh mục", code.trim()),
        )])
    })?;
    if stored.indicator.formula.is_none() {
        return Err(Error::Invalid(vec![binhdang_core::FieldError::new(
            "indicator",
            format!("chỉ tiêu {} chưa có công thức nên không so sánh được", stored.indicator.code),
        )]));
    }
    Ok(stored.indicator)
}

/// The provinces of `map` ranked on `indicator` (approved values, the latest year of each, or
/// `year`). Anyone who reads reports sees every province (approved values are published); a
/// province's own page opens only within the user's scope.
pub async fn compare(
    state: &Services,
    user: &User,
    code: &str,
    map: MapChoice,
    year: Option<i32>,
) -> Result<Comparison, Error> {
    require_role(state, user, Record::Report, Action::Read).await?;
    let indicator = indicator(state, code).await?;
    let today = state.clock.today();
    if let Some(y) = year
        && !(2000..=today.year()).contains(&y)
    {
        return Err(Error::Invalid(vec![binhdang_core::FieldError::new(
            "year",
            format!("năm {y} không hợp lệ: từ 2000 đến {}", today.year()),
        )]));
    }
    let as_of = map.day(today);
    let engine = crate::analytics::fresh(state).await?;
    let provinces = engine.areas(UnitKind::Province, None, as_of);
    let years: Vec<Period> = match year {
        Some(y) => vec![Period::year(y)],
        None => (2015..=today.year()).map(Period::year).collect(),
    };
    let formula = indicator.formula.clone().unwrap_or_else(|| unreachable!("checked above"));
    // Today's map and every year is what each visitor asks first: computed once per change.
    let cells = if map == MapChoice::Today && year.is_none() {
        crate::analytics::indicator_memo(state, "provinces-rank", &formula, &years, &provinces).await?
    } else {
        std::sync::Arc::new(engine.indicator(&formula, &years, &provinces, as_of, false))
    };
    // The latest year of each province.
    let mut latest: HashMap<usize, (i32, f64)> = HashMap::new();
    for ((p, o), v) in cells.iter() {
        let y = years[*p].year;
        if latest.get(o).is_none_or(|(ly, _)| y > *ly) {
            latest.insert(*o, (y, *v));
        }
    }
    let names = state.store.names_of(&provinces).await?;
    let codes = state.store.codes_of(&provinces).await?;
    let points = area_points(state, &provinces, as_of).await?;
    let scope = scope_of(state, user).await?;
    let national = state.store.unit(scope.area).await?.kind == UnitKind::Nation;
    let mut rows = Vec::with_capacity(provinces.len());
    for (i, id) in provinces.iter().enumerate() {
        let readable = national || scope.covers(&state.store.reach(&state.store.unit(*id).await?).await?);
        let point = points.get(id);
        rows.push(RankRow {
            code: codes.get(id).cloned().unwrap_or_default(),
            name: names.get(id).cloned().unwrap_or_default(),
            value: latest.get(&i).map(|(_, v)| *v),
            year: latest.get(&i).map(|(y, _)| *y),
            rank: None,
            lat: point.map(|p| p.0),
            lon: point.map(|p| p.1),
            readable,
        });
    }
    let with_value: Vec<usize> = (0..rows.len()).filter(|i| rows[*i].value.is_some()).collect();
    let values: Vec<f64> = with_value.iter().filter_map(|i| rows[*i].value).collect();
    let target = indicator.target(2030).or_else(|| indicator.targets.last().map(|t| t.value));
    for (i, r) in with_value.iter().zip(ranks(&values, indicator.direction, target)) {
        rows[*i].rank = Some(r);
    }
    // Names in Vietnamese order (Đ after D, not after Z): compared without diacritics first.
    let key = |r: &RankRow| (vanban::fold(&r.name), r.name.clone());
    rows.sort_by(|a, b| match (a.rank, b.rank) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| key(a).cmp(&key(b))),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => key(a).cmp(&key(b)),
    });
    Ok(Comparison {
        indicator: indicator.code.clone(),
        name: indicator.name.clone(),
        name_en: indicator.name_en.clone(),
        suffix: indicator.unit.suffix().to_owned(),
        direction: indicator.direction,
        map,
        as_of,
        year,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_the_direction_and_share_ties() {
        assert_eq!(ranks(&[10.0, 30.0, 20.0, 30.0], TargetDirection::AtLeast, None), vec![4, 1, 3, 1]);
        assert_eq!(ranks(&[10.0, 30.0, 20.0], TargetDirection::AtMost, None), vec![1, 3, 2]);
        assert_eq!(ranks(&[100.0, 108.0, 111.0], TargetDirection::Exactly, Some(106.0)), vec![3, 1, 2]);
    }
}
