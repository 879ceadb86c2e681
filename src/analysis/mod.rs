//! Loops over the one flow: reach over all directions, Monte Carlo uncertainty (of the
//! measurements and of the boost model's assumptions).

pub mod catalog_table;
pub mod global_payload;
pub mod model_mc;
pub mod payload;
pub mod reach;
pub mod stage_mc;
pub mod uncertainty;
pub mod validation;
