//! `binhdang-office`: file formats. For now, the administrative-unit CSV files and the agency
//! lists that make up the org registry's reference data.
#![deny(missing_docs)]

pub mod units;

pub use units::{ImportError, Problem, UnitFiles, load_units};
