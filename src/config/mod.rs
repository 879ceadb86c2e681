//! From command-line strings or batch JSON (km, s, degrees) to a validated plain
//! configuration in SI units: the only place where units are parsed.

mod units;

use serde::Deserialize;

use crate::analysis::uncertainty::Sigmas;
use crate::data::catalog::{self, CatalogEntry};
use crate::error::Error;
use crate::error::Result;
use crate::estimate::Asked;
use crate::estimate::Estimate;
use crate::estimate::Observation;
use crate::estimate::Question;
use crate::estimate::Request;
use crate::geo::Site;
use crate::model::Model;
pub use units::*;
use units::{check_lat_lon, is_place_name, number};

/// Everything one command needs, validated: the question, the model and what to
/// compute, with the uncertainty of each input and the catalog entry the inputs came
/// from.
#[derive(Clone, Debug)]
pub struct Config {
    /// The question (a lofted test, a burnout state, or a vehicle with its payload).
    pub question: Question,
    /// The physics.
    pub model: Model,
    /// What to compute beyond the headline. Parsed inputs ask for what `loftrange
    /// estimate` prints: the global-reach margin, the boost's sensitivity table and
    /// where its spent stages fall.
    pub request: Request,
    /// Uncertainty of each input (all 0 for plain values).
    pub sigmas: Sigmas,
    /// The catalog entry the inputs came from (`--test ID`).
    pub test: Option<&'static CatalogEntry>,
    /// What the configuration chose because the inputs left it out (the model from a
    /// site, the test azimuth), in words: [`Config::estimate`] adds them to the
    /// estimate's assumptions line.
    pub chosen: Vec<String>,
}

impl Config {
    /// Validated configuration from text inputs (the command line, the web page).
    pub fn from_inputs(a: &Inputs, load_vehicle: VehicleLoader) -> Result<Config> {
        from_inputs(a, load_vehicle)
    }

    /// The lofted observation, or an input error in forward mode.
    pub fn observation(&self) -> Result<&Observation> {
        self.question
            .observation()
            .ok_or_else(|| Error::invalid("apogee", "none", "a lofted test (apogee and range) for this command"))
    }

    /// Ready the configuration for a reach sweep every `step_deg` degrees of launch
    /// azimuth: the step from 0.01 to 90 degrees, and the launch site, which a reach
    /// needs (the command line and the page refuse the same way).
    pub fn sweep_for_reach(&mut self, step_deg: f64) -> Result<()> {
        if !(0.01..=90.0).contains(&step_deg) {
            return Err(Error::invalid("step", format!("{step_deg} deg"), "a step from 0.01 to 90 degrees"));
        }
        self.question.site.as_ref().ok_or_else(crate::analysis::reach::needs_site)?;
        self.request.sweep_step_rad = Some(step_deg.to_radians());
        Ok(())
    }

    /// The estimate of this configuration, its trajectories sampled with `samples`
    /// points: [`crate::estimate()`] of its question, model and request.
    pub fn estimate(&self, samples: usize) -> Result<Estimate> {
        let mut est = crate::estimate(&self.question, &self.model, &Request { samples, ..self.request.clone() })?;
        for c in &self.chosen {
            est.assumptions += &format!("; {c}");
        }
        Ok(est)
    }
}

/// A point from degrees, validated, with its place name if it was given by one.
fn site_named(lat_deg: f64, lon_deg: f64, name: Option<String>) -> Result<Site> {
    let s = Site::from_degrees(lat_deg, lon_deg)?;
    Ok(match name {
        Some(n) => s.named(n),
        None => s,
    })
}

/// The catalog entry a `--test` query names: an id, or a missile, a date or both
/// ("hwasong19", "Hwasong-19", "2024-10-31", "hwasong-15 2017"; case and punctuation
/// ignored, [`catalog::search`]). A query that names several sources of one test takes
/// the first in catalog order (the source label says so, [`test_choice_note`]); one
/// that names several tests is refused with the candidates; an unknown one with the
/// nearest tests.
pub fn find_test(query: &str) -> Result<&'static CatalogEntry> {
    units::check_name_length("test", query, "a catalog id")?;
    let found = catalog::search(query);
    let Some(first) = found.first() else {
        let near: Vec<String> = catalog::nearest(query, 3).iter().map(|e| e.id.clone()).collect();
        return Err(Error::invalid(
            "test",
            format!("\"{query}\" (no catalog test matches)"),
            format!(
                "an id, a missile or a date from loftrange catalog (hwasong15, 2017-11-28); did you mean {}?",
                near.join(", ")
            ),
        ));
    };
    if found.iter().all(|e| e.test_key() == first.test_key()) {
        return Ok(first);
    }
    let mut tests: Vec<&CatalogEntry> = Vec::new();
    for e in &found {
        if !tests.iter().any(|t| t.test_key() == e.test_key()) {
            tests.push(e);
        }
    }
    let shown: Vec<String> = tests.iter().take(8).map(|e| format!("{} {}", e.date, e.missile)).collect();
    let more = if tests.len() > 8 { format!(" and {} more", tests.len() - 8) } else { String::new() };
    Err(Error::invalid(
        "test",
        format!("\"{query}\" (matches {} tests: {}{more})", tests.len(), shown.join(", ")),
        "one test: add its date or missile (hwasong15 2017-11-28), or give an id from loftrange catalog",
    ))
}

/// When a `--test` query was not an id and named several sources of its test: which was
/// taken and the others ("\"hwasong19\" names 2 sources of this test: the first is used;
/// the other: 2024-10-31-hwasong19-japan").
pub fn test_choice_note(query: &str, e: &CatalogEntry) -> Option<String> {
    let same = catalog::same_test(e);
    if query.trim() == e.id || same.len() < 2 {
        return None;
    }
    let others: Vec<&str> = same.iter().filter(|o| o.id != e.id).map(|o| o.id.as_str()).collect();
    Some(format!(
        "\"{}\" names {} sources of this test: the first is used; {} {}",
        query.trim(),
        same.len(),
        if others.len() == 1 { "the other:" } else { "the others:" },
        others.join(", ")
    ))
}

fn parse_model(text: &str) -> Result<Model> {
    Model::from_name(text)
        .ok_or_else(|| Error::invalid("model", format!("\"{text}\""), format!("one of {}", Model::NAMES.join(", "))))
}

/// Read and parse a vehicle file (the command line's `--vehicle`, Python's `vehicle=`;
/// the one place where the library reads a file, at its edge) of at most
/// [`crate::boost::MAX_VEHICLE_FILE_BYTES`] (reading stops one byte past
/// it); errors name the file (and line and field).
pub fn load_vehicle(path: &str) -> Result<crate::vehicle::Vehicle> {
    use crate::vehicle::file::MAX_VEHICLE_FILE_BYTES as LIMIT;
    use std::io::Read;
    let unreadable =
        |why: String| Error::invalid("vehicle", format!("\"{path}\" ({why})"), "a readable TOML vehicle file");
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(LIMIT + 1).read_to_end(&mut bytes))
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > LIMIT {
        return Err(Error::invalid(
            "vehicle",
            format!("\"{path}\" (more than {LIMIT} bytes)"),
            format!("a vehicle file of at most {LIMIT} bytes (64 KiB: the examples are under 4 kB)"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| unreadable("not UTF-8 text".into()))?;
    crate::vehicle::Vehicle::from_toml_str(&text, path)
}

/// A value with an uncertainty (`+-`, `±`) given to `call`, which draws or sweeps one
/// value of each input: refused in one line naming the field (rather than silently
/// ignored); `error_bars_from` says what gives error bars instead.
pub fn refuse_uncertainty(a: &Inputs, call: &str, error_bars_from: &str) -> Result<()> {
    let with_sigma = [
        ("apogee", &a.apogee),
        ("range", &a.range),
        ("flight time", &a.flight_time),
        ("burnout altitude", &a.burnout_altitude),
        ("site", &a.site),
        ("test azimuth", &a.test_azimuth),
    ]
    .into_iter()
    .find_map(|(field, v)| v.as_ref().filter(|t| t.contains("+-") || t.contains('±')).map(|t| (field, t)));
    match with_sigma {
        Some((field, text)) => Err(Error::invalid(
            field,
            format!("\"{text}\" (with an uncertainty)"),
            format!("a plain value: {call} does not use +- (error bars come from {error_bars_from})"),
        )),
        None => Ok(()),
    }
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
    targets: Vec<Site>,
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

/// The longest flight time accepted, s: a day, far beyond any ballistic flight (an
/// intercontinental one lasts under an hour and a half).
const MAX_FLIGHT_TIME_S: f64 = 86_400.0;

/// The most targets one estimate judges (`--target`, a batch line's `targets`): each is
/// a solve of its own (the launch azimuth and flight-path angle that reach it), up to
/// about a second with model earth and re-entry drag, so 100 stay within a couple of
/// minutes; every place in reach is `reach`'s question, not a list of targets.
pub const MAX_TARGETS: usize = 100;

/// The most launch azimuths one estimate reports (`--azimuth`, `azimuths_deg`): one a
/// degree round the circle; a finer look at every direction is `reach --step`.
pub const MAX_AZIMUTHS: usize = 360;

/// The lists of one configuration within [`MAX_TARGETS`] and [`MAX_AZIMUTHS`], checked
/// before any target is looked up (the command line, batch lines and the page alike).
fn check_list_lengths(targets: usize, azimuths: usize) -> Result<()> {
    if targets > MAX_TARGETS {
        return Err(Error::invalid(
            "target",
            format!("{targets} targets"),
            format!(
                "at most {MAX_TARGETS} targets (each is a solve of its own; every place in reach: loftrange reach)"
            ),
        ));
    }
    if azimuths > MAX_AZIMUTHS {
        return Err(Error::invalid(
            "azimuth",
            format!("{azimuths} azimuths"),
            format!("at most {MAX_AZIMUTHS} azimuths, one a degree (every direction: loftrange reach --step)"),
        ));
    }
    Ok(())
}

/// An azimuth must be finite and within ±360 degrees (larger values are typing errors).
fn check_azimuth(field: &'static str, az_deg: f64) -> Result<()> {
    if !(az_deg.is_finite() && (-360.0..=360.0).contains(&az_deg)) {
        return Err(Error::invalid(
            field,
            format!("{} deg", crate::fmt::echo(az_deg)),
            "an azimuth from -360 to 360 degrees",
        ));
    }
    Ok(())
}

/// What a command may do with a plain input beyond the question: forward mode with a
/// vehicle file (no lofted test), its payload.
struct Forward {
    vehicle: bool,
    payload_kg: Option<f64>,
}

/// The one rule for the model, the site and the test azimuth when the inputs leave
/// them out (the command line's `--help` and the page say the same):
/// * the model: the one asked for; else boost with a vehicle file; else rotating with a
///   launch site (given, or the catalog test's), said in the assumptions line; else
///   kepler (two-body, where neither site nor direction matters);
/// * a target needs a launch site (given, or the catalog test's): an input error
///   naming it otherwise;
/// * a test azimuth needs a launch site (without one it would change nothing);
/// * a lofted test on a rotating Earth with no test azimuth is taken as fired due east
///   (90°), said in the assumptions line: the direction of the catalog's tests
///   (65-87°) and of the ground track the non-rotating models draw.
fn build(p: Plain, load_vehicle: VehicleLoader, forward: Forward) -> Result<Config> {
    let mut chosen = Vec::new();
    if p.site.is_none() {
        if let Some(t) = p.targets.first() {
            return Err(Error::invalid(
                "target",
                format!("\"{}\" given without a launch site", t.label()),
                "a launch site too: --site LAT,LON or a place name (or --test with a catalog test, whose site is used)",
            ));
        }
        if let Some(az) = p.test_azimuth_deg {
            return Err(Error::invalid(
                "test azimuth",
                format!("{} deg given without a launch site", crate::fmt::echo(az)),
                "a launch site too (--site LAT,LON or a place name): the test's direction matters only on a rotating Earth, from a site",
            ));
        }
    }
    let mut model = match (p.model, p.vehicle.is_some(), p.site.is_some()) {
        (Some(m), _, _) => m,
        (None, true, _) => Model::BOOST,
        (None, false, true) => {
            chosen
                .push("model rotating, chosen because there is a launch site (model kepler for two-body)".to_string());
            Model::ROTATING
        }
        (None, false, false) => Model::KEPLER,
    };
    let vehicle = match &p.vehicle {
        Some(path) => {
            if !model.is_boost() {
                return Err(Error::invalid(
                    "vehicle",
                    format!("\"{path}\" with model {model}"),
                    "a vehicle only with model boost",
                ));
            }
            Some(load_vehicle(path)?)
        }
        None => None,
    };
    if let Some(beta) = p.beta_kg_m2 {
        if !(beta.is_finite() && (10.0..=1e6).contains(&beta)) {
            return Err(Error::invalid(
                "beta",
                format!("{beta} kg/m2"),
                "a ballistic coefficient from 10 to 1000000 kg/m2",
            ));
        }
        if model.earth.surface == crate::earth::Surface::Sphere || model.is_boost() {
            return Err(Error::invalid(
                "beta",
                format!("{beta} kg/m2 with model {model}"),
                "re-entry drag only with --model earth",
            ));
        }
        model = model.with_reentry_beta(Some(beta));
    }
    let site = match p.site {
        Some((lat, lon)) => {
            check_lat_lon("site", lat, lon)?;
            Some(site_named(lat, lon, p.site_name)?)
        }
        None => None,
    };
    if let Some(az) = p.test_azimuth_deg {
        check_azimuth("test azimuth", az)?;
    }
    for &az in &p.azimuths_deg {
        check_azimuth("azimuth", az)?;
    }
    if let Some(t) = p.flight_time_s {
        if !(t.is_finite() && t > 0.0 && t <= MAX_FLIGHT_TIME_S) {
            return Err(Error::invalid(
                "flight time",
                format!("{} s", crate::fmt::echo(t)),
                "a flight time above 0 and at most 24 h (86400 s)",
            ));
        }
    }
    let mut test_azimuth_deg = p.test_azimuth_deg;
    let lofted = p.burnout_speed_m_s.is_none() && !forward.vehicle;
    if lofted && p.site.is_some() && test_azimuth_deg.is_none() && model.earth.rotates() {
        test_azimuth_deg = Some(90.0);
        chosen.push("test azimuth taken as due east (90°): none was given".to_string());
    }
    let asked = match (p.burnout_speed_m_s, forward.vehicle) {
        (Some(speed_m_s), _) => Asked::Burnout { speed_m_s, altitude_m: p.burnout_altitude_m },
        (None, true) => Asked::Vehicle { payload_kg: forward.payload_kg },
        (None, false) => Asked::Lofted(Observation {
            apogee_m: p.apogee_m,
            range_m: p.range_m,
            flight_time_s: p.flight_time_s,
            burnout_altitude_m: p.burnout_altitude_m,
        }),
    };
    let question = Question {
        asked,
        site,
        test_azimuth_rad: test_azimuth_deg.map(f64::to_radians),
        vehicle,
        source: p.test.map(catalog::entry_label),
        test_name: p.test.map(catalog::test_name),
    };
    let request = Request {
        azimuths_rad: p.azimuths_deg.iter().map(|a| a.to_radians()).collect(),
        targets: p.targets,
        sensitivity: true,
        global_margin: true,
        // Model boost: where the spent stages fall, at the default stage ballistic
        // coefficient unless the inputs give one (every front end prints the same).
        stage_beta_kg_m2: model.is_boost().then_some(crate::vehicle::stages::DEFAULT_STAGE_BETA_KG_M2),
        ..Request::default()
    };
    Ok(Config { question, model, request, sigmas: p.sigmas, test: p.test, chosen })
}

/// Reads a vehicle file named by the input (`vehicle`): the caller's, since the library
/// does no I/O (the CLI reads the file; the web page has no files).
pub type VehicleLoader<'a> = &'a dyn Fn(&str) -> Result<crate::vehicle::Vehicle>;

/// The inputs as text with units, as the command line's flags and the web page's form
/// give them: `{"apogee": "4475+-50km", "range": "950km", "flight_time": "53min",
/// "site": "pyongyang", "test_azimuth": "90", "targets": ["washington"]}`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Inputs {
    /// Reported apogee with unit and optional uncertainty, e.g. "4475+-50km".
    pub apogee: Option<String>,
    /// Reported ground range, e.g. "950km".
    pub range: Option<String>,
    /// A catalog id: its values fill the inputs left out.
    pub test: Option<String>,
    /// Reported flight time, e.g. "53min" (a check, not a fit input).
    pub flight_time: Option<String>,
    /// Forward mode: burnout speed, e.g. "7.2km/s".
    pub burnout_speed: Option<String>,
    /// Burnout altitude, e.g. "200km".
    pub burnout_altitude: Option<String>,
    /// A model preset name.
    pub model: Option<String>,
    /// A vehicle file's path (read by the caller's [`VehicleLoader`]).
    pub vehicle: Option<String>,
    /// Re-entry ballistic coefficient, kg/m² (model earth).
    pub beta: Option<String>,
    /// Model boost: the spent stages' ballistic coefficient, kg/m² (asks for where they fall).
    pub stage_beta: Option<String>,
    /// Forward mode with a vehicle: payload, kg.
    pub payload: Option<String>,
    /// Model boost, generic vehicle: an extra payload, "10%" of the fitted burnout mass
    /// or "500kg" on the generic vehicle's nominal scale.
    pub extra_payload: Option<String>,
    /// Launch site: "LAT,LON" (each optionally with +-) or a place name.
    pub site: Option<String>,
    /// The test's launch azimuth, degrees.
    pub test_azimuth: Option<String>,
    /// Azimuths to report, degrees.
    pub azimuths: Vec<String>,
    /// Targets: place names or "LAT,LON".
    pub targets: Vec<String>,
}

fn from_inputs(a: &Inputs, load_vehicle: VehicleLoader) -> Result<Config> {
    check_list_lengths(a.targets.len(), a.azimuths.len())?;
    let targets = a
        .targets
        .iter()
        .map(|t| parse_place_or_lat_lon("target", t).and_then(|(lat, lon, name)| site_named(lat, lon, name)))
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
        (Some(t), _) => parse_azimuth_sigma("test azimuth", t).map(|(v, s)| (Some(v), s))?,
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
    build(
        Plain {
            apogee_m,
            range_m,
            flight_time_s,
            burnout_altitude_m,
            model: a.model.as_deref().map(parse_model).transpose()?,
            site,
            site_name,
            test_azimuth_deg,
            azimuths_deg: a.azimuths.iter().map(|t| parse_azimuth_deg("azimuth", t)).collect::<Result<_>>()?,
            targets,
            sigmas,
            test,
            vehicle: a.vehicle.clone(),
            beta_kg_m2: a
                .beta
                .as_deref()
                .map(|t| {
                    number("beta", t.trim().trim_end_matches("kg/m2"), "a ballistic coefficient in kg/m2, e.g. 2000")
                })
                .transpose()?,
            burnout_speed_m_s,
        },
        load_vehicle,
        Forward { vehicle: forward_vehicle, payload_kg },
    )
    .and_then(|mut c| {
        if let Some(t) = a.stage_beta.as_deref() {
            let beta = number(
                "stage beta",
                t.trim().trim_end_matches("kg/m2"),
                "a stage ballistic coefficient in kg/m2 from 10 to 1000, e.g. 150",
            )?;
            if !c.model.is_boost() {
                return Err(Error::invalid(
                    "stage beta",
                    format!("given with model {}", c.model),
                    "a stage ballistic coefficient only with --model boost (or --vehicle): the impulsive models have no stages",
                ));
            }
            crate::vehicle::stages::check_stage_beta(beta)?;
            c.request.stage_beta_kg_m2 = Some(beta);
        }
        c.request.extra_payload = a.extra_payload.as_deref().map(parse_extra_payload).transpose()?;
        if c.request.extra_payload.is_some() && !(c.model.is_boost() && c.question.vehicle.is_none()) {
            return Err(Error::invalid(
                "extra payload",
                format!(
                    "given with model {}{}",
                    c.model,
                    if c.question.vehicle.is_some() { " and a vehicle file" } else { "" }
                ),
                "an extra payload only with --model boost and the generic vehicle (with a vehicle file: loftrange payload)",
            ));
        }
        Ok(c)
    })
    .map(|mut c| {
        if let Some(label) = &mut c.question.source {
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
        if let (Some(label), Some(q), Some(e)) = (&mut c.question.source, &a.test, c.test) {
            if let Some(note) = test_choice_note(q, e) {
                *label += &format!("; {note}");
            }
        }
        if a.apogee.is_some() || a.range.is_some() {
            c.question.test_name = None;
        }
        // The command line and the page print the headline's comparison with a
        // non-rotating Earth (batch lines do not ask for it).
        c.request.non_rotating = true;
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
    // A suggestion only for a key of a key's length (the comparison grows with it).
    let close = BATCH_KEYS
        .iter()
        .filter(|_| key.len() <= 64)
        .map(|c| (strsim::jaro_winkler(key, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default();
    let key: String = match key.char_indices().nth(64) {
        Some((cut, _)) => format!("{}...", &key[..cut]),
        None => key.clone(),
    };
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
    /// Reported apogee, km.
    #[serde(default)]
    pub apogee_km: Option<f64>,
    /// Reported ground range, km.
    #[serde(default)]
    pub range_km: Option<f64>,
    /// Reported flight time, s (a check, not a fit input).
    #[serde(default)]
    pub flight_time_s: Option<f64>,
    /// Burnout altitude, km.
    #[serde(default)]
    pub burnout_altitude_km: Option<f64>,
    /// A model preset name.
    #[serde(default)]
    pub model: Option<String>,
    /// Launch site.
    #[serde(default)]
    pub site: Option<PlaceOrLatLon>,
    /// The test's launch azimuth, degrees.
    #[serde(default)]
    pub test_azimuth_deg: Option<f64>,
    /// Azimuths to report, degrees.
    #[serde(default)]
    pub azimuths_deg: Vec<f64>,
    /// Targets.
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
pub fn from_batch_line(l: &BatchLine, load_vehicle: VehicleLoader) -> Result<Config> {
    check_list_lengths(l.targets.len(), l.azimuths_deg.len())?;
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
        .map(|t| t.resolve("target").and_then(|(lat, lon, name)| site_named(lat, lon, name)))
        .collect::<Result<Vec<_>>>()?;
    build(
        Plain {
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
        },
        load_vehicle,
        Forward { vehicle: forward_vehicle, payload_kg: l.payload_kg },
    )
    .map(|mut c| {
        if let (Some(label), Some(q), Some(e)) = (&mut c.question.source, &l.test, c.test) {
            if let Some(note) = test_choice_note(q, e) {
                *label += &format!("; {note}");
            }
        }
        if l.apogee_km.is_some() || l.range_km.is_some() {
            c.question.test_name = None;
        }
        c
    })
}

/// An extra payload of the generic vehicle: "10%" (of the fitted burnout mass) or
/// "500kg" (on its nominal scale).
pub fn parse_extra_payload(text: &str) -> Result<crate::vehicle::payload_for::ExtraPayloadSpec> {
    use crate::vehicle::payload_for::ExtraPayloadSpec;
    let t = text.trim();
    let bad = || {
        Error::invalid(
            "extra payload",
            format!("\"{text}\""),
            "a percentage of the fitted burnout mass (10%) or a mass in kg on the generic vehicle's nominal scale (500kg), 0 or more",
        )
    };
    let (spec, x) = if let Some(p) = t.strip_suffix('%') {
        let x: f64 = p.trim().parse().map_err(|_| bad())?;
        (ExtraPayloadSpec::FractionOfBurnoutMass(x / 100.0), x)
    } else if let Some(k) = t.strip_suffix("kg") {
        let x: f64 = k.trim().parse().map_err(|_| bad())?;
        (ExtraPayloadSpec::NominalKg(x), x)
    } else {
        return Err(bad());
    };
    if !(x.is_finite() && x >= 0.0) {
        return Err(bad());
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_test_ids_suggest_close_ones() {
        let e = find_test("2017-11-28-hwasong15-kcnaa").unwrap_err().to_string();
        assert!(e.contains("did you mean 2017-11-28-hwasong15-kcna"), "{e}");
        // A missile that is not in the catalog: the nearest are offered, Hwasong-19 among
        // them (the issue: it never was); for "hwasong-20" the Musudan's Hwasong-10 is as
        // near by its name.
        for q in ["hwasong-20", "hwasong91", "Hwsong-19"] {
            let e = find_test(q).unwrap_err().to_string();
            let offered = &e[e.find("did you mean ").expect("suggestions")..];
            assert!(offered.contains("2024-10-31-hwasong19-kcna"), "{q}: {e}");
            assert!(e.starts_with("test: ") && !e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn tests_are_found_by_missile_and_date() {
        for q in ["hwasong19", "Hwasong-19", "HWASONG 19", "2024-10-31", "2024-10-31-hwasong19-kcna", "hwasong19 kcna"]
        {
            assert_eq!(find_test(q).unwrap().id, "2024-10-31-hwasong19-kcna", "{q}");
        }
        assert_eq!(find_test("2024-10-31-hwasong19-japan").unwrap().id, "2024-10-31-hwasong19-japan");
        assert_eq!(find_test("hwasong-15 2017").unwrap().id, "2017-11-28-hwasong15-kcna");
        let e = catalog::find("2024-10-31-hwasong19-kcna").unwrap();
        assert_eq!(
            test_choice_note("hwasong19", e).unwrap(),
            "\"hwasong19\" names 2 sources of this test: the first is used; the other: 2024-10-31-hwasong19-japan"
        );
        assert_eq!(test_choice_note("2024-10-31-hwasong19-kcna", e), None);
        // Two tests of the Hwasong-15 (2017 and 2023): the candidates, not a guess.
        let err = find_test("hwasong-15").unwrap_err().to_string();
        assert!(err.contains("matches 2 tests: 2017-11-28 Hwasong-15, 2023-02-18 Hwasong-15"), "{err}");
    }
}
