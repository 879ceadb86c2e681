//! A flown trajectory as the rest of loftrange sees it: its summary numbers and
//! points sampled for plotting. SI units inside (m, s, rad).

use serde::{Deserialize, Serialize};

/// One sampled point of a trajectory.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryPoint {
    /// Time since burnout (impulsive models) or launch (boost model), s.
    pub time_s: f64,
    /// Altitude above the surface (sphere: radius − R; ellipsoid: geodetic height), m.
    pub altitude_m: f64,
    /// Ground distance from the launch point along the ground track, m
    /// (R × central angle from the launch point on the sphere).
    pub ground_distance_m: f64,
    /// Earth-fixed latitude of the sub-vehicle point, rad.
    pub lat_rad: f64,
    /// Earth-fixed longitude of the sub-vehicle point, rad, in (−π, π].
    pub lon_rad: f64,
    /// True while the engine burns (boost model); false in free flight.
    #[serde(default)]
    pub powered: bool,
}

/// A trajectory from burnout (or launch) to impact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// Maximum altitude, m.
    pub apogee_m: f64,
    /// Ground range from launch point to impact point, m.
    pub range_m: f64,
    /// Time from burnout (or launch) to impact, s.
    pub flight_time_s: f64,
    /// Points sampled for plotting, in time order, first at burnout/launch, last at impact.
    pub points: Vec<TrajectoryPoint>,
}
