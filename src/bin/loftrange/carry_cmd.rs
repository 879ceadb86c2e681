//! `estimate --test` on a catalog test with global reach under an impulsive model: what
//! the test could carry (the generic vehicle fitted to it, model boost), as a section of
//! its own (issue 21).

use loftrange::config::Config;
use loftrange::payload::{global_payload, impulsive_global_reach, GlobalPayload, GLOBAL_PAYLOAD_DISTANCES_M};

use crate::common::Failure;

/// The answer and the target's name, for a `--test` question with global reach under an
/// impulsive model, a site and a test azimuth, and no vehicle file; None otherwise.
pub fn for_test(cfg: &Config) -> Result<Option<(GlobalPayload, Option<String>)>, Failure> {
    let q = &cfg.question;
    if cfg.test.is_none() || q.vehicle.is_some() || q.site.is_none() || q.test_azimuth_rad.is_none() {
        return Ok(None);
    }
    if !impulsive_global_reach(q) {
        return Ok(None);
    }
    let target = cfg.request.targets.first();
    let g = global_payload(q, &GLOBAL_PAYLOAD_DISTANCES_M, target)?;
    let name = target.map(|t| t.name.clone().unwrap_or_else(|| "the target".into()));
    Ok(Some((g, name)))
}

/// The text section (empty without an answer).
pub fn text(carry: Option<&(GlobalPayload, Option<String>)>) -> String {
    carry.map(|(g, name)| loftrange::render::global_payload_text(g, name.as_deref())).unwrap_or_default()
}

/// Adds `payload_for_global_reach` to the estimate's JSON.
pub fn add_json(v: &mut serde_json::Value, carry: Option<&(GlobalPayload, Option<String>)>) {
    if let Some((g, name)) = carry {
        v["payload_for_global_reach"] = loftrange::render::global_payload_json(g, name.as_deref());
    }
}
