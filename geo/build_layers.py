"""Export the curated dated layers as GeoJSON for GIS users: geo/control_areas.geojson, geo/lines.geojson.

    .venv/bin/python geo/build_layers.py

The sources of truth are data/control.csv and data/lines.csv (validated like every table); these
files are derived from them and tests/test_curated_data.py checks they are up to date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from syriawatch import GEO_DIR  # noqa: E402  (path set above so the script runs from a checkout)
from syriawatch.geo import load_geo  # noqa: E402
from syriawatch.layers import control_areas, line_shapes  # noqa: E402
from syriawatch.loading import load_dataset  # noqa: E402


def build() -> dict[str, str]:
    ds = load_dataset()
    areas = control_areas(ds.control, load_geo().districts)
    areas = areas.assign(snapshot_date=areas["snapshot_date"].dt.strftime("%Y-%m-%d"),
                         sources=areas["sources"].map(lambda s: json.dumps(
                             [{"outlet": o, "title": t, "url": u, "date": None if d is None or str(d) == "NaT" else str(d)[:10]}
                              for o, t, u, d in s], ensure_ascii=False)))
    lines = line_shapes(ds.lines).drop(columns=["_line"])
    for c in lines.columns:
        if str(lines[c].dtype).startswith("datetime"):
            lines[c] = lines[c].dt.strftime("%Y-%m-%d")
    out = {}
    for name, gdf in (("control_areas.geojson", areas), ("lines.geojson", lines)):
        gdf = gpd.GeoDataFrame(gdf, geometry="geometry", crs="EPSG:4326")
        gdf["geometry"] = gdf.geometry.set_precision(1e-4)
        out[name] = gdf.to_json(ensure_ascii=False, indent=0, drop_id=True)
    return out


if __name__ == "__main__":
    for name, text in build().items():
        (GEO_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote geo/{name} ({len(json.loads(text)['features'])} features)")
