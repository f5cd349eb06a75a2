"""The article-to-drafts review page (pages/extract.py) through AppTest, against a temporary SQLite store."""

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from syriawatch import extract_review as XR
from syriawatch import identity, store

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "articles"
SEED = json.loads((FIX / "seed_ar_2021-03-20.json").read_text(encoding="utf-8"))
SEED_TEXT = (FIX / SEED["text_file"]).read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'curation.sqlite'}"
    monkeypatch.setenv("SYRIAWATCH_DB_URL", url)
    return url


def signed_in(monkeypatch, role):
    """The page asks syriawatch.identity.current() who is using it (AppTest has no real client address)."""
    monkeypatch.setattr(identity, "current", lambda: store.Identity("analyst-a", role))


@pytest.fixture
def editor(monkeypatch):
    signed_in(monkeypatch, "editor")


def extract_page() -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.run()
    at.switch_page("pages/extract.py").run()
    return at


def paste(at: AppTest, text=SEED_TEXT, outlet=SEED["outlet"], url=SEED["url"], date=SEED["date"]) -> AppTest:
    at.text_area(key="x_text").input(text)
    at.text_input(key="x_outlet").input(outlet)
    at.text_input(key="x_url").input(url)
    if date:
        at.date_input(key="x_date").set_value(dt.date.fromisoformat(date))
    at.button(key="x_go").click().run()
    return at


def buttons(at, suffix):
    return [b for b in at.button if b.key and b.key.endswith(suffix)]


def n_candidates(at) -> int:
    return int(next(s.value for s in at.subheader).split()[0])


def test_pasted_seed_article_gives_candidates_and_accept_creates_a_draft(db, editor):
    at = paste(extract_page())
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    n = n_candidates(at)
    assert n >= 8 and len(buttons(at, "_accept")) == n
    html = "".join(e.proto.body for e in at.get("html"))
    assert "sw-x-date" in html and "sw-x-actor" in html and "sw-x-place" in html
    assert "الحسكة" in html
    # The candidate relayed through Asharq Al-Awsat says so.
    assert any("another outlet" in c.value for c in at.caption)

    s = store.open_store(db)
    before = len(s.drafts())
    first = buttons(at, "_accept")[0]
    first.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Accepted as draft" in m.value for m in at.success)
    drafts = s.drafts()
    assert len(drafts) == before + 1
    d = drafts[-1]
    assert d.status == "draft" and d.author == "analyst-a"
    assert s.record("events", d.key) is None, "accepted candidates are drafts, not published rows"
    assert d.data["source"] == SEED["outlet"] and d.data["source_url"] == SEED["url"] and d.data["source_date"] == SEED["date"]
    assert d.data["source_title"].startswith("مصادر: جمود")
    assert d.data["confidence"] in XR.CONFIDENCE_CHOICES
    assert d.data["verification"] == "secondary_only"
    assert len(buttons(at, "_accept")) == n - 1


def test_edited_fields_are_what_is_saved(db, editor):
    at = paste(extract_page())
    i = buttons(at, "_accept")[1].key.rsplit("_", 1)[0]
    at.text_input(key=i + "_ten").input("Edited title by the reviewer")
    at.selectbox(key=i + "_conf").set_value("possible")
    at.button(key=i + "_accept").click().run()
    assert not at.error, [e.value for e in at.error]
    d = store.open_store(db).drafts()[-1]
    assert d.data["title_en"] == "Edited title by the reviewer" and d.data["confidence"] == "possible"


def test_discard_removes_the_candidate_and_writes_nothing(db, editor):
    at = paste(extract_page())
    n = n_candidates(at)
    before = len(store.open_store(db).drafts())
    buttons(at, "_discard")[0].click().run()
    assert not at.exception and not at.error
    assert n_candidates(at) == n - 1 and len(buttons(at, "_discard")) == n - 1
    assert any("1 discarded" in c.value for c in at.caption)
    assert len(store.open_store(db).drafts()) == before


def test_flagged_duplicate_links_to_the_existing_row_and_merges_into_it(db, editor):
    at = paste(extract_page())
    dups = [w.value for w in at.warning if "Possible duplicate of" in w.value]
    assert dups and "(./?event=" in dups[0]
    target = dups[0].split("[", 1)[1].split("]", 1)[0].replace("\\", "")
    merge = next(b for b in buttons(at, "_merge") if at.selectbox(key=b.key[:-len("merge")] + "target").value == target)
    merge.click().run()
    assert not at.error, [e.value for e in at.error]
    assert any(f"Merged into {target}" in m.value for m in at.success)
    s = store.open_store(db)
    d = s.open_draft("events", target)
    assert d is not None and d.data["source2_url"] in (SEED["url"], s.record("events", target).data["source2_url"])
    assert SEED["outlet"] in d.data["notes"]


def test_missing_date_is_a_clear_error_and_keeps_the_text(db, editor):
    at = paste(extract_page(), date=None)
    assert any("publication date" in e.value for e in at.error)
    assert at.text_area(key="x_text").value == SEED_TEXT


@pytest.mark.parametrize("role", [None, "viewer"])
def test_viewer_sees_candidates_but_no_accept_controls(db, monkeypatch, role):
    if role:
        signed_in(monkeypatch, role)
    else:
        monkeypatch.setattr(identity, "current", lambda: None)
    at = paste(extract_page())
    assert not at.exception and not at.error
    assert n_candidates(at) >= 8
    assert not buttons(at, "_accept") and not buttons(at, "_merge") and not buttons(at, "_discard")
    assert any("editor role" in i.value for i in at.info)


def test_unreachable_store_is_said_and_candidates_are_kept(tmp_path, monkeypatch, editor):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("SYRIAWATCH_DB_URL", f"sqlite:///{blocker / 'sub' / 'curation.sqlite'}")
    at = paste(extract_page())
    assert not at.exception
    assert any("curation store cannot be reached" in e.value for e in at.error)
    assert n_candidates(at) >= 8
    assert all(b.disabled for b in buttons(at, "_accept"))
    assert any(b.key == "x_dl" for b in at.get("download_button"))


def test_uploaded_html_is_read_as_text_with_hostile_markup_inert(db, editor):
    html = ("<html><head><script>alert(1)</script></head><body><nav>Menu</nav>"
            "<h1>US patrol blocked near Derik</h1><p>On Tuesday, Russian military police blocked a US patrol near "
            "Derik in Hasakah &lt;img src=x onerror=alert(1)&gt;, the Pentagon said.</p></body></html>").encode()
    at = extract_page()
    at.get("file_uploader")[0].set_value(("report.html", html, "text/html")).run()
    at.text_input(key="x_outlet").input("Test outlet")
    at.text_input(key="x_url").input("https://example.org/report")
    at.date_input(key="x_date").set_value(dt.date(2020, 8, 26))
    at.button(key="x_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert n_candidates(at) == 1
    body = "".join(e.proto.body for e in at.get("html") if "sw-x-sent" in e.proto.body)
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img" not in body and "Menu" not in body
    i = buttons(at, "_accept")[0].key.rsplit("_", 1)[0]
    assert at.text_input(key=i + "_date").value == "2020-08-25"
    assert at.selectbox(key=i + "_adm").value == "Al-Hasakah"
