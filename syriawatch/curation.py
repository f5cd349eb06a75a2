"""The Curate and Review pages' logic, without Streamlit: form fields, choices, places, diffs, history.

The form has every codebook field of an event or a site period (``syriawatch.schema.SPECS``) except
the id (allocated by the store, never reused) and ``updated_at`` (set by the store).  Values travel as
the exact text of a CSV cell; validation is the loader's own (:meth:`syriawatch.store.Store.validate`),
its problems are shown next to the field they concern.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd

from . import GEO_DIR, i18n, vocab
from .i18n import N_, _
from .schema import SPECS
from .textsafe import md

TABLES = {"events": N_("Events"), "sites": N_("Site periods")}

GROUPS = {
    "events": [
        (N_("When"), ["event_date", "time_precision"]),
        (N_("What"), ["category", "event_type", "sub_event_type", "tension", "tension_reason", "fatalities"]),
        (N_("Who"), ["actor1", "actor2", "assoc_actor_1", "assoc_actor_2"]),
        (N_("Where"), ["admin1", "location", "location_ar", "latitude", "longitude", "geo_precision", "geo_note"]),
        (N_("Title and notes"), ["title_en", "title_ar", "notes", "notes_ar"]),
        (N_("Sources"), ["source", "source_title", "source_date", "source_url",
                         "source2", "source2_title", "source2_date", "source2_url", "confidence", "verification"]),
    ],
    "sites": [
        (N_("Site"), ["site_key", "name_en", "name_ar", "operator", "kind"]),
        (N_("Where"), ["admin1", "latitude", "longitude", "geo_precision", "geo_note"]),
        (N_("Period of control"), ["established", "established_precision", "vacated", "vacated_precision",
                                   "last_report_date", "last_report_url"]),
        (N_("Sources"), ["source", "source_title", "source_date", "source_url",
                         "source2", "source2_title", "source2_date", "source2_url", "confidence", "verification"]),
        (N_("Notes"), ["notes"]),
    ],
}

LABELS = {
    "event_date": N_("Event date"), "time_precision": N_("Date precision"), "category": N_("Category"),
    "event_type": N_("ACLED event type"), "sub_event_type": N_("ACLED sub-event type"), "tension": N_("Tension score"),
    "tension_reason": N_("Why this score"), "fatalities": N_("Fatalities"), "actor1": N_("Actor 1"),
    "actor2": N_("Actor 2"), "assoc_actor_1": N_("Associated with actor 1"), "assoc_actor_2": N_("Associated with actor 2"),
    "admin1": N_("Governorate"), "location": N_("Place (English)"), "location_ar": N_("Place (Arabic)"),
    "latitude": N_("Latitude"), "longitude": N_("Longitude"), "geo_precision": N_("Place precision"),
    "geo_note": N_("Where the coordinates come from"), "title_en": N_("Title (English)"), "title_ar": N_("Title (Arabic)"),
    "notes": N_("Notes (English)"), "notes_ar": N_("Notes (Arabic)"), "source": N_("Source: outlet"),
    "source_title": N_("Source: headline"), "source_date": N_("Source: date"), "source_url": N_("Source: URL"),
    "source2": N_("Second source: outlet"), "source2_title": N_("Second source: headline"),
    "source2_date": N_("Second source: date"), "source2_url": N_("Second source: URL"), "confidence": N_("Confidence"),
    "verification": N_("Verification"), "site_key": N_("Site key (shared by all periods of the place)"),
    "name_en": N_("Name (English)"), "name_ar": N_("Name (Arabic)"), "operator": N_("Held by"), "kind": N_("Kind of site"),
    "established": N_("Period starts"), "established_precision": N_("Start date precision"), "vacated": N_("Period ends"),
    "vacated_precision": N_("End date precision"), "last_report_date": N_("Latest report still in force: date"),
    "last_report_url": N_("Latest report still in force: URL"),
}
LONG_TEXT = {"notes", "notes_ar", "tension_reason", "geo_note", "title_en", "title_ar"}
NONE = ""   # the empty choice of an optional field


def label(col: str) -> str:
    return _(LABELS.get(col, col))


def editable(table: str) -> list[str]:
    return [c for _g, cols in GROUPS[table] for c in cols]


def kind(table: str, col: str) -> str:
    """date | choice | text | long."""
    spec = SPECS[table].columns[col]
    if spec.kind == "date":
        return "date"
    if choices(table, col, ["X"]) is not None:
        return "choice"
    return "long" if col in LONG_TEXT else "text"


def choices(table: str, col: str, actor_codes: list[str]) -> list[str] | None:
    """The values a field may take (as cell text; "" first when the field may be empty), or None for free text."""
    spec = SPECS[table]
    opts: list[str] | None = None
    if col in spec.actor_columns:
        opts = list(actor_codes)
    elif col == "category":
        opts = list(vocab.CATEGORIES)
    elif col == "event_type":
        opts = list(vocab.ACLED_TYPES)
    elif col == "sub_event_type":
        opts = list(vocab.ACLED_SUB_TYPES)
    elif col in ("time_precision",):
        opts = [str(k) for k in vocab.TIME_PRECISION]
    elif col == "geo_precision":
        opts = [str(k) for k in vocab.GEO_PRECISION]
    elif col.endswith("_precision"):
        opts = [str(k) for k in vocab.DATE_PRECISION]
    elif col == "admin1":
        opts = list(vocab.GOVERNORATE_NAMES)
    elif col == "tension":
        opts = [str(k) for k in range(vocab.TENSION_MAX, vocab.TENSION_MIN - 1, -1)]
    elif col == "confidence":
        opts = list(vocab.CONFIDENCE)
    elif col == "verification":
        opts = list(vocab.VERIFICATION)
    elif col == "kind" and table == "sites":
        opts = list(vocab.SITE_KINDS)
    if opts is None:
        return None
    return opts if spec.columns[col].required else [NONE, *opts]


def choice_label(table: str, col: str, value: str, actor_names: dict[str, str]) -> str:
    """How a choice is shown in the interface language (the stored value is the code)."""
    if value == NONE:
        return "—"
    if col in SPECS[table].actor_columns:
        return f"{actor_names.get(value, value)} ({value})"
    terms = {"category": vocab.CATEGORIES, "confidence": vocab.CONFIDENCE, "verification": vocab.VERIFICATION}
    if table == "sites":
        terms["kind"] = vocab.SITE_KINDS
    if col in terms and value in terms[col]:
        return i18n.term(terms[col][value])
    pairs = {"time_precision": vocab.TIME_PRECISION, "geo_precision": vocab.GEO_PRECISION}
    scale = pairs.get(col, vocab.DATE_PRECISION if col.endswith("_precision") else None)
    if scale is not None and value.isdigit() and int(value) in scale:
        return f"{value} · {i18n.pair(scale[int(value)])}"
    if col == "admin1":
        return i18n.governorate(value)
    if col == "tension":
        return i18n.signed(int(value))
    return value


def blank_row(table: str) -> dict[str, str]:
    row = {c: "" for c in SPECS[table].columns}
    if table == "events":
        row.update(time_precision="1", tension="0", confidence="probable", verification="source_read")
    else:
        row.update(confidence="probable", verification="source_read")
    return row


def to_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def cell(value) -> str:
    """A widget's value as the text of a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return str(value).strip()


def by_field(problems) -> dict[str, list[str]]:
    """Loader problems per field ("" for the whole row)."""
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.column or "", []).append(p.reason)
    return out


def row_title(table: str, row: dict) -> str:
    key = row.get(SPECS[table].key, "")
    if table == "events":
        return f"{key} · {row.get('event_date', '')} · {i18n.pick(row, 'title')}"[:140]
    return f"{key} · {i18n.pick(row, 'name')} · {row.get('operator', '')} · {row.get('established', '')}"[:140]


# ------------------------------------------------------------------------------------------ places

@dataclass(frozen=True)
class Place:
    geonameid: str
    name: str
    name_ar: str
    latitude: float
    longitude: float
    admin1: str

    def label(self) -> str:
        gov = i18n.governorate(self.admin1) if self.admin1 else ""
        name = self.name_ar if i18n.lang() == "ar" and self.name_ar else self.name
        return f"{name}" + (f" ({gov})" if gov else "")


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[Place, ...]:
    """The Syrian GeoNames places of geo/gazetteer_sy.csv, with Arabic names from geo/places.csv where
    known and the governorate their point falls in (geo/syria_adm1.geojson)."""
    import geopandas as gpd

    gz = pd.read_csv(GEO_DIR / "gazetteer_sy.csv", dtype={"geonameid": str})
    ar = pd.read_csv(GEO_DIR / "places.csv", dtype={"geonameid": str}).set_index("geonameid")["name_ar"].to_dict()
    gov = gpd.read_file(GEO_DIR / "syria_adm1.geojson")[["admin1", "geometry"]]
    pts = gpd.GeoDataFrame(gz, geometry=gpd.points_from_xy(gz["longitude"], gz["latitude"]), crs=gov.crs)
    joined = gpd.sjoin(pts, gov, how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    places = [Place(str(r.geonameid), str(r.name), str(ar.get(str(r.geonameid), "") or ""), round(float(r.latitude), 4),
                    round(float(r.longitude), 4), "" if pd.isna(r.admin1) else str(r.admin1))
              for r in joined.itertuples()]
    return tuple(sorted(places, key=lambda p: p.name))


def place_fields(place: Place, table: str) -> dict[str, str]:
    """The fields a chosen gazetteer place fills in (all stay editable)."""
    out = {"latitude": f"{place.latitude:.4f}", "longitude": f"{place.longitude:.4f}", "geo_precision": "1",
           "geo_note": f"GeoNames {place.geonameid} ({place.name})"}
    if place.admin1:
        out["admin1"] = place.admin1
    if table == "events":
        out["location"] = place.name
        if place.name_ar:
            out["location_ar"] = place.name_ar
    return out


# ------------------------------------------------------------------------------------------ review and history

STATUS = {"draft": N_("waiting for review"), "sent_back": N_("sent back to the author"),
          "published": N_("published"), "rejected": N_("rejected")}
ACTIONS = {"create": N_("new row"), "update": N_("edit"), "retire": N_("retire"),
           "draft_create": N_("draft: new row"), "draft_update": N_("draft: edit"), "draft_retire": N_("draft: retire"),
           "publish": N_("published"), "sent_back": N_("sent back"), "rejected": N_("rejected"),
           "seed": N_("first import of the release files"), "import": N_("release import")}


def diff_rows(diff: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """A draft's field diff as a table: field, published, proposed."""
    return pd.DataFrame([{_("Field"): label(f) if f in LABELS else f, _("Published"): a or "—", _("Proposed"): b or "—"}
                         for f, (a, b) in diff.items()])


def _short(v, n: int = 90) -> str:
    s = "" if v is None else str(v)
    return md(s if len(s) <= n else s[: n - 1] + "…") or "—"


def history_md(entries) -> str:
    """A row's audit trail as escaped Markdown: who, when, what changed (before → after), comment, source."""
    from .textsafe import safe_url

    if not entries:
        return _("No recorded changes.")
    out = []
    for e in reversed(entries):                        # newest first
        when = i18n.date(e.at[:10], "iso") + " " + e.at[11:16] + " UTC"
        what = _(ACTIONS[e.action]) if e.action in ACTIONS else md(e.action)
        out.append(f"- **{when}** · {md(e.who)} · {what}")
        fields = [f for f in e.changes if f in LABELS or f.startswith("(")]
        if e.action in ("seed", "import") and len(fields) > 3:
            out.append("  " + _("{n} fields set from the release files").format(n=i18n.number(len(fields))))
        else:
            for f in fields[:12]:
                before, after = e.changes[f]
                name = label(f) if f in LABELS else {"(status)": _("status"), "(action)": _("action")}.get(f, f)
                out.append(f"  - {name}: {_short(before)} → {_short(after)}")
            if len(fields) > 12:
                out.append("  - " + _("… and {n} more fields").format(n=i18n.number(len(fields) - 12)))
        if e.comment:
            out.append(f"  - {_('Comment:')} {_short(e.comment, 300)}")
        if e.source:
            url = safe_url(e.source)
            out.append(f"  - {_('Source:')} " + (f"[{_short(e.source, 80)}](<{url}>)" if url else _short(e.source, 200)))
    return "\n".join(out)
