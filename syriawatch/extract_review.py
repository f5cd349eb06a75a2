"""Review of extracted candidates: highlighted evidence, editable rows, accept / merge / discard.

Pure functions used by pages/extract.py. Accepted candidates become DRAFT rows in the curation
store through :func:`drafts_backend`, the ONE place that knows the store's API (issue 15 builds the
store; its ``Store.create_draft(row, who, comment=, source=)`` and ``save_draft(...)`` are used
when ``syriawatch.store`` exists). Without a store the drafts are kept in the browser session
(:class:`SessionDrafts`) and can be downloaded as CSV; the page says so.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pandas as pd

from . import vocab
from .extract import COLUMNS, EVENT_COLUMNS
from .textsafe import h

SPAN_CLASS = {"date": "sw-x-date", "actor": "sw-x-actor", "place": "sw-x-place"}
CSS = ("<style>.sw-x-date{background:#FFE08A}.sw-x-actor{background:#BFD7FF}.sw-x-place{background:#C8EBC0}"
       ".sw-x-sent{line-height:1.9;padding:.4rem .6rem;border:1px solid #ddd;border-radius:.3rem}</style>")
PRECISIONS_PUBLISHABLE = (1, 2, 3)


def highlight_html(sentence: str, spans: list) -> str:
    """The sentence as HTML with <mark> spans for dates, actors and places; every text piece escaped."""
    spans = sorted({(int(a), int(b), k, str(lbl)) for a, b, k, lbl in spans if 0 <= int(a) < int(b) <= len(sentence)})
    out, pos = [], 0
    for a, b, kind, label in spans:
        if a < pos:            # overlapping span: keep the first one
            continue
        out.append(h(sentence[pos:a]))
        out.append(f'<mark class="{SPAN_CLASS.get(kind, "")}" title="{h(kind)}: {h(label)}">{h(sentence[a:b])}</mark>')
        pos = b
    out.append(h(sentence[pos:]))
    direction = "rtl" if any("\u0600" <= c <= "\u06ff" for c in sentence) else "ltr"
    return f'<div class="sw-x-sent" dir="{direction}">{"".join(out)}</div>'


def event_row(cand_row: dict, edits: dict | None = None) -> dict:
    """The events-codebook row a reviewer accepts: the candidate with the reviewer's edits, extractor
    columns dropped, the article's title/date kept as source; the extraction trail goes to the notes."""
    r = {**cand_row, **(edits or {})}
    row = {c: "" if r.get(c) is None or (not isinstance(r.get(c), str) and pd.isna(r.get(c))) else str(r.get(c))
           for c in EVENT_COLUMNS if c != "event_id"}
    trail = f"Evidence: «{r.get('evidence', '')}»"
    row["notes"] = f"{row['notes']}. {trail}" if row["notes"] else trail
    row["updated_at"] = dt.date.today().isoformat()
    return row


def problems_before_accepting(row: dict) -> list[str]:
    """What a reviewer must still fix; the store validates again (codebook schema) when saving."""
    out = []
    try:
        if int(row.get("time_precision") or 0) not in PRECISIONS_PUBLISHABLE:
            out.append("time_precision")
    except ValueError:
        out.append("time_precision")
    for c in ("event_date", "actor1", "category", "title_en", "title_ar", "source", "source_url"):
        if not str(row.get(c) or "").strip():
            out.append(c)
    if row.get("category") and row["category"] not in vocab.CATEGORIES:
        out.append("category")
    return out


def merge_row(existing: dict, cand_row: dict) -> dict:
    """The existing event with the article added as its second source (if free) and the evidence in the notes."""
    row = dict(existing)
    if not str(row.get("source2_url") or "").strip():
        row.update(source2=cand_row.get("source", ""), source2_title=cand_row.get("source_title", ""),
                   source2_date=cand_row.get("source_date", ""), source2_url=cand_row.get("source_url", ""))
    add = f"Also reported by {cand_row.get('source', '')} ({cand_row.get('source_date', '')}): «{cand_row.get('evidence', '')}»"
    row["notes"] = f"{row.get('notes') or ''} {add}".strip()
    return row


@dataclass
class SessionDrafts:
    """Fallback when the curation store is not installed: drafts kept in the session, downloadable."""
    rows: list = field(default_factory=list)
    persistent = False

    def create(self, row: dict, author: str, comment: str) -> str:
        self.rows.append({"draft": f"session-{len(self.rows) + 1}", "action": "create", "target": "", **row})
        return self.rows[-1]["draft"]

    def merge(self, event_id: str, existing: dict, cand_row: dict, author: str, comment: str) -> str:
        self.rows.append({"draft": f"session-{len(self.rows) + 1}", "action": "merge", "target": event_id,
                          **{c: v for c, v in merge_row(existing, cand_row).items() if c in COLUMNS or c.startswith("source2")}})
        return self.rows[-1]["draft"]

    def csv(self) -> bytes:
        buf = io.StringIO()
        pd.DataFrame(self.rows).to_csv(buf, index=False)
        return buf.getvalue().encode("utf-8")


class StoreDrafts:
    """Drafts in the curation store (syriawatch.store, issue 15)."""
    persistent = True

    def __init__(self, store, identity_cls):
        self.store, self.Identity = store, identity_cls

    def create(self, row: dict, author: str, comment: str) -> str:
        d = self.store.create_draft(row, self.Identity(author, "editor"), comment=comment, source=row.get("source_url"))
        return str(d.key)

    def merge(self, event_id: str, existing: dict, cand_row: dict, author: str, comment: str) -> str:
        rec = self.store.record("events", event_id)
        base = rec.data if rec is not None else existing
        d = self.store.save_draft("events", merge_row(base, cand_row), self.Identity(author, "editor"), key=event_id,
                                  base_version=rec.version if rec is not None else None, comment=comment,
                                  source=cand_row.get("source_url"))
        return str(d.key)


def drafts_backend(session_state) -> SessionDrafts | StoreDrafts:
    """The one adapter to the curation store: the store when it is installed, else session drafts."""
    try:
        from .store import Identity, Store, resolve_url  # issue 15
    except ImportError:
        return session_state.setdefault("_extract_session_drafts", SessionDrafts())
    if "_extract_store" not in session_state:
        session_state["_extract_store"] = StoreDrafts(Store(resolve_url()), Identity)
    return session_state["_extract_store"]
