//! KML 2.2 of a reach map and of the two trajectories, written by the `kml` crate.

use std::collections::HashMap;

use ::kml::types::{
    AltitudeMode, Coord, Element, Geometry, Icon, IconStyle, LineString, LineStyle, LinearRing, MultiGeometry,
    Placemark, Point, PolyStyle, Polygon, Style,
};
use ::kml::{Kml, KmlDocument, KmlVersion, KmlWriter};

use super::{round_deg, FeatureKind, MapFeature, MapGeometry, PlanarPolygon, ReachMap};
use crate::estimate::Estimate;
use crate::flight::trajectory::Trajectory;

/// The KML 2.2 namespace.
const KML_NS: &str = "http://www.opengis.net/kml/2.2";
/// The icon Google Earth ships for a dot.
const DOT_ICON: &str = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png";

fn text(name: &str, content: impl Into<String>) -> Element {
    Element { name: name.into(), content: Some(content.into()), ..Default::default() }
}

/// A style: line colour and width, fill colour (None: outline only), icon colour and scale.
/// Colours are KML's aabbggrr.
fn style(id: &str, line: Option<(&str, f64)>, fill: Option<&str>, icon: Option<(&str, f64)>) -> Kml {
    Kml::Style(Style {
        id: Some(id.into()),
        line: line.map(|(color, width)| LineStyle { color: color.into(), width, ..Default::default() }),
        poly: line.map(|(color, _)| PolyStyle {
            color: fill.unwrap_or(color).into(),
            fill: fill.is_some(),
            outline: true,
            ..Default::default()
        }),
        icon: icon.map(|(color, scale)| IconStyle {
            color: color.into(),
            scale,
            icon: Icon { href: DOT_ICON.into(), ..Default::default() },
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn coords(ring: &[super::LonLat]) -> Vec<Coord> {
    ring.iter().map(|p| Coord::new(p[0], p[1], None)).collect()
}

fn linear_ring(ring: &[super::LonLat]) -> LinearRing {
    LinearRing { coords: coords(ring), tessellate: true, ..Default::default() }
}

fn polygon(p: &PlanarPolygon) -> Geometry {
    Geometry::Polygon(Polygon {
        outer: linear_ring(&p.exterior),
        inner: p.holes.iter().map(|h| linear_ring(h)).collect(),
        tessellate: true,
        ..Default::default()
    })
}

fn geometry(g: &MapGeometry) -> Option<Geometry> {
    match g {
        MapGeometry::None => None,
        MapGeometry::Point(p) => Some(Geometry::Point(Point::new(p[0], p[1], None))),
        MapGeometry::Polygons(ps) if ps.is_empty() => None,
        MapGeometry::Polygons(ps) if ps.len() == 1 => Some(polygon(&ps[0])),
        MapGeometry::Polygons(ps) => {
            Some(Geometry::MultiGeometry(MultiGeometry::new(ps.iter().map(polygon).collect())))
        }
    }
}

/// A property value as KML text (null: "none").
fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "none".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A placemark in schema order: name, description, styleUrl, ExtendedData, geometry.
fn placemark(name: &str, style_id: &str, data: &[(String, String)], geometry: Option<Geometry>) -> Kml {
    let description = data.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n");
    let extended = Element {
        name: "ExtendedData".into(),
        children: data
            .iter()
            .map(|(k, v)| Element {
                name: "Data".into(),
                attrs: HashMap::from([("name".to_string(), k.clone())]),
                children: vec![text("value", v.clone())],
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    Kml::Placemark(Placemark {
        name: Some(name.into()),
        description: (!description.is_empty()).then_some(description),
        children: vec![text("styleUrl", format!("#{style_id}")), extended],
        geometry,
        ..Default::default()
    })
}

fn folder(name: &str, elements: Vec<Kml>) -> Kml {
    Kml::Folder(::kml::types::Folder { name: Some(name.into()), elements, ..Default::default() })
}

/// The whole document, as text: an XML declaration and `<kml>` holding one `<Document>`.
fn document(name: &str, description: &str, mut elements: Vec<Kml>) -> String {
    let mut head = vec![Kml::Element(text("name", name)), Kml::Element(text("description", description))];
    head.append(&mut elements);
    let doc = Kml::KmlDocument(KmlDocument {
        version: KmlVersion::V22,
        attrs: HashMap::from([("xmlns".to_string(), KML_NS.to_string())]),
        elements: vec![Kml::Document { attrs: HashMap::new(), elements: head }],
    });
    let mut buf = Vec::new();
    // Writing to memory: the only errors would be I/O errors, which a Vec does not make.
    KmlWriter::from_writer(&mut buf).write(&doc).expect("writing KML to memory");
    let body = String::from_utf8(buf).expect("the KML writer writes UTF-8");
    crate::fmt::xml_safe(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n"))
}

fn style_of(f: &MapFeature) -> &'static str {
    match f.kind {
        FeatureKind::Contour => "contour",
        FeatureKind::GlobalReach => "global",
        FeatureKind::NonRotatingCircle => "circle",
        FeatureKind::LaunchSite => "site",
        FeatureKind::Target => "target",
        FeatureKind::SpentStage => "stage",
        FeatureKind::Place if f.properties.get("in_reach") == Some(&serde_json::Value::Bool(true)) => "in_reach",
        FeatureKind::Place => "out_of_reach",
    }
}

fn feature_placemark(f: &MapFeature) -> Kml {
    let data: Vec<(String, String)> = f.properties.iter().map(|(k, v)| (k.clone(), value_text(v))).collect();
    placemark(&f.name, style_of(f), &data, geometry(&f.geometry))
}

/// The reach map as KML: the same features and properties as the GeoJSON (each
/// placemark's `ExtendedData`), in folders: the regions (clamped to the ground), the
/// launch site and targets, the places in reach and the places out of reach.
pub fn reach_kml(map: &ReachMap) -> String {
    let features = map.features();
    let mut regions = Vec::new();
    let mut points = Vec::new();
    let (mut inside, mut outside) = (Vec::new(), Vec::new());
    for f in &features {
        let k = feature_placemark(f);
        match (f.kind, style_of(f)) {
            (FeatureKind::Contour | FeatureKind::GlobalReach | FeatureKind::NonRotatingCircle, _) => regions.push(k),
            (FeatureKind::LaunchSite | FeatureKind::Target | FeatureKind::SpentStage, _) => points.push(k),
            (FeatureKind::Place, "in_reach") => inside.push(k),
            (FeatureKind::Place, _) => outside.push(k),
        }
    }
    let mut elements = vec![
        style("contour", Some(("ff2020d0", 2.0)), Some("402020d0"), None),
        style("global", Some(("ff0080ff", 2.0)), Some("400080ff"), None),
        style("circle", Some(("ff909090", 1.5)), None, None),
        style("site", None, None, Some(("ff00ffff", 1.2))),
        style("target", None, None, Some(("ffff00ff", 1.0))),
        style("stage", None, None, Some(("ff00a5ff", 0.9))),
        style("in_reach", None, None, Some(("ff2020d0", 0.6))),
        style("out_of_reach", None, None, Some(("ff909090", 0.6))),
    ];
    elements.push(folder("Reach", regions));
    elements.extend(points);
    elements.push(folder("Places in reach", inside));
    elements.push(folder("Places out of reach", outside));
    let description = format!(
        "model {}: {}. Regions are clamped to the ground; cut at the antimeridian.",
        map.estimate.model, map.estimate.assumptions
    );
    document(&map.title, &description, elements)
}

/// Metres to the decimetre.
fn alt(m: f64) -> f64 {
    (m * 10.0).round() / 10.0
}

fn lon_lat(lat_rad: f64, lon_rad: f64) -> (f64, f64) {
    let p = super::lon_lat_deg(lat_rad, lon_rad);
    (round_deg(p[0]), round_deg(p[1]))
}

/// A trajectory in 3-D (absolute altitude), its ground track and its apogee.
fn trajectory_folder(name: &str, style_id: &str, t: &Trajectory) -> Kml {
    let track3d: Vec<Coord> = t
        .points
        .iter()
        .map(|p| {
            let (x, y) = lon_lat(p.lat_rad, p.lon_rad);
            Coord::new(x, y, Some(alt(p.altitude_m.max(0.0))))
        })
        .collect();
    let ground: Vec<Coord> = track3d.iter().map(|c| Coord::new(c.x, c.y, None)).collect();
    let data = vec![
        ("apogee_km".to_string(), format!("{}", (t.apogee_m).round() / 1e3)),
        ("range_km".to_string(), format!("{}", (t.range_m).round() / 1e3)),
        ("flight_time_s".to_string(), format!("{}", (t.flight_time_s * 10.0).round() / 10.0)),
    ];
    let top = t.points.iter().max_by(|a, b| a.altitude_m.total_cmp(&b.altitude_m));
    let mut elements = vec![
        placemark(
            &format!("{name}: trajectory"),
            style_id,
            &data,
            Some(Geometry::LineString(LineString {
                coords: track3d,
                altitude_mode: AltitudeMode::Absolute,
                ..Default::default()
            })),
        ),
        placemark(
            &format!("{name}: ground track"),
            "ground_track",
            &data,
            Some(Geometry::LineString(LineString { coords: ground, tessellate: true, ..Default::default() })),
        ),
    ];
    if let Some(p) = top {
        let (x, y) = lon_lat(p.lat_rad, p.lon_rad);
        elements.push(placemark(
            &format!("{name}: apogee {:.0} km", p.altitude_m / 1e3),
            "apogee",
            &[("altitude_km".to_string(), format!("{}", (p.altitude_m).round() / 1e3))],
            Some(Geometry::Point(Point {
                coord: Coord::new(x, y, Some(alt(p.altitude_m))),
                extrude: true,
                altitude_mode: AltitudeMode::Absolute,
                ..Default::default()
            })),
        ));
    }
    if let Some(p) = t.points.last() {
        let (x, y) = lon_lat(p.lat_rad, p.lon_rad);
        elements.push(placemark(
            &format!("{name}: impact"),
            "impact",
            &[],
            Some(Geometry::Point(Point::new(x, y, None))),
        ));
    }
    folder(name, elements)
}

/// The lofted test and the standard trajectory of an estimate (made with sampled
/// trajectories and a site) as KML: each in 3-D with absolute altitude (metres above
/// the model's surface), its ground track clamped to the ground, its apogee and impact;
/// and the launch site.
pub fn trajectories_kml(est: &Estimate, title: &str, site_name: &str) -> String {
    let mut elements = vec![
        style("lofted", Some(("ffd08020", 3.0)), None, None),
        style("standard", Some(("ff2020d0", 3.0)), None, None),
        style("ground_track", Some(("c0ffffff", 1.5)), None, None),
        style("apogee", Some(("80ffffff", 1.0)), None, Some(("ffffffff", 0.7))),
        style("impact", None, None, Some(("ff2020d0", 0.8))),
        style("site", None, None, Some(("ff00ffff", 1.2))),
    ];
    if let Some(s) = &est.question.site {
        let (x, y) = lon_lat(s.lat_rad, s.lon_rad);
        elements.push(placemark(site_name, "site", &[], Some(Geometry::Point(Point::new(x, y, None)))));
    }
    if let Some(t) = &est.lofted {
        elements.push(trajectory_folder("Lofted test", "lofted", t));
    }
    match est.standard.trajectory() {
        Some(t) => elements.push(trajectory_folder("Standard trajectory", "standard", t)),
        None if est.standard.is_global() => {
            elements.push(placemark("Standard trajectory: global reach (no impact)", "standard", &[], None))
        }
        None => {}
    }
    let stages: Vec<Kml> = super::stage_features(est).iter().map(feature_placemark).collect();
    if !stages.is_empty() {
        elements.push(style("stage", None, None, Some(("ff00a5ff", 0.9))));
        elements.push(folder("Spent stages", stages));
    }
    let description = format!(
        "model {}: {}. Trajectories at absolute altitude (above the model's surface), ground tracks clamped to the ground.",
        est.model, est.assumptions
    );
    document(title, &description, elements)
}
