"""One real-browser test: headless Chromium against the running app (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM, choose, launch, watched_page

pytestmark = pytest.mark.browser
FIG = "document.querySelector('#atlas-map .js-plotly-plot')"
# the data layer's colours, or null while the figure is being (re)built
Z = f"(({FIG} && {FIG}.data && {FIG}.data[1]) ? JSON.stringify({FIG}.data[1].z) : null)"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_atlas_in_browser(server):
    from playwright.sync_api import sync_playwright

    errors, outside = [], []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors, outside)
        page.goto(server + "/?indicator=stroke_admissions_rate&geography=utla23")
        page.wait_for_function(f"() => {FIG} && {FIG}.data && {FIG}.data.length >= 2",
                               timeout=30_000)
        first_z = page.evaluate(f"() => JSON.stringify({FIG}.data[1].z)")

        # switch indicator: z changes, same polygons (patched)
        choose(page, "atlas-indicator", "imd2025_score")
        page.wait_for_function(f"() => JSON.stringify({FIG}.data[1].z) !== {first_z!r}",
                               timeout=20_000)
        # the address is written from the map callback's answer (the view's canonical query)
        page.wait_for_function("() => window.location.search.includes('indicator=imd2025_score')",
                               timeout=20_000)
        assert "indicator=imd2025_score" in page.url

        # switch geography: new polygons
        choose(page, "atlas-geography", "region")
        page.wait_for_function(f"() => {FIG}.data[1].locations.length == 9", timeout=20_000)

        # choose an area: profile appears
        choose(page, "atlas-area", "E12000007", search="London")
        page.wait_for_selector("table.profile", timeout=20_000)
        page.wait_for_function("() => window.location.search.includes('area=E12000007')",
                               timeout=20_000)
        shared = page.url
        assert "area=E12000007" in shared

        # reload the shared URL: same view
        page.goto(shared)
        page.wait_for_function(f"() => {FIG} && {FIG}.data && {FIG}.data.length >= 2",
                               timeout=30_000)
        page.wait_for_selector("table.profile", timeout=20_000)
        assert page.evaluate(f"() => {FIG}.data[1].locations.length") == 9
        assert "Index of Multiple Deprivation" in page.inner_text("#atlas-provenance")
        browser.close()
    assert errors == []
    assert outside == []


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_back_and_forward_restore_the_view(server):
    from playwright.sync_api import sync_playwright

    errors = []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors)
        page.goto(server + "/?indicator=stroke_admissions_rate&geography=utla23")
        page.wait_for_function(f"() => {Z} !== null", timeout=30_000)
        first_z = page.evaluate(f"() => {Z}")
        choose(page, "atlas-indicator", "imd2025_score")
        page.wait_for_function(f"() => {Z} !== null && {Z} !== {first_z!r}", timeout=20_000)
        switched_z = page.evaluate(f"() => {Z}")
        page.wait_for_function("() => window.location.search.includes('indicator=imd2025_score')",
                               timeout=20_000)  # the view's history entry, pushed on its answer

        page.go_back()
        page.wait_for_function(f"() => {Z} === {first_z!r}", timeout=20_000)
        assert "indicator=stroke_admissions_rate" in page.url
        assert "Emergency stroke admissions" in page.inner_text("#atlas-indicator")
        page.go_forward()
        page.wait_for_function(f"() => {Z} === {switched_z!r}", timeout=20_000)
        assert "indicator=imd2025_score" in page.url
        browser.close()
    assert errors == []
