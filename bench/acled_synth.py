"""Seeded synthetic events in ACLED's export format, placed in northeast Syria (benchmarks only).

    .venv/bin/python bench/acled_synth.py 100000 /tmp/acled_100k.csv [--seed 7]

Every value is invented (ids "SYN…", notes "Synthetic event …", source "Synthetic"): the file has
ACLED's column names and vocabularies so that ``python -m syriawatch import acled`` accepts it, and
nothing else of ACLED.  Places are the towns of geo/places.csv in the four northeastern governorates
(named as ACLED names them, OCHA spelling) with a jitter of up to ±0.25°, so a point can fall across a
border: admin1 says where the row was filed, as in real exports.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from syriawatch.vocab import ACLED_TYPES  # noqa: E402

HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
          "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
          "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
          "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
# geo/places.csv town -> ACLED admin1 (OCHA spelling) of the northeastern governorates.
TOWNS = {"Al-Hasakah": "Al-Hasakeh", "Qamishli": "Al-Hasakeh", "al-Malikiyah (Dayrik)": "Al-Hasakeh",
         "al-Shaddadi": "Al-Hasakeh", "Tal Tamr": "Al-Hasakeh", "al-Hawl": "Al-Hasakeh", "Amuda": "Al-Hasakeh",
         "al-Darbasiyah": "Al-Hasakeh", "Ras al-Ayn": "Al-Hasakeh", "Raqqa": "Ar-Raqqa", "Tabqa": "Ar-Raqqa",
         "Ayn Issa": "Ar-Raqqa", "Tal Abyad": "Ar-Raqqa", "Deir ez-Zor": "Deir-ez-Zor", "al-Mayadin": "Deir-ez-Zor",
         "Abu Kamal": "Deir-ez-Zor", "Kobani (Ayn al-Arab)": "Aleppo", "Manbij": "Aleppo", "Jarabulus": "Aleppo"}
ACTORS = ["Military Forces of Russia (2000-)", "Military Forces of the United States (2021-)",
          "SDF: Syrian Democratic Forces", "Military Forces of Syria (2000-)", "Military Forces of Turkey (2016-)",
          "Islamic State (Syria)", "Syrian National Army", "Unidentified Armed Group (Syria)", "Civilians (Syria)",
          "Protesters (Syria)", "Military Forces of Iran (1989-)", "Tribal Militia (Syria)"]
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
START, DAYS = pd.Timestamp("2016-01-01"), 3_650


def generate(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    places = pd.read_csv(ROOT / "geo" / "places.csv").set_index("name_en").loc[list(TOWNS)]
    town = rng.integers(0, len(places), n)
    types = list(ACLED_TYPES)
    t = rng.choice(len(types), n, p=[0.3, 0.05, 0.02, 0.35, 0.13, 0.15])
    sub = [ACLED_TYPES[types[i]][k % len(ACLED_TYPES[types[i]])] for i, k in zip(t, rng.integers(0, 8, n))]
    dates = START + pd.to_timedelta(rng.integers(0, DAYS, n), unit="D")
    a1, a2 = rng.integers(0, len(ACTORS), n), rng.integers(0, len(ACTORS), n)
    no_actor2 = rng.random(n) < 0.3
    lat = places["latitude"].to_numpy()[town] + rng.uniform(-0.25, 0.25, n)
    lon = places["longitude"].to_numpy()[town] + rng.uniform(-0.25, 0.25, n)
    ids = np.arange(1, n + 1)
    return pd.DataFrame({
        "event_id_cnty": [f"SYN{i}" for i in ids],
        "event_date": dates.strftime("%Y-%m-%d"),
        "year": dates.year,
        "time_precision": rng.choice([1, 2, 3], n, p=[0.8, 0.15, 0.05]),
        "disorder_type": [DISORDER[types[i]] for i in t],
        "event_type": [types[i] for i in t],
        "sub_event_type": sub,
        "actor1": np.array(ACTORS)[a1],
        "assoc_actor_1": "",
        "inter1": rng.integers(1, 9, n),
        "actor2": np.where(no_actor2, "", np.array(ACTORS)[a2]),
        "assoc_actor_2": "",
        "inter2": np.where(no_actor2, 0, rng.integers(1, 9, n)),
        "interaction": rng.integers(10, 89, n),
        "civilian_targeting": "",
        "iso": 760, "region": "Middle East", "country": "Syria",
        "admin1": places.index.map(TOWNS).to_numpy()[town],
        "admin2": "", "admin3": "",
        "location": places.index.to_numpy()[town],
        "latitude": lat.round(4), "longitude": lon.round(4),
        "geo_precision": rng.choice([1, 2, 3], n, p=[0.7, 0.25, 0.05]),
        "source": "Synthetic", "source_scale": "Other",
        "notes": [f"Synthetic event {i}: invented for the benchmark, not a report of anything." for i in ids],
        "fatalities": rng.poisson(0.6, n),
        "tags": "", "timestamp": 1_700_000_000,
    })[HEADER]


def write_csv(n: int, path: Path, seed: int = 7) -> Path:
    path = Path(path)
    generate(n, seed).to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("path")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    write_csv(args.rows, Path(args.path), args.seed)
    print(f"{args.rows} synthetic ACLED-format rows -> {args.path}")


if __name__ == "__main__":
    main()
