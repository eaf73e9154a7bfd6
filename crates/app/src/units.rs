//! The org registry's use cases: resolving a code on a day (with what the code meant at other
//! times), a user's scope and the write checks every other use case calls, adding and moving
//! units (checked at both ends, so an administrator never widens their own scope), lineage,
//! focal points and outgoing-symbol templates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use binhdang_core::Error as DomainError;
use binhdang_core::access::{self, Action, Record, Subject};
use binhdang_core::units::{LineageKind, Unit, UnitId, UnitKind, Validity, check_unit_fields, parse_date, vn_date};
use binhdang_core::users::{Role, Scope, User};
use binhdang_store::units::UnitDraft;

use crate::Error;
use crate::Services;
use crate::fields::{Expect, Fields};

/// The "as of" date of a request: the given `YYYY-MM-DD`, or today.
pub fn as_of(state: &Services, text: Option<&str>) -> Result<NaiveDate, DomainError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => parse_date("as_of", t),
        None => Ok(state.clock.today()),
    }
}

/// The unit a code names on a day, or a 404 that says what the code meant at other times.
pub async fn by_code(state: &Services, code: &str, on: NaiveDate) -> Result<Unit, Error> {
    if let Some(u) = state.store.unit_by_code(code, on).await? {
        return Ok(u);
    }
    Err(Error::NotFound(missing_code(state, code, on).await?))
}

/// Why a code names no unit on a day, in words an officer can act on: what the code named at
/// other times and what those units became. Codes are reused and retired across the 2025 reform
/// (91 was Kiên Giang, is An Giang; 91-SLDTBXH passed into 91-SNV), so "no such code" alone
/// leaves the officer guessing. Every form and body that takes a unit code says it this way.
pub async fn missing_code(state: &Services, code: &str, on: NaiveDate) -> Result<String, Error> {
    missing_named(state, "đơn vị", code, on).await
}

/// [`missing_code`] naming what was looked for ("cơ quan", "địa bàn").
pub async fn missing_named(state: &Services, noun: &str, code: &str, on: NaiveDate) -> Result<String, Error> {
    let code = code.trim();
    let mut message = format!("không có {noun} mã \"{code}\" vào ngày {}", vn_date(on));
    let mut meanings = Vec::new();
    for u in state.store.units_with_code(code).await? {
        let mut meaning = format!("{} ({})", u.name, validity_vi(u.validity));
        // What it passed into, through any number of steps, that exists on the day.
        let mut now = Vec::new();
        for id in state.store.successors_from(u.id).await?.into_iter().skip(1) {
            let s = state.store.unit(id).await?;
            if s.validity.contains(on) {
                now.push(format!("{} — mã {}", s.name, s.code));
            }
        }
        if !now.is_empty() {
            meaning = format!("{meaning}, vào ngày đó là {}", now.join(", "));
        }
        // A unit formed later (in the 2025 reform) did not exist yet: name what it came from
        // that existed on the day, so that a letter that predates the agency goes into the
        // register of the agency valid then.
        if u.validity.from.is_some_and(|from| on < from) {
            let mut then = Vec::new();
            for id in state.store.predecessors_from(u.id).await?.into_iter().skip(1) {
                let p = state.store.unit(id).await?;
                if p.validity.contains(on) && p.kind.is_area() == u.kind.is_area() {
                    then.push(format!("{} — mã {}", p.name, p.code));
                }
            }
            if !then.is_empty() {
                meaning = format!("{meaning}; vào ngày đó chưa có đơn vị này, việc của nó thuộc {}", then.join(", "));
            }
        }
        meanings.push(meaning);
    }
    if !meanings.is_empty() {
        message = format!("{message}; mã này là {}", meanings.join("; "));
    }
    Ok(message)
}

fn validity_vi(v: Validity) -> String {
    match (v.from, v.to) {
        (None, None) => "đang có hiệu lực".into(),
        (Some(f), None) => format!("từ {}", vn_date(f)),
        (None, Some(t)) => format!("đến {}", vn_date(t)),
        (Some(f), Some(t)) => format!("{} – {}", vn_date(f), vn_date(t)),
    }
}

/// The scope of a user: the area their agency serves.
pub async fn scope_of(state: &Services, user: &User) -> Result<Scope, Error> {
    let agency = state.store.unit(user.agency_id).await?;
    Ok(Scope { area: agency.scope_area() })
}

/// Who a user is for the permission rules: their role, and the area their agency serves.
pub async fn subject(state: &Services, user: &User) -> Result<Subject, Error> {
    let registry = state.store.registry_changes();
    let key = (user.agency_id, user.role);
    if let Some((who, _)) = state.subjects.get(&key, |(_, seen)| *seen == registry) {
        return Ok(who);
    }
    let agency = state.store.unit(user.agency_id).await?;
    let area = agency.scope_area();
    let national = state.store.unit(area).await?.kind == UnitKind::Nation;
    let who = Subject { role: user.role, agency: agency.id, area, national };
    state.subjects.put(key, (who, registry));
    Ok(who)
}

/// How long a user's scope, once worked out, is taken as it was: a change of the registry made on
/// this server takes effect at once, one made on another server within this time.
pub const SUBJECT_TTL: std::time::Duration = std::time::Duration::from_secs(1);

/// Users' scopes by agency and role, each with the registry's change count it was worked out at:
/// every request checks rights, and the scope took two queries.
pub(crate) type Subjects = binhdang_store::kept::Kept<(UnitId, Role), (Subject, u64)>;

/// An empty map of scopes.
pub(crate) fn subjects() -> Subjects {
    Subjects::new(SUBJECT_TTL, 10_000)
}

/// Decides `action` on a record of kind `record` anchored at `unit` (its agency or its place):
/// the store computes the unit's reach and `binhdang_core::access::decide` rules. Every use case
/// asks here.
pub async fn require(state: &Services, user: &User, record: Record, action: Action, unit: &Unit) -> Result<(), Error> {
    let who = subject(state, user).await?;
    let reach = state.store.reach(unit).await?;
    Ok(access::decide(&who, record, action, &reach)?)
}

/// Decides an action whose only condition is the role (the record is the user's own scope):
/// listing accounts, the deleted records of one's scope.
pub async fn require_role(state: &Services, user: &User, record: Record, action: Action) -> Result<(), Error> {
    let who = subject(state, user).await?;
    Ok(access::decide(&who, record, action, &[who.area])?)
}

/// Whether the user's role and scope allow an action on a kind of record anywhere in their own
/// area: what a page offers (a button, a form) before anything is chosen.
pub async fn may(state: &Services, user: &User, record: Record, action: Action) -> Result<bool, Error> {
    match require_role(state, user, record, action).await {
        Ok(()) => Ok(true),
        Err(Error::Forbidden(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Refuses a change to a unit's own data (focal point, symbol templates) unless the user may
/// write for it.
pub async fn require_write(state: &Services, user: &User, unit: &Unit) -> Result<(), Error> {
    require(state, user, Record::Unit, Action::Write, unit).await
}

/// Refuses a change to the registry itself unless the user is an administrator whose scope
/// covers `unit`.
pub async fn require_admin(state: &Services, user: &User, unit: &Unit) -> Result<(), Error> {
    require(state, user, Record::Unit, Action::Administer, unit).await
}

/// Refuses placing a unit (new or moved) under a parent or serving an area outside the
/// administrator's scope: every end of a move is checked, so that an administrator can never widen
/// their own scope (a province administrator cannot make their agency serve the nation).
pub async fn require_admin_destination(state: &Services, user: &User, draft: &UnitDraft) -> Result<(), Error> {
    let ends: Vec<_> = draft.parent_id.into_iter().chain(draft.area_id).collect();
    if ends.is_empty() {
        return Err(DomainError::invalid("parent_code", "đơn vị phải có đơn vị cấp trên").into());
    }
    for id in ends {
        require_admin(state, user, &state.store.unit(id).await?).await?;
    }
    Ok(())
}

/// Creates a unit after the checks (shared by the page and the API).
pub async fn create(state: &Services, user: &User, input: &UnitInput) -> Result<Unit, Error> {
    if !user.role.is_admin() {
        return Err(Error::Forbidden("chỉ quản trị viên được sửa danh mục đơn vị".into()));
    }
    let draft = resolve_draft(state, input).await?;
    require_admin_destination(state, user, &draft).await?;
    Ok(state.store.create_unit(&draft, actor(state, user)).await?)
}

/// Changes a unit after the checks (shared by the page and the API): the administrator must hold
/// the unit where it is and where it goes, and send the version they read.
pub async fn update(state: &Services, user: &User, unit: &Unit, input: &UnitInput) -> Result<Unit, Error> {
    require_admin(state, user, unit).await?;
    let version = input.version.ok_or_else(|| {
        DomainError::invalid("version", "thiếu phiên bản của bản đã đọc; hãy tải lại trang rồi sửa lại")
    })?;
    let draft = resolve_draft(state, input).await?;
    require_admin_destination(state, user, &draft).await?;
    Ok(state.store.update_unit(unit.id, &draft, version, actor(state, user)).await?)
}

/// A unit in the API.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitJson {
    /// Code (GSO code for areas).
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Parent's code.
    pub parent_code: Option<String>,
    /// First day valid.
    pub valid_from: Option<NaiveDate>,
    /// Last day valid.
    pub valid_to: Option<NaiveDate>,
    /// Internal id (stable across code reuse).
    pub id: i64,
    /// Version for conflict detection on updates.
    pub version: i64,
}

impl UnitJson {
    /// The API form of a unit, with its parent's code.
    #[must_use]
    pub fn new(u: &Unit, parent_code: Option<String>) -> Self {
        Self {
            code: u.code.clone(),
            name: u.name.clone(),
            kind: u.kind,
            parent_code,
            valid_from: u.validity.from,
            valid_to: u.validity.to,
            id: u.id.0,
            version: u.version,
        }
    }
}

/// What an administrator submits to add or edit a unit (form or JSON).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitInput {
    /// Code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub code: String,
    /// Name.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub name: String,
    /// Kind (API name).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = binhdang_core::units::UnitKind))]
    pub kind: String,
    /// Parent's code, resolved as of the first valid day (or today).
    #[serde(default)]
    pub parent_code: Option<String>,
    /// For agencies: the served area's code; defaults to the parent's area.
    #[serde(default)]
    pub area_code: Option<String>,
    /// `YYYY-MM-DD` or empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD` or empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_to: Option<String>,
    /// The version edited (updates).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Checks a unit input and resolves its codes; all problems are reported at once.
pub async fn resolve_draft(state: &Services, input: &UnitInput) -> Result<UnitDraft, Error> {
    let mut fields = Fields::new();
    let kind = fields.take(input.kind.parse::<UnitKind>())?;
    let validity = Validity {
        from: fields.optional_date("valid_from", input.valid_from.as_deref()),
        to: fields.optional_date("valid_to", input.valid_to.as_deref()),
    };
    fields.take(check_unit_fields(input.code.trim(), input.name.trim(), &validity))?;
    let on = [validity.from.unwrap_or_else(|| state.clock.today())];
    let parent =
        fields.unit(state, "parent_code", input.parent_code.as_deref().unwrap_or(""), &on, Expect::Any).await?;
    let area = fields.unit(state, "area_code", input.area_code.as_deref().unwrap_or(""), &on, Expect::Any).await?;
    if let (Some(k), None) = (kind, &parent)
        && k != UnitKind::Nation
        && input.parent_code.as_deref().is_none_or(|c| c.trim().is_empty())
        && k.is_area()
    {
        fields.push("parent_code", "địa bàn phải có đơn vị cấp trên");
    }
    fields.finish()?;
    let kind = kind.ok_or_else(|| Error::Internal("kind checked above".into()))?;
    let area_id =
        if kind.is_area() { None } else { area.map(|a| a.id).or_else(|| parent.as_ref().map(Unit::scope_area)) };
    Ok(UnitDraft {
        code: input.code.trim().to_owned(),
        name: input.name.trim().to_owned(),
        kind,
        parent_id: parent.map(|p| p.id),
        area_id,
        validity,
    })
}

/// A successor an administrator adds.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuccessorInput {
    /// The successor's code.
    pub successor_code: String,
    /// The day on which to resolve that code; defaults to the day after the unit ends.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub successor_as_of: Option<String>,
    /// `merged` or `divided`.
    #[cfg_attr(feature = "openapi", schema(value_type = binhdang_core::units::LineageKind))]
    pub kind: String,
    /// Share, 0–1 (default 1).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1))]
    pub weight: Option<f64>,
    /// Main successor (default true).
    #[serde(default)]
    pub is_main: Option<bool>,
}

/// Adds a lineage edge from `unit` after the checks.
pub async fn add_successor(state: &Services, user: &User, unit: &Unit, input: &SuccessorInput) -> Result<(), Error> {
    require_admin(state, user, unit).await?;
    let kind: LineageKind = input.kind.parse()?;
    let on = match input.successor_as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => parse_date("successor_as_of", t)?,
        None => unit.validity.to.and_then(|d| d.succ_opt()).unwrap_or_else(|| state.clock.today()),
    };
    let Some(successor) = state.store.unit_by_code(input.successor_code.trim(), on).await? else {
        return Err(
            DomainError::invalid("successor_code", missing_code(state, &input.successor_code, on).await?).into()
        );
    };
    // Both ends: a lineage edge widens the reach of the predecessor's users over the successor.
    require_admin(state, user, &successor).await?;
    let weight = input.weight.unwrap_or(1.0);
    if !(weight > 0.0 && weight <= 1.0) {
        return Err(DomainError::invalid("weight", "tỷ lệ phải lớn hơn 0 và không quá 1").into());
    }
    if successor.id == unit.id {
        return Err(DomainError::invalid("successor_code", "đơn vị không thể kế thừa chính nó").into());
    }
    let edge = binhdang_core::units::Lineage {
        predecessor: unit.id,
        successor: successor.id,
        kind,
        weight,
        is_main: input.is_main.unwrap_or(true),
    };
    state.store.add_lineage(&edge, crate::units::actor(state, user)).await?;
    Ok(())
}

/// Sets an agency's focal point after the checks (editors within scope), with the version read
/// (0 when there was none).
pub async fn set_contact(
    state: &Services,
    user: &User,
    unit: &Unit,
    contact: &binhdang_core::units::Contact,
    version: i64,
) -> Result<binhdang_store::units::StoredContact, Error> {
    require_write(state, user, unit).await?;
    contact.validate()?;
    Ok(state.store.set_contact(unit.id, contact, version, actor(state, user)).await?)
}

/// Refuses the registry forms to anyone but an administrator (before anything is resolved).
pub async fn require_registry_admin(state: &Services, user: &User) -> Result<(), Error> {
    require_role(state, user, Record::Unit, Action::Administer).await.map_err(|e| match e {
        Error::Forbidden(_) => Error::Forbidden("chỉ quản trị viên được sửa danh mục đơn vị".into()),
        other => other,
    })
}

/// Sets an agency's outgoing-symbol templates after the checks (editors within scope).
pub async fn set_symbols(
    state: &Services,
    user: &User,
    unit: &Unit,
    t: &binhdang_core::documents::SymbolTemplates,
) -> Result<(), Error> {
    if unit.kind.is_area() {
        return Err(DomainError::invalid("unit", format!("{} là địa bàn, không có sổ văn bản", unit.name)).into());
    }
    require_write(state, user, unit).await?;
    t.validate()?;
    Ok(state.store.set_symbol_templates(unit.id, t, actor(state, user)).await?)
}

/// Who acts, and when (for the audit log).
#[must_use]
pub fn actor(state: &Services, user: &User) -> binhdang_store::Actor {
    binhdang_store::Actor { user: Some(user.id), at: state.clock.now() }
}

/// The day to show a unit on when none is asked: today if it exists today, else its last day.
#[must_use]
pub fn natural_day(state: &Services, unit: &Unit) -> NaiveDate {
    let today = state.clock.today();
    if unit.validity.contains(today) { today } else { unit.validity.to.or(unit.validity.from).unwrap_or(today) }
}
