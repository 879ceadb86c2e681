//! Is the reported flight lofted? The standard range extrapolates a lofted test (a
//! flight steeper than the range-maximising one) to the range-maximising angle. A
//! reported flight that is flatter than the standard trajectory (a depressed flight,
//! or a short-range one) is not such a test: the standard range then extrapolates the
//! other way, and the answer should say so.
//!
//! The comparison is of the flight-path angle at burnout (the reconstructed or
//! simulated lofted burnout against the standard trajectory's), with the apogee-to-range
//! ratios of both flights given beside it.

use serde::{Deserialize, Serialize};

/// Angle below the standard trajectory's beyond which a flight counts as flatter, rad
/// (a flight at the standard angle itself, within the solvers' tolerance, is not).
const FLATTER_TOL_RAD: f64 = 1e-6;

/// The reported flight against the standard trajectory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoftedCheck {
    /// True when the reported flight is at least as steep as the standard trajectory.
    pub lofted: bool,
    /// Flight-path angle at burnout of the reported (lofted) flight, rad.
    pub observed_gamma_rad: f64,
    /// Flight-path angle at burnout of the standard trajectory, rad (None with global
    /// reach: the range-maximising angle then tends to 0 and any climbing flight is steeper).
    pub standard_gamma_rad: Option<f64>,
    /// Apogee over ground range of the reported flight.
    pub observed_apogee_to_range: f64,
    /// Apogee over ground range of the standard trajectory (None with global reach).
    pub standard_apogee_to_range: Option<f64>,
    /// The launch azimuth of the standard trajectory compared with, rad, when it is not
    /// the headline one (the check is toward the test's own direction).
    #[serde(default)]
    pub compared_azimuth_rad: Option<f64>,
}

impl LoftedCheck {
    /// Compare a reported flight (burnout angle, apogee, range) with the standard
    /// trajectory (its burnout angle, apogee and range; None with global reach).
    pub fn new(
        observed_gamma_rad: f64,
        observed_apogee_m: f64,
        observed_range_m: f64,
        standard: Option<(f64, f64, f64)>,
    ) -> LoftedCheck {
        let observed_apogee_to_range = observed_apogee_m / observed_range_m;
        let Some((std_gamma_rad, std_apogee_m, std_range_m)) = standard else {
            return LoftedCheck {
                lofted: true,
                observed_gamma_rad,
                standard_gamma_rad: None,
                observed_apogee_to_range,
                standard_apogee_to_range: None,
                compared_azimuth_rad: None,
            };
        };
        LoftedCheck {
            lofted: observed_gamma_rad >= std_gamma_rad - FLATTER_TOL_RAD,
            observed_gamma_rad,
            standard_gamma_rad: Some(std_gamma_rad),
            observed_apogee_to_range,
            standard_apogee_to_range: Some(std_apogee_m / std_range_m),
            compared_azimuth_rad: None,
        }
    }

    /// Why, in one line (made when asked: an estimate in a Monte Carlo never prints it).
    pub fn reason(&self) -> String {
        let (Some(std_gamma_rad), Some(standard_apogee_to_range)) =
            (self.standard_gamma_rad, self.standard_apogee_to_range)
        else {
            return format!(
                "the standard trajectory has global reach (its range-maximising angle tends to 0 deg); the reported flight climbs at {:.2} deg",
                self.observed_gamma_rad.to_degrees()
            );
        };
        let mut reason = if self.lofted {
            format!(
                "lofted: burnout flight-path angle {:.2} deg, at or above the standard trajectory's {:.2} deg (apogee/range {:.3} against {:.3})",
                self.observed_gamma_rad.to_degrees(),
                std_gamma_rad.to_degrees(),
                self.observed_apogee_to_range,
                standard_apogee_to_range
            )
        } else {
            format!(
                "not lofted: the reported flight is flatter than the standard trajectory (burnout flight-path angle {:.2} deg against {:.2} deg, apogee/range {:.3} against {:.3}): a depressed or short-range flight, so the standard range is not an extrapolation of a lofted test",
                self.observed_gamma_rad.to_degrees(),
                std_gamma_rad.to_degrees(),
                self.observed_apogee_to_range,
                standard_apogee_to_range
            )
        };
        if let Some(az) = self.compared_azimuth_rad {
            reason.push_str(&format!(
                " (compared with the standard trajectory toward the test's azimuth, {:.1} deg, the direction the reported flight went)",
                az.to_degrees()
            ));
        }
        reason
    }

    /// The words for a figure's title when the flight is not lofted, e.g.
    /// "not lofted: flatter than the standard trajectory (12.3 deg < 40.1 deg)".
    pub fn title_note(&self) -> Option<String> {
        if self.lofted {
            return None;
        }
        Some(format!(
            "not lofted: flatter than the standard trajectory ({:.1} deg < {:.1} deg at burnout)",
            self.observed_gamma_rad.to_degrees(),
            self.standard_gamma_rad.unwrap_or(f64::NAN).to_degrees()
        ))
    }
}
