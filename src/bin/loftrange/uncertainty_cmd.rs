//! Error bars (Monte Carlo, sensitivity, histogram) on `estimate`, and the `catalog`
//! listing. Both only call the library: `estimate` for the point estimate, its
//! `uncertainty` module (a loop over `loftrange::estimate`) for the samples, and
//! `render` for every word and number printed.

use std::io::IsTerminal;

use loftrange::catalog;
use loftrange::render::{
    catalog_json, catalog_text, model_json, model_text, monte_carlo_json, monte_carlo_text, sensitivity_json,
    sensitivity_text, shape_name,
};
use loftrange::uncertainty::{self, MonteCarlo, Shape, Sigmas};
use serde_json::Value;

use crate::cli::{CatalogArgs, EstimateArgs};
use crate::common::{check_output, write_stdout, Failure};
use crate::config::Config;

/// Samples when an input is uncertain and --samples is not given.
const DEFAULT_SAMPLES: usize = 2000;
/// Show a progress bar from this many samples on (when stderr is a terminal).
const PROGRESS_FROM: usize = 5000;

/// True when `estimate` should add error bars or sensitivity.
pub fn wanted(a: &EstimateArgs, cfg: &Config) -> bool {
    let m = &a.mc;
    !cfg.sigmas.is_zero() || m.samples.is_some() || m.spread || m.sensitivity || m.output.is_some()
}

/// `--test ID --spread`: centre on the mean of the sources of that test and take
/// half their range as the uncertainty, for each input not given on the command line.
fn apply_spread(a: &EstimateArgs, cfg: &mut Config) -> Result<String, Failure> {
    let entry = cfg.test.ok_or_else(|| Failure::Input("spread: needs --test ID".into()))?;
    let same = catalog::same_test(entry);
    let sp = catalog::spread(&same).ok_or_else(|| Failure::Input("spread: the test has no sources".into()))?;
    if sp.n < 2 {
        return Err(Failure::Input(format!(
            "spread: \"{}\" is the only source of the {} {} test in the catalog, so its sources have no spread: \
             give the uncertainties with +- instead (e.g. --apogee 4475+-50km)",
            entry.id, entry.date, entry.missile
        )));
    }
    let loftrange::Asked::Lofted(obs) = &mut cfg.question.asked else {
        return Err(Failure::Input("spread: needs a lofted observation, not --burnout-speed".into()));
    };
    if a.obs.apogee.is_none() {
        obs.apogee_m = sp.apogee_km.0 * 1e3;
        cfg.sigmas.apogee_m = sp.apogee_km.1 * 1e3;
    }
    if a.obs.range.is_none() {
        obs.range_m = sp.range_km.0 * 1e3;
        cfg.sigmas.range_m = sp.range_km.1 * 1e3;
    }
    if let (None, Some((t, s))) = (&a.obs.flight_time, sp.flight_time_s) {
        obs.flight_time_s = Some(t);
        cfg.sigmas.flight_time_s = s;
    }
    let label = catalog::spread_label(&same);
    cfg.question.source = Some(format!("{label} (--spread)"));
    Ok(format!("spread of the {label} (mean, half-range)"))
}

/// `estimate` with error bars.
pub fn run_estimate(a: &EstimateArgs, mut cfg: Config) -> Result<(), Failure> {
    // The most samples the model runs in about 10 minutes: refused before any work.
    if let Some(n) = a.mc.samples {
        uncertainty::check_samples(&cfg.model, n)?;
    }
    if let Some(p) = &a.mc.output {
        check_output(p)?;
    }
    let source = if a.mc.spread { apply_spread(a, &mut cfg)? } else { "command line".to_string() };
    let shape = if a.mc.uniform { Shape::Uniform } else { Shape::Normal };
    // The flight time is a check, not an input of the fit: its +- moves no range.
    let fit_inputs_exact = Sigmas { flight_time_s: 0.0, ..cfg.sigmas }.is_zero();
    if fit_inputs_exact && (a.mc.output.is_some() || a.mc.samples.is_some()) {
        let field = if a.mc.output.is_some() { "output" } else { "samples" };
        return Err(Failure::Input(format!(
            "{field}: nothing to sample: no input that the fit uses has an uncertainty; give one with +- \
             (e.g. --apogee 4475+-50km) or use --test ID --spread"
        )));
    }
    cfg.observation()?;
    let est = cfg.estimate(0)?;
    let samples = match a.mc.samples {
        Some(n) => n,
        None if !cfg.sigmas.is_zero() || a.mc.output.is_some() => DEFAULT_SAMPLES,
        None => 0,
    };
    let seed = a.mc.seed.unwrap_or(uncertainty::DEFAULT_SEED);
    let (q, m, r) = (&cfg.question, &cfg.model, &cfg.request);
    // Model boost with the generic vehicle: the error bars include the vehicle's assumptions.
    let with_model = uncertainty::varies_vehicle(q, m);
    // A vehicle that drops stages: where they fall, from the same flights as the range.
    let drops = est.spent_stages.iter().any(|f| !f.stages.is_empty());
    let mut ellipses = Vec::new();
    let (dist, model) = if samples > 0 {
        let mc = MonteCarlo { samples, seed, shape };
        let progress = Progress::new(samples, with_model || m.is_boost() || samples >= PROGRESS_FROM);
        let tick = || progress.tick();
        let out = if with_model {
            let md = uncertainty::model_monte_carlo(
                q,
                m,
                r,
                &cfg.sigmas,
                mc,
                &uncertainty::assumption_ranges(),
                Some(&tick),
            )?;
            (Some(md.distribution.clone()), Some(md))
        } else if drops {
            let (d, e) = uncertainty::monte_carlo_with_stages(q, m, r, &cfg.sigmas, mc, Some(&tick))?;
            ellipses = e;
            (Some(d), None)
        } else {
            (Some(uncertainty::monte_carlo(q, m, r, &cfg.sigmas, mc, Some(&tick))?), None)
        };
        progress.finish();
        out
    } else {
        (None, None)
    };
    let sens = uncertainty::sensitivity(q, m, r, &cfg.sigmas, shape)?;
    if let (Some(path), Some(d)) = (&a.mc.output, &dist) {
        let inputs = format!(
            "{} inputs ({}){}",
            shape_name(shape),
            source,
            if model.is_some() { " and the generic vehicle's assumptions" } else { "" }
        );
        let fig = loftrange::render::histogram_figure(
            d,
            est.standard.range_m(),
            est.model.name,
            &loftrange::render::question_summary(&est.question),
            &inputs,
        );
        let (w, h) = loftrange::render::plot::DEFAULT_SIZE_PX;
        loftrange::render::plot::draw_histogram(&fig, path, w, h)?;
        crate::common::wrote(path);
    }
    let text = if a.json {
        let mut v = serde_json::to_value(loftrange::render::estimate_json(&est)).expect("serialisable");
        if let Some(d) = &dist {
            v["uncertainty"] = monte_carlo_json(d, &cfg.sigmas, &source, Some(est.standard.range_m()));
            if let Some(m) = &model {
                model_json(m, &mut v["uncertainty"]);
            }
        }
        if !ellipses.is_empty() {
            v["stage_ellipses"] =
                serde_json::to_value(loftrange::render::stage_ellipses_json(&ellipses)).expect("serialisable");
        }
        v["sensitivity"] = Value::Array(sens.iter().map(sensitivity_json).collect());
        crate::common::json_text(&v) + "\n"
    } else {
        let mut t = loftrange::render::estimate_text(&est);
        if let Some(d) = &dist {
            t += &monte_carlo_text(d, &cfg.sigmas, &source, Some(est.standard.range_m()));
            if let Some(m) = &model {
                t += &model_text(m);
            }
        }
        t += &loftrange::render::stage_ellipses_text(&ellipses, samples);
        t += &sensitivity_text(&sens);
        loftrange::render::escape_report(&t).into_owned()
    };
    write_stdout(&text)
}

/// Progress of a Monte Carlo on stderr: a bar on a terminal, otherwise one line per 10 %.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    /// Samples done (None: no lines).
    done: Option<std::sync::Mutex<usize>>,
    total: usize,
}

impl Progress {
    fn new(total: usize, show: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let bar = if show {
            crate::common::progress_bar(Some(total as u64), "{bar:40} {pos}/{len} samples ({eta})")
        } else {
            None
        };
        Progress { bar, done: (show && !terminal).then(|| std::sync::Mutex::new(0)), total }
    }

    /// One sample done (from any thread).
    fn tick(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
        if let Some(done) = &self.done {
            let mut n = done.lock().unwrap_or_else(|e| e.into_inner());
            *n += 1;
            if *n * 10 / self.total > (*n - 1) * 10 / self.total {
                crate::common::to_stderr(&format!(
                    "progress: {}% ({}/{} samples)\n",
                    *n * 10 / self.total * 10,
                    *n,
                    self.total
                ));
            }
        }
    }

    fn finish(self) {
        if let Some(b) = self.bar {
            b.finish_and_clear();
        }
    }
}

/// `loftrange catalog`: every entry with its standard range under each model.
pub fn run_catalog(a: &CatalogArgs) -> Result<(), Failure> {
    let table = match &a.query {
        None => loftrange::catalog::table(),
        Some(q) => {
            crate::config::check_name_length("query", q, "a catalog query")?;
            let found = loftrange::catalog::search(q);
            if found.is_empty() {
                // The same words as --test for a query that names nothing.
                crate::config::find_test(q)?;
            }
            loftrange::catalog::table_of(&found)
        }
    };
    // What the tests with global reach could carry (issue 21): a section of its own.
    let carry = loftrange::payload::catalog_payloads(&table);
    let text = if a.json {
        let mut rows = catalog_json(&table);
        loftrange::render::add_catalog_payload_json(&mut rows, &carry);
        crate::common::json_text(&rows) + "\n"
    } else {
        catalog_text(&table) + &loftrange::render::catalog_payload_text(&carry)
    };
    write_stdout(&text)
}
