"""The atlas's spine chart (pure: a small profile frame in, a figure or CSV out), the rule that
moves an indicator's view to a geography and period with values, and the words shown where a
view has none."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

from core import verdicts
from dashboard import theme
from dashboard.pages.atlas import empty_view, spine
from dashboard.pages.atlas.state import choose_view, nearest_view, periods_by_geography

NAN = float("nan")


def _row(**kw) -> dict:
    base = {"indicator_id": "x", "name": "X", "domain": "outcome", "unit": "per 1,000",
            "polarity": "higher_is_better", "value_type": "crude_rate", "source": "Src A",
            "licence": "OGL", "period": "2022", "value": 12.0, "lower_95": 11.0,
            "upper_95": 13.0, "compared_to_england": "better", "is_suppressed": False,
            "quality_flag": None, "quality_reason": None, "england": 10.0, "min_value": 6.0,
            "q25": 9.0, "q75": 11.0, "max_value": 14.0, "n_areas": 40}
    return {**base, **kw}


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame([
        _row(),
        # lower is better: the lowest value is the best and is drawn on the right
        _row(indicator_id="mort", name="Mortality", polarity="lower_is_better", value=8.0,
             lower_95=7.0, upper_95=9.0, compared_to_england="better", england=10.0,
             min_value=4.0, q25=8.0, q75=12.0, max_value=20.0, source="Src B"),
        # no confidence interval: not compared, whatever the stored label
        _row(indicator_id="noci", name="No CI", domain="prevention", value=9.0,
             lower_95=NAN, upper_95=NAN, compared_to_england=None),
        # suppressed: never drawn, never written
        _row(indicator_id="supp", name="Suppressed", domain="prevention", value=3.0,
             lower_95=1.0, upper_95=7.0, is_suppressed=True, compared_to_england="worse"),
        # a count: England's total is not comparable with an area's (table only)
        _row(indicator_id="pop", name="Population", domain="population", value=90_000.0,
             value_type="count", england=5.6e7, lower_95=NAN, upper_95=NAN,
             compared_to_england=None),
    ])


def _marker_traces(fig):
    return [t for t in fig.data if t.type == "scatter" and t.name != "England"]


def test_positions_put_england_at_the_centre_and_best_on_the_right(frame):
    up = spine.positions(frame.iloc[0])
    assert up["england"] == 0.5
    # half-width = farthest of worst/best/value from England: |6 - 10| = |14 - 10| = 4
    assert up["worst"] == pytest.approx(0.0) and up["best"] == pytest.approx(1.0)
    assert up["q_low"] == pytest.approx(0.5 - 1 / 8) and up["q_high"] == pytest.approx(0.625)
    assert up["value"] == pytest.approx(0.5 + 2 / 8)
    down = spine.positions(frame.iloc[1])  # lower is better: 20 (worst) left, 4 (best) right
    assert down["worst"] == pytest.approx(0.0) and down["best"] == pytest.approx(0.8)
    assert down["value"] == pytest.approx(0.5 + 2 / 20)  # 8 < England 10: right of centre
    assert down["q_low"] == pytest.approx(0.4) and down["q_high"] == pytest.approx(0.6)


def test_positions_without_england_or_spread():
    row = pd.Series(_row(england=NAN, min_value=0.0, max_value=10.0, q25=2.0, q75=8.0,
                         value=5.0))
    assert spine.positions(row)["value"] == pytest.approx(0.5)  # centred on the midpoint
    row = pd.Series(_row(min_value=NAN, q25=NAN, q75=NAN, max_value=NAN))
    out = spine.positions(row)
    assert math.isnan(out["worst"]) and out["value"] == pytest.approx(1.0)


def test_verdict_needs_a_confidence_interval(frame):
    assert spine.verdict(frame.iloc[0]) == "better"
    assert spine.verdict(frame.iloc[2]) == verdicts.NOT_COMPARED
    assert spine.verdict(pd.Series(_row(lower_95=NAN))) == verdicts.NOT_COMPARED
    assert spine.verdict(pd.Series(_row(quality_flag="range"))) == verdicts.NOT_COMPARED


def test_spine_figure_rows_colours_text_and_hover(frame):
    fig = spine.spine_figure(frame, "Hartlepool", "utla23")
    labels = list(fig.layout.yaxis.categoryarray)
    # grouped by domain (a bold heading each), the count left out
    assert labels == ["<b>Outcome</b>", "Mortality (per 1,000)", "X (per 1,000)",
                      "<b>Prevention</b>", "No CI (per 1,000)", "Suppressed (per 1,000)"]
    markers = {t.name: t for t in _marker_traces(fig)}
    better = markers["better than England"]
    assert better.marker.color == theme.COMPARISON_COLOURS["better"]
    assert set(better.y) == {"X (per 1,000)", "Mortality (per 1,000)"}
    assert "Source: Src B" in " ".join(better.hovertext)
    assert markers["not compared (no CI)"].marker.color == theme.COMPARISON_COLOURS[
        verdicts.NOT_COMPARED]
    assert list(markers["not compared (no CI)"].y) == ["No CI (per 1,000)"]
    # the suppressed value is neither drawn nor written
    assert all("Suppressed (per 1,000)" not in list(t.y) for t in _marker_traces(fig))
    side = {a.y: a.text for a in fig.layout.annotations if a.yref == "y"}
    assert side["Suppressed (per 1,000)"].startswith("suppressed")
    assert "3.0" not in side["Suppressed (per 1,000)"] and "7.0" not in side[
        "Suppressed (per 1,000)"]
    assert side["X (per 1,000)"] == "12.0 (11.0–13.0) · 2022 · England 10.0"
    # England sits at the centre of every row that has an England value
    england = next(t for t in fig.data if t.name == "England")
    assert set(england.x) == {0.5} and len(england.x) == 4
    # three grey bars per row with a spread: worst..25th, 25th..75th, 75th..best
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.marker.color for b in bars] == [theme.SPINE_OUTER, theme.SPINE_INNER,
                                             theme.SPINE_OUTER]
    row = list(bars[1].y).index("Mortality (per 1,000)")
    assert bars[1].base[row] == pytest.approx(0.4) and bars[1].x[row] == pytest.approx(0.2)
    assert "worst 20.0" in bars[0].hovertext[list(bars[0].y).index("Mortality (per 1,000)")]


def test_spine_figure_empty_profile():
    fig = spine.spine_figure(pd.DataFrame(), "Nowhere", "utla23")
    assert fig.layout.annotations[0].text == "No indicator values for this area"


def test_spine_csv_keeps_suppressed_values_blank(frame):
    out = spine.spine_csv(frame, "E06000001", "Hartlepool", "utla23")
    assert out["filename"] == "profile_E06000001_utla23.csv"
    csv = pd.read_csv(io.StringIO(out["content"]))
    assert {"area_code", "period", "value", "lower_95", "upper_95", "england", "q25",
            "source", "licence"} <= set(csv.columns)
    supp = csv[csv["indicator_id"] == "supp"].iloc[0]
    assert np.isnan(supp["value"]) and np.isnan(supp["lower_95"]) and np.isnan(
        supp["upper_95"])
    assert csv.loc[csv["indicator_id"] == "x", "value"].iloc[0] == 12.0


# ---------------------------------------------------------------- resolve rule
META = {"indicator_id": "u5", "name": "Emergency admissions, children aged 0-4",
        "min_count": 5,
        "geographies": ["england", "icb23", "sicbl23"],
        "periods": ["2010/11", "2021/22", "2022/23", "2023/24"],
        "geography_periods": [
            {"geography": "england", "periods": ["2010/11", "2021/22", "2022/23", "2023/24"]},
            {"geography": "icb23", "periods": ["2021/22", "2022/23"]},
            {"geography": "sicbl23", "periods": ["2010/11"]}]}


def test_periods_by_geography_falls_back_to_all_periods():
    assert periods_by_geography(META)["icb23"] == ["2021/22", "2022/23"]
    old = {k: v for k, v in META.items() if k != "geography_periods"}
    assert periods_by_geography(old)["icb23"] == META["periods"]


def test_choose_view_moves_to_a_geography_and_period_with_values():
    # the latest period has no ICB values: the view moves to ICBs' latest
    assert choose_view(META, "icb23", "2023/24") == ("icb23", "2022/23")
    assert choose_view(META, None, None) == ("icb23", "2022/23")
    # a period only one geography holds: that geography, when none was asked for
    assert choose_view(META, None, "2010/11") == ("sicbl23", "2010/11")
    # kept where the view has values
    assert choose_view(META, "icb23", "2021/22") == ("icb23", "2021/22")
    assert choose_view(META, "sicbl23", "2022/23") == ("sicbl23", "2010/11")
    # a geography whose values are all suppressed moves to one with values
    empty = {**META, "geography_periods": [g for g in META["geography_periods"]
                                           if g["geography"] != "sicbl23"]}
    assert choose_view(empty, "sicbl23", "2010/11") == ("icb23", "2022/23")


def test_nearest_view_with_values():
    assert nearest_view(META, "icb23", "2023/24") == ("icb23", "2022/23")
    assert nearest_view(META, "icb23", "2010/11") == ("icb23", "2021/22")
    assert nearest_view(META, "sicbl23", "2010/11") == ("icb23", "2022/23")
    only_england = {**META, "geography_periods": META["geography_periods"][:1]}
    assert nearest_view(only_england, "icb23", "2023/24") is None


# ---------------------------------------------------------------- empty views
def _text(component) -> str:
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return "".join(_text(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else _text(children)


def test_no_values_note_says_why_and_links_to_the_nearest_view():
    frame = pd.DataFrame({"area_code": ["a", "b"], "value": [NAN, NAN],
                          "is_suppressed": [False, False]})
    note = empty_view.no_values_note(META, frame, "icb23", "2023/24", ("icb23", "2022/23"),
                                     "/?indicator=u5&geography=icb23&period=2022/23")
    text = _text(note)
    assert "No published values of Emergency admissions, children aged 0-4" in text
    assert "the source publishes none" in text
    link = note[0].children[-1]
    assert link.href == "/?indicator=u5&geography=icb23&period=2022/23"
    assert "Show Integrated care boards (ICB), 2022/23 instead" in text
    suppressed = frame.assign(is_suppressed=[True, True], value=[NAN, NAN])
    assert "all 2 values there are suppressed (fewer than 5 events)" in _text(
        empty_view.no_values_note(META, suppressed, "icb23", "2023/24", None, None))
    assert "Only England's value is published" in _text(
        empty_view.no_values_note(META, suppressed, "icb23", "2023/24", None, None))
    assert empty_view.no_values_note(META, frame.assign(value=[1.0, NAN]), "icb23", "2022/23",
                                     None, None) == []


# ---------------------------------------------------------------- on the national warehouse
U5 = "u5_emergency_admissions_rate"


@pytest.mark.usefixtures("use_national_warehouse")
def test_indicator_opens_on_a_period_with_values_and_says_so():
    from dashboard.pages.atlas import callbacks as cb
    from dashboard.pages.atlas.state import AtlasState

    notes: list[str] = []
    view = AtlasState.resolve({"indicator": U5, "geography": "icb23", "period": "2023/24"},
                              notes)
    assert (view.geography, view.period) == ("icb23", "2022/23")
    assert notes == ["Emergency admissions, children aged 0-4 has no published values for "
                     "Integrated care boards (ICB) in 2023/24: showing 2022/23, the latest "
                     "period with values"]
    # choosing the indicator from a view of counties: ICBs, their latest period, a note
    geo_opts, geo, period_opts, period, note = cb.controls_view(U5, "utla23", "2017-2019")
    assert (geo, period) == ("icb23", "2022/23")
    assert "2023/24" not in [o["value"] for o in period_opts]  # England only that year
    assert "2022/23" in [o["value"] for o in period_opts]
    assert note is not None and "Integrated care boards" in _text(note)
    # the default indicator's view moves nothing
    assert cb.controls_view(AtlasState.resolve({}).indicator, None, None)[-1] is None


@pytest.mark.usefixtures("use_national_warehouse")
def test_empty_view_funnel_says_why_not_that_the_indicator_is_not_count_based():
    from dashboard.pages.atlas import callbacks as cb

    note, _ = cb.funnel_view(U5, "icb23", "2023/24", None)  # no ICB values that year
    text = _text(note)
    assert "not a count-based" not in text
    assert "No published values of Emergency admissions, children aged 0-4" in text
    assert "Show Integrated care boards (ICB), 2022/23 instead" in text
    assert note[0].children[-1].href.endswith(
        "geography=icb23&period=2022%2F23&colouring=quantiles")
    assert "No published values" in _text(cb.quality_note_view(U5, "icb23", "2023/24"))
    assert cb.no_values_view(cb.indicators.indicator(U5),
                             cb.indicators.map_values(U5, "icb23", "2022/23"),
                             "icb23", "2022/23") == []


@pytest.mark.usefixtures("use_national_warehouse")
def test_profile_has_the_spine_chart_and_its_csv():
    from dashboard import ids
    from dashboard.pages.atlas import callbacks as cb

    children, _ = cb.profile_view("E06000001", "utla23", "stroke_admissions_rate")
    graph = children[1]
    assert graph.id == ids.ATLAS_SPINE
    assert graph.config["toImageButtonOptions"]["filename"] == "profile-spine-E06000001"
    assert "Hartlepool" in graph.figure.layout.title.text
    assert len(graph.figure.layout.yaxis.categoryarray) > 20
    csv = pd.read_csv(io.StringIO(cb.profile_csv("E06000001", "utla23")["content"]))
    assert (csv["area_code"] == "E06000001").all() and len(csv) > 20
    assert csv.loc[csv["is_suppressed"].fillna(False).astype(bool), "value"].isna().all()


@pytest.mark.usefixtures("use_national_warehouse")
def test_layout_offers_only_the_geographys_periods_with_values():
    from dashboard import ids
    from dashboard.pages import atlas

    def find(node, id_):
        if isinstance(node, (list, tuple)):
            return next((f for c in node if (f := find(c, id_)) is not None), None)
        if getattr(node, "id", None) == id_:
            return node
        children = getattr(node, "children", None)
        return None if children is None or isinstance(children, str) else find(children, id_)

    view = atlas.layout(indicator=U5, geography="icb23")
    period = find(view, ids.ATLAS_PERIOD)
    assert period.value == "2022/23"
    assert [o["value"] for o in period.options][:2] == ["2022/23", "2021/22"]


def test_funnel_text_does_not_call_a_count_based_indicator_not_count_based():
    from dashboard.pages.atlas import components

    assert "is not a count-based" in components.no_funnel_text(META)
    text = components.no_funnel_text(META, count_based=True)
    assert "is count-based" in text and "not a count-based" not in text
