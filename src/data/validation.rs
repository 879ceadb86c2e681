//! The published estimates `loftrange validate` reproduces: each a standard range someone
//! published for a lofted test whose inputs are known, with its page and a quoted
//! sentence, the author's stated assumptions and the model closest to them; and flights
//! flown on standard trajectories, as forward checks.
//!
//! The data live in `data/validation.json` (compiled in); km, s and degrees as the field
//! names say. Inputs come from a catalog entry (`data/catalog.json`, with its own
//! sources) or carry their own sources.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::data::catalog::{find, CatalogEntry};

/// The validation data as compiled in.
const VALIDATION_JSON: &str = include_str!("../../data/validation.json");

/// A page and the sentence quoted from it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuotedSource {
    /// Who published the page.
    pub publisher: String,
    /// Its address.
    pub url: String,
    /// A sentence from the page, verbatim.
    pub quote: String,
}

/// The inputs of a published estimate: a catalog entry, or figures cited here.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Inputs {
    /// The figures of a catalog entry.
    Catalog {
        /// The entry's id in `data/catalog.json`.
        catalog_id: String,
    },
    /// Figures cited here (a test not in the catalog).
    Cited {
        /// Apogee, km.
        apogee_km: f64,
        /// Ground range, km.
        range_km: f64,
        /// Flight time, s, where reported.
        flight_time_s: Option<f64>,
        /// Where the apogee is from.
        apogee_source: QuotedSource,
        /// Where the range is from.
        range_source: QuotedSource,
        /// How the figures were read.
        note: String,
    },
}

/// How a published figure is qualified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "about N km".
    About,
    /// "up to N km".
    UpTo,
    /// "more than N km": a lower bound.
    MoreThan,
    /// "between N and M km".
    Between,
}

/// A published standard range, km.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// The figure (the lower end of a span), km.
    pub low_km: f64,
    /// The upper end of a span (the figure itself otherwise), km.
    pub high_km: f64,
    /// About, up to, more than, between.
    pub qualifier: Qualifier,
}

/// What the author stated about the assumptions that matter most.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Assumptions {
    /// Payload.
    pub payload: String,
    /// Earth's rotation.
    pub rotation: String,
    /// Burnout altitude (and other stated method notes).
    pub burnout_altitude: String,
}

/// One published estimate from a lofted test.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoftedRow {
    /// Unique id, `author-missile-year`.
    pub id: String,
    /// The test, in words.
    pub test: String,
    /// Its inputs.
    pub inputs: Inputs,
    /// Who published the figure.
    pub author: String,
    /// The figure.
    pub published: Published,
    /// Where it was published.
    pub source: QuotedSource,
    /// The author's stated assumptions.
    pub assumptions: Assumptions,
    /// loftrange's model closest to them: `kepler`, `sphere`, `rotating`, `earth` or `boost`.
    pub model: String,
    /// With the Earth's rotation (from the test's catalog site toward its azimuth).
    pub rotation: bool,
    /// Why that model.
    pub model_why: String,
    /// Where loftrange and the author differ by more than 5 %: why.
    pub differs_because: Option<String>,
}

/// The figures of a lofted row's inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputFigures {
    /// Apogee, km.
    pub apogee_km: f64,
    /// Ground range, km.
    pub range_km: f64,
    /// Flight time, s.
    pub flight_time_s: Option<f64>,
}

impl LoftedRow {
    /// The catalog entry the inputs come from, if any.
    pub fn catalog_entry(&self) -> Option<&'static CatalogEntry> {
        match &self.inputs {
            Inputs::Catalog { catalog_id } => find(catalog_id),
            Inputs::Cited { .. } => None,
        }
    }

    /// The input figures (None: a catalog id not in the catalog, refused by the tests).
    pub fn figures(&self) -> Option<InputFigures> {
        match &self.inputs {
            Inputs::Catalog { .. } => self.catalog_entry().map(|e| InputFigures {
                apogee_km: e.apogee_km,
                range_km: e.range_km,
                flight_time_s: e.flight_time_s,
            }),
            Inputs::Cited { apogee_km, range_km, flight_time_s, .. } => {
                Some(InputFigures { apogee_km: *apogee_km, range_km: *range_km, flight_time_s: *flight_time_s })
            }
        }
    }
}

/// One flight on a standard trajectory, for a forward check.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForwardRow {
    /// Unique id.
    pub id: String,
    /// The flight, in words.
    pub flight: String,
    /// Reported apogee, km (None where none was published).
    pub apogee_km: Option<f64>,
    /// Reported range, km.
    pub range_km: f64,
    /// Where the figures are from.
    pub source: QuotedSource,
    /// Context.
    pub note: String,
}

/// The validation data.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Validation {
    /// What the file is.
    pub about: String,
    /// Published estimates from lofted tests.
    pub lofted: Vec<LoftedRow>,
    /// Flights on standard trajectories.
    pub forward: Vec<ForwardRow>,
}

/// The validation data as compiled in.
pub fn validation() -> &'static Validation {
    static V: OnceLock<Validation> = OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(VALIDATION_JSON).expect("data/validation.json is checked by its tests and must parse")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_source(s: &QuotedSource, what: &str) {
        assert!(!s.publisher.trim().is_empty(), "{what}: publisher");
        assert!(s.url.starts_with("http://") || s.url.starts_with("https://"), "{what}: url {}", s.url);
        assert!(!s.url.contains('…'), "{what}: a shortened url {}", s.url);
        assert!(s.quote.chars().count() >= 20, "{what}: a quoted sentence");
    }

    #[test]
    fn every_row_is_cited_and_its_inputs_exist() {
        let v = validation();
        assert!(v.lofted.len() >= 15 && v.forward.len() >= 4);
        let mut ids = std::collections::BTreeSet::new();
        for r in &v.lofted {
            assert!(ids.insert(r.id.clone()), "duplicate id {}", r.id);
            check_source(&r.source, &r.id);
            let f = r.figures().unwrap_or_else(|| panic!("{}: inputs not in the catalog", r.id));
            assert!(f.apogee_km > f.range_km / 4.0 && f.range_km > 0.0, "{}: lofted inputs", r.id);
            if let Inputs::Cited { apogee_source, range_source, .. } = &r.inputs {
                check_source(apogee_source, &r.id);
                check_source(range_source, &r.id);
            }
            let p = r.published;
            assert!(p.low_km > 0.0 && p.high_km >= p.low_km, "{}", r.id);
            assert_eq!(p.qualifier == Qualifier::Between, p.high_km > p.low_km, "{}: a span is 'between'", r.id);
            assert!(["kepler", "sphere", "rotating", "earth", "boost"].contains(&r.model.as_str()), "{}", r.id);
            if r.rotation {
                assert!(r.catalog_entry().is_some_and(|e| e.azimuth_deg.is_some()), "{}: rotation needs a site", r.id);
            }
        }
        for r in &v.forward {
            assert!(ids.insert(r.id.clone()), "duplicate id {}", r.id);
            check_source(&r.source, &r.id);
        }
    }

    /// The figures are those the quotes print (a reader can check each against its page).
    #[test]
    fn published_figures_appear_in_their_quotes() {
        let grouped = crate::fmt::grouped;
        for r in &validation().lofted {
            let q = &r.source.quote;
            let low = r.published.low_km;
            // "4,500", "3200", or Japanese "1万4000" / "1万".
            let rest = low % 1e4;
            let japanese = format!(
                "{:.0}万{}",
                (low / 1e4).floor(),
                if rest == 0.0 { String::new() } else { format!("{rest:.0}") }
            );
            let shown = [grouped(low), format!("{low:.0}"), japanese];
            assert!(shown.iter().any(|s| q.contains(s.as_str())), "{}: {low} km not in the quote", r.id);
        }
        for r in &validation().forward {
            let q = &r.source.quote;
            // The IRBM row stores the middle of the quoted spans.
            let middle = r.note.contains("middle");
            assert!(q.contains(&grouped(r.range_km)) || middle, "{}: range not in the quote", r.id);
            if let Some(a) = r.apogee_km {
                assert!(q.contains(&grouped(a)) || middle, "{}: apogee not in the quote", r.id);
            }
        }
    }
}
