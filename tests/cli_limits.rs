//! The built binary at the edges of its inputs: every refused value names its field,
//! and user text reaches no output raw.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loftrange")).args(args).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_limits").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Exit 2, nothing on stdout, one line `loftrange: FIELD: ...` on stderr: that line.
fn refused(args: &[&str], field: &str) -> String {
    let o = run(args);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
    assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
    assert!(e.starts_with(&format!("loftrange: {field}: ")), "{args:?}: {e} does not name {field}");
    assert!(stdout(&o).is_empty(), "{args:?}");
    e
}

/// No raw control or bidirectional character in `text` (line feeds apart).
fn assert_clean(text: &str) {
    let bad = text
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
    assert!(bad.is_none(), "raw {bad:?} in {text:?}");
}

const SEED: [&str; 5] = ["estimate", "--apogee", "4475km", "--range", "950km"];
const VEHICLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vehicles/generic-seed.toml");

#[test]
fn every_refused_value_names_its_field() {
    let rotating = ["--site", "39,125.7", "--test-azimuth", "90"];
    let all = ["-1", "nan", "1e400", ""];
    let reach = ["reach", "--apogee", "4475km", "--range", "950km", "--site", "39,125.7", "--test-azimuth", "90"];
    let payload = ["payload", "--apogee", "4475km", "--range", "950km", "--vehicle", VEHICLE];
    let plot = ["plot", "--apogee", "4475km", "--range", "950km"];
    // (command line before the flag, flag, field, values)
    let table: Vec<(Vec<&str>, &str, &str, Vec<&str>)> = vec![
        (vec!["estimate", "--range", "950km"], "--apogee", "apogee", all.to_vec()),
        (vec!["estimate", "--apogee", "4475km"], "--range", "range", all.to_vec()),
        (SEED.to_vec(), "--flight-time", "flight time", all.to_vec()),
        (SEED.to_vec(), "--burnout-altitude", "burnout altitude", all.to_vec()),
        (vec!["estimate"], "--burnout-speed", "burnout speed", all.to_vec()),
        ([&SEED[..], &["--model", "earth"], &rotating].concat(), "--beta", "beta", all.to_vec()),
        (vec!["estimate", "--vehicle", VEHICLE], "--payload", "payload", all.to_vec()),
        ([&SEED[..], &["--model", "boost"]].concat(), "--extra-payload", "extra payload", all.to_vec()),
        (SEED.to_vec(), "--site", "site", all.to_vec()),
        ([&SEED[..], &["--site", "39,125.7"]].concat(), "--test-azimuth", "test azimuth", vec!["nan", "1e400", ""]),
        ([&SEED[..], &rotating].concat(), "--azimuth", "azimuth", vec!["nan", "1e400", "", "361"]),
        ([&SEED[..], &rotating].concat(), "--target", "target", all.to_vec()),
        (vec!["estimate", "--apogee", "4475+-50km", "--range", "950km"], "--samples", "samples", all.to_vec()),
        (vec!["estimate", "--apogee", "4475+-50km", "--range", "950km"], "--seed", "seed", all.to_vec()),
        (SEED.to_vec(), "--model", "model", all.to_vec()),
        (vec!["estimate"], "--test", "test", all.to_vec()),
        (SEED.to_vec(), "--vehicle", "vehicle", all.to_vec()),
        (vec!["estimate", "--apogee", "4475+-50km", "--range", "950km"], "--output", "output", all.to_vec()),
        (reach.to_vec(), "--step", "step", all.to_vec()),
        (reach.to_vec(), "--limit", "limit", all.to_vec()),
        (reach.to_vec(), "--size", "size", all.to_vec()),
        ([&plot[..], &["-o", "x.png"]].concat(), "--size", "size", all.to_vec()),
        (plot.to_vec(), "--output", "output", all.to_vec()),
        (payload.to_vec(), "--payloads", "payloads", all.to_vec()),
        (payload.to_vec(), "--range-for", "range for", all.to_vec()),
    ];
    for (before, flag, field, values) in &table {
        for v in values {
            let args = [&before[..], &[flag, v]].concat();
            refused(&args, field);
        }
    }
}

#[test]
fn control_characters_are_escaped_in_every_text_output() {
    let d = tmp_dir("escape");
    let base = std::fs::read_to_string(VEHICLE).unwrap();
    let name_line = base.lines().find(|l| l.starts_with("name")).unwrap();
    // TOML escapes: ESC [31m (red), a right-to-left override, a newline.
    let evil = base.replace(name_line, r#"name = "Evil\u001b[31m\u202eName\nFAKE LINE""#);
    let path = d.join("evil.toml");
    std::fs::write(&path, evil).unwrap();
    let v = path.to_str().unwrap();
    // The report names the vehicle, escaped.
    let o = run(&["estimate", "--vehicle", v]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert_clean(&t);
    assert!(t.contains(r"Evil\u{1b}[31m\u{202e}Name\nFAKE LINE"), "{t}");
    assert!(!t.lines().any(|l| l.starts_with("FAKE LINE")), "{t}");
    // The JSON's assumptions are the same sentence.
    let o = run(&["estimate", "--vehicle", v, "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(j["assumptions"].as_str().unwrap().contains(r"Evil\u{1b}[31m\u{202e}Name\nFAKE LINE"), "{j}");
    // The payload table's header names it.
    let o = run(&["payload", "--apogee", "4475km", "--range", "950km", "--vehicle", v, "--payloads", "1000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_clean(&stdout(&o));
    assert!(stdout(&o).contains(r#"vehicle "Evil\u{1b}[31m\u{202e}Name\nFAKE LINE")"#), "{}", stdout(&o));
    // Errors echo typed text escaped: a place name, a flag value clap refuses, a query.
    let e = refused(&[&SEED[..], &["--target", "\u{1b}[2Jparis\u{9b}"]].concat(), "target");
    assert_clean(&e);
    assert!(e.contains(r"\u{1b}[2Jparis\u{9b}"), "{e}");
    let e = refused(&[&SEED[..], &["--model", "x\u{1b}]0;title\u{7}"]].concat(), "model");
    assert_clean(&e);
    assert!(e.contains(r"x\u{1b}]0;title\u{7}"), "{e}");
    let o = run(&["places", "\u{1b}[5mnowhere\u{202e}"]);
    assert!(o.status.success());
    assert_clean(&stdout(&o));
    assert!(stdout(&o).contains(r"\u{1b}[5mnowhere\u{202e}"), "{}", stdout(&o));
    // A path in "wrote ...".
    let fig = d.join("fig\u{1b}[31m.svg");
    let o = run(&["plot", "--apogee", "4475km", "--range", "950km", "-o", fig.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_clean(&stderr(&o));
    assert!(stderr(&o).contains(r"fig\u{1b}[31m.svg"), "{}", stderr(&o));
    assert!(fig.exists());
    // A path in an error.
    let e = refused(&[&SEED[..], &["--vehicle", "/no/such\u{1b}[31m.toml"]].concat(), "vehicle");
    assert_clean(&e);
}
