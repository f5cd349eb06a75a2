"""The map builder asserted on folium objects and rendered HTML (no browser), as geopandas' test_explore does."""

import re

import pandas as pd
import pytest

from helpers import event, site, write_dataset
from syriawatch.geo import load_geo
from syriawatch.loading import load_dataset
from syriawatch.mapview import build_map

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>${alert(2)}`"


@pytest.fixture(scope="module")
def geo():
    return load_geo()


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    events = [event(1), event(2, latitude="", longitude="", geo_precision="", admin1=""),
              event(3, title_en=PAYLOAD, notes=PAYLOAD, source=PAYLOAD, source_url="https://example.org/x?a=1&b=2")]
    sites = [site(1), site(2, operator="RUS_MIL", name_en=PAYLOAD, geo_precision="3"),
             site(3, latitude="", longitude="", geo_precision="")]
    loaded = load_dataset(write_dataset(tmp_path_factory.mktemp("m"), events, sites))
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture(scope="module")
def html(ds, geo):
    m = build_map(ds.events, ds.sites, geo, {"USA_MIL": "US armed forces"})
    return m.get_root().render()


def test_map_is_framed_on_the_northeast(ds, geo):
    m = build_map(ds.events, ds.sites, geo, {})
    assert m.location == [pytest.approx(36.0), pytest.approx(40.5)]
    assert m.options["zoom"] == 8


def test_only_local_assets_and_an_opt_in_online_layer(html, geo):
    external = set(re.findall(r"https?://[^\s\"'`)\\]+", html))
    cited = {u for u in geo.roads["source_url"].dropna()}          # links to sources in popups, never fetched
    external = {u for u in external if not u.startswith("https://example.org") and u not in cited}
    assert external == {"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://www.openstreetmap.org/copyright"}
    assert '<script src="/app/static/vendor/leaflet/leaflet.js">' in html
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "code.jquery" not in html


def test_base_layers_are_offered_in_the_layer_control(html):
    assert "Offline basemap (no internet needed)" in html and "OpenStreetMap (online only)" in html


@pytest.mark.parametrize("layers,present,absent", [
    (("sites_us",), ["Test base 1"], ["Test event 1", "Al-Hasakah"]),
    (("events", "govs"), ["Test event 1", "Al-Hasakah"], ["Test base 1"]),
    ((), [], ["Test event 1", "Test base 1"]),
])
def test_layer_selection_decides_what_is_drawn(ds, geo, layers, present, absent):
    html = build_map(ds.events, ds.sites, geo, {}, layers=layers).get_root().render()
    for text in present:
        assert text in html
    for text in absent:
        assert text not in html


def test_tooltips_carry_the_row_id_for_clicks(html):
    assert "[T-001]" in html and "[S-T01]" in html


def test_many_events_are_binned_not_drawn_one_by_one(ds, geo):
    import pandas as pd
    many = pd.concat([ds.events] * 40, ignore_index=True)
    html = build_map(many, ds.sites, geo, {}, layers=("events",), aggregate_above=50).get_root().render()
    assert "events in this 0.1" in html
    assert html.count("bindPopup(") == 0
    assert html.count("L.circleMarker(") <= 40        # cells are one GeoJSON layer, not one element each
    assert '"fill": true' in html


def test_map_date_is_stamped(ds, geo):
    html = build_map(ds.events, ds.sites, geo, {}, as_of="2020-08-25").get_root().render()
    assert "Map date 25 Aug 2020" in html


def test_boundaries_and_markers_are_drawn(html, geo):
    assert html.count("L.geoJson(") >= len(geo.governorates) + 3
    assert html.count("L.circleMarker(") >= 2 + len(geo.places)   # 2 located events + town dots
    assert "Al-Hasakah" in html and "Deir ez-Zor" in html


def test_approximate_site_gets_an_uncertainty_ring(html):
    assert '"radius": 25000' in html


def test_text_from_data_is_escaped_everywhere(html):
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "${alert(2)}" not in html
    assert "\\u0026lt;script\\u0026gt;" in html  # escaped by us, then JSON-encoded into the JS


def test_unsafe_urls_are_not_linked(ds, geo):
    ev = ds.events.copy()
    ev["source_url"] = "javascript:alert(1)"
    html = build_map(ev, ds.sites, geo, {}).get_root().render()
    assert "javascript:alert" not in html


def test_geo_layers_have_expected_shapes(geo):
    assert len(geo.governorates) == 14 and len(geo.districts) == 61
    assert geo.governorates.geometry.is_valid.all()
    assert set(geo.governorates["admin1"]) >= {"Al-Hasakah", "Raqqa", "Deir ez-Zor", "Aleppo"}


def test_template_syntax_in_data_is_text_not_evaluated(ds, geo):
    # branca re-parses rendered output as Jinja unless syriawatch.foliumsafe is installed: {{ 7*7 }} became 49.
    ev = ds.events.copy()
    ev["title_en"] = "{{ 7*7 }} {% if true %}yes{% endif %} {# c #}"
    ctx = pd.DataFrame({"dataset": ["ACLED"], "event_date": [pd.Timestamp("2020-08-25")], "latitude": [36.5],
                        "longitude": [40.7], "event_type": ["{{ 6*7 }}"], "location": ["{% raise %}"]})
    html = build_map(ev, ds.sites, geo, {}, context=ctx).get_root().render()
    assert "{{ 7*7 }} {% if true %}yes{% endif %} {# c #}" in html and "{{ 6*7 }}" in html and "{% raise %}" in html


def test_asset_links_are_set_on_the_map_not_on_folium_classes(ds, geo):
    import folium
    import folium.plugins

    class_links = (list(folium.Map.default_js), list(folium.plugins.Fullscreen.default_js))
    a = build_map(ds.events, ds.sites, geo, {}, asset_base="/a/vendor")
    b = build_map(ds.events, ds.sites, geo, {}, asset_base="/b/vendor")   # built between a's build and its render
    html_a, html_b = a.get_root().render(), b.get_root().render()
    assert '<script src="/a/vendor/leaflet/leaflet.js">' in html_a and "/b/vendor" not in html_a
    assert '<script src="/b/vendor/leaflet/leaflet.js">' in html_b and "/a/vendor" not in html_b
    assert "/a/vendor/fullscreen/Control.FullScreen.js" in html_a
    assert (list(folium.Map.default_js), list(folium.plugins.Fullscreen.default_js)) == class_links


def test_layer_registry_drives_the_choices_and_defaults():
    from syriawatch import mapstate, mapview

    assert list(mapstate.LAYERS) == [layer.code for layer in mapview.LAYERS if layer.label]
    assert mapstate.DEFAULT_LAYERS == tuple(layer.code for layer in mapview.LAYERS if layer.label and layer.default)
    assert "rivers_roads" in mapstate.DEFAULT_LAYERS and "districts" not in mapstate.DEFAULT_LAYERS


def test_rivers_and_approximate_roads_are_drawn_under_the_markers(ds, geo, html):
    assert "Euphrates" in html and "Khabur" in html
    assert "M4 highway" in html and "(approximate)" in html
    assert "Approximate: straight segments between the towns it passes" in html
    assert "Main roads (approximate course)" in html              # the legend says so too
    assert html.index("Euphrates") < html.index("[T-001]") and html.index("M4 highway") < html.index("[S-T01]")
    off = build_map(ds.events, ds.sites, geo, {}, layers=("events",)).get_root().render()
    assert "Euphrates" not in off and "Main roads" not in off


def test_site_popup_shows_the_last_report_escaped(tmp_path, geo):
    ds = load_dataset(write_dataset(tmp_path, [event(1)], [
        site(1, last_report_date="2025-11-02", last_report_url="https://example.org/r?a=1&b=<x>"),
        site(2, last_report_date="", last_report_url="")]))
    assert not ds.problems, ds.problems
    html = build_map(ds.events, ds.sites, geo, {}, layers=("sites_us",)).get_root().render()
    assert html.count("Last report of it:") == 1 and "2 Nov 2025" in html
    assert "b=<x>" not in html


def test_the_offline_copy_keeps_context_centre_and_zoom(ds, geo):
    from syriawatch import exports
    from syriawatch.mapview import MapInputs, render

    ctx = pd.DataFrame({"dataset": ["ACLED"], "event_date": [pd.Timestamp("2020-08-25")], "latitude": [36.5],
                        "longitude": [40.7], "event_type": ["Riots"], "location": ["Somewhere"]})
    x = MapInputs(ds.events, ds.sites, geo, {}, center=(36.95, 41.6), zoom=9, context=ctx)
    page = exports.map_html(render, x)
    assert "Context, not curated" in page
    assert "[36.95, 41.6]" in page and '"zoom": 9' in page
