//! The validation table (`loftrange validate`): every published estimate of
//! `data/validation.json` recomputed under the model closest to its author's stated
//! assumptions, beside the two-body conversion and the "4 x apogee" rule, each as a ratio
//! to the published figure; and the flights on standard trajectories as forward checks.

use serde::Serialize;

use crate::analysis::catalog_table::{question as catalog_question, RangeCell};
use crate::data::validation::{validation, ForwardRow, InputFigures, LoftedRow, Qualifier};
use crate::error::{Error, Result};
use crate::estimate::{estimate, Estimate, Observation, Question, Request};
use crate::model::Model;

/// Largest relative difference from a published figure counted as agreement.
pub const AGREEMENT_TOLERANCE: f64 = 0.05;

/// How a computed range compares with a published figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// Within [`AGREEMENT_TOLERANCE`] of the figure (of the span; at or above a lower bound).
    Agrees,
    /// Below the figure by more than the tolerance.
    Below,
    /// Above the figure by more than the tolerance (never for a lower bound).
    Above,
    /// Not computed.
    Unknown,
}

/// A computed range beside a published figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Compared {
    /// The range (or global reach, or why none).
    pub range: RangeCell,
    /// The range over the published figure's lower end (None: global reach or no range).
    pub ratio_low: Option<f64>,
    /// The range over the published figure's upper end (the same as `ratio_low` unless a span).
    pub ratio_high: Option<f64>,
    /// How it compares.
    pub agreement: Agreement,
}

fn compare(range: RangeCell, low_km: f64, high_km: f64, q: Qualifier) -> Compared {
    let t = AGREEMENT_TOLERANCE;
    let (ratio_low, ratio_high, agreement) = match &range {
        RangeCell::Bounded { range_m } => {
            let km = range_m / 1e3;
            let (rl, rh) = (km / low_km, km / high_km);
            let agreement = match q {
                Qualifier::MoreThan if rl >= 1.0 - t => Agreement::Agrees,
                Qualifier::MoreThan => Agreement::Below,
                _ if rl < 1.0 - t => Agreement::Below,
                _ if rh > 1.0 + t => Agreement::Above,
                _ => Agreement::Agrees,
            };
            (Some(rl), Some(rh), agreement)
        }
        // Global reach exceeds any figure: it agrees with a lower bound only.
        RangeCell::Global => (None, None, if q == Qualifier::MoreThan { Agreement::Agrees } else { Agreement::Above }),
        RangeCell::NotApplicable(_) | RangeCell::Error(_) => (None, None, Agreement::Unknown),
    };
    Compared { range, ratio_low, ratio_high, agreement }
}

/// One published estimate recomputed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoftedResult {
    /// The row of `data/validation.json`.
    pub row: &'static LoftedRow,
    /// Its input figures.
    #[serde(skip)]
    pub inputs: InputFigures,
    /// loftrange under the model closest to the author's assumptions.
    pub closest: Compared,
    /// The model's label, e.g. `boost, no rotation`.
    pub closest_label: String,
    /// The two-body conversion (model kepler, burnout at the surface).
    pub kepler: Compared,
    /// The "4 x apogee" rule, km.
    pub four_times_apogee_km: f64,
    /// The rule beside the figure.
    pub four_times_apogee: Compared,
    /// The command that reproduces the closest model's number.
    pub command: String,
}

/// One flight on a standard trajectory, checked forward.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForwardResult {
    /// The row of `data/validation.json`.
    pub row: &'static ForwardRow,
    /// The minimum-energy (standard) apogee for the reported range, two-body, km.
    pub min_energy_apogee_km: f64,
    /// The reported apogee over the minimum-energy apogee.
    pub apogee_ratio: Option<f64>,
    /// loftrange's standard range (model kepler) from the reported apogee and range.
    pub standard_from_flight: Option<Compared>,
}

/// The validation table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidationTable {
    /// The published estimates.
    pub lofted: Vec<LoftedResult>,
    /// The standard flights.
    pub forward: Vec<ForwardResult>,
}

fn observation(f: &InputFigures) -> Observation {
    Observation {
        apogee_m: f.apogee_km * 1e3,
        range_m: f.range_km * 1e3,
        flight_time_s: f.flight_time_s,
        burnout_altitude_m: 0.0,
    }
}

fn cell(r: Result<Estimate>) -> RangeCell {
    match r {
        Ok(e) => match e.standard.range_m() {
            Some(range_m) => RangeCell::Bounded { range_m },
            None => RangeCell::Global,
        },
        Err(e) => RangeCell::Error(e.to_string()),
    }
}

/// The question of a row under its closest model: with the catalog test's site and
/// azimuth when the row asks for the Earth's rotation, without a site otherwise (model
/// boost then flies over a non-rotating Earth).
fn row_question(row: &LoftedRow, f: &InputFigures) -> Result<Question> {
    if row.rotation {
        let e = row.catalog_entry().ok_or_else(|| Error::invalid("validation row", &row.id, "a catalog test"))?;
        return catalog_question(e);
    }
    Ok(Question::observed(observation(f)))
}

fn km_arg(km: f64) -> String {
    format!("{}km", crate::fmt::trimmed(km))
}

fn command(row: &LoftedRow, f: &InputFigures) -> String {
    match (row.rotation, row.catalog_entry()) {
        (true, Some(e)) => format!("loftrange estimate --test {} --model {}", e.id, row.model),
        _ => {
            let mut c = format!("loftrange estimate --apogee {} --range {}", km_arg(f.apogee_km), km_arg(f.range_km));
            if let Some(t) = f.flight_time_s {
                c += &format!(" --flight-time {}s", crate::fmt::trimmed(t));
            }
            c + &format!(" --model {}", row.model)
        }
    }
}

fn lofted(row: &'static LoftedRow) -> Result<LoftedResult> {
    let f = row
        .figures()
        .ok_or_else(|| Error::invalid("validation row", &row.id, "inputs from a catalog entry or cited figures"))?;
    let model = Model::from_name(&row.model)
        .ok_or_else(|| Error::invalid("validation model", &row.model, Model::NAMES.join(", ")))?;
    let p = row.published;
    let closest = cell(row_question(row, &f).and_then(|q| estimate(&q, &model, &Request::default())));
    let kepler = cell(estimate(&Question::observed(observation(&f)), &Model::KEPLER, &Request::default()));
    let rule_km = 4.0 * f.apogee_km;
    let rule = RangeCell::Bounded { range_m: rule_km * 1e3 };
    let closest_label = match (model.is_boost(), row.rotation, model.earth.rotates()) {
        (true, false, _) => format!("{}, no rotation", model.name),
        (true, true, _) | (false, true, true) => format!("{}, rotating", model.name),
        _ => model.name.to_string(),
    };
    Ok(LoftedResult {
        row,
        inputs: f,
        closest: compare(closest, p.low_km, p.high_km, p.qualifier),
        closest_label,
        kepler: compare(kepler, p.low_km, p.high_km, p.qualifier),
        four_times_apogee_km: rule_km,
        four_times_apogee: compare(rule, p.low_km, p.high_km, p.qualifier),
        command: command(row, &f),
    })
}

/// The apogee altitude of the minimum-energy (standard) two-body trajectory between two
/// surface points `range_m` apart on a sphere of radius `radius_m`, m: with the half
/// angle θ = range/(2R), the minimum-energy ellipse has semi-major axis
/// a = R(1 + sin θ)/2 and its empty focus at the chord's midpoint, so e = cos θ/(1 + sin θ)
/// and the apogee radius a(1 + e) = R(1 + sin θ + cos θ)/2.
pub fn min_energy_apogee_m(radius_m: f64, range_m: f64) -> f64 {
    let th = range_m / (2.0 * radius_m);
    radius_m * (1.0 + th.sin() + th.cos()) / 2.0 - radius_m
}

fn forward(row: &'static ForwardRow) -> ForwardResult {
    let radius_m = Model::KEPLER.earth.radius_m;
    let min_km = min_energy_apogee_m(radius_m, row.range_km * 1e3) / 1e3;
    let standard_from_flight = row.apogee_km.map(|a| {
        let f = InputFigures { apogee_km: a, range_km: row.range_km, flight_time_s: None };
        let c = cell(estimate(&Question::observed(observation(&f)), &Model::KEPLER, &Request::default()));
        compare(c, row.range_km, row.range_km, Qualifier::About)
    });
    ForwardResult {
        row,
        min_energy_apogee_km: min_km,
        apogee_ratio: row.apogee_km.map(|a| a / min_km),
        standard_from_flight,
    }
}

/// The validation table: every published estimate and standard flight of
/// `data/validation.json`, computed in parallel (in the file's order).
pub fn table() -> Result<ValidationTable> {
    use rayon::prelude::*;
    let v = validation();
    let lofted = v.lofted.par_iter().map(lofted).collect::<Result<Vec<_>>>()?;
    let forward = v.forward.iter().map(forward).collect();
    Ok(ValidationTable { lofted, forward })
}
