"""Streamlit glue for briefings: slides (saved views) on every page, the presentation page itself."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from streamlit_folium import st_folium

from . import DATA_DIR, briefing, filters, mapstate, mapview, timeline, vocab
from .ui import SCOPE_START, Context, asset_base, geo_layers, map_layers, today
from .views import View, parse_views

PAGE_FILES = {"timeline": "pages/timeline.py", "map": "pages/map.py", "events": "pages/events.py",
              "about": "pages/about.py", "briefing": "pages/briefing.py"}
STATE_FLAGS = ("_url_loaded", "_map_url_loaded", "_tl_url_loaded", "event_pick", "_map_view")

PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
.block-container {padding-top: 1.5rem; max-width: 100%;}
h1 {font-size: 3rem !important;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 3.4rem !important; line-height: 1.1;}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {font-size: 1.35rem !important;}
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {font-size: 1.2rem !important;}
[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] p {font-size: 1.2rem; color: #111;}
[data-testid="stApp"] {background: #fff; color: #000;}
</style>"""


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
    for k in STATE_FLAGS:
        st.session_state.pop(k, None)
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
        st.sidebar.warning(f"No slide {raw[:10]} among {len(vs)} saved views.")
        return
    k = int(raw)
    st.sidebar.markdown(f"**Slide {k} of {len(vs)}**  \n{vs[k - 1].name}")
    c1, c2 = st.sidebar.columns(2)
    if c1.button("◀ Previous", disabled=k == 1, key="slide_prev", width="stretch"):
        go_to(vs[k - 2], k - 1)
    if c2.button("Next ▶", disabled=k == len(vs), key="slide_next", width="stretch"):
        go_to(vs[k], k + 1)


def slides_panel() -> None:
    """List the saved views with their permalinks; load another set from a JSON file."""
    vs = views()
    up = st.file_uploader("Load saved views (JSON)", type=["json"], key="views_upload")
    if up is not None:
        loaded, problems = parse_views(up.getvalue().decode("utf-8", errors="replace"))
        for p in problems:
            st.warning(f"{up.name}: {p}")
        if loaded:
            st.session_state["_views_uploaded"] = loaded
            vs = loaded
    for i, v in enumerate(vs, 1):
        c1, c2 = st.columns([5, 1])
        c1.markdown(f"**{i}.** [{v.name}](./{v.path(i)})")
        if c2.button("Present", key=f"present_{i}"):
            go_to(v, i)


def presentation(ctx: Context) -> None:
    """The briefing page body: large headline figures, timeline, map, what changed."""
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    start, end = ctx.date_range
    undated = filters.apply_events(ctx.data.events, ctx.filters.with_(start=None, end=None))
    h = briefing.headline(undated, filters.apply_sites(ctx.data.sites, ctx.filters.with_(start=None, end=None)), start, end)
    p0, p1 = h["previous_window"]
    comparable = p1.date() >= SCOPE_START  # a previous window wholly before the data would compare with nothing
    if comparable:
        st.caption(f"Compared with the previous {(end - start).days + 1} days ({p0:%d %b %Y} – {p1:%d %b %Y}).")
    else:
        st.caption("The period starts with the data (Sep 2015): there is no earlier window to compare with.")

    def delta(key):
        return h[key] - h[f"{key}_before"] if comparable else None
    c = st.columns(4)
    c[0].metric("Events", h["events"], delta=delta("events"), delta_color="off")
    c[1].metric("Incidents and strikes", h["incidents"], delta=delta("incidents"), delta_color="inverse")
    c[2].metric("Net tension", f"{h['tension']:+d}", delta=delta("tension"), delta_color="inverse")
    by = h["sites_by_side"]
    c[3].metric(f"Sites held on {end:%d %b %Y}", sum(by.values()),
                help=", ".join(f"{vocab.SIDES[s].label}: {n}" for s, n in by.items() if s in vocab.SIDES))
    st.markdown(" · ".join(f"**{vocab.SIDES[s].label}** {n}" for s, n in by.items() if s in vocab.SIDES))
    left, right = st.columns([1.15, 1])
    with left:
        fig = timeline.timeline_figure(ctx.events, ctx.actor_names, date_range=ctx.date_range, bands=ctx.data.bands,
                                       height=560)
        st.plotly_chart(fig, key="briefing_timeline", width="stretch")
    with right:
        sites = mapstate.sites_active_on(ctx.sites, end)
        areas, lines = map_layers(ctx.data, end, end)
        m = mapview.build_map(mapstate.events_in_window(ctx.events, end, 0), sites, geo_layers(), ctx.actor_names,
                              control_areas=areas, lines=lines, as_of=end, asset_base=asset_base(), legend_open=False)
        st_folium(m, key="briefing_map", height=560, use_container_width=True, returned_objects=[])
    st.session_state["_pack_inputs"] = dict(h=h, fig=fig, sites=sites, areas=areas, lines=lines, end=end)
    if "b_since" not in st.session_state:  # from the link (since=YYYY-MM-DD), else the last 7 days
        try:
            st.session_state["b_since"] = min(max(dt.date.fromisoformat(st.query_params.get("since", "")),
                                                   SCOPE_START), today())
        except ValueError:
            st.session_state["b_since"] = today() - dt.timedelta(days=7)
    since = st.date_input("What changed since", key="b_since", min_value=SCOPE_START, max_value=today())
    if st.query_params.get("since") != since.isoformat():
        st.query_params["since"] = since.isoformat()
    changed = briefing.changed_since(ctx.events, since)
    st.subheader(f"{len(changed)} events added or updated since {since:%d %b %Y}")
    if len(changed):
        st.dataframe(pd.DataFrame({"Updated": changed["updated_at"], "Date": changed["event_date"],
                                   "Event": changed["title_en"], "Tension": changed["tension"],
                                   "Source": changed["source"]}),
                     hide_index=True, width="stretch", height=min(420, 40 + 35 * len(changed)))


def pack_button(ctx: Context) -> None:
    """Build the one-file briefing pack on request (renders two images with Chromium, a few seconds)."""
    from . import exports
    from .geo import ATTRIBUTION

    inputs = st.session_state.get("_pack_inputs")
    if not inputs:
        return
    if st.button("Prepare the briefing pack (one HTML file, opens offline)", key="prep_pack"):
        with st.spinner("Rendering the timeline and the map…"):
            h, end = inputs["h"], inputs["end"]
            map_page = exports.map_html(mapview.build_map, mapstate.events_in_window(ctx.events, end, 0), inputs["sites"],
                                        geo_layers(), ctx.actor_names, control_areas=inputs["areas"],
                                        lines=inputs["lines"], as_of=end, legend_open=True)
            figures = [("Events", str(h["events"])), ("Incidents and strikes", str(h["incidents"])),
                       ("Net tension", f"{h['tension']:+d}"), (f"Sites held on {end:%d %b %Y}", str(sum(h["sites_by_side"].values())))]
            st.session_state["_pack"] = exports.briefing_pack(
                title="US–Russia in Syria: briefing", description=ctx.description, figures=figures,
                timeline_png=exports.timeline_image(inputs["fig"], "png"), map_png_bytes=exports.map_png(map_page),
                events=ctx.events, attribution=ATTRIBUTION, generated=f"{today():%d %b %Y}")
    if st.session_state.get("_pack"):
        st.download_button("Download the briefing pack (HTML)", st.session_state["_pack"], file_name="briefing-pack.html",
                           mime="text/html", key="dl_pack")
