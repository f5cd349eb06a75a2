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
