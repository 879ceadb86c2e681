//! Text with units at the edge ("4475+-50km", "53min", "39.2,125.7", "pyongyang") to SI
//! numbers: the one place where units are parsed, for the command line, batch lines and
//! the web page alike.

use crate::error::Error;
use crate::error::Result;

pub(crate) fn number(field: &'static str, text: &str, accepted: &str) -> Result<f64> {
    number_of(field, text, text, accepted)
}

/// The number `num` read from the input `text` (the whole value, which an error echoes).
fn number_of(field: &'static str, num: &str, text: &str, accepted: &str) -> Result<f64> {
    let t = num.trim();
    if t.contains(',') {
        return match without_thousands_separators(t) {
            Some(plain) => {
                plain.parse::<f64>().map_err(|_| Error::invalid(field, format!("\"{text}\""), accepted.to_string()))
            }
            None => Err(Error::invalid(
                field,
                format!("\"{text}\" (a comma that does not separate thousands)"),
                format!("{accepted}; a comma only between groups of three digits (4,475), never as a decimal point"),
            )),
        };
    }
    t.parse::<f64>().map_err(|_| Error::invalid(field, format!("\"{text}\""), accepted.to_string()))
}

/// "4,475" or "-12,345,678.5" without its commas, when every comma separates groups of
/// three digits in the whole part (one to three digits before the first); `None` for
/// any other comma ("4,5", "44,75", "4,4750", "4475.5,0"), so that no comma is ever read
/// as a decimal point.
fn without_thousands_separators(t: &str) -> Option<String> {
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let whole = unsigned.split(['.', 'e', 'E']).next().unwrap_or(unsigned);
    if unsigned[whole.len()..].contains(',') {
        return None;
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    if !(1..=3).contains(&first.len()) || !digits(first) {
        return None;
    }
    if !groups.all(|g| g.len() == 3 && digits(g)) {
        return None;
    }
    Some(t.replace(',', ""))
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
        "" | "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => 1e3,
        "m" | "metre" | "metres" | "meter" | "meters" => 1.0,
        "mi" | "mile" | "miles" => crate::constants::METRES_PER_MILE,
        "nmi" | "nautical mile" | "nautical miles" => crate::constants::METRES_PER_NAUTICAL_MILE,
        _ => return Err(Error::invalid(field, format!("\"{text}\" (unknown unit \"{unit}\")"), accepted)),
    };
    Ok(number_of(field, num, text, accepted)? * factor)
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

/// Seconds in a duration unit ("s", "sec", "seconds", "min", "minutes", "h", "hours"),
/// `None` for any other (a bare "m" is metres, never minutes).
fn seconds_per(unit: &str) -> Option<f64> {
    match unit.to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => Some(1.0),
        "min" | "mins" | "minute" | "minutes" => Some(60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(3600.0),
        _ => None,
    }
}

/// A duration with a unit, in seconds: "53min", "53 minutes", "3180 s", "0.5h", or
/// hours, minutes and seconds in that order, each at most once ("1 h 14 min",
/// "1h14min", "1 h 2 min 30 s"; minutes and seconds after a larger unit below 60). A
/// bare number is an error.
pub fn parse_duration_s(field: &'static str, text: &str) -> Result<f64> {
    let accepted = "a number with a unit: s, min or h (53min, 53 minutes, 3180 s), or hours then minutes then seconds (1 h 14 min, 1h14min)";
    let bad = |why: &str| Error::invalid(field, format!("\"{text}\"{why}"), accepted);
    let mut rest = text.trim();
    let mut total_s = 0.0;
    let mut last_factor: Option<f64> = None;
    while !rest.is_empty() {
        let (num, after) = split_unit(rest);
        // The unit runs to the next number (the next part of "1h14min").
        let end = after.find(|c: char| c.is_ascii_digit() || matches!(c, '.' | '+' | '-')).unwrap_or(after.len());
        let unit = after[..end].trim();
        rest = after[end..].trim();
        if num.is_empty() {
            return Err(bad(""));
        }
        let factor = match (unit, seconds_per(unit)) {
            ("", _) if last_factor.is_none() => return Err(bad(" (no unit)")),
            ("", _) => return Err(bad(" (a number without a unit)")),
            (_, None) => return Err(bad(&format!(" (unknown unit \"{unit}\")"))),
            (_, Some(f)) => f,
        };
        let value = number_of(field, num, text, accepted)?;
        if let Some(larger) = last_factor {
            if factor >= larger {
                return Err(bad(" (hours, minutes and seconds out of order or repeated)"));
            }
            if !(value.is_finite() && (0.0..60.0).contains(&value)) {
                return Err(bad(" (minutes or seconds after a larger unit must be below 60)"));
            }
        }
        last_factor = Some(factor);
        total_s += value * factor;
    }
    if last_factor.is_none() {
        return Err(bad(" (no unit)"));
    }
    Ok(total_s)
}

/// An angle in degrees (a trailing "deg" or "°" is allowed).
pub fn parse_degrees(field: &'static str, text: &str) -> Result<f64> {
    degrees_number(field, text, "an angle in degrees, e.g. 90")
}

fn degrees_number(field: &'static str, text: &str, accepted: &str) -> Result<f64> {
    let t = text.trim();
    let t = t.strip_suffix("degrees").or_else(|| t.strip_suffix("deg")).or_else(|| t.strip_suffix('°')).unwrap_or(t);
    let v = number_of(field, t.trim(), text, accepted)?;
    if !v.is_finite() {
        return Err(Error::invalid(field, format!("\"{text}\""), accepted.to_string()));
    }
    Ok(v)
}

/// The 16 points of the compass, clockwise from north, 22.5 degrees apart.
const COMPASS_POINTS: [&str; 16] =
    ["n", "nne", "ne", "ene", "e", "ese", "se", "sse", "s", "ssw", "sw", "wsw", "w", "wnw", "nw", "nnw"];

/// A compass direction in words or letters ("east", "E", "north-east", "NE", "ESE",
/// "south south west"), degrees clockwise from north; `None` for anything else.
pub fn compass_deg(text: &str) -> Option<f64> {
    let mut t: String = text.trim().to_ascii_lowercase().chars().filter(|c| !matches!(c, '-' | ' ' | '_')).collect();
    for (word, letter) in [("north", "n"), ("east", "e"), ("south", "s"), ("west", "w")] {
        t = t.replace(word, letter);
    }
    COMPASS_POINTS.iter().position(|p| *p == t).map(|i| 22.5 * i as f64)
}

/// A launch azimuth: degrees clockwise from north ("90", "90deg", "90°") or a compass
/// direction ("east", "E", "north-east", "NE", "ESE").
pub fn parse_azimuth_deg(field: &'static str, text: &str) -> Result<f64> {
    match compass_deg(text) {
        Some(d) => Ok(d),
        None => degrees_number(
            field,
            text,
            "an azimuth in degrees clockwise from north (90) or a compass direction (east, E, north-east, NE, ESE)",
        ),
    }
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

/// A launch azimuth with an optional uncertainty in degrees: "90+-5", "east+-5",
/// "ENE ± 2deg"; degrees.
pub fn parse_azimuth_sigma(field: &'static str, text: &str) -> Result<(f64, f64)> {
    let t = text.trim();
    let Some((v, s)) = t.split_once("+-").or_else(|| t.split_once('±')) else {
        return Ok((parse_azimuth_deg(field, t)?, 0.0));
    };
    let value = parse_azimuth_deg(field, v)?;
    let sigma = degrees_number(field, s, "an uncertainty in degrees after +- (e.g. east+-5)")?;
    if sigma < 0.0 {
        return Err(Error::invalid(field, format!("\"{text}\""), "an uncertainty of 0 or more after +- (e.g. 90+-5)"));
    }
    Ok((value, sigma))
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

    #[test]
    fn thousands_separators_only_between_groups_of_three() {
        assert_eq!(parse_length_m("apogee", "4,475 km").unwrap(), 4_475_000.0);
        assert_eq!(parse_length_m("apogee", "4,475km").unwrap(), 4_475_000.0);
        assert_eq!(parse_length_m("range", "12,345,678.5 m").unwrap(), 12_345_678.5);
        assert_eq!(parse_length_m("range", "1,000").unwrap(), 1_000_000.0);
        assert_eq!(parse_length_sigma_m("apogee", "4,475+-50km").unwrap(), (4_475_000.0, 50_000.0));
        assert_eq!(parse_duration_s("flight time", "3,180 s").unwrap(), 3180.0);
        // A comma anywhere else is refused, never read as a decimal point.
        for bad in ["4,5 km", "44,75 km", "4,4750 km", "4475,0 km", "4475.5,0 km", ",475 km", "4,,475 km", "4475,"] {
            let e = parse_length_m("apogee", bad).unwrap_err().to_string();
            assert!(e.starts_with("apogee: ") && e.contains("comma"), "{bad}: {e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn lengths_in_words() {
        assert_eq!(parse_length_m("range", "950 kilometres").unwrap(), 950_000.0);
        assert_eq!(parse_length_m("range", "950 kilometers").unwrap(), 950_000.0);
        assert_eq!(parse_length_m("range", "2 miles").unwrap(), 2.0 * 1609.344);
        assert_eq!(parse_length_m("range", "1 nautical mile").unwrap(), 1852.0);
        assert_eq!(parse_length_m("range", "10 metres").unwrap(), 10.0);
    }

    #[test]
    fn durations_in_words_and_parts() {
        for (text, s) in [
            ("53 minutes", 3180.0),
            ("53 min", 3180.0),
            ("1 minute", 60.0),
            ("74 min", 4440.0),
            ("1 h 14 min", 4440.0),
            ("1h14min", 4440.0),
            ("1h 14min", 4440.0),
            ("1 hour 14 minutes", 4440.0),
            ("1 h 2 min 30 s", 3750.0),
            ("2 min 30 s", 150.0),
            ("1h30s", 3630.0),
            ("3180 seconds", 3180.0),
            ("1.5 hours", 5400.0),
        ] {
            assert_eq!(parse_duration_s("flight time", text).unwrap(), s, "{text}");
        }
        assert_eq!(parse_duration_sigma_s("flight time", "1h14min+-2min").unwrap(), (4440.0, 120.0));
        for (bad, why) in [
            ("53", "no unit"),
            ("1 h 14", "without a unit"),
            ("14 min 1 h", "out of order"),
            ("1 h 1 h", "out of order"),
            ("1 h 74 min", "below 60"),
            ("53 m", "unknown unit"),
            ("53 furlongs", "unknown unit"),
            ("h", ""),
        ] {
            let e = parse_duration_s("flight time", bad).unwrap_err().to_string();
            assert!(e.starts_with("flight time: ") && e.contains(why) && e.contains("1 h 14 min"), "{bad}: {e}");
        }
    }

    #[test]
    fn azimuths_in_degrees_or_compass_words() {
        for (text, deg) in [
            ("90", 90.0),
            ("90deg", 90.0),
            ("90°", 90.0),
            ("76.1 degrees", 76.1),
            ("east", 90.0),
            ("E", 90.0),
            ("East", 90.0),
            ("north", 0.0),
            ("north-east", 45.0),
            ("northeast", 45.0),
            ("North East", 45.0),
            ("NE", 45.0),
            ("ENE", 67.5),
            ("ESE", 112.5),
            ("east-south-east", 112.5),
            ("S", 180.0),
            ("SSW", 202.5),
            ("west", 270.0),
            ("NNW", 337.5),
        ] {
            assert_eq!(parse_azimuth_deg("test azimuth", text).unwrap(), deg, "{text}");
        }
        assert_eq!(parse_azimuth_sigma("test azimuth", "east+-5").unwrap(), (90.0, 5.0));
        assert_eq!(parse_azimuth_sigma("test azimuth", "ENE ± 2deg").unwrap(), (67.5, 2.0));
        assert_eq!(parse_azimuth_sigma("test azimuth", "90+-5").unwrap(), (90.0, 5.0));
        for bad in ["up", "NEE", "news", "east+-west", "east+--5"] {
            let e = parse_azimuth_sigma("test azimuth", bad).unwrap_err().to_string();
            assert!(e.starts_with("test azimuth: "), "{bad}: {e}");
        }
        assert!(parse_azimuth_deg("azimuth", "NEE").unwrap_err().to_string().contains("compass direction"));
        // The sweep step is an angle, not a direction.
        assert!(parse_degrees("step", "east").is_err());
    }
}
