//! Adaptive Dormand–Prince 8(5,3) integrator ("DOP853") with 7th-order dense
//! output, following Hairer, Nørsett & Wanner, *Solving Ordinary Differential
//! Equations I*, 2nd ed. (Springer 1993), §II.10, and Hairer's code
//! `dop853.f` (step-size control, initial step `hinit`, dense output `contd8`).
//!
//! The method is the coefficient table of [`tableau`] behind one stepping
//! routine. States are fixed-size [`SVector`]s; a step allocates nothing.
//! Times are in seconds (`t`, `h`, `h_max`) by the convention of loftrange,
//! though nothing here depends on the unit; the state has the caller's units (the
//! harmonic oscillator of `tests.rs`, `a_harmonic_oscillator_steps_to_cos_t`, shows the
//! use).

pub mod events;
pub mod propagate;
pub mod tableau;

pub use events::{locate, Crossing};

use nalgebra::SVector;
use serde::{Deserialize, Serialize};
use std::ops::{Add, Mul};
use tableau::{A, B, BHH, C, D, ER, FSAL, STAGES, STAGES_EXTENDED};

/// Hairer's unit round-off `uround` (dop853.f default): the step is "too
/// small" when 0.1·|h| ≤ |t|·UROUND.
const UROUND: f64 = 2.3e-16;
/// Safety factor of the step-size controller (dop853.f `safe`).
const SAFE: f64 = 0.9;
/// Lower bound of h_new/h (dop853.f `fac1`).
const FAC1: f64 = 0.333;
/// Upper bound of h_new/h (dop853.f `fac2`).
const FAC2: f64 = 6.0;
/// Lund stabilisation exponent (dop853.f `beta`; 0 = plain controller).
const BETA: f64 = 0.0;
/// Default limit on step attempts (dop853.f `nmax`).
const DEFAULT_MAX_STEPS: u32 = 100_000;

/// Error tolerances of the step-size control: each component of the local
/// error estimate is measured against `atol + rtol·max(|y_old|, |y_new|)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tolerances {
    /// Relative tolerance, dimensionless.
    pub rtol: f64,
    /// Absolute tolerance, in the units of the state components.
    pub atol: f64,
}

/// Work done by an integrator so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Accepted steps (adaptive and fixed).
    pub steps: u32,
    /// Rejected step attempts (error too large, or a non-finite value),
    /// including those before the first accepted step.
    pub rejected: u32,
    /// Evaluations of the right-hand side, including the initial one, the one
    /// of the automatic initial step and those of the dense output.
    pub evaluations: u32,
}

/// Why an integration step failed. `t_s` is the time (s) the integrator had
/// reached; its state there is still valid.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum IntegrateError {
    /// The step size fell below the resolution of t (0.1·|h| ≤ 2.3e-16·|t|):
    /// the solution is probably singular or the problem very stiff here.
    #[error("step size became too small at t = {t_s} s (singular or very stiff right-hand side?)")]
    StepTooSmall {
        /// Time reached, s.
        t_s: f64,
    },
    /// The right-hand side returned NaN or ±∞ (at the initial point, or for
    /// every step tried down to the smallest step size).
    #[error("the right-hand side returned NaN or infinity near t = {t_s} s, even for the smallest steps")]
    NonFinite {
        /// Time reached, s.
        t_s: f64,
    },
    /// The limit on step attempts (accepted + rejected) was reached.
    #[error("too many steps: the step limit was reached at t = {t_s} s")]
    MaxSteps {
        /// Time reached, s.
        t_s: f64,
    },
}

/// The 7th-order continuous extension of one accepted step (Hairer's
/// `contd8`): a polynomial in s = (t − t0)/(t1 − t0) equal to the step's
/// start and end states at t0 and t1.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseSegment<const N: usize> {
    /// Start of the step, s.
    pub t0: f64,
    /// End of the step, s (t1 < t0 when integrating backwards).
    pub t1: f64,
    /// Hairer's coefficients `rcont1..rcont8`: con[0] is the start state.
    con: [SVector<f64, N>; 8],
    /// End state, returned exactly at t = t1.
    y1: SVector<f64, N>,
}

/// Hairer's `contd8` evaluation for coefficients `con` at s = (t − t0)/h:
/// y(s) = c0 + s(c1 + (1−s)(c2 + s(c3 + (1−s)(c4 + s(c5 + (1−s)(c6 + s c7)))))).
/// Generic so that the tests can apply it to the stage weights themselves.
#[inline(always)]
pub(crate) fn contd8_horner<T>(con: &[T; 8], s: f64) -> T
where
    T: Copy + Add<Output = T> + Mul<f64, Output = T>,
{
    let s1 = 1.0 - s;
    let conpar = con[4] + (con[5] + (con[6] + con[7] * s) * s1) * s;
    con[0] + (con[1] + (con[2] + (con[3] + conpar * s1) * s) * s1) * s
}

impl<const N: usize> DenseSegment<N> {
    /// A segment of zero length at `t_s`, constant `y` (what [`Dop853::dense`]
    /// returns before the first step or after a failed one).
    pub fn constant(t_s: f64, y: SVector<f64, N>) -> Self {
        let mut con = [SVector::zeros(); 8];
        con[0] = y;
        Self { t0: t_s, t1: t_s, con, y1: y }
    }

    /// The interpolated state at time `t_s` (s), 7th order accurate for t in
    /// [t0, t1]; exactly the step's start state at t0 and end state at t1.
    /// Outside [t0, t1] this extrapolates the polynomial (inaccurate).
    #[inline]
    pub fn eval(&self, t_s: f64) -> SVector<f64, N> {
        if t_s == self.t1 {
            return self.y1;
        }
        let h = self.t1 - self.t0;
        if h == 0.0 {
            return self.con[0];
        }
        contd8_horner(&self.con, (t_s - self.t0) / h)
    }

    /// The state at the start of the segment, t0.
    pub fn y0(&self) -> &SVector<f64, N> {
        &self.con[0]
    }

    /// The state at the end of the segment, t1.
    pub fn y1(&self) -> &SVector<f64, N> {
        &self.y1
    }
}

/// What is known of the last accepted step, for the dense output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LastStep {
    /// No accepted step (none yet, or the last `step` failed).
    None,
    /// Stages of the last step are in `k`; the dense segment is not built.
    Stages,
    /// `dense` holds the segment of the last step.
    Dense,
}

/// Adaptive Dormand–Prince 8(5,3) integrator of y' = f(t, y), y ∈ ℝᴺ,
/// t in seconds. Create with [`Dop853::new`], advance with [`Dop853::step`],
/// read the solution inside the last step with [`Dop853::dense`].
pub struct Dop853<const N: usize, F>
where
    F: FnMut(f64, &SVector<f64, N>) -> SVector<f64, N>,
{
    f: F,
    t: f64,
    y: SVector<f64, N>,
    /// f(t, y): first stage of the next step (FSAL).
    f_cur: SVector<f64, N>,
    /// Signed size of the next step to try, s.
    h: f64,
    h_max: f64,
    tol: Tolerances,
    t_end: Option<f64>,
    /// End of the next step, when the caller knows the right-hand side is not smooth
    /// there ([`end_next_step_at`](Self::end_next_step_at)); cleared by the step.
    kink: Option<f64>,
    done: bool,
    max_steps: u32,
    attempts: u32,
    facold: f64,
    stats: Stats,
    /// Stages of the last accepted step (0..=12, and 13..=15 once dense output is built).
    k: [SVector<f64, N>; STAGES_EXTENDED],
    t_old: f64,
    y_old: SVector<f64, N>,
    h_old: f64,
    last: LastStep,
    dense: DenseSegment<N>,
}

/// The state of stage `I`: y + h·Σ_{j<I} a_Ij k_j. `I` is a constant so that
/// the compiler unrolls the sum and drops the zero coefficients of the table.
#[inline(always)]
fn stage_state<const N: usize, const I: usize>(
    y: &SVector<f64, N>,
    h: f64,
    k: &[SVector<f64, N>; STAGES_EXTENDED],
) -> SVector<f64, N> {
    let row = &A[I];
    // The newest stage k[I−1] is added last and alone, so that only one
    // multiply-add separates it from the next evaluation of f (the stages are
    // a chain of dependent evaluations; this shortens the chain's latency).
    let mut acc = k[0] * row[0];
    for j in 1..I - 1 {
        if row[j] != 0.0 {
            acc += k[j] * row[j];
        }
    }
    let partial = y + acc * h;
    if I > 1 && row[I - 1] != 0.0 {
        partial + k[I - 1] * (row[I - 1] * h)
    } else {
        partial
    }
}

/// e/sk, but 0 when e is 0: a component that is exactly 0 with atol = 0
/// (e.g. z ≡ 0 of a planar motion) must not make the error norm 0/0 = NaN.
#[inline(always)]
fn scaled(e: f64, sk: f64) -> f64 {
    if e == 0.0 {
        0.0
    } else {
        e / sk
    }
}

/// Selectors of the weight vectors of a step, for [`weighted`].
const W_B: usize = 0;
const W_ER: usize = 1;
const W_BHH: usize = 2;

/// Σ_j w_j k_j over the stages of a step, for the weights `W` ([`B`],
/// [`ER`] or [`BHH`]), a constant so that the zero weights cost nothing.
#[inline(always)]
fn weighted<const N: usize, const W: usize>(k: &[SVector<f64, N>; STAGES_EXTENDED]) -> SVector<f64, N> {
    let w = match W {
        W_B => &B,
        W_ER => &ER,
        _ => &BHH,
    };
    let mut acc = k[0] * w[0];
    for j in 1..STAGES {
        if w[j] != 0.0 {
            acc += k[j] * w[j];
        }
    }
    acc
}

impl<const N: usize, F> Dop853<N, F>
where
    F: FnMut(f64, &SVector<f64, N>) -> SVector<f64, N>,
{
    /// An integrator at time `t0` (s) with state `y0`.
    ///
    /// `h_init`: size of the first step to try, s (its sign sets the direction
    /// of integration); `None` chooses it with Hairer's `hinit` (forward in
    /// time), at the cost of one evaluation of `f`. `h_max` (s, > 0, may be
    /// `f64::INFINITY`) bounds |h|. Evaluates f(t0, y0) once; if that is not
    /// finite, the first [`step`](Self::step) fails with
    /// [`IntegrateError::NonFinite`].
    ///
    /// # Panics
    /// If `h_max` is not positive (NaN included).
    pub fn new(mut f: F, t0: f64, y0: SVector<f64, N>, tol: Tolerances, h_init: Option<f64>, h_max: f64) -> Self {
        assert!(h_max > 0.0, "h_max must be positive, got {h_max}");
        let f0 = f(t0, &y0);
        let mut stats = Stats { evaluations: 1, ..Stats::default() };
        let h = match h_init {
            Some(h) => h.signum() * h.abs().min(h_max),
            None if f0.iter().all(|v| v.is_finite()) => {
                stats.evaluations += 1;
                hinit(&mut f, t0, &y0, &f0, 1.0, h_max, &tol)
            }
            None => 0.0,
        };
        Self {
            f,
            t: t0,
            y: y0,
            f_cur: f0,
            h,
            h_max,
            tol,
            t_end: None,
            kink: None,
            done: false,
            max_steps: DEFAULT_MAX_STEPS,
            attempts: 0,
            facold: 1e-4,
            stats,
            k: [SVector::zeros(); STAGES_EXTENDED],
            t_old: t0,
            y_old: y0,
            h_old: 0.0,
            last: LastStep::None,
            dense: DenseSegment::constant(t0, y0),
        }
    }

    /// Limit the number of step attempts (accepted + rejected) to `n`
    /// (default 100 000); past it [`step`](Self::step) fails with
    /// [`IntegrateError::MaxSteps`].
    #[cfg(test)]
    pub fn max_steps(mut self, n: u32) -> Self {
        self.max_steps = n;
        self
    }

    /// Stop exactly at `t_end_s` (s): the step that would pass it is shortened
    /// to end there (as dop853.f does at `xend`), after which
    /// [`is_done`](Self::is_done) is true. Use it where the right-hand side
    /// changes abruptly (e.g. burnout of a stage) so that no step straddles the
    /// change.
    pub fn with_t_end(mut self, t_end_s: f64) -> Self {
        self.t_end = Some(t_end_s);
        self.done = t_end_s == self.t;
        self
    }

    /// End the next step at `t_s` (s) if it would pass it: the caller predicts that the
    /// right-hand side loses its smoothness there (a corner of a drag table, a layer of
    /// the atmosphere). A step of an 8th-order method across such a corner has a large
    /// error and is rejected, often several times over, until it is small enough; a
    /// step that ends at the corner and one that starts there are smooth. Unlike
    /// [`with_t_end`](Self::with_t_end) the integration goes on after it, and the step
    /// after it is tried with the size the controller had planned before the cut (not
    /// the cut size, which would make the integrator climb back from a small step).
    /// Applies to the next [`step`](Self::step) only.
    pub fn end_next_step_at(&mut self, t_s: f64) {
        self.kink = Some(t_s);
    }

    /// True once the time set by [`with_t_end`](Self::with_t_end) is reached.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Current time, s.
    pub fn t(&self) -> f64 {
        self.t
    }

    /// Current state.
    pub fn y(&self) -> &SVector<f64, N> {
        &self.y
    }

    /// f(t, y) at the current time and state (known from the last step).
    pub fn dydt(&self) -> &SVector<f64, N> {
        &self.f_cur
    }

    /// Signed size of the next step to be tried, s.
    pub fn h_next(&self) -> f64 {
        self.h
    }

    /// Work done so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Compute stages 1..STAGES of a step of size `h` from (t, y) into `k`,
    /// with k[0] = f(t, y). Returns Σ b_j k_j (so y_new = y + h·Σ b_j k_j).
    #[inline(always)]
    fn stages(&mut self, h: f64) -> SVector<f64, N> {
        self.k[0] = self.f_cur;
        macro_rules! stage {
            ($($i:literal)*) => {$(
                let yi = stage_state::<N, $i>(&self.y, h, &self.k);
                self.k[$i] = (self.f)(self.t + C[$i] * h, &yi);
            )*};
        }
        stage!(1 2 3 4 5 6 7 8 9 10 11);
        self.stats.evaluations += (STAGES - 1) as u32;
        weighted::<N, W_B>(&self.k)
    }

    /// Bookkeeping of an accepted step ending at `t_new` with `y_new`, whose
    /// FSAL stage f(t_new, y_new) is `f_new`.
    #[inline(always)]
    fn accept(&mut self, h: f64, t_new: f64, y_new: SVector<f64, N>, f_new: SVector<f64, N>) {
        self.k[FSAL] = f_new;
        self.t_old = self.t;
        self.y_old = self.y;
        self.h_old = h;
        self.t = t_new;
        self.y = y_new;
        self.f_cur = f_new;
        self.stats.steps += 1;
        self.last = LastStep::Stages;
    }

    /// Take one accepted step, retrying rejected attempts internally with the
    /// step-size control of dop853.f (error estimate combining the 5th- and
    /// 3rd-order embedded estimates; safety 0.9; 0.333 ≤ h_new/h ≤ 6; no Lund
    /// stabilisation; a rejected attempt does not let the next step grow).
    /// Returns the interval `(t_prev, t_new)` in s. After
    /// [`is_done`](Self::is_done) it returns `(t, t)` without work.
    ///
    /// An attempt whose right-hand side is not finite is rejected and retried
    /// with h·0.333; when that reaches the smallest step size the error is
    /// [`IntegrateError::NonFinite`].
    pub fn step(&mut self) -> Result<(f64, f64), IntegrateError> {
        if self.done {
            return Ok((self.t, self.t));
        }
        self.last = LastStep::None;
        if !self.f_cur.iter().all(|v| v.is_finite()) {
            return Err(IntegrateError::NonFinite { t_s: self.t });
        }
        let expo1 = 1.0 / 8.0 - BETA * 0.2;
        let mut reject = false;
        let mut non_finite = false;
        loop {
            if self.attempts >= self.max_steps {
                return Err(IntegrateError::MaxSteps { t_s: self.t });
            }
            if !self.h.is_finite() || 0.1 * self.h.abs() <= self.t.abs() * UROUND {
                return Err(if non_finite {
                    IntegrateError::NonFinite { t_s: self.t }
                } else {
                    IntegrateError::StepTooSmall { t_s: self.t }
                });
            }
            let mut h = self.h;
            let mut last = false;
            // The step planned before a cut at a corner (see end_next_step_at).
            let mut planned = None;
            if let Some(t_kink) = self.kink {
                if (t_kink - self.t) * h.signum() > 0.0 && (self.t + h - t_kink) * h.signum() > 0.0 {
                    planned = Some(h);
                    h = t_kink - self.t;
                }
            }
            if let Some(t_end) = self.t_end {
                if (self.t + 1.01 * h - t_end) * h.signum() > 0.0 {
                    h = t_end - self.t;
                    last = true;
                    planned = None;
                }
            }
            self.attempts += 1;

            let bk = self.stages(h);
            let y_new = self.y + bk * h;

            // Error estimate (dop853.f): err5 = Σ er_j k_j, err3 = Σ (b_j − bhh_j) k_j,
            // both scaled by sk = atol + rtol·max(|y|, |y_new|).
            let e5 = weighted::<N, W_ER>(&self.k);
            let e3 = bk - weighted::<N, W_BHH>(&self.k);
            let mut err = 0.0;
            let mut err2 = 0.0;
            for i in 0..N {
                let sk = self.tol.atol + self.tol.rtol * self.y[i].abs().max(y_new[i].abs());
                let q3 = scaled(e3[i], sk);
                let q5 = scaled(e5[i], sk);
                err2 += q3 * q3;
                err += q5 * q5;
            }
            let mut deno = err + 0.01 * err2;
            if deno <= 0.0 {
                deno = 1.0;
            }
            let err = h.abs() * err * (1.0 / (N as f64 * deno)).sqrt();

            if !err.is_finite() || !y_new.iter().all(|v| v.is_finite()) {
                non_finite = true;
                reject = true;
                self.stats.rejected += 1;
                self.h = h * FAC1;
                continue;
            }

            // err^(1/8) by three square roots when there is no Lund stabilisation: a
            // fraction of the cost of powf, within two ulps of it (each root is correctly
            // rounded); Hairer's step counts are reproduced exactly (tests).
            let fac11 = if BETA == 0.0 { err.sqrt().sqrt().sqrt() } else { err.powf(expo1) };
            let fac = if BETA == 0.0 { fac11 } else { fac11 / self.facold.powf(BETA) };
            // FAC1 <= h_new/h <= FAC2.
            let fac = (fac / SAFE).clamp(1.0 / FAC2, 1.0 / FAC1);
            let mut h_new = h / fac;

            if err <= 1.0 {
                let t_new = match (last, self.t_end) {
                    (true, Some(t_end)) => t_end,
                    _ => self.t + h,
                };
                let f_new = (self.f)(t_new, &y_new);
                self.stats.evaluations += 1;
                if !f_new.iter().all(|v| v.is_finite()) {
                    non_finite = true;
                    reject = true;
                    self.stats.rejected += 1;
                    self.h = h * FAC1;
                    continue;
                }
                self.facold = err.max(1e-4);
                self.accept(h, t_new, y_new, f_new);
                if h_new.abs() > self.h_max {
                    h_new = h_new.signum() * self.h_max;
                }
                if reject {
                    h_new = h_new.signum() * h_new.abs().min(h.abs());
                }
                if let Some(p) = planned {
                    h_new = h_new.signum() * h_new.abs().max(p.abs().min(self.h_max));
                }
                self.kink = None;
                self.h = h_new;
                self.done = last;
                return Ok((self.t_old, self.t));
            }
            // Rejected.
            self.h = h / (1.0 / FAC1).min(fac11 / SAFE);
            reject = true;
            self.stats.rejected += 1;
        }
    }

    /// Take one step of exactly `h` (s) with no error control (for convergence
    /// tests and fixed-grid use). Returns `(t_prev, t_new)`; the dense output
    /// of the step is available. Does not change the adaptive step size and
    /// ignores [`with_t_end`](Self::with_t_end).
    #[cfg(test)]
    pub fn step_fixed(&mut self, h: f64) -> Result<(f64, f64), IntegrateError> {
        self.last = LastStep::None;
        if !self.f_cur.iter().all(|v| v.is_finite()) {
            return Err(IntegrateError::NonFinite { t_s: self.t });
        }
        let bk = self.stages(h);
        let y_new = self.y + bk * h;
        let t_new = self.t + h;
        if !y_new.iter().all(|v| v.is_finite()) {
            return Err(IntegrateError::NonFinite { t_s: self.t });
        }
        let f_new = (self.f)(t_new, &y_new);
        self.stats.evaluations += 1;
        if !f_new.iter().all(|v| v.is_finite()) {
            return Err(IntegrateError::NonFinite { t_s: self.t });
        }
        self.accept(h, t_new, y_new, f_new);
        Ok((self.t_old, self.t))
    }

    /// Dense output of the last accepted step: the 7th-order interpolant on
    /// [t_prev, t_new]. Built on the first call after a step (3 more
    /// evaluations of f, as Hairer's `contd8` preparation) and cached. Before
    /// any step, or after a failed one, a zero-length segment at the current
    /// (t, y).
    pub fn dense(&mut self) -> &DenseSegment<N> {
        match self.last {
            LastStep::Dense => {}
            LastStep::None => {
                self.dense = DenseSegment::constant(self.t, self.y);
            }
            LastStep::Stages => {
                let h = self.h_old;
                macro_rules! stage {
                    ($($i:literal)*) => {$(
                        let yi = stage_state::<N, $i>(&self.y_old, h, &self.k);
                        self.k[$i] = (self.f)(self.t_old + C[$i] * h, &yi);
                    )*};
                }
                stage!(13 14 15);
                self.stats.evaluations += (STAGES_EXTENDED - FSAL - 1) as u32;
                let ydiff = self.y - self.y_old;
                let bspl = self.k[0] * h - ydiff;
                let mut con = [SVector::zeros(); 8];
                con[0] = self.y_old;
                con[1] = ydiff;
                con[2] = bspl;
                con[3] = ydiff - self.k[FSAL] * h - bspl;
                for (m, row) in D.iter().enumerate() {
                    let mut acc = self.k[0] * row[0];
                    for (kj, &d) in self.k.iter().zip(row).skip(1) {
                        if d != 0.0 {
                            acc += kj * d;
                        }
                    }
                    con[4 + m] = acc * h;
                }
                self.dense = DenseSegment { t0: self.t_old, t1: self.t, con, y1: self.y };
                self.last = LastStep::Dense;
            }
        }
        &self.dense
    }
}

/// Hairer's `hinit` (dop853.f): an initial step size such that
/// h^8·max(‖f0‖, ‖f''‖) ≈ 0.01 in the tolerance-weighted norm, from one
/// explicit Euler step (one evaluation of f). `dir` is ±1. Where dop853.f
/// would divide by zero (atol = 0 and a component of y0 exactly 0) it falls
/// back to 1e-6 s.
fn hinit<const N: usize, F>(
    f: &mut F,
    t0: f64,
    y0: &SVector<f64, N>,
    f0: &SVector<f64, N>,
    dir: f64,
    h_max: f64,
    tol: &Tolerances,
) -> f64
where
    F: FnMut(f64, &SVector<f64, N>) -> SVector<f64, N>,
{
    const IORD: f64 = 8.0;
    let mut dnf = 0.0;
    let mut dny = 0.0;
    for i in 0..N {
        let sk = tol.atol + tol.rtol * y0[i].abs();
        dnf += scaled(f0[i], sk).powi(2);
        dny += scaled(y0[i], sk).powi(2);
    }
    let mut h = if dnf <= 1e-10 || dny <= 1e-10 { 1e-6 } else { (dny / dnf).sqrt() * 0.01 };
    if !(h > 0.0 && h.is_finite()) {
        // Only with atol = 0 and a component of y0 exactly 0 (dop853.f would
        // divide by zero here): fall back to its default for tiny norms.
        h = 1e-6;
    }
    h = h.min(h_max) * dir;
    let y1 = y0 + f0 * h;
    let f1 = f(t0 + h, &y1);
    let mut der2 = 0.0;
    for i in 0..N {
        let sk = tol.atol + tol.rtol * y0[i].abs();
        der2 += scaled(f1[i] - f0[i], sk).powi(2);
    }
    let der2 = der2.sqrt() / h.abs();
    let der12 = der2.max(dnf.sqrt());
    let h1 = if der12 <= 1e-15 { 1e-6_f64.max(h.abs() * 1e-3) } else { (0.01 / der12).powf(1.0 / IORD) };
    // f64::min ignores a NaN h1 (non-finite f1): falls back to 100·|h|.
    let h = (100.0 * h.abs()).min(h1).min(h_max);
    if h > 0.0 {
        h * dir
    } else {
        // h1 = 0: a derivative norm was infinite (atol = 0 and a zero component).
        1e-6_f64.min(h_max) * dir
    }
}

#[cfg(test)]
mod tests;
