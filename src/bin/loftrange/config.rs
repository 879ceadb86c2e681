//! From the command line's flags to the library's validated configuration
//! (`loftrange::config`, the one place where units are parsed).

pub use loftrange::config::*;
use loftrange::Result;

use crate::cli::ObservationArgs;

/// The flag groups beyond the observation that a command has (absent: none given).
#[derive(Clone, Copy, Default)]
pub struct Extras<'a> {
    /// `--azimuth` (estimate, reach).
    pub azimuths: &'a [String],
    /// `--target` (estimate, reach, payload).
    pub targets: &'a [String],
    /// `--extra-payload` (estimate).
    pub extra_payload: Option<&'a String>,
    /// `--burnout-speed`, `--payload` (estimate, plot, reach).
    pub forward: Option<&'a crate::cli::ForwardArgs>,
    /// `--beta` (estimate, plot, reach).
    pub beta: Option<&'a String>,
    /// `--stage-beta` (estimate, plot, reach).
    pub stage_beta: Option<&'a String>,
}

/// The flags as the library's text inputs.
pub fn inputs(a: &ObservationArgs, x: Extras) -> Inputs {
    Inputs {
        apogee: a.apogee.clone(),
        range: a.range.clone(),
        test: a.test.clone(),
        flight_time: a.flight_time.clone(),
        burnout_speed: x.forward.and_then(|f| f.burnout_speed.clone()),
        burnout_altitude: a.burnout_altitude.clone(),
        model: a.model.clone(),
        vehicle: a.vehicle.clone(),
        beta: x.beta.cloned(),
        stage_beta: x.stage_beta.cloned(),
        payload: x.forward.and_then(|f| f.payload.clone()),
        extra_payload: x.extra_payload.cloned(),
        site: a.site.clone(),
        test_azimuth: a.test_azimuth.clone(),
        azimuths: x.azimuths.to_vec(),
        targets: x.targets.to_vec(),
    }
}

/// Validated configuration from the command line.
pub fn from_args(a: &ObservationArgs, x: Extras) -> Result<Config> {
    Config::from_inputs(&inputs(a, x), &load_vehicle)
}

/// Validated configuration from a batch line (vehicle files read from disk).
pub fn from_batch(l: &BatchLine) -> Result<Config> {
    from_batch_line(l, &load_vehicle)
}

/// Validated configuration for `command`, which draws or sweeps one value of each
/// input: values with +- are refused (the flags it has no use for it does not have).
pub fn from_args_for(command: &str, a: &ObservationArgs, x: Extras) -> Result<Config> {
    let inputs = inputs(a, x);
    refuse_uncertainty(&inputs, command, "loftrange estimate")?;
    Config::from_inputs(&inputs, &load_vehicle)
}
