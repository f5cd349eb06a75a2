"""Validated loading: every bad-row kind is reported with file, line, column and reason; good rows survive."""

import pytest

from helpers import event, site, write_dataset
from syriawatch.loading import load_dataset
from syriawatch.schema import EVENTS, SPECS


# (overrides for the bad row, expected column, expected words in the reason)
BAD_EVENT_ROWS = [
    ({"event_date": "2020-13-40"}, "event_date", "not a date"),
    ({"event_date": "25/08/2020"}, "event_date", "not a date"),
    ({"event_date": "2014-01-01"}, "event_date", "before the project's scope"),
    ({"event_date": "2999-01-01"}, "event_date", "future"),
    ({"time_precision": "4"}, "time_precision", "not a known time precision"),
    ({"time_precision": "1.5"}, "time_precision", "not a whole number"),
    ({"category": "gossip"}, "category", "not a known category"),
    ({"event_type": "Battles", "sub_event_type": "Agreement"}, None, "ACLED hierarchy"),
    ({"sub_event_type": "Picnic"}, "sub_event_type", "ACLED sub-event type"),
    ({"actor1": "NOBODY"}, "actor1", "actor code"),
    ({"actor2": "usa_mil"}, "actor2", "actor code"),
    ({"actor1": ""}, "actor1", "required"),
    ({"admin1": "Atlantis"}, "admin1", "governorate"),
    ({"latitude": "95"}, "latitude", "between -90 and 90"),
    ({"longitude": "east"}, "longitude", "not a number"),
    ({"longitude": ""}, None, "latitude and longitude must both be given"),
    ({"geo_precision": ""}, None, "geo_precision is required"),
    ({"title_ar": ""}, "title_ar", "required"),
    ({"title_en": "x" * 300}, "title_en", "longer than 200"),
    ({"tension": "11"}, "tension", "between -10 and 10"),
    ({"fatalities": "-1"}, "fatalities", "negative"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "not an http(s) URL"),
    ({"source_url": ""}, None, "source_url is required when verification is source_read"),
    ({"source2": "Other Wire"}, None, "source2 and source2_url"),
    ({"confidence": "certain"}, "confidence", "confidence grade"),
    ({"verification": "trust me"}, "verification", "verification status"),
    ({"updated_at": ""}, "updated_at", "required"),
]


@pytest.mark.parametrize("over,column,reason", BAD_EVENT_ROWS, ids=[str(r[0])[:40] for r in BAD_EVENT_ROWS])
def test_bad_event_row_is_reported_and_others_load(tmp_path, over, column, reason):
    d = write_dataset(tmp_path, [event(1), event(2, **over), event(3)])
    ds = load_dataset(d)
    assert ds.events["event_id"].tolist() == ["T-001", "T-003"]
    probs = ds.tables["events"].problems
    assert probs, "the bad row must be reported"
    assert all(p.file == "events.csv" and p.line == 3 for p in probs)  # header is line 1
    assert any(p.column == column and reason in p.reason for p in probs), [p.as_text() for p in probs]


def test_duplicate_id_keeps_first_and_points_to_it(tmp_path):
    ds = load_dataset(write_dataset(tmp_path, [event(1), event(2), event(1, title_en="again")]))
    assert ds.events["title_en"].tolist() == ["Test event 1", "Test event 2"]
    (p,) = ds.tables["events"].problems
    assert (p.line, p.column) == (4, "event_id") and "first used on line 2" in p.reason


def test_stray_quote_loses_only_its_own_row(tmp_path):
    d = write_dataset(tmp_path, [event(1), event(2)])
    text = (d / "events.csv").read_text(encoding="utf-8").splitlines()
    text.insert(2, 'T-009,"2020-01-01,1,stray quote')
    (d / "events.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    ds = load_dataset(d)
    assert ds.events["event_id"].tolist() == ["T-001", "T-002"]  # the row after the stray quote survives
    (p,) = ds.tables["events"].problems
    assert p.line == 3 and "unbalanced quote" in p.reason


# (content of events.csv, words of the notice, words of the panel's label, words the label must not have)
WHOLE_FILE_CASES = [
    (b"", "file is empty", "1 reported", "not loaded"),                         # 0 bytes: no "0 row(s) not loaded"
    ((",".join(EVENTS.columns) + "\n").encode(), "no data rows", "1 reported", "not loaded"),  # header only
    (None, "not valid UTF-8", "1 reported", "not loaded"),                        # Windows-1256: a notice, no row lost
]


@pytest.mark.parametrize("content,reason,label,not_in_label", WHOLE_FILE_CASES, ids=["0 bytes", "header only", "cp1256"])
def test_empty_and_header_only_files(tmp_path, content, reason, label, not_in_label):
    from syriawatch.tables import problems_label
    d = write_dataset(tmp_path, [event(1, title_ar="اشتباك")])
    if content is None:
        content = (d / "events.csv").read_text(encoding="utf-8").encode("cp1256")
    (d / "events.csv").write_bytes(content)
    ds = load_dataset(d)
    probs = ds.tables["events"].problems
    assert any(reason in p.reason for p in probs), [p.as_text() for p in probs]
    rejected = sum(t.rows_rejected for t in ds.tables.values())
    text = problems_label(len(ds.problems), rejected)
    assert label in text and not_in_label not in text, text


def test_label_counts_rows_not_loaded_when_there_are_some():
    from syriawatch.tables import problems_label
    assert "2 row(s) not loaded" in problems_label(3, 2)


def test_nul_bytes_in_a_cell_are_reported_and_removed(tmp_path):
    d = write_dataset(tmp_path, [event(1), event(2, title_en="Bad\x00title", notes="a\x00b\x00")])
    ds = load_dataset(d)
    assert ds.events["event_id"].tolist() == ["T-001", "T-002"]            # nothing lost
    assert ds.events["title_en"].iloc[1] == "Badtitle" and "\x00" not in ds.events["notes"].iloc[1]
    nul = [p for p in ds.problems if "NUL" in p.reason]
    assert {(p.line, p.column) for p in nul} == {(3, "title_en"), (3, "notes")}


def test_missing_required_column_rejects_rows_with_a_clear_reason(tmp_path):
    rows = [event(1), event(2)]
    for r in rows:
        r.pop("category")
    d = write_dataset(tmp_path, rows)
    cols = [c for c in EVENTS.columns if c != "category"]
    from helpers import write_csv
    write_csv(d / "events.csv", rows, cols)
    ds = load_dataset(d)
    assert ds.events.empty
    assert any(p.column == "category" and "required column is missing" in p.reason for p in ds.problems)


def test_extra_column_is_reported_and_ignored(tmp_path):
    d = write_dataset(tmp_path, [event(1)])
    lines = (d / "events.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",mystery"] + [l + ",x" for l in lines[1:]]
    (d / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(d)
    assert len(ds.events) == 1
    assert any(p.column == "mystery" and "unknown column" in p.reason for p in ds.problems)


def test_bom_and_windows_1256_are_read(tmp_path):
    d = write_dataset(tmp_path, [event(1, title_ar="اشتباك قرب الحسكة")])
    raw = (d / "events.csv").read_text(encoding="utf-8")
    (d / "events.csv").write_bytes("\ufeff".encode() + raw.encode("utf-8"))
    assert load_dataset(d).events["title_ar"].iloc[0] == "اشتباك قرب الحسكة"
    (d / "events.csv").write_bytes(raw.encode("cp1256"))
    ds = load_dataset(d)
    assert ds.events["title_ar"].iloc[0] == "اشتباك قرب الحسكة"
    assert any("not valid UTF-8" in p.reason for p in ds.problems)


@pytest.mark.parametrize("over,column,reason", [
    ({"kind": "castle"}, "kind", "site kind"),
    ({"operator": "MARTIANS"}, "operator", "actor code"),
    ({"vacated": "2015-01-01", "vacated_precision": "1"}, None, "vacated is before established"),
    ({"established_precision": ""}, None, "established and established_precision"),
    ({"latitude": ""}, None, "latitude and longitude must both be given"),
])
def test_bad_site_rows(tmp_path, over, column, reason):
    ds = load_dataset(write_dataset(tmp_path, [event(1)], [site(1), site(2, **over)]))
    assert ds.sites["site_id"].tolist() == ["S-T01"]
    assert any(p.line == 3 and p.column == column and reason in p.reason for p in ds.tables["sites"].problems)


def test_derived_columns(tmp_path):
    ds = load_dataset(write_dataset(tmp_path, [event(1, source2="B", source2_url="https://example.org/b", assoc_actor_2="SDF")]))
    r = ds.events.iloc[0]
    assert r["actors"] == ("RUS_MIL", "USA_MIL", "SDF")
    assert r["sides"] == ("russia", "us_coalition", "sdf")
    assert r["n_sources"] == 2


def test_every_spec_has_a_key_column():
    for spec in SPECS.values():
        assert spec.key in spec.columns and spec.columns[spec.key].required


def test_row_with_extra_field_is_reported(tmp_path):
    d = write_dataset(tmp_path, [event(1), event(2)])
    lines = (d / "events.csv").read_text(encoding="utf-8").splitlines()
    lines[1] += ",surplus"
    (d / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(d)
    assert ds.events["event_id"].tolist() == ["T-002"]
    assert any(p.line == 2 and "fields" in p.reason for p in ds.problems)


def test_very_long_text_is_kept_or_reported_not_crashing(tmp_path):
    long_notes = "ملاحظة طويلة " * 20_000          # ~260k characters in one cell
    ds = load_dataset(write_dataset(tmp_path, [event(1, notes=long_notes), event(2, title_en="x" * 5_000)]))
    assert ds.events["event_id"].tolist() == ["T-001"] and len(ds.events["notes"].iloc[0]) == len(long_notes.strip())
    assert any(p.line == 3 and p.column == "title_en" for p in ds.problems)


def test_a_cell_beyond_the_size_limit_loses_only_its_row(tmp_path):
    from syriawatch.loading import MAX_FIELD
    d = write_dataset(tmp_path, [event(1), event(2, notes="y" * (MAX_FIELD + 10)), event(3)])
    ds = load_dataset(d)
    assert ds.events["event_id"].tolist() == ["T-001", "T-003"]
    assert any(p.line == 3 and "could not be read" in p.reason for p in ds.problems)
