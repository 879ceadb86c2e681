#!/usr/bin/env bash
# The long fuzzing run: the property tests of src/bin/loftrange/fuzz.rs with many more
# generated inputs. Each of the three targets (command lines, batch lines, vehicle
# files) gets LOFTRANGE_FUZZ_CASES inputs (default: 1,000,000 in all, split as below).
# Usage: scripts/fuzz.sh [TOTAL_INPUTS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
# Command lines run whole commands (slower); batch lines and vehicle files are cheap.
cli=$((total * 2 / 5))
batch=$((total * 3 / 10))
vehicle=$((total - cli - batch))
cargo build --release --bins --tests >/dev/null 2>&1 || cargo test --release --no-run
start=$(date +%s)
run() {
  local name=$1 cases=$2
  local t0=$(date +%s)
  LOFTRANGE_FUZZ_CASES=$cases cargo test --release --bin loftrange -q "fuzz::$name" -- --ignored --exact --test-threads 1 >"target/fuzz-$name.log" 2>&1 || {
    tail -30 "target/fuzz-$name.log"
    echo "fuzz: $name FAILED (the log: target/fuzz-$name.log)"
    exit 1
  }
  echo "fuzz: $name: $cases inputs in $(( $(date +%s) - t0 )) s"
}
# Two targets at a time on two cores.
run long_command_lines "$cli" &
pid=$!
run long_batch_lines "$batch"
wait "$pid"
run long_vehicle_files "$vehicle"
echo "fuzz: $total generated inputs in $(( $(date +%s) - start )) s, no failure"
