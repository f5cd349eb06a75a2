"""Optional access gate for private hosted links (off unless a password or an OIDC provider is set).

* Shared password: ``access_password`` in .streamlit/secrets.toml, or the SYRIAWATCH_PASSWORD
  environment variable (handy in Docker).  Compared in constant time; kept per browser session.
* OIDC: an ``[auth]`` section in secrets.toml (see Streamlit's st.login docs) turns on sign-in with
  that provider instead.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from http.cookies import SimpleCookie
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
        self._clock = clock   # the first wait is SYRIAWATCH_GATE_FIRST_WAIT seconds (default 2), then doubles
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
            wait = q[-1] + min(self.first() * 2 ** (len(q) - self.FREE), self.MAX_WAIT) - now
        if len(self._all) >= self.GLOBAL_FREE:
            step = (len(self._all) - self.GLOBAL_FREE) // 10 + 1
            wait = max(wait, self._all[-1] + min(self.first() * 2 ** (step - 1), self.MAX_WAIT) - now)
        return max(0, math.ceil(wait))

    @staticmethod
    def first() -> float:
        try:
            return max(1.0, float(os.environ.get("SYRIAWATCH_GATE_FIRST_WAIT", "2")))
        except ValueError:
            return 2.0

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


# ---------------------------------------------------------------- downloads and media behind the gate
#
# Streamlit serves download_button/st.image files from <base>/media/<id> to any client that has the
# address, signed in or not (measured with 1.67: a file prepared in a signed-in session was fetched by a
# fresh client while that session lived).  When the gate is on, MediaGate (an ASGI middleware that the
# entry app.py installs) answers a media request only when it carries a cookie that the server handed to
# an admitted browser: after admission the page loads <base>/_syriawatch/admit?t=<one-time ticket>, whose
# answer sets the cookie (HttpOnly, SameSite=Strict).

COOKIE = "syriawatch_media"
ADMIT_PATH = "/_syriawatch/admit"
TOKEN_TTL = 12 * 3600      # an admitted browser's media cookie, seconds
TICKET_TTL = 120           # a one-time ticket, seconds
_media_lock = threading.Lock()
_tickets: dict[str, float] = {}   # one-time ticket -> expiry
_tokens: dict[str, float] = {}    # cookie value -> expiry
GUARD = {"installed": False}
_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def gate_on() -> bool:
    from . import identity
    return bool(password() or _secret("auth") or identity.accounts(st.secrets))


def _issue_ticket() -> str:
    t = secrets.token_urlsafe(24)
    with _media_lock:
        now = time.monotonic()
        for k in [k for k, exp in _tickets.items() if exp < now]:
            del _tickets[k]
        _tickets[t] = now + TICKET_TTL
    return t


def _redeem(ticket: str) -> str | None:
    """A fresh cookie value for a valid, unused ticket (which is then spent); else None."""
    with _media_lock:
        now = time.monotonic()
        if _tickets.pop(ticket, 0) < now:
            return None
        for k in [k for k, exp in _tokens.items() if exp < now]:
            del _tokens[k]
        token = secrets.token_urlsafe(32)
        _tokens[token] = now + TOKEN_TTL
        return token


def _token_valid(token: str | None) -> bool:
    with _media_lock:
        return bool(token) and _tokens.get(token, 0) > time.monotonic()


def ticket_spent(ticket: str) -> bool:
    with _media_lock:
        return ticket not in _tickets


class MediaGate:
    """ASGI middleware: with the gate on, <base>/media/… only for browsers admitted by the gate."""

    def __init__(self, app):
        self.app = app
        GUARD["installed"] = True

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not gate_on():
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if path.endswith(ADMIT_PATH):
            return await self._admit(scope, send)
        if re.fullmatch(re.escape(path_base()) + r"/media/[^/]+", path) and not _token_valid(self._cookie(scope)):
            LOG.warning("media request without admission refused: %s from %s", path, (scope.get("client") or ("?",))[0])
            return await _respond(send, 403, b"Sign in to this dashboard first.", "text/plain")
        return await self.app(scope, receive, send)

    @staticmethod
    def _cookie(scope) -> str | None:
        raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
        jar = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # noqa: BLE001 - a malformed Cookie header is no admission
            return None
        return jar[COOKIE].value if COOKIE in jar else None

    async def _admit(self, scope, send):
        from urllib.parse import parse_qs

        ticket = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("t") or [""])[0]
        token = _redeem(ticket)
        if not token:
            return await _respond(send, 403, b"", "text/plain")
        base = path_base()
        headers = dict(scope.get("headers", []))
        secure = scope.get("scheme") == "https" or headers.get(b"x-forwarded-proto", b"") == b"https"
        cookie = (f"{COOKIE}={token}; Path={base or '/'}; Max-Age={TOKEN_TTL}; HttpOnly; SameSite=Strict"
                  + ("; Secure" if secure else ""))
        return await _respond(send, 200, _GIF, "image/gif", [(b"set-cookie", cookie.encode()),
                                                              (b"cache-control", b"no-store")])


async def _respond(send, status: int, body: bytes, ctype: str, extra=()) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype.encode()), (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})


def path_base() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def admit_downloads() -> None:
    """After admission: hand this browser its media cookie (once per session; no-op when the gate is off).

    Without the guard (the app started from dashboard.py instead of app.py) media stay open to anyone
    with their address: that is logged, once per session.
    """
    if not gate_on():
        return
    if not GUARD["installed"]:
        if not st.session_state.get("_media_warned"):
            st.session_state["_media_warned"] = True
            LOG.warning("access gate on, but downloads are not guarded: start the server with "
                        "'streamlit run app.py' (scripts/start.sh does)")
        return
    ticket = st.session_state.get("_media_ticket")
    if ticket and ticket_spent(ticket):
        return
    if not ticket:
        ticket = st.session_state["_media_ticket"] = _issue_ticket()
    st.html(f'<img src="{path_base()}{ADMIT_PATH}?t={ticket}" alt="" width="1" height="1" '
            'style="position:absolute;opacity:0;pointer-events:none">')


def require_access() -> None:
    """Stop the run with a sign-in form until the visitor is admitted (no-op when the gate is off)."""
    if _secret("auth"):
        if not st.user.is_logged_in:
            st.title(_("US–Russia in Syria · conflict monitor"))
            st.button(_("Sign in"), on_click=st.login, key="gate_login")
            st.stop()
        return
    from . import identity
    if identity.accounts(st.secrets):
        return _account_gate()
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


def _account_gate() -> None:
    """Named accounts (syriawatch.identity): name and password, checked against the salted hash."""
    from . import identity
    if st.session_state.get(identity.SESSION_KEY) in identity.accounts(st.secrets):
        return
    st.title(_("US–Russia in Syria · conflict monitor"))
    st.caption(_("This hosted copy is private. Sign in with your account."))
    with st.form("gate"):
        name = st.text_input(_("Account name"), key="gate_name")
        given = st.text_input(_("Password"), type="password", key="gate_pw")
        ok = st.form_submit_button(_("Enter"))
    if ok:
        key = client_key()
        wait = BACKOFF.wait(key)
        if wait:
            st.error(_("Too many wrong passwords. Try again in {seconds} s.").format(seconds=wait))
            st.stop()
        who = identity.check_account(st.secrets, name, given)
        if who is not None:
            BACKOFF.succeeded(key)
            st.session_state[identity.SESSION_KEY] = who.name
            st.session_state.pop("gate_pw", None)
            st.rerun()
        BACKOFF.failed(key)
        st.error(_("Wrong account name or password."))
    st.stop()


def sign_out() -> None:
    from . import identity
    st.session_state.pop(identity.SESSION_KEY, None)
    if _secret("auth"):
        st.logout()
