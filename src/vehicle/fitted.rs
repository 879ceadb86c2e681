//! The fitted vehicle flown toward any launch azimuth: fit once, then reuse the fitted
//! plan (vehicle and payload) for the standard trajectory toward further azimuths, the
//! sweep over all azimuths and targets, in the same [`AzimuthRange`] form as the
//! impulsive models ([`crate::standard`], `target`).

use serde::{Deserialize, Serialize};

use super::file::Plan;
use super::fit::standard_boost_from;
use super::powered::PoweredOptions;
use crate::earth::Earth;
use crate::error::Result;
use crate::flight::Launch;
use crate::geo::Site;
use crate::standard::target::{self as reach, TargetReach};
use crate::standard::{self, AzimuthRange, Sweep};
use crate::standard::{Standard, StandardFlight};

/// The vehicle as fitted to the test, with everything needed to fly its standard
/// trajectory from the same site toward another launch azimuth.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FittedVehicle {
    /// The fitted flight plan (for the generic vehicle: the fitted Δv; for a vehicle
    /// file: the fitted payload).
    pub plan: Plan,
    /// The Earth the test was fitted on (rotating with a site).
    pub earth: Earth,
    /// Launch site latitude, rad.
    pub lat_rad: f64,
    /// Launch site longitude, rad.
    pub lon_rad: f64,
    /// Powered-flight settings (tolerances, drag; `samples` and `stop_*` set per flight).
    pub powered: PoweredOptions,
    /// Lowest burnout altitude of the standard trajectory, m (None: unconstrained).
    pub min_burnout_altitude_m: Option<f64>,
}

impl FittedVehicle {
    /// The standard trajectory toward `azimuth_rad`, sampled with `samples` points:
    /// `standard_boost` of the fitted plan.
    pub fn standard(&self, azimuth_rad: f64, samples: usize) -> Result<Standard> {
        self.standard_from(azimuth_rad, samples, None)
    }

    /// [`FittedVehicle::standard`] with the kick searches started from `kick_hint_rad`
    /// (`standard_boost_from`); the answer does not depend on the hint beyond the
    /// solvers' tolerances.
    pub fn standard_from(&self, azimuth_rad: f64, samples: usize, kick_hint_rad: Option<f64>) -> Result<Standard> {
        let launch = Launch { lat_rad: self.lat_rad, lon_rad: self.lon_rad, azimuth_rad };
        let opts = PoweredOptions { samples, stop_at_apogee: false, stop_at_burnout: false, ..self.powered };
        standard_boost_from(&self.earth, &launch, &self.plan, &opts, self.min_burnout_altitude_m, kick_hint_rad)
    }

    /// The standard trajectory toward `azimuth_rad` in compact form: range, burnout
    /// flight-path angle (Earth-relative, of the range-maximising kick), lift-off to
    /// impact time, impact point. Global reach gives Nones.
    pub fn toward(&self, azimuth_rad: f64) -> Result<AzimuthRange> {
        let az = crate::geo::normalize_angle_rad(azimuth_rad);
        Ok(match self.standard(az, 0)? {
            Standard::Bounded(StandardFlight { landed: flight, .. }) => AzimuthRange {
                azimuth_rad: az,
                range_m: Some(flight.range_m),
                gamma_rad: Some(flight.powered().burnout.gamma_rad),
                flight_time_s: Some(flight.flight_time_s),
                impact_lat_rad: Some(flight.impact_lat_rad),
                impact_lon_rad: Some(flight.impact_lon_rad),
            },
            Standard::GlobalReach => AzimuthRange {
                azimuth_rad: az,
                range_m: None,
                gamma_rad: None,
                flight_time_s: None,
                impact_lat_rad: None,
                impact_lon_rad: None,
            },
        })
    }

    /// Standard range toward each of `azimuths_rad`, in parallel (same order, whatever the threads).
    pub fn by_azimuth(&self, azimuths_rad: &[f64]) -> Result<Vec<AzimuthRange>> {
        standard::by_azimuth_with(azimuths_rad, |az| self.toward(az))
    }

    /// Standard range over all launch azimuths in steps of `step_rad` (one
    /// `standard_boost` per azimuth, in parallel). On a rotating Earth the extremes
    /// are refined by Brent between the neighbouring samples, as in
    /// `sweep`; on a non-rotating Earth every azimuth gives the same range
    /// and the sampled extremes are kept.
    pub fn sweep(&self, step_rad: f64) -> Result<Sweep> {
        standard::sweep_with(step_rad, self.earth.omega_rad_s != 0.0, |az| self.toward(az))
    }

    /// Standard range toward a target (MODEL.md model 3's definition: on a rotating
    /// Earth the launch azimuth is solved so that the standard impact lies on the great
    /// circle from the site to the target), with the solver the impulsive models use.
    /// The flights that end on the target are not solved for the boost
    /// ([`reach::NoFlight::Boost`]).
    pub fn toward_target(&self, target_lat_rad: f64, target_lon_rad: f64) -> Result<TargetReach> {
        let site = Site::new(self.lat_rad, self.lon_rad);
        let t = reach::toward_target_with(
            &self.earth,
            &site,
            target_lat_rad,
            target_lon_rad,
            self.earth.omega_rad_s != 0.0,
            |az| self.toward(az),
        )?;
        // The flights that end on the target are solved for impulsive burnouts only.
        let flights = match t.flights.minimum_energy {
            Err(reach::NoFlight::NotComputed) => reach::TargetFlights::none(reach::NoFlight::Boost),
            _ => t.flights,
        };
        Ok(TargetReach { flights, ..t })
    }

    /// The same vehicle over another Earth (e.g. non-rotating, for comparison).
    pub fn on_earth(&self, earth: Earth) -> FittedVehicle {
        FittedVehicle { earth, ..self.clone() }
    }
}
