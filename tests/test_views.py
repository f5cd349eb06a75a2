"""Saved views: parsing (bad entries reported, not raised) and permalinks."""

from pathlib import Path

import pytest

from syriawatch.filters import from_query
from syriawatch.mapstate import from_query as map_from_query
from syriawatch.views import parse_views

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_views_parse_and_their_state_is_valid():
    views, problems = parse_views((ROOT / "data" / "views.json").read_text(encoding="utf-8"))
    assert problems == [] and len(views) >= 5
    for v in views:
        q = v.query()
        assert from_query(q, ["USA", "RUS"]).ignored == [] or all("actor" in i for i in from_query(q, []).ignored)
        assert map_from_query(q).ignored == []


@pytest.mark.parametrize("text,problem", [
    ("not json", "not valid JSON"), ('{"a": 1}', "expected a list"), ('[1]', "not an object"),
    ('[{"page": "map"}]', "missing name"), ('[{"name": "x", "page": "nowhere"}]', "unknown page"),
    ('[{"name": "x", "page": "map", "params": {"a": {"b": 1}}}]', "params must map"),
])
def test_bad_views_are_reported(text, problem):
    views, problems = parse_views(text)
    assert views == [] and any(problem in p for p in problems)


# Odd but valid JSON that crashed the upload (TypeError, RecursionError) or that a schema must bound.
@pytest.mark.parametrize("text,problem", [
    ('[{"name": "x", "page": []}]', "unknown page"),
    ('[{"name": "x", "page": {"a": 1}}]', "unknown page"),
    ('[{"name": ["x"], "page": "map"}]', "missing name"),
    ('[{"name": "x", "page": "map", "params": {"cat": [{"a": 1}]}}]', "too deeply nested"),
    ('[{"name": "x", "page": "map", "params": {"cat": [["a"]]}}]', "too deeply nested"),
    ('[{"name": "x", "page": "map", "params": {"cat": true}}]', "params must map"),
    ('[{"name": "x", "page": "map", "params": []}]', "params must map"),
    ('[{"name": "x", "page": "map", "params": {"asof": NaN}}]', "not valid JSON"),
    ('[{"name": "x", "page": "map", "name_ar": 5}]', "name_ar must be text"),
    ("[" * 100_000 + "]" * 100_000, "too deeply nested"),
    ('[' + '{"a": ' * 50 + '1' + '}' * 50 + ']', "too deeply nested"),
    ("[" + ",".join(['{"name": "v", "page": "map"}'] * 501) + "]", "at most 200 views"),
    ('[{"name": "' + "n" * 500 + '", "page": "map"}]', "name is longer than 120"),
    ('[{"name": "x", "page": "map", "params": {"q": "' + "q" * 2001 + '"}}]', "value longer than 500"),
    ('[{"name": "x", "page": "map", "params": {' + ",".join(f'"k{i}": "1"' for i in range(60)) + '}}]', "at most 40 parameters"),
    ('[{"name": "x", "page": "map", "params": {"cat": [' + ",".join(['"a"'] * 101) + ']}}]', "at most 100 values"),
    ('"' + "x" * 300_000 + '"', "larger than"),
])
def test_view_files_are_checked_against_a_schema(text, problem):
    views, problems = parse_views(text)
    assert views == [] and any(problem in p for p in problems), problems
    assert len(problems) <= 21  # one line per rejected view, at most 20, then a count


def test_a_bad_view_does_not_lose_the_good_ones():
    views, problems = parse_views('[{"name": "a", "page": []}, {"name": "b", "page": "map", "params": {"z": 9}}]')
    assert [v.name for v in views] == ["b"] and len(problems) == 1


def test_permalink_carries_the_state_and_slide_number():
    (v,), _ = parse_views('[{"name": "x", "page": "map", "params": {"asof": "2020-08-25", "cat": ["strike", "unsc"]}}]')
    assert v.path(2) == "map?asof=2020-08-25&cat=strike&cat=unsc&slide=2"


def test_headline_compares_with_the_previous_window_of_equal_length(tmp_path):
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from helpers import event, site, write_dataset
    from syriawatch.briefing import headline
    from syriawatch.loading import load_dataset
    ds = load_dataset(write_dataset(tmp_path, [
        event(1, event_date="2020-01-10", tension="2", category="diplomatic"),
        event(2, event_date="2020-02-10", tension="6"),
        event(3, event_date="2020-02-20", tension="-3", category="agreement", updated_at="2026-05-01"),
    ], [site(1, established="2019-01-01", source_date="2019-12-01"), site(2, operator="RUS_MIL", established="2020-02-01", source_date="2020-02-02")]))
    h = headline(ds.events, ds.sites, "2020-02-01", "2020-02-29")
    assert (h["events"], h["events_before"]) == (2, 1)
    assert (h["incidents"], h["incidents_before"]) == (1, 0)
    assert (h["tension"], h["tension_before"]) == (3, 2)
    assert h["sites_by_side"] == {"us_coalition": 1, "russia": 1}


def test_uploaded_bytes_are_checked_before_they_are_parsed():
    from syriawatch.views import parse_file
    assert parse_file(b"\xff\xfe[]") [0] == []
    assert "larger than" in parse_file(b"[" + b" " * 300_000 + b"]")[1][0]
    (v,), _ = parse_file('\ufeff[{"name": "ok", "page": "map"}]'.encode())
    assert v.name == "ok"
