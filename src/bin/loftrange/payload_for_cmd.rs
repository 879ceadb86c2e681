//! `loftrange payload --range-for DIST` and `--target PLACE`: the heaviest payload whose
//! standard range still reaches a distance or a target (the loop is the library's,
//! `loftrange::payload_for::payload_for`).

use loftrange::payload_for::{payload_for, Goal, PayloadAnswer, PayloadFor};
use serde::Serialize;

use crate::cli::PayloadArgs;
use crate::common::{write_stdout, write_text, Failure};
use crate::config::{self, Config};
use crate::output::grouped;

#[derive(Serialize)]
struct GoalJson {
    /// "range" or the target's name / "LAT,LON".
    goal: String,
    distance_km: f64,
    /// "heaviest", "every_payload" or "short_at_zero".
    answer: &'static str,
    payload_kg: Option<f64>,
    fraction_of_burnout_mass: Option<f64>,
    standard_range_km: Option<f64>,
    azimuth_deg: Option<f64>,
    heaviest_liftable_kg: Option<f64>,
    global_reach: bool,
    summary: String,
}

#[derive(Serialize)]
struct PayloadForJson {
    model: &'static str,
    vehicle: String,
    fitted_payload_kg: Option<f64>,
    fitted_burnout_mass_kg: f64,
    assumption: String,
    goals: Vec<GoalJson>,
}

fn km(m: f64) -> String {
    format!("{} km", grouped(m / 1e3))
}

/// One line for an answer.
fn summary(label: &str, p: &PayloadFor) -> String {
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

pub fn run_payload_for(a: &PayloadArgs, cfg: &Config) -> Result<(), Failure> {
    if a.payloads.is_some() || a.output.is_some() {
        return Err(Failure::Input(
            "range for: given with --payloads or --output is not accepted: --range-for and --target answer one payload each; sweep payloads without them".into(),
        ));
    }
    let obs = *cfg.observation()?;
    let mut goals: Vec<(String, Goal)> = Vec::new();
    if let Some(t) = &a.range_for {
        let range_m = config::parse_length_m("range for", t)?;
        goals.push((format!("{} km", grouped(range_m / 1e3)), Goal::Range { range_m }));
    }
    for t in &cfg.targets {
        let label = t.label();
        goals.push((label, Goal::Target { lat_rad: t.lat_deg.to_radians(), lon_rad: t.lon_deg.to_radians() }));
    }
    let answers: Vec<(String, PayloadFor)> = goals
        .into_iter()
        .map(|(label, g)| payload_for(&obs, &cfg.opts, g).map(|p| (label, p)))
        .collect::<Result<_, _>>()?;
    let first = &answers[0].1;
    if a.json {
        let json = PayloadForJson {
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
                        summary: summary(label, p),
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
        };
        write_stdout(&(serde_json::to_string_pretty(&json).expect("serialisable") + "\n"))?;
    } else {
        let mut o = format!(
            "loftrange payload  (model boost, vehicle \"{}\")\n",
            if first.fitted_payload_kg.is_some() {
                loftrange::fmt::escape_text(&first.vehicle)
            } else {
                "generic".into()
            }
        );
        if let Some(p) = first.fitted_payload_kg {
            o.push_str(&format!("  payload that reproduces the test: {} kg\n", grouped(p)));
        }
        o.push_str(&format!("  assumption: {}\n\n", first.assumption));
        for (label, p) in &answers {
            o.push_str(&format!("  {}\n", summary(label, p)));
        }
        write_text(&o)?;
    }
    let short: Vec<String> = answers
        .iter()
        .filter(|(_, p)| matches!(p.answer, PayloadAnswer::ShortAtZero { .. }))
        .map(|(label, p)| summary(label, p))
        .collect();
    if !short.is_empty() {
        return Err(Failure::NoSolution(short.join("; ")));
    }
    Ok(())
}
