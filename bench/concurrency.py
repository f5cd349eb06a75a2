"""Many analysts at once: N browser sessions change filters against one server for a while.

    .venv/bin/python bench/concurrency.py [--sessions 20] [--seconds 120]

Starts its own server on 127.0.0.1 (requests elsewhere are blocked), opens N pages in one headless
Chromium, and has each loop over random pages and filter combinations from the URL.  Reports page
loads, errors (exception boxes, console/page errors), and the server's resident memory before, during
and after, so growth per session can be judged.  Exits non-zero if any error was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
PAGES = ["", "map", "events", "briefing", "about"]
CATS = ["military_incident", "strike", "deconfliction", "diplomatic", "unsc", "deployment_change"]
SIDES = ["us_coalition", "russia", "sdf", "turkey", "syrian_gov"]
NOISE = ("_stcore/health", "_stcore/host-config", "GPU stall", "ReadPixels", "status of 404")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def random_url(base: str, rng: random.Random) -> str:
    q = [f"cat={c}" for c in rng.sample(CATS, rng.randint(0, 2))] + [f"side={s}" for s in rng.sample(SIDES, rng.randint(0, 2))]
    y0 = rng.randint(2015, 2025)
    q.append(f"from={y0}-{rng.randint(1, 12):02d}-01")
    if rng.random() < 0.5:
        q.append(f"to={rng.randint(y0 + 1, 2026)}-{rng.randint(1, 12):02d}-01")
    return f"{base}/{rng.choice(PAGES)}?{'&'.join(q)}"


async def session(i: int, browser, base: str, until: float, stats: dict) -> None:
    rng = random.Random(i)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await ctx.new_page()

    async def route(r):
        host = urlsplit(r.request.url).hostname or ""
        await (r.continue_() if host in ("127.0.0.1", "localhost") or r.request.url.startswith(("data:", "blob:", "about:")) else r.abort())
    await page.route("**/*", route)
    page.on("pageerror", lambda e: stats["errors"].append(f"s{i} pageerror {e}"))
    page.on("console", lambda m: m.type == "error" and not any(n in m.text for n in NOISE) and stats["errors"].append(f"s{i} console {m.text[:120]}"))
    while time.time() < until:
        url = random_url(base, rng)
        try:
            await page.goto(url, timeout=60_000)
            await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
            await page.wait_for_timeout(300)
            if await page.locator("[data-testid='stException']").count():
                stats["errors"].append(f"s{i} exception on {url}")
            stats["loads"] += 1
        except Exception as err:  # a timeout under load is a result to report, not a crash of the script
            stats["errors"].append(f"s{i} {type(err).__name__} on {url}")
    await ctx.close()


async def main_async(n: int, seconds: int) -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                await asyncio.sleep(0.2)
        stats = {"loads": 0, "errors": []}
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            warm = await browser.new_page()
            await warm.goto(base)
            await warm.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
            start_rss, samples = rss_mb(server.pid), []
            until = time.time() + seconds

            async def sample():
                while time.time() < until:
                    samples.append(rss_mb(server.pid))
                    await asyncio.sleep(5)
            await asyncio.gather(sample(), *(session(i, browser, base, until, stats) for i in range(n)))
            await browser.close()
        end_rss = rss_mb(server.pid)
        print(f"sessions {n} · {seconds} s · page loads {stats['loads']} · errors {len(stats['errors'])}")
        print(f"server RSS MB: after warm-up {start_rss:.0f} · peak {max(samples or [end_rss]):.0f} · end {end_rss:.0f} "
              f"· growth {end_rss - start_rss:+.0f} ({(end_rss - start_rss) / n:+.1f} per session)")
        for e in stats["errors"][:20]:
            print("  ", e)
        return 1 if stats["errors"] else 0
    finally:
        server.terminate()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=120)
    a = ap.parse_args()
    sys.exit(asyncio.run(main_async(a.sessions, a.seconds)))


if __name__ == "__main__":
    main()
