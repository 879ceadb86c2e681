//! The Earth model shared by every numerical model: gravity, rotation, surface.

use nalgebra::Vector3;
use serde::{Deserialize, Serialize};

use crate::constants::{EARTH_RADIUS_M, J2, MU_M3_S2, OMEGA_EARTH_RAD_S, WGS84_A_M};

/// Parameters of a spherical Earth with optional rotation and J2 gravity.
///
/// The model ladder of MODEL.md is a choice of these fields: `kepler`/`sphere` use
/// [`Earth::non_rotating`], `rotating` uses [`Earth::rotating`].
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
}

impl Earth {
    /// Non-rotating sphere, point-mass gravity (models `kepler` and `sphere`).
    pub const fn non_rotating() -> Self {
        Earth { mu_m3_s2: MU_M3_S2, radius_m: EARTH_RADIUS_M, omega_rad_s: 0.0, j2: 0.0, j2_radius_m: WGS84_A_M }
    }

    /// Sphere rotating at the WGS 84 rate, point-mass gravity (model `rotating`).
    pub const fn rotating() -> Self {
        Earth { omega_rad_s: OMEGA_EARTH_RAD_S, ..Self::non_rotating() }
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

    /// True for the two-body problem: non-rotating, point-mass gravity (flights are
    /// conics in closed form).
    pub fn is_two_body(&self) -> bool {
        self.omega_rad_s == 0.0 && self.j2 == 0.0
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
