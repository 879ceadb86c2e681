//! GeoJSON and KML maps (loftrange::render::gis and `reach -o`/`plot -o`), parsed back with the
//! georust `geojson` and `kml` crates and checked against geometry computed here: every
//! contour vertex at the reported range along its bearing (great circle on the rotating
//! sphere, Karney's WGS 84 geodesic for model earth) to 1 m, the pieces valid (no edge
//! over ±180°, no self-intersection, counter-clockwise exteriors by a signed area), the
//! pole closed along the antimeridian, places judged as the polygons say.

#[allow(unused_imports)]
use crate::util::*;

use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};
use loftrange::render::gis::{self, ReachMap};
use loftrange::{estimate, reach_report, Model, Question, ReachReport, Request, Site};

/// Radius of the spherical models, m: the IUGG mean Earth radius R1 (MODEL.md).
const R_M: f64 = 6_371_008.8;
/// The Earth's gravitational parameter GM, m³/s² (WGS 84, NGA.STND.0036; MODEL.md).
const MU_M3_S2: f64 = 3.986_004_418e14;

type Pt = [f64; 2];
type Poly = Vec<Vec<Pt>>;

// ---------------------------------------------------------------------------
// Independent geometry
// ---------------------------------------------------------------------------

/// Great-circle distance on the sphere of radius R, m (haversine).
fn sphere_distance_m(a: Pt, b: Pt) -> f64 {
    let (p1, p2) = (a[1].to_radians(), b[1].to_radians());
    let (dp, dl) = (p2 - p1, (b[0] - a[0]).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R_M * h.sqrt().min(1.0).asin()
}

/// The point `d_m` from `a` along initial bearing `bearing_deg` on the sphere (lon, lat).
fn sphere_destination(a: Pt, bearing_deg: f64, d_m: f64) -> Pt {
    let (p1, l1, t, s) = (a[1].to_radians(), a[0].to_radians(), bearing_deg.to_radians(), d_m / R_M);
    let p2 = (p1.sin() * s.cos() + p1.cos() * s.sin() * t.cos()).asin();
    let l2 = l1 + (t.sin() * s.sin() * p1.cos()).atan2(s.cos() - p1.sin() * p2.sin());
    [l2.to_degrees(), p2.to_degrees()]
}

/// Twice the signed area of a closed ring (shoelace), positive counter-clockwise.
fn signed_area2(r: &[Pt]) -> f64 {
    r.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum()
}

fn orient(a: Pt, b: Pt, c: Pt) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

fn on_segment(a: Pt, b: Pt, p: Pt) -> bool {
    p[0] >= a[0].min(b[0]) && p[0] <= a[0].max(b[0]) && p[1] >= a[1].min(b[1]) && p[1] <= a[1].max(b[1])
}

/// Do segments ab and cd meet (crossing or touching)?
fn segments_meet(a: Pt, b: Pt, c: Pt, d: Pt) -> bool {
    let (o1, o2, o3, o4) = (orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b));
    if ((o1 > 0.0 && o2 < 0.0) || (o1 < 0.0 && o2 > 0.0)) && ((o3 > 0.0 && o4 < 0.0) || (o3 < 0.0 && o4 > 0.0)) {
        return true;
    }
    (o1 == 0.0 && on_segment(a, b, c))
        || (o2 == 0.0 && on_segment(a, b, d))
        || (o3 == 0.0 && on_segment(c, d, a))
        || (o4 == 0.0 && on_segment(c, d, b))
}

/// Valid in the sense of RFC 7946 and simple features: closed rings of at least four
/// positions inside [−180, 180] × [−90, 90], no edge longer than 180° of longitude (none
/// crosses the antimeridian), exteriors counter-clockwise and holes clockwise, no ring
/// touching itself except at its adjacent edges, no two rings crossing.
fn assert_valid(polys: &[Poly], what: &str) {
    assert!(!polys.is_empty(), "{what}: no polygon");
    let mut edges: Vec<(usize, usize, Pt, Pt)> = Vec::new();
    for (pi, p) in polys.iter().enumerate() {
        for (ri, r) in p.iter().enumerate() {
            assert!(r.len() >= 4 && r.first() == r.last(), "{what}: ring not closed: {r:?}");
            for q in r {
                assert!(q[0].abs() <= 180.0 && q[1].abs() <= 90.0, "{what}: {q:?} off the map");
            }
            for w in r.windows(2) {
                // An edge along the top or bottom of the map is a pole, not a crossing.
                let at_pole = w[0][1].abs() == 90.0 && w[1][1] == w[0][1];
                assert!(at_pole || (w[1][0] - w[0][0]).abs() <= 180.0, "{what}: edge {w:?} crosses the antimeridian");
                assert!(w[0] != w[1], "{what}: repeated position {:?}", w[0]);
            }
            let a = signed_area2(r);
            if ri == 0 {
                assert!(a > 0.0, "{what}: exterior {pi} is clockwise ({a})");
            } else {
                assert!(a < 0.0, "{what}: hole {pi}.{ri} is counter-clockwise ({a})");
            }
            // Self-intersection: non-adjacent edges of one ring never meet.
            let n = r.len() - 1;
            for i in 0..n {
                for j in i + 2..n {
                    if i == 0 && j == n - 1 {
                        continue;
                    }
                    assert!(
                        !segments_meet(r[i], r[i + 1], r[j], r[j + 1]),
                        "{what}: ring {pi}.{ri} self-intersects: {:?}-{:?} and {:?}-{:?}",
                        r[i],
                        r[i + 1],
                        r[j],
                        r[j + 1]
                    );
                }
            }
            edges.extend(r.windows(2).map(|w| (pi, ri, w[0], w[1])));
        }
    }
    // Different rings do not cross (they may share a vertex, as wedges meet at the site).
    for (k, &(p1, r1, a, b)) in edges.iter().enumerate() {
        for &(p2, r2, c, d) in &edges[k + 1..] {
            if (p1, r1) == (p2, r2) || a == c || a == d || b == c || b == d {
                continue;
            }
            assert!(
                !segments_meet(a, b, c, d),
                "{what}: rings {p1}.{r1} and {p2}.{r2} meet at {a:?}-{b:?}, {c:?}-{d:?}"
            );
        }
    }
}

/// Even-odd point in polygon (with holes), any polygon of the list.
fn contains(polys: &[Poly], p: Pt) -> bool {
    polys.iter().any(|poly| {
        let mut inside = false;
        for r in poly {
            for w in r.windows(2) {
                let (a, b) = (w[0], w[1]);
                if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]) {
                    inside = !inside;
                }
            }
        }
        inside
    })
}

// ---------------------------------------------------------------------------
// Building and reading maps
// ---------------------------------------------------------------------------

/// `question` launched east from (lat, lon).
fn from(question: Question, lat: f64, lon: f64) -> Question {
    question.at(Site::from_degrees(lat, lon).unwrap()).toward(90f64.to_radians())
}

/// A sweep every `step_deg` and no trajectory samples.
fn sweep(step_deg: f64) -> Request {
    Request::default().with_sweep(step_deg.to_radians()).with_samples(0)
}

/// The reach of the 2017-11-28 test (4,475 km apogee, 950 km range) launched east from (lat, lon).
fn seed(model: Model, lat: f64, lon: f64, step_deg: f64) -> ReachReport {
    reach(&from(Question::lofted(4_475e3, 950e3), lat, lon), model, step_deg)
}

fn reach(question: &Question, model: Model, step_deg: f64) -> ReachReport {
    reach_report(estimate(question, &model, &sweep(step_deg)).unwrap()).unwrap()
}

fn map(report: &ReachReport) -> ReachMap<'_> {
    let mut m = ReachMap::new(report);
    (m.site_name, m.title) = ("site".into(), "test".into());
    m
}

fn parse_geojson(text: &str) -> geojson::FeatureCollection {
    let g: geojson::GeoJson = text.parse().expect("valid GeoJSON");
    geojson::FeatureCollection::try_from(g).expect("a FeatureCollection")
}

fn kind(f: &geojson::Feature) -> &str {
    f.property("kind").and_then(|v| v.as_str()).unwrap_or("")
}

fn feature<'a>(fc: &'a geojson::FeatureCollection, k: &str) -> &'a geojson::Feature {
    fc.features.iter().find(|f| kind(f) == k).unwrap_or_else(|| panic!("no {k} feature"))
}

fn pt(p: &geojson::Position) -> Pt {
    assert_eq!(p.len(), 2, "positions are (lon, lat)");
    [p[0], p[1]]
}

fn polygons(f: &geojson::Feature) -> Vec<Poly> {
    let ring = |r: &Vec<geojson::Position>| r.iter().map(pt).collect::<Vec<Pt>>();
    match &f.geometry.as_ref().expect("a geometry").value {
        geojson::GeometryValue::Polygon { coordinates } => vec![coordinates.iter().map(ring).collect()],
        geojson::GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().map(|p| p.iter().map(ring).collect()).collect()
        }
        other => panic!("not a polygon: {}", other.type_name()),
    }
}

fn vertices(polys: &[Poly]) -> Vec<Pt> {
    polys.iter().flatten().flatten().copied().collect()
}

fn on_cut(p: Pt) -> bool {
    p[0].abs() == 180.0 || p[1].abs() == 90.0
}

/// The model's Earth as the tests see it: distance (m) and initial bearing (deg) between
/// two points, and the point at a distance along a bearing.
struct Surface<'a> {
    distance: &'a dyn Fn(Pt, Pt) -> f64,
    bearing: &'a dyn Fn(Pt, Pt) -> f64,
    destination: &'a dyn Fn(Pt, f64, f64) -> Pt,
}

fn sphere() -> Surface<'static> {
    Surface { distance: &sphere_distance_m, bearing: &sphere_bearing_deg, destination: &sphere_destination }
}

/// Initial great-circle bearing from `a` to `b`, degrees.
fn sphere_bearing_deg(a: Pt, b: Pt) -> f64 {
    let (p1, p2, dl) = (a[1].to_radians(), b[1].to_radians(), (b[0] - a[0]).to_radians());
    (dl.sin() * p2.cos()).atan2(p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos()).to_degrees()
}

/// Every contour point of the report is a vertex of the contour feature at its reported
/// range along its bearing (to 1 m on the model's Earth); every other vertex of the
/// feature is at the range the report gives toward its bearing (`range_toward_m`, which
/// judges the places: the points that fill wide gaps near the antipode), a cut on the
/// map's edge, or (with global sectors) on a wedge's side: the site's ray toward the
/// bearing of the wedge's first or last vertex.
fn assert_vertices_at_reported_ranges(report: &ReachReport, site: Pt, polys: &[Poly], e: &Surface) {
    let (distance, destination) = (e.distance, e.destination);
    let vs = vertices(polys);
    let nearest = |q: Pt| vs.iter().map(|&v| distance(v, q)).fold(f64::INFINITY, f64::min);
    for c in &report.contour.points {
        let q = destination(site, c.bearing_rad.to_degrees(), c.distance_m);
        let d = nearest(q);
        assert!(d < 1.0, "vertex toward {:.3} deg at {:.0} m is {d} m off", c.bearing_rad.to_degrees(), c.distance_m);
    }
    let expected: Vec<Pt> =
        report.contour.points.iter().map(|c| destination(site, c.bearing_rad.to_degrees(), c.distance_m)).collect();
    let wedge_bearings: Vec<f64> = report.contour.points.iter().map(|c| c.bearing_rad.to_degrees()).collect();
    let mut filled = 0;
    for v in vs {
        if on_cut(v) || expected.iter().any(|&q| distance(v, q) < 1.0) {
            continue;
        }
        let b = (e.bearing)(site, v);
        if let Some(r) = report.contour.range_toward_m(b.to_radians()) {
            if distance(destination(site, b, r), v) < 1.0 {
                filled += 1;
                continue;
            }
        }
        // Else on a wedge side: at the site, or along the ray to a contour vertex.
        let d = distance(site, v);
        let on_ray = d < 1.0
            || wedge_bearings
                .iter()
                .zip(&report.contour.points)
                .any(|(&b, c)| d < c.distance_m && distance(destination(site, b, d), v) < 1.0);
        assert!(!report.contour.global.is_empty() && on_ray, "vertex {v:?} is not a contour point");
    }
    // Filled points are the exception (wide gaps), not the rule.
    assert!(filled < report.contour.points.len(), "{filled} filled points");
}

fn site_pt(report: &ReachReport) -> Pt {
    let s = report.estimate.question.site.as_ref().unwrap();
    [s.lon_deg(), s.lat_deg()]
}

// ---------------------------------------------------------------------------
// Library
// ---------------------------------------------------------------------------

#[test]
fn rotating_contour_vertices_lie_at_the_reported_range_and_the_north_pole_is_closed() {
    // From 39.2 N the seed case reaches 8,800-11,500 km: over the North Pole (5,600 km away).
    let report = seed(Model::ROTATING, 39.2, 125.7, 1.0);
    let fc = parse_geojson(&gis::reach_geojson(&map(&report)));
    let contour = polygons(feature(&fc, "reach_contour"));
    assert_valid(&contour, "contour");
    assert_eq!(contour.len(), 1, "one piece, closed over the pole");
    let ext = &contour[0][0];
    for corner in [[180.0, 90.0], [-180.0, 90.0]] {
        assert!(ext.contains(&corner), "closed along the antimeridian to the pole: {corner:?}");
    }
    // The piece on x = ±180 runs from the contour's crossing latitude straight to the pole.
    let cut: Vec<&Pt> = ext[1..].iter().filter(|p| p[0].abs() == 180.0).collect();
    assert_eq!(cut.len(), 4, "{cut:?}");
    assert!(contains(&contour, [0.0, 89.99]) && contains(&contour, [179.99, 89.99]));
    assert!(!contains(&contour, [-54.3, -39.2]), "the antipode is out of reach");
    assert_vertices_at_reported_ranges(&report, site_pt(&report), &contour, &sphere());
    // The non-rotating circle: every vertex at that range on the non-rotating sphere.
    let circle = polygons(feature(&fc, "non_rotating_circle"));
    assert_valid(&circle, "circle");
    let r = report.non_rotating_range_m.unwrap();
    for v in vertices(&circle).into_iter().filter(|&v| !on_cut(v)) {
        let d = sphere_distance_m(site_pt(&report), v);
        assert!((d - r).abs() < 1.0, "circle vertex {v:?} at {d} m, not {r}");
    }
}

#[test]
fn earth_model_contour_vertices_lie_at_the_wgs84_geodesic_range() {
    let report = seed(Model::EARTH, 39.2, 125.7, 2.0);
    let fc = parse_geojson(&gis::reach_geojson(&map(&report)));
    let contour = polygons(feature(&fc, "reach_contour"));
    assert_valid(&contour, "contour (earth)");
    let g = Geodesic::wgs84();
    let distance = |a: Pt, b: Pt| -> f64 { g.inverse(a[1], a[0], b[1], b[0]) };
    let bearing = |a: Pt, b: Pt| -> f64 {
        let (_s12, azi1, _azi2, _a12): (f64, f64, f64, f64) = g.inverse(a[1], a[0], b[1], b[0]);
        azi1
    };
    let destination = |a: Pt, az: f64, s: f64| -> Pt {
        let (lat, lon): (f64, f64) = g.direct(a[1], a[0], az, s);
        [lon, lat]
    };
    let wgs84 = Surface { distance: &distance, bearing: &bearing, destination: &destination };
    assert_vertices_at_reported_ranges(&report, site_pt(&report), &contour, &wgs84);
    // The sphere would put them elsewhere: the check tells the two Earths apart.
    let c = &report.contour.points[0];
    let on_sphere = sphere_destination(site_pt(&report), c.bearing_rad.to_degrees(), c.distance_m);
    let vs = vertices(&contour);
    assert!(vs.iter().all(|&v| (wgs84.distance)(v, on_sphere) > 1_000.0));
}

#[test]
fn a_contour_over_the_antimeridian_is_a_valid_multipolygon() {
    // 5 km/s from 50 N 170 E: about 3,200 km in every direction, over 180 (the impacts
    // of a 1 deg sweep are under 2 deg of bearing apart: the vertices are the impacts alone).
    let report = reach(&from(Question::burnout(5_000.0, 0.0), 50.0, 170.0), Model::ROTATING, 1.0);
    assert!(report.contour.global.is_empty());
    let fc = parse_geojson(&gis::reach_geojson(&map(&report)));
    let f = feature(&fc, "reach_contour");
    assert!(matches!(f.geometry.as_ref().unwrap().value, geojson::GeometryValue::MultiPolygon { .. }));
    let contour = polygons(f);
    assert_valid(&contour, "antimeridian contour");
    assert_eq!(contour.len(), 2);
    let side = |p: &Poly| p[0].iter().all(|q| q[0] >= 0.0) as i32 - p[0].iter().all(|q| q[0] <= 0.0) as i32;
    let mut sides: Vec<i32> = contour.iter().map(side).collect();
    sides.sort();
    assert_eq!(sides, [-1, 1], "one piece each side of 180");
    // Nothing lost in the cut: the pieces' areas add up to the area of the unwrapped ring
    // of impact points (longitudes continued past 180).
    let mut unwrapped: Vec<Pt> = Vec::new();
    for c in report.contour.points.iter().rev() {
        let mut lon = c.impact_lon_rad.to_degrees();
        if let Some(prev) = unwrapped.last() {
            lon += 360.0 * ((prev[0] - lon) / 360.0).round();
        }
        unwrapped.push([lon, c.impact_lat_rad.to_degrees()]);
    }
    unwrapped.push(unwrapped[0]);
    let whole = signed_area2(&unwrapped);
    let pieces: f64 = contour.iter().map(|p| signed_area2(&p[0])).sum();
    assert!(whole > 0.0 && (pieces - whole).abs() < 1e-5 * whole, "{pieces} vs {whole}");
    assert_vertices_at_reported_ranges(&report, site_pt(&report), &contour, &sphere());
    // The circle without rotation crosses too.
    assert_valid(&polygons(feature(&fc, "non_rotating_circle")), "antimeridian circle");
}

#[test]
fn contours_round_either_pole_from_high_latitude_sites_are_closed_to_that_pole() {
    for (lat, lon, pole) in [(75.0, 20.0, 90.0), (-70.0, 170.0, -90.0)] {
        let report = seed(Model::ROTATING, lat, lon, 2.0);
        let fc = parse_geojson(&gis::reach_geojson(&map(&report)));
        let contour = polygons(feature(&fc, "reach_contour"));
        let what = format!("contour from ({lat}, {lon})");
        assert_valid(&contour, &what);
        let ext = &contour[0][0];
        assert!(ext.contains(&[180.0, pole]) && ext.contains(&[-180.0, pole]), "{what}: not closed to {pole}");
        let near_pole = pole - pole.signum() * 0.01;
        for lon in [-179.99, -90.0, 0.0, 90.0, 179.99] {
            assert!(contains(&contour, [lon, near_pole]), "{what}: ({lon}, {near_pole}) outside");
        }
        let antipode = [(lon + 360.0).rem_euclid(360.0) - 180.0, -lat];
        assert!(!contains(&contour, antipode), "{what}: the antipode {antipode:?} is out of reach");
        assert_vertices_at_reported_ranges(&report, site_pt(&report), &contour, &sphere());
    }
}

#[test]
fn global_reach_directions_are_their_own_feature() {
    // 6,000 km apogee, 1,000 km range from Pyongyang: global eastward (MODEL.md).
    let report = reach(&from(Question::lofted(6_000e3, 1_000e3), 39.0339, 125.7543), Model::ROTATING, 1.0);
    assert!(!report.contour.global.is_empty() && !report.contour.global_everywhere());
    let fc = parse_geojson(&gis::reach_geojson(&map(&report)));
    let g = feature(&fc, "global_reach");
    assert_eq!(g.property("every_direction"), Some(&serde_json::Value::Bool(false)));
    let sectors = g.property("sectors").and_then(|s| s.as_array()).unwrap();
    assert_eq!(sectors.len(), report.contour.global.len());
    let global = polygons(g);
    assert_valid(&global, "global reach");
    let contour = polygons(feature(&fc, "reach_contour"));
    assert_valid(&contour, "contour with a global sector");
    assert_vertices_at_reported_ranges(&report, site_pt(&report), &contour, &sphere());
    // Along the middle of each sector: in the global feature out to near the antipode,
    // and not in the bounded contour.
    for s in &report.contour.global {
        let mid = (s.from_rad + 0.5 * s.width_rad()).to_degrees();
        for f in [0.2, 0.5, 0.8, 0.95] {
            let p = sphere_destination(site_pt(&report), mid, f * std::f64::consts::PI * R_M);
            let p = [(p[0] + 180.0).rem_euclid(360.0) - 180.0, p[1]];
            assert!(contains(&global, p), "{p:?} along {mid} deg not in the global feature");
            assert!(!contains(&contour, p), "{p:?} along {mid} deg in the bounded contour");
        }
    }
    assert_places_judged_as_drawn(&report, &fc, &[contour, global].concat());
}

/// Every place is a feature with in_reach, margin_km and distance_km as the report
/// says; and the polygons agree: a place more than 100 km from the edge is inside the
/// drawn reach (contour and global sectors) exactly when it is in reach.
fn assert_places_judged_as_drawn(report: &ReachReport, fc: &geojson::FeatureCollection, reach: &[Poly]) {
    let places: Vec<&geojson::Feature> = fc.features.iter().filter(|f| kind(f) == "place").collect();
    assert_eq!(places.len(), report.places.len());
    let mut checked = 0;
    for (f, p) in places.iter().zip(&report.places) {
        assert_eq!(f.property("name").and_then(|v| v.as_str()), Some(p.place.name.as_str()));
        assert_eq!(f.property("in_reach").and_then(|v| v.as_bool()), Some(p.in_reach()));
        let d = f.property("distance_km").and_then(|v| v.as_f64()).unwrap();
        assert!((d - p.distance_m / 1e3).abs() <= 0.0005 + 1e-9, "{d} vs {}", p.distance_m);
        let m = f.property("margin_km").expect("margin_km is always there (null: global reach)");
        match p.margin_m() {
            Some(mm) => assert!((m.as_f64().unwrap() - mm / 1e3).abs() <= 0.0005 + 1e-9),
            None => assert!(m.is_null()),
        }
        let at = pt(match &f.geometry.as_ref().unwrap().value {
            geojson::GeometryValue::Point { coordinates } => coordinates,
            _ => panic!("a place is a point"),
        });
        assert!((at[0] - p.place.lon_deg).abs() < 1e-7 && (at[1] - p.place.lat_deg).abs() < 1e-7);
        if p.margin_m().is_none_or(|m| m.abs() > 100e3) {
            assert_eq!(contains(reach, at), p.in_reach(), "{} ({:?} km)", p.place.name, p.margin_m().map(|m| m / 1e3));
            checked += 1;
        }
    }
    assert!(checked > report.places.len() / 2);
}

#[test]
fn places_in_the_geojson_carry_in_reach_margin_and_distance() {
    let report = seed(Model::ROTATING, 39.2, 125.7, 1.0);
    let fc = parse_geojson(&gis::reach_geojson(&map(&report)));
    assert_places_judged_as_drawn(&report, &fc, &polygons(feature(&fc, "reach_contour")));
    assert!(fc.features.iter().any(|f| kind(f) == "launch_site"));
    assert!(fc.features.iter().all(|f| kind(f) != "global_reach"), "no global sector, no global feature");
}

#[test]
fn coordinates_are_lon_lat_with_at_most_seven_decimals() {
    let report = seed(Model::ROTATING, 39.2, 125.7, 1.0);
    let v: serde_json::Value = serde_json::from_str(&gis::reach_geojson(&map(&report))).unwrap();
    fn walk(v: &serde_json::Value, n: &mut usize) {
        match v {
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, n)),
            serde_json::Value::Number(x) => {
                let s = x.to_string();
                assert!(!s.contains('e') && s.split('.').nth(1).is_none_or(|d| d.len() <= 7), "{s}");
                *n += 1;
            }
            _ => panic!("coordinates hold numbers"),
        }
    }
    let mut n = 0;
    for f in v["features"].as_array().unwrap() {
        if !f["geometry"].is_null() {
            walk(&f["geometry"]["coordinates"], &mut n);
        }
    }
    assert!(n > 2_000, "{n}");
    // (lon, lat): the site is written as 125.7, 39.2.
    let site = v["features"].as_array().unwrap().iter().find(|f| f["properties"]["kind"] == "launch_site").unwrap();
    assert_eq!(site["geometry"]["coordinates"], serde_json::json!([125.7, 39.2]));
}

// ---------------------------------------------------------------------------
// KML
// ---------------------------------------------------------------------------

fn placemarks(k: &kml::Kml, out: &mut Vec<kml::types::Placemark>) {
    match k {
        kml::Kml::KmlDocument(d) => d.elements.iter().for_each(|e| placemarks(e, out)),
        kml::Kml::Document { elements, .. } => elements.iter().for_each(|e| placemarks(e, out)),
        kml::Kml::Folder(f) => f.elements.iter().for_each(|e| placemarks(e, out)),
        kml::Kml::Placemark(p) => out.push(p.clone()),
        _ => {}
    }
}

fn parse_kml(text: &str) -> Vec<kml::types::Placemark> {
    let k: kml::Kml = text.parse().expect("valid KML");
    let mut out = Vec::new();
    placemarks(&k, &mut out);
    out
}

/// The ExtendedData values of a placemark, by name.
fn data(p: &kml::types::Placemark) -> std::collections::HashMap<String, String> {
    let mut m = std::collections::HashMap::new();
    for e in p.children.iter().filter(|e| e.name == "ExtendedData") {
        for d in &e.children {
            let value = d.children.iter().find(|c| c.name == "value").and_then(|c| c.content.clone());
            m.insert(d.attrs["name"].clone(), value.unwrap_or_default());
        }
    }
    m
}

fn kml_polygons(g: &kml::types::Geometry) -> Vec<Poly> {
    let ring = |r: &kml::types::LinearRing| r.coords.iter().map(|c| [c.x, c.y]).collect::<Vec<Pt>>();
    match g {
        kml::types::Geometry::Polygon(p) => {
            vec![std::iter::once(ring(&p.outer)).chain(p.inner.iter().map(ring)).collect()]
        }
        kml::types::Geometry::MultiGeometry(m) => m.geometries.iter().flat_map(kml_polygons).collect(),
        _ => panic!("not a polygon"),
    }
}

#[test]
fn the_reach_kml_holds_the_same_contour_and_places() {
    let tokyo = Site::from_degrees(35.6895, 139.6917).unwrap().named("Tokyo");
    let question = from(Question::burnout(5_000.0, 0.0), 50.0, 170.0);
    let est = estimate(&question, &Model::ROTATING, &sweep(2.0).with_target(tokyo)).unwrap();
    let report = reach_report(est).unwrap();
    let m = map(&report);
    assert_eq!(m.targets.len(), 1);
    assert_eq!(m.targets[0].name, "Tokyo");
    let tokyo = &report.estimate.targets[0];
    let fc = parse_geojson(&gis::reach_geojson(&m));
    let marks = parse_kml(&gis::reach_kml(&m));
    let contour = marks.iter().find(|p| data(p).get("kind").map(String::as_str) == Some("reach_contour")).unwrap();
    let from_kml = kml_polygons(contour.geometry.as_ref().unwrap());
    assert_eq!(from_kml, polygons(feature(&fc, "reach_contour")), "the same split geometry in both formats");
    assert_valid(&from_kml, "KML contour");
    let places: Vec<_> = marks.iter().filter(|p| data(p).get("kind").map(String::as_str) == Some("place")).collect();
    assert_eq!(places.len(), report.places.len());
    for (k, p) in places.iter().filter(|k| data(k)["in_reach"] == "true").zip(report.in_reach()) {
        let d = data(k);
        assert_eq!(k.name.as_deref(), Some(p.place.name.as_str()));
        let margin: f64 = d["margin_km"].parse().unwrap();
        let dist: f64 = d["distance_km"].parse().unwrap();
        assert!((margin - p.margin_m().unwrap() / 1e3).abs() < 1e-3 && (dist - p.distance_m / 1e3).abs() < 1e-3);
    }
    let t = marks.iter().find(|p| p.name.as_deref() == Some("Tokyo")).unwrap();
    assert_eq!(data(t)["in_reach"], tokyo.reachable.to_string());
    let site = marks.iter().find(|p| data(p).get("kind").map(String::as_str) == Some("launch_site")).unwrap();
    let Some(kml::types::Geometry::Point(pnt)) = &site.geometry else { panic!("the site is a point") };
    assert_eq!((pnt.coord.x, pnt.coord.y), (170.0, 50.0));
}

#[test]
fn the_trajectory_kml_has_both_flights_in_3d_and_their_ground_tracks() {
    let question = from(Question::lofted(4_475e3, 950e3), 39.0339, 125.7543);
    let est = estimate(&question, &Model::ROTATING, &Request::default().with_samples(200)).unwrap();
    let marks = parse_kml(&gis::trajectories_kml(&est, "test", "Pyongyang"));
    let line = |name: &str| {
        let p = marks.iter().find(|p| p.name.as_deref() == Some(name)).unwrap_or_else(|| panic!("no {name}"));
        match &p.geometry {
            Some(kml::types::Geometry::LineString(l)) => l.clone(),
            _ => panic!("{name} is not a line"),
        }
    };
    for (name, traj) in [("Lofted test", est.lofted.as_ref()), ("Standard trajectory", est.standard.trajectory())] {
        let traj = traj.unwrap();
        let air = line(&format!("{name}: trajectory"));
        assert_eq!(air.altitude_mode, kml::types::AltitudeMode::Absolute);
        assert_eq!(air.coords.len(), traj.points.len());
        // The writer puts each sample at its altitude to the decimetre (±0.05 m). The samples are
        // evenly spaced in time, Δt = T/(n − 1), so one lies within Δt/2 of apogee; there the
        // radial acceleration is r̈ = −μ/r² + v⊥²/r ≥ −μ/r², so the highest sample is at most
        // ½(μ/r²)(Δt/2)² below the apogee (r taken 1 km under the apogee's radius to bound g from
        // above): about 100 m for the lofted test with 200 samples, where 1 % allowed 45 km.
        let top = air.coords.iter().map(|c| c.z.unwrap()).fold(0.0, f64::max);
        let dt_s = traj.flight_time_s / (traj.points.len() - 1) as f64;
        let r_m = R_M + traj.apogee_m - 1e3;
        let sag_m = 0.5 * MU_M3_S2 / (r_m * r_m) * (dt_s / 2.0).powi(2);
        assert!(
            top <= traj.apogee_m + 0.05 && top >= traj.apogee_m - sag_m - 0.05,
            "{name}: top {top} vs apogee {} (sampling sag at most {sag_m} m)",
            traj.apogee_m
        );
        // The apogee as a number: apogee_km, written to the metre.
        let stated_km: f64 =
            data(marks.iter().find(|p| p.name.as_deref() == Some(&*format!("{name}: trajectory"))).unwrap())
                ["apogee_km"]
                .parse()
                .unwrap();
        assert!(
            (stated_km * 1e3 - traj.apogee_m).abs() <= 0.5 + 1e-6,
            "{name}: apogee_km {stated_km} vs {}",
            traj.apogee_m
        );
        let ground = line(&format!("{name}: ground track"));
        assert_eq!(ground.altitude_mode, kml::types::AltitudeMode::ClampToGround);
        assert!(ground.coords.iter().zip(&air.coords).all(|(g, a)| g.x == a.x && g.y == a.y));
        // Starts at the site, ends at the impact: the track's length on the sphere is the range.
        let (first, last) = (ground.coords[0], ground.coords.last().unwrap());
        assert!(sphere_distance_m([first.x, first.y], [125.7543, 39.0339]) < 1.0);
        let flown = sphere_distance_m([first.x, first.y], [last.x, last.y]);
        assert!((flown - traj.range_m).abs() < 1.0, "{name}: {flown} vs {}", traj.range_m);
    }
    // The lofted test's apogee: 4,475 km as observed.
    let apogee = line("Lofted test: trajectory").coords.iter().map(|c| c.z.unwrap()).fold(0.0, f64::max);
    assert!((apogee - 4_475e3).abs() < 1e3, "{apogee}");
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

const SEED: [&str; 10] =
    ["reach", "--apogee", "4475km", "--range", "950km", "--site", "39.2,125.7", "--test-azimuth", "90", "--step"];

#[test]
fn reach_writes_a_geojson_whose_vertices_are_the_json_sweep() {
    let dir = tmp_dir("reach_geojson");
    let path = dir.join("reach.geojson");
    let p = path.to_str().unwrap();
    let out = run(&[&SEED[..], &["2", "-o", p]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fc = parse_geojson(&std::fs::read_to_string(&path).unwrap());
    let contour = polygons(feature(&fc, "reach_contour"));
    assert_valid(&contour, "CLI contour");
    // The same run's --json: each bounded azimuth's impact bearing and range give a vertex.
    let json = run(&[&SEED[..], &["2", "--json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let vs = vertices(&contour);
    let mut n = 0;
    for s in v["sweep"]["points"].as_array().unwrap() {
        let (Some(b), Some(r)) = (s["impact_bearing_deg"].as_f64(), s["range_km"].as_f64()) else { continue };
        let q = sphere_destination([125.7, 39.2], b, r * 1e3);
        let d = vs.iter().map(|&x| sphere_distance_m(x, q)).fold(f64::INFINITY, f64::min);
        assert!(d < 1.0, "azimuth {}: {d} m", s["azimuth_deg"]);
        n += 1;
    }
    assert_eq!(n, 180);
    // The places in reach are those the report lists.
    let in_reach = fc.features.iter().filter(|f| kind(f) == "place" && f.property("in_reach") == Some(&true.into()));
    assert_eq!(in_reach.count(), v["places_in_reach"].as_array().unwrap().len());
    // Only the file: no temporary left beside it.
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["reach.geojson"]);
    // KML too.
    let kml_path = dir.join("reach.kml");
    let out = run(&[&SEED[..], &["2", "-o", kml_path.to_str().unwrap()]].concat());
    assert!(out.status.success());
    assert!(parse_kml(&std::fs::read_to_string(&kml_path).unwrap()).len() > 700);
}

#[test]
fn an_output_with_another_extension_is_refused_in_one_line_and_writes_nothing() {
    let dir = tmp_dir("bad_extension");
    for (args, accepted) in [
        (&SEED[..9], ".png, .svg, .geojson or .kml"),
        (
            &["plot", "--apogee", "4475km", "--range", "950km", "--site", "pyongyang", "--test-azimuth", "90"][..],
            ".png, .svg or .kml",
        ),
    ] {
        for name in ["map.json", "map.gpx", "map"] {
            let path = dir.join(name);
            let out = run(&[args, &["-o", path.to_str().unwrap()]].concat());
            assert_eq!(out.status.code(), Some(2), "{name}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(name) && err.contains(accepted), "{err}");
            assert!(out.stdout.is_empty());
        }
    }
    // GeoJSON is a reach output, not a plot one.
    let out = run(&["plot", "--apogee", "4475km", "--range", "950km", "-o", dir.join("t.geojson").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // A KML of the flights needs a site to put them on the Earth.
    let out = run(&["plot", "--apogee", "4475km", "--range", "950km", "-o", dir.join("t.kml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.lines().count() == 1 && err.contains("--site"), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "nothing written");
}

#[test]
fn plot_writes_a_kml_of_both_trajectories() {
    let dir = tmp_dir("plot_kml");
    let path = dir.join("flights.kml");
    let out = run(&[
        "plot",
        "--apogee",
        "4475km",
        "--range",
        "950km",
        "--site",
        "pyongyang",
        "--test-azimuth",
        "90",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let marks = parse_kml(&std::fs::read_to_string(&path).unwrap());
    let absolute = marks
        .iter()
        .filter(|p| matches!(&p.geometry, Some(kml::types::Geometry::LineString(l)) if l.altitude_mode == kml::types::AltitudeMode::Absolute))
        .count();
    assert_eq!(absolute, 2, "the lofted test and the standard trajectory in 3-D");
    assert!(marks.iter().any(|p| p.name.as_deref() == Some("Lofted test: ground track")));
    assert!(marks.iter().any(|p| p.name.as_deref() == Some("Standard trajectory: ground track")));
}

/// The places as CSV (the page's download): one row per place judged after the header,
/// eleven fields each (RFC 4180 quoting read back), and the in/out column and margin
/// those of the report, place by place.
#[test]
fn places_csv_is_the_report_row_by_row() {
    let report = seed(Model::ROTATING, 39.0, 125.7, 2.0);
    let csv = loftrange::render::places_csv(&report);
    let rows: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(rows.len(), report.places.len() + 1);
    assert!(rows[0].starts_with("name,country,kind,"));
    // Split one line on commas outside quotes, undoing doubled quotes.
    let fields = |line: &str| {
        let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        out.push(cur);
        out
    };
    for (row, p) in rows[1..].iter().zip(&report.places) {
        let f = fields(row);
        assert_eq!(f.len(), 11, "{row}");
        assert_eq!(f[0], p.place.name);
        assert_eq!(f[10], if p.in_reach() { "yes" } else { "no" }, "{row}");
        if let Some(m) = p.margin_m() {
            assert!((f[9].parse::<f64>().unwrap() - m / 1e3).abs() <= 0.05 + 1e-9, "{row}");
        }
    }
}
