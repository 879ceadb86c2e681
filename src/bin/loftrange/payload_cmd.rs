//! `loftrange payload`: with a vehicle file, the payload that reproduces the lofted
//! test and the standard range of the same vehicle across payloads.

use crate::cli::PayloadArgs;
use crate::common::{check_output, parse_size, write_stdout, write_text, Failure};
use crate::config;
use crate::output::grouped;
use loftrange::render::plot::{draw_payload_range, PayloadRangeFigure};

fn parse_payloads(text: &str) -> Result<Vec<f64>, Failure> {
    let bad = || {
        Failure::Input(format!(
            "payloads: \"{text}\" is not accepted: 1 to 200 payloads in kg, 0 or more, separated by commas, e.g. 500,1000,1500"
        ))
    };
    let v: Vec<f64> = text.split(',').map(|t| t.trim().parse::<f64>().map_err(|_| bad())).collect::<Result<_, _>>()?;
    if v.is_empty() || v.len() > 200 || v.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
        return Err(bad());
    }
    Ok(v)
}

pub fn run_payload(a: &PayloadArgs) -> Result<(), Failure> {
    // --target asks for the heaviest payload that still reaches it.
    let extras = config::Extras { targets: &a.targets.targets, ..config::Extras::default() };
    let cfg = config::from_args_for("payload", &a.obs, extras)?;
    if a.range_for.is_some() || !cfg.request.targets.is_empty() {
        return crate::payload_for_cmd::run_payload_for(a, &cfg);
    }
    let payloads = a.payloads.as_deref().map(parse_payloads).transpose()?;
    let size = parse_size(a.size.as_deref().unwrap_or("1200x800"))?;
    if let Some(path) = &a.output {
        check_output(path)?;
    }
    let obs = *cfg.observation()?;
    let table_kg = match (&payloads, &cfg.question.vehicle) {
        (Some(p), _) => p.clone(),
        (None, Some(v)) => loftrange::payload::default_payloads_kg(v),
        (None, None) => Vec::new(), // payload_range says what is missing
    };
    // A figure gets a smooth curve: 40 more payloads between the table's first and last.
    let mut sweep_kg = table_kg.clone();
    if a.output.is_some() && table_kg.len() >= 2 {
        let (lo, hi) = table_kg.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &p| (l.min(p), h.max(p)));
        sweep_kg.extend((0..=40).map(|i| lo + (hi - lo) * i as f64 / 40.0));
        sweep_kg.sort_by(f64::total_cmp);
        sweep_kg.dedup();
    }
    let mut pr = loftrange::payload::payload_range(&cfg.question, &cfg.model, &cfg.request, Some(&sweep_kg))?;
    let curve: Vec<(f64, f64)> = pr.rows.iter().filter_map(|r| r.standard_range_m.map(|m| (r.payload_kg, m))).collect();
    pr.rows.retain(|r| table_kg.contains(&r.payload_kg));
    let vehicle = cfg.question.vehicle.clone().expect("payload_range checked the vehicle");
    let km = |m: f64| m / 1e3;
    let vehicle_name = vehicle.name.clone();
    // In text and titles, with its control characters escaped.
    let vehicle_label = vehicle.label().into_owned();
    if a.json {
        let json = loftrange::render::payload_json(&pr, &vehicle_name);
        write_stdout(&(crate::common::json_text(&json) + "\n"))?;
    } else {
        let o = loftrange::render::payload_text(&pr, &vehicle_label);
        write_text(&o)?;
    }
    if let Some(path) = &a.output {
        let fig = PayloadRangeFigure {
            title: format!(
                "Payload and standard range: {} ({} km apogee, {} km range test)",
                vehicle_label,
                grouped(km(obs.apogee_m)),
                grouped(km(obs.range_m))
            ),
            subtitle: format!(
                "model boost: payload fitted to the test, then the range-maximising kick for each payload; {} Earth",
                if cfg.question.site.is_some() { "rotating" } else { "non-rotating" }
            ),
            points: &curve,
            fitted: (pr.fitted_payload_kg, pr.fitted_standard_range_m),
            half_circumference_m: cfg.model.earth.half_circumference_m(),
        };
        draw_payload_range(&fig, path, size.0, size.1)?;
        crate::common::wrote(path);
    }
    Ok(())
}
