//! The boost model flying a real vehicle from published figures, against that vehicle's
//! published range: an outside value the model was not tuned to.

use loftrange::boost::{payload_range, BoostOptions, Vehicle};
use loftrange::earth::Earth;
use loftrange::flight::Launch;

#[test]
fn v2_standard_range_matches_its_published_maximum_range() {
    // examples/vehicles/v2.toml: thrust, propellant flow, launch mass, diameter and warhead
    // of the A-4 (V-2) from the sources cited in the file. Published maximum range:
    // 220 miles = 354 km (National Museum of the U.S. Air Force, "V-2 Rocket" fact sheet).
    let text = include_str!("../examples/vehicles/v2.toml");
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
