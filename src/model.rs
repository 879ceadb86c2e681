//! The model ladder of MODEL.md as data, and one forward flight for every model.

use serde::{Deserialize, Serialize};

use crate::earth::Earth;
use crate::error::Result;
use crate::flight::kepler::{self, Burnout};
use crate::flight::{self, Flight, FlightOptions, Launch, Outcome};
use crate::geo;
use crate::numerics::integrate::Stats;

/// How the burnout state comes about (MODEL.md, models 1-4 against model 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BurnoutKind {
    /// Given (or solved for) directly: speed and flight-path angle at burnout.
    Impulsive,
    /// Simulated: a vehicle and a pitch program, fitted to the test.
    Boost,
}

/// Which physics a number was computed with (MODEL.md, "Models"), as data: the Earth
/// flown over and how the burnout state comes about. Every physics question is asked of
/// these fields; the name only labels the output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Model {
    /// The preset's name (command line, JSON, labels).
    pub name: &'static str,
    /// One line for `--help`.
    pub summary: &'static str,
    /// The Earth: radius, rotation, gravity terms.
    pub earth: Earth,
    /// Impulsive burnout or a simulated boost.
    pub burnout: BurnoutKind,
    /// Fly in closed form (two-body conics) where the Earth allows it (non-rotating,
    /// point-mass gravity); numerically otherwise.
    pub closed_form: bool,
}

impl Model {
    /// Closed-form two-body: non-rotating sphere, point-mass gravity, no air.
    pub const KEPLER: Model = Model {
        name: "kepler",
        summary: "closed-form two-body: non-rotating sphere, point-mass gravity, impulsive burnout",
        earth: Earth::non_rotating(),
        burnout: BurnoutKind::Impulsive,
        closed_form: true,
    };
    /// The same physics integrated numerically.
    pub const SPHERE: Model = Model {
        name: "sphere",
        summary: "the same physics integrated numerically (Dormand-Prince 8(5,3))",
        earth: Earth::non_rotating(),
        burnout: BurnoutKind::Impulsive,
        closed_form: false,
    };
    /// Sphere rotating at the WGS 84 rate; launch site and azimuths matter.
    pub const ROTATING: Model = Model {
        name: "rotating",
        summary: "sphere rotating at the WGS 84 rate: the launch site and azimuth matter",
        earth: Earth::rotating(),
        burnout: BurnoutKind::Impulsive,
        closed_form: false,
    };
    /// The rotating WGS 84 ellipsoid with J2 gravity (MODEL.md model 4); re-entry drag
    /// when a ballistic coefficient is given (`--beta`).
    pub const EARTH: Model = Model {
        name: "earth",
        summary: "the rotating WGS 84 ellipsoid with J2 gravity, geodesic ranges; re-entry drag with --beta",
        earth: Earth::wgs84(),
        burnout: BurnoutKind::Impulsive,
        closed_form: false,
    };
    /// The burnout state simulated from a powered flight (a vehicle and a pitch program),
    /// fitted to the test; on the rotating Earth when a launch site is given, otherwise
    /// on a non-rotating one.
    pub const BOOST: Model = Model {
        name: "boost",
        summary: "a powered flight (generic vehicle or --vehicle FILE) fitted to the test, rotating Earth with a site",
        earth: Earth::rotating(),
        burnout: BurnoutKind::Boost,
        closed_form: false,
    };

    /// The boost flown over the rotating WGS 84 ellipsoid with J2 (a non-rotating one
    /// without a site).
    pub const BOOST_EARTH: Model = Model {
        name: "boost-earth",
        summary: "the boost model over the rotating WGS 84 ellipsoid with J2 (geodetic heights, geodesic ranges)",
        earth: Earth::wgs84(),
        burnout: BurnoutKind::Boost,
        closed_form: false,
    };

    /// The presets, in ladder order: the one table the CLI's list and help come from.
    pub const PRESETS: [Model; 6] =
        [Model::KEPLER, Model::SPHERE, Model::ROTATING, Model::EARTH, Model::BOOST, Model::BOOST_EARTH];

    /// The presets with impulsive burnout.
    pub const IMPULSIVE: [Model; 4] = [Model::KEPLER, Model::SPHERE, Model::ROTATING, Model::EARTH];

    /// The presets' names.
    pub const NAMES: [&'static str; 6] = [
        Model::KEPLER.name,
        Model::SPHERE.name,
        Model::ROTATING.name,
        Model::EARTH.name,
        Model::BOOST.name,
        Model::BOOST_EARTH.name,
    ];

    /// The model's name as used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// A preset by name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Model> {
        Model::PRESETS.into_iter().find(|m| m.name.eq_ignore_ascii_case(name.trim()))
    }

    /// The Earth this model flies over.
    pub fn earth(self) -> Earth {
        self.earth
    }

    /// True for a simulated boost.
    pub fn is_boost(self) -> bool {
        self.burnout == BurnoutKind::Boost
    }

    /// True when the flights are conics in closed form: asked for, and the Earth allows it.
    pub fn is_closed_form(self) -> bool {
        self.closed_form && self.earth.is_two_body()
    }

    /// True when the model needs a launch site and the test's azimuth: an impulsive
    /// burnout on a rotating Earth (the boost falls back to a non-rotating Earth without
    /// a site).
    pub fn needs_site(self) -> bool {
        self.earth.rotates() && self.burnout == BurnoutKind::Impulsive
    }

    /// The same model with re-entry drag of ballistic coefficient `beta_kg_m2` on the
    /// descent (None: without).
    pub fn with_reentry_beta(self, beta_kg_m2: Option<f64>) -> Model {
        Model { earth: Earth { reentry_beta_kg_m2: beta_kg_m2, ..self.earth }, ..self }
    }

    /// The same model on a non-rotating Earth.
    pub fn without_rotation(self) -> Model {
        Model { earth: Earth { omega_rad_s: 0.0, ..self.earth }, ..self }
    }

    /// The model's assumptions in one line, from its data (the presets' lines are
    /// composed once and kept).
    pub fn assumptions(self) -> String {
        static PRESET_LINES: std::sync::OnceLock<[String; 6]> = std::sync::OnceLock::new();
        if let Some(i) = Model::PRESETS.iter().position(|p| *p == self) {
            return PRESET_LINES.get_or_init(|| Model::PRESETS.map(Model::compose_assumptions))[i].clone();
        }
        self.compose_assumptions()
    }

    fn compose_assumptions(self) -> String {
        let method = match (self.is_closed_form(), self.burnout) {
            (true, _) => "closed-form two-body",
            (false, BurnoutKind::Impulsive) if !self.earth.rotates() => "numerical two-body (Dormand-Prince 8(5,3))",
            _ => "numerical (Dormand-Prince 8(5,3))",
        };
        let surface = match (self.earth.surface, self.earth.rotates()) {
            (crate::earth::Surface::Ellipsoid(e), rot) => format!(
                "{}ellipsoid (a = {:.3} km, 1/f = {:.6}){}, geodetic heights and sites, geodesic ranges",
                if rot { "rotating " } else { "non-rotating " },
                e.a_m / 1e3,
                if e.f > 0.0 { 1.0 / e.f } else { f64::INFINITY },
                if e == crate::geo::wgs84::WGS84 { " WGS 84" } else { "" }
            ),
            (crate::earth::Surface::Sphere, true) => format!(
                "spherical Earth (R = {:.1} km) rotating at the WGS 84 rate (sites taken as geocentric)",
                self.earth.radius_m / 1e3
            ),
            (crate::earth::Surface::Sphere, false) => {
                format!("non-rotating spherical Earth (R = {:.1} km)", self.earth.radius_m / 1e3)
            }
        };
        let gravity = if self.earth.j2 != 0.0 { "point-mass and J2 gravity" } else { "point-mass gravity" };
        let air = match self.earth.reentry_beta_kg_m2 {
            Some(beta) => format!("re-entry drag on the descent (beta {beta:.0} kg/m², US Standard Atmosphere 1976)"),
            None => "no air".into(),
        };
        let burnout = match self.burnout {
            BurnoutKind::Impulsive => "impulsive burnout",
            BurnoutKind::Boost => "simulated powered flight fitted to the test",
        };
        format!("{method}: {surface}, {gravity}, {air}, {burnout}")
    }
}

impl Serialize for Model {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Model::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!("unknown model {name:?}: one of {}", Model::NAMES.join(", ")))
        })
    }
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
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
) -> Result<Option<Flight>> {
    if model.is_boost() {
        return Err(crate::error::Error::invalid(
            "model",
            model.name,
            "an impulsive model (kepler, sphere, rotating) for a flight from a burnout state",
        ));
    }
    if model.closed_form && earth.is_two_body() {
        {
            let kepler::Forward::Impact(arc) = kepler::forward(earth, burnout)? else {
                return Ok(None);
            };
            // A conic that passes the antipode before it comes down: global reach.
            if arc.central_angle_rad >= std::f64::consts::PI {
                return Ok(None);
            }
            let (impact_lat_rad, impact_lon_rad) =
                geo::destination_rad(launch.lat_rad, launch.lon_rad, launch.azimuth_rad, arc.central_angle_rad);
            let trajectory = (opts.samples > 0).then(|| crate::flight::trajectory::Trajectory {
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
            return Ok(Some(Flight {
                apogee_m: arc.apogee_m,
                apogee_time_s: kepler::time_to_apogee_s(earth, burnout),
                range_m: arc.range_m,
                flight_time_s: arc.flight_time_s,
                impact_lat_rad,
                impact_lon_rad,
                stats: Stats::default(),
                trajectory,
                boost: None,
            }));
        }
    }
    Ok(match flight::fly(earth, launch, burnout, opts)? {
        Outcome::Landed(l) => Some(l),
        Outcome::Global => None,
    })
}
