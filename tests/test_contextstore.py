"""Context data queried in the Parquet store: every pushed-down filter gives what pandas gives on the same rows."""

import os

import pandas as pd
import pytest

from syriawatch import importers
from syriawatch.contextstore import ContextFilter, ContextStore, file_digest, governorate_of
from syriawatch.importers import import_file, load_context
from syriawatch.mapview import grid_bins
from test_importers import acled_row, write

UCDP_HEADER = ["id", "type_of_violence", "conflict_name", "side_a", "side_b", "source_office", "where_prec",
               "where_coordinates", "where_description", "adm_1", "latitude", "longitude", "date_prec", "date_start", "best"]
ADMIN1 = ["Al-Hasakeh", "Ar-Raqqa", "Deir-ez-Zor", "Aleppo", "", "Ninewa"]   # the last two map to no governorate


def ucdp_row(i, date, adm_1, lat, lon):
    return dict(zip(UCDP_HEADER, [str(i), "1", "Syria: IS", "Government of Syria", "IS", "Synthetic", "1",
                                  f"place {i}", "synthetic", adm_1, str(lat), str(lon), "1", date, "1"]))


@pytest.fixture(scope="module")
def store(tmp_path_factory, monkeypatch_module):
    # Row groups of 3 rows, so that every date filter crosses row-group boundaries (and their statistics).
    monkeypatch_module.setattr(importers, "ROW_GROUP", 3)
    tmp = tmp_path_factory.mktemp("ctx")
    rows = []
    for i in range(1, 41):
        day = pd.Timestamp("2019-11-03") + pd.Timedelta(days=17 * i)
        # .x5 coordinates sit on cell edges: the store must round them like numpy (half to even).
        rows.append(acled_row(i, event_date=day.strftime("%Y-%m-%d"), admin1=ADMIN1[i % len(ADMIN1)],
                              latitude=f"{36.05 + (i % 4) * 0.1:.2f}", longitude=f"{40.15 + (i % 3) * 0.05:.2f}",
                              location=f"Place {i % 7}", event_type=["Battles", "Protests"][i % 2]))
    assert import_file(write(tmp / "acled.csv", rows), "acled", tmp / "store").accepted == 40
    ged = [ucdp_row(i, f"2020-0{1 + i % 9}-1{i % 10} 00:00:00.000", adm, 35.9 + i / 100, 39.0)
           for i, adm in enumerate(["Ar Raqqah governorate", "Al Hasakah governorate", "Dayr az Zawr governorate",
                                    "Halab governorate", "Nineveh governorate"] * 3, start=1)]
    assert import_file(write(tmp / "ged.csv", ged, UCDP_HEADER), "ucdp", tmp / "store").accepted == 15
    return tmp / "store"


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def reference(rows: pd.DataFrame, f: ContextFilter) -> pd.DataFrame:
    """The same filter written with pandas on rows loaded whole."""
    d = rows["event_date"]
    m = pd.Series(True, index=rows.index)
    if f.start is not None:
        m &= d >= f.start
    if f.end is not None:
        m &= d <= f.end
    if f.after is not None:
        m &= d > f.after
    if f.governorates:
        m &= rows["admin1"].map(governorate_of).isin(f.governorates)
    return rows[m]


# Bounds fall on event dates (ACLED row i is dated 2019-11-03 + 17·i days), so inclusive and exclusive
# ends are told apart.
FILTERS = {
    "none": ContextFilter(),
    "from": ContextFilter.of(start="2020-06-11"),
    "until": ContextFilter.of(end="2020-03-18"),
    "period": ContextFilter.of("2020-02-13", "2021-01-01"),
    "one governorate": ContextFilter.of(governorates=["Raqqa"]),
    "two governorates": ContextFilter.of("2019-12-01", "2021-06-30", ["Al-Hasakah", "Deir ez-Zor"]),
    "governorate without rows": ContextFilter.of(governorates=["Quneitra"]),
    "map window 85 days": ContextFilter.of("2019-01-01", "2021-12-31").window("2020-09-04", 85),
    "map window whole period": ContextFilter.of("2020-01-01", "2021-12-31", ["Aleppo"]).window("2021-03-27", 0),
    "window before the period": ContextFilter.of("2021-01-01", "2021-12-31").window("2020-06-01", 30),
}


@pytest.mark.parametrize("name", FILTERS)
def test_pushed_down_filter_matches_pandas(store, name):
    f = FILTERS[name]
    ref = reference(load_context(store), f)
    sel = ContextStore([store]).select(f)
    assert len(sel) == len(ref)
    months = ref["event_date"].dt.to_period("M").dt.to_timestamp().value_counts().sort_index()
    pd.testing.assert_series_equal(sel.monthly_counts(), months, check_names=False, check_index_type=False,
                                   check_dtype=False, check_freq=False)
    rows, cells = sel.map_layer(1_000)
    assert cells is None
    key = ["dataset", "event_date", "location", "latitude", "longitude"]
    pd.testing.assert_frame_equal(rows[key].sort_values(key, ignore_index=True),
                                  ref[key].sort_values(key, ignore_index=True), check_dtype=False)


@pytest.mark.parametrize("name", ["none", "period", "two governorates", "map window 85 days"])
def test_cells_match_the_pandas_grid(store, name):
    f = FILTERS[name]
    ref = reference(load_context(store), f)
    assert len(ref)
    rows, cells = ContextStore([store]).select(f).map_layer(0)
    expected = grid_bins(ref.assign(category="context", tension=0))
    by = ["lat", "lon"]
    got = cells[["lat", "lon", "count"]].sort_values(by, ignore_index=True)
    want = expected[["lat", "lon", "count"]].sort_values(by, ignore_index=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert rows is None and cells["count"].is_monotonic_decreasing


@pytest.mark.parametrize("asof,days", [("2020-09-04", 85), ("2020-09-04", 30), ("2021-03-27", 0), ("2019-06-01", 365)])
def test_map_window_is_the_map_pages_window(store, asof, days):
    from syriawatch.mapstate import events_in_window
    period = ContextFilter.of("2020-02-13", "2021-01-01", ["Al-Hasakah", "Raqqa", "Aleppo"])
    ref = events_in_window(reference(load_context(store), period), asof, days)
    rows, _ = ContextStore([store]).select(period).window(asof, days).map_layer(1_000)
    assert sorted(rows["location"] + rows["event_date"].astype(str)) == sorted(ref["location"] + ref["event_date"].astype(str))


@pytest.mark.parametrize("spelling,governorate", [
    ("Al-Hasakeh", "Al-Hasakah"), ("Al Hasakah governorate", "Al-Hasakah"), ("Ar-Raqqa", "Raqqa"),
    ("Ar Raqqah governorate", "Raqqa"), ("Deir-ez-Zor", "Deir ez-Zor"), ("Dayr az Zawr governorate", "Deir ez-Zor"),
    ("Al Ḩasakah", "Al-Hasakah"), ("Idleb", "Idlib"), ("Rural Damascus", "Rif Dimashq"), ("Damascus", "Damascus"),
    ("As-Sweida", "As-Suwayda"), ("Dar'a", "Daraa"), ("Lattakia", "Latakia"), ("Tartous", "Tartus"),
    ("SY-HA", "Al-Hasakah"), ("Halab governorate", "Aleppo"),
    ("Ninewa", None), ("", None), (None, None), (float("nan"), None), ("Hasakah district of Iraq", None),
])
def test_admin1_spellings_map_to_governorates(spelling, governorate):
    assert governorate_of(spelling) == governorate


def test_importer_writes_the_store_sorted_by_date_in_row_groups(store):
    import pyarrow.parquet as pq
    meta = pq.ParquetFile(store / "acled.parquet").metadata
    assert meta.num_row_groups == 14                                   # 40 rows in groups of 3
    assert load_context(store).query("dataset == 'ACLED'")["event_date"].is_monotonic_increasing


def test_session_imports_replace_shared_rows_with_the_same_id(store, tmp_path):
    session = tmp_path / "session"
    import_file(write(tmp_path / "mine.csv", [acled_row(1, event_date="2020-01-15", location="Edited place"),
                                              acled_row(999, event_date="2020-01-20", admin1="Ar-Raqqa")]),
                "acled", session)
    both = pd.concat([load_context(store), load_context(session)], ignore_index=True)
    both = both.drop_duplicates("context_id", keep="last")
    for f in (ContextFilter(), FILTERS["one governorate"], ContextFilter.of("2020-01-01", "2020-01-31")):
        sel = ContextStore([store], overlay=[session]).select(f)
        ref = reference(both, f)
        assert len(sel) == len(ref)
        rows, _ = sel.map_layer(1_000)
        assert sorted(rows["location"]) == sorted(ref["location"])
    rows, _ = ContextStore([store], overlay=[session]).select(ContextFilter.of("2020-01-15", "2020-01-15")).map_layer(10)
    assert list(rows["location"]) == ["Edited place"]


def test_answers_follow_the_file_content_not_its_timestamp(tmp_path):
    f = write(tmp_path / "a.csv", [acled_row(i, event_date=f"2020-08-2{i}") for i in range(1, 4)])
    import_file(f, "acled", tmp_path / "s")
    parquet = tmp_path / "s" / "acled.parquet"
    before = file_digest(parquet)
    assert len(ContextStore([tmp_path / "s"]).select(ContextFilter())) == 3
    os.utime(parquet, (1, 1))                                          # touched, same bytes: same key
    assert file_digest(parquet) == before
    import_file(write(f, [acled_row(i, event_date=f"2020-08-2{i}") for i in range(1, 6)]), "acled", tmp_path / "s")
    assert file_digest(parquet) != before
    assert len(ContextStore([tmp_path / "s"]).select(ContextFilter())) == 5   # not the cached 3


def test_an_empty_or_missing_store_answers_zero(tmp_path):
    sel = ContextStore([tmp_path / "nothing"]).select(FILTERS["period"])
    assert len(sel) == 0 and sel.monthly_counts().empty
    rows, cells = sel.map_layer(10)
    assert rows.empty and cells is None


def test_the_pages_use_the_store_with_the_shared_filters(store, monkeypatch):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("SYRIAWATCH_CONTEXT_DIR", str(store))
    at = AppTest.from_file("../dashboard.py", default_timeout=30)
    at.query_params["ctx"] = "1"
    at.run()
    rows = load_context(store)
    assert f"plus {len(rows)} imported context events" in at.caption[0].value
    at.session_state["f_govs"] = ["Raqqa", "Aleppo"]
    at.run()
    n = len(reference(rows, ContextFilter.of(governorates=["Raqqa", "Aleppo"])))
    assert 0 < n < len(rows) and f"plus {n} imported context events" in at.caption[0].value
    at.switch_page("pages/map.py").run()
    assert not at.exception and f"plus {n} imported context events" in at.caption[0].value
