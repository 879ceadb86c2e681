//! Closed-form two-body ballistics (model `kepler` of MODEL.md): a non-rotating
//! spherical Earth, point-mass gravity, no air, impulsive burnout.
//!
//! Notation follows Bate, Mueller & White, *Fundamentals of Astrodynamics* (1971),
//! ch. 6 ("Ballistic missile trajectories"): burnout radius r_b, speed v, flight-path
//! angle γ above the local horizontal, Q = v² r_b / μ, free-flight central angle Ψ.
//! Everything here is closed form except the apogee-to-range inversion with burnout
//! above the surface and the maximum range at altitude, which are 1-D bracketed solves.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::numerics::solve::{brent_minimize, brent_root, SolverReport};

/// Burnout state of an impulsive model: speed and flight-path angle at altitude.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Burnout {
    /// Speed at burnout, m/s (relative to the Earth's surface in the rotating model).
    pub speed_m_s: f64,
    /// Flight-path angle above the local horizontal, rad.
    pub gamma_rad: f64,
    /// Burnout altitude above the surface, m.
    pub altitude_m: f64,
}

/// A two-body free flight from burnout to impact at the surface.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Arc {
    /// Maximum altitude above the surface, m.
    pub apogee_m: f64,
    /// Central angle from burnout to impact, rad.
    pub central_angle_rad: f64,
    /// Ground range R × central angle, m.
    pub range_m: f64,
    /// Free-flight time from burnout to impact, s.
    pub flight_time_s: f64,
    /// Eccentricity of the conic.
    pub eccentricity: f64,
}

/// The outcome of a free flight: it lands, or it never comes down.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Forward {
    /// The conic meets the surface after burnout.
    Impact(Arc),
    /// The conic never meets the surface again (orbit or escape).
    NoImpact,
}

/// Maximum range for a given burnout speed: bounded, or unbounded ("global reach").
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum MaxRange {
    /// The minimum-energy (range-maximising) trajectory.
    Bounded {
        /// Flight-path angle that maximises range, rad.
        gamma_rad: f64,
        /// The maximum-range arc.
        arc: Arc,
        /// How the optimum was found (closed form: zero iterations).
        report: SolverReport,
    },
    /// The speed reaches orbit (Q ≥ 1), or the maximum central angle reaches π: every
    /// point on Earth is in reach. A result, not an error.
    GlobalReach,
}

/// The orbital elements that matter here: semi-latus rectum p, eccentricity e,
/// and the true anomaly of burnout ν_b in [0, 2π).
struct Conic {
    p_m: f64,
    e: f64,
    nu_burnout_rad: f64,
}

fn conic(earth: &Earth, b: &Burnout) -> Conic {
    let r_b = earth.radius_m + b.altitude_m;
    let q = b.speed_m_s * b.speed_m_s * r_b / earth.mu_m3_s2;
    let (sg, cg) = b.gamma_rad.sin_cos();
    // BMW ch. 6's free-flight conic, in component form: e cos ν = Q cos²γ − 1, e sin ν = Q sinγ cosγ.
    let ec = q * cg * cg - 1.0;
    let es = q * sg * cg;
    Conic { p_m: r_b * q * cg * cg, e: ec.hypot(es), nu_burnout_rad: es.atan2(ec).rem_euclid(TAU) }
}

/// Eccentric anomaly for true anomaly ν in [0, 2π), mapped to [0, 2π).
fn eccentric_anomaly_rad(nu_rad: f64, e: f64) -> f64 {
    let (s, c) = (0.5 * nu_rad).sin_cos();
    2.0 * ((1.0 - e).sqrt() * s).atan2((1.0 + e).sqrt() * c)
}

fn check_burnout(earth: &Earth, b: &Burnout) -> Result<()> {
    if !(b.speed_m_s.is_finite() && b.speed_m_s > 0.0) {
        return Err(Error::invalid("burnout speed", format!("{} m/s", b.speed_m_s), "a finite speed above 0"));
    }
    if !(b.gamma_rad.is_finite() && b.gamma_rad.abs() < FRAC_PI_2) {
        return Err(Error::invalid(
            "flight-path angle",
            format!("{:.6} deg", b.gamma_rad.to_degrees()),
            "an angle strictly between -90 and 90 degrees",
        ));
    }
    if !(b.altitude_m.is_finite() && b.altitude_m >= 0.0 && b.altitude_m < earth.radius_m) {
        return Err(Error::invalid(
            "burnout altitude",
            format!("{} km", b.altitude_m / 1e3),
            "a finite altitude from 0 up to the Earth's radius",
        ));
    }
    Ok(())
}

/// Fly a burnout state forward in closed form: apogee, range and free-flight time.
///
/// Apogee is the highest point after burnout (the burnout altitude itself when γ ≤ 0).
/// Time of flight is from Kepler's equation (BMW §4.2, time of flight as a function of eccentric anomaly).
pub fn forward(earth: &Earth, b: &Burnout) -> Result<Forward> {
    check_burnout(earth, b)?;
    let c = conic(earth, b);
    if c.e >= 1.0 {
        return Ok(Forward::NoImpact);
    }
    let r = earth.radius_m;
    // Impact on the surface: e cos ν_i = p/R − 1, on the descending branch ν_i ∈ [π, 2π).
    let cos_nu_i = (c.p_m / r - 1.0) / c.e;
    if cos_nu_i > 1.0 {
        return Ok(Forward::NoImpact); // periapsis above the surface
    }
    let nu_i = TAU - cos_nu_i.max(-1.0).acos();
    if nu_i <= c.nu_burnout_rad {
        return Ok(Forward::NoImpact); // burnout already past the impact point (cannot happen for r_b >= R)
    }
    let apogee_radius_m = if c.nu_burnout_rad < PI { c.p_m / (1.0 - c.e) } else { r + b.altitude_m };
    let a_m = c.p_m / (1.0 - c.e * c.e);
    let mean_motion = (earth.mu_m3_s2 / (a_m * a_m * a_m)).sqrt();
    let mean_anomaly = |nu: f64| {
        let ea = eccentric_anomaly_rad(nu, c.e);
        ea - c.e * ea.sin()
    };
    let flight_time_s = (mean_anomaly(nu_i) - mean_anomaly(c.nu_burnout_rad)) / mean_motion;
    let central_angle_rad = nu_i - c.nu_burnout_rad;
    Ok(Forward::Impact(Arc {
        apogee_m: apogee_radius_m - r,
        central_angle_rad,
        range_m: r * central_angle_rad,
        flight_time_s,
        eccentricity: c.e,
    }))
}

/// The lowest apogee accepted, m: a flight that climbs less than a kilometre is no
/// missile test to extrapolate (and its conic grazes the surface).
pub const MIN_APOGEE_M: f64 = 1e3;
/// The highest apogee accepted, m: a quarter of the way to the Moon, far above any
/// reported test (the highest lofted ICBM tests reach about 7,700 km).
pub const MAX_APOGEE_M: f64 = 1e8;
/// The shortest ground range accepted, m.
pub const MIN_RANGE_M: f64 = 1e3;

/// Check an observation (apogee, range, burnout altitude) against what a ballistic
/// flight on this Earth can do; errors name the field and the accepted values.
pub fn check_observation(earth: &Earth, apogee_m: f64, range_m: f64, burnout_altitude_m: f64) -> Result<()> {
    let half_circumference_km = PI * earth.radius_m / 1e3;
    if !(apogee_m.is_finite() && (MIN_APOGEE_M..=MAX_APOGEE_M).contains(&apogee_m)) {
        return Err(Error::invalid(
            "apogee",
            format!("{} km", crate::fmt::echo(apogee_m / 1e3)),
            "an apogee from 1 to 100000 km",
        ));
    }
    if !(range_m.is_finite() && range_m >= MIN_RANGE_M && range_m < PI * earth.radius_m) {
        return Err(Error::invalid(
            "range",
            format!("{} km", crate::fmt::echo(range_m / 1e3)),
            format!("a distance from 1 km to below half the Earth's circumference ({half_circumference_km:.1} km)"),
        ));
    }
    if !(burnout_altitude_m.is_finite() && (0.0..MAX_APOGEE_M).contains(&burnout_altitude_m)) {
        return Err(Error::invalid(
            "burnout altitude",
            format!("{} km", crate::fmt::echo(burnout_altitude_m / 1e3)),
            "an altitude from 0 to 100000 km",
        ));
    }
    if apogee_m <= burnout_altitude_m {
        return Err(Error::Impossible(format!(
            "apogee {} km is at or below the burnout altitude {} km: a ballistic flight climbs after burnout",
            apogee_m / 1e3,
            burnout_altitude_m / 1e3
        )));
    }
    Ok(())
}

/// Invert an observation in closed form: the burnout state whose conic reaches apogee
/// altitude `apogee_m` and lands `range_m` away, burning out at `burnout_altitude_m`
/// directly above the launch point.
///
/// Burnout at the surface: the impact point mirrors burnout about the apse line, so
/// ν_b = π − Ψ/2 and r_a = p/(1−e) give e = (r_a/R − 1)/(r_a/R − cos(Ψ/2)).
/// Burnout above the surface: Ψ(e) is monotone on [e_min, 1) and solved by Brent.
pub fn inverse(earth: &Earth, apogee_m: f64, range_m: f64, burnout_altitude_m: f64) -> Result<(Burnout, SolverReport)> {
    check_observation(earth, apogee_m, range_m, burnout_altitude_m)?;
    let r = earth.radius_m;
    let r_a = r + apogee_m;
    let r_b = r + burnout_altitude_m;
    let psi = range_m / r;
    let (e, report) = if burnout_altitude_m == 0.0 {
        let ratio = r_a / r;
        ((ratio - 1.0) / (ratio - (0.5 * psi).cos()), SolverReport::closed_form())
    } else {
        // Ψ(e) = 2π − acos((p/R − 1)/e) − acos((p/r_b − 1)/e), p = r_a (1 − e).
        let psi_of_e = |e: f64| {
            let p = r_a * (1.0 - e);
            TAU - ((p / r - 1.0) / e).clamp(-1.0, 1.0).acos() - ((p / r_b - 1.0) / e).clamp(-1.0, 1.0).acos()
        };
        let e_min = (r_a - r) / (r_a + r); // periapsis on the surface
        let (e, report) = brent_root(|e| psi_of_e(e) - psi, e_min, 1.0 - 1e-15, 1e-16, 200);
        if !report.converged() {
            return Err(Error::NoSolution { what: "two-body inverse (eccentricity)".into(), report });
        }
        (e, report)
    };
    let p = r_a * (1.0 - e);
    let a_m = r_a / (1.0 + e);
    let speed_m_s = (earth.mu_m3_s2 * (2.0 / r_b - 1.0 / a_m)).sqrt();
    let h = (earth.mu_m3_s2 * p).sqrt();
    let gamma_rad = (h / (r_b * speed_m_s)).clamp(-1.0, 1.0).acos();
    Ok((Burnout { speed_m_s, gamma_rad, altitude_m: burnout_altitude_m }, report))
}

/// Maximum range for burnout speed `speed_m_s` at `burnout_altitude_m`, over γ in [0, 90°).
///
/// At the surface it is closed form (BMW ch. 6, the maximum-range trajectory):
/// sin(Ψ/2) = Q/(2 − Q), γ = (π − Ψ)/4. Above the surface, γ is found by Brent's
/// minimiser on −Ψ(γ), bracketed on [0, 90°).
pub fn max_range(earth: &Earth, speed_m_s: f64, burnout_altitude_m: f64) -> Result<MaxRange> {
    let probe = Burnout { speed_m_s, gamma_rad: 0.0, altitude_m: burnout_altitude_m };
    check_burnout(earth, &probe)?;
    let r_b = earth.radius_m + burnout_altitude_m;
    let q = speed_m_s * speed_m_s * r_b / earth.mu_m3_s2;
    if q >= 1.0 {
        return Ok(MaxRange::GlobalReach);
    }
    if burnout_altitude_m == 0.0 {
        let psi = 2.0 * (q / (2.0 - q)).asin();
        let gamma_rad = 0.25 * (PI - psi);
        return match forward(earth, &Burnout { gamma_rad, ..probe })? {
            Forward::Impact(arc) => Ok(MaxRange::Bounded { gamma_rad, arc, report: SolverReport::closed_form() }),
            Forward::NoImpact => Ok(MaxRange::GlobalReach),
        };
    }
    // Horizontal burnout that never comes down: an orbit, so every point is in reach.
    if forward(earth, &probe)? == Forward::NoImpact {
        return Ok(MaxRange::GlobalReach);
    }
    let neg_psi = |g: f64| match forward(earth, &Burnout { gamma_rad: g, ..probe }) {
        Ok(Forward::Impact(arc)) => -arc.central_angle_rad,
        _ => f64::NEG_INFINITY,
    };
    let (gamma_rad, _, report) = brent_minimize(neg_psi, 0.0, FRAC_PI_2 - 1e-9, 1e-12, 200);
    if !report.converged() {
        return Err(Error::NoSolution { what: "two-body maximum range".into(), report });
    }
    match forward(earth, &Burnout { gamma_rad, ..probe })? {
        Forward::Impact(arc) if arc.central_angle_rad < PI => Ok(MaxRange::Bounded { gamma_rad, arc, report }),
        _ => Ok(MaxRange::GlobalReach),
    }
}

/// Sample a two-body arc in closed form for plotting: `n` points evenly spaced in true
/// anomaly from burnout to impact, along `azimuth_rad` from the launch site on a
/// non-rotating Earth. Returns an empty vector when the flight does not land.
pub fn sample(
    earth: &Earth,
    b: &Burnout,
    lat_rad: f64,
    lon_rad: f64,
    azimuth_rad: f64,
    n: usize,
) -> Vec<crate::flight::trajectory::TrajectoryPoint> {
    let Ok(Forward::Impact(arc)) = forward(earth, b) else {
        return Vec::new();
    };
    let c = conic(earth, b);
    let a_m = c.p_m / (1.0 - c.e * c.e);
    let mean_motion = (earth.mu_m3_s2 / (a_m * a_m * a_m)).sqrt();
    let mean_anomaly = |nu: f64| {
        let ea = eccentric_anomaly_rad(nu, c.e);
        ea - c.e * ea.sin()
    };
    let m_b = mean_anomaly(c.nu_burnout_rad);
    let n = n.max(2);
    (0..n)
        .map(|i| {
            let angle = arc.central_angle_rad * i as f64 / (n - 1) as f64;
            let nu = c.nu_burnout_rad + angle;
            let radius_m = c.p_m / (1.0 + c.e * nu.cos());
            let (lat, lon) = crate::geo::destination_rad(lat_rad, lon_rad, azimuth_rad, angle);
            crate::flight::trajectory::TrajectoryPoint {
                time_s: (mean_anomaly(nu) - m_b) / mean_motion,
                altitude_m: if i + 1 == n { 0.0 } else { radius_m - earth.radius_m },
                ground_distance_m: earth.radius_m * angle,
                lat_rad: lat,
                lon_rad: lon,
                powered: false,
            }
        })
        .collect()
}

/// Time from burnout to apogee on a two-body arc (0 when burnout is past apogee), s.
pub fn time_to_apogee_s(earth: &Earth, b: &Burnout) -> f64 {
    let c = conic(earth, b);
    if c.e >= 1.0 || c.nu_burnout_rad >= PI {
        return 0.0;
    }
    let a_m = c.p_m / (1.0 - c.e * c.e);
    let ea = eccentric_anomaly_rad(c.nu_burnout_rad, c.e);
    (PI - (ea - c.e * ea.sin())) / (earth.mu_m3_s2 / (a_m * a_m * a_m)).sqrt()
}
