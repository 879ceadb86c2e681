//! Command-line syntax (clap). Values stay strings with units here; `config.rs`
//! turns them into validated SI numbers before the library is called.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// loftrange: how far would a missile tested on a lofted trajectory fly on a standard one?
#[derive(Parser, Debug)]
#[command(name = "loftrange", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Reconstruct the burnout state of a lofted test and estimate its standard-trajectory range.
    Estimate(EstimateArgs),
    /// Draw the lofted test and the standard trajectory (PNG or SVG).
    Plot(PlotArgs),
    /// Run many observations from JSON Lines (a file or - for standard input); JSON Lines out.
    Batch(BatchArgs),
    /// List the embedded catalog of published tests, with the standard range under each model.
    Catalog(CatalogArgs),
    /// Range over all launch azimuths from the site, places within reach, and a reach map.
    Reach(ReachArgs),
    /// List or search places (capitals, large cities, launch sites) usable as --site or --target.
    Places(PlacesArgs),
    /// Model boost with a vehicle file: the payload that reproduces the test, and the
    /// standard range across payloads (table, JSON, or a PNG/SVG curve); with
    /// --range-for or --target, the heaviest payload that still reaches it.
    Payload(PayloadArgs),
    /// Published standard-range estimates recomputed under the model closest to each
    /// author's assumptions, beside two-body and the "4 x apogee" rule; forward checks on
    /// flights flown on standard trajectories.
    Validate(ValidateArgs),
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Print JSON instead of the table.
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// Print Markdown (the text of docs/VALIDATION.md).
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Args, Debug)]
pub struct PayloadArgs {
    #[command(flatten)]
    pub obs: ObservationArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Payloads to sweep, kg, comma-separated, at most 200 [default: 0.25 to 2 times the vehicle file's payload, 8 steps]
    #[arg(long, allow_hyphen_values = true)]
    pub payloads: Option<String>,
    /// The heaviest payload whose standard range still reaches this distance (toward the
    /// test azimuth), with a unit. With --target PLACE (and --site): the heaviest payload
    /// that still reaches the target. Without --vehicle (and --model boost): an extra
    /// payload on the generic vehicle, also as a fraction of its fitted burnout mass.
    /// Example: 13000km
    #[arg(long, allow_hyphen_values = true)]
    pub range_for: Option<String>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Draw the payload-range curve: .png or .svg
    #[arg(short = 'o', long = "output", allow_hyphen_values = true)]
    pub output: Option<PathBuf>,
    /// Image size as WIDTHxHEIGHT in pixels [default: 1200x800].
    #[arg(long, allow_hyphen_values = true)]
    pub size: Option<String>,
}

/// The observation and the assumptions: shared by estimate, plot, reach and payload.
#[derive(Args, Debug, Clone)]
pub struct ObservationArgs {
    /// Apogee altitude, with a unit: km, m, mi or nmi (a bare number is km), optionally
    /// with an uncertainty; a comma only between thousands. Examples: 4475km, "4,475 km",
    /// 4475+-50km, 4475±50km
    #[arg(long, allow_hyphen_values = true)]
    pub apogee: Option<String>,
    /// Ground range from launch to impact, with a unit: km, m, mi or nmi (a bare number is km).
    #[arg(long, allow_hyphen_values = true)]
    pub range: Option<String>,
    /// A test from the embedded catalog (see loftrange catalog): an id, or a missile, a date
    /// or both (hwasong19, "Hwasong-19", 2024-10-31; several sources of one test: the
    /// first). Its apogee, range, flight time, site and azimuth; explicit flags override them.
    #[arg(long, allow_hyphen_values = true)]
    pub test: Option<String>,
    /// Reported flight time from launch to impact, with a unit: s, min or h, or hours then
    /// minutes. Examples: 53min, "53 minutes", "1 h 14 min", 1h14min
    #[arg(long, allow_hyphen_values = true)]
    pub flight_time: Option<String>,
    /// Burnout altitude (impulsive burnout directly above the launch point) [default: 0km]
    #[arg(long, allow_hyphen_values = true)]
    pub burnout_altitude: Option<String>,
    /// Physics, one of the presets below [default: boost with --vehicle; else rotating with a
    /// launch site (--site, or the --test's catalog site), said in the assumptions line;
    /// else kepler]
    #[arg(long, value_parser = model_presets(), allow_hyphen_values = true)]
    pub model: Option<String>,
    /// Vehicle file (TOML) for model boost; implies --model boost. Without it, boost flies
    /// the generic vehicle. At most 64 KiB, 1 to 3 stages, a name of at most 200
    /// characters, a drag table of at most 200 entries. Examples: examples/vehicles/*.toml
    #[arg(long, allow_hyphen_values = true)]
    pub vehicle: Option<String>,
    /// Launch site as LAT,LON in degrees (north and east positive) or a place name (at most
    /// 200 characters). Without --model it selects model rotating; without --test-azimuth
    /// the test is taken as fired due east (90°); both said in the assumptions line.
    /// Example: 39.0,125.7 or pyongyang
    #[arg(long, allow_hyphen_values = true)]
    pub site: Option<String>,
    /// Launch azimuth of the test, degrees clockwise from north or a compass direction
    /// (east, NE, ESE); needs a launch site [default with a site on a rotating Earth: 90,
    /// due east]. Examples: 76.1, east
    #[arg(long, allow_hyphen_values = true)]
    pub test_azimuth: Option<String>,
}

/// Forward mode, no lofted test: `--burnout-speed`, `--payload` (estimate, plot, reach;
/// the payload command needs a lofted test).
#[derive(Args, Debug, Clone, Default)]
pub struct ForwardArgs {
    /// Forward ("what if") mode: a burnout speed relative to the ground, in place of
    /// --apogee and --range; with a unit: km/s or m/s. Example: 7.2km/s
    #[arg(long, allow_hyphen_values = true)]
    pub burnout_speed: Option<String>,
    /// Forward mode with --vehicle and no lofted test: the payload in kg, overriding the
    /// vehicle file's. Example: 1500
    #[arg(long, allow_hyphen_values = true)]
    pub payload: Option<String>,
}

/// `--beta` and `--stage-beta`: re-entry drag under model earth, the spent stages' drag
/// under model boost (estimate, plot, reach; not the payload command).
#[derive(Args, Debug, Clone, Default)]
pub struct BetaArgs {
    /// Model earth: re-entry drag on the descent with this ballistic coefficient
    /// m/(C_D A), kg/m² (e.g. 2000 for a heavy modern re-entry vehicle). Example: 2000
    #[arg(long, allow_hyphen_values = true)]
    pub beta: Option<String>,
    /// Model boost: ballistic coefficient m/(C_D A) of the spent stages, kg/m², from 10 to
    /// 1000, for where they fall (estimate, plot, reach maps) [default: 150]. Example: 300
    #[arg(long, allow_hyphen_values = true)]
    pub stage_beta: Option<String>,
}

/// `--azimuth`: the standard range toward more directions (estimate, reach).
#[derive(Args, Debug, Clone, Default)]
pub struct AzimuthArgs {
    /// Launch azimuth(s) to report the standard range for, degrees or a compass direction (repeatable, at most 360 times: every direction is loftrange reach).
    #[arg(long = "azimuth", allow_hyphen_values = true)]
    pub azimuths: Vec<String>,
}

/// `--target`: in or out of reach (estimate, reach, payload).
#[derive(Args, Debug, Clone, Default)]
pub struct TargetArgs {
    /// Target(s) as LAT,LON in degrees or a place name ("Tokyo, JP", at most 200 characters):
    /// distance, standard range toward it, in or out of reach (repeatable, at most 100
    /// times). Needs a launch site: --site, or --test whose catalog site is used.
    #[arg(long = "target", allow_hyphen_values = true)]
    pub targets: Vec<String>,
}

/// `--extra-payload`: the generic vehicle with more payload (estimate).
#[derive(Args, Debug, Clone, Default)]
pub struct ExtraPayloadArgs {
    /// Model boost with the generic vehicle: also fly it with an extra payload, as a
    /// fraction of its fitted burnout mass (10%) or in kg on its nominal 50 t scale (500kg).
    /// Example: 10%
    #[arg(long, allow_hyphen_values = true)]
    pub extra_payload: Option<String>,
}

#[derive(Args, Debug)]
pub struct EstimateArgs {
    #[command(flatten)]
    pub obs: ObservationArgs,
    #[command(flatten)]
    pub forward: ForwardArgs,
    #[command(flatten)]
    pub beta: BetaArgs,
    #[command(flatten)]
    pub azimuths: AzimuthArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
    #[command(flatten)]
    pub extra: ExtraPayloadArgs,
    /// Print one JSON object instead of the report.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub mc: UncertaintyArgs,
}

/// Error bars: any uncertain input (VALUE+-SIGMA) or --samples runs a Monte Carlo.
#[derive(Args, Debug, Clone)]
pub struct UncertaintyArgs {
    /// Monte Carlo samples [default: 2000 when an input is uncertain]; at most what the
    /// model runs in about 10 minutes (see --help).
    #[arg(long, allow_hyphen_values = true, value_parser = samples_count, long_help = samples_help())]
    pub samples: Option<usize>,
    /// Random seed (sample i uses stream i of it: same seed, same numbers) [default: 20171128].
    #[arg(long, allow_hyphen_values = true, value_parser = seed_number)]
    pub seed: Option<u64>,
    /// Read +- as uniform bounds instead of a 1-sigma normal.
    #[arg(long)]
    pub uniform: bool,
    /// With --test: take the uncertainty from the disagreement between the sources of that test.
    #[arg(long, requires = "test")]
    pub spread: bool,
    /// Print the sensitivity table even without uncertain inputs.
    #[arg(long)]
    pub sensitivity: bool,
    /// Histogram of the Monte Carlo standard range: .png or .svg
    #[arg(short = 'o', long = "output", allow_hyphen_values = true)]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CatalogArgs {
    /// Only the entries this names: an id, a missile or a date, case and punctuation
    /// ignored (hwasong19, Hwasong-19, 2024-10-31, "hwasong-15 2017"). At most 200 characters.
    #[arg(allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Print a JSON list instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct PlotArgs {
    #[command(flatten)]
    pub obs: ObservationArgs,
    #[command(flatten)]
    pub forward: ForwardArgs,
    #[command(flatten)]
    pub beta: BetaArgs,
    /// Output file: .png or .svg (the figure), or .kml (both trajectories in 3-D with their ground tracks; needs --site)
    #[arg(short = 'o', long = "output", allow_hyphen_values = true)]
    pub output: PathBuf,
    /// Image size as WIDTHxHEIGHT in pixels [default: 1200x800].
    #[arg(long, allow_hyphen_values = true)]
    pub size: Option<String>,
}

#[derive(Args, Debug)]
#[command(after_long_help = BATCH_HELP)]
pub struct BatchArgs {
    /// JSON Lines file, or - for standard input.
    pub file: String,
}

/// The batch contract, for `loftrange batch --help`.
const BATCH_HELP: &str = "INPUT: one JSON object per line, in UTF-8. A line ends at LF, CRLF or a lone CR
(so a\\rb is two lines); a UTF-8 byte order mark opening the input is skipped. A line
is at most 1 MiB (1048576 bytes): a longer one is answered with an error and skipped to
its end (an input with no line end within 64 MiB is refused). Keys, each at most once
per object (units in the names):
  apogee_km, range_km          the lofted observation (or test: a catalog id)
  flight_time_s                reported flight time (a check, not a fit input)
  burnout_altitude_km          impulsive burnout altitude (default 0)
  burnout_speed_km_s           forward mode, in place of apogee_km and range_km
  model                        kepler | sphere | rotating | earth | boost | boost-earth
  site                         [lat_deg, lon_deg] or a place name (\"pyongyang\")
  test_azimuth_deg             launch azimuth of the test
  azimuths_deg                 [deg, ...]: standard range toward each (at most 360)
  targets                      [[lat_deg, lon_deg] or \"place\", ...] (at most 100; names
                               of at most 200 characters)
  vehicle, payload_kg          a vehicle file (model boost, at most 64 KiB); without
                               apogee/range/test: forward mode
  beta_kg_m2                   re-entry ballistic coefficient (model earth)
  id                           echoed on the output line exactly as written (any JSON)
  date, missile, source, notes, agency, country, published_standard_range_km: ignored
Any other key is an error on that line naming it (with a suggestion).

OUTPUT: one JSON object per input line, in order (line k answers line k whatever its
bytes: blank lines, invalid UTF-8, duplicate keys and over-long lines get an error line):
the estimate as `estimate --json` prints it, or {\"error\": \"...\"}; both with \"line\"
(1-based) and the input's \"id\" when it had one. Lines are computed in parallel and
streamed: line k is written as soon as lines 1 to k are done, in memory bounded whatever
the input's length.

EXIT: 0 when every line succeeded, 1 when some line had no solution, 2 when some line
was bad input (every line is still written). A closed or full standard output (e.g.
`| head -1`) stops the run: exit 1 and one line on standard error.";

#[derive(Args, Debug)]
pub struct ReachArgs {
    #[command(flatten)]
    pub obs: ObservationArgs,
    #[command(flatten)]
    pub forward: ForwardArgs,
    #[command(flatten)]
    pub beta: BetaArgs,
    #[command(flatten)]
    pub azimuths: AzimuthArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Launch-azimuth step of the sweep, degrees.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub step: String,
    /// Draw an equirectangular world map instead of the azimuthal equidistant one.
    #[arg(long)]
    pub world: bool,
    /// Reach map file: .png or .svg (a figure), or .geojson or .kml (the contour, the global-reach directions, the non-rotating circle, the site and the places, for GIS tools and Google Earth)
    #[arg(short = 'o', long = "output", allow_hyphen_values = true)]
    pub output: Option<PathBuf>,
    /// Reach map size as WIDTHxHEIGHT in pixels [default: 1600x1200].
    #[arg(long, allow_hyphen_values = true)]
    pub size: Option<String>,
    /// Places listed in the text report (JSON lists all).
    #[arg(long, default_value_t = 30, allow_hyphen_values = true, value_parser = place_count)]
    pub limit: usize,
    /// Print one JSON object instead of the report.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct PlacesArgs {
    /// Name, part of a name, country or ISO code; all places without it. At most 200 characters.
    #[arg(allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `--samples`: a whole number, 1 or more (the most with each model: `samples_help`).
fn samples_count(text: &str) -> Result<usize, String> {
    text.trim().parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
        format!("a whole number of samples from 1 to {} (fewer with the slower models: see --help)", MAX_SAMPLES)
    })
}

use loftrange::uncertainty::{MAX_FAILED_SHARE, MAX_SAMPLES, SAMPLE_COSTS};

/// The long help of `--samples`: the limits of the library's table, with their times.
fn samples_help() -> String {
    let mut t = String::from(
        "Monte Carlo samples [default: 2000 when an input is uncertain].\n\nAt most what the model runs in about 10 minutes on a 2-core machine (measured per sample with the release build):",
    );
    for c in SAMPLE_COSTS {
        let per = c.seconds_per_sample;
        let per = if per >= 1e-3 { format!("{:.0} ms", per * 1e3) } else { format!("{:.0} us", per * 1e6) };
        t += &format!("\n  {:<58} {:>10} ({per} per sample)", c.model, c.max_samples);
    }
    t += &format!(
        "\n\nA run where more than {:.0}% of the samples fail (an input drawn outside what the model accepts) ends with exit 1, the count and the reasons, instead of a summary: the samples that succeeded would not describe the inputs' spread.",
        100.0 * MAX_FAILED_SHARE
    );
    t
}

/// `--seed`: a whole number, refused in words.
fn seed_number(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| format!("a whole number from 0 to {}", u64::MAX))
}

/// `--limit`: a whole number of places, refused in words.
fn place_count(text: &str) -> Result<usize, String> {
    text.trim().parse::<usize>().map_err(|_| "a whole number of places, 0 or more".to_string())
}

/// `--model` values and their help, from the library's one table of presets.
fn model_presets() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        loftrange::Model::PRESETS.map(|m| clap::builder::PossibleValue::new(m.name).help(m.summary)),
    )
}
