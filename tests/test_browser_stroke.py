"""The stroke pathway page in headless Chromium against the running app (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM, choose, launch, watched_page

pytestmark = pytest.mark.browser
MAP = "document.querySelector('#stroke-map .js-plotly-plot')"
ACCESS = "document.querySelector('#stroke-stage-access .js-plotly-plot')"
# the area's points in the access stage figure, or null while it is being drawn
ACCESS_X = (f"(({ACCESS} && {ACCESS}.data) ? JSON.stringify({ACCESS}.data"
            ".filter(t => t.mode === 'markers+text').map(t => t.x)) : null)")
CENTER = f"(({MAP} && {MAP}.layout.map) ? JSON.stringify({MAP}.layout.map.center) : null)"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_stroke_page_in_browser(server):
    from playwright.sync_api import sync_playwright

    errors, outside, geometry = [], [], []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors, outside)
        page.on("request", lambda r: "/geometry/" in r.url and geometry.append(r.url))
        page.goto(server + "/stroke")

        # the map: LSOA travel-time surface (by URL) and the stroke units as points
        page.wait_for_function(f"() => {MAP} && {MAP}.data && {MAP}.data.length > 10",
                               timeout=60_000)
        surface = page.evaluate(f"""() => {{
            const d = {MAP}.data[0];
            return {{type: d.type, n: d.locations.length, geojson: d.geojson}};
        }}""")
        assert surface["type"] == "choroplethmap"
        assert surface["n"] == 33_755
        assert surface["geojson"].startswith("/geometry/lsoa21.geojson")
        units = page.evaluate(f"""() => Object.fromEntries({MAP}.data
            .filter(t => t.type === 'scattermap' && t.showlegend !== false)
            .map(t => [t.name, (t.lon || []).length]))""")
        assert units["Thrombolysis (IVT) unit"] > 50
        assert units["Thrombectomy (MT) centre (also IVT)"] > 10
        assert page.evaluate(f"() => {MAP}.layout.map.style") == "white-bg"

        # the default view: Blackburn with Darwen, pathway drawn, URL written
        page.wait_for_function(f"() => {ACCESS_X} !== null && {ACCESS_X} !== '[]'",
                               timeout=30_000)
        page.wait_for_selector("table.stroke-table", timeout=30_000)
        assert "Blackburn with Darwen" in page.inner_text("#stroke-provenance")
        page.wait_for_function("() => window.location.search.includes('area=E06000008')",
                               timeout=10_000)
        first_x = page.evaluate(f"() => {ACCESS_X}")
        first_center = page.evaluate(f"() => {CENTER}")

        # choose another area (Blackpool, listed without typing: keystrokes can be lost while
        # software GL paints 33,755 polygons): the pathway figure and the map view change
        choose(page, "stroke-area", "E06000009")
        page.wait_for_function(f"() => {ACCESS_X} !== null && {ACCESS_X} !== {first_x!r}",
                               timeout=30_000)
        page.wait_for_function(f"() => {CENTER} !== null && {CENTER} !== {first_center!r}",
                               timeout=30_000)
        page.wait_for_function(
            "() => document.querySelector('#stroke-provenance').innerText.includes('Blackpool')",
            timeout=30_000)
        outline = page.evaluate(f"() => {MAP}.data[3].locations")
        assert outline == ["E06000009"]
        assert page.evaluate(f"() => {MAP}.data[0].locations.length") == 33_755
        shared = page.url
        assert "geography=utla23" in shared and "area=E06000009" in shared

        # back and forward step through the views, restored in place (no page rebuild)
        page.go_back()
        page.wait_for_function("() => window.location.search.includes('area=E06000008')",
                               timeout=10_000)
        page.wait_for_function(
            "() => document.querySelector('#stroke-provenance').innerText.includes('Blackburn')",
            timeout=30_000)
        page.wait_for_function(f"() => {MAP}.data[3].locations[0] === 'E06000008'",
                               timeout=30_000)
        assert page.evaluate(f"() => {MAP}.data[0].locations.length") == 33_755
        page.go_forward()
        page.wait_for_function(
            "() => document.querySelector('#stroke-provenance').innerText.includes('Blackpool')",
            timeout=30_000)
        assert "area=E06000009" in page.url

        # a copied link reopens the same view
        page.goto(shared)
        page.wait_for_function(f"() => {MAP} && {MAP}.data && {MAP}.data.length > 10",
                               timeout=60_000)
        page.wait_for_function(
            "() => document.querySelector('#stroke-provenance').innerText.includes('Blackpool')",
            timeout=30_000)
        assert "Blackpool" in page.inner_text("#stroke-area")
        page.wait_for_load_state("networkidle")
        browser.close()
    assert errors == []
    assert outside == []
    assert any("/geometry/lsoa21.geojson" in url for url in geometry)
