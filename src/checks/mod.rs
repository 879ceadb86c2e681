//! What an estimate checks of the reported test: is it lofted, and does the reported
//! flight time fit a ballistic flight?

pub mod flight_time;
pub mod lofted;
