"""Many analysts at once: N browser sessions change filters against one server for a while.

    .venv/bin/python bench/concurrency.py [--sessions 20] [--seconds 120]

Starts its own server on 127.0.0.1 (requests elsewhere are blocked), opens N pages in one headless
Chromium, each on a random shared link (pages and filters from the URL); then every session acts like
an analyst: every ~2 s (``--think``) it switches page or adds/removes a category or side in the sidebar,
and waits for the rerun to finish.  Reports page loads, actions, how long actions took to show,
errors (exception boxes, console/page errors, timeouts), and the server's resident memory over time,
so growth per session and the plateau can be judged.  Exits non-zero if any error was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
PAGES = ["", "map", "events", "briefing", "about"]
NAV = ["Timeline", "Map", "Events", "About the data"]  # the briefing page hides the sidebar: reached by link only
CATS = ["military_incident", "strike", "deconfliction", "diplomatic", "unsc", "deployment_change"]
SIDES = ["us_coalition", "russia", "sdf", "turkey", "syrian_gov"]
NOISE = ("_stcore/health", "_stcore/host-config", "GPU stall", "ReadPixels", "status of 404")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def random_url(base: str, rng: random.Random, interactive: bool = False) -> str:
    """A shared link with random filters; ``interactive`` leaves out the briefing page (it hides the sidebar)."""
    q = [f"cat={c}" for c in rng.sample(CATS, rng.randint(0, 2))] + [f"side={s}" for s in rng.sample(SIDES, rng.randint(0, 2))]
    y0 = rng.randint(2015, 2025)
    q.append(f"from={y0}-{rng.randint(1, 12):02d}-01")
    if rng.random() < 0.5:
        q.append(f"to={rng.randint(y0 + 1, 2026)}-{rng.randint(1, 12):02d}-01")
    pages = [p for p in PAGES if p != "briefing"] if interactive else PAGES
    return f"{base}/{rng.choice(pages)}?{'&'.join(q)}"


async def _settled(page, timeout: int) -> None:
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    await page.wait_for_timeout(200)
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


async def _change_filters(page, rng: random.Random, action: str) -> str:
    """One analyst action inside the session: switch page, or add a category or side in the sidebar, or reset."""
    if action == "page":
        name = rng.choice(NAV)
        await page.locator("[data-testid='stSidebarNav'] a", has_text=name).first.click()
        return f"page {name}"
    if action == "clear":
        await page.locator("[data-testid='stSidebar'] button", has_text="Reset filters").click()
        return "reset"
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(2 if action == "cat" else 0)
    await box.locator("input").click()
    try:  # no list opens when every option is already chosen
        await page.locator("[role='listbox']").first.wait_for(timeout=5_000)
        options = page.locator("[role='option']").filter(has_not_text="Select all")
        k = await options.count()
    except Exception:
        k = 0
    if k == 0:  # everything already chosen: start again
        await page.keyboard.press("Escape")
        await page.locator("[data-testid='stSidebar'] button", has_text="Reset filters").click()
        return "reset (all chosen)"
    pick = rng.randrange(k)
    label = await options.nth(pick).inner_text()
    await options.nth(pick).click()
    await page.keyboard.press("Escape")
    return f"{action} {label}"


async def session(i: int, browser, base: str, until: float, stats: dict, think: float) -> None:
    """One analyst: opens a link, then changes filters and pages in the same session until time is up."""
    rng = random.Random(i)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await ctx.new_page()
    page.set_default_timeout(90_000)  # 20 browsers and the server share 2 cores: clicks can wait

    async def route(r):
        host = urlsplit(r.request.url).hostname or ""
        await (r.continue_() if host in ("127.0.0.1", "localhost") or r.request.url.startswith(("data:", "blob:", "about:")) else r.abort())
    await page.route("**/*", route)
    page.on("pageerror", lambda e: stats["errors"].append(f"s{i} pageerror {e}"))
    page.on("console", lambda m: m.type == "error" and not any(n in m.text for n in NOISE) and stats["errors"].append(f"s{i} console {m.text[:120]}"))
    url = random_url(base, rng, interactive=True)
    try:
        await page.goto(url, timeout=120_000)
        await _settled(page, 120_000)
        stats["loads"] += 1
    except Exception as err:
        stats["errors"].append(f"s{i} {type(err).__name__} opening {url}")
        await ctx.close()
        return
    while time.time() < until:
        await asyncio.sleep(think * (0.5 + rng.random()))
        what = "choosing an action"
        try:
            t0 = time.perf_counter()
            what = rng.choice(["page", "cat", "side", "clear"])
            what = await _change_filters(page, rng, what)
            await _settled(page, 60_000)
            stats["rerun_s"].append(time.perf_counter() - t0)
            if await page.locator("[data-testid='stException']").count():
                stats["errors"].append(f"s{i} exception after {what}")
            stats["actions"] += 1
        except Exception as err:  # a timeout under load is a result to report, not a crash of the script
            stats["errors"].append(f"s{i} {type(err).__name__} during {what}: {str(err).splitlines()[0][:160]}")
    await ctx.close()


async def main_async(n: int, seconds: int, think: float) -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tempfile.NamedTemporaryFile("w+", prefix="syriawatch-concurrency-", suffix=".log", delete=False)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                await asyncio.sleep(0.2)
        stats = {"loads": 0, "actions": 0, "rerun_s": [], "errors": []}
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            warm = await browser.new_page()
            await warm.goto(base)
            await warm.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
            start_rss, samples, start_cpu = rss_mb(server.pid), [], cpu_s(server.pid)
            until = time.time() + seconds

            t_start = time.time()

            async def sample():
                while time.time() < until:
                    samples.append((time.time() - t_start, rss_mb(server.pid)))
                    await asyncio.sleep(5)
            await asyncio.gather(sample(), *(session(i, browser, base, until, stats, think) for i in range(n)))
            await browser.close()
        end_rss, server_cpu = rss_mb(server.pid), cpu_s(server.pid) - start_cpu
        waits = sorted(stats["rerun_s"]) or [float("nan")]
        print(f"sessions {n} · {seconds} s · think time ~{think:g} s · page loads {stats['loads']} · "
              f"filter/page changes {stats['actions']} · errors {len(stats['errors'])}")
        print(f"time from action to finished rerun (browser side, s): median {waits[len(waits) // 2]:.1f} · "
              f"p90 {waits[int(len(waits) * 0.9)]:.1f} · max {waits[-1]:.1f}")
        print(f"server CPU: {server_cpu:.0f} s in {seconds} s of wall time ({server_cpu / seconds:.0%} of one core; "
              f"{server_cpu / max(stats['actions'] + stats['loads'], 1):.2f} s per run); the rest of the 2 cores went to "
              f"the {n} browsers")
        rss = [r for _t, r in samples] or [end_rss]
        print(f"server RSS MB: after warm-up {start_rss:.0f} · peak {max(rss):.0f} · end {end_rss:.0f} "
              f"· growth {end_rss - start_rss:+.0f} ({(end_rss - start_rss) / n:+.1f} per session)")
        print("RSS over time (s: MB): " + ", ".join(f"{t:.0f}: {r:.0f}" for t, r in samples[::3]))
        for e in stats["errors"][:20]:
            print("  ", e)
        log.flush()
        tracebacks = Path(log.name).read_text(errors="replace").count("Traceback")
        print(f"server log: {log.name} ({tracebacks} traceback(s))")
        return 1 if stats["errors"] or tracebacks else 0
    finally:
        server.terminate()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=120)
    ap.add_argument("--think", type=float, default=2.0, help="mean pause between one analyst's actions (s)")
    a = ap.parse_args()
    sys.exit(asyncio.run(main_async(a.sessions, a.seconds, a.think)))


if __name__ == "__main__":
    main()
