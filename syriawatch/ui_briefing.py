"""Streamlit glue for briefings: slides (saved views) on every page, the presentation page itself."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from streamlit_folium import st_folium

from . import DATA_DIR, briefing, filters, i18n, mapstate, mapview, navigation, timeline, ui_state, vocab
from .filters import SCOPE_START, today
from .i18n import _
from .ui_map import asset_base, map_inputs
from .ui_page import Context
from .textsafe import md
from .views import View, parse_file, parse_views

PAGE_FILES = {p.key: p.file for p in navigation.PAGES}

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


def presentation(ctx: Context) -> None:
    """The briefing page body: large headline figures, timeline, map, what changed."""
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    start, end = ctx.date_range
    undated = filters.apply_events(ctx.data.events, ctx.filters.with_(start=None, end=None))
    h = briefing.headline(undated, filters.apply_sites(ctx.data.sites, ctx.filters.with_(start=None, end=None)), start, end)
    p0, p1 = h["previous_window"]
    comparable = p1.date() >= SCOPE_START  # a previous window wholly before the data would compare with nothing
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
    left, right = st.columns([1.15, 1])
    with left:
        fig = timeline.timeline_figure(ctx.events, ctx.actor_names, date_range=ctx.date_range, bands=ctx.data.bands,
                                       height=560)
        fig.update_layout(showlegend=False)  # lanes are by category and named on the axis; the legend would wrap over the bands
        st.plotly_chart(fig, key="briefing_timeline", width="stretch")
    with right:
        x = map_inputs(ctx, mapstate.MapState(window_days=0, layers=mapview.ALL_LAYERS))  # the window's end, every incident
        m = mapview.render(x, asset_base=asset_base(), legend_open=False)
        st_folium(m, key="briefing_map", height=560, use_container_width=True, returned_objects=[])
    st.session_state["_pack_inputs"] = dict(h=h, fig=fig, map=x, end=end)
    ui_state.load(ui_state.BRIEFING)  # from the link (since=YYYY-MM-DD), else the last 7 days
    since = st.date_input(_("What changed since"), key="b_since", min_value=SCOPE_START, max_value=today(), format="YYYY-MM-DD")
    ui_state.write(ui_state.BRIEFING)
    changed = briefing.changed_since(ctx.events, since)
    st.subheader(_("{n} events added or updated since {date}").format(n=i18n.number(len(changed)), date=i18n.date(since)))
    if len(changed):
        st.dataframe(pd.DataFrame({_("Updated"): changed["updated_at"], _("Date"): changed["event_date"],
                                   _("Event"): i18n.column(changed, "title_en", "title_ar"), _("Tension"): changed["tension"],
                                   _("Source"): changed["source"]}),
                     hide_index=True, width="stretch", height=min(420, 40 + 35 * len(changed)))


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
