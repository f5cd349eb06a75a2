"""Per-session upload folders (a user's raw ACLED/UCDP file and its session store) and their removal.

A folder is named after the server process (``syriawatch-upload-<pid>-…`` in the system temporary folder).
It is removed when its session ends (:func:`sweep_ended`, run by the server every few seconds, and a
:class:`Guard` held in the session's state when that is collected) and, for folders left by a server that
is no longer running (killed, crashed), when a server starts (:func:`sweep_leftovers`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import weakref
from pathlib import Path

PREFIX = "syriawatch-upload-"


def _root(tmp: Path | None) -> Path:
    return Path(tmp or tempfile.gettempdir())


def new_folder(tmp: Path | None = None, session_id: str = "") -> Path:
    """A fresh folder named after this server process and the session (``<PREFIX><pid>-<session>-…``)."""
    sid = "".join(c for c in session_id if c.isalnum() or c == "-")[:64] or "nosession"
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-{sid}.", dir=_root(tmp)))


_last_seen: dict[str, float] = {}


def sweep_ended(is_active, grace: float, tmp: Path | None = None, clock=time.monotonic) -> list[Path]:
    """Remove this server's session folders whose session has not been connected for ``grace`` seconds.

    ``is_active(session_id)`` says whether a session is connected (Streamlit's Runtime.is_active_session);
    the grace period lets a session that reconnects (a network blip) keep its uploads.
    """
    removed, now, mine = [], clock(), f"{PREFIX}{os.getpid()}-"
    for d in _root(tmp).glob(mine + "*"):
        sid = d.name[len(mine):].split(".", 1)[0]   # mkdtemp never writes a dot
        if is_active(sid):
            _last_seen[str(d)] = now
            continue
        seen = _last_seen.setdefault(str(d), now)
        if now - seen >= grace:
            shutil.rmtree(d, ignore_errors=True)
            _last_seen.pop(str(d), None)
            removed.append(d)
    return removed


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
