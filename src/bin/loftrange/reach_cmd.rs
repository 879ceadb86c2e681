//! `loftrange reach` (range over all launch azimuths, places within reach, reach map) and
//! `loftrange places` (list or search the place names accepted by --site and --target).

use loftrange::places;
use loftrange::render::{places_json, places_text};
use loftrange::Error;

use crate::cli::{PlacesArgs, ReachArgs};
use crate::common::{parse_size, write_stdout, write_text, Failure};
use crate::config;

/// `loftrange places [QUERY]`.
pub fn run_places(a: &PlacesArgs) -> Result<(), Failure> {
    let query = a.query.as_deref().unwrap_or("");
    config::check_name_length("query", query, "a place name or part of one")?;
    let found = places::search(query);
    if a.json {
        return write_stdout(&(crate::common::json_text(&places_json(&found)) + "\n"));
    }
    write_text(&places_text(query, &found))
}

/// `loftrange reach`.
pub fn run_reach(a: &ReachArgs) -> Result<(), Failure> {
    let extras = config::Extras {
        azimuths: &a.azimuths.azimuths,
        targets: &a.targets.targets,
        forward: Some(&a.forward),
        beta: a.beta.beta.as_ref(),
        stage_beta: a.beta.stage_beta.as_ref(),
        ..config::Extras::default()
    };
    let mut cfg = config::from_args_for("reach", &a.obs, extras)?;
    let step_deg = config::parse_degrees("step", &a.step)?;
    cfg.sweep_for_reach(step_deg)?;
    let (w, h) = parse_size(a.size.as_deref().unwrap_or("1600x1200"))?;
    let map_format = match &a.output {
        Some(o) => crate::maps::check(o, crate::maps::REACH)?,
        None => None,
    };
    if map_format.is_some() && a.size.is_some() {
        return Err(Error::invalid(
            "size",
            "given with a .geojson or .kml output",
            "--size only with a .png or .svg figure",
        )
        .into());
    }
    if map_format.is_some() && a.world {
        return Err(Error::invalid(
            "world",
            "given with a .geojson or .kml output",
            "--world only with a .png or .svg figure (GIS files are in longitude and latitude already)",
        )
        .into());
    }
    // The spent stages' impact points go into the GIS files (the text and figure do not
    // show them).
    if map_format.is_none() && a.beta.stage_beta.is_some() {
        return Err(Error::invalid(
            "stage beta",
            "given without a .geojson or .kml output",
            "--stage-beta with reach only for a GIS map (-o FILE.geojson or .kml), where the stages' impact points are written",
        )
        .into());
    }
    let report = loftrange::reach_report(cfg.estimate(0)?)?;

    if let (Some(path), Some(format)) = (&a.output, map_format) {
        crate::maps::write_reach(format, path, &report)?;
    } else if let Some(path) = &a.output {
        let map = loftrange::render::reach_map(&report)?;
        loftrange::render::plot::draw_reach_map(&map.figure(a.world), path, w, h)?;
        crate::common::wrote(path);
    }

    if a.json {
        let json = loftrange::render::reach_json(&report)?;
        return write_stdout(&(crate::common::json_text(&json) + "\n"));
    }

    write_text(&loftrange::render::reach_text(&report, a.limit))
}
