//! What every test module shares: running the built `loftrange` binary, reading its
//! output, and scratch directories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built binary, as a command to add arguments to.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loftrange"))
}

/// Run the binary with `args` and wait for it.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output of a run that must have succeeded.
pub fn ok_stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
}

/// Standard output of a run that must have succeeded, as JSON.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&ok_stdout(o)).expect("JSON")
}

/// An empty scratch directory for the calling test module and `name`.
#[track_caller]
pub fn tmp_dir(name: &str) -> PathBuf {
    let module = Path::new(std::panic::Location::caller().file()).file_stem().map(|s| s.to_string_lossy().into_owned());
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(module.unwrap_or_default()).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The temporary files (dot files, `.tmp`) left in `d`.
pub fn temporaries(d: &Path) -> Vec<String> {
    std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.contains(".tmp"))
        .collect()
}
