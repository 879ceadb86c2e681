//! The numerical engine: the Dormand-Prince 8(5,3) integrator with its dense output,
//! events and the one propagation loop; Brent's root-finder and minimiser, the nested
//! bracketing solver.

pub mod integrate;
pub mod solve;
