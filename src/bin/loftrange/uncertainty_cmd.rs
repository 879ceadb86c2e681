//! Error bars (Monte Carlo, sensitivity, histogram) on `estimate`, and the `catalog`
//! listing. Both only call the one flow: `compute` for the point estimate, the
//! library's `uncertainty` module (a loop over `loftrange::estimate`) for the samples.

use std::io::IsTerminal;

use loftrange::catalog;
use loftrange::model_mc::{self, ModelDistribution};
use loftrange::uncertainty::{self, MonteCarlo, Sensitivity, Shape, Sigmas};
use serde_json::{json, Value};

use crate::cli::{CatalogArgs, EstimateArgs};
use crate::common::{check_output, compute, write_stdout, Failure};
use crate::config::Config;
use crate::output;
use loftrange::fmt::trimmed as trim;
use loftrange::render::{monte_carlo_json, monte_carlo_text, shape_name};

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
    let obs = cfg
        .obs
        .as_mut()
        .ok_or_else(|| Failure::Input("spread: needs a lofted observation, not --burnout-speed".into()))?;
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
    cfg.input_label = Some(format!("{label} (--spread)"));
    Ok(format!("spread of the {label} (mean, half-range)"))
}

/// `estimate` with error bars.
pub fn run_estimate(a: &EstimateArgs, mut cfg: Config) -> Result<(), Failure> {
    // The most samples the model runs in about 10 minutes: refused before any work.
    if let Some(n) = a.mc.samples {
        uncertainty::check_samples(&cfg.opts, n)?;
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
    let (est, targets) = compute(&cfg, 0)?;
    let samples = match a.mc.samples {
        Some(n) => n,
        None if !cfg.sigmas.is_zero() || a.mc.output.is_some() => DEFAULT_SAMPLES,
        None => 0,
    };
    let seed = a.mc.seed.unwrap_or(uncertainty::DEFAULT_SEED);
    // Model boost with the generic vehicle: the error bars include the vehicle's assumptions.
    let with_model = cfg.opts.model.is_boost() && cfg.opts.vehicle.is_none();
    let (dist, model) = if samples > 0 {
        let mc = MonteCarlo { samples, seed, shape };
        let progress = Progress::new(samples, with_model || cfg.opts.model.is_boost() || samples >= PROGRESS_FROM);
        let tick = || progress.tick();
        let out = if with_model {
            let m = model_mc::monte_carlo(
                cfg.observation()?,
                &cfg.opts,
                &cfg.sigmas,
                mc,
                &model_mc::assumption_ranges(),
                Some(&tick),
            )?;
            (Some(m.distribution.clone()), Some(m))
        } else {
            (Some(uncertainty::monte_carlo(cfg.observation()?, &cfg.opts, &cfg.sigmas, mc, Some(&tick))?), None)
        };
        progress.finish();
        out
    } else {
        (None, None)
    };
    let sens = uncertainty::sensitivity(cfg.observation()?, &cfg.opts, &cfg.sigmas, shape)?;
    if let (Some(path), Some(d)) = (&a.mc.output, &dist) {
        let inputs = format!(
            "{} inputs ({}){}",
            shape_name(shape),
            source,
            if model.is_some() { " and the generic vehicle's assumptions" } else { "" }
        );
        let fig = loftrange::render::histogram_figure(d, est.standard.range_m, est.model.name, &cfg.summary(), &inputs);
        let (w, h) = loftrange::plot::DEFAULT_SIZE_PX;
        loftrange::plot::draw_histogram(&fig, path, w, h).map_err(|e| Failure::Input(e.to_string()))?;
        crate::common::wrote(path);
    }
    let text = if a.json {
        let mut v = serde_json::to_value(output::to_json(&cfg, &est, &targets)).expect("serialisable");
        if let Some(d) = &dist {
            v["uncertainty"] = monte_carlo_json(d, &cfg.sigmas, &source, Some(est.standard.range_m));
            v["uncertainty"]["varied"] =
                json!(if model.is_some() { "measurements and vehicle assumptions" } else { "measurements" });
            if let Some(m) = &model {
                model_json(m, &mut v["uncertainty"]);
            }
        }
        v["sensitivity"] = Value::Array(sens.iter().map(sensitivity_json).collect());
        serde_json::to_string_pretty(&v).expect("serialisable") + "\n"
    } else {
        let mut t = output::to_text(&cfg, &est, &targets);
        if let Some(d) = &dist {
            t += &monte_carlo_text(d, &cfg.sigmas, &source, Some(est.standard.range_m));
            if let Some(m) = &model {
                t += &model_text(m);
            }
        }
        t += &sensitivity_text(&sens);
        loftrange::fmt::escape_report(&t).into_owned()
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

/// The vehicle part of the model Monte Carlo: what was varied, and the variance split.
fn model_text(m: &ModelDistribution) -> String {
    let mut t =
        String::from("  vehicle assumptions varied (uniform between the bounds; every sample refitted to the test):\n");
    for r in &m.assumptions {
        // Altitudes in km at the edge; other values in the unit their name ends with.
        let (f, unit) = if r.parameter.ends_with("_m_s") {
            (1.0, " m/s")
        } else if r.parameter.ends_with("_m") {
            (1e-3, " km")
        } else if r.parameter.ends_with("_s") {
            (1.0, " s")
        } else {
            (1.0, "")
        };
        let range = format!("{} to {}{unit}", trim(r.low * f), trim(r.high * f));
        t += &format!("    {:<24} {:<18} (default {}{unit}): {}\n", r.parameter, range, trim(r.nominal * f), r.reason);
    }
    match &m.variance {
        Some(v) => {
            t += &format!(
                "  variance of the standard range (linear regression over {} bounded samples): measurements {:.1}%, vehicle assumptions {:.1}%, covariance of the two {:.1}% (a sampling effect: they are drawn independently), not linear {:.1}%\n",
                v.samples,
                100.0 * v.measurements,
                100.0 * v.vehicle,
                100.0 * v.between,
                100.0 * v.remainder
            );
            let mut by = v.inputs.clone();
            by.sort_by(|a, b| b.share.total_cmp(&a.share));
            let parts: Vec<String> = by.iter().map(|i| format!("{} {:.1}%", i.input, 100.0 * i.share)).collect();
            t += &format!("    by input: {}\n", parts.join(", "));
        }
        None => t += "  variance split: too few bounded samples\n",
    }
    t
}

/// The vehicle part of the model Monte Carlo in the `uncertainty` JSON object.
fn model_json(m: &ModelDistribution, u: &mut Value) {
    u["vehicle_assumptions"] = Value::Array(
        m.assumptions
            .iter()
            .map(|r| json!({ "parameter": r.parameter, "low": r.low, "high": r.high, "default": r.nominal, "distribution": "uniform", "reason": r.reason }))
            .collect(),
    );
    u["variance_split"] = match &m.variance {
        Some(v) => json!({
            "method": "linear regression of the standard range on the sampled inputs (bounded samples)",
            "samples": v.samples,
            "std_dev_km": v.variance_m2.sqrt() / 1e3,
            "measurements": v.measurements,
            "vehicle_assumptions": v.vehicle,
            "between_groups": v.between,
            "not_linear": v.remainder,
            "inputs": v.inputs.iter().map(|i| json!({
                "input": i.input,
                "group": match i.group { model_mc::Group::Measurement => "measurement", model_mc::Group::Vehicle => "vehicle" },
                "share": i.share,
                "slope_m_per_si_unit": i.slope,
            })).collect::<Vec<_>>(),
        }),
        None => Value::Null,
    };
}

/// The input's unit at the edge and the factor from SI: (unit, value per SI unit).
fn edge_unit(input: &str) -> (&'static str, f64) {
    match input {
        "flight time" => ("s", 1.0),
        "test azimuth" | "site latitude" | "site longitude" => ("deg", 1f64.to_degrees()),
        _ => ("km", 1e-3),
    }
}

fn sensitivity_json(r: &Sensitivity) -> Value {
    let (unit, f) = edge_unit(&r.input);
    json!({
        "input": r.input,
        "unit": unit,
        // km of standard range per unit of the input: dR[m]/dx[SI] · (1 km / 1000 m) / (unit per SI).
        "d_range_km_per_unit": r.derivative.map(|d| d / 1e3 / f),
        "sigma": r.std_dev * f,
        "variance_share": r.variance_share,
        "note": r.note,
    })
}

fn sensitivity_text(rows: &[Sensitivity]) -> String {
    let mut t = String::from("\nSensitivity of the standard range (central differences on the one flow; share of the linearised variance):\n");
    t += &format!("  {:<18} {:>18} {:>12} {:>8}\n", "input", "dR/dx", "sigma", "share");
    for r in rows {
        let (unit, f) = edge_unit(&r.input);
        let d = r.derivative.map(|d| format!("{:.4} km/{unit}", d / 1e3 / f)).unwrap_or_else(|| "n/a".into());
        let share = r.variance_share.map(|s| format!("{:.1}%", 100.0 * s)).unwrap_or_else(|| "-".into());
        let sigma = format!("{} {unit}", trim(r.std_dev * f));
        t += &format!("  {:<18} {:>18} {:>12} {:>8}", r.input, d, sigma, share);
        if let Some(n) = &r.note {
            t += &format!("  ({n})");
        }
        t += "\n";
    }
    t
}

/// A cell as JSON and as text ("global" for global reach, "n/a", "error").
fn cell(r: &catalog::RangeCell) -> (Value, String) {
    match r {
        catalog::RangeCell::Bounded { range_m } => (json!(range_m / 1e3), output::grouped(range_m / 1e3)),
        catalog::RangeCell::Global => (json!("global reach"), "global".into()),
        catalog::RangeCell::NotApplicable(why) => (json!(why), "n/a".into()),
        catalog::RangeCell::Error(e) => (json!({ "error": e }), "error".into()),
    }
}

fn source_json(s: &catalog::Source) -> Value {
    json!({ "publisher": s.publisher, "title": s.title, "url": s.url, "date": s.date })
}

fn geography_json(g: &catalog::TestGeography) -> Value {
    json!({
        "site_name": g.site.name,
        "site": [g.site.lat_deg, g.site.lon_deg],
        "site_named_by": source_json(&g.site.named_by),
        "site_position": g.site.position.as_ref().map(source_json),
        "site_quality": g.site.quality,
        "impact": g.impact.as_ref().map(|i| [i.lat_deg, i.lon_deg]),
        "impact_reports": g.impact.as_ref().map(|i| i.fixes.iter().map(|f| json!({
            "from": f.from.name,
            "from_lat_lon_deg": [f.from.lat_deg, f.from.lon_deg],
            "from_source": f.from.source.url,
            "distance_km": f.distance_km,
            "bearing_deg": f.bearing_deg,
            "quote": f.quote,
            "source": source_json(&f.source),
        })).collect::<Vec<_>>()),
        "test_azimuth_deg": g.azimuth_deg,
        "derivation": g.derivation,
        "not_published": g.not_published,
        "notes": g.notes,
    })
}

/// `loftrange catalog`: every entry with its standard range under each model.
pub fn run_catalog(a: &CatalogArgs) -> Result<(), Failure> {
    let table = catalog::table();
    let text = if a.json {
        let rows: Vec<Value> = table
            .iter()
            .map(|row| {
                let e = row.entry;
                let c = |r: &catalog::RangeCell| cell(r).0;
                json!({
                    "id": e.id,
                    "date": e.date,
                    "missile": e.missile,
                    "agency": e.agency,
                    "apogee_km": e.apogee_km,
                    "range_km": e.range_km,
                    "flight_time_s": e.flight_time_s,
                    "site": e.launch_lat_deg.zip(e.launch_lon_deg).map(|(a, b)| [a, b]),
                    "test_azimuth_deg": e.azimuth_deg,
                    "standard_range_km": {
                        "kepler": c(&row.kepler),
                        "sphere": c(&row.sphere),
                        "rotating": c(&row.rotating),
                        "rotating_max_over_azimuths": c(&row.rotating_max),
                        "earth": c(&row.earth),
                        "boost": c(&row.boost),
                    },
                    "published_standard_range_km": e.published_standard_range_km,
                    "published_standard_range": e.published_standard_range_km.zip(e.published_standard_range_source.as_ref())
                        .map(|(km, s)| json!({ "km": km, "publisher": s.publisher, "url": s.url, "note": "as published; often a lower bound, see the entry's notes" })),
                    "geography": row.geography.map(geography_json),
                    "source": e.source.url,
                })
            })
            .collect();
        serde_json::to_string_pretty(&Value::Array(rows)).expect("serialisable") + "\n"
    } else {
        catalog_text(&table)
    };
    write_stdout(&text)
}

/// The catalog as a table of about 110 columns, with footnotes for the publishers of
/// the published figures and a block of sites and test azimuths.
fn catalog_text(table: &[catalog::CatalogRow]) -> String {
    use std::fmt::Write;
    let w = table.iter().map(|r| r.entry.id.len()).max().unwrap_or(2).max(2);
    let mut publishers: Vec<(String, String)> = Vec::new(); // (publisher, url), in order of first use
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{:<w$} {:>6} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>10}",
        "id", "apogee", "range", "time", "az", "kepler", "rot", "rot-max", "earth", "boost", "published"
    );
    let _ = writeln!(
        t,
        "{:<w$} {:>6} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>10}",
        "", "km", "km", "s", "deg", "km", "km", "km", "km", "km", "km"
    );
    for row in table {
        let e = row.entry;
        let published = match (e.published_standard_range_km, &e.published_standard_range_source) {
            (Some(km), Some(s)) => {
                let key = (s.publisher.clone(), s.url.clone());
                let i = publishers.iter().position(|p| *p == key).unwrap_or_else(|| {
                    publishers.push(key);
                    publishers.len() - 1
                });
                format!("{} [{}]", output::grouped(km), i + 1)
            }
            _ => "-".into(),
        };
        let _ = writeln!(
            t,
            "{:<w$} {:>6} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>10}",
            e.id,
            output::grouped(e.apogee_km),
            output::grouped(e.range_km),
            e.flight_time_s.map(|t| format!("{t:.0}")).unwrap_or_else(|| "-".into()),
            e.azimuth_deg.map(|a| format!("{a:.1}")).unwrap_or_else(|| "-".into()),
            cell(&row.kepler).1,
            cell(&row.rotating).1,
            cell(&row.rotating_max).1,
            cell(&row.earth).1,
            cell(&row.boost).1,
            published,
        );
    }
    t += "\nStandard (minimum-energy) range from each source's figures, burnout at the surface. kepler: two-body;\n";
    t += "rot: rotating Earth from the test's site toward its test azimuth (az); rot-max: the same, longest over all\n";
    t += "azimuths; earth: WGS 84 with J2 toward az; boost: generic vehicle fitted to the test, rotating Earth, toward az.\n";
    t += "global: global reach toward the test's direction (kepler: every direction). n/a: no test azimuth (impact not published).\n";
    t += "boost holds its standard trajectory to burn out at 150 km or higher (the impulsive models burn out at the surface\n";
    t += "and may fly any flight-path angle): where that floor sets the kick, boost can be below kepler (a short-range\n";
    t += "vehicle whose longest flight burns out lower: Pukguksong-3) and bounded where the others are global (Hwasong-17:\n";
    t += "with the floor at 120 km it is global); estimate --test ID --model boost says when the floor sets it.\n";
    t += "Published: a standard range someone published for the test (often a lower bound: see the entry's notes):\n";
    for (i, (publisher, _url)) in publishers.iter().enumerate() {
        let _ = writeln!(t, "  [{}] {publisher}", i + 1);
    }
    t += "  (the pages' addresses are in catalog --json: published_standard_range.url)\n";
    t += "\nSites and test azimuths (data/catalog_geography.json; sources and derivations in catalog --json):\n";
    for g in catalog::geography() {
        let az = g.azimuth_deg.map(|a| format!("az {a:5.1}")).unwrap_or_else(|| "az   n/a".into());
        let _ = writeln!(
            t,
            "  {} {:<12} {:>8.4} N {:>9.4} E  {az}  {}{}",
            g.date,
            g.missile,
            g.site.lat_deg,
            g.site.lon_deg,
            catalog::site_short_name(g),
            if g.impact.is_none() { " (impact point not published)" } else { "" }
        );
    }
    t += "Use an id with: loftrange estimate --test ID [--model rotating|earth|boost] [--spread]\n";
    t
}
