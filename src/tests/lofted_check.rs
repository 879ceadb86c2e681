//! Observations that are not lofted: a reported flight flatter than the standard
//! trajectory (a depressed or short-range flight) is flagged, a lofted one is not.

use crate::{estimate, Model, Question, Request, Site};

fn kepler(apogee_km: f64, range_km: f64) -> crate::Estimate {
    estimate(&Question::lofted(apogee_km * 1e3, range_km * 1e3), &Model::KEPLER, &Request::default()).unwrap()
}

#[test]
fn a_depressed_flight_is_flagged_and_warned() {
    let est = kepler(300.0, 2_000.0);
    let c = est.lofted_check.as_ref().unwrap();
    assert!(!c.lofted);
    // Flatter at burnout: the reconstructed angle below the standard trajectory's.
    assert!(c.observed_gamma_rad < c.standard_gamma_rad.unwrap());
    assert!(c.observed_apogee_to_range < c.standard_apogee_to_range.unwrap());
    assert!(est.warnings.iter().any(|w| w.starts_with("not lofted")), "{:?}", est.warnings);
    assert!(c.title_note().unwrap().starts_with("not lofted"));
}

#[test]
fn a_lofted_test_is_not_flagged() {
    let est = kepler(4_475.0, 950.0);
    let c = est.lofted_check.as_ref().unwrap();
    assert!(c.lofted, "{}", c.reason());
    assert!(c.title_note().is_none());
    assert!(!est.warnings.iter().any(|w| w.contains("not lofted")));
    // With global reach (no standard angle) a climbing flight counts as lofted.
    let est = kepler(7_000.0, 1_000.0);
    assert!(est.standard.is_global() && est.lofted_check.unwrap().lofted);
}

#[test]
fn the_standard_trajectory_itself_is_the_boundary() {
    // Observe a standard trajectory: same angle, so lofted (not flatter); slightly
    // flatter observations (the same range, a lower apogee) are flagged.
    let (m, r0) = (Model::KEPLER, Request::default());
    let fwd = estimate(&Question::burnout(6_000.0, 0.0), &m, &r0).unwrap();
    let (a, r) = (fwd.standard.apogee_m().unwrap(), fwd.standard.range_m().unwrap());
    let at = estimate(&Question::lofted(a, r), &m, &r0).unwrap();
    assert!(at.lofted_check.unwrap().lofted);
    let below = estimate(&Question::lofted(0.98 * a, r), &m, &r0).unwrap();
    assert!(!below.lofted_check.unwrap().lofted);
    let above = estimate(&Question::lofted(1.02 * a, r), &m, &r0).unwrap();
    assert!(above.lofted_check.unwrap().lofted);
}

#[test]
fn rotating_and_boost_models_flag_a_depressed_flight_too() {
    let site = Site::from_degrees(39.0339, 125.7543).unwrap();
    let q = Question::lofted(300e3, 2_000e3);
    let r = Request::default();
    let sited = q.clone().at(site).toward(90f64.to_radians());
    assert!(!estimate(&sited, &Model::ROTATING, &r).unwrap().lofted_check.unwrap().lofted);
    let est = estimate(&q, &Model::BOOST, &r).unwrap();
    assert!(!est.lofted_check.as_ref().unwrap().lofted);
    assert!(est.warnings.iter().any(|w| w.starts_with("not lofted")));
    let est = estimate(&Question::lofted(4_475e3, 950e3), &Model::BOOST, &r).unwrap();
    assert!(est.lofted_check.unwrap().lofted);
}

/// The check compares the reported flight with the standard trajectory toward the
/// test's own direction, whatever direction the headline standard trajectory takes:
/// the same answer with `--standard-azimuth 270` as without it, and the reason says so.
#[test]
fn the_check_is_toward_the_tests_direction_whatever_the_headline_direction() {
    for model in [Model::ROTATING, Model::BOOST] {
        let site = Site::from_degrees(39.0339, 125.7543).unwrap();
        let q = Question::lofted(4_475e3, 950e3).at(site).toward(90f64.to_radians());
        let mut r = Request::default();
        let east = estimate(&q, &model, &r).unwrap();
        r.standard_azimuth_rad = Some(270f64.to_radians());
        let west = estimate(&q, &model, &r).unwrap();
        // The headline moved: the westward standard trajectory has another angle.
        let (ge, gw) = (east.standard.gamma_rad().unwrap(), west.standard.gamma_rad().unwrap());
        assert!((ge - gw).abs() > 1e-3, "{model}: {ge} {gw}");
        let (ce, cw) = (east.lofted_check.unwrap(), west.lofted_check.unwrap());
        let (se, sw) = (ce.standard_gamma_rad.unwrap(), cw.standard_gamma_rad.unwrap());
        assert!((se - ge).abs() < 1e-12 && (sw - se).abs() < 1e-6, "{model}: {se} {sw}");
        assert!(cw.reason().contains("toward the test's azimuth, 90.0 deg"), "{}", cw.reason());
        assert!(!ce.reason().contains("toward the test's azimuth"), "{}", ce.reason());
    }
}
