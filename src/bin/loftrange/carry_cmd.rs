//! `estimate --test` on a catalog test with global reach under an impulsive model: what
//! the test could carry (the generic vehicle fitted to it, model boost), as a section of
//! its own (issue 21). A failure there is reported in the section, not instead of the
//! estimate.

use loftrange::config::Config;
use loftrange::payload::{global_payload, impulsive_global_reach, GlobalPayload, GLOBAL_PAYLOAD_DISTANCES_M};

/// The answer (or why it failed) and the target's name.
pub type Carry = (loftrange::Result<GlobalPayload>, Option<String>);

/// The answer for a `--test` question with global reach under an impulsive model, a site
/// and a test azimuth, and no vehicle file; None otherwise.
pub fn for_test(cfg: &Config) -> Option<Carry> {
    let q = &cfg.question;
    if cfg.test.is_none() || q.vehicle.is_some() || q.site.is_none() || q.test_azimuth_rad.is_none() {
        return None;
    }
    if !impulsive_global_reach(q) {
        return None;
    }
    let target = cfg.request.targets.first();
    let g = global_payload(q, &GLOBAL_PAYLOAD_DISTANCES_M, target);
    let name = target.map(|t| t.name.clone().unwrap_or_else(|| "the target".into()));
    Some((g, name))
}

/// The text section (empty without an answer).
pub fn text(carry: Option<&Carry>) -> String {
    match carry {
        Some((Ok(g), name)) => loftrange::render::global_payload_text(g, name.as_deref()),
        Some((Err(e), _)) => format!(
            "\nWhat the test could carry (global reach under an impulsive model): not computed: {}\n",
            loftrange::render::one_line(e.to_string())
        ),
        None => String::new(),
    }
}

/// Adds `payload_for_global_reach` to the estimate's JSON.
pub fn add_json(v: &mut serde_json::Value, carry: Option<&Carry>) {
    match carry {
        Some((Ok(g), name)) => {
            v["payload_for_global_reach"] = loftrange::render::global_payload_json(g, name.as_deref())
        }
        Some((Err(e), _)) => v["payload_for_global_reach"] = serde_json::json!({ "error": e.to_string() }),
        None => {}
    }
}
