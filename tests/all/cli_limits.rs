//! The built binary at the edges of its inputs: every unbounded input has a stated
//! maximum, every refused value names its field, and user text reaches no output raw.

#[allow(unused_imports)]
use crate::util::*;
use std::time::Instant;

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

/// Every flag × -1, nan, 1e400 and the empty string: exit 2 and a line naming the flag's
/// field (a value that flag accepts is left out of its row).
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

/// `--vehicle /dev/zero` (a file without end) is refused after 64 KiB, at once.
#[test]
fn an_endless_vehicle_file_is_refused_at_its_limit() {
    let start = Instant::now();
    let e = refused(&[&SEED[..], &["--vehicle", "/dev/zero"]].concat(), "vehicle");
    assert!(start.elapsed().as_secs_f64() < 1.0, "{e}");
    assert!(e.contains("at most 65536 bytes"), "{e}");
    // A file one byte over the limit is refused, one at the limit is read (and then
    // judged as TOML: a comment of 65,536 bytes has no name).
    let d = tmp_dir("vehicle_size");
    for (n, over) in [(65_536, false), (65_537, true)] {
        let path = d.join(format!("v{n}.toml"));
        std::fs::write(&path, format!("#{}", "x".repeat(n - 1))).unwrap();
        let field = if over { "vehicle" } else { "vehicle file" };
        let e = refused(&[&SEED[..], &["--vehicle", path.to_str().unwrap()]].concat(), field);
        assert_eq!(e.contains("at most 65536 bytes"), over, "{e}");
    }
}

/// A vehicle file's name and source have a length limit, its drag table an entry limit.
#[test]
fn vehicle_names_sources_and_drag_tables_have_limits() {
    let d = tmp_dir("vehicle_limits");
    let base = std::fs::read_to_string(VEHICLE).unwrap();
    let name_line = base.lines().find(|l| l.starts_with("name")).unwrap();
    let write = |file: &str, text: String| {
        let p = d.join(file);
        std::fs::write(&p, text).unwrap();
        p
    };
    let long_name = write("name.toml", base.replace(name_line, &format!("name = \"{}\"", "n".repeat(201))));
    let e = refused(&["estimate", "--vehicle", long_name.to_str().unwrap()], "vehicle file");
    assert!(e.contains("name = (201 characters)") && e.contains("at most 200 characters"), "{e}");
    let ok_name = write("name200.toml", base.replace(name_line, &format!("name = \"{}\"", "n".repeat(200))));
    assert!(run(&["estimate", "--vehicle", ok_name.to_str().unwrap()]).status.success());
    let source = format!("{name_line}\nsource = \"{}\"", "s".repeat(1001));
    let no_source: String = base.lines().filter(|l| !l.starts_with("source")).collect::<Vec<_>>().join("\n");
    let long_source = write("source.toml", no_source.replace(name_line, &source));
    let e = refused(&["estimate", "--vehicle", long_source.to_str().unwrap()], "vehicle file");
    assert!(e.contains("source = (1001 characters)") && e.contains("at most 1000 characters"), "{e}");
    let mach: Vec<String> = (0..201).map(|i| format!("{}", i as f64 * 0.1)).collect();
    let cd = vec!["0.2"; 201];
    let drag = format!("{no_source}\n[drag]\nmach = [{}]\ncd = [{}]\n", mach.join(","), cd.join(","));
    let long_drag = write("drag.toml", drag);
    let e = refused(&["estimate", "--vehicle", long_drag.to_str().unwrap()], "vehicle file");
    assert!(e.contains("2 to 200 entries"), "{e}");
}

/// More targets or azimuths than the stated maximum, on the command line and on a batch
/// line alike.
#[test]
fn target_and_azimuth_lists_have_a_maximum() {
    let mut args: Vec<String> = SEED.iter().map(|s| s.to_string()).collect();
    args.extend(["--site", "39,125.7", "--test-azimuth", "90"].map(String::from));
    let with = |flag: &str, value: &str, n: usize| {
        let mut a = args.clone();
        for _ in 0..n {
            a.extend([flag.to_string(), value.to_string()]);
        }
        a
    };
    let targets = with("--target", "38.9,-77.0", 101);
    let e = refused(&targets.iter().map(String::as_str).collect::<Vec<_>>(), "target");
    assert!(e.contains("101 targets") && e.contains("at most 100 targets"), "{e}");
    let azimuths = with("--azimuth", "45", 361);
    let e = refused(&azimuths.iter().map(String::as_str).collect::<Vec<_>>(), "azimuth");
    assert!(e.contains("361 azimuths") && e.contains("at most 360 azimuths"), "{e}");
    // A batch line: the same limits, refused before any target is looked up.
    let d = tmp_dir("batch_lists");
    let path = d.join("in.jsonl");
    let names = vec!["\"tokyo\""; 101].join(",");
    let azs = vec!["1"; 361].join(",");
    let lines = [
        format!(r#"{{"apogee_km":4475,"range_km":950,"site":[39,125.7],"test_azimuth_deg":90,"targets":[{names}]}}"#),
        format!(
            r#"{{"apogee_km":4475,"range_km":950,"site":[39,125.7],"test_azimuth_deg":90,"azimuths_deg":[{azs}]}}"#
        ),
    ];
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let o = run(&["batch", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(out[0]["error"].as_str().unwrap().starts_with("target: 101 targets"), "{}", out[0]);
    assert!(out[1]["error"].as_str().unwrap().starts_with("azimuth: 361 azimuths"), "{}", out[1]);
}

/// A name longer than 200 characters is refused before any look-up, as fast as a
/// short one; names up to the limit are looked up in a time that does not grow with
/// their length (no edit distance against names of another length).
#[test]
fn long_names_are_refused_and_look_up_time_does_not_grow() {
    for field in ["--site", "--target"] {
        // 100,000 characters: a command-line argument holds at most 128 KiB.
        let long = "q".repeat(100_000);
        let start = Instant::now();
        let e = refused(&[&SEED[..], &[field, &long]].concat(), field.trim_start_matches('-'));
        assert!(start.elapsed().as_secs_f64() < 1.0);
        assert!(e.contains("(100000 characters)") && e.contains("at most 200 characters"), "{e}");
        assert!(e.len() < 300, "{e}");
    }
    let e = refused(&["estimate", "--test", &"t".repeat(201)], "test");
    assert!(e.contains("a catalog id of at most 200 characters"), "{e}");
    let e = refused(&["places", &"p".repeat(201)], "query");
    assert!(e.contains("at most 200 characters"), "{e}");
    // The longest accepted name: an unknown one, with its suggestions, in well under a second.
    let start = Instant::now();
    let e = refused(&[&SEED[..], &["--target", &"pyongyangx".repeat(20)]].concat(), "target");
    assert!(start.elapsed().as_secs_f64() < 1.0, "{e}");
    assert!(e.contains("unknown place"), "{e}");
}

/// Control characters in a vehicle's name, a typed place name, a query, a path or a
/// refused flag value reach no text output raw: they are written escaped.
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

/// JSON, GeoJSON and KML carry no terminal control raw either: JSON's serialiser leaves
/// DEL, the C1 controls and the bidirectional overrides as they are, so they are written
/// as \uXXXX escapes (the same string to every reader); KML, where XML forbids the
/// controls, writes them as the text reports do.
#[test]
fn control_characters_are_escaped_in_json_and_maps() {
    let d = tmp_dir("escape-json");
    let base = std::fs::read_to_string(VEHICLE).unwrap();
    let name_line = base.lines().find(|l| l.starts_with("name")).unwrap();
    let evil = base.replace(name_line, r#"name = "Evil\u001b[31m\u007f\u009b2J\u202eName\u0085""#);
    let path = d.join("evil.toml");
    std::fs::write(&path, evil).unwrap();
    let v = path.to_str().unwrap();
    for args in [
        vec!["estimate", "--vehicle", v, "--json"],
        vec!["reach", "--vehicle", v, "--site", "pyongyang", "--json"],
        vec!["payload", "--apogee", "4475km", "--range", "950km", "--vehicle", v, "--payloads", "1000", "--json"],
    ] {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let text = stdout(&o);
        assert_clean(&text);
        serde_json::from_str::<serde_json::Value>(&text).unwrap();
    }
    // A batch id with a C1 control (CSI) and a right-to-left override: the same JSON
    // value, its controls escaped; a plain id is echoed byte for byte.
    let input = "{\"id\":\"x\u{9b}2J\u{202e}y\",\"apogee_km\":4475,\"range_km\":950}\n{\"id\":1.50e3,\"apogee_km\":4475,\"range_km\":950}\n";
    let ids = d.join("ids.jsonl");
    std::fs::write(&ids, input).unwrap();
    let o = run(&["batch", ids.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert_clean(&text);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(r#"{"line":1,"id":"x\u009b2J\u202ey","#), "{}", lines[0]);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["id"], "x\u{9b}2J\u{202e}y");
    assert!(lines[1].starts_with(r#"{"line":2,"id":1.50e3,"#), "{}", lines[1]);
    let kml = d.join("flights.kml");
    let geojson = d.join("reach.geojson");
    let o = run(&["plot", "--vehicle", v, "--site", "pyongyang", "-o", kml.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["reach", "--vehicle", v, "--site", "pyongyang", "-o", geojson.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let kml = std::fs::read_to_string(kml).unwrap();
    assert_clean(&kml.replace('\t', " "));
    assert!(kml.contains(r"Evil\u{1b}[31m\u{7f}\u{9b}2J\u{202e}Name"), "{kml}");
    let geojson = std::fs::read_to_string(geojson).unwrap();
    assert_clean(&geojson);
    let g: serde_json::Value = serde_json::from_str(&geojson).unwrap();
    assert!(g["title"].as_str().unwrap().contains(r"Evil\u{1b}[31m\u{7f}\u{9b}2J\u{202e}Name"), "{}", g["title"]);
}
