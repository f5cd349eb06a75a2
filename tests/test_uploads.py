"""Per-session upload folders are removed when the session ends, and leftovers of dead servers on start."""

import gc
import os
import subprocess
import sys

from syriawatch import uploads


def test_a_session_folder_goes_with_its_session(tmp_path):
    folder = uploads.new_folder(tmp_path)
    (folder / "acled.csv").write_text("raw rows of a user")
    state = {"_ctx_guard": uploads.Guard(folder)}   # what the session's state holds
    assert folder.exists()
    del state                                       # the session ended: its state is dropped
    gc.collect()
    assert not folder.exists()


def test_leftovers_of_a_dead_server_are_swept_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    left = tmp_path / f"{uploads.PREFIX}{pid}-abc"
    left.mkdir()
    (left / "store.parquet").write_bytes(b"x")
    legacy = tmp_path / f"{uploads.PREFIX}k2j3h4"      # folders named before the pid was part of the name
    legacy.mkdir()
    live = uploads.new_folder(tmp_path)                 # this process is alive
    removed = uploads.sweep_leftovers(tmp_path)
    assert set(removed) == {left, legacy} and live.exists() and not left.exists()
    assert os.listdir(tmp_path) == [live.name]


def test_folders_of_ended_sessions_are_swept_after_a_grace_period(tmp_path):
    t = [0.0]
    a, b = uploads.new_folder(tmp_path, "sess-a"), uploads.new_folder(tmp_path, "sess-b")
    active = {"sess-a", "sess-b"}
    sweep = lambda: uploads.sweep_ended(lambda sid: sid in active, 5, tmp_path, clock=lambda: t[0])  # noqa: E731
    assert sweep() == []
    active.discard("sess-b")                   # tab closed
    t[0] = 3
    assert sweep() == [] and b.exists()        # within the grace period: a reconnect keeps its uploads
    t[0] = 9
    assert sweep() == [b] and a.exists() and not b.exists()
