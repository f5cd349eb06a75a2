"""Checks that every drawn coordinate is where its row says it is (pure functions, used by the tests).

Each located site or event says in ``geo_note`` where its point comes from: a page that states it
(a URL) or a GeoNames gazetteer place (``GeoNames <id>``).  The checks:

* a point that cites ``GeoNames <id>`` lies within the ring the map draws for its precision
  (1: 2 km, 2: 5 km, 3: 25 km) of that place in ``geo/gazetteer_sy.csv``, unless ``geo/site_checks.csv``
  states a larger distance with its basis (e.g. "26 km north of Raqqa");
* a row flagged ``east``/``west`` in ``geo/site_checks.csv`` lies on that bank of the Euphrates as
  drawn in ``geo/rivers.geojson`` (east = left of the downstream direction);
* a point lies in the governorate its row names (3 km tolerance for the simplified borders);
* a site without coordinates says "location not public" in its ``geo_note``.
"""

from __future__ import annotations

import math
import re

import pandas as pd
from shapely.geometry import LineString, Point

MAX_KM = {1: 2.0, 2: 5.0, 3: 25.0}  # the rings the map draws (precision 1 has none: 2 km tolerance)
GEONAMES = re.compile(r"GeoNames (\d+)")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def river_side(river: LineString, lat: float, lon: float) -> str:
    """'east' if the point is left of the river's downstream direction (the Jazira bank), else 'west'."""
    p = Point(lon, lat)
    s = river.project(p)
    a = river.interpolate(max(s - 0.01, 0.0))
    b = river.interpolate(min(s + 0.01, river.length))
    cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
    return "east" if cross > 0 else "west"


def check_points(rows: pd.DataFrame, id_col: str, gazetteer: pd.DataFrame, checks: pd.DataFrame,
                 euphrates: LineString, governorates=None) -> list[str]:
    """Every problem found, one line each (empty list: all points check out)."""
    gz = gazetteer.set_index("geonameid")
    ck = checks.set_index("id")
    problems = []
    for _i, r in rows.iterrows():
        rid = r[id_col]
        key = r.get("site_key", rid)
        note = "" if pd.isna(r.get("geo_note")) else str(r["geo_note"])
        c = ck.loc[key] if key in ck.index else (ck.loc[rid] if rid in ck.index else None)
        if pd.isna(r["latitude"]):
            if id_col == "site_id" and "location not public" not in note:
                problems.append(f"{rid}: no coordinates and geo_note does not say 'location not public'")
            continue
        lat, lon = float(r["latitude"]), float(r["longitude"])
        m = GEONAMES.search(note)
        if m is None and "http" not in note:
            problems.append(f"{rid}: geo_note cites neither a page (URL) nor a GeoNames place")
        if m is not None:
            gid = int(m.group(1))
            if gid not in gz.index:
                problems.append(f"{rid}: GeoNames {gid} is not a Syrian place in geo/gazetteer_sy.csv")
            else:
                limit = MAX_KM[int(r["geo_precision"])]
                if c is not None and pd.notna(c["max_km"]):
                    limit = float(c["max_km"])
                d = km(lat, lon, gz.loc[gid, "latitude"], gz.loc[gid, "longitude"])
                if d > limit:
                    problems.append(f"{rid}: {d:.1f} km from GeoNames {gid} ({gz.loc[gid, 'name']}), "
                                    f"more than the {limit:g} km its precision/check allows")
        if c is not None and isinstance(c["bank"], str) and c["bank"]:
            side = river_side(euphrates, lat, lon)
            if side != c["bank"]:
                problems.append(f"{rid}: flagged {c['bank']} of the Euphrates but its point is on the {side} bank")
        if governorates is not None and isinstance(r.get("admin1"), str):
            gov = governorates[governorates["admin1"] == r["admin1"]]
            if len(gov) and not gov.geometry.iloc[0].buffer(0.03).contains(Point(lon, lat)):
                problems.append(f"{rid}: point lies outside its governorate {r['admin1']}")
    return problems
