"""Per-session upload folders (a user's raw ACLED/UCDP file and its session store) and their removal.

A folder is named after the server process (``syriawatch-upload-<pid>-…`` in the system temporary folder).
It is removed when its session ends (a :class:`Guard` held in the session's state is collected with it)
and, for folders left by a server that is no longer running (killed, crashed), when a server starts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path

PREFIX = "syriawatch-upload-"


def _root(tmp: Path | None) -> Path:
    return Path(tmp or tempfile.gettempdir())


def new_folder(tmp: Path | None = None) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=_root(tmp)))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # a live process of another user
        return True
    return True


def sweep_leftovers(tmp: Path | None = None) -> list[Path]:
    """Remove upload folders whose server process is gone; return them. Folders of live servers stay."""
    removed = []
    for d in _root(tmp).glob(PREFIX + "*"):
        pid = d.name[len(PREFIX):].split("-", 1)[0]
        if not d.is_dir() or (pid.isdigit() and _alive(int(pid))):
            continue
        shutil.rmtree(d, ignore_errors=True)
        removed.append(d)
    return removed


class Guard:
    """Removes its folder when collected (the session that holds it ended) or when closed."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(self.folder), True)

    def close(self) -> None:
        self._finalizer()
