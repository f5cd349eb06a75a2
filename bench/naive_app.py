"""The naive baseline of bench/bench_scale.py: how a first Streamlit + folium + plotly build draws the same data.

    NAIVE_CSV=export.csv streamlit run bench/naive_app.py   (?view=map|timeline&from=…&to=…&admin1=…)

What makes it naive, and nothing else (issue 7): the export CSV is read on every rerun, the map draws one
folium Marker per event (capped at 10,000, as a naive build would need to stay usable at all), and the
timeline is a plotly SVG scatter of every event.  It filters like the dashboard: date range and admin1.
"""

import html
import os

import folium
import pandas as pd
import plotly.express as px
import streamlit as st
from streamlit_folium import st_folium

MARKER_CAP = 10_000

events = pd.read_csv(os.environ["NAIVE_CSV"], parse_dates=["event_date"])
q = st.query_params
start = pd.Timestamp(q.get("from", "2015-09-01"))
end = pd.Timestamp(q.get("to", "2100-01-01"))
shown = events[(events["event_date"] >= start) & (events["event_date"] <= end)]
if q.get_all("admin1"):
    shown = shown[shown["admin1"].isin(q.get_all("admin1"))]
st.title("Conflict events")
st.caption(f"{len(shown)} events")

if q.get("view", "timeline") == "timeline":
    fig = px.scatter(shown, x="event_date", y="event_type", color="event_type", hover_name="location",
                     hover_data=["actor1", "fatalities"], render_mode="svg", height=680)
    st.plotly_chart(fig)
else:
    m = folium.Map(location=[36.1, 39.9], zoom_start=7)
    for r in shown.head(MARKER_CAP).itertuples():
        folium.Marker([r.latitude, r.longitude], tooltip=html.escape(f"{r.event_date:%d %b %Y} · {r.event_type} · {r.location}"),
                      popup=html.escape(str(r.notes))).add_to(m)
    st_folium(m, height=680, use_container_width=True)
