//! By how much a global answer is global: the burnout speed's margin over the speed
//! that just reaches the antipode (half the circumference) on a standard trajectory,
//! in the direction where that speed is highest.
//!
//! On a non-rotating sphere every direction is the same, and with burnout at the
//! surface the speed is circular speed, √(μ/R): the minimum-energy range equation
//! sin(Ψ/2) = Q/(2 − Q), Q = v²R/μ (Bate, Mueller & White 1971, ch. 6, maximum range) reaches
//! Ψ = π at Q = 1. On a rotating Earth a launch toward the east borrows the site's
//! speed ω R cos φ and one toward the west pays it back, so the highest speed (the
//! worst direction) is near due west and is found by a search over launch azimuths.
//!
//! The speed is found as the boundary, in burnout speed, between a bounded standard
//! trajectory and global reach as [`crate::standard::standard`] decides it (the same
//! decision every report makes): Brent's method on the standard range minus half the
//! circumference, where global reach counts as positive.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::{FlightOptions, Launch};
use crate::flight::{MAX_BURNOUT_SPEED_M_S, MIN_BURNOUT_SPEED_M_S};
use crate::model::Model;
use crate::numerics::solve::{
    expand_bracket, try_brent_minimize, try_brent_root, BracketSpec, Expansion, Sign, SolverReport, Unit,
};
use crate::standard::{self, Standard};

/// The burnout speed against the speed that just reaches the antipode.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlobalMargin {
    /// The burnout speed judged, m/s (relative to the ground).
    pub speed_m_s: f64,
    /// Its burnout altitude, m.
    pub altitude_m: f64,
    /// The lowest burnout speed whose standard trajectory reaches the antipode in the
    /// worst direction, m/s (relative to the ground).
    pub antipode_speed_m_s: f64,
    /// The worst direction: the launch azimuth where that speed is highest, rad (None
    /// where the direction does not matter: a non-rotating sphere).
    pub worst_azimuth_rad: Option<f64>,
    /// `speed_m_s − antipode_speed_m_s`, m/s: positive when every direction has global
    /// reach, negative when only some do.
    pub margin_m_s: f64,
    /// The margin as a fraction of the antipode speed.
    pub margin_fraction: f64,
    /// The root in speed toward the worst direction (residual: the final bracket, m/s).
    pub report: SolverReport,
}

impl GlobalMargin {
    /// True when every direction has global reach (a margin of zero or more).
    pub fn global_everywhere(&self) -> bool {
        self.margin_m_s >= 0.0
    }

    /// One line: "global reach by a margin of 420 m/s (5.3 %) over the 7.909 km/s that
    /// reaches the antipode toward azimuth 270.0 deg".
    pub fn sentence(&self) -> String {
        let toward = match self.worst_azimuth_rad {
            Some(az) => format!("toward azimuth {:.1} deg (the worst direction)", az.to_degrees()),
            None => "in every direction".to_string(),
        };
        if self.global_everywhere() {
            format!(
                "global reach by a margin of {:.0} m/s ({:.1} %) over the {:.3} km/s that reaches the antipode {toward}",
                self.margin_m_s,
                100.0 * self.margin_fraction,
                self.antipode_speed_m_s / 1e3
            )
        } else {
            format!(
                "global reach toward some directions only: {:.0} m/s ({:.1} %) short of the {:.3} km/s that reaches the antipode {toward}",
                -self.margin_m_s,
                -100.0 * self.margin_fraction,
                self.antipode_speed_m_s / 1e3
            )
        }
    }
}

/// Speed tolerance of the root, m/s.
const SPEED_TOL_M_S: f64 = 1e-3;
/// Azimuth tolerance of the search for the worst direction, rad (the speed is flat
/// there: an error of δ in azimuth moves it by about ω R cos φ δ²/2).
const AZIMUTH_TOL_RAD: f64 = 1e-3;

/// Allowance for J2 and the ellipsoid in [`cannot_be_global_anywhere`], rad of central
/// angle (J2 moves a ballistic arc's range by a few 1e-3 of it; the ellipsoid is covered
/// by taking the burnout at the equatorial radius and the impact at the polar one).
const GLOBAL_BOUND_ALLOWANCE_RAD: f64 = 0.1;

/// True when no launch azimuth from latitude `lat_rad` can have global reach for
/// burnout speed `speed_m_s` (relative to the ground) at `altitude_m`: a conservative
/// bound in closed form, so that a bounded answer need not fly the due-east standard
/// trajectory to know there is no global reach to measure a margin of.
///
/// The inertial speed is at most v + ω r_b cos φ (the site's eastward speed helping
/// fully). On a non-rotating sphere the longest two-body arc of that speed spans Ψ
/// (BMW's maximum-range trajectory at the surface, the two-body optimum above it: [`kepler::max_range`]).
/// The ground track can gain on that arc no more than the Earth turns during the flight,
/// ω·T with T below the orbit's period 2π√(a³/μ), and a flight passes the farthest point
/// from the site only near half a turn (its distance from the site grows while the
/// sub-point moves faster over the ground than the Earth turns). So Ψ + ω·T + an
/// allowance for J2 and the ellipsoid below π leaves every direction bounded.
pub fn cannot_be_global_anywhere(earth: &Earth, lat_rad: f64, speed_m_s: f64, altitude_m: f64) -> bool {
    // The burnout as far from the centre as the surface allows, the impact as near.
    let (r_surface_m, r_burnout_m) = match earth.surface {
        crate::earth::Surface::Sphere => (earth.radius_m, earth.radius_m + altitude_m),
        crate::earth::Surface::Ellipsoid(e) => (e.a_m * (1.0 - e.f), e.a_m + altitude_m),
    };
    let v_in = speed_m_s + earth.omega_rad_s * r_burnout_m * lat_rad.cos().abs();
    let sphere = Earth { radius_m: r_surface_m, mu_m3_s2: earth.mu_m3_s2, ..Earth::non_rotating() };
    let energy = 0.5 * v_in * v_in - earth.mu_m3_s2 / r_burnout_m;
    if energy.is_nan() || energy >= 0.0 {
        return false;
    }
    let psi_rad = match crate::flight::kepler::max_range(&sphere, v_in, r_burnout_m - r_surface_m) {
        Ok(crate::flight::kepler::MaxRange::Bounded { arc, .. }) => arc.central_angle_rad,
        _ => return false,
    };
    let sma_m = -earth.mu_m3_s2 / (2.0 * energy);
    let period_s = std::f64::consts::TAU * (sma_m.powi(3) / earth.mu_m3_s2).sqrt();
    psi_rad + earth.omega_rad_s * period_s + GLOBAL_BOUND_ALLOWANCE_RAD < std::f64::consts::PI
}

/// The lowest burnout speed (relative to the ground, m/s) at `altitude_m` whose
/// standard trajectory toward `launch.azimuth_rad` reaches the antipode (global reach
/// as [`standard::standard`] decides it), to 1 mm/s, with the root's report.
pub fn antipode_speed_m_s(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<(f64, SolverReport)> {
    if model.is_boost() {
        return Err(Error::invalid(
            "model",
            model.name,
            "an impulsive model: the boost model's answer depends on the payload (loftrange payload --range-for)",
        ));
    }
    let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..*opts };
    let half_m = earth.half_circumference_m();
    // Standard range minus half the circumference (negative), or +1 m with global reach.
    let g = |v: f64| -> Result<f64> {
        Ok(match standard::standard(model, earth, launch, v, altitude_m, &quiet)? {
            Standard::Bounded(f) => f.landed.range_m - half_m,
            Standard::GlobalReach => 1.0,
        })
    };
    // First guess: circular speed at the burnout radius less the site's eastward speed
    // along the launch direction.
    let r_b = earth.radius_m + altitude_m;
    let east_m_s = earth.omega_rad_s * r_b * launch.lat_rad.cos() * launch.azimuth_rad.sin();
    let guess = (earth.circular_speed_m_s(r_b) - east_m_s).clamp(MIN_BURNOUT_SPEED_M_S, MAX_BURNOUT_SPEED_M_S);
    // ±50 m/s around it; then a march toward the change, by steps of 200, 800, 3200 m/s...
    let (lo, hi) = (guess - 50.0, guess + 50.0);
    let (g_lo, g_hi) = (g(lo.max(MIN_BURNOUT_SPEED_M_S))?, g(hi.min(MAX_BURNOUT_SPEED_M_S))?);
    let from = Expansion::March { lo, f_lo: g_lo, hi, f_hi: g_hi, upward: g_lo <= 0.0, step: 200.0, secant: None };
    let rules = BracketSpec { sign: Sign::Rising, growth: 4.0, limits: (MIN_BURNOUT_SPEED_M_S, MAX_BURNOUT_SPEED_M_S) };
    let (lo, hi) = match expand_bracket(|v| g(v).map(Some), from, &rules)? {
        Ok(b) => (b.lo, b.hi),
        Err(none) => return Err(no_bracket(none.lo, none.hi)),
    };
    let (v, report) = try_brent_root(g, lo, hi, SPEED_TOL_M_S, 200)?;
    if !report.converged() {
        return Err(Error::NoSolution { what: "speed that reaches the antipode".into(), report });
    }
    // The report's residual is |g| (a jump at the boundary): give the speed bracket instead.
    Ok((v, SolverReport { residual: SPEED_TOL_M_S, unit: Unit::MetrePerSecond, ..report }))
}

fn no_bracket(lo: f64, hi: f64) -> Error {
    Error::NoSolution {
        what: format!(
            "speed that reaches the antipode: no change from bounded to global reach between {:.0} and {:.0} m/s",
            lo, hi
        ),
        report: SolverReport {
            stop: crate::numerics::solve::StopReason::NotBracketed,
            iterations: 0,
            evaluations: 0,
            residual: f64::NAN,
            unit: Unit::MetrePerSecond,
        },
    }
}

/// The speed that reaches the antipode in the worst direction from a site: on a
/// rotating Earth (or an ellipsoid) the highest over launch azimuths (a scan every 45°
/// in parallel, then Brent's minimiser between the neighbours of the highest);
/// elsewhere the one speed of every direction. Returns (speed m/s, worst azimuth rad
/// or None, the root's report).
pub fn worst_antipode_speed_m_s(
    model: Model,
    earth: &Earth,
    lat_rad: f64,
    lon_rad: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<(f64, Option<f64>, SolverReport)> {
    let at = |az: f64| {
        let launch = Launch { lat_rad, lon_rad, azimuth_rad: crate::geo::normalize_angle_rad(az) };
        antipode_speed_m_s(model, earth, &launch, altitude_m, opts)
    };
    if !earth.direction_matters() {
        let (v, r) = at(std::f64::consts::FRAC_PI_2)?;
        return Ok((v, None, r));
    }
    let (az, v, report) = highest_over_azimuths(&at)?;
    Ok((v, Some(az), report))
}

/// The highest value of `at` over launch azimuths, with its azimuth (rad, in [0, 2π))
/// and report: a scan every 45° in parallel, then Brent's minimiser between the
/// neighbours of the highest; should Brent fail, a dense scan of that bracket.
fn highest_over_azimuths<R: Copy + Send>(at: &(dyn Fn(f64) -> Result<(f64, R)> + Sync)) -> Result<(f64, f64, R)> {
    let n = 8;
    let step = std::f64::consts::TAU / n as f64;
    let scan: Vec<(f64, R)> = (0..n).into_par_iter().map(|k| at(k as f64 * step)).collect::<Result<_>>()?;
    let best = (0..n).max_by(|&a, &b| scan[a].0.total_cmp(&scan[b].0)).unwrap_or(0);
    let c = best as f64 * step;
    let refined = try_brent_minimize(|az| at(az).map(|(v, _)| -v), c - step, c + step, AZIMUTH_TOL_RAD, 100);
    let (az, v, report) = match refined {
        Ok((az, neg_v, r)) if r.converged() && -neg_v >= scan[best].0 => {
            let (v, report) = at(az)?;
            (az, v.max(-neg_v), report)
        }
        // Brent did not converge, or found less than the grid: the grid's best is not
        // the answer (the highest speed lies between grid points, so it would understate
        // the speed and overstate the margin by up to ωR cos φ (π/8)²/2, about 30 m/s).
        // A dense scan of the bracket instead, every 0.5°: the highest is then within
        // ωR cos φ (0.25°)²/2 < 0.01 m/s of the true one.
        _ => {
            let dense = 4 * 45;
            let h = 2.0 * step / dense as f64;
            let fine: Vec<(f64, (f64, R))> = (0..=dense)
                .into_par_iter()
                .map(|i| {
                    let az = c - step + i as f64 * h;
                    at(az).map(|r| (az, r))
                })
                .collect::<Result<_>>()?;
            let (az, (v, report)) =
                fine.into_iter().max_by(|a, b| a.1 .0.total_cmp(&b.1 .0)).unwrap_or((c, scan[best]));
            (az, v, report)
        }
    };
    Ok((crate::geo::normalize_angle_rad(az), v, report))
}

/// The margin of burnout speed `speed_m_s` at `altitude_m` from a site over the speed
/// that reaches the antipode in the worst direction.
#[allow(clippy::too_many_arguments)]
pub fn global_margin(
    model: Model,
    earth: &Earth,
    lat_rad: f64,
    lon_rad: f64,
    speed_m_s: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<GlobalMargin> {
    let (v, worst_azimuth_rad, report) = worst_antipode_speed_m_s(model, earth, lat_rad, lon_rad, altitude_m, opts)?;
    Ok(GlobalMargin {
        speed_m_s,
        altitude_m,
        antipode_speed_m_s: v,
        worst_azimuth_rad,
        margin_m_s: speed_m_s - v,
        margin_fraction: (speed_m_s - v) / v,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_the_two_body_earth_the_antipode_speed_is_the_circular_speed() {
        // 8.2 km/s at the surface of the non-rotating two-body Earth: 8.2 − √(μ/R) ≈ 0.29 km/s.
        let m = global_margin(Model::KEPLER, &Model::KEPLER.earth, 0.0, 0.0, 8_200.0, 0.0, &FlightOptions::default())
            .unwrap();
        assert!((m.antipode_speed_m_s - 7_909.8).abs() < 0.2);
        assert!(m.global_everywhere() && m.worst_azimuth_rad.is_none());
    }

    /// The grid's best (a spike at 90°) is neither the highest value (a narrow peak at
    /// 70°) nor where Brent settles (a broad hill at 110°, lower than the spike): the
    /// answer is then the dense scan's, the peak within 0.5° of azimuth, never the
    /// grid's spike nor the hill.
    #[test]
    fn the_highest_is_not_the_grid_point_when_brent_misses_it() {
        let at = |az: f64| -> Result<(f64, ())> {
            let deg = az.to_degrees();
            let hill = 9.0 - ((deg - 110.0) / 30.0).powi(2);
            let spike = if (deg - 90.0).abs() < 0.3 { 10.0 } else { f64::NEG_INFINITY };
            let peak = if (deg - 70.0).abs() < 1.0 { 20.0 - (deg - 70.0).abs() } else { f64::NEG_INFINITY };
            Ok((hill.max(spike).max(peak), ()))
        };
        let (az, v, ()) = highest_over_azimuths(&at).unwrap();
        assert!(v >= 19.75, "{v} at {} deg", az.to_degrees());
        assert!((az.to_degrees() - 70.0).abs() <= 0.25, "{}", az.to_degrees());
    }

    /// A smooth maximum between grid points is found by Brent to the azimuth tolerance.
    #[test]
    fn a_smooth_maximum_is_refined() {
        let top = 200f64.to_radians();
        let at = |az: f64| -> Result<(f64, ())> { Ok((5.0 + (az - top).cos(), ())) };
        let (az, v, ()) = highest_over_azimuths(&at).unwrap();
        assert!((az - top).abs() < 2.0 * AZIMUTH_TOL_RAD, "{}", az.to_degrees());
        assert!((v - 6.0).abs() < 1e-5);
    }
}
