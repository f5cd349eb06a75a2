"""The one Streamlit binding of the URL-bound view state declared in :mod:`syriawatch.viewstate`.

``load(group)`` reads a group from the link once per session (until ``forget_all``), ``write(group)``
puts the session's values back into the link, ``reset(group)`` restores its defaults, and
``forget_all()`` makes every group read the next link in full (a slide opening).
"""

from __future__ import annotations

from typing import Iterable, Mapping

import streamlit as st

from . import filters, mapstate, viewstate  # noqa: F401 - importing registers the filters and map groups
from .viewstate import Group

LANGUAGE, FILTERS, MAP = viewstate.LANGUAGE, filters.GROUP, mapstate.GROUP
TIMELINE, BRIEFING, CONTEXT, EVENT = viewstate.TIMELINE, viewstate.BRIEFING, viewstate.CONTEXT, viewstate.EVENT


def query() -> dict[str, list[str]]:
    """The current link's parameters, every value as a list."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def env(**extra) -> dict:
    return {"today": filters.today(), **extra}


def load(group: Group, environment: Mapping | None = None) -> bool:
    """Fill the session with the group's values from the link, once; True when it did now."""
    return viewstate.load_into(st.session_state, group, query(), environment or env())


def write(group: Group, fields: Iterable[viewstate.Field] | None = None, **override) -> None:
    """Write the group's session values (``override`` wins) to the link; other parameters are kept."""
    values = {k: st.session_state.get(k) for k in group.keys} | override
    current = query()
    scope = viewstate.Group(group.name, tuple(fields)) if fields else group
    wanted = scope.rewrite(current, values, env())
    if wanted != current:
        st.query_params.from_dict(wanted)


def reset(group: Group, environment: Mapping | None = None) -> None:
    st.session_state.update(group.defaults(environment or env()))


def forget_all() -> None:
    """Forget what every group read, so the next run reads the (new) link in full."""
    viewstate.forget(st.session_state)


def notices(on_page: bool = False) -> list[str]:
    """What the link said that was ignored: the header's notices, or (on_page) those a page shows itself."""
    return viewstate.Notices.of(st.session_state, on_page).lines
