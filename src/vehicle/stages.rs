//! Where the spent stages fall (MODEL.md, model 5, "Spent stages"): at each separation
//! the spent stage keeps the vehicle's position and velocity and flies ballistically to
//! impact (height 0 on the model's surface), with drag of a stage ballistic coefficient
//! β = m / (C_D A) in the U.S. Standard Atmosphere 1976 on the way up (a [`Forces`]
//! term) and on the way down (the Earth's re-entry drag): the one free flight of
//! loftrange ([`crate::flight::coast`]). Its impact is reported as latitude, longitude,
//! distance from the site and across the launch plane, and time after lift-off.
//!
//! # The stage ballistic coefficient
//! The accepted range, 10 to 1,000 kg/m², is that of the re-entering bodies studied in
//! "On the rotation of the orbital plane during ballistic re-entry", Planetary and Space
//! Science 19 (10), 1971, pp. 1215-1224: C_D A / m = 0.1 m²/kg and 0.001 m²/kg (β = 10
//! and 1,000 kg/m²). The default, 150 kg/m², is derived here, not published: a spent
//! stage tumbles, so its mean projected area is a quarter of its surface (Cauchy's
//! formula for convex bodies), and a cylinder across a hypersonic stream has C_D = 4/3
//! on its projected area d × l (Newtonian theory). A stage of 3,000 kg dry mass, 1.5 m
//! in diameter and 10 m long (assumed, not a known stage) has a mean projected area of
//! (π d l + π d² / 2) / 4 = 12.7 m² and β = 3,000 / (4/3 × 12.7) ≈ 180 kg/m²; one of
//! 2,500 kg, 1.5 m and 12 m about 125 kg/m². 150 kg/m² is a round figure between them.
//! No published β of a North Korean stage was found: give `--stage-beta` to move it
//! (the impact moves uprange as β falls).
//! The payload's re-entry is not changed by this (the boost model's descent stays as it
//! is).

use nalgebra::Vector3;
use serde::{Deserialize, Serialize};

use super::file::Plan;
use super::powered::{fly_boost_recording, PoweredOptions, Separation};
use crate::earth::Earth;
use crate::error::{Error, Result};
use crate::flight::{air_corner_s, coast, reentry_drag_m_s2, FlightOptions, Forces, Launch, State};
use crate::geo;

/// Default stage ballistic coefficient, kg/m² (module docs: how it was derived).
pub const DEFAULT_STAGE_BETA_KG_M2: f64 = 150.0;
/// Lowest stage ballistic coefficient accepted, kg/m² (module docs: the cited range).
pub const MIN_STAGE_BETA_KG_M2: f64 = 10.0;
/// Highest stage ballistic coefficient accepted, kg/m² (module docs: the cited range).
pub const MAX_STAGE_BETA_KG_M2: f64 = 1_000.0;

/// The stage ballistic coefficient's source and derivation in one line, for the
/// assumptions of an estimate.
pub fn stage_beta_assumption(beta_kg_m2: f64) -> String {
    format!(
        "spent stages fall ballistically from separation with drag of ballistic coefficient {beta_kg_m2:.0} kg/m² (default 150: a tumbling stage's mean area and Newtonian drag, not a published value; accepted 10 to 1,000, the span of re-entering bodies in Planet. Space Sci. 19 (1971) 1215), US Standard Atmosphere 1976"
    )
}

/// Checks a stage ballistic coefficient: one line naming the value and the range.
pub fn check_stage_beta(beta_kg_m2: f64) -> Result<()> {
    if !(beta_kg_m2.is_finite() && (MIN_STAGE_BETA_KG_M2..=MAX_STAGE_BETA_KG_M2).contains(&beta_kg_m2)) {
        return Err(Error::invalid(
            "stage beta",
            format!("{beta_kg_m2} kg/m2"),
            "a stage ballistic coefficient from 10 to 1000 kg/m2 (default 150)",
        ));
    }
    Ok(())
}

/// Which flight the stages were dropped from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StagesOf {
    /// The lofted test as fitted.
    Test,
    /// The headline standard trajectory.
    Standard,
}

impl StagesOf {
    /// The flight in words ("the test flight").
    pub fn label(self) -> &'static str {
        match self {
            StagesOf::Test => "the test flight",
            StagesOf::Standard => "the standard trajectory",
        }
    }
}

/// Where a spent stage came down.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageImpact {
    /// Latitude (geodetic on the ellipsoid, geocentric on the sphere), rad.
    pub lat_rad: f64,
    /// Longitude, rad.
    pub lon_rad: f64,
    /// Ground distance from the launch site, m.
    pub downrange_m: f64,
    /// Distance across the launch direction, m: positive to the right of the launch
    /// azimuth seen from the site (R asin(sin(s/R) sin(bearing − azimuth)), s the ground
    /// distance, R the mean radius).
    pub cross_range_m: f64,
    /// Time of impact after lift-off, s.
    pub time_s: f64,
}

/// A spent stage: its separation and its impact.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpentStage {
    /// Stage number, 1 for the first.
    pub stage: usize,
    /// Mass dropped, kg.
    pub mass_kg: f64,
    /// Separation time after lift-off, s.
    pub separation_time_s: f64,
    /// Altitude at separation, m.
    pub separation_altitude_m: f64,
    /// Speed relative to the ground at separation, m/s.
    pub separation_speed_m_s: f64,
    /// The impact; None when the stage does not come down within one orbital period
    /// (orbital or escape energy).
    pub impact: Option<StageImpact>,
}

/// The spent stages of one flight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpentStages {
    /// The flight they were dropped from.
    pub flight: StagesOf,
    /// Launch azimuth of that flight, rad.
    pub azimuth_rad: f64,
    /// The stages' ballistic coefficient, kg/m² (None: no drag, for checks).
    pub beta_kg_m2: Option<f64>,
    /// The stages in the order dropped (none for a one-stage vehicle).
    pub stages: Vec<SpentStage>,
}

/// The stage's drag on its way up, from the separation to apogee: the same law as the
/// Earth's re-entry drag ([`reentry_drag_m_s2`]) with the stage's β.
struct StageAscent {
    earth: Earth,
    beta_kg_m2: f64,
}

impl Forces for StageAscent {
    fn on_ascent(&self) -> bool {
        true
    }
    fn ascent_m_s2(&self, _t_s: f64, r: &Vector3<f64>, v: &Vector3<f64>) -> Vector3<f64> {
        reentry_drag_m_s2(&self.earth, self.beta_kg_m2, r, v)
    }
    fn ascent_corner_s(&self, t_s: f64, y: &State, dydt: &State, h_s: f64) -> Option<f64> {
        air_corner_s(&self.earth, t_s, y, dydt, h_s)
    }
}

/// Fly one spent stage from its separation to impact. `earth` is the flight's Earth
/// (its own re-entry drag, if any, is replaced by the stage's); `beta_kg_m2` None flies
/// it without drag.
pub fn fly_stage(
    earth: &Earth,
    launch: &Launch,
    sep: &Separation,
    beta_kg_m2: Option<f64>,
    opts: &FlightOptions,
) -> Result<SpentStage> {
    let site_dir = earth.surface_point(launch.lat_rad, launch.lon_rad, 0.0).normalize();
    let (r, v) = (sep.position_m, sep.velocity_m_s);
    let v_rel = v - earth.omega_vec_rad_s().cross(&r);
    let r_fixed = geo::rotate_z(&r, -earth.omega_rad_s * sep.time_s);
    let mut stage = SpentStage {
        stage: sep.stage + 1,
        mass_kg: sep.mass_kg,
        separation_time_s: sep.time_s,
        separation_altitude_m: earth.altitude_m(&r_fixed),
        separation_speed_m_s: v_rel.norm(),
        impact: None,
    };
    let energy = 0.5 * v.norm_squared() - earth.mu_m3_s2 / r.norm();
    if energy >= 0.0 {
        return Ok(stage);
    }
    let sma_m = -earth.mu_m3_s2 / (2.0 * energy);
    let t_max_s = sep.time_s + 1.05 * std::f64::consts::TAU * (sma_m.powi(3) / earth.mu_m3_s2).sqrt();
    let y0 = State::from_iterator(r.iter().chain(v.iter()).copied());
    let stage_earth = Earth { reentry_beta_kg_m2: beta_kg_m2, ..*earth };
    let run = match beta_kg_m2 {
        Some(beta_kg_m2) => coast(
            &stage_earth,
            site_dir,
            StageAscent { earth: stage_earth, beta_kg_m2 },
            sep.time_s,
            y0,
            t_max_s,
            opts,
        )?,
        None => coast(&stage_earth, site_dir, crate::flight::Ballistic, sep.time_s, y0, t_max_s, opts)?,
    };
    let Some((t_imp, y_imp)) = run.landed else { return Ok(stage) };
    let r_imp = geo::rotate_z(&Vector3::new(y_imp[0], y_imp[1], y_imp[2]), -earth.omega_rad_s * t_imp);
    let (lat_rad, lon_rad, downrange_m) = earth.ground_track(launch.lat_rad, launch.lon_rad, &site_dir, &r_imp);
    let bearing = earth.bearing_rad(launch.lat_rad, launch.lon_rad, lat_rad, lon_rad);
    let radius_m = earth.radius_m;
    let cross_range_m = radius_m * ((downrange_m / radius_m).sin() * (bearing - launch.azimuth_rad).sin()).asin();
    stage.impact = Some(StageImpact { lat_rad, lon_rad, downrange_m, cross_range_m, time_s: t_imp });
    Ok(stage)
}

/// The spent stages of the powered flight of `plan` from `launch` with kick `kick_rad`
/// (the flight of [`super::powered::fly_boost`] with these settings), each flown to
/// impact with ballistic coefficient `beta_kg_m2` (None: no drag, for checks).
pub fn spent_stages(
    earth: &Earth,
    launch: &Launch,
    plan: &Plan,
    kick_rad: f64,
    opts: &PoweredOptions,
    beta_kg_m2: Option<f64>,
    flight: StagesOf,
) -> Result<SpentStages> {
    let powered = PoweredOptions { samples: 0, stop_at_apogee: false, stop_at_burnout: true, ..*opts };
    let (_, separations) = fly_boost_recording(earth, launch, plan, kick_rad, &powered, true)?;
    let fopts = FlightOptions { rtol: opts.rtol, atol: opts.atol, ..FlightOptions::default() };
    let stages = separations.iter().map(|s| fly_stage(earth, launch, s, beta_kg_m2, &fopts)).collect::<Result<_>>()?;
    Ok(SpentStages { flight, azimuth_rad: launch.azimuth_rad, beta_kg_m2, stages })
}
