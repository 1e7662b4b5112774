"""Shared by the browser tests: launch Debian's Chromium, drive Dash dropdowns, watch a page.

The app server is the module-scoped ``server`` fixture in ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent


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
