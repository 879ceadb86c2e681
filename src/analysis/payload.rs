//! What the boost answer depends on: the payload. [`payload_for`]: the heaviest payload
//! whose standard range still reaches a given distance (toward the standard azimuth) or
//! a target (toward the target's direction, with the launch azimuth solved on a rotating
//! Earth). The vehicle is fitted to the lofted test once ([`crate::estimate()`]), then its
//! payload is varied: with a vehicle file the payload itself (the fitted one reproduces
//! the test); with the generic vehicle an extra payload added to the fitted vehicle
//! ([`crate::vehicle::payload_for`]). Brent's method on the payload, bracketed by
//! doubling from a first guess.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::estimate::{estimate, Question, Request};
use crate::model::Model;
use crate::numerics::solve::{try_brent_root_with_values, SolverReport, Unit};
use crate::vehicle::payload_for::{burnout_mass_kg, liftable_extra_kg, with_extra_payload};
use crate::vehicle::FittedVehicle;

/// What the payload must still reach.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// A standard range, m, toward the standard azimuth (the test's unless another is asked).
    Range {
        /// The distance, m.
        range_m: f64,
    },
    /// A target (needs the launch site): its standard range toward it at least its distance.
    Target {
        /// Latitude, rad.
        lat_rad: f64,
        /// Longitude, rad.
        lon_rad: f64,
    },
}

/// The answer of [`payload_for`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadAnswer {
    /// The heaviest payload that still reaches the goal.
    Heaviest {
        /// The payload, kg (generic vehicle: the extra payload, nominal scale).
        payload_kg: f64,
        /// Generic vehicle: the payload as a fraction of the fitted burnout mass.
        fraction_of_burnout_mass: Option<f64>,
        /// Its standard range toward the goal's direction, m.
        standard_range_m: f64,
        /// The launch azimuth of that standard trajectory, rad.
        azimuth_rad: f64,
        /// The root in payload (residual: the final bracket, kg).
        report: SolverReport,
    },
    /// Every payload the vehicle can lift off with still reaches the goal.
    EveryPayload {
        /// The heaviest payload it lifts off with, kg.
        heaviest_liftable_kg: f64,
        /// Its standard range, m (None with global reach).
        standard_range_m: Option<f64>,
    },
    /// Even with zero payload (generic vehicle: no extra payload) the range falls short.
    ShortAtZero {
        /// The standard range with zero payload, m.
        standard_range_m: f64,
    },
}

/// The heaviest payload that still reaches a distance or a target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayloadFor {
    /// What must be reached.
    pub goal: Goal,
    /// The distance to reach, m (the target's great-circle distance for a target).
    pub distance_m: f64,
    /// The vehicle's name ("generic" for the generic vehicle).
    pub vehicle: String,
    /// Vehicle file: the payload that reproduces the lofted test, kg (None: generic).
    pub fitted_payload_kg: Option<f64>,
    /// The fitted vehicle's burnout mass with its fitted payload, kg (generic: nominal scale).
    pub fitted_burnout_mass_kg: f64,
    /// The fitted vehicle's standard range toward the goal's direction, m (None: global reach).
    pub fitted_standard_range_m: Option<f64>,
    /// The answer.
    pub answer: PayloadAnswer,
    /// What is assumed, in one line.
    pub assumption: String,
}

/// The heaviest payload whose standard range still reaches `goal`, for the vehicle of
/// the question (model boost: a vehicle file, or the generic vehicle with an extra
/// payload) fitted to its lofted test. Payload to 1 g.
pub fn payload_for(q: &Question, model: &Model, r: &Request, goal: Goal) -> Result<PayloadFor> {
    let model = *model;
    if !model.is_boost() {
        return Err(Error::invalid("model", model.name, "model boost (the generic vehicle, or a vehicle file)"));
    }
    let earth = model.earth;
    let half_m = earth.half_circumference_m();
    let distance_m = match goal {
        Goal::Range { range_m } => {
            if !(range_m.is_finite() && range_m > 0.0 && range_m < half_m) {
                return Err(Error::invalid(
                    "range for",
                    format!("{} km", crate::fmt::echo(range_m / 1e3)),
                    format!("a distance above 0 and below half the Earth's circumference ({:.0} km)", half_m / 1e3),
                ));
            }
            range_m
        }
        Goal::Target { lat_rad, lon_rad } => {
            let Some(site) = &q.site else {
                return Err(Error::invalid("target", "given without a site", "targets need the launch site"));
            };
            earth.distance_m(site.lat_rad, site.lon_rad, lat_rad, lon_rad)
        }
    };
    let lean = Request { other_roots: false, ..crate::analysis::uncertainty::sample_request(r) };
    let est = estimate(q, &model, &lean)?;
    let Some(b) = est.boost.as_ref() else {
        return Err(Error::invalid("apogee", "none", "a lofted test to fit the vehicle to"));
    };
    let fv = &b.fitted_vehicle;
    let az = crate::estimate::test_launch(q, model)?.azimuth_rad;
    let az = r.standard_azimuth_rad.map(crate::geo::normalize_angle_rad).unwrap_or(az);
    let vehicle = q.vehicle.as_ref();
    let fly = |p: f64| match vehicle {
        Some(v) => FittedVehicle { plan: v.plan_with_payload(p), ..fv.clone() },
        None => with_extra_payload(fv, p),
    };
    let heaviest_liftable_kg = match vehicle {
        Some(v) => v.heaviest_payload_kg(),
        None => liftable_extra_kg(&fv.plan),
    };
    // Standard range toward the goal (None: global reach) and the launch azimuth.
    let reach = |p: f64| -> Result<(Option<f64>, f64)> {
        let v = fly(p);
        match goal {
            Goal::Range { .. } => Ok((v.toward(az)?.range_m, az)),
            Goal::Target { lat_rad, lon_rad } => {
                let t = v.toward_target(lat_rad, lon_rad)?;
                Ok((t.range_m, t.azimuth_rad))
            }
        }
    };
    // Range minus distance; global reach counts as half the circumference. A payload
    // whose standard trajectory cannot be computed is an error (with the payload), not a
    // guess: near the heaviest payload the vehicle lifts, the boost's range maximiser
    // may find no kick that lands.
    let excess = |p: f64| -> Result<f64> {
        match reach(p) {
            Ok((r, _)) => Ok(r.unwrap_or(half_m) - distance_m),
            Err(Error::NoSolution { what, report }) => {
                Err(Error::NoSolution { what: format!("{what} with a payload of {p:.0} kg"), report })
            }
            Err(e) => Err(e),
        }
    };
    let fitted_burnout_mass_kg = burnout_mass_kg(&fv.plan);
    let fitted_standard_range_m = match vehicle {
        Some(_) => reach(b.fitted.payload_kg.unwrap_or(0.0))?.0,
        None => reach(0.0)?.0,
    };
    let generic = vehicle.is_none();
    let assumption = if generic {
        format!(
            "generic vehicle fitted to the test (burnout mass {:.0} kg of a nominal {:.0} kg at lift-off); the payload is an extra mass carried from lift-off to burnout with the same propellant, thrust and drag area, also given as a fraction of the fitted burnout mass (the generic vehicle is scale-free: only the fraction matters)",
            fitted_burnout_mass_kg, fv.plan.liftoff_mass_kg
        )
    } else {
        "vehicle file fitted to the test by its payload; the same stages with another payload, each flown for maximum range".to_string()
    };
    let out = |answer| PayloadFor {
        goal,
        distance_m,
        vehicle: vehicle.map_or_else(|| "generic".to_string(), |v| v.name.clone()),
        fitted_payload_kg: b.fitted.payload_kg,
        fitted_burnout_mass_kg,
        fitted_standard_range_m,
        answer,
        assumption: assumption.clone(),
    };
    let e0 = excess(0.0)?;
    if e0 < 0.0 {
        return Ok(out(PayloadAnswer::ShortAtZero { standard_range_m: e0 + distance_m }));
    }
    // Bracket by doubling from the fitted payload (generic: 5 % of the burnout mass).
    let first = match vehicle {
        Some(_) => b.fitted.payload_kg.unwrap_or(0.0).max(1.0),
        None => 0.05 * fitted_burnout_mass_kg,
    }
    .min(heaviest_liftable_kg);
    let (mut lo, mut e_lo, mut hi) = (0.0, e0, first);
    let e_hi = loop {
        if hi <= lo {
            return Ok(out(PayloadAnswer::EveryPayload {
                heaviest_liftable_kg,
                standard_range_m: reach(heaviest_liftable_kg)?.0,
            }));
        }
        let e = excess(hi)?;
        if e < 0.0 {
            break e;
        }
        if hi >= heaviest_liftable_kg {
            return Ok(out(PayloadAnswer::EveryPayload {
                heaviest_liftable_kg,
                standard_range_m: (e + distance_m < half_m).then_some(e + distance_m),
            }));
        }
        (lo, e_lo) = (hi, e);
        hi = (2.0 * hi).min(heaviest_liftable_kg);
    };
    let x_tol_kg = 1e-3;
    let (p, report) = try_brent_root_with_values(excess, lo, hi, e_lo, e_hi, x_tol_kg, 200)?;
    if !report.converged() {
        return Err(Error::NoSolution { what: "heaviest payload for the distance".into(), report });
    }
    // Brent's answer is within the tolerance of the sign change, on either side: take
    // the reaching side.
    let p = if excess(p)? >= 0.0 { p } else { (p - 2.0 * x_tol_kg).max(lo) };
    let (range, azimuth_rad) = reach(p)?;
    // At the root the range equals the distance, below half the circumference; a global
    // flight there would mean the solver stopped on the wrong side: no number then.
    let Some(range) = range else {
        return Err(Error::NoSolution {
            what: "heaviest payload for the distance (the flight found has global reach)".into(),
            report,
        });
    };
    Ok(out(PayloadAnswer::Heaviest {
        payload_kg: p,
        fraction_of_burnout_mass: generic.then_some(p / fitted_burnout_mass_kg),
        standard_range_m: range,
        azimuth_rad,
        report: SolverReport { residual: x_tol_kg, unit: Unit::Kilogram, ..report },
    }))
}
