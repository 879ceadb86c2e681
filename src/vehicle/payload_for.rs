//! What the boost answer depends on: the payload.
//!
//! * [`payload_for`]: the heaviest payload whose standard range still reaches a given
//!   distance (toward the standard azimuth) or a target (toward the target's
//!   direction, with the launch azimuth solved on a rotating Earth). The vehicle is
//!   fitted to the lofted test once ([`crate::estimate()`]), then its payload is varied:
//!   with a vehicle file the payload itself (the fitted one reproduces the test); with
//!   the generic vehicle an extra payload added to the fitted vehicle. Brent's method
//!   on the payload, bracketed by doubling from a first guess.
//! * [`extra_payload`]: the generic vehicle's standard trajectory with an extra payload
//!   given as a fraction of its fitted burnout mass (or in kg on its nominal scale).
//!
//! The generic vehicle is scale-free (its forces per unit mass depend only on its
//! ratios), so an extra payload means something only as a fraction of its mass: here
//! of the fitted burnout mass (everything that reaches burnout: the last stage's
//! structure and the test's payload). The extra mass rides from lift-off to burnout with
//! the same propellant, thrust and drag area: the lift-off thrust-to-weight and the
//! ideal Δv both fall.

use serde::{Deserialize, Serialize};

use crate::constants::G0_M_S2;
use crate::error::{Error, Result};
use crate::estimate::{estimate, Observation, Options};
use crate::numerics::solve::{try_brent_root_with_values, SolverReport, Unit};
use crate::standard::Standard;
use crate::vehicle::file::Plan;
use crate::vehicle::FittedVehicle;

use crate::vehicle::file::MIN_LIFTOFF_THRUST_TO_WEIGHT;

/// How an extra payload of the generic vehicle is given.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraPayloadSpec {
    /// A fraction of the fitted burnout mass (0.1: 10 %).
    FractionOfBurnoutMass(f64),
    /// A mass in kg on the generic vehicle's nominal scale
    /// ([`crate::vehicle::defaults::NOMINAL_LIFTOFF_MASS_KG`] at lift-off).
    NominalKg(f64),
}

/// The generic vehicle's standard trajectory with an extra payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExtraPayload {
    /// The extra payload, kg on the generic vehicle's nominal scale.
    pub extra_kg: f64,
    /// The extra payload as a fraction of the fitted burnout mass.
    pub fraction_of_burnout_mass: f64,
    /// The fitted burnout mass (nominal scale), kg.
    pub burnout_mass_kg: f64,
    /// The fitted lift-off mass (nominal scale), kg.
    pub liftoff_mass_kg: f64,
    /// Ideal Δv with the extra payload, m/s.
    pub ideal_delta_v_m_s: f64,
    /// Lift-off thrust-to-weight with the extra payload.
    pub liftoff_thrust_to_weight: f64,
    /// Launch azimuth of the standard trajectory, rad.
    pub azimuth_rad: f64,
    /// Standard range with the extra payload, m (None with global reach).
    pub standard_range_m: Option<f64>,
    /// Global reach with the extra payload.
    pub global_reach: bool,
    /// The assumption, in one line.
    pub assumption: String,
}

/// Mass at the final burnout of a plan, kg.
pub fn burnout_mass_kg(plan: &Plan) -> f64 {
    let n = plan.burns.len();
    plan.burns.iter().enumerate().fold(plan.liftoff_mass_kg, |m, (i, b)| {
        m - b.mass_flow_kg_s * b.duration_s - if i + 1 < n { b.drop_mass_kg } else { 0.0 }
    })
}

/// The heaviest extra mass the fitted plan can still lift off with, kg.
fn liftable_extra_kg(plan: &Plan) -> f64 {
    let thrust_n = plan.burns.first().map_or(0.0, |b| b.thrust_n);
    (thrust_n / (MIN_LIFTOFF_THRUST_TO_WEIGHT * G0_M_S2) - plan.liftoff_mass_kg).max(0.0)
}

/// The fitted vehicle carrying `extra_kg` more from lift-off to burnout.
pub fn with_extra_payload(fv: &FittedVehicle, extra_kg: f64) -> FittedVehicle {
    let mut v = fv.clone();
    v.plan.liftoff_mass_kg += extra_kg;
    v
}

/// The generic vehicle as fitted (`fv`) with an extra payload `spec`, flown for
/// maximum range toward `azimuth_rad`.
pub fn extra_payload(
    fv: &FittedVehicle,
    spec: &ExtraPayloadSpec,
    azimuth_rad: f64,
    samples: usize,
) -> Result<ExtraPayload> {
    let burnout_mass_kg = burnout_mass_kg(&fv.plan);
    let (extra_kg, fraction) = match *spec {
        ExtraPayloadSpec::FractionOfBurnoutMass(f) => (f * burnout_mass_kg, f),
        ExtraPayloadSpec::NominalKg(kg) => (kg, kg / burnout_mass_kg),
    };
    let liftable = liftable_extra_kg(&fv.plan);
    if !(extra_kg.is_finite() && extra_kg >= 0.0 && extra_kg <= liftable) {
        return Err(Error::invalid(
            "extra payload",
            format!(
                "{} kg ({} % of the fitted burnout mass)",
                crate::fmt::echo(extra_kg.round()),
                crate::fmt::echo((1000.0 * fraction).round() / 10.0)
            ),
            format!(
                "0 up to {:.0} kg ({:.0} % of the fitted burnout mass {:.0} kg): the heaviest the fitted generic vehicle lifts off with",
                liftable,
                100.0 * liftable / burnout_mass_kg,
                burnout_mass_kg
            ),
        ));
    }
    let v = with_extra_payload(fv, extra_kg);
    let std = v.standard(azimuth_rad, samples)?;
    let thrust_n = v.plan.burns.first().map_or(0.0, |b| b.thrust_n);
    let tw0 = thrust_n / (fv.plan.liftoff_mass_kg * G0_M_S2);
    let tw = thrust_n / (v.plan.liftoff_mass_kg * G0_M_S2);
    let (dv0, dv) = (fv.plan.ideal_delta_v_m_s(), v.plan.ideal_delta_v_m_s());
    let assumption = format!(
        "extra payload {:.0} kg = {:.1} % of the fitted burnout mass ({:.0} kg of the generic vehicle's nominal {:.0} kg at lift-off; the generic vehicle is scale-free, so only the fraction matters: on a missile of burnout mass M it stands for {:.3} M), carried from lift-off to burnout with the same propellant, thrust and drag area (lift-off thrust-to-weight {:.3} to {:.3}, ideal delta-v {:.3} to {:.3} km/s), flown for maximum range",
        extra_kg,
        100.0 * fraction,
        burnout_mass_kg,
        fv.plan.liftoff_mass_kg,
        fraction,
        tw0,
        tw,
        dv0 / 1e3,
        dv / 1e3
    );
    Ok(ExtraPayload {
        extra_kg,
        fraction_of_burnout_mass: fraction,
        burnout_mass_kg,
        liftoff_mass_kg: fv.plan.liftoff_mass_kg,
        ideal_delta_v_m_s: dv,
        liftoff_thrust_to_weight: tw,
        azimuth_rad,
        standard_range_m: std.range_m(),
        global_reach: matches!(std, Standard::GlobalReach),
        assumption,
    })
}

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
/// `opts` (model boost: a vehicle file, or the generic vehicle with an extra payload)
/// fitted to the lofted test `obs`. Payload to 1 g.
pub fn payload_for(obs: &Observation, opts: &Options, goal: Goal) -> Result<PayloadFor> {
    if !opts.model.is_boost() {
        return Err(Error::invalid(
            "model",
            opts.model.name,
            "model boost (--model boost for the generic vehicle, or --vehicle FILE)",
        ));
    }
    let earth = opts.model.earth;
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
            let Some(site) = opts.site else {
                return Err(Error::invalid("target", "given without a site", "targets need the launch site (--site)"));
            };
            earth.distance_m(site.lat_rad, site.lon_rad, lat_rad, lon_rad)
        }
    };
    let mut lean = opts.clone();
    lean.samples = 0;
    lean.boost_sensitivity = false;
    lean.azimuths_rad.clear();
    lean.sweep_step_rad = None;
    lean.extra_payload = None;
    lean.global_margin = false;
    let est = estimate(obs, &lean)?;
    let b = est.boost.as_ref().expect("model boost has its boost part");
    let fv = &b.fitted_vehicle;
    let az = crate::estimate::test_launch(&lean)?.azimuth_rad;
    let az = opts.standard_azimuth_rad.map(crate::geo::normalize_angle_rad).unwrap_or(az);
    let vehicle = opts.vehicle.as_ref();
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
