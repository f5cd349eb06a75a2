"""Map of northeast Syria: deployment sites by operator, geolocated events, boundaries; works offline."""

import streamlit as st
from streamlit_folium import st_folium

from syriawatch import assets, mapview, ui
from syriawatch.textsafe import md

ctx = ui.context()
located = int(ctx.events["latitude"].notna().sum())
unplaced = ctx.sites[ctx.sites["latitude"].isna()]
ui.header("Deployments and incidents in northeast Syria", ctx,
          f"{len(ctx.sites)} site periods in the date range · {located} of {len(ctx.events)} events geolocated")

if assets.missing_vendor():
    st.error("The map's local Leaflet files are missing: run `bash scripts/setup.sh` (it installs them from npm).")
    st.stop()

as_of = ctx.date_range[1]
areas, lines = ui.map_layers(ctx.data, as_of, ctx.date_range[0])
m = mapview.build_map(ctx.events, ctx.sites, ui.geo_layers(), ctx.actor_names, control_areas=areas, lines=lines, as_of=as_of)
# returned_objects=[]: panning and zooming never rerun the app; details live in the popups.
st_folium(m, key="map", height=720, use_container_width=True, returned_objects=[])
if areas is not None and len(areas):
    snap = areas["snapshot_date"].iloc[0]
    st.caption(f"Areas of control: snapshot accurate as of **{snap:%d %b %Y}**, the latest on or before the end of the "
               f"period ({as_of:%d %b %Y}); district-level, approximate — see each area's sources.")
elif len(ctx.data.control):
    st.caption("No area-of-control snapshot is as old as the end of this period.")
if len(unplaced):
    st.caption("Not drawn (no traceable coordinates): " + ", ".join(unplaced["name_en"].map(md)))
st.caption("Squares: sites held by a force at some time in the selected period (hollow = possible/disputed). "
           "Circles: events, coloured by category. Dashed rings: approximate locations (ACLED geo precision 2–3). "
           "Layers (and an optional online basemap) switch in the control at the top right.")
