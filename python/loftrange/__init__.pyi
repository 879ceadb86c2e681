# Type stubs of the loftrange package (checked against the module by
# python/tests/test_stubs.py: every public name, and every function's parameters).
from typing import Any, Dict, Iterable, KeysView, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str
DEFAULT_TRAJECTORY_POINTS: int

# A value as the command line takes it ("4475 km", "53 min"), or a plain number in the
# field's default unit (km, s, km/s, degrees).
Value = Union[str, float, int]
# A place: a name ("pyongsong", "Tokyo, JP"), "LAT,LON", or a (lat, lon) pair in degrees.
PlaceInput = Union[str, Tuple[float, float]]
# A column of estimate_many (numbers or texts, one a row) or one value for every row.
Column = Union[Value, Sequence[Value], npt.ArrayLike]

class NoSolution(Exception):
    """No solution: the solvers found no flight for the question (the command line's exit code 1)."""

class Record:
    """A JSON object of the command line's output read as attributes."""
    def __init__(self, data: Dict[str, Any]) -> None: ...
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, key: str) -> Any: ...
    def __contains__(self, key: object) -> bool: ...
    def keys(self) -> KeysView[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Trajectory:
    """A sampled flight as numpy arrays of one length."""
    time_s: npt.NDArray[np.float64]
    lat_deg: npt.NDArray[np.float64]
    lon_deg: npt.NDArray[np.float64]
    altitude_km: npt.NDArray[np.float64]
    ground_distance_km: npt.NDArray[np.float64]
    def __init__(self, arrays: Sequence[bytes]) -> None: ...
    def __len__(self) -> int: ...

class Estimate(Record):
    """The answer to one question: the attributes of `estimate --json`."""
    @property
    def trajectories(self) -> Dict[str, Trajectory]: ...
    def text(self) -> str: ...
    def svg(self) -> str: ...

class Reach(Record):
    """The reach over every launch azimuth: the attributes of `reach --json`."""
    @property
    def places(self) -> List[Dict[str, Any]]: ...
    @property
    def places_just_outside(self) -> List[Dict[str, Any]]: ...
    @property
    def __geo_interface__(self) -> Dict[str, Any]: ...
    def geojson(self) -> str: ...
    def kml(self) -> str: ...
    def text(self, limit: int = 30) -> str: ...
    def svg(self, world: bool = False) -> str: ...

class MonteCarlo(Record):
    """A Monte Carlo over the inputs' uncertainties: `estimate --json --samples N`."""
    @property
    def samples(self) -> npt.NDArray[np.float64]: ...
    @property
    def burnout_speeds_km_s(self) -> npt.NDArray[np.float64]: ...
    @property
    def failures(self) -> List[Optional[str]]: ...
    @property
    def summary(self) -> Dict[str, Any]: ...
    def svg(self) -> str: ...

def estimate(
    apogee: Optional[Value] = None,
    range: Optional[Value] = None,
    flight_time: Optional[Value] = None,
    *,
    model: Optional[str] = None,
    site: Optional[PlaceInput] = None,
    test_azimuth: Optional[Value] = None,
    azimuths: Optional[Union[Value, Iterable[Value]]] = None,
    targets: Optional[Union[PlaceInput, Iterable[PlaceInput]]] = None,
    beta: Optional[Value] = None,
    burnout_altitude: Optional[Value] = None,
    burnout_speed: Optional[Value] = None,
    vehicle: Optional[str] = None,
    payload: Optional[Value] = None,
    extra_payload: Optional[str] = None,
    test: Optional[str] = None,
    trajectory_points: int = 200,
) -> Estimate: ...
def estimate_many(
    apogee: Optional[Column] = None,
    range: Optional[Column] = None,
    flight_time: Optional[Column] = None,
    *,
    model: Optional[Column] = None,
    site: Optional[Union[PlaceInput, Sequence[str]]] = None,
    test_azimuth: Optional[Column] = None,
    azimuths: Optional[Union[Value, Iterable[Value]]] = None,
    targets: Optional[Union[PlaceInput, Iterable[PlaceInput]]] = None,
    beta: Optional[Column] = None,
    burnout_altitude: Optional[Column] = None,
    burnout_speed: Optional[Column] = None,
    vehicle: Optional[Column] = None,
    payload: Optional[Column] = None,
    extra_payload: Optional[Column] = None,
    test: Optional[Column] = None,
) -> Dict[str, npt.NDArray[Any]]: ...
def reach(
    apogee: Optional[Value] = None,
    range: Optional[Value] = None,
    flight_time: Optional[Value] = None,
    *,
    site: Optional[PlaceInput] = None,
    model: Optional[str] = None,
    test_azimuth: Optional[Value] = None,
    azimuths: Optional[Union[Value, Iterable[Value]]] = None,
    targets: Optional[Union[PlaceInput, Iterable[PlaceInput]]] = None,
    beta: Optional[Value] = None,
    burnout_altitude: Optional[Value] = None,
    burnout_speed: Optional[Value] = None,
    vehicle: Optional[str] = None,
    payload: Optional[Value] = None,
    extra_payload: Optional[str] = None,
    test: Optional[str] = None,
    step: Value = 1.0,
) -> Reach: ...
def monte_carlo(
    apogee: Optional[Value] = None,
    range: Optional[Value] = None,
    flight_time: Optional[Value] = None,
    *,
    model: Optional[str] = None,
    site: Optional[PlaceInput] = None,
    test_azimuth: Optional[Value] = None,
    burnout_altitude: Optional[Value] = None,
    beta: Optional[Value] = None,
    vehicle: Optional[str] = None,
    test: Optional[str] = None,
    samples: Optional[int] = None,
    seed: Optional[int] = None,
    uniform: bool = False,
) -> MonteCarlo: ...
def catalog() -> List[Dict[str, Any]]: ...
def places(query: str = "") -> List[Dict[str, Any]]: ...
