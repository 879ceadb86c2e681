//! One question, one answer: a [`Question`] (a lofted test, a burnout state, or a vehicle
//! with its payload), a [`Model`] (the physics), a [`Request`] of what to compute beyond
//! the headline, and [`estimate`], which returns the [`Estimate`]. Every front end (the
//! command line, a batch line, the web page, Python) builds these three and calls it.

use serde::{Deserialize, Serialize};

use crate::checks::lofted::LoftedCheck;
use crate::error::{Error, Result};
use crate::flight::kepler::{self, Burnout};
use crate::flight::trajectory::Trajectory;
use crate::flight::{Flight, FlightOptions, Launch};
use crate::flyer::{Flyer, Impulsive};
use crate::geo::{self, Site};
use crate::inverse::{self, InverseMethod, OtherRootSummary};
use crate::model::Model;
use crate::numerics::solve::SolverReport;
use crate::standard::margin::GlobalMargin;
use crate::standard::target::TargetReach;
use crate::standard::{AzimuthRange, Standard, Sweep};
use crate::vehicle::payload_for::{ExtraPayload, ExtraPayloadSpec};
use crate::vehicle::stages::{self, SpentStages, StagesOf};
use crate::vehicle::{BoostEstimate, FittedVehicle, Vehicle};

pub use crate::checks::flight_time::FlightTimeCheck;
pub use crate::flight::{MAX_BURNOUT_SPEED_M_S, MIN_BURNOUT_SPEED_M_S};

/// What was reported about a lofted test (SI units).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// Apogee altitude, m.
    pub apogee_m: f64,
    /// Ground range from launch to impact, m.
    pub range_m: f64,
    /// Reported flight time from launch to impact, s (optional: a check, not a fit).
    pub flight_time_s: Option<f64>,
    /// Burnout altitude, m (impulsive burnout directly above the launch point).
    pub burnout_altitude_m: f64,
}

impl Observation {
    /// An observation with burnout at the surface and no flight time.
    pub fn new(apogee_m: f64, range_m: f64) -> Self {
        Observation { apogee_m, range_m, flight_time_s: None, burnout_altitude_m: 0.0 }
    }
}

/// What is asked about: the three kinds of [`Question`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Asked {
    /// A lofted test: how far would the missile behind it fly on a standard trajectory?
    Lofted(Observation),
    /// A burnout state (impulsive models): how far does it fly?
    Burnout {
        /// Burnout speed relative to the ground, m/s.
        speed_m_s: f64,
        /// Burnout altitude above the site, m.
        altitude_m: f64,
    },
    /// The vehicle of [`Question::vehicle`] with a payload (model boost): how far does it
    /// fly?
    Vehicle {
        /// Payload, kg (None: the vehicle file's).
        payload_kg: Option<f64>,
    },
}

/// The question: what was observed (or what flies), where from, which way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// What is asked about.
    pub asked: Asked,
    /// The launch site (a rotating Earth needs it; elsewhere it places the ground track).
    pub site: Option<Site>,
    /// The lofted test's launch azimuth, rad clockwise from north (a rotating Earth needs
    /// it with a lofted test).
    pub test_azimuth_rad: Option<f64>,
    /// Model boost: the vehicle (a lofted test fits its payload; [`Asked::Vehicle`] flies
    /// it). None: the generic vehicle, fitted to the test.
    pub vehicle: Option<Vehicle>,
    /// Where the question's numbers come from, when not all from the user ("catalog entry
    /// 2017-11-28-hwasong15-kcna (KCNA)").
    pub source: Option<String>,
    /// The published test the apogee and range are (all from the catalog), in words for
    /// a headline: "the 2017-11-28 Hwasong-15 test".
    #[serde(default)]
    pub test_name: Option<String>,
}

impl Question {
    /// A lofted test of apogee `apogee_m` and ground range `range_m`, burnout at the
    /// surface, no flight time, no site.
    pub fn lofted(apogee_m: f64, range_m: f64) -> Question {
        Question::observed(Observation::new(apogee_m, range_m))
    }

    /// A lofted test.
    pub fn observed(observation: Observation) -> Question {
        Question {
            asked: Asked::Lofted(observation),
            site: None,
            test_azimuth_rad: None,
            vehicle: None,
            source: None,
            test_name: None,
        }
    }

    /// A burnout state: speed relative to the ground, m/s, at `altitude_m` above the site.
    pub fn burnout(speed_m_s: f64, altitude_m: f64) -> Question {
        Question {
            asked: Asked::Burnout { speed_m_s, altitude_m },
            site: None,
            test_azimuth_rad: None,
            vehicle: None,
            source: None,
            test_name: None,
        }
    }

    /// A vehicle with a payload, kg (None: the file's).
    pub fn vehicle(vehicle: Vehicle, payload_kg: Option<f64>) -> Question {
        Question {
            asked: Asked::Vehicle { payload_kg },
            site: None,
            test_azimuth_rad: None,
            vehicle: Some(vehicle),
            source: None,
            test_name: None,
        }
    }

    /// The same question from a launch site.
    pub fn at(self, site: Site) -> Question {
        Question { site: Some(site), ..self }
    }

    /// The same question with the test's launch azimuth, rad.
    pub fn toward(self, test_azimuth_rad: f64) -> Question {
        Question { test_azimuth_rad: Some(test_azimuth_rad), ..self }
    }

    /// The same lofted test with its reported flight time, s.
    pub fn with_flight_time(mut self, flight_time_s: f64) -> Question {
        if let Asked::Lofted(o) = &mut self.asked {
            o.flight_time_s = Some(flight_time_s);
        }
        self
    }

    /// The same question for a vehicle file (model boost).
    pub fn with_vehicle(self, vehicle: Vehicle) -> Question {
        Question { vehicle: Some(vehicle), ..self }
    }

    /// The lofted observation, if the question is about one.
    pub fn observation(&self) -> Option<&Observation> {
        match &self.asked {
            Asked::Lofted(o) => Some(o),
            _ => None,
        }
    }
}

/// What to compute beyond the headline standard trajectory. The defaults are cheap: the
/// headline only, no trajectory points, no sensitivity table, no global-reach margin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Request {
    /// Azimuth of the headline standard trajectory, rad (default: the test's).
    pub standard_azimuth_rad: Option<f64>,
    /// Further launch azimuths to report the standard range for, rad.
    pub azimuths_rad: Vec<f64>,
    /// Targets: the standard range toward each, and whether it is in reach (they need a
    /// launch site).
    pub targets: Vec<Site>,
    /// Sweep all launch azimuths with this step, rad.
    pub sweep_step_rad: Option<f64>,
    /// Points to sample on each trajectory for figures (0: none).
    pub samples: usize,
    /// Model boost: the standard range with each default moved ±20 %, refitted.
    pub sensitivity: bool,
    /// With global reach somewhere (impulsive models): the burnout speed's margin over
    /// the speed that reaches the antipode in the worst direction (a search over
    /// azimuths: a few hundred standard trajectories on a rotating Earth).
    pub global_margin: bool,
    /// Look for the other states that reproduce a lofted test (MODEL.md, "Inverse: more
    /// than one root"), with their standard range; costs only near the vertical drift.
    pub other_roots: bool,
    /// Model boost with the generic vehicle: also fly it with this extra payload.
    pub extra_payload: Option<ExtraPayloadSpec>,
    /// On a rotating Earth: also fly the headline's flyer (the same burnout speed, or
    /// the same vehicle) over a non-rotating sphere toward the same azimuth, for the
    /// headline's comparison ([`Estimate::non_rotating`]): one more standard trajectory,
    /// off by default (the command line and the page ask; Monte Carlo samples do not).
    pub non_rotating: bool,
    /// Model boost: fly each spent stage from its separation to impact with this
    /// ballistic coefficient, kg/m² (None: not computed;
    /// [`crate::vehicle::stages::DEFAULT_STAGE_BETA_KG_M2`] is the default parsed inputs
    /// ask for with model boost, `crate::config`).
    pub stage_beta_kg_m2: Option<f64>,
    /// Integrator tolerances.
    pub flight: FlightOptions,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            standard_azimuth_rad: None,
            azimuths_rad: Vec::new(),
            targets: Vec::new(),
            sweep_step_rad: None,
            samples: 0,
            sensitivity: false,
            global_margin: false,
            other_roots: true,
            extra_payload: None,
            non_rotating: false,
            stage_beta_kg_m2: None,
            flight: FlightOptions::default(),
        }
    }
}

impl Request {
    /// The same request with one more target.
    pub fn with_target(mut self, target: Site) -> Request {
        self.targets.push(target);
        self
    }

    /// The same request with a sweep over all azimuths every `step_rad`.
    pub fn with_sweep(self, step_rad: f64) -> Request {
        Request { sweep_step_rad: Some(step_rad), ..self }
    }

    /// The same request with `samples` points on each trajectory.
    pub fn with_samples(self, samples: usize) -> Request {
        Request { samples, ..self }
    }
}

/// The answer: everything loftrange computed for one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The question as asked.
    pub question: Question,
    /// The model used.
    pub model: Model,
    /// What was asked for beyond the headline.
    pub request: Request,
    /// The model's assumptions in one line.
    pub assumptions: String,
    /// What flies: the reconstructed (or given) burnout state, or the fitted vehicle.
    pub flyer: Flyer,
    /// The burnout state: of the lofted test (reconstructed or simulated), or in forward
    /// mode of the headline standard trajectory (flight-path angle NaN with global reach).
    pub burnout: Burnout,
    /// How the inverse was solved.
    pub inverse_method: Option<InverseMethod>,
    /// Inverse solver report (residual in m).
    pub inverse_report: Option<SolverReport>,
    /// The reconstructed lofted flight as computed (not echoed from the input).
    pub lofted: Option<Trajectory>,
    /// Flight-time check, when a flight time was reported.
    pub flight_time: Option<FlightTimeCheck>,
    /// The headline standard trajectory (toward the test azimuth unless another was asked).
    pub standard: Standard,
    /// The headline's launch azimuth, rad (None where the direction does not matter).
    pub standard_azimuth_rad: Option<f64>,
    /// Standard range toward each requested azimuth.
    pub by_azimuth: Vec<AzimuthRange>,
    /// Sweep over all azimuths, when asked.
    pub sweep: Option<Sweep>,
    /// Each requested target: the standard range toward it, in reach or not.
    pub targets: Vec<TargetReach>,
    /// Warnings about the inputs or results (one line each).
    pub warnings: Vec<String>,
    /// Model boost with a lofted test: the fit, both powered flights with their losses,
    /// the sensitivity table.
    pub boost: Option<BoostEstimate>,
    /// Impulsive models with global reach somewhere, when asked: the burnout speed's
    /// margin over the speed that reaches the antipode in the worst direction.
    pub global_margin: Option<GlobalMargin>,
    /// Is the reported flight lofted (at least as steep as the standard trajectory)?
    pub lofted_check: Option<LoftedCheck>,
    /// Model boost, generic vehicle: the standard trajectory with an extra payload.
    pub extra_payload: Option<ExtraPayload>,
    /// The other burnout states that reproduce the observation (MODEL.md, "Inverse: more
    /// than one root"), each with its standard range toward the headline's azimuth.
    pub other_roots: Vec<OtherRootSummary>,
    /// On a rotating Earth, when asked ([`Request::non_rotating`]): the same flyer's
    /// standard trajectory over a non-rotating sphere toward the headline's azimuth
    /// (model sphere with the same burnout speed; the boost's vehicle without rotation).
    pub non_rotating: Option<AzimuthRange>,
    /// Model boost, when the request has a stage ballistic coefficient: where the spent
    /// stages fall, for the test flight (a lofted test) and the headline standard
    /// trajectory. Empty otherwise; a one-stage vehicle has flights with no stages.
    #[serde(default)]
    pub spent_stages: Vec<SpentStages>,
}

/// The most targets, azimuths and trajectory points of one request.
const MAX_TARGETS: usize = 100;
const MAX_AZIMUTHS: usize = 360;
const MAX_SAMPLES: usize = 100_000;

/// Answer `question` under `model`, computing what `request` asks for.
///
/// ```
/// use loftrange::prelude::*;
/// // The 2017-11-28 test: apogee 4,475 km, range 950 km, two-body.
/// let e = estimate(&Question::lofted(4_475e3, 950e3), &Model::KEPLER, &Request::default()).unwrap();
/// assert!((e.standard.range_m().unwrap() / 1e3 - 9_983.3).abs() < 0.1);
/// ```
pub fn estimate(question: &Question, model: &Model, request: &Request) -> Result<Estimate> {
    let model = *model;
    validate(question, model, request)?;
    let resolved = with_pitch_resolved(question, model, request)?;
    let question = &*resolved;
    let mut e = match &question.asked {
        Asked::Lofted(obs) if model.is_boost() => boost_lofted(question, obs, model, request)?,
        Asked::Lofted(obs) => impulsive_lofted(question, obs, model, request)?,
        Asked::Burnout { speed_m_s, altitude_m } => burnout_forward(question, *speed_m_s, *altitude_m, model, request)?,
        Asked::Vehicle { payload_kg } => vehicle_forward(question, *payload_kg, model, request)?,
    };
    if !request.targets.is_empty() {
        e.targets = request.targets.iter().map(|t| e.flyer.toward_target(t)).collect::<Result<_>>()?;
    }
    if request.non_rotating && e.flyer.earth().rotates() {
        let az = e.standard_azimuth_rad.unwrap_or(std::f64::consts::FRAC_PI_2);
        e.non_rotating = Some(e.flyer.without_rotation().toward(az)?);
    }
    Ok(e)
}

fn finite_azimuth(field: &'static str, a: f64) -> Result<()> {
    if !a.is_finite() {
        return Err(Error::invalid(field, format!("{a}"), "a finite azimuth in degrees"));
    }
    Ok(())
}

/// The checks every question passes before any flight.
fn validate(q: &Question, model: Model, r: &Request) -> Result<()> {
    if let Some(a) = q.test_azimuth_rad {
        finite_azimuth("test azimuth", a)?;
    }
    if let Some(a) = r.standard_azimuth_rad {
        finite_azimuth("azimuth", a)?;
    }
    for &a in &r.azimuths_rad {
        finite_azimuth("azimuth", a)?;
    }
    if let Some(s) = &q.site {
        Site::from_degrees(s.lat_deg(), s.lon_deg())?;
    }
    if r.samples > MAX_SAMPLES {
        return Err(Error::invalid("samples", r.samples.to_string(), "at most 100000 points per trajectory"));
    }
    if r.targets.len() > MAX_TARGETS {
        return Err(Error::invalid("target", format!("{} targets", r.targets.len()), "at most 100 targets"));
    }
    if r.azimuths_rad.len() > MAX_AZIMUTHS {
        return Err(Error::invalid("azimuth", format!("{} azimuths", r.azimuths_rad.len()), "at most 360 azimuths"));
    }
    if !r.targets.is_empty() && q.site.is_none() {
        return Err(Error::invalid("target", "given without a site", "targets need the launch site (--site LAT,LON)"));
    }
    if let Some(s) = r.sweep_step_rad {
        if !(s.is_finite() && s >= 0.01_f64.to_radians() && s <= 90_f64.to_radians()) {
            return Err(Error::invalid(
                "sweep step",
                format!("{} deg", s.to_degrees()),
                "a step from 0.01 to 90 degrees",
            ));
        }
    }
    if r.extra_payload.is_some() && !(model.is_boost() && q.vehicle.is_none() && q.observation().is_some()) {
        return Err(Error::invalid(
            "extra payload",
            format!(
                "given with model {model}{}",
                if q.vehicle.is_some() { " and a vehicle file" } else { "" }
            ),
            "an extra payload only with a lofted test, model boost and the generic vehicle (with a vehicle file: loftrange payload)",
        ));
    }
    if let Some(beta) = r.stage_beta_kg_m2 {
        if !model.is_boost() {
            return Err(Error::invalid(
                "stage beta",
                format!("given with model {model}"),
                "a stage ballistic coefficient only with model boost (the impulsive models have no stages)",
            ));
        }
        stages::check_stage_beta(beta)?;
    }
    if q.vehicle.is_some() && !model.is_boost() {
        return Err(Error::invalid("vehicle", format!("given with model {model}"), "a vehicle only with model boost"));
    }
    Ok(())
}

/// Where the lofted test was launched and which way: the site and test azimuth where the
/// model needs them (a rotating Earth), elsewhere the site only places the ground track
/// (due east when no azimuth is given) and without a site the equator, due east.
pub(crate) fn test_launch(q: &Question, model: Model) -> Result<Launch> {
    let rotating = model.earth.rotates() && (model.burnout == crate::model::BurnoutKind::Impulsive || q.site.is_some());
    if rotating {
        let Some(site) = &q.site else {
            return Err(Error::invalid(
                "site",
                "none",
                format!("model {model} needs a launch site (LAT,LON in degrees or a place name)"),
            ));
        };
        let Some(az) = q.test_azimuth_rad else {
            return Err(Error::invalid(
                "test azimuth",
                "none",
                format!(
                    "model {model} needs the test's launch azimuth: --test-azimuth DEG (clockwise from north), or --model kepler, where the direction does not matter"
                ),
            ));
        };
        return Ok(Launch { lat_rad: site.lat_rad, lon_rad: site.lon_rad, azimuth_rad: geo::normalize_angle_rad(az) });
    }
    Ok(match &q.site {
        Some(site) => Launch {
            lat_rad: site.lat_rad,
            lon_rad: site.lon_rad,
            azimuth_rad: geo::normalize_angle_rad(q.test_azimuth_rad.unwrap_or(std::f64::consts::FRAC_PI_2)),
        },
        None => Launch::EQUATOR_EAST,
    })
}

/// True when the headline standard trajectory is not toward the test's own direction
/// (another azimuth asked, on an Earth where direction matters): the lofted check then
/// compares the reported flight with the standard trajectory toward the test's azimuth.
fn headline_elsewhere(earth: &crate::earth::Earth, launch: &Launch, r: &Request) -> bool {
    earth.direction_matters()
        && r.standard_azimuth_rad.is_some_and(|az| {
            (geo::normalize_angle_rad(az) - geo::normalize_angle_rad(launch.azimuth_rad)).abs() > 1e-12
        })
}

/// The reported flight (burnout angle `observed_gamma_rad`) against the standard
/// trajectory toward the test's direction (`toward_test`, when the headline goes
/// elsewhere, at `toward_test_az`).
fn lofted_check(
    observed_gamma_rad: f64,
    obs: &Observation,
    standard: &Standard,
    toward_test: Option<(&Standard, f64)>,
) -> LoftedCheck {
    let compared = toward_test.map_or(standard, |t| t.0);
    let std = compared.flight().map(|f| (f.gamma_rad, f.landed.apogee_m, f.landed.range_m));
    let mut check = LoftedCheck::new(observed_gamma_rad, obs.apogee_m, obs.range_m, std);
    check.compared_azimuth_rad = toward_test.map(|t| t.1);
    check
}

/// The parts of an estimate every kind of question fills in the same way: the headline
/// toward `headline_az`, the requested azimuths and the sweep, asked of the flyer.
struct Standards {
    standard: Standard,
    by_azimuth: Vec<AzimuthRange>,
    sweep: Option<Sweep>,
}

fn standards(flyer: &Flyer, headline_az: f64, r: &Request) -> Result<Standards> {
    Ok(Standards {
        standard: flyer.standard(headline_az, r.samples)?,
        by_azimuth: flyer.by_azimuth(&r.azimuths_rad)?,
        sweep: r.sweep_step_rad.map(|s| flyer.sweep(s)).transpose()?,
    })
}

/// The global-reach margin of an impulsive burnout state, when some direction has global
/// reach (the headline, a requested azimuth, the sweep, or on a rotating Earth due east,
/// where the antipode speed is about lowest) and the request asks for it. A failed
/// margin is a warning, not a failed estimate.
fn margin_part(
    i: &Impulsive,
    flyer: &Flyer,
    s: &Standards,
    r: &Request,
    warnings: &mut Vec<String>,
) -> Result<Option<GlobalMargin>> {
    if !r.global_margin {
        return Ok(None);
    }
    let earth = i.model.earth;
    let mut somewhere = s.standard.flight().is_none()
        || s.by_azimuth.iter().any(|a| a.range_m.is_none())
        || s.sweep.as_ref().is_some_and(|w| w.max.range_m.is_none() || w.points.iter().any(|p| p.range_m.is_none()));
    // Bounded toward every direction asked: toward the east (where the rotation helps
    // most) too, unless a closed-form bound already rules global reach out everywhere.
    if !somewhere
        && earth.rotates()
        && !crate::standard::margin::cannot_be_global_anywhere(&earth, i.lat_rad, i.speed_m_s, i.altitude_m)
    {
        somewhere = flyer.standard(std::f64::consts::FRAC_PI_2, 0)?.flight().is_none();
    }
    if !somewhere {
        return Ok(None);
    }
    match crate::standard::margin::global_margin(
        i.model,
        &earth,
        i.lat_rad,
        i.lon_rad,
        i.speed_m_s,
        i.altitude_m,
        &i.flight,
    ) {
        Ok(m) => Ok(Some(m)),
        Err(e) => {
            warnings.push(format!("global-reach margin not computed: {e}"));
            Ok(None)
        }
    }
}

/// The headline's azimuth where the direction matters: the request's, else the test's.
fn headline_azimuth(launch: &Launch, r: &Request) -> f64 {
    r.standard_azimuth_rad.map(geo::normalize_angle_rad).unwrap_or(launch.azimuth_rad)
}

fn impulsive_lofted(q: &Question, obs: &Observation, model: Model, r: &Request) -> Result<Estimate> {
    let earth = model.earth;
    kepler::check_observation(&earth, obs.apogee_m, obs.range_m, obs.burnout_altitude_m)?;
    if let Some(t) = obs.flight_time_s {
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::invalid("flight time", format!("{t} s"), "a finite duration above 0 s"));
        }
    }
    let launch = test_launch(q, model)?;
    let fopts = FlightOptions { samples: r.samples, ..r.flight };
    let inv = inverse::invert(model, &earth, &launch, obs.apogee_m, obs.range_m, obs.burnout_altitude_m, &fopts)?;
    let b = inv.burnout;
    let lofted = Trajectory {
        apogee_m: inv.lofted.apogee_m,
        range_m: inv.lofted.range_m,
        flight_time_s: inv.lofted.flight_time_s,
        points: inv.lofted.trajectory.map(|t| t.points).unwrap_or_default(),
    };
    let mut warnings = Vec::new();
    let flight_time =
        obs.flight_time_s.map(|reported_s| FlightTimeCheck::free_flight(reported_s, lofted.flight_time_s));
    if let Some(w) = flight_time.as_ref().and_then(|c| c.warning.clone()) {
        warnings.push(w);
    }
    let impulsive = Impulsive {
        model,
        lat_rad: launch.lat_rad,
        lon_rad: launch.lon_rad,
        speed_m_s: b.speed_m_s,
        altitude_m: b.altitude_m,
        flight: FlightOptions { samples: 0, ..r.flight },
    };
    let flyer = Flyer::Impulsive(impulsive.clone());
    let az = headline_azimuth(&launch, r);
    let s = standards(&flyer, az, r)?;
    let toward_test = match headline_elsewhere(&earth, &launch, r) {
        true => Some(flyer.standard(launch.azimuth_rad, 0)?),
        false => None,
    };
    let lofted_check =
        lofted_check(b.gamma_rad, obs, &s.standard, toward_test.as_ref().map(|t| (t, launch.azimuth_rad)));
    if !lofted_check.lofted {
        warnings.push(lofted_check.reason());
    }
    let other_roots = if r.other_roots {
        inv.other_roots
            .iter()
            .map(|o| {
                let other = Flyer::Impulsive(Impulsive { speed_m_s: o.burnout.speed_m_s, ..impulsive.clone() });
                Ok(OtherRootSummary {
                    burnout: o.burnout,
                    impact_ahead: o.impact_ahead,
                    standard_range_m: other.standard(az, 0)?.range_m(),
                })
            })
            .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    let global_margin = margin_part(&impulsive, &flyer, &s, r, &mut warnings)?;
    Ok(Estimate {
        question: q.clone(),
        model,
        request: r.clone(),
        assumptions: model.assumptions(),
        flyer,
        burnout: b,
        inverse_method: Some(inv.method),
        inverse_report: Some(inv.report),
        lofted: Some(lofted),
        flight_time,
        standard: s.standard,
        standard_azimuth_rad: model.needs_site().then_some(az),
        by_azimuth: s.by_azimuth,
        sweep: s.sweep,
        targets: Vec::new(),
        warnings,
        boost: None,
        global_margin,
        lofted_check: Some(lofted_check),
        extra_payload: None,
        other_roots,
        non_rotating: None,
        spent_stages: Vec::new(),
    })
}

/// Forward ("what if") mode: the standard trajectory of a given burnout state, with no
/// lofted observation. On a rotating Earth with no azimuth asked for, the headline is the
/// longest range over all azimuths (a sweep every degree).
fn burnout_forward(q: &Question, speed_m_s: f64, altitude_m: f64, model: Model, r: &Request) -> Result<Estimate> {
    if model.is_boost() {
        return Err(Error::invalid(
            "burnout speed",
            "given with model boost",
            "an impulsive model (kepler, sphere, rotating, earth): the boost model simulates its burnout",
        ));
    }
    let earth = model.earth;
    if !(speed_m_s.is_finite() && (MIN_BURNOUT_SPEED_M_S..=MAX_BURNOUT_SPEED_M_S).contains(&speed_m_s)) {
        return Err(Error::invalid(
            "burnout speed",
            format!("{} km/s", speed_m_s / 1e3),
            format!(
                "a speed from {} to {} km/s (below {} km/s a missile barely leaves the ground: its standard range is under 5 km; above {} km/s it escapes the Earth)",
                MIN_BURNOUT_SPEED_M_S / 1e3,
                MAX_BURNOUT_SPEED_M_S / 1e3,
                MIN_BURNOUT_SPEED_M_S / 1e3,
                MAX_BURNOUT_SPEED_M_S / 1e3
            ),
        ));
    }
    if !(altitude_m.is_finite() && altitude_m >= 0.0 && altitude_m < earth.radius_m) {
        return Err(Error::invalid(
            "burnout altitude",
            format!("{} km", altitude_m / 1e3),
            "a finite altitude from 0 km up to the Earth's radius",
        ));
    }
    if model.needs_site() && q.site.is_none() {
        return Err(Error::invalid(
            "site",
            "none",
            format!("model {model} needs a launch site (LAT,LON in degrees or a place name)"),
        ));
    }
    let (lat_rad, lon_rad) = q.site.as_ref().map_or((0.0, 0.0), |s| (s.lat_rad, s.lon_rad));
    let flyer = Flyer::Impulsive(Impulsive {
        model,
        lat_rad,
        lon_rad,
        speed_m_s,
        altitude_m,
        flight: FlightOptions { samples: 0, ..r.flight },
    });
    // No test, so no test azimuth: the request's, else over all azimuths (toward the
    // longest) where the direction matters, else due east.
    let over_all = model.needs_site() && r.standard_azimuth_rad.is_none() && q.test_azimuth_rad.is_none();
    let mut req = r.clone();
    if over_all && req.sweep_step_rad.is_none() {
        req.sweep_step_rad = Some(1f64.to_radians());
    }
    let sweep = req.sweep_step_rad.map(|s| flyer.sweep(s)).transpose()?;
    let az = match (r.standard_azimuth_rad.or(q.test_azimuth_rad), &sweep) {
        (Some(a), _) => geo::normalize_angle_rad(a),
        (None, Some(sw)) if over_all => sw.max.azimuth_rad,
        _ => std::f64::consts::FRAC_PI_2,
    };
    let s =
        Standards { standard: flyer.standard(az, r.samples)?, by_azimuth: flyer.by_azimuth(&r.azimuths_rad)?, sweep };
    let b = Burnout { speed_m_s, gamma_rad: s.standard.flight().map_or(f64::NAN, |f| f.gamma_rad), altitude_m };
    let mut warnings = Vec::new();
    let impulsive = flyer.impulsive().cloned().expect("an impulsive flyer");
    let global_margin = margin_part(&impulsive, &flyer, &s, &req, &mut warnings)?;
    Ok(Estimate {
        question: q.clone(),
        model,
        request: req,
        assumptions: model.assumptions(),
        flyer,
        burnout: b,
        inverse_method: None,
        inverse_report: None,
        lofted: None,
        flight_time: None,
        standard: s.standard,
        standard_azimuth_rad: model.needs_site().then_some(az),
        by_azimuth: s.by_azimuth,
        sweep: s.sweep,
        targets: Vec::new(),
        warnings,
        boost: None,
        global_margin,
        lofted_check: None,
        extra_payload: None,
        other_roots: Vec::new(),
        non_rotating: None,
        spent_stages: Vec::new(),
    })
}

/// The question with its vehicle's ramp-and-hold start and stop optimised for range
/// where the file leaves them open ([`crate::vehicle::resolve_vehicle_pitch`]): once, for
/// everything the question asks (fit, standard trajectories toward every azimuth, spent
/// stages, payloads; a Monte Carlo resolves them once for all its samples). They are
/// optimised with the vehicle's own payload from the question's site (the equator on a
/// non-rotating Earth without one) toward the standard azimuth: the requested one, else
/// the test's, else east.
pub(crate) fn with_pitch_resolved<'q>(
    q: &'q Question,
    model: Model,
    r: &Request,
) -> Result<std::borrow::Cow<'q, Question>> {
    use std::borrow::Cow;
    let Some(v) = q.vehicle.as_ref().filter(|v| v.pitch.needs_times()) else { return Ok(Cow::Borrowed(q)) };
    let model = if model.is_boost() { model } else { Model::BOOST };
    let (earth, lat_rad, lon_rad) = match &q.site {
        Some(s) => (model.earth, s.lat_rad, s.lon_rad),
        None => (model.without_rotation().earth, 0.0, 0.0),
    };
    let azimuth_rad =
        geo::normalize_angle_rad(r.standard_azimuth_rad.or(q.test_azimuth_rad).unwrap_or(std::f64::consts::FRAC_PI_2));
    let launch = Launch { lat_rad, lon_rad, azimuth_rad };
    let vehicle = crate::vehicle::resolve_vehicle_pitch(
        v,
        &earth,
        &launch,
        &crate::vehicle::powered::PoweredOptions::default(),
        Some(crate::vehicle::defaults::MIN_BURNOUT_ALTITUDE_M),
    )?;
    Ok(Cow::Owned(Question { vehicle: Some(vehicle), ..q.clone() }))
}

/// The boost model's options for the question and the test's launch: the Earth rotates
/// only with a site.
pub(crate) fn boost_options(q: &Question, model: Model, r: &Request, launch: Launch) -> crate::vehicle::BoostOptions {
    let earth = if q.site.is_some() { model.earth } else { model.without_rotation().earth };
    let mut bo = crate::vehicle::BoostOptions::new(earth, launch);
    bo.vehicle = q.vehicle.clone();
    bo.samples = r.samples;
    bo.sensitivity = r.sensitivity;
    bo.other_roots = r.other_roots;
    bo.standard_azimuth_rad = r.standard_azimuth_rad.map(geo::normalize_angle_rad);
    bo
}

/// Model boost: fit the vehicle to the test, fly it for maximum range, and report it in
/// the same shape as the impulsive models (burnout = the simulated burnout state).
fn boost_lofted(q: &Question, obs: &Observation, model: Model, r: &Request) -> Result<Estimate> {
    if obs.burnout_altitude_m != 0.0 {
        return Err(Error::invalid(
            "burnout altitude",
            format!("{} km", obs.burnout_altitude_m / 1e3),
            "no burnout altitude with model boost: the powered flight decides where burnout is",
        ));
    }
    let launch = test_launch(q, model)?;
    let bo = boost_options(q, model, r, launch);
    let b = crate::vehicle::estimate_boost(obs.apogee_m, obs.range_m, obs.flight_time_s, &bo)?;
    let fit = &b.fitted.report;
    let inverse_report = SolverReport {
        stop: fit.kick.stop,
        iterations: fit.kick.iterations,
        evaluations: fit.flights,
        residual: fit.apogee_residual_m.abs().max(fit.range_residual_m.abs()),
        unit: crate::numerics::solve::Unit::Metre,
    };
    let as_trajectory = |f: &Flight| Trajectory {
        apogee_m: f.apogee_m,
        range_m: f.range_m,
        flight_time_s: f.flight_time_s,
        points: f.trajectory.as_ref().map(|t| t.points.clone()).unwrap_or_default(),
    };
    let flyer = Flyer::Vehicle(b.fitted_vehicle.clone());
    let az = headline_azimuth(&launch, r);
    let by_azimuth = flyer.by_azimuth(&r.azimuths_rad)?;
    let sweep = r.sweep_step_rad.map(|s| flyer.sweep(s)).transpose()?;
    let mut warnings: Vec<String> = b.flight_time_check.iter().filter_map(|c| c.warning.clone()).collect();
    if b.standard.flight().is_some_and(|sf| sf.floor_active) {
        warnings.push(format!(
            "the standard trajectory's kick is set by the burnout-altitude floor ({:.0} km), not by range alone: see the sensitivity table",
            crate::vehicle::defaults::MIN_BURNOUT_ALTITUDE_M / 1e3
        ));
    }
    let toward_test = match headline_elsewhere(&bo.earth, &launch, r) {
        true => Some(flyer.standard(launch.azimuth_rad, 0)?),
        false => None,
    };
    let powered = b.lofted.powered().burnout;
    let lofted_check =
        lofted_check(powered.gamma_rad, obs, &b.standard, toward_test.as_ref().map(|t| (t, launch.azimuth_rad)));
    if !lofted_check.lofted {
        warnings.push(lofted_check.reason());
    }
    let extra_payload = match &r.extra_payload {
        None => None,
        Some(spec) => Some(crate::vehicle::payload_for::extra_payload(&b.fitted_vehicle, spec, az, r.samples)?),
    };
    let mut flights = vec![(StagesOf::Test, launch.azimuth_rad, b.lofted.powered().kick_rad)];
    if let Some(f) = b.standard.flight() {
        flights.push((StagesOf::Standard, az, f.landed.powered().kick_rad));
    }
    let spent_stages = spent_stages_part(r, &b.fitted_vehicle, &flights)?;
    let mut assumptions = b.assumptions.clone();
    if let Some(beta) = r.stage_beta_kg_m2 {
        assumptions = format!("{assumptions}; {}", stages::stage_beta_assumption(beta));
    }
    Ok(Estimate {
        question: q.clone(),
        model,
        request: r.clone(),
        assumptions,
        flyer,
        burnout: Burnout { speed_m_s: powered.speed_m_s, gamma_rad: powered.gamma_rad, altitude_m: powered.altitude_m },
        inverse_method: Some(InverseMethod::BoostFit),
        inverse_report: Some(inverse_report),
        lofted: Some(as_trajectory(&b.lofted)),
        flight_time: b.flight_time_check.clone(),
        standard: b.standard.clone(),
        standard_azimuth_rad: q.site.as_ref().map(|_| az),
        by_azimuth,
        sweep,
        targets: Vec::new(),
        warnings,
        other_roots: b.other_roots.clone(),
        boost: Some(b),
        global_margin: None,
        lofted_check: Some(lofted_check),
        extra_payload,
        non_rotating: None,
        spent_stages,
    })
}

/// Forward mode with a vehicle: how far does this vehicle fly with `payload_kg` (None:
/// the file's)? Its range-maximising flight (the kick that maximises range): on a
/// non-rotating Earth without a site; with a site, on the rotating Earth toward the
/// requested azimuth, or over all azimuths (every 5° unless a sweep is asked) with the
/// headline toward the longest.
fn vehicle_forward(q: &Question, payload_kg: Option<f64>, model: Model, r: &Request) -> Result<Estimate> {
    use crate::vehicle::defaults;
    let Some(vehicle) = q.vehicle.as_ref() else {
        return Err(Error::invalid("vehicle", "none", "a vehicle file (TOML) to fly with its payload"));
    };
    let model = if model.is_boost() { model } else { Model::BOOST };
    let payload_kg = payload_kg.unwrap_or(vehicle.payload_kg);
    if !(payload_kg.is_finite() && (0.0..=1e7).contains(&payload_kg)) {
        return Err(Error::invalid("payload", format!("{payload_kg} kg"), "a payload from 0 to 10,000,000 kg"));
    }
    vehicle.lifts_off(payload_kg).map_err(Error::Impossible)?;
    let (earth, lat_rad, lon_rad) = match &q.site {
        Some(s) => (model.earth, s.lat_rad, s.lon_rad),
        None => (model.without_rotation().earth, 0.0, 0.0),
    };
    let flyer = Flyer::Vehicle(FittedVehicle {
        plan: vehicle.plan_with_payload(payload_kg),
        earth,
        lat_rad,
        lon_rad,
        powered: crate::vehicle::powered::PoweredOptions::default(),
        min_burnout_altitude_m: Some(defaults::MIN_BURNOUT_ALTITUDE_M),
    });
    let rotating = q.site.is_some();
    let mut req = r.clone();
    if rotating && req.standard_azimuth_rad.is_none() && req.sweep_step_rad.is_none() {
        req.sweep_step_rad = Some(5f64.to_radians());
    }
    let sweep = match (rotating, req.sweep_step_rad) {
        (true, Some(step)) => Some(flyer.sweep(step)?),
        _ => None,
    };
    let az = req
        .standard_azimuth_rad
        .map(geo::normalize_angle_rad)
        .or(sweep.as_ref().map(|s| s.max.azimuth_rad))
        .unwrap_or(std::f64::consts::FRAC_PI_2);
    let by_azimuth = flyer.by_azimuth(&r.azimuths_rad)?;
    let standard = flyer.standard(az, r.samples)?;
    let burnout = match standard.flight() {
        Some(f) => {
            let b = &f.landed.powered().burnout;
            Burnout { speed_m_s: b.speed_m_s, gamma_rad: b.gamma_rad, altitude_m: b.altitude_m }
        }
        None => Burnout { speed_m_s: f64::NAN, gamma_rad: f64::NAN, altitude_m: f64::NAN },
    };
    let spent_stages = match (&flyer, standard.flight()) {
        (Flyer::Vehicle(v), Some(f)) => {
            spent_stages_part(r, v, &[(StagesOf::Standard, az, f.landed.powered().kick_rad)])?
        }
        _ => Vec::new(),
    };
    let mut assumptions = format!(
        "vehicle {} with a {:.0} kg payload flown for maximum range (burnout at or above {:.0} km where it can reach it); {}{}; ascent drag (US Standard Atmosphere 1976); {}",
        vehicle.label(),
        payload_kg,
        defaults::MIN_BURNOUT_ALTITUDE_M / 1e3,
        match (vehicle.pitch, standard.flight()) {
            (crate::vehicle::file::Pitch::RampHold(r), Some(f)) if r.angle_rad.is_none() => format!(
                "{}, flown at {:.2} deg toward the headline azimuth",
                vehicle.pitch.describe(),
                90.0 - f.landed.powered().kick_rad.to_degrees()
            ),
            _ => vehicle.pitch.describe(),
        },
        if vehicle.stages.iter().any(|s| s.aero.is_some()) {
            "; per-stage reference area and drag table, changed at each staging"
        } else {
            ""
        },
        match (earth.surface, rotating) {
            (crate::earth::Surface::Ellipsoid(_), true) => "WGS 84 ellipsoid with J2, rotating at the WGS 84 rate",
            (crate::earth::Surface::Ellipsoid(_), false) => "WGS 84 ellipsoid with J2, not rotating",
            (crate::earth::Surface::Sphere, true) => "spherical Earth (R = 6371.0 km) rotating at the WGS 84 rate",
            (crate::earth::Surface::Sphere, false) => "spherical Earth (R = 6371.0 km), not rotating",
        }
    );
    if let Some(beta) = r.stage_beta_kg_m2 {
        assumptions = format!("{assumptions}; {}", stages::stage_beta_assumption(beta));
    }
    Ok(Estimate {
        question: q.clone(),
        model,
        request: req,
        assumptions,
        flyer,
        burnout,
        inverse_method: None,
        inverse_report: None,
        lofted: None,
        flight_time: None,
        standard,
        standard_azimuth_rad: rotating.then_some(az),
        by_azimuth,
        sweep,
        targets: Vec::new(),
        warnings: Vec::new(),
        boost: None,
        global_margin: None,
        lofted_check: None,
        extra_payload: None,
        other_roots: Vec::new(),
        non_rotating: None,
        spent_stages,
    })
}

/// Where the spent stages of the fitted vehicle `v` fall, for each of `flights` (which
/// flight, launch azimuth, kick), when the request asks for it.
fn spent_stages_part(r: &Request, v: &FittedVehicle, flights: &[(StagesOf, f64, f64)]) -> Result<Vec<SpentStages>> {
    let Some(beta) = r.stage_beta_kg_m2 else { return Ok(Vec::new()) };
    flights
        .iter()
        .map(|&(which, azimuth_rad, kick_rad)| {
            let launch = Launch { lat_rad: v.lat_rad, lon_rad: v.lon_rad, azimuth_rad };
            stages::spent_stages(&v.earth, &launch, &v.plan, kick_rad, &v.powered, Some(beta), which)
        })
        .collect()
}

/// The payloads `payload_range` sweeps by default: 0.25 to 2 times the vehicle file's
/// payload in 8 steps, kg.
pub fn default_payloads_kg(vehicle: &Vehicle) -> Vec<f64> {
    (0..8).map(|i| vehicle.payload_kg * (0.25 + 0.25 * i as f64)).collect()
}

/// Payload against standard range for the vehicle of a lofted question (model boost with
/// a vehicle file): the payload that reproduces the test, then the standard range for
/// each of `payloads_kg` (None: 0.25 to 2 times the file's payload, 8 steps). On the
/// rotating Earth with a site and test azimuth, on a non-rotating one without a site.
pub fn payload_range(
    q: &Question,
    model: &Model,
    r: &Request,
    payloads_kg: Option<&[f64]>,
) -> Result<crate::vehicle::PayloadRange> {
    let model = *model;
    let Some(vehicle) = q.vehicle.as_ref() else {
        return Err(Error::invalid("vehicle", "none", "a vehicle file (TOML) whose payload to vary"));
    };
    if !model.is_boost() {
        return Err(Error::invalid("model", model.name, "the payload-range curve needs model boost"));
    }
    let Some(obs) = q.observation() else {
        return Err(Error::invalid("apogee", "none", "a lofted test (apogee and range) for the payload-range curve"));
    };
    kepler::check_observation(&model.earth, obs.apogee_m, obs.range_m, obs.burnout_altitude_m)?;
    let defaults = default_payloads_kg(vehicle);
    let payloads = payloads_kg.unwrap_or(&defaults);
    let launch = test_launch(q, model)?;
    let mut bo = boost_options(q, model, &Request { samples: 0, sensitivity: false, ..r.clone() }, launch);
    bo.other_roots = false;
    crate::vehicle::payload_range(vehicle, payloads, obs.apogee_m, obs.range_m, &bo)
}
