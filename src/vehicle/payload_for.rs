//! The generic vehicle with an extra payload ([`extra_payload`]): its standard
//! trajectory with an extra payload given as a fraction of its fitted burnout mass (or in
//! kg on its nominal scale). The heaviest payload that still reaches a distance is the
//! analysis `payload_for`, above the estimate.
//!
//! The generic vehicle is scale-free (its forces per unit mass depend only on its
//! ratios), so an extra payload means something only as a fraction of its mass: here
//! of the fitted burnout mass (everything that reaches burnout: the last stage's
//! structure and the test's payload). The extra mass rides from lift-off to burnout with
//! the same propellant, thrust and drag area: the lift-off thrust-to-weight and the
//! ideal Δv both fall.

use serde::{Deserialize, Serialize};

use crate::constants::G0_M_S2;
use crate::error::{Error, Result};
use crate::standard::Standard;
use crate::vehicle::file::Plan;
use crate::vehicle::FittedVehicle;

use crate::vehicle::file::MIN_LIFTOFF_THRUST_TO_WEIGHT;

/// How an extra payload of the generic vehicle is given.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraPayloadSpec {
    /// A fraction of the fitted burnout mass (0.1: 10 %).
    FractionOfBurnoutMass(f64),
    /// A mass in kg on the generic vehicle's nominal scale
    /// ([`crate::vehicle::defaults::NOMINAL_LIFTOFF_MASS_KG`] at lift-off).
    NominalKg(f64),
}

/// The generic vehicle's standard trajectory with an extra payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExtraPayload {
    /// The extra payload, kg on the generic vehicle's nominal scale.
    pub extra_kg: f64,
    /// The extra payload as a fraction of the fitted burnout mass.
    pub fraction_of_burnout_mass: f64,
    /// The fitted burnout mass (nominal scale), kg.
    pub burnout_mass_kg: f64,
    /// The fitted lift-off mass (nominal scale), kg.
    pub liftoff_mass_kg: f64,
    /// Ideal Δv with the extra payload, m/s.
    pub ideal_delta_v_m_s: f64,
    /// Lift-off thrust-to-weight with the extra payload.
    pub liftoff_thrust_to_weight: f64,
    /// Launch azimuth of the standard trajectory, rad.
    pub azimuth_rad: f64,
    /// Standard range with the extra payload, m (None with global reach).
    pub standard_range_m: Option<f64>,
    /// Global reach with the extra payload.
    pub global_reach: bool,
    /// The assumption, in one line.
    pub assumption: String,
}

/// Mass at the final burnout of a plan, kg.
pub fn burnout_mass_kg(plan: &Plan) -> f64 {
    let n = plan.burns.len();
    plan.burns.iter().enumerate().fold(plan.liftoff_mass_kg, |m, (i, b)| {
        m - b.mass_flow_kg_s * b.duration_s - if i + 1 < n { b.drop_mass_kg } else { 0.0 }
    })
}

/// The heaviest extra mass the fitted plan can still lift off with, kg.
pub(crate) fn liftable_extra_kg(plan: &Plan) -> f64 {
    let thrust_n = plan.burns.first().map_or(0.0, |b| b.thrust_n);
    (thrust_n / (MIN_LIFTOFF_THRUST_TO_WEIGHT * G0_M_S2) - plan.liftoff_mass_kg).max(0.0)
}

/// The fitted vehicle carrying `extra_kg` more from lift-off to burnout.
pub fn with_extra_payload(fv: &FittedVehicle, extra_kg: f64) -> FittedVehicle {
    let mut v = fv.clone();
    v.plan.liftoff_mass_kg += extra_kg;
    v
}

/// The generic vehicle as fitted (`fv`) with an extra payload `spec`, flown for
/// maximum range toward `azimuth_rad`.
pub fn extra_payload(
    fv: &FittedVehicle,
    spec: &ExtraPayloadSpec,
    azimuth_rad: f64,
    samples: usize,
) -> Result<ExtraPayload> {
    let burnout_mass_kg = burnout_mass_kg(&fv.plan);
    let (extra_kg, fraction) = match *spec {
        ExtraPayloadSpec::FractionOfBurnoutMass(f) => (f * burnout_mass_kg, f),
        ExtraPayloadSpec::NominalKg(kg) => (kg, kg / burnout_mass_kg),
    };
    let liftable = liftable_extra_kg(&fv.plan);
    if !(extra_kg.is_finite() && extra_kg >= 0.0 && extra_kg <= liftable) {
        return Err(Error::invalid(
            "extra payload",
            format!(
                "{} kg ({} % of the fitted burnout mass)",
                crate::fmt::echo(extra_kg.round()),
                crate::fmt::echo((1000.0 * fraction).round() / 10.0)
            ),
            format!(
                "0 up to {:.0} kg ({:.0} % of the fitted burnout mass {:.0} kg): the heaviest the fitted generic vehicle lifts off with",
                liftable,
                100.0 * liftable / burnout_mass_kg,
                burnout_mass_kg
            ),
        ));
    }
    let v = with_extra_payload(fv, extra_kg);
    let std = v.standard(azimuth_rad, samples)?;
    let thrust_n = v.plan.burns.first().map_or(0.0, |b| b.thrust_n);
    let tw0 = thrust_n / (fv.plan.liftoff_mass_kg * G0_M_S2);
    let tw = thrust_n / (v.plan.liftoff_mass_kg * G0_M_S2);
    let (dv0, dv) = (fv.plan.ideal_delta_v_m_s(), v.plan.ideal_delta_v_m_s());
    let assumption = format!(
        "extra payload {:.0} kg = {:.1} % of the fitted burnout mass ({:.0} kg of the generic vehicle's nominal {:.0} kg at lift-off; the generic vehicle is scale-free, so only the fraction matters: on a missile of burnout mass M it stands for {:.3} M), carried from lift-off to burnout with the same propellant, thrust and drag area (lift-off thrust-to-weight {:.3} to {:.3}, ideal delta-v {:.3} to {:.3} km/s), flown for maximum range",
        extra_kg,
        100.0 * fraction,
        burnout_mass_kg,
        fv.plan.liftoff_mass_kg,
        fraction,
        tw0,
        tw,
        dv0 / 1e3,
        dv / 1e3
    );
    Ok(ExtraPayload {
        extra_kg,
        fraction_of_burnout_mass: fraction,
        burnout_mass_kg,
        liftoff_mass_kg: fv.plan.liftoff_mass_kg,
        ideal_delta_v_m_s: dv,
        liftoff_thrust_to_weight: tw,
        azimuth_rad,
        standard_range_m: std.range_m(),
        global_reach: matches!(std, Standard::GlobalReach),
        assumption,
    })
}
