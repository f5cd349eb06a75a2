"""Imported context data (ACLED/UCDP) queried in the Parquet store: filters pushed down, results aggregated.

The views never need the context rows themselves at scale, only their number, their count per month
(timeline lane) and either the rows in view (at most ``limit``, for map marks) or their count per 0.1°
cell.  So nothing is loaded into pandas up front.  The map's question is one scan of the Parquet files
with pyarrow.dataset, reading only the columns it needs (strings as dictionaries), with the filter pushed
into the scan (row groups whose date statistics fall outside the range are skipped; the importer writes
the store sorted by date), aggregated in Arrow before pandas sees it.  Counts and counts per month come
from an aggregate of each file per (event_date, admin1), built by one such scan per file content (about
15,000 rows for a million events), which the same filter selects from exactly.

Which shared filters apply to context rows, and which cannot:

* dates: yes (the period, and the map's window before its date);
* governorates: yes, through the rows' admin1 mapped to the project's governorates
  (:data:`GOVERNORATE_ALIASES`: ACLED/OCHA and UCDP GED spellings); a row whose admin1 maps to none
  (outside Syria, empty, unknown spelling) drops out when governorates are chosen, like curated events
  without a governorate;
* sides, actors, categories, confidence, search: no.  ACLED/UCDP actor names and event types are not
  the project's actor codes, sides or tension categories, and the rows carry no confidence grade, so
  those filters are not applied to context rows rather than guessed.

Answers are cached per store content (SHA-256 of each file, recomputed only when a file's size,
mtime or inode changes) and filter, so a content change can never serve a stale answer.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds
import pyarrow.parquet as pq

from . import vocab

CELL_DEG = 0.1
ROW_COLUMNS = ["dataset", "event_date", "event_type", "location", "latitude", "longitude"]  # what a map mark shows
DICTIONARY_COLUMNS = ["dataset", "event_type", "location", "admin1"]

# Spellings of admin1 in ACLED (OCHA names), UCDP GED (adm_1, "… governorate") and common variants,
# normalised by _norm(); mapped to the project's governorate names (vocab.GOVERNORATES).
GOVERNORATE_ALIASES: dict[str, tuple[str, ...]] = {
    "Al-Hasakah": ("al-hasakeh", "al hasakah", "hasakah", "hasakeh", "al-hassakeh", "hassakeh", "hasaka"),
    "Raqqa": ("ar-raqqa", "ar raqqah", "ar-raqqah", "al-raqqah", "raqqah", "al-raqqa"),
    "Deir ez-Zor": ("deir-ez-zor", "dayr az zawr", "deir ez-zor", "deir al-zor", "deir ez-zour", "deir al zour"),
    "Aleppo": ("halab",),
    "Homs": ("hims",),
    "Hama": ("hamah", "hamat"),
    "Idlib": ("idleb",),
    "Latakia": ("lattakia", "al ladhiqiyah", "al-ladhiqiyah", "latakiyah"),
    "Tartus": ("tartous", "tartos"),
    "Damascus": ("dimashq", "damascus city"),
    "Rif Dimashq": ("rural damascus", "rif dimashq", "rif-dimashq", "damascus countryside"),
    "Daraa": ("dar'a", "dara", "deraa", "dar`a"),
    "As-Suwayda": ("as-sweida", "as suwayda'", "as-suwayda", "sweida", "suwayda", "al-suwayda", "as-suwaida"),
    "Quneitra": ("al qunaytirah", "al-quneitra", "qunaytirah", "kuneitra"),
}
_DROP_WORDS = re.compile(r"\b(governorate|province|muhafazat|mohafazat)\b")


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", _DROP_WORDS.sub("", text))


_ALIAS = {_norm(alias): gov for gov, aliases in GOVERNORATE_ALIASES.items() for alias in aliases}
_ALIAS.update({_norm(gov): gov for gov in vocab.GOVERNORATE_NAMES})
_ALIAS.update({_norm(iso): gov for iso, gov in vocab.GOVERNORATES.items()})


def governorate_of(admin1) -> str | None:
    """The project's governorate for an admin1 value of an import, or None when it names none."""
    if admin1 is None or (isinstance(admin1, float) and admin1 != admin1):
        return None
    return _ALIAS.get(_norm(admin1)) if str(admin1).strip() else None


# ------------------------------------------------------------------------------------ the filter

def _ts(value) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(value)


@dataclass(frozen=True)
class ContextFilter:
    """The shared filters that can apply to context rows (see the module docstring)."""

    start: pd.Timestamp | None = None   # event_date >= start
    end: pd.Timestamp | None = None     # event_date <= end
    after: pd.Timestamp | None = None   # event_date > after (the map's window)
    governorates: tuple[str, ...] = ()  # project names; () = no restriction

    @classmethod
    def of(cls, start=None, end=None, governorates: Iterable[str] = ()) -> "ContextFilter":
        return cls(_ts(start), _ts(end), None, tuple(sorted(set(governorates))))

    def window(self, asof, days: int) -> "ContextFilter":
        """Like mapstate.events_in_window: on or before ``asof`` and, unless days == 0, after asof - days."""
        asof = pd.Timestamp(asof)
        end = asof if self.end is None else min(self.end, asof)
        after = None if not days else asof - pd.Timedelta(days=days)
        if after is not None and self.after is not None:
            after = max(after, self.after)
        return replace(self, end=end, after=after if after is not None else self.after)

    def expression(self, date_type: pa.DataType, admin1_values: Sequence[str]) -> pc.Expression | None:
        """The filter as a pyarrow expression; admin1_values = the raw admin1 values of the chosen governorates."""
        date = pc.field("event_date")
        parts = []
        if self.start is not None:
            parts.append(date >= pa.scalar(self.start, date_type))
        if self.end is not None:
            parts.append(date <= pa.scalar(self.end, date_type))
        if self.after is not None:
            parts.append(date > pa.scalar(self.after, date_type))
        if self.governorates:
            parts.append(pc.field("admin1").isin(pa.array(list(admin1_values), pa.string())))
        return functools.reduce(lambda a, b: a & b, parts) if parts else None


# ------------------------------------------------------------------------------- content digests

_digests: dict[tuple, str] = {}
_digest_lock = threading.Lock()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, recomputed only when its size, mtime or inode changes."""
    st = path.stat()
    sig = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    with _digest_lock:
        known = _digests.get(sig)
    if known:
        return known
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    with _digest_lock:
        for old in [k for k in _digests if k[0] == sig[0]]:
            del _digests[old]
        _digests[sig] = h.hexdigest()
    return _digests[sig]


# -------------------------------------------------------------------------------------- queries

@dataclass(frozen=True)
class _File:
    path: str
    digest: str   # part of every cache key: an answer is tied to the content it was computed from


def _dataset(f: _File) -> pds.Dataset:
    fmt = pds.ParquetFileFormat(read_options=pds.ParquetReadOptions(dictionary_columns=DICTIONARY_COLUMNS))
    return pds.dataset(f.path, format=fmt)


@functools.lru_cache(maxsize=64)
def _admin1_values(f: _File) -> tuple[str, ...]:
    """The distinct admin1 values of a file (read as a dictionary: the values, not one string per row)."""
    col = _dataset(f).to_table(columns=["admin1"]).column("admin1")
    if pa.types.is_dictionary(col.type):
        values = {v for chunk in col.chunks for v in chunk.dictionary.to_pylist()}
    else:
        values = set(pc.unique(col).to_pylist())
    return tuple(sorted(v for v in values if v is not None))


@functools.lru_cache(maxsize=64)
def _ids(f: _File) -> frozenset:
    return frozenset(_dataset(f).to_table(columns=["context_id"]).column("context_id").to_pylist())


def _scan(f: _File, flt: ContextFilter, columns: list[str], exclude_ids: frozenset = frozenset(),
          located: bool = False) -> pa.Table:
    d = _dataset(f)
    wanted = set(flt.governorates)
    raw = [v for v in _admin1_values(f) if governorate_of(v) in wanted] if wanted else []
    expr = flt.expression(d.schema.field("event_date").type, raw)
    if located:
        loc = pc.field("latitude").is_valid() & pc.field("longitude").is_valid()
        expr = loc if expr is None else expr & loc
    if exclude_ids:
        keep = ~pc.field("context_id").isin(pa.array(sorted(exclude_ids), pa.string()))
        expr = keep if expr is None else expr & keep
    return d.to_table(columns=columns, filter=expr)


def _canonical(t: pa.Table) -> pa.Table:
    """One schema for every file (dictionaries decoded, dates in µs) so that tables concatenate."""
    cols = {}
    for name in t.column_names:
        col = t.column(name)
        if pa.types.is_dictionary(col.type):
            col = col.cast(pa.string())
        elif pa.types.is_large_string(col.type):
            col = col.cast(pa.string())
        elif name == "event_date":
            col = col.cast(pa.timestamp("us"))
        elif name in ("latitude", "longitude"):
            col = col.cast(pa.float64())
        cols[name] = col
    return pa.table(cols)


def _parts(files: tuple[_File, ...], overlay: tuple[_File, ...], flt: ContextFilter, columns: list[str],
           located: bool = False) -> list[pa.Table]:
    """Filtered scans of every file; rows of ``files`` whose id is also in ``overlay`` give way to it."""
    shadow = frozenset().union(*(_ids(o) for o in overlay)) if overlay else frozenset()
    out = [_scan(f, flt, columns, shadow, located) for f in files]
    out += [_scan(o, flt, columns, frozenset(), located) for o in overlay]
    return [_canonical(t) for t in out]


@functools.lru_cache(maxsize=32)
def _daily(f: _File, overlay: tuple[_File, ...]) -> pa.Table:
    """Rows of one file per (event_date, admin1), those replaced by an overlay left out: ~15k rows for 1M.

    Built once per content by one scan; the counts per month for any date range and governorates are
    exact sums over it, so the timeline lane and every count never scan the rows again.
    """
    shadow = frozenset().union(*(_ids(o) for o in overlay)) if overlay else frozenset()
    t = _scan(f, ContextFilter(), ["event_date", "admin1"], shadow).unify_dictionaries()
    g = t.group_by(["event_date", "admin1"]).aggregate([([], "count_all")])
    return _canonical(g)


@functools.lru_cache(maxsize=256)
def _months(files, overlay, flt: ContextFilter) -> pd.Series:
    parts = []
    for f, shadowed_by in [(f, overlay) for f in files] + [(o, ()) for o in overlay]:
        daily = _daily(f, shadowed_by)
        raw = [v for v in _admin1_values(f) if governorate_of(v) in set(flt.governorates)]
        expr = flt.expression(daily.schema.field("event_date").type, raw)
        daily = daily if expr is None else daily.filter(expr)
        if daily.num_rows:
            parts.append(daily)
    if not parts:
        return pd.Series([], index=pd.DatetimeIndex([]), dtype="int64", name="count")
    daily = pa.concat_tables(parts)
    month = pc.floor_temporal(daily.column("event_date"), unit="month")
    g = (pa.table({"month": month, "n": daily.column("count_all")}).group_by("month")
         .aggregate([("n", "sum")]).sort_by("month"))
    s = pd.Series(g.column("n_sum").to_numpy(), index=pd.DatetimeIndex(g.column("month").to_pandas()), name="count")
    s.index.name = None
    return s


@functools.lru_cache(maxsize=256)
def _map_layer(files, overlay, flt: ContextFilter, limit: int):
    parts = [t for t in _parts(files, overlay, flt, ["latitude", "longitude"], located=True) if t.num_rows]
    n = sum(t.num_rows for t in parts)
    if n <= limit:
        rows = [t for t in _parts(files, overlay, flt, ROW_COLUMNS, located=True) if t.num_rows]
        frame = (pa.concat_tables(rows).to_pandas() if rows else pd.DataFrame(columns=ROW_COLUMNS))
        return frame.sort_values("event_date", kind="stable", ignore_index=True), None
    t = pa.concat_tables(parts)
    # Same cell as mapview.grid_bins: round(coordinate / 0.1), half to even like numpy.
    gy = pc.cast(pc.round(pc.divide(t.column("latitude"), CELL_DEG), round_mode="half_to_even"), pa.int64())
    gx = pc.cast(pc.round(pc.divide(t.column("longitude"), CELL_DEG), round_mode="half_to_even"), pa.int64())
    g = pa.table({"gy": gy, "gx": gx}).group_by(["gy", "gx"]).aggregate([([], "count_all")])
    cells = pd.DataFrame({"lat": g.column("gy").to_numpy() * CELL_DEG, "lon": g.column("gx").to_numpy() * CELL_DEG,
                          "count": g.column("count_all").to_numpy(), "category": "context", "tension": 0})
    return None, cells.sort_values(["count", "lat", "lon"], ascending=[False, True, True], ignore_index=True)


# ---------------------------------------------------------------------------------- file checks

NEEDED_COLUMNS = ["context_id", "dataset", "event_date", "event_type", "admin1", "location", "latitude", "longitude"]


@functools.lru_cache(maxsize=128)
def problem_of(f: _File) -> str | None:
    """Why a store file cannot be queried (None when it can): checked once per content, every row group read.

    An interrupted or disk-full write, a file copied in by hand or a file of another tool must not take
    the pages down: such a file is left out of every answer and listed with this reason.
    """
    try:
        pf = pq.ParquetFile(f.path)
        schema = pf.schema_arrow
        missing = [c for c in NEEDED_COLUMNS if c not in schema.names]
        if missing:
            return f"not a context store file: missing column(s) {', '.join(missing)}"
        if not pa.types.is_timestamp(schema.field("event_date").type):
            return f"event_date is {schema.field('event_date').type}, not a timestamp"
        for _batch in pf.iter_batches(columns=NEEDED_COLUMNS, batch_size=1 << 16):
            pass
    except Exception as err:  # noqa: BLE001 - pyarrow raises ArrowInvalid, OSError, ArrowNotImplementedError …
        return f"{type(err).__name__}: {err}"[:300]
    return None


# ------------------------------------------------------------------------------------ public API

class ContextStore:
    """The Parquet files of the shared store plus, optionally, a session's own imports (which win on id)."""

    def __init__(self, folders: Iterable[Path], overlay: Iterable[Path] = ()):
        self.unreadable: list[tuple[str, str]] = []   # (path, reason) of files left out of every answer

        def files(dirs):
            found = []
            for d in dirs:
                d = Path(d)
                try:
                    found += sorted(p for p in d.glob("*.parquet") if p.is_file()) if d.is_dir() else []
                except OSError as err:
                    self.unreadable.append((str(d), f"folder cannot be listed: {err}"))
            out = []
            for p in found:
                try:
                    f = _File(str(p), file_digest(p))
                except OSError as err:
                    self.unreadable.append((str(p), f"{type(err).__name__}: {err}"))
                    continue
                why = problem_of(f)
                if why:
                    self.unreadable.append((str(p), why))
                else:
                    out.append(f)
            return tuple(out)
        self.files = files(folders)
        self.overlay = files(overlay)

    @property
    def key(self) -> tuple:
        return tuple(f.digest for f in self.files + self.overlay)

    def total(self) -> int:
        """Number of rows stored (a row of the shared store that a session import replaces counts once)."""
        return int(_months(self.files, self.overlay, ContextFilter()).sum())

    def select(self, flt: ContextFilter) -> "ContextSelection":
        return ContextSelection(self, flt)


class ContextSelection:
    """The context rows that pass a filter; answers come from the store, aggregated, never the rows at scale."""

    def __init__(self, store: ContextStore, flt: ContextFilter):
        self.store, self.filter = store, flt

    def _args(self):
        return self.store.files, self.store.overlay, self.filter

    def __len__(self) -> int:
        return int(self.monthly_counts().sum())   # the same scan as the timeline lane: one per filter

    def window(self, asof, days: int) -> "ContextSelection":
        return ContextSelection(self.store, self.filter.window(asof, days))

    def monthly_counts(self) -> pd.Series:
        """Rows per calendar month (index: first day of the month), oldest first."""
        return _months(*self._args())

    def map_layer(self, limit: int) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        """(located rows, None) when at most ``limit`` rows have coordinates, else (None, 0.1° cells)."""
        return _map_layer(*self._args(), int(limit))
