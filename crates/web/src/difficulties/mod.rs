//! Difficulties raised on letters, on the web: the letter page's section, the raise form (from a
//! letter or a task, with files), a difficulty's page with the answer form, the issuing body's
//! list by letter and province, and `/api/v1/difficulties`. The use cases are
//! `binhdang_app::difficulties`.

pub mod api;
pub mod pages;

pub use binhdang_app::difficulties::*;
