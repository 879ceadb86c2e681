//! The powered flight: lift-off, vertical rise, pitch-over kick, gravity turn,
//! staging, burnout, then the free flight to impact (re-entry ignored).
//!
//! Frame and conventions are those of `flight`: an inertial frame aligned
//! with the Earth-fixed frame at lift-off (t = 0, z along the spin axis); the vehicle
//! starts at rest on the rotating surface (inertial velocity ω × r); the impact is
//! rotated back by ω·t into Earth-fixed coordinates.
//!
//! The powered flight's state has ten components: position (m), velocity (m/s), mass
//! (kg), and three running integrals that split the velocity budget (m/s): the gravity loss
//! ∫ −g·v̂ dt, the drag loss ∫ |D|/m dt and the steering loss ∫ (T/m)(1 − t̂·v̂) dt,
//! with v̂ the direction of the Earth-relative velocity v − ω × r (the air moves with
//! the Earth). Along v̂: d|v_rel|/dt = (T/m) t̂·v̂ − |D|/m + g·v̂ − v̂·(ω × (ω × r)),
//! so Δv_ideal = v_rel(burnout) + gravity + drag + steering losses + a centrifugal
//! remainder (zero on a non-rotating Earth). After the last burnout mass and losses are
//! final: the free flight to impact is the free flight of every model (`crate::flight`'s
//! one coast loop, its events and time limit), flown from the burnout's position and
//! velocity with this vehicle's gravity model and, up to apogee, its drag at the burnout
//! mass.
//!
//! Pitch program: thrust along the local vertical for `vertical_rise_s`; then the kick:
//! the Earth-relative velocity is turned to the kick angle from the local vertical,
//! toward the launch azimuth, its magnitude kept (the classic impulsive pitch-over of
//! gravity-turn models; a real pitch-over costs about speed × kick in steering, a few
//! m/s for a standard trajectory, which is not charged); then a gravity turn, thrust
//! along the Earth-relative velocity projected on the launch plane (the great circle of
//! the site and the launch azimuth, turning with the Earth): guidance holds the plane,
//! otherwise the gravity turn, unstable near the vertical, amplifies the Coriolis and
//! centrifugal tilts of the climb into impacts hundreds of km off the azimuth. (A pitch held at the kick angle until the
//! velocity aligns with it was tried first: on a rotating Earth the Coriolis tilt of
//! a near-vertical climb is as large as a lofted kick, and the range then jumps with
//! the kick, which no root finder can fit.) Thrust and
//! mass flow are constant within a burn (mass follows the rocket equation exactly);
//! the burn ends, the stage drops and the next one ignites at known times, where the
//! integrator is made to stop exactly ([`crate::numerics::integrate::Dop853::with_t_end`]) so that no step
//! straddles a discontinuity. Drag (U.S. Standard Atmosphere 1976, Mach-dependent
//! drag coefficient) acts from lift-off to apogee; the descent is drag-free
//! (re-entry ignored, as in models 1–3 of MODEL.md). The drag is smooth except at the
//! drag table's Mach numbers and the atmosphere's layer boundaries; a step that would
//! cross one of these corners is ended on it (predicted from the state and its
//! derivative, [`propagate::Dynamics::next_corner_s`]): an 8th-order step across a
//! corner is rejected until it is tiny, which made the ascent cost twice its steps.

use nalgebra::{SVector, Vector3};
use serde::{Deserialize, Serialize};

use super::file::{DragCurve, Pitch, Plan};
use crate::earth::atmosphere;
use crate::earth::Earth;
use crate::error::Result;
use crate::flight::trajectory::{Trajectory, TrajectoryPoint};
use crate::flight::{Flight, FlightOptions, Forces, Launch, Powered, State};
use crate::geo;
use crate::numerics::integrate::propagate::corner_fraction;
use crate::numerics::integrate::{propagate, Crossing, DenseSegment, Tolerances};

/// State: position (m), velocity (m/s), mass (kg), gravity, drag, steering and
/// back-pressure losses (m/s).
pub type BoostState = SVector<f64, 11>;

/// Gravity model of a powered flight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Gravity {
    /// The Earth's (point mass, plus J2 when the Earth has it).
    Earth,
    /// A uniform field of this strength along −(local vertical at the launch site), m/s²
    /// (for verification against closed forms; 0 for no gravity).
    Uniform {
        /// Field strength, m/s².
        g_m_s2: f64,
    },
}

/// Settings of a powered flight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoweredOptions {
    /// Relative tolerance of the integrator.
    pub rtol: f64,
    /// Absolute tolerance of the integrator (units of each state component).
    pub atol: f64,
    /// Points to sample for plotting (0: none).
    pub samples: usize,
    /// Drag during the ascent.
    pub drag: bool,
    /// Gravity model.
    pub gravity: Gravity,
    /// Stop at apogee (range and flight time are then those of the apogee).
    pub stop_at_apogee: bool,
    /// Stop at the final burnout (the outcome is then `BurnedOut`).
    pub stop_at_burnout: bool,
}

impl Default for PoweredOptions {
    fn default() -> Self {
        PoweredOptions {
            rtol: 1e-10,
            atol: 1e-6,
            samples: 0,
            drag: true,
            gravity: Gravity::Earth,
            stop_at_apogee: false,
            stop_at_burnout: false,
        }
    }
}

pub use crate::flight::BurnoutState;

/// How a powered flight ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PoweredOutcome {
    /// It came down (or, with `stop_at_apogee`, reached apogee).
    Landed(Flight),
    /// Global reach toward this direction (MODEL.md): orbital or escape energy after
    /// burnout, or the flight passed the farthest point from the site before coming down.
    Global(BurnoutState),
    /// Burnout reached (only with `stop_at_burnout`).
    BurnedOut(BurnoutState),
    /// It hit the ground before burnout (the pitch program turned it down too early).
    Crashed {
        /// Time of ground contact after lift-off, s.
        time_s: f64,
        /// Ground distance at contact, m.
        range_m: f64,
    },
}

/// Steering law of a phase.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Steering {
    /// Thrust along the local vertical.
    Vertical,
    /// Thrust along the Earth-relative velocity (along the kick direction while at rest).
    GravityTurn,
    /// Thrust at the ramp-and-hold program's angle from the local vertical ([`Ramp`]).
    Ramp,
}

/// A ramp-and-hold pitch program: the thrust's angle from the local vertical is 0 until
/// `start_s`, grows linearly in time to `hold_rad` at `stop_s`, then stays there (the
/// elevation above the local horizontal is 90° minus this angle).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ramp {
    start_s: f64,
    stop_s: f64,
    hold_rad: f64,
}

impl Ramp {
    /// The thrust's angle from the local vertical at `t_s`, rad.
    #[inline]
    fn angle_rad(&self, t_s: f64) -> f64 {
        if t_s >= self.stop_s {
            self.hold_rad
        } else if t_s <= self.start_s {
            0.0
        } else {
            self.hold_rad * (t_s - self.start_s) / (self.stop_s - self.start_s)
        }
    }
}

/// What the right-hand side needs in one phase.
#[derive(Clone, Copy)]
struct Phase<'a> {
    earth: Earth,
    gravity: Gravity,
    site_up: Vector3<f64>,
    /// Thrust in vacuum, N.
    thrust_n: f64,
    /// What the ambient pressure takes from it at sea level, N (`Burn::back_pressure_loss_n`).
    back_pressure_loss_n: f64,
    mass_flow_kg_s: f64,
    steering: Steering,
    /// Thrust direction of a gravity turn that starts at rest (kick without vertical rise).
    kick_dir: Vector3<f64>,
    /// Normal of the launch plane (site, launch azimuth) in Earth-fixed axes.
    plane_normal: Vector3<f64>,
    /// The ramp-and-hold program (used by [`Steering::Ramp`] only).
    ramp: Ramp,
    /// Drag table and reference area, when drag acts.
    drag: Option<(&'a DragCurve<'a>, f64)>,
}

/// Position, m: the first three components of a state (the boost's or the coast's).
#[inline]
fn pos<const N: usize>(y: &SVector<f64, N>) -> Vector3<f64> {
    Vector3::new(y[0], y[1], y[2])
}

/// Velocity, m/s: components 3 to 5.
#[inline]
fn vel<const N: usize>(y: &SVector<f64, N>) -> Vector3<f64> {
    Vector3::new(y[3], y[4], y[5])
}

/// Earth-relative velocity, its magnitude and direction (local up when at rest).
#[inline]
fn relative(earth: &Earth, r: &Vector3<f64>, v: &Vector3<f64>) -> (Vector3<f64>, f64, Vector3<f64>) {
    let v_rel = v - earth.omega_vec_rad_s().cross(r);
    let s = v_rel.norm();
    let dir = if s > 1e-9 { v_rel / s } else { r.normalize() };
    (v_rel, s, dir)
}

/// sin x and cos x by their Taylor series for |x| < 0.05 (the Earth's turn during a
/// powered flight: ω·t < 0.05 rad for t < 11 min), where the first omitted terms are
/// below 3e-20: the values of `sin_cos` to the last bit or one unit of it, at a fraction
/// of the cost (the right-hand side of a gravity turn needs them at every evaluation).
#[inline]
fn small_sin_cos(x: f64) -> (f64, f64) {
    let x2 = x * x;
    let sin = x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0))));
    let cos = 1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0)));
    (sin, cos)
}

/// Unit vector at `kick_rad` from the local vertical at r, in the plane of normal
/// `normal`, leaning downrange.
#[inline]
fn pitch_direction(r: &Vector3<f64>, normal: &Vector3<f64>, kick_rad: f64) -> Vector3<f64> {
    let up = r.normalize();
    let ahead = normal.cross(&up).normalize();
    let (sk, ck) = kick_rad.sin_cos();
    up * ck + ahead * sk
}

/// The direction `v` with its component along `normal` removed (guidance holds the
/// thrust in the launch plane); the local vertical if nothing is left.
#[inline]
fn in_plane(v: &Vector3<f64>, normal: &Vector3<f64>, r: &Vector3<f64>) -> Vector3<f64> {
    let p = v - normal * v.dot(normal);
    let n = p.norm();
    if n > 1e-12 {
        p / n
    } else {
        r.normalize()
    }
}

impl Phase<'_> {
    /// The launch plane's normal at time `t_s` in the inertial frame (it turns with the Earth).
    #[inline]
    fn plane_at(&self, t_s: f64) -> Vector3<f64> {
        let x = self.earth.omega_rad_s * t_s;
        if x == 0.0 {
            return self.plane_normal;
        }
        let (sin, cos) = if x.abs() < 0.05 { small_sin_cos(x) } else { x.sin_cos() };
        let n = &self.plane_normal;
        Vector3::new(cos * n.x - sin * n.y, sin * n.x + cos * n.y, n.z)
    }

    fn gravity_at(&self, r: &Vector3<f64>) -> Vector3<f64> {
        match self.gravity {
            Gravity::Earth => self.earth.gravity_m_s2(r),
            Gravity::Uniform { g_m_s2 } => -g_m_s2 * self.site_up,
        }
    }

    /// Dynamic pressure (Pa) and drag deceleration magnitude per unit mass·area (m/s² · kg/m²… applied below).
    #[inline]
    fn air_drag(&self, altitude_m: f64, speed_m_s: f64) -> (f64, f64) {
        match self.drag {
            Some((table, area_m2)) if altitude_m < atmosphere::CUTOFF_ALTITUDE_M => {
                let air = atmosphere::air(altitude_m);
                let q = 0.5 * air.density_kg_m3 * speed_m_s * speed_m_s;
                (q, q * table.cd(speed_m_s / air.speed_of_sound_m_s) * area_m2)
            }
            _ => (0.0, 0.0),
        }
    }

    /// The Mach number and the geopotential altitude (m') at `y`: the coordinates in
    /// which the drag has its corners (the drag table's Mach numbers, the atmosphere's
    /// layers). None when no drag acts in this phase.
    #[inline]
    fn corner_coordinates<const N: usize>(&self, y: &SVector<f64, N>) -> Option<(f64, f64)> {
        self.drag?;
        let r = pos(y);
        let altitude_m = self.earth.altitude_m(&r);
        let (_, speed, _) = relative(&self.earth, &r, &vel(y));
        Some((speed / atmosphere::speed_of_sound_m_s(altitude_m), atmosphere::geopotential_m(altitude_m)))
    }

    /// The first corner of the drag (module docs of [`atmosphere`], [`DragCurve::corners`])
    /// on the straight line from `y` along `dydt` over `h_s`, as a fraction of the step.
    fn next_corner<const N: usize>(&self, y: &SVector<f64, N>, dydt: &SVector<f64, N>, h_s: f64) -> Option<f64> {
        let (mach0, h0) = self.corner_coordinates(y)?;
        let cutoff = atmosphere::geopotential_m(atmosphere::CUTOFF_ALTITUDE_M);
        let (mach1, h1) = self.corner_coordinates(&(y + dydt * h_s))?;
        if h0 > cutoff && h1 > cutoff {
            return None; // above the air: no drag, no corner
        }
        let table = self.drag?.0;
        let in_air = |f: f64| h0 + f * (h1 - h0) < cutoff;
        let mach = corner_fraction(mach0, mach1, table.corners()).filter(|&f| in_air(f));
        let layer = corner_fraction(h0, h1, &atmosphere::CORNERS_GEOPOTENTIAL_M);
        match (mach, layer) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn rhs(&self, t_s: f64, y: &BoostState) -> BoostState {
        let r = pos(y);
        let v = vel(y);
        let m = y[6];
        let (_, speed, vhat) = relative(&self.earth, &r, &v);
        let g = self.gravity_at(&r);
        let altitude_m = self.earth.altitude_m(&r);
        let (_, drag_n) = self.air_drag(altitude_m, speed);
        let a_drag = drag_n / m;
        // The ambient pressure's share of the vacuum thrust (nozzle exit area × p).
        let a_back = if self.thrust_n > 0.0 && self.back_pressure_loss_n > 0.0 {
            let p_pa =
                if altitude_m < atmosphere::CUTOFF_ALTITUDE_M { atmosphere::air(altitude_m).pressure_pa } else { 0.0 };
            self.back_pressure_loss_n * p_pa / atmosphere::P0_PA / m
        } else {
            0.0
        };
        let (a_thrust, tdir) = if self.thrust_n > 0.0 {
            let tdir = match self.steering {
                Steering::Vertical => r.normalize(),
                Steering::GravityTurn if speed <= 1e-9 => self.kick_dir,
                Steering::GravityTurn => in_plane(&vhat, &self.plane_at(t_s), &r),
                Steering::Ramp => pitch_direction(&r, &self.plane_at(t_s), self.ramp.angle_rad(t_s)),
            };
            (self.thrust_n / m - a_back, tdir)
        } else {
            (0.0, vhat)
        };
        let a = g + tdir * a_thrust - vhat * a_drag;
        let mut d = BoostState::zeros();
        d[0] = v.x;
        d[1] = v.y;
        d[2] = v.z;
        d[3] = a.x;
        d[4] = a.y;
        d[5] = a.z;
        d[6] = if self.thrust_n > 0.0 { -self.mass_flow_kg_s } else { 0.0 };
        d[7] = -g.dot(&vhat);
        d[8] = a_drag;
        d[9] = a_thrust * (1.0 - tdir.dot(&vhat)).max(0.0);
        d[10] = a_back;
        d
    }
}

/// A time interval of constant thrust.
#[derive(Clone, Copy, Debug)]
struct Interval {
    t_end_s: f64,
    thrust_n: f64,
    back_pressure_loss_n: f64,
    mass_flow_kg_s: f64,
    /// Mass dropped at the end, kg.
    drop_kg: f64,
    /// The burn (stage) this interval belongs to, 0-based.
    stage: usize,
    /// The stage whose aerodynamics act ([`Plan::stage_aero`]): the burning one, or in a
    /// coast between stages the next one (the stage below is gone).
    aero: usize,
}

/// The kick: the Earth-relative velocity turned to `kick_rad` from the local vertical,
/// downrange in the launch plane (normal `normal`), its magnitude kept.
fn kick(earth: &Earth, y: &mut BoostState, normal: &Vector3<f64>, kick_rad: f64) {
    let r = pos(y);
    let (_, s, _) = relative(earth, &r, &vel(y));
    let v = s * pitch_direction(&r, normal, kick_rad) + earth.omega_vec_rad_s().cross(&r);
    y.fixed_rows_mut::<3>(3).copy_from(&v);
}

/// A stage dropped during the powered flight: its state at the separation, in the
/// powered flight's inertial frame (aligned with the Earth-fixed frame at lift-off).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Separation {
    /// The stage, 0-based (the burn it powered).
    pub stage: usize,
    /// Time of the separation after lift-off, s.
    pub time_s: f64,
    /// Inertial position, m.
    pub position_m: Vector3<f64>,
    /// Inertial velocity, m/s.
    pub velocity_m_s: Vector3<f64>,
    /// Mass dropped, kg.
    pub mass_kg: f64,
}

/// Fly `plan` from `launch` with kick angle `kick_rad` (from the vertical, toward
/// `launch.azimuth_rad`). With a ramp-and-hold program ([`Pitch::RampHold`]) `kick_rad` is
/// the hold angle from the vertical (90° minus the hold elevation); its start and stop
/// must be known ([`Pitch::needs_times`]: the standard trajectory optimises them first).
pub fn fly_boost(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    kick_rad: f64,
    opts: &PoweredOptions,
) -> Result<PoweredOutcome> {
    Ok(fly_boost_recording(earth, launch, plan, kick_rad, opts, false)?.0)
}

/// [`fly_boost`], and with `record` the state of each stage dropped (a stage whose
/// burn drops mass) at its separation, in the order dropped (none without `record`: the
/// solvers' flights allocate nothing for it).
pub fn fly_boost_recording(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    kick_rad: f64,
    opts: &PoweredOptions,
    record: bool,
) -> Result<(PoweredOutcome, Vec<Separation>)> {
    let site_up = geo::unit_vector(launch.lat_rad, launch.lon_rad);
    let r0 = earth.surface_point(launch.lat_rad, launch.lon_rad, 0.0);
    let site_dir = r0.normalize();
    let v0 = earth.omega_vec_rad_s().cross(&r0);
    let mut y = BoostState::zeros();
    y.fixed_rows_mut::<3>(0).copy_from(&r0);
    y.fixed_rows_mut::<3>(3).copy_from(&v0);
    y[6] = plan.liftoff_mass_kg;

    // Thrust at sea level below the lift-off weight: it never leaves the pad.
    if matches!(opts.gravity, Gravity::Earth)
        && plan.burns.first().is_none_or(|b| {
            b.thrust_n - b.back_pressure_loss_n <= plan.liftoff_mass_kg * earth.gravity_m_s2(&r0).norm()
        })
    {
        return Ok((PoweredOutcome::Crashed { time_s: 0.0, range_m: 0.0 }, Vec::new()));
    }

    // Known-time boundaries: end of the vertical rise, burnouts, coasts.
    let mut intervals: Vec<Interval> = Vec::new();
    let mut t = 0.0;
    let n = plan.burns.len();
    for (i, b) in plan.burns.iter().enumerate() {
        t += b.duration_s;
        intervals.push(Interval {
            t_end_s: t,
            thrust_n: b.thrust_n,
            back_pressure_loss_n: b.back_pressure_loss_n,
            mass_flow_kg_s: b.mass_flow_kg_s,
            drop_kg: b.drop_mass_kg,
            stage: i,
            aero: i,
        });
        if i + 1 < n && b.coast_after_s > 0.0 {
            t += b.coast_after_s;
            intervals.push(Interval {
                t_end_s: t,
                thrust_n: 0.0,
                back_pressure_loss_n: 0.0,
                mass_flow_kg_s: 0.0,
                drop_kg: 0.0,
                stage: i,
                aero: i + 1,
            });
        }
    }
    let t_burnout = t;
    // The pitch program's known times split the intervals (no step straddles a corner of
    // the thrust direction): the end of the vertical rise (gravity turn), or the start
    // and stop of the ramp.
    let (t_rise, ramp) = match plan.pitch {
        Pitch::GravityTurn => (plan.vertical_rise_s, None),
        Pitch::RampHold(r) => {
            let (Some(start_s), Some(stop_s)) = (r.start_s, r.stop_s) else {
                return Err(crate::error::Error::invalid(
                    "pitch program",
                    "ramp-hold without its start and stop",
                    "a ramp-and-hold program with known start_s and stop_s (the standard trajectory optimises them before flying)",
                ));
            };
            (f64::NAN, Some(Ramp { start_s, stop_s, hold_rad: kick_rad }))
        }
    };
    let splits: Vec<f64> = match ramp {
        None => vec![t_rise],
        Some(r) => vec![r.start_s, r.stop_s],
    };
    for t_split in splits {
        // (a time that already ends an interval, a staging, needs no split)
        if t_split > 0.0 && t_split < t_burnout && intervals.iter().all(|iv| iv.t_end_s != t_split) {
            let k = intervals.iter().position(|iv| iv.t_end_s > t_split).unwrap_or(0);
            let mut first = intervals[k];
            first.t_end_s = t_split;
            first.drop_kg = 0.0;
            if (intervals[k].t_end_s - t_split).abs() > 0.0 {
                intervals.insert(k, first);
            }
        }
    }

    let tol = Tolerances { rtol: opts.rtol, atol: opts.atol };
    // The drag table and reference area of each stage's stack (one for the whole flight
    // without per-stage aerodynamics); after the last burnout, the last stage's.
    let curves: Vec<(DragCurve, f64)> = if plan.stage_aero.is_empty() {
        vec![(plan.drag.curve(), plan.reference_area_m2)]
    } else {
        plan.stage_aero.iter().map(|a| (a.drag.curve(), a.reference_area_m2)).collect()
    };
    let aero_of = |k: usize| {
        let (curve, area) = &curves[k.min(curves.len() - 1)];
        opts.drag.then_some((curve, *area))
    };
    let drag = aero_of(n.saturating_sub(1));
    let plane_normal =
        site_up.cross(&geo::direction(launch.lat_rad, launch.lon_rad, launch.azimuth_rad, 0.0)).normalize();
    let kick_dir = pitch_direction(&r0, &plane_normal, kick_rad);
    let keep = opts.samples > 0;
    let base = Phase {
        earth: *earth,
        gravity: opts.gravity,
        site_up,
        thrust_n: 0.0,
        back_pressure_loss_n: 0.0,
        mass_flow_kg_s: 0.0,
        steering: Steering::GravityTurn,
        kick_dir,
        plane_normal,
        ramp: ramp.unwrap_or(Ramp { start_s: 0.0, stop_s: 0.0, hold_rad: 0.0 }),
        drag,
    };
    let mut pieces: Vec<(DenseSegment<11>, f64, bool)> = Vec::new();

    // Powered flight (burns and the coasts between stages): one phase per interval;
    // the vertical rise ends with the kick, each burn with its stage dropped.
    let powered = Flown {
        phases: intervals
            .iter()
            .map(|iv| {
                let vertical = t_rise > 0.0 && iv.t_end_s <= t_rise;
                let steering = match (ramp, vertical) {
                    (Some(_), _) => Steering::Ramp,
                    (None, true) => Steering::Vertical,
                    (None, false) => Steering::GravityTurn,
                };
                (
                    propagate::PhaseEnd::At(iv.t_end_s),
                    Phase {
                        thrust_n: iv.thrust_n,
                        back_pressure_loss_n: iv.back_pressure_loss_n,
                        mass_flow_kg_s: iv.mass_flow_kg_s,
                        steering,
                        drag: aero_of(iv.aero),
                        ..base
                    },
                )
            })
            .collect(),
    };
    let mut ascent = Ascent {
        earth,
        intervals: &intervals,
        t_rise,
        plane_normal,
        kick_rad,
        drag: &base,
        max_q: 0.0,
        separations: record.then(Vec::new),
    };
    let run = propagate::propagate(&powered, &mut ascent, 0.0, y, tol, keep)?;
    let max_q = ascent.max_q;
    let separations = ascent.separations.take().unwrap_or_default();
    let mut stats = run.stats;
    if keep {
        pieces.extend(run.pieces.into_iter().map(|p| (p.segment, p.t_stop_s, intervals[p.phase].thrust_n > 0.0)));
    }
    if let propagate::End::Stopped { .. } = run.end {
        let (tc, yc) = (run.t_s, run.y);
        let r_fixed = geo::rotate_z(&pos(&yc), -earth.omega_rad_s * tc);
        let crashed = PoweredOutcome::Crashed {
            time_s: tc,
            range_m: earth.ground_track(launch.lat_rad, launch.lon_rad, &site_dir, &r_fixed).2,
        };
        return Ok((crashed, separations));
    }
    let (t0, y) = (run.t_s.max(0.0), run.y);
    let t0 = if intervals.is_empty() { 0.0 } else { t0 };

    // Burnout.
    let r_b = pos(&y);
    let v_b = vel(&y);
    let (_, speed, vhat) = relative(earth, &r_b, &v_b);
    let up_b = r_b.normalize();
    let r_b_fixed = geo::rotate_z(&r_b, -earth.omega_rad_s * t0);
    let burnout = BurnoutState {
        time_s: t0,
        altitude_m: earth.altitude_m(&r_b),
        downrange_m: earth.ground_track(launch.lat_rad, launch.lon_rad, &site_dir, &r_b_fixed).2,
        speed_m_s: speed,
        inertial_speed_m_s: v_b.norm(),
        gamma_rad: vhat.dot(&up_b).clamp(-1.0, 1.0).asin(),
        ideal_delta_v_m_s: plan.ideal_delta_v_m_s(),
        gravity_loss_m_s: y[7],
        drag_loss_m_s: y[8],
        steering_loss_m_s: y[9],
        back_pressure_loss_m_s: y[10],
        mass_kg: y[6],
        max_dynamic_pressure_pa: max_q,
    };

    if opts.stop_at_burnout {
        return Ok((PoweredOutcome::BurnedOut(burnout), separations));
    }

    // Free flight: the one coast of crate::flight, from the position and velocity at
    // burnout (mass and losses are final), with drag up to apogee.
    let energy = match opts.gravity {
        Gravity::Earth => 0.5 * v_b.norm_squared() - earth.mu_m3_s2 / r_b.norm(),
        Gravity::Uniform { g_m_s2 } => {
            if g_m_s2 <= 0.0 {
                return Ok((PoweredOutcome::Global(burnout), separations));
            }
            -1.0
        }
    };
    if energy >= 0.0 {
        return Ok((PoweredOutcome::Global(burnout), separations));
    }
    let t_max_s = match opts.gravity {
        Gravity::Earth => {
            let sma = -earth.mu_m3_s2 / (2.0 * energy);
            t0 + 1.05 * std::f64::consts::TAU * (sma.powi(3) / earth.mu_m3_s2).sqrt()
        }
        Gravity::Uniform { g_m_s2 } => t0 + 4.0 * v_b.norm() / g_m_s2 + 1e4,
    };
    let forces = Unpowered { phase: base, mass_kg: y[6] };
    let coast_opts = FlightOptions {
        rtol: opts.rtol,
        atol: opts.atol,
        samples: opts.samples,
        stop_at_apogee: opts.stop_at_apogee,
        ..FlightOptions::default()
    };
    // Re-entry is ignored (module docs): the coast has no re-entry drag.
    let vacuum_descent = Earth { reentry_beta_kg_m2: None, ..*earth };
    let y_b = State::from_iterator(y.iter().take(6).copied());
    let run = crate::flight::coast(&vacuum_descent, site_dir, forces, t0, y_b, t_max_s, &coast_opts)?;
    stats.steps += run.stats.steps;
    stats.rejected += run.stats.rejected;
    stats.evaluations += run.stats.evaluations;
    let Some((t_imp, y_imp)) = run.landed else { return Ok((PoweredOutcome::Global(burnout), separations)) };
    let (apogee_time_s, apogee_m) = run.apogee.unwrap_or((t_imp, earth.altitude_m(&pos(&y_imp))));
    let r_fixed = geo::rotate_z(&pos(&y_imp), -earth.omega_rad_s * t_imp);
    let (impact_lat_rad, impact_lon_rad, range_m) =
        earth.ground_track(launch.lat_rad, launch.lon_rad, &site_dir, &r_fixed);
    let ahead_m =
        earth.along_track_m(launch.lat_rad, launch.lon_rad, launch.azimuth_rad, impact_lat_rad, impact_lon_rad);
    let signed_range_m = if ahead_m < 0.0 { -range_m } else { range_m };
    let trajectory = keep.then(|| Trajectory {
        apogee_m,
        range_m,
        flight_time_s: t_imp,
        points: sample(earth, launch, &site_dir, &pieces, &run.pieces, t_imp, opts.samples),
    });
    let landed = PoweredOutcome::Landed(Flight {
        apogee_m,
        apogee_time_s,
        range_m,
        flight_time_s: t_imp,
        impact_lat_rad,
        impact_lon_rad,
        stats,
        trajectory,
        boost: Some(Box::new(Powered { kick_rad, burnout, signed_range_m })),
    });
    Ok((landed, separations))
}

/// The vehicle after burnout, for the one free flight ([`crate::flight::coast`]): its
/// gravity model, and up to apogee its drag (`phase`, without thrust) at its burnout
/// mass. The drag's corners (Mach numbers of its table, layers of the atmosphere) end
/// the integrator's steps as in the powered flight.
struct Unpowered<'a> {
    phase: Phase<'a>,
    mass_kg: f64,
}

impl Forces for Unpowered<'_> {
    #[inline]
    fn gravity_m_s2(&self, _earth: &Earth, r: &Vector3<f64>) -> Vector3<f64> {
        self.phase.gravity_at(r)
    }
    fn on_ascent(&self) -> bool {
        self.phase.drag.is_some()
    }
    fn ascent_m_s2(&self, _t_s: f64, r: &Vector3<f64>, v: &Vector3<f64>) -> Vector3<f64> {
        let (_, speed, vhat) = relative(&self.phase.earth, r, v);
        let (_, drag_n) = self.phase.air_drag(self.phase.earth.altitude_m(r), speed);
        -(vhat * (drag_n / self.mass_kg))
    }
    fn ascent_corner_s(&self, t_s: f64, y: &State, dydt: &State, h_s: f64) -> Option<f64> {
        self.phase.next_corner(y, dydt, h_s).map(|f| t_s + f * h_s)
    }
    /// The vehicle's drag and a uniform field are not the conic's: the farthest point is
    /// always looked for.
    fn conic_bounds_arc(&self) -> bool {
        false
    }
}

/// A powered flight's phases as [`propagate::Dynamics`]; its one event is a crash
/// (the altitude falls through 0).
struct Flown<'a> {
    phases: Vec<(propagate::PhaseEnd, Phase<'a>)>,
}

impl propagate::Dynamics<11> for Flown<'_> {
    fn phases(&self) -> usize {
        self.phases.len()
    }
    fn phase_end(&self, phase: usize) -> propagate::PhaseEnd {
        self.phases[phase].0
    }
    #[inline]
    fn rhs(&self, phase: usize, t_s: f64, y: &BoostState) -> BoostState {
        self.phases[phase].1.rhs(t_s, y)
    }
    fn next_corner_s(&self, phase: usize, t_s: f64, y: &BoostState, dydt: &BoostState, h_s: f64) -> Option<f64> {
        self.phases[phase].1.next_corner(y, dydt, h_s).map(|f| t_s + f * h_s)
    }
    fn events(&self) -> usize {
        1
    }
    fn event(&self, _k: usize, _t_s: f64, y: &BoostState) -> f64 {
        self.phases[0].1.earth.ground_event(&pos(y))
    }
    fn crossing(&self, _k: usize) -> Crossing {
        Crossing::Falling
    }
    fn armed(&self, _k: usize, _phase: usize) -> bool {
        true
    }
}

/// The ascent's reactions: the kick at the end of the vertical rise, stages dropped,
/// the running maximum of the dynamic pressure; a crash stops the flight.
struct Ascent<'a, 'b> {
    earth: &'a Earth,
    intervals: &'a [Interval],
    t_rise: f64,
    plane_normal: Vector3<f64>,
    kick_rad: f64,
    drag: &'a Phase<'b>,
    max_q: f64,
    /// The stages dropped so far, when they are recorded.
    separations: Option<Vec<Separation>>,
}

impl propagate::Control<11> for Ascent<'_, '_> {
    fn on_event(&mut self, _k: usize, _phase: usize, _t_s: f64, _y: &BoostState) -> propagate::Action {
        propagate::Action::Stop
    }
    fn at_phase_end(&mut self, phase: usize, t_s: f64, y: &mut BoostState) {
        let iv = &self.intervals[phase];
        if iv.drop_kg > 0.0 {
            if let Some(list) = self.separations.as_mut() {
                list.push(Separation {
                    stage: iv.stage,
                    time_s: t_s,
                    position_m: pos(y),
                    velocity_m_s: vel(y),
                    mass_kg: iv.drop_kg,
                });
            }
        }
        y[6] -= iv.drop_kg;
        if self.intervals[phase].t_end_s == self.t_rise {
            kick(self.earth, y, &geo::rotate_z(&self.plane_normal, self.earth.omega_rad_s * t_s), self.kick_rad);
        }
    }
    fn after_step(&mut self, _phase: usize, _t_s: f64, y: &BoostState) {
        if self.drag.drag.is_some() {
            let r = pos(y);
            let (_, s, _) = relative(self.earth, &r, &vel(y));
            self.max_q = self.max_q.max(self.drag.air_drag(self.earth.altitude_m(&r), s).0);
        }
    }
}

/// Sample `n` points uniformly in time over [0, t_end]: from the powered flight's dense
/// segments (each flagged powered when its segment was) up to burnout, from the coast's
/// after it.
fn sample(
    earth: &Earth,
    launch: &Launch,
    site: &Vector3<f64>,
    segments: &[(DenseSegment<11>, f64, bool)],
    coast: &[propagate::Piece<6>],
    t_end_s: f64,
    n: usize,
) -> Vec<TrajectoryPoint> {
    let n = n.max(2);
    let t_burnout_s = segments.last().map_or(f64::NEG_INFINITY, |s| s.1);
    let (mut k, mut j) = (0, 0);
    (0..n)
        .map(|i| {
            let t = if i + 1 == n { t_end_s } else { t_end_s * i as f64 / (n - 1) as f64 };
            let (r, powered) = if t <= t_burnout_s || coast.is_empty() {
                while k + 1 < segments.len() && segments[k].1 < t {
                    k += 1;
                }
                let (seg, t_stop, powered) = &segments[k];
                (pos(&seg.eval(t.clamp(seg.t0, *t_stop))), *powered)
            } else {
                while j + 1 < coast.len() && coast[j].t_stop_s < t {
                    j += 1;
                }
                let p = &coast[j];
                (pos(&p.segment.eval(t.clamp(p.segment.t0, p.t_stop_s))), false)
            };
            crate::flight::trajectory_point(earth, launch, site, t, &r, powered)
        })
        .collect()
}
