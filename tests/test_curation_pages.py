"""Curate and Review pages through AppTest: roles, per-field validation, drafts, review, conflicts, history."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from syriawatch import curation, identity, published, store
from syriawatch.store import Identity

H = identity.hash_password("pw-for-tests")
ACCOUNTS = {"ana": {"password_hash": H, "role": "editor"}, "ben": {"password_hash": H, "role": "editor"},
            "rami": {"password_hash": H, "role": "reviewer"}, "sara": {"password_hash": H, "role": "reviewer"},
            "vic": {"password_hash": H, "role": "viewer"}}


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'curation.sqlite'}"
    monkeypatch.setenv("SYRIAWATCH_DB_URL", url)
    published._failed.clear()
    return store.open_store(url)


def page(name: str, who: str | None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(f"../pages/{name}.py", default_timeout=60)
    if who:                        # named accounts; without one: no gate, not on loopback -> read-only
        at.secrets["accounts"] = ACCOUNTS
        at.session_state[identity.SESSION_KEY] = who
    if lang:
        at.session_state["lang"] = lang
    return at.run()


def controls(at) -> list:
    return [w for kind in ("button", "text_input", "text_area", "selectbox", "date_input") for w in at.get(kind)]


@pytest.mark.parametrize("name", ["curate", "review"])
@pytest.mark.parametrize("who", [None, "vic"])
def test_a_viewer_or_anonymous_visitor_sees_no_curation_control(db, name, who):
    at = page(name, who)
    assert not at.exception, at.exception
    assert not controls(at)
    assert any("signed-in analysts" in i.value for i in at.info)


def test_an_editor_does_not_see_review_controls(db):
    at = page("review", "ana")
    assert not at.exception and not controls(at)


def fill_new_event(at, title="Patrols meet near Tal Tamr (test)"):
    at.selectbox(key="cf_events_category").set_value("military_incident")
    at.selectbox(key="cf_events_event_type").set_value("Strategic developments")
    at.selectbox(key="cf_events_sub_event_type").set_value("Other")
    at.selectbox(key="cf_events_actor1").set_value("USA_MIL")
    at.selectbox(key="cf_events_actor2").set_value("RUS_MIL")
    at.date_input(key="cf_events_event_date").set_value(dt.date(2020, 8, 25))
    at.text_area(key="cf_events_title_en").set_value(title)
    at.text_area(key="cf_events_title_ar").set_value("دوريات تلتقي قرب تل تمر (اختبار)")
    at.text_input(key="cf_events_source").set_value("Example Outlet")
    at.text_input(key="cf_events_source_url").set_value("https://example.org/report")
    return at.run()


def test_editor_adds_an_event_field_by_field_and_nothing_is_saved_while_invalid(db):
    at = page("curate", "ana")
    assert not at.exception, at.exception
    save = at.button(key="cf_save")
    assert save.disabled                                        # a blank form is invalid
    reds = " ".join(m.value for m in at.markdown if m.value.startswith(":red["))
    assert "value is required" in reds
    at = fill_new_event(at)
    at.text_input(key="cf_events_latitude").set_value("95").run()   # out of range: shown under the field
    reds = [m.value for m in at.markdown if m.value.startswith(":red[")]
    assert any("latitude must be between" in r for r in reds) and at.button(key="cf_save").disabled
    before = len(db.queue())
    # the gazetteer fills place, governorate and coordinates; they stay editable
    tal_tamr = next(p for p in curation.gazetteer() if p.name.startswith("Tall Tamr") or p.name.startswith("Tal Tamr"))
    at.selectbox(key="cf_events_place").set_value(tal_tamr.geonameid).run()
    assert at.text_input(key="cf_events_latitude").value == f"{tal_tamr.latitude:.4f}"
    assert at.selectbox(key="cf_events_admin1").value == "Al-Hasakah"
    assert at.text_area(key="cf_events_geo_note").value.startswith(f"GeoNames {tal_tamr.geonameid}")
    assert not [m for m in at.markdown if m.value.startswith(":red[")]
    assert len(db.queue()) == before                          # nothing written until saved
    at.text_input(key="cf_comment").set_value("from the Example Outlet report").run()
    at.button(key="cf_save").click().run()
    assert not at.exception, at.exception
    assert any("saved for review" in s.value for s in at.success)
    d = db.queue()[-1]
    assert d.author == "ana" and d.action == "create" and d.data["title_en"] == "Patrols meet near Tal Tamr (test)"
    assert d.comment == "from the Example Outlet report" and d.source == "https://example.org/report"
    assert d.key not in {r["event_id"] for r in db.published_rows("events")}   # a draft until reviewed

    # the author cannot publish it; a different reviewer can
    own = page("review", "rami")
    assert not own.exception
    rev = page("review", "sara")
    assert rev.dataframe and "Patrols meet near Tal Tamr (test)" in rev.dataframe[-1].value.to_string()
    rev.button(key=f"rv_pub_{d.draft_id}").click().run()
    assert not rev.exception, rev.exception
    assert any("published" in s.value for s in rev.success)
    assert d.key in {r["event_id"] for r in db.published_rows("events")}
    hist = curation.history_md(db.history("events", d.key))
    assert "sara" in hist and "ana" in hist and "from the Example Outlet report" in hist


def test_reviewer_cannot_publish_their_own_draft_and_can_send_back_with_a_comment(db):
    row = dict(db.published_rows("events")[-1])
    rec = db.record("events", row["event_id"])
    d = db.save_draft("events", {**row, "tension": "5"}, Identity("rami", "reviewer"), key=row["event_id"],
                      base_version=rec.version, comment="raise the score")
    at = page("review", "rami")
    assert not at.get("button") or not [b for b in at.button if b.key == f"rv_pub_{d.draft_id}"]
    assert any("another reviewer" in c.value for c in at.caption)
    at = page("review", "sara")
    diff = at.dataframe[-1].value
    assert list(diff.iloc[0])[1:] == [row["tension"], "5"]
    assert at.button(key=f"rv_back_{d.draft_id}").disabled     # a comment is required to send back
    at.text_input(key=f"rv_note_{d.draft_id}").set_value("cite the source for +5").run()
    at.button(key=f"rv_back_{d.draft_id}").click().run()
    assert db.draft(d.draft_id).status == "sent_back" and db.draft(d.draft_id).review_note == "cite the source for +5"
    mine = page("curate", "rami")
    assert any("cite the source for" in m.value and "sent back" in m.value for m in mine.markdown)


def test_a_stale_save_is_refused_with_a_clear_message_and_the_edit_stays_in_the_form(db):
    key = db.published_rows("events")[-1]["event_id"]
    at = page("curate", "ana")
    at.selectbox(key="cur_pick_events").set_value(key).run()
    at.text_area(key="cf_events_title_en").set_value("Ana's better title").run()
    row = db.record("events", key)
    db.save_draft("events", {**row.data, "title_en": "Ben's title"}, Identity("ben", "editor"), key=key,
                  base_version=row.version)                  # meanwhile, another editor saves
    at.button(key="cf_save").click().run()
    assert not at.exception
    assert any("Not saved" in e.value and "ben" in e.value for e in at.error)
    assert at.text_area(key="cf_events_title_en").value == "Ana's better title"
    assert db.open_draft("events", key).data["title_en"] == "Ben's title"


def test_retire_keeps_the_id(db):
    key = db.published_rows("sites")[0]["site_id"]
    at = page("curate", "ana")
    at.segmented_control(key="cur_table").set_value("sites").run()
    at.selectbox(key="cur_pick_sites").set_value(key).run()
    at.text_input(key="cf_retire_why").set_value("duplicate of another period").run()
    at.button(key="cf_retire").click().run()
    d = db.open_draft("sites", key)
    assert d.action == "retire"
    db.publish(d.draft_id, Identity("rami", "reviewer"), draft_version=d.version)
    assert key not in {r["site_id"] for r in db.published_rows("sites")}
    assert db.record("sites", key).status == "retired"
    new = db.create_draft({**db.published_rows("sites")[0]}, Identity("ana", "editor"), table="sites")
    assert new.key != key


def test_curate_page_in_arabic(db):
    at = page("curate", "ana", lang="ar")
    assert not at.exception, at.exception
    assert at.title[0].value == "التحرير"
    assert at.button(key="cf_save").label == "حفظ المسودة"


def test_crafted_writes_without_an_editor_identity_are_refused_by_the_store(db):
    row = dict(db.published_rows("events")[-1])
    for who in (identity.resolve(secrets_obj={"accounts": ACCOUNTS}, user=None, session={}, server_address="0.0.0.0",
                                 client_ip="10.1.1.1"),
                Identity("vic", "viewer"), Identity("", "reviewer")):
        with pytest.raises(store.PermissionDenied):
            db.create_draft(row, who=who)
    d = db.create_draft(row, who=Identity("ana", "editor"))
    with pytest.raises(store.PermissionDenied):
        db.publish(d.draft_id, Identity("ben", "editor"), draft_version=d.version)
    assert db.draft(d.draft_id).status == "draft"
