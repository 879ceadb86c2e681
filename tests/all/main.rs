//! loftrange's integration tests, one crate (as ripgrep's): a module per area, the
//! helpers that run the built binary written once in [`util`]. `cargo test` builds this
//! one binary (with the library and its embedded data linked once).

mod util;

mod cli;
mod cli_boost;
mod cli_carry;
mod cli_first_try;
mod cli_global;
mod cli_limits;
mod cli_reach;
mod cli_stages;
mod cli_streams;
mod cli_uncertainty;
mod config_api;
mod docs;
#[cfg(unix)]
mod fuzz_process;
mod gis;
mod headline;
mod layers;
mod plot;
mod validation;
