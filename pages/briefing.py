"""Briefing: a presentation layout for a large screen, saved views as slides, what changed since a date."""

import streamlit as st

from syriawatch import ui, ui_briefing

ctx = ui.context()
ui.header("US–Russia in Syria: briefing", ctx, f"{len(ctx.events)} events")
ui_briefing.presentation(ctx)
ui_briefing.pack_button(ctx)

with st.expander("Slides: saved views", expanded=False):
    st.caption("Each saved view holds the whole state of a page (filters, map date and view, selected event). "
               "Present one to step through them with ◀ ▶ in the sidebar; each has its own link.")
    ui_briefing.slides_panel()
