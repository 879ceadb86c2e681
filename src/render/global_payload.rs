//! What a test with global reach can carry, in words (`estimate --test`, `catalog`) and
//! as JSON: "with X kg more than the test carried, still about Y km".

use std::fmt::Write;

use serde_json::{json, Value};

use crate::analysis::global_payload::{CatalogPayload, Direction, GlobalPayload, PayloadToward};
use crate::analysis::payload::{PayloadAnswer, PayloadFor};
use crate::fmt::grouped;

fn deg(rad: f64) -> String {
    format!("{:.1}", rad.to_degrees())
}

fn range_words(m: Option<f64>) -> String {
    m.map(|m| format!("about {} km", grouped(m / 1e3))).unwrap_or_else(|| "global reach".into())
}

/// One answer in words, after "toward ...: ".
fn answer_words(a: &PayloadAnswer, distance_m: f64, burnout_kg: f64) -> String {
    let pct = |kg: f64| format!("{:.1} %", 100.0 * kg / burnout_kg);
    match a {
        PayloadAnswer::Heaviest { payload_kg, standard_range_m, .. } => format!(
            "with {} kg more than the test carried ({}), still {}",
            grouped(*payload_kg),
            pct(*payload_kg),
            range_words(Some(*standard_range_m))
        ),
        PayloadAnswer::EveryPayload { heaviest_liftable_kg, standard_range_m } => format!(
            "even with the most it lifts off with, {} kg more ({}), still {}",
            grouped(*heaviest_liftable_kg),
            pct(*heaviest_liftable_kg),
            range_words(*standard_range_m)
        ),
        PayloadAnswer::ShortAtZero { standard_range_m } => format!(
            "as tested (no extra payload) only {}: short of {} km",
            range_words(Some(*standard_range_m)),
            grouped(distance_m / 1e3)
        ),
    }
}

fn row_line(r: &PayloadToward, burnout_kg: f64) -> String {
    let which = match r.direction {
        Direction::TestAzimuth => "the test's",
        Direction::Worst => "the worst",
    };
    format!("    az {:>5} ({which}): {}", deg(r.azimuth_rad), answer_words(&r.answer, r.distance_m, burnout_kg))
}

fn target_line(t: &PayloadFor, name: &str, burnout_kg: f64) -> String {
    let az = match &t.answer {
        PayloadAnswer::Heaviest { azimuth_rad, .. } => format!(", launch azimuth {} deg", deg(*azimuth_rad)),
        _ => String::new(),
    };
    format!(
        "    to {name} ({} km{az}):\n      {}",
        grouped(t.distance_m / 1e3),
        answer_words(&t.answer, t.distance_m, burnout_kg)
    )
}

/// As tested: the fitted vehicle's range toward the test's azimuth and its shortest.
fn as_tested(g: &GlobalPayload) -> String {
    let (worst_m, worst_az) = g.fitted_worst;
    let worst = match worst_m {
        Some(m) => format!("shortest {} km at az {}", grouped(m / 1e3), deg(worst_az)),
        None => "global reach in every direction".into(),
    };
    let toward = match g.fitted_standard_range_m {
        Some(m) => format!("{} km", grouped(m / 1e3)),
        None => "global reach".into(),
    };
    format!(
        "as tested (burnout mass {} kg): {toward} at az {}, {worst}",
        grouped(g.fitted_burnout_mass_kg),
        deg(g.test_azimuth_rad)
    )
}

/// `text` wrapped at `width` columns, each line indented by `indent` spaces.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for w in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + w.len() > width {
            out += &format!("{}{line}\n", " ".repeat(indent));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line += w;
    }
    if !line.is_empty() {
        out += &format!("{}{line}\n", " ".repeat(indent));
    }
    out
}

/// The answer's lines (no heading): as tested, each distance and direction, the target.
pub fn global_payload_lines(g: &GlobalPayload, target_name: Option<&str>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "    {}", as_tested(g));
    for r in &g.rows {
        s += &row_line(r, g.fitted_burnout_mass_kg);
        s += "\n";
    }
    if let Some(t) = &g.target {
        s += &target_line(t, target_name.unwrap_or("the target"), g.fitted_burnout_mass_kg);
        s += "\n";
    }
    s
}

/// The note every listing ends with: what the kg and the directions mean (100 columns).
pub fn global_payload_note(g: &GlobalPayload) -> String {
    let worst = format!(
        "Worst direction: the launch azimuth of the shortest standard range at that payload (from a sweep every {} deg refined by Brent, checked within {} deg at the payload found).",
        crate::analysis::global_payload::WORST_SWEEP_STEP_DEG,
        crate::analysis::global_payload::WORST_LOCAL_HALF_WIDTH_DEG
    );
    wrap(&format!("{}.", g.assumption), 2, 100) + &wrap(&worst, 2, 100)
}

/// The `estimate --test` section, for a test with global reach under an impulsive model.
pub fn global_payload_text(g: &GlobalPayload, target_name: Option<&str>) -> String {
    let mut s = String::from(
        "\nWhat the test could carry (global reach under an impulsive model): the extra payload at which the\nstandard range falls to each distance\n",
    );
    s += &global_payload_lines(g, target_name);
    s += &global_payload_note(g);
    s
}

fn answer_json(a: &PayloadAnswer, burnout_kg: f64) -> Value {
    match a {
        PayloadAnswer::Heaviest { payload_kg, standard_range_m, azimuth_rad, .. } => json!({
            "extra_payload_kg": payload_kg,
            "fraction_of_burnout_mass": payload_kg / burnout_kg,
            "standard_range_km": standard_range_m / 1e3,
            "azimuth_deg": azimuth_rad.to_degrees(),
        }),
        PayloadAnswer::EveryPayload { heaviest_liftable_kg, standard_range_m } => json!({
            "every_payload_reaches": true,
            "heaviest_liftable_extra_kg": heaviest_liftable_kg,
            "standard_range_km": standard_range_m.map(|m| m / 1e3),
        }),
        PayloadAnswer::ShortAtZero { standard_range_m } => json!({
            "short_with_no_extra_payload": true,
            "standard_range_km": standard_range_m / 1e3,
        }),
    }
}

/// The answer as JSON (`payload_for_global_reach` in `estimate --json` and `catalog --json`).
pub fn global_payload_json(g: &GlobalPayload, target_name: Option<&str>) -> Value {
    let b = g.fitted_burnout_mass_kg;
    json!({
        "model": "boost",
        "vehicle": "generic",
        "fitted_burnout_mass_kg": b,
        "liftoff_mass_kg": g.liftoff_mass_kg,
        "test_azimuth_deg": g.test_azimuth_rad.to_degrees(),
        "as_tested_standard_range_km": g.fitted_standard_range_m.map(|m| m / 1e3),
        "as_tested_shortest_km": g.fitted_worst.0.map(|m| m / 1e3),
        "as_tested_shortest_azimuth_deg": g.fitted_worst.1.to_degrees(),
        "rows": g.rows.iter().map(|r| {
            let mut v = answer_json(&r.answer, b);
            v["distance_km"] = json!(r.distance_m / 1e3);
            v["direction"] = json!(r.direction);
            v["azimuth_deg"] = json!(r.azimuth_rad.to_degrees());
            v["words"] = json!(answer_words(&r.answer, r.distance_m, b));
            v
        }).collect::<Vec<_>>(),
        "target": g.target.as_ref().map(|t| {
            let mut v = answer_json(&t.answer, b);
            v["name"] = json!(target_name);
            v["distance_km"] = json!(t.distance_m / 1e3);
            v["words"] = json!(answer_words(&t.answer, t.distance_m, b));
            v
        }),
        "assumption": g.assumption,
    })
}

/// The `catalog` section: every entry with global reach under an impulsive model.
pub fn catalog_payload_text(list: &[CatalogPayload]) -> String {
    let mut s = String::from(
        "\nWhat the tests with global reach could carry (model boost, the generic vehicle fitted to each\nentry): the extra payload at which the standard range falls to 15,000 and 13,000 km, toward the\ntest's azimuth and in the worst direction (estimate --test ID [--target PLACE]: one entry, a target)\n",
    );
    let mut note = None;
    for c in list {
        let _ = writeln!(s, "  {}", c.entry.id);
        match &c.payload {
            Ok(g) => {
                s += &global_payload_lines(g, None);
                note.get_or_insert_with(|| g.clone());
            }
            Err(e) => {
                let _ = writeln!(s, "    error: {}", crate::error::one_line(e.to_string()));
            }
        }
    }
    if let Some(g) = note {
        s += &global_payload_note(&g);
    }
    s
}

/// Adds `payload_for_global_reach` to the rows of `catalog --json` that have one.
pub fn add_catalog_payload_json(rows: &mut Value, list: &[CatalogPayload]) {
    let Some(rows) = rows.as_array_mut() else { return };
    for c in list {
        if let Some(row) = rows.iter_mut().find(|r| r["id"] == c.entry.id.as_str()) {
            row["payload_for_global_reach"] = match &c.payload {
                Ok(g) => global_payload_json(g, None),
                Err(e) => json!({ "error": e.to_string() }),
            };
        }
    }
}
