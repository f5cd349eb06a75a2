"""Streamlit glue: the cached curated data and geo layers, one shared read-only copy for every session.

``dataset()`` is the one entry point the pages use (through :func:`syriawatch.ui_page.context`); what
it reads from may change (CSV files today), its name and return type (:class:`loading.Dataset`) do not.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from . import data_dir, i18n, layers
from .geo import GeoLayers, load_geo
from .i18n import _
from .loading import Dataset, fingerprint, load_dataset


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, key: str) -> Dataset:
    # `key` is the files' content hash: an edited CSV is reloaded, an unchanged one is not re-read.
    # cache_resource: one shared, read-only copy for every session (cache_data would copy it per run).
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    d = data_dir()
    key = fingerprint(d)
    with st.spinner(_("Loading curated data…")):
        return _load(str(d), key)


def actor_names(ds: Dataset) -> dict[str, str]:
    """Actor code -> name in the interface language (Arabic names from actors.csv when filled)."""
    return dict(zip(ds.actors["code"], i18n.column(ds.actors, "name_en", "name_ar")))


@st.cache_resource(show_spinner=False)
def geo_layers() -> GeoLayers:
    return load_geo()


@st.cache_resource(show_spinner=False, max_entries=16)
def _areas(key: str, snapshot: pd.Timestamp | None):
    # key (the data fingerprint) ties the cached polygons to the file contents.
    if snapshot is None:
        return None
    return layers.control_areas(dataset().control, geo_layers().districts, snapshot)


def map_layers(ds: Dataset, as_of, start):
    """Areas of control in force on ``as_of`` and lines in force during [start, as_of]."""
    key = fingerprint(data_dir())
    areas = _areas(key, layers.snapshot_for(ds.control, as_of)) if len(ds.control) else None
    active = layers.lines_active(ds.lines, start, as_of) if len(ds.lines) else ds.lines
    return areas, (layers.line_shapes(active) if len(active) else None)
