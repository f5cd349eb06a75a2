"""Text search over events in English and Arabic, with Arabic normalisation.

Normalising both the query and the text lets «الحسكه» find «الحسكة» and «اسرائيل» find «إسرائيل»:
diacritics and tatweel are removed; alef forms (أ إ آ ٱ) become ا; taa marbuta ة becomes ه; alef
maqsura ى becomes ي; hamza seats ؤ ئ become و ي; Latin letters are lower-cased.
"""

from __future__ import annotations

import re

import pandas as pd

_DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")  # harakat, superscript alef, tatweel
_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_SPACE = re.compile(r"\s+")
FIELDS = ["title_en", "title_ar", "notes", "notes_ar", "location", "location_ar", "admin1", "source"]


def normalise(text) -> str:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    t = _DIACRITICS.sub("", str(text)).translate(_MAP).casefold()
    return _SPACE.sub(" ", t).strip()


def search_column(events: pd.DataFrame, actor_names: dict[str, list[str]] | None = None) -> pd.Series:
    """One normalised string per event: titles, notes, places, source and actor names in both languages."""
    parts = events[FIELDS].fillna("").astype(str).agg(" ".join, axis=1)
    if actor_names:
        parts = parts + " " + events["actors"].map(lambda acts: " ".join(n for a in acts for n in actor_names.get(a, [])))
    return parts.map(normalise)


def matches(search_text: pd.Series, query: str) -> pd.Series:
    """Rows containing every word of the query (after normalisation)."""
    words = [w for w in normalise(query).split(" ") if w]
    m = pd.Series(True, index=search_text.index)
    for w in words:
        m &= search_text.str.contains(w, regex=False)
    return m
