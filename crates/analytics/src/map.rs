//! The registry as the engine needs it: the areas with their validity and parent, and the
//! lineage between them. It answers, for any unit and any date, which areas of that date's map a
//! value of the unit counts for.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use binhdang_core::units::{UnitId, UnitKind};

/// An area of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaUnit {
    /// Identity.
    pub id: UnitId,
    /// The area above it.
    pub parent: Option<UnitId>,
    /// Its kind.
    pub kind: UnitKind,
    /// First day (none: always).
    pub from: Option<NaiveDate>,
    /// Last day (none: still).
    pub to: Option<NaiveDate>,
}

impl AreaUnit {
    fn valid_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

/// A lineage edge: the predecessor passed (a share of) itself into the successor.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The unit that ended.
    pub predecessor: UnitId,
    /// What it became (one of them).
    pub successor: UnitId,
    /// The share, for a division (1 for a merger).
    pub weight: f64,
    /// Whether this is the main successor.
    pub main: bool,
}

/// How a value reached an area of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Rule {
    /// The unit is on the map itself (or the area is above it).
    Same,
    /// The unit merged into (an area above) the area.
    Merged,
    /// The unit was divided; a share counts.
    Divided,
    /// The unit's level was abolished and nothing succeeded it (the districts on 01/07/2025): its
    /// values count for what its parent area became.
    Dissolved,
}

/// The areas and their lineage.
#[derive(Debug, Default, Clone)]
pub struct Registry {
    units: HashMap<UnitId, AreaUnit>,
    successors: HashMap<UnitId, Vec<Edge>>,
}

/// Lineage chains longer than this are cut (a cycle in hand-edited data must not hang a query).
const MAX_STEPS: usize = 16;

impl Registry {
    /// Builds it.
    #[must_use]
    pub fn new(units: Vec<AreaUnit>, edges: Vec<Edge>) -> Self {
        let mut successors: HashMap<UnitId, Vec<Edge>> = HashMap::new();
        for e in edges {
            successors.entry(e.predecessor).or_default().push(e);
        }
        Self { units: units.into_iter().map(|u| (u.id, u)).collect(), successors }
    }

    /// The units on `as_of`'s map that a value of `unit` counts for, with the share: `unit` itself
    /// if it is on the map, else what it became (through any number of steps; a division splits
    /// by the weights when they add up to one, else goes wholly to the main successor; a unit that
    /// ended with no successor, as the districts did, goes where its parent went); then every
    /// area above each of those. A unit not yet created on that date is on no map.
    #[must_use]
    pub fn expand(&self, unit: UnitId, as_of: NaiveDate) -> Vec<(UnitId, f64, Rule)> {
        let mut on_map: Vec<(UnitId, f64, Rule)> = Vec::new();
        self.forward(unit, as_of, 1.0, Rule::Same, 0, &mut on_map);
        let mut out: Vec<(UnitId, f64, Rule)> = Vec::new();
        for (u, w, rule) in on_map {
            let mut at = Some(u);
            let mut steps = 0;
            while let Some(id) = at {
                match out.iter_mut().find(|(x, _, _)| *x == id) {
                    Some(slot) => slot.1 += w,
                    None => out.push((id, w, rule)),
                }
                at = self
                    .units
                    .get(&id)
                    .and_then(|a| a.parent)
                    .filter(|p| self.units.get(p).is_some_and(|a| a.valid_on(as_of)));
                steps += 1;
                if steps > MAX_STEPS {
                    break;
                }
            }
        }
        out
    }

    fn forward(
        &self,
        unit: UnitId,
        as_of: NaiveDate,
        share: f64,
        rule: Rule,
        depth: usize,
        out: &mut Vec<(UnitId, f64, Rule)>,
    ) {
        let Some(a) = self.units.get(&unit) else { return };
        if a.valid_on(as_of) {
            out.push((unit, share, rule));
            return;
        }
        if a.from.is_some_and(|f| as_of < f) || depth > MAX_STEPS {
            return;
        }
        let Some(edges) = self.successors.get(&unit).filter(|e| !e.is_empty()) else {
            // Ended with no successor: its values go where its parent went.
            if let Some(parent) = a.parent {
                let next = if rule == Rule::Same { Rule::Dissolved } else { rule };
                self.forward(parent, as_of, share, next, depth + 1, out);
            }
            return;
        };
        let total: f64 = edges.iter().map(|e| e.weight).sum();
        let divided = edges.len() > 1;
        let by_weight = divided && (total - 1.0).abs() < 0.01;
        let has_main = edges.iter().any(|x| x.main);
        for (i, e) in edges.iter().enumerate() {
            let (w, r) = if !divided {
                (1.0, Rule::Merged)
            } else if by_weight {
                (e.weight, Rule::Divided)
            } else if e.main || (!has_main && i == 0) {
                (1.0, Rule::Divided)
            } else {
                continue;
            };
            let next = if rule == Rule::Same { r } else { rule };
            self.forward(e.successor, as_of, share * w, next, depth + 1, out);
        }
    }

    /// The last day on which the map changed (a unit began, or the day after one ended): from it
    /// on, the map is today's.
    pub(crate) fn latest_map(&self) -> NaiveDate {
        self.units
            .values()
            .flat_map(|u| [u.from, u.to.and_then(|t| t.succ_opt())])
            .flatten()
            .max()
            .unwrap_or(NaiveDate::MIN)
    }

    /// Where a unit sits on `as_of`'s map, as a sort key: the path from the top down to the
    /// area above the one it counts for first (itself, or its main successor), then its first day
    /// (the units of older maps before those of this one), then that area. Units sorted by it lie
    /// province by province, and within a province the former units before today's.
    pub(crate) fn place(&self, unit: UnitId, as_of: NaiveDate) -> (Vec<UnitId>, Option<NaiveDate>, Option<UnitId>) {
        let mut on_map = Vec::new();
        self.forward(unit, as_of, 1.0, Rule::Same, 0, &mut on_map);
        let area = on_map.first().map(|(u, _, _)| *u);
        let mut path = Vec::new();
        let mut at = area.and_then(|a| self.units.get(&a)).and_then(|a| a.parent);
        while let Some(id) = at {
            path.push(id);
            if path.len() > MAX_STEPS {
                break;
            }
            at = self.units.get(&id).and_then(|a| a.parent);
        }
        path.reverse();
        (path, self.units.get(&unit).and_then(|u| u.from), area)
    }

    /// Whether the unit is in the registry.
    #[must_use]
    pub fn knows(&self, unit: UnitId) -> bool {
        self.units.contains_key(&unit)
    }

    /// The areas of a kind valid on a day, under an area (or everywhere).
    #[must_use]
    pub fn areas(&self, kind: UnitKind, under: Option<UnitId>, as_of: NaiveDate) -> Vec<UnitId> {
        let mut out: Vec<UnitId> = self
            .units
            .values()
            .filter(|u| u.kind == kind && u.valid_on(as_of))
            .filter(|u| under.is_none_or(|root| self.is_under(u.id, root, as_of)))
            .map(|u| u.id)
            .collect();
        out.sort_unstable();
        out
    }

    /// The areas directly under an area on a day.
    #[must_use]
    pub fn children(&self, of: UnitId, as_of: NaiveDate) -> Vec<UnitId> {
        let mut out: Vec<UnitId> =
            self.units.values().filter(|u| u.parent == Some(of) && u.valid_on(as_of)).map(|u| u.id).collect();
        out.sort_unstable();
        out
    }

    /// The depth of an area on a day's map (the nation is 1).
    #[must_use]
    pub fn level(&self, unit: UnitId) -> usize {
        let mut level = 1;
        let mut at = self.units.get(&unit).and_then(|u| u.parent);
        while let Some(p) = at {
            level += 1;
            at = self.units.get(&p).and_then(|u| u.parent);
            if level > MAX_STEPS {
                break;
            }
        }
        level
    }

    fn is_under(&self, unit: UnitId, root: UnitId, as_of: NaiveDate) -> bool {
        let mut at = Some(unit);
        let mut steps = 0;
        while let Some(id) = at {
            if id == root {
                return true;
            }
            at = self
                .units
                .get(&id)
                .and_then(|u| u.parent)
                .filter(|p| self.units.get(p).is_some_and(|a| a.valid_on(as_of)));
            steps += 1;
            if steps > MAX_STEPS {
                return false;
            }
        }
        false
    }
}
