//! Managing accounts on the web, in the pages and the API. The use cases are
//! `binhdang_app::users`.

pub mod api;
pub mod pages;

pub use binhdang_app::users::*;
