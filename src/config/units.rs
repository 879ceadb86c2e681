//! Text with units at the edge ("4475+-50km", "53min", "39.2,125.7", "pyongyang") to SI
//! numbers: the one place where units are parsed, for the command line, batch lines and
//! the web page alike.

use crate::error::Error;
use crate::error::Result;

pub(crate) fn number(field: &'static str, text: &str, accepted: &str) -> Result<f64> {
    let t = text.trim();
    t.parse::<f64>().map_err(|_| Error::invalid(field, format!("\"{text}\""), accepted.to_string()))
}

/// Split "4475km" or "4475 km" into the number and the unit.
fn split_unit(text: &str) -> (&str, &str) {
    let t = text.trim();
    if t.parse::<f64>().is_ok() {
        return (t, ""); // a bare number, including nan and inf (rejected later by range checks)
    }
    let idx = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    // keep exponents like 1e3 with the number
    let idx = if idx < t.len() && (t[idx..].starts_with('e') || t[idx..].starts_with('E')) {
        let rest = &t[idx + 1..];
        let digits = rest.trim_start_matches(['+', '-']);
        if digits.starts_with(|c: char| c.is_ascii_digit()) {
            idx + 1
                + (rest.len() - digits.len())
                + digits.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(digits.len())
        } else {
            idx
        }
    } else {
        idx
    };
    (t[..idx].trim(), t[idx..].trim())
}

/// A length with a unit (km, m, mi, nmi; a bare number is km), in metres.
pub fn parse_length_m(field: &'static str, text: &str) -> Result<f64> {
    let accepted = "a number with a unit: km, m, mi or nmi (a bare number is km), e.g. 4475km";
    let (num, unit) = split_unit(text);
    let factor = match unit.to_ascii_lowercase().as_str() {
        "" | "km" => 1e3,
        "m" => 1.0,
        "mi" => crate::constants::METRES_PER_MILE,
        "nmi" => crate::constants::METRES_PER_NAUTICAL_MILE,
        _ => return Err(Error::invalid(field, format!("\"{text}\" (unknown unit \"{unit}\")"), accepted)),
    };
    Ok(number(field, num, accepted)? * factor)
}

/// A speed with a unit (km/s or m/s; a bare number is km/s), in m/s.
pub fn parse_speed_m_s(field: &'static str, text: &str) -> Result<f64> {
    let accepted = "a speed with a unit: km/s or m/s (a bare number is km/s), e.g. 7.2km/s";
    let t = text.trim();
    let (num, factor) = if let Some(n) = t.strip_suffix("km/s") {
        (n, 1e3)
    } else if let Some(n) = t.strip_suffix("m/s") {
        (n, 1.0)
    } else if t.parse::<f64>().is_ok() {
        (t, 1e3)
    } else {
        return Err(Error::invalid(field, format!("\"{text}\""), accepted));
    };
    Ok(number(field, num, accepted)? * factor)
}

/// A duration with a unit (s, min, h), in seconds; a bare number is an error.
pub fn parse_duration_s(field: &'static str, text: &str) -> Result<f64> {
    let accepted = "a number with a unit: s, min or h, e.g. 53min";
    let (num, unit) = split_unit(text);
    let factor = match unit.to_ascii_lowercase().as_str() {
        "s" | "sec" => 1.0,
        "min" => 60.0,
        "h" => 3600.0,
        "" => return Err(Error::invalid(field, format!("\"{text}\" (no unit)"), accepted)),
        _ => return Err(Error::invalid(field, format!("\"{text}\" (unknown unit \"{unit}\")"), accepted)),
    };
    Ok(number(field, num, accepted)? * factor)
}

/// An angle in degrees (a trailing "deg" is allowed).
pub fn parse_degrees(field: &'static str, text: &str) -> Result<f64> {
    let accepted = "an angle in degrees, e.g. 90";
    let t = text.trim().trim_end_matches("deg").trim();
    let v = number(field, t, accepted)?;
    if !v.is_finite() {
        return Err(Error::invalid(field, format!("\"{text}\""), accepted));
    }
    Ok(v)
}

/// "LAT,LON" in degrees, latitude within ±90.
pub fn parse_lat_lon(field: &'static str, text: &str) -> Result<(f64, f64)> {
    let accepted = "LAT,LON in degrees, latitude from -90 to 90, e.g. 39.0,125.7";
    let mut parts = text.split(',');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Error::invalid(field, format!("\"{text}\""), accepted));
    };
    let lat = number(field, a, accepted)?;
    let lon = number(field, b, accepted)?;
    check_lat_lon(field, lat, lon)?;
    Ok((lat, lon))
}

/// Split "4475+-50km" (or "4475±50km") into "4475" and "50km", moving the unit onto
/// whichever side lacks one; a plain value gives `None` for the uncertainty.
fn split_sigma(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    let Some((v, s)) = t.split_once("+-").or_else(|| t.split_once('±')) else {
        return (t.to_string(), None);
    };
    let ((vn, vu), (sn, su)) = (split_unit(v), split_unit(s));
    let unit = if vu.is_empty() { su } else { vu };
    let (vu, su) = (if vu.is_empty() { unit } else { vu }, if su.is_empty() { unit } else { su });
    (format!("{vn}{vu}"), Some(format!("{sn}{su}")))
}

fn with_sigma(
    field: &'static str,
    text: &str,
    parse: impl Fn(&'static str, &str) -> Result<f64>,
) -> Result<(f64, f64)> {
    let (v, s) = split_sigma(text);
    let value = parse(field, &v)?;
    let sigma = match s {
        Some(s) => parse(field, &s)?,
        None => 0.0,
    };
    if !(sigma.is_finite() && sigma >= 0.0) {
        return Err(Error::invalid(
            field,
            format!("\"{text}\""),
            "an uncertainty of 0 or more after +- (e.g. 4475+-50km)",
        ));
    }
    Ok((value, sigma))
}

/// A length with an optional 1-sigma (or ± bound): "4475+-50km", "4475km±50km"; metres.
pub fn parse_length_sigma_m(field: &'static str, text: &str) -> Result<(f64, f64)> {
    with_sigma(field, text, parse_length_m)
}

/// A duration with an optional uncertainty: "53+-2min"; seconds.
pub fn parse_duration_sigma_s(field: &'static str, text: &str) -> Result<(f64, f64)> {
    with_sigma(field, text, parse_duration_s)
}

/// An angle with an optional uncertainty: "90+-5"; degrees.
pub fn parse_degrees_sigma(field: &'static str, text: &str) -> Result<(f64, f64)> {
    with_sigma(field, text, parse_degrees)
}

/// "LAT+-s,LON+-s" in degrees: ((lat, lon), (sigma_lat, sigma_lon)).
pub fn parse_lat_lon_sigma(field: &'static str, text: &str) -> Result<((f64, f64), (f64, f64))> {
    let accepted = "LAT,LON in degrees, each optionally with +-, e.g. 39.0+-0.1,125.7+-0.1";
    let Some((a, b)) = text.split_once(',') else {
        return Err(Error::invalid(field, format!("\"{text}\""), accepted));
    };
    let (lat, slat) = with_sigma(field, a, |f, t| number(f, t, accepted))?;
    let (lon, slon) = with_sigma(field, b, |f, t| number(f, t, accepted))?;
    check_lat_lon(field, lat, lon)?;
    Ok(((lat, lon), (slat, slon)))
}

/// Text starting with a digit, sign or dot is coordinates; anything else a place name.
pub(crate) fn is_place_name(text: &str) -> bool {
    let t = text.trim();
    !(t.is_empty() || t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')))
}

pub use crate::fmt::MAX_NAME_CHARS;

/// `text` of at most [`MAX_NAME_CHARS`] characters, or an input error naming `field`
/// and the limit (`what` says what the text is: "a place name"). Looks at no more than
/// the first [`MAX_NAME_CHARS`] + 1 characters.
pub fn check_name_length(field: &'static str, text: &str, what: &str) -> Result<()> {
    if text.chars().nth(MAX_NAME_CHARS).is_none() {
        return Ok(());
    }
    let head: String = text.chars().take(40).collect();
    Err(Error::invalid(
        field,
        format!("\"{head}...\" ({} characters)", text.chars().count()),
        format!("{what} of at most {MAX_NAME_CHARS} characters"),
    ))
}

/// "LAT,LON" in degrees, or a place name resolved with `places::resolve` ("pyongyang",
/// "Tokyo, JP"): (lat, lon, Some("Name, Country")) for a name of at most
/// [`MAX_NAME_CHARS`] characters. Text starting with a digit, sign or dot is read as
/// coordinates.
pub fn parse_place_or_lat_lon(field: &'static str, text: &str) -> Result<(f64, f64, Option<String>)> {
    check_name_length(field, text, "a place name or LAT,LON")?;
    let t = text.trim();
    if !is_place_name(t) {
        return parse_lat_lon(field, text).map(|(lat, lon)| (lat, lon, None));
    }
    match crate::data::places::resolve(t) {
        Ok(p) => {
            check_lat_lon(field, p.lat_deg, p.lon_deg)?;
            Ok((p.lat_deg, p.lon_deg, Some(format!("{}, {}", p.name, p.country))))
        }
        Err(e) => {
            Err(Error::invalid(field, format!("\"{t}\""), format!("{e} (give a place name or LAT,LON in degrees)")))
        }
    }
}

pub(crate) fn check_lat_lon(field: &'static str, lat: f64, lon: f64) -> Result<()> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(Error::invalid(
            field,
            format!("latitude {}", crate::fmt::echo(lat)),
            "a latitude from -90 to 90 degrees",
        ));
    }
    if !(lon.is_finite() && (-360.0..=360.0).contains(&lon)) {
        return Err(Error::invalid(
            field,
            format!("longitude {}", crate::fmt::echo(lon)),
            "a longitude from -360 to 360 degrees",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_in_every_unit() {
        assert_eq!(parse_length_m("apogee", "4475km").unwrap(), 4_475_000.0);
        assert_eq!(parse_length_m("apogee", "4475 km").unwrap(), 4_475_000.0);
        assert_eq!(parse_length_m("apogee", "4475").unwrap(), 4_475_000.0);
        assert_eq!(parse_length_m("apogee", "1500m").unwrap(), 1500.0);
        assert_eq!(parse_length_m("apogee", "1mi").unwrap(), 1609.344);
        assert_eq!(parse_length_m("apogee", "1nmi").unwrap(), 1852.0);
        assert_eq!(parse_length_m("apogee", "1e3km").unwrap(), 1e6);
        assert!(parse_length_m("apogee", "12furlongs").unwrap_err().to_string().contains("unknown unit"));
    }

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(parse_duration_s("flight time", "53min").unwrap(), 3180.0);
        assert_eq!(parse_duration_s("flight time", "3180s").unwrap(), 3180.0);
        assert_eq!(parse_duration_s("flight time", "0.5h").unwrap(), 1800.0);
        assert!(parse_duration_s("flight time", "53").unwrap_err().to_string().contains("no unit"));
    }

    #[test]
    fn values_with_uncertainty() {
        assert_eq!(parse_length_sigma_m("apogee", "4475+-50km").unwrap(), (4_475_000.0, 50_000.0));
        assert_eq!(parse_length_sigma_m("apogee", "4475±50km").unwrap(), (4_475_000.0, 50_000.0));
        assert_eq!(parse_length_sigma_m("apogee", "4475km +- 50km").unwrap(), (4_475_000.0, 50_000.0));
        assert_eq!(parse_length_sigma_m("apogee", "4475km+-500m").unwrap(), (4_475_000.0, 500.0));
        assert_eq!(parse_length_sigma_m("apogee", "4475km").unwrap(), (4_475_000.0, 0.0));
        assert!(parse_length_sigma_m("apogee", "4475+--50km").is_err());
        assert_eq!(parse_duration_sigma_s("flight time", "53+-2min").unwrap(), (3180.0, 120.0));
        assert!(parse_duration_sigma_s("flight time", "53+-2").unwrap_err().to_string().contains("no unit"));
        assert_eq!(parse_degrees_sigma("test azimuth", "90+-5").unwrap(), (90.0, 5.0));
        assert_eq!(parse_lat_lon_sigma("site", "39.0+-0.1,125.7+-0.2").unwrap(), ((39.0, 125.7), (0.1, 0.2)));
        assert_eq!(parse_lat_lon_sigma("site", "39.0,125.7").unwrap(), ((39.0, 125.7), (0.0, 0.0)));
    }

    #[test]
    fn lat_lon_pairs() {
        assert_eq!(parse_lat_lon("site", "39.0,125.7").unwrap(), (39.0, 125.7));
        assert!(parse_lat_lon("site", "91,0").is_err());
        assert!(parse_lat_lon("site", "39").is_err());
    }

    #[test]
    fn places_by_name_or_coordinates() {
        let (lat, lon, name) = parse_place_or_lat_lon("site", "pyongyang").unwrap();
        assert!((lat - 39.0).abs() < 0.1 && (lon - 125.75).abs() < 0.1, "{lat}, {lon}");
        assert!(name.unwrap().starts_with("Pyongyang"));
        assert_eq!(parse_place_or_lat_lon("site", "-33.9,151.2").unwrap(), (-33.9, 151.2, None));
        let e = parse_place_or_lat_lon("target", "Washingtn").unwrap_err().to_string();
        assert!(e.starts_with("target: ") && e.contains("did you mean"), "{e}");
    }
}
