//! Managing accounts: administrators add users to agencies within their scope, change roles,
//! disable accounts (never their own) and reset passwords (which revokes the user's sessions and
//! tokens).

use serde::Deserialize;

use binhdang_core::Error as DomainError;
use binhdang_core::passwords;
use binhdang_core::units::UnitId;
use binhdang_core::users::{NewUser, Role, User, UserId, check_password};
use binhdang_store::users::UserChange;

use crate::Error;
use crate::Services;
use binhdang_core::access::{Action, Record};

use crate::units::{actor, require, require_role, scope_of};

/// What an administrator submits to add a user.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserInput {
    /// Login name.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub username: String,
    /// Full name.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub display_name: String,
    /// The agency's code, as of today.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub agency_code: String,
    /// Role (API name).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = binhdang_core::users::Role))]
    pub role: String,
    /// Initial password.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 10))]
    pub password: String,
}

/// Refuses a user whose role may not manage accounts (checked before a form is offered).
pub async fn require_admin_role(state: &Services, user: &User) -> Result<(), Error> {
    require_role(state, user, Record::User, Action::Administer).await.map_err(|e| match e {
        Error::Forbidden(_) => Error::Forbidden("chỉ quản trị viên được quản lý người dùng".into()),
        other => other,
    })
}

/// Resolves an agency code as of today and, for an administrator, checks it is in their scope.
async fn agency_in_scope(
    state: &Services,
    admin: Option<&User>,
    code: &str,
) -> Result<binhdang_core::units::Unit, Error> {
    let mut fields = crate::fields::Fields::new();
    let today = state.clock.today();
    let Some(agency) = fields.unit(state, "agency_code", code, &[today], crate::fields::Expect::Agency).await? else {
        if code.trim().is_empty() {
            fields.push("agency_code", "cần chọn cơ quan của tài khoản");
        }
        return Err(Error::Invalid(fields.into_errors()));
    };
    if let Some(admin) = admin {
        require(state, admin, Record::User, Action::Administer, &agency).await?;
    }
    Ok(agency)
}

/// Adds a user on an administrator's behalf, within their scope; all field problems are
/// reported at once.
pub async fn create(state: &Services, admin: &User, input: &NewUserInput) -> Result<User, Error> {
    require_admin_role(state, admin).await?;
    add(state, Some(admin), input).await
}

/// Adds a user as the server's operator (`binhdang user add`): every check of [`create`] but
/// the administrator's scope, since the operator administers the whole server.
pub async fn create_by_operator(state: &Services, input: &NewUserInput) -> Result<User, Error> {
    add(state, None, input).await
}

async fn add(state: &Services, admin: Option<&User>, input: &NewUserInput) -> Result<User, Error> {
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
        Err(Error::Invalid(mut e)) => {
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
        return Err(Error::Invalid(errors));
    }
    let password = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    let actor = binhdang_store::Actor { user: admin.map(|a| a.id), at: state.clock.now() };
    state.store.create_user(&new.username, &new.display_name, new.agency_id, new.role, &hash, actor).await.map_err(
        |e| match e {
            binhdang_store::StoreError::Conflict(m) => {
                Error::Invalid(vec![binhdang_core::FieldError::new("username", m)])
            }
            other => other.into(),
        },
    )
}

/// Users the administrator may manage: those of agencies in their scope.
pub async fn managed(state: &Services, admin: &User) -> Result<Vec<User>, Error> {
    require_admin_role(state, admin).await?;
    let scope = scope_of(state, admin).await?;
    let users = state.store.list_users().await?;
    // The agencies in one query, then one reach per area they serve (a province's agencies share
    // theirs): the cost follows the areas, not the number of users.
    let agencies = state.store.units_of(&users.iter().map(|u| u.agency_id).collect::<Vec<_>>()).await?;
    let mut covered: std::collections::HashMap<UnitId, bool> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for user in users {
        let Some(agency) = agencies.get(&user.agency_id) else { continue };
        let area = agency.scope_area();
        let inside = if let Some(inside) = covered.get(&area) {
            *inside
        } else {
            let inside = scope.covers(&state.store.reach_from(area).await?);
            covered.insert(area, inside);
            inside
        };
        if inside {
            out.push(user);
        }
    }
    Ok(out)
}

/// One user the administrator may manage.
pub async fn managed_one(state: &Services, admin: &User, id: UserId) -> Result<User, Error> {
    require_admin_role(state, admin).await?;
    let user = state.store.user(id).await?;
    let agency = state.store.unit(user.agency_id).await?;
    let scope = scope_of(state, admin).await?;
    if !scope.covers(&state.store.reach(&agency).await?) {
        return Err(Error::Forbidden("người dùng này thuộc cơ quan ngoài phạm vi của bạn".into()));
    }
    Ok(user)
}

/// What an administrator may change on a user.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserChangeInput {
    /// Full name.
    pub display_name: Option<String>,
    /// Agency code.
    pub agency_code: Option<String>,
    /// Role.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<binhdang_core::users::Role>))]
    pub role: Option<String>,
    /// Enabled.
    pub active: Option<bool>,
}

/// Applies a change after the checks.
pub async fn update(state: &Services, admin: &User, id: UserId, input: &UserChangeInput) -> Result<User, Error> {
    let _target = managed_one(state, admin, id).await?;
    let mut change = UserChange::default();
    if let Some(name) = input.display_name.as_deref().map(str::trim) {
        if name.is_empty() {
            return Err(DomainError::invalid("display_name", "họ tên không được để trống").into());
        }
        change.display_name = Some(name.to_owned());
    }
    if let Some(code) = input.agency_code.as_deref().filter(|c| !c.trim().is_empty()) {
        change.agency_id = Some(agency_in_scope(state, Some(admin), code).await?.id);
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
pub async fn reset_password(state: &Services, admin: &User, id: UserId, password: &str) -> Result<(), Error> {
    managed_one(state, admin, id).await?;
    check_password(password).map_err(|e| Error::Invalid(vec![e]))?;
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    state.store.set_password(id, &hash, actor(state, admin)).await?;
    Ok(())
}
