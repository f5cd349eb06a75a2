"""Tabular views and exports of the filtered data (pure pandas)."""

from __future__ import annotations

import pandas as pd

from . import i18n, vocab
from .i18n import _
from .loading import LINE, Dataset
from .schema import EVENTS, SITES
from .textsafe import safe_csv, safe_url


def events_view(events: pd.DataFrame, actor_names: dict[str, str]) -> pd.DataFrame:
    """The columns an analyst reads, in reading order, in the interface language; links only when plain http(s).

    The title column is in the interface language (falling back to English where no Arabic title exists);
    the other language's title follows near the end.
    """
    ar = i18n.lang() == "ar"
    title, other = i18n.column(events, "title_en", "title_ar"), events["title_en" if ar else "title_ar"]
    return pd.DataFrame({
        _("Date"): events["event_date"],
        _("Precision"): events["time_precision"].map(lambda p: i18n.pair(vocab.TIME_PRECISION.get(int(p), ("?", "?")))),
        _("Title"): title,
        _("Category"): events["category"].astype(str).map(lambda c: i18n.term(vocab.CATEGORIES[c]) if c in vocab.CATEGORIES else c),
        _("Actors"): events["actors"].map(lambda a: " – ".join(actor_names.get(x, x) for x in a)),
        _("Place"): i18n.column(events, "location", "location_ar"),
        _("Governorate"): events["admin1"].map(lambda g: i18n.governorate(g) if isinstance(g, str) else g),
        _("Tension"): events["tension"],
        _("Confidence"): events["confidence"].astype(str).map(lambda c: i18n.term(vocab.CONFIDENCE[c]) if c in vocab.CONFIDENCE else c),
        _("Sources"): events["n_sources"],
        _("Source"): events["source"],
        _("Link"): events["source_url"].map(safe_url),
        _("Second link"): events["source2_url"].map(safe_url),
        other_title(): other,
        _("ID"): events["event_id"],
    })


def other_title() -> str:
    """Header of the column holding the title in the other language."""
    return _("Title in English") if i18n.lang() == "ar" else _("Title in Arabic")


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
    """UTF-8 with BOM so Excel shows Arabic; formula cells neutralised, text quoted (textsafe.safe_csv).

    The loader reverses the neutralising quote, so the file still reloads as the same data.
    """
    return safe_csv(plain(df, spec)).encode("utf-8-sig")


def events_csv(events: pd.DataFrame) -> bytes:
    """Exactly the filtered events, reloadable as data/events.csv."""
    return _csv(events, EVENTS)


def problems_label(problems: int, rejected: int) -> str:
    """The data-problem panel's title: rows not loaded are named only when there are some."""
    if rejected:
        return _("⚠ Data problems: {problems} reported, {rows} row(s) not loaded — details").format(
            problems=i18n.number(problems), rows=i18n.number(rejected))
    return _("⚠ Data problems: {problems} reported, every row loaded — details").format(problems=i18n.number(problems))


def freshness(ds: Dataset) -> str:
    last = max([d for d in (ds.events["updated_at"].max(), ds.sites["updated_at"].max()) if pd.notna(d)], default=None)
    return _("last update {date}").format(date=i18n.date(last, "long")) if last is not None else _("no data loaded")


def summary_md(ds: Dataset) -> str:
    ev, si = ds.events, ds.sites
    n = i18n.number
    two = int((ev["n_sources"] >= 2).sum())
    span = i18n.date_range(ev["event_date"].min(), ev["event_date"].max()) if len(ev) else "—"
    by_conf = _(", ").join(f"{i18n.term(vocab.CONFIDENCE[c])} {n(k)}" for c, k in ev["confidence"].value_counts().items()
                           if c in vocab.CONFIDENCE)
    text = _("**In this release:** {events} events ({span}; {two} with two or more sources; {by_conf}), {periods} site "
             "periods at {sites} sites, {snapshots} area-of-control snapshots, {lines} patrol routes and deconfliction "
             "lines, {actors} actor codes.")
    return text.format(events=n(len(ev)), span=span, two=n(two), by_conf=by_conf, periods=n(len(si)),
                       sites=n(si["site_key"].nunique() if len(si) else 0),
                       snapshots=n(ds.control["snapshot_date"].nunique() if len(ds.control) else 0),
                       lines=n(len(ds.lines)), actors=n(len(ds.actors)))


__all__ = ["events_view", "events_csv", "freshness", "summary_md", "LINE"]


def sites_view(sites: pd.DataFrame, actor_names: dict[str, str]) -> pd.DataFrame:
    """Deployment sites, one row per period of control, with dates at their stated precision."""
    def when(d, p):
        if pd.isna(d):
            return ""
        p = None if pd.isna(p) else int(p)
        return f"{d:%Y}" if p == 4 else f"{d:%Y-%m}" if p == 3 else f"{d:%Y-%m-%d}" + (week if p == 2 else "")
    week = " " + _("(week)")
    active = _("active in latest source")
    ar = i18n.lang() == "ar"
    return pd.DataFrame({
        _("Site"): i18n.column(sites, "name_en", "name_ar"),
        (_("Name in English") if ar else _("Name in Arabic")): sites["name_en"] if ar else sites["name_ar"],
        _("Held by"): sites["operator"].map(lambda a: actor_names.get(a, a)),
        _("Kind"): sites["kind"].map(lambda k: i18n.term(vocab.SITE_KINDS[k]) if k in vocab.SITE_KINDS else k),
        _("Governorate"): sites["admin1"].map(lambda g: i18n.governorate(g) if isinstance(g, str) else g),
        _("From"): [when(d, p) for d, p in zip(sites["established"], sites["established_precision"])],
        _("Until"): [when(d, p) or active for d, p in zip(sites["vacated"], sites["vacated_precision"])],
        _("Confidence"): sites["confidence"].astype(str).map(lambda c: i18n.term(vocab.CONFIDENCE[c]) if c in vocab.CONFIDENCE else c),
        _("Source"): sites["source"],
        _("Link"): sites["source_url"].map(safe_url),
        _("Second link"): sites["source2_url"].map(safe_url),
        _("Site key"): sites["site_key"],
    })


def sites_csv(sites: pd.DataFrame) -> bytes:
    """Exactly the filtered site periods, reloadable as data/sites.csv."""
    return _csv(sites, SITES)
