"""Real-browser tests of the view state and the navigation (issue 13): a deep link as a server's very
first request, and a saved view applied over a session that already holds other values."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from test_browser import Server, Watch, browser, settle  # noqa: F401 - shared server, browser fixture and helpers

pytestmark = pytest.mark.browser


def new_page(browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = ctx.new_page()
    page.watch = Watch(page)
    return page


def caption(page) -> str:
    return page.locator("[data-testid='stCaptionContainer']").first.inner_text()


def test_a_deep_link_as_the_servers_first_request_gets_the_sidebar_and_its_filters(browser):
    s = Server()
    try:
        page = new_page(browser)
        page.goto(f"{s.url}/events?cat=strike&conf=probable")       # nothing has run on this server before
        settle(page)
        expect(page.locator("h1").first).to_contain_text("Events and sites")
        assert page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").count() >= 3
        text = caption(page)
        assert "strike" in text and "probable or better" in text, text
        assert re.search(r"/events\?.*cat=strike", page.url)
        assert page.watch.errors == [] and page.watch.blocked == []
    finally:
        s.stop()


def test_a_saved_view_with_since_and_ctx_applies_fully_over_other_values(tmp_path, browser):
    from test_importers import acled_row, write

    from syriawatch.importers import import_file

    store = tmp_path / "store"
    assert import_file(write(tmp_path / "acled.csv", [acled_row(1), acled_row(2)]), "acled", store).accepted == 2
    views = tmp_path / "views.json"
    views.write_text(json.dumps([{"name": "Context and changes", "page": "briefing",
                                  "params": {"since": "2025-06-01", "ctx": "1", "cat": "strike"}}]))
    s = Server(env={"SYRIAWATCH_CONTEXT_DIR": str(store)})
    try:
        page = new_page(browser)
        # The session first holds other values: since 2020-01-01, the context switch off, a confidence floor.
        page.goto(f"{s.url}/briefing?since=2020-01-01&conf=probable")
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        expect(page.get_by_text(re.compile(r"events added or changed since 0?1 Jan\w* 2020"))).to_be_visible(timeout=30_000)
        assert "imported context events" not in caption(page)
        page.get_by_text("Slides: saved views").click()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(views))
        page.get_by_role("button", name="Present").first.wait_for(timeout=30_000)
        expect(page.get_by_text("Context and changes")).to_be_visible(timeout=30_000)
        page.get_by_role("button", name="Present").first.click()
        page.wait_for_url(re.compile(r"/briefing\?.*since=2025-06-01.*slide=1"), timeout=30_000)
        expect(page.get_by_text(re.compile(r"events added or changed since 0?1 Jun\w* 2025"))).to_be_visible(timeout=30_000)
        assert page.get_by_role("spinbutton", name="year, What changed since").get_attribute("aria-valuenow") == "2025"
        expect(page.locator("[data-testid='stCaptionContainer']").first).to_contain_text(
            "imported context events", timeout=30_000)              # ctx=1 from the view
        text = caption(page)
        assert "strike" in text and "probable" not in text, text      # the view's filters, nothing left over
        assert "conf=" not in page.url
        assert page.watch.errors == [] and page.watch.blocked == []
    finally:
        s.stop()
