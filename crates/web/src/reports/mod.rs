//! Periodic reporting on the web: the forms, the obliged areas below an area with their reports'
//! states and completeness, an area's report as an entry grid with its workflow, and its `.xlsx`
//! template — in the pages and under `/api/v1/forms`, `/api/v1/reports`, `/api/v1/completeness`
//! and `/api/v1/obligations`. The use cases are `binhdang_app::reports`.

pub mod api;
pub mod pages;

pub use binhdang_app::reports::*;
