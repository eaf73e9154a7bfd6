//! Accounts, roles and scopes. A user belongs to an agency and has one role; what they may read
//! and write is the area their agency serves and everything under it (a ministry: the nation).
//! History counts: a unit that has since passed into the user's area (Kiên Giang into An Giang)
//! is inside the scope of an An Giang user.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::units::UnitId;
use crate::{Error, FieldError};

/// The internal identity of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

crate::named_enum! {
    /// What a user may do within their scope.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Role: "role", "vai trò" {
        /// Xem: reads only.
        Viewer = "viewer", "Xem", "Viewer";
        /// Chuyên viên: edits.
        Officer = "officer", "Chuyên viên", "Officer";
        /// Lãnh đạo: edits and approves.
        Leader = "leader", "Lãnh đạo", "Leader";
        /// Quản trị: manages users and the registry.
        Admin = "admin", "Quản trị", "Administrator";
    }
}

impl Role {
    /// May change data in scope.
    #[must_use]
    pub fn can_edit(self) -> bool {
        self >= Self::Officer
    }

    /// May approve (reports, plans).
    #[must_use]
    pub fn can_approve(self) -> bool {
        self >= Self::Leader
    }

    /// May manage users and the org registry in scope.
    #[must_use]
    pub fn is_admin(self) -> bool {
        self == Self::Admin
    }
}

/// A user account as the application sees it (never the password hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// Identity.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// The agency the user works for.
    pub agency_id: UnitId,
    /// What the user may do.
    pub role: Role,
    /// Disabled accounts cannot log in.
    pub active: bool,
}

/// The area a user's agency serves: the root of what they may read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The area at the root of the scope.
    pub area: UnitId,
}

impl Scope {
    /// Whether a unit is in scope, given the unit's reach: itself, its ancestors, and the
    /// successors (and their ancestors) it passed into. The store computes the reach; the rule is
    /// here.
    #[must_use]
    pub fn covers(&self, reach: &[UnitId]) -> bool {
        reach.contains(&self.area)
    }
}

/// A new account, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    /// Login name: lower-case letters, digits, `.`, `-`, `_`.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Agency.
    pub agency_id: UnitId,
    /// Role.
    pub role: Role,
    /// The password in clear, hashed by the caller before storing.
    pub password: String,
}

/// Minimum password length.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Checks a login name.
pub fn check_username(username: &str) -> Result<(), FieldError> {
    let ok_chars =
        username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if username.len() < 3 || username.len() > 64 || !ok_chars {
        return Err(FieldError::new(
            "username",
            "tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ thường không dấu, chữ số và . - _",
        ));
    }
    Ok(())
}

/// Checks a new password.
pub fn check_password(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(FieldError::new("password", format!("mật khẩu phải có ít nhất {MIN_PASSWORD_LEN} ký tự")));
    }
    Ok(())
}

impl NewUser {
    /// Validates every field, reporting all problems at once.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if let Err(e) = check_username(&self.username) {
            errors.push(e);
        }
        if self.display_name.trim().is_empty() {
            errors.push(FieldError::new("display_name", "họ tên không được để trống"));
        }
        if let Err(e) = check_password(&self.password) {
            errors.push(e);
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_order_their_powers() {
        assert!(!Role::Viewer.can_edit());
        assert!(Role::Officer.can_edit() && !Role::Officer.can_approve());
        assert!(Role::Leader.can_approve() && !Role::Leader.is_admin());
        assert!(Role::Admin.is_admin() && Role::Admin.can_edit());
    }

    #[test]
    fn scope_covers_a_reach_that_holds_its_area() {
        let scope = Scope { area: UnitId(91) };
        assert!(scope.covers(&[UnitId(7), UnitId(91), UnitId(1)]));
        assert!(!scope.covers(&[UnitId(7), UnitId(89)]));
    }

    #[test]
    fn new_user_reports_every_bad_field() {
        let u = NewUser {
            username: "A B".into(),
            display_name: " ".into(),
            agency_id: UnitId(1),
            role: Role::Officer,
            password: "short".into(),
        };
        let Err(Error::Invalid(errors)) = u.validate() else { panic!("expected invalid") };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["username", "display_name", "password"]);
    }
}
