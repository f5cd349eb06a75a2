"""Streamlit glue: the shared filter sidebar (one widget per row of :data:`syriawatch.filters.FILTERS`),
kept in step with the URL, and the link to the current view.

dashboard.py calls :func:`sidebar` once per run, before the page.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from . import filters, ui_state
from .filters import SCOPE_START, Filters, today
from .i18n import _
from .loading import Dataset
from .ui_data import actor_names


def _env(ds: Dataset | None = None, names: dict | None = None) -> dict:
    if names is None and ds is not None:
        names = actor_names(ds)
    return ui_state.env(actors=list(names or ()), names=names or {})


def load(ds: Dataset, names: dict | None = None) -> None:
    """Read the filters from the link once (the sidebar does it; pages too, for runs without it)."""
    ui_state.load(ui_state.FILTERS, _env(ds, names))


def current_filters() -> Filters:
    return filters.from_session(st.session_state, ui_state.env())


def set_filter(name: str, value) -> None:
    """Set one filter's widget value (from a callback, before the widgets exist), e.g. ("dates", (lo, hi))."""
    st.session_state[filters.BY_NAME[name].key] = value


def _reset() -> None:
    ui_state.reset(ui_state.FILTERS)


def _widget(sb, row: filters.Filter, env: dict) -> None:
    label, help_ = _(row.label), _(row.help) if row.help else None
    placeholder = _(row.placeholder) if row.placeholder else None
    if row.kind == "text":
        sb.text_input(label, key=row.key, placeholder=placeholder, help=help_)
    elif row.kind == "dates":
        sb.date_input(label, key=row.key, min_value=SCOPE_START, max_value=today(), format="YYYY-MM-DD", help=help_)
    else:
        options = list(row.choices(env))
        # Labels are resolved here, not inside format_func: format_func may be called outside this run's thread.
        labels = {c: row.option_label(c, env) for c in options} if row.option_label else {c: c for c in options}
        widget = sb.multiselect if row.kind == "multi" else sb.selectbox
        widget(label, options, key=row.key, format_func=lambda c, labels=labels: labels.get(c, c),
               placeholder=placeholder, help=help_)


def sidebar(ds: Dataset) -> Filters:
    """Create the shared filter widgets (once, in dashboard.py) and keep the URL in step with them."""
    names = actor_names(ds)
    env = _env(names=names)
    ui_state.load(ui_state.FILTERS, env)
    sb = st.sidebar
    sb.markdown("### " + _("Filters"))
    for row in filters.FILTERS:
        _widget(sb, row, env)
    sb.button(_("Reset filters"), on_click=_reset, width="stretch")
    ui_state.write(ui_state.FILTERS)
    return current_filters()


def share_link() -> None:
    """The full permalink of the current view, with a copy button (st.code has one)."""
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode([(k, v) for k, vals in ui_state.query().items() for v in vals])
    st.sidebar.markdown("**" + _("Link to this view") + "**")
    st.sidebar.code(base + ("?" + query if query else ""), language=None, wrap_lines=True)
