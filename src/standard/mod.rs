//! The standard (minimum-energy) trajectory: for a fixed burnout speed, the
//! flight-path angle that maximises range, per launch azimuth and across azimuths.

pub mod contour;
pub mod margin;
pub mod target;
pub mod target_flights;
use std::f64::consts::FRAC_PI_2;

use nalgebra::Vector3;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::kepler::{self, Burnout, MaxRange};
use crate::flight::{Flight, FlightOptions, Launch};
use crate::geo;
use crate::model::{self, Model};
use crate::numerics::solve::{maximize, try_brent_minimize, Search, SolverReport, Unit};

/// The range-maximising flight toward one launch azimuth.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StandardFlight {
    /// Launch azimuth, rad clockwise from north.
    pub azimuth_rad: f64,
    /// Flight-path angle at burnout that maximises range, rad.
    pub gamma_rad: f64,
    /// The flight at that angle.
    pub landed: Flight,
    /// How the maximisation went (closed form: zero iterations).
    pub report: SolverReport,
    /// Model boost: true when the burnout-altitude floor, not the range itself, set
    /// the kick (the unconstrained maximum burns out lower). False otherwise.
    #[serde(default)]
    pub floor_active: bool,
}

/// Maximum range toward an azimuth: bounded, or global reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Standard {
    /// A real maximum.
    Bounded(StandardFlight),
    /// Global reach toward this direction (MODEL.md): some flight-path angle (or kick)
    /// reaches orbit or passes the farthest point from the site.
    GlobalReach,
}

impl Standard {
    /// The bounded flight, if any.
    pub fn flight(&self) -> Option<&StandardFlight> {
        match self {
            Standard::Bounded(f) => Some(f),
            Standard::GlobalReach => None,
        }
    }

    /// Range in m, None for global reach.
    pub fn range_m(&self) -> Option<f64> {
        self.flight().map(|f| f.landed.range_m)
    }

    /// True with global reach toward this direction.
    pub fn is_global(&self) -> bool {
        self.flight().is_none()
    }

    /// Apogee, m; None with global reach.
    pub fn apogee_m(&self) -> Option<f64> {
        self.flight().map(|f| f.landed.apogee_m)
    }

    /// Flight time (burnout or lift-off to impact), s; None with global reach.
    pub fn flight_time_s(&self) -> Option<f64> {
        self.flight().map(|f| f.landed.flight_time_s)
    }

    /// Range-maximising flight-path angle at burnout, rad; None with global reach.
    pub fn gamma_rad(&self) -> Option<f64> {
        self.flight().map(|f| f.gamma_rad)
    }

    /// How the maximisation went; None with global reach.
    pub fn report(&self) -> Option<SolverReport> {
        self.flight().map(|f| f.report)
    }

    /// The sampled trajectory, when asked for.
    pub fn trajectory(&self) -> Option<&crate::flight::trajectory::Trajectory> {
        self.flight().and_then(|f| f.landed.trajectory.as_ref())
    }
}

/// Tolerance of the range-maximising flight-path angle, rad. The range is flat at its
/// maximum: R ≈ R* − ½ R''(γ − γ*)² with R'' about 4 R* (4e7 m/rad² for 10,000 km), so
/// 1e-6 rad of angle is 2e-5 m of range, the size of the integrator's own error at rtol
/// 1e-12 (1e-12 of 1e7 m). A tighter tolerance only chases that error: the search then
/// wanders on last-bit differences (its evaluations changed by a third with the rounding
/// of the step-size controller).
const GAMMA_TOL_RAD: f64 = 1e-6;

/// Tolerance of the range-maximising flight-path angle with re-entry drag, rad. The
/// flight through the air is integrated to [`crate::flight::IN_AIR_RTOL`], where the
/// ranges of neighbouring angles scatter by a few tenths of a millimetre; 1e-5 rad of
/// angle costs ½ R'' (1e-5)² ≈ 2e-3 m of range at the flat maximum.
const GAMMA_TOL_DRAG_RAD: f64 = 1e-5;

/// Range fraction of half the circumference above which a maximum counts as global reach.
pub(crate) const GLOBAL_FRACTION: f64 = 0.9999;

/// Is the burnout speed orbital toward this azimuth? (inertial speed of a horizontal
/// burnout at or above circular speed at the burnout radius)
pub fn is_orbital(earth: &Earth, launch: &Launch, speed_m_s: f64, altitude_m: f64) -> bool {
    let b = Burnout { speed_m_s, gamma_rad: 0.0, altitude_m };
    let y = crate::flight::initial_state(earth, launch, &b);
    let v_in = (y[3] * y[3] + y[4] * y[4] + y[5] * y[5]).sqrt();
    v_in >= earth.circular_speed_m_s(Vector3::new(y[0], y[1], y[2]).norm())
}

/// The standard trajectory toward `launch.azimuth_rad` for burnout speed `speed_m_s`
/// (relative to the surface) at `altitude_m`. Closed form for `kepler`; Brent's
/// minimiser on −range, bracketed around the two-body optimum, otherwise.
pub fn standard(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    speed_m_s: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<Standard> {
    let kep = kepler::max_range(&Earth { omega_rad_s: 0.0, ..*earth }, speed_m_s, altitude_m)?;
    let bounded = |gamma_rad: f64, report: SolverReport| -> Result<Standard> {
        let b = Burnout { speed_m_s, gamma_rad, altitude_m };
        Ok(match model::forward(model, earth, launch, &b, opts)? {
            Some(landed) if landed.range_m < GLOBAL_FRACTION * earth.half_circumference_m() => {
                Standard::Bounded(StandardFlight {
                    azimuth_rad: launch.azimuth_rad,
                    gamma_rad,
                    landed,
                    report,
                    floor_active: false,
                })
            }
            _ => Standard::GlobalReach,
        })
    };
    if model.closed_form && earth.is_two_body() {
        return match kep {
            MaxRange::Bounded { gamma_rad, report, .. } => bounded(gamma_rad, report),
            MaxRange::GlobalReach => Ok(Standard::GlobalReach),
        };
    }
    if is_orbital(earth, launch, speed_m_s, altitude_m) {
        return Ok(Standard::GlobalReach);
    }
    if earth.reentry_beta_kg_m2.is_some() {
        if let Some(s) = with_drag_from_vacuum(model, earth, launch, speed_m_s, altitude_m, opts)? {
            return Ok(s);
        }
    }
    // Start from the two-body optimum for the inertial speed at a typical angle.
    let guess_rad = {
        let y = crate::flight::initial_state(earth, launch, &Burnout { speed_m_s, gamma_rad: 0.6, altitude_m });
        let v_in = (y[3] * y[3] + y[4] * y[4] + y[5] * y[5]).sqrt();
        match kepler::max_range(&Earth { omega_rad_s: 0.0, ..*earth }, v_in, altitude_m)? {
            MaxRange::Bounded { gamma_rad, .. } => gamma_rad,
            MaxRange::GlobalReach => match kep {
                MaxRange::Bounded { gamma_rad, .. } => gamma_rad,
                MaxRange::GlobalReach => 0.2,
            },
        }
    };
    let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..*opts };
    if model.is_boost() {
        return Err(Error::invalid(
            "model",
            "boost",
            "an impulsive model; the boost standard trajectory is crate::vehicle's",
        ));
    }
    let mut escaped = false;
    // The best flight seen: Brent's answer is always one of the points it evaluated,
    // so without samples to draw the final flight need not be flown again.
    let mut best: Option<(f64, Flight)> = None;
    let range_of = |gamma_rad: f64| -> Result<f64> {
        let b = Burnout { speed_m_s, gamma_rad, altitude_m };
        Ok(match model::forward(model, earth, launch, &b, &quiet)? {
            Some(l) => {
                let r = l.range_m;
                if best.as_ref().is_none_or(|(_, bl)| r > bl.range_m) {
                    best = Some((gamma_rad, l));
                }
                r
            }
            // Global reach at this angle: longer than any bounded range (which stays
            // below half the circumference); the direction is global (below).
            None => {
                escaped = true;
                earth.half_circumference_m()
            }
        })
    };
    // The optimum moves little from the two-body guess: a narrow bracket first,
    // the whole quarter circle if the answer sits on its edge.
    let search = Search::Bracket {
        lo: (guess_rad - 0.05).max(0.0),
        hi: (guess_rad + 0.05).min(FRAC_PI_2 - 1e-6),
        limits: (0.0, FRAC_PI_2 - 1e-6),
    };
    let gamma_tol_rad = if earth.reentry_beta_kg_m2.is_some() { GAMMA_TOL_DRAG_RAD } else { GAMMA_TOL_RAD };
    let (gamma_rad, _, report) = maximize(range_of, search, gamma_tol_rad, 200)?;
    let report = report.in_unit(Unit::Radian);
    if escaped {
        return Ok(Standard::GlobalReach);
    }
    if !report.converged() {
        return Err(Error::NoSolution {
            what: format!("maximum range over flight-path angle (model {model})"),
            report,
        });
    }
    match best {
        Some((g, landed))
            if opts.samples == 0
                && g == gamma_rad
                && landed.range_m < GLOBAL_FRACTION * earth.half_circumference_m() =>
        {
            Ok(Standard::Bounded(StandardFlight {
                azimuth_rad: launch.azimuth_rad,
                gamma_rad,
                landed,
                report,
                floor_active: false,
            }))
        }
        _ => bounded(gamma_rad, report),
    }
}

/// Half-spacing of the two flights with drag either side of the drag-free optimum, rad.
const DRAG_PARABOLA_H_RAD: f64 = 2e-3;

/// How far from the drag-free optimum, in spacings, the parabola's vertex may be taken.
const DRAG_PARABOLA_REACH: f64 = 4.0;

/// Agreement of the predicted and the parabola's vertex under which the predicted one,
/// already flown, is the standard trajectory, rad: it then misses the maximum by
/// ½ |R''| δ² ≤ ½ · 2.5e7 m · (5e-6)² = 0.3 mm, and the angle by 3e-4°.
const VERTEX_AGREES_RAD: f64 = 5e-6;

/// The standard trajectory with re-entry drag from the drag-free one over the rotating
/// sphere (whose flights are conics in closed form): the ellipsoid, J2 and drag move the
/// range-maximising angle by a few milliradians (drag by the slope of the range it takes
/// away over the range's curvature); two flights with drag 2 mrad either side of the
/// conic's optimum give the slope, the conic's curvature (closed form) the vertex, which
/// is flown; the parabola through the three flights checks it (its cubic term moves the
/// vertex by about 1e-6 rad, 1e-5 m of range; the ranges' scatter of 0.3 mm by 1e-8 rad)
/// and is flown when they disagree by more than [`VERTEX_AGREES_RAD`]. Three flights
/// with drag, sometimes four. None when that does not hold (the conic has no optimum, a
/// flight does not land, a vertex falls outside four spacings, or the answer is shorter
/// than a flight either side): the caller then searches with drag alone. Tested against a fine scan and the independent implementation's drag cases.
fn with_drag_from_vacuum(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    speed_m_s: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<Option<Standard>> {
    // The drag-free optimum over the rotating sphere, whose flights are conics in closed
    // form: the ellipsoid, J2 and drag each move it by a few milliradians.
    let sphere = Earth { j2: 0.0, surface: crate::earth::Surface::Sphere, reentry_beta_kg_m2: None, ..*earth };
    let conic_range = |gamma_rad: f64| -> f64 {
        let b = Burnout { speed_m_s, gamma_rad, altitude_m };
        crate::flight::semi_analytic(&sphere, launch, &b).map_or(f64::NAN, |f| -f.range_m)
    };
    let (g_lo, g_hi) = (0.05, FRAC_PI_2 - 0.05);
    let (g0, _, conic_report) = crate::numerics::solve::brent_minimize(conic_range, g_lo, g_hi, 1e-7, 100);
    if !conic_report.converged() || !conic_range(g0).is_finite() {
        return Ok(None);
    }
    let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..*opts };
    let h = DRAG_PARABOLA_H_RAD;
    let fly = |gamma_rad: f64, o: &FlightOptions| -> Result<Option<Flight>> {
        if !(0.0..FRAC_PI_2).contains(&gamma_rad) {
            return Ok(None);
        }
        model::forward(model, earth, launch, &Burnout { speed_m_s, gamma_rad, altitude_m }, o)
    };
    // The conic's curvature in the angle (closed form) and the slope of two flights with
    // drag either side of its optimum predict the vertex, which is flown.
    let conic_curvature_m = -(conic_range(g0 + h) - 2.0 * conic_range(g0) + conic_range(g0 - h));
    if !(conic_curvature_m.is_finite() && conic_curvature_m < 0.0) {
        return Ok(None);
    }
    let (Some(a), Some(c)) = (fly(g0 - h, &quiet)?, fly(g0 + h, &quiet)?) else {
        return Ok(None);
    };
    let g1 = g0 - 0.5 * h * (c.range_m - a.range_m) / conic_curvature_m;
    if !g1.is_finite() || (g1 - g0).abs() > DRAG_PARABOLA_REACH * h {
        return Ok(None);
    }
    let Some(first) = fly(g1, &quiet)? else { return Ok(None) };
    // The parabola through the three flights with drag: its vertex is the optimum to
    // the cubic term (about 1e-6 rad). When it lies within VERTEX_AGREES_RAD of the
    // flown one (½ R'' δ² under 0.01 m), the flown one stands; otherwise it is flown.
    let vertex = |p: [(f64, f64); 3]| -> Option<f64> {
        let [(x0, y0), (x1, y1), (x2, y2)] = p;
        let num = (x1 - x0).powi(2) * (y1 - y2) - (x1 - x2).powi(2) * (y1 - y0);
        let den = (x1 - x0) * (y1 - y2) - (x1 - x2) * (y1 - y0);
        (den != 0.0 && num.is_finite()).then(|| x1 - 0.5 * num / den)
    };
    let mut pts = [(g0 - h, a.range_m), (g1, first.range_m), (g0 + h, c.range_m)];
    pts.sort_by(|p, q| p.0.total_cmp(&q.0));
    let Some(g2) = vertex(pts) else { return Ok(None) };
    if (g2 - g0).abs() > DRAG_PARABOLA_REACH * h {
        return Ok(None);
    }
    let mut flights = 3;
    let last_step_rad = (g2 - g1).abs();
    let (gamma_rad, landed) = if last_step_rad <= VERTEX_AGREES_RAD && quiet == *opts {
        (g1, first)
    } else {
        flights += 1;
        match fly(g2, opts)? {
            Some(f) if f.range_m >= first.range_m => (g2, f),
            _ if quiet == *opts => (g1, first),
            _ => {
                flights += 1;
                let Some(f) = fly(g1, opts)? else { return Ok(None) };
                (g1, f)
            }
        }
    };
    let offset = gamma_rad - g0;
    if landed.range_m < a.range_m.max(c.range_m) || landed.range_m >= GLOBAL_FRACTION * earth.half_circumference_m() {
        return Ok(None);
    }
    let report = SolverReport {
        stop: crate::numerics::solve::StopReason::Converged,
        iterations: 1,
        evaluations: conic_report.evaluations + 3 + flights,
        residual: last_step_rad.min(offset.abs()),
        unit: Unit::Radian,
    };
    Ok(Some(Standard::Bounded(StandardFlight {
        azimuth_rad: launch.azimuth_rad,
        gamma_rad,
        landed,
        report,
        floor_active: false,
    })))
}

/// Maximum range toward one azimuth, in a compact form for sweeps and tables.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AzimuthRange {
    /// Launch azimuth, rad clockwise from north.
    pub azimuth_rad: f64,
    /// Maximum range, m; None for global reach.
    pub range_m: Option<f64>,
    /// Range-maximising flight-path angle at burnout, rad; None for global reach. (Model
    /// boost: the Earth-relative flight-path angle at the simulated burnout of the
    /// range-maximising kick, as in the headline standard trajectory, not the kick.)
    pub gamma_rad: Option<f64>,
    /// Flight time of the standard trajectory, s; None for global reach.
    pub flight_time_s: Option<f64>,
    /// Latitude of the standard trajectory's impact point, rad; None for global reach.
    /// (On a rotating Earth the impact is not on the great circle at `azimuth_rad`.)
    pub impact_lat_rad: Option<f64>,
    /// Longitude of the standard trajectory's impact point, rad; None for global reach.
    pub impact_lon_rad: Option<f64>,
}

impl AzimuthRange {
    /// The compact form of a standard trajectory toward `azimuth_rad`.
    pub fn from_standard(azimuth_rad: f64, s: &Standard) -> Self {
        let f = s.flight();
        AzimuthRange {
            azimuth_rad,
            range_m: f.map(|f| f.landed.range_m),
            gamma_rad: f.map(|f| f.gamma_rad),
            flight_time_s: f.map(|f| f.landed.flight_time_s),
            impact_lat_rad: f.map(|f| f.landed.impact_lat_rad),
            impact_lon_rad: f.map(|f| f.landed.impact_lon_rad),
        }
    }
}

/// Standard range toward each of `azimuths_rad` (normalised to [0, 2π) before the call),
/// where `toward(azimuth)` computes the standard trajectory toward one launch azimuth
/// (any model: impulsive or boost). In parallel; `toward` being deterministic, the
/// result does not depend on the number of threads (order is kept).
pub fn by_azimuth_with<F>(azimuths_rad: &[f64], toward: F) -> Result<Vec<AzimuthRange>>
where
    F: Fn(f64) -> Result<AzimuthRange> + Sync,
{
    azimuths_rad.par_iter().map(|&az| toward(geo::normalize_angle_rad(az))).collect()
}

/// Standard range over all launch azimuths: the sampled contour and its extremes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// Range toward each sampled azimuth, in azimuth order.
    pub points: Vec<AzimuthRange>,
    /// The longest range (refined between samples by Brent); global reach counts as longest.
    pub max: AzimuthRange,
    /// The shortest range (refined between samples by Brent).
    pub min: AzimuthRange,
}

/// Sweep all azimuths in steps of `step_rad` (rounded to a whole number of steps per
/// turn, at least 4), where `toward(azimuth)` computes the standard trajectory toward
/// one launch azimuth in [0, 2π) (any model: impulsive or boost). With `refine`, the
/// longest and shortest samples are refined by Brent's minimiser between their
/// neighbours (kept when refinement fails or does worse); without, they are the
/// sampled extremes. The samples run in parallel, in azimuth order whatever the threads.
pub fn sweep_with<F>(step_rad: f64, refine: bool, toward: F) -> Result<Sweep>
where
    F: Fn(f64) -> Result<AzimuthRange> + Sync,
{
    if !(step_rad.is_finite() && step_rad >= 0.01_f64.to_radians() && step_rad <= 90_f64.to_radians()) {
        return Err(Error::invalid(
            "sweep step",
            format!("{} deg", step_rad.to_degrees()),
            "a step from 0.01 to 90 degrees",
        ));
    }
    let n = (std::f64::consts::TAU / step_rad).round().max(4.0) as usize;
    let azimuths: Vec<f64> = (0..n).map(|i| std::f64::consts::TAU * i as f64 / n as f64).collect();
    let points = by_azimuth_with(&azimuths, &toward)?;
    let key = |p: &AzimuthRange| p.range_m.unwrap_or(f64::INFINITY);
    let imax = (0..n).max_by(|&a, &b| key(&points[a]).total_cmp(&key(&points[b]))).unwrap_or(0);
    let imin = (0..n).min_by(|&a, &b| key(&points[a]).total_cmp(&key(&points[b]))).unwrap_or(0);
    let refine_at = |i: usize, sign: f64| -> Result<AzimuthRange> {
        if points[i].range_m.is_none() || !refine {
            return Ok(points[i]);
        }
        let h = std::f64::consts::TAU / n as f64;
        // A failed flight or a global-reach azimuth met while refining stops the
        // refinement: the sampled extreme is kept.
        let f = |az: f64| -> std::result::Result<f64, ()> {
            match toward(geo::normalize_angle_rad(az)) {
                Ok(AzimuthRange { range_m: Some(r), .. }) => Ok(sign * r),
                _ => Err(()),
            }
        };
        let c = points[i].azimuth_rad;
        let Ok((az, _, report)) = try_brent_minimize(f, c - h, c + h, 1e-7, 100) else {
            return Ok(points[i]);
        };
        let refined = toward(geo::normalize_angle_rad(az))?;
        // Keep the sample if refinement failed or did worse.
        Ok(match (report.converged(), refined.range_m, points[i].range_m) {
            (true, Some(r), Some(p)) if sign * r <= sign * p => refined,
            _ => points[i],
        })
    };
    let max = refine_at(imax, -1.0)?;
    let min = refine_at(imin, 1.0)?;
    Ok(Sweep { points, max, min })
}
