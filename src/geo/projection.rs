//! Map projections on a sphere: azimuthal equidistant (range rings around a
//! launch site are circles, distance from the centre is true to scale) and
//! equirectangular (plate carrée, for world maps).
//!
//! Pure math. Angles are radians, lengths metres; x points east, y north.
//! Longitudes returned are in (−π, π].

#[cfg(test)]
use std::f64::consts::FRAC_PI_2;
use std::f64::consts::{PI, TAU};

/// Wraps an angle to (−π, π].
pub fn wrap_pi_rad(angle_rad: f64) -> f64 {
    let a = angle_rad.rem_euclid(TAU); // [0, 2π)
    if a > PI {
        a - TAU
    } else {
        a
    }
}

/// Unit vector of a point on the sphere, Earth-centred (x to lon 0, z to the north pole).
fn unit_vector(lat_rad: f64, lon_rad: f64) -> [f64; 3] {
    let (sin_lat, cos_lat) = lat_rad.sin_cos();
    let (sin_lon, cos_lon) = lon_rad.sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// Azimuthal equidistant projection centred on (lat0, lon0) on a sphere of
/// radius R: a point at great-circle distance d and initial bearing β from
/// the centre goes to x = d sin β, y = d cos β.
///
/// Computed with unit vectors and `atan2`, so it stays accurate at the poles
/// and up to the antipode (which maps to the whole circle of radius πR; this
/// implementation sends it to bearing π, i.e. (0, −πR)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AzimuthalEquidistant {
    lat0_rad: f64,
    lon0_rad: f64,
    radius_m: f64,
    /// Centre, local east and local north unit vectors.
    up: [f64; 3],
    east: [f64; 3],
    north: [f64; 3],
}

impl AzimuthalEquidistant {
    /// Projection centred on (lat0, lon0) for a sphere of radius `radius_m`.
    pub fn new(lat0_rad: f64, lon0_rad: f64, radius_m: f64) -> Self {
        let (sin_lat0, cos_lat0) = lat0_rad.sin_cos();
        let (sin_lon0, cos_lon0) = lon0_rad.sin_cos();
        Self {
            lat0_rad,
            lon0_rad,
            radius_m,
            up: [cos_lat0 * cos_lon0, cos_lat0 * sin_lon0, sin_lat0],
            east: [-sin_lon0, cos_lon0, 0.0],
            north: [-sin_lat0 * cos_lon0, -sin_lat0 * sin_lon0, cos_lat0],
        }
    }

    /// Largest distance from the centre of a projected point: πR (the antipode).
    #[cfg(test)]
    pub fn max_rho_m(&self) -> f64 {
        PI * self.radius_m
    }

    /// Polar coordinates of a point: great-circle distance from the centre (m)
    /// and initial bearing from the centre (rad, clockwise from north, in (−π, π]).
    pub fn polar(&self, lat_rad: f64, lon_rad: f64) -> (f64, f64) {
        let p = unit_vector(lat_rad, lon_rad);
        let e = dot(p, self.east);
        let n = dot(p, self.north);
        let u = dot(p, self.up);
        let sin_c = e.hypot(n);
        let c_rad = sin_c.atan2(u);
        let bearing_rad = if sin_c == 0.0 {
            if u > 0.0 {
                0.0
            } else {
                PI
            }
        } else {
            e.atan2(n)
        };
        (self.radius_m * c_rad, bearing_rad)
    }

    /// (lat, lon) → (x_m, y_m).
    pub fn forward(&self, lat_rad: f64, lon_rad: f64) -> (f64, f64) {
        let (rho_m, bearing_rad) = self.polar(lat_rad, lon_rad);
        let (sin_b, cos_b) = bearing_rad.sin_cos();
        (rho_m * sin_b, rho_m * cos_b)
    }

    /// (x_m, y_m) → (lat, lon); `None` outside the disc of radius πR (a small
    /// tolerance allowed) or for non-finite input.
    #[cfg(test)]
    pub fn inverse(&self, x_m: f64, y_m: f64) -> Option<(f64, f64)> {
        if !(x_m.is_finite() && y_m.is_finite()) {
            return None;
        }
        let rho_m = x_m.hypot(y_m);
        let c_rad = rho_m / self.radius_m;
        if c_rad > PI * (1.0 + 1e-12) {
            return None;
        }
        let (sin_c, cos_c) = c_rad.sin_cos();
        // Unit direction in the tangent plane: (x, y) / rho.
        let (de, dn) = if rho_m == 0.0 { (0.0, 0.0) } else { (x_m / rho_m, y_m / rho_m) };
        let p: [f64; 3] =
            std::array::from_fn(|i| cos_c * self.up[i] + sin_c * (de * self.east[i] + dn * self.north[i]));
        let lat_rad = p[2].atan2(p[0].hypot(p[1]));
        let lon_rad = if p[0] == 0.0 && p[1] == 0.0 {
            // A pole: longitude is arbitrary; keep the centre's.
            wrap_pi_rad(self.lon0_rad)
        } else {
            p[1].atan2(p[0])
        };
        Some((lat_rad, wrap_pi_rad(lon_rad)))
    }
}

/// Equirectangular projection: x = R (λ − λ0) cos φs, y = R φ, with λ − λ0
/// wrapped to (−π, π] (so the map is cut at λ0 + π).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Equirectangular {
    lon0_rad: f64,
    standard_parallel_rad: f64,
    radius_m: f64,
}

impl Equirectangular {
    /// Centre meridian `lon0_rad`; `standard_parallel_rad` is the latitude
    /// true to scale east–west (0 for plate carrée).
    pub fn new(lon0_rad: f64, standard_parallel_rad: f64, radius_m: f64) -> Self {
        Self { lon0_rad, standard_parallel_rad, radius_m }
    }

    /// Half-widths of the map: (π R cos φs, π R / 2).
    #[cfg(test)]
    pub fn half_extent_m(&self) -> (f64, f64) {
        (PI * self.radius_m * self.standard_parallel_rad.cos(), FRAC_PI_2 * self.radius_m)
    }

    /// (lat, lon) → (x_m, y_m).
    pub fn forward(&self, lat_rad: f64, lon_rad: f64) -> (f64, f64) {
        let dlon_rad = wrap_pi_rad(lon_rad - self.lon0_rad);
        (self.radius_m * dlon_rad * self.standard_parallel_rad.cos(), self.radius_m * lat_rad)
    }

    /// (x_m, y_m) → (lat, lon); `None` off the map or for non-finite input.
    #[cfg(test)]
    pub fn inverse(&self, x_m: f64, y_m: f64) -> Option<(f64, f64)> {
        let lat_rad = y_m / self.radius_m;
        let dlon_rad = x_m / (self.radius_m * self.standard_parallel_rad.cos());
        let tol = 1.0 + 1e-12;
        if !(lat_rad.is_finite() && dlon_rad.is_finite())
            || lat_rad.abs() > FRAC_PI_2 * tol
            || dlon_rad.abs() > PI * tol
        {
            return None;
        }
        Some((lat_rad.clamp(-FRAC_PI_2, FRAC_PI_2), wrap_pi_rad(self.lon0_rad + dlon_rad)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    const R_M: f64 = 6_371_008.8;

    /// Great-circle central angle, Vincenty's formula for the sphere
    /// (stable from 0 to π; independent of the vector code above).
    fn central_angle_rad(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
        let dlon = lon2 - lon1;
        let a = lat2.cos() * dlon.sin();
        let b = lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos();
        let c = lat1.sin() * lat2.sin() + lat1.cos() * lat2.cos() * dlon.cos();
        a.hypot(b).atan2(c)
    }

    /// Haversine, for a second opinion away from the antipode.
    fn haversine_rad(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
        let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
        2.0 * h.sqrt().min(1.0).asin()
    }

    /// Initial bearing, the textbook formula.
    fn initial_bearing_rad(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
        let dlon = lon2 - lon1;
        (dlon.sin() * lat2.cos()).atan2(lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos())
    }

    fn random_point(rng: &mut ChaCha8Rng) -> (f64, f64) {
        // Uniform on the sphere.
        let z: f64 = rng.gen_range(-1.0..=1.0);
        (z.asin(), rng.gen_range(-PI..PI))
    }

    fn angle_diff(a: f64, b: f64) -> f64 {
        wrap_pi_rad(a - b).abs()
    }

    #[test]
    fn wrap_pi() {
        assert_eq!(wrap_pi_rad(0.0), 0.0);
        assert!((wrap_pi_rad(3.0 * PI) - PI).abs() < 1e-12);
        assert!((wrap_pi_rad(-PI) - PI).abs() < 1e-12);
        assert!((wrap_pi_rad(-3.0 * FRAC_PI_2) - FRAC_PI_2).abs() < 1e-12);
    }

    #[test]
    fn aeqd_round_trip_random_points() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let (lat0, lon0) = random_point(&mut rng);
            let p = AzimuthalEquidistant::new(lat0, lon0, R_M);
            for _ in 0..200 {
                let (lat, lon) = random_point(&mut rng);
                let (x, y) = p.forward(lat, lon);
                let (lat2, lon2) = p.inverse(x, y).expect("inside the disc");
                let err = central_angle_rad(lat, lon, lat2, lon2);
                assert!(err < 1e-9, "round trip off by {err} rad at ({lat}, {lon}) centre ({lat0}, {lon0})");
                assert!((lat - lat2).abs() < 1e-9);
                // Longitude is meaningful only off the poles.
                assert!(angle_diff(lon, lon2) * lat.cos() < 1e-9);
            }
        }
    }

    #[test]
    fn aeqd_round_trip_near_antipode_and_poles() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let centres = [
            (0.0, 0.0),
            (FRAC_PI_2, 0.0),
            (-FRAC_PI_2, 1.0),
            (FRAC_PI_2 - 1e-10, 2.0),
            (0.68, 2.19), // near Pyongyang
            (-0.3, -3.1),
        ];
        for &(lat0, lon0) in &centres {
            let p = AzimuthalEquidistant::new(lat0, lon0, R_M);
            let (alat, alon) = (-lat0, wrap_pi_rad(lon0 + PI));
            for k in 0..400 {
                // Points within 1e-3 … 1e-8 rad of the antipode, of the poles, and the poles themselves.
                let eps = 10f64.powi(-3 - (k % 6));
                let (dlat, dlon): (f64, f64) = (rng.gen_range(-eps..eps), rng.gen_range(-eps..eps));
                let candidates = [
                    ((alat + dlat).clamp(-FRAC_PI_2, FRAC_PI_2), alon + dlon),
                    (FRAC_PI_2 - dlat.abs(), rng.gen_range(-PI..PI)),
                    (-FRAC_PI_2 + dlat.abs(), rng.gen_range(-PI..PI)),
                    (FRAC_PI_2, rng.gen_range(-PI..PI)),
                    (-FRAC_PI_2, 0.0),
                ];
                for (lat, lon) in candidates {
                    let (x, y) = p.forward(lat, lon);
                    assert!(x.hypot(y) <= p.max_rho_m() * (1.0 + 1e-15));
                    let (lat2, lon2) = p.inverse(x, y).unwrap();
                    let err = central_angle_rad(lat, lon, lat2, lon2);
                    assert!(err < 1e-9, "err {err} at ({lat}, {lon}), centre ({lat0}, {lon0})");
                }
            }
        }
    }

    #[test]
    fn aeqd_inverse_then_forward_is_identity_in_the_plane() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let p = AzimuthalEquidistant::new(0.6812, 2.1949, R_M);
        for _ in 0..20_000 {
            let rho = p.max_rho_m() * rng.gen_range(0.0f64..0.999_999).sqrt();
            let theta = rng.gen_range(-PI..PI);
            let (x, y) = (rho * theta.sin(), rho * theta.cos());
            let (lat, lon) = p.inverse(x, y).unwrap();
            let (x2, y2) = p.forward(lat, lon);
            // 1e-9 rad on the sphere ≈ 6.4 mm.
            assert!((x - x2).hypot(y - y2) < 1e-9 * R_M, "({x}, {y}) → ({x2}, {y2})");
        }
        assert!(p.inverse(p.max_rho_m() * 1.001, 0.0).is_none());
        assert!(p.inverse(f64::NAN, 0.0).is_none());
        let (lat, lon) = p.inverse(0.0, 0.0).unwrap();
        assert!((lat - 0.6812).abs() < 1e-15 && (lon - 2.1949).abs() < 1e-15);
    }

    #[test]
    fn aeqd_distance_and_bearing_match_great_circle() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for _ in 0..100 {
            let (lat0, lon0) = random_point(&mut rng);
            let p = AzimuthalEquidistant::new(lat0, lon0, R_M);
            for _ in 0..100 {
                let (lat, lon) = random_point(&mut rng);
                let (x, y) = p.forward(lat, lon);
                let c = central_angle_rad(lat0, lon0, lat, lon);
                assert!((x.hypot(y) - R_M * c).abs() < 1e-9 * R_M);
                let (rho, bearing) = p.polar(lat, lon);
                assert!((rho - R_M * c).abs() < 1e-9 * R_M);
                if c < 3.0 {
                    let h = haversine_rad(lat0, lon0, lat, lon);
                    assert!((x.hypot(y) - R_M * h).abs() < 1e-6 * R_M);
                }
                // Bearing is defined away from the centre and the antipode.
                if c > 1e-6 && c < PI - 1e-6 {
                    let b = initial_bearing_rad(lat0, lon0, lat, lon);
                    assert!(angle_diff(bearing, b) < 1e-9, "bearing {bearing} vs {b}");
                    assert!(angle_diff(x.atan2(y), b) < 1e-9);
                }
            }
        }
    }

    #[test]
    fn aeqd_known_values() {
        let p = AzimuthalEquidistant::new(0.0, 0.0, R_M);
        // A quarter circle east along the equator.
        let (x, y) = p.forward(0.0, FRAC_PI_2);
        assert!((x - FRAC_PI_2 * R_M).abs() < 1e-6 && y.abs() < 1e-6);
        // North pole: straight up, a quarter circle.
        let (x, y) = p.forward(FRAC_PI_2, 0.7);
        assert!(x.abs() < 1e-6 && (y - FRAC_PI_2 * R_M).abs() < 1e-6);
        // Centre on the north pole: meridian 0 goes down (south is −y), meridian 90°E goes east.
        let np = AzimuthalEquidistant::new(FRAC_PI_2, 0.0, R_M);
        let (x, y) = np.forward(0.0, 0.0);
        assert!(x.abs() < 1e-6 && (y + FRAC_PI_2 * R_M).abs() < 1e-6);
        let (x, y) = np.forward(0.0, FRAC_PI_2);
        assert!((x - FRAC_PI_2 * R_M).abs() < 1e-6 && y.abs() < 1e-6);
        // The antipode itself: distance πR.
        let (x, y) = p.forward(0.0, PI);
        assert!((x.hypot(y) - PI * R_M).abs() < 1e-6);
    }

    #[test]
    fn equirectangular_round_trip_and_values() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for &(lon0, phi_s) in &[(0.0, 0.0), (2.19, 0.0), (-1.0, 0.7), (PI, 0.3)] {
            let p = Equirectangular::new(lon0, phi_s, R_M);
            for _ in 0..10_000 {
                let (lat, lon) = random_point(&mut rng);
                let (x, y) = p.forward(lat, lon);
                let (hx, hy) = p.half_extent_m();
                assert!(x.abs() <= hx * (1.0 + 1e-12) && y.abs() <= hy * (1.0 + 1e-12));
                let (lat2, lon2) = p.inverse(x, y).unwrap();
                assert!((lat - lat2).abs() < 1e-9);
                assert!(angle_diff(lon, lon2) < 1e-9);
            }
            for &lat in &[FRAC_PI_2, -FRAC_PI_2] {
                let (x, y) = p.forward(lat, 0.3);
                let (lat2, _) = p.inverse(x, y).unwrap();
                assert!((lat2 - lat).abs() < 1e-12);
            }
        }
        let p = Equirectangular::new(0.0, 0.0, R_M);
        let (x, y) = p.forward(FRAC_PI_2 / 2.0, -FRAC_PI_2);
        assert!((x + FRAC_PI_2 * R_M).abs() < 1e-6 && (y - FRAC_PI_2 / 2.0 * R_M).abs() < 1e-6);
        assert!(p.inverse(0.0, R_M * 1.6).is_none());
        assert!(p.inverse(R_M * 3.2, 0.0).is_none());
    }
}
