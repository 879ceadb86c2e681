//! Observation → burnout state, per model.
//!
//! `kepler` is closed form. The numerical models solve the two equations
//! apogee(v, γ) = H and range(v, γ) = D for the burnout speed v and flight-path angle γ
//! by Newton's method with a finite-difference Jacobian and a backtracking line search,
//! started from the closed-form answer. Should Newton fail, a bracketing method takes
//! over: for each γ the speed that reaches apogee H is bracketed and found by Brent
//! (apogee grows with speed), and γ is bracketed and found by Brent on the range
//! (at fixed apogee, range falls as the flight steepens).

use std::f64::consts::FRAC_PI_2;

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::{FlightOptions, Landed, Launch};
use crate::kepler::{self, Burnout};
use crate::model::{self, Model};
use crate::solve::{brent_root, SolverReport, StopReason};

/// How an inversion was solved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InverseMethod {
    /// Closed form (model `kepler`).
    ClosedForm,
    /// Safeguarded Newton iteration.
    Newton,
    /// Nested bracketing (Brent) after Newton failed.
    Bracketing,
    /// The boost model's fit of the vehicle's unknowns (crate::boost).
    BoostFit,
}

/// The reconstructed burnout state and the lofted flight it produces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inversion {
    /// The burnout state (speed relative to the Earth's surface in the rotating model).
    pub burnout: Burnout,
    /// The lofted flight computed from that burnout state.
    pub lofted: Landed,
    /// Solver report; `residual` is max(|apogee error|, |range error|) in m.
    pub report: SolverReport,
    /// Which method produced the answer.
    pub method: InverseMethod,
}

/// Convergence tolerance on the apogee and range residuals, m.
pub const RESIDUAL_TOL_M: f64 = 1e-4;

/// Reconstruct the burnout state from an observed apogee and range.
pub fn invert(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    apogee_m: f64,
    range_m: f64,
    burnout_altitude_m: f64,
    opts: &FlightOptions,
) -> Result<Inversion> {
    let (start, kepler_report) = kepler::inverse(earth, apogee_m, range_m, burnout_altitude_m)?;
    let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..*opts };
    let (burnout, report, method) = match model {
        Model::Kepler => (start, kepler_report, InverseMethod::ClosedForm),
        Model::Boost => {
            return Err(Error::invalid("model", "boost", "an impulsive model; boost is fitted by crate::boost"))
        }
        Model::Sphere | Model::Rotating => {
            let newton = newton(model, earth, launch, apogee_m, range_m, start, &quiet)?;
            if newton.1.converged() {
                (newton.0, newton.1, InverseMethod::Newton)
            } else {
                let (b, r) = bracketing(model, earth, launch, apogee_m, range_m, start, &quiet)?;
                if !r.converged() {
                    return Err(Error::NoSolution {
                        what: format!("inverse for model {model} (apogee and range)"),
                        report: r,
                    });
                }
                (b, r, InverseMethod::Bracketing)
            }
        }
    };
    let lofted = model::forward(model, earth, launch, &burnout, opts)?.ok_or_else(|| Error::NoSolution {
        what: "inverse: the reconstructed burnout state does not land".into(),
        report,
    })?;
    Ok(Inversion { burnout, lofted, report, method })
}

/// Apogee and range errors of a burnout state, m; None when it does not land.
fn residual(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    b: &Burnout,
    h_m: f64,
    d_m: f64,
    opts: &FlightOptions,
) -> Result<Option<[f64; 2]>> {
    Ok(model::forward(model, earth, launch, b, opts)?.map(|l| [l.apogee_m - h_m, l.range_m - d_m]))
}

fn norm(f: &[f64; 2]) -> f64 {
    f[0].abs().max(f[1].abs())
}

fn newton(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    h_m: f64,
    d_m: f64,
    start: Burnout,
    opts: &FlightOptions,
) -> Result<(Burnout, SolverReport)> {
    let mut x = start;
    let evaluations = std::cell::Cell::new(0u32);
    let eval = |b: &Burnout| {
        evaluations.set(evaluations.get() + 1);
        residual(model, earth, launch, b, h_m, d_m, opts)
    };
    let Some(mut f) = eval(&x)? else {
        return Ok((
            x,
            SolverReport { stop: StopReason::NonFinite, iterations: 0, evaluations: 1, residual: f64::INFINITY },
        ));
    };
    let max_iter = 30;
    for iter in 0..max_iter {
        if norm(&f) <= RESIDUAL_TOL_M {
            let report = SolverReport {
                stop: StopReason::Converged,
                iterations: iter,
                evaluations: evaluations.get(),
                residual: norm(&f),
            };
            return Ok((x, report));
        }
        // Forward-difference Jacobian.
        let dv = 1e-7 * x.speed_m_s;
        let dg = 1e-7;
        let Some(fv) = eval(&Burnout { speed_m_s: x.speed_m_s + dv, ..x })? else { break };
        let Some(fg) = eval(&Burnout { gamma_rad: x.gamma_rad - dg, ..x })? else { break };
        let j = [[(fv[0] - f[0]) / dv, -(fg[0] - f[0]) / dg], [(fv[1] - f[1]) / dv, -(fg[1] - f[1]) / dg]];
        let det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
        if !(det.is_finite() && det != 0.0) {
            break;
        }
        let step_v = -(j[1][1] * f[0] - j[0][1] * f[1]) / det;
        let step_g = -(-j[1][0] * f[0] + j[0][0] * f[1]) / det;
        // Backtracking: accept the first fraction of the step that reduces the residual.
        let mut lambda = 1.0;
        let mut accepted = false;
        while lambda > 1e-6 {
            let trial = Burnout {
                speed_m_s: (x.speed_m_s + lambda * step_v).max(0.5 * x.speed_m_s),
                gamma_rad: (x.gamma_rad + lambda * step_g).clamp(1e-9, FRAC_PI_2 - 1e-9),
                ..x
            };
            if let Some(ft) = eval(&trial)? {
                if norm(&ft) < norm(&f) {
                    x = trial;
                    f = ft;
                    accepted = true;
                    break;
                }
            }
            lambda *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    let stop = if norm(&f) <= RESIDUAL_TOL_M { StopReason::Converged } else { StopReason::MaxIterations };
    Ok((x, SolverReport { stop, iterations: max_iter, evaluations: evaluations.get(), residual: norm(&f) }))
}

fn bracketing(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    h_m: f64,
    d_m: f64,
    start: Burnout,
    opts: &FlightOptions,
) -> Result<(Burnout, SolverReport)> {
    let to_apogee = FlightOptions { stop_at_apogee: true, ..*opts };
    let escape_m_s = (2.0 * earth.mu_m3_s2 / (earth.radius_m + start.altitude_m)).sqrt();
    // Speed that reaches apogee h_m at angle gamma (apogee grows with speed; escape counts as +inf).
    let speed_for_apogee = |gamma_rad: f64| -> Option<f64> {
        let apogee_error = |v: f64| {
            let b = Burnout { speed_m_s: v, gamma_rad, ..start };
            match model::forward(model, earth, launch, &b, &to_apogee) {
                Ok(Some(l)) => l.apogee_m - h_m,
                // Never comes down: as good as an infinite apogee (finite for Brent).
                Ok(None) => 1e12,
                Err(_) => f64::NAN,
            }
        };
        let (v, r) = brent_root(apogee_error, 1.0, escape_m_s, 1e-10, 200);
        r.converged().then_some(v)
    };
    let range_error = |gamma_rad: f64| {
        let Some(v) = speed_for_apogee(gamma_rad) else { return 1e12 };
        let b = Burnout { speed_m_s: v, gamma_rad, ..start };
        match model::forward(model, earth, launch, &b, opts) {
            Ok(Some(l)) => l.range_m - d_m,
            _ => 1e12,
        }
    };
    let (gamma_rad, mut report) = brent_root(range_error, 0.5 * start.gamma_rad, FRAC_PI_2 - 1e-6, 1e-13, 200);
    let speed = speed_for_apogee(gamma_rad).unwrap_or(f64::NAN);
    let b = Burnout { speed_m_s: speed, gamma_rad, ..start };
    let f = residual(model, earth, launch, &b, h_m, d_m, opts)?.unwrap_or([f64::INFINITY; 2]);
    report.residual = norm(&f);
    if report.converged() && report.residual > 1e3 * RESIDUAL_TOL_M {
        report.stop = StopReason::MaxIterations;
    }
    Ok((b, report))
}
