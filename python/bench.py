"""Speed of the Python package against the library it calls (issue 20, point 4).

    python python/bench.py [--rows 10000]

Prints a table:
  * one `estimate` call from Python against the same `loftrange::estimate` call in a Rust
    loop (the inputs validated once; a #[pyfunction] used only here): the difference is
    what Python adds (argument conversion, the config's parsing, the result object);
    also with `to_dict()` (the JSON made and read);
  * `estimate_many` over N rotating observations against N single calls in a Python loop.
A measurement, not a test: the numbers depend on the machine and its load.
"""

import argparse
import os
import sys
import time

# The installed package, not the source folder beside this script (which has no _native).
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import numpy as np  # noqa: E402

import loftrange  # noqa: E402
from loftrange import _native  # noqa: E402


def per_call(fn, n):
    fn()  # warm up
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000, help="observations for estimate_many (default 10000)")
    args = ap.parse_args()

    cases = {
        "kepler": dict(apogee=4475, range=950, flight_time=3180),
        "rotating": dict(apogee=4475, range=950, flight_time=3180, model="rotating", site="pyongsong", test_azimuth=90),
    }
    rows = []
    for name, kw in cases.items():
        n = 20_000 if name == "kepler" else 500
        rust = min(_native.rust_loop_seconds(kw, 0, n) for _ in range(5))
        py = per_call(lambda: loftrange.estimate(**kw, trajectory_points=0), n)
        py_dict = per_call(lambda: loftrange.estimate(**kw, trajectory_points=0).to_dict(), n)
        rows.append((f"estimate, {name}", rust, py, py_dict))

    print(f"one call (best of 5 loops), machine with {os.cpu_count()} cores:")
    print(f"  {'call':<20} {'Rust':>10} {'Python':>10} {'added':>10} {'+to_dict':>10} {'added':>10}")
    for name, rust, py, py_dict in rows:
        us = lambda s: f"{s * 1e6:8.1f} us"
        print(f"  {name:<20} {us(rust):>10} {us(py):>10} {us(py - rust):>10} {us(py_dict):>10} {us(py_dict - rust):>10}")

    # Observations around the 2017-11-28 test (apogee 4,475 km, range 950 km, 53 min)
    # toward every direction from Pyongsong: +-10 % on apogee and range, +-2 min.
    rng = np.random.default_rng(2017)
    k = args.rows
    apogee = 4475 * rng.uniform(0.9, 1.1, k)
    rng_km = 950 * rng.uniform(0.9, 1.1, k)
    flight_time = 3180 + rng.uniform(-120, 120, k)
    azimuth = rng.uniform(0, 360, k)
    shared = dict(model="rotating", site="pyongsong")

    cpu = time.process_time()
    t = time.perf_counter()
    many = loftrange.estimate_many(apogee, rng_km, flight_time, test_azimuth=azimuth, **shared)
    t_many = time.perf_counter() - t
    cpu_many = time.process_time() - cpu

    t = time.perf_counter()
    single = np.empty(k)
    for i in range(k):
        try:
            e = loftrange.estimate(
                float(apogee[i]), float(rng_km[i]), float(flight_time[i]), test_azimuth=float(azimuth[i]),
                trajectory_points=0, **shared,
            )
            single[i] = np.nan if e.standard.range_km is None else e.standard.range_km
        except (ValueError, loftrange.NoSolution):
            single[i] = np.nan
    t_single = time.perf_counter() - t

    same = np.array_equal(many["standard_range_km"], single, equal_nan=True)
    errors = sum(e is not None for e in many["error"])
    print(f"\n{k} rotating observations around the seed case, every azimuth ({errors} rows with an error):")
    try:
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows the parallel run most)")
    except OSError:
        pass
    print(f"  {'estimate_many':<28} {t_many:8.2f} s   (CPU time {cpu_many:.2f} s: {cpu_many / t_many:.2f} cores busy)")
    print(f"  {f'{k} single estimate calls':<28} {t_single:8.2f} s")
    print(f"  {'speed-up':<28} {t_single / t_many:8.2f} x   (same ranges: {same})")


if __name__ == "__main__":
    main()
