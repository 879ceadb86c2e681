//! loftrange: from a lofted missile test to the range on a standard trajectory.

pub mod coastlines;
pub mod constants;
pub mod places;
pub mod projection;
pub mod trajectory;
