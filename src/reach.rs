//! Reach toward a target: the standard range along the great circle from the launch
//! site to the target, with Earth's rotation where the model has it (MODEL.md model 3:
//! the launch azimuth is chosen so that the impact lies on that great circle).

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::estimate::Site;
use crate::flight::{FlightOptions, Launch};
use crate::geo;
use crate::model::Model;
use crate::solve::brent_root;
use crate::standard::{self, Standard};

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
    let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..*opts };
    let std_at = |az: f64| {
        let launch = Launch { lat_rad: site.lat_rad, lon_rad: site.lon_rad, azimuth_rad: geo::normalize_angle_rad(az) };
        standard::standard(model, earth, &launch, speed_m_s, altitude_m, &quiet)
    };
    let azimuth_rad = if model.needs_site() && earth.omega_rad_s != 0.0 {
        // Signed cross-track angle of the standard impact from the site→target great circle.
        let s = geo::unit_vector(site.lat_rad, site.lon_rad);
        let normal = s.cross(&geo::unit_vector(target_lat_rad, target_lon_rad)).normalize();
        let cross_track = |az: f64| match std_at(az) {
            Ok(Standard::Bounded(f)) => {
                let p = geo::unit_vector(f.landed.impact_lat_rad, f.landed.impact_lon_rad);
                normal.dot(&p).clamp(-1.0, 1.0).asin()
            }
            _ => f64::NAN,
        };
        if let Standard::GlobalReach = std_at(bearing)? {
            return Ok(TargetReach {
                lat_rad: target_lat_rad,
                lon_rad: target_lon_rad,
                distance_m,
                azimuth_rad: bearing,
                range_m: None,
                gamma_rad: None,
                reachable: true,
            });
        }
        let mut half = 5f64.to_radians();
        let mut found = None;
        while half <= 45f64.to_radians() {
            let (a, b) = (bearing - half, bearing + half);
            let (fa, fb) = (cross_track(a), cross_track(b));
            if fa.is_finite() && fb.is_finite() && fa * fb <= 0.0 {
                let (az, report) = brent_root(cross_track, a, b, 1e-10, 100);
                if !report.converged() {
                    return Err(Error::NoSolution { what: "launch azimuth toward the target".into(), report });
                }
                found = Some(az);
                break;
            }
            half *= 2.0;
        }
        found.ok_or_else(|| Error::NoSolution {
            what: "launch azimuth toward the target: no bracket within 45 degrees of the great-circle bearing".into(),
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
    let s = std_at(azimuth_rad)?;
    let (range_m, gamma_rad) = match &s {
        Standard::Bounded(f) => (Some(f.landed.range_m), Some(f.gamma_rad)),
        Standard::GlobalReach => (None, None),
    };
    Ok(TargetReach {
        lat_rad: target_lat_rad,
        lon_rad: target_lon_rad,
        distance_m,
        azimuth_rad,
        range_m,
        gamma_rad,
        reachable: range_m.is_none_or(|r| r >= distance_m),
    })
}
