//! The catalog table: every published test under each model, from its test's site toward
//! its test azimuth where the geography gives them.

use crate::data::catalog::{entries, entry_label, geography_for, no_direction_reason, CatalogEntry, TestGeography};
use crate::error::Result;
use crate::estimate::{estimate, Estimate, Observation, Question, Request};
use crate::geo::Site;
use crate::model::Model;

/// The standard range of one catalog entry under one model.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeCell {
    /// A bounded standard range, m.
    Bounded {
        /// Standard range, m.
        range_m: f64,
    },
    /// Global reach toward the direction asked: the flight passes the point farthest from
    /// the site. On a non-rotating Earth that holds in every direction; on a rotating
    /// one only toward this direction (others may be bounded).
    Global,
    /// The model needs what the data do not give (a test azimuth): why, in one line.
    NotApplicable(String),
    /// The estimate failed: the error in one line.
    Error(String),
}

impl RangeCell {
    fn of(r: Result<Estimate>) -> RangeCell {
        match r {
            Ok(e) => RangeCell::of_range(e.standard.range_m()),
            Err(e) => RangeCell::Error(e.to_string()),
        }
    }

    fn of_range(range_m: Option<f64>) -> RangeCell {
        match range_m {
            Some(range_m) => RangeCell::Bounded { range_m },
            None => RangeCell::Global,
        }
    }

    /// The range in m, `None` unless bounded.
    pub fn range_m(&self) -> Option<f64> {
        match self {
            RangeCell::Bounded { range_m } => Some(*range_m),
            _ => None,
        }
    }
}

/// One row of the catalog table: an entry and its standard range under each model.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CatalogRow {
    /// The entry.
    #[serde(skip)]
    pub entry: &'static CatalogEntry,
    /// The geography of the entry's test (site, impact, test azimuth).
    #[serde(skip)]
    pub geography: Option<&'static TestGeography>,
    /// Model `kepler` (the direction does not matter).
    pub kepler: RangeCell,
    /// Model `sphere` (the direction does not matter).
    pub sphere: RangeCell,
    /// Model `rotating` from the test's site toward its test azimuth.
    pub rotating: RangeCell,
    /// Model `rotating` from the test's site, the longest over all launch azimuths (a
    /// sweep in `SWEEP_STEP_DEG` steps refined by Brent; global reach counts as longest).
    pub rotating_max: RangeCell,
    /// Model `earth` (WGS 84, J2) from the site toward the test azimuth.
    pub earth: RangeCell,
    /// Model `boost` (the generic vehicle fitted to the entry, rotating Earth) from the
    /// site toward the test azimuth.
    pub boost: RangeCell,
}

/// Azimuth step of the catalog's `rotating_max` sweep, degrees.
pub const SWEEP_STEP_DEG: f64 = 5.0;

/// The question an entry asks: its observation (burnout at the surface), from its test's
/// site toward its test azimuth where the geography gives them.
pub fn question(e: &CatalogEntry) -> Result<Question> {
    let mut q = Question::observed(Observation {
        apogee_m: e.apogee_km * 1e3,
        range_m: e.range_km * 1e3,
        flight_time_s: e.flight_time_s,
        burnout_altitude_m: 0.0,
    });
    if let (Some(lat), Some(lon)) = (e.launch_lat_deg, e.launch_lon_deg) {
        q.site = Some(Site::from_degrees(lat, lon)?);
    }
    q.test_azimuth_rad = e.azimuth_deg.map(f64::to_radians);
    q.source = Some(entry_label(e));
    Ok(q)
}

/// The catalog table: every entry under kepler, sphere, and, from its test's site toward
/// its test azimuth, rotating (and its maximum over azimuths), earth and boost; computed
/// in parallel (the order is the catalog's).
pub fn table() -> Vec<CatalogRow> {
    table_of(&entries().iter().collect::<Vec<_>>())
}

/// The catalog table's rows of these entries (`loftrange catalog QUERY`), in their order.
pub fn table_of(chosen: &[&'static CatalogEntry]) -> Vec<CatalogRow> {
    use rayon::prelude::*;
    chosen
        .par_iter()
        .map(|&e| {
            let run = |m: Model| RangeCell::of(question(e).and_then(|q| estimate(&q, &m, &Request::default())));
            let na = |why: &str| RangeCell::NotApplicable(why.into());
            let (rotating, rotating_max, earth, boost) = match no_direction_reason(e) {
                Some(why) => (na(why), na(why), na(why), na(why)),
                None => {
                    let rot = question(e).and_then(|q| {
                        estimate(&q, &Model::ROTATING, &Request::default().with_sweep(SWEEP_STEP_DEG.to_radians()))
                    });
                    let (toward, max) = match rot {
                        Ok(est) => (
                            RangeCell::of_range(est.standard.range_m()),
                            match &est.sweep {
                                Some(sw) => RangeCell::of_range(sw.max.range_m),
                                None => RangeCell::Error("no sweep".into()),
                            },
                        ),
                        Err(err) => (RangeCell::Error(err.to_string()), RangeCell::Error(err.to_string())),
                    };
                    (toward, max, run(Model::EARTH), run(Model::BOOST))
                }
            };
            CatalogRow {
                entry: e,
                geography: geography_for(e),
                kepler: run(Model::KEPLER),
                sphere: run(Model::SPHERE),
                rotating,
                rotating_max,
                earth,
                boost,
            }
        })
        .collect()
}
