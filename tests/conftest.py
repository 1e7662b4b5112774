"""Shared fixtures and test tiers.

Tiers (markers are applied here, from the fixtures a test uses, so none can be forgotten):

* ``national``: needs the national warehouse built from ``data/sources`` (built at most once per
  run by :func:`national_build`, shared by the pytest-xdist workers, or reused when
  ``data/warehouse.duckdb`` is fresh);
* ``browser``: drives headless Chromium against a running app (also ``national``).

``pytest -m "not national and not browser"`` is the fast loop; plain ``pytest`` runs everything.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
MINI_DATA_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"

# Fixtures that need the national warehouse: a test using any of them is marked ``national``.
NATIONAL_FIXTURES = frozenset({"warehouse_path", "national_build", "use_national_warehouse"})


def _quiet(_: str) -> None:
    return None


@pytest.fixture(autouse=True)
def _fresh_response_cache():
    """Each test starts with an empty callback-response cache (a test may patch a callback)."""
    from dashboard import response_cache

    response_cache.reset()
    yield


@pytest.fixture(scope="session")
def national_build(tmp_path_factory: pytest.TempPathFactory):
    """``(path, report)`` of the national warehouse, built at most once per test run.

    ``ATLAS_TEST_WAREHOUSE`` names a ready warehouse to use instead (report ``None``, no
    freshness check); otherwise ``data/warehouse.duckdb`` is reused when its stored input
    fingerprint matches the current inputs (report ``None``), else a new warehouse is built into
    the run's temporary directory (its :class:`etl.build.BuildReport` is returned). The test
    processes of one run (pytest-xdist workers) share that build: the first to need it builds it
    under a file lock, the others wait and read it (report ``None``).
    """
    from filelock import FileLock

    from etl import build as etl_build

    given = os.environ.get("ATLAS_TEST_WAREHOUSE")
    if given:
        return Path(given), None
    default = DATA_DIR / "warehouse.duckdb"
    if default.exists() and not etl_build.needs_build(default, DATA_DIR):
        return default, None
    run_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_dir = run_dir.parent  # shared by the workers of this run
    db = run_dir / "national" / "warehouse.duckdb"
    with FileLock(str(run_dir / "national.lock")):
        if db.exists():  # another worker of this run built it
            return db, None
        db.parent.mkdir(parents=True, exist_ok=True)
        report = etl_build.build(db, data_dir=DATA_DIR, log=_quiet)
    return db, report


@pytest.fixture(scope="session")
def warehouse_path(national_build) -> Path:
    """Path of the national warehouse (see :func:`national_build`)."""
    return national_build[0]


@pytest.fixture()
def use_national_warehouse(warehouse_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the dashboard's readers at the national warehouse for one test."""
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(warehouse_path))
    yield warehouse_path


@pytest.fixture()
def dashboard_warehouse(request: pytest.FixtureRequest, mini_warehouse: Path,
                        monkeypatch: pytest.MonkeyPatch):
    """Point the dashboard at the mini warehouse, or at the national one for a test marked
    ``national`` (national figures, areas outside the mini data set)."""
    if request.node.get_closest_marker("national"):
        path = request.getfixturevalue("warehouse_path")
    else:
        path = mini_warehouse
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(path))
    yield path


@pytest.fixture(scope="session")
def mini_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from ``tests/fixtures/mini`` (Pendle, Burnley, Blackburn with Darwen),
    once per session (about 3 s)."""
    from etl import build as etl_build

    db = tmp_path_factory.mktemp("mini") / "warehouse.duckdb"
    etl_build.build(db, MINI_DATA_DIR, log=_quiet)
    return db


def mini_with_implausible_values(data: Path, *, smoking: str | None = None) -> Path:
    """Copy the mini data set to ``data`` with Pendle's 2021 high blood pressure set to
    Lancaster's published 96.04% (the quality gates flag it: outside 0-60%), and, when
    ``smoking`` is given, Pendle's 2021 Health Index smoking set to it (e.g. "120", outside
    0-100%: a flagged value in a series the indices, the stroke pathway and the smoking
    investment case still use)."""
    import gzip
    import shutil

    shutil.copytree(MINI_DATA_DIR, data)
    path = data / "sources/outcomes/ons_health_index_indicators_raw_lad21_england_2015_2021.csv.gz"
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    changes = {"E07000122,2021,High blood pressure,": "96.03787549"}
    if smoking is not None:
        changes["E07000122,2021,Smoking,"] = smoking
    for target, value in changes.items():
        assert sum(line.startswith(target) for line in lines) == 1
        lines = [target + value if line.startswith(target) else line for line in lines]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return data


@pytest.fixture(scope="session")
def flagged_mini_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini warehouse with two values flagged by the quality gates (Pendle 2021: high blood
    pressure 96.04%, Health Index smoking 120%), once per session (about 3 s)."""
    from etl import build as etl_build

    root = tmp_path_factory.mktemp("flagged-mini")
    data = mini_with_implausible_values(root / "data", smoking="120")
    db = root / "warehouse.duckdb"
    etl_build.build(db, data, log=_quiet)
    return db


@pytest.fixture(scope="module")
def atlas_app():
    """The app with every page callback registered, one per test module (the safety net is
    switched back on afterwards).

    Dash moves ``dash.callback`` registrations into the first app that serves a request; when
    an earlier test module's app did, the callback modules are re-imported so this app gets
    them too.
    """
    import importlib

    from dash import _callback

    from app import create_app
    from dashboard import errors, pages

    if not _callback.GLOBAL_CALLBACK_MAP:
        for module in pages.callback_modules():
            importlib.reload(module)
    app = create_app()
    yield app
    app.server.config[errors.NET] = True


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(warehouse: Path, *args: str, env: dict | None = None, timeout: float = 60.0):
    """Start ``python app.py`` on a free loopback port; ``(process, url)`` once ``/healthz``
    answers 200. The warehouse must exist (the app does not build one it is pointed at)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "app.py", *args], cwd=REPO,
        env={**os.environ, "PORT": str(port), "HOST": "127.0.0.1",
             "ATLAS_WAREHOUSE": str(warehouse), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            msg = f"app.py exited with {proc.returncode} before serving"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
    stop_app(proc)
    msg = f"app.py did not answer {url}/healthz within {timeout:.0f} s"
    raise RuntimeError(msg)


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def server(warehouse_path: Path) -> Iterator[str]:
    """Base URL of the app (production server) on the national warehouse, one per module."""
    proc, url = start_app(warehouse_path)
    yield url
    stop_app(proc)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject.toml): no workers when only planning or showing fixture setup
    (``--setup-plan``, ``--setup-only``), so that the plan is printed; else xdist's default (one
    worker per core)."""
    if config.option.setupplan or config.option.setuponly:
        return 0
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that needs the national warehouse ``national`` (browser tests too)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & NATIONAL_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.national)
