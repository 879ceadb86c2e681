//! `loftrange reach` (range over all launch azimuths, places within reach, reach map) and
//! `loftrange places` (list or search the place names accepted by --site and --target).

use loftrange::fmt::grouped;
use loftrange::places::{self, Place, PlaceKind};
use loftrange::Error;
use loftrange::{Contour, PlaceReach};
use serde::Serialize;

use crate::cli::{PlacesArgs, ReachArgs};
use crate::common::{check_output, compute, parse_size, write_stdout, Failure};
use crate::config;
use loftrange::render::{kind_name, JUST_OUTSIDE_M};

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

fn site_label(cfg: &config::Config) -> String {
    match (&cfg.site_name, cfg.site_deg) {
        (Some(n), _) => n.split(',').next().unwrap_or(n).to_string(),
        (None, Some((lat, lon))) => format!("{lat:.2}, {lon:.2}"),
        (None, None) => "launch site".into(),
    }
}

/// `loftrange reach`.
pub fn run_reach(a: &ReachArgs) -> Result<(), Failure> {
    let mut cfg = config::from_args(&a.obs)?;
    let step_deg = config::parse_degrees("step", &a.step)?;
    if !(0.01..=90.0).contains(&step_deg) {
        return Err(Error::invalid("step", format!("{step_deg} deg"), "a step from 0.01 to 90 degrees").into());
    }
    if cfg.opts.site.is_none() {
        return Err(Error::invalid("site", "none", "reach needs the launch site (--site NAME or LAT,LON)").into());
    }
    let (w, h) = parse_size(&a.size)?;
    if let Some(o) = &a.output {
        check_output(o)?;
    }
    cfg.opts.sweep_step_rad = Some(step_deg.to_radians());
    let (est, targets) = compute(&cfg, 0)?;
    let report = loftrange::reach_report(&est)?;
    let (non_rotating_m, circle_label) = (report.non_rotating_range_m, report.non_rotating_label);
    let inside: Vec<&PlaceReach> = report.in_reach().collect();
    let outside: Vec<&PlaceReach> = report.just_outside(JUST_OUTSIDE_M);

    if let Some(path) = &a.output {
        let circle = (non_rotating_m, circle_label);
        draw_map(a, &cfg, &est, &targets, &report.contour, circle, &inside, &outside, step_deg, path, (w, h))?;
    }

    if a.json {
        let json = loftrange::render::reach_json(&cfg, &est, &targets, &report, step_deg)?;
        return write_stdout(&(serde_json::to_string_pretty(&json).expect("serialisable") + "\n"));
    }

    write_stdout(&loftrange::render::reach_text(&cfg, &est, &targets, &report, step_deg, a.limit))
}

#[allow(clippy::too_many_arguments)]
fn draw_map(
    a: &ReachArgs,
    cfg: &config::Config,
    est: &loftrange::Estimate,
    targets: &[loftrange::TargetReach],
    contour: &Contour,
    (non_rotating_m, circle_label): (Option<f64>, &str),
    inside: &[&PlaceReach],
    outside: &[&PlaceReach],
    step_deg: f64,
    path: &std::path::Path,
    (w, h): (u32, u32),
) -> Result<(), Failure> {
    use loftrange::plot::{draw_reach_map, MapPlace, ReachMapFigure};
    let site = cfg.opts.site.expect("checked");
    let pts: Vec<(f64, f64)> = contour.outline_rad(&est.model.earth(), &site);
    let sectors: Vec<(f64, f64)> = contour
        .global
        .iter()
        .map(|g| if g.full { (0.0, std::f64::consts::TAU) } else { (g.from_rad, g.to_rad) })
        .collect();
    let mp = |r: &PlaceReach| MapPlace {
        name: r.place.name.clone(),
        lat_rad: r.place.lat_deg.to_radians(),
        lon_rad: r.place.lon_deg.to_radians(),
        in_reach: r.in_reach(),
    };
    // Label priority: explicit targets, the most populous places inside, those just
    // outside (the edge), then more places inside.
    let mut places: Vec<MapPlace> = targets
        .iter()
        .enumerate()
        .map(|(i, t)| MapPlace {
            name: cfg
                .targets
                .get(i)
                .and_then(|c| c.name.clone())
                .map(|n| n.split(',').next().unwrap_or(&n).to_string())
                .unwrap_or_else(|| format!("{:.1}, {:.1}", t.lat_rad.to_degrees(), t.lon_rad.to_degrees())),
            lat_rad: t.lat_rad,
            lon_rad: t.lon_rad,
            in_reach: t.reachable,
        })
        .collect();
    let pop = |v: &mut Vec<&PlaceReach>| v.sort_by_key(|r| std::cmp::Reverse(r.place.population.unwrap_or(0)));
    let (mut big_in, mut outs) = (inside.to_vec(), outside.to_vec());
    pop(&mut big_in);
    // Just outside: capitals first, then by population.
    outs.sort_by_key(|r| std::cmp::Reverse((r.place.kind == PlaceKind::Capital, r.place.population.unwrap_or(0))));
    let mut capitals_in: Vec<&PlaceReach> =
        inside.iter().copied().filter(|r| r.place.kind == PlaceKind::Capital).collect();
    pop(&mut capitals_in);
    // `inside` is sorted by margin, smallest first: the cities at the edge of reach.
    let edge_in: Vec<&PlaceReach> =
        inside.iter().copied().filter(|r| r.place.population.unwrap_or(0) >= 1_000_000).take(10).collect();
    places.extend(big_in.iter().take(10).map(|r| mp(r)));
    places.extend(edge_in.iter().map(|r| mp(r)));
    places.extend(outs.iter().take(24).map(|r| mp(r)));
    places.extend(capitals_in.iter().take(40).map(|r| mp(r)));
    places.extend(big_in.iter().skip(10).take(20).map(|r| mp(r)));
    let range_text =
        match (est.sweep.as_ref().and_then(|s| s.min.range_m), est.sweep.as_ref().and_then(|s| s.max.range_m)) {
            (Some(lo), Some(hi)) => format!("standard range {}–{} km", grouped(lo / 1e3), grouped(hi / 1e3)),
            (Some(lo), None) => {
                format!("standard range from {} km, global reach in some directions", grouped(lo / 1e3))
            }
            _ => "global reach in every direction".into(),
        };
    let fig = ReachMapFigure {
        title: format!(
            "Reach from {}: {range_text} ({}{})",
            site_label(cfg),
            if cfg.obs.is_some() { "lofted test: " } else { "forward mode, " },
            cfg.summary()
        ),
        assumptions: crate::output::figure_assumptions(est),
        site_name: site_label(cfg),
        site_lat_rad: site.lat_rad,
        site_lon_rad: site.lon_rad,
        earth_radius_m: est.model.earth().radius_m,
        contour: &pts,
        step_rad: step_deg.to_radians(),
        circle_range_m: non_rotating_m,
        circle_label,
        global_sectors: &sectors,
        places: &places,
        world: a.world,
    };
    draw_reach_map(&fig, path, w, h).map_err(|e| Failure::Input(e.to_string()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
