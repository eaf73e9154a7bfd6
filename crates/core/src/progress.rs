//! Progress of an indicator towards its target, as Open SDG measures it with Statistics Canada's
//! method: the observed compound annual growth rate from the base year to the latest value,
//! compared with the rate that would reach the target in the target year.
//!
//! - target achieved: the latest value is at or beyond the target (in the desired direction);
//! - with a target, `R = d × CAGR_observed ÷ |CAGR_required|` (`d` = +1 when higher is better,
//!   −1 when lower is): `R ≥ 0.95` substantial progress (on track), `0.6 ≤ R < 0.95` moderate
//!   (progress made, acceleration needed), `0 ≤ R < 0.6` limited, `R < 0` deterioration;
//! - without a target, `d × CAGR_observed` against fixed rates: ≥ 1.5 % substantial, 0.5–1.5 %
//!   moderate, 0–0.5 % limited, below 0 deterioration;
//! - not available without a base value, a later value, or with values a growth rate cannot be
//!   computed from (zero or negative).

use serde::Serialize;

use crate::indicators::TargetDirection;

crate::named_enum! {
    /// A progress category.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ProgressStatus))]
    pub enum Progress: "progress", "tình trạng tiến độ" {
        /// At or beyond the target.
        TargetAchieved = "target_achieved", "Đã đạt mục tiêu", "Target achieved";
        /// On track.
        Substantial = "substantial", "Đúng tiến độ", "On track";
        /// Progress made, acceleration needed.
        Moderate = "moderate", "Có tiến bộ, cần đẩy nhanh", "Progress made, acceleration needed";
        /// Limited progress.
        Limited = "limited", "Tiến bộ hạn chế", "Limited progress";
        /// Moving away from the target.
        Deterioration = "deterioration", "Đi xuống", "Deterioration";
        /// Cannot be computed.
        NotAvailable = "not_available", "Chưa đủ số liệu", "Not enough data";
    }
}

/// A value in a year.
pub type Point = (i32, f64);

fn cagr(from: Point, to: Point) -> Option<f64> {
    let years = f64::from(to.0 - from.0);
    (years > 0.0 && from.1 > 0.0 && to.1 > 0.0).then(|| (to.1 / from.1).powf(1.0 / years) - 1.0)
}

/// The progress from `base` to `latest` towards `target` (if any) in the desired direction.
#[must_use]
pub fn progress(
    base: Option<Point>,
    latest: Option<Point>,
    target: Option<Point>,
    direction: TargetDirection,
) -> Progress {
    let d = match direction {
        TargetDirection::AtMost => -1.0,
        _ => 1.0,
    };
    let (Some(base), Some(latest)) = (base, latest) else { return Progress::NotAvailable };
    if let Some(t) = target
        && d * (latest.1 - t.1) >= 0.0
    {
        return Progress::TargetAchieved;
    }
    let Some(observed) = cagr(base, latest) else { return Progress::NotAvailable };
    // With a target: the ratio to the required rate; without: the rate itself.
    let (score, on_track, acceleration) = if let Some(t) = target {
        let Some(required) = cagr(base, t).filter(|r| *r != 0.0) else { return Progress::NotAvailable };
        (d * observed / required.abs(), 0.95, 0.6)
    } else {
        (d * observed, 0.015, 0.005)
    };
    if score >= on_track {
        Progress::Substantial
    } else if score >= acceleration {
        Progress::Moderate
    } else if score >= 0.0 {
        Progress::Limited
    } else {
        Progress::Deterioration
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TargetDirection::{AtLeast, AtMost};

    #[test]
    fn every_category_with_a_target_higher_is_better() {
        // From 40 % in 2021 to the target 60 % in 2025 needs (60/40)^(1/4) − 1 ≈ 10.7 % a year.
        let base = Some((2021, 40.0));
        let target = Some((2025, 60.0));
        assert_eq!(progress(base, Some((2023, 61.0)), target, AtLeast), Progress::TargetAchieved);
        // 40 → 49 in two years: 10.7 % a year, R ≈ 1.0.
        assert_eq!(progress(base, Some((2023, 49.0)), target, AtLeast), Progress::Substantial);
        // 40 → 46: 7.2 % a year, R ≈ 0.68.
        assert_eq!(progress(base, Some((2023, 46.0)), target, AtLeast), Progress::Moderate);
        // 40 → 42: 2.5 % a year, R ≈ 0.23.
        assert_eq!(progress(base, Some((2023, 42.0)), target, AtLeast), Progress::Limited);
        assert_eq!(progress(base, Some((2023, 38.0)), target, AtLeast), Progress::Deterioration);
    }

    #[test]
    fn every_category_with_a_target_lower_is_better() {
        // The sex ratio at birth, 111.5 in 2019, towards at most 109 in 2030.
        let base = Some((2019, 111.5));
        let target = Some((2030, 109.0));
        assert_eq!(progress(base, Some((2024, 108.5)), target, AtMost), Progress::TargetAchieved);
        // Required ≈ −0.206 % a year; 111.5 → 110.4 in five years ≈ −0.198 %: R ≈ 0.96.
        assert_eq!(progress(base, Some((2024, 110.4)), target, AtMost), Progress::Substantial);
        assert_eq!(progress(base, Some((2024, 110.8)), target, AtMost), Progress::Moderate);
        assert_eq!(progress(base, Some((2024, 111.3)), target, AtMost), Progress::Limited);
        assert_eq!(progress(base, Some((2024, 112.0)), target, AtMost), Progress::Deterioration);
    }

    #[test]
    fn without_a_target_the_growth_rate_decides() {
        let base = Some((2021, 100.0));
        assert_eq!(progress(base, Some((2023, 104.0)), None, AtLeast), Progress::Substantial);
        assert_eq!(progress(base, Some((2023, 101.5)), None, AtLeast), Progress::Moderate);
        assert_eq!(progress(base, Some((2023, 100.5)), None, AtLeast), Progress::Limited);
        assert_eq!(progress(base, Some((2023, 99.0)), None, AtLeast), Progress::Deterioration);
        assert_eq!(progress(base, Some((2023, 99.5)), None, AtMost), Progress::Limited);
    }

    #[test]
    fn without_a_baseline_or_a_later_value_there_is_no_status() {
        assert_eq!(progress(None, Some((2023, 50.0)), Some((2025, 60.0)), AtLeast), Progress::NotAvailable);
        assert_eq!(progress(Some((2023, 50.0)), None, Some((2025, 60.0)), AtLeast), Progress::NotAvailable);
        assert_eq!(progress(Some((2023, 0.0)), Some((2024, 5.0)), Some((2025, 60.0)), AtLeast), Progress::NotAvailable);
        assert_eq!(
            progress(Some((2023, 50.0)), Some((2023, 55.0)), Some((2025, 60.0)), AtLeast),
            Progress::NotAvailable
        );
    }
}
