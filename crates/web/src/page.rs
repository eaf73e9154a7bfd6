//! What every page template needs: the language and its words, the logged-in user, the CSRF
//! token for forms, and the current path for the navigation.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use binhdang_core::activities::{ActivityType, FieldDef};
use binhdang_core::difficulties::DifficultyStatus;
use binhdang_core::documents::{Direction, Urgency};
use binhdang_core::plans::{GROUPS, GROUPS_EN, PlanStatus, SOURCES, SOURCES_EN};
use binhdang_core::tasks::{Bucket, TaskStatus};
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
    /// The request path (for the active navigation item).
    pub path: String,
    /// Where the language switch returns: this page with its query when it was a GET, else the
    /// page the form was sent from (a `POST`-only address answers nothing to a `GET`).
    pub back: String,
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

    /// A date for a date field: `2021-02-25` shown as `25/02/2021`; anything else (what was typed
    /// in a form that failed) as it is.
    #[must_use]
    pub fn dmy(&self, value: &str) -> String {
        chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_or_else(|_| value.to_owned(), vn_date)
    }

    /// An enum's label in the page's language.
    #[must_use]
    pub fn label(&self, value: impl Labelled) -> &'static str {
        self.lang.label(value)
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

/// An enum shown on pages, labelled in both languages where it is declared.
pub trait Labelled: Copy {
    /// The Vietnamese label.
    fn vi(self) -> &'static str;
    /// The English label.
    fn en(self) -> &'static str;
}

impl Lang {
    /// An enum's label in this language.
    #[must_use]
    pub fn label(self, value: impl Labelled) -> &'static str {
        match self {
            Self::Vi => value.vi(),
            Self::En => value.en(),
        }
    }

    /// Of a Vietnamese and an English text declared side by side, the one in this language.
    #[must_use]
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Vi => vi,
            Self::En => en,
        }
    }

    /// The plan task groups `(number, title)` in this language.
    #[must_use]
    pub fn plan_groups(self) -> Vec<(u8, &'static str)> {
        GROUPS.iter().zip(GROUPS_EN).map(|((n, vi), en)| (*n, self.pick(vi, en))).collect()
    }

    /// The sources of funds `(code, label)` in this language.
    #[must_use]
    pub fn fund_sources(self) -> Vec<(&'static str, &'static str)> {
        SOURCES.iter().zip(SOURCES_EN).map(|((c, vi), en)| (*c, self.pick(vi, en))).collect()
    }

    /// The label of a source of funds in this language ("" for an unknown code).
    #[must_use]
    pub fn fund_source(self, code: &str) -> &'static str {
        self.fund_sources().into_iter().find(|(c, _)| *c == code).map_or("", |(_, l)| l)
    }

    /// An activity field's label in this language.
    #[must_use]
    pub fn field_label(self, def: &FieldDef) -> &'static str {
        match self {
            Self::Vi => def.label,
            Self::En => def.label_en,
        }
    }

    /// The label of a choice `(code, Vietnamese, English)` in this language.
    #[must_use]
    pub fn option_label(self, option: &(&'static str, &'static str, &'static str)) -> &'static str {
        match self {
            Self::Vi => option.1,
            Self::En => option.2,
        }
    }
}

macro_rules! labelled {
    ($($t:ty),* $(,)?) => {$(
        impl Labelled for $t {
            fn vi(self) -> &'static str {
                self.label_vi()
            }
            fn en(self) -> &'static str {
                self.label_en()
            }
        }
    )*};
}

labelled!(UnitKind, Role, TaskStatus, Bucket, PlanStatus, Direction, Urgency, ActivityType, DifficultyStatus);

impl<T: Labelled> Labelled for &T {
    fn vi(self) -> &'static str {
        (*self).vi()
    }
    fn en(self) -> &'static str {
        (*self).en()
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
        let here = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), ToString::to_string);
        let back = if parts.method == axum::http::Method::GET {
            here
        } else {
            parts
                .headers
                .get(axum::http::header::REFERER)
                .and_then(|r| r.to_str().ok())
                .and_then(same_site_path)
                .unwrap_or_else(|| "/".to_owned())
        };
        Ok(Self { lang, t: lang.tr(), user: caller.user, csrf: caller.csrf, path: parts.uri.path().to_owned(), back })
    }
}

/// The path and query of a `Referer` (the same site's: the referrer policy sends no other), or
/// none.
fn same_site_path(referer: &str) -> Option<String> {
    let rest = referer.split_once("://").map_or(referer, |(_, r)| r);
    let at = rest.find('/')?;
    let path = rest[at..].split('#').next().unwrap_or("/");
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned())
}

impl Page {
    /// The page in another language (a form shown again after a language switch).
    #[must_use]
    pub fn in_language(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self.t = lang.tr();
        self
    }
}

tokio::task_local! {
    /// The language of the request being served, for what renders without a [`Page`] (errors).
    static REQUEST_LANG: Lang;
}

/// The language of the request being served (Vietnamese outside [`language`]).
#[must_use]
pub fn request_lang() -> Lang {
    REQUEST_LANG.try_with(|l| *l).unwrap_or_default()
}

/// Middleware: serves the request in the language of its `bd_lang` cookie.
pub async fn language(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let lang = cookie(request.headers(), LANG_COOKIE).map_or(Lang::Vi, |c| Lang::from_code(&c));
    REQUEST_LANG.scope(lang, next.run(request)).await
}

/// A 303 redirect: where a form goes after it was accepted.
#[must_use]
pub fn see_other(to: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut r = axum::response::Redirect::to(to).into_response();
    *r.status_mut() = axum::http::StatusCode::SEE_OTHER;
    r
}

/// How every form's save is answered, written once: `done` turns what was saved into the next
/// page (usually [`see_other`]); a refusal is answered by [`refused`].
pub async fn after_save<T>(
    result: Result<T, crate::error::AppError>,
    done: impl FnOnce(T) -> axum::response::Response,
    conflict: Option<&str>,
    form: impl AsyncFnOnce(Vec<binhdang_core::FieldError>) -> crate::error::PageResult<axum::response::Html<String>>,
) -> crate::error::PageResult<axum::response::Response> {
    match result {
        Ok(saved) => Ok(done(saved)),
        Err(e) => refused(e, conflict, form).await,
    }
}

/// How a form's refusal is answered: field errors draw the form again through `form`, with what
/// was typed and the messages (422). When `conflict` names a field, a conflict (a stale version,
/// a duplicate) draws it again with the message on that field (409). Anything else is the error
/// page.
pub async fn refused(
    e: crate::error::AppError,
    conflict: Option<&str>,
    form: impl AsyncFnOnce(Vec<binhdang_core::FieldError>) -> crate::error::PageResult<axum::response::Html<String>>,
) -> crate::error::PageResult<axum::response::Response> {
    use crate::error::AppError;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    match e {
        AppError::Invalid(errors) => Ok((StatusCode::UNPROCESSABLE_ENTITY, form(errors).await?).into_response()),
        AppError::Conflict(message) => match conflict {
            Some(field) => {
                Ok((StatusCode::CONFLICT, form(vec![binhdang_core::FieldError::new(field, message)]).await?)
                    .into_response())
            }
            None => Err(AppError::Conflict(message)),
        },
        e => Err(e),
    }
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

/// A measure rounded to a tenth, the Vietnamese way: 1.234,5 (whole numbers without a comma).
#[must_use]
pub fn vn_tenths(v: f64) -> String {
    // Adding zero turns a negative zero (a small negative rounded) into zero.
    binhdang_core::indicators::trim_number((v * 10.0).round() / 10.0 + 0.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tenths_are_rounded_and_grouped() {
        assert_eq!(super::vn_tenths(1234.56), "1.234,6");
        assert_eq!(super::vn_tenths(24.0), "24");
        assert_eq!(super::vn_tenths(-0.04), "0");
    }

    #[test]
    fn counts_use_dots_between_thousands() {
        assert_eq!(super::vn_int(10035), "10.035");
        assert_eq!(super::vn_int(3321), "3.321");
        assert_eq!(super::vn_int(696), "696");
        assert_eq!(super::vn_int(-1_234_567), "-1.234.567");
    }
}
