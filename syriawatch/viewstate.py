"""URL-bound view state declared as data: what each piece is called in the session and in the link.

A :class:`Field` names the session keys it fills (usually one widget key), the URL parameters it owns,
how to read them (``parse``), how to write them (``dump``), its default, and — through ``parse`` — what
a malformed value tells the user.  Fields are grouped per concern (:class:`Group`: the language, the
shared filters, the map, the timeline settings, the briefing's "since", the context switch, the
selected event).  Pure: nothing here imports Streamlit.  The one Streamlit binding is
:mod:`syriawatch.ui_state` (load a group from the URL once, write it back, reset it, forget all).

Adding a piece of view state is one ``Field`` in its group (or one new ``Group`` added to ``GROUPS``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, MutableMapping

from .i18n import N_, _

Params = Mapping[str, list[str]]


def notice(label: str, raw: str) -> str:
    """The user-facing line for a value of the link that was ignored: “category “nonsense””."""
    return f"{_(label)} “{str(raw)[:40]}”"


@dataclass(frozen=True)
class Field:
    """One piece of view state.

    ``parse(raw, env)`` gets ``{param: [values]}`` for the URL parameters it owns that are present in
    the link (never called when none is) and returns ``({session key: value}, [notices])``; it never
    raises.  ``dump(values, env)`` returns the parameters for ``{session key: value}``, leaving defaults out.
    ``default(env)`` gives ``{session key: value}``.  ``env`` carries what parsing depends on (the
    actor codes of the data, today's date).
    """

    keys: tuple[str, ...]
    params: tuple[str, ...]
    parse: Callable[[Params, Mapping], tuple[dict, list[str]]]
    dump: Callable[[Mapping, Mapping], dict[str, list[str]]]
    default: Callable[[Mapping], dict]


def scalar(key: str, param: str, label: str, *, parse: Callable[[str, Mapping], Any],
           dump: Callable[[Any], str] = str, default: Any = None, always: bool = False) -> Field:
    """A field of one session key and one URL parameter holding one value.

    ``parse(text, env)`` returns the value or raises ValueError (the value is then ignored with a notice
    naming ``label``).  ``default`` is a value or ``callable(env)``; it is left out of the URL unless
    ``always``.
    """
    def default_of(env):
        return default(env) if callable(default) else default

    def parse_(raw, env):
        text = raw[param][-1] if raw[param] else ""
        try:
            return {key: parse(text, env)}, []
        except (ValueError, TypeError):
            return {key: default_of(env)}, [notice(label, text)]

    def dump_(values, env):
        v = values.get(key)
        if v is None or (not always and v == default_of(env)):
            return {}
        return {param: [dump(v)]}

    return Field((key,), (param,), parse_, dump_, lambda env: {key: default_of(env)})


def choice(key: str, param: str, label: str, choices: Iterable, default, *, always: bool = False,
           convert: Callable[[str], Any] = str) -> Field:
    """A field whose value is one of ``choices`` (converted from the link's text by ``convert``)."""
    allowed = tuple(choices)

    def parse(text, _env):
        v = convert(text)
        if v not in allowed:
            raise ValueError(text)
        return v
    return scalar(key, param, label, parse=parse, default=default, always=always)


def iso_date(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


@dataclass(frozen=True)
class Group:
    """The view state of one concern; ``notices_on_page``: the page shows its notices itself (map)."""

    name: str
    fields: tuple[Field, ...]
    check: Callable[[dict, Mapping], tuple[dict, list[str]]] | None = None  # across fields (start after end)
    notices_on_page: bool = False
    kept_by_slides: bool = False   # the presenter's choice (the language), not part of a saved view

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for f in self.fields for k in f.keys)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(p for f in self.fields for p in f.params)

    @property
    def loaded_flag(self) -> str:
        return f"_vs_loaded_{self.name}"

    @property
    def notices_key(self) -> str:
        return f"_vs_notices_{self.name}"

    def defaults(self, env: Mapping | None = None) -> dict:
        out: dict = {}
        for f in self.fields:
            out.update(f.default(env or {}))
        return out

    def load(self, params: Params, env: Mapping | None = None) -> tuple[dict, list[str]]:
        """Session values for every key of the group from a link (defaults where it says nothing)."""
        env = env or {}
        values, notes = {}, []
        for f in self.fields:
            raw = {p: _as_list(params[p]) for p in f.params if p in params}
            if raw:
                v, n = f.parse(raw, env)
                values.update(f.default(env) | v)
                notes += n
            else:
                values.update(f.default(env))
        if self.check:
            values, more = self.check(values, env)
            notes += more
        return values, notes

    def query(self, values: Mapping, env: Mapping | None = None) -> dict[str, list[str]]:
        """The group's URL parameters for session values (defaults left out)."""
        q: dict[str, list[str]] = {}
        for f in self.fields:
            q.update(f.dump(values, env or {}))
        return q

    def rewrite(self, current: Params, values: Mapping, env: Mapping | None = None) -> dict[str, list[str]]:
        """The whole query string with this group's parameters replaced by those of ``values``."""
        wanted = {k: _as_list(v) for k, v in current.items() if k not in self.params}
        wanted.update(self.query(values, env))
        return wanted


def _as_list(v) -> list[str]:
    return [str(x) for x in v] if isinstance(v, (list, tuple)) else [str(v)]


# ------------------------------------------------------------------------------------------ registry

GROUPS: dict[str, Group] = {}


def register(group: Group) -> Group:
    """Add a group to the registry that :func:`forget` (a slide opening) clears."""
    GROUPS[group.name] = group
    return group


def forget(session: MutableMapping, groups: Iterable[Group] | None = None) -> None:
    """Forget every group's loaded flag and notices, so each is read from the next URL in full.

    Loading a group sets *every* key of it (from the link or its default), so a saved view replaces
    whatever the session held, including values the view does not mention.
    """
    for g in ([g for g in GROUPS.values() if not g.kept_by_slides] if groups is None else groups):
        session.pop(g.loaded_flag, None)
        session.pop(g.notices_key, None)


def load_into(session: MutableMapping, group: Group, params: Params, env: Mapping | None = None,
              force: bool = False) -> bool:
    """Fill ``session`` with the group's values from ``params`` once (until :func:`forget`); True if loaded now."""
    if session.get(group.loaded_flag) and not force:
        return False
    values, notes = group.load(params, env)
    session.update(values)
    session[group.notices_key] = notes
    session[group.loaded_flag] = True
    return True


@dataclass
class Notices:
    """Notices of all loaded groups, for the page header (the map shows its own)."""

    lines: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, session: Mapping, on_page: bool = False) -> "Notices":
        return cls([n for g in GROUPS.values() if g.notices_on_page == on_page
                    for n in session.get(g.notices_key, [])])


# ------------------------------------------------------------------------------ the groups of the pages
# The shared filters are declared in syriawatch.filters (one row per filter) and the map's state in
# syriawatch.mapstate; both register their group here.  The rest is small enough to read in one place.

def _today(env: Mapping) -> dt.date:
    return env.get("today") or dt.date.today()


LANGUAGE = register(Group("language", (
    choice("lang", "lang", N_("language"), ("en", "ar"), "en"),
), kept_by_slides=True))

INDEX_DEFAULT = ("M", "sum", "none", 0)
_INDEX_RE = re.compile(r"^(M|W)\.(sum|mean)\.(none|confidence)\.(0|3|6)$")
_INDEX_KEYS = ("t_freq", "t_method", "t_weight", "t_decay")


def _parse_index(raw, _env):
    text = raw["index"][-1] if raw["index"] else ""
    m = _INDEX_RE.match(text)
    if not m:
        return dict(zip(_INDEX_KEYS, INDEX_DEFAULT)), [notice(N_("index settings"), text)]
    return dict(zip(_INDEX_KEYS, (m.group(1), m.group(2), m.group(3), int(m.group(4))))), []


def _dump_index(values, _env):
    v = tuple(values.get(k, d) for k, d in zip(_INDEX_KEYS, INDEX_DEFAULT))
    return {} if v == INDEX_DEFAULT else {"index": [".".join(str(x) for x in v)]}


TIMELINE = register(Group("timeline", (
    Field(_INDEX_KEYS, ("index",), _parse_index, _dump_index, lambda env: dict(zip(_INDEX_KEYS, INDEX_DEFAULT))),
    choice("t_lanes", "lanes", N_("lanes"), ("category", "sides"), "category"),
)))


def _since(text: str, env: Mapping) -> dt.date:
    from .vocab import SCOPE_START

    return min(max(iso_date(text), SCOPE_START), _today(env))


BRIEFING = register(Group("briefing", (
    # Always in the link: "the last 7 days" would mean another week for whoever opens it later.
    scalar("b_since", "since", N_("changes since"), parse=_since, dump=lambda d: d.isoformat(),
           default=lambda env: _today(env) - dt.timedelta(days=7), always=True),
)))


def _switch(text: str, _env) -> bool:
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


CONTEXT = register(Group("context", (
    scalar("f_context", "ctx", N_("context switch"), parse=_switch, dump=lambda on: "1", default=False),
)))


def _event_id(text: str, _env) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", text):
        raise ValueError(text)
    return text


EVENT = register(Group("event", (
    scalar("event_pick", "event", N_("event"), parse=_event_id, default=None),
)))
