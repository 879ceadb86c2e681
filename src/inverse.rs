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
use crate::flight::{Flight, FlightOptions, Launch};
use crate::kepler::{self, Burnout};
use crate::model::{self, Model};
use crate::solve::{nested_root, NestedSpec, SolverReport, StopReason, TwoUnknowns, Unit};

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
    pub lofted: Flight,
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
    let problem = Problem {
        model,
        earth,
        launch,
        apogee_m,
        range_m,
        opts: FlightOptions { samples: 0, stop_at_apogee: false, ..*opts },
        semi_analytic: false,
    };
    if model.is_boost() {
        return Err(Error::invalid("model", model.name, "an impulsive model; boost is fitted by crate::boost"));
    }
    // The solvers return the flight at their answer; it is flown again only to sample it.
    let (burnout, report, method, flown) = if model.closed_form && earth.is_two_body() {
        (start, kepler_report, InverseMethod::ClosedForm, None)
    } else {
        // On a spherical Earth with point-mass gravity (rotating or not) the flight is a
        // Kepler conic in the inertial frame: solve that first (no integration), and start
        // the numerical Newton from its answer, which it then only polishes.
        // For the ellipsoid with J2 and drag the same conic over the rotating sphere is
        // a close start.
        let sphere = Earth { j2: 0.0, surface: crate::earth::Surface::Sphere, reentry_beta_kg_m2: None, ..*earth };
        let conic = Problem { semi_analytic: true, earth: &sphere, ..problem };
        let start = match crate::flight::semi_analytic(&sphere, launch, &start) {
            Some(_) => match conic.newton(start)? {
                (b, r, _) if r.converged() => b,
                _ => start,
            },
            None => start,
        };
        let (b, r, landed) = problem.newton(start)?;
        if r.converged() {
            (b, r, InverseMethod::Newton, landed)
        } else {
            let (b, r, landed) = problem.bracketing(start)?;
            if !r.converged() {
                return Err(Error::NoSolution {
                    what: format!("inverse for model {model} (apogee and range)"),
                    report: r,
                });
            }
            (b, r, InverseMethod::Bracketing, landed)
        }
    };
    let lofted = match flown {
        Some(l) if opts.samples == 0 => Some(l),
        _ => model::forward(model, earth, launch, &burnout, opts)?,
    }
    .ok_or_else(|| Error::NoSolution {
        what: "inverse: the reconstructed burnout state does not land".into(),
        report,
    })?;
    Ok(Inversion { burnout, lofted, report, method })
}

/// The two equations apogee(v, γ) = H and range(v, γ) = D of one observation.
struct Problem<'a> {
    model: Model,
    earth: &'a Earth,
    launch: &'a Launch,
    apogee_m: f64,
    range_m: f64,
    opts: FlightOptions,
    /// Fly the semi-analytic conic ([`crate::flight::semi_analytic`]) instead of integrating.
    semi_analytic: bool,
}

/// Apogee and range errors, m.
type Residual = [f64; 2];

fn norm(f: &Residual) -> f64 {
    f[0].abs().max(f[1].abs())
}

impl Problem<'_> {
    /// The flight of a burnout state and its errors; None when it does not land.
    fn residual(&self, b: &Burnout) -> Result<Option<(Residual, Flight)>> {
        let flight = if self.semi_analytic {
            crate::flight::semi_analytic(self.earth, self.launch, b)
        } else {
            model::forward(self.model, self.earth, self.launch, b, &self.opts)?
        };
        Ok(flight.map(|l| ([l.apogee_m - self.apogee_m, l.range_m - self.range_m], l)))
    }

    /// Newton's method with a forward-difference Jacobian and backtracking.
    fn newton(&self, start: Burnout) -> Result<(Burnout, SolverReport, Option<Flight>)> {
        let mut x = start;
        let mut evaluations = 1u32;
        let Some((mut f, mut landed)) = self.residual(&x)? else {
            let report = SolverReport {
                stop: StopReason::NonFinite,
                iterations: 0,
                evaluations,
                residual: f64::INFINITY,
                unit: Unit::Metre,
            };
            return Ok((x, report, None));
        };
        let max_iter = 30;
        let mut iterations = 0;
        while iterations < max_iter && norm(&f) > RESIDUAL_TOL_M {
            iterations += 1;
            let dv = 1e-7 * x.speed_m_s;
            let dg = 1e-7;
            evaluations += 2;
            let Some((fv, _)) = self.residual(&Burnout { speed_m_s: x.speed_m_s + dv, ..x })? else { break };
            let Some((fg, _)) = self.residual(&Burnout { gamma_rad: x.gamma_rad - dg, ..x })? else { break };
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
                evaluations += 1;
                if let Some((ft, lt)) = self.residual(&trial)? {
                    if norm(&ft) < norm(&f) {
                        (x, f, landed) = (trial, ft, lt);
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
        Ok((x, SolverReport { stop, iterations, evaluations, residual: norm(&f), unit: Unit::Metre }, Some(landed)))
    }

    /// Nested bracketing: for each γ the speed reaching apogee H (Brent; apogee grows with
    /// speed), then γ reaching range D (Brent; at fixed apogee range falls as γ grows).
    fn bracketing(&self, start: Burnout) -> Result<(Burnout, SolverReport, Option<Flight>)> {
        let escape_m_s = (2.0 * self.earth.mu_m3_s2 / (self.earth.radius_m + start.altitude_m)).sqrt();
        let mut flights = Flights { problem: self, start, flights: 0 };
        // Outer unknown u = π/2 − γ (the angle from the vertical), inner the speed.
        let spec = NestedSpec {
            x_lo: 1.0,
            x_hi: escape_m_s,
            x_tol: 1e-10,
            x_guess: start.speed_m_s,
            increasing: true,
            u_first_rad: 0.25f64.to_radians(),
            u_max_rad: FRAC_PI_2 - 0.5 * start.gamma_rad,
            u_tol_rad: 1e-13,
        };
        let nested = nested_root(&mut flights, spec)?;
        if nested.outer.stop == StopReason::NotBracketed && nested.vertical_residual_m > 0.0 {
            // Even the straight-up flight that reaches the apogee lands farther away than
            // reported: on a rotating Earth the ground turns under a high flight.
            return Err(Error::Impossible(format!(
                "the Earth's rotation carries a {:.0} km-high flight at least {:.0} km sideways; no flight from this site lands {:.0} km away toward azimuth {:.1} deg (model {}): check the apogee, the range and the test azimuth",
                self.apogee_m / 1e3,
                (nested.vertical_residual_m + self.range_m) / 1e3,
                self.range_m / 1e3,
                self.launch.azimuth_rad.to_degrees(),
                self.model
            )));
        }
        let gamma_rad = FRAC_PI_2 - nested.u_rad;
        let speed = nested.x.unwrap_or(f64::NAN);
        let b = Burnout { speed_m_s: speed, gamma_rad, ..start };
        let flown = if speed.is_finite() { self.residual(&b)? } else { None };
        let mut report = SolverReport { evaluations: flights.flights, ..nested.outer };
        report.residual = flown.as_ref().map_or(f64::INFINITY, |(f, _)| norm(f));
        report.unit = Unit::Metre;
        if report.converged() && report.residual > 1e3 * RESIDUAL_TOL_M {
            report.stop = StopReason::MaxIterations;
        }
        Ok((b, report, flown.map(|(_, l)| l)))
    }
}

/// The impulsive inverse's flights for the one bracketing inverse ([`nested_root`]):
/// inner unknown the burnout speed, outer the angle from the vertical.
struct Flights<'p, 'a> {
    problem: &'p Problem<'a>,
    start: Burnout,
    flights: u32,
}

impl TwoUnknowns for Flights<'_, '_> {
    type Error = Error;

    /// R/(R+H) − R/(R+apogee): grows with speed; an escaping flight (apogee → ∞) has
    /// its limit R/(R+H).
    fn apogee_residual(&mut self, speed_m_s: f64, u_rad: f64) -> Result<f64> {
        self.flights += 1;
        let p = self.problem;
        let b = Burnout { speed_m_s, gamma_rad: FRAC_PI_2 - u_rad, ..self.start };
        let to_apogee = FlightOptions { stop_at_apogee: true, ..p.opts };
        let r = p.earth.radius_m;
        let target = r / (r + p.apogee_m);
        Ok(match model::forward(p.model, p.earth, p.launch, &b, &to_apogee)? {
            Some(l) => target - r / (r + l.apogee_m),
            None => target,
        })
    }

    /// Range minus the reported range, m; a flight with global reach counts as half the
    /// circumference.
    fn range_residual(&mut self, speed_m_s: f64, u_rad: f64) -> Result<f64> {
        self.flights += 1;
        let b = Burnout { speed_m_s, gamma_rad: FRAC_PI_2 - u_rad, ..self.start };
        Ok(match self.problem.residual(&b)? {
            Some((f, _)) => f[1],
            None => self.unreachable_residual_m(),
        })
    }

    fn unreachable_residual_m(&self) -> f64 {
        self.problem.earth.half_circumference_m() - self.problem.range_m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketing_fallback_recovers_the_closed_form_burnout_state() {
        // The fallback on its own (Newton never fails on these), on the numerical
        // sphere, against the closed-form two-body inverse.
        let earth = Earth::non_rotating();
        for (h_m, d_m) in [(4_475e3, 950e3), (600e3, 1_000e3), (1_500e3, 300e3)] {
            let (exact, _) = kepler::inverse(&earth, h_m, d_m, 0.0).unwrap();
            let problem = Problem {
                model: Model::SPHERE,
                earth: &earth,
                launch: &Launch::EQUATOR_EAST,
                apogee_m: h_m,
                range_m: d_m,
                opts: FlightOptions::default(),
                semi_analytic: false,
            };
            // Start it away from the answer, as when Newton has failed.
            let start = Burnout { speed_m_s: 0.9 * exact.speed_m_s, gamma_rad: 0.8 * exact.gamma_rad, altitude_m: 0.0 };
            let (b, report, landed) = problem.bracketing(start).unwrap();
            assert!(report.converged(), "{report}");
            assert!(((b.speed_m_s - exact.speed_m_s) / exact.speed_m_s).abs() < 1e-8, "{b:?} vs {exact:?}");
            assert!(((b.gamma_rad - exact.gamma_rad) / exact.gamma_rad).abs() < 1e-8);
            assert!((landed.unwrap().range_m - d_m).abs() < 1e-2);
        }
    }

    #[test]
    fn newton_reports_the_iterations_it_took() {
        let earth = Earth::rotating();
        let launch = Launch { lat_rad: 0.68, lon_rad: 2.19, azimuth_rad: 1.57 };
        let (start, _) = kepler::inverse(&earth, 4_475e3, 950e3, 0.0).unwrap();
        let problem = Problem {
            model: Model::ROTATING,
            earth: &earth,
            launch: &launch,
            apogee_m: 4_475e3,
            range_m: 950e3,
            opts: FlightOptions::default(),
            semi_analytic: false,
        };
        let (_, report, _) = problem.newton(start).unwrap();
        assert!(report.converged());
        assert!((1..10).contains(&report.iterations), "{report}");
        assert!(report.evaluations > 3 * report.iterations);
    }
}
