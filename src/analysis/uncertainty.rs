//! Error bars: Monte Carlo over uncertain inputs, and linearised sensitivity.
//!
//! Both are loops over the one flow, [`crate::estimate()`]: a sample is an
//! ordinary observation with perturbed inputs, and a derivative is a central
//! difference of two ordinary estimates. Nothing here repeats the physics.
//!
//! Reproducibility: sample `i` draws from its own ChaCha8 generator seeded with
//! `seed` on stream `i`, and always draws the same number of variates in the
//! same order, so the numbers depend on (seed, i) only, never on the thread
//! count or on which inputs are uncertain.
//!
//! Global reach (orbital speed) has no range number: for ordering it counts as
//! +∞, so a percentile that falls among global-reach samples is `None`
//! ("global reach"), and the mean is taken over the bounded samples only.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::estimate::{estimate, Asked, Question, Request};
use crate::model::Model;

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 20171128;

/// How an input's uncertainty is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// `sigma` is one standard deviation of a normal distribution.
    Normal,
    /// `sigma` is the half-width of a uniform distribution (value ± sigma).
    Uniform,
}

impl Shape {
    /// The standard deviation of a spread of half-width (or sigma) `s`.
    pub fn std_dev(self, s: f64) -> f64 {
        match self {
            Shape::Normal => s,
            Shape::Uniform => s / 3f64.sqrt(),
        }
    }
}

/// Uncertainty of each input, in the input's SI unit (0: exact).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sigmas {
    /// Apogee, m.
    pub apogee_m: f64,
    /// Ground range, m.
    pub range_m: f64,
    /// Flight time, s.
    pub flight_time_s: f64,
    /// Burnout altitude, m.
    pub burnout_altitude_m: f64,
    /// Test launch azimuth, rad.
    pub test_azimuth_rad: f64,
    /// Site latitude, rad.
    pub site_lat_rad: f64,
    /// Site longitude, rad.
    pub site_lon_rad: f64,
}

impl Sigmas {
    /// True when every input is exact.
    pub fn is_zero(&self) -> bool {
        self.as_array().iter().all(|&s| s == 0.0)
    }

    fn as_array(&self) -> [f64; 7] {
        [
            self.apogee_m,
            self.range_m,
            self.flight_time_s,
            self.burnout_altitude_m,
            self.test_azimuth_rad,
            self.site_lat_rad,
            self.site_lon_rad,
        ]
    }

    /// Every sigma finite and ≥ 0, else an input error naming the field.
    pub fn validate(&self) -> Result<()> {
        let names =
            ["apogee", "range", "flight time", "burnout altitude", "test azimuth", "site latitude", "site longitude"];
        for (name, s) in names.into_iter().zip(self.as_array()) {
            if !(s.is_finite() && s >= 0.0) {
                return Err(Error::invalid(
                    name,
                    format!("uncertainty {s}"),
                    "a finite uncertainty of 0 or more after +-",
                ));
            }
        }
        Ok(())
    }
}

/// The question with each input moved by `d` (SI units, in the order of [`Sigmas`]).
pub(crate) fn perturbed(q: &Question, d: [f64; 7]) -> Question {
    let mut p = q.clone();
    if let Asked::Lofted(o) = &mut p.asked {
        o.apogee_m += d[0];
        o.range_m += d[1];
        // The flight time is only checked, never fitted: a sampled time at or below zero
        // leaves that sample without the check instead of failing it.
        o.flight_time_s = o.flight_time_s.map(|t| t + d[2]).filter(|t| *t > 0.0);
        o.burnout_altitude_m += d[3];
    }
    p.test_azimuth_rad = p.test_azimuth_rad.map(|a| a + d[4]);
    if let Some(s) = &mut p.site {
        // A latitude pushed past a pole is an impossible input: estimate rejects it.
        s.lat_rad += d[5];
        s.lon_rad += d[6];
    }
    p
}

/// What one sample gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Standard range, m (`None`: global reach), and burnout speed, m/s.
    Ok {
        /// Standard range, m; `None` with global reach.
        range_m: Option<f64>,
        /// Burnout speed, m/s.
        speed_m_s: f64,
    },
    /// The flow rejected the sample; the reason without the sample's numbers.
    Failed(String),
}

/// A failure reason without the numbers, so that equal reasons tally together.
pub(crate) fn reason(e: &Error) -> String {
    match e {
        Error::InvalidInput { field, accepted, .. } => format!("{field}: {accepted}"),
        Error::Impossible(m) => {
            // Keep the words, drop the figures.
            let words: Vec<&str> = m.split_whitespace().filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect();
            format!("impossible observation: {}", words.join(" "))
        }
        Error::NoSolution { what, .. } => format!("no solution: {what}"),
        Error::Integration(_) => "integration failed".to_string(),
        Error::MonteCarlo(m) => m.clone(),
    }
}

/// One standard normal variate (Box–Muller; both uniforms are always drawn).
fn std_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>(); // (0, 1]
    let u2: f64 = rng.gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// The offsets of sample `index`: depends on (seed, index) only.
pub fn sample_offsets(sigmas: &Sigmas, shape: Shape, seed: u64, index: u64) -> [f64; 7] {
    offsets_from(&mut sample_rng(seed, index), sigmas, shape)
}

/// The generator of sample `index`: ChaCha8 seeded with `seed`, on stream `index`.
pub(crate) fn sample_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// The offsets of the inputs drawn from `rng` (always 14 uniforms, whatever is uncertain).
pub(crate) fn offsets_from(rng: &mut ChaCha8Rng, sigmas: &Sigmas, shape: Shape) -> [f64; 7] {
    let mut d = [0.0; 7];
    for (di, s) in d.iter_mut().zip(sigmas.as_array()) {
        let z = match shape {
            Shape::Normal => std_normal(rng),
            Shape::Uniform => {
                let _ = rng.gen::<f64>(); // same number of draws as Normal
                2.0 * rng.gen::<f64>() - 1.0
            }
        };
        *di = s * z;
    }
    d
}

/// Run the one flow on sample `index`.
pub fn run_sample(
    q: &Question,
    model: &Model,
    r: &Request,
    sigmas: &Sigmas,
    shape: Shape,
    seed: u64,
    index: u64,
) -> Outcome {
    let p = perturbed(q, sample_offsets(sigmas, shape, seed, index));
    match estimate(&p, model, r) {
        Ok(est) => Outcome::Ok { range_m: est.standard.range_m(), speed_m_s: est.burnout.speed_m_s },
        Err(e) => Outcome::Failed(reason(&e)),
    }
}

/// Monte Carlo settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonteCarlo {
    /// Number of samples.
    pub samples: usize,
    /// Seed; sample `i` uses ChaCha8 stream `i` of this seed.
    pub seed: u64,
    /// How the sigmas are read.
    pub shape: Shape,
}

impl MonteCarlo {
    /// `samples` samples from `seed`, the sigmas read as normal standard deviations.
    pub fn new(samples: usize, seed: u64) -> MonteCarlo {
        MonteCarlo { samples, seed, shape: Shape::Normal }
    }
}

/// The most Monte Carlo samples with any model: the run holds every sample's outcome
/// and range until it is summarised, about 80 bytes a sample (0.8 GB at this count,
/// measured as the peak memory of a kepler run of 1,000,000: 76 MB), whatever the time.
pub const MAX_SAMPLES: usize = 10_000_000;

/// The time one Monte Carlo sample takes with a kind of model, and the most samples
/// accepted with it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SampleCost {
    /// The model in words, as a refusal names it ("model earth").
    pub model: &'static str,
    /// Wall time per sample, s (see [`SAMPLE_COSTS`] for how it was measured).
    pub seconds_per_sample: f64,
    /// The most samples accepted: a run of at most about 10 minutes (and at most
    /// [`MAX_SAMPLES`]).
    pub max_samples: usize,
}

/// The lowest re-entry ballistic coefficient of the cheaper drag row of
/// [`SAMPLE_COSTS`], kg/m²: below it a slowed re-entry vehicle's descent through the
/// atmosphere takes the integrator several times as many steps.
pub const CHEAP_DRAG_BETA_KG_M2: f64 = 500.0;

/// Per-sample cost and the most samples of each kind of model, so that one run stays
/// within about 10 minutes.
///
/// Measured with the release binary (`cargo build --release`) on the idle 2-core
/// machine (2026-12-07, after re-entry drag's cost was cut), on the seed case `estimate
/// --apogee 4475+-50km --range 950+-20km --site 39,125.7 --test-azimuth 90 --model M
/// --samples N` (2 rayon threads): the difference of the wall times of two runs (N and
/// a tenth to a fifth of N, so that the point estimate and the sensitivity table
/// cancel) over the difference of N. Drag was measured at beta 10, 100, 500 and 2,000
/// kg/m² (3.1, 0.61, 0.39 and 0.30 ms) and each of its rows keeps the slowest beta it
/// covers; boost is the generic vehicle's model Monte Carlo (a vehicle file's
/// measurement Monte Carlo is cheaper). The maximum is 10 minutes over the cost,
/// rounded down, and at most [`MAX_SAMPLES`]. Measure again and change these numbers
/// when the engine's speed changes.
pub const SAMPLE_COSTS: [SampleCost; 8] = [
    SampleCost { model: "model kepler", seconds_per_sample: 1.2e-6, max_samples: MAX_SAMPLES },
    SampleCost { model: "model sphere", seconds_per_sample: 32e-6, max_samples: MAX_SAMPLES },
    SampleCost { model: "model rotating", seconds_per_sample: 43e-6, max_samples: MAX_SAMPLES },
    SampleCost { model: "model earth", seconds_per_sample: 110e-6, max_samples: 5_000_000 },
    SampleCost {
        model: "model earth and re-entry drag below beta 500 kg/m2",
        seconds_per_sample: 3.1e-3,
        max_samples: 190_000,
    },
    SampleCost {
        model: "model earth and re-entry drag at beta 500 kg/m2 or more",
        seconds_per_sample: 0.39e-3,
        max_samples: 1_500_000,
    },
    SampleCost { model: "model boost", seconds_per_sample: 0.84e-3, max_samples: 700_000 },
    SampleCost { model: "model boost-earth", seconds_per_sample: 2.4e-3, max_samples: 250_000 },
];

/// The row of [`SAMPLE_COSTS`] that `model` runs with.
pub fn sample_cost(model: &Model) -> SampleCost {
    let ellipsoid = model.earth.surface != crate::earth::Surface::Sphere;
    let row = if model.is_boost() {
        if ellipsoid {
            7
        } else {
            6
        }
    } else if let Some(beta) = model.earth.reentry_beta_kg_m2 {
        if beta < CHEAP_DRAG_BETA_KG_M2 {
            4
        } else {
            5
        }
    } else if ellipsoid {
        3
    } else if model.is_closed_form() {
        0
    } else if model.earth.omega_rad_s == 0.0 {
        1
    } else {
        2
    };
    SAMPLE_COSTS[row]
}

/// A duration in words for a message: "40 s", "9 min", "3.5 h", "9 days".
fn duration_words(s: f64) -> String {
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 2.0 * 86_400.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.0} days", s / 86_400.0)
    }
}

/// `samples` accepted with `model` ([`sample_cost`]), or an input error
/// naming the limit and the time the run would take:
/// `samples: 10000000 is not accepted: at most 7000 samples with model earth and re-entry
/// drag below beta 500 kg/m2 (about 9 min at 77 ms per sample on 2 cores; 10000000
/// would take about 9 days)`.
pub fn check_samples(model: &Model, samples: usize) -> Result<()> {
    let c = sample_cost(model);
    if samples == 0 {
        return Err(Error::invalid("samples", "0", format!("1 to {} samples with {}", c.max_samples, c.model)));
    }
    if samples <= c.max_samples {
        return Ok(());
    }
    let per = c.seconds_per_sample;
    let per_words = if per >= 1e-3 { format!("{:.0} ms", per * 1e3) } else { format!("{:.0} us", per * 1e6) };
    let time = |n: usize| duration_words(n as f64 * per);
    Err(Error::invalid(
        "samples",
        samples.to_string(),
        format!(
            "at most {} samples with {} (about {} at {per_words} per sample on 2 cores; {samples} would take about {})",
            c.max_samples,
            c.model,
            time(c.max_samples),
            time(samples)
        ),
    ))
}

/// Percentiles and mean of a quantity over the successful samples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// 5th percentile (`None`: falls among global-reach samples).
    pub p05: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Mean over the samples with a number (global-reach samples excluded).
    pub mean: Option<f64>,
}

/// The result of a Monte Carlo run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// The settings.
    pub settings: MonteCarlo,
    /// Samples drawn.
    pub samples: usize,
    /// Samples the flow accepted.
    pub succeeded: usize,
    /// Standard range, m: global reach counts as +∞ for the percentiles.
    pub range_m: Summary,
    /// Burnout speed, m/s.
    pub speed_m_s: Summary,
    /// Fraction of the successful samples with global reach.
    pub global_reach_fraction: f64,
    /// Failed samples.
    pub failures: usize,
    /// Failed samples by reason.
    pub failure_reasons: BTreeMap<String, usize>,
    /// The bounded standard ranges, m, sorted (for histograms).
    pub ranges_m: Vec<f64>,
}

/// The largest share of failed samples a Monte Carlo is summarised with: 10 %.
///
/// The percentiles are over the samples that succeeded. A failure usually depends on
/// the inputs (an apogee drawn below zero, a latitude pushed past the pole), so the
/// failures cut one side off the distribution and the survivors lean the other way: with
/// a share `f` cut from one side, the survivors' median is somewhere between the run's
/// `50(1 - f)`th and `50(1 + f)`th percentiles. At 10 % that is the 45th to the 55th,
/// and their 5th percentile at most the run's 14.5th: a bias the report can carry with
/// the failures counted beside it. Above it a run ends with [`Error::MonteCarlo`] (the
/// command line's exit 1) giving the count and the reasons, instead of a summary. A
/// sample with global reach is a result, not a failure.
pub const MAX_FAILED_SHARE: f64 = 0.10;

/// How many distinct failure reasons a message lists (the most frequent first).
pub const LISTED_REASONS: usize = 3;

impl Distribution {
    /// The share of the samples that failed, 0 to 1 (0 for an empty run).
    pub fn failed_share(&self) -> f64 {
        if self.samples == 0 {
            0.0
        } else {
            self.failures as f64 / self.samples as f64
        }
    }

    /// The failure reasons with their counts, most frequent first (then by reason).
    pub fn reasons_by_count(&self) -> Vec<(&str, usize)> {
        let mut r: Vec<(&str, usize)> = self.failure_reasons.iter().map(|(k, &n)| (k.as_str(), n)).collect();
        r.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        r
    }

    /// The `LISTED_REASONS` most frequent failure reasons in words: "984 x site
    /// latitude: a latitude from -90 to 90 degrees; 3 x ...", and how many others.
    pub fn reasons_text(&self) -> String {
        let r = self.reasons_by_count();
        let mut parts: Vec<String> = r.iter().take(LISTED_REASONS).map(|(k, n)| format!("{n} x {k}")).collect();
        if r.len() > LISTED_REASONS {
            let rest: usize = r[LISTED_REASONS..].iter().map(|x| x.1).sum();
            parts.push(match r.len() - LISTED_REASONS {
                1 => format!("{rest} more for another reason"),
                k => format!("{rest} more for {k} other reasons"),
            });
        }
        parts.join("; ")
    }

    /// Where a standard range (`None`: global reach, which orders above every bounded
    /// range) falls among the successful samples: the percentage of them below it, ties
    /// counted half (`None` when no sample succeeded).
    pub fn percentile_of(&self, range_m: Option<f64>) -> Option<f64> {
        if self.succeeded == 0 {
            return None;
        }
        let global = self.succeeded - self.ranges_m.len();
        let below = match range_m {
            Some(x) => {
                let lt = self.ranges_m.partition_point(|&r| r < x);
                let le = self.ranges_m.partition_point(|&r| r <= x);
                lt as f64 + 0.5 * (le - lt) as f64
            }
            None => self.ranges_m.len() as f64 + 0.5 * global as f64,
        };
        Some(100.0 * below / self.succeeded as f64)
    }

    /// `Ok` when the run can be summarised: some sample succeeded and at most
    /// [`MAX_FAILED_SHARE`] of them failed; otherwise [`Error::MonteCarlo`] with the
    /// count and the reasons.
    pub fn check(&self) -> Result<()> {
        if self.succeeded > 0 && self.failed_share() <= MAX_FAILED_SHARE {
            return Ok(());
        }
        let count = if self.succeeded == 0 {
            format!("all {} samples failed", self.samples)
        } else {
            format!(
                "{} of {} samples ({:.1}%) failed, more than the {:.0}% a summary allows (the samples that succeeded would not describe the inputs' spread)",
                self.failures,
                self.samples,
                100.0 * self.failed_share(),
                100.0 * MAX_FAILED_SHARE
            )
        };
        Err(Error::MonteCarlo(format!("Monte Carlo: {count}: {}", self.reasons_text())))
    }
}

/// The `q` quantile (0–1) of sorted values, linear between neighbours; +∞ stays +∞.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let x = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (i, f) = (x.floor() as usize, x - x.floor());
    let (a, b) = (sorted[i], sorted[(i + 1).min(sorted.len() - 1)]);
    let v = if f == 0.0 { a } else { a + f * (b - a) };
    v.is_finite().then_some(v)
}

fn summary(mut v: Vec<f64>) -> Summary {
    v.sort_by(f64::total_cmp);
    let finite: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    let mean = (!finite.is_empty()).then(|| finite.iter().sum::<f64>() / finite.len() as f64);
    Summary { p05: quantile(&v, 0.05), p50: quantile(&v, 0.5), p95: quantile(&v, 0.95), mean }
}

/// Summarise outcomes (in sample order).
pub fn summarise(settings: MonteCarlo, outcomes: &[Outcome]) -> Distribution {
    let mut ranges = Vec::new();
    let mut speeds = Vec::new();
    let mut reasons = BTreeMap::new();
    let mut global = 0usize;
    for o in outcomes {
        match o {
            Outcome::Ok { range_m, speed_m_s } => {
                ranges.push(range_m.unwrap_or(f64::INFINITY));
                global += usize::from(range_m.is_none());
                speeds.push(*speed_m_s);
            }
            Outcome::Failed(r) => *reasons.entry(r.clone()).or_insert(0) += 1,
        }
    }
    let succeeded = speeds.len();
    let mut bounded: Vec<f64> = ranges.iter().copied().filter(|r| r.is_finite()).collect();
    bounded.sort_by(f64::total_cmp);
    Distribution {
        settings,
        samples: outcomes.len(),
        succeeded,
        range_m: summary(ranges),
        speed_m_s: summary(speeds),
        global_reach_fraction: if succeeded == 0 { 0.0 } else { global as f64 / succeeded as f64 },
        failures: outcomes.len() - succeeded,
        failure_reasons: reasons,
        ranges_m: bounded,
    }
}

/// What each Monte Carlo sample computes: the headline standard range only (no trajectory
/// points, extra azimuths, targets, sweep, boost sensitivity, global margin, other roots
/// or extra payload), with the request's tolerances and headline azimuth.
pub fn sample_request(r: &Request) -> Request {
    Request { standard_azimuth_rad: r.standard_azimuth_rad, other_roots: false, flight: r.flight, ..Request::default() }
}

/// Monte Carlo over the one flow, in parallel (rayon's current pool).
///
/// Each sample answers the question with its inputs drawn, computing the headline
/// standard range only ([`sample_request`]). `progress` is called once per finished
/// sample, from any thread. Refuses more samples than the model allows
/// ([`check_samples`]), and ends with [`Error::MonteCarlo`] instead of a summary when
/// more than [`MAX_FAILED_SHARE`] of the samples failed ([`Distribution::check`]).
pub fn monte_carlo(
    q: &Question,
    model: &Model,
    r: &Request,
    sigmas: &Sigmas,
    mc: MonteCarlo,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Result<Distribution> {
    sigmas.validate()?;
    check_samples(model, mc.samples)?;
    let outcomes = run_samples(q, model, r, sigmas, mc, 0..mc.samples, progress);
    let d = summarise(mc, &outcomes);
    d.check()?;
    Ok(d)
}

/// Samples `range` of the Monte Carlo run `mc` (its seed and shape; the question, model
/// and request as given to [`monte_carlo`]), in parallel, in index order. Sample `i`
/// depends on (seed, i) only, so a run cut into consecutive ranges gives the outcomes of
/// one run over their union: the web page runs it in steps to show progress. `progress`
/// is called once per finished sample, from any thread. A caller that summarises the
/// outcomes itself ([`summarise`]) asks [`Distribution::check`] before it reports the
/// summary.
pub fn run_samples(
    q: &Question,
    model: &Model,
    r: &Request,
    sigmas: &Sigmas,
    mc: MonteCarlo,
    range: std::ops::Range<usize>,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Vec<Outcome> {
    let lean = sample_request(r);
    // A ramp-and-hold vehicle's open start and stop, optimised once for every sample (a
    // failure is left to each sample to report).
    let resolved = crate::estimate::with_pitch_resolved(q, *model, r).ok();
    let q = resolved.as_deref().unwrap_or(q);
    (range.start as u64..range.end as u64)
        .into_par_iter()
        .map(|i| {
            let o = run_sample(q, model, &lean, sigmas, mc.shape, mc.seed, i);
            if let Some(p) = progress {
                p();
            }
            o
        })
        .collect()
}

/// One input's row of the sensitivity table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// Input name as the user sees it.
    pub input: String,
    /// ∂R/∂x in metres of standard range per SI unit of the input (m/m, m/s, m/rad);
    /// `None` when it could not be computed (see `note`).
    pub derivative: Option<f64>,
    /// The input's standard deviation, SI.
    pub std_dev: f64,
    /// Share of the linearised variance, (∂R/∂x·σ)² / Σ, 0–1 (`None` when Σ = 0).
    pub variance_share: Option<f64>,
    /// Why a derivative is 0 or missing.
    pub note: Option<String>,
}

/// The standard range (m) of the one flow, headline only.
fn range_of(q: &Question, model: &Model, r: &Request, d: [f64; 7]) -> Result<Option<f64>> {
    Ok(estimate(&perturbed(q, d), model, r)?.standard.range_m())
}

/// ∂R/∂x for input `k` with step `h`: central difference, or a second-order
/// one-sided difference where one side is not a valid input (e.g. burnout altitude 0).
fn derivative(q: &Question, model: &Model, r: &Request, k: usize, h: f64) -> std::result::Result<f64, String> {
    let at = |s: f64| {
        let mut d = [0.0; 7];
        d[k] = s;
        range_of(q, model, r, d)
    };
    let bounded = |r: Result<Option<f64>>| match r {
        Ok(Some(x)) => Ok(x),
        Ok(None) => Err("global reach near this point: no range to differentiate".to_string()),
        Err(e) => Err(e.to_string()),
    };
    match (at(h), at(-h)) {
        (Ok(p), Ok(m)) => Ok((bounded(Ok(p))? - bounded(Ok(m))?) / (2.0 * h)),
        (p, m) => {
            let (sign, r1) = if p.is_ok() { (1.0, p) } else { (-1.0, m) };
            let f0 = bounded(at(0.0))?;
            let f1 = bounded(r1)?;
            let f2 = bounded(at(2.0 * sign * h))?;
            Ok(sign * (-3.0 * f0 + 4.0 * f1 - f2) / (2.0 * h))
        }
    }
}

/// Sensitivity of the standard range to each input, by central differences on the
/// one flow, and each input's share of the linearised variance
/// `(∂R/∂x_i·σ_i)² / Σ_j (∂R/∂x_j·σ_j)²`.
///
/// Rows: apogee, range, flight time (always 0: the impulsive models use the flight
/// time only as a check), burnout altitude, and for models with a site the test
/// azimuth, site latitude and site longitude.
pub fn sensitivity(
    q: &Question,
    model: &Model,
    r: &Request,
    sigmas: &Sigmas,
    shape: Shape,
) -> Result<Vec<Sensitivity>> {
    sigmas.validate()?;
    let Some(obs) = q.observation() else {
        return Err(Error::invalid("apogee", "none", "a lofted test (apogee and range) for the sensitivity table"));
    };
    let lean = sample_request(r);
    let base = range_of(q, model, &lean, [0.0; 7])?;
    let s = sigmas.as_array();
    // Steps: small against the scale of each input, large against solver noise.
    // Site and azimuth matter where the Earth rotates: `rotating`, and `boost` with a site.
    let boost = model.is_boost();
    let sited = q.site.is_some() && (model.needs_site() || boost);
    let rows: Vec<(&str, usize, f64, bool)> = vec![
        ("apogee", 0, (1e-4 * obs.apogee_m).max(10.0), true),
        ("range", 1, (1e-4 * obs.range_m).max(10.0), true),
        ("flight time", 2, 1.0, false),
        ("burnout altitude", 3, 100.0, true),
        ("test azimuth", 4, 1e-4, sited && q.test_azimuth_rad.is_some()),
        ("site latitude", 5, 1e-4, sited),
        ("site longitude", 6, 1e-4, sited),
    ];
    let mut out = Vec::new();
    for (name, k, h, active) in rows {
        if k >= 4 && !active {
            continue;
        }
        let sd = shape.std_dev(s[k]);
        let (derivative, note) = if base.is_none() {
            (None, Some("global reach: the standard range is unbounded".to_string()))
        } else if k == 2 {
            (Some(0.0), Some("the flight time is a consistency check, not an input of the fit".to_string()))
        } else if k == 3 && boost {
            (None, Some("model boost simulates the burnout: its altitude is not an input".to_string()))
        } else if k == 6 {
            (Some(0.0), Some("a rotating sphere is symmetric in longitude".to_string()))
        } else {
            match derivative(q, model, &lean, k, h) {
                Ok(d) => (Some(d), None),
                Err(e) => (None, Some(e)),
            }
        };
        out.push(Sensitivity { input: name.to_string(), derivative, std_dev: sd, variance_share: None, note });
    }
    let total: f64 = out.iter().filter_map(|r| r.derivative.map(|d| (d * r.std_dev).powi(2))).sum();
    if total > 0.0 {
        for r in &mut out {
            r.variance_share = r.derivative.map(|d| (d * r.std_dev).powi(2) / total);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_and_keep_infinity() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert_eq!(quantile(&v, 0.25), Some(2.0));
        assert!((quantile(&v, 0.05).unwrap() - 1.2).abs() < 1e-12);
        assert_eq!(quantile(&[1.0, f64::INFINITY], 0.95), None);
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn offsets_depend_on_seed_and_index_only() {
        let s = Sigmas { apogee_m: 1.0, range_m: 2.0, ..Default::default() };
        assert_eq!(sample_offsets(&s, Shape::Normal, 7, 3), sample_offsets(&s, Shape::Normal, 7, 3));
        assert_ne!(sample_offsets(&s, Shape::Normal, 7, 3), sample_offsets(&s, Shape::Normal, 7, 4));
        assert_ne!(sample_offsets(&s, Shape::Normal, 8, 3), sample_offsets(&s, Shape::Normal, 7, 3));
        // Uniform stays within the bounds.
        for i in 0..1000 {
            let d = sample_offsets(&s, Shape::Uniform, 1, i);
            assert!(d[0].abs() <= 1.0 && d[1].abs() <= 2.0 && d[2] == 0.0);
        }
    }

    #[test]
    fn normal_draws_have_unit_variance() {
        let s = Sigmas { apogee_m: 1.0, ..Default::default() };
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|i| sample_offsets(&s, Shape::Normal, 42, i)[0]).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((var - 1.0).abs() < 0.05, "{var}");
    }

    #[test]
    fn a_run_in_chunks_is_the_run_in_one() {
        // The page's way (consecutive ranges, an empty one among them) and monte_carlo's.
        let q = Question::lofted(1_000e3, 500e3);
        let s = Sigmas { apogee_m: 50e3, range_m: 30e3, ..Default::default() };
        let mc = MonteCarlo { samples: 9, seed: 5, shape: Shape::Normal };
        let (m, r) = (Model::KEPLER, Request::default());
        let one = run_samples(&q, &m, &r, &s, mc, 0..9, None);
        let chunks: Vec<Outcome> =
            [0..4, 4..4, 4..7, 7..9].into_iter().flat_map(|k| run_samples(&q, &m, &r, &s, mc, k, None)).collect();
        assert_eq!(one.len(), 9);
        assert!(one.iter().all(|o| matches!(o, Outcome::Ok { .. })), "{one:?}");
        assert_eq!(chunks, one);
        assert_eq!(summarise(mc, &chunks), monte_carlo(&q, &m, &r, &s, mc, None).unwrap());
    }

    #[test]
    fn failures_are_counted_by_reason() {
        // Apogee 100 km ± 1000 km: many samples are negative, and counted, not dropped.
        let q = Question::lofted(100e3, 50e3);
        let s = Sigmas { apogee_m: 1000e3, ..Default::default() };
        let mc = MonteCarlo { samples: 200, seed: 1, shape: Shape::Normal };
        let (m, r) = (Model::KEPLER, Request::default());
        let d = summarise(mc, &run_samples(&q, &m, &r, &s, mc, 0..200, None));
        assert_eq!(d.samples, 200);
        assert!(d.failures > 50, "{d:?}");
        assert_eq!(d.failures + d.succeeded, 200);
        assert_eq!(d.failure_reasons.values().sum::<usize>(), d.failures);
        // Too many to summarise: monte_carlo says so, with the count and the reasons.
        let e = monte_carlo(&q, &m, &r, &s, mc, None).unwrap_err().to_string();
        assert!(e.contains(&format!("{} of 200 samples", d.failures)) && e.contains(&d.reasons_text()), "{e}");
    }

    #[test]
    fn reasons_are_listed_most_frequent_first_and_the_rest_counted() {
        let mc = MonteCarlo { samples: 10, seed: 1, shape: Shape::Normal };
        let failed = |r: &str| Outcome::Failed(r.to_string());
        let ok = Outcome::Ok { range_m: Some(1.0), speed_m_s: 1.0 };
        let outcomes =
            [failed("b"), failed("a"), failed("b"), failed("c"), failed("d"), failed("d"), failed("d"), ok.clone()];
        let d = summarise(mc, &outcomes);
        assert_eq!(d.reasons_by_count(), vec![("d", 3), ("b", 2), ("a", 1), ("c", 1)]);
        assert_eq!(d.reasons_text(), "3 x d; 2 x b; 1 x a; 1 more for another reason");
        assert!(d.check().is_err());
    }
}
