//! `binhdang-office`: file formats. The administrative-unit CSV files and the agency lists that
//! make up the org registry's reference data, the text of uploaded letters (`.txt`, `.docx`,
//! `.pdf`), and `.xlsx` list exports.
#![deny(missing_docs)]

pub mod indicators;
pub mod text;
pub mod units;
pub mod xlsx;

pub use text::{ExtractError, MAX_UPLOAD_BYTES, extract};
pub use units::{ImportError, Problem, UnitFiles, load_units};
pub use xlsx::{Cell, Sheet, XlsxError};
