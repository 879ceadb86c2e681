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
    /// bearing has global reach. Between the two vertices whose bearings bracket it the
    /// distance goes linearly with the bearing (polar interpolation, as the maps draw
    /// the edge: [`Contour::outline_rad`]), so a reading never falls below the nearer
    /// of the two impacts. A straight chord would: near the antipode the impacts'
    /// bearings spread (rotation deflects them), and a chord between vertices 30° apart
    /// at 19,000 km runs about 650 km inside both.
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
        Some(Self::along_edge_m(p, q, b))
    }

    /// The distance on the edge from `p` to `q` (clockwise) at bearing `b`, m: linear in
    /// the bearing.
    fn along_edge_m(p: &ContourPoint, q: &ContourPoint, b: f64) -> f64 {
        let width = geo::normalize_angle_rad(q.bearing_rad - p.bearing_rad);
        if width < 1e-12 {
            return p.distance_m.min(q.distance_m);
        }
        let t = (geo::normalize_angle_rad(b - p.bearing_rad) / width).clamp(0.0, 1.0);
        p.distance_m + t * (q.distance_m - p.distance_m)
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
            } else if n > 1 {
                // A wide edge (impacts far apart in bearing, near the antipode): its
                // points every degree at most, at the distance range_toward_m reads.
                let width = geo::normalize_angle_rad(next.bearing_rad - p.bearing_rad);
                let steps = width.to_degrees().ceil() as usize;
                for k in 1..steps {
                    let b = p.bearing_rad + width * k as f64 / steps as f64;
                    let d = Self::along_edge_m(p, next, b);
                    out.push(earth.destination_rad(site.lat_rad, site.lon_rad, b, d));
                }
            }
        }
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

    #[test]
    fn readings_between_far_apart_impacts_never_dip_below_the_nearer() {
        // Two impacts 30° apart in bearing at 19,000 and 19,300 km (a Hwasong-19 sweep
        // near the antipode): a straight chord in the azimuthal plane would read
        // 19,000 cos 15° ≈ 18,353 km midway; the polar edge reads the mean, 19,150 km.
        let v = |bearing_deg: f64, d_m: f64| ContourPoint {
            azimuth_rad: bearing_deg.to_radians(),
            impact_lat_rad: 0.0,
            impact_lon_rad: 0.0,
            bearing_rad: bearing_deg.to_radians(),
            distance_m: d_m,
        };
        let c = Contour { points: vec![v(0.0, 19_000e3), v(30.0, 19_300e3), v(180.0, 19_000e3)], global: vec![] };
        assert!((c.range_toward_m(15f64.to_radians()).unwrap() - 19_150e3).abs() < 1e-6);
        assert!((c.range_toward_m(10f64.to_radians()).unwrap() - 19_100e3).abs() < 1e-6);
        // Across north (the last vertex to the first).
        assert!((c.range_toward_m(270f64.to_radians()).unwrap() - 19_000e3).abs() < 1e-6);
        for deg in 0..360 {
            let r = c.range_toward_m(f64::from(deg).to_radians()).unwrap();
            assert!((19_000e3 - 1e-6..=19_300e3 + 1e-6).contains(&r), "{deg}: {r}");
        }
        // The outline draws the same edge: every point at most a degree apart in bearing
        // and at the distance the reading gives.
        let earth = Earth::non_rotating();
        let site = Site::new(0.0, 0.0);
        let c = Contour {
            points: [(0.0, 19_000e3), (30.0, 19_300e3), (180.0, 19_000e3)]
                .map(|(b, d)| {
                    let (lat, lon) = earth.destination_rad(0.0, 0.0, f64::to_radians(b), d);
                    ContourPoint { impact_lat_rad: lat, impact_lon_rad: lon, ..v(b, d) }
                })
                .to_vec(),
            global: vec![],
        };
        let outline = c.outline_rad(&earth, &site);
        assert!(outline.len() >= 360, "{}", outline.len());
        for (lat, lon) in outline {
            let b = earth.bearing_rad(0.0, 0.0, lat, lon);
            let d = earth.distance_m(0.0, 0.0, lat, lon);
            assert!((d - c.range_toward_m(b).unwrap()).abs() < 1.0, "{}: {d}", b.to_degrees());
        }
    }
}
