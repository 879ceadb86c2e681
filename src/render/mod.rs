//! Rendering the library's results for people and programs: the text reports and the
//! JSON objects of the command line (and of the web page, which shows the same).
//! The only code, beside the figures in [`crate::render::plot`], that formats numbers for output.

#[cfg(feature = "gis")]
pub mod gis;
#[cfg(feature = "plot")]
pub mod plot;

mod catalog;
mod estimate;
mod global_payload;
mod payload;
mod reach;
mod stages;
mod uncertainty;
mod validation;

pub use crate::error::one_line;
pub use crate::fmt::{escape_report, escape_text, grouped, json_safe, shorten, xml_safe};
pub use catalog::*;
pub use estimate::*;
pub use global_payload::*;
pub use payload::*;
pub use reach::*;
pub use stages::*;
pub use uncertainty::*;
pub use validation::*;
