//! loftrange: from a lofted missile test to the range on a standard trajectory.

pub mod catalog;
pub mod constants;
pub mod trajectory;
