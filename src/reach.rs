//! Reach toward a target: the standard range along the great circle from the launch
//! site to the target, with Earth's rotation where the model has it (MODEL.md model 3:
//! the launch azimuth is chosen so that the impact lies on that great circle).

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::estimate::Site;
use crate::flight::{FlightOptions, Launch};
use crate::geo;
use crate::model::Model;
use crate::solve::brent_root;
use crate::standard;

/// Can the missile reach this point, and by how much?
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetReach {
    /// Target latitude, rad.
    pub lat_rad: f64,
    /// Target longitude, rad.
    pub lon_rad: f64,
    /// Great-circle distance from the launch site, m.
    pub distance_m: f64,
    /// Launch azimuth whose standard trajectory lands on the great circle to the target, rad.
    pub azimuth_rad: f64,
    /// Standard range along that great circle, m (None: global reach).
    pub range_m: Option<f64>,
    /// Flight-path angle of that standard trajectory, rad (None: global reach).
    pub gamma_rad: Option<f64>,
    /// Flight time of that standard trajectory (full standard range, not to the target), s
    /// (None: global reach).
    pub flight_time_s: Option<f64>,
    /// Standard range minus distance, m: positive in reach (None: global reach).
    pub margin_m: Option<f64>,
    /// Impact point of that standard trajectory, (lat, lon) rad (None: global reach).
    pub impact_rad: Option<(f64, f64)>,
    /// True when the target is within the standard range.
    pub reachable: bool,
}

/// Standard range toward a target for a burnout speed (relative to the surface) at altitude.
#[allow(clippy::too_many_arguments)]
pub fn toward_target(
    model: Model,
    earth: &Earth,
    site: &Site,
    target_lat_rad: f64,
    target_lon_rad: f64,
    speed_m_s: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<TargetReach> {
    let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..*opts };
    let deflects = model.needs_site() && earth.omega_rad_s != 0.0;
    toward_target_with(earth, site, target_lat_rad, target_lon_rad, deflects, |az| {
        let launch = Launch { lat_rad: site.lat_rad, lon_rad: site.lon_rad, azimuth_rad: az };
        standard::standard(model, earth, &launch, speed_m_s, altitude_m, &quiet)
            .map(|s| standard::AzimuthRange::from_standard(az, &s))
    })
}

/// Standard range toward a target, for any model: `toward(azimuth)` computes the
/// standard trajectory toward one launch azimuth in [0, 2π) (range, impact point,
/// flight time). With `deflects` (a rotating Earth, where the impact leaves the plane
/// of the launch azimuth) the launch azimuth is solved so that the standard impact lies
/// on the great circle from the site to the target (MODEL.md model 3): Brent's method
/// on the signed cross-track angle of the impact, bracketed within ±5°, ±10°, ... ±40°
/// of the great-circle bearing. Without, the azimuth is that bearing.
/// `earth` only gives the radius of the distance to the target.
pub fn toward_target_with<F>(
    earth: &Earth,
    site: &Site,
    target_lat_rad: f64,
    target_lon_rad: f64,
    deflects: bool,
    toward: F,
) -> Result<TargetReach>
where
    F: Fn(f64) -> Result<standard::AzimuthRange>,
{
    if !(target_lat_rad.is_finite()
        && target_lat_rad.abs() <= std::f64::consts::FRAC_PI_2
        && target_lon_rad.is_finite())
    {
        return Err(Error::invalid(
            "target",
            format!("{}, {}", target_lat_rad.to_degrees(), target_lon_rad.to_degrees()),
            "a latitude from -90 to 90 degrees and a finite longitude",
        ));
    }
    let angle = geo::central_angle_between_rad(site.lat_rad, site.lon_rad, target_lat_rad, target_lon_rad);
    let distance_m = earth.radius_m * angle;
    if !(1e-9..=std::f64::consts::PI - 1e-9).contains(&angle) {
        return Err(Error::invalid(
            "target",
            format!("{:.4}, {:.4}", target_lat_rad.to_degrees(), target_lon_rad.to_degrees()),
            "a point other than the launch site and its antipode",
        ));
    }
    let bearing = geo::initial_bearing_rad(site.lat_rad, site.lon_rad, target_lat_rad, target_lon_rad);
    let std_at = |az: f64| toward(geo::normalize_angle_rad(az));
    let azimuth_rad = if deflects {
        // Signed cross-track angle of the standard impact from the site→target great
        // circle, for impacts ahead (within 90° of the target's bearing); NaN for global
        // reach or an impact behind.
        let s = geo::unit_vector(site.lat_rad, site.lon_rad);
        let normal = s.cross(&geo::unit_vector(target_lat_rad, target_lon_rad)).normalize();
        let cross_track = |az: f64| match std_at(az) {
            Ok(standard::AzimuthRange { impact_lat_rad: Some(lat), impact_lon_rad: Some(lon), .. }) => {
                let b = geo::initial_bearing_rad(site.lat_rad, site.lon_rad, lat, lon);
                if (geo::normalize_angle_rad(b - bearing + PI) - PI).abs() > FRAC_PI_2 {
                    return f64::NAN;
                }
                normal.dot(&geo::unit_vector(lat, lon)).clamp(-1.0, 1.0).asin()
            }
            _ => f64::NAN,
        };
        let global = || TargetReach {
            lat_rad: target_lat_rad,
            lon_rad: target_lon_rad,
            distance_m,
            azimuth_rad: geo::normalize_angle_rad(bearing),
            range_m: None,
            gamma_rad: None,
            flight_time_s: None,
            margin_m: None,
            impact_rad: None,
            reachable: true,
        };
        let solve = |a: f64, b: f64| -> Result<f64> {
            let (az, report) = brent_root(cross_track, a, b, 1e-10, 100);
            if !report.converged() {
                return Err(Error::NoSolution { what: "launch azimuth toward the target".into(), report });
            }
            Ok(az)
        };
        // 1. A bracket of bounded launch azimuths around the bearing (the deflection is
        //    a few degrees for most flights).
        let mut found = None;
        let mut half = 5f64.to_radians();
        while half <= 40f64.to_radians() {
            let (a, b) = (bearing - half, bearing + half);
            let (fa, fb) = (cross_track(a), cross_track(b));
            if fa.is_finite() && fb.is_finite() && fa * fb <= 0.0 {
                found = Some(solve(a, b)?);
                break;
            }
            half *= 2.0;
        }
        // 2. Otherwise (large deflections near the antipode, or global reach nearby): a
        //    scan of every launch azimuth every 5°; the bracket nearest the bearing.
        if found.is_none() {
            let n = 72;
            let azs: Vec<f64> = (0..n).map(|k| TAU * k as f64 / n as f64).collect();
            let scan: Vec<standard::AzimuthRange> = azs.iter().map(|&az| std_at(az)).collect::<Result<_>>()?;
            let ct: Vec<f64> = azs.iter().map(|&az| cross_track(az)).collect();
            let mut best: Option<(f64, f64, f64)> = None;
            for k in 0..n {
                let (fa, fb) = (ct[k], ct[(k + 1) % n]);
                if fa.is_finite() && fb.is_finite() && fa * fb <= 0.0 {
                    let a = azs[k];
                    let off = (geo::normalize_angle_rad(a - bearing + PI) - PI).abs();
                    if best.is_none_or(|(_, _, o)| off < o) {
                        best = Some((a, a + TAU / n as f64, off));
                    }
                }
            }
            match best {
                Some((a, b, _)) => found = Some(solve(a, b)?),
                None => {
                    // No bounded flight lands on the target's great circle: judge its
                    // direction as the reach contour does.
                    let contour = Contour::from_sweep(earth, site, &scan);
                    if contour.range_toward_m(bearing).is_none() {
                        return Ok(global());
                    }
                }
            }
        }
        found.ok_or_else(|| Error::NoSolution {
            what: "launch azimuth toward the target: no launch azimuth lands on its great circle".into(),
            report: crate::solve::SolverReport {
                stop: crate::solve::StopReason::NotBracketed,
                iterations: 0,
                evaluations: 0,
                residual: f64::NAN,
            },
        })?
    } else {
        bearing
    };
    let azimuth_rad = geo::normalize_angle_rad(azimuth_rad);
    let f = std_at(azimuth_rad)?;
    let range_m = f.range_m;
    Ok(TargetReach {
        lat_rad: target_lat_rad,
        lon_rad: target_lon_rad,
        distance_m,
        azimuth_rad,
        range_m,
        gamma_rad: f.gamma_rad,
        flight_time_s: f.flight_time_s,
        margin_m: range_m.map(|r| r - distance_m),
        impact_rad: f.impact_lat_rad.zip(f.impact_lon_rad),
        reachable: range_m.is_none_or(|r| r >= distance_m),
    })
}

/// One vertex of the reach contour: where the standard trajectory launched toward
/// `azimuth_rad` lands, as seen from the launch site.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContourPoint {
    /// Launch azimuth, rad.
    pub azimuth_rad: f64,
    /// Impact latitude, rad.
    pub impact_lat_rad: f64,
    /// Impact longitude, rad.
    pub impact_lon_rad: f64,
    /// Initial great-circle bearing from the site to the impact, rad in [0, 2π)
    /// (differs from the launch azimuth on a rotating Earth).
    pub bearing_rad: f64,
    /// Great-circle distance from the site to the impact, m.
    pub distance_m: f64,
}

/// A sector of bearings from the launch site, clockwise from `from_rad` to `to_rad`
/// (both in [0, 2π); `full` for every bearing).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BearingSector {
    /// First bearing, rad.
    pub from_rad: f64,
    /// Last bearing, rad (clockwise from `from_rad`).
    pub to_rad: f64,
    /// Every bearing (then `from_rad` = `to_rad` = 0).
    pub full: bool,
}

impl BearingSector {
    /// Is `bearing_rad` inside the sector (ends included)?
    pub fn contains(&self, bearing_rad: f64) -> bool {
        if self.full {
            return true;
        }
        let width = geo::normalize_angle_rad(self.to_rad - self.from_rad);
        geo::normalize_angle_rad(bearing_rad - self.from_rad) <= width
    }

    /// Width of the sector, rad.
    pub fn width_rad(&self) -> f64 {
        if self.full {
            std::f64::consts::TAU
        } else {
            geo::normalize_angle_rad(self.to_rad - self.from_rad)
        }
    }
}

/// The reach contour: the polygon of standard-trajectory impact points over the
/// launch azimuths whose reach is bounded, ordered by bearing from the site, and the
/// sectors of bearings with global reach (MODEL.md, "Global reach is a result per
/// direction"). Ranges toward a bearing are read off the polygon (in the azimuthal
/// equidistant plane centred on the site, where distance and bearing from the site
/// are true), not solved exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contour {
    /// Vertices of the bounded directions, sorted by bearing.
    pub points: Vec<ContourPoint>,
    /// Bearings with global reach: between the impact bearings of the bounded
    /// launch azimuths on either side of each run of global-reach azimuths.
    pub global: Vec<BearingSector>,
}

impl Contour {
    /// The contour from sweep points (in azimuth order, as [`standard::sweep_with`] gives them).
    pub fn from_sweep(earth: &Earth, site: &Site, points: &[standard::AzimuthRange]) -> Contour {
        let vertex = |p: &standard::AzimuthRange| {
            let (lat, lon) = (p.impact_lat_rad?, p.impact_lon_rad?);
            p.range_m?;
            Some(ContourPoint {
                azimuth_rad: p.azimuth_rad,
                impact_lat_rad: lat,
                impact_lon_rad: lon,
                bearing_rad: geo::normalize_angle_rad(geo::initial_bearing_rad(site.lat_rad, site.lon_rad, lat, lon)),
                distance_m: earth.radius_m * geo::central_angle_between_rad(site.lat_rad, site.lon_rad, lat, lon),
            })
        };
        let vertices: Vec<Option<ContourPoint>> = points.iter().map(vertex).collect();
        let n = vertices.len();
        let mut global = Vec::new();
        if n > 0 && vertices.iter().all(Option::is_none) {
            global.push(BearingSector { from_rad: 0.0, to_rad: 0.0, full: true });
        } else if n > 0 {
            // Each maximal cyclic run of global azimuths, between bounded neighbours.
            let start = (0..n).find(|&i| vertices[i].is_some()).expect("one is bounded");
            let mut k = 0;
            while k < n {
                let i = (start + k) % n;
                if vertices[i].is_some() {
                    k += 1;
                    continue;
                }
                let before = vertices[(i + n - 1) % n].expect("bounded neighbour");
                let mut j = k;
                while vertices[(start + j) % n].is_none() {
                    j += 1;
                }
                let after = vertices[(start + j) % n].expect("bounded neighbour");
                global.push(BearingSector { from_rad: before.bearing_rad, to_rad: after.bearing_rad, full: false });
                k = j;
            }
        }
        let mut out: Vec<ContourPoint> = vertices.into_iter().flatten().collect();
        out.sort_by(|a, b| a.bearing_rad.total_cmp(&b.bearing_rad));
        Contour { points: out, global }
    }

    /// True when no direction is bounded.
    pub fn global_everywhere(&self) -> bool {
        self.points.is_empty()
    }

    /// Distance from the site to the contour along `bearing_rad`, m; None when that
    /// bearing has global reach. The ray from the site is intersected with the polygon
    /// edge between the two vertices whose bearings bracket it (in the azimuthal
    /// equidistant plane).
    pub fn range_toward_m(&self, bearing_rad: f64) -> Option<f64> {
        let b = geo::normalize_angle_rad(bearing_rad);
        if self.points.is_empty() || self.global.iter().any(|g| g.contains(b)) {
            return None;
        }
        let n = self.points.len();
        if n == 1 {
            return Some(self.points[0].distance_m);
        }
        // First vertex with bearing > b; the edge is (i-1, i) cyclically.
        let i = self.points.partition_point(|p| p.bearing_rad <= b);
        let (p, q) = (&self.points[(i + n - 1) % n], &self.points[i % n]);
        let xy = |c: &ContourPoint| (c.distance_m * c.bearing_rad.sin(), c.distance_m * c.bearing_rad.cos());
        let ((px, py), (qx, qy)) = (xy(p), xy(q));
        let (ux, uy) = (b.sin(), b.cos());
        // Solve s·u = P + t (Q − P) for s.
        let (dx, dy) = (qx - px, qy - py);
        let den = ux * dy - uy * dx;
        if den.abs() < 1e-12 * (dx.hypot(dy) + 1.0) {
            return Some(p.distance_m.min(q.distance_m));
        }
        Some((px * dy - py * dx) / den)
    }

    /// The outline to draw, (lat, lon) rad in bearing order: the bounded vertices, and
    /// across each global sector points just short of the antipode (the whole way out
    /// in those directions). Empty when reach is global everywhere.
    pub fn outline_rad(&self, earth: &Earth, site: &Site) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let far = 0.995 * std::f64::consts::PI;
        let n = self.points.len();
        for (i, p) in self.points.iter().enumerate() {
            out.push((p.impact_lat_rad, p.impact_lon_rad));
            let next = &self.points[(i + 1) % n];
            if let Some(g) =
                self.global.iter().find(|g| !g.full && g.from_rad == p.bearing_rad && g.to_rad == next.bearing_rad)
            {
                let steps = (g.width_rad().to_degrees() / 2.0).ceil().max(2.0) as usize;
                for k in 0..=steps {
                    let b = g.from_rad + g.width_rad() * k as f64 / steps as f64;
                    out.push(geo::destination_rad(site.lat_rad, site.lon_rad, b, far));
                }
            }
        }
        let _ = earth;
        out
    }
}

/// One place judged against the reach contour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceReach {
    /// The place.
    pub place: &'static crate::places::Place,
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

/// What `reach` answers: the contour per direction, the non-rotating comparison and
/// every place judged per direction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReachReport {
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

/// The reach report of an estimate made with a sweep (`Options::sweep_step_rad`) and a site.
pub fn report(est: &crate::estimate::Estimate) -> Result<ReachReport> {
    let Some(site) = est.options.site else {
        return Err(Error::invalid("site", "none", "reach needs the launch site (--site NAME or LAT,LON)"));
    };
    let Some(sweep) = est.sweep.as_ref() else {
        return Err(Error::invalid("sweep step", "none", "reach needs a sweep over all azimuths"));
    };
    let earth = est.model.earth();
    let contour = Contour::from_sweep(&earth, &site, &sweep.points);
    let b = &est.burnout;
    // The contour without rotation: the impulsive models fly the same burnout speed over
    // a non-rotating sphere; model boost flies the same fitted vehicle over it; both with
    // the user's tolerances.
    let (non_rotating_range_m, non_rotating_label) = match &est.boost {
        Some(boost) => (
            boost.fitted_vehicle.on_earth(Earth::non_rotating()).toward(std::f64::consts::FRAC_PI_2)?.range_m,
            "same fitted vehicle, non-rotating sphere",
        ),
        None => {
            let sphere_launch =
                Launch { lat_rad: site.lat_rad, lon_rad: site.lon_rad, azimuth_rad: std::f64::consts::FRAC_PI_2 };
            let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..est.options.flight };
            let m = standard::standard(
                Model::Sphere,
                &Model::Sphere.earth(),
                &sphere_launch,
                b.speed_m_s,
                b.altitude_m,
                &quiet,
            )?
            .range_m();
            (m, "non-rotating sphere, same burnout speed")
        }
    };
    let mut places: Vec<PlaceReach> = crate::places::all()
        .iter()
        .filter(|p| p.kind != crate::places::PlaceKind::LaunchSite)
        .map(|p| {
            let (lat, lon) = (p.lat_deg.to_radians(), p.lon_deg.to_radians());
            let bearing_rad = geo::normalize_angle_rad(geo::initial_bearing_rad(site.lat_rad, site.lon_rad, lat, lon));
            PlaceReach {
                place: p,
                distance_m: earth.radius_m * geo::central_angle_between_rad(site.lat_rad, site.lon_rad, lat, lon),
                bearing_rad,
                range_m: contour.range_toward_m(bearing_rad),
            }
        })
        .collect();
    let key = |r: &PlaceReach| r.margin_m().unwrap_or(f64::INFINITY);
    places.sort_by(|x, y| key(x).total_cmp(&key(y)));
    Ok(ReachReport { contour, non_rotating_range_m, non_rotating_label, places })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flight::FlightOptions;

    /// Burnout speed of the 2017-11-28 seed case (4,475 km apogee, 950 km range).
    const SPEED_M_S: f64 = 7_195.3;

    fn site() -> Site {
        Site::from_degrees(39.0, 125.7).unwrap()
    }

    #[test]
    fn contour_vertices_are_the_single_azimuth_standard_estimates() {
        let earth = Model::Rotating.earth();
        let s = site();
        let opts = FlightOptions::default();
        let sw =
            standard::sweep(Model::Rotating, &earth, s.lat_rad, s.lon_rad, 30f64.to_radians(), SPEED_M_S, 0.0, &opts)
                .unwrap();
        for p in &sw.points {
            let launch = Launch { lat_rad: s.lat_rad, lon_rad: s.lon_rad, azimuth_rad: p.azimuth_rad };
            let one = standard::standard(Model::Rotating, &earth, &launch, SPEED_M_S, 0.0, &opts).unwrap();
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
        let earth = Model::Rotating.earth();
        let s = site();
        let opts = FlightOptions::default();
        for (lat, lon) in [(13.44, 144.79), (38.9, -77.04), (35.69, 139.69), (-33.87, 151.21)] {
            let (tl, tn) = (f64::to_radians(lat), f64::to_radians(lon));
            let t = toward_target(Model::Rotating, &earth, &s, tl, tn, SPEED_M_S, 0.0, &opts).unwrap();
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
        let earth = Model::Rotating.earth();
        let s = site();
        let opts = FlightOptions::default();
        let sw =
            standard::sweep(Model::Rotating, &earth, s.lat_rad, s.lon_rad, 1f64.to_radians(), SPEED_M_S, 0.0, &opts)
                .unwrap();
        let c = Contour::from_sweep(&earth, &s, &sw.points);
        for (lat, lon) in [(13.44, 144.79), (38.9, -77.04), (51.5, -0.13), (-33.87, 151.21)] {
            let (tl, tn) = (f64::to_radians(lat), f64::to_radians(lon));
            let t = toward_target(Model::Rotating, &earth, &s, tl, tn, SPEED_M_S, 0.0, &opts).unwrap();
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
