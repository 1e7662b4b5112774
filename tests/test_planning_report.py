"""Tests for planning.report: the one-page HTML report, its map SVG and shared formatting."""

from __future__ import annotations

import re
from datetime import date

import pytest

from core.formatting import count_text, gbp_per_head_text
from planning import report
from planning.interventions import CATALOGUE_BY_ID, SOURCES
from planning.report import MapLayer, PartnerLine, ReportInput
from planning.scenario import Scenario, evaluate, sii_before_after

SQUARE = {"type": "Polygon", "coordinates": [[(-3.0, 53.0), (-2.0, 53.0), (-2.0, 54.0),
                                               (-3.0, 54.0), (-3.0, 53.0)]]}
BIG = {"type": "MultiPolygon", "coordinates": [[[(-5.0, 50.0), (1.0, 50.0), (1.0, 56.0),
                                                  (-5.0, 56.0), (-5.0, 50.0)]]]}
# resources a browser would fetch: any of these pointing off the document breaks "self-contained"
RESOURCE = re.compile(r"""(?:\bsrc\s*=|<link\b|@import|url\(|<script\b|<iframe\b|<object\b)""",
                      re.IGNORECASE)


def _input(**changes) -> ReportInput:
    iv = CATALOGUE_BY_ID["thrombolysis_rate"].with_overrides({"unit_cost": (400, 500, 600)})
    scenario = Scenario(CATALOGUE_BY_ID["thrombolysis_rate"], 300_000, 600, 10, 15,
                        horizon_years=10, overrides={"unit_cost": (400, 500, 600)})
    result = evaluate(scenario)
    sii = sii_before_after(range(1, 11), [100] * 10, [10] * 10, uplift_pp=5)
    base = {
        "title": "Investment case: thrombolysis <Blackpool & Fylde>",
        "prepared": date(2026, 1, 31),
        "areas": "Blackpool",
        "areas_detail": "51 of Blackpool's 94 LSOAs are in the most deprived fifth.",
        "intervention": iv,
        "scenario": scenario,
        "result": result,
        "populations": (("Residents", "300,000", "Census 2021"),
                        ("Eligible", "600", "stroke admissions a year")),
        "target_text": "Current coverage plus 5 percentage points",
        "sii": sii,
        "sii_note": "Thrombolysis rate by IMD 2025 decile.",
        "partners": (PartnerLine("Blackpool", "council", 300_000, 0.5, 1000.0, 200.0, 800.0),
                     PartnerLine("NHS Lancashire and South Cumbria ICB", "icb", 300_000, 0.5,
                                 1000.0, 600.0, 400.0)),
        "split_text": "Split by population.",
        "split_error": "",
        "extra_assumptions": (("Current coverage", "10.0%", "A placeholder, not from a "
                               "source. Enter your local figure."),),
        "data_sources": ("Emergency stroke admissions (stroke_admissions_rate), 2017-2019: "
                         "SAMueL project.",),
        "map_layers": (MapLayer("Chosen", (SQUARE,), fill="#56B4E9"),
                       MapLayer("ICB", (BIG,), stroke="#D55E00", frame=False)),
        "link": "/investment?mode=areas&areas=E06000009",
        "notes": ("Emergency stroke admissions in 2017-2019 (3 years), these LSOAs: 362",),
    }
    base.update(changes)
    return ReportInput(**base)


def test_report_holds_the_figures_assumptions_sources_and_date():
    data = _input()
    html = report.render_report(data)
    r = data.result
    assert html.startswith("<!DOCTYPE html>")
    assert "Prepared 2026-01-31" in html
    # key figures with ranges, as the page shows them
    for line in report.key_figures(r):
        assert line.central in html and line.range in html
    assert gbp_per_head_text(r.programme_cost_horizon_discounted) in html
    assert count_text(r.events_avoided_10y.central) in html
    # every figure of the intervention, marked published / assumption / your assumption
    for row in report.assumption_rows(data.intervention):
        assert row.label in html
    # baseline risk and the odds ratios by window (the effect rests on the assumed mix)
    assert html.count('class="badge published"') >= 3
    assert "your assumption" in html  # the edited unit cost
    assert "A placeholder, not from a source." in html
    # sources: every cited source's citation (author list shortened) and address
    for key in ("emberson2014", "xu2018", "herc_leal", "green_book"):
        assert report.short_citation(SOURCES[key].citation).split(".")[0] in html
        assert SOURCES[key].url in html
    assert SOURCES["nice_ta264"].url not in html  # the edited unit cost no longer cites it
    assert "2017-2019" in html  # data period
    assert "Green Book" in html and "1.035^(t - 1)" in html
    # inequality, partners, map, notes, link
    assert "&rarr;" in html and "Blackpool" in html and "<svg" in html
    assert "these LSOAs: 362" in html
    assert "/investment?mode=areas&amp;areas=E06000009" in html


def test_report_is_self_contained_and_prints_to_a4():
    html = report.render_report(_input())
    assert not RESOURCE.search(html)
    assert "xmlns" not in html  # inline SVG needs no namespace (and no address)
    # hyperlinks only as printed text: no href to anywhere
    assert "href=" not in html
    assert "@media print" in html and "size: A4 portrait" in html
    assert "break-inside: avoid" in html


def test_report_escapes_text():
    html = report.render_report(_input(areas="<script>alert(1)</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;Blackpool &amp; Fylde&gt;" in html


def test_report_shows_a_saving_split_error_and_missing_sii():
    data = _input(sii=None, sii_note="No decile breakdown, SII change not computed.",
                  split_error="Agreed percentages add up to 90, not 100.")
    html = report.render_report(data)
    assert "No decile breakdown, SII change not computed." in html
    assert 'class="error">Agreed percentages add up to 90, not 100.' in html
    net = data.result.net_cost_horizon_discounted.central
    assert ("a net saving of" in html) == (net < 0)


def test_svg_map_fits_the_framed_layers_and_draws_every_ring():
    svg = report.svg_map([MapLayer("Chosen", (SQUARE,), fill="#56B4E9"),
                          MapLayer("ICB", (BIG,), frame=False)], width=200, height=200)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<path") == 2 and svg.count("Z") == 2
    first = re.search(r'<path d="M([\d.]+) ([\d.]+)', svg)
    assert first is not None
    # the square fills the frame (less padding), so its corner is inside the 200 x 200 box
    x, y = float(first.group(1)), float(first.group(2))
    assert 0 <= x <= 200 and 0 <= y <= 200
    assert report.svg_map([MapLayer("nothing", ())]) == ""


def test_source_and_citation_shortening():
    assert report.short_source("ettehad2016") == "Ettehad 2016"
    assert report.short_source("nice_ta264") == "NICE 2012"
    assert report.short_citation(SOURCES["ettehad2016"].citation).startswith(
        "Ettehad D, Emdin CA, Kiran A, et al. Blood pressure")
    assert report.short_citation(SOURCES["hart2007"].citation) == SOURCES["hart2007"].citation


def test_key_figures_ranges_are_ordered_and_signed():
    scenario = Scenario(CATALOGUE_BY_ID["af_anticoagulation"], 100_000, 2_000, 80, 90)
    lines = {f.label: f for f in report.key_figures(evaluate(scenario))}
    net = lines["Net cost (10 years, discounted)"]
    assert " to " in net.range or "–" in net.range
    events = lines["Events avoided over 10 years"]
    low, high = (float(x.replace(",", "")) for x in events.range.split("–"))
    assert low < float(events.central.replace(",", "")) < high


@pytest.mark.parametrize("status,expected", [("published", "published"),
                                             ("assumption", "assumption")])
def test_figure_status(status, expected):
    iv = CATALOGUE_BY_ID["af_anticoagulation"]
    fig = iv.baseline_risk if status == "published" else iv.take_up
    assert report.figure_status(fig) == expected
    edited = iv.with_overrides({"baseline_risk": 0.03}).baseline_risk
    assert report.figure_status(edited) == "your assumption"
