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

from . import i18n, vocab
from .i18n import _
from .tension import IndexSpec, period_start, tension_index
from .textsafe import h, text

WEBGL_THRESHOLD = 2_000   # above this many points a lane switches to WebGL (stack.md: SVG dies near 100k)
BIN_ABOVE = 5_000         # above this many events the lanes are binned server-side
LANES = {"category": "Category", "sides": "Pair of sides"}
PHASE_FILLS = ["rgba(31,78,158,0.07)", "rgba(198,40,40,0.07)"]
ADMIN_FILLS = ["#E8EDF6", "#F6E8E8"]
HOVER_COLS = ["title_en", "title_ar", "event_date", "time_precision", "actors", "tension", "confidence", "source"]
LABEL_CHARS_PER_WIDTH = 150  # characters of an 11 px label that fit across the plot on a 1,600 px screen


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
    labels = sorted({i18n.term(vocab.SIDES[s]) for s in sides if s in vocab.SIDES})
    return " – ".join(labels[:2]) + (" +" if len(labels) > 2 else "") if labels else _("Unknown")


def lane_of(events: pd.DataFrame, lanes: str) -> pd.Series:
    if lanes == "sides":
        return events["sides"].map(side_pair)
    labels = {c: i18n.term(t) for c, t in vocab.CATEGORIES.items()}
    cat = events["category"].astype("category") if not isinstance(events["category"].dtype, pd.CategoricalDtype) else events["category"]
    return cat.cat.rename_categories(lambda c: labels.get(str(c), str(c))).astype(str)


def context_months(context) -> pd.Series:
    """Imported events per calendar month; a ContextSelection (syriawatch.contextstore) counts them in the store."""
    if isinstance(context, pd.DataFrame):
        return context["event_date"].dt.to_period("M").dt.to_timestamp().value_counts().sort_index()
    return context.monthly_counts()


def _hover(r, actor_names, words: dict) -> str:
    tp = i18n.pair(vocab.TIME_PRECISION.get(int(r["time_precision"]), ("", "")))
    actors = " – ".join(h(actor_names.get(a, a)) for a in r["actors"])
    conf = vocab.CONFIDENCE.get(str(r["confidence"]))
    return (f"<b>{h(i18n.pick(r, 'title'))}</b><br>{i18n.date(r['event_date'])} ({h(tp)})<br>{actors}"
            f"<br>{words['tension']} {i18n.signed(int(r['tension']))} · {h(i18n.term(conf) if conf else r['confidence'])}"
            f"<br>{words['source']} {h(r['source'])}")


def _drivers_text(drivers, titles: dict | None = None) -> str:
    """The events that moved a period: score and title (in the interface language when ``titles`` maps ids)."""
    if not drivers:
        return _("no events")
    return "<br>".join(f"{i18n.signed(c) if float(c).is_integer() else i18n.signed(c, '+0.##;-0.##')} · "
                       f"{h((titles or {}).get(i, t)[:70])}" for i, t, c in drivers)


def localise_dates(fig: go.Figure, start, end) -> None:
    """Date ticks in the interface language (plotly.js would print English month names).

    English keeps plotly's own adaptive ticks; other languages get explicit ticks: years over long
    spans, quarters or months over short ones, labelled by Babel.
    """
    if i18n.lang() == "en" or start is None or end is None:
        return
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    months = (b.year - a.year) * 12 + b.month - a.month
    if months > 48:
        step = max(1, round(months / 12 / 10))
        ticks = pd.date_range(pd.Timestamp(a.year, 1, 1), b, freq=f"{12 * step}MS")
        labels = [i18n.date(t, "year") for t in ticks]
    else:
        freq = "MS" if months <= 12 else "QS" if months <= 30 else "6MS"
        ticks = pd.date_range(pd.Timestamp(a.year, a.month, 1), b, freq=freq)
        labels = [i18n.date(t, "month") for t in ticks]
    ticks_in = [(t, lab) for t, lab in zip(ticks, labels) if t >= a - pd.Timedelta(days=31)]
    fig.update_xaxes(tickmode="array", tickvals=[t for t, _l in ticks_in], ticktext=[lab for _t, lab in ticks_in])


def add_bands(fig: go.Figure, bands: pd.DataFrame | None, x_end, x_start=None) -> None:
    """Shade the phases over both rows and draw administrations as a strip above the plot.

    Labels are clamped into the visible range [x_start, x_end] so a band that began earlier is named.
    """
    if bands is None or bands.empty:
        return
    end_default = pd.Timestamp(x_end)
    lo = pd.Timestamp(x_start) if x_start is not None else pd.Timestamp.min
    bands = bands[(bands["start"] <= end_default) & (bands["end"].isna() | (bands["end"] >= lo))]
    phases = bands[bands["kind"] == "phase"].sort_values("start")
    starts = [max(pd.Timestamp(s), lo) for s in phases["start"]]
    span = max((end_default - (lo if x_start is not None else min(starts, default=end_default))).days, 1)
    # Shapes and annotations are collected and set once: plotly re-validates the whole list on every
    # add_vrect/add_annotation call, which made the bands half the cost of the figure.
    shapes, notes = [], []
    for i, (_i, b) in enumerate(phases.iterrows()):
        end = b["end"] if pd.notna(b["end"]) else end_default
        for xref, yref in (("x", "y domain"), ("x2", "y2 domain")):  # both rows
            shapes.append(dict(type="rect", xref=xref, yref=yref, x0=b["start"], x1=end, y0=0, y1=1,
                               fillcolor=PHASE_FILLS[i % 2], line_width=0, layer="below"))
        # One label per phase, above the lanes, staggered on two levels so neighbours do not collide; a label
        # longer than the room before the next label on its level is shortened (the full name on hover).
        label = i18n.pick(b, "label")
        room = ((starts[i + 2] if i + 2 < len(starts) else end_default) - starts[i]).days / span
        fit = max(6, int(room * LABEL_CHARS_PER_WIDTH))
        short = label if len(label) <= fit else label[:fit - 1].rstrip() + "…"
        notes.append(dict(x=starts[i], y=0.655 if i % 2 else 0.625, xref="x", yref="paper", xanchor="left",
                          text=h(short), hovertext=h(label), showarrow=False, font=dict(size=11, color="#555"),
                          bgcolor="rgba(255,255,255,0.7)"))
    for i, (_i, b) in enumerate(bands[bands["kind"] == "administration"].sort_values("start").iterrows()):
        end = b["end"] if pd.notna(b["end"]) else end_default
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=b["start"], x1=end, y0=1.005, y1=1.045,
                           fillcolor=ADMIN_FILLS[i % 2], line_width=0, layer="below"))
        a, z = max(pd.Timestamp(b["start"]), lo), min(pd.Timestamp(end), end_default)
        notes.append(dict(x=a + (z - a) / 2, y=1.025, xref="x", yref="paper", text=h(i18n.pick(b, "label")),
                          showarrow=False, font=dict(size=11, color="#333")))
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *notes])


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
    words = {"tension": _("Tension"), "source": _("Source:")}
    titles = (dict(zip(events["event_id"], i18n.column(events, "title_en", "title_ar")))
              if i18n.lang() == "ar" and len(events) <= bin_above and "title_ar" in events else None)
    if not idx.empty:
        width = (6 if spec.freq == "W" else 27) * 86_400_000
        centre = idx["period"] + pd.Timedelta(days=3 if spec.freq == "W" else 14)
        colours = ["#C62828" if v > 0 else "#1F4E9E" if v < 0 else "#9E9E9E" for v in idx["value"]]
        period = [i18n.date(p, "day" if spec.freq == "W" else "month") for p in idx["period"]]
        summary = _("{period}: {value} from {n} events")
        fig.add_bar(x=centre, y=idx["value"].round(2), width=width, marker_color=colours, name=_("Tension this period"),
                    customdata=[[summary.format(period=p, value=i18n.signed(v, "+0.00;-0.00"), n=i18n.number(n)),
                                 _drivers_text(d, titles)]
                                for p, v, n, d in zip(period, idx["value"], idx["events"], idx["drivers"])],
                    hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
                    row=1, col=1, showlegend=False)
        if spec.half_life:
            line = _("{period}: index {value}")
            fig.add_scatter(x=centre, y=idx["index"].round(2), mode="lines", line=dict(color="#222", width=2),
                            name=_("Index with carry-over"),
                            customdata=[line.format(period=p, value=i18n.signed(v, "+0.00;-0.00"))
                                        for p, v in zip(period, idx["index"])],
                            hovertemplate="%{customdata}<extra></extra>", row=1, col=1)
    lane = lane_of(events, lanes)
    present = set(lane.unique())
    order = ([i18n.term(vocab.CATEGORIES[c]) for c in vocab.CATEGORIES if i18n.term(vocab.CATEGORIES[c]) in present]
             if lanes == "category" else sorted(present))
    if len(events) > bin_above:
        per = period_start(events["event_date"], "M" if len(events) > 50_000 else "W")
        counts = pd.crosstab(lane, per).reindex(order).fillna(0)
        cell = _("{lane}<br>{period}: {n} events")
        labels = [[cell.format(lane=h(lab), period=i18n.date(p), n=i18n.number(int(n))) for p, n in zip(counts.columns, row)]
                  for lab, row in zip(counts.index, counts.to_numpy())]
        fig.add_trace(go.Heatmap(z=counts.to_numpy(), x=counts.columns, y=counts.index, colorscale="Reds",
                                 showscale=False, name=_("Events per period"), customdata=labels,
                                 hovertemplate="%{customdata}<extra></extra>"), row=2, col=1)
    else:
        groups = dict(tuple(events.groupby(lane.to_numpy(), sort=False)))
        traces = []
        for label in order:
            sub = groups.get(label)
            if sub is None or sub.empty:
                continue
            weak = sub["confidence"].isin(["possible", "disputed"])
            colours = sub["category"].astype(str).map(lambda c: vocab.CATEGORIES[c].colour if c in vocab.CATEGORIES else "#777")
            trace = go.Scattergl if len(sub) > WEBGL_THRESHOLD else go.Scatter
            traces.append(trace(
                x=sub["event_date"], y=[label] * len(sub), mode="markers", name=label,
                marker=dict(color=colours.tolist() if lanes == "sides" else colours.iloc[0],
                            size=(8 + sub["tension"].abs() * 1.4).tolist(),
                            symbol=["circle-open" if w else "circle" for w in weak], line=dict(width=1, color="#222")),
                customdata=sub[["event_id"]].to_numpy(),
                hovertext=[_hover(r, actor_names, words) for r in sub[HOVER_COLS].to_dict("records")],
                hovertemplate="%{hovertext}<extra></extra>", showlegend=lanes == "category",
            ))
        if traces:  # added at once: plotly re-validates the trace list on every add_trace
            fig.add_traces(traces, rows=2, cols=1)
    if context is not None and len(context):
        counts = context_months(context)
        label = _("Context: ACLED/UCDP (not curated)")
        order = [label] + order
        text = _("{period}: {n} imported events (not curated)")
        fig.add_trace(go.Scatter(
            x=counts.index + pd.Timedelta(days=14), y=[label] * len(counts), mode="markers", name=label,
            marker=dict(color="#9E9E9E", symbol="square", size=(6 + 18 * (counts / counts.max()) ** 0.5).tolist()),
            customdata=[text.format(period=i18n.date(p, "month"), n=i18n.number(int(n))) for p, n in counts.items()],
            hovertemplate="%{customdata}<extra></extra>", showlegend=False), row=2, col=1)
    if start is not None:
        pad = pd.Timedelta(days=15)
        fig.update_xaxes(range=[pd.Timestamp(start) - pad, pd.Timestamp(end) + pad])
    add_bands(fig, bands, end or (events["event_date"].max() if len(events) else pd.Timestamp.today()), start)
    x0 = start if start is not None else (events["event_date"].min() if len(events) else None)
    x1 = end if end is not None else (events["event_date"].max() if len(events) else None)
    localise_dates(fig, x0, x1)
    fig.update_yaxes(title_text=_("Tension"), zeroline=True, zerolinecolor="#888", row=1, col=1)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)), row=2, col=1)
    # Arabic lane labels are measured before the Arabic web font has loaded: leave them room explicitly.
    fig.update_layout(height=height, margin=dict(l=10 if i18n.lang() == "en" else 150, r=10, t=70, b=10), template="plotly_white",
                      font=dict(size=14), hoverlabel=dict(font_size=13),
                      legend=dict(orientation="h", y=1.12, x=0))
    return fig


def event_label(row) -> str:
    return f"{pd.Timestamp(row['event_date']):%Y-%m-%d} · {text(i18n.pick(row, 'title'))}"


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
