"""loftrange for Python: from a lofted missile test (apogee, range, flight time) to the
range on a standard (minimum-energy) trajectory, with the assumptions stated.

The same library as the ``loftrange`` command line, called in process: the inputs are the
command line's values ("4475 km", "53 min", "pyongsong"; a plain number is km, s, km/s
or degrees), the results are its ``--json`` objects.

>>> import loftrange
>>> e = loftrange.estimate("4475 km", "950 km", flight_time="53 min")
>>> round(e.standard.range_km)
9983

Bad input raises ``ValueError`` with the command line's one-line message; a question
without a solution raises :class:`NoSolution`.
"""

import json as _json

import numpy as _np

from . import _native
from ._native import NoSolution

__version__ = "0.1.0"

__all__ = [
    "NoSolution",
    "Record",
    "Trajectory",
    "Estimate",
    "Reach",
    "MonteCarlo",
    "estimate",
    "estimate_many",
    "reach",
    "monte_carlo",
    "catalog",
    "places",
]

#: Points sampled on each trajectory by :func:`estimate` unless told otherwise.
DEFAULT_TRAJECTORY_POINTS = 200


def _wrap(value):
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class Record:
    """A JSON object of the command line's output read as attributes:
    ``e.standard.range_km`` is ``e.to_dict()["standard"]["range_km"]``. Objects inside
    are Records, lists of objects lists of Records; ``to_dict()`` gives the plain dict."""

    __slots__ = ("_data",)

    def __init__(self, data: dict):
        object.__setattr__(self, "_data", data)

    def _dict(self) -> dict:
        return self._data

    def __getattr__(self, name):
        data = self._dict()
        try:
            return _wrap(data[name])
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute {name!r} (keys: {', '.join(data)})"
            ) from None

    def __getitem__(self, key):
        return _wrap(self._dict()[key])

    def __contains__(self, key) -> bool:
        return key in self._dict()

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._dict()))

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is read-only")

    def keys(self):
        """The JSON object's keys."""
        return self._dict().keys()

    def to_dict(self) -> dict:
        """The JSON object as a plain dict (a fresh copy)."""
        return _json.loads(_json.dumps(self._dict()))

    def __eq__(self, other):
        if isinstance(other, Record):
            return self._dict() == other._dict()
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"{type(self).__name__}({self._dict()!r})"


class _Lazy(Record):
    """A Record whose JSON comes from the native result when first read."""

    __slots__ = ("_native", "_cache")

    def __init__(self, native):
        object.__setattr__(self, "_native", native)
        object.__setattr__(self, "_cache", None)

    def _dict(self) -> dict:
        cache = self._cache
        if cache is None:
            cache = _json.loads(self._native.json())
            object.__setattr__(self, "_cache", cache)
        return cache

    def to_dict(self) -> dict:
        """The command line's ``--json`` object as a plain dict (a fresh copy)."""
        return _json.loads(self._native.json())

    def __repr__(self):
        return f"<loftrange.{type(self).__name__}: model {self._dict().get('model')}>"


class Trajectory:
    """A sampled flight: numpy arrays of the same length, from burnout (impulsive models)
    or launch (model boost) to impact.

    Attributes: ``time_s`` (since burnout or launch), ``lat_deg``, ``lon_deg`` (of the
    point below the vehicle, Earth-fixed), ``altitude_km``, ``ground_distance_km`` (from
    the launch point along the ground track)."""

    __slots__ = ("time_s", "lat_deg", "lon_deg", "altitude_km", "ground_distance_km")

    def __init__(self, arrays):
        for name, raw in zip(self.__slots__, arrays):
            setattr(self, name, _np.frombuffer(raw, dtype=_np.float64).copy())

    def __len__(self) -> int:
        return len(self.time_s)

    def __repr__(self):
        return f"<loftrange.Trajectory: {len(self)} points, {self.time_s[-1]:.0f} s>"


class Estimate(_Lazy):
    """The answer to one question. Its attributes are the keys of the command line's
    ``estimate --json`` (``e.standard.range_km``, ``e.burnout.speed_km_s``,
    ``e.targets[0].reachable``); ``to_dict()`` is that object; ``trajectories`` holds the
    sampled flights as numpy arrays."""

    __slots__ = ("_trajectories",)

    def __init__(self, native):
        super().__init__(native)
        object.__setattr__(self, "_trajectories", None)

    @property
    def trajectories(self) -> dict:
        """The sampled flights by name, ``"lofted"`` (the reconstructed test) and
        ``"standard"`` (the headline standard trajectory), as :class:`Trajectory`; empty
        with ``trajectory_points=0``."""
        if self._trajectories is None:
            found = {}
            for name in ("lofted", "standard"):
                raw = self._native.trajectory(name)
                if raw is not None:
                    found[name] = Trajectory(raw)
            object.__setattr__(self, "_trajectories", found)
        return dict(self._trajectories)

    def text(self) -> str:
        """The command line's text report."""
        return self._native.text()

    def svg(self) -> str:
        """The trajectory figure as SVG text (the command line's ``plot -o FILE.svg``);
        needs ``trajectory_points`` above 0."""
        return self._native.svg()

    def __repr__(self):
        d = self._dict()
        s = d["standard"]
        what = "global reach" if s.get("global_reach") else f"standard range {s.get('range_km'):,.0f} km"
        return f"<loftrange.Estimate: model {d['model']}, {what}>"


class Reach(_Lazy):
    """The reach over every launch azimuth from the site. Its attributes are the keys of
    the command line's ``reach --json``; ``places`` lists the places in reach as dicts;
    ``__geo_interface__`` is the reach map as a GeoJSON FeatureCollection (RFC 7946), so
    ``geopandas.GeoDataFrame.from_features(r)``, shapely and folium take it directly."""

    __slots__ = ()

    @property
    def places(self) -> list:
        """The places in reach, nearest margin last, as dicts (pandas-ready)."""
        return self.to_dict()["places_in_reach"]

    @property
    def places_just_outside(self) -> list:
        """The places just outside the reach, as dicts."""
        return self.to_dict()["places_just_outside"]

    @property
    def __geo_interface__(self) -> dict:
        """The reach map as a GeoJSON FeatureCollection (the command line's
        ``reach -o map.geojson``)."""
        return _json.loads(self._native.geojson())

    def geojson(self) -> str:
        """The reach map as GeoJSON text."""
        return self._native.geojson()

    def kml(self) -> str:
        """The reach map as KML text (the command line's ``reach -o map.kml``)."""
        return self._native.kml()

    def text(self, limit: int = 30) -> str:
        """The command line's text report, with at most ``limit`` places a list."""
        return self._native.text(limit)

    def svg(self, world: bool = False) -> str:
        """The reach map as SVG text (the command line's ``reach -o map.svg``, with
        ``world`` its ``--world``)."""
        return self._native.svg(world)

    def _repr_svg_(self):
        return self.svg()


class MonteCarlo(_Lazy):
    """A Monte Carlo over the inputs' uncertainties. Its attributes are the keys of the
    command line's ``estimate --json --samples N --seed S`` (the nominal estimate,
    ``uncertainty`` and ``sensitivity``); ``summary`` is the ``uncertainty`` object and
    ``samples`` the standard range of every sample, km (NaN: failed, inf: global reach)."""

    __slots__ = ("_samples",)

    def __init__(self, native):
        super().__init__(native)
        ranges, speeds, errors = native.samples()
        object.__setattr__(
            self,
            "_samples",
            (
                _np.frombuffer(ranges, dtype=_np.float64).copy(),
                _np.frombuffer(speeds, dtype=_np.float64).copy(),
                errors,
            ),
        )

    @property
    def samples(self):
        """Standard range of each sample, km, in sample order (NaN: the sample failed;
        inf: global reach)."""
        return self._samples[0].copy()

    @property
    def burnout_speeds_km_s(self):
        """Burnout speed of each sample, km/s (NaN: failed)."""
        return self._samples[1].copy()

    @property
    def failures(self) -> list:
        """Why each sample failed, or None where it succeeded."""
        return list(self._samples[2])

    @property
    def summary(self) -> dict:
        """The ``uncertainty`` object: percentiles, failures, the inputs' ±."""
        return self.to_dict()["uncertainty"]

    def svg(self) -> str:
        """The histogram of the standard ranges as SVG text."""
        return self._native.svg()


def _inputs(**kwargs) -> dict:
    return {k: v for k, v in kwargs.items() if v is not None}


def estimate(
    apogee=None,
    range=None,
    flight_time=None,
    *,
    model=None,
    site=None,
    test_azimuth=None,
    azimuths=None,
    targets=None,
    beta=None,
    burnout_altitude=None,
    burnout_speed=None,
    vehicle=None,
    payload=None,
    extra_payload=None,
    test=None,
    trajectory_points=DEFAULT_TRAJECTORY_POINTS,
) -> Estimate:
    """The standard range of a lofted test, or in forward mode of a burnout state or a
    vehicle: the command line's ``loftrange estimate``.

    Every input is the command line's flag value as text ("4475 km", "53 min",
    "7.2 km/s", "pyongsong", "39.0,125.7") or a plain number in km (apogee, range,
    burnout_altitude), s (flight_time), km/s (burnout_speed), degrees (test_azimuth,
    azimuths), kg/m2 (beta) or kg (payload). ``site`` and ``targets`` also take
    (lat, lon) pairs in degrees. ``model``: kepler, sphere, rotating, earth or boost
    (default: kepler, rotating with a site, boost with a vehicle file). ``test``: a
    catalog id whose values fill the inputs left out. Forward mode: ``burnout_speed=``
    (with ``burnout_altitude=``) or ``vehicle=`` a TOML vehicle file (with ``payload=``).

    ``trajectory_points``: points sampled on each trajectory (``Estimate.trajectories``;
    0 for none). A value with ``+-`` is refused here: error bars come from
    :func:`monte_carlo`.

    Raises ``ValueError`` (bad input, the command line's message) or :class:`NoSolution`.
    """
    native = _native.estimate(
        _inputs(
            apogee=apogee,
            range=range,
            flight_time=flight_time,
            model=model,
            site=site,
            test_azimuth=test_azimuth,
            azimuths=azimuths,
            targets=targets,
            beta=beta,
            burnout_altitude=burnout_altitude,
            burnout_speed=burnout_speed,
            vehicle=vehicle,
            payload=payload,
            extra_payload=extra_payload,
            test=test,
        ),
        trajectory_points,
    )
    return Estimate(native)


#: The inputs estimate_many takes a column of (one value a row) or one value for all rows.
_COLUMN_INPUTS = (
    "apogee",
    "range",
    "flight_time",
    "burnout_altitude",
    "burnout_speed",
    "test_azimuth",
    "beta",
    "payload",
    "model",
    "site",
    "test",
    "vehicle",
    "extra_payload",
)

#: The output columns of estimate_many besides ``global_reach`` and ``error``.
_MANY_OUTPUTS = (
    "standard_range_km",
    "standard_apogee_km",
    "standard_flight_time_s",
    "standard_flight_path_angle_deg",
    "standard_azimuth_deg",
    "burnout_speed_km_s",
    "burnout_flight_path_angle_deg",
    "burnout_altitude_km",
)


def _is_column(value) -> bool:
    if value is None or isinstance(value, (str, bytes, tuple)):
        return False
    return _np.ndim(value) == 1


def estimate_many(
    apogee=None,
    range=None,
    flight_time=None,
    *,
    model=None,
    site=None,
    test_azimuth=None,
    azimuths=None,
    targets=None,
    beta=None,
    burnout_altitude=None,
    burnout_speed=None,
    vehicle=None,
    payload=None,
    extra_payload=None,
    test=None,
) -> dict:
    """One estimate per row, computed in parallel (all cores) with the GIL released.

    Each of apogee, range, flight_time, burnout_altitude, burnout_speed, test_azimuth,
    beta, payload, model, site, test, vehicle and extra_payload is either a column (a
    numpy array, a pandas Series, a list: numbers in the units of :func:`estimate`, or
    texts) or one value for every row; azimuths and targets apply to every row. A NaN
    flight time is no flight time (pandas' missing value).

    Returns a dict of numpy arrays, one value a row (``pandas.DataFrame(result)`` makes a
    table): ``standard_range_km``, ``standard_apogee_km``, ``standard_flight_time_s``,
    ``standard_flight_path_angle_deg``, ``standard_azimuth_deg``, ``burnout_speed_km_s``,
    ``burnout_flight_path_angle_deg``, ``burnout_altitude_km`` (each the number of
    :func:`estimate`'s ``--json`` object; NaN where it has none), ``global_reach`` (bool)
    and ``error`` (the one-line message of a row that failed, else None). A row's error
    does not stop the others.
    """
    given = dict(
        apogee=apogee,
        range=range,
        flight_time=flight_time,
        model=model,
        site=site,
        test_azimuth=test_azimuth,
        beta=beta,
        burnout_altitude=burnout_altitude,
        burnout_speed=burnout_speed,
        vehicle=vehicle,
        payload=payload,
        extra_payload=extra_payload,
        test=test,
    )
    columns = {}
    shared = _inputs(azimuths=azimuths, targets=targets)
    n = None
    for key in _COLUMN_INPUTS:
        value = given[key]
        if value is None:
            continue
        if not _is_column(value):
            shared[key] = value
            continue
        arr = _np.asarray(value)
        if n is None:
            n = len(arr)
        elif len(arr) != n:
            raise ValueError(f"{key}: a column of {len(arr)} values where the others have {n}")
        if arr.dtype.kind in "biufc" and arr.dtype.kind != "b":
            columns[key] = _np.ascontiguousarray(arr, dtype=_np.float64).tobytes()
        elif arr.dtype.kind == "b":
            raise ValueError(f"{key}: a column of booleans is not accepted: numbers or texts")
        else:
            try:
                columns[key] = _np.ascontiguousarray(arr, dtype=_np.float64).tobytes()
            except (TypeError, ValueError):
                columns[key] = [str(v) for v in arr]
    if n is None:
        n = 1
    out = _native.estimate_many(columns, shared, n)
    result = {name: _np.frombuffer(out[name], dtype=_np.float64).copy() for name in _MANY_OUTPUTS}
    result["global_reach"] = _np.frombuffer(out["global_reach"], dtype=_np.uint8).astype(bool)
    result["error"] = _np.array(out["error"], dtype=object)
    return result


def reach(
    apogee=None,
    range=None,
    flight_time=None,
    *,
    site=None,
    model=None,
    test_azimuth=None,
    azimuths=None,
    targets=None,
    beta=None,
    burnout_altitude=None,
    burnout_speed=None,
    vehicle=None,
    payload=None,
    extra_payload=None,
    test=None,
    step=1.0,
) -> Reach:
    """The standard range over every launch azimuth from ``site`` (needed, or from the
    ``test``'s site), the places within reach and the reach map: the command line's
    ``loftrange reach``. The inputs are :func:`estimate`'s; ``step``: degrees between
    azimuths (0.01 to 90). ``Reach.__geo_interface__`` is the map as GeoJSON.
    """
    native = _native.reach(
        _inputs(
            apogee=apogee,
            range=range,
            flight_time=flight_time,
            model=model,
            site=site,
            test_azimuth=test_azimuth,
            azimuths=azimuths,
            targets=targets,
            beta=beta,
            burnout_altitude=burnout_altitude,
            burnout_speed=burnout_speed,
            vehicle=vehicle,
            payload=payload,
            extra_payload=extra_payload,
            test=test,
        ),
        step,
    )
    return Reach(native)


def monte_carlo(
    apogee=None,
    range=None,
    flight_time=None,
    *,
    model=None,
    site=None,
    test_azimuth=None,
    burnout_altitude=None,
    beta=None,
    vehicle=None,
    test=None,
    samples=None,
    seed=None,
    uniform=False,
) -> MonteCarlo:
    """Error bars: a Monte Carlo over the inputs' uncertainties, given with ``+-`` as on
    the command line (``apogee="4475+-50km"``, ``site="39.0+-0.1,125.7+-0.1"``); the
    command line's ``estimate --samples N --seed S`` (with model boost and the generic
    vehicle it also varies the vehicle's assumptions). ``samples``: default 2000;
    ``seed``: the command line's default when None; ``uniform``: ``+-`` is the half-width
    of a uniform distribution instead of one normal standard deviation.
    """
    native = _native.monte_carlo(
        _inputs(
            apogee=apogee,
            range=range,
            flight_time=flight_time,
            model=model,
            site=site,
            test_azimuth=test_azimuth,
            burnout_altitude=burnout_altitude,
            beta=beta,
            vehicle=vehicle,
            test=test,
        ),
        samples,
        seed,
        uniform,
    )
    return MonteCarlo(native)


def catalog() -> list:
    """The embedded catalog of published tests, each with its standard range under every
    model and, for the tests with global reach, what they could carry
    (``payload_for_global_reach``): the command line's ``catalog --json``, a list of dicts
    (pandas-ready). About 2 s: the payload answers are boost fits."""
    return _json.loads(_native.catalog())


def places(query: str = "") -> list:
    """The embedded places (launch sites, capitals, large cities) whose name matches
    ``query`` (all for ""): the command line's ``places --json``, a list of dicts."""
    return _json.loads(_native.places(query))
