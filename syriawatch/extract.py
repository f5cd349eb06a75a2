"""From a news article (Arabic or English) to candidate events for review.

Pure functions, no I/O at import. The rules are data in syriawatch/extract_rules.py and documented
in data/README.md ("Candidate events from articles"). Text is matched in the search's normalised
form (syriawatch.search.normalise) with a map back to the original characters, so the review page
can highlight the exact spans a date, an actor or a place came from.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import extract_rules as R
from . import vocab
from .i18n import N_
from .search import _DIACRITICS, _MAP

ROOT = Path(__file__).resolve().parent.parent
PLACES_CSV = ROOT / "geo" / "places.csv"
ADM1_GEOJSON = ROOT / "geo" / "syria_adm1.geojson"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC = re.compile("[\u0600-\u06FF]")

# Output columns: the events codebook's names, then the extractor's own.
EVENT_COLUMNS = ["event_id", "event_date", "time_precision", "category", "event_type", "sub_event_type", "actor1", "actor2",
                 "assoc_actor_1", "assoc_actor_2", "admin1", "location", "location_ar", "latitude", "longitude",
                 "geo_precision", "geo_note", "title_en", "title_ar", "notes", "notes_ar", "tension", "tension_reason",
                 "fatalities", "source", "source_title", "source_date", "source_url", "confidence", "verification"]
EXTRA_COLUMNS = ["date_phrase", "date_from", "date_to", "evidence", "duplicate_of"]
COLUMNS = EVENT_COLUMNS + EXTRA_COLUMNS


class ExtractError(ValueError):
    """Bad input to the extractor (missing publication date, empty text, unreadable file).

    ``str(err)`` is English (command line); :meth:`localized` is the message in the interface language."""

    def __init__(self, template: str, **values):
        self.template, self.values = template, values
        super().__init__(template.format(**values))

    def localized(self) -> str:
        from .i18n import _
        return _(self.template).format(**self.values)


# --- normalisation with a map back to the original text ----------------------------------------------

def normalise_map(text: str) -> tuple[str, list[int]]:
    """The search normalisation applied character by character, plus the original index of each output char."""
    out, idx = [], []
    for i, ch in enumerate(text):
        if _DIACRITICS.match(ch):
            continue
        ch = ch.translate(_MAP).translate(_DIGITS)
        if ch in "\u201c\u201d\u00ab\u00bb\u201e":
            ch = '"'
        elif ch in "\u2018\u2019":
            ch = "'"
        elif ch.isspace():
            ch = " "
        for c in ch.casefold():
            out.append(c)
            idx.append(i)
    return "".join(out), idx


def _span(idx: list[int], start: int, end: int) -> tuple[int, int]:
    return idx[start], idx[end - 1] + 1


def _alias_regex(name: str) -> str:
    """A regex for one normalised name: Arabic proclitics (و ف ب ل ك, «لل» for «ال») allowed in front."""
    n = re.escape(name).replace(r"\ ", r"\s+")
    if _ARABIC.search(name):
        if name.startswith("ال"):
            return rf"(?<!\w)(?:[وف]?[بك]?{n}|[وف]?لل{re.escape(name[2:])})(?!\w)"
        return rf"(?<!\w)[وف]?[بلك]?{n}(?!\w)"
    return rf"(?<![\w-]){n}(?![\w-])"


def norm(s: str) -> str:
    return normalise_map(s)[0].strip()


# --- sentences --------------------------------------------------------------------------------------

_END = re.compile(r"([.!?؟]+[\"'”’»)]*)(\s+)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of an Arabic or English text; line breaks always end one."""
    spans = []
    for m_line in re.finditer(r"[^\n]+", text):
        line, base = m_line.group(0), m_line.start()
        start = 0
        for m in _END.finditer(line):
            before = line[:m.start(1) + 1].split()[-1].lower() if line[:m.start(1) + 1].split() else ""
            nxt = line[m.end():m.end() + 1]
            if before in R.ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+", before):
                continue
            if nxt and nxt.islower() and not _ARABIC.match(nxt):
                continue
            spans.append((base + start, base + m.end(1)))
            start = m.end()
        if line[start:].strip():
            spans.append((base + start, base + len(line.rstrip())))
    return [(a + (len(text[a:b]) - len(text[a:b].lstrip())), b) for a, b in spans if text[a:b].strip()]


# --- dates ------------------------------------------------------------------------------------------

@dataclass
class DateHit:
    start: int              # offsets in the normalised sentence
    end: int
    date: dt.date
    precision: int          # 1 day, 2 week, 3 month, 4 year, 5 approximate
    date_from: dt.date
    date_to: dt.date
    kind: str


def _month_alt() -> str:
    names = sorted(R.MONTHS, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)


_M = _month_alt()
_MONTH = rf"(?P<m>{_M})(?:\s*[/(]\s*(?:{_M})\s*\)?)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_ORD = "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in sorted(R.ORDINAL_DAYS, key=len, reverse=True))
_WD = "|".join(sorted({re.escape(w) for w in R.WEEKDAYS}, key=len, reverse=True))


def _month_num(s: str) -> int:
    return R.MONTHS[re.sub(r"\s+", " ", s)]


def _month_window(y: int, m: int) -> tuple[dt.date, dt.date, dt.date]:
    last = calendar.monthrange(y, m)[1]
    return dt.date(y, m, 15), dt.date(y, m, 1), dt.date(y, m, last)


def _months_back(pub: dt.date, n: int) -> tuple[int, int]:
    k = pub.year * 12 + pub.month - 1 - n
    return k // 12, k % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _date_patterns():
    """(kind, compiled regex) in priority order: a span taken by an earlier pattern is not read again."""
    B, E = r"(?<![\w])", r"(?!\w)"
    pats = [
        ("iso", rf"{B}(?P<y>\d{{4}})-(?P<mo>\d\d)-(?P<d>\d\d){E}"),
        ("dmy", rf"{B}(?:[وف]?(?:في|يوم)\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:من\s+)?(?:شهر\s+)?(?:of\s+)?{_MONTH}\s*,?\s*(?:من\s+)?(?:عام|العام|سنه)?\s*{_YEAR}{E}"),
        ("mdy", rf"{B}{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}{E}"),
        ("dm", rf"{B}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:من\s+)?(?:شهر\s+)?(?:of\s+)?{_MONTH}{E}"),
        ("md", rf"{B}{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\w:])"),
        ("ord_dmy", rf"{B}(?:[وف]?(?:في|يوم)\s+)?(?:[وف]?ب?)?(?P<od>{_ORD})\s+(?:من\s+)?(?:شهر\s+)?{_MONTH}\s*,?\s*(?:من\s+)?(?:عام|العام|سنه)?\s*{_YEAR}{E}"),
        ("ord_dm", rf"{B}(?:[وف]?(?:في|يوم)\s+)?(?:[وف]?ب?)?(?P<od>{_ORD})\s+(?:من\s+)?(?:شهر\s+)?{_MONTH}(?:\s+(?P<past>{R.PAST_AFTER}|{R.PRESENT_AFTER}))?{E}"),
        ("my", rf"{B}(?:[وف]?(?:في|خلال|منذ)\s+)?(?:[وف]?[بل]?شهر\s+)?{_MONTH}\s*,?\s*(?:من\s+)?(?:عام|العام|سنه)?\s*{_YEAR}{E}"),
        ("month_past", rf"{B}(?:[وف]?[بل]?شهر\s+)?{_MONTH}\s+{R.PAST_AFTER}{E}"),
        ("month_past", rf"{B}{R.PAST_BEFORE}\s+{_MONTH}{E}"),
        ("month_now", rf"{B}(?:(?:[وف]?(?:منتصف|مطلع|اواخر|اوائل|بدايه|نهايه)\s+)?(?:[وف]?[بل]?شهر\s+)?){_MONTH}\s+{R.PRESENT_AFTER}{E}"),
        ("weekday", rf"{B}(?:(?:يوم|on|last|this\s+past|past|(?:late|early)\s+on)\s+)?[وف]?(?P<wd>{_WD})(?:\s+(?P<past>{R.PAST_AFTER}))?{E}"),
        ("next_day", R.NEXT_DAY),
    ]
    pats += [(f"rel_day:{i}", p) for i, (p, _, _) in enumerate(R.RELATIVE_DAYS)]
    pats += [(f"rel_month:{i}", p) for i, (p, _) in enumerate(R.RELATIVE_MONTHS)]
    pats += [(f"rel_year:{i}", p) for i, (p, _) in enumerate(R.RELATIVE_YEARS)]
    pats += [(f"approx:{i}", p) for i, (p, _) in enumerate(R.APPROXIMATE)]
    pats += [
        ("month_bare", rf"{B}(?:[وف]?[بل]?شهر\s+|(?:in|during)\s+(?:early\s+|late\s+|mid-)?){_MONTH}{E}"),
        ("year", rf"{B}[وف]?(?:{R.YEAR_BEFORE})\s+{_YEAR}{E}"),
    ]
    return [(k, re.compile(p)) for k, p in pats]


@lru_cache(maxsize=1)
def _compiled_dates():
    return _date_patterns()


def _has_past(m: re.Match) -> bool:
    return bool(re.search(rf"{R.PAST_AFTER}|^{R.PAST_BEFORE}", m.group(0)))


def _resolve(kind: str, m: re.Match, pub: dt.date, anchor: dt.date | None) -> tuple | None:
    """(date, precision, from, to) for one match, or None when it does not make a date."""
    g = m.groupdict()
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["mo"]), int(g["d"]))
        return d and (d, 1, d, d)
    if kind in ("dmy", "mdy"):
        d = _safe_date(int(g["y"]), _month_num(g["m"]), int(g["d"]))
        return d and (d, 1, d, d)
    if kind == "ord_dmy":
        d = _safe_date(int(g["y"]), _month_num(g["m"]), R.ORDINAL_DAYS[re.sub(r"\s+", " ", g["od"])])
        return d and (d, 1, d, d)
    if kind == "month_now":
        mid, a, b = _month_window(pub.year, _month_num(g["m"]))
        return (min(mid, pub), 3, a, min(b, pub)) if a <= pub else None
    if kind in ("dm", "md", "ord_dm"):
        mo = _month_num(g["m"])
        day = R.ORDINAL_DAYS[re.sub(r"\s+", " ", g["od"])] if kind == "ord_dm" else int(g["d"])
        d = _safe_date(pub.year, mo, day)
        if d and d > pub:
            d = _safe_date(pub.year - 1, mo, day)
        return d and (d, 1, d, d)
    if kind == "my":
        mid, a, b = _month_window(int(g["y"]), _month_num(g["m"]))
        return mid, 3, a, b
    if kind in ("month_past", "month_bare"):
        name = next(v for v in (g.get("m"),) if v)
        mo = _month_num(name)
        if kind == "month_bare" and re.sub(r"\s+", " ", name) in R.AMBIGUOUS_MONTHS and not re.search("شهر", m.group(0)):
            return None
        y = pub.year if (mo < pub.month or (kind == "month_bare" and mo == pub.month)) else pub.year - 1
        mid, a, b = _month_window(y, mo)
        return mid, 3, a, b
    if kind == "weekday":
        back = (pub.weekday() - R.WEEKDAYS[g["wd"]]) % 7
        if back == 0 and _has_past(m):
            back = 7
        d = pub - dt.timedelta(days=back)
        return d, 1, d, d
    if kind == "next_day":
        if anchor is None:
            return None
        d = anchor + dt.timedelta(days=1)
        return d, 1, d, d
    group, i = kind.split(":")
    i = int(i)
    if group == "rel_day":
        _, back, prec = R.RELATIVE_DAYS[i]
        d = pub - dt.timedelta(days=back)
        if prec == 2:
            return d, 2, d - dt.timedelta(days=3), d + dt.timedelta(days=3)
        return d, 1, d, d
    if group == "rel_month":
        y, mo = _months_back(pub, R.RELATIVE_MONTHS[i][1])
        mid, a, b = _month_window(y, mo)
        return min(mid, pub), 3, a, min(b, pub)
    if group == "rel_year":
        y = pub.year - R.RELATIVE_YEARS[i][1]
        return dt.date(y, 7, 1), 4, dt.date(y, 1, 1), dt.date(y, 12, 31)
    if group == "approx":
        a = pub - dt.timedelta(days=R.APPROXIMATE[i][1])
        return pub, 5, a, pub
    return None


def find_dates(sent_norm: str, pub: dt.date, anchor: dt.date | None = None) -> list[DateHit]:
    """Every date expression in a normalised sentence, resolved against the publication date."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _compiled_dates():
        for m in rx.finditer(sent_norm):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            if kind == "year":
                y = int(m.group("y"))
                if not (R.YEAR_RANGE[0] <= y <= R.YEAR_RANGE[1]) or re.search(r"(?:منذ|since)\s*$", sent_norm[max(0, a - 8):a]):
                    continue
                hits.append(DateHit(a, b, dt.date(y, 7, 1), 4, dt.date(y, 1, 1), dt.date(y, 12, 31), kind))
                taken.append((a, b))
                continue
            res = _resolve(kind, m, pub, anchor)
            if not res or res[0] > pub + dt.timedelta(days=1):
                continue
            hits.append(DateHit(a, b, *res, kind))
            taken.append((a, b))
    return sorted(hits, key=lambda h: h.start)


def best_date(hits: list[DateHit], sent_norm: str = "") -> DateHit | None:
    """The most precise date of a sentence, the first among equals; a date right after a reporting
    verb ("said on Wednesday") only when the sentence has no other."""
    if not hits:
        return None
    speech = {id(h) for h in hits if re.search(R.SPEECH_DATE, sent_norm[max(0, h.start - 30):h.start])}
    return min(hits, key=lambda h: (id(h) in speech and len(hits) > 1, h.precision, h.start))


# --- actors and places ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    actor_rx: tuple                 # (code, compiled regex), longest names first
    actor_names: dict               # code -> (name_en, name_ar)
    place_rx: tuple                 # (kind, key, compiled regex)
    places: dict                    # geonameid -> dict(name_en, name_ar, lat, lon, admin1)


def _split_names(s: str) -> list[str]:
    """«المالكية (ديريك)» → «المالكية (ديريك)», «المالكية», «ديريك»."""
    out = [s]
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", s)
    if m:
        out += [m.group(1), m.group(2)]
    return [x.strip() for x in out if x.strip()]


def _admin1_of(points: dict[int, tuple[float, float]]) -> dict[int, str]:
    from shapely.geometry import Point, shape
    gj = json.loads(ADM1_GEOJSON.read_text(encoding="utf-8"))
    shapes = [(f["properties"]["admin1"], shape(f["geometry"])) for f in gj["features"]]
    out = {}
    for gid, (lat, lon) in points.items():
        p = Point(lon, lat)
        out[gid] = next((name for name, g in shapes if g.covers(p)), "")
    return out


def build_lexicon(actors: pd.DataFrame, places: pd.DataFrame) -> Lexicon:
    names: list[tuple[str, str]] = []
    actor_names = {}
    for r in actors.fillna("").to_dict("records"):
        actor_names[r["code"]] = (r["name_en"], r["name_ar"])
        if r["code"] == "OTHER":
            continue
        for n in [r["name_en"], r["name_ar"], *str(r.get("aliases", "") or "").split(";")]:
            n = norm(n)
            if len(n) >= 2:
                names.append((r["code"], n))
    names.sort(key=lambda cn: len(cn[1]), reverse=True)
    # Adjective + military noun first ("U.S. vehicle" is the armed forces, not the government).
    actor_rx = []
    for code, (en, ar) in R.ADJ_MIL.items():
        if code in actor_names:
            actor_rx.append((code, re.compile(rf"(?<![\w-]){en}\s+(?:(?:or|and)\s+[\w-]+\s+|[\w-]+\s+)?{R.MIL_NOUNS_EN}(?!\w)")))
            actor_rx.append((code, re.compile(rf"(?<!\w)[وف]?[بل]?{R.MIL_NOUNS_AR}\s+(?:\S+\s+)?[وف]?{ar}(?!\w)")))
    actor_rx += [(c, re.compile(_alias_regex(n))) for c, n in names]
    pl = {}
    for r in places.to_dict("records"):
        pl[int(r["geonameid"])] = {"name_en": r["name_en"], "name_ar": r["name_ar"],
                                   "lat": float(r["latitude"]), "lon": float(r["longitude"]), "geonames": r["geonames_name"]}
    adm = _admin1_of({g: (p["lat"], p["lon"]) for g, p in pl.items()})
    for g in pl:
        pl[g]["admin1"] = adm[g]
    place_rx = []
    for gov, gov_ar in vocab.GOVERNORATES_AR.items():
        words = {norm(gov_ar), norm(gov), *R.GOVERNORATE_ALIASES.get(gov, [])}
        for w in sorted(words, key=len, reverse=True):
            w_rx = re.escape(w).replace(r"\ ", r"\s+")
            if _ARABIC.search(w):
                w_rx = rf"(?:ال|لل)?{w_rx[2:]}" if w.startswith("ال") else w_rx
                rx = rf"(?<!\w)[وف]?[بل]?(?:{R.GOVERNORATE_WORD_AR})\s+{w_rx}(?!\w)"
            else:
                rx = rf"(?<![\w-]){w_rx}\s+{R.GOVERNORATE_WORD_EN}(?!\w)"
            place_rx.append(("gov", gov, re.compile(rx)))
    town_names = []
    for g, p in pl.items():
        for n in {*_split_names(p["name_en"]), *_split_names(p["name_ar"]), p["geonames"], *R.PLACE_ALIASES.get(g, [])}:
            n = norm(n)
            if len(n) >= 3:
                town_names.append((g, n))
    town_names.sort(key=lambda gn: len(gn[1]), reverse=True)
    place_rx += [("town", g, re.compile(_alias_regex(n))) for g, n in town_names]
    place_rx += [("region", (en, ar), re.compile(p)) for p, en, ar in R.REGIONS]
    return Lexicon(tuple(actor_rx), actor_names, tuple(place_rx), pl)


def find_actors(s: str, lex: Lexicon) -> list[tuple[str, int, int]]:
    """(code, start, end) of actor mentions, longest names first, non-overlapping, in text order."""
    found, taken = [], []
    for code, rx in lex.actor_rx:
        for m in rx.finditer(s):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            found.append((code, a, b))
            taken.append((a, b))
    return sorted(found, key=lambda t: t[1])


def participants(s: str, actors: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The actors that take part: mentions inside another actor's name and mere backers left out."""
    out = []
    for i, (code, a, b) in enumerate(actors):
        if i and any(code == enemy and actors[i - 1][0] == owner and re.fullmatch(gap, s[actors[i - 1][2]:a])
                     for owner, enemy, gap in R.PART_OF_NAME):
            continue
        out.append((code, a, b))
    backers = [t for t in out if re.search(R.BACKER, s[max(0, t[1] - 30):t[1]])]
    if backers and len({c for c, _, _ in out if (c, _, _) not in backers}) >= 2:
        out = [t for t in out if t not in backers]
    return out


def find_places(s: str, lex: Lexicon) -> list[tuple[str, object, int, int]]:
    found, taken = [], []
    for kind, key, rx in lex.place_rx:
        for m in rx.finditer(s):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            found.append((kind, key, a, b))
            taken.append((a, b))
    return sorted(found, key=lambda t: t[2])


# --- candidates -------------------------------------------------------------------------------------

@dataclass
class Candidate:
    row: dict
    sentence: str                                   # the whole source sentence, original text
    spans: list = field(default_factory=list)       # (start, end, kind, label) in the sentence
    sentence_index: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _category(s: str, near: int | None = None) -> tuple[str, int]:
    """Category and suggested tension of a clause; `near` is the date phrase's offset in it."""
    stripped = re.sub(R.DECONFLICTION, lambda m: " " * len(m.group(0)), s)
    hits = []
    for order, (cat, pat, tension) in enumerate(R.CATEGORY_RULES):
        text = stripped if cat in ("military_incident", "strike") else s
        for m in re.finditer(pat, text):
            hits.append((cat not in R.STRONG_CATEGORIES, abs(m.start() - near) if near is not None else 0, order, cat, tension))
            break
    if not hits:
        return R.FALLBACK_CATEGORY
    if near is None:
        hits.sort(key=lambda h: (h[0], h[2]))
    else:
        hits.sort(key=lambda h: (h[0], h[1], h[2]))
    _, _, _, cat, tension = hits[0]
    for cats, fpat, floor in R.TENSION_FLOORS:
        if cat in cats and re.search(fpat, s):
            tension = max(tension, floor)
    return cat, tension


@lru_cache(maxsize=32)
def _attribution_rx(own_outlet: str) -> tuple[re.Pattern, tuple[str, ...]]:
    own = norm(own_outlet)
    outlets = tuple(o for o in sorted(R.OUTLETS, key=len, reverse=True) if norm(o) != own and norm(o) not in own.split(" / "))
    alt = "|".join(re.escape(o) for o in outlets)
    return re.compile(R.ATTRIBUTION_EN.format(outlets=alt)), outlets


def _attributed(s: str, own_outlet: str) -> str | None:
    """The outlet a sentence relays (another newspaper or agency), or None."""
    rx, outlets = _attribution_rx(own_outlet)
    m = rx.search(s)
    if m:
        return (m.groupdict().get("o1") or m.groupdict().get("o2") or m.group(0)).strip()
    m = re.search(R.ATTRIBUTION_AR, s)
    if m:
        tail = s[m.end():m.end() + 40]
        named = next((o for o in outlets if _ARABIC.search(o) and o in tail), None)
        if named and named in norm(own_outlet):
            return None
        return named or m.group(0).strip()
    return None


def _clauses(s: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in re.finditer(R.CLAUSE_SPLIT, s) if s[:m.start()].count('"') % 2 == 0] + [len(s)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if s[a:b].strip(" ،,")]


def _title(cat: str, codes: list[str], lex: Lexicon, loc: tuple[str, str]) -> tuple[str, str]:
    term = vocab.CATEGORIES[cat]
    en = " – ".join(lex.actor_names[c][0] for c in codes) or "Unattributed"
    ar = " – ".join(lex.actor_names[c][1] for c in codes) or "جهة غير محددة"
    t_en, t_ar = f"{term.label}: {en}", f"{term.label_ar}: {ar}"
    if loc[0]:
        t_en, t_ar = f"{t_en} ({loc[0]})", f"{t_ar} ({loc[1] or loc[0]})"
    return t_en, t_ar


def _place_fields(places: list, sent_n: str, lex: Lexicon) -> dict:
    order = {"town": 0, "gov": 1, "region": 2}
    if not places:
        return {}
    origin = {p[2]: bool(re.search(R.ORIGIN, sent_n[max(0, p[2] - 30):p[2]])) for p in places}
    kind, key, a, _ = min(places, key=lambda p: (order[p[0]], origin[p[2]], p[2]))
    near = bool(re.search(rf"(?<!\w){R.NEAR}\s+(?:{R.PLACE_NOUNS}\s+)?$", sent_n[max(0, a - 30):a]))
    if kind == "town":
        p = lex.places[key]
        return {"admin1": p["admin1"], "location": p["name_en"], "location_ar": p["name_ar"],
                "latitude": f"{p['lat']:.4f}", "longitude": f"{p['lon']:.4f}", "geo_precision": 2 if near else 1,
                "geo_note": f"GeoNames {key} ({p['geonames']})"}
    if kind == "gov":
        out = {"admin1": key, "location": f"{key} governorate", "location_ar": f"محافظة {vocab.GOVERNORATES_AR[key]}"}
        gid = R.GOVERNORATE_CAPITAL.get(key)
        if gid in lex.places:
            p = lex.places[gid]
            out.update(latitude=f"{p['lat']:.4f}", longitude=f"{p['lon']:.4f}", geo_precision=3,
                       geo_note=f"GeoNames {gid} ({p['geonames']}), governorate capital; the text names only the governorate")
        return out
    return {"location": key[0], "location_ar": key[1], "geo_note": "region only; no coordinates"}


def extract(text: str, pub_date, outlet: str, url: str, lex: Lexicon, existing: pd.DataFrame | None = None,
            title: str = "") -> list[Candidate]:
    """Candidate events of one article. `existing` (events table) enables duplicate flags."""
    if not outlet or not str(outlet).strip():
        raise ExtractError(N_("the outlet is required"))
    if not url or not re.match(r"^https?://\S+$", str(url).strip()):
        raise ExtractError(N_("the article URL is required (http:// or https://)"))
    try:
        pub = pd.Timestamp(pub_date).date()
    except (ValueError, TypeError) as err:
        raise ExtractError(N_("the publication date is not a date: {value}"), value=repr(pub_date)) from err
    if pd.isna(pd.Timestamp(pub_date)):
        raise ExtractError(N_("the publication date is required"))
    if not text or not text.strip():
        raise ExtractError(N_("the text is empty"))
    cands: list[Candidate] = []
    anchor: dt.date | None = None
    relayed_outlet: str | None = None
    for si, (sa, sb) in enumerate(split_sentences(text)):
        sent = text[sa:sb]
        sent_n, idx = normalise_map(sent)
        att = _attributed(sent_n, outlet)
        if att and att not in ("الصحيفه", "the newspaper") and not re.match(r"^(?:نقل|ذكر|افاد|بحسب|حسب|وفق|according)", att):
            relayed_outlet = att
        elif att:
            relayed_outlet = relayed_outlet or att
        first_date: DateHit | None = None
        for ci, (ca, cb) in enumerate(_clauses(sent_n)):
            clause = sent_n[ca:cb]
            hits = [DateHit(h.start + ca, h.end + ca, h.date, h.precision, h.date_from, h.date_to, h.kind)
                    for h in find_dates(clause, pub, anchor)]
            actors = [(c, a + ca, b + ca) for c, a, b in participants(clause, find_actors(clause, lex))]
            places = [(k, key, a + ca, b + ca) for k, key, a, b in find_places(clause, lex)]
            d = best_date(hits, sent_n)
            cat, tension = _category(clause, d.start - ca if d else None)
            phrase, note = "", ""
            if d is None and ci > 0 and first_date is not None and cat != "context" and actors:
                d, note = first_date, "date of the first clause of the sentence"
            if d is None and re.search(R.REPORT_VERBS, clause) and actors:
                d = DateHit(0, 0, pub, 2, pub - dt.timedelta(days=3), pub, "publication")
                note = "no date in the sentence: publication date, week precision"
            if d is None:
                continue
            if d.kind != "publication" and d.end > d.start:
                phrase = sent[_span(idx, d.start, d.end)[0]:_span(idx, d.start, d.end)[1]]
            if ci == 0 or first_date is None:
                first_date = d
            codes = list(dict.fromkeys(c for c, _, _ in actors))
            if not codes and d.kind != "publication" and cands and cands[-1].sentence_index >= si - 1:
                # "the same happened yesterday": a dated clause naming no actor continues the
                # previous sentence's actors.
                prev = cands[-1].row
                codes = [prev[k] for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2") if prev[k]]
                note = (note + "; " if note else "") + "actors carried over from the previous sentence"
            if not codes:
                continue
            if d.precision == 1:
                anchor = d.date
            # A statement sentence with no date of its own that continues the previous candidate
            # (same speaker, same fallback date) adds to it rather than proposing a new event.
            if d.kind == "publication" and cands and cands[-1].row["event_date"] == pub.isoformat() and \
                    set(codes) <= set(filter(None, [cands[-1].row[k] for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")])):
                cands[-1].row["evidence"] += " " + sent[_span(idx, ca, cb)[0]:_span(idx, ca, cb)[1]].strip()
                continue
            secondary = att is not None or (relayed_outlet is not None and re.search(
                r"(?:الصحيفه|الوكاله|the\s+newspaper|the\s+paper|the\s+agency)", clause) is not None)
            relay = att or relayed_outlet
            pf = _place_fields(places, sent_n, lex)
            t_en, t_ar = _title(cat, codes, lex, (pf.get("location", ""), pf.get("location_ar", "")))
            etype, sub = R.ACLED_TYPES.get(cat, R.DEFAULT_ACLED_TYPE)
            row = {c: "" for c in COLUMNS}
            row.update({
                "event_date": d.date.isoformat(), "time_precision": d.precision, "category": cat,
                "event_type": etype, "sub_event_type": sub,
                "actor1": codes[0] if codes else "", "actor2": codes[1] if len(codes) > 1 else "",
                "assoc_actor_1": codes[2] if len(codes) > 2 else "", "assoc_actor_2": codes[3] if len(codes) > 3 else "",
                "title_en": t_en, "title_ar": t_ar, "tension": tension,
                "tension_reason": f"suggested by the '{cat}' keyword rule",
                "notes": f"Draft extracted from {outlet} ({pub.isoformat()})"
                         + (f"; date from the phrase '{phrase}'" if phrase else "") + (f"; {note}" if note else "")
                         + (f"; relayed from {relay}" if secondary else ""),
                "source": outlet.strip(), "source_title": title, "source_date": pub.isoformat(), "source_url": url.strip(),
                "confidence": "probable", "verification": "secondary_only" if secondary else "source_read",
                "date_phrase": phrase, "date_from": d.date_from.isoformat(), "date_to": d.date_to.isoformat(),
            })
            row.update(pf)
            spans = []
            if d.end > d.start:
                spans.append((*_span(idx, d.start, d.end), "date", phrase))
            spans += [(*_span(idx, a, b), "actor", c) for c, a, b in actors]
            spans += [(*_span(idx, a, b), "place", str(k if k != "town" else lex.places[key]["name_en"])) for k, key, a, b in places]
            row["evidence"] = sent[_span(idx, ca, cb)[0]:_span(idx, ca, cb)[1]].strip(" ،,")
            cands.append(Candidate(row, sent, spans, si))
    for c in cands:
        if existing is not None and len(existing):
            c.row["duplicate_of"] = find_duplicate(c.row, existing)
    return cands


# --- duplicates ------------------------------------------------------------------------------------

_STOP = {norm(w) for w in "the and of in on to a an for with by at from as that this is was were has have said says "
         "في من على الى عن ان مع بين التي الذي هذه هذا ذلك قال قالت كما او ثم بعد قبل".split()}


_DATE_WORDS = {t for n in [*R.MONTHS, *R.WEEKDAYS] for t in norm(n).replace(".", "").split()} | {"الاول", "اول", "ثاني", "الثاني"}


def _tokens(s: str) -> set[str]:
    """Content words, lightly stemmed (Arabic proclitics and the commonest suffixes removed)."""
    out = set()
    for w in re.findall(r"\w+", norm(s)):
        w = re.sub(r"^[وف](?=(?:ال|بال|لل)\w{3})", "", w)
        w = re.sub(r"^(?:بال|لل|كال|ال|ب|ل)(?=\w{3})", "", w)
        w = re.sub(r"(?:ات|ين|ون|يه|ه|s)$", "", w) if len(w) > 4 else w
        if len(w) >= 3 and w not in _STOP and w not in _DATE_WORDS and not w.isdigit():
            out.add(w)
    return out


def _window(date: pd.Timestamp, precision: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    if precision == 2:
        return date - pd.Timedelta(days=3), date + pd.Timedelta(days=3)
    if precision == 3:
        return date.replace(day=1), date + pd.offsets.MonthEnd(0)
    return date - pd.Timedelta(days=1), date + pd.Timedelta(days=1)


def _event_index(events: pd.DataFrame) -> dict:
    """Per-event date windows, actor sets, token sets (Arabic, English) and idf; cached per table."""
    key = id(events)
    if _TOKEN_CACHE.get("key") == key:
        return _TOKEN_CACHE["value"]
    ar = [_tokens(f"{t} {n}") for t, n in zip(events["title_ar"].fillna(""), events["notes_ar"].fillna(""))]
    en = [_tokens(f"{t} {n}") for t, n in zip(events["title_en"].fillna(""), events["notes"].fillna(""))]
    df: dict[str, int] = {}
    for toks in ar + en:
        for t in toks:
            df[t] = df.get(t, 0) + 1
    n = max(1, len(events))
    dates = pd.to_datetime(events["event_date"]).reset_index(drop=True)
    prec = pd.to_numeric(events["time_precision"], errors="coerce").fillna(1).astype(int).reset_index(drop=True)
    wins = [_window(d, p) for d, p in zip(dates, prec)]
    cols = [c for c in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2") if c in events]
    actor_sets = [{a for a in row if isinstance(a, str) and a} for row in events[cols].itertuples(index=False)]
    value = {"ar": ar, "en": en, "idf": {t: math.log((2 * n + 1) / (c + 1)) for t, c in df.items()},
             "default_idf": math.log(2 * n + 1), "dates": list(dates), "lo": [w[0] for w in wins], "hi": [w[1] for w in wins],
             "actors": actor_sets, "ids": [str(x) for x in events["event_id"]]}
    _TOKEN_CACHE.update(key=key, value=value)
    return value


_TOKEN_CACHE: dict = {}


def find_duplicate(row: dict, events: pd.DataFrame, min_similarity: float = 0.25) -> str:
    """event_id of an existing event on an overlapping date window, sharing an actor, with similar wording.

    Similarity is the idf-weighted share of the candidate's content words found in the event's
    title and notes (same language); an exact date match adds 0.1. Year or approximate dates need
    twice the similarity.
    """
    lo, hi = pd.Timestamp(row["date_from"]), pd.Timestamp(row["date_to"])
    if int(row["time_precision"]) == 1:
        lo, hi = lo - pd.Timedelta(days=1), hi + pd.Timedelta(days=1)
    codes = {row[k] for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2") if row[k]}
    ix = _event_index(events)
    toks = ix["ar"] if _ARABIC.search(row["evidence"]) else ix["en"]
    idf, dflt = ix["idf"], ix["default_idf"]
    ev_tokens = _tokens(row["evidence"])
    total = sum(idf.get(t, dflt) for t in ev_tokens)
    if not total:
        return ""
    when = pd.Timestamp(row["event_date"])
    need = min_similarity * (2 if int(row["time_precision"]) >= 4 else 1)
    best, best_score = "", 0.0
    for i, eid in enumerate(ix["ids"]):
        if ix["hi"][i] < lo or ix["lo"][i] > hi or (codes and not codes & ix["actors"][i]):
            continue
        score = sum(idf.get(t, dflt) for t in ev_tokens & toks[i]) / total + (0.1 if when == ix["dates"][i] else 0)
        if score >= need and score > best_score:
            best, best_score = eid, score
    return best


# --- input and output ------------------------------------------------------------------------------

def html_to_text(html: str) -> str:
    """Readable text of an HTML page (BeautifulSoup; scripts, styles and navigation dropped)."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html, "html.parser")
    for t in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        t.decompose()
    blocks = [el.get_text(" ", strip=True) for el in soup.find_all(["h1", "h2", "h3", "p", "li", "blockquote"])]
    blocks = [b for b in blocks if b]
    return "\n".join(blocks) if blocks else soup.get_text("\n", strip=True)


def read_article(data: bytes, name: str) -> str:
    """Text of an uploaded .txt or .html file (UTF-8)."""
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ExtractError(N_("{name}: not UTF-8 text (byte {byte})"), name=name, byte=err.start) from err
    if name.lower().endswith((".html", ".htm")) or re.match(r"\s*<(?:!doctype|html)", raw, re.I):
        return html_to_text(raw)
    return raw


def headline(text: str) -> str:
    """The first line when it reads like a headline (short, no final full stop)."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first if first and len(first) <= 160 and not first.endswith((".", "؟", "?")) else ""


def to_csv(cands: list[Candidate]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for c in cands:
        w.writerow(c.row)
    return buf.getvalue()


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    from .loading import DATA_DIR, load_table
    from .schema import SPECS
    actors = load_table(DATA_DIR / "actors.csv", SPECS["actors"]).df
    return build_lexicon(actors, pd.read_csv(PLACES_CSV, encoding="utf-8"))
