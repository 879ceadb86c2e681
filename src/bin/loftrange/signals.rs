//! Ctrl-C (SIGINT), SIGTERM and SIGHUP: remove the temporary file of an output being
//! written (`loftrange::render::plot::write_atomic`), then die of the signal as its default
//! action would, so the parent sees the signal (a shell prints exit 130, 143, 129).
//!
//! The handler runs on an ordinary thread (signal-hook's iterator), not inside the
//! signal: removing files and taking the temporary files' lock are allowed there. It
//! keeps that lock until the process is gone, so no temporary file is created or
//! renamed after the clean-up. SIGPIPE is left ignored (Rust's default): a closed
//! output is an error that the writer reports.

/// Install the handler (once, at start). Without it (the registration failed, which
/// only a system out of threads or signals would do) the signals act as by default.
#[cfg(unix)]
pub(crate) fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            loftrange::render::plot::abandon_temporary_files();
            // Restore the default action and raise the signal again; should the process
            // survive it, exit with the shell's code for it.
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
    drop(spawned);
}

/// Elsewhere no handler: Ctrl-C ends the process as by default.
#[cfg(not(unix))]
pub(crate) fn install() {}
