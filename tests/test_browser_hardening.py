"""Browser tests of issue 18: downloads behind the gate, the gate's back-off, hostile names, session uploads."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from test_browser import Server, Watch, browser, settle  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.browser
EVIL = "evil.example"
NAMES = [f"[a link](http://{EVIL}/l)", f"![an image](http://{EVIL}/i.png)", f"<img src=http://{EVIL}/h.png>",
         f"http://{EVIL}/bare", f"<a href='http://{EVIL}/a'>x</a>", "**bold** _it_ `code` # head"]


def _sign_in(page, url):
    page.goto(url)
    page.wait_for_selector("input[type='password']", timeout=30_000)
    page.fill("input[type='password']", "correct horse")
    page.get_by_role("button", name="Enter").click()


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except HTTPError as err:
        return err.code, err.read()


@pytest.mark.parametrize("script", ["app.py"])
def test_downloads_behind_the_gate_are_refused_to_a_client_that_is_not_signed_in(browser, script):
    s = Server(env={"SYRIAWATCH_PASSWORD": "correct horse"}, script=script)
    try:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        page = ctx.new_page()
        _sign_in(page, f"{s.url}/events")
        expect(page.locator("h1").first).to_contain_text("Events", timeout=30_000)
        settle(page)
        with page.expect_download(timeout=30_000) as dl:
            page.locator("[data-testid=stDownloadButton] button").first.click()
        url = dl.value.url
        assert "/media/" in url
        assert b"event_id" in Path(dl.value.path()).read_bytes()          # the signed-in browser got the file
        mine = ctx.request.get(url)
        assert mine.status == 200 and b"event_id" in mine.body()
        # A fresh browser, and a plain client, with the address but without the sign-in: nothing.
        other = browser.new_context()
        theirs = other.request.get(url)
        assert theirs.status == 403 and b"event_id" not in theirs.body()
        status, body = _fetch(url)
        assert status == 403 and b"event_id" not in body
        # A forged or replayed admission gets nothing either.
        assert other.request.get(f"{s.url}/_syriawatch/admit?t=forged").status == 403
        assert other.request.get(url, headers={"Cookie": "syriawatch_media=forged"}).status == 403
        other.close()
        ctx.close()
    finally:
        s.stop()


def settle_gate(page):
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tmpdir")
    leftover = tmp / "syriawatch-upload-999999999-left"       # a folder of a server that no longer runs
    leftover.mkdir()
    (leftover / "acled.parquet").write_bytes(b"someone's rows")
    s = Server(env={"TMPDIR": str(tmp), "SYRIAWATCH_CONTEXT_DIR": str(tmp_path_factory.mktemp("ctx"))},
               extra_args=["--server.disconnectedSessionTTL", "1"])
    s.tmp, s.leftover = tmp, leftover
    yield s
    s.stop()


def _clean(page):
    assert page.locator("[data-testid='stException']").count() == 0
    found = page.evaluate(f"() => [...document.querySelectorAll(\"a[href*='{EVIL}'], img[src*='{EVIL}']\")]"
                          ".map(e => e.outerHTML + ' IN ' + e.parentElement.outerHTML.slice(0, 300))")
    assert found == []
    assert page.evaluate("() => document.querySelectorAll('#injected, img[src=x], svg[onload]').length") == 0
    assert [u for u in page.watch.blocked if EVIL in u] == []
    assert page.watch.dialogs == []


def test_saved_view_names_and_file_names_are_inert(plain_server, browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = ctx.new_page()
    page.watch = Watch(page)
    page.goto(f"{plain_server.url}/briefing")
    settle(page)
    page.get_by_text("Slides: saved views").click()
    views = [{"name": n, "name_ar": n, "page": "map", "params": {"asof": "2020-08-25"}} for n in NAMES]
    views.append({"name": NAMES[0], "page": []})                              # crashed the upload before
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": f"[f](http://{EVIL}/n).json", "mimeType": "application/json",
                "buffer": json.dumps(views).encode()}])
    expect(page.get_by_text("unknown page", exact=False)).to_be_visible(timeout=30_000)
    settle(page)
    body = page.locator("[data-testid='stMain']").inner_text().replace("\u200b", "")  # md() breaks autolinks with it
    for n in NAMES[:4]:
        assert n in body, n                                                   # shown as the text it is
    assert f"[f](http://{EVIL}/n).json" in body
    _clean(page)
    page.get_by_role("button", name="Present").nth(2).click()                 # the slide bar shows the name too
    page.wait_for_url(re.compile(r"/map\?.*slide=3"), timeout=30_000)
    settle(page)
    assert NAMES[2] in page.locator("[data-testid='stSidebar']").inner_text().replace("\u200b", "")
    _clean(page)
    # An uploaded context file whose name is a payload
    page.goto(f"{plain_server.url}/about")
    settle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": f"![x](http://{EVIL}/u.png).csv", "mimeType": "text/csv",
                "buffer": b"event_id_cnty,event_date,latitude,longitude\nSYR1,2020-01-01,36.1,40.1\n"}])
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("1 accepted", exact=False)).to_be_visible(timeout=30_000)
    _clean(page)
    ctx.close()


def test_session_uploads_go_with_the_session_and_leftovers_with_the_old_server(plain_server, browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = ctx.new_page()
    page.goto(f"{plain_server.url}/about")
    settle(page)
    assert not plain_server.leftover.exists()           # swept when the server served its first page
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "mine.csv", "mimeType": "text/csv",
                "buffer": b"event_id_cnty,event_date,latitude,longitude\nSYR7,2020-01-01,36.1,40.1\n"}])
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("1 accepted", exact=False)).to_be_visible(timeout=30_000)
    folders = [d for d in plain_server.tmp.glob("syriawatch-upload-*") if (d / "acled.parquet").exists()]
    assert folders and not list(folders[0].glob("*.csv"))   # the raw upload is not kept after its import
    ctx.close()                                              # the tab is closed: the session ends
    deadline = time.time() + 60
    while time.time() < deadline and any(d.exists() for d in folders):
        time.sleep(0.25)
    assert not any(d.exists() for d in folders)
