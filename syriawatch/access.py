"""Optional access gate for private hosted links (off unless a password or an OIDC provider is set).

* Shared password: ``access_password`` in .streamlit/secrets.toml, or the SYRIAWATCH_PASSWORD
  environment variable (handy in Docker).  Compared in constant time; kept per browser session.
* OIDC: an ``[auth]`` section in secrets.toml (see Streamlit's st.login docs) turns on sign-in with
  that provider instead.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from .i18n import _


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        return None


def password() -> str | None:
    return os.environ.get("SYRIAWATCH_PASSWORD") or _secret("access_password")


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
        if hmac.compare_digest(given.encode(), expected.encode()):
            st.session_state["_gate_ok"] = True
            st.session_state.pop("gate_pw", None)
            st.rerun()
        st.error(_("Wrong password."))
    st.stop()
