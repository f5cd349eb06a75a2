"""Events and sites: the filtered tables with their sources, and CSVs of exactly those rows."""

import streamlit as st

from syriawatch import exports, geo, tables, ui

ctx = ui.context()
ui.header("Events and sites", ctx, f"{len(ctx.events)} of {len(ctx.data.events)} events · {len(ctx.sites)} site periods")

tab_events, tab_sites = st.tabs([f"Events ({len(ctx.events)})", f"Deployment sites ({len(ctx.sites)})"])
with tab_events:
    view = tables.events_view(ctx.events, ctx.actor_names)
    st.dataframe(view, hide_index=True, width="stretch", height=560, column_config=ui.event_columns())
    c1, c2, c3 = st.columns(3)
    c1.download_button("Download these events (CSV)", tables.events_csv(ctx.events),
                       file_name="us-russia-syria-events.csv", mime="text/csv", key="download_csv")
    c2.download_button("Events and sites (XLSX)", exports.events_xlsx(ctx.events, ctx.sites, ctx.description, geo.ATTRIBUTION),
                       file_name="us-russia-syria.xlsx", key="download_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c3.download_button("Located events and sites (GeoJSON)", exports.geojson(ctx.events, ctx.sites),
                       file_name="us-russia-syria.geojson", mime="application/geo+json", key="download_geojson")
with tab_sites:
    st.dataframe(tables.sites_view(ctx.sites, ctx.actor_names), hide_index=True, width="stretch", height=560,
                 column_config=ui.event_columns())
    st.download_button("Download these sites (CSV)", tables.sites_csv(ctx.sites),
                       file_name="us-russia-syria-sites.csv", mime="text/csv", key="download_sites_csv")
