"""Column specifications of the curated tables, turned into pandera schemas.

Each table is a UTF-8 CSV.  Types are parsed by :mod:`syriawatch.loading` (so that a bad value is
reported as "not a date" rather than as a dtype error), then pandera checks values lazily.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from . import vocab

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
SCOPE_START = pd.Timestamp("2015-09-01")


@dataclass(frozen=True)
class Col:
    kind: str = "str"            # str | int | float | date
    required: bool = False
    checks: tuple[pa.Check, ...] = ()
    doc: str = ""


def _isin(values, what: str) -> pa.Check:
    allowed = list(values)
    shown = ", ".join(map(str, allowed[:12])) + (" …" if len(allowed) > 12 else "")
    return pa.Check.isin(allowed, error=f"not a known {what} (allowed: {shown})")


def _range(lo, hi, what: str) -> pa.Check:
    return pa.Check.in_range(lo, hi, error=f"{what} must be between {lo} and {hi}")


URL_CHECK = pa.Check.str_matches(URL.pattern, error="not an http(s) URL")
DATE_CHECK = pa.Check(lambda s: s <= pd.Timestamp(dt.date.today()) + pd.Timedelta(days=1),
                      element_wise=False, error="date is in the future")


@dataclass
class TableSpec:
    name: str
    key: str
    columns: dict[str, Col]
    row_checks: list[pa.Check] = field(default_factory=list)
    # Columns that hold actor codes; checked against actors.csv once it is loaded.
    actor_columns: tuple[str, ...] = ()

    def schema(self, actor_codes: list[str] | None = None) -> pa.DataFrameSchema:
        cols = {}
        for name, c in self.columns.items():
            checks = list(c.checks)
            if actor_codes is not None and name in self.actor_columns:
                checks.append(_isin(actor_codes, "actor code (see data/actors.csv)"))
            cols[name] = pa.Column(nullable=not c.required, checks=checks)
        return pa.DataFrameSchema(cols, checks=self.row_checks, strict=False)


def _both_or_neither(a: str, b: str):
    return pa.Check(lambda df: df[a].isna() == df[b].isna(), error=f"{a} and {b} must both be given or both be empty")


def _precision_with_coords():
    return pa.Check(lambda df: df["latitude"].isna() | df["geo_precision"].notna(),
                    error="geo_precision is required when coordinates are given")


def _sub_type_matches():
    def ok(df):
        return pd.Series([
            (t not in vocab.ACLED_TYPES) or (s in vocab.ACLED_TYPES[t])
            for t, s in zip(df["event_type"], df["sub_event_type"])
        ], index=df.index)
    return pa.Check(ok, error="sub_event_type does not belong to event_type (ACLED hierarchy)")


def _url_when_read():
    return pa.Check(lambda df: df["source_url"].notna() | (df["verification"] != "source_read"),
                    error="source_url is required when verification is source_read")


def _not_before(later: str, earlier: str):
    return pa.Check(lambda df: df[later].isna() | df[earlier].isna() | (df[later] >= df[earlier]),
                    error=f"{later} is before {earlier}")


_SOURCE_COLS = {
    "source": Col("str", True, (), "Outlet of the primary source (';'-separated relays allowed in the text)."),
    "source_title": Col("str", False, (), "Headline of the primary source; [brackets] = our description."),
    "source_date": Col("date", False, (), "Publication date of the primary source."),
    "source_url": Col("str", False, (URL_CHECK,), "URL of the primary source; may be empty only when verification is not source_read."),
    "source2": Col("str", False, (), "Outlet of a second, independent source."),
    "source2_title": Col("str", False, (), "Headline of the second source."),
    "source2_date": Col("date", False, (), "Publication date of the second source."),
    "source2_url": Col("str", False, (URL_CHECK,), "URL of the second source."),
    "confidence": Col("str", True, (_isin(vocab.CONFIDENCE, "confidence grade"),), "confirmed / probable / possible / disputed."),
}


EVENTS = TableSpec(
    name="events",
    key="event_id",
    actor_columns=("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"),
    columns={
        "event_id": Col("str", True, (pa.Check.str_matches(r"^[A-Za-z0-9_-]+$", error="ids may use letters, digits, - and _ only"),),
                        "Stable identifier, never reused."),
        "event_date": Col("date", True, (pa.Check.ge(SCOPE_START, error="before the project's scope (2015-09-01)"), DATE_CHECK),
                          "Date of the event (ISO YYYY-MM-DD)."),
        "time_precision": Col("int", True, (_isin([1, 2, 3], "time precision"),), "ACLED: 1 exact day, 2 within a week, 3 within a month."),
        "category": Col("str", True, (_isin(vocab.CATEGORIES, "category"),), "Tension category (see vocabulary)."),
        "event_type": Col("str", True, (_isin(vocab.ACLED_TYPES, "ACLED event type"),), "ACLED event type."),
        "sub_event_type": Col("str", True, (_isin(vocab.ACLED_SUB_TYPES, "ACLED sub-event type"),), "ACLED sub-event type."),
        "actor1": Col("str", True, (), "Actor code (data/actors.csv)."),
        "actor2": Col("str", False, (), "Actor code, empty for unilateral acts."),
        "assoc_actor_1": Col("str", False, (), "Actor code associated with actor1."),
        "assoc_actor_2": Col("str", False, (), "Actor code associated with actor2."),
        "admin1": Col("str", False, (_isin(vocab.GOVERNORATE_NAMES, "governorate"),), "Governorate; empty outside Syria."),
        "location": Col("str", False, (), "Nearest named place (English)."),
        "location_ar": Col("str", False, (), "Nearest named place (Arabic)."),
        "latitude": Col("float", False, (_range(-90, 90, "latitude"),), "WGS84, 4 decimals; empty if not geolocated."),
        "longitude": Col("float", False, (_range(-180, 180, "longitude"),), "WGS84, 4 decimals."),
        "geo_precision": Col("int", False, (_isin([1, 2, 3], "geo precision"),), "ACLED: 1 place, 2 near it, 3 region only."),
        "geo_note": Col("str", False, (), "Where the coordinates come from."),
        "title_en": Col("str", True, (pa.Check.str_length(max_value=200, error="title longer than 200 characters"),), "Headline, English."),
        "title_ar": Col("str", True, (pa.Check.str_length(max_value=200, error="title longer than 200 characters"),), "Headline, Arabic."),
        "notes": Col("str", False, (), "Facts from the sources, our wording; disagreements between sources."),
        "notes_ar": Col("str", False, (), "Notes in Arabic."),
        "tension": Col("int", True, (_range(vocab.TENSION_MIN, vocab.TENSION_MAX, "tension"),), "−10 (cooperation) … +10 (lethal clash)."),
        "tension_reason": Col("str", False, (), "One line on why this score."),
        "fatalities": Col("int", False, (pa.Check.ge(0, error="fatalities cannot be negative"),), "Most conservative reported figure."),
        **_SOURCE_COLS,
        "verification": Col("str", True, (_isin(vocab.VERIFICATION, "verification status"),), "How the row was checked."),
        "updated_at": Col("date", True, (DATE_CHECK,), "Date the row was last edited."),
    },
    row_checks=[_both_or_neither("latitude", "longitude"), _precision_with_coords(), _sub_type_matches(),
                _both_or_neither("source2", "source2_url"), _url_when_read()],
)

ACTORS = TableSpec(
    name="actors",
    key="code",
    columns={
        "code": Col("str", True, (pa.Check.str_matches(r"^[A-Z][A-Z0-9_]*$", error="codes are upper-case letters, digits and _"),),
                    "Actor code used in events and sites."),
        "name_en": Col("str", True, (), "English name."),
        "name_ar": Col("str", True, (), "Arabic name."),
        "side": Col("str", True, (_isin(vocab.SIDES, "side"),), "Side the actor belongs to."),
        "colour": Col("str", True, (pa.Check.str_matches(HEX.pattern, error="not a #RRGGBB colour"),), "Display colour."),
        "description": Col("str", False, (), "Who is covered by the code."),
        "aliases": Col("str", False, (), "Other names in English and Arabic, separated by ';' (people, offices, capitals); used by the article extractor."),
    },
)

SITES = TableSpec(
    name="sites",
    key="site_id",
    actor_columns=("operator",),
    columns={
        "site_id": Col("str", True, (pa.Check.str_matches(r"^[A-Za-z0-9_-]+$", error="ids may use letters, digits, - and _ only"),),
                       "One row per period of control."),
        "site_key": Col("str", True, (), "Shared by all periods of the same physical site."),
        "name_en": Col("str", True, (), "English name."),
        "name_ar": Col("str", True, (), "Arabic name."),
        "operator": Col("str", True, (), "Actor code of the force holding the site in this period."),
        "kind": Col("str", True, (_isin(vocab.SITE_KINDS, "site kind"),), "airbase, base, outpost, …"),
        "admin1": Col("str", False, (_isin(vocab.GOVERNORATE_NAMES, "governorate"),), "Governorate."),
        "latitude": Col("float", False, (_range(-90, 90, "latitude"),), "WGS84; empty when no traceable coordinate exists (the site is then listed but not drawn)."),
        "longitude": Col("float", False, (_range(-180, 180, "longitude"),), "WGS84."),
        "geo_precision": Col("int", False, (_isin([1, 2, 3], "geo precision"),), "ACLED: 1 place, 2 near it, 3 region only; required with coordinates."),
        "geo_note": Col("str", False, (), "Where the coordinates come from."),
        "established": Col("date", False, (), "First day of this period (or first reported active)."),
        "established_precision": Col("int", False, (_isin([1, 2, 3, 4], "date precision"),), "1 day, 2 week, 3 month, 4 year."),
        "vacated": Col("date", False, (), "Last day of this period; empty if still active."),
        "vacated_precision": Col("int", False, (_isin([1, 2, 3, 4], "date precision"),), "1 day, 2 week, 3 month, 4 year."),
        **_SOURCE_COLS,
        "verification": Col("str", True, (_isin(vocab.VERIFICATION, "verification status"),), "How the row was checked."),
        "notes": Col("str", False, (), "Notes."),
        "updated_at": Col("date", True, (), "Date the row was last edited."),
        "last_report_date": Col("date", False, (), "Latest publication date of a source read that reports this period still in force (open periods); the map's 'status unknown after 18 months' rule counts from it."),
        "last_report_url": Col("str", False, (), "URL of that latest report."),
    },
    row_checks=[_both_or_neither("latitude", "longitude"), _precision_with_coords(), _not_before("vacated", "established"), _both_or_neither("established", "established_precision"),
                _both_or_neither("vacated", "vacated_precision"), _url_when_read()],
)

WAYPOINTS = r"^[^;@]+@-?\d+(\.\d+)?,-?\d+(\.\d+)?(;[^;@]+@-?\d+(\.\d+)?,-?\d+(\.\d+)?)*$"


CONTROL = TableSpec(
    name="control",
    key="row_id",
    columns={
        "row_id": Col("str", True, (), "snapshot date + district, unique."),
        "snapshot_date": Col("date", True, (pa.Check.ge(pd.Timestamp("2011-01-01"), error="before 2011"), DATE_CHECK),
                             "The date the snapshot is accurate as of."),
        "admin1": Col("str", True, (_isin(vocab.GOVERNORATE_NAMES, "governorate"),), "Governorate."),
        "adm2_name": Col("str", True, (), "District (OCHA name, as in geo/syria_adm2.geojson)."),
        "controller": Col("str", True, (_isin(vocab.CONTROLLERS, "controller"),), "Who held most of the district's populated territory."),
        "approximate": Col("str", True, (_isin(["true", "false"], "true/false value"),), "District-level assignments are coarse: true."),
        "note": Col("str", False, (), "What the district-level assignment hides (splits, enclaves)."),
        **_SOURCE_COLS,
    },
)

LINES = TableSpec(
    name="lines",
    key="line_id",
    columns={
        "line_id": Col("str", True, (), "Stable identifier."),
        "name_en": Col("str", True, (), "English name."),
        "name_ar": Col("str", True, (), "Arabic name."),
        "kind": Col("str", True, (_isin(vocab.LINE_KINDS, "line kind"),), "deconfliction_line, joint_patrol_route, patrol_route, deconfliction_zone."),
        "operators": Col("str", True, (), "';'-separated actor codes."),
        "valid_from": Col("date", True, (), "First day the line applied."),
        "valid_from_precision": Col("int", True, (_isin([1, 2, 3, 4], "date precision"),), "1 day, 2 week, 3 month, 4 year."),
        "valid_to": Col("date", False, (), "Last day; empty if no end is reported."),
        "valid_to_precision": Col("int", False, (_isin([1, 2, 3, 4], "date precision"),), "1 day, 2 week, 3 month, 4 year."),
        "waypoints": Col("str", True, (pa.Check.str_matches(WAYPOINTS, error="waypoints must be 'Name@lat,lon;Name@lat,lon…'"),),
                         "Ordered 'Name (GeoNames id)@lat,lon' points; segments between them are straight."),
        "radius_km": Col("float", False, (pa.Check.in_range(0, 200, error="radius must be 0–200 km"),), "For zones: radius around the single waypoint."),
        "approximate": Col("str", True, (_isin(["true", "false"], "true/false value"),), "true when drawn through towns."),
        "note": Col("str", False, (), "Which places the source names; what is uncertain."),
        **_SOURCE_COLS,
    },
    row_checks=[_not_before("valid_to", "valid_from"), _both_or_neither("valid_to", "valid_to_precision")],
)

BANDS = TableSpec(
    name="context_bands",
    key="band_id",
    columns={
        "band_id": Col("str", True, (), "Stable identifier."),
        "kind": Col("str", True, (_isin(["administration", "phase"], "band kind"),), "administration or phase."),
        "start": Col("date", True, (), "First day."),
        "end": Col("date", False, (), "Last day; empty = ongoing."),
        "label_en": Col("str", True, (), "English label."),
        "label_ar": Col("str", True, (), "Arabic label."),
        "note": Col("str", False, (), "What the band covers and how its limits were chosen."),
        "event_ids": Col("str", False, (), "';'-separated events of this table that mark the band's limits."),
        "source": Col("str", True, (), "Where the dates come from."),
        "source_url": Col("str", False, (URL_CHECK,), "URL, when the source is a page."),
        "verification": Col("str", True, (_isin(vocab.VERIFICATION, "verification status"),), "How it was checked."),
    },
    row_checks=[_not_before("end", "start")],
)

SPECS = {s.name: s for s in (EVENTS, ACTORS, SITES, CONTROL, LINES, BANDS)}
OPTIONAL_TABLES = ("control", "lines", "context_bands")  # a data folder without them is valid (no layer is drawn)
