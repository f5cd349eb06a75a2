"""ACLED and UCDP importers: every bad-input class is reported, good rows are stored, re-import is idempotent."""

import csv
import hashlib
import io

import pandas as pd
import pytest

from syriawatch.__main__ import main as cli
from syriawatch.importers import import_file, load_context

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
                "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
                "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
                "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]


def acled_row(i, **over):
    """A synthetic ACLED-format row (invented values, for tests only)."""
    r = dict.fromkeys(ACLED_HEADER, "")
    r.update(event_id_cnty=f"SYR{i}", event_date="25 August 2020", year="2020", time_precision="1",
             event_type="Strategic developments", sub_event_type="Change to group/activity",
             actor1="Military Forces of Russia (2000-)", actor2="Military Forces of the United States (2021-)",
             country="Syria", admin1="Al-Hasakeh", location="Al Malikiyah", latitude="37.1770", longitude="42.1401",
             geo_precision="2", source="Synthetic", notes=f"synthetic event {i} الحسكة", fatalities="0")
    r.update(over)
    return r


def write(path, rows, header=ACLED_HEADER, encoding="utf-8"):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize("over,column,reason", [
    ({"event_date": "31 Febtober 2020"}, "event_date", "not a date"),
    ({"latitude": "95"}, "latitude", "between -90 and 90"),
    ({"longitude": "east"}, "longitude", "not a number"),
    ({"event_id_cnty": ""}, "id", "identifier is empty"),
    ({"fatalities": "many"}, "fatalities", "whole number"),
    ({"geo_precision": "2.5x"}, "geo_precision", "whole number"),
])
def test_bad_rows_are_reported_and_good_rows_stored(tmp_path, over, column, reason):
    f = write(tmp_path / "acled.csv", [acled_row(1), acled_row(2, **over), acled_row(3)])
    res = import_file(f, "acled", tmp_path / "store")
    assert res.fatal is None and (res.rows_read, res.accepted) == (3, 2)
    assert any(p.line == 3 and p.column == column and reason in p.reason for p in res.problems)
    report = pd.read_csv(res.report)
    assert list(report.columns) == ["file", "line", "column", "value", "reason"] and len(report) == len(res.problems)
    assert sorted(load_context(tmp_path / "store")["context_id"]) == ["ACLED:SYR1", "ACLED:SYR3"]


def test_stray_quote_and_truncated_file(tmp_path):
    f = write(tmp_path / "a.csv", [acled_row(1), acled_row(2), acled_row(3)])
    lines = f.read_text().splitlines()
    lines[2] = lines[2].replace("SYR2,", 'SYR2,"', 1)             # stray quote on line 3
    text = "\n".join(lines)
    f.write_text(text[: len(text) - 15], encoding="utf-8")           # cut the last row short
    res = import_file(f, "acled", tmp_path / "s")
    assert res.accepted == 1                                       # only SYR1 survives intact
    assert {p.line for p in res.problems} == {3, 4}


@pytest.mark.parametrize("content,fatal", [
    (b"", "missing or empty"),
    (b"id,name\n1,x\n", "does not look like an export of ACLED"),
])
def test_wrong_or_empty_file_gets_a_clear_message(tmp_path, content, fatal):
    f = tmp_path / "x.csv"
    f.write_bytes(content)
    res = import_file(f, "acled", tmp_path / "s")
    assert res.fatal and fatal in res.fatal and not (tmp_path / "s" / "acled.parquet").exists()


def test_header_only_imports_nothing(tmp_path):
    res = import_file(write(tmp_path / "h.csv", []), "acled", tmp_path / "s")
    assert res.fatal is None and res.accepted == 0
    assert [p.reason for p in res.problems] == ["file has a header but no data rows: nothing imported"]


@pytest.mark.parametrize("encoding,warned", [("utf-8-sig", False), ("cp1256", True)])
def test_bom_and_windows_1256_arabic(tmp_path, encoding, warned):
    res = import_file(write(tmp_path / "e.csv", [acled_row(1)], encoding=encoding), "acled", tmp_path / "s")
    assert res.accepted == 1
    assert "الحسكة" in load_context(tmp_path / "s")["notes"].iloc[0]
    assert any("Windows-1256" in p.reason for p in res.problems) == warned


def test_importing_twice_changes_nothing_and_an_edit_updates_one_row(tmp_path):
    f = write(tmp_path / "a.csv", [acled_row(i) for i in range(1, 6)])
    first = import_file(f, "acled", tmp_path / "s")
    store = tmp_path / "s" / "acled.parquet"
    digest = hashlib.sha256(store.read_bytes()).hexdigest()
    again = import_file(f, "acled", tmp_path / "s")
    assert (first.added, again.added, again.updated) == (5, 0, 0)
    assert hashlib.sha256(store.read_bytes()).hexdigest() == digest
    write(f, [acled_row(i, notes="revised") if i == 2 else acled_row(i) for i in range(1, 7)])
    third = import_file(f, "acled", tmp_path / "s")
    assert (third.added, third.updated) == (1, 1) and len(load_context(tmp_path / "s")) == 6


def test_repeated_id_in_one_file_keeps_the_last(tmp_path):
    rows = [acled_row(1, notes="old"), acled_row(2), acled_row(1, notes="new")]
    res = import_file(write(tmp_path / "a.csv", rows), "acled", tmp_path / "s")
    assert res.accepted == 2 and load_context(tmp_path / "s").set_index("context_id").at["ACLED:SYR1", "notes"] == "new"
    (p,) = [p for p in res.problems if "repeated" in p.reason]
    assert p.line == 2 and "line 4" in p.reason                       # the dropped row's line, and the kept one's


# Notices about a whole file (no row lost) are not rejected rows; rows that lose a value say so.
@pytest.mark.parametrize("case,rows_rejected,notice", [
    ("cp1256", 0, "Windows-1256"),
    ("nul", 0, "NUL"),
    ("bad row", 1, None),
])
def test_notices_are_not_counted_as_rejected_rows(tmp_path, case, rows_rejected, notice):
    from syriawatch.importers import rejected_rows
    rows = [acled_row(1), acled_row(2, notes="a\x00b" if case == "nul" else "x",
                                      latitude="north" if case == "bad row" else "37.1")]
    f = write(tmp_path / "a.csv", rows, encoding="cp1256" if case == "cp1256" else "utf-8")
    res = import_file(f, "acled", tmp_path / "s")
    assert rejected_rows(res.problems) == rows_rejected and res.accepted == 2 - rows_rejected
    assert f"{rows_rejected} row(s) rejected" in res.summary()
    if notice:
        assert any(notice in p.reason for p in res.problems)
    if case == "nul":
        assert "\x00" not in "".join(load_context(tmp_path / "s")["notes"])
    from syriawatch.importers import rejected_in_reports
    report = pd.read_csv(res.report, dtype=str, keep_default_na=False) if res.report else pd.DataFrame()
    assert rejected_in_reports(report) == rows_rejected      # the count in the panel of every page


def test_ucdp_ged_rows_map_to_the_context_schema(tmp_path):
    header = ["id", "year", "type_of_violence", "conflict_name", "side_a", "side_b", "source_office", "where_prec",
              "where_coordinates", "where_description", "adm_1", "latitude", "longitude", "date_prec", "date_start",
              "date_end", "best"]
    row = dict(zip(header, ["123", "2017", "1", "Syria: Government", "Government of Syria", "IS", "Synthetic", "1",
                            "Raqqa town", "synthetic", "Ar Raqqah governorate", "35.95", "39.01", "1",
                            "2017-06-06 00:00:00.000", "2017-06-06 00:00:00.000", "3"]))
    res = import_file(write(tmp_path / "ged.csv", [row], header), "ucdp", tmp_path / "s")
    ctx = load_context(tmp_path / "s")
    assert res.accepted == 1 and ctx["context_id"].iloc[0] == "UCDP:123"
    assert ctx["event_type"].iloc[0] == "State-based" and ctx["event_date"].iloc[0] == pd.Timestamp("2017-06-06")


def test_command_line(tmp_path, capsys):
    f = write(tmp_path / "a.csv", [acled_row(1), acled_row(2, latitude="x")])
    assert cli(["import", "acled", str(f), "--store", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "2 rows read, 1 accepted" in out and "line 3, column latitude" in out
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    assert cli(["import", "ucdp", str(tmp_path / "bad.csv"), "--store", str(tmp_path / "s")]) == 2


# --------------------------------------------------------------- the context layer in the views

def _store(tmp_path, n=3):
    f = write(tmp_path / "a.csv", [acled_row(i, event_date=f"2020-08-2{i}") for i in range(1, n + 1)])
    import_file(f, "acled", tmp_path / "store")
    return tmp_path / "store"


def test_views_show_context_apart_from_curated_events(tmp_path):
    from helpers import event, write_dataset
    from syriawatch.geo import load_geo
    from syriawatch.loading import load_dataset
    from syriawatch.mapview import build_map
    from syriawatch.timeline import timeline_figure
    ctx = load_context(_store(tmp_path))
    ds = load_dataset(write_dataset(tmp_path / "d", [event(1)]))
    fig = timeline_figure(ds.events, {}, context=ctx)
    lanes = [t.name for t in fig.data]
    assert "Context: ACLED/UCDP (not curated)" in lanes
    assert list(fig.data[0].y) == [5.0]                      # the index counts only the curated event
    html = build_map(ds.events, ds.sites, load_geo(), {}, context=ctx).get_root().render()
    assert html.count("Context, not curated") == 3
    binned = build_map(ds.events, ds.sites, load_geo(), {}, context=ctx, aggregate_above=2).get_root().render()
    assert "imported context events (ACLED/UCDP, not curated)" in binned


def test_context_toggle_from_the_url(tmp_path, monkeypatch):
    import json
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("SYRIAWATCH_CONTEXT_DIR", str(_store(tmp_path)))
    at = AppTest.from_file("../dashboard.py", default_timeout=30)
    at.query_params["ctx"] = "1"
    at.run()
    at.switch_page("pages/timeline.py").run()   # the Overview is the landing page; the context lane is on the timeline
    assert not at.exception
    assert "plus 3 imported context events" in at.caption[0].value
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any(t.get("name") == "Context: ACLED/UCDP (not curated)" for t in spec["data"])
