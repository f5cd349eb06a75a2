"""Streamlit glue: cached loading, the shared filter sidebar, URL state, and page furniture.

The only module of the package that imports Streamlit.  dashboard.py calls :func:`sidebar` once per
run (before the page), pages call :func:`context` and render.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from . import data_dir, filters, layers, vocab
from .filters import Filters
from .geo import GeoLayers, load_geo
from .loading import Dataset, fingerprint, load_dataset

SCOPE_START = dt.date(2015, 9, 1)
FILTER_PARAMS = ("side", "actor", "cat", "from", "to", "gov", "conf")
K = {"sides": "f_sides", "actors": "f_actors", "cats": "f_cats", "dates": "f_dates", "govs": "f_govs", "conf": "f_conf"}
CONF_CHOICES = list(reversed(list(vocab.CONFIDENCE)))  # disputed (= all) … confirmed
CONF_LABELS = {"disputed": "All grades", "possible": "Possible or better", "probable": "Probable or better",
               "confirmed": "Confirmed only"}


@st.cache_data(show_spinner="Loading curated data…", max_entries=4)
def _load(folder: str, key: str) -> Dataset:
    # `key` is the files' content hash: an edited CSV is reloaded, an unchanged one is not re-read.
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    d = data_dir()
    return _load(str(d), fingerprint(d))


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


def today() -> dt.date:
    return dt.date.today()


def _query_dict() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def _defaults() -> dict:
    return {K["sides"]: [], K["actors"]: [], K["cats"]: [], K["dates"]: (SCOPE_START, today()),
            K["govs"]: [], K["conf"]: filters.DEFAULT_CONF}


def _state_from_filters(f: Filters) -> dict:
    start = min(max(f.start or SCOPE_START, SCOPE_START), today())
    end = max(min(f.end or today(), today()), start)
    return {K["sides"]: list(f.sides), K["actors"]: list(f.actors), K["cats"]: list(f.categories),
            K["dates"]: (start, end), K["govs"]: list(f.governorates), K["conf"]: f.min_confidence}


def _init_from_url(ds: Dataset) -> None:
    if st.session_state.get("_url_loaded"):
        return
    parsed = filters.from_query(_query_dict(), ds.actors["code"])
    f = parsed.filters
    ignored = list(parsed.ignored)
    if f.start and f.start < SCOPE_START:
        ignored.append(f"start date {f.start} (before the data's scope, {SCOPE_START})")
    if f.end and f.end > today():
        ignored.append(f"end date {f.end} (in the future)")
    st.session_state.update(_state_from_filters(f))
    st.session_state["_url_ignored"] = ignored
    st.session_state["_url_loaded"] = True


def _reset() -> None:
    st.session_state.update(_defaults())


def current_filters() -> Filters:
    s = st.session_state
    dates = tuple(s.get(K["dates"], ()))
    start = dates[0] if len(dates) >= 1 else None
    end = dates[1] if len(dates) == 2 else None
    return Filters(
        sides=tuple(s.get(K["sides"], [])), actors=tuple(s.get(K["actors"], [])), categories=tuple(s.get(K["cats"], [])),
        start=None if start in (None, SCOPE_START) else start,
        end=None if end in (None, today()) else end,
        governorates=tuple(s.get(K["govs"], [])), min_confidence=s.get(K["conf"], filters.DEFAULT_CONF),
    )


def _write_url(f: Filters) -> None:
    wanted = {k: v for k, v in _query_dict().items() if k not in FILTER_PARAMS}
    for k, v in filters.to_query(f).items():
        wanted[k] = v if isinstance(v, list) else [v]
    if wanted != _query_dict():
        st.query_params.from_dict(wanted)


def sidebar(ds: Dataset) -> Filters:
    """Create the shared filter widgets (once, in dashboard.py) and keep the URL in step with them."""
    _init_from_url(ds)
    actor_names = dict(zip(ds.actors["code"], ds.actors["name_en"]))
    sb = st.sidebar
    sb.markdown("### Filters")
    sb.multiselect("Sides", list(vocab.SIDES), key=K["sides"], format_func=lambda c: vocab.SIDES[c].label,
                   placeholder="All sides", help="An event matches if any of its actors belongs to a chosen side.")
    sb.multiselect("Actors", list(actor_names), key=K["actors"], format_func=lambda c: actor_names.get(c, c),
                   placeholder="All actors")
    sb.multiselect("Categories", list(vocab.CATEGORIES), key=K["cats"], format_func=lambda c: vocab.CATEGORIES[c].label,
                   placeholder="All categories")
    sb.date_input("Date range", key=K["dates"], min_value=SCOPE_START, max_value=today(), format="YYYY-MM-DD")
    sb.multiselect("Governorates", vocab.GOVERNORATE_NAMES, key=K["govs"], placeholder="All governorates",
                   help="Events outside Syria (e.g. talks in Geneva) have no governorate and drop out when this is set.")
    sb.selectbox("Minimum confidence", CONF_CHOICES, key=K["conf"], format_func=CONF_LABELS.get)
    sb.button("Reset filters", on_click=_reset, width="stretch")
    f = current_filters()
    _write_url(f)
    return f


@dataclass
class Context:
    data: Dataset
    filters: Filters
    events: pd.DataFrame
    sites: pd.DataFrame
    actor_names: dict[str, str]
    description: str
    date_range: tuple[dt.date, dt.date]


def context() -> Context:
    ds = dataset()
    f = current_filters()
    names = dict(zip(ds.actors["code"], ds.actors["name_en"]))
    bounds = (f.start or SCOPE_START, f.end or today())
    return Context(ds, f, filters.apply_events(ds.events, f), filters.apply_sites(ds.sites, f), names,
                   filters.describe(f, names, (SCOPE_START, today())), bounds)


def header(title: str, ctx: Context, counts: str) -> None:
    """Page title, the filter sentence, notices about the link and about rejected data rows."""
    st.title(title)
    st.caption(f"**{ctx.description}** · {counts}")
    ignored = st.session_state.get("_url_ignored")
    if ignored:
        st.warning("Some parts of the link were not understood and were ignored: " + "; ".join(ignored))
    problems = ctx.data.problems
    if problems:
        rejected = sum(t.rows_rejected for t in ctx.data.tables.values())
        with st.expander(f"⚠ Data problems: {len(problems)} reported, {rejected} row(s) not loaded — details", expanded=False):
            st.dataframe(pd.DataFrame([p.__dict__ for p in problems]), hide_index=True, width="stretch")


def event_columns() -> dict:
    """column_config for the events table."""
    cc = st.column_config
    return {
        "Date": cc.DateColumn(format="YYYY-MM-DD", width="small"),
        "Title": cc.TextColumn(width="large"),
        "العنوان": cc.TextColumn(width="large"),
        "Tension": cc.NumberColumn(format="%+d", help="−10 cooperation … +10 lethal clash"),
        "Sources": cc.NumberColumn(help="Number of independent sources cited"),
        "Link": cc.LinkColumn(display_text="open", help="Primary source"),
        "Second link": cc.LinkColumn(display_text="open", help="Second, independent source"),
    }
