//! Error bars that include the model: a Monte Carlo over the generic vehicle's
//! assumptions together with the observation's uncertainty, every sample refitted to
//! the test.
//!
//! The boost model's answer depends more on its generic vehicle than on the measured
//! apogee and range (the sensitivity table moves the seed case from about 9,000 to
//! 17,000 km), so an interval over the measurements alone is too narrow. Here each
//! sample draws the measured inputs as [`crate::analysis::uncertainty::monte_carlo`] does, and the
//! five assumptions of [`assumption_ranges`] uniformly from their documented ranges, fits
//! that vehicle to that test and flies its standard trajectory.
//!
//! The variance is split between the measurements and the vehicle assumptions by a
//! linear regression of the standard range on the sampled inputs over the bounded
//! samples: each input's share is b²·var(x)/var(R), each group's share the variance of
//! its part of the fitted line over var(R), and what the line does not explain
//! (1 − R²: curvature and interactions) is reported as the remainder. The cross term
//! between the two groups (2·cov of their parts over var(R): zero in expectation, the
//! groups being drawn independently; a few per cent of a small run) is reported as
//! such, so that the four shares add up to 1. For small ranges
//! the regression's slopes are the one-at-a-time derivatives (a test checks it).
//!
//! Reproducibility: sample `i` draws from ChaCha8 stream `i` of the seed (the
//! measurements first, exactly as the measurement Monte Carlo, then one uniform per
//! assumption), and every sample's solvers start from the nominal fit (a deterministic
//! function of the nominal inputs, linearised in the measured apogee and range), never
//! from another sample: the numbers depend on (seed, i) only, whatever the thread count
//! or the order in which the samples run. So a run can go in steps ([`ModelMonteCarlo`]:
//! the nominal fit once, then samples `start..end` at a time, then the summary over all
//! of them), as the web page runs it, with exactly the result of one call.

use rand::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::uncertainty::{self, Distribution, MonteCarlo, Outcome, Sigmas};
use crate::error::{Error, Result};
use crate::estimate::{boost_options, test_launch, Observation, Question, Request};
use crate::model::Model;
use crate::vehicle::fit::FitStart;
use crate::vehicle::{fit_and_standard_from, BoostOptions, Warm};

/// One assumption of the generic vehicle and the range it is drawn from (uniformly: the
/// sources bound it, they do not say where in between it is likelier).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssumptionRange {
    /// The parameter, named as in the sensitivity table (`thrust_to_weight`, ...).
    pub parameter: String,
    /// Lower end (SI unit of the name).
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// The generic vehicle's default.
    pub nominal: f64,
    /// Why this range, with its sources.
    pub reason: String,
}

/// Lift-off thrust-to-weight: 1.2 to 1.8.
///
/// Reason: the default 1.5 is a liquid ICBM's slow lift-off ([`crate::vehicle::defaults::THRUST_TO_WEIGHT`]);
/// the single equivalent stage's ratio sets its burn time (about 190 s at 1.5 on the seed
/// case, 240 s at 1.2, 160 s at 1.8), the span of the powered flight of two-stage liquid
/// ICBMs. Short-range missiles lift off faster and burn shorter: the V-2 at 2.07
/// (`examples/vehicles/v2.toml`: 249.1 kN on 12.25 t), Forden's Scud-B, Al Hussein and
/// No-dong at 1.9 to 2.6 (`examples/vehicles/FORDEN.md`, secondhand): an equivalent stage
/// of an ICBM above 1.8 would burn out sooner than the first stage of such a missile.
/// The range is the sensitivity table's ±20 %.
pub const THRUST_TO_WEIGHT_RANGE: (f64, f64) = (1.2, 1.8);

/// Effective exhaust velocity: 2,600 to 3,150 m/s (specific impulse 265 to 321 s).
///
/// Reason: a mean over the flight, sea level to vacuum, of storable-propellant engines,
/// whose specific impulses lie roughly between 250 s at sea level and 320 s in vacuum
/// (Sutton and Biblarz, *Rocket Propulsion Elements*, 7th ed., 2001, tables of
/// liquid-propellant performance; [`crate::vehicle::defaults::EXHAUST_VELOCITY_M_S`]). The older
/// kerosene and nitric-acid engines of Forden's Scud and No-dong tables (230 to 240 s,
/// `examples/vehicles/FORDEN.md`) and the V-2's 195 s at sea level
/// (`examples/vehicles/v2.toml`) lie below: an ICBM's upper stage flies in near vacuum.
pub const EXHAUST_VELOCITY_RANGE_M_S: (f64, f64) = (2_600.0, 3_150.0);

/// Vertical rise before the kick: 5 to 15 s.
///
/// Reason: the default 10 s is that of open fly-out models
/// ([`crate::vehicle::defaults::VERTICAL_RISE_S`]); the V-2's pitch program began after 4 s
/// (`examples/vehicles/v2.toml`). The fitted kick absorbs most of a change (the
/// sensitivity table's rows are within a few km).
pub const VERTICAL_RISE_RANGE_S: (f64, f64) = (5.0, 15.0);

/// Lowest burnout altitude of the standard trajectory: 120 to 180 km.
///
/// Reason: the floor stands for "burnout above the sensible atmosphere"
/// ([`crate::vehicle::defaults::MIN_BURNOUT_ALTITUDE_M`]). 120 km (400,000 ft) is the conventional
/// entry interface of re-entering spacecraft, where the air starts to matter to a
/// payload; 180 km is the sensitivity table's +20 %. The standard range depends on this
/// floor almost as much as on the thrust-to-weight: the floor is the assumption least
/// tied to a measured vehicle.
pub const MIN_BURNOUT_ALTITUDE_RANGE_M: (f64, f64) = (120_000.0, 180_000.0);

/// Multiplier of the V-2 drag table: 0.7 to 1.3.
///
/// Reason: the table is the V-2's (Sutton, [`crate::vehicle::vehicle::DragTable::v2`]); the table
/// Forden uses for Scud-class missiles (`examples/vehicles/FORDEN.md`: Cd 0.20 subsonic,
/// 0.27 transonic) is 33 % above it subsonic and 35 % below it at the transonic peak.
/// The lift-off mass per reference area scales the drag per unit mass the same way
/// (drag deceleration ∝ Cd·A/m), so this range stands for both; it is not varied
/// separately. Drag costs an ICBM only about 40 m/s: this range matters least.
pub const DRAG_CD_SCALE_RANGE: (f64, f64) = (0.7, 1.3);

/// The documented ranges of the generic vehicle's assumptions, each with its reason
/// (the constants above), in the order they are drawn.
pub fn assumption_ranges() -> Vec<AssumptionRange> {
    use crate::vehicle::defaults as d;
    let row = |parameter: &str, (low, high): (f64, f64), nominal: f64, reason: &str| AssumptionRange {
        parameter: parameter.to_string(),
        low,
        high,
        nominal,
        reason: reason.to_string(),
    };
    vec![
        row(
            "thrust_to_weight",
            THRUST_TO_WEIGHT_RANGE,
            d::THRUST_TO_WEIGHT,
            "sets the burn time (240 s at 1.2, 160 s at 1.8), the span of two-stage liquid ICBMs; short-range missiles lift off at 1.9-2.6 (V-2 2.07, Forden's Scud-B, Al Hussein, No-dong); +-20 %",
        ),
        row(
            "exhaust_velocity_m_s",
            EXHAUST_VELOCITY_RANGE_M_S,
            d::EXHAUST_VELOCITY_M_S,
            "flight mean of storable-propellant engines, Isp 250 s at sea level to 320 s in vacuum (Sutton & Biblarz 2001); Scud/No-dong engines 230-240 s lie below",
        ),
        row(
            "vertical_rise_s",
            VERTICAL_RISE_RANGE_S,
            d::VERTICAL_RISE_S,
            "open fly-out models kick after about 10 s, the V-2 after 4 s; the fitted kick absorbs most of it",
        ),
        row(
            "min_burnout_altitude_m",
            MIN_BURNOUT_ALTITUDE_RANGE_M,
            d::MIN_BURNOUT_ALTITUDE_M,
            "burnout above the sensible atmosphere: from the 120 km entry interface to the sensitivity table's +20 %",
        ),
        row(
            "drag_cd_scale",
            DRAG_CD_SCALE_RANGE,
            1.0,
            "V-2 drag table (Sutton) against Forden's Scud-class table (+33 % subsonic, -35 % transonic); stands for the mass per reference area too",
        ),
    ]
}

/// The options with assumption `parameter` set to `value`; an error for an unknown name.
fn with_value(opts: &mut BoostOptions, parameter: &str, value: f64) -> Result<()> {
    match parameter {
        "thrust_to_weight" => opts.generic.thrust_to_weight = value,
        "exhaust_velocity_m_s" => opts.generic.exhaust_velocity_m_s = value,
        "vertical_rise_s" => opts.generic.vertical_rise_s = value,
        "sectional_density_kg_m2" => opts.generic.sectional_density_kg_m2 = value,
        "drag_cd_scale" => opts.generic.cd_scale = value,
        "min_burnout_altitude_m" => opts.min_burnout_altitude_m = Some(value),
        _ => {
            return Err(Error::invalid(
                "assumption",
                parameter,
                "thrust_to_weight, exhaust_velocity_m_s, vertical_rise_s, sectional_density_kg_m2, drag_cd_scale or min_burnout_altitude_m",
            ))
        }
    }
    Ok(())
}

/// Which group an input belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// A measured input of the test (apogee, range, site, azimuth).
    Measurement,
    /// An assumption of the generic vehicle.
    Vehicle,
}

/// One input's part of the variance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputShare {
    /// The input (a measured input's name as in [`Sigmas`], or an assumption's parameter).
    pub input: String,
    /// Its group.
    pub group: Group,
    /// Regression slope: metres of standard range per SI unit of the input.
    pub slope: f64,
    /// b²·var(x)/var(R), 0-1.
    pub share: f64,
}

/// How the variance of the standard range splits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VarianceSplit {
    /// Bounded samples the regression used.
    pub samples: usize,
    /// Variance of the standard range over them, m².
    pub variance_m2: f64,
    /// Share of the measurements (their part of the regression line), 0-1.
    pub measurements: f64,
    /// Share of the vehicle assumptions, 0-1.
    pub vehicle: f64,
    /// Share of the covariance of the two groups' parts (2·cov/var(R)): zero in
    /// expectation (the groups are drawn independently), a sampling effect of a finite
    /// run. `measurements + vehicle + between + remainder` = 1.
    pub between: f64,
    /// Share the linear regression does not explain (1 − R²: curvature, interactions).
    pub remainder: f64,
    /// Each varied input.
    pub inputs: Vec<InputShare>,
}

/// The result of the model Monte Carlo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelDistribution {
    /// The interval and the rest, as for the measurement Monte Carlo.
    pub distribution: Distribution,
    /// The assumptions varied, with their ranges and reasons.
    pub assumptions: Vec<AssumptionRange>,
    /// The variance split (None with fewer bounded samples than inputs + 2).
    pub variance: Option<VarianceSplit>,
}

/// Names of the measured inputs, in the order of [`Sigmas`].
const MEASURED: [&str; 7] =
    ["apogee", "range", "flight time", "burnout altitude", "test azimuth", "site latitude", "site longitude"];

/// What one sample drew: the offsets of the measured inputs and the assumptions' values.
fn draws(sigmas: &Sigmas, mc: &MonteCarlo, ranges: &[AssumptionRange], index: u64) -> ([f64; 7], Vec<f64>) {
    let mut rng = uncertainty::sample_rng(mc.seed, index);
    let d = uncertainty::offsets_from(&mut rng, sigmas, mc.shape);
    let v = ranges.iter().map(|r| r.low + rng.gen::<f64>() * (r.high - r.low)).collect();
    (d, v)
}

/// The nominal fit's warm start, and how its unknowns move with each input.
#[derive(Clone, Debug)]
struct Nominal {
    warm: Warm,
    /// d(fitted unknown, fitted kick, standard kick)/d(apogee, m) and /d(range, m).
    d_measured: [[f64; 3]; 2],
    /// The same per unit of each assumption, with the assumption's nominal value.
    d_assumption: Vec<(f64, [f64; 3])>,
}

impl Nominal {
    /// The nominal fit (the assumptions at their nominal values), from which every
    /// sample starts, moved along its linearisation.
    fn fit(
        q: &Question,
        model: Model,
        lean: &Request,
        obs: &Observation,
        ranges: &[AssumptionRange],
    ) -> Result<Nominal> {
        let mut bo = boost_options(q, model, lean, test_launch(q, model)?);
        for r in ranges {
            with_value(&mut bo, &r.parameter, r.nominal)?;
        }
        crate::vehicle::validate(obs.apogee_m, obs.range_m, None, &bo)?;
        let unknowns = |apogee_m: f64,
                        range_m: f64,
                        bo: &BoostOptions,
                        warm: Option<&Warm>|
         -> Result<(crate::vehicle::FitResult, Option<f64>)> {
            let (fitted, _, st, _) = fit_and_standard_from(apogee_m, range_m, bo, 0, warm)?;
            Ok((fitted, st.flight().map(|f| f.landed.powered().kick_rad)))
        };
        let (fitted, std_kick) = unknowns(obs.apogee_m, obs.range_m, &bo, None)?;
        let warm = Warm {
            fit: FitStart { value: fitted.delta_v_m_s, kick_rad: fitted.kick_rad, jacobian: fitted.jacobian },
            standard_kick_rad: std_kick,
        };
        let base = [fitted.delta_v_m_s, fitted.kick_rad, std_kick.unwrap_or(0.0)];
        // Forward differences of warm fits; an input whose neighbour fails is not linearised.
        let slope = |apogee_m: f64, range_m: f64, bo: &BoostOptions, h: f64| -> [f64; 3] {
            match unknowns(apogee_m, range_m, bo, Some(&warm)) {
                Ok((f, k)) if h != 0.0 => [
                    (f.delta_v_m_s - base[0]) / h,
                    (f.kick_rad - base[1]) / h,
                    k.zip(std_kick).map_or(0.0, |(k, k0)| (k - k0) / h),
                ],
                _ => [0.0; 3],
            }
        };
        let h_m = 1e3;
        let d_measured =
            [slope(obs.apogee_m + h_m, obs.range_m, &bo, h_m), slope(obs.apogee_m, obs.range_m + h_m, &bo, h_m)];
        let d_assumption = ranges
            .iter()
            .map(|r| {
                let h = 0.01 * (r.high - r.low);
                let mut moved = bo.clone();
                let ok = with_value(&mut moved, &r.parameter, r.nominal + h).is_ok();
                (r.nominal, if ok && h > 0.0 { slope(obs.apogee_m, obs.range_m, &moved, h) } else { [0.0; 3] })
            })
            .collect();
        Ok(Nominal { warm, d_measured, d_assumption })
    }

    /// The start for a sample: the nominal unknowns moved along the linearisation in the
    /// measured apogee and range and in the assumptions (forward differences of warm
    /// fits at the nominal, computed once). A deterministic function of the sample's
    /// inputs; the solvers take it from there.
    fn start(&self, d: &[f64; 7], values: &[f64]) -> Warm {
        let mut delta = [0.0; 3];
        let mut add = |slope: &[f64; 3], by: f64| {
            for (x, s) in delta.iter_mut().zip(slope) {
                *x += s * by;
            }
        };
        add(&self.d_measured[0], d[0]);
        add(&self.d_measured[1], d[1]);
        for ((nominal, slope), v) in self.d_assumption.iter().zip(values) {
            add(slope, v - nominal);
        }
        let mut w = self.warm;
        w.fit.value += delta[0];
        w.fit.kick_rad = (w.fit.kick_rad + delta[1]).max(0.0);
        w.standard_kick_rad = w.standard_kick_rad.map(|k| (k + delta[2]).max(0.0));
        w
    }
}

/// The model Monte Carlo asked of a question that is not a lofted test.
fn needs_lofted() -> Error {
    Error::invalid("apogee", "none", "a lofted test (apogee and range) for the model Monte Carlo")
}

/// True when the Monte Carlo of question `q` under `model` also varies the generic
/// vehicle's assumptions (this module's Monte Carlo): model boost without a vehicle
/// file. Otherwise it is the measurement Monte Carlo
/// ([`crate::analysis::uncertainty::monte_carlo`]), as with a vehicle file.
pub fn varies_vehicle(q: &Question, model: &Model) -> bool {
    model.is_boost() && q.vehicle.is_none()
}

/// One sample of a model Monte Carlo ([`ModelMonteCarlo::run`]): what it gave, and what
/// it drew (the measured inputs' offsets and the assumptions' values), which
/// [`ModelMonteCarlo::summarise`] regresses the standard range on.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelSample {
    outcome: Outcome,
    /// Offsets of the measured inputs, SI, in the order of [`Sigmas`].
    offsets: [f64; 7],
    /// The assumptions' values, in the order of the run's ranges.
    values: Vec<f64>,
}

impl ModelSample {
    /// What the sample gave: its standard range and burnout speed, or why it failed.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }
}

/// A model Monte Carlo ready to run: the inputs validated and the nominal fit (every
/// sample's start) computed once. Run it at once ([`monte_carlo`]) or in steps, as the
/// web page does to show progress: [`run`](ModelMonteCarlo::run) over consecutive
/// index ranges, then [`summarise`](ModelMonteCarlo::summarise) over all their samples
/// in index order. Sample `i` depends on (seed, i) only, so the steps give exactly the
/// result of one call.
#[derive(Clone, Debug)]
pub struct ModelMonteCarlo {
    q: Question,
    model: Model,
    /// What each sample computes: the headline standard range only.
    lean: Request,
    sigmas: Sigmas,
    mc: MonteCarlo,
    ranges: Vec<AssumptionRange>,
    nominal: Nominal,
}

impl ModelMonteCarlo {
    /// Validate the Monte Carlo over the measured inputs (`sigmas`, read as `mc.shape`
    /// says) and the generic vehicle's assumptions (`ranges`, uniform;
    /// [`assumption_ranges`] documents the default ones) and fit the nominal vehicle.
    /// `model` must be boost and `q` a lofted test without a vehicle file
    /// ([`varies_vehicle`]); the sample count is held to the measurement Monte Carlo's
    /// limit ([`uncertainty::check_samples`]).
    pub fn new(
        q: &Question,
        model: &Model,
        r: &Request,
        sigmas: &Sigmas,
        mc: MonteCarlo,
        ranges: &[AssumptionRange],
    ) -> Result<ModelMonteCarlo> {
        sigmas.validate()?;
        let model = *model;
        if !model.is_boost() {
            return Err(Error::invalid("model", model.name, "the model Monte Carlo needs model boost"));
        }
        let Some(obs) = q.observation() else {
            return Err(needs_lofted());
        };
        if q.vehicle.is_some() {
            return Err(Error::invalid(
                "vehicle",
                "a vehicle file",
                "the generic vehicle: the model Monte Carlo varies its assumptions (with a vehicle file, use the measurement Monte Carlo)",
            ));
        }
        uncertainty::check_samples(&model, mc.samples)?;
        if sigmas.burnout_altitude_m > 0.0 || obs.burnout_altitude_m != 0.0 {
            return Err(Error::invalid(
                "burnout altitude",
                format!("{} km", obs.burnout_altitude_m / 1e3),
                "no burnout altitude with model boost: the powered flight decides where burnout is",
            ));
        }
        for r in ranges {
            if !(r.low.is_finite() && r.high.is_finite() && r.low <= r.high) {
                return Err(Error::invalid(
                    "assumption range",
                    format!("{} {}..{}", r.parameter, r.low, r.high),
                    "finite ends, low <= high",
                ));
            }
            with_value(
                &mut BoostOptions::new(crate::earth::Earth::non_rotating(), crate::flight::Launch::EQUATOR_EAST),
                &r.parameter,
                r.low,
            )?;
        }
        let mut lean = uncertainty::sample_request(r);
        lean.sensitivity = false;
        let nominal = Nominal::fit(q, model, &lean, obs, ranges)?;
        Ok(ModelMonteCarlo { q: q.clone(), model, lean, sigmas: *sigmas, mc, ranges: ranges.to_vec(), nominal })
    }

    /// Samples `range` of the run, in parallel on rayon's current pool, in index order.
    /// `progress` is called once per finished sample, from any thread.
    pub fn run(&self, range: std::ops::Range<usize>, progress: Option<&(dyn Fn() + Sync)>) -> Vec<ModelSample> {
        (range.start as u64..range.end as u64)
            .into_par_iter()
            .map(|i| {
                let s = self.sample(i);
                if let Some(p) = progress {
                    p();
                }
                s
            })
            .collect()
    }

    /// Sample `i`: its draws from (seed, i), fitted from the nominal start.
    fn sample(&self, i: u64) -> ModelSample {
        let (model, ranges) = (self.model, &self.ranges);
        let (d, values) = draws(&self.sigmas, &self.mc, ranges, i);
        let outcome = (|| -> Result<Outcome> {
            let p = uncertainty::perturbed(&self.q, d);
            let Some(o) = p.observation().copied() else {
                return Err(needs_lofted());
            };
            crate::flight::kepler::check_observation(&model.earth(), o.apogee_m, o.range_m, 0.0)?;
            let mut bo = boost_options(&p, model, &self.lean, test_launch(&p, model)?);
            for (r, &v) in ranges.iter().zip(&values) {
                with_value(&mut bo, &r.parameter, v)?;
            }
            crate::vehicle::validate(o.apogee_m, o.range_m, None, &bo)?;
            let warm = self.nominal.start(&d, &values);
            let (_, lofted, st, _) = fit_and_standard_from(o.apogee_m, o.range_m, &bo, 0, Some(&warm))?;
            Ok(Outcome::Ok { range_m: st.range_m(), speed_m_s: lofted.powered().burnout.speed_m_s })
        })()
        .unwrap_or_else(|e| Outcome::Failed(uncertainty::reason(&e)));
        ModelSample { outcome, offsets: d, values }
    }

    /// The distribution, the assumptions and the variance split of `samples`: the
    /// samples of this run in index order (all of them, `0..mc.samples`, for the
    /// run's result). [`Error::MonteCarlo`] with the count and the reasons when more
    /// than [`uncertainty::MAX_FAILED_SHARE`] of them failed.
    pub fn summarise(&self, samples: &[ModelSample]) -> Result<ModelDistribution> {
        let outcomes: Vec<Outcome> = samples.iter().map(|s| s.outcome.clone()).collect();
        let distribution = uncertainty::summarise(self.mc, &outcomes);
        // Too many failures: their count and reasons instead of a summary.
        distribution.check()?;
        let variance = split(samples, &self.sigmas, &self.ranges);
        Ok(ModelDistribution { distribution, assumptions: self.ranges.clone(), variance })
    }
}

/// Monte Carlo over the measured inputs (`sigmas`, read as `mc.shape` says) and the
/// generic vehicle's assumptions (`ranges`, uniform; [`assumption_ranges`] documents the
/// default ones), every sample fitted to the test; in parallel on rayon's current pool.
/// `opts` must be model boost with the generic vehicle. `progress` is called once per
/// finished sample, from any thread. The sample count and the share of failures are
/// held to the measurement Monte Carlo's limits ([`uncertainty::check_samples`],
/// [`uncertainty::MAX_FAILED_SHARE`]). The same as [`ModelMonteCarlo`] run over
/// `0..mc.samples` and summarised.
#[allow(clippy::too_many_arguments)]
pub fn monte_carlo(
    q: &Question,
    model: &Model,
    r: &Request,
    sigmas: &Sigmas,
    mc: MonteCarlo,
    ranges: &[AssumptionRange],
    progress: Option<&(dyn Fn() + Sync)>,
) -> Result<ModelDistribution> {
    let run = ModelMonteCarlo::new(q, model, r, sigmas, mc, ranges)?;
    let samples = run.run(0..mc.samples, progress);
    run.summarise(&samples)
}

/// The regression split of the variance over the bounded samples (module docs).
fn split(samples: &[ModelSample], sigmas: &Sigmas, ranges: &[AssumptionRange]) -> Option<VarianceSplit> {
    let s = [
        sigmas.apogee_m,
        sigmas.range_m,
        sigmas.flight_time_s,
        sigmas.burnout_altitude_m,
        sigmas.test_azimuth_rad,
        sigmas.site_lat_rad,
        sigmas.site_lon_rad,
    ];
    // The inputs that vary: (name, group, index into the measured offsets or the values).
    let mut cols: Vec<(String, Group, usize, bool)> = Vec::new();
    for (k, name) in MEASURED.iter().enumerate() {
        if s[k] > 0.0 {
            cols.push((name.to_string(), Group::Measurement, k, true));
        }
    }
    for (k, r) in ranges.iter().enumerate() {
        if r.high > r.low {
            cols.push((r.parameter.clone(), Group::Vehicle, k, false));
        }
    }
    let rows: Vec<(f64, Vec<f64>)> = samples
        .iter()
        .filter_map(|s| match s.outcome {
            Outcome::Ok { range_m: Some(r), .. } => Some((
                r,
                cols.iter().map(|&(_, _, k, measured)| if measured { s.offsets[k] } else { s.values[k] }).collect(),
            )),
            _ => None,
        })
        .collect();
    let (n, p) = (rows.len(), cols.len());
    if n < p + 2 {
        return None;
    }
    let mean_y = rows.iter().map(|r| r.0).sum::<f64>() / n as f64;
    let mean_x: Vec<f64> = (0..p).map(|j| rows.iter().map(|r| r.1[j]).sum::<f64>() / n as f64).collect();
    // Covariances of the centred inputs and with the range.
    let mut cxx = vec![vec![0.0; p]; p];
    let mut cxy = vec![0.0; p];
    let mut var_y = 0.0;
    for (y, x) in &rows {
        let dy = y - mean_y;
        var_y += dy * dy;
        for a in 0..p {
            let da = x[a] - mean_x[a];
            cxy[a] += da * dy;
            for b in 0..p {
                cxx[a][b] += da * (x[b] - mean_x[b]);
            }
        }
    }
    let nf = n as f64;
    var_y /= nf;
    cxy.iter_mut().for_each(|c| *c /= nf);
    cxx.iter_mut().flatten().for_each(|c| *c /= nf);
    // Solved on the correlation scale (each input divided by its standard deviation), so
    // that the pivot tolerance of `solve` means near-collinear inputs, whatever their units.
    let sd: Vec<f64> = (0..p).map(|j| cxx[j][j].sqrt()).collect();
    if sd.iter().any(|v| !(*v > 0.0 && v.is_finite())) {
        return None;
    }
    let corr: Vec<Vec<f64>> = (0..p).map(|a| (0..p).map(|c| cxx[a][c] / (sd[a] * sd[c])).collect()).collect();
    let b_scaled = solve(corr, (0..p).map(|a| cxy[a] / sd[a]).collect())?;
    let b: Vec<f64> = (0..p).map(|a| b_scaled[a] / sd[a]).collect();
    if var_y <= 0.0 || var_y.is_nan() {
        return Some(VarianceSplit {
            samples: n,
            variance_m2: 0.0,
            measurements: 0.0,
            vehicle: 0.0,
            between: 0.0,
            remainder: 0.0,
            inputs: Vec::new(),
        });
    }
    // The variance of one group's part of the line: bᵀ C_gg b.
    let part = |g: Group| -> f64 {
        let idx: Vec<usize> = (0..p).filter(|&j| cols[j].1 == g).collect();
        idx.iter().map(|&a| idx.iter().map(|&c| b[a] * cxx[a][c] * b[c]).sum::<f64>()).sum::<f64>() / var_y
    };
    let explained: f64 = (0..p).map(|a| b[a] * cxy[a]).sum::<f64>() / var_y;
    let inputs = (0..p)
        .map(|j| InputShare {
            input: cols[j].0.clone(),
            group: cols[j].1,
            slope: b[j],
            share: b[j] * b[j] * cxx[j][j] / var_y,
        })
        .collect();
    let (measurements, vehicle) = (part(Group::Measurement), part(Group::Vehicle));
    Some(VarianceSplit {
        samples: n,
        variance_m2: var_y,
        measurements,
        vehicle,
        // The line's variance bᵀCb is the two groups' parts and twice their covariance.
        between: explained - measurements - vehicle,
        remainder: (1.0 - explained).max(0.0),
        inputs,
    })
}

/// Pivots below this (on the correlation scale: 1 on the diagonal) mean inputs so
/// nearly collinear that their slopes are not separable.
const PIVOT_TOL: f64 = 1e-9;

/// Solve A x = b (A a small correlation matrix: symmetric, 1 on the diagonal) by
/// Gaussian elimination with partial pivoting; None when A is singular or nearly so
/// (a pivot below [`PIVOT_TOL`]).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let piv = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[piv][c].is_nan() || a[piv][c].abs() <= PIVOT_TOL {
            return None;
        }
        a.swap(c, piv);
        b.swap(c, piv);
        let pivot_row = a[c].clone();
        for r in c + 1..n {
            let f = a[r][c] / pivot_row[c];
            for (x, p) in a[r][c..].iter_mut().zip(&pivot_row[c..]) {
                *x -= f * p;
            }
            b[r] -= f * b[c];
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|k| a[r][k] * x[k]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_squares_recovers_a_known_line() {
        let a = vec![vec![4.0, 1.0], vec![1.0, 3.0]];
        let x = solve(a, vec![1.0, 2.0]).unwrap();
        assert!((x[0] - 1.0 / 11.0).abs() < 1e-15 && (x[1] - 7.0 / 11.0).abs() < 1e-15);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 1.0]).is_none());
        // Nearly collinear inputs (correlation 1 − 1e-12) are refused, not solved into noise.
        assert!(solve(vec![vec![1.0, 1.0 - 1e-12], vec![1.0 - 1e-12, 1.0]], vec![1.0, 1.0]).is_none());
    }

    #[test]
    fn every_documented_assumption_applies_and_brackets_its_default() {
        let mut bo = BoostOptions::new(crate::earth::Earth::non_rotating(), crate::flight::Launch::EQUATOR_EAST);
        for r in assumption_ranges() {
            assert!(r.low < r.nominal && r.nominal < r.high, "{r:?}");
            assert!(!r.reason.is_empty());
            with_value(&mut bo, &r.parameter, r.nominal).unwrap();
        }
        assert_eq!(bo, BoostOptions::new(crate::earth::Earth::non_rotating(), crate::flight::Launch::EQUATOR_EAST));
    }
}
