"""Escaping for every place data text is rendered (HTML popups, markdown cards, plotly hovers)."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def blank(value) -> bool:
    return value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) or str(value).strip() == ""


def text(value) -> str:
    """Plain text from a cell: empty for missing values."""
    return "" if blank(value) else str(value)


def h(value) -> str:
    """HTML-escape, also neutralising characters that matter inside JS template literals."""
    return html.escape(text(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


def md(value) -> str:
    """Escape text for Streamlit markdown so data can never become links, HTML or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", text(value)).replace("\n", " ")


def safe_url(value) -> str | None:
    """The URL if it is a plain http(s) URL, else None (javascript:, data:, relative … are refused)."""
    s = text(value).strip()
    if not s or any(c in s for c in "\x00\r\n\t <>\"'`"):
        return None
    parts = urlsplit(s)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return s
