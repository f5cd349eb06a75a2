"""Timeline: monthly net tension above the events by category; a selected event opens its card."""

import streamlit as st

from syriawatch import cards, timeline, ui

ctx = ui.context()
ui.header("US–Russia tension timeline", ctx, f"{len(ctx.events)} events")

if ctx.events.empty:
    st.info("No event matches these filters. Widen the date range or press “Reset filters”.")
    st.stop()

fig = timeline.timeline_figure(ctx.events, ctx.actor_names, date_range=ctx.date_range)
sel = st.plotly_chart(fig, key="timeline", on_select="rerun", selection_mode=("points",), width="stretch")
st.caption("Top: sum of the tension scores of the month's events (red = tension, blue = cooperation). "
           "Bottom: one dot per event; size = |tension|; hollow = possible or disputed. Click a dot for its card.")

ids = ctx.events["event_id"].tolist()
picked = timeline.selected_event_ids(fig, sel)
if picked and picked[-1] in ids:
    st.session_state["event_pick"] = picked[-1]
    st.query_params["event"] = picked[-1]
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
