"""Streamlit glue for the timeline page: index settings (in the URL), range selection, compare periods."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from . import filters, tension, vocab
from .ui import SCOPE_START, Context, K, today
from .textsafe import md

FREQ_LABELS = {"M": "Month", "W": "Week"}
METHOD_LABELS = {"sum": "Sum of scores", "mean": "Mean score"}
WEIGHT_LABELS = {"none": "Equal weights", "confidence": "Weighted by confidence"}
DECAY_LABELS = {0: "No carry-over", 3: "Half-life 3 periods", 6: "Half-life 6 periods"}
_INDEX_RE = re.compile(r"^(M|W)\.(sum|mean)\.(none|confidence)\.(0|3|6)$")


def _init_from_url() -> None:
    if st.session_state.get("_tl_url_loaded"):
        return
    st.session_state["_tl_url_loaded"] = True
    raw, lanes = st.query_params.get("index"), st.query_params.get("lanes")
    m = _INDEX_RE.match(raw or "")
    freq, method, weight, decay = (m.group(1), m.group(2), m.group(3), int(m.group(4))) if m else ("M", "sum", "none", 0)
    st.session_state.update(t_freq=freq, t_method=method, t_weight=weight, t_decay=decay,
                            t_lanes=lanes if lanes in ("category", "sides") else "category")
    ignored = [f"index settings “{raw[:40]}”"] if raw and not m else []
    ignored += [f"lanes “{lanes[:40]}”"] if lanes and lanes not in ("category", "sides") else []
    if ignored:
        st.session_state["_url_ignored"] = list(st.session_state.get("_url_ignored", [])) + ignored


def controls() -> tuple[tension.IndexSpec, str]:
    """Index settings and lane choice; their non-default values are written to the URL."""
    _init_from_url()
    c = st.columns(5)
    freq = c[0].selectbox("Index per", list(FREQ_LABELS), key="t_freq", format_func=FREQ_LABELS.get)
    method = c[1].selectbox("Aggregate", list(METHOD_LABELS), key="t_method", format_func=METHOD_LABELS.get)
    weight = c[2].selectbox("Weights", list(WEIGHT_LABELS), key="t_weight", format_func=WEIGHT_LABELS.get)
    decay = c[3].selectbox("Carry-over", list(DECAY_LABELS), key="t_decay", format_func=DECAY_LABELS.get)
    lanes = c[4].selectbox("Lanes", ["category", "sides"], key="t_lanes",
                           format_func={"category": "By category", "sides": "By pair of sides"}.get)
    index = f"{freq}.{method}.{weight}.{decay}"
    for key, value, default in (("index", index, "M.sum.none.0"), ("lanes", lanes, "category")):
        if value == default:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
    return tension.IndexSpec(freq, method, weight, decay or None), lanes


def on_select() -> None:
    """A box drawn on the timeline becomes the shared date range (runs before the next script run)."""
    from .timeline import selected_range

    rng = selected_range(st.session_state.get("timeline"))
    if rng:
        lo = max(rng[0].date(), SCOPE_START)
        hi = min(rng[1].date(), today())
        if lo <= hi:
            st.session_state[K["dates"]] = (lo, hi)
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
    pivot = c1.date_input("Compare around", value=mid, min_value=SCOPE_START, max_value=today(), key="cmp_pivot")
    months = c2.slider("Months on each side", 1, 36, 12, key="cmp_months")
    out = tension.compare_windows(ctx.events, pivot, months)
    lo, piv, hi = out["window"]
    cols = st.columns(2)
    for col, name, label in ((cols[0], "before", f"{lo:%b %Y} – {piv - pd.Timedelta(days=1):%b %Y}"),
                             (cols[1], "after", f"{piv:%b %Y} – {hi - pd.Timedelta(days=1):%b %Y}")):
        s, other = out[name], out["after" if name == "before" else "before"]
        col.markdown(f"**{label}**")
        m1, m2 = col.columns(2)
        m1.metric("Events", s["events"], delta=s["events"] - other["events"] if name == "after" else None)
        m2.metric("Mean tension", f"{s['mean_tension']:+.2f}",
                  delta=round(s["mean_tension"] - other["mean_tension"], 2) if name == "after" else None,
                  delta_color="inverse")
        cats = pd.DataFrame({"Category": [vocab.CATEGORIES[c].label for c in s["by_category"] if c in vocab.CATEGORIES],
                             "Events": [n for c, n in s["by_category"].items() if c in vocab.CATEGORIES]})
        col.dataframe(cats, hide_index=True, width="stretch")
        sides = ", ".join(f"{vocab.SIDES[k].label} {n}" for k, n in s["by_side"].items() if k in vocab.SIDES)
        col.caption("Events by side involved: " + (md(sides) or "—"))
        col.markdown("Largest movers:\n" + "\n".join(
            f"- {r.event_date:%d %b %Y} · {int(r.tension):+d} · {md(r.title_en)}" for r in s["top"].itertuples()) if len(s["top"]) else "—")


def export_buttons(fig) -> None:
    """Interactive HTML at once; PNG and SVG on request (each starts the system Chromium, ~2 s)."""
    from . import exports

    c1, c2, c3 = st.columns(3)
    c1.download_button("Interactive HTML (offline)", exports.timeline_html(fig), file_name="timeline.html",
                       mime="text/html", key="dl_tl_html")
    if c2.button("Prepare PNG and SVG", key="prep_tl_img"):
        with st.spinner("Rendering images with Chromium…"):
            st.session_state["_tl_png"] = exports.timeline_image(fig, "png")
            st.session_state["_tl_svg"] = exports.timeline_image(fig, "svg")
    if st.session_state.get("_tl_png"):
        c2.download_button("PNG (1600×800, ×2)", st.session_state["_tl_png"], file_name="timeline.png",
                           mime="image/png", key="dl_tl_png")
        c3.download_button("SVG", st.session_state["_tl_svg"], file_name="timeline.svg", mime="image/svg+xml",
                           key="dl_tl_svg")
