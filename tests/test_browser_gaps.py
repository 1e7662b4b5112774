"""Real-browser test of the gaps page: bivariate map, filter, weights and the shared link."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM, choose, launch, watched_page

pytestmark = pytest.mark.browser
FIG = "document.querySelector('#gaps-map .js-plotly-plot')"
N = f"(({FIG} && {FIG}.data && {FIG}.data[1]) ? {FIG}.data[1].z.length : -1)"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_gap_map_in_browser(server):
    from playwright.sync_api import sync_playwright

    errors, outside = [], []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors, outside)
        page.goto(server + "/gaps?theme=stroke&geography=utla23&within=icb23")
        page.wait_for_function(f"() => {N} == 153", timeout=30_000)
        page.wait_for_selector("#gaps-priority table", timeout=20_000)
        before = page.inner_text("#gaps-priority")

        # map districts instead: new polygons, classes for every district
        choose(page, "gaps-geography", "ltla24")
        page.wait_for_function(f"() => {N} == 296", timeout=30_000)
        page.wait_for_function("() => window.location.search.includes('geography=ltla24')",
                               timeout=10_000)

        # filter to Lancashire and South Cumbria ICB: outline trace, list restricted
        choose(page, "gaps-parent", "E54000048", search="Lancashire")
        page.wait_for_function(f"() => {FIG}.data.length == 3", timeout=30_000)
        page.wait_for_function("() => window.location.search.includes('parent=E54000048')",
                               timeout=10_000)

        # edit a weight: the URL carries it and the indices change
        hover = page.evaluate(f"() => JSON.stringify({FIG}.data[1].text)")
        weight = page.locator('input[id*="smoking_pct"]').first
        weight.fill("5")
        weight.press("Enter")
        page.wait_for_function("() => window.location.search.includes('smoking_pct')",
                               timeout=20_000)
        page.wait_for_function(f"() => JSON.stringify({FIG}.data[1].text) !== {hover!r}",
                               timeout=20_000)  # need indices in the hover changed
        shared = page.url
        page.goto(shared)
        page.wait_for_function(f"() => {N} == 296", timeout=30_000)
        assert page.locator('input[id*="smoking_pct"]').first.input_value() == "5"
        assert "Lancashire and South Cumbria" in page.inner_text("#gaps-summary")
        assert "Rank (England)" in before
        browser.close()
    assert errors == []
    assert outside == []


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_prevention_page_in_browser(server):
    from playwright.sync_api import sync_playwright

    scatter = "document.querySelector('#prevention-scatter .js-plotly-plot')"
    errors = []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors)
        page.goto(server + "/prevention?geography=utla23")
        page.wait_for_function(f"() => {scatter} && {scatter}.data && {scatter}.data.length == 2",
                               timeout=30_000)
        choose(page, "prevention-area", "E06000008", search="Blackburn")
        # the chosen council is highlighted as a third trace and named in the table heading
        page.wait_for_function(f"() => {scatter}.data.length == 3", timeout=20_000)
        assert "Blackburn with Darwen" in page.inner_text("#prevention-note")
        page.wait_for_function("() => window.location.search.includes('area=E06000008')",
                               timeout=10_000)
        assert "Cancer screening attendance" in page.inner_text("#prevention-table")
        browser.close()
    assert errors == []
