"""Timeline figures as pure functions: filtered events in, plotly Figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import vocab
from .textsafe import h, text

WEBGL_THRESHOLD = 2_000  # above this many points a category trace switches to WebGL (stack.md: SVG dies near 100k)


def monthly_tension(events: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month: number of events, sum and mean of tension scores, and the top event's title.

    Months with no event are present with zeros, so the line does not jump over quiet periods.
    """
    cols = ["month", "events", "tension_sum", "tension_mean", "top_event"]
    if events.empty:
        return pd.DataFrame(columns=cols)
    ev = events.assign(month=events["event_date"].dt.to_period("M").dt.to_timestamp())
    g = ev.groupby("month")
    out = pd.DataFrame({
        "events": g.size(),
        "tension_sum": g["tension"].sum().astype(int),
        "tension_mean": g["tension"].mean().round(2),
    })
    top = ev.loc[ev["tension"].abs().groupby(ev["month"]).idxmax()].set_index("month")["title_en"]
    out["top_event"] = top
    full = pd.date_range(out.index.min(), out.index.max(), freq="MS")
    out = out.reindex(full)
    out[["events", "tension_sum"]] = out[["events", "tension_sum"]].fillna(0).astype(int)
    out["top_event"] = out["top_event"].fillna("")
    return out.rename_axis("month").reset_index()[cols]


def _hover(r, actor_names) -> str:
    tp = vocab.TIME_PRECISION.get(int(r.time_precision), ("", ""))[0]
    actors = " – ".join(h(actor_names.get(a, a)) for a in r.actors)
    return (f"<b>{h(r.title_en)}</b><br>{pd.Timestamp(r.event_date):%d %b %Y} ({h(tp)})<br>{actors}"
            f"<br>Tension {int(r.tension):+d} · {h(r.confidence)}<br>Source: {h(r.source)}")


def timeline_figure(events: pd.DataFrame, actor_names: dict[str, str], *, height: int = 620,
                    date_range: tuple | None = None) -> go.Figure:
    """Monthly net tension (top) above one lane of events per category (bottom).

    Each event point carries its event_id as customdata so a selection maps back to the table.
    ``date_range`` (start, end) frames the x axis on the filtered period rather than on the data.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.32, 0.68], vertical_spacing=0.04)
    monthly = monthly_tension(events)
    if not monthly.empty:
        colours = ["#C62828" if v > 0 else "#1F4E9E" if v < 0 else "#9E9E9E" for v in monthly["tension_sum"]]
        fig.add_bar(
            x=monthly["month"] + pd.Timedelta(days=14), y=monthly["tension_sum"], marker_color=colours,
            width=24 * 86_400_000, name="Net monthly tension",  # explicit width: a lone bar is otherwise 1 ms wide
            customdata=monthly[["events", "tension_mean", "top_event"]].to_numpy(),
            xhoverformat="%b %Y", hovertemplate="%{x}<br>Net tension %{y:+d} from %{customdata[0]} events"
                          "<br>Mean %{customdata[1]}<br>Largest: %{customdata[2]}<extra></extra>",
            row=1, col=1, showlegend=False)
    present = [c for c in vocab.CATEGORIES if c in set(events["category"].astype(str))]
    for code in present:
        term = vocab.CATEGORIES[code]
        sub = events[events["category"].astype(str) == code]
        weak = sub["confidence"].isin(["possible", "disputed"])
        trace = go.Scattergl if len(sub) > WEBGL_THRESHOLD else go.Scatter
        fig.add_trace(trace(
            x=sub["event_date"], y=[term.label] * len(sub), mode="markers", name=term.label,
            marker=dict(color=term.colour, size=(8 + sub["tension"].abs() * 1.4).tolist(),
                        symbol=["circle-open" if w else "circle" for w in weak],
                        line=dict(width=1, color="#222")),
            customdata=sub[["event_id"]].to_numpy(),
            hovertext=[_hover(r, actor_names) for r in sub.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>",
        ), row=2, col=1)
    fig.update_yaxes(title_text="Net tension", zeroline=True, zerolinecolor="#888", row=1, col=1)
    fig.update_yaxes(categoryorder="array", categoryarray=[vocab.CATEGORIES[c].label for c in reversed(present)],
                     row=2, col=1)
    if date_range and all(date_range):
        pad = pd.Timedelta(days=15)
        fig.update_xaxes(range=[pd.Timestamp(date_range[0]) - pad, pd.Timestamp(date_range[1]) + pad])
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), template="plotly_white",
                      font=dict(size=14), hoverlabel=dict(font_size=13),
                      legend=dict(orientation="h", y=1.06, x=0))
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
        cd = p.get("customdata")
        if cd:
            ids.append(cd[0] if isinstance(cd, (list, tuple)) else cd)
            continue
        curve = p.get("curve_number")
        idx = p.get("point_index", p.get("point_number"))
        if curve is None or idx is None or curve >= len(fig.data):
            continue
        data = fig.data[curve].customdata
        if data is not None and idx < len(data):
            ids.append(data[idx][0])
    return [str(i) for i in ids]
