"""The Overview's and the Briefing's pure parts: windows, trend figure, visits, store changes, links, screen sizes."""

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from helpers import event, site, write_dataset
from syriawatch import briefing, i18n, overview, store
from syriawatch.filters import Filters
from syriawatch.loading import load_dataset

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc


@pytest.fixture
def ds(tmp_path):
    return load_dataset(write_dataset(tmp_path / "d", [
        event(1, event_date="2025-01-15", tension="4"),
        event(2, event_date="2025-11-23", tension="-2", category="agreement"),
        event(3, event_date="2026-02-10", tension="1"),
        event(4, event_date="2026-02-10", tension="-6"),
        event(5, event_date="2026-02-20", tension="0"),
    ], [site(1, established="2019-01-01", source_date="2025-12-01"),
        site(2, operator="RUS_MIL", established="2020-01-01", vacated="2025-06-01", vacated_precision="1", source_date="2025-05-01")]))


def test_recent_events_are_the_90_days_to_the_last_date_newest_and_largest_first(ds):
    end = overview.last_date(ds.events)
    assert end == pd.Timestamp("2026-02-20")
    recent = overview.recent_events(ds.events, end)
    assert recent["event_id"].tolist() == ["T-005", "T-004", "T-003", "T-002"]   # 23 Nov 2025 is the 90th day
    start, _ = overview.window(end, 90)
    assert start == pd.Timestamp("2025-11-23") and "T-002" not in overview.recent_events(ds.events, end, 89)["event_id"].tolist()


def test_top_events_by_absolute_tension(ds):
    top = overview.top_events(ds.events, "2026-01-01", "2026-02-28", n=2)
    assert top["event_id"].tolist() == ["T-004", "T-003"]


def test_holdings_count_sites_held_on_the_day(ds):
    assert overview.holdings(ds.sites, "2026-02-20") == {"us_coalition": 1}
    assert overview.holdings(ds.sites, "2025-05-01") == {"us_coalition": 1, "russia": 1}


def test_trend_figure_shows_twelve_months_over_the_long_run_range(ds):
    fig = overview.trend_figure(ds.events, "2026-02-20", font_size=30, highlight=("2026-01-22", "2026-02-21"))
    bars = fig.data[0]
    months = pd.to_datetime(list(bars.x))
    assert len(months) == 12 and months.max() == pd.Timestamp("2026-02-01")
    values = dict(zip(months, [int(v) for v in bars.y]))
    assert values[pd.Timestamp("2026-02-01")] == -5 and values[pd.Timestamp("2025-11-01")] == -2 and values[pd.Timestamp("2025-06-01")] == 0
    full = overview.monthly_net(ds.events, "2026-02-20")
    band, median, window = fig.layout.shapes
    assert (band.y0, band.y1) == (full.quantile(0.1), full.quantile(0.9)) and median.y0 == full.median()
    assert pd.Timestamp(window.x0) == pd.Timestamp("2026-01-22")
    assert fig.layout.xaxis.tickfont.size == 30 and fig.layout.font.size == 30
    assert "since Jan 2025" in fig.layout.annotations[0].text
    with i18n.using("ar"):
        fig = overview.trend_figure(ds.events, "2026-02-20")
    assert "فبراير" in fig.layout.xaxis.ticktext[-1] and "يناير" in fig.layout.annotations[0].text


@pytest.mark.parametrize("raw,now,prev,remembered", [
    (None, "2026-03-01T10:00:00", None, "|2026-03-01T10:00:00+00:00"),                      # first visit
    ("garbage", "2026-03-01T10:00:00", None, "|2026-03-01T10:00:00+00:00"),
    ("|2026-02-20T08:00:00+00:00", "2026-03-01T10:00:00", "2026-02-20T08:00:00", "2026-02-20T08:00:00+00:00|2026-03-01T10:00:00+00:00"),
    # a reload within the hour is the same visit: the previous visit stays the one to compare with
    ("2026-02-20T08:00:00+00:00|2026-03-01T09:30:00+00:00", "2026-03-01T10:00:00", "2026-02-20T08:00:00",
     "2026-02-20T08:00:00+00:00|2026-03-01T10:00:00+00:00"),
    ("|2026-03-01T09:30:00+00:00", "2026-03-01T10:00:00", None, "|2026-03-01T10:00:00+00:00"),
    ("|2027-01-01T00:00:00+00:00", "2026-03-01T10:00:00", None, "|2026-03-01T10:00:00+00:00"),  # a time in the future
])
def test_visit_state(raw, now, prev, remembered):
    got_prev, got = overview.visit_state(raw, dt.datetime.fromisoformat(now).replace(tzinfo=UTC))
    assert got_prev == (dt.datetime.fromisoformat(prev).replace(tzinfo=UTC) if prev else None)
    assert got == remembered


def test_changes_come_from_the_store_history_not_updated_at(tmp_path):
    release = tmp_path / "release"
    shutil.copytree(ROOT / "data", release)
    s = store.open_store(f"sqlite:///{tmp_path / 'c.sqlite'}", seed_from=release)
    before = dt.datetime.now(UTC) - dt.timedelta(seconds=1)
    events_csv = release / "events.csv"
    df = pd.read_csv(events_csv, dtype=str, keep_default_na=False)
    target = df["event_id"].iloc[10]
    df.loc[df["event_id"] == target, "tension"] = str(int(df.loc[df["event_id"] == target, "tension"].iloc[0]) + 1)
    df.loc[df["event_id"] == target, "updated_at"] = "2015-01-01"  # updated_at says nothing: the history does
    df.to_csv(events_csv, index=False)
    s.import_csv(release, comment="test edit")
    ds = load_dataset(release)
    changed = overview.changed_events(s.changes_since(before), ds.events)
    assert changed["event_id"].tolist() == [target]
    row = changed.iloc[0]
    assert not row["added"] and overview.change_phrase(row) == "changed: tension score"
    assert overview.when(row["changed_at"], dt.datetime.now(UTC)) == "today"
    assert overview.changed_events(s.changes_since(dt.datetime.now(UTC) + dt.timedelta(minutes=1)), ds.events).empty
    seeded = s.changes_since(dt.date(1970, 1, 1), actions=("seed",))
    assert overview.changed_events(seeded, ds.events)["added"].all()   # the first load: every row was added


def test_when_never_prints_a_timestamp():
    now = dt.datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert overview.when(dt.datetime(2026, 3, 9, 23, tzinfo=UTC), now) == "yesterday"
    assert overview.when(dt.datetime(2026, 2, 28, 1, tzinfo=UTC), now) == "28 Feb 2026"
    with i18n.using("ar"):
        assert overview.when(dt.datetime(2026, 2, 28, 1, tzinfo=UTC), now) == "28 فبراير 2026"


def test_links_carry_the_shared_filters_and_the_language(ds):
    f = Filters(categories=("strike",), start=dt.date(2020, 1, 1))
    row = ds.events.iloc[0]
    links = overview.event_links(row, f, "ar")
    tl = urlsplit(links["timeline"])
    assert tl.path == "./timeline" and parse_qs(tl.query) == {"cat": ["strike"], "from": ["2020-01-01"], "event": ["T-001"], "lang": ["ar"]}
    m = parse_qs(urlsplit(links["map"]).query)
    assert m["asof"] == ["2025-01-15"] and m["lat"] == ["37.1000"] and m["z"] == ["9"] and m["cat"] == ["strike"]
    assert overview.link("events", Filters(), "en") == "./events"


@pytest.mark.parametrize("size,scale,font", [(None, 1.0, 15), ("1920x1080", 1.0, 15), ("1280x720", 1.0, 15),
                                             ("3840x2160", 2.0, 30), ("7680x4320", 2.5, 38), ("bad", 1.0, 15)])
def test_screen_sizes_follow_the_viewport(size, scale, font):
    s = briefing.screen_sizes(size)
    assert (s.scale, s.font) == (scale, font)
    if size == "3840x2160":
        assert s.map_height > 1000 and s.figure_height > 700


def test_briefing_defaults_to_the_last_30_days_of_data():
    assert briefing.default_window("2026-02-24") == (pd.Timestamp("2026-01-26"), pd.Timestamp("2026-02-24"))
