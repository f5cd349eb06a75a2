"""The map page's own state (as-of date, incident window, layers, view) and its URL form.

The shared filters decide *which* rows qualify; the map state decides *when* the map shows them:
sites active on the as-of date, the control snapshot and lines in force then, and incidents in a
window before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from . import mapview as _mapview
from . import viewstate
from .i18n import N_, _

# Layer choices and defaults come from the map's layer registry (syriawatch.mapview.LAYERS).
# Labels are catalogue keys (N_): translate with _() where shown.
LAYERS = {layer.code: layer.label for layer in _mapview.CHOICES}
DEFAULT_LAYERS = _mapview.DEFAULT_LAYERS
WINDOWS = {30: N_("30 days"), 90: N_("3 months"), 180: N_("6 months"), 365: N_("12 months"), 0: N_("whole filtered period")}
DEFAULT_WINDOW = 365
VIEW_BOUNDS = {"lat": (30.0, 40.0), "lon": (33.0, 47.0), "zoom": (5, 13)}
PARAMS = ("asof", "win", "layers", "lat", "lon", "z")


@dataclass(frozen=True)
class MapState:
    asof: dt.date | None = None           # None = end of the filtered period
    window_days: int = DEFAULT_WINDOW     # 0 = every incident of the filtered period up to asof
    layers: tuple[str, ...] = DEFAULT_LAYERS
    lat: float | None = None              # None = default framing on the northeast
    lon: float | None = None
    zoom: int | None = None


@dataclass
class ParsedMap:
    state: MapState
    ignored: list[str] = field(default_factory=list)


def to_query(s: MapState) -> dict[str, str]:
    q: dict[str, str] = {}
    if s.asof:
        q["asof"] = s.asof.isoformat()
    if s.window_days != DEFAULT_WINDOW:
        q["win"] = str(s.window_days)
    if tuple(s.layers) != DEFAULT_LAYERS:
        q["layers"] = ",".join(s.layers) if s.layers else "none"
    if s.lat is not None and s.lon is not None and s.zoom is not None:
        q["lat"], q["lon"], q["z"] = f"{s.lat:.4f}", f"{s.lon:.4f}", str(int(s.zoom))
    return q


def _one(params: Mapping, key: str) -> str | None:
    v = params.get(key)
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return None if v is None else str(v)


def _num(v: str | None, lo: float, hi: float) -> float | None:
    if v is None or not re.fullmatch(r"-?\d+(\.\d+)?", v):
        return None
    x = float(v)
    return x if lo <= x <= hi else None


def from_query(params: Mapping) -> ParsedMap:
    """Map state from query parameters; anything malformed is dropped and listed, never raised."""
    ignored: list[str] = []
    asof = None
    raw = _one(params, "asof")
    if raw:
        try:
            asof = dt.date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
        except ValueError:
            asof = None
        if asof is None:
            ignored.append(_("map date") + f" “{raw[:40]}”")
    window = DEFAULT_WINDOW
    raw = _one(params, "win")
    if raw:
        if re.fullmatch(r"[0-9]{1,4}", raw) and int(raw) in WINDOWS:
            window = int(raw)
        else:
            ignored.append(_("incident window") + f" “{raw[:40]}”")
    layers = DEFAULT_LAYERS
    raw = _one(params, "layers")
    if raw is not None:
        wanted = [] if raw == "none" else [x for x in raw.split(",") if x]
        bad = [x for x in wanted if x not in LAYERS]
        ignored += [_("layer") + f" “{x[:40]}”" for x in bad]
        layers = tuple(dict.fromkeys(x for x in wanted if x in LAYERS))
    lat, lon, zoom = (_num(_one(params, k), *VIEW_BOUNDS[b]) for k, b in (("lat", "lat"), ("lon", "lon"), ("z", "zoom")))
    if any(_one(params, k) is not None for k in ("lat", "lon", "z")) and None in (lat, lon, zoom):
        ignored.append(_("map view (lat/lon/z out of range or incomplete)"))
        lat = lon = zoom = None
    return ParsedMap(MapState(asof, window, layers, lat, lon, None if zoom is None else int(zoom)), ignored)


STALE_AFTER = pd.Timedelta(days=548)  # ~18 months without a report: presence is no longer asserted


def last_reported(sites: pd.DataFrame) -> pd.Series:
    """The latest date a site row's own sources speak of it (last report, publication dates, else its start)."""
    cols = ["source_date", "source2_date", "established"] + (["last_report_date"] if "last_report_date" in sites else [])
    return pd.concat([sites[c] for c in cols], axis=1).max(axis=1)


def sites_active_on(sites: pd.DataFrame, day) -> pd.DataFrame:
    """Site periods in force on a day (an unknown start counts as 'already there').

    A period with no end date whose sources are all older than ~18 months on that day is kept but
    flagged ``stale``: the data cannot say it was still held, and the map draws it as such.
    """
    d = pd.Timestamp(day)
    m = (sites["established"].isna() | (sites["established"] <= d)) & (sites["vacated"].isna() | (sites["vacated"] >= d))
    out = sites[m].copy()
    last = last_reported(out)
    out["last_reported"] = last
    out["stale"] = out["vacated"].isna() & last.notna() & (d - last > STALE_AFTER)
    return out


def events_in_window(events: pd.DataFrame, asof, days: int) -> pd.DataFrame:
    """Events on or before the as-of date and, unless days == 0, no more than ``days`` before it."""
    end = pd.Timestamp(asof)
    m = events["event_date"] <= end
    if days:
        m &= events["event_date"] > end - pd.Timedelta(days=days)
    return events[m]


def site_history(sites: pd.DataFrame, site_id: str) -> pd.DataFrame:
    """Every period of the physical site that a site row belongs to, oldest first."""
    key = sites.loc[sites["site_id"] == site_id, "site_key"]
    if key.empty:
        return sites.iloc[0:0]
    return sites[sites["site_key"] == key.iloc[0]].sort_values("established", na_position="first")


# ------------------------------------------------------------------------------ URL-bound session state
# The map date, window and layers are widgets (m_asof, m_win, m_layers); the view (centre and zoom) is
# what the map itself reports (_map_view).  Two fields, so the map can write its view alone.

def _parse_settings(raw, env):
    from .vocab import SCOPE_START

    parsed = from_query(raw)
    s, today = parsed.state, env.get("today") or dt.date.today()
    return {"m_asof": min(max(s.asof, SCOPE_START), today) if s.asof else None, "m_win": s.window_days,
            "m_layers": list(s.layers)}, parsed.ignored


def _dump_settings(values, _env):
    state = MapState(asof=values.get("m_asof"), window_days=values.get("m_win", DEFAULT_WINDOW),
                     layers=tuple(values.get("m_layers", DEFAULT_LAYERS) or ()))
    return {k: [v] for k, v in to_query(state).items()}


def _parse_view(raw, _env):
    parsed = from_query(raw)
    s = parsed.state
    return {"_map_view": (s.lat, s.lon, s.zoom) if s.lat is not None else None}, parsed.ignored


def _dump_view(values, _env):
    view = values.get("_map_view")
    return {} if not view else {k: [v] for k, v in to_query(MapState(lat=view[0], lon=view[1], zoom=view[2])).items()}


SETTINGS_FIELD = viewstate.Field(("m_asof", "m_win", "m_layers"), ("asof", "win", "layers"), _parse_settings, _dump_settings,
                                 lambda env: {"m_asof": None, "m_win": DEFAULT_WINDOW, "m_layers": list(DEFAULT_LAYERS)})
VIEW_FIELD = viewstate.Field(("_map_view",), ("lat", "lon", "z"), _parse_view, _dump_view, lambda env: {"_map_view": None})
GROUP = viewstate.register(viewstate.Group("map", (SETTINGS_FIELD, VIEW_FIELD), notices_on_page=True))
