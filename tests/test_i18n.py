"""Arabic and English: the message catalogue is complete, and every view speaks the chosen language.

Each language-dependent function is called inside ``i18n.using("ar")`` and asserted on what a reader
would see: no English interface words, Arabic dates from Babel, data shown from the *_ar columns.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from helpers import event, site, write_dataset
from syriawatch import cards, exports, i18n, layers, tables, vocab
from syriawatch.filters import Filters, describe
from syriawatch.geo import load_geo
from syriawatch.i18n import _, using
from syriawatch.loading import load_dataset
from syriawatch.mapview import build_map
from syriawatch.tension import IndexSpec
from syriawatch.timeline import timeline_figure

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Latin tokens an Arabic interface legitimately keeps: data formats, dataset and product names.
LATIN_OK = {"ACLED", "UCDP", "CSV", "XLSX", "GeoJSON", "HTML", "PNG", "SVG", "JSON", "OpenStreetMap", "Chromium",
            "English", "OCHA", "UNCS", "geoBoundaries", "CC", "BY", "IGO", "Natural", "Earth", "GeoNames", "Box",
            "Select", "ID", "Noto", "Sans", "Arabic"}


def latin_words(text: str) -> set[str]:
    """English words left in a text, ignoring allowed names, file paths, codes and URLs."""
    text = re.sub(r"https?://\S+|\S+\.(csv|json|md|py)\b|`[^`]*`|\b[A-Z]+-\d+\b", " ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in LATIN_OK}


def catalogue(code: str):
    with i18n.po_path(code).open("rb") as fh:
        return read_po(fh, locale=code)


# ------------------------------------------------------------------------------------- the catalogue

def test_every_interface_string_has_an_arabic_translation():
    """Fails when a _() string in the code is missing from the Arabic catalogue, empty or fuzzy."""
    assert i18n.missing("ar") == []


def test_a_new_untranslated_string_is_caught(tmp_path, monkeypatch):
    # The check above must be able to fail: a source tree with one extra _() call has one gap.
    (tmp_path / "syriawatch").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "dashboard.py").write_text('from syriawatch.i18n import _\n_("A label nobody translated")\n')
    original = i18n.extract
    monkeypatch.setattr(i18n, "extract", lambda root=None: original(tmp_path))
    assert i18n.missing("ar") == ["A label nobody translated"]


def test_strings_inside_f_strings_are_extracted():
    ids = {m.id for m in i18n.extract() if m.id}
    assert "Legend" in ids and "Sites held by" in ids  # both are _() calls inside f-strings in mapview.py


def test_translations_keep_every_placeholder():
    bad = []
    for m in catalogue("ar"):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = set(PLACEHOLDER.findall(ids[0]))
        bad += [ids[0] for s in strings if set(PLACEHOLDER.findall(s or "")) != want]
    assert bad == []


def test_template_is_current():
    """syriawatch.pot lists exactly the strings of the code (run `python -m syriawatch.i18n extract`)."""
    with (i18n.LOCALE_DIR / "syriawatch.pot").open("rb") as fh:
        pot = {m.id for m in read_po(fh) if m.id}
    assert pot == {m.id for m in i18n.extract() if m.id}


def test_arabic_translations_are_arabic():
    # A msgstr copied from the msgid would pass the completeness check; it must contain Arabic script
    # unless the string is only a name or symbol kept in Latin letters (SVG, ", " …).
    lazy = [m.id for m in catalogue("ar") if m.id and isinstance(m.string, str)
            and latin_words(m.id) and not re.search(r"[\u0600-\u06FF]", m.string)]
    assert lazy == []


@pytest.mark.parametrize("terms", [vocab.CATEGORIES, vocab.SIDES, vocab.CONFIDENCE, vocab.VERIFICATION,
                                   vocab.SITE_KINDS, vocab.CONTROLLERS, vocab.LINE_KINDS])
def test_every_vocabulary_term_has_an_arabic_label(terms):
    assert all(re.search(r"[\u0600-\u06FF]", t.label_ar) for t in terms.values())


def test_every_governorate_has_an_arabic_name():
    assert set(vocab.GOVERNORATES_AR) == set(vocab.GOVERNORATE_NAMES)


def test_curated_names_exist_in_arabic():
    ds = load_dataset()
    for table, col in ((ds.actors, "name_ar"), (ds.sites, "name_ar"), (ds.events, "title_ar"), (ds.bands, "label_ar")):
        assert table[col].fillna("").str.strip().ne("").all(), (col, table.loc[table[col].fillna("") == ""].iloc[:3])


# ------------------------------------------------------------------------------------- formatting

@pytest.mark.parametrize("lang,kind,expected", [
    ("en", "day", "20 Mar 2021"), ("en", "long", "20 March 2021"), ("en", "month", "Mar 2021"),
    ("ar", "day", "20 مارس 2021"), ("ar", "long", "20 مارس 2021"), ("ar", "month", "مارس 2021"),
    ("ar", "iso", "2021-03-20"),
])
def test_dates_follow_the_language(lang, kind, expected):
    with using(lang):
        assert i18n.date(dt.date(2021, 3, 20), kind) == expected
        assert i18n.date(pd.Timestamp("2021-03-20 10:00"), kind) == expected


def test_numbers_follow_the_language():
    with using("en"):
        assert i18n.number(12345) == "12,345" and i18n.signed(3) == "+3"
        assert i18n.number(-0.5, "+0.00;-0.00") == "-0.50"
    with using("ar"):  # Babel's Arabic locale: Western digits, as Arabic newsrooms print them
        assert i18n.number(12345) == "12,345" and i18n.signed(-3) == "\u200e-3" and i18n.signed(3) == "\u200e+3"


def test_language_block_does_not_leak():
    with using("ar"):
        assert _("Legend") != "Legend"
    assert _("Legend") == "Legend" and i18n.lang() == "en"


# ----------------------------------------------------------------------------------- every view, in Arabic

@pytest.mark.parametrize("f", [
    Filters(),
    Filters(sides=("us_coalition", "russia"), categories=("military_incident", "strike"),
            start=dt.date(2020, 3, 1), end=dt.date(2021, 3, 31)),
    Filters(actors=("SDF",), governorates=("Al-Hasakah", "Raqqa"), min_confidence="probable"),
    Filters(min_confidence="confirmed", start=dt.date(2019, 1, 1)),
    Filters(end=dt.date(2018, 5, 1), query="Tanf"),
])
def test_filter_sentence_in_arabic_has_no_english(f):
    with using("ar"):
        sentence = describe(f, {"SDF": "قسد"}, (dt.date(2015, 9, 1), dt.date(2026, 11, 28)))
    assert latin_words(sentence.replace("Tanf", "")) == set(), sentence
    assert re.search(r"[\u0600-\u06FF]", sentence)


@pytest.fixture(scope="module")
def curated():
    return load_dataset()


def test_timeline_in_arabic(curated):
    ev = curated.events[(curated.events["event_date"] >= "2020-01-01") & (curated.events["event_date"] <= "2021-03-31")]
    names = dict(zip(curated.actors["code"], curated.actors["name_ar"]))
    with using("ar"):
        fig = timeline_figure(ev, names, date_range=(dt.date(2020, 1, 1), dt.date(2021, 3, 31)),
                              spec=IndexSpec("M", "sum", half_life=3), bands=curated.bands)
    layout = fig.layout
    assert latin_words(layout.yaxis.title.text) == set()
    assert all(re.search(r"[\u0600-\u06FF]", t) for t in layout.xaxis2.ticktext or layout.xaxis.ticktext)  # Babel month names
    lanes = [tr for tr in fig.data if tr.type in ("scatter", "scattergl") and tr.mode == "markers"]
    assert {tr.name for tr in lanes} <= {vocab.CATEGORIES[c].label_ar for c in vocab.CATEGORIES}
    hover = lanes[0].hovertext[0]
    row = ev[ev["category"].astype(str).map(lambda c: vocab.CATEGORIES[c].label_ar) == lanes[0].name].iloc[0]
    assert row["title_ar"] in hover.replace("&quot;", '"').replace("&#x27;", "'")
    bars = fig.data[0]
    assert all(latin_words(re.sub("<[^>]+>", " ", c[0])) == set() for c in bars.customdata)
    assert all(latin_words(a.text) == set() for a in layout.annotations)  # band labels from label_ar


def test_timeline_in_english_keeps_plotly_date_ticks(curated):
    fig = timeline_figure(curated.events, {}, date_range=(dt.date(2020, 1, 1), dt.date(2021, 3, 31)))
    assert fig.layout.xaxis.ticktext is None and fig.layout.yaxis.title.text == "Tension"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    d = write_dataset(tmp_path_factory.mktemp("ar"), [event(1, notes="English note", notes_ar="ملاحظة عربية")],
                      [site(1, name_ar="قاعدة تجريبية")])
    return load_dataset(d)


def test_map_in_arabic(small, curated):
    names = {"USA_MIL": "القوات الأمريكية", "RUS_MIL": "القوات الروسية"}
    with using("ar"):
        areas = layers.control_areas(curated.control, load_geo().districts, layers.snapshot_for(curated.control, "2021-03-20"))
        m = build_map(small.events, small.sites, load_geo(), names, control_areas=areas, as_of=dt.date(2021, 3, 20))
        html = m.get_root().render()
    assert 'setAttribute(\\"dir\\", \\"rtl\\")' in html or 'setAttribute("dir", "rtl")' in html
    assert "noto-sans-arabic-arabic-400-normal.woff2" in html
    for word in ("Legend", "Sites held by", "Map date", "Areas of control accurate as of"):
        assert word not in html, word
    with using("ar"):
        for word in ("Legend", "Sites held by"):
            assert shown(html, _(word))
    assert shown(html, "20 مارس 2021")                  # the stamp's date, by Babel
    for text in ("حدث تجريبي 1", "ملاحظة عربية", "قاعدة تجريبية", "الحسكة"):  # data from *_ar, Arabic labels
        assert shown(html, text), text


def shown(html: str, text: str) -> bool:
    """Text appears in rendered folium HTML, raw or as a JSON string (tojson escapes non-ASCII)."""
    import json
    return text in html or json.dumps(text)[1:-1] in html


def test_event_card_in_arabic_leads_with_the_arabic_title(small):
    row = small.events.iloc[0]
    with using("ar"):
        card = cards.event_card(row, {"USA_MIL": "القوات الأمريكية", "RUS_MIL": "القوات الروسية"})
    first = card.splitlines()[0]
    assert first.startswith("#### ") and "حدث تجريبي" in first
    assert card.index("ملاحظة عربية") < card.index("English note")
    assert "25 أغسطس 2020" in card
    assert latin_words(re.sub(r"\(<[^>]*>\)|\[[^\]]*\]", " ", card).replace("English note", "").replace("Test event 1", "").replace(
        "Test Wire", "").replace("Strategic developments", "").replace("Other", "").replace("Test", "")) == set()


def test_tables_in_arabic(small):
    with using("ar"):
        view = tables.events_view(small.events, {"USA_MIL": "القوات الأمريكية"})
        sites = tables.sites_view(small.sites, {})
    assert all(not latin_words(c) for c in view.columns), list(view.columns)
    assert all(not latin_words(c) for c in sites.columns), list(sites.columns)
    assert view.iloc[0][_ar("Title")] == "حدث تجريبي 1"
    assert view.iloc[0][_ar("Governorate")] == "الحسكة"
    assert sites.iloc[0][_ar("Site")] == "قاعدة تجريبية"


def _ar(msg: str) -> str:
    with using("ar"):
        return _(msg)


def test_briefing_pack_in_arabic_is_right_to_left(small):
    with using("ar"):
        html = exports.briefing_pack(title="إحاطة", description="وصف", figures=[("أحداث", "1")], timeline_png=b"x",
                                     map_png_bytes=b"x", events=small.events, attribution="", generated="اليوم")
    assert '<html lang="ar" dir="rtl">' in html
    assert "حدث تجريبي 1" in html.split("<table>")[1].split("</tr>")[1]  # the first row leads with the Arabic title
    head = re.sub(r"<style>.*?</style>", "", html.split("<table>")[0], flags=re.S)
    assert latin_words(re.sub("<[^>]+>", " ", head)) == set()


def test_xlsx_about_sheet_in_arabic(small):
    import openpyxl
    import io

    with using("ar"):
        data = exports.events_xlsx(small.events, small.sites, "وصف", "")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    about = wb["about"]
    assert about.sheet_view.rightToLeft
    assert re.search(r"[\u0600-\u06FF]", about["A1"].value)


def test_catalogue_command_reports_gaps():
    out = subprocess.run([sys.executable, "-m", "syriawatch.i18n", "missing", "ar"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "no gaps" in out.stdout
