//! The indicator catalog on the web: the list by programme and objective, an indicator's page
//! with its history, and the national administrators' edits — in the pages and under
//! `/api/v1/indicators`. Reading needs a login; changing the catalog needs an administrator
//! whose scope is the nation.

pub mod api;
pub mod pages;

use binhdang_core::indicators::Indicator;
use binhdang_core::users::User;
use binhdang_store::indicators::StoredIndicator;

use crate::AppState;
use crate::error::AppError;
use crate::units::{actor, require_admin};

/// Refuses catalog changes to anyone but a national administrator.
pub(crate) async fn require_catalog_admin(state: &AppState, user: &User) -> Result<(), AppError> {
    let nation = state
        .store
        .unit_by_code("VN", state.clock.today())
        .await?
        .ok_or_else(|| AppError::Internal("the registry has no nation".into()))?;
    require_admin(state, user, &nation).await.map_err(|e| match e {
        AppError::Forbidden(_) => {
            AppError::Forbidden("chỉ quản trị viên cấp quốc gia được sửa danh mục chỉ tiêu".into())
        }
        other => other,
    })
}

/// Adds an indicator after the checks.
pub(crate) async fn create(state: &AppState, user: &User, i: &Indicator) -> Result<StoredIndicator, AppError> {
    require_catalog_admin(state, user).await?;
    i.validate()?;
    Ok(state.store.create_indicator(i, actor(state, user)).await?)
}

/// Replaces an indicator after the checks; the code cannot change.
pub(crate) async fn update(
    state: &AppState,
    user: &User,
    code: &str,
    i: &Indicator,
    version: i64,
) -> Result<StoredIndicator, AppError> {
    require_catalog_admin(state, user).await?;
    if i.code != code {
        return Err(binhdang_core::Error::invalid(
            "code",
            "không đổi được mã chỉ tiêu; hãy thêm chỉ tiêu mới và cho chỉ tiêu cũ thôi theo dõi",
        )
        .into());
    }
    i.validate()?;
    Ok(state.store.update_indicator(i, version, actor(state, user)).await?)
}

/// Retires an indicator (kept, with its history, but no longer tracked).
pub(crate) async fn retire(
    state: &AppState,
    user: &User,
    code: &str,
    version: i64,
) -> Result<StoredIndicator, AppError> {
    let mut current = state.store.indicator(code).await?.indicator;
    current.retired = true;
    update(state, user, code, &current, version).await
}
