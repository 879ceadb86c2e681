//! Rendering results at the edge: km, km/s, degrees, seconds; text report and JSON.

// The JSON structs' fields are the output's keys, named with their units and listed in
// the README; their docs would repeat the names.
#![allow(missing_docs)]

use crate::estimate::Estimate;
use crate::flight::Flight;
use crate::standard::target::TargetReach;
use crate::standard::AzimuthRange;
use crate::vehicle::BoostEstimate;
use serde::Serialize;

use crate::fmt::grouped;

const MI: f64 = crate::constants::METRES_PER_MILE;

fn km(m: f64) -> f64 {
    m / 1e3
}

#[derive(Serialize)]
pub struct InputJson {
    pub apogee_km: Option<f64>,
    pub range_km: Option<f64>,
    pub flight_time_s: Option<f64>,
    pub burnout_altitude_km: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burnout_speed_km_s: Option<f64>,
    pub site: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    pub test_azimuth_deg: Option<f64>,
    /// Model earth: the re-entry ballistic coefficient, kg/m² (absent: no re-entry drag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beta_kg_m2: Option<f64>,
    /// Where the figures come from when not all from the command line (`--test`, `--spread`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct BurnoutJson {
    pub speed_km_s: f64,
    /// The lofted test's angle; in forward mode the standard trajectory's (null with global reach).
    pub flight_path_angle_deg: Option<f64>,
    pub altitude_km: f64,
}

#[derive(Serialize)]
pub struct LoftedJson {
    pub apogee_km: f64,
    pub range_km: f64,
    pub flight_time_s: f64,
}

#[derive(Serialize)]
pub struct StandardJson {
    pub global_reach: bool,
    pub range_km: Option<f64>,
    pub range_mi: Option<f64>,
    pub apogee_km: Option<f64>,
    pub flight_time_s: Option<f64>,
    pub flight_path_angle_deg: Option<f64>,
    pub azimuth_deg: Option<f64>,
}

#[derive(Serialize)]
pub struct FlightTimeJson {
    pub reported_s: f64,
    /// The computed time, s, and what it measures ("free_flight" or "launch_to_impact").
    pub computed_s: f64,
    pub computed: crate::checks::flight_time::Timed,
    /// Free flight only (impulsive burnout).
    pub free_flight_s: Option<f64>,
    pub implied_boost_s: Option<f64>,
    pub consistent: bool,
}

#[derive(Serialize)]
pub struct AzimuthJson {
    pub azimuth_deg: f64,
    pub range_km: Option<f64>,
    pub flight_path_angle_deg: Option<f64>,
    pub global_reach: bool,
}

impl From<&AzimuthRange> for AzimuthJson {
    fn from(a: &AzimuthRange) -> Self {
        AzimuthJson {
            azimuth_deg: a.azimuth_rad.to_degrees(),
            range_km: a.range_m.map(km),
            flight_path_angle_deg: a.gamma_rad.map(f64::to_degrees),
            global_reach: a.range_m.is_none(),
        }
    }
}

#[derive(Serialize)]
pub struct TargetJson {
    /// The place name, when the target was given by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub distance_km: f64,
    /// Bearing from the launch site to the target (great circle, or geodesic azimuth).
    pub bearing_deg: f64,
    /// Launch azimuth of the standard trajectory whose impact lies on the great circle
    /// to the target (off the bearing on a rotating Earth).
    pub launch_azimuth_deg: f64,
    pub range_km: Option<f64>,
    pub margin_km: Option<f64>,
    /// Flight time of that standard trajectory over its full range (past the target), s.
    pub standard_flight_time_s: Option<f64>,
    pub reachable: bool,
    /// The minimum-energy flight that ends on the target (None: see the note).
    pub minimum_energy: Option<TargetFlightJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_energy_note: Option<&'static str>,
    /// The missile's own burnout speed, the lower (faster) of its two flights to the target.
    pub own_speed_low: Option<TargetFlightJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_speed_low_note: Option<&'static str>,
    /// The missile's own burnout speed, the higher of its two flights to the target.
    pub own_speed_high: Option<TargetFlightJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_speed_high_note: Option<&'static str>,
}

/// A flight that ends on a target.
#[derive(Serialize)]
pub struct TargetFlightJson {
    pub launch_azimuth_deg: f64,
    pub speed_km_s: f64,
    pub flight_path_angle_deg: f64,
    pub flight_time_s: f64,
    pub apogee_km: f64,
    /// Distance of the impact from the target (the solvers' residual).
    pub miss_km: f64,
}

fn landing_json(l: &crate::standard::target::Landing) -> (Option<TargetFlightJson>, Option<&'static str>) {
    match l {
        Ok(f) => (
            Some(TargetFlightJson {
                launch_azimuth_deg: f.azimuth_rad.to_degrees(),
                speed_km_s: f.speed_m_s / 1e3,
                flight_path_angle_deg: f.gamma_rad.to_degrees(),
                flight_time_s: f.flight_time_s,
                apogee_km: km(f.apogee_m),
                miss_km: km(f.miss_m),
            }),
            None,
        ),
        Err(why) => (None, Some(why.reason())),
    }
}

impl From<&TargetReach> for TargetJson {
    fn from(t: &TargetReach) -> Self {
        let (minimum_energy, minimum_energy_note) = landing_json(&t.flights.minimum_energy);
        let (own_speed_low, own_speed_low_note) = landing_json(&t.flights.low);
        let (own_speed_high, own_speed_high_note) = landing_json(&t.flights.high);
        TargetJson {
            name: None,
            lat_deg: t.lat_rad.to_degrees(),
            lon_deg: t.lon_rad.to_degrees(),
            distance_km: km(t.distance_m),
            bearing_deg: t.bearing_rad.to_degrees(),
            launch_azimuth_deg: t.azimuth_rad.to_degrees(),
            range_km: t.range_m.map(km),
            margin_km: t.margin_m.map(km),
            standard_flight_time_s: t.flight_time_s,
            reachable: t.reachable,
            minimum_energy,
            minimum_energy_note,
            own_speed_low,
            own_speed_low_note,
            own_speed_high,
            own_speed_high_note,
        }
    }
}

/// The text rows of one target (estimate and reach reports alike): the verdict with
/// the distance and bearing, the standard trajectory toward it (range, launch azimuth,
/// its full flight time), and the flight times of the flights that end on it.
pub(crate) fn target_text_rows(label: &str, t: &TargetReach) -> Vec<(String, String)> {
    let verdict = match t.margin_m {
        Some(m) => format!("{} by {} km", if t.reachable { "in reach" } else { "OUT of reach" }, grouped(km(m.abs()))),
        None => "in reach (global reach toward it)".into(),
    };
    let mut rows = vec![(
        label.to_string(),
        format!("distance {} km, bearing {:.1} deg: {verdict}", grouped(km(t.distance_m)), t.bearing_rad.to_degrees()),
    )];
    let standard = match (t.range_m, t.flight_time_s) {
        (Some(r), Some(s)) => format!(
            "range {} km, launch azimuth {:.1} deg; its full flight (to {} km, not to the target) {:.1} min",
            grouped(km(r)),
            t.azimuth_rad.to_degrees(),
            grouped(km(r)),
            s / 60.0
        ),
        _ => format!("global reach toward launch azimuth {:.1} deg", t.azimuth_rad.to_degrees()),
    };
    rows.push(("  standard trajectory".into(), standard));
    let flight = |what: &str, l: &crate::standard::target::Landing| match l {
        Ok(f) => format!(
            "{what}: {:.1} min ({:.3} km/s at {:.2} deg, launch azimuth {:.1} deg, apogee {} km{})",
            f.flight_time_s / 60.0,
            f.speed_m_s / 1e3,
            f.gamma_rad.to_degrees(),
            f.azimuth_rad.to_degrees(),
            grouped(km(f.apogee_m)),
            if f.apogee_m < 100e3 { ": in the atmosphere all the way, which the free flight leaves out" } else { "" }
        ),
        Err(why) => format!("{what}: {}", why.reason()),
    };
    let fl = &t.flights;
    match (fl.minimum_energy, fl.low) {
        // One reason for both (out of reach, global reach, boost): say it once.
        (Err(a), Err(b)) if a == b => rows.push(("  flight time to target".into(), a.reason().to_string())),
        _ => {
            rows.push(("  flight time to target".into(), flight("minimum-energy flight", &fl.minimum_energy)));
            rows.push((String::new(), flight("own burnout speed, low flight", &fl.low)));
        }
    }
    rows
}

/// The estimate's targets in the order asked, with their names when given by name.
pub fn targets_json(est: &Estimate) -> Vec<TargetJson> {
    est.targets
        .iter()
        .enumerate()
        .map(|(i, t)| TargetJson {
            name: est.request.targets.get(i).and_then(|c| c.name.clone()),
            ..TargetJson::from(t)
        })
        .collect()
}

/// Target `i` of an estimate as a report names it: its name, or its coordinates.
pub fn target_label(est: &Estimate, i: usize) -> String {
    match (est.request.targets.get(i), est.targets.get(i)) {
        (Some(t), _) => t.label(),
        (None, Some(t)) => crate::geo::lat_lon_label(t.lat_rad.to_degrees(), t.lon_rad.to_degrees()),
        (None, None) => String::new(),
    }
}

/// Degrees of an angle given in degrees and kept in radians, as given: rounded to 1e-9
/// degrees (a value typed with up to nine decimals comes back as typed).
pub fn echo_deg(rad: f64) -> f64 {
    (rad.to_degrees() * 1e9).round() / 1e9
}

/// The headline standard trajectory's numbers, flat, for the reports.
struct Headline {
    global_reach: bool,
    range_m: Option<f64>,
    apogee_m: Option<f64>,
    flight_time_s: Option<f64>,
    gamma_rad: Option<f64>,
    azimuth_rad: Option<f64>,
}

fn standard_numbers(est: &Estimate) -> Headline {
    let s = &est.standard;
    Headline {
        global_reach: s.is_global(),
        range_m: s.range_m(),
        apogee_m: s.apogee_m(),
        flight_time_s: s.flight_time_s(),
        gamma_rad: s.gamma_rad(),
        azimuth_rad: est.standard_azimuth_rad,
    }
}

/// An angle in whole degrees or with one decimal when it has one: "90°", "76.1°".
fn degrees_word(rad: f64) -> String {
    let d = format!("{:.1}", rad.to_degrees());
    format!("{}°", d.strip_suffix(".0").unwrap_or(&d))
}

/// A place's name for a sentence: "Washington" for "Washington, United States",
/// "Pyongsong" for "Pyongsong (catalog)"; coordinates when it has no name.
fn place_word(name: Option<&str>, lat_rad: f64, lon_rad: f64) -> String {
    match name {
        Some(n) => {
            let n = n.split(',').next().unwrap_or(n);
            n.trim_end_matches(" (catalog)").trim().to_string()
        }
        None => crate::geo::lat_lon_label(lat_rad.to_degrees(), lon_rad.to_degrees()),
    }
}

/// The answer in one or two sentences of plain words, for the top of the report and
/// the page: the standard range toward the headline's direction (from the site), the
/// same flyer on a non-rotating Earth when the estimate has it, global reach worded as
/// the report words it, and each target in or out of reach and by how much. Every
/// number is one of the JSON's, rounded as the report rounds it.
pub fn headline(est: &Estimate) -> String {
    let s = standard_numbers(est);
    let mut toward = String::from("On a standard trajectory");
    if let Some(az) = s.azimuth_rad {
        toward += &format!(" toward {}", degrees_word(az));
    }
    if let Some(site) = &est.question.site {
        toward += &format!(" from {}", place_word(site.name.as_deref(), site.lat_rad, site.lon_rad));
    }
    let who = match (&est.question.asked, &est.question.test_name) {
        (crate::estimate::Asked::Lofted(_), Some(t)) => format!("the missile of {t}"),
        (crate::estimate::Asked::Lofted(_), None) => "the tested missile".to_string(),
        (crate::estimate::Asked::Burnout { speed_m_s, .. }, _) => {
            format!("a burnout speed of {:.3} km/s", km(*speed_m_s))
        }
        (crate::estimate::Asked::Vehicle { payload_kg }, _) => match &est.question.vehicle {
            Some(v) => format!("vehicle {} with {} kg", v.label(), grouped(payload_kg.unwrap_or(v.payload_kg))),
            None => "the vehicle".to_string(),
        },
    };
    let same = match est.flyer {
        crate::flyer::Flyer::Impulsive(_) => "the same burnout speed",
        crate::flyer::Flyer::Vehicle(_) => "the same vehicle",
    };
    let comparison = est.non_rotating.as_ref().map(|n| match n.range_m {
        Some(r) => format!("{} km with {same} on a non-rotating Earth", grouped(km(r))),
        None => format!("global reach with {same} on a non-rotating Earth too"),
    });
    let mut o = match s.range_m {
        Some(r) => {
            let c = comparison.map(|c| format!(" ({c})")).unwrap_or_default();
            let fly = if matches!(est.question.asked, crate::estimate::Asked::Burnout { .. }) {
                "would carry a missile about"
            } else {
                "would fly about"
            };
            format!("{toward}, {who} {fly} {} km{c}.", grouped(km(r)))
        }
        None => {
            let everywhere =
                !est.model.earth.rotates() || est.global_margin.as_ref().is_some_and(|m| m.global_everywhere());
            let c = comparison.map(|c| format!("; {c}")).unwrap_or_default();
            if everywhere {
                format!(
                    "{toward}, {who} would have global reach: every point on Earth is in reach, in every direction{c}."
                )
            } else {
                format!(
                    "{toward}, {who} would have global reach in that direction (its flight passes the point farthest from the site); other directions may be bounded{c}."
                )
            }
        }
    };
    let verdicts: Vec<String> = est
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let name = place_word(est.request.targets.get(i).and_then(|c| c.name.as_deref()), t.lat_rad, t.lon_rad);
            match t.margin_m {
                Some(m) if t.reachable => format!("{name} is in reach with {} km to spare", grouped(km(m.abs()))),
                Some(m) => format!("{name} is out of reach by {} km", grouped(km(m.abs()))),
                None => format!("{name} is in reach (global reach toward it)"),
            }
        })
        .collect();
    if !verdicts.is_empty() {
        o += &format!(" {}.", verdicts.join("; "));
    }
    o
}

/// Global reach of the headline standard trajectory in the words of the text report:
/// "global reach in every direction" where it holds everywhere (a non-rotating Earth, or
/// the margin says so), else "global reach toward 66.6° (other directions may be
/// bounded)".
pub fn global_reach_words(est: &Estimate) -> String {
    let everywhere = !est.model.earth.rotates() || est.global_margin.as_ref().is_some_and(|m| m.global_everywhere());
    match (everywhere, est.standard_azimuth_rad) {
        (false, Some(az)) => format!("global reach toward {} (other directions may be bounded)", degrees_word(az)),
        (false, None) => "global reach (other directions may be bounded)".into(),
        (true, _) => "global reach in every direction".into(),
    }
}

/// The test in a title: "2024-10-31 Hwasong-19 test: 7,687.5 km apogee, 1,001.2 km range",
/// or "Lofted test 4,475 km apogee, 950 km range" when it is not a catalog test.
pub fn test_title(est: &Estimate) -> String {
    let summary = question_summary(&est.question);
    match (&est.question.test_name, est.question.observation()) {
        (Some(t), Some(_)) => format!("{}: {summary}", t.strip_prefix("the ").unwrap_or(t)),
        (None, Some(_)) => format!("Lofted test {summary}"),
        _ => format!("Forward mode, {summary}"),
    }
}

/// The forward question's burnout state (speed, altitude), m/s and m.
fn given_burnout(est: &Estimate) -> Option<(f64, f64)> {
    match est.question.asked {
        crate::estimate::Asked::Burnout { speed_m_s, altitude_m } => Some((speed_m_s, altitude_m)),
        _ => None,
    }
}

/// The question in a few words, for titles: "4,475 km apogee, 950 km range", "burnout
/// 7.20 km/s at 0 km" or "vehicle NAME, 1,500 kg payload".
pub fn question_summary(q: &crate::estimate::Question) -> String {
    match &q.asked {
        crate::estimate::Asked::Lofted(o) => {
            format!(
                "{} km apogee, {} km range",
                crate::fmt::km_tenths(o.apogee_m / 1e3),
                crate::fmt::km_tenths(o.range_m / 1e3)
            )
        }
        crate::estimate::Asked::Burnout { speed_m_s, altitude_m } => {
            format!("burnout {:.2} km/s at {} km", speed_m_s / 1e3, grouped(altitude_m / 1e3))
        }
        crate::estimate::Asked::Vehicle { payload_kg } => match &q.vehicle {
            Some(v) => {
                format!("vehicle {}, {} kg payload", v.label(), grouped(payload_kg.unwrap_or(v.payload_kg)))
            }
            None => String::new(),
        },
    }
}

#[derive(Serialize)]
pub struct SolverJson {
    pub method: String,
    pub stop: String,
    pub iterations: u32,
    pub residual_m: f64,
}

#[derive(Serialize)]
pub struct OverAllJson {
    pub step_deg: f64,
    pub max: AzimuthJson,
    pub min: AzimuthJson,
}

#[derive(Serialize)]
pub struct EstimateJson {
    /// The answer in plain words ([`headline`]).
    pub headline: String,
    pub model: String,
    pub assumptions: String,
    pub input: InputJson,
    pub burnout: BurnoutJson,
    pub lofted: Option<LoftedJson>,
    pub standard: StandardJson,
    pub flight_time_check: Option<FlightTimeJson>,
    pub by_azimuth: Vec<AzimuthJson>,
    /// Over all launch azimuths (when swept): the longest and shortest standard range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over_all_azimuths: Option<OverAllJson>,
    pub targets: Vec<TargetJson>,
    pub inverse: Option<SolverJson>,
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boost: Option<BoostJson>,
    /// With global reach somewhere (impulsive models): the margin over the speed that
    /// reaches the antipode in the worst direction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_margin: Option<GlobalMarginJson>,
    /// With a lofted observation: is it lofted (at least as steep as the standard trajectory)?
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lofted_check: Option<LoftedCheckJson>,
    /// Model boost, generic vehicle, `--extra-payload`: the standard range with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_payload: Option<ExtraPayloadJson>,
    /// Other burnout states that reproduce the observation (MODEL.md, "Inverse: more
    /// than one root"); absent when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_roots: Vec<OtherRootJson>,
    /// On a rotating Earth (the command line and the page ask for it): the same burnout
    /// speed, or the same vehicle, on a non-rotating sphere toward the same azimuth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_rotating: Option<NonRotatingJson>,
    /// Model boost with spent stages asked for: where each falls (empty for a vehicle
    /// that drops none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<super::stages::StageJson>>,
}

#[derive(Serialize)]
pub struct NonRotatingJson {
    pub range_km: Option<f64>,
    pub global_reach: bool,
    pub azimuth_deg: f64,
    pub what: &'static str,
}

#[derive(Serialize)]
pub struct OtherRootJson {
    pub speed_km_s: f64,
    pub flight_path_angle_deg: f64,
    pub altitude_km: f64,
    /// True when its impact lies ahead of the site along the test azimuth, false behind.
    pub impact_ahead: bool,
    /// Its standard range toward the headline's azimuth (null with global reach).
    pub standard_range_km: Option<f64>,
    pub global_reach: bool,
}

/// The other root in words: where it lands, and where it would lead.
pub fn other_root_text(r: &crate::inverse::OtherRootSummary, azimuth_rad: Option<f64>) -> String {
    let side = if r.impact_ahead {
        "its impact also lies ahead of the site, on a steeper flight"
    } else {
        "its impact lies behind the site, opposite to where the test landed"
    };
    let toward = azimuth_rad.map(|a| format!(" toward azimuth {:.1} deg", a.to_degrees())).unwrap_or_default();
    let standard = match r.standard_range_m {
        Some(m) => format!("{} km{toward}", grouped(km(m))),
        None => format!("global reach{toward}"),
    };
    format!(
        "{:.3} deg at {:.4} km/s also reproduces the apogee and range: {side}; its standard range would be {standard}",
        r.burnout.gamma_rad.to_degrees(),
        km(r.burnout.speed_m_s)
    )
}

#[derive(Serialize)]
pub struct GlobalMarginJson {
    pub speed_km_s: f64,
    pub antipode_speed_km_s: f64,
    /// Null where the direction does not matter (non-rotating sphere).
    pub worst_azimuth_deg: Option<f64>,
    pub margin_m_s: f64,
    pub margin_fraction: f64,
    pub global_everywhere: bool,
    pub summary: String,
}

#[derive(Serialize)]
pub struct LoftedCheckJson {
    pub lofted: bool,
    pub observed_flight_path_angle_deg: f64,
    pub standard_flight_path_angle_deg: Option<f64>,
    pub observed_apogee_to_range: f64,
    pub standard_apogee_to_range: Option<f64>,
    pub reason: String,
}

#[derive(Serialize)]
pub struct ExtraPayloadJson {
    pub extra_payload_kg: f64,
    pub fraction_of_burnout_mass: f64,
    pub fitted_burnout_mass_kg: f64,
    pub fitted_liftoff_mass_kg: f64,
    pub ideal_delta_v_km_s: f64,
    pub liftoff_thrust_to_weight: f64,
    pub azimuth_deg: f64,
    pub standard_range_km: Option<f64>,
    pub global_reach: bool,
    pub assumption: String,
}

fn what_it_depends_on_json(
    est: &Estimate,
) -> (Option<GlobalMarginJson>, Option<LoftedCheckJson>, Option<ExtraPayloadJson>) {
    let margin = est.global_margin.as_ref().map(|m| GlobalMarginJson {
        speed_km_s: km(m.speed_m_s),
        antipode_speed_km_s: km(m.antipode_speed_m_s),
        worst_azimuth_deg: m.worst_azimuth_rad.map(f64::to_degrees),
        margin_m_s: m.margin_m_s,
        margin_fraction: m.margin_fraction,
        global_everywhere: m.global_everywhere(),
        summary: m.sentence(),
    });
    let lofted = est.lofted_check.as_ref().map(|c| LoftedCheckJson {
        lofted: c.lofted,
        observed_flight_path_angle_deg: c.observed_gamma_rad.to_degrees(),
        standard_flight_path_angle_deg: c.standard_gamma_rad.map(f64::to_degrees),
        observed_apogee_to_range: c.observed_apogee_to_range,
        standard_apogee_to_range: c.standard_apogee_to_range,
        reason: c.reason(),
    });
    let extra = est.extra_payload.as_ref().map(|x| ExtraPayloadJson {
        extra_payload_kg: x.extra_kg,
        fraction_of_burnout_mass: x.fraction_of_burnout_mass,
        fitted_burnout_mass_kg: x.burnout_mass_kg,
        fitted_liftoff_mass_kg: x.liftoff_mass_kg,
        ideal_delta_v_km_s: km(x.ideal_delta_v_m_s),
        liftoff_thrust_to_weight: x.liftoff_thrust_to_weight,
        azimuth_deg: x.azimuth_rad.to_degrees(),
        standard_range_km: x.standard_range_m.map(km),
        global_reach: x.global_reach,
        assumption: x.assumption.clone(),
    });
    (margin, lofted, extra)
}

/// The human report's lines on what the answer depends on: the global-reach margin and
/// the extra payload (the not-lofted warning is among the warnings).
fn what_it_depends_on_text(o: &mut String, est: &Estimate) {
    use std::fmt::Write;
    if let Some(m) = &est.global_margin {
        let _ = writeln!(o, "  {:<26} {}", "global-reach margin", m.sentence());
    }
    if let Some(x) = &est.extra_payload {
        let r = match x.standard_range_m {
            Some(r) => format!("{} km", grouped(km(r))),
            None => "global reach".into(),
        };
        let _ = writeln!(
            o,
            "\nWith an extra payload ({:.1} % of the fitted burnout mass)\n  {:<26} {r}\n  assumption: {}",
            100.0 * x.fraction_of_burnout_mass,
            "standard range",
            x.assumption
        );
    }
}

/// One powered flight of the boost model, at the edge's units.
#[derive(Serialize)]
pub struct BoostFlightJson {
    pub kick_deg: f64,
    pub burnout_time_s: f64,
    pub burnout_speed_km_s: f64,
    pub burnout_altitude_km: f64,
    pub burnout_flight_path_angle_deg: f64,
    pub ideal_delta_v_km_s: f64,
    pub gravity_loss_km_s: f64,
    pub drag_loss_km_s: f64,
    pub steering_loss_km_s: f64,
    /// What the ambient pressure took from the thrust (0 for stages whose thrust does not
    /// change with altitude).
    pub back_pressure_loss_km_s: f64,
    pub max_dynamic_pressure_kpa: f64,
    pub apogee_km: f64,
    pub range_km: f64,
    pub flight_time_s: f64,
}

impl From<&Flight> for BoostFlightJson {
    fn from(f: &Flight) -> Self {
        let p = f.powered();
        let b = &p.burnout;
        BoostFlightJson {
            kick_deg: p.kick_rad.to_degrees(),
            burnout_time_s: b.time_s,
            burnout_speed_km_s: km(b.speed_m_s),
            burnout_altitude_km: km(b.altitude_m),
            burnout_flight_path_angle_deg: b.gamma_rad.to_degrees(),
            ideal_delta_v_km_s: km(b.ideal_delta_v_m_s),
            gravity_loss_km_s: km(b.gravity_loss_m_s),
            drag_loss_km_s: km(b.drag_loss_m_s),
            steering_loss_km_s: km(b.steering_loss_m_s),
            back_pressure_loss_km_s: km(b.back_pressure_loss_m_s),
            max_dynamic_pressure_kpa: b.max_dynamic_pressure_pa / 1e3,
            apogee_km: km(f.apogee_m),
            range_km: km(f.range_m),
            flight_time_s: f.flight_time_s,
        }
    }
}

#[derive(Serialize)]
pub struct BoostSensitivityJson {
    pub parameter: String,
    pub factor: f64,
    pub value: f64,
    pub standard_range_km: Option<f64>,
    pub global_reach: bool,
    pub lofted_flight_time_s: Option<f64>,
    pub error: Option<String>,
}

#[derive(Serialize)]
pub struct BoostJson {
    pub fitted_delta_v_km_s: f64,
    pub fitted_kick_deg: f64,
    pub fitted_payload_kg: Option<f64>,
    pub apogee_residual_m: f64,
    pub range_residual_m: f64,
    pub flights: u32,
    pub lofted: BoostFlightJson,
    pub standard: Option<BoostFlightJson>,
    pub standard_set_by_burnout_floor: bool,
    pub simulated_flight_time_s: f64,
    pub reported_flight_time_s: Option<f64>,
    pub sensitivity: Vec<BoostSensitivityJson>,
}

fn boost_json(b: &BoostEstimate) -> BoostJson {
    BoostJson {
        fitted_delta_v_km_s: km(b.fitted.delta_v_m_s),
        fitted_kick_deg: b.fitted.kick_rad.to_degrees(),
        fitted_payload_kg: b.fitted.payload_kg,
        apogee_residual_m: b.fitted.report.apogee_residual_m,
        range_residual_m: b.fitted.report.range_residual_m,
        flights: b.fitted.report.flights,
        lofted: (&b.lofted).into(),
        standard: b.standard.flight().map(|sf| (&sf.landed).into()),
        standard_set_by_burnout_floor: b.standard.flight().is_some_and(|sf| sf.floor_active),
        simulated_flight_time_s: b.lofted.flight_time_s,
        reported_flight_time_s: b.flight_time_check.as_ref().map(|c| c.reported_s),
        sensitivity: b
            .sensitivity
            .iter()
            .map(|r| BoostSensitivityJson {
                parameter: r.parameter.clone(),
                factor: r.factor,
                value: r.value,
                standard_range_km: r.standard_range_m.map(km),
                global_reach: r.global_reach,
                lofted_flight_time_s: r.lofted_flight_time_s,
                error: r.error.clone(),
            })
            .collect(),
    }
}

/// The assumptions in one line short enough for a figure's header.
pub fn figure_assumptions(est: &Estimate) -> String {
    match &est.boost {
        None => format!("model {}: {}", est.model, est.assumptions),
        Some(b) => format!(
            "model boost: {} fitted to the test (ideal delta-v {:.2} km/s, {}), drag on ascent, standard burnout at or above {:.0} km, {} Earth",
            if est.question.vehicle.is_some() { "vehicle file" } else { "generic one-stage vehicle" },
            km(b.fitted.delta_v_m_s),
            if b.fitted_vehicle.plan.pitch.is_gravity_turn() {
                format!("kick {:.2} deg", b.fitted.kick_rad.to_degrees())
            } else {
                format!("hold elevation {:.2} deg", 90.0 - b.fitted.kick_rad.to_degrees())
            },
            crate::vehicle::defaults::MIN_BURNOUT_ALTITUDE_M / 1e3,
            if est.question.site.is_some() { "rotating" } else { "non-rotating" }
        ),
    }
}

/// A row of the boost table: its label and how to format a flight's value.
type BoostRow = (&'static str, fn(&Flight) -> String);

/// The boost model's section of the human report.
fn boost_text(o: &mut String, b: &BoostEstimate) {
    use std::fmt::Write;
    let _ = writeln!(o, "\nBoost phase (simulated powered flight)");
    // A ramp-and-hold program's angle is its hold elevation (90° minus the angle flown
    // from the vertical, which the gravity turn calls its kick).
    let ramp = !b.fitted_vehicle.plan.pitch.is_gravity_turn();
    let (angle_name, angle_deg) = if ramp {
        ("hold elevation", 90.0 - b.fitted.kick_rad.to_degrees())
    } else {
        ("kick", b.fitted.kick_rad.to_degrees())
    };
    let _ = writeln!(
        o,
        "  fitted to the test: ideal delta-v {:.3} km/s, {angle_name} {:.3} deg{}  ({} flights; residuals apogee {:.1} m, range {:.1} m)",
        km(b.fitted.delta_v_m_s),
        angle_deg,
        b.fitted.payload_kg.map(|p| format!(", payload {} kg", grouped(p))).unwrap_or_default(),
        b.fitted.report.flights,
        b.fitted.report.apogee_residual_m,
        b.fitted.report.range_residual_m
    );
    let _ = writeln!(o, "  {:<26} {:>14} {:>14}", "", "lofted test", "standard");
    let mut rows: [BoostRow; 10] = [
        ("kick (deg)", |f| format!("{:.3}", f.powered().kick_rad.to_degrees())),
        ("burnout time (s)", |f| format!("{:.1}", f.powered().burnout.time_s)),
        ("burnout speed (km/s)", |f| format!("{:.3}", km(f.powered().burnout.speed_m_s))),
        ("burnout altitude (km)", |f| format!("{:.1}", km(f.powered().burnout.altitude_m))),
        ("burnout angle (deg)", |f| format!("{:.2}", f.powered().burnout.gamma_rad.to_degrees())),
        ("gravity loss (km/s)", |f| format!("{:.3}", km(f.powered().burnout.gravity_loss_m_s))),
        ("drag loss (km/s)", |f| format!("{:.3}", km(f.powered().burnout.drag_loss_m_s))),
        ("max dynamic pressure (kPa)", |f| format!("{:.0}", f.powered().burnout.max_dynamic_pressure_pa / 1e3)),
        ("apogee / range (km)", |f| format!("{} / {}", grouped(km(f.apogee_m)), grouped(km(f.range_m)))),
        ("flight time (min)", |f| format!("{:.1}", f.flight_time_s / 60.0)),
    ];
    if ramp {
        rows[0] = ("hold elevation (deg)", |f| format!("{:.3}", 90.0 - f.powered().kick_rad.to_degrees()));
    }
    for (name, f) in rows {
        let std = b.standard.flight().map(|sf| f(&sf.landed)).unwrap_or_else(|| "global reach".into());
        let _ = writeln!(o, "  {name:<26} {:>14} {std:>14}", f(&b.lofted));
    }
    if let Some(c) = &b.flight_time_check {
        let _ = writeln!(
            o,
            "  flight time: simulated {:.1} min against reported {:.1} min ({:+.1} min)",
            c.computed_s / 60.0,
            c.reported_s / 60.0,
            c.difference_s / 60.0
        );
    }
    if !b.sensitivity.is_empty() {
        let _ = writeln!(o, "\n  Standard range with each default moved by -20% / +20% (each refitted to the test):");
        let mut params: Vec<&str> = Vec::new();
        for r in &b.sensitivity {
            if !params.contains(&r.parameter.as_str()) {
                params.push(&r.parameter);
            }
        }
        let cell = |p: &str, f: f64| {
            b.sensitivity
                .iter()
                .find(|r| r.parameter == p && (r.factor - f).abs() < 1e-9)
                .map(|r| match (r.standard_range_m, r.global_reach, &r.error) {
                    (Some(m), _, _) => format!("{} km", grouped(km(m))),
                    (None, true, _) => "global reach".into(),
                    (None, false, Some(_)) => "no fit".into(),
                    _ => "-".into(),
                })
                .unwrap_or_else(|| "-".into())
        };
        for p in params {
            let _ = writeln!(o, "  {p:<26} {:>14} {:>14}", cell(p, 0.8), cell(p, 1.2));
        }
    }
}

pub fn estimate_json(est: &Estimate) -> EstimateJson {
    let s = standard_numbers(est);
    let (global_margin, lofted_check, extra_payload) = what_it_depends_on_json(est);
    let obs = est.question.observation().copied();
    let given = given_burnout(est);
    EstimateJson {
        headline: headline(est),
        model: est.model.name().to_string(),
        assumptions: est.assumptions.clone(),
        input: InputJson {
            apogee_km: obs.map(|o| km(o.apogee_m)),
            range_km: obs.map(|o| km(o.range_m)),
            flight_time_s: obs.and_then(|o| o.flight_time_s),
            burnout_altitude_km: km(obs.map_or(given.map_or(0.0, |g| g.1), |o| o.burnout_altitude_m)),
            burnout_speed_km_s: given.map(|g| km(g.0)),
            site: est.question.site.as_ref().map(|s| [echo_deg(s.lat_rad), echo_deg(s.lon_rad)]),
            site_name: est.question.site.as_ref().and_then(|s| s.name.clone()),
            test_azimuth_deg: est.question.test_azimuth_rad.map(f64::to_degrees),
            beta_kg_m2: est.model.earth.reentry_beta_kg_m2,
            source: est.question.source.clone(),
        },
        burnout: BurnoutJson {
            speed_km_s: km(est.burnout.speed_m_s),
            flight_path_angle_deg: match obs {
                Some(_) => Some(est.burnout.gamma_rad.to_degrees()),
                None => s.gamma_rad.map(f64::to_degrees),
            },
            altitude_km: km(est.burnout.altitude_m),
        },
        lofted: est.lofted.as_ref().map(|l| LoftedJson {
            apogee_km: km(l.apogee_m),
            range_km: km(l.range_m),
            flight_time_s: l.flight_time_s,
        }),
        standard: StandardJson {
            global_reach: s.global_reach,
            range_km: s.range_m.map(km),
            range_mi: s.range_m.map(|r| r / MI),
            apogee_km: s.apogee_m.map(km),
            flight_time_s: s.flight_time_s,
            flight_path_angle_deg: s.gamma_rad.map(f64::to_degrees),
            azimuth_deg: s.azimuth_rad.map(f64::to_degrees),
        },
        flight_time_check: est.flight_time.as_ref().map(|f| FlightTimeJson {
            reported_s: f.reported_s,
            computed_s: f.computed_s,
            computed: f.computed,
            free_flight_s: (f.computed == crate::checks::flight_time::Timed::FreeFlight).then_some(f.computed_s),
            implied_boost_s: f.implied_boost_s,
            consistent: f.warning.is_none(),
        }),
        by_azimuth: est.by_azimuth.iter().map(AzimuthJson::from).collect(),
        over_all_azimuths: est.sweep.as_ref().map(|sw| OverAllJson {
            step_deg: est.request.sweep_step_rad.unwrap_or(0.0).to_degrees(),
            max: AzimuthJson::from(&sw.max),
            min: AzimuthJson::from(&sw.min),
        }),
        targets: targets_json(est),
        inverse: est.inverse_method.zip(est.inverse_report).map(|(method, r)| SolverJson {
            method: format!("{method:?}").to_lowercase(),
            stop: format!("{:?}", r.stop).to_lowercase(),
            iterations: r.iterations,
            residual_m: r.residual,
        }),
        warnings: est.warnings.clone(),
        boost: est.boost.as_ref().map(boost_json),
        global_margin,
        lofted_check,
        extra_payload,
        other_roots: est
            .other_roots
            .iter()
            .map(|r| OtherRootJson {
                speed_km_s: km(r.burnout.speed_m_s),
                flight_path_angle_deg: r.burnout.gamma_rad.to_degrees(),
                altitude_km: km(r.burnout.altitude_m),
                impact_ahead: r.impact_ahead,
                standard_range_km: r.standard_range_m.map(km),
                global_reach: r.standard_range_m.is_none(),
            })
            .collect(),
        non_rotating: est.non_rotating.as_ref().map(|n| NonRotatingJson {
            range_km: n.range_m.map(km),
            global_reach: n.range_m.is_none(),
            azimuth_deg: n.azimuth_rad.to_degrees(),
            what: match est.flyer {
                crate::flyer::Flyer::Impulsive(_) => "the same burnout speed on a non-rotating sphere (model sphere)",
                crate::flyer::Flyer::Vehicle(_) => "the same vehicle on a non-rotating sphere",
            },
        }),
        stages: super::stages::stages_json(est),
    }
}

/// The headline standard trajectory's azimuth, where the direction matters.
fn s_azimuth(est: &Estimate) -> Option<f64> {
    est.standard_azimuth_rad
}

fn minutes(s: f64) -> String {
    format!("{:.1} min ({:.0} s)", s / 60.0, s)
}

/// The human report.
pub fn estimate_text(est: &Estimate) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let row = |o: &mut String, k: &str, v: String| {
        let _ = writeln!(o, "  {k:<26} {v}");
    };
    let _ = writeln!(o, "{}\n", headline(est));
    let _ = writeln!(o, "loftrange estimate  (model {})", est.model);
    let _ = writeln!(o, "  assumptions: {}", est.assumptions);
    match (est.question.observation(), given_burnout(est)) {
        (Some(obs), _) => {
            let label = est.question.source.as_ref().map(|l| format!(" ({l})")).unwrap_or_default();
            let _ = writeln!(o, "\nReported lofted test{label}");
            row(&mut o, "apogee", format!("{} km", grouped(km(obs.apogee_m))));
            row(&mut o, "ground range", format!("{} km", grouped(km(obs.range_m))));
            if let Some(t) = obs.flight_time_s {
                row(&mut o, "flight time", minutes(t));
            }
        }
        (None, Some((v, h))) => {
            let _ = writeln!(o, "\nGiven burnout state (forward mode: no lofted test)");
            row(&mut o, "burnout speed", format!("{:.4} km/s relative to the ground", km(v)));
            row(&mut o, "burnout altitude", format!("{} km", grouped(km(h))));
        }
        (None, None) => {}
    }
    if let Some(site) = &est.question.site {
        let (lat, lon) = (echo_deg(site.lat_rad), echo_deg(site.lon_rad));
        match &site.name {
            Some(n) => row(&mut o, "launch site", format!("{n} ({lat}, {lon} lat, lon deg)")),
            None => row(&mut o, "launch site", format!("{lat}, {lon} (lat, lon deg)")),
        }
    }
    if let Some(a) = est.question.test_azimuth_rad {
        row(&mut o, "test azimuth", format!("{:.1} deg", a.to_degrees()));
    }
    if let Some(lofted) = &est.lofted {
        let _ = writeln!(
            o,
            "\n{}",
            if est.boost.is_some() {
                "Simulated burnout state of the lofted test"
            } else {
                "Reconstructed burnout state"
            }
        );
        row(&mut o, "speed", format!("{:.4} km/s", km(est.burnout.speed_m_s)));
        row(&mut o, "flight-path angle", format!("{:.3} deg above horizontal", est.burnout.gamma_rad.to_degrees()));
        row(&mut o, "altitude", format!("{} km", grouped(km(est.burnout.altitude_m))));
        row(
            &mut o,
            "lofted flight (computed)",
            format!(
                "apogee {} km, range {} km, {} {}",
                grouped(km(lofted.apogee_m)),
                grouped(km(lofted.range_m)),
                if est.boost.is_some() { "launch to impact" } else { "free flight" },
                minutes(lofted.flight_time_s)
            ),
        );
        for r in &est.other_roots {
            row(&mut o, "another root", other_root_text(r, s_azimuth(est)));
        }
        if !est.other_roots.is_empty() {
            row(
                &mut o,
                "root used",
                "the shallowest state whose impact lies ahead, toward the test azimuth (where the reported range was measured)".into(),
            );
        }
    }
    let _ = writeln!(o, "\nStandard (minimum-energy) trajectory");
    let s = standard_numbers(est);
    if s.global_reach {
        // Global reach is a result per direction: say "every point" only where it holds.
        let toward = s.azimuth_rad.map(|a| format!(" toward azimuth {:.1} deg", a.to_degrees())).unwrap_or_default();
        let everywhere =
            !est.model.earth.rotates() || est.global_margin.as_ref().is_some_and(|m| m.global_everywhere());
        let scope = if everywhere {
            "the same in every direction: every point on Earth is in reach"
        } else {
            "other directions may be bounded (loftrange reach gives the range over all azimuths)"
        };
        row(
            &mut o,
            "range",
            format!("GLOBAL REACH{toward}: the flight passes the point farthest from the site; {scope}"),
        );
    } else if let (Some(r), Some(a), Some(t), Some(g)) = (s.range_m, s.apogee_m, s.flight_time_s, s.gamma_rad) {
        row(&mut o, "range", format!("{} km ({} mi)", grouped(km(r)), grouped(r / MI)));
        row(&mut o, "apogee", format!("{} km", grouped(km(a))));
        row(&mut o, "flight time", minutes(t));
        row(&mut o, "flight-path angle", format!("{:.2} deg", g.to_degrees()));
    }
    if let Some(az) = s.azimuth_rad {
        row(&mut o, "launch azimuth", format!("{:.1} deg", az.to_degrees()));
    }
    what_it_depends_on_text(&mut o, est);
    // (The boost's launch-to-impact check is in its own section.)
    if let Some((f, implied)) = est.flight_time.as_ref().and_then(|f| f.implied_boost_s.map(|i| (f, i))) {
        let _ = writeln!(o, "\nFlight-time check");
        row(&mut o, "reported", minutes(f.reported_s));
        row(&mut o, "computed free flight", minutes(f.computed_s));
        row(
            &mut o,
            "implied boost",
            format!(
                "{:.0} s{}",
                implied,
                if f.warning.is_some() { "  (outside 0-600 s!)" } else { "  (plausible: 0-600 s)" }
            ),
        );
    }
    if !est.by_azimuth.is_empty() {
        let _ = writeln!(o, "\nStandard range by launch azimuth");
        for a in &est.by_azimuth {
            let r = a.range_m.map(|r| format!("{} km", grouped(km(r)))).unwrap_or_else(|| "global reach".into());
            row(&mut o, &format!("azimuth {:.1} deg", a.azimuth_rad.to_degrees()), r);
        }
    }
    if let Some(sw) = &est.sweep {
        let _ = writeln!(o, "\nStandard range over all launch azimuths (no test azimuth: every direction)");
        for (label, a) in [("longest", &sw.max), ("shortest", &sw.min)] {
            let r = a
                .range_m
                .map(|r| format!("{} km toward azimuth {:.1} deg", grouped(km(r)), a.azimuth_rad.to_degrees()))
                .unwrap_or_else(|| format!("global reach toward azimuth {:.1} deg", a.azimuth_rad.to_degrees()));
            row(&mut o, label, r);
        }
    }
    if !est.targets.is_empty() {
        let _ = writeln!(o, "\nTargets");
        for (i, t) in est.targets.iter().enumerate() {
            let label = target_label(est, i);
            for (k, v) in target_text_rows(&label, t) {
                row(&mut o, &k, v);
            }
        }
    }
    if let Some(b) = &est.boost {
        boost_text(&mut o, b);
    }
    super::stages::stages_text(&mut o, est);
    for w in &est.warnings {
        let _ = writeln!(o, "\nwarning: {w}");
    }
    o
}

/// The trajectory figure of an estimate computed with trajectory samples (the lofted
/// test and the standard trajectory), titled with the input and the standard range:
/// for the command line's `plot` and the web page alike.
#[cfg(feature = "plot")]
pub fn trajectory_figure(est: &Estimate) -> crate::render::plot::TrajectoryFigure<'_> {
    let what = test_title(est);
    let toward = est.standard_azimuth_rad.map(|a| format!(" toward {}", degrees_word(a))).unwrap_or_default();
    let mut title = match est.standard.range_m() {
        Some(r) => format!("{what}: standard range {} km{toward}", grouped(r / 1e3)),
        None => format!("{what}: {}", global_reach_words(est)),
    };
    if let Some(note) = est.lofted_check.as_ref().and_then(|c| c.title_note()) {
        title.push_str(&format!(" ({note})"));
    }
    crate::render::plot::TrajectoryFigure {
        title,
        assumptions: figure_assumptions(est),
        earth_radius_m: est.model.earth().radius_m,
        lofted: est.lofted.as_ref(),
        standard: est.standard.trajectory(),
        global_reach: est.standard.is_global(),
        global_reach_text: global_reach_words(est),
        reported_flight_time_s: est.question.observation().and_then(|o| o.flight_time_s),
        stage_impacts: est
            .spent_stages
            .iter()
            .flat_map(|f| {
                f.stages.iter().filter_map(move |s| {
                    s.impact.map(|hit| crate::render::plot::StageMark {
                        flight: f.flight,
                        stage: s.stage,
                        downrange_m: hit.downrange_m,
                    })
                })
            })
            .collect(),
    }
}
