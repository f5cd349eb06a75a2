"""Real-browser tests: Playwright drives Debian's Chromium against the app served on 127.0.0.1.

Every request that leaves 127.0.0.1 is blocked and recorded, so these tests also prove the dashboard
needs no internet.  They cover what AppTest cannot see: Leaflet in the map iframe, clicks, the URL
bar, console errors, and that hostile text stays inert.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect, sync_playwright

from helpers import event, site, write_dataset

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent


def _hashes() -> dict:
    import hashlib
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for d in ("data", "geo") for p in sorted((ROOT / d).rglob("*")) if p.is_file()}


BEFORE = _hashes()  # data/ and geo/ as they were before any server of this module started
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
# Console noise documented in ../shared/research/stack.md §4.7: base-path probes of the frontend and GPU chatter.
NOISE = re.compile(r"_stcore/(health|host-config)|GPU stall|ReadPixels|allow-scripts and allow-same-origin|"
                   r"Failed to load resource: the server responded with a status of 404")
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def click_northernmost_site(page):
    """Click the site nearest the top of the map.

    The click is dispatched on the marker element: markers can sit under the legend or each other,
    and Leaflet and st_folium react to the element's click event either way.
    """
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".sw-site").first.wait_for(timeout=30_000)
    sites = frame.locator(".sw-site")
    _, i = min((sites.nth(i).bounding_box()["y"], i) for i in range(sites.count()))
    sites.nth(i).dispatch_event("click")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path | None = None, extra_args: list[str] | None = None, env: dict | None = None,
                 script: str = "app.py"):
        self.port = _free_port()
        env = {**os.environ, **(env or {})}
        if data_dir:
            env["SYRIAWATCH_DATA_DIR"] = str(data_dir)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             *(extra_args or [])],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("streamlit exited early:\n" + self.proc.stdout.read())
            try:
                prefix = "/" + extra_args[extra_args.index("--server.baseUrlPath") + 1] if extra_args and "--server.baseUrlPath" in extra_args else ""
                if urlopen(f"{self.url}{prefix}/_stcore/health", timeout=1).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 60 s")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """Blocks and records off-machine requests; collects console errors and dialogs."""

    def __init__(self, page):
        self.blocked, self.errors, self.dialogs = [], [], []
        page.route("**/*", self._route)
        page.on("console", lambda m: m.type == "error" and not NOISE.search(m.text) and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route):
        url = route.request.url
        if (urlsplit(url).hostname or "") in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:", "about:", "file:")):
            return route.continue_()
        self.blocked.append(url)
        return route.abort()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    p = ctx.new_page()
    p.watch = Watch(p)
    yield p
    ctx.close()


def settle(page):
    """Wait until the script run finished and the sidebar filters are mounted (they mount after the body)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stMultiSelect']", state="attached", timeout=30_000)
    # The link to the view is the run's last sidebar element: once it is there the run has drawn everything.
    page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stCode']", state="attached", timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def header_count(page) -> int:
    text = page.locator("[data-testid='stCaptionContainer']").first.inner_text()
    return int(re.search(r"·[^\d·]*?(\d+)", text).group(1))  # "· 42 events" or "· الأحداث: 42"


PAGES = {"": "What matters now", "timeline": "US–Russia tension timeline", "map": "Deployments and incidents", "events": "Events", "briefing": "briefing",
         "about": "About the data"}


@pytest.mark.parametrize("path,title", PAGES.items())
def test_every_page_renders_offline_without_errors(server, page, path, title):
    page.goto(f"{server.url}/{path}")
    settle(page)
    expect(page.locator("h1").first).to_contain_text(title)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.watch.blocked == [], "the app tried to reach the internet"
    assert page.watch.errors == []


def test_map_renders_leaflet_boundaries_and_markers_offline(server, page):
    page.goto(f"{server.url}/map")
    settle(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    frame.locator(".sw-site").first.wait_for(timeout=30_000)
    assert frame.locator(".leaflet-overlay-pane path.leaflet-interactive").count() >= 14   # governorates + events
    assert frame.locator(".sw-site").count() >= 10                                         # site squares
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.locator(".sw-legend:not(.sw-stamp)").count() == 1 and frame.locator(".sw-stamp").count() == 1
    assert "geoBoundaries" in frame.locator(".leaflet-control-attribution").inner_text()
    # Clicking a site opens its popup with a source link.
    click_northernmost_site(page)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert popup.locator("a[href^='http']").count() >= 1
    assert page.watch.blocked == [] and page.watch.errors == []


def test_copied_url_reopens_the_same_view(server, browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = ctx.new_page()
    Watch(page)
    page.goto(f"{server.url}/events?cat=military_incident&cat=strike")
    settle(page)
    before = header_count(page)
    # Remove one category in the sidebar: the app reruns and the URL follows.
    page.get_by_role("button", name="Remove Strike").click()
    page.wait_for_url(re.compile(r"cat=military_incident(?!.*cat=strike)"), timeout=20_000)
    settle(page)
    after = header_count(page)
    assert 0 < after < before
    copied = page.url
    other = ctx.new_page()
    Watch(other)
    other.goto(copied)
    settle(other)
    assert header_count(other) == after
    assert "military incident" in other.locator("[data-testid='stCaptionContainer']").first.inner_text()
    # Switching page keeps the filter and the URL.
    other.get_by_role("link", name="Map").click()
    other.wait_for_url(re.compile(r"/map\?.*cat=military_incident"), timeout=20_000)
    ctx.close()


def test_clicking_a_timeline_point_opens_its_card(server, page):
    page.goto(f"{server.url}/timeline?cat=military_incident")
    settle(page)
    point = page.locator(".js-plotly-plot .scatterlayer .point").first
    point.wait_for(timeout=20_000)
    point.click(force=True)
    page.wait_for_url(re.compile(r"event=USRU-\d+"), timeout=20_000)
    settle(page)
    expect(page.get_by_text("Sources", exact=True)).to_be_visible()
    assert page.locator("[data-testid='stMarkdownContainer'] a[href^='http']").count() >= 1


PAYLOADS = ['<script>alert("s")</script>', '<img src=x onerror=alert("i")>', '"><svg onload=alert("v")>',
            "${alert('t')}`", "</div><b id=injected>x</b>", "[click](javascript:alert('m'))"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    events = [event(i + 1, title_en=p, title_ar=p, notes=p, notes_ar=p, source=p, source_title=p, location=p,
                    tension_reason=p, geo_note=p) for i, p in enumerate(PAYLOADS)]
    sites = [site(i + 1, name_en=p, name_ar=p, notes=p, source=p, source_title=p, geo_note=p) for i, p in enumerate(PAYLOADS)]
    s = Server(write_dataset(d, events, sites))
    yield s
    s.stop()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", list(PAGES))
def test_hostile_text_stays_inert(hostile_server, page, path, lang):
    page.goto(f"{hostile_server.url}/{path}?event=T-001&lang={lang}")
    settle(page)
    if path == "map":
        frame = page.frame_locator(MAP_FRAME)
        frame.locator(".sw-site").first.wait_for(timeout=30_000)
        for i in range(3):
            frame.locator(".sw-site").nth(i).dispatch_event("click")  # all at one spot: click each directly
            frame.locator(".leaflet-popup-content").last.wait_for(timeout=10_000)
            shown = frame.locator(".leaflet-popup-content").last.inner_text()
            assert any(p in shown for p in PAYLOADS), shown  # the payload is shown as text, verbatim
        injected = page.frame(url=re.compile("st_folium")).evaluate(
            "() => document.querySelectorAll('#injected, img[src=x], svg[onload]').length")
        assert injected == 0
    assert page.evaluate("() => document.querySelectorAll('#injected, img[src=x], svg[onload]').length") == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.watch.dialogs == []


# ------------------------------------------------------------------------------ map page (issue 4)

def _map_frame(page):
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=30_000)
    return next(f for f in page.frames if "st_folium" in f.url)


def _site_colours(frame) -> list[str]:
    return frame.evaluate("() => Array.from(document.querySelectorAll('.sw-site > div')).map(d => d.style.borderColor)")


def test_map_date_changes_which_sites_and_which_control_snapshot_are_drawn(server, page):
    counts, stamps = {}, {}
    for day in ("2019-09-01", "2020-06-01"):
        page.goto(f"{server.url}/map?asof={day}&layers=sites_us,sites_ru,control")
        settle(page)
        frame = _map_frame(page)
        frame.wait_for_selector(".sw-site", timeout=30_000)
        colours = _site_colours(frame)
        counts[day] = (colours.count("rgb(31, 78, 158)"), colours.count("rgb(198, 40, 40)"))
        stamps[day] = frame.locator(".sw-stamp").inner_text()
    # Before and after the October 2019 pull-back: Russia holds more sites in the northeast afterwards,
    # and the map switches from the March 2019 control snapshot to the November 2019 one.
    assert counts["2020-06-01"][1] > counts["2019-09-01"][1]
    assert "Map date 1 Sep 2019" in stamps["2019-09-01"] and "accurate as of 23 Mar 2019" in stamps["2019-09-01"]
    assert "Map date 1 Jun 2020" in stamps["2020-06-01"] and "accurate as of 30 Nov 2019" in stamps["2020-06-01"]


def test_layer_toggle_is_kept_in_the_url_and_survives_a_reload(server, page):
    page.goto(f"{server.url}/map")
    settle(page)
    frame = _map_frame(page)
    frame.wait_for_selector(".sw-label", timeout=30_000)
    towns_before = frame.locator(".sw-label:not(.sw-gov)").count()
    assert towns_before > 10
    page.get_by_role("button", name="Towns").click()     # st.pills option
    page.wait_for_url(re.compile(r"layers=(?!.*towns)"), timeout=20_000)
    page.reload()
    settle(page)
    frame = _map_frame(page)
    frame.wait_for_selector(".sw-site", timeout=30_000)
    assert frame.locator(".sw-label:not(.sw-gov)").count() < towns_before
    assert "towns" not in page.url.split("layers=")[1].split("&")[0]


def test_clicking_a_site_shows_its_history(server, page):
    page.goto(f"{server.url}/map?asof=2020-06-01&layers=sites_ru")
    settle(page)
    click_northernmost_site(page)
    expect(page.get_by_text(re.compile(r"^Site history: "))).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(r"period\(s\) of control recorded"))).to_be_visible()


def test_shared_url_restores_the_map_view_and_panning_updates_it(server, page):
    page.goto(f"{server.url}/map?lat=36.9000&lon=41.5000&z=9")
    settle(page)
    frame = _map_frame(page)
    frame.wait_for_function("() => window.map_div !== undefined && Math.abs(map_div.getCenter().lat - 36.9) < 0.05",
                            timeout=30_000)
    view = frame.evaluate("() => [map_div.getCenter().lat, map_div.getCenter().lng, map_div.getZoom()]")
    assert abs(view[0] - 36.9) < 0.05 and abs(view[1] - 41.5) < 0.05 and view[2] == 9
    frame.evaluate("() => map_div.setView([35.5, 40.2], 8)")
    page.wait_for_url(re.compile(r"lat=35\.5.*lon=40\.2.*z=8"), timeout=20_000)


# -------------------------------------------------------------------------- timeline page (issue 5)

def test_box_on_the_timeline_sets_the_date_range_everywhere(server, page):
    page.goto(f"{server.url}/events")
    settle(page)
    total = header_count(page)
    page.goto(f"{server.url}/timeline")
    settle(page)
    plot = page.locator(".js-plotly-plot").first
    plot.hover()
    plot.locator('.modebar-btn[data-title="Box Select"]').click()
    drag = plot.locator(".nsewdrag").nth(1)          # the lanes subplot
    box = drag.bounding_box()
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * 0.40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.60, y + 30, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(r"from=\d{4}-\d{2}-\d{2}.*to=\d{4}-\d{2}-\d{2}"), timeout=20_000)
    settle(page)
    page.get_by_role("link", name="Events").click()
    page.wait_for_url(re.compile(r"/events\?.*from="), timeout=20_000)
    settle(page)
    assert 0 < header_count(page) < total


def test_timeline_settings_travel_in_the_url(server, page):
    page.goto(f"{server.url}/?index=W.mean.confidence.3&lanes=sides")  # an old link to the root: forwarded
    settle(page)
    page.wait_for_url(re.compile(r"/timeline\?.*index=W\.mean\.confidence\.3"), timeout=20_000)
    captions = page.locator("[data-testid='stCaptionContainer']").all_inner_texts()
    assert any("Mean of tension scores per week, weighted by confidence" in t for t in captions), captions
    page.locator(".js-plotly-plot .scatterlayer .trace").nth(1).wait_for(timeout=30_000)  # one lane per side pair


# ------------------------------------------------------------------------------ sharing (issue 6)

def test_app_served_under_a_path_prefix_draws_the_map(tmp_path, browser):
    s = Server(extra_args=["--server.baseUrlPath", "monitor"])
    try:
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        w = Watch(page)
        page.goto(f"{s.url}/monitor/map")
        settle(page)
        frame = page.frame_locator(MAP_FRAME)
        frame.locator(".sw-site").first.wait_for(timeout=30_000)
        assert frame.locator(".leaflet-container").count() == 1
        assert w.blocked == [] and w.errors == []
        page.close()
    finally:
        s.stop()


def test_sidebar_offers_the_full_permalink(server, page):
    page.goto(f"{server.url}/map?cat=strike&asof=2020-01-15")
    settle(page)
    link = page.locator("[data-testid='stSidebar'] [data-testid='stCode']").inner_text()
    assert link.startswith(f"{server.url}/map?") and "cat=strike" in link and "asof=2020-01-15" in link


def test_exported_map_opens_offline_from_a_file(tmp_path, browser):
    from syriawatch import exports
    from syriawatch.geo import load_geo
    from syriawatch.loading import load_dataset
    from syriawatch.mapview import build_map
    ds = load_dataset()
    path = tmp_path / "map.html"
    path.write_text(exports.map_html(build_map, ds.events, ds.sites, load_geo(), {}), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    w = Watch(page)
    page.goto(path.as_uri())
    page.wait_for_selector(".sw-site", timeout=20_000)
    assert page.locator(".leaflet-overlay-pane path").count() > 14 and page.locator(".sw-legend").count() >= 1
    assert w.blocked == [] and w.errors == []
    page.close()


# ---------------------------------------------------------------------------- briefing (issue 6)

def test_briefing_page_and_stepping_through_slides(server, page):
    page.goto(f"{server.url}/briefing?from=2020-03-01&to=2021-03-31&embed=true")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    expect(page.locator("h1").first).to_contain_text("briefing")
    expect(page.get_by_text("Incidents and strikes")).to_be_visible()
    assert page.locator("[data-testid='stSidebar']").is_hidden()          # presentation layout
    page.frame_locator(MAP_FRAME).locator(".sw-site").first.wait_for(timeout=30_000)
    page.get_by_text("Slides: saved views").click()
    page.get_by_role("button", name="Present").first.click()
    page.wait_for_url(re.compile(r"/timeline\?.*slide=1"), timeout=20_000)   # slide 1 is a timeline view
    settle(page)
    assert "Jan 2020–Mar 2021" in page.locator("[data-testid='stCaptionContainer']").first.inner_text()
    page.get_by_role("button", name="Next ▶").click()
    page.wait_for_url(re.compile(r"/map\?.*asof=2020-08-25.*slide=2"), timeout=20_000)
    settle(page)
    frame = _map_frame(page)
    frame.wait_for_function("() => window.map_div !== undefined && map_div.getZoom() === 9", timeout=30_000)  # the slide's view
    assert "Map date 25 Aug 2020" in frame.locator(".sw-stamp").inner_text()


def test_access_gate_refuses_a_wrong_password_and_admits_the_right_one(browser, monkeypatch):
    monkeypatch.setenv("SYRIAWATCH_PASSWORD", "correct horse")
    s = Server()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{s.url}/events")
        page.wait_for_selector("input[type='password']", timeout=30_000)
        assert page.locator("[data-testid='stDataFrame']").count() == 0
        page.fill("input[type='password']", "battery staple")
        page.get_by_role("button", name="Enter").click()
        expect(page.get_by_text("Wrong password.")).to_be_visible(timeout=20_000)
        assert page.locator("[data-testid='stDataFrame']").count() == 0
        page.fill("input[type='password']", "correct horse")
        page.get_by_role("button", name="Enter").click()
        expect(page.locator("h1").first).to_contain_text("Events", timeout=30_000)
        page.close()
    finally:
        s.stop()


def test_the_running_app_never_writes_to_data_or_geo():
    """Runs last in this module: after every browser test above, data/ and geo/ are byte-identical."""
    assert _hashes() == BEFORE, "the app modified files under data/ or geo/"


# ------------------------------------------------------------------------------------ Arabic (issue 8)

# What counts as interface text: titles, the sidebar, labels, buttons, captions, tabs, metrics, notices,
# expanders, the uploader.  Data (tables, cards, the codebook's examples) and code/links are left out.
INTERFACE = ("h1, [data-testid=stSidebar], [data-testid=stWidgetLabel], button, [data-testid=stCaptionContainer], "
             "[role=tab], [data-testid=stMetricLabel], summary, [data-testid=stAlert], "
             "[data-testid=stFileUploaderDropzoneInstructions], [data-baseweb=select] [value], [data-testid=stPills]")
LATIN_OK = {"ACLED", "UCDP", "CSV", "XLSX", "GeoJSON", "HTML", "PNG", "SVG", "JSON", "OpenStreetMap", "Chromium",
            "English", "OCHA", "UNCS", "geoBoundaries", "CC", "BY", "IGO", "Natural", "Earth", "GeoNames", "Box",
            "Select", "Tanf", "GED", "TXT", "GSHHG", "WDBII"}  # dataset names stay as their publishers write them


def untranslated(page) -> set[str]:
    """English words in the visible interface text and placeholders (names and formats excepted).

    Walks the text nodes a reader sees (hidden ones, e.g. Streamlit's uploader text replaced by CSS, are
    skipped) inside interface elements, leaving out code, links and icon ligatures.
    """
    texts = page.evaluate("""(sel) => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!el || !n.textContent.trim() || !el.closest(sel)) continue;
            if (el.closest('code, pre, a, [data-testid=stIconMaterial], [data-testid=stCode], script, style')) continue;
            const cs = getComputedStyle(el);
            if (cs.visibility !== 'visible' || cs.fontSize === '0px' || cs.display === 'none' || !el.getClientRects().length) continue;
            out.push(n.textContent);
        }
        for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) out.push(el.placeholder);
        return out;
    }""", INTERFACE)
    words = set()
    for t in texts:
        t = re.sub(r"https?://\S+|\S+\.(csv|json|md|py)\b|\b[A-Z]+-\d+\b", " ", t)
        words |= {w for w in re.findall(r"[A-Za-z]{2,}", t) if w not in LATIN_OK}
    return words


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_in_arabic_is_right_to_left_and_translated(server, page, path):
    page.goto(f"{server.url}/{path}?lang=ar")
    settle(page)
    page.wait_for_function("() => /[\u0600-\u06FF]/.test(document.querySelector('h1')?.innerText || '')", timeout=30_000)
    assert page.evaluate("() => [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    assert page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stSidebar]')).direction") == "rtl"
    assert untranslated(page) == set()
    assert re.search(r"[\u0600-\u06FF]", page.locator("h1").first.inner_text())
    # The Arabic font is served by the app itself (no internet) and used.
    assert page.evaluate("""async () => { await document.fonts.ready;
        return Array.from(document.fonts).some(f => f.family.replace(/["']/g, '') === 'Noto Sans Arabic' && f.status === 'loaded'); }""")
    if path == "map":
        frame = page.frame(url=re.compile("st_folium"))
        page.frame_locator(MAP_FRAME).locator(".sw-legend").first.wait_for(timeout=30_000)
        assert frame.evaluate("() => document.documentElement.dir") == "rtl"
        legend = frame.evaluate("() => Array.from(document.querySelectorAll('.sw-legend')).map(e => e.innerText).join(' ')")
        assert re.search(r"[\u0600-\u06FF]", legend) and not re.findall(r"[A-Za-z]{3,}", legend), legend
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.watch.blocked == [] and page.watch.errors == []


def test_language_switch_keeps_the_view_and_travels_in_the_url(server, page):
    page.goto(f"{server.url}/events?cat=strike")
    settle(page)
    n = header_count(page)
    page.locator("[data-testid=stSidebar] a.sw-lang", has_text="العربية").click()
    page.wait_for_url(re.compile(r"lang=ar"), timeout=20_000)
    settle(page)
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    assert "cat=strike" in page.url and header_count(page) == n      # same filter, same rows
    expect(page.locator("h1").first).to_have_text("الأحداث والمواقع")
    # A copied Arabic link opens in Arabic.
    other = page.context.new_page()
    Watch(other)
    other.goto(page.url)
    settle(other)
    expect(other.locator("h1").first).to_have_text("الأحداث والمواقع")
    page.locator("[data-testid=stSidebar] a.sw-lang", has_text="English").click()
    page.wait_for_url(re.compile(r"^(?!.*lang=ar).*cat=strike"), timeout=20_000)
    settle(page)
    expect(page.locator("h1").first).to_have_text("Events and sites", timeout=20_000)
    assert page.evaluate("() => document.documentElement.dir") == "ltr"


def test_arabic_search_finds_spelling_variants_in_the_browser(server, page):
    page.goto(f"{server.url}/events?lang=ar")
    settle(page)
    total = header_count(page)
    box = page.locator("[data-testid='stSidebar'] input[type='text']").first
    box.fill("الحسكه")          # with haa, as often typed
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=%D8%A7%D9%84%D8%AD%D8%B3%D9%83%D9%87|q=الحسكه"), timeout=20_000)
    settle(page)
    assert 0 < header_count(page) < total


def test_downloads_are_made_on_click_with_exactly_the_rows_shown_and_in_the_language_shown(server, page):
    import csv
    import io

    import openpyxl

    page.goto(f"{server.url}/events?cat=strike&lang=ar")
    settle(page)
    n = header_count(page)
    with page.expect_download(timeout=30_000) as dl:
        page.locator("[data-testid=stDownloadButton] button").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == n and {r["category"] for r in rows} == {"strike"}
    settle(page)  # a download does not rerun the page (on_click="ignore"), but wait in case it did
    with page.expect_download(timeout=30_000) as dl:
        page.locator("[data-testid=stDownloadButton] button").nth(1).click()
    about = openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))["about"]
    assert about.sheet_view.rightToLeft and re.search(r"[\u0600-\u06FF]", about["A1"].value)
    assert page.watch.errors == []


# ------------------------------------------------------------------------- overview, briefing (issue 17)

def test_overview_remembers_the_last_visit_per_browser(tmp_path, browser):
    import shutil
    from urllib.parse import quote, unquote

    import pandas as pd
    from syriawatch import store

    state = tmp_path / "state"
    s0 = store.open_store(f"sqlite:///{state / 'curation.sqlite'}", seed_from=ROOT / "data")
    release = tmp_path / "release"
    shutil.copytree(ROOT / "data", release)
    df = pd.read_csv(release / "events.csv", dtype=str, keep_default_na=False)
    target = df.iloc[-1]
    df.loc[df["event_id"] == target["event_id"], "tension"] = str(int(target["tension"]) + 2)
    df.to_csv(release / "events.csv", index=False)
    s0.import_csv(release, comment="browser test edit")
    s = Server(env={"SYRIAWATCH_STATE_DIR": str(state)})
    try:
        ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = ctx.new_page()
        w = Watch(page)
        page.goto(f"{s.url}/")
        settle(page)
        expect(page.get_by_text("This is the first visit from this browser", exact=False)).to_be_visible()
        page.wait_for_function("() => document.cookie.includes('sw_visit=')", timeout=20_000)
        first = unquote(next(c["value"] for c in ctx.cookies() if c["name"] == "sw_visit"))
        assert first.startswith("|20")
        ctx.close()
        # A browser that was last here on 1 January 2026: it is told what changed since, with links.
        ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
        ctx.add_cookies([{"name": "sw_visit", "value": quote("|2026-01-01T09:00:00+00:00"), "url": s.url}])
        page = ctx.new_page()
        w2 = Watch(page)
        page.goto(f"{s.url}/")
        settle(page)
        expect(page.get_by_text("New since your last visit (1 Jan 2026)")).to_be_visible()
        box = page.locator(".st-key-ov_new")
        expect(box).to_contain_text("changed: tension score")
        expect(box).to_contain_text(target["title_en"][:25])
        assert box.locator("a[href*='timeline?event=']").count() >= 1
        page.wait_for_function("() => decodeURIComponent(document.cookie).includes('sw_visit=2026-01-01T09:00:00+00:00|')",
                               timeout=20_000)
        assert w.blocked == w2.blocked == [] and w.errors == w2.errors == []
        ctx.close()
    finally:
        s.stop()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_briefing_on_a_4k_screen_is_large_and_fits(server, browser, lang):
    ctx = browser.new_context(viewport={"width": 3840, "height": 2160})
    page = ctx.new_page()
    w = Watch(page)
    page.goto(f"{server.url}/briefing?lang={lang}")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    # The figure is rebuilt for the screen once the browser has told its size.
    page.wait_for_function("""() => { const t = document.querySelector('.js-plotly-plot .xtick text');
        return t && parseFloat(t.style.fontSize) >= 28; }""", timeout=60_000)
    page.frame_locator(MAP_FRAME).first.locator(".sw-site").first.wait_for(timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    m = page.evaluate("""() => {
        const px = el => parseFloat(getComputedStyle(el).fontSize);
        const vis = el => el.getClientRects().length && getComputedStyle(el).visibility === 'visible';
        const main = document.querySelector('[data-testid=stMain]') || document.body;
        const body = [...main.querySelectorAll('[data-testid=stMarkdownContainer] li, [data-testid=stMarkdownContainer] p, [data-testid=stCaptionContainer] p')]
            .filter(el => vis(el) && el.innerText.trim() && !el.closest('[data-testid=stMetric]'));
        const figures = [...main.querySelectorAll('[data-testid=stMetricValue] p')].filter(vis);
        const boxes = [...main.querySelectorAll('h1, h2, h3, [data-testid=stMetric], [data-testid=stPlotlyChart], iframe, [data-testid=stMarkdownContainer] > ul > li')].filter(vis);
        const overlaps = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.contains(b) || b.contains(a)) continue;
            const r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
            const x = Math.min(r.right, q.right) - Math.max(r.left, q.left), y = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
            if (x > 2 && y > 2) overlaps.push([a.tagName + ':' + a.innerText.slice(0, 30), b.tagName + ':' + b.innerText.slice(0, 30)]);
        }
        return {body: Math.min(...body.map(px)), n: body.length, figures: figures.map(px), overlaps,
                hscroll: document.documentElement.scrollWidth > window.innerWidth || main.scrollWidth > main.clientWidth};
    }""")
    assert m["n"] > 10 and m["body"] >= 28, m
    assert len(m["figures"]) == 4 and min(m["figures"]) >= 80, m
    assert not m["hscroll"] and m["overlaps"] == [], m
    legend = page.frame(url=re.compile("st_folium")).evaluate("() => parseFloat(getComputedStyle(document.querySelector('.sw-legend')).fontSize)")
    assert legend >= 18
    assert w.blocked == [] and w.errors == []
    ctx.close()
