"""Interface language: gettext message catalogues, Babel formatting, the language of the current run.

Every interface string goes through :func:`_` (or :func:`N_` where a string is defined before the
language is known and translated where it is shown).  The catalogues live in
``syriawatch/locale/<lang>/LC_MESSAGES/syriawatch.po`` and are compiled in memory on first use (no
generated ``.mo`` files in the repository); ``python -m syriawatch.i18n extract`` refreshes the
template ``syriawatch/locale/syriawatch.pot`` from the source and merges it into every ``.po``.

The language of a run: :func:`using` sets it for a block (tests, exports, threads); otherwise a resolver
registered by the Streamlit glue (the session's choice) decides; otherwise English.  Pure modules
(figures, maps, cards) call :func:`_` and format with :func:`date`/:func:`number`, so the same function
returns an English or an Arabic figure depending on the language in force.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gettext as _gettext
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "syriawatch"
LANGS = {"en": "English", "ar": "العربية"}
DEFAULT = "en"
BABEL_LOCALE = {"en": "en", "ar": "ar"}
RTL = {"ar"}
# Date patterns (CLDR syntax) per purpose; Babel supplies month names and digits for the locale.
DATE_FORMATS = {"day": "d MMM y", "long": "d MMMM y", "month": "MMM y", "year": "y", "iso": "yyyy-MM-dd"}

_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("syriawatch_lang", default=None)
_resolver: Callable[[], str | None] | None = None


def set_resolver(fn: Callable[[], str | None] | None) -> None:
    """The Streamlit glue registers a function returning the session's language (or None)."""
    global _resolver
    _resolver = fn


def lang() -> str:
    code = _override.get()
    if code is None and _resolver is not None:
        try:
            code = _resolver()
        except Exception:  # no Streamlit session (scripts, tests): fall back to English
            code = None
    return code if code in LANGS else DEFAULT


@contextmanager
def using(code: str) -> Iterator[None]:
    """Run a block in a given language, e.g. ``with using("ar"): fig = timeline_figure(...)``."""
    token = _override.set(code if code in LANGS else DEFAULT)
    try:
        yield
    finally:
        _override.reset(token)


def is_rtl(code: str | None = None) -> bool:
    return (code or lang()) in RTL


def direction(code: str | None = None) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def translations(code: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language (English is the source language: identity)."""
    path = po_path(code)
    if code == DEFAULT or not path.exists():
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def deferred(fn: Callable, *args, **kwargs) -> Callable[[], object]:
    """``fn(*args, **kwargs)`` to be called later (a download made on click) in the language of now."""
    code = lang()

    def call():
        with using(code):
            return fn(*args, **kwargs)
    return call


def _(message: str) -> str:
    return translations(lang()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(lang()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it yet (translated with _() where shown)."""
    return message


# ------------------------------------------------------------------------------------------ formatting

def babel_locale(code: str | None = None) -> Locale:
    return Locale.parse(BABEL_LOCALE[code or lang()])


def date(value, kind: str = "day") -> str:
    """A date in the current language: kind is day (20 Mar 2021), long, month, year or iso."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    d = pd.Timestamp(value).date() if not isinstance(value, dt.date) or isinstance(value, dt.datetime) else value
    return format_date(d, DATE_FORMATS[kind], locale=babel_locale())


def date_range(start, end, kind: str = "month") -> str:
    a, b = date(start, kind), date(end, kind)
    return a if a == b else f"{a}–{b}"


def number(value, fmt: str | None = None) -> str:
    """An integer or decimal with the locale's separators; fmt is a CLDR pattern such as '+#,##0;-#,##0'."""
    return format_decimal(value, format=fmt, locale=babel_locale())


def signed(value, fmt: str = "+#,##0;-#,##0") -> str:
    """A signed number (+3, -2, or per ``fmt``); in right-to-left text a left-to-right mark keeps the sign first."""
    out = number(value, fmt)
    return "\u200e" + out if is_rtl() else out


def pick(row, field: str) -> str:
    """A data field in the current language: ``field_ar`` (or the Arabic column of a pair) when Arabic and filled.

    Accepts names such as ``title`` (title_en / title_ar), ``name`` (name_en / name_ar), ``notes``
    (notes / notes_ar), ``location`` (location / location_ar).
    """
    en = f"{field}_en" if f"{field}_en" in row else field
    if lang() == "ar":
        ar = row.get(f"{field}_ar") if hasattr(row, "get") else None
        if isinstance(ar, str) and ar.strip():
            return ar
    val = row.get(en) if hasattr(row, "get") else None
    return val if isinstance(val, str) else ("" if val is None or pd.isna(val) else str(val))


def column(df: pd.DataFrame, en_col: str, ar_col: str) -> pd.Series:
    """A text column in the current language: in Arabic the Arabic column where filled, else (row by row) English."""
    if lang() != "ar":
        return df[en_col]
    ar = df[ar_col]
    return ar.where(ar.fillna("").astype(str).str.strip() != "", df[en_col])


def term(t) -> str:
    """A vocabulary term's label in the current language (vocabularies carry both, see vocab.py)."""
    return t.label_ar if lang() == "ar" and getattr(t, "label_ar", "") else t.label


def governorate(name: str) -> str:
    from .vocab import GOVERNORATES_AR
    return GOVERNORATES_AR.get(name, name) if lang() == "ar" else name


def pair(p: tuple[str, str]) -> str:
    """An (English, Arabic) pair from vocab (precision scales) in the current language."""
    return p[1] if lang() == "ar" else p[0]


# ------------------------------------------------------------------------------------ catalogue tools

def extract_ast(fileobj, keywords, comment_tags, options):
    """Babel extraction method reading Python's AST, so calls inside f-strings are found too."""
    import ast

    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords):
            continue
        args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
        if node.func.id == "ngettext":
            if len(args) >= 2 and args[0] and args[1]:
                yield node.lineno, node.func.id, (args[0], args[1]), []
        elif args and args[0]:
            yield node.lineno, node.func.id, args[0], []


def extract(root: Path | None = None) -> "object":
    """Extract every _(), ngettext() and N_() string of the package and pages into a Babel catalogue."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    root = root or LOCALE_DIR.parent.parent
    catalog = Catalog(project="syriawatch", domain=DOMAIN, charset="utf-8")
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    method = "syriawatch.i18n:extract_ast"
    method_map = [("syriawatch/**.py", method), ("pages/**.py", method), ("dashboard.py", method)]
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map=method_map, keywords=keywords, comment_tags=("TRANSLATORS:",),
            directory_filter=lambda d: not any(part.startswith(".") or part in ("node_modules", "tests", "bench")
                                               for part in Path(d).relative_to(root).parts)):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def missing(code: str) -> list[str]:
    """Source strings with no (or a fuzzy) translation in a language's catalogue."""
    from babel.messages.pofile import read_po

    template = extract()
    with po_path(code).open("rb") as fh:
        catalog = read_po(fh, locale=code)
    out = []
    for msg in template:
        if not msg.id:
            continue
        have = catalog.get(msg.id)
        strings = have.string if have is not None else None
        if have is None or have.fuzzy or not strings or (isinstance(strings, tuple) and not all(strings)):
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return out


def update_catalogues() -> None:
    """Write the template and merge it into every language's .po (new strings arrive untranslated)."""
    from babel.messages.pofile import read_po, write_po

    template = extract()
    LOCALE_DIR.mkdir(exist_ok=True)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as fh:
        write_po(fh, template, omit_header=True, sort_output=True, width=120)
    for code in LANGS:
        if code == DEFAULT:
            continue
        path = po_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=code)
        else:
            from babel.messages.catalog import Catalog
            catalog = Catalog(locale=code, domain=DOMAIN, charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as fh:
            write_po(fh, catalog, omit_header=False, sort_output=True, width=120, ignore_obsolete=True)
    translations.cache_clear()


if __name__ == "__main__":  # python -m syriawatch.i18n extract | missing ar
    import sys

    if sys.argv[1:2] == ["extract"]:
        update_catalogues()
        print(f"updated {LOCALE_DIR}")
    elif sys.argv[1:2] == ["missing"]:
        gaps = missing(sys.argv[2] if len(sys.argv) > 2 else "ar")
        print("\n".join(gaps) or "no gaps")
        sys.exit(1 if gaps else 0)
    else:
        print(__doc__)
