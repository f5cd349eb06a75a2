"""The context store under faults: a corrupt, empty or foreign Parquet file never takes a page down,
writes are atomic (an interrupted import leaves the previous store), and write errors get one message."""

import errno
import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from syriawatch import importers
from syriawatch.__main__ import main as cli
from syriawatch.contextstore import ContextFilter, ContextStore
from syriawatch.importers import import_file
from helpers import CURATION_PAGES, sign_in
from test_importers import acled_row, write

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
BAD_FILES = {  # name -> (content, words the reason must contain)
    "empty.parquet": (b"", "0 bytes"),
    "garbage.parquet": (b"PAR1 this is not a parquet file at all PAR1", "parquet"),
    "truncated.parquet": (None, ""),             # a real store file cut in half (an interrupted in-place write)
    "foreign.parquet": (None, "missing column"),  # valid Parquet, not a context store file
}


@pytest.fixture
def broken_store(tmp_path):
    store = tmp_path / "store"
    rows = [acled_row(i, event_date=f"2020-0{1 + i % 9}-1{i}") for i in range(1, 8)]
    assert import_file(write(tmp_path / "a.csv", rows), "acled", store).accepted == 7
    good = (store / "acled.parquet").read_bytes()
    for name, (content, _why) in BAD_FILES.items():
        if name == "truncated.parquet":
            content = good[: len(good) // 2]
        elif name == "foreign.parquet":
            pd.DataFrame({"x": [1, 2]}).to_parquet(store / name)
            continue
        (store / name).write_bytes(content)
    return store


def test_unreadable_files_are_listed_with_path_and_reason_and_the_rest_answers(broken_store):
    s = ContextStore([broken_store])
    bad = dict(s.unreadable)
    assert set(bad) == {str(broken_store / n) for n in BAD_FILES}
    for name, (_c, why) in BAD_FILES.items():
        assert why.lower() in bad[str(broken_store / name)].lower()
    assert s.total() == 7
    sel = s.select(ContextFilter.of("2020-01-01", "2020-12-31"))
    assert len(sel) == 7 and sel.map_layer(100)[0] is not None


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_with_a_corrupt_file_in_the_store(broken_store, monkeypatch, page):
    monkeypatch.setenv("SYRIAWATCH_CONTEXT_DIR", str(broken_store))
    at = AppTest.from_file("../dashboard.py", default_timeout=30)
    if page in CURATION_PAGES:
        sign_in(at, CURATION_PAGES[page])
    at.query_params["ctx"] = "1"
    at.run()
    if page != "pages/timeline.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    panel = [e for e in at.expander if "could not be read" in e.label]
    assert panel and "4 file(s)" in panel[0].label
    shown = " ".join(str(d.value.to_dict()) for d in panel[0].dataframe)
    assert all(str(broken_store / n) in shown for n in BAD_FILES)
    if page != "pages/about.py":
        assert "plus 7 imported context events" in at.caption[0].value


def test_the_store_is_replaced_atomically_and_kept_when_a_write_fails(tmp_path, monkeypatch):
    store = tmp_path / "store"
    import_file(write(tmp_path / "a.csv", [acled_row(1)]), "acled", store)
    before = (store / "acled.parquet").read_bytes()

    real = pd.DataFrame.to_parquet

    def half_then_full_disk(self, path, *a, **k):  # writes part of the file, then the disk is full
        Path(path).write_bytes(b"PAR1 partial")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_then_full_disk)
    res = import_file(write(tmp_path / "b.csv", [acled_row(2)]), "acled", store)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    assert res.fatal and "No space left on device" in res.fatal and "unchanged" in res.fatal
    assert (store / "acled.parquet").read_bytes() == before          # previous version intact
    assert sorted(p.name for p in store.iterdir()) == ["acled.parquet"]  # no temporary file left behind
    assert ContextStore([store]).unreadable == []


def test_an_unreadable_existing_store_file_is_not_overwritten(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "acled.parquet").write_bytes(b"not parquet")
    res = import_file(write(tmp_path / "a.csv", [acled_row(1)]), "acled", store)
    assert res.fatal and "acled.parquet" in res.fatal and "cannot be read" in res.fatal
    assert (store / "acled.parquet").read_bytes() == b"not parquet"


# ------------------------------------------------------------------ the import command (issue 18.6)

def _rejected_file(tmp_path):
    return write(tmp_path / "a.csv", [acled_row(1), acled_row(2, latitude="north")])


@pytest.mark.skipif(os.geteuid() == 0 and not os.environ.get("SW_TEST_AS_ROOT_RO"), reason="root ignores file modes")
def test_command_on_a_read_only_store(tmp_path, capsys):
    store = tmp_path / "store"
    store.mkdir()
    store.chmod(0o555)
    try:
        code = cli(["import", "acled", str(_rejected_file(tmp_path)), "--store", str(store)])
    finally:
        store.chmod(0o755)
    out = capsys.readouterr()
    assert code == 2 and "Traceback" not in out.out + out.err
    assert "not imported" in out.out and "store left unchanged" in out.out
    assert list(store.iterdir()) == []


def test_command_on_a_read_only_store_simulated(tmp_path, capsys, monkeypatch):
    """The same with the permission error raised by the write (tests may run as root, where modes are ignored)."""
    store = tmp_path / "store"

    def denied(self, path, *a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))
    monkeypatch.setattr(pd.DataFrame, "to_parquet", denied)
    code = cli(["import", "acled", str(_rejected_file(tmp_path)), "--store", str(store)])
    out = capsys.readouterr().out
    assert code == 2 and out.count("\n") <= 3 and "Permission denied" in out and "store left unchanged" in out
    assert not list(store.glob("*.parquet")) and not list(store.glob("*.tmp"))


@pytest.mark.parametrize("fail_on", ["store", "report"])
def test_command_on_a_full_disk(tmp_path, capsys, monkeypatch, fail_on):
    store = tmp_path / "store"
    import_file(write(tmp_path / "first.csv", [acled_row(9)]), "acled", store)
    before = (store / "acled.parquet").read_bytes()
    real_replace = os.replace

    def full(src, dst):
        if (fail_on == "store") == str(dst).endswith(".parquet"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)
    monkeypatch.setattr(importers.os, "replace", full)
    code = cli(["import", "acled", str(_rejected_file(tmp_path)), "--store", str(store)])
    out = capsys.readouterr()
    assert code == 2 and "Traceback" not in out.out + out.err and "No space left on device" in out.out
    # Never half done: the rows and their report are written together, or neither is.
    assert (store / "acled.parquet").read_bytes() == before
    assert not list(store.glob("*.rejected.csv")) and not list(store.glob("*.tmp"))
