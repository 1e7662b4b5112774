"""Take the README screenshot: the atlas in headless Chromium (Debian's /usr/bin/chromium).

    python docs/make_screenshot.py [--warehouse data/warehouse.duckdb] [--out docs/atlas.png]
    python docs/make_screenshot.py --path /stroke --out docs/stroke.png [--full-page]

``--path`` takes another page (its map graph is ``#<page>-map``); ``--view`` sets the query.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIG = "document.querySelector('#{graph} .js-plotly-plot')"
VIEW = "/?indicator=ivt_minutes_mean&geography=lsoa21&period=2022&colouring=quantiles"


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", default=str(ROOT / "data" / "warehouse.duckdb"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "atlas.png"))
    parser.add_argument("--view", default=None, help="path and query string of the view")
    parser.add_argument("--path", default="/", help="page path, e.g. /stroke (atlas: /)")
    parser.add_argument("--full-page", action="store_true", help="capture the whole page")
    args = parser.parse_args()
    view = args.view or (VIEW if args.path == "/" else args.path)
    page_name = args.path.strip("/") or "atlas"
    fig = FIG.format(graph=f"{page_name}-map")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "ATLAS_WAREHOUSE": args.warehouse}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"http://127.0.0.1:{port}{view}")
            page.wait_for_function(f"() => {fig} && {fig}.data && {fig}.data.length >= 2",
                                   timeout=60_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(12_000)  # 33,755 polygons take a while to paint in software GL
            page.screenshot(path=args.out, full_page=args.full_page)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshot written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
