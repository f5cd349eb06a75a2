"""One validated path from the curated CSV files to typed DataFrames.

Bad input never stops the load: every rejected row is reported as a :class:`Problem` with file,
line, column and reason, and every valid row is kept.  Nothing here caches or touches Streamlit;
``syriawatch.ui`` wraps :func:`load_dataset` in a cache keyed on the files' contents.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import DATA_DIR, vocab
from .schema import OPTIONAL_TABLES, SPECS, TableSpec
from .search import search_column

LINE = "_line"  # file line number of each row (header = line 1), kept for error reports
MAX_FIELD = 1_000_000  # characters in one cell; Python's csv default (131,072) would abort the whole file
csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None        # None for problems with the whole file
    column: str | None
    value: str
    reason: str

    def as_text(self) -> str:
        where = f"{self.file}" + (f", line {self.line}" if self.line else "") + (f", column {self.column}" if self.column else "")
        val = f" (value: {self.value!r})" if self.value else ""
        return f"{where}: {self.reason}{val}"


@dataclass
class Table:
    name: str
    path: Path
    df: pd.DataFrame
    problems: list[Problem]
    rows_read: int

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - len(self.df)


@dataclass
class Dataset:
    events: pd.DataFrame
    actors: pd.DataFrame
    sites: pd.DataFrame
    control: pd.DataFrame = field(default_factory=pd.DataFrame)
    lines: pd.DataFrame = field(default_factory=pd.DataFrame)
    bands: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return [p for t in self.tables.values() for p in t.problems]


class _Lines:
    """A rewindable line iterator, so a row with an unbalanced quote can be skipped alone."""

    def __init__(self, lines: list[str]):
        self.lines, self.pos = lines, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _decode(raw: bytes, fname: str, problems: list[Problem]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(Problem(fname, line, None, "", "file is not valid UTF-8; read as Windows-1256 (Arabic) instead — "
                                "check the characters and save as UTF-8"))
        return raw.decode("cp1256", errors="replace")


def _read_rows(path: Path, spec: TableSpec, problems: list[Problem], raw: bytes | None = None) -> tuple[pd.DataFrame, int]:
    """Read raw strings with line numbers; report structural problems (column count, missing columns)."""
    fname = path.name
    text = _decode(path.read_bytes() if raw is None else raw, fname, problems)
    feed = _Lines(text.splitlines(keepends=True))
    reader = csv.reader(feed, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(fname, None, None, "", "file is empty (no header row)"))
        return pd.DataFrame(columns=[*spec.columns, LINE]), 0
    header = [h.strip() for h in header]
    missing = [c for c in spec.columns if c not in header]
    extra = [h for h in header if h not in spec.columns]
    for c in extra:
        problems.append(Problem(fname, 1, c, "", "unknown column, ignored"))
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.append(Problem(fname, 1, h, "", "column appears twice; the first one is used"))
        seen.add(h)
    records, read = [], 0
    while True:
        start = feed.pos  # 0-based index of the record's first physical line
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:  # e.g. a cell longer than MAX_FIELD: skip this line, keep reading
            read += 1
            problems.append(Problem(fname, start + 1, None, "", f"row could not be read ({err}); row skipped"))
            feed.pos = start + 1
            continue
        line = start + 1
        if not fields or all(not f.strip() for f in fields):
            continue  # blank line
        read += 1
        if len(fields) != len(header):
            if feed.pos - start > 1:
                # An unbalanced quote swallowed the following lines: skip only this line and re-read the rest.
                feed.pos = start + 1
                problems.append(Problem(fname, line, None, "", "unbalanced quote (\") in this row; row skipped"))
            else:
                problems.append(Problem(fname, line, None, "", f"row has {len(fields)} fields, header has {len(header)} (stray comma?); row skipped"))
            continue
        rec = {}
        for h, v in zip(header, fields):
            if h in spec.columns and h not in rec:
                if "\x00" in v:  # invisible in every view and in a spreadsheet: say so, keep the rest of the text
                    problems.append(Problem(fname, line, h, "", "contains NUL bytes (\\x00); they were removed"))
                    v = v.replace("\x00", "")
                rec[h] = v.strip()
        rec[LINE] = line
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=[*spec.columns, LINE])
    if not read:
        problems.append(Problem(fname, None, None, "", "file has a header but no data rows: nothing loaded from it"))
    for c in missing:
        required = spec.columns[c].required
        problems.append(Problem(fname, 1, c, "", "required column is missing" if required else "optional column is missing; left empty"))
    return df, read


def _parse_types(df: pd.DataFrame, spec: TableSpec, fname: str, problems: list[Problem]) -> tuple[pd.DataFrame, set]:
    """Turn strings into typed columns; a value that does not parse rejects its row."""
    bad: set = set()
    out = pd.DataFrame(index=df.index)
    out[LINE] = df[LINE].astype("int64")
    for name, col in spec.columns.items():
        s = df[name].astype("string").str.strip().replace("", pd.NA)
        if col.kind == "str":
            # Our own CSV exports prefix formula-like text with a quote (textsafe.neutralise_cell): undo it.
            out[name] = s.str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)
            continue
        if col.kind == "date":
            parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
            what = "not a date in YYYY-MM-DD form"
        else:
            parsed = pd.to_numeric(s, errors="coerce")
            what = "not a number"
            if col.kind == "int":
                frac = parsed.notna() & (parsed != parsed.round())
                for idx in parsed.index[frac]:
                    problems.append(Problem(fname, int(df.at[idx, LINE]), name, str(s[idx]), "not a whole number"))
                    bad.add(idx)
                parsed = parsed.where(~frac).astype("Int64")
            else:
                parsed = parsed.astype("Float64")
        failed = s.notna() & parsed.isna()
        for idx in s.index[failed]:
            problems.append(Problem(fname, int(df.at[idx, LINE]), name, str(s[idx]), what))
            bad.add(idx)
        out[name] = parsed
    return out, bad


def _validate(df: pd.DataFrame, spec: TableSpec, fname: str, problems: list[Problem], actor_codes) -> set:
    """Run the pandera schema lazily and turn its failure cases into problems; return rejected index labels."""
    bad: set = set()
    try:
        spec.schema(actor_codes).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        seen: set = set()
        for rec in err.failure_cases.to_dict("records"):
            idx = rec.get("index")
            if idx is None or pd.isna(idx):
                continue
            idx = int(idx)
            check = str(rec.get("check"))
            if rec.get("schema_context") == "DataFrameSchema":  # a row-level check spanning columns
                col, value = None, ""
            else:
                col, value = rec.get("column"), rec.get("failure_case")
                value = "" if value is None or pd.isna(value) else str(value)
            if (idx, col, check) in seen:
                continue
            seen.add((idx, col, check))
            reason = "value is required" if check == "not_nullable" else check
            problems.append(Problem(fname, int(df.at[idx, LINE]), col, value, reason))
            bad.add(idx)
    return bad


def load_table(path: Path, spec: TableSpec, actor_codes: list[str] | None = None, content: bytes | None = None) -> Table:
    """Load one curated table: parse, validate, keep the valid rows, report the others.

    ``content`` is the file's bytes when they come from elsewhere (the curation store exports the
    published rows as CSV text and loads them through this same path); ``path`` then only names it.
    """
    problems: list[Problem] = []
    fname = path.name
    if content is None and not path.exists():
        problems.append(Problem(fname, None, None, "", "file not found"))
        return Table(spec.name, path, pd.DataFrame(columns=[*spec.columns, LINE]), problems, 0)
    raw, read = _read_rows(path, spec, problems, content)
    missing_required = [c for c, col in spec.columns.items() if col.required and raw[c].isna().all() and len(raw)]
    typed, bad = _parse_types(raw, spec, fname, problems)
    if any(p.reason == "required column is missing" for p in problems):
        problems.append(Problem(fname, None, None, "", f"no row can be loaded without the required column(s): {', '.join(missing_required)}"))
        return Table(spec.name, path, typed.iloc[0:0], problems, read)
    bad |= _validate(typed, spec, fname, problems, actor_codes)
    # Duplicate keys: keep the first occurrence, reject later ones with a pointer to the first.
    first_line: dict[str, int] = {}
    for idx, key, line in zip(typed.index, typed[spec.key], typed[LINE]):
        if pd.isna(key) or idx in bad:
            continue
        if key in first_line:
            problems.append(Problem(fname, int(line), spec.key, str(key), f"duplicate {spec.key}: first used on line {first_line[key]}; this row skipped"))
            bad.add(idx)
        else:
            first_line[key] = int(line)
    good = typed.drop(index=list(bad)).reset_index(drop=True)
    problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    return Table(spec.name, path, good, problems, read)


def _derive_events(events: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    side_of = dict(zip(actors["code"], actors["side"]))
    actor_cols = ["actor1", "actor2", "assoc_actor_1", "assoc_actor_2"]
    ev = events.copy()
    ev["actors"] = [tuple(a for a in row if isinstance(a, str)) for row in ev[actor_cols].itertuples(index=False)]
    ev["sides"] = [tuple(dict.fromkeys(side_of.get(a, "un_other") for a in acts)) for acts in ev["actors"]]
    ev["actors_key"] = ["|" + "|".join(a) + "|" for a in ev["actors"]]
    ev["sides_key"] = ["|" + "|".join(a) + "|" for a in ev["sides"]]
    names = {c: [en, ar] for c, en, ar in zip(actors["code"], actors["name_en"], actors["name_ar"])}
    ev["search_text"] = search_column(ev, names) if len(ev) else pd.Series(dtype="string")
    ev["n_sources"] = ev["source_url"].notna().astype(int) + ev["source2_url"].notna().astype(int)
    ev["fatalities"] = ev["fatalities"].fillna(0)
    ev["category"] = pd.Categorical(ev["category"], categories=list(vocab.CATEGORIES))
    return ev.sort_values(["event_date", "event_id"]).reset_index(drop=True)


def _derive_sites(sites: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    side_of = dict(zip(actors["code"], actors["side"]))
    st_ = sites.copy()
    st_["side"] = st_["operator"].map(side_of).fillna("un_other")
    return st_.sort_values(["site_key", "established"]).reset_index(drop=True)


def data_files(data_dir: Path = DATA_DIR) -> dict[str, Path]:
    return {name: data_dir / f"{name}.csv" for name in SPECS}


def fingerprint(data_dir: Path = DATA_DIR) -> str:
    """Content hash of the curated files: the cache key, so an edited file is reloaded."""
    h = hashlib.sha256()
    for name, p in sorted(data_files(data_dir).items()):
        h.update(name.encode())
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def load_dataset(data_dir: Path = DATA_DIR, contents: dict[str, bytes] | None = None) -> Dataset:
    """Load every curated table from ``data_dir``, or from ``contents`` (table name -> CSV bytes)."""
    files = data_files(data_dir)
    got = (lambda n: contents.get(n)) if contents is not None else (lambda n: None)
    actors_t = load_table(files["actors"], SPECS["actors"], content=got("actors"))
    codes = actors_t.df["code"].tolist()
    events_t = load_table(files["events"], SPECS["events"], codes, content=got("events"))
    sites_t = load_table(files["sites"], SPECS["sites"], codes, content=got("sites"))
    tables = {"actors": actors_t, "events": events_t, "sites": sites_t}
    for name in OPTIONAL_TABLES:
        if (got(name) is not None) if contents is not None else files[name].exists():
            tables[name] = load_table(files[name], SPECS[name], content=got(name))
    empty = {n: pd.DataFrame(columns=[*SPECS[n].columns, LINE]) for n in OPTIONAL_TABLES}
    return Dataset(
        events=_derive_events(events_t.df, actors_t.df),
        actors=actors_t.df.reset_index(drop=True),
        sites=_derive_sites(sites_t.df, actors_t.df),
        control=tables["control"].df if "control" in tables else empty["control"],
        lines=tables["lines"].df if "lines" in tables else empty["lines"],
        bands=tables["context_bands"].df if "context_bands" in tables else empty["context_bands"],
        tables=tables,
    )
