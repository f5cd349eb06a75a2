"""Benchmark: server-side cost and payload of the map and timeline at 10k and 100k events.

    .venv/bin/python bench/bench_views.py [--sizes 10000,100000]

Generates seeded synthetic events (ACLED-like, geolocated in northeast Syria; synthetic text, never
mixed with the curated data), then for each size measures what a filter change costs on the server:
applying the filter, building the folium map and rendering it as streamlit-folium does (the HTML it
sends), and building the plotly timeline and serialising it.  Prints a table; not part of the tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from syriawatch import vocab  # noqa: E402
from syriawatch.filters import Filters, apply_events  # noqa: E402
from syriawatch.geo import load_geo  # noqa: E402
from syriawatch.loading import load_dataset  # noqa: E402
from syriawatch.mapview import build_map  # noqa: E402
from syriawatch.timeline import timeline_figure  # noqa: E402


def synthetic_events(n: int, seed: int = 42) -> pd.DataFrame:
    """n events shaped like the curated table after loading (derived columns included)."""
    rng = np.random.default_rng(seed)
    cats = list(vocab.CATEGORIES)
    sides = [("russia", "us_coalition"), ("us_coalition",), ("russia",), ("sdf", "russia"), ("turkey", "sdf")]
    dates = pd.Timestamp("2015-10-01") + pd.to_timedelta(rng.integers(0, 3_900, n), unit="D")
    idx = rng.integers(0, len(sides), n)
    return pd.DataFrame({
        "event_id": [f"SYN-{i:07d}" for i in range(n)],
        "event_date": dates,
        "time_precision": rng.integers(1, 4, n),
        "category": pd.Categorical(rng.choice(cats, n), categories=cats),
        "event_type": "Strategic developments", "sub_event_type": "Other",
        "actor1": "RUS_MIL", "actor2": "USA_MIL", "assoc_actor_1": None, "assoc_actor_2": None,
        "admin1": rng.choice(["Al-Hasakah", "Raqqa", "Deir ez-Zor", "Aleppo"], n),
        "location": "synthetic", "location_ar": "اصطناعي",
        "latitude": rng.uniform(35.0, 37.2, n).round(4), "longitude": rng.uniform(38.0, 42.3, n).round(4),
        "geo_precision": rng.integers(1, 4, n), "geo_note": "synthetic",
        "title_en": [f"Synthetic event {i}" for i in range(n)], "title_ar": "حدث اصطناعي",
        "notes": "synthetic", "notes_ar": "", "tension": rng.integers(-8, 9, n), "tension_reason": "",
        "fatalities": 0, "source": "Synthetic", "source_title": "", "source_date": pd.NaT,
        "source_url": "https://example.org/", "source2": None, "source2_title": None, "source2_date": pd.NaT,
        "source2_url": None, "confidence": rng.choice(list(vocab.CONFIDENCE), n), "verification": "source_read",
        "updated_at": pd.Timestamp("2026-01-01"),
        "actors": [("RUS_MIL", "USA_MIL")] * n, "sides": [sides[i] for i in idx], "n_sources": 1,
        "actors_key": "|RUS_MIL|USA_MIL|", "sides_key": ["|" + "|".join(sides[i]) + "|" for i in idx],
    })


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    args = ap.parse_args()
    geo, ds = load_geo(), load_dataset()
    f = Filters(sides=("russia",), categories=("military_incident", "strike", "deconfliction", "deployment_change"),
                min_confidence="possible")
    print(f"{'events':>8} {'after filter':>12} {'filter s':>9} {'map build+render s':>19} {'map MB':>7} "
          f"{'timeline s':>11} {'timeline MB':>12}")
    for n in (int(x) for x in args.sizes.split(",")):
        ev = synthetic_events(n)
        sub, t_filter = timed(lambda: apply_events(ev, f))

        def map_cost():
            m = build_map(sub, ds.sites, geo, {})
            html = m.get_root().render()  # streamlit-folium renders the map twice per call
            m.get_root().render()
            return html

        html, t_map = timed(map_cost)
        fig_json, t_tl = timed(lambda: timeline_figure(sub, {}).to_json())
        print(f"{n:>8} {len(sub):>12} {t_filter:>9.2f} {t_map:>19.2f} {len(html.encode()) / 1e6:>7.2f} "
              f"{t_tl:>11.2f} {len(fig_json.encode()) / 1e6:>12.2f}")


if __name__ == "__main__":
    main()
