"""Streamlit glue for the timeline page: index settings (in the URL), range selection, compare periods."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from . import filters, i18n, tension, vocab
from .i18n import N_, _
from . import ui_state
from .filters import SCOPE_START, today
from .ui_page import Context
from .ui_sidebar import set_filter
from .textsafe import md

FREQ_LABELS = {"M": N_("Month"), "W": N_("Week")}
METHOD_LABELS = {"sum": N_("Sum of scores"), "mean": N_("Mean score")}
WEIGHT_LABELS = {"none": N_("Equal weights"), "confidence": N_("Weighted by confidence")}
DECAY_LABELS = {0: N_("No carry-over"), 3: N_("Half-life 3 periods"), 6: N_("Half-life 6 periods")}
LANE_LABELS = {"category": N_("By category"), "sides": N_("By pair of sides")}
def controls() -> tuple[tension.IndexSpec, str]:
    """Index settings and lane choice; their non-default values are written to the URL."""
    ui_state.load(ui_state.TIMELINE)
    c = st.columns(5)
    pick = _("Choose an option")  # the box shows it only while empty
    freq = c[0].selectbox(_("Index per"), list(FREQ_LABELS), key="t_freq", format_func={k: _(v) for k, v in FREQ_LABELS.items()}.get, placeholder=pick)
    method = c[1].selectbox(_("Aggregate"), list(METHOD_LABELS), key="t_method", format_func={k: _(v) for k, v in METHOD_LABELS.items()}.get, placeholder=pick)
    weight = c[2].selectbox(_("Weights"), list(WEIGHT_LABELS), key="t_weight", format_func={k: _(v) for k, v in WEIGHT_LABELS.items()}.get, placeholder=pick)
    decay = c[3].selectbox(_("Carry-over"), list(DECAY_LABELS), key="t_decay", format_func={k: _(v) for k, v in DECAY_LABELS.items()}.get, placeholder=pick)
    lanes = c[4].selectbox(_("Lanes"), list(LANE_LABELS), key="t_lanes", format_func={k: _(v) for k, v in LANE_LABELS.items()}.get, placeholder=pick)
    ui_state.write(ui_state.TIMELINE)
    return tension.IndexSpec(freq, method, weight, decay or None), lanes


def on_select() -> None:
    """A box drawn on the timeline becomes the shared date range (runs before the next script run)."""
    from .timeline import selected_range

    rng = selected_range(st.session_state.get("timeline"))
    if rng:
        lo = max(rng[0].date(), SCOPE_START)
        hi = min(rng[1].date(), today())
        if lo <= hi:
            set_filter("dates", (lo, hi))
            st.session_state["_tl_range_set"] = True


def map_link(row, f: filters.Filters) -> str:
    q = filters.to_query(f)
    q["asof"] = pd.Timestamp(row["event_date"]).date().isoformat()
    if pd.notna(row.get("latitude")):
        q.update(lat=f"{float(row['latitude']):.4f}", lon=f"{float(row['longitude']):.4f}", z="9")
    return f"./map?{urlencode(q, doseq=True)}"


def compare(ctx: Context) -> None:
    """Two windows of equal length on either side of a date, side by side."""
    start, end = ctx.date_range
    mid = start + (end - start) / 2
    c1, c2 = st.columns(2)
    pivot = c1.date_input(_("Compare around"), value=mid, min_value=SCOPE_START, max_value=today(), key="cmp_pivot",
                          format="YYYY-MM-DD")
    months = c2.slider(_("Months on each side"), 1, 36, 12, key="cmp_months")
    out = tension.compare_windows(ctx.events, pivot, months)
    lo, piv, hi = out["window"]
    cols = st.columns(2)
    day = pd.Timedelta(days=1)
    for col, name, label in ((cols[0], "before", i18n.date_range(lo, piv - day)),
                             (cols[1], "after", i18n.date_range(piv, hi - day))):
        s, other = out[name], out["after" if name == "before" else "before"]
        col.markdown(f"**{label}**")
        m1, m2 = col.columns(2)
        m1.metric(_("Events"), i18n.number(s["events"]), delta=s["events"] - other["events"] if name == "after" else None)
        m2.metric(_("Mean tension"), i18n.signed(s["mean_tension"], "+0.00;-0.00"),
                  delta=round(s["mean_tension"] - other["mean_tension"], 2) if name == "after" else None,
                  delta_color="inverse")
        cats = pd.DataFrame({_("Category"): [i18n.term(vocab.CATEGORIES[c]) for c in s["by_category"] if c in vocab.CATEGORIES],
                             _("Events"): [n for c, n in s["by_category"].items() if c in vocab.CATEGORIES]})
        col.dataframe(cats, hide_index=True, width="stretch")
        sides = _(", ").join(f"{i18n.term(vocab.SIDES[k])} {i18n.number(n)}" for k, n in s["by_side"].items() if k in vocab.SIDES)
        col.caption(_("Events by side involved:") + " " + (md(sides) or "—"))
        movers = [f"- {i18n.date(r['event_date'])} · {i18n.signed(int(r['tension']))} · {md(i18n.pick(r, 'title'))}"
                  for _i, r in s["top"].iterrows()]
        col.markdown(_("Largest movers:") + "\n" + "\n".join(movers) if movers else "—")


def export_buttons(fig) -> None:
    """Interactive HTML at once; PNG and SVG on request (each starts the system Chromium, ~2 s)."""
    from . import exports

    c1, c2, c3 = st.columns(3)
    c1.download_button(_("Interactive HTML (offline)"), i18n.deferred(exports.timeline_html, fig), file_name="timeline.html",
                       mime="text/html", key="dl_tl_html", on_click="ignore")
    if c2.button(_("Prepare PNG and SVG"), key="prep_tl_img"):
        with st.spinner(_("Rendering images with Chromium…")):
            st.session_state["_tl_png"] = exports.timeline_image(fig, "png")
            st.session_state["_tl_svg"] = exports.timeline_image(fig, "svg")
    if st.session_state.get("_tl_png"):
        c2.download_button(_("PNG (1600×800, ×2)"), st.session_state["_tl_png"], file_name="timeline.png",
                           mime="image/png", key="dl_tl_png", on_click="ignore")
        c3.download_button(_("SVG"), st.session_state["_tl_svg"], file_name="timeline.svg", mime="image/svg+xml",
                           key="dl_tl_svg", on_click="ignore")
