//! Model 5 of MODEL.md, `boost`: the burnout state is the result of a simulated
//! powered flight instead of an input.
//!
//! A vehicle ([`vehicle::Vehicle`], 1 to 3 stages and a payload, or the generic
//! one-stage [`vehicle::GenericVehicle`]) flies a pitch program of vertical rise,
//! kick and gravity turn ([`powered`]), with drag in the U.S. Standard Atmosphere 1976
//! ([`atmosphere`]). [`estimate_boost`] fits the lofted test ([`fit`]: for the generic
//! vehicle the ideal Δv and the kick; for a given vehicle the payload and the kick),
//! checks the flight time, then flies the same vehicle and payload with the kick that
//! maximises the range (the standard trajectory). [`payload::payload_range`] sweeps
//! the payload.
//! [`FittedVehicle`] (in every [`BoostEstimate`]) flies the fitted vehicle's standard
//! trajectory toward any other launch azimuth, over all azimuths (the sweep of
//! `loftrange reach`) and toward targets, without fitting again.
//!
//! # Why the boost model gives a longer range than the two-body estimate
//! A lofted boost climbs almost vertically: its gravity loss is close to g0 × burn
//! time. The standard trajectory turns over early and burns out flatter, losing much
//! less to gravity, so the same vehicle reaches a higher burnout speed. The two-body
//! estimate gives both trajectories the same burnout speed and misses that gain.
//!
//! # The generic vehicle and its defaults
//! One equivalent constant-thrust stage (see [`defaults`] for each value and its
//! reason): lift-off thrust-to-weight 1.5, exhaust velocity 2.9 km/s, vertical rise
//! 10 s, the V-2 drag table of Sutton, lift-off mass per reference area 16 t/m², and a
//! standard trajectory that burns out no lower than 150 km. The generic vehicle is
//! scale-free: only these ratios matter, not its mass.
//!
//! The trap: without drag and without the floor, the range-maximising kick flies the
//! vehicle flat through the upper atmosphere at near-orbital speed (burnout below
//! 90 km, flight-path angle under 10°) and reports ranges of 20,000 km or global reach.
//! Drag alone does not prevent it with an ICBM's sectional density; the burnout floor
//! does, and its value matters: the sensitivity table of every estimate moves each
//! default by ±20 % and reports the standard range again.

pub mod file;
pub mod fit;
pub mod fitted;
pub mod payload;
pub mod payload_for;
pub mod powered;
pub mod stages;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::kepler;
use crate::flight::Flight;
use crate::flight::Launch;
pub use file::{GenericVehicle, Vehicle};
use fit::{Family, FitReport};
pub use fitted::FittedVehicle;
use powered::PoweredOptions;

pub use payload::{payload_range, PayloadRange, PayloadRangeRow};

/// Defaults of the generic vehicle and of the standard trajectory, each with its reason.
/// Every one of them is moved by ±20 % in the sensitivity table of an estimate.
pub mod defaults {
    /// Lift-off thrust-to-weight ratio of the generic vehicle.
    ///
    /// Reason: liquid-propellant ballistic missiles lift off slowly, at a net
    /// acceleration of a fraction of g, to keep engines and tanks light. With the
    /// default exhaust velocity and the Δv fitted to the 2017-11-28 test (8.6 km/s) the
    /// equivalent stage then burns for about 190 s, the order of the whole powered
    /// flight of a two-stage liquid ICBM. The burn time sets the lofted gravity loss
    /// (≈ g0 × burn time), hence the whole lofted-to-standard gain: this is the default
    /// the standard range depends on most (see the sensitivity table).
    pub const THRUST_TO_WEIGHT: f64 = 1.5;

    /// Effective exhaust velocity of the generic vehicle, m/s (specific impulse 296 s).
    ///
    /// Reason: a mean over the flight, sea level to vacuum, of engines burning storable
    /// liquid propellants (nitrogen tetroxide with hydrazine derivatives or kerosene),
    /// whose specific impulses lie roughly between 250 s at sea level and 320 s in
    /// vacuum (G. P. Sutton and O. Biblarz, *Rocket Propulsion Elements*, 7th ed.,
    /// Wiley 2001, tables of liquid-propellant performance). It sets the mass ratio for
    /// a given Δv, and with the thrust-to-weight the burn time.
    pub const EXHAUST_VELOCITY_M_S: f64 = 2_900.0;

    /// Vertical rise before the kick, s.
    ///
    /// Reason: the vehicle must clear its launcher and gain speed before it is turned;
    /// open missile fly-out models start the pitch program about 10 s after lift-off.
    /// The fitted kick absorbs most of a change of this value.
    pub const VERTICAL_RISE_S: f64 = 10.0;

    /// Lift-off mass per unit reference area, kg/m²; sets the generic vehicle's
    /// reference area (area = lift-off mass / this).
    ///
    /// Reason: an ICBM-class vehicle. The Minuteman III (about 36 t at lift-off, 1.67 m
    /// diameter: U.S. Air Force LGM-30G fact sheet) has about 16,000 kg/m²; larger
    /// vehicles have more (mass grows as length × area).
    pub const SECTIONAL_DENSITY_KG_M2: f64 = 16_000.0;

    /// Lowest burnout altitude allowed on the standard trajectory, m.
    ///
    /// Reason: a ballistic missile releases its payload above the sensible atmosphere.
    /// Without a floor the range-maximising kick of this pitch program burns out below
    /// 90 km at near-orbital speed (module docs: the trap), which no ballistic missile
    /// flies: the payload would skim the atmosphere at 7.5 km/s. 150 km is where the
    /// standard atmosphere's density (2e-9 kg/m³) no longer matters to a payload; lower
    /// floors give longer ranges (see the sensitivity table). The lofted fit is not
    /// constrained: it burns out near 280 km. A vehicle that cannot reach the floor even
    /// on a vertical flight (a short-range missile such as the V-2) is not held to it:
    /// it cannot fly the trap, and drag alone keeps its optimum ballistic.
    pub const MIN_BURNOUT_ALTITUDE_M: f64 = 150_000.0;

    /// Nominal lift-off mass of the generic vehicle, kg (it is scale-free: this only
    /// sets the printed masses and reference area).
    pub const NOMINAL_LIFTOFF_MASS_KG: f64 = 50_000.0;
}

/// How to run the boost model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoostOptions {
    /// The vehicle; None flies the generic vehicle.
    pub vehicle: Option<Vehicle>,
    /// The generic vehicle's parameters (used when `vehicle` is None).
    pub generic: GenericVehicle,
    /// Drag during the ascent (default true).
    pub drag: bool,
    /// The Earth (rotating or not).
    pub earth: Earth,
    /// Launch site and the test's launch azimuth.
    pub launch: Launch,
    /// Launch azimuth of the standard trajectory, rad (default: the test's).
    pub standard_azimuth_rad: Option<f64>,
    /// Lowest burnout altitude of the standard trajectory, m (None: unconstrained).
    pub min_burnout_altitude_m: Option<f64>,
    /// Points to sample on each trajectory (0: none).
    pub samples: usize,
    /// Compute the ±20 % sensitivity table.
    pub sensitivity: bool,
    /// Look for the other fits that reproduce the test (MODEL.md, "Inverse: more than
    /// one root").
    #[serde(default)]
    pub other_roots: bool,
    /// Integrator settings (tolerances; `samples`, `drag`, `stop_*` are set per flight).
    pub integration: PoweredOptions,
}

impl BoostOptions {
    /// Defaults: generic vehicle, drag on, the documented floor, 200 samples, sensitivity on.
    pub fn new(earth: Earth, launch: Launch) -> Self {
        BoostOptions {
            vehicle: None,
            generic: GenericVehicle::default(),
            drag: true,
            earth,
            launch,
            standard_azimuth_rad: None,
            min_burnout_altitude_m: Some(defaults::MIN_BURNOUT_ALTITUDE_M),
            samples: 200,
            sensitivity: true,
            other_roots: true,
            integration: PoweredOptions::default(),
        }
    }

    fn powered(&self, samples: usize) -> PoweredOptions {
        PoweredOptions { drag: self.drag, samples, stop_at_apogee: false, stop_at_burnout: false, ..self.integration }
    }

    /// The options with the vehicle's ramp-and-hold start and stop optimised where its
    /// file leaves them open ([`resolve_vehicle_pitch`], toward the standard azimuth);
    /// the options themselves otherwise.
    pub fn with_pitch_resolved(&self) -> Result<BoostOptions> {
        let Some(v) = self.vehicle.as_ref().filter(|v| v.pitch.needs_times()) else { return Ok(self.clone()) };
        let az = self.standard_azimuth_rad.unwrap_or(self.launch.azimuth_rad);
        let launch = Launch { azimuth_rad: az, ..self.launch };
        let v = resolve_vehicle_pitch(v, &self.earth, &launch, &self.powered(0), self.min_burnout_altitude_m)?;
        Ok(BoostOptions { vehicle: Some(v), ..self.clone() })
    }
}

/// The vehicle with the start and stop of its ramp-and-hold pitch program optimised for
/// range where its file leaves them open: the standard trajectory of the vehicle with its
/// own payload from `launch` ([`fit::resolve_pitch`]). They are then the vehicle's, as a
/// missile's programmer fixes them: the lofted fit, the standard trajectories toward every
/// azimuth, the payloads and the Monte Carlo samples fly them, and only the hold angle
/// (given in the file, or fitted and optimised as the kick is) varies. Any other vehicle
/// is returned as it is.
pub fn resolve_vehicle_pitch(
    vehicle: &Vehicle,
    earth: &Earth,
    launch: &Launch,
    powered: &PoweredOptions,
    min_burnout_altitude_m: Option<f64>,
) -> Result<Vehicle> {
    if !vehicle.pitch.needs_times() {
        return Ok(vehicle.clone());
    }
    let (plan, _) = fit::resolve_pitch(earth, launch, &vehicle.plan(), powered, min_burnout_altitude_m)?;
    Ok(Vehicle { pitch: plan.pitch, ..vehicle.clone() })
}

/// What the lofted fit found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitResult {
    /// Ideal Δv of the fitted vehicle, m/s (the unknown for the generic vehicle).
    pub delta_v_m_s: f64,
    /// Kick angle of the lofted test, rad.
    pub kick_rad: f64,
    /// Fitted payload, kg (when a vehicle was given).
    pub payload_kg: Option<f64>,
    /// How the solvers went, with the apogee and range residuals.
    pub report: FitReport,
    /// Jacobian of (apogee, signed range), m, with respect to (the unknown, the kick in
    /// rad) at the solution, when Newton found it.
    #[serde(default)]
    pub jacobian: Option<[[f64; 2]; 2]>,
}

pub use crate::checks::flight_time::FlightTimeCheck;

/// One row of the sensitivity table: a default moved, everything refitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SensitivityRow {
    /// The parameter moved (`thrust_to_weight`, `exhaust_velocity_m_s`, ...).
    pub parameter: String,
    /// Factor applied to its default (0.8 or 1.2).
    pub factor: f64,
    /// Its value in the row (SI unit of the parameter name).
    pub value: f64,
    /// Standard range, m (None with global reach or on failure).
    pub standard_range_m: Option<f64>,
    /// Global reach in this row.
    pub global_reach: bool,
    /// Simulated lofted flight time, s.
    pub lofted_flight_time_s: Option<f64>,
    /// Why the row failed, if it did.
    pub error: Option<String>,
}

/// Everything the boost model computed for one lofted test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoostEstimate {
    /// The fit of the lofted test.
    pub fitted: FitResult,
    /// The fitted lofted flight.
    pub lofted: Flight,
    /// The standard trajectory of the same vehicle and payload.
    pub standard: crate::standard::Standard,
    /// Reported against simulated flight time (when a flight time was reported).
    pub flight_time_check: Option<FlightTimeCheck>,
    /// Each default moved by ±20 %, refitted, and the standard range again.
    pub sensitivity: Vec<SensitivityRow>,
    /// The model's assumptions, in words.
    pub assumptions: String,
    /// The fitted vehicle, ready to fly toward other azimuths and targets.
    pub fitted_vehicle: FittedVehicle,
    /// Other fits that reproduce the test (MODEL.md, "Inverse: more than one root"):
    /// on a rotating Earth a steeper kick whose impact lies behind the site.
    #[serde(default)]
    pub other_roots: Vec<crate::inverse::OtherRootSummary>,
}

/// The family of plans for the options, with the cold start for a test of apogee `apogee_m`.
fn family(opts: &BoostOptions, apogee_m: f64) -> Family<'_> {
    match &opts.vehicle {
        None => {
            let g = opts.generic.clone();
            let guess = g.delta_v_guess(&opts.earth, apogee_m).clamp(1_000.0, 20_000.0);
            Family {
                plan: Box::new(move |dv| g.plan(dv)),
                lo: 1_000.0,
                hi: 20_000.0,
                x_tol: 1e-3,
                guess,
                increasing: true,
                name: "ideal delta-v",
            }
        }
        Some(v) => payload::payload_family(v),
    }
}

pub(crate) fn validate(apogee_m: f64, range_m: f64, flight_time_s: Option<f64>, opts: &BoostOptions) -> Result<()> {
    kepler::check_observation(&Earth { omega_rad_s: 0.0, ..opts.earth }, apogee_m, range_m, 0.0)?;
    if let Some(t) = flight_time_s {
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::invalid("flight time", format!("{t} s"), "a positive time"));
        }
    }
    if opts.vehicle.is_none() {
        opts.generic.validate()?;
    }
    if let Some(f) = opts.min_burnout_altitude_m {
        if !(f.is_finite() && f >= 0.0) {
            return Err(Error::invalid("burnout floor", format!("{f} m"), "an altitude of 0 m or more"));
        }
    }
    Ok(())
}

/// The core of an estimate without sensitivity: fit, then standard (with the fitted
/// vehicle, which is returned for further azimuths).
fn fit_and_standard(
    apogee_m: f64,
    range_m: f64,
    opts: &BoostOptions,
    samples: usize,
) -> Result<(FitResult, Flight, crate::standard::Standard, FittedVehicle)> {
    fit_and_standard_from(apogee_m, range_m, opts, samples, None)
}

/// Where a fit and its standard trajectory start (a Monte Carlo sample from the nominal).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Warm {
    /// Start of the fit.
    pub fit: fit::FitStart,
    /// Kick to start the standard trajectory's searches from, rad.
    pub standard_kick_rad: Option<f64>,
}

/// [`fit_and_standard`] from a warm start; the answer does not depend on it beyond
/// the solvers' tolerances. Also returns the fit's Jacobian (when Newton found it).
pub(crate) fn fit_and_standard_from(
    apogee_m: f64,
    range_m: f64,
    opts: &BoostOptions,
    samples: usize,
    warm: Option<&Warm>,
) -> Result<(FitResult, Flight, crate::standard::Standard, FittedVehicle)> {
    let fam = family(opts, apogee_m);
    let fit = fit::fit_lofted_from(
        &opts.earth,
        &opts.launch,
        &fam,
        apogee_m,
        range_m,
        &opts.powered(samples),
        warm.map(|w| &w.fit),
    )?;
    let plan = (fam.plan)(fit.value);
    let fitted = FitResult {
        delta_v_m_s: plan.ideal_delta_v_m_s(),
        kick_rad: fit.kick_rad,
        payload_kg: opts.vehicle.as_ref().map(|_| fit.value),
        report: fit.report,
        jacobian: fit.jacobian,
    };
    let lofted = fit.flight;
    let vehicle = FittedVehicle {
        plan,
        earth: opts.earth,
        lat_rad: opts.launch.lat_rad,
        lon_rad: opts.launch.lon_rad,
        powered: opts.powered(0),
        min_burnout_altitude_m: opts.min_burnout_altitude_m,
    };
    let az = opts.standard_azimuth_rad.unwrap_or(opts.launch.azimuth_rad);
    let st = vehicle.standard_from(az, samples, warm.and_then(|w| w.standard_kick_rad))?;
    Ok((fitted, lofted, st, vehicle))
}

/// The boost model for a lofted test of apogee `apogee_m` and ground range `range_m`
/// (and, optionally, the reported flight time `flight_time_s`, only checked).
pub fn estimate_boost(
    apogee_m: f64,
    range_m: f64,
    flight_time_s: Option<f64>,
    opts: &BoostOptions,
) -> Result<BoostEstimate> {
    validate(apogee_m, range_m, flight_time_s, opts)?;
    let opts = &opts.with_pitch_resolved()?;
    let (mut fitted, mut lofted, mut standard, mut fitted_vehicle) =
        fit_and_standard(apogee_m, range_m, opts, opts.samples)?;
    // MODEL.md's rule among the fits: the shallowest whose impact lies ahead (the largest
    // kick: the burnout flattens as the kick grows); the others are reported.
    let mut others = if opts.other_roots {
        other_fits(apogee_m, range_m, opts, &fitted, lofted.powered().burnout.altitude_m)?
    } else {
        Vec::new()
    };
    let shallower = others
        .iter()
        .enumerate()
        .filter(|(_, o)| o.2.powered().signed_range_m > 0.0 && o.0 > fitted.kick_rad)
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
        .map(|(i, _)| i);
    if let Some(i) = shallower {
        let (kick_rad, value, _) = others.remove(i);
        let warm = Warm { fit: fit::FitStart { value, kick_rad, jacobian: None }, standard_kick_rad: None };
        let first = (fitted.kick_rad, fitted.payload_kg.unwrap_or(fitted.delta_v_m_s), lofted.clone());
        (fitted, lofted, standard, fitted_vehicle) =
            fit_and_standard_from(apogee_m, range_m, opts, opts.samples, Some(&warm))?;
        others.push(first);
    }
    let other_roots = others
        .iter()
        .map(|(_, value, flight)| other_root_summary(apogee_m, opts, *value, flight))
        .collect::<Result<Vec<_>>>()?;
    let flight_time_check =
        flight_time_s.map(|reported_s| FlightTimeCheck::launch_to_impact(reported_s, lofted.flight_time_s));
    let sensitivity = if opts.sensitivity { sensitivity(apogee_m, range_m, opts) } else { Vec::new() };
    Ok(BoostEstimate {
        fitted,
        lofted,
        standard,
        flight_time_check,
        sensitivity,
        assumptions: assumptions(opts),
        fitted_vehicle,
        other_roots,
    })
}

/// The boost's vertical flight drifts farther than the impulsive one from its burnout
/// height by the drift during the ascent: the decision to look for other fits allows
/// this factor on the impulsive drift before flying the boost's own vertical flight.
const DRIFT_MARGIN: f64 = 1.5;

/// Kicks of the scan along the fixed-apogee curve, from the vertical to twice the
/// fitted kick (where the range is about twice the reported one).
const SCAN_KICKS: usize = 16;

/// The other fits that reproduce the test (MODEL.md, "Inverse: more than one root"): on
/// a rotating Earth the vertical flight (no kick) drifts with the ground; where the
/// reported range is near that drift, the range along the fixed-apogee curve can fall
/// and grow again as the kick grows, on either side of the site. The curve is scanned
/// from the vertical to twice the fitted kick, and each crossing of the reported
/// range fitted again from there. Each fit: its kick, its value, its flight (ahead of the
/// site or not).
fn other_fits(
    apogee_m: f64,
    range_m: f64,
    opts: &BoostOptions,
    fitted: &FitResult,
    fitted_burnout_altitude_m: f64,
) -> Result<Vec<(f64, f64, Flight)>> {
    if !opts.earth.rotates() {
        return Ok(Vec::new());
    }
    // Whether to look: the impulsive inverse's rule, with the drift of a vertical
    // impulsive flight from the fit's burnout height (the powered ascent drifts little).
    let burnout_altitude_m = fitted_burnout_altitude_m.clamp(0.0, 0.5 * apogee_m);
    let conic_drift_m = crate::inverse::vertical_drift_m(&opts.earth, &opts.launch, apogee_m, burnout_altitude_m);
    if !crate::inverse::may_have_more_roots(range_m, DRIFT_MARGIN * conic_drift_m) {
        return Ok(Vec::new());
    }
    let fam = family(opts, apogee_m);
    let value = fitted.payload_kg.unwrap_or(fitted.delta_v_m_s);
    let quiet = opts.powered(0);
    let (earth, launch) = (&opts.earth, &opts.launch);
    let Some((_, vertical)) = fit::on_curve(earth, launch, &fam, apogee_m, 0.0, value, &quiet)? else {
        return Ok(Vec::new());
    };
    if !crate::inverse::may_have_more_roots(range_m, vertical.range_m) {
        return Ok(Vec::new());
    }
    let mut out: Vec<(f64, f64, Flight)> = Vec::new();
    let mut prev = (0.0, value, vertical.range_m);
    for j in 1..=SCAN_KICKS {
        let k = fitted.kick_rad * 2.0 * j as f64 / SCAN_KICKS as f64;
        let Some((x, f)) = fit::on_curve(earth, launch, &fam, apogee_m, k, prev.1, &quiet)? else { continue };
        if (prev.2 - range_m) * (f.range_m - range_m) <= 0.0 {
            // Fit again from the crossing, toward the side its impact lies on.
            let t = (range_m - prev.2) / (f.range_m - prev.2);
            let start = fit::FitStart { value: x, kick_rad: prev.0 + t * (k - prev.0), jacobian: None };
            let signed = if f.powered().signed_range_m < 0.0 { -range_m } else { range_m };
            if let Ok(fit) = fit::fit_lofted_from(earth, launch, &fam, apogee_m, signed, &quiet, Some(&start)) {
                let new = (fit.kick_rad - fitted.kick_rad).abs() > 1e-9
                    && out.iter().all(|o| (o.0 - fit.kick_rad).abs() > 1e-9);
                if new {
                    out.push((fit.kick_rad, fit.value, fit.flight));
                }
            }
        }
        prev = (k, x, f.range_m);
    }
    Ok(out)
}

/// The fitted vehicle of an other fit, and its standard range toward the headline's
/// azimuth.
fn other_root_summary(
    apogee_m: f64,
    opts: &BoostOptions,
    value: f64,
    flight: &Flight,
) -> Result<crate::inverse::OtherRootSummary> {
    let fam = family(opts, apogee_m);
    let vehicle = FittedVehicle {
        plan: (fam.plan)(value),
        earth: opts.earth,
        lat_rad: opts.launch.lat_rad,
        lon_rad: opts.launch.lon_rad,
        powered: opts.powered(0),
        min_burnout_altitude_m: opts.min_burnout_altitude_m,
    };
    let az = opts.standard_azimuth_rad.unwrap_or(opts.launch.azimuth_rad);
    let standard_range_m = vehicle.standard(az, 0)?.range_m();
    let b = flight.powered().burnout;
    Ok(crate::inverse::OtherRootSummary {
        burnout: kepler::Burnout { speed_m_s: b.speed_m_s, gamma_rad: b.gamma_rad, altitude_m: b.altitude_m },
        impact_ahead: flight.powered().signed_range_m > 0.0,
        standard_range_m,
    })
}

/// The options with one default moved by `factor`; None when the parameter does not apply.
fn moved(opts: &BoostOptions, parameter: &str, factor: f64) -> Option<(BoostOptions, f64)> {
    let mut o = opts.clone();
    o.samples = 0;
    o.sensitivity = false;
    let value = match (parameter, &mut o.vehicle) {
        ("thrust_to_weight", None) => {
            // A ratio above 1 is what is moved: 1.5 → 1.2 and 1.8.
            o.generic.thrust_to_weight *= factor;
            o.generic.thrust_to_weight
        }
        ("exhaust_velocity_m_s", None) => {
            o.generic.exhaust_velocity_m_s *= factor;
            o.generic.exhaust_velocity_m_s
        }
        ("vertical_rise_s", None) => {
            o.generic.vertical_rise_s *= factor;
            o.generic.vertical_rise_s
        }
        ("vertical_rise_s", Some(v)) if v.pitch.is_gravity_turn() => {
            v.vertical_rise_s *= factor;
            v.vertical_rise_s
        }
        ("sectional_density_kg_m2", None) => {
            o.generic.sectional_density_kg_m2 *= factor;
            o.generic.sectional_density_kg_m2
        }
        ("drag_cd_scale", None) => {
            o.generic.cd_scale *= factor;
            o.generic.cd_scale
        }
        ("drag_cd_scale", Some(v)) => {
            *v = v.with_drag_scaled(factor);
            factor
        }
        ("min_burnout_altitude_m", _) => {
            let f = o.min_burnout_altitude_m? * factor;
            o.min_burnout_altitude_m = Some(f);
            f
        }
        _ => return None,
    };
    Some((o, value))
}

/// Parameters of the sensitivity table.
const SENSITIVITY_PARAMETERS: [&str; 6] = [
    "thrust_to_weight",
    "exhaust_velocity_m_s",
    "vertical_rise_s",
    "sectional_density_kg_m2",
    "drag_cd_scale",
    "min_burnout_altitude_m",
];

/// Every default moved by −20 % and +20 %, each row refitted (in parallel; the rows
/// do not depend on each other, so the result does not depend on the threads).
pub fn sensitivity(apogee_m: f64, range_m: f64, opts: &BoostOptions) -> Vec<SensitivityRow> {
    let cases: Vec<(String, f64, BoostOptions, f64)> = SENSITIVITY_PARAMETERS
        .iter()
        .flat_map(|p| [0.8, 1.2].map(|f| (p, f)))
        .filter_map(|(p, f)| moved(opts, p, f).map(|(o, v)| (p.to_string(), f, o, v)))
        .collect();
    cases
        .into_par_iter()
        .map(|(parameter, factor, o, value)| match fit_and_standard(apogee_m, range_m, &o, 0) {
            Ok((_, lofted, st, _)) => SensitivityRow {
                parameter,
                factor,
                value,
                standard_range_m: st.range_m(),
                global_reach: st.range_m().is_none(),
                lofted_flight_time_s: Some(lofted.flight_time_s),
                error: None,
            },
            Err(e) => SensitivityRow {
                parameter,
                factor,
                value,
                standard_range_m: None,
                global_reach: false,
                lofted_flight_time_s: None,
                error: Some(e.to_string()),
            },
        })
        .collect()
}

/// The assumptions of a run, in one paragraph.
pub fn assumptions(opts: &BoostOptions) -> String {
    let vehicle = match &opts.vehicle {
        None => format!(
            "generic one-stage vehicle (lift-off thrust-to-weight {:.2}, exhaust velocity {:.0} m/s, vertical rise {:.0} s, {:.0} kg/m² lift-off mass per reference area, V-2 drag table x {:.2}); ideal delta-v and kick fitted to apogee and range",
            opts.generic.thrust_to_weight,
            opts.generic.exhaust_velocity_m_s,
            opts.generic.vertical_rise_s,
            opts.generic.sectional_density_kg_m2,
            opts.generic.cd_scale
        ),
        Some(v) => format!(
            "vehicle {} ({} stages; {}); payload and {} fitted to apogee and range",
            v.label(),
            v.stages.len(),
            crate::fmt::escape_text(&v.source),
            if v.pitch.is_gravity_turn() { "kick" } else { "hold elevation" }
        ),
    };
    let floor = match opts.min_burnout_altitude_m {
        Some(f) => format!("standard trajectory burns out at or above {:.0} km", f / 1e3),
        None => "no burnout-altitude floor".into(),
    };
    let rotation = if opts.earth.omega_rad_s != 0.0 { " rotating at the WGS 84 rate" } else { ", not rotating" };
    let surface = match opts.earth.surface {
        crate::earth::Surface::Sphere => format!("spherical Earth (R = {:.1} km){rotation}", opts.earth.radius_m / 1e3),
        crate::earth::Surface::Ellipsoid(e) => format!(
            "WGS 84 ellipsoid (a = {:.3} km){rotation}{}, geodetic heights and geodesic ranges (thrust directions from the geocentric vertical)",
            e.a_m / 1e3,
            if opts.earth.j2 != 0.0 { ", J2 gravity" } else { "" }
        ),
    };
    let pitch = opts.vehicle.as_ref().map_or_else(|| file::Pitch::GravityTurn.describe(), |v| v.pitch.describe());
    let aero = if opts.vehicle.as_ref().is_some_and(|v| v.stages.iter().any(|s| s.aero.is_some())) {
        "; per-stage reference area and drag table, changed at each staging"
    } else {
        ""
    };
    format!(
        "boost model: {vehicle}; pitch program {pitch}{aero}; {}; {}; {floor}; {surface}; re-entry ignored",
        if opts.drag { "drag during the ascent (U.S. Standard Atmosphere 1976)" } else { "no drag" },
        "constant thrust per stage",
    )
}

#[cfg(test)]
mod tests;
