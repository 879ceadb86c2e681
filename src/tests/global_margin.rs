//! The global-reach margin: the burnout speed against the speed that just reaches the
//! antipode, checked against the two-body closed form and the rotating Earth's shift.

use crate::standard::margin::{antipode_speed_m_s, global_margin};
use crate::{estimate, flight::FlightOptions, flight::Launch, Model, Question, Request, Site};

/// Minimum-energy burnout speed at the surface for a range angle θ on the two-body
/// Earth, derived here from the range equation, not from the library: with Q = v²R/μ the
/// maximum range angle is sin(θ/2) = Q/(2 − Q) (Wheelon, "Free flight of a ballistic
/// missile", ARS Journal 29, 1959; Bate, Mueller & White, Fundamentals of
/// Astrodynamics, 1971, ch. 6, maximum range), so v² = (μ/R) 2 sin(θ/2)/(1 + sin(θ/2)). At θ = π
/// (the antipode) this is circular speed, √(μ/R).
fn min_energy_speed_m_s(mu: f64, r: f64, theta: f64) -> f64 {
    let s = (0.5 * theta).sin();
    (mu / r * 2.0 * s / (1.0 + s)).sqrt()
}

#[test]
fn the_range_equation_of_the_test_is_the_libraries_below_the_antipode() {
    // The formula above at θ = 2 rad gives a speed whose standard range is 2 R.
    let earth = Model::KEPLER.earth;
    let v = min_energy_speed_m_s(earth.mu_m3_s2, earth.radius_m, 2.0);
    let margin = Request { global_margin: true, ..Request::default() };
    let est = estimate(&Question::burnout(v, 0.0), &Model::KEPLER, &margin).unwrap();
    assert!((est.standard.range_m().unwrap() - 2.0 * earth.radius_m).abs() < 1.0);
    assert!(est.global_margin.is_none(), "bounded: no margin");
}

#[test]
fn kepler_margin_is_over_circular_speed() {
    let earth = Model::KEPLER.earth;
    let v_antipode = min_energy_speed_m_s(earth.mu_m3_s2, earth.radius_m, std::f64::consts::PI);
    assert!((v_antipode - (earth.mu_m3_s2 / earth.radius_m).sqrt()).abs() < 1e-9);
    // A lofted test with global reach under kepler: apogee 7,000 km, range 1,000 km.
    let margin = Request { global_margin: true, ..Request::default() };
    let est = estimate(&Question::lofted(7_000e3, 1_000e3), &Model::KEPLER, &margin).unwrap();
    assert!(est.standard.is_global());
    let m = est.global_margin.expect("global reach has a margin");
    assert_eq!(m.speed_m_s, est.burnout.speed_m_s);
    assert!((m.antipode_speed_m_s - v_antipode).abs() < 0.01, "{} against {v_antipode}", m.antipode_speed_m_s);
    assert!((m.margin_m_s - (est.burnout.speed_m_s - v_antipode)).abs() < 0.01);
    assert!((m.margin_fraction - m.margin_m_s / v_antipode).abs() < 1e-8);
    assert!(m.global_everywhere() && m.margin_m_s > 0.0);
    assert!(m.worst_azimuth_rad.is_none(), "no direction on a non-rotating sphere");
    // The numerical sphere finds the same speed.
    let s = global_margin(Model::SPHERE, &earth, 0.0, 0.0, 8_000.0, 0.0, &FlightOptions::default()).unwrap();
    assert!((s.antipode_speed_m_s - v_antipode).abs() < 0.01);
}

#[test]
fn kepler_antipode_speed_above_the_surface_is_perigee_on_the_surface() {
    // Burnout at altitude h: the horizontal burnout whose perigee grazes the surface
    // lands half a turn later; vis-viva with a = (r_b + R)/2 gives
    // v² = 2 μ R / (r_b (r_b + R)). No flight-path angle does better.
    let earth = Model::KEPLER.earth;
    for h in [100e3, 300e3] {
        let r_b = earth.radius_m + h;
        let v = (2.0 * earth.mu_m3_s2 * earth.radius_m / (r_b * (r_b + earth.radius_m))).sqrt();
        let m = global_margin(Model::KEPLER, &earth, 0.0, 0.0, 8_000.0, h, &FlightOptions::default()).unwrap();
        assert!((m.antipode_speed_m_s - v).abs() < 0.01, "h {h}: {} against {v}", m.antipode_speed_m_s);
    }
}

#[test]
fn rotating_worst_direction_is_west_and_shifted_by_the_sites_speed() {
    // From Pyongyang (39.03 N): toward the west a flight pays back the site's eastward
    // speed ω R cos φ (361 m/s), toward the east it borrows it. To first order the
    // antipode speed is the kepler one shifted by ω R cos φ sin(azimuth).
    let site = Site::from_degrees(39.0339, 125.7543).unwrap();
    let earth = Model::ROTATING.earth;
    let v_c = min_energy_speed_m_s(earth.mu_m3_s2, earth.radius_m, std::f64::consts::PI);
    let shift = earth.omega_rad_s * earth.radius_m * site.lat_rad.cos();
    let m = global_margin(Model::ROTATING, &earth, site.lat_rad, site.lon_rad, 8_400.0, 0.0, &FlightOptions::default())
        .unwrap();
    let worst = m.worst_azimuth_rad.expect("a direction on a rotating Earth").to_degrees();
    assert!((worst - 270.0).abs() < 2.0, "worst azimuth {worst}");
    let first_order = v_c + shift;
    assert!(
        (m.antipode_speed_m_s - first_order).abs() < 0.03 * shift,
        "{} against {first_order}",
        m.antipode_speed_m_s
    );
    assert!(m.margin_m_s > 0.0 && m.global_everywhere());
    // Toward the east the shift has the other sign, and the margin against the worst
    // direction is negative for a speed between the two.
    let east = Launch { lat_rad: site.lat_rad, lon_rad: site.lon_rad, azimuth_rad: 90f64.to_radians() };
    let (v_east, _) = antipode_speed_m_s(Model::ROTATING, &earth, &east, 0.0, &FlightOptions::default()).unwrap();
    assert!((v_east - (v_c - shift)).abs() < 0.03 * shift, "{v_east}");
    let between =
        global_margin(Model::ROTATING, &earth, site.lat_rad, site.lon_rad, v_c, 0.0, &FlightOptions::default())
            .unwrap();
    assert!(!between.global_everywhere());
    assert!(between.sentence().contains("some directions only"), "{}", between.sentence());
}

#[test]
fn a_rotating_estimate_with_global_reach_eastward_reports_its_margin() {
    let site = Site::from_degrees(39.0339, 125.7543).unwrap();
    let at = |a: f64, r: f64| Question::lofted(a, r).at(site.clone()).toward(90f64.to_radians());
    let mut req = Request { global_margin: true, ..Request::default() };
    let est = estimate(&at(6_000e3, 1_000e3), &Model::ROTATING, &req).unwrap();
    assert!(est.standard.is_global());
    let m = est.global_margin.expect("margin");
    assert!(m.margin_m_s < 0.0, "7.77 km/s does not reach the antipode westward: {}", m.margin_m_s);
    // Without global reach anywhere there is no margin.
    let est = estimate(&at(4_475e3, 950e3), &Model::ROTATING, &req).unwrap();
    assert!(est.global_margin.is_none());
    // The margin is asked for (a request's default, and Monte Carlo samples, skip it).
    req.global_margin = false;
    let est = estimate(&at(6_000e3, 1_000e3), &Model::ROTATING, &req).unwrap();
    assert!(est.global_margin.is_none());
}

/// The closed-form bound that spares a bounded estimate the due-east flight never rules
/// out a direction that has global reach: wherever it says "no direction can", the
/// standard trajectories toward the east and the west (rotation helping and hindering)
/// are bounded, on the rotating sphere and on the WGS 84 Earth, from the equator to
/// 70°, at the surface and 300 km up. And it is not vacuous: it rules out the seed
/// case's 7.17 km/s and leaves 7.8 km/s to the flights.
#[test]
fn the_bound_on_global_reach_never_hides_a_global_direction() {
    use crate::standard::margin::cannot_be_global_anywhere;
    let quiet = FlightOptions { samples: 0, ..FlightOptions::default() };
    let mut ruled_out = 0;
    for model in [Model::ROTATING, Model::EARTH] {
        let earth = model.earth;
        for lat_deg in [0.0f64, 39.0, 70.0] {
            for altitude_m in [0.0, 300e3] {
                for k in 0..=30 {
                    let v = 6_500.0 + 50.0 * k as f64;
                    if !cannot_be_global_anywhere(&earth, lat_deg.to_radians(), v, altitude_m) {
                        continue;
                    }
                    ruled_out += 1;
                    for az_deg in [90.0f64, 270.0] {
                        let launch =
                            Launch { lat_rad: lat_deg.to_radians(), lon_rad: 0.0, azimuth_rad: az_deg.to_radians() };
                        let st = crate::standard::standard(model, &earth, &launch, v, altitude_m, &quiet).unwrap();
                        let r = st
                            .range_m()
                            .unwrap_or_else(|| panic!("{model} {lat_deg} {altitude_m} {v} {az_deg}: global"));
                        assert!(r < 0.95 * earth.half_circumference_m());
                    }
                }
            }
        }
    }
    assert!(ruled_out > 50, "{ruled_out}");
    let rotating = Model::ROTATING.earth;
    assert!(cannot_be_global_anywhere(&rotating, 39f64.to_radians(), 7_171.0, 0.0));
    assert!(!cannot_be_global_anywhere(&rotating, 39f64.to_radians(), 7_800.0, 0.0));
}
