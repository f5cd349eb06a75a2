"""Entry point: page config, the shared filter sidebar (created once, here), navigation."""

from pathlib import Path

import streamlit as st

from syriawatch import access, ui, ui_briefing, ui_context
from syriawatch.i18n import _

ui.language()  # first: the language comes from the link (lang=ar) or the sidebar switch
st.set_page_config(page_title=_("US–Russia in Syria · conflict monitor"), page_icon=str(Path(__file__).parent / "assets" / "icon.svg"), layout="wide")

ui.apply_language()  # html lang/dir and the right-to-left styles
nav = st.navigation(ui.navigation_pages())  # the page registry: syriawatch/navigation.py
access.require_access()  # off unless a password or OIDC provider is configured
access.admit_downloads()  # with the gate on: this browser's cookie for downloads (media served only with it)
languages = st.sidebar.empty()  # English / العربية: filled now, and again last with the final URL
ui.sidebar(ui.dataset())
ui.language_links(languages)
ui_context.toggle()
ui_briefing.slide_bar()
nav.run()
ui.share_link()  # after the page: it may have added its own state (map date, layers, event) to the URL
ui.language_links(languages)
