//! "Can it reach X" on the first try: the one rule for model, site and test azimuth,
//! `--test` and `catalog QUERY` by missile or date, the catalog within 100 columns.

use crate::util::{json, ok_stdout, run, stderr};

const SEED: [&str; 4] = ["--apogee", "4475km", "--range", "950km"];

#[test]
fn a_site_and_a_target_work_on_the_first_try_and_say_what_was_chosen() {
    let j =
        json(&run(&[&["estimate"], &SEED[..], &["--site", "pyongyang", "--target", "honolulu", "--json"]].concat()));
    assert_eq!(j["model"], "rotating");
    let a = j["assumptions"].as_str().unwrap();
    assert!(a.contains("model rotating, chosen because there is a launch site"), "{a}");
    assert!(a.contains("test azimuth taken as due east (90°): none was given"), "{a}");
    assert_eq!(j["input"]["test_azimuth_deg"], 90.0);
    assert_eq!(j["targets"][0]["name"], "Honolulu, United States");
    // The same as asking for all of it: model rotating, test azimuth 90.
    let explicit = json(&run(&[
        &["estimate"],
        &SEED[..],
        &["--site", "pyongyang", "--target", "honolulu", "--model", "rotating", "--test-azimuth", "90", "--json"],
    ]
    .concat()));
    assert_eq!(j["standard"], explicit["standard"]);
    assert_eq!(j["targets"], explicit["targets"]);
    // Asked for explicitly, nothing is said to be chosen.
    assert!(!explicit["assumptions"].as_str().unwrap().contains("chosen because"));
    assert!(!explicit["assumptions"].as_str().unwrap().contains("taken as due east"));
    // The text says it on its assumptions line.
    let text = ok_stdout(&run(&[&["estimate"], &SEED[..], &["--site", "pyongyang"]].concat()));
    let line = text.lines().find(|l| l.trim_start().starts_with("assumptions:")).unwrap();
    assert!(line.contains("chosen because there is a launch site") && line.contains("due east"), "{line}");
}

#[test]
fn a_target_or_a_test_azimuth_without_a_site_says_what_to_add() {
    for extra in [&["--target", "washington"][..], &["--test-azimuth", "90"][..]] {
        let o = run(&[&["estimate"], &SEED[..], extra].concat());
        assert_eq!(o.status.code(), Some(2));
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{e}");
        assert!(e.contains("without a launch site") && e.contains("--site"), "{e}");
    }
    // With a catalog test its site is used: the target works.
    let j = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--target", "washington", "--json"]));
    assert_eq!(j["input"]["site_name"], "Pyongsong");
    assert_eq!(j["targets"][0]["reachable"], false);
}

#[test]
fn tests_are_found_by_missile_or_date_whatever_the_case_and_punctuation() {
    let id = json(&run(&["estimate", "--test", "2024-10-31-hwasong19-kcna", "--json"]));
    for q in ["hwasong19", "Hwasong-19", "2024-10-31"] {
        let j = json(&run(&["estimate", "--test", q, "--json"]));
        assert_eq!(j["standard"], id["standard"], "{q}");
        assert_eq!(j["burnout"], id["burnout"], "{q}");
        let source = j["input"]["source"].as_str().unwrap();
        assert!(source.contains("names 2 sources of this test: the first is used"), "{source}");
    }
    // Two tests: the candidates, not a guess.
    let o = run(&["estimate", "--test", "hwasong-15"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2017-11-28 Hwasong-15, 2023-02-18 Hwasong-15"), "{}", stderr(&o));
    // An unknown one: the nearest, the Hwasong-19 among them.
    let o = run(&["estimate", "--test", "hwasong-20"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean ") && stderr(&o).contains("2024-10-31-hwasong19-kcna"), "{}", stderr(&o));
}

#[test]
fn catalog_filters_by_query_and_fits_100_columns() {
    let all = ok_stdout(&run(&["catalog"]));
    for l in all.lines() {
        assert!(l.chars().count() <= 100, "{} columns: {l}", l.chars().count());
    }
    let some = ok_stdout(&run(&["catalog", "Hwasong-19"]));
    let rows: Vec<&str> = some.lines().filter(|l| l.starts_with("20")).collect();
    assert_eq!(rows.len(), 2, "{some}");
    assert!(rows[0].starts_with("2024-10-31-hwasong19-kcna") && rows[1].starts_with("2024-10-31-hwasong19-japan"));
    assert!(some.contains("2024-10-31 Hwasong-19") && !some.contains("Hwasong-15"), "{some}");
    let j = json(&run(&["catalog", "2017-11-28", "--json"]));
    assert_eq!(j.as_array().unwrap().len(), 3);
    let o = run(&["catalog", "hwasong-20"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean ") && stderr(&o).contains("2024-10-31-hwasong19-kcna"), "{}", stderr(&o));
}

#[test]
fn flags_a_command_would_ignore_are_neither_listed_nor_accepted() {
    // (command, flags it has no use for)
    let cases: [(&str, &[&str]); 3] = [
        ("plot", &["--extra-payload", "--target", "--azimuth"]),
        ("reach", &["--extra-payload"]),
        ("payload", &["--extra-payload", "--azimuth", "--burnout-speed", "--payload", "--beta"]),
    ];
    for (cmd, flags) in cases {
        let help = ok_stdout(&run(&[cmd, "--help"]));
        for flag in flags {
            assert!(!help.contains(&format!("{flag} ")), "{cmd} --help lists {flag}");
            let o = run(&[cmd, "--test", "2017-11-28-hwasong15-kcna", flag, "10%", "-o", "/nonexistent/x.png"]);
            assert_eq!(o.status.code(), Some(2), "{cmd} {flag}");
            let e = stderr(&o);
            assert_eq!(e.lines().count(), 1, "{e}");
            assert!(e.contains(flag), "{cmd} {flag}: {e}");
        }
    }
    // Where a command uses them they are listed.
    let help = ok_stdout(&run(&["estimate", "--help"]));
    for flag in ["--extra-payload", "--target", "--azimuth", "--burnout-speed", "--payload", "--beta"] {
        assert!(help.contains(flag), "estimate --help lacks {flag}");
    }
    for cmd in ["plot", "reach"] {
        let help = ok_stdout(&run(&[cmd, "--help"]));
        for flag in ["--burnout-speed", "--payload", "--beta"] {
            assert!(help.contains(flag), "{cmd} --help lacks {flag}");
        }
    }
    // ... and reach the library (a flag listed but not passed on would be ignored).
    let j = json(&run(&[
        "reach",
        "--test",
        "2017-11-28-hwasong15-kcna",
        "--model",
        "earth",
        "--beta",
        "2000",
        "--step",
        "45",
        "--json",
    ]));
    assert_eq!(j["input"]["beta_kg_m2"], 2000.0);
    let j = json(&run(&["reach", "--burnout-speed", "7.2km/s", "--site", "pyongyang", "--step", "45", "--json"]));
    assert_eq!(j["input"]["burnout_speed_km_s"], 7.2);
    let svg = crate::util::tmp_dir("forward").join("f.svg");
    ok_stdout(&run(&[
        "plot",
        "--burnout-speed",
        "7.2km/s",
        "--site",
        "pyongyang",
        "--model",
        "earth",
        "--beta",
        "2000",
        "-o",
        svg.to_str().unwrap(),
    ]));
    let s = std::fs::read_to_string(&svg).unwrap();
    assert!(s.contains("Forward mode, burnout 7.20 km/s") && s.contains("2000"), "{}", &s[..400]);
}

/// The text of an SVG's title-sized text elements, one per line.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| t.split_once('>').map_or("", |x| x.1).split("</text>").next().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn figures_name_the_test_and_azimuth_and_word_global_reach_as_the_text() {
    let dir = crate::util::tmp_dir("figures");
    let svg = dir.join("h19.svg");
    ok_stdout(&run(&["plot", "--test", "2024-10-31-hwasong19-kcna", "-o", svg.to_str().unwrap()]));
    let s = std::fs::read_to_string(&svg).unwrap();
    let texts = svg_texts(&s);
    let j = json(&run(&["estimate", "--test", "2024-10-31-hwasong19-kcna", "--json"]));
    let az = j["standard"]["azimuth_deg"].as_f64().unwrap();
    assert_eq!(j["global_margin"]["global_everywhere"], false);
    let title = &texts[0];
    // The title names the test and the direction, and says global reach as the text
    // does (toward the test's direction only), never "orbital speed".
    assert!(title.starts_with("2024-10-31 Hwasong-19 test: 7,687.5 km apogee, 1,001.2 km range"), "{title}");
    assert!(title.contains(&format!("global reach toward {az:.1}° (other directions may be bounded)")), "{title}");
    assert!(!s.contains("orbital speed"));
    // Title and legend agree on the apogee (7,687.5 km reported, the same computed).
    assert!(texts.iter().any(|t| t.contains("apogee 7,687.5 km")), "{texts:?}");
    // A bounded case names the test and the azimuth too.
    let svg15 = dir.join("h15.svg");
    ok_stdout(&run(&["plot", "--test", "2017-11-28-hwasong15-kcna", "-o", svg15.to_str().unwrap()]));
    let t15 = svg_texts(&std::fs::read_to_string(&svg15).unwrap())[0].clone();
    let j15 = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--json"]));
    let expected = format!(
        "2017-11-28 Hwasong-15 test: 4,475 km apogee, 950 km range: standard range {} km toward {:.1}°",
        loftrange::render::grouped(j15["standard"]["range_km"].as_f64().unwrap()),
        j15["standard"]["azimuth_deg"].as_f64().unwrap()
    );
    assert_eq!(t15, expected);
    // The reach map's title too.
    let map = dir.join("r15.svg");
    ok_stdout(&run(&["reach", "--test", "2017-11-28-hwasong15-kcna", "-o", map.to_str().unwrap()]));
    let tm = svg_texts(&std::fs::read_to_string(&map).unwrap())[0].clone();
    assert!(tm.contains("(2017-11-28 Hwasong-15 test: 4,475 km apogee, 950 km range, fired toward 76.1°)"), "{tm}");
}

#[test]
fn svg_coordinates_are_to_a_tenth_of_a_pixel() {
    let dir = crate::util::tmp_dir("tenths");
    for (cmd, file) in [("plot", "t.svg"), ("reach", "r.svg")] {
        let path = dir.join(file);
        ok_stdout(&run(&[
            cmd,
            "--test",
            "2017-11-28-hwasong15-kcna",
            "-o",
            path.to_str().unwrap(),
            "--size",
            "1200x800",
        ]));
        let s = std::fs::read_to_string(&path).unwrap();
        // Shown at its size, drawn in tenths of a pixel.
        assert!(s.starts_with(r#"<svg width="1200" height="800" viewBox="0 0 12000 8000""#), "{}", &s[..120]);
        // The curves' points fall between whole pixels: many coordinates are not
        // multiples of 10 tenths.
        let coords: Vec<i64> = s
            .split("points=\"")
            .skip(1)
            .flat_map(|p| {
                p.split('"').next().unwrap_or("").split([' ', ',']).filter_map(|n| n.parse().ok()).collect::<Vec<i64>>()
            })
            .collect();
        assert!(coords.len() > 100, "{cmd}: {} coordinates", coords.len());
        let fractional = coords.iter().filter(|c| *c % 10 != 0).count();
        assert!(fractional * 2 > coords.len(), "{cmd}: {fractional} of {} between pixels", coords.len());
    }
}
