//! The built `loftrange` binary, run as a user would: outputs, exit codes, errors, files.

#[allow(unused_imports)]
use crate::util::*;
use std::process::{Output, Stdio};

const SEED: [&str; 7] = ["estimate", "--apogee", "4475km", "--range", "950km", "--flight-time", "53min"];

#[test]
fn seed_case_json_keys_and_values() {
    let o = run(&[&SEED[..], &["--json"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f = |p: &str| v.pointer(p).and_then(|x| x.as_f64()).unwrap_or_else(|| panic!("missing {p}"));
    // Two-body standard range for 4,475 km / 950 km: about 9,983 km (issue 2; derived
    // independently in tests/kepler_closed_form.rs).
    assert!((f("/standard/range_km") - 9_983.3).abs() < 0.1);
    assert!(f("/burnout/speed_km_s") > 7.19 && f("/burnout/speed_km_s") < 7.20);
    assert!(f("/burnout/flight_path_angle_deg") > 84.0);
    assert_eq!(f("/burnout/altitude_km"), 0.0);
    // lofted values are recomputed from the reconstructed burnout state, not echoed.
    assert!((f("/lofted/apogee_km") - 4475.0).abs() < 1e-6);
    assert!((f("/lofted/range_km") - 950.0).abs() < 1e-6);
    assert!(f("/lofted/flight_time_s") > 2900.0 && f("/lofted/flight_time_s") < 3100.0);
    for k in ["/standard/apogee_km", "/standard/flight_time_s", "/standard/flight_path_angle_deg", "/input/apogee_km"] {
        f(k);
    }
    assert_eq!(v["model"], "kepler");
    assert_eq!(v["standard"]["global_reach"], false);
    assert_eq!(f("/input/flight_time_s"), 3180.0);
}

#[test]
fn rotating_json_has_azimuths_and_targets() {
    let o = run(&[
        &SEED[..],
        &[
            "--site",
            "39.0,125.7",
            "--test-azimuth",
            "90",
            "--azimuth",
            "90",
            "--azimuth",
            "270",
            "--target",
            "13.44,144.79",
            "--json",
        ],
    ]
    .concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["model"], "rotating");
    let az = v["by_azimuth"].as_array().unwrap();
    assert_eq!(az.len(), 2);
    let (east, west) = (az[0]["range_km"].as_f64().unwrap(), az[1]["range_km"].as_f64().unwrap());
    assert!(east > west, "eastward {east} must beat westward {west}");
    let t = &v["targets"][0];
    assert_eq!(t["reachable"], true); // Guam, about 3,400 km from Pyongyang
    assert!((t["distance_km"].as_f64().unwrap() - 3_400.0).abs() < 100.0);
}

#[test]
fn units_are_parsed() {
    let km = run(&["estimate", "--apogee", "4475km", "--range", "950km", "--json"]);
    let mi = run(&["estimate", "--apogee", "2780.6mi", "--range", "590.3mi", "--json"]);
    let nmi = run(&["estimate", "--apogee", "2416.3nmi", "--range", "513.0nmi", "--json"]);
    let m = run(&["estimate", "--apogee", "4475000m", "--range", "950000 m", "--json"]);
    let get = |o: &Output| {
        let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        v["input"]["apogee_km"].as_f64().unwrap()
    };
    assert_eq!(get(&km), 4475.0);
    assert_eq!(get(&m), 4475.0);
    assert!((get(&mi) - 2780.6 * 1.609344).abs() < 1e-9);
    assert!((get(&nmi) - 2416.3 * 1.852).abs() < 1e-9);
    let hours = run(&["estimate", "--apogee", "4475", "--range", "950", "--flight-time", "0.8833h", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&hours)).unwrap();
    assert!((v["input"]["flight_time_s"].as_f64().unwrap() - 3179.88).abs() < 1e-6);
}

/// Exit code 2, one line on stderr naming `field`, nothing on stdout.
fn assert_bad_input(args: &[&str], field: &str) {
    let o = run(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: more than one line: {err}");
    assert!(err.contains(field), "{args:?}: {err} does not name {field}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn bad_inputs_exit_2_with_one_line_naming_the_field() {
    for bad in ["-4475km", "0km", "nan", "inf", "-inf"] {
        assert_bad_input(&["estimate", "--apogee", bad, "--range", "950km"], "apogee");
        assert_bad_input(&["estimate", "--apogee", "4475km", "--range", bad], "range");
    }
    assert_bad_input(&["estimate", "--apogee", "4475km", "--range", "20015.2km"], "range");
    assert_bad_input(&["estimate", "--apogee", "4475km", "--range", "30000km"], "range");
    assert_bad_input(
        &["estimate", "--apogee", "10km", "--range", "950km", "--burnout-altitude", "80km"],
        "burnout altitude 80 km",
    );
    assert_bad_input(&["estimate", "--apogee", "80km", "--range", "950km", "--burnout-altitude", "80km"], "apogee");
    assert_bad_input(&["estimate", "--apogee", "4475km", "--range", "950km", "--site", "91,125"], "site");
    assert_bad_input(&["estimate", "--apogee", "4475km", "--range", "950km", "--site", "-90.5,125"], "site");
    assert_bad_input(&["estimate", "--apogee", "4475parsecs", "--range", "950km"], "apogee");
    assert_bad_input(&["estimate", "--apogee", "4475km", "--range", "950km", "--flight-time", "53"], "flight time");
    assert_bad_input(
        &["estimate", "--apogee", "4475km", "--range", "950km", "--flight-time", "53fortnights"],
        "flight time",
    );
    assert_bad_input(&["estimate", "--apogee", "4475km", "--range", "950km", "--model", "newtonian"], "model");
    assert_bad_input(&["estimate", "--apogee", "4475km", "--range", "950km", "--model", "rotating"], "site");
    assert_bad_input(&["estimate", "--apogee", "4475km"], "--range");
}

#[test]
fn output_in_a_missing_directory_is_refused_and_leaves_no_file() {
    let d = tmp_dir("missing");
    let path = d.join("no_such_dir").join("fig.png");
    assert_bad_input(&["plot", "--apogee", "4475km", "--range", "950km", "-o", path.to_str().unwrap()], "output");
    assert!(!path.exists());
    assert!(!d.join("no_such_dir").exists());
    assert_bad_input(
        &["plot", "--apogee", "4475km", "--range", "950km", "-o", d.join("fig.jpg").to_str().unwrap()],
        "fig.jpg",
    );
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0, "nothing left behind");
}

#[test]
fn png_is_a_valid_png_of_the_promised_size() {
    let d = tmp_dir("png");
    let path = d.join("seed.png");
    let o = run(&[
        "plot",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--flight-time",
        "53min",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((w, h), (1200, 800));
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn svg_names_both_trajectories() {
    let d = tmp_dir("svg");
    let path = d.join("seed.svg");
    let o = run(&[
        "plot",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--site",
        "39,125.7",
        "--test-azimuth",
        "90",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("lofted test") && svg.contains("standard trajectory"));
    assert!(svg.contains("rotating"));
    // The legend says which flight time it shows; the profile its vertical exaggeration.
    assert!(svg.contains("free flight") && svg.contains("(computed)"), "legend names the computed free flight");
    assert!(svg.contains("vertical exaggeration ×"));
}

#[test]
fn maps_have_a_north_mark_and_the_world_map_its_graticule_labels() {
    let d = tmp_dir("maps");
    let obs = ["reach", "--apogee", "4475km", "--range", "950km", "--site", "39.2,125.7", "--test-azimuth", "90"];
    let azimuthal = d.join("reach.svg");
    assert!(run(&[&obs[..], &["-o", azimuthal.to_str().unwrap()]].concat()).status.success());
    // plotters writes each text's content on its own line.
    let texts = |svg: &str| -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|t| t.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("").trim().to_string())
            .collect()
    };
    let svg = std::fs::read_to_string(&azimuthal).unwrap();
    assert!(texts(&svg).iter().any(|t| t == "N"), "north mark");
    let world = d.join("world.svg");
    assert!(run(&[&obs[..], &["--world", "-o", world.to_str().unwrap()]].concat()).status.success());
    let svg = std::fs::read_to_string(&world).unwrap();
    assert!(texts(&svg).iter().any(|t| t == "N"), "north mark");
    for label in ["30°N", "30°S", "120°E", "standard parallels"] {
        assert!(svg.contains(label), "world map lacks {label}");
    }
    // The payload curve marks half the circumference.
    let vehicle = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vehicles/generic-seed.toml");
    let pay = d.join("payload.svg");
    let o =
        run(&["payload", "--apogee", "4475km", "--range", "950km", "--vehicle", vehicle, "-o", pay.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&pay).unwrap();
    assert!(svg.contains("half the circumference (20,015 km)"));
    // The table keeps its 8 payloads while the curve is drawn through 40 more.
    // (A row whose kick the burnout-altitude floor sets ends with "floor".)
    let row = |l: &str| {
        let l = l.trim_end().trim_end_matches("  floor");
        l.ends_with(" km") || l.contains("global reach")
    };
    assert_eq!(stdout(&o).lines().filter(|l| row(l)).count(), 9);
}

#[test]
fn batch_keeps_order_and_reports_bad_lines() {
    let d = tmp_dir("batch");
    let path = d.join("in.jsonl");
    let lines = [
        r#"{"apogee_km":4475,"range_km":950,"flight_time_s":3180}"#,
        r#"{"apogee_km":2800,"range_km":933}"#,
        r#"{"apogee_km":"high","range_km":933}"#,
        r#"not json at all"#,
        r#"{"apogee_km":10,"range_km":950,"burnout_altitude_km":80}"#,
        r#"{"apogee_km":4475,"range_km":950,"flight_time_s":3180,"model":"rotating","site":[39.0,125.7],"test_azimuth_deg":90,"azimuths_deg":[45,90],"targets":[[38.9,-77.04]]}"#,
    ];
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let o = run(&["batch", path.to_str().unwrap()]);
    // Some lines are bad input: exit 2, and still every line is answered.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for (i, v) in out.iter().enumerate() {
        assert_eq!(v["line"], i + 1);
    }
    assert_eq!(out.len(), 6);
    assert!((out[0]["standard"]["range_km"].as_f64().unwrap() - 9_983.3).abs() < 0.1);
    assert_eq!(out[1]["input"]["apogee_km"], 2800.0);
    for (i, n) in [(2, 3), (3, 4), (4, 5)] {
        assert_eq!(out[i]["line"], n, "{:?}", out[i]);
        assert!(out[i]["error"].is_string());
    }
    assert!(out[4]["error"].as_str().unwrap().contains("burnout altitude"));
    assert_eq!(out[5]["model"], "rotating");
    assert_eq!(out[5]["by_azimuth"].as_array().unwrap().len(), 2);
    assert_eq!(out[5]["targets"].as_array().unwrap().len(), 1);
    // The same from standard input.
    let mut child = bin().args(["batch", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(lines[0].as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn unreadable_batch_file_is_bad_input() {
    assert_bad_input(&["batch", "/definitely/not/here.jsonl"], "batch file");
}

#[test]
fn human_report_names_model_and_assumptions() {
    let o = run(&SEED);
    assert!(o.status.success());
    let s = stdout(&o);
    for needle in ["model kepler", "assumptions", "9,983 km", "mi)", "implied boost", "Flight-time check"] {
        assert!(s.contains(needle), "missing {needle} in\n{s}");
    }
}

#[test]
fn forward_mode_takes_a_burnout_speed_instead_of_an_observation() {
    // 7.1953 km/s is the seed case's two-body burnout speed: the same standard range comes back.
    let o = run(&["estimate", "--burnout-speed", "7.195308552km/s", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!((v["standard"]["range_km"].as_f64().unwrap() - 9_983.3).abs() < 0.1);
    assert!(v["lofted"].is_null() && v["inverse"].is_null() && v["input"]["apogee_km"].is_null());
    assert_eq!(v["input"]["burnout_speed_km_s"], 7.195308552);
    // m/s and a bare number (km/s) agree.
    let m = run(&["estimate", "--burnout-speed", "7195.308552m/s", "--json"]);
    let w: serde_json::Value = serde_json::from_str(&stdout(&m)).unwrap();
    assert_eq!(v["standard"]["range_km"], w["standard"]["range_km"]);
    // Orbital speed is global reach, not a number.
    let g = run(&["estimate", "--burnout-speed", "8", "--json"]);
    let g: serde_json::Value = serde_json::from_str(&stdout(&g)).unwrap();
    assert_eq!(g["standard"]["global_reach"], true);
    assert!(g["standard"]["range_km"].is_null());
    // Either a burnout speed or an observation, never both; a speed needs a unit it knows.
    assert_bad_input(
        &["estimate", "--burnout-speed", "7.2", "--apogee", "4475km", "--range", "950km"],
        "burnout speed",
    );
    assert_bad_input(&["estimate", "--burnout-speed", "7.2mph"], "burnout speed");
    assert_bad_input(&["estimate", "--burnout-speed", "-1"], "burnout speed");
    // Batch lines take burnout_speed_km_s.
    let mut child = bin().args(["batch", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"{\"burnout_speed_km_s\":7.195308552}\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let b: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert!((b["standard"]["range_km"].as_f64().unwrap() - 9_983.3).abs() < 0.1);
}

#[test]
fn batch_lines_answer_their_input_line_by_line() {
    let d = tmp_dir("batch_contract");
    let path = d.join("in.jsonl");
    let lines = [
        r#"{"id":"seed","apogee_km":4475,"range_km":950,"flight_time_s":3180}"#,
        "",
        r#"{"id":7,"apogee_km":4475,"range_km":950,"flight_time":3180}"#,
        r#"{"apogee_km":4475,"range_km":950,"model":"rotating","site":"pyongsong","test_azimuth_deg":90,"targets":["washington",[35.68,139.69]]}"#,
    ];
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let o = run(&["batch", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(out.len(), 4, "line k answers line k");
    assert_eq!((out[0]["id"].as_str(), out[0]["line"].as_u64()), (Some("seed"), Some(1)));
    assert!(out[0]["standard"]["range_km"].is_number());
    assert!(out[1]["error"].as_str().unwrap().contains("blank line"));
    let e = out[2]["error"].as_str().unwrap();
    assert_eq!(out[2]["id"], 7);
    assert!(e.contains("unknown key \"flight_time\"") && e.contains("did you mean \"flight_time_s\"?"), "{e}");
    assert_eq!(out[3]["targets"].as_array().unwrap().len(), 2, "{}", out[3]);
    assert_eq!(out[3]["input"]["site_name"], "Pyongsong, North Korea");
    // All good: exit 0.
    std::fs::write(&path, lines[0].to_string() + "\n").unwrap();
    assert_eq!(run(&["batch", path.to_str().unwrap()]).status.code(), Some(0));
    // A line without a solution (an observation no flight makes is bad input; a solver
    // failure would be 1): here the rotation-drift case, refused as bad input.
    std::fs::write(
        &path,
        r#"{"apogee_km":2000,"range_km":50,"model":"rotating","site":[39,125],"test_azimuth_deg":0}"#.to_string()
            + "\n",
    )
    .unwrap();
    let o = run(&["batch", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("sideways"));
    // The contract is in the help.
    let h = run(&["batch", "--help"]);
    let help = stdout(&h);
    for key in ["apogee_km", "beta_kg_m2", "payload_kg", "line k answers line k", "EXIT"] {
        assert!(help.contains(key), "{key}");
    }
}

#[test]
fn no_arguments_print_the_help_and_exit_2() {
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("Usage") || stderr(&o).contains("Usage"));
}

#[test]
fn out_of_range_numbers_are_refused_with_the_accepted_range() {
    let obs = ["estimate", "--apogee", "4475km", "--range", "950km"];
    let site = ["--site", "39.2,125.7", "--test-azimuth", "90"];
    for (apogee, shown) in [("1e-300km", "1e-300 km"), ("1e30km", "1e30 km"), ("0.5km", "0.5 km")] {
        assert_bad_input(&["estimate", "--apogee", apogee, "--range", "950km"], "apogee");
        let e = stderr(&run(&["estimate", "--apogee", apogee, "--range", "950km"]));
        assert!(e.contains(shown) && e.contains("from 1 to 100000 km"), "{e}");
    }
    assert_bad_input(&[&obs[..], &["--site", "39,1e9", "--test-azimuth", "90"]].concat(), "longitude");
    assert_bad_input(&[&obs[..], &["--site", "39,125", "--test-azimuth", "1e9"]].concat(), "test azimuth");
    assert_bad_input(&[&obs[..], &["--site", "39,125", "--test-azimuth", "nan"]].concat(), "test azimuth");
    assert_bad_input(&[&obs[..], &site[..], &["--azimuth", "1e300"]].concat(), "azimuth");
    assert_bad_input(&[&obs[..], &["--flight-time", "1e40s"]].concat(), "flight time");
    // In range: a longitude written past 180 is the same meridian.
    let o = run(&[&obs[..], &["--site", "39.2,-234.3", "--test-azimuth", "450", "--json"]].concat());
    assert_eq!(o.status.code(), Some(2), "450 deg is past the accepted 360: {}", stderr(&o));
    let o = run(&[&obs[..], &["--site", "39.2,-234.3", "--test-azimuth", "90", "--json"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn options_a_command_would_ignore_are_refused() {
    let d = tmp_dir("ignored");
    let png = d.join("x.png");
    let png = png.to_str().unwrap();
    let obs = ["--apogee", "4475km", "--range", "950km"];
    assert_bad_input(&[&["plot", "--apogee", "4475+-50km", "--range", "950km", "-o", png][..]].concat(), "apogee");
    assert_bad_input(&[&["plot"][..], &obs, &["--target", "tokyo", "-o", png]].concat(), "target");
    assert_bad_input(&[&["plot"][..], &obs, &["--azimuth", "30", "-o", png]].concat(), "azimuth");
    assert_bad_input(
        &["reach", "--apogee", "4475km", "--range", "950±10km", "--site", "pyongyang", "--test-azimuth", "90"],
        "range",
    );
    let vehicle = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vehicles/v2.toml");
    assert_bad_input(&[&["payload"][..], &obs, &["--vehicle", vehicle, "--azimuth", "30"]].concat(), "azimuth");
    assert_bad_input(&["payload", "--apogee", "4475km+-5km", "--range", "950km", "--vehicle", vehicle], "apogee");
    // --size draws figures; GIS files have none.
    let geo = d.join("x.geojson");
    assert_bad_input(
        &[
            "reach",
            "--apogee",
            "4475km",
            "--range",
            "950km",
            "--site",
            "pyongyang",
            "--test-azimuth",
            "90",
            "-o",
            geo.to_str().unwrap(),
            "--size",
            "300x300",
        ],
        "size",
    );
    // A single-source test has no spread to sample.
    assert_bad_input(&["estimate", "--test", "2017-05-21-pukguksong2-rok", "--spread"], "only source");
    // Nothing uncertain: no histogram of one bar, no degenerate samples.
    let hist = d.join("hist.png");
    assert_bad_input(
        &["estimate", "--apogee", "4475km", "--range", "950km", "-o", hist.to_str().unwrap()],
        "nothing to sample",
    );
    assert!(!hist.exists());
    // The flight time is a check, not a fit input: its +- alone is nothing to sample.
    assert_bad_input(
        &["estimate", "--apogee", "4475km", "--range", "950km", "--flight-time", "53+-3min", "--samples", "50"],
        "nothing to sample",
    );
    assert!(std::fs::read_dir(&d).unwrap().next().is_none(), "no file left behind");
}

#[test]
fn the_just_out_of_reach_list_says_when_it_is_cut_and_keeps_the_capitals() {
    let o = run(&["reach", "--apogee", "4475km", "--range", "950km", "--site", "39.2,125.7", "--test-azimuth", "90"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let head = text.lines().find(|l| l.starts_with("Just out of reach")).expect("a just-out-of-reach list");
    let listed = text
        .split(head)
        .nth(1)
        .unwrap()
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with("  ") && !l.contains("capitals further"))
        .count();
    if head.contains("nearest shown") {
        assert_eq!(listed, 15, "{head}");
        // Every capital within the band is named, listed or not.
        let json = run(&[
            "reach",
            "--apogee",
            "4475km",
            "--range",
            "950km",
            "--site",
            "39.2,125.7",
            "--test-azimuth",
            "90",
            "--json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        for p in v["places_just_outside"].as_array().unwrap() {
            if p["kind"] == "capital" {
                let name = p["name"].as_str().unwrap();
                assert!(text.contains(name), "{name} is lost from the text");
            }
        }
    }
}
