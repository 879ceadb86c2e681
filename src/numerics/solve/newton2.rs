//! The one Newton solver of two unknowns in loftrange: the impulsive inverse (burnout
//! speed and flight-path angle from apogee and range, `crate::inverse`) and the boost
//! model's fit (ideal Δv or payload, and kick angle, `crate::vehicle::fit`) both drive
//! it, each with its own options.
//!
//! Each iteration solves J·s = −f for the step s, shortens it to the trust region
//! ([`Newton2Options::max_step`]), and backtracks (s, s/2, s/4, ... by
//! [`Newton2Options::backtrack`]) until the residual max(|f₀|, |f₁|) falls. The Jacobian
//! J is a forward difference (two evaluations), or a caller's (a nearby problem's, or a
//! previous solve's); with [`JacobianUpdate::Broyden`] it is then updated from each
//! accepted step (Broyden 1965, "A class of methods for solving nonlinear simultaneous
//! equations", Math. Comp. 19, 577-593) instead of being differenced again. A step that
//! fails from a Jacobian that is not a fresh difference at the current point gets one;
//! a step that fails from a fresh one ends the solve ([`StopReason::NoDescent`]).
//!
//! The solver never returns a failure as an answer: its [`SolverReport`] says why it
//! stopped, and the residual is max(|f₀|, |f₁|) in [`Newton2Options::unit`].

use super::{SolverReport, StopReason, Unit};

/// A 2x2 Jacobian: `j[r][c]` = ∂f_r/∂x_c (units of f over units of x).
pub type Jacobian2 = [[f64; 2]; 2];

/// One evaluation of a [`Newton2Problem`]: the two residuals and what the caller keeps,
/// or None where the problem has no value.
pub type Evaluation<T> = Option<([f64; 2], T)>;

/// Two equations in two unknowns, for [`newton2`].
pub trait Newton2Problem {
    /// What the caller keeps of an evaluation at the answer (the flight).
    type Kept;
    /// Why an evaluation failed (a flight that could not be integrated).
    type Error;
    /// The two residuals at `x` (unit [`Newton2Options::unit`]) and what the caller
    /// keeps; None where the problem has no value (a flight that does not land).
    fn residuals(&mut self, x: [f64; 2]) -> Result<Evaluation<Self::Kept>, Self::Error>;
    /// The signed steps of the forward-difference Jacobian at `x` (units of x).
    fn difference_steps(&self, x: [f64; 2]) -> [f64; 2];
    /// `trial`, a point on the step from `x`, moved back to where the unknowns may go
    /// (default: unchanged).
    fn bound(&self, _x: [f64; 2], trial: [f64; 2]) -> [f64; 2] {
        trial
    }
}

/// How the Jacobian follows the iterations.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum JacobianUpdate {
    /// A forward difference at every iteration (two evaluations); a caller's Jacobian
    /// is kept, unchanged, as long as its steps succeed.
    Fresh,
    /// A forward difference (or the caller's Jacobian) at the start, then Broyden's
    /// update after each accepted step (no evaluation), in variables scaled by the norms
    /// of J's columns so that unknowns of different units weigh alike. Only a change of
    /// the residuals larger than `min_change` (unit of f) updates J: smaller ones are
    /// within the scatter of the residuals and would fill J with noise.
    Broyden {
        /// Smallest change of a residual that updates J (unit of f).
        min_change: f64,
    },
}

/// The options of [`newton2`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Newton2Options {
    /// Converged when |f₀| ≤ `tol[0]` and |f₁| ≤ `tol[1]` (unit of f): each equation's
    /// own tolerance, where an error in one costs the answer more than in the other.
    pub tol: [f64; 2],
    /// The unit of f (and of the report's residual).
    pub unit: Unit,
    /// Most iterations (each one step, with its backtracking).
    pub max_iter: u32,
    /// How J follows the iterations.
    pub jacobian: JacobianUpdate,
    /// Each backtracking multiplies the step's fraction by this (0 < backtrack < 1).
    pub backtrack: f64,
    /// Fractions of the step are tried while above this, from a Jacobian differenced at
    /// the current point.
    pub min_fraction: f64,
    /// The same from any other Jacobian (the caller's, or Broyden's): one that is not
    /// trusted far, so that a failure gets a fresh difference early.
    pub min_fraction_stale: f64,
    /// Trust region: a step longer than this in either unknown is shortened, direction
    /// kept, to this length (units of x; `f64::INFINITY`: none).
    pub max_step: [f64; 2],
}

/// What [`newton2`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct Newton2<T> {
    /// The last accepted point (the start when no step was accepted).
    pub x: [f64; 2],
    /// The residuals there (infinite when the start has none).
    pub residuals: [f64; 2],
    /// What the caller keeps of the evaluation there; None when the start has none.
    pub kept: Option<T>,
    /// The Jacobian the next step would have used, when there is one (a warm start for
    /// a nearby problem).
    pub jacobian: Option<Jacobian2>,
    /// Why it stopped, iterations, evaluations (including the Jacobians' and the
    /// backtracking's), and max(|f₀|, |f₁|) at `x`.
    pub report: SolverReport,
}

/// max(|f₀|, |f₁|).
fn size(f: &[f64; 2]) -> f64 {
    f[0].abs().max(f[1].abs())
}

/// Solve J·s = −f; None when J is singular (or not finite).
fn newton_step(j: &Jacobian2, f: &[f64; 2]) -> Option<[f64; 2]> {
    let det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
    if !(det.is_finite() && det != 0.0) {
        return None;
    }
    Some([-(j[1][1] * f[0] - j[0][1] * f[1]) / det, -(-j[1][0] * f[0] + j[0][0] * f[1]) / det])
}

/// Forward-difference Jacobian of `problem` at `x` with residuals `f` there, by the
/// problem's [`Newton2Problem::difference_steps`]; None when a neighbouring point has no
/// residuals. Two evaluations: the first unknown's neighbour, then the second's.
pub fn forward_difference<P: Newton2Problem>(
    problem: &mut P,
    x: [f64; 2],
    f: &[f64; 2],
) -> Result<Option<Jacobian2>, P::Error> {
    let h = problem.difference_steps(x);
    let Some((f0, _)) = problem.residuals([x[0] + h[0], x[1]])? else { return Ok(None) };
    let Some((f1, _)) = problem.residuals([x[0], x[1] + h[1]])? else { return Ok(None) };
    Ok(Some([[(f0[0] - f[0]) / h[0], (f1[0] - f[0]) / h[1]], [(f0[1] - f[1]) / h[0], (f1[1] - f[1]) / h[1]]]))
}

/// Broyden's update of `j` for the step `d` (units of x) that changed the residuals
/// from `f` to `ft`, in variables scaled by the norms of J's columns.
fn broyden(j: &mut Jacobian2, d: [f64; 2], f: &[f64; 2], ft: &[f64; 2], min_change: f64) {
    let w = [j[0][0].powi(2) + j[1][0].powi(2), j[0][1].powi(2) + j[1][1].powi(2)];
    let den = w[0] * d[0] * d[0] + w[1] * d[1] * d[1];
    let changed = (ft[0] - f[0]).abs().max((ft[1] - f[1]).abs()) > min_change;
    if changed && den > 0.0 && den.is_finite() {
        for r in 0..2 {
            let y = ft[r] - f[r] - (j[r][0] * d[0] + j[r][1] * d[1]);
            j[r][0] += y * w[0] * d[0] / den;
            j[r][1] += y * w[1] * d[1] / den;
        }
    }
}

/// Newton's method on `problem` from `start`, with the caller's Jacobian `jacobian` if
/// any (see the module docs). Errors of the problem's evaluations are returned as they
/// come; every other way of stopping is in the report.
pub fn newton2<P: Newton2Problem>(
    problem: &mut P,
    start: [f64; 2],
    jacobian: Option<Jacobian2>,
    opts: &Newton2Options,
) -> Result<Newton2<P::Kept>, P::Error> {
    let report = |stop, iterations, evaluations, residual| SolverReport {
        stop,
        iterations,
        evaluations,
        residual,
        unit: opts.unit,
    };
    let mut evaluations = 1u32;
    let Some((mut f, kept)) = problem.residuals(start)? else {
        return Ok(Newton2 {
            x: start,
            residuals: [f64::INFINITY; 2],
            kept: None,
            jacobian,
            report: report(StopReason::NonFinite, 0, evaluations, f64::INFINITY),
        });
    };
    let (mut x, mut kept) = (start, kept);
    let mut j = jacobian;
    // True while `j` is a forward difference at `x` that no step has left yet.
    let mut fresh = false;
    let broyden_min = match opts.jacobian {
        JacobianUpdate::Broyden { min_change } => Some(min_change),
        JacobianUpdate::Fresh => None,
    };
    // Broyden starts from a Jacobian: the caller's, or a difference at the start.
    if broyden_min.is_some() && j.is_none() {
        evaluations += 2;
        j = forward_difference(problem, x, &f)?;
        fresh = true;
    }
    let mut iterations = 0u32;
    let stop = loop {
        if f[0].abs() <= opts.tol[0] && f[1].abs() <= opts.tol[1] {
            break StopReason::Converged;
        }
        if iterations >= opts.max_iter {
            break StopReason::MaxIterations;
        }
        iterations += 1;
        let jac = match j {
            Some(jac) => jac,
            None if fresh => break StopReason::NonFinite, // the difference had no value
            None => {
                evaluations += 2;
                match forward_difference(problem, x, &f)? {
                    Some(jac) => {
                        fresh = true;
                        j = Some(jac);
                        jac
                    }
                    None => break StopReason::NonFinite,
                }
            }
        };
        let mut accepted = false;
        if let Some(mut s) = newton_step(&jac, &f) {
            let mut cut = 1.0f64;
            for (si, &max) in s.iter().zip(&opts.max_step) {
                if si.abs() > max {
                    cut = cut.min(max / si.abs());
                }
            }
            if cut < 1.0 {
                s = [cut * s[0], cut * s[1]];
            }
            let lambda_min = if fresh { opts.min_fraction } else { opts.min_fraction_stale };
            let mut lambda = 1.0;
            while lambda > lambda_min {
                let trial = problem.bound(x, [x[0] + lambda * s[0], x[1] + lambda * s[1]]);
                evaluations += 1;
                if let Some((ft, kt)) = problem.residuals(trial)? {
                    if size(&ft) < size(&f) {
                        match (broyden_min, j.as_mut()) {
                            (Some(min_change), Some(jm)) => {
                                broyden(jm, [trial[0] - x[0], trial[1] - x[1]], &f, &ft, min_change)
                            }
                            // A difference is good at its point only; a caller's Jacobian
                            // is kept while it works.
                            _ if fresh => j = None,
                            _ => {}
                        }
                        (x, f, kept) = (trial, ft, kt);
                        accepted = true;
                        fresh = false;
                        break;
                    }
                }
                lambda *= opts.backtrack;
            }
        }
        if !accepted {
            if fresh {
                break StopReason::NoDescent;
            }
            // A Jacobian from elsewhere failed: a difference here, then try again.
            evaluations += 2;
            j = forward_difference(problem, x, &f)?;
            fresh = true;
        }
    };
    Ok(Newton2 {
        x,
        residuals: f,
        kept: Some(kept),
        jacobian: j,
        report: report(stop, iterations, evaluations, size(&f)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x² + y² = 4 and x·y = 1 (a circle and a hyperbola), counting evaluations.
    struct Circle {
        evaluations: u32,
    }

    impl Newton2Problem for Circle {
        type Kept = u32;
        type Error = ();
        fn residuals(&mut self, x: [f64; 2]) -> Result<Option<([f64; 2], u32)>, ()> {
            self.evaluations += 1;
            Ok(Some(([x[0] * x[0] + x[1] * x[1] - 4.0, x[0] * x[1] - 1.0], self.evaluations)))
        }
        fn difference_steps(&self, x: [f64; 2]) -> [f64; 2] {
            [1e-7 * x[0].abs().max(1.0), -1e-7 * x[1].abs().max(1.0)]
        }
    }

    fn options(jacobian: JacobianUpdate) -> Newton2Options {
        Newton2Options {
            tol: [1e-12; 2],
            unit: Unit::Dimensionless,
            max_iter: 30,
            jacobian,
            backtrack: 0.5,
            min_fraction: 1e-6,
            min_fraction_stale: 1.0 / 64.0,
            max_step: [f64::INFINITY; 2],
        }
    }

    /// The root with x > y > 0: x = √(2 + √3), y = √(2 − √3) (from (x ± y)² = 4 ± 2).
    fn exact() -> [f64; 2] {
        [(2.0 + 3f64.sqrt()).sqrt(), (2.0 - 3f64.sqrt()).sqrt()]
    }

    #[test]
    fn both_updates_find_the_root_and_count_their_evaluations() {
        for update in [JacobianUpdate::Fresh, JacobianUpdate::Broyden { min_change: 0.0 }] {
            let mut p = Circle { evaluations: 0 };
            let n = newton2(&mut p, [2.0, 0.4], None, &options(update)).unwrap();
            assert!(n.report.converged(), "{update:?}: {}", n.report);
            assert!((n.x[0] - exact()[0]).abs() < 1e-12 && (n.x[1] - exact()[1]).abs() < 1e-12, "{:?}", n.x);
            assert_eq!(n.report.evaluations, p.evaluations, "{update:?}");
            // What the caller keeps is that of the answer's evaluation.
            assert!(n.kept.is_some());
            assert!(n.report.iterations <= 10, "{update:?}: {}", n.report);
        }
    }

    #[test]
    fn the_trust_region_limits_each_step() {
        let mut p = Circle { evaluations: 0 };
        let opts = Newton2Options { max_step: [f64::INFINITY, 0.01], ..options(JacobianUpdate::Fresh) };
        let n = newton2(&mut p, [1.95, 0.45], None, &opts).unwrap();
        assert!(n.report.converged(), "{}", n.report);
        assert!((n.x[1] - exact()[1]).abs() < 1e-12);
        // y moves by 0.068, from 0.45 to 0.518: at least 7 steps of at most 0.01.
        assert!(n.report.iterations >= 7, "{}", n.report);
    }

    #[test]
    fn a_failing_start_and_no_descent_are_reported() {
        struct Nowhere;
        impl Newton2Problem for Nowhere {
            type Kept = ();
            type Error = ();
            fn residuals(&mut self, _x: [f64; 2]) -> Result<Option<([f64; 2], ())>, ()> {
                Ok(None)
            }
            fn difference_steps(&self, _x: [f64; 2]) -> [f64; 2] {
                [1e-6; 2]
            }
        }
        let n = newton2(&mut Nowhere, [1.0, 1.0], None, &options(JacobianUpdate::Fresh)).unwrap();
        assert_eq!((n.report.stop, n.kept), (StopReason::NonFinite, None));

        // |x|+|y| has no root; Newton's steps from a difference never reduce it for long.
        struct Kink;
        impl Newton2Problem for Kink {
            type Kept = ();
            type Error = ();
            fn residuals(&mut self, x: [f64; 2]) -> Result<Option<([f64; 2], ())>, ()> {
                Ok(Some(([x[0].abs() + x[1].abs() + 1.0, x[0] - x[1]], ())))
            }
            fn difference_steps(&self, _x: [f64; 2]) -> [f64; 2] {
                [1e-7; 2]
            }
        }
        let n = newton2(&mut Kink, [1.0, 2.0], None, &options(JacobianUpdate::Fresh)).unwrap();
        assert!(!n.report.converged());
        assert_eq!(n.report.stop, StopReason::NoDescent, "{}", n.report);
        assert!(n.report.residual >= 1.0);
    }

    #[test]
    fn an_error_of_the_problem_is_returned() {
        struct Fails(u32);
        impl Newton2Problem for Fails {
            type Kept = ();
            type Error = u32;
            fn residuals(&mut self, x: [f64; 2]) -> Result<Option<([f64; 2], ())>, u32> {
                self.0 += 1;
                if self.0 == 4 {
                    return Err(self.0);
                }
                Ok(Some(([x[0] - 1.0, x[1] - 2.0], ())))
            }
            fn difference_steps(&self, _x: [f64; 2]) -> [f64; 2] {
                [1e-7; 2]
            }
        }
        assert_eq!(newton2(&mut Fails(0), [0.0, 0.0], None, &options(JacobianUpdate::Fresh)), Err(4));
    }
}
