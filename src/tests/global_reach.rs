//! Global reach is a result per direction (MODEL.md): checked against closed forms
//! (circular speed, the two-body central angle) and across the library and the CLI.

use std::f64::consts::{FRAC_PI_2, PI};

use crate::flight::kepler::{self, Burnout};
use crate::Earth;
use crate::{estimate, Question, Request};
use crate::{flight::FlightOptions, flight::Launch, flight::Outcome};
use crate::{geo, Model, Site};

/// Pyongyang (GeoNames), degrees.
const SITE_DEG: (f64, f64) = (39.0339, 125.7543);
/// A burnout speed relative to the ground that is orbital eastward and not westward
/// from 39° N: v + ωR cos φ = 8.06 km/s > 7.91 km/s (circular), v − ωR cos φ = 7.34 km/s.
const SPEED_M_S: f64 = 7_700.0;

fn site() -> Site {
    Site::from_degrees(SITE_DEG.0, SITE_DEG.1).unwrap()
}

#[test]
fn a_flight_past_the_antipode_is_global_reach_not_a_range() {
    // Two-body closed form: the conic's central angle from burnout to impact. A state
    // whose angle exceeds π passes the antipode: the numerical flight must say global.
    let earth = Earth::non_rotating();
    let opts = FlightOptions::default();
    let mut seen_past = 0;
    // From the surface no suborbital conic passes the antipode (sin(Ψ/2) = Q/(2 − Q) < 1);
    // from a burnout 600 km up, nearly circular speeds do.
    let cases = [(7_400.0, 2.0), (7_500.0, 6.0), (7_550.0, 8.0), (7_200.0, 22.0), (6_000.0, 35.0), (6_800.0, 5.0)];
    for (v, g_deg) in cases {
        let b = Burnout { speed_m_s: v, gamma_rad: f64::to_radians(g_deg), altitude_m: 600e3 };
        let kepler::Forward::Impact(arc) = kepler::forward(&earth, &b).unwrap() else { continue };
        let out = crate::flight::fly(&earth, &Launch::EQUATOR_EAST, &b, &opts).unwrap();
        if arc.central_angle_rad > PI {
            seen_past += 1;
            assert_eq!(out, Outcome::Global, "v {v} gamma {g_deg}: angle {} rad", arc.central_angle_rad);
        } else {
            let Outcome::Landed(l) = out else { panic!("v {v}: bounded flight reported global") };
            assert!((l.range_m - arc.range_m).abs() < 1e-6 * arc.range_m, "{} vs {}", l.range_m, arc.range_m);
            assert!(l.range_m < PI * earth.radius_m);
        }
    }
    assert!(seen_past >= 2, "the cases must include flights past the antipode");
}

#[test]
fn one_burnout_state_is_bounded_westward_and_global_eastward() {
    let earth = Earth::rotating();
    let s = site();
    // Closed form of the inertial speed of a horizontal burnout: east orbital, west not.
    let circular = earth.circular_speed_m_s(earth.radius_m);
    let spin = earth.omega_rad_s * earth.radius_m * s.lat_rad.cos();
    assert!(SPEED_M_S + spin > circular && SPEED_M_S - spin < circular);

    // Forward mode needs no test azimuth: it sweeps every azimuth.
    let est =
        estimate(&Question::burnout(SPEED_M_S, 0.0).at(s.clone()), &Model::ROTATING, &Request::default()).unwrap();
    let sweep = est.sweep.as_ref().expect("all azimuths");
    assert!(est.standard.is_global() && est.standard.range_m().is_none());
    assert!(sweep.max.range_m.is_none(), "eastward: global");
    let west = sweep.min.range_m.expect("westward: bounded");
    assert!(west > 5_000e3 && west < PI * earth.radius_m);
    let az_min = sweep.min.azimuth_rad.to_degrees();
    assert!((250.0..290.0).contains(&az_min), "shortest toward {az_min}");
    // No bounded number at or past half the circumference, anywhere.
    for p in &sweep.points {
        if let Some(r) = p.range_m {
            assert!(r < PI * earth.radius_m, "{r}");
        }
    }
    // The reach report: a contour over the bounded directions and a global sector that
    // contains due east, and places judged per direction.
    let report = crate::reach_report(est.clone()).unwrap();
    let c = &report.contour;
    assert!(!c.global_everywhere() && !c.global.is_empty());
    assert!(c.range_toward_m(FRAC_PI_2).is_none(), "due east is global");
    let r_west = c.range_toward_m(1.5 * PI).expect("due west is bounded");
    assert!((r_west - west).abs() < 0.02 * west, "{r_west} vs {west}");
    assert!(report.places.iter().any(|p| !p.in_reach()), "some places are out of reach westward");
    assert!(report.places.iter().any(|p| p.range_m.is_none() && p.in_reach()));

    // Targets on each side: west bounded with a margin; east in a global direction.
    let west_target = geo::destination_rad(s.lat_rad, s.lon_rad, 1.5 * PI, 0.5 * west / earth.radius_m);
    let t = est.flyer.toward_target(&Site::new(west_target.0, west_target.1)).unwrap();
    assert!(t.reachable && t.range_m.is_some() && t.margin_m.unwrap() > 0.0, "{t:?}");
    let far_west = geo::destination_rad(s.lat_rad, s.lon_rad, 1.5 * PI, 1.2 * west / earth.radius_m);
    let t = est.flyer.toward_target(&Site::new(far_west.0, far_west.1)).unwrap();
    assert!(!t.reachable && t.margin_m.unwrap() < 0.0, "{t:?}");
    let east_target = geo::destination_rad(s.lat_rad, s.lon_rad, FRAC_PI_2, 0.9 * PI);
    let t = est.flyer.toward_target(&Site::new(east_target.0, east_target.1)).unwrap();
    assert!(t.reachable && t.range_m.is_none(), "east: in reach by global reach, {t:?}");
}

#[test]
fn a_boosted_vehicle_flown_past_the_antipode_is_global_reach() {
    // The example vehicle with almost no payload burns out faster than circular speed
    // minus what the boost loses: its range-maximising flight does not come down before
    // passing the antipode. Lighter payloads can only fly farther (checked on the rows).
    let v = crate::vehicle::Vehicle::from_toml_str(
        include_str!("../../examples/vehicles/generic-seed.toml"),
        "generic-seed.toml",
    )
    .unwrap();
    let fly = |payload_kg: f64| {
        estimate(&Question::vehicle(v.clone(), Some(payload_kg)), &Model::BOOST, &Request::default()).unwrap()
    };
    let light = fly(50.0);
    assert!(light.standard.is_global() && light.standard.range_m().is_none());
    let heavy = fly(2_000.0);
    let r = heavy.standard.range_m().expect("bounded");
    assert!(r < PI * 6_371_008.8);
    // Independently: fly each payload to burnout over a grid of kicks and continue the
    // burnout state as a two-body conic (closed form; above ~150 km the air no longer
    // matters). The light payload reaches orbit or a conic past the antipode at some
    // kick; the heavy one at none.
    use crate::vehicle::powered::{fly_boost, PoweredOptions, PoweredOutcome};
    let earth = Earth::non_rotating();
    let beyond_antipode = |payload: f64| {
        let plan = v.plan_with_payload(payload);
        (1..=60).any(|i| {
            let kick = f64::to_radians(0.25 * i as f64);
            let to_burnout = PoweredOptions { stop_at_burnout: true, ..PoweredOptions::default() };
            let PoweredOutcome::BurnedOut(b) =
                fly_boost(&earth, &Launch::EQUATOR_EAST, &plan, kick, &to_burnout).unwrap()
            else {
                return false;
            };
            let state = Burnout { speed_m_s: b.speed_m_s, gamma_rad: b.gamma_rad, altitude_m: b.altitude_m };
            match kepler::forward(&earth, &state) {
                Ok(kepler::Forward::Impact(arc)) => arc.central_angle_rad > PI,
                Ok(kepler::Forward::NoImpact) => true,
                Err(_) => false,
            }
        })
    };
    assert!(beyond_antipode(50.0), "the light payload must reach past the antipode in the closed form");
    assert!(!beyond_antipode(2_000.0), "the heavy payload must stay bounded in the closed form");
}

#[test]
fn burnout_speeds_outside_the_accepted_range_are_refused() {
    for v in [1e-9, 1e-3, 100.0, 25_000.0, f64::NAN] {
        let e = estimate(&Question::burnout(v, 0.0), &Model::KEPLER, &Request::default()).unwrap_err();
        assert!(e.is_input_error() && e.to_string().contains("0.2 to 20 km/s"), "{e}");
    }
}

#[test]
fn an_observation_no_flight_can_make_is_explained() {
    // From 39° N toward the north a 2,000 km-high flight drifts west with the Earth by
    // more than 50 km (the surface turns by ω·t·R·cos φ ≈ 0.5 km/s × 1,500 s sideways).
    let q = Question::lofted(2_000e3, 50e3).at(Site::from_degrees(39.0, 125.0).unwrap()).toward(0.0);
    let e = estimate(&q, &Model::ROTATING, &Request::default()).unwrap_err();
    assert!(e.is_input_error(), "{e}");
    assert!(e.to_string().contains("no flight from this site lands 50 km away"), "{e}");
}

#[test]
fn a_vehicle_that_cannot_lift_off_is_refused_naming_its_thrust() {
    let text = include_str!("../../examples/vehicles/generic-seed.toml");
    let heavy: String = text
        .lines()
        .map(|l| if l.starts_with("payload_kg") { "payload_kg = 900000".to_string() } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    let e = crate::vehicle::Vehicle::from_toml_str(&heavy, "heavy.toml").unwrap_err();
    let m = e.to_string();
    assert!(e.is_input_error() && m.contains("stages[1].thrust_n") && m.contains("cannot lift off"), "{m}");
    // A payload it cannot lift, asked of a good vehicle, is refused too.
    let v = crate::vehicle::Vehicle::from_toml_str(text, "generic-seed.toml").unwrap();
    let e = estimate(&Question::vehicle(v, Some(1e6)), &Model::BOOST, &Request::default()).unwrap_err();
    assert!(e.is_input_error() && e.to_string().contains("cannot lift off"), "{e}");
}

/// One lift-off limit everywhere: the heaviest payload a vehicle is said to lift is
/// the one it is flown with (thrust-to-weight MIN_LIFTOFF_THRUST_TO_WEIGHT), and a
/// payload 1 kg heavier is refused with that number in the message.
#[test]
fn the_heaviest_payload_named_is_the_one_that_lifts_off() {
    use crate::vehicle::file::MIN_LIFTOFF_THRUST_TO_WEIGHT;
    let text = include_str!("../../examples/vehicles/generic-seed.toml");
    let v = crate::vehicle::Vehicle::from_toml_str(text, "generic-seed.toml").unwrap();
    let heaviest = v.heaviest_payload_kg();
    let thrust_to_weight = v.stages[0].thrust_n() / (v.liftoff_mass_kg(heaviest) * crate::constants::G0_M_S2);
    assert!((thrust_to_weight - MIN_LIFTOFF_THRUST_TO_WEIGHT).abs() < 1e-12, "{thrust_to_weight}");
    assert!(v.lifts_off(heaviest - 1e-6).is_ok());
    let m = v.lifts_off(heaviest + 1.0).unwrap_err();
    assert!(m.contains(&format!("the heaviest payload it can lift is {heaviest:.0} kg")), "{m}");
    assert!(m.contains("1.01 times the lift-off weight"), "{m}");
}
