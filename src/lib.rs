#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// The layers, bottom up: numerics; geometry and data; the Earth; a flight; the model
// presets; the standard trajectory; the vehicle; the inverse and its checks; the
// estimate; the analyses over it; inputs; rendering.
pub mod analysis;
pub mod checks;
pub mod data;
pub mod earth;
mod error;
pub mod estimate;
pub mod flight;
pub mod flyer;
pub mod geo;
pub mod inverse;
pub mod model;
pub mod numerics;
pub mod standard;
pub mod vehicle;

#[cfg(test)]
mod tests;

pub mod config;
pub mod constants;
pub mod fmt;
pub mod render;

// The public paths of before the layers (kept while the API is reshaped).
pub use crate::vehicle as boost;
pub use analysis::{catalog_table, model_mc, payload, uncertainty};
pub use checks::{flight_time, lofted};
pub use data::{catalog, coastlines, places};
pub use flight::{kepler, trajectory};
pub use geo::{projection, wgs84};
pub use numerics::{integrate, solve};
pub use render::{gis, plot};
pub use standard::{margin, target};
pub use vehicle::payload_for;

pub use analysis::reach::{reach, report as reach_report, PlaceReach, ReachReport};
pub use analysis::uncertainty::{monte_carlo, Distribution, MonteCarlo, Sigmas};
pub use checks::flight_time::Timed;
pub use earth::{Earth, Surface};
pub use error::{one_line, Error, Result};
pub use estimate::{
    default_payloads_kg, estimate, payload_range, Asked, Estimate, FlightTimeCheck, Observation, Question, Request,
    MAX_BURNOUT_SPEED_M_S, MIN_BURNOUT_SPEED_M_S,
};
pub use flight::trajectory::{Trajectory, TrajectoryPoint};
pub use flight::{
    fly, initial_state, reentry_drag_m_s2, semi_analytic, Flight, FlightOptions, Launch, Outcome, State, IN_AIR_RTOL,
};
pub use flyer::{Flyer, Impulsive};
pub use geo::Site;
pub use inverse::OtherRootSummary;
pub use inverse::{invert, InverseMethod, Inversion, OtherRoot, RESIDUAL_TOL_M};
pub use model::{forward, BurnoutKind, Model};
pub use standard::contour::{BearingSector, Contour, ContourPoint};
pub use standard::target::{
    standard_toward_target, toward_target, toward_target_with, FlightToTarget, Landing, NoFlight, TargetFlights,
    TargetReach,
};
pub use standard::{
    by_azimuth, by_azimuth_with, is_orbital, standard, sweep, sweep_with, AzimuthRange, Standard, StandardFlight, Sweep,
};

/// What most users need: `use loftrange::prelude::*;`.
pub mod prelude {
    pub use crate::{
        estimate, monte_carlo, reach, Distribution, Error, Estimate, Flyer, Model, MonteCarlo, Observation, Question,
        ReachReport, Request, Result, Sigmas, Site, Standard, TargetReach,
    };
}
