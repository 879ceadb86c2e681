//! The one propagation loop of loftrange (DESIGN.md, "One flight"): a sequence of
//! phases integrated by [`Dop853`], with events located on the dense output.
//!
//! A flight is described in two parts, so that the integrator can borrow the first
//! while the loop hands events to the second:
//! * [`Dynamics`]: what does not change while flying: the right-hand side of each
//!   phase, the phases' end times, the event functions and which phases arm them;
//! * [`Control`]: what happens at an event (go on, disarm it, end the phase, stop),
//!   the jump at the end of a phase (a stage dropped, a kick), and an observer of
//!   every accepted step (for running maxima).
//!
//! The free flight of an impulsive model is one open phase with its events (apogee,
//! impact, the point farthest from the site); the powered flight is its burns and
//! coasts, then the same free flight. Both go through [`propagate`].

use nalgebra::SVector;

use super::events::crosses;
use super::{locate, Crossing, DenseSegment, Dop853, IntegrateError, Stats, Tolerances};

/// How a phase ends (besides an event that ends it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PhaseEnd {
    /// At this time, s: the integrator is made to stop exactly there, so that no step
    /// straddles the discontinuity.
    At(f64),
    /// Only by an event (or the time limit).
    Open,
}

/// What the loop does after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Nothing: keep flying with the event armed.
    Continue,
    /// Keep flying; the event is not looked for again.
    Disarm,
    /// End the current phase at the event (the next phase starts there).
    EndPhase,
    /// Stop the flight at the event.
    Stop,
}

/// The fixed part of a flight: right-hand sides, phases and event functions.
pub trait Dynamics<const N: usize> {
    /// Number of phases.
    fn phases(&self) -> usize;
    /// How phase `phase` ends.
    fn phase_end(&self, phase: usize) -> PhaseEnd;
    /// Time derivative of the state in phase `phase`.
    fn rhs(&self, phase: usize, t_s: f64, y: &SVector<f64, N>) -> SVector<f64, N>;
    /// First step of a phase (None: Hairer's automatic guess).
    fn first_step_s(&self, _phase: usize, _t_s: f64, _y: &SVector<f64, N>) -> Option<f64> {
        None
    }
    /// Where the right-hand side of `phase` next loses its smoothness (a corner of a
    /// table it interpolates, a layer boundary), predicted over the coming step of `h_s`
    /// from the state `y` and its derivative `dydt`: the time, s, or None when the step
    /// crosses no corner. The loop ends the step there
    /// ([`Dop853::end_next_step_at`]); [`corner_fraction`] does the prediction for a
    /// coordinate with fixed corners.
    fn next_corner_s(
        &self,
        _phase: usize,
        _t_s: f64,
        _y: &SVector<f64, N>,
        _dydt: &SVector<f64, N>,
        _h_s: f64,
    ) -> Option<f64> {
        None
    }
    /// Time after which the flight stops with [`End::TimeLimit`] (checked after each step).
    fn t_max_s(&self, _phase: usize) -> f64 {
        f64::INFINITY
    }
    /// The integrator's tolerances in `phase` (default: the flight's, `tol`).
    fn tolerances(&self, _phase: usize, tol: Tolerances) -> Tolerances {
        tol
    }
    /// Number of event functions.
    fn events(&self) -> usize;
    /// Event function `k`; its zero crossing in the direction [`Dynamics::crossing`] is the event.
    fn event(&self, k: usize, t_s: f64, y: &SVector<f64, N>) -> f64;
    /// Direction of crossing of event `k`.
    fn crossing(&self, k: usize) -> Crossing;
    /// Whether event `k` is looked for in phase `phase` (unless disarmed).
    fn armed(&self, k: usize, phase: usize) -> bool;
}

/// The part of a flight that reacts while flying.
pub trait Control<const N: usize> {
    /// Event `k` happened at `t_s` in state `y` during `phase`.
    fn on_event(&mut self, k: usize, phase: usize, t_s: f64, y: &SVector<f64, N>) -> Action;
    /// Phase `phase` ended at `t_s` by its end time (not by an event): jump the state
    /// (drop a stage, kick) before the next phase.
    fn at_phase_end(&mut self, _phase: usize, _t_s: f64, _y: &mut SVector<f64, N>) {}
    /// Every accepted step ends here (for running maxima).
    fn after_step(&mut self, _phase: usize, _t_s: f64, _y: &SVector<f64, N>) {}
    /// Asked as `phase` would start at `t_s` in state `y`: true skips it (the next phase
    /// starts there instead), for a phase that the flight has already left behind.
    fn skip_phase(&mut self, _phase: usize, _t_s: f64, _y: &SVector<f64, N>) -> bool {
        false
    }
}

/// Why the loop stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Event `event` asked to stop.
    Stopped {
        /// Index of the event.
        event: usize,
    },
    /// The last phase ended (at its end time or by an event that ended it).
    PhasesDone,
    /// The time limit of the phase was passed.
    TimeLimit,
}

/// One piece of the dense output kept for sampling.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece<const N: usize> {
    /// The step's interpolant.
    pub segment: DenseSegment<N>,
    /// Where this piece ends (an event may cut the step), s.
    pub t_stop_s: f64,
    /// The phase it belongs to.
    pub phase: usize,
}

/// What [`propagate`] returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Propagated<const N: usize> {
    /// Time at the end, s.
    pub t_s: f64,
    /// State at the end.
    pub y: SVector<f64, N>,
    /// Phase at the end.
    pub phase: usize,
    /// Why the loop stopped.
    pub end: End,
    /// Integrator statistics over all phases.
    pub stats: Stats,
    /// The dense output, when `keep` was asked for (in time order).
    pub pieces: Vec<Piece<N>>,
}

/// Most event functions a flight may have.
pub const MAX_EVENTS: usize = 8;

/// Event location tolerance, s.
const EVENT_TOL_S: f64 = 1e-9;

/// Fly `dynamics` from (`t0_s`, `y0`) through its phases. With `keep`, the dense output
/// is kept for sampling. An event seen at the end of a step is located on the step's
/// dense output by Brent; several events within a step are handled in time order.
pub fn propagate<const N: usize, D, C>(
    dynamics: &D,
    control: &mut C,
    t0_s: f64,
    y0: SVector<f64, N>,
    tol: Tolerances,
    keep: bool,
) -> Result<Propagated<N>, IntegrateError>
where
    D: Dynamics<N>,
    C: Control<N>,
{
    let n_events = dynamics.events();
    assert!(n_events <= MAX_EVENTS, "at most {MAX_EVENTS} event functions");
    let mut disarmed = [false; MAX_EVENTS];
    let mut g_prev = [0.0; MAX_EVENTS];
    let mut stats = Stats::default();
    let mut pieces: Vec<Piece<N>> = Vec::new();
    let (mut t, mut y) = (t0_s, y0);
    let add = |s: &mut Stats, o: Stats| {
        s.steps += o.steps;
        s.rejected += o.rejected;
        s.evaluations += o.evaluations;
    };
    let phases = dynamics.phases();
    for phase in 0..phases {
        let end = dynamics.phase_end(phase);
        if control.skip_phase(phase, t, &y) {
            continue;
        }
        if let PhaseEnd::At(t_end) = end {
            if t_end <= t {
                control.at_phase_end(phase, t, &mut y);
                continue;
            }
        }
        let mut armed = [false; MAX_EVENTS];
        for k in 0..n_events {
            armed[k] = !disarmed[k] && dynamics.armed(k, phase);
        }
        for k in 0..n_events {
            if armed[k] {
                g_prev[k] = dynamics.event(k, t, &y);
            }
        }
        let h_init = dynamics.first_step_s(phase, t, &y);
        let t_max = dynamics.t_max_s(phase);
        let phase_tol = dynamics.tolerances(phase, tol);
        let mut stepper =
            Dop853::new(|ts, ys: &SVector<f64, N>| dynamics.rhs(phase, ts, ys), t, y, phase_tol, h_init, f64::INFINITY);
        if let PhaseEnd::At(t_end) = end {
            stepper = stepper.with_t_end(t_end);
        }
        let outcome: Option<(f64, SVector<f64, N>, Option<End>)> = loop {
            if stepper.is_done() {
                break None;
            }
            if let Some(t_corner) =
                dynamics.next_corner_s(phase, stepper.t(), stepper.y(), stepper.dydt(), stepper.h_next())
            {
                stepper.end_next_step_at(t_corner);
            }
            let (_, t1) = match stepper.step() {
                Ok(s) => s,
                Err(e) => {
                    return Err(e);
                }
            };
            let y1 = *stepper.y();
            control.after_step(phase, t1, &y1);
            // Which events changed sign over this step.
            let mut seen = [false; MAX_EVENTS];
            let mut any = false;
            for k in 0..n_events {
                if !armed[k] {
                    continue;
                }
                let g = dynamics.event(k, t1, &y1);
                if crosses(g_prev[k], g, dynamics.crossing(k)) {
                    seen[k] = true;
                    any = true;
                }
                g_prev[k] = g;
            }
            if !any {
                if keep {
                    let seg = stepper.dense().clone();
                    let t_stop_s = seg.t1;
                    pieces.push(Piece { segment: seg, t_stop_s, phase });
                }
                if t1 > t_max {
                    break Some((t1, y1, Some(End::TimeLimit)));
                }
                continue;
            }
            let seg = stepper.dense();
            // The events seen in this step, located and in time order (no allocation).
            let mut located: [Option<(f64, SVector<f64, N>, usize)>; MAX_EVENTS] = [None; MAX_EVENTS];
            let mut n_located = 0;
            for k in (0..n_events).filter(|&k| seen[k]) {
                if let Some((te, ye)) =
                    locate(seg, |ts, ys| dynamics.event(k, ts, ys), dynamics.crossing(k), EVENT_TOL_S)
                {
                    located[n_located] = Some((te, ye, k));
                    n_located += 1;
                }
            }
            located[..n_located].sort_by(|a, b| {
                let (ta, tb) = (a.map_or(f64::INFINITY, |x| x.0), b.map_or(f64::INFINITY, |x| x.0));
                ta.total_cmp(&tb)
            });
            let mut cut: Option<(f64, SVector<f64, N>, Option<End>)> = None;
            for (te, ye, k) in located[..n_located].iter().flatten().copied() {
                match control.on_event(k, phase, te, &ye) {
                    Action::Continue => {}
                    Action::Disarm => {
                        armed[k] = false;
                        disarmed[k] = true;
                    }
                    Action::EndPhase => {
                        disarmed[k] = true;
                        cut = Some((te, ye, None));
                        break;
                    }
                    Action::Stop => {
                        cut = Some((te, ye, Some(End::Stopped { event: k })));
                        break;
                    }
                }
            }
            if keep {
                let t_stop_s = cut.as_ref().map_or(seg.t1, |c| c.0);
                pieces.push(Piece { segment: seg.clone(), t_stop_s, phase });
            }
            if cut.is_some() {
                break cut;
            }
            if t1 > t_max {
                break Some((t1, y1, Some(End::TimeLimit)));
            }
        };
        add(&mut stats, stepper.stats());
        match outcome {
            // The phase ran to its end time: jump, then the next phase.
            None => {
                t = stepper.t();
                y = *stepper.y();
                control.at_phase_end(phase, t, &mut y);
            }
            // An event ended the phase.
            Some((te, ye, None)) => {
                t = te;
                y = ye;
            }
            Some((te, ye, Some(end))) => {
                return Ok(Propagated { t_s: te, y: ye, phase, end, stats, pieces });
            }
        }
    }
    Ok(Propagated { t_s: t, y, phase: phases.saturating_sub(1), end: End::PhasesDone, stats, pieces })
}

/// Fractions of a step below this are not cut off at a corner: the step has just
/// stopped at it, and the coordinate's prediction only puts it a hair before it (a
/// step across a corner that near its start has an error below the tolerances).
pub const CORNER_MIN_FRACTION: f64 = 1e-3;

/// Where within a step a coordinate that goes linearly from `c0` to `c1` first meets
/// one of `corners` (in increasing order): the fraction of the step, in
/// [[`CORNER_MIN_FRACTION`], 1], or None.
pub fn corner_fraction(c0: f64, c1: f64, corners: &[f64]) -> Option<f64> {
    let d = c1 - c0;
    if !(d.is_finite() && d != 0.0) {
        return None;
    }
    let ok = |b: &f64| {
        let f = (b - c0) / d;
        (CORNER_MIN_FRACTION..=1.0).contains(&f).then_some(f)
    };
    if d > 0.0 {
        corners.iter().find_map(ok)
    } else {
        corners.iter().rev().find_map(ok)
    }
}

/// Sample `n` points (at least 2) uniformly in time over [t0, t_end] from kept pieces:
/// `(t, state, phase)` for each.
pub fn sample_pieces<const N: usize>(
    pieces: &[Piece<N>],
    t0_s: f64,
    t_end_s: f64,
    n: usize,
) -> Vec<(f64, SVector<f64, N>, usize)> {
    let n = n.max(2);
    let mut k = 0;
    if pieces.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let t = if i + 1 == n { t_end_s } else { t0_s + (t_end_s - t0_s) * i as f64 / (n - 1) as f64 };
            while k + 1 < pieces.len() && pieces[k].t_stop_s < t {
                k += 1;
            }
            let p = &pieces[k];
            (t, p.segment.eval(t.clamp(p.segment.t0, p.t_stop_s)), p.phase)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corner_fraction_finds_the_first_corner_in_the_direction_of_travel() {
        let corners = [1.0, 2.0, 3.0];
        assert_eq!(corner_fraction(0.5, 2.5, &corners), Some(0.25));
        assert_eq!(corner_fraction(2.5, 0.5, &corners), Some(0.25));
        assert_eq!(corner_fraction(1.5, 1.9, &corners), None);
        assert_eq!(corner_fraction(1.5, 1.5, &corners), None);
        assert_eq!(corner_fraction(f64::NAN, 1.5, &corners), None);
        // Just stopped on a corner: it is not found again; the next one is.
        let f = corner_fraction(1.0 - 1e-9, 2.5 - 1e-9, &corners).unwrap();
        assert!((f - 1.0 / 1.5).abs() < 1e-8, "{f}");
        assert_eq!(corner_fraction(0.0, 1.0, &corners), Some(1.0));
    }
}
