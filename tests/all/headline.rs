//! The headline (`render::headline`): the answer in plain words at the top of the text
//! report and as `headline` in the JSON, its numbers the JSON's own.

use crate::util::{json, ok_stdout, run};

/// A value in km as the headline writes it: whole km with thousands separators.
fn km_words(km: f64) -> String {
    loftrange::render::grouped(km)
}

#[test]
fn headline_numbers_are_the_json_fields_and_lead_the_text_report() {
    let args = ["estimate", "--test", "2017-11-28-hwasong15-kcna", "--target", "washington", "--target", "tokyo"];
    let j = json(&run(&[&args[..], &["--json"]].concat()));
    let h = j["headline"].as_str().unwrap();
    let az = j["standard"]["azimuth_deg"].as_f64().unwrap();
    let range = j["standard"]["range_km"].as_f64().unwrap();
    let flat = j["non_rotating"]["range_km"].as_f64().unwrap();
    let (dc, tokyo) = (&j["targets"][0], &j["targets"][1]);
    let expected = format!(
        "On a standard trajectory toward {az:.1}° from Pyongsong, the missile of the 2017-11-28 Hwasong-15 test would fly about {} km ({} km with the same burnout speed on a non-rotating Earth). Washington is out of reach by {} km; Tokyo is in reach with {} km to spare.",
        km_words(range),
        km_words(flat),
        km_words(-dc["margin_km"].as_f64().unwrap()),
        km_words(tokyo["margin_km"].as_f64().unwrap()),
    );
    assert_eq!(h, expected);
    assert!(!dc["reachable"].as_bool().unwrap() && tokyo["reachable"].as_bool().unwrap());
    // The text report opens with the same sentence.
    let text = ok_stdout(&run(&args));
    assert_eq!(text.lines().next().unwrap(), h);
    // The comparison is the same burnout speed under model sphere, as `estimate
    // --burnout-speed --model sphere` flies it (cross-front-end equality).
    let speed = format!("{}km/s", j["burnout"]["speed_km_s"].as_f64().unwrap());
    let sphere = json(&run(&["estimate", "--burnout-speed", &speed, "--model", "sphere", "--json"]));
    assert!((sphere["standard"]["range_km"].as_f64().unwrap() - flat).abs() < 1e-6, "{sphere} vs {flat}");
    assert_eq!(j["non_rotating"]["azimuth_deg"].as_f64().unwrap(), az);
}

#[test]
fn two_body_headline_is_the_closed_form_range() {
    // 4,475 km apogee, 950 km range, two-body: 9,983.3 km (closed form, the library's
    // doctest and MODEL.md); no site, no direction, nothing to compare with.
    let j = json(&run(&["estimate", "--apogee", "4,475 km", "--range", "950 km", "--json"]));
    assert_eq!(j["headline"], "On a standard trajectory, the tested missile would fly about 9,983 km.");
    assert!(j.get("non_rotating").is_none());
}

#[test]
fn global_reach_is_worded_per_direction_as_the_report_words_it() {
    let j = json(&run(&["estimate", "--test", "2024-10-31-hwasong19-kcna", "--target", "washington", "--json"]));
    assert_eq!(j["standard"]["global_reach"], true);
    let everywhere = j["global_margin"]["global_everywhere"].as_bool().unwrap();
    let h = j["headline"].as_str().unwrap();
    let az = j["standard"]["azimuth_deg"].as_f64().unwrap();
    assert!(h.starts_with(&format!("On a standard trajectory toward {az:.1}° from ")), "{h}");
    if everywhere {
        assert!(h.contains("every point on Earth is in reach, in every direction"), "{h}");
    } else {
        assert!(
            h.contains("would have global reach in that direction") && h.contains("other directions may be bounded"),
            "{h}"
        );
    }
    assert_eq!(j["targets"][0]["reachable"], true);
    assert!(j["targets"][0]["margin_km"].is_null());
    assert!(h.ends_with("Washington is in reach (global reach toward it)."), "{h}");
    // Over a non-rotating sphere every direction is the same: global reach everywhere.
    let j = json(&run(&["estimate", "--test", "2024-10-31-hwasong19-kcna", "--model", "sphere", "--json"]));
    assert_eq!(j["standard"]["global_reach"], true);
    assert!(j["headline"].as_str().unwrap().contains("every point on Earth is in reach, in every direction"));
}

#[test]
fn words_people_write_are_read_on_the_command_line() {
    // "4,475 km", "1 h 14 min"... mean the same as 4475km and 74min: the same estimate.
    let plain = json(&run(&[
        "estimate",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--flight-time",
        "53min",
        "--site",
        "pyongyang",
        "--test-azimuth",
        "90",
        "--json",
    ]));
    let words = json(&run(&[
        "estimate",
        "--apogee",
        "4,475 km",
        "--range",
        "950 kilometres",
        "--flight-time",
        "53 minutes",
        "--site",
        "pyongyang",
        "--test-azimuth",
        "east",
        "--json",
    ]));
    assert_eq!(plain, words);
    let o = run(&["estimate", "--apogee", "4,5 km", "--range", "950km"]);
    assert_eq!(o.status.code(), Some(2));
    let e = crate::util::stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("loftrange: apogee: \"4,5 km\"") && e.contains("groups of three digits"), "{e}");
}
