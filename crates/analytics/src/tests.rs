//! A small country across the reform: nation N; in 2021 provinces P1 (communes A, B) and P2
//! (commune C); from 01/07/2025 province Q (P1 and P2 merged) with communes X (A merged, half of
//! B) and Y (half of B, C merged).

#![allow(clippy::float_cmp, reason = "the values compared are small whole numbers, exact in f64")]

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::*;

const N: UnitId = UnitId(1);
const P1: UnitId = UnitId(10);
const P2: UnitId = UnitId(20);
const A: UnitId = UnitId(11);
const B: UnitId = UnitId(12);
const C: UnitId = UnitId(21);
const Q: UnitId = UnitId(30);
const X: UnitId = UnitId(31);
const Y: UnitId = UnitId(32);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn registry(split: f64) -> Registry {
    let old = Some(d(2025, 6, 30));
    let new = Some(d(2025, 7, 1));
    let unit = |id, parent, kind, from, to| AreaUnit { id, parent, kind, from, to };
    let edge = |predecessor, successor, weight, main| Edge { predecessor, successor, weight, main };
    Registry::new(
        vec![
            unit(N, None, UnitKind::Nation, None, None),
            unit(P1, Some(N), UnitKind::Province, None, old),
            unit(P2, Some(N), UnitKind::Province, None, old),
            unit(A, Some(P1), UnitKind::Commune, None, old),
            unit(B, Some(P1), UnitKind::Commune, None, old),
            unit(C, Some(P2), UnitKind::Commune, None, old),
            unit(Q, Some(N), UnitKind::Province, new, None),
            unit(X, Some(Q), UnitKind::Commune, new, None),
            unit(Y, Some(Q), UnitKind::Commune, new, None),
        ],
        vec![
            edge(P1, Q, 1.0, true),
            edge(P2, Q, 1.0, true),
            edge(A, X, 1.0, true),
            edge(B, X, split, true),
            edge(B, Y, 1.0 - split, false),
            edge(C, Y, 1.0, true),
        ],
    )
}

/// A district abolished on 01/07/2025 with no successor: its 2024 values count for the province
/// its province became, on the 2025 map, and for itself on the 2024 map.
#[test]
fn an_abolished_district_counts_for_what_its_province_became() {
    const DISTRICT: UnitId = UnitId(40);
    let mut units = vec![
        AreaUnit { id: N, parent: None, kind: UnitKind::Nation, from: None, to: None },
        AreaUnit { id: P1, parent: Some(N), kind: UnitKind::Province, from: None, to: Some(d(2025, 6, 30)) },
        AreaUnit { id: Q, parent: Some(N), kind: UnitKind::Province, from: Some(d(2025, 7, 1)), to: None },
    ];
    units.push(AreaUnit {
        id: DISTRICT,
        parent: Some(P1),
        kind: UnitKind::District,
        from: None,
        to: Some(d(2025, 6, 30)),
    });
    let registry = Registry::new(units, vec![Edge { predecessor: P1, successor: Q, weight: 1.0, main: true }]);
    let on_2025 = registry.expand(DISTRICT, d(2026, 1, 1));
    assert!(
        on_2025.iter().any(|(u, w, r)| *u == Q && (*w - 1.0).abs() < 1e-12 && *r == Rule::Dissolved),
        "{on_2025:?}"
    );
    assert!(on_2025.iter().any(|(u, _, _)| *u == N), "{on_2025:?}");
    assert!(!on_2025.iter().any(|(u, _, _)| *u == P1 || *u == DISTRICT), "{on_2025:?}");
    let on_2024 = registry.expand(DISTRICT, d(2024, 12, 31));
    assert!(on_2024.iter().any(|(u, _, r)| *u == DISTRICT && *r == Rule::Same), "{on_2024:?}");
}

fn value(v: f64) -> Vec<Value> {
    vec![Value { element: "DT_LOP".into(), option: "default".into(), value: v }]
}

fn year(y: i32) -> Period {
    Period::year(y)
}

fn key(unit: UnitId, y: i32) -> ReportKey {
    ("BDG_NAM".into(), year(y), unit)
}

fn total(engine: &Engine, ou: &[UnitId], pe: i32, as_of: NaiveDate) -> Vec<f64> {
    let q = Query { dx: vec!["DT_LOP".into()], pe: vec![year(pe)], ou: ou.to_vec(), as_of, include_unapproved: false };
    let cells = engine.aggregate(&q);
    (0..ou.len()).map(|o| cells.iter().find(|c| c.ou == o).map_or(0.0, |c| c.value)).collect()
}

#[test]
fn old_values_count_for_what_the_units_became() {
    let e = Engine::new(registry(0.5));
    e.set_report(key(A, 2022), &value(10.0), true);
    e.set_report(key(B, 2022), &value(20.0), true);
    e.set_report(key(C, 2022), &value(30.0), true);
    e.set_report(key(X, 2025), &value(5.0), true);
    // On the 2025 map.
    let today = d(2026, 1, 1);
    assert_eq!(total(&e, &[N, Q, X, Y], 2022, today), [60.0, 60.0, 20.0, 40.0]);
    // On the 2021 map the units are as they were; 2025's new communes are on no 2021 map.
    let then = d(2021, 6, 1);
    assert_eq!(total(&e, &[N, P1, P2, A, B], 2022, then), [60.0, 30.0, 30.0, 10.0, 20.0]);
    assert_eq!(total(&e, &[N], 2025, then), [0.0]);
    // Explained: B's half reached X by division.
    let why = e.explain("DT_LOP", year(2022), X, today, false);
    assert!(why.iter().any(|c| c.unit == B && (c.weight - 0.5).abs() < 1e-9 && c.rule == Rule::Divided), "{why:?}");
    assert!(why.iter().any(|c| c.unit == A && c.rule == Rule::Merged), "{why:?}");
}

#[test]
fn a_division_whose_weights_do_not_add_up_goes_to_the_main_successor() {
    let e = Engine::new(registry(0.3));
    // 0.3 + 0.7 adds up: split.
    e.set_report(key(B, 2022), &value(10.0), true);
    assert_eq!(total(&e, &[X, Y], 2022, d(2026, 1, 1)), [3.0, 7.0]);
    // Weights that do not add up (1 + 1): all of it goes to the main successor.
    let bad = Registry::new(
        vec![
            AreaUnit { id: N, parent: None, kind: UnitKind::Nation, from: None, to: None },
            AreaUnit { id: B, parent: Some(N), kind: UnitKind::Commune, from: None, to: Some(d(2025, 6, 30)) },
            AreaUnit { id: X, parent: Some(N), kind: UnitKind::Commune, from: Some(d(2025, 7, 1)), to: None },
            AreaUnit { id: Y, parent: Some(N), kind: UnitKind::Commune, from: Some(d(2025, 7, 1)), to: None },
        ],
        vec![
            Edge { predecessor: B, successor: X, weight: 1.0, main: false },
            Edge { predecessor: B, successor: Y, weight: 1.0, main: true },
        ],
    );
    let e = Engine::new(bad);
    e.set_report(key(B, 2022), &value(10.0), true);
    assert_eq!(total(&e, &[X, Y, N], 2022, d(2026, 1, 1)), [0.0, 10.0, 10.0]);
}

#[test]
fn a_save_replaces_the_report_and_approval_decides_what_counts() {
    let e = Engine::new(registry(0.5));
    e.set_report(key(X, 2025), &value(5.0), false);
    let today = d(2026, 1, 1);
    assert_eq!(total(&e, &[Q], 2025, today), [0.0], "not approved");
    let q =
        Query { dx: vec!["DT_LOP".into()], pe: vec![year(2025)], ou: vec![Q], as_of: today, include_unapproved: true };
    assert_eq!(e.aggregate(&q)[0].value, 5.0);
    e.set_report(key(X, 2025), &value(8.0), true);
    assert_eq!(total(&e, &[Q], 2025, today), [8.0]);
    assert_eq!(e.len(), 1);
    e.compact();
    assert_eq!(total(&e, &[Q], 2025, today), [8.0]);
    e.set_report(key(X, 2025), &[], true);
    assert_eq!(total(&e, &[Q], 2025, today), [0.0]);
    assert!(e.is_empty());
}

#[test]
fn months_and_quarters_roll_up_into_the_year() {
    let e = Engine::new(registry(0.5));
    for m in 1..=12u8 {
        let p = Period { year: 2025, kind: binhdang_core::reporting::PeriodType::Month, index: m };
        e.set_report(("X".into(), p, X), &value(f64::from(m)), true);
    }
    let q = |pe: Period| Query {
        dx: vec!["DT_LOP".into()],
        pe: vec![pe],
        ou: vec![X],
        as_of: d(2026, 1, 1),
        include_unapproved: false,
    };
    assert_eq!(e.aggregate(&q(year(2025)))[0].value, 78.0);
    let q3 = Period::parse("2025Q3").unwrap();
    assert_eq!(e.aggregate(&q(q3))[0].value, 7.0 + 8.0 + 9.0);
}

#[test]
fn option_items_select_by_option() {
    let e = Engine::new(registry(0.5));
    let v = |o: &str, x: f64| Value { element: "DT_HOC_VIEN".into(), option: o.into(), value: x };
    e.set_report(key(X, 2025), &[v("nam", 12.0), v("nu", 30.0)], true);
    let q = Query {
        dx: vec!["DT_HOC_VIEN".into(), "DT_HOC_VIEN.nu".into()],
        pe: vec![year(2025)],
        ou: vec![X],
        as_of: d(2026, 1, 1),
        include_unapproved: false,
    };
    let cells = e.aggregate(&q);
    assert_eq!(cells.iter().map(|c| c.value).collect::<Vec<_>>(), [42.0, 30.0]);
    let f = binhdang_core::indicators::Formula {
        numerator: "DT_HOC_VIEN.nu".into(),
        denominator: Some("DT_HOC_VIEN".into()),
        factor: 100.0,
    };
    let ind = e.indicator(&f, &[year(2025)], &[X], d(2026, 1, 1), false);
    assert!((ind[&(0, 0)] - 30.0 / 42.0 * 100.0).abs() < 1e-9);
}

proptest! {
    /// A parent's aggregate is the sum of its children's on any date's map, and the total of a
    /// year is the same on the 2021 map and on the 2025 map.
    #[test]
    fn parents_sum_their_children_and_totals_survive_the_reform(
        a in 0u32..1_000, b in 0u32..1_000, c in 0u32..1_000, split in 0.05f64..0.95, y in 2021i32..2025,
    ) {
        let e = Engine::new(registry(split));
        e.set_report(key(A, y), &value(f64::from(a)), true);
        e.set_report(key(B, y), &value(f64::from(b)), true);
        e.set_report(key(C, y), &value(f64::from(c)), true);
        let old = total(&e, &[N, P1, P2, A, B, C], y, d(2022, 1, 1));
        let new = total(&e, &[N, Q, X, Y], y, d(2026, 1, 1));
        let close = |l: f64, r: f64| (l - r).abs() < 1e-6;
        prop_assert!(close(old[0], old[1] + old[2]));
        prop_assert!(close(old[1], old[3] + old[4]));
        prop_assert!(close(new[0], new[1]));
        prop_assert!(close(new[1], new[2] + new[3]));
        prop_assert!(close(old[0], new[0]), "the total is conserved: {} vs {}", old[0], new[0]);
        prop_assert!(close(old[0], f64::from(a + b + c)));
    }
}

#[test]
fn reading_the_units_own_rows_gives_what_scanning_the_blocks_gives() {
    let e = Engine::new(registry(0.4));
    for (i, unit) in [A, B, C].into_iter().enumerate() {
        for y in 2021..2025 {
            let v = f64::from(u32::try_from(i).unwrap() * 10 + u32::try_from(y - 2020).unwrap());
            e.set_report(key(unit, y), &value(v), true);
        }
    }
    e.set_report(key(X, 2025), &value(5.0), true);
    e.set_report(key(Y, 2025), &value(7.0), false);
    for as_of in [d(2022, 1, 1), d(2026, 1, 1)] {
        let units: Vec<UnitId> = if as_of.year() < 2025 { vec![N, P1, P2, A, B, C] } else { vec![N, Q, X, Y] };
        for include_unapproved in [false, true] {
            for ou in units.iter().map(|u| vec![*u]).chain([units.clone()]) {
                let q = Query {
                    dx: vec!["DT_LOP".into(), "DT_LOP.default".into()],
                    pe: (2021..=2025).map(year).collect(),
                    ou,
                    as_of,
                    include_unapproved,
                };
                assert_eq!(e.aggregate_by(&q, Some(true)), e.aggregate_by(&q, Some(false)), "{q:?}");
            }
        }
    }
}

/// One report of the random histories: unit, period, (element, option, value), approved.
type Saved = (UnitId, Period, Vec<Value>, bool);

/// The answer worked out the plain way from the reports as they stand: every value of a selected
/// column inside the asked period, carried to the asked area by the registry's expansion; sums,
/// averages, and the latest period per reporting unit for last-value elements.
fn reference(registry: &Registry, reports: &HashMap<ReportKey, (Vec<Value>, bool)>, q: &Query) -> Vec<Cell> {
    let mut out = Vec::new();
    for (dx, item) in q.dx.iter().enumerate() {
        let code = item.split('.').next().unwrap_or("");
        let aggregation = reporting::element(code).map_or(Aggregation::Sum, |e| e.aggregation);
        for (pe, asked) in q.pe.iter().enumerate() {
            for (ou, area) in q.ou.iter().enumerate() {
                let (mut sum, mut count) = (0.0, 0u32);
                let mut latest: HashMap<UnitId, (Period, f64)> = HashMap::new();
                for ((_, period, unit), (values, approved)) in reports {
                    if !(*approved || q.include_unapproved) || !within(*period, *asked) {
                        continue;
                    }
                    let share: f64 =
                        registry.expand(*unit, q.as_of).iter().filter(|(u, _, _)| u == area).map(|(_, w, _)| w).sum();
                    if !registry.expand(*unit, q.as_of).iter().any(|(u, _, _)| u == area) {
                        continue;
                    }
                    for v in values.iter().filter(|v| selects(item, &v.element, &v.option)) {
                        if aggregation == Aggregation::Last {
                            let e = latest.entry(*unit).or_insert((*period, 0.0));
                            if *period > e.0 {
                                *e = (*period, v.value * share);
                            } else if *period == e.0 {
                                e.1 += v.value * share;
                            }
                        } else {
                            sum += v.value * share;
                            count += 1;
                        }
                    }
                }
                for (_, v) in latest.values() {
                    sum += v;
                    count += 1;
                }
                if count > 0 {
                    let value = if aggregation == Aggregation::Average { sum / f64::from(count) } else { sum };
                    out.push(Cell { dx, pe, ou, value });
                }
            }
        }
    }
    out
}

fn saved() -> impl Strategy<Value = Saved> {
    let unit = prop::sample::select(vec![A, B, C, X, Y]);
    let period = (2021i32..=2025, 0u8..=12).prop_map(|(y, m)| {
        if m == 0 { year(y) } else { Period { year: y, kind: binhdang_core::reporting::PeriodType::Month, index: m } }
    });
    let columns = [
        ("DT_LOP", "default"),
        ("DT_HOC_VIEN", "nam"),
        ("DT_HOC_VIEN", "nu"),
        ("GIO_VIEC_NHA", "nu"),
        ("MH_HOAT_DONG", "default"),
    ];
    let values = prop::collection::vec((0usize..columns.len(), 0u32..100), 0..4).prop_map(move |vs| {
        let mut out: Vec<Value> = Vec::new();
        for (c, v) in vs {
            let (element, option) = columns[c];
            if !out.iter().any(|x| x.element == element && x.option == option) {
                // Now and then a value that is not a whole number.
                let value = if v % 7 == 0 { f64::from(v) / 4.0 } else { f64::from(v) };
                out.push(Value { element: element.into(), option: option.into(), value });
            }
        }
        out
    });
    (unit, period, values, any::<bool>())
}

proptest! {
    /// Whatever the order of saves, replacements and orderings of the blocks, the engine answers
    /// what the plain computation over the reports as they stand answers, on both maps, reading
    /// the units' own rows or scanning.
    #[test]
    fn the_ordered_columns_answer_what_the_reports_say(
        history in prop::collection::vec((saved(), 0u8..4), 1..40), split in 0.05f64..0.95,
    ) {
        let registry = registry(split);
        let e = Engine::new(registry.clone());
        let mut reports: HashMap<ReportKey, (Vec<Value>, bool)> = HashMap::new();
        for ((unit, period, values, approved), then) in history {
            let key: ReportKey = ("BDG".into(), period, unit);
            e.set_report(key.clone(), &values, approved);
            if values.is_empty() {
                reports.remove(&key);
            } else {
                reports.insert(key, (values, approved));
            }
            if then == 0 {
                e.compact();
            }
        }
        let dx: Vec<String> = ["DT_LOP", "DT_HOC_VIEN", "DT_HOC_VIEN.nu", "GIO_VIEC_NHA", "MH_HOAT_DONG"]
            .into_iter()
            .map(String::from)
            .collect();
        let mut pe: Vec<Period> = (2021..=2025).map(year).collect();
        pe.push(Period::parse("2024Q1").unwrap());
        for (as_of, units) in [(d(2022, 1, 1), vec![N, P1, P2, A, B, C]), (d(2026, 1, 1), vec![N, Q, X, Y])] {
            for ou in units.iter().map(|u| vec![*u]).chain([units.clone()]) {
                for include_unapproved in [false, true] {
                    let q = Query { dx: dx.clone(), pe: pe.clone(), ou: ou.clone(), as_of, include_unapproved };
                    let want = reference(&registry, &reports, &q);
                    for own_rows in [None, Some(true), Some(false)] {
                        let got = e.aggregate_by(&q, own_rows);
                        prop_assert_eq!(got.len(), want.len(), "{:?} {:?}: {:?} vs {:?}", q, own_rows, got, want);
                        for (g, w) in got.iter().zip(&want) {
                            prop_assert!(
                                (g.dx, g.pe, g.ou) == (w.dx, w.pe, w.ou) && (g.value - w.value).abs() < 1e-9,
                                "{:?} {:?}: {:?} vs {:?}", q, own_rows, got, want
                            );
                        }
                    }
                }
            }
        }
    }
}
