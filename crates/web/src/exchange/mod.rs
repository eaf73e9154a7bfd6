//! Data exchange on the web: DHIS2's Web API for data values (`/api/dataValueSets`, in DHIS2's
//! JSON and in ADX) with DHIS2's answers (`WebMessage`, `ImportSummary`). The use cases are
//! `binhdang_app::exchange`; this module reads parameters and bodies and writes the formats.

pub mod dhis2;

pub use binhdang_app::exchange::*;
