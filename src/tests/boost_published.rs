//! The boost model flying a real vehicle from published figures, against that vehicle's
//! published range: an outside value the model was not tuned to.

use crate::flight::Launch;
use crate::vehicle::{payload_range, BoostOptions, Vehicle};
use crate::Earth;

#[test]
fn v2_standard_range_matches_its_published_maximum_range() {
    // examples/vehicles/v2.toml: thrust, propellant flow, launch mass, diameter and warhead
    // of the A-4 (V-2) from the sources cited in the file. Published maximum range:
    // 220 miles = 354 km (National Museum of the U.S. Air Force, "V-2 Rocket" fact sheet).
    let text = include_str!("../../examples/vehicles/v2.toml");
    let v2 = Vehicle::from_toml_str(text, "v2.toml").unwrap();
    let mut opts = BoostOptions::new(Earth::non_rotating(), Launch::EQUATOR_EAST);
    opts.vehicle = Some(v2.clone());
    // The default ICBM burnout floor stays on: the V-2 cannot reach it, so it does not apply.
    opts.sensitivity = false;
    opts.samples = 0;
    // The lofted observation only fixes the fitted payload; the row asks for the real warhead.
    let pr = payload_range(&v2, &[v2.payload_kg], 90e3, 250e3, &opts).unwrap();
    let range_km = pr.rows[0].standard_range_m.expect("bounded") / 1e3;
    let published_km = 220.0 * 1.609_344;
    // Re-entry drag is ignored and the engine is held at its sea-level rating: agree to 10 %.
    assert!(
        (range_km - published_km).abs() / published_km < 0.10,
        "V-2 range {range_km:.0} km vs published {published_km:.0} km"
    );
    // Without air the same vehicle flies much farther: drag on the ascent matters at this scale.
    opts.drag = false;
    let vacuum_km =
        payload_range(&v2, &[v2.payload_kg], 90e3, 250e3, &opts).unwrap().rows[0].standard_range_m.unwrap() / 1e3;
    assert!(vacuum_km > 1.2 * range_km, "vacuum {vacuum_km:.0} km vs {range_km:.0} km");
}

/// Forward mode: the vehicle file with its own payload, flown for maximum range on a
/// non-rotating sphere (no lofted test involved).
fn forward_range_km(text: &str, file: &str) -> f64 {
    let v = Vehicle::from_toml_str(text, file).unwrap();
    let est = crate::estimate(&crate::Question::vehicle(v, None), &crate::Model::BOOST, &crate::Request::default());
    est.unwrap().standard.range_m().expect("bounded") / 1e3
}

#[test]
fn v2_forward_mode_flies_its_published_range() {
    // Published maximum range 220 miles = 354 km (National Museum of the U.S. Air Force,
    // "V-2 Rocket" fact sheet), asked directly: "how far does this vehicle fly?".
    let range_km = forward_range_km(include_str!("../../examples/vehicles/v2.toml"), "v2.toml");
    let published_km = 220.0 * 1.609_344;
    assert!((range_km - published_km).abs() / published_km < 0.10, "{range_km:.0} vs {published_km:.0} km");
}

#[test]
fn forden_2007_vehicles_fly_their_published_maximum_ranges() {
    // Forden, Science & Global Security 15 (2007): Table 1 (vehicles) and Table 3 (maximum
    // ranges, azimuth 40° east of north), as transcribed in the armscontrolwonk
    // GUI-Flyout-Implementation repository (missile_models.py and trajectory.py; see
    // examples/vehicles/FORDEN.md: the paper itself was not found, so these are
    // secondhand numbers). On a non-rotating Earth the azimuth does not matter.
    let cases = [
        (include_str!("../../examples/vehicles/forden-scud-b.toml"), "forden-scud-b.toml", 288.0),
        (include_str!("../../examples/vehicles/forden-al-hussein.toml"), "forden-al-hussein.toml", 693.0),
        (include_str!("../../examples/vehicles/forden-no-dong.toml"), "forden-no-dong.toml", 973.0),
        (include_str!("../../examples/vehicles/forden-taepodong-1.toml"), "forden-taepodong-1.toml", 2_349.0),
    ];
    for (text, file, published_km) in cases {
        let range_km = forward_range_km(text, file);
        assert!(
            (range_km - published_km).abs() / published_km < 0.05,
            "{file}: {range_km:.0} km vs published {published_km:.0} km"
        );
    }
}

#[test]
fn forden_2007_vehicles_fly_ramp_and_hold_within_3_percent_of_thrusty_but_the_taepodong() {
    // The four files fly Forden's elevation ramp-and-hold ([pitch] in each; the Scud-B with
    // its Figure 3 numbers, the others optimised for range) and the Taepodong-I its stage
    // diameters. Thrusty's ranges: the module docstring of trajectory.py in
    // armscontrolwonk/GUI-Flyout-Implementation @0016b90b4d8caaed9df105636d2528abba35a2a9,
    // "Validation against Forden Table 3 (maximum ranges, azimuth 40° East of N)", "Our
    // model" ~288, ~693, ~973, ~2349 km, the same as Forden's Table 3 as it transcribes it.
    // Flown on a non-rotating sphere (forward mode without a site): neither Thrusty nor
    // the transcription says from which site, and the Earth's rotation would add or take
    // off range by the site's latitude (examples/vehicles/FORDEN.md).
    // Each stage's thrust loses 2 % to back-pressure at sea level (isp_sea_level_s), as
    // Thrusty's does for stages without a nozzle exit area (missile_models.py @00a450e6,
    // thrust_force: T_vac × (1 − 0.02 p/p0), the table's Isp taken as vacuum).
    // The Taepodong-I misses 3 %: it flies 2,264 km (−3.6 %) with the range-optimal ramp
    // and hold; one program for both stages, where a second-stage pitch of its own was
    // tried and adds under 1 %. It is held to Table 3's 5 % (the second bound).
    let cases = [
        (include_str!("../../examples/vehicles/forden-scud-b.toml"), "forden-scud-b.toml", 288.0, 0.03),
        (include_str!("../../examples/vehicles/forden-al-hussein.toml"), "forden-al-hussein.toml", 693.0, 0.03),
        (include_str!("../../examples/vehicles/forden-no-dong.toml"), "forden-no-dong.toml", 973.0, 0.03),
        (include_str!("../../examples/vehicles/forden-taepodong-1.toml"), "forden-taepodong-1.toml", 2_349.0, 0.05),
    ];
    for (text, file, thrusty_km, tolerance) in cases {
        let v = Vehicle::from_toml_str(text, file).unwrap();
        assert!(matches!(v.pitch, crate::boost::Pitch::RampHold(_)), "{file}");
        let range_km = forward_range_km(text, file);
        assert!(
            (range_km - thrusty_km).abs() / thrusty_km < tolerance,
            "{file}: {range_km:.1} km vs Thrusty {thrusty_km:.0} km"
        );
    }
}

#[test]
fn forden_2007_single_stage_vehicles_fly_the_gravity_turn_within_5_percent_of_table_3() {
    // The single-stage vehicles flown with loftrange's default gravity turn instead of
    // the ramp-and-hold: still within 5 % of Forden's Table 3 as transcribed (see
    // forden_2007_vehicles_fly_their_published_maximum_ranges). The two-stage
    // Taepodong-I's gravity turn flies 2,222 km (−5.4 %): it is held to the ramp above.
    let cases = [
        (include_str!("../../examples/vehicles/forden-scud-b.toml"), 288.0),
        (include_str!("../../examples/vehicles/forden-al-hussein.toml"), 693.0),
        (include_str!("../../examples/vehicles/forden-no-dong.toml"), 973.0),
    ];
    for (text, published_km) in cases {
        let mut v = Vehicle::from_toml_str(text, "forden.toml").unwrap();
        v.pitch = crate::boost::Pitch::GravityTurn;
        v.vertical_rise_s = crate::vehicle::defaults::VERTICAL_RISE_S;
        let est = crate::estimate(
            &crate::Question::vehicle(v.clone(), None),
            &crate::Model::BOOST,
            &crate::Request::default(),
        );
        let range_km = est.unwrap().standard.range_m().expect("bounded") / 1e3;
        assert!(
            (range_km - published_km).abs() / published_km < 0.05,
            "{}: {range_km:.1} km vs {published_km:.0} km",
            v.name
        );
    }
}

#[test]
fn a_ramp_and_hold_vehicle_fits_a_lofted_test_and_flies_one_program_everywhere() {
    // The No-dong file leaves its ramp open. A lofted test from a site on the rotating
    // Earth: the start and stop are optimised once (toward the test's azimuth) and every
    // flight of the estimate flies them; the fit varies the payload and the hold angle and
    // reproduces the test's apogee and range; the standard trajectory flies farther than
    // the lofted test's hold angle would, and no farther than the optimum at other angles.
    let v =
        Vehicle::from_toml_str(include_str!("../../examples/vehicles/forden-no-dong.toml"), "no-dong.toml").unwrap();
    assert!(v.pitch.needs_times());
    let site = crate::Site::new(39.0f64.to_radians(), 125.7f64.to_radians());
    let q = crate::Question::lofted(400e3, 300e3).at(site).toward(90f64.to_radians()).with_vehicle(v);
    let r = crate::Request { sensitivity: false, ..crate::Request::default() };
    let e = crate::estimate(&q, &crate::Model::BOOST, &r).unwrap();
    let b = e.boost.as_ref().unwrap();
    let (start, stop) = b.fitted_vehicle.plan.pitch.ramp_times_s().expect("resolved once for the whole estimate");
    assert!(start >= 0.0 && stop - start >= 5.0 - 1e-9 && stop <= 70.0, "{start} {stop}");
    assert!(b.fitted.report.apogee_residual_m.abs() < 1.0 && b.fitted.report.range_residual_m.abs() < 1.0);
    let lofted = &b.lofted;
    assert!((lofted.apogee_m - 400e3).abs() < 1.0 && (lofted.range_m - 300e3).abs() < 1.0);
    let st = b.standard.flight().unwrap();
    assert!(st.landed.range_m > 2.0 * lofted.range_m);
    // The standard's hold angle maximises the range: ±0.5° flies no farther (same program).
    let fv = &b.fitted_vehicle;
    let launch = crate::flight::Launch { lat_rad: fv.lat_rad, lon_rad: fv.lon_rad, azimuth_rad: st.azimuth_rad };
    let k = st.landed.powered().kick_rad;
    for dk in [-0.5f64.to_radians(), 0.5f64.to_radians()] {
        let o = crate::vehicle::powered::fly_boost(&fv.earth, &launch, &fv.plan, k + dk, &fv.powered).unwrap();
        if let crate::vehicle::powered::PoweredOutcome::Landed(f) = o {
            assert!(f.range_m < st.landed.range_m, "{dk}: {} vs {}", f.range_m, st.landed.range_m);
        }
    }
}
