//! The heaviest payload for a range or a target, and the generic vehicle's extra
//! payload: round trips through independent entry points, and the generic vehicle
//! against the vehicle file that was derived from it.

use loftrange::boost::Vehicle;
use loftrange::payload_for::{payload_for, ExtraPayloadSpec, Goal, PayloadAnswer};
use loftrange::{estimate, estimate_vehicle, Model, Observation, Options, Site};

const SEED_FILE: &str = include_str!("../examples/vehicles/generic-seed.toml");

fn seed() -> Observation {
    Observation::new(4_475e3, 950e3)
}

fn boost_opts(vehicle: Option<Vehicle>) -> Options {
    let mut o = Options::new(Model::BOOST);
    o.site = Some(Site::from_degrees(39.0, 125.7).unwrap());
    o.test_azimuth_rad = Some(90f64.to_radians());
    o.vehicle = vehicle;
    o.boost_sensitivity = false;
    o.samples = 0;
    o
}

fn heaviest(a: &PayloadAnswer) -> (f64, f64) {
    match a {
        PayloadAnswer::Heaviest { payload_kg, standard_range_m, .. } => (*payload_kg, *standard_range_m),
        other => panic!("expected a payload, got {other:?}"),
    }
}

#[test]
fn payload_for_a_range_round_trips_through_forward_mode() {
    let v = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    let opts = boost_opts(Some(v.clone()));
    let p = payload_for(&seed(), &opts, Goal::Range { range_m: 13_000e3 }).unwrap();
    let (kg, range_m) = heaviest(&p.answer);
    assert!((range_m - 13_000e3).abs() < 1e3, "{range_m}");
    // Range falls with payload: the answer is heavier than the test's payload, whose
    // standard range is longer than 13,000 km.
    assert!(p.fitted_standard_range_m.unwrap() > 13_000e3 && kg > p.fitted_payload_kg.unwrap());
    // Fly that payload in forward mode (estimate_vehicle, no fit): 13,000 km to 1 km.
    let mut fwd = opts.clone();
    fwd.standard_azimuth_rad = Some(90f64.to_radians());
    let est = estimate_vehicle(&v, Some(kg), &fwd).unwrap();
    let r = est.standard.range_m.unwrap();
    assert!((r - 13_000e3).abs() < 1e3, "forward mode: {r}");
    // 1 kg more falls short.
    let est = estimate_vehicle(&v, Some(kg + 1.0), &fwd).unwrap();
    assert!(est.standard.range_m.unwrap() < 13_000e3);
}

#[test]
fn payload_for_a_target_reaches_it() {
    let v = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    let opts = boost_opts(Some(v.clone()));
    // Washington, D.C.
    let (lat, lon) = (38.9072f64.to_radians(), (-77.0369f64).to_radians());
    let p = payload_for(&seed(), &opts, Goal::Target { lat_rad: lat, lon_rad: lon }).unwrap();
    let (kg, range_m) = heaviest(&p.answer);
    assert!((range_m - p.distance_m).abs() < 1e3);
    // The same vehicle with that payload: the target is just in reach.
    let mut fwd = opts.clone();
    fwd.test_azimuth_rad = None;
    let est = estimate_vehicle(&v, Some(kg), &fwd).unwrap();
    let t = est.toward_target(lat, lon).unwrap();
    assert!(t.margin_m.unwrap().abs() < 1e3, "margin {:?}", t.margin_m);
}

#[test]
fn short_at_zero_is_an_answer() {
    // A 1,000 km apogee test: even the empty generic vehicle falls far short of 15,000 km.
    let p =
        payload_for(&Observation::new(1_000e3, 500e3), &boost_opts(None), Goal::Range { range_m: 15_000e3 }).unwrap();
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
    let mut opts = boost_opts(None);
    opts.extra_payload = Some(ExtraPayloadSpec::FractionOfBurnoutMass(0.10));
    let est = estimate(&seed(), &opts).unwrap();
    let x = est.extra_payload.as_ref().unwrap();
    // The file's burnout mass: its stage's dry mass plus its payload.
    let file = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    let file_burnout_kg = file.stages[0].dry_mass_kg + file.payload_kg;
    assert!((x.burnout_mass_kg - file_burnout_kg).abs() < 2.0, "{} vs {file_burnout_kg}", x.burnout_mass_kg);
    assert!((x.extra_kg - 0.10 * x.burnout_mass_kg).abs() < 1e-9);
    let r_generic = x.standard_range_m.unwrap();
    assert!(r_generic < est.standard.range_m.unwrap(), "heavier flies shorter");
    let v = Vehicle::from_toml_str(SEED_FILE, "generic-seed.toml").unwrap();
    let mut fwd = boost_opts(None);
    fwd.standard_azimuth_rad = Some(90f64.to_radians());
    let r_file = estimate_vehicle(&v, Some(1_000.0 + x.extra_kg), &fwd).unwrap().standard.range_m.unwrap();
    assert!((r_generic - r_file).abs() < 20e3, "generic {r_generic} file {r_file}");
    // Given in kg on the nominal scale: the same flight.
    opts.extra_payload = Some(ExtraPayloadSpec::NominalKg(x.extra_kg));
    let y = estimate(&seed(), &opts).unwrap().extra_payload.unwrap();
    assert!((y.fraction_of_burnout_mass - 0.10).abs() < 1e-12);
    assert_eq!(y.standard_range_m, x.standard_range_m);
    // And payload_for on the generic vehicle finds back that range at that extra mass.
    let p = payload_for(&seed(), &boost_opts(None), Goal::Range { range_m: r_generic }).unwrap();
    let (kg, _) = heaviest(&p.answer);
    assert!((kg - x.extra_kg).abs() < 1.0, "{kg} against {}", x.extra_kg);
}
