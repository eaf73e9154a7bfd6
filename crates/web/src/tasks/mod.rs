//! Tasks on the web: the agency inbox, the task page, creating and passing down tasks, status,
//! progress and contributions — in the pages and under `/api/v1/tasks`. The use cases and who
//! may do what are `binhdang_app::tasks`.

pub mod api;
pub mod pages;

pub use binhdang_app::tasks::*;
