//! The built binary: uncertain inputs, Monte Carlo JSON, reproducibility, catalog, --test.

#[allow(unused_imports)]
use crate::util::*;
use std::process::Output;

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
    // Apogee 300 +- 150 km: a draw under 1 km (z < -1.99: 2.3 % of a normal) fails.
    let v = json(&run(&["estimate", "--apogee", "300+-150km", "--range", "100km", "--samples", "300", "--json"]));
    let u = &v["uncertainty"];
    let failures = u["failures"].as_u64().unwrap();
    assert!((1..=20).contains(&failures), "{u}");
    let tallied: u64 = u["failure_reasons"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(tallied, failures);
    assert!(u["failure_reasons"].as_object().unwrap().keys().all(|k| k.starts_with("apogee")), "{u}");
    assert_eq!(u["failed_share"].as_f64().unwrap(), failures as f64 / 300.0);
    assert_eq!(u["succeeded"].as_u64().unwrap() + failures, 300);
}

/// Exit `code`, nothing on stdout, one line on stderr: that line.
fn refused(o: &Output, code: i32) -> String {
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(code), "{e}");
    assert!(o.stdout.is_empty(), "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(e.lines().count(), 1, "{e}");
    e
}

/// Every sample failing is not a summary ("median global reach", exit 0 before): exit 1
/// with the count and the reason, in text and JSON alike.
#[test]
fn every_sample_failing_is_exit_1_with_the_reason() {
    for json in [false, true] {
        let mut args = vec!["estimate", "--apogee", "4475+-1e300km", "--range", "950km", "--samples", "50"];
        if json {
            args.push("--json");
        }
        let e = refused(&run(&args), 1);
        assert!(e.contains("all 50 samples failed") && e.contains("50 x apogee"), "{e}");
        assert!(!e.contains("global reach"), "{e}");
    }
}

/// A site 0.1 deg from the pole with +-5 deg: a draw past 90 N fails, so about half
/// the samples (a normal beyond +0.02 sigma: 49.2 %) fail, all on one side. The
/// survivors all lie south of the nominal site (their ranges above its estimate: the
/// nominal estimate fell below their 5th percentile); the run is refused with the count.
#[test]
fn half_the_samples_failing_is_exit_1_with_the_count_and_reasons() {
    let args = ["estimate", "--apogee", "4475km", "--range", "950km", "--site", "89.9+-5,0", "--test-azimuth", "90"];
    let e = refused(&run(&args), 1);
    let failed: f64 = e.split("Monte Carlo: ").nth(1).and_then(|t| t.split(' ').next()).unwrap().parse().unwrap();
    assert!((failed / 2000.0 - 0.492).abs() < 0.04, "{e}");
    assert!(e.contains("of 2000 samples") && e.contains("10%") && e.contains("x site latitude"), "{e}");
}

/// A few failures (2.3 %: a site 0.1 deg from the pole with +-0.05 deg, z > 2) are
/// summarised with their count and reason; the median, mean and percentiles are over
/// the same successful samples, and the estimate of the nominal inputs (the plain
/// estimate, run here without +-) is placed among them.
#[test]
fn a_few_failures_are_counted_and_the_nominal_estimate_is_placed_among_the_samples() {
    let site = ["--apogee", "4475km", "--range", "950km", "--test-azimuth", "90", "--site"];
    let plain = json(&run(&[&["estimate"][..], &site, &["89.9,0", "--json"]].concat()));
    let nominal = plain["standard"]["range_km"].as_f64().unwrap();
    let v = json(&run(&[&["estimate"][..], &site, &["89.9+-0.05,0", "--json"]].concat()));
    let u = &v["uncertainty"];
    let failures = u["failures"].as_u64().unwrap();
    // Binomial(2000, 0.02275): 45.5 +- 6.7.
    assert!((20..=75).contains(&failures), "{u}");
    assert_eq!(u["succeeded"].as_u64().unwrap(), 2000 - failures);
    assert_eq!(u["failure_reasons"]["site latitude: a latitude from -90 to 90 degrees"], failures, "{u}");
    assert_eq!(u["max_failed_share"], 0.1);
    assert_eq!(u["nominal_km"].as_f64().unwrap(), nominal);
    let k = |key: &str| u[key].as_f64().unwrap();
    assert!(k("p05_km") <= k("p50_km") && k("p50_km") <= k("p95_km"), "{u}");
    let pct = k("nominal_percentile");
    if nominal < k("p05_km") {
        assert!(pct <= 5.0, "{u}");
    } else if nominal > k("p95_km") {
        assert!(pct >= 95.0, "{u}");
    } else {
        assert!((4.9..=95.1).contains(&pct), "{u}");
    }
    // The text says the same, labelled.
    let o = run(&[&["estimate"][..], &site, &["89.9+-0.05,0"]].concat());
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(t.contains(&format!("failed samples:    {failures} (")), "{t}");
    assert!(t.contains(&format!("{failures} x site latitude")), "{t}");
    let ok = 2000 - failures; // 1,925 to 1,980: with its thousands separator
    assert!(t.contains(&format!("(over the {},{:03} samples that succeeded)", ok / 1000, ok % 1000)), "{t}");
    assert!(t.contains("nominal inputs:") && t.contains("percentile of those samples"), "{t}");
}

/// More samples than the model runs in about 10 minutes: refused at once, with the
/// limit, the model and the time.
#[test]
fn samples_beyond_the_models_limit_are_refused_with_the_time() {
    use loftrange::uncertainty::{MAX_SAMPLES, SAMPLE_COSTS};
    let limit = |words: &str| SAMPLE_COSTS.iter().find(|c| c.model == words).unwrap().max_samples;
    let earth = ["--site", "39,125.7", "--test-azimuth", "90", "--model", "earth"];
    let cases: [(Vec<&str>, usize, &str); 4] = [
        (vec![], MAX_SAMPLES, "model kepler"),
        (earth.to_vec(), limit("model earth"), "model earth"),
        (
            [&earth[..], &["--beta", "100"]].concat(),
            limit("model earth and re-entry drag below beta 500 kg/m2"),
            "model earth and re-entry drag below beta 500 kg/m2",
        ),
        (
            [&earth[..], &["--beta", "2000"]].concat(),
            limit("model earth and re-entry drag at beta 500 kg/m2 or more"),
            "model earth and re-entry drag at beta 500 kg/m2 or more",
        ),
    ];
    for (extra, max, words) in cases {
        for n in [max + 1, 10_000_000] {
            if n <= max {
                continue;
            }
            let samples = n.to_string();
            let args = [&["estimate", "--apogee", "4475+-50km", "--range", "950km", "--samples", &samples][..], &extra]
                .concat();
            let start = std::time::Instant::now();
            let e = refused(&run(&args), 2);
            assert!(start.elapsed().as_secs_f64() < 5.0, "{e}");
            assert!(
                e.starts_with(&format!(
                    "loftrange: samples: {n} is not accepted: at most {max} samples with {words} (about "
                )),
                "{e}"
            );
            assert!(e.contains("per sample") && e.contains("would take about"), "{e}");
        }
    }
    // The --help of --samples lists the limits.
    let help = String::from_utf8_lossy(&run(&["estimate", "--help"]).stdout).into_owned();
    assert!(help.contains("model earth and re-entry drag below beta 500 kg/m2"), "{help}");
    assert!(help.contains(&limit("model earth").to_string()), "{help}");
}

#[test]
fn catalog_json_lists_every_entry_with_an_id() {
    let v = catalog_json();
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"2017-11-28-hwasong15-kcna"));
    assert_eq!(ids.len(), loftrange::catalog::entries().len());
    let e = v.as_array().unwrap().iter().find(|e| e["id"] == "2017-11-28-hwasong15-kcna").unwrap();
    assert!((e["standard_range_km"]["kepler"].as_f64().unwrap() - 9_983.3).abs() < 0.1);
}

/// `catalog --json`, computed once for the tests that read it (it runs every model,
/// boost included, for every entry).
fn catalog_json() -> &'static serde_json::Value {
    static V: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    V.get_or_init(|| json(&run(&["catalog", "--json"])))
}

fn catalog_row(id: &str) -> &'static serde_json::Value {
    catalog_json().as_array().unwrap().iter().find(|e| e["id"] == id).unwrap()
}

/// The catalog's model columns are what `estimate --test ID --model M` gives on the same
/// entry, global reach included (not hard-coded: whatever the physics gives there, the
/// two must agree), for an entry with a bounded range and the Hwasong-18/-19 entries.
#[test]
fn catalog_columns_agree_with_estimate_on_the_same_entry() {
    let mut globals = 0;
    for id in ["2017-11-28-hwasong15-kcna", "2023-07-12-hwasong18-kcna", "2024-10-31-hwasong19-kcna"] {
        let row = catalog_row(id);
        for (column, model) in [("kepler", "kepler"), ("rotating", "rotating"), ("earth", "earth")] {
            let cell = &row["standard_range_km"][column];
            let est = json(&run(&["estimate", "--test", id, "--model", model, "--json"]));
            let s = &est["standard"];
            if s["global_reach"].as_bool().unwrap() {
                assert_eq!(cell, "global reach", "{id} {column}");
                globals += 1;
            } else {
                let (a, b) = (cell.as_f64().unwrap(), s["range_km"].as_f64().unwrap());
                assert!((a - b).abs() < 1e-6 * b, "{id} {column}: catalog {a}, estimate {b}");
            }
        }
        // The longest over azimuths is at least the range toward the test's azimuth.
        let sr = &row["standard_range_km"];
        if let (Some(max), Some(toward)) = (sr["rotating_max_over_azimuths"].as_f64(), sr["rotating"].as_f64()) {
            assert!(max >= toward - 1e-6, "{id}: {max} < {toward}");
        }
        if sr["rotating"] == "global reach" {
            assert_eq!(sr["rotating_max_over_azimuths"], "global reach", "{id}");
        }
        // The row carries its test's cited site and azimuth.
        let g = &row["geography"];
        assert!(g["site_named_by"]["url"].as_str().unwrap().starts_with("http"));
        assert_eq!(row["test_azimuth_deg"], g["test_azimuth_deg"]);
        assert!(!g["derivation"].as_str().unwrap().is_empty());
    }
    // The Hwasong-19 KCNA figures give global reach in the two-body kepler model (the
    // closed form's speed at or above orbital); checked against estimate above.
    assert!(globals >= 1);
    let r = catalog_row("2017-11-28-hwasong15-jcs");
    assert_eq!(r["published_standard_range"]["km"], 13_000.0);
    assert!(r["published_standard_range"]["publisher"].as_str().unwrap().contains("Union of Concerned Scientists"));
    // No published impact point: no azimuth, and the direction-dependent columns say why.
    let r = catalog_row("2022-01-30-hwasong12-jcs");
    assert!(r["test_azimuth_deg"].is_null());
    assert!(r["standard_range_km"]["rotating"].as_str().unwrap().contains("not published"));
    assert!(r["geography"]["not_published"].as_str().unwrap().contains("Searched"));
}

/// The text table stays within 120 columns and shows global reach as such.
#[test]
fn catalog_text_fits_120_columns() {
    let o = run(&["catalog"]);
    assert!(o.status.success());
    let t = String::from_utf8(o.stdout).unwrap();
    for line in t.lines() {
        assert!(line.chars().count() <= 120, "{} columns: {line}", line.chars().count());
    }
    let row = t.lines().find(|l| l.starts_with("2024-10-31-hwasong19-kcna")).unwrap();
    assert!(row.contains("global"), "{row}");
    assert!(t.contains("Union of Concerned Scientists") && t.contains("2017-11-28 Hwasong-15"));
}

#[test]
fn test_id_feeds_the_flow_and_flags_override_it() {
    let v = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--model", "kepler", "--json"]));
    assert!((v["standard"]["range_km"].as_f64().unwrap() - 9_983.3).abs() < 0.1);
    // Without --site the catalog's site and test azimuth feed the default model with a
    // site, rotating: the same number as giving them by hand.
    let v = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--json"]));
    assert_eq!(v["model"], "rotating");
    let (site, az) = (&v["input"]["site"], v["input"]["test_azimuth_deg"].as_f64().unwrap());
    let by_hand = json(&run(&[
        "estimate",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--flight-time",
        "3180s",
        "--site",
        &format!("{},{}", site[0], site[1]),
        "--test-azimuth",
        &format!("{az}"),
        "--json",
    ]));
    assert_eq!(v["standard"]["range_km"], by_hand["standard"]["range_km"]);
    assert_eq!(v["input"]["source"], "catalog entry 2017-11-28-hwasong15-kcna (KCNA)");
    let v = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--apogee", "4000km", "--json"]));
    assert_eq!(v["input"]["apogee_km"], 4000.0);
    let v = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--spread", "--samples", "100", "--json"]));
    // Sources: 4,475 / 4,500 / 4,000 km apogee: half-range 250 km.
    assert_eq!(v["uncertainty"]["plus_minus"]["apogee_km"], 250.0);
    // The input is labelled as the mean of the three sources, named, not as one of them.
    let label = v["input"]["source"].as_str().unwrap();
    assert!(label.starts_with("mean of 3 sources of the 2017-11-28 Hwasong-15 test: KCNA, "), "{label}");
    assert!(label.contains("Japan"), "{label}");
    let o = run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--spread", "--samples", "100"]);
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(t.contains("Reported lofted test (mean of 3 sources"), "{t}");
}

#[test]
fn unknown_test_id_is_bad_input_with_a_suggestion() {
    let o = run(&["estimate", "--test", "2017-11-28-hwasong15-kcnx"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("did you mean 2017-11-28-hwasong15-kcna"), "{e}");
}

/// Every sample with global reach is a result, not an error: the report is printed,
/// exit 0, and the histogram says it in words (no bars: nothing bounded to draw).
#[test]
fn a_histogram_of_global_reach_everywhere_says_so() {
    let dir = std::env::temp_dir().join(format!("loftrange-hist-global-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("h.svg");
    // The 2024-10-31 test as KCNA reported it: above circular speed in every sample.
    let o = run(&[
        "estimate",
        "--apogee",
        "7688+-100km",
        "--range",
        "1001km",
        "--samples",
        "50",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("global reach:      100.0% of the successful samples"), "{text}");
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("Global reach in all 50 samples with an answer"), "{svg}");
    std::fs::remove_dir_all(&dir).unwrap();
}
