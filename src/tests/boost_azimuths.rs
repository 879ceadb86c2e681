//! Model boost toward other launch azimuths and targets, through the public API: the
//! fitted vehicle (fit once) flown for maximum range toward any azimuth.

use std::f64::consts::{FRAC_PI_2, PI};

use crate::flight::Launch;
use crate::vehicle::{estimate_boost, BoostOptions};
use crate::Earth;
use crate::{estimate, geo, Model, Question, Request, Site};

/// The 2017-11-28 test (apogee 4,475 km, range 950 km) from Pyongyang toward the east.
fn seed() -> Question {
    Question::lofted(4_475e3, 950e3).at(pyongyang()).toward(FRAC_PI_2)
}

fn pyongyang() -> Site {
    Site::from_degrees(39.0, 125.7).unwrap()
}

fn boost_request(step_deg: Option<f64>, azimuths_deg: &[f64]) -> Request {
    Request {
        azimuths_rad: azimuths_deg.iter().map(|d| d.to_radians()).collect(),
        sweep_step_rad: step_deg.map(f64::to_radians),
        samples: 200,
        ..Request::default()
    }
}

fn boost(step_deg: Option<f64>, azimuths_deg: &[f64]) -> crate::Estimate {
    estimate(&seed(), &Model::BOOST, &boost_request(step_deg, azimuths_deg)).unwrap()
}

#[test]
fn sweep_and_by_azimuth_at_the_test_azimuth_are_the_headline_standard_trajectory() {
    // samples = 200 for the headline, 0 in the sweep: sampling must not change the flight.
    let est = boost(Some(30.0), &[90.0, 450.0, 270.0]);
    let sweep = est.sweep.as_ref().expect("sweep asked for");
    assert_eq!(sweep.points.len(), 12);
    let p = sweep.points.iter().find(|p| (p.azimuth_rad - FRAC_PI_2).abs() < 1e-12).expect("a point due east");
    let s = &est.standard;
    assert!(s.range_m().unwrap() > 12_000e3, "{:?}", s.range_m());
    assert_eq!(p.range_m, s.range_m());
    assert_eq!(p.flight_time_s, s.flight_time_s());
    // The compact form carries the burnout flight-path angle, as the headline does.
    assert_eq!(p.gamma_rad, s.gamma_rad());
    // The headline's impact is the end of its sampled trajectory's ground track; the
    // sweep reports it directly: check it is at the standard range from the site.
    let site = pyongyang();
    let d = Earth::rotating().radius_m
        * geo::central_angle_between_rad(
            site.lat_rad,
            site.lon_rad,
            p.impact_lat_rad.unwrap(),
            p.impact_lon_rad.unwrap(),
        );
    assert!((d - p.range_m.unwrap()).abs() < 1.0, "{d} vs {:?}", p.range_m);
    // by_azimuth: 90° and 450° are the same azimuth and the same flight as the sweep's.
    assert_eq!(est.by_azimuth.len(), 3);
    assert_eq!(est.by_azimuth[0], *p);
    assert_eq!(est.by_azimuth[1], *p);
    // The extremes bound every sample; refinement only improves them.
    let (lo, hi) = (sweep.min.range_m.unwrap(), sweep.max.range_m.unwrap());
    assert!(sweep.points.iter().all(|q| (lo..=hi).contains(&q.range_m.unwrap())));
    assert_eq!(est.by_azimuth[2].range_m, sweep.points[9].range_m);
}

#[test]
fn non_rotating_equator_every_azimuth_the_same_and_rotation_favours_east() {
    let equator_east = Launch { lat_rad: 0.0, lon_rad: 0.0, azimuth_rad: FRAC_PI_2 };
    let step = 45f64.to_radians();
    // Non-rotating: the problem is symmetric about the vertical, every azimuth is the same.
    let mut o = BoostOptions::new(Earth::non_rotating(), equator_east);
    o.sensitivity = false;
    o.samples = 0;
    let b = estimate_boost(4_475e3, 950e3, None, &o).unwrap();
    let sw = b.fitted_vehicle.sweep(step).unwrap();
    let r0 = b.standard.range_m().unwrap();
    for p in &sw.points {
        let r = p.range_m.unwrap();
        assert!((r - r0).abs() < 1.0, "azimuth {:.0}: {r} vs {r0}", p.azimuth_rad.to_degrees());
        // ... and the impact lies on the launch great circle, at the launch azimuth.
        let bearing = geo::initial_bearing_rad(0.0, 0.0, p.impact_lat_rad.unwrap(), p.impact_lon_rad.unwrap());
        let off = geo::normalize_angle_rad(bearing - p.azimuth_rad + PI) - PI;
        assert!(off.abs() < 1e-6, "azimuth {:.0}: bearing off by {off} rad", p.azimuth_rad.to_degrees());
    }
    // Rotating: the Earth's 465 m/s at the equator adds to an eastward launch and
    // subtracts from a westward one.
    let mut o = BoostOptions::new(Earth::rotating(), equator_east);
    o.sensitivity = false;
    o.samples = 0;
    let b = estimate_boost(4_475e3, 950e3, None, &o).unwrap();
    let v = &b.fitted_vehicle;
    let (east, west) = (v.toward(FRAC_PI_2).unwrap(), v.toward(3.0 * FRAC_PI_2).unwrap());
    let (east, west) = (east.range_m.unwrap(), west.range_m.unwrap());
    assert!(east > west + 1_000e3, "east {east}, west {west}");
    let sw = v.sweep(step).unwrap();
    assert!((sw.max.azimuth_rad - FRAC_PI_2).abs() < 10f64.to_radians(), "max at {}", sw.max.azimuth_rad);
    assert!((sw.min.azimuth_rad - 3.0 * FRAC_PI_2).abs() < 10f64.to_radians(), "min at {}", sw.min.azimuth_rad);
}

#[test]
fn boost_target_solver_lands_on_the_great_circle_to_the_target() {
    let est = boost(None, &[]);
    let v = &est.boost.as_ref().unwrap().fitted_vehicle;
    let s = pyongyang();
    let radius_m = Earth::rotating().radius_m;
    // Tokyo, Hagåtña, Washington, Sydney.
    for (lat, lon) in [(35.69, 139.69), (13.48, 144.75), (38.9, -77.04), (-33.87, 151.21)] {
        let (tl, tn) = (f64::to_radians(lat), f64::to_radians(lon));
        let t = est.flyer.toward_target(&Site::new(tl, tn)).unwrap();
        let (il, inn) = t.impact_rad.unwrap();
        let normal = geo::unit_vector(s.lat_rad, s.lon_rad).cross(&geo::unit_vector(tl, tn)).normalize();
        let cross_track_m = radius_m * normal.dot(&geo::unit_vector(il, inn)).asin();
        assert!(cross_track_m.abs() < 1e3, "({lat}, {lon}): cross-track {cross_track_m} m");
        // ... on the near side, toward the target.
        let along = geo::initial_bearing_rad(s.lat_rad, s.lon_rad, il, inn);
        let bearing = geo::initial_bearing_rad(s.lat_rad, s.lon_rad, tl, tn);
        assert!(geo::normalize_angle_rad(along - bearing + 0.1) < 0.2, "({lat}, {lon})");
        // The verdict is the fitted vehicle's standard trajectory toward the solved azimuth.
        let again = v.toward(t.azimuth_rad).unwrap();
        assert_eq!(t.range_m, again.range_m);
        assert_eq!(t.margin_m, Some(t.range_m.unwrap() - t.distance_m));
        assert!((t.distance_m - radius_m * geo::central_angle_between_rad(s.lat_rad, s.lon_rad, tl, tn)).abs() < 1e-6);
        // Rotation deflects the impact: the solved azimuth is not the bearing.
        assert!((t.azimuth_rad - geo::normalize_angle_rad(bearing)).abs() > 1e-3, "({lat}, {lon})");
    }
}

#[test]
fn boost_sweep_does_not_depend_on_the_thread_count() {
    let est = boost(None, &[]);
    let v = est.boost.unwrap().fitted_vehicle;
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| v.sweep(60f64.to_radians()).unwrap())
    };
    assert_eq!(run(1), run(3));
}

#[test]
fn contour_of_the_boost_sweep_agrees_with_the_exact_target_solver() {
    let est = boost(Some(5.0), &[]);
    let s = pyongyang();
    let earth = Earth::rotating();
    let c = crate::Contour::from_sweep(&earth, &s, &est.sweep.as_ref().unwrap().points);
    for (lat, lon) in [(13.48, 144.75), (38.9, -77.04), (51.5, -0.13)] {
        let (tl, tn) = (f64::to_radians(lat), f64::to_radians(lon));
        let t = est.flyer.toward_target(&Site::new(tl, tn)).unwrap();
        let from_contour = c.range_toward_m(geo::initial_bearing_rad(s.lat_rad, s.lon_rad, tl, tn)).unwrap();
        assert!(
            (from_contour - t.range_m.unwrap()).abs() < 20e3,
            "({lat}, {lon}): contour {from_contour}, exact {:?}",
            t.range_m
        );
    }
}

#[test]
fn the_boost_fit_keeps_the_shallowest_root_ahead_of_the_site() {
    // MODEL.md, "Inverse: more than one root", for the boost: catalog Hwasong-19 (KCNA)
    // is reproduced by a kick whose impact lies ahead (the fit) and by a steeper one whose
    // impact lies behind the site (reported, not used).
    let e = crate::data::catalog::find("2024-10-31-hwasong19-kcna").unwrap();
    let q = crate::analysis::catalog_table::question(e).unwrap();
    let est = estimate(&q, &Model::BOOST, &Request::default()).unwrap();
    let b = est.boost.as_ref().unwrap();
    assert!(b.lofted.powered().signed_range_m > 0.0, "the fit lands behind the site");
    assert_eq!(est.other_roots.len(), 1, "{:?}", est.other_roots);
    let other = est.other_roots[0];
    assert!(!other.impact_ahead && other.burnout.gamma_rad > est.burnout.gamma_rad, "{other:?}");
}
