"""Loopback load test: concurrent simulated sessions against the development and production
servers, one after the other, with latency percentiles per Dash callback.

Run (from the repository root)::

    python benchmarks/load_test.py              # 50 sessions x 60 s: dev, prod-nocache, prod
    python benchmarks/load_test.py --sessions 10 --seconds 20 --servers prod

What it does, per server (``dev``: Flask's development server without the debugger, threaded,
and without the callback-response cache, which is how the first release served;
``prod-nocache``: ``python app.py``, waitress with ``THREADS`` threads (default 8), with the
response cache off (``ATLAS_RESPONSE_CACHE_MB=0``), so every request is computed;
``prod``: ``python app.py`` as shipped, response cache on):

1. starts the server as a subprocess on a fresh free port of 127.0.0.1 (never any other
   address), reading a snapshot copy of the warehouse (so a rebuild by someone else cannot
   change the data, or trigger a build, mid-run), and waits for ``GET /healthz`` to answer 200;
2. replays every distinct recorded callback request once, sequentially, and fails loudly
   unless each answers 200 or 204 (and every investment request yields a computed case, not a
   warning): this is also the warm-up, and its latencies are the single-user ("solo") column;
3. runs ``--sessions`` simulated sessions for ``--seconds``: each session picks a page view
   (a page kind at random, then one of its recorded variants), sends that view's callback
   requests in the order the browser sent them, one at a time as one browser tab would, then
   thinks for a random 1-3 s (seeded RNG), until time is up;
4. stops the server (always: also on Ctrl-C or an exception).

Callback payloads are recorded once from a real browser: headless Debian Chromium (Playwright)
opens each page URL in ``VIEWS`` (and, for some, switches an indicator, colouring or
travel-time target), and every ``POST /_dash-update-component`` it sends is saved, in order,
with the callback's outputs, to ``benchmarks/results/load_test_scenarios.json``. The recording
is reused until the app's callback graph (``GET /_dash-dependencies``) or ``VIEWS`` change, or
``--record`` is given. Requests leaving 127.0.0.1 are blocked in the browser.

A request is an error when it times out (60 s) or fails to connect, or answers >= 500; 4xx
answers are counted separately. Latency percentiles (linear interpolation) are over requests
that answered < 400. Rows are (page, callback, level); "(switch)" marks requests the browser
sent after a control changed (e.g. the map's ``dash.Patch`` on an indicator switch) rather than
on page load. Level "county" = a view of counties and unitary authorities (or coarser areas),
target p95 <= 500 ms; "LSOA" = a view that computes over all 33,755 LSOAs (the atlas and gaps
pages at LSOA level, the stroke page's LSOA travel-time map), target p95 <= 2000 ms; and no
errors anywhere.

Because step 2 replays every recorded request once, the ``prod`` server's load phase is
answered mostly from its response cache: it measures a room of people looking at views someone
has already opened since the last build. ``prod-nocache`` measures views nobody has opened
yet (every request computed), and the "solo" column of ``prod-nocache`` is the first-view
latency of one user.

Results are printed as a table per server and each server's p95 as a ratio of the first
server's (the baseline of the same run) per callback, and written
to ``benchmarks/results/load_test.json`` (with server logs next to it). The load generator runs
on the same machine as the server and competes with it for the cores: its own CPU time is
printed beside the server's. The exit status is 0 when the production server as shipped
(``prod``) meets every target, whatever the baselines do (1 otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import requests

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SCENARIOS_FILE = RESULTS / "load_test_scenarios.json"
RESULTS_FILE = RESULTS / "load_test.json"
HOST = "127.0.0.1"  # loopback only: every URL below is built from this constant
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-proxy-server"]
UPDATE = "/_dash-update-component"
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
REQUEST_TIMEOUT_S = 60.0
THINK_S = (1.0, 3.0)
START_SPREAD_S = 3.0  # sessions start at a random moment in the first 3 s, not in lockstep
TARGET_MS = {"county": 500.0, "LSOA": 2000.0}
MAX_SESSIONS = 200
MAX_SECONDS = 600
MAX_REQUESTS = 200_000  # per server: a hard bound whatever the flags
DEV_CODE = ("import os, app; app.create_app().run(host=os.environ['HOST'], "
            "port=int(os.environ['PORT']), debug=False, threaded=True)")
# callback (first output) -> what the report calls it
LABELS = {
    "_pages_content.children": "page layout",
    "atlas-map.figure": "map",
    "atlas-area.options": "area options",
    "atlas-provenance.children": "provenance",
    "atlas-profile.children": "area profile",
    "atlas-inequality-text.children": "inequality",
    "atlas-funnel-note.children": "funnel",
    "atlas-geography.options": "controls",
    "atlas-area.value": "area value",
    "gaps-map.figure": "gaps compute",
    "stroke-map.figure": "travel-time map",
    "stroke-area.options": "area options",
    "stroke-headline.children": "pathway",
    "stroke-units-table.children": "serving units",
    "prevention-note.children": "prevention compute",
    "investment-status.children": "investment compute",
    "investment-mode-areas.hidden": "mode blocks",
    "investment-uplift.disabled": "uplift input",
    "investment-agreed-wrap.hidden": "agreed inputs",
}
# outputs whose callback answers a control change with a dash.Patch instead of a new figure:
# their requests after a change are a row of their own, "(switch)"
PATCH_OUTPUTS = {"atlas-map.figure", "stroke-map.figure"}
# outputs computed over all LSOAs whatever the page's geography
LSOA_OUTPUTS = {"stroke-map.figure"}
INVESTMENT_COMPUTE = "investment-status.children"


@dataclass(frozen=True)
class View:
    """One page view to record: a URL, then optional control changes.

    ``actions`` items: ("choose", dropdown id, value) or ("radio", radio id, value).
    """

    kind: str
    path: str
    level: str = "county"
    actions: tuple[tuple[str, str, str], ...] = ()


def _atlas(indicator: str, geography: str, period: str, colouring: str, area: str = "") -> str:
    query = f"/?indicator={indicator}&geography={geography}&period={period}&colouring={colouring}"
    return query + (f"&area={area}" if area else "")


def _invest(query: str) -> str:
    return "/investment?" + query + "&horizon=10&rate=3.5"


VIEWS: tuple[View, ...] = (
    # atlas, counties and unitary authorities: several indicators, periods, colourings, areas
    View("atlas county", _atlas("stroke_admissions_rate", "utla23", "2017-2019", "quantiles"),
         actions=(("choose", "atlas-indicator", "smoking_pct"),)),
    View("atlas county", _atlas("imd2025_score", "utla23", "2025", "natural_breaks",
                                "E06000008")),
    View("atlas county", _atlas("life_expectancy_years", "utla23", "2019", "england95",
                                "E10000017"),
         actions=(("radio", "atlas-colouring", "equal_interval"),)),
    View("atlas county", _atlas("diabetes_prevalence_pct", "utla23", "2022/23", "england998",
                                "E08000025")),
    View("atlas county", _atlas("avoidable_mortality_rate", "utla23", "2020", "equal_interval"),
         actions=(("choose", "atlas-indicator", "high_blood_pressure_pct"),)),
    View("atlas county", _atlas("under18_conception_rate", "utla23", "2021", "quantiles",
                                "E08000003")),
    # atlas, all 33,755 LSOAs
    View("atlas LSOA", _atlas("imd2025_score", "lsoa21", "2025", "quantiles"), "LSOA",
         actions=(("choose", "atlas-indicator", "ivt_minutes_mean"),)),
    View("atlas LSOA", _atlas("stroke_admissions_rate", "lsoa21", "2017-2019",
                              "natural_breaks"), "LSOA"),
    View("atlas LSOA", _atlas("ivt_minutes_mean", "lsoa21", "2022", "equal_interval",
                              "E01012571"), "LSOA"),
    View("atlas LSOA", _atlas("gp_distance_km_mean", "lsoa21", "2023/24", "natural_breaks"),
         "LSOA", actions=(("radio", "atlas-colouring", "quantiles"),)),
    View("atlas LSOA", _atlas("mt_within_30min_pct", "lsoa21", "2022", "england95"), "LSOA"),
    View("atlas LSOA", _atlas("population_65_plus_pct", "lsoa21", "2021", "quantiles",
                              "E01012572"), "LSOA"),
    # gaps: both pathways, England and filtered, one at LSOA level
    View("gaps", "/gaps"),
    View("gaps", "/gaps?theme=prevention&geography=utla23&within=icb23"),
    View("gaps", "/gaps?theme=stroke&geography=utla23&within=icb23&parent=E54000048"),
    View("gaps", "/gaps?theme=prevention&geography=utla23&within=region&parent=E12000002"),
    View("gaps", "/gaps?theme=stroke&geography=utla23&within=region&parent=E12000007&asof=2020"),
    View("gaps", "/gaps?theme=stroke&geography=lsoa21&within=icb23&parent=E54000048", "LSOA"),
    # stroke pathway
    View("stroke", "/stroke"),
    View("stroke", "/stroke?geography=utla23&area=E10000017"),
    View("stroke", "/stroke?geography=utla23&area=E08000025"),
    View("stroke", "/stroke?geography=icb23&area=E54000048"),
    View("stroke", "/stroke?geography=utla23&area=E08000003",
         actions=(("radio", "stroke-travel-target", "mt"),)),
    # preventive services
    View("prevention", "/prevention"),
    View("prevention", "/prevention?geography=utla23&area=E06000008&measure=smoking_pct"),
    View("prevention", "/prevention?geography=icb23&area=E54000048&measure=breast_screening_pct"),
    View("prevention", "/prevention?geography=utla23&area=E08000025&measure=child_vaccination_pct"),
    # investment case: every mode, several interventions and rules, all computed cases
    View("investment", "/investment"),
    View("investment", _invest("mode=areas&geo=utla23&areas=E06000008,E06000009"
                               "&iv=hypertension_treatment&rule=uplift_pp&uplift=10"
                               "&nhs=icb23&split=population")),
    View("investment", _invest("mode=priority&theme=stroke&pgeo=utla23&within=icb23"
                               "&iv=thrombolysis_rate&rule=best_quintile&nhs=sicbl23&split=need")),
    View("investment", _invest("mode=deprived&dgeo=utla23&darea=E08000025"
                               "&iv=smoking_cessation&rule=uplift_pp&uplift=10&nhs=icb23"
                               "&split=population")),
    View("investment", _invest("mode=areas&geo=utla23&areas=E08000025,E08000003"
                               "&iv=nhs_health_check&rule=england_average&nhs=icb23&split=need")),
    View("investment", _invest("mode=priority&theme=prevention&pgeo=utla23&within=region"
                               "&iv=nhs_health_check&rule=best_quintile&nhs=icb23"
                               "&split=population")),
)


# ---------------------------------------------------------------- small helpers
def _url(port: int, path: str) -> str:
    return f"http://{HOST}:{port}{path}"


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname == HOST


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _session() -> requests.Session:
    s = requests.Session()
    s.trust_env = False  # no proxy from the environment: loopback only
    return s


def _sha(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


def _views_sha() -> str:
    return _sha(json.dumps([[v.kind, v.path, v.level, v.actions] for v in VIEWS]))


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _outputs(body: dict) -> list[str]:
    """'id.property' of each output of a Dash request (pattern ids as their type)."""
    outs = body.get("outputs")
    outs = outs if isinstance(outs, list) else [outs]
    names = []
    for o in outs:
        oid = o["id"]
        if isinstance(oid, dict):
            oid = f"{{{oid.get('type', '?')}}}"
        names.append(f"{oid}.{o['property']}")
    return names


def _row_name(kind: str, body: dict) -> tuple[str, str]:
    """(row name, first output) for a request of a view of this kind."""
    first = _outputs(body)[0]
    label = LABELS.get(first, first)
    page = kind.split()[0]
    switch = " (switch)" if body.get("changedPropIds") and first in PATCH_OUTPUTS else ""
    return f"{page}: {label}{switch}", first


# ---------------------------------------------------------------- servers
@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return _url(self.port, "")


SERVERS = ("dev", "prod-nocache", "prod")


def _command(name: str) -> list[str]:
    if name.startswith("prod"):
        return [sys.executable, "app.py"]
    return [sys.executable, "-c", DEV_CODE]


def _cache_megabytes(name: str) -> str | None:
    """ATLAS_RESPONSE_CACHE_MB for a server: off for ``dev`` (the first release's serving) and
    ``prod-nocache`` (what the production server costs without it); the app's default for
    ``prod``."""
    return "0" if name in ("dev", "prod-nocache") else None


@contextlib.contextmanager
def running_server(name: str, warehouse: Path, threads: int | None, ready_timeout: float = 180):
    """Start a server subprocess on a free loopback port; always stop it on exit."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("FLASK_DEBUG", "WERKZEUG_RUN_MAIN", "WERKZEUG_SERVER_FD")}
    env.update({"PORT": str(port), "HOST": HOST, "ATLAS_WAREHOUSE": str(warehouse),
                "PYTHONUNBUFFERED": "1"})
    if threads:
        env["THREADS"] = str(threads)
    megabytes = _cache_megabytes(name)
    env.pop("ATLAS_RESPONSE_CACHE_MB", None)
    if megabytes is not None:
        env["ATLAS_RESPONSE_CACHE_MB"] = megabytes
    log = RESULTS / f"load_test_{name}.log"
    with log.open("w") as out:
        # own session: a Ctrl-C in the terminal reaches this script, which stops the server
        proc = subprocess.Popen(_command(name), cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(name, proc, port, log)
    try:
        _wait_ready(server, ready_timeout)
        yield server
    finally:
        _stop(proc)


def _wait_ready(server: Server, timeout: float) -> None:
    started = time.monotonic()
    with _session() as s:
        while time.monotonic() - started < timeout:
            if server.proc.poll() is not None:
                msg = (f"{server.name} server exited with {server.proc.returncode} before it was "
                       f"ready; last log lines:\n{_tail(server.log)}")
                raise RuntimeError(msg)
            try:
                if s.get(server.base + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.25)
    msg = f"{server.name} server not ready after {timeout:.0f} s:\n{_tail(server.log)}"
    raise RuntimeError(msg)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


def _tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def _dependencies_sha(base: str) -> str:
    with _session() as s:
        r = s.get(base + "/_dash-dependencies", timeout=30)
        r.raise_for_status()
        return _sha(r.content)


# ---------------------------------------------------------------- recording
class _Recorder:
    """Collects a page's callback requests and tells when none has been in flight for a while."""

    def __init__(self, page) -> None:
        self.requests: list = []
        self.pending = 0
        self.failed: list[str] = []
        self.changed = time.monotonic()
        page.on("request", self._request)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    @staticmethod
    def _ours(req) -> bool:
        return req.method == "POST" and urlsplit(req.url).path == UPDATE

    def _request(self, req) -> None:
        if self._ours(req):
            self.requests.append(req)
            self.pending += 1
            self.changed = time.monotonic()

    def _finished(self, req) -> None:
        if self._ours(req):
            self.pending -= 1
            self.changed = time.monotonic()

    def _failed(self, req) -> None:
        if self._ours(req):
            self.pending -= 1
            self.failed.append(f"{req.failure}")
            self.changed = time.monotonic()

    def wait_idle(self, page, quiet: float = 2.0, timeout: float = 240.0) -> None:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            page.wait_for_timeout(200)
            if self.pending == 0 and time.monotonic() - self.changed >= quiet and self.requests:
                return
        msg = f"callbacks still running after {timeout:.0f} s ({self.pending} in flight)"
        raise RuntimeError(msg)


def _act(page, action: tuple[str, str, str]) -> None:
    what, target, value = action
    if what == "choose":  # a Dash 4 dropdown: open it, click the option holding the value
        page.click(f"#{target}")
        option = page.locator(f'[role=option]:has(input[value="{value}"])')
        option.first.wait_for(timeout=30_000)
        option.first.click()
    elif what == "radio":
        page.check(f'#{target} input[value="{value}"]')
    else:
        msg = f"unknown action {what!r}"
        raise ValueError(msg)


def record(base: str) -> list[dict]:
    """Open every view in headless Chromium and return its callback requests, in order."""
    from playwright.sync_api import sync_playwright

    scenarios = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda route: route.continue_()
                          if _is_loopback(route.request.url) else route.abort())
            for number, view in enumerate(VIEWS, 1):
                started = time.perf_counter()
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                recorder = _Recorder(page)
                page.goto(base + view.path, wait_until="load", timeout=120_000)
                recorder.wait_idle(page)
                for action in view.actions:
                    before = len(recorder.requests)
                    _act(page, action)
                    recorder.wait_idle(page)
                    if len(recorder.requests) == before:
                        msg = f"{view.path}: {action} sent no callback request"
                        raise RuntimeError(msg)
                scenario = _scenario(view, recorder, errors)
                page.close()
                scenarios.append(scenario)
                print(f"  recorded {number:2d}/{len(VIEWS)} {view.kind:13s} "
                      f"{len(scenario['requests']):2d} requests "
                      f"{time.perf_counter() - started:5.1f} s  {view.path}", flush=True)
        finally:
            browser.close()
    return scenarios


def _scenario(view: View, recorder: _Recorder, errors: list[str]) -> dict:
    if recorder.failed or errors:
        msg = f"{view.path}: failed requests {recorder.failed} / page errors {errors}"
        raise RuntimeError(msg)
    out = []
    for req in recorder.requests:
        response = req.response()
        status = response.status if response else None
        body_text = req.post_data or ""
        body = json.loads(body_text)
        if status not in (200, 204):
            msg = f"{view.path}: the browser's request for {_outputs(body)} answered {status}"
            raise RuntimeError(msg)
        out.append({"body": body_text, "recorded_status": status})
    return {"kind": view.kind, "path": view.path, "level": view.level, "requests": out}


def annotate(scenarios: list[dict]) -> list[dict]:
    """Each recorded request with its report row, level and first output (named here, not
    when recorded, so renaming a row needs no new recording)."""
    out = []
    for sc in scenarios:
        reqs = []
        for req in sc["requests"]:
            row, first = _row_name(sc["kind"], json.loads(req["body"]))
            level = "LSOA" if first in LSOA_OUTPUTS else sc["level"]
            reqs.append({**req, "row": row, "level": level, "output": first})
        out.append({**sc, "requests": reqs})
    return out


def load_or_record(base: str, force: bool) -> dict:
    """The saved recording if it matches this app and VIEWS, else a fresh one (saved)."""
    deps = _dependencies_sha(base)
    reason = "--record given" if force else None
    if reason is None:
        try:
            saved = json.loads(SCENARIOS_FILE.read_text())
        except (OSError, ValueError):
            saved, reason = None, f"no recording at {SCENARIOS_FILE.relative_to(ROOT)}"
        if saved is not None:
            if saved.get("dependencies_sha") != deps:
                reason = "the app's callbacks changed since the recording"
            elif saved.get("views_sha") != _views_sha():
                reason = "VIEWS changed since the recording"
            else:
                return saved
    print(f"Recording callback payloads in headless Chromium ({reason})...", flush=True)
    started = time.perf_counter()
    saved = {"dependencies_sha": deps, "views_sha": _views_sha(),
             "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "scenarios": record(base)}
    SCENARIOS_FILE.write_text(json.dumps(saved, indent=1))
    print(f"  {sum(len(s['requests']) for s in saved['scenarios'])} requests in "
          f"{len(saved['scenarios'])} views, {time.perf_counter() - started:.0f} s; saved to "
          f"{SCENARIOS_FILE.relative_to(ROOT)}", flush=True)
    return saved


# ---------------------------------------------------------------- verification
def _check_body(request: dict, response: requests.Response) -> str | None:
    """Why a 200/204 answer is still wrong, or None."""
    if request["output"] != INVESTMENT_COMPUTE or response.status_code != 200:
        return None
    status = response.json()["response"].get("investment-status", {}).get("children")
    return None if not status else f"no computed case: {json.dumps(status)[:200]}"


def verify(base: str, scenarios: list[dict]) -> dict[tuple[str, str], list[float]]:
    """Send each distinct recorded request once, in order; raise unless all are accepted.

    Returns the single-user latencies (ms) per (row, level).
    """
    seen: set[str] = set()
    solo: dict[tuple[str, str], list[float]] = {}
    problems = []
    with _session() as s:
        for scenario in scenarios:
            for req in scenario["requests"]:
                if req["body"] in seen:
                    continue
                seen.add(req["body"])
                started = time.perf_counter()
                try:
                    r = s.post(base + UPDATE, data=req["body"].encode(), headers=HEADERS,
                               timeout=REQUEST_TIMEOUT_S)
                except requests.RequestException as err:
                    problems.append(f"{scenario['path']} {req['row']}: {type(err).__name__}")
                    continue
                ms = 1000 * (time.perf_counter() - started)
                solo.setdefault((req["row"], req["level"]), []).append(ms)
                if r.status_code not in (200, 204):
                    problems.append(f"{scenario['path']} {req['row']}: HTTP {r.status_code} "
                                    f"{r.text[:300]}")
                elif (why := _check_body(req, r)) is not None:
                    problems.append(f"{scenario['path']} {req['row']}: {why}")
    if problems:
        msg = ("recorded requests the app does not accept (re-record with --record if the app "
               "changed):\n  " + "\n  ".join(problems))
        raise RuntimeError(msg)
    return solo


# ---------------------------------------------------------------- the load
@dataclass
class Sample:
    key: tuple[str, str]
    start: float  # seconds since the run started
    ms: float
    status: int | None
    error: str | None
    size: int


@dataclass
class Run:
    samples: list[list[Sample]] = field(default_factory=list)
    page_views: list[int] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    budget: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(MAX_REQUESTS))


def _session_loop(index: int, base: str, by_kind: dict[str, list[dict]], seed: int,
                  t0: float, deadline: float, run: Run) -> None:
    rng = random.Random(seed * 1_000_003 + index)
    out = run.samples[index]
    kinds = sorted(by_kind)
    with _session() as s:
        if run.stop.wait(rng.uniform(0, START_SPREAD_S)):
            return
        while not run.stop.is_set() and time.monotonic() < deadline:
            scenario = rng.choice(by_kind[rng.choice(kinds)])
            for req in scenario["requests"]:
                if run.stop.is_set() or time.monotonic() >= deadline:
                    break
                if not run.budget.acquire(blocking=False):
                    run.stop.set()
                    break
                started = time.monotonic()
                status, error, size = None, None, 0
                try:
                    r = s.post(base + UPDATE, data=req["body"].encode(), headers=HEADERS,
                               timeout=REQUEST_TIMEOUT_S)
                    status, size = r.status_code, len(r.content)
                except requests.Timeout:
                    error = "timeout"
                except requests.RequestException as err:
                    error = type(err).__name__
                ms = 1000 * (time.monotonic() - started)
                if error is None and ms > 1000 * REQUEST_TIMEOUT_S:
                    error = "timeout"
                out.append(Sample((req["row"], req["level"]), started - t0, ms, status, error,
                                  size))
            run.page_views[index] += 1
            run.stop.wait(rng.uniform(*THINK_S))


def load(server: Server, scenarios: list[dict], sessions: int, seconds: float,
         seed: int) -> dict:
    """Run the sessions against a server; raw samples and CPU figures."""
    by_kind: dict[str, list[dict]] = {}
    for sc in scenarios:
        by_kind.setdefault(sc["kind"], []).append(sc)
    run = Run(samples=[[] for _ in range(sessions)], page_views=[0] * sessions)
    cpu_server0, cpu_client0 = _cpu_seconds(server.proc.pid), time.process_time()
    t0 = time.monotonic()
    deadline = t0 + seconds
    threads = [threading.Thread(target=_session_loop, daemon=True, name=f"session-{i}",
                                args=(i, server.base, by_kind, seed, t0, deadline, run))
               for i in range(sessions)]
    for t in threads:
        t.start()
    next_report = t0 + 10
    try:
        while any(t.is_alive() for t in threads):
            time.sleep(0.2)
            if server.proc.poll() is not None:
                run.stop.set()
                msg = f"{server.name} server died during the run:\n{_tail(server.log)}"
                raise RuntimeError(msg)
            if time.monotonic() >= next_report and time.monotonic() < deadline:
                done = sum(len(x) for x in run.samples)
                bad = sum(1 for x in run.samples for smp in list(x) if _is_error(smp))
                print(f"    {time.monotonic() - t0:4.0f} s: {done} requests, {bad} errors",
                      flush=True)
                next_report += 10
    finally:
        run.stop.set()
    elapsed = time.monotonic() - t0
    cpu_server1 = _cpu_seconds(server.proc.pid)
    return {
        "samples": [smp for x in run.samples for smp in x],
        "elapsed_s": elapsed,
        "page_views": sum(run.page_views),
        "server_cpu_s": None if cpu_server0 is None or cpu_server1 is None
        else cpu_server1 - cpu_server0,
        "client_cpu_s": time.process_time() - cpu_client0,
        "server_peak_rss_mb": _peak_rss_mb(server.proc.pid),
        "budget_exhausted": run.budget.acquire(blocking=False) is False,
    }


def _is_error(s: Sample) -> bool:
    return s.error is not None or (s.status is not None and s.status >= 500)


# ---------------------------------------------------------------- summary and report
def summarise(raw: dict, solo: dict, payloads: dict, order: list[tuple[str, str]]) -> dict:
    """Per (row, level): counts, rate, errors, percentiles, target verdict."""
    elapsed = raw["elapsed_s"]
    by_key: dict[tuple[str, str], list[Sample]] = {}
    for s in raw["samples"]:
        by_key.setdefault(s.key, []).append(s)
    rows = []
    for key in order:
        samples = by_key.get(key, [])
        ok = [s.ms for s in samples if not _is_error(s) and s.status is not None
              and s.status < 400]
        p50, p95, p99 = (np.percentile(ok, [50, 95, 99]).tolist() if ok else [None] * 3)
        errors = sum(1 for s in samples if _is_error(s))
        target = TARGET_MS[key[1]]
        passed = errors == 0 and p95 is not None and p95 <= target
        rows.append({
            "callback": key[0], "level": key[1], "payloads": payloads[key],
            "requests": len(samples), "req_per_s": len(samples) / elapsed if elapsed else 0.0,
            "errors": errors, "timeouts": sum(1 for s in samples if s.error == "timeout"),
            "status_4xx": sum(1 for s in samples if s.status is not None
                              and 400 <= s.status < 500),
            "p50_ms": p50, "p95_ms": p95, "p99_ms": p99,
            "mean_kb": (sum(s.size for s in samples) / len(samples) / 1024) if samples else None,
            "solo_ms": float(np.median(solo[key])) if key in solo else None,
            "target_p95_ms": target,
            "result": "no samples" if not samples else "PASS" if passed else "FAIL",
        })
    allok = [s.ms for s in raw["samples"] if not _is_error(s) and s.status is not None
             and s.status < 400]
    total = {
        "requests": len(raw["samples"]),
        "req_per_s": len(raw["samples"]) / elapsed if elapsed else 0.0,
        "errors": sum(1 for s in raw["samples"] if _is_error(s)),
        "status_4xx": sum(1 for s in raw["samples"] if s.status is not None
                          and 400 <= s.status < 500),
        "p50_ms": float(np.percentile(allok, 50)) if allok else None,
        "p95_ms": float(np.percentile(allok, 95)) if allok else None,
        "p99_ms": float(np.percentile(allok, 99)) if allok else None,
        "page_views": raw["page_views"], "elapsed_s": elapsed,
        "server_cpu_s": raw["server_cpu_s"], "client_cpu_s": raw["client_cpu_s"],
        "server_peak_rss_mb": raw["server_peak_rss_mb"],
        "budget_exhausted": raw["budget_exhausted"],
        "all_pass": all(r["result"] != "FAIL" for r in rows),
        "rows_without_samples": sum(1 for r in rows if r["result"] == "no samples"),
    }
    return {"rows": rows, "total": total}


def _f(value: float | None, spec: str = ".0f") -> str:
    return "-" if value is None else format(value, spec)


def print_table(name: str, summary: dict, seconds: float) -> None:
    head = (f"{'callback':38s} {'level':6s} {'pay':>4s} {'requests':>8s} {'req/s':>6s} "
            f"{'errors':>6s} {'4xx':>4s} {'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} "
            f"{'solo ms':>7s} {'avg kB':>7s} {'target':>7s}  result")
    print(f"\n== {name} server ==")
    print("pay = distinct payloads; p50/p95/p99 over answers < 400; solo = single-user median "
          "(verification pass); avg kB = mean response size; target = p95 limit, and 0 errors")
    print(head)
    print("-" * len(head))
    for r in summary["rows"]:
        print(f"{r['callback'][:38]:38s} {r['level']:6s} {r['payloads']:4d} {r['requests']:8d} "
              f"{r['req_per_s']:6.2f} {r['errors']:6d} {r['status_4xx']:4d} "
              f"{_f(r['p50_ms']):>7s} {_f(r['p95_ms']):>7s} {_f(r['p99_ms']):>7s} "
              f"{_f(r['solo_ms']):>7s} {_f(r['mean_kb']):>7s} "
              f"{'<=' + format(r['target_p95_ms'], '.0f'):>7s}  {r['result']}")
    t = summary["total"]
    print("-" * len(head))
    print(f"{'TOTAL':38s} {'':6s} {'':4s} {t['requests']:8d} {t['req_per_s']:6.2f} "
          f"{t['errors']:6d} {t['status_4xx']:4d} {_f(t['p50_ms']):>7s} {_f(t['p95_ms']):>7s} "
          f"{_f(t['p99_ms']):>7s}")
    cpu = t["server_cpu_s"]
    print(f"{t['page_views']} page views in {t['elapsed_s']:.1f} s (load for {seconds:g} s, then "
          f"the requests in flight finish); server CPU "
          f"{_f(cpu, '.1f')} s ({_f(cpu / t['elapsed_s'] if cpu else None, '.2f')} cores), "
          f"load generator CPU {t['client_cpu_s']:.1f} s, server peak RSS "
          f"{_f(t['server_peak_rss_mb'])} MB"
          + ("; STOPPED at the request bound" if t["budget_exhausted"] else ""))
    fails = sum(1 for r in summary["rows"] if r["result"] == "FAIL")
    print(f"targets: {'all PASS' if t['all_pass'] else f'{fails} FAIL'}"
          + (f" ({t['rows_without_samples']} rows had no samples: run longer)"
             if t["rows_without_samples"] else ""))


def print_comparison(results: dict) -> list[dict]:
    """p95 of every server against the first one run (the baseline), per callback."""
    names = list(results)
    if len(names) < 2:
        return []
    base_name = names[0]
    base = {(r["callback"], r["level"]): r for r in results[base_name]["rows"]}
    out = []
    for name in names[1:]:
        print(f"\n== {name} p95 / {base_name} p95 per callback (< 1: {name} faster) ==")
        for r in results[name]["rows"]:
            b = base.get((r["callback"], r["level"]))
            ratio = (r["p95_ms"] / b["p95_ms"] if b and b["p95_ms"] and r["p95_ms"] is not None
                     else None)
            out.append({"server": name, "baseline": base_name, "callback": r["callback"],
                        "level": r["level"], "baseline_p95_ms": b and b["p95_ms"],
                        "p95_ms": r["p95_ms"], "ratio": ratio})
            print(f"{r['callback'][:38]:38s} {r['level']:6s} {base_name} "
                  f"{_f(b and b['p95_ms']):>7s} ms  {name} {_f(r['p95_ms']):>7s} ms  "
                  f"ratio {_f(ratio, '.3f')}")
        t, tb = results[name]["total"], results[base_name]["total"]
        if t["p95_ms"] and tb["p95_ms"]:
            print(f"{'TOTAL':38s} {'':6s} {base_name} {tb['p95_ms']:7.0f} ms  {name} "
                  f"{t['p95_ms']:7.0f} ms  ratio {t['p95_ms'] / tb['p95_ms']:.3f}; throughput "
                  f"{name}/{base_name} {t['req_per_s'] / tb['req_per_s']:.2f}")
    return out


def machine_facts(threads: int) -> dict:
    def version(pkg: str) -> str:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "not installed"

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cores": os.cpu_count(), "platform": platform.platform(),
        "python": platform.python_version(),
        **{pkg: version(pkg) for pkg in ("dash", "duckdb", "waitress", "flask", "werkzeug",
                                         "plotly", "pandas", "mapclassify", "requests")},
        "prod_threads": threads, "git": commit + ("+changes" if dirty else ""),
    }


def _payload_counts(scenarios: list[dict]) -> tuple[dict, list[tuple[str, str]]]:
    bodies: dict[tuple[str, str], set[str]] = {}
    for sc in scenarios:
        for req in sc["requests"]:
            bodies.setdefault((req["row"], req["level"]), set()).add(req["body"])
    return {k: len(v) for k, v in bodies.items()}, list(bodies)


# ---------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50,
                        help=f"concurrent simulated sessions (1-{MAX_SESSIONS}, default 50)")
    parser.add_argument("--seconds", type=float, default=60,
                        help=f"load duration per server (1-{MAX_SECONDS}, default 60)")
    parser.add_argument("--servers", default=",".join(SERVERS),
                        help="comma-separated, run in this order, from: " + ", ".join(SERVERS)
                        + f" (default {','.join(SERVERS)})")
    parser.add_argument("--threads", type=int, default=None,
                        help="THREADS for the production server (default: the app's, 8)")
    parser.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb",
                        help="warehouse to snapshot and serve (default data/warehouse.duckdb)")
    parser.add_argument("--record", action="store_true",
                        help="record the callback payloads again even if a recording matches")
    args = parser.parse_args(argv)
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    if not servers or any(s not in SERVERS for s in servers):
        parser.error(f"--servers takes one or more of {', '.join(SERVERS)} (comma-separated)")
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be from 1 to {MAX_SESSIONS}")
    if not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be from 1 to {MAX_SECONDS}")
    if not args.warehouse.exists():
        parser.error(f"no warehouse at {args.warehouse} (build it with python -m etl build)")
    args.servers = servers
    return args


def _raise_keyboard_interrupt(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C (even where a parent shell set SIGINT to be ignored) and kill both stop the servers
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    RESULTS.mkdir(parents=True, exist_ok=True)
    threads = args.threads or int(os.environ.get("THREADS", "8"))
    facts = machine_facts(threads)
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in facts.items()))
    print(f"Load: {args.sessions} sessions x {args.seconds:g} s per server ({', '.join(args.servers)}"
          f"), think time uniform {THINK_S[0]:g}-{THINK_S[1]:g} s between page views, seed "
          f"{args.seed}, timeout {REQUEST_TIMEOUT_S:.0f} s, loopback {HOST} only")
    snapshot_dir = Path(tempfile.mkdtemp(prefix="atlas-load-"))
    results: dict[str, dict] = {}
    recording = None
    try:
        warehouse = snapshot_dir / "warehouse.duckdb"
        shutil.copy2(args.warehouse, warehouse)
        print(f"Warehouse: snapshot of {args.warehouse} ({warehouse.stat().st_size / 1e6:.1f} MB)")
        for name in args.servers:
            print(f"\nStarting the {name} server...", flush=True)
            with running_server(name, warehouse, args.threads) as server:
                print(f"  {name} ready on {server.base} (log {server.log.relative_to(ROOT)})",
                      flush=True)
                if recording is None:
                    recording = load_or_record(server.base, args.record)
                elif recording["dependencies_sha"] != _dependencies_sha(server.base):
                    msg = f"the {name} server's callbacks differ from the recording"
                    raise RuntimeError(msg)
                scenarios = annotate(recording["scenarios"])
                payloads, order = _payload_counts(scenarios)
                if not results:
                    _print_scenarios(scenarios, payloads, order)
                started = time.perf_counter()
                solo = verify(server.base, scenarios)
                print(f"  verified {sum(payloads.values())} distinct payloads: all accepted "
                      f"({time.perf_counter() - started:.1f} s, single user, also the warm-up)")
                load_avg = os.getloadavg()
                print(f"  load average before the run {load_avg[0]:.2f}; running...", flush=True)
                raw = load(server, scenarios, args.sessions, args.seconds, args.seed)
            summary = summarise(raw, solo, payloads, order)
            summary["total"]["load_average_before"] = load_avg[0]
            results[name] = summary
            print_table(name, summary, args.seconds)
    finally:
        shutil.rmtree(snapshot_dir, ignore_errors=True)
    comparison = print_comparison(results)
    RESULTS_FILE.write_text(json.dumps({
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "config": {"sessions": args.sessions, "seconds": args.seconds, "servers": args.servers,
                   "seed": args.seed, "think_s": THINK_S, "start_spread_s": START_SPREAD_S,
                   "timeout_s": REQUEST_TIMEOUT_S, "targets_p95_ms": TARGET_MS,
                   "recorded_at": recording and recording["recorded_at"]},
        "machine": facts, "results": results, "p95_against_first_server": comparison,
    }, indent=1))
    print(f"\nWrote {RESULTS_FILE.relative_to(ROOT)}")
    # dev and prod-nocache are baselines: the exit status is the shipped server's ("prod")
    judged = {"prod": results["prod"]} if "prod" in results else results
    return 0 if all(r["total"]["all_pass"] for r in judged.values()) else 1


def _print_scenarios(scenarios: list[dict], payloads: dict, order: list) -> None:
    kinds: dict[str, int] = {}
    for sc in scenarios:
        kinds[sc["kind"]] = kinds.get(sc["kind"], 0) + 1
    print(f"  page views: {len(scenarios)} recorded variants; a session picks a page kind "
          f"uniformly ({', '.join(f'{k} x{n}' for k, n in kinds.items())}), then a variant")
    print(f"  {sum(payloads.values())} distinct payloads over {len(order)} callbacks (column "
          "'pay' below)")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted: servers stopped.", file=sys.stderr)
        sys.exit(130)
