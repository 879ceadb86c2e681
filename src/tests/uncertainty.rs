//! Monte Carlo and sensitivity, proved against independent values.

use crate::analysis::uncertainty::{
    check_samples, monte_carlo, run_samples, sample_cost, sensitivity, Distribution, MonteCarlo, Outcome, Shape,
    Sigmas, MAX_FAILED_SHARE, MAX_SAMPLES,
};
use crate::{estimate, Error, Model, Question, Request, Site};
use nalgebra::Complex;

const R_M: f64 = 6_371_008.8;

/// A question under a model, with the default request.
#[derive(Clone)]
struct Case {
    q: Question,
    m: Model,
    r: Request,
}

impl Case {
    /// The 2017-11-28 test (4,475 km, 950 km) under `m`, no site.
    fn seed(m: Model) -> Case {
        Case::of(Question::lofted(4_475e3, 950e3), m)
    }

    fn of(q: Question, m: Model) -> Case {
        Case { q, m, r: Request::default() }
    }

    /// The same from (lat, lon) toward the east.
    fn at(self, lat_deg: f64, lon_deg: f64) -> Case {
        Case { q: self.q.at(Site::from_degrees(lat_deg, lon_deg).unwrap()).toward(90f64.to_radians()), ..self }
    }

    fn range_m(&self) -> f64 {
        estimate(&self.q, &self.m, &self.r).unwrap().standard.range_m().unwrap()
    }

    fn monte_carlo(&self, s: &Sigmas, mc: MonteCarlo) -> crate::Result<Distribution> {
        monte_carlo(&self.q, &self.m, &self.r, s, mc, None)
    }
}

fn run_in_pool(threads: usize, c: &Case, s: &Sigmas, mc: MonteCarlo) -> Distribution {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(|| c.monte_carlo(s, mc).unwrap())
}

#[test]
fn same_seed_same_numbers_whatever_the_thread_count() {
    let s = Sigmas { apogee_m: 100e3, range_m: 50e3, ..Default::default() };
    for shape in [Shape::Normal, Shape::Uniform] {
        let mc = MonteCarlo { samples: 500, seed: 9, shape };
        let c = Case::seed(Model::KEPLER);
        let one = run_in_pool(1, &c, &s, mc);
        let two = run_in_pool(2, &c, &s, mc);
        assert_eq!(one, two);
        let other = run_in_pool(2, &c, &s, MonteCarlo { seed: 10, ..mc });
        assert_ne!(one.range_m, other.range_m);
    }
    // And for the rotating model with an uncertain azimuth and site.
    let c = Case::seed(Model::ROTATING).at(39.0, 125.7);
    let s = Sigmas { apogee_m: 50e3, test_azimuth_rad: 0.05, site_lat_rad: 0.002, ..Default::default() };
    let mc = MonteCarlo { samples: 64, seed: 3, shape: Shape::Normal };
    assert_eq!(run_in_pool(1, &c, &s, mc), run_in_pool(2, &c, &s, mc));
}

#[test]
fn zero_uncertainty_collapses_onto_the_point_estimate() {
    for model in [Model::KEPLER, Model::SPHERE] {
        let c = Case::seed(model);
        let point = estimate(&c.q, &c.m, &c.r).unwrap();
        let mc = MonteCarlo { samples: 20, seed: 1, shape: Shape::Normal };
        let d = c.monte_carlo(&Sigmas::default(), mc).unwrap();
        let r = point.standard.range_m().unwrap();
        for p in [d.range_m.p05, d.range_m.p50, d.range_m.p95] {
            assert_eq!(p, Some(r));
        }
        // The mean adds up 20 copies of r and divides by 20: r to the rounding of that
        // sum (at most one ulp per addition), not necessarily to the last bit.
        let mean = d.range_m.mean.unwrap();
        assert!((mean - r).abs() <= 20.0 * f64::EPSILON * r, "{mean} against {r}");
        assert_eq!(d.speed_m_s.p50, Some(point.burnout.speed_m_s));
        assert_eq!((d.failures, d.global_reach_fraction), (0, 0.0));
    }
}

#[test]
fn interval_brackets_the_point_estimate_and_widens_with_sigma() {
    let c = Case::seed(Model::KEPLER);
    let r = c.range_m();
    let mc = MonteCarlo { samples: 2000, seed: 1, shape: Shape::Normal };
    let w = |sa: f64| {
        let d = c.monte_carlo(&Sigmas { apogee_m: sa, ..Default::default() }, mc).unwrap();
        assert!(d.range_m.p05.unwrap() < r && r < d.range_m.p95.unwrap());
        d.range_m.p95.unwrap() - d.range_m.p05.unwrap()
    };
    assert!(w(100e3) > 1.8 * w(50e3));
}

/// Closed-form kepler standard range for burnout at the surface (MODEL.md) as
/// `2R·asin(u)`, returning `u` over complex numbers for the complex-step derivative
/// (complex `asin` goes through a logarithm that loses the tiny imaginary part, so
/// its chain rule is applied by hand: d(2R·asin u) = 2R·du/√(1−u²)).
fn u_std(h: Complex<f64>, d: Complex<f64>) -> Complex<f64> {
    let r = Complex::new(R_M, 0.0);
    let one = Complex::new(1.0, 0.0);
    let two = Complex::new(2.0, 0.0);
    let ra = r + h;
    let e = (ra / r - one) / (ra / r - (d / (two * r)).cos());
    let a = ra / (one + e);
    let q = two - r / a;
    q / (two - q)
}

fn r_std(h: Complex<f64>, d: Complex<f64>, step: f64) -> (f64, f64) {
    let u = u_std(h, d);
    (2.0 * R_M * u.re.asin(), 2.0 * R_M * (u.im / step) / (1.0 - u.re * u.re).sqrt())
}

#[test]
fn kepler_sensitivity_matches_the_closed_form_derivative() {
    let step = 1e-20;
    for (h, d) in [(4_475e3, 950e3), (2_111.5e3, 787e3), (1_000e3, 300e3)] {
        let (hc, dc) = (Complex::new(h, 0.0), Complex::new(d, 0.0));
        let (value, dr_dh) = r_std(hc + Complex::new(0.0, step), dc, step);
        let (_, dr_dd) = r_std(hc, dc + Complex::new(0.0, step), step);
        let c = Case::of(Question::lofted(h, d), Model::KEPLER);
        // The code under test agrees with the closed form on the value itself.
        let est = c.range_m();
        assert!((est - value).abs() < 1e-6 * value, "{est} vs {value}");
        let s = Sigmas { apogee_m: 100e3, range_m: 50e3, ..Default::default() };
        let rows = sensitivity(&c.q, &c.m, &c.r, &s, Shape::Normal).unwrap();
        let get = |n: &str| rows.iter().find(|r| r.input == n).unwrap().derivative.unwrap();
        assert!((get("apogee") / dr_dh - 1.0).abs() < 1e-4, "dR/dH {} vs {dr_dh}", get("apogee"));
        assert!((get("range") / dr_dd - 1.0).abs() < 1e-4, "dR/dD {} vs {dr_dd}", get("range"));
        assert_eq!(get("flight time"), 0.0);
        // Variance shares from the closed-form derivatives.
        let (va, vr) = ((dr_dh * 100e3).powi(2), (dr_dd * 50e3).powi(2));
        let share = rows.iter().find(|r| r.input == "apogee").unwrap().variance_share.unwrap();
        assert!((share - va / (va + vr)).abs() < 1e-4);
        let total: f64 = rows.iter().filter_map(|r| r.variance_share).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }
}

#[test]
fn rotating_sensitivity_has_azimuth_and_burnout_altitude_rows() {
    let c = Case::seed(Model::ROTATING).at(39.0, 125.7);
    let s = Sigmas { apogee_m: 100e3, test_azimuth_rad: 0.1, ..Default::default() };
    let rows = sensitivity(&c.q, &c.m, &c.r, &s, Shape::Normal).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.input.as_str()).collect();
    assert_eq!(
        names,
        ["apogee", "range", "flight time", "burnout altitude", "test azimuth", "site latitude", "site longitude"]
    );
    // Burnout altitude 0 cannot go below: a one-sided difference still gives a number.
    assert!(rows[3].derivative.unwrap().is_finite());
    assert!(rows[4].derivative.unwrap().abs() > 0.0);
}

/// The flight time is a consistency check, not an input of the fit (MODEL.md): an
/// uncertain flight time, even one whose samples fall below the free-flight time or
/// below zero, must neither drop samples nor move the range distribution.
#[test]
fn an_uncertain_flight_time_drops_no_sample_and_moves_no_range() {
    let c = Case::of(Question::lofted(4_475e3, 950e3).with_flight_time(3180.0), Model::ROTATING).at(39.2, 125.7);
    let mc = MonteCarlo { samples: 120, seed: 5, shape: Shape::Normal };
    let exact_time = Sigmas { apogee_m: 80e3, ..Default::default() };
    let wild_time = Sigmas { flight_time_s: 3000.0, ..exact_time };
    let a = run_in_pool(2, &c, &exact_time, mc);
    let b = run_in_pool(2, &c, &wild_time, mc);
    assert_eq!(b.failures, 0, "{:?}", b.failure_reasons);
    assert_eq!(a.succeeded, b.succeeded);
    assert_eq!(a.ranges_m, b.ranges_m);
}

/// Every sample failing is no summary (no "median global reach" from an empty run): the
/// error gives the count and the reason.
#[test]
fn a_run_whose_every_sample_fails_is_an_error_with_the_reason() {
    // Apogee 4,475 km +- 1e300 km: every draw is beyond the accepted apogees.
    let s = Sigmas { apogee_m: 1e303, ..Default::default() };
    let mc = MonteCarlo { samples: 50, seed: 1, shape: Shape::Normal };
    let e = Case::seed(Model::KEPLER).monte_carlo(&s, mc).unwrap_err();
    assert!(matches!(e, Error::MonteCarlo(_)) && !e.is_input_error(), "{e:?}");
    let m = e.to_string();
    assert!(m.contains("all 50 samples failed") && m.contains("50 x apogee"), "{m}");
}

/// Failures cut one side off the distribution: above MAX_FAILED_SHARE the run is an
/// error; at or below it the summary carries the count, and `check` agrees with the
/// share counted here from the outcomes.
#[test]
fn the_share_of_failures_decides_between_a_summary_and_an_error() {
    let c = Case::of(Question::lofted(300e3, 100e3), Model::KEPLER);
    let mc = MonteCarlo { samples: 400, seed: 4, shape: Shape::Normal };
    // Apogee 300 +- 150 km: a draw under 1 km (z < -1.99, 2.3 % of a normal) fails.
    // Apogee 300 +- 400 km: z < -0.75 fails, 23 % of them.
    for (sigma_m, expect_ok) in [(150e3, true), (400e3, false)] {
        let s = Sigmas { apogee_m: sigma_m, ..Default::default() };
        let outcomes = run_samples(&c.q, &c.m, &c.r, &s, mc, 0..mc.samples, None);
        let failed = outcomes.iter().filter(|o| matches!(o, Outcome::Failed(_))).count();
        let share = failed as f64 / mc.samples as f64;
        assert_eq!(share <= MAX_FAILED_SHARE, expect_ok, "{failed} failed");
        let r = c.monte_carlo(&s, mc);
        assert_eq!(r.is_ok(), expect_ok, "{r:?}");
        if let Ok(d) = r {
            assert!(failed > 0 && d.failures == failed && d.succeeded == mc.samples - failed);
            assert!((d.failed_share() - share).abs() < 1e-15);
        } else {
            let m = r.unwrap_err().to_string();
            assert!(m.contains(&format!("{failed} of 400 samples")) && m.contains("apogee"), "{m}");
        }
    }
}

/// The nominal range's place among the samples, against a count done here.
#[test]
fn percentile_of_counts_the_samples_below() {
    let s = Sigmas { apogee_m: 100e3, ..Default::default() };
    let mc = MonteCarlo { samples: 300, seed: 2, shape: Shape::Normal };
    let c = Case::seed(Model::KEPLER);
    let d = c.monte_carlo(&s, mc).unwrap();
    let nominal = c.range_m();
    let below = d.ranges_m.iter().filter(|&&r| r < nominal).count() as f64;
    let equal = d.ranges_m.iter().filter(|&&r| r == nominal).count() as f64;
    let p = d.percentile_of(Some(nominal)).unwrap();
    assert_eq!(p, 100.0 * (below + 0.5 * equal) / 300.0);
    // Near the median: the apogee's +- is symmetric and the range smooth in it.
    assert!((40.0..60.0).contains(&p), "{p}");
    assert_eq!(d.percentile_of(None), Some(100.0));
}

/// The most samples per model: the slow models accept fewer, the refusal names the
/// field, the limit, the model and the time, and no model accepts more than MAX_SAMPLES.
#[test]
fn each_model_accepts_at_most_its_samples() {
    let cases = [
        (Model::KEPLER, "model kepler"),
        (Model::SPHERE, "model sphere"),
        (Model::ROTATING, "model rotating"),
        (Model::EARTH, "model earth"),
        (Model::EARTH.with_reentry_beta(Some(100.0)), "model earth and re-entry drag below beta 500"),
        (Model::EARTH.with_reentry_beta(Some(2000.0)), "model earth and re-entry drag at beta 500"),
        (Model::BOOST, "model boost"),
        (Model::BOOST_EARTH, "model boost-earth"),
    ];
    for (opts, words) in cases {
        let c = sample_cost(&opts);
        assert!(c.model.starts_with(words), "{} for {words}", c.model);
        assert!(c.max_samples <= MAX_SAMPLES);
        // About 10 minutes at most, at the measured cost.
        assert!(c.max_samples as f64 * c.seconds_per_sample <= 660.0, "{c:?}");
        assert!(check_samples(&opts, c.max_samples).is_ok());
        let e = check_samples(&opts, c.max_samples + 1).unwrap_err();
        assert_eq!(e.field(), Some("samples"));
        let m = e.to_string();
        assert!(m.contains(&format!("at most {} samples with {words}", c.max_samples)), "{m}");
        assert!(m.contains("per sample") && m.contains("would take about"), "{m}");
        assert_eq!(check_samples(&opts, 0).unwrap_err().field(), Some("samples"));
    }
}
