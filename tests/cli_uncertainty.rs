//! The built binary: uncertain inputs, Monte Carlo JSON, reproducibility, catalog, --test.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loftrange")).args(args).output().expect("runs")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

const MC: [&str; 10] =
    ["estimate", "--apogee", "4475+-50km", "--range", "950±20km", "--samples", "200", "--seed", "1", "--json"];

#[test]
fn plus_minus_inputs_run_a_monte_carlo_with_the_documented_keys() {
    let v = json(&run(&MC));
    let u = &v["uncertainty"];
    for k in ["samples", "p05_km", "p50_km", "p95_km", "mean_km", "global_reach_fraction", "failures"] {
        assert!(!u[k].is_null(), "missing uncertainty.{k}: {u}");
    }
    for k in ["burnout_speed_p05_km_s", "burnout_speed_p50_km_s", "burnout_speed_p95_km_s"] {
        assert!(u[k].as_f64().unwrap() > 7.0 && u[k].as_f64().unwrap() < 7.4);
    }
    assert_eq!(u["samples"], 200);
    assert_eq!(u["seed"], 1);
    assert_eq!(u["plus_minus"]["apogee_km"], 50.0);
    assert_eq!(u["plus_minus"]["range_km"], 20.0);
    let p = |k: &str| u[k].as_f64().unwrap();
    let point = v["standard"]["range_km"].as_f64().unwrap();
    assert!(p("p05_km") < point && point < p("p95_km"));
    assert!(v["sensitivity"].as_array().unwrap().iter().any(|r| r["input"] == "apogee"));
}

#[test]
fn same_seed_same_output_and_another_seed_differs() {
    let a = run(&MC);
    assert_eq!(a.stdout, run(&MC).stdout);
    let mut other = MC;
    other[8] = "2";
    assert_ne!(json(&a)["uncertainty"]["p50_km"], json(&run(&other))["uncertainty"]["p50_km"]);
}

#[test]
fn negative_sigma_is_bad_input() {
    let o = run(&["estimate", "--apogee", "4475+--50km", "--range", "950km"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("apogee") && e.lines().count() == 1, "{e}");
    // Asking for zero samples is refused, not silently skipped.
    let o = run(&["estimate", "--apogee", "4475+-50km", "--range", "950km", "--samples", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("samples"));
    assert!(o.stdout.is_empty());
}

#[test]
fn impossible_samples_are_counted_as_failures() {
    let v = json(&run(&["estimate", "--apogee", "300+-400km", "--range", "100km", "--samples", "300", "--json"]));
    let u = &v["uncertainty"];
    assert!(u["failures"].as_u64().unwrap() > 0);
    let tallied: u64 = u["failure_reasons"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(tallied, u["failures"].as_u64().unwrap());
}

#[test]
fn catalog_json_lists_every_entry_with_an_id() {
    let v = json(&run(&["catalog", "--json"]));
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"2017-11-28-hwasong15-kcna"));
    assert_eq!(ids.len(), loftrange::catalog::entries().len());
    let e = v.as_array().unwrap().iter().find(|e| e["id"] == "2017-11-28-hwasong15-kcna").unwrap();
    assert!((e["standard_range_km"]["kepler"].as_f64().unwrap() - 9_983.3).abs() < 0.1);
}

#[test]
fn test_id_feeds_the_flow_and_flags_override_it() {
    let v = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--json"]));
    assert!((v["standard"]["range_km"].as_f64().unwrap() - 9_983.3).abs() < 0.1);
    let v = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--apogee", "4000km", "--json"]));
    assert_eq!(v["input"]["apogee_km"], 4000.0);
    let v = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--spread", "--samples", "100", "--json"]));
    // Sources: 4,475 / 4,500 / 4,000 km apogee: half-range 250 km.
    assert_eq!(v["uncertainty"]["plus_minus"]["apogee_km"], 250.0);
}

#[test]
fn unknown_test_id_is_bad_input_with_a_suggestion() {
    let o = run(&["estimate", "--test", "2017-11-28-hwasong15-kcn"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("did you mean 2017-11-28-hwasong15-kcna"), "{e}");
}
