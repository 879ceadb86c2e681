//! The solvers shared by every solver in loftrange.
//!
//! * [`brent_root`] / [`brent_root_with_values`]: Brent's root finder
//!   (R. P. Brent, *Algorithms for Minimization without Derivatives*,
//!   Prentice-Hall 1973, ch. 4, procedure `zero`, a.k.a. `zeroin`).
//! * [`brent_minimize`]: Brent's minimiser (same book, ch. 5, procedure
//!   `localmin`: golden section with parabolic interpolation).
//! * [`newton2`]: Newton's method for two equations in two unknowns (forward-difference
//!   or Broyden Jacobian, trust region, backtracking), and [`nested_root`], the nested
//!   bracketing that backs it up.
//! * [`try_nelder_mead`]: the Nelder–Mead simplex minimiser of several variables in a box
//!   (the start and stop of a ramp-and-hold pitch program).
//! * [`expand_bracket`]: the one bracket expansion (around a guess, or a march of a
//!   monotone function) that finds the interval for Brent's root finder.
//!
//! Brent's solvers always keep a bracket, and every solver says how it stopped in a
//! [`SolverReport`]: a failure is reported with its residual, never returned as
//! if it were an answer (MODEL.md, "Numerical standards"). A NaN (or infinite)
//! value from the function is never used as an answer: it stops the solver
//! with [`StopReason::NonFinite`].
//!
//! The solvers take a function that can fail (`FnMut(f64) -> Result<f64, E>`: a flight
//! that cannot be integrated): the first error stops the search and is returned instead
//! of an answer, with no further evaluation. The versions for plain functions
//! (`brent_root`, `brent_minimize`, ...) call the same code with a closure that cannot
//! fail, so both follow the same iterations.
//!
//! The solvers are unit-agnostic: `x` and `x_tol` share the unit of the
//! caller's variable, `residual` has the unit of `f` (roots) or of `x`
//! (minimiser).

mod bracket;
mod nested;
mod newton2;
mod simplex;

pub use bracket::{expand_bracket, Bracket, BracketSpec, Expansion, Sign};
pub use nested::{nested_root, NestedSpec, TwoUnknowns};
pub use newton2::{forward_difference, newton2, Jacobian2, JacobianUpdate, Newton2, Newton2Options, Newton2Problem};
pub use simplex::{try_nelder_mead, Simplex};

use serde::{Deserialize, Serialize};

/// Why a solver stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    /// The requested tolerance was met.
    Converged,
    /// The iteration limit was reached before the tolerance was met; the
    /// returned point is the best one so far.
    MaxIterations,
    /// A root finder was given an interval whose ends have function values of
    /// the same sign (no root is bracketed); nothing was searched.
    NotBracketed,
    /// The function returned NaN or ±∞ (or had no value: a flight that does not land);
    /// the returned point is the last one with a finite value.
    NonFinite,
    /// Newton's method (`newton2`): from a Jacobian just differenced at the current
    /// point, neither the step (none when the Jacobian is singular) nor any fraction of it
    /// reduced the residual; the returned point is the best one so far.
    NoDescent,
}

/// How a solver stopped, and how good its answer is.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolverReport {
    /// Why the solver stopped.
    pub stop: StopReason,
    /// Iterations taken (each iteration costs one function evaluation).
    pub iterations: u32,
    /// Function evaluations, including those at the ends of the interval.
    pub evaluations: u32,
    /// Root finders: |f(x)| at the returned x (unit of f).
    /// Minimiser: half-width of the final bracket around the minimum (unit of x).
    pub residual: f64,
    /// The unit of `residual` (set by the caller that knows what f and x are).
    #[serde(default)]
    pub unit: Unit,
}

/// The unit of a solver's residual.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Not stated (a solver used on its own; its caller knows).
    #[default]
    Unstated,
    /// Metres (apogee and range errors).
    Metre,
    /// Radians (angles: flight-path angle, kick, azimuth, cross-track angle).
    Radian,
    /// Seconds (event times).
    Second,
    /// Metres per second (speeds).
    MetrePerSecond,
    /// Kilograms (payload).
    Kilogram,
    /// A dimensionless ratio.
    Dimensionless,
}

impl Unit {
    /// The unit's symbol ("" when unstated or dimensionless).
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Unstated | Unit::Dimensionless => "",
            Unit::Metre => " m",
            Unit::Radian => " rad",
            Unit::Second => " s",
            Unit::MetrePerSecond => " m/s",
            Unit::Kilogram => " kg",
        }
    }
}

impl SolverReport {
    /// True when the solver met its tolerance ([`StopReason::Converged`]).
    pub fn converged(&self) -> bool {
        self.stop == StopReason::Converged
    }

    /// The same report with the unit of its residual stated.
    pub fn in_unit(self, unit: Unit) -> Self {
        SolverReport { unit, ..self }
    }
}

/// The answer of a solver run on a function that cannot fail (an error of type
/// [`std::convert::Infallible`] has no value, so there is none to handle).
fn infallible<T>(r: Result<T, std::convert::Infallible>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => match e {},
    }
}

/// [`brent_root`] for a function that can fail: the first error stops the search and is
/// returned instead of an answer (no further evaluation).
pub fn try_brent_root<E>(
    mut f: impl FnMut(f64) -> Result<f64, E>,
    a: f64,
    b: f64,
    x_tol: f64,
    max_iter: u32,
) -> Result<(f64, SolverReport), E> {
    let fa = f(a)?;
    let fb = f(b)?;
    let (x, mut report) = try_brent_root_to(f, a, b, fa, fb, x_tol, 0.0, max_iter)?;
    report.evaluations += 2;
    Ok((x, report))
}

/// [`brent_root_with_values`] for a function that can fail: the first error is returned.
#[allow(clippy::too_many_arguments)]
pub fn try_brent_root_with_values<E>(
    f: impl FnMut(f64) -> Result<f64, E>,
    a: f64,
    b: f64,
    fa: f64,
    fb: f64,
    x_tol: f64,
    max_iter: u32,
) -> Result<(f64, SolverReport), E> {
    try_brent_root_to(f, a, b, fa, fb, x_tol, 0.0, max_iter)
}

/// Where to look for a maximum of a function of one variable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Search<'a> {
    /// Brent's minimiser on `[lo, hi]`; when the answer sits on an end of it that is
    /// not an end of `limits`, once more over the whole of `limits`.
    Bracket {
        /// The bracket.
        lo: f64,
        /// The bracket.
        hi: f64,
        /// Where the variable may go.
        limits: (f64, f64),
    },
    /// A scan of these points (ascending), then Brent's minimiser between the
    /// neighbours of the best one.
    Grid(&'a [f64]),
}

/// The one range maximiser of loftrange (flight-path angle of an impulsive burnout, or
/// kick of a boost): the maximum of `f` found as `search` says, to `x_tol`. Returns
/// `(x_max, f(x_max), report)`; the report counts every evaluation (the scan's too) and
/// its residual is the half-width of the final bracket (unit of x).
pub fn maximize<E>(
    mut f: impl FnMut(f64) -> Result<f64, E>,
    search: Search,
    x_tol: f64,
    max_iter: u32,
) -> Result<(f64, f64, SolverReport), E> {
    let mut neg = |x: f64| f(x).map(|v| -v);
    match search {
        Search::Bracket { lo, hi, limits } => {
            let (x, v, r) = try_brent_minimize(&mut neg, lo, hi, x_tol, max_iter)?;
            let at_edge = (x - lo < 1e-6 && lo > limits.0) || (hi - x < 1e-6 && hi < limits.1);
            if !at_edge {
                return Ok((x, -v, r));
            }
            let (x, v, mut r2) = try_brent_minimize(&mut neg, limits.0, limits.1, x_tol, max_iter)?;
            r2.evaluations += r.evaluations;
            Ok((x, -v, r2))
        }
        Search::Grid(grid) => {
            let mut values = Vec::with_capacity(grid.len());
            for &x in grid {
                values.push(neg(x)?);
            }
            let best = (0..grid.len()).min_by(|&i, &j| values[i].total_cmp(&values[j])).unwrap_or(0);
            let a = if best == 0 { grid[0].min(0.0) } else { grid[best - 1] };
            let b = if best + 1 == grid.len() { grid[best] } else { grid[best + 1] };
            let (x, v, mut r) = try_brent_minimize(&mut neg, a, b, x_tol, max_iter)?;
            r.evaluations += grid.len() as u32;
            Ok((x, -v, r))
        }
    }
}

/// Brent's root finder on `[a, b]` (Brent 1973, ch. 4, `zero`).
///
/// `f(a)` and `f(b)` must have opposite signs (or one of them be zero: a zero
/// at an end is a root). The returned `x` is within `x_tol` (plus 4 ulp of x)
/// of a sign change of `f`. Returns `x` and the report, whose `residual` is
/// |f(x)|. If the interval is not bracketing, the report says
/// [`StopReason::NotBracketed`] and `x` is the end with the smaller |f|.
///
/// Units: `a`, `b`, `x_tol` and the returned x share the unit of f's argument.
pub fn brent_root(mut f: impl FnMut(f64) -> f64, a: f64, b: f64, x_tol: f64, max_iter: u32) -> (f64, SolverReport) {
    infallible(try_brent_root(|x| Ok(f(x)), a, b, x_tol, max_iter))
}

/// [`brent_root`] for a caller that already knows `fa = f(a)` and `fb = f(b)`:
/// saves two evaluations. The report's `evaluations` counts only the
/// evaluations made here (not the two given values).
///
/// Units: as [`brent_root`].
pub fn brent_root_with_values(
    mut f: impl FnMut(f64) -> f64,
    a: f64,
    b: f64,
    fa: f64,
    fb: f64,
    x_tol: f64,
    max_iter: u32,
) -> (f64, SolverReport) {
    infallible(try_brent_root_to(|x| Ok(f(x)), a, b, fa, fb, x_tol, 0.0, max_iter))
}

/// [`try_brent_root_with_values`] that also stops (converged) as soon as |f| ≤ `f_tol`
/// at the best estimate: for a function whose values scatter by about `f_tol` near the
/// root (an integrated flight's), where shrinking the bracket to `x_tol` would chase
/// that scatter. `f_tol` has the unit of f.
///
/// This is Brent's root finder itself (Brent 1973, ch. 4, `zero`); the other root
/// finders are calls of it. The first error of `f` stops it and is returned.
#[allow(clippy::too_many_arguments)]
pub fn try_brent_root_to<E>(
    mut f: impl FnMut(f64) -> Result<f64, E>,
    a: f64,
    b: f64,
    fa: f64,
    fb: f64,
    x_tol: f64,
    f_tol: f64,
    max_iter: u32,
) -> Result<(f64, SolverReport), E> {
    let report = |stop, iterations, residual: f64| SolverReport {
        stop,
        iterations,
        evaluations: iterations,
        residual,
        unit: Unit::Unstated,
    };
    if !fa.is_finite() || !fb.is_finite() {
        // Return whichever end is usable, if any.
        let (x, r) = if fa.is_finite() {
            (a, fa.abs())
        } else if fb.is_finite() {
            (b, fb.abs())
        } else {
            (f64::NAN, f64::NAN)
        };
        return Ok((x, report(StopReason::NonFinite, 0, r)));
    }
    if fa.abs() <= f_tol {
        return Ok((a, report(StopReason::Converged, 0, fa.abs())));
    }
    if fb.abs() <= f_tol {
        return Ok((b, report(StopReason::Converged, 0, fb.abs())));
    }
    if (fa > 0.0) == (fb > 0.0) {
        let (x, r) = if fa.abs() <= fb.abs() { (a, fa.abs()) } else { (b, fb.abs()) };
        return Ok((x, report(StopReason::NotBracketed, 0, r)));
    }

    // Brent's `t`: the root is located within 2·tol = 4·eps·|b| + 2t of b.
    let t = 0.5 * x_tol.max(0.0);
    let eps = f64::EPSILON;
    let (mut a, mut b, mut fa, mut fb) = (a, b, fa, fb);
    // [b, c] always brackets the root; b is the best estimate; a the previous b.
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    let mut iterations = 0u32;
    loop {
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * eps * b.abs() + t;
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb.abs() <= f_tol {
            return Ok((b, report(StopReason::Converged, iterations, fb.abs())));
        }
        if iterations >= max_iter {
            return Ok((b, report(StopReason::MaxIterations, iterations, fb.abs())));
        }
        if e.abs() < tol || fa.abs() <= fb.abs() {
            // Bisection.
            d = m;
            e = m;
        } else {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                // Linear interpolation (secant).
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                // Inverse quadratic interpolation.
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * m * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            let s_old = e;
            e = d;
            if 2.0 * p < 3.0 * m * q - (tol * q).abs() && p < (0.5 * s_old * q).abs() {
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol {
            d
        } else if m > 0.0 {
            tol
        } else {
            -tol
        };
        fb = f(b)?;
        iterations += 1;
        if !fb.is_finite() {
            // `a` holds the last point with a finite value.
            return Ok((a, report(StopReason::NonFinite, iterations, fa.abs())));
        }
    }
}

/// Brent's minimiser on `[a, b]` (Brent 1973, ch. 5, `localmin`): golden
/// section search accelerated by parabolic interpolation.
///
/// Finds a local minimum of `f` in `[a, b]` (the global one if `f` is unimodal
/// there). Returns `(x_min, f(x_min), report)`; the report's `residual` is the
/// half-width of the final bracket `[a', b'] ∋ x_min`. On convergence
/// `max(x_min − a', b' − x_min) ≤ x_tol + 2·√ε·|x_min|` (ε = f64::EPSILON):
/// a minimum cannot be located better than about √ε relative, because f is
/// flat there to first order.
///
/// Units: `a`, `b`, `x_tol`, `x_min` and `residual` share the unit of f's
/// argument; `f(x_min)` has the unit of f.
pub fn brent_minimize(
    mut f: impl FnMut(f64) -> f64,
    a: f64,
    b: f64,
    x_tol: f64,
    max_iter: u32,
) -> (f64, f64, SolverReport) {
    infallible(try_brent_minimize(|x| Ok(f(x)), a, b, x_tol, max_iter))
}

/// [`brent_minimize`] for a function that can fail: the first error stops the search and
/// is returned instead of an answer (no further evaluation). This is Brent's minimiser
/// itself; [`brent_minimize`] and [`maximize`] are calls of it.
pub fn try_brent_minimize<E>(
    mut f: impl FnMut(f64) -> Result<f64, E>,
    a: f64,
    b: f64,
    x_tol: f64,
    max_iter: u32,
) -> Result<(f64, f64, SolverReport), E> {
    // (3 − √5)/2: the golden-section fraction.
    const GOLDEN: f64 = 0.381_966_011_250_105_1;
    let eps = f64::EPSILON.sqrt();
    let t = 0.5 * x_tol.max(0.0);
    let (mut a, mut b) = if a <= b { (a, b) } else { (b, a) };

    let mut x = a + GOLDEN * (b - a);
    let mut w = x;
    let mut v = x;
    let mut fx = f(x)?;
    let mut evaluations = 1u32;
    let mut iterations = 0u32;
    let report = |stop, iterations, evaluations, a: f64, b: f64| SolverReport {
        stop,
        iterations,
        evaluations,
        residual: 0.5 * (b - a),
        unit: Unit::Unstated,
    };
    if !fx.is_finite() {
        return Ok((x, fx, report(StopReason::NonFinite, iterations, evaluations, a, b)));
    }
    let mut fw = fx;
    let mut fv = fx;
    let mut d = 0.0_f64;
    let mut e = 0.0_f64;
    loop {
        let m = 0.5 * (a + b);
        let tol = eps * x.abs() + t;
        let t2 = 2.0 * tol;
        if (x - m).abs() <= t2 - 0.5 * (b - a) {
            return Ok((x, fx, report(StopReason::Converged, iterations, evaluations, a, b)));
        }
        if iterations >= max_iter {
            return Ok((x, fx, report(StopReason::MaxIterations, iterations, evaluations, a, b)));
        }
        let mut p = 0.0;
        let mut q = 0.0;
        let mut r = 0.0;
        if e.abs() > tol {
            // Fit a parabola through (v, fv), (w, fw), (x, fx).
            r = (x - w) * (fx - fv);
            q = (x - v) * (fx - fw);
            p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            } else {
                q = -q;
            }
            r = e;
            e = d;
        }
        if p.abs() < (0.5 * q * r).abs() && p > q * (a - x) && p < q * (b - x) {
            // Parabolic interpolation step; f must not be evaluated too close to a or b.
            d = p / q;
            let u = x + d;
            if u - a < t2 || b - u < t2 {
                d = if x < m { tol } else { -tol };
            }
        } else {
            // Golden-section step into the larger part of [a, b].
            e = if x < m { b - x } else { a - x };
            d = GOLDEN * e;
        }
        // f must not be evaluated too close to x.
        let u = x + if d.abs() >= tol {
            d
        } else if d > 0.0 {
            tol
        } else {
            -tol
        };
        let fu = f(u)?;
        evaluations += 1;
        iterations += 1;
        if !fu.is_finite() {
            return Ok((x, fx, report(StopReason::NonFinite, iterations, evaluations, a, b)));
        }
        if fu <= fx {
            if u < x {
                b = x;
            } else {
                a = x;
            }
            v = w;
            fv = fw;
            w = x;
            fw = fx;
            x = u;
            fx = fu;
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu <= fw || w == x {
                v = w;
                fv = fw;
                w = u;
                fw = fu;
            } else if fu <= fv || v == x || v == w {
                v = u;
                fv = fu;
            }
        }
    }
}

impl SolverReport {
    /// The report of a closed-form answer: converged, no iterations, zero residual.
    pub fn closed_form() -> Self {
        SolverReport { stop: StopReason::Converged, iterations: 0, evaluations: 0, residual: 0.0, unit: Unit::Unstated }
    }
}

impl std::fmt::Display for SolverReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stopped: {:?} after {} iterations, residual {:.3e}{}",
            self.stop,
            self.iterations,
            self.residual,
            self.unit.symbol()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_root(x: f64, expected: f64, tol: f64) {
        assert!(
            (x - expected).abs() <= tol + 4.0 * f64::EPSILON * expected.abs(),
            "x = {x:.17e}, expected {expected:.17e}, |Δ| = {:e}",
            (x - expected).abs()
        );
    }

    #[test]
    fn root_of_cos_x_minus_x_matches_dottie_number() {
        // The Dottie number, the root of cos x = x: 0.739085133215160641655312087673...
        // (OEIS A003957).
        let (x, rep) = brent_root(|x| x.cos() - x, 0.0, 1.0, 1e-12, 100);
        assert!(rep.converged());
        assert_root(x, 0.739_085_133_215_160_6, 1e-12);
        assert!(rep.iterations <= 12, "{rep:?}");
        assert_eq!(rep.evaluations, rep.iterations + 2);
        assert!(rep.residual < 1e-11);
    }

    #[test]
    fn root_of_wallis_cubic() {
        // x³ − 2x − 5 = 0, Wallis' example (used by Newton to show his method;
        // real root 2.09455148154232659148..., OEIS A007493).
        let (x, rep) = brent_root(|x| x * x * x - 2.0 * x - 5.0, 2.0, 3.0, 1e-12, 100);
        assert!(rep.converged());
        assert_root(x, 2.094_551_481_542_326_5, 1e-12);
        assert!(rep.iterations <= 12, "{rep:?}");
    }

    /// Eccentric anomaly E from mean anomaly M by Newton's method to machine precision.
    fn kepler_newton(m: f64, e: f64) -> f64 {
        let mut ea = if e < 0.8 { m } else { std::f64::consts::PI };
        for _ in 0..50 {
            let d = (ea - e * ea.sin() - m) / (1.0 - e * ea.cos());
            ea -= d;
            if d.abs() < 1e-16 {
                break;
            }
        }
        ea
    }

    #[test]
    fn root_of_keplers_equation_matches_newton_and_the_equation() {
        for &(m, e) in &[(1.0, 0.5), (0.2, 0.9), (3.0, 0.99), (5.5, 0.1)] {
            let (x, rep) = brent_root(|ea| ea - e * ea.sin() - m, 0.0, 2.0 * std::f64::consts::PI, 1e-12, 100);
            assert!(rep.converged(), "{rep:?}");
            assert_root(x, kepler_newton(m, e), 1e-12);
            assert!((x - e * x.sin() - m).abs() < 1e-12);
            assert!(rep.iterations <= 40, "M={m}, e={e}: {rep:?}");
        }
    }

    #[test]
    fn root_converges_to_requested_x_tol() {
        // Root of x − 1/3 with loose and tight tolerances: error within x_tol.
        for &tol in &[1e-3, 1e-6, 1e-9, 1e-12] {
            let (x, rep) = brent_root(|x| (x - 1.0 / 3.0).powi(3), 0.0, 1.0, tol, 200);
            assert!(rep.converged(), "{rep:?}");
            assert_root(x, 1.0 / 3.0, tol);
        }
    }

    #[test]
    fn root_at_an_end_of_the_interval_is_returned() {
        let (x, rep) = brent_root(|x| x - 2.0, 2.0, 5.0, 1e-12, 100);
        assert_eq!((x, rep.stop, rep.iterations), (2.0, StopReason::Converged, 0));
        let (x, rep) = brent_root(|x| x - 5.0, 2.0, 5.0, 1e-12, 100);
        assert_eq!((x, rep.stop), (5.0, StopReason::Converged));
    }

    #[test]
    fn root_reversed_interval_works() {
        let (x, rep) = brent_root(|x| x.cos() - x, 1.0, 0.0, 1e-12, 100);
        assert!(rep.converged());
        assert_root(x, 0.739_085_133_215_160_6, 1e-12);
    }

    #[test]
    fn root_not_bracketed_is_reported_not_answered() {
        let (x, rep) = brent_root(|x| x * x + 1.0, -1.0, 2.0, 1e-12, 100);
        assert_eq!(rep.stop, StopReason::NotBracketed);
        assert!(!rep.converged());
        assert_eq!(rep.iterations, 0);
        assert_eq!(rep.evaluations, 2);
        assert_eq!(x, -1.0);
        assert_eq!(rep.residual, 2.0);
    }

    #[test]
    fn root_nan_from_f_is_non_finite() {
        // NaN at an end.
        let (_, rep) = brent_root(|x| if x > 0.5 { f64::NAN } else { x - 0.2 }, 0.0, 1.0, 1e-12, 100);
        assert_eq!(rep.stop, StopReason::NonFinite);
        // NaN inside the bracket (f is finite at both ends).
        let (x, rep) = brent_root(
            |x| {
                if x > 0.65 && x < 0.75 {
                    f64::NAN
                } else {
                    x - 0.7
                }
            },
            0.0,
            1.0,
            1e-12,
            100,
        );
        assert_eq!(rep.stop, StopReason::NonFinite);
        assert!(x.is_finite() && rep.residual.is_finite());
    }

    #[test]
    fn root_max_iterations_is_reported() {
        let (x, rep) = brent_root(|x| x.cos() - x, 0.0, 1.0, 1e-15, 2);
        assert_eq!(rep.stop, StopReason::MaxIterations);
        assert_eq!(rep.iterations, 2);
        assert!((0.0..=1.0).contains(&x));
        assert!(rep.residual > 0.0);
    }

    #[test]
    fn root_with_values_saves_end_evaluations() {
        let f = |x: f64| x * x * x - 2.0 * x - 5.0;
        let mut calls = 0u32;
        let (x, rep) = brent_root_with_values(
            |x| {
                calls += 1;
                f(x)
            },
            2.0,
            3.0,
            f(2.0),
            f(3.0),
            1e-12,
            100,
        );
        assert!(rep.converged());
        assert_eq!(rep.evaluations, calls);
        assert_root(x, 2.094_551_481_542_326_5, 1e-12);
    }

    #[test]
    fn root_of_discontinuous_sign_change_is_bracketed_to_x_tol() {
        // A step function has no zero, but a sign change at 0.3: Brent brackets it.
        let (x, rep) = brent_root(|x| if x < 0.3 { -1.0 } else { 1.0 }, 0.0, 1.0, 1e-10, 200);
        assert!(rep.converged());
        assert!((x - 0.3).abs() <= 1e-10);
    }

    #[test]
    fn the_first_error_stops_the_solvers_and_is_returned() {
        // An error at the third evaluation: returned, and f is not called again.
        for which in 0..2 {
            let mut calls = 0;
            let f = |x: f64| {
                calls += 1;
                if calls == 3 {
                    Err(calls)
                } else {
                    Ok(x.cos() - x)
                }
            };
            let out = if which == 0 {
                try_brent_root(f, 0.0, 1.0, 1e-12, 100).map(|_| ())
            } else {
                try_brent_minimize(f, 0.0, 3.0, 1e-12, 100).map(|_| ())
            };
            assert_eq!(out, Err(3));
            assert_eq!(calls, 3);
        }
        // Without an error, the same iterations as the plain versions.
        let plain = brent_root(|x| x.cos() - x, 0.0, 1.0, 1e-12, 100);
        let fallible = try_brent_root(|x| Ok::<f64, ()>(x.cos() - x), 0.0, 1.0, 1e-12, 100).unwrap();
        assert_eq!(plain, fallible);
    }

    #[test]
    fn minimum_of_quartic_x4_minus_x() {
        // d/dx (x⁴ − x) = 4x³ − 1 = 0 at x = (1/4)^(1/3).
        let expected = 0.25_f64.cbrt();
        let (x, fx, rep) = brent_minimize(|x| x.powi(4) - x, 0.0, 2.0, 1e-10, 100);
        assert!(rep.converged(), "{rep:?}");
        // Accuracy is limited to about √ε relative by the flatness at a minimum.
        assert!((x - expected).abs() < 1e-7, "x = {x}, expected {expected}");
        assert!((fx - (expected.powi(4) - expected)).abs() < 1e-14);
        assert!(rep.residual < 1e-7);
        assert!(rep.iterations <= 30, "{rep:?}");
        assert_eq!(rep.evaluations, rep.iterations + 1);
    }

    #[test]
    fn minimum_of_cosine_is_pi() {
        let (x, fx, rep) = brent_minimize(f64::cos, 2.0, 4.5, 1e-12, 100);
        assert!(rep.converged());
        assert!((x - std::f64::consts::PI).abs() < 1e-7, "x = {x}");
        assert!((fx + 1.0).abs() < 1e-14);
    }

    #[test]
    fn minimum_of_sharp_function_meets_tolerance() {
        // |x − 0.7| has a kink: the bracket still shrinks to x_tol + 2√ε|x|.
        let tol = 1e-9;
        let (x, _, rep) = brent_minimize(|x| (x - 0.7).abs(), 0.0, 1.0, tol, 200);
        assert!(rep.converged(), "{rep:?}");
        assert!((x - 0.7).abs() <= tol + 2.0 * f64::EPSILON.sqrt() * 0.7 + 1e-15);
    }

    #[test]
    fn minimum_at_an_end_of_the_interval_is_approached() {
        // Monotone on [1, 3]: the minimum is at the end 1.
        let (x, _, rep) = brent_minimize(|x| x * x, 1.0, 3.0, 1e-10, 200);
        assert!(rep.converged());
        assert!((x - 1.0).abs() < 1e-7, "x = {x}");
    }

    #[test]
    fn minimum_nan_and_iteration_limit_are_reported() {
        let (x, fx, rep) = brent_minimize(|x| if x > 1.5 { f64::NAN } else { (x - 1.0).powi(2) }, 0.0, 3.0, 1e-10, 100);
        assert_eq!(rep.stop, StopReason::NonFinite);
        assert!(x.is_finite() && fx.is_finite());
        let (_, _, rep) = brent_minimize(|x| (x - 1.0).powi(2), 0.0, 3.0, 1e-10, 3);
        assert_eq!(rep.stop, StopReason::MaxIterations);
        assert!(!rep.converged());
        assert!(rep.residual > 0.0);
    }
}
