"""Streamlit glue for briefings: slides (saved views) on every page, the presentation page itself."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from streamlit_folium import st_folium

import branca
import jinja2

from . import DATA_DIR, briefing, filters, i18n, mapstate, mapview, navigation, overview, ui_state, vocab
from .filters import SCOPE_START, today
from .i18n import _
from .ui_data import geo_layers, map_layers
from .ui_map import asset_base, map_inputs
from .ui_page import Context
from .textsafe import md, safe_url
from .views import View, parse_file, parse_views

PAGE_FILES = {p.key: p.file for p in navigation.PAGES}

# Sizes follow the viewport (vw), between a laptop floor and a wall-screen ceiling: at 1920 px wide the body
# text is ~18 px and the headline figures ~65 px; at 3840 px ~36 px and ~130 px.
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
[data-testid="stApp"] {background: #fff; color: #000;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 1.2vw 2.2vw 2vw !important; max-width: 100% !important;}
h1 {font-size: clamp(2rem, 2.5vw, 7rem) !important; line-height: 1.15 !important; padding: 0 0 .2em !important;}
h2, h3 {font-size: clamp(1.4rem, 1.45vw, 4rem) !important; line-height: 1.2 !important;}
[data-testid="stMarkdownContainer"] :is(p, li), [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p
  {font-size: clamp(1rem, 0.95vw, 2.6rem) !important; line-height: 1.4 !important;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #222 !important;}
[data-testid="stWidgetLabel"] p, [data-testid="stDateInput"] input, [data-testid="stButtonGroup"] button p, [data-testid="stSelectbox"] div, [data-testid="stButton"] button p,
[data-testid="stExpander"] summary p {font-size: clamp(0.9rem, 0.8vw, 2.2rem) !important;}
[data-testid="stDateInput"] input {height: auto !important;}
[data-testid="stMetric"] [data-testid="stMetricValue"], [data-testid="stMetric"] [data-testid="stMetricValue"] p {font-size: clamp(3rem, 3.4vw, 9.5rem) !important; line-height: 1.1 !important;}
[data-testid="stMetric"] [data-testid="stMetricLabel"], [data-testid="stMetric"] [data-testid="stMetricLabel"] p {font-size: clamp(1.1rem, 1.05vw, 3rem) !important; line-height: 1.25 !important;}
[data-testid="stMetric"] [data-testid="stMetricDelta"], [data-testid="stMetric"] [data-testid="stMetricDelta"] p {font-size: clamp(1rem, 0.95vw, 2.6rem) !important;}
[data-testid="stMetricDelta"] svg {width: 1em !important; height: 1em !important;}
[data-testid="stElementContainer"] iframe {max-width: 100%;}
</style>"""
_viewport_component = None
_VIEWPORT_JS = """
export default function (component) {
  const { setStateValue } = component;
  const send = () => {
    // Steps of 160 × 90 px: a resize by a few pixels does not rebuild the figures.
    const v = Math.round(window.innerWidth / 160) * 160 + "x" + Math.round(window.innerHeight / 90) * 90;
    if (window.__swViewport !== v) { window.__swViewport = v; setStateValue("size", v); }
  };
  send();
  let t;
  const onResize = () => { clearTimeout(t); t = setTimeout(send, 400); };
  window.addEventListener("resize", onResize);
  return () => window.removeEventListener("resize", onResize);
}
"""


def viewport() -> str | None:
    """The browser window's size "WIDTHxHEIGHT" (px), reported by a small inline component (no download,
    nothing leaves the page); None until the browser has answered (and in AppTest)."""
    global _viewport_component
    if _viewport_component is None:
        _viewport_component = st.components.v2.component("syriawatch.viewport", js=_VIEWPORT_JS)
    res = _viewport_component(key="sw_viewport", default={"size": None}, height=0, on_size_change=lambda: None)
    size = getattr(res, "size", None)
    if size is None and "_viewport" in st.session_state:
        size = st.session_state["_viewport"]
    if size and re.fullmatch(r"[0-9]{3,5}x[0-9]{3,5}", str(size)):
        st.session_state["_viewport"] = size
        return size
    return None


class ScreenScale(branca.element.MacroElement):
    """Map labels, legend and markers sized for the screen (inside the map's iframe: vw is the map's width)."""

    _template = jinja2.Template("""{% macro script(this, kwargs) %}
        (function (m) {
            var s = Math.max(1, Math.min(2.6, window.innerWidth / 900));
            var css = document.createElement("style");
            css.textContent = ".sw-label{font-size:clamp(12px,1.5vw,40px) !important}"
                + ".sw-gov{font-size:clamp(11px,1.3vw,34px) !important}"
                + ".sw-legend,.sw-legend *{font-size:clamp(11px,1.35vw,34px) !important}"
                + ".sw-legend i{width:1em !important;height:1em !important}"
                + ".leaflet-tooltip{font-size:clamp(12px,1.2vw,32px) !important}"
                + ".leaflet-control-attribution{font-size:clamp(10px,0.8vw,22px) !important}"
                + ".sw-site>div{transform:scale(" + s + ")}";
            document.head.appendChild(css);
            m.eachLayer(function (l) {
                if (l instanceof L.CircleMarker && !(l instanceof L.Circle)) { l.setRadius(l.getRadius() * s); }
            });
        })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self):
        super().__init__()
        self._name = "ScreenScale"


@st.cache_data(show_spinner=False)
def _bundled(mtime: float) -> tuple[list[View], list[str]]:
    return parse_views((DATA_DIR / "views.json").read_text(encoding="utf-8"))


def views() -> list[View]:
    """The uploaded views of this session if any, else the bundled data/views.json."""
    if st.session_state.get("_views_uploaded"):
        return st.session_state["_views_uploaded"]
    path = DATA_DIR / "views.json"
    return _bundled(path.stat().st_mtime)[0] if path.exists() else []


def go_to(view: View, slide: int | None) -> None:
    """Open a view with its complete state: forget what this session had and re-read it from the URL."""
    ui_state.forget_all()
    q = view.query()
    if slide is not None:
        q["slide"] = [str(slide)]
    st.switch_page(PAGE_FILES[view.page], query_params=q)


def slide_bar() -> None:
    """When the URL says slide=k, a bar in the sidebar steps through the saved views."""
    raw = st.query_params.get("slide")
    if raw is None:
        return
    vs = views()
    if not re.fullmatch(r"[0-9]{1,4}", raw) or not (1 <= int(raw) <= len(vs)):
        st.sidebar.warning(_("No slide {slide} among {n} saved views.").format(slide=raw[:10], n=len(vs)))
        return
    k = int(raw)
    st.sidebar.markdown("**" + _("Slide {k} of {n}").format(k=k, n=len(vs)) + f"**  \n{md(vs[k - 1].title())}")
    c1, c2 = st.sidebar.columns(2)
    if c1.button(_("◀ Previous"), disabled=k == 1, key="slide_prev", width="stretch"):
        go_to(vs[k - 2], k - 1)
    if c2.button(_("Next ▶"), disabled=k == len(vs), key="slide_next", width="stretch"):
        go_to(vs[k], k + 1)


def slides_panel() -> None:
    """List the saved views with their permalinks; load another set from a JSON file."""
    vs = views()
    up = st.file_uploader(_("Load saved views (JSON)"), type=["json"], key="views_upload")
    if up is not None:
        # Checked before it is read: the size, then the schema (views.parse_views); never an exception box.
        loaded, problems = parse_file(up.getvalue())
        for p in problems:
            st.warning(f"{md(up.name)}: {md(p)}")
        if loaded:
            st.session_state["_views_uploaded"] = loaded
            vs = loaded
    for i, v in enumerate(vs, 1):
        c1, c2 = st.columns([5, 1])
        c1.markdown(f"**{i}.** [{md(v.title())}](./{v.path(i)})")
        if c2.button(_("Present"), key=f"present_{i}"):
            go_to(v, i)


def _window(ctx: Context) -> tuple[pd.Timestamp, pd.Timestamp, bool]:
    """The briefing's period: the shared date range when the filters set one, else the last 30 (90, 365) days
    up to the latest data.  The flag says whether it came from the filters."""
    if ctx.filters.start or ctx.filters.end:
        return pd.Timestamp(ctx.date_range[0]), pd.Timestamp(ctx.date_range[1]), True
    if "b_win" not in st.session_state:
        raw = st.query_params.get("bwin", "")
        st.session_state["b_win"] = int(raw) if raw.isdigit() and int(raw) in briefing.WINDOW_DAYS else briefing.DEFAULT_WINDOW
    days = st.session_state["b_win"]
    latest = overview.last_date(ctx.data.events)
    latest = latest if latest is not None else pd.Timestamp(today())
    start, end = briefing.default_window(latest, days)
    return start, end, False


def _source_lines(r) -> list[str]:
    """The event's sources as readable Markdown lines: outlet (linked) — headline (date)."""
    out = []
    for k in ("source", "source2"):
        if not isinstance(r.get(k), str) or not r.get(k).strip():
            continue
        url = safe_url(r.get(f"{k}_url"))
        outlet = f"[{md(r[k])}](<{url}>)" if url else md(r[k])
        title = md(r.get(f"{k}_title")) if isinstance(r.get(f"{k}_title"), str) else ""
        day = f" ({i18n.date(r[f'{k}_date'])})" if pd.notna(r.get(f"{k}_date")) else ""
        out.append(outlet + (f" — {title}" if title else "") + day)
    return out or [_("no source recorded")]


def presentation(ctx: Context) -> None:
    """The briefing page body: headline figures against the previous window, the window's top events with
    their sources, the trend, the map, and what changed in the curation store since a date."""
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    sizes = briefing.screen_sizes(viewport())
    start, end, explicit = _window(ctx)
    if not explicit:
        days = st.segmented_control(_("Period"), list(briefing.WINDOW_DAYS), key="b_win", selection_mode="single",
                                    format_func=lambda d: _("last {n} days").format(n=i18n.number(d)),
                                    help=_("Up to the latest data. Setting a date range in the filters replaces it."))
        if days is None:  # the control was clicked off: keep the default
            days = briefing.DEFAULT_WINDOW
        if days == briefing.DEFAULT_WINDOW:
            st.query_params.pop("bwin", None)
        elif st.query_params.get("bwin") != str(days):
            st.query_params["bwin"] = str(days)
    nodates = ctx.filters.with_(start=None, end=None)
    undated = filters.apply_events(ctx.data.events, nodates)
    h = briefing.headline(undated, filters.apply_sites(ctx.data.sites, nodates), start, end)
    p0, p1 = h["previous_window"]
    comparable = p1.date() >= SCOPE_START  # a previous window wholly before the data would compare with nothing
    st.subheader(f"{i18n.date(start, 'long')} – {i18n.date(end, 'long')}")
    if comparable:
        st.caption(_("Compared with the previous {days} days ({start} – {end}).").format(
            days=i18n.number((end - start).days + 1), start=i18n.date(p0), end=i18n.date(p1)))
    else:
        st.caption(_("The period starts with the data (Sep 2015): there is no earlier window to compare with."))

    def delta(key):
        return h[key] - h[f"{key}_before"] if comparable else None
    c = st.columns(4)
    for col, (label, value), key, colour in zip(c, headline_figures(h, end), ("events", "incidents", "tension", None),
                                                ("off", "inverse", "inverse", "off")):
        col.metric(label, value, delta=delta(key) if key else None, delta_color=colour)
    by = h["sites_by_side"]
    st.markdown(" · ".join(f"**{i18n.term(vocab.SIDES[s])}** {i18n.number(n)}" for s, n in by.items() if s in vocab.SIDES))

    window_events = undated[(undated["event_date"] >= start) & (undated["event_date"] <= end)]
    left, right = st.columns([1.1, 1], gap="large")
    with left:
        st.subheader(_("Events that moved the tension most"))
        top = overview.top_events(window_events, start, end, n=6)
        if top.empty:
            st.caption(_("No event in this period matches the filters."))
        else:
            st.markdown("\n".join(
                f"- **{i18n.date(r['event_date'])}** · {i18n.signed(int(r['tension']))} · {md(i18n.pick(r, 'title'))}\n"
                + "\n".join(f"    - {line}" for line in _source_lines(r)) for _i, r in top.iterrows()))
        fig = overview.trend_figure(undated, end, height=sizes.figure_height, font_size=sizes.font,
                                    highlight=(start, end + pd.Timedelta(days=1)))
        st.plotly_chart(fig, key="briefing_trend", width="stretch", config={"displayModeBar": False})
        st.caption(_("Net tension per month over the last 12 months; shaded: this period; band: the long-run range."))
    with right:
        sites = mapstate.sites_active_on(ctx.sites, end)
        areas, lines = map_layers(ctx.data, end, start)
        m = mapview.build_map(window_events, sites, geo_layers(), ctx.actor_names,
                              control_areas=areas, lines=lines, as_of=end, asset_base=asset_base(),
                              legend_open=sizes.scale >= 1.5, zoom=mapview.NE_SYRIA_ZOOM + (1 if sizes.scale >= 1.6 else 0))
        ScreenScale().add_to(m)
        st_folium(m, key="briefing_map", height=sizes.map_height, use_container_width=True, returned_objects=[])
    x = map_inputs(ctx, mapstate.MapState(window_days=0, layers=mapview.ALL_LAYERS))  # the pack's map (pack_button)
    st.session_state["_pack_inputs"] = dict(h=h, fig=fig, map=x, end=end)
    changes(ctx, undated)


def changes(ctx: Context, undated: pd.DataFrame) -> None:
    """What changed since a date, from the curation store's history (real change dates, not updated_at)."""
    from .ui_overview import store_changes

    ui_state.load(ui_state.BRIEFING)  # from the link (since=YYYY-MM-DD), else the last 7 days
    c1, _c2 = st.columns([1, 3])
    since = c1.date_input(_("What changed since"), key="b_since", min_value=SCOPE_START, max_value=today(), format="YYYY-MM-DD")
    ui_state.write(ui_state.BRIEFING)
    entries, problem, begins = store_changes(since)
    if problem:
        st.warning(_("The curation store cannot be read, so changes are not shown: {problem}").format(problem=md(problem)))
        return
    changed = overview.changed_events(entries, undated)
    st.subheader(_("{n} events added or changed since {date}").format(n=i18n.number(len(changed)), date=i18n.date(since, "long")))
    now = dt.datetime.now(dt.timezone.utc)
    if len(changed):
        st.markdown("\n".join(
            f"- **{overview.when(r['changed_at'], now)}** · {overview.change_phrase(r)} · {i18n.date(r['event_date'])} · "
            f"{md(i18n.pick(r, 'title'))}" for _i, r in changed.head(20).iterrows()))
        if len(changed) > 20:
            st.caption(_("… and {n} more.").format(n=i18n.number(len(changed) - 20)))
    if begins is not None and pd.Timestamp(since) < pd.Timestamp(begins.date()):
        st.caption(_("The curation store's history begins on {date}, when it was first loaded from the release files.")
                   .format(date=i18n.date(begins.date())))


def headline_figures(h: dict, end) -> list[tuple[str, str]]:
    """The four headline figures (label, value) of the page and of the pack, in the interface language."""
    return [(_("Events"), i18n.number(h["events"])), (_("Incidents and strikes"), i18n.number(h["incidents"])),
            (_("Net tension"), i18n.signed(h["tension"])),
            (_("Sites held on {date}").format(date=i18n.date(end)), i18n.number(sum(h["sites_by_side"].values())))]


def pack_button(ctx: Context) -> None:
    """Build the one-file briefing pack on request (renders two images with Chromium, a few seconds)."""
    from . import exports
    from .geo import ATTRIBUTION

    inputs = st.session_state.get("_pack_inputs")
    if not inputs:
        return
    if st.button(_("Prepare the briefing pack (one HTML file, opens offline)"), key="prep_pack"):
        with st.spinner(_("Rendering the timeline and the map…")):
            h, end = inputs["h"], inputs["end"]
            map_page = exports.map_html(mapview.render, inputs["map"], legend_open=True)
            st.session_state["_pack"] = exports.briefing_pack(
                title=_("US–Russia in Syria: briefing"), description=ctx.description, figures=headline_figures(h, end),
                timeline_png=exports.timeline_image(inputs["fig"], "png"), map_png_bytes=exports.map_png(map_page),
                events=ctx.events, attribution=_(ATTRIBUTION), generated=i18n.date(today()))
    if st.session_state.get("_pack"):
        st.download_button(_("Download the briefing pack (HTML)"), st.session_state["_pack"], file_name="briefing-pack.html",
                           mime="text/html", key="dl_pack", on_click="ignore")
