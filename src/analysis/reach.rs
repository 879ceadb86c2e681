//! What `reach` answers, in the library: the contour per direction, every place judged
//! per direction, and the same missile on a non-rotating Earth for comparison. The target
//! solver and the contour are their own modules ([`crate::standard::target`], [`crate::standard::contour`]),
//! re-exported here.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::estimate::{estimate, Estimate, Question, Request};
use crate::flyer::Flyer;
use crate::model::Model;
use crate::standard::contour::Contour;

/// One place judged against the reach contour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceReach {
    /// The place.
    pub place: &'static crate::data::places::Place,
    /// Great-circle distance from the launch site, m.
    pub distance_m: f64,
    /// Initial bearing from the launch site, rad.
    pub bearing_rad: f64,
    /// Range of the contour toward the place, m; None: global reach in its direction.
    pub range_m: Option<f64>,
}

impl PlaceReach {
    /// Range minus distance, m (None: global reach in its direction).
    pub fn margin_m(&self) -> Option<f64> {
        self.range_m.map(|r| r - self.distance_m)
    }

    /// In reach: its direction has global reach, or it lies within the bounded range there.
    pub fn in_reach(&self) -> bool {
        self.margin_m().is_none_or(|m| m >= 0.0)
    }
}

/// What `reach` answers: the estimate with its sweep, the contour per direction, the
/// non-rotating comparison and every place judged per direction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReachReport {
    /// The estimate the reach is of (with its sweep over all azimuths).
    pub estimate: Estimate,
    /// The contour over the bounded directions and the global sectors.
    pub contour: Contour,
    /// Standard range on a non-rotating sphere with the same burnout speed (model
    /// boost: the same fitted vehicle), m; None: global reach.
    pub non_rotating_range_m: Option<f64>,
    /// What `non_rotating_range_m` is.
    pub non_rotating_label: &'static str,
    /// Capitals and large cities (not launch sites), by margin, smallest first
    /// (global-reach directions last).
    pub places: Vec<PlaceReach>,
}

impl ReachReport {
    /// The places in reach, by margin (smallest first).
    pub fn in_reach(&self) -> impl Iterator<Item = &PlaceReach> {
        self.places.iter().filter(|p| p.in_reach())
    }

    /// The places out of reach by at most `within_m`, nearest to the edge first.
    pub fn just_outside(&self, within_m: f64) -> Vec<&PlaceReach> {
        let mut v: Vec<&PlaceReach> =
            self.places.iter().filter(|r| !r.in_reach() && r.margin_m().is_some_and(|m| m > -within_m)).collect();
        v.sort_by(|x, y| y.margin_m().unwrap_or(0.0).total_cmp(&x.margin_m().unwrap_or(0.0)));
        v
    }
}

/// The error of a reach asked for without a launch site.
pub fn needs_site() -> Error {
    Error::invalid("site", "none", "reach needs the launch site (LAT,LON in degrees or a place name)")
}

/// Which places are in reach of the missile of `question` under `model`: the estimate
/// with a sweep over all launch azimuths (every `request.sweep_step_rad`, default 1°),
/// the contour it draws, and every embedded capital and large city judged in its own
/// direction.
pub fn reach(question: &Question, model: &Model, request: &Request) -> Result<ReachReport> {
    if question.site.is_none() {
        return Err(needs_site());
    }
    let mut r = request.clone();
    if r.sweep_step_rad.is_none() {
        r.sweep_step_rad = Some(1f64.to_radians());
    }
    report(estimate(question, model, &r)?)
}

/// The reach report of an estimate made with a sweep and a site.
pub fn report(est: Estimate) -> Result<ReachReport> {
    let Some(site) = est.question.site.clone() else {
        return Err(needs_site());
    };
    let Some(sweep) = est.sweep.as_ref() else {
        return Err(Error::invalid("sweep step", "none", "reach needs a sweep over all azimuths"));
    };
    let earth = est.flyer.earth();
    let contour = Contour::from_sweep(&earth, &site, &sweep.points);
    // The contour without rotation: the impulsive models fly the same burnout speed over
    // a non-rotating sphere; the boost flies the same vehicle over it.
    let non_rotating_range_m = est.flyer.without_rotation().toward(std::f64::consts::FRAC_PI_2)?.range_m;
    let non_rotating_label = match (&est.flyer, &est.boost) {
        (Flyer::Impulsive(_), _) => "non-rotating sphere, same burnout speed",
        (Flyer::Vehicle(_), Some(_)) => "same fitted vehicle, non-rotating sphere",
        (Flyer::Vehicle(_), None) => "same vehicle and payload, non-rotating sphere",
    };
    let mut places: Vec<PlaceReach> = crate::data::places::all()
        .iter()
        .filter(|p| p.kind != crate::data::places::PlaceKind::LaunchSite)
        .map(|p| {
            let (lat, lon) = (p.lat_deg.to_radians(), p.lon_deg.to_radians());
            let bearing_rad = earth.bearing_rad(site.lat_rad, site.lon_rad, lat, lon);
            PlaceReach {
                place: p,
                distance_m: earth.distance_m(site.lat_rad, site.lon_rad, lat, lon),
                bearing_rad,
                range_m: contour.range_toward_m(bearing_rad),
            }
        })
        .collect();
    let key = |r: &PlaceReach| r.margin_m().unwrap_or(f64::INFINITY);
    places.sort_by(|x, y| key(x).total_cmp(&key(y)));
    Ok(ReachReport { estimate: est, contour, non_rotating_range_m, non_rotating_label, places })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flight::{FlightOptions, Launch};
    use crate::geo::{self, Site};
    use crate::standard;
    use crate::standard::target_flights::toward_target;

    /// Burnout speed of the 2017-11-28 seed case (4,475 km apogee, 950 km range).
    const SPEED_M_S: f64 = 7_195.3;

    fn site() -> Site {
        Site::from_degrees(39.0, 125.7).unwrap()
    }

    #[test]
    fn contour_vertices_are_the_single_azimuth_standard_estimates() {
        let earth = Model::ROTATING.earth();
        let s = site();
        let opts = FlightOptions::default();
        let sw = crate::flyer::Flyer::burnout(Model::ROTATING, &s, SPEED_M_S, 0.0).sweep(30f64.to_radians()).unwrap();
        for p in &sw.points {
            let launch = Launch { lat_rad: s.lat_rad, lon_rad: s.lon_rad, azimuth_rad: p.azimuth_rad };
            let one = standard::standard(Model::ROTATING, &earth, &launch, SPEED_M_S, 0.0, &opts).unwrap();
            let f = one.flight().unwrap();
            assert_eq!(p.range_m, Some(f.landed.range_m));
            assert_eq!(p.impact_lat_rad, Some(f.landed.impact_lat_rad));
            assert_eq!(p.impact_lon_rad, Some(f.landed.impact_lon_rad));
        }
        let c = Contour::from_sweep(&earth, &s, &sw.points);
        for v in &c.points {
            // The range reported is the great-circle distance to the impact point.
            let p = sw.points.iter().find(|p| p.azimuth_rad == v.azimuth_rad).unwrap();
            assert!((v.distance_m - p.range_m.unwrap()).abs() < 1.0, "{} vs {:?}", v.distance_m, p.range_m);
            // Reading the contour at a vertex's bearing gives that vertex.
            assert!((c.range_toward_m(v.bearing_rad).unwrap() - v.distance_m).abs() < 1e-3);
        }
        // Rotation deflects the impact: bearings differ from launch azimuths.
        assert!(c.points.iter().any(|v| (v.bearing_rad - v.azimuth_rad).abs() > 1e-3));
    }

    #[test]
    fn target_solver_lands_on_the_great_circle_to_the_target() {
        let earth = Model::ROTATING.earth();
        let s = site();
        let opts = FlightOptions::default();
        for (lat, lon) in [(13.44, 144.79), (38.9, -77.04), (35.69, 139.69), (-33.87, 151.21)] {
            let (tl, tn) = (f64::to_radians(lat), f64::to_radians(lon));
            let t = toward_target(Model::ROTATING, &earth, &s, tl, tn, SPEED_M_S, 0.0, &opts).unwrap();
            let (il, inn) = t.impact_rad.unwrap();
            let normal = geo::unit_vector(s.lat_rad, s.lon_rad).cross(&geo::unit_vector(tl, tn)).normalize();
            let cross_track_m = earth.radius_m * normal.dot(&geo::unit_vector(il, inn)).asin();
            assert!(cross_track_m.abs() < 1e3, "({lat}, {lon}): cross-track {cross_track_m} m");
            // ... and on the near side (toward the target, not away from it).
            let along = geo::initial_bearing_rad(s.lat_rad, s.lon_rad, il, inn);
            let bearing = geo::initial_bearing_rad(s.lat_rad, s.lon_rad, tl, tn);
            assert!(geo::normalize_angle_rad(along - bearing + 0.1) < 0.2);
            assert_eq!(t.margin_m, Some(t.range_m.unwrap() - t.distance_m));
            assert!(t.flight_time_s.unwrap() > 1_500.0);
        }
    }

    #[test]
    fn contour_reading_agrees_with_the_exact_target_solver() {
        let earth = Model::ROTATING.earth();
        let s = site();
        let opts = FlightOptions::default();
        let sw = crate::flyer::Flyer::burnout(Model::ROTATING, &s, SPEED_M_S, 0.0).sweep(1f64.to_radians()).unwrap();
        let c = Contour::from_sweep(&earth, &s, &sw.points);
        for (lat, lon) in [(13.44, 144.79), (38.9, -77.04), (51.5, -0.13), (-33.87, 151.21)] {
            let (tl, tn) = (f64::to_radians(lat), f64::to_radians(lon));
            let t = toward_target(Model::ROTATING, &earth, &s, tl, tn, SPEED_M_S, 0.0, &opts).unwrap();
            let b = geo::initial_bearing_rad(s.lat_rad, s.lon_rad, tl, tn);
            let from_contour = c.range_toward_m(b).unwrap();
            assert!(
                (from_contour - t.range_m.unwrap()).abs() < 5e3,
                "({lat}, {lon}): contour {from_contour}, exact {:?}",
                t.range_m
            );
        }
    }
}
