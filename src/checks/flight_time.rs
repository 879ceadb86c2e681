//! The one flight-time check (MODEL.md, "Flight time"): the reported flight time
//! against the computed one, for every model.
//!
//! With impulsive burnout the computed time is the free flight (burnout to impact),
//! shorter than the reported launch-to-impact time by about the boost: the difference
//! is the boost duration it implies, warned about outside 0-600 s. With a simulated
//! boost the computed time is launch to impact: it should match the report, and a
//! difference over three minutes is warned about.

use serde::{Deserialize, Serialize};

/// What the computed time measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timed {
    /// Burnout to impact (impulsive burnout).
    FreeFlight,
    /// Lift-off to impact (simulated boost).
    LaunchToImpact,
}

/// Plausible boost durations implied by a free flight, s (MODEL.md).
pub const PLAUSIBLE_BOOST_S: std::ops::RangeInclusive<f64> = 0.0..=600.0;

/// Difference between a simulated launch-to-impact time and the reported one above
/// which a warning is given, s: reported flight times are rounded to the minute, and the
/// fit does not use them.
pub const LAUNCH_TO_IMPACT_TOLERANCE_S: f64 = 180.0;

/// Reported flight time against the computed one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlightTimeCheck {
    /// Reported flight time (launch to impact), s.
    pub reported_s: f64,
    /// Computed flight time, s (what it measures: `computed`).
    pub computed_s: f64,
    /// What `computed_s` measures.
    pub computed: Timed,
    /// Computed minus reported, s.
    pub difference_s: f64,
    /// Free flight: reported minus computed, the boost duration it implies, s.
    pub implied_boost_s: Option<f64>,
    /// Set when the numbers are inconsistent (one line).
    pub warning: Option<String>,
}

impl FlightTimeCheck {
    /// The check of a computed free flight (impulsive burnout).
    pub fn free_flight(reported_s: f64, free_flight_s: f64) -> Self {
        let implied = reported_s - free_flight_s;
        let warning = (!PLAUSIBLE_BOOST_S.contains(&implied)).then(|| {
            format!(
                "reported flight time {reported_s:.0} s minus computed free flight {free_flight_s:.0} s implies a boost of {implied:.0} s, outside 0-600 s: the three reported numbers are inconsistent for a ballistic flight"
            )
        });
        FlightTimeCheck {
            reported_s,
            computed_s: free_flight_s,
            computed: Timed::FreeFlight,
            difference_s: free_flight_s - reported_s,
            implied_boost_s: Some(implied),
            warning,
        }
    }

    /// The check of a simulated flight from lift-off to impact (boost).
    pub fn launch_to_impact(reported_s: f64, simulated_s: f64) -> Self {
        let difference_s = simulated_s - reported_s;
        let warning = (difference_s.abs() > LAUNCH_TO_IMPACT_TOLERANCE_S).then(|| {
            format!(
                "the simulated lofted flight lasts {:.1} min, {:.1} min from the reported {:.1} min: the reported numbers, or the vehicle, are inconsistent",
                simulated_s / 60.0,
                difference_s.abs() / 60.0,
                reported_s / 60.0
            )
        });
        FlightTimeCheck {
            reported_s,
            computed_s: simulated_s,
            computed: Timed::LaunchToImpact,
            difference_s,
            implied_boost_s: None,
            warning,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_boost_is_reported_minus_free_flight() {
        // The seed case: 53 min reported, 3,017 s computed free flight: 163 s of boost.
        let c = FlightTimeCheck::free_flight(3_180.0, 3_017.0);
        assert_eq!(c.implied_boost_s, Some(163.0));
        assert!(c.warning.is_none());
        assert!(FlightTimeCheck::free_flight(3_000.0, 3_017.0).warning.is_some());
        assert!(FlightTimeCheck::free_flight(4_000.0, 3_017.0).warning.is_some());
    }

    #[test]
    fn launch_to_impact_is_warned_beyond_three_minutes() {
        assert!(FlightTimeCheck::launch_to_impact(3_180.0, 3_300.0).warning.is_none());
        assert!(FlightTimeCheck::launch_to_impact(3_180.0, 3_400.0).warning.is_some());
        assert_eq!(FlightTimeCheck::launch_to_impact(3_180.0, 3_186.0).implied_boost_s, None);
    }
}
