"""Saved views ("slides"): named, complete view states read from data/views.json or an uploaded file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from . import i18n
from .i18n import _

PAGES = {"timeline": "", "map": "map", "events": "events", "about": "about", "briefing": "briefing"}


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


def parse_views(text: str) -> tuple[list[View], list[str]]:
    """Views from JSON text; malformed entries are skipped and described, never raised."""
    problems: list[str] = []
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, TypeError) as err:
        return [], [_("not valid JSON: {error}").format(error=err)]
    if not isinstance(raw, list):
        return [], [_("expected a list of views")]
    views = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            problems.append(_("view {i}: not an object").format(i=i))
            continue
        name, page, params = item.get("name"), item.get("page"), item.get("params", {})
        if not isinstance(name, str) or not name.strip():
            problems.append(_("view {i}: missing name").format(i=i))
        elif page not in PAGES:
            problems.append(_("view {i} ({name}): unknown page {page}").format(i=i, name=name[:40], page=repr(str(page)[:20])))
        elif not isinstance(params, dict) or not all(isinstance(v, (str, int, float, list)) for v in params.values()):
            problems.append(_("view {i} ({name}): params must map names to values or lists").format(i=i, name=name[:40]))
        else:
            name_ar = item.get("name_ar")
            views.append(View(name.strip()[:120], page, params,
                              name_ar.strip()[:120] if isinstance(name_ar, str) else ""))
    return views, problems
