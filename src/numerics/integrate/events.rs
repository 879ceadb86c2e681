//! Event location on the dense output: the time inside a step at which an
//! event function g(t, y) changes sign, found by Brent's method on
//! t ↦ g(t, y(t)) with y(t) the step's 7th-order interpolant (MODEL.md,
//! "Numerical standards": events are located by root-finding on the dense
//! output, never by stopping at the first step past them).
//!
//! Only a sign change between the ends of the segment is seen: a g that
//! crosses zero twice inside one step is not detected.

use super::DenseSegment;
use crate::numerics::solve::{brent_root_with_values, SolverReport};
use nalgebra::SVector;
use serde::{Deserialize, Serialize};

/// Iteration limit of the root finder; Brent's method on a bracketed sign
/// change needs far fewer (about 10 for a smooth g to 1e-9 s).
const MAX_ITER: u32 = 1000;

/// Direction of the zero crossing of g to look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Crossing {
    /// g(t0) < 0 ≤ g(t1) (g increases through zero).
    Rising,
    /// g(t0) > 0 ≥ g(t1) (g decreases through zero).
    Falling,
    /// Either of the above.
    Either,
}

/// A located event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event<const N: usize> {
    /// Time of the event, s.
    pub t_s: f64,
    /// Interpolated state at `t_s`.
    pub y: SVector<f64, N>,
    /// How the root finder stopped; `residual` is |g(t_s, y)| in the unit of g.
    pub report: SolverReport,
}

/// True if g goes from `g0` at the start to `g1` at the end of a segment in
/// the `crossing` direction. A g exactly 0 at the start does not count (it
/// was the end of the previous segment).
pub(crate) fn crosses(g0: f64, g1: f64, crossing: Crossing) -> bool {
    let rising = g0 < 0.0 && g1 >= 0.0;
    let falling = g0 > 0.0 && g1 <= 0.0;
    match crossing {
        Crossing::Rising => rising,
        Crossing::Falling => falling,
        Crossing::Either => rising || falling,
    }
}

/// Like [`locate`], but returns the event with the root finder's report
/// whether or not it converged (it fails only if g returns NaN or ±∞ inside
/// the segment). `None` when g does not change sign in the requested
/// direction, or is not finite at an end of the segment.
pub fn locate_with_report<const N: usize>(
    seg: &DenseSegment<N>,
    g: impl Fn(f64, &SVector<f64, N>) -> f64,
    crossing: Crossing,
    t_tol_s: f64,
) -> Option<Event<N>> {
    let g0 = g(seg.t0, seg.y0());
    let g1 = g(seg.t1, seg.y1());
    if !crosses(g0, g1, crossing) {
        return None;
    }
    let (t_s, report) = brent_root_with_values(|t| g(t, &seg.eval(t)), seg.t0, seg.t1, g0, g1, t_tol_s, MAX_ITER);
    Some(Event { t_s, y: seg.eval(t_s), report })
}

/// If g changes sign over the segment in the requested direction
/// (g(t0) < 0 ≤ g(t1) for [`Crossing::Rising`], g(t0) > 0 ≥ g(t1) for
/// [`Crossing::Falling`]; a g exactly 0 at t0 does not count), locate the
/// crossing by Brent's method on t ↦ g(t, seg.eval(t)) to |Δt| ≤ `t_tol_s`
/// (s; callers use 1e-9 s). Returns the time (s) and the interpolated state
/// there.
///
/// `None` when there is no such sign change, and also in the only case where
/// the root finder can fail, g returning a non-finite value inside the
/// segment; use [`locate_with_report`] to tell these apart.
pub fn locate<const N: usize>(
    seg: &DenseSegment<N>,
    g: impl Fn(f64, &SVector<f64, N>) -> f64,
    crossing: Crossing,
    t_tol_s: f64,
) -> Option<(f64, SVector<f64, N>)> {
    locate_with_report(seg, g, crossing, t_tol_s).filter(|e| e.report.converged()).map(|e| (e.t_s, e.y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::integrate::{Dop853, Tolerances};
    use std::f64::consts::PI;

    type V2 = SVector<f64, 2>;

    fn oscillator() -> impl FnMut(f64, &V2) -> V2 {
        |_t, y| V2::new(y[1], -y[0])
    }

    /// Integrates y'' = −y from (1, 0) at t = 0, calling `visit` on every step's
    /// dense segment until t ≥ t_stop.
    fn run_oscillator(t_stop: f64, h_max: f64, mut visit: impl FnMut(&DenseSegment<2>)) {
        let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
        let mut s = Dop853::new(oscillator(), 0.0, V2::new(1.0, 0.0), tol, None, h_max);
        while s.t() < t_stop {
            s.step().unwrap();
            visit(s.dense());
        }
    }

    #[test]
    fn falling_zero_of_cosine_found_at_half_pi() {
        // y = cos t falls through zero at t = π/2 (then rises at 3π/2).
        let mut found = vec![];
        run_oscillator(2.0, 0.7, |seg| {
            if let Some((t, y)) = locate(seg, |_, y| y[0], Crossing::Falling, 1e-9) {
                found.push((t, y));
            }
        });
        assert_eq!(found.len(), 1);
        let (t, y) = found[0];
        assert!((t - PI / 2.0).abs() <= 1e-9, "t = {t}, Δ = {:e}", t - PI / 2.0);
        assert!(y[0].abs() < 1e-9 && (y[1] + 1.0).abs() < 1e-10);
    }

    #[test]
    fn rising_and_either_directions() {
        let mut rising = vec![];
        let mut either = vec![];
        run_oscillator(8.5, 0.7, |seg| {
            if let Some((t, _)) = locate(seg, |_, y| y[0], Crossing::Rising, 1e-9) {
                rising.push(t);
            }
            if let Some((t, _)) = locate(seg, |_, y| y[0], Crossing::Either, 1e-9) {
                either.push(t);
            }
        });
        // cos t: falls through 0 at π/2 and 5π/2, rises at 3π/2 (t ≤ 8.5).
        assert_eq!(rising.len(), 1);
        assert!((rising[0] - 1.5 * PI).abs() <= 1e-9);
        assert_eq!(either.len(), 3);
        for (t, k) in either.iter().zip([0.5, 1.5, 2.5]) {
            assert!((t - k * PI).abs() <= 1e-9, "t = {t}");
        }
    }

    #[test]
    fn apogee_like_event_on_velocity_component() {
        // y' = −sin t falls through zero at t = π (y is at its minimum there).
        let mut found = vec![];
        run_oscillator(4.0, 0.7, |seg| {
            if let Some(e) = locate_with_report(seg, |_, y| y[1], Crossing::Rising, 1e-9) {
                found.push(e);
            }
        });
        assert_eq!(found.len(), 1);
        assert!(found[0].report.converged());
        assert!((found[0].t_s - PI).abs() <= 1e-9);
        assert!(found[0].report.iterations <= 15, "{:?}", found[0].report);
    }

    #[test]
    fn no_event_without_sign_change() {
        let mut n = 0;
        run_oscillator(1.4, 0.7, |seg| {
            for c in [Crossing::Rising, Crossing::Falling, Crossing::Either] {
                if locate(seg, |_, y| y[0], c, 1e-9).is_some() {
                    n += 1;
                }
                // y[0] + 2 > 0 everywhere.
                if locate(seg, |_, y| y[0] + 2.0, c, 1e-9).is_some() {
                    n += 1;
                }
            }
        });
        assert_eq!(n, 0);
    }

    #[test]
    fn zero_at_segment_start_is_not_reported() {
        // A segment starting exactly on g = 0 and moving away, or through, is
        // not reported: the zero belonged to the previous segment.
        let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
        // Start at y = 0 (g = 0 at t0), y' = −1: g goes negative.
        let mut s = Dop853::new(oscillator(), 0.0, V2::new(0.0, -1.0), tol, Some(0.1), 1.0);
        s.step().unwrap();
        let seg = s.dense().clone();
        assert_eq!(seg.y0()[0], 0.0);
        for c in [Crossing::Rising, Crossing::Falling, Crossing::Either] {
            assert!(locate(&seg, |_, y| y[0], c, 1e-9).is_none());
        }
        // A zero exactly at t1 is reported (Falling: g(t0) > 0 ≥ g(t1)) ...
        let t1 = seg.t1;
        let g = move |t: f64, _: &V2| t1 - t;
        let (t, _) = locate(&seg, g, Crossing::Falling, 1e-9).unwrap();
        assert_eq!(t, t1);
        // ... and the next step, which starts on it, does not report it again.
        s.step().unwrap();
        let next = s.dense().clone();
        assert_eq!(next.t0, t1);
        for c in [Crossing::Rising, Crossing::Falling, Crossing::Either] {
            assert!(locate(&next, g, c, 1e-9).is_none());
        }
    }

    #[test]
    fn located_time_is_within_requested_tolerance() {
        // Event g = t − t_e on a long step: the error must be within t_tol.
        let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
        let mut s = Dop853::new(oscillator(), 0.0, V2::new(1.0, 0.0), tol, Some(0.5), 0.5);
        s.step().unwrap();
        let seg = s.dense().clone();
        for &tt in &[1e-3, 1e-6, 1e-9, 1e-12] {
            let te = seg.t0 + 0.345_678_901_234_5 * (seg.t1 - seg.t0);
            let (t, _) = locate(&seg, |t, _| (t - te).powi(3), Crossing::Rising, tt).unwrap();
            assert!((t - te).abs() <= tt + 1e-16, "tol {tt}: Δ = {:e}", t - te);
        }
    }

    #[test]
    fn nan_inside_segment_is_reported_not_located() {
        let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
        let mut s = Dop853::new(oscillator(), 0.0, V2::new(1.0, 0.0), tol, Some(0.5), 0.5);
        s.step().unwrap();
        let seg = s.dense().clone();
        // g is linear with its zero at the middle of the step, where it is NaN.
        let (tm, w) = (0.5 * (seg.t0 + seg.t1), 0.1 * (seg.t1 - seg.t0));
        let g = |t: f64, _: &V2| {
            if (t - tm).abs() < w {
                f64::NAN
            } else {
                t - tm
            }
        };
        assert!(locate(&seg, g, Crossing::Rising, 1e-9).is_none());
        let e = locate_with_report(&seg, g, Crossing::Rising, 1e-9).unwrap();
        assert_eq!(e.report.stop, crate::numerics::solve::StopReason::NonFinite);
    }
}
