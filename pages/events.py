"""Events and sites: the filtered tables with their sources, and CSVs of exactly those rows."""

import streamlit as st

from syriawatch import tables, ui

ctx = ui.context()
ui.header("Events and sites", ctx, f"{len(ctx.events)} of {len(ctx.data.events)} events · {len(ctx.sites)} site periods")

tab_events, tab_sites = st.tabs([f"Events ({len(ctx.events)})", f"Deployment sites ({len(ctx.sites)})"])
with tab_events:
    view = tables.events_view(ctx.events, ctx.actor_names)
    st.dataframe(view, hide_index=True, width="stretch", height=560, column_config=ui.event_columns())
    st.download_button("Download these events (CSV)", tables.events_csv(ctx.events),
                       file_name="us-russia-syria-events.csv", mime="text/csv", key="download_csv")
with tab_sites:
    st.dataframe(tables.sites_view(ctx.sites, ctx.actor_names), hide_index=True, width="stretch", height=560,
                 column_config=ui.event_columns())
    st.download_button("Download these sites (CSV)", tables.sites_csv(ctx.sites),
                       file_name="us-russia-syria-sites.csv", mime="text/csv", key="download_sites_csv")
