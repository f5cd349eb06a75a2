"""Import ACLED and UCDP GED exports as a *context* dataset, kept apart from the curated table.

    python -m syriawatch import acled FILE [--store DIR]
    python -m syriawatch import ucdp FILE [--store DIR]

Each accepted row becomes one context event (``context_id`` = "ACLED:<event_id_cnty>" or
"UCDP:<id>"); each rejected row is written to a report CSV with file, line, column and reason.
Accepted rows are stored as Parquet, one file per dataset, merged by ``context_id`` so that importing
the same file twice changes nothing.  Users bring their own files; nothing of theirs is committed
(the store defaults to ``context_data/``, ignored by git).  Read the licence terms of ACLED and UCDP
before sharing a hosted copy: ACLED's forbid redistributing its raw data.
"""

from __future__ import annotations

import csv
import functools
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from . import ROOT
from .loading import MAX_FIELD, Problem, _Lines
from .textsafe import safe_csv

CONTEXT_COLUMNS = ["context_id", "dataset", "event_date", "time_precision", "event_type", "sub_event_type",
                   "actor1", "actor2", "admin1", "location", "latitude", "longitude", "geo_precision",
                   "fatalities", "notes", "source"]
ROW_GROUP = 32_768
csv.field_size_limit(MAX_FIELD)


def store_dir() -> Path:
    return Path(os.environ.get("SYRIAWATCH_CONTEXT_DIR") or ROOT / "context_data")


@dataclass
class ImportResult:
    dataset: str
    file: str
    rows_read: int = 0
    accepted: int = 0
    added: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)
    fatal: str | None = None
    report: Path | None = None
    store: Path | None = None

    def summary(self) -> str:
        if self.fatal:
            return f"{self.file}: not imported — {self.fatal}"
        return (f"{self.file}: {self.rows_read} rows read, {self.accepted} accepted ({self.added} new, "
                f"{self.updated} changed), {rejected_rows(self.problems)} row(s) rejected, "
                f"{len(self.problems)} problem(s) and notice(s)"
                + (f"; report: {self.report}" if self.report else "") + f"; store: {self.store}")


def rejected_rows(problems: list[Problem]) -> int:
    """Rows not imported: problems that name a line and are not mere notices (a whole-file notice, NUL bytes removed)."""
    return len({p.line for p in problems if p.line is not None and not p.reason.startswith(NOTICE_PREFIXES)})


def rejected_in_reports(reports: pd.DataFrame) -> int:
    """The same count over rejected-rows reports read back as text (file, line, column, value, reason)."""
    if reports.empty:
        return 0
    line = reports["line"].astype(str).str.strip().replace({"nan": "", "None": ""})
    keep = (line != "") & ~reports["reason"].astype(str).str.startswith(NOTICE_PREFIXES)
    return len(reports.loc[keep, ["file"]].assign(line=line[keep]).drop_duplicates())


NOTICE_PREFIXES = ("contains NUL bytes", "identifier repeated")  # the row itself is not lost (or a later one wins)


# Each dataset: key columns it must have, and how a row maps to the context schema.
def _acled(r: dict) -> dict:
    return {"context_id": f"ACLED:{r['event_id_cnty']}", "event_date": r["event_date"],
            "time_precision": r.get("time_precision"), "event_type": r.get("event_type"),
            "sub_event_type": r.get("sub_event_type"), "actor1": r.get("actor1"), "actor2": r.get("actor2"),
            "admin1": r.get("admin1"), "location": r.get("location"), "latitude": r.get("latitude"),
            "longitude": r.get("longitude"), "geo_precision": r.get("geo_precision"),
            "fatalities": r.get("fatalities"), "notes": r.get("notes"), "source": r.get("source")}


def _ucdp(r: dict) -> dict:
    return {"context_id": f"UCDP:{r['id']}", "event_date": r["date_start"], "time_precision": r.get("date_prec"),
            "event_type": {"1": "State-based", "2": "Non-state", "3": "One-sided"}.get(str(r.get("type_of_violence")), None),
            "sub_event_type": r.get("conflict_name"), "actor1": r.get("side_a"), "actor2": r.get("side_b"),
            "admin1": r.get("adm_1"), "location": r.get("where_coordinates"), "latitude": r.get("latitude"),
            "longitude": r.get("longitude"), "geo_precision": r.get("where_prec"), "fatalities": r.get("best"),
            "notes": r.get("where_description"), "source": r.get("source_office")}


DATASETS = {
    "acled": (("event_id_cnty", "event_date", "latitude", "longitude"), _acled),
    "ucdp": (("id", "date_start", "latitude", "longitude"), _ucdp),
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S.%f")


@functools.lru_cache(maxsize=1 << 16)  # an export repeats each date many times; the parse dominated import time
def _parse_date(text: str):
    for fmt in DATE_FORMATS:
        try:
            return pd.Timestamp(pd.to_datetime(text, format=fmt))
        except (ValueError, TypeError):
            continue
    return None


def _decode(raw: bytes, name: str, problems: list[Problem]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(name, None, None, "", "not UTF-8; read as Windows-1256 (Arabic)"))
        return raw.decode("cp1256", errors="replace")


def _validate(rec: dict, name: str, line: int, problems: list[Problem]) -> dict | None:
    bad = False

    def fail(col, val, why):
        nonlocal bad
        problems.append(Problem(name, line, col, "" if val is None else str(val)[:80], why))
        bad = True

    if not rec["context_id"].split(":", 1)[1].strip():
        fail("id", "", "identifier is empty")
    date = _parse_date(str(rec["event_date"]).strip())
    if date is None:
        fail("event_date", rec["event_date"], "not a date")
    out = dict(rec)
    out["event_date"] = date
    for col, lo, hi in (("latitude", -90, 90), ("longitude", -180, 180)):
        try:
            v = float(rec[col])
            if not lo <= v <= hi:
                fail(col, rec[col], f"{col} must be between {lo} and {hi}")
            out[col] = v
        except (TypeError, ValueError):
            fail(col, rec[col], "not a number")
    for col in ("time_precision", "geo_precision", "fatalities"):
        v = rec.get(col)
        if v in (None, ""):
            out[col] = None
            continue
        try:
            out[col] = int(float(v))
        except ValueError:
            fail(col, v, "not a whole number")
    return None if bad else out


def import_file(path: Path, dataset: str, store: Path | None = None) -> ImportResult:
    """Read, validate, merge into the store; never raises for bad input (a fatal problem is returned)."""
    path = Path(path)
    res = ImportResult(dataset, path.name)
    if dataset not in DATASETS:
        res.fatal = f"unknown dataset {dataset!r} (use one of: {', '.join(DATASETS)})"
        return res
    keys, mapper = DATASETS[dataset]
    if not path.exists() or path.stat().st_size == 0:
        res.fatal = "file is missing or empty"
        return res
    try:
        raw = path.read_bytes()
    except OSError as err:
        res.fatal = f"the file cannot be read ({err.strerror or err})"
        return res
    text = _decode(raw, path.name, res.problems)
    feed = _Lines(text.splitlines(keepends=True))
    reader = csv.reader(feed, strict=False)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        res.fatal = "no header row could be read"
        return res
    missing = [k for k in keys if k not in header]
    if missing:
        res.fatal = (f"this does not look like an export of {dataset.upper()}: missing column(s) {', '.join(missing)} "
                     f"(found: {', '.join(header[:8])}{'…' if len(header) > 8 else ''})")
        return res
    rows, lines = [], []
    while True:
        start = feed.pos
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            res.rows_read += 1
            res.problems.append(Problem(path.name, start + 1, None, "", f"row could not be read ({err})"))
            feed.pos = start + 1
            continue
        if not fields or all(not f.strip() for f in fields):
            continue
        res.rows_read += 1
        line = start + 1
        if len(fields) != len(header):
            reason = ("unbalanced quote or truncated row" if feed.pos - start > 1 or feed.pos >= len(feed.lines)
                      else f"row has {len(fields)} fields, header has {len(header)}")
            res.problems.append(Problem(path.name, line, None, "", reason + "; row skipped"))
            if feed.pos - start > 1:
                feed.pos = start + 1
            continue
        for i, (h, v) in enumerate(zip(header, fields)):
            if "\x00" in v:
                res.problems.append(Problem(path.name, line, h, "", "contains NUL bytes (\\x00); they were removed"))
                fields[i] = v.replace("\x00", "")
        rec = _validate(mapper(dict(zip(header, fields))), path.name, line, res.problems)
        if rec is not None:
            rec["dataset"] = dataset.upper()
            rows.append(rec)
            lines.append(line)
    if not res.rows_read:
        res.problems.append(Problem(path.name, None, None, "", "file has a header but no data rows: nothing imported"))
    new = pd.DataFrame(rows, columns=CONTEXT_COLUMNS)
    dup = new["context_id"].duplicated(keep="last")
    last_line = dict(zip(new["context_id"], lines))
    for cid, line in zip(new.loc[dup, "context_id"], [ln for ln, d in zip(lines, dup) if d]):
        res.problems.append(Problem(path.name, line, "id", cid,
                                    f"identifier repeated in the file; the last row (line {last_line[cid]}) is kept"))
    new = new[~dup]
    res.accepted = len(new)
    store = Path(store or store_dir())
    target = store / f"{dataset}.parquet"
    old = pd.DataFrame(columns=CONTEXT_COLUMNS)
    if target.exists():
        try:
            old = pd.read_parquet(target)
        except Exception as err:  # noqa: BLE001 - pyarrow raises ArrowInvalid, OSError …
            res.fatal = (f"the store file {target} cannot be read ({type(err).__name__}: {str(err)[:160]}); "
                         "nothing was written, the store left unchanged — move that file away and import again")
            return res
    merged, added, updated = _merge(old, new)
    report = store / f"{path.stem}.rejected.csv" if res.problems else None
    try:
        store.mkdir(parents=True, exist_ok=True)
        _commit(store, target if (added or updated or not target.exists()) else None,
                # Sorted by date in row groups of ROW_GROUP rows: a date filter skips whole groups by their statistics.
                merged.sort_values(["event_date", "context_id"], ignore_index=True),
                report, safe_csv(pd.DataFrame([p.__dict__ for p in res.problems])) if report else "")
    except (OSError, pa.ArrowException) as err:
        reason = getattr(err, "strerror", None) or str(err)
        res.fatal = f"could not write to the store {store} ({reason}); nothing was imported, the store left unchanged"
        return res
    res.added, res.updated = added, updated
    res.store, res.report = target, report
    return res


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp(folder: Path, name: str) -> Path:
    """A fresh temporary path in the store's own folder (same file system, so the rename is atomic)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    return Path(tmp)


def _commit(store: Path, target: Path | None, frame: pd.DataFrame, report: Path | None, report_text: str) -> None:
    """Write the store file and the rejected-rows report together, atomically, or leave both as they were.

    Each is written to a temporary file in the store's folder, flushed to disk (fsync), then renamed over
    the old one; the previous store file is kept (hard link) until the report is in place too, and put back
    if that fails.  A reader never sees a half-written file; a failed import leaves no temporary file.
    """
    temps: list[Path] = []
    prev: Path | None = None
    try:
        if target is not None:
            tmp = _temp(store, target.name)
            temps.append(tmp)
            frame.to_parquet(tmp, index=False, row_group_size=ROW_GROUP)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        if report is not None:
            rtmp = _temp(store, report.name)
            temps.append(rtmp)
            with open(rtmp, "w", encoding="utf-8") as fh:
                fh.write(report_text)
                fh.flush()
                os.fsync(fh.fileno())
        if target is not None and report is not None and target.exists():
            prev = _temp(store, target.name + ".prev")
            prev.unlink()
            os.link(target, prev)
        if target is not None:
            os.replace(temps[0], target)
        if report is not None:
            try:
                os.replace(temps[-1], report)
            except OSError:
                if target is not None:   # the rows without their report: put the previous store back
                    if prev is not None:
                        os.replace(prev, target)
                        prev = None
                    else:
                        target.unlink()
                raise
        _fsync_dir(store)
    finally:
        for t in temps + ([prev] if prev else []):
            try:
                t.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                pass


def _merge(old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Upsert by context_id; returns the merged frame and the numbers of new and changed rows."""
    if old.empty:
        return new.reset_index(drop=True), len(new), 0
    old_i, new_i = old.set_index("context_id"), new.set_index("context_id")
    added = new_i.index.difference(old_i.index)
    common = new_i.index.intersection(old_i.index)
    a = old_i.loc[common, new_i.columns].astype(str)
    b = new_i.loc[common].astype(str)
    changed = int((a != b).any(axis=1).sum()) if len(common) else 0
    merged = pd.concat([old_i.drop(index=common), new_i]).reset_index()
    return merged[CONTEXT_COLUMNS], len(added), changed


def load_context(store: Path | None = None) -> pd.DataFrame:
    """Every imported context event (empty when nothing was imported)."""
    store = Path(store or store_dir())
    parts = [pd.read_parquet(p) for p in sorted(store.glob("*.parquet"))] if store.exists() else []
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CONTEXT_COLUMNS)
