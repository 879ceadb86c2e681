//! Vehicles: stages, payload, drag, and the flight plan a vehicle flies; vehicle
//! files in TOML; the generic one-stage vehicle and its documented defaults.
//!
//! A vehicle file (all numbers SI, the unit in every key; see `examples/vehicles/`):
//!
//! ```toml
//! name = "Example"
//! source = "where every number comes from"
//! payload_kg = 1000.0
//! diameter_m = 1.5              # or reference_area_m2
//! vertical_rise_s = 10.0        # optional (default 10 s)
//! drag_cd_scale = 1.0           # optional: multiplies the drag table
//! # optional [drag] with mach = [...] and cd = [...]; default: V-2 table (Sutton)
//!
//! [[stages]]
//! propellant_mass_kg = 20000.0
//! dry_mass_kg = 2500.0
//! isp_s = 280.0                 # or exhaust_velocity_m_s
//! isp_sea_level_s = 250.0       # optional: isp_s is then the vacuum one, the thrust
//!                               # falling linearly with the ambient pressure to this
//! burn_time_s = 60.0            # or thrust_n
//! coast_after_s = 0.0           # optional coast before the next stage ignites
//! diameter_m = 1.2              # optional (or reference_area_m2): this stage's own
//! # optional [stages.drag] with mach = [...] and cd = [...]: this stage's own table
//!
//! [pitch]                       # optional; default program = "gravity-turn"
//! program = "ramp-hold"         # Forden's elevation ramp-and-hold
//! angle_deg = 47.66             # optional hold elevation, (0, 90]; open: fitted / optimised
//! start_s = 5.0                 # optional, from 0 to before burnout; open: optimised
//! stop_s = 40.0                 # optional, after start_s, at or before burnout; open: optimised
//! ```
//!
//! Pitch programs ([`Pitch`]): the default gravity turn (vertical rise for
//! `vertical_rise_s`, impulsive kick, thrust along the velocity), or the ramp-and-hold
//! (thrust vertical until `start_s`, elevation ramped linearly to `angle_deg` at `stop_s`,
//! held to burnout; `vertical_rise_s` is refused with it). The hold angle is what the
//! solvers vary in place of the kick; an open start or stop is optimised for range once
//! ([`super::resolve_vehicle_pitch`]). A stage's own diameter and drag table act while it is
//! the lowest stage (from its ignition, or from the separation of the stage below during a
//! coast), the last stage's up to apogee; a stage without them flies the vehicle's.
//! `drag_cd_scale` multiplies every table.
//!
//! Errors name the file, the line and the field ([`Vehicle::from_toml_str`]).

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::constants::G0_M_S2;
use crate::earth::Earth;
use crate::error::{Error, Result};

/// Drag coefficient against Mach number, linearly interpolated, constant beyond the ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DragTable {
    /// Mach numbers, strictly increasing.
    pub mach: Vec<f64>,
    /// Drag coefficients (on the reference area) at those Mach numbers.
    pub cd: Vec<f64>,
}

impl DragTable {
    /// The V-2 drag coefficient against Mach number at zero angle of attack, from
    /// G. P. Sutton, *Rocket Propulsion Elements*, 3rd ed. (Wiley, 1963), p. 119 (the
    /// figure "drag coefficient of the V-2"), as digitised in openly published missile
    /// fly-out codes. A slender liquid-propellant missile with a pointed nose: 0.15
    /// subsonic, a transonic peak of 0.42 near Mach 1.2, falling to 0.15 at Mach 5.5.
    pub fn v2() -> DragTable {
        const TABLE: [(f64, f64); 21] = [
            (0.0, 0.15),
            (0.6, 0.15),
            (0.7, 0.16),
            (0.8, 0.18),
            (0.9, 0.23),
            (1.0, 0.30),
            (1.1, 0.40),
            (1.18, 0.42),
            (1.2, 0.415),
            (1.3, 0.38),
            (1.4, 0.36),
            (1.5, 0.325),
            (1.6, 0.30),
            (1.7, 0.275),
            (1.8, 0.26),
            (1.9, 0.25),
            (2.0, 0.24),
            (3.0, 0.21),
            (4.0, 0.18),
            (5.0, 0.155),
            (5.5, 0.15),
        ];
        DragTable { mach: TABLE.iter().map(|p| p.0).collect(), cd: TABLE.iter().map(|p| p.1).collect() }
    }

    /// The drag coefficient at Mach number `mach`: a monotone piecewise-cubic Hermite
    /// interpolant of the table (F. N. Fritsch and J. Butland, "A method for constructing
    /// local monotone piecewise cubic interpolants", SIAM J. Sci. Stat. Comput. 5, 300,
    /// 1984: weighted harmonic-mean slopes), constant beyond the ends. It passes through
    /// every entry, never overshoots between two of them, and has a continuous
    /// derivative, so that the integrator's step-size control does not stall on the
    /// corners a piecewise-linear table would have.
    pub fn cd(&self, mach: f64) -> f64 {
        self.hermite(mach, |j| self.slope(j))
    }

    /// The table with its interpolant's slopes computed once, for the many evaluations
    /// of one flight; [`DragCurve::cd`] gives exactly the values of [`DragTable::cd`].
    pub fn curve(&self) -> DragCurve<'_> {
        DragCurve { table: self, slopes: (0..self.mach.len()).map(|j| self.slope(j)).collect() }
    }

    /// Slope of the interpolant at entry `j` (Fritsch–Butland).
    fn slope(&self, j: usize) -> f64 {
        let (m, c) = (&self.mach, &self.cd);
        let n = m.len();
        // Zero slope at the ends of the table (it is constant beyond them).
        if j == 0 || j == n - 1 {
            return 0.0;
        }
        let (h0, h1) = (m[j] - m[j - 1], m[j + 1] - m[j]);
        let (d0, d1) = ((c[j] - c[j - 1]) / h0, (c[j + 1] - c[j]) / h1);
        if d0 * d1 <= 0.0 {
            return 0.0;
        }
        let (w1, w2) = (2.0 * h1 + h0, h1 + 2.0 * h0);
        (w1 + w2) / (w1 / d0 + w2 / d1)
    }

    /// The interpolant at `mach` with the slopes `slope(j)`.
    #[inline]
    fn hermite(&self, mach: f64, slope: impl Fn(usize) -> f64) -> f64 {
        let (m, c) = (&self.mach, &self.cd);
        let n = m.len();
        if mach <= m[0] {
            return c[0];
        }
        if mach >= m[n - 1] {
            return c[n - 1];
        }
        // Tables are short (about 20 entries): a linear scan is as fast as bisection.
        let i = m.iter().position(|&x| x > mach).unwrap_or(n - 1) - 1;
        let h = m[i + 1] - m[i];
        let (s0, s1) = (slope(i), slope(i + 1));
        let t = (mach - m[i]) / h;
        let (t2, t3) = (t * t, t * t * t);
        c[i] * (2.0 * t3 - 3.0 * t2 + 1.0)
            + c[i + 1] * (-2.0 * t3 + 3.0 * t2)
            + h * (s0 * (t3 - 2.0 * t2 + t) + s1 * (t3 - t2))
    }

    /// The same table with every coefficient multiplied by `factor`.
    pub fn scaled(&self, factor: f64) -> DragTable {
        DragTable { mach: self.mach.clone(), cd: self.cd.iter().map(|c| c * factor).collect() }
    }

    fn validate(&self) -> std::result::Result<(), String> {
        if self.mach.len() < 2 || self.mach.len() > MAX_DRAG_ENTRIES || self.mach.len() != self.cd.len() {
            return Err(format!("mach and cd lists of the same length, 2 to {MAX_DRAG_ENTRIES} entries"));
        }
        if self.mach.windows(2).any(|w| w[1].partial_cmp(&w[0]) != Some(std::cmp::Ordering::Greater))
            || self.mach.iter().any(|m| !m.is_finite() || *m < 0.0)
        {
            return Err("Mach numbers finite, non-negative and strictly increasing".into());
        }
        if self.cd.iter().any(|c| !c.is_finite() || *c < 0.0) {
            return Err("drag coefficients finite and non-negative".into());
        }
        Ok(())
    }
}

/// A [`DragTable`] with the slopes of its interpolant ([`DragTable::curve`]).
#[derive(Clone, Debug, PartialEq)]
pub struct DragCurve<'a> {
    table: &'a DragTable,
    slopes: Vec<f64>,
}

impl DragCurve<'_> {
    /// The drag coefficient at Mach number `mach` ([`DragTable::cd`]).
    #[inline]
    pub fn cd(&self, mach: f64) -> f64 {
        self.table.hermite(mach, |j| self.slopes[j])
    }

    /// The table's Mach numbers, in increasing order: the interpolant's second
    /// derivative jumps there.
    pub fn corners(&self) -> &[f64] {
        &self.table.mach
    }
}

/// One stage of a vehicle (constant thrust and mass flow while it burns).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Propellant burned, kg.
    pub propellant_mass_kg: f64,
    /// Mass dropped when the stage separates (structure, engines, residuals), kg.
    pub dry_mass_kg: f64,
    /// Effective exhaust velocity, m/s (thrust / mass flow; `isp_s` × g0 in the file): in
    /// vacuum when [`Stage::sea_level_exhaust_velocity_m_s`] is given, else at every
    /// altitude.
    pub exhaust_velocity_m_s: f64,
    /// Effective exhaust velocity at sea level, m/s (`isp_sea_level_s` × g0): the thrust
    /// falls linearly with the ambient pressure p from its vacuum value to this one at
    /// p0 = 101,325 Pa, T = ṁ (v_e − (v_e − v_e,sl) p/p0), as the nozzle's exit area
    /// times the ambient pressure is taken off it (Sutton & Biblarz, Rocket Propulsion
    /// Elements, ch. 3, the thrust equation). None: the thrust does not change with altitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sea_level_exhaust_velocity_m_s: Option<f64>,
    /// Burn time, s.
    pub burn_time_s: f64,
    /// Coast from this stage's burnout to the next stage's ignition, s.
    pub coast_after_s: f64,
    /// This stage's own aerodynamics (reference area and drag table) while it is the
    /// lowest stage; None: the vehicle's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aero: Option<Aero>,
}

/// The aerodynamics of a stage: what the drag acts on while it is the lowest stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aero {
    /// Reference area of the drag coefficient, m².
    pub reference_area_m2: f64,
    /// Drag coefficient against Mach number.
    pub drag: DragTable,
}

/// The pitch program of a vehicle: how the thrust is steered during the powered flight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pitch {
    /// Vertical rise for `vertical_rise_s`, impulsive kick, gravity turn (the default).
    #[default]
    GravityTurn,
    /// Forden's elevation ramp-and-hold: thrust along the local vertical until `start_s`,
    /// its elevation ramped linearly in time to the hold angle at `stop_s`, then held to
    /// burnout (in the launch plane). The hold angle is the one a solver varies, as it
    /// varies the kick of the gravity turn (`kick` = 90° − hold elevation).
    RampHold(RampHold),
}

/// The parameters of a ramp-and-hold pitch program: each None is optimised for range
/// (the standard trajectory), each given one is held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RampHold {
    /// Hold elevation above the local horizontal, rad, in (0, π/2].
    pub angle_rad: Option<f64>,
    /// Start of the ramp after lift-off, s.
    pub start_s: Option<f64>,
    /// End of the ramp after lift-off, s (after `start_s`, at or before burnout).
    pub stop_s: Option<f64>,
}

impl Pitch {
    /// True for the default gravity turn.
    pub fn is_gravity_turn(&self) -> bool {
        matches!(self, Pitch::GravityTurn)
    }

    /// The ramp's start and stop, s, when the program is a ramp-and-hold with both known.
    pub fn ramp_times_s(&self) -> Option<(f64, f64)> {
        match self {
            Pitch::RampHold(RampHold { start_s: Some(a), stop_s: Some(b), .. }) => Some((*a, *b)),
            _ => None,
        }
    }

    /// True when the program is a ramp-and-hold whose start or stop is still to be optimised.
    pub fn needs_times(&self) -> bool {
        matches!(self, Pitch::RampHold(r) if r.start_s.is_none() || r.stop_s.is_none())
    }

    /// The program in words, for assumptions: "vertical rise, kick, gravity turn" or the
    /// ramp's numbers.
    pub fn describe(&self) -> String {
        match self {
            Pitch::GravityTurn => "vertical rise, kick, gravity turn".into(),
            Pitch::RampHold(r) => {
                let time = |t: Option<f64>| t.map_or("optimised".to_string(), |t| format!("{t:.1} s"));
                let angle = r.angle_rad.map_or("free: fitted to a lofted test, optimised for range".to_string(), |a| {
                    format!("{:.2} deg", a.to_degrees())
                });
                format!(
                    "elevation ramp-and-hold (vertical until {}, ramped to the hold elevation at {}, held to burnout; hold elevation {angle})",
                    time(r.start_s),
                    time(r.stop_s)
                )
            }
        }
    }
}

impl Stage {
    /// Mass flow, kg/s.
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.propellant_mass_kg / self.burn_time_s
    }

    /// Thrust, N: in vacuum when the stage has a sea-level exhaust velocity, else at every
    /// altitude.
    pub fn thrust_n(&self) -> f64 {
        self.mass_flow_kg_s() * self.exhaust_velocity_m_s
    }

    /// Thrust at sea level, N (the lift-off thrust).
    pub fn sea_level_thrust_n(&self) -> f64 {
        self.thrust_n() - self.back_pressure_loss_n()
    }

    /// What the ambient pressure takes from the thrust at sea level, N (0 without a
    /// sea-level exhaust velocity): ṁ (v_e − v_e,sl).
    pub fn back_pressure_loss_n(&self) -> f64 {
        self.sea_level_exhaust_velocity_m_s.map_or(0.0, |sl| self.mass_flow_kg_s() * (self.exhaust_velocity_m_s - sl))
    }
}

/// A vehicle of 1 to 3 stages with its payload and aerodynamics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vehicle {
    /// Display name.
    pub name: String,
    /// Where the numbers come from.
    pub source: String,
    /// Payload (re-entry vehicle and anything else that rides to the end), kg.
    pub payload_kg: f64,
    /// Stages in firing order.
    pub stages: Vec<Stage>,
    /// Reference area of the drag coefficient, m² (constant through the flight).
    pub reference_area_m2: f64,
    /// Drag coefficient against Mach number.
    pub drag: DragTable,
    /// Vertical rise before the pitch-over kick, s (gravity turn only).
    pub vertical_rise_s: f64,
    /// Pitch program (default: the gravity turn).
    #[serde(default, skip_serializing_if = "Pitch::is_gravity_turn")]
    pub pitch: Pitch,
}

/// A burn of the flight plan (one stage, or the generic vehicle's one stage).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Burn {
    /// Thrust, N.
    pub thrust_n: f64,
    /// Mass flow, kg/s.
    pub mass_flow_kg_s: f64,
    /// Burn time, s.
    pub duration_s: f64,
    /// Mass dropped at the end of the burn, kg.
    pub drop_mass_kg: f64,
    /// Unpowered coast after the burn (and the drop) before the next burn, s.
    pub coast_after_s: f64,
    /// What the ambient pressure takes from the thrust at sea level, N: the thrust at
    /// ambient pressure p is `thrust_n` − this × p/p0 (0: the same at every altitude).
    #[serde(default)]
    pub back_pressure_loss_n: f64,
}

/// What the powered-flight simulation flies: masses, burns, aerodynamics, pitch program
/// (the kick angle is given separately, as it is what the solvers vary).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Mass at lift-off, kg.
    pub liftoff_mass_kg: f64,
    /// Burns in order.
    pub burns: Vec<Burn>,
    /// Reference area of the drag coefficient, m².
    pub reference_area_m2: f64,
    /// Drag coefficient against Mach number.
    pub drag: DragTable,
    /// Vertical rise before the kick, s.
    pub vertical_rise_s: f64,
    /// Pitch program (default: the gravity turn).
    #[serde(default, skip_serializing_if = "Pitch::is_gravity_turn")]
    pub pitch: Pitch,
    /// The aerodynamics of each burn's stack, one per burn, when a stage has its own
    /// ([`Stage::aero`]); empty: `reference_area_m2` and `drag` for the whole flight.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stage_aero: Vec<Aero>,
}

impl Plan {
    /// Ideal (Tsiolkovsky) velocity increment of the plan, m/s: Σ v_e ln(m_start / m_end).
    pub fn ideal_delta_v_m_s(&self) -> f64 {
        let mut m = self.liftoff_mass_kg;
        let mut dv = 0.0;
        for b in &self.burns {
            let ve = b.thrust_n / b.mass_flow_kg_s;
            let m_end = m - b.mass_flow_kg_s * b.duration_s;
            dv += ve * (m / m_end).ln();
            m = m_end - b.drop_mass_kg;
        }
        dv
    }

    /// Time of the final burnout after lift-off, s.
    pub fn burnout_time_s(&self) -> f64 {
        let n = self.burns.len();
        self.burns.iter().enumerate().map(|(i, b)| b.duration_s + if i + 1 < n { b.coast_after_s } else { 0.0 }).sum()
    }
}

impl Vehicle {
    /// The vehicle's name as text shows it (reports, assumptions, titles): whatever
    /// control or bidirectional characters its file put in it escaped
    /// ([`crate::fmt::escape_text`]); JSON carries [`Vehicle::name`] itself.
    pub fn label(&self) -> std::borrow::Cow<'_, str> {
        crate::fmt::escape_text(&self.name)
    }

    /// Lift-off mass with `payload_kg`, kg.
    pub fn liftoff_mass_kg(&self, payload_kg: f64) -> f64 {
        payload_kg + self.stages.iter().map(|s| s.propellant_mass_kg + s.dry_mass_kg).sum::<f64>()
    }

    /// The flight plan with the vehicle's own payload.
    pub fn plan(&self) -> Plan {
        self.plan_with_payload(self.payload_kg)
    }

    /// The flight plan with another payload, kg. The last stage keeps its dry mass to the end.
    pub fn plan_with_payload(&self, payload_kg: f64) -> Plan {
        let n = self.stages.len();
        Plan {
            liftoff_mass_kg: self.liftoff_mass_kg(payload_kg),
            burns: self
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| Burn {
                    thrust_n: s.thrust_n(),
                    mass_flow_kg_s: s.mass_flow_kg_s(),
                    duration_s: s.burn_time_s,
                    drop_mass_kg: if i + 1 < n { s.dry_mass_kg } else { 0.0 },
                    coast_after_s: if i + 1 < n { s.coast_after_s } else { 0.0 },
                    back_pressure_loss_n: s.back_pressure_loss_n(),
                })
                .collect(),
            reference_area_m2: self.reference_area_m2,
            drag: self.drag.clone(),
            vertical_rise_s: self.vertical_rise_s,
            pitch: self.pitch,
            stage_aero: if self.stages.iter().any(|s| s.aero.is_some()) {
                self.stages
                    .iter()
                    .map(|s| {
                        s.aero.clone().unwrap_or_else(|| Aero {
                            reference_area_m2: self.reference_area_m2,
                            drag: self.drag.clone(),
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The same vehicle with every drag table (the vehicle's and each stage's own)
    /// multiplied by `factor`.
    pub fn with_drag_scaled(&self, factor: f64) -> Vehicle {
        let mut v = self.clone();
        v.drag = v.drag.scaled(factor);
        for s in &mut v.stages {
            if let Some(a) = s.aero.as_mut() {
                a.drag = a.drag.scaled(factor);
            }
        }
        v
    }

    /// Parse and validate a vehicle file. `file` is only used in messages. Every error
    /// names the file, the line and the field, e.g.
    /// `vehicle file: hs15.toml:12: stages[2].dry_mass_kg = -5 is not accepted: a mass in kg > 0`.
    pub fn from_toml_str(text: &str, file: &str) -> Result<Vehicle> {
        let raw: RawVehicle = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            // toml's message can span lines ("invalid table header\nduplicate key"): one line.
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            Error::invalid("vehicle file", format!("{file}:{line}"), message)
        })?;
        raw.validate(text, file)
    }
}

/// 1-based line number of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The largest vehicle file read, bytes (64 KiB): the example files are 1 to 3.4 kB, and
/// a vehicle of three stages with the longest drag table (`MAX_DRAG_ENTRIES`) and
/// its comments stays well under it. A reader stops at the limit (the command line
/// reads at most one byte more, so that `--vehicle /dev/zero` is refused at once).
pub const MAX_VEHICLE_FILE_BYTES: u64 = 65_536;

/// The most characters of a vehicle's `name`: a label in reports and figure titles
/// (the examples' are under 60), held to the limit of every other name
/// ([`crate::fmt::MAX_NAME_CHARS`]).
pub const MAX_VEHICLE_NAME_CHARS: usize = crate::fmt::MAX_NAME_CHARS;

/// The most characters of a vehicle's `source`: a citation in the report's assumptions
/// (the examples' are under 250 characters).
pub const MAX_VEHICLE_SOURCE_CHARS: usize = 1000;

/// The most entries of a drag table: the V-2 table has 21; every drag evaluation scans
/// the table, so a longer one would slow every powered flight.
pub const MAX_DRAG_ENTRIES: usize = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVehicle {
    name: Spanned<String>,
    #[serde(default)]
    source: Option<Spanned<String>>,
    payload_kg: Spanned<f64>,
    diameter_m: Option<Spanned<f64>>,
    reference_area_m2: Option<Spanned<f64>>,
    vertical_rise_s: Option<Spanned<f64>>,
    drag_cd_scale: Option<Spanned<f64>>,
    drag: Option<Spanned<DragTable>>,
    pitch: Option<RawPitch>,
    stages: Spanned<Vec<RawStage>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPitch {
    program: Spanned<String>,
    angle_deg: Option<Spanned<f64>>,
    start_s: Option<Spanned<f64>>,
    stop_s: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    propellant_mass_kg: Spanned<f64>,
    dry_mass_kg: Spanned<f64>,
    isp_s: Option<Spanned<f64>>,
    exhaust_velocity_m_s: Option<Spanned<f64>>,
    isp_sea_level_s: Option<Spanned<f64>>,
    burn_time_s: Option<Spanned<f64>>,
    thrust_n: Option<Spanned<f64>>,
    coast_after_s: Option<Spanned<f64>>,
    diameter_m: Option<Spanned<f64>>,
    reference_area_m2: Option<Spanned<f64>>,
    drag: Option<Spanned<DragTable>>,
}

/// Validation context: builds the "file:line: field = value" errors.
struct Ctx<'a> {
    text: &'a str,
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, at: usize, field: &str, value: impl std::fmt::Display, accepted: &str) -> Error {
        Error::invalid(
            "vehicle file",
            format!("{}:{}: {field} = {value}", self.file, line_of(self.text, at)),
            accepted.to_string(),
        )
    }

    /// A number strictly inside (lo, hi) (or ≥ lo when `lo_inclusive`).
    fn num(&self, v: &Spanned<f64>, field: &str, lo: f64, lo_inclusive: bool, hi: f64, accepted: &str) -> Result<f64> {
        let x = *v.get_ref();
        let ok = x.is_finite() && (if lo_inclusive { x >= lo } else { x > lo }) && x < hi;
        if ok {
            Ok(x)
        } else {
            Err(self.err(v.span().start, field, x, accepted))
        }
    }
}

impl Ctx<'_> {
    /// A reference area from `diameter_m` or `reference_area_m2` (not both); None when
    /// neither is given. `prefix` names the table (`stages[2].` or nothing).
    fn area(&self, diameter: &Option<Spanned<f64>>, area: &Option<Spanned<f64>>, prefix: &str) -> Result<Option<f64>> {
        match (diameter, area) {
            (Some(d), None) => {
                let d = self.num(d, &format!("{prefix}diameter_m"), 0.0, false, 100.0, "a diameter in m > 0")?;
                Ok(Some(std::f64::consts::PI * 0.25 * d * d))
            }
            (None, Some(a)) => {
                Ok(Some(self.num(a, &format!("{prefix}reference_area_m2"), 0.0, false, 1e4, "an area in m² > 0")?))
            }
            (Some(d), Some(_)) => Err(self.err(
                d.span().start,
                &format!("{prefix}diameter_m"),
                d.get_ref(),
                "either diameter_m or reference_area_m2, not both",
            )),
            (None, None) => Ok(None),
        }
    }

    /// A drag table, validated.
    fn drag(&self, t: &Spanned<DragTable>, field: &str) -> Result<DragTable> {
        t.get_ref().validate().map_err(|why| self.err(t.span().start, field, "[table]", &why))?;
        Ok(t.get_ref().clone())
    }

    /// The `[pitch]` table, against the final burnout time `burnout_s`.
    fn pitch(&self, p: &RawPitch, burnout_s: f64, rise: Option<&Spanned<f64>>) -> Result<Pitch> {
        let program = p.program.get_ref().as_str();
        match program {
            "gravity-turn" => {
                let extra =
                    [("pitch.angle_deg", &p.angle_deg), ("pitch.start_s", &p.start_s), ("pitch.stop_s", &p.stop_s)];
                if let Some((name, Some(v))) = extra.iter().find(|(_, v)| v.is_some()) {
                    return Err(self.err(
                        v.span().start,
                        name,
                        v.get_ref(),
                        "angle_deg, start_s and stop_s only with program = \"ramp-hold\" (the gravity turn's pitch-over is set by vertical_rise_s and the kick)",
                    ));
                }
                Ok(Pitch::GravityTurn)
            }
            "ramp-hold" => {
                if let Some(r) = rise {
                    return Err(self.err(
                        r.span().start,
                        "vertical_rise_s",
                        r.get_ref(),
                        "no vertical_rise_s with program = \"ramp-hold\" (the thrust stays vertical until pitch.start_s)",
                    ));
                }
                let angle_rad = p
                    .angle_deg
                    .as_ref()
                    .map(|a| {
                        let x = *a.get_ref();
                        if x.is_finite() && x > 0.0 && x <= 90.0 {
                            Ok(x.to_radians())
                        } else {
                            Err(self.err(
                                a.span().start,
                                "pitch.angle_deg",
                                x,
                                "a hold elevation in deg above the local horizontal, in (0, 90]",
                            ))
                        }
                    })
                    .transpose()?;
                let within =
                    format!("a time in s after lift-off, from 0 to before the final burnout ({burnout_s:.1} s)");
                let start_s = p
                    .start_s
                    .as_ref()
                    .map(|v| self.num(v, "pitch.start_s", 0.0, true, burnout_s, &within))
                    .transpose()?;
                let stop_s = match &p.stop_s {
                    Some(v) => {
                        let x = *v.get_ref();
                        let lo = start_s.unwrap_or(0.0);
                        if !(x.is_finite() && x > lo && x <= burnout_s) {
                            let accepted = format!(
                                "a time in s after pitch.start_s ({lo} s) and at or before the final burnout ({burnout_s:.1} s)"
                            );
                            return Err(self.err(v.span().start, "pitch.stop_s", x, &accepted));
                        }
                        Some(x)
                    }
                    None => None,
                };
                Ok(Pitch::RampHold(RampHold { angle_rad, start_s, stop_s }))
            }
            other => Err(self.err(
                p.program.span().start,
                "pitch.program",
                format!("\"{}\"", crate::fmt::escape_text(other)),
                "\"gravity-turn\" (the default) or \"ramp-hold\"",
            )),
        }
    }
}

impl RawVehicle {
    fn validate(self, text: &str, file: &str) -> Result<Vehicle> {
        let c = Ctx { text, file };
        let name = self.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(c.err(self.name.span().start, "name", "\"\"", "a non-empty name"));
        }
        let too_long = |text: &str, limit: usize| text.chars().nth(limit).is_some();
        if too_long(&name, MAX_VEHICLE_NAME_CHARS) {
            let accepted = format!("a name of at most {MAX_VEHICLE_NAME_CHARS} characters");
            let value = format!("({} characters)", name.chars().count());
            return Err(c.err(self.name.span().start, "name", value, &accepted));
        }
        if let Some(src) = self.source.as_ref().filter(|s| too_long(s.get_ref(), MAX_VEHICLE_SOURCE_CHARS)) {
            let accepted = format!("a source of at most {MAX_VEHICLE_SOURCE_CHARS} characters");
            let value = format!("({} characters)", src.get_ref().chars().count());
            return Err(c.err(src.span().start, "source", value, &accepted));
        }
        let payload_kg = c.num(&self.payload_kg, "payload_kg", 0.0, true, 1e7, "a payload mass in kg, 0 or more")?;
        let reference_area_m2 = c.area(&self.diameter_m, &self.reference_area_m2, "")?.ok_or_else(|| {
            c.err(self.name.span().start, "diameter_m", "(missing)", "diameter_m or reference_area_m2")
        })?;
        let vertical_rise_s = match &self.vertical_rise_s {
            Some(v) => c.num(v, "vertical_rise_s", 0.0, true, 1e4, "a time in s, 0 or more")?,
            None => super::defaults::VERTICAL_RISE_S,
        };
        let cd_scale = match &self.drag_cd_scale {
            Some(v) => c.num(v, "drag_cd_scale", 0.0, true, 100.0, "a factor 0 or more")?,
            None => 1.0,
        };
        let drag = match &self.drag {
            Some(t) => c.drag(t, "drag")?,
            None => DragTable::v2(),
        };
        // Unscaled when the scale is 1, so that a file without one flies the table as written.
        let scaled = |t: DragTable| if cd_scale == 1.0 { t } else { t.scaled(cd_scale) };
        let drag = scaled(drag);
        let raw_stages = self.stages.get_ref();
        if raw_stages.is_empty() || raw_stages.len() > 3 {
            return Err(c.err(self.stages.span().start, "stages", raw_stages.len(), "1 to 3 [[stages]] tables"));
        }
        let mut stages = Vec::with_capacity(raw_stages.len());
        for (i, s) in raw_stages.iter().enumerate() {
            let f = |name: &str| format!("stages[{}].{name}", i + 1);
            let propellant_mass_kg =
                c.num(&s.propellant_mass_kg, &f("propellant_mass_kg"), 0.0, false, 1e8, "a mass in kg > 0")?;
            let dry_mass_kg = c.num(&s.dry_mass_kg, &f("dry_mass_kg"), 0.0, true, 1e8, "a mass in kg, 0 or more")?;
            let exhaust_velocity_m_s = match (&s.isp_s, &s.exhaust_velocity_m_s) {
                (Some(isp), None) => {
                    G0_M_S2 * c.num(isp, &f("isp_s"), 0.0, false, 1e4, "a specific impulse in s > 0")?
                }
                (None, Some(ve)) => {
                    c.num(ve, &f("exhaust_velocity_m_s"), 0.0, false, 1e5, "an exhaust velocity in m/s > 0")?
                }
                (Some(isp), Some(_)) => {
                    return Err(c.err(
                        isp.span().start,
                        &f("isp_s"),
                        isp.get_ref(),
                        "isp_s or exhaust_velocity_m_s, not both",
                    ))
                }
                (None, None) => {
                    return Err(c.err(
                        s.propellant_mass_kg.span().start,
                        &f("isp_s"),
                        "(missing)",
                        "isp_s or exhaust_velocity_m_s",
                    ))
                }
            };
            let sea_level_exhaust_velocity_m_s = match &s.isp_sea_level_s {
                Some(sl) => Some(
                    G0_M_S2
                        * c.num(
                            sl,
                            &f("isp_sea_level_s"),
                            0.0,
                            false,
                            exhaust_velocity_m_s / G0_M_S2 * (1.0 + 1e-12),
                            "a sea-level specific impulse in s > 0, at most the stage's (vacuum) isp_s",
                        )?,
                ),
                None => None,
            };
            let burn_time_s = match (&s.burn_time_s, &s.thrust_n) {
                (Some(t), None) => c.num(t, &f("burn_time_s"), 0.0, false, 1e5, "a burn time in s > 0")?,
                (None, Some(th)) => {
                    let thrust = c.num(th, &f("thrust_n"), 0.0, false, 1e10, "a thrust in N > 0")?;
                    propellant_mass_kg * exhaust_velocity_m_s / thrust
                }
                (Some(t), Some(_)) => {
                    return Err(c.err(
                        t.span().start,
                        &f("burn_time_s"),
                        t.get_ref(),
                        "burn_time_s or thrust_n, not both",
                    ))
                }
                (None, None) => {
                    return Err(c.err(
                        s.propellant_mass_kg.span().start,
                        &f("burn_time_s"),
                        "(missing)",
                        "burn_time_s or thrust_n",
                    ))
                }
            };
            let coast_after_s = match &s.coast_after_s {
                Some(v) => c.num(v, &f("coast_after_s"), 0.0, true, 1e5, "a coast time in s, 0 or more")?,
                None => 0.0,
            };
            let own_area = c.area(&s.diameter_m, &s.reference_area_m2, &f(""))?;
            let own_drag = s.drag.as_ref().map(|t| c.drag(t, &f("drag"))).transpose()?.map(scaled);
            let aero = match (own_area, own_drag) {
                (None, None) => None,
                (area, table) => Some(Aero {
                    reference_area_m2: area.unwrap_or(reference_area_m2),
                    drag: table.unwrap_or_else(|| drag.clone()),
                }),
            };
            stages.push(Stage {
                propellant_mass_kg,
                dry_mass_kg,
                exhaust_velocity_m_s,
                sea_level_exhaust_velocity_m_s,
                burn_time_s,
                coast_after_s,
                aero,
            });
        }
        let burnout_s: f64 = stages
            .iter()
            .enumerate()
            .map(|(i, s)| s.burn_time_s + if i + 1 < stages.len() { s.coast_after_s } else { 0.0 })
            .sum();
        let pitch = match &self.pitch {
            None => Pitch::GravityTurn,
            Some(p) => c.pitch(p, burnout_s, self.vertical_rise_s.as_ref())?,
        };
        let vehicle = Vehicle {
            name,
            source: self.source.map(Spanned::into_inner).unwrap_or_default(),
            payload_kg,
            stages,
            reference_area_m2,
            drag,
            vertical_rise_s,
            pitch,
        };
        // A vehicle that cannot lift off with its own payload is refused here, naming
        // the first stage's thrust (the physics cannot answer anything about it).
        if let Err(why) = vehicle.lifts_off(payload_kg) {
            let s0 = &raw_stages[0];
            let at = s0.thrust_n.as_ref().map_or(s0.propellant_mass_kg.span().start, |t| t.span().start);
            let accepted = format!(
                "a first-stage thrust of at least {MIN_LIFTOFF_THRUST_TO_WEIGHT} times the lift-off weight ({why})"
            );
            return Err(c.err(
                at,
                "stages[1].thrust_n",
                format!("{:.0} N", vehicle.stages[0].sea_level_thrust_n()),
                &accepted,
            ));
        }
        Ok(vehicle)
    }
}

/// Lowest lift-off thrust-to-weight (first-stage thrust over the lift-off mass times
/// g0) loftrange flies. Below 1 a vehicle cannot leave the pad; just above 1 it hovers
/// there, burning most of its propellant in the first few hundred metres, which no
/// missile is built to do. So no payload heavier than this limit is flown: the payload
/// fit and the payload searches stop at it, and a payload above it is refused, with
/// this number in the message.
pub const MIN_LIFTOFF_THRUST_TO_WEIGHT: f64 = 1.01;

impl Vehicle {
    /// The heaviest payload the first stage lifts at `MIN_LIFTOFF_THRUST_TO_WEIGHT`, kg
    /// (0 when it cannot lift even the empty vehicle).
    pub fn heaviest_payload_kg(&self) -> f64 {
        (self.stages[0].sea_level_thrust_n() / (MIN_LIFTOFF_THRUST_TO_WEIGHT * G0_M_S2) - self.liftoff_mass_kg(0.0))
            .max(0.0)
    }

    /// Can the first stage lift the vehicle with `payload_kg` off the ground (thrust at
    /// least `MIN_LIFTOFF_THRUST_TO_WEIGHT` times the lift-off weight m·g0)? The error
    /// says by how much it falls short.
    pub fn lifts_off(&self, payload_kg: f64) -> std::result::Result<(), String> {
        let thrust_n = self.stages[0].sea_level_thrust_n();
        let mass_kg = self.liftoff_mass_kg(payload_kg);
        let weight_n = mass_kg * G0_M_S2;
        if thrust_n >= MIN_LIFTOFF_THRUST_TO_WEIGHT * weight_n {
            return Ok(());
        }
        Err(format!(
            "stage 1 thrust {:.0} kN is below {MIN_LIFTOFF_THRUST_TO_WEIGHT} times the lift-off weight {:.0} kN ({:.0} kg with a {:.0} kg payload): the vehicle cannot lift off (loftrange flies a lift-off thrust-to-weight of {MIN_LIFTOFF_THRUST_TO_WEIGHT} or more); the heaviest payload it can lift is {:.0} kg",
            thrust_n / 1e3,
            weight_n / 1e3,
            mass_kg,
            payload_kg,
            self.heaviest_payload_kg()
        ))
    }
}

/// The generic vehicle: one equivalent stage whose ideal Δv is solved from the test.
/// Its defaults and their reasons are in [`super::defaults`]; the vehicle is scale-free
/// (every force per unit mass depends only on these ratios), so its lift-off mass is a
/// nominal [`super::defaults::NOMINAL_LIFTOFF_MASS_KG`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenericVehicle {
    /// Lift-off thrust-to-weight ratio (thrust / (m0 g0)).
    pub thrust_to_weight: f64,
    /// Effective exhaust velocity, m/s.
    pub exhaust_velocity_m_s: f64,
    /// Vertical rise before the kick at the default thrust-to-weight, s. At another
    /// thrust-to-weight T/W the rise lasts this × (T/W₀ − 1)/(T/W − 1), T/W₀ the default,
    /// so that the kick comes at the same speed (about 50 m/s): a slower vehicle climbs
    /// longer before it turns, and a gravity turn begun at a lower speed falls over.
    pub vertical_rise_s: f64,
    /// Lift-off mass per unit reference area, kg/m² (sets the reference area).
    pub sectional_density_kg_m2: f64,
    /// Multiplier of the drag table.
    pub cd_scale: f64,
    /// Drag coefficient against Mach number (before `cd_scale`).
    pub drag: DragTable,
}

impl Default for GenericVehicle {
    fn default() -> Self {
        use super::defaults as d;
        GenericVehicle {
            thrust_to_weight: d::THRUST_TO_WEIGHT,
            exhaust_velocity_m_s: d::EXHAUST_VELOCITY_M_S,
            vertical_rise_s: d::VERTICAL_RISE_S,
            sectional_density_kg_m2: d::SECTIONAL_DENSITY_KG_M2,
            cd_scale: 1.0,
            drag: DragTable::v2(),
        }
    }
}

impl GenericVehicle {
    /// The plan of one constant-thrust stage with ideal velocity increment `delta_v_m_s`.
    pub fn plan(&self, delta_v_m_s: f64) -> Plan {
        let m0 = super::defaults::NOMINAL_LIFTOFF_MASS_KG;
        let ve = self.exhaust_velocity_m_s;
        let propellant_kg = m0 * -(-delta_v_m_s / ve).exp_m1();
        let thrust_n = self.thrust_to_weight * m0 * G0_M_S2;
        let mass_flow_kg_s = thrust_n / ve;
        Plan {
            liftoff_mass_kg: m0,
            burns: vec![Burn {
                thrust_n,
                mass_flow_kg_s,
                duration_s: propellant_kg / mass_flow_kg_s,
                drop_mass_kg: 0.0,
                coast_after_s: 0.0,
                back_pressure_loss_n: 0.0,
            }],
            reference_area_m2: m0 / self.sectional_density_kg_m2,
            drag: self.drag.scaled(self.cd_scale),
            vertical_rise_s: self.vertical_rise_s * (super::defaults::THRUST_TO_WEIGHT - 1.0)
                / (self.thrust_to_weight - 1.0),
            pitch: Pitch::GravityTurn,
            stage_aero: Vec::new(),
        }
    }

    /// The ideal Δv whose vertical flight reaches apogee `apogee_m`, in closed form: the
    /// cold start of the fit. The flight: no drag, no vertical-rise or kick, gravity
    /// constant over the burn at its value a third of the way up to burnout, so that
    /// burnout height h = v_e·t_b − (m_f/ṁ)·Δv − g·t_b²/2 and speed v = Δv − g·t_b, then
    /// the two-body coast straight up over a sphere of the Earth's radius. On the seed
    /// case it is 0.5 % under the fit's (drag and the kick cost the rest).
    pub fn delta_v_guess(&self, earth: &Earth, apogee_m: f64) -> f64 {
        let (ve, tw) = (self.exhaust_velocity_m_s, self.thrust_to_weight);
        let (mu, r) = (earth.mu_m3_s2, earth.radius_m);
        let apogee_of = |dv: f64| -> f64 {
            let t_b = ve * -(-dv / ve).exp_m1() / (tw * G0_M_S2);
            let tau_f = ve * (-dv / ve).exp() / (tw * G0_M_S2); // final mass over mass flow, s
            let (mut g, mut h_b) = (mu / (r * r), 0.0);
            for _ in 0..3 {
                h_b = ve * t_b - tau_f * dv - 0.5 * g * t_b * t_b;
                g = mu / (r + h_b / 3.0).powi(2);
            }
            let v_b = dv - g * t_b;
            let energy = 0.5 * v_b * v_b - mu / (r + h_b.max(0.0));
            if energy >= 0.0 {
                f64::INFINITY
            } else {
                -mu / energy - r
            }
        };
        let (mut lo, mut hi) = (1_000.0, 20_000.0);
        for _ in 0..50 {
            let mid = 0.5 * (lo + hi);
            if apogee_of(mid) < apogee_m {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    /// Validate the parameters (all finite and positive; thrust-to-weight above 1).
    pub fn validate(&self) -> Result<()> {
        let pos = |field: &'static str, x: f64| {
            if x.is_finite() && x > 0.0 {
                Ok(())
            } else {
                Err(Error::invalid(field, format!("{x}"), "a finite positive number"))
            }
        };
        pos("exhaust velocity", self.exhaust_velocity_m_s)?;
        pos("sectional density", self.sectional_density_kg_m2)?;
        if !(self.thrust_to_weight.is_finite() && self.thrust_to_weight > 1.0) {
            return Err(Error::invalid("thrust-to-weight", format!("{}", self.thrust_to_weight), "a ratio above 1"));
        }
        if !(self.vertical_rise_s.is_finite() && self.vertical_rise_s >= 0.0) {
            return Err(Error::invalid(
                "vertical rise",
                format!("{} s", self.vertical_rise_s),
                "a time of 0 s or more",
            ));
        }
        if !(self.cd_scale.is_finite() && self.cd_scale >= 0.0) {
            return Err(Error::invalid("drag scale", format!("{}", self.cd_scale), "a factor of 0 or more"));
        }
        self.drag.validate().map_err(|why| Error::invalid("drag table", "(table)", why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "Two-stage test article"
source = "made-up numbers for a parser test"
payload_kg = 500.0
diameter_m = 1.2

[[stages]]
propellant_mass_kg = 10000.0
dry_mass_kg = 1000.0
isp_s = 250.0
burn_time_s = 60.0
coast_after_s = 5.0

[[stages]]
propellant_mass_kg = 3000.0
dry_mass_kg = 400.0
exhaust_velocity_m_s = 2800.0
thrust_n = 84000.0
"#;

    #[test]
    fn parses_a_good_file() {
        let v = Vehicle::from_toml_str(GOOD, "good.toml").unwrap();
        assert_eq!(v.stages.len(), 2);
        assert!((v.stages[0].exhaust_velocity_m_s - 250.0 * G0_M_S2).abs() < 1e-12);
        assert!((v.stages[1].burn_time_s - 100.0).abs() < 1e-12);
        assert!((v.reference_area_m2 - std::f64::consts::PI * 0.36).abs() < 1e-12);
        assert_eq!(v.liftoff_mass_kg(500.0), 14_900.0);
        let plan = v.plan();
        // Tsiolkovsky by hand: stage 1 from 14,900 to 4,900 kg, drop 1,000, stage 2 from 3,900 to 900 kg.
        let expect = 250.0 * G0_M_S2 * (14_900.0f64 / 4_900.0).ln() + 2800.0 * (3_900.0f64 / 900.0).ln();
        assert!((plan.ideal_delta_v_m_s() - expect).abs() < 1e-9);
        assert!((plan.burnout_time_s() - 165.0).abs() < 1e-12);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let bad = GOOD.replace("dry_mass_kg = 400.0", "dry_mass_kg = -4.0");
        let e = Vehicle::from_toml_str(&bad, "bad.toml").unwrap_err().to_string();
        assert!(e.contains("bad.toml:16") && e.contains("stages[2].dry_mass_kg"), "{e}");

        let bad = GOOD.replace("burn_time_s = 60.0", "burn_time_s = 60.0\nthrust_n = 1.0");
        let e = Vehicle::from_toml_str(&bad, "b.toml").unwrap_err().to_string();
        assert!(e.contains("b.toml:11") && e.contains("not both"), "{e}");

        let bad = GOOD.replace("isp_s = 250.0", "isp_s = \"fast\"");
        let e = Vehicle::from_toml_str(&bad, "c.toml").unwrap_err().to_string();
        assert!(e.contains("c.toml:10"), "{e}");

        let bad = GOOD.replace("coast_after_s = 5.0", "coast_after = 5.0");
        let e = Vehicle::from_toml_str(&bad, "d.toml").unwrap_err().to_string();
        assert!(e.contains("d.toml:12") && e.contains("coast_after"), "{e}");
    }

    #[test]
    fn drag_table_interpolates_monotonically_and_clamps() {
        let t = DragTable::v2();
        for (m, c) in t.mach.iter().zip(&t.cd) {
            assert!((t.cd(*m) - c).abs() < 1e-15, "node {m}");
        }
        assert_eq!(t.cd(0.3), 0.15);
        assert_eq!(t.cd(9.0), 0.15);
        // No overshoot: between two entries the value stays between them.
        for w in 0..t.mach.len() - 1 {
            let (lo, hi) = (t.cd[w].min(t.cd[w + 1]), t.cd[w].max(t.cd[w + 1]));
            for k in 1..50 {
                let m = t.mach[w] + (t.mach[w + 1] - t.mach[w]) * k as f64 / 50.0;
                let c = t.cd(m);
                assert!(c >= lo - 1e-15 && c <= hi + 1e-15, "Mach {m}: {c} outside [{lo}, {hi}]");
            }
        }
        // Continuous derivative at an interior node (finite differences on both sides).
        let (m, e) = (1.4, 1e-6);
        let left = (t.cd(m) - t.cd(m - e)) / e;
        let right = (t.cd(m + e) - t.cd(m)) / e;
        assert!((left - right).abs() < 1e-4, "{left} vs {right}");
    }

    #[test]
    fn a_sea_level_isp_is_bounded_by_the_vacuum_one() {
        let with = |sl: &str| GOOD.replace("isp_s = 250.0", &format!("isp_s = 250.0\nisp_sea_level_s = {sl}"));
        let v = Vehicle::from_toml_str(&with("245.0"), "v.toml").unwrap();
        let s0 = &v.stages[0];
        assert!((s0.sea_level_exhaust_velocity_m_s.unwrap() - 245.0 * G0_M_S2).abs() < 1e-9);
        // ṁ (v_e − v_e,sl): 2 % of the vacuum thrust here.
        assert!((s0.back_pressure_loss_n() - 0.02 * s0.thrust_n()).abs() < 1e-6 * s0.thrust_n());
        assert!((s0.sea_level_thrust_n() - 0.98 * s0.thrust_n()).abs() < 1e-6 * s0.thrust_n());
        assert_eq!(v.plan().burns[0].back_pressure_loss_n, s0.back_pressure_loss_n());
        // Equal to the vacuum one: no loss; above it, or not positive: refused, naming the field.
        let same = Vehicle::from_toml_str(&with("250.0"), "v.toml").unwrap();
        assert!(same.stages[0].back_pressure_loss_n().abs() < 1e-6);
        for bad in ["251.0", "0.0", "-3.0"] {
            let e = Vehicle::from_toml_str(&with(bad), "v.toml").unwrap_err().to_string();
            assert!(e.contains("stages[1].isp_sea_level_s") && e.contains("at most the stage's"), "{e}");
        }
        // Without it, the thrust is the same at every altitude.
        assert_eq!(Vehicle::from_toml_str(GOOD, "v.toml").unwrap().stages[0].back_pressure_loss_n(), 0.0);
    }

    #[test]
    fn pitch_and_stage_aerodynamics_parse_and_are_bounded() {
        let ramp = format!("{GOOD}\n[pitch]\nprogram = \"ramp-hold\"\nangle_deg = 45.0\nstop_s = 40.0\n");
        let v = Vehicle::from_toml_str(&ramp, "r.toml").unwrap();
        let Pitch::RampHold(r) = v.pitch else { panic!("{:?}", v.pitch) };
        assert_eq!((r.start_s, r.stop_s), (None, Some(40.0)));
        assert!((r.angle_rad.unwrap() - std::f64::consts::FRAC_PI_4).abs() < 1e-15);
        assert!(v.pitch.needs_times() && v.plan().pitch == v.pitch);
        // Without [pitch]: the gravity turn, and the plan as before (no per-stage aerodynamics).
        let plain = Vehicle::from_toml_str(GOOD, "g.toml").unwrap();
        assert!(plain.pitch.is_gravity_turn() && plain.plan().stage_aero.is_empty());
        // Each field bounded, each error naming file, line and field.
        for (bad, line, field) in [
            ("angle_deg = 45.0", "angle_deg = 95.0", "pitch.angle_deg"),
            ("angle_deg = 45.0", "angle_deg = 0.0", "pitch.angle_deg"),
            ("stop_s = 40.0", "stop_s = 400.0", "pitch.stop_s"),
            ("stop_s = 40.0", "stop_s = 40.0\nstart_s = 50.0", "pitch.stop_s"),
            ("program = \"ramp-hold\"", "program = \"loop\"", "pitch.program"),
        ] {
            let text = ramp.replace(bad, line);
            let e = Vehicle::from_toml_str(&text, "r.toml").unwrap_err().to_string();
            assert!(e.contains("r.toml:") && e.contains(field), "{line}: {e}");
        }
        let e = Vehicle::from_toml_str(
            &ramp.replace("diameter_m = 1.2", "diameter_m = 1.2\nvertical_rise_s = 5.0"),
            "r.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("vertical_rise_s") && e.contains("ramp-hold"), "{e}");
        let gt = format!("{GOOD}\n[pitch]\nprogram = \"gravity-turn\"\nstart_s = 4.0\n");
        let e = Vehicle::from_toml_str(&gt, "t.toml").unwrap_err().to_string();
        assert!(e.contains("pitch.start_s") && e.contains("only with"), "{e}");

        // Per-stage diameter and drag table; the vehicle's where a stage has none.
        let staged = GOOD.replace(
            "thrust_n = 84000.0",
            "thrust_n = 84000.0\ndiameter_m = 0.8\n[stages.drag]\nmach = [0.0, 2.0]\ncd = [0.3, 0.2]",
        );
        let v = Vehicle::from_toml_str(&staged, "s.toml").unwrap();
        let plan = v.plan();
        assert_eq!(plan.stage_aero.len(), 2);
        assert_eq!(plan.stage_aero[0], Aero { reference_area_m2: v.reference_area_m2, drag: v.drag.clone() });
        assert!((plan.stage_aero[1].reference_area_m2 - std::f64::consts::PI * 0.16).abs() < 1e-12);
        assert_eq!(plan.stage_aero[1].drag.cd, vec![0.3, 0.2]);
        let e = Vehicle::from_toml_str(&staged.replace("diameter_m = 0.8", "diameter_m = -1.0"), "s.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("stages[2].diameter_m"), "{e}");
        // drag_cd_scale multiplies every table.
        let scaled = Vehicle::from_toml_str(
            &staged.replace("diameter_m = 1.2", "diameter_m = 1.2\ndrag_cd_scale = 2.0"),
            "s.toml",
        )
        .unwrap();
        assert_eq!(scaled.stages[1].aero.as_ref().unwrap().drag.cd, vec![0.6, 0.4]);
    }

    #[test]
    fn generic_plan_has_the_requested_delta_v() {
        let g = GenericVehicle::default();
        let plan = g.plan(7_000.0);
        assert!((plan.ideal_delta_v_m_s() - 7_000.0).abs() < 1e-9);
        let b = plan.burns[0];
        assert!((b.thrust_n / (plan.liftoff_mass_kg * G0_M_S2) - g.thrust_to_weight).abs() < 1e-12);
    }
}
