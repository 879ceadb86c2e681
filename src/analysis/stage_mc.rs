//! Where the spent stages fall when the inputs are uncertain: the Monte Carlo of the
//! measurements ([`crate::analysis::uncertainty`]: the same samples, drawn from the same
//! seed and streams) run again with the spent stages asked for, and each stage's impact
//! points summarised as a 1-sigma ellipse: the covariance of their local east and north
//! offsets from their mean, its eigenvalues the squared semi-axes.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::uncertainty::{
    check_samples, monte_carlo, perturbed, reason, sample_offsets, sample_request, summarise, Distribution, MonteCarlo,
    Outcome, Sigmas,
};
use crate::error::Result;
use crate::estimate::{estimate, Question, Request};
use crate::model::Model;
use crate::vehicle::stages::StagesOf;

/// A spent stage's impact points over the samples, as a 1-sigma ellipse.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageEllipse {
    /// The flight the stage was dropped from.
    pub flight: StagesOf,
    /// Stage number, 1 for the first.
    pub stage: usize,
    /// Samples in which this stage came down.
    pub samples: usize,
    /// Mean impact latitude, rad.
    pub mean_lat_rad: f64,
    /// Mean impact longitude, rad.
    pub mean_lon_rad: f64,
    /// Standard deviation of the east offsets, m.
    pub sigma_east_m: f64,
    /// Standard deviation of the north offsets, m.
    pub sigma_north_m: f64,
    /// 1-sigma semi-major axis, m.
    pub semi_major_m: f64,
    /// 1-sigma semi-minor axis, m.
    pub semi_minor_m: f64,
    /// Azimuth of the major axis, rad clockwise from north, in [0, π).
    pub major_azimuth_rad: f64,
}

/// The 1-sigma ellipse of points given as (east, north) offsets, m: (σ_east, σ_north,
/// semi-major, semi-minor, azimuth of the major axis from north in [0, π)). None for
/// fewer than 2 points.
pub fn ellipse_of(points_en_m: &[(f64, f64)]) -> Option<(f64, f64, f64, f64, f64)> {
    let n = points_en_m.len();
    if n < 2 {
        return None;
    }
    let (me, mn) = points_en_m.iter().fold((0.0, 0.0), |(a, b), p| (a + p.0 / n as f64, b + p.1 / n as f64));
    let (mut see, mut snn, mut sen) = (0.0, 0.0, 0.0);
    for &(e, nn) in points_en_m {
        see += (e - me) * (e - me);
        snn += (nn - mn) * (nn - mn);
        sen += (e - me) * (nn - mn);
    }
    let k = 1.0 / (n as f64 - 1.0);
    let (a, c, b) = (see * k, snn * k, sen * k);
    let half_diff = 0.5 * (a - c);
    let root = (half_diff * half_diff + b * b).sqrt();
    let (l1, l2) = (0.5 * (a + c) + root, (0.5 * (a + c) - root).max(0.0));
    // The major axis at angle θ from east (counter-clockwise): tan 2θ = 2b / (a − c).
    let theta = 0.5 * (2.0 * b).atan2(a - c);
    let azimuth = (std::f64::consts::FRAC_PI_2 - theta).rem_euclid(std::f64::consts::PI);
    Some((a.sqrt(), c.sqrt(), l1.sqrt(), l2.sqrt(), azimuth))
}

/// Where one sample's spent stages fell: (flight, stage, latitude, longitude), rad.
type Impacts = Vec<(StagesOf, usize, f64, f64)>;

/// Sample `i` of the Monte Carlo `mc` flown once with the spent stages asked for
/// (`beta`, kg/m²): the range's outcome, as [`crate::analysis::uncertainty::run_sample`]
/// gives it (the stages do not move the standard range), and where the stages fell.
fn sample_with_stages(
    q: &Question,
    model: &Model,
    lean: &Request,
    sigmas: &Sigmas,
    mc: MonteCarlo,
    i: u64,
) -> (Outcome, Impacts) {
    let p = perturbed(q, sample_offsets(sigmas, mc.shape, mc.seed, i));
    match estimate(&p, model, lean) {
        Ok(est) => {
            let impacts = est
                .spent_stages
                .iter()
                .flat_map(|f| {
                    f.stages.iter().filter_map(move |s| s.impact.map(|h| (f.flight, s.stage, h.lat_rad, h.lon_rad)))
                })
                .collect();
            (Outcome::Ok { range_m: est.standard.range_m(), speed_m_s: est.burnout.speed_m_s }, impacts)
        }
        Err(e) => (Outcome::Failed(reason(&e)), Vec::new()),
    }
}

/// Every sample of `mc` flown once with the stages asked for, in parallel, in index order.
fn run_with_stages(
    q: &Question,
    model: &Model,
    r: &Request,
    beta_kg_m2: f64,
    sigmas: &Sigmas,
    mc: MonteCarlo,
    progress: Option<&(dyn Fn() + Sync)>,
) -> (Vec<Outcome>, Vec<Impacts>) {
    let lean = Request { stage_beta_kg_m2: Some(beta_kg_m2), ..sample_request(r) };
    // A ramp-and-hold vehicle's open start and stop, optimised once for every sample (a
    // failure is left to each sample to report).
    let resolved = crate::estimate::with_pitch_resolved(q, *model, r).ok();
    let q = resolved.as_deref().unwrap_or(q);
    (0..mc.samples as u64)
        .into_par_iter()
        .map(|i| {
            let out = sample_with_stages(q, model, &lean, sigmas, mc, i);
            if let Some(tick) = progress {
                tick();
            }
            out
        })
        .unzip()
}

/// The Monte Carlo of the measurements ([`crate::analysis::uncertainty::monte_carlo`]:
/// the same samples, the same distribution) and, from the same flights, the spent
/// stages' impact ellipses (empty when the request asks for no stages or the vehicle
/// drops none): each sample is flown once.
pub fn monte_carlo_with_stages(
    q: &Question,
    model: &Model,
    r: &Request,
    sigmas: &Sigmas,
    mc: MonteCarlo,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Result<(Distribution, Vec<StageEllipse>)> {
    let Some(beta) = r.stage_beta_kg_m2 else {
        return Ok((monte_carlo(q, model, r, sigmas, mc, progress)?, Vec::new()));
    };
    sigmas.validate()?;
    check_samples(model, mc.samples)?;
    let (outcomes, impacts) = run_with_stages(q, model, r, beta, sigmas, mc, progress);
    let d = summarise(mc, &outcomes);
    d.check()?;
    Ok((d, ellipses(&impacts, model.earth.radius_m)))
}

/// The spent stages' impact ellipses over the Monte Carlo `mc` of the measurements
/// (sample `i` draws the inputs of sample `i` of [`crate::analysis::uncertainty::monte_carlo`]),
/// when the request asks for the stages (`stage_beta_kg_m2`); empty otherwise, and for
/// a vehicle that drops none. Failed samples are left out (the range's Monte Carlo
/// counts them). `progress` is called once per finished sample. With the range's
/// distribution too: [`monte_carlo_with_stages`], which flies each sample once (what
/// every front end calls; this one only for the tests that hold the two equal).
#[cfg(test)]
pub fn stage_ellipses(
    q: &Question,
    model: &Model,
    r: &Request,
    sigmas: &Sigmas,
    mc: MonteCarlo,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Vec<StageEllipse> {
    let Some(beta) = r.stage_beta_kg_m2 else { return Vec::new() };
    let (_, impacts) = run_with_stages(q, model, r, beta, sigmas, mc, progress);
    ellipses(&impacts, model.earth.radius_m)
}

/// Each stage's impact points over the samples as a 1-sigma ellipse in local east and
/// north offsets (sphere of `radius_m`) from their mean.
fn ellipses(impacts: &[Impacts], radius_m: f64) -> Vec<StageEllipse> {
    let mut keys: Vec<(StagesOf, usize)> = impacts.iter().flatten().map(|h| (h.0, h.1)).collect();
    keys.sort_by_key(|k| (k.0 == StagesOf::Standard, k.1));
    keys.dedup();
    keys.into_iter()
        .filter_map(|(flight, stage)| {
            let pts: Vec<(f64, f64)> =
                impacts.iter().flatten().filter(|h| h.0 == flight && h.1 == stage).map(|h| (h.2, h.3)).collect();
            let lon0 = pts[0].1;
            let wrap = |lon: f64| crate::geo::wrap_longitude_rad(lon - lon0);
            let n = pts.len() as f64;
            let mean_lat = pts.iter().map(|p| p.0).sum::<f64>() / n;
            let mean_dlon = pts.iter().map(|p| wrap(p.1)).sum::<f64>() / n;
            let en: Vec<(f64, f64)> = pts
                .iter()
                .map(|p| (radius_m * mean_lat.cos() * (wrap(p.1) - mean_dlon), radius_m * (p.0 - mean_lat)))
                .collect();
            let (se, sn, major, minor, az) = ellipse_of(&en)?;
            Some(StageEllipse {
                flight,
                stage,
                samples: pts.len(),
                mean_lat_rad: mean_lat,
                mean_lon_rad: crate::geo::wrap_longitude_rad(lon0 + mean_dlon),
                sigma_east_m: se,
                sigma_north_m: sn,
                semi_major_m: major,
                semi_minor_m: minor,
                major_azimuth_rad: az,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points on a line at azimuth 30° (from north): all the spread on the major axis,
    /// along 30°, with the closed-form standard deviation of {-2, -1, 0, 1, 2} (√2.5).
    #[test]
    fn ellipse_of_points_on_a_line() {
        let az = 30f64.to_radians();
        let pts: Vec<(f64, f64)> = (-2..=2).map(|k| (k as f64 * az.sin(), k as f64 * az.cos())).collect();
        let (_, _, major, minor, azimuth) = ellipse_of(&pts).unwrap();
        assert!((major - 2.5f64.sqrt()).abs() < 1e-12, "{major}");
        assert!(minor < 1e-7, "{minor}");
        assert!((azimuth - az).abs() < 1e-12, "{}", azimuth.to_degrees());
    }

    /// Independent east and north spreads: the axes are the two standard deviations,
    /// the major one along north when north spreads more.
    #[test]
    fn ellipse_of_a_cross() {
        let pts = [(-1.0, 0.0), (1.0, 0.0), (0.0, -3.0), (0.0, 3.0)];
        let (se, sn, major, minor, azimuth) = ellipse_of(&pts).unwrap();
        assert!((se - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((sn - 6.0f64.sqrt()).abs() < 1e-12);
        assert!((major - sn).abs() < 1e-12 && (minor - se).abs() < 1e-12);
        assert!(azimuth.abs() < 1e-12 || (azimuth - std::f64::consts::PI).abs() < 1e-12);
    }
}
