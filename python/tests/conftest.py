"""Shared helpers: the command line these tests compare the package with.

The command line is the binary `cargo test` (or `cargo build`) built: $LOFTRANGE_CLI, or
target/debug/loftrange in the repository. Its output is produced here, in the test run,
never stored: the package must print what the command line prints for the same question.
"""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def cli_path() -> str:
    path = os.environ.get("LOFTRANGE_CLI") or str(REPO / "target" / "debug" / "loftrange")
    if not os.path.exists(path):
        pytest.fail(
            f"the command line {path} is missing: build it with `cargo build --bin loftrange` "
            "or set LOFTRANGE_CLI (these tests compare the package with it)"
        )
    return path


def run_cli(*args, code=0):
    """Run the command line; returns (stdout, stderr), checking the exit code."""
    p = subprocess.run([cli_path(), *args], capture_output=True, text=True, timeout=600)
    assert p.returncode == code, f"loftrange {' '.join(args)}: exit {p.returncode}: {p.stderr}"
    return p.stdout, p.stderr


def cli_json(*args):
    """The command line's --json object for the arguments."""
    return json.loads(run_cli(*args, "--json")[0])


def cli_error(*args, code=2):
    """The command line's one-line message (without "loftrange: ") and its exit code."""
    _, err = run_cli(*args, code=code)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("loftrange: "), err
    return lines[0][len("loftrange: "):]


# The seed case: the 2017-11-28 Hwasong-15 test as reported (apogee 4,475 km, range
# 950 km, 53 minutes), launched from Pyongsong toward the east for the rotating model.
SEED = ["--apogee", "4475km", "--range", "950km", "--flight-time", "53min"]
SEED_ROTATING = SEED + ["--model", "rotating", "--site", "pyongsong", "--test-azimuth", "90"]
