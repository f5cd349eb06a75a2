"""Timeline: the tension index and the events that moved it, context bands, compare periods."""

import streamlit as st

from syriawatch import cards, tension, timeline, ui, ui_timeline

ctx = ui.context()
ui.header("US–Russia tension timeline", ctx, f"{len(ctx.events)} events")
spec, lanes = ui_timeline.controls()

if ctx.events.empty:
    st.info("No event matches these filters. Widen the date range or press “Reset filters”.")
    st.stop()

fig = timeline.timeline_figure(ctx.events, ctx.actor_names, date_range=ctx.date_range, spec=spec, lanes=lanes,
                               bands=ctx.data.bands, context=ctx.imported)
sel = st.plotly_chart(fig, key="timeline", on_select=ui_timeline.on_select, selection_mode=("points", "box"),
                      width="stretch")
st.caption(f"{spec.describe()} {tension.CAVEATS} Hover a bar for the events that moved it; click a dot for its "
           "card; draw a box (toolbar: Box Select) to set the date range for every page. Shaded: phases and US "
           "administrations (data/context_bands.csv).")

ids = ctx.events["event_id"].tolist()
picked = [] if st.session_state.pop("_tl_range_set", False) else timeline.selected_event_ids(fig, sel)
if picked and picked[-1] in ids:
    st.session_state["event_pick"] = picked[-1]
elif st.query_params.get("event") in ids and "event_pick" not in st.session_state:
    st.session_state["event_pick"] = st.query_params["event"]
if st.session_state.get("event_pick") not in ids:
    st.session_state.pop("event_pick", None)

labels = {r["event_id"]: timeline.event_label(r) for _, r in ctx.events.iterrows()}
choice = st.selectbox("Event detail", ids, key="event_pick", index=None, format_func=labels.get,
                      placeholder="Pick an event (or click a dot above)")
if choice:
    if st.query_params.get("event") != choice:
        st.query_params["event"] = choice
    row = ctx.events.loc[ctx.events["event_id"] == choice].iloc[0]
    with st.container(border=True):
        st.markdown(cards.event_card(row, ctx.actor_names))
        st.markdown(f"[Show it on the map at that date]({ui_timeline.map_link(row, ctx.filters)})")

with st.expander("Compare two periods", expanded=False):
    ui_timeline.compare(ctx)

with st.expander("Export the timeline", expanded=False):
    ui_timeline.export_buttons(fig)
