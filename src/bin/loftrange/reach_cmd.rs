//! `loftrange reach` (range over all launch azimuths, places within reach, reach map) and
//! `loftrange places` (list or search the place names accepted by --site and --target).

use loftrange::fmt::grouped;
use loftrange::places::{self, Place};
use loftrange::Error;
use serde::Serialize;

use crate::cli::{PlacesArgs, ReachArgs};
use crate::common::{compute, parse_size, write_stdout, Failure};
use crate::config;
use loftrange::render::kind_name;

#[derive(Serialize)]
struct PlaceJson<'a> {
    name: &'a str,
    country: &'a str,
    lat_deg: f64,
    lon_deg: f64,
    kind: &'static str,
    population: Option<u64>,
}

impl<'a> From<&'a Place> for PlaceJson<'a> {
    fn from(p: &'a Place) -> Self {
        PlaceJson {
            name: &p.name,
            country: &p.country,
            lat_deg: p.lat_deg,
            lon_deg: p.lon_deg,
            kind: kind_name(p.kind),
            population: p.population,
        }
    }
}

/// `loftrange places [QUERY]`.
pub fn run_places(a: &PlacesArgs) -> Result<(), Failure> {
    let found = places::search(a.query.as_deref().unwrap_or(""));
    if a.json {
        let v: Vec<PlaceJson> = found.iter().map(|p| PlaceJson::from(*p)).collect();
        return write_stdout(&(serde_json::to_string_pretty(&v).expect("serialisable") + "\n"));
    }
    use std::fmt::Write;
    let mut o = String::new();
    if found.is_empty() {
        let _ = writeln!(o, "no place matches \"{}\"", a.query.as_deref().unwrap_or(""));
        return write_stdout(&o);
    }
    let _ = writeln!(
        o,
        "{:<32} {:<24} {:>9} {:>10}  {:<11} {:>12}",
        "name", "country", "lat deg", "lon deg", "kind", "population"
    );
    for p in &found {
        let _ = writeln!(
            o,
            "{:<32} {:<24} {:>9.4} {:>10.4}  {:<11} {:>12}",
            p.name,
            p.country,
            p.lat_deg,
            p.lon_deg,
            kind_name(p.kind),
            p.population.map(|n| grouped(n as f64)).unwrap_or_else(|| "-".into())
        );
    }
    let _ = writeln!(o, "{} place(s)", found.len());
    write_stdout(&o)
}

/// `loftrange reach`.
pub fn run_reach(a: &ReachArgs) -> Result<(), Failure> {
    let uses = config::Uses { uncertainty: false, targets: true, azimuths: true };
    let mut cfg = config::from_args_for("reach", &a.obs, uses)?;
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
    let (est, targets) = compute(&cfg, 0)?;
    let report = loftrange::reach_report(&est)?;

    if let (Some(path), Some(format)) = (&a.output, map_format) {
        crate::maps::write_reach(format, path, &cfg, &est, &report, &targets)?;
    } else if let Some(path) = &a.output {
        let map = loftrange::render::reach_map(&cfg, &est, &targets, &report, step_deg)?;
        loftrange::plot::draw_reach_map(&map.figure(a.world), path, w, h).map_err(|e| Failure::Input(e.to_string()))?;
        crate::common::wrote(path);
    }

    if a.json {
        let json = loftrange::render::reach_json(&cfg, &est, &targets, &report, step_deg)?;
        return write_stdout(&(serde_json::to_string_pretty(&json).expect("serialisable") + "\n"));
    }

    write_stdout(&loftrange::render::reach_text(&cfg, &est, &targets, &report, step_deg, a.limit))
}
