//! Maps to take away: the reach contour, the directions with global reach, the
//! non-rotating circle, the launch site and the places as GeoJSON (RFC 7946,
//! [`reach_geojson`]) and KML ([`reach_kml`]), and the trajectories in 3-D as KML
//! ([`trajectories_kml`]). Pure: each writer returns a `String` (the binary writes it
//! atomically); the formats are written by the georust `geojson` and `kml` crates.
//!
//! The geometry both formats share is here, in one place:
//!
//! * A region on the Earth is first a ring of (longitude, latitude) vertices with the
//!   region on its left, built on the Earth the model uses ([`ReachMap::layers`]): the
//!   contour vertices are the impact points themselves (at the reported range from the
//!   site along its bearing); where two neighbours are more than 2° of bearing apart
//!   (near the antipode the impacts spread out) points at the range the report reads
//!   off the contour ([`crate::Contour::range_toward_m`], which judges the places) fill
//!   the gap, so the drawn region is the one the places are judged against. The
//!   global-reach sectors are lunes from the site to its antipode, and the non-rotating
//!   circle is sampled every degree of bearing.
//! * [`split_ring`] turns such a ring into planar polygons in (lon, lat): cut at the
//!   antimeridian (no edge crosses ±180°), a ring that goes round a pole closed along
//!   the antimeridian to that pole, a ring whose region holds both poles (or neither
//!   side of it) as the whole map with a hole; exterior rings counter-clockwise, holes
//!   clockwise, coordinates rounded to 7 decimals (about 1 cm).
//!
//! Between two vertices a polygon edge is a straight line in (lon, lat), as RFC 7946
//! §3.1.1 reads it; the contour's vertices are one launch azimuth apart (the sweep step),
//! and the rays of the lunes and wedges are sampled every 200 km or closer.

mod geojson;
mod kml;

pub use self::geojson::reach_geojson;
pub use self::kml::{reach_kml, trajectories_kml};

use std::ffi::OsStr;
use std::path::Path;

use crate::analysis::reach::ReachReport;
use crate::earth::Earth;
use crate::estimate::Estimate;
use crate::geo::{self, Site};
use crate::standard::target::TargetReach;

/// Decimals kept in longitudes and latitudes (1e-7° is 1.1 cm on the ground).
pub const DECIMALS: i32 = 7;

/// Longest step along the rays of a wedge or lune, m.
const RAY_STEP_M: f64 = 200e3;

/// Widest bearing gap between two contour vertices drawn as one edge, rad: wider gaps
/// (near the antipode, where the impacts of neighbouring azimuths spread out) get points
/// read off the contour as the report reads it for places.
const MAX_GAP_RAD: f64 = 2.0 * std::f64::consts::PI / 180.0;

/// A position: longitude, latitude in degrees (the order of GeoJSON and KML).
pub type LonLat = [f64; 2];

/// A polygon in the (longitude, latitude) plane, inside [−180, 180] × [−90, 90]:
/// closed rings (first position repeated last), the exterior counter-clockwise and the
/// holes clockwise.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanarPolygon {
    /// Outer ring, counter-clockwise.
    pub exterior: Vec<LonLat>,
    /// Holes, clockwise.
    pub holes: Vec<Vec<LonLat>>,
}

/// The map formats written by this module, chosen from the output path's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapFormat {
    /// GeoJSON, RFC 7946 (`.geojson`).
    GeoJson,
    /// KML 2.2 (`.kml`).
    Kml,
}

impl MapFormat {
    /// `.geojson` or `.kml` (any letter case); None for any other extension.
    pub fn from_path(path: &Path) -> Option<MapFormat> {
        match path.extension().and_then(OsStr::to_str).map(str::to_ascii_lowercase).as_deref() {
            Some("geojson") => Some(MapFormat::GeoJson),
            Some("kml") => Some(MapFormat::Kml),
            _ => None,
        }
    }
}

/// A named target and the exact solve toward it.
#[derive(Clone, Debug)]
pub struct MapTarget<'a> {
    /// Name shown on the map.
    pub name: String,
    /// The target solve.
    pub reach: &'a TargetReach,
}

/// What a reach map holds: the report and what it was computed for.
#[derive(Clone, Debug)]
pub struct ReachMap<'a> {
    /// The reach report (contour, global sectors, non-rotating range, places).
    pub report: &'a ReachReport,
    /// The estimate the report was made from (model, site, assumptions).
    pub estimate: &'a Estimate,
    /// The launch site's name shown on the map.
    pub site_name: String,
    /// Title of the map (the document name in KML, a foreign member in GeoJSON): the
    /// figure's, [`crate::render::reach_title`], for a map of the command line.
    pub title: String,
    /// Targets solved exactly (may be empty).
    pub targets: Vec<MapTarget<'a>>,
}

/// The regions of a reach map as planar polygons.
#[derive(Clone, Debug, PartialEq)]
pub struct Layers {
    /// The contour over the bounded directions: one polygon, or the wedges between the
    /// global sectors (each from the site out to the impact points), split at the
    /// antimeridian. Empty when reach is global everywhere.
    pub bounded: Vec<PlanarPolygon>,
    /// The directions with global reach: lunes from the site to its antipode (the whole
    /// map when every direction has global reach). Empty when every direction is bounded.
    pub global: Vec<PlanarPolygon>,
    /// The non-rotating comparison: the circle of that range about the site on the
    /// non-rotating sphere. None when that range is global.
    pub circle: Option<Vec<PlanarPolygon>>,
}

impl<'a> ReachMap<'a> {
    /// The reach map of a report: titled and labelled as the figure is
    /// ([`crate::render::reach_title`]), its targets named as asked.
    pub fn new(report: &'a ReachReport) -> ReachMap<'a> {
        let est = &report.estimate;
        ReachMap {
            report,
            estimate: est,
            site_name: crate::render::site_map_label(est),
            title: crate::render::reach_title(est),
            targets: est
                .targets
                .iter()
                .enumerate()
                .map(|(i, t)| MapTarget { name: crate::render::target_label(est, i), reach: t })
                .collect(),
        }
    }
}

impl ReachMap<'_> {
    /// The launch site (the estimate must have one: a reach report does).
    pub fn site(&self) -> Site {
        self.estimate.question.site.clone().unwrap_or(Site::new(0.0, 0.0))
    }

    /// The Earth the model flies over (ranges and bearings of the contour are on it).
    pub fn earth(&self) -> Earth {
        self.estimate.model.earth()
    }

    /// The regions, built on the model's Earth and split for the plane.
    pub fn layers(&self) -> Layers {
        let earth = self.earth();
        let site = self.site();
        let bounded = bounded_rings(self.report, &earth, &site).iter().flat_map(|r| split_ring(r)).collect();
        let contour = &self.report.contour;
        let global = if contour.global.iter().any(|g| g.full) {
            vec![whole_map()]
        } else {
            contour.global.iter().flat_map(|g| split_ring(&lune(&earth, &site, g.from_rad, g.width_rad()))).collect()
        };
        let sphere = Earth::non_rotating();
        let circle = self
            .report
            .non_rotating_range_m
            .filter(|&r| r < sphere.half_circumference_m())
            .map(|r| split_ring(&circle_ring(&sphere, &site, r)));
        Layers { bounded, global, circle }
    }
}

/// What a map feature is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeatureKind {
    /// The launch site.
    LaunchSite,
    /// The reach contour over the bounded directions.
    Contour,
    /// The directions with global reach.
    GlobalReach,
    /// The same missile on a non-rotating sphere: a circle.
    NonRotatingCircle,
    /// A capital or large city, judged against the contour.
    Place,
    /// A target solved exactly.
    Target,
    /// Where a spent stage falls (model boost, a vehicle that drops stages).
    SpentStage,
}

impl FeatureKind {
    /// The name written in the `kind` property.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::LaunchSite => "launch_site",
            FeatureKind::Contour => "reach_contour",
            FeatureKind::GlobalReach => "global_reach",
            FeatureKind::NonRotatingCircle => "non_rotating_circle",
            FeatureKind::Place => "place",
            FeatureKind::Target => "target",
            FeatureKind::SpentStage => "spent_stage",
        }
    }
}

/// The geometry of a map feature.
#[derive(Clone, Debug, PartialEq)]
pub enum MapGeometry {
    /// No geometry (the non-rotating comparison when it has global reach).
    None,
    /// A point.
    Point(LonLat),
    /// Planar polygons (one Polygon, or a MultiPolygon when there are several).
    Polygons(Vec<PlanarPolygon>),
}

/// One feature of a reach map, before it is written in a format: both formats write the
/// same features with the same properties (GeoJSON `properties`, KML `ExtendedData`).
#[derive(Clone, Debug, PartialEq)]
pub struct MapFeature {
    /// Display name.
    pub name: String,
    /// What it is (also the `kind` property).
    pub kind: FeatureKind,
    /// Where it is.
    pub geometry: MapGeometry,
    /// Its properties, `kind` first; distances in km to the metre, angles in degrees.
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// km to the metre.
fn km(m: f64) -> f64 {
    m.round() / 1e3
}

/// Degrees to 1e-4 (about 10 m at 6,000 km).
fn deg(rad: f64) -> f64 {
    (rad.to_degrees() * 1e4).round() / 1e4
}

impl ReachMap<'_> {
    /// The features, in drawing order: the contour, the global-reach directions, the
    /// non-rotating circle, the launch site, the targets, then every place.
    pub fn features(&self) -> Vec<MapFeature> {
        use serde_json::{json, Value};
        let layers = self.layers();
        let report = self.report;
        let contour = &report.contour;
        let model = self.estimate.model.name();
        let props = |kind: FeatureKind, more: Value| {
            let mut p = serde_json::Map::new();
            p.insert("kind".into(), kind.as_str().into());
            if let Value::Object(m) = more {
                p.extend(m);
            }
            p
        };
        let mut out = Vec::new();
        if !contour.points.is_empty() {
            let ranges = contour.points.iter().map(|p| p.distance_m);
            let (lo, hi) = ranges.fold((f64::INFINITY, 0f64), |(lo, hi), r| (lo.min(r), hi.max(r)));
            out.push(MapFeature {
                name: format!("Reach contour (model {model})"),
                kind: FeatureKind::Contour,
                geometry: MapGeometry::Polygons(layers.bounded),
                properties: props(
                    FeatureKind::Contour,
                    json!({
                        "model": model,
                        "directions": if contour.global.is_empty() { "all bounded" } else { "bounded (global-reach sectors cut out to the site)" },
                        "range_min_km": km(lo),
                        "range_max_km": km(hi),
                        "vertices": contour.points.len(),
                        "sweep_step_deg": self.estimate.request.sweep_step_rad.map(deg),
                        "method": "vertices are the impact points of the standard trajectories over the launch \
                                   azimuths, at their range from the site along the bearing to them on the \
                                   model's Earth",
                    }),
                ),
            });
        }
        if !contour.global.is_empty() {
            let every = contour.global.iter().any(|g| g.full);
            let sectors: Vec<Value> = contour
                .global
                .iter()
                .filter(|g| !g.full)
                .map(|g| json!({ "from_bearing_deg": deg(g.from_rad), "to_bearing_deg": deg(g.to_rad) }))
                .collect();
            out.push(MapFeature {
                name: "Global reach (unbounded directions)".into(),
                kind: FeatureKind::GlobalReach,
                geometry: MapGeometry::Polygons(layers.global),
                properties: props(
                    FeatureKind::GlobalReach,
                    json!({
                        "model": model,
                        "every_direction": every,
                        "sectors": sectors,
                        "note": "bearings from the site, clockwise from from_bearing_deg to to_bearing_deg: the \
                                 standard trajectory passes the farthest point from the site, so every point \
                                 in these directions is in reach (drawn from the site to its antipode)",
                    }),
                ),
            });
        }
        out.push(MapFeature {
            name: "Without rotation".into(),
            kind: FeatureKind::NonRotatingCircle,
            geometry: layers.circle.map_or(MapGeometry::None, MapGeometry::Polygons),
            properties: props(
                FeatureKind::NonRotatingCircle,
                json!({
                    "model": "non-rotating sphere",
                    "range_km": report.non_rotating_range_m.map(km),
                    "global_reach": report.non_rotating_range_m.is_none(),
                    "method": report.non_rotating_label,
                }),
            ),
        });
        let site = self.site();
        out.push(MapFeature {
            name: self.site_name.clone(),
            kind: FeatureKind::LaunchSite,
            geometry: MapGeometry::Point(rounded(lon_lat_deg(site.lat_rad, site.lon_rad))),
            properties: props(
                FeatureKind::LaunchSite,
                json!({
                    "name": self.site_name,
                    "model": model,
                    "lat_deg": round_deg(site.lat_rad.to_degrees()),
                    "lon_deg": round_deg(site.lon_rad.to_degrees()),
                    "test_azimuth_deg": self.estimate.question.test_azimuth_rad.map(deg),
                }),
            ),
        });
        for t in &self.targets {
            let r = t.reach;
            out.push(MapFeature {
                name: t.name.clone(),
                kind: FeatureKind::Target,
                geometry: MapGeometry::Point(rounded(lon_lat_deg(r.lat_rad, r.lon_rad))),
                properties: props(
                    FeatureKind::Target,
                    json!({
                        "name": t.name,
                        "in_reach": r.reachable,
                        "margin_km": r.margin_m.map(km),
                        "distance_km": km(r.distance_m),
                        "range_km": r.range_m.map(km),
                        "launch_azimuth_deg": deg(r.azimuth_rad),
                        "method": "exact solve: the launch azimuth whose standard trajectory lands on the great \
                                   circle to the target",
                    }),
                ),
            });
        }
        out.extend(stage_features(self.estimate));
        for p in &report.places {
            let place = p.place;
            out.push(MapFeature {
                name: place.name.clone(),
                kind: FeatureKind::Place,
                geometry: MapGeometry::Point([round_deg(place.lon_deg), round_deg(place.lat_deg)]),
                properties: props(
                    FeatureKind::Place,
                    json!({
                        "name": place.name,
                        "country": place.country,
                        "place_kind": match place.kind {
                            crate::data::places::PlaceKind::Capital => "capital",
                            crate::data::places::PlaceKind::City => "city",
                            crate::data::places::PlaceKind::LaunchSite => "launch_site",
                        },
                        "population": place.population,
                        "in_reach": p.in_reach(),
                        "margin_km": p.margin_m().map(km),
                        "distance_km": km(p.distance_m),
                        "range_km": p.range_m.map(km),
                        "bearing_deg": deg(p.bearing_rad),
                    }),
                ),
            });
        }
        out
    }
}

/// Where the spent stages of an estimate fall, one point each (none when the estimate
/// was not asked for them, or its vehicle drops none): the features of a reach map and
/// of the trajectories' KML.
pub fn stage_features(est: &Estimate) -> Vec<MapFeature> {
    use serde_json::json;
    let mut out = Vec::new();
    for f in &est.spent_stages {
        for s in &f.stages {
            let Some(i) = s.impact else { continue };
            let mut properties = serde_json::Map::new();
            properties.insert("kind".into(), FeatureKind::SpentStage.as_str().into());
            let more = json!({
                "flight": match f.flight {
                    crate::vehicle::stages::StagesOf::Test => "test",
                    crate::vehicle::stages::StagesOf::Standard => "standard",
                },
                "stage": s.stage,
                "mass_kg": s.mass_kg,
                "stage_beta_kg_m2": f.beta_kg_m2,
                "lat_deg": round_deg(i.lat_rad.to_degrees()),
                "lon_deg": round_deg(geo::wrap_longitude_rad(i.lon_rad).to_degrees()),
                "downrange_km": km(i.downrange_m),
                "cross_range_km": km(i.cross_range_m),
                "impact_time_s": (i.time_s * 10.0).round() / 10.0,
                "separation_time_s": (s.separation_time_s * 10.0).round() / 10.0,
                "separation_altitude_km": km(s.separation_altitude_m),
                "separation_speed_km_s": km(s.separation_speed_m_s),
                "method": "flown ballistically from its separation to impact with drag of its ballistic \
                           coefficient (US Standard Atmosphere 1976), in the boost model fitted to the test",
            });
            if let serde_json::Value::Object(m) = more {
                properties.extend(m);
            }
            out.push(MapFeature {
                name: format!("Stage {} impact ({})", s.stage, f.flight.label()),
                kind: FeatureKind::SpentStage,
                geometry: MapGeometry::Point(rounded(lon_lat_deg(i.lat_rad, i.lon_rad))),
                properties,
            });
        }
    }
    out
}

fn rounded(p: LonLat) -> LonLat {
    [round_deg(p[0]), round_deg(p[1])]
}

/// A longitude or latitude rounded to [`DECIMALS`] decimals.
pub fn round_deg(x: f64) -> f64 {
    let k = 10f64.powi(DECIMALS);
    // k·x rounded is an integer below 2^53, and the division is correctly rounded: the
    // result prints with at most 7 decimals.
    (x * k).round() / k
}

/// (lon, lat) in degrees of a point in radians, longitude in [−180, 180).
fn lon_lat_deg(lat_rad: f64, lon_rad: f64) -> LonLat {
    [wrap_lon_deg(lon_rad.to_degrees()), lat_rad.to_degrees()]
}

fn wrap_lon_deg(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Points from `from` (excluded) to `to` (excluded) along the ray from the site at
/// `bearing_rad`, at distances `from_m` → `to_m`, no farther apart than [`RAY_STEP_M`].
fn ray(earth: &Earth, site: &Site, bearing_rad: f64, from_m: f64, to_m: f64) -> Vec<LonLat> {
    let steps = ((to_m - from_m).abs() / RAY_STEP_M).ceil().max(1.0) as usize;
    (1..steps)
        .map(|k| {
            let d = from_m + (to_m - from_m) * k as f64 / steps as f64;
            let (lat, lon) = earth.destination_rad(site.lat_rad, site.lon_rad, bearing_rad, d);
            lon_lat_deg(lat, lon)
        })
        .collect()
}

/// The rings of the bounded directions, region on the left: all the contour vertices
/// when no direction is global; else one wedge per run of bounded vertices between two
/// global gaps (site, out along the first vertex's bearing, the vertices, back to the site).
fn bounded_rings(report: &ReachReport, earth: &Earth, site: &Site) -> Vec<Vec<LonLat>> {
    let c = &report.contour;
    let pts = &c.points;
    let n = pts.len();
    if n == 0 {
        return Vec::new();
    }
    // The gap after vertex i (to the next by bearing) is global when the bearing
    // halfway across it has global reach.
    let global_gap = |i: usize| {
        let width = if n == 1 {
            std::f64::consts::TAU
        } else {
            geo::normalize_angle_rad(pts[(i + 1) % n].bearing_rad - pts[i].bearing_rad)
        };
        let mid = geo::normalize_angle_rad(pts[i].bearing_rad + 0.5 * width);
        c.global.iter().any(|g| g.contains(mid))
    };
    let vertex = |i: usize| lon_lat_deg(pts[i].impact_lat_rad, pts[i].impact_lon_rad);
    // Vertex i, then the contour read as the report reads it (`range_toward_m`) across a
    // bounded gap wider than MAX_GAP_RAD to the next vertex.
    let vertex_and_gap = |i: usize, ring: &mut Vec<LonLat>| {
        ring.push(vertex(i));
        let from = pts[i].bearing_rad;
        let width = geo::normalize_angle_rad(pts[(i + 1) % n].bearing_rad - from);
        let steps = (width / MAX_GAP_RAD).ceil() as usize;
        for k in 1..steps {
            let b = geo::normalize_angle_rad(from + width * k as f64 / steps as f64);
            if let Some(r) = c.range_toward_m(b) {
                let (lat, lon) = earth.destination_rad(site.lat_rad, site.lon_rad, b, r);
                ring.push(lon_lat_deg(lat, lon));
            }
        }
    };
    let gaps: Vec<bool> = (0..n).map(global_gap).collect();
    let mut rings = Vec::new();
    let Some(last_gap) = (0..n).rev().find(|&i| gaps[i]) else {
        // Bearing order is clockwise about the site: reversed, the region is on the left.
        let mut ring: Vec<LonLat> = Vec::with_capacity(n);
        if n > 1 {
            (0..n).for_each(|i| vertex_and_gap(i, &mut ring));
        }
        ring.reverse();
        return vec![ring];
    };
    let site_ll = lon_lat_deg(site.lat_rad, site.lon_rad);
    let mut run: Vec<usize> = Vec::new();
    for k in 1..=n {
        let i = (last_gap + k) % n;
        run.push(i);
        if gaps[i] {
            if run.len() >= 2 {
                let (first, last) = (&pts[run[0]], &pts[*run.last().expect("non-empty")]);
                let mut ring = vec![site_ll];
                ring.extend(ray(earth, site, first.bearing_rad, 0.0, first.distance_m));
                for &j in &run[..run.len() - 1] {
                    vertex_and_gap(j, &mut ring);
                }
                ring.push(vertex(*run.last().expect("non-empty")));
                ring.extend(ray(earth, site, last.bearing_rad, last.distance_m, 0.0));
                ring.reverse();
                rings.push(ring);
            }
            run.clear();
        }
    }
    rings
}

/// The lune of bearings clockwise from `from_rad` over `width_rad`, from the site to its
/// antipode, region on the left.
fn lune(earth: &Earth, site: &Site, from_rad: f64, width_rad: f64) -> Vec<LonLat> {
    let half = earth.half_circumference_m();
    let antipode = lon_lat_deg(-site.lat_rad, site.lon_rad + std::f64::consts::PI);
    let mut ring = vec![lon_lat_deg(site.lat_rad, site.lon_rad)];
    ring.extend(ray(earth, site, from_rad, 0.0, half));
    ring.push(antipode);
    ring.extend(ray(earth, site, from_rad + width_rad, half, 0.0));
    // Out along `from`, back along `from + width` (clockwise from it): region on the right.
    ring.reverse();
    ring
}

/// The circle of `range_m` about the site on `earth`, every degree of bearing, region
/// (the side holding the site) on the left.
fn circle_ring(earth: &Earth, site: &Site, range_m: f64) -> Vec<LonLat> {
    (0..360)
        .rev()
        .map(|k| {
            let (lat, lon) = earth.destination_rad(site.lat_rad, site.lon_rad, f64::from(k).to_radians(), range_m);
            lon_lat_deg(lat, lon)
        })
        .collect()
}

/// The whole map, [−180, 180] × [−90, 90], counter-clockwise.
fn whole_map() -> PlanarPolygon {
    PlanarPolygon {
        exterior: vec![[-180.0, -90.0], [180.0, -90.0], [180.0, 90.0], [-180.0, 90.0], [-180.0, -90.0]],
        holes: Vec::new(),
    }
}

/// Twice the signed area of a closed planar ring (positive counter-clockwise), deg².
fn signed_area2(ring: &[LonLat]) -> f64 {
    ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum()
}

/// Position of a point on the map's boundary, counter-clockwise from (−180, −90): the
/// bottom edge, the right edge x = 180, the top edge, the left edge x = −180.
fn perimeter_deg(p: LonLat) -> f64 {
    if p[0] >= 180.0 {
        450.0 + p[1]
    } else if p[0] <= -180.0 {
        990.0 - p[1]
    } else if p[1] <= -90.0 {
        p[0] + 180.0
    } else {
        540.0 + (180.0 - p[0])
    }
}

/// The corners of the map's boundary with their perimeter positions.
const CORNERS: [(f64, LonLat); 4] =
    [(0.0, [-180.0, -90.0]), (360.0, [180.0, -90.0]), (540.0, [180.0, 90.0]), (900.0, [-180.0, 90.0])];

/// Round to [`DECIMALS`], drop repeated positions, close; None when fewer than three
/// distinct positions remain.
fn finish_ring(points: &[LonLat]) -> Option<Vec<LonLat>> {
    let mut out: Vec<LonLat> = Vec::with_capacity(points.len() + 1);
    for p in points {
        let q = [round_deg(p[0]), round_deg(p[1])];
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        return None;
    }
    out.push(out[0]);
    Some(out)
}

/// A ring on the Earth (vertices (lon, lat) in degrees, the region on its left, not
/// closed or closed) as planar polygons: see the module documentation.
///
/// Each edge is taken the short way round in longitude (vertices must be closer than
/// 180° of longitude, as a ring sampled finely enough is). Where an edge crosses ±180° the
/// ring is cut at the latitude where the straight (lon, lat) edge meets it; the pieces are
/// then joined along the map's boundary, counter-clockwise: along the antimeridian, and
/// for a ring that goes round a pole, along the antimeridian to the pole and across the
/// top (or bottom) of the map. A ring that does not cross ±180° is its own polygon when it
/// turns counter-clockwise in the plane, and a hole in the whole map when it turns
/// clockwise (its region holds both poles).
pub fn split_ring(ring: &[LonLat]) -> Vec<PlanarPolygon> {
    let mut v: Vec<LonLat> = ring.iter().map(|p| [wrap_lon_deg(p[0]), p[1]]).collect();
    while v.len() > 1 && v.first() == v.last() {
        v.pop();
    }
    let n = v.len();
    if n < 3 {
        return Vec::new();
    }
    // Cut at the antimeridian: each chain starts where the ring enters the map through
    // x = ±180 and ends where it leaves.
    let mut chains: Vec<Vec<LonLat>> = vec![Vec::new()];
    for i in 0..n {
        let (a, b) = (v[i], v[(i + 1) % n]);
        chains.last_mut().expect("one chain").push(a);
        let d = b[0] - a[0];
        if d.abs() > 180.0 {
            // Eastward over +180 (d < 0) or westward over −180 (d > 0).
            let (edge, b_lon) = if d < 0.0 { (180.0, b[0] + 360.0) } else { (-180.0, b[0] - 360.0) };
            let t = (edge - a[0]) / (b_lon - a[0]);
            let lat = a[1] + t * (b[1] - a[1]);
            chains.last_mut().expect("one chain").push([edge, lat]);
            chains.push(vec![[-edge, lat]]);
        }
    }
    if chains.len() == 1 {
        let Some(ring) = finish_ring(&v) else { return Vec::new() };
        let area = signed_area2(&ring);
        return if area > 0.0 {
            vec![PlanarPolygon { exterior: ring, holes: Vec::new() }]
        } else if area < 0.0 {
            vec![PlanarPolygon { holes: vec![ring], ..whole_map() }]
        } else {
            Vec::new()
        };
    }
    // The piece before the first cut continues the piece after the last one.
    let head = chains.remove(0);
    chains.last_mut().expect("a cut makes two chains").extend(head);
    let m = chains.len();
    let entry = |j: usize| perimeter_deg(chains[j][0]);
    let exit = |j: usize| perimeter_deg(*chains[j].last().expect("non-empty"));
    let mut used = vec![false; m];
    let mut polygons = Vec::new();
    for start in 0..m {
        if used[start] {
            continue;
        }
        let mut points: Vec<LonLat> = Vec::new();
        let mut c = start;
        loop {
            used[c] = true;
            points.extend_from_slice(&chains[c]);
            let s = exit(c);
            let ahead = |j: usize| (entry(j) - s).rem_euclid(1080.0);
            let next = (0..m)
                .filter(|&j| !used[j] || j == start)
                .min_by(|&x, &y| ahead(x).total_cmp(&ahead(y)))
                .expect("the start chain is a candidate");
            // The map's corners passed on the way, in order.
            let gap = ahead(next);
            let mut corners: Vec<(f64, LonLat)> = CORNERS
                .iter()
                .map(|&(pos, p)| ((pos - s).rem_euclid(1080.0), p))
                .filter(|&(d, _)| d > 0.0 && d < gap)
                .collect();
            corners.sort_by(|x, y| x.0.total_cmp(&y.0));
            points.extend(corners.iter().map(|&(_, p)| p));
            if next == start {
                break;
            }
            c = next;
        }
        if let Some(exterior) = finish_ring(&points) {
            // Joined counter-clockwise along the boundary, a piece turns counter-clockwise
            // (zero only when rounding collapsed it).
            debug_assert!(signed_area2(&exterior) >= 0.0, "{exterior:?}");
            if signed_area2(&exterior) > 0.0 {
                polygons.push(PlanarPolygon { exterior, holes: Vec::new() });
            }
        }
    }
    polygons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lon0: f64, lat0: f64, side: f64) -> Vec<LonLat> {
        // Counter-clockwise: region on the left.
        vec![[lon0, lat0], [lon0 + side, lat0], [lon0 + side, lat0 + side], [lon0, lat0 + side]]
    }

    #[test]
    fn a_ring_inside_the_map_is_itself() {
        let p = split_ring(&square(10.0, 20.0, 5.0));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].exterior.len(), 5);
        assert!(p[0].holes.is_empty());
        assert!(signed_area2(&p[0].exterior) > 0.0);
    }

    #[test]
    fn a_ring_over_the_antimeridian_is_cut_in_two() {
        // 175E to 175W (185E), 10 deg of latitude: two pieces of 5 × 10 deg².
        let p = split_ring(&square(175.0, 0.0, 10.0));
        assert_eq!(p.len(), 2);
        for q in &p {
            let a = 0.5 * signed_area2(&q.exterior);
            assert!((a - 50.0).abs() < 1e-9, "{a}");
            assert!(q.exterior.iter().all(|x| x[0].abs() <= 180.0));
            let west = q.exterior.iter().all(|x| x[0] <= -175.0 + 1e-9);
            let east = q.exterior.iter().all(|x| x[0] >= 175.0 - 1e-9);
            assert!(west || east, "{:?}", q.exterior);
        }
    }

    #[test]
    fn a_ring_round_the_north_pole_is_closed_along_the_antimeridian() {
        // Eastward along 70N: the region on the left is the polar cap.
        let ring: Vec<LonLat> = (0..36).map(|k| [-180.0 + 10.0 * f64::from(k) + 5.0, 70.0]).collect();
        let p = split_ring(&ring);
        assert_eq!(p.len(), 1);
        let e = &p[0].exterior;
        assert!(e.contains(&[180.0, 90.0]) && e.contains(&[-180.0, 90.0]), "{e:?}");
        assert!(e.contains(&[180.0, 70.0]) && e.contains(&[-180.0, 70.0]), "{e:?}");
        let a = 0.5 * signed_area2(e);
        assert!((a - 360.0 * 20.0).abs() < 1e-6, "{a}");
        // Westward along 70S: the south polar cap.
        let ring: Vec<LonLat> = (0..36).map(|k| [175.0 - 10.0 * f64::from(k), -70.0]).collect();
        let p = split_ring(&ring);
        assert_eq!(p.len(), 1);
        assert!(p[0].exterior.contains(&[-180.0, -90.0]) && p[0].exterior.contains(&[180.0, -90.0]));
        assert!((0.5 * signed_area2(&p[0].exterior) - 360.0 * 20.0).abs() < 1e-6);
    }

    #[test]
    fn a_clockwise_ring_is_a_hole_in_the_whole_map() {
        let mut ring = square(10.0, 20.0, 5.0);
        ring.reverse();
        let p = split_ring(&ring);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].exterior, whole_map().exterior);
        assert_eq!(p[0].holes.len(), 1);
        assert!(signed_area2(&p[0].holes[0]) < 0.0);
        // The same around the antimeridian: the map with a notch on each side.
        let mut ring = square(175.0, 0.0, 10.0);
        ring.reverse();
        let p = split_ring(&ring);
        assert_eq!(p.len(), 1);
        assert!(p[0].holes.is_empty());
        let a = 0.5 * signed_area2(&p[0].exterior);
        assert!((a - (360.0 * 180.0 - 100.0)).abs() < 1e-6, "{a}");
    }

    #[test]
    fn coordinates_keep_seven_decimals() {
        assert_eq!(round_deg(125.123456789), 125.1234568);
        assert_eq!(format!("{}", round_deg(0.1 + 0.2)), "0.3");
        let p = split_ring(&[[1.000000049, 2.0], [3.0, 2.0], [3.0, 4.123456789]]);
        assert_eq!(p[0].exterior[0], [1.0, 2.0]);
        assert_eq!(p[0].exterior[2], [3.0, 4.1234568]);
    }
}
