//! loftrange for Python: the native half of the `loftrange` package (`loftrange._native`).
//!
//! No physics and no unit parsing here. The inputs are the command line's flag values as
//! text (`loftrange::config::Inputs`; a plain number becomes the number with the flag's
//! default unit: km, s, km/s, degrees), validated by the library's `Config::from_inputs`;
//! the results are the library's own renderers' output (`render::estimate_json` is the
//! command line's `--json`, `render::gis::reach_geojson` its `reach -o map.geojson`).
//!
//! Every computation runs with the GIL released (`Python::detach`) and inside
//! `catch_unwind`: bad input raises `ValueError` with the command line's one-line
//! message, no solution raises `loftrange.NoSolution`, and a panic (a bug) raises
//! `RuntimeError` instead of crossing into Python.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use loftrange::config::{self, Config, Inputs};
use loftrange::render;
use loftrange::trajectory::Trajectory;
use loftrange::uncertainty::{self, ModelDistribution, MonteCarlo, Outcome, Shape};
use loftrange::{Distribution, Error, Estimate, ReachReport, Request};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString};
use rayon::prelude::*;

create_exception!(
    loftrange,
    NoSolution,
    PyException,
    "No solution: the solvers found no flight for the question (the command line's exit code 1)."
);

/// Where the Monte Carlo's ± came from, as its report says (the command line's says
/// "command line", the web page's "the page's inputs").
const SOURCE: &str = "the call's arguments";

/// Monte Carlo samples when none are asked for (the command line's default).
const DEFAULT_SAMPLES: usize = 2000;

/// Why a computation failed: the library's error, or a panic (a bug, never bad input).
enum Failure {
    Lib(Error),
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        match f {
            Failure::Lib(e) => lib_error(&e),
            Failure::Panic(m) => PyRuntimeError::new_err(format!(
                "internal error (a bug in loftrange, not in the input; please report it): {}",
                render::one_line(m)
            )),
        }
    }
}

/// The library's error as the Python exception: the command line's one-line message.
fn lib_error(e: &Error) -> PyErr {
    let m = render::one_line(e.to_string());
    if e.is_input_error() {
        PyValueError::new_err(m)
    } else {
        NoSolution::new_err(m)
    }
}

fn panic_text(p: Box<dyn Any + Send>) -> String {
    match p.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => p.downcast_ref::<&str>().map_or_else(|| "a panic".to_string(), |s| s.to_string()),
    }
}

/// Run `f`, turning a panic into a [`Failure`].
fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(Failure::Panic(panic_text(p))))
}

/// Run `f` with the GIL released and panics caught.
fn compute<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Failure> + Send) -> PyResult<T> {
    py.detach(|| guarded(f)).map_err(PyErr::from)
}

/// A number as the command line's text: the shortest decimal that reads back as the
/// same double, with the field's default unit.
fn number_text(field: &'static str, x: f64, unit: &str) -> Result<String, Error> {
    if !x.is_finite() {
        let accepted =
            if unit.is_empty() { "a finite number".to_string() } else { format!("a finite number ({unit})") };
        return Err(Error::invalid(field, format!("{x}"), accepted));
    }
    Ok(format!("{x}{unit}"))
}

/// One input: text as the command line takes it ("4475 km"), or a plain number in the
/// field's default unit (`unit`: "km", "s", "km/s", "" for degrees and plain numbers;
/// `None`: text only).
fn text_of(v: &Bound<'_, PyAny>, field: &'static str, unit: Option<&str>) -> PyResult<String> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    let what = match unit {
        Some("") => "text or a number".to_string(),
        Some(u) => format!("text with a unit or a number in {u}"),
        None => "text".to_string(),
    };
    let refuse = |v: &Bound<'_, PyAny>| {
        let shown = v.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".into());
        lib_error(&Error::invalid(field, shown, what.clone()))
    };
    match unit {
        Some(u) if !v.is_instance_of::<PyBool>() => match v.extract::<f64>() {
            Ok(x) => number_text(field, x, u).map_err(|e| lib_error(&e)),
            Err(_) => Err(refuse(v)),
        },
        _ => Err(refuse(v)),
    }
}

/// A place: a name, "LAT,LON", or a (lat, lon) pair of numbers in degrees.
fn place_of(v: &Bound<'_, PyAny>, field: &'static str) -> PyResult<String> {
    if v.cast::<PyString>().is_ok() {
        return text_of(v, field, None);
    }
    if let Ok((lat, lon)) = v.extract::<(f64, f64)>() {
        let t = |x| number_text(field, x, "").map_err(|e| lib_error(&e));
        return Ok(format!("{},{}", t(lat)?, t(lon)?));
    }
    let shown = v.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".into());
    Err(lib_error(&Error::invalid(field, shown, "a place name, \"LAT,LON\" or a (lat, lon) pair in degrees")))
}

/// A list input (`azimuths`, `targets`): a list or tuple, or one value.
fn list_of(
    v: &Bound<'_, PyAny>,
    one: impl Fn(&Bound<'_, PyAny>) -> PyResult<String>,
    pair_is_one: bool,
) -> PyResult<Vec<String>> {
    if v.cast::<PyString>().is_ok() || (pair_is_one && v.extract::<(f64, f64)>().is_ok()) {
        return Ok(vec![one(v)?]);
    }
    match v.try_iter() {
        Ok(items) => items.map(|item| one(&item?)).collect(),
        Err(_) => Ok(vec![one(v)?]),
    }
}

/// The default unit of a field that takes a number, or `None` for text-only fields.
fn unit_of(key: &str) -> Option<Option<&'static str>> {
    Some(match key {
        "apogee" | "range" | "burnout_altitude" => Some("km"),
        "flight_time" => Some("s"),
        "burnout_speed" => Some("km/s"),
        "test_azimuth" | "beta" | "payload" => Some(""),
        "model" | "test" | "vehicle" | "extra_payload" => None,
        _ => return None,
    })
}

/// The field's name in messages (the command line's flag without dashes).
fn field_name(key: &str) -> &'static str {
    match key {
        "apogee" => "apogee",
        "range" => "range",
        "burnout_altitude" => "burnout altitude",
        "flight_time" => "flight time",
        "burnout_speed" => "burnout speed",
        "test_azimuth" => "test azimuth",
        "beta" => "beta",
        "payload" => "payload",
        "model" => "model",
        "test" => "test",
        "vehicle" => "vehicle",
        "extra_payload" => "extra payload",
        "site" => "site",
        "azimuths" => "azimuth",
        "targets" => "target",
        _ => "input",
    }
}

/// Set one scalar field of `a` from its text.
fn set_text(a: &mut Inputs, key: &str, t: String) {
    let slot = match key {
        "apogee" => &mut a.apogee,
        "range" => &mut a.range,
        "burnout_altitude" => &mut a.burnout_altitude,
        "flight_time" => &mut a.flight_time,
        "burnout_speed" => &mut a.burnout_speed,
        "test_azimuth" => &mut a.test_azimuth,
        "beta" => &mut a.beta,
        "payload" => &mut a.payload,
        "model" => &mut a.model,
        "test" => &mut a.test,
        "vehicle" => &mut a.vehicle,
        "extra_payload" => &mut a.extra_payload,
        "site" => &mut a.site,
        _ => return,
    };
    *slot = Some(t);
}

/// The keyword arguments (None already dropped) as the library's text inputs.
fn read_inputs(d: &Bound<'_, PyDict>) -> PyResult<Inputs> {
    let mut a = Inputs::default();
    for (k, v) in d.iter() {
        let key: String = k.extract()?;
        match key.as_str() {
            "site" => a.site = Some(place_of(&v, "site")?),
            "targets" => a.targets = list_of(&v, |x| place_of(x, "target"), true)?,
            "azimuths" => a.azimuths = list_of(&v, |x| text_of(x, "azimuth", Some("")), false)?,
            other => match unit_of(other) {
                Some(unit) => set_text(&mut a, other, text_of(&v, field_name(other), unit)?),
                None => return Err(PyTypeError::new_err(format!("unexpected keyword argument '{other}'"))),
            },
        }
    }
    Ok(a)
}

fn bytes_f64<'py>(py: Python<'py>, xs: impl Iterator<Item = f64>) -> Bound<'py, PyBytes> {
    let v: Vec<u8> = xs.flat_map(f64::to_ne_bytes).collect();
    PyBytes::new(py, &v)
}

/// The estimate of one question, with its trajectories sampled.
#[pyclass(frozen, module = "loftrange._native")]
struct NativeEstimate {
    est: Estimate,
}

#[pymethods]
impl NativeEstimate {
    /// The command line's `estimate --json` object, as compact JSON text.
    fn json(&self) -> String {
        serde_json::to_string(&render::estimate_json(&self.est)).unwrap_or_default()
    }

    /// The command line's text report.
    fn text(&self) -> String {
        render::estimate_text(&self.est)
    }

    /// The trajectory figure as SVG (the command line's `plot -o FILE.svg`).
    fn svg(&self) -> PyResult<String> {
        let fig = render::trajectory_figure(&self.est);
        let (w, h) = render::plot::DEFAULT_SIZE_PX;
        render::plot::trajectories_svg(&fig, w, h).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// The sampled trajectory `which` ("lofted" or "standard") as five arrays of native
    /// doubles (time s, latitude deg, longitude deg, altitude km, ground distance km), or
    /// None when there is none.
    fn trajectory<'py>(&self, py: Python<'py>, which: &str) -> PyResult<Option<Vec<Bound<'py, PyBytes>>>> {
        let t: Option<&Trajectory> = match which {
            "lofted" => self.est.lofted.as_ref(),
            "standard" => self.est.standard.trajectory(),
            _ => return Err(PyValueError::new_err(format!("trajectory: \"{which}\": lofted or standard"))),
        };
        Ok(t.filter(|t| !t.points.is_empty()).map(|t| {
            let p = &t.points;
            vec![
                bytes_f64(py, p.iter().map(|p| p.time_s)),
                bytes_f64(py, p.iter().map(|p| p.lat_rad.to_degrees())),
                bytes_f64(py, p.iter().map(|p| p.lon_rad.to_degrees())),
                bytes_f64(py, p.iter().map(|p| p.altitude_m / 1e3)),
                bytes_f64(py, p.iter().map(|p| p.ground_distance_m / 1e3)),
            ]
        }))
    }
}

/// `estimate(inputs, samples)`: the estimate of the question, its trajectories sampled
/// with `samples` points each (0: none).
#[pyfunction]
fn estimate(py: Python<'_>, inputs: &Bound<'_, PyDict>, samples: usize) -> PyResult<NativeEstimate> {
    let a = read_inputs(inputs)?;
    let est = compute(py, || {
        config::refuse_uncertainty(&a, "estimate", "loftrange.monte_carlo")?;
        let cfg = Config::from_inputs(&a, &config::load_vehicle)?;
        Ok(cfg.estimate(samples)?)
    })?;
    Ok(NativeEstimate { est })
}

/// Seconds per call of `loftrange::estimate` for the question, over `n` calls in a
/// Rust loop (the inputs validated once): what a call costs without Python, for
/// python/bench.py only.
#[pyfunction]
fn rust_loop_seconds(py: Python<'_>, inputs: &Bound<'_, PyDict>, samples: usize, n: usize) -> PyResult<f64> {
    let a = read_inputs(inputs)?;
    compute(py, || {
        let cfg = Config::from_inputs(&a, &config::load_vehicle)?;
        let r = Request { samples, ..cfg.request.clone() };
        let start = std::time::Instant::now();
        for _ in 0..n.max(1) {
            std::hint::black_box(loftrange::estimate(&cfg.question, &cfg.model, &r)?);
        }
        Ok(start.elapsed().as_secs_f64() / n.max(1) as f64)
    })
}

/// One column of `estimate_many`: numbers (native doubles) or text, one per row.
enum Column {
    Numbers(Vec<f64>),
    Texts(Vec<String>),
}

/// The numbers of one row of `estimate_many` (the keys of `--json`).
const MANY_OUTPUTS: [&str; 8] = [
    "standard_range_km",
    "standard_apogee_km",
    "standard_flight_time_s",
    "standard_flight_path_angle_deg",
    "standard_azimuth_deg",
    "burnout_speed_km_s",
    "burnout_flight_path_angle_deg",
    "burnout_altitude_km",
];

fn many_row(shared: &Inputs, columns: &[(String, Column)], i: usize) -> Result<([f64; 8], bool), Failure> {
    let mut a = shared.clone();
    for (key, col) in columns {
        match col {
            Column::Texts(t) => set_text(&mut a, key, t[i].clone()),
            // A missing flight time (NaN, pandas' missing value) is no flight time.
            Column::Numbers(x) if key == "flight_time" && x[i].is_nan() => a.flight_time = None,
            Column::Numbers(x) => {
                let unit = unit_of(key).flatten().unwrap_or("");
                set_text(&mut a, key, number_text(field_name(key), x[i], unit)?);
            }
        }
    }
    config::refuse_uncertainty(&a, "estimate_many", "loftrange.monte_carlo")?;
    let est = Config::from_inputs(&a, &config::load_vehicle)?.estimate(0)?;
    let j = render::estimate_json(&est);
    let nan = |v: Option<f64>| v.unwrap_or(f64::NAN);
    Ok((
        [
            nan(j.standard.range_km),
            nan(j.standard.apogee_km),
            nan(j.standard.flight_time_s),
            nan(j.standard.flight_path_angle_deg),
            nan(j.standard.azimuth_deg),
            j.burnout.speed_km_s,
            nan(j.burnout.flight_path_angle_deg),
            j.burnout.altitude_km,
        ],
        j.standard.global_reach,
    ))
}

/// `estimate_many(columns, shared, n)`: one estimate per row, in parallel with the GIL
/// released. `columns` maps an input to `n` native doubles (bytes) or `n` texts;
/// `shared` holds the inputs of every row. Returns the output columns as native doubles
/// (bytes), `global_reach` as bytes of 0/1, and `error` as a list of messages or None.
#[pyfunction]
fn estimate_many<'py>(
    py: Python<'py>,
    columns: &Bound<'py, PyDict>,
    shared: &Bound<'py, PyDict>,
    n: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let shared = read_inputs(shared)?;
    let mut cols = Vec::new();
    for (k, v) in columns.iter() {
        let key: String = k.extract()?;
        if unit_of(&key).is_none() && key != "site" {
            return Err(PyTypeError::new_err(format!("estimate_many: '{key}' is not a column input")));
        }
        let col = if let Ok(b) = v.cast::<PyBytes>() {
            let raw = b.as_bytes();
            if raw.len() != n * 8 {
                return Err(PyValueError::new_err(format!("{key}: {} values for {n} rows", raw.len() / 8)));
            }
            Column::Numbers(raw.chunks_exact(8).map(|c| f64::from_ne_bytes(c.try_into().unwrap_or([0; 8]))).collect())
        } else {
            let texts: Vec<String> = v.extract()?;
            if texts.len() != n {
                return Err(PyValueError::new_err(format!("{key}: {} values for {n} rows", texts.len())));
            }
            Column::Texts(texts)
        };
        cols.push((key, col));
    }
    let rows: Vec<Result<([f64; 8], bool), String>> = py.detach(|| {
        (0..n)
            .into_par_iter()
            .map(|i| {
                guarded(|| many_row(&shared, &cols, i)).map_err(|f| match f {
                    Failure::Lib(e) => render::one_line(e.to_string()),
                    Failure::Panic(m) => format!("internal error (a bug in loftrange): {}", render::one_line(m)),
                })
            })
            .collect()
    });
    let out = PyDict::new(py);
    for (k, name) in MANY_OUTPUTS.iter().enumerate() {
        let xs = rows.iter().map(|r| r.as_ref().map_or(f64::NAN, |(v, _)| v[k]));
        out.set_item(*name, bytes_f64(py, xs))?;
    }
    let global: Vec<u8> = rows.iter().map(|r| u8::from(r.as_ref().is_ok_and(|(_, g)| *g))).collect();
    out.set_item("global_reach", PyBytes::new(py, &global))?;
    let errors = PyList::empty(py);
    for r in &rows {
        match r {
            Ok(_) => errors.append(py.None())?,
            Err(m) => errors.append(m)?,
        }
    }
    out.set_item("error", errors)?;
    Ok(out)
}

/// The reach over all launch azimuths from the site.
#[pyclass(frozen, module = "loftrange._native")]
struct NativeReach {
    report: ReachReport,
}

#[pymethods]
impl NativeReach {
    /// The command line's `reach --json` object, as compact JSON text.
    fn json(&self) -> PyResult<String> {
        let j = render::reach_json(&self.report).map_err(|e| lib_error(&e))?;
        serde_json::to_string(&j).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// The reach map as GeoJSON text (the command line's `reach -o map.geojson`).
    fn geojson(&self) -> String {
        render::gis::reach_geojson(&render::gis::ReachMap::new(&self.report))
    }

    /// The reach map as KML text (the command line's `reach -o map.kml`).
    fn kml(&self) -> String {
        render::gis::reach_kml(&render::gis::ReachMap::new(&self.report))
    }

    /// The command line's text report, with at most `limit` places a list.
    fn text(&self, limit: usize) -> String {
        render::reach_text(&self.report, limit)
    }

    /// The reach map as SVG (the command line's `reach -o map.svg`; `world`: the whole world).
    fn svg(&self, world: bool) -> PyResult<String> {
        let map = render::reach_map(&self.report).map_err(|e| lib_error(&e))?;
        let (w, h) = render::plot::REACH_MAP_SIZE_PX;
        render::plot::reach_map_svg(&map.figure(world), w, h).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }
}

/// `reach(inputs, step)`: the reach sweep every `step` degrees of launch azimuth.
#[pyfunction]
fn reach(py: Python<'_>, inputs: &Bound<'_, PyDict>, step: &Bound<'_, PyAny>) -> PyResult<NativeReach> {
    let a = read_inputs(inputs)?;
    let step = text_of(step, "step", Some(""))?;
    let report = compute(py, || {
        config::refuse_uncertainty(&a, "reach", "loftrange.monte_carlo")?;
        let mut cfg = Config::from_inputs(&a, &config::load_vehicle)?;
        let step_deg = config::parse_degrees("step", &step)?;
        cfg.sweep_for_reach(step_deg)?;
        Ok(loftrange::reach_report(cfg.estimate(0)?)?)
    })?;
    Ok(NativeReach { report })
}

/// A Monte Carlo over the inputs' ±, with the nominal estimate and the sensitivity
/// table: the command line's `estimate --json --samples N --seed S`.
#[pyclass(frozen, module = "loftrange._native")]
struct NativeMonteCarlo {
    json: String,
    /// Standard range of each sample, km (NaN: failed; inf: global reach).
    range_km: Vec<f64>,
    /// Burnout speed of each sample, km/s (NaN: failed).
    speed_km_s: Vec<f64>,
    errors: Vec<Option<String>>,
    distribution: Distribution,
    nominal_range_m: Option<f64>,
    model_name: String,
    question: String,
    inputs: String,
}

#[pymethods]
impl NativeMonteCarlo {
    /// The command line's `estimate --json` object with its `uncertainty` and `sensitivity`.
    fn json(&self) -> String {
        self.json.clone()
    }

    /// Per sample: standard range km, burnout speed km/s (native doubles) and the failure
    /// reason or None.
    fn samples<'py>(&self, py: Python<'py>) -> (Bound<'py, PyBytes>, Bound<'py, PyBytes>, Vec<Option<String>>) {
        (
            bytes_f64(py, self.range_km.iter().copied()),
            bytes_f64(py, self.speed_km_s.iter().copied()),
            self.errors.clone(),
        )
    }

    /// The histogram of the standard ranges as SVG (the command line's `estimate -o FILE.svg`).
    fn svg(&self) -> PyResult<String> {
        if self.distribution.succeeded == 0 {
            return Err(NoSolution::new_err("no sample succeeded: no histogram"));
        }
        let fig = render::histogram_figure(
            &self.distribution,
            self.nominal_range_m,
            &self.model_name,
            &self.question,
            &self.inputs,
        );
        let (w, h) = render::plot::DEFAULT_SIZE_PX;
        render::plot::histogram_svg(&fig, w, h).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }
}

fn outcome_numbers(o: &Outcome) -> (f64, f64, Option<String>) {
    match o {
        Outcome::Ok { range_m, speed_m_s } => (range_m.map_or(f64::INFINITY, |r| r / 1e3), speed_m_s / 1e3, None),
        Outcome::Failed(why) => (f64::NAN, f64::NAN, Some(why.clone())),
    }
}

/// `monte_carlo(inputs, samples, seed, uniform)`: as the command line's `estimate` with
/// error bars (src/bin/loftrange/uncertainty_cmd.rs), without `--spread` and the file output.
#[pyfunction]
#[pyo3(signature = (inputs, samples=None, seed=None, uniform=false))]
fn monte_carlo(
    py: Python<'_>,
    inputs: &Bound<'_, PyDict>,
    samples: Option<usize>,
    seed: Option<u64>,
    uniform: bool,
) -> PyResult<NativeMonteCarlo> {
    let a = read_inputs(inputs)?;
    compute(py, || {
        let cfg = Config::from_inputs(&a, &config::load_vehicle)?;
        if let Some(n) = samples {
            uncertainty::check_samples(&cfg.model, n)?;
        }
        let shape = if uniform { Shape::Uniform } else { Shape::Normal };
        // The flight time is a check, not an input of the fit: its +- moves no range.
        let fit_inputs_exact = loftrange::Sigmas { flight_time_s: 0.0, ..cfg.sigmas }.is_zero();
        if fit_inputs_exact {
            return Err(Error::invalid(
                "samples",
                "nothing to sample",
                "an input that the fit uses with an uncertainty: give one with +- (e.g. apogee=\"4475+-50km\")",
            )
            .into());
        }
        cfg.observation()?;
        let est = cfg.estimate(0)?;
        let n = samples.unwrap_or(DEFAULT_SAMPLES);
        let mc = MonteCarlo { samples: n, seed: seed.unwrap_or(uncertainty::DEFAULT_SEED), shape };
        let (q, m, r) = (&cfg.question, &cfg.model, &cfg.request);
        cfg.sigmas.validate()?;
        let (outcomes, dist, model): (Vec<Outcome>, Distribution, Option<ModelDistribution>) =
            if uncertainty::varies_vehicle(q, m) {
                let run =
                    uncertainty::ModelMonteCarlo::new(q, m, r, &cfg.sigmas, mc, &uncertainty::assumption_ranges())?;
                let s = run.run(0..n, None);
                let md = run.summarise(&s)?;
                (s.iter().map(|s| s.outcome().clone()).collect(), md.distribution.clone(), Some(md))
            } else {
                let o = uncertainty::run_samples(q, m, r, &cfg.sigmas, mc, 0..n, None);
                let d = uncertainty::summarise(mc, &o);
                d.check()?;
                (o, d, None)
            };
        let sens = uncertainty::sensitivity(q, m, r, &cfg.sigmas, shape)?;
        let mut v = serde_json::to_value(render::estimate_json(&est)).unwrap_or_default();
        v["uncertainty"] = render::monte_carlo_json(&dist, &cfg.sigmas, SOURCE, Some(est.standard.range_m()));
        if let Some(md) = &model {
            render::model_json(md, &mut v["uncertainty"]);
        }
        v["sensitivity"] = serde_json::Value::Array(sens.iter().map(render::sensitivity_json).collect());
        let numbers: Vec<(f64, f64, Option<String>)> = outcomes.iter().map(outcome_numbers).collect();
        let inputs = format!(
            "{} inputs ({SOURCE}){}",
            render::shape_name(shape),
            if model.is_some() { " and the generic vehicle's assumptions" } else { "" }
        );
        Ok(NativeMonteCarlo {
            json: v.to_string(),
            range_km: numbers.iter().map(|n| n.0).collect(),
            speed_km_s: numbers.iter().map(|n| n.1).collect(),
            errors: numbers.into_iter().map(|n| n.2).collect(),
            distribution: dist,
            nominal_range_m: est.standard.range_m(),
            model_name: est.model.name.to_string(),
            question: render::question_summary(&est.question),
            inputs,
        })
    })
}

/// The catalog of published tests with their standard range under each model and, for
/// the tests with global reach, what they could carry (a boost fit each: about 2 s): the
/// command line's `catalog --json`, as JSON text.
#[pyfunction]
fn catalog(py: Python<'_>) -> PyResult<String> {
    compute(py, || {
        let table = loftrange::catalog::table();
        let carry = loftrange::payload::catalog_payloads(&table);
        let mut rows = render::catalog_json(&table);
        render::add_catalog_payload_json(&mut rows, &carry);
        Ok(rows.to_string())
    })
}

/// The embedded places whose name matches `query` (all for ""): the command line's
/// `places --json`, as JSON text.
#[pyfunction]
fn places(py: Python<'_>, query: &str) -> PyResult<String> {
    let query = query.to_owned();
    compute(py, || {
        config::check_name_length("query", &query, "a place name or part of one")?;
        let found = loftrange::places::search(&query);
        Ok(serde_json::to_string(&render::places_json(&found)).unwrap_or_default())
    })
}

/// Panic inside the guard every call uses, for python/tests/test_errors.py only: the
/// panic must reach Python as a `RuntimeError`, not as pyo3's `PanicException` (a
/// `BaseException` that `except Exception` does not catch).
#[pyfunction]
fn panic_for_test(py: Python<'_>) -> PyResult<()> {
    compute(py, || -> Result<(), Failure> { panic!("a panic planted by the test") })
}

/// The native half of the `loftrange` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NoSolution", m.py().get_type::<NoSolution>())?;
    m.add_class::<NativeEstimate>()?;
    m.add_class::<NativeReach>()?;
    m.add_class::<NativeMonteCarlo>()?;
    m.add_function(wrap_pyfunction!(estimate, m)?)?;
    m.add_function(wrap_pyfunction!(estimate_many, m)?)?;
    m.add_function(wrap_pyfunction!(reach, m)?)?;
    m.add_function(wrap_pyfunction!(monte_carlo, m)?)?;
    m.add_function(wrap_pyfunction!(catalog, m)?)?;
    m.add_function(wrap_pyfunction!(places, m)?)?;
    m.add_function(wrap_pyfunction!(rust_loop_seconds, m)?)?;
    m.add_function(wrap_pyfunction!(panic_for_test, m)?)?;
    Ok(())
}
