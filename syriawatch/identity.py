"""Who is using the app, and with which curation role (viewer, editor, reviewer).

Three ways in, checked in this order:

* **OIDC** (an ``[auth]`` section in secrets.toml, ``st.login``): the identity is ``st.user`` (its
  e-mail, else its name or subject); the role comes from ``[roles]`` in secrets.toml
  (``"ana@example.org" = "reviewer"``).  Signed-in users without a role are viewers.
* **Named accounts** of the built-in gate (``[accounts.NAME]`` in secrets.toml with ``password_hash``
  from ``python -m syriawatch hash-password`` and ``role``).  Passwords are never stored in plain text:
  an account that has a ``password`` key instead of a hash is refused.  The gate (syriawatch.access)
  checks the hash and keeps the account name in the session.
* **No gate at all**: the app is read-only, unless it is served on loopback (``server.address`` is a
  loopback address and the visitor connects from this machine): then one local editor identity is
  used (a single analyst on their own machine).  A shared ``access_password`` admits viewers only.

:func:`current` returns the :class:`syriawatch.store.Identity` of this run or ``None`` (read-only).
The store checks the role again on every write; nothing here is the only guard.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import ipaddress
import logging
import os
import secrets as _secrets

from .store import ROLES, Identity

LOG = logging.getLogger("syriawatch.identity")
SESSION_KEY = "_sw_account"      # the account name the gate admitted (no widget has this key)
SCHEME = "scrypt"
N, R, P = 2 ** 14, 8, 1          # scrypt cost: ~16 MB and a few tens of ms per check
LOCAL_ROLE = "editor"


# ------------------------------------------------------------------------------------------ hashes

def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64), with a fresh random salt."""
    if not password:
        raise ValueError("empty password")
    salt = salt or _secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"{SCHEME}${N}${R}${P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a :func:`hash_password` string; malformed -> False."""
    try:
        scheme, n, r, p, salt, digest = str(stored).split("$")
        if scheme != SCHEME:
            return False
        n, r, p = int(n), int(r), int(p)
        if not (2 ** 10 <= n <= 2 ** 20 and 1 <= r <= 32 and 1 <= p <= 16):
            return False
        want = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt, validate=True), n=n, r=r, p=p,
                             dklen=len(want), maxmem=2 ** 26)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


# ------------------------------------------------------------------------------------------ config

def _as_dict(obj) -> dict:
    try:
        return {k: obj[k] for k in obj}
    except Exception:  # noqa: BLE001 - not a mapping
        return {}


def accounts(secrets_obj) -> dict[str, dict]:
    """``[accounts.NAME]`` tables that have a well-formed hash: name -> {"password_hash", "role"}.

    Accounts with a plain-text ``password`` or without a hash are left out (logged).
    """
    out = {}
    for name, acc in _as_dict(_get(secrets_obj, "accounts")).items():
        acc = _as_dict(acc)
        if "password" in acc:
            LOG.error("account %r has a plain-text password in secrets.toml: refused; store "
                      "password_hash from 'python -m syriawatch hash-password' instead", name)
            continue
        h = str(acc.get("password_hash") or "")
        if not h.startswith(SCHEME + "$"):
            LOG.error("account %r has no valid password_hash: refused", name)
            continue
        out[str(name)] = {"password_hash": h, "role": _role(acc.get("role"))}
    return out


def _role(value) -> str:
    return value if value in ROLES else "viewer"


def _get(secrets_obj, key):
    try:
        return secrets_obj.get(key) if secrets_obj is not None else None
    except Exception:  # noqa: BLE001 - no secrets.toml at all: Streamlit raises
        return None


def check_account(secrets_obj, name: str, password: str) -> Identity | None:
    """The account's identity when the name exists and the password matches its hash."""
    acc = accounts(secrets_obj).get((name or "").strip())
    if acc is None:
        verify_password(password or "x", hash_password("timing"))  # same cost for unknown names
        return None
    if not verify_password(password or "", acc["password_hash"]):
        return None
    return Identity(name.strip(), acc["role"])


def oidc_identity(user, secrets_obj) -> Identity | None:
    """``st.user`` -> Identity (role from ``[roles]``), or None when not signed in."""
    try:
        if not user.is_logged_in:
            return None
        u = _as_dict(user)
    except Exception:  # noqa: BLE001
        return None
    name = str(u.get("email") or u.get("name") or u.get("sub") or "").strip()
    if not name:
        return None
    roles = _as_dict(_get(secrets_obj, "roles"))
    return Identity(name, _role(roles.get(name)))


def _loopback(host: str | None) -> bool:
    if host is None:
        return False
    host = host.strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def served_on_loopback(server_address: str | None, client_ip: str | None) -> bool:
    """True when the server listens only on loopback and the visitor is on this machine.

    Streamlit gives ``ip_address=None`` to visitors on localhost.
    """
    return _loopback(server_address) and (client_ip is None or _loopback(client_ip))


def local_identity() -> Identity:
    who = os.environ.get("SYRIAWATCH_LOCAL_NAME") or f"local:{_user()}"
    return Identity(who, LOCAL_ROLE)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "analyst"


def resolve(*, secrets_obj, user, session: dict, server_address: str | None, client_ip: str | None) -> Identity | None:
    """The identity of one run, from its inputs (pure; :func:`current` feeds it from Streamlit)."""
    if _get(secrets_obj, "auth"):
        return oidc_identity(user, secrets_obj)
    accs = accounts(secrets_obj)
    if accs:
        name = session.get(SESSION_KEY)
        acc = accs.get(name) if name else None
        return Identity(name, acc["role"]) if acc else None
    if _get(secrets_obj, "access_password") or os.environ.get("SYRIAWATCH_PASSWORD"):
        return None                                 # a shared password admits viewers only
    if served_on_loopback(server_address, client_ip):
        return local_identity()
    return None


def current() -> Identity | None:
    """This run's identity, or None (read-only).  ``None`` and a viewer may not curate."""
    import streamlit as st

    try:
        user = st.user
    except Exception:  # noqa: BLE001
        user = None
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001
        ip = None
    return resolve(secrets_obj=st.secrets, user=user, session=st.session_state,
                   server_address=st.get_option("server.address"), client_ip=ip)


def can(role: str) -> bool:
    who = current()
    return who is not None and who.can(role)


# ------------------------------------------------------------------------------------------ CLI

def hash_password_cli(argv=None) -> int:
    """``python -m syriawatch hash-password [--name NAME] [--role ROLE]``: the secrets.toml lines."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m syriawatch hash-password")
    ap.add_argument("--name", default=None, help="account name (prints a ready [accounts.NAME] table)")
    ap.add_argument("--role", default="editor", choices=ROLES)
    args = ap.parse_args(argv)
    if sys.stdin.isatty():
        pw = getpass.getpass("Password: ")
        if pw != getpass.getpass("Again: "):
            print("error: the two passwords differ", file=sys.stderr)
            return 2
    else:
        pw = sys.stdin.readline().rstrip("\r\n")
    if len(pw) < 8:
        print("error: use at least 8 characters", file=sys.stderr)
        return 2
    h = hash_password(pw)
    if args.name:
        print(f'[accounts."{args.name}"]\npassword_hash = "{h}"\nrole = "{args.role}"')
    else:
        print(h)
    return 0


def offers(role: str) -> bool:
    """Whether this run registers a page for ``role``: the identity has it, or a sign-in is still pending
    (so that a link to /curate still leads there after signing in; the gate stops the run before any page)."""
    import streamlit as st

    who = current()
    if who is not None:
        return who.can(role)
    pending = bool(_get(st.secrets, "auth")) and not getattr(st.user, "is_logged_in", False)
    return pending or bool(accounts(st.secrets) and not st.session_state.get(SESSION_KEY))
