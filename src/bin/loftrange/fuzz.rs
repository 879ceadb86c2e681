//! Property tests (proptest) over everything a user can type: command lines, batch
//! lines and vehicle files. Whatever the input, the command must not panic, must end
//! with exit code 0, 1 or 2 and, on error, one line naming what is wrong, and must leave
//! no file behind when it fails (and no temporary file ever).
//!
//! `cargo test` runs a few hundred generated inputs per target; `scripts/fuzz.sh` runs
//! the ignored `long_*` versions with `LOFTRANGE_FUZZ_CASES` inputs each.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

use crate::batch::{batch_line, LineEnd};
use crate::run_args;

/// Numbers as users type them, the edges of f64 included.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "4475", "950", "53", "0", "-5", "1e-300", "1e30", "nan", "inf", "-inf", "1e308", "0.0001", "90",
            "39.2", "125.7", "7.2", "-0", "1e3", "20015", "6000", "1000", "360", "-720", "2", ".5", "5.",
            "1e", "--3", "0x10", "1_000",
        ])
        .prop_map(str::to_string),
        2 => any::<f64>().prop_map(|x| x.to_string()),
        3 => (-2e4..2e4f64).prop_map(|x| format!("{x:.3}")),
    ]
}

fn unit() -> impl Strategy<Value = &'static str> {
    select(vec!["km", "m", "mi", "nmi", "s", "min", "h", "km/s", "m/s", "deg", "", " km", "parsecs", "KM", "kg"])
}

/// Free text: names, unicode, separators, empty.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(vec![
            "pyongyang", "tokyo", "washington", "Tokyo, JP", "Washingtn", "", " ", "ñ", "Guam", "Sunan",
            "2017-11-28-hwasong15-kcna", "2017-05-21-pukguksong2-rok", "kepler", "rotating", "earth", "boost",
            "sphere", "boost-earth", "newtonian", "-", ",", "+-", "±", "\u{0}", "💥",
        ])
        .prop_map(str::to_string),
        1 => proptest::collection::vec(any::<char>(), 0..10).prop_map(String::from_iter),
    ]
}

/// A flag's value: numbers with units, ± forms, coordinate pairs, names.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (number(), unit()).prop_map(|(n, u)| format!("{n}{u}")),
        2 => (number(), number(), unit()).prop_map(|(a, b, u)| format!("{a}+-{b}{u}")),
        2 => (number(), number()).prop_map(|(a, b)| format!("{a},{b}")),
        2 => text(),
    ]
}

const FLAGS: [&str; 29] = [
    "--apogee",
    "--range",
    "--flight-time",
    "--burnout-speed",
    "--burnout-altitude",
    "--model",
    "--vehicle",
    "--beta",
    "--payload",
    "--site",
    "--test-azimuth",
    "--azimuth",
    "--target",
    "--test",
    "--samples",
    "--seed",
    "--uniform",
    "--spread",
    "--sensitivity",
    "--json",
    "--step",
    "--world",
    "--limit",
    "--size",
    "--payloads",
    "-o",
    "--range-for",
    "--bogus",
    "--help",
];

/// Where `-o` writes: the case's own directory, with any extension.
fn output_name() -> impl Strategy<Value = String> {
    (select(vec!["png", "svg", "geojson", "kml", "json", "txt", "", "PNG"]), select(vec!["out", "a b", "x.y"]))
        .prop_map(|(ext, stem)| if ext.is_empty() { stem.to_string() } else { format!("{stem}.{ext}") })
}

/// One flag with a value, or alone.
fn flag_and_value() -> impl Strategy<Value = Vec<String>> {
    (select(FLAGS.to_vec()), value(), output_name(), 0..10u8).prop_map(|(f, v, o, k)| match (f, k) {
        ("-o", _) => vec![f.to_string(), format!("{{dir}}/{o}")],
        ("--vehicle", k) if k < 6 => vec![f.to_string(), vehicle_example(k).to_string()],
        (_, 0) => vec![f.to_string()],
        _ => vec![f.to_string(), v],
    })
}

/// A vehicle file of the project's, or a missing one.
fn vehicle_example(k: u8) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vehicles/");
    match k {
        0 | 1 => format!("{dir}generic-seed.toml"),
        2 => format!("{dir}v2.toml"),
        3 => format!("{dir}no-such-vehicle.toml"),
        _ => format!("{dir}FORDEN.md"),
    }
}

/// Command lines: a command, often a valid observation to start from, then any flags.
fn command_line() -> impl Strategy<Value = Vec<String>> {
    let command = select(vec!["estimate", "estimate", "estimate", "plot", "reach", "payload", "places", "frobnicate"]);
    let base = prop_oneof![
        1 => Just(vec![]),
        3 => Just(vec!["--apogee", "4475km", "--range", "950km"]),
        1 => Just(vec!["--apogee", "4475km", "--range", "950km", "--site", "39.2,125.7", "--test-azimuth", "90"]),
        1 => Just(vec!["--burnout-speed", "7.2km/s"]),
        1 => Just(vec!["--test", "2017-11-28-hwasong15-kcna", "--model", "kepler"]),
    ];
    (command, base, proptest::collection::vec(flag_and_value(), 0..5)).prop_map(|(c, b, extra)| {
        let mut v = vec!["loftrange".to_string(), c.to_string()];
        v.extend(b.into_iter().map(str::to_string));
        v.extend(extra.into_iter().flatten());
        v
    })
}

/// Cases the fuzzer does not run through the whole command because they are slow by
/// design (they are still parsed): the boost model sweeping azimuths or payloads or
/// sampling, Monte Carlo runs asked for with many samples, fine reach sweeps.
fn too_slow(args: &[String]) -> bool {
    let has = |f: &str| args.iter().any(|a| a == f);
    let value_of = |f: &str| args.iter().position(|a| a == f).and_then(|i| args.get(i + 1));
    let boost = has("--vehicle") || value_of("--model").is_some_and(|m| m.starts_with("boost"));
    let sweeping = args.get(1).is_some_and(|c| c == "reach" || c == "payload");
    let samples = value_of("--samples").and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    let fine_step = value_of("--step").and_then(|s| s.parse::<f64>().ok()).is_some_and(|s| s < 5.0);
    let sampling = samples > 0.0 || has("--spread") || args.iter().any(|a| a.contains("+-") || a.contains('±'));
    (boost && (sweeping || sampling || has("--sensitivity"))) || samples > 300.0 || (sweeping && fine_step)
}

/// The fuzzer's stand-ins for costly defaults: a reach sweep every 30 degrees instead of
/// every degree, and 40 Monte Carlo samples instead of 2,000.
fn cheaper(mut args: Vec<String>) -> Vec<String> {
    let has = |args: &[String], f: &str| args.iter().any(|a| a == f);
    if args.get(1).is_some_and(|c| c == "reach") && !has(&args, "--step") {
        args.extend(["--step".to_string(), "30".to_string()]);
    }
    let uncertain = has(&args, "--spread") || args.iter().any(|a| a.contains("+-") || a.contains('±'));
    if args.get(1).is_some_and(|c| c == "estimate") && uncertain && !has(&args, "--samples") {
        args.extend(["--samples".to_string(), "40".to_string()]);
    }
    args
}

/// How the command lines ended: exit 0, 1, 2, and parsed only (too slow to run).
static ENDS: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];

/// Run one command line in `dir` and check the contract.
fn check_command_line(args: &[String], dir: &Path) -> Result<(), TestCaseError> {
    let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", dir.to_str().expect("utf-8 dir"))).collect();
    let args = cheaper(args);
    if too_slow(&args) {
        // Still parse it: clap and the flag grammar see every input.
        let _ = <crate::cli::Cli as clap::Parser>::try_parse_from(&args);
        ENDS[3].fetch_add(1, Ordering::Relaxed);
        return Ok(());
    }
    let (code, message) = run_args(&args);
    prop_assert!(code <= 2, "{args:?}: exit {code}");
    ENDS[code as usize].fetch_add(1, Ordering::Relaxed);
    if code != 0 {
        let m = message.unwrap_or_default();
        let help = m.contains("Usage:");
        prop_assert!(help || m.trim_end().lines().count() == 1, "{args:?}: not one line: {m:?}");
        prop_assert!(help || m.starts_with("loftrange: "), "{args:?}: {m:?}");
    }
    for entry in std::fs::read_dir(dir).expect("case dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        prop_assert!(code == 0, "{args:?}: exit {code} left {name} behind");
        prop_assert!(!name.contains(".tmp") && !name.starts_with('.'), "{args:?}: temporary file {name} left");
    }
    Ok(())
}

/// Batch lines: JSON objects with the accepted keys (and others) holding any JSON value,
/// and lines that are not JSON at all.
fn batch_input() -> impl Strategy<Value = String> {
    // The accepted keys, and two that are not (a misspelling and a stranger).
    let keys: Vec<&'static str> = crate::config::BATCH_KEYS.iter().copied().chain(["flight_time", "colour"]).collect();
    let key = select(keys);
    let leaf = prop_oneof![
        3 => number().prop_map(|n| n.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(serde_json::Value::Null, serde_json::Value::Number)),
        2 => text().prop_map(serde_json::Value::String),
        1 => Just(serde_json::Value::Null),
        1 => any::<bool>().prop_map(serde_json::Value::Bool),
        1 => (number(), number()).prop_map(|(a, b)| serde_json::json!([a.parse::<f64>().unwrap_or(0.0), b.parse::<f64>().unwrap_or(0.0)])),
    ];
    let object = proptest::collection::vec((key, leaf), 0..6).prop_map(|kv| {
        let mut m = serde_json::Map::new();
        m.insert("apogee_km".into(), serde_json::json!(4475));
        m.insert("range_km".into(), serde_json::json!(950));
        for (k, v) in kv {
            m.insert(k.to_string(), v);
        }
        serde_json::Value::Object(m).to_string()
    });
    prop_oneof![4 => object, 1 => text(), 1 => Just(String::new()), 1 => Just("[1,2]".to_string())]
}

fn check_batch_line(n: usize, line: &str) -> Result<(), TestCaseError> {
    let (out, end) = batch_line(n, line.as_bytes());
    prop_assert!(!out.contains('\n'), "{line:?}: output is not one line");
    let v: serde_json::Value = serde_json::from_str(&out).map_err(|e| TestCaseError::fail(format!("{out}: {e}")))?;
    prop_assert_eq!(v["line"].as_u64(), Some(n as u64));
    match end {
        LineEnd::Ok => prop_assert!(v.get("error").is_none(), "{out}"),
        LineEnd::NoSolution | LineEnd::BadInput => {
            let e = v["error"].as_str().unwrap_or("");
            prop_assert!(!e.is_empty() && !e.contains('\n'), "{out}")
        }
    }
    if let Ok(serde_json::Value::Object(input)) = serde_json::from_str::<serde_json::Value>(line) {
        if let Some(id) = input.get("id") {
            prop_assert_eq!(&v["id"], id);
        }
    }
    Ok(())
}

/// Vehicle files: the project's own, mutated byte by byte, and files assembled from
/// the format's keys with any values.
fn vehicle_text() -> impl Strategy<Value = String> {
    // A gravity-turn vehicle and a ramp-and-hold one with per-stage aerodynamics.
    let mutate = |real: String| {
        let n = real.len();
        (proptest::collection::vec((0..n, any::<u8>()), 1..6), Just(real)).prop_map(|(edits, real)| {
            let mut b = real.into_bytes();
            for (i, byte) in edits {
                b[i] = byte;
            }
            String::from_utf8_lossy(&b).into_owned()
        })
    };
    let read = |f: &str| {
        std::fs::read_to_string(format!("{}/examples/vehicles/{f}", env!("CARGO_MANIFEST_DIR")))
            .expect("example vehicle")
    };
    let mutated = prop_oneof![mutate(read("generic-seed.toml")), mutate(read("forden-taepodong-1.toml"))];
    let field = select(vec![
        "name",
        "source",
        "payload_kg",
        "diameter_m",
        "reference_area_m2",
        "vertical_rise_s",
        "drag_cd_scale",
        "[[stages]]",
        "propellant_mass_kg",
        "dry_mass_kg",
        "isp_s",
        "exhaust_velocity_m_s",
        "isp_sea_level_s",
        "burn_time_s",
        "thrust_n",
        "coast_after_s",
        "[drag]",
        "mach",
        "cd",
        "kick_deg",
        "[pitch]",
        "program",
        "angle_deg",
        "start_s",
        "stop_s",
        "[stages.drag]",
    ]);
    let keyed = (field, value()).prop_map(|(f, v)| {
        if f.starts_with('[') {
            f.to_string()
        } else if v.parse::<f64>().is_ok() {
            format!("{f} = {v}")
        } else {
            format!("{f} = {v:?}")
        }
    });
    let programs = select(vec!["program = \"ramp-hold\"", "program = \"gravity-turn\"", "program = \"ramp\""])
        .prop_map(str::to_string);
    let line = prop_oneof![4 => keyed, 1 => programs];
    let assembled = proptest::collection::vec(line, 0..14).prop_map(|l| l.join("\n"));
    prop_oneof![mutated, assembled]
}

fn check_vehicle(text: &str) -> Result<(), TestCaseError> {
    match loftrange::boost::Vehicle::from_toml_str(text, "fuzz.toml") {
        Ok(v) => {
            // A vehicle the parser accepts either lifts off or says why not, in one line.
            if let Err(e) = v.lifts_off(v.payload_kg) {
                prop_assert!(!e.to_string().contains('\n'), "{e}");
            }
        }
        Err(e) => {
            let m = e.to_string();
            prop_assert!(e.is_input_error(), "{m}");
            prop_assert!(!m.contains('\n') && m.contains("fuzz.toml"), "{m:?}");
        }
    }
    Ok(())
}

fn cases(default: u32) -> u32 {
    std::env::var("LOFTRANGE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(RunnerConfig { cases, failure_persistence: None, ..RunnerConfig::default() })
}

/// A fresh empty directory for the cases of one target.
fn case_dir(target: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("loftrange-fuzz-{}-{target}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("fuzz dir");
    d
}

fn fuzz_command_lines(n: u32) {
    let dir = case_dir("cli");
    runner(n)
        .run(&command_line(), |args| {
            let r = check_command_line(&args, &dir);
            for e in std::fs::read_dir(&dir).expect("dir").flatten() {
                let _ = std::fs::remove_file(e.path());
            }
            r
        })
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let e: Vec<usize> = ENDS.iter().map(|a| a.load(Ordering::Relaxed)).collect();
    eprintln!("fuzz: {n} command lines: exit 0: {}, exit 1: {}, exit 2: {}, parsed only: {}", e[0], e[1], e[2], e[3]);
}

fn fuzz_batch_lines(n: u32) {
    runner(n).run(&(1..10_000usize, batch_input()), |(k, line)| check_batch_line(k, &line)).unwrap();
}

fn fuzz_vehicle_files(n: u32) {
    runner(n).run(&vehicle_text(), |t| check_vehicle(&t)).unwrap();
}

#[test]
fn command_lines_never_panic_and_fail_in_one_line() {
    fuzz_command_lines(cases(300));
}

#[test]
fn batch_lines_answer_in_one_json_line() {
    fuzz_batch_lines(cases(300));
}

#[test]
fn vehicle_files_parse_or_name_the_problem() {
    fuzz_vehicle_files(cases(500));
}

#[test]
#[ignore = "long run: scripts/fuzz.sh"]
fn long_command_lines() {
    fuzz_command_lines(cases(100_000));
}

#[test]
#[ignore = "long run: scripts/fuzz.sh"]
fn long_batch_lines() {
    fuzz_batch_lines(cases(100_000));
}

#[test]
#[ignore = "long run: scripts/fuzz.sh"]
fn long_vehicle_files() {
    fuzz_vehicle_files(cases(100_000));
}
