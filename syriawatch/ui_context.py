"""Streamlit glue for imported context data (ACLED/UCDP): the toggle, loading, per-session uploads."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from .i18n import _
from .importers import CONTEXT_COLUMNS, DATASETS, import_file, load_context, store_dir

KEY = "f_context"


@st.cache_resource(show_spinner=False, max_entries=4)
def _shared(folder: str, stamp: tuple) -> pd.DataFrame:
    # stamp = the Parquet files' (name, mtime, size): re-read only when an import changed them.
    return load_context(Path(folder))


def _session_store() -> Path:
    if "_ctx_dir" not in st.session_state:
        st.session_state["_ctx_dir"] = tempfile.mkdtemp(prefix="syriawatch-upload-")
    return Path(st.session_state["_ctx_dir"])


def context_events() -> pd.DataFrame:
    """Shared store (command-line imports) plus this session's uploads."""
    folder = store_dir()
    stamp = tuple((p.name, p.stat().st_mtime, p.stat().st_size) for p in sorted(folder.glob("*.parquet"))) if folder.exists() else ()
    parts = [_shared(str(folder), stamp)]
    if "_ctx_dir" in st.session_state:
        parts.append(load_context(_session_store()))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True).drop_duplicates("context_id", keep="last") if parts else pd.DataFrame(columns=CONTEXT_COLUMNS)


def toggle() -> bool:
    """Sidebar switch (URL ctx=1), shown only when context data exists."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get("ctx") == "1"
    if context_events().empty:
        return False
    on = st.sidebar.toggle(_("Show imported context (ACLED/UCDP)"), key=KEY,
                           help=_("Drawn in grey, apart from the curated events; never mixed into counts or the index."))
    if on and st.query_params.get("ctx") != "1":
        st.query_params["ctx"] = "1"
    elif not on and "ctx" in st.query_params:
        st.query_params.pop("ctx")
    return on


def in_period(ctx_events: pd.DataFrame, start, end) -> pd.DataFrame:
    d = ctx_events["event_date"]
    return ctx_events[(d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))]


def upload_panel() -> None:
    """Import a file for this browser session only (the shared store is filled from the command line)."""
    st.markdown("#### " + _("Import context data for this session"))
    st.caption(_("ACLED export CSV or UCDP GED CSV. Rows you import here stay in this browser session; nothing is "
                 "written to the project's data. Respect the data's licence before sharing a hosted copy."))
    c1, c2 = st.columns([1, 3])
    dataset = c1.selectbox(_("Dataset"), sorted(DATASETS), key="ctx_dataset", format_func=str.upper,
                           placeholder=_("Choose an option"))
    up = c2.file_uploader(_("File"), type=["csv", "txt"], key="ctx_upload")
    if up is not None and st.button(_("Import"), key="ctx_import"):
        folder = _session_store()
        path = folder / Path(up.name).name
        path.write_bytes(up.getvalue())
        res = import_file(path, dataset, folder)
        (st.error if res.fatal else st.success)(res.summary().replace(str(folder) + "/", ""))
        if res.problems:
            st.dataframe(pd.DataFrame([p.__dict__ for p in res.problems]), hide_index=True, width="stretch")
