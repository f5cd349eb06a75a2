"""Builders for small, obviously synthetic test tables (never mixed with the curated data)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from syriawatch.schema import ACTORS, EVENTS, SITES

ACTOR_ROWS = [
    {"code": "USA_MIL", "name_en": "US armed forces", "name_ar": "القوات الأمريكية", "side": "us_coalition", "colour": "#2A5DB0",
     "description": "", "aliases": ""},
    {"code": "RUS_MIL", "name_en": "Russian armed forces", "name_ar": "القوات الروسية", "side": "russia", "colour": "#B71C1C",
     "description": "", "aliases": ""},
    {"code": "SDF", "name_en": "Syrian Democratic Forces", "name_ar": "قسد", "side": "sdf", "colour": "#F9A825", "description": "", "aliases": ""},
    {"code": "UN", "name_en": "United Nations", "name_ar": "الأمم المتحدة", "side": "un_other", "colour": "#0288D1", "description": "", "aliases": ""},
]


def event(i: int = 1, **over) -> dict:
    row = {
        "event_id": f"T-{i:03d}", "event_date": "2020-08-25", "time_precision": "1", "category": "military_incident",
        "event_type": "Strategic developments", "sub_event_type": "Other", "actor1": "RUS_MIL", "actor2": "USA_MIL",
        "assoc_actor_1": "", "assoc_actor_2": "", "admin1": "Al-Hasakah", "location": "Testville", "location_ar": "بلدة",
        "latitude": "37.1", "longitude": "42.1", "geo_precision": "2", "geo_note": "test", "title_en": f"Test event {i}",
        "title_ar": f"حدث تجريبي {i}", "notes": "", "notes_ar": "", "tension": "5", "tension_reason": "",
        "fatalities": "0", "source": "Test Wire", "source_title": "Test", "source_date": "2020-08-26",
        "source_url": f"https://example.org/{i}", "source2": "", "source2_title": "", "source2_date": "", "source2_url": "",
        "confidence": "confirmed", "verification": "source_read", "updated_at": "2026-01-01",
    }
    row.update(over)
    return row


def site(i: int = 1, **over) -> dict:
    row = {
        "site_id": f"S-T{i:02d}", "site_key": f"K-T{i:02d}", "name_en": f"Test base {i}", "name_ar": "قاعدة",
        "operator": "USA_MIL", "kind": "base", "admin1": "Al-Hasakah", "latitude": "36.5", "longitude": "40.7",
        "geo_precision": "1", "geo_note": "test", "established": "2016-01-01", "established_precision": "3",
        "vacated": "", "vacated_precision": "", "source": "Test Wire", "source_title": "", "source_date": "",
        "source_url": "https://example.org/s", "source2": "", "source2_title": "", "source2_date": "", "source2_url": "",
        "confidence": "confirmed", "verification": "source_read", "notes": "", "updated_at": "2026-01-01",
    }
    row.update(over)
    return row


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def write_dataset(d: Path, events: list[dict], sites: list[dict] | None = None, actors: list[dict] | None = None) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    write_csv(d / "actors.csv", actors or ACTOR_ROWS, list(ACTORS.columns))
    write_csv(d / "events.csv", events, list(EVENTS.columns))
    write_csv(d / "sites.csv", sites if sites is not None else [site()], list(SITES.columns))
    return d


# Curate and Review are registered only for editors / reviewers (dashboard.py): AppTest signs in as one.
CURATION_PAGES = {"pages/curate.py": "editor", "pages/review.py": "reviewer"}


def sign_in(at, role: str) -> None:
    """Named-account sign-in for an AppTest (secrets + the session key the gate sets after a password check)."""
    from syriawatch import identity
    at.secrets["accounts"] = {f"test-{role}": {"password_hash": _test_hash(), "role": role}}
    at.session_state[identity.SESSION_KEY] = f"test-{role}"


@functools.cache
def _test_hash() -> str:
    from syriawatch import identity
    return identity.hash_password("test password")
