//! From the command line's flags to the library's validated configuration
//! (`loftrange::config`, the one place where units are parsed).

pub use loftrange::config::*;
use loftrange::{Error, Result};

use crate::cli::ObservationArgs;

/// The flags as the library's text inputs.
pub fn inputs(a: &ObservationArgs) -> Inputs {
    Inputs {
        apogee: a.apogee.clone(),
        range: a.range.clone(),
        test: a.test.clone(),
        flight_time: a.flight_time.clone(),
        burnout_speed: a.burnout_speed.clone(),
        burnout_altitude: a.burnout_altitude.clone(),
        model: a.model.clone(),
        vehicle: a.vehicle.clone(),
        beta: a.beta.clone(),
        stage_beta: a.stage_beta.clone(),
        payload: a.payload.clone(),
        extra_payload: a.extra_payload.clone(),
        site: a.site.clone(),
        test_azimuth: a.test_azimuth.clone(),
        azimuths: a.azimuths.clone(),
        targets: a.targets.clone(),
    }
}

/// Validated configuration from the command line.
pub fn from_args(a: &ObservationArgs) -> Result<Config> {
    Config::from_inputs(&inputs(a), &load_vehicle)
}

/// Validated configuration from a batch line (vehicle files read from disk).
pub fn from_batch(l: &BatchLine) -> Result<Config> {
    from_batch_line(l, &load_vehicle)
}

/// What a command does with the inputs beyond the observation: a flag it would accept
/// and then ignore is refused instead.
#[derive(Clone, Copy)]
pub struct Uses {
    /// Values with +- (error bars).
    pub uncertainty: bool,
    /// `--target`.
    pub targets: bool,
    /// `--azimuth`.
    pub azimuths: bool,
}

/// Validated configuration for `command`, refusing the flags it does not use.
pub fn from_args_for(command: &str, a: &ObservationArgs, uses: Uses) -> Result<Config> {
    if !uses.uncertainty {
        let with_sigma = [
            ("apogee", &a.apogee),
            ("range", &a.range),
            ("flight time", &a.flight_time),
            ("burnout altitude", &a.burnout_altitude),
            ("site", &a.site),
            ("test azimuth", &a.test_azimuth),
        ]
        .into_iter()
        .find_map(|(field, v)| v.as_ref().filter(|t| t.contains("+-") || t.contains('±')).map(|t| (field, t)));
        if let Some((field, text)) = with_sigma {
            return Err(Error::invalid(
                field,
                format!("\"{text}\" (with an uncertainty)"),
                format!("a plain value: {command} does not use +- (error bars come from loftrange estimate)"),
            ));
        }
    }
    if !uses.targets && !a.targets.is_empty() {
        return Err(Error::invalid(
            "target",
            format!("\"{}\" given to {command}", a.targets[0]),
            "--target only with estimate or reach",
        ));
    }
    if !uses.azimuths && !a.azimuths.is_empty() {
        return Err(Error::invalid(
            "azimuth",
            format!("\"{}\" given to {command}", a.azimuths[0]),
            "--azimuth only with estimate or reach",
        ));
    }
    from_args(a)
}
