"""Publish -> visible in another session's next data load, server-side, on SQLite and PostgreSQL.

Not a test: prints figures.  ``.venv/bin/python bench/bench_publish.py [--runs 5]``

For each backend: a store seeded from data/*.csv; session A (a reviewer) publishes an edited event;
session B, in another thread with a warm cache (as st.cache_resource keeps it), runs the app's data
load (syriawatch.published.dataset: one counter query, then the validated loader on the new counter)
and must see the edit.  Reported: the publish call, B's load, and their sum, median and max of N.
PostgreSQL is started by tests/pgserver.py (initdb + pg_ctl on 127.0.0.1, temporary folder).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("SYRIAWATCH_STATE_DIR", tempfile.mkdtemp(prefix="bench-publish-"))

from syriawatch import DATA_DIR, published, store  # noqa: E402
from syriawatch.store import Identity  # noqa: E402

ANA, RAMI = Identity("ana", "editor"), Identity("rami", "reviewer")


def run(url: str, runs: int) -> dict:
    os.environ["SYRIAWATCH_DB_URL"] = url
    t = time.perf_counter()
    s = store.open_store(url, seed_from=DATA_DIR)
    seed = time.perf_counter() - t
    cache: dict = {}

    def loader(folder, key, overlay):
        if (key, overlay) not in cache:
            cache[(key, overlay)] = published.load(Path(folder), key, overlay)
        return cache[(key, overlay)]

    published.dataset(DATA_DIR, None, loader)          # B's warm cache
    t = time.perf_counter()
    published.dataset(DATA_DIR, None, loader)
    warm = time.perf_counter() - t
    pubs, loads = [], []
    for i in range(runs):
        key = s.published_rows("events")[i]["event_id"]
        rec = s.record("events", key)
        title = f"Benchmark edit {i} {time.time()}"
        d = s.save_draft("events", {**rec.data, "title_en": title}, ANA, key=key, base_version=rec.version)
        t0 = time.perf_counter()
        s.publish(d.draft_id, RAMI, draft_version=d.version)
        t1 = time.perf_counter()
        seen = {}

        def session_b():
            ds = published.dataset(DATA_DIR, None, loader)
            seen["ok"] = title in set(ds.events["title_en"])
            seen["t"] = time.perf_counter()
        th = threading.Thread(target=session_b)
        th.start()
        th.join()
        if not seen.get("ok"):
            raise SystemExit("session B did not see the publication")
        pubs.append(t1 - t0)
        loads.append(seen["t"] - t1)
    total = [a + b for a, b in zip(pubs, loads)]
    return {"seed": seed, "warm": warm, "publish": pubs, "load": loads, "total": total, "events": len(s.published_rows("events"))}


def fmt(xs):
    return f"{statistics.median(xs):.3f} ({max(xs):.3f})"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    results = {"SQLite": run(f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite", args.runs)}
    from pgserver import PgServer
    pg = PgServer().start()
    try:
        results["PostgreSQL"] = run(pg.create_db("bench"), args.runs)
    finally:
        pg.stop()
    print(f"load average {os.getloadavg()[0]:.2f}; median (max) of {args.runs}, seconds, server-side")
    print("| backend | events | first start (migrate+seed) s | unchanged load s | publish s | other session's next load s | publish → visible s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['events']} | {r['seed']:.2f} | {r['warm']:.4f} | {fmt(r['publish'])} | {fmt(r['load'])} | {fmt(r['total'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
