"""Dated map layers built from the curated tables: areas of control and patrol/deconfliction lines.

Areas of control are recorded per district and snapshot date (data/control.csv) and dissolved here
into one polygon per controller; lines are ordered waypoints (data/lines.csv) joined by straight
segments.  Both are approximate by construction and say so.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from . import vocab

SOURCE_FIELDS = ["source", "source_title", "source_date", "source_url", "source2", "source2_title",
                 "source2_date", "source2_url"]


def snapshot_dates(control: pd.DataFrame) -> list[pd.Timestamp]:
    return sorted(control["snapshot_date"].dropna().unique()) if len(control) else []


def snapshot_for(control: pd.DataFrame, as_of) -> pd.Timestamp | None:
    """The latest snapshot accurate as of a date on or before ``as_of`` (None if none is that old)."""
    earlier = [d for d in snapshot_dates(control) if d <= pd.Timestamp(as_of)]
    return earlier[-1] if earlier else None


def control_areas(control: pd.DataFrame, districts: gpd.GeoDataFrame, snapshot=None) -> gpd.GeoDataFrame:
    """One (multi)polygon per snapshot and controller, with the districts and sources behind it."""
    cols = ["snapshot_date", "controller", "label", "districts", "notes", "sources", "confidence", "approximate", "geometry"]
    rows = control if snapshot is None else control[control["snapshot_date"] == pd.Timestamp(snapshot)]
    if rows.empty:
        return gpd.GeoDataFrame(columns=cols, geometry="geometry", crs="EPSG:4326")
    geo = districts[["adm2_name", "admin1", "geometry"]].merge(rows, on=["adm2_name", "admin1"], how="inner")
    order = list(vocab.CONFIDENCE)
    out = []
    for (snap, ctrl), g in geo.groupby(["snapshot_date", "controller"], sort=True):
        srcs = []
        for _, r in g.iterrows():
            for k in ("source", "source2"):
                if pd.notna(r[k]):
                    srcs.append((r[k], r.get(f"{k}_title"), r.get(f"{k}_url"), r.get(f"{k}_date")))
        uniq = list(dict.fromkeys(srcs))
        weakest = max(g["confidence"], key=lambda c: order.index(c) if c in order else len(order))
        out.append({
            "snapshot_date": snap, "controller": ctrl,
            "label": vocab.CONTROLLERS[ctrl].label if ctrl in vocab.CONTROLLERS else ctrl,
            "districts": ", ".join(sorted(g["adm2_name"])),
            "notes": " | ".join(f"{a}: {n}" for a, n in zip(g["adm2_name"], g["note"]) if pd.notna(n)),
            "sources": uniq, "confidence": weakest,
            "approximate": bool((g["approximate"] == "true").any()),
            "geometry": g.geometry.union_all(),
        })
    return gpd.GeoDataFrame(out, columns=cols, geometry="geometry", crs="EPSG:4326")


def parse_waypoints(text: str) -> list[tuple[str, float, float]]:
    pts = []
    for part in str(text).split(";"):
        name, coords = part.rsplit("@", 1)
        lat, lon = (float(x) for x in coords.split(","))
        pts.append((name.strip(), lat, lon))
    return pts


def line_shapes(lines: pd.DataFrame) -> gpd.GeoDataFrame:
    """Lines as LineStrings; zones as their centre Point (radius_km says how big)."""
    geoms = []
    for _, r in lines.iterrows():
        pts = parse_waypoints(r["waypoints"])
        geoms.append(Point(pts[0][2], pts[0][1]) if len(pts) == 1 else LineString([(lon, lat) for _, lat, lon in pts]))
    return gpd.GeoDataFrame(lines.copy(), geometry=geoms, crs="EPSG:4326")


def lines_active(lines: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Lines in force at some time between start and end (open ends count as still in force)."""
    m = pd.Series(True, index=lines.index)
    if end is not None:
        m &= lines["valid_from"] <= pd.Timestamp(end)
    if start is not None:
        m &= lines["valid_to"].isna() | (lines["valid_to"] >= pd.Timestamp(start))
    return lines[m]
