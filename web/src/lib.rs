//! loftrange in the browser: the library's entry points with JSON in and JSON out, and
//! its figures as SVG strings. No physics and no unit parsing here: the page's inputs
//! are the command line's flag values as text (`loftrange::config::Inputs`), validated
//! by the library's `Config::from_inputs`; the results are the library's renderers'
//! JSON (the keys of `--json`) and text reports, and its figures drawn as SVG.
//!
//! Every call returns a JSON object: `{"ok": true, ...}` or `{"ok": false, "error":
//! "<the CLI's one-line message>", "field": "<input named>", "input_error": bool}`.
//! Nothing panics on bad input.
//!
//! plotters measures text with the page's DOM on wasm32: in a Web Worker (where the page
//! runs this module) the worker gives it a stand-in `document` that measures with an
//! `OffscreenCanvas` (web/www/worker.js), so every call here can run off the main thread.

use loftrange::config::{Config, Inputs};
use loftrange::uncertainty::{self, ModelMonteCarlo, ModelSample, MonteCarlo, Outcome, Shape};
use loftrange::{render, Error, Estimate, Result};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

/// Trajectory figure size, px (the CLI's `plot` default).
const TRAJECTORY_SIZE_PX: (u32, u32) = loftrange::render::plot::DEFAULT_SIZE_PX;
/// Points per drawn trajectory (the CLI's `plot`).
const TRAJECTORY_SAMPLES: usize = 400;
/// Reach sweep step, degrees (the CLI's `reach --step` default).
const REACH_STEP_DEG: f64 = 1.0;
/// Places listed in the reach text report (the CLI's `reach --limit` default).
const REACH_LIMIT: usize = 30;
/// Monte Carlo samples when an input is uncertain and none are asked for (the CLI's default).
const DEFAULT_SAMPLES: usize = 2000;
/// The most samples the page runs (the CLI allows 10,000,000; here they run on one thread).
const MAX_SAMPLES: usize = 100_000;

/// Install the panic hook once, when the module is instantiated: a panic (a bug; bad
/// input never panics) then shows its message in the console instead of a bare trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The page's inputs: the library's `Inputs` plus the page's Monte Carlo settings.
struct PageInputs {
    cfg: Config,
    /// Samples asked for (None: the default when an input is uncertain, else none).
    samples: Option<usize>,
    seed: u64,
}

/// Why a call failed: the library's error, or (a bug, never bad input) a figure or JSON
/// that could not be made.
enum Failure {
    Lib(Error),
    Other(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

impl Failure {
    fn other(e: impl std::fmt::Display) -> Self {
        Failure::Other(e.to_string())
    }
}

fn error_json(e: &Failure) -> Value {
    match e {
        Failure::Lib(e) => {
            let mut v =
                json!({ "ok": false, "error": e.to_string(), "field": e.field(), "input_error": e.is_input_error() });
            // The parts of a bad input, so the page can word the message with its own labels.
            if let Error::InvalidInput { value, accepted, .. } = e {
                v["value"] = value.clone().into();
                v["accepted"] = accepted.clone().into();
            }
            v
        }
        Failure::Other(m) => json!({ "ok": false, "error": m, "field": null, "input_error": false }),
    }
}

fn reply(r: std::result::Result<Value, Failure>) -> String {
    match r {
        Ok(mut v) => {
            v["ok"] = Value::Bool(true);
            v.to_string()
        }
        Err(e) => error_json(&e).to_string(),
    }
}

fn no_vehicle_files(path: &str) -> Result<loftrange::boost::Vehicle> {
    Err(Error::invalid(
        "vehicle",
        format!("\"{path}\""),
        "no vehicle files in the web page (use the command line's --vehicle FILE); model boost flies the generic vehicle",
    ))
}

/// Parse the page's JSON object: `samples` and `seed` are the page's; the rest must be
/// the library's `Inputs` (unknown keys are refused, naming them).
fn page_inputs(json_text: &str) -> Result<PageInputs> {
    let mut map: Map<String, Value> = serde_json::from_str(json_text)
        .map_err(|e| Error::invalid("inputs", format!("not a JSON object ({e})"), "a JSON object of text inputs"))?;
    let text = |v: Value| match v {
        Value::String(s) => s,
        other => other.to_string(),
    };
    let samples = match map.remove("samples").map(text) {
        None => None,
        Some(s) => Some(
            s.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_SAMPLES).contains(n))
                .ok_or_else(|| Error::invalid("samples", format!("\"{s}\""), "1 to 100000 Monte Carlo samples"))?,
        ),
    };
    let seed = match map.remove("seed").map(text) {
        None => uncertainty::DEFAULT_SEED,
        Some(s) => s
            .trim()
            .parse::<u64>()
            .map_err(|_| Error::invalid("seed", format!("\"{s}\""), "a whole number from 0 to 18446744073709551615"))?,
    };
    let inputs: Inputs = serde_json::from_value(Value::Object(map))
        .map_err(|e| Error::invalid("inputs", e.to_string(), "the keys of the form (the CLI's flags)"))?;
    let cfg = Config::from_inputs(&inputs, &no_vehicle_files)?;
    Ok(PageInputs { cfg, samples, seed })
}

impl PageInputs {
    /// Monte Carlo samples to run: asked for, or the CLI's default when an input has ±.
    fn monte_carlo_samples(&self) -> usize {
        self.samples.unwrap_or(if self.cfg.sigmas.is_zero() { 0 } else { DEFAULT_SAMPLES })
    }
}

/// The estimate: `json` is the CLI's `estimate --json` object, `text` its report, `svg`
/// the trajectory figure (the CLI's `plot`); `has_site` says a reach map can be drawn,
/// `monte_carlo` the number of samples the page should run next (0: none).
#[wasm_bindgen]
pub fn estimate(inputs_json: &str) -> String {
    reply((|| -> std::result::Result<Value, Failure> {
        let p = page_inputs(inputs_json)?;
        let est = p.cfg.estimate(TRAJECTORY_SAMPLES)?;
        let svg = trajectory_svg(&est)?;
        Ok(json!({
            "json": render::estimate_json(&est),
            "text": render::estimate_text(&est),
            "svg": svg,
            "has_site": p.cfg.question.site.is_some(),
            "monte_carlo": p.monte_carlo_samples(),
        }))
    })())
}

fn trajectory_svg(est: &Estimate) -> std::result::Result<String, Failure> {
    let fig = render::trajectory_figure(est);
    let (w, h) = TRAJECTORY_SIZE_PX;
    loftrange::render::plot::trajectories_svg(&fig, w, h).map_err(Failure::other)
}

/// The reach over all launch azimuths from the site: `json` is the CLI's `reach --json`
/// object, `text` its report, `svg` the reach map (the CLI's `reach -o map.svg`).
#[wasm_bindgen]
pub fn reach(inputs_json: &str) -> String {
    reply((|| -> std::result::Result<Value, Failure> {
        let mut p = page_inputs(inputs_json)?;
        p.cfg.sweep_for_reach(REACH_STEP_DEG)?;
        let report = loftrange::reach_report(p.cfg.estimate(0)?)?;
        let map = render::reach_map(&report)?;
        let (w, h) = loftrange::render::plot::REACH_MAP_SIZE_PX;
        let svg = loftrange::render::plot::reach_map_svg(&map.figure(false), w, h).map_err(Failure::other)?;
        let json = serde_json::to_value(render::reach_json(&report)?).map_err(Failure::other)?;
        let gis = loftrange::render::gis::ReachMap::new(&report);
        Ok(json!({
            "json": json,
            "text": render::reach_text(&report, REACH_LIMIT),
            "svg": svg,
            "geojson": loftrange::render::gis::reach_geojson(&gis),
            "kml": loftrange::render::gis::reach_kml(&gis),
            "places_csv": render::places_csv(&report),
        }))
    })())
}

/// Where the page's `±` come from, as the Monte Carlo report says (the command line's
/// says "command line").
const SOURCE: &str = "the page's inputs";

/// The samples of a run so far: the measurement Monte Carlo's outcomes, or (model boost
/// with the generic vehicle, as on the command line) the model Monte Carlo, prepared
/// once, and its samples.
enum Samples {
    Measurements(Vec<Outcome>),
    Model(Box<ModelMonteCarlo>, Vec<ModelSample>),
}

/// A Monte Carlo run in steps, so the page can show progress and keep its input between
/// them. Sample `i` depends on (seed, i) only (the library's `run_samples` and
/// `ModelMonteCarlo::run`), so the result is the same whatever the steps: that of the
/// CLI's `estimate --samples N --seed S`, which with model boost and the generic
/// vehicle also varies the vehicle's assumptions.
#[wasm_bindgen]
pub struct MonteCarloRun {
    cfg: Config,
    settings: MonteCarlo,
    samples: Samples,
}

#[wasm_bindgen]
impl MonteCarloRun {
    /// Validate the inputs (with model boost, also fit the nominal vehicle); throws the
    /// error object (as JSON text) on bad input.
    #[wasm_bindgen(constructor)]
    pub fn new(inputs_json: &str) -> std::result::Result<MonteCarloRun, JsValue> {
        let run = (|| {
            let p = page_inputs(inputs_json)?;
            p.cfg.observation()?;
            p.cfg.sigmas.validate()?;
            let samples = p.monte_carlo_samples().max(1);
            uncertainty::check_samples(&p.cfg.model, samples)?;
            let settings = MonteCarlo { samples, seed: p.seed, shape: Shape::Normal };
            let (q, m) = (&p.cfg.question, &p.cfg.model);
            let samples = if uncertainty::varies_vehicle(q, m) {
                let ranges = uncertainty::assumption_ranges();
                let run = ModelMonteCarlo::new(q, m, &p.cfg.request, &p.cfg.sigmas, settings, &ranges)?;
                Samples::Model(Box::new(run), Vec::with_capacity(samples))
            } else {
                Samples::Measurements(Vec::with_capacity(samples))
            };
            Ok(MonteCarloRun { cfg: p.cfg, settings, samples })
        })();
        run.map_err(|e: Error| JsValue::from_str(&error_json(&Failure::Lib(e)).to_string()))
    }

    /// Samples in the run.
    pub fn total(&self) -> usize {
        self.settings.samples
    }

    /// Samples done.
    pub fn done(&self) -> usize {
        match &self.samples {
            Samples::Measurements(o) => o.len(),
            Samples::Model(_, s) => s.len(),
        }
    }

    /// Run up to `count` more samples; returns the number done.
    pub fn step(&mut self, count: usize) -> usize {
        if self.cfg.observation().is_err() {
            return self.done();
        }
        let start = self.done();
        let range = start..(start + count).min(self.settings.samples);
        let c = &self.cfg;
        match &mut self.samples {
            Samples::Measurements(o) => o.extend(uncertainty::run_samples(
                &c.question,
                &c.model,
                &c.request,
                &c.sigmas,
                self.settings,
                range,
                None,
            )),
            Samples::Model(run, s) => s.extend(run.run(range, None)),
        }
        self.done()
    }

    /// The distribution (`json`: the CLI's `uncertainty` object), the CLI's Monte Carlo
    /// text and the histogram (`svg`, absent when every sample failed).
    pub fn finish(&mut self) -> String {
        reply((|| -> std::result::Result<Value, Failure> {
            self.step(self.settings.samples);
            // Too many failed samples: the reasons instead of a summary, as on the command line.
            let (d, model) = match &self.samples {
                Samples::Measurements(o) => {
                    let d = uncertainty::summarise(self.settings, o);
                    d.check()?;
                    (d, None)
                }
                Samples::Model(run, s) => {
                    let m = run.summarise(s)?;
                    (m.distribution.clone(), Some(m))
                }
            };
            let est = self.cfg.estimate(0)?;
            // The command line's Monte Carlo part, word for word: the samples, the nominal
            // estimate among them and, with the model Monte Carlo, the vehicle's part.
            let nominal = Some(est.standard.range_m());
            let mut text = render::monte_carlo_text(&d, &self.cfg.sigmas, SOURCE, nominal);
            let mut json = render::monte_carlo_json(&d, &self.cfg.sigmas, SOURCE, nominal);
            if let Some(m) = &model {
                text += &render::model_text(m);
                render::model_json(m, &mut json);
            }
            let fig = render::histogram_figure(
                &d,
                est.standard.range_m(),
                est.model.name,
                &render::question_summary(&est.question),
                "normal inputs (+- is 1 sigma)",
            );
            let (w, h) = loftrange::render::plot::DEFAULT_SIZE_PX;
            let svg = if d.succeeded == 0 {
                Value::Null
            } else {
                Value::String(loftrange::render::plot::histogram_svg(&fig, w, h).map_err(Failure::other)?)
            };
            Ok(json!({ "json": json, "text": text, "svg": svg }))
        })())
    }
}

/// The catalog as the picker shows it: id, a label, the form's inputs for the entry
/// (text with units, as a user would type them) including the launch site, test azimuth
/// and model that the command line's `--test ID` uses, and what the entry says of itself
/// (its source, notes, the published standard range and the site's name and sources).
#[wasm_bindgen]
pub fn catalog() -> String {
    let source = |s: &loftrange::catalog::Source| json!({ "publisher": s.publisher, "title": s.title, "url": s.url, "date": s.date });
    let entries: Vec<Value> = loftrange::catalog::entries()
        .iter()
        .map(|e| {
            let mut inputs = Map::new();
            inputs.insert("apogee".into(), format!("{} km", e.apogee_km).into());
            inputs.insert("range".into(), format!("{} km", e.range_km).into());
            if let Some(t) = e.flight_time_s {
                inputs.insert("flight_time".into(), format!("{t} s").into());
            }
            // The site and azimuth --test supplies: the test's geography when it has an azimuth.
            let geo = loftrange::catalog::geography_for(e).filter(|g| g.azimuth_deg.is_some());
            if let Some(g) = geo {
                inputs.insert("site".into(), format!("{}, {}", g.site.lat_deg, g.site.lon_deg).into());
                inputs.insert("test_azimuth".into(), format!("{}", g.azimuth_deg.unwrap_or(0.0)).into());
            }
            // The model the command line picks for --test ID alone.
            let only_test = Inputs { test: Some(e.id.clone()), ..Inputs::default() };
            let model = Config::from_inputs(&only_test, &no_vehicle_files).map(|c| c.model.name().to_string());
            if let Ok(m) = model {
                inputs.insert("model".into(), m.into());
            }
            json!({
                "id": e.id,
                "label": format!("{} {} ({}): {} km apogee, {} km range", e.date, e.missile, e.agency, e.apogee_km, e.range_km),
                "date": e.date,
                "missile": e.missile,
                "country": e.country,
                "agency": e.agency,
                "inputs": inputs,
                "source": source(&e.source),
                "notes": e.notes,
                "published_standard_range_km": e.published_standard_range_km,
                "published_standard_range_source": e.published_standard_range_source.as_ref().map(source),
                "site_name": geo.map(|g| g.site.name.clone()),
                "site_quality": geo.map(|g| g.site.quality.clone()),
                "site_named_by": geo.map(|g| source(&g.site.named_by)),
                "azimuth_derivation": geo.map(|g| g.derivation.clone()),
            })
        })
        .collect();
    Value::Array(entries).to_string()
}

/// The embedded places (launch sites, capitals, large cities), for the site and target
/// search: name (as `site` and `targets` accept it) and country.
#[wasm_bindgen]
pub fn places() -> String {
    let v: Vec<Value> = loftrange::places::all()
        .iter()
        .map(|p| json!({ "name": format!("{}, {}", p.name, p.country), "country": p.country }))
        .collect();
    Value::Array(v).to_string()
}
