//! What a test with global reach can carry: for a lofted test whose standard range is
//! global under an impulsive model, the generic vehicle fitted to it (model boost) with an
//! extra payload, and the extra payload at which its standard range falls to 15,000 km
//! and to 13,000 km toward the test's azimuth and in the worst direction (the launch
//! azimuth of the shortest range), and the heaviest extra payload that still reaches a
//! named target. Each answer is [`payload_for`]'s (Brent on the payload).
//!
//! The worst direction depends a little on the payload: it starts from the shortest range
//! of a sweep of all azimuths (every [`WORST_SWEEP_STEP_DEG`], refined by Brent) of the
//! fitted vehicle as tested (or, where that has global reach everywhere, at the payload
//! that gives the distance toward the test's azimuth), the payload is solved toward it, and then the
//! shortest range within [`WORST_LOCAL_HALF_WIDTH_DEG`] of that azimuth is checked at the
//! payload found (Brent's minimiser): if it is shorter than the distance the payload is
//! solved again toward the new azimuth (at most [`WORST_ITERATIONS`] times).

use serde::Serialize;

use crate::analysis::payload::{payload_for, Goal, PayloadAnswer, PayloadFor};
use crate::error::{Error, Result};
use crate::estimate::{estimate, Question, Request};
use crate::geo::{normalize_angle_rad, Site};
use crate::model::Model;
use crate::numerics::solve::{try_brent_minimize, SolverReport};
use crate::vehicle::payload_for::{burnout_mass_kg, with_extra_payload};
use crate::vehicle::FittedVehicle;

/// The distances asked by default, m: 15,000 km (Japan's "over 15,000 km depending on the
/// warhead's weight") and 13,000 km (Wright's and South Korea's figure for the Hwasong-15).
pub const GLOBAL_PAYLOAD_DISTANCES_M: [f64; 2] = [15_000e3, 13_000e3];

/// Azimuth step of the sweep for the worst direction, degrees.
pub const WORST_SWEEP_STEP_DEG: f64 = 30.0;

/// Half-width of the check around the worst direction at the payload found, degrees.
pub const WORST_LOCAL_HALF_WIDTH_DEG: f64 = 15.0;

/// Most payload solves toward a moving worst direction.
pub const WORST_ITERATIONS: usize = 4;

/// How far below the distance the shortest range near the worst direction may fall at
/// the payload found, m (the payload's own tolerance moves the range by less).
pub const WORST_RANGE_TOLERANCE_M: f64 = 2e3;

/// What the answers assume, in one line.
pub const GLOBAL_PAYLOAD_ASSUMPTION: &str = "model boost: the generic vehicle fitted to the test (one stage, nominal 50,000 kg at lift-off), rotating Earth, from the test's site; the extra payload is a mass carried from lift-off to burnout with the same propellant, thrust and drag area, flown for maximum range; kg are on the generic vehicle's nominal scale and % are of the fitted burnout mass: the vehicle is scale-free, so only the share of the burnout mass carries over to the real missile, whose burnout mass is not published";

/// Which direction an answer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Toward the test's azimuth.
    TestAzimuth,
    /// Toward the launch azimuth with the shortest standard range.
    Worst,
}

/// The extra payload at which the standard range in one direction falls to a distance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PayloadToward {
    /// The distance, m.
    pub distance_m: f64,
    /// Which direction.
    pub direction: Direction,
    /// The launch azimuth flown, rad (the worst one at the payload found).
    pub azimuth_rad: f64,
    /// The answer (the heaviest extra payload, or why there is none).
    pub answer: PayloadAnswer,
}

/// What a test with global reach can carry, for the generic vehicle fitted to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GlobalPayload {
    /// The fitted burnout mass on the generic vehicle's nominal scale, kg.
    pub fitted_burnout_mass_kg: f64,
    /// The fitted lift-off mass (the nominal scale), kg.
    pub liftoff_mass_kg: f64,
    /// The test's launch azimuth, rad.
    pub test_azimuth_rad: f64,
    /// The fitted vehicle's standard range toward the test's azimuth, m (None: global reach).
    pub fitted_standard_range_m: Option<f64>,
    /// The fitted vehicle's shortest standard range over all azimuths and its azimuth
    /// (None: global reach in every direction).
    pub fitted_worst: (Option<f64>, f64),
    /// The answers: each distance toward the test's azimuth and in the worst direction.
    pub rows: Vec<PayloadToward>,
    /// The heaviest extra payload that still reaches the target, where one was named.
    pub target: Option<PayloadFor>,
    /// What is assumed, in one line.
    pub assumption: String,
}

/// True when an impulsive model (kepler, or rotating and earth toward the test's azimuth
/// where the question has a site and a test azimuth) gives the question global reach.
pub fn impulsive_global_reach(q: &Question) -> bool {
    let global = |m: Model| estimate(q, &m, &Request::default()).is_ok_and(|e| e.standard.is_global());
    global(Model::KEPLER)
        || (q.site.is_some() && q.test_azimuth_rad.is_some() && (global(Model::ROTATING) || global(Model::EARTH)))
}

fn lean(azimuth_rad: Option<f64>) -> Request {
    Request { standard_azimuth_rad: azimuth_rad, other_roots: false, ..Request::default() }
}

fn payload_of(a: &PayloadAnswer) -> f64 {
    match a {
        PayloadAnswer::Heaviest { payload_kg, .. } => *payload_kg,
        PayloadAnswer::EveryPayload { heaviest_liftable_kg, .. } => *heaviest_liftable_kg,
        PayloadAnswer::ShortAtZero { .. } => 0.0,
    }
}

/// Standard range toward `azimuth_rad`, m; global reach counts as half the circumference.
fn range_or_half(v: &FittedVehicle, azimuth_rad: f64) -> Result<f64> {
    let half_m = v.earth.half_circumference_m();
    Ok(v.toward(normalize_angle_rad(azimuth_rad))?.range_m.unwrap_or(half_m))
}

/// The answer in the worst direction, starting from `start_az` (the shortest range's
/// azimuth found earlier), or from a sweep at `start_kg` when there is none.
fn worst(
    q: &Question,
    fv: &FittedVehicle,
    distance_m: f64,
    start_kg: f64,
    start_az: Option<f64>,
) -> Result<PayloadToward> {
    let step = WORST_SWEEP_STEP_DEG.to_radians();
    let mut az = match start_az {
        Some(az) => az,
        None => with_extra_payload(fv, start_kg).sweep(step)?.min.azimuth_rad,
    };
    let h = WORST_LOCAL_HALF_WIDTH_DEG.to_radians();
    for _ in 0..WORST_ITERATIONS {
        let p = payload_for(q, &Model::BOOST, &lean(Some(az)), Goal::Range { range_m: distance_m })?;
        let answer = p.answer;
        let PayloadAnswer::Heaviest { payload_kg, .. } = answer else {
            return Ok(PayloadToward { distance_m, direction: Direction::Worst, azimuth_rad: az, answer });
        };
        let v = with_extra_payload(fv, payload_kg);
        let (a_min, r_min, _) = try_brent_minimize(|a| range_or_half(&v, a), az - h, az + h, 1e-4, 60)?;
        if r_min >= distance_m - WORST_RANGE_TOLERANCE_M {
            return Ok(PayloadToward { distance_m, direction: Direction::Worst, azimuth_rad: az, answer });
        }
        az = normalize_angle_rad(a_min);
    }
    Err(Error::NoSolution {
        what: format!(
            "the worst direction for {} km did not settle after {WORST_ITERATIONS} payload solves",
            crate::fmt::grouped(distance_m / 1e3)
        ),
        report: SolverReport::closed_form(),
    })
}

/// What the question's test can carry (model boost, the generic vehicle fitted to it):
/// for each of `distances_m`, the extra payload at which its standard range falls to it
/// toward the test's azimuth and in the worst direction; and, with a `target`, the
/// heaviest extra payload that still reaches it. Needs a site and a test azimuth.
pub fn global_payload(q: &Question, distances_m: &[f64], target: Option<&Site>) -> Result<GlobalPayload> {
    if q.vehicle.is_some() {
        return Err(Error::invalid("vehicle", "a vehicle file", "the generic vehicle (no --vehicle)"));
    }
    if q.site.is_none() || q.test_azimuth_rad.is_none() {
        return Err(Error::invalid(
            "site",
            "none",
            "a test with a launch site and a test azimuth (the payload for global reach is per direction)",
        ));
    }
    let est = estimate(q, &Model::BOOST, &lean(None))?;
    let Some(b) = est.boost.as_ref() else {
        return Err(Error::invalid("apogee", "none", "a lofted test to fit the vehicle to"));
    };
    let fv = &b.fitted_vehicle;
    let az_test = crate::estimate::test_launch(q, Model::BOOST)?.azimuth_rad;
    let sweep = fv.sweep(WORST_SWEEP_STEP_DEG.to_radians())?;
    let mut rows = Vec::new();
    // The worst direction as tested, where bounded, starts the search; each answer's
    // worst azimuth starts the next.
    let mut start_az = sweep.min.range_m.map(|_| sweep.min.azimuth_rad);
    for &d in distances_m {
        let t = payload_for(q, &Model::BOOST, &lean(Some(az_test)), Goal::Range { range_m: d })?;
        let start = payload_of(&t.answer);
        rows.push(PayloadToward {
            distance_m: d,
            direction: Direction::TestAzimuth,
            azimuth_rad: az_test,
            answer: t.answer,
        });
        let w = worst(q, fv, d, start, start_az)?;
        start_az = Some(w.azimuth_rad);
        rows.push(w);
    }
    let target = match target {
        Some(s) => {
            Some(payload_for(q, &Model::BOOST, &lean(None), Goal::Target { lat_rad: s.lat_rad, lon_rad: s.lon_rad })?)
        }
        None => None,
    };
    let fitted_burnout_mass_kg = burnout_mass_kg(&fv.plan);
    debug_assert!((fv.plan.liftoff_mass_kg - crate::vehicle::defaults::NOMINAL_LIFTOFF_MASS_KG).abs() < 1e-6);
    let assumption = GLOBAL_PAYLOAD_ASSUMPTION.to_string();
    Ok(GlobalPayload {
        fitted_burnout_mass_kg,
        liftoff_mass_kg: fv.plan.liftoff_mass_kg,
        test_azimuth_rad: az_test,
        fitted_standard_range_m: est.standard.range_m(),
        fitted_worst: (sweep.min.range_m, sweep.min.azimuth_rad),
        rows,
        target,
        assumption,
    })
}

/// One catalog entry's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogPayload {
    /// The entry.
    pub entry: &'static crate::data::catalog::CatalogEntry,
    /// What it could carry, or why that was not computed.
    pub payload: Result<GlobalPayload>,
}

/// [`global_payload`] for every row of the catalog table with global reach under an
/// impulsive model (kepler, sphere, rotating toward the test's azimuth or earth) and a test
/// azimuth, at [`GLOBAL_PAYLOAD_DISTANCES_M`], in parallel (in the table's order).
pub fn catalog_payloads(table: &[crate::analysis::catalog_table::CatalogRow]) -> Vec<CatalogPayload> {
    use crate::analysis::catalog_table::{question, RangeCell};
    use rayon::prelude::*;
    table
        .par_iter()
        .filter(|r| {
            r.entry.azimuth_deg.is_some()
                && [&r.kepler, &r.sphere, &r.rotating, &r.earth].iter().any(|c| **c == RangeCell::Global)
        })
        .map(|r| CatalogPayload {
            entry: r.entry,
            payload: question(r.entry).and_then(|q| global_payload(&q, &GLOBAL_PAYLOAD_DISTANCES_M, None)),
        })
        .collect()
}
