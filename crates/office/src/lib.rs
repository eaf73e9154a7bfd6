//! `binhdang-office`: file formats. The administrative-unit CSV files and the agency lists that
//! make up the org registry's reference data, the text of uploaded letters (`.txt`, `.docx`,
//! `.pdf`, and scans and photos read by OCR), `.xlsx` list exports, and `.docx` official
//! documents laid out per Nghị định 30/2020/NĐ-CP.
#![deny(missing_docs)]

pub mod docx;
pub mod fixtures;
pub mod indicators;
pub mod ocr;
mod package;
pub mod text;
pub mod units;
pub mod xlsx;

pub use docx::{DocxError, OfficialDocument, Section, Signature, Table, write_document, write_document_with_clock};
pub use ocr::{OcrLimits, Reading, read_letter};
pub use text::{ExtractError, Limits, MAX_UPLOAD_BYTES, extract, extract_with};
pub use units::{ImportError, Problem, UnitFiles, load_units};
pub use xlsx::{Cell, Sheet, XlsxError};
