"""Review of extracted candidates: highlighted evidence, editable rows, accept / merge / discard.

Pure functions used by pages/extract.py.  Accepted candidates become DRAFT rows in the curation
store the app reads (:mod:`syriawatch.published`); a reviewer other than the author publishes them.
:class:`StoreDrafts` is the one place here that writes to the store.  When the store cannot be opened,
:func:`open_drafts` returns the reason and the page keeps the candidates (and their CSV download).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from . import vocab
from .extract import EVENT_COLUMNS
from .textsafe import h

SPAN_CLASS = {"date": "sw-x-date", "actor": "sw-x-actor", "place": "sw-x-place"}
CSS = ("<style>.sw-x-date{background:#FFE08A}.sw-x-actor{background:#BFD7FF}.sw-x-place{background:#C8EBC0}"
       ".sw-x-sent mark{color:#111;padding:0 .15em;border-radius:.2em}"
       ".st-key-x_text textarea{unicode-bidi:plaintext}"  # each pasted paragraph in its own direction
       ".sw-x-sent{line-height:1.9;padding:.4rem .6rem;border:1px solid #ddd;border-radius:.3rem}</style>")
PRECISIONS_PUBLISHABLE = (1, 2, 3)
# The extractor's precision scale: the events codebook's 1-3 (ACLED) plus two it must narrow first.
PRECISION = {**vocab.TIME_PRECISION, 4: ("within a year: narrow it before accepting", "خلال سنة: ضيِّقها قبل القبول"),
             5: ("approximate: narrow it before accepting", "تقريبي: ضيِّقه قبل القبول")}
# A single article is at most one credible source: never "confirmed" from the extractor.
CONFIDENCE_CHOICES = ("probable", "possible", "disputed")
# The fields a reviewer edits on the page (widget suffix -> row column).
EDITABLE = {"date": "event_date", "prec": "time_precision", "cat": "category", "tension": "tension", "a1": "actor1",
            "a2": "actor2", "adm": "admin1", "loc": "location", "ten": "title_en", "tar": "title_ar", "conf": "confidence"}
REQUIRED = ("event_date", "actor1", "category", "title_en", "title_ar", "source", "source_url")


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


def _text(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


def event_row(cand_row: dict, edits: dict | None = None) -> dict:
    """The events-codebook row a reviewer accepts: the candidate with the reviewer's edits, extractor
    columns dropped, the article kept as the source; the evidence sentence goes to the notes.

    Confidence is capped at ``probable`` and an article that relays another outlet stays
    ``secondary_only``, whatever the edits say."""
    r = {**cand_row, **(edits or {})}
    row = {c: _text(r.get(c)) for c in EVENT_COLUMNS if c != "event_id"}
    if row["confidence"] not in CONFIDENCE_CHOICES:
        row["confidence"] = "probable"
    if cand_row.get("verification") == "secondary_only" or row["verification"] not in vocab.VERIFICATION:
        row["verification"] = "secondary_only"
    if cand_row.get("location") != row["location"] and cand_row.get("location"):
        # The reviewer renamed the place: the gazetteer's coordinates and Arabic name no longer apply.
        row.update(location_ar="", latitude="", longitude="", geo_precision="", geo_note="")
    trail = f"Evidence: «{_text(r.get('evidence'))}»"
    row["notes"] = f"{row['notes']}. {trail}" if row["notes"] else trail
    row["updated_at"] = dt.date.today().isoformat()
    return row


def problems_before_accepting(row: dict) -> list[str]:
    """The fields a reviewer must still fix; the store validates again (codebook schema) when saving."""
    out = []
    try:
        if int(row.get("time_precision") or 0) not in PRECISIONS_PUBLISHABLE:
            out.append("time_precision")
    except ValueError:
        out.append("time_precision")
    for c in REQUIRED:
        if not str(row.get(c) or "").strip():
            out.append(c)
    if row.get("event_date"):
        try:
            dt.date.fromisoformat(str(row["event_date"]))
        except ValueError:
            out.append("event_date")
    if row.get("category") and row["category"] not in vocab.CATEGORIES:
        out.append("category")
    return list(dict.fromkeys(out))


def merge_row(existing: dict, cand_row: dict) -> dict:
    """The existing event with the article added as its second source (if free) and the evidence in the notes."""
    row = dict(existing)
    if not str(row.get("source2_url") or "").strip():
        row.update(source2=cand_row.get("source", ""), source2_title=cand_row.get("source_title", ""),
                   source2_date=cand_row.get("source_date", ""), source2_url=cand_row.get("source_url", ""))
    add = f"Also reported by {cand_row.get('source', '')} ({cand_row.get('source_date', '')}): «{cand_row.get('evidence', '')}»"
    row["notes"] = f"{row.get('notes') or ''} {add}".strip()
    return row


class StoreDrafts:
    """Drafts in the curation store, written as the signed-in identity (the store checks the role)."""

    def __init__(self, store):
        self.store = store

    def create(self, row: dict, who, comment: str) -> tuple[int, str]:
        d = self.store.create_draft(row, who, comment=comment, source=row.get("source_url"))
        return d.draft_id, d.key

    def merge(self, event_id: str, cand_row: dict, who, comment: str) -> tuple[int, str]:
        rec = self.store.record("events", event_id)
        if rec is None:
            from .store import StoreError
            raise StoreError(f"event {event_id} is not in the curation store")
        d = self.store.save_draft("events", merge_row(rec.data, cand_row), who, key=event_id, base_version=rec.version,
                                  comment=comment, source=cand_row.get("source_url"))
        return d.draft_id, d.key


def open_drafts(folder) -> tuple[StoreDrafts | None, str | None]:
    """The curation store the app reads (:func:`syriawatch.published.open_store`), or (None, why not)."""
    from . import published
    from .i18n import _
    s = published.open_store(folder)
    if s is not None:
        return StoreDrafts(s), None
    return None, published.unreachable(folder) or _("no curation database is configured for this data folder "
                                                    "(set SYRIAWATCH_DB_URL)")


def refusal(err: Exception) -> str:
    """The store's refusal as one line (per field for an invalid row)."""
    by_field = getattr(err, "by_field", None)
    if callable(by_field):
        return "; ".join(f"{f or 'row'}: {', '.join(r)}" for f, r in by_field().items())
    return str(err)
