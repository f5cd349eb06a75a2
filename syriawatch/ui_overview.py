"""Streamlit glue for the Overview (the landing page): the browser's last visit, the curation store's
changes, and the page body.  The content comes from :mod:`syriawatch.overview` (pure)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import unquote

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from . import assets, i18n, mapstate, mapview, overview, vocab
from .i18n import _
from .textsafe import md, safe_url
from .ui import Context, asset_base, geo_layers, header, map_layers

VISIT_COOKIE = "sw_visit"
# Parameters only the timeline understands: a link to "/" with one of them is an old timeline link
# (the timeline was the landing page before the Overview) and is forwarded to the timeline.
TIMELINE_PARAMS = ("event", "index", "lanes", "slide")


def forward_old_timeline_links() -> None:
    if any(k in st.query_params for k in TIMELINE_PARAMS):
        st.switch_page("pages/timeline.py", query_params={k: st.query_params.get_all(k) for k in st.query_params})


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def last_visit() -> dt.datetime | None:
    """The start of this browser's previous visit (from its cookie), fixed for the whole session.

    The cookie is written by the page itself (a script in the page, first run of the session only):
    it is this browser's, not the server's, and nothing leaves the machine.
    """
    if "_ov_visit" not in st.session_state:
        raw = None
        try:
            raw = st.context.cookies.get(VISIT_COOKIE)
        except Exception:  # no browser (AppTest, bare mode)
            raw = None
        prev, new = overview.visit_state(unquote(raw) if raw else None, now())
        st.session_state["_ov_visit"] = prev
        st.html("<script>document.cookie = " + json.dumps(VISIT_COOKIE + "=") + " + encodeURIComponent("
                + json.dumps(new) + ") + '; max-age=31536000; path=/; SameSite=Lax';</script>",
                unsafe_allow_javascript=True)
    return st.session_state["_ov_visit"]


def store_changes(since) -> tuple[list, str | None, dt.datetime | None]:
    """Published changes of events in the curation store since ``since``, a problem (text) if the store
    cannot be read, and when the store's history begins (its first load from data/*.csv)."""
    from . import store

    try:
        s = store.open_store()
        entries = s.changes_since(since)
        seeded = s.changes_since(dt.date(1970, 1, 1), actions=("seed",))
    except store.StoreError as err:
        return [], str(err), None
    begins = overview._parse_time(seeded[-1].at) if seeded else None
    return entries, None, begins


def _event_line(r, ctx: Context, lang: str, with_links: bool = True) -> str:
    links = overview.event_links(r, ctx.filters, lang)
    cat = vocab.CATEGORIES.get(str(r["category"]))
    parts = [f"**{i18n.date(r['event_date'])}**", i18n.signed(int(r["tension"])), md(i18n.pick(r, "title"))]
    src = md(r["source"]) if pd.notna(r.get("source")) else ""
    url = safe_url(r.get("source_url"))
    if src:
        parts.append(f"[{src}](<{url}>)" if url else src)
    line = " · ".join(p for p in parts if p)
    if cat:
        line += f" · *{md(i18n.term(cat))}*"
    if with_links:
        line += f" · [{_('card')}]({links['timeline']}) · [{_('map')}]({links['map']})"
    return "- " + line


def page(ctx: Context) -> None:
    lang = i18n.lang()
    latest_all = overview.last_date(ctx.data.events)
    end = min(d for d in (latest_all, pd.Timestamp(ctx.date_range[1])) if d is not None) if latest_all is not None \
        else pd.Timestamp(ctx.date_range[1])
    start, _end = overview.window(end, overview.RECENT_DAYS)
    recent = overview.recent_events(ctx.events, end)
    data_to = _("data to {date}").format(date=i18n.date(latest_all, "long")) if latest_all is not None else _("no data")

    header(_("What matters now"), ctx, data_to + " · " + _("{n} events").format(n=i18n.number(len(ctx.events))))

    _new_since(ctx, lang)

    left, right = st.columns([1.25, 1], gap="large")
    with left:
        st.subheader(_("Latest events"))
        st.caption(_("{n} events in the {days} days to {date} (newest first)").format(
            n=i18n.number(len(recent)), days=i18n.number(overview.RECENT_DAYS), date=i18n.date(end)))
        if recent.empty:
            st.info(_("No event in these {days} days matches the filters.").format(days=i18n.number(overview.RECENT_DAYS)))
        else:
            with st.container(height=460, border=False):
                st.markdown("\n".join(_event_line(r, ctx, lang) for _i, r in recent.head(40).iterrows()))
        table = overview.link("events", ctx.filters.with_(start=start.date(), end=end.date()), lang)
        st.markdown(f"[{_('All events of these {days} days in the table').format(days=i18n.number(overview.RECENT_DAYS))}]({table})")
    with right:
        st.subheader(_("What each side holds on {date}").format(date=i18n.date(end)))
        held = overview.holdings(ctx.sites, end)
        st.markdown(" · ".join(f"**{md(i18n.term(vocab.SIDES[s]))}** {i18n.number(n)}" for s, n in held.items())
                    or _("No site held on this date matches the filters."))
        if assets.missing_vendor():
            st.error(_("The map's local Leaflet files are missing: run `bash scripts/setup.sh` (it installs them from npm)."))
        else:
            sites = mapstate.sites_active_on(ctx.sites, end)
            areas, _lines = map_layers(ctx.data, end, end)
            m = mapview.build_map(mapstate.events_in_window(ctx.events, end, overview.RECENT_DAYS), sites, geo_layers(),
                                  ctx.actor_names, layers=("govs", "towns", "control", "sites_us", "sites_ru", "sites_other", "events"),
                                  control_areas=areas, as_of=end, asset_base=asset_base(), legend_open=False, zoom=6)
            st_folium(m, key="overview_map", height=400, use_container_width=True, returned_objects=[])
        full = overview.link("map", ctx.filters, lang, asof=end.date().isoformat(), win=str(overview.RECENT_DAYS))
        st.markdown(f"[{_('Open the full map on {date}').format(date=i18n.date(end))}]({full})")

    st.subheader(_("Tension in the last 12 months, against the long-run range"))
    fig = overview.trend_figure(ctx.events, end)
    st.plotly_chart(fig, key="overview_trend", width="stretch", config={"displayModeBar": False})
    t = overview.trend(ctx.events, end)
    if t is not None:
        st.caption(_("Bars: net tension per month (sum of the events' scores; red above zero, blue below). Band: the "
                     "10th–90th percentile of every month since {since}; dashed line: the median ({median}).").format(
            since=i18n.date(t.since, "month"), median=i18n.signed(round(t.median))))
    tl = overview.link("timeline", ctx.filters, lang)
    br = overview.link("briefing", ctx.filters, lang)
    st.markdown(f"[{_('The whole timeline since 2015')}]({tl}) · [{_('The briefing for a screen')}]({br})")


def _new_since(ctx: Context, lang: str) -> None:
    prev = last_visit()
    with st.container(border=True, key="ov_new"):
        if prev is None:
            st.markdown("**" + _("New since your last visit") + "**")
            st.caption(_("This is the first visit from this browser (or its cookies were cleared). Next time, the events "
                         "added or changed in the curation store since this visit are listed here."))
            return
        entries, problem, begins = store_changes(prev)
        changed = overview.changed_events(entries, ctx.events)
        st.markdown("**" + _("New since your last visit ({date})").format(date=i18n.date(prev.date())) + "**")
        if problem:
            st.caption(_("The curation store cannot be read, so changes are not shown: {problem}").format(problem=md(problem)))
            return
        if changed.empty:
            st.caption(_("Nothing was added or changed since then (among the events these filters show)."))
        else:
            t = now()
            lines = [f"{_event_line(r, ctx, lang)} — *{overview.change_phrase(r)} {overview.when(r['changed_at'], t)}*"
                     for _i, r in changed.head(10).iterrows()]
            st.markdown(_("{n} events added or changed:").format(n=i18n.number(len(changed))) + "\n\n" + "\n".join(lines))
        if begins is not None and prev < begins:
            st.caption(_("The curation store's history begins on {date}, when it was first loaded from the release files.")
                       .format(date=i18n.date(begins.date())))
