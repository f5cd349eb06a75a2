"""Saved views ("slides"): named, complete view states read from data/views.json or an uploaded file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from . import i18n, navigation
from .i18n import _

PAGES = {p.key: p.url_path for p in navigation.PAGES}  # page key -> URL path, from the page registry


@dataclass(frozen=True)
class View:
    name: str
    page: str
    params: dict
    name_ar: str = ""

    def title(self) -> str:
        """The view's name in the interface language (name_ar when Arabic and given)."""
        return self.name_ar if i18n.lang() == "ar" and self.name_ar else self.name

    def query(self) -> dict[str, list[str]]:
        return {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in self.params.items()}

    def path(self, slide: int | None = None) -> str:
        q = self.query()
        if slide is not None:
            q["slide"] = [str(slide)]
        return f"{PAGES[self.page]}?{urlencode([(k, v) for k, vs in q.items() for v in vs])}"


# The schema of a views file: a list (at most MAX_VIEWS) of objects {name, name_ar?, page, params?}; params
# map a name to a value or a list of values (text or number); nothing nests deeper than that.
MAX_BYTES = 256 * 1024
MAX_DEPTH = 4          # list > view > params > list of values
MAX_VIEWS = 200
MAX_NAME = 120
MAX_PARAMS = 40
MAX_VALUES = 100
MAX_VALUE = 500
MAX_PROBLEMS = 20


def _too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when brackets nest deeper than ``limit`` (outside strings), decided before json.loads recurses."""
    depth, in_str, esc = 0, False, False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _scalar(v) -> bool:
    return isinstance(v, (str, int, float)) and not isinstance(v, bool)


def _check_params(params) -> str | None:
    """Why ``params`` breaks the schema, or None."""
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params) or not all(
            _scalar(v) or (isinstance(v, list) and all(_scalar(x) for x in v)) for v in params.values()):
        return _("params must map names to values or lists")
    if len(params) > MAX_PARAMS:
        return _("at most {n} parameters").format(n=MAX_PARAMS)
    for k, v in params.items():
        values = v if isinstance(v, list) else [v]
        if len(values) > MAX_VALUES:
            return _("at most {n} values for {name}").format(n=MAX_VALUES, name=k[:20])
        if len(k) > MAX_VALUE or any(len(str(x)) > MAX_VALUE for x in values):
            return _("a parameter name or value longer than {n} characters").format(n=MAX_VALUE)
    return None


def parse_views(text: str) -> tuple[list[View], list[str]]:
    """Views from JSON text checked against the schema above; bad entries are skipped and described, never raised."""
    problems: list[str] = []
    if not isinstance(text, str):
        return [], [_("not valid JSON: {error}").format(error=_("not text"))]
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        return [], [_("the file is larger than {n} KB; a views file is a few KB").format(n=MAX_BYTES // 1024)]
    if _too_deep(text):
        return [], [_("too deeply nested: a views file is a list of views whose params hold values or lists of values")]

    def no_constant(name):
        raise ValueError(_("{name} is not a number JSON allows").format(name=name))
    try:
        raw = json.loads(text, parse_constant=no_constant)
    except (ValueError, TypeError, RecursionError) as err:  # JSONDecodeError is a ValueError
        return [], [_("not valid JSON: {error}").format(error=str(err)[:200])]
    if not isinstance(raw, list):
        return [], [_("expected a list of views")]
    if len(raw) > MAX_VIEWS:
        return [], [_("a views file holds at most {n} views; this one has {count}").format(n=MAX_VIEWS, count=len(raw))]
    views = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            problems.append(_("view {i}: not an object").format(i=i))
            continue
        name, page, params, name_ar = item.get("name"), item.get("page"), item.get("params", {}), item.get("name_ar", "")
        label = name[:40] if isinstance(name, str) else ""
        why = None
        if not isinstance(name, str) or not name.strip():
            problems.append(_("view {i}: missing name").format(i=i))
            continue
        if len(name.strip()) > MAX_NAME:
            why = _("name is longer than {n} characters").format(n=MAX_NAME)
        elif not isinstance(name_ar, str):
            why = _("name_ar must be text")
        elif len(name_ar.strip()) > MAX_NAME:
            why = _("name is longer than {n} characters").format(n=MAX_NAME)
        elif not isinstance(page, str) or page not in PAGES:
            why = _("unknown page {page}").format(page=repr(str(page)[:20]))
        else:
            why = _check_params(params)
        if why:
            problems.append(_("view {i} ({name}): {why}").format(i=i, name=label, why=why))
            continue
        views.append(View(name.strip(), page, params, name_ar.strip()))
    if len(problems) > MAX_PROBLEMS:
        problems = problems[:MAX_PROBLEMS] + [_("… and {n} more problems").format(n=len(problems) - MAX_PROBLEMS)]
    return views, problems


def parse_file(raw: bytes) -> tuple[list[View], list[str]]:
    """An uploaded views file: refused unread when too large, decoded as UTF-8 (bad bytes replaced), then parsed."""
    if len(raw) > MAX_BYTES:
        return [], [_("the file is larger than {n} KB; a views file is a few KB").format(n=MAX_BYTES // 1024)]
    return parse_views(raw.decode("utf-8-sig", errors="replace"))
