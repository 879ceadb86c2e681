//! The one bracketing inverse of loftrange: two unknowns solved by nested bracketed
//! root-finding (Brent), for a lofted observation (apogee H, range D).
//!
//! * inner: for a value of the outer unknown `u`, the inner unknown `x` whose flight
//!   reaches the apogee (the apogee residual is monotonic in `x`: it grows with a speed
//!   or an ideal Δv, falls with a payload). The bracket is found by secant steps from
//!   the last solution ([`expand_bracket`], a march), then Brent inside it;
//! * outer: `u` measured from the vertical (a kick angle, or π/2 − γ for an impulsive
//!   burnout), so that at a fixed apogee the range grows with `u`: bracketed from the
//!   vertical by doubling steps ([`expand_bracket`], a march), then Brent.
//!
//! The impulsive models use it as the fallback of their Newton inverse; the boost model
//! fits its vehicle with it. Both supply the flights through [`TwoUnknowns`].

use super::{
    expand_bracket, try_brent_root, try_brent_root_with_values, Bracket, BracketSpec, Expansion, Sign, SolverReport,
    StopReason, Unit,
};

/// The two residuals of a lofted observation, for the nested solver.
pub trait TwoUnknowns {
    /// The error type of a flight.
    type Error;
    /// Apogee residual of the flight at inner `x` and outer `u`, monotonic in `x`
    /// (dimensionless, bounded: e.g. R/(R+H) − R/(R+apogee)).
    fn apogee_residual(&mut self, x: f64, u: f64) -> Result<f64, Self::Error>;
    /// Range residual of the flight at inner `x` and outer `u`, m (signed range minus
    /// the reported one); a flight that does not come down counts as too far (positive).
    fn range_residual(&mut self, x: f64, u: f64) -> Result<f64, Self::Error>;
    /// The range residual, m, of an outer value at which no inner value in range
    /// reaches the apogee: farther than any flight that does (e.g. the reported range
    /// itself, or half the circumference).
    fn unreachable_residual_m(&self) -> f64;
}

/// Where the unknowns may go and how precisely they are wanted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NestedSpec {
    /// Inner unknown: accepted interval.
    pub x_lo: f64,
    /// Inner unknown: accepted interval.
    pub x_hi: f64,
    /// Inner unknown: tolerance (its unit).
    pub x_tol: f64,
    /// Inner unknown: where the first bracket search starts.
    pub x_guess: f64,
    /// True when the apogee residual grows with `x`.
    pub increasing: bool,
    /// Outer unknown: first step from the vertical, rad.
    pub u_first_rad: f64,
    /// Outer unknown: largest angle from the vertical, rad.
    pub u_max_rad: f64,
    /// Outer unknown: tolerance, rad.
    pub u_tol_rad: f64,
}

/// What the nested solver found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nested {
    /// Outer unknown (angle from the vertical), rad.
    pub u_rad: f64,
    /// Inner unknown at `u_rad`; None when no value in range reaches the apogee there.
    pub x: Option<f64>,
    /// Outer solve (residual: range, m).
    pub outer: SolverReport,
    /// Last inner solve (residual: the apogee residual, dimensionless).
    pub inner: SolverReport,
    /// The range residual of the vertical flight (u = 0) that reaches the apogee, m:
    /// positive when even that lands farther away than reported (no flight can match).
    pub vertical_residual_m: f64,
}

struct State<'p, P> {
    problem: &'p mut P,
    spec: NestedSpec,
    last_x: f64,
    last_slope: Option<f64>,
    last_inner: SolverReport,
}

impl<P: TwoUnknowns> State<'_, P> {
    /// The inner unknown reaching the apogee at `u`, or None when no value in range does.
    fn inner(&mut self, u: f64) -> Result<Option<f64>, P::Error> {
        let (lo, hi) = (self.spec.x_lo, self.spec.x_hi);
        let sense = if self.spec.increasing { 1.0 } else { -1.0 };
        let min_step = 2e-4 * (hi - lo);
        let x0 = self.last_x.clamp(lo, hi);
        let f0 = self.problem.apogee_residual(x0, u)?;
        if f0 == 0.0 {
            return Ok(Some(x0));
        }
        // Secant steps toward the apogee from the last solution, at least doubling.
        let step = match self.last_slope {
            Some(s) if s * sense > 0.0 => (1.2 * f0 / s).abs().max(min_step),
            _ => min_step,
        };
        let (sign, upward) = if self.spec.increasing { (Sign::Rising, f0 < 0.0) } else { (Sign::Falling, f0 > 0.0) };
        let from = Expansion::March { lo: x0, f_lo: f0, hi: x0, f_hi: f0, upward, step, secant: Some(1.5) };
        let spec = BracketSpec { sign, growth: 2.0, limits: (lo, hi) };
        let problem = &mut *self.problem;
        let Ok(Bracket { lo: a, hi: b, f_lo: fa, f_hi: fb, .. }) =
            expand_bracket(|x| problem.apogee_residual(x, u).map(Some), from, &spec)?
        else {
            return Ok(None);
        };
        self.last_slope = Some((fb - fa) / (b - a));
        let x_tol = self.spec.x_tol;
        let problem = &mut *self.problem;
        let (x, report) = try_brent_root_with_values(|x| problem.apogee_residual(x, u), a, b, fa, fb, x_tol, 100)?;
        self.last_inner = report.in_unit(Unit::Dimensionless);
        if !report.converged() {
            return Ok(None);
        }
        self.last_x = x;
        Ok(Some(x))
    }

    /// Outer residual: range at the apogee-matching inner unknown, m; a `u` at which no
    /// inner value reaches the apogee counts as too far (the residual of no flight).
    fn outer(&mut self, u: f64) -> Result<f64, P::Error> {
        match self.inner(u)? {
            Some(x) => self.problem.range_residual(x, u),
            None => Ok(self.problem.unreachable_residual_m()),
        }
    }
}

/// Solve the two unknowns of `problem` by nested bracketing. A failure to bracket or to
/// converge is reported in `outer`/`inner` (with `x` None when the inner failed), never
/// returned as an answer.
pub fn nested_root<P: TwoUnknowns>(problem: &mut P, spec: NestedSpec) -> Result<Nested, P::Error> {
    let mut st = State {
        problem,
        spec,
        last_x: spec.x_guess,
        last_slope: None,
        last_inner: SolverReport::closed_form().in_unit(Unit::Dimensionless),
    };
    let g_lo = st.outer(0.0)?;
    let vertical_residual_m = g_lo;
    let hi = spec.u_first_rad;
    let g_hi = st.outer(hi)?;
    // Doubling angles from the first one (0, u₁, 2u₁, 4u₁, ...) up to the largest.
    let from = Expansion::March { lo: 0.0, f_lo: g_lo, hi, f_hi: g_hi, upward: true, step: hi, secant: None };
    let rules = BracketSpec { sign: Sign::Rising, growth: 2.0, limits: (0.0, spec.u_max_rad) };
    let (lo, hi) = match expand_bracket(|u| st.outer(u).map(Some), from, &rules)? {
        Ok(b) => (b.lo, b.hi),
        Err(none) => {
            let (g_lo, g_hi) = (none.f_lo.unwrap_or(f64::NAN), none.f_hi.unwrap_or(f64::NAN));
            let outer = SolverReport {
                stop: StopReason::NotBracketed,
                iterations: 0,
                evaluations: 0,
                residual: g_lo.abs().min(g_hi.abs()),
                unit: Unit::Metre,
            };
            return Ok(Nested {
                u_rad: if g_lo > 0.0 { none.lo } else { none.hi },
                x: None,
                outer,
                inner: st.last_inner,
                vertical_residual_m,
            });
        }
    };
    let (u, outer) = try_brent_root(|u| st.outer(u), lo, hi, spec.u_tol_rad, 100)?;
    let outer = outer.in_unit(Unit::Metre);
    let x = if outer.converged() { st.inner(u)? } else { None };
    Ok(Nested { u_rad: u, x, outer, inner: st.last_inner, vertical_residual_m })
}
