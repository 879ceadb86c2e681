//! GeoJSON (RFC 7946) of a reach map, written by the `geojson` crate.

use ::geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, Position};

use super::{MapGeometry, PlanarPolygon, ReachMap};

fn ring(r: &[super::LonLat]) -> Vec<Position> {
    r.iter().map(|&p| Position::from(p)).collect()
}

fn polygon(p: &PlanarPolygon) -> Vec<Vec<Position>> {
    std::iter::once(&p.exterior).chain(&p.holes).map(|r| ring(r)).collect()
}

/// The GeoJSON geometry of a map feature: a Point, a Polygon, a MultiPolygon (several
/// pieces, e.g. cut at the antimeridian), or none.
pub fn geometry(g: &MapGeometry) -> Option<Geometry> {
    let value = match g {
        MapGeometry::None => return None,
        MapGeometry::Point(p) => GeometryValue::new_point(*p),
        MapGeometry::Polygons(ps) if ps.is_empty() => return None,
        MapGeometry::Polygons(ps) if ps.len() == 1 => GeometryValue::Polygon { coordinates: polygon(&ps[0]) },
        MapGeometry::Polygons(ps) => GeometryValue::MultiPolygon { coordinates: ps.iter().map(polygon).collect() },
    };
    Some(Geometry::new(value))
}

/// The reach map as a GeoJSON FeatureCollection: see [`ReachMap::features`] for the
/// features and their properties. The collection carries the title, the model and its
/// assumptions as foreign members (RFC 7946 §6.1).
pub fn reach_geojson(map: &ReachMap) -> String {
    let features: Vec<Feature> = map
        .features()
        .into_iter()
        .map(|f| Feature {
            bbox: None,
            geometry: geometry(&f.geometry),
            id: None,
            properties: Some(f.properties),
            foreign_members: None,
        })
        .collect();
    let mut about = JsonObject::new();
    about.insert("title".into(), map.title.clone().into());
    about.insert("model".into(), map.estimate.model.name().into());
    about.insert("assumptions".into(), map.estimate.assumptions.clone().into());
    let fc = FeatureCollection { bbox: None, features, foreign_members: Some(about) };
    crate::fmt::json_safe(fc.to_string()) + "\n"
}
