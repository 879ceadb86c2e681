//! A free flight from an impulsive burnout state to impact, integrated numerically
//! (models `sphere` and `rotating` of MODEL.md; J2 ready for the ellipsoidal model).
//! The free flight is flown by one loop (`coast`) for every model: from an impulsive
//! burnout ([`fly`]) and after the boost model's powered ascent (`crate::vehicle::powered`,
//! with forces of its own: the vehicle's drag up to apogee, or a uniform field in tests).
//!
//! The state is integrated in an inertial frame aligned with the Earth-fixed frame at
//! burnout (z along the spin axis). Burnout is `altitude_m` directly above the launch
//! site; the burnout velocity is given relative to the rotating Earth, so the inertial
//! velocity is v_rel + ω × r. Apogee (radial velocity r·v = 0, falling) and impact
//! (altitude 0, falling) are located on the dense output, never taken at a step end.

pub mod kepler;
pub mod trajectory;

use nalgebra::{SVector, Vector3};
use serde::{Deserialize, Serialize};

use crate::earth::{Earth, Surface};
use crate::error::Result;
use crate::flight::kepler::Burnout;
use crate::flight::trajectory::{Trajectory, TrajectoryPoint};
use crate::geo;
use crate::numerics::integrate::{propagate, Crossing, Stats, Tolerances};

/// State vector: inertial position (m) then velocity (m/s).
pub type State = SVector<f64, 6>;

/// Where a flight starts and which way it goes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    /// Geocentric latitude of the launch site, rad.
    pub lat_rad: f64,
    /// Longitude of the launch site, rad.
    pub lon_rad: f64,
    /// Launch azimuth, rad clockwise from north.
    pub azimuth_rad: f64,
}

impl Launch {
    /// The launch used by the non-rotating `sphere` model: on the equator, due east.
    /// (On a non-rotating sphere the direction does not matter.)
    pub const EQUATOR_EAST: Launch = Launch { lat_rad: 0.0, lon_rad: 0.0, azimuth_rad: std::f64::consts::FRAC_PI_2 };
}

/// Integration settings of a flight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlightOptions {
    /// Relative tolerance of the integrator.
    pub rtol: f64,
    /// Absolute tolerance of the integrator (m and m/s).
    pub atol: f64,
    /// Number of points to sample for plotting (0: none, no allocation).
    pub samples: usize,
    /// Stop at apogee instead of impact (for solvers that need only the apogee).
    pub stop_at_apogee: bool,
    /// Relative tolerance through the air with re-entry drag, where it is looser than
    /// `rtol` (`IN_AIR_RTOL` by default; `rtol` itself for a reference flight).
    #[serde(default = "in_air_rtol")]
    pub in_air_rtol: f64,
}

fn in_air_rtol() -> f64 {
    IN_AIR_RTOL
}

impl Default for FlightOptions {
    fn default() -> Self {
        FlightOptions { rtol: 1e-12, atol: 1e-9, samples: 0, stop_at_apogee: false, in_air_rtol: IN_AIR_RTOL }
    }
}

/// A flight that came down: the one flight type of every model (impulsive free flight,
/// or powered flight with its boost part).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flight {
    /// Maximum altitude above the surface, m.
    pub apogee_m: f64,
    /// Time of apogee after burnout, s.
    pub apogee_time_s: f64,
    /// Great-circle distance from the launch site to the Earth-fixed impact point, m.
    pub range_m: f64,
    /// Free-flight time from burnout to impact, s.
    pub flight_time_s: f64,
    /// Earth-fixed impact latitude, rad.
    pub impact_lat_rad: f64,
    /// Earth-fixed impact longitude, rad.
    pub impact_lon_rad: f64,
    /// Integrator statistics.
    pub stats: Stats,
    /// Sampled trajectory when requested.
    pub trajectory: Option<Trajectory>,
    /// The powered part (model boost): kick, burnout state, velocity budget. None for
    /// an impulsive burnout. Times and ranges above are then from lift-off.
    #[serde(default)]
    pub boost: Option<Box<Powered>>,
}

impl Flight {
    /// The powered part of a boosted flight (flights flown by the boost model have one).
    pub fn powered(&self) -> &Powered {
        self.boost.as_deref().expect("a flight of the boost model has its powered part")
    }
}

/// The powered part of a boosted flight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Powered {
    /// Kick angle flown, rad from the vertical.
    pub kick_rad: f64,
    /// The burnout state and the velocity budget up to it.
    pub burnout: BurnoutState,
    /// The range, negative when the impact lies behind the launch site (a near-vertical
    /// flight drifts west with the Earth's rotation), m.
    pub signed_range_m: f64,
}

/// The vehicle's state at the final burnout, and the velocity budget up to it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BurnoutState {
    /// Time of burnout after lift-off, s.
    pub time_s: f64,
    /// Altitude, m.
    pub altitude_m: f64,
    /// Ground distance from the launch site (Earth-fixed), m.
    pub downrange_m: f64,
    /// Speed relative to the rotating Earth, m/s.
    pub speed_m_s: f64,
    /// Inertial speed, m/s.
    pub inertial_speed_m_s: f64,
    /// Flight-path angle of the Earth-relative velocity above the local horizontal, rad.
    pub gamma_rad: f64,
    /// Ideal (Tsiolkovsky) velocity increment, m/s.
    pub ideal_delta_v_m_s: f64,
    /// Gravity loss ∫ −g·v̂ dt, m/s.
    pub gravity_loss_m_s: f64,
    /// Drag loss ∫ |D|/m dt, m/s.
    pub drag_loss_m_s: f64,
    /// Steering loss ∫ (T/m)(1 − cos α) dt, α the angle between thrust and velocity, m/s.
    pub steering_loss_m_s: f64,
    /// Back-pressure loss ∫ ΔT(p)/m dt, m/s: what the ambient pressure takes from the
    /// vacuum thrust of stages with a sea-level exhaust velocity (0 for the others).
    #[serde(default)]
    pub back_pressure_loss_m_s: f64,
    /// Mass at burnout, kg.
    pub mass_kg: f64,
    /// Maximum dynamic pressure during the ascent so far, Pa.
    pub max_dynamic_pressure_pa: f64,
}

/// The outcome of a flight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// It came down (or, with `stop_at_apogee`, reached apogee: then range and time are at apogee).
    Landed(Flight),
    /// Global reach toward this direction (MODEL.md): it never came down within one
    /// orbital period (orbit or escape), or it passed the farthest point from the site
    /// before coming down.
    Global,
}

impl Outcome {
    /// The landed flight, if any.
    pub fn landed(self) -> Option<Flight> {
        match self {
            Outcome::Landed(l) => Some(l),
            Outcome::Global => None,
        }
    }
}

/// Inertial burnout state for a burnout given relative to the rotating Earth.
pub fn initial_state(earth: &Earth, launch: &Launch, burnout: &Burnout) -> State {
    // At the burnout altitude on the local vertical (the ellipsoid normal through a
    // geodetic site); the flight-path angle is measured from the plane normal to it.
    let r = earth.surface_point(launch.lat_rad, launch.lon_rad, burnout.altitude_m);
    let dir = geo::direction(launch.lat_rad, launch.lon_rad, launch.azimuth_rad, burnout.gamma_rad);
    let v = burnout.speed_m_s * dir + earth.omega_vec_rad_s().cross(&r);
    State::from_iterator(r.iter().chain(v.iter()).copied())
}

#[inline]
fn pos(y: &State) -> Vector3<f64> {
    Vector3::new(y[0], y[1], y[2])
}

#[inline]
fn vel(y: &State) -> Vector3<f64> {
    Vector3::new(y[3], y[4], y[5])
}

/// Fly a burnout state to impact (or apogee), numerically, through the one
/// propagation loop ([`crate::numerics::integrate::propagate`]).
pub fn fly(earth: &Earth, launch: &Launch, burnout: &Burnout, opts: &FlightOptions) -> Result<Outcome> {
    let y0 = initial_state(earth, launch, burnout);
    let (r0, v0) = (pos(&y0), vel(&y0));
    // Energy decides escape; otherwise one orbital period bounds the search for impact.
    let energy = 0.5 * v0.norm_squared() - earth.mu_m3_s2 / r0.norm();
    if energy >= 0.0 {
        return Ok(Outcome::Global);
    }
    let sma_m = -earth.mu_m3_s2 / (2.0 * energy);
    let t_max_s = 1.05 * std::f64::consts::TAU * (sma_m.powi(3) / earth.mu_m3_s2).sqrt();
    let site = earth.surface_point(launch.lat_rad, launch.lon_rad, 0.0).normalize();
    let run = coast(earth, site, Ballistic, 0.0, y0, t_max_s, opts)?;
    let Some((t_imp, y_imp)) = run.landed else { return Ok(Outcome::Global) };
    let (apogee_time_s, apogee_m) = run.apogee.unwrap_or((0.0, earth.altitude_m(&r0)));
    let r_fixed = geo::rotate_z(&pos(&y_imp), -earth.omega_rad_s * t_imp);
    let (impact_lat_rad, impact_lon_rad, range_m) = earth.ground_track(launch.lat_rad, launch.lon_rad, &site, &r_fixed);
    let trajectory = (opts.samples > 0).then(|| Trajectory {
        apogee_m,
        range_m,
        flight_time_s: t_imp,
        points: sample(earth, launch, &site, &run.pieces, t_imp, opts.samples),
    });
    Ok(Outcome::Landed(Flight {
        apogee_m,
        apogee_time_s,
        range_m,
        flight_time_s: t_imp,
        impact_lat_rad,
        impact_lon_rad,
        stats: run.stats,
        trajectory,
        boost: None,
    }))
}

/// What acts on a free flight besides the Earth's re-entry drag (DESIGN.md, "One
/// flight": the forces of a flight). An impulsive burnout's flight has the Earth's gravity
/// alone ([`Ballistic`]); the boost model's coast after burnout has its own gravity
/// model and, up to apogee, the vehicle's drag (`crate::vehicle::powered`).
pub(crate) trait Forces {
    /// Gravity at inertial position `r`, m/s² (default: the Earth's).
    #[inline(always)]
    fn gravity_m_s2(&self, earth: &Earth, r: &Vector3<f64>) -> Vector3<f64> {
        earth.gravity_m_s2(r)
    }
    /// True when a force besides gravity acts on the way up: the ascent is then a phase
    /// of its own, ended at apogee.
    #[inline(always)]
    fn on_ascent(&self) -> bool {
        false
    }
    /// That force's acceleration at inertial position `r` and velocity `v` at `t_s`, m/s².
    fn ascent_m_s2(&self, _t_s: f64, _r: &Vector3<f64>, _v: &Vector3<f64>) -> Vector3<f64> {
        Vector3::zeros()
    }
    /// Where that force next loses its smoothness within the coming step
    /// ([`propagate::Dynamics::next_corner_s`]).
    fn ascent_corner_s(&self, _t_s: f64, _y: &State, _dydt: &State, _h_s: f64) -> Option<f64> {
        None
    }
    /// True when the two-body conic from the start bounds the flight's arc, so that the
    /// farthest-point event can be left unarmed for a flight that cannot get near a
    /// quarter circumference (the Earth's gravity alone); false arms it always.
    fn conic_bounds_arc(&self) -> bool {
        true
    }
}

/// The Earth's gravity alone (and its re-entry drag, if any): an impulsive burnout's
/// free flight.
pub(crate) struct Ballistic;

impl Forces for Ballistic {}

/// A free flight flown by [`coast`].
pub(crate) struct Coasted {
    /// Time (s) and inertial state at impact, or at apogee with `stop_at_apogee`; None
    /// for global reach (no impact within the time limit, or the farthest point from the
    /// site passed beyond a quarter circumference).
    pub(crate) landed: Option<(f64, State)>,
    /// (time, altitude) of apogee, once seen (s, m); at the start when it starts falling.
    pub(crate) apogee: Option<(f64, f64)>,
    /// Integrator statistics.
    pub(crate) stats: Stats,
    /// The dense output, when samples were asked for.
    pub(crate) pieces: Vec<propagate::Piece<6>>,
}

/// The one free flight of loftrange: from inertial state `y0` at `t0_s` (s after the
/// launch, in the inertial frame aligned with the Earth-fixed one at the launch) under
/// `forces`, to impact (or apogee with `stop_at_apogee`), through the one propagation
/// loop ([`crate::numerics::integrate::propagate`]). `site` is the Earth-fixed unit
/// vector of the launch site, `t_max_s` the time limit (s after the launch). With
/// re-entry drag (the Earth's) the flight is integrated by a loop of its own
/// (monomorphised), so that the drag-free flights carry none of the air's phases, events
/// and corners.
pub(crate) fn coast<F: Forces>(
    earth: &Earth,
    site: Vector3<f64>,
    forces: F,
    t0_s: f64,
    y0: State,
    t_max_s: f64,
    opts: &FlightOptions,
) -> Result<Coasted> {
    if earth.reentry_beta_kg_m2.is_some() {
        coast_with::<true, F>(earth, site, forces, t0_s, y0, t_max_s, opts)
    } else {
        coast_with::<false, F>(earth, site, forces, t0_s, y0, t_max_s, opts)
    }
}

/// [`coast`] with (`DRAG`) or without re-entry drag.
fn coast_with<const DRAG: bool, F: Forces>(
    earth: &Earth,
    site: Vector3<f64>,
    forces: F,
    t0_s: f64,
    y0: State,
    t_max_s: f64,
    opts: &FlightOptions,
) -> Result<Coasted> {
    let (r0, v0) = (pos(&y0), vel(&y0));
    let conic_bound = forces.conic_bounds_arc();
    let mut coast = Coast::<DRAG, F>::new(earth, site, t_max_s, forces);
    // The farthest-point event matters only for flights that get beyond a quarter
    // circumference from the site. With point-mass gravity the inertial path is a conic
    // whose arc to the surface is closed form; the Earth-fixed angle from the site differs
    // from it by at most the Earth's turn over the flight and the burnout point's offset;
    // J2 and drag change it by far less than the margin.
    let r_low_m = match earth.surface {
        Surface::Sphere => earth.radius_m,
        Surface::Ellipsoid(e) => e.b_m(),
    };
    if conic_bound {
        if let Some(arc_rad) = conic_arc_rad(earth.mu_m3_s2, &r0, &v0, r_low_m) {
            let offset = geo::central_angle_rad(&site, &r0);
            let bound = arc_rad + offset + earth.omega_rad_s.abs() * t_max_s + 0.05;
            coast.farthest_armed = bound >= FARTHEST_MIN_ANGLE_RAD;
        }
    }
    let descending = propagate::Dynamics::event(&coast, EV_APOGEE, t0_s, &y0) <= 0.0;
    // Re-entry drag acts from apogee to impact (MODEL.md model 4): a drag-free ascent,
    // the descent above the air, then the descent through it with drag.
    coast.in_air_rtol = opts.in_air_rtol;
    let mut control = CoastControl::new(opts.stop_at_apogee, earth, site);
    control.drag = DRAG;
    control.split = coast.split();
    if descending {
        control.apogee = Some((t0_s, earth.altitude_m(&r0)));
    }
    let tol = Tolerances { rtol: opts.rtol, atol: opts.atol };
    let run = propagate::propagate(&coast, &mut control, t0_s, y0, tol, opts.samples > 0)?;
    let landed = match run.end {
        propagate::End::Stopped { event: EV_IMPACT | EV_APOGEE } => Some((run.t_s, run.y)),
        _ => None,
    };
    Ok(Coasted { landed, apogee: control.apogee, stats: run.stats, pieces: run.pieces })
}

/// Event: apogee (radial velocity r·v falls through 0).
const EV_APOGEE: usize = 0;
/// Event: impact (altitude falls through 0).
const EV_IMPACT: usize = 1;
/// Event: the sub-point's distance from the site stops growing (MODEL.md, "Global
/// reach is a result per direction").
const EV_FARTHEST: usize = 2;
/// Event: the descent enters the air (the height falls through the atmosphere's top,
/// [`crate::earth::atmosphere::CUTOFF_ALTITUDE_M`]); armed only with re-entry drag.
const EV_ENTRY: usize = 3;

/// Phases of a flight with re-entry drag: the ascent to apogee, the descent above the
/// air, the descent through it (with drag). Without re-entry drag but with a force on
/// the ascent ([`Forces::on_ascent`]) the ascent and the descent; with neither, the
/// flight is one phase.
const PHASE_ASCENT: usize = 0;
const PHASE_ABOVE_AIR: usize = 1;
const PHASE_IN_AIR: usize = 2;

/// Relative tolerance of the integrator through the air (re-entry drag), where the
/// flight's own tolerance would be far tighter than the physics: the density of the U.S.
/// Standard Atmosphere differs from the day's air by tens of per cent and the ballistic
/// coefficient is known to no better, while the range moves by under a metre from this
/// tolerance to 1e-12 (tested against an rtol 1e-12 reference). A flight asked for a
/// tighter tolerance than this (a reference) keeps its own.
pub const IN_AIR_RTOL: f64 = 1e-6;

/// A corner of the air counts as reached within this geopotential height of it, m': a
/// step that starts there is not cut again.
const CORNER_REACHED_M: f64 = 1e-3;

/// The free flight as [`propagate::Dynamics`]: gravity, a force on the ascent if
/// `forces` has one, and through the air on the descent re-entry drag when the Earth has
/// it.
struct Coast<const DRAG: bool, F: Forces = Ballistic> {
    earth: Earth,
    forces: F,
    /// Launch site, Earth-fixed unit vector.
    site: Vector3<f64>,
    t_max_s: f64,
    /// Relative tolerance through the air ([`FlightOptions::in_air_rtol`]).
    in_air_rtol: f64,
    /// Is the farthest-point event looked for? (Not when the flight cannot get near a
    /// quarter circumference from the site.)
    farthest_armed: bool,
}

impl<const DRAG: bool, F: Forces> Coast<DRAG, F> {
    fn new(earth: &Earth, site: Vector3<f64>, t_max_s: f64, forces: F) -> Self {
        Coast { earth: *earth, forces, site, t_max_s, in_air_rtol: IN_AIR_RTOL, farthest_armed: true }
    }

    #[inline(always)]
    fn drag_in_phase(&self, phase: usize) -> bool {
        DRAG && phase == PHASE_IN_AIR
    }

    /// True when the ascent is a phase of its own (ended at apogee).
    #[inline(always)]
    fn split(&self) -> bool {
        DRAG || self.forces.on_ascent()
    }

    #[inline(always)]
    fn ascent_force_in_phase(&self, phase: usize) -> bool {
        self.forces.on_ascent() && phase == PHASE_ASCENT
    }

    /// [`propagate::Dynamics::next_corner_s`] through the air (kept out of line: the
    /// drag-free flights' loop stays small).
    #[inline(never)]
    fn corner_in_air(&self, t_s: f64, y: &State, dydt: &State, h_s: f64) -> Option<f64> {
        air_corner_s(&self.earth, t_s, y, dydt, h_s)
    }
}

/// The first corner of the air (a layer of the U.S. Standard Atmosphere 1976) within the
/// coming step of a free flight from `y` (derivative `dydt`) at `t_s` over `h_s`, as a
/// time (s); None when the step crosses none ([`propagate::Dynamics::next_corner_s`]).
pub(crate) fn air_corner_s(earth: &Earth, t_s: f64, y: &State, dydt: &State, h_s: f64) -> Option<f64> {
    // The air's layers along the parabola of the position (velocity and acceleration
    // known at the step's start): the crossing of the first layer between the step's
    // ends, by secant steps on that parabola. Its error, of the order of the jerk
    // times h³, shrinks with each cut step, so a corner is reached within a
    // millimetre after one or two cuts, and no step straddles it.
    let at = |dt: f64| -> f64 {
        let r = pos(y) + vel(y) * dt + Vector3::new(dydt[3], dydt[4], dydt[5]) * (0.5 * dt * dt);
        crate::earth::atmosphere::geopotential_m(earth.height_m(&r))
    };
    let (g0, g1) = (at(0.0), at(h_s));
    let corners = &crate::earth::atmosphere::CORNERS_GEOPOTENTIAL_M;
    let corner = if g1 < g0 {
        corners.iter().rev().copied().find(|&c| c < g0 - CORNER_REACHED_M && c >= g1)
    } else {
        corners.iter().copied().find(|&c| c > g0 + CORNER_REACHED_M && c <= g1)
    }?;
    let (mut a, mut fa, mut b, mut fb) = (0.0, g0 - corner, h_s, g1 - corner);
    let mut t = h_s * fa / (fa - fb);
    for _ in 0..4 {
        let ft = at(t) - corner;
        if ft.abs() < 0.1 * CORNER_REACHED_M {
            break;
        }
        if (ft < 0.0) == (fa < 0.0) {
            (a, fa) = (t, ft);
        } else {
            (b, fb) = (t, ft);
        }
        t = a + (b - a) * fa / (fa - fb);
    }
    Some(t_s + t)
}

/// Re-entry drag acceleration, m/s²: −ρ(h) |v_air| v_air / (2β) with v_air the velocity
/// relative to the co-rotating atmosphere and h the height above the surface (MODEL.md
/// model 4; U.S. Standard Atmosphere 1976, zero above 150 km).
// Not inlined: the drag-free right-hand side (every flight of the spherical models) must
// stay small enough for the integrator to inline it.
#[inline(never)]
pub fn reentry_drag_m_s2(earth: &Earth, beta_kg_m2: f64, r: &Vector3<f64>, v: &Vector3<f64>) -> Vector3<f64> {
    let h = earth.height_m(r);
    if h >= crate::earth::atmosphere::CUTOFF_ALTITUDE_M {
        return Vector3::zeros();
    }
    let rho = crate::earth::atmosphere::air(h).density_kg_m3;
    let v_air = v - earth.omega_vec_rad_s().cross(r);
    -rho * v_air.norm() / (2.0 * beta_kg_m2) * v_air
}

/// Rate of change of cos(central angle) between the site and the sub-point, sign
/// flipped: positive while the sub-point moves away from the site (Earth-fixed).
/// In inertial axes: the site turns with the Earth and the sub-point moves with the
/// Earth-relative velocity's horizontal part.
#[inline]
fn receding_rate(earth: &Earth, site_fixed: &Vector3<f64>, t_s: f64, r: &Vector3<f64>, v: &Vector3<f64>) -> f64 {
    let site = if earth.omega_rad_s == 0.0 { *site_fixed } else { geo::rotate_z(site_fixed, earth.omega_rad_s * t_s) };
    let v_rel = v - earth.omega_vec_rad_s().cross(r);
    let up = r / r.norm();
    let horizontal = v_rel - up * v_rel.dot(&up);
    -site.dot(&horizontal)
}

/// Central angle between the Earth-fixed site and the sub-point of inertial position
/// `r` at time `t_s`, rad.
#[inline]
fn angle_from_site_rad(earth: &Earth, site_fixed: &Vector3<f64>, t_s: f64, r: &Vector3<f64>) -> f64 {
    let r_fixed = geo::rotate_z(r, -earth.omega_rad_s * t_s);
    geo::central_angle_rad(site_fixed, &r_fixed)
}

/// What the free flight does at apogee: record the first
/// one (time, height), then stop there if asked, or go on with `then`.
fn at_apogee(
    apogee: &mut Option<(f64, f64)>,
    earth: &Earth,
    t_s: f64,
    r: &Vector3<f64>,
    stop_at_apogee: bool,
    then: propagate::Action,
) -> propagate::Action {
    if apogee.is_some() {
        return propagate::Action::Disarm;
    }
    *apogee = Some((t_s, earth.altitude_m(r)));
    if stop_at_apogee {
        propagate::Action::Stop
    } else {
        then
    }
}

/// What a flight does where its distance from the site stops growing: stop as global
/// reach beyond a quarter circumference, go on otherwise. With re-entry drag the
/// farthest point counts only above the atmosphere (MODEL.md, "Global reach is a result
/// per direction"): a re-entry vehicle slowed by drag falls almost vertically, its
/// sub-point stops receding inside the atmosphere, and that flight lands.
fn at_farthest(earth: &Earth, site: &Vector3<f64>, t_s: f64, r: &Vector3<f64>) -> propagate::Action {
    let in_air =
        earth.reentry_beta_kg_m2.is_some() && earth.altitude_m(r) < crate::earth::atmosphere::CUTOFF_ALTITUDE_M;
    if !in_air && angle_from_site_rad(earth, site, t_s, r) > FARTHEST_MIN_ANGLE_RAD {
        propagate::Action::Stop
    } else {
        propagate::Action::Continue
    }
}

/// A flight whose distance from the site peaks beyond a quarter circumference has
/// passed the farthest point it can reach before it comes down: global reach toward
/// that direction. (Steep shots can peak and fall back much nearer the site: the
/// Earth turns under them; those are not global.)
const FARTHEST_MIN_ANGLE_RAD: f64 = std::f64::consts::FRAC_PI_2;

impl<const DRAG: bool, F: Forces> propagate::Dynamics<6> for Coast<DRAG, F> {
    fn phases(&self) -> usize {
        if DRAG {
            3
        } else if self.split() {
            2
        } else {
            1
        }
    }
    fn tolerances(&self, phase: usize, tol: Tolerances) -> Tolerances {
        if self.drag_in_phase(phase) && tol.rtol < self.in_air_rtol {
            Tolerances { rtol: self.in_air_rtol, atol: tol.atol * self.in_air_rtol / tol.rtol }
        } else {
            tol
        }
    }
    #[inline(always)]
    fn next_corner_s(&self, phase: usize, t_s: f64, y: &State, dydt: &State, h_s: f64) -> Option<f64> {
        if self.ascent_force_in_phase(phase) {
            return self.forces.ascent_corner_s(t_s, y, dydt, h_s);
        }
        if !self.drag_in_phase(phase) {
            return None;
        }
        self.corner_in_air(t_s, y, dydt, h_s)
    }
    fn phase_end(&self, _phase: usize) -> propagate::PhaseEnd {
        propagate::PhaseEnd::Open
    }
    #[inline(always)]
    fn rhs(&self, phase: usize, t_s: f64, y: &State) -> State {
        let mut a = self.forces.gravity_m_s2(&self.earth, &pos(y));
        if self.ascent_force_in_phase(phase) {
            a += self.forces.ascent_m_s2(t_s, &pos(y), &vel(y));
        }
        if self.drag_in_phase(phase) {
            if let Some(beta) = self.earth.reentry_beta_kg_m2 {
                a += reentry_drag_m_s2(&self.earth, beta, &pos(y), &vel(y));
            }
        }
        State::new(y[3], y[4], y[5], a.x, a.y, a.z)
    }
    fn first_step_s(&self, _phase: usize, _t_s: f64, y: &State) -> Option<f64> {
        // A small fraction of the orbital time scale sqrt(r³/μ) (about 800 s near the
        // surface) instead of Hairer's generic guess, which starts far too small here.
        Some(0.02 * (pos(y).norm().powi(3) / self.earth.mu_m3_s2).sqrt())
    }
    fn t_max_s(&self, _phase: usize) -> f64 {
        self.t_max_s
    }
    fn events(&self) -> usize {
        if DRAG {
            4
        } else {
            3
        }
    }
    #[inline(always)]
    fn event(&self, k: usize, t_s: f64, y: &State) -> f64 {
        match k {
            EV_APOGEE => self.earth.climb_event(&pos(y), &vel(y)),
            EV_IMPACT => self.earth.ground_event(&pos(y)),
            EV_FARTHEST => receding_rate(&self.earth, &self.site, t_s, &pos(y), &vel(y)),
            EV_ENTRY => self.earth.height_m(&pos(y)) - crate::earth::atmosphere::CUTOFF_ALTITUDE_M,
            _ => f64::NAN,
        }
    }
    fn crossing(&self, _k: usize) -> Crossing {
        Crossing::Falling
    }
    fn armed(&self, k: usize, phase: usize) -> bool {
        match k {
            EV_FARTHEST => self.farthest_armed,
            EV_ENTRY => DRAG && phase == PHASE_ABOVE_AIR,
            EV_APOGEE => !self.split() || phase == PHASE_ASCENT,
            _ => true,
        }
    }
}

/// The flight of a burnout state over a spherical Earth with point-mass gravity and no
/// air, rotating or not, without integration: in the inertial frame it is a Kepler conic
/// (apogee, impact and its time in closed form, Bate, Mueller & White §4.2); only the
/// impact point's Earth-fixed position turns with the Earth, by ω·t. None when the Earth
/// has J2, an ellipsoid or drag, or when the conic does not come down (global reach).
pub fn semi_analytic(earth: &Earth, launch: &Launch, burnout: &Burnout) -> Option<Flight> {
    if earth.j2 != 0.0 || earth.surface != Surface::Sphere || earth.reentry_beta_kg_m2.is_some() {
        return None;
    }
    let y0 = initial_state(earth, launch, burnout);
    let (r0, v0) = (pos(&y0), vel(&y0));
    let mu = earth.mu_m3_s2;
    let h = r0.cross(&v0);
    let p_m = h.norm_squared() / mu;
    let r0n = r0.norm();
    let e_vec = v0.cross(&h) / mu - r0 / r0n;
    let e = e_vec.norm();
    if !(1e-12..1.0).contains(&e) {
        return None;
    }
    let c_hit = (p_m / earth.radius_m - 1.0) / e;
    if !(-1.0..=1.0).contains(&c_hit) {
        return None;
    }
    let c0 = ((p_m / r0n - 1.0) / e).clamp(-1.0, 1.0).acos();
    let nu0 = if r0.dot(&v0) >= 0.0 { c0 } else { std::f64::consts::TAU - c0 };
    let nu_hit = std::f64::consts::TAU - c_hit.acos();
    if nu_hit < nu0 {
        return None;
    }
    let a_m = p_m / (1.0 - e * e);
    let n = (mu / a_m.powi(3)).sqrt();
    let mean = |nu: f64| {
        let big_e = (2.0 * ((1.0 - e).sqrt() * (0.5 * nu).sin()).atan2((1.0 + e).sqrt() * (0.5 * nu).cos()))
            .rem_euclid(std::f64::consts::TAU);
        big_e - e * big_e.sin()
    };
    let flight_time_s = (mean(nu_hit) - mean(nu0)) / n;
    let (apogee_m, apogee_time_s) = if nu0 < std::f64::consts::PI {
        (a_m * (1.0 + e) - earth.radius_m, (mean(std::f64::consts::PI) - mean(nu0)) / n)
    } else {
        (r0n - earth.radius_m, 0.0)
    };
    // The impact in the orbital plane, then turned back with the Earth.
    let d_nu = nu_hit - nu0;
    let u0 = r0 / r0n;
    let w = h.normalize().cross(&u0);
    let impact = earth.radius_m * (u0 * d_nu.cos() + w * d_nu.sin());
    let r_fixed = geo::rotate_z(&impact, -earth.omega_rad_s * flight_time_s);
    let site = earth.surface_point(launch.lat_rad, launch.lon_rad, 0.0).normalize();
    let (impact_lat_rad, impact_lon_rad) = geo::lat_lon_rad(&r_fixed);
    Some(Flight {
        apogee_m,
        apogee_time_s,
        range_m: earth.radius_m * geo::central_angle_rad(&site, &r_fixed),
        flight_time_s,
        impact_lat_rad,
        impact_lon_rad,
        stats: Stats::default(),
        trajectory: None,
        boost: None,
    })
}

/// Central angle (rad) of the two-body conic of inertial state (r, v) from r to its
/// descending crossing of radius `r_surface_m`; None when it does not come down to it.
fn conic_arc_rad(mu_m3_s2: f64, r: &Vector3<f64>, v: &Vector3<f64>, r_surface_m: f64) -> Option<f64> {
    let h = r.cross(v);
    let p_m = h.norm_squared() / mu_m3_s2;
    let rn = r.norm();
    let e = (v.cross(&h) / mu_m3_s2 - r / rn).norm();
    if e < 1e-9 {
        return None;
    }
    let c_surface = (p_m / r_surface_m - 1.0) / e;
    if !(-1.0..=1.0).contains(&c_surface) {
        return None;
    }
    let c_now = ((p_m / rn - 1.0) / e).clamp(-1.0, 1.0).acos();
    let nu_now = if r.dot(v) >= 0.0 { c_now } else { std::f64::consts::TAU - c_now };
    let nu_hit = std::f64::consts::TAU - c_surface.acos();
    (nu_hit >= nu_now).then_some(nu_hit - nu_now)
}

/// What the free flight does at its events.
struct CoastControl {
    stop_at_apogee: bool,
    /// (time, altitude) of apogee, once seen.
    apogee: Option<(f64, f64)>,
    /// True with re-entry drag: the descent's phases (above the air, in it) follow apogee.
    drag: bool,
    /// True when apogee ends the ascent's phase ([`Coast::split`]).
    split: bool,
    earth: Earth,
    site: Vector3<f64>,
}

impl CoastControl {
    fn new(stop_at_apogee: bool, earth: &Earth, site: Vector3<f64>) -> Self {
        CoastControl { stop_at_apogee, apogee: None, drag: false, split: false, earth: *earth, site }
    }
}

impl propagate::Control<6> for CoastControl {
    fn on_event(&mut self, k: usize, _phase: usize, t_s: f64, y: &State) -> propagate::Action {
        use propagate::Action;
        match k {
            EV_APOGEE => {
                let then = if self.split { Action::EndPhase } else { Action::Disarm };
                at_apogee(&mut self.apogee, &self.earth, t_s, &pos(y), self.stop_at_apogee, then)
            }
            EV_IMPACT => Action::Stop,
            EV_FARTHEST => at_farthest(&self.earth, &self.site, t_s, &pos(y)),
            EV_ENTRY => Action::EndPhase,
            _ => Action::Continue,
        }
    }

    /// A flight that starts on its descent has no ascent phase; with re-entry drag, one
    /// whose apogee is inside the air no descent above it.
    fn skip_phase(&mut self, phase: usize, _t_s: f64, y: &State) -> bool {
        match phase {
            PHASE_ASCENT => self.split && self.apogee.is_some(),
            PHASE_ABOVE_AIR => self.drag && self.earth.height_m(&pos(y)) <= crate::earth::atmosphere::CUTOFF_ALTITUDE_M,
            _ => false,
        }
    }
}

/// Sample `n` points uniformly in time over [0, t_end] from the dense segments.
fn sample(
    earth: &Earth,
    launch: &Launch,
    site: &Vector3<f64>,
    pieces: &[propagate::Piece<6>],
    t_end_s: f64,
    n: usize,
) -> Vec<TrajectoryPoint> {
    propagate::sample_pieces(pieces, 0.0, t_end_s, n)
        .into_iter()
        .map(|(t, y, _)| trajectory_point(earth, launch, site, t, &pos(&y), false))
        .collect()
}

/// Smallest burnout speed accepted in forward mode, m/s: the standard range of
/// 0.2 km/s is about v²/g = 4 km.
pub const MIN_BURNOUT_SPEED_M_S: f64 = 200.0;

/// Largest burnout speed accepted in forward mode, m/s (well above escape speed,
/// 11.2 km/s at the surface).
pub const MAX_BURNOUT_SPEED_M_S: f64 = 20_000.0;

/// The sampled point of a flight at `t_s` (s after the launch) and inertial position
/// `r` (m), `powered` while the engine burns.
pub(crate) fn trajectory_point(
    earth: &Earth,
    launch: &Launch,
    site: &Vector3<f64>,
    t_s: f64,
    r: &Vector3<f64>,
    powered: bool,
) -> TrajectoryPoint {
    let r_fixed = geo::rotate_z(r, -earth.omega_rad_s * t_s);
    let (lat_rad, lon_rad, ground_distance_m) = earth.ground_track(launch.lat_rad, launch.lon_rad, site, &r_fixed);
    TrajectoryPoint {
        time_s: t_s,
        altitude_m: earth.altitude_m(&r_fixed),
        ground_distance_m,
        lat_rad,
        lon_rad,
        powered,
    }
}
