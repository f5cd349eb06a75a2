"""Events and sites: the filtered tables with their sources, and CSVs of exactly those rows."""

import streamlit as st

from syriawatch import exports, geo, i18n, tables, ui
from syriawatch.i18n import _

ctx = ui.context()
n, total, s = (i18n.number(x) for x in (len(ctx.events), len(ctx.data.events), len(ctx.sites)))
ui.header(_("Events and sites"), ctx, _("{n} of {total} events · {sites} site periods").format(n=n, total=total, sites=s))

tab_events, tab_sites = st.tabs([_("Events ({n})").format(n=n), _("Deployment sites ({n})").format(n=s)])
with tab_events:
    view = tables.events_view(ctx.events, ctx.actor_names)
    st.dataframe(view, hide_index=True, width="stretch", height=560, column_config=ui.event_columns())
    c1, c2, c3 = st.columns(3)
    c1.download_button(_("Download these events (CSV)"), i18n.deferred(tables.events_csv, ctx.events),
                       file_name="us-russia-syria-events.csv", mime="text/csv", key="download_csv", on_click="ignore")
    c2.download_button(_("Events and sites (XLSX)"), i18n.deferred(exports.events_xlsx, ctx.events, ctx.sites, ctx.description, _(geo.ATTRIBUTION)),
                       file_name="us-russia-syria.xlsx", key="download_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c3.download_button(_("Located events and sites (GeoJSON)"), i18n.deferred(exports.geojson, ctx.events, ctx.sites),
                       file_name="us-russia-syria.geojson", mime="application/geo+json", key="download_geojson", on_click="ignore")
with tab_sites:
    st.dataframe(tables.sites_view(ctx.sites, ctx.actor_names), hide_index=True, width="stretch", height=560,
                 column_config=ui.event_columns())
    st.download_button(_("Download these sites (CSV)"), i18n.deferred(tables.sites_csv, ctx.sites),
                       file_name="us-russia-syria-sites.csv", mime="text/csv", key="download_sites_csv", on_click="ignore")
