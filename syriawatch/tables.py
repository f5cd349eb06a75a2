"""Tabular views and exports of the filtered data (pure pandas)."""

from __future__ import annotations

import pandas as pd

from . import vocab
from .loading import LINE, Dataset
from .schema import EVENTS, SITES
from .textsafe import safe_url


def events_view(events: pd.DataFrame, actor_names: dict[str, str]) -> pd.DataFrame:
    """The columns an analyst reads, in reading order; links only when they are plain http(s)."""
    return pd.DataFrame({
        "Date": events["event_date"],
        "Precision": events["time_precision"].map(lambda p: vocab.TIME_PRECISION.get(int(p), ("?",))[0]),
        "Title": events["title_en"],
        "Category": events["category"].astype(str).map(lambda c: vocab.CATEGORIES[c].label if c in vocab.CATEGORIES else c),
        "Actors": events["actors"].map(lambda a: " – ".join(actor_names.get(x, x) for x in a)),
        "Place": events["location"],
        "Governorate": events["admin1"],
        "Tension": events["tension"],
        "Confidence": events["confidence"],
        "Sources": events["n_sources"],
        "Source": events["source"],
        "Link": events["source_url"].map(safe_url),
        "Second link": events["source2_url"].map(safe_url),
        "العنوان": events["title_ar"],
        "ID": events["event_id"],
    })


def plain(df: pd.DataFrame, spec) -> pd.DataFrame:
    """Rows in the curated file's own columns and text forms (ISO dates, category codes)."""
    out = df[list(spec.columns)].copy()
    for c, col in spec.columns.items():
        if col.kind == "date":
            out[c] = out[c].dt.strftime("%Y-%m-%d")
        elif isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(str)
    return out


def _csv(df: pd.DataFrame, spec) -> bytes:
    """UTF-8 with BOM so Excel shows Arabic."""
    return plain(df, spec).to_csv(index=False).encode("utf-8-sig")


def events_csv(events: pd.DataFrame) -> bytes:
    """Exactly the filtered events, reloadable as data/events.csv."""
    return _csv(events, EVENTS)


def freshness(ds: Dataset) -> str:
    last = max([d for d in (ds.events["updated_at"].max(), ds.sites["updated_at"].max()) if pd.notna(d)], default=None)
    return f"last update {last:%d %B %Y}" if last is not None else "no data loaded"


def summary_md(ds: Dataset) -> str:
    ev, si = ds.events, ds.sites
    two = int((ev["n_sources"] >= 2).sum())
    span = f"{ev['event_date'].min():%b %Y} – {ev['event_date'].max():%b %Y}" if len(ev) else "—"
    by_conf = ", ".join(f"{vocab.CONFIDENCE[c].label.lower()} {n}" for c, n in ev["confidence"].value_counts().items())
    return (f"**In this release:** {len(ev)} events ({span}; {two} with two or more sources; {by_conf}), "
            f"{len(si)} site periods at {si['site_key'].nunique() if len(si) else 0} sites, "
            f"{ds.control['snapshot_date'].nunique() if len(ds.control) else 0} area-of-control snapshots, "
            f"{len(ds.lines)} patrol routes and deconfliction lines, {len(ds.actors)} actor codes.")


__all__ = ["events_view", "events_csv", "freshness", "summary_md", "LINE"]


def sites_view(sites: pd.DataFrame, actor_names: dict[str, str]) -> pd.DataFrame:
    """Deployment sites, one row per period of control, with dates at their stated precision."""
    def when(d, p):
        if pd.isna(d):
            return ""
        p = None if pd.isna(p) else int(p)
        return f"{d:%Y}" if p == 4 else f"{d:%Y-%m}" if p == 3 else f"{d:%Y-%m-%d}" + (" (week)" if p == 2 else "")
    return pd.DataFrame({
        "Site": sites["name_en"],
        "الموقع": sites["name_ar"],
        "Held by": sites["operator"].map(lambda a: actor_names.get(a, a)),
        "Kind": sites["kind"].map(lambda k: vocab.SITE_KINDS[k].label if k in vocab.SITE_KINDS else k),
        "Governorate": sites["admin1"],
        "From": [when(d, p) for d, p in zip(sites["established"], sites["established_precision"])],
        "Until": [when(d, p) or "active in latest source" for d, p in zip(sites["vacated"], sites["vacated_precision"])],
        "Confidence": sites["confidence"],
        "Source": sites["source"],
        "Link": sites["source_url"].map(safe_url),
        "Second link": sites["source2_url"].map(safe_url),
        "Site key": sites["site_key"],
    })


def sites_csv(sites: pd.DataFrame) -> bytes:
    """Exactly the filtered site periods, reloadable as data/sites.csv."""
    return _csv(sites, SITES)
