"""Curation in a real browser (issue 15): an editor adds an event from the form, a reviewer publishes it,
a viewer sees it on the timeline, the map and the events table and in a shared link opened in a fresh
browser; two editors on one row (the second save is refused, the edit kept); a viewer cannot reach Curate."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from syriawatch import identity
from test_browser import MAP_FRAME, Server, Watch, browser, settle  # noqa: F401 (browser: the fixture)

pytestmark = pytest.mark.browser
PW = "browser-test-pw"
ROLES = {"ana": "editor", "ben": "editor", "rami": "reviewer", "vic": "viewer"}
TITLE = "Browser test: coalition and Russian patrols meet near Tal Tamr"
QUERY = "events?q=Browser+test"


def caption(page) -> str:
    return page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()


@pytest.fixture(scope="module")
def cur_server(tmp_path_factory):
    d = tmp_path_factory.mktemp("curation")
    h = identity.hash_password(PW)
    (d / "secrets.toml").write_text("".join(f'[accounts.{n}]\npassword_hash = "{h}"\nrole = "{r}"\n' for n, r in ROLES.items()))
    s = Server(extra_args=["--secrets.files", str(d / "secrets.toml")],
               env={"SYRIAWATCH_DB_URL": f"sqlite:///{d / 'curation.sqlite'}"})
    yield s
    s.stop()


def run_done(page):
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_timeout(250)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def signed_in(browser, server, name: str, path: str = ""):
    """A fresh browser context signed in as ``name`` at ``path``."""
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = ctx.new_page()
    page.watch = Watch(page)
    page.goto(f"{server.url}/{path}")
    page.get_by_label("Account name").fill(name)
    page.get_by_label("Password", exact=True).fill(PW)
    page.get_by_role("button", name="Enter").click()
    settle(page)
    return ctx, page


def choose(page, label: str, option: str):
    """Pick an option of a selectbox by typing it; checked, and tried again if a rerun swallowed it."""
    box = page.get_by_role("combobox", name=re.compile("^" + re.escape(label)))
    wanted = page.get_by_role("option", name=re.compile(re.escape(option))).first
    for _attempt in range(4):
        run_done(page)
        box.click()
        box.fill(option)
        try:
            wanted.wait_for(timeout=5_000)
        except Exception:  # noqa: BLE001 - a rerun closed the list: open it again
            continue
        box.press("Enter")
        run_done(page)
        if option in box.input_value():
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def fill(page, label: str, text: str):
    box = page.get_by_label(re.compile("^" + re.escape(label)))
    box.fill(text)
    box.press("Tab")
    run_done(page)


def test_editor_adds_reviewer_publishes_viewer_sees_it_everywhere(cur_server, browser):
    ctx, ana = signed_in(browser, cur_server, "ana", "curate")
    expect(ana.locator("h1").first).to_have_text("Curate")
    assert ana.get_by_role("button", name="Save draft").is_disabled()          # blank form: invalid
    ana.get_by_label(re.compile("^Event date")).locator("[role=spinbutton]").first.click()
    ana.keyboard.type("20200825")                                              # year, month, day segments
    ana.keyboard.press("Tab")
    ana.locator("h1").first.click()                                           # blur: the date is sent
    run_done(ana)
    choose(ana, "Category", "Military incident")
    choose(ana, "ACLED event type", "Strategic developments")
    choose(ana, "ACLED sub-event type", "Other")
    choose(ana, "Actor 1", "USA_MIL")
    choose(ana, "Actor 2", "RUS_MIL")
    choose(ana, "Place from the gazetteer", "Tall Tamr")
    assert ana.get_by_label(re.compile("^Latitude")).input_value().startswith("36.")   # filled, editable
    fill(ana, "Title (English)", TITLE)
    fill(ana, "Title (Arabic)", "اختبار المتصفح: دوريات التحالف والروسية تلتقي قرب تل تمر")
    fill(ana, "Source: outlet", "Example Outlet")
    fill(ana, "Source: URL", "not a url")
    expect(ana.get_by_text("not an http(s) URL")).to_be_visible()               # the loader's check, at the field
    assert ana.get_by_role("button", name="Save draft").is_disabled()
    fill(ana, "Source: URL", "https://example.org/patrols")
    fill(ana, "Why this change", "new report")
    ana.get_by_role("button", name="Save draft").click()
    run_done(ana)
    msg = ana.get_by_text(re.compile(r"Draft USRU-\d+ saved for review"))
    expect(msg).to_be_visible(timeout=20_000)
    event_id = re.search(r"USRU-\d+", msg.inner_text()).group(0)
    assert ana.watch.blocked == [] and ana.watch.errors == []
    ctx.close()

    ctx, vic = signed_in(browser, cur_server, "vic", QUERY)
    assert "0 of" in caption(vic)   # a draft is not public
    ctx.close()

    ctx, rami = signed_in(browser, cur_server, "rami", "review")
    expect(rami.get_by_text(TITLE).first).to_be_visible()
    rami.get_by_role("button", name="Publish").first.click()
    run_done(rami)
    expect(rami.get_by_text(f"{event_id} published")).to_be_visible(timeout=20_000)
    ctx.close()

    ctx, vic = signed_in(browser, cur_server, "vic", QUERY)
    assert vic.get_by_role("link", name="Curate").count() == 0 and vic.get_by_role("link", name="Review").count() == 0
    assert "1 of" in caption(vic)
    shared = vic.url
    ctx.close()
    # (every page load is a new session, which signs in again: a fresh context for each view)
    ctx, vic = signed_in(browser, cur_server, "vic", f"?event={event_id}")      # the timeline's card
    expect(vic.get_by_text(TITLE).first).to_be_visible(timeout=20_000)
    vic.get_by_text(re.compile(r"History of this row")).click()
    expect(vic.get_by_text(re.compile(r"rami · published"))).to_be_visible()
    ctx.close()
    ctx, vic = signed_in(browser, cur_server, "vic", "map?asof=2020-08-26&win=30")  # the map, at the event's date
    frame = vic.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    assert TITLE in frame.locator("html").inner_html()
    ctx.close()

    fresh, other = signed_in(browser, cur_server, "vic", shared.split("/", 3)[3])  # the shared link, new browser
    assert "1 of" in caption(other)
    assert other.watch.blocked == [] and other.watch.errors == []
    fresh.close()


def test_second_editor_saving_a_stale_row_is_refused_and_keeps_the_edit(cur_server, browser):
    ca, ana = signed_in(browser, cur_server, "ana", "curate")
    cb, ben = signed_in(browser, cur_server, "ben", "curate")
    for page in (ana, ben):
        choose(page, "Row to edit", "USRU-0100")
    fill(ben, "Title (English)", "Ben's correction of the title")
    ben.get_by_role("button", name="Save draft").click()
    run_done(ben)
    expect(ben.get_by_text(re.compile(r"Draft USRU-0100 saved for review"))).to_be_visible(timeout=20_000)
    fill(ana, "Title (English)", "Ana's different correction")
    ana.get_by_role("button", name="Save draft").click()
    run_done(ana)
    expect(ana.get_by_text(re.compile("Not saved: someone else changed this row"))).to_be_visible(timeout=20_000)
    assert ana.get_by_label(re.compile(r"^Title \(English\)")).input_value() == "Ana's different correction"
    ca.close()
    cb.close()


def test_a_viewer_cannot_reach_curate_or_review(cur_server, browser):
    ctx, vic = signed_in(browser, cur_server, "vic", "curate")
    expect(vic.locator("h1").first).not_to_have_text("Curate")
    assert vic.get_by_role("button", name="Save draft").count() == 0
    ctx.close()
    ctx, vic = signed_in(browser, cur_server, "vic", "review")
    expect(vic.locator("h1").first).not_to_have_text("Review")
    assert vic.get_by_role("button", name="Publish").count() == 0
    ctx.close()
