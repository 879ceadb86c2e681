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
    assert!(stderr(&o).contains("did you mean 2024-10-31-hwasong19-kcna"), "{}", stderr(&o));
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
    assert!(stderr(&o).contains("did you mean 2024-10-31-hwasong19-kcna"), "{}", stderr(&o));
}

#[test]
fn flags_a_command_would_ignore_are_neither_listed_nor_accepted() {
    // (command, flags it has no use for)
    let cases: [(&str, &[&str]); 3] = [
        ("plot", &["--extra-payload", "--target", "--azimuth"]),
        ("reach", &["--extra-payload"]),
        ("payload", &["--extra-payload", "--azimuth"]),
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
    for flag in ["--extra-payload", "--target", "--azimuth"] {
        assert!(help.contains(flag), "estimate --help lacks {flag}");
    }
}
