#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod boost;
pub mod catalog;
pub mod coastlines;
pub mod constants;
pub mod earth;
pub mod error;
pub mod estimate;
pub mod flight;
pub mod geo;
pub mod integrate;
pub mod inverse;
pub mod kepler;
pub mod model;
pub mod places;
pub mod plot;
pub mod projection;
pub mod reach;
pub mod solve;
pub mod standard;
pub mod trajectory;
pub mod uncertainty;
pub mod wgs84;

pub use error::{Error, Result};
pub use estimate::{estimate, Estimate, Observation, Options, Site};
pub use model::Model;
