//! Flights that end on a target (issue 13): the minimum-energy flight and the own burnout
//! speed's low and high flights, against closed forms written out here, and landing on
//! the target on the rotating Earth (checked by flying them with `crate::fly`).
//!
//! Independent formulas (burnout at the surface, two-body, Ψ = d/R the central angle to
//! the target, Q = v² R/μ):
//! * minimum-energy trajectory (Bate, Mueller & White, *Fundamentals of Astrodynamics*,
//!   1971, ch. 6, the maximum-range trajectory): sin(Ψ/2) = Q/(2 − Q), i.e.
//!   Q = 2 sin(Ψ/2)/(1 + sin(Ψ/2)), and γ = π/4 − Ψ/4;
//! * its flight time from Lagrange's time equation for the minimum-energy ellipse
//!   between two points at radius R (Prussing & Conway, *Orbital Mechanics*, 2nd ed.,
//!   ch. 5, Lambert's Problem; Vallado, 4th ed., Lambert's problem): chord c = 2R sin(Ψ/2), s = (2R + c)/2, a_m = s/2,
//!   sin(β/2) = √((s − c)/s), t = √(a_m³/μ) (π − β + sin β);
//! * for a given Q the two flight-path angles that reach Ψ (BMW ch. 6, the flight-path
//!   angle equation): sin(2γ + Ψ/2) = ((2 − Q)/Q) sin(Ψ/2).

use crate::flight::fly;
use crate::flight::kepler::{self, Burnout, Forward};
use crate::standard::target_flights::toward_target;
use crate::{flight::FlightOptions, flight::Launch, flight::Outcome, Earth, Model, NoFlight, Site, TargetReach};
use std::f64::consts::PI;

const MU: f64 = 3.986004418e14; // MODEL.md, WGS 84
const R: f64 = 6_371_008.8; // MODEL.md, IUGG R1

/// Pyongyang and three targets (degrees).
const PYONGYANG: (f64, f64) = (39.03, 125.75);
const TOKYO: (f64, f64) = (35.68, 139.69);
const GUAM: (f64, f64) = (13.44, 144.79);
const WASHINGTON: (f64, f64) = (38.90, -77.04);

fn site() -> Site {
    Site::from_degrees(PYONGYANG.0, PYONGYANG.1).unwrap()
}

fn reach(model: Model, target: (f64, f64), speed_m_s: f64) -> TargetReach {
    toward_target(
        model,
        &model.earth(),
        &site(),
        target.0.to_radians(),
        target.1.to_radians(),
        speed_m_s,
        0.0,
        &FlightOptions::default(),
    )
    .unwrap()
}

/// Minimum-energy speed, flight-path angle and flight time for central angle Ψ.
fn min_energy_closed_form(psi: f64) -> (f64, f64, f64) {
    let s = (0.5 * psi).sin();
    let q = 2.0 * s / (1.0 + s);
    let speed = (q * MU / R).sqrt();
    let gamma = 0.25 * PI - 0.25 * psi;
    let c = 2.0 * R * s;
    let semi = 0.5 * (2.0 * R + c);
    let a = 0.5 * semi;
    let beta = 2.0 * ((semi - c) / semi).sqrt().asin();
    let t = (a.powi(3) / MU).sqrt() * (PI - beta + beta.sin());
    (speed, gamma, t)
}

/// The two flight-path angles of speed v that reach central angle Ψ (low, high).
fn two_angles_closed_form(speed: f64, psi: f64) -> (f64, f64) {
    let q = speed * speed * R / MU;
    let x = ((2.0 - q) / q * (0.5 * psi).sin()).asin();
    (0.5 * (x - 0.5 * psi), 0.5 * (PI - x - 0.5 * psi))
}

fn kepler_time_s(speed: f64, gamma: f64) -> f64 {
    match kepler::forward(&Earth::non_rotating(), &Burnout { speed_m_s: speed, gamma_rad: gamma, altitude_m: 0.0 })
        .unwrap()
    {
        Forward::Impact(a) => a.flight_time_s,
        Forward::NoImpact => panic!("no impact"),
    }
}

#[test]
fn minimum_energy_flight_matches_the_closed_form_on_kepler_and_sphere() {
    for (model, tol_speed, tol_angle, tol_time) in
        [(Model::KEPLER, 1e-6, 1e-9, 1e-6), (Model::SPHERE, 1e-3, 1e-6, 1e-3)]
    {
        for target in [TOKYO, GUAM] {
            let t = reach(model, target, 7_200.0);
            let me = t.flights.minimum_energy.unwrap();
            let (speed, gamma, time) = min_energy_closed_form(t.distance_m / R);
            assert!((me.speed_m_s - speed).abs() < tol_speed, "{model} speed {} vs {speed}", me.speed_m_s);
            assert!((me.gamma_rad - gamma).abs() < tol_angle, "{model} angle {} vs {gamma}", me.gamma_rad);
            assert!((me.flight_time_s - time).abs() < tol_time, "{model} time {} vs {time}", me.flight_time_s);
            assert!(me.miss_m < 1.0, "{model} miss {} m", me.miss_m);
            // Non-rotating: the flight goes along the bearing.
            assert!((me.azimuth_rad - t.bearing_rad).abs() < 1e-12);
        }
    }
}

#[test]
fn own_speed_low_and_high_flights_match_the_two_roots_of_the_range_equation() {
    let speed = 7_200.0;
    for (model, tol_angle, tol_time) in [(Model::KEPLER, 1e-9, 1e-5), (Model::SPHERE, 1e-6, 1e-2)] {
        for target in [TOKYO, GUAM] {
            let t = reach(model, target, speed);
            let (low, high) = (t.flights.low.unwrap(), t.flights.high.unwrap());
            let (g_low, g_high) = two_angles_closed_form(speed, t.distance_m / R);
            assert!((low.gamma_rad - g_low).abs() < tol_angle, "{model} low {} vs {g_low}", low.gamma_rad);
            assert!((high.gamma_rad - g_high).abs() < tol_angle, "{model} high {} vs {g_high}", high.gamma_rad);
            assert!((low.flight_time_s - kepler_time_s(speed, g_low)).abs() < tol_time);
            assert!((high.flight_time_s - kepler_time_s(speed, g_high)).abs() < tol_time);
            assert_eq!(low.speed_m_s, speed);
            assert!(low.miss_m < 1.0 && high.miss_m < 1.0);
            // The low flight is the faster one, and faster than the minimum-energy flight
            // and the standard trajectory toward the same direction.
            let me = t.flights.minimum_energy.unwrap();
            assert!(low.flight_time_s < me.flight_time_s && me.flight_time_s < high.flight_time_s);
            assert!(low.gamma_rad < me.gamma_rad && me.gamma_rad < high.gamma_rad);
        }
    }
}

/// Fly a flight to the target from its burnout state, independently of the solver.
fn lands_within_m(model: Model, f: &crate::FlightToTarget, target: (f64, f64)) -> f64 {
    let s = site();
    let launch = Launch { lat_rad: s.lat_rad, lon_rad: s.lon_rad, azimuth_rad: f.azimuth_rad };
    let b = Burnout { speed_m_s: f.speed_m_s, gamma_rad: f.gamma_rad, altitude_m: 0.0 };
    let earth = model.earth();
    let Outcome::Landed(l) = fly(&earth, &launch, &b, &FlightOptions::default()).unwrap() else {
        panic!("does not land")
    };
    assert!((l.flight_time_s - f.flight_time_s).abs() < 1e-3);
    earth.distance_m(l.impact_lat_rad, l.impact_lon_rad, target.0.to_radians(), target.1.to_radians())
}

#[test]
fn on_the_rotating_earth_the_flights_land_on_the_target() {
    let model = Model::ROTATING;
    for target in [TOKYO, GUAM] {
        let t = reach(model, target, 7_170.8);
        let low = t.flights.low.unwrap();
        let me = t.flights.minimum_energy.unwrap();
        for (what, f) in [("low", &low), ("minimum-energy", &me)] {
            let miss = lands_within_m(model, f, target);
            assert!(miss < 1_000.0, "{what} flight misses by {miss} m");
            assert!(f.miss_m < 1_000.0);
        }
        // The launch azimuth is aimed off the bearing (the Earth turns under the flight)
        // and is reported apart from it.
        assert!(low.azimuth_rad != t.bearing_rad);
        // Ordering: the low flight is faster than the minimum-energy one, which is
        // faster than the standard trajectory's full flight in that direction.
        assert!(low.flight_time_s < me.flight_time_s, "{} vs {}", low.flight_time_s, me.flight_time_s);
        assert!(me.flight_time_s < t.flight_time_s.unwrap());
        // The minimum-energy speed is below the missile's own.
        assert!(me.speed_m_s < 7_170.8);
    }
}

#[test]
fn on_the_wgs84_earth_the_flights_land_on_the_target() {
    // Model earth: J2 gravity, geodetic site, geodesic distances and azimuths.
    let model = Model::EARTH;
    let t = reach(model, GUAM, 7_171.3);
    for f in [t.flights.minimum_energy.unwrap(), t.flights.low.unwrap(), t.flights.high.unwrap()] {
        let miss = lands_within_m(model, &f, GUAM);
        assert!(miss < 1_000.0, "misses by {miss} m");
    }
}

#[test]
fn from_pyongyang_tokyo_is_nearer_in_time_than_washington() {
    // A burnout speed that reaches Washington on the rotating Earth.
    let speed = 7_450.0;
    let tokyo = reach(Model::ROTATING, TOKYO, speed);
    let washington = reach(Model::ROTATING, WASHINGTON, speed);
    assert!(washington.reachable, "margin {:?}", washington.margin_m);
    let (tm, wm) = (tokyo.flights.minimum_energy.unwrap(), washington.flights.minimum_energy.unwrap());
    let (tl, wl) = (tokyo.flights.low.unwrap(), washington.flights.low.unwrap());
    assert!(tm.flight_time_s < wm.flight_time_s, "{} vs {}", tm.flight_time_s, wm.flight_time_s);
    assert!(tl.flight_time_s < wl.flight_time_s, "{} vs {}", tl.flight_time_s, wl.flight_time_s);
    assert!(lands_within_m(Model::ROTATING, &wl, WASHINGTON) < 1_000.0);
}

#[test]
fn out_of_reach_targets_have_no_flights_with_a_reason() {
    // A burnout speed (about the 2017-11-28 test's on the rotating model) whose standard
    // range toward Washington falls short of its distance: the premise is checked here.
    let t = reach(Model::ROTATING, WASHINGTON, 7_170.8);
    assert!(!t.reachable && t.range_m.unwrap() < t.distance_m);
    assert_eq!(t.flights.minimum_energy, Err(NoFlight::OutOfReach));
    assert_eq!(t.flights.low, Err(NoFlight::OutOfReach));
    assert!(NoFlight::OutOfReach.reason().contains("out of reach"));
    // Orbital speed: global reach, no flights.
    let g = reach(Model::KEPLER, WASHINGTON, 7_950.0);
    assert_eq!(g.flights.minimum_energy, Err(NoFlight::GlobalReach));
}
