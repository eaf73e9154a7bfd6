//! Managing accounts: administrators add users to agencies within their scope, change roles,
//! disable accounts and reset passwords, in the pages and the API.

pub mod api;
pub mod pages;

use serde::Deserialize;

use binhdang_core::Error as DomainError;
use binhdang_core::passwords;
use binhdang_core::units::vn_date;
use binhdang_core::users::{NewUser, Role, User, UserId, check_password};
use binhdang_store::users::UserChange;

use crate::AppState;
use crate::error::AppError;
use crate::units::{actor, require_write, scope_of};

/// What an administrator submits to add a user.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewUserInput {
    /// Login name.
    #[serde(default)]
    pub username: String,
    /// Full name.
    #[serde(default)]
    pub display_name: String,
    /// The agency's code, as of today.
    #[serde(default)]
    pub agency_code: String,
    /// Role (API name).
    #[serde(default)]
    pub role: String,
    /// Initial password.
    #[serde(default)]
    pub password: String,
}

fn require_admin_role(user: &User) -> Result<(), AppError> {
    if user.role.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden("chỉ quản trị viên được quản lý người dùng".into()))
    }
}

/// Resolves an agency code as of today and checks it is in the administrator's scope.
async fn agency_in_scope(state: &AppState, admin: &User, code: &str) -> Result<binhdang_core::units::Unit, AppError> {
    let today = state.clock.today();
    let agency = state.store.unit_by_code(code.trim(), today).await?.ok_or_else(|| {
        DomainError::invalid("agency_code", format!("không có cơ quan mã {} vào ngày {}", code.trim(), vn_date(today)))
    })?;
    if agency.kind.is_area() {
        return Err(
            DomainError::invalid("agency_code", format!("{} là địa bàn, không phải cơ quan", agency.name)).into()
        );
    }
    require_write(state, admin, &agency).await?;
    Ok(agency)
}

/// Adds a user after every check; all field problems are reported at once.
pub(crate) async fn create(state: &AppState, admin: &User, input: &NewUserInput) -> Result<User, AppError> {
    require_admin_role(admin)?;
    let mut errors = Vec::new();
    let role = match input.role.parse::<Role>() {
        Ok(r) => Some(r),
        Err(DomainError::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(_) => None,
    };
    let agency = match agency_in_scope(state, admin, &input.agency_code).await {
        Ok(a) => Some(a),
        Err(AppError::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(e) => return Err(e),
    };
    let new = NewUser {
        username: input.username.trim().to_owned(),
        display_name: input.display_name.trim().to_owned(),
        agency_id: agency.as_ref().map_or(binhdang_core::units::UnitId(0), |a| a.id),
        role: role.unwrap_or(Role::Viewer),
        password: input.password.clone(),
    };
    if let Err(DomainError::Invalid(mut e)) = new.validate() {
        errors.append(&mut e);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let password = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .create_user(&new.username, &new.display_name, new.agency_id, new.role, &hash, actor(state, admin))
        .await
        .map_err(|e| match e {
            binhdang_store::StoreError::Conflict(m) => {
                AppError::Invalid(vec![binhdang_core::FieldError::new("username", m)])
            }
            other => other.into(),
        })
}

/// Users the administrator may manage: those of agencies in their scope.
pub(crate) async fn managed(state: &AppState, admin: &User) -> Result<Vec<User>, AppError> {
    require_admin_role(admin)?;
    let scope = scope_of(state, admin).await?;
    let mut out = Vec::new();
    for user in state.store.list_users().await? {
        let agency = state.store.unit(user.agency_id).await?;
        if scope.covers(&state.store.reach(&agency).await?) {
            out.push(user);
        }
    }
    Ok(out)
}

/// One user the administrator may manage.
pub(crate) async fn managed_one(state: &AppState, admin: &User, id: UserId) -> Result<User, AppError> {
    require_admin_role(admin)?;
    let user = state.store.user(id).await?;
    let agency = state.store.unit(user.agency_id).await?;
    let scope = scope_of(state, admin).await?;
    if !scope.covers(&state.store.reach(&agency).await?) {
        return Err(AppError::Forbidden("người dùng này thuộc cơ quan ngoài phạm vi của bạn".into()));
    }
    Ok(user)
}

/// What an administrator may change on a user.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserChangeInput {
    /// Full name.
    pub display_name: Option<String>,
    /// Agency code.
    pub agency_code: Option<String>,
    /// Role.
    pub role: Option<String>,
    /// Enabled.
    pub active: Option<bool>,
}

/// Applies a change after the checks.
pub(crate) async fn update(
    state: &AppState,
    admin: &User,
    id: UserId,
    input: &UserChangeInput,
) -> Result<User, AppError> {
    let _target = managed_one(state, admin, id).await?;
    let mut change = UserChange::default();
    if let Some(name) = input.display_name.as_deref().map(str::trim) {
        if name.is_empty() {
            return Err(DomainError::invalid("display_name", "họ tên không được để trống").into());
        }
        change.display_name = Some(name.to_owned());
    }
    if let Some(code) = input.agency_code.as_deref().filter(|c| !c.trim().is_empty()) {
        change.agency_id = Some(agency_in_scope(state, admin, code).await?.id);
    }
    if let Some(role) = input.role.as_deref().filter(|r| !r.is_empty()) {
        change.role = Some(role.parse()?);
    }
    change.active = input.active;
    if id == admin.id && (change.active == Some(false) || change.role.is_some_and(|r| r != Role::Admin)) {
        return Err(DomainError::invalid("role", "không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình").into());
    }
    Ok(state.store.update_user(id, &change, actor(state, admin)).await?)
}

/// Sets a user's password (administrators).
pub(crate) async fn reset_password(state: &AppState, admin: &User, id: UserId, password: &str) -> Result<(), AppError> {
    managed_one(state, admin, id).await?;
    check_password(password).map_err(|e| AppError::Invalid(vec![e]))?;
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state.store.set_password(id, &hash, actor(state, admin)).await?;
    Ok(())
}
