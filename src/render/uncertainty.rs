//! The Monte Carlo's report as text and as the `uncertainty` JSON object, for the
//! command line's `estimate` with error bars and the web page alike.

use crate::analysis::model_mc::ModelDistribution;
use crate::analysis::uncertainty::Sensitivity;
use serde_json::{json, Value};

use crate::analysis::uncertainty::{Distribution, Shape, Sigmas, MAX_FAILED_SHARE};
use crate::fmt::{grouped, trimmed};
#[cfg(feature = "plot")]
use crate::render::plot::HistogramFigure;

/// What a percentile among global-reach samples means (JSON `note`, text note).
pub const GLOBAL_NOTE: &str = "global-reach samples count as +infinity range when ordering, so a percentile among them is null (\"global reach\"); mean_km is over the samples with a bounded range";

/// How the sigmas are read, in words.
pub fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Normal => "normal (+- is 1 sigma)",
        Shape::Uniform => "uniform (+- are bounds)",
    }
}

fn km(m: Option<f64>) -> Option<f64> {
    m.map(|m| m / 1e3)
}

fn sigmas_json(s: &Sigmas) -> Value {
    json!({
        "apogee_km": s.apogee_m / 1e3,
        "range_km": s.range_m / 1e3,
        "flight_time_s": s.flight_time_s,
        "burnout_altitude_km": s.burnout_altitude_m / 1e3,
        "test_azimuth_deg": s.test_azimuth_rad.to_degrees(),
        "site_lat_deg": s.site_lat_rad.to_degrees(),
        "site_lon_deg": s.site_lon_rad.to_degrees(),
    })
}

/// The `uncertainty` object of `--json`: percentiles in km, the inputs' ± at the edge.
pub fn uncertainty_json(d: &Distribution, s: &Sigmas, source: &str) -> Value {
    monte_carlo_json(d, s, source, None)
}

/// [`uncertainty_json`] with the standard range of the nominal inputs (`nominal_m`:
/// `Some(None)` for global reach) placed among the samples: `nominal_km` and
/// `nominal_percentile`.
pub fn monte_carlo_json(d: &Distribution, s: &Sigmas, source: &str, nominal_m: Option<Option<f64>>) -> Value {
    let mut v = json!({
        "samples": d.samples,
        "seed": d.settings.seed,
        "distribution": match d.settings.shape { Shape::Normal => "normal", Shape::Uniform => "uniform" },
        "uncertainty_source": source,
        "plus_minus": sigmas_json(s),
        "succeeded": d.succeeded,
        "p05_km": km(d.range_m.p05),
        "p50_km": km(d.range_m.p50),
        "p95_km": km(d.range_m.p95),
        "mean_km": km(d.range_m.mean),
        "burnout_speed_p05_km_s": km(d.speed_m_s.p05),
        "burnout_speed_p50_km_s": km(d.speed_m_s.p50),
        "burnout_speed_p95_km_s": km(d.speed_m_s.p95),
        "burnout_speed_mean_km_s": km(d.speed_m_s.mean),
        "global_reach_fraction": d.global_reach_fraction,
        "failures": d.failures,
        "failed_share": d.failed_share(),
        "max_failed_share": MAX_FAILED_SHARE,
        "failure_reasons": d.failure_reasons,
        "percentiles_over": "the successful samples (the failed ones have no range)",
        "note": GLOBAL_NOTE,
        // What the samples drew (model_json adds the vehicle's assumptions).
        "varied": "measurements",
    });
    if let Some(n) = nominal_m {
        v["nominal_km"] = json!(km(n));
        v["nominal_percentile"] = json!(d.percentile_of(n));
    }
    v
}

/// A percentile as an ordinal: "3rd", "50th", "100th" (rounded to a whole number).
fn ordinal(p: f64) -> String {
    let n = p.round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn or_global(v: Option<f64>) -> String {
    v.map(|v| format!("{} km", grouped(v / 1e3))).unwrap_or_else(|| "global reach".into())
}

/// The Monte Carlo block of the text report; `source` says where the ± came from.
pub fn uncertainty_text(d: &Distribution, s: &Sigmas, source: &str) -> String {
    monte_carlo_text(d, s, source, None)
}

/// [`uncertainty_text`] with the standard range of the nominal inputs (`nominal_m`:
/// `Some(None)` for global reach) placed among the samples, labelled as such: the
/// median, mean and percentiles are all over the successful samples, the nominal
/// estimate is the one flow on the inputs as given.
pub fn monte_carlo_text(d: &Distribution, s: &Sigmas, source: &str, nominal_m: Option<Option<f64>>) -> String {
    let mut t = String::new();
    t += &format!(
        "\nMonte Carlo: {} samples, seed {} (same seed, same numbers), {} inputs from {}\n",
        d.samples,
        d.settings.seed,
        shape_name(d.settings.shape),
        source
    );
    let mut given = Vec::new();
    for (name, v, unit) in [
        ("apogee", s.apogee_m / 1e3, "km"),
        ("range", s.range_m / 1e3, "km"),
        ("flight time", s.flight_time_s, "s"),
        ("burnout altitude", s.burnout_altitude_m / 1e3, "km"),
        ("test azimuth", s.test_azimuth_rad.to_degrees(), "deg"),
        ("site latitude", s.site_lat_rad.to_degrees(), "deg"),
        ("site longitude", s.site_lon_rad.to_degrees(), "deg"),
    ] {
        if v > 0.0 {
            given.push(format!("{name} +-{} {unit}", trimmed(v)));
        }
    }
    t += &format!("  uncertain inputs:  {}\n", if given.is_empty() { "none".to_string() } else { given.join(", ") });
    if d.succeeded == 0 {
        t += "  standard range:    none: every sample failed\n";
    } else {
        t += &format!(
            "  standard range:    median {}, mean {}, 5-95% {} to {} (over the {} samples that succeeded)\n",
            or_global(d.range_m.p50),
            d.range_m.mean.map(|m| format!("{} km", grouped(m / 1e3))).unwrap_or_else(|| "n/a".into()),
            or_global(d.range_m.p05),
            or_global(d.range_m.p95),
            grouped(d.succeeded as f64)
        );
    }
    if let (Some(n), Some(p)) = (nominal_m, nominal_m.and_then(|n| d.percentile_of(n))) {
        t += &format!(
            "  nominal inputs:    {} (the estimate above, from the inputs without their +-), at the {} percentile of those samples\n",
            or_global(n),
            ordinal(p)
        );
    }
    let kms = |v: Option<f64>| v.map(|v| format!("{:.3} km/s", v / 1e3)).unwrap_or_else(|| "n/a".into());
    t += &format!(
        "  burnout speed:     median {}, mean {}, 5-95% {} to {}\n",
        kms(d.speed_m_s.p50),
        kms(d.speed_m_s.mean),
        kms(d.speed_m_s.p05),
        kms(d.speed_m_s.p95)
    );
    t += &format!("  global reach:      {:.1}% of the successful samples\n", 100.0 * d.global_reach_fraction);
    t += &format!("  failed samples:    {}", d.failures);
    if d.failures > 0 {
        t += &format!(
            " ({:.1}% of the samples, at most {:.0}% accepted; they have no range, so the percentiles leave them out): {}",
            100.0 * d.failed_share(),
            100.0 * MAX_FAILED_SHARE,
            d.reasons_text()
        );
    }
    t += "\n";
    if d.global_reach_fraction > 0.0 {
        t += &format!("  note: {GLOBAL_NOTE}\n");
    }
    t
}

/// The histogram of the Monte Carlo `d` with the standard range of the nominal inputs
/// `point_m` (None: global reach) marked beside the samples' median, for the command
/// line and the page alike. `case` names the inputs (the title's "4,475 km apogee, 950 km range"), `inputs` what was sampled and how
/// (the subtitle's "normal inputs (+- is 1 sigma)").
#[cfg(feature = "plot")]
pub fn histogram_figure<'a>(
    d: &'a Distribution,
    point_m: Option<f64>,
    model: &str,
    case: &str,
    inputs: &str,
) -> HistogramFigure<'a> {
    HistogramFigure {
        title: format!("Standard range: {} samples, {case}", d.samples),
        subtitle: format!(
            "model {model}, {inputs}, seed {}; {:.1}% global reach, {} failed",
            d.settings.seed,
            100.0 * d.global_reach_fraction,
            d.failures
        ),
        values_m: &d.ranges_m,
        global_reach_samples: d.succeeded - d.ranges_m.len(),
        point_m,
        p50_m: d.range_m.p50,
        p05_m: d.range_m.p05,
        p95_m: d.range_m.p95,
    }
}

/// The vehicle part of the model Monte Carlo: what was varied, and the variance split.
pub fn model_text(m: &ModelDistribution) -> String {
    let mut t =
        String::from("  vehicle assumptions varied (uniform between the bounds; every sample refitted to the test):\n");
    for r in &m.assumptions {
        // Altitudes in km at the edge; other values in the unit their name ends with.
        let (f, unit) = if r.parameter.ends_with("_m_s") {
            (1.0, " m/s")
        } else if r.parameter.ends_with("_m") {
            (1e-3, " km")
        } else if r.parameter.ends_with("_s") {
            (1.0, " s")
        } else {
            (1.0, "")
        };
        let range = format!("{} to {}{unit}", crate::fmt::trimmed(r.low * f), crate::fmt::trimmed(r.high * f));
        t += &format!(
            "    {:<24} {:<18} (default {}{unit}): {}\n",
            r.parameter,
            range,
            crate::fmt::trimmed(r.nominal * f),
            r.reason
        );
    }
    match &m.variance {
        Some(v) => {
            t += &format!(
                "  variance of the standard range (linear regression over {} bounded samples): measurements {:.1}%, vehicle assumptions {:.1}%, covariance of the two {:.1}% (a sampling effect: they are drawn independently), not linear {:.1}%\n",
                v.samples,
                100.0 * v.measurements,
                100.0 * v.vehicle,
                100.0 * v.between,
                100.0 * v.remainder
            );
            let mut by = v.inputs.clone();
            by.sort_by(|a, b| b.share.total_cmp(&a.share));
            let parts: Vec<String> = by.iter().map(|i| format!("{} {:.1}%", i.input, 100.0 * i.share)).collect();
            t += &format!("    by input: {}\n", parts.join(", "));
        }
        None => t += "  variance split: too few bounded samples\n",
    }
    t
}

/// The vehicle part of the model Monte Carlo in the `uncertainty` JSON object (made by
/// [`monte_carlo_json`] from its distribution): what was varied, the assumptions and the
/// variance split.
pub fn model_json(m: &ModelDistribution, u: &mut Value) {
    u["varied"] = json!("measurements and vehicle assumptions");
    u["vehicle_assumptions"] = Value::Array(
        m.assumptions
            .iter()
            .map(|r| json!({ "parameter": r.parameter, "low": r.low, "high": r.high, "default": r.nominal, "distribution": "uniform", "reason": r.reason }))
            .collect(),
    );
    u["variance_split"] = match &m.variance {
        Some(v) => json!({
            "method": "linear regression of the standard range on the sampled inputs (bounded samples)",
            "samples": v.samples,
            "std_dev_km": v.variance_m2.sqrt() / 1e3,
            "measurements": v.measurements,
            "vehicle_assumptions": v.vehicle,
            "between_groups": v.between,
            "not_linear": v.remainder,
            "inputs": v.inputs.iter().map(|i| json!({
                "input": i.input,
                "group": match i.group { crate::analysis::model_mc::Group::Measurement => "measurement", crate::analysis::model_mc::Group::Vehicle => "vehicle" },
                "share": i.share,
                "slope_m_per_si_unit": i.slope,
            })).collect::<Vec<_>>(),
        }),
        None => Value::Null,
    };
}

/// The input's unit at the edge and the factor from SI: (unit, value per SI unit).
fn edge_unit(input: &str) -> (&'static str, f64) {
    match input {
        "flight time" => ("s", 1.0),
        "test azimuth" | "site latitude" | "site longitude" => ("deg", 1f64.to_degrees()),
        _ => ("km", 1e-3),
    }
}

/// One row of the sensitivity table as JSON: the derivative in km of range per edge
/// unit of the input.
pub fn sensitivity_json(r: &Sensitivity) -> Value {
    let (unit, f) = edge_unit(&r.input);
    json!({
        "input": r.input,
        "unit": unit,
        // km of standard range per unit of the input: dR[m]/dx[SI] · (1 km / 1000 m) / (unit per SI).
        "d_range_km_per_unit": r.derivative.map(|d| d / 1e3 / f),
        "sigma": r.std_dev * f,
        "variance_share": r.variance_share,
        "note": r.note,
    })
}

/// The sensitivity table as text.
pub fn sensitivity_text(rows: &[Sensitivity]) -> String {
    let mut t = String::from("\nSensitivity of the standard range (central differences on the one flow; share of the linearised variance):\n");
    t += &format!("  {:<18} {:>18} {:>12} {:>8}\n", "input", "dR/dx", "sigma", "share");
    for r in rows {
        let (unit, f) = edge_unit(&r.input);
        let d = r.derivative.map(|d| format!("{:.4} km/{unit}", d / 1e3 / f)).unwrap_or_else(|| "n/a".into());
        let share = r.variance_share.map(|s| format!("{:.1}%", 100.0 * s)).unwrap_or_else(|| "-".into());
        let sigma = format!("{} {unit}", crate::fmt::trimmed(r.std_dev * f));
        t += &format!("  {:<18} {:>18} {:>12} {:>8}", r.input, d, sigma, share);
        if let Some(n) = &r.note {
            t += &format!("  ({n})");
        }
        t += "\n";
    }
    t
}
