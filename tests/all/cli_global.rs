//! What the global answers depend on, through the command line: the global-reach
//! margin, the not-lofted warning, payload --range-for / --target, --extra-payload, and
//! their one-line errors (exit 2).

#[allow(unused_imports)]
use crate::util::*;
use std::process::Output;

/// Exit 2 with one line on standard error naming `field`, nothing on standard output.
fn bad_input(o: &Output, field: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("loftrange: {field}")), "{err}");
    assert!(o.stdout.is_empty());
}

const SEED_VEHICLE: [&str; 8] = [
    "--apogee",
    "4475km",
    "--range",
    "950km",
    "--vehicle",
    "examples/vehicles/generic-seed.toml",
    "--site",
    "39.0,125.7",
];

#[test]
fn estimate_reports_the_global_reach_margin() {
    let args = ["estimate", "--apogee", "7000km", "--range", "1000km"];
    let text = stdout(&run(&args));
    assert!(text.contains("global reach by a margin of"), "{text}");
    let v = json(&run(&[&args[..], &["--json"]].concat()));
    let m = &v["global_margin"];
    // √(μ/R) with the model's μ and R: 7.9098 km/s.
    assert!((m["antipode_speed_km_s"].as_f64().unwrap() - 7.90979).abs() < 1e-4, "{m}");
    assert!(m["worst_azimuth_deg"].is_null() && m["global_everywhere"].as_bool().unwrap());
    let margin = m["margin_m_s"].as_f64().unwrap();
    let speed = v["burnout"]["speed_km_s"].as_f64().unwrap();
    assert!((margin - (speed - 7.90979) * 1e3).abs() < 0.2);
    // Bounded: no margin key.
    let v = json(&run(&["estimate", "--apogee", "4475km", "--range", "950km", "--json"]));
    assert!(v.get("global_margin").is_none());
}

#[test]
fn a_depressed_flight_is_flagged_in_text_json_and_plot_title() {
    let args = ["--apogee", "300km", "--range", "2000km"];
    let text = stdout(&run(&[&["estimate"], &args[..]].concat()));
    assert!(text.contains("warning: not lofted"), "{text}");
    let v = json(&run(&[&["estimate"], &args[..], &["--json"]].concat()));
    assert_eq!(v["lofted_check"]["lofted"], false);
    assert!(v["lofted_check"]["reason"].as_str().unwrap().contains("flatter than the standard trajectory"));
    let lofted = json(&run(&["estimate", "--apogee", "4475km", "--range", "950km", "--json"]));
    assert_eq!(lofted["lofted_check"]["lofted"], true);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_global");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("depressed.svg");
    let o = run(&[&["plot"], &args[..], &["-o", path.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("not lofted"), "the title says so");
}

#[test]
fn payload_range_for_and_target() {
    let v =
        json(&run(
            &[&["payload"], &SEED_VEHICLE[..], &["--test-azimuth", "90", "--range-for", "13000km", "--json"]].concat()
        ));
    let g = &v["goals"][0];
    assert_eq!(g["answer"], "heaviest");
    assert!((g["standard_range_km"].as_f64().unwrap() - 13_000.0).abs() < 1.0, "{g}");
    assert!(g["payload_kg"].as_f64().unwrap() > v["fitted_payload_kg"].as_f64().unwrap());
    let text =
        stdout(&run(&[&["payload"], &SEED_VEHICLE[..], &["--test-azimuth", "90", "--target", "washington"]].concat()));
    assert!(text.contains("heaviest payload that still reaches Washington"), "{text}");
    // The generic vehicle: an extra payload, also as a fraction of the burnout mass.
    let text = stdout(&run(&[
        "payload",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--model",
        "boost",
        "--site",
        "39.0,125.7",
        "--test-azimuth",
        "90",
        "--range-for",
        "13000km",
    ]));
    assert!(text.contains("heaviest extra payload") && text.contains("% of the fitted burnout mass"), "{text}");
}

#[test]
fn payload_that_no_payload_reaches_exits_1() {
    let o = run(&["payload", "--apogee", "1000km", "--range", "500km", "--model", "boost", "--range-for", "15000km"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("even with zero extra payload"), "{err}");
}

#[test]
fn extra_payload_of_the_generic_vehicle() {
    let v = json(&run(&[
        "estimate",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--model",
        "boost",
        "--extra-payload",
        "10%",
        "--json",
    ]));
    let x = &v["extra_payload"];
    assert!((x["fraction_of_burnout_mass"].as_f64().unwrap() - 0.10).abs() < 1e-12);
    assert!(x["standard_range_km"].as_f64().unwrap() < v["standard"]["range_km"].as_f64().unwrap());
    assert!(x["assumption"].as_str().unwrap().contains("scale-free"));
}

#[test]
fn the_new_flags_refuse_bad_input_in_one_line() {
    let seed = ["--apogee", "4475km", "--range", "950km"];
    bad_input(
        &run(&[&["estimate"], &seed[..], &["--model", "boost", "--extra-payload", "10"]].concat()),
        "extra payload",
    );
    bad_input(&run(&[&["estimate"], &seed[..], &["--extra-payload", "10%"]].concat()), "extra payload");
    bad_input(
        &run(&[&["estimate"], &seed[..], &["--model", "boost", "--extra-payload", "-5%"]].concat()),
        "extra payload",
    );
    bad_input(&run(&[&["payload"], &SEED_VEHICLE[..], &["--range-for", "abc"]].concat()), "range for");
    bad_input(&run(&[&["payload"], &SEED_VEHICLE[..], &["--range-for", "30000km"]].concat()), "range for");
    bad_input(&run(&[&["payload"], &seed[..], &["--range-for", "13000km"]].concat()), "model");
    let no_site = ["payload", "--apogee", "4475km", "--range", "950km", "--model", "boost", "--target", "washington"];
    bad_input(&run(&no_site), "target");
}

#[test]
fn the_json_says_global_and_bounded_in_the_same_words() {
    let out = bin()
        .args(["reach", "--burnout-speed", "7.7km/s", "--site", "39.0339,125.7543", "--step", "5", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["standard"]["global_reach"], true);
    assert!(v["standard"]["range_km"].is_null());
    let points = v["sweep"]["points"].as_array().unwrap();
    let global = points.iter().filter(|p| p["global_reach"] == true).count();
    assert!(global > 0 && global < points.len());
    for p in points {
        assert_eq!(p["global_reach"].as_bool().unwrap(), p["range_km"].is_null());
        if let Some(r) = p["range_km"].as_f64() {
            assert!(r < 20_015.0);
        }
    }
    assert!(!v["global_sectors"].as_array().unwrap().is_empty());
}
