//! Tests of the integrator against closed-form solutions and Hairer's code.

use super::*;
use crate::constants::MU_M3_S2;
use std::f64::consts::PI;

type V2 = SVector<f64, 2>;
type V4 = SVector<f64, 4>;
type V6 = SVector<f64, 6>;

/// Eccentric anomaly from mean anomaly (Kepler's equation M = E − e sin E) by
/// Newton's method, to machine precision.
fn eccentric_anomaly(m: f64, e: f64) -> f64 {
    let mut ea = if e < 0.8 { m } else { PI };
    for _ in 0..100 {
        let d = (ea - e * ea.sin() - m) / (1.0 - e * ea.cos());
        ea -= d;
        if d.abs() <= 1e-16 * ea.abs().max(1.0) {
            break;
        }
    }
    ea
}

/// Closed-form planar Kepler orbit (semi-major axis `a`, eccentricity `e`,
/// gravitational parameter `mu`), at periapsis on +x at t = 0, moving
/// counter-clockwise: state (x, y, vx, vy) at time t (Bate, Mueller & White,
/// *Fundamentals of Astrodynamics*, §4.2).
fn kepler_state(a: f64, e: f64, mu: f64, t: f64) -> V4 {
    let n = (mu / (a * a * a)).sqrt();
    let ea = eccentric_anomaly(n * t, e);
    let (s, c) = ea.sin_cos();
    let b = a * (1.0 - e * e).sqrt();
    let edot = n / (1.0 - e * c);
    V4::new(a * (c - e), b * s, -a * s * edot, b * c * edot)
}

fn kepler_rhs(mu: f64) -> impl FnMut(f64, &V4) -> V4 {
    move |_t, y| {
        let r2 = y[0] * y[0] + y[1] * y[1];
        let k = -mu / (r2 * r2.sqrt());
        V4::new(y[2], y[3], k * y[0], k * y[1])
    }
}

/// Point-mass gravity in 3-D, state (position m, velocity m/s).
fn two_body(_t: f64, y: &V6) -> V6 {
    let r2 = y[0] * y[0] + y[1] * y[1] + y[2] * y[2];
    let k = -MU_M3_S2 / (r2 * r2.sqrt());
    V6::new(y[3], y[4], y[5], k * y[0], k * y[1], k * y[2])
}

/// Least-squares slope of log(err) against log(h).
fn loglog_slope(h: &[f64], err: &[f64]) -> f64 {
    let x: Vec<f64> = h.iter().map(|v| v.ln()).collect();
    let y: Vec<f64> = err.iter().map(|v| v.ln()).collect();
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    sxy / sxx
}

const E_ORBIT: f64 = 0.5;

#[test]
fn kepler_closed_form_satisfies_the_equations_of_motion() {
    // Guard for the reference solution itself: energy and the derivative.
    let (a, e, mu) = (1.0, E_ORBIT, 1.0);
    for &t in &[0.0, 0.7, 2.0, 5.5] {
        let y = kepler_state(a, e, mu, t);
        let r = (y[0] * y[0] + y[1] * y[1]).sqrt();
        let energy = 0.5 * (y[2] * y[2] + y[3] * y[3]) - mu / r;
        assert!((energy + mu / (2.0 * a)).abs() < 1e-14);
        let dt = 1e-5;
        let d = (kepler_state(a, e, mu, t + dt) - kepler_state(a, e, mu, t - dt)) / (2.0 * dt);
        let f = kepler_rhs(mu)(t, &y);
        // Central difference: truncation error ~ dt²·|y'''| ≈ 1e-9 at periapsis.
        assert!((d - f).norm() < 1e-8, "t = {t}: {:e}", (d - f).norm());
    }
}

#[test]
fn fixed_step_error_on_eccentric_kepler_orbit_has_slope_8() {
    // e = 0.5 orbit, μ = a = 1 (period 2π), from apoapsis (t = π) to periapsis
    // (t = 2π) in n equal steps, against Kepler's equation. (Starting at
    // periapsis, the errors stay pre-asymptotic until round-off takes over.)
    let (a, e, mu) = (1.0, E_ORBIT, 1.0);
    let (t0, t1) = (PI, 2.0 * PI);
    let exact = kepler_state(a, e, mu, t1);
    let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
    let mut hs = vec![];
    let mut errs = vec![];
    for &n in &[20u32, 25, 32, 40, 50, 64] {
        let h = (t1 - t0) / n as f64;
        let y0 = kepler_state(a, e, mu, t0);
        let mut s = Dop853::new(kepler_rhs(mu), t0, y0, tol, Some(h), 1.0);
        for _ in 0..n {
            s.step_fixed(h).unwrap();
        }
        assert_eq!(s.stats().steps, n);
        assert_eq!(s.stats().evaluations, 1 + 12 * n);
        let err = (s.y() - exact).norm();
        eprintln!("n = {n:4}, h = {h:.4}, error = {err:.3e}");
        hs.push(h);
        errs.push(err);
    }
    let slope = loglog_slope(&hs, &errs);
    eprintln!("observed order {slope:.3}");
    assert!((slope - 8.0).abs() <= 0.3, "observed order {slope}");
    // The errors stay well above round-off, so the slope is the method's.
    assert!(errs.iter().all(|&e| e > 1e-12));
}

#[test]
fn dense_output_local_error_has_slope_8_of_a_7th_order_interpolant() {
    // One step of size h from the exact state at t0; the interpolant at interior
    // points must be off by O(h^8) (7th-order continuous extension), while the
    // step's end point is off by O(h^9).
    // From apoapsis (t0 = π) of the e = 0.5 orbit, μ = a = 1.
    let (a, e, mu) = (1.0, E_ORBIT, 1.0);
    let t0 = PI;
    let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
    let mut hs = vec![];
    let mut dense_errs = vec![];
    let mut end_errs = vec![];
    for &h in &[0.8, 0.6, 0.45, 0.35, 0.25] {
        let y0 = kepler_state(a, e, mu, t0);
        let mut s = Dop853::new(kepler_rhs(mu), t0, y0, tol, Some(h), 1.0);
        s.step_fixed(h).unwrap();
        let seg = s.dense().clone();
        assert_eq!(s.stats().evaluations, 1 + 12 + 3);
        let mut worst: f64 = 0.0;
        for &theta in &[0.2, 0.5, 0.8] {
            let t = t0 + theta * h;
            worst = worst.max((seg.eval(t) - kepler_state(a, e, mu, t)).norm());
        }
        let end = (s.y() - kepler_state(a, e, mu, t0 + h)).norm();
        eprintln!("h = {h:.3}: dense error {worst:.3e}, end-point error {end:.3e}");
        hs.push(h);
        dense_errs.push(worst);
        end_errs.push(end);
    }
    let dense_slope = loglog_slope(&hs, &dense_errs);
    let end_slope = loglog_slope(&hs, &end_errs);
    eprintln!("dense slope {dense_slope:.3}, end-point slope {end_slope:.3}");
    assert!((dense_slope - 8.0).abs() <= 0.3, "dense slope {dense_slope}");
    assert!((end_slope - 9.0).abs() <= 0.5, "end-point slope {end_slope}");
}

#[test]
fn dense_output_matches_harmonic_solution_inside_adaptive_steps() {
    // y'' = −y, y(0) = 1: y = cos t. At rtol = atol = 1e-10, the dense output at
    // interior points is as accurate as the step ends (within 10× the tolerance
    // times the number of steps' growth).
    let f = |_t: f64, y: &V2| V2::new(y[1], -y[0]);
    let tol = Tolerances { rtol: 1e-10, atol: 1e-10 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, None, f64::INFINITY).with_t_end(20.0);
    let mut worst_dense: f64 = 0.0;
    let mut worst_end: f64 = 0.0;
    while !s.is_done() {
        let (t0, t1) = s.step().unwrap();
        worst_end = worst_end.max((s.y()[0] - t1.cos()).abs());
        let seg = s.dense().clone();
        assert_eq!((seg.t0, seg.t1), (t0, t1));
        assert_eq!(seg.eval(t1), *s.y());
        for i in 1..10 {
            let t = t0 + (t1 - t0) * i as f64 / 10.0;
            let y = seg.eval(t);
            worst_dense = worst_dense.max((y[0] - t.cos()).abs().max((y[1] + t.sin()).abs()));
        }
    }
    eprintln!("steps {:?}: worst dense error {worst_dense:.2e}, worst step-end error {worst_end:.2e}", s.stats());
    assert!(worst_dense < 1e-9, "{worst_dense:e}");
    assert!(worst_dense < 10.0 * worst_end.max(1e-12));
}

#[test]
fn dense_segment_equals_step_ends_exactly() {
    let f = |_t: f64, y: &V2| V2::new(y[1], -y[0]);
    let tol = Tolerances { rtol: 1e-8, atol: 1e-8 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, None, f64::INFINITY);
    // Before any step: a zero-length segment at the start.
    let seg = s.dense().clone();
    assert_eq!((seg.t0, seg.t1), (0.0, 0.0));
    assert_eq!(seg.eval(0.0), V2::new(1.0, 0.0));
    for _ in 0..5 {
        let y_prev = *s.y();
        let (t0, t1) = s.step().unwrap();
        let seg = s.dense();
        assert_eq!(seg.eval(t0), y_prev);
        assert_eq!(seg.eval(t1), *s.y());
    }
    // The dense output costs 3 evaluations, once per step (cached).
    let before = s.stats().evaluations;
    s.dense();
    s.dense();
    assert_eq!(s.stats().evaluations, before);
}

/// Burnout state on the sphere at radius r0 with speed v and flight-path angle γ.
fn burnout(v_m_s: f64, gamma_rad: f64) -> V6 {
    let r0 = 6.371e6;
    V6::new(r0, 0.0, 0.0, v_m_s * gamma_rad.sin(), v_m_s * gamma_rad.cos() * 0.8, v_m_s * gamma_rad.cos() * 0.6)
}

fn energy_and_angular_momentum(y: &V6) -> (f64, nalgebra::Vector3<f64>) {
    let r = y.fixed_rows::<3>(0).into_owned();
    let v = y.fixed_rows::<3>(3).into_owned();
    (0.5 * v.norm_squared() - MU_M3_S2 / r.norm(), r.cross(&v))
}

#[test]
fn ballistic_arc_conserves_energy_and_angular_momentum_to_1e_11() {
    // A lofted ballistic arc (v = 7.2 km/s, γ = 80°, apogee ≈ 4 800 km) for
    // 3000 s at rtol = 1e-12: the two-body invariants drift by < 1e-11 relative.
    let y0 = burnout(7200.0, 80f64.to_radians());
    let (e0, h0) = energy_and_angular_momentum(&y0);
    let tol = Tolerances { rtol: 1e-12, atol: 1e-9 };
    let mut s = Dop853::new(two_body, 0.0, y0, tol, None, f64::INFINITY).with_t_end(3000.0);
    let mut worst_e: f64 = 0.0;
    let mut worst_h: f64 = 0.0;
    let mut min_r = f64::INFINITY;
    while !s.is_done() {
        s.step().unwrap();
        let (e, h) = energy_and_angular_momentum(s.y());
        worst_e = worst_e.max(((e - e0) / e0).abs());
        worst_h = worst_h.max((h - h0).norm() / h0.norm());
        min_r = min_r.min(s.y().fixed_rows::<3>(0).norm());
    }
    assert_eq!(s.t(), 3000.0);
    eprintln!("3000 s arc: {:?}, |ΔE/E| = {worst_e:.2e}, |ΔH|/|H| = {worst_h:.2e}, min r = {min_r:.0} m", s.stats());
    assert!(min_r > 6.3e6, "the arc must stay above the surface");
    assert!(worst_e < 1e-11, "{worst_e:e}");
    assert!(worst_h < 1e-11, "{worst_h:e}");
}

#[test]
fn ballistic_arc_end_state_matches_kepler_closed_form() {
    // The same kind of arc in the orbit plane, compared with Kepler's equation:
    // position error after 3000 s well below a millimetre per 6 000 km.
    let mu = MU_M3_S2;
    let (r0, v0, gamma) = (6.371e6_f64, 7200.0_f64, 80f64.to_radians());
    let y0 = V4::new(r0, 0.0, v0 * gamma.sin(), v0 * gamma.cos());
    // Orbit elements from the state.
    let energy = 0.5 * v0 * v0 - mu / r0;
    let a = -mu / (2.0 * energy);
    let h = r0 * v0 * gamma.cos();
    let e = (1.0 - h * h / (mu * a)).sqrt();
    // Rotate the closed form (periapsis on +x) to match y0: find the time since
    // periapsis tp and the angle of periapsis ω.
    let cos_nu = (a * (1.0 - e * e) / r0 - 1.0) / e;
    let nu = cos_nu.clamp(-1.0, 1.0).acos(); // rising: 0 < ν < π
    let ea = 2.0 * ((1.0 - e).sqrt() * (nu / 2.0).tan()).atan2((1.0 + e).sqrt());
    let n = (mu / (a * a * a)).sqrt();
    let tp = (ea - e * ea.sin()) / n;
    let rot = |v: V4, ang: f64| {
        let (s, c) = ang.sin_cos();
        V4::new(c * v[0] - s * v[1], s * v[0] + c * v[1], c * v[2] - s * v[3], s * v[2] + c * v[3])
    };
    let closed = |t: f64| rot(kepler_state(a, e, mu, tp + t), -nu);
    assert!((closed(0.0) - y0).fixed_rows::<2>(0).norm() < 1e-6);
    let tol = Tolerances { rtol: 1e-12, atol: 1e-9 };
    let mut s = Dop853::new(kepler_rhs(mu), 0.0, y0, tol, None, f64::INFINITY).with_t_end(3000.0);
    while !s.is_done() {
        s.step().unwrap();
    }
    let d = s.y() - closed(3000.0);
    let dr = d.fixed_rows::<2>(0).norm();
    let dv = d.fixed_rows::<2>(2).norm();
    eprintln!("Kepler check: a = {a:.0} m, e = {e:.4}; |Δr| = {dr:.2e} m, |Δv| = {dv:.2e} m/s");
    assert!(dr < 1e-4 && dv < 1e-7, "|Δr| = {dr:e} m, |Δv| = {dv:e} m/s");
}

#[test]
fn van_der_pol_run_reproduces_hairers_dop853_step_counts() {
    // Hairer's driver dr_dop853.f: van der Pol y1' = y2, y2' = ((1 − y1²) y2 − y1)/ε,
    // ε = 1e-3, y(0) = (2, 0), to x = 2, rtol = atol = 1e-9, h_init = 1e-6
    // (as run by cpmech/russell, russell_ode/data/logs/fortran_dop853_van_der_pol.txt
    // and tests/test_dopri8_van_der_pol.rs), dense output every step:
    // 1469 steps, 1348 accepted, 121 rejected, 21553 evaluations (Hairer counts 2
    // for the start; we count the 1 we make), y(2) = (1.763234540172087,
    // −0.8356886819301910).
    let eps = 1e-3;
    let f = move |_t: f64, y: &V2| V2::new(y[1], ((1.0 - y[0] * y[0]) * y[1] - y[0]) / eps);
    let tol = Tolerances { rtol: 1e-9, atol: 1e-9 };
    let mut s = Dop853::new(f, 0.0, V2::new(2.0, 0.0), tol, Some(1e-6), 2.0).with_t_end(2.0);
    while !s.is_done() {
        s.step().unwrap();
        s.dense();
    }
    let st = s.stats();
    eprintln!("van der Pol: {st:?}, y = {:.16e} {:.16e}", s.y()[0], s.y()[1]);
    assert_eq!(st.steps, 1348);
    assert_eq!(st.rejected, 121);
    assert_eq!(st.evaluations, 21553 - 1);
    assert!((s.y()[0] - 1.763_234_540_172_087).abs() < 1e-12);
    assert!((s.y()[1] + 0.835_688_681_930_191).abs() < 1e-11);
}

#[test]
fn t_end_is_hit_exactly_and_then_nothing_happens() {
    let f = |_t: f64, y: &V2| V2::new(y[1], -y[0]);
    let tol = Tolerances { rtol: 1e-10, atol: 1e-10 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, None, f64::INFINITY).with_t_end(0.7);
    let mut last = (0.0, 0.0);
    while !s.is_done() {
        last = s.step().unwrap();
    }
    assert_eq!(s.t(), 0.7);
    assert_eq!(last.1, 0.7);
    assert!((s.y()[0] - 0.7f64.cos()).abs() < 1e-10);
    let st = s.stats();
    assert_eq!(s.step().unwrap(), (0.7, 0.7));
    assert_eq!(s.stats(), st);
}

/// y' = (y₁', y₂') = (|t − 1|, cos t): the first component's right-hand side has a
/// corner at t = 1, the second is smooth; y(3) = (2.5, sin 3) exactly. Told where the
/// corner is, the integrator ends a step on it (and then goes on with the step it had
/// planned), and needs fewer attempts than when it finds the corner by rejected steps;
/// both meet the tolerance.
#[test]
fn a_step_ends_at_a_corner_it_is_told_of() {
    let f = |t: f64, _y: &V2| V2::new((t - 1.0).abs(), t.cos());
    let tol = Tolerances { rtol: 1e-10, atol: 1e-10 };
    let run = |told: bool| {
        let mut s = Dop853::new(f, 0.0, V2::zeros(), tol, None, f64::INFINITY).with_t_end(3.0);
        let mut ends = Vec::new();
        while !s.is_done() {
            if told {
                s.end_next_step_at(1.0);
            }
            ends.push(s.step().unwrap().1);
        }
        assert!((s.y()[0] - 2.5).abs() < 1e-9, "{}", s.y()[0]);
        assert!((s.y()[1] - 3f64.sin()).abs() < 1e-9, "{}", s.y()[1]);
        (s.stats(), ends)
    };
    let (blind, blind_ends) = run(false);
    let (told, told_ends) = run(true);
    assert!(told_ends.contains(&1.0), "{told_ends:?}");
    assert!(!blind_ends.contains(&1.0));
    assert!(blind.rejected >= 2, "{blind:?}");
    assert!(told.rejected < blind.rejected && told.evaluations < blind.evaluations, "{told:?} {blind:?}");
    // After the corner the step is the planned one, not the short step that ended on it.
    let i = told_ends.iter().position(|&t| t == 1.0).unwrap();
    let before = told_ends[i] - if i > 0 { told_ends[i - 1] } else { 0.0 };
    assert!(told_ends[i + 1] - 1.0 >= before.min(1e-3), "{told_ends:?}");
}

#[test]
fn backward_integration_with_negative_initial_step() {
    let f = |_t: f64, y: &V2| V2::new(y[1], -y[0]);
    let tol = Tolerances { rtol: 1e-11, atol: 1e-11 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, Some(-0.01), f64::INFINITY).with_t_end(-3.0);
    while !s.is_done() {
        let (t0, t1) = s.step().unwrap();
        assert!(t1 < t0);
    }
    assert_eq!(s.t(), -3.0);
    assert!((s.y()[0] - 3f64.cos()).abs() < 1e-10);
    assert!((s.y()[1] - 3f64.sin()).abs() < 1e-10);
}

#[test]
fn h_max_bounds_every_step() {
    let f = |_t: f64, y: &V2| V2::new(y[1], -y[0]);
    let tol = Tolerances { rtol: 1e-6, atol: 1e-6 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, Some(10.0), 0.25);
    for _ in 0..20 {
        let (t0, t1) = s.step().unwrap();
        assert!(t1 - t0 <= 0.25);
    }
}

#[test]
fn nan_at_the_start_gives_non_finite() {
    let f = |_t: f64, _y: &V2| V2::new(f64::NAN, 0.0);
    let tol = Tolerances { rtol: 1e-9, atol: 1e-9 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, None, 1.0);
    assert_eq!(s.step(), Err(IntegrateError::NonFinite { t_s: 0.0 }));
    assert_eq!(s.step_fixed(0.1), Err(IntegrateError::NonFinite { t_s: 0.0 }));
}

#[test]
fn nan_ahead_gives_non_finite_where_it_starts() {
    // f is NaN for t > 1: the integrator shrinks its steps towards t = 1 and
    // reports NonFinite there, never a NaN state.
    let f = |t: f64, y: &V2| {
        if t > 1.0 {
            V2::new(f64::NAN, f64::NAN)
        } else {
            V2::new(y[1], -y[0])
        }
    };
    let tol = Tolerances { rtol: 1e-9, atol: 1e-9 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, None, 1.0);
    let err = loop {
        match s.step() {
            Ok(_) => assert!(s.y().iter().all(|v| v.is_finite())),
            Err(e) => break e,
        }
    };
    match err {
        IntegrateError::NonFinite { t_s } => assert!((t_s - 1.0).abs() < 1e-9, "t = {t_s}"),
        e => panic!("expected NonFinite, got {e:?}"),
    }
    assert!(s.stats().rejected > 0);
    assert!(err.to_string().contains("NaN"));
}

#[test]
fn singularity_gives_step_too_small() {
    // y' = 1/(1 − t): y = −ln(1 − t) is singular at t = 1.
    let f = |t: f64, _y: &SVector<f64, 1>| SVector::<f64, 1>::new(1.0 / (1.0 - t));
    let tol = Tolerances { rtol: 1e-9, atol: 1e-9 };
    let mut s = Dop853::new(f, 0.0, SVector::<f64, 1>::new(0.0), tol, None, 1.0);
    let err = loop {
        if let Err(e) = s.step() {
            break e;
        }
    };
    match err {
        IntegrateError::StepTooSmall { t_s } => assert!(t_s < 1.0 && t_s > 1.0 - 1e-6, "t = {t_s}"),
        e => panic!("expected StepTooSmall, got {e:?}"),
    }
    // The dense output after a failure is a zero-length segment at the state reached.
    let seg = s.dense().clone();
    assert_eq!((seg.t0, seg.t1), (s.t(), s.t()));
}

#[test]
fn max_steps_is_reported() {
    let f = |_t: f64, y: &V2| V2::new(y[1], -y[0]);
    let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
    let mut s = Dop853::new(f, 0.0, V2::new(1.0, 0.0), tol, None, 0.01).max_steps(5);
    for _ in 0..5 {
        s.step().unwrap();
    }
    let e = s.step().unwrap_err();
    assert_eq!(e, IntegrateError::MaxSteps { t_s: s.t() });
    assert!(e.to_string().contains("too many steps"));
}

#[test]
fn automatic_initial_step_is_sane() {
    // Hairer's hinit is cautious: for the ballistic problem at rtol 1e-12 it
    // proposes ~0.02 s (h^8·‖f'‖ ≈ 0.01 in the tolerance-weighted norm); the
    // controller then grows h by up to 6× a step.
    let tol = Tolerances { rtol: 1e-12, atol: 1e-9 };
    let s = Dop853::new(two_body, 0.0, burnout(7200.0, 1.4), tol, None, f64::INFINITY);
    let h = s.h_next();
    eprintln!("hinit = {h} s");
    assert!(h > 1e-3 && h < 100.0, "h = {h}");
    assert_eq!(s.stats().evaluations, 2);
    // h_max caps it.
    let s = Dop853::new(two_body, 0.0, burnout(7200.0, 1.4), tol, None, 1e-3);
    assert_eq!(s.h_next(), 1e-3);
}

#[test]
fn zero_components_with_zero_atol_are_fine() {
    // Planar motion in 3-D: z ≡ 0 and vz ≡ 0. With atol = 0 their error
    // weights are 0/0; they must count as exact, not as NaN.
    let tol = Tolerances { rtol: 1e-10, atol: 0.0 };
    let y0 = V6::new(6.371e6, 0.0, 0.0, 3000.0, 6000.0, 0.0);
    let mut s = Dop853::new(two_body, 0.0, y0, tol, None, f64::INFINITY).with_t_end(1000.0);
    while !s.is_done() {
        s.step().unwrap();
    }
    assert_eq!((s.y()[2], s.y()[5]), (0.0, 0.0));
    assert!(s.stats().steps < 100);
}

#[test]
fn a_harmonic_oscillator_steps_to_cos_t() {
    // y'' = −y, y(0) = 1, y'(0) = 0: y(t) = cos t.
    let f = |_t: f64, y: &SVector<f64, 2>| SVector::<f64, 2>::new(y[1], -y[0]);
    let tol = Tolerances { rtol: 1e-12, atol: 1e-12 };
    let mut s = Dop853::new(f, 0.0, SVector::<f64, 2>::new(1.0, 0.0), tol, None, f64::INFINITY).with_t_end(1.0);
    while !s.is_done() {
        s.step().unwrap();
    }
    assert!((s.y()[0] - 1f64.cos()).abs() < 1e-11);
}
