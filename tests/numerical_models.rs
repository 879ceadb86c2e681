//! The numerical models (`sphere`, `rotating`) against closed form, against each
//! other where physics says they must agree, and against outside values.

use loftrange::kepler::{self, Burnout, Forward, MaxRange};
use loftrange::Earth;
use loftrange::Model;
use loftrange::Standard;
use loftrange::{Flight, FlightOptions, Launch};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

fn fly(model: Model, earth: &Earth, launch: &Launch, b: &Burnout) -> Flight {
    loftrange::forward(model, earth, launch, b, &FlightOptions::default()).unwrap().expect("lands")
}

fn random_burnout(rng: &mut ChaCha8Rng) -> Burnout {
    Burnout {
        speed_m_s: rng.gen_range(2_000.0..7_400.0),
        gamma_rad: rng.gen_range(15.0_f64..88.0).to_radians(),
        altitude_m: if rng.gen_bool(0.5) { 0.0 } else { rng.gen_range(0.0..300e3) },
    }
}

fn random_launch(rng: &mut ChaCha8Rng) -> Launch {
    Launch {
        lat_rad: rng.gen_range(-89.0_f64..89.0).to_radians(),
        lon_rad: rng.gen_range(-180.0_f64..180.0).to_radians(),
        azimuth_rad: rng.gen_range(0.0_f64..360.0).to_radians(),
    }
}

#[test]
fn sphere_agrees_with_closed_form_on_200_cases() {
    let earth = Earth::non_rotating();
    let mut rng = ChaCha8Rng::seed_from_u64(20_171_128);
    let mut worst = [0.0_f64; 3];
    let mut checked = 0;
    while checked < 200 {
        let b = random_burnout(&mut rng);
        let Forward::Impact(k) = kepler::forward(&earth, &b).unwrap() else { continue };
        checked += 1;
        let s = fly(Model::SPHERE, &earth, &Launch::EQUATOR_EAST, &b);
        for (w, e) in worst.iter_mut().zip([
            rel(s.apogee_m, k.apogee_m),
            rel(s.range_m, k.range_m),
            rel(s.flight_time_s, k.flight_time_s),
        ]) {
            *w = w.max(e);
        }
    }
    assert!(worst.iter().all(|&w| w < 1e-9), "worst relative errors (apogee, range, time): {worst:?}");
}

#[test]
fn sphere_standard_range_agrees_with_closed_form() {
    let earth = Earth::non_rotating();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..200 {
        let b = random_burnout(&mut rng);
        let MaxRange::Bounded { arc, .. } = kepler::max_range(&earth, b.speed_m_s, b.altitude_m).unwrap() else {
            continue;
        };
        let Standard::Bounded(s) = loftrange::standard(
            Model::SPHERE,
            &earth,
            &Launch::EQUATOR_EAST,
            b.speed_m_s,
            b.altitude_m,
            &FlightOptions::default(),
        )
        .unwrap() else {
            panic!("sphere found global reach where kepler did not: {b:?}")
        };
        assert!(rel(s.landed.range_m, arc.range_m) < 1e-9, "{b:?}: {} vs {}", s.landed.range_m, arc.range_m);
    }
}

#[test]
fn round_trip_recovers_burnout_state_in_every_model() {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    for model in Model::IMPULSIVE {
        let earth = model.earth();
        for _ in 0..25 {
            let b = random_burnout(&mut rng);
            let launch = if model.earth.rotates() { random_launch(&mut rng) } else { Launch::EQUATOR_EAST };
            let Some(l) = loftrange::forward(model, &earth, &launch, &b, &FlightOptions::default()).unwrap() else {
                continue;
            };
            if l.range_m < 1e3 || l.range_m > 0.95 * std::f64::consts::PI * earth.radius_m {
                continue; // out of the observable domain
            }
            let inv = loftrange::invert(
                model,
                &earth,
                &launch,
                l.apogee_m,
                l.range_m,
                b.altitude_m,
                &FlightOptions::default(),
            )
            .unwrap();
            assert!(
                rel(inv.burnout.speed_m_s, b.speed_m_s) < 1e-8,
                "{model}: speed {} vs {} ({b:?})",
                inv.burnout.speed_m_s,
                b.speed_m_s
            );
            assert!(
                rel(inv.burnout.gamma_rad, b.gamma_rad) < 1e-8,
                "{model}: gamma {} vs {} ({b:?})",
                inv.burnout.gamma_rad,
                b.gamma_rad
            );
        }
    }
}

#[test]
fn rotating_with_zero_rotation_equals_sphere() {
    let still = Earth { omega_rad_s: 0.0, ..Earth::rotating() };
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for _ in 0..50 {
        let b = random_burnout(&mut rng);
        let launch = random_launch(&mut rng);
        let Some(r) = loftrange::forward(Model::ROTATING, &still, &launch, &b, &FlightOptions::default()).unwrap()
        else {
            continue;
        };
        let s = fly(Model::SPHERE, &Earth::non_rotating(), &Launch::EQUATOR_EAST, &b);
        assert!(rel(r.apogee_m, s.apogee_m) < 1e-10);
        assert!(rel(r.range_m, s.range_m) < 1e-10, "{} vs {}", r.range_m, s.range_m);
        assert!(rel(r.flight_time_s, s.flight_time_s) < 1e-10);
    }
}

#[test]
fn rotation_favours_east_and_is_symmetric_north_south_at_the_equator() {
    let earth = Earth::rotating();
    let range = |az: f64| {
        let launch = Launch { lat_rad: 0.0, lon_rad: 0.3, azimuth_rad: az.to_radians() };
        loftrange::standard(Model::ROTATING, &earth, &launch, 6_000.0, 0.0, &FlightOptions::default())
            .unwrap()
            .range_m()
            .unwrap()
    };
    let (n, e, s, w) = (range(0.0), range(90.0), range(180.0), range(270.0));
    assert!(e > n && n > w, "east {e} north {n} west {w}");
    assert!(rel(n, s) < 1e-9, "north {n} south {s}");
}

#[derive(serde::Deserialize)]
struct Met {
    range_km: f64,
    gamma_deg: f64,
}

#[derive(serde::Deserialize)]
struct RotatingCase {
    lat_deg: f64,
    lon_deg: f64,
    test_azimuth_deg: f64,
    apogee_km: f64,
    range_km: f64,
    flight_time_s: f64,
    speed_rel_km_s: f64,
    gamma_deg: f64,
    met: std::collections::BTreeMap<String, Met>,
}

#[test]
fn rotating_cases_xval() {
    // tests/xval/rotating_cases.json: independent SciPy DOP853 (rtol 1e-12) implementation of MODEL.md.
    let cases: Vec<RotatingCase> = serde_json::from_str(include_str!("xval/rotating_cases.json")).unwrap();
    let earth = Earth::rotating();
    for c in cases {
        let launch = Launch {
            lat_rad: c.lat_deg.to_radians(),
            lon_rad: c.lon_deg.to_radians(),
            azimuth_rad: c.test_azimuth_deg.to_radians(),
        };
        let inv = loftrange::invert(
            Model::ROTATING,
            &earth,
            &launch,
            c.apogee_km * 1e3,
            c.range_km * 1e3,
            0.0,
            &FlightOptions::default(),
        )
        .unwrap();
        assert!(
            rel(inv.burnout.speed_m_s, c.speed_rel_km_s * 1e3) < 1e-8,
            "speed {} vs {}",
            inv.burnout.speed_m_s,
            c.speed_rel_km_s
        );
        assert!(rel(inv.burnout.gamma_rad.to_degrees(), c.gamma_deg) < 1e-8);
        assert!(rel(inv.lofted.flight_time_s, c.flight_time_s) < 1e-8);
        for (az, met) in &c.met {
            let az: f64 = az.parse().unwrap();
            let l = Launch { azimuth_rad: az.to_radians(), ..launch };
            let s =
                loftrange::standard(Model::ROTATING, &earth, &l, inv.burnout.speed_m_s, 0.0, &FlightOptions::default())
                    .unwrap();
            let f = s.flight().expect("bounded");
            assert!(
                rel(f.landed.range_m, met.range_km * 1e3) < 1e-8,
                "az {az}: {} vs {}",
                f.landed.range_m / 1e3,
                met.range_km
            );
            assert!(
                (f.gamma_rad.to_degrees() - met.gamma_deg).abs() < 1e-3,
                "az {az}: gamma {} vs {}",
                f.gamma_rad.to_degrees(),
                met.gamma_deg
            );
        }
    }
}

#[test]
fn rotating_equals_its_semi_analytic_conic_on_200_cases() {
    // In the inertial frame a flight over a rotating sphere with point-mass gravity is a
    // Kepler conic; only the impact point's Earth-fixed position turns with the Earth
    // (by ω·t). The integrated model must agree with that closed form to 1e-9.
    let earth = Earth::rotating();
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut checked = 0;
    for _ in 0..400 {
        let b = random_burnout(&mut rng);
        let launch = random_launch(&mut rng);
        let Some(num) = loftrange::forward(Model::ROTATING, &earth, &launch, &b, &FlightOptions::default()).unwrap()
        else {
            continue;
        };
        let conic = loftrange::semi_analytic(&earth, &launch, &b).expect("comes down");
        assert!(rel(num.apogee_m, conic.apogee_m) < 1e-9, "apogee {} vs {}", num.apogee_m, conic.apogee_m);
        assert!(rel(num.range_m, conic.range_m) < 1e-9, "range {} vs {}", num.range_m, conic.range_m);
        assert!(rel(num.flight_time_s, conic.flight_time_s) < 1e-9);
        checked += 1;
        if checked == 200 {
            break;
        }
    }
    assert_eq!(checked, 200);
}
