"""Screenshot every page of a running dashboard with headless Debian Chromium (internet blocked).

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8501] [--out screenshots] [--query "..."]

Requests to anything but 127.0.0.1/localhost are aborted, so the shots show what an offline
briefing room sees.  Output PNGs go to screenshots/ (ignored by git).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
PAGES = {"timeline": "", "map": "map", "events": "events", "briefing": "briefing", "about": "about"}


def local_only(route):
    host = urlsplit(route.request.url).hostname or ""
    if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
        return route.continue_()
    return route.abort()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8501")
    ap.add_argument("--out", default="screenshots")
    ap.add_argument("--query", default="")
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--pages", default=",".join(PAGES))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.route("**/*", local_only)
        for name in args.pages.split(","):
            url = f"{args.base}/{PAGES[name]}" + (f"?{args.query}" if args.query else "")
            page.goto(url)
            page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30_000)
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
            if name != "briefing":  # the presentation layout hides the sidebar
                page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stMultiSelect']", timeout=30_000)
            if name in ("map", "briefing"):
                page.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(".leaflet-container").wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            path = out / f"{name}{'_' + args.query.replace('&', '_').replace('=', '-')[:60] if args.query else ''}.png"
            page.screenshot(path=str(path), full_page=True)
            print(path)
        browser.close()


if __name__ == "__main__":
    main()
