"""Streamlit glue for imported context data (ACLED/UCDP): the toggle, loading, per-session uploads."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from . import contextstore, ui_state, uploads
from .i18n import _
from .textsafe import md
from .importers import DATASETS, import_file, store_dir

KEY = ui_state.CONTEXT.keys[0]  # "f_context"


@st.cache_resource(show_spinner=False)
def _swept() -> list:
    """Once per server process: remove upload folders left by servers that are no longer running, and
    start the sweeper that removes a session's folder once the session has ended (disconnected for
    server.disconnectedSessionTTL seconds, after which Streamlit would not resume it either)."""
    import threading
    import time

    from streamlit import config
    from streamlit.runtime import Runtime

    removed = uploads.sweep_leftovers()
    grace = float(config.get_option("server.disconnectedSessionTTL") or 120)

    def sweeper():
        while True:
            time.sleep(min(30.0, max(1.0, grace)))
            try:
                if Runtime.exists():
                    uploads.sweep_ended(Runtime.instance().is_active_session, grace)
            except Exception:  # noqa: BLE001 - the sweeper must never die
                pass
    threading.Thread(target=sweeper, name="syriawatch-upload-sweeper", daemon=True).start()
    return removed


def _session_store() -> Path:
    """This session's upload folder; removed with the session (uploads.Guard in its state)."""
    _swept()
    if "_ctx_dir" not in st.session_state:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        run = get_script_run_ctx()
        folder = uploads.new_folder(session_id=run.session_id if run else "")
        st.session_state["_ctx_guard"] = uploads.Guard(folder)
        st.session_state["_ctx_dir"] = str(folder)
    return Path(st.session_state["_ctx_dir"])


def store() -> contextstore.ContextStore:
    """Shared store (command-line imports) plus this session's uploads, which win on a shared id.

    Queried in place (syriawatch.contextstore): answers are cached per file content and filter for all
    sessions, and no context row is held in memory between runs.
    """
    _swept()
    session = [Path(st.session_state["_ctx_dir"])] if "_ctx_dir" in st.session_state else []
    return contextstore.ContextStore([store_dir()], overlay=session)


@st.cache_data(show_spinner=False, max_entries=8)
def _reports(stamp: tuple) -> pd.DataFrame:
    # stamp = the reports' (path, mtime, size): re-read only when an import wrote a new one.
    parts = []
    for path, _m, _s in stamp:
        try:
            parts.append(pd.read_csv(path, dtype=str, keep_default_na=False))
        except (OSError, ValueError, pd.errors.ParserError) as err:  # a damaged report is itself reported
            parts.append(pd.DataFrame([{"file": Path(path).name, "line": "", "column": "", "value": "",
                                        "reason": f"report could not be read: {err}"[:300]}]))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def import_problems() -> pd.DataFrame:
    """Rows rejected by imports into the shared store and this session's uploads (file, line, column, reason)."""
    folders = [store_dir()] + ([Path(st.session_state["_ctx_dir"])] if "_ctx_dir" in st.session_state else [])
    stamp = []
    for d in folders:
        try:
            stamp += [(str(p), p.stat().st_mtime, p.stat().st_size) for p in sorted(d.glob("*.rejected.csv"))]
        except OSError:
            continue   # an unlistable folder is reported by unreadable()
    stamp = tuple(stamp)
    return _reports(stamp) if stamp else pd.DataFrame()


def unreadable() -> pd.DataFrame:
    """Store files left out because they cannot be read (path, reason): shown in the problem panel."""
    return pd.DataFrame(store().unreadable, columns=["path", "reason"])


def toggle() -> bool:
    """Sidebar switch (URL ctx=1), shown only when context data exists."""
    ui_state.load(ui_state.CONTEXT)
    if not store().total():
        return False
    on = st.sidebar.toggle(_("Show imported context (ACLED/UCDP)"), key=KEY,
                           help=_("Drawn in grey, apart from the curated events; never mixed into counts or the index."))
    ui_state.write(ui_state.CONTEXT)
    return on


def selection(f, bounds) -> contextstore.ContextSelection:
    """Context rows in the period and the chosen governorates (the shared filters that apply to them)."""
    return store().select(contextstore.ContextFilter.of(bounds[0], bounds[1], f.governorates))


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
        # The browser's file name is user text: never a path, never one of the store's own files.
        stem = re.sub(r"[^\w\-]+", "_", Path(up.name).stem).strip("_.")[:80] or "upload"
        path = folder / f"{stem}.csv"
        path.write_bytes(up.getvalue())
        res = import_file(path, dataset, folder)
        path.unlink(missing_ok=True)   # the raw file is not needed once its rows are in the session store
        (st.error if res.fatal else st.success)(md(res.summary().replace(str(folder) + "/", "")))
        if res.problems:
            st.dataframe(pd.DataFrame([p.__dict__ for p in res.problems]), hide_index=True, width="stretch")
