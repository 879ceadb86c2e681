//! Flights that end on a target in reach (issue 13): the standard trajectory toward a
//! target's direction flies its full standard range, past the target, so its flight
//! time says nothing about how long the missile takes to get there. Here, with the
//! model's Earth and rotation:
//!
//! * the **minimum-energy flight** to the target: the lowest burnout speed whose
//!   range-maximising (standard) trajectory along the target's direction reaches exactly
//!   the target's distance (Brent on the speed around [`standard_toward_target`]). On a
//!   two-body Earth with burnout at the surface this is the classical minimum-energy
//!   trajectory, γ = π/4 − Ψ/4 (Bate, Mueller & White 1971, ch. 6, maximum range);
//! * with the missile's **own burnout speed**, the two flight-path angles whose flights
//!   land on the target (the two roots of the range equation, BMW ch. 6): the low, faster
//!   one and the high one. On a rotating Earth the launch azimuth is solved for each so
//!   that the flight lands on the target itself (Brent on the impact's cross-track angle
//!   from the site→target great circle, the flight-path angle solved inside it so that
//!   the impact lies at the target's distance), not on the standard azimuth.
//!
//! Targets out of reach, or in a direction of global reach, get no flights ([`NoFlight`]
//! says why); so does the boost model, whose flights to a target are not solved.

use std::f64::consts::{FRAC_PI_2, PI};

use crate::earth::{Earth, Surface};
use crate::error::Result;
use crate::flight::kepler::Burnout;
use crate::flight::{FlightOptions, Launch};
use crate::geo::{self, Site};
use crate::model::{self, Model};
use crate::numerics::solve::{
    expand_bracket, try_brent_root, try_brent_root_with_values, Bracket, BracketSpec, Expansion, Sign,
};
use crate::standard;
use crate::standard::target::{standard_toward_target, FlightToTarget, Landing, NoFlight, TargetFlights, TargetReach};

/// Standard range toward a target for a burnout speed (relative to the surface) at
/// altitude, with the flights that end on the target when it is in reach
/// (`target_flights`: the minimum-energy flight, and the low and high flights
/// of this burnout speed).
#[allow(clippy::too_many_arguments)]
pub fn toward_target(
    model: Model,
    earth: &Earth,
    site: &Site,
    target_lat_rad: f64,
    target_lon_rad: f64,
    speed_m_s: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<TargetReach> {
    let reach =
        standard_toward_target(model, earth, site, target_lat_rad, target_lon_rad, speed_m_s, altitude_m, opts)?;
    let flights = flights_to_target(model, earth, site, &reach, speed_m_s, altitude_m, opts)?;
    Ok(TargetReach { flights, ..reach })
}

/// Flat flight-path angles tried as the low end of the low flight's bracket, rad,
/// steepest first (a horizontal burnout on the ground does not leave it; 0 is tried
/// too for a burnout above the surface). Near-orbital speeds reach far even this flat
/// (7.2 km/s: about 6 km at 1e-4 rad, 600 km at 0.01 rad, two-body).
const FLAT_ANGLES_RAD: [f64; 5] = [1e-2, 3e-3, 1e-3, 3e-4, 1e-4];

/// Steepest flight-path angle tried, rad.
const STEEPEST_RAD: f64 = FRAC_PI_2 - 1e-4;

/// Which of the two flights of one burnout speed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Branch {
    Low,
    High,
}

/// The flights that end on the target of `reach` (the standard range toward it,
/// [`standard_toward_target`]) for an impulsive model and a burnout speed (relative to
/// the surface) at `altitude_m`. Targets out of reach or in a global-reach direction
/// keep the reason `reach.flights` gives; model boost gets [`NoFlight::Boost`].
#[allow(clippy::too_many_arguments)]
pub fn flights_to_target(
    model: Model,
    earth: &Earth,
    site: &Site,
    reach: &TargetReach,
    speed_m_s: f64,
    altitude_m: f64,
    opts: &FlightOptions,
) -> Result<TargetFlights> {
    if let Err(why) = reach.flights.minimum_energy {
        if why != NoFlight::NotComputed {
            return Ok(reach.flights);
        }
    }
    if model.is_boost() {
        return Ok(TargetFlights::none(NoFlight::Boost));
    }
    let Some(gamma_std_rad) = reach.gamma_rad else {
        return Ok(TargetFlights::none(NoFlight::GlobalReach));
    };
    if !reach.reachable {
        return Ok(TargetFlights::none(NoFlight::OutOfReach));
    }
    let p = Problem {
        model,
        earth: *earth,
        site: site.clone(),
        target: (reach.lat_rad, reach.lon_rad),
        distance_m: reach.distance_m,
        bearing_rad: reach.bearing_rad,
        altitude_m,
        opts: FlightOptions { samples: 0, stop_at_apogee: false, ..*opts },
    };
    // A nested solver that does not converge leaves that flight out, with the reason,
    // rather than the whole answer (the standard range toward the target stands).
    let soft = |r: Result<Landing>| match r {
        Err(crate::error::Error::NoSolution { .. }) => Ok(Err(NoFlight::NotFound)),
        other => other,
    };
    Ok(TargetFlights {
        minimum_energy: soft(p.minimum_energy(speed_m_s))?,
        low: soft(p.own_speed(speed_m_s, gamma_std_rad, Branch::Low))?,
        high: soft(p.own_speed(speed_m_s, gamma_std_rad, Branch::High))?,
    })
}

struct Problem {
    model: Model,
    earth: Earth,
    site: Site,
    target: (f64, f64),
    distance_m: f64,
    bearing_rad: f64,
    altitude_m: f64,
    opts: FlightOptions,
}

/// Why a solve inside a solve stopped.
enum Halt {
    Flight(crate::error::Error),
    Undefined,
}

impl Problem {
    fn launch(&self, azimuth_rad: f64) -> Launch {
        Launch {
            lat_rad: self.site.lat_rad,
            lon_rad: self.site.lon_rad,
            azimuth_rad: geo::normalize_angle_rad(azimuth_rad),
        }
    }

    /// Fly one burnout state; None when it does not come down.
    fn fly(&self, azimuth_rad: f64, speed_m_s: f64, gamma_rad: f64) -> Result<Option<crate::flight::Flight>> {
        let b = Burnout { speed_m_s, gamma_rad, altitude_m: self.altitude_m };
        model::forward(self.model, &self.earth, &self.launch(azimuth_rad), &b, &self.opts)
    }

    /// The flight as a landing on the target.
    fn landing(&self, azimuth_rad: f64, speed_m_s: f64, gamma_rad: f64) -> Result<Landing> {
        let Some(f) = self.fly(azimuth_rad, speed_m_s, gamma_rad)? else { return Ok(Err(NoFlight::NotFound)) };
        let miss_m = self.earth.distance_m(f.impact_lat_rad, f.impact_lon_rad, self.target.0, self.target.1);
        Ok(Ok(FlightToTarget {
            azimuth_rad: geo::normalize_angle_rad(azimuth_rad),
            speed_m_s,
            gamma_rad,
            flight_time_s: f.flight_time_s,
            apogee_m: f.apogee_m,
            impact_lat_rad: f.impact_lat_rad,
            impact_lon_rad: f.impact_lon_rad,
            miss_m,
        }))
    }

    /// The lowest burnout speed whose standard trajectory along the target's direction
    /// reaches the target's distance: Brent on the speed, below `speed_m_s` (which
    /// reaches it), on the standard range toward the target minus its distance
    /// (increasing with the speed).
    fn minimum_energy(&self, speed_m_s: f64) -> Result<Landing> {
        let (lat, lon) = self.target;
        let toward = |v: f64| {
            standard_toward_target(self.model, &self.earth, &self.site, lat, lon, v, self.altitude_m, &self.opts)
        };
        let excess = |v: f64| -> std::result::Result<f64, Halt> {
            match toward(v) {
                Ok(TargetReach { range_m: Some(r), .. }) => Ok(r - self.distance_m),
                Ok(_) => Err(Halt::Undefined),
                Err(e) => Err(Halt::Flight(e)),
            }
        };
        let hi = speed_m_s;
        let f_hi = match excess(hi) {
            Ok(f) if f >= 0.0 => f,
            Ok(_) | Err(Halt::Undefined) => return Ok(Err(NoFlight::NotFound)),
            Err(Halt::Flight(e)) => return Err(e),
        };
        // A speed that falls short: halve from the own speed.
        let mut lo = 0.5 * hi;
        let f_lo = loop {
            match excess(lo) {
                Ok(f) if f < 0.0 => break f,
                Ok(_) if lo > 1.0 => lo *= 0.5,
                Ok(_) | Err(Halt::Undefined) => return Ok(Err(NoFlight::NotFound)),
                Err(Halt::Flight(e)) => return Err(e),
            }
        };
        let v = match try_brent_root_with_values(excess, lo, hi, f_lo, f_hi, 1e-6, 200) {
            Ok((v, report)) if report.converged() => v,
            Ok(_) | Err(Halt::Undefined) => return Ok(Err(NoFlight::NotFound)),
            Err(Halt::Flight(e)) => return Err(e),
        };
        let t = toward(v)?;
        match t.gamma_rad {
            Some(g) => self.landing(t.azimuth_rad, v, g),
            None => Ok(Err(NoFlight::NotFound)),
        }
    }

    /// The flight-path angle of one branch whose flight toward `azimuth_rad` lands at
    /// the target's distance from the site. `gamma_up_rad` is a range-maximising angle
    /// (the standard trajectory's toward the target): range(γ) is unimodal, so with
    /// range(γ_up) above the distance there is one root on each side of it.
    fn gamma_on_branch(
        &self,
        azimuth_rad: f64,
        speed_m_s: f64,
        gamma_up_rad: f64,
        branch: Branch,
    ) -> Result<std::result::Result<f64, NoFlight>> {
        let excess = |g: f64| -> std::result::Result<f64, Halt> {
            match self.fly(azimuth_rad, speed_m_s, g) {
                Ok(Some(f)) => Ok(f.range_m - self.distance_m),
                Ok(None) => Err(Halt::Undefined),
                Err(e) => Err(Halt::Flight(e)),
            }
        };
        let at = |g: f64| -> Result<Option<f64>> {
            match excess(g) {
                Ok(v) => Ok(Some(v)),
                Err(Halt::Undefined) => Ok(None),
                Err(Halt::Flight(e)) => Err(e),
            }
        };
        // The range-maximising angle toward this azimuth when the given one falls short.
        let mut up = gamma_up_rad;
        let mut f_up = at(up)?;
        if f_up.is_none_or(|f| f < 0.0) {
            let std = standard::standard(
                self.model,
                &self.earth,
                &self.launch(azimuth_rad),
                speed_m_s,
                self.altitude_m,
                &self.opts,
            )?;
            let Some(sf) = std.flight() else { return Ok(Err(NoFlight::NotFound)) };
            up = sf.gamma_rad;
            f_up = at(up)?;
        }
        let Some(f_up) = f_up.filter(|f| *f >= 0.0) else { return Ok(Err(NoFlight::NotFound)) };
        let (a, b, fa, fb) = match branch {
            Branch::Low => {
                // Flat angles, steepest first: the first that falls short brackets the
                // root (the range grows about linearly with γ near the horizontal).
                let mut found = None;
                for flat in FLAT_ANGLES_RAD.into_iter().chain((self.altitude_m > 0.0).then_some(0.0)) {
                    if flat >= up {
                        continue;
                    }
                    match at(flat)? {
                        Some(f) if f < 0.0 => {
                            found = Some((flat, up, f, f_up));
                            break;
                        }
                        Some(_) => {}
                        // The integrator does not resolve a flight this flat.
                        None => break,
                    }
                }
                match found {
                    Some(bracket) => bracket,
                    None => return Ok(Err(NoFlight::NearerThanFlattest)),
                }
            }
            Branch::High => match at(STEEPEST_RAD)? {
                Some(f) if f < 0.0 => (up, STEEPEST_RAD, f_up, f),
                _ => return Ok(Err(NoFlight::NoHighFlight)),
            },
        };
        match try_brent_root_with_values(excess, a, b, fa, fb, 1e-13, 200) {
            Ok((g, report)) if report.converged() => Ok(Ok(g)),
            Ok(_) | Err(Halt::Undefined) => Ok(Err(NoFlight::NotFound)),
            Err(Halt::Flight(e)) => Err(e),
        }
    }

    /// The own burnout speed's flight of one branch that lands on the target. Without
    /// rotation toward the bearing; with it, Brent on the launch azimuth for a zero
    /// cross-track angle of the impact (at the target's distance, by
    /// [`Problem::gamma_on_branch`]), bracketed within ±2°, ±4°, ... ±64° of the bearing
    /// ([`expand_bracket`]).
    fn own_speed(&self, speed_m_s: f64, gamma_std_rad: f64, branch: Branch) -> Result<Landing> {
        if !self.earth.rotates() {
            return Ok(match self.gamma_on_branch(self.bearing_rad, speed_m_s, gamma_std_rad, branch)? {
                Ok(g) => self.landing(self.bearing_rad, speed_m_s, g)?,
                Err(why) => Err(why),
            });
        }
        let (slat, slon) = (self.site.lat_rad, self.site.lon_rad);
        let normal = geo::unit_vector(slat, slon).cross(&geo::unit_vector(self.target.0, self.target.1)).normalize();
        // The signed cross-track angle of the flight of this branch toward `az` that lands
        // at the target's distance; Err(reason) where there is none, or it lands behind.
        let cross_track = |az: f64| -> Result<std::result::Result<f64, NoFlight>> {
            let g = match self.gamma_on_branch(az, speed_m_s, gamma_std_rad, branch)? {
                Ok(g) => g,
                Err(why) => return Ok(Err(why)),
            };
            let Some(f) = self.fly(az, speed_m_s, g)? else { return Ok(Err(NoFlight::NotFound)) };
            let (lat, lon) = (f.impact_lat_rad, f.impact_lon_rad);
            let off =
                geo::normalize_angle_rad(self.earth.bearing_rad(slat, slon, lat, lon) - self.bearing_rad + PI) - PI;
            if off.abs() > FRAC_PI_2 {
                return Ok(Err(NoFlight::NotFound));
            }
            Ok(Ok(match self.earth.surface {
                Surface::Sphere => normal.dot(&geo::unit_vector(lat, lon)).clamp(-1.0, 1.0).asin(),
                // On the ellipsoid: the impact at the target's distance is the target
                // when it leaves the site at the target's geodesic azimuth.
                Surface::Ellipsoid(_) => off,
            }))
        };
        // ±2°, ±4°, ... ±64° (the lower end evaluated first at each width). The reason
        // kept for no bracket is the last width's that is not NotFound, the lower end's
        // before the upper's.
        let mut last_reason = NoFlight::NotFound;
        let mut lower_reason: Option<NoFlight> = None;
        let defined = |az: f64| -> Result<Option<f64>> {
            let value = cross_track(az)?;
            let why = value.err().filter(|&why| why != NoFlight::NotFound);
            if az < self.bearing_rad {
                lower_reason = why;
            } else if let Some(why) = lower_reason.take().or(why) {
                last_reason = why;
            }
            Ok(value.ok())
        };
        let from =
            Expansion::Around { centre: self.bearing_rad, half: 2f64.to_radians(), max_half: 64f64.to_radians() };
        let rules = BracketSpec { sign: Sign::Any, growth: 2.0, limits: (f64::NEG_INFINITY, f64::INFINITY) };
        if let Ok(Bracket { lo: a, hi: b, .. }) = expand_bracket(defined, from, &rules)? {
            let f = |az: f64| match cross_track(az) {
                Ok(Ok(v)) => Ok(v),
                Ok(Err(_)) => Err(Halt::Undefined),
                Err(e) => Err(Halt::Flight(e)),
            };
            return match try_brent_root(f, a, b, 1e-11, 200) {
                Ok((az, report)) if report.converged() => {
                    Ok(match self.gamma_on_branch(az, speed_m_s, gamma_std_rad, branch)? {
                        Ok(g) => self.landing(az, speed_m_s, g)?,
                        Err(why) => Err(why),
                    })
                }
                Ok(_) | Err(Halt::Undefined) => Ok(Err(NoFlight::NotFound)),
                Err(Halt::Flight(e)) => Err(e),
            };
        }
        Ok(Err(last_reason))
    }
}
