//! Activities on the web: one generic list, form and page for every type, driven by the type's
//! field definitions in `binhdang_core::activities`, deleted activities for administrators, and
//! the figures — in the pages and under `/api/v1/activities` and `/api/v1/figures`. The use cases
//! are `binhdang_app::activities`.

pub mod api;
pub mod pages;

pub use binhdang_app::activities::*;
