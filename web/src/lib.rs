//! loftrange in the browser: the library's entry points with JSON in and JSON out,
//! and its figures as SVG strings. No physics here: parse the page's inputs, call
//! the library, hand back what the library's renderers produce.

use wasm_bindgen::prelude::*;

/// Install the panic hook once, when the module is instantiated: a panic then shows
/// its message in the console instead of a bare wasm trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Minimal pipeline check: the lofted estimate under model kepler, apogee and range in km.
#[wasm_bindgen]
pub fn kepler_range_km(apogee_km: f64, range_km: f64) -> String {
    let obs = loftrange::Observation::new(apogee_km * 1e3, range_km * 1e3);
    match loftrange::estimate(&obs, &loftrange::Options::new(loftrange::Model::KEPLER)) {
        Ok(est) => serde_json::json!({ "range_km": est.standard.range_m.map(|m| m / 1e3) }).to_string(),
        Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
    }
}
