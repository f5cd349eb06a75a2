"""The curation store, on SQLite and on a real PostgreSQL server (tests/pgserver.py): every test runs on both."""

import csv
import io
import shutil

import pytest

from syriawatch import DATA_DIR, store
from syriawatch.__main__ import main as cli
from syriawatch.schema import SPECS
from syriawatch.store import Conflict, Identity, InvalidRow, PermissionDenied, Store, StoreError

ANA = Identity("ana", "editor")
BEN = Identity("ben", "editor")
RAMI = Identity("rami", "reviewer")
SARA = Identity("sara", "reviewer")
VIC = Identity("vic", "viewer")


def canonical(raw: bytes) -> bytes:
    """The release format: what csv.writer (minimal quoting, LF) makes of the file's cells."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("*.md", "*.json"))
    return d


@pytest.fixture
def st(db_url, data):
    s = Store(db_url)
    s.migrate()
    s.seed(data)
    yield s
    s.engine.dispose()


def new_event(st: Store, **changes) -> dict:
    row = dict(st.record("events", st.published_rows("events")[-1]["event_id"]).data)
    row.pop("event_id")
    row.update({"title_en": "Test event: patrols meet near Tal Tamr", "tension": "4", **changes})
    return row


# ------------------------------------------------------------------------------------------ seed / export

def test_seed_then_export_is_byte_identical_to_the_release_files(st, data):
    for name in SPECS:
        raw = (data / f"{name}.csv").read_bytes()
        out = st.export_csv(name)
        assert out == canonical(raw), name
        if raw == canonical(raw):  # files already in the release format come back byte for byte
            assert out == raw, name
    assert st.export_csv("events") == (DATA_DIR / "events.csv").read_bytes()


def test_export_reseed_export_round_trip_and_reimport_changes_nothing(st, data, tmp_path, db_url):
    out = tmp_path / "export"
    st.export(out)
    before = (st.counter(), sum(len(st.history("events", r["event_id"])) for r in st.published_rows("events")))
    rep = st.import_csv(out)
    assert sum(rep.changed.values()) == 0
    after = (st.counter(), sum(len(st.history("events", r["event_id"])) for r in st.published_rows("events")))
    assert after == before
    assert st.export(out) == {name: False for name in SPECS}  # nothing rewritten


def test_export_of_awkward_cells_is_exact(db_url, tmp_path):
    d = tmp_path / "d"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("*.md", "*.json"))
    rows = list(csv.DictReader(open(d / "events.csv", encoding="utf-8")))
    rows[0]["notes"] = 'Line one, with comma\nline "two" — عربي'
    rows[1]["title_en"] = "Quote \" and , comma"
    out = io.StringIO(newline="")
    w = csv.DictWriter(out, fieldnames=list(SPECS["events"].columns), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (d / "events.csv").write_bytes(out.getvalue().encode())
    s = Store(db_url)
    s.migrate()
    s.seed(d)
    assert s.export_csv("events") == (d / "events.csv").read_bytes()
    ds = s.dataset(d)
    assert ds.events.set_index("event_id").loc[rows[0]["event_id"], "notes"] == rows[0]["notes"]
    s.engine.dispose()


def test_seed_keeps_good_rows_and_reports_broken_ones(db_url, tmp_path):
    d = tmp_path / "d"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("*.md", "*.json"))
    lines = (d / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first_id = lines[1].split(",")[0]
    lines.insert(3, "only,three,fields\n")
    lines.insert(4, lines[1])  # duplicate id
    (d / "events.csv").write_text("".join(lines), encoding="utf-8")
    s = Store(db_url)
    s.migrate()
    rep = s.seed(d)
    reasons = [(p.line, p.reason) for p in rep.problems]
    assert any(line == 4 and "fields" in r for line, r in reasons)
    assert any(line == 5 and "duplicate event_id" in r for line, r in reasons)
    assert rep.rows["events"] == len(lines) - 3
    assert s.record("events", first_id) is not None
    s.engine.dispose()


def test_release_import_records_field_level_history(st, data):
    rows = list(csv.DictReader(open(data / "events.csv", encoding="utf-8")))
    target = rows[5]["event_id"]
    old = rows[5]["fatalities"]
    rows[5]["fatalities"] = "7"
    out = io.StringIO(newline="")
    w = csv.DictWriter(out, fieldnames=list(SPECS["events"].columns), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (data / "events.csv").write_bytes(out.getvalue().encode())
    n = st.counter()
    rep = st.import_csv(data, comment="release 2026-12")
    assert rep.changed["events"] == 1
    assert st.counter() == n + 1
    h = st.history("events", target)[-1]
    assert (h.action, h.changes, h.comment) == ("import", {"fatalities": [old, "7"]}, "release 2026-12")
    assert st.export_csv("events") == (data / "events.csv").read_bytes()


def test_cli_export_data_writes_the_release_files(st, data, db_url, monkeypatch, capsys):
    monkeypatch.setenv("SYRIAWATCH_DB_URL", db_url)
    store._stores.clear()
    out = data.parent / "release"
    assert cli(["export-data", "--to", str(out)]) == 0
    assert (out / "sites.csv").read_bytes() == (DATA_DIR / "sites.csv").read_bytes()
    assert cli(["import-data", "--from", str(out)]) == 0
    assert "events: %d rows read, 0 changed" % len(st.published_rows("events")) in capsys.readouterr().out
    for s in store._stores.values():
        s.engine.dispose()
    store._stores.clear()


# ------------------------------------------------------------------------------------------ workflow

def test_a_new_event_is_a_draft_until_another_reviewer_publishes_it(st, data):
    n_before = len(st.dataset(data).events)
    d = st.create_draft(new_event(st), ANA, comment="from Reuters", source="https://example.org/report")
    assert d.status == "draft" and d.action == "create"
    assert d.key not in set(st.dataset(data).events["event_id"])           # not public yet
    assert d.key in set(st.dataset(data, overlay_author="ana").events["event_id"])  # "show drafts", for ana
    assert d.key not in set(st.dataset(data, overlay_author="ben").events["event_id"])
    assert [q.draft_id for q in st.queue()] == [d.draft_id]
    with pytest.raises(PermissionDenied, match="different reviewer"):
        st.publish(d.draft_id, Identity("ana", "reviewer"), draft_version=d.version)
    with pytest.raises(PermissionDenied, match="reviewer role"):
        st.publish(d.draft_id, BEN, draft_version=d.version)
    counter = st.counter()
    rec = st.publish(d.draft_id, RAMI, draft_version=d.version, comment="checked")
    assert rec.status == "published" and st.counter() == counter + 1
    ev = st.dataset(data).events.set_index("event_id")
    assert len(ev) == n_before + 1 and ev.loc[d.key, "title_en"] == "Test event: patrols meet near Tal Tamr"
    hist = st.history("events", d.key)
    assert [(h.who, h.action) for h in hist] == [("ana", "draft_create"), ("rami", "publish")]
    assert hist[-1].changes["title_en"] == [None, "Test event: patrols meet near Tal Tamr"]
    assert hist[-1].source == "https://example.org/report"
    assert [h.key for h in st.changes_since("2000-01-01")] == [d.key]
    assert st.queue() == []


def test_viewer_cannot_write_anything(st):
    key = st.published_rows("events")[0]["event_id"]
    rec = st.record("events", key)
    with pytest.raises(PermissionDenied):
        st.save_draft("events", rec.data, VIC, key=key, base_version=rec.version)
    with pytest.raises(PermissionDenied):
        st.create_draft(new_event(st), VIC)
    with pytest.raises(PermissionDenied):
        st.retire("events", key, VIC, base_version=rec.version, comment="x")
    with pytest.raises(PermissionDenied):
        st.import_csv(DATA_DIR, VIC)
    with pytest.raises(PermissionDenied):
        st.create_draft(new_event(st), "ana")  # a bare name is not an identity
    assert st.counter("drafts") == 0 and st.queue() == []


def test_edit_shows_field_diff_and_second_stale_save_is_refused(st, data):
    key = st.published_rows("events")[3]["event_id"]
    rec = st.record("events", key)
    a = dict(rec.data, tension="6")
    b = dict(rec.data, notes="Ben's wording")
    d = st.save_draft("events", a, ANA, key=key, base_version=rec.version, comment="new casualty report")
    assert st.diff(d)["tension"] == (rec.data["tension"], "6")
    # Ben opened the same published version before Ana saved: he did not see her draft.
    with pytest.raises(Conflict, match="open draft by ana"):
        st.save_draft("events", b, BEN, key=key, base_version=rec.version)
    assert st.open_draft("events", key).data["notes"] == rec.data["notes"]  # nothing of Ben's was written
    # Ben reloads the draft (version 1) and saves on top of it: accepted.
    d2 = st.save_draft("events", dict(d.data, notes="Ben's wording"), BEN, key=key, base_version=rec.version,
                       draft_version=d.version)
    assert d2.version == 2 and d2.author == "ana"
    # Ana saves again from her stale copy: refused.
    with pytest.raises(Conflict, match="changed since you opened it"):
        st.save_draft("events", a, ANA, key=key, base_version=rec.version, draft_version=d.version)
    # A reviewer holding the old draft version cannot publish it either.
    with pytest.raises(Conflict, match="edited since you opened it"):
        st.publish(d.draft_id, RAMI, draft_version=d.version)
    st.publish(d.draft_id, RAMI, draft_version=d2.version)
    ev = st.dataset(data).events.set_index("event_id").loc[key]
    assert (ev["tension"], ev["notes"]) == (6, "Ben's wording")
    # A save based on the version before the publication is refused with a clear message.
    with pytest.raises(Conflict, match="published by someone else"):
        st.save_draft("events", rec.data, BEN, key=key, base_version=rec.version)


def test_invalid_row_is_refused_per_field_and_nothing_is_written(st):
    bad = new_event(st, tension="12", source_url="not a url", actor2="NOBODY", event_date="2015-01-01")
    with pytest.raises(InvalidRow) as err:
        st.create_draft(bad, ANA)
    fields = err.value.by_field()
    assert {"tension", "source_url", "actor2", "event_date"} <= set(fields)
    assert "tension must be between -10 and 10" in fields["tension"]
    assert st.queue() == [] and st.counter("drafts") == 0


def test_send_back_then_fix_then_publish_and_reject(st, data):
    d = st.create_draft(new_event(st), ANA, source="https://example.org/a")
    with pytest.raises(StoreError, match="comment"):
        st.send_back(d.draft_id, RAMI, draft_version=d.version, comment=" ")
    back = st.send_back(d.draft_id, RAMI, draft_version=d.version, comment="second source please")
    assert back.status == "sent_back" and back.review_note == "second source please"
    assert st.queue() == []
    fixed = st.save_draft("events", dict(back.data, source2="AP", source2_url="https://example.org/ap"), ANA,
                          key=d.key, draft_version=back.version)
    assert fixed.status == "draft" and [q.draft_id for q in st.queue()] == [d.draft_id]
    st.publish(d.draft_id, SARA, draft_version=fixed.version)
    assert st.dataset(data).events.set_index("event_id").loc[d.key, "source2"] == "AP"
    r = st.create_draft(new_event(st), BEN)
    st.reject(r.draft_id, RAMI, draft_version=r.version, comment="duplicate of " + d.key)
    assert r.key not in set(st.dataset(data).events["event_id"])
    assert [h.action for h in st.history("events", r.key)] == ["draft_create", "rejected"]
    # The rejected id stays used: the next new row gets a fresh one.
    nxt = st.create_draft(new_event(st), BEN)
    assert nxt.key not in (d.key, r.key)


def test_retire_keeps_the_id_and_ids_are_never_reused(st, data):
    rows = st.published_rows("events")
    last = max(rows, key=lambda r: r["event_id"])["event_id"]
    rec = st.record("events", last)
    with pytest.raises(StoreError, match="why"):
        st.retire("events", last, ANA, base_version=rec.version, comment="")
    d = st.retire("events", last, ANA, base_version=rec.version, comment="duplicate", source="https://example.org/x")
    assert st.diff(d) == {"(status)": ("published", "retired")}
    st.publish(d.draft_id, RAMI, draft_version=d.version)
    assert st.record("events", last).status == "retired"
    assert last not in set(st.dataset(data).events["event_id"])
    assert last.encode() not in st.export_csv("events")
    new = st.create_draft(new_event(st), ANA)
    assert new.key != last and new.key > last
    with pytest.raises(Conflict, match="never reused"):
        st.save_draft("events", dict(new_event(st), event_id=last), ANA)
    with pytest.raises(StoreError, match="retired"):
        st.save_draft("events", rec.data, ANA, key=last, base_version=rec.version + 1)


def test_sites_periods_are_curated_the_same_way(st, data):
    key = st.published_rows("sites")[0]["site_id"]
    rec = st.record("sites", key)
    d = st.save_draft("sites", dict(rec.data, notes="Checked against the 2026 imagery report"), ANA, key=key,
                      base_version=rec.version, source="https://example.org/sites")
    st.publish(d.draft_id, RAMI, draft_version=d.version)
    assert st.dataset(data).sites.set_index("site_id").loc[key, "notes"] == "Checked against the 2026 imagery report"
    new = dict(rec.data, vacated="", vacated_precision="")
    new.pop("site_id")
    d2 = st.save_draft("sites", new, ANA)
    assert d2.key != key and d2.key.startswith(key.rstrip("0123456789"))


def test_a_failure_mid_publish_leaves_nothing_half_written(st, data, monkeypatch):
    key = st.published_rows("events")[0]["event_id"]
    rec = st.record("events", key)
    d = st.save_draft("events", dict(rec.data, tension="9"), ANA, key=key, base_version=rec.version)
    counter, n_hist = st.counter(), len(st.history("events", key))

    def crash(*a, **k):
        raise RuntimeError("server killed")
    monkeypatch.setattr(Store, "_bump", crash)
    with pytest.raises(RuntimeError):
        st.publish(d.draft_id, RAMI, draft_version=d.version)
    monkeypatch.undo()
    assert st.record("events", key).data["tension"] == rec.data["tension"]
    assert st.record("events", key).version == rec.version
    assert st.draft(d.draft_id).status == "draft"
    assert (st.counter(), len(st.history("events", key))) == (counter, n_hist)
    st.publish(d.draft_id, RAMI, draft_version=d.version)  # and the same publication then succeeds
    assert st.record("events", key).data["tension"] == "9"


def test_another_session_sees_a_publication_immediately(st, data, db_url):
    other = Store(db_url)  # a second engine (another server process or session)
    seen = other.counter()
    d = st.create_draft(new_event(st), ANA)
    st.publish(d.draft_id, RAMI, draft_version=d.version)
    assert other.counter() == seen + 1
    assert d.key in set(other.dataset(data).events["event_id"])
    other.engine.dispose()


def test_migrated_tables_have_exactly_the_codebook_columns(db_url):
    """A codebook column without a migration would make every seed fail: the migrations must follow schema.SPECS."""
    import sqlalchemy as sa

    s = Store(db_url)
    s.migrate()
    try:
        inspector = sa.inspect(s.engine)
        for name, spec in SPECS.items():
            have = [c["name"] for c in inspector.get_columns(f"cur_{name}")]
            assert set(have) - {"rec_seq", "rec_status", "rec_version"} == set(spec.columns), name
    finally:
        s.engine.dispose()


def test_migrations_are_idempotent_and_seed_runs_once(st, data):
    n = st.counter()
    st.migrate()
    assert st.seed(data).rows == {}
    assert st.counter() == n


# ------------------------------------------------------------------------------------------ location

def test_default_database_lives_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("SYRIAWATCH_DB_URL", raising=False)
    monkeypatch.delenv("SYRIAWATCH_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(store, "_secrets_url", lambda: None)
    assert store.resolve_url() == f"sqlite:///{tmp_path}/syriawatch/curation.sqlite"
    monkeypatch.setenv("SYRIAWATCH_STATE_DIR", str(store.ROOT / "data"))
    with pytest.raises(StoreError, match="outside the repository"):
        store.resolve_url()
    monkeypatch.setenv("SYRIAWATCH_DB_URL", "postgresql://u:p@db.example/cur")
    assert store.resolve_url() == "postgresql+psycopg://u:p@db.example/cur"


def test_url_from_streamlit_secrets(monkeypatch, tmp_path):
    monkeypatch.delenv("SYRIAWATCH_DB_URL", raising=False)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[connections.curation]\nurl = "postgresql://h/db"\n')
    monkeypatch.setattr(store, "ROOT", tmp_path)
    assert store.resolve_url() == "postgresql+psycopg://h/db"
