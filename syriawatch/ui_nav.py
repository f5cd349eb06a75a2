"""Streamlit glue: the navigation built from the page registry (:mod:`syriawatch.navigation`), and the
one workaround it needs for a private Streamlit API.
"""

from __future__ import annotations

import streamlit as st

from . import navigation
from .i18n import _


def navigation_pages() -> list:
    """st.Page objects for every registered page, titles in the interface language."""
    return [st.Page(p.file, title=_(p.title), icon=p.icon, default=p.default,
                    **({} if p.default else {"url_path": p.url_path})) for p in navigation.PAGES]


def legacy_pages_mode() -> bool:
    """True while Streamlit runs the app as a v1 (pages/ folder) multipage app.

    Streamlit (1.67) treats an app with a ``pages/`` folder beside its entry script as a v1 multipage
    app until some run calls ``st.navigation``; if a deep link (``/map``) is the server's very first
    request, it runs ``pages/map.py`` without ``dashboard.py`` (no sidebar, no URL handling) and stays
    in that mode.  The project keeps ``pages/`` at the top level (its agreed layout), so the flag is
    read, and switched off, here and only here.  tests/test_nav.py fails if an upgrade renames or
    drops it; tests/test_browser.py opens a deep link as a server's first request.
    """
    from streamlit.runtime.pages_manager import PagesManager

    return bool(PagesManager.uses_pages_directory)


def ensure_navigation() -> None:
    """Recover when a deep link is the server's first request: leave legacy mode and rerun the same URL,
    which then goes through dashboard.py and st.navigation like every other request."""
    if legacy_pages_mode():
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
