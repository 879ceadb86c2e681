#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![warn(unnameable_types)]

// The layers, bottom up (tests/all/layers.rs holds the order and checks that every
// `crate::` path points down): numbers and names; numerics; errors; geometry; embedded
// data and the Earth; one flight; the model presets; the standard trajectory; the inverse
// and its checks; the vehicle; what flies; the estimate; the analyses over it; inputs;
// rendering. Every module is private: the API is this page.
mod analysis;
mod checks;
pub mod config;
pub mod constants;
mod data;
mod earth;
mod error;
mod estimate;
mod flight;
mod flyer;
mod fmt;
mod geo;
mod inverse;
mod model;
mod numerics;
pub mod render;
mod standard;
mod vehicle;

#[cfg(test)]
mod tests;

// The question and the answer.
pub use earth::{Earth, Surface};
pub use error::{Error, Result};
pub use estimate::{estimate, Asked, Estimate, Observation, Question, Request};
pub use geo::Site;
pub use model::{BurnoutKind, Model};

// What flies and how far.
pub use checks::flight_time::{FlightTimeCheck, Timed};
pub use checks::lofted::LoftedCheck;
pub use flyer::{Flyer, Impulsive};
pub use standard::contour::{BearingSector, Contour, ContourPoint};
pub use standard::margin::GlobalMargin;
pub use standard::target::{FlightToTarget, Landing, NoFlight, TargetFlights, TargetReach};
pub use standard::{AzimuthRange, Standard, StandardFlight, Sweep};

// The analyses over the same question.
pub use analysis::reach::{reach, report as reach_report, PlaceReach, ReachReport};
pub use analysis::uncertainty::{monte_carlo, Distribution, MonteCarlo, Sigmas};

/// One flight: where and how it starts, the integrator's settings, how it ends and its
/// sampled trajectory; [`forward`](trajectory::forward) flies one burnout state.
pub mod trajectory {
    pub use crate::flight::kepler::Burnout;
    pub use crate::flight::trajectory::{Trajectory, TrajectoryPoint};
    pub use crate::flight::{BurnoutState, Flight, FlightOptions, Launch, Outcome, Powered};
    pub use crate::model::forward;
    pub use crate::numerics::integrate::Stats;
}

/// How the solvers ended: the inverse's method and other roots, each solver's report
/// (iterations, residual with its unit, why it stopped) and the integrator's errors.
pub mod solver {
    pub use crate::inverse::{InverseMethod, OtherRootSummary};
    pub use crate::numerics::integrate::IntegrateError;
    pub use crate::numerics::solve::{SolverReport, StopReason, Unit};
}

/// The WGS 84 ellipsoid: geodetic coordinates and Karney's geodesics.
pub mod geodesy {
    pub use crate::geo::wgs84::{Ellipsoid, Geodesic, Geodetic};
}

/// Uncertainty: the Monte Carlo over the measurements (and, for model boost, over the
/// generic vehicle's assumptions), run in steps or at once, and the sensitivity table.
pub mod uncertainty {
    pub use crate::analysis::model_mc::{
        assumption_ranges, monte_carlo as model_monte_carlo, varies_vehicle, AssumptionRange, Group, InputShare,
        ModelDistribution, ModelMonteCarlo, ModelSample, VarianceSplit,
    };
    pub use crate::analysis::stage_mc::{ellipse_of, monte_carlo_with_stages, StageEllipse};
    pub use crate::analysis::uncertainty::{
        check_samples, monte_carlo, run_sample, run_samples, sample_cost, sample_request, sensitivity, summarise,
        Distribution, MonteCarlo, Outcome, SampleCost, Sensitivity, Shape, Sigmas, Summary, DEFAULT_SEED,
        MAX_FAILED_SHARE, MAX_SAMPLES, SAMPLE_COSTS,
    };
}

/// Model boost: vehicles (the generic one, or a TOML file of stages), the fit of a
/// lofted test and the fitted vehicle's standard trajectories.
pub mod boost {
    pub use crate::vehicle::file::{
        Aero, Burn, DragCurve, DragTable, Pitch, Plan, RampHold, Stage, MAX_VEHICLE_FILE_BYTES,
    };
    pub use crate::vehicle::fit::FitReport;
    pub use crate::vehicle::payload_for::{ExtraPayload, ExtraPayloadSpec};
    pub use crate::vehicle::powered::{Gravity, PoweredOptions};
    pub use crate::vehicle::stages::{
        check_stage_beta, SpentStage, SpentStages, StageImpact, StagesOf, DEFAULT_STAGE_BETA_KG_M2,
        MAX_STAGE_BETA_KG_M2, MIN_STAGE_BETA_KG_M2,
    };
    pub use crate::vehicle::{
        defaults, BoostEstimate, FitResult, FittedVehicle, GenericVehicle, SensitivityRow, Vehicle,
    };
}

/// Payload: the standard range over a range of payloads, and the payload that reaches a
/// range, a place or global reach.
pub mod payload {
    pub use crate::analysis::global_payload::{
        catalog_payloads, global_payload, impulsive_global_reach, CatalogPayload, Direction, GlobalPayload,
        PayloadToward, GLOBAL_PAYLOAD_ASSUMPTION, GLOBAL_PAYLOAD_DISTANCES_M, WORST_ITERATIONS,
        WORST_LOCAL_HALF_WIDTH_DEG, WORST_RANGE_TOLERANCE_M, WORST_SWEEP_STEP_DEG,
    };
    pub use crate::analysis::payload::{payload_for, Goal, PayloadAnswer, PayloadFor};
    pub use crate::estimate::{default_payloads_kg, payload_range};
    pub use crate::vehicle::{PayloadRange, PayloadRangeRow};
}

/// The embedded catalog of published tests and estimates, and the table of the catalog
/// under every model (`loftrange catalog`).
pub mod catalog {
    pub use crate::analysis::catalog_table::{question, table, table_of, CatalogRow, RangeCell};
    pub use crate::data::catalog::{
        entries, find, geography, geography_for, nearest, same_test, search, spread, spread_label, CatalogEntry, Fix,
        LaunchSite, Located, Place, Side, Source, Spread, TestGeography,
    };
}

/// The validation table (`loftrange validate`, `docs/VALIDATION.md`): published
/// standard ranges recomputed under the model closest to their authors' assumptions,
/// and flights on standard trajectories as forward checks.
pub mod validation {
    pub use crate::analysis::validation::{
        min_energy_apogee_m, table, Agreement, Compared, ForwardResult, LoftedResult, ValidationTable,
        AGREEMENT_TOLERANCE,
    };
    pub use crate::data::validation::{
        validation as data, Assumptions, ForwardRow, InputFigures, Inputs, LoftedRow, Published, Qualifier,
        QuotedSource, Validation,
    };
}

/// The embedded places (capitals, large cities, launch sites) a site, a target or a
/// reach map names.
pub mod places {
    pub use crate::data::places::{all, country_code, launch_sites, resolve, search, Place, PlaceError, PlaceKind};
}

/// What most users need: `use loftrange::prelude::*;`.
pub mod prelude {
    pub use crate::{
        estimate, monte_carlo, reach, Distribution, Error, Estimate, Flyer, Model, MonteCarlo, Observation, Question,
        ReachReport, Request, Result, Sigmas, Site, Standard, TargetReach,
    };
}
