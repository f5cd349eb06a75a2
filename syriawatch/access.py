"""Optional access gate for private hosted links (off unless a password or an OIDC provider is set).

* Shared password: ``access_password`` in .streamlit/secrets.toml, or the SYRIAWATCH_PASSWORD
  environment variable (handy in Docker).  Compared in constant time; kept per browser session.
* OIDC: an ``[auth]`` section in secrets.toml (see Streamlit's st.login docs) turns on sign-in with
  that provider instead.
"""

from __future__ import annotations

import hmac
import logging
import math
import os
import threading
import time
from collections import deque

import streamlit as st

from .i18n import _


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        return None


def password() -> str | None:
    return os.environ.get("SYRIAWATCH_PASSWORD") or _secret("access_password")


LOG = logging.getLogger("syriawatch.access")


class Backoff:
    """Wrong-password back-off, per client and for the whole server (one instance per server process).

    A client's first FREE failures in WINDOW seconds cost nothing; after that, a try is only checked once
    2, 4, 8 … (at most MAX_WAIT) seconds have passed since its last failure; a try before then is refused
    unchecked, so even the right password waits.  Past GLOBAL_FREE failures from all clients in WINDOW, every
    client waits too (a guess spread over many addresses).  Failures are forgotten after WINDOW seconds
    and a client's on success.  Every failure is logged with the client and the wait it now faces.
    """

    FREE = 5
    WINDOW = 15 * 60
    MAX_WAIT = 300
    GLOBAL_FREE = 50

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._fails: dict[str, deque] = {}
        self._all: deque = deque()
        self._lock = threading.Lock()

    def _prune(self, now: float) -> None:
        old = now - self.WINDOW
        while self._all and self._all[0] <= old:
            self._all.popleft()
        for key in list(self._fails):
            q = self._fails[key]
            while q and q[0] <= old:
                q.popleft()
            if not q:
                del self._fails[key]

    def _wait(self, key: str, now: float) -> float:
        wait = 0.0
        q = self._fails.get(key)
        if q and len(q) >= self.FREE:
            wait = q[-1] + min(2 ** (len(q) - self.FREE + 1), self.MAX_WAIT) - now
        if len(self._all) >= self.GLOBAL_FREE:
            step = (len(self._all) - self.GLOBAL_FREE) // 10 + 1
            wait = max(wait, self._all[-1] + min(2 ** step, self.MAX_WAIT) - now)
        return max(0, math.ceil(wait))

    def wait(self, key: str) -> int:
        """Seconds before a try from this client is checked (0: check it now)."""
        with self._lock:
            now = self._clock()
            self._prune(now)
            return self._wait(key, now)

    def failed(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            self._prune(now)
            self._fails.setdefault(key, deque()).append(now)
            self._all.append(now)
            n, total, wait = len(self._fails[key]), len(self._all), self._wait(key, now)
        LOG.warning("wrong password from %s: %d failure(s) from it and %d in all in %d min; next try checked "
                    "after a wait of %d s", key, n, total, self.WINDOW // 60, wait)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)

    def reset(self) -> None:
        with self._lock:
            self._fails.clear()
            self._all.clear()


BACKOFF = Backoff()


def client_key() -> str:
    """Who is trying: the connection's address (behind a reverse proxy, the proxy unless
    SYRIAWATCH_TRUST_FORWARDED=1 lets the first X-Forwarded-For address stand for the client)."""
    if os.environ.get("SYRIAWATCH_TRUST_FORWARDED") == "1":
        fwd = (st.context.headers.get("X-Forwarded-For") or "").split(",")[0].strip()
        if fwd:
            return fwd
    return st.context.ip_address or "local"


def require_access() -> None:
    """Stop the run with a sign-in form until the visitor is admitted (no-op when the gate is off)."""
    if _secret("auth"):
        if not st.user.is_logged_in:
            st.title(_("US–Russia in Syria · conflict monitor"))
            st.button(_("Sign in"), on_click=st.login, key="gate_login")
            st.stop()
        return
    expected = password()
    if not expected or st.session_state.get("_gate_ok"):
        return
    st.title(_("US–Russia in Syria · conflict monitor"))
    st.caption(_("This hosted copy is private. Enter the password you were given."))
    with st.form("gate"):
        given = st.text_input(_("Password"), type="password", key="gate_pw")
        ok = st.form_submit_button(_("Enter"))
    if ok:
        key = client_key()
        wait = BACKOFF.wait(key)
        if wait:   # refused unchecked: not even the right password is tried until the wait is over
            st.error(_("Too many wrong passwords. Try again in {seconds} s.").format(seconds=wait))
            st.stop()
        if hmac.compare_digest(given.encode(), expected.encode()):
            BACKOFF.succeeded(key)
            st.session_state["_gate_ok"] = True
            st.session_state.pop("gate_pw", None)
            st.rerun()
        BACKOFF.failed(key)
        st.error(_("Wrong password."))
    st.stop()
