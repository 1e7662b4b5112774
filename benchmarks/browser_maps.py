"""Maps in headless Chromium: first paint of each page, indicator and geography switches on the
atlas, and the bytes each costs, against a naive Dash app as the baseline (issue #14, part 1).

Run (from the repository root)::

    python benchmarks/browser_maps.py               # 3 rounds, atlas then naive
    python benchmarks/browser_maps.py --rounds 1 --only atlas

Two servers, one after the other, each on a free 127.0.0.1 port reading a snapshot copy of the
warehouse (``benchmarks/load_test.py``'s ``running_server``):

* ``atlas``: ``python app.py`` (waitress) with the callback-response cache off, so every round
  computes every view, as the naive app does (``--cache`` serves it as shipped, cache on);
* ``naive``: ``benchmarks/naive_app.py`` (waitress, same thread count): one callback that
  rebuilds a ``px.choropleth_map`` with the GeoJSON embedded on every change. It has the
  atlas's element ids (``atlas-indicator``, ``atlas-geography``, ``atlas-map``), so the same
  driver code measures both; it has the atlas page only.

The app is driven only through the browser (URLs and the element ids of ``dashboard/ids.py``);
nothing from ``dashboard/`` is imported. Every measurement is in a new browser context (no
browser cache), requests leaving 127.0.0.1 are blocked.

When is a map "on screen"? ``benchmarks/browser_timing.py`` waits for the figure's traces and
the plot's ``path`` elements; a ``choroplethmap`` draws its polygons with MapLibre into a WebGL
canvas, so this script waits for MapLibre too: an init script hooks every Plotly graph
and its MapLibre map (``data`` / ``render`` / ``idle`` events). A map is ready at the first
``idle`` of the map (everything loaded and drawn, nothing pending) after a MapLibre data event
since the action, with one fill layer per Plotly trace with locations, and Plotly's map data
(``_fullData``: locations and a hash of ``z``) different from
what was drawn before the action (for a first paint: a trace with locations); the time reported
is the first MapLibre frame drawn in that state (every source loaded, so the frame shows the new
colours), and the idle, when nothing is pending, is reported as "settled". Times are taken
in the page (``performance.now()``): a first paint from navigation start, a switch from the
``pointerdown`` on the dropdown option. After each measurement the colours actually rendered
are read back once (``queryRenderedFeatures``, the ``fc`` fill colour Plotly gives each
polygon) and must have changed: a check, not part of the time. Pages without a map
(prevention, investment) are ready when their table is filled (``browser_timing``'s
conditions).

Bytes: the Chrome DevTools Network domain's ``encodedDataLength`` (on the wire, headers
included, after gzip) and the decoded body sizes of every response from the action (navigation
or option click) until the network has been quiet for 0.5 s, split into Dash callback requests
(``/_dash-update-component``), geometry (``/geometry/*.geojson``) and the rest (page, scripts,
layout). In round 1 each callback request is replayed once outside the browser to split its
response body between its outputs (``id.property``; JSON sizes, approximate).

Prints the median over ``--rounds`` per row for each app and the ratio atlas/naive, with the
issue's targets; writes ``benchmarks/results/browser_maps.json`` and the printed table to
``benchmarks/results/browser_maps_output.txt``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import load_test  # noqa: E402
from load_test import HOST, running_server  # noqa: E402

from tests.browser_helpers import CHROMIUM, launch  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
RESULTS_FILE = RESULTS / "browser_maps.json"
OUTPUT_FILE = RESULTS / "browser_maps_output.txt"
UPDATE = "/_dash-update-component"
TIMEOUT_MS = 180_000
QUIET_S = 0.5
STALE_S = 3.0
MB = 1_000_000

# ids from dashboard/ids.py (written out: this script imports nothing from dashboard/)
ATLAS_INDICATOR = "atlas-indicator"
ATLAS_GEOGRAPHY = "atlas-geography"
ATLAS_MAP = "atlas-map"

SWITCH_INDICATOR = "imd2025_score"  # from the default stroke_admissions_rate

# Installed in every page before its scripts: hooks Plotly graphs and their MapLibre maps.
INIT_SCRIPT = r"""
(() => {
  const B = window.__bench = {recs: {}, selectAt: null};
  // the data on the map: traces with locations, and a hash of the last one's z (decoded by
  // Plotly in _fullData: a figure may send z as base64 {dtype, bdata})
  const sig = (gd) => {
    const all = gd._fullData && gd._fullData.length ? gd._fullData : (gd.data || []);
    const traces = all.filter(t => t.locations && t.locations.length && t.visible !== false);
    if (!traces.length) return null;
    const t = traces[traces.length - 1];
    let h = 0;
    let z = t.z || [];
    if (!Array.isArray(z) && !ArrayBuffer.isView(z)) {
      z = typeof z.bdata === 'string'
        ? Array.from(z.bdata, (c) => c.charCodeAt(0)) : [];
    }
    for (let i = 0; i < z.length; i++) {
      const v = z[i] === null || !Number.isFinite(Number(z[i])) ? -1 : Number(z[i]);
      h = (h * 31 + Math.round(v * 1000)) | 0;
    }
    return traces.length + ':' + t.locations.length + ':' + z.length + ':' + h;
  };
  B.sig = sig;
  const rec = (key) => B.recs[key] || (B.recs[key] = {
    before: null, armAt: 0, readyAt: null, paintAt: null, dataAt: null, firstDataAt: null,
    renders: 0, idles: 0, lastRender: 0, lastIdle: 0, map: null, gd: null});
  B.arm = (key, before) => {
    Object.assign(rec(key), {before: before, armAt: performance.now(), readyAt: null,
                              paintAt: null, firstDataAt: null});
  };
  const fillLayers = (m) => {
    const order = m.getLayersOrder ? m.getLayersOrder() : Object.keys(m.style._layers);
    return order.filter((id) => { const l = m.getLayer(id); return l && l.type === 'fill'; })
      .length;
  };
  document.addEventListener('pointerdown', (e) => {
    if (e.target && e.target.closest && e.target.closest('[role=option]')) {
      B.selectAt = performance.now();
    }
  }, true);
  const hook = () => {
    document.querySelectorAll('.js-plotly-plot').forEach((gd) => {
      const holder = gd.closest('[id]');
      if (!holder) return;
      const r = rec(holder.id);
      r.gd = gd;
      const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
      const m = sub && sub.map;
      if (m && !m.__benchHooked) {
        m.__benchHooked = true;
        r.map = m;
        m.on('data', () => {
          r.dataAt = performance.now();
          if (r.firstDataAt === null || r.firstDataAt < r.armAt) r.firstDataAt = r.dataAt;
        });
        // the map shows this action's data: a data event since arming, every source loaded,
        // the data differs from before the action, one fill layer per trace with locations
        const shows = () => {
          if (r.dataAt === null || r.dataAt < r.armAt || !m.loaded()) return false;
          const g = r.gd;
          const s = sig(g);
          if (s === null || s === r.before) return false;
          const traces = ((g._fullData && g._fullData.length) ? g._fullData : (g.data || []))
            .filter((t) => t.locations && t.locations.length && t.visible !== false).length;
          return fillLayers(m) >= traces;
        };
        m.on('render', () => {
          const now = performance.now();
          r.renders++; r.lastRender = now;
          if (r.paintAt === null && shows()) r.paintAt = now;  // this frame draws it
        });
        m.on('idle', () => {
          const now = performance.now();
          r.idles++; r.lastIdle = now;
          if (r.readyAt === null && shows()) {
            r.readyAt = now;
            if (r.paintAt === null) r.paintAt = now;
          }
        });
      }
    });
  };
  setInterval(hook, 5);
  new MutationObserver(hook).observe(document, {childList: true, subtree: true});
})();
"""

# Colours drawn by MapLibre: {layer: {fill colour: features}} over the fill layers with "fc".
RENDERED_JS = """(key) => {
  const r = window.__bench.recs[key];
  if (!r || !r.map) return null;
  const out = {};
  for (const f of r.map.queryRenderedFeatures()) {
    const fc = f.properties && f.properties.fc;
    if (fc === undefined || !f.layer || f.layer.type !== 'fill') continue;
    const layer = out[f.layer.id] || (out[f.layer.id] = {});
    layer[fc] = (layer[fc] || 0) + 1;
  }
  return out;
}"""


# ---------------------------------------------------------------- what is measured
@dataclass(frozen=True)
class Paint:
    """A page view: navigation to the map drawn (``map_key``) or the ``ready`` condition."""

    name: str
    path: str
    map_key: str | None = None
    ready: str | None = None
    naive: bool = False  # the naive app has this page too
    target_ms: float | None = None


@dataclass(frozen=True)
class Switch:
    """On the atlas page: ``setup`` choices (untimed), then one timed choice."""

    name: str
    setup: tuple[tuple[str, str], ...]
    dropdown: str
    value: str
    target_ms: float | None = None
    target_bytes: float | None = None
    target_ratio: float | None = None  # naive time / atlas time at least this


PAINTS = (
    Paint("first paint: atlas / (county)", "/", ATLAS_MAP, naive=True, target_ms=2000),
    Paint("first paint: gaps /gaps", "/gaps", "gaps-map", target_ms=2000),
    Paint("first paint: stroke /stroke", "/stroke", "stroke-map", target_ms=2000),
    Paint("first content: prevention", "/prevention",
          ready="document.querySelector('#prevention-table table') !== null", target_ms=2000),
    Paint("first content: investment", "/investment",
          ready="document.querySelector('#investment-results table') !== null", target_ms=2000),
)
SWITCHES = (
    Switch("indicator switch, county", (), ATLAS_INDICATOR, SWITCH_INDICATOR, target_ms=500),
    Switch("indicator switch, LSOA", ((ATLAS_GEOGRAPHY, "lsoa21"),), ATLAS_INDICATOR,
           SWITCH_INDICATOR, target_ms=3000, target_bytes=0.5 * MB, target_ratio=5),
    Switch("geography switch -> county", ((ATLAS_GEOGRAPHY, "icb23"),), ATLAS_GEOGRAPHY,
           "utla23"),
    Switch("geography switch -> LSOA", (), ATLAS_GEOGRAPHY, "lsoa21"),
)


@dataclass
class Measure:
    ms: float | None
    wire: int = 0
    body: int = 0
    parts: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> wire/body/count
    outputs: dict[str, int] = field(default_factory=dict)  # id.property -> JSON bytes
    paths: dict[str, int] = field(default_factory=dict)  # non-callback request path -> wire
    map_data_ms: float | None = None  # switch: option click to the first new data in MapLibre
    check: str = ""  # what the rendered-colour check found
    note: str = ""
    settled_ms: float | None = None  # map: to its first idle after the new colours (settled)


# ---------------------------------------------------------------- network accounting
class Traffic:
    """Responses seen by the CDP Network domain since ``reset``; callback request bodies."""

    def __init__(self, context, page) -> None:
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.body: dict[str, int] = {}
        self.wire: dict[str, int] = {}
        self.inflight: set[str] = set()
        self.changed = time.monotonic()
        self.posts: list[str] = []
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.dataReceived", self._data)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)

    def reset(self) -> None:
        self.urls, self.body, self.wire, self.posts = {}, {}, {}, []
        self.changed = time.monotonic()

    def _sent(self, e: dict) -> None:
        rid, req = e["requestId"], e["request"]
        self.urls[rid] = req["url"]
        self.inflight.add(rid)
        self.changed = time.monotonic()
        if UPDATE in req["url"] and req.get("postData"):
            self.posts.append(req["postData"])

    def _data(self, e: dict) -> None:
        self.body[e["requestId"]] = self.body.get(e["requestId"], 0) + e["dataLength"]
        self.changed = time.monotonic()

    def _finished(self, e: dict) -> None:
        self.wire[e["requestId"]] = int(e["encodedDataLength"])
        self.inflight.discard(e["requestId"])
        self.changed = time.monotonic()

    def _failed(self, e: dict) -> None:
        self.inflight.discard(e["requestId"])
        self.changed = time.monotonic()

    def settle(self, page, limit_s: float = 60.0) -> None:
        """Wait until the network has been quiet for ``QUIET_S`` with nothing in flight, or
        for ``STALE_S`` (a request the page never finishes, e.g. a blocked one, or a
        long-lived one, does not hold the measurement up)."""
        started = time.monotonic()
        while time.monotonic() - started < limit_s:
            page.wait_for_timeout(100)  # lets Playwright dispatch the CDP events
            quiet = time.monotonic() - self.changed
            if quiet >= STALE_S or (not self.inflight and quiet >= QUIET_S):
                return

    def totals(self) -> tuple[int, int, dict[str, dict[str, int]], dict[str, int]]:
        """(wire, body, {kind: wire/body/count}, {path of each non-callback request: wire})"""
        parts: dict[str, dict[str, int]] = {}
        paths: dict[str, int] = {}
        for rid, url in self.urls.items():
            if url.startswith(("data:", "blob:")):
                continue
            kind = ("callbacks" if UPDATE in url else "geometry" if "/geometry/" in url
                    else "other")
            p = parts.setdefault(kind, {"wire": 0, "body": 0, "count": 0})
            p["wire"] += self.wire.get(rid, 0)
            p["body"] += self.body.get(rid, 0)
            p["count"] += 1
            if kind != "callbacks":
                path = url.split("//", 1)[-1].split("/", 1)[-1].split("?")[0]
                paths["/" + path] = paths.get("/" + path, 0) + self.wire.get(rid, 0)
        return (sum(p["wire"] for p in parts.values()), sum(p["body"] for p in parts.values()),
                parts, paths)


def split_outputs(base: str, posts: list[str]) -> dict[str, int]:
    """Replay callback requests outside the browser: JSON bytes per output id.property."""
    sizes: dict[str, int] = {}
    with load_test._session() as s:
        for post in posts:
            r = s.post(base + UPDATE, data=post, headers=load_test.HEADERS, timeout=300)
            if r.status_code != 200:
                continue
            for oid, props in (r.json().get("response") or {}).items():
                for prop, value in props.items():
                    key = f"{oid}.{prop}"
                    sizes[key] = sizes.get(key, 0) + len(
                        json.dumps(value, separators=(",", ":")).encode())
    return sizes


# ---------------------------------------------------------------- driving the page
def _block_outside(page) -> None:
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith((f"http://{HOST}", "data:", "blob:"))
               else route.abort())


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    _block_outside(page)
    return context, page


def _wait_map(page, key: str) -> tuple[float, float]:
    """In-page times (ms) of the first frame of ``key``'s map drawing its new data (all
    sources loaded) and of its first idle after it (drawn, nothing pending)."""
    handle = page.wait_for_function(
        f"() => {{ const r = window.__bench.recs[{json.dumps(key)}]; "
        "return r && r.readyAt !== null ? [r.paintAt, r.readyAt] : null; }",
        timeout=TIMEOUT_MS, polling=50)
    paint, settled = handle.json_value()
    return float(paint), float(settled)


def _sig(page, key: str) -> str | None:
    return page.evaluate(f"() => {{ const r = window.__bench.recs[{json.dumps(key)}]; "
                         "return r && r.gd ? window.__bench.sig(r.gd) : null; }")


def _rendered(page, key: str) -> dict:
    return page.evaluate(RENDERED_JS, key) or {}


def _colours(rendered: dict) -> str:
    """'<features> polygons in <colours> colours' over the topmost fill layer with colours."""
    if not rendered:
        return "nothing rendered"
    layer = max(rendered.values(), key=lambda c: (len(c), sum(c.values())))
    return f"{sum(layer.values())} polygons, {len(layer)} colours"


def _choose(page, dropdown: str, value: str) -> None:
    """Open a Dash dropdown and click an option (typing its value if the list hides it)."""
    page.click(f"#{dropdown}")
    option = page.locator(f'[role=option]:has(input[value="{value}"])')
    try:
        option.first.wait_for(timeout=3_000)
    except Exception:  # noqa: BLE001  (a long list: search for it)
        page.keyboard.type(value.split("_")[0])
        option.first.wait_for(timeout=15_000)
    option.first.click()


def measure_paint(browser, base: str, view: Paint, split: bool) -> Measure:
    context, page = _new_page(browser)
    try:
        traffic = Traffic(context, page)
        page.goto(base + view.path)
        settled = None
        if view.map_key:
            ms, settled = _wait_map(page, view.map_key)
        else:
            handle = page.wait_for_function(
                f"() => ({view.ready}) ? performance.now() : null",
                timeout=TIMEOUT_MS, polling="raf")
            ms = float(handle.json_value())
        check = _colours(_rendered(page, view.map_key)) if view.map_key else "table filled"
        traffic.settle(page)
        wire, body, parts, paths = traffic.totals()
        outputs = split_outputs(base, traffic.posts) if split else {}
        return Measure(ms, wire, body, parts, outputs, paths, check=check, settled_ms=settled)
    finally:
        context.close()


def measure_switch(browser, base: str, switch: Switch, split: bool) -> Measure:
    context, page = _new_page(browser)
    try:
        traffic = Traffic(context, page)
        page.goto(base + "/")
        _wait_map(page, ATLAS_MAP)
        for dropdown, value in switch.setup:
            before = _sig(page, ATLAS_MAP)
            page.evaluate(f"() => window.__bench.arm({json.dumps(ATLAS_MAP)}, "
                          f"{json.dumps(before)})")
            _choose(page, dropdown, value)
            _wait_map(page, ATLAS_MAP)
        traffic.settle(page)
        before_sig = _sig(page, ATLAS_MAP)
        before_colours = _rendered(page, ATLAS_MAP)
        page.evaluate(f"() => {{ window.__bench.arm({json.dumps(ATLAS_MAP)}, "
                      f"{json.dumps(before_sig)}); window.__bench.selectAt = null; }}")
        traffic.reset()
        _choose(page, switch.dropdown, switch.value)
        paint, settled = _wait_map(page, ATLAS_MAP)
        selected = page.evaluate("() => window.__bench.selectAt")
        first_data = page.evaluate(f"() => window.__bench.recs[{json.dumps(ATLAS_MAP)}]"
                                   ".firstDataAt")
        after_colours = _rendered(page, ATLAS_MAP)
        check = _colours(after_colours)
        if after_colours == before_colours:
            check += "; COLOURS UNCHANGED"
        traffic.settle(page)
        wire, body, parts, paths = traffic.totals()
        outputs = split_outputs(base, traffic.posts) if split else {}
        ms = paint - float(selected) if selected is not None else None
        settled_ms = settled - float(selected) if selected is not None else None
        data_ms = (float(first_data) - float(selected)
                   if selected is not None and first_data is not None else None)
        return Measure(ms, wire, body, parts, outputs, paths, data_ms, check,
                       "" if selected is not None else "no option pointerdown seen",
                       settled_ms=settled_ms)
    finally:
        context.close()


# ---------------------------------------------------------------- servers
@contextlib.contextmanager
def naive_server(warehouse: Path, ready_timeout: float = 180):
    """benchmarks/naive_app.py on a free loopback port, as running_server starts app.py."""
    port = load_test._free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("FLASK_DEBUG", "WERKZEUG_RUN_MAIN", "WERKZEUG_SERVER_FD")}
    env.update({"PORT": str(port), "HOST": HOST, "ATLAS_WAREHOUSE": str(warehouse),
                "PYTHONUNBUFFERED": "1"})
    log = RESULTS / "browser_maps_naive.log"
    RESULTS.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "naive_app.py")],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = load_test.Server("naive", proc, port, log)
    try:
        load_test._wait_ready(server, ready_timeout)
        yield server
    finally:
        load_test._stop(proc)


def run_app(app: str, warehouse: Path, rounds: int, cache: bool) -> dict[str, list[Measure]]:
    from playwright.sync_api import sync_playwright

    rows: dict[str, list[Measure]] = {}
    server_cm = (naive_server(warehouse) if app == "naive"
                 else running_server("prod" if cache else "prod-nocache", warehouse, None))
    with server_cm as server, sync_playwright() as p:
        browser = launch(p)
        try:
            for r in range(rounds):
                for view in PAINTS:
                    if app == "naive" and not view.naive:
                        continue
                    rows.setdefault(view.name, []).append(
                        _safe(measure_paint, browser, server.base, view, r == 0))
                    _progress(app, r, view.name, rows[view.name][-1])
                for switch in SWITCHES:
                    rows.setdefault(switch.name, []).append(
                        _safe(measure_switch, browser, server.base, switch, r == 0))
                    _progress(app, r, switch.name, rows[switch.name][-1])
        finally:
            browser.close()
    return rows


def _safe(fn, *args) -> Measure:
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001  (a timeout is a result: reported, not fatal)
        return Measure(None, note=f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")


def _progress(app: str, r: int, name: str, m: Measure) -> None:
    ms = "failed" if m.ms is None else f"{m.ms:.0f} ms"
    data = "" if m.map_data_ms is None else f" (new data in MapLibre at {m.map_data_ms:.0f} ms)"
    if m.settled_ms is not None:
        data += f" (settled at {m.settled_ms:.0f} ms)"
    print(f"  [{app} round {r + 1}] {name}: {ms}{data}, {m.wire / MB:.2f} MB on the wire; {m.check}"
          f"{'; ' + m.note if m.note else ''}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- report
def _median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def summarise(measures: list[Measure]) -> dict:
    first = measures[0]
    return {
        "ms_median": _median([m.ms for m in measures]),
        "ms": [m.ms for m in measures],
        "wire_bytes": _median([m.wire for m in measures if m.ms is not None]),
        "body_bytes": _median([m.body for m in measures if m.ms is not None]),
        "map_data_ms_median": _median([m.map_data_ms for m in measures]),
        "settled_ms_median": _median([m.settled_ms for m in measures]),
        "settled_ms": [m.settled_ms for m in measures],
        "parts_round1": first.parts,
        "outputs_round1": dict(sorted(first.outputs.items(), key=lambda kv: -kv[1])),
        "other_requests_round1": dict(sorted(first.paths.items(), key=lambda kv: -kv[1])),
        "checks": [m.check for m in measures],
        "notes": [m.note for m in measures if m.note],
    }


def _fmt_ms(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f}"


def _fmt_mb(v: float | None) -> str:
    return "-" if v is None else f"{v / MB:.3f}"


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or not b else f"{a / b:.2f}"


def _target(item: Paint | Switch, atlas: dict | None, naive: dict | None) -> str:
    bits = []
    ms = atlas["ms_median"] if atlas else None
    if item.target_ms is not None:
        ok = "?" if ms is None else ("ok" if ms <= item.target_ms else "MISSED")
        bits.append(f"<= {item.target_ms / 1000:g} s {ok}")
    if isinstance(item, Switch) and item.target_ratio:
        nms = naive["ms_median"] if naive else None
        ok = "?" if not ms or nms is None else ("ok" if nms / ms >= item.target_ratio
                                                 else "MISSED")
        bits.append(f">= {item.target_ratio:g}x faster than naive {ok}")
    if isinstance(item, Switch) and item.target_bytes:
        wire = atlas["wire_bytes"] if atlas else None
        ok = "?" if wire is None else ("ok" if wire <= item.target_bytes else "MISSED")
        bits.append(f"<= {item.target_bytes / MB:g} MB {ok}")
    return "; ".join(bits)


def report(results: dict[str, dict[str, dict]], rounds: int, cache: bool) -> str:
    lines = []
    atlas, naive = results.get("atlas", {}), results.get("naive", {})
    lines.append(f"Headless Chromium, median of {rounds} round(s). Time: ms from navigation "
                 "(first paint) or option click (switch) to the first frame drawing the polygons "
                 "in their new colours (tables: filled). MB: on the wire (gzip, headers) from the action until the network is "
                 "quiet. Atlas: python app.py, response cache "
                 f"{'ON (as shipped)' if cache else 'OFF (every round computed)'}; naive: "
                 "benchmarks/naive_app.py. Ratio = atlas / naive.")
    head = (f"{'row':32s} {'atlas ms':>9s} {'naive ms':>9s} {'ratio':>6s} {'atlas MB':>9s} "
            f"{'naive MB':>9s} {'ratio':>6s}  target")
    lines += [head, "-" * (len(head) + 40)]
    for item in (*PAINTS, *SWITCHES):
        a, n = atlas.get(item.name), naive.get(item.name)
        a_ms, n_ms = (a or {}).get("ms_median"), (n or {}).get("ms_median")
        a_mb, n_mb = (a or {}).get("wire_bytes"), (n or {}).get("wire_bytes")
        lines.append(f"{item.name:32s} {_fmt_ms(a_ms):>9s} {_fmt_ms(n_ms):>9s} "
                     f"{_ratio(a_ms, n_ms):>6s} {_fmt_mb(a_mb):>9s} {_fmt_mb(n_mb):>9s} "
                     f"{_ratio(a_mb, n_mb):>6s}  {_target(item, a, n)}")
    lines.append("")
    lines.append("Bytes by kind, round 1 (MB on the wire / decoded body, requests):")
    for app, rows in results.items():
        for name, row in rows.items():
            parts = ", ".join(f"{k} {_fmt_mb(p['wire'])}/{_fmt_mb(p['body'])} ({p['count']})"
                              for k, p in sorted(row["parts_round1"].items()))
            others = row["other_requests_round1"]
            if 0 < len(others) <= 3:
                parts += " [" + ", ".join(f"{k} {_fmt_mb(v)}" for k, v in others.items()) + "]"
            lines.append(f"  {app:5s} {name:32s} {parts}")
    lines.append("")
    lines.append("Callback response bodies by output, round 1 (MB of JSON, largest first):")
    for app, rows in results.items():
        for name, row in rows.items():
            outs = row["outputs_round1"]
            if not outs:
                continue
            top = ", ".join(f"{k} {v / MB:.3f}" for k, v in list(outs.items())[:6])
            rest = sum(list(outs.values())[6:])
            lines.append(f"  {app:5s} {name:32s} {top}"
                         + (f", {len(outs) - 6} more {rest / MB:.3f}" if rest else ""))
    lines.append("")
    lines.append("Rendered colours after round 1 (MapLibre queryRenderedFeatures); medians of: "
                 "ms from the click to the first new data handed to MapLibre (server, transfer, "
                 "Plotly; switches), and to the map settled (MapLibre idle, nothing pending):")
    for app, rows in results.items():
        for name, row in rows.items():
            data, settled = row.get("map_data_ms_median"), row.get("settled_ms_median")
            lines.append(f"  {app:5s} {name:32s} {row['checks'][0]}"
                         + ("" if data is None else f"; new data at {data:,.0f} ms")
                         + ("" if settled is None else f"; settled at {settled:,.0f} ms")
                         + (f"; {'; '.join(row['notes'])}" if row["notes"] else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per app (1-10)")
    parser.add_argument("--only", choices=("atlas", "naive"), help="measure one app only")
    parser.add_argument("--cache", action="store_true",
                        help="serve the atlas with its response cache on, as shipped")
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 10:
        parser.error("--rounds must be from 1 to 10")
    if not Path(CHROMIUM).exists():
        parser.error(f"needs Debian chromium at {CHROMIUM}")
    if not args.warehouse.exists():
        parser.error(f"no warehouse at {args.warehouse}: run python -m etl build")
    apps = [args.only] if args.only else ["atlas", "naive"]
    # a SIGTERM unwinds like Ctrl-C, so the servers are stopped and the snapshot removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    RESULTS.mkdir(parents=True, exist_ok=True)  # running_server writes its log there
    load_before = os.getloadavg()
    started = time.time()
    snapshot = Path(tempfile.mkdtemp(prefix="atlas-browser-maps-"))
    try:
        warehouse = snapshot / "warehouse.duckdb"
        shutil.copy2(args.warehouse, warehouse)
        raw = {app: run_app(app, warehouse, args.rounds, args.cache) for app in apps}
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)
    load_after = os.getloadavg()
    results = {app: {name: summarise(ms) for name, ms in rows.items()}
               for app, rows in raw.items()}
    text = report(results, args.rounds, args.cache)
    text += (f"\n\nMachine: {platform.platform()}, {os.cpu_count()} CPUs; load average "
             f"(1/5/15 min) {' '.join(f'{x:.2f}' for x in load_before)} before, "
             f"{' '.join(f'{x:.2f}' for x in load_after)} after; "
             f"{(time.time() - started) / 60:.1f} min; "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    OUTPUT_FILE.write_text(text + "\n")
    RESULTS_FILE.write_text(json.dumps({
        "rounds": args.rounds, "atlas_response_cache": args.cache,
        "load_average_before": load_before, "load_average_after": load_after,
        "results": results}, indent=1))
    print(f"\nWrote {RESULTS_FILE.relative_to(ROOT)} and {OUTPUT_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
