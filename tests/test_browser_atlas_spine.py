"""Browser tests of the atlas's area profile spine chart and of an indicator that moves the
view to a geography and period with values (headless Chromium against the running app)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM, choose, launch, watched_page

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason="needs Debian chromium at /usr/bin/chromium")]
MAP = "document.querySelector('#atlas-map .js-plotly-plot')"
SPINE = "document.querySelector('#atlas-spine .js-plotly-plot')"


def test_area_profile_has_a_spine_chart_with_exports(server):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors)
        page.goto(server + "/?indicator=stroke_admissions_rate&geography=utla23")
        page.wait_for_function(f"() => {MAP} && {MAP}.data && {MAP}.data.length >= 2",
                               timeout=30_000)
        assert page.locator("#atlas-spine").count() == 0  # no area, no chart
        assert page.locator("#atlas-profile-csv-button").is_hidden()
        choose(page, "atlas-area", "E06000001", search="Hartlepool")
        page.wait_for_function(f"() => {SPINE} && {SPINE}.data && {SPINE}.data.length > 4",
                               timeout=30_000)
        names = page.evaluate(f"() => {SPINE}.data.map(t => t.name)")
        assert "England" in names and "25th to 75th percentile" in names
        rows = page.evaluate(f"() => {SPINE}.layout.yaxis.categoryarray")
        assert "Emergency stroke admissions (per 100,000 per year)" in rows
        # PNG from the camera button, named after the area; the table stays below the chart
        page.hover("#atlas-spine .js-plotly-plot")
        titles = page.evaluate("() => [...document.querySelectorAll('#atlas-spine .modebar-btn')]"
                               ".map(b => b.getAttribute('data-title'))")
        assert any("png" in str(t).lower() for t in titles), titles
        page.wait_for_selector("table.profile", timeout=10_000)
        with page.expect_download() as info:
            page.click("#atlas-profile-csv-button")
        assert info.value.suggested_filename == "profile_E06000001_utla23.csv"
        browser.close()
    assert errors == []


def test_choosing_an_indicator_moves_to_a_view_with_values(server):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors)
        page.goto(server + "/?indicator=stroke_admissions_rate&geography=utla23")
        page.wait_for_function(f"() => {MAP} && {MAP}.data && {MAP}.data.length >= 2",
                               timeout=30_000)
        choose(page, "atlas-indicator", "u5_emergency_admissions_rate")
        page.wait_for_function(
            "() => window.location.search.includes('geography=icb23')"
            " && window.location.search.includes('period=2022%2F23')", timeout=30_000)
        note = page.inner_text("#atlas-view-note")
        assert "showing Integrated care boards (ICB)" in note
        # the map has values (not a grey map), the funnel plots areas
        page.wait_for_function(
            f"() => {MAP}.data[1].z.filter(v => v !== null).length > 30", timeout=30_000)
        page.wait_for_function(
            "() => document.querySelector('#atlas-funnel-note').innerText.includes('areas;')",
            timeout=30_000)
        browser.close()
    assert errors == []
