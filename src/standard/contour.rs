//! The reach contour: where the standard trajectories over all launch azimuths land,
//! over the bounded directions, and the sectors of bearings with global reach.

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::geo::{self, Site};
use crate::standard;

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
    /// The contour from sweep points (in azimuth order, as `sweep_with` gives them).
    pub fn from_sweep(earth: &Earth, site: &Site, points: &[standard::AzimuthRange]) -> Contour {
        let vertex = |p: &standard::AzimuthRange| {
            let (lat, lon) = (p.impact_lat_rad?, p.impact_lon_rad?);
            p.range_m?;
            Some(ContourPoint {
                azimuth_rad: p.azimuth_rad,
                impact_lat_rad: lat,
                impact_lon_rad: lon,
                bearing_rad: earth.bearing_rad(site.lat_rad, site.lon_rad, lat, lon),
                distance_m: earth.distance_m(site.lat_rad, site.lon_rad, lat, lon),
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
                // The sector runs clockwise from the neighbour before to the one after,
                // unless the impacts' bearings come in the other order (near the antipode
                // they are ill-conditioned): then the arc that holds the middle launch
                // azimuth of the global run is the sector.
                let (first, last) = (points[(start + k) % n].azimuth_rad, points[(start + j + n - 1) % n].azimuth_rad);
                let mid = geo::normalize_angle_rad(first + 0.5 * geo::normalize_angle_rad(last - first));
                let clockwise = BearingSector { from_rad: before.bearing_rad, to_rad: after.bearing_rad, full: false };
                let counter = BearingSector { from_rad: after.bearing_rad, to_rad: before.bearing_rad, full: false };
                global.push(if clockwise.contains(mid) || !counter.contains(mid) { clockwise } else { counter });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A sweep every 10° whose impacts lie at `bearing(az)` and 10,000 km, global for
    /// azimuths in (from, to).
    fn sweep(global: (f64, f64), bearing: impl Fn(f64) -> f64) -> Vec<standard::AzimuthRange> {
        let earth = Earth::rotating();
        (0..36)
            .map(|i| {
                let az = f64::from(i) * 10.0;
                let g = az > global.0 && az < global.1;
                let (lat, lon) = earth.destination_rad(0.0, 0.0, bearing(az).to_radians(), 10_000e3);
                standard::AzimuthRange {
                    azimuth_rad: az.to_radians(),
                    range_m: (!g).then_some(10_000e3),
                    gamma_rad: (!g).then_some(0.4),
                    flight_time_s: (!g).then_some(2_000.0),
                    impact_lat_rad: (!g).then_some(lat),
                    impact_lon_rad: (!g).then_some(lon),
                }
            })
            .collect()
    }

    #[test]
    fn global_sectors_lie_between_the_bounded_neighbours() {
        let earth = Earth::rotating();
        let site = Site::new(0.0, 0.0);
        // Impacts where launched: global between 60° and 120° (neighbours at 60° and 120°).
        let c = Contour::from_sweep(&earth, &site, &sweep((55.0, 125.0), |az| az));
        assert_eq!(c.global.len(), 1);
        let g = c.global[0];
        assert!((g.from_rad.to_degrees() - 50.0).abs() < 1e-6 && (g.to_rad.to_degrees() - 130.0).abs() < 1e-6, "{g:?}");
        assert!(c.range_toward_m(90f64.to_radians()).is_none());
        let west = c.range_toward_m(270f64.to_radians()).unwrap();
        assert!((west - 10_000e3).abs() < 60e3, "{west}");
        // Deflected impacts whose bearings cross over at the edges of the global run
        // (before at 115°, after at 65°): the sector is still the arc that holds the run.
        let crossed = |az: f64| {
            if az == 50.0 {
                115.0
            } else if az == 130.0 {
                65.0
            } else {
                az
            }
        };
        let c = Contour::from_sweep(&earth, &site, &sweep((55.0, 125.0), crossed));
        assert!(c.range_toward_m(90f64.to_radians()).is_none());
        assert!(c.range_toward_m(270f64.to_radians()).is_some(), "{:?}", c.global);
    }
}
