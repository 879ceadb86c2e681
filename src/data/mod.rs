//! Embedded data, each with its source and licence: the catalog of published tests,
//! places (capitals, large cities, launch sites), coastlines.

pub mod catalog;
#[cfg(any(feature = "plot", test))]
pub mod coastlines;
pub mod places;
pub mod validation;
