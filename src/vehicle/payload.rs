//! Payload-range: with a vehicle given, the payload that reproduces the lofted test,
//! then the standard range of the same vehicle across a sweep of payloads.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::file::Vehicle;
use super::fit::{fit_lofted, standard_boost, Family, FitReport};
use super::BoostOptions;
use crate::error::{Error, Result};
use crate::flight::Launch;
use crate::standard::Standard;

/// The payload family of a vehicle: the unknown is the payload (kg), from 0 to the
/// heaviest payload the first stage can still lift ([`Vehicle::heaviest_payload_kg`]).
pub(crate) fn payload_family(v: &Vehicle) -> Family<'_> {
    let liftable_kg = v.heaviest_payload_kg();
    Family {
        plan: Box::new(move |p| v.plan_with_payload(p)),
        lo: 0.0,
        hi: liftable_kg.max(0.0),
        x_tol: 1e-6,
        guess: v.payload_kg.clamp(0.0, liftable_kg.max(0.0)),
        increasing: false,
        name: "payload",
    }
}

/// One row of the payload-range table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayloadRangeRow {
    /// Payload, kg.
    pub payload_kg: f64,
    /// Standard range, m (None with global reach, or when the vehicle cannot fly it).
    pub standard_range_m: Option<f64>,
    /// Some kick puts this payload in orbit.
    pub global_reach: bool,
    /// Why the row has no range, if it failed.
    pub error: Option<String>,
    /// The standard trajectory's kick is set by the burnout-altitude floor (a payload
    /// too heavy to reach the floor even straight up is not held to it: its range can be
    /// longer than a lighter payload's that is).
    #[serde(default)]
    pub floor_active: bool,
}

/// The payload-range curve of a vehicle, with the payload fitted to the lofted test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayloadRange {
    /// Payload that reproduces the lofted test's apogee and range, kg.
    pub fitted_payload_kg: f64,
    /// Kick of the fitted lofted flight, rad.
    pub fitted_kick_rad: f64,
    /// Standard range with the fitted payload, m (None with global reach).
    pub fitted_standard_range_m: Option<f64>,
    /// How the fit went.
    pub report: FitReport,
    /// The sweep, in the order of the payloads given.
    pub rows: Vec<PayloadRangeRow>,
}

/// Fit the payload of `vehicle` to the lofted test (apogee, range), then the standard
/// range for each payload of `payloads_kg`. `opts.vehicle` is ignored.
pub fn payload_range(
    vehicle: &Vehicle,
    payloads_kg: &[f64],
    apogee_m: f64,
    range_m: f64,
    opts: &BoostOptions,
) -> Result<PayloadRange> {
    if let Some(p) = payloads_kg.iter().find(|p| !(p.is_finite() && **p >= 0.0)) {
        return Err(Error::invalid("payload", format!("{p} kg"), "payloads of 0 kg or more"));
    }
    let az = opts.standard_azimuth_rad.unwrap_or(opts.launch.azimuth_rad);
    let toward = Launch { azimuth_rad: az, ..opts.launch };
    let vehicle =
        &super::resolve_vehicle_pitch(vehicle, &opts.earth, &toward, &opts.powered(0), opts.min_burnout_altitude_m)?;
    let fam = payload_family(vehicle);
    let powered = opts.powered(0);
    let fit = fit_lofted(&opts.earth, &opts.launch, &fam, apogee_m, range_m, &powered)?;
    let az = opts.standard_azimuth_rad.unwrap_or(opts.launch.azimuth_rad);
    let launch = Launch { azimuth_rad: az, ..opts.launch };
    let standard = |p: f64| {
        standard_boost(&opts.earth, &launch, &vehicle.plan_with_payload(p), &powered, opts.min_burnout_altitude_m)
    };
    let fitted_standard_range_m = match standard(fit.value)? {
        Standard::Bounded(sf) => Some(sf.landed.range_m),
        Standard::GlobalReach => None,
    };
    let rows = payloads_kg
        .par_iter()
        .map(|&payload_kg| {
            match vehicle.lifts_off(payload_kg).map_err(Error::Impossible).and_then(|_| standard(payload_kg)) {
                Ok(Standard::Bounded(sf)) => PayloadRangeRow {
                    payload_kg,
                    standard_range_m: Some(sf.landed.range_m),
                    global_reach: false,
                    error: None,
                    floor_active: sf.floor_active,
                },
                Ok(Standard::GlobalReach) => PayloadRangeRow {
                    payload_kg,
                    standard_range_m: None,
                    global_reach: true,
                    error: None,
                    floor_active: false,
                },
                Err(e) => PayloadRangeRow {
                    payload_kg,
                    standard_range_m: None,
                    global_reach: false,
                    error: Some(e.to_string()),
                    floor_active: false,
                },
            }
        })
        .collect();
    Ok(PayloadRange {
        fitted_payload_kg: fit.value,
        fitted_kick_rad: fit.kick_rad,
        fitted_standard_range_m,
        report: fit.report,
        rows,
    })
}
