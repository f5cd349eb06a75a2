"""URL-bound view state declared as data (syriawatch.viewstate): every group's round trip, its notices,
and a saved view applied in full over a session that already holds other values."""

import datetime as dt

import pytest

from syriawatch import filters, mapstate, viewstate
from syriawatch.views import View

TODAY = dt.date(2026, 11, 28)
ENV = {"today": TODAY, "actors": ["UN", "SDF"]}
GROUPS = [viewstate.LANGUAGE, filters.GROUP, mapstate.GROUP, viewstate.TIMELINE, viewstate.BRIEFING,
          viewstate.CONTEXT, viewstate.EVENT]

# One link per group carrying non-default values: loading then writing it gives the same parameters back.
LINKS = {
    "language": {"lang": ["ar"]},
    "filters": {"side": ["russia"], "actor": ["UN"], "cat": ["strike", "unsc"], "from": ["2020-03-01"],
                "to": ["2021-03-31"], "gov": ["SY-HA"], "conf": ["probable"], "q": ["Tanf"], "verif": ["two"]},
    "map": {"asof": ["2020-08-25"], "win": ["90"], "layers": ["govs,sites_us"], "lat": ["36.9500"],
            "lon": ["41.6000"], "z": ["9"]},
    "timeline": {"index": ["W.mean.confidence.3"], "lanes": ["sides"]},
    "briefing": {"since": ["2026-01-15"]},
    "context": {"ctx": ["1"]},
    "event": {"event": ["USRU-0170"]},
}
BAD = {
    "language": ({"lang": ["xx"]}, "language “xx”"),
    "filters": ({"cat": ["nonsense"], "verif": ["three"]}, "category “nonsense”"),
    "map": ({"win": ["7"]}, "incident window “7”"),
    "timeline": ({"index": ["Y.sum"]}, "index settings “Y.sum”"),
    "briefing": ({"since": ["last week"]}, "changes since “last week”"),
    "context": ({"ctx": ["yes"]}, "context switch “yes”"),
    "event": ({"event": ["<script>"]}, "event “<script>”"),
}


def test_every_group_is_registered_once_and_owns_its_own_parameters():
    assert set(viewstate.GROUPS) == set(LINKS) == {g.name for g in GROUPS}
    params = [p for g in viewstate.GROUPS.values() for p in g.params]
    keys = [k for g in viewstate.GROUPS.values() for k in g.keys]
    assert len(params) == len(set(params)) and len(keys) == len(set(keys))


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.name)
def test_group_round_trip_and_defaults_left_out(group):
    values, notes = group.load(LINKS[group.name], ENV)
    assert notes == []
    assert set(values) == set(group.keys)
    assert group.query(values, ENV) == LINKS[group.name]
    defaults = group.defaults(ENV)
    always = {"since"}  # written even at its default: "the last 7 days" would move for whoever opens the link
    assert set(group.query(defaults, ENV)) <= always
    assert group.load({}, ENV)[0] == defaults


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.name)
def test_malformed_values_become_notices_and_defaults(group):
    params, words = BAD[group.name]
    values, notes = group.load(params, ENV)
    assert any(words in n for n in notes), notes
    assert set(values) == set(group.keys)


def test_rewrite_keeps_other_groups_parameters():
    current = {"cat": ["strike"], "asof": ["2020-01-01"], "lang": ["ar"]}
    wanted = mapstate.GROUP.rewrite(current, mapstate.GROUP.defaults(ENV) | {"m_win": 30}, ENV)
    assert wanted == {"cat": ["strike"], "lang": ["ar"], "win": ["30"]}


def test_a_saved_view_replaces_everything_the_session_held_but_the_language():
    session = {}
    held = {"cat": ["strike"], "since": ["2020-01-01"], "ctx": ["1"], "win": ["30"], "event": ["USRU-0001"], "lang": ["ar"]}
    for g in GROUPS:
        viewstate.load_into(session, g, held, ENV)
    assert session["b_since"] == dt.date(2020, 1, 1) and session["f_context"] is True and session["f_cats"] == ["strike"]
    view = View("v", "briefing", {"since": "2025-06-01", "conf": "probable"})
    viewstate.forget(session)
    link = view.query()            # a slide opens with exactly the view's parameters
    for g in GROUPS:
        viewstate.load_into(session, g, link, ENV)
    assert session["b_since"] == dt.date(2025, 6, 1)
    assert session["f_context"] is False, "ctx not in the view: the context switch is off again"
    assert session["f_cats"] == [] and session["f_conf"] == "probable"
    assert session["m_win"] == mapstate.DEFAULT_WINDOW and session["event_pick"] is None
    assert session["lang"] == "ar", "the language is the presenter's, not the view's"
