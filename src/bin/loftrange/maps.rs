//! `reach -o FILE.geojson|.kml` and `plot -o FILE.kml`: the library's map writers
//! (loftrange::render::gis), written whole or not at all like the figures.

use std::path::Path;

use loftrange::render::gis::{self, MapFormat, ReachMap};
use loftrange::{Estimate, ReachReport};

use crate::common::{check_output, Failure};
use crate::config::Config;

/// The output formats of `reach -o`.
pub(crate) const REACH: &[MapFormat] = &[MapFormat::GeoJson, MapFormat::Kml];
/// The output formats of `plot -o` besides the images.
pub(crate) const PLOT: &[MapFormat] = &[MapFormat::Kml];

fn extension(f: MapFormat) -> &'static str {
    match f {
        MapFormat::GeoJson => ".geojson",
        MapFormat::Kml => ".kml",
    }
}

/// Check an output path before any work: an image (.png, .svg) or one of `maps`, in an
/// existing directory. Some(format) for a map, None for an image.
pub(crate) fn check(path: &Path, maps: &[MapFormat]) -> Result<Option<MapFormat>, Failure> {
    match MapFormat::from_path(path) {
        Some(f) if maps.contains(&f) => crate::common::check_output_dir(path).map(|()| Some(f)),
        _ if loftrange::render::plot::ImageFormat::from_path(path).is_ok() => check_output(path).map(|()| None),
        _ => {
            let mut accepted: Vec<&str> = vec![".png", ".svg"];
            accepted.extend(maps.iter().map(|&f| extension(f)));
            let last = accepted.pop().unwrap_or_default();
            Err(Failure::Input(format!(
                "output: \"{}\" is not accepted: a file ending in {} or {last}",
                path.display(),
                accepted.join(", ")
            )))
        }
    }
}

/// Write a map file atomically and say so.
fn write(path: &Path, text: &str) -> Result<(), Failure> {
    loftrange::render::plot::write_atomic(path, text.as_bytes())?;
    crate::common::wrote(path);
    Ok(())
}

/// `reach -o FILE.geojson|.kml`.
pub(crate) fn write_reach(format: MapFormat, path: &Path, report: &ReachReport) -> Result<(), Failure> {
    let map = ReachMap::new(report);
    let text = match format {
        MapFormat::GeoJson => gis::reach_geojson(&map),
        MapFormat::Kml => gis::reach_kml(&map),
    };
    write(path, &text)
}

/// `plot -o FILE.kml`: refused before any work without a site (the flights would have
/// nowhere on the Earth to be).
pub(crate) fn check_plot(path: &Path, cfg: &Config) -> Result<Option<MapFormat>, Failure> {
    let format = check(path, PLOT)?;
    if format.is_some() && cfg.question.site.is_none() {
        return Err(Failure::Input(format!(
            "output: \"{}\" is not accepted without a site: a KML file places the flights on the Earth (--site NAME or LAT,LON)",
            path.display()
        )));
    }
    Ok(format)
}

/// `plot -o FILE.kml`.
pub(crate) fn write_plot(path: &Path, est: &Estimate, title: &str) -> Result<(), Failure> {
    // The title may carry a vehicle's name: no control character in the XML.
    let site = loftrange::render::site_map_label(est);
    write(path, &gis::trajectories_kml(est, &loftrange::render::escape_text(title), &site))
}
