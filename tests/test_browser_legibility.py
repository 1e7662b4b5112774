"""Real-browser checks of issue #14 item 6: the gaps legend sits beside the map (not over it)
with a 'No index' entry, and the access SII chart's axis title is not cut off."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM, launch, watched_page

pytestmark = pytest.mark.browser


def _box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                 "return {x: r.x, y: r.y, w: r.width, h: r.height}; }")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_gaps_legend_beside_the_map_and_sii_title_whole(server):
    from playwright.sync_api import sync_playwright

    errors: list = []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors)
        page.goto(server + "/gaps?theme=stroke&geography=utla23&within=icb23")
        page.wait_for_selector("#gaps-access .xtitle", timeout=30_000)
        page.wait_for_selector("#gaps-map .js-plotly-plot", timeout=30_000)
        legend, drawn = _box(page, ".map-legend"), _box(page, "#gaps-map .js-plotly-plot")
        # no overlap: the legend starts right of the map's drawing area (or below it)
        assert (legend["x"] >= drawn["x"] + drawn["w"] - 1
                or legend["y"] >= drawn["y"] + drawn["h"] - 1), (legend, drawn)
        # and it is whole inside its panel
        main = _box(page, ".main")
        assert legend["x"] + legend["w"] <= main["x"] + main["w"] + 1
        assert "No index" in page.inner_text(".map-legend")
        title, svg = _box(page, "#gaps-access .xtitle"), _box(page, "#gaps-access .main-svg")
        assert title["x"] >= svg["x"] and title["x"] + title["w"] <= svg["x"] + svg["w"]
        browser.close()
    assert errors == []
