//! WGS 84 geodesy for model 4 (`earth`) of MODEL.md: the ellipsoid's constants,
//! geodetic ⇄ ECEF conversion, the ellipsoid normal and the local east-north-up frame,
//! geodesics (Karney 2013, through `geographiclib-rs`), and the geodetic height and its
//! rate of change (the apogee event).
//!
//! Conventions: SI units and radians everywhere, the unit in every name. ECEF is the
//! WGS 84 Earth-fixed frame (z to the north pole, x to longitude 0). Latitudes are
//! geodetic. Azimuths are clockwise from (geodetic) north in [0, 2π), as MODEL.md fixes
//! for azimuths; longitudes returned are in (−π, π].

use std::f64::consts::{FRAC_PI_2, PI, TAU};
use std::sync::LazyLock;

use geographiclib_rs::{DirectGeodesic, Geodesic as KarneyGeodesic, InverseGeodesic};
use nalgebra::Vector3;

use crate::constants::{WGS84_A_M, WGS84_INV_F};

// Derived geometric constants of the ellipsoid. NGA.STND.0036 (2014), §3 defines WGS 84 by
// its four defining parameters (Table 3.1: a, 1/f, GM, ω) and derives the ellipsoid's other
// geometric constants from a and 1/f, as here: b = a(1 − f), e² = f(2 − f),
// e'² = e²/(1 − e²).

/// Semi-major (equatorial) axis a, m (NGA.STND.0036 Table 3.1; re-exported for this module).
#[cfg(test)]
pub const A_M: f64 = WGS84_A_M;

/// Flattening f = 1/(1/f) (NGA.STND.0036 Table 3.1).
pub const FLATTENING: f64 = 1.0 / WGS84_INV_F;

/// Semi-minor (polar) axis b = a(1 − f), m (NGA.STND.0036 §3: 6 356 752.3142 m).
#[cfg(test)]
pub const B_M: f64 = WGS84_A_M * (1.0 - FLATTENING);

/// First eccentricity squared e² = f(2 − f) = (a² − b²)/a² (NGA.STND.0036 §3).
#[cfg(test)]
pub const E2: f64 = FLATTENING * (2.0 - FLATTENING);

/// Second eccentricity squared e'² = e²/(1 − e²) = (a² − b²)/b² (NGA.STND.0036 §3).
#[cfg(test)]
pub const EP2: f64 = E2 / (1.0 - E2);

/// A geodetic position: latitude and longitude (rad) and height above the ellipsoid
/// along its normal (m).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geodetic {
    /// Geodetic latitude, rad, in [−π/2, π/2].
    pub lat_rad: f64,
    /// Longitude, rad, in (−π, π].
    pub lon_rad: f64,
    /// Height above the ellipsoid along the normal, m (negative below it).
    pub height_m: f64,
}

/// An ellipsoid of revolution: equatorial radius a and flattening f (f = 0: a sphere of
/// radius a, for which every function here reduces to spherical geometry exactly).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ellipsoid {
    /// Equatorial radius a, m.
    pub a_m: f64,
    /// Flattening f = (a − b)/a.
    pub f: f64,
}

/// Heights above the ellipsoid up to which [`Ellipsoid::height_m`] iterates (beyond, it
/// uses the exact conversion), m.
pub const FAST_HEIGHT_MAX_M: f64 = 1_000e3;

/// The WGS 84 ellipsoid (NGA.STND.0036 Table 3.1).
pub const WGS84: Ellipsoid = Ellipsoid { a_m: WGS84_A_M, f: FLATTENING };

impl Ellipsoid {
    /// First eccentricity squared e² = f(2 − f).
    #[inline]
    pub fn e2(&self) -> f64 {
        self.f * (2.0 - self.f)
    }

    /// Polar radius b = a(1 − f), m.
    pub fn b_m(&self) -> f64 {
        self.a_m * (1.0 - self.f)
    }

    /// Karney's geodesic solver for this ellipsoid (WGS 84's is built once).
    fn karney(&self) -> std::borrow::Cow<'static, KarneyGeodesic> {
        if *self == WGS84 {
            std::borrow::Cow::Borrowed(&*KARNEY)
        } else {
            std::borrow::Cow::Owned(KarneyGeodesic::new(self.a_m, self.f))
        }
    }

    /// ECEF position (m) of geodetic latitude, longitude and height (the standard closed form).
    pub fn geodetic_to_ecef(&self, lat_rad: f64, lon_rad: f64, height_m: f64) -> Vector3<f64> {
        let (e2, one_minus_e2) = (self.e2(), 1.0 - self.e2());
        let (slat, clat) = lat_rad.sin_cos();
        let (slon, clon) = lon_rad.sin_cos();
        let n = self.a_m / (1.0 - e2 * slat * slat).sqrt();
        let rho = (n + height_m) * clat;
        Vector3::new(rho * clon, rho * slon, (n * one_minus_e2 + height_m) * slat)
    }

    /// Geodetic latitude, longitude and height of an ECEF position (m), exact to rounding
    /// (Vermeille 2002 in Karney's form; see `ecef_to_geodetic`).
    pub fn ecef_to_geodetic(&self, r_m: &Vector3<f64>) -> Geodetic {
        let (sin_lat, cos_lat, height_m) = self.sin_cos_lat_height(r_m);
        let lon = r_m.y.atan2(r_m.x);
        // atan2 gives −π for y = −0 or a y that rounds to it; (−π, π] reports that as π.
        let lon_rad = if lon <= -PI { lon + TAU } else { lon };
        Geodetic { lat_rad: sin_lat.atan2(cos_lat), lon_rad, height_m }
    }

    /// The geodetic height of an ECEF position within `FAST_HEIGHT_MAX_M` of the
    /// surface, m, by square roots and divisions only (for the air's density in a flight's
    /// right-hand side, evaluated a dozen times a step); farther out, or within 100 km of
    /// the centre, [`Ellipsoid::ecef_to_geodetic`]'s.
    ///
    /// The geodetic latitude φ solves tan φ = (z + e² N sin φ)/p (p the distance from the
    /// axis, N the prime-vertical radius); iterated from its value on the surface, z/((1 −
    /// e²) p), each step multiplies its error (at most about 1e-3 rad at 1,000 km) by about
    /// e². Two steps leave a latitude error below 1e-7 rad up to 1,000 km; the height, h = p cos φ +
    /// z sin φ − a √(1 − e² sin² φ), is stationary in φ (the distance along the normal), so
    /// its error is of the order of R δφ²: far below a micrometre (a test compares it with
    /// Vermeille's exact conversion). Near the poles the same iteration runs on cot φ.
    #[inline]
    pub fn height_m(&self, r_m: &Vector3<f64>) -> f64 {
        let (a, e2) = (self.a_m, self.e2());
        let (x, y, z) = (r_m.x, r_m.y, r_m.z);
        let p2 = x * x + y * y;
        let p = p2.sqrt();
        let r2 = p2 + z * z;
        if !(r2 > 1e10 && r2 < (a + FAST_HEIGHT_MAX_M).powi(2)) {
            return self.sin_cos_lat_height(r_m).2;
        }
        let (s, c) = if z.abs() <= p {
            // t = tan φ.
            let mut t = z / ((1.0 - e2) * p);
            for _ in 0..2 {
                t = (z + e2 * a * t / (1.0 + (1.0 - e2) * t * t).sqrt()) / p;
            }
            let c = 1.0 / (1.0 + t * t).sqrt();
            (t * c, c)
        } else {
            // u = cot φ, with the sign of z.
            let sz = z.signum();
            let mut u = (1.0 - e2) * p / z;
            for _ in 0..2 {
                u = p / (z + e2 * a * sz / (1.0 + u * u - e2).sqrt());
            }
            let s = sz / (1.0 + u * u).sqrt();
            (s, u * s)
        };
        p * c + z * s - a * (1.0 - e2 * s * s).sqrt()
    }

    /// Vermeille's exact conversion: sine and cosine of the geodetic latitude, and the
    /// geodetic height, m.
    fn sin_cos_lat_height(&self, r_m: &Vector3<f64>) -> (f64, f64, f64) {
        let e2 = self.e2();
        let (e4, one_minus_e2) = (e2 * e2, 1.0 - e2);
        let (x, y, z) = (r_m.x, r_m.y, r_m.z);
        let rho = x.hypot(y);
        let p = (rho / self.a_m).powi(2);
        let q = one_minus_e2 * (z / self.a_m).powi(2);
        let r = (p + q - e4) / 6.0;
        let (sin_lat, cos_lat, height_m);
        if !(e4 * q == 0.0 && r <= 0.0) {
            // S = r³ s and T = r t of Vermeille, multiplied through by powers of r so that r = 0
            // (the evolute's cusp) divides nothing.
            let s = e4 * p * q / 4.0;
            let r2 = r * r;
            let r3 = r * r2;
            let disc = s * (2.0 * r3 + s);
            let mut u = r;
            if disc >= 0.0 {
                // The root of larger magnitude for T³ avoids cancellation; u is the same.
                let mut t3 = s + r3;
                t3 += if t3 < 0.0 { -disc.sqrt() } else { disc.sqrt() };
                let t = t3.cbrt();
                u += t + if t != 0.0 { r2 / t } else { 0.0 };
            } else {
                // Inside the evolute (r < 0): three real roots; this one avoids cancellation.
                let ang = (-disc).sqrt().atan2(-(s + r3));
                u += 2.0 * r * (ang / 3.0).cos();
            }
            let v = (u * u + e4 * q).sqrt(); // > 0
            let uv = if u < 0.0 { e4 * q / (v - u) } else { u + v }; // u + v without cancellation
            let w = (e2 * (uv - q) / (2.0 * v)).max(0.0);
            let k = uv / ((uv + w * w).sqrt() + w); // = √(u + v + w²) − w
            let k2 = k + e2;
            let d = k * rho / k2;
            let hyp = (z / k).hypot(rho / k2);
            sin_lat = (z / k) / hyp;
            cos_lat = (rho / k2) / hyp;
            height_m = (1.0 - one_minus_e2 / k) * d.hypot(z);
        } else {
            // On the equatorial plane within e²a of the axis: the nearest surface points are
            // off the equator, at cos φ = ρ/(N e²), with h = −N(1 − e²) (the limit k → 0).
            let zz = ((e4 - p) / one_minus_e2).sqrt();
            let xx = p.sqrt();
            let hyp = zz.hypot(xx);
            sin_lat = if z < 0.0 { -zz / hyp } else { zz / hyp };
            cos_lat = xx / hyp;
            height_m = -self.a_m * one_minus_e2 * hyp / e2;
        }
        (sin_lat, cos_lat, height_m)
    }

    /// Rate of change of the geodetic height, m/s, for ECEF position and Earth-relative
    /// velocity (the velocity along the normal at the sub-point).
    pub fn height_rate_m_s(&self, r_m: &Vector3<f64>, v_m_s: &Vector3<f64>) -> f64 {
        let g = self.ecef_to_geodetic(r_m);
        up(g.lat_rad, g.lon_rad).dot(v_m_s)
    }

    /// Inverse geodesic problem (Karney 2013): distance and forward azimuths.
    pub fn geodesic_inverse(&self, lat1_rad: f64, lon1_rad: f64, lat2_rad: f64, lon2_rad: f64) -> Geodesic {
        let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) =
            self.karney().inverse(lat_deg(lat1_rad), lon1_rad.to_degrees(), lat_deg(lat2_rad), lon2_rad.to_degrees());
        Geodesic { distance_m: s12, azi1_rad: azimuth_rad(azi1), azi2_rad: azimuth_rad(azi2) }
    }

    /// Direct geodesic problem (Karney 2013): the end point, (lat, lon) rad.
    pub fn geodesic_direct(&self, lat_rad: f64, lon_rad: f64, azi_rad: f64, distance_m: f64) -> (f64, f64) {
        let (lat2, lon2): (f64, f64) =
            self.karney().direct(lat_deg(lat_rad), lon_rad.to_degrees(), azi_rad.to_degrees(), distance_m);
        let lon2_rad = lon2.to_radians();
        (lat2.to_radians(), if lon2_rad <= -PI { lon2_rad + TAU } else { lon2_rad })
    }

    /// Half the meridian, pole to pole, m: the antipodal limit of any ground range.
    pub fn half_meridian_m(&self) -> f64 {
        if *self == WGS84 {
            return *HALF_MERIDIAN_M;
        }
        self.geodesic_inverse(FRAC_PI_2, 0.0, -FRAC_PI_2, 0.0).distance_m
    }
}

/// Radius of curvature in the prime vertical N(φ) = a/√(1 − e² sin²φ), m: the length of the
/// ellipsoid normal from the surface at latitude φ to the polar axis.
#[inline]
#[cfg(test)]
pub fn prime_vertical_radius_m(lat_rad: f64) -> f64 {
    let s = lat_rad.sin();
    WGS84_A_M / (1.0 - E2 * s * s).sqrt()
}

/// ECEF position (m) of geodetic latitude, longitude and height, by the standard closed form
/// x = (N + h) cos φ cos λ, y = (N + h) cos φ sin λ, z = (N(1 − e²) + h) sin φ.
#[cfg(test)]
pub fn geodetic_to_ecef(lat_rad: f64, lon_rad: f64, height_m: f64) -> Vector3<f64> {
    WGS84.geodetic_to_ecef(lat_rad, lon_rad, height_m)
}

/// Geodetic latitude, longitude and height of an ECEF position (m), exact to rounding
/// (nanometres at the surface, far below 1 mm at any height from the centre to beyond
/// 100 000 km).
///
/// Method: the closed-form solution of the quartic for the foot of the normal by
/// H. Vermeille, "Direct transformation from geocentric coordinates to geodetic
/// coordinates", J. Geodesy 76 (2002) 451–454, in the form that C. F. F. Karney gives with
/// its cancellations removed and extended into the evolute near the centre ("Geodesics on
/// an ellipsoid of revolution", arXiv:1102.1215 (2011), appendix B; GeographicLib's
/// `Geocentric`). No iteration, so no convergence threshold.
#[cfg(test)]
pub fn ecef_to_geodetic(r_m: &Vector3<f64>) -> Geodetic {
    WGS84.ecef_to_geodetic(r_m)
}

/// Geodetic height of an ECEF position above the ellipsoid, m.
#[inline]
#[cfg(test)]
pub fn geodetic_height_m(r_m: &Vector3<f64>) -> f64 {
    ecef_to_geodetic(r_m).height_m
}

/// Unit outward normal of the ellipsoid ("up") at geodetic latitude and longitude, in ECEF.
/// It is the same at every height on that normal.
#[inline]
pub fn up(lat_rad: f64, lon_rad: f64) -> Vector3<f64> {
    let (slat, clat) = lat_rad.sin_cos();
    let (slon, clon) = lon_rad.sin_cos();
    Vector3::new(clat * clon, clat * slon, slat)
}

/// Local east, north, up unit vectors at a geodetic (lat, lon), as the columns of a matrix
/// (the same layout as [`crate::geo::enu_basis`]): 'up' is the ellipsoid normal, east and
/// north span the geodetic horizontal plane, north toward the pole along the meridian.
#[cfg(test)]
pub fn enu_basis(lat_rad: f64, lon_rad: f64) -> nalgebra::Matrix3<f64> {
    // The same formula as on the sphere, with the geodetic latitude: the normal at
    // geodetic latitude φ is (cos φ cos λ, cos φ sin λ, sin φ).
    crate::geo::enu_basis(lat_rad, lon_rad)
}

/// Rate of change of the geodetic height, m/s, of a point at ECEF position `r_m` moving with
/// Earth-relative (ECEF) velocity `v_m_s`: the velocity's component along the ellipsoid
/// normal through the point (the normal at its sub-point). The height is the distance along
/// that normal to the nearest surface point, whose gradient is that unit normal, so this is
/// exact (outside the evolute, i.e. anywhere more than ~43 km from the Earth's centre).
/// MODEL.md model 4's apogee event is this rate crossing zero.
#[cfg(test)]
pub fn geodetic_height_rate_m_s(r_m: &Vector3<f64>, v_m_s: &Vector3<f64>) -> f64 {
    let g = ecef_to_geodetic(r_m);
    up(g.lat_rad, g.lon_rad).dot(v_m_s)
}

/// A geodesic on the WGS 84 ellipsoid between two points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geodesic {
    /// Length of the shortest geodesic, m.
    pub distance_m: f64,
    /// Forward azimuth at point 1, rad, clockwise from north, in [0, 2π).
    pub azi1_rad: f64,
    /// Forward azimuth at point 2 (the direction of travel on arrival), rad, in [0, 2π).
    pub azi2_rad: f64,
}

/// Karney's geodesic solver for this module's a and f (built once).
static KARNEY: LazyLock<KarneyGeodesic> = LazyLock::new(|| KarneyGeodesic::new(WGS84_A_M, FLATTENING));

/// Latitude in degrees for GeographicLib, which rejects |lat| > 90° (π/2 in radians can
/// round to 90.000 000 000 000 01°).
#[inline]
fn lat_deg(lat_rad: f64) -> f64 {
    lat_rad.to_degrees().clamp(-90.0, 90.0)
}

/// Azimuth in degrees from GeographicLib ((−180°, 180°]) to radians in [0, 2π).
#[inline]
fn azimuth_rad(azi_deg: f64) -> f64 {
    let a = azi_deg.to_radians();
    let a = if a < 0.0 { a + TAU } else { a };
    if a >= TAU {
        0.0
    } else {
        a
    }
}

/// Inverse geodesic problem on WGS 84: the shortest distance and the forward azimuths at both
/// ends between two geodetic points, by C. F. F. Karney, "Algorithms for geodesics",
/// J. Geodesy 87 (2013) 43–55 (`geographiclib-rs`), accurate to about 15 nm, antipodal
/// points included.
pub fn geodesic_inverse(lat1_rad: f64, lon1_rad: f64, lat2_rad: f64, lon2_rad: f64) -> Geodesic {
    let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) =
        KARNEY.inverse(lat_deg(lat1_rad), lon1_rad.to_degrees(), lat_deg(lat2_rad), lon2_rad.to_degrees());
    Geodesic { distance_m: s12, azi1_rad: azimuth_rad(azi1), azi2_rad: azimuth_rad(azi2) }
}

/// Direct geodesic problem on WGS 84: the end point (lat, lon in rad; lon in (−π, π]) of the
/// geodesic of length `distance_m` leaving (lat, lon) at azimuth `azi_rad` (Karney 2013).
#[cfg(test)]
pub fn geodesic_direct(lat_rad: f64, lon_rad: f64, azi_rad: f64, distance_m: f64) -> (f64, f64) {
    let (lat2, lon2): (f64, f64) =
        KARNEY.direct(lat_deg(lat_rad), lon_rad.to_degrees(), azi_rad.to_degrees(), distance_m);
    let lon2_rad = lon2.to_radians();
    // GeographicLib returns longitudes in [−180°, 180°); report (−π, π] like the rest.
    (lat2.to_radians(), if lon2_rad <= -PI { lon2_rad + TAU } else { lon2_rad })
}

static HALF_MERIDIAN_M: LazyLock<f64> = LazyLock::new(|| geodesic_inverse(FRAC_PI_2, 0.0, -FRAC_PI_2, 0.0).distance_m);

/// Half the meridian, pole to pole, m (20 003 931.4586 m): the longest shortest geodesic on
/// WGS 84, so the antipodal limit of any ground range (MODEL.md). Computed from the geodesic.
#[cfg(test)]
pub fn half_meridian_m() -> f64 {
    *HALF_MERIDIAN_M
}

#[cfg(test)]
// Published reference values are kept with every digit their source prints.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    /// WGS 84 semi-minor axis as published to 0.1 mm (Hofmann-Wellenhof & Moritz, Physical
    /// Geodesy, 2006, as listed in the Boule documentation, "WGS84").
    const PUBLISHED_B_M: f64 = 6_356_752.314_2;

    /// Difference of two angles reduced to (−π, π].
    fn angle_diff(a: f64, b: f64) -> f64 {
        let d = (a - b).rem_euclid(TAU);
        if d > PI {
            d - TAU
        } else {
            d
        }
    }

    #[test]
    fn fast_height_is_the_geodetic_height_to_a_micrometre() {
        // Points built from their geodetic coordinates (the forward conversion is closed
        // form), at every latitude, the poles included, from below the surface to past the
        // fast range: the height comes back to 1e-6 m.
        for i in 0..=180 {
            let lat = (-90.0 + i as f64).to_radians();
            for h in [-5e3, 0.0, 10.0, 20e3, 86e3, 150e3, 400e3, 999e3, 1_200e3, 5_000e3] {
                let lon = (7.0 * i as f64).to_radians();
                let r = WGS84.geodetic_to_ecef(lat, lon, h);
                let fast = WGS84.height_m(&r);
                assert!((fast - h).abs() < 1e-6, "lat {} h {h}: {fast}", lat.to_degrees());
                assert!((fast - WGS84.ecef_to_geodetic(&r).height_m).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn derived_constants_match_published_values() {
        // Published derived values of WGS 84 (Hofmann-Wellenhof & Moritz, Physical Geodesy,
        // 2nd ed. 2006, as listed in the Boule documentation, "WGS84"): b = 6 356 752.3142 m,
        // e = 8.1819190842621e-2, e' = 8.2094437949696e-2 (b to 0.1 mm as printed).
        assert!((B_M - PUBLISHED_B_M).abs() < 5e-5, "b = {B_M}");
        assert!((E2.sqrt() - 8.181_919_084_262_1e-2).abs() < 1e-15, "e² = {E2}");
        assert!((EP2.sqrt() - 8.209_443_794_969_6e-2).abs() < 1e-15, "e'² = {EP2}");
        // And the algebraic identities e² = (a² − b²)/a², e'² = (a² − b²)/b².
        let (a2, b2) = (A_M * A_M, B_M * B_M);
        assert!((E2 - (a2 - b2) / a2).abs() < 1e-15);
        assert!((EP2 - (a2 - b2) / b2).abs() < 1e-15);
    }

    #[test]
    fn round_trip_geodetic_ecef_geodetic_over_a_grid() {
        let lats_deg = [
            -90.0,
            -89.999_999,
            -89.9,
            -75.0,
            -60.0,
            -45.5,
            -10.0,
            -1e-6,
            0.0,
            1e-9,
            0.1,
            30.0,
            45.0,
            60.0,
            80.0,
            89.9,
            89.999_99,
            90.0,
        ];
        let lons_deg = [-180.0, -135.0, -90.0, -1.0, 0.0, 1e-7, 45.0, 90.0, 179.9, 180.0];
        let heights_m =
            [-10_000.0, -1_000.0, -1.0, 0.0, 1e-3, 1.0, 1_000.0, 10_000.0, 100_000.0, 1e6, 6.4e6, 1e7, 3.6e7, 5e7, 1e8];
        let mut worst_h: f64 = 0.0;
        let mut worst_lat: f64 = 0.0;
        for &lat_d in &lats_deg {
            for &lon_d in &lons_deg {
                for &h in &heights_m {
                    let (lat, lon) = (f64::to_radians(lat_d), f64::to_radians(lon_d));
                    let g = ecef_to_geodetic(&geodetic_to_ecef(lat, lon, h));
                    let dh = (g.height_m - h).abs();
                    let dlat = (g.lat_rad - lat).abs();
                    assert!(dh < 1e-4, "height at ({lat_d}, {lon_d}, {h}): {} (err {dh:e} m)", g.height_m);
                    assert!(dlat < 1e-12, "lat at ({lat_d}, {lon_d}, {h}): err {dlat:e} rad");
                    if lat_d.abs() < 90.0 {
                        let dlon = angle_diff(g.lon_rad, lon).abs();
                        assert!(dlon < 1e-12, "lon at ({lat_d}, {lon_d}, {h}): err {dlon:e} rad");
                    }
                    assert!(g.lon_rad > -PI && g.lon_rad <= PI);
                    worst_h = worst_h.max(dh);
                    worst_lat = worst_lat.max(dlat);
                }
            }
        }
        // Closed form: the errors are rounding, not a convergence tolerance.
        assert!(worst_h < 1e-6, "worst height error {worst_h:e} m");
        assert!(worst_lat < 1e-14, "worst latitude error {worst_lat:e} rad");
    }

    #[test]
    fn ecef_to_geodetic_is_the_foot_of_the_normal_for_arbitrary_points() {
        // Points not generated from geodetic coordinates: the answer must be a surface point
        // F (on the ellipsoid by construction) with r − F along the normal at F, of length |h|.
        let points = [
            Vector3::new(1_234_567.0, -2_345_678.0, 5_432_109.0),
            Vector3::new(-6_000_000.0, 1_000_000.0, -2_500_000.0),
            Vector3::new(3.0e7, 2.0e7, -4.0e7),
            Vector3::new(6_300_000.0, 0.0, 100.0),
            Vector3::new(1.0, 2.0, 6_400_000.0),
            Vector3::new(-4.2e8, 1.0e8, 3.3e8),
        ];
        for r in &points {
            let g = ecef_to_geodetic(r);
            let f = geodetic_to_ecef(g.lat_rad, g.lon_rad, 0.0);
            let n = up(g.lat_rad, g.lon_rad);
            let d = r - f;
            let along = d.dot(&n);
            let across = (d - along * n).norm();
            assert!((along - g.height_m).abs() < 1e-6 * (1.0 + g.height_m.abs() / 1e7), "{r:?}: {g:?}");
            assert!(across < 1e-6 * (1.0 + g.height_m.abs() / 1e7), "{r:?}: off-normal {across:e} m");
            // F is on the ellipsoid: x²/a² + y²/a² + z²/b² = 1.
            let e = (f.x * f.x + f.y * f.y) / (A_M * A_M) + f.z * f.z / (B_M * B_M) - 1.0;
            assert!(e.abs() < 1e-15, "{e:e}");
        }
    }

    /// Signed distance from (ρ, z) to the meridian ellipse by brute force: the minimum of
    /// |(ρ, z) − (a cos β, b sin β)| over the parametric latitude β (a dense scan, then
    /// golden-section search), negative inside the ellipsoid. Independent of the closed form.
    fn brute_force_height_m(rho: f64, z: f64) -> f64 {
        let dist = |beta: f64| (rho - A_M * beta.cos()).hypot(z - B_M * beta.sin());
        let n = 20_000;
        let step = TAU / n as f64;
        let best = (0..n).map(|i| -PI + i as f64 * step).min_by(|&x, &y| dist(x).total_cmp(&dist(y))).unwrap();
        let (mut lo, mut hi) = (best - step, best + step);
        let g = (5f64.sqrt() - 1.0) / 2.0;
        for _ in 0..200 {
            let (m1, m2) = (hi - g * (hi - lo), lo + g * (hi - lo));
            if dist(m1) < dist(m2) {
                hi = m2;
            } else {
                lo = m1;
            }
        }
        let d = dist(0.5 * (lo + hi));
        let inside = (rho / A_M).powi(2) + (z / B_M).powi(2) < 1.0;
        if inside {
            -d
        } else {
            d
        }
    }

    #[test]
    fn height_is_the_distance_to_the_nearest_surface_point() {
        // Outside the evolute, near the surface, far out, and inside the evolute (within
        // e²a ≈ 42.7 km of the centre), including the equatorial-plane limit.
        let points = [
            (6_378_137.0, 0.0),
            (4_000_000.0, 4_900_000.0),
            (10.0, 6_356_000.0),
            (2.0e7, -3.0e7),
            (6.0e7, 8.0e7),
            (3_000_000.0, -2_000_000.0),
            (30_000.0, 10_000.0),
            (10_000.0, 5_000.0),
            (40_000.0, 1.0),
            (20_000.0, 0.0),
            (0.0, 1_000.0),
            (100_000.0, 0.0),
        ];
        for (rho, z) in points {
            let g = ecef_to_geodetic(&Vector3::new(rho, 0.0, z));
            let h = brute_force_height_m(rho, z);
            assert!((g.height_m - h).abs() < 1e-6 * (1.0 + h.abs() / 1e7), "({rho}, {z}): {} vs {h}", g.height_m);
            // And the answer is a foot of the normal there too.
            let d = Vector3::new(rho, 0.0, z) - geodetic_to_ecef(g.lat_rad, g.lon_rad, 0.0);
            assert!((d - g.height_m * up(g.lat_rad, g.lon_rad)).norm() < 1e-6 * (1.0 + h.abs() / 1e7));
        }
    }

    #[test]
    fn known_points_equator_pole_and_centre() {
        // Equator at height 0: x = a, on every meridian.
        let r = geodetic_to_ecef(0.0, 0.0, 0.0);
        assert!((r.x - 6_378_137.0).abs() < 1e-9 && r.y == 0.0 && r.z == 0.0, "{r:?}");
        for lon_d in [0.0_f64, 37.0, 90.0, -120.0, 180.0] {
            let r = geodetic_to_ecef(0.0, lon_d.to_radians(), 0.0);
            assert!((r.norm() - 6_378_137.0).abs() < 1e-8, "equatorial radius at {lon_d}: {}", r.norm());
            assert!(r.z == 0.0);
        }
        // Pole at height 0: z = b = 6 356 752.3142 m (the published value, to its 0.1 mm).
        let r = geodetic_to_ecef(FRAC_PI_2, 0.0, 0.0);
        assert!((r.z - PUBLISHED_B_M).abs() < 5e-5, "{r:?}");
        assert!(r.x.abs() < 1e-9 && r.y.abs() < 1e-9);
        let r = geodetic_to_ecef(-FRAC_PI_2, 1.0, 0.0);
        assert!((r.z + PUBLISHED_B_M).abs() < 5e-5 && r.norm() < B_M + 1e-9, "{r:?}");
        // Heights add along the radius on the equator and at the poles.
        let r = geodetic_to_ecef(0.0, FRAC_PI_2, 12_345.0);
        assert!((r.y - (6_378_137.0 + 12_345.0)).abs() < 1e-8 && r.x.abs() < 1e-8);
        let r = geodetic_to_ecef(FRAC_PI_2, 0.0, -5_000.0);
        assert!((r.z - (B_M - 5_000.0)).abs() < 1e-8);
        // And back: the equator and poles in ECEF.
        let g = ecef_to_geodetic(&Vector3::new(6_378_137.0 + 400_000.0, 0.0, 0.0));
        assert!(g.lat_rad == 0.0 && g.lon_rad == 0.0 && (g.height_m - 400_000.0).abs() < 1e-8, "{g:?}");
        let g = ecef_to_geodetic(&Vector3::new(0.0, -(6_378_137.0 - 9_000.0), 0.0));
        assert!(g.lat_rad == 0.0 && (g.lon_rad + FRAC_PI_2).abs() < 1e-15 && (g.height_m + 9_000.0).abs() < 1e-8);
        let g = ecef_to_geodetic(&Vector3::new(0.0, 0.0, PUBLISHED_B_M + 1.0e6));
        assert!(g.lat_rad == FRAC_PI_2 && (g.height_m - 1.0e6).abs() < 5e-5, "{g:?}");
        let g = ecef_to_geodetic(&Vector3::new(0.0, 0.0, -PUBLISHED_B_M));
        assert!(g.lat_rad == -FRAC_PI_2 && g.height_m.abs() < 5e-5, "{g:?}");
        // The centre: the nearest surface points are the poles, h = −b.
        let g = ecef_to_geodetic(&Vector3::zeros());
        assert!((g.lat_rad.abs() - FRAC_PI_2).abs() < 1e-15 && (g.height_m + B_M).abs() < 1e-8, "{g:?}");
        // N(φ) at the equator is a and at the pole a²/b.
        assert!((prime_vertical_radius_m(0.0) - A_M).abs() < 1e-9);
        assert!((prime_vertical_radius_m(FRAC_PI_2) - A_M * A_M / B_M).abs() < 1e-8);
    }

    #[test]
    fn enu_is_orthonormal_right_handed_and_up_is_the_ellipsoid_gradient() {
        for &lat_d in &[-90.0_f64, -63.0, -20.0, 0.0, 0.5, 33.3, 45.0, 71.0, 89.99, 90.0] {
            for &lon_d in &[-180.0_f64, -100.0, 0.0, 12.0, 90.0, 170.0] {
                let (lat, lon) = (lat_d.to_radians(), lon_d.to_radians());
                let m = enu_basis(lat, lon);
                let (e, n, u) = (m.column(0).into_owned(), m.column(1).into_owned(), m.column(2).into_owned());
                // Orthonormal: MᵀM = I.
                let err = (m.transpose() * m - nalgebra::Matrix3::identity()).abs().max();
                assert!(err < 1e-15, "orthonormality at ({lat_d}, {lon_d}): {err:e}");
                // Right-handed: east × north = up, det = +1.
                assert!((e.cross(&n) - u).norm() < 1e-15);
                assert!((m.determinant() - 1.0).abs() < 1e-15);
                assert!((up(lat, lon) - u).norm() == 0.0);
                // 'Up' is the direction of the gradient of x²/a² + y²/a² + z²/b² at the
                // surface point, i.e. (x/a², y/a², z/b²) normalised.
                let p = geodetic_to_ecef(lat, lon, 0.0);
                let grad = Vector3::new(p.x / (A_M * A_M), p.y / (A_M * A_M), p.z / (B_M * B_M)).normalize();
                assert!((grad - u).norm() < 1e-15, "normal at ({lat_d}, {lon_d}): {:e}", (grad - u).norm());
                // North points toward the north pole (positive z) off the poles; east is
                // horizontal and points to increasing longitude.
                if lat_d.abs() < 90.0 {
                    assert!(n.z > 0.0);
                    let p_east = geodetic_to_ecef(lat, lon + 1e-7, 0.0);
                    assert!((p_east - p).dot(&e) > 0.0);
                }
                assert!(e.z == 0.0);
            }
        }
    }

    /// Karney's table of random geodesic problems from GeographicLib's own test suite
    /// (geographiclib/geographiclib, tests/geodtest.cpp, `testcases`; the same table is in
    /// the C library's geodtest.c and Python's test_geodesic.py). Columns used: lat1, lon1,
    /// azi1, lat2, lon2, azi2 (degrees), s12 (m). GeographicLib checks itself against it to
    /// 1e-13° and 1e-8 m.
    const KARNEY_CASES: [[f64; 7]; 8] = [
        [35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921, 129.289270889708762, 8935244.5604818305],
        [55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519, 4105086.1713924406],
        [-21.97856, 142.59065, -32.44456876433189, 41.84138, 98.56635, -41.84359951440466, 8394328.894657671],
        [-66.99028, 112.2363, 173.73491240878403, -12.70631, 285.90344, 2.512956620913668, 11150344.2312080241],
        [-17.42761, 173.34268, -159.033557661192928, -15.84784, 5.93557, -20.787484651536988, 16076603.1631180673],
        [6.96833, 52.74123, 92.581585386317712, -7.39675, 206.17291, 90.721692165923907, 17102477.2496958388],
        [-87.85331, 85.66836, -65.120313040242748, 66.48646, 16.09921, -4.888658719272296, 17286615.3147144645],
        [-25.72959, -144.90758, -153.647468693117198, -57.70581, -269.17879, -48.343983158876487, 9413446.7452453107],
    ];

    #[test]
    fn geodesic_inverse_matches_karney_test_cases() {
        for c in &KARNEY_CASES {
            let [lat1, lon1, azi1, lat2, lon2, azi2, _] = c.map(f64::to_radians);
            let s12 = c[6]; // metres
            let g = geodesic_inverse(lat1, lon1, lat2, lon2);
            assert!((g.distance_m - s12).abs() < 1e-6, "{c:?}: s12 {} m", g.distance_m);
            assert!(angle_diff(g.azi1_rad, azi1).abs() < 1e-12, "{c:?}: azi1 {}", g.azi1_rad.to_degrees());
            assert!(angle_diff(g.azi2_rad, azi2).abs() < 1e-12, "{c:?}: azi2 {}", g.azi2_rad.to_degrees());
            assert!((0.0..TAU).contains(&g.azi1_rad) && (0.0..TAU).contains(&g.azi2_rad));
        }
    }

    #[test]
    fn geodesic_direct_matches_karney_test_cases() {
        for c in &KARNEY_CASES {
            let [lat1, lon1, azi1, lat2, lon2, _azi2, _] = c.map(f64::to_radians);
            let (lat, lon) = geodesic_direct(lat1, lon1, azi1, c[6]);
            assert!((lat - lat2).abs() < 1e-12, "{c:?}: lat2 {}", lat.to_degrees());
            assert!(angle_diff(lon, lon2).abs() < 1e-12, "{c:?}: lon2 {}", lon.to_degrees());
            assert!(lon > -PI && lon <= PI);
        }
    }

    #[test]
    fn geodesic_worked_examples_of_karney_2013() {
        // Karney, "Algorithms for geodesics", J. Geodesy 87 (2013), as quoted (with the same
        // digits) by Apache SIS's GeodesicsOnEllipsoidTest:
        // Table 2, direct: φ1 = 40°, α1 = 30°, s12 = 10 000 km → φ2 = 41.79331020506°,
        // λ12 = 137.84490004377°, α2 = 149.09016931807° (given to 1e-11°).
        let (lat2, lon2) = geodesic_direct(40f64.to_radians(), 0.0, 30f64.to_radians(), 10_000_000.0);
        assert!((lat2.to_degrees() - 41.793_310_205_06).abs() < 1e-11, "{}", lat2.to_degrees());
        assert!((lon2.to_degrees() - 137.844_900_043_77).abs() < 1e-11, "{}", lon2.to_degrees());
        let g = geodesic_inverse(40f64.to_radians(), 0.0, lat2, lon2);
        assert!((g.azi2_rad.to_degrees() - 149.090_169_318_07).abs() < 1e-11, "{}", g.azi2_rad.to_degrees());
        assert!((g.distance_m - 10_000_000.0).abs() < 1e-6 && (g.azi1_rad.to_degrees() - 30.0).abs() < 1e-11);
        // Table 3, short inverse: φ1 = −30.12345°, φ2 = −30.12344°, λ12 = 0.00005° →
        // α1 = 77.04353354237°, α2 = 77.04350844913° (to 1e-8°), s12 = 4.944208 m (to 1 µm).
        let g =
            geodesic_inverse((-30.12345f64).to_radians(), 0.0, (-30.12344f64).to_radians(), 0.00005f64.to_radians());
        assert!((g.distance_m - 4.944_208).abs() < 1e-6, "{}", g.distance_m);
        assert!((g.azi1_rad.to_degrees() - 77.043_533_542_37).abs() < 1e-8, "{}", g.azi1_rad.to_degrees());
        assert!((g.azi2_rad.to_degrees() - 77.043_508_449_13).abs() < 1e-8, "{}", g.azi2_rad.to_degrees());
        // Tables 4–6, nearly antipodal inverse: φ1 = −30°, φ2 = 29.9°, λ12 = 179.8° →
        // α1 = 161.89052473633°, α2 = 18.09073724574°, s12 = 19 989 832.827610 m.
        let g = geodesic_inverse((-30f64).to_radians(), 0.0, 29.9f64.to_radians(), 179.8f64.to_radians());
        assert!((g.distance_m - 19_989_832.827_610).abs() < 1e-6, "{}", g.distance_m);
        assert!((g.azi1_rad.to_degrees() - 161.890_524_736_33).abs() < 1e-11, "{}", g.azi1_rad.to_degrees());
        assert!((g.azi2_rad.to_degrees() - 18.090_737_245_74).abs() < 1e-11, "{}", g.azi2_rad.to_degrees());
    }

    #[test]
    fn half_meridian_is_the_antipodal_limit() {
        // Karney's geodesic test set (GeodTest.dat, Zenodo 10.5281/zenodo.32156) draws s12 in
        // [0, 20 003 931.4586254 m], the longest shortest geodesic: pole to pole.
        let s = half_meridian_m();
        assert!((s - 20_003_931.458_625_4).abs() < 1e-6, "{s}");
        assert!((s / 1000.0 - 20_003.93).abs() < 0.005); // MODEL.md's 20 003.93 km
                                                         // Any shortest geodesic is at most that long; the equatorial antipode is longer
                                                         // around the equator (πa) and the geodesic goes over the pole instead.
        let g = geodesic_inverse(0.0, 0.0, 0.0, PI);
        assert!((g.distance_m - s).abs() < 1e-6, "{}", g.distance_m);
        assert!(angle_diff(g.azi1_rad, 0.0).abs() < 1e-12 || angle_diff(g.azi1_rad, PI).abs() < 1e-12);
        // Poles passed in radians (π/2 rounds above 90° in degrees) are accepted.
        let g = geodesic_inverse(FRAC_PI_2, 0.0, 0.0, 0.0);
        assert!((g.distance_m - s / 2.0).abs() < 1e-6 && angle_diff(g.azi1_rad, PI).abs() < 1e-12);
        let (lat, _) = geodesic_direct(-FRAC_PI_2, 0.0, 0.0, s);
        assert!((lat - FRAC_PI_2).abs() < 1e-12, "{lat}");
    }

    /// A few positions and Earth-relative velocities: (lat°, lon°, h m, v ECEF m/s).
    fn states() -> Vec<(f64, f64, f64, Vector3<f64>)> {
        vec![
            (0.0, 0.0, 0.0, Vector3::new(1_000.0, 2_000.0, 3_000.0)),
            (39.0, 125.7, 200_000.0, Vector3::new(-3_100.0, 1_500.0, 5_200.0)),
            (-60.0, -30.0, 4_500_000.0, Vector3::new(400.0, -900.0, 250.0)),
            (88.0, 45.0, 1_000.0, Vector3::new(-6_000.0, 2_000.0, -100.0)),
            (12.5, -170.0, 3.6e7, Vector3::new(2_500.0, 100.0, -1_000.0)),
        ]
    }

    #[test]
    fn height_rate_along_the_normal_and_in_the_tangent_plane() {
        for (lat_d, lon_d, h, _) in states() {
            let (lat, lon) = (lat_d.to_radians(), lon_d.to_radians());
            let r = geodetic_to_ecef(lat, lon, h);
            let m = enu_basis(lat, lon);
            let (e, n, u) = (m.column(0).into_owned(), m.column(1).into_owned(), m.column(2).into_owned());
            for speed in [1.0, 350.0, 7_000.0] {
                let rate = geodetic_height_rate_m_s(&r, &(speed * u));
                assert!((rate - speed).abs() < 1e-12 * speed, "up at ({lat_d}, {lon_d}, {h}): {rate}");
                let rate = geodetic_height_rate_m_s(&r, &(-speed * u));
                assert!((rate + speed).abs() < 1e-12 * speed);
                let tangent = speed * (0.6 * e + 0.8 * n);
                let rate = geodetic_height_rate_m_s(&r, &tangent);
                assert!(rate.abs() < 1e-12 * speed, "tangent at ({lat_d}, {lon_d}, {h}): {rate}");
            }
        }
    }

    #[test]
    fn height_rate_matches_a_finite_difference_along_a_straight_line() {
        for (lat_d, lon_d, h, v) in states() {
            let r0 = geodetic_to_ecef(lat_d.to_radians(), lon_d.to_radians(), h);
            let rate = geodetic_height_rate_m_s(&r0, &v);
            // Central difference of h(r0 + v t): O(dt²) truncation (h'' ~ v²/R ≈ 10 m/s²,
            // h''' small) against rounding of h (~1e-9 m) over 2 dt.
            let dt = 1e-2;
            let fd = (geodetic_height_m(&(r0 + v * dt)) - geodetic_height_m(&(r0 - v * dt))) / (2.0 * dt);
            assert!((fd - rate).abs() < 1e-5, "({lat_d}, {lon_d}, {h}): dh/dt {rate} vs finite difference {fd}");
            assert!(rate.abs() > 1.0); // the cases are not in the tangent plane
        }
    }
}
