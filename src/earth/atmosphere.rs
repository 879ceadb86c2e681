//! The U.S. Standard Atmosphere 1976 from 0 to 86 km geometric altitude
//! (NOAA-S/T 76-1562, U.S. Government Printing Office, 1976, §1.2–1.3 and Table 4).
//!
//! Below 86 km the model is a sequence of seven layers that are linear in
//! molecular-scale temperature T_M against geopotential altitude H, in hydrostatic
//! equilibrium (eqs. 33a and 33b of NOAA-S/T 76-1562). Density follows from the
//! ideal-gas law with T_M (eq. 42) and the speed of sound is sqrt(γ R* T_M / M0)
//! (eq. 50). Above 86 km the layered model ends; the density there is continued by an
//! exponential with the scale height of 86 km (R* T_M / (M0 g0') = 5.47 km), so that it
//! falls smoothly to zero instead of jumping from 7e-6 kg/m³ to 0 (a jump that stalls
//! the integrator's step-size control). The continuation is not the thermosphere of
//! the standard (which is denser: 2e-9 kg/m³ at 150 km against 5e-11 here); the drag
//! of a boosting missile above 86 km is negligible either way, and zero above
//! [`CUTOFF_ALTITUDE_M`].
//!
//! Between 80 and 86 km the kinetic temperature of the standard differs from T_M by
//! the molecular-weight ratio M/M0 ≥ 0.99958 (Table 8); this module returns T_M.

/// Sea-level standard gravity used in the definition of geopotential, m/s² (g0', NOAA-S/T 76-1562 §1.2.1).
const G0_M_S2: f64 = 9.806_65;
/// Effective Earth radius of the geopotential conversion, m (r0, NOAA-S/T 76-1562 eq. 18).
const R0_M: f64 = 6_356_766.0;
/// Universal gas constant R*, J/(kmol·K) (NOAA-S/T 76-1562 Table 2; the 1976 value).
const R_STAR_J_KMOL_K: f64 = 8_314.32;
/// Mean molecular weight of sea-level air M0, kg/kmol (NOAA-S/T 76-1562 Table 3).
const M0_KG_KMOL: f64 = 28.964_4;
/// Ratio of specific heats of air γ (NOAA-S/T 76-1562 §1.3.10).
const GAMMA_AIR: f64 = 1.40;
/// Sea-level pressure P0, Pa (NOAA-S/T 76-1562 §1.2.1).
pub const P0_PA: f64 = 101_325.0;
/// Top of the layered model, geometric altitude, m.
pub const TOP_ALTITUDE_M: f64 = 86_000.0;
/// Altitude above which the density is exactly 0, m (the continuation is below 1e-10 kg/m³ there).
pub const CUTOFF_ALTITUDE_M: f64 = 150_000.0;

/// Layer bases: geopotential altitude H_b (m'), molecular-scale temperature gradient
/// L_M,b (K/m'), NOAA-S/T 76-1562 Table 4. The base temperature of layer 0 is 288.15 K.
const LAYERS: [(f64, f64); 7] = [
    (0.0, -0.0065),
    (11_000.0, 0.0),
    (20_000.0, 0.0010),
    (32_000.0, 0.0028),
    (47_000.0, 0.0),
    (51_000.0, -0.0028),
    (71_000.0, -0.0020),
];

/// Sea-level temperature T0, K (NOAA-S/T 76-1562 §1.2.1).
const T0_K: f64 = 288.15;

/// g0' M0 / R*, K/m': the hydrostatic constant of eqs. 33a/33b.
const HYDRO_K_M: f64 = G0_M_S2 * M0_KG_KMOL / R_STAR_J_KMOL_K;

/// Base temperature and pressure of each layer, computed once from the table.
struct Bases {
    t_k: [f64; 7],
    p_pa: [f64; 7],
    /// Temperature and pressure at the top of the layered model (86 km), where the
    /// continuation above starts from.
    top: (f64, f64),
}

fn bases() -> &'static Bases {
    use std::sync::OnceLock;
    static BASES: OnceLock<Bases> = OnceLock::new();
    BASES.get_or_init(|| {
        let mut t_k = [0.0; 7];
        let mut p_pa = [0.0; 7];
        t_k[0] = T0_K;
        p_pa[0] = P0_PA;
        for i in 1..7 {
            let (hb, l) = LAYERS[i - 1];
            let dh = LAYERS[i].0 - hb;
            t_k[i] = t_k[i - 1] + l * dh;
            p_pa[i] = layer_pressure(p_pa[i - 1], t_k[i - 1], l, dh);
        }
        let top = layered(&t_k, &p_pa, TOP_ALTITUDE_M);
        Bases { t_k, p_pa, top }
    })
}

/// Temperature (K) and pressure (Pa) of the layered model at geometric altitude `z_m` (≤ 86 km).
#[inline]
fn layered(t_k: &[f64; 7], p_pa: &[f64; 7], z_m: f64) -> (f64, f64) {
    let h = geopotential_m(z_m);
    let i = LAYERS.iter().rposition(|&(hb, _)| h >= hb).unwrap_or(0);
    let (hb, l) = LAYERS[i];
    (t_k[i] + l * (h - hb), layer_pressure(p_pa[i], t_k[i], l, h - hb))
}

/// Pressure at geopotential distance `dh` above a layer base (eqs. 33a, 33b).
#[inline]
fn layer_pressure(pb_pa: f64, tb_k: f64, l_k_m: f64, dh_m: f64) -> f64 {
    if l_k_m == 0.0 {
        pb_pa * (-HYDRO_K_M * dh_m / tb_k).exp()
    } else {
        pb_pa * (tb_k / (tb_k + l_k_m * dh_m)).powf(HYDRO_K_M / l_k_m)
    }
}

/// The state of the air at one altitude.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Air {
    /// Molecular-scale temperature T_M, K.
    pub temperature_k: f64,
    /// Pressure, Pa.
    pub pressure_pa: f64,
    /// Density, kg/m³ (0 above 86 km).
    pub density_kg_m3: f64,
    /// Speed of sound, m/s.
    pub speed_of_sound_m_s: f64,
}

/// Geopotential altitude (m') of a geometric altitude (m), NOAA-S/T 76-1562 eq. 18.
#[inline]
pub const fn geopotential_m(altitude_m: f64) -> f64 {
    R0_M * altitude_m / (R0_M + altitude_m)
}

/// Where the air's state is not smooth in altitude, as geopotential altitudes (m', in
/// increasing order): the layer bases of Table 4 above the ground (the temperature's
/// gradient changes there), the top of the layered model (86 km geometric: the
/// temperature is constant above), and [`CUTOFF_ALTITUDE_M`] (the density drops to 0).
/// A flight through the air steps to each of them rather than across.
pub const CORNERS_GEOPOTENTIAL_M: [f64; 8] = [
    LAYERS[1].0,
    LAYERS[2].0,
    LAYERS[3].0,
    LAYERS[4].0,
    LAYERS[5].0,
    LAYERS[6].0,
    geopotential_m(TOP_ALTITUDE_M),
    geopotential_m(CUTOFF_ALTITUDE_M),
];

/// The speed of sound at geometric altitude `altitude_m`, m/s: the value of [`air`]
/// without its pressure and density (no power or exponential to compute).
#[inline]
pub fn speed_of_sound_m_s(altitude_m: f64) -> f64 {
    let b = bases();
    let t_k = if altitude_m >= TOP_ALTITUDE_M {
        b.top.0
    } else {
        let h = geopotential_m(altitude_m);
        let i = LAYERS.iter().rposition(|&(hb, _)| h >= hb).unwrap_or(0);
        b.t_k[i] + LAYERS[i].1 * (h - LAYERS[i].0)
    };
    sound_speed(t_k)
}

/// The speed of sound at molecular-scale temperature `t_k` (eq. 50), m/s.
#[inline]
fn sound_speed(t_k: f64) -> f64 {
    (GAMMA_AIR * R_STAR_J_KMOL_K * t_k / M0_KG_KMOL).sqrt()
}

/// The standard air at geometric altitude `altitude_m`. Below 0 the lowest layer is
/// extended (it is only reached by the integrator's trial stages at lift-off); above
/// 86 km the temperature is that of 86 km and pressure and density decay with its
/// scale height (module docs), to 0 above [`CUTOFF_ALTITUDE_M`].
pub fn air(altitude_m: f64) -> Air {
    let b = bases();
    let (t_k, mut p_pa) = if altitude_m >= TOP_ALTITUDE_M { b.top } else { layered(&b.t_k, &b.p_pa, altitude_m) };
    let speed_of_sound_m_s = sound_speed(t_k);
    if altitude_m > TOP_ALTITUDE_M {
        p_pa = if altitude_m > CUTOFF_ALTITUDE_M {
            0.0
        } else {
            p_pa * (-(altitude_m - TOP_ALTITUDE_M) * HYDRO_K_M / t_k).exp()
        };
    }
    Air {
        temperature_k: t_k,
        pressure_pa: p_pa,
        density_kg_m3: p_pa * M0_KG_KMOL / (R_STAR_J_KMOL_K * t_k),
        speed_of_sound_m_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published values of NOAA-S/T 76-1562, Table I (geometric altitude): (Z m, T K, P Pa, ρ kg/m³).
    const TABLE_I: [(f64, f64, f64, f64); 6] = [
        (0.0, 288.150, 1.01325e5, 1.2250),
        (10_000.0, 223.252, 2.6500e4, 4.1351e-1),
        (11_019.0, 216.650, 2.2632e4, 3.6392e-1),
        (30_000.0, 226.509, 1.1970e3, 1.8410e-2),
        (50_000.0, 270.650, 7.9779e1, 1.0269e-3),
        (80_000.0, 198.639, 1.0524, 1.8458e-5),
    ];

    #[test]
    fn matches_published_table() {
        for &(z, t, p, rho) in &TABLE_I {
            let a = air(z);
            assert!((a.temperature_k - t).abs() < 2e-3, "T at {z}: {} vs {t}", a.temperature_k);
            assert!((a.pressure_pa / p - 1.0).abs() < 2e-4, "P at {z}: {} vs {p}", a.pressure_pa);
            assert!((a.density_kg_m3 / rho - 1.0).abs() < 2e-4, "rho at {z}: {} vs {rho}", a.density_kg_m3);
        }
        // Sea-level speed of sound, Table I: 340.29 m/s.
        assert!((air(0.0).speed_of_sound_m_s - 340.294).abs() < 1e-2);
    }

    #[test]
    fn continuous_across_layer_bases_and_zero_above_top() {
        for &(hb, _) in LAYERS.iter().skip(1) {
            let z = R0_M * hb / (R0_M - hb); // geometric altitude of the base
            let (lo, hi) = (air(z - 1e-3), air(z + 1e-3));
            assert!((lo.pressure_pa / hi.pressure_pa - 1.0).abs() < 1e-6);
            assert!((lo.temperature_k - hi.temperature_k).abs() < 1e-5);
        }
        let (below, above) = (air(TOP_ALTITUDE_M - 1e-3), air(TOP_ALTITUDE_M + 1e-3));
        assert!((below.density_kg_m3 / above.density_kg_m3 - 1.0).abs() < 1e-6);
        // The 86 km density of Table I, 6.958e-6 kg/m³.
        assert!((below.density_kg_m3 / 6.958e-6 - 1.0).abs() < 2e-3, "{}", below.density_kg_m3);
        assert!(air(120e3).density_kg_m3 < 2e-8);
        assert_eq!(air(CUTOFF_ALTITUDE_M + 1.0).density_kg_m3, 0.0);
    }

    /// The corners are where the temperature's gradient changes (or the density ends),
    /// and the speed of sound without the pressure is the one of `air`.
    #[test]
    fn corners_are_where_the_gradient_changes() {
        let z_of = |h: f64| R0_M * h / (R0_M - h);
        for &h in &CORNERS_GEOPOTENTIAL_M {
            let z = z_of(h);
            assert!((geopotential_m(z) - h).abs() < 1e-6);
            let dz = 10.0;
            if z < CUTOFF_ALTITUDE_M - 1.0 {
                let below = (air(z).temperature_k - air(z - dz).temperature_k) / dz;
                let above = (air(z + dz).temperature_k - air(z).temperature_k) / dz;
                assert!((below - above).abs() > 1e-4, "no corner at {z} m: {below} {above}");
            } else {
                assert!(air(z - 1.0).density_kg_m3 > 0.0 && air(z + 1.0).density_kg_m3 == 0.0);
            }
        }
        assert!(CORNERS_GEOPOTENTIAL_M.windows(2).all(|w| w[0] < w[1]));
        for z in [-100.0, 0.0, 5e3, 11e3, 19_999.0, 50e3, 85_999.0, 86e3, 120e3, 200e3] {
            assert_eq!(speed_of_sound_m_s(z), air(z).speed_of_sound_m_s, "{z}");
        }
    }
}
