//! The indicator catalog on the web: the list by programme and objective, an indicator's page
//! with its history, and the national administrators' edits — in the pages and under
//! `/api/v1/indicators`. The use cases are `binhdang_app::indicators`.

pub mod api;
pub mod pages;

pub use binhdang_app::indicators::*;
