"""Streamlit glue for the map page: its controls (map date, window, layers; in the URL), the map's
inputs built once per run (:class:`syriawatch.mapview.MapInputs`), the view it reports, and the detail
of a clicked site or incident.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import streamlit as st

from . import cards, filters, i18n, mapstate, mapview, tables, ui_state
from .i18n import _
from .ui_data import geo_layers, map_layers
from .ui_page import Context, event_columns


def asset_base() -> str:
    """Where the browser finds the local Leaflet files, honouring server.baseUrlPath."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}/app/static/vendor" if prefix else "/app/static/vendor"


def map_controls(ctx: Context) -> mapstate.MapState:
    """Map date, incident window and layers: page widgets whose values travel in the URL."""
    ui_state.load(ui_state.MAP)
    start, end = ctx.date_range
    c1, c2, _rest = st.columns([1, 1, 3])
    key = "m_asof"
    stored, last_end = st.session_state.get(key), st.session_state.get("_m_last_end")
    if stored is None or stored == last_end:
        st.session_state[key] = end          # the map date follows the end of the period until set by hand
    elif not (start <= stored <= end):
        st.session_state[key] = min(max(stored, start), end)  # keep it inside the period
    st.session_state["_m_last_end"] = end
    asof = c1.date_input(_("Map date"), min_value=start, max_value=end, key=key, format="YYYY-MM-DD",
                         help=_("Sites active on this date, the control snapshot and lines in force then."))
    win = c2.selectbox(_("Incidents from the last"), list(mapstate.WINDOWS), key="m_win", placeholder=_("Choose an option"),
                       format_func={w: _(label) for w, label in mapstate.WINDOWS.items()}.get)
    layers = st.pills(_("Layers"), list(mapstate.LAYERS), selection_mode="multi", key="m_layers",
                      format_func={k: _(label) for k, label in mapstate.LAYERS.items()}.get)
    view = st.session_state.get("_map_view")
    state = mapstate.MapState(asof=None if asof == end else asof, window_days=win, layers=tuple(layers or ()),
                              lat=view[0] if view else None, lon=view[1] if view else None, zoom=view[2] if view else None)
    ui_state.write(ui_state.MAP, m_asof=state.asof)
    return state


def map_inputs(ctx: Context, state: mapstate.MapState) -> mapview.MapInputs:
    """Everything the map shows, once per run: the live map, the offline copy and the briefing use it."""
    as_of = state.asof or ctx.date_range[1]
    areas, lines = map_layers(ctx.data, as_of, as_of)
    return mapview.MapInputs(
        events=mapstate.events_in_window(ctx.events, as_of, state.window_days),
        sites=mapstate.sites_active_on(ctx.sites, as_of), geo=geo_layers(), actor_names=ctx.actor_names,
        layers=tuple(state.layers), control_areas=areas, lines=lines, as_of=as_of,
        center=(state.lat, state.lon) if state.lat is not None else mapview.NE_SYRIA_CENTER,
        zoom=state.zoom or mapview.NE_SYRIA_ZOOM,
        context=None if ctx.imported is None else ctx.imported.window(as_of, state.window_days))


def remember_view(center, zoom, default_center, default_zoom) -> None:
    """Keep the map's centre and zoom in the URL (called from the map fragment, not a full rerun)."""
    if not center or zoom is None:
        return
    lat, lon = float(center["lat"]), float(center["lng"])
    moved = abs(lat - default_center[0]) > 1e-3 or abs(lon - default_center[1]) > 1e-3 or int(zoom) != default_zoom
    view = (round(lat, 4), round(lon, 4), int(zoom)) if moved else None
    if view != st.session_state.get("_map_view"):
        st.session_state["_map_view"] = view
        ui_state.write(ui_state.MAP, fields=[mapstate.VIEW_FIELD])


_ID_AT_END = re.compile(r"\[([A-Za-z0-9_-]+)\]\s*(</[^>]+>\s*)*$")


def clicked_id(tooltip) -> str | None:
    """The row id a map tooltip ends with ("… [S-012]"), or None."""
    if not tooltip:
        return None
    m = _ID_AT_END.search(str(tooltip).strip())
    return m.group(1) if m else None


def map_detail(ctx: Context, tooltip) -> None:
    """Below the map: the history of a clicked site, or the card of a clicked incident."""
    ident = clicked_id(tooltip)
    if not ident:
        st.caption(_("Click a site for its history, or an incident for its card."))
        return
    ds = ctx.data
    if ident in set(ds.sites["site_id"]):
        hist = mapstate.site_history(ds.sites, ident)
        first = hist.iloc[0]
        st.subheader(_("Site history: {name}").format(name=i18n.pick(first, "name")))
        st.caption(_("{n} period(s) of control recorded for this place (key {key}).").format(
            n=i18n.number(len(hist)), key=first["site_key"]))
        st.dataframe(tables.sites_view(hist, ctx.actor_names), hide_index=True, width="stretch",
                     column_config=event_columns())
    elif ident in set(ds.events["event_id"]):
        row = ds.events.loc[ds.events["event_id"] == ident].iloc[0]
        with st.container(border=True):
            st.markdown(cards.event_card(row, ctx.actor_names))
            q = filters.to_query(ctx.filters)
            q["event"] = ident
            label = _("Show it on the timeline")
            st.markdown(f"[{label}](./timeline?{urlencode(q, doseq=True)})")
            from . import ui_curation
            ui_curation.card_history("events", ident)
