//! The Earth model shared by every numerical model: gravity, rotation, surface.

pub mod atmosphere;
use nalgebra::Vector3;
use serde::{Deserialize, Serialize};

use crate::constants::{EARTH_RADIUS_M, J2, MU_M3_S2, OMEGA_EARTH_RAD_S, WGS84_A_M};
use crate::geo;
use crate::geo::wgs84::{Ellipsoid, WGS84};

/// The surface that heights and ground ranges are measured on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Surface {
    /// A sphere of radius [`Earth::radius_m`]: altitude = distance from the centre − R,
    /// ground range = R × central angle (models 1-3 of MODEL.md).
    Sphere,
    /// An ellipsoid of revolution (WGS 84 for model `earth`): geodetic height along the
    /// normal, geodesic ground range (Karney 2013); sites are geodetic.
    Ellipsoid(Ellipsoid),
}

/// The Earth as data (DESIGN.md, "A model is data"): gravity (point mass and J2),
/// rotation, the surface heights and ranges are measured on, and re-entry drag.
///
/// The model ladder of MODEL.md is a choice of these fields: `kepler`/`sphere` use
/// [`Earth::non_rotating`], `rotating` uses [`Earth::rotating`], `earth` uses
/// [`Earth::wgs84`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Earth {
    /// Gravitational parameter GM, m³/s².
    pub mu_m3_s2: f64,
    /// Radius of the (spherical) surface, m.
    pub radius_m: f64,
    /// Rotation rate about +z, rad/s (0 for a non-rotating Earth).
    pub omega_rad_s: f64,
    /// Second zonal harmonic J2 (0 for point-mass gravity).
    pub j2: f64,
    /// Reference radius of the J2 coefficient, m (WGS 84 a).
    pub j2_radius_m: f64,
    /// The surface (sphere of `radius_m`, or an ellipsoid).
    #[serde(default = "sphere")]
    pub surface: Surface,
    /// Ballistic coefficient β = m/(C_D A) of the re-entry vehicle, kg/m², for drag on
    /// the descent (U.S. Standard Atmosphere 1976, co-rotating); None: no re-entry drag.
    #[serde(default)]
    pub reentry_beta_kg_m2: Option<f64>,
}

fn sphere() -> Surface {
    Surface::Sphere
}

impl Earth {
    /// Non-rotating sphere, point-mass gravity (models `kepler` and `sphere`).
    pub const fn non_rotating() -> Self {
        Earth {
            mu_m3_s2: MU_M3_S2,
            radius_m: EARTH_RADIUS_M,
            omega_rad_s: 0.0,
            j2: 0.0,
            j2_radius_m: WGS84_A_M,
            surface: Surface::Sphere,
            reentry_beta_kg_m2: None,
        }
    }

    /// Sphere rotating at the WGS 84 rate, point-mass gravity (model `rotating`).
    pub const fn rotating() -> Self {
        Earth { omega_rad_s: OMEGA_EARTH_RAD_S, ..Self::non_rotating() }
    }

    /// The WGS 84 ellipsoid rotating at the WGS 84 rate with J2 gravity (model `earth`;
    /// `radius_m` stays the mean radius, used only for starting guesses).
    pub const fn wgs84() -> Self {
        Earth { surface: Surface::Ellipsoid(WGS84), ..Self::rotating().with_j2() }
    }

    /// The same Earth with the J2 term switched on (EGM96 value, WGS 84 reference radius).
    pub const fn with_j2(self) -> Self {
        Earth { j2: J2, j2_radius_m: WGS84_A_M, ..self }
    }

    /// Gravitational acceleration at inertial position `r_m` (z along the spin axis), m/s².
    ///
    /// Point mass −μ r/|r|³, plus when `j2 != 0` the J2 term (Vallado, *Fundamentals of
    /// Astrodynamics and Applications*, 4th ed., eq. 8-29).
    #[inline]
    pub fn gravity_m_s2(&self, r_m: &Vector3<f64>) -> Vector3<f64> {
        let r2 = r_m.norm_squared();
        let r = r2.sqrt();
        let point = -self.mu_m3_s2 / (r2 * r) * r_m;
        if self.j2 == 0.0 {
            return point;
        }
        let z2_r2 = r_m.z * r_m.z / r2;
        let k = -1.5 * self.j2 * self.mu_m3_s2 * self.j2_radius_m * self.j2_radius_m / (r2 * r2 * r);
        point
            + Vector3::new(
                k * r_m.x * (1.0 - 5.0 * z2_r2),
                k * r_m.y * (1.0 - 5.0 * z2_r2),
                k * r_m.z * (3.0 - 5.0 * z2_r2),
            )
    }

    /// True when the Earth turns.
    pub fn rotates(&self) -> bool {
        self.omega_rad_s != 0.0
    }

    /// True when the same flight goes farther in some directions than in others (a
    /// rotating Earth, or an ellipsoid).
    pub fn direction_matters(&self) -> bool {
        self.rotates() || matches!(self.surface, Surface::Ellipsoid(_))
    }

    /// True for the two-body problem: non-rotating sphere, point-mass gravity, no air
    /// (flights are conics in closed form).
    pub fn is_two_body(&self) -> bool {
        self.omega_rad_s == 0.0
            && self.j2 == 0.0
            && self.surface == Surface::Sphere
            && self.reentry_beta_kg_m2.is_none()
    }

    /// Earth-fixed position of a point at `height_m` above the surface at (lat, lon)
    /// (geocentric on the sphere, geodetic on the ellipsoid), m.
    pub fn surface_point(&self, lat_rad: f64, lon_rad: f64, height_m: f64) -> Vector3<f64> {
        match self.surface {
            Surface::Sphere => (self.radius_m + height_m) * geo::unit_vector(lat_rad, lon_rad),
            Surface::Ellipsoid(e) => e.geodetic_to_ecef(lat_rad, lon_rad, height_m),
        }
    }

    /// Height of a position above the surface, m (a rotation about z leaves it unchanged,
    /// so inertial and Earth-fixed positions give the same height).
    #[inline]
    pub fn altitude_m(&self, r_m: &Vector3<f64>) -> f64 {
        match self.surface {
            Surface::Sphere => r_m.norm() - self.radius_m,
            Surface::Ellipsoid(e) => e.ecef_to_geodetic(r_m).height_m,
        }
    }

    /// Height of a position above the surface, m: [`Earth::altitude_m`] (on the
    /// ellipsoid the exact geodetic height, without the latitude and longitude).
    #[inline]
    pub fn height_m(&self, r_m: &Vector3<f64>) -> f64 {
        match self.surface {
            Surface::Sphere => r_m.norm() - self.radius_m,
            Surface::Ellipsoid(e) => e.height_m(r_m),
        }
    }

    /// Latitude and longitude of the sub-point of a position (geocentric on the sphere,
    /// geodetic on the ellipsoid), rad.
    pub fn sub_point_rad(&self, r_m: &Vector3<f64>) -> (f64, f64) {
        match self.surface {
            Surface::Sphere => geo::lat_lon_rad(r_m),
            Surface::Ellipsoid(e) => {
                let g = e.ecef_to_geodetic(r_m);
                (g.lat_rad, g.lon_rad)
            }
        }
    }

    /// The apogee event of a flight at inertial position `r_m` with inertial velocity
    /// `v_m_s`: a function whose zero falling through is the maximum height. On the sphere
    /// r·v; on the ellipsoid dh/dt (the Earth-relative velocity along the normal), replaced
    /// away from its zero by the radial rate, which has the same sign there (the normal and
    /// the radial direction differ by under 0.2°) and needs no geodetic conversion.
    #[inline]
    pub fn climb_event(&self, r_m: &Vector3<f64>, v_m_s: &Vector3<f64>) -> f64 {
        match self.surface {
            Surface::Sphere => r_m.dot(v_m_s),
            Surface::Ellipsoid(e) => {
                let v_rel = v_m_s - self.omega_vec_rad_s().cross(r_m);
                let radial = r_m.dot(&v_rel);
                if radial.abs() > 0.01 * r_m.norm() * v_rel.norm() {
                    radial
                } else {
                    e.height_rate_m_s(r_m, &v_rel)
                }
            }
        }
    }

    /// The ground event of a flight: a function of the position whose zero falling
    /// through is the surface (the height; well above an ellipsoid, |r| − a, which has
    /// the same sign and needs no geodetic conversion).
    #[inline]
    pub fn ground_event(&self, r_m: &Vector3<f64>) -> f64 {
        match self.surface {
            Surface::Sphere => r_m.norm() - self.radius_m,
            Surface::Ellipsoid(e) => {
                let rn = r_m.norm();
                if rn > e.a_m + 20e3 {
                    rn - e.a_m
                } else {
                    e.ecef_to_geodetic(r_m).height_m
                }
            }
        }
    }

    /// Sub-point (lat, lon) of an Earth-fixed position and its ground range from the
    /// site (lat, lon; `site_dir` its Earth-fixed unit vector), m.
    pub fn ground_track(
        &self,
        site_lat_rad: f64,
        site_lon_rad: f64,
        site_dir: &Vector3<f64>,
        r_fixed_m: &Vector3<f64>,
    ) -> (f64, f64, f64) {
        match self.surface {
            Surface::Sphere => {
                let (lat, lon) = geo::lat_lon_rad(r_fixed_m);
                (lat, lon, self.radius_m * geo::central_angle_rad(site_dir, r_fixed_m))
            }
            Surface::Ellipsoid(_) => {
                let (lat, lon) = self.sub_point_rad(r_fixed_m);
                (lat, lon, self.distance_m(site_lat_rad, site_lon_rad, lat, lon))
            }
        }
    }

    /// Ground range between two surface points, m: R × central angle on the sphere, the
    /// geodesic on the ellipsoid.
    pub fn distance_m(&self, lat1_rad: f64, lon1_rad: f64, lat2_rad: f64, lon2_rad: f64) -> f64 {
        match self.surface {
            Surface::Sphere => self.radius_m * geo::central_angle_between_rad(lat1_rad, lon1_rad, lat2_rad, lon2_rad),
            Surface::Ellipsoid(e) => e.geodesic_inverse(lat1_rad, lon1_rad, lat2_rad, lon2_rad).distance_m,
        }
    }

    /// Initial bearing from point 1 to point 2, rad in [0, 2π) (great circle or geodesic).
    pub fn bearing_rad(&self, lat1_rad: f64, lon1_rad: f64, lat2_rad: f64, lon2_rad: f64) -> f64 {
        match self.surface {
            Surface::Sphere => {
                geo::normalize_angle_rad(geo::initial_bearing_rad(lat1_rad, lon1_rad, lat2_rad, lon2_rad))
            }
            Surface::Ellipsoid(e) => e.geodesic_inverse(lat1_rad, lon1_rad, lat2_rad, lon2_rad).azi1_rad,
        }
    }

    /// The point `distance_m` from (lat, lon) along initial bearing `bearing_rad`, rad.
    pub fn destination_rad(&self, lat_rad: f64, lon_rad: f64, bearing_rad: f64, distance_m: f64) -> (f64, f64) {
        match self.surface {
            Surface::Sphere => geo::destination_rad(lat_rad, lon_rad, bearing_rad, distance_m / self.radius_m),
            Surface::Ellipsoid(e) => e.geodesic_direct(lat_rad, lon_rad, bearing_rad, distance_m),
        }
    }

    /// How far a surface point (lat, lon) lies ahead of the site along the launch
    /// azimuth: the component of (point − site), Earth-fixed, along the site's horizontal
    /// direction toward `azimuth_rad`, m. Positive ahead, negative behind (MODEL.md,
    /// "Inverse: more than one root"); for a point at central angle θ on the great circle
    /// through the site toward the azimuth it is R sin θ on the sphere.
    pub fn along_track_m(
        &self,
        site_lat_rad: f64,
        site_lon_rad: f64,
        azimuth_rad: f64,
        lat_rad: f64,
        lon_rad: f64,
    ) -> f64 {
        let site = self.surface_point(site_lat_rad, site_lon_rad, 0.0);
        let p = self.surface_point(lat_rad, lon_rad, 0.0);
        (p - site).dot(&geo::direction(site_lat_rad, site_lon_rad, azimuth_rad, 0.0))
    }

    /// Half the circumference, m: the antipodal limit of a ground range (π R, or the half
    /// meridian of the ellipsoid: 20 003.93 km on WGS 84).
    pub fn half_circumference_m(&self) -> f64 {
        match self.surface {
            Surface::Sphere => std::f64::consts::PI * self.radius_m,
            Surface::Ellipsoid(e) => e.half_meridian_m(),
        }
    }

    /// Circular orbital speed at radius `r_m`, m/s.
    pub fn circular_speed_m_s(&self, r_m: f64) -> f64 {
        (self.mu_m3_s2 / r_m).sqrt()
    }

    /// Earth's angular-velocity vector, rad/s.
    pub fn omega_vec_rad_s(&self) -> Vector3<f64> {
        Vector3::new(0.0, 0.0, self.omega_rad_s)
    }
}

impl Default for Earth {
    fn default() -> Self {
        Self::non_rotating()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn j2_term_matches_potential_gradient() {
        // The J2 acceleration must be the gradient of U = -μ/r · J2 (a/r)² P2(z/r)
        // with P2(x) = (3x² − 1)/2; compare with central differences of the potential.
        let e = Earth::non_rotating().with_j2();
        let potential = |r: &Vector3<f64>| {
            let rn = r.norm();
            let s = r.z / rn;
            -e.mu_m3_s2 / rn * (1.0 - e.j2 * (e.j2_radius_m / rn).powi(2) * 0.5 * (3.0 * s * s - 1.0))
        };
        let r = Vector3::new(4.1e6, -3.3e6, 3.9e6);
        let h = 1.0;
        let mut grad = Vector3::zeros();
        for i in 0..3 {
            let mut rp = r;
            let mut rm = r;
            rp[i] += h;
            rm[i] -= h;
            grad[i] = -(potential(&rp) - potential(&rm)) / (2.0 * h);
        }
        let a = e.gravity_m_s2(&r);
        assert!((a - grad).norm() / a.norm() < 1e-9, "{a} vs {grad}");
    }
}
