"""The one filter state shared by every view, with each filter declared once as a row.

Filters are data (a frozen dataclass); an empty selection means "no restriction".  In the spirit of
datasette's filters.py, every filter is one row of :data:`FILTERS` saying, in one place: which field
of :class:`Filters` it holds, its URL parameter(s), its choices, how it applies to events and to sites,
how it reads in the one-sentence description, and which sidebar widget shows it.  Applying, describing,
the URL round trip (:func:`to_query` / :func:`from_query`), the URL-bound session state
(:data:`GROUP`, see :mod:`syriawatch.viewstate`) and the sidebar (:mod:`syriawatch.ui_sidebar`) are
loops over these rows.

Adding a filter: a field on :class:`Filters`, one row in :data:`FILTERS` (and its test row).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

from . import i18n, search, viewstate, vocab
from .i18n import N_, _

CONF_ORDER = list(vocab.CONFIDENCE)  # strongest first
DEFAULT_CONF = CONF_ORDER[-1]        # "disputed" = every grade included
SCOPE_START = vocab.SCOPE_START
VERIFICATION_LEVELS = {"any": N_("Any sourcing"), "read": N_("Source read by the curator"),
                       "two": N_("Two independent sources only")}


def today() -> dt.date:
    return dt.date.today()


@dataclass(frozen=True)
class Filters:
    sides: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    governorates: tuple[str, ...] = ()
    min_confidence: str = DEFAULT_CONF
    query: str = ""  # free text, English or Arabic (see syriawatch.search)
    verification: str = "any"  # any / read (source read) / two (read, and two independent sources)

    def with_(self, **kw) -> "Filters":
        return replace(self, **kw)


@dataclass
class Parsed:
    filters: Filters
    ignored: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------ masks and words

def _conf_mask(conf: pd.Series, minimum: str) -> pd.Series:
    floor = vocab.CONFIDENCE_RANK.get(minimum, 0)
    return conf.isin([c for c, r in vocab.CONFIDENCE_RANK.items() if r >= floor])


def _any_in(events: pd.DataFrame, column: str, wanted: Iterable[str]) -> pd.Series:
    """Rows whose tuple column (actors or sides) contains any wanted code.

    Uses the '|a|b|' key column built at load time when present: a vectorised string search is
    ~10x faster than testing Python tuples at ACLED scale.
    """
    wanted = list(wanted)
    key = f"{column}_key"
    if key in events.columns:
        pattern = "|".join(re.escape(f"|{w}|") for w in wanted)
        return events[key].str.contains(pattern, regex=True).fillna(False).astype(bool)
    wanted_set = set(wanted)
    return events[column].map(lambda vs: bool(wanted_set.intersection(vs)))


def _in(column: str) -> Callable[[pd.DataFrame, Any], pd.Series]:
    return lambda df, v: df[column].isin(v).fillna(False).astype(bool)


def _verified(df: pd.DataFrame, level: str) -> pd.Series:
    """Source read by the curator; for "two", with a second, independent source cited as well."""
    m = df["verification"] == "source_read"
    if level == "two":
        m &= df["source_url"].notna() & df["source2_url"].notna()
    return m


def _join(words: list[str], conj: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    head = _(", ").join(words[:-1])
    return (_("{items} and {last}") if conj == "and" else _("{items} or {last}")).format(items=head, last=words[-1])


def _month(d: dt.date) -> str:
    return i18n.date(d, "month")


def _lower(label: str) -> str:
    return label.lower() if i18n.lang() == "en" else label


def _describe_categories(f: "Filters", _env) -> str:
    if not f.categories:
        return _("all categories")
    labels = [i18n.term(vocab.CATEGORIES[c]) for c in f.categories if c in vocab.CATEGORIES]
    if i18n.lang() == "en":  # "military incidents, …" reads as a list in English; acronyms stay as they are
        labels = [lab if lab.startswith("UN ") else lab.lower() for lab in labels]
    return _join(labels, "or")


def _describe_dates(f: "Filters", env) -> str | None:
    bounds = env.get("bounds")
    start = f.start or (bounds[0] if bounds else None)
    end = f.end or (bounds[1] if bounds else None)
    if start and end:
        return f"{_month(start)}–{_month(end)}" if _month(start) != _month(end) else _month(start)
    if start:
        return _("from {month}").format(month=_month(start))
    if end:
        return _("until {month}").format(month=_month(end))
    return None


def _describe_conf(f: "Filters", _env) -> str | None:
    if f.min_confidence == DEFAULT_CONF:
        return None
    label = _lower(i18n.term(vocab.CONFIDENCE[f.min_confidence]))
    return (_("{grade} only").format(grade=label) if f.min_confidence == CONF_ORDER[0]
            else _("{grade} or better").format(grade=label))


def _describe_verification(f: "Filters", _env) -> str | None:
    return {"read": _("source read by the curator"), "two": _("confirmed by two independent sources")}.get(f.verification)


# ------------------------------------------------------------------------------------------ rows

@dataclass(frozen=True)
class Filter:
    """One filter, declared once.

    ``kind`` is its widget and URL form: "multi" (a list of codes, URL values repeated or comma-separated),
    "one" (one of ``choices``), "text" (free text) or "dates" (the date range: ``from``/``to``).
    ``choices(env)`` gives the allowed codes (env["actors"]: the data's actor codes); ``url_of``/``code_of``
    translate a code to and from its URL form (governorates travel as ISO codes).  ``events``/``sites``
    give the boolean mask of rows passing an active value (None: does not apply to that table).
    ``describe(f, env)`` is its part of the sentence (None: says nothing).
    """

    name: str                       # field of Filters
    key: str                        # session / widget key
    param: str                      # URL parameter (the date range: "from" and "to")
    label: str                      # widget label (N_)
    noun: str                       # names a value of the link that was ignored (N_)
    kind: str
    sentence: int                   # position in the description sentence
    default: Any = ()
    choices: Callable[[Mapping], Iterable[str]] | None = None
    events: Callable[[pd.DataFrame, Any], pd.Series] | None = None
    sites: Callable[[pd.DataFrame, Any], pd.Series] | None = None
    describe: Callable[["Filters", Mapping], str | None] = lambda f, env: None
    url_of: Callable[[str], str] = str
    code_of: Callable[[str], str] = str
    option_label: Callable[[str, Mapping], str] | None = None   # how a choice reads in the widget (translated)
    placeholder: str = ""
    help: str = ""

    @property
    def params(self) -> tuple[str, ...]:
        return ("from", "to") if self.kind == "dates" else (self.param,)

    def value(self, f: Filters):
        return (f.start, f.end) if self.kind == "dates" else getattr(f, self.name)

    def active(self, f: Filters) -> bool:
        return self.value(f) != ((None, None) if self.kind == "dates" else self.default)

    # URL ------------------------------------------------------------------------------------------
    def dump(self, f: Filters) -> dict[str, list[str] | str]:
        v = self.value(f)
        if not self.active(f):
            return {}
        if self.kind == "dates":
            return {k: d.isoformat() for k, d in zip(("from", "to"), v) if d}
        if self.kind == "multi":
            return {self.param: [self.url_of(x) for x in v]}
        return {self.param: v.strip() if self.kind == "text" else v}

    def parse(self, params: Mapping, env: Mapping, ignored: list[str]) -> dict:
        """Filters keyword arguments from the link; bad values appended to ``ignored``, never raised."""
        if self.kind == "dates":
            start = _date(params, "from", _("start date"), ignored)
            end = _date(params, "to", _("end date"), ignored)
            if start and end and start > end:
                ignored.append(_("date range {start}–{end} (start after end)").format(start=start, end=end))
                start = end = None
            return {"start": start, "end": end}
        if self.kind == "text":
            qv = params.get(self.param, "")
            text = qv[-1] if isinstance(qv, (list, tuple)) and qv else qv if isinstance(qv, str) else ""
            return {self.name: " ".join(str(text).split())[:200]}
        allowed = set(self.choices(env))
        if self.kind == "one":
            vals = _values(params, self.param)
            if not vals:
                return {}
            if vals[-1] in allowed:
                return {self.name: vals[-1]}
            ignored.append(f"{_(self.noun)} “{vals[-1][:40]}”")
            return {}
        keep: list[str] = []
        for raw in _values(params, self.param):
            code = self.code_of(raw)
            if raw in {self.url_of(c) for c in allowed} and code not in keep:
                keep.append(code)
            else:
                ignored.append(f"{_(self.noun)} “{raw[:40]}”")
        return {self.name: tuple(keep)}

    # session (widget values) ----------------------------------------------------------------------
    def widget_default(self, env: Mapping):
        if self.kind == "dates":
            return (SCOPE_START, env.get("today") or today())
        return list(self.default) if self.kind == "multi" else self.default

    def to_widget(self, f: Filters, env: Mapping, ignored: list[str] | None = None):
        """The widget value for a filter state; dates are clamped into the data's scope (with a notice)."""
        if self.kind == "dates":
            day = env.get("today") or today()
            if ignored is not None and f.start and f.start < SCOPE_START:
                ignored.append(_("start date {date} (before the data's scope, {scope})").format(date=f.start, scope=SCOPE_START))
            if ignored is not None and f.end and f.end > day:
                ignored.append(_("end date {date} (in the future)").format(date=f.end))
            start = min(max(f.start or SCOPE_START, SCOPE_START), day)
            return (start, max(min(f.end or day, day), start))
        v = self.value(f)
        return list(v) if self.kind == "multi" else v

    def from_widget(self, v, env: Mapping) -> dict:
        """Filters keyword arguments from a widget value (a date range at the scope's edges means none)."""
        if self.kind == "dates":
            dates = tuple(v or ())
            start = dates[0] if len(dates) >= 1 else None
            end = dates[1] if len(dates) == 2 else None
            return {"start": None if start in (None, SCOPE_START) else start,
                    "end": None if end in (None, env.get("today") or today()) else end}
        if self.kind == "multi":
            return {self.name: tuple(v or ())}
        if self.kind == "text":
            return {self.name: " ".join(str(v or "").split())[:200]}
        return {self.name: self.default if v is None else v}


def _iso(g: str) -> str:
    return ISO_OF.get(g, g)


ISO_OF = {name: iso for iso, name in vocab.GOVERNORATES.items()}

# Sidebar order; ``sentence`` orders the description.
FILTERS: tuple[Filter, ...] = (
    Filter("query", "f_q", "q", N_("Search (English or Arabic)"), N_("search"), "text", 6, default="",
           events=lambda df, v: search.matches(df["search_text"], v) if "search_text" in df.columns else pd.Series(True, index=df.index),
           describe=lambda f, env: _("matching “{text}”").format(text=f.query.strip()[:60]) if f.query.strip() else None,
           placeholder=N_("e.g. Tanf, الحسكة, collision"),
           help=N_("Titles, notes, places, sources and actor names; Arabic spelling variants are matched.")),
    Filter("sides", "f_sides", "side", N_("Sides"), N_("side"), "multi", 1, choices=lambda env: vocab.SIDES,
           events=lambda df, v: _any_in(df, "sides", v), sites=lambda df, v: df["side"].isin(v),
           describe=lambda f, env: _join([i18n.term(vocab.SIDES[s]) for s in f.sides if s in vocab.SIDES]) if f.sides else None,
           option_label=lambda c, env: i18n.term(vocab.SIDES[c]), placeholder=N_("All sides"),
           help=N_("An event matches if any of its actors belongs to a chosen side.")),
    Filter("actors", "f_actors", "actor", N_("Actors"), N_("actor"), "multi", 2, choices=lambda env: env.get("actors", ()),
           events=lambda df, v: _any_in(df, "actors", v), sites=lambda df, v: df["operator"].isin(v),
           describe=lambda f, env: (_("involving {actors}").format(actors=_join([env.get("names", {}).get(a, a) for a in f.actors], "or"))
                                    if f.actors else None if f.sides else _("All actors")),
           option_label=lambda c, env: env.get("names", {}).get(c, c), placeholder=N_("All actors")),
    Filter("categories", "f_cats", "cat", N_("Categories"), N_("category"), "multi", 3, choices=lambda env: vocab.CATEGORIES,
           events=lambda df, v: df["category"].isin(v), describe=_describe_categories,
           option_label=lambda c, env: i18n.term(vocab.CATEGORIES[c]), placeholder=N_("All categories")),
    Filter("dates", "f_dates", "from", N_("Date range"), N_("date"), "dates", 4, default=(None, None),
           events=lambda df, v: ((df["event_date"] >= pd.Timestamp(v[0])) if v[0] else True)
           & ((df["event_date"] <= pd.Timestamp(v[1])) if v[1] else True),
           sites=lambda df, v: ((df["established"].isna() | (df["established"] <= pd.Timestamp(v[1]))) if v[1] else True)
           & ((df["vacated"].isna() | (df["vacated"] >= pd.Timestamp(v[0]))) if v[0] else True),
           describe=_describe_dates),
    Filter("governorates", "f_govs", "gov", N_("Governorates"), N_("governorate"), "multi", 5,
           choices=lambda env: vocab.GOVERNORATE_NAMES, events=_in("admin1"), sites=_in("admin1"),
           describe=lambda f, env: _("in {places}").format(places=_join([i18n.governorate(g) for g in f.governorates], "or"))
           if f.governorates else None,
           url_of=_iso, code_of=lambda iso: vocab.GOVERNORATES.get(iso, iso),
           option_label=lambda c, env: i18n.governorate(c), placeholder=N_("All governorates"),
           help=N_("Events outside Syria (e.g. talks in Geneva) have no governorate and drop out when this is set.")),
    Filter("min_confidence", "f_conf", "conf", N_("Minimum confidence"), N_("confidence"), "one", 7, default=DEFAULT_CONF,
           choices=lambda env: list(reversed(CONF_ORDER)),   # disputed (= all) … confirmed
           events=lambda df, v: _conf_mask(df["confidence"], v), sites=lambda df, v: _conf_mask(df["confidence"], v),
           describe=_describe_conf, option_label=lambda c, env: _(CONF_LABELS[c]), placeholder=N_("Choose an option")),
    Filter("verification", "f_verif", "verif", N_("Sourcing"), N_("sourcing"), "one", 8, default="any",
           choices=lambda env: VERIFICATION_LEVELS, events=_verified, sites=_verified, describe=_describe_verification,
           option_label=lambda c, env: _(VERIFICATION_LEVELS[c]), placeholder=N_("Choose an option"),
           help=N_("“Two independent sources”: the curator read the cited page, and a second, independent source "
                   "reports the same fact.")),
)
CONF_LABELS = {"disputed": N_("All grades"), "possible": N_("Possible or better"), "probable": N_("Probable or better"),
               "confirmed": N_("Confirmed only")}
BY_NAME = {r.name: r for r in FILTERS}
PARAMS = tuple(p for r in FILTERS for p in r.params)


# ------------------------------------------------------------------------------------- apply, describe

def _apply(df: pd.DataFrame, f: Filters, table: str) -> pd.DataFrame:
    m = pd.Series(True, index=df.index)
    for row in FILTERS:
        how = getattr(row, table)
        if how is not None and row.active(f):
            m &= how(df, row.value(f))
    return df[m]


def apply_events(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Rows of the events table that pass every active filter."""
    return _apply(events, f, "events")


def apply_sites(sites: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Sites whose operator passes the actor/side filters and that were active at some time in the range."""
    return _apply(sites, f, "sites")


def describe(f: Filters, actor_names: Mapping[str, str] | None = None,
             bounds: tuple[dt.date, dt.date] | None = None) -> str:
    """The filter state as one sentence, e.g. "US & coalition and Russia, military incidents, Mar 2020–Mar 2021".

    In the current interface language (see syriawatch.i18n).
    """
    env = {"names": actor_names or {}, "bounds": bounds}
    parts = [row.describe(f, env) for row in sorted(FILTERS, key=lambda r: r.sentence)]
    return _(", ").join(p for p in parts if p)


# ------------------------------------------------------------------------------------------ URL

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_query(f: Filters) -> dict[str, list[str] | str]:
    """Query parameters for a filter state; defaults are left out so links stay short."""
    q: dict[str, list[str] | str] = {}
    for row in FILTERS:
        q.update(row.dump(f))
    return q


def _values(params: Mapping, key: str) -> list[str]:
    v = params.get(key, [])
    if isinstance(v, str):
        v = [v]
    out = []
    for item in v:
        out.extend(x for x in str(item).split(",") if x != "")
    return out


def _date(params, key, label, ignored) -> dt.date | None:
    vals = _values(params, key)
    if not vals:
        return None
    v = vals[-1]
    if DATE_RE.match(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    ignored.append(f"{label} “{v[:40]}”")
    return None


def from_query(params: Mapping, actor_codes: Iterable[str]) -> Parsed:
    """Filters from query parameters.  Unknown or malformed values are dropped and listed, never raised."""
    ignored: list[str] = []
    env = {"actors": set(actor_codes)}
    kw: dict = {}
    for row in FILTERS:
        kw.update(row.parse(params, env, ignored))
    return Parsed(Filters(**kw), ignored)


# ------------------------------------------------------------------------------ URL-bound session state

def _field(row: Filter) -> viewstate.Field:
    def parse(raw, env):
        notes: list[str] = []
        kw = row.parse(raw, env, notes)
        return {row.key: row.to_widget(Filters(**kw), env, notes)}, notes

    def dump(values, env):
        if row.key not in values:
            return {}
        q = row.dump(Filters(**row.from_widget(values[row.key], env)))
        return {k: v if isinstance(v, list) else [v] for k, v in q.items()}

    return viewstate.Field((row.key,), row.params, parse, dump, lambda env: {row.key: row.widget_default(env)})


GROUP = viewstate.register(viewstate.Group("filters", tuple(_field(r) for r in FILTERS)))


def from_session(values: Mapping, env: Mapping | None = None) -> Filters:
    """The filter state held by the sidebar widgets (session values by key)."""
    env = env or {}
    kw: dict = {}
    for row in FILTERS:
        kw.update(row.from_widget(values.get(row.key, row.widget_default(env)), env))
    return Filters(**kw)
