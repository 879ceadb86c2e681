//! The library's renderers under the names the subcommands use.

pub use loftrange::render::grouped;
pub use loftrange::render::{estimate_json as to_json, estimate_text as to_text};
