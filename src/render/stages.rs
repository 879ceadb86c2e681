//! Where the spent stages fall, for people (the "Spent stages" section of `estimate`)
//! and programs (the `stages` array of its JSON): km, degrees, seconds at the edge.

// The JSON struct's fields are the output's keys, named with their units.
#![allow(missing_docs)]

use serde::Serialize;

use crate::analysis::stage_mc::StageEllipse;
use crate::estimate::Estimate;
use crate::fmt::grouped;
use crate::vehicle::stages::{SpentStage, SpentStages, StagesOf};

/// One spent stage in the JSON output.
#[derive(Serialize)]
pub struct StageJson {
    /// "test" (the lofted test as fitted) or "standard" (the headline standard trajectory).
    pub flight: StagesOf,
    pub stage: usize,
    pub mass_kg: f64,
    pub stage_beta_kg_m2: Option<f64>,
    pub separation_time_s: f64,
    pub separation_altitude_km: f64,
    pub separation_speed_km_s: f64,
    /// False when the stage does not come down (orbital or escape energy).
    pub lands: bool,
    pub impact_lat_deg: Option<f64>,
    pub impact_lon_deg: Option<f64>,
    pub impact_downrange_km: Option<f64>,
    /// Positive to the right of the launch azimuth.
    pub impact_cross_range_km: Option<f64>,
    pub impact_time_s: Option<f64>,
}

fn stage_json(flight: &SpentStages, s: &SpentStage) -> StageJson {
    StageJson {
        flight: flight.flight,
        stage: s.stage,
        mass_kg: s.mass_kg,
        stage_beta_kg_m2: flight.beta_kg_m2,
        separation_time_s: s.separation_time_s,
        separation_altitude_km: s.separation_altitude_m / 1e3,
        separation_speed_km_s: s.separation_speed_m_s / 1e3,
        lands: s.impact.is_some(),
        impact_lat_deg: s.impact.map(|i| i.lat_rad.to_degrees()),
        impact_lon_deg: s.impact.map(|i| crate::geo::wrap_longitude_rad(i.lon_rad).to_degrees()),
        impact_downrange_km: s.impact.map(|i| i.downrange_m / 1e3),
        impact_cross_range_km: s.impact.map(|i| i.cross_range_m / 1e3),
        impact_time_s: s.impact.map(|i| i.time_s),
    }
}

/// The JSON `stages` array: every spent stage of every flight, when the estimate was
/// asked for them (None otherwise; an empty array for a vehicle that drops none).
pub fn stages_json(est: &Estimate) -> Option<Vec<StageJson>> {
    est.request.stage_beta_kg_m2?;
    Some(est.spent_stages.iter().flat_map(|f| f.stages.iter().map(move |s| stage_json(f, s))).collect())
}

/// "39.61 N, 126.93 E".
pub fn lat_lon_text(lat_rad: f64, lon_rad: f64) -> String {
    let (lat, lon) = (lat_rad.to_degrees(), crate::geo::wrap_longitude_rad(lon_rad).to_degrees());
    format!(
        "{:.2} {}, {:.2} {}",
        lat.abs(),
        if lat < 0.0 { "S" } else { "N" },
        lon.abs(),
        if lon < 0.0 { "W" } else { "E" }
    )
}

/// Where one stage falls, in words: "falls at 39.40 N, 126.70 E, 91 km downrange (0.6
/// km right of the launch direction), 664 s after lift-off".
pub fn stage_impact_text(s: &SpentStage) -> String {
    match s.impact {
        Some(i) => {
            let side = if i.cross_range_m >= 0.0 { "right" } else { "left" };
            format!(
                "falls at {}, {} km downrange ({:.1} km {side} of the launch direction), {:.0} s after lift-off",
                lat_lon_text(i.lat_rad, i.lon_rad),
                grouped(i.downrange_m / 1e3),
                i.cross_range_m.abs() / 1e3,
                i.time_s
            )
        }
        None => "does not come down (orbital or escape energy)".into(),
    }
}

/// Its separation in words: "separated at 70 s, 45 km up, 1.69 km/s".
pub fn stage_separation_text(s: &SpentStage) -> String {
    format!(
        "separated at {:.0} s, {} km up, {:.2} km/s ({} kg)",
        s.separation_time_s,
        grouped(s.separation_altitude_m / 1e3),
        s.separation_speed_m_s / 1e3,
        grouped(s.mass_kg)
    )
}

/// The "Spent stages" section of the text report (nothing when not asked for).
pub fn stages_text(o: &mut String, est: &Estimate) {
    use std::fmt::Write;
    let Some(beta) = est.request.stage_beta_kg_m2 else { return };
    let _ = writeln!(o, "\nSpent stages (ballistic, from separation to impact, ballistic coefficient {beta:.0} kg/m²)");
    if est.spent_stages.iter().all(|f| f.stages.is_empty()) {
        let why = if est.question.vehicle.is_none() {
            "none: the generic vehicle is one equivalent stage and drops nothing (a vehicle file with stages gives where they fall)"
        } else {
            "none: this vehicle drops no stage before the payload's free flight (its last stage stays with the payload)"
        };
        let _ = writeln!(o, "  {why}");
        return;
    }
    for f in &est.spent_stages {
        let of = match f.flight {
            StagesOf::Test => "test flight",
            StagesOf::Standard => "standard",
        };
        for s in &f.stages {
            let _ = writeln!(o, "  {:<26} {}", format!("{of}, stage {}", s.stage), stage_impact_text(s));
            let _ = writeln!(o, "  {:<26} {}", "", stage_separation_text(s));
        }
    }
}

/// One stage's impact ellipse in the JSON output (the `stage_ellipses` array beside the
/// uncertainty).
#[derive(Serialize)]
pub struct StageEllipseJson {
    pub flight: StagesOf,
    pub stage: usize,
    pub samples: usize,
    pub mean_lat_deg: f64,
    pub mean_lon_deg: f64,
    pub sigma_east_km: f64,
    pub sigma_north_km: f64,
    pub semi_major_km: f64,
    pub semi_minor_km: f64,
    pub major_axis_azimuth_deg: f64,
}

/// The stages' 1-sigma impact ellipses as JSON.
pub fn stage_ellipses_json(ellipses: &[StageEllipse]) -> Vec<StageEllipseJson> {
    ellipses
        .iter()
        .map(|e| StageEllipseJson {
            flight: e.flight,
            stage: e.stage,
            samples: e.samples,
            mean_lat_deg: e.mean_lat_rad.to_degrees(),
            mean_lon_deg: e.mean_lon_rad.to_degrees(),
            sigma_east_km: e.sigma_east_m / 1e3,
            sigma_north_km: e.sigma_north_m / 1e3,
            semi_major_km: e.semi_major_m / 1e3,
            semi_minor_km: e.semi_minor_m / 1e3,
            major_axis_azimuth_deg: e.major_azimuth_rad.to_degrees(),
        })
        .collect()
}

/// The stages' 1-sigma impact ellipses in words (nothing when there are none).
pub fn stage_ellipses_text(ellipses: &[StageEllipse], samples: usize) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    if ellipses.is_empty() {
        return o;
    }
    let _ = writeln!(
        o,
        "\nSpent-stage impact ellipses (1 sigma, the Monte Carlo's {samples} samples of the inputs; local east/north covariance)"
    );
    for e in ellipses {
        let of = match e.flight {
            StagesOf::Test => "test flight",
            StagesOf::Standard => "standard",
        };
        let _ = writeln!(
            o,
            "  {:<26} about {}: {:.2} x {:.2} km, major axis toward {:.0} deg ({} samples came down)",
            format!("{of}, stage {}", e.stage),
            lat_lon_text(e.mean_lat_rad, e.mean_lon_rad),
            e.semi_major_m / 1e3,
            e.semi_minor_m / 1e3,
            e.major_azimuth_rad.to_degrees(),
            e.samples
        );
    }
    o
}
