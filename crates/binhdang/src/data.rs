//! The reference data shipped inside the binary (the repository's `data/` folder), so that
//! `binhdang import units` and `binhdang demo` work from the binary alone.

use binhdang_office::UnitFiles;

/// The units and agencies as shipped.
#[must_use]
pub fn embedded_units() -> UnitFiles {
    UnitFiles {
        legacy_units: include_str!("../../../data/units/admin-units-legacy.csv").to_owned(),
        units_2025: include_str!("../../../data/units/admin-units-2025.csv").to_owned(),
        province_lineage: include_str!("../../../data/units/province-lineage-2025.csv").to_owned(),
        commune_lineage: include_str!("../../../data/units/admin-lineage-2025.csv").to_owned(),
        central_agencies: include_str!("../../../data/agencies/central.csv").to_owned(),
        provincial_agencies: include_str!("../../../data/agencies/provincial.csv").to_owned(),
    }
}

/// The indicator catalog as shipped (`data/indicators.csv`).
pub const INDICATORS: &str = include_str!("../../../data/indicators.csv");
