"""Figures for the briefing page (pure): headline numbers for a window and what changed since a date."""

from __future__ import annotations

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


def changed_since(events: pd.DataFrame, since) -> pd.DataFrame:
    """Events added or edited on or after ``since`` (from updated_at), newest edits first."""
    return events[events["updated_at"] >= pd.Timestamp(since)].sort_values(["updated_at", "event_date"], ascending=False)
