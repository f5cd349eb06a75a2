"""The tension index on hand-made event sets: known sums, means, weights and decay (table-driven)."""

import pandas as pd
import pytest

from syriawatch.tension import IndexSpec, compare_windows, tension_index


def ev(rows):
    """rows: (id, date, tension, confidence)."""
    return pd.DataFrame({
        "event_id": [r[0] for r in rows], "title_en": [f"title {r[0]}" for r in rows],
        "event_date": pd.to_datetime([r[1] for r in rows]), "tension": [r[2] for r in rows],
        "confidence": [r[3] for r in rows], "category": ["strike"] * len(rows), "sides": [("russia",)] * len(rows),
    })


EVENTS = ev([
    ("a", "2020-01-05", 6, "confirmed"),
    ("b", "2020-01-20", -2, "possible"),
    ("c", "2020-03-10", 4, "disputed"),
])

CASES = [
    # spec, expected values per month Jan, Feb, Mar, expected index after decay
    (IndexSpec("M", "sum"), [4.0, 0.0, 4.0], [4.0, 0.0, 4.0]),
    (IndexSpec("M", "mean"), [2.0, 0.0, 4.0], [2.0, 0.0, 4.0]),
    (IndexSpec("M", "sum", "confidence"), [6 - 1.0, 0.0, 1.0], [5.0, 0.0, 1.0]),
    (IndexSpec("M", "mean", "confidence"), [(6 - 1.0) / 1.5, 0.0, 4.0], [(6 - 1.0) / 1.5, 0.0, 4.0]),
    (IndexSpec("M", "sum", half_life=1), [4.0, 0.0, 4.0], [4.0, 2.0, 5.0]),
    (IndexSpec("M", "sum", half_life=2), [4.0, 0.0, 4.0], [4.0, 4 * 0.5 ** 0.5, 4 + 4 * 0.5]),
]


@pytest.mark.parametrize("spec,values,index", CASES)
def test_index_values(spec, values, index):
    t = tension_index(EVENTS, spec)
    assert t["period"].dt.strftime("%Y-%m").tolist() == ["2020-01", "2020-02", "2020-03"]
    assert t["value"].tolist() == pytest.approx(values)
    assert t["index"].tolist() == pytest.approx(index)
    assert t["events"].tolist() == [2, 0, 1]


def test_weekly_periods_start_on_monday():
    t = tension_index(EVENTS, IndexSpec("W", "sum"))
    assert t["period"].iloc[0] == pd.Timestamp("2019-12-30")     # 5 Jan 2020 is a Sunday
    assert t["period"].dt.weekday.eq(0).all()
    assert t.loc[t["events"] > 0, "value"].tolist() == [6.0, -2.0, 4.0]


def test_drivers_explain_each_period_largest_first():
    t = tension_index(EVENTS, IndexSpec("M", "sum"))
    assert t["drivers"].iloc[0] == [("a", "title a", 6.0), ("b", "title b", -2.0)]
    assert t["drivers"].iloc[1] == []


def test_index_can_span_a_requested_range():
    t = tension_index(EVENTS, IndexSpec("M"), start="2019-11-15", end="2020-04-02")
    assert t["period"].dt.strftime("%Y-%m").tolist() == ["2019-11", "2019-12", "2020-01", "2020-02", "2020-03", "2020-04"]
    assert t["value"].iloc[0] == 0


def test_empty_input():
    assert tension_index(EVENTS.iloc[0:0]).empty


def test_compare_windows():
    out = compare_windows(EVENTS, "2020-02-01", 1)
    assert out["before"]["events"] == 2 and out["after"]["events"] == 0
    assert out["before"]["mean_tension"] == 2.0
    assert out["before"]["by_side"] == {"russia": 2}
    assert out["before"]["top"]["event_id"].tolist() == ["a", "b"]
