"""Saved views ("slides"): named, complete view states read from data/views.json or an uploaded file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

PAGES = {"timeline": "", "map": "map", "events": "events", "about": "about", "briefing": "briefing"}


@dataclass(frozen=True)
class View:
    name: str
    page: str
    params: dict

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
        return [], [f"not valid JSON: {err}"]
    if not isinstance(raw, list):
        return [], ["expected a list of views"]
    views = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            problems.append(f"view {i}: not an object")
            continue
        name, page, params = item.get("name"), item.get("page"), item.get("params", {})
        if not isinstance(name, str) or not name.strip():
            problems.append(f"view {i}: missing name")
        elif page not in PAGES:
            problems.append(f"view {i} ({name[:40]}): unknown page {str(page)[:20]!r}")
        elif not isinstance(params, dict) or not all(isinstance(v, (str, int, float, list)) for v in params.values()):
            problems.append(f"view {i} ({name[:40]}): params must map names to values or lists")
        else:
            views.append(View(name.strip()[:120], page, params))
    return views, problems
