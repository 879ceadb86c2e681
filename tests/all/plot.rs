//! The trajectory figure, drawn from synthetic trajectories (no engine needed).

use std::fs;
use std::path::{Path, PathBuf};

use loftrange::constants::EARTH_RADIUS_M;
use loftrange::render::plot::{draw_trajectories, ImageFormat, PlotError, TrajectoryFigure};
use loftrange::trajectory::{Trajectory, TrajectoryPoint};

/// A closed-form arc: altitude 4·H·s(L−s)/L² over ground distance s ∈ [0, L],
/// time linear in s; the first `powered_fraction` of the points are powered.
fn arc(apogee_m: f64, range_m: f64, flight_time_s: f64, powered_fraction: f64) -> Trajectory {
    let n = 200;
    let points = (0..=n)
        .map(|i| {
            let f = i as f64 / n as f64;
            let s = f * range_m;
            TrajectoryPoint {
                time_s: f * flight_time_s,
                altitude_m: 4.0 * apogee_m * s * (range_m - s) / (range_m * range_m),
                ground_distance_m: s,
                lat_rad: 0.0,
                lon_rad: s / EARTH_RADIUS_M,
                powered: f < powered_fraction,
            }
        })
        .collect();
    Trajectory { apogee_m, range_m, flight_time_s, points }
}

fn lofted() -> Trajectory {
    arc(4_475_000.0, 950_000.0, 53.0 * 60.0, 0.0)
}

fn standard() -> Trajectory {
    arc(1_250_000.0, 9_983_000.0, 33.0 * 60.0, 0.0)
}

fn figure<'a>(lofted: &'a Trajectory, standard: Option<&'a Trajectory>) -> TrajectoryFigure<'a> {
    TrajectoryFigure {
        title: "Hwasong-15 2017-11-28 — standard range 9,983 km".into(),
        assumptions: "model kepler: non-rotating spherical Earth, point-mass gravity, no air, \
                      impulsive burnout at 0 km"
            .into(),
        earth_radius_m: EARTH_RADIUS_M,
        lofted: Some(lofted),
        standard,
        global_reach: standard.is_none(),
        global_reach_text: "global reach in every direction".into(),
        reported_flight_time_s: None,
        stage_impacts: Vec::new(),
    }
}

/// A fresh, empty directory for one test under cargo's per-crate temp dir.
fn out_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plot").join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 33, "too short for a PNG");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn png_has_requested_size_and_no_temp_file_remains() {
    let (l, s) = (lofted(), standard());
    let dir = out_dir("png");
    let path = dir.join("trajectories.png");
    draw_trajectories(&figure(&l, Some(&s)), &path, 900, 600).unwrap();
    assert_eq!(png_size(&fs::read(&path).unwrap()), (900, 600));
    assert_eq!(dir_entries(&dir), vec!["trajectories.png"]);

    // Overwriting an existing file works (and leaves the default-size figure to look at).
    draw_trajectories(&figure(&l, Some(&s)), &path, 1200, 800).unwrap();
    assert_eq!(png_size(&fs::read(&path).unwrap()), (1200, 800));
    assert_eq!(dir_entries(&dir), vec!["trajectories.png"]);
}

#[test]
fn svg_names_both_trajectories() {
    let (l, s) = (lofted(), standard());
    let dir = out_dir("svg");
    let path = dir.join("trajectories.svg");
    draw_trajectories(&figure(&l, Some(&s)), &path, 1200, 800).unwrap();
    let svg = fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    assert!(svg.contains("lofted test"));
    assert!(svg.contains("standard trajectory"));
    assert!(svg.contains("9,983"), "range with thousands separator");
}

#[test]
fn missing_directory_is_an_error_naming_the_path() {
    let (l, s) = (lofted(), standard());
    let dir = out_dir("missing");
    let path = dir.join("no-such-dir").join("fig.png");
    let err = draw_trajectories(&figure(&l, Some(&s)), &path, 1200, 800).unwrap_err();
    assert!(matches!(err, PlotError::MissingDirectory { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(!path.exists());
    assert!(dir_entries(&dir).is_empty());

    // A file where the directory should be.
    fs::write(dir.join("plain-file"), b"").unwrap();
    let path = dir.join("plain-file").join("fig.svg");
    let err = draw_trajectories(&figure(&l, Some(&s)), &path, 1200, 800).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()) && msg.contains("not a directory"), "{msg}");
    assert_eq!(dir_entries(&dir), vec!["plain-file"]);
}

#[test]
fn unknown_extension_is_an_error() {
    let (l, s) = (lofted(), standard());
    let dir = out_dir("ext");
    let path = dir.join("fig.jpg");
    let err = draw_trajectories(&figure(&l, Some(&s)), &path, 1200, 800).unwrap_err();
    assert!(matches!(err, PlotError::UnknownFormat { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("fig.jpg") && msg.contains("accepted: .png, .svg"), "{msg}");
    assert!(dir_entries(&dir).is_empty());
    assert!(ImageFormat::from_path(Path::new("fig")).is_err());
}

#[test]
fn global_reach_draws_lofted_only_and_says_so() {
    let l = lofted();
    let dir = out_dir("global");
    let png = dir.join("global.png");
    draw_trajectories(&figure(&l, None), &png, 1200, 800).unwrap();
    assert_eq!(png_size(&fs::read(&png).unwrap()), (1200, 800));
    let svg = dir.join("global.svg");
    draw_trajectories(&figure(&l, None), &svg, 1200, 800).unwrap();
    let text = fs::read_to_string(&svg).unwrap();
    assert!(text.contains("standard trajectory: global reach in every direction"));
    assert!(text.contains("lofted test"));
}

#[test]
fn powered_boost_and_odd_sizes_draw() {
    // Boost phase marked powered; a short, low test; smallest and a large size.
    let l = arc(60_000.0, 150_000.0, 300.0, 0.2);
    let s = arc(20_000.0, 300_000.0, 280.0, 0.1);
    let dir = out_dir("odd");
    for (w, h) in [(400, 300), (2400, 1600), (800, 1000)] {
        let path = dir.join(format!("short-{w}x{h}.png"));
        draw_trajectories(&figure(&l, Some(&s)), &path, w, h).unwrap();
        assert_eq!(png_size(&fs::read(&path).unwrap()), (w, h));
    }
    // Half-way round the Earth.
    let far = arc(1_500_000.0, 19_000_000.0, 45.0 * 60.0, 0.05);
    let path = dir.join("far.png");
    draw_trajectories(&figure(&l, Some(&far)), &path, 1200, 800).unwrap();
}

#[test]
fn bad_input_is_refused_without_writing() {
    let (l, s) = (lofted(), standard());
    let dir = out_dir("bad");
    let path = dir.join("fig.png");
    fs::write(&path, b"previous figure").unwrap();
    let err = draw_trajectories(&figure(&l, Some(&s)), &path, 10, 10).unwrap_err();
    assert!(matches!(err, PlotError::InvalidSize { .. }), "{err:?}");
    let empty = Trajectory { points: vec![], ..l.clone() };
    let err = draw_trajectories(&figure(&empty, Some(&s)), &path, 1200, 800).unwrap_err();
    assert!(err.to_string().contains("lofted test"), "{err}");
    let mut nan = s.clone();
    nan.points[3].altitude_m = f64::NAN;
    let err = draw_trajectories(&figure(&l, Some(&nan)), &path, 1200, 800).unwrap_err();
    assert!(err.to_string().contains("standard trajectory"), "{err}");
    // The previous file is untouched and nothing else was left behind.
    assert_eq!(fs::read(&path).unwrap(), b"previous figure");
    assert_eq!(dir_entries(&dir), vec!["fig.png"]);
}

/// The web page's figures: the in-memory SVG is byte for byte the file `draw_trajectories`
/// writes (one drawing path), and bad data is refused the same way, without a file.
#[test]
fn svg_string_is_the_svg_file() {
    let dir = out_dir("svg_string_is_the_svg_file");
    let (l, s) = (lofted(), standard());
    let fig = figure(&l, Some(&s));
    let path = dir.join("t.svg");
    draw_trajectories(&fig, &path, 900, 600).unwrap();
    let svg = loftrange::render::plot::trajectories_svg(&fig, 900, 600).unwrap();
    assert_eq!(svg, fs::read_to_string(&path).unwrap());
    assert!(svg.starts_with("<svg") && svg.contains("width=\"900\""));

    let mut bad = figure(&l, Some(&s));
    bad.earth_radius_m = f64::NAN;
    let e = loftrange::render::plot::trajectories_svg(&bad, 900, 600).unwrap_err();
    assert!(matches!(e, PlotError::InvalidData { .. }), "{e}");
    let e = loftrange::render::plot::trajectories_svg(&fig, 10, 10).unwrap_err();
    assert!(matches!(e, PlotError::InvalidSize { .. }), "{e}");
}
