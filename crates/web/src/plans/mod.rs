//! Plans on the web: the plan page with items, targets and budget, the workbook import and the
//! Kế hoạch exports — in the pages and under `/api/v1/plans`. The use cases are
//! `binhdang_app::plans`.

pub mod api;
pub mod pages;

pub use binhdang_app::plans::*;
