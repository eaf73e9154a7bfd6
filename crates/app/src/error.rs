//! The one error of the use cases. Policy: the domain's refusals keep their kind (not found,
//! forbidden, invalid with one message per field, conflict); a failure of the database or a
//! worker thread is internal, its cause kept for the log. Transports map it: the web layer to
//! 404/403/422/409/500 pages and JSON, the command line to a message and an exit code.

use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::StoreError;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing here.
    #[error("{0}")]
    NotFound(String),
    /// Not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// Bad input, per field.
    #[error("dữ liệu không hợp lệ")]
    Invalid(Vec<FieldError>),
    /// Conflicts with stored data (a stale version, a duplicate, a locked record).
    #[error("{0}")]
    Conflict(String),
    /// Anything else: the database, a worker thread.
    #[error("lỗi nội bộ: {0}")]
    Internal(String),
}

impl From<DomainError> for Error {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound(m) => Self::NotFound(m),
            DomainError::Forbidden(m) => Self::Forbidden(m),
            DomainError::Invalid(f) => Self::Invalid(f),
            DomainError::Conflict(m) => Self::Conflict(m),
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => Self::NotFound(m),
            StoreError::Conflict(m) => Self::Conflict(m),
            other => Self::Internal(other.to_string()),
        }
    }
}

/// The result of a use case.
pub type Result<T> = std::result::Result<T, Error>;
