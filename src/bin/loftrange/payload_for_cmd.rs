//! `loftrange payload --range-for DIST` and `--target PLACE`: the heaviest payload whose
//! standard range still reaches a distance or a target (the loop is the library's,
//! `loftrange::payload::payload_for`).

use loftrange::payload::{payload_for, Goal, PayloadAnswer, PayloadFor};
use loftrange::render::payload_for_summary as summary;

use crate::cli::PayloadArgs;
use crate::common::{write_stdout, write_text, Failure};
use crate::config::{self, Config};
use crate::output::grouped;

pub fn run_payload_for(a: &PayloadArgs, cfg: &Config) -> Result<(), Failure> {
    if a.payloads.is_some() || a.output.is_some() {
        return Err(Failure::Input(
            "range for: given with --payloads or --output is not accepted: --range-for and --target answer one payload each; sweep payloads without them".into(),
        ));
    }
    cfg.observation()?;
    let mut goals: Vec<(String, Goal)> = Vec::new();
    if let Some(t) = &a.range_for {
        let range_m = config::parse_length_m("range for", t)?;
        goals.push((format!("{} km", grouped(range_m / 1e3)), Goal::Range { range_m }));
    }
    for t in &cfg.request.targets {
        goals.push((t.label(), Goal::Target { lat_rad: t.lat_rad, lon_rad: t.lon_rad }));
    }
    let answers: Vec<(String, PayloadFor)> = goals
        .into_iter()
        .map(|(label, g)| payload_for(&cfg.question, &cfg.model, &cfg.request, g).map(|p| (label, p)))
        .collect::<Result<_, _>>()?;
    if a.json {
        let json = loftrange::render::payload_for_json(&answers);
        write_stdout(&(crate::common::json_text(&json) + "\n"))?;
    } else {
        let o = loftrange::render::payload_for_text(&answers);
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
