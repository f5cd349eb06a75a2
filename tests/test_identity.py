"""Identity and roles: password hashes, accounts, OIDC roles, loopback rule, and the hash-password CLI."""

import subprocess
import sys
from pathlib import Path

import pytest

from syriawatch import identity as I
from syriawatch.store import Identity

ROOT = Path(__file__).resolve().parent.parent
H = I.hash_password("s3cret-pass")


class User(dict):
    def __init__(self, logged_in, **kw):
        super().__init__(**kw)
        self.is_logged_in = logged_in


def test_hash_is_salted_and_verifies_only_the_right_password():
    again = I.hash_password("s3cret-pass")
    assert H != again and "s3cret-pass" not in H        # a fresh salt each time, no plain text
    assert I.verify_password("s3cret-pass", H) and I.verify_password("s3cret-pass", again)
    assert not I.verify_password("s3cret-pasS", H)
    for bad in ("", "plain", "scrypt$1$2$3", "md5$x$y$z$a$b", H.replace("scrypt$16384", "scrypt$99999999")):
        assert not I.verify_password("s3cret-pass", bad)


@pytest.mark.parametrize("acc, expected", [
    ({"password_hash": H, "role": "reviewer"}, "reviewer"),
    ({"password_hash": H, "role": "admin"}, "viewer"),      # unknown role: read-only
    ({"password_hash": H}, "viewer"),
    ({"password": "s3cret-pass", "role": "editor"}, None),   # plain text: refused
    ({"password_hash": "s3cret-pass", "role": "editor"}, None),
])
def test_accounts_from_secrets(acc, expected):
    got = I.check_account({"accounts": {"ana": acc}}, "ana", "s3cret-pass")
    assert (got.role if got else None) == expected
    if expected:
        assert got == Identity("ana", expected)
    assert I.check_account({"accounts": {"ana": acc}}, "ana", "wrong") is None
    assert I.check_account({"accounts": {"ana": acc}}, "bob", "s3cret-pass") is None


def run(secrets=None, user=None, session=None, server="127.0.0.1", ip=None, monkeypatch=None):
    return I.resolve(secrets_obj=secrets or {}, user=user or User(False), session=session or {},
                     server_address=server, client_ip=ip)


@pytest.mark.parametrize("server, ip, editor", [
    ("127.0.0.1", None, True), ("localhost", "127.0.0.1", True), ("::1", "::1", True),
    ("", None, False),                   # default: every interface -> not a single analyst's machine
    ("0.0.0.0", None, False), ("10.0.0.5", None, False),
    ("127.0.0.1", "192.168.1.20", False),
])
def test_no_gate_is_read_only_unless_served_on_loopback(monkeypatch, server, ip, editor):
    monkeypatch.delenv("SYRIAWATCH_PASSWORD", raising=False)
    monkeypatch.setenv("SYRIAWATCH_LOCAL_NAME", "me")
    who = run(server=server, ip=ip)
    assert who == (Identity("me", "editor") if editor else None)


def test_shared_password_admits_viewers_only(monkeypatch):
    monkeypatch.delenv("SYRIAWATCH_PASSWORD", raising=False)
    assert run({"access_password": "x"}) is None
    monkeypatch.setenv("SYRIAWATCH_PASSWORD", "x")
    assert run({}) is None


def test_accounts_identity_comes_from_the_session_only_for_existing_accounts():
    secrets = {"accounts": {"ana": {"password_hash": H, "role": "editor"}}}
    assert run(secrets, session={I.SESSION_KEY: "ana"}) == Identity("ana", "editor")
    assert run(secrets, session={}) is None                  # not signed in, even on loopback
    assert run(secrets, session={I.SESSION_KEY: "mallory"}) is None


def test_oidc_identity_and_role_from_secrets():
    secrets = {"auth": {"redirect_uri": "x"}, "roles": {"ana@example.org": "reviewer", "bo@example.org": "root"}}
    assert run(secrets, user=User(True, email="ana@example.org")) == Identity("ana@example.org", "reviewer")
    assert run(secrets, user=User(True, email="bo@example.org")).role == "viewer"
    assert run(secrets, user=User(True, email="cy@example.org")).role == "viewer"
    assert run(secrets, user=User(False, email="ana@example.org")) is None
    assert run(secrets, session={I.SESSION_KEY: "ana"}, user=User(False)) is None


def test_hash_password_cli_prints_a_verifiable_secrets_entry():
    out = subprocess.run([sys.executable, "-m", "syriawatch", "hash-password", "--name", "ana", "--role", "reviewer"],
                         input="long enough pw\n", capture_output=True, text=True, cwd=ROOT, check=True).stdout
    import tomllib
    acc = tomllib.loads(out)["accounts"]["ana"]
    assert acc["role"] == "reviewer" and "long enough pw" not in out
    assert I.verify_password("long enough pw", acc["password_hash"])
    short = subprocess.run([sys.executable, "-m", "syriawatch", "hash-password"], input="short\n",
                           capture_output=True, text=True, cwd=ROOT)
    assert short.returncode == 2 and "8 characters" in short.stderr
