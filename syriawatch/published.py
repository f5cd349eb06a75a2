"""Where the views' data comes from: the published rows of the curation store, or the release files.

* The bundled data folder, or any folder when a database URL is configured (``SYRIAWATCH_DB_URL`` or
  ``[connections.curation] url`` in secrets.toml): the **store** (:mod:`syriawatch.store`).  The
  embedded default is a SQLite file outside the repository, created and seeded from ``data/*.csv`` on
  first start, so no server is needed.  The published rows are read through the one validated loader
  (:meth:`Store.dataset` -> :func:`syriawatch.loading.load_dataset`), and the cache key is the store's
  change counter: a publication in one session is seen by the next data load of every session.
* ``SYRIAWATCH_DATA_DIR`` pointing at another copy of the tables with no database configured: the
  **release** files themselves, read-only (cache key: their content hash).
* The database cannot be reached: the last published **release** (the CSVs in the data folder), with
  a notice on every page (:func:`notice`); nothing is written meanwhile, so nothing is lost.  The
  database is tried again at most every :data:`RETRY_S` seconds.

Nothing here imports Streamlit; ``syriawatch.ui`` passes its cached loader to :func:`dataset`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlalchemy as sa

from . import DATA_DIR, store
from .i18n import _
from .loading import Dataset, fingerprint, load_dataset

LOG = logging.getLogger("syriawatch.published")
RETRY_S = 10.0
_lock = threading.Lock()
_failed: dict[str, tuple[float, str]] = {}   # url -> (monotonic time of the failure, reason)
_synced: dict[str, str] = {}                 # url -> result of Store.sync_release in this process
ERRORS = (store.StoreError, sa.exc.SQLAlchemyError, OSError)


@dataclass(frozen=True)
class Source:
    mode: str                 # "store" | "release" (files by choice) | "fallback" (files, database unreachable)
    key: str                  # the cache key of this data
    url: str | None = None
    overlay: str | None = None  # analyst whose open drafts are shown on top (their own "show drafts")


def store_url(folder: Path) -> str | None:
    """The database to read, or None to read the release files in ``folder`` directly."""
    configured = os.environ.get("SYRIAWATCH_DB_URL") or store._secrets_url()
    if configured or Path(folder).resolve() == DATA_DIR.resolve():
        return store.resolve_url()
    return None


def open_store(folder: Path) -> store.Store | None:
    """The store for ``folder`` (seeded from it on first start), or None when reading files / unreachable."""
    url = store_url(folder)
    if url is None or _recently_failed(url):
        return None
    try:
        s = store.open_store(url, seed_from=Path(folder))
        if url not in _synced:
            _synced[url] = s.sync_release(Path(folder))
            if _synced[url] == "diverged":
                LOG.warning("the release files in %s changed, but analysts have published in the app since; "
                            "run 'python -m syriawatch import-data' to apply them", folder)
        return s
    except ERRORS as err:
        _fail(url, err)
        return None


def _recently_failed(url: str) -> bool:
    with _lock:
        f = _failed.get(url)
        return f is not None and time.monotonic() - f[0] < RETRY_S


def _fail(url: str, err: Exception) -> None:
    with _lock:
        first = url not in _failed
        _failed[url] = (time.monotonic(), str(err).splitlines()[0][:300])
    if first:
        LOG.error("curation database unreachable (%s): %s; serving the last published release",
                  store._redact(url), _failed[url][1])


def _ok(url: str) -> None:
    with _lock:
        if _failed.pop(url, None):
            LOG.warning("curation database reachable again (%s)", store._redact(url))


def locate(folder: Path, overlay: str | None = None) -> Source:
    """Which data this run shows, and its cache key (one cheap counter query on the store)."""
    folder = Path(folder)
    url = store_url(folder)
    if url is not None:
        s = open_store(folder)
        if s is not None:
            try:
                key = f"store|{url}|{s.counter()}"
                if overlay:
                    key += f"|drafts:{overlay}:{s.counter('drafts')}"
                _ok(url)
                return Source("store", key, url, overlay)
            except ERRORS as err:
                _fail(url, err)
        return Source("fallback", f"files|{fingerprint(folder)}", url)
    return Source("release", f"files|{fingerprint(folder)}")


def load(folder: Path, key: str, overlay: str | None = None) -> Dataset:
    """The dataset for a :func:`locate` key (the body of the app's cached loader)."""
    folder = Path(folder)
    if key.startswith("store|"):
        url = key.split("|")[1]
        ds = store.open_store(url, seed_from=folder).dataset(folder, overlay_author=overlay)
        ds.origin = "store"
    else:
        ds = load_dataset(folder)
        ds.origin = "files"
    ds.cache_key = key
    return ds


def dataset(folder: Path, overlay: str | None, loader: Callable[[str, str, str | None], Dataset]) -> Dataset:
    """Locate, then load through ``loader`` (cached); the store failing mid-load falls back to the files."""
    src = locate(folder, overlay)
    try:
        ds = loader(str(folder), src.key, src.overlay)
    except ERRORS as err:
        if src.mode != "store":
            raise
        _fail(src.url, err)
        src = Source("fallback", f"files|{fingerprint(folder)}", src.url)
        ds = loader(str(folder), src.key, None)
    return ds


def unreachable(folder: Path) -> str | None:
    """Why the configured database is not being read (None when it is, or none is configured)."""
    url = store_url(folder)
    if url is None:
        return None
    with _lock:
        f = _failed.get(url)
    return f[1] if f else None


def notice(folder: Path) -> str | None:
    """The message every page shows while the database is unreachable (interface language)."""
    if unreachable(folder) is None:
        return None
    return _("The curation database cannot be reached. You are seeing the last published release "
             "(the data files); nothing can be added or reviewed until it is back, and nothing saved is lost.")
