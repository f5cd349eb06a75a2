"""Every export opens: XLSX with openpyxl, GeoJSON parsed and valid, PNG/SVG sized, HTML self-contained."""

import io
import json
import re

import openpyxl
import pytest
from shapely.geometry import shape

from helpers import event, site, write_dataset
from syriawatch import exports
from syriawatch.geo import load_geo
from syriawatch.loading import load_dataset
from syriawatch.mapview import build_map
from syriawatch.timeline import timeline_figure

PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    rows = [event(1, title_ar="اشتباك قرب الحسكة"), event(2, latitude="", longitude="", geo_precision="", admin1="",
                                                            title_en=PAYLOAD), event(3, category="strike")]
    return load_dataset(write_dataset(tmp_path_factory.mktemp("x"), rows, [site(1), site(2, latitude="", longitude="", geo_precision="")]))


def test_xlsx_opens_with_all_rows_and_the_filter_sentence(ds):
    wb = openpyxl.load_workbook(io.BytesIO(exports.events_xlsx(ds.events, ds.sites, "All actors, all categories", "attr")))
    assert wb.sheetnames == ["about", "events", "sites"]
    rows = list(wb["events"].values)
    assert rows[0][0] == "event_id" and len(rows) == 1 + len(ds.events)
    assert "اشتباك قرب الحسكة" in [c for r in rows for c in r]
    assert wb["about"]["A2"].value == "All actors, all categories"


def test_geojson_is_valid_and_only_has_located_features(ds):
    gj = json.loads(exports.geojson(ds.events, ds.sites))
    assert gj["type"] == "FeatureCollection"
    kinds = [f["properties"]["feature_kind"] for f in gj["features"]]
    assert kinds.count("event") == 2 and kinds.count("site") == 1
    for f in gj["features"]:
        assert shape(f["geometry"]).is_valid
        lon, lat = f["geometry"]["coordinates"]
        assert 35 < lon < 43 and 32 < lat < 38          # RFC 7946 order: lon, lat
    assert gj["features"][0]["properties"]["event_date"] == "2020-08-25"


def test_timeline_html_is_self_contained(ds):
    html = exports.timeline_html(timeline_figure(ds.events, {}))
    assert "Plotly.newPlot" in html and len(html) > 1_000_000          # plotly.js inlined
    assert not re.search(r'<script[^>]+src="https?://', html)
    assert PAYLOAD not in html


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_timeline_images(ds, fmt, magic):
    data = exports.timeline_image(timeline_figure(ds.events, {}), fmt, width=800, height=400)
    assert data[:64].lstrip().startswith(magic) or magic in data[:400]
    assert len(data) > 5_000
    if fmt == "png":
        w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (w, h) == (1600, 800)                                   # scale 2 for a crisp slide


def test_standalone_map_has_no_external_url_and_keeps_text_escaped(ds):
    html = exports.map_html(build_map, ds.events, ds.sites, load_geo(), {})
    # Nothing that would load from the network: no external script/style/img/iframe, no remote CSS url().
    assert re.findall(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""", html) == []
    assert re.findall(r"url\(['\"]?(?:https?:)?//", html) == []
    assert "openstreetmap" not in html.lower()
    assert "/__vendor__" not in html and "L.map(" in html and "leaflet-control-layers" in html
    assert "<script>alert(1)</script>" not in html


def test_briefing_pack_is_one_offline_file_with_images_and_sources(ds):
    import base64 as b64
    fig = timeline_figure(ds.events, {})
    map_page = exports.map_html(build_map, ds.events, ds.sites, load_geo(), {})
    png = exports.map_png(map_page, 800, 600)
    assert png[:4] == b"\x89PNG" and len(png) > 20_000           # a real rendered map, not a blank page
    html = exports.briefing_pack(title="Briefing", description="All actors", figures=[("Events", "3")],
                                 timeline_png=exports.timeline_image(fig, "png", 800, 400), map_png_bytes=png,
                                 events=ds.events, attribution="attr", generated="2026-11-29")
    imgs = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(imgs) == 2 and all(b64.b64decode(i)[:4] == b"\x89PNG" for i in imgs)
    assert re.findall(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""", html) == []
    assert '<a href="https://example.org/1">Test Wire</a>' in html
    assert PAYLOAD not in html and "&lt;script&gt;" in html
