"""The package answers as the command line does: `to_dict()` equals `--json` for the same
question, in every number (exact equality of the parsed JSON: both come from the library's
renderer, so any difference is a difference in the question or the computation)."""

import math

import loftrange

from conftest import REPO, SEED, SEED_ROTATING, cli_json, run_cli


def test_seed_case_kepler_equals_the_cli_json():
    e = loftrange.estimate("4475 km", "950 km", flight_time="53 min")
    assert e.to_dict() == cli_json("estimate", *SEED)


def test_seed_case_rotating_equals_the_cli_json():
    e = loftrange.estimate(
        "4475km", "950km", "53min", model="rotating", site="pyongsong", test_azimuth="90"
    )
    assert e.to_dict() == cli_json("estimate", *SEED_ROTATING)


def test_plain_numbers_are_km_s_and_degrees():
    # 53 min = 3180 s; the same question as the unit strings, the same answer.
    e = loftrange.estimate(4475, 950.0, 3180, model="rotating", site="pyongsong", test_azimuth=90)
    assert e.to_dict() == cli_json("estimate", *SEED_ROTATING)


def test_trajectory_points_do_not_change_the_answer():
    with_points = loftrange.estimate(4475, 950, 3180, trajectory_points=500).to_dict()
    without = loftrange.estimate(4475, 950, 3180, trajectory_points=0).to_dict()
    assert with_points == without


def test_attributes_mirror_the_json():
    e = loftrange.estimate(
        4475, 950, 3180, model="rotating", site="pyongsong", test_azimuth=90, targets=["washington", (35.68, 139.69)]
    )
    d = cli_json("estimate", *SEED_ROTATING, "--target", "washington", "--target", "35.68,139.69")
    assert e.to_dict() == d
    assert e.standard.range_km == d["standard"]["range_km"]
    assert e.burnout.speed_km_s == d["burnout"]["speed_km_s"]
    assert e.targets[0].reachable == d["targets"][0]["reachable"]
    assert e.targets[1].to_dict() == d["targets"][1]
    assert e.model == "rotating"


def test_forward_mode_and_azimuths_equal_the_cli():
    args = ["--burnout-speed", "7.2km/s", "--model", "rotating", "--site", "pyongsong", "--azimuth", "0", "--azimuth", "90"]
    e = loftrange.estimate(burnout_speed=7.2, model="rotating", site="pyongsong", azimuths=[0, 90])
    assert e.to_dict() == cli_json("estimate", *args)


def test_vehicle_file_forward_mode_equals_the_cli():
    path = str(REPO / "examples" / "vehicles" / "forden-scud-b.toml")
    e = loftrange.estimate(vehicle=path)
    assert e.to_dict() == cli_json("estimate", "--vehicle", path)


def test_catalog_test_equals_the_cli():
    e = loftrange.estimate(test="2017-11-28-hwasong15-kcna", model="rotating")
    assert e.to_dict() == cli_json("estimate", "--test", "2017-11-28-hwasong15-kcna", "--model", "rotating")


def test_trajectories_are_numpy_arrays_that_end_where_the_json_says():
    e = loftrange.estimate(4475, 950, 3180, model="rotating", site="pyongsong", test_azimuth=90, trajectory_points=300)
    t = e.trajectories
    assert set(t) == {"lofted", "standard"}
    s = t["standard"]
    for name in ("time_s", "lat_deg", "lon_deg", "altitude_km", "ground_distance_km"):
        a = getattr(s, name)
        assert a.dtype.name == "float64" and a.shape == (300,), name
    # The last point is the impact: the standard trajectory's flight time and range.
    assert math.isclose(s.time_s[-1], e.standard.flight_time_s, rel_tol=1e-9)
    assert math.isclose(s.ground_distance_km[-1], e.standard.range_km, rel_tol=1e-6)
    assert math.isclose(s.altitude_km.max(), e.standard.apogee_km, rel_tol=1e-3)
    # It starts at Pyongsong (39.25 N, 125.87 E as the CLI echoes the site).
    assert math.isclose(s.lat_deg[0], e.input.site[0], abs_tol=1e-6)
    assert math.isclose(s.lon_deg[0], e.input.site[1], abs_tol=1e-6)
    assert loftrange.estimate(4475, 950, trajectory_points=0).trajectories == {}


def test_reach_equals_the_cli_json():
    r = loftrange.reach(4475, 950, 3180, site="pyongsong", test_azimuth=90, step=5)
    d = cli_json("reach", *SEED, "--site", "pyongsong", "--test-azimuth", "90", "--step", "5")
    assert r.to_dict() == d
    assert r.places == d["places_in_reach"]
    assert r.text(30) == run_cli("reach", *SEED, "--site", "pyongsong", "--test-azimuth", "90", "--step", "5")[0]


def test_reach_geojson_is_the_cli_file(tmp_path):
    out = tmp_path / "map.geojson"
    run_cli("reach", *SEED, "--site", "pyongsong", "--test-azimuth", "90", "--step", "5", "-o", str(out))
    r = loftrange.reach(4475, 950, 3180, site="pyongsong", test_azimuth=90, step=5)
    assert r.geojson() == out.read_text()


def test_monte_carlo_equals_the_cli_json():
    # The command line's estimate with error bars; only where the +- came from differs.
    args = ["--apogee", "4475+-50km", "--range", "950+-25km", "--flight-time", "53min", "--samples", "300", "--seed", "7"]
    d = cli_json("estimate", *args)
    m = loftrange.monte_carlo("4475+-50km", "950+-25km", "53min", samples=300, seed=7)
    got = m.to_dict()
    assert d["uncertainty"].pop("uncertainty_source") == "command line"
    assert got["uncertainty"].pop("uncertainty_source") == "the call's arguments"
    assert got == d
    s = m.samples
    assert s.shape == (300,) and s.dtype.name == "float64"
    # The summary is over these samples: their count and their mean.
    assert m.summary["succeeded"] == 300
    assert math.isclose(s.mean(), m.summary["mean_km"], rel_tol=1e-12)
    assert m.failures == [None] * 300


def test_catalog_and_places_equal_the_cli():
    assert loftrange.catalog() == cli_json("catalog")
    assert loftrange.places("pyong") == cli_json("places", "pyong")
    assert loftrange.places() == cli_json("places")
