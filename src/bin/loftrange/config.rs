//! From the command line's flags to the library's validated configuration
//! (`loftrange::config`, the one place where units are parsed).

pub use loftrange::config::*;
use loftrange::{Error, Result};

use crate::cli::ObservationArgs;

/// Read and parse a vehicle file; errors name the file (and line and field).
pub fn load_vehicle(path: &str) -> Result<loftrange::boost::Vehicle> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid("vehicle", format!("\"{path}\" ({e})"), "a readable TOML vehicle file"))?;
    loftrange::boost::Vehicle::from_toml_str(&text, path)
}

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
        payload: a.payload.clone(),
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
