"""estimate_many: one row per observation, each equal to the single call."""

import numpy as np
import pytest

import loftrange

OUTPUTS = {
    "standard_range_km": ("standard", "range_km"),
    "standard_apogee_km": ("standard", "apogee_km"),
    "standard_flight_time_s": ("standard", "flight_time_s"),
    "standard_flight_path_angle_deg": ("standard", "flight_path_angle_deg"),
    "standard_azimuth_deg": ("standard", "azimuth_deg"),
    "burnout_speed_km_s": ("burnout", "speed_km_s"),
    "burnout_flight_path_angle_deg": ("burnout", "flight_path_angle_deg"),
    "burnout_altitude_km": ("burnout", "altitude_km"),
}


def same(a, b):
    b = np.nan if b is None else b
    return (a == b) or (np.isnan(a) and np.isnan(b))


def check_rows(out, singles):
    for i, single in enumerate(singles):
        if isinstance(single, Exception):
            assert out["error"][i] == str(single), i
            assert all(np.isnan(out[k][i]) for k in OUTPUTS), i
            continue
        assert out["error"][i] is None, (i, out["error"][i])
        d = single.to_dict()
        for k, (a, b) in OUTPUTS.items():
            assert same(out[k][i], d[a][b]), (i, k, out[k][i], d[a][b])
        assert out["global_reach"][i] == d["standard"]["global_reach"]


def single(**kw):
    try:
        return loftrange.estimate(trajectory_points=0, **kw)
    except (ValueError, loftrange.NoSolution) as e:
        return e


def test_rows_equal_single_calls_rotating():
    rng = np.random.default_rng(1)
    apogee = rng.uniform(500, 6000, 40)
    rng_km = rng.uniform(300, 1500, 40)
    azimuth = rng.uniform(0, 360, 40)
    t = np.where(np.arange(40) % 3 == 0, np.nan, rng.uniform(1500, 3600, 40))
    apogee[5] = -1.0  # a bad row: its error, and the others still computed
    out = loftrange.estimate_many(apogee, rng_km, t, model="rotating", site="pyongsong", test_azimuth=azimuth)
    assert set(out) == set(OUTPUTS) | {"global_reach", "error"}
    assert all(len(v) == 40 for v in out.values())
    singles = [
        single(
            apogee=float(apogee[i]),
            range=float(rng_km[i]),
            flight_time=None if np.isnan(t[i]) else float(t[i]),
            model="rotating",
            site="pyongsong",
            test_azimuth=float(azimuth[i]),
        )
        for i in range(40)
    ]
    assert isinstance(singles[5], ValueError)
    check_rows(out, singles)


def test_text_columns_and_global_reach():
    out = loftrange.estimate_many(["4475 km", "10000 km"], ["950 km", "19000 km"], model=["kepler", "sphere"])
    singles = [single(apogee="4475 km", range="950 km", model="kepler"), single(apogee="10000 km", range="19000 km", model="sphere")]
    check_rows(out, singles)


def test_scalars_broadcast_and_lists_work():
    out = loftrange.estimate_many([4475, 4000], 950)
    assert out["error"].tolist() == [None, None]
    assert out["standard_range_km"][0] == loftrange.estimate(4475, 950).standard.range_km


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="range: a column of 3 values"):
        loftrange.estimate_many([1, 2], [1, 2, 3])


def test_pandas_columns_when_installed():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"apogee_km": [4475.0, 2800.0], "range_km": [950.0, 930.0], "t_s": [3180.0, None]})
    out = loftrange.estimate_many(df.apogee_km, df.range_km, df.t_s)
    check_rows(out, [single(apogee=4475.0, range=950.0, flight_time=3180.0), single(apogee=2800.0, range=930.0)])
    assert len(pd.DataFrame(out)) == 2
