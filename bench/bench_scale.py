"""Benchmark at scale: the dashboard's timeline and map pages against a naive build, 10k to 1M events.

    bash scripts/bench.sh                       (or: make bench; sets up .venv first if needed)
    .venv/bin/python bench/bench_scale.py [--sizes 10000,100000,1000000] [--reruns 3] [--keep]

For each size it generates a seeded ACLED-format CSV of synthetic events in northeast Syria
(bench/acled_synth.py), imports it with ``python -m syriawatch import acled`` into a fresh Parquet
store (timed apart: a one-off), then runs each implementation in a child process of its own, so that
their memory cannot mix:

* ours: the real pages (dashboard.py + pages/timeline.py or pages/map.py) with the context layer on
  (``ctx=1``), reading the store;
* naive: bench/naive_app.py, reading the CSV on every rerun, one folium Marker per event (capped at
  10,000) and a plotly SVG scatter of every event.

Both are run by streamlit.testing.v1.AppTest, which executes a page exactly as the server does, in
the same process.  Measured:

* cold load: from spawning the child (interpreter start and imports included) to the end of the first
  timeline render and the first map render;
* filter-change rerun: the server-side time of one run of the page for a new filter state (dates and
  governorates, as a URL carries them; every state distinct, so no answer comes from a cache of an
  earlier state), minus AppTest's own parsing of the output (a server does not parse its output);
* bytes sent: the serialised size of every ForwardMsg the run produced (protobuf, before the
  websocket's compression), i.e. what the browser receives for that rerun;
* peak RSS: ru_maxrss of the child, from os.wait4.

The two implementations must agree on the number of events for every state; the run stops if not.
Nothing is downloaded; the work folder (CSV up to 320 MB) is deleted unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# (from, to, governorates as ISO codes); ours reads them from the URL like a shared link, the naive app
# gets the same governorates as the ACLED admin1 names of the generated file.
MAP_STATES = [("2018-01-01", "2021-12-31", ["SY-HA", "SY-RA"]), ("2017-01-01", "2020-12-31", ["SY-HL"]),
              ("2019-07-01", "2025-06-30", ["SY-DY", "SY-HA"]), ("2016-03-01", "2023-03-31", ["SY-RA"]),
              ("2020-01-01", "2024-12-31", ["SY-HA", "SY-RA", "SY-DY"])]
TIMELINE_STATES = [("2019-01-01", "2022-12-31", ["SY-DY"]), ("2016-01-01", "2024-12-31", ["SY-HL", "SY-RA"]),
                   ("2018-06-01", "2023-05-31", ["SY-HA"]), ("2016-06-01", "2025-12-31", ["SY-HA", "SY-HL", "SY-RA"]),
                   ("2021-01-01", "2025-06-30", ["SY-RA", "SY-DY"])]
ACLED_ADMIN1 = {"SY-HA": "Al-Hasakeh", "SY-RA": "Ar-Raqqa", "SY-DY": "Deir-ez-Zor", "SY-HL": "Aleppo"}
TARGETS = {"rerun_s": 0.5, "speedup": 20, "payload_mb": 3.0, "cold_s": 5.0, "rss_mb": 1536}


# ------------------------------------------------------------------------------------ the child

def _apptest_probe():
    """AppTest with a hook that records the bytes of every run's messages and the time AppTest spends parsing them."""
    import streamlit.testing.v1.local_script_runner as lsr
    from streamlit.testing.v1 import AppTest

    seen = {}
    parse = lsr.parse_tree_from_messages

    def hook(msgs):
        seen["bytes"] = sum(m.ByteSize() for m in msgs)
        t = time.perf_counter()
        tree = parse(msgs)
        seen["parse_s"] = time.perf_counter() - t
        return tree

    lsr.parse_tree_from_messages = hook
    shared = {}

    def run(script: str, query: dict, page: str | None = None):
        at = AppTest.from_file(script, default_timeout=900)
        if "components" in shared:   # component discovery is AppTest set-up (~70 ms), not the app's work
            at._bidi_component_manager = shared["components"]
        for k, v in query.items():
            at.query_params[k] = v
        if page:
            at.switch_page(page)
        t = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - t - seen["parse_s"]
        shared["components"] = at._bidi_component_manager
        if at.exception:
            raise SystemExit(f"{script} {page or ''} {query}: {at.exception[0].value}")
        return at, elapsed, seen["bytes"]

    return run


def _count(at, pattern: str) -> int:
    for c in at.caption:
        m = re.search(pattern, c.value)
        if m:
            return int(m.group(1).replace(",", ""))  # the page formats numbers per locale (12,345)
    raise SystemExit(f"no count in the captions: {[c.value for c in at.caption]}")


def _time_store_queries() -> dict:
    """Accumulate the time ours spends in context-store queries (the part of a rerun that grows with the rows)."""
    sys.path.insert(0, str(ROOT))
    from syriawatch import contextstore

    spent = {"s": 0.0}

    def timed(fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent["s"] += time.perf_counter() - t
        return wrapper

    contextstore._months = timed(contextstore._months)
    contextstore._map_layer = timed(contextstore._map_layer)
    return spent


def child(impl: str, spawned: float, reruns: int, out: Path) -> None:
    run = _apptest_probe()
    spent = _time_store_queries() if impl == "ours" else {"s": 0.0}
    if impl == "ours":
        script, pattern = str(ROOT / "dashboard.py"), r"plus ([\d,]+) imported context events"

        def visit(view, state=None):
            q = {"ctx": "1"}
            if state:
                q.update({"from": state[0], "to": state[1], "gov": state[2]})
            return run(script, q, f"pages/{view}.py")
    else:
        script, pattern = str(ROOT / "bench" / "naive_app.py"), r"^([\d,]+) events"

        def visit(view, state=None):
            q = {"view": view}
            if state:
                q.update({"from": state[0], "to": state[1], "admin1": [ACLED_ADMIN1[g] for g in state[2]]})
            return run(script, q)

    res = {"impl": impl}
    _, res["first_timeline_s"], res["first_timeline_bytes"] = visit("timeline")
    _, res["first_map_s"], res["first_map_bytes"] = visit("map")
    res["cold_s"] = time.time() - spawned
    for view, states in (("map", MAP_STATES), ("timeline", TIMELINE_STATES)):
        times, sizes, counts, store = [], [], [], []
        for state in states[:reruns]:
            spent["s"] = 0.0
            at, t, b = visit(view, state)
            times.append(t)
            sizes.append(b)
            counts.append(_count(at, pattern))
            store.append(spent["s"])
        res[view] = {"times": times, "bytes": sizes, "counts": counts, "store_s": store}
    out.write_text(json.dumps(res))


# ----------------------------------------------------------------------------------- the parent

def spawn(args: list[str], env: dict | None = None) -> tuple[float, int, float]:
    """Run a child (its output goes to stderr); (wall seconds, exit status, peak RSS in MB from wait4)."""
    t = time.perf_counter()
    p = subprocess.Popen(args, env={**os.environ, **(env or {})}, cwd=ROOT, stdout=sys.stderr)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t, p.returncode, usage.ru_maxrss / 1024


def measure(impl: str, env: dict, reruns: int, work: Path) -> dict:
    out = work / f"{impl}.json"
    args = [PY, str(Path(__file__).resolve()), "--child", impl, "--spawned", repr(time.time()),
            "--reruns", str(reruns), "--out", str(out)]
    _, code, rss = spawn(args, env)
    if code:
        raise SystemExit(f"{impl}: the benchmark child failed (exit {code})")
    res = json.loads(out.read_text())
    res["rss_mb"] = rss
    return res


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("streamlit", "pandas", "pyarrow", "plotly", "folium"))
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {versions}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--reruns", type=int, default=3, help=f"filter changes per page (1–{len(MAP_STATES)})")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (CSV files and stores)")
    ap.add_argument("--child", choices=["ours", "naive"], help=argparse.SUPPRESS)
    ap.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.spawned, args.reruns, args.out)
    reruns = max(1, min(args.reruns, len(MAP_STATES)))
    work = Path(tempfile.mkdtemp(prefix="syriawatch-bench-"))
    load_start = os.getloadavg()
    rows, imports = [], []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            csv, store = work / f"acled_{n}.csv", work / f"store_{n}"
            print(f"[{n:,} events] generating the CSV…", file=sys.stderr, flush=True)
            # In a child, like everything heavy: a child's ru_maxrss starts from its parent's at the fork, so the
            # parent stays small for the children's peaks to be their own.
            if spawn([PY, str(ROOT / "bench" / "acled_synth.py"), str(n), str(csv)])[1]:
                raise SystemExit("generating the CSV failed")
            print(f"[{n:,} events] importing it…", file=sys.stderr, flush=True)
            wall, code, rss = spawn([PY, "-m", "syriawatch", "import", "acled", str(csv), "--store", str(store)])
            if code:
                raise SystemExit(f"the import of {csv} failed")
            imports.append((n, wall, rss, csv.stat().st_size / 1e6, (store / "acled.parquet").stat().st_size / 1e6))
            got = {}
            for impl, env in (("ours", {"SYRIAWATCH_CONTEXT_DIR": str(store)}), ("naive", {"NAIVE_CSV": str(csv)})):
                print(f"[{n:,} events] measuring {impl}…", file=sys.stderr, flush=True)
                got[impl] = measure(impl, env, reruns, work)
            for view in ("map", "timeline"):
                if got["ours"][view]["counts"] != got["naive"][view]["counts"]:
                    raise SystemExit(f"{view}: ours and naive disagree on the events per state: "
                                     f"{got['ours'][view]['counts']} vs {got['naive'][view]['counts']}")
            rows.append((n, got))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(rows, imports, reruns, load_start, os.getloadavg())


def _summary(r: dict) -> dict:
    med = {v: statistics.median(r[v]["times"]) for v in ("map", "timeline")}
    return {"cold": r["cold_s"], "map": med["map"], "map_max": max(r["map"]["times"]), "timeline": med["timeline"],
            "timeline_max": max(r["timeline"]["times"]),
            "map_mb": max(r["map"]["bytes"] + [r["first_map_bytes"]]) / 1e6,
            "timeline_mb": max(r["timeline"]["bytes"] + [r["first_timeline_bytes"]]) / 1e6, "rss": r["rss_mb"]}


def report(rows, imports, reruns, load_start, load_end) -> None:
    print(f"\nMachine: {machine()}")
    print(f"Load average (1, 5, 15 min) at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}, "
          f"at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    print(f"Reruns: median (and max) of {reruns} filter changes per page; payload: largest page run; "
          "times are server-side, without the browser's drawing.\n")
    head = (f"| {'events':>9} | {'build':<5} | {'cold load s':>11} | {'map rerun s':>14} | {'timeline rerun s':>16} | "
            f"{'map MB':>7} | {'timeline MB':>11} | {'peak RSS MB':>11} |")
    print(head)
    print("|---:|:---|---:|---:|---:|---:|---:|---:|")
    for n, got in rows:
        o, b = _summary(got["ours"]), _summary(got["naive"])
        for name, s in (("ours", o), ("naive", b)):
            print(f"| {n:>9,} | {name:<5} | {s['cold']:>11.2f} | {s['map']:>6.2f} ({s['map_max']:.2f}) | "
                  f"{s['timeline']:>7.2f} ({s['timeline_max']:.2f}) | {s['map_mb']:>7.2f} | {s['timeline_mb']:>11.2f} | "
                  f"{s['rss']:>11.0f} |")
        print(f"| {n:>9,} | ratio | {b['cold'] / o['cold']:>10.1f}× | {b['map'] / o['map']:>13.1f}× | "
              f"{b['timeline'] / o['timeline']:>15.1f}× | {b['map_mb'] / o['map_mb']:>6.1f}× | "
              f"{b['timeline_mb'] / o['timeline_mb']:>10.1f}× | {b['rss'] / o['rss']:>10.1f}× |")
    print("\n(ratio = naive / ours)\n\nOf ours' rerun, the context-store queries (the part that grows with the rows; median s):\n")
    print("| events | map page | timeline page |\n|---:|---:|---:|")
    for n, got in rows:
        o = got["ours"]
        print(f"| {n:,} | {statistics.median(o['map']['store_s']):.3f} | {statistics.median(o['timeline']['store_s']):.3f} |")
    print("\nImport into the Parquet store (python -m syriawatch import acled; one-off, not part of a page):\n")
    print("| events | CSV MB | store MB | import s | peak RSS MB |\n|---:|---:|---:|---:|---:|")
    for n, wall, rss, csv_mb, store_mb in imports:
        print(f"| {n:,} | {csv_mb:.0f} | {store_mb:.1f} | {wall:.1f} | {rss:.0f} |")
    n, got = rows[-1]
    o, b = _summary(got["ours"]), _summary(got["naive"])
    worst = max(o["map"], o["timeline"])
    speed = min(b["map"] / o["map"], b["timeline"] / o["timeline"])
    checks = [
        (f"rerun ≤ {TARGETS['rerun_s']} s server-side (median, slower page)", f"{worst:.2f} s", worst <= TARGETS["rerun_s"]),
        (f"rerun ≥ {TARGETS['speedup']}× faster than the naive build (smaller of the two pages)", f"{speed:.1f}×",
         speed >= TARGETS["speedup"]),
        (f"payload ≤ {TARGETS['payload_mb']} MB per page run", f"{max(o['map_mb'], o['timeline_mb']):.2f} MB",
         max(o["map_mb"], o["timeline_mb"]) <= TARGETS["payload_mb"]),
        (f"cold load ≤ {TARGETS['cold_s']} s", f"{o['cold']:.2f} s", o["cold"] <= TARGETS["cold_s"]),
        (f"peak RSS ≤ {TARGETS['rss_mb'] / 1024:.1f} GB", f"{o['rss']:.0f} MB", o["rss"] <= TARGETS["rss_mb"]),
    ]
    print(f"\nTargets at {n:,} events:")
    for label, value, ok in checks:
        print(f"  {'met    ' if ok else 'NOT MET'}  {label}: {value}")


if __name__ == "__main__":
    main()
