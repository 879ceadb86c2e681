//! The Monte Carlo's report as text and as the `uncertainty` JSON object, for the
//! command line's `estimate` with error bars and the web page alike.

use serde_json::{json, Value};

use crate::fmt::{grouped, trimmed};
use crate::plot::HistogramFigure;
use crate::uncertainty::{Distribution, Shape, Sigmas};

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
    json!({
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
        "failure_reasons": d.failure_reasons,
        "note": GLOBAL_NOTE,
    })
}

fn or_global(v: Option<f64>) -> String {
    v.map(|v| format!("{} km", grouped(v / 1e3))).unwrap_or_else(|| "global reach".into())
}

/// The Monte Carlo block of the text report; `source` says where the ± came from.
pub fn uncertainty_text(d: &Distribution, s: &Sigmas, source: &str) -> String {
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
    t += &format!(
        "  standard range:    median {}, mean {}, 5-95% {} to {}\n",
        or_global(d.range_m.p50),
        d.range_m.mean.map(|m| format!("{} km", grouped(m / 1e3))).unwrap_or_else(|| "n/a".into()),
        or_global(d.range_m.p05),
        or_global(d.range_m.p95)
    );
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
        let r: Vec<String> = d.failure_reasons.iter().map(|(k, n)| format!("{n} x {k}")).collect();
        t += &format!(" ({})", r.join("; "));
    }
    t += "\n";
    if d.global_reach_fraction > 0.0 {
        t += &format!("  note: {GLOBAL_NOTE}\n");
    }
    t
}

/// The histogram of the Monte Carlo `d` around the point estimate `point_m` (None:
/// global reach), for the command line and the page alike. `case` names the inputs
/// (the title's "4,475 km apogee, 950 km range"), `inputs` what was sampled and how
/// (the subtitle's "normal inputs (+- is 1 sigma)").
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
        p05_m: d.range_m.p05,
        p95_m: d.range_m.p95,
    }
}
