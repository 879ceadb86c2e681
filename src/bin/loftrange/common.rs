//! What every subcommand shares: the failure kinds and their exit codes, the one flow
//! from a validated config to the library's estimate and targets, and writing output.

use std::io::Write;
use std::path::Path;

use loftrange::{Error, Estimate, TargetReach};

use crate::config::Config;

/// What went wrong, by exit code.
pub(crate) enum Failure {
    /// Bad input: exit 2.
    Input(String),
    /// No solution or a failed computation: exit 1.
    NoSolution(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        if e.is_input_error() {
            Failure::Input(e.to_string())
        } else {
            Failure::NoSolution(e.to_string())
        }
    }
}

/// The estimate and the targets for one configuration: the library's one flow.
pub(crate) fn compute(cfg: &Config, samples: usize) -> Result<(Estimate, Vec<TargetReach>), Error> {
    cfg.compute(samples)
}

/// Write to standard output; a closed pipe (e.g. `| head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> Result<(), Failure> {
    // Under `cargo test` (the in-process fuzzer) through print!, which the harness captures.
    if cfg!(test) {
        print!("{text}");
        return Ok(());
    }
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::NoSolution(format!("writing output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Write a text report to standard output, with the control and bidirectional
/// characters of whatever user-supplied text it carries (a vehicle's name, a typed
/// query) escaped ([`loftrange::fmt::escape_report`]); JSON goes through [`write_stdout`].
pub(crate) fn write_text(text: &str) -> Result<(), Failure> {
    write_stdout(&loftrange::fmt::escape_report(text))
}

/// Say on standard error that `path` was written (its name escaped).
pub(crate) fn wrote(path: &Path) {
    eprintln!("wrote {}", loftrange::fmt::escape_text(&path.display().to_string()));
}

pub(crate) fn parse_size(text: &str) -> Result<(u32, u32), Failure> {
    let bad = || {
        Failure::Input(format!(
            "size: \"{text}\" is not accepted: WIDTHxHEIGHT in pixels, each 200 to 8000, e.g. 1200x800"
        ))
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (w.trim().parse().map_err(|_| bad())?, h.trim().parse().map_err(|_| bad())?);
    if !(200..=8000).contains(&w) || !(200..=8000).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

/// Check an output path before any work: known extension, existing directory.
pub(crate) fn check_output(path: &Path) -> Result<(), Failure> {
    if loftrange::plot::ImageFormat::from_path(path).is_err() {
        return Err(Failure::Input(format!(
            "output: \"{}\" is not accepted: a file ending in .png or .svg",
            path.display()
        )));
    }
    check_output_dir(path)
}

/// The output's directory must exist (no file is written into a missing one).
pub(crate) fn check_output_dir(path: &Path) -> Result<(), Failure> {
    if path.is_dir() {
        return Err(Failure::Input(format!(
            "output: \"{}\" is not accepted: it is a directory; give a file path",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Failure::Input(format!(
            "output: \"{}\" is not accepted: the directory \"{}\" does not exist",
            path.display(),
            dir.display()
        )));
    }
    Ok(())
}
