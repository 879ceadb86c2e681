//! The payload commands' answers for people and programs: the payload-range table of a
//! vehicle file, and the heaviest payload that still reaches a distance or a target.

#![allow(missing_docs)]

use serde::Serialize;

use crate::analysis::payload::{Goal, PayloadAnswer, PayloadFor};
use crate::fmt::grouped;
use crate::vehicle::PayloadRange;

#[derive(Serialize)]
pub struct Row {
    pub payload_kg: f64,
    pub standard_range_km: Option<f64>,
    pub global_reach: bool,
    pub error: Option<String>,
    pub floor_active: bool,
}

#[derive(Serialize)]
pub struct PayloadJson {
    pub model: &'static str,
    pub vehicle: String,
    pub fitted_payload_kg: f64,
    pub fitted_kick_deg: f64,
    pub fitted_standard_range_km: Option<f64>,
    pub apogee_residual_m: f64,
    pub range_residual_m: f64,
    pub rows: Vec<Row>,
}

/// The payload-range table as `payload --json` prints it.
pub fn payload_json(pr: &PayloadRange, vehicle_name: &str) -> PayloadJson {
    let km = |m: f64| m / 1e3;
    PayloadJson {
        model: "boost",
        vehicle: vehicle_name.to_string(),
        fitted_payload_kg: pr.fitted_payload_kg,
        fitted_kick_deg: pr.fitted_kick_rad.to_degrees(),
        fitted_standard_range_km: pr.fitted_standard_range_m.map(km),
        apogee_residual_m: pr.report.apogee_residual_m,
        range_residual_m: pr.report.range_residual_m,
        rows: pr
            .rows
            .iter()
            .map(|r| Row {
                payload_kg: r.payload_kg,
                standard_range_km: r.standard_range_m.map(km),
                global_reach: r.global_reach,
                error: r.error.clone(),
                floor_active: r.floor_active,
            })
            .collect(),
    }
}

/// The payload-range table as text (`vehicle_label`: the vehicle's name, escaped).
pub fn payload_text(pr: &PayloadRange, vehicle_label: &str) -> String {
    let km = |m: f64| m / 1e3;
    let mut o = format!(
            "loftrange payload  (model boost, vehicle \"{vehicle_label}\")\n  payload that reproduces the test: {} kg (kick {:.3} deg), standard range {}\n\n  {:>12}  {:>16}\n",
            grouped(pr.fitted_payload_kg),
            pr.fitted_kick_rad.to_degrees(),
            pr.fitted_standard_range_m.map(|r| format!("{} km", grouped(km(r)))).unwrap_or_else(|| "global reach".into()),
            "payload kg",
            "standard range"
        );
    for r in &pr.rows {
        let v = match (r.standard_range_m, r.global_reach, &r.error) {
            (Some(m), _, _) => format!("{} km", grouped(km(m))),
            (None, true, _) => "global reach".into(),
            (None, false, Some(e)) => format!("no flight: {e}"),
            _ => "-".into(),
        };
        let floor = if r.floor_active { "  floor" } else { "" };
        o.push_str(&format!("  {:>12}  {v:>16}{floor}\n", grouped(r.payload_kg)));
    }
    if pr.rows.iter().any(|r| r.floor_active) {
        o.push_str(&format!(
                "\n  floor: the kick is set by the {:.0} km burnout-altitude floor, not by range alone. A payload too heavy\n  to reach the floor even flying straight up is not held to it (there is no skimming flight to rule out),\n  so its range can be longer than that of a lighter payload held to the floor.\n",
                crate::vehicle::defaults::MIN_BURNOUT_ALTITUDE_M / 1e3
            ));
    }
    o
}

#[derive(Serialize)]
pub struct GoalJson {
    /// "range" or the target's name / "LAT,LON".
    pub goal: String,
    pub distance_km: f64,
    /// "heaviest", "every_payload" or "short_at_zero".
    pub answer: &'static str,
    pub payload_kg: Option<f64>,
    pub fraction_of_burnout_mass: Option<f64>,
    pub standard_range_km: Option<f64>,
    pub azimuth_deg: Option<f64>,
    pub heaviest_liftable_kg: Option<f64>,
    pub global_reach: bool,
    pub summary: String,
}

#[derive(Serialize)]
pub struct PayloadForJson {
    pub model: &'static str,
    pub vehicle: String,
    pub fitted_payload_kg: Option<f64>,
    pub fitted_burnout_mass_kg: f64,
    pub assumption: String,
    pub goals: Vec<GoalJson>,
}

fn km(m: f64) -> String {
    format!("{} km", grouped(m / 1e3))
}

/// One line for an answer.
pub fn payload_for_summary(label: &str, p: &PayloadFor) -> String {
    let what = if p.fitted_payload_kg.is_some() { "payload" } else { "extra payload" };
    let label = match p.goal {
        Goal::Range { .. } => label.to_string(),
        Goal::Target { .. } => format!("{label} ({})", km(p.distance_m)),
    };
    let fitted = format!(
        "; the test's {} has {} in this direction",
        match p.fitted_payload_kg {
            Some(kg) => format!("payload ({} kg)", grouped(kg)),
            None => "fitted vehicle (no extra payload)".to_string(),
        },
        p.fitted_standard_range_m
            .map(|r| format!("a standard range of {}", km(r)))
            .unwrap_or_else(|| "global reach".into())
    );
    let line = match &p.answer {
        PayloadAnswer::Heaviest { payload_kg, fraction_of_burnout_mass, standard_range_m, azimuth_rad, .. } => format!(
            "heaviest {what} that still reaches {label}: {} kg{}, standard range {} toward azimuth {:.1} deg",
            grouped(*payload_kg),
            fraction_of_burnout_mass
                .map(|f| format!(" ({:.1} % of the fitted burnout mass)", 100.0 * f))
                .unwrap_or_default(),
            km(*standard_range_m),
            azimuth_rad.to_degrees()
        ),
        PayloadAnswer::EveryPayload { heaviest_liftable_kg, standard_range_m } => format!(
            "every {what} the vehicle lifts off with reaches {label}: even at {} kg the standard range is {}",
            grouped(*heaviest_liftable_kg),
            standard_range_m.map(km).unwrap_or_else(|| "global reach".into())
        ),
        PayloadAnswer::ShortAtZero { standard_range_m } => format!(
            "no {what} reaches {label}: even with zero {what} the standard range {} falls short",
            km(*standard_range_m)
        ),
    };
    line + &fitted
}

/// The heaviest-payload answers as `payload --range-for/--target --json` prints them.
pub fn payload_for_json(answers: &[(String, PayloadFor)]) -> PayloadForJson {
    let first = &answers[0].1;
    PayloadForJson {
        model: "boost",
        vehicle: first.vehicle.clone(),
        fitted_payload_kg: first.fitted_payload_kg,
        fitted_burnout_mass_kg: first.fitted_burnout_mass_kg,
        assumption: first.assumption.clone(),
        goals: answers
            .iter()
            .map(|(label, p)| {
                let base = GoalJson {
                    goal: match p.goal {
                        Goal::Range { .. } => "range".into(),
                        Goal::Target { .. } => label.clone(),
                    },
                    distance_km: p.distance_m / 1e3,
                    answer: "",
                    payload_kg: None,
                    fraction_of_burnout_mass: None,
                    standard_range_km: None,
                    azimuth_deg: None,
                    heaviest_liftable_kg: None,
                    global_reach: false,
                    summary: payload_for_summary(label, p),
                };
                match &p.answer {
                    PayloadAnswer::Heaviest {
                        payload_kg,
                        fraction_of_burnout_mass,
                        standard_range_m,
                        azimuth_rad,
                        ..
                    } => GoalJson {
                        answer: "heaviest",
                        payload_kg: Some(*payload_kg),
                        fraction_of_burnout_mass: *fraction_of_burnout_mass,
                        standard_range_km: Some(standard_range_m / 1e3),
                        azimuth_deg: Some(azimuth_rad.to_degrees()),
                        ..base
                    },
                    PayloadAnswer::EveryPayload { heaviest_liftable_kg, standard_range_m } => GoalJson {
                        answer: "every_payload",
                        heaviest_liftable_kg: Some(*heaviest_liftable_kg),
                        standard_range_km: standard_range_m.map(|r| r / 1e3),
                        global_reach: standard_range_m.is_none(),
                        ..base
                    },
                    PayloadAnswer::ShortAtZero { standard_range_m } => GoalJson {
                        answer: "short_at_zero",
                        payload_kg: Some(0.0),
                        standard_range_km: Some(standard_range_m / 1e3),
                        ..base
                    },
                }
            })
            .collect(),
    }
}

/// The heaviest-payload answers as text.
pub fn payload_for_text(answers: &[(String, PayloadFor)]) -> String {
    let first = &answers[0].1;
    let mut o = format!(
        "loftrange payload  (model boost, vehicle \"{}\")\n",
        if first.fitted_payload_kg.is_some() { crate::fmt::escape_text(&first.vehicle) } else { "generic".into() }
    );
    if let Some(p) = first.fitted_payload_kg {
        o.push_str(&format!("  payload that reproduces the test: {} kg\n", grouped(p)));
    }
    o.push_str(&format!("  assumption: {}\n\n", first.assumption));
    for (label, p) in answers {
        o.push_str(&format!("  {}\n", payload_for_summary(label, p)));
    }
    o
}
