//! The `loftrange` command: parse, validate, call the library, print, map to exit codes
//! (0 ok, 1 no solution, 2 bad input).

mod batch;
mod carry_cmd;
mod cli;
mod common;
mod config;
#[cfg(test)]
mod fuzz;
mod maps;
mod output;
mod payload_cmd;
mod payload_for_cmd;
mod reach_cmd;
mod signals;
mod uncertainty_cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, EstimateArgs, PlotArgs};
use common::{parse_size, to_stderr, write_stdout, Failure};

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM and SIGHUP remove an output's temporary file before the process
    // dies of the signal.
    signals::install();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let (code, message) = run_args(args);
    if let Some(m) = message {
        to_stderr(&m);
    }
    ExitCode::from(code)
}

/// Run the command line `args` (program name first): the exit code (0 ok, 1 no
/// solution, 2 bad input) and what goes to standard error, if anything.
fn run_args<I, T>(args: I) -> (u8, Option<String>)
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            // Help and version go to standard output; no command at all prints the
            // help to standard error and exits 2 (nothing was asked).
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    return match write_stdout(&e.render().to_string()) {
                        Ok(()) => (0, None),
                        Err(Failure::Input(m) | Failure::NoSolution(m)) => (1, Some(format!("loftrange: {m}\n"))),
                    };
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return (2, Some(e.render().to_string())),
                _ => {}
            }
            return (2, Some(format!("loftrange: {} (see loftrange --help)\n", clap_one_line(&e))));
        }
    };
    // Every failure is one line, whatever the message carries.
    match run(cli) {
        Ok(()) => (0, None),
        Err(Failure::Input(m)) => (2, Some(format!("loftrange: {}\n", loftrange::render::one_line(m)))),
        Err(Failure::NoSolution(m)) => (1, Some(format!("loftrange: {}\n", loftrange::render::one_line(m)))),
    }
}

/// clap's message on one line: a refused value in the house's words, `FIELD: "VALUE" is
/// not accepted: WHAT IS ACCEPTED` (the field is the flag without its dashes), anything
/// else up to its usage block.
fn clap_one_line(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    if let (ErrorKind::InvalidValue | ErrorKind::ValueValidation, Some(arg), Some(value)) =
        (e.kind(), context(ContextKind::InvalidArg), context(ContextKind::InvalidValue))
    {
        // "--flight-time <FLIGHT_TIME>" -> "flight time"; a positional "<FILE>" -> "file".
        let flag = arg.split([' ', '=']).next().unwrap_or(arg);
        let field = flag.trim_start_matches('-').trim_matches(['<', '>']).replace(['-', '_'], " ").to_lowercase();
        let accepted = match (e.get(ContextKind::ValidValue), std::error::Error::source(e)) {
            (Some(ContextValue::Strings(v)), _) if !v.is_empty() => format!("one of {}", v.join(", ")),
            (_, Some(why)) => why.to_string(),
            _ => "a value (none was given)".to_string(),
        };
        let value = loftrange::render::shorten(value);
        return loftrange::render::one_line(format!("{field}: \"{value}\" is not accepted: {accepted}"));
    }
    let text = e.to_string();
    let message = text.split("Usage:").next().unwrap_or("invalid arguments");
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let message = message.trim_start_matches("error: ").replace("For more information, try '--help'.", "");
    loftrange::render::one_line(message.trim().to_string())
}

/// One parsed command line: parse -> validated config -> library call -> render.
fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Estimate(a) => run_estimate(&a),
        Command::Plot(a) => run_plot(&a),
        Command::Batch(a) => batch::run_batch(&a),
        Command::Catalog(a) => uncertainty_cmd::run_catalog(&a),
        Command::Reach(a) => reach_cmd::run_reach(&a),
        Command::Places(a) => reach_cmd::run_places(&a),
        Command::Payload(a) => payload_cmd::run_payload(&a),
        Command::Validate(a) => run_validate(&a),
    }
}

fn run_validate(a: &cli::ValidateArgs) -> Result<(), Failure> {
    let table = loftrange::validation::table()?;
    let text = if a.json {
        crate::common::json_text(&loftrange::render::validation_json(&table)) + "\n"
    } else if a.markdown {
        loftrange::render::validation_markdown(&table)
    } else {
        loftrange::render::validation_text(&table)
    };
    write_stdout(&text)
}

fn run_estimate(a: &EstimateArgs) -> Result<(), Failure> {
    let extras = config::Extras {
        azimuths: &a.azimuths.azimuths,
        targets: &a.targets.targets,
        extra_payload: a.extra.extra_payload.as_ref(),
        forward: Some(&a.forward),
        beta: a.beta.beta.as_ref(),
        stage_beta: a.beta.stage_beta.as_ref(),
    };
    let cfg = config::from_args(&a.obs, extras)?;
    if uncertainty_cmd::wanted(a, &cfg) {
        return uncertainty_cmd::run_estimate(a, cfg);
    }
    let est = cfg.estimate(0)?;
    // A catalog test with global reach: what it could carry (issue 21), a section of its own.
    let carry = carry_cmd::for_test(&cfg);
    let text = if a.json {
        let mut v = serde_json::to_value(output::to_json(&est)).expect("serialisable");
        carry_cmd::add_json(&mut v, carry.as_ref());
        crate::common::json_text(&v) + "\n"
    } else {
        loftrange::render::escape_report(&(output::to_text(&est) + &carry_cmd::text(carry.as_ref()))).into_owned()
    };
    write_stdout(&text)
}

fn run_plot(a: &PlotArgs) -> Result<(), Failure> {
    let extras = config::Extras {
        forward: Some(&a.forward),
        beta: a.beta.beta.as_ref(),
        stage_beta: a.beta.stage_beta.as_ref(),
        ..config::Extras::default()
    };
    let mut cfg = config::from_args_for("plot", &a.obs, extras)?;
    // The figure shows no global-reach margin: do not search for it.
    cfg.request.global_margin = false;
    let (w, h) = parse_size(a.size.as_deref().unwrap_or("1200x800"))?;
    let map_format = maps::check_plot(&a.output, &cfg)?;
    if map_format.is_some() && a.size.is_some() {
        return Err(Failure::Input(
            "size: given with a .kml output is not accepted: --size only with a .png or .svg figure".into(),
        ));
    }
    let est = cfg.estimate(400)?;
    let fig = loftrange::render::trajectory_figure(&est);
    if map_format.is_some() {
        return maps::write_plot(&a.output, &est, &fig.title);
    }
    loftrange::render::plot::draw_trajectories(&fig, &a.output, w, h)?;
    common::wrote(&a.output);
    Ok(())
}
