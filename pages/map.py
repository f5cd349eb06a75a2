"""Map of northeast Syria on a chosen date: sites in force, control snapshot, lines, recent incidents."""

import streamlit as st
from streamlit_folium import st_folium

from syriawatch import assets, exports, i18n, mapview, ui, ui_state
from syriawatch.i18n import _
from syriawatch.textsafe import md

MAP_HEIGHT = 640  # with the header and the controls above it, the map fits in the first screen at 1920×1080

ctx = ui.context()
ui.header(_("Deployments and incidents in northeast Syria"), ctx, _("{n} events, {sites} site periods").format(
    n=i18n.number(len(ctx.events)), sites=i18n.number(len(ctx.sites))))
state = ui.map_controls(ctx)
x = ui.map_inputs(ctx, state)  # once per run: the live map, its offline copy and the captions below use it
located = int(x.events["latitude"].notna().sum())
st.caption("**" + _("Map date {date}").format(date=i18n.date(x.as_of)) + "**: " + _(
    "{sites} sites active · {located} of {n} incidents in the window geolocated").format(
    sites=i18n.number(len(x.sites)), located=i18n.number(located), n=i18n.number(len(x.events))))
if ui_state.notices(on_page=True):
    st.warning(_("Some map settings in the link were ignored:") + " " + "; ".join(ui_state.notices(on_page=True)))

if assets.missing_vendor():
    st.error(_("The map's local Leaflet files are missing: run `bash scripts/setup.sh` (it installs them from npm)."))
    st.stop()


@st.fragment
def map_and_detail():
    # Only this fragment reruns on pan/zoom/click: the view goes to the URL, a click opens the detail below.
    # The map is rebuilt on each run because st_folium renames the elements of the object it is given.
    m = mapview.render(x, asset_base=ui.asset_base(), legend_open=False)  # the legend opens on a click
    out = st_folium(m, key="map", height=MAP_HEIGHT, use_container_width=True,
                    returned_objects=["center", "zoom", "last_object_clicked_tooltip"])
    out = out or {}
    ui.remember_view(out.get("center"), out.get("zoom"), mapview.NE_SYRIA_CENTER, mapview.NE_SYRIA_ZOOM)
    ui.map_detail(ctx, out.get("last_object_clicked_tooltip"))


map_and_detail()
# The offline copy inlines Leaflet (~0.2 MB) and costs a second map build: made on request only.
if st.button(_("Prepare an offline copy of this map (HTML)"), key="prep_map"):
    st.session_state["_map_html"] = (f"map-{x.as_of:%Y-%m-%d}-{i18n.lang()}.html", exports.map_html(mapview.render, x))
if st.session_state.get("_map_html"):
    name, html = st.session_state["_map_html"]
    st.download_button(_("Download {name} (opens with no internet)").format(name=name), html, file_name=name, mime="text/html", key="dl_map", on_click="ignore")
unplaced = x.sites[x.sites["latitude"].isna()]
if len(unplaced):
    st.caption(_("Not drawn (no traceable coordinates):") + " " + _(", ").join(md(i18n.pick(r, "name")) for _i, r in unplaced.iterrows()))
if len(x.events) > mapview.AGGREGATE_ABOVE:
    st.caption(_("{n} incidents are drawn as 0.1° grid cells; narrow the filters or the window for single events.").format(n=i18n.number(located)))
st.caption(_("Squares: sites held on the map date (hollow = possible/disputed). Circles: incidents, coloured by "
             "category. Dashed rings: approximate locations (ACLED geo precision 2–3). Click a site for its history, "
             "an incident for its card. The base map can be switched to OpenStreetMap (online only) at the top right."))
