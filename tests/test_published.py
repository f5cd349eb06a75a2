"""What the views read: the store's published rows (cache keyed on its counter), the files, or the fallback."""

import shutil

import pytest

from syriawatch import DATA_DIR, published, store
from syriawatch.store import Identity

ANA, RAMI = Identity("ana", "editor"), Identity("rami", "reviewer")


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("*.md", "*.json"))
    return d


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    published._failed.clear()
    published._synced.clear()
    yield
    published._failed.clear()
    published._synced.clear()


def loader():
    cache = {}

    def load(folder, key, overlay):
        if (key, overlay) not in cache:
            cache[(key, overlay)] = published.load(folder, key, overlay)
        return cache[(key, overlay)]
    load.cache = cache
    return load


def test_views_read_published_rows_and_see_a_publication_at_the_next_load(db_url, folder, monkeypatch):
    monkeypatch.setenv("SYRIAWATCH_DB_URL", db_url)
    load = loader()
    ds = published.dataset(folder, None, load)
    assert ds.origin == "store" and len(ds.events) == len(published.load(folder, "files|x").events)
    s = store.open_store(db_url)
    row = dict(s.published_rows("events")[-1])
    row.update(title_en="Published from the store test")
    d = s.create_draft(row, who=ANA, comment="test", source="https://example.org/a")
    assert "Published from the store test" not in set(published.dataset(folder, None, load).events["title_en"])
    mine = published.dataset(folder, "ana", load)            # the author's own "show drafts" view
    assert "Published from the store test" in set(mine.events["title_en"])
    s.publish(d.draft_id, RAMI, draft_version=d.version)
    again = published.dataset(folder, None, load)
    assert again is not ds and "Published from the store test" in set(again.events["title_en"])
    assert published.notice(folder) is None


def test_unreachable_database_falls_back_to_the_release_with_a_notice(folder, monkeypatch):
    monkeypatch.setenv("SYRIAWATCH_DB_URL", "postgresql://nobody@127.0.0.1:1/none")
    ds = published.dataset(folder, None, loader())
    assert ds.origin == "files" and len(ds.events) > 200
    assert "cannot be reached" in published.notice(folder)
    assert published.locate(folder).mode == "fallback"     # not retried at once: no wait on every page


def test_sqlite_in_an_unwritable_place_falls_back(folder, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SYRIAWATCH_DB_URL", f"sqlite:///{blocker}/db.sqlite")
    assert published.dataset(folder, None, loader()).origin == "files"
    assert published.notice(folder)


def test_another_data_folder_without_a_database_reads_its_files(folder, monkeypatch):
    monkeypatch.delenv("SYRIAWATCH_DB_URL", raising=False)
    monkeypatch.setattr(store, "_secrets_url", lambda: None)
    src = published.locate(folder)
    assert src.mode == "release" and published.notice(folder) is None


def test_changed_release_files_are_applied_only_while_nothing_was_published_in_the_app(db_url, folder, monkeypatch):
    monkeypatch.setattr(published, "DATA_DIR", folder)
    monkeypatch.setattr(store, "default_data_dir", lambda: folder)
    s = store.open_store(db_url, seed_from=folder)
    assert s.sync_release(folder) == "unchanged"
    text = (folder / "actors.csv").read_text(encoding="utf-8")
    (folder / "actors.csv").write_text(text.replace("\n", "\n", 1), encoding="utf-8")
    events = (folder / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first = events[1].replace(",", ",", 1)
    old_title = s.published_rows("events")[0]["title_en"]
    (folder / "events.csv").write_text("".join([events[0], first.replace(old_title, old_title + " (corrected)", 1), *events[2:]]),
                                       encoding="utf-8")
    assert s.sync_release(folder) == "imported"
    assert s.published_rows("events")[0]["title_en"] == old_title + " (corrected)"
    row = dict(s.published_rows("events")[1])
    rec = s.record("events", row["event_id"])
    d = s.save_draft("events", {**row, "title_en": "An analyst's edit"}, ANA, key=row["event_id"], base_version=rec.version)
    s.publish(d.draft_id, RAMI, draft_version=d.version)
    (folder / "events.csv").write_text("".join(events), encoding="utf-8")
    assert s.sync_release(folder) == "diverged"             # left to import-data: the edit is not overwritten
    assert s.published_rows("events")[1]["title_en"] == "An analyst's edit"
    s.export(folder)                                        # exporting makes store and files agree again
    assert s.sync_release(folder) == "unchanged"
