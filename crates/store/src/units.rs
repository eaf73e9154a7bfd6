//! The org registry in the database: bulk loading with upsert by source key, listings as of a
//! date, lineage, scope reach, administrator edits with optimistic versions, and contacts.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use binhdang_core::units::{
    Contact, Lineage, LineageKind, NewUnit, Unit, UnitBatch, UnitFilter, UnitId, UnitKind, UnitRef, Validity,
};

use crate::audit::{self, Actor};
use crate::{Result, Store, StoreError, placeholders};

const UNIT_COLUMNS: &str = "id, code, name, kind, parent_id, area_id, valid_from, valid_to, version";

/// `valid on $n` for a unit row.
fn valid_on(n: usize) -> String {
    format!("(valid_from IS NULL OR valid_from <= ${n}) AND (valid_to IS NULL OR valid_to >= ${n})")
}

/// Orders areas before agencies, larger before smaller.
fn kind_rank() -> String {
    let arms = UnitKind::ALL.iter().enumerate().fold(String::new(), |mut s, (i, k)| {
        let _ = write!(s, " WHEN '{}' THEN {i}", k.as_str());
        s
    });
    format!("CASE kind{arms} ELSE 99 END")
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("ngày \"{t}\""))))
        .transpose()
}

/// A row's `id` and text `value` (the by-id readers of one column).
fn text_value(row: &sqlx::any::AnyRow) -> Result<(UnitId, String)> {
    Ok((UnitId(row.try_get("id")?), row.try_get("value")?))
}

fn unit_from_row(row: &AnyRow) -> Result<Unit> {
    let kind: String = row.try_get("kind")?;
    Ok(Unit {
        id: UnitId(row.try_get("id")?),
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        kind: kind.parse().map_err(|_| StoreError::Corrupt(format!("loại đơn vị \"{kind}\"")))?,
        parent_id: row.try_get::<Option<i64>, _>("parent_id")?.map(UnitId),
        area_id: row.try_get::<Option<i64>, _>("area_id")?.map(UnitId),
        validity: Validity { from: parse_day(row.try_get("valid_from")?)?, to: parse_day(row.try_get("valid_to")?)? },
        version: row.try_get("version")?,
    })
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_contains(text: &str) -> String {
    let mut out = String::from("%");
    for c in vanban::fold(text).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// What a load did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// Units added.
    pub inserted: usize,
    /// Units whose name, parent or validity changed.
    pub updated: usize,
    /// Units already as in the files.
    pub unchanged: usize,
    /// Lineage edges added.
    pub lineage_added: usize,
    /// Units whose point (`lat`, `lon`) was set or changed.
    pub points_set: usize,
}

/// A unit linked by lineage, with the edge.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Linked {
    /// The other unit.
    pub unit: Unit,
    /// The edge.
    pub lineage: Lineage,
}

/// What an administrator sets when adding or editing a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitDraft {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Parent.
    pub parent_id: Option<UnitId>,
    /// Served area (agencies).
    pub area_id: Option<UnitId>,
    /// Validity.
    pub validity: Validity,
}

/// A contact with its version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredContact {
    /// The contact.
    #[serde(flatten)]
    pub contact: Contact,
    /// Version, for conflict detection.
    pub version: i64,
    /// Last change.
    pub updated_at: String,
}

const BATCH_ROWS: usize = 400;

impl Store {
    /// Loads a batch of reference units in one transaction: units are matched by source key,
    /// new ones inserted, changed ones updated, missing lineage added. All or nothing.
    pub async fn import_units(&self, batch: &UnitBatch, actor: Actor) -> Result<ImportSummary> {
        let mut tx = self.write_tx().await?;
        let existing_rows = sqlx::query(&format!(
            "SELECT source_key, lat, lon, {UNIT_COLUMNS} FROM units WHERE source_key IS NOT NULL"
        ))
        .fetch_all(&mut *tx)
        .await?;
        let mut existing: HashMap<String, Unit> = HashMap::with_capacity(existing_rows.len());
        let mut stored_points: HashMap<UnitId, (Option<f64>, Option<f64>)> = HashMap::new();
        for row in &existing_rows {
            let unit = unit_from_row(row)?;
            stored_points.insert(unit.id, (row.try_get("lat")?, row.try_get("lon")?));
            existing.insert(row.try_get("source_key")?, unit);
        }
        let points: HashMap<usize, (f64, f64)> = batch.points.iter().map(|p| (p.unit, (p.lat, p.lon))).collect();
        let max_id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM units").fetch_one(&mut *tx).await?;
        let mut next_id = max_id.unwrap_or(0) + 1;
        let ids: Vec<UnitId> = batch
            .units
            .iter()
            .map(|u| {
                existing.get(&u.source_key).map_or_else(
                    || {
                        let id = UnitId(next_id);
                        next_id += 1;
                        id
                    },
                    |e| e.id,
                )
            })
            .collect();
        let resolve = |r: Option<UnitRef>| {
            r.map(|r| match r {
                UnitRef::New(i) => ids[i],
                UnitRef::Stored(id) => id,
            })
        };

        let mut summary = ImportSummary::default();
        let mut inserts = Vec::new();
        for (i, u) in batch.units.iter().enumerate() {
            let parent = resolve(u.parent);
            let area = resolve(u.area);
            match existing.get(&u.source_key) {
                None => inserts.push((i, ids[i], u, parent, area)),
                Some(e)
                    if e.code == u.code
                        && e.name == u.name
                        && e.kind == u.kind
                        && e.parent_id == parent
                        && e.area_id == area
                        && e.validity == u.validity =>
                {
                    summary.unchanged += 1;
                }
                Some(e) => {
                    sqlx::query(
                        "UPDATE units SET code = $1, name = $2, name_folded = $3, kind = $4, parent_id = $5, \
                         area_id = $6, valid_from = $7, valid_to = $8, version = version + 1 WHERE id = $9",
                    )
                    .bind(&u.code)
                    .bind(&u.name)
                    .bind(vanban::fold(&u.name))
                    .bind(u.kind.as_str())
                    .bind(parent.map(|p| p.0))
                    .bind(area.map(|a| a.0))
                    .bind(u.validity.from.map(day))
                    .bind(u.validity.to.map(day))
                    .bind(e.id.0)
                    .execute(&mut *tx)
                    .await?;
                    summary.updated += 1;
                }
            }
        }
        summary.points_set = update_points(&mut tx, batch, &existing, &stored_points, &points).await?;
        summary.points_set += insert_units(&mut tx, &inserts, &points).await?;
        summary.inserted = inserts.len();

        summary.lineage_added = insert_lineage(&mut tx, batch, &ids).await?;
        audit::record(&mut tx, actor, "units.import", "units", "*", &serde_json::to_value(summary).unwrap_or_default())
            .await?;
        tx.commit().await?;
        self.registry_changed();
        Ok(summary)
    }

    /// The registry's point (latitude, longitude) of every unit that has one (the communes of
    /// both maps).
    pub async fn unit_points(&self) -> Result<HashMap<UnitId, (f64, f64)>> {
        let rows = sqlx::query("SELECT id, lat, lon FROM units WHERE lat IS NOT NULL AND lon IS NOT NULL")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok((UnitId(r.try_get("id")?), (r.try_get("lat")?, r.try_get("lon")?)))).collect()
    }

    /// Units matching a filter, and how many match in all.
    pub async fn list_units(&self, filter: &UnitFilter) -> Result<(Vec<Unit>, u64)> {
        let condition = format!(
            "{} AND ($2 IS NULL OR name_folded LIKE $2 ESCAPE '\\') AND ($3 IS NULL OR kind = $3) \
             AND ($4 IS NULL OR parent_id = $4)",
            valid_on(1)
        );
        let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(like_contains);
        let kind = filter.kind.map(UnitKind::as_str);
        let parent = filter.parent.map(|p| p.0);
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM units WHERE {condition}"))
            .bind(day(filter.as_of))
            .bind(&q)
            .bind(kind)
            .bind(parent)
            .fetch_one(self.pool())
            .await?;
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE {condition} ORDER BY {}, code, name LIMIT $5 OFFSET $6",
            kind_rank()
        ))
        .bind(day(filter.as_of))
        .bind(&q)
        .bind(kind)
        .bind(parent)
        .bind(i64::from(filter.limit))
        .bind(i64::from(filter.offset))
        .fetch_all(self.pool())
        .await?;
        let units = rows.iter().map(unit_from_row).collect::<Result<Vec<_>>>()?;
        Ok((units, total.max(0) as u64))
    }

    /// Units a picker offers: valid on `as_of`, areas or agencies, whose folded name contains
    /// the folded query or whose code starts with it (an exact code first, then names that begin
    /// with the query, larger units first), and, when `within` is given, only units whose reach
    /// holds that area (the units a user of that scope may write for: under it, or what passed
    /// into it). At most `limit`.
    pub async fn pick_units(
        &self,
        query: &str,
        as_of: NaiveDate,
        areas: bool,
        within: Option<UnitId>,
        limit: u32,
    ) -> Result<Vec<Unit>> {
        let folded = vanban::fold(query.trim());
        let area_kinds = UnitKind::ALL
            .iter()
            .filter(|k| k.is_area())
            .map(|k| format!("'{}'", k.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let class = if areas { format!("kind IN ({area_kinds})") } else { format!("kind NOT IN ({area_kinds})") };
        // The areas a scope covers: the area itself, what lies under it and what passed into it,
        // transitively (the reverse of `reach_from`).
        let (with, scoped) = if within.is_some() {
            (
                "WITH RECURSIVE down(id) AS (SELECT CAST($5 AS BIGINT) UNION SELECT e.child FROM \
                 (SELECT id AS child, parent_id AS up FROM units UNION ALL \
                 SELECT predecessor_id, successor_id FROM unit_lineage) e JOIN down ON e.up = down.id) ",
                format!(
                    "AND (CASE WHEN kind IN ({area_kinds}) THEN id ELSE COALESCE(area_id, id) END) \
                     IN (SELECT id FROM down)"
                ),
            )
        } else {
            ("", "AND CAST($5 AS BIGINT) IS NULL".to_owned())
        };
        let sql = format!(
            "{with}SELECT {UNIT_COLUMNS} FROM units WHERE {} AND {class} \
             AND ($2 = '' OR name_folded LIKE $3 ESCAPE '\\' OR LOWER(code) LIKE $4 ESCAPE '\\') {scoped} \
             ORDER BY CASE WHEN LOWER(code) = $2 THEN 0 WHEN name_folded LIKE $4 ESCAPE '\\' THEN 1 ELSE 2 END, \
             {}, name_folded, code LIMIT $6",
            valid_on(1),
            kind_rank()
        );
        let escaped = like_contains(&folded);
        let prefix = format!("{}%", escaped.strip_prefix('%').and_then(|e| e.strip_suffix('%')).unwrap_or_default());
        let rows = sqlx::query(&sql)
            .bind(day(as_of))
            .bind(&folded)
            .bind(&escaped)
            .bind(&prefix)
            .bind(within.map(|w| w.0))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// Units matching a name that had ended by `as_of`, each with the units it passed into that
    /// are valid on `as_of` ("Kiên Giang (đến 30/06/2025) — nay thuộc An Giang").
    pub async fn former_units(
        &self,
        q: &str,
        kind: Option<UnitKind>,
        as_of: NaiveDate,
        limit: u32,
    ) -> Result<Vec<(Unit, Vec<Unit>)>> {
        if q.trim().is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE valid_to < $1 AND name_folded LIKE $2 ESCAPE '\\' \
             AND ($3 IS NULL OR kind = $3) ORDER BY {}, code LIMIT $4",
            kind_rank()
        ))
        .bind(day(as_of))
        .bind(like_contains(q))
        .bind(kind.map(UnitKind::as_str))
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let unit = unit_from_row(row)?;
            let now = self.successors_on(unit.id, as_of).await?;
            out.push((unit, now));
        }
        Ok(out)
    }

    /// Follows lineage forward from a unit to the units valid on `day`.
    pub async fn successors_on(&self, id: UnitId, on: NaiveDate) -> Result<Vec<Unit>> {
        let mut frontier = vec![id];
        let mut seen: HashSet<UnitId> = HashSet::from([id]);
        let mut found = Vec::new();
        while !frontier.is_empty() {
            let sql = format!(
                "SELECT {UNIT_COLUMNS} FROM units WHERE id IN (SELECT successor_id FROM unit_lineage WHERE predecessor_id IN ({})) ORDER BY code",
                placeholders(1, frontier.len())
            );
            let rows = frontier.iter().fold(sqlx::query(&sql), |q, f| q.bind(f.0)).fetch_all(self.pool()).await?;
            frontier.clear();
            for row in &rows {
                let unit = unit_from_row(row)?;
                if seen.insert(unit.id) {
                    if unit.validity.contains(on) {
                        found.push(unit);
                    } else {
                        frontier.push(unit.id);
                    }
                }
            }
        }
        Ok(found)
    }

    /// One unit by identity.
    pub async fn unit(&self, id: UnitId) -> Result<Unit> {
        let row = sqlx::query(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("không có đơn vị số {id}")))?;
        unit_from_row(&row)
    }

    /// The unit a code names on a day.
    pub async fn unit_by_code(&self, code: &str, as_of: NaiveDate) -> Result<Option<Unit>> {
        let row = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE code = $2 AND {} ORDER BY id LIMIT 1",
            valid_on(1)
        ))
        .bind(day(as_of))
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(unit_from_row).transpose()
    }

    /// Every unit that ever had a code, oldest first (for "code 91 was Kiên Giang, is An Giang").
    pub async fn units_with_code(&self, code: &str) -> Result<Vec<Unit>> {
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE code = $1 ORDER BY COALESCE(valid_from, '0000-00-00')"
        ))
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// Units directly under a unit on a day.
    pub async fn children(&self, id: UnitId, as_of: NaiveDate) -> Result<Vec<Unit>> {
        self.units_linked_by("parent_id", id, as_of).await
    }

    /// Units valid on a day whose `column` (`parent_id` or `area_id`) is `id`.
    async fn units_linked_by(&self, column: &str, id: UnitId, as_of: NaiveDate) -> Result<Vec<Unit>> {
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE {column} = $2 AND {} ORDER BY {}, code",
            valid_on(1),
            kind_rank()
        ))
        .bind(day(as_of))
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// Units without a parent on a day: the nation and the top of each agency hierarchy.
    pub async fn roots(&self, as_of: NaiveDate) -> Result<Vec<Unit>> {
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE parent_id IS NULL AND {} ORDER BY {}, code",
            valid_on(1),
            kind_rank()
        ))
        .bind(day(as_of))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// Some units by id, in one query per 500 ids.
    pub async fn units_of(&self, ids: &[UnitId]) -> Result<HashMap<UnitId, Unit>> {
        self.by_ids(ids, UNIT_COLUMNS, |row| {
            let unit = unit_from_row(row)?;
            Ok((unit.id, unit))
        })
        .await
    }

    /// The codes of some units, by id.
    pub async fn codes_of(&self, ids: &[UnitId]) -> Result<HashMap<UnitId, String>> {
        self.by_ids(ids, "id, code AS value", text_value).await
    }

    /// Names of units by id, in one query per 500 ids (for lists: a page costs the same number of
    /// queries whatever its length).
    pub async fn names_of(&self, ids: &[UnitId]) -> Result<HashMap<UnitId, String>> {
        self.by_ids(ids, "id, name AS value", text_value).await
    }

    /// Columns of units by id, each row read by `read`, in one query per 500 distinct ids.
    async fn by_ids<T>(
        &self,
        ids: &[UnitId],
        columns: &str,
        read: impl Fn(&sqlx::any::AnyRow) -> Result<(UnitId, T)>,
    ) -> Result<HashMap<UnitId, T>> {
        let mut out = HashMap::new();
        let mut unique: Vec<UnitId> = ids.to_vec();
        unique.sort_unstable();
        unique.dedup();
        for chunk in unique.chunks(500) {
            let sql = format!("SELECT {columns} FROM units WHERE id IN ({})", placeholders(1, chunk.len()));
            let rows = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(id.0)).fetch_all(self.pool()).await?;
            for row in &rows {
                let (id, value) = read(row)?;
                out.insert(id, value);
            }
        }
        Ok(out)
    }

    /// Agencies serving an area on a day.
    pub async fn agencies_serving(&self, area: UnitId, as_of: NaiveDate) -> Result<Vec<Unit>> {
        self.units_linked_by("area_id", area, as_of).await
    }

    /// The units a unit came from and went into.
    pub async fn lineage(&self, id: UnitId) -> Result<(Vec<Linked>, Vec<Linked>)> {
        let load = |sql: String| async move {
            let rows = sqlx::query(&sql).bind(id.0).fetch_all(self.pool()).await?;
            rows.iter()
                .map(|row| {
                    let unit = unit_from_row(row)?;
                    let kind: String = row.try_get("lineage_kind")?;
                    let other = unit.id;
                    let (predecessor, successor) =
                        if row.try_get::<i64, _>("is_pred")? == 1 { (other, id) } else { (id, other) };
                    Ok(Linked {
                        lineage: Lineage {
                            predecessor,
                            successor,
                            kind: kind.parse::<LineageKind>().map_err(|_| StoreError::Corrupt(kind.clone()))?,
                            weight: row.try_get("weight")?,
                            is_main: row.try_get::<i64, _>("is_main")? == 1,
                        },
                        unit,
                    })
                })
                .collect::<Result<Vec<_>>>()
        };
        let cols = "u.id, u.code, u.name, u.kind, u.parent_id, u.area_id, u.valid_from, u.valid_to, u.version, \
                    l.kind AS lineage_kind, l.weight, l.is_main";
        let predecessors = load(format!(
            "SELECT {cols}, 1 AS is_pred FROM unit_lineage l JOIN units u ON u.id = l.predecessor_id \
             WHERE l.successor_id = $1 ORDER BY u.code"
        ))
        .await?;
        let successors = load(format!(
            "SELECT {cols}, 0 AS is_pred FROM unit_lineage l JOIN units u ON u.id = l.successor_id \
             WHERE l.predecessor_id = $1 ORDER BY u.code"
        ))
        .await?;
        Ok((predecessors, successors))
    }

    /// The reach of a unit for scope checks: its scope area, that area's ancestors, and the units
    /// it passed into with their ancestors. A user whose scope area is in the reach may write.
    pub async fn reach(&self, unit: &Unit) -> Result<Vec<UnitId>> {
        self.reach_from(unit.scope_area()).await
    }

    /// A unit's reach written as `,id,id,` — the `scope_path` that documents, activities and plans
    /// keep so that "readable from area A" is one `LIKE '%,A,%'`.
    pub async fn scope_path(&self, unit: &Unit) -> Result<String> {
        let reach = self.reach(unit).await?;
        Ok(format!(",{},", reach.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")))
    }

    /// A unit, its parents, and what it (or they) passed into, transitively. For an agency this
    /// is its chain of superiors and successors: who may act on its behalf.
    pub async fn reach_from(&self, start: UnitId) -> Result<Vec<UnitId>> {
        self.closure(
            start,
            "SELECT parent_id FROM units WHERE id IN ({list}) AND parent_id IS NOT NULL \
             UNION SELECT successor_id FROM unit_lineage WHERE predecessor_id IN ({list})",
        )
        .await
    }

    /// A unit and what it passed into, transitively, through lineage only (no parents): for an
    /// area, the areas that carry on its work today (Kiên Giang → An Giang).
    pub async fn successors_from(&self, start: UnitId) -> Result<Vec<UnitId>> {
        self.closure(start, "SELECT successor_id FROM unit_lineage WHERE predecessor_id IN ({list})").await
    }

    /// A unit and the units that passed into it, transitively, through lineage only: for an
    /// agency, those whose work it carries on (An Giang's Sở Nội vụ ← Kiên Giang's ← Kiên Giang's
    /// Sở Lao động - Thương binh và Xã hội).
    pub async fn predecessors_from(&self, start: UnitId) -> Result<Vec<UnitId>> {
        self.closure(start, "SELECT predecessor_id FROM unit_lineage WHERE successor_id IN ({list})").await
    }

    /// Some units and what they passed into, transitively, through lineage only: the agencies
    /// that carry on the work of any of them today.
    pub async fn successors_of_all(&self, starts: &[UnitId]) -> Result<Vec<UnitId>> {
        self.closure_from(starts, "SELECT successor_id FROM unit_lineage WHERE predecessor_id IN ({list})").await
    }

    /// Some units and the units that passed into them, transitively, through lineage only.
    pub async fn predecessors_of_all(&self, starts: &[UnitId]) -> Result<Vec<UnitId>> {
        self.closure_from(starts, "SELECT predecessor_id FROM unit_lineage WHERE successor_id IN ({list})").await
    }

    /// The agencies that serve (or served, at any time) some areas.
    pub async fn agencies_of_areas(&self, areas: &[UnitId]) -> Result<Vec<UnitId>> {
        let mut out = Vec::new();
        for chunk in areas.chunks(500) {
            let sql = format!("SELECT id FROM units WHERE area_id IN ({}) ORDER BY id", placeholders(1, chunk.len()));
            let ids: Vec<i64> =
                chunk.iter().fold(sqlx::query_scalar(&sql), |q, a| q.bind(a.0)).fetch_all(self.pool()).await?;
            out.extend(ids.into_iter().map(UnitId));
        }
        Ok(out)
    }

    /// `start` and every unit reached from it by `step` (a query of the next units from the ids in
    /// `{list}`), breadth first, each once.
    async fn closure(&self, start: UnitId, step: &str) -> Result<Vec<UnitId>> {
        self.closure_from(&[start], step).await
    }

    /// [`Self::closure`] from several units at once.
    async fn closure_from(&self, starts: &[UnitId], step: &str) -> Result<Vec<UnitId>> {
        let mut seen: Vec<UnitId> = Vec::new();
        for s in starts {
            if !seen.contains(s) {
                seen.push(*s);
            }
        }
        let mut frontier = seen.clone();
        while !frontier.is_empty() {
            let sql = step.replace("{list}", &placeholders(1, frontier.len()));
            let next: Vec<i64> =
                frontier.iter().fold(sqlx::query_scalar(&sql), |q, f| q.bind(f.0)).fetch_all(self.pool()).await?;
            frontier.clear();
            for id in next.into_iter().map(UnitId) {
                if !seen.contains(&id) {
                    seen.push(id);
                    frontier.push(id);
                }
            }
        }
        Ok(seen)
    }

    /// How many units of each kind are valid on a day.
    pub async fn count_by_kind(&self, as_of: NaiveDate) -> Result<Vec<(UnitKind, i64)>> {
        let rows = sqlx::query(&format!("SELECT kind, COUNT(*) AS n FROM units WHERE {} GROUP BY kind", valid_on(1)))
            .bind(day(as_of))
            .fetch_all(self.pool())
            .await?;
        let mut counts = Vec::new();
        for row in &rows {
            let kind: String = row.try_get("kind")?;
            counts.push((kind.parse().map_err(|_| StoreError::Corrupt(kind.clone()))?, row.try_get("n")?));
        }
        counts.sort_by_key(|(k, _)| UnitKind::ALL.iter().position(|x| x == k));
        Ok(counts)
    }

    /// Refuses a code already used by another unit over an overlapping period.
    async fn check_code_free(tx: &mut Transaction<'_, Any>, draft: &UnitDraft, except: Option<UnitId>) -> Result<()> {
        let rows = sqlx::query(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE code = $1"))
            .bind(&draft.code)
            .fetch_all(&mut **tx)
            .await?;
        for row in &rows {
            let other = unit_from_row(row)?;
            if Some(other.id) != except && other.validity.overlaps(&draft.validity) {
                return Err(StoreError::Conflict(format!(
                    "mã {} đã dùng cho \"{}\" trong cùng thời gian hiệu lực",
                    draft.code, other.name
                )));
            }
        }
        Ok(())
    }

    /// Adds a unit (an administrator's dated change).
    pub async fn create_unit(&self, draft: &UnitDraft, actor: Actor) -> Result<Unit> {
        let mut tx = self.write_tx().await?;
        Self::check_code_free(&mut tx, draft, None).await?;
        let max_id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM units").fetch_one(&mut *tx).await?;
        let id = max_id.unwrap_or(0) + 1;
        sqlx::query(
            "INSERT INTO units (id, code, name, name_folded, kind, parent_id, area_id, valid_from, valid_to) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(&draft.code)
        .bind(&draft.name)
        .bind(vanban::fold(&draft.name))
        .bind(draft.kind.as_str())
        .bind(draft.parent_id.map(|p| p.0))
        .bind(draft.area_id.map(|a| a.0))
        .bind(draft.validity.from.map(day))
        .bind(draft.validity.to.map(day))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            crate::conflict_on_unique(e, || format!("đơn vị số {id} vừa được tạo bởi người khác, hãy thử lại"))
        })?;
        audit::record(&mut tx, actor, "unit.create", "unit", &id.to_string(), &draft_json(draft)).await?;
        tx.commit().await?;
        self.registry_changed();
        self.unit(UnitId(id)).await
    }

    /// Edits a unit, refusing the edit if someone changed it since `version`.
    pub async fn update_unit(&self, id: UnitId, draft: &UnitDraft, version: i64, actor: Actor) -> Result<Unit> {
        let mut tx = self.write_tx().await?;
        Self::check_code_free(&mut tx, draft, Some(id)).await?;
        let done = sqlx::query(
            "UPDATE units SET code = $1, name = $2, name_folded = $3, kind = $4, parent_id = $5, area_id = $6, \
             valid_from = $7, valid_to = $8, version = version + 1 WHERE id = $9 AND version = $10",
        )
        .bind(&draft.code)
        .bind(&draft.name)
        .bind(vanban::fold(&draft.name))
        .bind(draft.kind.as_str())
        .bind(draft.parent_id.map(|p| p.0))
        .bind(draft.area_id.map(|a| a.0))
        .bind(draft.validity.from.map(day))
        .bind(draft.validity.to.map(day))
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "đơn vị đã được người khác sửa sau khi bạn mở trang; hãy tải lại để xem bản mới nhất".into(),
            ));
        }
        audit::record(&mut tx, actor, "unit.update", "unit", &id.to_string(), &draft_json(draft)).await?;
        tx.commit().await?;
        self.registry_changed();
        self.unit(id).await
    }

    /// Adds a lineage edge between two stored units.
    pub async fn add_lineage(&self, edge: &Lineage, actor: Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("INSERT INTO unit_lineage (predecessor_id, successor_id, kind, weight, is_main) VALUES ($1, $2, $3, $4, $5)")
            .bind(edge.predecessor.0)
            .bind(edge.successor.0)
            .bind(edge.kind.as_str())
            .bind(edge.weight)
            .bind(i64::from(edge.is_main))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::conflict_on_unique(e, || "hai đơn vị này đã có quan hệ kế thừa".into()))?;
        audit::record(
            &mut tx,
            actor,
            "unit.lineage",
            "unit",
            &edge.predecessor.to_string(),
            &serde_json::json!({"successor": edge.successor.0, "kind": edge.kind.as_str(), "weight": edge.weight, "is_main": edge.is_main}),
        )
        .await?;
        tx.commit().await?;
        self.registry_changed();
        Ok(())
    }

    /// The contact point of an agency.
    pub async fn contact(&self, unit: UnitId) -> Result<Option<StoredContact>> {
        let row = sqlx::query(
            "SELECT focal_person, position, phone, email, version, updated_at FROM unit_contacts WHERE unit_id = $1",
        )
        .bind(unit.0)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(StoredContact {
                contact: Contact {
                    focal_person: r.try_get("focal_person")?,
                    position: r.try_get("position")?,
                    phone: r.try_get("phone")?,
                    email: r.try_get("email")?,
                },
                version: r.try_get("version")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .transpose()
    }

    /// Sets the contact point. `version` is the version the editor saw (0 when there was none);
    /// if it changed meanwhile the write is refused as a conflict.
    pub async fn set_contact(
        &self,
        unit: UnitId,
        contact: &Contact,
        version: i64,
        actor: Actor,
    ) -> Result<StoredContact> {
        let mut tx = self.write_tx().await?;
        let at = audit::instant(actor.at);
        let done = if version == 0 {
            sqlx::query(
                "INSERT INTO unit_contacts (unit_id, focal_person, position, phone, email, updated_at, updated_by, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
            )
            .bind(unit.0)
            .bind(&contact.focal_person)
            .bind(&contact.position)
            .bind(&contact.phone)
            .bind(&contact.email)
            .bind(&at)
            .bind(actor.user.map(|u| u.0))
            .execute(&mut *tx)
            .await
            .map(|r| r.rows_affected())
            .or_else(|e| match &e {
                sqlx::Error::Database(db) if db.is_unique_violation() => Ok(0),
                _ => Err(e),
            })?
        } else {
            sqlx::query(
                "UPDATE unit_contacts SET focal_person = $1, position = $2, phone = $3, email = $4, updated_at = $5, \
                 updated_by = $6, version = version + 1 WHERE unit_id = $7 AND version = $8",
            )
            .bind(&contact.focal_person)
            .bind(&contact.position)
            .bind(&contact.phone)
            .bind(&contact.email)
            .bind(&at)
            .bind(actor.user.map(|u| u.0))
            .bind(unit.0)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        };
        if done == 0 {
            return Err(StoreError::Conflict(
                "thông tin đầu mối đã được người khác sửa sau khi bạn mở trang; hãy tải lại để xem bản mới nhất".into(),
            ));
        }
        audit::record(
            &mut tx,
            actor,
            "unit.contact",
            "unit",
            &unit.to_string(),
            &serde_json::to_value(contact).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        self.contact(unit).await?.ok_or_else(|| StoreError::NotFound("không có thông tin đầu mối".into()))
    }
}

/// A unit of a batch to insert: its index in the batch, its new id, it, its parent and area.
type NewRow<'a> = (usize, UnitId, &'a NewUnit, Option<UnitId>, Option<UnitId>);

/// Inserts new units, `BATCH_ROWS` a statement, with their points; returns how many points.
async fn insert_units(
    tx: &mut Transaction<'_, Any>,
    inserts: &[NewRow<'_>],
    points: &HashMap<usize, (f64, f64)>,
) -> Result<usize> {
    let mut set = 0;
    for chunk in inserts.chunks(BATCH_ROWS) {
        let values: Vec<String> = (0..chunk.len()).map(|r| format!("({})", placeholders(r * 12 + 1, 12))).collect();
        let sql = format!(
            "INSERT INTO units (id, source_key, code, name, name_folded, kind, parent_id, area_id, valid_from, valid_to, lat, lon) VALUES {}",
            values.join(", ")
        );
        // Not kept prepared: a point is NULL in some chunks and a number in others, and
        // PostgreSQL would keep the parameter types of the first.
        let mut q = sqlx::query(&sql).persistent(false);
        for (index, id, u, parent, area) in chunk {
            let point = points.get(index);
            q = q
                .bind(id.0)
                .bind(&u.source_key)
                .bind(&u.code)
                .bind(&u.name)
                .bind(vanban::fold(&u.name))
                .bind(u.kind.as_str())
                .bind(parent.map(|p| p.0))
                .bind(area.map(|a| a.0))
                .bind(u.validity.from.map(day))
                .bind(u.validity.to.map(day))
                .bind(point.map(|p| p.0))
                .bind(point.map(|p| p.1));
            set += usize::from(point.is_some());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(set)
}

/// Sets the points of stored units that changed (a first import after the coordinates came, or
/// corrected files); returns how many.
async fn update_points(
    tx: &mut Transaction<'_, Any>,
    batch: &UnitBatch,
    existing: &HashMap<String, Unit>,
    stored: &HashMap<UnitId, (Option<f64>, Option<f64>)>,
    points: &HashMap<usize, (f64, f64)>,
) -> Result<usize> {
    let mut set = 0;
    for (i, u) in batch.units.iter().enumerate() {
        let Some(e) = existing.get(&u.source_key) else { continue };
        let want = points.get(&i).map_or((None, None), |(lat, lon)| (Some(*lat), Some(*lon)));
        if stored.get(&e.id) != Some(&want) {
            // Not kept prepared: PostgreSQL would keep the type of the first NULL bound.
            sqlx::query("UPDATE units SET lat = $1, lon = $2 WHERE id = $3")
                .persistent(false)
                .bind(want.0)
                .bind(want.1)
                .bind(e.id.0)
                .execute(&mut **tx)
                .await?;
            set += 1;
        }
    }
    Ok(set)
}

/// Adds the batch's lineage edges that are not stored yet; returns how many.
async fn insert_lineage(tx: &mut Transaction<'_, Any>, batch: &UnitBatch, ids: &[UnitId]) -> Result<usize> {
    let pairs: HashSet<(i64, i64)> = sqlx::query("SELECT predecessor_id, successor_id FROM unit_lineage")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    let new_edges: Vec<_> =
        batch.lineage.iter().filter(|l| !pairs.contains(&(ids[l.predecessor].0, ids[l.successor].0))).collect();
    for chunk in new_edges.chunks(BATCH_ROWS) {
        let values: Vec<String> = (0..chunk.len()).map(|r| format!("({})", placeholders(r * 5 + 1, 5))).collect();
        let sql = format!(
            "INSERT INTO unit_lineage (predecessor_id, successor_id, kind, weight, is_main) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for l in chunk {
            q = q
                .bind(ids[l.predecessor].0)
                .bind(ids[l.successor].0)
                .bind(l.kind.as_str())
                .bind(l.weight)
                .bind(i64::from(l.is_main));
        }
        q.execute(&mut **tx).await?;
    }
    Ok(new_edges.len())
}

fn draft_json(d: &UnitDraft) -> serde_json::Value {
    serde_json::json!({
        "code": d.code, "name": d.name, "kind": d.kind.as_str(),
        "parent_id": d.parent_id.map(|p| p.0), "area_id": d.area_id.map(|a| a.0),
        "valid_from": d.validity.from.map(day), "valid_to": d.validity.to.map(day),
    })
}
