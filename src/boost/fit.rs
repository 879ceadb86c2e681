//! Solvers of the boost model: fit the lofted test, and the standard trajectory.
//!
//! Both unknowns of a fit (the generic vehicle's ideal Δv, or a real vehicle's payload;
//! and the kick angle) are found by nested bracketed root-finding (Brent):
//! * inner: for a kick angle, the Δv (or payload) whose flight reaches the reported
//!   apogee H. Apogee grows with Δv and falls with payload; the residual is
//!   R/(R+H) − R/(R+apogee), bounded when the flight escapes;
//! * outer: the kick angle whose inner solution lands at the reported range D.
//!
//! The standard trajectory keeps the fitted vehicle and payload and maximises the
//! range over the kick angle: a scan on a fixed grid, then Brent's minimiser between
//! the neighbours of the best grid point. Every solver reports why it stopped.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use super::powered::{fly_boost, PoweredOptions, PoweredOutcome};
use super::vehicle::Plan;
use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::Flight;
use crate::flight::Launch;
use crate::solve::{maximize, nested_root, try_brent_root, NestedSpec, Search, SolverReport, TwoUnknowns, Unit};

/// A one-parameter family of flight plans: the inner unknown of a fit.
pub struct Family<'a> {
    /// The plan for a value of the unknown.
    pub plan: Box<dyn Fn(f64) -> Plan + Sync + 'a>,
    /// Lower end of the accepted values.
    pub lo: f64,
    /// Upper end of the accepted values.
    pub hi: f64,
    /// Tolerance on the unknown (its unit).
    pub x_tol: f64,
    /// A value to start the bracket search from.
    pub guess: f64,
    /// True when the apogee grows with the unknown (Δv), false when it falls (payload).
    pub increasing: bool,
    /// The unknown's name, for messages (`"ideal delta-v"`, `"payload"`).
    pub name: &'static str,
}

/// How a fit went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// Outer solve (kick angle; residual in m of range).
    pub kick: SolverReport,
    /// Last inner solve (the unknown; residual dimensionless, see the module docs).
    pub inner: SolverReport,
    /// Apogee of the fitted flight minus the reported one, m.
    pub apogee_residual_m: f64,
    /// Range of the fitted flight minus the reported one, m.
    pub range_residual_m: f64,
    /// Flights simulated.
    pub flights: u32,
}

/// The fitted unknowns and the fitted (lofted) flight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    /// The inner unknown (ideal Δv in m/s, or payload in kg).
    pub value: f64,
    /// Kick angle from the vertical, rad.
    pub kick_rad: f64,
    /// The lofted flight at the solution.
    pub flight: Flight,
    /// How the solvers went.
    pub report: FitReport,
}

/// Largest apogee or range residual (m) a fit may leave.
const RANGE_TOL_M: f64 = 100.0;

/// Inner residual of an outcome (see the module docs).
fn apogee_residual(earth: &Earth, apogee_m: f64, outcome: &PoweredOutcome) -> f64 {
    let r = earth.radius_m;
    match outcome {
        PoweredOutcome::Landed(f) => r / (r + apogee_m) - r / (r + f.apogee_m),
        PoweredOutcome::Global(_) => r / (r + apogee_m),
        PoweredOutcome::Crashed { .. } | PoweredOutcome::BurnedOut(_) => r / (r + apogee_m) - 1.0,
    }
}

/// The flights of a fit, for the nested solver: inner unknown the family's value,
/// outer unknown the kick angle.
struct Fitter<'a> {
    earth: &'a Earth,
    launch: &'a Launch,
    family: &'a Family<'a>,
    opts: PoweredOptions,
    apogee_m: f64,
    range_m: f64,
    flights: u32,
}

impl Fitter<'_> {
    fn fly(&mut self, x: f64, kick_rad: f64, to_apogee: bool) -> Result<PoweredOutcome> {
        self.flights += 1;
        let opts = PoweredOptions { stop_at_apogee: to_apogee, stop_at_burnout: false, samples: 0, ..self.opts };
        fly_boost(self.earth, self.launch, &(self.family.plan)(x), kick_rad, &opts)
    }
}

impl TwoUnknowns for Fitter<'_> {
    type Error = Error;

    /// Dimensionless, see the module docs.
    fn apogee_residual(&mut self, x: f64, kick_rad: f64) -> Result<f64> {
        let o = self.fly(x, kick_rad, true)?;
        Ok(apogee_residual(self.earth, self.apogee_m, &o))
    }

    /// Signed range minus the reported range, m; a flight that does not come down
    /// counts as "too flat": the reported range itself (positive).
    fn range_residual(&mut self, x: f64, kick_rad: f64) -> Result<f64> {
        Ok(match self.fly(x, kick_rad, false)? {
            PoweredOutcome::Landed(f) => f.powered().signed_range_m - self.range_m,
            _ => self.range_m,
        })
    }

    fn unreachable_residual_m(&self) -> f64 {
        self.range_m
    }
}

/// Fit the family and the kick angle to a lofted test of apogee `apogee_m` and range
/// `range_m`, with the one bracketing inverse ([`crate::solve::nested_root`]).
pub fn fit_lofted(
    earth: &Earth,
    launch: &Launch,
    family: &Family<'_>,
    apogee_m: f64,
    range_m: f64,
    opts: &PoweredOptions,
) -> Result<Fit> {
    let mut ft = Fitter { earth, launch, family, opts: *opts, apogee_m, range_m, flights: 0 };
    // The kick from the vertical: ranges grow with it at a fixed apogee.
    let spec = NestedSpec {
        x_lo: family.lo,
        x_hi: family.hi,
        x_tol: family.x_tol,
        x_guess: family.guess,
        increasing: family.increasing,
        u_first_rad: 0.25f64.to_radians(),
        u_max_rad: 64f64.to_radians(),
        u_tol_rad: 1e-8,
    };
    let nested = nested_root(&mut ft, spec)?;
    let (kick_rad, kick_report) = (nested.u_rad, SolverReport { evaluations: ft.flights, ..nested.outer });
    if !kick_report.converged() {
        return Err(Error::NoSolution {
            what: "kick angle reproducing the reported range".into(),
            report: kick_report,
        });
    }
    let x = nested.x.ok_or_else(|| Error::NoSolution {
        what: format!("{} reaching the reported apogee", family.name),
        report: nested.inner,
    })?;
    let full = PoweredOptions { stop_at_apogee: false, stop_at_burnout: false, ..*opts };
    ft.flights += 1;
    let flight = match fly_boost(earth, launch, &(family.plan)(x), kick_rad, &full)? {
        PoweredOutcome::Landed(f) => f,
        _ => {
            return Err(Error::NoSolution { what: "a lofted flight that lands".into(), report: kick_report });
        }
    };
    // The signed range can jump where the impact swings from behind the site to ahead of
    // it; a root found at such a jump is not a solution.
    if (flight.apogee_m - apogee_m).abs() <= RANGE_TOL_M && flight.range_m - range_m > RANGE_TOL_M {
        return Err(Error::Impossible(format!(
            "no kick angle lands a {:.0} km-high flight {:.0} km away toward azimuth {:.1} deg: where the impact swings from behind the launch site to ahead of it, it passes {:.0} km from the site (the Earth turns under a high flight); check the apogee, the range and the test azimuth",
            apogee_m / 1e3,
            range_m / 1e3,
            launch.azimuth_rad.to_degrees(),
            flight.range_m / 1e3
        )));
    }
    if (flight.range_m - range_m).abs() > RANGE_TOL_M || (flight.apogee_m - apogee_m).abs() > RANGE_TOL_M {
        let report = SolverReport {
            residual: (flight.range_m - range_m).abs().max((flight.apogee_m - apogee_m).abs()),
            unit: Unit::Metre,
            ..kick_report
        };
        return Err(Error::NoSolution { what: "kick angle reproducing the reported range and apogee".into(), report });
    }
    let report = FitReport {
        kick: kick_report,
        inner: nested.inner,
        apogee_residual_m: flight.apogee_m - apogee_m,
        range_residual_m: flight.range_m - range_m,
        flights: ft.flights,
    };
    Ok(Fit { value: x, kick_rad, flight, report })
}

pub use crate::standard::{Standard, StandardFlight};

/// Kick angles of the scan, degrees from the vertical.
const KICK_GRID_DEG: [f64; 14] = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.5, 7.5, 10.0, 14.0, 20.0, 30.0, 45.0];

/// The standard trajectory of `plan`: the kick angle that maximises the range.
///
/// With `min_burnout_altitude_m`, only kicks that burn out at least that high are
/// allowed. The burnout altitude falls as the kick grows, so the allowed kicks are
/// [0, k_floor]; k_floor is found by Brent's method on burnout-only flights, and when
/// the range still grows at k_floor the constrained maximum is k_floor itself.
pub fn standard_boost(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    opts: &PoweredOptions,
    min_burnout_altitude_m: Option<f64>,
) -> Result<Standard> {
    let quiet = PoweredOptions { samples: 0, stop_at_apogee: false, stop_at_burnout: false, ..*opts };
    let orbit: Cell<Option<f64>> = Cell::new(None);
    // Range of a kick, m: a crash has none; a flight with global reach is flagged (the
    // direction is then global) and counts as half the circumference.
    let range = |k: f64| -> Result<f64> {
        Ok(match fly_boost(earth, launch, plan, k, &quiet)? {
            PoweredOutcome::Landed(f) => f.range_m,
            PoweredOutcome::Global(_) => {
                if orbit.get().is_none() {
                    orbit.set(Some(k));
                }
                std::f64::consts::PI * earth.radius_m
            }
            _ => 0.0,
        })
    };

    // Upper end of the allowed kicks.
    let mut k_max = KICK_GRID_DEG[KICK_GRID_DEG.len() - 1].to_radians();
    let mut floor_active = false;
    if let Some(floor) = min_burnout_altitude_m {
        let to_burnout = PoweredOptions { stop_at_burnout: true, ..quiet };
        // Burnout altitude above the floor, m (a crash before burnout: at the ground).
        let excess = |k: f64| -> Result<f64> {
            Ok(match fly_boost(earth, launch, plan, k, &to_burnout)? {
                PoweredOutcome::BurnedOut(b) => b.altitude_m - floor,
                _ => -floor,
            })
        };
        let e0 = excess(0.0)?;
        // A vehicle that cannot reach the floor even flying straight up is no ICBM: the
        // floor guards against flat, near-orbital flights through the air, which such a
        // vehicle cannot fly, and drag alone keeps its optimum ballistic. No floor then.
        let e_max = if e0 < 0.0 { 0.0 } else { excess(k_max)? };
        if e_max < 0.0 {
            // Bracket the floor between grid kicks, then Brent.
            let mut a = 0.0;
            let mut b = k_max;
            for &d in KICK_GRID_DEG.iter() {
                let k = d.to_radians();
                let e = excess(k)?;
                if e < 0.0 {
                    b = k;
                    break;
                }
                a = k;
            }
            let (k_floor, report) = try_brent_root(&excess, a, b, 1e-9, 100)?;
            let report = report.in_unit(Unit::Metre);
            if !report.converged() {
                return Err(Error::NoSolution { what: "kick angle of the burnout-altitude floor".into(), report });
            }
            k_max = k_floor;
            floor_active = true;
        }
    }

    // Is the range still growing at the floor? Then the floor is the maximum.
    if floor_active {
        let dk = 1e-4 * k_max;
        let (r1, r0) = (range(k_max)?, range(k_max - dk)?);
        if orbit.get().is_some() {
            return Ok(Standard::GlobalReach);
        }
        if r1 >= r0 {
            let report = SolverReport { evaluations: 2, ..SolverReport::closed_form() }.in_unit(Unit::Radian);
            return finish(earth, launch, plan, opts, k_max, report, true);
        }
    }

    // Scan, then Brent's minimiser between the neighbours of the best allowed kick:
    // the one range maximiser (solve::maximize).
    let mut grid: Vec<f64> = KICK_GRID_DEG.iter().map(|d| d.to_radians()).filter(|&k| k < k_max).collect();
    grid.push(k_max);
    let (kick_rad, _, report) = maximize(range, Search::Grid(&grid), 1e-7, 100)?;
    let report = report.in_unit(Unit::Radian);
    if orbit.get().is_some() {
        return Ok(Standard::GlobalReach);
    }
    if !report.converged() {
        return Err(Error::NoSolution { what: "kick angle maximising the range".into(), report });
    }
    finish(earth, launch, plan, opts, kick_rad, report, false)
}

/// Fly the chosen kick with the caller's options (samples included).
fn finish(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    opts: &PoweredOptions,
    kick_rad: f64,
    report: SolverReport,
    floor_active: bool,
) -> Result<Standard> {
    let o = PoweredOptions { stop_at_apogee: false, stop_at_burnout: false, ..*opts };
    match fly_boost(earth, launch, plan, kick_rad, &o)? {
        PoweredOutcome::Landed(flight) => Ok(Standard::Bounded(StandardFlight {
            azimuth_rad: launch.azimuth_rad,
            gamma_rad: flight.powered().burnout.gamma_rad,
            landed: flight,
            report,
            floor_active,
        })),
        PoweredOutcome::Global(_) => Ok(Standard::GlobalReach),
        _ => Err(Error::NoSolution { what: "a standard flight that lands".into(), report }),
    }
}
