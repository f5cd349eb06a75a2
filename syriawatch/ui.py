"""Streamlit glue: cached loading, the shared filter sidebar, URL state, and page furniture.

The only module of the package that imports Streamlit.  dashboard.py calls :func:`sidebar` once per
run (before the page), pages call :func:`context` and render.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from . import access, cards, data_dir, filters, i18n, layers, mapstate, tables, vocab
from .filters import Filters
from .geo import GeoLayers, load_geo
from .i18n import N_, _
from .loading import Dataset, fingerprint, load_dataset

SCOPE_START = dt.date(2015, 9, 1)
FILTER_PARAMS = ("side", "actor", "cat", "from", "to", "gov", "conf", "q")
K = {"sides": "f_sides", "actors": "f_actors", "cats": "f_cats", "dates": "f_dates", "govs": "f_govs", "conf": "f_conf",
     "q": "f_q"}
CONF_CHOICES = list(reversed(list(vocab.CONFIDENCE)))  # disputed (= all) … confirmed
CONF_LABELS = {"disputed": N_("All grades"), "possible": N_("Possible or better"), "probable": N_("Probable or better"),
               "confirmed": N_("Confirmed only")}


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


# ------------------------------------------------------------------------------------------ language

LANG_KEY = "lang"


def _session_lang() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx() is None:  # not inside a Streamlit run (scripts, unit tests)
        return None
    return st.session_state.get(LANG_KEY)


i18n.set_resolver(_session_lang)

RTL_CSS = """<style>
/* Right-to-left interface: text, sidebar, widgets and cards; charts, maps and data grids keep their own
   left-to-right drawing (time runs left to right; Leaflet and the grid do not support rtl). */
.stApp, [data-testid="stSidebar"], [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stWidgetLabel"], [data-testid="stExpander"], [data-testid="stAlert"], [data-testid="stMetric"] {
  direction: rtl; text-align: right;
}
[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stCode"], iframe,
[data-testid="stDateInput"] [data-baseweb="input"], [data-testid="stCodeBlock"] { direction: ltr; text-align: left; }
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol { padding-right: 1.2em; padding-left: 0; }
/* A paragraph takes the direction of its own first letter: English notes and sources read left to right. */
[data-testid="stMarkdownContainer"] :is(p, li, h1, h2, h3, h4, td, th) { unicode-bidi: plaintext; text-align: start; }
</style>"""


def _chrome_css() -> str:
    """Streamlit's own file-uploader texts have no parameter: show translated ones in their place."""
    import json

    def swap(selector: str, text: str, size: str) -> str:
        return (f"{selector} {{visibility: hidden; font-size: 0}} "
                f"{selector}::after {{visibility: visible; font-size: {size}; content: {json.dumps(text, ensure_ascii=False)}}}")
    return "<style>" + "\n".join([
        swap('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p', _("Upload"), "0.875rem"),
        swap('[data-testid="stFileUploaderDropzoneInstructions"] span', _("Up to 200 MB per file"), "0.75rem"),
    ]) + "</style>"


def language() -> str:
    """The interface language: from the link (lang=ar) on first load, then the sidebar switch; kept in the URL."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get(LANG_KEY, i18n.DEFAULT)
        st.session_state[LANG_KEY] = wanted if wanted in i18n.LANGS else i18n.DEFAULT
        if wanted not in i18n.LANGS:
            st.session_state["_lang_ignored"] = [_("language") + f" “{str(wanted)[:20]}”"]
    code = st.session_state[LANG_KEY]
    if code == i18n.DEFAULT:
        st.query_params.pop(LANG_KEY, None)
    elif st.query_params.get(LANG_KEY) != code:
        st.query_params[LANG_KEY] = code
    return code


def language_links(slot) -> None:
    """English / العربية links (names in their own language, as is the convention), filled in at the end of
    the run so they carry every parameter this run wrote to the URL.

    A link, not a widget: switching reloads the page from its URL in the other language.  Widgets keep
    their values by displayed label, so relabelling them in place would lose or break the filters; the
    URL already holds the whole view, so nothing shown is lost (session-only uploads are).
    """
    from .textsafe import h

    current, params = i18n.lang(), _query_dict()
    parts = []
    for code, name in i18n.LANGS.items():
        q = [(k, v) for k, vals in params.items() if k != LANG_KEY for v in vals]
        if code != i18n.DEFAULT:
            q.append((LANG_KEY, code))
        if code == current:
            parts.append(f'<span class="sw-lang sw-lang-on" lang="{code}" aria-current="true">{h(name)}</span>')
        else:
            parts.append(f'<a class="sw-lang" lang="{code}" hreflang="{code}" href="?{h(urlencode(q))}">{h(name)}</a>')
    slot.html(
        "<style>.sw-langs{display:flex;gap:6px;margin:0 0 4px}.sw-lang{flex:1;text-align:center;padding:5px 8px;"
        "border:1px solid #c9ced6;border-radius:8px;text-decoration:none;color:#1F4E9E}"
        ".sw-lang-on{background:#e8eef8;border-color:#1F4E9E;font-weight:600}</style>"
        f'<div><b>{h(_("Language"))}</b></div><nav class="sw-langs" aria-label="{h(_("Language"))}">{"".join(parts)}</nav>')


def apply_language() -> None:
    """Document language and direction (html lang/dir set by a small script) and the right-to-left styles."""
    code = language()
    st.html(f"<script>document.documentElement.lang = {code!r}; document.documentElement.dir = {i18n.direction(code)!r};"
            "</script>", unsafe_allow_javascript=True)
    if i18n.is_rtl(code):
        st.html(RTL_CSS)
    if code != i18n.DEFAULT:
        st.html(_chrome_css())


def today() -> dt.date:
    return dt.date.today()


def _query_dict() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def _defaults() -> dict:
    return {K["sides"]: [], K["actors"]: [], K["cats"]: [], K["dates"]: (SCOPE_START, today()),
            K["govs"]: [], K["conf"]: filters.DEFAULT_CONF, K["q"]: ""}


def _state_from_filters(f: Filters) -> dict:
    start = min(max(f.start or SCOPE_START, SCOPE_START), today())
    end = max(min(f.end or today(), today()), start)
    return {K["sides"]: list(f.sides), K["actors"]: list(f.actors), K["cats"]: list(f.categories),
            K["dates"]: (start, end), K["govs"]: list(f.governorates), K["conf"]: f.min_confidence, K["q"]: f.query}


def _init_from_url(ds: Dataset) -> None:
    if st.session_state.get("_url_loaded"):
        return
    parsed = filters.from_query(_query_dict(), ds.actors["code"])
    f = parsed.filters
    ignored = list(st.session_state.pop("_lang_ignored", [])) + list(parsed.ignored)
    if f.start and f.start < SCOPE_START:
        ignored.append(_("start date {date} (before the data's scope, {scope})").format(date=f.start, scope=SCOPE_START))
    if f.end and f.end > today():
        ignored.append(_("end date {date} (in the future)").format(date=f.end))
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
        query=" ".join(str(s.get(K["q"], "")).split())[:200],
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
    names = actor_names(ds)
    sb = st.sidebar
    sb.markdown("### " + _("Filters"))
    sb.text_input(_("Search (English or Arabic)"), key=K["q"], placeholder=_("e.g. Tanf, الحسكة, collision"),
                  help=_("Titles, notes, places, sources and actor names; Arabic spelling variants are matched."))
    # Labels are resolved here, not inside format_func: format_func may be called outside this run's thread.
    sides = {c: i18n.term(t) for c, t in vocab.SIDES.items()}
    cats = {c: i18n.term(t) for c, t in vocab.CATEGORIES.items()}
    govs = {g: i18n.governorate(g) for g in vocab.GOVERNORATE_NAMES}
    confs = {c: _(label) for c, label in CONF_LABELS.items()}
    sb.multiselect(_("Sides"), list(vocab.SIDES), key=K["sides"], format_func=sides.get,
                   placeholder=_("All sides"), help=_("An event matches if any of its actors belongs to a chosen side."))
    sb.multiselect(_("Actors"), list(names), key=K["actors"], format_func=lambda c: names.get(c, c),
                   placeholder=_("All actors"))
    sb.multiselect(_("Categories"), list(vocab.CATEGORIES), key=K["cats"],
                   format_func=cats.get, placeholder=_("All categories"))
    sb.date_input(_("Date range"), key=K["dates"], min_value=SCOPE_START, max_value=today(), format="YYYY-MM-DD")
    sb.multiselect(_("Governorates"), vocab.GOVERNORATE_NAMES, key=K["govs"], placeholder=_("All governorates"),
                   format_func=govs.get,
                   help=_("Events outside Syria (e.g. talks in Geneva) have no governorate and drop out when this is set."))
    sb.selectbox(_("Minimum confidence"), CONF_CHOICES, key=K["conf"], format_func=confs.get,
                 placeholder=_("Choose an option"))
    sb.button(_("Reset filters"), on_click=_reset, width="stretch")
    f = current_filters()
    _write_url(f)
    return f


def share_link() -> None:
    """The full permalink of the current view, with a copy button (st.code has one)."""
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode([(k, v) for k, vals in _query_dict().items() for v in vals])
    st.sidebar.markdown("**" + _("Link to this view") + "**")
    st.sidebar.code(base + ("?" + query if query else ""), language=None, wrap_lines=True)


def asset_base() -> str:
    """Where the browser finds the local Leaflet files, honouring server.baseUrlPath."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}/app/static/vendor" if prefix else "/app/static/vendor"


@dataclass
class Context:
    data: Dataset
    filters: Filters
    events: pd.DataFrame
    sites: pd.DataFrame
    actor_names: dict[str, str]
    description: str
    date_range: tuple[dt.date, dt.date]
    imported: "contextstore.ContextSelection | None" = None  # ACLED/UCDP rows in the period and governorates, toggle on


def ensure_navigation() -> None:
    """Recover when a deep link is the server's first request.

    Streamlit (1.67) treats an app with a pages/ folder as a v1 multipage app until some run calls
    st.navigation; if the very first request is /map, it runs pages/map.py without dashboard.py (no
    sidebar, no URL handling) and stays in that mode.  Switch the flag off and rerun the same URL: the
    rerun goes through dashboard.py and st.navigation like every other request.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> Context:
    ensure_navigation()
    access.require_access()  # again here: defence in depth, and AppTest runs pages without the entry script
    ds = dataset()
    f = current_filters()
    names = actor_names(ds)
    bounds = (f.start or SCOPE_START, f.end or today())
    imported = None
    if st.session_state.get("f_context"):
        from . import ui_context
        imported = ui_context.selection(f, bounds)
    return Context(ds, f, filters.apply_events(ds.events, f), filters.apply_sites(ds.sites, f), names,
                   filters.describe(f, names, (SCOPE_START, today())), bounds, imported)


def header(title: str, ctx: Context, counts: str) -> None:
    """Page title, the filter sentence, notices about the link and about rejected data rows."""
    st.title(title)
    extra = (" · " + _("plus {n} imported context events (grey, not curated)").format(n=i18n.number(len(ctx.imported)))
             if ctx.imported is not None else "")
    st.caption(f"**{ctx.description}** · {counts}{extra}")
    ignored = st.session_state.get("_url_ignored")
    if ignored:
        st.warning(_("Some parts of the link were not understood and were ignored:") + " " + "; ".join(ignored))
    from . import ui_context

    rejected_imports = ui_context.import_problems()
    if len(rejected_imports):
        files = rejected_imports["file"].nunique()
        from .importers import rejected_in_reports  # notices (encoding, NUL bytes removed) are not rejected rows
        label = _("⚠ Imported context files: {rows} row(s) rejected in {files} file(s) — details")
        with st.expander(label.format(rows=i18n.number(rejected_in_reports(rejected_imports)), files=i18n.number(files)),
                         expanded=False):
            st.caption(_("These rows of ACLED/UCDP files were not imported; every other row was. "
                         "The reports are in the context store next to the data (*.rejected.csv)."))
            st.dataframe(rejected_imports, hide_index=True, width="stretch")
    unreadable = ui_context.unreadable()
    if len(unreadable):
        label = _("⚠ Context store: {files} file(s) could not be read and are left out — details")
        with st.expander(label.format(files=i18n.number(len(unreadable))), expanded=False):
            st.caption(_("Every other file and every page work without them. Re-import the dataset to rebuild a file."))
            st.dataframe(unreadable, hide_index=True, width="stretch")
    problems = ctx.data.problems
    if problems:
        rejected = sum(t.rows_rejected for t in ctx.data.tables.values())
        with st.expander(tables.problems_label(len(problems), rejected), expanded=False):
            st.dataframe(pd.DataFrame([p.__dict__ for p in problems]), hide_index=True, width="stretch")


def event_columns() -> dict:
    """column_config for the events table."""
    cc = st.column_config
    return {
        _("Date"): cc.DateColumn(format="YYYY-MM-DD", width="small"),
        _("Title"): cc.TextColumn(width="large"),
        tables.other_title(): cc.TextColumn(width="large"),
        _("Tension"): cc.NumberColumn(format="%+d", help=_("−10 cooperation … +10 lethal clash")),
        _("Sources"): cc.NumberColumn(help=_("Number of independent sources cited")),
        _("Link"): cc.LinkColumn(display_text=_("open"), help=_("Primary source")),
        _("Second link"): cc.LinkColumn(display_text=_("open"), help=_("Second, independent source")),
    }


# ------------------------------------------------------------------------------------ map page state

MAP_KEYS = {"asof": "m_asof", "win": "m_win", "layers": "m_layers"}


def _map_init_from_url() -> None:
    if st.session_state.get("_map_url_loaded"):
        return
    parsed = mapstate.from_query(_query_dict())
    s = parsed.state
    if s.asof:
        st.session_state[MAP_KEYS["asof"]] = min(max(s.asof, SCOPE_START), today())
    st.session_state[MAP_KEYS["win"]] = s.window_days
    st.session_state[MAP_KEYS["layers"]] = list(s.layers)
    st.session_state["_map_view"] = (s.lat, s.lon, s.zoom) if s.lat is not None else None
    st.session_state["_map_ignored"] = parsed.ignored
    st.session_state["_map_url_loaded"] = True


def map_controls(ctx: Context) -> mapstate.MapState:
    """Map date, incident window and layers: page widgets whose values travel in the URL."""
    _map_init_from_url()
    start, end = ctx.date_range
    c1, c2, _rest = st.columns([1, 1, 3])
    key = MAP_KEYS["asof"]
    stored, last_end = st.session_state.get(key), st.session_state.get("_m_last_end")
    if stored is None or stored == last_end:
        st.session_state[key] = end          # the map date follows the end of the period until set by hand
    elif not (start <= stored <= end):
        st.session_state[key] = min(max(stored, start), end)  # keep it inside the period
    st.session_state["_m_last_end"] = end
    asof = c1.date_input(_("Map date"), min_value=start, max_value=end, key=key, format="YYYY-MM-DD",
                         help=_("Sites active on this date, the control snapshot and lines in force then."))
    win = c2.selectbox(_("Incidents from the last"), list(mapstate.WINDOWS), key=MAP_KEYS["win"], placeholder=_("Choose an option"),
                       format_func={w: _(label) for w, label in mapstate.WINDOWS.items()}.get)
    layers = st.pills(_("Layers"), list(mapstate.LAYERS), selection_mode="multi", key=MAP_KEYS["layers"],
                      format_func={k: _(label) for k, label in mapstate.LAYERS.items()}.get)
    view = st.session_state.get("_map_view")
    state = mapstate.MapState(asof=None if asof == end else asof, window_days=win, layers=tuple(layers or ()),
                              lat=view[0] if view else None, lon=view[1] if view else None, zoom=view[2] if view else None)
    _write_map_url(state)
    return state


def _write_map_url(state: mapstate.MapState) -> None:
    current = _query_dict()
    wanted = {k: v for k, v in current.items() if k not in mapstate.PARAMS}
    wanted.update({k: [v] for k, v in mapstate.to_query(state).items()})
    if wanted != current:
        st.query_params.from_dict(wanted)


def remember_view(center, zoom, default_center, default_zoom) -> None:
    """Keep the map's centre and zoom in the URL (called from the map fragment, not a full rerun)."""
    if not center or zoom is None:
        return
    lat, lon = float(center["lat"]), float(center["lng"])
    moved = abs(lat - default_center[0]) > 1e-3 or abs(lon - default_center[1]) > 1e-3 or int(zoom) != default_zoom
    view = (round(lat, 4), round(lon, 4), int(zoom)) if moved else None
    if view != st.session_state.get("_map_view"):
        st.session_state["_map_view"] = view
        for k, v in zip(("lat", "lon", "z"), view or (None, None, None)):
            if v is None:
                st.query_params.pop(k, None)
            else:
                st.query_params[k] = str(v)


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
