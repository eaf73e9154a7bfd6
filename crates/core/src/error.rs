//! Domain errors. Policy: every rule violation is reported in Vietnamese domain words, naming the
//! field it concerns, so the web layer can show it next to the input (422) without translating;
//! missing things are `NotFound` (404), scope and role refusals `Forbidden` (403), concurrent or
//! duplicate writes `Conflict` (409).

use std::fmt;

/// A validation message tied to one input field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The input's name, as in the form and the JSON body.
    pub field: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl FieldError {
    /// A message about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// An error of the domain.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing asked for does not exist (as of the date asked).
    #[error("{0}")]
    NotFound(String),
    /// The user may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The input breaks a rule; one message per field.
    #[error("dữ liệu không hợp lệ: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The write conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
}

impl Error {
    /// A validation error on one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
}
