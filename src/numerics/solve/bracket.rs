//! The one bracket expansion of loftrange: from a first guess, an interval whose ends'
//! function values bracket a root, for Brent's root finder ([`super::try_brent_root_with_values`]).
//!
//! Two ways to grow it ([`Expansion`]):
//! * around a centre: [c − h, c + h] within the limits, h growing by the growth factor,
//!   both ends evaluated at each width (for a root near the centre on either side, or
//!   a function that has no value at some points: the apogee-matching speed around its
//!   last value, the launch azimuth toward a target around the bearing);
//! * a march of a monotone function in one direction: the moving end becomes the other
//!   end and a new one is placed a step beyond it, the step growing by the growth factor
//!   (or, with a secant push, to that multiple of the secant's estimate of the remaining
//!   distance when longer), until the sign changes or the limit is reached (the kick from
//!   the vertical, a burnout speed toward the antipode).
//!
//! It says why it failed ([`NoBracket`]) with the last interval tried, never returns an
//! interval that does not bracket.

/// Which sign change is a bracket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// f(lo) ≤ 0 ≤ f(hi): the function rises through its root.
    Rising,
    /// f(lo) ≥ 0 ≥ f(hi): the function falls through its root.
    Falling,
    /// f(lo)·f(hi) ≤ 0: either.
    Any,
}

impl Sign {
    fn brackets(self, f_lo: f64, f_hi: f64) -> bool {
        match self {
            Sign::Rising => f_lo <= 0.0 && f_hi >= 0.0,
            Sign::Falling => f_lo >= 0.0 && f_hi <= 0.0,
            Sign::Any => f_lo * f_hi <= 0.0,
        }
    }

    /// True while a march upward must go on: the root lies above `hi`.
    fn beyond_hi(self, f_lo: f64, f_hi: f64) -> bool {
        match self {
            Sign::Rising => f_hi < 0.0,
            Sign::Falling => f_hi > 0.0,
            Sign::Any => f_lo * f_hi > 0.0,
        }
    }

    /// True while a march downward must go on: the root lies below `lo`.
    fn below_lo(self, f_lo: f64, f_hi: f64) -> bool {
        match self {
            Sign::Rising => f_lo > 0.0,
            Sign::Falling => f_lo < 0.0,
            Sign::Any => f_lo * f_hi > 0.0,
        }
    }
}

/// Where the expansion starts and how it grows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expansion {
    /// [centre − half, centre + half] (each end within the limits), `half` multiplied by
    /// the growth factor until it exceeds `max_half`; both ends evaluated at each width,
    /// the lower first. An end without a value makes that width fail (wider then).
    Around {
        /// The centre (unit of x).
        centre: f64,
        /// The first half-width (unit of x).
        half: f64,
        /// The largest half-width tried (unit of x; `f64::INFINITY`: up to the limits).
        max_half: f64,
    },
    /// From `[lo, hi]` with its values known (lo = hi for one point), the end on the
    /// root's side moves `step` beyond itself, up (`upward`) or down, the other end taking
    /// its place; the step grows by the growth factor each time, or, with `secant`, to
    /// that multiple of the secant's estimate of the remaining distance from the last two
    /// points when it is longer. For a monotone function whose root lies that way.
    March {
        /// The lower end (unit of x).
        lo: f64,
        /// f(lo).
        f_lo: f64,
        /// The upper end (unit of x).
        hi: f64,
        /// f(hi).
        f_hi: f64,
        /// True to move upward, false downward.
        upward: bool,
        /// The first step (unit of x, > 0).
        step: f64,
        /// Push beyond the secant's estimate of the remaining distance (e.g. 1.5); None:
        /// the growth factor alone.
        secant: Option<f64>,
    },
}

/// The rules of an expansion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BracketSpec {
    /// Which sign change is a bracket.
    pub sign: Sign,
    /// Factor by which the half-width or the step grows (> 1; `f64::INFINITY` goes to the
    /// limits at the second try).
    pub growth: f64,
    /// Where x may go (unit of x; ±∞ for none).
    pub limits: (f64, f64),
}

/// A bracket: `sign` holds between f(lo) and f(hi).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bracket {
    /// The lower end (unit of x).
    pub lo: f64,
    /// The upper end (unit of x).
    pub hi: f64,
    /// f(lo).
    pub f_lo: f64,
    /// f(hi).
    pub f_hi: f64,
    /// Evaluations made by the expansion (not the ones given with a march's start).
    pub evaluations: u32,
}

/// Why no bracket was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoBracketReason {
    /// The interval reached the limits (around: both ends; march: the moving one).
    Limits,
    /// The half-width passed its largest (around).
    MaxWidth,
    /// The function had no value at a point of a march.
    Undefined,
}

/// No bracket: why, and the last interval tried with its values (None: no value there).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NoBracket {
    /// Why.
    pub why: NoBracketReason,
    /// The last lower end tried (unit of x).
    pub lo: f64,
    /// The last upper end tried (unit of x).
    pub hi: f64,
    /// f(lo), if it has a value.
    pub f_lo: Option<f64>,
    /// f(hi), if it has a value.
    pub f_hi: Option<f64>,
    /// Evaluations made by the expansion.
    pub evaluations: u32,
}

/// Expand a bracket of a root of `f` (None where f has no value) from `from` by the rules
/// of `spec`. The first error of `f` is returned at once; no bracket is an `Ok(Err(..))`.
pub fn expand_bracket<E>(
    mut f: impl FnMut(f64) -> Result<Option<f64>, E>,
    from: Expansion,
    spec: &BracketSpec,
) -> Result<Result<Bracket, NoBracket>, E> {
    let (min, max) = spec.limits;
    let mut evaluations = 0u32;
    match from {
        Expansion::Around { centre, half, max_half } => {
            let mut half = half;
            let (mut lo, mut hi, mut f_lo, mut f_hi) = (centre, centre, None, None);
            loop {
                if half > max_half {
                    let why = NoBracketReason::MaxWidth;
                    return Ok(Err(NoBracket { why, lo, hi, f_lo, f_hi, evaluations }));
                }
                (lo, hi) = ((centre - half).max(min), (centre + half).min(max));
                f_lo = f(lo)?;
                f_hi = f(hi)?;
                evaluations += 2;
                if let (Some(a), Some(b)) = (f_lo, f_hi) {
                    if spec.sign.brackets(a, b) {
                        return Ok(Ok(Bracket { lo, hi, f_lo: a, f_hi: b, evaluations }));
                    }
                }
                if lo <= min && hi >= max {
                    let why = NoBracketReason::Limits;
                    return Ok(Err(NoBracket { why, lo, hi, f_lo, f_hi, evaluations }));
                }
                half *= spec.growth;
            }
        }
        Expansion::March { mut lo, mut f_lo, mut hi, mut f_hi, upward, mut step, secant } => {
            let fail = |why, lo, hi, f_lo, f_hi, evaluations| {
                Ok(Err(NoBracket { why, lo, hi, f_lo: Some(f_lo), f_hi: Some(f_hi), evaluations }))
            };
            loop {
                let on = if upward { spec.sign.beyond_hi(f_lo, f_hi) } else { spec.sign.below_lo(f_lo, f_hi) };
                if !on {
                    break;
                }
                // The moving end, and where it goes.
                let (x0, f0) = if upward { (hi, f_hi) } else { (lo, f_lo) };
                if (upward && x0 >= max) || (!upward && x0 <= min) {
                    return fail(NoBracketReason::Limits, lo, hi, f_lo, f_hi, evaluations);
                }
                let x1 = if upward { (x0 + step).min(max) } else { (x0 - step).max(min) };
                evaluations += 1;
                let Some(f1) = f(x1)? else {
                    return fail(NoBracketReason::Undefined, lo, hi, f_lo, f_hi, evaluations);
                };
                if upward {
                    (lo, f_lo, hi, f_hi) = (x0, f0, x1, f1);
                } else {
                    (lo, f_lo, hi, f_hi) = (x1, f1, x0, f0);
                }
                let pushed = match secant {
                    Some(push) if (f1 - f0).abs() > 0.0 => (f1 * (x1 - x0) / (f1 - f0)).abs() * push,
                    _ => 0.0,
                };
                step = (spec.growth * step).max(pushed);
            }
            if spec.sign.brackets(f_lo, f_hi) {
                Ok(Ok(Bracket { lo, hi, f_lo, f_hi, evaluations }))
            } else {
                fail(NoBracketReason::Limits, lo, hi, f_lo, f_hi, evaluations)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(x: f64) -> Result<Option<f64>, ()> {
        Ok(Some(x))
    }

    #[test]
    fn around_widens_until_the_root_is_inside_and_stops_at_the_limits() {
        let spec = BracketSpec { sign: Sign::Rising, growth: 4.0, limits: (0.0, 10.0) };
        let b = expand_bracket(
            |x| ok(x - 3.0),
            Expansion::Around { centre: 1.0, half: 0.1, max_half: f64::INFINITY },
            &spec,
        )
        .unwrap()
        .unwrap();
        // Half-widths 0.1, 0.4, 1.6, 6.4: the last holds 3 (the lower end at the limit 0).
        let hi = 1.0 + 0.1 * 64.0;
        assert_eq!((b.lo, b.hi, b.evaluations), (0.0, hi, 8));
        assert_eq!((b.f_lo, b.f_hi), (-3.0, hi - 3.0));
        let none = expand_bracket(
            |x| ok(x + 1.0),
            Expansion::Around { centre: 1.0, half: 0.1, max_half: f64::INFINITY },
            &spec,
        )
        .unwrap()
        .unwrap_err();
        assert_eq!((none.why, none.lo, none.hi), (NoBracketReason::Limits, 0.0, 10.0));
    }

    #[test]
    fn around_skips_widths_without_values_and_stops_at_its_largest() {
        let spec = BracketSpec { sign: Sign::Any, growth: 2.0, limits: (f64::NEG_INFINITY, f64::INFINITY) };
        // No value within 1.5 of the centre; a falling root at 2.5.
        let f = |x: f64| if x.abs() < 1.5 { Ok::<_, ()>(None) } else { Ok(Some(2.5 - x.abs())) };
        let from = Expansion::Around { centre: 0.0, half: 1.0, max_half: 4.0 };
        let b = expand_bracket(f, from, &spec).unwrap().unwrap_err();
        // 1 and 2: no value, then no sign change; 4: no sign change either (symmetric).
        assert_eq!((b.why, b.evaluations), (NoBracketReason::MaxWidth, 6));
        let g = |x: f64| if x.abs() < 1.5 { Ok::<_, ()>(None) } else { Ok(Some(x - 2.5)) };
        let b = expand_bracket(g, from, &spec).unwrap().unwrap();
        assert_eq!((b.lo, b.hi), (-4.0, 4.0));
    }

    #[test]
    fn a_march_keeps_the_last_point_and_grows_its_step() {
        let spec = BracketSpec { sign: Sign::Rising, growth: 2.0, limits: (0.0, 100.0) };
        let f = |x: f64| x - 10.0;
        let from =
            Expansion::March { lo: 0.0, f_lo: f(0.0), hi: 1.0, f_hi: f(1.0), upward: true, step: 1.0, secant: None };
        let b = expand_bracket(|x| ok(f(x)), from, &spec).unwrap().unwrap();
        // 1, 2, 4, 8, 16: the points of a doubling from the first step.
        assert_eq!((b.lo, b.hi, b.evaluations), (8.0, 16.0, 4));
        // Down from 50 toward a root at 10, through the limit 20: no bracket.
        let spec = BracketSpec { limits: (20.0, 100.0), ..spec };
        let from =
            Expansion::March { lo: 50.0, f_lo: 40.0, hi: 50.0, f_hi: 40.0, upward: false, step: 5.0, secant: None };
        let none = expand_bracket(|x| ok(f(x)), from, &spec).unwrap().unwrap_err();
        assert_eq!((none.why, none.lo, none.hi), (NoBracketReason::Limits, 20.0, 35.0));
    }

    #[test]
    fn a_secant_push_reaches_a_far_root_in_few_steps() {
        let spec = BracketSpec { sign: Sign::Falling, growth: 2.0, limits: (0.0, 1e6) };
        let f = |x: f64| 5e4 - x;
        let from = Expansion::March {
            lo: 0.0,
            f_lo: f(0.0),
            hi: 0.0,
            f_hi: f(0.0),
            upward: true,
            step: 1.0,
            secant: Some(1.5),
        };
        let b = expand_bracket(|x| ok(f(x)), from, &spec).unwrap().unwrap();
        assert!(b.lo < 5e4 && b.hi > 5e4 && b.evaluations <= 3, "{b:?}");
    }

    #[test]
    fn an_error_is_returned_at_once() {
        let spec = BracketSpec { sign: Sign::Rising, growth: 2.0, limits: (0.0, 100.0) };
        let mut calls = 0;
        let from = Expansion::Around { centre: 1.0, half: 0.1, max_half: f64::INFINITY };
        let out = expand_bracket(
            |x| {
                calls += 1;
                if calls == 3 {
                    Err(calls)
                } else {
                    Ok(Some(x - 50.0))
                }
            },
            from,
            &spec,
        );
        assert_eq!(out, Err(3));
        assert_eq!(calls, 3);
    }
}
