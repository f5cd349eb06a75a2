"""The curation store: the curated tables in a relational database, with drafts, review and an audit log.

* Backends: SQLite (default, a file outside the repository) or PostgreSQL (psycopg 3), chosen by a
  SQLAlchemy URL (:func:`resolve_url`).  Schema changes are Alembic migrations
  (``syriawatch/store/migrations``), applied when the store is opened.
* Every curated value is kept as the exact text of its CSV cell; the published rows are exported as
  CSV (:meth:`Store.export_csv`) and read by the app through the one validated loading path
  (:func:`syriawatch.loading.load_dataset` with in-memory contents), so the pandera schemas stay the
  single definition of a valid row.
* Workflow: every change is a *draft*; a reviewer other than the draft's author publishes it, sends
  it back with a comment, or rejects it.  Retiring a row keeps its id; ids are never reused.
* Every write checks the caller's role here, in the API (not only in the page), runs in one
  transaction, and writes a history entry (who, when, field-level before/after, comment, source).
* Optimistic locking: writes carry the version they were based on; a stale one raises
  :class:`Conflict` and changes nothing.

Nothing here imports Streamlit or touches the disk at import time.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from .. import ROOT, data_dir as default_data_dir
from ..loading import Dataset, Problem, _read_rows, data_files, load_dataset, load_table
from ..schema import OPTIONAL_TABLES, SPECS

TABLES = tuple(SPECS)                       # events, actors, sites, control, lines, context_bands
ROLES = ("viewer", "editor", "reviewer")    # each role can do what the ones before it can
OPEN = ("draft", "sent_back")               # draft states that still block a second draft of the row
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
KEYED_ID = re.compile(r"^(.*?)(\d+)$")


# ------------------------------------------------------------------------------------------ errors

class StoreError(Exception):
    """Base class: the message is meant for the analyst (shown as is)."""


class PermissionDenied(StoreError):
    pass


class Conflict(StoreError):
    """The row or draft changed since the caller read it; nothing was written."""


class InvalidRow(StoreError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.as_text() for p in problems))

    def by_field(self) -> dict[str | None, list[str]]:
        out: dict[str | None, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.column, []).append(p.reason)
        return out


class Unavailable(StoreError):
    """The database cannot be reached or opened."""


# ------------------------------------------------------------------------------------------ identity

@dataclass(frozen=True)
class Identity:
    name: str
    role: str = "viewer"

    def can(self, role: str) -> bool:
        return self.role in ROLES and ROLES.index(self.role) >= ROLES.index(role)


SYSTEM = Identity("release import", "reviewer")  # the command line's import of data/*.csv


def _require(who: Identity, role: str, what: str) -> None:
    if not isinstance(who, Identity) or not who.name or not who.can(role):
        name = getattr(who, "name", None) or "anonymous"
        raise PermissionDenied(f"{name} may not {what} (needs the {role} role)")


# ------------------------------------------------------------------------------------------ records

@dataclass
class Record:
    table: str
    key: str
    data: dict[str, str]
    version: int
    status: str           # published | retired


@dataclass
class Draft:
    draft_id: int
    table: str
    key: str
    action: str           # create | update | retire
    base_version: int | None
    data: dict[str, str]
    status: str           # draft | sent_back | published | rejected
    author: str
    created_at: str
    updated_at: str
    version: int
    comment: str | None = None
    source: str | None = None
    reviewer: str | None = None
    review_note: str | None = None


@dataclass
class HistoryEntry:
    table: str
    key: str
    at: str
    who: str
    action: str
    changes: dict[str, list]
    comment: str | None
    source: str | None
    draft_id: int | None


@dataclass
class SeedReport:
    rows: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


# ------------------------------------------------------------------------------------------ location

def default_sqlite_path() -> Path:
    """``$SYRIAWATCH_STATE_DIR/curation.sqlite``, else ``$XDG_DATA_HOME/syriawatch/…`` (~/.local/share)."""
    base = os.environ.get("SYRIAWATCH_STATE_DIR")
    if base:
        return Path(base) / "curation.sqlite"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "syriawatch" / "curation.sqlite"


def _secrets_url() -> str | None:
    """``[connections.curation] url`` from .streamlit/secrets.toml (project, then home), as st.connection reads it."""
    import tomllib
    for p in (ROOT / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            with open(p, "rb") as fh:
                url = tomllib.load(fh).get("connections", {}).get("curation", {}).get("url")
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if url:
            return str(url)
    return None


def resolve_url() -> str:
    """The database URL: SYRIAWATCH_DB_URL, else secrets.toml, else the default SQLite file."""
    url = os.environ.get("SYRIAWATCH_DB_URL") or _secrets_url()
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3, not the psycopg2 default
        return url
    path = default_sqlite_path()
    if path.resolve().is_relative_to(ROOT.resolve()):
        raise StoreError(f"the curation database must live outside the repository, not at {path}")
    return f"sqlite:///{path}"


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        db = sa.engine.make_url(url).database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        eng = sa.create_engine(url, connect_args={"timeout": 30, "isolation_level": None})

        @sa.event.listens_for(eng, "connect")
        def _pragmas(dbapi_conn, _rec):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")      # readers never wait for a writer
            cur.execute("PRAGMA synchronous=FULL")      # an acknowledged commit survives a crash
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @sa.event.listens_for(eng, "begin")
        def _begin(conn):
            # A write transaction takes the write lock up front (no lock-upgrade deadlock); reads do not.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sw_write") else "BEGIN")
        return eng
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


# ------------------------------------------------------------------------------------------ CSV text

def rows_to_csv(columns: list[str], rows: list[dict]) -> bytes:
    """The release format: UTF-8, header row, minimal quoting, LF line ends."""
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c) or "" for c in columns])
    return out.getvalue().encode("utf-8")


def read_csv_rows(path: Path, name: str, content: bytes | None = None) -> tuple[list[dict], list[Problem]]:
    """Rows of one release file as text (the loader's own reader); structural problems reported."""
    spec = SPECS[name]
    problems: list[Problem] = []
    if content is None and not path.exists():
        return [], ([] if name in OPTIONAL_TABLES else [Problem(path.name, None, None, "", "file not found")])
    df, _n = _read_rows(path, spec, problems, content)
    rows, seen = [], {}
    for rec in df.to_dict("records"):
        key = rec.get(spec.key)
        line = int(rec.pop("_line"))
        row = {c: ("" if rec.get(c) is None or rec.get(c) != rec.get(c) else str(rec[c])) for c in spec.columns}
        if not row[spec.key]:
            problems.append(Problem(path.name, line, spec.key, "", "value is required; row not stored"))
            continue
        if key in seen:
            problems.append(Problem(path.name, line, spec.key, key, f"duplicate {spec.key}: first used on line {seen[key]}; this row not stored"))
            continue
        seen[key] = line
        rows.append(row)
    return rows, problems


# ------------------------------------------------------------------------------------------ the store

_metadata = sa.MetaData()


def _curated(name: str) -> sa.Table:
    t = _metadata.tables.get(f"cur_{name}")
    if t is not None:
        return t
    key = SPECS[name].key
    return sa.Table(
        f"cur_{name}", _metadata,
        *[sa.Column(c, sa.Text, primary_key=(c == key)) for c in SPECS[name].columns],
        sa.Column("rec_seq", sa.Integer), sa.Column("rec_status", sa.Text), sa.Column("rec_version", sa.Integer),
    )


DRAFTS = sa.Table(
    "cur_drafts", _metadata,
    sa.Column("draft_id", sa.Integer, primary_key=True, autoincrement=True),
    *[sa.Column(c, sa.Text) for c in ("table_name", "row_key", "action")],
    sa.Column("base_version", sa.Integer),
    *[sa.Column(c, sa.Text) for c in ("data", "status", "author", "created_at", "updated_at")],
    sa.Column("version", sa.Integer),
    *[sa.Column(c, sa.Text) for c in ("comment", "source", "reviewer", "review_note")],
)
HISTORY = sa.Table(
    "cur_history", _metadata,
    sa.Column("hist_id", sa.Integer, primary_key=True, autoincrement=True),
    *[sa.Column(c, sa.Text) for c in ("table_name", "row_key", "at", "who", "action", "changes", "comment", "source")],
    sa.Column("draft_id", sa.Integer),
)
STATE = sa.Table("cur_state", _metadata, sa.Column("name", sa.Text, primary_key=True),
                 sa.Column("num", sa.BigInteger), sa.Column("text", sa.Text))
CUR = {name: _curated(name) for name in TABLES}


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    from alembic import command
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store:
    def __init__(self, url: str, engine: sa.Engine | None = None):
        self.url = url
        self.engine = engine or _engine(url)

    # ---- setup ----------------------------------------------------------------------------------

    def migrate(self) -> None:
        migrate(self.engine)

    @contextmanager
    def _tx(self):
        """One write transaction: commits on success, rolls everything back on any error."""
        with self.engine.connect().execution_options(sw_write=True) as c, c.begin():
            yield c

    def is_seeded(self) -> bool:
        with self.engine.connect() as c:
            return c.execute(sa.select(STATE.c.num).where(STATE.c.name == "seeded")).scalar() is not None

    def seed(self, folder: Path | None = None) -> SeedReport:
        """Fill an empty store from the release CSVs (first start); a seeded store is left alone."""
        folder = Path(folder or default_data_dir())
        with self._tx() as c:
            if c.execute(sa.select(STATE.c.num).where(STATE.c.name == "seeded")).scalar() is not None:
                return SeedReport()
            rep = self._import(c, folder, SYSTEM, "seed", f"seeded from {folder}")
            c.execute(sa.insert(STATE).values(name="seeded", num=1, text=_now()))
            return rep

    def sync_release(self, folder: Path | None = None) -> str:
        """Keep a store that only mirrors the release in step with changed release files.

        Returns ``"unchanged"``, ``"imported"`` (the files changed and nothing was ever published in the
        app, so importing them loses nothing) or ``"diverged"`` (the files changed but analysts have
        published in the app: importing could overwrite their rows, so it is left to
        ``python -m syriawatch import-data``).
        """
        folder = Path(folder or default_data_dir())
        fp = fingerprint_files(folder)
        with self._tx() as c:
            old = c.execute(sa.select(STATE.c.text).where(STATE.c.name == "release")).scalar()
            if old is None:   # first call after seeding: the seed came from these files
                c.execute(sa.insert(STATE).values(name="release", num=0, text=fp))
                return "unchanged"
            if old == fp:
                return "unchanged"
            published = c.execute(sa.select(sa.func.count()).select_from(HISTORY)
                                  .where(HISTORY.c.action == "publish")).scalar()
            if published:
                return "diverged"
            self._import(c, folder, SYSTEM, "import", "release files changed")
            c.execute(sa.update(STATE).where(STATE.c.name == "release").values(text=fp))
            return "imported"

    def _mark_release(self, folder: Path) -> None:
        """After an export to, or an import from, the data folder, the store and its files agree."""
        if Path(folder).resolve() != Path(default_data_dir()).resolve():
            return
        fp = fingerprint_files(Path(folder))
        with self._tx() as c:
            if c.execute(sa.update(STATE).where(STATE.c.name == "release").values(text=fp)).rowcount == 0:
                c.execute(sa.insert(STATE).values(name="release", num=0, text=fp))

    def import_csv(self, folder: Path, who: Identity = SYSTEM, comment: str | None = None) -> SeedReport:
        """Apply release files as published rows (the developer's release path); unchanged rows are untouched.

        Rows present in the files are inserted or updated (one history entry each, field-level); rows
        of the store absent from the files are left as they are.  Importing an export changes nothing.
        """
        _require(who, "reviewer", "import release files")
        with self._tx() as c:
            rep = self._import(c, Path(folder), who, "import", comment or f"imported from {folder}")
        self._mark_release(folder)
        return rep

    def _import(self, c, folder: Path, who: Identity, action: str, comment: str) -> SeedReport:
        rep = SeedReport()
        at = _now()
        files = data_files(folder)
        changed_any = False
        for name in TABLES:
            rows, problems = read_csv_rows(files[name], name)
            rep.problems += problems
            rep.rows[name] = len(rows)
            t, key = CUR[name], SPECS[name].key
            cols = list(SPECS[name].columns)
            have = {r[key]: r for r in c.execute(sa.select(t)).mappings()}
            pos_in_file = {r[key]: i for i, r in enumerate(rows)}
            # Positions: rows of the file in file order, then the store's other rows in their old order.
            others = sorted((k for k in have if k not in pos_in_file), key=lambda k: have[k]["rec_seq"])
            seq = {**pos_in_file, **{k: len(rows) + i for i, k in enumerate(others)}}
            n = 0
            for row in rows:
                k = row[key]
                old = have.get(k)
                if old is None:
                    c.execute(sa.insert(t).values(**row, rec_seq=seq[k], rec_status="published", rec_version=1))
                    self._log(c, name, k, who, action, {f: [None, v] for f, v in row.items() if v}, comment, f"data/{name}.csv", None, at)
                    n += 1
                    continue
                diff = {f: [old[f] or "", row[f]] for f in cols if (old[f] or "") != row[f]}
                values = {}
                if diff or old["rec_status"] != "published":
                    values.update(row, rec_status="published", rec_version=old["rec_version"] + 1)
                    if old["rec_status"] != "published":
                        diff["(status)"] = [old["rec_status"], "published"]
                    self._log(c, name, k, who, action, diff, comment, f"data/{name}.csv", None, at)
                    n += 1
                if old["rec_seq"] != seq[k]:
                    values["rec_seq"] = seq[k]
                if values:
                    c.execute(sa.update(t).where(t.c[key] == k).values(**values))
                    changed_any = True
            for k in others:
                if have[k]["rec_seq"] != seq[k]:
                    c.execute(sa.update(t).where(t.c[key] == k).values(rec_seq=seq[k]))
                    changed_any = True
            rep.changed[name] = n
            changed_any = changed_any or n > 0
            self._init_id_counter(c, name)
        if changed_any:
            self._bump(c, "published")
        return rep

    def _init_id_counter(self, c, name: str) -> None:
        """Next free number for generated ids: above every id the table has ever held."""
        t, key = CUR[name], SPECS[name].key
        keys = [k for (k,) in c.execute(sa.select(t.c[key]))]
        keys += [k for (k,) in c.execute(sa.select(DRAFTS.c.row_key).where(DRAFTS.c.table_name == name))]
        nums = [int(m.group(2)) for m in map(KEYED_ID.match, keys) if m]
        top = max(nums, default=0)
        cur = c.execute(sa.select(STATE.c.num).where(STATE.c.name == f"next:{name}")).scalar()
        if cur is None:
            c.execute(sa.insert(STATE).values(name=f"next:{name}", num=top + 1))
        elif cur <= top:
            c.execute(sa.update(STATE).where(STATE.c.name == f"next:{name}").values(num=top + 1))

    def _allocate_id(self, c, name: str) -> str:
        t, key = CUR[name], SPECS[name].key
        keys = [k for (k,) in c.execute(sa.select(t.c[key]).order_by(t.c.rec_seq))]
        pattern = None
        for k in reversed(keys):  # the id form of the newest rows (e.g. USRU-0265 -> "USRU-", 4 digits)
            m = KEYED_ID.match(k)
            if m:
                pattern = (m.group(1), len(m.group(2)))
                break
        if pattern is None:
            raise StoreError(f"{name}: no numbered ids to continue; give the new row's {key} explicitly")
        self._init_id_counter(c, name)
        c.execute(sa.update(STATE).where(STATE.c.name == f"next:{name}").values(num=STATE.c.num + 1))
        n = c.execute(sa.select(STATE.c.num).where(STATE.c.name == f"next:{name}")).scalar() - 1
        return f"{pattern[0]}{str(n).zfill(pattern[1])}"

    def _bump(self, c, counter: str) -> None:
        if c.execute(sa.update(STATE).where(STATE.c.name == f"changes:{counter}").values(num=STATE.c.num + 1)).rowcount == 0:
            c.execute(sa.insert(STATE).values(name=f"changes:{counter}", num=1))

    def _log(self, c, table, key, who: Identity, action, changes, comment, source, draft_id, at=None) -> None:
        c.execute(sa.insert(HISTORY).values(table_name=table, row_key=key, at=at or _now(), who=who.name, action=action,
                                            changes=json.dumps(changes, ensure_ascii=False, sort_keys=True),
                                            comment=comment, source=source, draft_id=draft_id))

    # ---- reading --------------------------------------------------------------------------------

    def counter(self, which: str = "published") -> int:
        """Grows whenever the published set (or, with ``"drafts"``, any draft) changes: the cache key."""
        with self.engine.connect() as c:
            return int(c.execute(sa.select(STATE.c.num).where(STATE.c.name == f"changes:{which}")).scalar() or 0)

    def published_rows(self, name: str, c=None) -> list[dict]:
        if c is None:
            with self.engine.connect() as c:
                return self.published_rows(name, c)
        t = CUR[name]
        if True:
            res = c.execute(sa.select(*[t.c[col] for col in SPECS[name].columns])
                            .where(t.c.rec_status == "published").order_by(t.c.rec_seq, t.c[SPECS[name].key]))
            return [dict(r) for r in res.mappings()]

    def export_csv(self, name: str, rows: list[dict] | None = None) -> bytes:
        return rows_to_csv(list(SPECS[name].columns), self.published_rows(name) if rows is None else rows)

    def export(self, folder: Path) -> dict[str, bool]:
        """Write the published set to ``folder``/*.csv; returns which files changed."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out = {}
        for name, path in data_files(folder).items():
            data = self.export_csv(name)
            if name in OPTIONAL_TABLES and data.count(b"\n") <= 1 and not path.exists():
                out[name] = False
                continue
            old = path.read_bytes() if path.exists() else None
            if old != data:
                tmp = path.with_suffix(".csv.tmp")
                tmp.write_bytes(data)
                os.replace(tmp, path)
            out[name] = old != data
        self._mark_release(folder)
        return out

    def contents(self, overlay_author: str | None = None) -> dict[str, bytes]:
        """CSV bytes of every table's published rows; with ``overlay_author``, that analyst's open drafts on top."""
        out = {}
        drafts = self.drafts(author=overlay_author, statuses=OPEN) if overlay_author else []
        for name in TABLES:
            rows = self.published_rows(name)
            mine = [d for d in drafts if d.table == name]
            if mine:
                key = SPECS[name].key
                pos = {r[key]: i for i, r in enumerate(rows)}
                for d in mine:
                    if d.action == "retire":
                        rows = [r for r in rows if r[key] != d.key]
                        pos = {r[key]: i for i, r in enumerate(rows)}
                    elif d.key in pos:
                        rows[pos[d.key]] = d.data
                    else:
                        rows.append(d.data)
                        pos[d.key] = len(rows) - 1
            out[name] = self.export_csv(name, rows)
        return out

    def dataset(self, folder: Path | None = None, overlay_author: str | None = None) -> Dataset:
        """The published tables as the app reads them: through the validated loader (pandera)."""
        return load_dataset(Path(folder or default_data_dir()), contents=self.contents(overlay_author))

    def record(self, name: str, key: str) -> Record | None:
        t = CUR[name]
        with self.engine.connect() as c:
            r = c.execute(sa.select(t).where(t.c[SPECS[name].key] == key)).mappings().first()
        if r is None:
            return None
        return Record(name, key, {col: r[col] or "" for col in SPECS[name].columns}, r["rec_version"], r["rec_status"])

    def _draft_from(self, r) -> Draft:
        return Draft(r["draft_id"], r["table_name"], r["row_key"], r["action"], r["base_version"], json.loads(r["data"]),
                     r["status"], r["author"], r["created_at"], r["updated_at"], r["version"], r["comment"], r["source"],
                     r["reviewer"], r["review_note"])

    def draft(self, draft_id: int) -> Draft | None:
        with self.engine.connect() as c:
            r = c.execute(sa.select(DRAFTS).where(DRAFTS.c.draft_id == draft_id)).mappings().first()
        return self._draft_from(r) if r else None

    def open_draft(self, name: str, key: str) -> Draft | None:
        with self.engine.connect() as c:
            r = c.execute(sa.select(DRAFTS).where(DRAFTS.c.table_name == name, DRAFTS.c.row_key == key,
                                                  DRAFTS.c.status.in_(OPEN))).mappings().first()
        return self._draft_from(r) if r else None

    def drafts(self, *, author: str | None = None, statuses=("draft",), table: str | None = None) -> list[Draft]:
        q = sa.select(DRAFTS).where(DRAFTS.c.status.in_(list(statuses))).order_by(DRAFTS.c.updated_at, DRAFTS.c.draft_id)
        if author:
            q = q.where(DRAFTS.c.author == author)
        if table:
            q = q.where(DRAFTS.c.table_name == table)
        with self.engine.connect() as c:
            return [self._draft_from(r) for r in c.execute(q).mappings()]

    def queue(self, who: Identity | None = None) -> list[Draft]:
        """Drafts waiting for review (all of them; :meth:`publish` refuses the author's own)."""
        return self.drafts(statuses=("draft",))

    def diff(self, d: Draft) -> dict[str, tuple[str, str]]:
        """Field -> (published, proposed) for every field the draft changes."""
        rec = self.record(d.table, d.key)
        old = rec.data if rec else {}
        if d.action == "retire":
            return {"(status)": (rec.status if rec else "", "retired")}
        return {f: (old.get(f, ""), d.data.get(f, "")) for f in SPECS[d.table].columns if old.get(f, "") != d.data.get(f, "")}

    def history(self, name: str, key: str) -> list[HistoryEntry]:
        with self.engine.connect() as c:
            res = c.execute(sa.select(HISTORY).where(HISTORY.c.table_name == name, HISTORY.c.row_key == key)
                            .order_by(HISTORY.c.at, HISTORY.c.hist_id)).mappings()
            return [self._hist(r) for r in res]

    def changes_since(self, since: str | dt.datetime | dt.date, name: str = "events",
                      actions=("publish", "import")) -> list[HistoryEntry]:
        """Published changes (publications and release imports) at or after ``since``, newest first."""
        if isinstance(since, dt.datetime):
            since = since.astimezone(dt.timezone.utc).isoformat()
        elif isinstance(since, dt.date):
            since = dt.datetime(since.year, since.month, since.day, tzinfo=dt.timezone.utc).isoformat()
        with self.engine.connect() as c:
            res = c.execute(sa.select(HISTORY).where(HISTORY.c.table_name == name, HISTORY.c.at >= since,
                                                     HISTORY.c.action.in_(list(actions)))
                            .order_by(HISTORY.c.at.desc(), HISTORY.c.hist_id.desc())).mappings()
            return [self._hist(r) for r in res]

    @staticmethod
    def _hist(r) -> HistoryEntry:
        return HistoryEntry(r["table_name"], r["row_key"], r["at"], r["who"], r["action"], json.loads(r["changes"]),
                            r["comment"], r["source"], r["draft_id"])

    # ---- validation -----------------------------------------------------------------------------

    def validate(self, name: str, row: dict, c=None) -> list[Problem]:
        """The loader's checks on one row (with the published actor codes); [] when it would load."""
        spec = SPECS[name]
        cols = list(spec.columns)
        unknown = [f for f in row if f not in spec.columns]
        problems = [Problem(f"{name}.csv", None, f, "", "unknown field") for f in unknown]
        actor_codes = [r["code"] for r in self.published_rows("actors", c)] if spec.actor_columns else None
        content = rows_to_csv(cols, [{c: _clean(row.get(c)) for c in cols}])
        t = load_table(Path(f"{name}.csv"), spec, actor_codes, content=content)
        problems += [p for p in t.problems if p.reason != "unknown column, ignored"]
        if not problems and len(t.df) != 1:
            problems.append(Problem(f"{name}.csv", None, None, "", "row could not be read"))
        return problems

    # ---- writing: drafts ------------------------------------------------------------------------

    def save_draft(self, name: str, row: dict, who: Identity, *, key: str | None = None,
                   base_version: int | None = None, draft_version: int | None = None,
                   comment: str | None = None, source: str | None = None) -> Draft:
        """Create or update the draft of one row.

        * New row: ``key=None`` (or a new explicit key for tables without numbered ids); the store
          allocates the id.  * Edit of a published row: ``key`` and the ``base_version`` read.
        * Edit of the row's open draft: also ``draft_version``.  A stale version raises
          :class:`Conflict`; an invalid row raises :class:`InvalidRow`; nothing is written then.
        """
        _require(who, "editor", "edit curated data")
        spec = SPECS[name]
        row = {c: _clean(row.get(c)) for c in spec.columns} | {f: v for f, v in row.items() if f not in spec.columns}
        if "updated_at" in spec.columns:
            row["updated_at"] = dt.datetime.now(dt.timezone.utc).date().isoformat()
        with self._tx() as c:
            t = CUR[name]
            if key is None and not row.get(spec.key):
                key = self._allocate_id(c, name)
                row[spec.key] = key
            elif key is None:
                key = row[spec.key]
                if c.execute(sa.select(t.c[spec.key]).where(t.c[spec.key] == key)).first() is not None or \
                        c.execute(sa.select(DRAFTS.c.draft_id).where(DRAFTS.c.table_name == name, DRAFTS.c.row_key == key)).first():
                    raise Conflict(f"{spec.key} {key} is already taken (ids are never reused)")
            elif row.get(spec.key) and row[spec.key] != key:
                raise InvalidRow([Problem(f"{name}.csv", None, spec.key, row[spec.key], "the id of an existing row cannot change")])
            row[spec.key] = key
            problems = self.validate(name, row, c)
            if problems:
                raise InvalidRow(problems)
            return self._write_draft(c, name, key, "update", row, who, base_version, draft_version, comment, source, new_ok=True)

    def create_draft(self, event_row: dict, who: Identity, comment: str | None = None, source: str | None = None,
                     table: str = "events") -> Draft:
        """A new DRAFT row (e.g. from an accepted article candidate): the id is allocated by the store.

        ``event_row`` maps codebook fields to text (missing fields are empty).  Raises
        :class:`InvalidRow` (per-field problems) or :class:`PermissionDenied`.  A reviewer other than
        ``who`` must publish it before it reaches any view.
        """
        row = dict(event_row)
        row.pop(SPECS[table].key, None)
        return self.save_draft(table, row, who, comment=comment, source=source)

    def retire(self, name: str, key: str, who: Identity, *, base_version: int, comment: str,
               source: str | None = None) -> Draft:
        """Propose taking a published row out of the release (the id stays reserved)."""
        _require(who, "editor", "retire curated rows")
        if not (comment or "").strip():
            raise StoreError("say why the row is retired (comment)")
        with self._tx() as c:
            rec = self._locked_record(c, name, key)
            if rec is None or rec["rec_status"] != "published":
                raise StoreError(f"{key} is not a published row")
            data = {col: rec[col] or "" for col in SPECS[name].columns}
            existing = self._open(c, name, key)
            return self._write_draft(c, name, key, "retire", data, who, base_version,
                                     existing["version"] if existing else None, comment, source, new_ok=False)

    def _locked_record(self, c, name, key):
        t = CUR[name]
        return c.execute(sa.select(t).where(t.c[SPECS[name].key] == key).with_for_update()).mappings().first()

    def _open(self, c, name, key):
        return c.execute(sa.select(DRAFTS).where(DRAFTS.c.table_name == name, DRAFTS.c.row_key == key,
                                                 DRAFTS.c.status.in_(OPEN)).with_for_update()).mappings().first()

    def _write_draft(self, c, name, key, action, row, who, base_version, draft_version, comment, source, new_ok) -> Draft:
        rec = self._locked_record(c, name, key)
        if rec is not None:
            if base_version is None:
                raise Conflict(f"{key} already exists; open it for editing first")
            if rec["rec_version"] != base_version:
                raise Conflict(f"{key} was changed and published by someone else since you opened it "
                               f"(version {base_version} → {rec['rec_version']}); your edit was not saved — review the "
                               "current version and save again")
            if action == "update" and rec["rec_status"] != "published":
                raise StoreError(f"{key} is retired; it cannot be edited")
        elif base_version is not None:
            raise Conflict(f"{key} no longer exists")
        action = action if action == "retire" else ("update" if rec is not None else "create")
        existing = self._open(c, name, key)
        now = _now()
        data = json.dumps(row, ensure_ascii=False, sort_keys=True)
        if existing is not None:
            if draft_version is None or draft_version != existing["version"]:
                raise Conflict(f"{key} has an open draft by {existing['author']} that changed since you opened it "
                               f"(draft version {draft_version or '–'} → {existing['version']}); your edit was not saved — "
                               "reload the draft and save again")
            before = json.loads(existing["data"])
            changes = {f: [before.get(f, ""), row.get(f, "")] for f in SPECS[name].columns if before.get(f, "") != row.get(f, "")}
            if existing["action"] != action:
                changes["(action)"] = [existing["action"], action]
            c.execute(sa.update(DRAFTS).where(DRAFTS.c.draft_id == existing["draft_id"]).values(
                data=data, status="draft", action=action, updated_at=now, version=existing["version"] + 1,
                comment=comment, source=source, author=existing["author"]))
            draft_id = existing["draft_id"]
        else:
            if draft_version is not None:
                raise Conflict(f"the draft of {key} you were editing was published, rejected or withdrawn meanwhile; "
                               "your edit was not saved — reload and save again")
            before = {col: rec[col] or "" for col in SPECS[name].columns} if rec is not None else {}
            changes = {f: [before.get(f, "") or None, row.get(f, "")] for f in SPECS[name].columns if before.get(f, "") != row.get(f, "")}
            if action == "retire":
                changes = {"(status)": ["published", "retired"]}
            res = c.execute(sa.insert(DRAFTS).values(
                table_name=name, row_key=key, action=action, base_version=rec["rec_version"] if rec is not None else None,
                data=data, status="draft", author=who.name, created_at=now, updated_at=now, version=1,
                comment=comment, source=source))
            draft_id = res.inserted_primary_key[0]
        self._log(c, name, key, who, "draft_" + action, changes, comment, source, draft_id, now)
        self._bump(c, "drafts")
        return self._draft_from(c.execute(sa.select(DRAFTS).where(DRAFTS.c.draft_id == draft_id)).mappings().first())

    # ---- writing: review ------------------------------------------------------------------------

    def _review_target(self, c, draft_id: int, who: Identity, draft_version: int, verb: str):
        _require(who, "reviewer", f"{verb} drafts")
        d = c.execute(sa.select(DRAFTS).where(DRAFTS.c.draft_id == draft_id).with_for_update()).mappings().first()
        if d is None:
            raise StoreError(f"draft {draft_id} does not exist")
        if d["status"] != "draft":
            raise Conflict(f"draft {draft_id} is no longer waiting for review (it is {d['status']})")
        if d["version"] != draft_version:
            raise Conflict(f"draft {draft_id} was edited since you opened it (version {draft_version} → {d['version']}); "
                           "review the new version")
        if d["author"] == who.name:
            raise PermissionDenied(f"{who.name} wrote this draft; a different reviewer must {verb} it")
        return d

    def publish(self, draft_id: int, who: Identity, *, draft_version: int, comment: str | None = None) -> Record:
        """Make a draft the published row (one transaction: row, draft status, history, counter)."""
        with self._tx() as c:
            d = self._review_target(c, draft_id, who, draft_version, "publish")
            name, key = d["table_name"], d["row_key"]
            t, kcol = CUR[name], SPECS[name].key
            rec = self._locked_record(c, name, key)
            if (rec["rec_version"] if rec is not None else None) != d["base_version"]:
                raise Conflict(f"{key} changed since this draft was written; send it back so the author can rebase it")
            data = json.loads(d["data"])
            if d["action"] != "retire":
                problems = self.validate(name, data, c)
                if problems:
                    raise InvalidRow(problems)
            before = {col: rec[col] or "" for col in SPECS[name].columns} if rec is not None else {}
            if d["action"] == "retire":
                changes = {"(status)": ["published", "retired"]}
                c.execute(sa.update(t).where(t.c[kcol] == key).values(rec_status="retired", rec_version=rec["rec_version"] + 1))
                version, status = rec["rec_version"] + 1, "retired"
            elif rec is None:
                seq = (c.execute(sa.select(sa.func.max(t.c.rec_seq))).scalar() or 0) + 1
                c.execute(sa.insert(t).values(**{col: data.get(col, "") for col in SPECS[name].columns},
                                              rec_seq=seq, rec_status="published", rec_version=1))
                changes = {f: [None, v] for f, v in data.items() if v and f in SPECS[name].columns}
                version, status = 1, "published"
            else:
                changes = {f: [before.get(f, ""), data.get(f, "")] for f in SPECS[name].columns if before.get(f, "") != data.get(f, "")}
                c.execute(sa.update(t).where(t.c[kcol] == key).values(**{col: data.get(col, "") for col in SPECS[name].columns},
                                                                       rec_version=rec["rec_version"] + 1))
                version, status = rec["rec_version"] + 1, "published"
            now = _now()
            c.execute(sa.update(DRAFTS).where(DRAFTS.c.draft_id == draft_id).values(
                status="published", reviewer=who.name, review_note=comment, updated_at=now, version=d["version"] + 1))
            note = f"{d['comment'] or ''}" + (f" — review: {comment}" if comment else "")
            self._log(c, name, key, who, "publish", changes, note.strip(" —") or None, d["source"], draft_id, now)
            self._bump(c, "published")
            self._bump(c, "drafts")
            return Record(name, key, data if d["action"] != "retire" else before, version, status)

    def send_back(self, draft_id: int, who: Identity, *, draft_version: int, comment: str) -> Draft:
        if not (comment or "").strip():
            raise StoreError("say what the author should change (comment)")
        return self._close(draft_id, who, draft_version, comment, "sent_back", "send back")

    def reject(self, draft_id: int, who: Identity, *, draft_version: int, comment: str | None = None) -> Draft:
        return self._close(draft_id, who, draft_version, comment, "rejected", "reject")

    def _close(self, draft_id, who, draft_version, comment, status, verb) -> Draft:
        with self._tx() as c:
            d = self._review_target(c, draft_id, who, draft_version, verb)
            now = _now()
            c.execute(sa.update(DRAFTS).where(DRAFTS.c.draft_id == draft_id).values(
                status=status, reviewer=who.name, review_note=comment, updated_at=now, version=d["version"] + 1))
            self._log(c, d["table_name"], d["row_key"], who, status, {}, comment, d["source"], draft_id, now)
            self._bump(c, "drafts")
            return self._draft_from(c.execute(sa.select(DRAFTS).where(DRAFTS.c.draft_id == draft_id)).mappings().first())


def _clean(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v != v:
        return ""
    return str(v).strip()


# ------------------------------------------------------------------------------------------ opening

_stores: dict[str, Store] = {}
_lock = threading.Lock()


def open_store(url: str | None = None, seed_from: Path | None = None) -> Store:
    """The store at ``url`` (default :func:`resolve_url`), migrated and seeded on first use; one per URL."""
    url = url or resolve_url()
    with _lock:
        s = _stores.get(url)
        if s is None:
            try:
                s = Store(url)
                s.migrate()
                s.seed(seed_from)
            except sa.exc.OperationalError as err:
                raise Unavailable(f"the curation database cannot be reached ({_redact(url)}): {err.orig}") from err
            _stores[url] = s
        return s


def _redact(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database>"


def fingerprint_files(folder: Path) -> str:
    h = hashlib.sha256()
    for name, p in sorted(data_files(folder).items()):
        h.update(name.encode())
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()
