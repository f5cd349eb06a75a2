"""Timeline figures as pure functions: filtered events in, plotly Figure out.

Top row: the tension index (see :mod:`syriawatch.tension`), each period's hover naming the events that
moved it.  Bottom row: one lane per category (or per pair of sides), one marker per event, or -- past
``BIN_ABOVE`` events -- a heatmap of counts per lane and period, so the payload stays bounded.
Context bands (administrations, phases of the conflict) come from data/context_bands.csv.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import vocab
from .tension import IndexSpec, period_start, tension_index
from .textsafe import h, text

WEBGL_THRESHOLD = 2_000   # above this many points a lane switches to WebGL (stack.md: SVG dies near 100k)
BIN_ABOVE = 5_000         # above this many events the lanes are binned server-side
LANES = {"category": "Category", "sides": "Pair of sides"}
PHASE_FILLS = ["rgba(31,78,158,0.07)", "rgba(198,40,40,0.07)"]
ADMIN_FILLS = ["#E8EDF6", "#F6E8E8"]


def monthly_tension(events: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month: number of events, sum and mean of tension scores, and the top event's title."""
    cols = ["month", "events", "tension_sum", "tension_mean", "top_event"]
    if events.empty:
        return pd.DataFrame(columns=cols)
    t = tension_index(events, IndexSpec("M", "sum"), top=1)
    mean = tension_index(events, IndexSpec("M", "mean"), top=1)
    return pd.DataFrame({"month": t["period"], "events": t["events"], "tension_sum": t["value"].round().astype(int),
                         "tension_mean": mean["value"].round(2),
                         "top_event": [d[0][1] if d else "" for d in t["drivers"]]})[cols]


def side_pair(sides: tuple) -> str:
    labels = sorted({vocab.SIDES[s].label for s in sides if s in vocab.SIDES})
    return " – ".join(labels[:2]) + (" +" if len(labels) > 2 else "") if labels else "Unknown"


def lane_of(events: pd.DataFrame, lanes: str) -> pd.Series:
    if lanes == "sides":
        return events["sides"].map(side_pair)
    labels = {c: t.label for c, t in vocab.CATEGORIES.items()}
    cat = events["category"].astype("category") if not isinstance(events["category"].dtype, pd.CategoricalDtype) else events["category"]
    return cat.cat.rename_categories(lambda c: labels.get(str(c), str(c))).astype(str)


def context_months(context) -> pd.Series:
    """Imported events per calendar month; a ContextSelection (syriawatch.contextstore) counts them in the store."""
    if isinstance(context, pd.DataFrame):
        return context["event_date"].dt.to_period("M").dt.to_timestamp().value_counts().sort_index()
    return context.monthly_counts()


def _hover(r, actor_names) -> str:
    tp = vocab.TIME_PRECISION.get(int(r.time_precision), ("", ""))[0]
    actors = " – ".join(h(actor_names.get(a, a)) for a in r.actors)
    return (f"<b>{h(r.title_en)}</b><br>{pd.Timestamp(r.event_date):%d %b %Y} ({h(tp)})<br>{actors}"
            f"<br>Tension {int(r.tension):+d} · {h(r.confidence)}<br>Source: {h(r.source)}")


def _drivers_text(drivers) -> str:
    if not drivers:
        return "no events"
    return "<br>".join(f"{c:+g} · {h(t[:70])}" for _, t, c in drivers)


def add_bands(fig: go.Figure, bands: pd.DataFrame | None, x_end, x_start=None) -> None:
    """Shade the phases over both rows and draw administrations as a strip above the plot.

    Labels are clamped into the visible range [x_start, x_end] so a band that began earlier is named.
    """
    if bands is None or bands.empty:
        return
    end_default = pd.Timestamp(x_end)
    lo = pd.Timestamp(x_start) if x_start is not None else pd.Timestamp.min
    bands = bands[(bands["start"] <= end_default) & (bands["end"].isna() | (bands["end"] >= lo))]
    for i, (_, b) in enumerate(bands[bands["kind"] == "phase"].sort_values("start").iterrows()):
        end = b["end"] if pd.notna(b["end"]) else end_default
        fig.add_vrect(x0=b["start"], x1=end, fillcolor=PHASE_FILLS[i % 2], line_width=0, layer="below", row="all", col=1)
        # One label per phase, above the lanes, staggered on two levels so neighbours do not collide.
        fig.add_annotation(x=max(pd.Timestamp(b["start"]), lo), y=0.655 if i % 2 else 0.625, xref="x", yref="paper", xanchor="left",
                           text=h(b["label_en"]), showarrow=False, font=dict(size=11, color="#555"),
                           bgcolor="rgba(255,255,255,0.7)")
    for i, (_, b) in enumerate(bands[bands["kind"] == "administration"].sort_values("start").iterrows()):
        end = b["end"] if pd.notna(b["end"]) else end_default
        fig.add_shape(type="rect", xref="x", yref="paper", x0=b["start"], x1=end, y0=1.005, y1=1.045,
                      fillcolor=ADMIN_FILLS[i % 2], line_width=0, layer="below")
        a, z = max(pd.Timestamp(b["start"]), lo), min(pd.Timestamp(end), end_default)
        mid = a + (z - a) / 2
        fig.add_annotation(x=mid, y=1.025, xref="x", yref="paper", text=h(b["label_en"]), showarrow=False,
                           font=dict(size=11, color="#333"))


def timeline_figure(events: pd.DataFrame, actor_names: dict[str, str], *, height: int = 680,
                    date_range: tuple | None = None, spec: IndexSpec = IndexSpec(), lanes: str = "category",
                    bands: pd.DataFrame | None = None, bin_above: int = BIN_ABOVE,
                    context: pd.DataFrame | None = None) -> go.Figure:
    """The tension index (top) above the event lanes (bottom), with context bands.

    ``context`` (imported ACLED/UCDP rows, or a ContextSelection of the store) adds one grey lane of
    monthly counts, kept apart from the curated lanes and never part of the index.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.34, 0.66], vertical_spacing=0.05)
    start, end = (date_range if date_range and all(date_range) else (None, None))
    idx = tension_index(events, spec, start=start, end=end) if len(events) else tension_index(events, spec)
    if not idx.empty:
        width = (6 if spec.freq == "W" else 27) * 86_400_000
        centre = idx["period"] + pd.Timedelta(days=3 if spec.freq == "W" else 14)
        colours = ["#C62828" if v > 0 else "#1F4E9E" if v < 0 else "#9E9E9E" for v in idx["value"]]
        fig.add_bar(x=centre, y=idx["value"].round(2), width=width, marker_color=colours, name="Tension this period",
                    customdata=[[n, _drivers_text(d)] for n, d in zip(idx["events"], idx["drivers"])],
                    hovertemplate="%{x|%b %Y}: %{y:+.2f} from %{customdata[0]} events<br>%{customdata[1]}<extra></extra>",
                    row=1, col=1, showlegend=False)
        if spec.half_life:
            fig.add_scatter(x=centre, y=idx["index"].round(2), mode="lines", line=dict(color="#222", width=2),
                            name="Index with carry-over", hovertemplate="%{x|%b %Y}: index %{y:+.2f}<extra></extra>",
                            row=1, col=1)
    lane = lane_of(events, lanes)
    present = set(lane.unique())
    order = ([vocab.CATEGORIES[c].label for c in vocab.CATEGORIES if vocab.CATEGORIES[c].label in present]
             if lanes == "category" else sorted(present))
    if len(events) > bin_above:
        per = period_start(events["event_date"], "M" if len(events) > 50_000 else "W")
        counts = pd.crosstab(lane, per).reindex(order).fillna(0)
        fig.add_trace(go.Heatmap(z=counts.to_numpy(), x=counts.columns, y=counts.index, colorscale="Reds",
                                 showscale=False, name="Events per period",
                                 hovertemplate="%{y}<br>%{x|%d %b %Y}: %{z} events<extra></extra>"), row=2, col=1)
    else:
        for label in order:
            sub = events[lane == label]
            if sub.empty:
                continue
            weak = sub["confidence"].isin(["possible", "disputed"])
            colours = sub["category"].astype(str).map(lambda c: vocab.CATEGORIES[c].colour if c in vocab.CATEGORIES else "#777")
            trace = go.Scattergl if len(sub) > WEBGL_THRESHOLD else go.Scatter
            fig.add_trace(trace(
                x=sub["event_date"], y=[label] * len(sub), mode="markers", name=label,
                marker=dict(color=colours.tolist() if lanes == "sides" else colours.iloc[0],
                            size=(8 + sub["tension"].abs() * 1.4).tolist(),
                            symbol=["circle-open" if w else "circle" for w in weak], line=dict(width=1, color="#222")),
                customdata=sub[["event_id"]].to_numpy(),
                hovertext=[_hover(r, actor_names) for r in sub.itertuples()],
                hovertemplate="%{hovertext}<extra></extra>", showlegend=lanes == "category",
            ), row=2, col=1)
    if context is not None and len(context):
        counts = context_months(context)
        label = "Context: ACLED/UCDP (not curated)"
        order = [label] + order
        fig.add_trace(go.Scatter(
            x=counts.index + pd.Timedelta(days=14), y=[label] * len(counts), mode="markers", name=label,
            marker=dict(color="#9E9E9E", symbol="square", size=(6 + 18 * (counts / counts.max()) ** 0.5).tolist()),
            customdata=counts.to_numpy(), hovertemplate="%{x|%b %Y}: %{customdata} imported events (not curated)<extra></extra>",
            showlegend=False), row=2, col=1)
    if start is not None:
        pad = pd.Timedelta(days=15)
        fig.update_xaxes(range=[pd.Timestamp(start) - pad, pd.Timestamp(end) + pad])
    add_bands(fig, bands, end or (events["event_date"].max() if len(events) else pd.Timestamp.today()), start)
    fig.update_yaxes(title_text="Tension", zeroline=True, zerolinecolor="#888", row=1, col=1)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)), row=2, col=1)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=70, b=10), template="plotly_white",
                      font=dict(size=14), hoverlabel=dict(font_size=13),
                      legend=dict(orientation="h", y=1.12, x=0))
    return fig


def event_label(row) -> str:
    return f"{pd.Timestamp(row['event_date']):%Y-%m-%d} · {text(row['title_en'])}"


def selected_event_ids(fig: go.Figure, selection) -> list[str]:
    """Event ids of the points selected on the timeline (st.plotly_chart's selection state).

    Uses customdata when the frontend sends it, else the point's trace and index, so it works for
    clicks, box selections and AppTest's injected state alike.
    """
    points = ((selection or {}).get("selection") or {}).get("points") or []
    ids = []
    for p in points:
        curve = p.get("curve_number")
        if curve is not None and curve < len(fig.data) and fig.data[curve].type not in ("scatter", "scattergl"):
            continue  # a bar of the index or a heatmap cell, not an event
        cd = p.get("customdata")
        if cd:
            ids.append(cd[0] if isinstance(cd, (list, tuple)) else cd)
            continue
        idx = p.get("point_index", p.get("point_number"))
        if curve is None or idx is None or curve >= len(fig.data):
            continue
        data = fig.data[curve].customdata
        if data is not None and idx < len(data):
            ids.append(data[idx][0])
    return [str(i) for i in ids if str(i).strip()]


def selected_range(selection) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The x-range of a box selection on the timeline, as dates (None when there is no box)."""
    boxes = ((selection or {}).get("selection") or {}).get("box") or []
    for b in boxes:
        xs = b.get("x") or []
        if len(xs) >= 2:
            try:
                lo, hi = sorted(pd.Timestamp(x) for x in xs[:2])
            except (ValueError, TypeError):
                continue
            return lo, hi
    return None
