"""The Overview (landing page), pure: what happened recently, who holds what now, the trend against the
long-run range, and what is new since the reader's last visit.  No Streamlit here; figures are plotly
objects that tests inspect without a browser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from . import filters, i18n, vocab
from .i18n import N_, _
from .mapstate import sites_active_on

RECENT_DAYS = 90          # "latest events": the last 90 days of data
TREND_MONTHS = 12         # the trend: the last 12 months of data ...
RANGE_QUANTILES = (0.1, 0.9)  # ... against the 10th–90th percentile of every month since the start
VISIT_GAP = dt.timedelta(hours=1)  # page views closer together than this are one visit
PAGES = {"overview": "", "timeline": "timeline", "map": "map", "events": "events", "briefing": "briefing"}


# ------------------------------------------------------------------------------------------ windows

def last_date(events: pd.DataFrame) -> pd.Timestamp | None:
    """The date of the newest event (the data's "data to …" date), or None when there is none."""
    if events.empty or events["event_date"].isna().all():
        return None
    return pd.Timestamp(events["event_date"].max()).normalize()


def window(end, days: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The ``days`` days ending on ``end`` (both ends included)."""
    end = pd.Timestamp(end).normalize()
    return end - pd.Timedelta(days=days - 1), end


def recent_events(events: pd.DataFrame, end, days: int = RECENT_DAYS) -> pd.DataFrame:
    """Events of the ``days`` days up to ``end``, newest first (larger |tension| first on the same day)."""
    start, end = window(end, days)
    out = events[(events["event_date"] >= start) & (events["event_date"] <= end)].copy()
    out["_abs"] = out["tension"].abs()
    return out.sort_values(["event_date", "_abs"], ascending=[False, False]).drop(columns="_abs")


def top_events(events: pd.DataFrame, start, end, n: int = 8) -> pd.DataFrame:
    """The ``n`` events of [start, end] that moved the tension most (by |tension|, then newest)."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    out = events[(events["event_date"] >= start) & (events["event_date"] <= end)].copy()
    out["_abs"] = out["tension"].abs()
    return out.sort_values(["_abs", "event_date"], ascending=[False, False]).head(n).drop(columns="_abs")


def holdings(sites: pd.DataFrame, as_of) -> dict[str, int]:
    """Sites held on ``as_of`` per side (sides in vocabulary order); sites with no report for 18 months are left out."""
    active = sites_active_on(sites, as_of)
    active = active[~active["stale"]]
    counts = active["side"].value_counts().to_dict()
    return {s: int(counts[s]) for s in vocab.SIDES if counts.get(s)}


# ------------------------------------------------------------------------------------------ trend

def monthly_net(events: pd.DataFrame, end=None) -> pd.Series:
    """Net tension (sum of scores) per calendar month, every month from the first event's to ``end``'s (0 if none)."""
    if events.empty:
        return pd.Series(dtype="int64")
    month = events["event_date"].dt.to_period("M").dt.to_timestamp()
    s = events["tension"].astype("int64").groupby(month).sum()
    last = pd.Timestamp(end).to_period("M").to_timestamp() if end is not None else s.index.max()
    idx = pd.date_range(s.index.min(), max(last, s.index.min()), freq="MS")
    return s.reindex(idx, fill_value=0).astype("int64")


@dataclass(frozen=True)
class Trend:
    months: pd.Series        # the last TREND_MONTHS months
    low: float               # long-run range (10th percentile of every month)
    high: float              # (90th percentile)
    median: float
    since: pd.Timestamp      # first month of the long run


def trend(events: pd.DataFrame, end, months: int = TREND_MONTHS) -> Trend | None:
    s = monthly_net(events, end)
    if s.empty:
        return None
    last = s[s.index <= pd.Timestamp(end)]
    lo, hi = (float(s.quantile(q)) for q in RANGE_QUANTILES)
    return Trend(last.tail(months), lo, hi, float(s.median()), s.index.min())


def trend_figure(events: pd.DataFrame, end, *, months: int = TREND_MONTHS, height: int = 300,
                 font_size: int = 13, highlight: tuple | None = None) -> go.Figure:
    """Bars of the net tension per month for the last ``months`` months, over the long-run range band.

    ``events`` are the filtered events of the whole period (the long run is measured on them);
    ``highlight`` (start, end) shades a window, e.g. the briefing's.
    """
    t = trend(events, end, months)
    fig = go.Figure()
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10 + font_size * 2, b=10), font=dict(size=font_size),
                      plot_bgcolor="#fff", paper_bgcolor="#fff", showlegend=False, bargap=0.25,
                      hoverlabel=dict(font_size=font_size))
    if t is None:
        fig.add_annotation(text=_("No events in the period"), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
        return fig
    x0, x1 = t.months.index.min() - pd.Timedelta(days=15), t.months.index.max() + pd.Timedelta(days=15)
    band = _("Long-run range: 10th–90th percentile of every month since {month}").format(month=i18n.date(t.since, "month"))
    shapes = [dict(type="rect", xref="x", yref="y", x0=x0, x1=x1, y0=t.low, y1=t.high, fillcolor="rgba(31,78,158,0.10)",
                   line=dict(width=0), layer="below"),
              dict(type="line", xref="x", yref="y", x0=x0, x1=x1, y0=t.median, y1=t.median,
                   line=dict(color="#1F4E9E", width=1.5, dash="dash"), layer="below")]
    if highlight is not None:
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=pd.Timestamp(highlight[0]), x1=pd.Timestamp(highlight[1]),
                           y0=0, y1=1, fillcolor="rgba(230,159,0,0.18)", line=dict(width=0), layer="below"))
    colours = ["#C62828" if v > 0 else "#1565C0" if v < 0 else "#9E9E9E" for v in t.months.values]
    word = _("Net tension")
    hover = [f"{i18n.date(m, 'month')}<br>{word} {i18n.signed(int(v))}" for m, v in t.months.items()]
    fig.add_trace(go.Bar(x=t.months.index, y=t.months.values, marker_color=colours, name=word,
                         hovertext=hover, hoverinfo="text"))
    fig.update_layout(shapes=shapes, annotations=[dict(text=band, xref="paper", yref="paper", x=0, y=1, yanchor="bottom",
                                                       xanchor="left", showarrow=False, font=dict(size=font_size, color="#1F4E9E"))])
    # Sizes set on the axes themselves: Streamlit's chart theme sets its own tick and title fonts.
    fig.update_yaxes(title_text=word, zeroline=True, zerolinecolor="#888", gridcolor="#eee",
                     tickfont=dict(size=font_size), title_font=dict(size=font_size))
    fig.update_xaxes(range=[x0, x1], gridcolor="#fff", tickfont=dict(size=font_size))
    _localise_months(fig, t.months.index)
    return fig


def _localise_months(fig: go.Figure, months) -> None:
    """Month ticks labelled by Babel (plotly.js would print English month names)."""
    step = 1 if len(months) <= 12 else 3
    ticks = list(months)[::step]
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[i18n.date(m, "month") for m in ticks])


# ------------------------------------------------------------------------------------------ visits

def visit_state(raw: str | None, now: dt.datetime, gap: dt.timedelta = VISIT_GAP) -> tuple[dt.datetime | None, str]:
    """From the browser's remembered value "<previous visit>|<last seen>" (ISO times, UTC) and the time
    now: the start of the reader's *previous* visit to compare with, and the value to remember next.

    Page views less than ``gap`` apart are one visit, so reloading the page does not empty "new since
    your last visit"; after a pause the last seen time becomes the previous visit.  A missing or
    unreadable value means a first visit.
    """
    prev, seen = _parse_time(None), _parse_time(None)
    if raw:
        parts = str(raw).split("|")
        if len(parts) == 2:
            prev, seen = _parse_time(parts[0]), _parse_time(parts[1])
    if seen is None or seen > now:
        return None, f"|{now.isoformat(timespec='seconds')}"
    if now - seen > gap:          # a new visit: the last one ended at `seen`
        prev = seen
    return prev, f"{prev.isoformat(timespec='seconds') if prev else ''}|{now.isoformat(timespec='seconds')}"


def _parse_time(v) -> dt.datetime | None:
    if not v:
        return None
    try:
        t = dt.datetime.fromisoformat(str(v)[:40])
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


# ------------------------------------------------------------------------------------------ changes

# Field names of the codebook, for people (the fields a change touched).
FIELD_LABELS = {"event_date": N_("date"), "time_precision": N_("date"), "title_en": N_("title"), "title_ar": N_("title"),
                "notes": N_("notes"), "notes_ar": N_("notes"), "tension": N_("tension score"),
                "tension_reason": N_("tension score"), "category": N_("category"), "location": N_("place"),
                "location_ar": N_("place"), "latitude": N_("place"), "longitude": N_("place"), "admin1": N_("place"),
                "geo_precision": N_("place"), "confidence": N_("confidence"), "verification": N_("verification"),
                "fatalities": N_("fatalities")}
for _k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
    FIELD_LABELS[_k] = N_("actors")
for _k in ("source", "source_title", "source_date", "source_url", "source2", "source2_title", "source2_date", "source2_url"):
    FIELD_LABELS[_k] = N_("sources")


def changed_events(entries, events: pd.DataFrame) -> pd.DataFrame:
    """Events changed in the curation store's history (entries from ``Store.changes_since``), one row per
    event with its last change: ``changed_at`` (UTC), ``action``, ``fields`` (names of the changed
    fields) and ``added`` (the row was created then), joined to the (filtered) events; newest first.
    Entries of events that are not in ``events`` (filtered out, or retired) are left out.
    """
    cols = ["event_id", "changed_at", "action", "fields", "added"]
    rows = {}
    for e in entries:
        if getattr(e, "table", "events") != "events":
            continue
        at = _parse_time(e.at)
        if at is None:
            continue
        added = any(isinstance(v, list) and len(v) == 2 and v[0] is None for v in e.changes.values())
        fields = sorted(k for k in e.changes if not k.startswith("(") and k != "updated_at")
        old = rows.get(e.key)
        if old is None or at > old["changed_at"]:
            rows[e.key] = {"event_id": e.key, "changed_at": at, "action": e.action, "fields": fields,
                           "added": added or (old or {}).get("added", False)}
        else:
            old["added"] = old["added"] or added
    ch = pd.DataFrame(list(rows.values()), columns=cols)
    if ch.empty:
        return ch.assign(**{c: pd.Series(dtype=object) for c in ("title_en", "title_ar", "event_date")}).iloc[0:0]
    ev = events.drop(columns=[c for c in cols[1:] if c in events.columns])
    out = ch.merge(ev, on="event_id", how="inner")
    return out.sort_values(["changed_at", "event_date"], ascending=False).reset_index(drop=True)


def change_phrase(row) -> str:
    """How an event changed, for people: "added" or "changed: tension score, sources"."""
    if row["added"]:
        return _("added")
    labels = list(dict.fromkeys(_(FIELD_LABELS.get(f, N_("other fields"))) for f in row["fields"]))
    if not labels:
        return _("changed")
    shown = _(", ").join(labels)
    return _("changed: {fields}").format(fields=shown)


def when(at: dt.datetime, now: dt.datetime) -> str:
    """A change time for people: "today", "yesterday", or the date (never a raw timestamp)."""
    days = (now.date() - at.date()).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return i18n.date(at.date())


# ------------------------------------------------------------------------------------------ links

def link(page: str, f: filters.Filters, lang: str | None = None, **extra) -> str:
    """A relative link to ``page`` carrying the shared filters, the language and page state (``extra``)."""
    q: dict = dict(filters.to_query(f))
    q.update({k: v for k, v in extra.items() if v is not None})
    if lang and lang != i18n.DEFAULT:
        q["lang"] = lang
    query = urlencode(q, doseq=True)
    return f"./{PAGES[page]}" + (f"?{query}" if query else "")


def event_links(row, f: filters.Filters, lang: str | None = None) -> dict[str, str]:
    """Where an event opens: its card on the timeline, and the map on its date (centred on it when located)."""
    day = pd.Timestamp(row["event_date"]).date().isoformat()
    at = {}
    if pd.notna(row.get("latitude")) and pd.notna(row.get("longitude")):
        at = dict(lat=f"{float(row['latitude']):.4f}", lon=f"{float(row['longitude']):.4f}", z="9")
    return {"timeline": link("timeline", f, lang, event=row["event_id"]),
            "map": link("map", f, lang, asof=day, **at)}
