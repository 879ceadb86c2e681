//! The `reach` command's report as JSON and text: the range over all launch azimuths,
//! the global sectors, the targets and the places judged per direction.

// The JSON structs' fields are the output's keys, named with their units and listed in
// the README; their docs would repeat the names.
#![allow(missing_docs)]

use serde::Serialize;

use super::estimate::{estimate_json, EstimateJson};
use crate::analysis::reach::PlaceReach;
use crate::analysis::reach::ReachReport;
use crate::data::places::{Place, PlaceKind};
use crate::error::Result;
use crate::estimate::Estimate;
use crate::fmt::grouped;
use crate::geo;
use crate::standard::AzimuthRange;

/// How places are judged: stated in the text and JSON output.
pub const PLACES_METHOD: &str =
    "range toward each place read off the sweep contour (the polygon of standard-trajectory impact points, \
     at the place's bearing from the site), not solved per place; --target uses the exact solver";

/// Places within this distance outside the contour are listed as just out of reach, m.
pub const JUST_OUTSIDE_M: f64 = 1_500e3;

/// How many places just out of reach the text lists before it names only the capitals.
pub const JUST_OUTSIDE_SHOWN: usize = 15;

/// A place kind's name in JSON.
pub fn kind_name(k: PlaceKind) -> &'static str {
    match k {
        PlaceKind::Capital => "capital",
        PlaceKind::City => "city",
        PlaceKind::LaunchSite => "launch_site",
    }
}

#[derive(Serialize)]
pub struct PlaceReachJson<'a> {
    name: &'a str,
    country: &'a str,
    kind: &'static str,
    population: Option<u64>,
    lat_deg: f64,
    lon_deg: f64,
    distance_km: f64,
    bearing_deg: f64,
    /// From the sweep contour (None: global reach).
    range_km: Option<f64>,
    margin_km: Option<f64>,
}

impl<'a> From<&'a PlaceReach> for PlaceReachJson<'a> {
    fn from(r: &'a PlaceReach) -> Self {
        PlaceReachJson {
            name: &r.place.name,
            country: &r.place.country,
            kind: kind_name(r.place.kind),
            population: r.place.population,
            lat_deg: r.place.lat_deg,
            lon_deg: r.place.lon_deg,
            distance_km: r.distance_m / 1e3,
            bearing_deg: r.bearing_rad.to_degrees(),
            range_km: r.range_m.map(|m| m / 1e3),
            margin_km: r.margin_m().map(|m| m / 1e3),
        }
    }
}

#[derive(Serialize)]
pub struct SweepPointJson {
    azimuth_deg: f64,
    range_km: Option<f64>,
    flight_path_angle_deg: Option<f64>,
    flight_time_s: Option<f64>,
    impact_lat_deg: Option<f64>,
    impact_lon_deg: Option<f64>,
    /// Bearing from the site to the impact point (differs from the azimuth on a rotating Earth).
    impact_bearing_deg: Option<f64>,
    global_reach: bool,
}

fn sweep_point(a: &AzimuthRange, site: &crate::geo::Site) -> SweepPointJson {
    let impact = a.impact_lat_rad.zip(a.impact_lon_rad);
    SweepPointJson {
        azimuth_deg: a.azimuth_rad.to_degrees(),
        range_km: a.range_m.map(|m| m / 1e3),
        flight_path_angle_deg: a.gamma_rad.map(f64::to_degrees),
        flight_time_s: a.flight_time_s,
        impact_lat_deg: impact.map(|i| i.0.to_degrees()),
        impact_lon_deg: impact.map(|i| i.1.to_degrees()),
        impact_bearing_deg: impact.map(|(la, lo)| {
            geo::normalize_angle_rad(geo::initial_bearing_rad(site.lat_rad, site.lon_rad, la, lo)).to_degrees()
        }),
        global_reach: a.range_m.is_none(),
    }
}

#[derive(Serialize)]
pub struct SweepJson {
    step_deg: f64,
    points: Vec<SweepPointJson>,
    max: SweepPointJson,
    min: SweepPointJson,
}

#[derive(Serialize)]
pub struct SectorJson {
    from_deg: f64,
    to_deg: f64,
    every_direction: bool,
}

#[derive(Serialize)]
pub struct ReachJson<'a> {
    #[serde(flatten)]
    estimate: EstimateJson,
    sweep: SweepJson,
    /// Standard range on a non-rotating sphere for the same burnout speed (model boost:
    /// the same fitted vehicle), km (None: global reach).
    non_rotating_range_km: Option<f64>,
    /// What `non_rotating_range_km` is.
    non_rotating_method: &'static str,
    /// Bearings from the site with global reach, degrees clockwise from `from_deg` to `to_deg`.
    global_sectors: Vec<SectorJson>,
    places_method: &'static str,
    places_in_reach: Vec<PlaceReachJson<'a>>,
    places_just_outside: Vec<PlaceReachJson<'a>>,
}

/// The `reach --json` object.
pub fn reach_json(report: &ReachReport) -> Result<ReachJson<'_>> {
    let est = &report.estimate;
    let step_deg = est.request.sweep_step_rad.unwrap_or(0.0).to_degrees();
    let missing =
        |f: &'static str| crate::error::Error::invalid(f, "none", "a sweep from a launch site (reach needs --site)");
    let sweep = est.sweep.as_ref().ok_or_else(|| missing("step"))?;
    let site = est.question.site.clone().ok_or_else(|| missing("site"))?;
    let (non_rotating_m, circle_label) = (report.non_rotating_range_m, report.non_rotating_label);
    let inside: Vec<&PlaceReach> = report.in_reach().collect();
    let outside: Vec<&PlaceReach> = report.just_outside(JUST_OUTSIDE_M);
    Ok(ReachJson {
        estimate: estimate_json(est),
        sweep: SweepJson {
            step_deg,
            points: sweep.points.iter().map(|p| sweep_point(p, &site)).collect(),
            max: sweep_point(&sweep.max, &site),
            min: sweep_point(&sweep.min, &site),
        },
        non_rotating_range_km: non_rotating_m.map(|m| m / 1e3),
        non_rotating_method: circle_label,
        global_sectors: report
            .contour
            .global
            .iter()
            .map(|g| SectorJson {
                from_deg: g.from_rad.to_degrees(),
                to_deg: if g.full { 360.0 } else { g.to_rad.to_degrees() },
                every_direction: g.full,
            })
            .collect(),
        places_method: PLACES_METHOD,
        places_in_reach: inside.iter().map(|r| PlaceReachJson::from(*r)).collect(),
        places_just_outside: outside.iter().map(|r| PlaceReachJson::from(*r)).collect(),
    })
}

/// Every place judged, as CSV (RFC 4180: CRLF line ends, a field with a comma, quote or
/// line end quoted): name, country, kind, population, position, distance, bearing, the
/// standard range toward it, the margin and in or out of reach, in km and degrees.
pub fn places_csv(report: &ReachReport) -> String {
    let quote = |t: &str| {
        if t.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", t.replace('"', "\"\""))
        } else {
            t.to_string()
        }
    };
    let opt = |v: Option<f64>| v.map_or(String::new(), |x| format!("{:.1}", x / 1e3));
    let mut out = String::from(
        "name,country,kind,population,lat_deg,lon_deg,distance_km,bearing_deg,range_km,margin_km,in_reach\r\n",
    );
    for p in &report.places {
        out += &format!(
            "{},{},{},{},{:.4},{:.4},{:.1},{:.1},{},{},{}\r\n",
            quote(&p.place.name),
            quote(&p.place.country),
            kind_name(p.place.kind),
            p.place.population.map_or(String::new(), |n| n.to_string()),
            p.place.lat_deg,
            p.place.lon_deg,
            p.distance_m / 1e3,
            p.bearing_rad.to_degrees().rem_euclid(360.0),
            opt(p.range_m),
            opt(p.margin_m()),
            if p.in_reach() { "yes" } else { "no" },
        );
    }
    out
}

/// The `reach` text report; `limit` caps the lists of places.
pub fn reach_text(report: &ReachReport, limit: usize) -> String {
    let est = &report.estimate;
    let step_deg = est.request.sweep_step_rad.unwrap_or(0.0).to_degrees();
    let Some(sweep) = est.sweep.as_ref() else { return String::new() };
    let (non_rotating_m, circle_label) = (report.non_rotating_range_m, report.non_rotating_label);
    let inside: Vec<&PlaceReach> = report.in_reach().collect();
    let outside: Vec<&PlaceReach> = report.just_outside(JUST_OUTSIDE_M);
    let b = &est.burnout;
    let judged = &report.places;
    use std::fmt::Write;
    let mut o = String::new();
    let row = |o: &mut String, k: &str, v: String| {
        let _ = writeln!(o, "  {k:<26} {v}");
    };
    let _ = writeln!(o, "loftrange reach  (model {})", est.model);
    let _ = writeln!(o, "  assumptions: {}", est.assumptions);
    let site = est.question.site.clone().unwrap_or(crate::geo::Site::new(0.0, 0.0));
    let (lat, lon) = (site.lat_deg(), site.lon_deg());
    let _ = writeln!(
        o,
        "\nLaunch site  {}  ({lat:.4}, {lon:.4} lat, lon deg)",
        site.name.as_deref().unwrap_or("(by coordinates)")
    );
    match &est.boost {
        Some(boost) => row(
            &mut o,
            "fitted vehicle",
            format!(
                "ideal delta-v {:.3} km/s; each azimuth flies it with the range-maximising kick",
                boost.fitted.delta_v_m_s / 1e3
            ),
        ),
        None => row(&mut o, "burnout speed", format!("{:.4} km/s (relative to the surface)", b.speed_m_s / 1e3)),
    }
    let fmt_az = |p: &AzimuthRange| match p.range_m {
        Some(r) => format!(
            "{} km toward azimuth {:.2} deg (flight time {:.1} min)",
            grouped(r / 1e3),
            p.azimuth_rad.to_degrees(),
            p.flight_time_s.unwrap_or(f64::NAN) / 60.0
        ),
        None => format!("global reach toward azimuth {:.2} deg", p.azimuth_rad.to_degrees()),
    };
    let _ = writeln!(
        o,
        "\nStandard range over all launch azimuths ({} azimuths, every {step_deg} deg)",
        sweep.points.len()
    );
    row(&mut o, "maximum", fmt_az(&sweep.max));
    for g in &report.contour.global {
        row(
            &mut o,
            "global reach",
            if g.full {
                "in every direction: every point on Earth is in reach".to_string()
            } else {
                format!(
                    "toward bearings {:.1} to {:.1} deg (the flight passes the farthest point from the site)",
                    g.from_rad.to_degrees(),
                    g.to_rad.to_degrees()
                )
            },
        );
    }
    row(&mut o, "minimum", fmt_az(&sweep.min));
    row(
        &mut o,
        "without rotation",
        non_rotating_m
            .map(|m| format!("{} km in every direction ({circle_label})", grouped(m / 1e3)))
            .unwrap_or_else(|| "global reach".into()),
    );
    if !est.targets.is_empty() {
        let _ = writeln!(o, "\nTargets (exact azimuth solve)");
        for (i, t) in est.targets.iter().enumerate() {
            let label = super::estimate::target_label(est, i);
            for (k, v) in super::estimate::target_text_rows(&label, t) {
                row(&mut o, &k, v);
            }
        }
    }
    // Where the standard trajectory's spent stages fall (vehicle files that drop stages).
    super::stages::stages_text(&mut o, est);
    let n_all = judged.len();
    let _ = writeln!(
        o,
        "\nCapitals and large cities within reach: {} of {n_all}, by margin (smallest first: the edge of reach{})",
        inside.len(),
        if inside.len() > limit { format!(", first {}; --json lists all", limit) } else { String::new() }
    );
    let _ = writeln!(o, "  note: {PLACES_METHOD}");
    let table = |o: &mut String, list: &[&PlaceReach], limit: usize| {
        let _ =
            writeln!(o, "  {:<28} {:<22} {:>9} {:>9} {:>9}", "place", "country", "dist km", "range km", "margin km");
        for r in list.iter().take(limit) {
            let _ = writeln!(
                o,
                "  {:<28} {:<22} {:>9} {:>9} {:>9}",
                r.place.name,
                r.place.country,
                grouped(r.distance_m / 1e3),
                r.range_m.map(|m| grouped(m / 1e3)).unwrap_or_else(|| "global".into()),
                r.margin_m().map(|m| grouped(m / 1e3)).unwrap_or_else(|| "-".into())
            );
        }
    };
    table(&mut o, &inside, limit);
    // The places people ask about: the largest in reach in each country.
    let largest = largest_per_country(&inside);
    if !largest.is_empty() {
        let shown: Vec<String> =
            largest.iter().take(limit).map(|r| format!("{} ({})", r.place.name, r.place.country)).collect();
        let cut = if largest.len() > shown.len() { format!(", the first {}", shown.len()) } else { String::new() };
        let _ =
            writeln!(o, "\nLargest place in reach in each country ({} countries, by population{cut}):", largest.len());
        let mut line = String::from(" ");
        for (i, w) in shown.iter().enumerate() {
            let piece = format!(" {w}{}", if i + 1 < shown.len() { "," } else { "" });
            if line.len() + piece.len() > 96 {
                let _ = writeln!(o, "{line}");
                line = String::from(" ");
            }
            line += &piece;
        }
        let _ = writeln!(o, "{line}");
    }
    if !outside.is_empty() {
        let shown = limit.min(JUST_OUTSIDE_SHOWN);
        let cut = if outside.len() > shown {
            format!(": {} places, the {shown} nearest shown; --json lists all", outside.len())
        } else {
            String::new()
        };
        let _ = writeln!(o, "\nJust out of reach (within {} km of the contour{cut})", grouped(JUST_OUTSIDE_M / 1e3));
        table(&mut o, &outside, shown);
        // The capitals the cut leaves out, so that a Washington 600 km short is not lost.
        let capitals: Vec<String> = outside
            .iter()
            .skip(shown)
            .filter(|r| r.place.kind == PlaceKind::Capital)
            .map(|r| {
                let margin = r.margin_m().map(|m| grouped(m / 1e3)).unwrap_or_else(|| "-".into());
                format!("{} ({margin} km)", r.place.name)
            })
            .collect();
        if !capitals.is_empty() {
            let _ = writeln!(
                o,
                "  capitals further out, within {} km: {}",
                grouped(JUST_OUTSIDE_M / 1e3),
                capitals.join(", ")
            );
        }
    }
    for w in &est.warnings {
        let _ = writeln!(o, "\nwarning: {w}");
    }
    o
}

/// What the reach map shows, owned (the figure borrows it): built from the reach report
/// for the command line's `reach -o` and the web page alike.
#[cfg(feature = "plot")]
#[derive(Clone, Debug)]
pub struct ReachMap {
    pub title: String,
    pub assumptions: String,
    pub site_name: String,
    pub site_lat_rad: f64,
    pub site_lon_rad: f64,
    pub earth_radius_m: f64,
    /// Impact points (lat, lon), rad, by bearing from the site.
    pub contour: Vec<(f64, f64)>,
    pub step_rad: f64,
    /// Global-reach sectors (from, to), rad; (0, 2π) for every direction.
    pub global_sectors: Vec<(f64, f64)>,
    pub circle_range_m: Option<f64>,
    pub circle_label: &'static str,
    /// Places to mark, most important first: the targets, then the largest place in
    /// reach in each country, then the rest.
    pub places: Vec<crate::render::plot::MapPlace>,
    /// How many places the report judged (the map says how many it did not draw).
    pub places_judged: usize,
    /// The spent stages' impacts (none unless the vehicle drops stages).
    pub stage_impacts: Vec<crate::render::plot::MapStage>,
}

#[cfg(feature = "plot")]
impl ReachMap {
    /// The figure (`world`: the equirectangular world map instead of the azimuthal one).
    pub fn figure(&self, world: bool) -> crate::render::plot::ReachMapFigure<'_> {
        crate::render::plot::ReachMapFigure {
            title: self.title.clone(),
            assumptions: self.assumptions.clone(),
            site_name: self.site_name.clone(),
            site_lat_rad: self.site_lat_rad,
            site_lon_rad: self.site_lon_rad,
            earth_radius_m: self.earth_radius_m,
            contour: &self.contour,
            step_rad: self.step_rad,
            circle_range_m: self.circle_range_m,
            circle_label: self.circle_label,
            global_sectors: &self.global_sectors,
            places: &self.places,
            world,
            places_judged: self.places_judged,
            stage_impacts: &self.stage_impacts,
        }
    }
}

/// The title of a reach map, the figure's and the GIS files' alike: "Reach from SITE:
/// standard range LOW–HIGH km (lofted test: APOGEE km apogee, RANGE km range)".
pub fn reach_title(est: &Estimate) -> String {
    let range_text =
        match (est.sweep.as_ref().and_then(|s| s.min.range_m), est.sweep.as_ref().and_then(|s| s.max.range_m)) {
            (Some(lo), Some(hi)) => format!("standard range {}–{} km", grouped(lo / 1e3), grouped(hi / 1e3)),
            (Some(lo), None) => {
                format!("standard range from {} km, global reach in some directions", grouped(lo / 1e3))
            }
            _ => "global reach in every direction".into(),
        };
    let test = match (&est.question.test_name, est.question.observation()) {
        (Some(t), Some(_)) => format!("{}: ", t.strip_prefix("the ").unwrap_or(t)),
        (None, Some(_)) => "lofted test: ".into(),
        _ => "forward mode, ".into(),
    };
    let toward = match (est.question.observation(), est.question.test_azimuth_rad) {
        (Some(_), Some(a)) => format!(", fired toward {:.1}°", a.to_degrees()),
        _ => String::new(),
    };
    format!(
        "Reach from {}: {range_text} ({test}{}{toward})",
        site_map_label(est),
        super::estimate::question_summary(&est.question)
    )
}

/// The launch site as a map labels it: its name without the country, or its
/// coordinates.
pub fn site_map_label(est: &Estimate) -> String {
    est.question.site.as_ref().map_or_else(|| "launch site".into(), |s| s.map_label())
}

/// The reach map of a sweep from a site: the contour, the global sectors, the
/// non-rotating circle and the places to label (targets first, then the most populous
/// places inside, those at the edge, those just outside, capitals inside, more places).
#[cfg(feature = "plot")]
pub fn reach_map(report: &ReachReport) -> Result<ReachMap> {
    use crate::render::plot::MapPlace;
    let est = &report.estimate;
    let step_deg = est.request.sweep_step_rad.unwrap_or(0.0).to_degrees();
    let site = est.question.site.clone().ok_or_else(crate::analysis::reach::needs_site)?;
    let contour = &report.contour;
    let inside: Vec<&PlaceReach> = report.in_reach().collect();
    let outside: Vec<&PlaceReach> = report.just_outside(JUST_OUTSIDE_M);
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
        target: false,
    };
    let mut places: Vec<MapPlace> = est
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| MapPlace {
            name: est.request.targets.get(i).map_or_else(
                || crate::geo::lat_lon_label(t.lat_rad.to_degrees(), t.lon_rad.to_degrees()),
                |s| s.map_label(),
            ),
            lat_rad: t.lat_rad,
            lon_rad: t.lon_rad,
            in_reach: t.reachable,
            target: true,
        })
        .collect();
    places.extend(largest_per_country(&inside).iter().map(|r| mp(r)));
    let pop = |v: &mut Vec<&PlaceReach>| v.sort_by_key(|r| std::cmp::Reverse(r.place.population.unwrap_or(0)));
    let (mut big_in, mut outs) = (inside.clone(), outside.clone());
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
    Ok(ReachMap {
        title: reach_title(est),
        assumptions: super::estimate::figure_assumptions(est),
        site_name: site_map_label(est),
        site_lat_rad: site.lat_rad,
        site_lon_rad: site.lon_rad,
        earth_radius_m: est.model.earth().radius_m,
        contour: pts,
        step_rad: step_deg.to_radians(),
        global_sectors: sectors,
        circle_range_m: report.non_rotating_range_m,
        circle_label: report.non_rotating_label,
        places,
        places_judged: report.places.len(),
        stage_impacts: est
            .spent_stages
            .iter()
            .flat_map(|f| {
                f.stages.iter().filter_map(move |s| {
                    s.impact.map(|hit| crate::render::plot::MapStage {
                        flight: f.flight,
                        stage: s.stage,
                        lat_rad: hit.lat_rad,
                        lon_rad: hit.lon_rad,
                    })
                })
            })
            .collect(),
    })
}

/// The most populous place in reach in each country, the largest first.
fn largest_per_country<'a>(inside: &[&'a PlaceReach]) -> Vec<&'a PlaceReach> {
    let mut best: Vec<&PlaceReach> = Vec::new();
    for r in inside {
        match best.iter_mut().find(|b| b.place.country == r.place.country) {
            Some(b) if b.place.population.unwrap_or(0) < r.place.population.unwrap_or(0) => *b = r,
            Some(_) => {}
            None => best.push(r),
        }
    }
    best.sort_by_key(|r| std::cmp::Reverse(r.place.population.unwrap_or(0)));
    best
}

/// One place as `places --json` lists it.
#[derive(Serialize)]
pub struct PlaceJson<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub kind: &'static str,
    pub population: Option<u64>,
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

/// The places found by a search, as `places --json` lists them.
pub fn places_json<'a>(found: &[&'a Place]) -> Vec<PlaceJson<'a>> {
    found.iter().map(|p| PlaceJson::from(*p)).collect()
}

/// The places found by a search for `query`, as a table.
pub fn places_text(query: &str, found: &[&Place]) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    if found.is_empty() {
        let _ = writeln!(o, "no place matches \"{query}\"");
        return o;
    }
    let _ = writeln!(
        o,
        "{:<32} {:<24} {:>9} {:>10}  {:<11} {:>12}",
        "name", "country", "lat deg", "lon deg", "kind", "population"
    );
    for p in found {
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
    o
}
