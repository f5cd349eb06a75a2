"""Read the committed geographic layers in geo/ (built by geo/build_geo.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import GEO_DIR
from .i18n import N_

ATTRIBUTION = N_("Boundaries: OCHA/UNCS via geoBoundaries (CC BY 3.0 IGO) · Neighbouring countries: Natural Earth "
                  "(public domain) · Places: GeoNames (CC BY 4.0) · Rivers: GSHHG/WDBII (LGPL-3.0)")  # a catalogue key: show _(ATTRIBUTION)


@dataclass
class GeoLayers:
    governorates: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    outline: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    places: pd.DataFrame
    rivers: gpd.GeoDataFrame | None = None   # Euphrates and Khabur (GSHHG/WDBII), see geo/README.md
    roads: gpd.GeoDataFrame | None = None    # main roads, approximate straight segments through towns


def load_geo(geo_dir: Path = GEO_DIR) -> GeoLayers:
    gov = gpd.read_file(geo_dir / "syria_adm1.geojson")
    gov["label_point"] = gov.geometry.representative_point()
    return GeoLayers(
        governorates=gov,
        districts=gpd.read_file(geo_dir / "syria_adm2.geojson"),
        outline=gpd.read_file(geo_dir / "syria_outline.geojson"),
        neighbours=gpd.read_file(geo_dir / "neighbours.geojson"),
        places=pd.read_csv(geo_dir / "places.csv"),
        rivers=gpd.read_file(geo_dir / "rivers.geojson") if (geo_dir / "rivers.geojson").exists() else None,
        roads=gpd.read_file(geo_dir / "roads.geojson") if (geo_dir / "roads.geojson").exists() else None,
    )
