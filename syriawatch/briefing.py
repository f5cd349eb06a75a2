"""Figures for the briefing page (pure): headline numbers for a window and what changed since a date."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .mapstate import sites_active_on

INCIDENT_CATEGORIES = ("military_incident", "strike")


def headline(events: pd.DataFrame, sites: pd.DataFrame, start, end) -> dict:
    """Numbers for [start, end] and the previous window of equal length.

    ``events`` must already pass every filter except the date range, so the previous window can be
    measured the same way.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    length = end - start + pd.Timedelta(days=1)
    now = events[(events["event_date"] >= start) & (events["event_date"] <= end)]
    before = events[(events["event_date"] >= start - length) & (events["event_date"] < start)]
    active = sites_active_on(sites, end)
    active = active[~active["stale"]]
    return {
        "events": len(now), "events_before": len(before),
        "incidents": int(now["category"].astype(str).isin(INCIDENT_CATEGORIES).sum()),
        "incidents_before": int(before["category"].astype(str).isin(INCIDENT_CATEGORIES).sum()),
        "tension": int(now["tension"].sum()), "tension_before": int(before["tension"].sum()),
        "sites_by_side": active["side"].value_counts().to_dict(),
        "previous_window": (start - length, start - pd.Timedelta(days=1)),
    }




# ------------------------------------------------------------------------------------------ the window

WINDOW_DAYS = (30, 90, 365)
DEFAULT_WINDOW = 30


def default_window(latest, days: int = DEFAULT_WINDOW) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The last ``days`` days up to the latest data (the briefing's default period)."""
    end = pd.Timestamp(latest).normalize()
    return end - pd.Timedelta(days=days - 1), end


# ------------------------------------------------------------------------------------------ screen

BASE_WIDTH = 1920          # the layout is designed at 1920×1080 and scales with the viewport from there
MAX_SCALE = 2.5


@dataclass(frozen=True)
class ScreenSizes:
    scale: float
    font: int              # plotly base font, px
    figure_height: int     # px
    map_height: int        # px


def screen_sizes(size: str | None) -> ScreenSizes:
    """Figure fonts and heights for a viewport "WIDTHxHEIGHT" as the browser reports it (None: 1920×1080).

    Plotly sizes text in pixels, so the figures cannot follow CSS vw units: they are rebuilt at the
    viewport's scale (1 at 1920 px wide, 2 at 3840 px, at most MAX_SCALE).
    """
    w, h = BASE_WIDTH, 1080
    if size:
        try:
            w, h = (max(320, min(int(x), 10_000)) for x in str(size).lower().split("x", 1))
        except ValueError:
            w, h = BASE_WIDTH, 1080
    s = max(1.0, min(MAX_SCALE, w / BASE_WIDTH))
    return ScreenSizes(scale=round(s, 2), font=round(15 * s), figure_height=max(320, round(h * 0.36)),
                       map_height=max(420, round(h * 0.52)))
