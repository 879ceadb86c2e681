//! `loftrange payload`: with a vehicle file, the payload that reproduces the lofted
//! test and the standard range of the same vehicle across payloads.

use loftrange::plot::{draw_payload_range, PayloadRangeFigure};
use serde::Serialize;

use crate::cli::PayloadArgs;
use crate::common::{check_output, parse_size, write_stdout, Failure};
use crate::config;
use crate::output::grouped;

#[derive(Serialize)]
struct Row {
    payload_kg: f64,
    standard_range_km: Option<f64>,
    global_reach: bool,
    error: Option<String>,
    floor_active: bool,
}

#[derive(Serialize)]
struct PayloadJson {
    model: &'static str,
    vehicle: String,
    fitted_payload_kg: f64,
    fitted_kick_deg: f64,
    fitted_standard_range_km: Option<f64>,
    apogee_residual_m: f64,
    range_residual_m: f64,
    rows: Vec<Row>,
}

fn parse_payloads(text: &str) -> Result<Vec<f64>, Failure> {
    let bad = || {
        Failure::Input(format!(
            "payloads: \"{text}\" is not accepted: payloads in kg, 0 or more, separated by commas, e.g. 500,1000,1500"
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
    let uses = config::Uses { uncertainty: false, targets: true, azimuths: false };
    let cfg = config::from_args_for("payload", &a.obs, uses)?;
    // --extra-payload is the generic vehicle's; payload sweeps a vehicle file's payload.
    if let Some(x) = &a.obs.extra_payload {
        return Err(Failure::Input(format!(
            "extra payload: \"{x}\" given to payload is not accepted: --extra-payload only with estimate (the payload command sweeps the vehicle file's payload)"
        )));
    }
    if a.range_for.is_some() || !cfg.targets.is_empty() {
        return crate::payload_for_cmd::run_payload_for(a, &cfg);
    }
    let payloads = a.payloads.as_deref().map(parse_payloads).transpose()?;
    let size = parse_size(a.size.as_deref().unwrap_or("1200x800"))?;
    if let Some(path) = &a.output {
        check_output(path)?;
    }
    let obs = *cfg.observation()?;
    let table_kg = match (&payloads, &cfg.opts.vehicle) {
        (Some(p), _) => p.clone(),
        (None, Some(v)) => loftrange::default_payloads_kg(v),
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
    let mut pr = loftrange::payload_range(&obs, &cfg.opts, Some(&sweep_kg))?;
    let curve: Vec<(f64, f64)> = pr.rows.iter().filter_map(|r| r.standard_range_m.map(|m| (r.payload_kg, m))).collect();
    pr.rows.retain(|r| table_kg.contains(&r.payload_kg));
    let vehicle = cfg.opts.vehicle.clone().expect("payload_range checked the vehicle");
    let km = |m: f64| m / 1e3;
    let vehicle_name = vehicle.name.clone();
    if a.json {
        let json = PayloadJson {
            model: "boost",
            vehicle: vehicle_name.clone(),
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
        };
        write_stdout(&(serde_json::to_string_pretty(&json).expect("serialisable") + "\n"))?;
    } else {
        let mut o = format!(
            "loftrange payload  (model boost, vehicle \"{vehicle_name}\")\n  payload that reproduces the test: {} kg (kick {:.3} deg), standard range {}\n\n  {:>12}  {:>16}\n",
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
                loftrange::boost::defaults::MIN_BURNOUT_ALTITUDE_M / 1e3
            ));
        }
        write_stdout(&o)?;
    }
    if let Some(path) = &a.output {
        let fig = PayloadRangeFigure {
            title: format!(
                "Payload and standard range: {} ({} km apogee, {} km range test)",
                vehicle_name,
                grouped(km(obs.apogee_m)),
                grouped(km(obs.range_m))
            ),
            subtitle: format!(
                "model boost: payload fitted to the test, then the range-maximising kick for each payload; {} Earth",
                if cfg.opts.site.is_some() { "rotating" } else { "non-rotating" }
            ),
            points: &curve,
            fitted: (pr.fitted_payload_kg, pr.fitted_standard_range_m),
            half_circumference_m: cfg.opts.model.earth.half_circumference_m(),
        };
        draw_payload_range(&fig, path, size.0, size.1).map_err(|e| Failure::Input(e.to_string()))?;
        crate::common::wrote(path);
    }
    Ok(())
}
