"""The shared filter: applying it, describing it, and its URL round trip (table-driven)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import event, site, write_dataset
from syriawatch.filters import DEFAULT_CONF, Filters, apply_events, apply_sites, describe, from_query, to_query

D = dt.date


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    from syriawatch.loading import load_dataset
    events = [
        event(1, event_date="2016-03-01", category="agreement", actor1="USA_MIL", actor2="RUS_MIL", admin1="",
              latitude="", longitude="", geo_precision="", confidence="confirmed"),
        event(2, event_date="2020-08-25", category="military_incident", confidence="probable",
              source2="Second outlet", source2_url="https://example.org/2b"),
        event(3, event_date="2020-09-18", category="deployment_change", actor1="USA_MIL", actor2="", confidence="possible",
              verification="secondary_only"),
        event(4, event_date="2021-03-17", category="diplomatic", actor1="UN", actor2="", admin1="Raqqa", confidence="disputed"),
        event(5, event_date="2023-07-25", category="military_incident", actor1="RUS_MIL", actor2="SDF", admin1="Deir ez-Zor"),
    ]
    sites = [
        site(1, operator="USA_MIL", established="2016-01-01", vacated="2019-10-15", vacated_precision="1"),
        site(2, operator="RUS_MIL", established="2019-10-16", established_precision="1", admin1="Raqqa",
             source2="Second outlet", source2_url="https://example.org/s2"),
        site(3, operator="SDF", established="", established_precision="", confidence="possible"),
    ]
    return load_dataset(write_dataset(tmp_path_factory.mktemp("f"), events, sites))


EVENT_CASES = [
    (Filters(), [1, 2, 3, 4, 5]),
    (Filters(sides=("russia",)), [1, 2, 5]),
    (Filters(sides=("sdf",)), [5]),
    (Filters(sides=("un_other", "sdf")), [4, 5]),
    (Filters(actors=("UN",)), [4]),
    (Filters(sides=("russia",), actors=("SDF",)), [5]),
    (Filters(categories=("military_incident",)), [2, 5]),
    (Filters(start=D(2020, 3, 1), end=D(2021, 3, 31)), [2, 3, 4]),
    (Filters(start=D(2021, 3, 17), end=D(2021, 3, 17)), [4]),
    (Filters(governorates=("Raqqa", "Deir ez-Zor")), [4, 5]),
    (Filters(min_confidence="confirmed"), [1, 5]),
    (Filters(min_confidence="probable"), [1, 2, 5]),
    (Filters(min_confidence="possible"), [1, 2, 3, 5]),
    (Filters(sides=("us_coalition",), categories=("military_incident",), start=D(2020, 3, 1), end=D(2021, 3, 1)), [2]),
    (Filters(verification="read"), [1, 2, 4, 5]),      # event 3: secondary reporting only
    (Filters(verification="two"), [2]),                # the only one with a second, independent source
]


@pytest.mark.parametrize("f,expected", EVENT_CASES)
def test_apply_events(ds, f, expected):
    got = apply_events(ds.events, f)["event_id"].tolist()
    assert got == [f"T-{i:03d}" for i in expected]


SITE_CASES = [
    (Filters(), ["S-T01", "S-T02", "S-T03"]),
    (Filters(sides=("russia",)), ["S-T02"]),
    (Filters(start=D(2020, 1, 1)), ["S-T02", "S-T03"]),         # US site vacated Oct 2019
    (Filters(end=D(2018, 1, 1)), ["S-T01", "S-T03"]),           # Russian site not yet established
    (Filters(min_confidence="probable"), ["S-T01", "S-T02"]),
    (Filters(governorates=("Raqqa",)), ["S-T02"]),
    (Filters(verification="two"), ["S-T02"]),
]


@pytest.mark.parametrize("f,expected", SITE_CASES)
def test_apply_sites(ds, f, expected):
    assert sorted(apply_sites(ds.sites, f)["site_id"]) == expected


DESCRIBE_CASES = [
    (Filters(), "All actors, all categories, Sep 2015–Nov 2026"),
    (Filters(sides=("us_coalition", "russia"), categories=("military_incident",), start=D(2020, 3, 1), end=D(2021, 3, 31)),
     "US & coalition and Russia, military incident, Mar 2020–Mar 2021"),
    (Filters(actors=("UN", "SDF"), categories=("unsc", "strike")),
     "involving United Nations or Syrian Democratic Forces, UN Security Council or strike, Sep 2015–Nov 2026"),
    (Filters(governorates=("Raqqa",), min_confidence="confirmed", start=D(2020, 5, 1), end=D(2020, 5, 20)),
     "All actors, all categories, May 2020, in Raqqa, confirmed only"),
    (Filters(min_confidence="probable"), "All actors, all categories, Sep 2015–Nov 2026, probable or better"),
    (Filters(verification="two"), "All actors, all categories, Sep 2015–Nov 2026, confirmed by two independent sources"),
]


@pytest.mark.parametrize("f,sentence", DESCRIBE_CASES)
def test_describe(f, sentence):
    names = {"UN": "United Nations", "SDF": "Syrian Democratic Forces"}
    assert describe(f, names, (D(2015, 9, 1), D(2026, 11, 28))) == sentence


ROUND_TRIP = [
    Filters(),
    Filters(sides=("russia", "us_coalition"), actors=("UN",), categories=("unsc", "strike"), start=D(2020, 3, 1),
            end=D(2021, 3, 31), governorates=("Al-Hasakah", "Deir ez-Zor"), min_confidence="probable"),
    Filters(verification="two", query="Tanf"),
]


@pytest.mark.parametrize("f", ROUND_TRIP)
def test_url_round_trip(f):
    parsed = from_query(to_query(f), ["UN", "SDF"])
    assert parsed.filters == f and parsed.ignored == []


def test_defaults_are_left_out_of_the_url():
    assert to_query(Filters()) == {}
    assert to_query(Filters(min_confidence=DEFAULT_CONF)) == {}


@pytest.mark.parametrize("params,ignored_words", [
    ({"side": ["martians"]}, "side “martians”"),
    ({"cat": ["<script>"]}, "category “<script>”"),
    ({"from": ["2020-02-30"]}, "start date"),
    ({"to": ["yesterday"]}, "end date"),
    ({"from": ["2021-01-01"], "to": ["2020-01-01"]}, "start after end"),
    ({"conf": ["absolute"]}, "confidence"),
    ({"gov": ["SY-XX"]}, "governorate"),
    ({"actor": ["NOPE"]}, "actor"),
    ({"verif": ["three"]}, "sourcing “three”"),
])
def test_malformed_url_values_are_ignored_with_a_notice(params, ignored_words):
    parsed = from_query(params, ["UN"])
    assert any(ignored_words in i for i in parsed.ignored)


def test_comma_separated_values_are_accepted():
    assert from_query({"cat": "strike,unsc"}, []).filters.categories == ("strike", "unsc")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["side", "actor", "cat", "from", "to", "gov", "conf", "q", "verif", "zzz"]),
                       st.lists(st.text(max_size=30), max_size=4)))
def test_any_query_string_parses_without_exception(params):
    parsed = from_query(params, ["UN", "SDF"])
    assert isinstance(parsed.filters, Filters)
    # Whatever survived must round-trip.
    assert from_query(to_query(parsed.filters), ["UN", "SDF"]).filters == parsed.filters


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["asof", "win", "layers", "lat", "lon", "z", "x"]),
                       st.one_of(st.text(max_size=30), st.lists(st.text(max_size=20), max_size=3))))
def test_any_map_query_parses_without_exception(params):
    from syriawatch.mapstate import MapState, from_query as map_from_query, to_query as map_to_query
    parsed = map_from_query(params)
    assert isinstance(parsed.state, MapState)
    assert map_from_query(map_to_query(parsed.state)).state == parsed.state


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_saved_views_file_parses_without_exception(text):
    from syriawatch.views import parse_views
    views, problems = parse_views(text)
    assert isinstance(views, list) and isinstance(problems, list)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                    max_leaves=30)
VIEW = st.fixed_dictionaries({"name": JSON | st.text(max_size=30), "page": JSON | st.sampled_from(["map", "events"])},
                             optional={"params": JSON | st.dictionaries(st.text(max_size=8), JSON, max_size=4),
                                       "name_ar": JSON})


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, st.lists(VIEW | JSON, max_size=6)), st.integers(0, 3000))
def test_any_json_structure_as_a_views_file_is_accepted_or_explained(value, depth):
    import json as _json

    from syriawatch.views import View, parse_views
    text = _json.dumps(value)
    if depth > 2000:   # deep nesting around it: must be refused with a message, never a RecursionError
        text = "[" * depth + text + "]" * depth
    views, problems = parse_views(text)
    assert all(isinstance(v, View) for v in views) and all(isinstance(p, str) and p for p in problems)
    for v in views:   # whatever is accepted can be turned into a link
        assert v.path(1).startswith(("", "map", "events", "about", "briefing"))
    if not views:
        assert problems or value == []
