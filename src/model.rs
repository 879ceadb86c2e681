//! The model ladder of MODEL.md as data, and one forward flight for every model.

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::Result;
use crate::flight::{self, FlightOptions, Landed, Launch, Outcome};
use crate::geo;
use crate::integrate::Stats;
use crate::kepler::{self, Burnout};

/// Which physics a number was computed with (MODEL.md, "Models").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Closed-form two-body: non-rotating sphere, point-mass gravity, no air.
    Kepler,
    /// The same physics integrated numerically.
    Sphere,
    /// Sphere rotating at the WGS 84 rate; launch site and azimuths matter.
    Rotating,
    /// The burnout state simulated from a powered flight (a vehicle and a pitch program),
    /// fitted to the test; on a rotating Earth when a launch site is given.
    Boost,
}

impl Model {
    /// All models, in ladder order.
    pub const ALL: [Model; 4] = [Model::Kepler, Model::Sphere, Model::Rotating, Model::Boost];

    /// The models with impulsive burnout (a burnout state as the inverse's unknown).
    pub const IMPULSIVE: [Model; 3] = [Model::Kepler, Model::Sphere, Model::Rotating];

    /// The model's name as used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Model::Kepler => "kepler",
            Model::Sphere => "sphere",
            Model::Rotating => "rotating",
            Model::Boost => "boost",
        }
    }

    /// Parse a model name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The Earth this model flies over (`boost`: non-rotating here; rotating when the
    /// estimate is given a launch site).
    pub fn earth(self) -> Earth {
        match self {
            Model::Kepler | Model::Sphere | Model::Boost => Earth::non_rotating(),
            Model::Rotating => Earth::rotating(),
        }
    }

    /// True when the model needs a launch site and azimuth.
    pub fn needs_site(self) -> bool {
        matches!(self, Model::Rotating)
    }

    /// The model's assumptions in one line.
    pub fn assumptions(self) -> &'static str {
        match self {
            Model::Kepler => "closed-form two-body: non-rotating spherical Earth (R = 6371.0 km), point-mass gravity, no air, impulsive burnout",
            Model::Sphere => "numerical two-body (Dormand-Prince 8(5,3)): non-rotating spherical Earth (R = 6371.0 km), point-mass gravity, no air, impulsive burnout",
            Model::Rotating => "numerical (Dormand-Prince 8(5,3)): spherical Earth (R = 6371.0 km) rotating at the WGS 84 rate, point-mass gravity, no air, impulsive burnout",
            Model::Boost => "simulated powered flight (vehicle, pitch program, drag in the US Standard Atmosphere 1976) fitted to the test, then the same vehicle flown for maximum range",
        }
    }
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Fly `burnout` from `launch` under `model`: closed form for `kepler`, numerical otherwise.
/// `Ok(None)` when the flight never comes down.
pub fn forward(
    model: Model,
    earth: &Earth,
    launch: &Launch,
    burnout: &Burnout,
    opts: &FlightOptions,
) -> Result<Option<Landed>> {
    match model {
        Model::Kepler => {
            let kepler::Flight::Impact(arc) = kepler::forward(earth, burnout)? else {
                return Ok(None);
            };
            let (impact_lat_rad, impact_lon_rad) =
                geo::destination_rad(launch.lat_rad, launch.lon_rad, launch.azimuth_rad, arc.central_angle_rad);
            let trajectory = (opts.samples > 0).then(|| crate::trajectory::Trajectory {
                apogee_m: arc.apogee_m,
                range_m: arc.range_m,
                flight_time_s: arc.flight_time_s,
                points: kepler::sample(
                    earth,
                    burnout,
                    launch.lat_rad,
                    launch.lon_rad,
                    launch.azimuth_rad,
                    opts.samples,
                ),
            });
            Ok(Some(Landed {
                apogee_m: arc.apogee_m,
                apogee_time_s: kepler::time_to_apogee_s(earth, burnout),
                range_m: arc.range_m,
                flight_time_s: arc.flight_time_s,
                impact_lat_rad,
                impact_lon_rad,
                stats: Stats::default(),
                trajectory,
            }))
        }
        Model::Sphere | Model::Rotating => Ok(match flight::fly(earth, launch, burnout, opts)? {
            Outcome::Landed(l) => Some(l),
            Outcome::Global => None,
        }),
        Model::Boost => Err(crate::error::Error::invalid(
            "model",
            "boost",
            "an impulsive model (kepler, sphere, rotating) for a flight from a burnout state",
        )),
    }
}
