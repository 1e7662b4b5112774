"""What a person waits for, in headless Chromium: page views from navigation to a drawn map.

Run (from the repository root)::

    python benchmarks/browser_timing.py            # 3 rounds
    python benchmarks/browser_timing.py --rounds 5

For each of two production servers started one after the other on a free 127.0.0.1 port, on a
snapshot of the warehouse (``benchmarks/load_test.py``'s ``running_server``):

* ``nocache``: ``python app.py`` with the callback-response cache off (every view computed);
* ``cache``: ``python app.py`` as shipped;

headless Debian Chromium (Playwright) opens each view in ``VIEWS`` in a new browser context (no
browser cache carried over), ``--rounds`` times, and records the milliseconds from
``page.goto`` to the moment the view is ready (its ``ready`` JavaScript condition: the map's
polygons drawn with colours, the table or chart filled). Round 1 on a fresh server is a
first view (nothing computed yet); later rounds are repeat views, as in a room where others
have opened the same view since the last build. An indicator switch on the LSOA map is timed
the same way (selection to new colours on screen).

Prints, per view: the first-view time and the median of the repeat views for each server, and
the ratio cache/nocache of the same run. Requests leaving 127.0.0.1 are blocked.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from load_test import HOST, running_server  # noqa: E402

from tests.browser_helpers import CHROMIUM, choose, launch  # noqa: E402

RESULTS_FILE = ROOT / "benchmarks" / "results" / "browser_timing.json"
ATLAS_FIG = "document.querySelector('#atlas-map .js-plotly-plot')"
ATLAS_Z = f"(({ATLAS_FIG} && {ATLAS_FIG}.data && {ATLAS_FIG}.data[1]) ? JSON.stringify({ATLAS_FIG}.data[1].z) : null)"


def _drawn(selector: str, n_locations: int | None = None) -> str:
    fig = f"document.querySelector('{selector} .js-plotly-plot')"
    located = (f" && {fig}.data.some(t => t.locations && t.locations.length == {n_locations})"
               if n_locations else "")
    return (f"() => {fig} && {fig}.data && {fig}.data.length > 0{located}"
            f" && {fig}.querySelectorAll('path').length > 0")


@dataclass(frozen=True)
class View:
    name: str
    level: str
    path: str
    ready: str  # JavaScript predicate


VIEWS = (
    View("atlas county", "county",
         "/?indicator=stroke_admissions_rate&geography=utla23&period=2017-2019",
         _drawn("#atlas-map", 153)),
    View("atlas LSOA", "LSOA",
         "/?indicator=imd2025_score&geography=lsoa21&period=2025",
         _drawn("#atlas-map", 33755)),
    View("gaps county", "county", "/gaps?theme=stroke&geography=utla23",
         "() => document.querySelector('#gaps-priority table') !== null"),
    View("stroke pathway", "county", "/stroke?geography=utla23&area=E10000017",
         "() => document.querySelector('#stroke-pathway-table table') !== null"),
    View("prevention", "county", "/prevention?geography=utla23",
         "() => document.querySelector('#prevention-table table') !== null"),
    View("investment", "county", "/investment",
         "() => document.querySelector('#investment-results table') !== null"),
)
TIMEOUT_MS = 120_000


def _block_outside(page) -> None:
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith((f"http://{HOST}", "data:", "blob:"))
               else route.abort())


def time_view(browser, base: str, view: View) -> float:
    """Milliseconds from navigation to the view's ready condition, in a new context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        _block_outside(page)
        started = time.perf_counter()
        page.goto(base + view.path)
        page.wait_for_function(view.ready, timeout=TIMEOUT_MS, polling=50)
        return (time.perf_counter() - started) * 1000
    finally:
        context.close()


def time_switch(browser, base: str) -> float:
    """Milliseconds from choosing another indicator on the LSOA map to its new colours."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        _block_outside(page)
        page.goto(base + VIEWS[1].path)
        page.wait_for_function(VIEWS[1].ready, timeout=TIMEOUT_MS, polling=50)
        before = page.evaluate(f"() => {ATLAS_Z}")
        started = time.perf_counter()
        choose(page, "atlas-indicator", "stroke_admissions_rate")
        page.wait_for_function(f"() => {ATLAS_Z} !== null && {ATLAS_Z} !== {json.dumps(before)}",
                               timeout=TIMEOUT_MS, polling=50)
        return (time.perf_counter() - started) * 1000
    finally:
        context.close()


#: this benchmark's server names -> load_test's (which sets ATLAS_RESPONSE_CACHE_MB for each)
SERVERS = {"nocache": "prod-nocache", "cache": "prod"}


def run_server(name: str, warehouse: Path, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {v.name: [] for v in VIEWS}
    times["LSOA indicator switch"] = []
    with running_server(SERVERS[name], warehouse, None) as server, sync_playwright() as p:
        browser = launch(p)
        for _ in range(rounds):
            for view in VIEWS:
                times[view.name].append(time_view(browser, server.base, view))
            times["LSOA indicator switch"].append(time_switch(browser, server.base))
        browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="views per server (2-10)")
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb")
    args = parser.parse_args(argv)
    if not 2 <= args.rounds <= 10:
        parser.error("--rounds must be from 2 to 10")
    if not Path(CHROMIUM).exists():
        parser.error(f"needs Debian chromium at {CHROMIUM}")
    snapshot = Path(tempfile.mkdtemp(prefix="atlas-browser-"))
    try:
        warehouse = snapshot / "warehouse.duckdb"
        shutil.copy2(args.warehouse, warehouse)
        results = {name: run_server(name, warehouse, args.rounds) for name in SERVERS}
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)
    print(f"\nHeadless Chromium, ms from navigation to a drawn view ({args.rounds} rounds; "
          "first = round 1 on a fresh server, repeat = median of the others)")
    head = (f"{'view':24s} {'nocache first':>13s} {'nocache rpt':>11s} {'cache first':>11s} "
            f"{'cache rpt':>9s} {'rpt ratio':>9s}")
    print(head)
    print("-" * len(head))
    rows = []
    for name in results["nocache"]:
        nc, c = results["nocache"][name], results["cache"][name]
        nc_rep, c_rep = statistics.median(nc[1:]), statistics.median(c[1:])
        rows.append({"view": name, "nocache_first_ms": nc[0], "nocache_repeat_ms": nc_rep,
                     "cache_first_ms": c[0], "cache_repeat_ms": c_rep,
                     "repeat_ratio": c_rep / nc_rep, "nocache_ms": nc, "cache_ms": c})
        print(f"{name:24s} {nc[0]:13.0f} {nc_rep:11.0f} {c[0]:11.0f} {c_rep:9.0f} "
              f"{c_rep / nc_rep:9.2f}")
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps({"rounds": args.rounds, "rows": rows}, indent=1))
    print(f"\nWrote {RESULTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
