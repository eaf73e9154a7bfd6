//! `/api/v1/units`: the registry for machines. Reading needs no login (administrative units are
//! public facts); changing it needs an administrator whose scope covers the unit, and a contact
//! point needs an editing role within scope.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use binhdang_core::Error as DomainError;
use binhdang_core::units::{Contact, LineageKind, Unit, UnitFilter, UnitKind};
use binhdang_store::units::{Linked, StoredContact};

use super::{SuccessorInput, UnitInput, UnitJson, as_of, by_code};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult, AppError};
use crate::extract::{Json, Path, Query};

/// Query of a listing.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    as_of: Option<String>,
    q: Option<String>,
    kind: Option<String>,
    parent: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
}

/// A page of units.
#[derive(Debug, Serialize)]
pub struct UnitList {
    items: Vec<UnitJson>,
    total: u64,
}

/// Most items per page.
pub const MAX_LIMIT: u32 = 1000;

async fn with_parent_codes(state: &AppState, units: &[Unit]) -> Result<Vec<UnitJson>, AppError> {
    let parents: Vec<_> = units.iter().filter_map(|u| u.parent_id).collect();
    let codes = state.store.codes_of(&parents).await?;
    Ok(units.iter().map(|u| UnitJson::new(u, u.parent_id.and_then(|p| codes.get(&p).cloned()))).collect())
}

/// `GET /api/v1/units?as_of=&q=&kind=&parent=&limit=&offset=`.
pub async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> ApiResult<UnitList> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let kind = q.kind.as_deref().filter(|k| !k.is_empty()).map(str::parse::<UnitKind>).transpose()?;
    let parent = match q.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(code) => Some(
            state
                .store
                .unit_by_code(code, day)
                .await?
                .ok_or_else(|| DomainError::invalid("parent", format!("không có đơn vị mã {code} vào ngày {day}")))?
                .id,
        ),
        None => None,
    };
    let limit = q.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(DomainError::invalid("limit", format!("limit phải từ 1 đến {MAX_LIMIT}")).into());
    }
    binhdang_core::search::check_query("q", q.q.as_deref())?;
    let offset = binhdang_core::search::check_offset("offset", q.offset.unwrap_or(0))?;
    let filter = UnitFilter { as_of: day, q: q.q, kind, parent, limit, offset };
    let (units, total) = state.store.list_units(&filter).await?;
    Ok(Json(UnitList { items: with_parent_codes(&state, &units).await?, total }))
}

/// Query with a date.
#[derive(Debug, Default, Deserialize)]
pub struct AsOfQuery {
    as_of: Option<String>,
}

/// A lineage neighbour in the API.
#[derive(Debug, Serialize)]
pub struct LinkedJson {
    #[serde(flatten)]
    unit: UnitJson,
    lineage_kind: LineageKind,
    weight: f64,
    is_main: bool,
}

/// A unit with its neighbourhood.
#[derive(Debug, Serialize)]
pub struct UnitDetail {
    #[serde(flatten)]
    unit: UnitJson,
    as_of: chrono::NaiveDate,
    children: Vec<UnitJson>,
    predecessors: Vec<LinkedJson>,
    successors: Vec<LinkedJson>,
    agencies: Vec<UnitJson>,
}

fn linked(list: Vec<Linked>) -> Vec<LinkedJson> {
    list.into_iter()
        .map(|l| LinkedJson {
            unit: UnitJson::new(&l.unit, None),
            lineage_kind: l.lineage.kind,
            weight: l.lineage.weight,
            is_main: l.lineage.is_main,
        })
        .collect()
}

/// `GET /api/v1/units/{code}?as_of=`.
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> ApiResult<UnitDetail> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    let children = state.store.children(unit.id, day).await?;
    let (predecessors, successors) = state.store.lineage(unit.id).await?;
    let agencies = if unit.kind.is_area() { state.store.agencies_serving(unit.id, day).await? } else { Vec::new() };
    let parent_code = match unit.parent_id {
        Some(p) => Some(state.store.unit(p).await?.code),
        None => None,
    };
    let unit_code = unit.code.clone();
    Ok(Json(UnitDetail {
        unit: UnitJson::new(&unit, parent_code),
        as_of: day,
        children: children.iter().map(|c| UnitJson::new(c, Some(unit_code.clone()))).collect(),
        predecessors: linked(predecessors),
        successors: linked(successors),
        agencies: with_parent_codes(&state, &agencies).await?,
    }))
}

/// `POST /api/v1/units` (administrators).
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<UnitInput>,
) -> Result<(StatusCode, Json<UnitJson>), ApiError> {
    let unit = super::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(UnitJson::new(&unit, input.parent_code.clone()))))
}

/// `PUT /api/v1/units/{code}?as_of=` (administrators): the body carries every field and the
/// `version` read; a stale version is a 409.
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
    Json(input): Json<UnitInput>,
) -> ApiResult<UnitJson> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    let updated = super::update(&state, &user, &unit, &input).await?;
    Ok(Json(UnitJson::new(&updated, input.parent_code.clone())))
}

/// `POST /api/v1/units/{code}/successors?as_of=` (administrators).
pub async fn add_successor(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
    Json(input): Json<SuccessorInput>,
) -> Result<StatusCode, ApiError> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    super::add_successor(&state, &user, &unit, &input).await?;
    Ok(StatusCode::CREATED)
}

/// `GET /api/v1/units/{code}/contact?as_of=` (logged in).
pub async fn contact(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> ApiResult<Option<StoredContact>> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    Ok(Json(state.store.contact(unit.id).await?))
}

/// Body of a contact update.
#[derive(Debug, Deserialize)]
pub struct ContactInput {
    #[serde(flatten)]
    contact: Contact,
    /// The version read (0 when there was none).
    #[serde(default)]
    version: i64,
}

/// `PUT /api/v1/units/{code}/contact?as_of=` (editors within scope).
pub async fn set_contact(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
    Json(input): Json<ContactInput>,
) -> ApiResult<StoredContact> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    Ok(Json(super::set_contact(&state, &user, &unit, &input.contact, input.version).await?))
}

/// `GET /api/v1/units/{code}/symbols?as_of=`: an agency's outgoing-symbol templates.
pub async fn symbols(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> ApiResult<Option<binhdang_core::documents::SymbolTemplates>> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    Ok(Json(state.store.symbol_templates(unit.id).await?))
}

/// `PUT /api/v1/units/{code}/symbols?as_of=`: `{"symbol_template": "{loai}-UBND", "letter_symbol": "VP-KGVX"}`.
pub async fn set_symbols(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
    Json(t): Json<binhdang_core::documents::SymbolTemplates>,
) -> ApiResult<binhdang_core::documents::SymbolTemplates> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    super::set_symbols(&state, &user, &unit, &t).await?;
    Ok(Json(t))
}
