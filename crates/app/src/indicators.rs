//! The indicator catalog: only a national administrator changes it; every change keeps the
//! earlier version.

use binhdang_core::indicators::Indicator;
use binhdang_core::users::User;
use binhdang_store::indicators::StoredIndicator;

use crate::Error;
use crate::Services;
use binhdang_core::access::{Action, Record};

use crate::units::{actor, require};

/// Refuses catalog changes to anyone but a national administrator.
pub async fn require_catalog_admin(state: &Services, user: &User) -> Result<(), Error> {
    let nation = state
        .store
        .unit_by_code("VN", state.clock.today())
        .await?
        .ok_or_else(|| Error::Internal("the registry has no nation".into()))?;
    require(state, user, Record::Indicator, Action::Administer, &nation).await.map_err(|e| match e {
        Error::Forbidden(_) => Error::Forbidden("chỉ quản trị viên cấp quốc gia được sửa danh mục chỉ tiêu".into()),
        other => other,
    })
}

/// Adds an indicator after the checks.
pub async fn create(state: &Services, user: &User, i: &Indicator) -> Result<StoredIndicator, Error> {
    require_catalog_admin(state, user).await?;
    i.validate()?;
    Ok(state.store.create_indicator(i, actor(state, user)).await?)
}

/// Replaces an indicator after the checks; the code cannot change.
pub async fn update(
    state: &Services,
    user: &User,
    code: &str,
    i: &Indicator,
    version: i64,
) -> Result<StoredIndicator, Error> {
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
pub async fn retire(state: &Services, user: &User, code: &str, version: i64) -> Result<StoredIndicator, Error> {
    let mut current = state.store.indicator(code).await?.indicator;
    current.retired = true;
    update(state, user, code, &current, version).await
}
