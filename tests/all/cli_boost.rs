//! Model boost through the command line, run as a user would: further azimuths,
//! targets, reach, payload and the boost section of the JSON.

#[allow(unused_imports)]
use crate::util::*;

/// The 2017-11-28 test (Hwasong-15) with model boost from Pyongyang, launched eastward.
const SEED: [&str; 12] = [
    "--apogee",
    "4475km",
    "--range",
    "950km",
    "--flight-time",
    "53min",
    "--model",
    "boost",
    "--site",
    "pyongyang",
    "--test-azimuth",
    "90",
];

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn estimate_boost_with_azimuth_and_target() {
    let v = json(&run(&[&["estimate"], &SEED[..], &["--azimuth", "270", "--target", "tokyo", "--json"]].concat()));
    let standard_km = f(&v["standard"]["range_km"]);
    let by = v["by_azimuth"].as_array().unwrap();
    assert_eq!(by.len(), 1);
    assert_eq!(f(&by[0]["azimuth_deg"]), 270.0);
    let west_km = f(&by[0]["range_km"]);
    // Westward the rotating Earth takes away what it gives eastward.
    assert!(west_km > 5_000.0 && west_km < standard_km - 1_000.0, "west {west_km}, east {standard_km}");
    let t = v["targets"].as_array().unwrap();
    assert_eq!(t.len(), 1);
    assert!(t[0]["name"].as_str().unwrap().starts_with("Tokyo"));
    assert_eq!(t[0]["reachable"], true);
    let (d, r, m) = (f(&t[0]["distance_km"]), f(&t[0]["range_km"]), f(&t[0]["margin_km"]));
    assert!((d - 1_285.0).abs() < 20.0, "{d}");
    assert!((m - (r - d)).abs() < 1e-6);
    // Tokyo lies almost due east: its standard range is close to the headline's.
    assert!((r - standard_km).abs() < 100.0, "{r} vs {standard_km}");
    assert!(f(&t[0]["standard_flight_time_s"]) > 2_000.0);
    // The flights that end on the target are not solved for the boost: null, and why.
    assert!(t[0]["minimum_energy"].is_null() && t[0]["own_speed_low"].is_null());
    assert!(t[0]["minimum_energy_note"].as_str().unwrap().contains("not computed for the boost model"));
}

#[test]
fn reach_boost_has_sweep_max_min() {
    let v = json(&run(&[&["reach"], &SEED[..], &["--step", "30", "--json"]].concat()));
    assert_eq!(v["model"], "boost");
    let sw = &v["sweep"];
    assert_eq!(sw["points"].as_array().unwrap().len(), 12);
    let (hi, lo) = (f(&sw["max"]["range_km"]), f(&sw["min"]["range_km"]));
    let east = f(&v["standard"]["range_km"]);
    // The maximum is eastward, at least the due-east headline; the minimum westward.
    assert!(hi >= east && lo < east - 1_000.0, "max {hi}, min {lo}, east {east}");
    assert!((f(&sw["max"]["azimuth_deg"]) - 90.0).abs() < 30.0, "{}", sw["max"]);
    assert!((f(&sw["min"]["azimuth_deg"]) - 270.0).abs() < 30.0, "{}", sw["min"]);
    // Without rotation: the same fitted vehicle on a non-rotating sphere, between the two.
    let circle = f(&v["non_rotating_range_km"]);
    assert!(lo < circle && circle < hi, "{lo} < {circle} < {hi}");
    assert!(v["non_rotating_method"].as_str().unwrap().contains("fitted vehicle"));
    assert!(!v["places_in_reach"].as_array().unwrap().is_empty());
}

#[test]
fn payload_finds_back_the_seed_vehicle_payload() {
    // examples/vehicles/generic-seed.toml is the generic vehicle fitted to this very test
    // (39.0 N 125.7 E, due east, rotating Earth) with 1,000 kg of its burnout mass called
    // payload: fitting the payload to the same test must find 1,000 kg again.
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vehicles/generic-seed.toml");
    let v = json(&run(&[
        "payload",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--vehicle",
        file,
        "--site",
        "39.0,125.7",
        "--test-azimuth",
        "90",
        "--payloads",
        "500,1000,1500",
        "--json",
    ]));
    let p = f(&v["fitted_payload_kg"]);
    assert!((p - 1_000.0).abs() < 5.0, "{p}");
    let rows = v["rows"].as_array().unwrap();
    let r: Vec<f64> = rows.iter().map(|r| f(&r["standard_range_km"])).collect();
    assert!(r[0] > r[1] && r[1] > r[2], "range falls with payload: {r:?}");
    // At the fitted payload, the row is the fitted standard range.
    assert!((r[1] - f(&v["fitted_standard_range_km"])).abs() < 20.0, "{r:?}");
}

#[test]
fn estimate_boost_json_has_the_boost_section() {
    let v = json(&run(&[&["estimate"], &SEED[..], &["--json"]].concat()));
    let b = &v["boost"];
    let dv = f(&b["fitted_delta_v_km_s"]);
    assert!((dv - 8.62).abs() < 0.05, "{dv}");
    let g = f(&b["lofted"]["gravity_loss_km_s"]);
    // Near-vertical: gravity loss close to g0 × burn time (187 s → 1.83 km/s).
    assert!(g > 1.5 && g < 1.9, "{g}");
    let rows = b["sensitivity"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert!(rows.iter().all(|r| r["standard_range_km"].is_number()), "{rows:?}");
}
