//! Reach toward a target: the standard range along the great circle from the launch
//! site to the target, with Earth's rotation where the model has it (MODEL.md model 3:
//! the launch azimuth is chosen so that the impact lies on that great circle), and
//! global reach where the target's direction has it.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use serde::{Deserialize, Serialize};

use crate::earth::{Earth, Surface};
use crate::error::{Error, Result};
use crate::flight::{FlightOptions, Launch};
use crate::geo::{self, Site};
use crate::model::Model;
use crate::numerics::solve::{expand_bracket, try_brent_root, BracketSpec, Expansion, Sign};
use crate::standard;
use crate::standard::contour::Contour;

/// Can the missile reach this point, and by how much?
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetReach {
    /// Target latitude, rad.
    pub lat_rad: f64,
    /// Target longitude, rad.
    pub lon_rad: f64,
    /// Great-circle distance from the launch site, m.
    pub distance_m: f64,
    /// Bearing from the launch site to the target, rad clockwise from north (initial
    /// great-circle bearing on the sphere, geodesic azimuth on the ellipsoid).
    pub bearing_rad: f64,
    /// Launch azimuth whose standard trajectory lands on the great circle to the target,
    /// rad (the bearing itself on a non-rotating Earth; on a rotating one the flight is
    /// aimed off the bearing so that the Earth's turn brings its impact onto that circle).
    pub azimuth_rad: f64,
    /// Standard range along that great circle, m (None: global reach).
    pub range_m: Option<f64>,
    /// Flight-path angle of that standard trajectory, rad (None: global reach).
    pub gamma_rad: Option<f64>,
    /// Flight time of that standard trajectory (full standard range, not to the target), s
    /// (None: global reach).
    pub flight_time_s: Option<f64>,
    /// Standard range minus distance, m: positive in reach (None: global reach).
    pub margin_m: Option<f64>,
    /// Impact point of that standard trajectory, (lat, lon) rad (None: global reach).
    pub impact_rad: Option<(f64, f64)>,
    /// True when the target is within the standard range.
    pub reachable: bool,
    /// Flights that end on the target (minimum-energy, and with the missile's own burnout
    /// speed), or why they are not given.
    pub flights: TargetFlights,
}

/// One flight from the launch site that ends on the target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlightToTarget {
    /// Launch azimuth, rad clockwise from north (on a rotating Earth, not the bearing).
    pub azimuth_rad: f64,
    /// Burnout speed relative to the surface, m/s.
    pub speed_m_s: f64,
    /// Flight-path angle at burnout above the local horizontal, rad.
    pub gamma_rad: f64,
    /// Free-flight time from burnout to impact on the target, s.
    pub flight_time_s: f64,
    /// Apogee altitude, m.
    pub apogee_m: f64,
    /// Impact latitude, rad.
    pub impact_lat_rad: f64,
    /// Impact longitude, rad.
    pub impact_lon_rad: f64,
    /// Distance from the impact to the target, m (the solvers' residual).
    pub miss_m: f64,
}

/// Why a flight to the target is not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoFlight {
    /// Not computed by the caller (the standard range toward the target only).
    NotComputed,
    /// The target is beyond the standard range toward it.
    OutOfReach,
    /// The target's direction has global reach: there is no bounded standard trajectory.
    GlobalReach,
    /// Model boost: the flights to the target are not solved for the fitted vehicle.
    Boost,
    /// The own burnout speed's flattest flight already lands beyond the target.
    NearerThanFlattest,
    /// The own burnout speed's steepest flight still lands beyond the target (the Earth
    /// turns under a near-vertical shot on a rotating Earth).
    NoHighFlight,
    /// The solvers found no launch azimuth and flight-path angle that land on the target.
    NotFound,
}

impl NoFlight {
    /// One line for the reports.
    pub fn reason(self) -> &'static str {
        match self {
            NoFlight::NotComputed => "not computed",
            NoFlight::OutOfReach => "out of reach: the standard range toward the target is shorter than its distance",
            NoFlight::GlobalReach => {
                "not computed: the target's direction has global reach (no bounded standard trajectory)"
            }
            NoFlight::Boost => {
                "not computed for the boost model: a flight to the target needs the fitted vehicle re-flown with another kick (and, for the minimum-energy flight, another delta-v or payload), which loftrange does not solve; the standard range and margin are the boost's"
            }
            NoFlight::NearerThanFlattest => {
                "none: the flattest flight flown at this burnout speed (flight-path angle down to 0.006 deg) already lands beyond the target"
            }
            NoFlight::NoHighFlight => "none: the steepest flight at this burnout speed still lands beyond the target",
            NoFlight::NotFound => "none found: no launch azimuth and flight-path angle found that land on the target",
        }
    }
}

/// A flight to the target, or why there is none.
pub type Landing = std::result::Result<FlightToTarget, NoFlight>;

/// The flights that end on a target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetFlights {
    /// The minimum-energy flight: the lowest burnout speed that reaches the target.
    pub minimum_energy: Landing,
    /// The missile's own burnout speed, the lower (faster) of its two flights that land there.
    pub low: Landing,
    /// The missile's own burnout speed, the higher (slower) of the two.
    pub high: Landing,
}

impl TargetFlights {
    /// No flights, for one reason.
    pub fn none(why: NoFlight) -> Self {
        TargetFlights { minimum_energy: Err(why), low: Err(why), high: Err(why) }
    }
}

/// [`toward_target`] without the flights that end on the target: the standard range
/// along the target's great circle only (`flights` says they are not computed).
#[allow(clippy::too_many_arguments)]
pub fn standard_toward_target(
    model: Model,
    earth: &Earth,
    site: &Site,
    target_lat_rad: f64,
    target_lon_rad: f64,
    speed_m_s: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<TargetReach> {
    let quiet = FlightOptions { samples: 0, stop_at_apogee: false, ..*opts };
    let deflects = earth.rotates();
    toward_target_with(earth, site, target_lat_rad, target_lon_rad, deflects, |az| {
        let launch = Launch { lat_rad: site.lat_rad, lon_rad: site.lon_rad, azimuth_rad: az };
        standard::standard(model, earth, &launch, speed_m_s, altitude_m, &quiet)
            .map(|s| standard::AzimuthRange::from_standard(az, &s))
    })
}

/// Standard range toward a target, for any model: `toward(azimuth)` computes the
/// standard trajectory toward one launch azimuth in [0, 2π) (range, impact point,
/// flight time). With `deflects` (a rotating Earth, where the impact leaves the plane
/// of the launch azimuth) the launch azimuth is solved so that the standard impact lies
/// on the great circle from the site to the target (MODEL.md model 3): Brent's method
/// on the signed cross-track angle of the impact, bracketed within ±5°, ±10°, ... ±40°
/// of the great-circle bearing. Without, the azimuth is that bearing.
/// `earth` only gives the radius of the distance to the target. The flights that end
/// on the target are not computed here (`flights` gives the reason: out of reach,
/// global reach, or not computed); [`toward_target`] adds them for impulsive models.
pub fn toward_target_with<F>(
    earth: &Earth,
    site: &Site,
    target_lat_rad: f64,
    target_lon_rad: f64,
    deflects: bool,
    toward: F,
) -> Result<TargetReach>
where
    F: Fn(f64) -> Result<standard::AzimuthRange>,
{
    if !(target_lat_rad.is_finite()
        && target_lat_rad.abs() <= std::f64::consts::FRAC_PI_2
        && target_lon_rad.is_finite())
    {
        return Err(Error::invalid(
            "target",
            format!("{}, {}", target_lat_rad.to_degrees(), target_lon_rad.to_degrees()),
            "a latitude from -90 to 90 degrees and a finite longitude",
        ));
    }
    let angle = geo::central_angle_between_rad(site.lat_rad, site.lon_rad, target_lat_rad, target_lon_rad);
    let distance_m = earth.distance_m(site.lat_rad, site.lon_rad, target_lat_rad, target_lon_rad);
    if !(1e-9..=std::f64::consts::PI - 1e-9).contains(&angle) {
        return Err(Error::invalid(
            "target",
            format!("{:.4}, {:.4}", target_lat_rad.to_degrees(), target_lon_rad.to_degrees()),
            "a point other than the launch site and its antipode",
        ));
    }
    let bearing = earth.bearing_rad(site.lat_rad, site.lon_rad, target_lat_rad, target_lon_rad);
    let std_at = |az: f64| toward(geo::normalize_angle_rad(az));
    let azimuth_rad = if deflects {
        // Signed cross-track angle of the standard impact from the site→target great
        // circle, for impacts ahead (within 90° of the target's bearing); None where it is
        // undefined: global reach, or an impact behind.
        let s = geo::unit_vector(site.lat_rad, site.lon_rad);
        let normal = s.cross(&geo::unit_vector(target_lat_rad, target_lon_rad)).normalize();
        let cross_track = |az: f64| -> Result<Option<f64>> {
            let standard::AzimuthRange { impact_lat_rad: Some(lat), impact_lon_rad: Some(lon), .. } = std_at(az)?
            else {
                return Ok(None);
            };
            let b = earth.bearing_rad(site.lat_rad, site.lon_rad, lat, lon);
            let off = geo::normalize_angle_rad(b - bearing + PI) - PI;
            if off.abs() > FRAC_PI_2 {
                return Ok(None);
            }
            Ok(Some(match earth.surface {
                Surface::Sphere => normal.dot(&geo::unit_vector(lat, lon)).clamp(-1.0, 1.0).asin(),
                // On the ellipsoid the impact is on the target's geodesic when it leaves
                // the site at the same geodesic azimuth.
                Surface::Ellipsoid(_) => off,
            }))
        };
        let global = || TargetReach {
            lat_rad: target_lat_rad,
            lon_rad: target_lon_rad,
            distance_m,
            bearing_rad: geo::normalize_angle_rad(bearing),
            azimuth_rad: geo::normalize_angle_rad(bearing),
            range_m: None,
            gamma_rad: None,
            flight_time_s: None,
            margin_m: None,
            impact_rad: None,
            reachable: true,
            flights: TargetFlights::none(NoFlight::GlobalReach),
        };
        // Brent on the cross-track angle between two bounded azimuths of opposite sign.
        // Meeting an azimuth where it is undefined (global reach) inside means the
        // target's great circle is crossed by flights that pass the farthest point from
        // the site: its direction has global reach (None).
        enum Halt {
            Flight(Error),
            Undefined,
        }
        let solve = |a: f64, b: f64| -> Result<Option<f64>> {
            let f = |az: f64| match cross_track(az) {
                Ok(Some(v)) => Ok(v),
                Ok(None) => Err(Halt::Undefined),
                Err(e) => Err(Halt::Flight(e)),
            };
            match try_brent_root(f, a, b, 1e-10, 100) {
                Ok((az, report)) if report.converged() => Ok(Some(az)),
                Ok((_, report)) => Err(Error::NoSolution {
                    what: "launch azimuth toward the target".into(),
                    report: report.in_unit(crate::numerics::solve::Unit::Radian),
                }),
                Err(Halt::Undefined) => Ok(None),
                Err(Halt::Flight(e)) => Err(e),
            }
        };
        // 1. A bracket of bounded launch azimuths around the bearing (the deflection is
        //    a few degrees for most flights): ±5°, ±10°, ±20°, ±40°.
        let mut found = None;
        let from = Expansion::Around { centre: bearing, half: 5f64.to_radians(), max_half: 40f64.to_radians() };
        let rules = BracketSpec { sign: Sign::Any, growth: 2.0, limits: (f64::NEG_INFINITY, f64::INFINITY) };
        if let Ok(bracket) = expand_bracket(&cross_track, from, &rules)? {
            match solve(bracket.lo, bracket.hi)? {
                Some(az) => found = Some(az),
                None => return Ok(global()),
            }
        }
        // 2. Otherwise (large deflections near the antipode, or global reach nearby): a
        //    scan of every launch azimuth every 5°; the bracket nearest the bearing.
        if found.is_none() {
            let n = 72;
            let azs: Vec<f64> = (0..n).map(|k| TAU * k as f64 / n as f64).collect();
            let scan: Vec<standard::AzimuthRange> = azs.iter().map(|&az| std_at(az)).collect::<Result<_>>()?;
            let ct: Vec<Option<f64>> = azs.iter().map(|&az| cross_track(az)).collect::<Result<_>>()?;
            let mut best: Option<(f64, f64, f64)> = None;
            for k in 0..n {
                let (Some(fa), Some(fb)) = (ct[k], ct[(k + 1) % n]) else { continue };
                if fa * fb <= 0.0 {
                    let a = azs[k];
                    let off = (geo::normalize_angle_rad(a - bearing + PI) - PI).abs();
                    if best.is_none_or(|(_, _, o)| off < o) {
                        best = Some((a, a + TAU / n as f64, off));
                    }
                }
            }
            match best {
                Some((a, b, _)) => match solve(a, b)? {
                    Some(az) => found = Some(az),
                    None => return Ok(global()),
                },
                None => {
                    // No bounded flight lands on the target's great circle: judge its
                    // direction as the reach contour does.
                    let contour = Contour::from_sweep(earth, site, &scan);
                    if contour.range_toward_m(bearing).is_none() {
                        return Ok(global());
                    }
                }
            }
        }
        found.ok_or_else(|| Error::NoSolution {
            what: "launch azimuth toward the target: no launch azimuth lands on its great circle".into(),
            report: crate::numerics::solve::SolverReport {
                stop: crate::numerics::solve::StopReason::NotBracketed,
                iterations: 0,
                evaluations: 0,
                residual: f64::NAN,
                unit: crate::numerics::solve::Unit::Radian,
            },
        })?
    } else {
        bearing
    };
    let azimuth_rad = geo::normalize_angle_rad(azimuth_rad);
    let f = std_at(azimuth_rad)?;
    let range_m = f.range_m;
    let reachable = range_m.is_none_or(|r| r >= distance_m);
    Ok(TargetReach {
        lat_rad: target_lat_rad,
        lon_rad: target_lon_rad,
        distance_m,
        bearing_rad: geo::normalize_angle_rad(bearing),
        azimuth_rad,
        range_m,
        gamma_rad: f.gamma_rad,
        flight_time_s: f.flight_time_s,
        margin_m: range_m.map(|r| r - distance_m),
        impact_rad: f.impact_lat_rad.zip(f.impact_lon_rad),
        reachable,
        flights: TargetFlights::none(match range_m {
            None => NoFlight::GlobalReach,
            Some(_) if !reachable => NoFlight::OutOfReach,
            Some(_) => NoFlight::NotComputed,
        }),
    })
}
