"""Timeline builders asserted on data and on the plotly Figure (no pixels)."""

import pandas as pd
import pytest

from helpers import event, write_dataset
from syriawatch import vocab
from syriawatch.loading import load_dataset
from syriawatch.timeline import WEBGL_THRESHOLD, monthly_tension, timeline_figure


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    rows = [
        event(1, event_date="2020-01-05", tension="5", category="military_incident"),
        event(2, event_date="2020-01-20", tension="-2", category="deconfliction", title_en="Call"),
        event(3, event_date="2020-03-10", tension="6", category="military_incident", title_en="Collision", confidence="disputed"),
    ]
    return load_dataset(write_dataset(tmp_path_factory.mktemp("t"), rows)).events


def test_monthly_tension_sums_means_and_fills_quiet_months(events):
    m = monthly_tension(events)
    assert m["month"].dt.strftime("%Y-%m").tolist() == ["2020-01", "2020-02", "2020-03"]
    assert m["events"].tolist() == [2, 0, 1]
    assert m["tension_sum"].tolist() == [3, 0, 6]
    assert m["tension_mean"].iloc[0] == pytest.approx(1.5)
    assert m["top_event"].tolist() == ["Test event 1", "", "Collision"]


def test_monthly_tension_of_nothing_is_empty(events):
    assert monthly_tension(events.iloc[0:0]).empty


def test_figure_has_bar_and_one_lane_per_present_category(events):
    fig = timeline_figure(events, {})
    bar, *lanes = fig.data
    assert bar.type == "bar" and list(bar.y) == [3, 0, 6]
    assert [t.name for t in lanes] == ["Military incident", "Deconfliction"]
    incidents = lanes[0]
    assert incidents.marker.color == vocab.CATEGORIES["military_incident"].colour
    assert [c[0] for c in incidents.customdata] == ["T-001", "T-003"]
    assert list(incidents.marker.symbol) == ["circle", "circle-open"]  # disputed drawn hollow
    assert incidents.type == "scatter"


def test_hover_text_is_escaped(tmp_path):
    rows = [event(1, title_en="<img src=x onerror=alert(1)>", source="<b>bold</b>")]
    ev = load_dataset(write_dataset(tmp_path, rows)).events
    hover = timeline_figure(ev, {}).data[1].hovertext[0]
    assert "<img" not in hover and "&lt;img" in hover and "&lt;b&gt;bold" in hover


def test_large_lanes_switch_to_webgl(tmp_path):
    ev = load_dataset(write_dataset(tmp_path, [event(1)])).events
    big = pd.concat([ev] * (WEBGL_THRESHOLD + 1), ignore_index=True)
    assert timeline_figure(big, {}).data[1].type == "scattergl"


def test_bands_from_data_are_drawn(events):
    bands = pd.DataFrame({"kind": ["phase", "administration"], "start": pd.to_datetime(["2020-01-01", "2017-01-20"]),
                          "end": pd.to_datetime(["2020-02-15", None]), "label_en": ["Friction <b>", "Trump"]})
    fig = timeline_figure(events, {}, bands=bands)
    texts = [a.text for a in fig.layout.annotations]
    assert "Friction &lt;b&gt;" in texts and "Trump" in texts
    assert any(s.fillcolor and s.x0 == pd.Timestamp("2020-01-01") for s in fig.layout.shapes)


def test_phases_shade_both_rows_and_long_labels_are_shortened_with_the_full_name_on_hover(events):
    long = "A very long name of a phase that cannot fit in the few weeks it lasted on this chart"
    bands = pd.DataFrame({"kind": ["phase", "phase", "phase"],
                          "start": pd.to_datetime(["2020-01-01", "2020-01-20", "2020-02-01"]),
                          "end": pd.to_datetime(["2020-01-19", "2020-01-31", "2020-12-31"]),
                          "label_en": [long, "Second", "Third"]})
    fig = timeline_figure(events, {}, bands=bands, date_range=(pd.Timestamp("2015-09-01"), pd.Timestamp("2026-01-01")))
    first = [sh for sh in fig.layout.shapes if sh.x0 == pd.Timestamp("2020-01-01")]
    assert sorted(sh.yref for sh in first) == ["y domain", "y2 domain"]   # the index row and the lanes row
    note = next(a for a in fig.layout.annotations if a.hovertext == long)
    assert note.text.endswith("…") and len(note.text) < len(long) and long.startswith(note.text[:-1])
    assert any(a.text == "Third" for a in fig.layout.annotations)


def test_lanes_by_pair_of_sides(events):
    fig = timeline_figure(events, {}, lanes="sides")
    assert [t.name for t in fig.data[1:]] == ["Russia – US & coalition"]


def test_many_events_are_binned_into_a_heatmap(events):
    big = pd.concat([events] * 40, ignore_index=True)
    fig = timeline_figure(big, {}, bin_above=50)
    assert [t.type for t in fig.data] == ["bar", "heatmap"]
    assert fig.data[1].z.sum() == len(big)


def test_index_hover_names_the_events_that_moved_it(events):
    bar = timeline_figure(events, {}).data[0]
    assert "+5 · Test event 1" in bar.customdata[0][1] and "-2 · Call" in bar.customdata[0][1]


def test_selection_helpers(events):
    from syriawatch.timeline import selected_event_ids, selected_range
    fig = timeline_figure(events, {})
    sel = {"selection": {"points": [{"curve_number": 0, "point_index": 0, "customdata": [2, "x"]},
                                    {"curve_number": 1, "point_index": 1}], "box": [{"x": ["2020-03-01", "2020-01-02"]}]}}
    assert selected_event_ids(fig, sel) == ["T-003"]
    assert selected_range(sel) == (pd.Timestamp("2020-01-02"), pd.Timestamp("2020-03-01"))
    assert selected_range({"selection": {"box": []}}) is None
