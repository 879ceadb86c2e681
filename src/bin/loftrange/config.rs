//! From command-line strings or batch JSON (km, s, degrees) to a validated plain
//! configuration in SI units: the only place where units are parsed.

use loftrange::catalog::{self, CatalogEntry};
use loftrange::uncertainty::Sigmas;
use loftrange::{Error, Model, Observation, Options, Result, Site};
use serde::Deserialize;

use crate::cli::ObservationArgs;

/// A target point, degrees at the edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub lat_deg: f64,
    pub lon_deg: f64,
    /// The place name when the target was given by name ("Washington, US").
    pub name: Option<String>,
}

/// Everything one estimate needs, validated.
#[derive(Clone, Debug)]
pub struct Config {
    /// Forward mode (--burnout-speed): the burnout speed in m/s; then `obs` is None.
    pub burnout_speed_m_s: Option<f64>,
    /// Forward mode: the burnout altitude, m.
    pub burnout_altitude_m: f64,
    /// The launch site as given, degrees (echoed in the output).
    pub site_deg: Option<(f64, f64)>,
    /// The launch site's place name when it was given by name.
    pub site_name: Option<String>,
    /// The lofted observation (None in forward mode).
    pub obs: Option<Observation>,
    pub opts: Options,
    pub targets: Vec<Target>,
    /// Uncertainty of each input (all 0 for plain values).
    pub sigmas: Sigmas,
    /// The catalog entry the inputs came from (`--test ID`).
    pub test: Option<&'static CatalogEntry>,
    /// Where the observation's figures come from, when not all from the command line
    /// (`catalog::entry_label`, `catalog::spread_label`): shown with the reported test.
    pub input_label: Option<String>,
    /// Forward mode with a vehicle (`--vehicle` without a lofted test): the payload, kg
    /// (None: the file's).
    pub forward_vehicle: bool,
    /// The payload override of `--payload`, kg.
    pub payload_kg: Option<f64>,
}

impl Config {
    /// The lofted observation, or an input error in forward mode.
    pub fn observation(&self) -> Result<&Observation> {
        self.obs.as_ref().ok_or_else(|| {
            Error::invalid(
                "burnout speed",
                "given (forward mode)",
                "a lofted observation (--apogee and --range) for this command",
            )
        })
    }

    /// The input in a few words, for titles: "4,475 km apogee, 950 km range" or
    /// "burnout 7.20 km/s at 0 km".
    pub fn summary(&self) -> String {
        match (&self.obs, self.burnout_speed_m_s) {
            (Some(o), _) => format!(
                "{} km apogee, {} km range",
                crate::output::grouped(o.apogee_m / 1e3),
                crate::output::grouped(o.range_m / 1e3)
            ),
            (None, Some(v)) => {
                format!("burnout {:.2} km/s at {} km", v / 1e3, crate::output::grouped(self.burnout_altitude_m / 1e3))
            }
            (None, None) => match &self.opts.vehicle {
                Some(v) => format!(
                    "vehicle {}, {} kg payload",
                    v.name,
                    crate::output::grouped(self.payload_kg.unwrap_or(v.payload_kg))
                ),
                None => String::new(),
            },
        }
    }
}

fn number(field: &'static str, text: &str, accepted: &str) -> Result<f64> {
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
        "mi" => loftrange::constants::METRES_PER_MILE,
        "nmi" => loftrange::constants::METRES_PER_NAUTICAL_MILE,
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

/// The catalog entry with this id, or an input error with the closest ids.
pub fn find_test(id: &str) -> Result<&'static CatalogEntry> {
    if let Some(e) = catalog::find(id) {
        return Ok(e);
    }
    let mut near: Vec<(usize, &str)> =
        catalog::entries().iter().map(|e| (strsim::levenshtein(id, &e.id), e.id.as_str())).collect();
    near.sort();
    let names: Vec<&str> = near.iter().take(3).map(|n| n.1).collect();
    Err(Error::invalid(
        "test",
        format!("\"{id}\" (unknown catalog id)"),
        format!("an id from loftrange catalog; did you mean {}?", names.join(", ")),
    ))
}

/// Text starting with a digit, sign or dot is coordinates; anything else a place name.
fn is_place_name(text: &str) -> bool {
    let t = text.trim();
    !(t.is_empty() || t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')))
}

/// "LAT,LON" in degrees, or a place name resolved with `places::resolve` ("pyongyang",
/// "Tokyo, JP"): (lat, lon, Some("Name, Country")) for a name. Text starting with a digit,
/// sign or dot is read as coordinates.
pub fn parse_place_or_lat_lon(field: &'static str, text: &str) -> Result<(f64, f64, Option<String>)> {
    let t = text.trim();
    if !is_place_name(t) {
        return parse_lat_lon(field, text).map(|(lat, lon)| (lat, lon, None));
    }
    match loftrange::places::resolve(t) {
        Ok(p) => {
            check_lat_lon(field, p.lat_deg, p.lon_deg)?;
            Ok((p.lat_deg, p.lon_deg, Some(format!("{}, {}", p.name, p.country))))
        }
        Err(e) => {
            Err(Error::invalid(field, format!("\"{t}\""), format!("{e} (give a place name or LAT,LON in degrees)")))
        }
    }
}

fn check_lat_lon(field: &'static str, lat: f64, lon: f64) -> Result<()> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(Error::invalid(field, format!("latitude {lat}"), "a latitude from -90 to 90 degrees"));
    }
    if !lon.is_finite() {
        return Err(Error::invalid(field, format!("longitude {lon}"), "a finite longitude in degrees"));
    }
    Ok(())
}

fn parse_model(text: &str) -> Result<Model> {
    Model::from_name(text)
        .ok_or_else(|| Error::invalid("model", format!("\"{text}\""), format!("one of {}", Model::NAMES.join(", "))))
}

/// Plain values in km, s, degrees, from either the command line or a batch line.
struct Plain {
    apogee_m: f64,
    range_m: f64,
    flight_time_s: Option<f64>,
    burnout_altitude_m: f64,
    model: Option<Model>,
    site: Option<(f64, f64)>,
    test_azimuth_deg: Option<f64>,
    azimuths_deg: Vec<f64>,
    targets: Vec<Target>,
    sigmas: Sigmas,
    test: Option<&'static CatalogEntry>,
    site_name: Option<String>,
    /// Path of a vehicle file (model boost).
    vehicle: Option<String>,
    /// Re-entry ballistic coefficient, kg/m² (model earth).
    beta_kg_m2: Option<f64>,
    /// Forward mode: burnout speed, m/s.
    burnout_speed_m_s: Option<f64>,
}

/// Read and parse a vehicle file; errors name the file (and line and field).
pub fn load_vehicle(path: &str) -> Result<loftrange::boost::Vehicle> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid("vehicle", format!("\"{path}\" ({e})"), "a readable TOML vehicle file"))?;
    loftrange::boost::Vehicle::from_toml_str(&text, path)
}

fn build(p: Plain) -> Result<Config> {
    let model = p.model.unwrap_or(if p.vehicle.is_some() {
        Model::BOOST
    } else if p.site.is_some() {
        Model::ROTATING
    } else {
        Model::KEPLER
    });
    let mut opts = Options::new(model);
    if let Some(path) = &p.vehicle {
        if !model.is_boost() {
            return Err(Error::invalid(
                "vehicle",
                format!("\"{path}\" with model {model}"),
                "a vehicle only with model boost",
            ));
        }
        opts.vehicle = Some(load_vehicle(path)?);
    }
    if let Some(beta) = p.beta_kg_m2 {
        if !(beta.is_finite() && (10.0..=1e6).contains(&beta)) {
            return Err(Error::invalid(
                "beta",
                format!("{beta} kg/m2"),
                "a ballistic coefficient from 10 to 1000000 kg/m2",
            ));
        }
        if opts.model.earth.surface == loftrange::Surface::Sphere || opts.model.is_boost() {
            return Err(Error::invalid(
                "beta",
                format!("{beta} kg/m2 with model {}", opts.model),
                "re-entry drag only with --model earth",
            ));
        }
        opts.model = opts.model.with_reentry_beta(Some(beta));
    }
    if let Some((lat, lon)) = p.site {
        opts.site = Some(Site::from_degrees(lat, lon)?);
    }
    opts.test_azimuth_rad = p.test_azimuth_deg.map(f64::to_radians);
    opts.azimuths_rad = p.azimuths_deg.iter().map(|a| a.to_radians()).collect();
    let obs = p.burnout_speed_m_s.is_none().then_some(Observation {
        apogee_m: p.apogee_m,
        range_m: p.range_m,
        flight_time_s: p.flight_time_s,
        burnout_altitude_m: p.burnout_altitude_m,
    });
    Ok(Config {
        burnout_speed_m_s: p.burnout_speed_m_s,
        burnout_altitude_m: p.burnout_altitude_m,
        site_deg: p.site,
        site_name: p.site_name,
        obs,
        opts,
        targets: p.targets,
        sigmas: p.sigmas,
        test: p.test,
        input_label: p.test.map(catalog::entry_label),
        forward_vehicle: false,
        payload_kg: None,
    })
}

/// Validated configuration from the command line.
pub fn from_args(a: &ObservationArgs) -> Result<Config> {
    let targets = a
        .targets
        .iter()
        .map(|t| parse_place_or_lat_lon("target", t).map(|(lat_deg, lon_deg, name)| Target { lat_deg, lon_deg, name }))
        .collect::<Result<Vec<_>>>()?;
    // A catalog entry (--test ID) supplies what the flags leave out.
    let test = a.test.as_deref().map(find_test).transpose()?;
    let missing = |field: &'static str| {
        Error::invalid(field, "none", format!("--{field} with a unit, or --test ID from loftrange catalog"))
    };
    let burnout_speed_m_s = a.burnout_speed.as_deref().map(|t| parse_speed_m_s("burnout speed", t)).transpose()?;
    if burnout_speed_m_s.is_some() {
        for (given, field) in [
            (a.apogee.is_some(), "--apogee"),
            (a.range.is_some(), "--range"),
            (a.test.is_some(), "--test"),
            (a.flight_time.is_some(), "--flight-time"),
        ] {
            if given {
                return Err(Error::invalid(
                    "burnout speed",
                    format!("given with {field}"),
                    "either --burnout-speed (forward mode) or a lofted observation (--apogee and --range)",
                ));
            }
        }
    }
    // A vehicle with no lofted test (no apogee, range or catalog test): how far it flies.
    let forward_vehicle = a.vehicle.is_some()
        && burnout_speed_m_s.is_none()
        && a.apogee.is_none()
        && a.range.is_none()
        && a.test.is_none();
    let payload_kg = match &a.payload {
        None => None,
        Some(_) if !forward_vehicle => {
            return Err(Error::invalid(
                "payload",
                "given without forward mode",
                "--payload only with --vehicle and no lofted test (the payload command sweeps payloads for a test)",
            ))
        }
        Some(t) => {
            let kg = number("payload", t.trim().trim_end_matches("kg"), "a payload in kg, e.g. 1500")?;
            if !(kg.is_finite() && (0.0..=1e7).contains(&kg)) {
                return Err(Error::invalid("payload", t.to_string(), "a payload from 0 to 10000000 kg"));
            }
            Some(kg)
        }
    };
    let forward = burnout_speed_m_s.is_some() || forward_vehicle;
    let (apogee_m, s_apogee) = match (&a.apogee, test) {
        _ if forward => (0.0, 0.0),
        (Some(t), _) => parse_length_sigma_m("apogee", t)?,
        (None, Some(e)) => (e.apogee_km * 1e3, 0.0),
        (None, None) => return Err(missing("apogee")),
    };
    let (range_m, s_range) = match (&a.range, test) {
        _ if forward => (0.0, 0.0),
        (Some(t), _) => parse_length_sigma_m("range", t)?,
        (None, Some(e)) => (e.range_km * 1e3, 0.0),
        (None, None) => return Err(missing("range")),
    };
    let (flight_time_s, s_time) = match (&a.flight_time, test) {
        (Some(t), _) => parse_duration_sigma_s("flight time", t).map(|(v, s)| (Some(v), s))?,
        (None, e) => (e.and_then(|e| e.flight_time_s), 0.0),
    };
    let (burnout_altitude_m, s_burnout) = a
        .burnout_altitude
        .as_deref()
        .map(|t| parse_length_sigma_m("burnout altitude", t))
        .transpose()?
        .unwrap_or((0.0, 0.0));
    let (site, site_name, (s_lat, s_lon)) = match (&a.site, test) {
        (Some(t), _) if is_place_name(t) => {
            let (lat, lon, name) = parse_place_or_lat_lon("site", t)?;
            (Some((lat, lon)), name, (0.0, 0.0))
        }
        (Some(t), _) => parse_lat_lon_sigma("site", t).map(|(v, s)| (Some(v), None, s))?,
        (None, Some(e)) => {
            catalog::test_site(e).map_or((None, None, (0.0, 0.0)), |(p, n)| (Some(p), Some(n), (0.0, 0.0)))
        }
        (None, None) => (None, None, (0.0, 0.0)),
    };
    let (test_azimuth_deg, s_az) = match (&a.test_azimuth, test) {
        (Some(t), _) => parse_degrees_sigma("test azimuth", t).map(|(v, s)| (Some(v), s))?,
        (None, e) => (e.and_then(|e| e.azimuth_deg), 0.0),
    };
    let sigmas = Sigmas {
        apogee_m: s_apogee,
        range_m: s_range,
        flight_time_s: s_time,
        burnout_altitude_m: s_burnout,
        test_azimuth_rad: s_az.to_radians(),
        site_lat_rad: s_lat.to_radians(),
        site_lon_rad: s_lon.to_radians(),
    };
    build(Plain {
        apogee_m,
        range_m,
        flight_time_s,
        burnout_altitude_m,
        model: a.model.as_deref().map(parse_model).transpose()?,
        site,
        site_name,
        test_azimuth_deg,
        azimuths_deg: a.azimuths.iter().map(|t| parse_degrees("azimuth", t)).collect::<Result<_>>()?,
        targets,
        sigmas,
        test,
        vehicle: a.vehicle.clone(),
        beta_kg_m2: a
            .beta
            .as_deref()
            .map(|t| number("beta", t.trim().trim_end_matches("kg/m2"), "a ballistic coefficient in kg/m2, e.g. 2000"))
            .transpose()?,
        burnout_speed_m_s,
    })
    .map(|mut c| {
        if forward_vehicle {
            c.obs = None;
            c.forward_vehicle = true;
            c.payload_kg = payload_kg;
        }
        if let Some(label) = &mut c.input_label {
            let given: Vec<&str> = [
                (a.apogee.is_some(), "apogee"),
                (a.range.is_some(), "range"),
                (a.flight_time.is_some(), "flight time"),
            ]
            .into_iter()
            .filter_map(|(g, n)| g.then_some(n))
            .collect();
            if !given.is_empty() {
                *label += &format!("; {} from the command line", given.join(", "));
            }
        }
        c
    })
}

/// A place on a batch line: `[lat, lon]` in degrees, or a name as on the command line.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PlaceOrLatLon {
    /// Latitude and longitude, degrees.
    LatLon([f64; 2]),
    /// A place name ("pyongyang", "Tokyo, JP").
    Name(String),
}

impl PlaceOrLatLon {
    fn resolve(&self, field: &'static str) -> Result<(f64, f64, Option<String>)> {
        match self {
            PlaceOrLatLon::LatLon([lat, lon]) => {
                check_lat_lon(field, *lat, *lon)?;
                Ok((*lat, *lon, None))
            }
            PlaceOrLatLon::Name(n) => parse_place_or_lat_lon(field, n),
        }
    }
}

/// The keys a batch line accepts: the observation's, and descriptive keys that are
/// echoed (`id`) or ignored (`date`, `missile`, `source`, `notes`).
pub const BATCH_KEYS: [&str; 22] = [
    "id",
    "test",
    "apogee_km",
    "range_km",
    "flight_time_s",
    "burnout_altitude_km",
    "burnout_speed_km_s",
    "model",
    "site",
    "test_azimuth_deg",
    "azimuths_deg",
    "targets",
    "vehicle",
    "payload_kg",
    "beta_kg_m2",
    "date",
    "missile",
    "source",
    "notes",
    "agency",
    "country",
    "published_standard_range_km",
];

/// The first key of a batch line's object that is not accepted, with a suggestion.
pub fn unknown_batch_key(v: &serde_json::Value) -> Option<String> {
    let obj = v.as_object()?;
    let key = obj.keys().find(|k| !BATCH_KEYS.contains(&k.as_str()))?;
    let close = BATCH_KEYS
        .iter()
        .map(|c| (strsim::jaro_winkler(key, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default();
    Some(format!(
        "unknown key \"{key}\"{close}: a batch line accepts {}",
        BATCH_KEYS.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
    ))
}

/// One line of batch input (km, s, degrees; see `loftrange batch --help`).
#[derive(Debug, Deserialize)]
pub struct BatchLine {
    /// A catalog id: its values fill the fields this line leaves out.
    #[serde(default)]
    pub test: Option<String>,
    /// Forward mode: burnout speed in km/s, in place of apogee and range.
    #[serde(default)]
    pub burnout_speed_km_s: Option<f64>,
    #[serde(default)]
    pub apogee_km: Option<f64>,
    #[serde(default)]
    pub range_km: Option<f64>,
    #[serde(default)]
    pub flight_time_s: Option<f64>,
    #[serde(default)]
    pub burnout_altitude_km: Option<f64>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub site: Option<PlaceOrLatLon>,
    #[serde(default)]
    pub test_azimuth_deg: Option<f64>,
    #[serde(default)]
    pub azimuths_deg: Vec<f64>,
    #[serde(default)]
    pub targets: Vec<PlaceOrLatLon>,
    /// Path of a vehicle file (model boost). Without apogee, range or test: forward mode
    /// (how far the vehicle flies with its payload).
    #[serde(default)]
    pub vehicle: Option<String>,
    /// Forward mode with a vehicle: the payload, kg (default: the file's).
    #[serde(default)]
    pub payload_kg: Option<f64>,
    /// Model earth: re-entry ballistic coefficient, kg/m².
    #[serde(default)]
    pub beta_kg_m2: Option<f64>,
}

/// Validated configuration from a batch line.
pub fn from_batch_line(l: &BatchLine) -> Result<Config> {
    let test = l.test.as_deref().map(find_test).transpose()?;
    let from_test = |field: &'static str, v: Option<f64>, f: fn(&CatalogEntry) -> f64| {
        v.or(test.map(f)).ok_or_else(|| {
            Error::invalid(field, "none", format!("\"{field}_km\" or \"test\": an id from loftrange catalog"))
        })
    };
    let batch_speed = l.burnout_speed_km_s.map(|v| v * 1e3);
    if batch_speed.is_some() && (l.apogee_km.is_some() || l.range_km.is_some() || l.test.is_some()) {
        return Err(Error::invalid(
            "burnout_speed_km_s",
            "given with apogee_km, range_km or test",
            "either burnout_speed_km_s (forward mode) or a lofted observation",
        ));
    }
    let forward_vehicle = l.vehicle.is_some()
        && batch_speed.is_none()
        && l.apogee_km.is_none()
        && l.range_km.is_none()
        && l.test.is_none();
    if l.payload_kg.is_some() && !forward_vehicle {
        return Err(Error::invalid(
            "payload_kg",
            "given without forward mode",
            "payload_kg only with a vehicle and no lofted test (no apogee_km, range_km or test)",
        ));
    }
    if let Some(p) = l.payload_kg {
        if !(p.is_finite() && (0.0..=1e7).contains(&p)) {
            return Err(Error::invalid("payload_kg", format!("{p}"), "a payload from 0 to 10000000 kg"));
        }
    }
    let (apogee_km, range_km) = if batch_speed.is_some() || forward_vehicle {
        (0.0, 0.0)
    } else {
        (from_test("apogee", l.apogee_km, |e| e.apogee_km)?, from_test("range", l.range_km, |e| e.range_km)?)
    };
    let (site, site_name) = match &l.site {
        Some(p) => {
            let (lat, lon, name) = p.resolve("site")?;
            (Some((lat, lon)), name)
        }
        None => test.and_then(catalog::test_site).map_or((None, None), |(p, n)| (Some(p), Some(n))),
    };
    if let Some((lat, lon)) = site {
        check_lat_lon("site", lat, lon)?;
    }
    let targets = l
        .targets
        .iter()
        .map(|t| t.resolve("target").map(|(lat_deg, lon_deg, name)| Target { lat_deg, lon_deg, name }))
        .collect::<Result<Vec<_>>>()?;
    build(Plain {
        apogee_m: apogee_km * 1e3,
        range_m: range_km * 1e3,
        flight_time_s: l.flight_time_s.or(test.and_then(|e| e.flight_time_s)),
        burnout_altitude_m: l.burnout_altitude_km.unwrap_or(0.0) * 1e3,
        model: l.model.as_deref().map(parse_model).transpose()?,
        site,
        site_name,
        test_azimuth_deg: l.test_azimuth_deg.or(test.and_then(|e| e.azimuth_deg)),
        azimuths_deg: l.azimuths_deg.clone(),
        targets,
        sigmas: Sigmas::default(),
        test,
        vehicle: l.vehicle.clone(),
        beta_kg_m2: l.beta_kg_m2,
        burnout_speed_m_s: batch_speed,
    })
    .map(|mut c| {
        if forward_vehicle {
            c.obs = None;
            c.forward_vehicle = true;
            c.payload_kg = l.payload_kg;
        }
        c
    })
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
    fn unknown_test_ids_suggest_close_ones() {
        let e = find_test("2017-11-28-hwasong15-kcnaa").unwrap_err().to_string();
        assert!(e.contains("did you mean 2017-11-28-hwasong15-kcna"), "{e}");
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
