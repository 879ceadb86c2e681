//! Physical constants of MODEL.md, each with its source. SI units throughout.

/// Earth's gravitational parameter GM, m³/s².
/// Source: WGS 84, NGA.STND.0036 (2014), Table 3.1 (GM including the atmosphere).
pub const MU_M3_S2: f64 = 3.986_004_418e14;

/// Mean Earth radius for the spherical models, m.
/// Source: IUGG mean radius R1 = (2a + b)/3 of WGS 84 (Moritz, *Geodetic Reference
/// System 1980*, Bulletin Géodésique 54, 1980; value as in NGA.STND.0036).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Earth rotation rate, rad/s.
/// Source: WGS 84, NGA.STND.0036 (2014), Table 3.1 (ω = 7 292 115 × 10⁻¹¹ rad/s).
pub const OMEGA_EARTH_RAD_S: f64 = 7.292_115e-5;

/// WGS 84 semi-major axis, m. Source: NGA.STND.0036 (2014), Table 3.1.
pub const WGS84_A_M: f64 = 6_378_137.0;

/// WGS 84 inverse flattening 1/f. Source: NGA.STND.0036 (2014), Table 3.1.
pub const WGS84_INV_F: f64 = 298.257_223_563;

/// Second zonal harmonic J2 (unnormalised), dimensionless.
/// Source: EGM96, C̄20 = −4.841 653 717 36 × 10⁻⁴ de-normalised by √5
/// (Lemoine et al., NASA/TP-1998-206861).
pub const J2: f64 = 1.082_626_68e-3;

/// Standard gravity, m/s². Source: ISO 80000-3 (and CGPM 1901).
pub const G0_M_S2: f64 = 9.806_65;

/// Metres in one international mile (exact, 1959 international yard and pound agreement).
pub const METRES_PER_MILE: f64 = 1_609.344;

/// Metres in one international nautical mile (exact, IHB 1929).
pub const METRES_PER_NAUTICAL_MILE: f64 = 1_852.0;
