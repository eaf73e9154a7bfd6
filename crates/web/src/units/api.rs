//! `/api/v1/units`: the registry for machines. Reading needs no login (administrative units are
//! public facts); changing it needs an administrator whose scope covers the unit, and a contact
//! point needs an editing role within scope.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use binhdang_core::Error as DomainError;
use binhdang_core::documents::SymbolTemplates;
use binhdang_core::units::{Contact, LineageKind, Unit, UnitFilter, UnitKind};
use binhdang_store::units::{Linked, StoredContact};
use utoipa::{IntoParams, ToSchema};

use super::{SuccessorInput, UnitInput, UnitJson, as_of, by_code};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult, AppError};
use crate::extract::{Json, Path, Query};
use crate::openapi::{PublicRefusals, ReadRefusals, WriteRefusals};

/// Query of a listing.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// YYYY-MM-DD; default today.
    #[param(format = Date)]
    as_of: Option<String>,
    /// Name contains, with or without diacritics (at most 12 words, 200 characters).
    #[param(max_length = 200)]
    q: Option<String>,
    /// The kind of unit.
    #[param(value_type = Option<UnitKind>)]
    kind: Option<String>,
    /// Parent's code as of the date.
    parent: Option<String>,
    /// Page size (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// Rows skipped (default 0).
    #[param(maximum = 1_000_000)]
    offset: Option<u32>,
}

/// A page of units.
#[derive(Debug, Serialize, ToSchema)]
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

/// Units valid as of a date (no login needed).
#[utoipa::path(get, path = "/api/v1/units", tag = "units", security(()), params(ListQuery),
    responses((status = 200, description = "A page of units", body = UnitList), PublicRefusals))]
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
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// YYYY-MM-DD: the day the code is read on; default today.
    #[param(format = Date)]
    as_of: Option<String>,
}

/// A lineage neighbour in the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedJson {
    #[serde(flatten)]
    unit: UnitJson,
    lineage_kind: LineageKind,
    weight: f64,
    is_main: bool,
}

/// A unit with its neighbourhood.
#[derive(Debug, Serialize, ToSchema)]
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

/// A unit with its children, predecessors, successors and agencies (no login needed).
#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "units", security(()), params(("code" = String, Path, description = "The unit's code, as of the date"), AsOfQuery),
    responses((status = 200, description = "The unit", body = UnitDetail), PublicRefusals))]
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

/// Add a unit (administrators).
#[utoipa::path(post, path = "/api/v1/units", tag = "units", request_body = UnitInput,
    responses((status = 201, description = "Created", body = UnitJson), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<UnitInput>,
) -> Result<(StatusCode, Json<UnitJson>), ApiError> {
    let unit = super::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(UnitJson::new(&unit, input.parent_code.clone()))))
}

/// Edit a unit (administrators; 409 on a stale version).
///
/// The body carries every field and the `version` read.
#[utoipa::path(put, path = "/api/v1/units/{code}", tag = "units", params(("code" = String, Path, description = "The unit's code, as of the date"), AsOfQuery), request_body = UnitInput,
    responses((status = 200, description = "The unit as saved", body = UnitJson), WriteRefusals))]
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

/// Add a lineage edge to a successor (administrators).
#[utoipa::path(post, path = "/api/v1/units/{code}/successors", tag = "units", params(("code" = String, Path, description = "The unit's code, as of the date"), AsOfQuery),
    request_body = SuccessorInput, responses((status = 201, description = "Added"), WriteRefusals))]
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

/// An agency's gender-equality focal point (`null` when none is set).
#[utoipa::path(get, path = "/api/v1/units/{code}/contact", tag = "units", params(("code" = String, Path, description = "The unit's code, as of the date"), AsOfQuery),
    responses((status = 200, description = "The focal point", body = Option<StoredContact>), ReadRefusals))]
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
#[derive(Debug, Deserialize, ToSchema)]
pub struct ContactInput {
    #[serde(flatten)]
    contact: Contact,
    /// The version read (0 when there was none).
    #[serde(default)]
    version: i64,
}

/// Set the focal point (officers within scope; 409 on a stale version).
#[utoipa::path(put, path = "/api/v1/units/{code}/contact", tag = "units", params(("code" = String, Path, description = "The unit's code, as of the date"), AsOfQuery),
    request_body = ContactInput,
    responses((status = 200, description = "The focal point as saved", body = StoredContact), WriteRefusals))]
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

/// An agency's outgoing-symbol templates (`null` when none are set).
#[utoipa::path(get, path = "/api/v1/units/{code}/symbols", tag = "units", params(("code" = String, Path, description = "The unit's code, as of the date"), AsOfQuery),
    responses((status = 200, description = "The templates", body = Option<SymbolTemplates>), ReadRefusals))]
pub async fn symbols(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> ApiResult<Option<SymbolTemplates>> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    Ok(Json(state.store.symbol_templates(unit.id).await?))
}

/// Set an agency's outgoing-symbol templates (editors within scope).
///
/// `{"symbol_template": "{loai}-UBND", "letter_symbol": "VP-KGVX"}`.
#[utoipa::path(put, path = "/api/v1/units/{code}/symbols", tag = "units", params(("code" = String, Path, description = "The unit's code, as of the date"), AsOfQuery),
    request_body = SymbolTemplates,
    responses((status = 200, description = "The templates as saved", body = SymbolTemplates), WriteRefusals))]
pub async fn set_symbols(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
    Json(t): Json<SymbolTemplates>,
) -> ApiResult<SymbolTemplates> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let unit = by_code(&state, &code, day).await?;
    super::set_symbols(&state, &user, &unit, &t).await?;
    Ok(Json(t))
}
