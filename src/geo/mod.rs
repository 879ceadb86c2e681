//! Spherical geometry: latitude/longitude and Earth-fixed unit vectors, local
//! east-north-up frames, central angles, bearings. Angles in radians.

#[cfg(any(feature = "plot", test))]
pub mod projection;
pub mod wgs84;
use nalgebra::{Matrix3, Vector3};
use serde::{Deserialize, Serialize};

/// A point on the Earth: a launch site or a target. Latitude and longitude as the model
/// reads them (geodetic on the WGS 84 ellipsoid; on the spherical models the same numbers
/// taken as geocentric), with an optional name ("Pyongsong, North Korea").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Latitude, rad, in [−π/2, π/2].
    pub lat_rad: f64,
    /// Longitude, rad.
    pub lon_rad: f64,
    /// Its name, when it was given by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Site {
    /// An unnamed point, rad (not validated: see [`Site::from_degrees`]).
    pub fn new(lat_rad: f64, lon_rad: f64) -> Site {
        Site { lat_rad, lon_rad, name: None }
    }

    /// The same point with a name.
    pub fn named(self, name: impl Into<String>) -> Site {
        Site { name: Some(name.into()), ..self }
    }

    /// Latitude, degrees.
    pub fn lat_deg(&self) -> f64 {
        self.lat_rad.to_degrees()
    }

    /// Longitude, degrees.
    pub fn lon_deg(&self) -> f64 {
        self.lon_rad.to_degrees()
    }

    /// The point as a report names it: its name ("Washington, US"), or "lat, lon" in
    /// degrees to 0.01 (about 1 km).
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| lat_lon_label(self.lat_deg(), self.lon_deg()))
    }

    /// The point as a map labels it: its name without the country, or its coordinates.
    pub fn map_label(&self) -> String {
        match &self.name {
            Some(n) => n.split(',').next().unwrap_or(n).to_string(),
            None => lat_lon_label(self.lat_deg(), self.lon_deg()),
        }
    }

    /// A site from degrees, validated: latitude within ±90°, longitude finite.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64) -> crate::error::Result<Site> {
        if !(lat_deg.is_finite() && (-90.0..=90.0).contains(&lat_deg)) {
            return Err(crate::error::Error::invalid(
                "site latitude",
                format!("{lat_deg} deg"),
                "a latitude from -90 to 90 degrees",
            ));
        }
        if !lon_deg.is_finite() {
            return Err(crate::error::Error::invalid(
                "site longitude",
                format!("{lon_deg} deg"),
                "a finite longitude in degrees",
            ));
        }
        Ok(Site::new(lat_deg.to_radians(), wrap_longitude_rad(lon_deg.to_radians())))
    }
}

/// A point without a name, as reports and maps label it: "lat, lon" in degrees to 0.01
/// (about 1 km).
pub fn lat_lon_label(lat_deg: f64, lon_deg: f64) -> String {
    format!("{lat_deg:.2}, {lon_deg:.2}")
}

/// Unit vector of geocentric latitude `lat_rad`, longitude `lon_rad` (Earth-fixed, z north).
#[inline]
pub fn unit_vector(lat_rad: f64, lon_rad: f64) -> Vector3<f64> {
    let (slat, clat) = lat_rad.sin_cos();
    let (slon, clon) = lon_rad.sin_cos();
    Vector3::new(clat * clon, clat * slon, slat)
}

/// Geocentric latitude and longitude (rad; longitude in (−π, π]) of a nonzero vector.
#[inline]
pub fn lat_lon_rad(v: &Vector3<f64>) -> (f64, f64) {
    (v.z.atan2(v.x.hypot(v.y)), v.y.atan2(v.x))
}

/// Local east, north, up unit vectors at (lat, lon), as the columns of a matrix.
pub fn enu_basis(lat_rad: f64, lon_rad: f64) -> Matrix3<f64> {
    let (slat, clat) = lat_rad.sin_cos();
    let (slon, clon) = lon_rad.sin_cos();
    let east = Vector3::new(-slon, clon, 0.0);
    let north = Vector3::new(-slat * clon, -slat * slon, clat);
    let up = Vector3::new(clat * clon, clat * slon, slat);
    Matrix3::from_columns(&[east, north, up])
}

/// Direction of a velocity with flight-path angle `gamma_rad` above the local horizontal
/// and azimuth `azimuth_rad` clockwise from north, at (lat, lon).
pub fn direction(lat_rad: f64, lon_rad: f64, azimuth_rad: f64, gamma_rad: f64) -> Vector3<f64> {
    let enu = enu_basis(lat_rad, lon_rad);
    let (sa, ca) = azimuth_rad.sin_cos();
    let (sg, cg) = gamma_rad.sin_cos();
    enu * Vector3::new(cg * sa, cg * ca, sg)
}

/// Angle between two nonzero vectors, rad, accurate at every size (atan2 of |a×b| and a·b).
#[inline]
pub fn central_angle_rad(a: &Vector3<f64>, b: &Vector3<f64>) -> f64 {
    a.cross(b).norm().atan2(a.dot(b))
}

/// Central angle between two surface points given by latitude and longitude, rad.
pub fn central_angle_between_rad(lat1_rad: f64, lon1_rad: f64, lat2_rad: f64, lon2_rad: f64) -> f64 {
    central_angle_rad(&unit_vector(lat1_rad, lon1_rad), &unit_vector(lat2_rad, lon2_rad))
}

/// Initial great-circle bearing from point 1 to point 2, rad clockwise from north in [0, 2π).
pub fn initial_bearing_rad(lat1_rad: f64, lon1_rad: f64, lat2_rad: f64, lon2_rad: f64) -> f64 {
    let dlon = lon2_rad - lon1_rad;
    let y = dlon.sin() * lat2_rad.cos();
    let x = lat1_rad.cos() * lat2_rad.sin() - lat1_rad.sin() * lat2_rad.cos() * dlon.cos();
    normalize_angle_rad(y.atan2(x))
}

/// The point at central angle `angle_rad` from (lat, lon) along initial bearing `bearing_rad`.
pub fn destination_rad(lat_rad: f64, lon_rad: f64, bearing_rad: f64, angle_rad: f64) -> (f64, f64) {
    let p = unit_vector(lat_rad, lon_rad);
    let d = direction(lat_rad, lon_rad, bearing_rad, 0.0);
    let q = p * angle_rad.cos() + d * angle_rad.sin();
    lat_lon_rad(&q)
}

/// An angle wrapped into [0, 2π).
#[inline]
pub fn normalize_angle_rad(a: f64) -> f64 {
    let t = a.rem_euclid(std::f64::consts::TAU);
    if t >= std::f64::consts::TAU {
        0.0
    } else {
        t
    }
}

/// A longitude wrapped into (−π, π].
#[inline]
pub fn wrap_longitude_rad(lon_rad: f64) -> f64 {
    let t = normalize_angle_rad(lon_rad);
    if t > std::f64::consts::PI {
        t - std::f64::consts::TAU
    } else {
        t
    }
}

/// Rotation about +z by `angle_rad` (right-handed).
#[inline]
pub fn rotate_z(v: &Vector3<f64>, angle_rad: f64) -> Vector3<f64> {
    let (s, c) = angle_rad.sin_cos();
    Vector3::new(c * v.x - s * v.y, s * v.x + c * v.y, v.z)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::{FRAC_PI_2, PI};

    #[test]
    fn enu_is_orthonormal_and_right_handed() {
        for &(lat, lon) in &[(0.3, 2.0), (-1.2, -0.4), (1.5, 3.1)] {
            let m = enu_basis(lat, lon);
            assert!((m.transpose() * m - Matrix3::identity()).norm() < 1e-15);
            let (e, n, u) = (m.column(0), m.column(1), m.column(2));
            assert!((e.cross(&n) - u).norm() < 1e-15);
        }
    }

    #[test]
    fn quarter_circle_distances_and_bearings() {
        // Equator to pole is a quarter circle; due north from anywhere off the poles.
        assert!((central_angle_between_rad(0.0, 0.7, FRAC_PI_2, 0.0) - FRAC_PI_2).abs() < 1e-15);
        assert!(initial_bearing_rad(0.2, 0.1, 0.5, 0.1).abs() < 1e-15);
        // Eastward along the equator: bearing 90 degrees.
        assert!((initial_bearing_rad(0.0, 0.0, 0.0, 0.5) - FRAC_PI_2).abs() < 1e-15);
        // Antipodes.
        assert!((central_angle_between_rad(0.3, 0.2, -0.3, 0.2 + PI) - PI).abs() < 1e-12);
    }

    #[test]
    fn destination_inverts_bearing_and_distance() {
        let (lat, lon) = (39.0_f64.to_radians(), 125.7_f64.to_radians());
        for i in 0..36 {
            let brg = (i as f64 * 10.0 + 3.0).to_radians();
            let ang = 0.9;
            let (lat2, lon2) = destination_rad(lat, lon, brg, ang);
            assert!((central_angle_between_rad(lat, lon, lat2, lon2) - ang).abs() < 1e-13);
            let b = initial_bearing_rad(lat, lon, lat2, lon2);
            let diff = (b - brg + PI).rem_euclid(2.0 * PI) - PI;
            assert!(diff.abs() < 1e-12, "bearing {b} vs {brg}");
        }
    }
}
