//! Data exchange on the web: DHIS2's Web API for data values (`/api/dataValueSets`, in DHIS2's
//! JSON and in ADX) with DHIS2's answers (`WebMessage`, `ImportSummary`), and approved values
//! as SDMX-CSV 2.0 (`/api/v1/sdmx/data/{form}`). The use cases are
//! `binhdang_app::exchange`; this module reads parameters and bodies and writes the formats.

pub mod dhis2;
pub mod sdmx;

pub use binhdang_app::exchange::*;
