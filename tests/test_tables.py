"""Table views and CSV exports: the download holds exactly the filtered rows, in the curated format."""

import io

import pandas as pd

from helpers import event, site, write_dataset
from syriawatch.filters import Filters, apply_events
from syriawatch.loading import load_dataset
from syriawatch.schema import EVENTS
from syriawatch.tables import events_csv, events_view, sites_csv, sites_view


def test_events_csv_holds_exactly_the_filtered_rows_and_reloads_cleanly(tmp_path):
    rows = [event(1, category="strike", title_ar="ضربة قرب التنف"), event(2), event(3, category="strike", source2="B", source2_url="https://example.org/b")]
    ds = load_dataset(write_dataset(tmp_path / "a", rows))
    filtered = apply_events(ds.events, Filters(categories=("strike",)))
    raw = events_csv(filtered)
    assert raw.startswith("\ufeff".encode())  # Excel opens Arabic correctly with a BOM
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["event_id"].tolist() == ["T-001", "T-003"]
    assert list(back.columns) == list(EVENTS.columns)
    assert back["title_ar"].iloc[0] == "ضربة قرب التنف"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "events.csv").write_bytes(raw)
    for name in ("actors.csv", "sites.csv"):
        (tmp_path / "b" / name).write_bytes((tmp_path / "a" / name).read_bytes())
    again = load_dataset(tmp_path / "b")
    assert not again.problems and again.events["event_id"].tolist() == ["T-001", "T-003"]


def test_views_only_link_http_urls(tmp_path):
    ds = load_dataset(write_dataset(tmp_path, [event(1)], [site(1, vacated="2019-10-15", vacated_precision="1", established_precision="4")]))
    ev = ds.events.assign(source_url=["javascript:alert(1)"])
    assert events_view(ev, {})["Link"].isna().all()
    sv = sites_view(ds.sites, {"USA_MIL": "US armed forces"})
    assert sv.loc[0, "Held by"] == "US armed forces"
    assert sv.loc[0, "From"] == "2016" and sv.loc[0, "Until"] == "2019-10-15"
    assert b"S-T01" in sites_csv(ds.sites)
