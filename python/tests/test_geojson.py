"""The reach map's `__geo_interface__` is valid GeoJSON (RFC 7946): checked directly, and
read back with shapely where it is installed (CI installs it; the package does not need it)."""

import math

import pytest

import loftrange


@pytest.fixture(scope="module")
def reach():
    return loftrange.reach(4475, 950, 3180, site="pyongsong", test_azimuth=90, step=2)


def positions_ok(p):
    # RFC 7946 3.1.1: longitude, latitude (and optionally elevation), in degrees (WGS 84).
    assert isinstance(p, list) and len(p) in (2, 3), p
    assert all(isinstance(x, (int, float)) and math.isfinite(x) for x in p), p
    assert -180 <= p[0] <= 180 and -90 <= p[1] <= 90, p


def ring_area(ring):
    # Shoelace in the lon/lat plane: > 0 counterclockwise.
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


def polygon_ok(rings):
    assert isinstance(rings, list) and rings
    for i, ring in enumerate(rings):
        # 3.1.6: a linear ring is closed, with four or more positions.
        assert len(ring) >= 4 and ring[0] == ring[-1], ring[:3]
        for p in ring:
            positions_ok(p)
        # The right-hand rule: exterior counterclockwise, holes clockwise.
        area = ring_area(ring)
        assert (area > 0) if i == 0 else (area < 0), (i, area)


def geometry_ok(g):
    if g is None:
        return
    assert set(g) >= {"type", "coordinates"}
    if g["type"] == "Point":
        positions_ok(g["coordinates"])
    elif g["type"] == "Polygon":
        polygon_ok(g["coordinates"])
    elif g["type"] == "MultiPolygon":
        for poly in g["coordinates"]:
            polygon_ok(poly)
    elif g["type"] == "LineString":
        assert len(g["coordinates"]) >= 2
        for p in g["coordinates"]:
            positions_ok(p)
    else:
        raise AssertionError(f"unexpected geometry type {g['type']}")


def test_geo_interface_is_an_rfc7946_feature_collection(reach):
    fc = reach.__geo_interface__
    assert fc["type"] == "FeatureCollection"
    assert "crs" not in fc  # removed by RFC 7946 (4)
    assert isinstance(fc["features"], list) and fc["features"]
    kinds = set()
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert "geometry" in f and "properties" in f
        assert f["properties"] is None or isinstance(f["properties"], dict)
        geometry_ok(f["geometry"])
        kinds.add(f["geometry"]["type"] if f["geometry"] else None)
    # The site and the places are points; the reach is an area.
    assert "Point" in kinds and kinds & {"Polygon", "MultiPolygon"}


def test_places_in_reach_lie_inside_the_reach_range(reach):
    assert reach.places, "places in reach"
    for p in reach.places:
        assert p["distance_km"] <= p["range_km"], p
    for p in reach.places_just_outside:
        assert p["distance_km"] > p["range_km"], p


def test_shapely_reads_it_back_when_installed(reach):
    shapely = pytest.importorskip("shapely.geometry")
    for f in reach.__geo_interface__["features"]:
        if f["geometry"] is not None:
            g = shapely.shape(f["geometry"])
            assert g.is_valid, f["properties"]
