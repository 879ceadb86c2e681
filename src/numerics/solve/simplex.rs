//! The Nelder–Mead simplex minimiser in a box: the one derivative-free minimiser of
//! several variables (the start and stop of a ramp-and-hold pitch program).
//!
//! J. A. Nelder and R. Mead, "A simplex method for function minimization", Computer
//! Journal 7, 308 (1965), with the standard coefficients (reflection 1, expansion 2,
//! contraction ½, shrink ½) and the inside/outside contractions of J. C. Lagarias et al.,
//! "Convergence properties of the Nelder–Mead simplex method in low dimensions", SIAM J.
//! Optim. 9, 112 (1998). Every trial point is clamped into the box `[lo, hi]` (the
//! variables' limits), so the function is only evaluated where it is defined.
//!
//! It stops when the simplex has shrunk to `x_tol` in every coordinate (the largest
//! distance of a vertex from the best one, coordinate by coordinate: the report's
//! residual, unit of x) and the values at its vertices agree to `f_tol`; or after
//! `max_iter` iterations ([`StopReason::MaxIterations`]), or when the function gives a
//! value that is not finite at the best vertex ([`StopReason::NonFinite`]). A value that
//! is not finite elsewhere counts as +∞ (worse than any other point).

use super::{SolverReport, StopReason, Unit};

/// Where a Nelder–Mead search starts and when it stops: the first simplex is `start` and
/// `start + step_i e_i` (each step turned back when it would leave the box `[lo, hi]`);
/// it stops when the simplex has shrunk to `x_tol` and its values agree to `f_tol`, or
/// after `max_iter` iterations.
#[derive(Clone, Copy, Debug)]
pub struct Simplex<'a> {
    /// The first point.
    pub start: &'a [f64],
    /// The first simplex's step in each coordinate.
    pub step: &'a [f64],
    /// The box's lower corner.
    pub lo: &'a [f64],
    /// The box's upper corner.
    pub hi: &'a [f64],
    /// Size of the simplex at which it stops, unit of x.
    pub x_tol: f64,
    /// Spread of the values at its vertices at which it stops, unit of f.
    pub f_tol: f64,
    /// Most iterations.
    pub max_iter: u32,
}

/// The minimum of `f` over the box of `spec` ([`Simplex`]). Returns `(x_min, f(x_min),
/// report)`; the first error of `f` stops the search and is returned.
pub fn try_nelder_mead<E>(
    mut f: impl FnMut(&[f64]) -> Result<f64, E>,
    spec: &Simplex,
) -> Result<(Vec<f64>, f64, SolverReport), E> {
    let Simplex { start: x0, step, lo, hi, x_tol, f_tol, max_iter } = *spec;
    let n = x0.len();
    let clamp = |x: &mut [f64]| {
        for i in 0..n {
            x[i] = x[i].clamp(lo[i], hi[i]);
        }
    };
    let mut evaluations = 0u32;
    let mut eval = |x: &[f64], evaluations: &mut u32| -> Result<f64, E> {
        *evaluations += 1;
        let v = f(x)?;
        Ok(if v.is_finite() { v } else { f64::INFINITY })
    };
    // The first simplex.
    let mut first = x0.to_vec();
    clamp(&mut first);
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    let v0 = eval(&first, &mut evaluations)?;
    simplex.push((first.clone(), v0));
    for i in 0..n {
        let mut x = first.clone();
        x[i] += step[i];
        if x[i] > hi[i] || x[i] < lo[i] {
            x[i] = first[i] - step[i];
        }
        clamp(&mut x);
        let v = eval(&x, &mut evaluations)?;
        simplex.push((x, v));
    }
    let mut iterations = 0u32;
    loop {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let best = &simplex[0];
        let size = simplex[1..]
            .iter()
            .flat_map(|(x, _)| x.iter().zip(&best.0).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        let spread = simplex[n].1 - best.1;
        let report = |stop| SolverReport { stop, iterations, evaluations, residual: size, unit: Unit::Unstated };
        if !best.1.is_finite() {
            return Ok((best.0.clone(), best.1, report(StopReason::NonFinite)));
        }
        if size <= x_tol && spread <= f_tol {
            return Ok((best.0.clone(), best.1, report(StopReason::Converged)));
        }
        if iterations >= max_iter {
            return Ok((best.0.clone(), best.1, report(StopReason::MaxIterations)));
        }
        iterations += 1;
        // Centroid of all but the worst vertex.
        let mut c = vec![0.0; n];
        for (x, _) in &simplex[..n] {
            for i in 0..n {
                c[i] += x[i] / n as f64;
            }
        }
        let worst = simplex[n].clone();
        let along = |t: f64| -> Vec<f64> {
            let mut x: Vec<f64> = (0..n).map(|i| c[i] + t * (worst.0[i] - c[i])).collect();
            clamp(&mut x);
            x
        };
        let xr = along(-1.0);
        let fr = eval(&xr, &mut evaluations)?;
        if fr < simplex[0].1 {
            let xe = along(-2.0);
            let fe = eval(&xe, &mut evaluations)?;
            simplex[n] = if fe < fr { (xe, fe) } else { (xr, fr) };
            continue;
        }
        if fr < simplex[n - 1].1 {
            simplex[n] = (xr, fr);
            continue;
        }
        // Contraction: outside when the reflected point beats the worst, inside otherwise.
        let (xc, fc) = if fr < worst.1 {
            let xc = along(-0.5);
            let fc = eval(&xc, &mut evaluations)?;
            (xc, fc)
        } else {
            let xc = along(0.5);
            let fc = eval(&xc, &mut evaluations)?;
            (xc, fc)
        };
        if fc < fr.min(worst.1) {
            simplex[n] = (xc, fc);
            continue;
        }
        // Shrink toward the best vertex.
        let x_best = simplex[0].0.clone();
        for vertex in simplex.iter_mut().skip(1) {
            let mut x: Vec<f64> = (0..n).map(|i| x_best[i] + 0.5 * (vertex.0[i] - x_best[i])).collect();
            clamp(&mut x);
            let v = eval(&x, &mut evaluations)?;
            *vertex = (x, v);
        }
    }
}

/// [`try_nelder_mead`] for a function that cannot fail (the tests').
#[cfg(test)]
pub fn nelder_mead(mut f: impl FnMut(&[f64]) -> f64, spec: &Simplex) -> (Vec<f64>, f64, SolverReport) {
    super::infallible(try_nelder_mead(|x| Ok(f(x)), spec))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock's valley, (1 − x)² + 100 (y − x²)².
    fn rosen(x: &[f64]) -> f64 {
        (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
    }

    /// Its classic start (−1.2, 1), in the box [−5, 5]².
    fn rosen_from_classic_start(x_tol: f64, f_tol: f64, max_iter: u32) -> Simplex<'static> {
        Simplex { start: &[-1.2, 1.0], step: &[0.1, 0.1], lo: &[-5.0, -5.0], hi: &[5.0, 5.0], x_tol, f_tol, max_iter }
    }

    #[test]
    fn minimum_of_rosenbrocks_function_is_one_one() {
        // Rosenbrock's valley, (1 − x)² + 100 (y − x²)²: its one minimum is 0 at (1, 1)
        // (H. H. Rosenbrock, Computer Journal 3, 175, 1960), from the classic start (−1.2, 1).
        let (x, v, rep) = nelder_mead(rosen, &rosen_from_classic_start(1e-8, 1e-14, 2_000));
        assert!(rep.converged(), "{rep:?}");
        assert!((x[0] - 1.0).abs() < 1e-6 && (x[1] - 1.0).abs() < 1e-6, "{x:?}");
        assert!(v < 1e-12, "{v}");
        assert!(rep.residual <= 1e-8 && rep.evaluations > rep.iterations, "{rep:?}");
    }

    #[test]
    fn minimum_on_the_edge_of_the_box_is_found_there() {
        // (x − 3)² + (y + 1)² in [0, 2] × [0, 2]: the minimum of the box is at (2, 0).
        let f = |x: &[f64]| (x[0] - 3.0).powi(2) + (x[1] + 1.0).powi(2);
        let (x, v, rep) = nelder_mead(
            f,
            &Simplex {
                start: &[0.5, 1.5],
                step: &[0.2, 0.2],
                lo: &[0.0, 0.0],
                hi: &[2.0, 2.0],
                x_tol: 1e-9,
                f_tol: 1e-14,
                max_iter: 1_000,
            },
        );
        assert!(rep.converged(), "{rep:?}");
        assert!((x[0] - 2.0).abs() < 1e-8 && x[1].abs() < 1e-8, "{x:?}");
        assert!((v - 2.0).abs() < 1e-12);
    }

    #[test]
    fn one_variable_matches_the_parabola_vertex() {
        // (x − 0.3)² + 2: minimum 2 at x = 0.3, located to about √ε relative (the values
        // of points 1e-8 apart differ by 1e-16, below the rounding of 2).
        let (x, v, rep) = nelder_mead(
            |x| (x[0] - 0.3).powi(2) + 2.0,
            &Simplex {
                start: &[5.0],
                step: &[1.0],
                lo: &[-10.0],
                hi: &[10.0],
                x_tol: 1e-10,
                f_tol: 1e-15,
                max_iter: 500,
            },
        );
        assert!(rep.converged() && (x[0] - 0.3).abs() < 1e-7 && (v - 2.0).abs() < 1e-14, "{x:?} {rep:?}");
    }

    #[test]
    fn iteration_limit_and_errors_are_reported() {
        let (_, _, rep) = nelder_mead(rosen, &rosen_from_classic_start(1e-12, 0.0, 5));
        assert_eq!((rep.stop, rep.iterations), (StopReason::MaxIterations, 5));
        let mut calls = 0;
        let r: Result<_, &str> = try_nelder_mead(
            |x| {
                calls += 1;
                if x[0] > 0.5 {
                    Err("no flight")
                } else {
                    Ok(x[0] * x[0])
                }
            },
            &Simplex { start: &[0.0], step: &[1.0], lo: &[-1.0], hi: &[1.0], x_tol: 1e-9, f_tol: 0.0, max_iter: 100 },
        );
        assert_eq!(r.unwrap_err(), "no flight");
        assert_eq!(calls, 2, "the first error stops the search");
    }
}
