//! The document registers on the web: pasting or uploading a letter, the parser's pre-filled
//! form, registering, the document page, and search — in the pages and under
//! `/api/v1/documents`. The use cases are `binhdang_app::documents`.

pub mod api;
pub mod pages;

pub use binhdang_app::documents::*;
