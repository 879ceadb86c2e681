//! What flies: an impulsive burnout state, or a vehicle with its payload. The standard
//! trajectory toward any launch azimuth, the sweep over all azimuths and the range toward
//! a target are asked of a [`Flyer`], whatever the model: nothing else needs to know
//! which kind it is.

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::Result;
use crate::flight::{FlightOptions, Launch};
use crate::geo::Site;
use crate::model::Model;
use crate::standard::target::TargetReach;
use crate::standard::{self, AzimuthRange, Standard, Sweep};
use crate::vehicle::FittedVehicle;

/// An impulsive burnout state at a site: a burnout speed relative to the ground at an
/// altitude above the site, flown under an impulsive model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Impulsive {
    /// The model (kepler, sphere, rotating, earth).
    pub model: Model,
    /// Launch site latitude, rad (geodetic on the ellipsoid).
    pub lat_rad: f64,
    /// Launch site longitude, rad.
    pub lon_rad: f64,
    /// Burnout speed relative to the ground, m/s.
    pub speed_m_s: f64,
    /// Burnout altitude above the site, m.
    pub altitude_m: f64,
    /// Integrator settings (`samples` is set per flight).
    pub flight: FlightOptions,
}

/// What flies: the one type the standard trajectory, the sweep, targets and the reach map
/// ask, for every model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Flyer {
    /// An impulsive burnout state (models kepler, sphere, rotating, earth).
    Impulsive(Impulsive),
    /// A vehicle and its payload (model boost): fitted to a lofted test, or as given.
    Vehicle(FittedVehicle),
}

impl Impulsive {
    fn earth(&self) -> Earth {
        self.model.earth
    }

    fn launch(&self, azimuth_rad: f64) -> Launch {
        Launch { lat_rad: self.lat_rad, lon_rad: self.lon_rad, azimuth_rad }
    }

    fn quiet(&self) -> FlightOptions {
        FlightOptions { samples: 0, stop_at_apogee: false, ..self.flight }
    }
}

impl Flyer {
    /// A burnout speed relative to the ground, m/s, at `altitude_m` above `site`, flown
    /// under an impulsive `model` with the default integrator settings.
    pub fn burnout(model: Model, site: &Site, speed_m_s: f64, altitude_m: f64) -> Flyer {
        Flyer::Impulsive(Impulsive {
            model,
            lat_rad: site.lat_rad,
            lon_rad: site.lon_rad,
            speed_m_s,
            altitude_m,
            flight: FlightOptions::default(),
        })
    }

    /// The Earth it flies over.
    pub fn earth(&self) -> Earth {
        match self {
            Flyer::Impulsive(i) => i.earth(),
            Flyer::Vehicle(v) => v.earth,
        }
    }

    /// The launch site, rad (latitude, longitude).
    pub fn site_rad(&self) -> (f64, f64) {
        match self {
            Flyer::Impulsive(i) => (i.lat_rad, i.lon_rad),
            Flyer::Vehicle(v) => (v.lat_rad, v.lon_rad),
        }
    }

    /// The fitted (or given) vehicle, for the boost model.
    pub fn vehicle(&self) -> Option<&FittedVehicle> {
        match self {
            Flyer::Vehicle(v) => Some(v),
            Flyer::Impulsive(_) => None,
        }
    }

    /// The impulsive burnout state, for the impulsive models.
    pub fn impulsive(&self) -> Option<&Impulsive> {
        match self {
            Flyer::Impulsive(i) => Some(i),
            Flyer::Vehicle(_) => None,
        }
    }

    /// The standard trajectory toward `azimuth_rad`, sampled with `samples` points.
    pub fn standard(&self, azimuth_rad: f64, samples: usize) -> Result<Standard> {
        match self {
            Flyer::Impulsive(i) => standard::standard(
                i.model,
                &i.earth(),
                &i.launch(azimuth_rad),
                i.speed_m_s,
                i.altitude_m,
                &FlightOptions { samples, ..i.quiet() },
            ),
            Flyer::Vehicle(v) => v.standard(azimuth_rad, samples),
        }
    }

    /// The standard trajectory toward `azimuth_rad` in compact form.
    pub fn toward(&self, azimuth_rad: f64) -> Result<AzimuthRange> {
        let az = crate::geo::normalize_angle_rad(azimuth_rad);
        match self {
            Flyer::Impulsive(_) => Ok(AzimuthRange::from_standard(az, &self.standard(az, 0)?)),
            Flyer::Vehicle(v) => v.toward(az),
        }
    }

    /// The standard range toward each of `azimuths_rad`, in parallel (order kept).
    pub fn by_azimuth(&self, azimuths_rad: &[f64]) -> Result<Vec<AzimuthRange>> {
        standard::by_azimuth_with(azimuths_rad, |az| self.toward(az))
    }

    /// The standard range over all launch azimuths in steps of `step_rad`, the extremes
    /// refined where the direction matters.
    pub fn sweep(&self, step_rad: f64) -> Result<Sweep> {
        standard::sweep_with(step_rad, self.earth().rotates(), |az| self.toward(az))
    }

    /// The standard range toward a target, with the flights that end on it (impulsive
    /// models).
    pub fn toward_target(&self, target: &Site) -> Result<TargetReach> {
        match self {
            Flyer::Impulsive(i) => {
                let site = Site::new(i.lat_rad, i.lon_rad);
                standard::target_flights::toward_target(
                    i.model,
                    &i.earth(),
                    &site,
                    target.lat_rad,
                    target.lon_rad,
                    i.speed_m_s,
                    i.altitude_m,
                    &i.quiet(),
                )
            }
            Flyer::Vehicle(v) => v.toward_target(target.lat_rad, target.lon_rad),
        }
    }

    /// The standard range toward a target only, without the flights that end on it.
    pub fn range_toward(&self, target: &Site) -> Result<TargetReach> {
        match self {
            Flyer::Impulsive(i) => standard::target::standard_toward_target(
                i.model,
                &i.earth(),
                &Site::new(i.lat_rad, i.lon_rad),
                target.lat_rad,
                target.lon_rad,
                i.speed_m_s,
                i.altitude_m,
                &i.quiet(),
            ),
            Flyer::Vehicle(v) => v.toward_target(target.lat_rad, target.lon_rad),
        }
    }

    /// The same flyer over a non-rotating sphere: the comparison of a reach map (the
    /// impulsive models fly the same burnout speed under model sphere; the boost the
    /// same vehicle).
    pub fn without_rotation(&self) -> Flyer {
        match self {
            Flyer::Impulsive(i) => Flyer::Impulsive(Impulsive { model: Model::SPHERE, ..i.clone() }),
            Flyer::Vehicle(v) => Flyer::Vehicle(v.on_earth(Earth::non_rotating())),
        }
    }
}
