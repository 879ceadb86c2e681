#!/usr/bin/env bash
# The long fuzzing run: the property tests of src/bin/loftrange/fuzz.rs with many more
# generated inputs. Each of the three targets (command lines, batch lines, vehicle
# files) gets LOFTRANGE_FUZZ_CASES inputs (default: 1,000,000 in all, split as below).
# Then the process-level target (tests/fuzz_process.rs): the release binary itself on
# files, pipes, closed and full streams and signals, with random batch streams and
# command lines, each process under a time limit, for LOFTRANGE_FUZZ_PROCESS_SECONDS
# (default 600) with seed LOFTRANGE_FUZZ_SEED (default: the clock) and a time limit of
# LOFTRANGE_FUZZ_TIMEOUT_S (default 30) per process.
# Usage: scripts/fuzz.sh [TOTAL_INPUTS]    (LOFTRANGE_FUZZ_ONLY=process or inprocess: one part)
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
only=${LOFTRANGE_FUZZ_ONLY:-}
# Command lines run whole commands (slower); batch lines and vehicle files are cheap.
cli=$((total * 2 / 5))
batch=$((total * 3 / 10))
vehicle=$((total - cli - batch))
if [ "$only" != process ]; then
  cargo build --release --bins --tests >/dev/null 2>&1 || cargo test --release --no-run
fi
start=$(date +%s)
run() {
  local name=$1 cases=$2
  local t0=$(date +%s)
  LOFTRANGE_FUZZ_CASES=$cases cargo test --release --bin loftrange -q "fuzz::$name" -- --ignored --exact --test-threads 1 --nocapture >"target/fuzz-$name.log" 2>&1 || {
    tail -30 "target/fuzz-$name.log"
    echo "fuzz: $name FAILED (the log: target/fuzz-$name.log)"
    exit 1
  }
  grep '^fuzz:' "target/fuzz-$name.log" || true
  echo "fuzz: $name: $cases inputs in $(( $(date +%s) - t0 )) s"
}
if [ "$only" != process ]; then
  # Two targets at a time on two cores.
  run long_command_lines "$cli" &
  pid=$!
  run long_batch_lines "$batch"
  wait "$pid"
  run long_vehicle_files "$vehicle"
  echo "fuzz: $total generated inputs in $(( $(date +%s) - start )) s, no failure"
fi
if [ "$only" != inprocess ]; then
  t0=$(date +%s)
  export LOFTRANGE_FUZZ_PROCESS_SECONDS=${LOFTRANGE_FUZZ_PROCESS_SECONDS:-600}
  # Every case and failure is in the log; failing inputs in target/tmp/fuzz_process/failures/.
  cargo test --release --test all -q fuzz_process::long_process_cases -- --ignored --exact --nocapture \
    >target/fuzz-process.log 2>&1 || {
    grep -A3 'FAILED' target/fuzz-process.log | tail -60
    grep '^fuzz:' target/fuzz-process.log || true
    echo "fuzz: process cases FAILED (the log: target/fuzz-process.log)"
    exit 1
  }
  grep '^fuzz:' target/fuzz-process.log || true
  echo "fuzz: process cases in $(( $(date +%s) - t0 )) s, no failure"
fi
