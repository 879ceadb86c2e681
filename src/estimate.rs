//! The one entry point: an observed lofted test in, an [`Estimate`] out.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::flight::kepler::{self, Burnout};
use crate::flight::trajectory::Trajectory;
use crate::flight::{Flight, FlightOptions, Launch};
use crate::geo;
use crate::inverse::{self, InverseMethod};
use crate::model::Model;
use crate::numerics::solve::SolverReport;
use crate::standard::{self, AzimuthRange, Standard, Sweep};

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

pub use crate::geo::Site;

/// How to compute an estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// The physics.
    pub model: Model,
    /// Launch site (required by `rotating`; optional elsewhere, where it only places the ground track).
    pub site: Option<Site>,
    /// Launch azimuth of the test, rad clockwise from north (required by `rotating`).
    pub test_azimuth_rad: Option<f64>,
    /// Azimuth of the headline standard trajectory, rad; defaults to the test azimuth.
    pub standard_azimuth_rad: Option<f64>,
    /// Further launch azimuths to report the standard range for, rad.
    pub azimuths_rad: Vec<f64>,
    /// Sweep all azimuths with this step, rad (None: no sweep).
    pub sweep_step_rad: Option<f64>,
    /// Points to sample on each trajectory for plotting (0: none).
    pub samples: usize,
    /// Integrator tolerances.
    pub flight: FlightOptions,
    /// Model `boost`: the vehicle (None: the generic vehicle, fitted to the test).
    #[serde(default)]
    pub vehicle: Option<crate::vehicle::Vehicle>,
    /// Model `boost`: compute the table of the standard range with each default moved ±20 %.
    #[serde(default)]
    pub boost_sensitivity: bool,
    /// Impulsive models with global reach somewhere: compute the margin over the speed
    /// that reaches the antipode in the worst direction ([`crate::standard::margin`]; on a rotating
    /// Earth a search over azimuths, a few hundred standard trajectories).
    #[serde(default = "yes")]
    pub global_margin: bool,
    /// Model `boost` with the generic vehicle: also fly the fitted vehicle with this
    /// extra payload ([`crate::vehicle::payload_for::ExtraPayloadSpec`]).
    #[serde(default)]
    pub extra_payload: Option<crate::vehicle::payload_for::ExtraPayloadSpec>,
}

fn yes() -> bool {
    true
}

impl Options {
    /// Default options for a model: no site, no azimuths, 200 samples.
    pub fn new(model: Model) -> Self {
        Options {
            model,
            site: None,
            test_azimuth_rad: None,
            standard_azimuth_rad: None,
            azimuths_rad: Vec::new(),
            sweep_step_rad: None,
            samples: 200,
            flight: FlightOptions::default(),
            vehicle: None,
            boost_sensitivity: true,
            global_margin: true,
            extra_payload: None,
        }
    }
}

pub use crate::checks::flight_time::FlightTimeCheck;

/// The headline standard trajectory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StandardSummary {
    /// True when the speed is orbital: every point is in reach, and there is no range number.
    pub global_reach: bool,
    /// Standard range, m (None with global reach).
    pub range_m: Option<f64>,
    /// Apogee of the standard trajectory, m.
    pub apogee_m: Option<f64>,
    /// Free-flight time of the standard trajectory, s.
    pub flight_time_s: Option<f64>,
    /// Range-maximising flight-path angle at burnout, rad.
    pub gamma_rad: Option<f64>,
    /// Launch azimuth of this trajectory, rad (None for the non-rotating models, where it does not matter).
    pub azimuth_rad: Option<f64>,
    /// How the maximisation went.
    pub report: Option<SolverReport>,
    /// Sampled trajectory.
    pub trajectory: Option<Trajectory>,
}

impl StandardSummary {
    /// The headline of a standard trajectory; `azimuth_rad` is shown when given (the
    /// models where the direction matters).
    fn of(s: &Standard, azimuth_rad: Option<f64>) -> StandardSummary {
        match s {
            Standard::Bounded(f) => StandardSummary {
                global_reach: false,
                range_m: Some(f.landed.range_m),
                apogee_m: Some(f.landed.apogee_m),
                flight_time_s: Some(f.landed.flight_time_s),
                gamma_rad: Some(f.gamma_rad),
                azimuth_rad: azimuth_rad.map(|_| f.azimuth_rad),
                report: Some(f.report),
                trajectory: f.landed.trajectory.clone(),
            },
            Standard::GlobalReach => StandardSummary {
                global_reach: true,
                range_m: None,
                apogee_m: None,
                flight_time_s: None,
                gamma_rad: None,
                azimuth_rad,
                report: None,
                trajectory: None,
            },
        }
    }
}

/// Everything loftrange computed for one observation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The model used.
    pub model: Model,
    /// The model's assumptions in one line.
    pub assumptions: String,
    /// The observation as given.
    pub observation: Option<Observation>,
    /// The options as given.
    pub options: Options,
    /// Reconstructed burnout state.
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
    pub standard: StandardSummary,
    /// Standard range toward each requested azimuth.
    pub by_azimuth: Vec<AzimuthRange>,
    /// Sweep over all azimuths, when asked.
    pub sweep: Option<Sweep>,
    /// Warnings about the inputs or results (one line each).
    pub warnings: Vec<String>,
    /// Model `boost`: the fit, both powered flights with their losses, the sensitivity table.
    pub boost: Option<crate::vehicle::BoostEstimate>,
    /// Forward mode with a vehicle (no lofted test): the vehicle and payload as flown.
    #[serde(default)]
    pub forward_vehicle: Option<crate::vehicle::FittedVehicle>,
    /// Impulsive models with global reach somewhere: the burnout speed's margin over the
    /// speed that reaches the antipode in the worst direction.
    #[serde(default)]
    pub global_margin: Option<crate::standard::margin::GlobalMargin>,
    /// Is the reported flight lofted (at least as steep as the standard trajectory)?
    /// None without a lofted observation (forward mode).
    #[serde(default)]
    pub lofted_check: Option<crate::checks::lofted::LoftedCheck>,
    /// Model `boost`, generic vehicle: the standard trajectory with an extra payload.
    #[serde(default)]
    pub extra_payload: Option<crate::vehicle::payload_for::ExtraPayload>,
    /// The other burnout states that reproduce the observation (MODEL.md, "Inverse: more
    /// than one root"), each with its standard range toward the headline's azimuth.
    #[serde(default)]
    pub other_roots: Vec<OtherRootSummary>,
}

pub use crate::inverse::OtherRootSummary;

impl Estimate {
    /// Standard range toward a target from the launch site (which the options must
    /// give): MODEL.md model 3's definition, for every model. Impulsive models fly the
    /// reconstructed burnout speed ([`reach::toward_target`]); model `boost` flies the
    /// fitted vehicle ([`crate::vehicle::FittedVehicle::toward_target`]), with the same solver.
    ///
    /// [`reach::toward_target`]: crate::standard::target::toward_target
    pub fn toward_target(
        &self,
        target_lat_rad: f64,
        target_lon_rad: f64,
    ) -> Result<crate::standard::target::TargetReach> {
        let Some(site) = self.options.site else {
            return Err(Error::invalid("target", "given without a site", "targets need the launch site (LAT,LON)"));
        };
        match (&self.boost, &self.forward_vehicle) {
            (Some(b), _) => b.fitted_vehicle.toward_target(target_lat_rad, target_lon_rad),
            (None, Some(v)) => v.toward_target(target_lat_rad, target_lon_rad),
            (None, None) => crate::standard::target::toward_target(
                self.model,
                &self.model.earth(),
                &site,
                target_lat_rad,
                target_lon_rad,
                self.burnout.speed_m_s,
                self.burnout.altitude_m,
                &self.options.flight,
            ),
        }
    }
}

/// Validate options against the model; returns the launch of the test.
/// Validate the options' angles and site, and return the launch of the test: the site
/// and test azimuth where the model needs them (`rotating`, and `boost` with a site,
/// which then flies over the rotating Earth); elsewhere the site only places the ground
/// track (due east when no azimuth is given) and without a site the equator, due east.
pub fn test_launch(opts: &Options) -> Result<Launch> {
    for (field, a) in [("test azimuth", opts.test_azimuth_rad), ("azimuth", opts.standard_azimuth_rad)] {
        if let Some(a) = a {
            if !a.is_finite() {
                return Err(Error::invalid(field, format!("{a}"), "a finite azimuth in degrees"));
            }
        }
    }
    for &a in &opts.azimuths_rad {
        if !a.is_finite() {
            return Err(Error::invalid("azimuth", format!("{a}"), "a finite azimuth in degrees"));
        }
    }
    if let Some(s) = opts.site {
        Site::from_degrees(s.lat_rad.to_degrees(), s.lon_rad.to_degrees())?;
    }
    if opts.samples > 100_000 {
        return Err(Error::invalid("samples", opts.samples.to_string(), "at most 100000 points per trajectory"));
    }
    if opts.model.needs_site() || (opts.model.is_boost() && opts.model.earth.rotates() && opts.site.is_some()) {
        let Some(site) = opts.site else {
            return Err(Error::invalid(
                "site",
                "none",
                format!("model {} needs a launch site (LAT,LON in degrees)", opts.model),
            ));
        };
        let Some(az) = opts.test_azimuth_rad else {
            return Err(Error::invalid(
                "test azimuth",
                "none",
                format!(
                    "model {} needs the test's launch azimuth: --test-azimuth DEG (clockwise from north), or --model kepler, where the direction does not matter",
                    opts.model
                ),
            ));
        };
        return Ok(Launch { lat_rad: site.lat_rad, lon_rad: site.lon_rad, azimuth_rad: geo::normalize_angle_rad(az) });
    }
    Ok(match opts.site {
        Some(site) => Launch {
            lat_rad: site.lat_rad,
            lon_rad: site.lon_rad,
            azimuth_rad: geo::normalize_angle_rad(opts.test_azimuth_rad.unwrap_or(std::f64::consts::FRAC_PI_2)),
        },
        None => Launch::EQUATOR_EAST,
    })
}

/// Estimate the standard-trajectory range of the missile behind a lofted observation.
///
/// ```
/// use loftrange::{estimate, Model, Observation, Options};
/// // The 2017-11-28 test: apogee 4,475 km, range 950 km.
/// let est = estimate(&Observation::new(4_475e3, 950e3), &Options::new(Model::KEPLER)).unwrap();
/// let range_km = est.standard.range_m.unwrap() / 1e3;
/// assert!((range_km - 9_983.3).abs() < 0.1);
/// ```
pub fn estimate(obs: &Observation, opts: &Options) -> Result<Estimate> {
    let model = opts.model;
    let earth = model.earth();
    kepler::check_observation(&earth, obs.apogee_m, obs.range_m, obs.burnout_altitude_m)?;
    if let Some(t) = obs.flight_time_s {
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::invalid("flight time", format!("{t} s"), "a finite duration above 0 s"));
        }
    }
    let launch = test_launch(opts)?;
    if model.is_boost() {
        return boost_estimate(obs, opts, launch);
    }
    if opts.extra_payload.is_some() {
        return Err(Error::invalid(
            "extra payload",
            format!("given with model {model}"),
            "an extra payload only with model boost and the generic vehicle (--model boost)",
        ));
    }
    let fopts = FlightOptions { samples: opts.samples, ..opts.flight };
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

    let (standard, by_azimuth, sweep) = standard_part(model, &earth, &launch, &b, opts, &fopts)?;
    let toward_test = match headline_elsewhere(&earth, &launch, opts) {
        true => Some(StandardSummary::of(
            &standard::standard(
                model,
                &earth,
                &launch,
                b.speed_m_s,
                b.altitude_m,
                &FlightOptions { samples: 0, ..fopts },
            )?,
            Some(launch.azimuth_rad),
        )),
        false => None,
    };
    let lofted_check = lofted_check(b.gamma_rad, obs, &standard, toward_test.as_ref());
    if !lofted_check.lofted {
        warnings.push(lofted_check.reason());
    }
    let std_launch = Launch {
        azimuth_rad: opts.standard_azimuth_rad.map(geo::normalize_angle_rad).unwrap_or(launch.azimuth_rad),
        ..launch
    };
    let quiet = FlightOptions { samples: 0, ..fopts };
    let other_roots = inv
        .other_roots
        .iter()
        .map(|r| {
            let s = standard::standard(model, &earth, &std_launch, r.burnout.speed_m_s, r.burnout.altitude_m, &quiet)?;
            Ok(OtherRootSummary { burnout: r.burnout, impact_ahead: r.impact_ahead, standard_range_m: s.range_m() })
        })
        .collect::<Result<Vec<_>>>()?;
    let global_margin =
        margin_part(model, &earth, &launch, &b, opts, &fopts, &standard, &by_azimuth, &sweep, &mut warnings)?;
    Ok(Estimate {
        model,
        assumptions: model.assumptions().to_string(),
        observation: Some(*obs),
        options: opts.clone(),
        burnout: b,
        inverse_method: Some(inv.method),
        inverse_report: Some(inv.report),
        lofted: Some(lofted),
        flight_time,
        standard,
        by_azimuth,
        sweep,
        warnings,
        boost: None,
        forward_vehicle: None,
        global_margin,
        lofted_check: Some(lofted_check),
        extra_payload: None,
        other_roots,
    })
}

/// True when the headline standard trajectory is not toward the test's own direction
/// (`--standard-azimuth` elsewhere, on an Earth where direction matters): the lofted
/// check then compares the reported flight with the standard trajectory toward the
/// test's azimuth, the direction the reported flight went.
fn headline_elsewhere(earth: &crate::earth::Earth, launch: &Launch, opts: &Options) -> bool {
    earth.direction_matters()
        && opts.standard_azimuth_rad.is_some_and(|az| {
            (geo::normalize_angle_rad(az) - geo::normalize_angle_rad(launch.azimuth_rad)).abs() > 1e-12
        })
}

/// The reported flight (burnout angle `observed_gamma_rad`, apogee and range of `obs`)
/// against the standard trajectory toward the test's direction.
/// `toward_test`: that trajectory when the headline `standard` goes elsewhere.
fn lofted_check(
    observed_gamma_rad: f64,
    obs: &Observation,
    standard: &StandardSummary,
    toward_test: Option<&StandardSummary>,
) -> crate::checks::lofted::LoftedCheck {
    let compared = toward_test.unwrap_or(standard);
    let std = match (compared.gamma_rad, compared.apogee_m, compared.range_m) {
        (Some(g), Some(a), Some(r)) if !compared.global_reach => Some((g, a, r)),
        _ => None,
    };
    let mut check = crate::checks::lofted::LoftedCheck::new(observed_gamma_rad, obs.apogee_m, obs.range_m, std);
    check.compared_azimuth_rad = toward_test.and_then(|t| t.azimuth_rad);
    check
}

/// The global-reach margin of an impulsive burnout state, when some direction has global
/// reach (the headline, a requested azimuth, the sweep, or on a rotating Earth due east,
/// where the antipode speed is about lowest) and `opts.global_margin` asks for it. A
/// failed margin is a warning, not a failed estimate.
#[allow(clippy::too_many_arguments)]
fn margin_part(
    model: Model,
    earth: &crate::earth::Earth,
    launch: &Launch,
    b: &Burnout,
    opts: &Options,
    fopts: &FlightOptions,
    standard: &StandardSummary,
    by_azimuth: &[AzimuthRange],
    sweep: &Option<Sweep>,
    warnings: &mut Vec<String>,
) -> Result<Option<crate::standard::margin::GlobalMargin>> {
    if !opts.global_margin || model.is_boost() {
        return Ok(None);
    }
    let mut somewhere = standard.global_reach
        || by_azimuth.iter().any(|a| a.range_m.is_none())
        || sweep.as_ref().is_some_and(|s| s.max.range_m.is_none() || s.points.iter().any(|p| p.range_m.is_none()));
    // Bounded toward every direction asked: toward the east (where the rotation helps
    // most) too, unless a closed-form bound already rules global reach out everywhere.
    if !somewhere
        && earth.rotates()
        && !crate::standard::margin::cannot_be_global_anywhere(earth, launch.lat_rad, b.speed_m_s, b.altitude_m)
    {
        let east = Launch { azimuth_rad: std::f64::consts::FRAC_PI_2, ..*launch };
        let quiet = FlightOptions { samples: 0, ..*fopts };
        somewhere = matches!(
            standard::standard(model, earth, &east, b.speed_m_s, b.altitude_m, &quiet)?,
            Standard::GlobalReach
        );
    }
    if !somewhere {
        return Ok(None);
    }
    match crate::standard::margin::global_margin(
        model,
        earth,
        launch.lat_rad,
        launch.lon_rad,
        b.speed_m_s,
        b.altitude_m,
        fopts,
    ) {
        Ok(m) => Ok(Some(m)),
        Err(e) => {
            warnings.push(format!("global-reach margin not computed: {e}"));
            Ok(None)
        }
    }
}

/// The standard trajectory of a burnout state toward the headline azimuth, toward the
/// requested azimuths, and over all azimuths when a sweep is asked for.
fn standard_part(
    model: Model,
    earth: &crate::earth::Earth,
    launch: &Launch,
    b: &Burnout,
    opts: &Options,
    fopts: &FlightOptions,
) -> Result<(StandardSummary, Vec<AzimuthRange>, Option<Sweep>)> {
    let earth = *earth;
    let launch = *launch;
    let fopts = *fopts;
    let std_launch = Launch {
        azimuth_rad: opts.standard_azimuth_rad.map(geo::normalize_angle_rad).unwrap_or(launch.azimuth_rad),
        ..launch
    };
    let std = standard::standard(model, &earth, &std_launch, b.speed_m_s, b.altitude_m, &fopts)?;
    let standard = StandardSummary::of(&std, model.needs_site().then_some(std_launch.azimuth_rad));
    let by_azimuth = standard::by_azimuth(
        model,
        &earth,
        launch.lat_rad,
        launch.lon_rad,
        &opts.azimuths_rad,
        b.speed_m_s,
        b.altitude_m,
        &fopts,
    )?;
    let sweep = match opts.sweep_step_rad {
        Some(step) => Some(standard::sweep(
            model,
            &earth,
            launch.lat_rad,
            launch.lon_rad,
            step,
            b.speed_m_s,
            b.altitude_m,
            &fopts,
        )?),
        None => None,
    };
    Ok((standard, by_azimuth, sweep))
}

/// Smallest burnout speed accepted in forward mode, m/s: the standard range of
/// 0.2 km/s is about v²/g = 4 km.
pub const MIN_BURNOUT_SPEED_M_S: f64 = 200.0;

/// Largest burnout speed accepted in forward mode, m/s (well above escape speed,
/// 11.2 km/s at the surface).
pub const MAX_BURNOUT_SPEED_M_S: f64 = 20_000.0;

/// Forward ("what if") mode: the standard trajectory of a given burnout state, with no
/// lofted observation (so no inverse, no lofted trajectory, no flight-time check).
/// `speed_m_s` is relative to the ground; burnout is `altitude_m` above the launch point.
///
/// ```
/// use loftrange::{estimate_from_burnout, Model, Options};
/// // 7.195 km/s at the surface: the seed case's two-body burnout speed.
/// let est = estimate_from_burnout(7_195.3, 0.0, &Options::new(Model::KEPLER)).unwrap();
/// assert!((est.standard.range_m.unwrap() / 1e3 - 9_983.0).abs() < 1.0);
/// ```
pub fn estimate_from_burnout(speed_m_s: f64, altitude_m: f64, opts: &Options) -> Result<Estimate> {
    let model = opts.model;
    if opts.extra_payload.is_some() {
        return Err(Error::invalid(
            "extra payload",
            "given in forward mode",
            "an extra payload only with a lofted test, model boost and the generic vehicle",
        ));
    }
    if model.is_boost() {
        return Err(Error::invalid(
            "burnout speed",
            "given with model boost",
            "an impulsive model (kepler, sphere, rotating): the boost model simulates its burnout",
        ));
    }
    let earth = model.earth();
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
    // There is no test in forward mode, so no test azimuth: on a rotating Earth with no
    // azimuth asked for, the headline is the longest range over all azimuths.
    let mut opts = opts.clone();
    let over_all_azimuths = opts.model.needs_site() && opts.test_azimuth_rad.is_none();
    if over_all_azimuths {
        if opts.site.is_none() {
            return Err(Error::invalid(
                "site",
                "none",
                format!("model {} needs a launch site (--site NAME or LAT,LON)", opts.model),
            ));
        }
        opts.test_azimuth_rad = Some(opts.standard_azimuth_rad.unwrap_or(std::f64::consts::FRAC_PI_2));
        if opts.standard_azimuth_rad.is_none() && opts.sweep_step_rad.is_none() {
            opts.sweep_step_rad = Some(1f64.to_radians());
        }
    }
    let opts = &opts;
    let launch = test_launch(opts)?;
    let fopts = FlightOptions { samples: opts.samples, ..opts.flight };
    // The flight-path angle is the standard trajectory's (NaN, i.e. undefined, with global
    // reach); the standard solver reads only the speed and altitude.
    let mut b = Burnout { speed_m_s, gamma_rad: f64::NAN, altitude_m };
    let (mut standard, by_azimuth, sweep) = standard_part(model, &earth, &launch, &b, opts, &fopts)?;
    if over_all_azimuths && opts.standard_azimuth_rad.is_none() {
        // The headline: the standard trajectory toward the sweep's longest-range azimuth.
        if let Some(sw) = &sweep {
            let best = Launch { azimuth_rad: sw.max.azimuth_rad, ..launch };
            let mut o = opts.clone();
            o.standard_azimuth_rad = Some(sw.max.azimuth_rad);
            o.sweep_step_rad = None;
            o.azimuths_rad.clear();
            standard = standard_part(model, &earth, &best, &b, &o, &fopts)?.0;
        }
    }
    b.gamma_rad = standard.gamma_rad.unwrap_or(f64::NAN);
    let mut warnings = Vec::new();
    let global_margin =
        margin_part(model, &earth, &launch, &b, opts, &fopts, &standard, &by_azimuth, &sweep, &mut warnings)?;
    let mut options = opts.clone();
    if over_all_azimuths {
        options.test_azimuth_rad = None;
    }
    Ok(Estimate {
        model,
        assumptions: model.assumptions().to_string(),
        observation: None,
        options,
        burnout: b,
        inverse_method: None,
        inverse_report: None,
        lofted: None,
        flight_time: None,
        standard,
        by_azimuth,
        sweep,
        warnings,
        boost: None,
        forward_vehicle: None,
        global_margin,
        lofted_check: None,
        extra_payload: None,
        other_roots: Vec::new(),
    })
}

/// The boost model's options for `opts` and the test's launch ([`test_launch`]): the
/// Earth rotates only with a site.
pub(crate) fn boost_options(opts: &Options, launch: Launch) -> crate::vehicle::BoostOptions {
    let earth = if opts.site.is_some() { opts.model.earth } else { opts.model.without_rotation().earth };
    let mut bo = crate::vehicle::BoostOptions::new(earth, launch);
    bo.vehicle = opts.vehicle.clone();
    bo.samples = opts.samples;
    bo.sensitivity = opts.boost_sensitivity;
    bo.standard_azimuth_rad = opts.standard_azimuth_rad.map(geo::normalize_angle_rad);
    bo
}

/// Model `boost`: fit the vehicle to the test, fly it for maximum range, and report it
/// in the same shape as the impulsive models (burnout = the simulated burnout state).
fn boost_estimate(obs: &Observation, opts: &Options, launch: Launch) -> Result<Estimate> {
    use crate::vehicle::estimate_boost;
    if obs.burnout_altitude_m != 0.0 {
        return Err(Error::invalid(
            "burnout altitude",
            format!("{} km", obs.burnout_altitude_m / 1e3),
            "no burnout altitude with model boost: the powered flight decides where burnout is",
        ));
    }
    let bo = boost_options(opts, launch);
    let b = estimate_boost(obs.apogee_m, obs.range_m, obs.flight_time_s, &bo)?;
    let r = &b.fitted.report;
    let inverse_report = SolverReport {
        stop: r.kick.stop,
        iterations: r.kick.iterations,
        evaluations: r.flights,
        residual: r.apogee_residual_m.abs().max(r.range_residual_m.abs()),
        unit: crate::numerics::solve::Unit::Metre,
    };
    let as_trajectory = |f: &Flight| Trajectory {
        apogee_m: f.apogee_m,
        range_m: f.range_m,
        flight_time_s: f.flight_time_s,
        points: f.trajectory.as_ref().map(|t| t.points.clone()).unwrap_or_default(),
    };
    let lofted = as_trajectory(&b.lofted);
    let std_az = opts.standard_azimuth_rad.map(geo::normalize_angle_rad).unwrap_or(launch.azimuth_rad);
    let standard = StandardSummary::of(&b.standard, opts.site.map(|_| std_az));
    // The fitted vehicle toward the further azimuths and over the sweep (fit once).
    let by_azimuth = b.fitted_vehicle.by_azimuth(&opts.azimuths_rad)?;
    let sweep = opts.sweep_step_rad.map(|step| b.fitted_vehicle.sweep(step)).transpose()?;
    let mut warnings: Vec<String> = b.flight_time_check.iter().filter_map(|c| c.warning.clone()).collect();
    if b.standard.flight().is_some_and(|sf| sf.floor_active) {
        warnings.push(format!(
            "the standard trajectory's kick is set by the burnout-altitude floor ({:.0} km), not by range alone: see the sensitivity table",
            crate::vehicle::defaults::MIN_BURNOUT_ALTITUDE_M / 1e3
        ));
    }
    let toward_test = match headline_elsewhere(&bo.earth, &launch, opts) {
        true => Some(StandardSummary::of(&b.fitted_vehicle.standard(launch.azimuth_rad, 0)?, Some(launch.azimuth_rad))),
        false => None,
    };
    let lofted_check = lofted_check(b.lofted.powered().burnout.gamma_rad, obs, &standard, toward_test.as_ref());
    if !lofted_check.lofted {
        warnings.push(lofted_check.reason());
    }
    let other_roots = b.other_roots.clone();
    let extra_payload = match &opts.extra_payload {
        None => None,
        Some(_) if opts.vehicle.is_some() => {
            return Err(Error::invalid(
                "extra payload",
                "given with a vehicle file",
                "an extra payload only for the generic vehicle; with a vehicle file use loftrange payload (--payloads, --range-for, --target)",
            ))
        }
        Some(spec) => Some(crate::vehicle::payload_for::extra_payload(&b.fitted_vehicle, spec, std_az, opts.samples)?),
    };
    Ok(Estimate {
        model: opts.model,
        assumptions: b.assumptions.clone(),
        observation: Some(*obs),
        options: opts.clone(),
        burnout: Burnout {
            speed_m_s: b.lofted.powered().burnout.speed_m_s,
            gamma_rad: b.lofted.powered().burnout.gamma_rad,
            altitude_m: b.lofted.powered().burnout.altitude_m,
        },
        inverse_method: Some(InverseMethod::BoostFit),
        inverse_report: Some(inverse_report),
        lofted: Some(lofted),
        flight_time: b.flight_time_check.clone(),
        standard,
        by_azimuth,
        sweep,
        warnings,
        boost: Some(b),
        forward_vehicle: None,
        global_margin: None,
        lofted_check: Some(lofted_check),
        extra_payload,
        other_roots,
    })
}

/// Forward mode with a vehicle: how far does this vehicle fly with `payload_kg` (None:
/// the file's payload)? Its range-maximising flight (the kick that maximises range,
/// the same solver as the boost model's standard trajectory): on a non-rotating Earth
/// without a site; with a site, on the rotating Earth toward `standard_azimuth_rad`, or
/// over all azimuths (`sweep_step_rad`, default 5°) with the headline toward the longest.
pub fn estimate_vehicle(
    vehicle: &crate::vehicle::Vehicle,
    payload_kg: Option<f64>,
    opts: &Options,
) -> Result<Estimate> {
    use crate::vehicle::{defaults, FittedVehicle};
    if opts.extra_payload.is_some() {
        return Err(Error::invalid(
            "extra payload",
            "given with a vehicle file",
            "an extra payload only for the generic vehicle; with a vehicle file use --payload",
        ));
    }
    let payload_kg = payload_kg.unwrap_or(vehicle.payload_kg);
    if !(payload_kg.is_finite() && (0.0..=1e7).contains(&payload_kg)) {
        return Err(Error::invalid("payload", format!("{payload_kg} kg"), "a payload from 0 to 10,000,000 kg"));
    }
    vehicle.lifts_off(payload_kg).map_err(Error::Impossible)?;
    let mut opts = opts.clone();
    if !opts.model.is_boost() {
        opts.model = Model::BOOST;
    }
    let (earth, lat_rad, lon_rad) = match opts.site {
        Some(s) => {
            Site::from_degrees(s.lat_rad.to_degrees(), s.lon_rad.to_degrees())?;
            (opts.model.earth, s.lat_rad, s.lon_rad)
        }
        None => (opts.model.without_rotation().earth, 0.0, 0.0),
    };
    let fv = FittedVehicle {
        plan: vehicle.plan_with_payload(payload_kg),
        earth,
        lat_rad,
        lon_rad,
        powered: crate::vehicle::powered::PoweredOptions::default(),
        min_burnout_altitude_m: Some(defaults::MIN_BURNOUT_ALTITUDE_M),
    };
    let rotating = opts.site.is_some();
    if rotating && opts.standard_azimuth_rad.is_none() && opts.sweep_step_rad.is_none() {
        opts.sweep_step_rad = Some(5f64.to_radians());
    }
    let sweep = match (rotating, opts.sweep_step_rad) {
        (true, Some(step)) => Some(fv.sweep(step)?),
        _ => None,
    };
    let az = opts
        .standard_azimuth_rad
        .map(geo::normalize_angle_rad)
        .or(sweep.as_ref().map(|s| s.max.azimuth_rad))
        .unwrap_or(std::f64::consts::FRAC_PI_2);
    let by_azimuth = fv.by_azimuth(&opts.azimuths_rad)?;
    let std = fv.standard(az, opts.samples)?;
    let standard = StandardSummary::of(&std, rotating.then_some(az));
    let burnout = match std.flight() {
        Some(f) => {
            let b = &f.landed.powered().burnout;
            Burnout { speed_m_s: b.speed_m_s, gamma_rad: b.gamma_rad, altitude_m: b.altitude_m }
        }
        None => Burnout { speed_m_s: f64::NAN, gamma_rad: f64::NAN, altitude_m: f64::NAN },
    };
    let assumptions = format!(
        "vehicle {} with a {:.0} kg payload flown for maximum range (burnout at or above {:.0} km where it can reach it); vertical rise, kick, gravity turn; ascent drag (US Standard Atmosphere 1976); {}",
        vehicle.label(),
        payload_kg,
        defaults::MIN_BURNOUT_ALTITUDE_M / 1e3,
        match (earth.surface, rotating) {
            (crate::earth::Surface::Ellipsoid(_), true) => "WGS 84 ellipsoid with J2, rotating at the WGS 84 rate",
            (crate::earth::Surface::Ellipsoid(_), false) => "WGS 84 ellipsoid with J2, not rotating",
            (crate::earth::Surface::Sphere, true) => "spherical Earth (R = 6371.0 km) rotating at the WGS 84 rate",
            (crate::earth::Surface::Sphere, false) => "spherical Earth (R = 6371.0 km), not rotating",
        }
    );
    Ok(Estimate {
        model: opts.model,
        assumptions,
        observation: None,
        options: opts,
        burnout,
        inverse_method: None,
        inverse_report: None,
        lofted: None,
        flight_time: None,
        standard,
        by_azimuth,
        sweep,
        warnings: Vec::new(),
        boost: None,
        forward_vehicle: Some(fv),
        global_margin: None,
        lofted_check: None,
        extra_payload: None,
        other_roots: Vec::new(),
    })
}

/// The payloads `payload_range` sweeps by default: 0.25 to 2 times the vehicle file's
/// payload in 8 steps, kg.
pub fn default_payloads_kg(vehicle: &crate::vehicle::Vehicle) -> Vec<f64> {
    (0..8).map(|i| vehicle.payload_kg * (0.25 + 0.25 * i as f64)).collect()
}

/// Payload against standard range for the vehicle of `opts` (model boost with a vehicle
/// file): the payload that reproduces the lofted test, then the standard range for
/// each of `payloads_kg` (None: 0.25 to 2 times the file's payload, 8 steps). On the
/// rotating Earth with a site and test azimuth, on a non-rotating one without a site.
pub fn payload_range(
    obs: &Observation,
    opts: &Options,
    payloads_kg: Option<&[f64]>,
) -> Result<crate::vehicle::PayloadRange> {
    let Some(vehicle) = opts.vehicle.as_ref() else {
        return Err(Error::invalid("vehicle", "none", "payload needs --vehicle FILE (TOML)"));
    };
    if !opts.model.is_boost() {
        return Err(Error::invalid("model", opts.model.name, "payload needs model boost"));
    }
    kepler::check_observation(&opts.model.earth, obs.apogee_m, obs.range_m, obs.burnout_altitude_m)?;
    let defaults = default_payloads_kg(vehicle);
    let payloads = payloads_kg.unwrap_or(&defaults);
    let launch = test_launch(opts)?;
    let earth = if opts.site.is_some() { opts.model.earth } else { opts.model.without_rotation().earth };
    let mut bo = crate::vehicle::BoostOptions::new(earth, launch);
    bo.vehicle = Some(vehicle.clone());
    bo.samples = 0;
    bo.sensitivity = false;
    bo.standard_azimuth_rad = opts.standard_azimuth_rad.map(geo::normalize_angle_rad);
    crate::vehicle::payload_range(vehicle, payloads, obs.apogee_m, obs.range_m, &bo)
}
