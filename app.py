"""Server entry: ``streamlit run app.py`` serves dashboard.py with the download guard of the access gate.

Streamlit serves download and media files (<base>/media/<id>) to any client that has their address;
syriawatch.access.MediaGate answers them, when the access gate is on, only to browsers the gate admitted.
With the gate off it changes nothing.  scripts/start.sh and the Dockerfile start the app this way.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from syriawatch.access import MediaGate

app = st.App(str(Path(__file__).with_name("dashboard.py")), middleware=[Middleware(MediaGate)])
