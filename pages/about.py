"""About the data: codebook, tension scale, sourcing and confidence rules, attribution, last update."""

import streamlit as st

from syriawatch import DATA_DIR, geo, i18n, tables, ui, ui_context  # the codebook ships with the code, not the data copy
from syriawatch.i18n import _

ctx = ui.context()
ui.header(_("About the data"), ctx, tables.freshness(ctx.data))
st.markdown(tables.summary_md(ctx.data))
translated = DATA_DIR / f"README.{i18n.lang()}.md"
codebook = (translated if translated.exists() else DATA_DIR / "README.md").read_text(encoding="utf-8")
st.markdown(codebook.split("\n", 1)[1] if codebook.startswith("# ") else codebook)  # the page has its own title
st.caption(_(geo.ATTRIBUTION))
st.divider()
ui_context.upload_panel()
