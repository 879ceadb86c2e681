//! The boost model's Monte Carlo over the generic vehicle's assumptions
//! (`crate::analysis::model_mc`): first-order agreement with one-at-a-time
//! derivatives, the reduction to the measurement Monte Carlo, thread-count independence.

use crate::analysis::model_mc::{self, AssumptionRange, Group};
use crate::analysis::uncertainty::{self, MonteCarlo, Outcome, Shape, Sigmas};
use crate::vehicle::{estimate_boost, BoostOptions};
use crate::{flight::Launch, Earth, Model, Question, Request};

/// The 2017-11-28 test (apogee 4,475 km, range 950 km), no site: the non-rotating sphere.
/// The 2017-11-28 test (apogee 4,475 km, range 950 km), model boost, no site.
fn seed() -> (Question, Model, Request) {
    (Question::lofted(4_475e3, 950e3), Model::BOOST, Request::default())
}

/// The default ranges narrowed to ±`f` of each default.
fn narrow(f: f64) -> Vec<AssumptionRange> {
    model_mc::assumption_ranges()
        .into_iter()
        .map(|r| AssumptionRange { low: r.nominal * (1.0 - f), high: r.nominal * (1.0 + f), ..r })
        .collect()
}

/// Standard range (m) of the seed case with one assumption of the generic vehicle moved.
fn standard_with(parameter: &str, value: f64) -> f64 {
    let mut o = BoostOptions {
        sensitivity: false,
        samples: 0,
        ..BoostOptions::new(Earth::non_rotating(), Launch::EQUATOR_EAST)
    };
    match parameter {
        "thrust_to_weight" => o.generic.thrust_to_weight = value,
        "exhaust_velocity_m_s" => o.generic.exhaust_velocity_m_s = value,
        "vertical_rise_s" => o.generic.vertical_rise_s = value,
        "drag_cd_scale" => o.generic.cd_scale = value,
        "min_burnout_altitude_m" => o.min_burnout_altitude_m = Some(value),
        p => panic!("unknown {p}"),
    }
    estimate_boost(4_475e3, 950e3, None, &o).unwrap().standard.range_m().unwrap()
}

#[test]
fn small_ranges_reproduce_the_one_at_a_time_sensitivity() {
    // With every assumption within ±1 % of its default, the standard range is linear in
    // them: the regression's slopes are the central differences of separate fits, the
    // line explains the variance, and that variance is Σ (∂R/∂p)² · width²/12 (uniform).
    let (q, m, r) = seed();
    let f = 0.01;
    let ranges = narrow(f);
    let mc = MonteCarlo { samples: 48, seed: 11, shape: Shape::Uniform };
    let m = model_mc::monte_carlo(&q, &m, &r, &Sigmas::default(), mc, &ranges, None).unwrap();
    assert_eq!(m.distribution.succeeded, 48, "{:?}", m.distribution.failure_reasons);
    let v = m.variance.expect("variance split");
    assert!(v.remainder < 0.02, "not linear: {v:?}");
    assert_eq!(v.measurements, 0.0);
    assert!((v.vehicle - 1.0).abs() < 0.02, "{v:?}");
    let mut predicted = 0.0;
    for r in &ranges {
        let h = f * r.nominal;
        let d = (standard_with(&r.parameter, r.nominal + h) - standard_with(&r.parameter, r.nominal - h)) / (2.0 * h);
        predicted += (d * (r.high - r.low)).powi(2) / 12.0;
        let s = v.inputs.iter().find(|i| i.input == r.parameter).expect("input row");
        assert_eq!(s.group, Group::Vehicle);
        // The regression's standard error for this slope: what the line leaves (the
        // curvature of the strong inputs, solver scatter) over the input's spread.
        let se = (v.remainder * v.variance_m2).sqrt() / ((r.high - r.low) / 12f64.sqrt() * (v.samples as f64).sqrt());
        assert!(
            (s.slope - d).abs() <= 0.05 * d.abs() + 4.0 * se,
            "{}: slope {} against {d} (se {se})",
            r.parameter,
            s.slope
        );
    }
    // The sampling distribution of the variance: variance_m2 divides by n = 48, so for normal
    // ranges 48·variance_m2/σ² is χ² with 47 degrees of freedom, whose central 99.9 % lies in
    // [21.46, 85.56] (regularized incomplete gamma, mpmath): the ratio lies in
    // [0.447, 1.783]. The range here is a sum of uniform inputs, whose excess kurtosis is
    // negative (−1.2 for one uniform), so its variance estimate scatters less than χ² says
    // and the window is conservative; the linearisation (remainder < 2 %) is far inside it.
    // (The former window, 0.5..1.6, held 99.4 % of that law.)
    let ratio = v.variance_m2 / predicted;
    assert!((0.447..1.783).contains(&ratio), "Monte Carlo variance {} against linearised {predicted}", v.variance_m2);
}

#[test]
fn fixed_assumptions_reduce_to_the_measurement_monte_carlo() {
    // Ranges of zero width: the same draws of apogee and range as the measurement Monte
    // Carlo of the one flow, hence the same standard ranges to the fit's tolerance (the
    // samples start from the nominal fit here, from the closed-form guess there).
    let (q, m, r) = seed();
    let fixed: Vec<AssumptionRange> = model_mc::assumption_ranges()
        .into_iter()
        .map(|r| AssumptionRange { low: r.nominal, high: r.nominal, ..r })
        .collect();
    let sigmas = Sigmas { apogee_m: 50e3, range_m: 30e3, ..Default::default() };
    let mc = MonteCarlo { samples: 6, seed: 3, shape: Shape::Normal };
    let d = uncertainty::monte_carlo(&q, &m, &r, &sigmas, mc, None).unwrap();
    let m = model_mc::monte_carlo(&q, &m, &r, &sigmas, mc, &fixed, None).unwrap();
    assert_eq!(m.distribution.succeeded, 6);
    assert_eq!(m.distribution.ranges_m.len(), d.ranges_m.len());
    for (a, b) in m.distribution.ranges_m.iter().zip(&d.ranges_m) {
        assert!((a - b).abs() < 25.0, "{a} against {b}");
    }
    let v = m.variance.expect("split");
    assert_eq!(v.vehicle, 0.0);
    assert!(v.measurements > 0.98, "{v:?}");
}

#[test]
fn samples_do_not_depend_on_the_thread_count() {
    // Each sample's draws depend on (seed, index) and its solvers start from the nominal
    // fit, never from another sample: one thread and two give the same numbers.
    let (q, m, r) = seed();
    let sigmas = Sigmas { apogee_m: 80e3, range_m: 40e3, ..Default::default() };
    let mc = MonteCarlo { samples: 12, seed: 5, shape: Shape::Normal };
    let ranges = model_mc::assumption_ranges();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| model_mc::monte_carlo(&q, &m, &r, &sigmas, mc, &ranges, None).unwrap())
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one, two);
    assert!(one.distribution.succeeded >= 10, "{:?}", one.distribution.failure_reasons);
    // The vehicle's assumptions widen the interval far beyond the measurements'.
    let v = one.variance.expect("split");
    assert_eq!(v.inputs.len(), 2 + ranges.len());
    // The four shares are the whole variance: the groups' parts, twice their covariance,
    // and what the line leaves.
    let total = v.measurements + v.vehicle + v.between + v.remainder;
    assert!((total - 1.0).abs() < 1e-9, "{v:?}");
}

#[test]
fn a_run_in_uneven_steps_is_the_run_in_one_call() {
    // The web page's way: one prepared run, samples 0..5, 5..5, 5..6 and 6..12 (the last
    // step run first: no step depends on another), summarised together, against the one
    // call of model_mc::monte_carlo, which prepares its own run. Equal to the last bit.
    let (q, m, r) = seed();
    let sigmas = Sigmas { apogee_m: 50e3, range_m: 20e3, ..Default::default() };
    let mc = MonteCarlo { samples: 12, seed: 7, shape: Shape::Normal };
    let ranges = model_mc::assumption_ranges();
    let one = model_mc::monte_carlo(&q, &m, &r, &sigmas, mc, &ranges, None).unwrap();
    let run = model_mc::ModelMonteCarlo::new(&q, &m, &r, &sigmas, mc, &ranges).unwrap();
    let last = run.run(6..12, None);
    let (first, empty, middle) = (run.run(0..5, None), run.run(5..5, None), run.run(5..6, None));
    assert_eq!((first.len(), empty.len(), middle.len(), last.len()), (5, 0, 1, 6));
    let steps = [first, empty, middle, last].concat();
    assert_eq!(run.summarise(&steps).unwrap(), one);
    assert_eq!(steps, run.run(0..12, None));
    // Not a comparison of failures: every sample was fitted and the split computed.
    assert_eq!(one.distribution.succeeded, 12, "{:?}", one.distribution.failure_reasons);
    assert!(steps.iter().all(|s| matches!(s.outcome(), Outcome::Ok { range_m: Some(_), .. })));
    assert_eq!(one.variance.as_ref().map(|v| v.samples), Some(12));
}

#[test]
fn a_vehicle_file_or_an_impulsive_model_is_refused() {
    let (q, _, r) = seed();
    let m = Model::KEPLER;
    let mc = MonteCarlo { samples: 1, seed: 1, shape: Shape::Normal };
    let ranges = model_mc::assumption_ranges();
    assert!(model_mc::monte_carlo(&q, &m, &r, &Sigmas::default(), mc, &ranges, None).is_err());
    // The command line and the page choose the model Monte Carlo by the same rule.
    assert!(!model_mc::varies_vehicle(&q, &m));
    assert!(model_mc::varies_vehicle(&q, &Model::BOOST));
}
