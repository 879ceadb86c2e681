//! A free flight from an impulsive burnout state to impact, integrated numerically
//! (models `sphere` and `rotating` of MODEL.md; J2 ready for the ellipsoidal model).
//!
//! The state is integrated in an inertial frame aligned with the Earth-fixed frame at
//! burnout (z along the spin axis). Burnout is `altitude_m` directly above the launch
//! site; the burnout velocity is given relative to the rotating Earth, so the inertial
//! velocity is v_rel + ω × r. Apogee (radial velocity r·v = 0, falling) and impact
//! (altitude 0, falling) are located on the dense output, never taken at a step end.

use nalgebra::{SVector, Vector3};
use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::Result;
use crate::geo;
use crate::integrate::{self, Crossing, DenseSegment, Dop853, Stats, Tolerances};
use crate::kepler::Burnout;
use crate::trajectory::{Trajectory, TrajectoryPoint};

/// State vector: inertial position (m) then velocity (m/s).
pub type State = SVector<f64, 6>;

/// Where a flight starts and which way it goes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    /// Geocentric latitude of the launch site, rad.
    pub lat_rad: f64,
    /// Longitude of the launch site, rad.
    pub lon_rad: f64,
    /// Launch azimuth, rad clockwise from north.
    pub azimuth_rad: f64,
}

impl Launch {
    /// The launch used by the non-rotating `sphere` model: on the equator, due east.
    /// (On a non-rotating sphere the direction does not matter.)
    pub const EQUATOR_EAST: Launch = Launch { lat_rad: 0.0, lon_rad: 0.0, azimuth_rad: std::f64::consts::FRAC_PI_2 };
}

/// Integration settings of a flight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlightOptions {
    /// Relative tolerance of the integrator.
    pub rtol: f64,
    /// Absolute tolerance of the integrator (m and m/s).
    pub atol: f64,
    /// Number of points to sample for plotting (0: none, no allocation).
    pub samples: usize,
    /// Stop at apogee instead of impact (for solvers that need only the apogee).
    pub stop_at_apogee: bool,
}

impl Default for FlightOptions {
    fn default() -> Self {
        FlightOptions { rtol: 1e-12, atol: 1e-9, samples: 0, stop_at_apogee: false }
    }
}

/// A flight that landed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Landed {
    /// Maximum altitude above the surface, m.
    pub apogee_m: f64,
    /// Time of apogee after burnout, s.
    pub apogee_time_s: f64,
    /// Great-circle distance from the launch site to the Earth-fixed impact point, m.
    pub range_m: f64,
    /// Free-flight time from burnout to impact, s.
    pub flight_time_s: f64,
    /// Earth-fixed impact latitude, rad.
    pub impact_lat_rad: f64,
    /// Earth-fixed impact longitude, rad.
    pub impact_lon_rad: f64,
    /// Integrator statistics.
    pub stats: Stats,
    /// Sampled trajectory when requested.
    pub trajectory: Option<Trajectory>,
}

/// The outcome of a flight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// It came down (or, with `stop_at_apogee`, reached apogee: then range and time are at apogee).
    Landed(Landed),
    /// It never came down within one orbital period (orbit or escape).
    NoImpact,
}

impl Outcome {
    /// The landed flight, if any.
    pub fn landed(self) -> Option<Landed> {
        match self {
            Outcome::Landed(l) => Some(l),
            Outcome::NoImpact => None,
        }
    }
}

/// Inertial burnout state for a burnout given relative to the rotating Earth.
pub fn initial_state(earth: &Earth, launch: &Launch, burnout: &Burnout) -> State {
    let up = geo::unit_vector(launch.lat_rad, launch.lon_rad);
    let r = (earth.radius_m + burnout.altitude_m) * up;
    let dir = geo::direction(launch.lat_rad, launch.lon_rad, launch.azimuth_rad, burnout.gamma_rad);
    let v = burnout.speed_m_s * dir + earth.omega_vec_rad_s().cross(&r);
    State::from_iterator(r.iter().chain(v.iter()).copied())
}

#[inline]
fn pos(y: &State) -> Vector3<f64> {
    Vector3::new(y[0], y[1], y[2])
}

#[inline]
fn vel(y: &State) -> Vector3<f64> {
    Vector3::new(y[3], y[4], y[5])
}

/// Fly a burnout state to impact (or apogee), numerically.
pub fn fly(earth: &Earth, launch: &Launch, burnout: &Burnout, opts: &FlightOptions) -> Result<Outcome> {
    let y0 = initial_state(earth, launch, burnout);
    let (r0, v0) = (pos(&y0), vel(&y0));
    // Energy decides escape; otherwise one orbital period bounds the search for impact.
    let energy = 0.5 * v0.norm_squared() - earth.mu_m3_s2 / r0.norm();
    if energy >= 0.0 {
        return Ok(Outcome::NoImpact);
    }
    let sma_m = -earth.mu_m3_s2 / (2.0 * energy);
    let t_max_s = 1.05 * std::f64::consts::TAU * (sma_m.powi(3) / earth.mu_m3_s2).sqrt();

    let e = *earth;
    let rhs = move |_t: f64, y: &State| {
        let a = e.gravity_m_s2(&pos(y));
        State::new(y[3], y[4], y[5], a.x, a.y, a.z)
    };
    let tol = Tolerances { rtol: opts.rtol, atol: opts.atol };
    // First step: a small fraction of the orbital time scale sqrt(r³/μ) (about 800 s near
    // the surface) instead of Hairer's generic guess, which starts far too small here.
    let h_init_s = 0.02 * (r0.norm().powi(3) / earth.mu_m3_s2).sqrt();
    let mut stepper = Dop853::new(rhs, 0.0, y0, tol, Some(h_init_s), f64::INFINITY);

    let radius_m = earth.radius_m;
    let g_apogee = |_t: f64, y: &State| pos(y).dot(&vel(y));
    let g_impact = |_t: f64, y: &State| pos(y).norm() - radius_m;

    let mut segments: Vec<DenseSegment<6>> = Vec::new();
    let mut apogee: Option<(f64, f64)> = None; // (time, radius)
    let mut g_apo_prev = g_apogee(0.0, &y0);
    if g_apo_prev <= 0.0 {
        apogee = Some((0.0, r0.norm()));
    }
    let mut g_imp_prev = g_impact(0.0, &y0);
    let event_tol_s = 1e-9;
    let impact = loop {
        let (_t0, t1) = stepper.step()?;
        let y1 = *stepper.y();
        let g_apo = g_apogee(t1, &y1);
        let g_imp = g_impact(t1, &y1);
        let need_dense = opts.samples > 0
            || (apogee.is_none() && g_apo_prev > 0.0 && g_apo <= 0.0)
            || (g_imp_prev > 0.0 && g_imp <= 0.0);
        if need_dense {
            let seg = stepper.dense();
            if apogee.is_none() {
                if let Some((t, y)) = integrate::locate(seg, g_apogee, Crossing::Falling, event_tol_s) {
                    apogee = Some((t, pos(&y).norm()));
                    if opts.stop_at_apogee {
                        if opts.samples > 0 {
                            segments.push(seg.clone());
                        }
                        break (t, y);
                    }
                }
            }
            let hit = integrate::locate(seg, g_impact, Crossing::Falling, event_tol_s);
            if opts.samples > 0 {
                segments.push(seg.clone());
            }
            if let Some(hit) = hit {
                break hit;
            }
        }
        g_apo_prev = g_apo;
        g_imp_prev = g_imp;
        if t1 > t_max_s {
            return Ok(Outcome::NoImpact);
        }
    };
    let (t_imp, y_imp) = impact;
    let (apogee_time_s, apogee_radius_m) = apogee.unwrap_or((0.0, r0.norm()));
    let site = geo::unit_vector(launch.lat_rad, launch.lon_rad);
    let r_fixed = geo::rotate_z(&pos(&y_imp), -earth.omega_rad_s * t_imp);
    let (impact_lat_rad, impact_lon_rad) = geo::lat_lon_rad(&r_fixed);
    let trajectory = (opts.samples > 0).then(|| Trajectory {
        apogee_m: apogee_radius_m - radius_m,
        range_m: radius_m * geo::central_angle_rad(&site, &r_fixed),
        flight_time_s: t_imp,
        points: sample(earth, &site, &segments, t_imp, opts.samples),
    });
    Ok(Outcome::Landed(Landed {
        apogee_m: apogee_radius_m - radius_m,
        apogee_time_s,
        range_m: radius_m * geo::central_angle_rad(&site, &r_fixed),
        flight_time_s: t_imp,
        impact_lat_rad,
        impact_lon_rad,
        stats: stepper.stats(),
        trajectory,
    }))
}

/// Sample `n` points uniformly in time over [0, t_end] from the dense segments.
fn sample(
    earth: &Earth,
    site: &Vector3<f64>,
    segments: &[DenseSegment<6>],
    t_end_s: f64,
    n: usize,
) -> Vec<TrajectoryPoint> {
    let n = n.max(2);
    let mut k = 0;
    (0..n)
        .map(|i| {
            let t = if i + 1 == n { t_end_s } else { t_end_s * i as f64 / (n - 1) as f64 };
            while k + 1 < segments.len() && segments[k].t1 < t {
                k += 1;
            }
            let y = segments[k].eval(t);
            let r_fixed = geo::rotate_z(&pos(&y), -earth.omega_rad_s * t);
            let (lat_rad, lon_rad) = geo::lat_lon_rad(&r_fixed);
            TrajectoryPoint {
                time_s: t,
                altitude_m: r_fixed.norm() - earth.radius_m,
                ground_distance_m: earth.radius_m * geo::central_angle_rad(site, &r_fixed),
                lat_rad,
                lon_rad,
                powered: false,
            }
        })
        .collect()
}
