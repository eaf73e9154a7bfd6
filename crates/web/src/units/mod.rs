//! The org registry on the web: the unit browser and unit pages, and the `/api/v1/units` API.
//! The use cases are `binhdang_app::units`.

pub mod api;
pub mod pages;

pub use binhdang_app::units::*;
