"""Timeline: the tension index and the events that moved it, context bands, compare periods."""

import streamlit as st

from syriawatch import cards, i18n, tension, timeline, ui, ui_state, ui_timeline
from syriawatch.i18n import _

ctx = ui.context()
ui.header(_("US–Russia tension timeline"), ctx, _("{n} events").format(n=i18n.number(len(ctx.events))))
spec, lanes = ui_timeline.controls()

if ctx.events.empty:
    st.info(_("No event matches these filters. Widen the date range or press “Reset filters”."))
    st.stop()

fig = timeline.timeline_figure(ctx.events, ctx.actor_names, date_range=ctx.date_range, spec=spec, lanes=lanes,
                               bands=ctx.data.bands, context=ctx.imported)
sel = st.plotly_chart(fig, key="timeline", on_select=ui_timeline.on_select, selection_mode=("points", "box"),
                      width="stretch")
st.caption(" ".join([spec.describe(), _(tension.CAVEATS), _(
    "Hover a bar for the events that moved it; click a dot for its card; draw a box (toolbar: Box Select) to set the "
    "date range for every page. Shaded: phases and US administrations (data/context_bands.csv).")]))

ids = ctx.events["event_id"].tolist()
ui_state.load(ui_state.EVENT)  # the selected event (event=…) from the link, once
picked = [] if st.session_state.pop("_tl_range_set", False) else timeline.selected_event_ids(fig, sel)
if picked and picked[-1] in ids:
    st.session_state["event_pick"] = picked[-1]
if st.session_state.get("event_pick") not in ids:
    st.session_state["event_pick"] = None

labels = {r["event_id"]: timeline.event_label(r) for _i, r in ctx.events.iterrows()}
choice = st.selectbox(_("Event detail"), ids, key="event_pick", index=None, format_func=labels.get,
                      placeholder=_("Pick an event (or click a dot above)"))
ui_state.write(ui_state.EVENT)
if choice:
    row = ctx.events.loc[ctx.events["event_id"] == choice].iloc[0]
    with st.container(border=True):
        st.markdown(cards.event_card(row, ctx.actor_names))
        link = _("Show it on the map at that date")
        st.markdown(f"[{link}]({ui_timeline.map_link(row, ctx.filters)})")

with st.expander(_("Compare two periods"), expanded=False):
    ui_timeline.compare(ctx)

with st.expander(_("Export the timeline"), expanded=False):
    ui_timeline.export_buttons(fig)
