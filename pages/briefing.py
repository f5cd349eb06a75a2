"""Briefing: a presentation layout for a large screen, saved views as slides, what changed since a date."""

import streamlit as st

from syriawatch import i18n, overview, ui, ui_briefing
from syriawatch.i18n import _

ctx = ui.context()
latest = overview.last_date(ctx.data.events)
ui.header(_("US–Russia in Syria: briefing"), ctx,
          _("data to {date}").format(date=i18n.date(latest, "long")) if latest is not None else _("no data"))
ui_briefing.presentation(ctx)
ui_briefing.pack_button(ctx)

with st.expander(_("Slides: saved views"), expanded=False):
    st.caption(_("Each saved view holds the whole state of a page (filters, map date and view, selected event). "
                 "Present one to step through them with ◀ ▶ in the sidebar; each has its own link."))
    ui_briefing.slides_panel()
