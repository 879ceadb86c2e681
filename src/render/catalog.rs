//! The catalog table for people and programs: every published test with its standard
//! range under each model, its published figure and its geography.

use serde_json::{json, Value};

use crate::analysis::catalog_table::{CatalogRow, RangeCell};
use crate::data::catalog;
use crate::fmt::grouped;

/// A cell as JSON and as text ("global" for global reach, "n/a", "error").
fn cell(r: &RangeCell) -> (Value, String) {
    match r {
        RangeCell::Bounded { range_m } => (json!(range_m / 1e3), grouped(range_m / 1e3)),
        RangeCell::Global => (json!("global reach"), "global".into()),
        RangeCell::NotApplicable(why) => (json!(why), "n/a".into()),
        RangeCell::Error(e) => (json!({ "error": e }), "error".into()),
    }
}

fn source_json(s: &catalog::Source) -> Value {
    json!({ "publisher": s.publisher, "title": s.title, "url": s.url, "date": s.date })
}

fn geography_json(g: &catalog::TestGeography) -> Value {
    json!({
        "site_name": g.site.name,
        "site": [g.site.lat_deg, g.site.lon_deg],
        "site_named_by": source_json(&g.site.named_by),
        "site_position": g.site.position.as_ref().map(source_json),
        "site_quality": g.site.quality,
        "impact": g.impact.as_ref().map(|i| [i.lat_deg, i.lon_deg]),
        "impact_reports": g.impact.as_ref().map(|i| i.fixes.iter().map(|f| json!({
            "from": f.from.name,
            "from_lat_lon_deg": [f.from.lat_deg, f.from.lon_deg],
            "from_source": f.from.source.url,
            "distance_km": f.distance_km,
            "bearing_deg": f.bearing_deg,
            "quote": f.quote,
            "source": source_json(&f.source),
        })).collect::<Vec<_>>()),
        "test_azimuth_deg": g.azimuth_deg,
        "derivation": g.derivation,
        "not_published": g.not_published,
        "notes": g.notes,
    })
}

/// The catalog table as the `catalog --json` list.
pub fn catalog_json(table: &[CatalogRow]) -> Value {
    let rows: Vec<Value> = table
            .iter()
            .map(|row| {
                let e = row.entry;
                let c = |r: &RangeCell| cell(r).0;
                json!({
                    "id": e.id,
                    "date": e.date,
                    "missile": e.missile,
                    "agency": e.agency,
                    "apogee_km": e.apogee_km,
                    "range_km": e.range_km,
                    "flight_time_s": e.flight_time_s,
                    "site": e.launch_lat_deg.zip(e.launch_lon_deg).map(|(a, b)| [a, b]),
                    "test_azimuth_deg": e.azimuth_deg,
                    "standard_range_km": {
                        "kepler": c(&row.kepler),
                        "sphere": c(&row.sphere),
                        "rotating": c(&row.rotating),
                        "rotating_max_over_azimuths": c(&row.rotating_max),
                        "earth": c(&row.earth),
                        "boost": c(&row.boost),
                    },
                    "published_standard_range_km": e.published_standard_range_km,
                    "published_standard_range": e.published_standard_range_km.zip(e.published_standard_range_source.as_ref())
                        .map(|(km, s)| json!({ "km": km, "publisher": s.publisher, "url": s.url, "note": "as published; often a lower bound, see the entry's notes" })),
                    "geography": row.geography.map(geography_json),
                    "source": e.source.url,
                })
            })
            .collect();
    Value::Array(rows)
}

/// The catalog as a table of at most 100 columns, with footnotes for the publishers of
/// the published figures and a block of sites and test azimuths.
pub fn catalog_text(table: &[CatalogRow]) -> String {
    use std::fmt::Write;
    let w = table.iter().map(|r| r.entry.id.len()).max().unwrap_or(2).max(2);
    let mut publishers: Vec<(String, String)> = Vec::new(); // (publisher, url), in order of first use
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{:<w$} {:>6} {:>5} {:>4} {:>4} {:>6} {:>6} {:>6} {:>6} {:>6} {:>11}",
        "id", "apogee", "range", "time", "az", "kepler", "rot", "rotmax", "earth", "boost", "published"
    );
    let _ = writeln!(
        t,
        "{:<w$} {:>6} {:>5} {:>4} {:>4} {:>6} {:>6} {:>6} {:>6} {:>6} {:>11}",
        "", "km", "km", "s", "deg", "km", "km", "km", "km", "km", "km"
    );
    for row in table {
        let e = row.entry;
        let published = match (e.published_standard_range_km, &e.published_standard_range_source) {
            (Some(km), Some(s)) => {
                let key = (s.publisher.clone(), s.url.clone());
                let i = publishers.iter().position(|p| *p == key).unwrap_or_else(|| {
                    publishers.push(key);
                    publishers.len() - 1
                });
                format!("{} [{}]", grouped(km), i + 1)
            }
            _ => "-".into(),
        };
        let _ = writeln!(
            t,
            "{:<w$} {:>6} {:>5} {:>4} {:>4} {:>6} {:>6} {:>6} {:>6} {:>6} {:>11}",
            e.id,
            grouped(e.apogee_km),
            grouped(e.range_km),
            e.flight_time_s.map(|t| format!("{t:.0}")).unwrap_or_else(|| "-".into()),
            e.azimuth_deg.map(|a| format!("{a:.1}")).unwrap_or_else(|| "-".into()),
            cell(&row.kepler).1,
            cell(&row.rotating).1,
            cell(&row.rotating_max).1,
            cell(&row.earth).1,
            cell(&row.boost).1,
            published,
        );
    }
    t += "\nStandard (minimum-energy) range from each source's figures, burnout at the surface.\n";
    t += "kepler: two-body; rot: rotating Earth from the test's site toward its test azimuth (az);\n";
    t += "rotmax: the same, longest over all azimuths; earth: WGS 84 with J2 toward az; boost: generic\n";
    t += "vehicle fitted to the test, rotating Earth, toward az. global: global reach toward the test's\n";
    t += "direction (kepler: every direction). n/a: no test azimuth (impact point not published).\n";
    t += "boost holds its standard trajectory to burn out at 150 km or higher (the impulsive models burn\n";
    t += "out at the surface and may fly any flight-path angle): where that floor sets the kick, boost\n";
    t += "can be below kepler (a short-range vehicle whose longest flight burns out lower: Pukguksong-3)\n";
    t += "and bounded where the others are global (Hwasong-17: with the floor at 120 km it is global);\n";
    t += "estimate --test ID --model boost says when the floor sets it.\n";
    t += "Published: a standard range someone published for the test (often a lower bound: see the\n";
    t += "entry's notes):\n";
    for (i, (publisher, _url)) in publishers.iter().enumerate() {
        let _ = writeln!(t, "  [{}] {publisher}", i + 1);
    }
    t += "  (the pages' addresses are in catalog --json: published_standard_range.url)\n";
    t += "\nSites and test azimuths (data/catalog_geography.json; sources in catalog --json):\n";
    let shown = |g: &&catalog::TestGeography| {
        table.iter().any(|r| (r.entry.date.as_str(), r.entry.missile.as_str()) == (g.date.as_str(), g.missile.as_str()))
    };
    for g in catalog::geography().iter().filter(shown) {
        let az = g.azimuth_deg.map(|a| format!("az {a:5.1}")).unwrap_or_else(|| "az   n/a".into());
        let _ = writeln!(
            t,
            "  {} {:<12} {:>8.4} N {:>9.4} E  {az}  {}{}",
            g.date,
            g.missile,
            g.site.lat_deg,
            g.site.lon_deg,
            catalog::site_short_name(g),
            if g.impact.is_none() { " (impact point not published)" } else { "" }
        );
    }
    t += "Use an id, a missile or a date with: loftrange estimate --test ID [--model ...] [--spread]\n";
    t
}
