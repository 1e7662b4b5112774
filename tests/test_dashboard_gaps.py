"""Gaps page: URL state, the gap table on the real warehouse, and the callback functions."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pandas as pd
import pytest

from core import themes
from dashboard import theme
from dashboard.data import gaps as gap_data
from dashboard.data import indicators, warehouse
from dashboard.pages.gaps.state import GapsState, decode_weights, encode_weights

# National data only where the test needs it (marked); the rest run on the mini warehouse.
pytestmark = pytest.mark.usefixtures("dashboard_warehouse")


def _gap_table(view: GapsState) -> tuple[pd.DataFrame, dict[str, str | None]]:
    return gap_data.gap_table(view.theme, view.geography, within=view.within,
                              parent=view.parent, asof=view.asof, weights=view.weights)


@pytest.fixture(autouse=True)
def _fresh_caches():
    warehouse.clear_caches()
    yield
    warehouse.clear_caches()


def test_period_rule():
    assert gap_data.period_start_year("2021/22") == 2021
    assert gap_data.period_start_year("2017-2019") == 2017
    periods = ["2018/19", "2019/20", "2020/21"]
    assert gap_data.choose_period(periods, None) == "2020/21"
    assert gap_data.choose_period(periods, 2019) == "2019/20"
    assert gap_data.choose_period(periods, 2017) is None


def test_weights_round_trip_through_the_url():
    weights = decode_weights("stroke", "smoking_pct:0,stroke_admissions_rate:3,x:9")
    assert weights["smoking_pct"] == 0 and weights["stroke_admissions_rate"] == 3
    assert "x" not in weights
    assert decode_weights("stroke", "smoking_pct:-1")["smoking_pct"] == 1.0
    text = encode_weights("stroke", weights)
    assert text == "stroke_admissions_rate:3,smoking_pct:0"
    view = GapsState.resolve({"theme": "stroke", "geography": "ltla24", "within": "icb23",
                              "parent": "E54000048", "asof": "2019", "w": text})
    assert view.weights == weights
    # the query as the page always wrote it: every key in order, reserved characters escaped
    assert view.to_query() == ("?theme=stroke&geography=ltla24&within=icb23&parent=E54000048"
                               "&asof=2019&w=stroke_admissions_rate%3A3%2Csmoking_pct%3A0")
    assert GapsState.resolve(dict(parse_qsl(view.to_query()[1:]))) == view
    assert GapsState.from_query(view.to_query()) == view
    # defaults and empty values left out (theme, geography and within always written)
    assert GapsState.resolve({}).to_query() == "?theme=stroke&geography=utla23&within=icb23"


def test_resolve_corrects_stale_state():
    problems: list[str] = []
    view = GapsState.resolve({"theme": "nope", "geography": "icb23", "within": "icb23",
                              "parent": "E00000000", "asof": "abc"}, problems)
    assert view.theme == "stroke" and view.within == "region"
    assert view.parent is None and view.asof is None
    assert problems == ["theme 'nope' is not available, showing Stroke pathway",
                        "within 'icb23' is not available, showing Region",
                        "parent 'E00000000' is not available, showing all England",
                        "asof 'abc' is not a year, showing the latest data"]


def test_membership_puts_every_area_in_one_parent():
    member = gap_data.membership("ltla24", "icb23")
    assert len(member) == len(indicators.areas("ltla24")) == member["area_code"].nunique()
    assert member["share"].between(0.5, 1.0).all()  # the parent holds most residents
    pendle = member.set_index("area_code").loc["E07000122"]
    assert pendle["parent_code"] == "E54000048" and pendle["share"] == 1.0


@pytest.mark.national
def test_gap_table_on_the_warehouse():
    view = GapsState.resolve({"theme": "stroke", "geography": "utla23"})
    table, periods = _gap_table(view)
    assert periods["stroke_admissions_rate"] == "2017-2019"
    scored = table.dropna(subset=["bivariate_class"])
    assert len(scored) >= 150
    # tertiles: each third holds a third of the areas (to one area)
    for col in ("need_class", "coverage_class"):
        counts = scored[col].value_counts()
        assert counts.max() - counts.min() <= 1
    priority = table[table["is_priority"]]
    assert (priority["need_class"] == 3).all() and (priority["coverage_class"] == 1).all()
    assert sorted(priority["priority_rank"].astype(int)) == list(range(1, len(priority) + 1))
    # a larger need weight on one indicator moves the need index towards its z-score
    heavy = view.replace(w={**view.weights, "smoking_pct": 10.0})
    table2, _ = _gap_table(heavy)
    both = table.dropna(subset=["z_smoking_pct", "need_index"]).index
    gap_before = (table.loc[both, "need_index"] - table.loc[both, "z_smoking_pct"]).abs()
    gap_after = (table2.loc[both, "need_index"] - table2.loc[both, "z_smoking_pct"]).abs()
    assert gap_after.mean() < gap_before.mean()


def test_priority_list_respects_the_filter():
    view = GapsState.resolve({"theme": "stroke", "geography": "lsoa21", "within": "icb23",
                              "parent": "E54000048"})
    table, _ = _gap_table(view)
    listed = gap_data.priority_list(table, view.theme, view.weights, limit=1000)
    assert not listed.empty
    member = gap_data.membership("lsoa21", "icb23").set_index("area_code")
    assert (member.loc[listed["area_code"], "parent_code"] == "E54000048").all()
    assert listed["rank"].is_monotonic_increasing
    assert (listed["population"] > 0).all()


@pytest.mark.national
def test_access_inequality_reads_the_sign_through_polarity():
    view = GapsState.resolve({"theme": "stroke"})
    _, periods = _gap_table(view)
    frame = gap_data.access_inequality(view.theme, view.parent, periods).set_index(
        "indicator_id")
    row = frame.loc["ivt_within_30min_pct"]
    # measured: 94.9% of the most deprived decile vs 91.5% of the least are within 30 min
    assert row["most_deprived"] > row["least_deprived"]
    # modelled travel times carry no CI, so neither does the SII: no gradient is named
    assert row["sii"] < 0 and pd.isna(row["sii_lower"]) and row["follows_need"] is None
    assert row["gradient"] == "the data cannot tell whether there is a gradient"


@pytest.mark.national
def test_thrombolysis_sii_without_ci_is_not_called_inverse_care():
    from dashboard.pages.gaps import callbacks as cb

    view = GapsState.resolve({"theme": "stroke"})
    _, periods = _gap_table(view)
    frame = gap_data.access_inequality(view.theme, view.parent, periods).set_index(
        "indicator_id")
    row = frame.loc["serving_unit_thrombolysis_rate_pct"]
    # measured: SII +0.73 points with no CI (was "inverse care")
    assert row["sii"] > 0 and pd.isna(row["sii_upper"]) and row["follows_need"] is None
    text, fig = cb.access_view(view, periods)
    sentences = [str(li.children) for li in text[1].children]
    thrombolysis = next(s for s in sentences if s.startswith("Thrombolysis rate"))
    assert "inverse care" not in thrombolysis
    assert thrombolysis.endswith("the data cannot tell whether there is a gradient (the values "
                                 "have no confidence intervals, so the SII has none).")
    assert not any("inverse care" in s for s in sentences)  # no measure here has a CI
    assert set(fig.data[0].marker.color) == {theme.NOT_COMPARED}


@pytest.mark.national
def test_callback_outputs_and_csv(monkeypatch):
    from dashboard.pages.gaps import callbacks as cb

    view = GapsState.resolve({"theme": "prevention", "geography": "ltla24",
                              "within": "utla23", "parent": "E10000017"})
    fig, legend, summary, priority, components, access_text, access_fig, query = (
        cb.gaps_outputs(view))
    assert query == "?theme=prevention&geography=ltla24&within=utla23&parent=E10000017"
    data = fig.data[1]
    assert len(data.z) == len(indicators.areas("ltla24"))
    assert fig.data[-1].locations == ("E10000017",)  # the filter's outline
    assert legend.data[0].z.shape == (3, 3)
    csv = cb.csv_download(view)
    frame = pd.read_csv(pd.io.common.StringIO(csv["content"]))
    assert set(frame["parent_code"]) == {"E10000017"}  # Lancashire's 12 districts
    assert len(frame) == 12
    assert {"need_index", "coverage_index", "periods", "sources", "method"} <= set(frame.columns)


def test_view_from_inputs_ignores_weights_of_another_theme():
    from dashboard.pages.gaps import callbacks as cb

    theme = themes.THEMES_BY_ID["stroke"]
    ids_ = [{"type": "w", "role": "coverage", "indicator": "cancer_screening_pct"},
            {"type": "w", "role": "need", "indicator": "smoking_pct"}]
    view = cb.view_from_inputs("stroke", "utla23", "icb23", None, 0, [5, 3], ids_)
    assert view.weights["smoking_pct"] == 3
    assert "cancer_screening_pct" not in view.weights
    assert set(view.weights) == set(theme.indicator_ids)
