//! The heaviest payload for a range or a target, and the generic vehicle's extra
//! payload: round trips through independent entry points, and the generic vehicle
//! against the vehicle file that was derived from it.

use crate::analysis::payload::{payload_for, Goal, PayloadAnswer};
use crate::vehicle::payload_for::ExtraPayloadSpec;
use crate::vehicle::Vehicle;
use crate::{estimate, Estimate, Model, Question, Request, Site};

const SEED_FILE: &str = include_str!("../../examples/vehicles/generic-seed.toml");

fn site() -> Site {
    Site::from_degrees(39.0, 125.7).unwrap()
}

/// The 2017-11-28 test (4,475 km, 950 km) from Pyongyang toward the east, the generic
/// vehicle or a vehicle file.
fn seed(vehicle: Option<Vehicle>) -> Question {
    Question { vehicle, ..Question::lofted(4_475e3, 950e3).at(site()).toward(90f64.to_radians()) }
}

/// The vehicle with a payload, flown for maximum range from the same site (toward the
/// east, or over all azimuths).
fn forward(v: &Vehicle, payload_kg: f64, east: bool) -> Estimate {
    let r = Request { standard_azimuth_rad: east.then_some(90f64.to_radians()), ..Request::default() };
    estimate(&Question::vehicle(v.clone(), Some(payload_kg)).at(site()), &Model::BOOST, &r).unwrap()
}

const B: Model = Model::BOOST;

fn heaviest(a: &PayloadAnswer) -> (f64, f64) {
    match a {
        PayloadAnswer::Heaviest { payload_kg, standard_range_m, .. } => (*payload_kg, *standard_range_m),
        other => panic!("expected a payload, got {other:?}"),
    }
}

#[test]
fn payload_for_a_range_round_trips_through_forward_mode() {
    let v = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    let p = payload_for(&seed(Some(v.clone())), &B, &Request::default(), Goal::Range { range_m: 13_000e3 }).unwrap();
    let (kg, range_m) = heaviest(&p.answer);
    assert!((range_m - 13_000e3).abs() < 1e3, "{range_m}");
    // Range falls with payload: the answer is heavier than the test's payload, whose
    // standard range is longer than 13,000 km.
    assert!(p.fitted_standard_range_m.unwrap() > 13_000e3 && kg > p.fitted_payload_kg.unwrap());
    // Fly that payload in forward mode (the vehicle question, no fit): 13,000 km to 1 km.
    let r = forward(&v, kg, true).standard.range_m().unwrap();
    assert!((r - 13_000e3).abs() < 1e3, "forward mode: {r}");
    // 1 kg more falls short.
    assert!(forward(&v, kg + 1.0, true).standard.range_m().unwrap() < 13_000e3);
}

#[test]
fn payload_for_a_target_reaches_it() {
    let v = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    // Washington, D.C.
    let (lat, lon) = (38.9072f64.to_radians(), (-77.0369f64).to_radians());
    let p = payload_for(&seed(Some(v.clone())), &B, &Request::default(), Goal::Target { lat_rad: lat, lon_rad: lon })
        .unwrap();
    let (kg, range_m) = heaviest(&p.answer);
    assert!((range_m - p.distance_m).abs() < 1e3);
    // The same vehicle with that payload: the target is just in reach.
    let t = forward(&v, kg, false).flyer.toward_target(&Site::new(lat, lon)).unwrap();
    assert!(t.margin_m.unwrap().abs() < 1e3, "margin {:?}", t.margin_m);
}

#[test]
fn short_at_zero_is_an_answer() {
    // A 1,000 km apogee test: even the empty generic vehicle falls far short of 15,000 km.
    let q = Question::lofted(1_000e3, 500e3).at(site()).toward(90f64.to_radians());
    let p = payload_for(&q, &B, &Request::default(), Goal::Range { range_m: 15_000e3 }).unwrap();
    match p.answer {
        PayloadAnswer::ShortAtZero { standard_range_m } => assert!(standard_range_m < 15_000e3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn generic_extra_payload_matches_the_vehicle_file_derived_from_it() {
    // examples/vehicles/generic-seed.toml is the generic vehicle fitted to this test
    // (lift-off 50 t, burnout 2,557.4 kg of which 1,000 kg payload): 10 % of the burnout
    // mass on the generic vehicle is the file with 1,000 + 255.7 kg of payload.
    let mut r = Request { extra_payload: Some(ExtraPayloadSpec::FractionOfBurnoutMass(0.10)), ..Request::default() };
    let est = estimate(&seed(None), &B, &r).unwrap();
    let x = est.extra_payload.as_ref().unwrap();
    // The file's burnout mass: its stage's dry mass plus its payload.
    let file = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    let file_burnout_kg = file.stages[0].dry_mass_kg + file.payload_kg;
    assert!((x.burnout_mass_kg - file_burnout_kg).abs() < 2.0, "{} vs {file_burnout_kg}", x.burnout_mass_kg);
    assert!((x.extra_kg - 0.10 * x.burnout_mass_kg).abs() < 1e-9);
    let r_generic = x.standard_range_m.unwrap();
    assert!(r_generic < est.standard.range_m().unwrap(), "heavier flies shorter");
    let v = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    let r_file = forward(&v, 1_000.0 + x.extra_kg, true).standard.range_m().unwrap();
    assert!((r_generic - r_file).abs() < 20e3, "generic {r_generic} file {r_file}");
    // Given in kg on the nominal scale: the same flight.
    r.extra_payload = Some(ExtraPayloadSpec::NominalKg(x.extra_kg));
    let y = estimate(&seed(None), &B, &r).unwrap().extra_payload.unwrap();
    assert!((y.fraction_of_burnout_mass - 0.10).abs() < 1e-12);
    assert_eq!(y.standard_range_m, x.standard_range_m);
    // And payload_for on the generic vehicle finds back that range at that extra mass.
    let p = payload_for(&seed(None), &B, &Request::default(), Goal::Range { range_m: r_generic }).unwrap();
    let (kg, _) = heaviest(&p.answer);
    assert!((kg - x.extra_kg).abs() < 1.0, "{kg} against {}", x.extra_kg);
}
