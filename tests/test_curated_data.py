"""Integrity of the bundled curated tables (pins the rules, not the facts)."""

import datetime as dt

import pandas as pd
import pytest
from shapely.geometry import Point

from syriawatch import DATA_DIR
from syriawatch.geo import load_geo
from syriawatch.loading import load_dataset

SCOPE_START = pd.Timestamp("2015-09-01")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA_DIR)


@pytest.fixture(scope="module")
def syria():
    return load_geo().outline.geometry.iloc[0].buffer(0.05)  # ~5 km tolerance for simplified borders


def test_curated_files_load_without_any_problem(ds):
    assert [p.as_text() for p in ds.problems] == []
    assert len(ds.events) > 0 and len(ds.sites) > 0


def test_ids_are_unique(ds):
    assert ds.events["event_id"].is_unique and ds.sites["site_id"].is_unique and ds.actors["code"].is_unique


def test_every_event_has_both_titles_and_a_source(ds):
    ev = ds.events
    assert ev["title_en"].notna().all() and ev["title_ar"].notna().all()
    assert ev["source"].notna().all()
    read = ev["verification"] == "source_read"
    assert ev.loc[read, "source_url"].notna().all()
    # A row without a URL must say so: it cannot be "confirmed".
    assert not ((ev["source_url"].isna()) & (ev["confidence"] == "confirmed")).any()


def test_event_dates_are_in_scope(ds):
    ev = ds.events
    assert (ev["event_date"] >= SCOPE_START).all()
    assert (ev["event_date"] <= pd.Timestamp(dt.date.today())).all()


def test_arabic_titles_are_arabic(ds):
    assert ds.events["title_ar"].str.contains(r"[\u0600-\u06FF]").all()
    assert ds.sites["name_ar"].str.contains(r"[\u0600-\u06FF]").all()


def test_site_periods_are_ordered_and_do_not_overlap(ds):
    si = ds.sites
    assert ((si["vacated"].isna()) | (si["established"].isna()) | (si["vacated"] >= si["established"])).all()
    for key, g in si.dropna(subset=["established"]).sort_values("established").groupby("site_key"):
        ends = g["vacated"].fillna(pd.Timestamp.max).tolist()
        starts = g["established"].tolist()
        for prev_end, next_start in zip(ends, starts[1:]):
            assert next_start >= prev_end - pd.Timedelta(days=1), f"{key}: periods overlap"


def test_coordinates_lie_in_syria_unless_outside_is_explained(ds, syria):
    for name, df in (("events", ds.events), ("sites", ds.sites)):
        located = df[df["latitude"].notna()]
        for _, r in located.iterrows():
            inside = syria.contains(Point(float(r["longitude"]), float(r["latitude"])))
            assert inside or "outside Syria" in str(r.get("geo_note", "")), f"{name} {r.iloc[0]} at {r['latitude']},{r['longitude']}"


def test_located_rows_say_where_their_coordinates_come_from(ds):
    for df in (ds.events, ds.sites):
        located = df[df["latitude"].notna()]
        assert located["geo_note"].notna().all()


@pytest.mark.filterwarnings("ignore:Geometry is in a geographic CRS")
def test_governorate_matches_coordinates(ds):
    """admin1 must be the governorate the point falls in (or a neighbour, for points on a border)."""
    gov = load_geo().governorates
    bad = []
    for df in (ds.events, ds.sites):
        for _, r in df[df["latitude"].notna() & df["admin1"].notna()].iterrows():
            p = Point(float(r["longitude"]), float(r["latitude"]))
            near = set(gov[gov.geometry.distance(p) < 0.05]["admin1"])
            if near and r["admin1"] not in near:
                bad.append((r.get("event_id", r.get("site_id")), r["admin1"], sorted(near)))
    assert bad == []


def test_lines_are_dated_drawable_and_in_syria(ds, syria):
    from syriawatch.layers import line_shapes, parse_waypoints
    assert len(ds.lines) > 0
    assert ds.lines["valid_from"].notna().all()
    for _, r in ds.lines.iterrows():
        pts = parse_waypoints(r["waypoints"])
        if r["kind"] == "deconfliction_zone":
            assert len(pts) == 1 and pd.notna(r["radius_km"]), r["line_id"]
        else:
            assert len(pts) >= 2, r["line_id"]
        for _, lat, lon in pts:
            assert syria.contains(Point(lon, lat)), (r["line_id"], lat, lon)
    assert line_shapes(ds.lines).geometry.is_valid.all()


def test_control_snapshots_cover_every_district(ds):
    from syriawatch.geo import load_geo as _lg
    districts = set(zip(_lg().districts["admin1"], _lg().districts["adm2_name"]))
    snaps = ds.control.groupby("snapshot_date")
    assert snaps.ngroups >= 6, "at least six dated snapshots"
    for date, g in snaps:
        keys = set(zip(g["admin1"], g["adm2_name"]))
        assert keys == districts, f"{date:%Y-%m-%d}: missing {sorted(districts - keys)[:5]}, unknown {sorted(keys - districts)[:5]}"


def test_geojson_exports_are_up_to_date():
    import importlib.util
    from syriawatch import GEO_DIR
    spec = importlib.util.spec_from_file_location("build_layers", GEO_DIR / "build_layers.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, text in mod.build().items():
        assert (GEO_DIR / name).read_text(encoding="utf-8") == text, f"geo/{name} is stale: run geo/build_layers.py"


def test_context_bands_are_dated_and_point_to_real_events(ds):
    assert set(ds.bands["kind"]) == {"administration", "phase"}
    ids = set(ds.events["event_id"])
    for _, b in ds.bands.iterrows():
        for ref in str(b["event_ids"]).split(";") if pd.notna(b["event_ids"]) else []:
            assert ref in ids, (b["band_id"], ref)
        assert pd.notna(b["source_url"]) or b["verification"] != "source_read" or pd.notna(b["event_ids"]), b["band_id"]


def test_no_event_is_recorded_twice(ds):
    """Two rows on the same day citing the same primary page are one event curated twice."""
    ev = ds.events.dropna(subset=["source_url"])
    dup = ev[ev.duplicated(["event_date", "source_url"], keep=False)]
    assert dup.empty, dup[["event_id", "event_date", "title_en"]].to_string()


RETIRED_EVENT_IDS = {"USRU-0006", "USRU-0015", "USRU-0020"}  # duplicates removed; ids are never reused


def test_retired_event_ids_stay_retired(ds):
    assert RETIRED_EVENT_IDS.isdisjoint(ds.events["event_id"])


# --- issue 14: honest end dates, dates and counts ------------------------------------------------

_PRECISION_DAYS = {1: 0, 2: 7, 3: 31, 4: 366}  # slack allowed by a period's vacated_precision
_COAST = {"Latakia", "Tartus"}
_RUSSIA = {"RUS_MIL", "RUS_PMC"}


def _open_after(sites: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Periods that began before ``day`` and, allowing for their date precision, are still held after it."""
    slack = sites["vacated_precision"].map(lambda p: _PRECISION_DAYS.get(int(p), 0) if pd.notna(p) else 0)
    ends = sites["vacated"] - pd.to_timedelta(slack, unit="D")
    began = sites["established"].isna() | (sites["established"] < day)
    return sites[began & (sites["vacated"].isna() | (ends > day))]


def russian_posts_left_open(sites: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Russian posts away from the coast still open after the data's own record of the pull-back."""
    pullback = events.loc[events["event_id"] == "USRU-0242", "event_date"]
    assert len(pullback) == 1, "USRU-0242 (Russia pulls back to Hmeimim and Tartus) is the anchor of this rule"
    # Posts Russia kept longer (Qamishli airport, left Jan 2026) carry their own later end date; what the
    # rule forbids is a post off the coast with no end at all, i.e. claimed as held today.
    inland = sites[sites["operator"].isin(_RUSSIA) & ~sites["admin1"].isin(_COAST)]
    left = inland[inland["vacated"].isna() & (inland["established"].isna() | (inland["established"] < pullback.iloc[0]))]
    return [f"{r.site_id} ({r.site_key}) is still open" for r in left.itertuples()]


def handed_over_but_open(sites: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Periods that outlast an event which hands their place over and names their site key."""
    keys = set(sites["site_key"])
    out = []
    transfers = events[events["sub_event_type"] == "Non-violent transfer of territory"]
    for ev in transfers.itertuples():
        named = {k for k in keys if k in str(ev.notes)}
        for r in _open_after(sites[sites["site_key"].isin(named)], ev.event_date).itertuples():
            out.append(f"{r.site_id} ({r.site_key}) outlasts {ev.event_id} of {ev.event_date.date()}")
    return out


def test_no_russian_post_off_the_coast_is_open_after_the_pullback(ds):
    assert russian_posts_left_open(ds.sites, ds.events) == []


def test_reopening_a_russian_inland_post_is_caught(ds):
    bad = ds.sites.copy()
    bad.loc[bad["site_id"] == "S-031", ["vacated", "vacated_precision"]] = [pd.NaT, None]  # Ain Issa
    assert russian_posts_left_open(bad, ds.events) == ["S-031 (K-AINISSA) is still open"]


def test_a_handover_closes_the_sites_it_names(ds):
    assert handed_over_but_open(ds.sites, ds.events) == []


def test_reopening_a_handed_over_base_is_caught(ds):
    bad = ds.sites.copy()
    bad.loc[bad["site_id"] == "S-016", "vacated"] = pd.Timestamp("2026-03-01")  # al-Shaddadi, US period
    assert handed_over_but_open(bad, ds.events) == ["S-016 (K-SHADDADI) outlasts USRU-0283 of 2026-02-15"]


def test_rows_without_a_source_date_say_so(ds):
    for name in ("events", "sites"):
        df = getattr(ds, name)
        blank = df[df["source_date"].isna()]
        silent = blank[~blank["notes"].fillna("").str.contains("source_date left blank", regex=False)]
        assert silent.empty, (name, silent.iloc[:, 0].tolist())


def _update_counts():
    import importlib.util
    spec = importlib.util.spec_from_file_location("update_counts", DATA_DIR / "update_counts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_codebook_counts_table_matches_the_data():
    mod = _update_counts()
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str)
    for name, labels in mod.READMES.items():
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        assert mod.block(text) == mod.render(events, *labels), f"run python data/update_counts.py ({name})"


def test_counts_table_changes_when_an_event_is_added():
    mod = _update_counts()
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str)
    more = pd.concat([events, events.tail(1).assign(event_id="USRU-9999")])
    assert mod.render(more) != mod.render(events)
    assert mod.render(more).splitlines()[-1].endswith(f"**{len(events) + 1}** |")
