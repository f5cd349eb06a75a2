"""The article-to-drafts page in a real browser: hostile text in a pasted article stays inert text
inside the highlighted spans, accepting writes a draft, and the Arabic page is translated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from test_browser import Server, browser, page, settle, untranslated  # noqa: F401 - fixtures reused

pytestmark = pytest.mark.browser
FIX = Path(__file__).resolve().parent / "fixtures" / "articles"
HOSTILE = ("US patrol blocked near Derik\n"
           "On Tuesday, Russian military police <img src=x onerror=alert(1)> blocked a US patrol near Derik "
           "in Hasakah <script>alert(2)</script>, the Pentagon said.\n")


@pytest.fixture(scope="module")
def store_server(tmp_path_factory):
    """The app on 127.0.0.1 (the visitor is the local editor, named in Arabic: the sidebar shows the name)
    with its own empty curation database."""
    db = tmp_path_factory.mktemp("curation") / "curation.sqlite"
    s = Server(env={"SYRIAWATCH_DB_URL": f"sqlite:///{db}", "SYRIAWATCH_LOCAL_NAME": "محلل"})
    s.db = f"sqlite:///{db}"
    yield s
    s.stop()


def fill_article(page, text: str, outlet: str, url: str, date: str) -> None:
    """Type the article and its metadata as a user would (widgets are found by their keys)."""
    for key, value, sel in (("x_text", text, "textarea"), ("x_outlet", outlet, "input"), ("x_url", url, "input")):
        box = page.locator(f".st-key-{key} {sel}")
        box.fill(value)
        box.press("Tab")
        settle(page)
    year = page.locator(".st-key-x_date [role=spinbutton]").first
    year.click()
    page.keyboard.type(date.replace("-", ""))
    page.keyboard.press("Tab")
    settle(page)
    page.locator(".st-key-x_go button").click()
    settle(page)


def test_hostile_article_shows_escaped_highlighted_spans_and_accepts_a_draft(store_server, page):
    page.goto(f"{store_server.url}/extract")
    settle(page)
    fill_article(page, HOSTILE, "Test <b>outlet</b>", "https://example.org/report", "2020-08-26")
    sent = page.locator(".sw-x-sent").first
    expect(sent).to_be_visible(timeout=30_000)
    # The payload is shown as text, inside the sentence, and never became elements.
    assert "<img src=x onerror=alert(1)>" in sent.inner_text() and "<script>alert(2)</script>" in sent.inner_text()
    assert page.locator(".sw-x-sent img, .sw-x-sent script, .sw-x-sent b").count() == 0
    kinds = {m.get_attribute("class"): m.inner_text() for m in sent.locator("mark").all()}
    assert kinds.get("sw-x-date") == "On Tuesday" and "sw-x-actor" in kinds and "sw-x-place" in kinds
    page.get_by_role("button", name="Accept as draft").first.click()
    settle(page)
    expect(page.get_by_text(re.compile(r"Accepted as draft #\d+"))).to_be_visible()
    assert page.watch.dialogs == [] and page.watch.errors == [] and page.watch.blocked == []
    from syriawatch import store
    d = store.Store(store_server.db).drafts()[-1]
    assert d.author == "محلل" and d.data["source"] == "Test <b>outlet</b>" and d.data["event_date"] == "2020-08-25"


def test_arabic_extract_page_is_translated_with_its_candidates(store_server, page):
    meta = json.loads((FIX / "seed_ar_2021-03-20.json").read_text(encoding="utf-8"))
    page.goto(f"{store_server.url}/extract?lang=ar")
    settle(page)
    fill_article(page, (FIX / meta["text_file"]).read_text(encoding="utf-8"), meta["outlet"], meta["url"], meta["date"])
    expect(page.locator(".sw-x-sent").first).to_be_visible(timeout=30_000)
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    assert page.locator(".sw-x-sent").count() >= 8
    assert untranslated(page) == set()
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.watch.errors == [] and page.watch.blocked == []
