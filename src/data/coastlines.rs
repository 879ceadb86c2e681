//! World coastlines for maps: Natural Earth 1:110m land outlines (public
//! domain), embedded from `data/coastlines.txt` (see data/README.md).
//!
//! Each polyline is a list of (lon_deg, lat_deg). Edges along the antimeridian
//! and Antarctica's clip latitude are left out, and lines are split where they
//! cross lon = ±180, so no segment spans the map.

use std::sync::OnceLock;

const COASTLINES_TXT: &str = include_str!("../../data/coastlines.txt");

/// All coastline polylines, (lon_deg, lat_deg), parsed once.
pub fn polylines() -> &'static [Vec<(f64, f64)>] {
    static LINES: OnceLock<Vec<Vec<(f64, f64)>>> = OnceLock::new();
    LINES.get_or_init(|| parse(COASTLINES_TXT).expect("embedded data/coastlines.txt is valid"))
}

/// Parses the text format: one polyline per line, `lon,lat` pairs separated by
/// spaces; blank lines and lines starting with `#` are skipped.
fn parse(text: &str) -> Result<Vec<Vec<(f64, f64)>>, String> {
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut points = Vec::new();
        for pair in line.split_ascii_whitespace() {
            let (lon, lat) = pair.split_once(',').ok_or_else(|| format!("line {}: {pair:?} is not lon,lat", i + 1))?;
            let lon: f64 = lon.parse().map_err(|e| format!("line {}: lon {lon:?}: {e}", i + 1))?;
            let lat: f64 = lat.parse().map_err(|e| format!("line {}: lat {lat:?}: {e}", i + 1))?;
            points.push((lon, lat));
        }
        lines.push(points);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polylines_are_sane() {
        let lines = polylines();
        assert!(lines.len() > 100, "{} polylines", lines.len());
        let n: usize = lines.iter().map(Vec::len).sum();
        assert!((3_000..20_000).contains(&n), "{n} vertices");
        for line in lines {
            assert!(line.len() >= 2);
            for &(lon, lat) in line {
                assert!(lon.is_finite() && (-180.0..=180.0).contains(&lon), "lon {lon}");
                assert!(lat.is_finite() && (-90.0..=90.0).contains(&lat), "lat {lat}");
            }
            for w in line.windows(2) {
                // No segment jumps across the map, and 1:110m segments are short.
                assert!((w[0].0 - w[1].0).abs() < 20.0, "{:?} → {:?}", w[0], w[1]);
            }
        }
    }

    #[test]
    fn covers_the_continents() {
        // Some vertex near each of a few well-known coasts.
        let near = |lon: f64, lat: f64| {
            polylines().iter().flatten().any(|&(x, y)| (x - lon).abs() < 1.5 && (y - lat).abs() < 1.5)
        };
        assert!(near(129.0, 40.5), "east coast of North Korea");
        assert!(near(-122.5, 37.8), "San Francisco Bay");
        assert!(near(-9.3, 38.7), "Lisbon");
        assert!(near(151.2, -33.9), "Sydney");
        assert!(near(18.4, -34.0), "Cape of Good Hope");
        assert!(!near(-150.0, 0.0), "mid-Pacific");
    }

    #[test]
    fn parse_rejects_garbage() {
        assert!(parse("1,2 3").is_err());
        assert!(parse("1,x").is_err());
        assert_eq!(parse("# c\n\n1,2 3,4\n").unwrap(), vec![vec![(1.0, 2.0), (3.0, 4.0)]]);
    }
}
