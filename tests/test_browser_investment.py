"""Real-browser test of the investment case page: build a scenario, download the report and
print it, save the scenario and open it again; no console errors, no request off this host.

Set ``ATLAS_SCREENSHOT_DIR`` to keep screenshots of the page and of the printed report.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM, choose, launch, watched_page

pytestmark = pytest.mark.browser
MAP = "document.querySelector('#investment-map .js-plotly-plot')"
RESOURCE = re.compile(r"""(?:\bsrc\s*=|<link\b|@import|url\(|<script\b|\bhref\s*=)""", re.I)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_investment_case_in_browser(server, tmp_path):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("ATLAS_SCREENSHOT_DIR") or tmp_path)
    errors, outside = [], []
    with sync_playwright() as p:
        browser = launch(p)
        page = watched_page(browser, errors, outside, accept_downloads=True)
        page.goto(server + "/investment")
        page.wait_for_selector("#investment-results table", timeout=60_000)
        assert "First stroke" in page.inner_text("#investment-results")

        # build a scenario: add Blackpool to Lancashire, thrombolysis, best fifth of areas
        choose(page, "investment-areas", "E06000009", search="Blackpool")
        page.keyboard.press("Escape")
        page.wait_for_function(
            "() => window.location.search.includes('areas=E10000017,E06000009')",
            timeout=20_000)
        choose(page, "investment-intervention", "thrombolysis_rate")
        page.click("#investment-rule input[value='best_quintile']")
        page.wait_for_function(
            "() => window.location.search.includes('iv=thrombolysis_rate')"
            " && window.location.search.includes('rule=best_quintile')", timeout=20_000)
        page.wait_for_function(
            "() => document.querySelector('#investment-results').innerText"
            ".includes('Poor outcome after stroke')", timeout=20_000)
        page.wait_for_function(
            "() => document.querySelector('#investment-populations').innerText"
            ".includes('Best fifth of')", timeout=20_000)
        page.wait_for_function(f"() => {MAP} && {MAP}.data && {MAP}.data.length == 3 && "
                               f"{MAP}.data[0].locations.length == 2", timeout=30_000)
        results = page.inner_text("#investment-results")
        for text in ("People reached a year", "Events avoided over 10 years",
                     "Council social care", "Net cost (10 years, discounted)",
                     "Green Book"):
            assert text in results
        # only the chosen horizon's figures (the report's headline uses the same)
        assert "Events avoided over 5 years" not in results
        uncertainty = page.inner_text("#investment-psa")
        assert "Probability the scheme saves money" in uncertainty
        assert "10,000 Monte Carlo draws" in uncertainty
        partners = page.inner_text("#investment-partners")
        assert "Blackpool" in partners and "Lancashire and South Cumbria" in partners
        assert "SII" in page.inner_text("#investment-inequality")
        page.wait_for_timeout(1500)  # let the map paint before the screenshot
        page.screenshot(path=str(shots / "investment_page.png"), full_page=True)

        # the report: the case, its uncertainty, figures and sources on one A4 page
        with page.expect_download() as download:
            page.click("#investment-report-button")
        report = tmp_path / download.value.suggested_filename
        download.value.save_as(report)
        assert report.name.startswith("investment_case_thrombolysis_rate_")
        html = report.read_text(encoding="utf-8")
        for text in ("Stroke units: thrombolyse more eligible patients", "Lancashire",
                     "Blackpool", "Emberson", "Figures and assumptions", "Green Book",
                     "assumption", "published", "<svg", "probabilistic sensitivity analysis",
                     'class="tornado"'):
            assert text in html
        assert not RESOURCE.search(html)
        # the scenario link is absolute, from the address the page was served from
        assert f'class="url">{server}/investment?mode=' in html
        printed = browser.new_page()
        loaded: list[str] = []
        printed.on("request", lambda r: loaded.append(r.url))
        printed.goto(report.as_uri())
        printed.screenshot(path=str(shots / "investment_report.png"), full_page=True)
        pdf = printed.pdf(format="A4", print_background=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one A4 page
        assert loaded == [report.as_uri()]  # nothing else fetched
        printed.close()

        # save the scenario, open the default page, and open the file there
        with page.expect_download() as saved:
            page.click("#investment-json-button")
        scenario = tmp_path / saved.value.suggested_filename
        saved.value.save_as(scenario)
        doc = json.loads(scenario.read_text())
        assert doc["scenario"]["iv"] == "thrombolysis_rate"
        shared = page.url
        page.goto(server + "/investment")
        page.wait_for_selector("#investment-results table", timeout=60_000)
        page.set_input_files("#investment-upload input[type=file]", str(scenario))
        page.wait_for_function(
            "() => window.location.search.includes('iv=thrombolysis_rate')", timeout=30_000)
        page.wait_for_function(
            "() => document.querySelector('#investment-results') && document.querySelector("
            "'#investment-results').innerText.includes('Poor outcome after stroke')",
            timeout=30_000)
        assert page.url.split("?")[1] == shared.split("?")[1]

        # a bad file is refused with a message, and the page stays as it is
        bad = tmp_path / "notes.json"
        bad.write_text('{"kind": "shopping list"}')
        page.set_input_files("#investment-upload input[type=file]", str(bad))
        page.wait_for_function(
            "() => document.querySelector('#investment-upload-status').innerText"
            ".includes('Not an investment scenario file')", timeout=20_000)
        assert "iv=thrombolysis_rate" in page.url
        browser.close()
    assert errors == []
    assert outside == []
