"""Streamlit glue: the interface language (from the link, ``lang=ar``), its links, and right-to-left styles."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from . import i18n, ui_state
from .i18n import _

LANG_KEY = "lang"


def _session_lang() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx() is None:  # not inside a Streamlit run (scripts, unit tests)
        return None
    return st.session_state.get(LANG_KEY)


i18n.set_resolver(_session_lang)

RTL_CSS = """<style>
/* Right-to-left interface: text, sidebar, widgets and cards; charts, maps and data grids keep their own
   left-to-right drawing (time runs left to right; Leaflet and the grid do not support rtl). */
.stApp, [data-testid="stSidebar"], [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stWidgetLabel"], [data-testid="stExpander"], [data-testid="stAlert"], [data-testid="stMetric"] {
  direction: rtl; text-align: right;
}
[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stCode"], iframe,
[data-testid="stDateInput"] [data-baseweb="input"], [data-testid="stCodeBlock"] { direction: ltr; text-align: left; }
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol { padding-right: 1.2em; padding-left: 0; }
/* A paragraph takes the direction of its own first letter: English notes and sources read left to right. */
[data-testid="stMarkdownContainer"] :is(p, li, h1, h2, h3, h4, td, th) { unicode-bidi: plaintext; text-align: start; }
</style>"""


def _chrome_css() -> str:
    """Streamlit's own file-uploader texts have no parameter: show translated ones in their place."""
    import json

    def swap(selector: str, text: str, size: str) -> str:
        return (f"{selector} {{visibility: hidden; font-size: 0}} "
                f"{selector}::after {{visibility: visible; font-size: {size}; content: {json.dumps(text, ensure_ascii=False)}}}")
    return "<style>" + "\n".join([
        swap('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p', _("Upload"), "0.875rem"),
        swap('[data-testid="stFileUploaderDropzoneInstructions"] span', _("Up to 200 MB per file"), "0.75rem"),
    ]) + "</style>"


def language() -> str:
    """The interface language: from the link (lang=ar) on first load, then the language links; kept in the URL."""
    ui_state.load(ui_state.LANGUAGE)
    ui_state.write(ui_state.LANGUAGE)
    return st.session_state[LANG_KEY]


def language_links(slot) -> None:
    """English / العربية links (names in their own language, as is the convention), filled in at the end of
    the run so they carry every parameter this run wrote to the URL.

    A link, not a widget: switching reloads the page from its URL in the other language.  Widgets keep
    their values by displayed label, so relabelling them in place would lose or break the filters; the
    URL already holds the whole view, so nothing shown is lost (session-only uploads are).
    """
    from .textsafe import h

    current, params = i18n.lang(), ui_state.query()
    parts = []
    for code, name in i18n.LANGS.items():
        q = [(k, v) for k, vals in params.items() if k != LANG_KEY for v in vals]
        if code != i18n.DEFAULT:
            q.append((LANG_KEY, code))
        if code == current:
            parts.append(f'<span class="sw-lang sw-lang-on" lang="{code}" aria-current="true">{h(name)}</span>')
        else:
            parts.append(f'<a class="sw-lang" lang="{code}" hreflang="{code}" href="?{h(urlencode(q))}">{h(name)}</a>')
    slot.html(
        "<style>.sw-langs{display:flex;gap:6px;margin:0 0 4px}.sw-lang{flex:1;text-align:center;padding:5px 8px;"
        "border:1px solid #c9ced6;border-radius:8px;text-decoration:none;color:#1F4E9E}"
        ".sw-lang-on{background:#e8eef8;border-color:#1F4E9E;font-weight:600}</style>"
        f'<div><b>{h(_("Language"))}</b></div><nav class="sw-langs" aria-label="{h(_("Language"))}">{"".join(parts)}</nav>')


def apply_language() -> None:
    """Document language and direction (html lang/dir set by a small script) and the right-to-left styles."""
    code = language()
    st.html(f"<script>document.documentElement.lang = {code!r}; document.documentElement.dir = {i18n.direction(code)!r};"
            "</script>", unsafe_allow_javascript=True)
    if i18n.is_rtl(code):
        st.html(RTL_CSS)
    if code != i18n.DEFAULT:
        st.html(_chrome_css())
