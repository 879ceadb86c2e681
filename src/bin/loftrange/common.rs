//! What every subcommand shares: the failure kinds and their exit codes, the one flow
//! from a validated config to the library's estimate and targets, and writing output.

use std::io::Write;
use std::path::Path;

use loftrange::Error;

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

/// A JSON output, pretty-printed, with no terminal control left raw
/// ([`loftrange::render::json_safe`]); without the final line feed.
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    loftrange::render::json_safe(serde_json::to_string_pretty(value).expect("serialisable"))
}

impl From<loftrange::render::plot::PlotError> for Failure {
    fn from(e: loftrange::render::plot::PlotError) -> Self {
        if e.is_input_error() {
            Failure::Input(e.to_string())
        } else {
            Failure::NoSolution(e.to_string())
        }
    }
}

/// Write to standard output. A closed pipe (`| head -c0`) or a full disk is an I/O
/// failure (exit 1) with one line saying so: the output the user asked for was not all
/// delivered. SIGPIPE stays ignored (Rust's default), so the write returns the error
/// instead of killing the process silently.
pub(crate) fn write_stdout(text: &str) -> Result<(), Failure> {
    // Under `cargo test` (the in-process fuzzer) through print!, which the harness captures.
    if cfg!(test) {
        print!("{text}");
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| writing_output(&e))
}

/// The failure for an error writing standard output: exit 1, one line.
pub(crate) fn writing_output(e: &std::io::Error) -> Failure {
    Failure::NoSolution(format!("writing output: {}", io_message(e)))
}

/// An I/O error in words, the common ones without the OS's error number.
pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => "the reader closed the pipe".to_string(),
        std::io::ErrorKind::StorageFull => "no space left on the device".to_string(),
        _ => e.to_string(),
    }
}

/// Write a text report to standard output, with the control and bidirectional
/// characters of whatever user-supplied text it carries (a vehicle's name, a typed
/// query) escaped ([`loftrange::render::escape_report`]); JSON goes through [`write_stdout`].
pub(crate) fn write_text(text: &str) -> Result<(), Failure> {
    write_stdout(&loftrange::render::escape_report(text))
}

/// Write to standard error, ignoring a failure to do so: a message, "wrote FILE", a
/// progress line. `eprint!` panics (exit 101) when stderr is closed or full
/// (`2>/dev/full`); there is nowhere left to report such a failure, and the exit code
/// still says how the command ended.
pub(crate) fn to_stderr(text: &str) {
    // Under `cargo test` through eprint!, which the harness captures.
    if cfg!(test) {
        eprint!("{text}");
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// `wrote FILE` on standard error, after an output file is in place.
pub(crate) fn wrote(path: &Path) {
    to_stderr(&format!("wrote {}\n", loftrange::render::escape_text(&path.display().to_string())));
}

/// A progress bar on standard error (only made when it is a terminal). indicatif
/// ignores its own write errors, so a terminal that goes away does not stop the run.
pub(crate) fn progress_bar(len: Option<u64>, template: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if cfg!(test) || !std::io::stderr().is_terminal() {
        return None;
    }
    let b = match len {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        b.set_style(style);
    }
    Some(b)
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
    if loftrange::render::plot::ImageFormat::from_path(path).is_err() {
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
