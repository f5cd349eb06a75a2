"""Dated layers: control snapshots dissolved per controller, lines from waypoints, validity windows."""

import pandas as pd
import pytest

from helpers import event, write_dataset
from syriawatch.geo import load_geo
from syriawatch.layers import control_areas, line_shapes, lines_active, parse_waypoints, snapshot_for
from syriawatch.loading import load_dataset
from syriawatch.mapview import build_map
from syriawatch.schema import CONTROL, LINES

SRC = {"source": "Test Wire", "source_title": "T", "source_date": "2020-01-01", "source_url": "https://example.org/c",
       "source2": "", "source2_title": "", "source2_date": "", "source2_url": "", "confidence": "probable"}


def control_row(date, adm2, admin1, ctrl, **over):
    r = {"row_id": f"{date}:{adm2}", "snapshot_date": date, "admin1": admin1, "adm2_name": adm2, "controller": ctrl,
         "approximate": "true", "note": "", **SRC}
    r.update(over)
    return r


def line_row(i, **over):
    r = {"line_id": f"L-{i:03d}", "name_en": f"Route {i}", "name_ar": "مسار", "kind": "joint_patrol_route",
         "operators": "RUS_MIL;TUR", "valid_from": "2019-11-01", "valid_from_precision": "1", "valid_to": "",
         "valid_to_precision": "", "waypoints": "Amuda (GeoNames 173230)@37.1042,40.93;Qamishli (GeoNames 173377)@37.0521,41.2314",
         "radius_km": "", "approximate": "true", "note": "", **SRC}
    r.update(over)
    return r


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    from helpers import write_csv
    d = write_dataset(tmp_path_factory.mktemp("l"), [event(1)])
    write_csv(d / "control.csv", [
        control_row("2019-11-30", "Al-Hasakeh", "Al-Hasakah", "sdf"),
        control_row("2019-11-30", "Quamishli", "Al-Hasakah", "sdf", note="regime pockets in the city", confidence="possible"),
        control_row("2019-11-30", "Ras Al Ain", "Al-Hasakah", "turkey"),
        control_row("2025-03-10", "Ras Al Ain", "Al-Hasakah", "turkey"),
        control_row("2025-03-10", "Nowhere", "Al-Hasakah", "sdf"),  # unknown district: ignored by the dissolve
    ], list(CONTROL.columns))
    write_csv(d / "lines.csv", [
        line_row(1),
        line_row(2, kind="deconfliction_zone", waypoints="al-Tanf garrison@33.5058,38.6178", radius_km="55",
                 valid_from="2016-06-01", valid_to="2026-02-12", valid_to_precision="1"),
        line_row(3, waypoints="bad"),
    ], list(LINES.columns))
    return load_dataset(d)


def test_bad_line_is_reported_others_load(ds):
    assert ds.lines["line_id"].tolist() == ["L-001", "L-002"]
    assert any(p.file == "lines.csv" and p.column == "waypoints" for p in ds.problems)


@pytest.mark.parametrize("as_of,expected", [("2019-11-29", None), ("2019-11-30", "2019-11-30"),
                                            ("2024-01-01", "2019-11-30"), ("2026-01-01", "2025-03-10")])
def test_snapshot_in_force_on_a_date(ds, as_of, expected):
    got = snapshot_for(ds.control, as_of)
    assert (got is None and expected is None) or got == pd.Timestamp(expected)


def test_control_areas_dissolve_per_controller(ds):
    areas = control_areas(ds.control, load_geo().districts, "2019-11-30")
    assert areas["controller"].tolist() == ["sdf", "turkey"]
    sdf = areas.iloc[0]
    assert sdf["districts"] == "Al-Hasakeh, Quamishli"
    assert sdf["confidence"] == "possible"                    # the weakest of its districts
    assert "regime pockets" in sdf["notes"] and sdf["approximate"]
    assert sdf.geometry.is_valid and sdf.geometry.area > areas.iloc[1].geometry.area


def test_lines_and_zones(ds):
    shapes = line_shapes(ds.lines)
    assert shapes.geometry.iloc[0].geom_type == "LineString" and len(shapes.geometry.iloc[0].coords) == 2
    assert shapes.geometry.iloc[1].geom_type == "Point"
    assert parse_waypoints("A@1.5,2;B@3,4") == [("A", 1.5, 2.0), ("B", 3.0, 4.0)]


@pytest.mark.parametrize("start,end,expected", [
    ("2016-01-01", "2016-12-31", ["L-002"]),
    ("2020-01-01", "2020-12-31", ["L-001", "L-002"]),
    ("2026-03-01", "2026-06-01", ["L-001"]),       # the zone ended in Feb 2026
])
def test_lines_active_in_a_period(ds, start, end, expected):
    assert lines_active(ds.lines, start, end)["line_id"].tolist() == expected


def test_map_draws_control_and_lines_with_their_date(ds):
    geo = load_geo()
    areas = control_areas(ds.control, geo.districts, "2019-11-30")
    html = build_map(ds.events, ds.sites, geo, {}, control_areas=areas, lines=line_shapes(ds.lines),
                     as_of="2020-08-25").get_root().render()
    assert "Areas of control accurate as of 30 Nov 2019" in html
    assert "L.polyline(" in html and '"radius": 55000.0' in html


def test_sites_without_recent_reports_are_flagged_stale(tmp_path):
    from helpers import site
    from syriawatch.mapstate import sites_active_on
    ds = load_dataset(write_dataset(tmp_path, [event(1)], [
        site(1, established="2019-01-01", source_date="2019-06-01"),
        site(2, established="2019-01-01", source_date="2025-06-01"),
        site(3, established="2019-01-01", vacated="2026-01-01", vacated_precision="1", source_date="2019-06-01"),
    ]))
    on = sites_active_on(ds.sites, "2025-10-01").set_index("site_id")
    assert on.loc["S-T01", "stale"] and not on.loc["S-T02", "stale"]
    assert not on.loc["S-T03", "stale"]          # an end date is recorded: it was held until then
    html = build_map(ds.events, on.reset_index(), load_geo(), {}, layers=("sites_us",)).get_root().render()
    assert "status unknown: last reported Jun 2019" in html
