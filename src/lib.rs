#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// The concepts, one module each; private, and re-exported below as the public API.
mod contour;
mod earth;
mod error;
mod estimate;
mod flight;
mod flight_time;
mod inverse;
mod model;

mod reach;
mod standard;
mod target;
mod target_flights;
mod trajectory;

// Public namespaces: closed forms, the integrator and solvers, the boost model,
// geometry, embedded data, figures, GIS maps (GeoJSON, KML), uncertainty, constants.
pub mod boost;
pub mod catalog;
pub mod coastlines;
pub mod config;
pub mod constants;
pub mod fmt;
pub mod geo;
pub mod gis;
pub mod integrate;
pub mod kepler;
pub mod lofted;
pub mod margin;
pub mod payload_for;
pub mod places;
pub mod plot;
pub mod projection;
pub mod render;
pub mod solve;
pub mod uncertainty;
pub mod wgs84;

pub use contour::{BearingSector, Contour, ContourPoint};
pub use earth::{Earth, Surface};
pub use error::{one_line, Error, Result};
pub use estimate::{
    default_payloads_kg, estimate, estimate_from_burnout, estimate_vehicle, payload_range, test_launch, Estimate,
    FlightTimeCheck, Observation, Options, OtherRootSummary, StandardSummary, MAX_BURNOUT_SPEED_M_S,
    MIN_BURNOUT_SPEED_M_S,
};
pub use flight::{
    fly, initial_state, reentry_drag_m_s2, semi_analytic, Flight, FlightOptions, Launch, Outcome, State, IN_AIR_RTOL,
};
pub use flight_time::Timed;
pub use geo::Site;
pub use inverse::{invert, InverseMethod, Inversion, OtherRoot, RESIDUAL_TOL_M};
pub use model::{forward, BurnoutKind, Model};
pub use reach::{report as reach_report, PlaceReach, ReachReport};
pub use standard::{
    by_azimuth, by_azimuth_with, is_orbital, standard, sweep, sweep_with, AzimuthRange, Standard, StandardFlight, Sweep,
};
pub use target::{
    standard_toward_target, toward_target, toward_target_with, FlightToTarget, Landing, NoFlight, TargetFlights,
    TargetReach,
};
pub use trajectory::{Trajectory, TrajectoryPoint};

/// What most users need: `use loftrange::prelude::*;`.
pub mod prelude {
    pub use crate::{
        estimate, estimate_from_burnout, estimate_vehicle, reach_report, Error, Estimate, Model, Observation, Options,
        Result, Site, TargetReach,
    };
}
