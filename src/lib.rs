//! loftrange: from a lofted missile test to the range on a standard trajectory.

pub mod constants;
pub mod trajectory;

pub mod integrate;
pub mod solve;
