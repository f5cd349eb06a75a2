"""AppTest for the Overview (the landing page) and the Briefing's defaults."""

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from syriawatch import data_dir, store
from syriawatch.loading import load_dataset

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


def app(page=None, **query) -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def curated():
    return load_dataset(data_dir()).events


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_overview_is_the_landing_page_with_the_latest_events():
    at = app()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert at.title[0].value == "What matters now"
    ev = curated()
    latest = ev["event_date"].max()
    assert f"data to {latest.day} {latest:%B %Y}" in at.caption[0].value
    text = markdown(at)
    newest = ev[ev["event_date"] == latest].iloc[0]
    assert newest["title_en"].split()[0] in text
    assert f"./timeline?event={newest['event_id']}" in text and f"./map?asof={latest:%Y-%m-%d}" in text
    in_window = ev[ev["event_date"] > latest - pd.Timedelta(days=90)]
    assert any(f"{len(in_window)} events in the 90 days to" in c.value for c in at.caption)
    assert any("New since your last visit" in m.value for m in at.markdown)   # first visit (no cookie in AppTest)
    assert any(c.proto.component_name == "streamlit_folium.st_folium" for c in at.get("component_instance"))
    assert at.get("plotly_chart")


def test_overview_applies_the_shared_filters_to_its_links():
    at = app(None, cat="strike")
    assert not at.exception and not at.error
    text = markdown(at)
    assert "./timeline?cat=strike" in text and "./events?cat=strike" in text


def test_old_timeline_links_to_the_root_still_open_the_timeline():
    ev = curated()
    at = app(None, event=ev["event_id"].iloc[5])
    assert not at.exception
    assert at.title[0].value == "US–Russia tension timeline"


def test_overview_in_arabic():
    at = app(None, lang="ar")
    assert not at.exception and not at.error
    assert at.title[0].value == "ما يهم الآن"


def test_briefing_defaults_to_the_last_30_days_against_the_previous_30():
    at = app("pages/briefing.py")
    assert not at.exception and not at.error, [e.value for e in at.error]
    ev = curated()
    latest = ev["event_date"].max()
    start = latest - pd.Timedelta(days=29)
    assert at.subheader[0].value == f"{start.day} {start:%B %Y} – {latest.day} {latest:%B %Y}"
    metrics = {m.label: m for m in at.metric}
    n = int(((ev["event_date"] >= start) & (ev["event_date"] <= latest)).sum())
    before = int(((ev["event_date"] >= start - pd.Timedelta(days=30)) & (ev["event_date"] < start)).sum())
    assert metrics["Events"].value == str(n)
    assert metrics["Events"].proto.delta == str(n - before)
    assert any("Compared with the previous 30 days" in c.value for c in at.caption)
    top = markdown(at)
    assert "Events that moved the tension most" in [s.value for s in at.subheader]
    assert "](<https://" in top                                           # sources linked in the list
    assert not [d for d in at.dataframe]                                  # lists, not small-print tables
    heads = [s.value for s in at.subheader]
    assert any(h.startswith("0 events added or changed since") for h in heads)  # the store has only its first load
    assert not any("00:00:00" in m.value for m in at.markdown)            # never a raw timestamp


def test_briefing_lists_what_changed_from_the_store_history(tmp_path, monkeypatch):
    monkeypatch.setenv("SYRIAWATCH_STATE_DIR", str(tmp_path / "state"))
    s = store.open_store()                       # the store the page opens: seeded from data/ now
    release = tmp_path / "release"
    shutil.copytree(ROOT / "data", release)
    df = pd.read_csv(release / "events.csv", dtype=str, keep_default_na=False)
    target = df.iloc[20]
    df.loc[df["event_id"] == target["event_id"], "tension"] = str(int(target["tension"]) - 1)
    df.to_csv(release / "events.csv", index=False)
    s.import_csv(release, comment="test edit")
    at = app("pages/briefing.py")
    assert not at.exception and not at.error
    heads = [h.value for h in at.subheader]
    today = dt.date.today() - dt.timedelta(days=7)
    assert f"1 events added or changed since {today.day} {today:%B %Y}" in heads
    line = next(m.value for m in at.markdown if "changed:" in m.value)
    assert line.startswith("- **today** · changed: tension score · "), line
    assert target["title_en"][:12] in line.replace("\\", ""), line
