"""Events: the filtered table with sources, and a CSV of exactly those rows."""

import streamlit as st

from syriawatch import tables, ui

ctx = ui.context()
ui.header("Events", ctx, f"{len(ctx.events)} of {len(ctx.data.events)} events")

view = tables.events_view(ctx.events, ctx.actor_names)
st.dataframe(view, hide_index=True, width="stretch", height=600, column_config=ui.event_columns())
st.download_button("Download these rows (CSV)", tables.events_csv(ctx.events), file_name="us-russia-syria-events.csv",
                   mime="text/csv", key="download_csv")
