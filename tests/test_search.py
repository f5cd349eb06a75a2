"""Arabic-aware search: normalisation table and matching through the shared filter."""

import pytest

from helpers import event, write_dataset
from syriawatch.filters import Filters, apply_events, describe, from_query, to_query
from syriawatch.loading import load_dataset
from syriawatch.search import normalise


@pytest.mark.parametrize("raw,expected", [
    ("الحسكة", "الحسكه"), ("إسرائيل", "اسراييل"), ("أمريكا", "امريكا"), ("آسيا", "اسيا"),
    ("مستشفى", "مستشفي"), ("مُؤْتَمَر", "موتمر"), ("تـــنف", "تنف"), ("سوريّا", "سوريا"), ("Al-TANF", "al-tanf"),
    ("  two   spaces ", "two spaces"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("s"), [
        event(1, title_ar="اشتباك قرب الحسكة", location="Hasakah", title_en="Clash near Hasakah"),
        event(2, title_ar="ضربة قرب التنف", title_en="Strike near al-Tanf", actor1="UN", admin1="Rif Dimashq", location="al-Tanf"),
        event(3, title_ar="حادث في إدلب", title_en="Incident in Idlib", notes="Convoy collision reported", admin1="Idlib", location="Idlib"),
    ]))


@pytest.mark.parametrize("query,expected", [
    ("الحسكه", ["T-001"]),            # taa marbuta written as haa
    ("الحسكة", ["T-001"]),
    ("hasakah", ["T-001"]),
    ("ادلب", ["T-003"]),              # hamza on alef omitted
    ("collision", ["T-003"]),        # notes are searched
    ("الأمم المتحدة", ["T-002"]),      # actor names, in Arabic
    ("united nations strike", ["T-002"]),
    ("strike idlib", []),            # every word must match
    ("", ["T-001", "T-002", "T-003"]),
])
def test_search_through_the_filter(ds, query, expected):
    assert apply_events(ds.events, Filters(query=query))["event_id"].tolist() == expected


def test_search_travels_in_the_url_and_the_sentence():
    f = Filters(query="الحسكه")
    assert to_query(f) == {"q": "الحسكه"}
    assert from_query(to_query(f), []).filters == f
    assert "matching “الحسكه”" in describe(f)
