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


# GFM turns bare URLs, www. names and e-mail addresses into links *after* escapes are resolved (in the
# syntax tree), so no backslash prevents it: a zero-width space after the scheme / "www" / before "@"
# breaks the pattern, invisibly (measured in the browser with Streamlit 1.67).
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?<=[\w.+-])(?=@[\w-])")


def md(value) -> str:
    """Escape text for Streamlit markdown so data can never become links, HTML or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u200b", text(value))).replace("\n", " ")


def safe_url(value) -> str | None:
    """The URL if it is a plain http(s) URL, else None (javascript:, data:, relative … are refused)."""
    s = text(value).strip()
    if not s or any(c in s for c in "\x00\r\n\t <>\"'`"):
        return None
    parts = urlsplit(s)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return s


# --------------------------------------------------------------- spreadsheet cells (CSV injection)

# OWASP "CSV Injection": a cell starting with one of these is run or followed by Excel, LibreOffice and
# Google Sheets (=HYPERLINK(...), +cmd|' /C calc'!A0, @SUM(...), a tab or CR before "=").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A text cell that a spreadsheet would read as a formula, prefixed with a single quote; else unchanged.

    Only strings are touched: numbers (tension -3) stay numbers.  Every spreadsheet export of the project
    goes through this (and CSV writers quote every text cell); new exports must too.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise_cell(value: str) -> str:
    """The inverse for text read back from our own CSV exports: "'=x" -> "=x" (only before a formula start)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of a frame through :func:`neutralise_cell` (numeric columns untouched)."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(neutralise_cell, na_action="ignore")
    return out


def safe_csv(df: pd.DataFrame, **kwargs) -> str:
    """CSV text with formula cells neutralised and every text cell quoted (numbers are not)."""
    import csv

    return neutralise_frame(df).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC, **kwargs)


def safe_workbook(wb) -> None:
    """In an openpyxl workbook: no cell is a formula; text a spreadsheet would run is marked as text.

    openpyxl turns every string starting with "=" into a formula cell; this writes it back as a string
    and sets quotePrefix (Excel's typed apostrophe), so the value stays exactly the text.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                if cell.data_type == "s" and isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.quotePrefix = True
