"""Streamlit glue: the frame of every page (its context: data, filters, filtered rows; title and notices)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from . import access, filters, i18n, tables, ui_state
from .filters import SCOPE_START, Filters, today
from .i18n import _
from .loading import Dataset
from .ui_data import actor_names, dataset
from .ui_nav import ensure_navigation
from .ui_sidebar import current_filters
from .ui_sidebar import load as load_filters


@dataclass
class Context:
    data: Dataset
    filters: Filters
    events: pd.DataFrame
    sites: pd.DataFrame
    actor_names: dict[str, str]
    description: str
    date_range: tuple[dt.date, dt.date]
    imported: "contextstore.ContextSelection | None" = None  # noqa: F821 - ACLED/UCDP rows in the period, toggle on


def context() -> Context:
    """What every page starts with: the data, the shared filters and the rows that pass them."""
    ensure_navigation()
    access.require_access()  # again here: defence in depth, and AppTest runs pages without the entry script
    ds = dataset()
    names = actor_names(ds)
    load_filters(ds, names)            # done by the sidebar already, except in runs of a page alone (AppTest)
    ui_state.load(ui_state.CONTEXT)
    f = current_filters()
    bounds = (f.start or SCOPE_START, f.end or today())
    imported = None
    if st.session_state.get("f_context"):
        from . import ui_context
        imported = ui_context.selection(f, bounds)
    return Context(ds, f, filters.apply_events(ds.events, f), filters.apply_sites(ds.sites, f), names,
                   filters.describe(f, names, (SCOPE_START, today())), bounds, imported)


def header(title: str, ctx: Context, counts: str) -> None:
    """Page title, the filter sentence, notices about the link and about rejected data rows."""
    st.title(title)
    extra = (" · " + _("plus {n} imported context events (grey, not curated)").format(n=i18n.number(len(ctx.imported)))
             if ctx.imported is not None else "")
    st.caption(f"**{ctx.description}** · {counts}{extra}")
    ignored = ui_state.notices()
    if ignored:
        st.warning(_("Some parts of the link were not understood and were ignored:") + " " + "; ".join(ignored))
    from . import ui_context

    rejected_imports = ui_context.import_problems()
    if len(rejected_imports):
        files = rejected_imports["file"].nunique()
        from .importers import rejected_in_reports  # notices (encoding, NUL bytes removed) are not rejected rows
        label = _("⚠ Imported context files: {rows} row(s) rejected in {files} file(s) — details")
        with st.expander(label.format(rows=i18n.number(rejected_in_reports(rejected_imports)), files=i18n.number(files)),
                         expanded=False):
            st.caption(_("These rows of ACLED/UCDP files were not imported; every other row was. "
                         "The reports are in the context store next to the data (*.rejected.csv)."))
            st.dataframe(rejected_imports, hide_index=True, width="stretch")
    unreadable = ui_context.unreadable()
    if len(unreadable):
        label = _("⚠ Context store: {files} file(s) could not be read and are left out — details")
        with st.expander(label.format(files=i18n.number(len(unreadable))), expanded=False):
            st.caption(_("Every other file and every page work without them. Re-import the dataset to rebuild a file."))
            st.dataframe(unreadable, hide_index=True, width="stretch")
    problems = ctx.data.problems
    if problems:
        rejected = sum(t.rows_rejected for t in ctx.data.tables.values())
        with st.expander(tables.problems_label(len(problems), rejected), expanded=False):
            st.dataframe(pd.DataFrame([p.__dict__ for p in problems]), hide_index=True, width="stretch")


def event_columns() -> dict:
    """column_config for the events table."""
    cc = st.column_config
    return {
        _("Date"): cc.DateColumn(format="YYYY-MM-DD", width="small"),
        _("Title"): cc.TextColumn(width="large"),
        tables.other_title(): cc.TextColumn(width="large"),
        _("Tension"): cc.NumberColumn(format="%+d", help=_("−10 cooperation … +10 lethal clash")),
        _("Sources"): cc.NumberColumn(help=_("Number of independent sources cited")),
        _("Link"): cc.LinkColumn(display_text=_("open"), help=_("Primary source")),
        _("Second link"): cc.LinkColumn(display_text=_("open"), help=_("Second, independent source")),
    }
