//! Where the spent stages fall, through the command line: the same numbers as the
//! library (cross-front-end equality), in the text, the JSON, the reach map's GeoJSON
//! and the plot's KML; bad stage coefficients refused in one line.

#[allow(unused_imports)]
use crate::util::*;

use loftrange::boost::{StagesOf, Vehicle};
use loftrange::{estimate, Model, Question, Request, Site};

const VEHICLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vehicles/forden-taepodong-1.toml");

/// A lofted test of the two-stage Taepodong-I from Pyongyang toward 63 degrees.
fn args(cmd: &str) -> Vec<&str> {
    vec![
        cmd,
        "--apogee",
        "1000km",
        "--range",
        "600km",
        "--site",
        "39.0,125.7",
        "--test-azimuth",
        "63",
        "--vehicle",
        VEHICLE,
    ]
}

fn library(beta: f64) -> loftrange::Estimate {
    let text = std::fs::read_to_string(VEHICLE).unwrap();
    let v = Vehicle::from_toml_str(&text, VEHICLE).unwrap();
    let q = Question::lofted(1_000e3, 600e3).at(Site::from_degrees(39.0, 125.7).unwrap()).toward(63f64.to_radians());
    let r = Request { stage_beta_kg_m2: Some(beta), global_margin: true, sensitivity: true, ..Request::default() };
    estimate(&q.with_vehicle(v), &Model::BOOST, &r).unwrap()
}

#[test]
fn estimate_json_and_text_carry_the_libraries_stages() {
    let lib = library(150.0);
    let v = json(&run(&[&args("estimate")[..], &["--json"]].concat()));
    let stages = v["stages"].as_array().expect("a stages array");
    let expected: Vec<_> = lib.spent_stages.iter().flat_map(|f| f.stages.iter().map(move |s| (f.flight, *s))).collect();
    assert_eq!(stages.len(), expected.len());
    assert_eq!(expected[0].0, StagesOf::Test);
    for (j, (flight, s)) in stages.iter().zip(&expected) {
        let hit = s.impact.unwrap();
        assert_eq!(j["flight"], if *flight == StagesOf::Test { "test" } else { "standard" });
        assert_eq!(j["stage"], s.stage);
        assert_eq!(j["stage_beta_kg_m2"], 150.0);
        assert!((j["impact_lat_deg"].as_f64().unwrap() - hit.lat_rad.to_degrees()).abs() < 1e-9);
        assert!((j["impact_lon_deg"].as_f64().unwrap() - hit.lon_rad.to_degrees()).abs() < 1e-9);
        assert!((j["impact_downrange_km"].as_f64().unwrap() - hit.downrange_m / 1e3).abs() < 1e-9);
        assert!((j["impact_time_s"].as_f64().unwrap() - hit.time_s).abs() < 1e-9);
    }
    let text = ok_stdout(&run(&args("estimate")));
    let first = lib.spent_stages[0].stages[0].impact.unwrap();
    let km = loftrange::render::grouped(first.downrange_m / 1e3);
    assert!(text.contains("Spent stages"), "{text}");
    assert!(text.contains("test flight, stage 1       falls at"), "{text}");
    assert!(text.contains(&format!(", {km} km downrange")), "{text}");
    // --stage-beta reaches the library.
    let v = json(&run(&[&args("estimate")[..], &["--json", "--stage-beta", "40"]].concat()));
    let low = library(40.0).spent_stages[0].stages[0].impact.unwrap();
    assert!((v["stages"][0]["impact_downrange_km"].as_f64().unwrap() - low.downrange_m / 1e3).abs() < 1e-9);
}

#[test]
fn generic_vehicle_says_it_drops_no_stage() {
    let o = run(&[
        "estimate",
        "--apogee",
        "1000km",
        "--range",
        "600km",
        "--site",
        "39.0,125.7",
        "--test-azimuth",
        "63",
        "--model",
        "boost",
    ]);
    let text = ok_stdout(&o);
    assert!(text.contains("none: the generic vehicle is one equivalent stage"), "{text}");
}

#[test]
fn bad_stage_beta_is_refused_in_one_line() {
    for (extra, needle) in [
        (vec!["--stage-beta", "5"], "stage beta: 5 kg/m2 is not accepted"),
        (vec!["--stage-beta", "abc"], "stage beta: \"abc\""),
    ] {
        let o = run(&[&args("estimate")[..], &extra[..]].concat());
        assert_eq!(o.status.code(), Some(2));
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{e}");
        assert!(e.contains(needle), "{e}");
    }
    let o = run(&["estimate", "--apogee", "1000km", "--range", "600km", "--stage-beta", "100"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("only with --model boost"), "{}", stderr(&o));
}

#[test]
fn maps_carry_the_stage_impacts() {
    let d = tmp_dir("maps");
    let gj = d.join("reach.geojson");
    ok_stdout(&run(&[&args("reach")[..], &["--step", "30", "-o", gj.to_str().unwrap()]].concat()));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&gj).unwrap()).unwrap();
    let points: Vec<_> =
        v["features"].as_array().unwrap().iter().filter(|f| f["properties"]["kind"] == "spent_stage").collect();
    let lib = library(150.0);
    assert_eq!(points.len(), lib.spent_stages.iter().map(|f| f.stages.len()).sum::<usize>());
    let first = lib.spent_stages[0].stages[0].impact.unwrap();
    let c = points[0]["geometry"]["coordinates"].as_array().unwrap();
    assert!((c[0].as_f64().unwrap() - first.lon_rad.to_degrees()).abs() < 1e-6);
    assert!((c[1].as_f64().unwrap() - first.lat_rad.to_degrees()).abs() < 1e-6);
    let kml = d.join("plot.kml");
    ok_stdout(&run(&[&args("plot")[..], &["-o", kml.to_str().unwrap()]].concat()));
    let k = std::fs::read_to_string(&kml).unwrap();
    assert!(k.contains("Spent stages") && k.contains("Stage 1 impact (the test flight)"), "{k}");
}

/// The plot draws each spent stage where the estimate says it falls: the figure's marks
/// are the estimate's impact distances, and the SVG carries the labels and the legend.
#[test]
fn plot_draws_the_spent_stages() {
    let lib = library(loftrange::boost::DEFAULT_STAGE_BETA_KG_M2);
    let fig = loftrange::render::trajectory_figure(&lib);
    let expected: Vec<_> = lib
        .spent_stages
        .iter()
        .flat_map(|f| f.stages.iter().filter_map(move |s| s.impact.map(|h| (f.flight, s.stage, h.downrange_m))))
        .collect();
    let marks: Vec<_> = fig.stage_impacts.iter().map(|m| (m.flight, m.stage, m.downrange_m)).collect();
    assert_eq!(marks, expected);
    // The two-stage vehicle drops its first stage on the test flight and on the standard one.
    assert_eq!(marks.len(), 2, "{marks:?}");

    let d = tmp_dir("plot_draws_the_spent_stages");
    let svg = d.join("plot.svg");
    ok_stdout(&run(&[&args("plot")[..], &["-o", svg.to_str().unwrap()]].concat()));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains(loftrange::render::plot::STAGES_NAME), "legend entry");
    let labels = text.lines().filter(|l| l.trim() == "stage 1").count();
    assert_eq!(labels, 4, "a label per stage per panel");
    // The legend states where each stage of the test flight fell, as the text report rounds it.
    let first = expected.iter().find(|m| m.0 == StagesOf::Test && m.1 == 1).unwrap();
    assert!(
        text.contains(&format!("stage 1 at {} km", loftrange::render::grouped((first.2 / 1e3).round()))),
        "{first:?}"
    );

    // The generic vehicle drops no stage: no marks, no legend entry.
    let plain = d.join("plain.svg");
    ok_stdout(&run(&[
        "plot",
        "--apogee",
        "1000km",
        "--range",
        "600km",
        "--site",
        "39.0,125.7",
        "--test-azimuth",
        "63",
        "--model",
        "boost",
        "-o",
        plain.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(!text.contains(loftrange::render::plot::STAGES_NAME) && !text.lines().any(|l| l.trim() == "stage 1"));
}

/// The reach map marks each spent stage at its impact: the figure's marks are the
/// estimate's impact points, and the map's key says what the crosses are.
#[test]
fn reach_map_marks_the_spent_stages() {
    let text = std::fs::read_to_string(VEHICLE).unwrap();
    let v = Vehicle::from_toml_str(&text, VEHICLE).unwrap();
    let q = Question::lofted(1_000e3, 600e3).at(Site::from_degrees(39.0, 125.7).unwrap()).toward(63f64.to_radians());
    let r = Request {
        sweep_step_rad: Some(30f64.to_radians()),
        stage_beta_kg_m2: Some(loftrange::boost::DEFAULT_STAGE_BETA_KG_M2),
        ..Request::default()
    };
    let report = loftrange::reach(&q.with_vehicle(v), &Model::BOOST, &r).unwrap();
    let map = loftrange::render::reach_map(&report).unwrap();
    let expected: Vec<_> = report
        .estimate
        .spent_stages
        .iter()
        .flat_map(|f| f.stages.iter().filter_map(move |s| s.impact.map(|h| (f.flight, s.stage, h.lat_rad, h.lon_rad))))
        .collect();
    let marks: Vec<_> = map.stage_impacts.iter().map(|m| (m.flight, m.stage, m.lat_rad, m.lon_rad)).collect();
    assert_eq!(marks, expected);
    assert!(!marks.is_empty());

    let d = tmp_dir("reach_map_marks_the_spent_stages");
    let svg = d.join("reach.svg");
    ok_stdout(&run(&[&args("reach")[..], &["--step", "30", "-o", svg.to_str().unwrap()]].concat()));
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(drawn.contains("× spent stage impacts"));
    // Each cross is labelled with its stage number, even by the site's own label.
    assert_eq!(drawn.matches("stage 1").count(), marks.len(), "{marks:?}");
    // And the text report has the section, with the JSON's impact points.
    let o = run(&[&args("reach")[..], &["--step", "30"]].concat());
    let text = ok_stdout(&o);
    assert!(text.contains("\nSpent stages (ballistic"), "{text}");
    let j = json(&run(&[&args("reach")[..], &["--step", "30", "--json"]].concat()));
    for s in j["stages"].as_array().unwrap() {
        let lat = s["impact_lat_deg"].as_f64().unwrap();
        let lon = s["impact_lon_deg"].as_f64().unwrap();
        let at = format!("falls at {:.2} N, {:.2} E", lat, lon);
        assert!(text.contains(&at), "{at} not in {text}");
    }
    // Without stages, the key says nothing of them.
    let plain = d.join("plain.svg");
    ok_stdout(&run(&[
        "reach",
        "--apogee",
        "1000km",
        "--range",
        "600km",
        "--site",
        "39.0,125.7",
        "--test-azimuth",
        "63",
        "--step",
        "30",
        "-o",
        plain.to_str().unwrap(),
    ]));
    assert!(!std::fs::read_to_string(&plain).unwrap().contains("spent stage"));
}
