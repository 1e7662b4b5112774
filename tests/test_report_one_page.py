"""The investment case report and page: one printed A4 page, an absolute scenario link, the
SII in the 'most deprived fifth' mode, the partner map fitted to every layer, and the events
figures labelled alike on the chart and in the table (issue #14, item 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.formatting import count_text
from planning import report
from planning.interventions import CATALOGUE_BY_ID
from planning.report import MapLayer
from planning.scenario import Scenario, evaluate
from tests.browser_helpers import CHROMIUM, launch
from tests.test_planning_report import BIG, SQUARE, _input

BLACKPOOL, LANCASHIRE = "E06000009", "E10000017"


def pdf_pages(html: str) -> int:
    """Pages of the document printed to A4 PDF by Chromium (``/Type /Page`` objects)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.set_content(html)
        pdf = page.pdf(format="A4")
        browser.close()
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="needs Debian chromium at /usr/bin/chromium")


@pytest.mark.browser
@needs_chromium
def test_report_prints_to_one_a4_page():
    assert pdf_pages(report.render_report(_input())) == 1
    # the counter counts: a longer document is more than one page
    doubled = report.render_report(_input()).replace("<main>", "<main>" + "<p>x</p>" * 140)
    assert pdf_pages(doubled) > 1


def test_events_figures_say_which_events_and_match_the_chart():
    from dashboard.pages.investment.figures import events_chart

    scenario = Scenario(CATALOGUE_BY_ID["nhs_health_check"], 1_235_328, 345_879, 38.8, 43.8,
                        horizon_years=10)
    result = evaluate(scenario)
    lines = {f.key: f for f in report.key_figures(result) if f.key}
    per_group, in_year = lines["events_per_year"], lines["events_last_year"]
    assert "one year's group" in per_group.label
    # the chart adds every group reached so far: its value in year 10 is the 'in year 10' line
    at_h = result.years[9].events_avoided.central
    assert in_year.central == count_text(at_h) and "year 10" in in_year.label
    assert at_h > 4 * result.events_avoided_per_year.central  # 4.83 against 0.966
    fig = events_chart(result)
    assert "all groups reached so far" in fig.layout.title.text
    assert any(a.text == f"year 10: {in_year.central}" for a in fig.layout.annotations)


def test_svg_map_fits_every_layer_when_all_frame():
    svg = report.svg_map([MapLayer("Chosen", (SQUARE,), fill="#56B4E9"),
                          MapLayer("ICB", (BIG,))], width=200, height=200)
    points = [(float(x), float(y)) for x, y in re.findall(r"([\d.-]+) ([\d.-]+)", svg)
              if "viewBox" not in x]
    assert points and all(0 <= x <= 200 and 0 <= y <= 200 for x, y in points)


@pytest.mark.national
@pytest.mark.usefixtures("dashboard_warehouse")
def test_report_map_draws_and_fits_the_council_and_icb():
    from dashboard.pages.investment.case import compute
    from dashboard.pages.investment.report import map_layers
    from dashboard.pages.investment.state import InvestmentState

    case = compute(InvestmentState.resolve({"geo": "utla23", "areas": [LANCASHIRE]}))
    layers = map_layers(case)
    assert [layer.label for layer in layers] == ["Chosen", "ICB", "Council"]
    assert all(layer.geometries and layer.frame for layer in layers)
    svg = report.svg_map(layers)
    nums = [float(v) for v in re.findall(r"-?\d+\.\d", svg.split(">", 1)[1])]
    assert min(nums) >= 0  # nothing cut off at the top or left
    assert svg.count('<g class="layer-') == 3


@pytest.mark.national
@pytest.mark.usefixtures("dashboard_warehouse")
def test_report_link_is_absolute_and_deprived_fifth_sii_is_computed():
    from dashboard.pages.investment.outputs import report_download
    from dashboard.pages.investment.state import InvestmentState

    state = InvestmentState.resolve({"mode": "deprived", "dgeo": "utla23",
                                     "darea": LANCASHIRE, "iv": "nhs_health_check"})
    html = report_download(state, base_url="https://atlas.example.org/")["content"]
    assert "https://atlas.example.org/investment?mode=deprived" in html
    assert "SII change not computed" not in html

    from dashboard.pages.investment.case import compute

    case = compute(state)
    # no decile breakdown of health checks offered: a flat start, the change from the uplift
    assert case.sii is not None and case.sii.sii_before == pytest.approx(0, abs=1e-9)
    assert case.sii.change < 0  # raising deciles 1-2 narrows the gap
    assert case.sii.values_after[0] == pytest.approx(case.sii.values_before[0] + 5)
    assert case.sii.values_after[2:] == case.sii.values_before[2:]
    assert "no decile breakdown" in case.sii_note and "assumed" in case.sii_note


@pytest.mark.national
@pytest.mark.browser
@needs_chromium
@pytest.mark.usefixtures("dashboard_warehouse")
@pytest.mark.parametrize("params", [
    {"geo": "utla23", "areas": [LANCASHIRE]},
    {"mode": "deprived", "dgeo": "utla23", "darea": LANCASHIRE},
    {"mode": "deprived", "dgeo": "utla23", "darea": BLACKPOOL, "iv": "thrombolysis_rate"},
    {"geo": "utla23", "areas": [BLACKPOOL], "iv": "smoking_cessation"},
])
def test_warehouse_reports_print_to_one_a4_page(params):
    from dashboard.pages.investment.outputs import report_download
    from dashboard.pages.investment.state import InvestmentState

    html = report_download(InvestmentState.resolve(params), base_url="http://127.0.0.1/")
    assert pdf_pages(html["content"]) == 1
