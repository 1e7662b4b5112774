"""Shared by the browser tests: start the app on a free port, launch Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dashboard_fixtures import warehouse_path  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(warehouse_path):  # noqa: F811
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1",
           "ATLAS_WAREHOUSE": str(warehouse_path)}
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def launch(playwright):
    """Headless Debian Chromium with no background network traffic (closed network)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"])


def choose(page, dropdown_id: str, value: str, search: str | None = None) -> None:
    """Open a Dash 4 dropdown and click the option holding ``value`` (typing ``search`` first)."""
    page.click(f"#{dropdown_id}")
    if search:
        page.keyboard.type(search)
    option = page.locator(f'[role=option]:has(input[value="{value}"])')
    option.first.wait_for(timeout=15_000)
    option.first.click()


def watched_page(browser, errors: list, outside: list | None = None, **kwargs):
    """A new 1400x1000 page recording console errors, page errors and (when ``outside`` is
    given) every request that leaves 127.0.0.1 (data: and blob: URLs are local)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, **kwargs)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    if outside is not None:
        page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                or outside.append(r.url))
    return page
