//! `loftrange reach`, `loftrange places` and place names for --site/--target, run as a user would.

#[allow(unused_imports)]
use crate::util::*;

/// The 2017-11-28 test (Hwasong-15), launched eastward.
const SEED: [&str; 8] = ["--apogee", "4475km", "--range", "950km", "--flight-time", "53min", "--test-azimuth", "90"];

#[test]
fn site_by_name_equals_site_by_coordinates() {
    let by_name = json(&run(&[&["estimate"], &SEED[..], &["--site", "pyongyang", "--json"]].concat()));
    let site = by_name["input"]["site"].as_array().unwrap();
    let (lat, lon) = (site[0].as_f64().unwrap(), site[1].as_f64().unwrap());
    assert!((lat - 39.03).abs() < 0.05 && (lon - 125.75).abs() < 0.05, "{lat}, {lon}");
    assert!(by_name["input"]["site_name"].as_str().unwrap().starts_with("Pyongyang"));
    let coords = format!("{lat},{lon}");
    let by_coords = json(&run(&[&["estimate"], &SEED[..], &["--site", &coords, "--json"]].concat()));
    assert_eq!(by_name["standard"]["range_km"], by_coords["standard"]["range_km"]);
    assert!(by_coords["input"].get("site_name").is_none());
}

#[test]
fn targets_by_name_keep_order_and_carry_name_flight_time_margin() {
    let v = json(&run(&[
        &["estimate"],
        &SEED[..],
        &[
            "--site",
            "Pyongsong",
            "--target",
            "Washington",
            "--target",
            "13.44,144.79",
            "--target",
            "Tokyo, JP",
            "--json",
        ],
    ]
    .concat()));
    let t = v["targets"].as_array().unwrap();
    assert_eq!(t.len(), 3);
    assert!(t[0]["name"].as_str().unwrap().starts_with("Washington"));
    assert!(t[1].get("name").is_none());
    assert!(t[2]["name"].as_str().unwrap().starts_with("Tokyo"));
    for x in t {
        let (r, d, m) =
            (x["range_km"].as_f64().unwrap(), x["distance_km"].as_f64().unwrap(), x["margin_km"].as_f64().unwrap());
        assert!((r - d - m).abs() < 1e-6);
        assert_eq!(x["reachable"].as_bool().unwrap(), m >= 0.0);
        let ft = x["standard_flight_time_s"].as_f64().unwrap();
        assert!(ft > 1_500.0 && ft < 3_000.0, "{ft}");
    }
    // Tokyo (about 1,300 km) and Guam (about 3,400 km) are in reach.
    assert_eq!(t[1]["reachable"], true);
    assert_eq!(t[2]["reachable"], true);
}

/// Exit code 2, one line on stderr containing each of `needles`, nothing on stdout.
fn assert_bad_input(args: &[&str], needles: &[&str]) {
    let o = run(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    for n in needles {
        assert!(err.contains(n), "{err} does not contain {n}");
    }
    assert!(stdout(&o).is_empty());
}

#[test]
fn misspelt_or_ambiguous_places_exit_2_naming_the_field() {
    assert_bad_input(
        &[&["estimate"], &SEED[..], &["--site", "pyongyang", "--target", "Washingtn"]].concat(),
        &["target", "did you mean", "Washington"],
    );
    assert_bad_input(&[&["estimate"], &SEED[..], &["--site", "Pyongyangg"]].concat(), &["site", "did you mean"]);
    assert_bad_input(
        &[&["estimate"], &SEED[..], &["--site", "pyongyang", "--target", "Hyderabad"]].concat(),
        &["target", "ambiguous"],
    );
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
            "--step",
            "0",
        ],
        &["step"],
    );
    assert_bad_input(&["reach", "--apogee", "4475km", "--range", "950km"], &["site"]);
}

#[test]
fn places_search() {
    let o = run(&["places", "seoul"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Seoul") && text.contains("South Korea") && text.contains("capital"), "{text}");
    let v = json(&run(&["places", "seoul", "--json"]));
    let first = &v.as_array().unwrap()[0];
    assert_eq!(first["name"], "Seoul");
    for k in ["country", "lat_deg", "lon_deg", "kind", "population"] {
        assert!(first.get(k).is_some(), "missing {k}");
    }
    assert!(json(&run(&["places", "--json"])).as_array().unwrap().len() > 500);
}

#[test]
fn reach_json_carries_sweep_places_and_targets() {
    let v = json(&run(&[
        &["reach"],
        &SEED[..],
        &["--site", "pyongyang", "--step", "2", "--target", "Washington", "--json"],
    ]
    .concat()));
    for k in [
        "model",
        "burnout",
        "standard",
        "sweep",
        "non_rotating_range_km",
        "places_method",
        "places_in_reach",
        "places_just_outside",
        "targets",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let pts = v["sweep"]["points"].as_array().unwrap();
    assert_eq!(pts.len(), 180);
    for k in ["azimuth_deg", "range_km", "flight_time_s", "impact_lat_deg", "impact_lon_deg", "impact_bearing_deg"] {
        assert!(pts[0].get(k).is_some(), "sweep point missing {k}");
    }
    let f = |p: &str| v.pointer(p).and_then(|x| x.as_f64()).unwrap_or_else(|| panic!("missing {p}"));
    let (max, min) = (f("/sweep/max/range_km"), f("/sweep/min/range_km"));
    assert!(pts
        .iter()
        .all(|p| p["range_km"].as_f64().unwrap() <= max + 1e-6 && p["range_km"].as_f64().unwrap() >= min - 1e-6));
    // Eastward launches gain from the rotation: the maximum is roughly east, the minimum roughly west.
    assert!((f("/sweep/max/azimuth_deg") - 90.0).abs() < 30.0);
    assert!((f("/sweep/min/azimuth_deg") - 270.0).abs() < 30.0);
    let nr = f("/non_rotating_range_km");
    assert!(min < nr && nr < max, "{min} < {nr} < {max}");
    let places = v["places_in_reach"].as_array().unwrap();
    assert!(places.iter().any(|p| p["name"] == "Seoul"));
    let margins: Vec<f64> = places.iter().map(|p| p["margin_km"].as_f64().unwrap()).collect();
    assert!(margins.windows(2).all(|w| w[0] <= w[1]) && margins[0] >= 0.0);
    assert!(v["places_just_outside"].as_array().unwrap().iter().all(|p| p["margin_km"].as_f64().unwrap() < 0.0));
    assert!(v["places_method"].as_str().unwrap().contains("contour"));
    assert_eq!(v["targets"][0]["reachable"], false);
}

#[test]
fn reach_map_png_is_1600_by_1200() {
    let d = tmp_dir("png");
    for (name, extra) in [("map.png", None), ("world.png", Some("--world"))] {
        let path = d.join(name);
        let mut args: Vec<&str> =
            [&["reach"], &SEED[..], &["--site", "pyongyang", "--step", "3", "-o", path.to_str().unwrap()]].concat();
        args.extend(extra);
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((w, h), (1600, 1200));
    }
    let svg = d.join("map.svg");
    let o =
        run(&[&["reach"], &SEED[..], &["--site", "pyongyang", "--step", "3", "-o", svg.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Pyongyang"));
}

#[test]
fn targets_label_bearing_launch_azimuth_and_the_flights_that_end_on_them() {
    let targets = ["--site", "pyongyang", "--target", "tokyo", "--target", "guam", "--target", "washington"];
    // Text, estimate and reach alike: the bearing and the launch azimuth apart, and the
    // flight times of flights that end on the target, labelled.
    for cmd in ["estimate", "reach"] {
        let o = run(&[&[cmd], &SEED[..], &targets[..]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        let tokyo =
            text.lines().skip_while(|l| !l.trim_start().starts_with("Tokyo")).take(4).collect::<Vec<_>>().join("\n");
        assert!(tokyo.contains("distance 1,2") && tokyo.contains("bearing 102."), "{tokyo}");
        assert!(tokyo.contains("standard trajectory") && tokyo.contains("launch azimuth"), "{tokyo}");
        assert!(tokyo.contains("not to the target"), "{tokyo}");
        assert!(tokyo.contains("flight time to target") && tokyo.contains("minimum-energy flight: "), "{tokyo}");
        assert!(tokyo.contains("own burnout speed, low flight: "), "{tokyo}");
        let washington = text
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("Washington"))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(washington.contains("OUT of reach") && washington.contains("flight time to target"), "{washington}");
        assert!(washington.contains("out of reach: the standard range toward the target is shorter"), "{washington}");
    }
    let v = json(&run(&[&["estimate"], &SEED[..], &targets[..], &["--json"]].concat()));
    let t = v["targets"].as_array().unwrap();
    let g = |x: &serde_json::Value| x.as_f64().unwrap_or_else(|| panic!("not a number: {x}"));
    for x in &t[..2] {
        // Rotating Earth: the launch azimuth is not the bearing.
        assert!((g(&x["bearing_deg"]) - g(&x["launch_azimuth_deg"])).abs() > 0.1, "{x}");
        let (me, low) = (&x["minimum_energy"], &x["own_speed_low"]);
        for k in ["launch_azimuth_deg", "speed_km_s", "flight_path_angle_deg", "flight_time_s", "apogee_km", "miss_km"]
        {
            g(&me[k]);
            g(&low[k]);
        }
        assert!(g(&me["miss_km"]) < 1.0 && g(&low["miss_km"]) < 1.0);
        assert!(g(&low["flight_time_s"]) < g(&me["flight_time_s"]));
        assert!(g(&me["flight_time_s"]) < g(&x["standard_flight_time_s"]));
        assert!(x.get("minimum_energy_note").is_none());
    }
    // Tokyo (about 1,300 km) is reached sooner than Guam (about 3,400 km).
    let time = |i: usize| g(&t[i]["minimum_energy"]["flight_time_s"]);
    assert!(time(0) < time(1), "{} vs {}", time(0), time(1));
    // Washington is out of reach: no flights, and why.
    assert!(t[2]["minimum_energy"].is_null() && t[2]["own_speed_low"].is_null());
    assert!(t[2]["minimum_energy_note"].as_str().unwrap().starts_with("out of reach"));
}

#[test]
fn the_hwasong19_contour_never_reads_inside_the_shortest_standard_range() {
    // Near the antipode the impacts' bearings spread; the contour between them (text,
    // JSON and maps alike) must not cut inside the shortest range of the sweep.
    let j = crate::util::json(&run(&["reach", "--test", "2024-10-31-hwasong19-kcna", "--json"]));
    let min = j["sweep"]["min"]["range_km"].as_f64().unwrap();
    let places = j["places_in_reach"].as_array().unwrap();
    assert!(!places.is_empty());
    for p in places.iter().filter(|p| !p["range_km"].is_null()) {
        let r = p["range_km"].as_f64().unwrap();
        assert!(r >= min - 1e-6, "{}: {r} km under the sweep's minimum {min} km", p["name"]);
    }
}

#[test]
fn maps_mark_the_targets_and_each_countrys_largest_place_in_reach() {
    // The README's seed case: Los Angeles is the largest place in reach in the United
    // States (GeoJSON and JSON say in reach); the text, the SVG and the world map name it,
    // the targets are labelled whether in reach or not, and the key counts the rest.
    let dir = tmp_dir("largest");
    let seed =
        [&["reach"], &SEED[..], &["--site", "pyongsong", "--target", "washington", "--target", "london"]].concat();
    let j = json(&run(&[&seed[..], &["--json"]].concat()));
    let in_reach: Vec<&str> =
        j["places_in_reach"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(in_reach.contains(&"Los Angeles") && !in_reach.contains(&"New York City"));
    let text = ok_stdout(&run(&seed));
    let largest = text.split("Largest place in reach in each country").nth(1).expect("the list");
    assert!(largest.contains("Los Angeles (United States)"), "{largest}");
    for world in [false, true] {
        let svg = dir.join(format!("map-{world}.svg"));
        let mut args = [&seed[..], &["-o", svg.to_str().unwrap()]].concat();
        if world {
            args.push("--world");
        }
        ok_stdout(&run(&args));
        let s = std::fs::read_to_string(&svg).unwrap();
        for name in ["Los Angeles", "Washington", "London"] {
            assert!(s.lines().any(|l| l.trim() == name), "{name} not labelled (world {world})");
        }
        assert!(s.contains("places drawn,") && s.contains("not (--json lists all)"), "no count (world {world})");
    }
}
