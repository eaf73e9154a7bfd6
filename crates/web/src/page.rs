//! What every page template needs: the language and its words, the logged-in user, the CSRF
//! token for forms, and the current path for the navigation.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use binhdang_core::units::{Unit, UnitKind, Validity, vn_date};
use binhdang_core::users::{Role, User};

use crate::AppState;
use crate::auth::{Caller, LANG_COOKIE, cookie};
use crate::i18n::{Lang, Tr};

/// The context of a page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Interface language.
    pub lang: Lang,
    /// Its words.
    pub t: &'static Tr,
    /// The logged-in user.
    pub user: Option<User>,
    /// The CSRF token for forms.
    pub csrf: String,
    /// The request path (for the active navigation item and the language switch).
    pub path: String,
}

impl Page {
    /// The user is an administrator.
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.is_admin())
    }

    /// A kind's label in the page's language.
    #[must_use]
    pub fn kind_label(&self, kind: UnitKind) -> &'static str {
        match self.lang {
            Lang::Vi => kind.label_vi(),
            Lang::En => kind.label_en(),
        }
    }

    /// A role's label in the page's language.
    #[must_use]
    pub fn role_label(&self, role: impl std::borrow::Borrow<Role>) -> &'static str {
        let role = *role.borrow();
        match self.lang {
            Lang::Vi => role.label_vi(),
            Lang::En => role.label_en(),
        }
    }

    /// "đến 30/06/2025", "từ 01/07/2025", "01/07/2025 – 30/06/2030".
    #[must_use]
    pub fn validity(&self, v: &Validity) -> String {
        match (v.from, v.to) {
            (None, None) => String::new(),
            (Some(f), None) => format!("{} {}", self.t.from, vn_date(f)),
            (None, Some(t)) => format!("{} {}", self.t.until, vn_date(t)),
            (Some(f), Some(t)) => format!("{} – {}", vn_date(f), vn_date(t)),
        }
    }

    /// A unit as shown in lists.
    #[must_use]
    pub fn unit_view(&self, u: &Unit) -> UnitView {
        UnitView {
            id: u.id.0,
            code: u.code.clone(),
            name: u.name.clone(),
            kind: self.kind_label(u.kind),
            validity: self.validity(&u.validity),
            is_area: u.kind.is_area(),
        }
    }
}

/// A unit prepared for a template.
#[derive(Debug, Clone)]
pub struct UnitView {
    /// Internal id (links).
    pub id: i64,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind label.
    pub kind: &'static str,
    /// Validity text.
    pub validity: String,
    /// An area rather than an agency.
    pub is_area: bool,
}

impl FromRequestParts<AppState> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let lang = cookie(&parts.headers, LANG_COOKIE).map_or(Lang::Vi, |c| Lang::from_code(&c));
        Ok(Self { lang, t: lang.tr(), user: caller.user, csrf: caller.csrf, path: parts.uri.path().to_owned() })
    }
}

/// A 303 redirect: where a form goes after it was accepted.
#[must_use]
pub fn see_other(to: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut r = axum::response::Redirect::to(to).into_response();
    *r.status_mut() = axum::http::StatusCode::SEE_OTHER;
    r
}

/// The messages about one field, joined, for the line under its input.
#[must_use]
pub fn field_error(errors: &[binhdang_core::FieldError], field: &str) -> String {
    errors.iter().filter(|e| e.field == field).map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// Formats a count the Vietnamese way: 10.035.
#[must_use]
pub fn vn_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_use_dots_between_thousands() {
        assert_eq!(super::vn_int(10035), "10.035");
        assert_eq!(super::vn_int(3321), "3.321");
        assert_eq!(super::vn_int(696), "696");
        assert_eq!(super::vn_int(-1_234_567), "-1.234.567");
    }
}
