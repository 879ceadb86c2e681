//! Observation → burnout state, per model.
//!
//! `kepler` is closed form. The numerical models solve the two equations
//! apogee(v, γ) = H and range(v, γ) = D for the burnout speed v and flight-path angle γ
//! by Newton's method with a finite-difference Jacobian and a backtracking line search
//! (the one 2x2 Newton, [`crate::numerics::solve::newton2`]), started from the
//! closed-form answer. Should Newton fail, a bracketing method takes
//! over: for each γ the speed that reaches apogee H is bracketed and found by Brent
//! (apogee grows with speed), and γ is bracketed and found by Brent on the range
//! (at fixed apogee, range falls as the flight steepens).

use std::f64::consts::FRAC_PI_2;

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::kepler::{self, Burnout};
use crate::flight::{Flight, FlightOptions, Launch};
use crate::model::{self, Model};
use crate::numerics::solve::{
    forward_difference, nested_root, newton2, Jacobian2, JacobianUpdate, NestedSpec, Newton2Options, Newton2Problem,
    SolverReport, StopReason, TwoUnknowns, Unit,
};

/// How an inversion was solved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InverseMethod {
    /// Closed form (model `kepler`).
    ClosedForm,
    /// Safeguarded Newton iteration.
    Newton,
    /// Nested bracketing (Brent) after Newton failed.
    Bracketing,
    /// The boost model's fit of the vehicle's unknowns (crate::vehicle).
    BoostFit,
}

/// Another burnout state that reproduces the observation (MODEL.md, "Inverse: more
/// than one root"): not the one reported, but flown with the same apogee and range.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OtherRoot {
    /// Its burnout state.
    pub burnout: Burnout,
    /// True when its impact lies ahead of the site along the test azimuth (its
    /// flight-path angle is then steeper than the reported one's); false when the impact
    /// lies behind the site, opposite to where the test landed.
    pub impact_ahead: bool,
}

/// Another burnout state that reproduces the observation, not the one reported (MODEL.md,
/// "Inverse: more than one root"), and where it would lead.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OtherRootSummary {
    /// Its burnout state (model boost: the simulated burnout of its kick).
    pub burnout: Burnout,
    /// True when its impact lies ahead of the site along the test azimuth; false behind.
    pub impact_ahead: bool,
    /// Its standard range toward the headline's azimuth, m; None with global reach there.
    pub standard_range_m: Option<f64>,
}

/// The reconstructed burnout state and the lofted flight it produces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inversion {
    /// The burnout state (speed relative to the Earth's surface in the rotating model):
    /// among the states that reproduce the observation with the impact ahead of the site
    /// along the test azimuth, the one with the smallest flight-path angle.
    pub burnout: Burnout,
    /// The lofted flight computed from that burnout state.
    pub lofted: Flight,
    /// Solver report; `residual` is max(|apogee error|, |range error|) in m.
    pub report: SolverReport,
    /// Which method produced the answer.
    pub method: InverseMethod,
    /// The other states that reproduce the observation (none on a non-rotating Earth).
    pub other_roots: Vec<OtherRoot>,
}

/// Convergence tolerance on the apogee and range residuals, m.
pub const RESIDUAL_TOL_M: f64 = 1e-4;

/// Convergence tolerances on the apogee and the range with re-entry drag, m. Drag
/// changes only the descent, so the polish from the drag-free root is a fixed point on
/// what the air takes from the range, and the drag-free Jacobian's apogee row is exact
/// to second order: after one step the apogee is met within centimetres and the range
/// within a metre (0.6 m at β 500 kg/m²). What that costs the standard range: about
/// 4 m per metre of apogee and 0.1 m per metre of range in the seed case, under 1 m in
/// all (a test bounds it over lofted tests and β 100 to 2,000 kg/m²), against the 10 m
/// the flight through the air is held to and the kilometres of a reported figure.
/// (The flights through the air, at [`crate::flight::IN_AIR_RTOL`], scatter by a few
/// tenths of a millimetre.) A second step, one more flight with drag, would buy
/// millimetres.
pub const DRAG_APOGEE_TOL_M: f64 = 0.05;

/// See [`DRAG_APOGEE_TOL_M`].
pub const DRAG_RANGE_TOL_M: f64 = 1.0;

/// Reconstruct the burnout state from an observed apogee and range.
///
/// On a rotating Earth more than one state can reproduce (H, D): at fixed apogee the
/// ground range falls to a minimum near the vertical and grows again, because a
/// near-vertical shot lands behind the site while the ground turns under it. The roots
/// are found on the inertial two-body conic over the rotating sphere first (closed form,
/// exact for model `rotating`, a close start for `earth`), each is polished by Newton's
/// method in the model itself, and the rule of MODEL.md picks the answer: the impact
/// ahead of the site along the test azimuth, the smallest flight-path angle.
pub fn invert(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    apogee_m: f64,
    range_m: f64,
    burnout_altitude_m: f64,
    opts: &FlightOptions,
) -> Result<Inversion> {
    let (start, kepler_report) = kepler::inverse(earth, apogee_m, range_m, burnout_altitude_m)?;
    let problem = Problem {
        model,
        earth,
        launch,
        apogee_m,
        range_m,
        burnout_altitude_m,
        opts: FlightOptions { samples: 0, stop_at_apogee: false, ..*opts },
        semi_analytic: false,
    };
    if model.is_boost() {
        return Err(Error::invalid("model", model.name, "an impulsive model; boost is fitted by crate::vehicle"));
    }
    let mut other_roots = Vec::new();
    // The solvers return the flight at their answer; it is flown again only to sample it.
    let (burnout, report, method, flown) = if model.closed_form && earth.is_two_body() {
        (start, kepler_report, InverseMethod::ClosedForm, None)
    } else if earth.reentry_beta_kg_m2.is_some() {
        // Re-entry drag changes only the descent through the air: the roots without it
        // (flights a fraction of the cost) are each a close start, polished by Newton
        // with their Jacobian (one flight with drag per iteration).
        let vacuum_earth = Earth { reentry_beta_kg_m2: None, ..*earth };
        let quiet = FlightOptions { samples: 0, ..*opts };
        let vacuum = invert(model, &vacuum_earth, launch, apogee_m, range_m, burnout_altitude_m, &quiet)?;
        let vacuum_problem = Problem { earth: &vacuum_earth, ..problem };
        let polish = |b: Burnout| -> Result<(Burnout, SolverReport, Option<Flight>)> {
            let frozen = match vacuum_problem.residual(&b)? {
                Some((f, _)) => vacuum_problem.jacobian(&b, &f)?,
                None => None,
            };
            problem.newton_from(b, frozen, f64::INFINITY)
        };
        let answer = match polish(vacuum.burnout)? {
            (b, r, Some(landed)) if r.converged() && problem.ahead_m(&landed) > 0.0 => {
                (b, r, InverseMethod::Newton, Some(landed))
            }
            _ => {
                let (b, r, landed) = problem.bracketing(vacuum.burnout)?;
                if !r.converged() {
                    return Err(Error::NoSolution {
                        what: format!("inverse for model {model} (apogee and range)"),
                        report: r,
                    });
                }
                (b, r, InverseMethod::Bracketing, landed)
            }
        };
        for other in &vacuum.other_roots {
            if let (b, r, Some(landed)) = polish(other.burnout)? {
                let ahead = problem.ahead_m(&landed) > 0.0;
                if r.converged() && ahead == other.impact_ahead {
                    other_roots.push(OtherRoot { burnout: b, impact_ahead: ahead });
                }
            }
        }
        answer
    } else {
        // On a spherical Earth with point-mass gravity (rotating or not) the flight is a
        // Kepler conic in the inertial frame: solve that first (no integration), and start
        // the numerical Newton from its answer, which it then only polishes.
        // For the ellipsoid with J2 and drag the same conic over the rotating sphere is
        // a close start.
        let sphere = Earth { j2: 0.0, surface: crate::earth::Surface::Sphere, reentry_beta_kg_m2: None, ..*earth };
        let conic = Problem { semi_analytic: true, earth: &sphere, ..problem };
        let conic_roots: Vec<(Burnout, bool)> = match crate::flight::semi_analytic(&sphere, launch, &start) {
            Some(_) if earth.rotates() => {
                let scan = conic.roots(start)?;
                // Where the conic's range came near the reported one without reaching it
                // (or reached it by as little), the model's own curve may hold roots the
                // conic lacks, or lack a pair it has: the model looks there itself.
                let mut roots = scan.roots;
                if *earth != sphere {
                    for &(ua, ub) in &scan.near_misses {
                        for b in problem.roots_near(ua, ub, start.speed_m_s)? {
                            if let Some(f) = problem.flight(&b, &problem.opts)? {
                                roots.push((b, problem.ahead_m(&f) > 0.0));
                            }
                        }
                    }
                    roots.sort_by(|a, b| a.0.gamma_rad.total_cmp(&b.0.gamma_rad));
                }
                roots
            }
            Some(_) => match conic.newton(start)? {
                (b, r, _) if r.converged() => vec![(b, true)],
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        // MODEL.md's rule: the shallowest state whose impact lies ahead of the site.
        let chosen = conic_roots.iter().position(|r| r.1);
        // Newton in the model from each conic root, kept within half the angle to the
        // nearest other root.
        let trust = |i: usize| -> f64 {
            let g = conic_roots[i].0.gamma_rad;
            let gap = conic_roots
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, r)| (r.0.gamma_rad - g).abs())
                .fold(f64::INFINITY, f64::min);
            0.5 * gap
        };
        let polished = match chosen {
            Some(i) => Some(problem.newton_from(conic_roots[i].0, None, trust(i))?),
            None if !earth.rotates() => Some(problem.newton(start)?),
            None => None,
        };
        let answer = match polished {
            Some((b, r, Some(landed))) if r.converged() && problem.ahead_m(&landed) > 0.0 => {
                (b, r, InverseMethod::Newton, Some(landed))
            }
            _ => {
                let from = chosen.map_or(start, |i| conic_roots[i].0);
                let (b, r, landed) = problem.bracketing(from)?;
                if !r.converged() && chosen.is_none() && !conic_roots.is_empty() {
                    // Every state that reproduces the observation lands behind the site.
                    return Err(Error::Impossible(format!(
                        "every flight that climbs to {:.0} km and lands {:.0} km away lands behind the site, not toward azimuth {:.1} deg: the Earth turns under a high flight (model {model}); check the apogee, the range and the test azimuth",
                        apogee_m / 1e3,
                        range_m / 1e3,
                        launch.azimuth_rad.to_degrees()
                    )));
                }
                if !r.converged() {
                    return Err(Error::NoSolution {
                        what: format!("inverse for model {model} (apogee and range)"),
                        report: r,
                    });
                }
                (b, r, InverseMethod::Bracketing, landed)
            }
        };
        for (i, &(cb, ahead)) in conic_roots.iter().enumerate() {
            if Some(i) == chosen {
                continue;
            }
            if let (b, r, Some(landed)) = problem.newton_from(cb, None, trust(i))? {
                let polished_ahead = problem.ahead_m(&landed) > 0.0;
                let known = std::iter::once(answer.0.gamma_rad)
                    .chain(other_roots.iter().map(|o: &OtherRoot| o.burnout.gamma_rad))
                    .any(|g| (b.gamma_rad - g).abs() < 1e-7);
                if r.converged() && polished_ahead == ahead && !known {
                    other_roots.push(OtherRoot { burnout: b, impact_ahead: ahead });
                }
            }
        }
        answer
    };
    let lofted = match flown {
        Some(l) if opts.samples == 0 => Some(l),
        _ => model::forward(model, earth, launch, &burnout, opts)?,
    }
    .ok_or_else(|| Error::NoSolution {
        what: "inverse: the reconstructed burnout state does not land".into(),
        report,
    })?;
    Ok(Inversion { burnout, lofted, report, method, other_roots })
}

/// A range at or beyond this multiple of the vertical flight's drift (plus
/// [`NEAR_MISS_M`]) has one root on the fixed-apogee curve. From the vertical the impact
/// moves forward as the flight flattens: behind the site the range falls from the drift
/// to its minimum near abeam of the site, then grows; so only a range below the drift
/// can be met more than once. The margin covers the difference between the conic's
/// drift and the model's (tested against a fine scan of the whole catalog and 6,000
/// random near-vertical states).
const SCAN_BELOW_DRIFTS: f64 = 1.25;

/// A range within this fraction of the reported one, plus [`NEAR_MISS_M`], at a dip of
/// the conic's curve or at its vertical end, is a near miss: the model's own curve is
/// examined there.
const NEAR_MISS: f64 = 0.05;

/// The absolute part of a near miss, m: near the vertical the conic over the sphere and
/// the WGS 84 Earth differ by up to about 20 km in range (the site's geodetic latitude
/// taken as geocentric moves it by up to 21 km; J2 bends the drift), seen at 52° N.
const NEAR_MISS_M: f64 = 50e3;

/// What a scan of the fixed-apogee curve found.
#[derive(Clone, Debug, Default, PartialEq)]
struct Scan {
    /// The roots and whether each lands ahead of the site, shallowest first.
    roots: Vec<(Burnout, bool)>,
    /// Intervals of the angle from the vertical, rad, where the range came within
    /// [`NEAR_MISS`] of the reported one at a dip or at the vertical.
    near_misses: Vec<(f64, f64)>,
    /// True when the curve was scanned (the range is near the vertical flight's drift).
    scanned: bool,
}

/// Step of the scan along the fixed-apogee curve, rad (0.05°; the two roots of the
/// catalog's Hwasong-19 are 7.9° apart, the closest pair of the random tests 0.4°).
const SCAN_STEP_RAD: f64 = 0.05 * std::f64::consts::PI / 180.0;

/// The drift of the vertical flight that climbs to `apogee_m` from `burnout_altitude_m`
/// above the site, m: where the Earth's turn carries it, on the inertial conic over the
/// rotating sphere (0 on a non-rotating Earth, or where no such flight lands). A range
/// beyond [`SCAN_BELOW_DRIFTS`] of it, plus [`NEAR_MISS_M`], has one root
/// ([`may_have_more_roots`]).
pub(crate) fn vertical_drift_m(earth: &Earth, launch: &Launch, apogee_m: f64, burnout_altitude_m: f64) -> f64 {
    if !earth.rotates() {
        return 0.0;
    }
    let sphere = Earth { j2: 0.0, surface: crate::earth::Surface::Sphere, reentry_beta_kg_m2: None, ..*earth };
    let conic = Problem {
        model: Model::ROTATING,
        earth: &sphere,
        launch,
        apogee_m,
        range_m: 0.0,
        burnout_altitude_m,
        opts: FlightOptions::default(),
        semi_analytic: true,
    };
    let (r_b, r_a) = (sphere.radius_m + burnout_altitude_m, sphere.radius_m + apogee_m);
    let guess_m_s = (2.0 * sphere.mu_m3_s2 * (1.0 / r_b - 1.0 / r_a)).sqrt();
    match conic.on_curve_to(U_VERTICAL_RAD, guess_m_s, 0.01, 1e-3) {
        Ok(Some((_, f))) => f.range_m,
        _ => 0.0,
    }
}

/// Whether an observation of ground range `range_m` may be reproduced by more than one
/// state, given the vertical flight's drift ([`vertical_drift_m`]).
pub(crate) fn may_have_more_roots(range_m: f64, drift_m: f64) -> bool {
    range_m < SCAN_BELOW_DRIFTS * drift_m + NEAR_MISS_M
}

/// The two equations apogee(v, γ) = H and range(v, γ) = D of one observation.
struct Problem<'a> {
    model: Model,
    earth: &'a Earth,
    launch: &'a Launch,
    apogee_m: f64,
    range_m: f64,
    burnout_altitude_m: f64,
    opts: FlightOptions,
    /// Fly the semi-analytic conic ([`crate::flight::semi_analytic`]) instead of integrating.
    semi_analytic: bool,
}

/// Apogee and range errors, m.
type Residual = [f64; 2];

fn norm(f: &Residual) -> f64 {
    f[0].abs().max(f[1].abs())
}

/// The first angle from the vertical looked at on the fixed-apogee curve, rad: the
/// vertical itself, short of the exact 90° at which the launch direction's azimuth is
/// undefined.
const U_VERTICAL_RAD: f64 = 1e-9;

impl Problem<'_> {
    /// The flight of a burnout state: the conic, or the model's own.
    fn flight(&self, b: &Burnout, opts: &FlightOptions) -> Result<Option<Flight>> {
        if self.semi_analytic {
            Ok(crate::flight::semi_analytic(self.earth, self.launch, b))
        } else {
            model::forward(self.model, self.earth, self.launch, b, opts)
        }
    }

    /// How far the impact of `f` lies ahead of the site along the test azimuth, m
    /// (negative behind).
    fn ahead_m(&self, f: &Flight) -> f64 {
        let l = self.launch;
        self.earth.along_track_m(l.lat_rad, l.lon_rad, l.azimuth_rad, f.impact_lat_rad, f.impact_lon_rad)
    }

    /// The reported range with the sign of the side the impact of `f` lies on, m.
    fn signed_range_m(&self, f: &Flight) -> f64 {
        if self.ahead_m(f) < 0.0 {
            -f.range_m
        } else {
            f.range_m
        }
    }

    /// The point of the fixed-apogee curve at `u_rad` from the vertical: the speed whose
    /// flight reaches the reported apogee (Brent; apogee grows with speed), and that
    /// flight. None when no speed below escape reaches it, or its flight does not land.
    fn on_curve(&self, u_rad: f64, speed_guess_m_s: f64) -> Result<Option<(Burnout, Flight)>> {
        self.on_curve_to(u_rad, speed_guess_m_s, 0.02, 1e-9)
    }

    /// [`Problem::on_curve`] with the guess's bracket (a fraction of it either side) and
    /// the speed's tolerance, m/s.
    fn on_curve_to(
        &self,
        u_rad: f64,
        speed_guess_m_s: f64,
        bracket: f64,
        tol_m_s: f64,
    ) -> Result<Option<(Burnout, Flight)>> {
        let gamma_rad = FRAC_PI_2 - u_rad;
        let r = self.earth.radius_m;
        let target = r / (r + self.apogee_m);
        let to_apogee = FlightOptions { stop_at_apogee: true, ..self.opts };
        let apogee_residual = |speed_m_s: f64| -> Result<f64> {
            let b = Burnout { speed_m_s, gamma_rad, altitude_m: self.burnout_altitude_m };
            Ok(match self.flight(&b, &to_apogee)? {
                Some(l) => target - r / (r + l.apogee_m),
                None => target,
            })
        };
        let escape_m_s = (2.0 * self.earth.mu_m3_s2 / (r + self.burnout_altitude_m)).sqrt();
        // A bracket around the guess (the speed varies little along the curve near the
        // vertical), widened to the whole range of speeds when it does not hold the root.
        let (mut lo, mut hi) =
            (((1.0 - bracket) * speed_guess_m_s).max(1.0), ((1.0 + bracket) * speed_guess_m_s).min(escape_m_s));
        let (mut f_lo, mut f_hi) = (apogee_residual(lo)?, apogee_residual(hi)?);
        if !(f_lo <= 0.0 && f_hi >= 0.0) {
            (lo, hi) = (1.0, escape_m_s);
            (f_lo, f_hi) = (apogee_residual(lo)?, apogee_residual(hi)?);
            if !(f_lo <= 0.0 && f_hi >= 0.0) {
                return Ok(None);
            }
        }
        let (speed_m_s, report) =
            crate::numerics::solve::try_brent_root_with_values(apogee_residual, lo, hi, f_lo, f_hi, tol_m_s, 100)?;
        if !report.converged() {
            return Ok(None);
        }
        let b = Burnout { speed_m_s, gamma_rad, altitude_m: self.burnout_altitude_m };
        Ok(self.flight(&b, &self.opts)?.map(|f| (b, f)))
    }

    /// The root on the fixed-apogee curve between `u_lo_rad` and `u_hi_rad` (angles
    /// from the vertical) of `residual` (a function of the flight there, m, with opposite
    /// signs at the two ends), by Brent along the curve. The answer must reproduce the
    /// range: a residual that jumps (the signed range, where the impact passes abeam of
    /// the site) can make Brent converge to the jump.
    fn bracket_on_curve(
        &self,
        u_lo_rad: f64,
        u_hi_rad: f64,
        speed_guess_m_s: f64,
        residual: &dyn Fn(&Flight) -> f64,
    ) -> Result<Option<Burnout>> {
        let mut last_speed = speed_guess_m_s;
        let unreachable = self.earth.half_circumference_m() - self.range_m;
        let mut at = |u_rad: f64| -> Result<f64> {
            Ok(match self.on_curve(u_rad, last_speed)? {
                Some((b, f)) => {
                    last_speed = b.speed_m_s;
                    residual(&f)
                }
                // No flight at this angle reaches the apogee and lands: farther than any.
                None => unreachable,
            })
        };
        let (g_lo, g_hi) = (at(u_lo_rad)?, at(u_hi_rad)?);
        if g_lo * g_hi > 0.0 {
            return Ok(None);
        }
        let (u_rad, report) =
            crate::numerics::solve::try_brent_root_with_values(&mut at, u_lo_rad, u_hi_rad, g_lo, g_hi, 1e-13, 200)?;
        if !report.converged() {
            return Ok(None);
        }
        Ok(match self.on_curve(u_rad, last_speed)? {
            Some((b, f)) if (f.range_m - self.range_m).abs() <= 1e-3 * self.range_m.max(1.0) => Some(b),
            _ => None,
        })
    }

    /// Every state that reproduces the observation, on this problem's flights (meant for
    /// the conic: closed-form flights), with whether its impact lies ahead of the site, in
    /// order of flight-path angle (shallowest first); and where the scan came within
    /// [`NEAR_MISS`] of the reported range without reaching it (or reached it by as
    /// little), for a model whose curve differs a little from this one's to look again.
    ///
    /// Far from the vertical the ground range grows steadily as the flight flattens, so a
    /// range well beyond the drift of the vertical flight (the distance the Earth's turn
    /// carries it) has one root, Newton's. Nearer, the drift and the flight's own
    /// progress add as vectors and the range can fall and grow again, on either side of
    /// the site: the curve is scanned from the vertical until its range passes
    /// [`SCAN_BELOW_DRIFTS`] drifts and is clear of the reported one, each crossing of the reported range refined by
    /// Brent, and each dip of the range between scan points searched for a minimum below
    /// it.
    fn roots(&self, start: Burnout) -> Result<Scan> {
        let u_max = FRAC_PI_2 - 0.5 * start.gamma_rad;
        // The vertical flight's drift decides whether to scan: a metre per second of
        // speed moves it by metres, and the vertical speed is within a per cent of the
        // non-rotating one, √(2μ (1/r_b − 1/(R + H))).
        let (r_b, r_a) = (self.earth.radius_m + self.burnout_altitude_m, self.earth.radius_m + self.apogee_m);
        let vertical_guess_m_s = (2.0 * self.earth.mu_m3_s2 * (1.0 / r_b - 1.0 / r_a)).sqrt();
        let vertical = self.on_curve_to(U_VERTICAL_RAD, vertical_guess_m_s, 0.01, 1e-3)?;
        let drift_m = vertical.as_ref().map_or(0.0, |(_, f)| f.range_m);
        let d = self.range_m;
        let unsigned = |f: &Flight| f.range_m - d;
        let side = |b: Burnout| -> Result<Option<(Burnout, bool)>> {
            Ok(self.flight(&b, &self.opts)?.map(|f| (b, self.ahead_m(&f) > 0.0)))
        };
        let mut scan = Scan::default();
        if !may_have_more_roots(d, drift_m) {
            let (b, r, f) = self.newton(start)?;
            if let (true, Some(f)) = (r.converged(), f) {
                scan.roots.push((b, self.ahead_m(&f) > 0.0));
            } else if let Some(b) = self.bracket_on_curve(U_VERTICAL_RAD, u_max, start.speed_m_s, &unsigned)? {
                scan.roots.extend(side(b)?);
            }
            return Ok(scan);
        }
        scan.scanned = true;
        let margin_m = NEAR_MISS * d + NEAR_MISS_M;
        let near = |r: f64| (r - d).abs() <= margin_m;
        // Scan points (by index) at which the range came near the reported one.
        let mut dips: Vec<usize> = Vec::new();
        let mut found: Vec<Burnout> = Vec::new();
        let mut speed = vertical.as_ref().map_or(start.speed_m_s, |(b, _)| b.speed_m_s);
        let mut pts: Vec<(f64, f64)> =
            vec![(U_VERTICAL_RAD, drift_m.max(if vertical.is_some() { 0.0 } else { f64::INFINITY }))];
        let mut u = U_VERTICAL_RAD;
        while u < u_max {
            u = (u + SCAN_STEP_RAD).min(u_max);
            let r = match self.on_curve(u, speed)? {
                Some((b, f)) => {
                    speed = b.speed_m_s;
                    f.range_m
                }
                None => f64::INFINITY,
            };
            let (u0, r0) = pts[pts.len() - 1];
            if pts.len() == 1 && near(r0) {
                dips.push(0);
            }
            if (r0 - d) * (r - d) <= 0.0 && r0.is_finite() && r.is_finite() {
                found.extend(self.bracket_on_curve(u0, u, speed, &unsigned)?);
            } else if pts.len() >= 2 && r > r0 && pts[pts.len() - 2].1 > r0 {
                // A dip between scan points: its minimum, and the roots either side.
                let (ua, ub) = (pts[pts.len() - 2].0, u);
                let range_at = |u_rad: f64| -> Result<f64> {
                    Ok(self.on_curve(u_rad, speed)?.map_or(f64::INFINITY, |(_, f)| f.range_m))
                };
                let (u_min, r_min, _) = crate::numerics::solve::try_brent_minimize(range_at, ua, ub, 1e-10, 100)?;
                if r_min < d {
                    found.extend(self.bracket_on_curve(ua, u_min, speed, &unsigned)?);
                    found.extend(self.bracket_on_curve(u_min, ub, speed, &unsigned)?);
                }
                if near(r_min) {
                    dips.push(pts.len() - 1);
                }
            }
            pts.push((u, r));
            if r.is_finite() && r > SCAN_BELOW_DRIFTS * drift_m + NEAR_MISS_M && r > d + 2.0 * margin_m && r > r0 {
                break;
            }
        }
        // Each near miss, widened over the scan to where the range is well clear of the
        // reported one on both sides (where another curve's roots may lie).
        let clear = |r: f64| r > d + 2.0 * margin_m;
        for i in dips {
            let lo = (0..=i).rev().find(|&j| clear(pts[j].1)).unwrap_or(0);
            let hi = (i..pts.len()).find(|&j| clear(pts[j].1)).unwrap_or(pts.len() - 1);
            scan.near_misses.push((pts[lo].0, pts[hi].0));
        }
        for b in found {
            scan.roots.extend(side(b)?);
        }
        scan.roots.sort_by(|a, b| a.0.gamma_rad.total_cmp(&b.0.gamma_rad));
        scan.roots.dedup_by(|a, b| (a.0.gamma_rad - b.0.gamma_rad).abs() < 1e-9);
        Ok(scan)
    }

    /// The roots in `ua..ub` (angles from the vertical) on this problem's own curve,
    /// where another curve came near the reported range: the range's minimum there, and
    /// the crossing either side of it when it is below the reported range (or the one
    /// crossing, when the range crosses between the ends).
    fn roots_near(&self, ua: f64, ub: f64, speed_m_s: f64) -> Result<Vec<Burnout>> {
        let d = self.range_m;
        let unsigned = |f: &Flight| f.range_m - d;
        let range_at = |u_rad: f64| -> Result<f64> {
            Ok(self.on_curve(u_rad, speed_m_s)?.map_or(f64::INFINITY, |(_, f)| f.range_m))
        };
        let (u_min, r_min, _) = crate::numerics::solve::try_brent_minimize(range_at, ua, ub, 1e-10, 100)?;
        let mut out = Vec::new();
        if r_min < d {
            out.extend(self.bracket_on_curve(ua, u_min, speed_m_s, &unsigned)?);
            out.extend(self.bracket_on_curve(u_min, ub, speed_m_s, &unsigned)?);
        } else {
            out.extend(self.bracket_on_curve(ua, ub, speed_m_s, &unsigned)?);
        }
        Ok(out)
    }

    /// The flight of a burnout state and its errors; None when it does not land.
    fn residual(&self, b: &Burnout) -> Result<Option<(Residual, Flight)>> {
        let flight = self.flight(b, &self.opts)?;
        Ok(flight.map(|l| ([l.apogee_m - self.apogee_m, l.range_m - self.range_m], l)))
    }

    /// The residual tolerances on the apogee and the range, m: [`RESIDUAL_TOL_M`], or
    /// with re-entry drag [`DRAG_APOGEE_TOL_M`] and [`DRAG_RANGE_TOL_M`].
    fn tol_m(&self) -> [f64; 2] {
        if self.earth.reentry_beta_kg_m2.is_some() {
            [DRAG_APOGEE_TOL_M, DRAG_RANGE_TOL_M]
        } else {
            [RESIDUAL_TOL_M; 2]
        }
    }

    /// The two equations as the one Newton solver's problem, from burnouts at `altitude_m`.
    fn equations(&self, altitude_m: f64) -> Equations<'_, '_> {
        Equations { problem: self, altitude_m }
    }

    /// Jacobian of (apogee, range) in m with respect to (speed in m/s, flight-path angle
    /// in rad) at `x` with residual `f` there ([`Equations::difference_steps`]); None
    /// when a neighbouring flight does not land. Two flights.
    fn jacobian(&self, x: &Burnout, f: &Residual) -> Result<Option<Jacobian2>> {
        forward_difference(&mut self.equations(x.altitude_m), [x.speed_m_s, x.gamma_rad], f)
    }

    /// Newton's method with a forward-difference Jacobian and backtracking.
    fn newton(&self, start: Burnout) -> Result<(Burnout, SolverReport, Option<Flight>)> {
        self.newton_from(start, None, f64::INFINITY)
    }

    /// Newton's method from `start` ([`newton2`]), with backtracking. With a Jacobian
    /// `frozen` (of a nearby problem: the same flights without drag), each iteration flies
    /// once and keeps it while the residual falls (only the whole step is tried); a
    /// forward-difference Jacobian (two flights) replaces it when a step fails, and is
    /// computed at every iteration without one (fractions of the step down to 1e-6
    /// tried). Each step moves the flight-path angle by at most `max_gamma_step_rad` (a
    /// trust region that keeps Newton near its start where another root lies close by).
    fn newton_from(
        &self,
        start: Burnout,
        frozen: Option<Jacobian2>,
        max_gamma_step_rad: f64,
    ) -> Result<(Burnout, SolverReport, Option<Flight>)> {
        let opts = Newton2Options {
            tol: self.tol_m(),
            unit: Unit::Metre,
            max_iter: 30,
            jacobian: JacobianUpdate::Fresh,
            backtrack: 0.5,
            min_fraction: 1e-6,
            min_fraction_stale: 0.75,
            max_step: [f64::INFINITY, max_gamma_step_rad],
        };
        let mut equations = self.equations(start.altitude_m);
        let n = newton2(&mut equations, [start.speed_m_s, start.gamma_rad], frozen, &opts)?;
        Ok((equations.burnout(n.x), n.report, n.kept))
    }

    /// The observation no flight makes: on a rotating Earth the ground turns under a high
    /// flight, so that every impact lies at least `nearest_m` from the site (the vertical
    /// flight's, or, `abeam`, where the impact swings from behind the site to ahead of it).
    fn drifts_sideways(&self, nearest_m: f64, abeam: bool) -> Error {
        Error::Impossible(format!(
            "the Earth's rotation carries a {:.0} km-high flight at least {:.0} km sideways{}; no flight from this site lands {:.0} km away toward azimuth {:.1} deg (model {}): check the apogee, the range and the test azimuth",
            self.apogee_m / 1e3,
            nearest_m / 1e3,
            if abeam { " where its impact swings from behind the site to ahead of it" } else { "" },
            self.range_m / 1e3,
            self.launch.azimuth_rad.to_degrees(),
            self.model
        ))
    }

    /// Nested bracketing: for each γ the speed reaching apogee H (Brent; apogee grows with
    /// speed), then γ reaching range D (Brent; at fixed apogee range falls as γ grows).
    fn bracketing(&self, start: Burnout) -> Result<(Burnout, SolverReport, Option<Flight>)> {
        let escape_m_s = (2.0 * self.earth.mu_m3_s2 / (self.earth.radius_m + start.altitude_m)).sqrt();
        let mut flights = Flights { problem: self, start, flights: 0 };
        // Outer unknown u = π/2 − γ (the angle from the vertical), inner the speed.
        let spec = NestedSpec {
            x_lo: 1.0,
            x_hi: escape_m_s,
            x_tol: 1e-10,
            x_guess: start.speed_m_s,
            increasing: true,
            u_first_rad: 0.25f64.to_radians(),
            u_max_rad: FRAC_PI_2 - 0.5 * start.gamma_rad,
            u_tol_rad: 1e-13,
        };
        let nested = nested_root(&mut flights, spec)?;
        if nested.outer.stop == StopReason::NotBracketed && nested.vertical_residual_m > 0.0 {
            // Even the straight-up flight that reaches the apogee lands farther away than
            // reported: on a rotating Earth the ground turns under a high flight.
            return Err(self.drifts_sideways(nested.vertical_residual_m + self.range_m, false));
        }
        let gamma_rad = FRAC_PI_2 - nested.u_rad;
        let speed = nested.x.unwrap_or(f64::NAN);
        let b = Burnout { speed_m_s: speed, gamma_rad, ..start };
        let flown = if speed.is_finite() { self.residual(&b)? } else { None };
        let mut report = SolverReport { evaluations: flights.flights, ..nested.outer };
        report.residual = flown.as_ref().map_or(f64::INFINITY, |(f, _)| norm(f));
        report.unit = Unit::Metre;
        if let Some((f, l)) = &flown {
            if report.converged() && f[0].abs() <= 1e3 * RESIDUAL_TOL_M && f[1].abs() > 1e3 {
                // The signed range jumped across the reported one where the impact swings
                // from behind the site to ahead of it: no flight lands that near ahead.
                return Err(self.drifts_sideways(l.range_m, true));
            }
        }
        if report.converged() && report.residual > 1e3 * RESIDUAL_TOL_M {
            report.stop = StopReason::MaxIterations;
        }
        Ok((b, report, flown.map(|(_, l)| l)))
    }
}

/// The impulsive inverse's flights for the one bracketing inverse ([`nested_root`]):
/// inner unknown the burnout speed, outer the angle from the vertical.
struct Flights<'p, 'a> {
    problem: &'p Problem<'a>,
    start: Burnout,
    flights: u32,
}

impl TwoUnknowns for Flights<'_, '_> {
    type Error = Error;

    /// R/(R+H) − R/(R+apogee): grows with speed; an escaping flight (apogee → ∞) has
    /// its limit R/(R+H).
    fn apogee_residual(&mut self, speed_m_s: f64, u_rad: f64) -> Result<f64> {
        self.flights += 1;
        let p = self.problem;
        let b = Burnout { speed_m_s, gamma_rad: FRAC_PI_2 - u_rad, ..self.start };
        let to_apogee = FlightOptions { stop_at_apogee: true, ..p.opts };
        let r = p.earth.radius_m;
        let target = r / (r + p.apogee_m);
        Ok(match model::forward(p.model, p.earth, p.launch, &b, &to_apogee)? {
            Some(l) => target - r / (r + l.apogee_m),
            None => target,
        })
    }

    /// Signed range minus the reported range, m (negative where the impact lies behind
    /// the site: the root sought is the one ahead); a flight with global reach counts as
    /// half the circumference.
    fn range_residual(&mut self, speed_m_s: f64, u_rad: f64) -> Result<f64> {
        self.flights += 1;
        let b = Burnout { speed_m_s, gamma_rad: FRAC_PI_2 - u_rad, ..self.start };
        let p = self.problem;
        Ok(match p.flight(&b, &p.opts)? {
            Some(f) => p.signed_range_m(&f) - p.range_m,
            None => self.unreachable_residual_m(),
        })
    }

    fn unreachable_residual_m(&self) -> f64 {
        self.problem.earth.half_circumference_m() - self.problem.range_m
    }
}

/// The impulsive inverse's two equations for the one Newton solver ([`newton2`]):
/// unknowns the burnout speed (m/s) and flight-path angle (rad) at `altitude_m`,
/// residuals the apogee and range errors (m), kept the flight.
struct Equations<'p, 'a> {
    problem: &'p Problem<'a>,
    altitude_m: f64,
}

impl Equations<'_, '_> {
    fn burnout(&self, x: [f64; 2]) -> Burnout {
        Burnout { speed_m_s: x[0], gamma_rad: x[1], altitude_m: self.altitude_m }
    }
}

impl Newton2Problem for Equations<'_, '_> {
    type Kept = Flight;
    type Error = Error;

    fn residuals(&mut self, x: [f64; 2]) -> Result<Option<(Residual, Flight)>> {
        self.problem.residual(&self.burnout(x))
    }

    /// 1e-7 of the speed, and 1e-7 rad of the angle taken downward (away from the
    /// vertical, where the angle ends).
    fn difference_steps(&self, x: [f64; 2]) -> [f64; 2] {
        [1e-7 * x[0], -1e-7]
    }

    /// A trial keeps at least half the speed, and an angle strictly between the horizontal
    /// and the vertical.
    fn bound(&self, x: [f64; 2], trial: [f64; 2]) -> [f64; 2] {
        [trial[0].max(0.5 * x[0]), trial[1].clamp(1e-9, FRAC_PI_2 - 1e-9)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketing_fallback_recovers_the_closed_form_burnout_state() {
        // The fallback on its own (Newton never fails on these), on the numerical
        // sphere, against the closed-form two-body inverse.
        let earth = Earth::non_rotating();
        for (h_m, d_m) in [(4_475e3, 950e3), (600e3, 1_000e3), (1_500e3, 300e3)] {
            let (exact, _) = kepler::inverse(&earth, h_m, d_m, 0.0).unwrap();
            let problem = Problem {
                model: Model::SPHERE,
                earth: &earth,
                launch: &Launch::EQUATOR_EAST,
                apogee_m: h_m,
                range_m: d_m,
                burnout_altitude_m: 0.0,
                opts: FlightOptions::default(),
                semi_analytic: false,
            };
            // Start it away from the answer, as when Newton has failed.
            let start = Burnout { speed_m_s: 0.9 * exact.speed_m_s, gamma_rad: 0.8 * exact.gamma_rad, altitude_m: 0.0 };
            let (b, report, landed) = problem.bracketing(start).unwrap();
            assert!(report.converged(), "{report}");
            assert!(((b.speed_m_s - exact.speed_m_s) / exact.speed_m_s).abs() < 1e-8, "{b:?} vs {exact:?}");
            assert!(((b.gamma_rad - exact.gamma_rad) / exact.gamma_rad).abs() < 1e-8);
            assert!((landed.unwrap().range_m - d_m).abs() < 1e-2);
        }
    }

    #[test]
    fn newton_reports_the_iterations_it_took() {
        let earth = Earth::rotating();
        let launch = Launch { lat_rad: 0.68, lon_rad: 2.19, azimuth_rad: 1.57 };
        let (start, _) = kepler::inverse(&earth, 4_475e3, 950e3, 0.0).unwrap();
        let problem = Problem {
            model: Model::ROTATING,
            earth: &earth,
            launch: &launch,
            apogee_m: 4_475e3,
            range_m: 950e3,
            burnout_altitude_m: 0.0,
            opts: FlightOptions::default(),
            semi_analytic: false,
        };
        let (_, report, _) = problem.newton(start).unwrap();
        assert!(report.converged());
        assert!((1..10).contains(&report.iterations), "{report}");
        assert!(report.evaluations > 3 * report.iterations);
    }
}
