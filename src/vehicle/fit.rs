//! Solvers of the boost model: fit the lofted test, and the standard trajectory.
//!
//! Both unknowns of a fit (the generic vehicle's ideal Δv, or a real vehicle's payload;
//! and the kick angle) are found by Newton's method (the one 2x2 Newton,
//! [`crate::numerics::solve::newton2`]) on the two residuals of one full
//! flight (apogee − H and signed range − D, m), with a forward-difference Jacobian at the
//! start and Broyden updates after each step (one flight per iteration), a backtracking
//! line search, and a fresh finite-difference Jacobian when a step fails. Near the
//! vertical the range is nearly proportional to the kick and the apogee nearly a function
//! of the Δv alone, so a few iterations suffice from the start of [`Family::guess`] (for
//! the generic vehicle a closed-form vertical flight, [`crate::vehicle::GenericVehicle::delta_v_guess`]),
//! or from a caller's [`FitStart`] (a Monte Carlo starts every sample from the nominal
//! fit, a deterministic function of the inputs: the answers do not depend on the order
//! of the samples). Should Newton fail, the nested bracketing of
//! [`crate::numerics::solve::nested_root`] takes over:
//! * inner: for a kick angle, the Δv (or payload) whose flight reaches the reported
//!   apogee H. Apogee grows with Δv and falls with payload; the residual is
//!   R/(R+H) − R/(R+apogee), bounded when the flight escapes;
//! * outer: the kick angle whose inner solution lands at the reported range D.
//!
//! The standard trajectory keeps the fitted vehicle and payload and maximises the
//! range over the kick angle. With a burnout-altitude floor, the kick of the floor is
//! found first (secant steps to a bracket, then Brent); when the range still grows
//! there, that kick is the answer. Otherwise a scan on a fixed grid, then Brent's
//! minimiser between the neighbours of the best grid point. Every solver reports why it
//! stopped.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use super::file::{Pitch, Plan, RampHold};
use super::powered::{fly_boost, PoweredOptions, PoweredOutcome};
use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::Flight;
use crate::flight::Launch;
use crate::numerics::solve::{
    expand_bracket, maximize, nested_root, newton2, try_brent_root_to, try_nelder_mead, Bracket, BracketSpec,
    Expansion, JacobianUpdate, NestedSpec, Newton2, Newton2Options, Newton2Problem, Search, Sign, Simplex,
    SolverReport, TwoUnknowns, Unit,
};

/// A one-parameter family of flight plans: the inner unknown of a fit.
pub struct Family<'a> {
    /// The plan for a value of the unknown.
    pub plan: Box<dyn Fn(f64) -> Plan + Sync + 'a>,
    /// Lower end of the accepted values.
    pub lo: f64,
    /// Upper end of the accepted values.
    pub hi: f64,
    /// Tolerance on the unknown (its unit).
    pub x_tol: f64,
    /// A value to start the bracket search from.
    pub guess: f64,
    /// True when the apogee grows with the unknown (Δv), false when it falls (payload).
    pub increasing: bool,
    /// The unknown's name, for messages (`"ideal delta-v"`, `"payload"`).
    pub name: &'static str,
}

/// How a fit went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// Outer solve (kick angle; residual in m of range).
    pub kick: SolverReport,
    /// Last inner solve (the unknown; residual dimensionless, see the module docs).
    pub inner: SolverReport,
    /// Apogee of the fitted flight minus the reported one, m.
    pub apogee_residual_m: f64,
    /// Range of the fitted flight minus the reported one, m.
    pub range_residual_m: f64,
    /// Flights simulated.
    pub flights: u32,
    /// True when Newton failed and the nested bracketing found the fit.
    #[serde(default)]
    pub bracketing: bool,
}

/// The fitted unknowns and the fitted (lofted) flight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    /// The inner unknown (ideal Δv in m/s, or payload in kg).
    pub value: f64,
    /// Kick angle from the vertical, rad.
    pub kick_rad: f64,
    /// The lofted flight at the solution.
    pub flight: Flight,
    /// How the solvers went.
    pub report: FitReport,
    /// Jacobian of (apogee, signed range) in m with respect to (the unknown, the kick in
    /// rad) at the solution, when Newton found it: a warm start for nearby fits.
    pub jacobian: Option<[[f64; 2]; 2]>,
}

/// Where the Newton fit starts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitStart {
    /// The inner unknown (ideal Δv in m/s, or payload in kg).
    pub value: f64,
    /// Kick angle from the vertical, rad.
    pub kick_rad: f64,
    /// Jacobian of (apogee, signed range), m, with respect to (value, kick) there, if known.
    pub jacobian: Option<[[f64; 2]; 2]>,
}

/// Convergence tolerance of the Newton fit on the apogee and range residuals, m. The
/// residuals of neighbouring flights scatter by a few cm (the integrator's adaptive
/// steps change with the unknowns), so a tighter tolerance would chase noise. An apogee
/// 0.5 m off is a Δv 0.25 mm/s off (dH/dv ≈ 2 km per m/s on the seed case): below the
/// 1 mm/s tolerance of the bracketing fallback.
pub const FIT_TOL_M: f64 = 0.5;

/// Most Newton iterations before the bracketing fallback takes over.
const NEWTON_MAX_ITER: u32 = 30;

/// Largest apogee or range residual (m) a fit may leave.
const RANGE_TOL_M: f64 = 100.0;

/// Inner residual of an outcome (see the module docs).
fn apogee_residual(earth: &Earth, apogee_m: f64, outcome: &PoweredOutcome) -> f64 {
    let r = earth.radius_m;
    match outcome {
        PoweredOutcome::Landed(f) => r / (r + apogee_m) - r / (r + f.apogee_m),
        PoweredOutcome::Global(_) => r / (r + apogee_m),
        PoweredOutcome::Crashed { .. } | PoweredOutcome::BurnedOut(_) => r / (r + apogee_m) - 1.0,
    }
}

/// The flights of a fit, for the nested solver: inner unknown the family's value,
/// outer unknown the kick angle.
struct Fitter<'a> {
    earth: &'a Earth,
    launch: &'a Launch,
    family: &'a Family<'a>,
    opts: PoweredOptions,
    apogee_m: f64,
    range_m: f64,
    flights: u32,
}

impl Fitter<'_> {
    fn fly(&mut self, x: f64, kick_rad: f64, to_apogee: bool) -> Result<PoweredOutcome> {
        self.flights += 1;
        let opts = PoweredOptions { stop_at_apogee: to_apogee, stop_at_burnout: false, samples: 0, ..self.opts };
        fly_boost(self.earth, self.launch, &(self.family.plan)(x), kick_rad, &opts)
    }
}

impl Fitter<'_> {
    /// Apogee and signed-range residuals (m) of a full flight, and the flight; None when
    /// it does not land.
    fn residuals(&mut self, x: f64, kick_rad: f64) -> Result<Option<([f64; 2], Flight)>> {
        Ok(match self.fly(x, kick_rad, false)? {
            PoweredOutcome::Landed(f) => {
                Some(([f.apogee_m - self.apogee_m, f.powered().signed_range_m - self.range_m], f))
            }
            _ => None,
        })
    }

    /// Newton's method ([`newton2`]) with Broyden updates and backtracking from `start`,
    /// the kick within `k_max`; None when it fails (the caller then brackets).
    fn newton(&mut self, start: FitStart, k_max: f64) -> Result<Option<Newton2<Flight>>> {
        let (lo, hi) = (self.family.lo, self.family.hi);
        let x0 = [start.value.clamp(lo, hi), start.kick_rad.clamp(0.0, k_max)];
        let opts = Newton2Options {
            tol: [FIT_TOL_M; 2],
            unit: Unit::Metre,
            max_iter: NEWTON_MAX_ITER,
            // Only from changes well above the scatter of the residuals (FIT_TOL_M).
            jacobian: JacobianUpdate::Broyden { min_change: 40.0 * FIT_TOL_M },
            backtrack: 0.5,
            min_fraction: 1.0 / 64.0,
            min_fraction_stale: 1.0 / 64.0,
            max_step: [f64::INFINITY; 2],
        };
        let n = newton2(&mut FitEquations { fitter: self, k_max }, x0, start.jacobian, &opts)?;
        Ok(n.report.converged().then_some(n))
    }
}

/// A fit's two equations for the one Newton solver ([`newton2`]): unknowns the family's
/// value and the kick (rad), residuals the apogee and signed-range errors (m), kept the
/// flight.
struct FitEquations<'f, 'a> {
    fitter: &'f mut Fitter<'a>,
    /// Largest kick, rad.
    k_max: f64,
}

impl Newton2Problem for FitEquations<'_, '_> {
    type Kept = Flight;
    type Error = Error;

    fn residuals(&mut self, x: [f64; 2]) -> Result<Option<([f64; 2], Flight)>> {
        self.fitter.residuals(x[0], x[1])
    }

    /// A millionth of the family's width into its interval, and 1e-5 of the kick (at
    /// least 1e-8 rad).
    fn difference_steps(&self, x: [f64; 2]) -> [f64; 2] {
        let family = self.fitter.family;
        let span = family.hi - family.lo;
        let hx = if x[0] + 1e-6 * span > family.hi { -1e-6 * span } else { 1e-6 * span };
        [hx, (1e-5 * x[1]).max(1e-8)]
    }

    /// The value within the family's interval; the kick stays on the near side of the
    /// vertical (a step through it is cut to a quarter of the kick) and below `k_max`.
    fn bound(&self, x: [f64; 2], trial: [f64; 2]) -> [f64; 2] {
        let family = self.fitter.family;
        let kick = if trial[1] <= 0.0 { 0.25 * x[1] } else { trial[1].min(self.k_max) };
        [trial[0].clamp(family.lo, family.hi), kick]
    }
}

impl TwoUnknowns for Fitter<'_> {
    type Error = Error;

    /// Dimensionless, see the module docs.
    fn apogee_residual(&mut self, x: f64, kick_rad: f64) -> Result<f64> {
        let o = self.fly(x, kick_rad, true)?;
        Ok(apogee_residual(self.earth, self.apogee_m, &o))
    }

    /// Signed range minus the reported range, m; a flight that does not come down
    /// counts as "too flat": the reported range itself (positive).
    fn range_residual(&mut self, x: f64, kick_rad: f64) -> Result<f64> {
        Ok(match self.fly(x, kick_rad, false)? {
            PoweredOutcome::Landed(f) => f.powered().signed_range_m - self.range_m,
            _ => self.range_m,
        })
    }

    fn unreachable_residual_m(&self) -> f64 {
        self.range_m
    }
}

/// The point of the fixed-apogee curve at kick `kick_rad`: the family's value whose
/// flight reaches `apogee_m` (Brent, bracketed around `guess`, then over the whole
/// family), and that flight; None when no value reaches the apogee and lands.
pub fn on_curve(
    earth: &Earth,
    launch: &Launch,
    family: &Family<'_>,
    apogee_m: f64,
    kick_rad: f64,
    guess: f64,
    opts: &PoweredOptions,
) -> Result<Option<(f64, Flight)>> {
    let mut ft = Fitter { earth, launch, family, opts: *opts, apogee_m, range_m: 0.0, flights: 0 };
    let sense = if family.increasing { 1.0 } else { -1.0 };
    let mut g = |x: f64| -> Result<f64> { Ok(sense * TwoUnknowns::apogee_residual(&mut ft, x, kick_rad)?) };
    // A bracket of a thousandth of the family's width around the guess (the value varies
    // little along the curve near the vertical), widened fourfold until it holds the root.
    let from = Expansion::Around { centre: guess, half: 1e-3 * (family.hi - family.lo), max_half: f64::INFINITY };
    let rules = BracketSpec { sign: Sign::Rising, growth: 4.0, limits: (family.lo, family.hi) };
    let Ok(Bracket { lo, hi, f_lo: g_lo, f_hi: g_hi, .. }) = expand_bracket(|x| g(x).map(Some), from, &rules)? else {
        return Ok(None);
    };
    let (x, report) =
        crate::numerics::solve::try_brent_root_with_values(&mut g, lo, hi, g_lo, g_hi, family.x_tol, 100)?;
    if !report.converged() {
        return Ok(None);
    }
    let full = PoweredOptions { stop_at_apogee: false, stop_at_burnout: false, samples: 0, ..*opts };
    Ok(match fly_boost(earth, launch, &(family.plan)(x), kick_rad, &full)? {
        PoweredOutcome::Landed(f) => Some((x, f)),
        _ => None,
    })
}

/// Fit the family and the kick angle to a lofted test of apogee `apogee_m` and range
/// `range_m`: Newton from the family's guess, the nested bracketing should it fail.
pub fn fit_lofted(
    earth: &Earth,
    launch: &Launch,
    family: &Family<'_>,
    apogee_m: f64,
    range_m: f64,
    opts: &PoweredOptions,
) -> Result<Fit> {
    fit_lofted_from(earth, launch, family, apogee_m, range_m, opts, None)
}

/// The first kick of a cold fit, rad. Near the vertical the range is nearly
/// proportional to the kick (a gravity turn amplifies it about fifty-fold: the seed
/// case's 0.108° gives a burnout 5.2° from the vertical and 950 km), so Newton's first
/// step corrects this guess almost exactly; the ratio is the seed case's kick over D/H.
fn kick_guess_rad(apogee_m: f64, range_m: f64) -> f64 {
    (0.0089 * range_m / apogee_m).clamp(1e-4, 0.3)
}

/// [`fit_lofted`] from `start` (None: the family's guess and `kick_guess_rad`). The
/// answer does not depend on the start beyond the tolerance [`FIT_TOL_M`].
pub fn fit_lofted_from(
    earth: &Earth,
    launch: &Launch,
    family: &Family<'_>,
    apogee_m: f64,
    range_m: f64,
    opts: &PoweredOptions,
    start: Option<&FitStart>,
) -> Result<Fit> {
    let mut ft = Fitter { earth, launch, family, opts: *opts, apogee_m, range_m, flights: 0 };
    let u_max_rad = 64f64.to_radians();
    let start = start.copied().unwrap_or(FitStart {
        value: family.guess,
        kick_rad: kick_guess_rad(apogee_m, range_m),
        jacobian: None,
    });
    let (x, kick_rad, kick_report, inner_report, newton_flight, jacobian) = match ft.newton(start, u_max_rad)? {
        Some(n) => {
            let report = |residual: f64| SolverReport { residual, unit: Unit::Metre, evaluations: 0, ..n.report };
            let (k_rep, i_rep) = (report(n.residuals[1].abs()), report(n.residuals[0].abs()));
            (n.x[0], n.x[1], SolverReport { evaluations: ft.flights, ..k_rep }, i_rep, n.kept, n.jacobian)
        }
        None => {
            // The kick from the vertical: ranges grow with it at a fixed apogee.
            let spec = NestedSpec {
                x_lo: family.lo,
                x_hi: family.hi,
                x_tol: family.x_tol,
                x_guess: family.guess,
                increasing: family.increasing,
                u_first_rad: 0.25f64.to_radians(),
                u_max_rad,
                u_tol_rad: 1e-8,
            };
            let nested = nested_root(&mut ft, spec)?;
            let kick_report = SolverReport { evaluations: ft.flights, ..nested.outer };
            if !kick_report.converged() {
                return Err(Error::NoSolution {
                    what: "kick angle reproducing the reported range".into(),
                    report: kick_report,
                });
            }
            let x = nested.x.ok_or_else(|| Error::NoSolution {
                what: format!("{} reaching the reported apogee", family.name),
                report: nested.inner,
            })?;
            (x, nested.u_rad, kick_report, nested.inner, None, None)
        }
    };
    let bracketing = newton_flight.is_none();
    let full = PoweredOptions { stop_at_apogee: false, stop_at_burnout: false, ..*opts };
    let flight = match newton_flight {
        // The solver's last flight is the fit's, unless it is to be sampled.
        Some(f) if opts.samples == 0 => f,
        _ => {
            ft.flights += 1;
            match fly_boost(earth, launch, &(family.plan)(x), kick_rad, &full)? {
                PoweredOutcome::Landed(f) => f,
                _ => {
                    return Err(Error::NoSolution { what: "a lofted flight that lands".into(), report: kick_report });
                }
            }
        }
    };
    // The signed range can jump where the impact swings from behind the site to ahead of
    // it; a root found at such a jump is not a solution. (`range_m` is signed: negative
    // for the root behind the site.)
    let signed_m = flight.powered().signed_range_m;
    if range_m > 0.0 && (flight.apogee_m - apogee_m).abs() <= RANGE_TOL_M && signed_m - range_m > RANGE_TOL_M {
        return Err(Error::Impossible(format!(
            "no kick angle lands a {:.0} km-high flight {:.0} km away toward azimuth {:.1} deg: where the impact swings from behind the launch site to ahead of it, it passes {:.0} km from the site (the Earth turns under a high flight); check the apogee, the range and the test azimuth",
            apogee_m / 1e3,
            range_m / 1e3,
            launch.azimuth_rad.to_degrees(),
            flight.range_m / 1e3
        )));
    }
    if (signed_m - range_m).abs() > RANGE_TOL_M || (flight.apogee_m - apogee_m).abs() > RANGE_TOL_M {
        let report = SolverReport {
            residual: (signed_m - range_m).abs().max((flight.apogee_m - apogee_m).abs()),
            unit: Unit::Metre,
            ..kick_report
        };
        return Err(Error::NoSolution { what: "kick angle reproducing the reported range and apogee".into(), report });
    }
    let report = FitReport {
        kick: kick_report,
        inner: inner_report,
        apogee_residual_m: flight.apogee_m - apogee_m,
        range_residual_m: signed_m - range_m,
        flights: ft.flights,
        bracketing,
    };
    Ok(Fit { value: x, kick_rad, flight, report, jacobian })
}

pub use crate::standard::{Standard, StandardFlight};

/// Kick angles of the scan, degrees from the vertical.
const KICK_GRID_DEG: [f64; 14] = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.5, 7.5, 10.0, 14.0, 20.0, 30.0, 45.0];

/// The standard trajectory of `plan`: the kick angle that maximises the range.
///
/// With `min_burnout_altitude_m`, only kicks that burn out at least that high are
/// allowed. The burnout altitude falls as the kick grows, so the allowed kicks are
/// [0, k_floor]; k_floor is found by Brent's method on burnout-only flights, and when
/// the range still grows at k_floor the constrained maximum is k_floor itself.
pub fn standard_boost(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    opts: &PoweredOptions,
    min_burnout_altitude_m: Option<f64>,
) -> Result<Standard> {
    standard_boost_from(earth, launch, plan, opts, min_burnout_altitude_m, None)
}

/// Tolerance on the burnout altitude at the floor, m. Neighbouring burnout-only flights
/// scatter by about 2 cm; 1 mm of altitude is 2e-10 rad of kick and about 0.05 m of
/// standard range on the seed case (the same flights toward different azimuths of a
/// non-rotating Earth then agree to 1 m).
const FLOOR_TOL_M: f64 = 0.001;

/// The same tolerance for a search started from a hint (a Monte Carlo sample), m. Near
/// the floor the burnout altitudes of kicks 1e-8 rad apart scatter by up to 15 cm, so
/// Brent, asked for 1 mm, spends its last evaluations in that scatter: 5 cm is within
/// it (1e-8 rad of kick, about 2.5 m of standard range on the seed case, against
/// intervals thousands of km wide). Cold searches keep [`FLOOR_TOL_M`], so that the same
/// vehicle flown toward different azimuths of a non-rotating Earth agrees to 1 m.
const FLOOR_TOL_HINTED_M: f64 = 0.05;

/// Largest kick of the standard trajectory, rad.
const KICK_MAX_RAD: f64 = 45.0 * std::f64::consts::PI / 180.0;

/// The hold angles (from the vertical) of a ramp-and-hold program scanned for the
/// standard trajectory, deg: the thrust is held at this angle to burnout, so the
/// range-maximising one is near the burnout flight-path angle's complement (40° to 50°
/// for ranges of 300 to 3,000 km), far beyond the gravity turn's kicks.
const HOLD_GRID_DEG: [f64; 17] =
    [1.0, 3.0, 6.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0, 55.0, 60.0, 65.0, 72.0, 80.0];

/// Largest hold angle from the vertical of a ramp-and-hold program, rad (elevation 5°).
const HOLD_MAX_RAD: f64 = 85.0 * std::f64::consts::PI / 180.0;

/// Shortest ramp of a ramp-and-hold program the optimiser tries, s: Thrusty's
/// `maximize_range` scans turn stops from its turn start + 5 s
/// (armscontrolwonk/GUI-Flyout-Implementation trajectory.py @0016b90b, `ts_min`). Without
/// it the optimum of a vehicle with a high lift-off thrust-to-weight (the No-dong's 2.6)
/// is a ramp of a fraction of a second at lift-off, which no missile flies.
const MIN_RAMP_S: f64 = 5.0;

/// The largest angle a standard trajectory's search may give `plan`'s pitch program, rad.
fn angle_max_rad(plan: &Plan) -> f64 {
    if plan.pitch.is_gravity_turn() {
        KICK_MAX_RAD
    } else {
        HOLD_MAX_RAD
    }
}

/// `plan` with the start and stop of its ramp-and-hold program optimised for range where
/// the program leaves them open (the plan itself otherwise), and the optimiser's report
/// (None when nothing was optimised). The range of a (start, stop) is the standard
/// trajectory's with them ([`standard_boost_from`]: the hold angle maximised, or held
/// when given, under the burnout floor); the Nelder–Mead simplex
/// ([`crate::numerics::solve::try_nelder_mead`]) looks over start in [0, burnout − 5 s] and
/// stop in [start + 5 s, burnout] (`MIN_RAMP_S`) from start 5 s (the default of Thrusty's
/// `maximize_range`, armscontrolwonk/GUI-Flyout-Implementation trajectory.py @0016b90b)
/// and a stop 40 % of the way from it to burnout, to 0.05 s and 1 m of range. A
/// (start, stop) whose standard trajectory cannot be flown counts as range 0; global reach
/// as half the circumference.
pub fn resolve_pitch(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    opts: &PoweredOptions,
    min_burnout_altitude_m: Option<f64>,
) -> Result<(Plan, Option<SolverReport>)> {
    let Pitch::RampHold(ramp) = plan.pitch else { return Ok((plan.clone(), None)) };
    if !plan.pitch.needs_times() {
        return Ok((plan.clone(), None));
    }
    let t_b = plan.burnout_time_s();
    let quiet = PoweredOptions { samples: 0, stop_at_apogee: false, stop_at_burnout: false, ..*opts };
    let start0 = ramp.start_s.unwrap_or(5f64.min(0.25 * t_b));
    let stop0 = ramp.stop_s.unwrap_or(start0 + 0.4 * (t_b - start0));
    // The free variables, in the order (start, stop), with their start, step and box.
    let mut x0 = Vec::new();
    let (mut step, mut lo, mut hi) = (Vec::new(), Vec::new(), Vec::new());
    if ramp.start_s.is_none() {
        x0.push(start0);
        step.push(0.1 * t_b);
        lo.push(0.0);
        hi.push((ramp.stop_s.unwrap_or(t_b) - MIN_RAMP_S).max(0.0));
    }
    if ramp.stop_s.is_none() {
        x0.push(stop0);
        step.push(0.2 * t_b);
        lo.push((ramp.start_s.unwrap_or(0.0) + MIN_RAMP_S).min(t_b));
        hi.push(t_b);
    }
    let with = |x: &[f64]| -> Plan {
        let mut k = 0;
        let mut next = |given: Option<f64>| {
            given.unwrap_or_else(|| {
                k += 1;
                x[k - 1]
            })
        };
        let start_s = next(ramp.start_s);
        let stop_s = next(ramp.stop_s);
        Plan {
            pitch: Pitch::RampHold(RampHold { start_s: Some(start_s), stop_s: Some(stop_s), ..ramp }),
            ..plan.clone()
        }
    };
    let neg_range = |x: &[f64]| -> Result<f64> {
        let p = with(x);
        let (a, b) = p.pitch.ramp_times_s().unwrap_or((0.0, 0.0));
        if b - a < MIN_RAMP_S {
            return Ok(0.0);
        }
        Ok(match standard_boost_from(earth, launch, &p, &quiet, min_burnout_altitude_m, None) {
            Ok(Standard::Bounded(f)) => -f.landed.range_m,
            Ok(Standard::GlobalReach) => -std::f64::consts::PI * earth.radius_m,
            Err(_) => 0.0,
        })
    };
    let spec = Simplex { start: &x0, step: &step, lo: &lo, hi: &hi, x_tol: 0.05, f_tol: 1.0, max_iter: 200 };
    let (x, best, report) = try_nelder_mead(neg_range, &spec)?;
    let report = report.in_unit(Unit::Second);
    if !report.converged() || best >= 0.0 {
        return Err(Error::NoSolution { what: "start and stop of the ramp-and-hold pitch program".into(), report });
    }
    Ok((with(&x), Some(report)))
}

/// The kick at which the burnout altitude falls to the floor: None when the vehicle
/// cannot reach the floor even flying straight up (no floor then: module docs of
/// [`crate::vehicle::defaults::MIN_BURNOUT_ALTITUDE_M`]) or burns out above it at every
/// kick up to [`KICK_MAX_RAD`] (the floor constrains nothing).
///
/// `excess(k)` (burnout altitude minus the floor, m) falls as the kick grows. From the
/// hint (default: the vertical flight and a 1° kick), secant steps, each pushed 20 %
/// beyond the secant's root, find a bracket; Brent then closes it to 1e-9 rad or to
/// [`FLOOR_TOL_M`] of altitude ([`FLOOR_TOL_HINTED_M`] from a hint).
fn floor_kick(
    excess: &dyn Fn(f64) -> Result<f64>,
    hint_rad: Option<f64>,
    kick_max_rad: f64,
) -> Result<Option<(f64, SolverReport)>> {
    let (mut p, mut q) = match hint_rad {
        Some(h) => {
            let h = h.clamp(1e-4, kick_max_rad);
            let eh = excess(h)?;
            // The second point 2 % toward the floor.
            let k2 = if eh >= 0.0 { (1.02 * h).min(kick_max_rad) } else { 0.98 * h };
            ((h, eh), (k2, excess(k2)?))
        }
        None => {
            let k1 = 1f64.to_radians();
            ((0.0, excess(0.0)?), (k1, excess(k1)?))
        }
    };
    let mut evaluations = 2;
    // Bracket: p and q on opposite sides (or one at the floor).
    while p.1.signum() == q.1.signum() && p.1 != 0.0 && q.1 != 0.0 {
        // q is the newer point; step from it toward the floor.
        let slope = (q.1 - p.1) / (q.0 - p.0);
        let toward_larger = q.1 > 0.0;
        let mut k = if slope < 0.0 && slope.is_finite() { q.0 - 1.2 * q.1 / slope } else { f64::NAN };
        if !k.is_finite() || (toward_larger && k <= q.0) || (!toward_larger && k >= q.0) {
            k = if toward_larger { 2.0 * q.0 } else { 0.5 * q.0 };
        }
        if toward_larger && q.0 >= kick_max_rad {
            return Ok(None); // above the floor at every kick
        }
        if !toward_larger && q.0 <= 0.0 {
            return Ok(None); // below the floor even straight up
        }
        // Near the vertical the next point is the vertical itself.
        let k = if !toward_larger && k < 0.05 * q.0 { 0.0 } else { k.clamp(0.0, kick_max_rad) };
        let e = excess(k)?;
        evaluations += 1;
        (p, q) = (q, (k, e));
    }
    let (a, b) = if p.0 < q.0 { (p, q) } else { (q, p) };
    if a.0 == 0.0 && a.1 < 0.0 {
        return Ok(None);
    }
    let f_tol = if hint_rad.is_some() { FLOOR_TOL_HINTED_M } else { FLOOR_TOL_M };
    let (k, report) = try_brent_root_to(excess, a.0, b.0, a.1, b.1, 1e-9, f_tol, 100)?;
    Ok(Some((k, SolverReport { evaluations: report.evaluations + evaluations, ..report.in_unit(Unit::Metre) })))
}

/// [`standard_boost`] with a kick to start the searches from (e.g. the nominal
/// vehicle's standard kick in a Monte Carlo). The answer does not depend on the hint
/// beyond the solvers' tolerances.
pub fn standard_boost_from(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    opts: &PoweredOptions,
    min_burnout_altitude_m: Option<f64>,
    kick_hint_rad: Option<f64>,
) -> Result<Standard> {
    if plan.pitch.needs_times() {
        let (resolved, _) = resolve_pitch(earth, launch, plan, opts, min_burnout_altitude_m)?;
        return standard_boost_from(earth, launch, &resolved, opts, min_burnout_altitude_m, kick_hint_rad);
    }
    // A ramp-and-hold program with its hold elevation given: nothing to choose.
    if let Pitch::RampHold(RampHold { angle_rad: Some(elevation_rad), .. }) = plan.pitch {
        let hold_rad = std::f64::consts::FRAC_PI_2 - elevation_rad;
        return finish(earth, launch, plan, opts, hold_rad, SolverReport::closed_form().in_unit(Unit::Radian), false);
    }
    let quiet = PoweredOptions { samples: 0, stop_at_apogee: false, stop_at_burnout: false, ..*opts };
    let orbit: Cell<Option<f64>> = Cell::new(None);
    // Range of a kick, m, and the flight: a crash has none; a flight with global reach is
    // flagged (the direction is then global) and counts as half the circumference.
    let flown = |k: f64| -> Result<(f64, Option<Flight>)> {
        Ok(match fly_boost(earth, launch, plan, k, &quiet)? {
            PoweredOutcome::Landed(f) => (f.range_m, Some(f)),
            PoweredOutcome::Global(_) => {
                if orbit.get().is_none() {
                    orbit.set(Some(k));
                }
                (std::f64::consts::PI * earth.radius_m, None)
            }
            _ => (0.0, None),
        })
    };
    let range = |k: f64| -> Result<f64> { Ok(flown(k)?.0) };

    // Upper end of the allowed kicks.
    let mut k_max = angle_max_rad(plan);
    let mut floor_active = false;
    if let Some(floor) = min_burnout_altitude_m {
        let to_burnout = PoweredOptions { stop_at_burnout: true, ..quiet };
        // Burnout altitude above the floor, m (a crash before burnout: at the ground).
        let excess = |k: f64| -> Result<f64> {
            Ok(match fly_boost(earth, launch, plan, k, &to_burnout)? {
                PoweredOutcome::BurnedOut(b) => b.altitude_m - floor,
                _ => -floor,
            })
        };
        if let Some((k_floor, report)) = floor_kick(&excess, kick_hint_rad, angle_max_rad(plan))? {
            if !report.converged() {
                return Err(Error::NoSolution { what: "kick angle of the burnout-altitude floor".into(), report });
            }
            k_max = k_floor;
            floor_active = true;
        }
    }

    // Is the range still growing at the floor? Then the floor is the maximum.
    if floor_active {
        let dk = 1e-4 * k_max;
        let ((r1, f1), r0) = (flown(k_max)?, range(k_max - dk)?);
        if orbit.get().is_some() {
            return Ok(Standard::GlobalReach);
        }
        if r1 >= r0 {
            let report = SolverReport { evaluations: 2, ..SolverReport::closed_form() }.in_unit(Unit::Radian);
            return match f1 {
                // The flight at the floor is the answer, unless it is to be sampled.
                Some(f) if opts.samples == 0 => Ok(bounded(earth, launch, f, report, true)),
                _ => finish(earth, launch, plan, opts, k_max, report, true),
            };
        }
    }

    // Scan, then Brent's minimiser between the neighbours of the best allowed kick:
    // the one range maximiser (solve::maximize).
    let grid_deg: &[f64] = if plan.pitch.is_gravity_turn() { &KICK_GRID_DEG } else { &HOLD_GRID_DEG };
    let mut grid: Vec<f64> = grid_deg.iter().map(|d| d.to_radians()).filter(|&k| k < k_max).collect();
    grid.push(k_max);
    let first = maximize(range, Search::Grid(&grid), 1e-7, 100)?;
    // A heavy, slow vehicle (low lift-off thrust-to-weight) is turned over by gravity so
    // fast that every kick of the grid flies it into the ground before burnout (a crash
    // counts as range 0): the kicks that land lie below the grid's first one (0.05 deg
    // and less for the seed vehicle with 15 t of payload). Only then (the usual case pays
    // nothing for it) the crash boundary is found by bisection and the search is run
    // again on a grid laid below it, halving down to 1/1024 of it, with a tolerance of a
    // millionth of it (the landing kicks of 20 t are 3e-6 rad).
    let (kick_rad, _, report) = if first.1 > 0.0 || orbit.get().is_some() {
        first
    } else {
        let crashes = |k: f64| -> Result<bool> {
            let to_burnout = PoweredOptions { stop_at_burnout: true, ..quiet };
            Ok(matches!(fly_boost(earth, launch, plan, k, &to_burnout)?, PoweredOutcome::Crashed { .. }))
        };
        if crashes(0.0)? {
            return Err(Error::Impossible(
                "the vehicle does not reach burnout even flying straight up: it cannot lift its mass".into(),
            ));
        }
        // Landing at lo, crashing at hi; to 0.1 % of the kick.
        let (mut lo, mut hi) = (0.0, grid[0]);
        let mut flights = 1;
        while hi - lo > 1e-3 * hi {
            let mid = if lo == 0.0 { 0.125 * hi } else { 0.5 * (lo + hi) };
            flights += 1;
            if crashes(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let below: Vec<f64> = (0..=10).rev().map(|j| lo / f64::from(1u32 << j)).collect();
        let (k, r, mut report) = maximize(range, Search::Grid(&below), 1e-6 * lo, 100)?;
        report.evaluations += first.2.evaluations + flights;
        (k, r, report)
    };
    let report = report.in_unit(Unit::Radian);
    if orbit.get().is_some() {
        return Ok(Standard::GlobalReach);
    }
    if !report.converged() {
        return Err(Error::NoSolution { what: "kick angle maximising the range".into(), report });
    }
    finish(earth, launch, plan, opts, kick_rad, report, false)
}

/// The standard trajectory of a landed flight.
/// A flight that lands at or beyond 0.9999 of half the circumference is global reach,
/// as in the impulsive models (`standard::GLOBAL_FRACTION`), never a range printed there.
fn bounded(earth: &Earth, launch: &Launch, flight: Flight, report: SolverReport, floor_active: bool) -> Standard {
    if flight.range_m >= crate::standard::GLOBAL_FRACTION * earth.half_circumference_m() {
        return Standard::GlobalReach;
    }
    Standard::Bounded(StandardFlight {
        azimuth_rad: launch.azimuth_rad,
        gamma_rad: flight.powered().burnout.gamma_rad,
        landed: flight,
        report,
        floor_active,
    })
}

/// Fly the chosen kick with the caller's options (samples included).
fn finish(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    opts: &PoweredOptions,
    kick_rad: f64,
    report: SolverReport,
    floor_active: bool,
) -> Result<Standard> {
    let o = PoweredOptions { stop_at_apogee: false, stop_at_burnout: false, ..*opts };
    match fly_boost(earth, launch, plan, kick_rad, &o)? {
        PoweredOutcome::Landed(flight) => Ok(bounded(earth, launch, flight, report, floor_active)),
        PoweredOutcome::Global(_) => Ok(Standard::GlobalReach),
        _ => Err(Error::NoSolution { what: "a standard flight that lands".into(), report }),
    }
}
